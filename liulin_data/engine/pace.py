"""Pace and time: the share of a target due by a month (profiles and seasons), whole things of a count, when
a month's figure is due, and which figure a row's calendar expects.

Months of the plan's year are numbered 1–12 (0 = before the year, 13 = the next year's January).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..core.exceptions import CatalogError, PeriodError, Problem
from ..core.measures import ANNUAL, MONTHLY, ONCE, QUARTERLY, Model
from ..core.periods import Month, parse_month
from ..plan.profiles import package_profiles

if TYPE_CHECKING:  # pragma: no cover
    from ..plan.profiles import Profile

MONTHS = 12  # months in a year
_NAN = float("nan")


def shapes(profiles: Mapping[str, Profile] | None) -> Mapping[str, Profile]:
    """The profiles to use: the caller's (a plan's), or the package's own when none are given."""
    return profiles if profiles is not None else package_profiles()


def month_of(value: Any) -> tuple[int, int]:
    """(year, month) of a month in the data (a catalog row's deadline, a 'YYYY-MM' key of a series), read by
    :func:`liulin_data.core.periods.parse_month`. A caller's month argument is a Month already (``Month.of``)."""
    month = parse_month(value)
    return month.year, month.month


def is_missing(value: Any) -> bool:
    """None, NaN, NaT or an empty text."""
    if value is None:
        return True
    try:
        return bool(value != value) or str(value).strip() in ("", "NaT")
    except (TypeError, ValueError):
        return False


def deadline_month(deadline: Any, year: int) -> int | None:
    """A catalog row's deadline as a month index relative to January of ``year`` (13 = next year; 0 = last
    year)."""
    if is_missing(deadline):
        return None
    return months_into(Month(*month_of(deadline)), year)


def months_into(month: Month, year: int) -> int:
    """``month`` as a month index relative to January of ``year`` (13 = next year's January; 0 = last December)."""
    return (month.year - year) * MONTHS + month.month


def expected_share(
    profile: str,
    month: int,
    deadline: Month | _dt.date | None = None,
    year: int | None = None,
    *,
    profiles: Mapping[str, Profile] | None = None,
) -> float:
    """Share of the annual target expected to be done by the end of ``month``.

    Parameters
    ----------
    profile : str
        A profile name of ``profiles``.
    month : int
        1–12 (values above 12 count as year end, below 1 as before the year).
    deadline : Month or date, optional
        The row's deadline (a :class:`~liulin_data.core.periods.Month`, or a date such as the catalog's
        ``deadline``). For ``deadline`` the share is 0 before the deadline month and 1 from it; for the other
        profiles everything is due from the deadline month on. Without ``year`` the deadline is taken to be
        in the year of the month.
    year : int, optional
        The year ``month`` belongs to (to compare with a deadline in another year).
    profiles : mapping, optional
        Name → :class:`liulin_data.plan.profiles.Profile` (a plan's: :func:`liulin_data.plan.profiles.load_profiles`);
        default the package's own.

    Returns
    -------
    float
        The expected share in [0, 1]; NaN for ``none``.
    """
    known = shapes(profiles)
    if profile not in known:
        problem = Problem.of(
            "profile_unknown", "targets.csv", None, "profile", str(profile), available=", ".join(known)
        )
        raise CatalogError([problem])
    due = None
    if deadline is not None:
        end = Month.of(deadline)
        due = months_into(end, year if year is not None else end.year)
    one_off = profile == "deadline"
    return share_of(known[profile].shares, month, due if due is not None or not one_off else MONTHS, one_off)


def share_of(shares: tuple[float, ...] | None, month: int, due: int | None, one_off: bool = False) -> float:
    """The share due by the end of ``month`` of a profile's cumulative ``shares``: all of it from the
    deadline month ``due`` on (None: no deadline inside the year); ``one_off``: nothing before it (到期一次
    完成); NaN for a profile without a pace."""
    if one_off:
        return 1.0 if due is not None and month >= due else 0.0
    if shares is None:
        return _NAN
    if month < 1:
        return 0.0
    if due is not None and month >= due:
        return 1.0
    return float(shares[min(month, MONTHS) - 1])


def season_share(season: tuple[int, int], month: int) -> float:
    """Share of a seasonal target due by the end of ``month``: spread evenly over the season's months
    (木耳 made in 1—5月: 3/5 by the end of March), 0 before the season, 1 after it."""
    first, last = season
    if month < first:
        return 0.0
    return min(1.0, (month - first + 1) / (last - first + 1))


def whole_units(value: float, step: float | None) -> float:
    """``value`` rounded down to whole things of ``step`` (:func:`liulin_data.core.units.count_step`): 1.47座 → 1座.

    ``step`` None (not a count) or a NaN value: ``value`` unchanged. A float's last-digit noise (2.9999999)
    is no shortfall.
    """
    if step is None or value != value or math.isinf(value):
        return value
    per_unit = round(1.0 / step)  # things per unit: 1 for 座, 10000 for 万棒
    return math.floor(value * per_unit + 1e-6) / per_unit


def month_end(month: Month) -> _dt.date:
    return _dt.date(month.year, month.month, _calendar.monthrange(month.year, month.month)[1])


def data_due_month(as_of: Month, lag_days: int) -> Month:
    """The latest month whose figure is due at ``as_of`` (a Month, or a date).

    The figure of month m is due once ``end(m) + lag_days <= end(as_of)``: with the usual 25 days, at an
    October as_of (end 31 October) September's figure (30 September + 25 days = 25 October) is due and
    October's is not yet; with 0 days the as_of month's own figure is due.
    """
    month = Month.of(as_of)
    cutoff = month_end(month) - _dt.timedelta(days=int(lag_days))
    due = Month(cutoff.year, cutoff.month)
    return due if cutoff == month_end(due) else due.plus(-1)


def month_in_year(month: Month, year: int) -> int:
    """``month`` as an index of ``year``: 1–12, 0 for any month before the year."""
    return max(0, (month.year - year) * MONTHS + month.month)


def figure_due(model: Model, data_due: int, deadline: int) -> int:
    """The month whose figure the row's calendar expects by now (0: none yet).

    ``data_due`` is the latest month whose figure is due by the release lag (:func:`data_due_month`);
    ``deadline`` the row's deadline month.

    - ``monthly``: that month; within a season only the season's months (none before it, its last month
      after it);
    - ``quarterly``: the last quarter's end (一季度 → March) up to that month;
    - ``once``: the season's last month (else the deadline month) once its figure is due, none before;
    - ``annual``: December once its figure is due.
    """
    season = model.season
    if model.calendar == ONCE:
        end = season[1] if season else deadline
        return end if data_due >= end else 0
    if model.calendar == ANNUAL:
        return MONTHS if data_due >= MONTHS else 0
    due = data_due - data_due % 3 if model.calendar == QUARTERLY else data_due
    if season is not None and model.calendar in (MONTHLY, QUARTERLY):
        return 0 if data_due < season[0] else min(due, season[1])
    return due


def check_year(as_of: Month, year: int | None) -> tuple[int, int]:
    """(year, month) of ``as_of`` (a Month, or a date); a PeriodError naming the plan's year when it lies in
    another year."""
    given = Month.of(as_of)
    as_of_year, month = given.year, given.month
    if year is not None and as_of_year != year:
        raise PeriodError(f"截至月份 {as_of_year}-{month:02d} 不在{year}年内：请填 {year}-01 至 {year}-12")
    return as_of_year, month
