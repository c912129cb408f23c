"""Period texts as analysts write them (YYYY年1-3月, 1—2月份, 一季度, YYYY-03 …) → months.

A :class:`Period` covers whole months of one year, from ``start_month`` to ``end_month``
(both ``'YYYY-MM'``). A span that starts in January (1-3月, 上半年, 前三季度, 全年, Q1) implies a
year-to-date (``'ytd'``) value; a single month implies nothing.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass

from .exceptions import PeriodError

# the period forms we accept, quoted in every PeriodError ({y}: the plan's year)
_FORMS = (
    "{y}-03、{y}/3、{y}.3、{y}年3月、3月、3月份、{y}-Q1、Q1、一季度、上半年、下半年、前三季度、全年、"
    "1-6月、{y}年1-3月、1—2月份（横线可用 - — – － ~ 至）、Excel 日期"
)


def accepted_forms(year: int | str = "YYYY") -> str:
    """The period forms we accept, written with ``year`` (the plan's), for error messages and hints."""
    return _FORMS.format(y=year)


# dash-like characters analysts use between months, all read as '-'
_DASHES = "—–―‐‑−－~～〜至到"
_DASH_TABLE = str.maketrans({c: "-" for c in _DASHES if len(c) == 1})

# Chinese numerals used for quarters and months
_CN_NUM = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}

_Y = r"(?:(?P<year>\d{4})\s*(?:年|-|/|\.)?\s*)?"  # optional leading year
_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "date",
        re.compile(
            r"^(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ t]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
        ),
    ),
    ("date", re.compile(r"^(?P<year>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})$")),
    ("date", re.compile(r"^(?P<year>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")),
    ("month", re.compile(r"^(?P<year>\d{4})(?P<m>\d{2})$")),
    ("month", re.compile(r"^(?P<year>\d{4})[-/.](?P<m>\d{1,2})$")),
    ("month", re.compile(r"^" + _Y + r"(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:份)?(?:末|底)?$")),
    ("span", re.compile(r"^" + _Y + r"(?P<a>\d{1,2})(?:月)?-(?P<b>\d{1,2})月(?:份)?(?:累计)?$")),
    ("quarter", re.compile(r"^(?P<year>\d{4})?-?q(?P<q>[1-4])$")),
    ("quarter", re.compile(r"^" + _Y + r"第?(?P<q>[1-4一二三四])季度(?:末)?$")),
    ("half", re.compile(r"^(?P<year>\d{4})?-?h(?P<h>[12])$")),
    ("half", re.compile(r"^" + _Y + r"(?P<h>上|下)半年(?:末)?$")),
    ("first_quarters", re.compile(r"^" + _Y + r"前(?P<n>[一二两三四1-4])(?:个)?季度$")),
    ("year", re.compile(r"^(?P<year>\d{4})(?:年)?(?:全年|年度|年)?$")),
    ("year", re.compile(r"^全年$")),
]


@dataclass(frozen=True)
class Period:
    """Whole months of one year.

    Attributes
    ----------
    start_month, end_month : str
        First and last month covered, ``'YYYY-MM'``.
    kind : str
        ``month``, ``quarter``, ``half``, ``span`` or ``year``.
    basis : str or None
        ``'ytd'`` when the period is a multi-month span starting in January; otherwise the
        ``default_basis`` given to :func:`parse_period` (None by default).
    """

    start_month: str
    end_month: str
    kind: str
    basis: str | None = None

    @property
    def year(self) -> int:
        return int(self.end_month[:4])

    @property
    def start(self) -> int:
        """First month number (1-12)."""
        return int(self.start_month[5:])

    @property
    def end(self) -> int:
        """Last month number (1-12)."""
        return int(self.end_month[5:])

    def __str__(self) -> str:
        """A canonical text that :func:`parse_period` reads back to an equal Period."""
        y, a, b = self.year, self.start, self.end
        if self.kind == "month":
            return f"{y}-{b:02d}"
        if self.kind == "quarter":
            return f"{y}-Q{b // 3}"
        if self.kind == "half":
            return f"{y}年{'上' if b == 6 else '下'}半年"
        if self.kind == "year":
            return f"{y}年全年"
        return f"{y}年{a}-{b}月"


def _cn_int(text: str) -> int:
    return int(text) if text.isdigit() else _CN_NUM[text]


def normalize_text(text: str) -> str:
    """Full-width → half-width, every dash-like character → '-', no spaces, lower case."""
    text = unicodedata.normalize("NFKC", text).translate(_DASH_TABLE)
    return re.sub(r"\s+", "", text).lower()


