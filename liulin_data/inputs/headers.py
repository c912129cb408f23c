"""Headers: where a table's header is, how many rows it spans, and which column holds which field.

A header may span several rows (the bureau's 本月 | 1-本月 over 数值 | 同比增长(%)); a group name written once
above its sub-columns (a merged cell, or a CSV with the group only on the first header row) covers every
sub-column under it. Two columns that hold the same field are a problem naming both.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.exceptions import Problem
from ..files.paths import FileProblem
from ..files.xlsx import column_letter
from .schema import (
    BUREAU_GROUP_KEYS,
    BUREAU_INDICATOR_KEYS,
    BUREAU_MONTH_KEYS,
    BUREAU_VALUE_KEYS,
    LONG_KEYS,
    LONG_LABELS,
    MILESTONE_KEYS,
    MILESTONE_LABELS,
    NUMERIC_KEYS,
    YOY_KEYS,
    hkey,
)

# how many lines to look at for the (first) header row
HEADER_SEARCH_LINES = 30
# the most rows one header may span
MAX_HEADER_ROWS = 5
ACTUALS, MILESTONES = "actuals", "milestones"
# what a recognisable header looks like, named in problems about a sheet without one
EXPECTED_HEADERS = (
    "实际值长表的 指标、时期、数值（英文 indicator, period, value），"
    "统计月报的 指标、单位、本月、1-本月(累计)，或里程碑表的 里程碑(或 项目)、状态"
)
_WANT = {
    ACTUALS: "指标、时期、数值（英文 indicator, period, value），或统计月报的 指标、单位、本月、1-本月(累计)",
    MILESTONES: "里程碑(或 项目)、状态",
}
# sub-headers that mark a row below the first header row as part of the header
_SUBHEADER_KEYS = BUREAU_GROUP_KEYS | BUREAU_VALUE_KEYS | YOY_KEYS
Row = list[str | None]


@dataclass
class Header:
    """A table's header: its rows, kind, and per column the texts from top to bottom."""

    first: int  # index of the first header row in the grid (spreadsheet line first + 1)
    rows: int  # how many rows it spans
    kind: str  # ACTUALS or MILESTONES
    labels: list[tuple[str, ...]]  # per column, the non-blank texts top to bottom (merged repeats once)

    @property
    def texts(self) -> list[str]:
        """Per column, the header as problems name it: '数值', or '本月/同比增长(%)' under a group."""
        return ["/".join(labels) for labels in self.labels]

    def keys(self, j: int) -> list[str]:
        return [hkey(t) for t in self.labels[j]]

    @property
    def width(self) -> int:
        """How many columns the table has."""
        return len(self.labels)

    @property
    def numeric(self) -> frozenset[int]:
        """Columns whose cells are numbers (read by the CSV parser's fast float conversion)."""
        return frozenset(numeric_columns(self))


def _kind_of(keys: list[str]) -> str | None:
    """The kind of table a row of header keys starts, or None."""
    names = {LONG_KEYS.get(k) for k in keys} - {None}
    ms = {MILESTONE_KEYS.get(k) for k in keys} - {None}
    milestone = {"milestone", "status"} <= ms and "value" not in names
    if milestone:
        return MILESTONES
    if ("indicator" in names and len(names) >= 2) or (
        BUREAU_INDICATOR_KEYS & set(keys) and BUREAU_GROUP_KEYS & set(keys)
    ):
        return ACTUALS
    return None


def find_header(rows: list[Row], kinds: tuple[str, ...]) -> Header | None:
    """The first header of one of ``kinds`` among the first lines, with the rows below that continue it."""
    for i, row in enumerate(rows[:HEADER_SEARCH_LINES]):
        kind = _kind_of([hkey(c) for c in row])
        if kind is None or kind not in kinds:
            continue
        n = 1
        if kind == ACTUALS:
            indicator = next((j for j, c in enumerate(row) if LONG_KEYS.get(hkey(c)) == "indicator"), 0)
            while n < MAX_HEADER_ROWS and i + n < len(rows) and _continues(rows[i + n], row, indicator):
                n += 1
        return Header(i, n, kind, _labels(rows[i : i + n]))
    return None


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _continues(row: Row, header: Row, indicator: int) -> bool:
    """True when ``row`` (below the header) is more header: the indicator column blank (or the merged
    header text again), a sub-header word such as 数值 or 同比增长(%), and no number."""
    cells = [c for c in row if c is not None and c.strip()]
    if not cells:
        return False
    lead = row[indicator] if indicator < len(row) else None
    if lead is not None and lead.strip() and lead != header[indicator]:
        return False
    return any(hkey(c) in _SUBHEADER_KEYS for c in cells) and not any(_is_number(c) for c in cells)


def _labels(block: list[Row]) -> list[tuple[str, ...]]:
    """Per column, the header texts top to bottom. A group name in an upper row covers the blank cells to
    its right that have a sub-header below (a CSV writes 本月 once above 数值 and 同比增长(%))."""
    width = max(len(r) for r in block)
    grid = [[(c.strip() if c and c.strip() else None) for c in r] + [None] * (width - len(r)) for r in block]
    for i in range(len(grid) - 1):
        last = None
        for j in range(width):
            if grid[i][j] is not None:
                last = grid[i][j]
            elif last is not None and any(grid[k][j] is not None for k in range(i + 1, len(grid))):
                grid[i][j] = last
            else:
                last = None
    out = []
    for j in range(width):
        texts: list[str] = []
        for r in grid:
            if r[j] is not None and (not texts or texts[-1] != r[j]):
                texts.append(r[j])
        out.append(tuple(texts))
    return out


