"""The verdict on a numeric row with data: one rule set per measure and direction (docs/target-model.md).

- **flow** (summed over months): met = 已完成 for good; a sum with a month missing is a lower bound (数据滞后,
  缺7月, no pace); otherwise the pace along its profile (or its season) and what the remaining months
  need against the recent months, the worse of the two.
- **level / rate** (the latest value): never pro-rated from zero; met by the deadline stays met (a later dip
  is a note; rates judged on the full year are 已完成 only on the full year's figure); short once its
  season is over = 未达标; otherwise what the remaining months need against the recent change.
- **growth**: the gap in 百分点, 已完成 only on the full year's figure.
- **event** (one announcement): 未到期 until announced, then met or 未达标.
- **caps** (at most): no pace and no 完成: within (未超限) or over (已超限: a flow at once, a rate or level
  on its final figure; before that 有风险), and whether the recent months use up what is left.
- December before December's figures are due: 待全年数据 where the run-rate does not say otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..core import measures as m
from ..core.numbers import fmt_number
from ..core.statuses import (
    ACHIEVED,
    AT_RISK,
    BEHIND,
    BREACHED,
    NOT_DUE,
    ON_TRACK,
    OVERDUE,
    PENDING_YEAR,
    SHORTFALL,
    STALE,
    STATUS_RANK,
    WITHIN_CAP,
)
from .observe import Observed, first_met
from .pace import MONTHS, figure_due, season_share, share_of, whole_units
from .rules import (
    AT_RISK_TOLERANCE,
    GROWTH_AT_RISK_POINTS,
    ON_TRACK_TOLERANCE,
    Rule,
    deadline_text,
    late_note,
)
from .series import RunRate, recent

_NAN = float("nan")


@dataclass(frozen=True)
class When:
    """The months a row is judged at."""

    as_of: int  # the as_of month, 1–12
    due_figure: int  # the month whose figure the row's calendar expects by now (0: none yet)
    judged: int  # the later of the latest figure's month and the month due
    stale: bool  # the latest figure is older than the one due
    reached: bool  # the judged month has reached the deadline month: the verdict is on the final figure
    closing: bool  # as_of is in the year's last month but that month's figure is not yet due


def when_of(rule: Rule, latest: int | None, as_of: int, data_due: int) -> When:
    """The months of a row: the figure its calendar expects, the month judged, stale or not, final or not."""
    due_figure = figure_due(rule.model, data_due, rule.due)
    judged = max(latest or 0, due_figure)
    reached = judged >= rule.due
    return When(
        as_of=as_of,
        due_figure=due_figure,
        judged=judged,
        stale=latest is not None and latest < due_figure,
        reached=reached,
        closing=not reached and rule.due == MONTHS and as_of >= MONTHS,
    )


@dataclass
class Verdict:
    """The status of a row and everything the sentence and the table need to explain it."""

    status: str
    notes: list[str] = field(default_factory=list)
    final: bool = False
    expected: float = _NAN  # share of the target due by the judged month (flows with a pace only)
    months_left: int | None = None
    need: float = _NAN  # what each remaining month must bring (a cap: may bring)
    run: RunRate | None = None  # what the recent months brought


def worse(*statuses: str) -> str:
    """The most severe of some statuses (:data:`liulin_data.core.statuses.STATUS_RANK`)."""
    return min(statuses, key=lambda s: STATUS_RANK[s])


def tolerance_status(ratio: float) -> str:
    """On track, at risk or behind from a ratio of what is (or will be) there to what is needed."""
    if ratio >= 1 - ON_TRACK_TOLERANCE - 1e-9:
        return ON_TRACK
    return AT_RISK if ratio >= 1 - AT_RISK_TOLERANCE - 1e-9 else BEHIND


def judge(rule: Rule, seen: Observed, w: When, year: int) -> Verdict:
    """The verdict on a numeric row with data (see the module docstring)."""
    if rule.is_cap:
        return _cap(rule, seen, w, year)
    if rule.measure == m.GROWTH:
        return _growth(rule, seen, w, year)
    if rule.measure == m.EVENT:
        return _event(rule, seen, w, year)
    if rule.measure in (m.LEVEL, m.RATE):
        return _level(rule, seen, w, year)
    return _flow(rule, seen, w, year)


# ----------------------------------------------------------------------------------------------------
# shared rules
# ----------------------------------------------------------------------------------------------------
def _overdue(rule: Rule, year: int) -> Verdict:
    return Verdict(OVERDUE, [f"截至{deadline_text(rule.deadline, year)}未完成"], final=True)


def _season_over(rule: Rule, seen: Observed, w: When) -> bool:
    """The row's season is over and its figure is in: a figure of the season's last month or later (a
    once-a-season figure only once it is due: until then it may be the harvest's progress)."""
    end = rule.season_end
    if end is None or (seen.latest or 0) < end:
        return False
    return rule.model.calendar != m.ONCE or w.due_figure >= end


def _season_note(rule: Rule) -> str:
    return f"季节（{rule.model.season_label}）已过"


def _not_yet(rule: Rule, seen: Observed, w: When) -> bool:
    """A figure before its time: a once-a-season or annual series before its figure is due (harvest progress
    is not the harvest), or a seasonal level in its season."""
    if rule.model.calendar in (m.ONCE, m.ANNUAL):
        return w.due_figure == 0
    end = rule.season_end
    return end is not None and (seen.latest or 0) < end and rule.measure in (m.LEVEL, m.RATE)


def _pending(status: str, w: When, notes: list[str]) -> str:
    """In December before December's figures are due, no 进度正常: 待全年数据."""
    if w.closing and status == ON_TRACK:
        notes.append("12月数据尚未到发布时间")
        return PENDING_YEAR
    return status


def _in_progress_note(rule: Rule) -> str:
    if rule.model.season is not None:
        return f"季节（{rule.model.season_label}）进行中，结束后判断"
    return "一次性报送的数据，到期后判断"


def _achieved_notes(rule: Rule, met_month: int | None, value: float, year: int) -> list[str]:
    """逾期完成 for a target met after its deadline month; a note above a range's high end."""
    notes = []
    if met_month is not None and met_month > rule.due:
        notes.append(late_note(rule, year))
    if not math.isnan(rule.target_high) and value > rule.target_high:
        notes.append(f"已超过目标区间上限{fmt_number(rule.target_high, unit=rule.unit)}{rule.unit}")
    return notes


# ----------------------------------------------------------------------------------------------------
# flows
# ----------------------------------------------------------------------------------------------------
def share_at(rule: Rule, month: int) -> float:
    """Share of a flow's target due by the end of ``month``: its season's months evenly, else its profile
    (a profile without a pace: everything at the deadline)."""
    if rule.model.season is not None:
        return season_share(rule.model.season, month)
    share = share_of(rule.shares, month, rule.due, one_off=rule.profile == "deadline")
    return share_of(None, month, rule.due, one_off=True) if math.isnan(share) else share


def expected_at(rule: Rule, month: int) -> float:
    """Share due by ``month``; for counts, in whole things (1 of 2 studios, not 1.36)."""
    share = share_at(rule, month)
    if rule.step is None or not rule.target > 0:
        return share
    return whole_units(rule.target * share, rule.step) / rule.target


def paced(rule: Rule) -> bool:
    """A flow with a pace: summed, at least a target, reported through the year (not once after a season)."""
    return rule.measure == m.FLOW and not rule.is_cap and rule.model.calendar in (m.MONTHLY, m.QUARTERLY)


def _pace_status(completion: float, expected: float) -> str:
    """On track, at risk or behind: completion against the share due (nothing due yet: on track)."""
    if expected <= 0:
        return ON_TRACK
    return tolerance_status(completion / expected)


def _end_month(rule: Rule) -> int:
    """The month by which the work is to be done: the season's end, else the deadline month."""
    end = rule.season_end
    return min(end, rule.due) if end is not None else rule.due


def _still_needed(rule: Rule, seen: Observed, w: When, year: int, v: Verdict) -> str | None:
    """What the remaining months must bring against what the recent months brought (the profile's or the
    season's shape taken into account); None when it cannot be said (a few whole things, no recent months)."""
    end = _end_month(rule)
    left = end - w.judged
    if left < 1 or rule.small_count or seen.flow is None:
        return None
    run = recent(seen.flow.path, w.judged, start_at_zero=True)
    need = rule.target - seen.actual
    if run is None or need <= 0:
        return None
    v.months_left, v.need, v.run = left, need / left, run
    done_in_window = share_at(rule, w.judged) - share_at(rule, w.judged - run.months)
    still_to_come = share_at(rule, end) - share_at(rule, w.judged)
    if done_in_window <= 0 or still_to_come <= 0:
        return None
    likely = run.amount * still_to_come / done_in_window  # the recent pace carried over the months left
    return tolerance_status(likely / need) if run.amount > 0 else BEHIND


def _unmet_without_pace(rule: Rule, seen: Observed, w: When, year: int) -> Verdict | None:
    """A flow or level not met, judged before any pace: past its deadline (已逾期), its figure overdue (数据滞后),
    its season over (未达标) or its work not begun yet (未到期); None when pace decides."""
    if w.reached:
        return _overdue(rule, year)
    if w.stale:
        return Verdict(STALE)
    if _season_over(rule, seen, w):
        return Verdict(SHORTFALL, [_season_note(rule)], final=True)
    if _not_yet(rule, seen, w):
        return Verdict(NOT_DUE, [_in_progress_note(rule)])
    return None


def _flow(rule: Rule, seen: Observed, w: When, year: int) -> Verdict:
    if rule.meets(seen.actual):
        met = first_met(rule, seen.path) or seen.latest
        notes = _achieved_notes(rule, met, seen.actual, year)
        if rule.model.final_when == m.FULL_YEAR and not w.reached:
            return Verdict(_pending(ON_TRACK, w, notes), notes)
        return Verdict(ACHIEVED, notes, final=True)
    if seen.lower_bound:
        return Verdict(STALE)  # the 缺7月 note is the observation's
    early = _unmet_without_pace(rule, seen, w, year)
    if early is not None:
        return early
    v = Verdict(ON_TRACK, expected=expected_at(rule, w.judged))
    status = _pace_status(seen.actual / rule.target, v.expected)
    needed = _still_needed(rule, seen, w, year, v)
    v.status = _pending(worse(status, needed) if needed else status, w, v.notes)
    return v


# ----------------------------------------------------------------------------------------------------
# events, levels and rates, growth
# ----------------------------------------------------------------------------------------------------
def _event(rule: Rule, seen: Observed, w: When, year: int) -> Verdict:
    """One announcement (入选国家和美乡村): nothing until it is made, then met or short for the year."""
    if rule.meets(seen.actual):
        return Verdict(ACHIEVED, _achieved_notes(rule, first_met(rule, seen.path), seen.actual, year), True)
    if w.reached:
        return _overdue(rule, year)
    if not seen.actual > 0:
        return Verdict(NOT_DUE, ["尚未公布"])
    return Verdict(SHORTFALL, ["已公布，未达目标"], final=True)


def _dip_note(rule: Rule, seen: Observed, met: int) -> list[str]:
    """A level met by its deadline that later fell: when it was met, and the latest value, as notes."""
    latest = seen.latest or 0
    if latest <= met or rule.meets(seen.actual):
        return []
    unit = rule.unit
    return [f"{met}月已达到目标", f"此后{latest}月为{fmt_number(seen.actual, unit=unit)}{unit}，低于目标"]


def _level(rule: Rule, seen: Observed, w: When, year: int) -> Verdict:
    """A level or a rate: met by the deadline stays met; never pro-rated from zero."""
    met = first_met(rule, seen.path)
    if rule.model.final_when == m.DEADLINE and met is not None:
        notes = _achieved_notes(rule, met, seen.actual, year) + _dip_note(rule, seen, met)
        return Verdict(ACHIEVED, notes, final=True)
    if rule.meets(seen.actual) and not w.stale:
        if w.reached:
            return Verdict(ACHIEVED, _achieved_notes(rule, None, seen.actual, year), final=True)
        notes: list[str] = []
        return Verdict(_pending(ON_TRACK, w, notes), notes)
    early = _unmet_without_pace(rule, seen, w, year)
    if early is not None:
        return early
    v = Verdict(ON_TRACK)
    v.status = _pending(_level_status(rule, seen, w, v), w, v.notes)
    return v


def _level_status(rule: Rule, seen: Observed, w: When, v: Verdict) -> str:
    """What the remaining months need of a level against its change in the recent months; without an
    earlier value, never on track: 有风险 within 15% of the target, else 滞后."""
    left = _end_month(rule) - w.judged
    gap = rule.target - seen.actual
    run = recent(seen.path, w.judged, start_at_zero=False)
    if left >= 1:
        v.months_left, v.need = left, gap / left
    if run is None or left < 1:
        ratio = seen.actual / rule.target if rule.target else _NAN
        return AT_RISK if ratio >= 1 - AT_RISK_TOLERANCE else BEHIND
    v.run = run
    return tolerance_status(run.per_month / v.need) if run.amount > 0 else BEHIND


def _growth(rule: Rule, seen: Observed, w: When, year: int) -> Verdict:
    """Year-on-year growth: the gap in 百分点; 已完成 only on the full year's figure."""
    met = rule.meets(seen.actual)
    if w.reached:
        return Verdict(ACHIEVED, [], final=True) if met else _overdue(rule, year)
    if w.stale:
        return Verdict(STALE)
    if met:
        notes: list[str] = []
        return Verdict(_pending(ON_TRACK, w, notes), notes)
    short = rule.low - seen.actual
    return Verdict(AT_RISK if short <= GROWTH_AT_RISK_POINTS + 1e-9 else BEHIND)


# ----------------------------------------------------------------------------------------------------
# caps
# ----------------------------------------------------------------------------------------------------
def _over_note(rule: Rule, value: float) -> str:
    diff = value - rule.target
    words = (
        f"{fmt_number(diff)}个百分点"
        if rule.unit == "%"
        else f"{fmt_number(diff, unit=rule.unit)}{rule.unit}"
    )
    return f"超出上限{words}"


def _cap(rule: Rule, seen: Observed, w: When, year: int) -> Verdict:
    """A cap: within or over, never paced nor 完成 (see the module docstring)."""
    over = rule.over_cap(seen.actual)
    if rule.measure in (m.FLOW, m.EVENT):
        if over:
            return Verdict(BREACHED, [_over_note(rule, seen.actual)], final=True)
        if seen.lower_bound:
            return Verdict(STALE)
        if w.reached:
            return Verdict(WITHIN_CAP, final=True)
        if w.stale:
            return Verdict(STALE)
        v = Verdict(WITHIN_CAP)
        v.status = _allowance(rule, seen, w, year, v)
        return v
    if w.reached:
        return (
            Verdict(BREACHED, [_over_note(rule, seen.actual)], True)
            if over
            else Verdict(WITHIN_CAP, [], True)
        )
    if w.stale:
        return Verdict(STALE)
    return Verdict(AT_RISK, [_over_note(rule, seen.actual)]) if over else Verdict(WITHIN_CAP)


def _allowance(rule: Rule, seen: Observed, w: When, year: int, v: Verdict) -> str:
    """A cap on a flow not yet broken: do the recent months, carried over the months left, stay within
    what is left? (有风险 when they would break it by more than the on-track tolerance.)"""
    left = _end_month(rule) - w.judged
    run = recent(seen.flow.path, w.judged, start_at_zero=True) if seen.flow is not None else None
    if left < 1 or run is None:
        return WITHIN_CAP
    room = rule.target - seen.actual
    v.months_left, v.need, v.run = left, room / left, run
    done_in_window = share_at(rule, w.judged) - share_at(rule, w.judged - run.months)
    still_to_come = share_at(rule, _end_month(rule)) - share_at(rule, w.judged)
    if done_in_window <= 0:
        return WITHIN_CAP
    likely = run.amount * still_to_come / done_in_window
    return AT_RISK if likely > room * (1 + ON_TRACK_TOLERANCE) + 1e-9 else WITHIN_CAP
