"""Proposed plans from new work reports: read → sentences → targets and last year's results → plan folder.

``plan_new(report, region, year, out)`` writes a plan folder that :func:`liulin_data.plan.read_plan` reads;
``liulin plan check`` (:func:`liulin_data.plan_check.check_plan`) then lists its problems and the rows a person
must review. Everything is rule-based (no network, no model): each proposed row names its rule.
"""

from .propose import NoTargetsError, plan_new

__all__ = ["NoTargetsError", "plan_new"]