def _fail(text: object, year: int, why: str = "") -> PeriodError:
    why = f"（{why}）" if why else ""
    return PeriodError(f"无法识别的时期“{text}”{why}。可用的写法：{accepted_forms(year)}")


def parse_period(text: object, year: int, default_basis: str | None = None) -> Period:
    """Read one period text.

    Parameters
    ----------
    text : str, datetime.date or datetime.datetime
        The period as written, e.g. ``'YYYY年1-3月'``, ``'1—2月份'``, ``'一季度'``, ``'YYYY-03'``,
        an Excel date cell, or full-width digits (``'２０２７年３月'``).
    year : int
        The year assumed when the text gives none (``'3月'``, ``'上半年'``): the plan's year.
    default_basis : str, optional
        Basis recorded when the period implies none (a single month, or a span not starting in January).

    Returns
    -------
    Period

    Raises
    ------
    PeriodError
        When the text is not a period; the message lists the accepted forms.
    """
    if isinstance(text, _dt.date):  # datetime is a subclass of date
        return _make(text.year, text.month, text.month, "month", default_basis, text)
    if text is None or (isinstance(text, float) and text != text):
        raise _fail("" if text is None else text, year, "时期为空")
    if isinstance(text, int | float) and not isinstance(text, bool):
        raw = str(int(text)) if float(text).is_integer() else repr(float(text))
    else:
        raw = str(text)
    s = normalize_text(raw)
    if not s:
        raise _fail(text, year, "时期为空")
    for form, pattern in _PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        g = m.groupdict()
        y = int(g["year"]) if g.get("year") else year
        if form in ("date", "month"):
            mo = _cn_int(g["m"])
            return _make(y, mo, mo, "month", default_basis, text)
        if form == "span":
            a, b = int(g["a"]), int(g["b"])
            if a == b:
                return _make(y, a, a, "month", default_basis, text)
            return _make(y, a, b, "span", default_basis, text)
        if form == "quarter":
            q = _cn_int(g["q"])
            return _make(y, 3 * q - 2, 3 * q, "quarter", default_basis, text)
        if form == "half":
            first = g["h"] in ("1", "上")
            return _make(y, 1 if first else 7, 6 if first else 12, "half", default_basis, text)
        if form == "first_quarters":
            n = _cn_int(g["n"])
            return _make(y, 1, 3 * n, "year" if n == 4 else "span", default_basis, text)
        if form == "year":
            return _make(y, 1, 12, "year", default_basis, text)
    raise _fail(text, year)


def _make(y: int, a: int, b: int, kind: str, default_basis: str | None, text: object) -> Period:
    if not 1900 <= y <= 2100:
        raise _fail(text, y, f"年份 {y} 不合理")
    if not (1 <= a <= 12 and 1 <= b <= 12):
        raise _fail(text, y, "月份应在 1 到 12 之间")
    if a > b:
        raise _fail(text, y, "起始月份晚于结束月份")
    basis = "ytd" if (a == 1 and b > 1) else default_basis
    return Period(f"{y:04d}-{a:02d}", f"{y:04d}-{b:02d}", kind, basis)


# ----------------------------------------------------------------------------------------------------
# months: the one reading of `as_of` and of every 'YYYY-MM' value in the package
# ----------------------------------------------------------------------------------------------------
MONTH_HINT = "请写成 YYYY-MM（四位年份-两位月份，如某年10月写作 YYYY-10）"
_MONTH_TEXT = re.compile(
    r"^(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})(?:\s*月)?(?:[-/.]\d{1,2}(?:日)?)?(?:[ t].*)?$"
)


