"""CSV files → a table of text cells: encoding detected, header located, body read fast when it is clean.

Encodings: UTF-8 (with or without BOM), GB18030/GBK, UTF-16 with a BOM (Excel's "Unicode 文本"). A clean
file is read by pandas' C parser (numbers by its float conversion); a file with ragged rows, bytes that do not
decode or malformed quotes is read record by record by the csv module, and each bad line is a problem naming
the line (and, for an encoding error, the byte offset) while the good lines load. At most
``limits.MAX_PROBLEMS_PER_FILE`` line problems are listed, then one with the count of the rest.

Where the header is and which columns hold numbers is the caller's business: :func:`read_csv` takes a
``locate`` function (the inputs' header finder, or "the first line" for a plan's files, see ``tables.py``).
"""

from __future__ import annotations

import codecs
import csv
import io
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..core.exceptions import Problem
from .limits import MAX_PROBLEMS_PER_FILE
from .paths import file_problem

if TYPE_CHECKING:
    import pandas as pd

# bytes read to detect the encoding and find the header row (the rest is decoded by pandas)
SNIFF_BYTES = 256 * 1024
# encodings tried in order, strictly; when neither decodes cleanly, the one with fewer bad bytes is used
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
ENCODING_NAMES = {"utf-8-sig": "UTF-8", "gb18030": "GB18030", "utf-16": "UTF-16"}
# a file with more lines that do not decode is in another encoding altogether: one problem for the file
MAX_UNDECODABLE_LINES = 20
# the csv module's field size limit: a longer field is almost always an unclosed quote
FIELD_LIMIT = csv.field_size_limit()
# a file with more lines holding quotes is read record by record by the csv module (strict quoting) rather
# than checked line by line before pandas reads it
QUOTED_LINES_CHECKED = 50_000
# lines read (to find a header) before the body is read
HEAD_LINES = 40
_ERRORS = "liulin-inputs-record"  # codec error handler recording where bytes did not decode
_bad_bytes = threading.local()


