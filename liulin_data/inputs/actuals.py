"""Actuals as analysts receive them: long tables, the bureau's monthly table, milestone logs.

Every problem of every file is collected (file, spreadsheet line with header = line 1, column,
bad value, what to do) and raised together as :class:`ActualsError`, or returned as a table
with ``lenient=True``. The hot path is vectorised: each distinct indicator, period, unit and
basis text is interpreted once and mapped back onto the rows.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import ActualsError, PeriodError, Problem, UnitError
from ..names import NameIndex
from ..periods import ACCEPTED_FORMS, normalize_text, parse_period
from ..sample import sample_paths
from ..tables import format_table

# the shipped synthetic sample (scripts/make_sample.py writes it), in liulin_data/data/

if TYPE_CHECKING:
    import pandas as pd

# columns of the frame load_actuals returns (docs/architecture.md)
ACTUALS_COLUMNS = [
    "indicator_id",
    "period",
    "basis",
    "value",
    "unit",
    "raw_value",
    "raw_unit",
    "yoy_pct",
    "source",
    "note",
    "file",
    "line",
]
# columns of the frame load_milestones returns
MILESTONE_COLUMNS = ["indicator_id", "status", "status_raw", "date", "source", "note", "file", "line"]
# columns of the problems table (lenient mode, check_files)
PROBLEM_COLUMNS = ["file", "line", "column", "value", "message", "hint"]

# header texts accepted for each long-table column (matched after _hkey normalisation)
LONG_HEADERS = {
    "indicator": ["indicator", "indicator_id", "指标", "指标名称", "名称"],
    "period": ["period", "时期", "期间", "统计期", "报告期", "月份", "时间"],
    "value": ["value", "数值", "值", "实际值", "完成值", "完成数", "数据"],
    "unit": ["unit", "单位", "计量单位"],
    "basis": ["basis", "口径", "统计口径"],
    "yoy_pct": ["yoy_pct", "yoy", "同比增长(%)", "同比增长", "同比", "同比增速", "增速", "增长(%)"],
    "source": ["source", "来源", "数据来源"],
    "note": ["note", "备注", "说明"],
}
# header texts of the bureau's monthly table value columns
BUREAU_MONTH_HEADERS = ["本月", "当月", "本月数"]
BUREAU_YTD_HEADERS = ["1-本月(累计)", "1-本月", "累计", "本年累计", "1至本月累计", "年初至今", "本月止累计"]
# header texts accepted in a milestone log
MILESTONE_HEADERS = {
    "milestone": [
        "milestone",
        "项目",
        "里程碑",
        "项目名称",
        "里程碑事项",
        "indicator",
        "indicator_id",
        "指标",
    ],
    "status": ["status", "状态", "进展", "进展情况"],
    "date": ["date", "日期", "完成日期", "时间"],
    "source": ["source", "来源", "数据来源"],
    "note": ["note", "备注", "说明"],
}
# basis words → basis
BASIS_WORDS = {
    "month": ["month", "当月", "本月", "月度", "单月"],
    "ytd": ["ytd", "累计", "1-本月", "1-本月(累计)", "年初至今", "本年累计", "自年初累计"],
    "level": ["level", "时点", "期末", "期末数", "时点数"],
}
# status words of the milestone log → status
STATUS_WORDS = {
    "not_started": ["not_started", "未开工", "前期", "前期工作", "未启动", "筹备中"],
    "in_progress": ["in_progress", "已开工", "在建", "推进中", "施工中", "开工建设", "建设中"],
    "done": [
        "done",
        "已完工",
        "已竣工",
        "竣工验收",
        "已投运",
        "已投用",
        "已通车",
        "已建成",
        "投入运营",
        "已完成",
        "完成",
    ],
}
# cells that mean "no value" (after NFKC and stripping)
MISSING_TOKENS = {
    "",
    "-",
    "--",
    "—",
    "——",
    "–",
    "－",
    "...",
    "......",
    "…",
    "……",
    "/",
    "暂无",
    "n/a",
    "na",
    "nan",
}
# catalog kinds whose values may be negative
NEGATIVE_OK_KINDS = {"growth"}
# basis → small integer, used to build integer duplicate keys
_BASIS_CODE = {"month": 0, "ytd": 1, "level": 2}
# how many lines to look at for the header row
HEADER_SEARCH_LINES = 30
# (file number) * LINE_SPACE + line identifies a row across files
LINE_SPACE = 10**10
# relative tolerance when comparing two values of the same indicator/period/basis
VALUE_RTOL = 1e-9
# relative tolerance between the sum of the month values Jan..M and the ytd value of month M
MONTH_YTD_RTOL = 0.005
# an unknown name in a bureau table that is a typo of a catalog name (names.NEAR_MISS_RATIO) is an error;
# any other unknown name is an indicator the catalog does not track (ignored)
# sheets that explain the workbook and hold no data (compared after _hkey normalisation)
EXPLANATION_SHEETS = ("说明", "填报说明", "README")
# reasons recorded in attrs['ignored'] of the frame load_actuals returns
IGNORED_HEADING = "没有数值的标题或注释行"
IGNORED_UNTRACKED = "目录中没有此指标（未跟踪）"
# note added when a growth indicator's value is taken from the yoy column
NOTE_FROM_YOY = "取同比增速"

_BRACKETS = str.maketrans("", "", "()[]【】（）<>《》%\"'“”")
_NUMBER_RE = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(.*)$", re.IGNORECASE)
_RATE_UP = ("同比增长", "同比增加", "增长", "增加", "上升", "提高", "同比", "增")
_RATE_DOWN = ("同比下降", "同比减少", "下降", "减少", "降低", "回落", "下滑", "减")
_PERIOD_IN_TEXT = [
    re.compile(r"\d{4}年\d{1,2}月?-\d{1,2}月(?:份)?"),
    re.compile(r"\d{4}年(?:[上下]半年|前[一二两三]季度|第?[一二三四1-4]季度|全年)"),
    re.compile(r"\d{4}年\d{1,2}月(?:份)?"),
    re.compile(r"\d{4}-?q[1-4]"),
    re.compile(r"(?<!\d)\d{4}[-.]\d{1,2}(?!\d)"),
    re.compile(r"(?<!\d)\d{1,2}月?-\d{1,2}月(?:份)?"),
    re.compile(r"(?<!\d)\d{1,2}月(?:份)?"),
]


def _hkey(text: object) -> str:
    """Header / keyword key: full width → half width, no spaces, brackets or %, lower case."""
    if text is None:
        return ""
    return normalize_text(str(text)).translate(_BRACKETS)


def _keymap(spec: dict[str, list[str]]) -> dict[str, str]:
    return {_hkey(word): name for name, words in spec.items() for word in words}


_LONG_KEYS = _keymap(LONG_HEADERS)
_MILESTONE_KEYS = _keymap(MILESTONE_HEADERS)
_BASIS_KEYS = _keymap(BASIS_WORDS)
_STATUS_KEYS = _keymap(STATUS_WORDS)
_BUREAU_MONTH_KEYS = {_hkey(w) for w in BUREAU_MONTH_HEADERS}
_BUREAU_YTD_KEYS = {_hkey(w) for w in BUREAU_YTD_HEADERS}
# headers of number columns: left to the CSV parser's fast float conversion (text falls back to object)
_NUMERIC_KEYS = (
    {k for k, v in _LONG_KEYS.items() if v in ("value", "yoy_pct")} | _BUREAU_MONTH_KEYS | _BUREAU_YTD_KEYS
)


def _unit_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


# ----------------------------------------------------------------------------------------------
# reading files into a grid of text cells
# ----------------------------------------------------------------------------------------------


class _Table:
    """One sheet or CSV: the header row, the rows above it, and the data rows as text."""

    def __init__(
        self,
        file: str,
        header_line: int,
        header: list[str],
        above: list[str],
        data: pd.DataFrame,
        sheet: str | None = None,
        problems: list[Problem] | None = None,
    ):
        self.file = file  # the name used in problems and the 'file' column: "x.csv" or "x.xlsx[sheet]"
        self.header_line = header_line  # spreadsheet line of the header row
        self.header = header  # original header texts
        self.above = above  # texts of the rows above the header (titles)
        self.data = data  # columns 0..n-1 (text or NaN) and 'line'
        self.sheet = sheet  # the worksheet name (.xlsx only)
        self.problems = problems or []  # lines that could not be read (ragged CSV rows), already dropped


class _FileProblem(Exception):
    """A file (or every sheet of a workbook) that could not be read as a table; carries the problems."""

    def __init__(self, *problems: Problem):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


def _cell_text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        if v != v:
            return None
        return str(int(v)) if v.is_integer() else repr(float(v))  # float(): np.float64 reprs as np.float64(…)
    s = str(v)
    return s if s.strip() else None


def _find_header(rows: list[list[str | None]], keys: dict[str, str], need: set[str]) -> int | None:
    """Index of the first row whose cells name all of ``need`` (bureau tables also qualify)."""
    for i, row in enumerate(rows[:HEADER_SEARCH_LINES]):
        hk = [_hkey(c) for c in row]
        names = {keys.get(k) for k in hk} - {None}
        if need <= names and len(names) >= 2:
            return i
        if (
            "indicator" in need
            and ({"指标", "指标名称"} & set(hk))
            and (_BUREAU_MONTH_KEYS & set(hk) or _BUREAU_YTD_KEYS & set(hk))
        ):
            return i
    return None


def _existing_columns(rows: list[list[str | None]]) -> str:
    for row in rows:
        cells = [str(c).strip() for c in row if c is not None and str(c).strip()]
        if cells:
            return "、".join(cells)
    return "（无）"


# bytes read to detect the encoding and find the header row (the rest is decoded by pandas)
SNIFF_BYTES = 256 * 1024
# encodings tried in order, strictly
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


def _unreadable_encoding(path: Path) -> _FileProblem:
    return _FileProblem(
        Problem(
            path.name,
            None,
            None,
            None,
            "无法读取文件：编码既不是 UTF-8 也不是 GBK/GB18030",
            "请另存为 UTF-8 编码的 CSV 或 .xlsx",
        )
    )


def _decode_head(path: Path) -> tuple[str, str]:
    """Decode the first SNIFF_BYTES strictly with the first encoding that fits."""
    import codecs

    with open(path, "rb") as fh:
        data = fh.read(SNIFF_BYTES)
    for enc in CSV_ENCODINGS:
        try:
            return codecs.getincrementaldecoder(enc)(errors="strict").decode(data, final=False), enc
        except UnicodeDecodeError:
            continue
    raise _unreadable_encoding(path)


def _sheet_file(name: str, sheet: str) -> str:
    """The name of one worksheet in problems and the ``file`` column: ``统计.xlsx[2月]``."""
    return f"{name}[{sheet}]"


def _ragged(file: str, line: int, n: int, m: int, cells: list[str], sep: str) -> Problem:
    return Problem(
        file, line, None, sep.join(cells), f"此行有{n}列，表头有{m}列", "请删除多余的逗号或补齐缺少的列"
    )


def _field_counts_differ(path: Path, sep: str, skip: int, m: int) -> bool:
    """True when a non-blank line after the first ``skip`` lines has other than ``m`` fields.

    Vectorised on the raw bytes (commas, tabs and newlines are single bytes in UTF-8 and GB18030);
    only for files without quotes, where a separator byte always separates fields. Files with
    quotes go to the fast parser, which reports extra fields as a tokenizing error.
    """
    import numpy as np

    data = path.read_bytes()
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


def _read_csv_rows(
    path: Path, encoding: str, sep: str, skip: int, m: int
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a CSV with ragged rows by the csv module: good rows as text, each bad row as a Problem.

    Extra fields that are all empty (trailing commas) are dropped; a row with extra non-empty fields
    or with missing fields is a problem. Lines are records as a spreadsheet shows them (header = line 1).
    """
    import io

    import pandas as pd

    text = path.read_bytes().decode(encoding, errors="strict")
    body: list[list[str | None]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=sep)):
        if i < skip:
            continue
        cells = [c if c.strip() else None for c in row]
        if len(cells) > m and all(c is None for c in cells[m:]):
            cells = cells[:m]
        if len(cells) != m and any(c is not None for c in cells):
            problems.append(_ragged(path.name, i + 1, len(row), m, row, sep))
            continue
        body.append((cells + [None] * m)[:m])
        lines.append(i + 1)
    import numpy as np

    columns = list(zip(*body, strict=True)) if body else [()] * m
    df = pd.DataFrame({j: np.array(c, dtype=object) for j, c in enumerate(columns)})
    df["line"] = np.array(lines, dtype=np.int64)
    return df, problems