def numeric_columns(header: Header) -> set[int]:
    """Columns whose cells are numbers (read by the CSV parser's fast float conversion)."""
    return {j for j in range(len(header.labels)) if set(header.keys(j)) & (NUMERIC_KEYS | BUREAU_VALUE_KEYS)}


def is_bureau(header: Header) -> bool:
    """The bureau's monthly table: value groups (本月, 1-本月) and no long-table value column."""
    grouped = [bool(set(header.keys(j)) & BUREAU_GROUP_KEYS) for j in range(len(header.labels))]
    long_value = any(
        not g and header.keys(j) and LONG_KEYS.get(header.keys(j)[-1]) == "value"
        for j, g in enumerate(grouped)
    )
    return any(grouped) and not long_value


def _field_map(
    file: str, line: int, header: Header, fields: list[str | None], labels: dict
) -> dict[str, int]:
    """{field: column}; two columns of one field are a problem naming both (raised as FileProblem)."""
    where: dict[str, int] = {}
    problems = []
    for j, name in enumerate(fields):
        if name is None:
            continue
        if name in where:
            k = where[name]
            a, b = header.texts[k], header.texts[j]
            problems.append(
                Problem.of(
                    "duplicate_column",
                    file,
                    line,
                    b,
                    field=labels[name],
                    first_column=column_letter(k),
                    first=a,
                    second_column=column_letter(j),
                    second=b,
                )
            )
            continue
        where[name] = j
    if problems:
        raise FileProblem(*problems)
    return where


def long_fields(file: str, line: int, header: Header) -> dict[str, int]:
    """{field: column} of a long table (fields of schema.LONG_HEADERS)."""
    fields = [
        LONG_KEYS.get(header.keys(j)[-1]) if header.labels[j] else None for j in range(len(header.labels))
    ]
    return _field_map(file, line, header, fields, LONG_LABELS)


def milestone_fields(file: str, line: int, header: Header) -> dict[str, int]:
    """{field: column} of a milestone log (fields of schema.MILESTONE_HEADERS)."""
    fields = [MILESTONE_KEYS.get(k[-1]) if (k := header.keys(j)) else None for j in range(len(header.labels))]
    return _field_map(file, line, header, fields, MILESTONE_LABELS)


_BUREAU_LABELS = {
    "indicator": "指标列",
    "unit": "单位列",
    "month": "“本月”数值列",
    "month_yoy": "“本月”同比增长列",
    "ytd": "“1-本月(累计)”数值列",
    "ytd_yoy": "“1-本月(累计)”同比增长列",
}


def _bureau_field(keys: list[str]) -> str | None:
    group = next((k for k in keys if k in BUREAU_GROUP_KEYS), None)
    if not keys:
        return None
    leaf = keys[-1]
    if group is None:
        if leaf in BUREAU_INDICATOR_KEYS or LONG_KEYS.get(leaf) == "indicator":
            return "indicator"
        return "unit" if LONG_KEYS.get(leaf) == "unit" else None
    name = "month" if group in BUREAU_MONTH_KEYS else "ytd"
    if leaf in YOY_KEYS:
        return f"{name}_yoy"
    return name if leaf == group or leaf in BUREAU_VALUE_KEYS else None


def bureau_fields(file: str, line: int, header: Header) -> dict[str, int]:
    """{field: column} of a bureau table: indicator, unit, month, month_yoy, ytd, ytd_yoy.

    A 同比增长(%) column without a group of its own (a one-row header) belongs to the value column
    to its left (指标 | 单位 | 本月 | 同比增长(%) | 1-本月(累计) | 同比增长(%)).
    """
    fields = [_bureau_field(header.keys(j)) for j in range(len(header.labels))]
    where = _field_map(file, line, header, fields, _BUREAU_LABELS)
    for j in range(len(header.labels)):
        keys = header.keys(j)
        if fields[j] is None and keys and keys[-1] in YOY_KEYS:
            owners = [(c, f) for f, c in where.items() if f in ("month", "ytd") and c < j]
            if owners:
                where.setdefault(f"{max(owners)[1]}_yoy", j)
    return where


def existing_columns(rows: list[Row]) -> str:
    """The first non-blank row's texts ('、'-joined, merged repeats once), for problems about a header."""
    for row in rows:
        cells: list[str] = []
        for c in row:
            text = str(c).strip() if c is not None else ""
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            return "、".join(cells)
    return "（无）"


def is_blank(rows: list[Row]) -> bool:
    return not any(any(c is not None for c in r) for r in rows)


def no_header(file: str, rows: list[Row], want: str) -> Problem:
    """The problem of a file without a recognisable header (or an empty one)."""
    if is_blank(rows):
        return Problem.of("file_empty", file)
    return Problem.of("no_header", file, want=_WANT[want], existing=existing_columns(rows))


def no_sheet_header(file: str, sheet: str, rows: list[Row]) -> Problem:
    """The problem of a worksheet without a recognisable header."""
    return Problem.of(
        "sheet_no_header", file, sheet=sheet, expected=EXPECTED_HEADERS, existing=existing_columns(rows)
    )
