"""Numbers as work reports write them: ASCII or full-width digits, ％, and Chinese numerals (三家, 两个, 十五).

Offsets matter: every proposed row quotes the report verbatim, so :func:`ascii_digits` maps full-width digits
one character to one character and a position in the mapped text is the same position in the report.

>>> chinese_number("两")
2
>>> chinese_number("二十三")
23
>>> ascii_digits("３６００万吨，增长７．５％")
'3600万吨，增长7.5%'
"""

from __future__ import annotations

import re

# full-width digits, point and percent → ASCII, one character each (positions are kept)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_DIGITS = {
    "零": 0,
    "〇": 0,
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
}
_SCALES = {"十": 10, "百": 100, "千": 1000}

# an ASCII number (after ascii_digits): 3600, 7.5 — no thousands separators (Chinese reports do not use them,
# and an ASCII comma there usually separates clauses: "增长7%,达到…")
NUMBER = r"\d+(?:\.\d+)?"
# a Chinese numeral of two to four characters or one of 两二三…九: 三, 两, 十五, 二十三, 三百
CHINESE_NUMERAL = r"[零〇一二两三四五六七八九十百千]+"
_CHINESE_RE = re.compile(f"^{CHINESE_NUMERAL}$")


def ascii_digits(text: str) -> str:
    """Map full-width digits, ``．`` and ``％`` to ASCII, keeping every other character and every position."""
    return text.translate(_FULL_WIDTH)


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral below 10 000 (三 → 3, 两 → 2, 十五 → 15, 二十三 → 23, 三百零五 → 305).

    Returns None when ``text`` is not a numeral.
    """
    if not text or not _CHINESE_RE.match(text):
        return None
    total, current = 0, None
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            total += (1 if current is None else current) * _SCALES[ch]
            current = None
    return total + (current or 0)


def to_number(text: str) -> float | None:
    """Value of an ASCII, full-width or Chinese number (``"7.5"``, ``"７．５"``, ``"两"``), or None."""
    text = ascii_digits(text.strip())
    if re.fullmatch(NUMBER, text):
        return float(text)
    value = chinese_number(text)
    return None if value is None else float(value)
