"""The shipped 2026 catalog: provenance, coverage of every number of the report, validation, lookups, overrides."""

from __future__ import annotations

import csv
import re
import unicodedata
from importlib.resources import files
from pathlib import Path

import pandas as pd
import pytest

from liulin_data.apps import plan_check
from liulin_data.core import measures, units
from liulin_data.core.exceptions import CatalogError
from liulin_data.plan import catalog
from liulin_data.plan.folder import load_plan
from liulin_data.plan.profiles import load_profiles, profile_names

DATA = files("liulin_data") / "plans" / "liulin-2026"
REPO = Path(__file__).resolve().parents[1]
SEED_NAME = "seeds/000_003770a30a713671.txt"
SEED_CANDIDATES = [Path("/work/shared") / SEED_NAME, REPO.parent / "shared" / SEED_NAME]
TARGETS_HEADING = "2026年经济社会发展主要预期目标"
# rows whose target the report states in words, not digits: id -> the word in the quote
WORD_TARGETS = {"continued_projects_resumption": "全部"}


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


TEXT = (DATA / "report.txt").read_text(encoding="utf-8")
TARGET_ROWS = read_csv("targets.csv")
CONTEXT_ROWS = read_csv("context_indicators.csv")
EXCLUSIONS = read_csv("exclusions.csv")
TASKS = read_csv("tasks.csv")
PLAN = load_plan()  # the shipped plan, resolved once (the layers below the session take a Plan)


# ---------------------------------------------------------------- provenance
# sha256 of the seed report (shared/seeds/000_003770a30a713671.txt): checked even where shared/ is absent
REPORT_SHA256 = "2b2e3d47baa945e9e492afaa99395322aa37ecce083aa867bbe723fc49e99095"


def test_report_copy_has_the_seed_hash():
    import hashlib

    assert hashlib.sha256((DATA / "report.txt").read_bytes()).hexdigest() == REPORT_SHA256


def test_report_copy_equals_seed_byte_for_byte():
    seed = next((p for p in SEED_CANDIDATES if p.is_file()), None)
    if seed is None:
        pytest.skip("the shared seed folder is not present")
    assert (DATA / "report.txt").read_bytes() == seed.read_bytes()


def test_report_text_function_returns_the_shipped_file():
    assert catalog.report_text(PLAN) == TEXT


@pytest.mark.parametrize("row", TARGET_ROWS + CONTEXT_ROWS, ids=lambda r: r["indicator_id"])
def test_every_source_quote_and_section_is_verbatim(row):
    assert row["source_quote"] and row["source_quote"] in TEXT
    assert row["section"] in TEXT


