"""Progress engine: completion, pace, verdict and year-end projection of every target of a plan.

Pure: frames in, frames out. The engine reads no file and fills in no default; the caller passes the actuals,
the catalog, the milestone log, the plan's year, its pace profiles and its release lag
(:mod:`liulin_data.session` does that for a plan, :mod:`liulin_data.present.summaries` words the result).
Each catalog row is judged by its target model (:mod:`liulin_data.core.measures`: measure, direction, final_when,
calendar, season); docs/target-model.md has the rules, one table per measure.

Modules: ``pace`` (profiles, seasons, whole things, when a figure is due), ``series`` (month ↔ ytd,
completeness, recent months), ``matrices`` (the actuals pivoted), ``rules`` (thresholds, one row read
once), ``observe`` (what the actuals say of a row), ``verdicts`` (the rules per measure), ``projection``,
``milestones``, ``frame`` (:func:`progress`), ``paths`` (:func:`ytd_series`).
"""

from .frame import progress
from .pace import MONTHS, data_due_month, expected_share, whole_units
from .paths import ytd_series
from .rules import (
    ABOUT_POINTS,
    ABOUT_SHARE,
    AT_RISK_TOLERANCE,
    CONTEXT_NOTE,
    GROWTH_AT_RISK_POINTS,
    NO_LOG_NOTE,
    ON_TRACK_TOLERANCE,
    PROGRESS_COLUMNS,
    SMALL_COUNT,
)
from .series import RECENT_MONTHS, month_to_ytd, ytd_to_month

__all__ = [
    "ABOUT_POINTS",
    "ABOUT_SHARE",
    "AT_RISK_TOLERANCE",
    "CONTEXT_NOTE",
    "GROWTH_AT_RISK_POINTS",
    "MONTHS",
    "NO_LOG_NOTE",
    "ON_TRACK_TOLERANCE",
    "PROGRESS_COLUMNS",
    "RECENT_MONTHS",
    "SMALL_COUNT",
    "data_due_month",
    "expected_share",
    "month_to_ytd",
    "progress",
    "whole_units",
    "ytd_series",
    "ytd_to_month",
]
