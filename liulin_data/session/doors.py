"""The doors for a library user: what ``import liulin_data as ll`` exports, each resolving what a user gives
(a plan name, a plan folder or None for the default plan; a month as text) once, then calling the layer below
with a :class:`~liulin_data.plan.folder.Plan` and a :class:`~liulin_data.core.periods.Month`.

    import liulin_data as ll
    ll.load_targets()                          # the default plan's catalog
    ll.load_actuals(["统计.xlsx"], plan="mouxian-2027")
    ll.progress("YYYY-10")                     # the default plan, its catalog and its synthetic sample

Below this layer nothing accepts a plan name or a month string: ``plan.catalog.load_targets(plan=Plan)``,
``inputs.load_actuals(paths, plan=Plan)``, ``engine.progress(Month, …)``. A whole look at a plan (its inputs and
progress, worked out once) is :func:`liulin_data.session.open_session`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import inputs
from ..plan import catalog, history, profiles
from .loaded import LoadedInputs, read_actuals
from .session import PlanRef, Session, resolve_plan

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..plan.profiles import Profile


def load_targets(overrides=None, include_context: bool = True, plan: PlanRef = None) -> pd.DataFrame:
    """A plan's target catalog (default: the default plan), one row per target or milestone; ``overrides`` an
    analyst's override file (see :func:`liulin_data.plan.catalog.load_targets`)."""
    return catalog.load_targets(overrides=overrides, include_context=include_context, plan=resolve_plan(plan))


def load_tasks(plan: PlanRef = None) -> pd.DataFrame:
    """A plan's major tasks in the report's order (see :func:`liulin_data.plan.catalog.load_tasks`)."""
    return catalog.load_tasks(resolve_plan(plan))


def load_history(plan: PlanRef = None) -> pd.DataFrame:
    """A plan's published figures of earlier years (see :func:`liulin_data.plan.history.load_history`)."""
    return history.load_history(resolve_plan(plan))


def load_profiles(plan: PlanRef = None) -> dict[str, Profile]:
    """The pace profiles a plan's targets may name (see :func:`liulin_data.plan.profiles.load_profiles`)."""
    return profiles.load_profiles(resolve_plan(plan))


def load_actuals(
    paths, *, lenient: bool = False, plan: PlanRef = None, targets=None, year: int | None = None
):
    """Actuals from long tables and the bureau's monthly tables, read in a plan's year against its catalog
    (see :func:`liulin_data.inputs.load_actuals`)."""
    return inputs.load_actuals(paths, plan=resolve_plan(plan), lenient=lenient, targets=targets, year=year)


def load_milestones(path_or_paths, targets=None, *, lenient: bool = False, plan: PlanRef = None):
    """Milestone logs, matched to a plan's milestones (see :func:`liulin_data.inputs.load_milestones`)."""
    return inputs.load_milestones(path_or_paths, targets, plan=resolve_plan(plan), lenient=lenient)


def load_inputs(paths=(), *, plan: PlanRef = None, targets=None, year: int | None = None):
    """Actuals and milestone log of the files given, or of a plan's sample when none (see
    :func:`liulin_data.inputs.load_inputs`)."""
    return inputs.load_inputs(paths, plan=resolve_plan(plan), targets=targets, year=year)


def check_files(paths, *, plan: PlanRef = None, targets=None, year: int | None = None):
    """Every problem of actuals files and milestone logs, without raising (see
    :func:`liulin_data.inputs.check_files`)."""
    return inputs.check_files(paths, plan=resolve_plan(plan), targets=targets, year=year)


def progress(
    as_of: object,
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
        Default: the shipped plan.

    Returns
    -------
    DataFrame
        One row per catalog row (see :func:`liulin_data.engine.progress`).
    """
    plan = resolve_plan(plan)
    month = plan.check_month(as_of)
    table = catalog.load_targets(plan=plan) if targets is None else targets
    if actuals is None:
        actuals, sample_log = read_actuals(plan, [], table)
        milestones = sample_log if milestones is None else milestones
    loaded = LoadedInputs(plan, [], "", table, profiles.load_profiles(plan), actuals, milestones)
    return Session.of(loaded, month).progress


__all__ = [
    "check_files",
    "load_actuals",
    "load_history",
    "load_inputs",
    "load_milestones",
    "load_profiles",
    "load_tasks",
    "load_targets",
    "progress",
]
