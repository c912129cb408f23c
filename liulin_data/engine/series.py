"""Month ↔ year-to-date algebra, and what a flow's reported months say: its year-to-date, whether that is
exact or a lower bound (a month missing), a cumulative that fell (an official 核减), and its recent months.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.exceptions import PeriodError
from .pace import MONTHS, month_of

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

_NAN = float("nan")
# the most recent months a run-rate is taken over (近3个月)
RECENT_MONTHS = 3
# a cumulative smaller than an earlier one by more than this share is a cut (核减), not rounding
DECREASE_RTOL = 1e-6


def _as_month_array(values: Any) -> list[float]:
    """A Series/dict indexed by month 1–12 (or a 12-long sequence) -> list of 12 floats (NaN = unknown)."""
    out = [_NAN] * MONTHS
    if hasattr(values, "items"):
        for key, val in values.items():
            month = int(key) if not isinstance(key, str) else month_of(key)[1]
            if not 1 <= month <= MONTHS:
                raise PeriodError(f"月份必须在1到12之间（值：{key!r}）")
            out[month - 1] = _NAN if val is None else float(val)
    else:
        seq = list(values)
        if len(seq) > MONTHS:
            raise PeriodError(f"最多12个月的值（收到{len(seq)}个）")
        for i, val in enumerate(seq):
            out[i] = _NAN if val is None else float(val)
    return out


def _series(values: list[float], name: str) -> pd.Series:
    import pandas as pd

    return pd.Series(values, index=pd.RangeIndex(1, MONTHS + 1, name="month"), name=name, dtype="float64")


def month_to_ytd(values: Any) -> pd.Series:
    """Year-to-date totals from monthly values.

    Parameters
    ----------
    values : Series, dict or sequence
        Monthly values indexed by month 1–12 ('YYYY-MM' keys also accepted); missing or NaN = unknown.

    Returns
    -------
    Series
        Indexed 1–12: the ytd at month k is the sum of months 1..k when every one of them is known, NaN
        otherwise (no estimate for a missing month).
    """
    months = _as_month_array(values)
    ytd = [_NAN] * MONTHS
    total = 0.0
    for k, val in enumerate(months):  # 12 steps
        if math.isnan(val):
            break
        total += val
        ytd[k] = total
    return _series(ytd, "ytd")


def ytd_to_month(values: Any) -> pd.Series:
    """Monthly values from year-to-date totals.

    Parameters
    ----------
    values : Series, dict or sequence
        Year-to-date totals indexed by month 1–12; missing or NaN = not released.

    Returns
    -------
    Series
        Indexed 1–12: month k = ytd(k) − ytd(k−1) when both are known (ytd(0) = 0); NaN when ytd(k) or
        ytd(k−1) is unknown. A combined 1—2月 release (ytd at February, none at January) therefore leaves
        January and February individually unknown — their sum is the February ytd.
    """
    ytd = _as_month_array(values)
    months = [_NAN] * MONTHS
    prev = 0.0
    for k, val in enumerate(ytd):
        months[k] = val - prev if not (math.isnan(val) or math.isnan(prev)) else _NAN
        prev = val
    return _series(months, "month_value")


def reconcile(month: list[float], ytd: list[float]) -> list[float]:
    """Ytd at every month, from reported ytd totals and reported monthly values together (exact only)."""
    out = list(ytd)
    changed = True
    while changed:  # at most a few passes over 12 months
        changed = False
        for k in range(MONTHS):
            if math.isnan(out[k]) and not math.isnan(month[k]):
                prev = 0.0 if k == 0 else out[k - 1]
                if not math.isnan(prev):
                    out[k] = prev + month[k]
                    changed = True
            # ytd(k-1) = ytd(k) - month(k): a month missing between two known totals
            if k > 0 and math.isnan(out[k - 1]) and not math.isnan(out[k]) and not math.isnan(month[k]):
                out[k - 1] = out[k] - month[k]
                changed = True
    return out


def months_text(months: list[int]) -> str:
    """Months as a reader says them: [7] → 7月, [4, 5, 6, 9] → 4—6月、9月."""
    runs: list[list[int]] = []
    for m in sorted(months):
        if runs and m == runs[-1][-1] + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    return "、".join(f"{r[0]}月" if len(r) == 1 else f"{r[0]}—{r[-1]}月" for r in runs)


@dataclass
class Flow:
    """What the reported months of a flow say up to as_of."""

    latest: int | None  # the latest month with a figure
    actual: float  # the year-to-date at ``latest``: exact, or a lower bound when months are missing
    path: list[float]  # the exact year-to-date of every month where it is known (NaN elsewhere)
    missing: list[int] = field(default_factory=list)  # months whose figure is missing: a lower bound
    cut_from: int | None = None  # the month whose cumulative a later release cut (核减)
    notes: list[str] = field(default_factory=list)

    @property
    def lower_bound(self) -> bool:
        return bool(self.missing)

    def ytd_at(self, month: int) -> float:
        """The exact ytd at ``month`` (0 before January), NaN when unknown."""
        return 0.0 if month == 0 else self.path[month - 1]

    def met_path(self) -> list[float]:
        """The path the target is checked against: an earlier total a later release cut is taken as cut
        (the latest release's values win, a cut undoes an earlier 'met')."""
        out, floor = list(self.path), math.inf
        for k in range(MONTHS - 1, -1, -1):
            if not math.isnan(out[k]):
                floor = min(floor, out[k])
                out[k] = floor
        return out


def flow(month: list[float], ytd: list[float]) -> Flow:
    """The year-to-date of a flow at its latest month, from its monthly and cumulative figures.

    A month that is neither reported nor recoverable from two totals makes the sum a lower bound: the
    missing months are named (缺7月) and the actual is the last exact total plus the months after it.
    """
    path = reconcile(month, ytd)
    latest = max(
        (k + 1 for k in range(MONTHS) if not (math.isnan(month[k]) and math.isnan(ytd[k]))), default=None
    )
    if latest is None:
        return Flow(None, _NAN, path)
    out = Flow(latest, path[latest - 1], path)
    if ytd[1] == ytd[1] and math.isnan(ytd[0]) and math.isnan(month[0]) and math.isnan(month[1]):
        out.notes.append("1—2月合并发布")
    if math.isnan(out.actual):
        base_month = max((k + 1 for k in range(latest - 1) if not math.isnan(path[k])), default=0)
        after = [v for v in month[base_month:latest] if not math.isnan(v)]
        out.actual = out.ytd_at(base_month) + sum(after)
        out.missing = [k + 1 for k in range(base_month, latest) if math.isnan(month[k])]
        out.notes.append(f"缺{months_text(out.missing)}数据，累计为已报月份之和（下限）")
    else:
        _note_unpublished(out, month, ytd)
    _note_cut(out)
    return out


def _note_unpublished(out: Flow, month: list[float], ytd: list[float]) -> None:
    """A hole in a monthly series (both neighbours reported), bridged by a later ytd release; quarterly or
    harvest-time releases are not holes."""

    def has(k: int) -> bool:
        return not (math.isnan(month[k]) and math.isnan(ytd[k]))

    latest = out.latest or 0
    holes = [k + 1 for k in range(2, latest - 1) if not has(k) and has(k - 1) and has(k + 1)]
    if holes:
        out.notes.append(f"{months_text(holes)}未单独发布")


def _note_cut(out: Flow) -> None:
    """A cumulative smaller than an earlier one: a later release cut it (核减); the latest values count."""
    known = [(k + 1, v) for k, v in enumerate(out.path) if not math.isnan(v)]
    for (m1, v1), (m2, v2) in zip(known, known[1:], strict=False):
        if v2 < v1 * (1 - DECREASE_RTOL) - DECREASE_RTOL:
            out.cut_from = m1
            out.notes.append(f"1—{m2}月累计低于1—{m1}月（核减），按最新发布的累计计")
            return


@dataclass(frozen=True)
class RunRate:
    """The recent months of a series: how much they brought, over how many months."""

    months: int  # how many recent months (1–3)
    amount: float  # what they brought (a flow's sum, a level's change)

    @property
    def per_month(self) -> float:
        return self.amount / self.months


def recent(path: list[float], month: int, *, start_at_zero: bool) -> RunRate | None:
    """What the last (up to) :data:`RECENT_MONTHS` months up to ``month`` brought: the exact value at
    ``month`` less the one k months earlier, k as large as the known values allow (a flow's year starts at 0:
    a 1—2月 total then March gives three months). None when nothing earlier is known."""
    if month < 1 or math.isnan(path[month - 1]):
        return None
    for k in range(min(RECENT_MONTHS, month), 0, -1):
        before = month - k
        earlier = (0.0 if start_at_zero else _NAN) if before == 0 else path[before - 1]
        if not math.isnan(earlier):
            return RunRate(k, path[month - 1] - earlier)
    return None