def test_ids_unique_and_snake_case():
    ids = [r["indicator_id"] for r in TARGET_ROWS + CONTEXT_ROWS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", i) for i in ids)


def test_columns_are_the_documented_ones():
    for name in ("targets.csv", "context_indicators.csv"):
        with (DATA / name).open(encoding="utf-8") as f:
            header = tuple(next(csv.reader(f)))
        assert header == (*catalog.COLUMNS, "milestone_type", "release_lag_days", "note", *measures.COLUMNS)


# the verb of a milestone's name -> its milestone_type (statuses.MILESTONE_DONE_STAGE says what completes it)
MILESTONE_VERBS = {"开工": "start", "完工": "complete", "竣工": "complete", "通车": "open", "投用": "operate",
                   "投运": "operate", "运营": "operate"}  # fmt: skip


@pytest.mark.parametrize(
    "row", [r for r in TARGET_ROWS if r["kind"] == "milestone"], ids=lambda r: r["indicator_id"]
)
def test_every_milestone_has_the_type_its_verb_names(row):
    verbs = [v for v in MILESTONE_VERBS if v in row["indicator"]]
    if not verbs:  # 实施充填式开采: the reading is written in the row's note
        assert row["milestone_type"] == "operate" and "投运" in row["note"]
    else:
        assert {MILESTONE_VERBS[v] for v in verbs} == {row["milestone_type"]}


def _sentence_up_to_quote(quote: str) -> str:
    """The report's sentence holding ``quote``, from its start to the quote's end (what governs the quote)."""
    end = TEXT.index(quote) + len(quote)
    start = max(TEXT.rfind(mark, 0, TEXT.index(quote)) for mark in ("。", "\n", "；")) + 1
    return TEXT[start:end]


@pytest.mark.parametrize("row", TARGET_ROWS, ids=lambda r: r["indicator_id"])
def test_every_deadline_is_the_time_word_of_its_sentence(row):
    # a time word governs the clauses after it in its sentence: 一季度 → end of March; 年内 or none → year end
    text = _sentence_up_to_quote(row["source_quote"])
    expected = "2026-03-31" if "一季度" in text else "2026-12-31"
    assert row["deadline"] == expected, text
    # the reading of 一季度 across two clauses is a judgement: the row says so
    if "一季度" in text and "一季度" not in row["source_quote"]:
        assert "一季度" in row["note"]


def test_the_project_portfolio_is_a_level_judged_against_the_whole():
    df = catalog.load_targets(plan=PLAN).set_index("indicator_id")
    for iid in ("key_projects_count", "key_projects_total_investment"):
        assert (df.loc[iid, "basis"], df.loc[iid, "profile"]) == ("level", "portfolio")
        assert "盘子" in df.loc[iid, "note"]
    assert load_profiles(PLAN)["portfolio"].shares == (1.0,) * 12  # never "expected 0%"


def test_every_unit_is_known():
    for row in TARGET_ROWS + CONTEXT_ROWS:
        if row["kind"] == "milestone":
            assert row["unit"] == ""
        else:
            assert units.is_known(row["unit"]), row


def test_tasks_are_the_fifteen_of_the_report_in_order():
    listed = re.findall(r"^- 《(.+?)》$", TEXT, flags=re.M)
    assert [t["task"] for t in TASKS] == listed
    assert [int(t["task_no"]) for t in TASKS] == list(range(1, 16))
    assert {t["domain"] for t in TASKS} <= set(catalog.DOMAINS)
    assert set(catalog.load_tasks(PLAN)["task"]) == set(listed)


def test_every_row_names_one_of_the_tasks_and_known_codes():
    tasks = {t["task"] for t in TASKS}
    profiles = set(profile_names(PLAN))
    for row in TARGET_ROWS + CONTEXT_ROWS:
        assert row["task"] in tasks, row
        assert row["domain"] in catalog.DOMAINS
        assert row["basis"] in catalog.BASES
        assert row["profile"] in profiles, row


def test_kind_comparator_and_targets_agree():
    for row in TARGET_ROWS:
        kind, comp = row["kind"], row["comparator"]
        if kind == "milestone":
            assert (comp, row["target"], row["basis"], row["profile"]) == ("==", "", "milestone", "none")
        elif kind == "range":
            assert comp == "between" and float(row["target_high"]) > float(row["target"])
        else:
            assert comp in (">=", "<=", "==") and row["target_high"] == "" and float(row["target"]) > 0
        if kind in ("ratio", "growth"):
            assert row["unit"] == "%"
        assert re.fullmatch(r"2026-\d\d-\d\d", row["deadline"])


def test_catalog_size_and_key_rows():
    numeric = [r for r in TARGET_ROWS if r["kind"] != "milestone"]
    milestones = [r for r in TARGET_ROWS if r["kind"] == "milestone"]
    assert len(numeric) >= 40 and len(milestones) >= 12
    df = catalog.load_targets(plan=PLAN).set_index("indicator_id")
    coal = df.loc["raw_coal_output"]
    assert (coal["target"], coal["unit"], coal["basis"], coal["profile"]) == (
        3600.0,
        "万吨",
        "flow",
        "linear",
    )
    assert "原煤" in coal["aliases"] and "煤炭产量" in coal["aliases"]
    grain = df.loc["grain_output"]
    assert (grain["target"], grain["unit"], grain["profile"]) == (9600.0, "万斤", "harvest")
    assert "粮食总产量" in grain["aliases"]
    assert df.loc["grain_sown_area", "profile"] == "sown_area"
    four_up = df.loc["new_above_scale_enterprises"]
    assert (four_up["kind"], four_up["comparator"], four_up["target"], four_up["target_high"]) == (
        "range", "between", 3.0, 5.0)  # fmt: skip
    resume = df.loc["continued_projects_resumption"]
    assert resume["deadline"] == pd.Timestamp("2026-03-31") and resume["profile"] == "deadline"
    assert (df.loc["new_project_start_rate", "kind"], df.loc["new_project_start_rate", "target"]) == (
        "ratio",
        35.0,
    )
    assert (df.loc["higher_level_funds_growth", "kind"], df.loc["higher_level_funds_growth", "unit"]) == (
        "growth",
        "%",
    )
    assert df.loc["factory_fish_water_volume", "unit"] == "立方米"
    assert df.loc["gas_output", "unit"] == "亿立方米"
    assert df.loc["key_projects_total_investment", "target"] == 329.9
    for iid in ("guojiagou_mine_start", "mengmen_station_operation", "county_tcm_hospital_in_use",
                "cross_river_bridge_opening", "qujiagou_school_structure_completion", "liuyu_beef_cattle_farm_operation",
                "gas_pipeline_completion", "xuesan_road_funeral_home_start", "culture_center_library_in_use"):  # fmt: skip
        assert df.loc[iid, "kind"] == "milestone"


# ---------------------------------------------------------------- coverage of every number in the report
# the rule lives in the library (liulin_data.apps.plan_check, run by `liulin plan check`); these tests keep its teeth
def uncovered_numbers(text: str, rows: list[dict], exclusions: list[dict]) -> list[str]:
    return [str(m) for m in plan_check.uncovered_numbers(text, rows, exclusions)]


def test_every_number_in_the_report_is_used_or_excluded():
    assert uncovered_numbers(TEXT, TARGET_ROWS, EXCLUSIONS) == []


def test_a_new_number_in_the_text_is_caught():
    changed = TEXT.replace("保障农民工工资支付，", "保障农民工工资支付，新建公租房50套，")
    assert uncovered_numbers(changed, TARGET_ROWS, EXCLUSIONS) == [
        "50 @ …民工工资支付，新建公租房50套，维护劳动者合…"
    ]
    # a changed target breaks the row's quote: the number is no longer explained
    changed = TEXT.replace("原煤产量完成3600万吨以上", "原煤产量完成3700万吨以上")
    assert [m.split(" @")[0] for m in uncovered_numbers(changed, TARGET_ROWS, EXCLUSIONS)] == ["3700"]
    # a number dropped from the exclusions is caught too
    kept = [e for e in EXCLUSIONS if e["number"] != "15"]
    assert [m.split(" @")[0] for m in uncovered_numbers(TEXT, TARGET_ROWS, kept)] == ["15", "15"]


def test_a_decline_target_uses_the_number_the_report_writes():
    """下降3% is stored as a growth of −3 (comparator <=): the 3 of the text is that row's number."""
    row = {"source_quote": "单位GDP能耗下降3%", "kind": "growth", "target": "-3", "target_high": ""}
    assert uncovered_numbers("单位GDP能耗下降3%。", [row], []) == []
    assert uncovered_numbers("单位GDP能耗下降4%。", [dict(row, source_quote="单位GDP能耗下降4%")], []) == [
        "4 @ …单位GDP能耗下降4%。…"
    ]


def test_every_numeric_target_is_written_in_its_quote():
    for row in TARGET_ROWS:
        if row["kind"] == "milestone":
            continue
        if row["indicator_id"] in WORD_TARGETS:
            assert WORD_TARGETS[row["indicator_id"]] in row["source_quote"]
            continue
        values = {float(t) for t in re.findall(r"\d+(?:\.\d+)?", row["source_quote"])}
        assert float(row["target"]) in values, row["indicator_id"]


def test_every_exclusion_explains_a_real_number():
    assert plan_check.idle_exclusions(TEXT, EXCLUSIONS) == []
    assert all(e["reason"].strip() for e in EXCLUSIONS)
    wrong = [*EXCLUSIONS, {"number": "16", "context": "2026年15件大事要事", "reason": "x"}]
    assert plan_check.idle_exclusions(TEXT, wrong) == [len(EXCLUSIONS)]


# ---------------------------------------------------------------- context indicators
def test_context_indicators_have_no_invented_target():
    section = TEXT.split("## " + TARGETS_HEADING, 1)[1].split("\n## ", 1)[0]
    assert section.strip() == ""  # the report's targets section is empty
    for row in CONTEXT_ROWS:
        assert row["target"] == "" and row["target_high"] == ""
        assert row["source_quote"] == TARGETS_HEADING
        assert row["kind"] in ("quantity", "growth")
    ids = {r["indicator_id"] for r in CONTEXT_ROWS}
    assert {"gdp", "retail_sales", "clean_coal_output", "power_generation", "general_budget_revenue"} <= ids


# ---------------------------------------------------------------- load_targets
def test_load_targets_types_and_flags():
    df = catalog.load_targets(plan=PLAN)
    assert len(df) == len(TARGET_ROWS) + len(CONTEXT_ROWS)
    assert df["target"].dtype == float and df["target_high"].dtype == float
    assert str(df["deadline"].dtype).startswith("datetime64")
    assert all(isinstance(a, tuple) for a in df["aliases"])
    assert df.loc[df["is_context"], "has_target"].eq(False).all()
    assert df.loc[~df["is_context"], "has_target"].all()
    assert set(catalog.load_targets(include_context=False, plan=PLAN)["indicator_id"]) == {
        r["indicator_id"] for r in TARGET_ROWS
    }


def test_load_targets_returns_copies():
    df = catalog.load_targets(plan=PLAN)
    df.loc[0, "target"] = -1
    assert catalog.load_targets(plan=PLAN).loc[0, "target"] == float(TARGET_ROWS[0]["target"])


def test_validation_reports_every_broken_row():
    rows = [dict(r) for r in TARGET_ROWS[:3]]
    rows[0]["source_quote"] = "原煤产量完成9999万吨以上"
    rows[1]["unit"] = "万公斤"
    rows[2]["task"] = "推动能源革命"
    problems = catalog._validate_rows(PLAN, rows, "targets.csv", context=False)
    assert [(p.line, p.column, p.code) for p in problems] == [
        (2, "source_quote", "catalog_quote_not_in_report"),
        (3, "unit", "catalog_unit_unknown"),
        (4, "task", "catalog_task_unknown"),
    ]
    assert problems[0].data == {"report": "report.txt"} and problems[2].data == {"has_tasks": True}
    # what an analyst reads: file, the line as a spreadsheet shows it, column, value, what is wrong, what to do
    assert str(problems[0]) == (
        "targets.csv 第2行 列“source_quote”: 不是报告原文的片段（值：'原煤产量完成9999万吨以上'） → 从 report.txt 原样复制"
    )


# ---------------------------------------------------------------- names
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("raw_coal_output", "raw_coal_output"),
        ("原煤产量", "raw_coal_output"),
        ("原煤产量（万吨）", "raw_coal_output"),
        (" 原煤 产量 (万吨) ", "raw_coal_output"),
        ("煤炭产量", "raw_coal_output"),
        ("粮食总产量", "grain_output"),
        ("新增四上企业", "new_above_scale_enterprises"),
        ("ＧＤＰ", "gdp"),
        ("地区生产总值", "gdp"),
        ("铝锭产量", None),
    ],
)
def test_resolve_indicator(name, expected):
    assert catalog.resolve_indicator(name, catalog.load_targets(plan=PLAN)) == expected