def _read_csv(path: Path, keys: dict[str, str], need: set[str]) -> _Table:
    import pandas as pd

    text, enc = _decode_head(path)
    if not text.strip():
        raise _FileProblem(
            Problem(path.name, None, None, None, "文件为空", "请检查是否选错了文件，或文件未保存")
        )
    head = text.splitlines()[: HEADER_SEARCH_LINES + 1]
    first = next((ln for ln in head if ln.strip()), "")
    sep = "\t" if first.count("\t") > first.count(",") else ","
    rows = [r for r in csv.reader(head, delimiter=sep)]
    rows = [[c if c.strip() else None for c in r] for r in rows]
    h = _find_header(rows, keys, need)
    if h is None:
        raise _FileProblem(_no_header(path.name, rows, need))
    header = [c.strip() if c else "" for c in rows[h]]
    m = len(header)
    encodings = [e for e in CSV_ENCODINGS if CSV_ENCODINGS.index(e) >= CSV_ENCODINGS.index(enc)]
    ragged = _field_counts_differ(path, sep, h + 1, m)
    for k, encoding in enumerate(encodings):
        try:
            if ragged:
                df, problems = _read_csv_rows(path, encoding, sep, h + 1, m)
                return _Table(path.name, h + 1, header, _texts(rows[:h]), df, problems=problems)
            df = pd.read_csv(
                path,
                encoding=encoding,
                encoding_errors="strict",
                sep=sep,
                header=None,
                names=list(range(m)),
                skiprows=h + 1,
                # text columns as plain object arrays: the C parser reuses one str object per distinct
                # text, so factorising them later is cheap; category dtype would be ~2x slower to read
                # (it defeats pandas' parallel CSV reader). Numbers by the C parser's float conversion.
                dtype={j: object for j, c in enumerate(header) if _hkey(c) not in _NUMERIC_KEYS},
                keep_default_na=False,
                na_values=[""],
                skip_blank_lines=False,
                index_col=False,
            )
            break
        except UnicodeDecodeError:
            if k == len(encodings) - 1:
                raise _unreadable_encoding(path) from None
        except (pd.errors.ParserError, ValueError):
            # a ragged row the byte count could not see (quoted fields): read row by row
            df, problems = _read_csv_rows(path, encoding, sep, h + 1, m)
            return _Table(path.name, h + 1, header, _texts(rows[:h]), df, problems=problems)
    df["line"] = range(h + 2, h + 2 + len(df))
    return _Table(path.name, h + 1, header, _texts(rows[:h]), df)


def _texts(rows: list[list[str | None]]) -> list[str]:
    return [" ".join(str(c) for c in r if c is not None) for r in rows]


def _blank(rows: list[list[str | None]]) -> bool:
    return not any(any(c is not None for c in r) for r in rows)


def _read_xlsx(
    path: Path, keys: dict[str, str], need: set[str], other: tuple[dict[str, str], set[str]]
) -> list[_Table]:
    """Every worksheet with a header of this kind, in workbook order.

    Explanation sheets (:data:`EXPLANATION_SHEETS`), empty sheets and hidden sheets without a header
    (drop-down lists) are skipped; a sheet with the
    header of the ``other`` kind (``(keys, need)`` of the milestone log for actuals, and vice versa)
    belongs to the other loader. Any other non-empty sheet is a problem naming the sheet.
    """
    import openpyxl
    import pandas as pd

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on broken or non-xlsx files
        raise _FileProblem(
            Problem(
                path.name,
                None,
                None,
                None,
                f"无法读取 Excel 文件：{exc}",
                "请用 Excel/WPS 另存为 .xlsx（不支持旧版 .xls）",
            )
        ) from exc
    skip = {_hkey(n) for n in EXPLANATION_SHEETS}
    tables: list[_Table] = []
    unknown: list[Problem] = []
    try:
        for name in wb.sheetnames:
            if _hkey(name) in skip:
                continue
            rows = [[_cell_text(v) for v in r] for r in wb[name].iter_rows(values_only=True)]
            if _blank(rows):
                continue
            h = _find_header(rows, keys, need)
            if h is None:
                # a hidden sheet without a header holds drop-down lists (the template's 选项)
                hidden = getattr(wb[name], "sheet_state", "visible") != "visible"
                if _find_header(rows, *other) is None and not hidden:
                    unknown.append(_no_sheet_header(_sheet_file(path.name, name), name, rows))
                continue
            header = [c.strip() if c else "" for c in rows[h]]
            n = len(header)
            body = [(r + [None] * n)[:n] for r in rows[h + 1 :]]
            df = pd.DataFrame(body, columns=list(range(n)), dtype=object)
            df["line"] = range(h + 2, h + 2 + len(df))
            file = _sheet_file(path.name, name)
            tables.append(_Table(file, h + 1, header, _texts(rows[:h]), df, sheet=name))
    finally:
        wb.close()
    if unknown:
        if tables:  # the readable sheets load; each unreadable one is reported
            tables[0].problems.extend(unknown)
        else:
            raise _FileProblem(*unknown)
    return tables


# what a recognisable header looks like, named in problems about a sheet without one
EXPECTED_HEADERS = (
    "实际值长表的 指标、时期、数值（英文 indicator, period, value），"
    "统计月报的 指标、单位、本月、1-本月(累计)，或里程碑表的 里程碑(或 项目)、状态"
)


def _no_sheet_header(file: str, sheet: str, rows: list[list[str | None]]) -> Problem:
    return Problem(
        file,
        None,
        None,
        None,
        f"工作表“{sheet}”找不到可识别的表头：应为{EXPECTED_HEADERS}",
        f"现有内容：{_existing_columns(rows)}；说明性的工作表请命名为“说明”",
    )


def _no_header(file: str, rows: list[list[str | None]], need: set[str]) -> Problem:
    if _blank(rows):
        return Problem(file, None, None, None, "文件为空", "请检查是否选错了文件，或文件未保存")
    if "milestone" in need:
        want = "里程碑(或 项目)、状态"
    else:
        want = (
            "指标、时期、数值（英文 indicator, period, value），或统计月报的 指标、单位、本月、1-本月(累计)"
        )
    return Problem(
        file,
        None,
        None,
        None,
        f"缺少必需的列：找不到含“{want}”的表头行",
        f"现有列：{_existing_columns(rows)}",
    )


# (header keys, required columns) of each kind of table
_ACTUALS_KIND = (_LONG_KEYS, {"indicator"})
_MILESTONE_KIND = (_MILESTONE_KEYS, {"milestone", "status"})


