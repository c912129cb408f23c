"""What readers see of a progress table (present/summaries.py): status counts, the terminal table."""

from __future__ import annotations

import pandas as pd

from liulin_data.catalog import load_tasks
from liulin_data.present.summaries import NO_TASK_LABEL, format_progress, status_counts

# the fixtures targets and prog (the shipped catalog and its sample's progress) are in conftest.py


def test_status_counts_by_task_lists_every_task_in_whole_numbers(prog):
    table = status_counts(prog, by="task")
    assert list(table.index) == [*load_tasks()["task"], "合计"]
    assert (table.dtypes == "int64").all()
    assert table.loc["合计", "合计"] == len(prog)


def test_status_counts_by_kind_and_domain(prog):
    kinds = status_counts(prog)
    assert list(kinds.index) == ["数值指标", "里程碑事项", "合计"]
    assert kinds.loc["里程碑事项", "合计"] == (prog["kind"] == "milestone").sum()
    domains = status_counts(prog, by="domain")
    assert "能源" in domains.index and domains.loc["合计", "合计"] == len(prog)


def test_rows_without_a_task_are_counted_not_dropped(prog):
    rows = prog.head(3).assign(task="")
    table = status_counts(rows, by="task")
    assert table.loc[NO_TASK_LABEL, "合计"] == 3 == table.loc["合计", "合计"]
    empty = status_counts(prog.head(0), by="task")
    assert (empty.dtypes == "int64").all() and empty.loc["合计", "合计"] == 0


def test_format_progress_names_the_month_and_the_sample(prog):
    text = format_progress(prog)
    assert f"截至 2026-10，共 {len(prog)} 项" in text and "示例数据（合成，非真实统计）" in text
    assert format_progress(pd.DataFrame(columns=prog.columns)).endswith("无数据")
