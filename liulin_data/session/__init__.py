"""The session layer: what a user gives (a plan, a month, files) resolved once into a :class:`Session` that
everything above reads — the notebooks, the briefing renderer, ``liulin progress``.

    import liulin_data as ll
    ll.progress("YYYY-10")                    # the default plan (its year) and its synthetic sample
    s = ll.open_session("2027-03", plan="plans/mouxian-2027", actuals=["统计.xlsx"])
    s.progress, s.changes(), s.records()

The doors a library user calls (``ll.load_targets()``, ``ll.load_actuals([...])``, ``ll.progress("YYYY-10")``)
are in :mod:`.doors`: each resolves a plan name or a month text once and calls the layer below with a ``Plan``
and a ``Month``.
"""

from __future__ import annotations

from .changes import order_changes, status_changes
from .doors import (
    check_files,
    load_actuals,
    load_history,
    load_inputs,
    load_milestones,
    load_profiles,
    load_targets,
    load_tasks,
    progress,
)
from .loaded import LoadedInputs, input_sources, load_plan_inputs, read_actuals, resolve_paths
from .session import (
    INDICATOR_COLUMNS,
    PlanRef,
    Session,
    SessionFileError,
    open_session,
    resolve_plan,
    session_sources,
)

__all__ = [
    "INDICATOR_COLUMNS",
    "LoadedInputs",
    "PlanRef",
    "Session",
    "SessionFileError",
    "check_files",
    "input_sources",
    "load_actuals",
    "load_history",
    "load_inputs",
    "load_milestones",
    "load_plan_inputs",
    "load_profiles",
    "load_targets",
    "load_tasks",
    "open_session",
    "order_changes",
    "progress",
    "read_actuals",
    "resolve_paths",
    "resolve_plan",
    "session_sources",
    "status_changes",
]