def _read_tables(path: Path, kind: tuple[dict[str, str], set[str]]) -> list[_Table]:
    """The tables of one file: one for a CSV, one per recognised worksheet for an .xlsx."""
    keys, need = kind
    if not path.exists():
        raise _FileProblem(Problem(path.name, None, None, str(path), "文件不存在", "请检查路径和文件名"))
    if path.stat().st_size == 0:
        raise _FileProblem(
            Problem(path.name, None, None, None, "文件为空", "请检查是否选错了文件，或文件未保存")
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        other = _MILESTONE_KIND if kind is _ACTUALS_KIND else _ACTUALS_KIND
        return _read_xlsx(path, keys, need, other)
    if suffix == ".xls":
        raise _FileProblem(
            Problem(
                path.name, None, None, None, "无法读取旧版 .xls 文件", "请用 Excel/WPS 另存为 .xlsx 或 CSV"
            )
        )
    return [_read_csv(path, keys, need)]


# ----------------------------------------------------------------------------------------------
# the catalog, indexed once
# ----------------------------------------------------------------------------------------------


class _Index:
    """Name → indicator_id lookups and per-indicator facts, built once per load."""

    def __init__(self, targets: pd.DataFrame):
        self.targets = targets
        self.ids = list(targets["indicator_id"])
        self.pos = {i: k for k, i in enumerate(self.ids)}
        self.name = dict(zip(targets["indicator_id"], targets["indicator"], strict=True))
        self.unit = dict(zip(targets["indicator_id"], targets["unit"].fillna(""), strict=True))
        self.kind = dict(zip(targets["indicator_id"], targets["kind"], strict=True))
        self.basis = dict(zip(targets["indicator_id"], targets["basis"], strict=True))
        self.names = NameIndex.from_targets(targets)

    def resolve(self, text: str) -> str | None:
        return self.names.resolve(text)

    def near_miss(self, text: str) -> str | None:
        """The catalog name ``text`` is a typo of, or None (see :meth:`NameIndex.near_miss`)."""
        return self.names.near_miss(text)

    def suggestion(self, text: str, kinds: set[str] | None = None) -> str | None:
        return self.names.suggest(text, kinds)


def _targets(targets: pd.DataFrame | None) -> pd.DataFrame:
    if targets is not None:
        return targets
    from .. import catalog

    return catalog.load_targets()


# ----------------------------------------------------------------------------------------------
# cell interpretation (once per distinct text)
# ----------------------------------------------------------------------------------------------


def _parse_number(text: str) -> tuple[str, float | None, str | None]:
    """('ok', number, unit suffix or None) | ('missing', None, None) | ('bad', None, None)."""
    t = unicodedata.normalize("NFKC", str(text)).strip()
    t = re.sub(r"[\s,']", "", t)
    if t.lower() in MISSING_TOKENS:
        return "missing", None, None
    m = _NUMBER_RE.match(t)
    if not m:
        return "bad", None, None
    rest = m.group(2).strip()
    return "ok", float(m.group(1)), (rest or None)


def _parse_rate(text: str) -> tuple[str, float | None]:
    """'增长-8.7%' / '-8.7%' / '下降8.7%' / '8.7' → ('ok', -8.7 …); blank-like → ('missing', None)."""
    t = re.sub(r"[\s,]", "", unicodedata.normalize("NFKC", str(text)))
    if t.lower() in MISSING_TOKENS:
        return "missing", None
    sign = 1.0
    for word in _RATE_DOWN:
        if t.startswith(word):
            t, sign = t[len(word) :], -1.0
            break
    else:
        for word in _RATE_UP:
            if t.startswith(word):
                t = t[len(word) :]
                break
    t = t.removesuffix("%").removesuffix("个百分点")
    try:
        return "ok", sign * float(t)
    except ValueError:
        return "bad", None


def _fmt(v: float) -> str:
    return f"{v:.10g}"


# ----------------------------------------------------------------------------------------------
# records: one value each, from either layout
# ----------------------------------------------------------------------------------------------


def _title_period(table: _Table, path: Path) -> str | None:
    """The period named in the title rows, else the sheet name, else the file name."""
    for text in [*table.above, *([table.sheet] if table.sheet else []), path.stem]:
        s = normalize_text(text)
        for pattern in _PERIOD_IN_TEXT:
            m = pattern.search(s)
            if m:
                return m.group(0)
    return None


def _has_number(values, parse) -> Any:
    """Boolean array: the cell holds a number (plain, or a text ``parse`` reads as one)."""
    import numpy as np

    num, codes, _, results = _numbers(values, parse)
    has = ~np.isnan(num)
    if results:
        has |= _take([r[0] == "ok" for r in results], codes, False, bool)
    return has


def _records(
    table: _Table, path: Path, year: int, idx: _Index
) -> tuple[dict[str, Any], dict[str, str], list[dict[str, Any]]]:
    """Turn a table (long or bureau layout) into records: plain arrays ``indicator, period, value, unit,
    basis, yoy_pct, source, note, line`` (bureau tables also ``value_col, yoy_col``), the header
    text of each column (for problem reports; ``cols['layout']`` is 'long' or 'bureau'), and the
    lines ignored (bureau headings and notes: no number in any value column, no catalog indicator).
    No intermediate DataFrame: pandas would copy every object column of a 10^6-row file each time."""
    import numpy as np
    import pandas as pd

    keys = [_hkey(h) for h in table.header]
    d = table.data
    n = len(d)
    is_bureau = bool(_BUREAU_MONTH_KEYS & set(keys) or _BUREAU_YTD_KEYS & set(keys)) and not any(
        _LONG_KEYS.get(k) == "value" for k in keys
    )

    if not is_bureau:
        where: dict[str, int] = {}
        for j, k in enumerate(keys):
            name = _LONG_KEYS.get(k)
            if name and name not in where:
                where[name] = j
        title = None
        missing = [c for c in ("indicator", "period", "value") if c not in where]
        if missing == ["period"]:
            title = _title_period(table, path)
            if title is not None:
                missing = []
        if missing:
            zh = {"indicator": "指标(indicator)", "period": "时期(period)", "value": "数值(value)"}
            raise _FileProblem(
                Problem(
                    table.file,
                    table.header_line,
                    None,
                    None,
                    f"缺少必需的列：{'、'.join(zh[c] for c in missing)}",
                    f"现有列：{'、'.join(h for h in table.header if h)}",
                )
            )
        blank = None

        def col(name: str):
            nonlocal blank
            j = where.get(name)
            if j is not None:
                return d[j].to_numpy()
            if blank is None:
                blank = np.full(n, None, dtype=object)
            return blank

        rec = {
            c: col(c) for c in ("indicator", "period", "value", "unit", "basis", "yoy_pct", "source", "note")
        }
        if title is not None:
            rec["period"] = np.full(n, title, dtype=object)
        rec["line"] = d["line"].to_numpy(dtype=np.int64)
        hdr = table.header
        cols = {
            c: (hdr[where[c]] if c in where else c)
            for c in ("indicator", "period", "value", "unit", "basis", "yoy_pct")
        }
        if title is not None:
            cols["period"] = "标题/文件名中的时期"
        cols["layout"] = "long"
        return rec, cols, []

    # the bureau's monthly table: 指标 | 单位 | 本月 | 同比增长(%) | 1-本月 (累计) | 同比增长(%)
    ind = next(j for j, k in enumerate(keys) if k in ("指标", "指标名称"))
    unit = next((j for j, k in enumerate(keys) if _LONG_KEYS.get(k) == "unit"), None)
    month = next((j for j, k in enumerate(keys) if k in _BUREAU_MONTH_KEYS), None)
    ytd = next((j for j, k in enumerate(keys) if k in _BUREAU_YTD_KEYS), None)
    yoy_of: dict[int, int] = {}
    for j, k in enumerate(keys):
        if _LONG_KEYS.get(k) == "yoy_pct":
            owners = [v for v in (month, ytd) if v is not None and v < j]
            if owners:
                yoy_of.setdefault(max(owners), j)
    period = _title_period(table, path)
    if period is None:
        raise _FileProblem(
            Problem(
                table.file,
                None,
                None,
                None,
                "找不到报表时期：表头上方的标题和文件名中都没有时期（如“2026年1-3月”）",
                "在表头上方加一行标题（如“柳林县2026年1-3月主要经济指标”），或把文件改名为“2026年1-3月.xlsx”",
            )
        )
    try:
        end_month = parse_period(period, year).end_month
    except PeriodError as exc:
        raise _FileProblem(
            Problem(
                table.file,
                None,
                None,
                period,
                f"标题或文件名中的时期无法识别：{exc}",
                "把标题改为“柳林县2026年1-3月主要经济指标”这样的写法",
            )
        ) from exc
    # headings (一、工业) and notes (注：…, 数据来源：…): no number anywhere, not a catalog indicator
    numeric = np.zeros(len(d), dtype=bool)
    for j in {month, ytd, *yoy_of.values()} - {None}:
        numeric |= _has_number(d[j].to_numpy(), _parse_rate if j in yoy_of.values() else _parse_number)
    icodes, _, ires = _map_unique(d[ind].to_numpy(), idx.resolve)
    tracked = _take([r is not None for r in ires], icodes, False, bool)
    heading = ~numeric & ~tracked
    ignored: list[dict[str, Any]] = []
    if heading.any():
        cells = d.loc[heading, [c for c in d.columns if c != "line"]]
        for line, row in zip(d.loc[heading, "line"], cells.itertuples(index=False), strict=True):
            text = " ".join(str(c).strip() for c in row if c is not None and c == c and str(c).strip())
            ignored.append({"file": table.file, "line": int(line), "text": text, "reason": IGNORED_HEADING})
        d = d[~heading]
    parts = []
    has_month = d[month].notna() if month is not None else pd.Series(False, index=d.index)
    has_ytd = d[ytd].notna() if ytd is not None else pd.Series(False, index=d.index)
    for j, basis, mask in ((month, "month", has_month), (ytd, "ytd", has_ytd | ~has_month)):
        if j is None:
            continue
        sub = d[mask]
        parts.append(
            pd.DataFrame(
                {
                    "indicator": sub[ind],
                    "period": end_month if basis == "month" else period,
                    "value": sub[j],
                    "unit": sub[unit] if unit is not None else None,
                    "basis": basis,
                    "yoy_pct": sub[yoy_of[j]] if j in yoy_of else None,
                    "source": None,
                    "note": None,
                    "line": sub["line"],
                    "value_col": table.header[j],
                    "yoy_col": table.header[yoy_of[j]] if j in yoy_of else "同比增长(%)",
                }
            )
        )
    df = pd.concat(parts).sort_values("line", kind="stable")
    rec = {c: df[c].to_numpy(dtype=object) for c in df.columns if c != "line"}
    for c in ("value", "yoy_pct"):  # numbers stay numbers (as the CSV parser left them)
        rec[c] = df[c].to_numpy()
    rec["line"] = df["line"].to_numpy(dtype=np.int64)
    cols = {
        "indicator": table.header[ind],
        "period": "标题/文件名中的时期",
        "unit": table.header[unit] if unit is not None else "单位",
        "basis": "口径",
        "layout": "bureau",
    }
    return rec, cols, ignored


# ----------------------------------------------------------------------------------------------
# validation
# ----------------------------------------------------------------------------------------------


# columns shorter than this are factorised by value directly
FAST_FACTORIZE_MIN = 50_000


def _factorize(values):
    """``pd.factorize`` of an object column (codes, uniques; -1 = missing), in first-appearance order.

    pandas' C parser hands out one shared ``str`` object per distinct text of a chunk, so a large column
    holds only a few thousand distinct objects: they are told apart by identity first (a hash of the
    pointers, ~10x cheaper than hashing and comparing the texts), then the few objects by value.
    """
    import ctypes

    import numpy as np
    import pandas as pd

    arr = np.asarray(values, dtype=object)
    if len(arr) < FAST_FACTORIZE_MIN or not arr.flags.c_contiguous:
        return pd.factorize(arr, use_na_sentinel=True)
    # the array's own memory: one PyObject pointer per cell (valid while ``arr`` is alive)
    ptrs = np.frombuffer((ctypes.c_size_t * len(arr)).from_address(arr.ctypes.data), dtype=np.uintp)
    pcodes, pointers = pd.factorize(ptrs)
    first = np.empty(len(pointers), dtype=np.intp)
    first[pcodes] = np.arange(len(arr))  # any row holding the object will do
    rcodes, uniques = pd.factorize(arr[first], use_na_sentinel=True)
    return rcodes[pcodes], uniques


def _map_unique(values, func) -> tuple[Any, list, list]:
    """(codes, distinct values, results) — func applied once per distinct non-missing value; code -1 = missing."""
    import numpy as np
    import pandas as pd

    if isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        codes, uniques = np.asarray(values.cat.codes, dtype=np.intp), list(values.cat.categories)
    else:
        codes, uniques = _factorize(values)
        uniques = list(uniques)
    return codes, uniques, [func(u) for u in uniques]


def _has_content(data: pd.DataFrame):
    """Boolean array: the row has at least one non-blank cell (blank spreadsheet lines are not data)."""
    import numpy as np

    cols = [c for c in data.columns if c != "line"]
    if not cols or not len(data):
        return np.zeros(len(data), dtype=bool)
    first = np.array(
        data[cols[0]].notna().to_numpy(), dtype=bool
    )  # writable (pandas may hand out read-only views)
    rest = ~first
    if rest.any() and len(cols) > 1:
        first[rest] = data.loc[rest, cols[1:]].notna().any(axis=1).to_numpy()
    return first


def _take(results: list, codes, missing: Any = None, dtype: Any = object):
    """``results[code]`` for every code (code -1 → ``missing``), as an array of ``dtype``."""
    import numpy as np

    arr = np.empty(len(results) + 1, dtype=dtype)
    arr[: len(results)] = results
    arr[len(results)] = missing
    return arr[codes]


def _numbers(values, parse):
    """Floats from a column as the CSV parser left it, and the rows it could not read as plain numbers.

    Returns ``(num, codes, uniques, results)``: ``num`` has NaN for blank and odd cells; for an
    object column ``parse`` ran once per distinct odd text (``codes`` index ``results``, -1 = none).
    """
    import numpy as np
    import pandas as pd

    arr = np.asarray(values)
    if arr.dtype.kind in "fiub":
        return arr.astype(float), None, [], []
    codes, uniques = _factorize(arr)
    unum = np.array(pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce"), dtype=float)
    odd = np.flatnonzero(np.isnan(unum))  # distinct texts that are not plain numbers
    results = [parse(uniques[k]) for k in odd]
    # code of each row into results (-1: blank or plain number)
    remap = np.full(len(uniques) + 1, -1, dtype=np.intp)
    remap[odd] = np.arange(len(odd))
    num = np.append(unum, np.nan)[codes]
    return num, remap[codes], [uniques[k] for k in odd], results


class _Problems:
    """Problems collected as columns (vectorised), turned into one frame at the end."""

    def __init__(self):
        # each part: (n, file, line, column, value, message, hint); each a scalar or an n-long array
        self.frames: list[tuple] = []

    def add_rows(self, file, lines, column, values, message, hint) -> None:
        import numpy as np

        lines = np.asarray(lines if isinstance(lines, np.ndarray) else list(lines), dtype=object)
        if not len(lines):
            return
        if not isinstance(values, str):
            values = np.array(
                [None if v is None or v != v else str(v) for v in values] + [None], dtype=object
            )[:-1]
        self.frames.append((len(lines), file, lines, column, values, message, hint))

    def add(self, p: Problem) -> None:
        self.add_rows(p.file, [p.line], p.column, [p.value], p.message, p.hint)

    def frame(self) -> pd.DataFrame:
        import numpy as np
        import pandas as pd

        if not self.frames:
            df = pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS})
            df["line"] = df["line"].astype("Int64")
            return df

        def column(i: int):
            parts = []
            for part in self.frames:
                v = part[i]
                parts.append(v if isinstance(v, np.ndarray) else np.full(part[0], v, dtype=object))
            return np.concatenate(parts) if len(parts) > 1 else parts[0]

        lines = column(2)
        line = pd.array(np.where(pd.isna(lines), np.nan, lines).astype(float), dtype="Int64")
        data = {"file": column(1), "line": line, "column": column(3), "value": column(4)}
        data.update(message=column(5), hint=column(6))
        return pd.DataFrame({c: pd.Series(v, dtype=object) if c != "line" else v for c, v in data.items()})


