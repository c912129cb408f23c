"""Actuals and milestone logs as analysts receive them: read, laid out, validated, cross-checked, loaded.

Stages (one module each): ``read`` (files → tables of text cells, through ``liulin_data.files``, the one reader
of table files), ``headers`` (where the header is, which column holds which field), ``layouts`` (long table,
bureau table → records), ``validate`` (per-record checks), ``crosscheck`` (releases, revisions, sources,
duplicates, series), ``milestones`` (milestone logs), ``load`` (the loaders; errors raised or returned, warnings
in ``frame.attrs['warnings']``), ``snapshot`` (loaded inputs saved for the briefing's kernels).
docs/architecture.md has the map.
"""

from .load import check_files, load_actuals, load_inputs, load_milestones
from .problems import format_problems_table
from .revisions import format_revisions_table, revisions_table
from .schema import ACTUALS_COLUMNS, MILESTONE_COLUMNS, PROBLEM_COLUMNS, REVISION_COLUMNS, STATUS_WORDS

__all__ = [
    "ACTUALS_COLUMNS",
    "MILESTONE_COLUMNS",
    "PROBLEM_COLUMNS",
    "REVISION_COLUMNS",
    "STATUS_WORDS",
    "check_files",
    "format_problems_table",
    "format_revisions_table",
    "load_actuals",
    "load_inputs",
    "load_milestones",
    "revisions_table",
]
