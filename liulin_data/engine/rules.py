"""The engine's thresholds, the notes it writes, the columns it returns, and one catalog row read once."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core import measures as m
from ..core.measures import Model
from ..core.periods import date_label
from ..core.units import count_step
from .pace import MONTHS, deadline_month, is_missing

if TYPE_CHECKING:  # pragma: no cover
    from ..plan.profiles import Profile

# --- thresholds -----------------------------------------------------------------------------------
ON_TRACK_TOLERANCE = 0.05  # up to 5% short of what is due (or of what the remaining months need): on track
AT_RISK_TOLERANCE = 0.15  # 5–15% short is at risk; more than 15% short is behind
GROWTH_AT_RISK_POINTS = 2.0  # a growth up to 2 个百分点 below its target is at risk; further below, behind
ABOUT_SHARE = 0.05  # 左右 of an amount: met from 5% below the target
ABOUT_POINTS = 0.5  # 左右 of a growth or a rate: met from 0.5 个百分点 below the target
SMALL_COUNT = 20  # a count of fewer things than this (3座, 2户) is never extrapolated nor run-rated

PORTFOLIO_PROFILE = "portfolio"  # the profile of a project portfolio: the whole plan due every month

# notes for readers (the status rules' other notes are written where they apply)
CONTEXT_NOTE = "报告未设目标，仅作背景参考"  # a context indicator (no_target)
NO_LOG_NOTE = "尚无进展记录"  # a milestone without any log entry

# columns of the frame progress() returns
PROGRESS_COLUMNS: tuple[str, ...] = (
    "indicator_id",
    "indicator",
    "domain",
    "task",
    "kind",
    "unit",
    "target",
    "target_high",
    "actual",
    "completion",
    "expected",
    "pace_gap",
    "projected",
    "status",
    "as_of",
    "latest_period",
    "months_reported",
    "is_sample",
    "note",
    # the target model (measures.py) the row was judged by, and what its sentence needs of the catalog
    "measure",
    "direction",
    "final_when",
    "calendar",
    "season",
    "basis",
    "comparator",
    "portfolio",  # a project portfolio (profile portfolio: 谋划实施…124个重点项目), worded 在实施/全年计划
    # how the verdict was reached
    "final",  # the verdict can no longer change this year (met by the deadline, a broken cap, a season over)
    "lower_bound",  # the actual is a sum with months missing (缺7月): at least this much
    "judged_period",  # 'YYYY-MM': the month the verdict is about (the latest figure or the one due)
    "months_left",  # months after the judged one up to the deadline (or the season's end)
    "need_per_month",  # what each remaining month must bring on average (a cap: may bring at most)
    "recent_per_month",  # what the recent months brought on average (a level: its change a month)
    "recent_months",  # how many recent months (1–3) that average is over
)


@dataclass(frozen=True)
class Rule:
    """What the catalog says about one row, read once."""

    iid: str
    kind: str
    basis: str
    comparator: str  # '>=' for ranges (judged against the low end)
    profile: str
    deadline: Any
    due: int  # the deadline month in the plan's year (12 = year end)
    target: float
    target_high: float
    step: float | None  # a count's whole step (units.count_step); None for other units
    lag_days: int
    milestone_type: str | None
    model: Model
    shares: tuple[float, ...] | None = None  # the profile's cumulative shares (None: no pace)
    unit: str = ""  # the catalog unit (for the words of a note)

    @property
    def measure(self) -> str:
        return self.model.measure

    @property
    def is_cap(self) -> bool:
        return self.model.direction == m.AT_MOST

    @property
    def in_points(self) -> bool:
        """Judged in 百分点: growth, and rates."""
        return self.measure in (m.GROWTH, m.RATE)

    @property
    def small_count(self) -> bool:
        """A count of a few things (3座, 2户): whole-thing shares, so no extrapolation and no run-rate."""
        return self.step is not None and not math.isnan(self.target) and self.target / self.step < SMALL_COUNT

    @property
    def low(self) -> float:
        """The least value that meets the target: the target, a range's low end, or 左右's lower band."""
        if self.model.direction != m.ABOUT:
            return self.target
        return self.target - (ABOUT_POINTS if self.in_points else ABOUT_SHARE * abs(self.target))

    @property
    def season_end(self) -> int | None:
        return None if self.model.season is None else self.model.season[1]

    def meets(self, value: float) -> bool:
        """The value meets an at-least, range or 左右 target (never true of a cap)."""
        if value != value or self.target != self.target or self.is_cap:
            return False
        return value >= self.low - 1e-9 * max(1.0, abs(self.low))

    def over_cap(self, value: float) -> bool:
        """The value breaks a cap."""
        return self.is_cap and value == value and value > self.target + 1e-9 * max(1.0, abs(self.target))


def num(value: Any) -> float:
    if is_missing(value):
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def rule_of(row: Mapping[str, Any], year: int, default_lag: int, profiles: Mapping[str, Profile]) -> Rule:
    """One catalog row read once: its old columns, and its target model (:func:`liulin_data.core.measures.resolve`,
    derived from the old columns where the row does not write it)."""
    deadline = None if is_missing(row.get("deadline")) else row.get("deadline")
    unit = row.get("unit")
    lag = num(row.get("release_lag_days"))
    mtype = row.get("milestone_type")
    profile = "none" if is_missing(row.get("profile")) else str(row["profile"])
    shape = profiles.get(profile)
    shares = shape.shares if shape is not None else None
    return Rule(
        iid=str(row["indicator_id"]),
        kind=str(row.get("kind") or "quantity"),
        basis=str(row.get("basis") or "flow"),
        comparator=">=" if row.get("comparator") == "between" else str(row.get("comparator") or ">="),
        profile=profile,
        deadline=deadline,
        due=deadline_month(deadline, year) or MONTHS,
        target=num(row.get("target")),
        target_high=num(row.get("target_high")),
        step=count_step(unit) if isinstance(unit, str) and unit else None,
        lag_days=default_lag if math.isnan(lag) else int(lag),
        milestone_type=None if is_missing(mtype) else str(mtype),
        model=m.resolve(row, shares),
        shares=shares,
        unit=unit if isinstance(unit, str) else "",
    )


def deadline_text(deadline: Any, year: int) -> str:
    """The deadline as a reader says it: YYYY年3月31日 (no deadline: YYYY年底)."""
    if deadline is None:
        return f"{year}年底"
    return date_label(deadline)


def late_note(rule: Rule, year: int) -> str:
    """逾期完成（期限YYYY年3月31日）: met, but after the deadline month."""
    return f"逾期完成（期限{deadline_text(rule.deadline, year)}）"
