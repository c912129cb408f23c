"""The one reader of table files (liulin_data/files) and the Problem record: every table file of the package is
read there; plain tables in any of the inputs' encodings; problems by code with typed fields, written from one
table, escaped for the terminal; old-style problems still accepted; limits that are checked before the work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from liulin_data.core.exceptions import ActualsError, LimitError, LiulinError, Problem, escape_controls
from liulin_data.core.problem_codes import CODES, GENERIC
from liulin_data.files import FileProblem, read_plain

PACKAGE = Path(__file__).resolve().parents[1] / "liulin_data"
# a reader of tables outside files/: pandas' readers, the csv module's, openpyxl's workbook loader
OTHER_READER = re.compile(
    r"\b(?:pd|pandas)\.read_(?:csv|excel|table|fwf)\(|csv\.(?:DictReader|reader)\(|load_workbook\("
)


def test_no_table_file_is_read_outside_files():
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "files" not in path.relative_to(PACKAGE).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OTHER_READER.search(line)
    ]
    assert found == [], "read tables through liulin_data.files:\n" + "\n".join(found)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_a_plain_table_in_every_encoding_the_inputs_read(tmp_path, encoding):
    path = tmp_path / "t.csv"
    sep = "\t" if encoding == "utf-16" else ","
    path.write_bytes(f"task_no{sep}task\n\n1{sep}深入推进能源革命\n".encode(encoding))
    table = read_plain(path)
    assert (table.header, table.lines, table.dicts()) == (
        ["task_no", "task"],
        [3],
        [{"task_no": "1", "task": "深入推进能源革命"}],
    )


def test_a_plain_table_names_its_bad_lines_and_keeps_the_good(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("a,b\n1,2\n3,4,5\n6,\xff\n7,8\n".encode("latin-1"))
    table = read_plain(path)
    assert table.lines == [2, 5]
    assert [(p.line, p.code) for p in table.problems] == [(3, "ragged_row"), (4, "bytes_undecodable")]


def test_a_plain_workbook_is_its_first_visible_sheet(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "草稿"
    wb.active.append(["old"])
    wb.active.sheet_state = "hidden"
    ws = wb.create_sheet("目标")
    ws.append([])
    ws.append(["indicator", "target"])
    ws.append(["地区生产总值", 3000000])
    wb.save(tmp_path / "t.xlsx")
    table = read_plain(tmp_path / "t.xlsx")
    assert (table.header, table.lines, table.dicts()) == (
        ["indicator", "target"],
        [3],
        [{"indicator": "地区生产总值", "target": "3000000"}],
    )


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda tmp: tmp / "none.csv", "file_missing"),
        (lambda tmp: tmp, "file_is_folder"),
        (lambda tmp: Path("/dev/zero"), "file_not_regular"),
        (lambda tmp: (tmp / "e.csv").write_text("") and None or tmp / "e.csv", "file_empty"),
        (lambda tmp: (tmp / "o.xls").write_bytes(b"x") and tmp / "o.xls", "xls_old"),
    ],
)
def test_a_path_that_is_no_table(tmp_path, make, code):
    with pytest.raises(FileProblem) as info:
        read_plain(make(tmp_path))
    assert [p.code for p in info.value.problems] == [code]


def test_the_unpacked_limit_is_checked_before_a_part_is_read(tmp_path, monkeypatch):
    import openpyxl

    from liulin_data.files import xlsx

    wb = openpyxl.Workbook()
    for k in range(2000):
        wb.active.append(["原煤产量", f"2026-{k % 12 + 1:02d}", k, "万吨", "当月", "县统计局", "x" * 40])
    wb.save(tmp_path / "w.xlsx")
    monkeypatch.setattr(xlsx, "XLSX_MAX_UNPACKED", 100_000)
    with pytest.raises(LimitError) as info:
        xlsx.read_workbook(tmp_path / "w.xlsx")
    assert info.value.limit == "unpacked" and "w.xlsx" in str(info.value)


# -------------------------------------------------------------------------------------------- the Problem
def test_a_problem_written_from_its_code():
    p = Problem.of("unknown_indicator", "a.csv", 2, "指标", "原煤产", name="原煤产", suggestion="原煤产量")
    assert (p.code, p.severity, p.data) == (
        "unknown_indicator",
        "error",
        {"name": "原煤产", "suggestion": "原煤产量"},
    )
    assert p.message == "未知指标“原煤产”，您是否指“原煤产量”？"
    assert (
        str(p)
        == "a.csv 第2行 列“指标”: 未知指标“原煤产”，您是否指“原煤产量”？（值：'原煤产'） → 请使用目标目录中的指标名称、编号或别名"
    )
    assert Problem.of("unknown_indicator", "a.csv", name="x", suggestion=None).message == "未知指标“x”"


def test_a_problem_written_the_old_way_still_works():
    p = Problem("targets.csv", 3, "unit", "吨吨", "未知单位", "用 万吨")
    assert (p.code, p.severity, p.message, p.hint) == (GENERIC, "error", "未知单位", "用 万吨")
    assert str(p) == "targets.csv 第3行 列“unit”: 未知单位（值：'吨吨'） → 用 万吨"
    assert hash(p) == hash(Problem("targets.csv", 3, "unit", "吨吨", "未知单位", "用 万吨"))
    with pytest.raises(ValueError, match="generic"):  # no words of its own: never written from a code
        Problem.of(GENERIC, "targets.csv", 3, "unit", "吨吨")


@pytest.mark.parametrize(
    "fields",
    [{}, {"name": "x"}, {"name": "x", "suggestion": None, "extra": 1}, {"name": 3, "suggestion": None}],
)
def test_a_code_s_fields_are_typed(fields):
    with pytest.raises(TypeError):
        Problem.of("unknown_indicator", "a.csv", **fields)


# the layers whose problems all carry a code (#22.6), plan.yaml's own (plan/folder.py) too
CODED_LAYERS = ("core", "files", "plan", "inputs", "engine")
NOT_YET_CODED = {"liulin_data/core/exceptions.py"}  # it defines Problem


def test_no_problem_below_the_session_is_written_the_old_way():
    """Problem(file, line, column, value, message, hint) gives code 'generic': below the session every problem
    is written with Problem.of(code, …), its words in the one table."""
    import ast

    package = Path(__file__).resolve().parent.parent / "liulin_data"
    old_way = []
    for layer in CODED_LAYERS:
        for path in sorted((package / layer).rglob("*.py")):
            name = path.relative_to(package.parent).as_posix()
            if name in NOT_YET_CODED:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem":
                    old_way.append(f"{name}:{node.lineno}")
    assert old_way == []


def test_every_code_renders_with_its_fields():
    samples = {str: "文", int: 3, float: 0.5, bool: True, (int, float): 2, (str, type(None)): None}
    for code, spec in CODES.items():
        if code == GENERIC:
            continue
        fields = {name: samples[kind] for name, kind in spec.fields.items()}
        p = Problem.of(code, "f.csv", 2, "列", "值", **fields)
        assert p.message and p.severity in ("error", "warning"), code


def test_control_characters_are_shown_escaped():
    assert escape_controls("a\x1b[2Jb\x07\r\u202e") == "a\\x1b[2Jb\\x07\\x0d\\u202e"
    assert escape_controls("line\nnext\ttab", keep_lines=True) == "line\nnext\ttab"
    p = Problem("x\x1b]0;t\x07.csv", 1, "列\x1b", None, "坏\x9b", "")
    assert "\x1b" not in str(p) and "\x9b" not in str(p) and "x\\x1b]0;t\\x07.csv" in str(p)
    assert str(LiulinError("路径 a\x1bb\n第二行")) == "路径 a\\x1bb\n第二行"


def test_at_most_200_problems_a_file_then_a_count(tmp_path):
    from liulin_data import load_actuals

    path = tmp_path / "bad.csv"
    path.write_text(
        "指标,时期,数值\n" + "".join(f"原煤产量,2026-03,约{k}\n" for k in range(450)), encoding="utf-8"
    )
    with pytest.raises(ActualsError) as info:
        load_actuals(path)
    problems = info.value.problems
    assert len(problems) == 201 and {p.code for p in problems[:200]} == {"value_not_number"}
    assert (problems[-1].code, problems[-1].data) == ("problems_not_listed", {"count": 250, "limit": 200})
    accepted, frame = load_actuals(path, lenient=True)
    assert accepted.attrs["rows_rejected"] == 450 and len(frame) == 201


def test_a_csv_of_ragged_lines_lists_200_and_counts_the_rest(tmp_path):
    from liulin_data import load_actuals

    path = tmp_path / "ragged.csv"
    path.write_text("指标,时期,数值\n" + "原煤产量,2026-03,300,多,余\n" * 1000, encoding="utf-8")
    accepted, frame = load_actuals(path, lenient=True)
    assert list(frame["code"][:200].unique()) == ["ragged_row"] and len(frame) == 201
    assert frame["fields"].iloc[-1] == {"count": 800, "limit": 200}
    assert accepted.attrs["rows_rejected"] == 1000
