"""Numbers for people: the one formatter of every table, chart, sentence and page.

- no trailing ``.0``: 9600.0 → ``9,600``; thousands separators: 2710 → ``2,710``;
- a value with at most one decimal is shown as it is (1,657.8); a longer one is rounded to
  :data:`SIGNIFICANT` significant digits, at most two decimals (three below 1): 14.5166 → ``14.52``,
  3,455.88 → ``3,456``, 319.8368 → ``319.8``, 0.25 stays ``0.25``;
- counts of things (座, 户, 个, 头, 人 … — :func:`liulin_data.core.units.is_count`) are whole numbers
  (1.47座 → ``1座``);
- large amounts in 万元 and 万千瓦时 are shown in 亿元 and 亿千瓦时 (3,198,368万元 → ``319.8亿元``).

:func:`fmt_number` gives the number alone, :func:`fmt_amount` the number with its unit. ``liulin_data.core.tables``
re-exports :func:`fmt_number` under its old name.

In one sentence, amounts of one unit carry one precision (:func:`common_decimals`, :func:`fmt_fixed`):
"累计完成12.1亿元……预计全年14.5亿元，缺口5.5亿元", never 14.52 beside 12.1; a projection is rounded as
its actual is written (:func:`written_decimals`), so that target = projection + gap holds as printed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .units import factor, is_count

# significant digits of a value that has more than one decimal
SIGNIFICANT = 4
# the most decimals shown: two from 1 up (14.52), three below (0.529)
MAX_DECIMALS = 2
MAX_DECIMALS_BELOW_ONE = 3
# units shown in a larger unit once a value reaches it: 万元 → 亿元 from 1亿元 (10,000万元) up
LARGER_UNITS: dict[str, str] = {"万元": "亿元", "万千瓦时": "亿千瓦时"}
# a value at or above this many of the small unit is shown in the larger one (1亿 = 10,000万)
LARGER_FROM = 1e4
# what a missing value reads as
MISSING = "—"


def _blank(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _decimals(value: float) -> int:
    """Decimals to show: as written when at most one, else :data:`SIGNIFICANT` significant digits."""
    size = max(1.0, abs(value))
    for decimals in (0, 1):
        if abs(round(value, decimals) - value) < 1e-9 * size:
            return decimals
    magnitude = math.floor(math.log10(abs(value)))
    most = MAX_DECIMALS if abs(value) >= 1 else MAX_DECIMALS_BELOW_ONE
    return max(0, min(most, SIGNIFICANT - 1 - magnitude))


def is_count_unit(unit: str | None) -> bool:
    """True when ``unit`` counts things (座, 户 …), asked of :func:`liulin_data.core.units.is_count`."""
    return bool(unit) and is_count(unit)  # type: ignore[arg-type]


def fmt_number(value: float | None, digits: int | None = None, *, unit: str | None = None) -> str:
    """A number for people: ``2,710``, ``0.25``, ``14.52``; ``—`` when missing.

    Parameters
    ----------
    value : float or None
    digits : int, optional
        At most this many decimals (trailing zeros dropped): ``fmt_number(8.94, 1) == '8.9'``. Default:
        as written up to one decimal, else :data:`SIGNIFICANT` significant digits.
    unit : str, optional
        The value's unit: a count (座, 户 …) is shown as a whole number.

    Examples
    --------
    >>> fmt_number(9600.0), fmt_number(0.25), fmt_number(3455.88), fmt_number(1.47, unit="座")
    ('9,600', '0.25', '3,456', '1')
    """
    if _blank(value):
        return MISSING
    value = float(value)  # type: ignore[arg-type]
    if is_count_unit(unit):
        decimals = 0
        value = math.floor(value + 0.5) if value >= 0 else -math.floor(-value + 0.5)
    elif digits is not None:
        decimals = digits
    else:
        decimals = _decimals(value) if value else 0
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def display_unit(unit: str | None, values: Iterable[float | None] = ()) -> tuple[str, float]:
    """The unit to show ``values`` in, and the factor that turns them into it.

    One unit for a whole row, axis or series: 万元 becomes 亿元 when the largest value reaches 1亿.

    >>> display_unit("万元", [872, 1000])
    ('万元', 1.0)
    >>> display_unit("万元", [3198368])
    ('亿元', 0.0001)
    """
    unit = "" if unit is None or unit != unit else str(unit)
    larger = LARGER_UNITS.get(unit)
    finite = [abs(float(v)) for v in values if not _blank(v)]
    if larger is None or not finite or max(finite) < LARGER_FROM:
        return unit, 1.0
    return larger, factor(unit, larger)


def fmt_amount(value: float | None, unit: str | None, *, shown_in: str | None = None) -> str:
    """A number with its unit: ``2,710万吨``, ``319.8亿元``, ``2座``; ``—`` when missing.

    Parameters
    ----------
    value : float or None
        In ``unit``.
    unit : str or None
        The catalog unit.
    shown_in : str, optional
        Show in this unit (from :func:`display_unit` over a whole row); default: the value's own choice.

    >>> fmt_amount(3198368, "万元"), fmt_amount(1.47, "座"), fmt_amount(35, "%")
    ('319.8亿元', '1座', '35%')
    """
    if _blank(value):
        return MISSING
    unit = "" if unit is None or unit != unit else str(unit)
    if shown_in is None:
        shown_in, scale = display_unit(unit, [value])  # type: ignore[list-item]
    else:
        scale = factor(unit, shown_in) if shown_in != unit else 1.0
    return f"{fmt_number(float(value) * scale, unit=shown_in)}{shown_in}"  # type: ignore[arg-type]


def written_decimals(value: float | None, most: int = 3) -> int:
    """How many decimals ``value`` is written with (2710 → 0, 12.1 → 1, 2.52 → 2; at most ``most``): a
    float's last-digit noise (12.100000000001) is not a decimal."""
    if _blank(value):
        return 0
    value = float(value)  # type: ignore[arg-type]
    size = max(1.0, abs(value))
    for decimals in range(most + 1):
        if abs(round(value, decimals) - value) < 1e-9 * size:
            return decimals
    return most


