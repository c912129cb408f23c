"""The status rules a county leader reads (issue #9), one scenario per rule, on the shipped plan liulin-2026.

Each scenario gives an ``as_of``, a few lines of actuals and/or milestone log written as an analyst writes them
(small CSV files loaded through :mod:`liulin_data.inputs`), and the status, projection and note expected of
one catalog row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import liulin_data as ll
from liulin_data import units
from liulin_data.inputs import load_actuals, load_inputs
from liulin_data.statuses import (
    DONE,
    IN_PROGRESS,
)

DATA = Path(__file__).parent / "data"
ACTUALS_HEADER = "指标,时期,数值,单位,口径,来源\n"
LOG_HEADER = "里程碑,状态,日期,来源\n"
NAN = float("nan")


@dataclass(frozen=True)
class Scenario:
    rule: str  # the rule it holds, as the issue words it
    as_of: str
    indicator_id: str
    actuals: tuple[str, ...] = ()  # 指标,时期,数值,单位,口径 (来源 added)
    log: tuple[str, ...] = ()  # 里程碑,状态,日期 (来源 added)
    status: str = ""
    projected: float | None = None  # None: not checked; NaN: no projection
    note: str | None = None  # a piece of the note; "" = no note expected


SCENARIOS = [
    # 1. milestone types: the verb decides what done means; a later stage completes an earlier one
    Scenario("开工 milestone logged 已开工 is done", "2026-06", "guojiagou_mine_start",
             log=("郭家沟400万吨矿井,已开工,2026-05-10",), status=DONE),
    Scenario("开工建设 is done for a 开工 milestone", "2026-06", "liulin_west_exit_start",
             log=("柳林西出口风貌管控提质增效项目开工,开工建设,2026-04-08",), status=DONE),
    Scenario("推进中 is preparation, not the start, of a 开工 milestone", "2026-06", "guojiagou_mine_start",
             log=("郭家沟400万吨矿井,推进中,2026-05-10",), status=IN_PROGRESS),
    Scenario("已投运 completes a 开工 milestone", "2026-06", "xuesan_road_funeral_home_start",
             log=("薛三线至殡仪馆道路开工,已投运,2026-06-01",), status=DONE),
    Scenario("已开工 is in progress for a 投用 milestone", "2026-06", "county_tcm_hospital_in_use",
             log=("县中医院投用,已开工,2026-03-01",), status=IN_PROGRESS),
    Scenario("已建成 is in progress for a 投用 milestone", "2026-10", "county_tcm_hospital_in_use",
             log=("县中医院投用,已建成,2026-09-01",), status=IN_PROGRESS),
    Scenario("已完成 is the milestone's own stage", "2026-10", "county_tcm_hospital_in_use",
             log=("县中医院投用,已完成,2026-09-01",), status=DONE),
    Scenario("主体完工 completes a 主体竣工 milestone", "2026-10", "qujiagou_school_structure_completion",
             log=("屈家沟小学及幼儿园主体竣工,主体完工,2026-09-20",), status=DONE),
    Scenario("已完工 does not complete a 通车 milestone", "2026-10", "cross_river_bridge_opening",
             log=("跨河大桥建成通车,已完工,2026-09-20",), status=IN_PROGRESS),
]  # fmt: skip


def _files(tmp_path: Path, scenario: Scenario) -> list[Path]:
    """The scenario's lines as an analyst's files: an actuals table and a milestone log."""
    files = []
    for name, header, lines in (
        ("实际值.csv", ACTUALS_HEADER, scenario.actuals),
        ("里程碑台账.csv", LOG_HEADER, scenario.log),
    ):
        if lines:
            path = tmp_path / name
            path.write_text(header + "".join(f"{line},县统计局\n" for line in lines), encoding="utf-8")
            files.append(path)
    return files


def _row(tmp_path: Path, scenario: Scenario) -> pd.Series:
    files = _files(tmp_path, scenario)
    actuals, log = load_inputs(files) if files else (load_actuals([]), None)
    table = ll.progress(scenario.as_of, actuals, milestones=log)
    return table.set_index("indicator_id").loc[scenario.indicator_id]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.rule)
def test_status_rule(tmp_path, scenario):
    row = _row(tmp_path, scenario)
    assert row["status"] == scenario.status, row["note"]
    if scenario.projected is not None and math.isnan(scenario.projected):
        assert math.isnan(row["projected"])
    elif scenario.projected is not None:
        assert row["projected"] == scenario.projected
    if scenario.note == "":
        assert row["note"] in ("", "1—2月合并发布") or row["note"].startswith("2026-"), row["note"]
    elif scenario.note is not None:
        assert scenario.note in row["note"]
    unit = row["unit"] if isinstance(row["unit"], str) else ""
    step = units.count_step(unit) if unit else None
    for col in ("actual", "projected"):  # whole things
        if step is not None and not math.isnan(row[col]):
            assert row[col] == round(row[col] / step) * step


def test_the_log_keeps_the_word_and_the_stage_and_names_the_words_that_fit(tmp_path):
    from liulin_data.inputs import check_files

    log = tmp_path / "里程碑台账.csv"
    log.write_text(
        LOG_HEADER + "郭家沟400万吨矿井,开工建设,2026-05-10,县发改局\n"
        "县中医院投用,已通车,2026-05-10,县卫健局\n"  # a hospital does not open to traffic
        "跨河大桥建成通车,快好了,2026-06-01,县交通局\n",
        encoding="utf-8",
    )
    accepted, problems = check_files([log])
    row = accepted.attrs["milestones"].iloc[0]
    assert (row["status_raw"], row["stage"], row["status"]) == ("开工建设", "started", DONE)
    assert list(problems["message"]) == ["状态“已通车”不适用于这一事项", "无法识别的状态"]
    hospital, bridge = problems["hint"]
    assert hospital.startswith("“投用/投运”类事项完成填：已投用、") and "已通车" not in hospital
    assert bridge.startswith("“通车”类事项完成填：已通车、通车、建成通车、已完成、完成；未完成填：未开工")
