"""Worksheets of an .xlsx as rows of text cells, read from the sheet XML with the standard library's expat.

openpyxl's read-only mode builds a cell object per cell and spends ~5x the XML parse doing so; here each
sheet's XML is streamed once. What a spreadsheet user sees is kept: shared and inline strings, numbers
(3012000.0 → '3012000'), a percent cell as a percent (0.31 shown as 31% → '31%'), dates by their number format
(also the Chinese built-in date formats 27–36 and 50–58, which openpyxl reads as plain numbers; a number too
large for a date stays a number), booleans, error values ('#DIV/0!'), the cached value of a formula, and
merged cells (every cell of a merged range holds the range's value, within the sheet's used area). A formula
cell without a cached value is listed in :attr:`Sheet.uncomputed`; the merged ranges in :attr:`Sheet.merged`;
numbers such as 2027.1 (2027.10 typed into a number cell) in :attr:`Sheet.year_numbers`. Hidden and very
hidden sheets are marked (:attr:`Sheet.state`).

Limits (``limits.py``): a row number above ``XLSX_MAX_ROWS``, more than ``XLSX_MAX_CELLS`` cells (counting
those merged ranges fill), parts unpacking to more than ``XLSX_MAX_UNPACKED`` bytes or at a ratio above
``XLSX_MAX_RATIO`` raise :class:`~liulin_data.core.exceptions.LimitError` before the work they bound.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from ..core.exceptions import LimitError
from .limits import (
    XLSX_MAX_CELLS,
    XLSX_MAX_RATIO,
    XLSX_MAX_ROWS,
    XLSX_MAX_UNPACKED,
    XLSX_RATIO_FROM,
    limit_error,
)

# built-in number formats that show a date or time: the international ones, and those of Chinese Excel/WPS
DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
# built-in number formats that show a percent (0%, 0.00%)
PERCENT_FORMAT_IDS = frozenset([9, 10])
# a file starting with these bytes is an OLE compound file: an old .xls, or a password-protected workbook
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DIGITS = "0123456789"
_DATE, _PERCENT = 1, 2  # what a cell style's number format shows
_READ_CHUNK = 1 << 16


class WorkbookError(ValueError):
    """Raised when a file is not a readable .xlsx workbook; the message says why, in Chinese."""


def cell_text(v: Any) -> str | None:
    """A spreadsheet cell as text (None for blank): 3012000.0 → '3012000', dates as 'YYYY-MM-DD HH:MM:SS'."""
    if v is None:
        return None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        if v != v:
            return None
        if not math.isfinite(v):
            return repr(float(v))
        return str(int(v)) if v.is_integer() else repr(float(v))  # float(): np.float64 reprs as np.float64(…)
    s = str(v)
    return s if s.strip() else None


@dataclass
class Sheet:
    """One worksheet: ``rows[i]`` is spreadsheet line ``i + 1`` (cells as text, None when blank)."""

    name: str
    hidden: bool
    rows: list[list[str | None]]
    # (line, column index from 0, formula) of each formula cell without a cached value
    uncomputed: list[tuple[int, int, str]] = field(default_factory=list)
    state: str = "visible"  # visible, hidden or veryHidden
    # merged ranges as (first row, first column, last row, last column), indexes from 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # (line, column index, text) of number cells holding a year and .1 (2027.10 typed into a number cell)
    year_numbers: list[tuple[int, int, str]] = field(default_factory=list)


class _Budget:
    """What a workbook may still unpack and fill: bytes (XLSX_MAX_UNPACKED) and cells (XLSX_MAX_CELLS)."""

    def __init__(self, path):
        self.path = path
        self.bytes = XLSX_MAX_UNPACKED
        self.cells = XLSX_MAX_CELLS

    def part(self, z: zipfile.ZipFile, name: str):
        """A stream of part ``name`` that raises LimitError once it unpacks beyond the limits (declared sizes
        are checked first; the bytes actually unpacked are counted, since a header may lie)."""
        info = z.getinfo(name)
        self._check(info.file_size, info.compress_size)
        return _Counted(z.open(info), self, info.compress_size)

    def read(self, z: zipfile.ZipFile, name: str) -> bytes:
        with self.part(z, name) as fh:
            return fh.read()

    def _check(self, size: int, packed: int) -> None:
        if size > self.bytes:
            raise limit_error(self.path, "unpacked")
        if size > XLSX_RATIO_FROM and size > XLSX_MAX_RATIO * max(packed, 1):
            raise limit_error(self.path, "ratio", f"{size / max(packed, 1):,.0f}:1")

    def spend_cells(self, n: int) -> None:
        self.cells -= n
        if self.cells < 0:
            raise limit_error(self.path, "cells")


class _Counted(io.RawIOBase):
    """A part's stream counting the bytes it unpacks against the workbook's budget and the part's ratio."""

    def __init__(self, fh, budget: _Budget, packed: int):
        self.fh, self.budget, self.packed, self.seen = fh, budget, packed, 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(_READ_CHUNK if n is None or n < 0 else min(n, _READ_CHUNK))
        self.seen += len(data)
        self.budget.bytes -= len(data)
        if self.budget.bytes < 0:
            raise limit_error(self.budget.path, "unpacked")
        if self.seen > XLSX_RATIO_FROM and self.seen > XLSX_MAX_RATIO * max(self.packed, 1):
            raise limit_error(self.budget.path, "ratio", f"{self.seen / max(self.packed, 1):,.0f}:1 以上")
        return data

    def readall(self) -> bytes:
        chunks = []
        while chunk := self.read():
            chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        self.fh.close()
        super().close()


