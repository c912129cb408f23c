"""The year-end projection (``projected``): what the year will end with, as far as the figures say.

- none from a stale figure, a lower bound (缺7月), a verdict already final against the target (未达标, 已超限),
  a figure before its time (harvest progress is not the harvest) or a season's progress of a level;
- none extrapolated from a few whole things (2 certifications, 3 mines): an achieved count stands as it is;
- a level, a rate or a growth rate: the latest value (never pro-rated from zero);
- a flow: its year-to-date over the share of its profile (or season) due at its month — the profile's share,
  never a whole-thing share — in whole things for counts, no further than the target for things counted
  when done, and rounded as the actual is (2,710万吨 → 3,252万吨; 12.1亿元 → 14.5亿元), so that
  target = projection + gap holds as printed.
"""

from __future__ import annotations

import math

from ..core import measures as m
from ..core.numbers import written_decimals
from ..core.statuses import ACHIEVED, BREACHED, NOT_DUE, SHORTFALL, STALE
from .observe import Observed
from .pace import whole_units
from .rules import Rule
from .verdicts import When, share_at

_NAN = float("nan")
# statuses after which no projection is made
NO_PROJECTION = (STALE, SHORTFALL, BREACHED, NOT_DUE)


def projected(rule: Rule, seen: Observed, status: str, w: When, year: int) -> float:
    """The year-end projection of a row with data (see the module docstring)."""
    achieved = status == ACHIEVED
    if math.isnan(seen.actual) or (not achieved and (status in NO_PROJECTION or seen.lower_bound or w.stale)):
        return _NAN
    if rule.measure in (m.LEVEL, m.RATE, m.GROWTH):
        seasonal = rule.model.season is not None and not achieved
        return _NAN if seasonal else seen.actual
    if rule.measure == m.EVENT or rule.small_count or rule.model.calendar in (m.ONCE, m.ANNUAL):
        return seen.actual if achieved else _NAN
    counted = rule.basis == "count"  # things counted when done: the plan says how many
    if achieved and (counted or rule.step is not None):
        return seen.actual  # an achieved count stands as it is
    share = share_at(rule, seen.latest or 0)  # the share due at the figure's own month
    if not share > 0:
        return _NAN
    value = seen.actual / share
    value = (
        whole_units(value, rule.step)
        if rule.step is not None
        else round(value, written_decimals(seen.actual))
    )
    if counted and not rule.is_cap and rule.target == rule.target:
        value = min(rule.target, value)
    return value
