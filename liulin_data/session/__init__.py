"""The session layer: what a user gives (a plan, a month, files) resolved once into a :class:`Session` that
everything above reads — the notebooks, the briefing renderer, ``liulin progress``.

    import liulin_data as ll
    ll.progress("YYYY-10")                    # the default plan (its year) and its synthetic sample
    s = ll.open_session("2027-03", plan="plans/mouxian-2027", actuals=["统计.xlsx"])
    s.progress, s.changes(), s.records()
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..plan.catalog import load_targets
from ..plan.folder import Plan, load_plan
from ..plan.profiles import load_profiles
from .changes import order_changes, status_changes
from .loaded import LoadedInputs, input_sources, load_plan_inputs, read_actuals, resolve_paths
from .session import INDICATOR_COLUMNS, Session, SessionFileError, open_session, session_sources

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def progress(
    as_of: object,
    actuals: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    milestones: pd.DataFrame | None = None,
    plan: Plan | str | os.PathLike | None = None,
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
    plan = plan if isinstance(plan, Plan) else load_plan(plan)
    month = plan.check_month(as_of)
    catalog = load_targets(plan=plan) if targets is None else targets
    if actuals is None:
        actuals, sample_log = read_actuals(plan, [], catalog)
        milestones = sample_log if milestones is None else milestones
    inputs = LoadedInputs(plan, [], "", catalog, load_profiles(plan), actuals, milestones)
    return Session.of(inputs, month).progress


__all__ = [
    "INDICATOR_COLUMNS",
    "LoadedInputs",
    "Session",
    "SessionFileError",
    "input_sources",
    "load_plan_inputs",
    "open_session",
    "order_changes",
    "progress",
    "read_actuals",
    "resolve_paths",
    "session_sources",
    "status_changes",
]
