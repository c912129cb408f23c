"""One cell's text → a number, a growth rate or a date (called once per distinct text, see vector.py).

Numbers: full-width digits (３６００), thousands separators in groups of three ("1,234", "1,234,567.5"; a
comma elsewhere, as in "1,5", is a problem, not a decimal point), a unit after the number ("342.8万元").
Blank-like cells ('-', '—', '…', 暂无) are missing, never 0; "NaN" and "inf" texts are problems.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

from ..core.periods import normalize_text
from ..core.problem_codes import date_hint
from ..files.xlsx import cell_text
from .schema import MISSING_TOKENS

__all__ = ["cell_text", "date_hint", "parse_date", "parse_number", "parse_rate"]

# results of parse_number / parse_rate (the first item of the tuple)
OK, MISSING, BAD, BAD_COMMA, NAN, INF = "ok", "missing", "bad", "comma", "nan", "inf"
# a number at the start of a text: sign, digits (separated by , ' or a space only between digits),
# decimals, exponent; the rest of the text is a unit
_NUMBER_RE = re.compile(
    r"^([+-]?)\s*(\d+(?:[,' ]\d+)*)?(\.\d*)?(e[+-]?\d+)?(.*)$",
    re.IGNORECASE,
)
# the only way a separator may split the digits: thousands groups of three
_GROUPED_RE = re.compile(r"^\d{1,3}(?:([,' ])\d{3})(?:\1\d{3})*$")
_NAN_TEXTS = {"nan", "+nan", "-nan"}
_INF_TEXTS = {"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "+∞", "-∞"}
_RATE_UP = ("同比增长", "同比增加", "增长", "增加", "上升", "提高", "同比", "增")
_RATE_DOWN = ("同比下降", "同比减少", "下降", "减少", "降低", "回落", "下滑", "减")
_DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?(?:\d{1,2}:\d{2}(?::\d{2})?)?月?$")


def _special(t: str) -> str | None:
    low = t.lower()
    if low in MISSING_TOKENS:
        return MISSING
    if low in _NAN_TEXTS:
        return NAN
    if low in _INF_TEXTS:
        return INF
    return None


def _number(m: re.Match) -> tuple[str, float | None]:
    """The number a match of _NUMBER_RE holds, checking thousands separators and overflow."""
    sign, digits, decimals, exponent = m.group(1), m.group(2) or "", m.group(3) or "", m.group(4) or ""
    if not digits and len(decimals) < 2:
        return BAD, None
    if digits and not digits.isdigit():
        if not _GROUPED_RE.match(digits):
            return BAD_COMMA, None
        digits = re.sub(r"[,' ]", "", digits)
    value = float(f"{sign}{digits or '0'}{decimals}{exponent}")
    return (OK, value) if math.isfinite(value) else (INF, None)


def parse_number(text: str) -> tuple[str, float | None, str | None]:
    """(status, number, unit suffix or None); status is OK, MISSING, BAD, BAD_COMMA, NAN or INF."""
    t = unicodedata.normalize("NFKC", str(text)).strip()
    special = _special(t)
    if special is not None:
        return special, None, None
    m = _NUMBER_RE.match(t)
    status, value = _number(m)
    if status != OK:
        return status, None, None
    return OK, value, m.group(5).strip() or None


def parse_rate(text: str) -> tuple[str, float | None]:
    """'增长-8.7%' / '-8.7%' / '下降8.7%' / '8.7' → (OK, -8.7 …); blank-like → (MISSING, None)."""
    t = re.sub(r"\s", "", unicodedata.normalize("NFKC", str(text)))
    special = _special(t)
    if special is not None:
        return special, None
    sign = ""
    for word in _RATE_DOWN:
        if t.startswith(word):
            t, sign = t[len(word) :], "-"
            break
    else:
        for word in _RATE_UP:
            if t.startswith(word):
                t = t[len(word) :]
                break
    t = t.removesuffix("%").removesuffix("个百分点")
    m = _NUMBER_RE.match(t)
    if m.group(5):
        return BAD, None
    status, value = _number(m)
    if status == OK and sign:
        value = -value
    return status, value


def parse_date(v: Any) -> Any:
    """A date cell → Timestamp; blank → NaT; unreadable → None. 'YYYY-MM-DD', 'YYYY/M/D', 'YYYY年M月D日',
    'YYYY-MM' (the 1st), an Excel date cell."""
    import pandas as pd

    if v is None or (isinstance(v, float) and v != v):
        return pd.NaT
    if isinstance(v, dt.date):
        return pd.Timestamp(v.year, v.month, v.day)
    m = _DATE_RE.match(normalize_text(str(v)))
    if not m:
        return None
    try:
        return pd.Timestamp(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def fmt(v: float) -> str:
    """A value as problems quote it: 10 significant digits, no trailing zeros."""
    return f"{v:.10g}"


def unit_key(text: str) -> str:
    """A unit text compared: NFKC, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
