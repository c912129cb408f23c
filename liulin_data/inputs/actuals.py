"""Compatibility name: ``liulin_data.inputs.actuals`` was the single 2,000-line loader module.

It is now split by stage (see ``liulin_data/inputs/__init__.py``); import from ``liulin_data.inputs``. This
module only re-exports for the callers that still import it (cli.py, engine.py, template.py, present/,
briefing/, the package's lazy exports) and goes away once they import from ``liulin_data.inputs``.
"""

from . import (
    ACTUALS_COLUMNS,
    MILESTONE_COLUMNS,
    PROBLEM_COLUMNS,
    STATUS_WORDS,
    check_files,
    format_problems_table,
    load_actuals,
    load_inputs,
    load_milestones,
)

__all__ = [
    "ACTUALS_COLUMNS",
    "MILESTONE_COLUMNS",
    "PROBLEM_COLUMNS",
    "STATUS_WORDS",
    "check_files",
    "format_problems_table",
    "load_actuals",
    "load_inputs",
    "load_milestones",
]
