"""Proposed plans from new work reports: read → sentences → targets and last year's results → plan folder.

``plan_new(report, region, year, out)`` writes a plan folder; ``flagged_rows(plan_dir)`` lists the rows a
person must review. Everything is rule-based (no network, no model): each proposed row names its rule.
"""

from .propose import flagged_rows, plan_new

__all__ = ["flagged_rows", "plan_new"]