def read_workbook(path: Path) -> list[Sheet]:
    """Every worksheet of an .xlsx/.xlsm, in workbook order. Raises :class:`WorkbookError`, or
    :class:`~liulin_data.core.exceptions.LimitError` when the workbook goes over a limit."""
    with open(path, "rb") as fh:
        if fh.read(8) == OLE_MAGIC:
            raise WorkbookError("文件是旧版 .xls 格式，或设置了打开密码")
    try:
        with zipfile.ZipFile(path) as z:
            return _read_sheets(z, _Budget(path))
    except LimitError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise WorkbookError(f"不是有效的 .xlsx 文件（{exc}）") from None
    except KeyError as exc:  # zipfile names the missing part: "There is no item named 'xl/…' in the archive"
        missing = str(exc.args[0]).split("'")[1] if "'" in str(exc.args[0]) else exc.args[0]
        raise WorkbookError(f"不是完整的 Excel 工作簿（缺少部件 {missing}）") from None
    except (expat.ExpatError, ElementTree.ParseError) as exc:
        raise WorkbookError(f".xlsx 文件内容损坏（XML：{exc}）") from None
    except WorkbookError:
        raise
    except (ValueError, IndexError) as exc:  # e.g. a malformed part outside the cells
        raise WorkbookError(f".xlsx 文件内容损坏（{type(exc).__name__}：{exc}）") from None


def _read_sheets(z: zipfile.ZipFile, budget: _Budget) -> list[Sheet]:
    book = _workbook_part(z, budget)
    rels = _relationships(z, book, budget)
    entries, date1904 = _workbook_info(z, book, budget)
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    strings = _shared_strings(z, rels.get("sharedStrings"), budget)
    styles = _number_styles(z, rels.get("styles"), budget)
    out = []
    for name, state, rid in entries:
        target = rels["by_id"].get(rid)
        if target is None or not target[1].endswith("/worksheet"):
            continue  # a chart sheet or dialog sheet holds no cells
        reader = _SheetReader(strings, styles, epoch, budget)
        with budget.part(z, target[0]) as fh:
            reader.parse(fh)
        sheet = Sheet(name, state != "visible", reader.filled_rows(), reader.uncomputed, state)
        sheet.merged, sheet.year_numbers = reader.ranges, reader.year_numbers
        out.append(sheet)
    return out