def _record(exc: UnicodeDecodeError) -> tuple[str, int]:
    _bad_bytes.spans.append((exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error(_ERRORS, _record)


def _decode(data: bytes, encoding: str) -> tuple[str, list[tuple[int, int]]]:
    """``data`` decoded, each undecodable byte run replaced by U+FFFD; the runs' byte spans in ``data``."""
    base = 0
    if encoding == "utf-8-sig":  # the codec strips the BOM and would count offsets without it
        base = 3 if data.startswith(codecs.BOM_UTF8) else 0
        data, encoding = data[base:], "utf-8"
    _bad_bytes.spans = []
    text = data.decode(encoding, _ERRORS)
    return text, [(a + base, b + base) for a, b in _bad_bytes.spans]


def _best_encoding(data: bytes) -> str:
    """Of :data:`CSV_ENCODINGS`, the one under which fewest bytes fail to decode (ties: the first)."""
    counts = [(len(_decode(data, enc)[1]), i) for i, enc in enumerate(CSV_ENCODINGS)]
    return CSV_ENCODINGS[min(counts)[1]]


def sniff(path: Path) -> tuple[str, str]:
    """(the first SNIFF_BYTES as text, the encoding): strict UTF-8, else strict GB18030, else the better."""
    with open(path, "rb") as fh:
        data = fh.read(SNIFF_BYTES)
    final = len(data) < SNIFF_BYTES
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return codecs.getincrementaldecoder("utf-16")("replace").decode(data, final), "utf-16"
    for enc in CSV_ENCODINGS:
        try:
            return codecs.getincrementaldecoder(enc)("strict").decode(data, final), enc
        except UnicodeDecodeError:
            continue
    enc = _best_encoding(data)
    return codecs.getincrementaldecoder(enc)("replace").decode(data, final), enc


class Span(Protocol):
    """Where a table's header is: its first line (index from 0), how many lines it spans, how many columns the
    table has, and which columns hold numbers (read by the C parser's float conversion)."""

    first: int
    rows: int
    width: int
    numeric: frozenset[int]


@dataclass
class CsvTable:
    """What :func:`read_csv` gives: the head rows (to find titles above the header), the header the
    ``locate`` function found, the body and the problems of the lines left out of it."""

    head: list[list[str | None]]  # the first HEAD_LINES records, blank cells as None
    header: Any  # what ``locate`` returned
    data: pd.DataFrame  # columns 0..width-1 (text, numbers or NaN) and 'line'
    encoding: str
    problems: list[Problem] = field(default_factory=list)
    rejected: int = 0  # data lines left out of ``data`` because of those problems


def separator(text: str) -> str:
    """A tab when the first non-blank line holds more tabs than commas, else a comma."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return "\t" if first.count("\t") > first.count(",") else ","


def head_rows(text: str, sep: str, n: int = HEAD_LINES) -> list[list[str | None]]:
    """The first ``n`` records of the file (enough to find a header), blank cells as None."""
    rows: list[list[str | None]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        for row in reader:
            rows.append([c if c.strip() else None for c in row])
            if len(rows) >= n:
                break
    except csv.Error:
        pass  # a malformed record: the body reader reports it on its line
    return rows


def read_csv(path: Path, locate) -> CsvTable:
    """A CSV's table: ``locate(head rows)`` returns its header (a :class:`Span`) or raises FileProblem."""
    text, enc = sniff(path)
    if not text.strip():
        raise file_problem("file_empty", path.name)
    sep = separator(text)
    rows = head_rows(text, sep)
    header = locate(rows)
    skip, m = header.first + header.rows, header.width
    data, problems, rejected = None, [], 0
    if enc != "utf-16" and not _needs_row_reader(path.read_bytes(), enc, sep, skip, m):
        data, enc = _read_fast(path, enc, sep, skip, m, header.numeric)
    if data is None:
        data, problems, rejected = _read_rows(path, enc, sep, skip, m)
    return CsvTable(rows, header, data, enc, problems, rejected)


def _read_fast(
    path: Path, enc: str, sep: str, skip: int, m: int, numeric: frozenset[int]
) -> tuple[pd.DataFrame | None, str]:
    """The body by pandas' C parser, or (None, encoding to use) when the record-by-record reader must read it
    (bytes that do not decode, a ragged row the byte count could not see, malformed quotes)."""
    import pandas as pd

    try:
        df = pd.read_csv(
            path,
            encoding=enc,
            encoding_errors="strict",
            sep=sep,
            header=None,
            names=list(range(m)),
            skiprows=skip,
            # text columns as plain object arrays: the C parser reuses one str object per distinct
            # text, so factorising them later is cheap; category dtype would be ~2x slower to read
            # (it defeats pandas' parallel CSV reader). Numbers by the C parser's float conversion.
            dtype={j: object for j in range(m) if j not in numeric},
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            index_col=False,
        )
    except UnicodeDecodeError:
        raw = path.read_bytes()
        better = _best_encoding(raw)
        if better != enc and not _decode(raw, better)[1]:
            return _read_fast(path, better, sep, skip, m, numeric)  # e.g. an ASCII head and a GBK body
        return None, better
    except (pd.errors.ParserError, ValueError):
        return None, enc
    with warnings.catch_warnings():  # a table of hundreds of columns is "fragmented"; it is read once
        warnings.simplefilter("ignore", pd.errors.PerformanceWarning)
        df["line"] = range(skip + 1, skip + 1 + len(df))
    return df, enc


def _has_long_line(data: bytes) -> bool:
    """True when a line is longer than FIELD_LIMIT bytes (cheap: one rfind per FIELD_LIMIT bytes)."""
    pos, n = 0, len(data)
    while n - pos > FIELD_LIMIT:
        newline = data.rfind(b"\n", pos, pos + FIELD_LIMIT + 1)
        if newline < 0:
            return True
        pos = newline + 1
    return False


def _quoted_lines_malformed(data: bytes, enc: str, sep: str) -> bool:
    """True when a line holding a quote is not strict CSV ('"259"1', a quoted cell running over lines):
    pandas' C parser would read such a line leniently ('2591'). Heavily quoted files are read record by
    record anyway (more than QUOTED_LINES_CHECKED lines with quotes)."""
    pos, checked = 0, 0
    while (q := data.find(b'"', pos)) >= 0:
        checked += 1
        if checked > QUOTED_LINES_CHECKED:
            return True
        start = data.rfind(b"\n", 0, q) + 1
        end = data.find(b"\n", q)
        end = len(data) if end < 0 else end
        try:
            list(csv.reader([data[start:end].decode(enc, "replace")], delimiter=sep, strict=True))
        except csv.Error:
            return True
        pos = end + 1
    return False


def _needs_row_reader(data: bytes, enc: str, sep: str, skip: int, m: int) -> bool:
    """True when the csv module must read the file record by record: a line too long for pandas to check
    the field limit, a quoted line pandas would read leniently, or rows with other than ``m`` fields."""
    return (
        _has_long_line(data)
        or _quoted_lines_malformed(data, enc, sep)
        or _field_counts_differ(data, sep, skip, m)
    )


def _field_counts_differ(data: bytes, sep: str, skip: int, m: int) -> bool:
    """True when a non-blank line after the first ``skip`` lines has other than ``m`` fields.

    Vectorised on the raw bytes (commas, tabs and newlines are single bytes in UTF-8 and GB18030);
    only for files without quotes, where a separator byte always separates fields. Files with
    quotes go to the fast parser, which reports extra fields as a tokenizing error.
    """
    import numpy as np

    if b'"' in data:
        return False
    # quick exact test first (C-speed bytes.count, ~10x cheaper than the scan below): when the data lines
    # hold exactly (m - 1) separators each on average and none holds more (pandas raises on extra fields
    # anyway), none holds fewer either
    start = 0
    for _ in range(skip):
        start = data.find(b"\n", start) + 1
        if start == 0:
            return False
    body_lines = data.count(b"\n", start) + (0 if data.endswith(b"\n") or start >= len(data) else 1)
    blank_lines = data.count(b"\n\n", max(start - 1, 0)) + data.count(b"\n\r\n", max(start - 1, 0))
    if data.count(sep.encode(), start) == (m - 1) * (body_lines - blank_lines):
        return False
    b = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(b == 10)
    if not len(b) or b[-1] != 10:
        ends = np.append(ends, len(b))
    starts = np.concatenate(([0], ends[:-1] + 1))
    starts, ends = starts[skip:], ends[skip:]
    if not len(starts):
        return False
    seps = np.flatnonzero(b == ord(sep))
    count = np.searchsorted(seps, ends) - np.searchsorted(seps, starts)
    length = ends - starts
    cr = np.zeros(len(starts), dtype=bool)
    has = length > 0
    cr[has] = b[np.minimum(starts[has], len(b) - 1)] == 13
    blank = (length == 0) | ((length == 1) & cr)
    return bool(((count != m - 1) & ~blank).any())


def _undecodable_lines(data: bytes, spans: list[tuple[int, int]]) -> dict[int, tuple[int, str]]:
    """{physical line: (byte offset, the bytes in hex)} of the first undecodable run of each line."""
    out: dict[int, tuple[int, str]] = {}
    line, pos = 1, 0
    for a, b in spans:
        line += data.count(b"\n", pos, a)
        pos = a
        out.setdefault(line, (a, " ".join(f"0x{x:02X}" for x in data[a:b])))
    return out


def _text_of(path: Path, file: str, enc: str) -> tuple[str, dict[int, tuple[int, str]]]:
    """The whole file decoded and its undecodable lines; too many of them is one problem for the file."""
    data = path.read_bytes()
    if enc == "utf-16":
        try:
            return data.decode("utf-16"), {}
        except UnicodeDecodeError as exc:
            raise file_problem("utf16_unreadable", file, offset=exc.start) from None
    text, spans = _decode(data, enc)
    bad = _undecodable_lines(data, spans)
    if len(bad) > MAX_UNDECODABLE_LINES:
        line, (offset, _) = next(iter(bad.items()))
        raise file_problem("encoding_unreadable", file, lines=len(bad), first_line=line, offset=offset)
    return text, bad


def _fatal(exc: csv.Error) -> bool:
    """True for the csv errors after which the rest of the file cannot be told apart into records."""
    return "field limit" in str(exc) or "end of data" in str(exc)


def _csv_error(file: str, line: int, exc: csv.Error) -> Problem:
    text = str(exc)
    if "field limit" in text:
        return Problem.of("field_too_long", file, line, kb=FIELD_LIMIT // 1024)
    if "end of data" in text:
        return Problem.of("quote_unclosed", file, line)
    if "expected after" in text:
        return Problem.of("quote_malformed", file, line)
    return Problem.of("csv_unreadable", file, line, error=text)


def _records(text: str, sep: str):
    """(record number from 1, physical lines it spans, cells or the csv.Error) for every record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    number, end = 0, 0
    while True:
        try:
            row: list[str] | csv.Error = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row = exc
        number += 1
        yield number, range(end + 1, reader.line_num + 1), row
        end = reader.line_num
        if isinstance(row, csv.Error) and _fatal(row):
            return


@dataclass
class LineProblems:
    """The problems of a file's lines: the first :data:`MAX_PROBLEMS_PER_FILE` kept, the rest counted."""

    file: str
    listed: list[Problem] = field(default_factory=list)
    unlisted: int = 0

    def add(self, problem: Problem) -> None:
        if len(self.listed) < MAX_PROBLEMS_PER_FILE:
            self.listed.append(problem)
        else:
            self.unlisted += 1

    def all(self) -> list[Problem]:
        """The problems listed, then one saying how many more there were."""
        if not self.unlisted:
            return list(self.listed)
        more = Problem.of("problems_not_listed", self.file, count=self.unlisted, limit=MAX_PROBLEMS_PER_FILE)
        return [*self.listed, more]


def body_rows(path: Path, enc: str, sep: str, skip: int, m: int, found: LineProblems):
    """(line, cells) of every good record after the first ``skip`` lines, blank cells as None, ``m`` cells
    each; a bad record (undecodable bytes, malformed quotes, other than ``m`` fields) is added to ``found``
    instead (records within the header are checked for bytes and quotes only). Trailing fields that are all
    empty (trailing commas) are dropped. Lines are records as a spreadsheet shows them (header = line 1)."""
    text, bad = _text_of(path, path.name, enc)
    for line, physical, row in _records(text, sep):
        problem = _record_problem(found.file, line, physical, row, bad, enc, sep, m if line > skip else None)
        if problem is not None:
            found.add(problem)
            continue
        if line > skip:
            cells = [c if c.strip() else None for c in row]
            yield line, (cells + [None] * m)[:m]


def _read_rows(path: Path, enc: str, sep: str, skip: int, m: int) -> tuple[pd.DataFrame, list[Problem], int]:
    """The body record by record (csv module): (good rows as text, the problems of bad records, data lines
    rejected)."""
    import numpy as np
    import pandas as pd

    found = LineProblems(path.name)
    body: list[list[str | None]] = []
    lines: list[int] = []
    for line, cells in body_rows(path, enc, sep, skip, m, found):
        body.append(cells)
        lines.append(line)
    rejected = sum(1 for p in found.listed if p.line is not None and p.line > skip) + found.unlisted
    columns = list(zip(*body, strict=True)) if body else [()] * m
    df = pd.DataFrame({j: np.array(c, dtype=object) for j, c in enumerate(columns)})
    df["line"] = np.array(lines, dtype=np.int64)
    return df, found.all(), rejected


def _record_problem(file, line, physical, row, bad, enc, sep, m: int | None) -> Problem | None:
    """The problem of one record (undecodable bytes, malformed quotes, ragged when ``m`` is given), or None."""
    hit = next((bad[p] for p in physical if p in bad), None)
    if hit is not None:
        offset, hexbytes = hit
        name = ENCODING_NAMES[enc]
        return Problem.of("bytes_undecodable", file, line, None, hexbytes, encoding=name, offset=offset)
    if isinstance(row, csv.Error):
        return _csv_error(file, line, row)
    if m is None:
        return None
    cells = [c if c.strip() else None for c in row]
    if len(cells) > m and all(c is None for c in cells[m:]):
        cells = cells[:m]
    if len(cells) != m and any(c is not None for c in cells):
        return Problem.of("ragged_row", file, line, None, sep.join(row), cells=len(row), columns=m)
    return None