def test_resolve_with_a_given_frame_and_suggest():
    shipped = catalog.load_targets(plan=PLAN)
    energy = shipped.query("domain == 'energy'")
    assert catalog.resolve_indicator("粮食产量", energy) is None
    assert catalog.resolve_indicator("产气量", energy) == "gas_output"
    assert catalog.suggest("原煤产", shipped) == "原煤产量"
    assert catalog.suggest("城镇新增就业人口", shipped) == "新增城镇就业"
    assert catalog.suggest("zzzz", shipped) is None


# overrides: tests/test_overrides.py


# ---------------------------------------------------------------- terminal table
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_format_targets_aligns_cjk_columns():
    df = catalog.load_targets(plan=PLAN)
    table = catalog.format_targets(df[df["domain"] == "energy"])
    lines = table.splitlines()
    assert (
        lines[0].startswith("编号")
        and lines[-1] == f"共 {(df['domain'] == 'energy').sum()} 项 / {(df['domain'] == 'energy').sum()} rows"
    )
    # the unit column starts at the same display column on every row
    starts = set()
    for line in lines[2:-1]:
        pos = line.index("2026-") if "2026-" in line else None
        assert pos is not None
        starts.add(_width(line[:pos]))
    assert len(starts) == 1
    assert any("原煤产量" in line and ">= 3600" in line and "万吨" in line for line in lines)
    assert any("郭家沟矿井开工建设" in line and "里程碑" in line for line in lines)
    assert any("精煤产量" in line and "（无目标）" in line for line in lines)


