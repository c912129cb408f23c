"""The progress frame: one row per catalog row, judged as of a month (pure: frames in, frame out)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core import measures as m
from ..core.periods import Month
from ..core.statuses import ACHIEVED, NO_DATA, NO_TARGET, NOT_DUE, OVERDUE
from .matrices import Matrices
from .milestones import milestone_log, milestone_progress
from .observe import Observed, observe
from .pace import check_year, data_due_month, month_in_year, shapes
from .projection import projected
from .rules import CONTEXT_NOTE, PORTFOLIO_PROFILE, PROGRESS_COLUMNS, Rule, deadline_text, rule_of
from .verdicts import When, expected_at, judge, paced, when_of

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..plan.profiles import Profile

_NAN = float("nan")
_FLOAT_COLUMNS = ("target", "target_high", "actual", "completion", "expected", "pace_gap", "projected",
                  "need_per_month", "recent_per_month")  # fmt: skip


def progress(
    as_of: Month,
    actuals: pd.DataFrame,
    targets: pd.DataFrame,
    milestones: pd.DataFrame | None = None,
    *,
    year: int | None = None,
    profiles: Mapping[str, Profile] | None = None,
    release_lag_days: int = 0,
) -> pd.DataFrame:
    """Completion, pace, projection and status of every catalog row as of a month.

    Parameters
    ----------
    as_of : Month
        The month the assessment is made at (:class:`~liulin_data.core.periods.Month`, or a date); data of
        later months are ignored. The engine reads no month text: ``liulin_data.progress`` and
        :func:`~liulin_data.session.open_session` read 'YYYY-MM' at the door.
    actuals : DataFrame
        The frame :func:`liulin_data.inputs.load_actuals` returns (may be empty). Revisions are the loader's:
        one row per indicator, period and basis, the latest release's value; a cumulative a later release
        cut (核减) is taken as cut.
    targets : DataFrame
        The catalog (:func:`liulin_data.plan.catalog.load_targets`): its target model (``measure``,
        ``direction``, ``final_when``, ``calendar``, ``season``; derived from ``kind``, ``comparator``,
        ``basis`` and ``profile`` where absent), ``release_lag_days`` and ``milestone_type`` when present.
    milestones : DataFrame, optional
        The milestone log (:func:`liulin_data.inputs.load_milestones`); None = no log.
    year : int, optional
        The plan's year: ``as_of`` outside it is a :class:`PeriodError` naming the year.
    profiles : mapping, optional
        The plan's pace profiles (:func:`liulin_data.plan.profiles.load_profiles`); default the package's own.
    release_lag_days : int
        The plan's release lag (days after a month's end by which its figure is due), for rows without their
        own ``release_lag_days``; default 0: a month's figure is due by the end of that month.
        :func:`liulin_data.session.progress` passes the plan's.

    Returns
    -------
    DataFrame
        One row per catalog row, columns :data:`PROGRESS_COLUMNS` (the rules: docs/target-model.md).
    """
    import pandas as pd

    as_of_year, month = check_year(as_of, year)
    known = shapes(profiles)
    ctx = Context(
        mats=Matrices(actuals, as_of_year, month),
        log=milestone_log(milestones, as_of_year, month),
        year=as_of_year,
        month=month,
    )
    lag = int(release_lag_days)
    records = [_row(row, rule_of(row, as_of_year, lag, known), ctx) for row in targets.to_dict("records")]
    out = pd.DataFrame.from_records(records, columns=list(PROGRESS_COLUMNS))
    for col in _FLOAT_COLUMNS:
        out[col] = out[col].astype("float64")
    for col in ("months_reported", "months_left", "recent_months"):
        out[col] = out[col].fillna(0).astype("int64")
    for col in ("is_sample", "final", "lower_bound", "portfolio"):
        out[col] = out[col].astype(bool)
    return out


@dataclass(frozen=True)
class Context:
    """Everything one progress() call judges the rows against."""

    mats: Matrices
    log: dict[str, list[dict]]
    year: int
    month: int  # as_of, 1–12

    @property
    def at(self) -> Month:
        return Month(self.year, self.month)

    @property
    def as_of(self) -> str:
        """The progress frame's ``as_of`` column ('YYYY-MM')."""
        return str(self.at)


