"""Proposed plans from new work reports: read → sentences → targets and last year's results → plan folder.

``plan_new(report, region, year, out)`` writes a plan folder that :func:`liulin_data.plan.folder.read_plan` reads;
``liulin plan check`` (:func:`liulin_data.apps.plan_check.check_plan`) then lists its problems and the rows a person
must review. Everything is rule-based (no network, no model): each proposed row names its rule.

The entry point is :func:`liulin_data.apps.extract.propose.plan_new`. This ``__init__`` imports nothing, so that
``liulin plan check`` can use the naming rules (:mod:`.naming`) without importing the proposer, which imports
the plan check's own constants.
"""

__all__: list[str] = []
