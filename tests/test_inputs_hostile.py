"""Hostile inputs, round three (issues #23.2, #23.5, #23.6) and the inputs' part of #19 (warnings, lone months,
other statistics): workbooks as people leave them, bombs, limits, escape codes. Every file is made by the test
itself (openpyxl, or raw zip/XML for the odd workbooks); each case is a row of a table.

The bombs run in a fresh ``liulin`` process capped at ``hostile.MEMORY_CAP`` of address space and a timeout:
each must end in seconds with a clear exit 2 naming the limit.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import openpyxl
import pytest

from liulin_data import check_files
from liulin_data.apps.cli import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, main
from tests.hostile import liulin, liulin_capped, raw_xlsx, sheet_xml, styles_xml, xml_row

LONG = ["指标", "时期", "数值", "单位", "口径"]


def _csv(path: Path, rows: list[list], header: list[str] = LONG) -> Path:
    path.write_text("\n".join(",".join(str(c) for c in r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def _book(path: Path, sheets: list[tuple[str, list[list], str]], merges: dict[str, list[str]] | None = None):
    """An openpyxl workbook: (sheet name, rows, state) per sheet; ``merges`` per sheet name."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, state in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        ws.sheet_state = state
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


# ---------------------------------------------------------------------------- the cases, made by the test
def _hidden(state):
    def make(tmp):
        visible = [LONG, ["原煤产量", "2026-03", 312.3, "万吨", "当月"]]
        old = [LONG, ["原煤产量", "2026-03", 280.0, "万吨", "当月"]]
        return [_book(tmp / "h.xlsx", [("填报", visible, "visible"), ("旧数据", old, state)])]

    return make


def _merged(tmp):
    rows = [LONG, ["原煤产量", "2026-01", 300, "万吨", "当月"], ["原煤产量", "2026-02", None, "万吨", "当月"]]
    rows.append(["原煤产量", "2026-03", 280, "万吨", "当月"])
    return [_book(tmp / "m.xlsx", [("填报", rows, "visible")], {"填报": ["C2:C3"]})]


def _merged_period(
    tmp,
):  # a period merged down the rows of one month: how many tables are laid out, no problem
    rows = [LONG, ["原煤产量", "2026-03", 312.3, "万吨", "当月"], ["产气量", None, 0.24, "亿立方米", "当月"]]
    return [_book(tmp / "p.xlsx", [("填报", rows, "visible")], {"填报": ["B2:B3"]})]


def _percent(tmp):
    rows = [xml_row(1, LONG), xml_row(2, ["新建项目开工率", "2026-03", 0.31, "%", "时点"], {2: 1})]
    return [raw_xlsx(tmp / "pct.xlsx", [("填报", sheet_xml(rows))], styles=styles_xml(["0%"]))]


def _period_number(tmp):
    rows = [xml_row(1, LONG), xml_row(2, ["原煤产量", 2026.1, 300, "万吨", "当月"])]
    return [raw_xlsx(tmp / "n.xlsx", [("填报", sheet_xml(rows))])]


def _period_number_csv(tmp):  # a workbook saved as CSV: 2026.10 typed as a number came out as 2026.1
    rows = [["原煤产量", "2026.1", 300, "万吨", "当月"], ["原煤产量", "2026.2", 290, "万吨", "当月"],
            ["原煤产量", "2026.10", 310, "万吨", "当月"]]  # fmt: skip
    return [_csv(tmp / "n.csv", rows)]


def _date_number(tmp):  # 3012000 in a date-formatted cell: no date can hold it; the number stays
    rows = [xml_row(1, LONG), xml_row(2, ["地区生产总值", "2026年1-3月", 3012000, "万元", "累计"], {2: 1})]
    return [raw_xlsx(tmp / "d.xlsx", [("填报", sheet_xml(rows))], styles=styles_xml(["yyyy-mm-dd"]))]


def _blank_unit_mixed(tmp):
    rows = [["原煤产量", "2026-01", 300, "万吨", "当月"], ["产气量", "2026-01", 0.24, "亿立方米", "当月"]]
    rows.append(["地区生产总值", "2026-01", 3140000, "", "当月"])
    return [_csv(tmp / "u.csv", rows)]


def _blank_unit_one(tmp):
    rows = [["原煤产量", "2026-01", 300, "万吨", "当月"], ["原煤产量", "2026-02", 280, "", "当月"]]
    return [_csv(tmp / "u1.csv", rows)]


