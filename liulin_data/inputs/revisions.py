"""Revisions: values a later release replaced (crosscheck.py finds them), as a table and for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.exceptions import escape_controls
from ..core.tables import format_table
from .cells import fmt
from .crosscheck import RULE_LABELS
from .schema import REVISION_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

BASIS_LABELS = {"month": "当月", "ytd": "累计", "level": "时点"}
_HEADERS = ["指标", "时期", "口径", "原值", "原值所在", "新值", "新值所在", "依据"]
_WIDTHS = [20, 8, 4, 14, 32, 14, 32, 12]


def revisions_table(revisions) -> pd.DataFrame:
    """The revisions of a loaded frame (``frame.attrs['revisions']``) or such a list, as a DataFrame.

    Columns (:data:`~.schema.REVISION_COLUMNS`), one row per superseded value: ``indicator_id, indicator,
    period, basis``, ``old_value, old_file, old_line`` (the value replaced, in the catalog unit, and where it
    was), ``new_value, new_file, new_line`` (the value that replaced it), ``rule`` (why the new one is the
    later release: ``release_date``, ``period`` — its table covers a later period — or ``file_order``).
    """
    import pandas as pd

    if isinstance(revisions, pd.DataFrame):
        revisions = revisions.attrs.get("revisions", [])
    return pd.DataFrame(list(revisions or []), columns=REVISION_COLUMNS)


def format_revisions_table(revisions) -> str:
    """Revisions as an aligned text table for the terminal (headers 指标 时期 口径 原值 … 依据)."""
    table = revisions_table(revisions)
    if not len(table):
        return "没有被后发布数据修订的数值。"
    rows = [
        [
            r.indicator or r.indicator_id,
            r.period,
            BASIS_LABELS.get(r.basis, r.basis),
            fmt(r.old_value),
            f"{r.old_file} 第{r.old_line}行",
            fmt(r.new_value),
            f"{r.new_file} 第{r.new_line}行",
            RULE_LABELS.get(r.rule, r.rule),
        ]
        for r in table.itertuples(index=False)
    ]
    rows = [[escape_controls(c) for c in row] for row in rows]  # a file's name or cell may hold escape codes
    return f"{format_table(_HEADERS, rows, max_width=_WIDTHS)}\n共 {len(table)} 处修订（已采用新值）"
