"""The synthetic sample and the one rule that says what is sample data.

No real actuals of the shipped plan's year exist yet, so it ships synthetic ones (``scripts/make_sample.py``); every
row's 来源 starts with :data:`SAMPLE_SOURCE_PREFIX`. The rule: a page, chart, table or manifest is 示例数据 when
**any** of the data it shows is sample data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .folder import Plan

if TYPE_CHECKING:
    import pandas as pd

SAMPLE_SOURCE_PREFIX = "示例数据"  # the 来源 of every synthetic row starts with this
SAMPLE_SOURCE = "示例数据（合成，非真实统计）"  # the 来源 scripts/make_sample.py writes


def sample_paths(plan: Plan) -> list[Path]:
    """A plan's synthetic sample, ``[actuals, milestone log]`` (the shipped plan: sample_actuals.csv and
    sample_milestones.csv); empty for a plan that ships none."""
    return plan.sample_paths()


def is_sample_source(source: Any) -> bool:
    """True when one 来源 value marks a synthetic row."""
    return isinstance(source, str) and source.startswith(SAMPLE_SOURCE_PREFIX)


def sample_rows(frame: pd.DataFrame) -> pd.Series:
    """Per row: True when the row is synthetic (an ``is_sample`` flag or a sample 来源: every row of a plan's
    sample files carries one, milestone logs included)."""
    import pandas as pd

    flags = pd.Series(False, index=frame.index)
    if "is_sample" in frame:
        flags |= frame["is_sample"].fillna(False).astype(bool)
    source = frame["source"].fillna("").astype(str) if "source" in frame else pd.Series("", index=frame.index)
    flags |= source.str.startswith(SAMPLE_SOURCE_PREFIX)
    return flags


def any_sample(frame: pd.DataFrame | None) -> bool:
    """The rule: True when any row of an actuals, milestone or progress frame is sample data."""
    return frame is not None and len(frame) > 0 and bool(sample_rows(frame).any())
