"""The status rules a county leader reads (issue #9), one scenario per rule, on the shipped plan liulin-2026.

Each scenario gives an ``as_of``, a few lines of actuals and/or milestone log written as an analyst writes them
(small CSV files loaded through :mod:`liulin_data.inputs`), and the status, projection and note expected of
one catalog row. Then: revisions across releases, the sample rule, the year bounds, and no fractional count
anywhere ``liulin progress`` or the sentences print.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import liulin_data as ll
from liulin_data import load_actuals, load_inputs
from liulin_data.core import units
from liulin_data.core.exceptions import PeriodError
from liulin_data.core.statuses import (
    ACHIEVED,
    AT_RISK,
    BEHIND,
    DONE,
    IN_PROGRESS,
    NOT_DUE,
    ON_TRACK,
    OVERDUE,
    PENDING_YEAR,
    SHORTFALL,
    STALE,
)
from liulin_data.core.tables import text_width
from liulin_data.inputs import revisions_table
from liulin_data.plan.sample import any_sample
from liulin_data.present.summaries import attention

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
             log=("郭家沟400万吨矿井,已开工,2026-05-10",), status=DONE, note="5月10日：已开工"),
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
    # 2. deadlines: 已逾期 from the deadline month on, year end included; no tolerance in that month
    Scenario("a bridge 在建 in December is overdue", "2026-12", "cross_river_bridge_opening",
             log=("跨河大桥建成通车,在建,2026-11-20",), status=OVERDUE, note="截至2026年12月31日未完成"),
    Scenario("a bridge 已通车 in December is done", "2026-12", "cross_river_bridge_opening",
             log=("跨河大桥建成通车,在建,2026-09-18", "跨河大桥建成通车,已通车,2026-12-26"), status=DONE, note=""),
    Scenario("续建项目复工率 95% in March: no tolerance in the deadline month", "2026-03",
             "continued_projects_resumption", actuals=("续建项目复工率,2026年3月,95,%,时点",),
             status=OVERDUE, note="截至2026年3月31日未完成"),
    Scenario("续建项目复工率 100% in March is done", "2026-03", "continued_projects_resumption",
             actuals=("续建项目复工率,2026年3月,100,%,时点",), status=ACHIEVED, note=""),
    Scenario("a target met after its deadline: 逾期完成", "2026-06", "continued_projects_resumption",
             actuals=("续建项目复工率,2026年3月,95,%,时点", "续建项目复工率,2026年5月,100,%,时点"),
             status=ACHIEVED, note="逾期完成（期限2026年3月31日）"),
    Scenario("a year-end flow short with its December figure is overdue", "2026-12", "raw_coal_output",
             actuals=("原煤产量,2026年1—12月,3500,万吨,累计",), status=OVERDUE, note="截至2026年12月31日未完成"),
    Scenario("in December before December's figure is due: 待全年数据 (#19.9)", "2026-12", "raw_coal_output",
             actuals=("原煤产量,2026年1—11月,3300,万吨,累计",), status=PENDING_YEAR, projected=3600.0),
    # 3. the report's words set the deadline: 一季度 governs 新建项目开工率 too
    Scenario("新建项目开工率 31% in October missed its 一季度 deadline", "2026-10", "new_project_start_rate",
             actuals=("新建项目开工率,2026年10月,31,%,时点",), status=OVERDUE, note="截至2026年3月31日未完成"),
    Scenario("新建项目开工率 36% in March meets it", "2026-03", "new_project_start_rate",
             actuals=("新建项目开工率,2026年3月,36,%,时点",), status=ACHIEVED),
    # 4. whole units: due = floor(target × share); projections whole; an achieved count stands
    Scenario("0 of 2 by June: no whole studio is due yet", "2026-06", "skill_master_studios",
             actuals=("市级技能大师工作室,2026年1—6月,0,个,累计",), status=ON_TRACK),
    Scenario("7 of 7 towns: projected 7, not extrapolated", "2026-10", "national_beautiful_village_towns",
             actuals=("入选国家和美乡村建设项目乡镇,2026年1—10月,7,个,累计",), status=ACHIEVED, projected=7.0),
    Scenario("1 of 3 mines by October: 2 due, behind, no projection from whole things (#19.6)", "2026-10",
             "coal_mine_lower_seam_acceptance", actuals=("煤矿下组煤延伸竣工验收,2026年1—10月,1,座,累计",),
             status=BEHIND, projected=NAN),
    Scenario("1 of 2 by October is the 1 due: on track, no projection", "2026-10", "livestock_leading_enterprises",
             actuals=("市级畜牧龙头企业申报,2026年1—10月,1,户,累计",), status=ON_TRACK, projected=NAN),
    Scenario("3 of 4 villages ahead of the 2 due: no projection from whole things", "2026-10",
             "boutique_demo_villages", actuals=("精品示范村,2026年1—10月,3,个,累计",), status=ON_TRACK,
             projected=NAN),
    Scenario("1 of 2 studios when none is due yet: no projection", "2026-06", "skill_master_studios",
             actuals=("市级技能大师工作室,2026年1—6月,1,个,累计",), status=ON_TRACK, projected=NAN),
    Scenario("2350 of 4000 cattle: projected in whole head", "2026-10", "new_beef_cattle",
             actuals=("新增肉牛,2026年1—10月,2350,头,累计",), status=AT_RISK, projected=3455.0),
    # 5. portfolios: a level judged against the whole, never "expected 0%"
    Scenario("124 projects in June: the portfolio is achieved", "2026-06", "key_projects_count",
             actuals=("重点项目个数,2026年6月,124,个,时点",), status=ACHIEVED, projected=124.0),
    Scenario("96 projects in October: short of the whole portfolio", "2026-10", "key_projects_count",
             actuals=("重点项目个数,2026年10月,96,个,时点",), status=BEHIND, projected=96.0),
    Scenario("329.9亿元 in implementation by March: achieved", "2026-03", "key_projects_total_investment",
             actuals=("重点项目总投资,2026年3月,329.9,亿元,时点",), status=ACHIEVED),
    Scenario("250亿元 in March is not 进度正常 (expected is the whole)", "2026-03",
             "key_projects_total_investment", actuals=("重点项目总投资,2026年3月,250,亿元,时点",),
             status=BEHIND),
    # 6. stale data: judged at as_of, not at the latest reported month
    Scenario("coal with only 1—2月 data in October", "2026-10", "raw_coal_output",
             actuals=("原煤产量,2026年1—2月,490,万吨,累计",), status=STALE, projected=NAN,
             note="最新数据截至2026年2月"),
    Scenario("1 of 2 studios reported in June, as_of December", "2026-12", "skill_master_studios",
             actuals=("市级技能大师工作室,2026年1—6月,1,个,累计",), status=STALE, note="最新数据截至2026年6月"),
    Scenario("September's coal in October: the release lag is no shortfall", "2026-10", "raw_coal_output",
             actuals=("原煤产量,2026年1—9月,2700,万吨,累计",), status=ON_TRACK, projected=3600.0, note=""),
    Scenario("a count met stays met however old its figure", "2026-12", "skill_master_studios",
             actuals=("市级技能大师工作室,2026年1—6月,2,个,累计",), status=ACHIEVED, projected=2.0),
    Scenario("a stale level gives no year-end projection either", "2026-10", "musk_deer_farming",
             actuals=("林麝养殖,2026年6月,160,头,时点",), status=STALE, projected=NAN,
             note="最新数据截至2026年6月"),
    Scenario("a level short once its season is over: 未达标, no projection", "2026-10", "purple_sweet_potato_area",
             actuals=("新发展紫薯,2026年6月,760,亩,时点",), status=SHORTFALL, projected=NAN,
             note="季节（4—6月）已过"),
    Scenario("a stale figure past the deadline is overdue", "2026-10", "continued_projects_resumption",
             actuals=("续建项目复工率,2026年2月,90,%,时点",), status=OVERDUE, note="最新数据截至2026年2月"),
    Scenario("grain's own release lag (harvest, 60 days): October's figure stands in December", "2026-12",
             "grain_output", actuals=("粮食产量,2026年1—10月,9700,万斤,累计",), status=ACHIEVED),
    Scenario("nothing due yet and nothing reported", "2026-03", "grain_output", status=NOT_DUE),
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
        note = row["note"]
        assert note in ("", "1—2月合并发布") or re.match(r"\d{1,2}月\d{1,2}日：", note), note  # a log entry
    elif scenario.note is not None:
        assert scenario.note in row["note"]
    unit = row["unit"] if isinstance(row["unit"], str) else ""
    step = units.count_step(unit) if unit else None
    for col in ("actual", "projected"):  # whole things
        if step is not None and not math.isnan(row[col]):
            assert row[col] == round(row[col] / step) * step


def test_the_stale_sentence_says_since_when(tmp_path):
    scenario = next(s for s in SCENARIOS if s.rule == "coal with only 1—2月 data in October")
    actuals, _ = load_inputs(_files(tmp_path, scenario))
    items = attention(ll.progress("2026-10", actuals)).set_index("indicator_id")
    assert items.loc["raw_coal_output", "label"] == "数据滞后"
    assert items.loc["raw_coal_output", "sentence"].startswith(
        "原煤产量：数据只报到2026年2月（当时累计完成490万吨，目标3,600万吨），之后未按期报送"
    )


def test_a_revised_month_in_a_later_release_is_the_one_judged():
    actuals = load_actuals([DATA / "release_may_revised.csv", DATA / "release_april.csv"])
    assert len(revisions_table(actuals)) == 1
    coal = ll.progress("2026-03", actuals).set_index("indicator_id").loc["raw_coal_output"]
    assert coal["actual"] == 870.1  # the May revision, not April's 872.6
    assert coal["completion"] == pytest.approx(870.1 / 3600)


def test_a_frame_mixing_sample_and_real_rows_is_sample(actuals):
    real = actuals[actuals["indicator_id"] == "raw_coal_output"].head(1).assign(source="县统计局")
    mixed = pd.concat([actuals[actuals["indicator_id"] != "raw_coal_output"], real], ignore_index=True)
    table = ll.progress("2026-10", mixed)
    assert any_sample(mixed) and any_sample(table)
    assert not table.set_index("indicator_id").loc["raw_coal_output", "is_sample"]
    only_real = ll.progress("2026-10", real)
    assert not any_sample(real) and not any_sample(only_real)


def test_an_as_of_outside_the_plans_year_names_the_year():
    with pytest.raises(PeriodError, match="2026"):
        ll.progress("2027-01")


# --------------------------------------------------------------------------------------------------
# no fractional count anywhere: the terminal table, the CSV and the sentences of `liulin progress`
# --------------------------------------------------------------------------------------------------
COUNT_COLUMNS = ("目标", "实际", "预计全年")


def _cells(line: str, widths: list[int]) -> list[str]:
    """A fixed-width line cut into its cells by terminal columns (a CJK character takes two)."""
    cells, chars = [], list(line)
    for width in widths:
        cell = ""
        while chars and text_width(cell) < width:
            cell += chars.pop(0)
        cells.append(cell.strip())
        chars = chars[2:]  # the two spaces between columns
    return cells


def _count_cells(text: str) -> list[tuple[str, str, str]]:
    """(indicator, unit, cell) of every count cell (目标, 实际, 预计全年 of a row in a count unit)."""
    lines = text.splitlines()
    widths = [len(rule) for rule in lines[1].split("  ")]
    header = _cells(lines[0], widths)
    out = []
    for line in lines[2:]:
        if line.startswith("截至"):  # the lines under the table
            break
        cells = dict(zip(header, _cells(line, widths), strict=True))
        if units.is_count(cells["单位"]):
            out += [(cells["指标"], cells["单位"], cells[c]) for c in COUNT_COLUMNS]
    return out


@pytest.mark.parametrize("as_of", ["2026-06", "2026-12"])
def test_liulin_progress_prints_no_fractional_count(capsys, targets, as_of):
    from liulin_data.apps.cli import main

    assert main(["progress", "--as-of", as_of]) == 0
    found = _count_cells(capsys.readouterr().out)
    count_rows = targets["unit"].map(lambda u: isinstance(u, str) and units.is_count(u)).sum()
    assert len(found) == 3 * count_rows > 60  # every count row of the catalog, three cells each
    for indicator, unit, cell in found:
        number = cell.split("–")[-1].replace(",", "")  # a range target reads 3–5
        steps = float(number) / units.count_step(unit) if number not in ("", "—") else 0.0
        assert steps == round(steps), (indicator, unit, cell)
        if units.count_step(unit) == 1:
            assert re.fullmatch(r"-?[\d,–]*|—", cell), (indicator, cell)
    assert main(["progress", "--as-of", as_of, "--csv"]) == 0
    table = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    for row in table[table["unit"].map(lambda u: isinstance(u, str) and units.is_count(u))].itertuples():
        for value in (row.target, row.actual, row.projected):
            if value == value:
                steps = value / units.count_step(row.unit)
                assert steps == pytest.approx(round(steps), abs=1e-6), (row.indicator, value)


@pytest.mark.parametrize("as_of", ["2026-06", "2026-10", "2026-12"])
def test_sentences_count_whole_things(as_of):
    items = attention(ll.progress(as_of), limit=100)
    assert len(items) > 5
    counted = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:座|个(?!百分点)|户|头|只|套|处|项|人)")
    for sentence in items["sentence"]:
        for number in counted.findall(sentence):
            assert "." not in number, sentence


def test_the_log_keeps_the_word_and_the_stage_and_names_the_words_that_fit(tmp_path):
    from liulin_data import check_files

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