def _milestone_years(tmp):
    rows = [["郭家沟矿井开工建设", "已开工", "2062-03-20"], ["县中医院投用", "已投用", "2025-12-20"]]
    return [_csv(tmp / "ms.csv", rows, ["里程碑", "状态", "日期"])]


def _release_early(tmp):
    rows = [["原煤产量", "2026年1-3月", 872.6, "万吨", "累计", "2026-03-15"]]
    return [_csv(tmp / "r.csv", rows, [*LONG, "发布日期"])]


def _title_sheet(tmp):
    rows = [
        ["柳林县2026年1-3月主要经济指标"],
        ["指标", "单位", "本月", "同比增长(%)", "1-本月(累计)", "同比增长(%)"],
    ]
    rows.append(["原煤产量", "万吨", 312.3, -4.1, 872.6, -6.2])
    return [_book(tmp / "t.xlsx", [("2026年1-2月", rows, "visible")])]


def _title_file(tmp):
    path = tmp / "统计月报_2026年1—2月.csv"
    path.write_text(
        "柳林县2026年1-3月主要经济指标\n指标,单位,本月,同比增长(%),1-本月(累计),同比增长(%)\n"
        "原煤产量,万吨,312.3,-4.1,872.6,-6.2\n",
        encoding="utf-8",
    )
    return [path]


def _other_statistic(tmp):
    return [_csv(tmp / "o.csv", [["肉牛存栏", "2026-03", 188, "头", "时点"]])]


def _other_statistic_bureau(tmp):
    path = tmp / "2026年1-3月.csv"
    path.write_text(
        "指标,单位,本月,1-本月(累计)\n原煤产量,万吨,312.3,872.6\n中药材种植面积,万亩,1.2,1.2\n",
        encoding="utf-8",
    )
    return [path]


def _unit_slip(tmp):
    return [_csv(tmp / "s.csv", [["原煤产量", "2026年1-3月", 1765.3, "吨", "累计"]])]


def _stock_as_new(tmp):
    return [_csv(tmp / "q.csv", [["新增四上企业", "2026年1-3月", 128, "户", "累计"]])]


def _revised_down(tmp):
    a = _csv(tmp / "快报_2026年1—5月.csv", [["原煤产量", "2026年1-5月", 1500, "万吨", "累计"]])
    b = _csv(tmp / "快报_2026年1—6月.csv", [["原煤产量", "2026年1-6月", 1450, "万吨", "累计"]])
    return [a, b]


def _level_as_ytd(tmp):
    return [_csv(tmp / "l.csv", [["粮食播种面积", "2026-06", 32.6, "万亩", "累计"]])]


def _two_sources(tmp):
    header = [*LONG, "来源"]
    a = _csv(tmp / "a.csv", [["原煤产量", "2026-03", 312.3, "万吨", "当月", "县统计局"]], header)
    b = _csv(tmp / "b.csv", [["产煤量", "2026-03", 318.0, "万吨", "当月", "县能源局"]], header)
    return [a, b]


def _lone_month(tmp):
    rows = [["原煤产量", f"2026-0{m}", 300 + m, "万吨", "当月"] for m in (1, 2, 3)]
    rows += [["产气量", f"2026-0{m}", 0.2, "亿立方米", "当月"] for m in (1, 2, 3)]
    rows.append(["原煤产量", "12月", 290, "万吨", "当月"])  # last year's December, written without a year
    return [_csv(tmp / "y.csv", rows)]


def _quarterly(tmp):  # 一季度, 前三季度 without 上半年: six months apart, not a lone month
    rows = [["外贸进出口总额", p, v, "万元", "累计"] for p, v in (("一季度", 210), ("前三季度", 700))]
    return [_csv(tmp / "trade.csv", rows)]