def _validate(
    rec: dict[str, Any],
    cols: dict[str, str],
    file: str,
    file_no: int,
    idx: _Index,
    year: int,
    probs: _Problems,
) -> dict[str, Any]:
    """Interpret and check each record; returns the records as arrays with computed columns and a 'bad' flag.

    Each distinct indicator, period, basis, unit and odd value text is interpreted once; the
    results are mapped back onto the rows with integer codes (no per-row Python on the hot path).
    """
    import numpy as np
    import pandas as pd

    n = len(rec["line"])
    bad = np.zeros(n, dtype=bool)
    lines = rec["line"]
    value_col = rec["value_col"] if "value_col" in rec else cols["value"]
    yoy_col = rec["yoy_col"] if "yoy_col" in rec else cols["yoy_pct"]
    basis_col = cols.get("basis", "口径")
    unit_col = cols.get("unit", "单位")

    ign = np.zeros(n, dtype=bool)  # rows of indicators the catalog does not track (bureau tables)

    def report(mask, column, values, message, hint):
        """Report the rows of ``mask`` (not the ignored ones); column and message may be per-row arrays."""
        rows = np.flatnonzero(mask & ~ign)
        if not len(rows):
            return
        bad[rows] = True
        probs.add_rows(
            file,
            lines[rows],
            column[rows] if isinstance(column, np.ndarray) else column,
            values[rows],
            message[rows] if isinstance(message, np.ndarray) else message,
            hint,
        )

    def per_code(codes, messages: list):
        """(mask, per-row message) of the rows whose distinct text got a message (None = fine)."""
        table = np.array([*messages, None], dtype=object)
        has = np.array([m is not None for m in messages] + [False], dtype=bool)
        return has[codes], table[codes]

    # -- indicator: one lookup per distinct text
    raw_ind = rec["indicator"]
    codes, names, res = _map_unique(raw_ind, idx.resolve)
    bureau = cols.get("layout") == "bureau"
    unknown: list[str | None] = [None] * len(res)
    untracked: list[bool] = [False] * len(res)
    milestone: list[str | None] = [None] * len(res)
    for k, (name, iid) in enumerate(zip(names, res, strict=True)):
        if iid is None and bureau:
            # the bureau's table lists many indicators the catalog does not track; a near miss is a typo
            sug = idx.near_miss(str(name))
            if sug is None:
                untracked[k] = True
            else:
                unknown[k] = f"未知指标“{str(name).strip()}”，您是否指“{sug}”？"
        elif iid is None:
            sug = idx.suggestion(str(name))
            unknown[k] = f"未知指标“{str(name).strip()}”" + (f"，您是否指“{sug}”？" if sug else "")
        elif idx.kind.get(iid) == "milestone":
            milestone[k] = f"“{idx.name[iid]}”是里程碑事项，不是数值指标"
            res[k] = None
    if any(untracked):
        ign[:] = _take(untracked, codes, False, bool)
    report(codes == -1, cols["indicator"], raw_ind, "指标为空", "填写指标名称（如“原煤产量”）或指标编号")
    if any(m is not None for m in unknown):
        mask, msg = per_code(codes, unknown)
        report(mask, cols["indicator"], raw_ind, msg, "请使用目标目录中的指标名称、编号或别名")
    if any(m is not None for m in milestone):
        mask, msg = per_code(codes, milestone)
        report(mask, cols["indicator"], raw_ind, msg, "里程碑请填在里程碑表（列：里程碑、状态、日期、备注）")
    ids = _take(res, codes)
    known = _take([r is not None for r in res], codes, False, bool)
    is_level = _take([idx.basis.get(r) == "level" for r in res], codes, False, bool)
    neg_ok = _take([idx.kind.get(r) in NEGATIVE_OK_KINDS for r in res], codes, False, bool)
    growth = _take([idx.kind.get(r) == "growth" for r in res], codes, False, bool)
    cat_unit = _take([idx.unit.get(r, "") if r else "" for r in res], codes, "")
    ipos = np.array([idx.pos.get(r, -1) if r else -1 for r in res] + [-1], dtype=np.int64)[codes]
    # year-to-date sums of monthly values: only for quantities that add up (not rates, ratios or levels)
    additive = _take([_is_additive(idx, r) for r in res], codes, False, bool)

    # -- period: one parse per distinct text
    raw_per = rec["period"]

    def per(text):
        try:
            return parse_period(text, year)
        except PeriodError:
            return None

    pcodes, _, pres = _map_unique(raw_per, per)
    report(pcodes == -1, cols["period"], raw_per, "时期为空", f"可用的写法：{ACCEPTED_FORMS}")
    unread = ["无法识别的时期" if p is None else None for p in pres]
    if any(m is not None for m in unread):
        mask, msg = per_code(pcodes, unread)
        report(mask, cols["period"], raw_per, msg, f"可用的写法：{ACCEPTED_FORMS}")
    other_year = [f"时期不在目标年份{year}年内" if p is not None and p.year != year else None for p in pres]
    if any(m is not None for m in other_year):
        mask, msg = per_code(pcodes, other_year)
        report(
            mask,
            cols["period"],
            raw_per,
            msg,
            f"只填报{year}年的数据；其他年份的数据请另存一个文件，加载时指定 year",
        )
    end = _take([p.end_month if p else None for p in pres], pcodes)
    yyyymm = np.array([int(p.end_month.replace("-", "")) if p else 0 for p in pres] + [0], dtype=np.int64)[
        pcodes
    ]
    ok_period = _take([p is not None for p in pres], pcodes, False, bool)
    p_from_jan = _take([bool(p and p.start == 1 and p.end > 1) for p in pres], pcodes, False, bool)
    p_single = _take([bool(p and p.kind == "month") for p in pres], pcodes, False, bool)

    # -- basis: written, implied by the period, or the catalog's default
    raw_basis = rec["basis"]
    bcodes, _, bres = _map_unique(raw_basis, lambda t: _BASIS_KEYS.get(_hkey(t)))
    if any(b is None for b in bres):
        mask, _msg = per_code(bcodes, ["x" if b is None else None for b in bres])
        report(mask, basis_col, raw_basis, "无法识别的口径", "口径填“当月”“累计”或“时点”（month/ytd/level）")
    gcode = np.array([_BASIS_CODE.get(b, -1) for b in bres] + [-1], dtype=np.int64)[bcodes]
    blank = bcodes == -1
    flow = known & ~is_level
    bcode = np.where(is_level, _BASIS_CODE["level"], gcode)
    bcode = np.where(flow & blank & p_from_jan, _BASIS_CODE["ytd"], bcode)
    bcode = np.where(flow & blank & p_single, _BASIS_CODE["month"], bcode)
    report(
        flow & blank & ok_period & ~p_from_jan & ~p_single,
        cols["period"],
        raw_per,
        "时期既不是单月，也不是从1月起的累计",
        "累计值请写成“1-N月”，或按单月填报",
    )
    report(
        flow & (gcode == _BASIS_CODE["month"]) & ok_period & ~p_single,
        basis_col,
        raw_basis,
        "口径“当月”与跨月的时期矛盾",
        "跨月的时期（如1-3月）应填“累计”；当月值请按单月填报",
    )
    report(
        flow & (gcode == _BASIS_CODE["level"]),
        basis_col,
        raw_basis,
        "该指标是累计/流量指标，口径不能是“时点”",
        "口径填“当月”或“累计”",
    )

    # -- value: plain numbers by pandas; each odd distinct text once through Python
    raw_val = rec["value"]
    num, scodes, _, sres = _numbers(raw_val, _parse_number)
    raw_unit = rec["unit"]
    if sres:
        slow = scodes >= 0
        sc = scodes[slow]
        num[slow] = _take([np.nan if r[1] is None else r[1] for r in sres], sc, np.nan, float)
        report(
            _take([r[0] == "bad" for r in sres], scodes, False, bool),
            value_col,
            raw_val,
            "数值不是数字",
            "只填数字（可带千分位逗号，如 3,600.5）；没有数据请留空",
        )
        suffix = _take([r[2] for r in sres], sc)
        has_suffix = np.array([s is not None for s in suffix], dtype=bool)
        if has_suffix.any():
            raw_unit = raw_unit.astype(object, copy=True)
            in_col = raw_unit[slow]
            ucol = np.array([_unit_key(u) if isinstance(u, str) else "" for u in in_col], dtype=object)
            usuf = np.array([_unit_key(u) if u else "" for u in suffix], dtype=object)
            clash = np.zeros(n, dtype=bool)
            clash[slow] = has_suffix & (ucol != "") & (ucol != usuf)
            report(
                clash,
                value_col,
                raw_val,
                "数值后写的单位与“单位”列不一致",
                "只在“单位”列写单位，数值列只写数字",
            )
            in_col[has_suffix] = suffix[has_suffix]
            raw_unit[slow] = in_col
    report(
        known & (num < 0) & ~neg_ok,
        value_col,
        raw_val,
        "数值为负：该指标不可能小于0",
        "检查是否把同比增速填进了数值列；下降请写在“同比增长(%)”列",
    )

    # -- yoy
    raw_yoy = rec["yoy_pct"]
    yoy, ycodes, _, yres = _numbers(raw_yoy, _parse_rate)
    if yres:
        yslow = ycodes >= 0
        yoy[yslow] = _take([np.nan if r[1] is None else r[1] for r in yres], ycodes[yslow], np.nan, float)
        report(
            _take([r[0] == "bad" for r in yres], ycodes, False, bool),
            yoy_col,
            raw_yoy,
            "同比增长不是数字",
            "写成 -8.7、-8.7%、增长-8.7% 或 下降8.7%；没有请留空",
        )

    # -- unit: one factor per distinct (written unit, catalog unit) pair
    factor = np.ones(n, dtype=float)
    from_yoy = np.zeros(n, dtype=bool)
    if known.any():
        # code -1: a blank unit cell, read as the catalog unit (factor 1)
        ucodes, uniq_units = _factorize(raw_unit)
        pair = ucodes.astype(np.int64) * (len(res) + 1) + codes.astype(np.int64)
        pair[~known | (ucodes < 0)] = -1
        pinv, pcode = pd.factorize(pair)
        fres = []
        for key in pcode:
            if key < 0:
                fres.append(1.0)
                continue
            u, iid = uniq_units[key // (len(res) + 1)], res[key % (len(res) + 1)]
            fres.append(_unit_factor(str(u), idx.unit.get(iid, "")))
        failed = [f if isinstance(f, str) else None for f in fres]
        if any(m is not None for m in failed):
            mask, msg = per_code(pinv, failed)
            # a growth indicator given as an amount (规模以上工业增加值 万元) with its yoy: the yoy is the value
            from_yoy = mask & growth & ~np.isnan(yoy)
            mask &= ~from_yoy
            report(
                mask,
                unit_col,
                raw_unit,
                msg,
                "请改用目标目录的单位，或可换算的单位（如 吨→万吨、公顷→万亩、吨→万斤）",
            )
        factor = np.array([f if isinstance(f, float) else np.nan for f in fres], dtype=float)[pinv]
    value = num * factor
    note = rec["note"]
    if from_yoy.any():
        value[from_yoy] = yoy[from_yoy]
        note = np.array(note, dtype=object, copy=True)
        old = note[from_yoy]
        note[from_yoy] = [
            NOTE_FROM_YOY if o is None or o != o or not str(o).strip() else f"{o}；{NOTE_FROM_YOY}"
            for o in old
        ]

    return {
        "indicator_id": ids,
        "period": end,
        "bcode": bcode,
        "value": value,
        "unit": np.where(known, cat_unit, None),
        "raw_value": num,
        "raw_unit": raw_unit,
        "yoy_pct": yoy,
        "source": rec["source"],
        "note": note,
        "file": file,
        "line": lines,
        "bad": bad,
        "ignored": ign,
        "raw_indicator": raw_ind,
        "value_col": value_col,
        "raw_text": raw_val,
        "additive": additive,
        # one integer per (indicator, period, basis) and per (file, line), for fast grouping
        "key": ipos * 10_000_000 + yyyymm * 10 + bcode,
        "rid": file_no * LINE_SPACE + lines,
    }


def _is_additive(idx: _Index, indicator_id: str | None) -> bool:
    """True for flows and counts in additive units: their ytd is the sum of the months and cannot fall.

    Growth rates, ratios (开工率), levels (播种面积) and anything in % are not: a year-to-date growth
    rate may fall, and twelve monthly rates do not add up to the annual one.
    """
    if indicator_id is None:
        return False
    return (
        idx.basis.get(indicator_id) in ("flow", "count")
        and idx.kind.get(indicator_id) not in ("growth", "ratio")
        and idx.unit.get(indicator_id) != "%"
    )


def _unit_factor(raw: str, target: str) -> float | str:
    """The factor from ``raw`` to ``target``, or the problem message when they cannot be converted."""
    if _unit_key(raw) == _unit_key(target):
        return 1.0
    from .. import units

    try:
        return float(units.factor(_unit_key(raw), target))
    except UnitError:
        return f"单位“{raw}”无法换算为目标单位“{target}”"


def _line_ref(file, line, this_file) -> str:
    return f"第{line}行" if file == this_file else f"{file} 第{line}行"


# how many lines a duplicate-conflict message names
DUPLICATE_LINES_NAMED = 5


def _concat(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One set of arrays from the records of every file (scalars such as ``file`` become arrays)."""
    import numpy as np

    if len(parts) == 1:
        return parts[0]
    out: dict[str, Any] = {}
    for c in parts[0]:
        arrs = []
        for p in parts:
            v = p[c]
            arrs.append(v if isinstance(v, np.ndarray) else np.full(len(p["line"]), v, dtype=object))
        out[c] = np.concatenate(arrs) if len(arrs) > 1 else arrs[0]
    return out


def _at(rec: dict[str, Any], c: str, rows):
    """Column ``c`` of the records at positions ``rows`` (a scalar column stays as it is, broadcast)."""
    import numpy as np

    v = rec[c]
    return v[rows] if isinstance(v, np.ndarray) else np.full(len(rows), v, dtype=object)


def _cross_checks(rec: dict[str, Any], rows, probs: _Problems) -> tuple[Any, Any, int]:
    """Duplicate conflicts and decreasing ytd across all files (vectorised on integer keys).

    ``rows`` are the positions of the records that passed the per-cell checks. Returns the positions
    kept (identical duplicates kept once, superseded missing values dropped), the row ids (``rid``) to
    reject, and the number of identical duplicates merged.
    """
    import numpy as np
    import pandas as pd

    rejected = [np.empty(0, dtype=np.int64)]
    # a missing value is superseded by a value, or by an earlier missing value, for the same key
    value = rec["value"][rows]
    has = ~np.isnan(value)
    key = rec["key"][rows]
    superseded = np.zeros(len(rows), dtype=bool)
    if not has.all():
        superseded = ~has & (np.isin(key, key[has]) | pd.Series(key).duplicated(keep="first").to_numpy())
    merged_missing = int(superseded.sum())
    if merged_missing:
        keep = ~superseded
        rows, has, key, value = rows[keep], has[keep], key[keep], value[keep]
    dup = np.zeros(len(rows), dtype=bool)
    dup[has] = pd.Series(key[has]).duplicated(keep=False).to_numpy()
    merged = 0
    if dup.any():
        dpos = np.flatnonzero(dup)
        dkey = key[dpos]
        v = value[dpos]
        g = pd.Series(v).groupby(dkey, sort=False)
        vmin, vmax = g.transform("min").to_numpy(), g.transform("max").to_numpy()
        conflict = (vmax - vmin) > VALUE_RTOL * np.maximum(np.abs(vmax), np.abs(vmin))
        drop = ~conflict & pd.Series(dkey).duplicated(keep="first").to_numpy()
        merged = int(drop.sum())
        c = rows[dpos[conflict]]
        keep = np.ones(len(rows), dtype=bool)
        keep[dpos[drop]] = False
        rows = rows[keep]
        if len(c):
            ckey = dkey[conflict]
            cfile, cline, cval = _at(rec, "file", c), rec["line"][c], rec["value"][c]
            # the first DUPLICATE_LINES_NAMED lines of each key are named in its message
            named = np.flatnonzero(
                pd.Series(ckey).groupby(ckey, sort=False).cumcount().to_numpy() < DUPLICATE_LINES_NAMED
            )
            groups: dict[int, list[int]] = {}
            for j in named:
                groups.setdefault(int(ckey[j]), []).append(j)
            sizes = pd.Series(ckey).value_counts()
            summary: dict[int, str] = {}
            for gk, js in groups.items():
                files = {cfile[j] for j in js}
                parts = [
                    (f"第{cline[j]}行" if len(files) == 1 else f"{cfile[j]} 第{cline[j]}行")
                    + f"为 {_fmt(cval[j])}"
                    for j in js
                ]
                more = f" 等共 {sizes[gk]} 行" if sizes[gk] > len(parts) else ""
                summary[gk] = "同一指标、时期、口径有多行且数值不同：" + "、".join(parts) + more
            probs.add_rows(
                cfile,
                cline,
                _at(rec, "value_col", c),
                np.array([str(x) for x in rec["raw_text"][c]] + [None], dtype=object)[:-1],
                pd.Series(ckey).map(summary).to_numpy(dtype=object),
                "保留正确的一行，删除其余的行",
            )
            rejected.append(rec["rid"][c])
    ok = rows[~np.isin(rec["rid"][rows], rejected[-1])]
    y = ok[(rec["bcode"][ok] == _BASIS_CODE["ytd"]) & ~np.isnan(rec["value"][ok]) & rec["additive"][ok]]
    y = y[np.argsort(rec["key"][y], kind="stable")]
    if len(y) > 1:
        k = rec["key"][y]
        ind = k // 10_000_000
        v = rec["value"][y]
        down = np.zeros(len(y), dtype=bool)
        down[1:] = (ind[1:] == ind[:-1]) & (k[1:] != k[:-1]) & (v[1:] < v[:-1] * (1 - VALUE_RTOL))
        files, lines, periods = _at(rec, "file", y), rec["line"][y], rec["period"][y]
        vcols = _at(rec, "value_col", y)
        for j in np.flatnonzero(down):
            probs.add_rows(
                files[j],
                [int(lines[j])],
                vcols[j],
                [rec["raw_text"][y[j]]],
                f"累计值比上期小：{periods[j]}（本行）为 {_fmt(v[j])}，"
                f"{periods[j - 1]}（{_line_ref(files[j - 1], int(lines[j - 1]), files[j])}）为 {_fmt(v[j - 1])}",
                "累计值不应逐月下降；请核对是否把当月值填成了累计值",
            )
        rejected.append(rec["rid"][y][down])
    rejected.append(_month_ytd_check(rec, ok[~np.isin(rec["rid"][ok], np.concatenate(rejected))], probs))
    return rows, np.unique(np.concatenate(rejected)), merged + merged_missing


def _month_ytd_check(rec: dict[str, Any], rows, probs: _Problems):
    """Month values Jan..M against the ytd value of M, where every month Jan..M is reported.

    Vectorised: cumulative month sums per indicator, matched to the ytd rows on (indicator, month);
    Python only for the mismatches. A mismatch beyond MONTH_YTD_RTOL is a problem on the ytd line
    naming the month lines; returns the row ids (``rid``) of those ytd lines. Combined releases
    (ytd at February, no January month) are not checked.
    """
    import numpy as np
    import pandas as pd

    rows = rows[~np.isnan(rec["value"][rows]) & rec["additive"][rows]]
    b = rec["bcode"][rows]
    mrows, yrows = rows[b == _BASIS_CODE["month"]], rows[b == _BASIS_CODE["ytd"]]
    if not len(mrows) or not len(yrows):
        return np.empty(0, dtype=np.int64)
    mk = rec["key"][mrows]
    mind, mmon = mk // 10_000_000, (mk // 10) % 100
    order = np.lexsort((mmon, mind))
    mrows, mind, mmon = mrows[order], mind[order], mmon[order]
    frame = pd.DataFrame({"ind": mind, "v": rec["value"][mrows]})
    csum = frame.groupby("ind", sort=False)["v"].cumsum().to_numpy()
    complete = frame.groupby("ind", sort=False).cumcount().to_numpy() + 1 == mmon  # Jan..M all there
    if not complete.any():
        return np.empty(0, dtype=np.int64)
    yk = rec["key"][yrows]
    yind, ymon = yk // 10_000_000, (yk // 10) % 100
    pos = pd.Index(mind[complete] * 100 + mmon[complete]).get_indexer(yind * 100 + ymon)
    hit = pos >= 0
    total = np.where(hit, csum[complete][np.maximum(pos, 0)], np.nan)
    yv = rec["value"][yrows]
    off = hit & (np.abs(yv - total) > MONTH_YTD_RTOL * np.maximum(np.abs(yv), np.abs(total)))
    yfiles, mfiles = _at(rec, "file", yrows), _at(rec, "file", mrows)
    for j in np.flatnonzero(off):
        months = np.flatnonzero((mind == yind[j]) & (mmon <= ymon[j]))
        refs = "、".join(
            f"{_line_ref(mfiles[i], int(rec['line'][mrows[i]]), yfiles[j])} {_fmt(rec['value'][mrows[i]])}"
            for i in months
        )
        span = "1月" if ymon[j] == 1 else f"1-{ymon[j]}月"
        probs.add_rows(
            yfiles[j],
            [int(rec["line"][yrows[j]])],
            _at(rec, "value_col", yrows[j : j + 1])[0],
            [_cell_text(rec["raw_text"][yrows[j]])],
            f"当月值与累计值不符：{span}当月值合计为 {_fmt(total[j])}（{refs}），"
            f"{rec['period'][yrows[j]]} 累计值为 {_fmt(yv[j])}（本行）",
            "请核对当月值与累计值",
        )
    return rec["rid"][yrows[off]]


# ----------------------------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------------------------


def _as_paths(paths) -> list[Path]:
    if isinstance(paths, str | Path):
        return [Path(paths)]
    return [Path(p) for p in paths]


def load_actuals(
    paths,
    *,
    lenient: bool = False,
    targets: pd.DataFrame | None = None,
    year: int = 2026,
):
    """Load actuals from long tables and the bureau's monthly tables (CSV or .xlsx).

    Parameters
    ----------
    paths : str, Path or list of them
        CSV (UTF-8, UTF-8 with BOM or GBK/GB18030, detected) or .xlsx files.
    lenient : bool
        False: raise :class:`ActualsError` listing every problem of every file.
        True: return ``(accepted, problems)`` instead.
    targets : DataFrame, optional
        The catalog (``catalog.load_targets()`` when omitted).
    year : int
        The target year; periods without a year are read in it, other years are problems.

    Returns
    -------
    DataFrame or (DataFrame, DataFrame)
        Columns ``indicator_id, period, basis, value, unit, raw_value, raw_unit, yoy_pct, source,
        note, file, line``. A value cell left blank (or '-', '—', '…') is kept with value NaN,
        never 0. ``file`` names the worksheet of an .xlsx: ``统计.xlsx[2月]`` (every sheet with a
        header is read; 说明/填报说明/README are skipped). ``attrs``: ``rows_read`` (data lines with
        content), ``rows_accepted``, ``rows_rejected`` (lines with at least one problem, ragged CSV
        lines included), ``rows_ignored`` (bureau-table headings, notes and indicators the catalog does
        not track; read = accepted + rejected + ignored), ``ignored`` (a list of dicts ``file, line,
        text, reason``; ``pd.DataFrame(df.attrs['ignored'])`` — a list, not a DataFrame, so that
        ``pd.concat`` of loaded frames still works), ``rows_merged`` (identical duplicate records kept
        once). The problems frame has columns
        ``file, line, column, value, message, hint``.

    Raises
    ------
    ActualsError
        When ``lenient`` is False and any problem was found.
    """
    import numpy as np
    import pandas as pd

    idx = _Index(_targets(targets))
    probs = _Problems()
    parts: list[dict[str, Any]] = []
    ignored: list[dict[str, Any]] = []
    bureau_files: set[str] = set()
    rows_read = 0
    file_rejected = 0
    tables: list[tuple[Path, _Table]] = []
    for path in _as_paths(paths):
        try:
            tables += [(path, t) for t in _read_tables(path, _ACTUALS_KIND)]
        except _FileProblem as fp:
            for p in fp.problems:
                probs.add(p)
    for table_no, (path, table) in enumerate(tables):
        for p in table.problems:  # ragged CSV lines (read and rejected), sheets without a header
            probs.add(p)
            if p.line is not None:
                rows_read += 1
                file_rejected += 1
        content = _has_content(table.data)
        if not content.all():
            table.data = table.data[content]
        nlines = len(table.data)
        rows_read += nlines
        try:
            rec, cols, heading = _records(table, path, year, idx)
        except _FileProblem as fp:
            for p in fp.problems:
                probs.add(p)
            file_rejected += nlines
            continue
        ignored += heading
        if cols["layout"] == "bureau":
            bureau_files.add(table.file)
        parts.append(_validate(rec, cols, table.file, table_no, idx, year, probs))
    if parts:
        allrec = _concat(parts)
    else:
        allrec = {
            c: np.empty(0, dtype=np.int64 if c in ("key", "rid", "line", "bcode") else object)
            for c in (
                "indicator_id",
                "period",
                "bcode",
                "unit",
                "raw_unit",
                "source",
                "note",
                "file",
                "raw_indicator",
            )
            + ("line", "value_col", "raw_text", "key", "rid")
        }
        allrec.update({c: np.empty(0, dtype=float) for c in ("value", "raw_value", "yoy_pct")})
        allrec["bad"] = np.empty(0, dtype=bool)
        allrec["ignored"] = np.empty(0, dtype=bool)
        allrec["additive"] = np.empty(0, dtype=bool)
    rid = allrec["rid"]
    bad_rids = np.unique(rid[allrec["bad"]])
    # not-tracked indicators of bureau tables: one entry per line (a line gives a month and a ytd record)
    ign_pos = np.flatnonzero(allrec["ignored"])
    ign_rids, first = np.unique(rid[ign_pos], return_index=True)
    for i in ign_pos[np.sort(first)]:
        ignored.append(
            {
                "file": str(_at(allrec, "file", [i])[0]),
                "line": int(allrec["line"][i]),
                "text": str(allrec["raw_indicator"][i]).strip(),
                "reason": IGNORED_UNTRACKED,
            }
        )
    drop = np.union1d(bad_rids, ign_rids)
    good = np.flatnonzero(~np.isin(rid, drop)) if len(drop) else np.arange(len(rid))
    good, cross_rej, merged = _cross_checks(allrec, good, probs)
    if len(cross_rej):
        good = good[~np.isin(rid[good], cross_rej)]
    rejected = file_rejected + len(bad_rids) + len(cross_rej)
    # the frame is built once, from the kept rows only (one per indicator, period and basis)
    basis = np.array([*_BASIS_CODE, None], dtype=object)[allrec["bcode"][good]]
    # a blank unit cell was read as the catalog unit
    raw_unit = np.asarray(allrec["raw_unit"][good], dtype=object).copy()
    blank_unit = pd.isna(raw_unit)
    raw_unit[blank_unit] = allrec["unit"][good][blank_unit]
    data = {
        "indicator_id": allrec["indicator_id"][good],
        "period": allrec["period"][good],
        "basis": basis,
        "value": allrec["value"][good].astype(float),
        "unit": allrec["unit"][good],
        "raw_value": allrec["raw_value"][good].astype(float),
        "raw_unit": raw_unit,
        "yoy_pct": allrec["yoy_pct"][good].astype(float),
        "source": _at(allrec, "source", good),
        "note": _at(allrec, "note", good),
        "file": _at(allrec, "file", good),
        "line": allrec["line"][good].astype("int64"),
    }
    accepted = pd.DataFrame(
        {c: pd.Series(v, dtype=object) if v.dtype == object else pd.Series(v) for c, v in data.items()}
    )[ACTUALS_COLUMNS]
    if parts:
        accepted["file"] = accepted["file"].astype("str")
    ignored.sort(key=lambda r: (_file_order(r["file"], _as_paths(paths)), r["line"]))
    accepted.attrs.update(
        rows_read=rows_read,
        rows_accepted=rows_read - rejected - len(ignored),
        rows_rejected=rejected,
        rows_ignored=len(ignored),
        rows_merged=merged,
        ignored=ignored,
    )
    problems = _sorted_problems(probs.frame(), _as_paths(paths), bureau_files)
    if lenient:
        return accepted, problems
    if len(problems):
        raise ActualsError(
            _problem_records(problems),
            summary=f"实际值文件有问题：共 {rows_read} 行数据，其中 {rejected} 行有问题。请逐条修改后重新加载。",
        )
    return accepted


_SHEET_SUFFIX = re.compile(r"\[[^\[\]]*\]$")


def _file_order(file: str, paths: list[Path]) -> int:
    """Position of a problem's file ("x.xlsx[2月]" counts as x.xlsx) among the given paths."""
    base = _SHEET_SUFFIX.sub("", file)
    return next((k for k, p in enumerate(paths) if p.name == base), len(paths))


def _sorted_problems(problems: pd.DataFrame, paths: list[Path], once: set[str] = frozenset()) -> pd.DataFrame:
    """Problems in the order of the files given, sheets in order of first problem, then by line.

    Reported once: a whole-sheet problem (a workbook read by both loaders reports it twice), and any
    problem of the files in ``once`` (bureau tables: the month and ytd record of a line share a cell).
    """
    import numpy as np
    import pandas as pd

    if not len(problems):
        return problems
    whole = np.array(problems["line"].isna().to_numpy(), dtype=bool)  # writable
    if once:
        whole |= problems["file"].isin(list(once)).to_numpy()
    if whole.any():
        twice = np.zeros(len(problems), dtype=bool)
        twice[whole] = problems[whole].duplicated().to_numpy()
        if twice.any():
            problems = problems[~twice]
    codes, files = pd.factorize(problems["file"].astype(str))
    order = np.array([_file_order(f, paths) for f in files], dtype=np.int64)
    problems = problems.assign(_f=order[codes], _s=codes, _l=problems["line"].fillna(0))
    return (
        problems.sort_values(["_f", "_s", "_l"], kind="stable")
        .drop(columns=["_f", "_s", "_l"])
        .reset_index(drop=True)
    )


def _problem_records(problems: pd.DataFrame) -> list[Problem]:
    import pandas as pd

    out = []
    cols = [problems[c].tolist() for c in PROBLEM_COLUMNS]  # plain lists: no per-row pandas work
    for file, line, column, value, message, hint in zip(*cols, strict=True):
        line = None if line is None or pd.isna(line) else int(line)
        value = None if value is None or (isinstance(value, float) and value != value) else str(value)
        out.append(Problem(file, line, column if isinstance(column, str) else None, value, message, hint))
    return out


def _parse_date(v: Any):
    import pandas as pd

    if v is None or (isinstance(v, float) and v != v):
        return pd.NaT
    s = normalize_text(str(v))
    m = re.match(r"^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?(?:\d{1,2}:\d{2}(?::\d{2})?)?月?$", s)
    if not m:
        return None
    try:
        return pd.Timestamp(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def load_milestones(path_or_paths, targets: pd.DataFrame | None = None, *, lenient: bool = False):
    """Load milestone logs (CSV or .xlsx; columns 里程碑/项目, 状态, 日期, 备注 or English).

    Parameters
    ----------
    path_or_paths : str, Path or list of them
    targets : DataFrame, optional
        The catalog; milestones are matched to its ``kind == 'milestone'`` rows by id, name or alias.
    lenient : bool
        True: return ``(accepted, problems)`` instead of raising.

    Returns
    -------
    DataFrame
        ``indicator_id, status`` (not_started, in_progress, done), ``status_raw, date`` (Timestamp or
        NaT), ``note, file, line``.

    Raises
    ------
    ActualsError
        When any problem is found and ``lenient`` is False.
    """
    import pandas as pd

    idx = _Index(_targets(targets))
    probs = _Problems()
    rows: list[dict] = []
    read = rejected = unfilled = 0
    tables: list[_Table] = []
    for path in _as_paths(path_or_paths):
        try:
            tables += _read_tables(path, _MILESTONE_KIND)
        except _FileProblem as fp:
            for p in fp.problems:
                probs.add(p)
    for table in tables:
        for p in table.problems:  # ragged CSV lines (read and rejected), sheets without a header
            probs.add(p)
            if p.line is not None:
                read += 1
                rejected += 1
        where: dict[str, int] = {}
        for j, h in enumerate(table.header):
            name = _MILESTONE_KEYS.get(_hkey(h))
            if name and name not in where:
                where[name] = j
        hdr = {k: table.header[j] for k, j in where.items()}
        for r in table.data.itertuples(index=False):
            cells = list(r)
            line = int(cells[-1])
            if not any(c is not None and c == c for c in cells[:-1]):
                continue
            filled = [
                c
                for j, c in enumerate(cells[:-1])
                if j != where.get("milestone") and c is not None and c == c
            ]
            if not filled:  # a template row: only the milestone's name, nothing reported yet
                unfilled += 1
                continue
            read += 1

            def cell(name, cells=cells, where=where):
                j = where.get(name)
                v = cells[j] if j is not None else None
                return None if v is None or v != v else str(v).strip()

            before = len(probs.frames)
            name, status_raw, date_raw, note = cell("milestone"), cell("status"), cell("date"), cell("note")
            iid = idx.resolve(name) if name else None
            if not name:
                probs.add_rows(
                    table.file,
                    [line],
                    hdr["milestone"],
                    [None],
                    "里程碑名称为空",
                    "填写目标目录中的里程碑名称",
                )
            elif iid is None:
                sug = idx.suggestion(name, {"milestone"})
                probs.add_rows(
                    table.file,
                    [line],
                    hdr["milestone"],
                    [name],
                    f"未知里程碑“{name}”" + (f"，您是否指“{sug}”？" if sug else ""),
                    "请使用目标目录中的里程碑名称、编号或别名",
                )
            elif idx.kind.get(iid) != "milestone":
                probs.add_rows(
                    table.file,
                    [line],
                    hdr["milestone"],
                    [name],
                    f"“{idx.name[iid]}”是数值指标，不是里程碑",
                    "数值请填在实际值表",
                )
            status = _STATUS_KEYS.get(_hkey(status_raw)) if status_raw else None
            if status is None:
                probs.add_rows(
                    table.file,
                    [line],
                    hdr["status"],
                    [status_raw],
                    "状态为空" if not status_raw else "无法识别的状态",
                    "状态填：未开工、前期、已开工、在建、推进中、已完工、已竣工、竣工验收、已投运、已投用、已通车、已建成、投入运营",
                )
            date = _parse_date(date_raw)
            if date is None:
                probs.add_rows(
                    table.file,
                    [line],
                    hdr.get("date", "日期"),
                    [date_raw],
                    "无法识别的日期",
                    "写成 2026-03-15、2026/3/15 或 2026年3月15日",
                )
            if len(probs.frames) > before:
                rejected += 1
                continue
            rows.append(
                {
                    "indicator_id": iid,
                    "status": status,
                    "status_raw": status_raw,
                    "date": date,
                    "source": cell("source"),
                    "note": note,
                    "file": table.file,
                    "line": line,
                }
            )
    df = pd.DataFrame(rows, columns=MILESTONE_COLUMNS)
    df["date"] = pd.to_datetime(df["date"])
    df["line"] = df["line"].astype("int64")
    df.attrs.update(
        rows_read=read, rows_accepted=read - rejected, rows_rejected=rejected, rows_unfilled=unfilled
    )
    problems = _sorted_problems(probs.frame(), _as_paths(path_or_paths))
    if lenient:
        return df, problems
    if len(problems):
        raise ActualsError(
            _problem_records(problems), summary=f"里程碑文件有问题：共 {read} 行，其中 {rejected} 行有问题。"
        )
    return df


def _readable_as(path: Path, kind: tuple[dict[str, str], set[str]]) -> bool:
    try:
        return bool(_read_tables(path, kind))
    except _FileProblem:
        return False


def _split_inputs(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(actuals files, milestone logs): a milestone log is told apart by its headers or its sheet name.

    An .xlsx fill-in template holds both (sheets 填报 and 里程碑) and is in both lists.
    """
    ms = [p for p in paths if p.exists() and _readable_as(p, _MILESTONE_KIND)]
    act = [p for p in paths if p not in ms or _readable_as(p, _ACTUALS_KIND)]
    return act, ms


def load_inputs(paths=(), *, targets: pd.DataFrame | None = None, year: int = 2026):
    """Actuals and milestone log from the files an analyst gives, or the shipped sample when none.

    Milestone logs among ``paths`` are recognised by their headers (see :func:`check_files`), so one list
    of files serves notebooks, briefings and the CLI. Raises :class:`ActualsError` listing every problem
    of every file.

    Returns
    -------
    (DataFrame, DataFrame or None)
        The actuals frame and the milestone log (None when no log was given).
    """
    paths = _as_paths(paths) if paths else []
    if not paths:
        sample_actuals, sample_milestones = sample_paths()
        return (
            load_actuals([sample_actuals], targets=targets, year=year),
            load_milestones([sample_milestones], targets=targets),
        )
    act, ms = _split_inputs(paths)
    problems: list = []
    actuals = milestones = None
    try:
        actuals = load_actuals(act, targets=targets, year=year) if act else None
    except ActualsError as exc:
        problems += exc.problems
    try:
        milestones = load_milestones(ms, targets=targets) if ms else None
    except ActualsError as exc:
        problems += exc.problems
    if problems:
        # a workbook read by both loaders reports a sheet without a header twice: once is enough
        raise ActualsError(list(dict.fromkeys(problems)))
    if actuals is None:
        import pandas as pd

        actuals = pd.DataFrame({c: pd.Series(dtype=object) for c in ACTUALS_COLUMNS})
    return actuals, milestones


def check_files(paths, *, targets: pd.DataFrame | None = None, year: int = 2026):
    """Check actuals files and milestone logs without raising (the ``liulin check`` command).

    Returns
    -------
    (DataFrame, DataFrame)
        The accepted actuals (``attrs['milestones']`` holds the accepted milestone rows) and every
        problem (``file, line, column, value, message, hint``).
    """
    import pandas as pd

    targets = _targets(targets)
    paths = _as_paths(paths)
    act, ms = _split_inputs(paths)
    accepted, problems = load_actuals(act, lenient=True, targets=targets, year=year) if act else (None, None)
    frames = [problems] if problems is not None else []
    milestones = None
    if ms:
        milestones, mprob = load_milestones(ms, targets=targets, lenient=True)
        frames.append(mprob)
    if accepted is None:
        accepted = pd.DataFrame({c: pd.Series(dtype=object) for c in ACTUALS_COLUMNS})
    accepted.attrs["milestones"] = milestones
    frames = [f for f in frames if len(f)]
    all_problems = pd.concat(frames, ignore_index=True) if frames else _Problems().frame()
    return accepted, _sorted_problems(all_problems, paths)


# widest a cell may be in the terminal table, per column
_TABLE_LIMITS = {"file": 28, "line": 6, "column": 16, "value": 16, "message": 80, "hint": 160}
# terminal table headers
_TABLE_HEADERS = {
    "file": "文件",
    "line": "行",
    "column": "列",
    "value": "值",
    "message": "问题",
    "hint": "建议",
}


def format_problems_table(problems: pd.DataFrame) -> str:
    """Problems as an aligned text table for the terminal (headers 文件 行 列 值 问题 建议)."""
    import pandas as pd

    if problems is None or not len(problems):
        return "未发现问题。"
    rows = [
        ["" if (not isinstance(v, str) and pd.isna(v)) else str(v) for v in r]
        for r in problems[PROBLEM_COLUMNS].itertuples(index=False)
    ]
    table = format_table(
        [_TABLE_HEADERS[c] for c in PROBLEM_COLUMNS],
        rows,
        max_width=[_TABLE_LIMITS[c] for c in PROBLEM_COLUMNS],
    )
    lines = [table]
    lines.append(f"共 {len(problems)} 个问题")
    return "\n".join(lines)