def _workbook_part(z: zipfile.ZipFile, budget: _Budget) -> str:
    """The workbook part's path (from the package relationships; xl/workbook.xml by convention)."""
    try:
        root = ElementTree.fromstring(budget.read(z, "_rels/.rels"))
    except KeyError:
        return "xl/workbook.xml"
    for rel in root.iterfind(".//{*}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return "xl/workbook.xml"


def _relationships(z: zipfile.ZipFile, part: str, budget: _Budget) -> dict:
    """The workbook's relationships: ``by_id`` (id → (part path, type)) and the sharedStrings/styles parts."""
    folder, name = posixpath.split(part)
    out: dict = {"by_id": {}}
    try:
        root = ElementTree.fromstring(budget.read(z, posixpath.join(folder, "_rels", name + ".rels")))
    except KeyError:
        return out
    for rel in root.iterfind(".//{*}Relationship"):
        target, kind = rel.get("Target", ""), rel.get("Type", "")
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        out["by_id"][rel.get("Id")] = (path, kind)
        for short in ("sharedStrings", "styles"):
            if kind.endswith("/" + short):
                out[short] = path
    return out


def _workbook_info(z: zipfile.ZipFile, book: str, budget: _Budget) -> tuple[list[tuple[str, str, str]], bool]:
    """(name, state, relationship id) of every sheet in workbook order, and whether dates count from 1904."""
    root = ElementTree.fromstring(budget.read(z, book))
    entries = [
        (s.get("name", ""), s.get("state", "visible") or "visible", s.get(f"{{{_RELS_NS}}}id", ""))
        for s in root.iterfind(".//{*}sheet")
    ]
    pr = root.find("{*}workbookPr")
    return entries, pr is not None and pr.get("date1904", "0").lower() in ("1", "true")


def _shared_strings(z: zipfile.ZipFile, part: str | None, budget: _Budget) -> list[str]:
    """The shared-string table: each item's text (rich-text runs joined, phonetic guides left out)."""
    if part is None or part not in z.namelist():
        return []
    strings: list[str] = []
    parts: list[str] = []
    depth = {"rPh": 0, "t": 0}

    def start(name, attrs):
        local = name.rpartition(":")[2]
        if local in depth:
            depth[local] += 1
        elif local == "si":
            parts.clear()

    def end(name):
        local = name.rpartition(":")[2]
        if local in depth:
            depth[local] -= 1
        elif local == "si":
            strings.append("".join(parts))

    def chars(data):
        if depth["t"] and not depth["rPh"]:
            parts.append(data)

    with budget.part(z, part) as fh:
        _expat(start, end, chars).ParseFile(fh)
    return strings


def _is_percent_format(code: str) -> bool:
    """True when a number format shows a percent: a % outside quoted text and [..] sections."""
    plain, quoted, bracket = [], False, False
    for ch in code:
        if ch == '"':
            quoted = not quoted
        elif ch == "[" and not quoted:
            bracket = True
        elif ch == "]" and not quoted:
            bracket = False
        elif not quoted and not bracket:
            plain.append(ch)
    return "%" in "".join(plain).replace("\\%", "")


def _number_styles(z: zipfile.ZipFile, part: str | None, budget: _Budget) -> dict[int, int]:
    """Cell style (cellXfs index) → what its number format shows: _DATE (a date or time) or _PERCENT."""
    if part is None or part not in z.namelist():
        return {}
    from openpyxl.styles.numbers import is_date_format

    root = ElementTree.fromstring(budget.read(z, part))
    custom = {int(f.get("numFmtId", -1)): f.get("formatCode", "") for f in root.iterfind(".//{*}numFmt")}
    xfs = root.find("{*}cellXfs")
    out = {}
    for i, xf in enumerate(xfs if xfs is not None else []):
        fid = int(xf.get("numFmtId", 0))
        if fid in DATE_FORMAT_IDS or (fid in custom and is_date_format(custom[fid])):
            out[i] = _DATE
        elif fid in PERCENT_FORMAT_IDS or (fid in custom and _is_percent_format(custom[fid])):
            out[i] = _PERCENT
    return out


def _expat(start, end, chars) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = chars
    return parser


def column_index(letters: str) -> int:
    """'A' → 0, 'Z' → 25, 'AA' → 26."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letter(index: int) -> str:
    """0 → 'A', 26 → 'AA' (the column as a spreadsheet user sees it)."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def range_name(r1: int, c1: int, r2: int, c2: int) -> str:
    """(0, 2, 3, 2) → 'C1:C4' (a merged range as a spreadsheet user names it)."""
    return f"{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}"


def _ref(ref: str) -> tuple[int, int]:
    """'C5' → (row index 4, column index 2)."""
    letters = ref.rstrip(_DIGITS)
    return int(ref[len(letters) :]) - 1, column_index(letters.upper())


def _percent_text(x: float) -> str:
    """0.31 → '31%', 0.087 → '8.7%' (twelve significant digits: no 31.000000000000004)."""
    return f"{cell_text(float(f'{x * 100:.12g}'))}%"


def _is_year_point_one(x: float) -> bool:
    """2027.1: a year and .1, what Excel keeps of 2027.10 typed into a number cell."""
    return 1900 <= x <= 2100 and abs(x - math.floor(x) - 0.1) < 1e-9


class _SheetReader:
    """expat handlers of one sheet's XML: rows of text cells, merged ranges, uncomputed formulas."""

    def __init__(self, strings: list[str], styles: dict[int, int], epoch: dt.datetime, budget: _Budget):
        self.strings, self.styles, self.epoch, self.budget = strings, styles, epoch, budget
        self.rows: list[list[str | None]] = []
        self.merged: list[str] = []
        self.ranges: list[tuple[int, int, int, int]] = []
        self.uncomputed: list[tuple[int, int, str]] = []
        self.year_numbers: list[tuple[int, int, str]] = []
        self.row: list[str | None] = []
        self.cell: tuple[str | None, str | None, str | None] = (None, None, None)
        self.col = -1
        self.text: list[str] = []
        self.formula: str | None = None
        self.capture = 0  # inside <v>, <f> or an inline string's <t> (not its phonetic guide)
        self.columns: dict[str, int] = {}
        self.cells = 0

    def parse(self, fh) -> None:
        _expat(self.start, self.end, self.chars).ParseFile(fh)
        self.budget.spend_cells(self.cells)

    def start(self, name: str, attrs: dict) -> None:
        local = name.rpartition(":")[2]
        if local == "c":
            self.cell = (attrs.get("r"), attrs.get("t"), attrs.get("s"))
            self.text, self.formula = [], None
        elif local == "v" or local == "t":
            self.capture += 1
        elif local == "row":
            self._start_row(attrs.get("r"))
        elif local == "f":
            self.formula = ""
            self.capture += 1
        elif local == "rPh":
            self.capture -= 100  # phonetic guides are not the cell's text
        elif local == "mergeCell":
            self.merged.append(attrs.get("ref", ""))

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "c":
            self._end_cell()
        elif local == "v" or local == "t":
            self.capture -= 1
        elif local == "f":
            self.formula = "".join(self.text)
            self.text = []
            self.capture -= 1
        elif local == "rPh":
            self.capture += 100

    def chars(self, data: str) -> None:
        if self.capture > 0:
            self.text.append(data)

    def _start_row(self, r: str | None) -> None:
        line = int(r) if r else len(self.rows) + 1
        if line > XLSX_MAX_ROWS:
            raise limit_error(self.budget.path, "rows", f"第 {line:,} 行")
        while len(self.rows) < line - 1:
            self.rows.append([])
        self.row = []
        self.rows.append(self.row)
        self.col = -1

    def _end_cell(self) -> None:
        ref, kind, style = self.cell
        if ref:
            letters = ref.rstrip(_DIGITS)
            col = self.columns.get(letters)
            if col is None:
                col = self.columns[letters] = column_index(letters.upper())
        else:
            col = self.col + 1
        self.col = col
        text = "".join(self.text) if self.text else None
        if self.formula is not None and not text and kind != "str":
            self.uncomputed.append(
                (len(self.rows), col, "=" + self.formula if self.formula else "=（共享公式）")
            )
            return
        try:
            value = self._value(text, kind, style)
        except (ValueError, IndexError):
            where = f"{column_letter(col)}{len(self.rows)}"
            raise WorkbookError(
                f"文件内容损坏：单元格 {where} 的内容“{text}”与其类型（{kind or 'n'}）不符"
            ) from None
        if value is None:
            return
        row = self.row
        if col >= len(row):
            if col >= 16384:  # beyond column XFD: no worksheet has it
                raise WorkbookError(f"文件内容损坏：单元格 {ref} 超出工作表的列数")
            row.extend([None] * (col - len(row) + 1))
        row[col] = value
        self.cells += 1
        if self.cells > self.budget.cells:
            raise limit_error(self.budget.path, "cells")

    def _value(self, text: str | None, kind: str | None, style: str | None) -> str | None:
        if text is None or text == "":
            return None
        if kind is None or kind == "n":
            x = float(text)
            shows = self.styles.get(int(style)) if style is not None else None
            if shows == _DATE:
                return self._date(x)
            if shows == _PERCENT:
                return _percent_text(x)
            if _is_year_point_one(x):
                self.year_numbers.append((len(self.rows), self.col, cell_text(x)))
            return cell_text(x)
        if kind == "s":
            return cell_text(self.strings[int(text)])
        if kind == "b":
            return "True" if text.strip() in ("1", "true") else "False"
        if kind == "d":
            return str(dt.datetime.fromisoformat(text.rstrip("Z")))
        return cell_text(text)  # inlineStr, str (a formula's text), e (an error value such as #DIV/0!)

    def _date(self, x: float) -> str | None:
        """A date cell's text; a number no date can hold (3012000 in a date format) stays the number."""
        from openpyxl.utils.datetime import from_excel

        try:
            return str(from_excel(x, self.epoch))
        except (OverflowError, ValueError):
            return cell_text(x)

    def filled_rows(self) -> list[list[str | None]]:
        """The rows, every cell of a merged range holding the range's value, within the used area (the rows
        and columns that hold a cell); trailing blank rows are left out."""
        rows = self.rows
        while rows and not any(c is not None for c in rows[-1]):
            rows.pop()
        width = max((len(r) for r in rows), default=0)
        fills = []
        for ref in self.merged:
            if ":" not in ref:
                continue
            (r1, c1), (r2, c2) = (_ref(x) for x in ref.split(":", 1))
            self.ranges.append((r1, c1, r2, c2))
            if r1 >= len(rows) or c1 >= len(rows[r1]) or rows[r1][c1] is None:
                continue
            last_row, last = min(r2, len(rows) - 1), min(c2, width - 1)
            fills.append((r1, c1, last_row, last))
        self.budget.spend_cells(sum((b - a + 1) * (d - c + 1) for a, c, b, d in fills))
        for r1, c1, last_row, last in fills:
            value = rows[r1][c1]
            for r in range(r1, last_row + 1):
                row = rows[r]
                if last >= len(row):
                    row.extend([None] * (last - len(row) + 1))
                for c in range(c1, last + 1):
                    row[c] = value
        return rows
