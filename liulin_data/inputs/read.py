"""Files → tables of text cells: one per CSV, one per visible worksheet of an .xlsx with a recognisable header.

The files are read by ``liulin_data.files`` (the one reader of table files); here the header of each table is
found and what a worksheet shows is checked against it. A file that cannot be read at all (missing, a folder, a
device, empty, unreadable, an old .xls, a broken workbook) is a :class:`~liulin_data.files.FileProblem` naming
the path; lines that cannot be read (ragged CSV rows, bytes that do not decode, formulas without a cached
value, a value merged over several rows, a period Excel stored as a number) are problems of the table and are
left out of its data. Hidden sheets are not read; one with a header is a warning naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.exceptions import Problem
from ..files import csv as csvfile
from ..files.paths import FileProblem, check_path, file_problem, is_workbook
from ..files.xlsx import WorkbookError, column_letter, range_name, read_workbook
from .headers import ACTUALS, MILESTONES, Header, find_header, is_blank, no_header, no_sheet_header
from .schema import EXPLANATION_SHEETS, LONG_KEYS, hkey

if TYPE_CHECKING:
    import pandas as pd

# how a problem names a sheet's state
SHEET_STATES = {"hidden": "隐藏", "veryHidden": "深度隐藏"}


@dataclass
class Table:
    """One CSV or worksheet: its header, the rows above it, and the data rows as text."""

    file: str  # the name used in problems and the 'file' column: "x.csv" or "x.xlsx[sheet]"
    path: Path
    header: Header
    above: list[str]  # texts of the rows above the header (titles)
    data: pd.DataFrame  # columns 0..n-1 (text, numbers or NaN) and 'line'
    sheet: str | None = None  # the worksheet name (.xlsx only)
    problems: list[Problem] = field(default_factory=list)  # problems of lines left out of ``data``
    rejected: int = 0  # data lines left out of ``data`` because of those problems
    siblings: int = 1  # tables in the file (a workbook's file name may name the span of several)

    @property
    def kind(self) -> str:
        return self.header.kind

    @property
    def header_line(self) -> int:
        """Spreadsheet line of the (first) header row."""
        return self.header.first + 1

    @property
    def texts(self) -> list[str]:
        return self.header.texts


@dataclass
class FileRead:
    """What one file gave: its tables (of the kinds asked for) and the problems of the file as a whole."""

    path: Path
    tables: list[Table] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_file(path: Path, kinds: tuple[str, ...] = (ACTUALS,)) -> FileRead:
    """The tables of one file whose header is of one of ``kinds``; never raises for a bad file (a file over
    one of the readers' limits raises :class:`~liulin_data.core.exceptions.LimitError`)."""
    try:
        check_path(path)
        if path.suffix.lower() == ".xls":
            raise file_problem("xls_old", path.name)
        if is_workbook(path):
            return read_xlsx(path, kinds)
        return FileRead(path, [read_csv(path, kinds)])
    except FileProblem as fp:
        return FileRead(path, [], fp.problems)
    except OSError as exc:  # the file went away or became unreadable while being read
        problem = Problem.of("file_unreadable", path.name, value=str(path), reason=str(exc.strerror or exc))
        return FileRead(path, [], [problem])


def read_csv(path: Path, kinds: tuple[str, ...]) -> Table:
    """The table of a CSV whose header is of one of ``kinds`` (raises FileProblem otherwise)."""

    def locate(rows):
        header = find_header(rows, kinds)
        if header is None:
            raise FileProblem(no_header(path.name, rows, kinds[0]))
        return header

    got = csvfile.read_csv(path, locate)
    header = got.header
    above = row_texts(got.head[: header.first])
    table = Table(path.name, path, header, above, got.data, problems=got.problems, rejected=got.rejected)
    _leave_out(table, dict(_csv_number_periods(table)))
    return table


# a period a CSV cannot vouch for: Excel saves 2027.10 typed as a number as 2027.1 (January or October?)
AMBIGUOUS_PERIOD_RE = re.compile(r"^\s*((?:19|20)\d\d)\.1\s*$")


def _period_columns(table: Table) -> set[int]:
    return {
        j
        for j, labels in enumerate(table.header.labels)
        if labels and LONG_KEYS.get(hkey(labels[-1])) == "period"
    }


def _csv_number_periods(table: Table):
    """(line, problem) of every period written 2027.1 in a CSV: as text it may be a number Excel saved."""
    for col in _period_columns(table):
        texts = table.data[col]
        bad = [
            t for t in texts.unique() if isinstance(t, str) and AMBIGUOUS_PERIOD_RE.match(t)
        ]  # few periods
        if not bad:
            continue
        found = texts.isin(bad)
        for line, text in zip(table.data["line"][found], texts[found], strict=True):
            text = text.strip()
            year = int(AMBIGUOUS_PERIOD_RE.match(text).group(1))
            column = _column_name(table, col)
            yield (
                int(line),
                Problem.of("period_as_number", table.file, int(line), column, text, text=text, year=year),
            )


def _leave_out(table: Table, bad: dict[int, Problem]) -> None:
    """The lines of ``bad`` left out of the table's data, each with its problem, in line order."""
    table.problems += [bad[line] for line in sorted(bad)]
    if bad:
        table.data = table.data[~table.data["line"].isin(list(bad))]
        table.rejected += len(bad)


def sheet_file(name: str, sheet: str) -> str:
    """The name of one worksheet in problems and the ``file`` column: ``统计.xlsx[2月]``."""
    return f"{name}[{sheet}]"


def row_texts(rows: list[list[str | None]]) -> list[str]:
    """Each row's non-blank cells joined by spaces (merged repeats once): title rows above a header."""
    out = []
    for r in rows:
        cells: list[str] = []
        for c in r:
            if c is not None and (not cells or cells[-1] != c):
                cells.append(str(c))
        out.append(" ".join(cells))
    return out


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
    """Every visible worksheet with a header of one of ``kinds``, in workbook order.

    Explanation sheets (:data:`EXPLANATION_SHEETS`) and empty sheets are skipped; a sheet with a header of
    another kind belongs to the other loader. A hidden (or very hidden) sheet is not read: one with a header
    is a warning naming it (it often holds old figures), one without is a drop-down list (the template's
    选项). Any other non-empty sheet is a problem naming the sheet.
    """
    try:
        sheets = read_workbook(path)
    except WorkbookError as exc:
        raise file_problem("workbook_unreadable", path.name, reason=str(exc)) from None
    skip = {hkey(n) for n in EXPLANATION_SHEETS}
    tables: list[Table] = []
    found: list[Problem] = []
    content = False
    for sheet in sheets:
        if hkey(sheet.name) in skip or is_blank(sheet.rows):
            continue
        content = True
        file = sheet_file(path.name, sheet.name)
        header = find_header(sheet.rows, (ACTUALS, MILESTONES))
        if sheet.hidden:
            if header is not None:
                state = SHEET_STATES.get(sheet.state, "隐藏")
                found.append(Problem.of("hidden_sheet", file, sheet=sheet.name, state=state))
            continue
        if header is None:
            found.append(no_sheet_header(file, sheet.name, sheet.rows))
        elif header.kind in kinds:
            tables.append(_sheet_table(file, path, sheet, header))
    if not content:
        raise file_problem("workbook_empty", path.name)
    for table in tables:
        table.siblings = len(tables)
    return FileRead(path, tables, found)  # the readable sheets load; each unreadable one is reported


def _column_name(table: Table, col: int) -> str:
    return table.texts[col] if col < len(table.texts) and table.texts[col] else column_letter(col)


def _sheet_table(file: str, path: Path, sheet, header: Header) -> Table:
    """A worksheet's table; lines with a formula without a cached value, a value merged over several rows or
    a period stored as a number (2027.1) are problems, left out."""
    table = grid_table(file, path, sheet.rows, header, sheet=sheet.name)
    start = header.first + header.rows  # index of the first data row
    bad: dict[int, Problem] = {}
    for line, col, formula in sheet.uncomputed:
        problem = Problem.of("formula_uncomputed", file, line, column_letter(col), formula)
        if line > start:
            bad.setdefault(
                line, Problem.of("formula_uncomputed", file, line, _column_name(table, col), formula)
            )
        else:
            table.problems.append(problem)
    for line, problem in _merged_value_lines(table, sheet, start):
        bad.setdefault(line, problem)
    for line, problem in _number_periods(table, sheet, start):
        bad.setdefault(line, problem)
    _leave_out(table, bad)
    return table


def _merged_value_lines(table: Table, sheet, start: int):
    """(line, problem) of every data line under a merged range that spans several data rows in a number
    column (a value merged over two months' rows would count twice)."""
    numeric = table.header.numeric
    last = len(sheet.rows) - 1
    for r1, c1, r2, c2 in sheet.merged:
        top, bottom = max(r1, start), min(r2, last)
        cols = [c for c in range(c1, c2 + 1) if c in numeric]
        if bottom <= top or not cols:
            continue
        cells = range_name(r1, c1, r2, c2)
        for r in range(top, bottom + 1):
            yield (
                r + 1,
                Problem.of(
                    "merged_values",
                    table.file,
                    r + 1,
                    _column_name(table, cols[0]),
                    cells=cells,
                    rows=r2 - r1 + 1,
                ),
            )


def _number_periods(table: Table, sheet, start: int):
    """(line, problem) of every period cell Excel stored as a number such as 2027.1 (2027.10 or January?)."""
    periods = _period_columns(table)
    for line, col, text in sheet.year_numbers:
        if col in periods and line > start:
            year = int(float(text))
            yield (
                line,
                Problem.of(
                    "period_as_number", table.file, line, _column_name(table, col), text, text=text, year=year
                ),
            )
