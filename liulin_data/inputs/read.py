"""Files → tables of text cells: one per CSV, one per worksheet of an .xlsx with a recognisable header.

A file that cannot be read at all (missing, a folder, empty, unreadable, an old .xls, a broken workbook)
is a :class:`~.problems.FileProblem` naming the path; lines that cannot be read (ragged CSV rows, bytes
that do not decode, formulas without a cached value) are problems of the table and are left out of its data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.exceptions import Problem
from .csvfile import read_csv
from .headers import ACTUALS, MILESTONES, Header, find_header, is_blank, no_sheet_header
from .problems import EMPTY_FILE, EMPTY_FILE_HINT, FileProblem, file_problem
from .schema import EXPLANATION_SHEETS, hkey
from .table import FileRead, Table, row_texts
from .xlsx import WorkbookError, column_letter, read_workbook

if TYPE_CHECKING:
    pass

FORMULA_NOT_CALCULATED = "公式未计算：请在Excel/WPS中打开并保存后再导入"
FORMULA_HINT = "文件中只有公式、没有计算结果（常见于程序生成的表格）；打开并保存一次即可写入结果"


def read_file(path: Path, kinds: tuple[str, ...] = (ACTUALS,)) -> FileRead:
    """The tables of one file whose header is of one of ``kinds``; never raises for a bad file."""
    try:
        _check_path(path)
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            return read_xlsx(path, kinds)
        if suffix == ".xls":
            raise file_problem(path.name, "无法读取旧版 .xls 文件", "请用 Excel/WPS 另存为 .xlsx 或 CSV")

        return FileRead(path, [read_csv(path, kinds)])
    except FileProblem as fp:
        return FileRead(path, [], fp.problems)
    except OSError as exc:  # the file went away or became unreadable while being read
        problem = Problem(
            path.name, None, None, str(path), f"无法读取文件：{exc.strerror or exc}", "请检查文件和权限"
        )
        return FileRead(path, [], [problem])


def _check_path(path: Path) -> None:
    """A clear problem for a path that is not a readable, non-empty regular file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise file_problem(path.name, "文件不存在", "请检查路径和文件名", value=str(path)) from None
    except OSError as exc:
        raise file_problem(
            path.name, f"无法读取文件：{exc.strerror}", "请检查路径和权限", str(path)
        ) from None
    if path.is_dir():
        raise file_problem(
            path.name, "这是一个文件夹，不是文件", "请给出文件夹中的文件（如 文件夹/*.xlsx）", value=str(path)
        )
    if not path.is_file():
        raise file_problem(
            path.name, "不是普通文件（可能是设备、管道或套接字）", "请给出 CSV 或 .xlsx 文件", value=str(path)
        )
    if st.st_size == 0:
        raise file_problem(path.name, EMPTY_FILE, EMPTY_FILE_HINT)
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise file_problem(path.name, f"无法读取文件：{exc.strerror}", "请检查文件权限", str(path)) from None


def sheet_file(name: str, sheet: str) -> str:
    """The name of one worksheet in problems and the ``file`` column: ``统计.xlsx[2月]``."""
    return f"{name}[{sheet}]"


def grid_table(file: str, path: Path, rows: list, header: Header, sheet: str | None = None) -> Table:
    """A table from a grid of text cells (row i = spreadsheet line i + 1) and its header."""
    import pandas as pd

    n = len(header.labels)
    start = header.first + header.rows
    body = [(r + [None] * n)[:n] for r in rows[start:]]
    data = pd.DataFrame(body, columns=list(range(n)), dtype=object)
    data["line"] = range(start + 1, start + 1 + len(data))
    return Table(file, path, header, row_texts(rows[: header.first]), data, sheet=sheet)


def read_xlsx(path: Path, kinds: tuple[str, ...]) -> FileRead:
    """Every worksheet with a header of one of ``kinds``, in workbook order.

    Explanation sheets (:data:`EXPLANATION_SHEETS`), empty sheets and hidden sheets without a header
    (drop-down lists) are skipped; a sheet with a header of another kind belongs to the other loader. Any
    other non-empty sheet is a problem naming the sheet.
    """
    try:
        sheets = read_workbook(path)
    except WorkbookError as exc:
        raise file_problem(
            path.name, f"无法读取 Excel 文件：{exc}", "请用 Excel/WPS 另存为 .xlsx（不支持旧版 .xls）"
        ) from None
    skip = {hkey(n) for n in EXPLANATION_SHEETS}
    tables: list[Table] = []
    unknown: list[Problem] = []
    content = False
    for sheet in sheets:
        if hkey(sheet.name) in skip or is_blank(sheet.rows):
            continue
        content = True
        file = sheet_file(path.name, sheet.name)
        header = find_header(sheet.rows, (ACTUALS, MILESTONES))
        if header is None:
            if (
                not sheet.hidden
            ):  # a hidden sheet without a header holds drop-down lists (the template's 选项)
                unknown.append(no_sheet_header(file, sheet.name, sheet.rows))
            continue
        if header.kind in kinds:
            tables.append(_sheet_table(file, path, sheet, header))
    if not content:
        raise file_problem(path.name, "文件为空：没有一个工作表有内容", EMPTY_FILE_HINT)
    return FileRead(path, tables, unknown)  # the readable sheets load; each unreadable one is reported


def _sheet_table(file: str, path: Path, sheet, header: Header) -> Table:
    """A worksheet's table; the lines of formulas without a cached value are problems, left out."""
    table = grid_table(file, path, sheet.rows, header, sheet=sheet.name)
    start = header.first + header.rows  # index of the first data row
    bad: dict[int, tuple[int, str]] = {}
    for line, col, formula in sheet.uncomputed:
        if line > start:
            bad.setdefault(line, (col, formula))
        else:
            table.problems.append(
                Problem(file, line, column_letter(col), formula, FORMULA_NOT_CALCULATED, FORMULA_HINT)
            )
    for line, (col, formula) in sorted(bad.items()):
        column = table.texts[col] if col < len(table.texts) and table.texts[col] else column_letter(col)
        table.problems.append(Problem(file, line, column, formula, FORMULA_NOT_CALCULATED, FORMULA_HINT))
    if bad:
        table.data = table.data[~table.data["line"].isin(list(bad))]
        table.rejected += len(bad)
    return table