COAL = ("raw_coal_output", "2026-03", "month")
# (id, files made by the test, errors [(file, line, code, fields or None)], warnings [(file, line, code)],
#  accepted values {(indicator_id, period, basis): value})
CASES = [
    ("hidden-sheet-skipped", _hidden("hidden"), [], [("h.xlsx[旧数据]", None, "hidden_sheet")], {COAL: 312.3}),
    ("very-hidden-sheet", _hidden("veryHidden"), [], [("h.xlsx[旧数据]", None, "hidden_sheet")], {COAL: 312.3}),
    ("value-merged-over-two-months", _merged, [
        ("m.xlsx[填报]", 2, "merged_values", {"cells": "C2:C3", "rows": 2}),
        ("m.xlsx[填报]", 3, "merged_values", {"cells": "C2:C3", "rows": 2}),
    ], [], {COAL: 280}),
    ("period-merged-is-fine", _merged_period, [], [], {COAL: 312.3, ("gas_output", "2026-03", "month"): 0.24}),
    ("percent-cell-is-a-percent", _percent, [], [], {("new_project_start_rate", "2026-03", "level"): 31}),
    ("period-typed-as-a-number", _period_number, [
        ("n.xlsx[填报]", 2, "period_as_number", {"text": "2026.1", "year": 2026})
    ], [], {}),
    ("period-as-a-number-in-a-csv", _period_number_csv, [
        ("n.csv", 2, "period_as_number", {"text": "2026.1", "year": 2026})
    ], [], {("raw_coal_output", "2026-02", "month"): 290, ("raw_coal_output", "2026-10", "month"): 310}),
    ("number-in-a-date-cell", _date_number, [], [], {("gdp", "2026-03", "ytd"): 3012000}),
    ("blank-unit-beside-other-units", _blank_unit_mixed, [
        ("u.csv", 4, "unit_blank", {"units": "万吨、亿立方米", "example": "万元"})
    ], [], {("raw_coal_output", "2026-01", "month"): 300}),
    ("blank-unit-in-a-one-unit-column", _blank_unit_one, [], [], {("raw_coal_output", "2026-02", "month"): 280}),
    ("milestone-dates-outside-the-year", _milestone_years, [
        ("ms.csv", 2, "date_out_of_year", {"year": 2026}),
        ("ms.csv", 3, "date_out_of_year", {"year": 2026}),
    ], [], {}),
    ("release-date-before-the-period-ends", _release_early, [
        ("r.csv", 2, "release_before_period", {"date": "2026-03-15", "end": "2026-03-31"})
    ], [], {}),
    ("title-and-sheet-disagree", _title_sheet, [("t.xlsx[2026年1-2月]", None, "periods_disagree", {
        "first_place": "标题", "first": "2026年1-3月", "second_place": "工作表名", "second": "2026年1-2月"
    })], [], {}),
    ("title-and-file-name-disagree", _title_file, [("统计月报_2026年1—2月.csv", None, "periods_disagree", None)], [], {}),
    ("another-statistic-in-a-long-table", _other_statistic, [("o.csv", 2, "other_statistic", {
        "name": "肉牛存栏", "statistic": "存栏数（某一时点的存量）", "indicator": "新增肉牛"
    })], [], {}),
    ("another-statistic-in-a-bureau-table", _other_statistic_bureau, [], [("2026年1-3月.csv", 3, "other_statistic")],
     {("raw_coal_output", "2026-03", "ytd"): 872.6}),
    ("a-unit-slip-tonnes-for-10k-tonnes", _unit_slip, [], [("s.csv", 2, "value_implausible")],
     {("raw_coal_output", "2026-03", "ytd"): 0.17653}),
    ("a-stock-read-as-new", _stock_as_new, [], [("q.csv", 2, "value_implausible")],
     {("new_above_scale_enterprises", "2026-03", "ytd"): 128}),
    ("cumulative-revised-down-in-a-later-release", _revised_down, [], [("快报_2026年1—6月.csv", 2, "ytd_revision")],
     {("raw_coal_output", "2026-06", "ytd"): 1450}),
    ("a-level-written-as-cumulative", _level_as_ytd, [], [("l.csv", 2, "basis_for_level")],
     {("grain_sown_area", "2026-06", "level"): 32.6}),
    ("two-sources-for-one-figure", _two_sources, [], [("b.csv", 2, "source_conflict")], {COAL: 318.0}),
    ("quarterly-figures-are-no-lone-months", _quarterly, [], [], {("foreign_trade_total", "2026-09", "ytd"): 700}),
    ("a-lone-december-after-march", _lone_month, [("y.csv", 8, "lone_month", {
        "month": "2026年12月", "nearest": "2026年3月", "gap": 9
    })], [], {("raw_coal_output", "2026-01", "month"): 301}),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_workbooks_and_tables_as_people_leave_them(tmp_path, case):
    _, make, errors, warnings, accepted = case
    frame, problems = check_files(make(tmp_path))
    got = [(p.file, None if p.line is pd_na else int(p.line), p.code) for p in problems.itertuples()]
    assert got == [e[:3] for e in errors], problems[["file", "line", "code", "message"]].to_string()
    for e, fields in zip(errors, problems["fields"], strict=True):
        assert e[3] is None or fields == e[3]
    assert [(w.file, w.line, w.code) for w in frame.attrs["warnings"]] == warnings
    assert all(w.severity == "warning" for w in frame.attrs["warnings"])
    values = {(r.indicator_id, r.period, r.basis): r.value for r in frame.itertuples()}
    for key, value in accepted.items():
        assert values[key] == pytest.approx(value), key
    assert not frame.attrs["revisions"]  # a hidden sheet or another source is never a revision


pd_na = __import__("pandas").NA


def test_the_plan_names_its_preferred_source(tmp_path):
    out = liulin("plan", "export", "liulin-2026", str(tmp_path / "plan"))
    assert out.returncode == 0, out.stderr
    plan_yaml = tmp_path / "plan" / "plan.yaml"
    plan_yaml.write_text(
        plan_yaml.read_text(encoding="utf-8").replace("name: liulin-2026", "name: preferred-2026")
        + "preferred_source: 统计局\n",
        encoding="utf-8",
    )
    frame, problems = check_files(_two_sources(tmp_path), plan=tmp_path / "plan")
    assert problems.empty
    assert (
        frame.loc[frame["indicator_id"] == "raw_coal_output", "value"].item() == 312.3
    )  # 统计局, the earlier
    (w,) = frame.attrs["warnings"]
    assert (w.file, w.code, w.data["source"], w.data["other_source"]) == (
        "a.csv",
        "source_conflict",
        "县统计局",
        "县能源局",
    )


def test_a_cumulative_falling_within_one_release_is_still_an_error(tmp_path):
    rows = [
        ["原煤产量", "2026年1-5月", 1500, "万吨", "累计"],
        ["原煤产量", "2026年1-6月", 1450, "万吨", "累计"],
    ]
    frame, problems = check_files([_csv(tmp_path / "one.csv", rows)])
    assert list(problems["code"]) == ["ytd_decrease"] and not frame.attrs["warnings"]


def test_warnings_do_not_stop_a_load_and_survive_concat(tmp_path):
    import pandas as pd

    from liulin_data import load_actuals

    frame = load_actuals(_unit_slip(tmp_path))  # no ActualsError: a warning only
    assert [w.code for w in frame.attrs["warnings"]] == ["value_implausible"]
    assert len(pd.concat([frame, frame])) == 2


# ------------------------------------------------------------------ liulin check: warnings, escapes, shadows
def test_check_lists_warnings_apart_and_exits_0(tmp_path, capsys):
    assert main(["check", str(_unit_slip(tmp_path)[0])]) == EXIT_OK
    out = capsys.readouterr().out
    assert "检查通过" in out and "警告（不影响使用，但请核对）" in out and "共 1 个警告" in out


def test_escape_codes_in_a_cell_are_shown_escaped(tmp_path, capsys):
    path = _csv(
        tmp_path / "esc.csv", [["原煤\x1b[2J\x1b]0;检查通过\x07产量", "2026-03", 300, "万吨", "当月"]]
    )
    assert main(["check", str(path)]) == EXIT_FAILED
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b[2J" in out


def test_an_error_message_shows_escape_codes_escaped(tmp_path, capsys):
    weird = tmp_path / "a\x1b[2Jb"
    weird.mkdir()
    assert main(["targets", "--plan", str(weird)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "\x1b" not in err and "a\\x1b[2Jb" in err


def test_a_local_plan_that_shadows_a_shipped_one_is_announced(tmp_path):
    shutil.copytree(
        Path(__file__).resolve().parents[1] / "liulin_data" / "plans" / "liulin-2026",
        tmp_path / "plans" / "liulin-2026",
    )
    path = _csv(tmp_path / "ok.csv", [["原煤产量", "2026-03", 312.3, "万吨", "当月"]])
    out = liulin("check", str(path), cwd=tmp_path)
    assert out.returncode == EXIT_OK, out.stderr
    assert (
        "注意：计划“liulin-2026”用的是" in out.stderr
        and str(tmp_path / "plans" / "liulin-2026") in out.stderr
    )


# ------------------------------------------------------------------------- bombs and limits, memory capped
def _row_2e9(tmp):
    row = '<row r="2000000000"><c r="A2000000000" t="inlineStr"><is><t>x</t></is></c></row>'
    return raw_xlsx(tmp / "row.xlsx", [("填报", sheet_xml(row))])


def _merge_all(tmp):
    return raw_xlsx(tmp / "merge.xlsx", [("填报", sheet_xml([xml_row(1, ["x"])], ["A1:XFD1048576"]))])


def _merge_all_far_cell(tmp):
    rows = [xml_row(1, ["x"]), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']
    return raw_xlsx(tmp / "far.xlsx", [("填报", sheet_xml(rows, ["A1:XFD1048576"]))])


def _zip_ratio(tmp):
    return raw_xlsx(tmp / "bomb.xlsx", [], big={"填报": 64 << 20})


def _zip_unpacked(tmp):
    return raw_xlsx(tmp / "big.xlsx", [], big={"填报": 300 << 20})


def _many_bad_rows(tmp):
    return _csv(tmp / "bad.csv", [["原煤产量", "2026-03", f"约{k}", "万吨", "当月"] for k in range(1000)])


def _params_device(tmp):
    (tmp / "p").mkdir()
    os.symlink("/dev/zero", tmp / "p" / "zero.yaml")
    return tmp / "p"


def _params_huge(tmp):
    (tmp / "q").mkdir()
    (tmp / "q" / "huge.yaml").write_text("kind: 月度简报\n" + "# padding\n" * 200_000, encoding="utf-8")
    return tmp / "q"


# (id, arguments ({tmp}: the test's folder), what the file maker makes, exit code, what stderr or stdout says)
LIMITS = [
    ("row-2000000000", ["check", "{f}"], _row_2e9, EXIT_BAD_INPUT, ["超出读取限制", "行号超过 1,048,576 行"]),
    ("merge-a1-xfd1048576-in-a-one-cell-sheet", ["check", "{f}"], _merge_all, EXIT_FAILED, ["找不到可识别的表头"]),
    ("merge-over-a-huge-used-area", ["check", "{f}"], _merge_all_far_cell, EXIT_BAD_INPUT, ["超出读取限制", "单元格"]),
    ("zip-bomb-ratio", ["check", "{f}"], _zip_ratio, EXIT_BAD_INPUT, ["超出读取限制", "压缩比超过 100:1"]),
    ("zip-bomb-unpacked", ["check", "{f}"], _zip_unpacked, EXIT_BAD_INPUT, ["超出读取限制", "解压后超过 256 MB"]),
    ("1000-bad-rows", ["check", "{f}"], _many_bad_rows, EXIT_FAILED, ["另有 800 个问题未列出（每个文件最多列出 200 个）"]),
    ("actuals-dev-zero", ["check", "/dev/zero"], None, EXIT_BAD_INPUT, ["/dev/zero 不是可读取的文件"]),
    ("targets-dev-zero", ["progress", "--as-of", "2026-03", "--targets", "/dev/zero"], None, EXIT_BAD_INPUT,
     ["不是普通文件（可能是设备、管道或套接字）"]),
    ("params-dev-zero", ["brief", "zero", "--params-dir", "{f}", "--as-of", "2026-03", "--out", "{tmp}/o"],
     _params_device, EXIT_BAD_INPUT, ["zero.yaml: 不是普通文件"]),
    ("params-over-1-mb", ["brief", "huge", "--params-dir", "{f}", "--as-of", "2026-03", "--out", "{tmp}/o"],
     _params_huge, EXIT_BAD_INPUT, ["超出读取限制", "YAML 文件超过 1 MB"]),
]  # fmt: skip


@pytest.mark.parametrize("case", LIMITS, ids=[c[0] for c in LIMITS])
def test_a_small_file_cannot_take_the_machine(tmp_path, case):
    _, args, make, code, says = case
    made = make(tmp_path) if make else None
    start = time.monotonic()
    out = liulin_capped(*(a.format(f=made, tmp=tmp_path) for a in args), cwd=tmp_path, timeout=120)
    took = time.monotonic() - start
    text = out.stdout + out.stderr
    assert out.returncode == code, text[-2000:]
    assert "Traceback" not in text and "MemoryError" not in text
    assert all(s in text for s in says), text[-2000:]
    assert "找不到" not in out.stderr or "找不到可识别的表头" in text
    assert took < 60, took  # seconds, not a hang (a generous bound for a shared 2-core machine)
