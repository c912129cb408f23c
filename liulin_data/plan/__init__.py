"""A plan folder and what is read from it: the plan itself (:mod:`.folder`), its catalog of targets and tasks,
pace profiles, history and the sample rule. Imports only :mod:`liulin_data.core` and :mod:`liulin_data.files`."""

from .folder import DEFAULT_PLAN, Plan, list_plans, load_plan

__all__ = ["DEFAULT_PLAN", "Plan", "list_plans", "load_plan"]
