"""CSV files → a table of text cells: encoding detected, header found, body read fast when it is clean.

Encodings: UTF-8 (with or without BOM), GB18030/GBK, UTF-16 with a BOM (Excel's "Unicode 文本"). A clean
file is read by pandas' C parser (numbers by its float conversion); a file with ragged rows, bytes that do not
decode or malformed quotes is read record by record by the csv module, and each bad line is a problem naming
the line (and, for an encoding error, the byte offset) while the good lines load.
"""

from __future__ import annotations

import codecs
import csv
import io
import threading
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from ..exceptions import Problem
from .headers import HEADER_SEARCH_LINES, MAX_HEADER_ROWS, Header, find_header, no_header, numeric_columns
from .problems import EMPTY_FILE, EMPTY_FILE_HINT, FileProblem, file_problem
from .read import Table, row_texts

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
UNREADABLE_ENCODING = "无法读取文件：编码既不是 UTF-8 也不是 GBK/GB18030"
SAVE_AS_UTF8 = "请另存为 UTF-8 编码的 CSV 或 .xlsx"
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


def _sniff(path: Path) -> tuple[str, str]:
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


def _head_rows(text: str, sep: str) -> list[list[str | None]]:
    """The first records of the file (enough to find a header), blank cells as None."""
    rows: list[list[str | None]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        for row in reader:
            rows.append([c if c.strip() else None for c in row])
            if len(rows) >= HEADER_SEARCH_LINES + MAX_HEADER_ROWS:
                break
    except csv.Error:
        pass  # a malformed record: the body reader reports it on its line
    return rows


def read_csv(path: Path, kinds: tuple[str, ...]) -> Table:
    """The table of a CSV whose header is of one of ``kinds`` (raises FileProblem otherwise)."""
    text, enc = _sniff(path)
    if not text.strip():
        raise file_problem(path.name, EMPTY_FILE, EMPTY_FILE_HINT)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    sep = "\t" if first.count("\t") > first.count(",") else ","
    rows = _head_rows(text, sep)
    header = find_header(rows, kinds)
    if header is None:
        raise FileProblem(no_header(path.name, rows, kinds[0]))
    skip, m = header.first + header.rows, len(header.labels)
    data, problems, rejected = None, [], 0
    if enc != "utf-16" and not _needs_row_reader(path.read_bytes(), enc, sep, skip, m):
        data, enc = _read_fast(path, enc, sep, skip, header)
    if data is None:
        data, problems, rejected = _read_rows(path, enc, sep, skip, m)
    return Table(
        path.name, path, header, row_texts(rows[: header.first]), data, problems=problems, rejected=rejected
    )


def _read_fast(path: Path, enc: str, sep: str, skip: int, header: Header) -> tuple[pd.DataFrame | None, str]:
    """The body by pandas' C parser, or (None, encoding to use) when the record-by-record reader must read it
    (bytes that do not decode, a ragged row the byte count could not see, malformed quotes)."""
    import pandas as pd

    m = len(header.labels)
    numeric = numeric_columns(header)
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
            return _read_fast(path, better, sep, skip, header)  # e.g. an ASCII head and a GBK body
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
            raise file_problem(
                file, f"{UNREADABLE_ENCODING}（字节偏移 {exc.start} 处无法按 UTF-16 解码）", SAVE_AS_UTF8
            ) from None
    text, spans = _decode(data, enc)
    bad = _undecodable_lines(data, spans)
    if len(bad) > MAX_UNDECODABLE_LINES:
        line, (offset, _) = next(iter(bad.items()))
        raise file_problem(
            file,
            f"{UNREADABLE_ENCODING}（{len(bad)} 行有无法解码的字节，第一处在第{line}行、字节偏移 {offset}）",
            SAVE_AS_UTF8,
        )
    return text, bad


def _encoding_problem(file: str, line: int, enc: str, offset: int, hexbytes: str) -> Problem:
    return Problem(
        file,
        line,
        None,
        hexbytes,
        f"此行有无法按 {ENCODING_NAMES[enc]} 解码的字节（字节偏移 {offset}）",
        "此行混入了其他编码的文字或损坏的字节：请在Excel/WPS中改正此行，另存为 UTF-8 编码的 CSV",
    )


def _fatal(exc: csv.Error) -> bool:
    """True for the csv errors after which the rest of the file cannot be told apart into records."""
    return "field limit" in str(exc) or "end of data" in str(exc)


def _csv_error(file: str, line: int, exc: csv.Error) -> Problem:
    text = str(exc)
    if "field limit" in text:
        return Problem(
            file,
            line,
            None,
            None,
            f"此行有一格超过 {FIELD_LIMIT // 1024} KB：此行及以后的内容未读取",
            '多半是此行有一个引号（"）没有闭合，其后的内容都被并进了这一格：请检查此行的引号',
        )
    if "end of data" in text:
        return Problem(
            file,
            line,
            None,
            None,
            "引号没有闭合：从此行起到文件末尾都被当成了一格",
            '请检查此行的引号（"）是否成对',
        )
    if "expected after" in text:
        return Problem(
            file,
            line,
            None,
            None,
            "引号用法有误：右引号后应紧跟分隔符",
            '单元格内的引号请写成两个（""），或去掉引号',
        )
    return Problem(
        file, line, None, None, f"此行无法按 CSV 读取（{text}）", "请在Excel/WPS中打开此文件，另存为 CSV"
    )


def _ragged(file: str, line: int, n: int, m: int, cells: list[str], sep: str) -> Problem:
    return Problem(
        file, line, None, sep.join(cells), f"此行有{n}列，表头有{m}列", "请删除多余的逗号或补齐缺少的列"
    )


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


def _read_rows(path: Path, enc: str, sep: str, skip: int, m: int) -> tuple[pd.DataFrame, list[Problem], int]:
    """The body record by record (csv module): (good rows as text, a problem per bad record, data lines
    rejected).

    Extra fields that are all empty (trailing commas) are dropped; a row with extra non-empty fields or
    with missing fields, undecodable bytes or malformed quotes is a problem. Lines are records as a
    spreadsheet shows them (header = line 1).
    """
    import numpy as np
    import pandas as pd

    file = path.name
    text, bad = _text_of(path, file, enc)
    body: list[list[str | None]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    rejected = 0
    for line, physical, row in _records(text, sep):
        problem = _record_problem(file, line, physical, row, bad, enc, sep, m if line > skip else None)
        if problem is not None:
            problems.append(problem)
            rejected += line > skip
            continue
        if line <= skip:
            continue
        cells = [c if c.strip() else None for c in row]
        if len(cells) > m and all(c is None for c in cells[m:]):
            cells = cells[:m]
        body.append((cells + [None] * m)[:m])
        lines.append(line)
    columns = list(zip(*body, strict=True)) if body else [()] * m
    df = pd.DataFrame({j: np.array(c, dtype=object) for j, c in enumerate(columns)})
    df["line"] = np.array(lines, dtype=np.int64)
    return df, problems, rejected


def _record_problem(file, line, physical, row, bad, enc, sep, m: int | None) -> Problem | None:
    """The problem of one record (undecodable bytes, malformed quotes, ragged when ``m`` is given), or None."""
    hit = next((bad[p] for p in physical if p in bad), None)
    if hit is not None:
        return _encoding_problem(file, line, enc, *hit)
    if isinstance(row, csv.Error):
        return _csv_error(file, line, row)
    if m is None:
        return None
    cells = [c if c.strip() else None for c in row]
    if len(cells) > m and all(c is None for c in cells[m:]):
        cells = cells[:m]
    if len(cells) != m and any(c is not None for c in cells):
        return _ragged(file, line, len(row), m, row, sep)
    return None
