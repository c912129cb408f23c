"""The one reader of table files: a path checked, then a CSV or an .xlsx read into rows of text cells.

Every table file liulin reads goes through here: analysts' actuals and milestone logs (``inputs/``, which
locates their headers and reads their bodies through :func:`files.csv.read_csv` and
:func:`files.xlsx.read_workbook`), override files, a plan folder's CSV files, profiles and history (through
:func:`read_plain`: one header line, then rows).

A path that is missing, a folder, a device (``/dev/zero``), a pipe, empty or unreadable is a
:class:`FileProblem` naming it; a device is never opened. CSV encodings (UTF-8, UTF-8 with BOM, GB18030/GBK,
UTF-16 with BOM) are detected, and a bad line (ragged, undecodable bytes, a broken quote) is a problem of its
own while the good lines load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.exceptions import Problem
from .csv import LineProblems, body_rows, head_rows, separator, sniff
from .paths import FileProblem, check_path, file_problem, is_workbook
from .xlsx import WorkbookError, read_workbook

__all__ = ["FileProblem", "PlainTable", "check_path", "file_problem", "is_workbook", "read_plain"]


@dataclass
class PlainTable:
    """A table with one header line: the header's texts, each row's cells (None when blank) and its line as a
    spreadsheet shows it (header = line 1 when the file starts with it), and the problems of bad lines."""

    file: str
    header: list[str]
    rows: list[list[str | None]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def dicts(self) -> list[dict[str, str]]:
        """Each row as {header text: cell text}, '' for a blank cell (columns without a header left out)."""
        keys = [(j, h) for j, h in enumerate(self.header) if h]
        return [{h: row[j] or "" for j, h in keys} for row in self.rows]


def read_plain(path: Path, file: str | None = None) -> PlainTable:
    """A CSV or the first visible worksheet of an .xlsx with content, as a :class:`PlainTable`: the first
    non-blank line is the header; blank lines are skipped. Raises :class:`FileProblem` when the file cannot be
    read at all (missing, a folder, a device, empty, not a workbook, an undecodable encoding), and
    :class:`~liulin_data.core.exceptions.LimitError` when a workbook goes over a limit."""
    path = Path(path)
    file = path.name if file is None else file
    check_path(path, file)
    if path.suffix.lower() == ".xls":
        raise file_problem("xls_old", file)
    if is_workbook(path):
        return _plain_sheet(path, file)
    text, enc = sniff(path)
    sep = separator(text)
    head = head_rows(text, sep)
    first = next((k for k, r in enumerate(head) if any(c is not None for c in r)), None)
    if first is None:
        raise file_problem("file_empty", file)
    header = [(c or "").strip() for c in head[first]]
    found = LineProblems(file)
    table = PlainTable(file, header)
    for line, cells in body_rows(path, enc, sep, first + 1, len(header), found):
        if any(c is not None for c in cells):
            table.rows.append(cells)
            table.lines.append(line)
    table.problems = found.all()
    return table


def _plain_sheet(path: Path, file: str) -> PlainTable:
    try:
        sheets = read_workbook(path)
    except WorkbookError as exc:
        raise file_problem("workbook_unreadable", file, reason=str(exc)) from None
    for sheet in sheets:
        if sheet.hidden:
            continue
        first = next((k for k, r in enumerate(sheet.rows) if any(c is not None for c in r)), None)
        if first is None:
            continue
        header = [(c or "").strip() for c in sheet.rows[first]]
        table = PlainTable(file, header)
        for k, row in enumerate(sheet.rows[first + 1 :], start=first + 2):
            cells = (row + [None] * len(header))[: len(header)]
            if any(c is not None for c in cells):
                table.rows.append(cells)
                table.lines.append(k)
        return table
    raise file_problem("workbook_empty", file)
