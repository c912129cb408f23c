"""What the actuals say of one row up to as_of: its actual (a flow's year-to-date, a level's or rate's latest
value, a growth rate), the path it took, and the notes a reader needs about the figures themselves."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..core import measures as m
from .matrices import Matrices
from .pace import MONTHS, whole_units
from .rules import Rule
from .series import Flow, flow, reconcile

_NAN = float("nan")


@dataclass
class Observed:
    """What the actuals say of one row up to as_of."""

    latest: int | None  # the latest month with data
    actual: float
    months_reported: int
    path: list[float]  # the value of every month where it is known: a flow's exact ytd, a level's level
    flow: Flow | None = None  # a flow's months (None for levels, rates and growth)
    notes: list[str] = field(default_factory=list)

    @property
    def lower_bound(self) -> bool:
        return self.flow is not None and self.flow.lower_bound


def observe(rule: Rule, mats: Matrices, unit: str) -> Observed:
    """The actual of a row and where it comes from (see the module docstring)."""
    m_vals, y_vals, l_vals = mats.rows(rule.iid)
    reported = sum(
        not (math.isnan(a) and math.isnan(b) and math.isnan(c))
        for a, b, c in zip(m_vals, y_vals, l_vals, strict=True)
    )
    only_levels = all(v != v for v in m_vals + y_vals) and any(v == v for v in l_vals)
    if rule.measure == m.GROWTH:
        values = [next((v for v in t if v == v), _NAN) for t in zip(y_vals, m_vals, l_vals, strict=True)]
        latest = max((k + 1 for k, v in enumerate(values) if v == v), default=None)
        seen = Observed(latest, values[latest - 1] if latest else _NAN, reported, values)
        if latest is not None:
            seen.actual = growth_actual(rule.iid, mats, latest, seen.actual, unit, seen.notes)
            seen.path = growth_path(rule.iid, mats, values, unit)
        return seen
    if rule.measure in (m.LEVEL, m.RATE) or only_levels:
        path = (
            l_vals
            if any(v == v for v in l_vals)
            else [b if b == b else a for a, b in zip(m_vals, y_vals, strict=True)]
        )
        latest = max((k + 1 for k, v in enumerate(path) if v == v), default=None)
        actual = path[latest - 1] if latest else _NAN
        return Observed(latest, whole_units(actual, rule.step), reported, path)
    sums = flow(m_vals, y_vals)
    return Observed(sums.latest, whole_units(sums.actual, rule.step), reported, sums.met_path(), sums,
                    list(sums.notes))  # fmt: skip


def first_met(rule: Rule, path: list[float], upto: int | None = None) -> int | None:
    """The first month (up to ``upto``) whose value meets the target, in whole things for counts."""
    last = MONTHS if upto is None else upto
    return next((k + 1 for k, v in enumerate(path[:last]) if rule.meets(whole_units(v, rule.step))), None)


def growth_actual(iid: str, mats: Matrices, latest: int, value: float, unit: str, notes: list[str]) -> float:
    """Year-on-year growth (%) at the latest month: reported yoy_pct, a value in %, or vs the prior year."""
    yoy = mats.row(mats.yoy, iid)[latest - 1]
    if not math.isnan(yoy):
        return yoy
    row_unit = str(mats.units.get(iid, unit))
    if row_unit == "%" or (unit == "%" and row_unit in ("", "nan")):
        return value
    prior_ytd = reconcile(mats.row(mats.prior["month"], iid), mats.row(mats.prior["ytd"], iid))[latest - 1]
    if math.isnan(prior_ytd):
        prior_ytd = mats.row(mats.prior["level"], iid)[latest - 1]
    if math.isnan(prior_ytd) or prior_ytd == 0:
        notes.append("缺同比增速或上年同期基数，无法计算增长")
        return _NAN
    notes.append("增速按上年同期基数计算")
    return (value / prior_ytd - 1.0) * 100.0


def growth_path(iid: str, mats: Matrices, path: list[float], unit: str) -> list[float]:
    """The growth rate of every month where it is known (the reported yoy, else the value in %)."""
    yoy = mats.row(mats.yoy, iid)
    row_unit = str(mats.units.get(iid, unit))
    in_percent = row_unit == "%" or (unit == "%" and row_unit in ("", "nan"))
    return [y if y == y else (v if in_percent else _NAN) for y, v in zip(yoy, path, strict=True)]
