"""Reading files: encodings (with the line and byte offset of what does not decode), quotes, long fields,
paths that are not readable files, and .xlsx workbooks read from their XML (formulas, shared strings, dates,
merged cells). Fixtures are real files made by tests/data/make_fixtures.py; the real National Bureau of
Statistics exports are read from ../shared/real/nbs (never copied into the repository)."""

import shutil
import socket
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from liulin_data import check_files, load_actuals
from liulin_data.core.exceptions import ActualsError
from liulin_data.files.xlsx import cell_text, read_workbook
from liulin_data.inputs.read import read_file

DATA = Path(__file__).parent / "data"
REAL_NBS = Path(__file__).resolve().parent.parent.parent / "shared" / "real" / "nbs"


def _problems(*names):
    """(file, line, column, value, code, fields) of every problem of loading the files."""
    with pytest.raises(ActualsError) as err:
        load_actuals([DATA / n for n in names])
    return [(p.file, p.line, p.column, p.value, p.code, p.data) for p in err.value.problems]


def test_one_stray_byte_in_a_gb18030_file_names_the_line_and_offset():
    offset = (DATA / "gbk_stray_byte.csv").read_bytes().index(b"\xff")
    assert _problems("gbk_stray_byte.csv") == [
        (
            "gbk_stray_byte.csv",
            4,
            None,
            "0xFF",
            "bytes_undecodable",
            {"encoding": "GB18030", "offset": offset},
        )
    ]
    accepted, _ = load_actuals(DATA / "gbk_stray_byte.csv", lenient=True)  # the other nine lines load
    assert len(accepted) == 9 and 4 not in set(accepted["line"])
    a = accepted.attrs
    assert (a["rows_read"], a["rows_accepted"], a["rows_rejected"]) == (10, 9, 1)
    assert (
        accepted.loc[accepted["line"] == 2, "source"].item() == "县统计局"
    )  # decoded as GB18030, not mojibake


def test_one_stray_byte_in_a_utf8_file():
    offset = (DATA / "utf8_stray_byte.csv").read_bytes().index(b"\xfe")
    (p,) = load_actuals(DATA / "utf8_stray_byte.csv", lenient=True)[1].itertuples(index=False)
    assert (p.line, p.value, p.code, p.fields) == (
        7,
        "0xFE",
        "bytes_undecodable",
        {"encoding": "UTF-8", "offset": offset},
    )


def test_a_file_in_another_encoding_is_one_problem():
    ((file, line, _, _, code, fields),) = _problems("encoding_many_bad_lines.csv")
    assert (file, line, code) == ("encoding_many_bad_lines.csv", None, "encoding_unreadable")
    assert (fields["lines"], fields["first_line"]) == (25, 2)


def test_utf16_tab_separated_unicode_text_loads_like_the_utf8_file():
    utf16 = load_actuals(DATA / "long_utf16.txt").drop(columns="file")
    utf8 = load_actuals(DATA / "long_utf8.csv").drop(columns="file")
    assert utf16.equals(utf8)


def test_an_unclosed_quote_swallowing_over_128_kb_is_a_problem_not_a_traceback():
    assert _problems("unclosed_quote.csv") == [
        ("unclosed_quote.csv", 3, None, None, "field_too_long", {"kb": 128})
    ]


def test_a_malformed_quote_is_a_problem_not_read_leniently(tmp_path):
    assert _problems("quote_malformed.csv") == [("quote_malformed.csv", 3, None, None, "quote_malformed", {})]
    short = tmp_path / "short.csv"  # an unclosed quote near the end: the rest of the file is one cell
    short.write_text(
        '指标,时期,数值\n原煤产量,2026-01,301.2\n原煤产量,2026-02,"259.1\n产气量,2026-01,0.24\n',
        encoding="utf-8",
    )
    with pytest.raises(ActualsError) as err:
        load_actuals(short)
    assert [(p.line, p.code) for p in err.value.problems] == [(3, "quote_unclosed")]


def test_a_folder_given_as_a_file():
    (p,) = check_files([DATA / "notebooks"])[1].itertuples(index=False)
    assert (p.file, p.code, p.value) == ("notebooks", "file_is_folder", str(DATA / "notebooks"))


def test_a_socket_is_not_a_readable_file(tmp_path):
    path = tmp_path / "实际值.csv"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        (p,) = check_files([path])[1].itertuples(index=False)
    assert (p.file, p.code) == ("实际值.csv", "file_not_regular")


@pytest.mark.parametrize(
    ("name", "code", "fields"),
    [
        ("bad_empty.csv", "file_empty", {}),
        ("bom_only.csv", "file_empty", {}),
        ("empty_sheets.xlsx", "workbook_empty", {}),
        ("broken.xlsx", "workbook_unreadable", {"reason": "不是有效的 .xlsx 文件（File is not a zip file）"}),
    ],
)
def test_empty_and_broken_files(name, code, fields):
    assert _problems(name) == [(name, None, None, None, code, fields)]


def test_a_damaged_part_of_a_workbook():
    ((file, _, _, _, code, fields),) = _problems("corrupt_sheet.xlsx")
    assert (file, code) == ("corrupt_sheet.xlsx", "workbook_unreadable")
    assert "Bad CRC-32" in fields["reason"]


