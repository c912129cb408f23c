"""load_actuals / load_milestones / load_inputs / check_files on the real files in tests/data/ (make_fixtures.py):
layouts, problems of every class, counts (read = accepted + rejected + ignored), the plan's year."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from liulin_data import check_files, load_actuals, load_milestones
from liulin_data.core.exceptions import ActualsError
from liulin_data.inputs import ACTUALS_COLUMNS, format_problems_table

DATA = Path(__file__).parent / "data"
LONG = ["long_utf8.csv", "long_utf8_bom.csv", "long_gbk.csv"]


def _one(df, **match):
    sel = np.ones(len(df), dtype=bool)
    for k, v in match.items():
        sel &= (df[k] == v).to_numpy()
    assert sel.sum() == 1, match
    return df[sel].iloc[0]


@pytest.mark.parametrize("name", LONG)
def test_long_csv_in_every_encoding(name):
    df = load_actuals(DATA / name)
    assert list(df.columns) == ACTUALS_COLUMNS
    assert df.attrs["rows_read"] == 10 and df.attrs["rows_rejected"] == 0
    coal = _one(df, indicator_id="raw_coal_output", period="2026-02")  # 2026年1—2月, 累计
    assert coal["basis"] == "ytd" and coal["value"] == 560.3 and coal["yoy_pct"] == -8.7 and coal["line"] == 2
    assert (
        _one(df, indicator_id="raw_coal_output", period="2026-03", basis="ytd")["value"] == 872.6
    )  # implied by 1-3月
    assert _one(df, indicator_id="raw_coal_output", basis="month")["yoy_pct"] == -4.1  # 下降4.1%
    assert _one(df, indicator_id="new_urban_jobs")["value"] == 1036  # "1,036", 一季度 → ytd
    assert _one(df, indicator_id="new_urban_jobs")["basis"] == "ytd"
    assert (
        _one(df, indicator_id="foreign_trade_total", period="2026-03")["value"] == 86.5
    )  # full-width digits
    assert _one(df, indicator_id="gdp")["value"] == 712345.6
    assert _one(df, indicator_id="grain_sown_area")["basis"] == "level"
    assert _one(df, indicator_id="industrial_value_added_growth")["value"] == -5.6  # growth may be negative
    blank = _one(df, indicator_id="foreign_trade_total", period="2026-04")  # "—": missing, never 0
    assert np.isnan(blank["value"]) and blank["line"] == 11


def test_encodings_give_identical_frames():
    frames = [load_actuals(DATA / n).drop(columns="file") for n in LONG]
    pd.testing.assert_frame_equal(frames[0], frames[1])
    pd.testing.assert_frame_equal(frames[0], frames[2])


def test_english_headers():
    df = load_actuals(DATA / "long_en.csv")
    assert len(df) == 6
    assert _one(df, indicator_id="raw_coal_output", period="2026-01")["basis"] == "month"
    assert _one(df, indicator_id="new_urban_jobs")["value"] == 712


def test_xlsx_chinese_headers_converts_units():
    df = load_actuals(DATA / "long_cn.xlsx")
    coal = _one(df, indicator_id="raw_coal_output", period="2026-01")  # Excel date cell
    assert coal["value"] == pytest.approx(301.2) and coal["raw_value"] == 3012000 and coal["raw_unit"] == "吨"
    assert coal["unit"] == "万吨"
    area = _one(df, indicator_id="grain_sown_area")  # 公顷 → 万亩
    assert area["value"] == pytest.approx(22140 * 15 / 1e4) and area["period"] == "2026-04"
    grain = _one(df, indicator_id="grain_output")  # 吨 → 万斤, 上半年 → 2026-06 ytd
    assert grain["value"] == pytest.approx(480.0) and (grain["period"], grain["basis"]) == ("2026-06", "ytd")
    trade = _one(df, indicator_id="foreign_trade_total")  # "342.8万元" with the unit in the cell
    assert trade["value"] == pytest.approx(342.8) and trade["raw_unit"] == "万元" and trade["yoy_pct"] == 12.0


def test_bureau_table_with_title_row():
    df = load_actuals(DATA / "bureau_2026年1-3月.xlsx")
    assert df.attrs["rows_read"] == 6 and set(df["period"]) == {"2026-03"}
    month = _one(df, indicator_id="raw_coal_output", basis="month")
    ytd = _one(df, indicator_id="raw_coal_output", basis="ytd")
    assert (month["value"], month["yoy_pct"], ytd["value"], ytd["yoy_pct"]) == (312.3, -4.1, 872.6, -6.2)
    assert month["line"] == ytd["line"] == 5  # title on line 1, header on line 3
    gdp = df[df["indicator_id"] == "gdp"]
    assert list(gdp["basis"]) == ["ytd"]  # 本月 blank: no month value invented


def test_bureau_csv_gbk_period_from_file_name():
    df = load_actuals(DATA / "统计月报_2026年1—2月.csv")
    assert set(df["period"]) == {"2026-02"}
    assert _one(df, indicator_id="raw_coal_output")["basis"] == "ytd"
    assert _one(df, indicator_id="foreign_trade_total")["yoy_pct"] == 5.4  # 增长5.4%
    power_month = _one(df, indicator_id="power_generation", basis="month")  # "-" → missing
    assert np.isnan(power_month["value"])
    assert df.attrs["rows_read"] == 4 == df.attrs["rows_accepted"]


def test_milestone_log():
    ms = load_milestones(DATA / "milestones.csv")
    assert list(ms.columns) == [
        "indicator_id",
        "status",
        "status_raw",
        "stage",
        "date",
        "source",
        "note",
        "file",
        "line",
    ]
    got = dict(zip(ms["indicator_id"], ms["status"], strict=True))
    assert got == {
        "guojiagou_mine_start": "not_started",
        "mengmen_station_operation": "in_progress",
        "cross_river_bridge_opening": "done",
        "county_tcm_hospital_in_use": "done",
        "liuyu_beef_cattle_farm_operation": "in_progress",
    }
    assert ms.loc[ms["indicator_id"] == "county_tcm_hospital_in_use", "date"].iloc[0] == pd.Timestamp(
        "2026-03-15"
    )
    assert ms["date"].isna().sum() == 1


# each bad fixture: (line, column, value, code, fields) of its one problem
BAD = {
    "bad_unknown_indicator.csv": (
        2,
        "指标",
        "原煤产",
        "unknown_indicator",
        {"name": "原煤产", "suggestion": "原煤产量"},
    ),
    "bad_unit.csv": (2, "单位", "亩", "unit_unconvertible", {"unit": "亩", "target_unit": "万吨"}),
    "bad_nonnumeric.csv": (2, "数值", "约三百万", "value_not_number", {}),
    "bad_negative.csv": (2, "数值", "-4.1", "value_negative", {}),
    "bad_decreasing_ytd.csv": (
        3,
        "数值",
        "312.3",
        "ytd_decrease",
        {
            "period": "2026年1—3月",
            "figure": "312.3",
            "previous_period": "2026年1—2月",
            "previous_line": "第2行",
            "previous": "560.3",
        },
    ),
    "bad_out_of_year.csv": (2, "时期", "2025年12月", "period_out_of_year", {"year": 2026}),
    "bad_empty.csv": (None, None, None, "file_empty", {}),
    "bad_missing_column.csv": (
        1,
        None,
        None,
        "columns_missing",
        {"missing": "数值(value)", "existing": "指标、时期、单位"},
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_problem_class_has_its_code(name):
    with pytest.raises(ActualsError) as err:
        load_actuals(DATA / name)
    assert [(p.line, p.column, p.value, p.code, p.data) for p in err.value.problems] == [BAD[name]]
    assert [p.file for p in err.value.problems] == [name]


# the table of codes writes the message people read: file, spreadsheet line, column, value, what to do
RENDERED = {
    "bad_unknown_indicator.csv": "bad_unknown_indicator.csv 第2行 列“指标”: 未知指标“原煤产”，您是否指“原煤产量”？"
    "（值：'原煤产'） → 请使用目标目录中的指标名称、编号或别名",
    "bad_decreasing_ytd.csv": "bad_decreasing_ytd.csv 第3行 列“数值”: 累计值比上期小：2026年1—3月（本行）为 312.3，"
    "2026年1—2月（第2行）为 560.3（值：'312.3'） → 累计值不应逐月下降；请核对是否把当月值填成了累计值",
    "bad_empty.csv": "bad_empty.csv: 文件为空 → 请检查是否选错了文件，或文件未保存",
}


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_the_code_table_renders_file_line_column_value_and_hint(name):
    with pytest.raises(ActualsError) as err:
        load_actuals(DATA / name)
    assert [str(p) for p in err.value.problems] == [RENDERED[name]]


def test_bad_period_problem():
    with pytest.raises(ActualsError) as err:
        load_actuals(DATA / "bad_period.csv")
    (p,) = err.value.problems
    assert (p.line, p.column, p.value, p.code) == (2, "时期", "三月上旬", "period_unreadable")
    assert p.data["forms"].startswith("2026-03、2026/3、2026.3、2026年3月、3月")


def test_duplicate_conflict_names_both_lines():
    with pytest.raises(ActualsError) as err:
        load_actuals(DATA / "bad_duplicate.csv")
    assert [(p.line, p.value, p.code, p.data) for p in err.value.problems] == [
        (line, value, "duplicate_conflict", {"lines": "第2行为 312.3、第4行为 321.3"})
        for line, value in ((2, "312.3"), (4, "321.3"))
    ]


def test_every_problem_of_every_file_at_once_and_counts_add_up():
    bad = sorted(DATA.glob("bad_*.csv"))
    with pytest.raises(ActualsError) as err:
        load_actuals(bad)
    assert {p.file for p in err.value.problems} == {p.name for p in bad}
    assert len(err.value.problems) == 11
    accepted, problems = load_actuals(bad, lenient=True)
    assert list(problems.columns) == [
        "file", "line", "column", "value", "message", "hint", "code", "severity", "fields"
    ]  # fmt: skip
    assert len(problems) == 11
    a = accepted.attrs
    assert a["rows_read"] == a["rows_accepted"] + a["rows_rejected"]
    # duplicate: 3 lines, 1 fine; decreasing: 2 lines, 1 fine; missing column: 1 line; seven one-line files
    assert (a["rows_read"], a["rows_rejected"], len(accepted)) == (12, 10, 2)


def test_good_files_together_merge_identical_duplicates():
    files = [DATA / n for n in [*LONG, "long_en.csv", "bureau_2026年1-3月.xlsx", "统计月报_2026年1—2月.csv"]]
    df, problems = load_actuals(files, lenient=True)
    assert problems.empty
    a = df.attrs
    assert a["rows_read"] == 10 * 3 + 6 + 6 + 4 == a["rows_accepted"]
    assert not df.duplicated(["indicator_id", "period", "basis"]).any()
    assert a["rows_merged"] > 0


def test_check_files_and_terminal_table():
    accepted, problems = check_files([DATA / "milestones.csv", DATA / "bad_unit.csv", DATA / "long_en.csv"])
    assert len(accepted) == 6 and len(accepted.attrs["milestones"]) == 5
    table = format_problems_table(problems)
    lines = table.splitlines()
    assert lines[0].split() == ["文件", "行", "列", "值", "问题", "建议"]
    assert (
        "bad_unit.csv" in lines[2] and "亩" in lines[2] and list(problems["code"]) == ["unit_unconvertible"]
    )
    assert lines[-1] == "共 1 个问题"
    assert format_problems_table(problems.iloc[0:0]) == "未发现问题。"


def test_unknown_milestone_is_reported(tmp_path):
    f = tmp_path / "ms.csv"
    f.write_text("里程碑,状态,日期\n郭家沟矿井开工,已开工,2026-05-01\n原煤产量,在建,\n", encoding="utf-8")
    with pytest.raises(ActualsError) as err:
        load_milestones(f)
    assert [(p.code, p.data) for p in err.value.problems] == [
        ("milestone_unknown", {"name": "郭家沟矿井开工", "suggestion": "郭家沟矿井开工建设"}),
        ("numeric_not_milestone", {"indicator": "原煤产量"}),
    ]


def test_blank_lines_inside_a_csv_are_skipped_not_fatal(tmp_path):
    f = tmp_path / "gaps.csv"
    f.write_text("指标,时期,数值\n原煤产量,2026年1月,300\n,,\n原煤产量,2026年2月,310\n", encoding="utf-8")
    df = load_actuals(f)
    assert list(df["line"]) == [2, 4] and df.attrs["rows_read"] == 2


def test_every_sheet_of_a_workbook_is_read_and_named():
    df = load_actuals(DATA / "统计_2026年1-2月.xlsx")  # 1月: long table, 2月: bureau table, 说明: skipped
    assert df.attrs["rows_read"] == 4 == df.attrs["rows_accepted"]
    jan = _one(df, indicator_id="raw_coal_output", period="2026-01")
    assert (jan["file"], jan["line"], jan["value"]) == ("统计_2026年1-2月.xlsx[1月]", 2, 301.2)
    feb = _one(df, indicator_id="raw_coal_output", period="2026-02", basis="ytd")
    assert (feb["file"], feb["line"], feb["value"]) == ("统计_2026年1-2月.xlsx[2月]", 3, 560.3)
    gas = _one(df, indicator_id="gas_output", period="2026-02", basis="ytd")  # 万立方米 → 亿立方米
    assert gas["value"] == pytest.approx(0.48)


def test_sheet_without_a_header_is_a_problem_naming_the_sheet():
    with pytest.raises(ActualsError) as err:
        load_actuals(DATA / "sheets_unknown.xlsx")
    assert [(p.file, p.code, p.data["sheet"], p.data["existing"]) for p in err.value.problems] == [
        ("sheets_unknown.xlsx[备忘]", "sheet_no_header", "备忘", "3月原煤产量待统计局复核")
    ]
    accepted, problems = check_files([DATA / "sheets_unknown.xlsx"])  # the good sheet still loads
    assert list(accepted["file"]) == ["sheets_unknown.xlsx[填报]"] and len(problems) == 1


def test_ragged_csv_rows_are_problems_and_good_rows_load():
    accepted, problems = load_actuals(DATA / "ragged.csv", lenient=True)
    # line 3 ends in an extra empty field (a trailing comma): accepted
    assert list(accepted["line"]) == [2, 3, 6]
    assert list(zip(problems["line"], problems["code"], problems["fields"], strict=True)) == [
        (4, "ragged_row", {"cells": 9, "columns": 8}),
        (5, "ragged_row", {"cells": 5, "columns": 8}),
    ]
    a = accepted.attrs
    assert (a["rows_read"], a["rows_accepted"], a["rows_rejected"]) == (5, 3, 2)


def test_ragged_quoted_csv_falls_back_from_the_c_parser():
    with pytest.raises(ActualsError) as err:
        load_actuals(DATA / "ragged_quoted.csv")
    assert [(p.line, p.value, p.code, p.data) for p in err.value.problems] == [
        (3, "原煤产量,2026-02,259.1,万吨,快报", "ragged_row", {"cells": 5, "columns": 4})
    ]
    accepted, _ = load_actuals(DATA / "ragged_quoted.csv", lenient=True)
    assert list(accepted["line"]) == [2, 4]


def test_bureau_table_headings_notes_and_untracked_rows_are_ignored_and_counted():
    df = load_actuals(DATA / "bureau_full_2026年1-3月.xlsx")  # strict: loads without error
    a = df.attrs
    assert a["rows_read"] == a["rows_accepted"] + a["rows_rejected"] + a["rows_ignored"] == 8
    assert (a["rows_accepted"], a["rows_ignored"]) == (3, 5)
    ignored = pd.DataFrame(a["ignored"])
    assert list(ignored.columns) == ["file", "line", "text", "reason"]
    assert set(ignored["file"]) == {"bureau_full_2026年1-3月.xlsx[Sheet1]"}
    assert list(zip(ignored["line"], ignored["text"], ignored["reason"], strict=True)) == [
        (3, "一、工业", "没有数值的标题或注释行"),
        (4, "规模以上工业企业数", "目录中没有此指标（未跟踪）"),
        (7, "二、投资", "没有数值的标题或注释行"),
        (9, "注：本表数据为快报数", "没有数值的标题或注释行"),
        (10, "数据来源：柳林县统计局", "没有数值的标题或注释行"),
    ]
    assert _one(df, indicator_id="raw_coal_output", basis="ytd")["value"] == 872.6


def test_growth_indicator_takes_the_yoy_when_given_as_an_amount():
    df = load_actuals(DATA / "bureau_full_2026年1-3月.xlsx")
    growth = _one(df, indicator_id="industrial_value_added_growth", basis="ytd")  # 规模以上工业增加值 万元
    assert (growth["value"], growth["unit"], growth["note"]) == (-5.6, "%", "取同比增速")
    assert (growth["raw_value"], growth["raw_unit"]) == (1502000, "万元")
    assert _one(df, indicator_id="industrial_value_added_growth", basis="month")["value"] == -3.1


def test_bureau_typo_and_growth_without_yoy_are_still_errors():
    with pytest.raises(ActualsError) as err:
        load_actuals(DATA / "bureau_typo_2026年1-3月.csv")
    assert [(p.line, p.column, p.value, p.code, p.data) for p in err.value.problems] == [
        (2, "指标", "原煤产", "unknown_indicator", {"name": "原煤产", "suggestion": "原煤产量"}),
        (3, "单位", "万元", "unit_unconvertible", {"unit": "万元", "target_unit": "%"}),
    ]


def test_month_values_must_add_up_to_the_ytd():
    with pytest.raises(ActualsError) as err:
        load_actuals(DATA / "month_ytd_mismatch.csv")
    assert [(p.line, p.value, p.code, p.data) for p in err.value.problems] == [
        (
            4,
            "500",
            "month_ytd_mismatch",
            {
                "span": "1-2月",
                "total": "590",
                "months": "第2行 300、第3行 290",
                "period": "2026-02",
                "figure": "500",
            },
        )
    ]
    accepted, _ = load_actuals(DATA / "month_ytd_mismatch.csv", lenient=True)
    # 新增城镇就业 355 + 357 vs 713 is within MONTH_YTD_RTOL; 产气量 1-2月 is a combined release (no Jan)
    assert _one(accepted, indicator_id="new_urban_jobs", basis="ytd")["value"] == 713
    assert len(accepted[accepted["indicator_id"] == "gas_output"]) == 3
    assert accepted.attrs["rows_rejected"] == 1


def test_month_ytd_check_across_sheets_and_files():
    files = [DATA / "long_en.csv", DATA / "统计_2026年1-2月.xlsx"]  # Jan+Feb months and Feb ytd agree
    _, problems = load_actuals(files, lenient=True)
    assert problems.empty


def test_growth_rates_are_not_summed_and_may_fall(tmp_path):
    # monthly growth rates do not add up to the year-to-date rate, and a ytd growth rate may fall
    path = tmp_path / "增速.csv"
    path.write_text(
        "指标,时期,数值,单位,口径\n"
        "规上工业增加值增速,2026-01,5.0,%,当月\n"
        "规上工业增加值增速,2026-02,6.0,%,当月\n"
        "规上工业增加值增速,2026-01,5.0,%,累计\n"
        "规上工业增加值增速,2026-02,5.5,%,累计\n"
        "规上工业增加值增速,2026-03,4.8,%,累计\n",
        encoding="utf-8",
    )
    frame = load_actuals(path)
    assert len(frame) == 5 and frame.attrs["rows_rejected"] == 0


def test_check_files_counts_milestone_log_lines():
    accepted, problems = check_files([DATA / "milestones.csv"])
    a = accepted.attrs
    assert problems.empty and len(a["milestones"]) == 5
    assert (a["rows_read"], a["rows_accepted"], a["rows_rejected"]) == (5, 5, 0)
    accepted, problems = check_files([DATA / "milestones_bad.csv", DATA / "long_en.csv"])
    a = accepted.attrs
    assert a["counts"]["milestones"] == {
        "rows_read": 3,
        "rows_accepted": 1,
        "rows_rejected": 2,
        "rows_unfilled": 0,
    }
    assert a["counts"]["actuals"]["rows_read"] == 6
    assert (a["rows_read"], a["rows_accepted"], a["rows_rejected"]) == (9, 7, 2)
    assert list(zip(problems["line"], problems["column"], problems["code"], strict=True)) == [
        (3, "状态", "status_unknown"),
        (4, "日期", "date_unreadable"),
    ]


def test_liulin_check_prints_the_counts_of_a_milestone_log(capsys):
    from liulin_data.apps.cli import main

    assert main(["check", str(DATA / "milestones.csv")]) == 0
    assert "检查通过：1 个文件，全部可用。\n里程碑记录：读取 5 行：通过 5 行。" in capsys.readouterr().out
    assert main(["check", str(DATA / "milestones_bad.csv")]) == 1
    assert "里程碑记录：读取 3 行：通过 1 行，有问题 2 行。" in capsys.readouterr().out


@pytest.fixture(scope="module")
def plan_2027(tmp_path_factory):
    """The shipped plan copied as a 2027 plan (plan.yaml's year and the catalog's deadlines moved)."""
    import shutil

    from liulin_data.plan.folder import shipped_plans_dir

    folder = tmp_path_factory.mktemp("plans") / "liulin-2027"
    shutil.copytree(shipped_plans_dir() / "liulin-2026", folder)
    plan = folder / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8")
        .replace("year: 2026", "year: 2027")
        .replace("name: liulin-2026", "name: liulin-2027"),
        encoding="utf-8",
    )
    for name in ("targets.csv", "context_indicators.csv"):
        path = folder / name
        path.write_text(
            path.read_text(encoding="utf-8")
            .replace(",2026-12-31,", ",2027-12-31,")
            .replace(",2026-03-31,", ",2027-03-31,"),
            encoding="utf-8",
        )
    return folder


def test_the_year_comes_from_the_plan(plan_2027, tmp_path):
    path = tmp_path / "实际值.csv"
    path.write_text("指标,时期,数值\n原煤产量,3月,300\n原煤产量,2026年4月,310\n", encoding="utf-8")
    accepted, problems = load_actuals(path, plan=plan_2027, lenient=True)
    assert list(accepted["period"]) == ["2027-03"]
    assert list(zip(problems["code"], problems["fields"], strict=True)) == [
        ("period_out_of_year", {"year": 2027})
    ]
    accepted = load_actuals(path, plan=plan_2027, year=2026)  # an explicit year= still wins
    assert list(accepted["period"]) == ["2026-03", "2026-04"]
    assert list(load_actuals(path, year=2026)["period"]) == ["2026-03", "2026-04"]


def test_date_hints_use_the_plan_year(plan_2027):
    _, problems = load_milestones(DATA / "milestones_bad.csv", plan=plan_2027, lenient=True)
    assert (problems["code"].iloc[-1], problems["fields"].iloc[-1]) == ("date_unreadable", {"year": 2027})
    assert problems["hint"].iloc[-1] == "写成 2027-03-15、2027/3/15 或 2027年3月15日"


def test_load_inputs_reads_each_file_once_and_tells_logs_apart(monkeypatch):
    from liulin_data import load_inputs
    from liulin_data.inputs import load

    calls = []
    real = load.read_file
    monkeypatch.setattr(load, "read_file", lambda path, kinds: calls.append(path.name) or real(path, kinds))
    actuals, milestones = load_inputs(
        [DATA / "long_en.csv", DATA / "milestones.csv", DATA / "统计_2026年1-2月.xlsx"]
    )
    assert calls == ["long_en.csv", "milestones.csv", "统计_2026年1-2月.xlsx"]
    assert len(milestones) == 5 and actuals.attrs["rows_read"] == 6 + 4


def test_load_inputs_without_files_loads_the_plan_sample():
    from liulin_data import load_inputs
    from liulin_data.plan.sample import any_sample

    actuals, milestones = load_inputs()
    assert len(actuals) > 100 and len(milestones) > 5
    assert any_sample(actuals) and any_sample(milestones)


def test_public_api():
    import liulin_data.inputs as inputs

    assert all(hasattr(inputs, name) for name in inputs.__all__)