# ---------------------------------------------------------------- optional columns, other plans
def _plan_copy(tmp_path: Path, rows: list[dict], columns: list[str], drop: tuple[str, ...] = ()) -> Path:
    """The shipped plan copied, with targets.csv rewritten from ``rows`` (and the files in ``drop`` removed)."""
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(Path(str(DATA)), folder)
    text = (folder / "plan.yaml").read_text(encoding="utf-8").replace("name: liulin-2026", "name: copy")
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    for name in drop:
        (folder / name).unlink()
    with (folder / "targets.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def test_optional_columns_are_read_and_typed(tmp_path):
    columns = [*catalog.COLUMNS, *catalog.OPTIONAL_COLUMNS]
    rows = [dict(r) for r in TARGET_ROWS]
    by_id = {r["indicator_id"]: r for r in rows}
    by_id["guojiagou_mine_start"].update(milestone_type="start", review="开工时间待与发改局核对")
    by_id["raw_coal_output"].update(release_lag_days="40", confidence="high", note="县统计局月报")
    by_id["grain_output"]["release_lag_days"] = ""
    by_id["gas_output"]["domain"] = "other"
    df = catalog.load_targets(plan=load_plan(_plan_copy(tmp_path, rows, columns))).set_index("indicator_id")
    assert df.at["guojiagou_mine_start", "milestone_type"] == "start"
    assert df.at["guojiagou_mine_start", "review"] == "开工时间待与发改局核对"
    assert df.at["raw_coal_output", "release_lag_days"] == 40
    assert df.at["grain_output", "release_lag_days"] == PLAN.release_lag_days  # empty = the plan's
    assert (df.at["raw_coal_output", "confidence"], df.at["raw_coal_output", "note"]) == (
        "high",
        "县统计局月报",
    )
    assert df.at["gas_output", "domain"] == "other" and catalog.DOMAIN_LABELS["other"] == "其他"
    # the shipped catalog has every optional column (empty, or the plan's lag where a row gives none)
    shipped = catalog.load_targets(plan=PLAN).set_index("indicator_id")
    assert set(catalog.OPTIONAL_COLUMNS) <= set(shipped.columns)
    assert shipped.at["grain_output", "release_lag_days"] == 60  # harvest-time figures appear later
    assert shipped.at["gdp", "release_lag_days"] == 45  # quarterly, about 45 days after the quarter
    assert shipped.at["foreign_trade_total", "release_lag_days"] == 30  # quarterly customs figures
    late = [
        "grain_output",
        "gdp",
        "urban_disposable_income",
        "rural_disposable_income",
        "foreign_trade_total",
    ]
    assert (shipped.drop(index=late)["release_lag_days"] == 25).all()
    assert (shipped["review"] == "").all()
    milestones = shipped[shipped["kind"] == "milestone"]
    assert set(milestones["milestone_type"]) <= set(catalog.MILESTONE_TYPES) and "" not in set(
        milestones["milestone_type"]
    )


def test_optional_columns_are_checked(tmp_path):
    columns = [*catalog.COLUMNS, "milestone_type", "release_lag_days"]
    rows = [dict(r) for r in TARGET_ROWS[:3]]
    rows[0]["milestone_type"] = "start"  # grain_sown_area is numeric
    rows[1]["release_lag_days"] = "一个月"
    rows[2]["milestone_type"] = "begin"
    milestone = next(dict(r, milestone_type="") for r in TARGET_ROWS if r["kind"] == "milestone")
    with pytest.raises(CatalogError) as info:
        catalog.load_targets(plan=load_plan(_plan_copy(tmp_path, [*rows, milestone], columns)))
    found = [(p.line, p.column, p.value, p.code) for p in info.value.problems]
    assert found == [
        (2, "milestone_type", "start", "catalog_milestone_type_not_milestone"),
        (3, "release_lag_days", "一个月", "catalog_release_lag"),
        (4, "milestone_type", "begin", "catalog_milestone_type_unknown"),
        (5, "milestone_type", "", "catalog_milestone_type_missing"),  # which stage completes a milestone
    ]
    assert info.value.problems[1].data == {
        "default": 25,
        "most": 366,
    }  # the plan's release lag, said in the hint
    assert "start（开工）" in info.value.problems[-1].data["choices"]
    with pytest.raises(CatalogError) as info:
        catalog.load_targets(plan=load_plan(_plan_copy(tmp_path / "b", rows, [*catalog.COLUMNS, "colour"])))
    (header,) = info.value.problems
    assert (header.file, header.line, header.code) == ("targets.csv", 1, "catalog_header")
    assert header.value.endswith(",colour") and header.data["expected"] == ",".join(catalog.COLUMNS)


def test_a_row_outside_the_major_tasks_may_leave_task_empty(tmp_path):
    """A report's main-targets paragraph stands before its major tasks: such a row has no task, also in a plan
    with tasks.csv (readers see 未归入大事要事); a task that is filled must be one of tasks.csv."""
    rows = [dict(r) for r in TARGET_ROWS]
    rows[0]["task"] = ""
    columns = [*catalog.COLUMNS, "milestone_type"]
    df = catalog.load_targets(plan=load_plan(_plan_copy(tmp_path, rows, columns)))
    assert df.loc[df["indicator_id"] == rows[0]["indicator_id"], "task"].tolist() == [""]
    rows[0]["task"] = "推动能源革命"
    problems = catalog.catalog_problems(load_plan(_plan_copy(tmp_path / "b", rows, columns)))
    assert [(p.line, p.column, p.value, p.code) for p in problems] == [
        (2, "task", "推动能源革命", "catalog_task_unknown")
    ]


def test_task_and_section_may_be_empty_in_a_plan_without_tasks(tmp_path):
    rows = [dict(r, task="", section="") for r in TARGET_ROWS]
    columns = [*catalog.COLUMNS, "milestone_type"]
    folder = _plan_copy(tmp_path, rows, columns, drop=("tasks.csv",))
    context = (folder / "context_indicators.csv").read_text(encoding="utf-8").splitlines()
    (folder / "context_indicators.csv").write_text(context[0] + "\n", encoding="utf-8")
    df = catalog.load_targets(plan=load_plan(folder))
    assert len(df) == len(TARGET_ROWS) and (df["task"] == "").all()
    assert catalog.load_tasks(load_plan(folder)).empty
    rows[0]["task"] = "深入推进能源革命"  # a task where the plan lists none
    with pytest.raises(CatalogError) as info:
        catalog.load_targets(plan=load_plan(_plan_copy(tmp_path / "b", rows, columns, drop=("tasks.csv",))))
    problem = info.value.problems[0]  # (the context rows of this copy name tasks too)
    assert (problem.file, problem.line, problem.column) == ("targets.csv", 2, "task")
    assert (problem.code, problem.data) == ("catalog_task_unknown", {"has_tasks": False})  # no tasks.csv


# ---------------------------------------------------------------- the target model (#19.1, #19.8, #19.10)
MODEL = {  # indicator_id: (measure, direction, final_when, calendar, season), as the shipped plan writes them
    "raw_coal_output": ("flow", "at_least", "deadline", "monthly", ""),
    "grain_sown_area": ("level", "at_least", "deadline", "once", "3-6"),
    "grain_output": ("flow", "at_least", "deadline", "once", "9-10"),
    "purple_sweet_potato_area": ("level", "at_least", "deadline", "once", "4-6"),
    "black_fungus_logs": ("flow", "at_least", "deadline", "monthly", "1-5"),
    "shiitake_logs": ("flow", "at_least", "deadline", "monthly", "2-5"),
    "musk_deer_farming": ("level", "at_least", "deadline", "monthly", ""),
    "gas_output": ("flow", "about", "deadline", "monthly", ""),
    "key_projects_count": ("level", "at_least", "deadline", "monthly", ""),
    "continued_projects_resumption": ("rate", "at_least", "deadline", "monthly", ""),
    "higher_level_funds_growth": ("growth", "at_least", "full_year", "monthly", ""),
    "new_above_scale_enterprises": ("flow", "range", "deadline", "monthly", ""),
    "foreign_trade_total": ("flow", "at_least", "deadline", "quarterly", ""),
    "national_beautiful_village_towns": ("event", "at_least", "deadline", "once", ""),
    "guojiagou_mine_start": ("milestone", "at_least", "deadline", "once", ""),
    "gdp": ("flow", "at_least", "deadline", "quarterly", ""),
}


@pytest.mark.parametrize("iid", sorted(MODEL))
def test_the_shipped_rows_write_their_target_model(iid):
    row = catalog.load_targets(plan=PLAN).set_index("indicator_id").loc[iid]
    assert tuple(row[c] for c in measures.COLUMNS) == MODEL[iid]


def test_every_shipped_row_writes_every_word_and_the_judgement_calls_say_which_reading():
    for row in TARGET_ROWS + CONTEXT_ROWS:
        assert all(row[c] for c in measures.COLUMNS[:4]), row["indicator_id"]
        assert measures.problems(row) == [], row["indicator_id"]
    by_id = {r["indicator_id"]: r for r in TARGET_ROWS}
    # the readings that are judgement calls are written in the row's note
    for iid, words in (("musk_deer_farming", "存栏"), ("old_residential_renovation", "开工"),
                       ("affordable_housing_units", "开工"), ("national_beautiful_village_towns", "一次公布"),
                       ("gas_output", "左右"), ("black_fungus_logs", "制棒季"), ("grain_output", "收获进度"),
                       ("foreign_trade_total", "按季度"), ("higher_level_funds_growth", "全年")):  # fmt: skip
        assert words in by_id[iid]["note"], iid
    # a herd is a level for the loaders too: its 时点 figures are never summed
    assert by_id["musk_deer_farming"]["basis"] == "level"


@pytest.mark.parametrize(
    "name", ["四上企业", "新增规上企业", "中药材种植面积", "紫薯种植面积", "辣椒种植面积", "新增肉牛存栏", "新增肉羊存栏",
             "到位资金", "招商引资到位资金", "重点项目投资", "招商到位资金", "重点项目完成投资"]
)  # fmt: skip
def test_no_alias_brings_in_another_statistic(name):
    assert catalog.resolve_indicator(name, catalog.load_targets(plan=PLAN)) is None


@pytest.mark.parametrize(
    ("name", "iid"),
    [("林麝存栏", "musk_deer_farming"), ("新增四上企业", "new_above_scale_enterprises"),
     ("粮食种植面积", "grain_sown_area"), ("上级到位资金增长", "higher_level_funds_growth"), ("产煤量", "raw_coal_output")],
)  # fmt: skip
def test_aliases_of_the_same_statistic_stay(name, iid):
    assert catalog.resolve_indicator(name, catalog.load_targets(plan=PLAN)) == iid


def test_a_plan_without_the_model_columns_is_derived(tmp_path):
    columns = [*catalog.COLUMNS, "milestone_type", "release_lag_days", "note"]
    df = catalog.load_targets(plan=load_plan(_plan_copy(tmp_path, [dict(r) for r in TARGET_ROWS], columns)))
    df = df.set_index("indicator_id")
    assert tuple(df.loc["raw_coal_output", list(measures.COLUMNS)]) == (
        "flow", "at_least", "deadline", "monthly", "")  # fmt: skip
    assert tuple(df.loc["grain_output", ["measure", "calendar", "season"]]) == ("flow", "once", "9-11")
    assert df.loc["higher_level_funds_growth", "final_when"] == "full_year"
    assert df.loc["continued_projects_resumption", "measure"] == "rate"


def test_the_model_columns_are_checked(tmp_path):
    columns = [*catalog.COLUMNS, *catalog.OPTIONAL_COLUMNS]
    rows = [dict(r) for r in TARGET_ROWS[:4]]
    rows[0]["season"] = "6-3"  # grain_sown_area
    rows[1]["measure"] = "harvest"  # grain_output
    rows[2]["measure"] = "level"  # soybean area, fine
    rows[3]["basis"] = "flow"  # custody area: a level summed by the loaders
    with pytest.raises(CatalogError) as info:
        catalog.load_targets(plan=load_plan(_plan_copy(tmp_path, rows, columns)))
    found = [(p.file, p.line, p.column, p.value, p.code) for p in info.value.problems]
    assert found == [
        ("targets.csv", 2, "season", "6-3", "model_season_months"),  # the first month after the last
        ("targets.csv", 3, "measure", "harvest", "model_word_unknown"),
        ("targets.csv", 5, "basis", "flow", "model_basis_for_level"),
    ]
    assert "flow（累计量）" in info.value.problems[1].data["choices"]
    assert info.value.problems[2].data == {"measure": "level", "basis": "flow"}


def test_an_override_comparator_sets_the_direction(tmp_path):
    path = tmp_path / "补充目标.csv"
    path.write_text(
        "indicator,target,target_high,comparator,source\n精煤产量,2000,,<=,县能源局\n发电量,80,90,between,县能源局\n",
        encoding="utf-8",
    )
    df = catalog.load_targets(overrides=path, plan=PLAN).set_index("indicator_id")
    assert (df.loc["clean_coal_output", "direction"], df.loc["clean_coal_output", "final_when"]) == (
        "at_most", "breach")  # fmt: skip
    assert df.loc["power_generation", "direction"] == "range"


def test_the_target_model_doc_lists_every_shipped_row_as_the_catalog_says():
    text = (Path(__file__).resolve().parents[1] / "docs" / "target-model.md").read_text(encoding="utf-8")
    table = text.split("## The shipped catalog, row by row", 1)[1]
    rows = {}
    for line in table.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[2] in measures.MEASURES:
            rows[cells[0]] = (*cells[2:6], "" if cells[6] == "全年" else cells[6])
    shipped = catalog.load_targets(plan=PLAN)
    assert len(rows) == len(shipped)
    for row in shipped.to_dict("records"):
        assert rows[row["indicator"]] == tuple(row[c] for c in measures.COLUMNS), row["indicator"]