def test_a_missing_file():
    path = str(DATA / "no_such_file.csv")
    assert _problems("no_such_file.csv") == [("no_such_file.csv", None, None, path, "file_missing", {})]


def test_formula_without_a_cached_value_is_a_problem_and_check_is_not_all_clear():
    assert _problems("formula_uncomputed.xlsx") == [
        ("formula_uncomputed.xlsx[填报]", 3, "数值", "=300-40.9", "formula_uncomputed", {})
    ]
    accepted, problems = check_files([DATA / "formula_uncomputed.xlsx"])
    assert list(accepted["line"]) == [2, 4] and len(problems) == 1
    a = accepted.attrs
    assert (a["rows_read"], a["rows_accepted"], a["rows_rejected"]) == (3, 2, 1)


def test_a_workbook_as_excel_saves_it():
    """Shared strings (rich text, a phonetic guide), the Chinese date format 57 and a custom 年月 format,
    cached formula values (numbers and text), and 来源 merged down three rows."""
    df = load_actuals(DATA / "excel_saved.xlsx")
    got = [(r.indicator_id, r.period, r.basis, r.value, r.source, r.note) for r in df.itertuples()]
    assert got == [
        ("raw_coal_output", "2026-01", "month", 301.2, "县统计局", "初步数"),
        ("raw_coal_output", "2026-02", "month", 259.1, "县统计局", None),
        ("raw_coal_output", "2026-02", "ytd", 560.3, "县统计局", None),
        ("gas_output", "2026-01", "month", 0.24, "县能源局", None),
    ]
    # openpyxl reads the built-in Chinese date format 57 as a plain number; the reader sees the date
    wb = openpyxl.load_workbook(DATA / "excel_saved.xlsx", read_only=True, data_only=True)
    assert next(wb["填报"].iter_rows(min_row=2, max_row=2, values_only=True))[1] == 46023
    (sheet,) = read_workbook(DATA / "excel_saved.xlsx")
    assert sheet.rows[1][1] == "2026-01-01 00:00:00" and sheet.uncomputed == []


OPENPYXL_WORKBOOKS = sorted(
    p.name
    for p in DATA.glob("*.xlsx")
    if p.name not in ("broken.xlsx", "corrupt_sheet.xlsx", "excel_saved.xlsx")
)


@pytest.mark.parametrize("name", OPENPYXL_WORKBOOKS)
def test_the_sheet_reader_sees_what_openpyxl_sees(name):
    """Every workbook openpyxl writes: the same cells, dates included (merged ranges aside)."""
    wb = openpyxl.load_workbook(DATA / name, data_only=True)
    for sheet in read_workbook(DATA / name):
        ws = wb[sheet.name]
        merged = {(r, c) for rng in ws.merged_cells.ranges for r, c in _cells(rng)}
        for r, row in enumerate(ws.iter_rows(values_only=True)):
            for c, v in enumerate(row):
                got = sheet.rows[r][c] if r < len(sheet.rows) and c < len(sheet.rows[r]) else None
                if (r + 1, c + 1) not in merged and not (isinstance(v, str) and v.startswith("=")):
                    assert got == cell_text(v), (sheet.name, r + 1, c + 1)


def _cells(rng):
    for r in range(rng.min_row, rng.max_row + 1):
        for c in range(rng.min_col, rng.max_col + 1):
            yield r, c


def test_an_old_xls_renamed_to_xlsx(tmp_path):
    real = REAL_NBS / "shanxi_realestate_investment_2017-2019.xls"
    if not real.is_file():
        pytest.skip("../shared/real/nbs is not here")
    renamed = tmp_path / "统计月报.xlsx"
    shutil.copy(real, renamed)
    (p,) = check_files([renamed])[1].itertuples(index=False)
    assert (p.code, p.fields) == ("workbook_unreadable", {"reason": "文件是旧版 .xls 格式，或设置了打开密码"})


@pytest.mark.skipif(not REAL_NBS.is_dir(), reason="../shared/real/nbs is not here")
@pytest.mark.parametrize("name", sorted(p.name for p in REAL_NBS.glob("*")) if REAL_NBS.is_dir() else [])
def test_real_bureau_exports_give_a_clear_problem_never_a_traceback(name):
    """The bureau's wide exports (months as columns) are not a layout we read: one problem naming the file."""
    accepted, problems = check_files([REAL_NBS / name])
    assert len(accepted) == 0 and list(problems["file"]) == [name]
    assert problems["code"].iloc[0] == ("xls_old" if name.endswith(".xls") else "no_header")


def test_tables_of_both_kinds_in_one_read():
    read = read_file(DATA / "milestones.csv", ("actuals", "milestones"))
    assert [t.kind for t in read.tables] == ["milestones"] and read.problems == []
    read = read_file(DATA / "long_en.csv", ("actuals", "milestones"))
    assert [t.kind for t in read.tables] == ["actuals"]
    assert np.array_equal(read.tables[0].data["line"], np.arange(2, 8))