def _row(row: dict, rule: Rule, ctx: Context) -> dict:
    """One catalog row's progress at ``ctx.as_of``."""
    model = rule.model
    rec: dict[str, Any] = dict.fromkeys(PROGRESS_COLUMNS, _NAN)
    rec.update(
        indicator_id=rule.iid, indicator=row.get("indicator"), domain=row.get("domain"), task=row.get("task"),
        kind=rule.kind, unit=row.get("unit"), target=rule.target, target_high=rule.target_high,
        status=NO_DATA, as_of=ctx.as_of, latest_period=None, months_reported=0, is_sample=False, note="",
        measure=model.measure, direction=model.direction, final_when=model.final_when,
        calendar=model.calendar, season=model.season_text, basis=rule.basis, comparator=row.get("comparator"),
        portfolio=rule.profile == PORTFOLIO_PROFILE, final=False, lower_bound=False, judged_period=None, months_left=0,
        recent_months=0,
    )  # fmt: skip
    if model.measure == m.MILESTONE or rule.kind == "milestone":
        return milestone_progress(rec, rule, ctx.log.get(rule.iid, []), ctx.year, ctx.month)
    return _numeric(rec, rule, ctx)


def _numeric(rec: dict, rule: Rule, ctx: Context) -> dict:
    """Actual, verdict and projection of a numeric row (see :mod:`liulin_data.engine.verdicts`)."""
    seen = observe(rule, ctx.mats, str(rec["unit"] or ""))
    data_due = month_in_year(data_due_month(ctx.at, rule.lag_days), ctx.year)
    w = when_of(rule, seen.latest, ctx.month, data_due)
    rec.update(actual=seen.actual, months_reported=seen.months_reported, lower_bound=seen.lower_bound)
    if w.judged:
        rec["judged_period"] = f"{ctx.year:04d}-{w.judged:02d}"
    if seen.latest is not None:
        rec["latest_period"] = f"{ctx.year:04d}-{seen.latest:02d}"
        rec["is_sample"] = bool(ctx.mats.is_sample.get(rule.iid, False))
    if math.isnan(rule.target):
        return _context_row(rec, rule, seen, w, ctx)
    if seen.latest is None or math.isnan(seen.actual):
        return _without_data(rec, rule, w, ctx.year)
    verdict = judge(rule, seen, w, ctx.year)
    if w.stale and verdict.status != ACHIEVED:
        verdict.notes.append(stale_note(seen, ctx.year))
    completion = (
        seen.actual / rule.target if rule.target and rule.measure in (m.FLOW, m.LEVEL, m.EVENT) else _NAN
    )
    if rule.is_cap:
        completion = _NAN  # a cap has no 完成
    if math.isnan(verdict.expected) and paced(rule) and not seen.lower_bound:
        verdict.expected = expected_at(rule, w.judged)  # shown beside a stale or met figure
    run = verdict.run
    rec.update(
        status=verdict.status, completion=completion, expected=verdict.expected,
        pace_gap=completion - verdict.expected, final=verdict.final,
        months_left=verdict.months_left or 0, need_per_month=verdict.need,
        recent_per_month=run.per_month if run else _NAN, recent_months=run.months if run else 0,
        projected=projected(rule, seen, verdict.status, w, ctx.year),
        note="；".join(verdict.notes + seen.notes),
    )  # fmt: skip
    return rec


def stale_note(seen: Observed, year: int) -> str:
    """最新数据截至YYYY年6月: since when a stale row has had no figure."""
    return f"最新数据截至{Month(year, seen.latest or 1).label}"


def _context_row(rec: dict, rule: Rule, seen: Observed, w: When, ctx: Context) -> dict:
    """A context indicator without a target: actual and projection shown, nothing judged."""
    rec["status"] = NO_TARGET
    if seen.latest is not None:
        rec["projected"] = projected(rule, seen, NO_TARGET, w, ctx.year)
    stale = [stale_note(seen, ctx.year)] if w.stale else []
    rec["note"] = "；".join([CONTEXT_NOTE, *stale, *seen.notes])
    return rec


def _without_data(rec: dict, rule: Rule, w: When, year: int) -> dict:
    """No value reported: nothing due yet, something due, or a deadline passed without any figure."""
    if w.reached and not rule.is_cap:
        rec["status"] = OVERDUE
        rec["note"] = f"截至{deadline_text(rule.deadline, year)}未报送完成情况"
    else:
        rec["status"] = NO_DATA if w.due_figure > 0 else NOT_DUE
    if paced(rule):
        rec["expected"] = expected_at(rule, w.judged)  # what is due by now
    return rec
