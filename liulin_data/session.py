"""A plan's progress with the defaults filled in: its catalog, its sample, its year, its pace profiles and its
release lag.

The engine (:mod:`liulin_data.engine`) is pure — frames in, frames out. This small module is what
``liulin_data.progress``, the command line, the notebooks and the briefings call when they start from a plan::

    import liulin_data as ll
    ll.progress("YYYY-10")                    # the default plan (its year) and its synthetic sample
    ll.progress("2027-03", actuals=frame, plan="plans/mouxian-2027")

It is also the one place that calls the actuals loaders for a plan (:func:`plan_inputs`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import engine, inputs
from .plan.catalog import load_targets
from .plan.folder import Plan, load_plan
from .plan.profiles import load_profiles

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

PlanRef = Plan | str | os.PathLike | None  # a Plan, a plan name or a plan folder; None = the default plan


def plan_inputs(
    paths: Sequence[str | os.PathLike] = (),
    *,
    plan: PlanRef = None,
    targets: pd.DataFrame | None = None,
    snapshot: str | os.PathLike = "",
    overrides: str = "",
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Actuals and milestone log from an analyst's files, or the plan's sample when no file is given.

    A plan without a sample gives an empty actuals frame and no log. Raises :class:`ActualsError` listing
    every problem of every file. Returns ``(actuals, milestones or None)``.

    ``snapshot``: the same inputs already loaded by the briefing renderer
    (:func:`liulin_data.inputs.save_snapshot`); read instead of parsing the files again, and refused
    (SnapshotError) unless it was saved from these ``paths``, this plan and the override file ``overrides``.
    """

    plan = load_plan(plan)
    if snapshot:
        return inputs.load_snapshot(snapshot, sources=input_sources(paths, plan, overrides))
    targets = load_targets(plan=plan) if targets is None else targets
    return inputs.load_inputs([str(p) for p in paths], targets=targets, plan=plan)  # looked up at call time


def input_sources(paths: Sequence[str | os.PathLike], plan: PlanRef, overrides: str = "") -> list[str]:
    """What loaded inputs stand for: the plan's folder, the files (resolved) and the override file."""
    files = [str(Path(p).expanduser().resolve()) for p in paths]
    extra = str(Path(overrides).expanduser().resolve()) if overrides else ""
    return [str(load_plan(plan).root), *files, extra]


def progress(
    as_of: Any,
    actuals: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    milestones: pd.DataFrame | None = None,
    plan: PlanRef = None,
) -> pd.DataFrame:
    """Completion, pace, projection and status of every row of a plan's catalog as of a month.

    Parameters
    ----------
    as_of : str, date or Month
        'YYYY-MM', a month of the plan's year (otherwise :class:`PeriodError` naming the year).
    actuals : DataFrame, optional
        :func:`liulin_data.load_actuals` output. Default: the plan's synthetic sample, whose milestone log
        then also stands in for ``milestones`` (empty for a plan without a sample).
    targets : DataFrame, optional
        The catalog; default :func:`liulin_data.load_targets` of the plan.
    milestones : DataFrame, optional
        The milestone log (:func:`liulin_data.load_milestones`).
    plan : Plan, name or folder, optional
        Default: :data:`liulin_data.plan.folder.DEFAULT_PLAN`, the shipped plan.

    Returns
    -------
    DataFrame
        One row per catalog row (see :func:`liulin_data.engine.progress`).
    """

    plan = load_plan(plan)
    month = plan.check_month(as_of)
    targets = load_targets(plan=plan) if targets is None else targets
    if actuals is None:
        actuals, sample_log = plan_inputs(plan=plan, targets=targets)
        milestones = sample_log if milestones is None else milestones
    return engine.progress(
        month,
        actuals,
        targets,
        milestones,
        year=plan.year,
        profiles=load_profiles(plan),
        release_lag_days=plan.release_lag_days,
    )
