"""Worksheets of an .xlsx as rows of text cells, read from the sheet XML with the standard library's expat.

openpyxl's read-only mode builds a cell object per cell and spends ~5x the XML parse doing so; here each
sheet's XML is streamed once. What a spreadsheet user sees is kept: shared and inline strings, numbers
(3012000.0 → '3012000'), dates by their number format (also the Chinese built-in date formats 27–36 and
50–58, which openpyxl reads as plain numbers), booleans, error values ('#DIV/0!'), the cached value of a
formula, and merged cells (every cell of a merged range holds the range's value). A formula cell without a
cached value (files written by programs that do not calculate) is listed in :attr:`Sheet.uncomputed`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from .cells import cell_text

# built-in number formats that show a date or time: the international ones, and those of Chinese Excel/WPS
DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
# a file starting with these bytes is an OLE compound file: an old .xls, or a password-protected workbook
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DIGITS = "0123456789"


class WorkbookError(ValueError):
    """Raised when a file is not a readable .xlsx workbook; the message says why, in Chinese."""


@dataclass
class Sheet:
    """One worksheet: ``rows[i]`` is spreadsheet line ``i + 1`` (cells as text, None when blank)."""

    name: str
    hidden: bool
    rows: list[list[str | None]]
    # (line, column index from 0, formula) of each formula cell without a cached value
    uncomputed: list[tuple[int, int, str]] = field(default_factory=list)


def read_workbook(path: Path) -> list[Sheet]:
    """Every worksheet of an .xlsx/.xlsm, in workbook order. Raises :class:`WorkbookError`."""
    with open(path, "rb") as fh:
        if fh.read(8) == OLE_MAGIC:
            raise WorkbookError("文件是旧版 .xls 格式，或设置了打开密码")
    try:
        with zipfile.ZipFile(path) as z:
            return _read_sheets(z)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
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


def _read_sheets(z: zipfile.ZipFile) -> list[Sheet]:
    book = _workbook_part(z)
    rels = _relationships(z, book)
    entries, date1904 = _workbook_info(z, book)
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    strings = _shared_strings(z, rels.get("sharedStrings"))
    dates = _date_styles(z, rels.get("styles"))
    out = []
    for name, hidden, rid in entries:
        target = rels["by_id"].get(rid)
        if target is None or not target[1].endswith("/worksheet"):
            continue  # a chart sheet or dialog sheet holds no cells
        reader = _SheetReader(strings, dates, epoch)
        with z.open(target[0]) as fh:
            reader.parse(fh)
        out.append(Sheet(name, hidden, reader.filled_rows(), reader.uncomputed))
    return out


def _workbook_part(z: zipfile.ZipFile) -> str:
    """The workbook part's path (from the package relationships; xl/workbook.xml by convention)."""
    try:
        root = ElementTree.fromstring(z.read("_rels/.rels"))
    except KeyError:
        return "xl/workbook.xml"
    for rel in root.iterfind(".//{*}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return "xl/workbook.xml"


def _relationships(z: zipfile.ZipFile, part: str) -> dict:
    """The workbook's relationships: ``by_id`` (id → (part path, type)) and the sharedStrings/styles parts."""
    folder, name = posixpath.split(part)
    out: dict = {"by_id": {}}
    try:
        root = ElementTree.fromstring(z.read(posixpath.join(folder, "_rels", name + ".rels")))
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


def _workbook_info(z: zipfile.ZipFile, book: str) -> tuple[list[tuple[str, bool, str]], bool]:
    """(name, hidden, relationship id) of every sheet in workbook order, and whether dates count from 1904."""
    root = ElementTree.fromstring(z.read(book))
    entries = [
        (s.get("name", ""), s.get("state", "visible") != "visible", s.get(f"{{{_RELS_NS}}}id", ""))
        for s in root.iterfind(".//{*}sheet")
    ]
    pr = root.find("{*}workbookPr")
    return entries, pr is not None and pr.get("date1904", "0").lower() in ("1", "true")


def _shared_strings(z: zipfile.ZipFile, part: str | None) -> list[str]:
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

    _expat(start, end, chars).ParseFile(z.open(part))
    return strings


def _date_styles(z: zipfile.ZipFile, part: str | None) -> frozenset[int]:
    """Indexes of the cell styles (cellXfs) whose number format shows a date or time."""
    if part is None or part not in z.namelist():
        return frozenset()
    from openpyxl.styles.numbers import is_date_format

    root = ElementTree.fromstring(z.read(part))
    custom = {int(f.get("numFmtId", -1)): f.get("formatCode", "") for f in root.iterfind(".//{*}numFmt")}
    xfs = root.find("{*}cellXfs")
    out = set()
    for i, xf in enumerate(xfs if xfs is not None else []):
        fid = int(xf.get("numFmtId", 0))
        if fid in DATE_FORMAT_IDS or (fid in custom and is_date_format(custom[fid])):
            out.add(i)
    return frozenset(out)


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


def _ref(ref: str) -> tuple[int, int]:
    """'C5' → (row index 4, column index 2)."""
    letters = ref.rstrip(_DIGITS)
    return int(ref[len(letters) :]) - 1, column_index(letters.upper())


class _SheetReader:
    """expat handlers of one sheet's XML: rows of text cells, merged ranges, uncomputed formulas."""

    def __init__(self, strings: list[str], dates: frozenset[int], epoch: dt.datetime):
        self.strings, self.dates, self.epoch = strings, dates, epoch
        self.rows: list[list[str | None]] = []
        self.merged: list[str] = []
        self.uncomputed: list[tuple[int, int, str]] = []
        self.row: list[str | None] = []
        self.cell: tuple[str | None, str | None, str | None] = (None, None, None)
        self.col = -1
        self.text: list[str] = []
        self.formula: str | None = None
        self.capture = 0  # inside <v>, <f> or an inline string's <t> (not its phonetic guide)
        self.columns: dict[str, int] = {}

    def parse(self, fh) -> None:
        _expat(self.start, self.end, self.chars).ParseFile(fh)

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
            row.extend([None] * (col - len(row) + 1))
        row[col] = value

    def _value(self, text: str | None, kind: str | None, style: str | None) -> str | None:
        if text is None or text == "":
            return None
        if kind is None or kind == "n":
            x = float(text)
            if style is not None and int(style) in self.dates:
                from openpyxl.utils.datetime import from_excel

                return str(from_excel(x, self.epoch))
            return cell_text(x)
        if kind == "s":
            return cell_text(self.strings[int(text)])
        if kind == "b":
            return "True" if text.strip() in ("1", "true") else "False"
        if kind == "d":
            return str(dt.datetime.fromisoformat(text.rstrip("Z")))
        return cell_text(text)  # inlineStr, str (a formula's text), e (an error value such as #DIV/0!)

    def filled_rows(self) -> list[list[str | None]]:
        """The rows, every cell of a merged range holding the range's value (within the used area)."""
        rows = self.rows
        width = max((len(r) for r in rows), default=0)
        for ref in self.merged:
            if ":" not in ref:
                continue
            (r1, c1), (r2, c2) = (_ref(x) for x in ref.split(":", 1))
            if r1 >= len(rows) or c1 >= len(rows[r1]) or rows[r1][c1] is None:
                continue
            value = rows[r1][c1]
            for r in range(r1, min(r2, len(rows) - 1) + 1):
                row = rows[r]
                last = min(c2, width - 1)
                if last >= len(row):
                    row.extend([None] * (last - len(row) + 1))
                for c in range(c1, last + 1):
                    row[c] = value
        return rows