@dataclass(frozen=True, order=True)
class Month:
    """One calendar month; ``str(Month(2027, 3)) == '2027-03'`` and ``.label == '2027年3月'``."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """The month as a reader says it: 2027年3月."""
        return f"{self.year}年{self.month}月"

    @property
    def ytd_label(self) -> str:
        """The year to this month as a reader says it: 2027年1—3月 (2027年1月 for January)."""
        return self.label if self.month == 1 else f"{self.year}年1—{self.month}月"

    @property
    def index(self) -> int:
        """Months since year 0 (to subtract two months)."""
        return self.year * 12 + self.month - 1

    def plus(self, months: int) -> Month:
        """The month ``months`` later (earlier when negative)."""
        year, month0 = divmod(self.index + months, 12)
        return Month(year, month0 + 1)

    @classmethod
    def of(cls, value: object) -> Month:
        """A Month as it is, or the month of a date (date, datetime, pandas Timestamp or Period).

        Text is not read here: a month a user writes is read once, at the door (:func:`parse_month`,
        ``Plan.check_month``), and the layers below take the Month. TypeError for anything else.
        """
        if isinstance(value, Month):
            return value
        if isinstance(value, str) or not (hasattr(value, "year") and hasattr(value, "month")):
            raise TypeError(
                f"expected a Month or a date, got {value!r}: a month written as text is read at the door "
                "(liulin_data.progress, open_session, parse_month)"
            )
        return cls(int(value.year), int(value.month))  # type: ignore[attr-defined]


def parse_month(value: object) -> Month:
    """Read an ``as_of`` or a month value.

    Accepts a :class:`Month`, 'YYYY-MM' (also YYYY/3, YYYY.3, YYYY年3月, or a full date YYYY-03-31), and any
    date-like object with ``year`` and ``month`` (date, datetime, pandas Timestamp or Period).

    Raises
    ------
    PeriodError
        Naming the value and the accepted form, when it is empty, not a month, or outside 1900–2100.
    """
    if isinstance(value, Month):
        return value
    if value is None or (isinstance(value, float) and value != value) or str(value).strip() in ("", "NaT"):
        raise PeriodError(f"月份为空：{MONTH_HINT}")
    if hasattr(value, "year") and hasattr(value, "month") and not isinstance(value, str):
        year, month = int(value.year), int(value.month)
    else:
        m = _MONTH_TEXT.match(unicodedata.normalize("NFKC", str(value)).strip().lower())
        if not m:
            raise PeriodError(f"无法识别的月份“{value}”：{MONTH_HINT}")
        year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise PeriodError(f"无法识别的月份“{value}”：月份应在 1 到 12 之间，{MONTH_HINT}")
    if not 1900 <= year <= 2100:
        raise PeriodError(f"无法识别的月份“{value}”：年份 {year} 不合理，{MONTH_HINT}")
    return Month(year, month)


_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


def date_label(value: object, *, year: int | None = None) -> str:
    """A date as a reader says it: 2027年3月31日; ``3月31日`` when it lies in ``year`` (the plan's).

    Accepts a date, datetime, pandas Timestamp or a text starting 'YYYY-MM-DD'; anything else is returned as
    written (an empty string for None/NaN).

    >>> date_label("2027-03-31"), date_label("2027-09-18", year=2027), date_label("2028-01-20", year=2027)
    ('2027年3月31日', '9月18日', '2028年1月20日')
    """
    if value is None or (isinstance(value, float) and value != value) or str(value) in ("", "NaT"):
        return ""
    if hasattr(value, "year") and hasattr(value, "day") and not isinstance(value, str):
        y, m, d = int(value.year), int(value.month), int(value.day)  # type: ignore[attr-defined]
    else:
        found = _DATE_TEXT.match(str(value).strip())
        if not found:
            return str(value)
        y, m, d = (int(g) for g in found.groups())
    return f"{m}月{d}日" if year == y else f"{y}年{m}月{d}日"


def month_range(first: object, last: object) -> list[Month]:
    """Every month from ``first`` to ``last``, both included (empty when ``last`` is earlier)."""
    a, b = parse_month(first), parse_month(last)
    return [a.plus(k) for k in range(b.index - a.index + 1)]


def parse_month_range(text: str) -> list[Month]:
    """``'YYYY-01:YYYY-06'`` (or one month) → every month of it; PeriodError for a bad or reversed range."""
    first, sep, last = str(text).strip().partition(":")
    months = month_range(first, last if sep else first)
    if not months:
        raise PeriodError(f"月份范围 {text!r} 的结束月份早于开始月份：应写作 开始:结束，例如 YYYY-01:YYYY-06")
    return months


# time zones whose clock is Beijing time (a plan's ``timezone``)
BEIJING_ZONES = frozenset({"Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin", "PRC"})


def human_time(iso: str, timezone: str) -> str:
    """'YYYY-11-30T00:12:37+08:00' → 'YYYY年11月30日 00:12（北京时间）' (the plan's time zone)."""
    try:
        moment = _dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    text = f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
    if timezone in BEIJING_ZONES:
        return f"{text}（北京时间）"
    offset = moment.utcoffset()
    hours = 0.0 if offset is None else offset.total_seconds() / 3600
    return f"{text}（当地时间，UTC{hours:+g}）"
