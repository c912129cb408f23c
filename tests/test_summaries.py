"""What readers see of a progress table (present/summaries.py): status counts, the terminal table, the sentences."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from liulin_data import load_tasks
from liulin_data.core.statuses import (
    AT_RISK,
    ATTENTION_STATUSES,
    BEHIND,
    BREACHED,
    NO_DATA,
    OVERDUE,
    STALE,
    STATUS_LABELS,
    WITHIN_CAP,
)
from liulin_data.present import summaries
from liulin_data.present.summaries import NO_TASK_LABEL, attention, format_progress, status_counts
from liulin_data.session import progress

NAN = float("nan")

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


# ----------------------------------------------------------------------------------------------------
# liulin progress: the terminal table
# ----------------------------------------------------------------------------------------------------
# a share with a useless decimal (68.0%) or a raw date (YYYY-MM-DD) or month (YYYY-MM) in words for people
POINT_ZERO_PERCENT = re.compile(r"\d\.0%")
RAW_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def test_format_progress_names_the_month_and_the_sample(prog):
    text = format_progress(prog)
    assert f"截至2026年10月，共 {len(prog)} 项。" in text and "示例数据（合成，非真实统计）" in text
    assert format_progress(pd.DataFrame(columns=prog.columns)).endswith("无数据")


@pytest.mark.parametrize("as_of", ["2026-06", "2026-10", "2026-12"])
def test_format_progress_words_for_people(targets, as_of):
    table = progress(as_of, targets=targets)
    text = format_progress(table)
    lines = {line.split()[0]: line for line in text.splitlines()[2:] if line.strip()}
    assert not POINT_ZERO_PERCENT.search(text) and not RAW_DATE.search(text), text
    assert "." not in lines["新增肉牛"].split("头")[1].split("%")[0]  # target and actual of a count: whole
    # a note most rows share is said once, under the table (most numeric rows: 1—2月 released together)
    numeric = format_progress(table[table["kind"] != "milestone"])
    assert numeric.count("1—2月合并发布") == 1 and "说明（" in numeric
    # 万元 that reach 1亿 read in 亿元, the unit column says so
    assert "亿元" in lines["地区生产总值"] and "万元" not in lines["地区生产总值"]
    # a context indicator has no pace; stale data has no projection
    assert lines["地区生产总值"].split()[4:6] == ["—", "—"]
    stale = table[table["status"] == STALE]
    for name in stale["indicator"]:
        assert "数据滞后" in lines[name] and "最新数据截至" in lines[name]
    milestones = table[table["kind"] == "milestone"]
    for row in milestones.itertuples():
        assert STATUS_LABELS[row.status] in lines[row.indicator]


# ----------------------------------------------------------------------------------------------------
# the attention sentences, one status at a time
# ----------------------------------------------------------------------------------------------------
def _row(indicator, status, *, kind="quantity", unit="万吨", target=100.0, actual=NAN, expected=NAN,
         projected=NAN, latest="2026-10", note="", basis="flow", comparator=">=", profile="linear",
         target_high=NAN, **more):  # fmt: skip
    completion = actual / target if target == target and actual == actual else NAN
    return {
        "indicator_id": indicator, "indicator": indicator, "task": "", "domain": "other", "kind": kind,
        "unit": unit, "target": target, "target_high": target_high, "actual": actual,
        "completion": completion, "expected": expected, "pace_gap": completion - expected,
        "projected": projected, "status": status, "as_of": "2026-10", "latest_period": latest,
        "months_reported": 1, "is_sample": False, "note": note, "basis": basis, "comparator": comparator,
        "profile": profile, **more,
    }  # fmt: skip


SENTENCES = [
    (
        _row(
            "开工率",
            OVERDUE,
            kind="ratio",
            unit="%",
            target=35,
            actual=31,
            basis="level",
            profile="deadline",
            note="截至2026年3月31日未完成",
        ),
        "开工率：截至2026年3月31日未完成，2026年10月为31%，目标35%。",
    ),
    (
        _row(
            "大桥",
            OVERDUE,
            kind="milestone",
            unit=None,
            target=NAN,
            basis="milestone",
            profile="none",
            note="截至2026年12月31日未完成；9月18日：在建；主桥合龙",
        ),
        "大桥：截至2026年12月31日未完成；9月18日：在建；主桥合龙。",
    ),
    (
        _row("原煤", BEHIND, actual=50, expected=0.8333, projected=60),
        "原煤：累计完成50万吨，完成全年目标的50%，低于时序进度83%；预计全年60万吨，缺口40万吨。",
    ),
    (
        _row(
            "矿井",
            BEHIND,
            unit="座",
            target=3,
            actual=1,
            expected=2 / 3,
            projected=1,
            basis="count",
            profile="back_loaded",
        ),
        "矿井：累计完成1座，按时序进度此时应完成2座（全年目标3座）；预计全年1座，缺口2座。",
    ),
    (
        _row(
            "大豆",
            AT_RISK,
            unit="万亩",
            target=8.2,
            actual=7.6,
            expected=1.0,
            projected=7.6,
            basis="level",
            profile="sown_area",
        ),
        "大豆：最新为7.6万亩，目标8.2万亩，还差0.6万亩。",
    ),
    (
        _row("开工率六月", BEHIND, kind="ratio", unit="%", target=35, actual=10, expected=0.5, basis="level"),
        "开工率六月：最新为10%，目标35%，还差25个百分点。",  # a rate is never pro-rated from zero (#19.2)
    ),
    (
        _row(
            "重点项目个数",
            BEHIND,
            unit="个",
            target=124,
            actual=96,
            expected=1.0,
            projected=96,
            basis="level",
            profile="portfolio",
        ),
        "重点项目个数：在实施96个，为全年计划124个的77%，还差28个。",
    ),
    (
        _row("到位资金增长", AT_RISK, kind="growth", unit="%", target=10, actual=-2.5, expected=1.0),
        "到位资金增长：同比下降2.5%，比目标增长10%低12.5个百分点，需加快。",  # growth: a gap in 百分点
    ),
    (  # a cap has no pace and no 完成: how far under or over it, in its own terms (#19.2)
        _row(
            "能耗",
            AT_RISK,
            unit="万吨",
            target=100,
            actual=90,
            projected=108,
            comparator="<=",
            need_per_month=5.0,
            recent_per_month=9.0,
            recent_months=3,
        ),
        "能耗：累计90万吨，全年上限100万吨，还有10万吨余量；余下每月不超过约5万吨，近3个月月均约9万吨；预计全年108万吨，"
        "超出上限8万吨。",
    ),
    (
        _row("死亡人数", BREACHED, unit="人", target=3, actual=4, comparator="<=", note="超出上限1人"),
        "死亡人数：累计4人，已超过全年上限3人，超出1人。",
    ),
    (
        _row(
            "失业率", AT_RISK, kind="ratio", unit="%", target=4.5, actual=4.8, comparator="<=", basis="level"
        ),
        "失业率：为4.8%，高于全年上限4.5%，超出0.3个百分点，以全年数据为准。",
    ),
    (
        _row("事故", WITHIN_CAP, unit="起", target=10, actual=6, comparator="<="),
        "事故：累计6起，未超过全年上限10起，还有4起余量。",
    ),
    (
        _row(
            "工作室",
            STALE,
            unit="个",
            target=2,
            actual=1,
            expected=0.5,
            latest="2026-06",
            basis="count",
            note="最新数据截至2026年6月",
        ),
        "工作室：数据只报到2026年6月（当时累计完成1个，目标2个），之后未按期报送，无法判断当前进度。",
    ),
    (
        _row(
            "四上企业",
            NO_DATA,
            unit="户",
            target=3,
            target_high=5,
            expected=2 / 3,
            latest=None,
            basis="count",
            comparator="between",
        ),
        "四上企业：按时序进度此时应完成2户（全年目标3–5户），截至2026年10月尚未报送数据。",
    ),
    (
        _row(
            "医院",
            NO_DATA,
            kind="milestone",
            unit=None,
            target=NAN,
            latest=None,
            basis="milestone",
            profile="none",
            note="尚无进展记录",
        ),
        "医院：截至2026年10月尚无进展记录。",
    ),
    (
        _row(
            "投资", AT_RISK, unit="万元", target=200_000, actual=140_000, expected=0.8333, projected=168_000
        ),
        # one precision for the amounts of one sentence, and 20 = 16.8 + 3.2 as printed (#21.5)
        "投资：累计完成14.0亿元，完成全年目标的70%，低于时序进度83%；预计全年16.8亿元，缺口3.2亿元。",
    ),
]


@pytest.mark.parametrize("row, sentence", SENTENCES, ids=[r["indicator"] for r, _ in SENTENCES])
def test_the_sentence_of_each_status_reads_naturally(row, sentence):
    assert summaries.sentence(row) == sentence
    if row["status"] in ATTENTION_STATUSES:
        assert attention(pd.DataFrame([row])).loc[0, "sentence"] == sentence


def test_shares_keep_a_decimal_only_where_it_tells_apart():
    items = attention(pd.DataFrame([_row("煤", AT_RISK, actual=82.9, expected=0.8333, projected=99.4)]))
    # 82.9% of the target against 83.3% due: whole percents would both read 83%
    assert "完成全年目标的82.9%，低于时序进度83.3%" in items.loc[0, "sentence"]
    items = attention(pd.DataFrame([_row("率", AT_RISK, kind="ratio", unit="%", target=100, actual=99.7,
                                         expected=1.0, basis="level")]))  # fmt: skip
    assert items.loc[0, "sentence"] == "率：最新为99.7%，目标100%，还差0.3个百分点。"


@pytest.mark.parametrize("as_of", ["2026-03", "2026-06", "2026-10", "2026-12"])
def test_sentences_of_the_sample_are_for_people(targets, as_of):
    items = attention(progress(as_of, targets=targets), limit=100, targets=targets)
    assert len(items) > 5
    for row in items.itertuples():
        assert row.sentence.startswith(f"{row.indicator}：") and row.sentence.endswith("。"), row.sentence
        assert not POINT_ZERO_PERCENT.search(row.sentence) and not RAW_DATE.search(row.sentence), row.sentence