def common_decimals(values: Iterable[float | None], *, unit: str | None = None) -> int:
    """The one precision for amounts of one unit said together: the most decimals any of them is written with,
    within what :func:`fmt_number` would show (counts of things: 0).

    >>> common_decimals([12.1, 20]), common_decimals([2.52, 3]), common_decimals([2710, 3600])
    (1, 2, 0)
    """
    if is_count_unit(unit):
        return 0
    finite = [float(v) for v in values if not _blank(v)]  # type: ignore[arg-type]
    return max((min(_decimals(v), written_decimals(v)) if v else 0 for v in finite), default=0)


def fmt_fixed(value: float | None, decimals: int, *, unit: str | None = None) -> str:
    """A number with exactly ``decimals`` decimals (``14.50`` beside ``5.48``), thousands separated; a count
    of things whole; ``—`` when missing."""
    if _blank(value):
        return MISSING
    if is_count_unit(unit):
        return fmt_number(value, unit=unit)
    text = f"{float(value):,.{decimals}f}"  # type: ignore[arg-type]
    return "0" if text.lstrip("-").strip("0.,") == "" else text


def fmt_percent(share: float | None, digits: int = 0) -> str:
    """A share as a percentage: 0.753 → ``75%`` (``digits=1``: ``75.3%``); 1.0 → ``100%``; ``—`` when missing."""
    if _blank(share):
        return MISSING
    return f"{fmt_number(float(share) * 100, digits)}%"  # type: ignore[arg-type]


__all__ = [
    "common_decimals",
    "display_unit",
    "fmt_amount",
    "fmt_fixed",
    "fmt_number",
    "fmt_percent",
    "is_count_unit",
    "written_decimals",
]
