"""How many items have each status: one bar per status, most severe at the top, the count at its end."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.statuses import STATUS_LABELS, STATUS_ORDER
from ..fonts import use_cjk_font
from .common import (
    CHART_WIDTH_IN,
    EXPECTED_COLOUR,
    STATUS_COLOURS,
    as_of_parts,
    finish,
    is_sample_frame,
    title_lines,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes


def status_count_rows(progress_df: pd.DataFrame) -> list[tuple[str, str, int]]:
    """(first status, label, count) per status label present, most severe first (已完成 merges two statuses)."""
    counts = progress_df["status"].value_counts()
    merged: dict[str, tuple[str, int]] = {}
    for status in STATUS_ORDER:
        n = int(counts.get(status, 0))
        if n:
            label = STATUS_LABELS.get(status, status)
            first, total = merged.get(label, (status, 0))
            merged[label] = (first, total + n)
    return [(status, label, n) for label, (status, n) in merged.items()]


def plot_status_counts(
    ax: Axes, progress_df: pd.DataFrame, *, as_of: Any = None, sample: bool | None = None
) -> Axes:
    """How many items have each status: one bar per status, most severe at the top, the count at its end.

    Every status keeps its colour (none is white) and its name on the axis, so no legend is needed.

    Returns
    -------
    Axes
    """
    use_cjk_font()
    if as_of is None:
        as_of = progress_df["as_of"].dropna().iloc[0] if len(progress_df) else None
    as_of_text = as_of_parts(as_of)[0] if as_of is not None else "—"
    if sample is None:
        sample = is_sample_frame(progress_df)
    rows = status_count_rows(progress_df)
    ys = list(range(len(rows)))[::-1]
    for y, (status, _label, n) in zip(ys, rows, strict=True):
        ax.barh(y, n, color=STATUS_COLOURS.get(status, EXPECTED_COLOUR), height=0.6)
        ax.text(n + 0.4, y, str(n), va="center", ha="left")
    ax.set_yticks(ys, [label for _, label, _ in rows])
    top = max((n for *_, n in rows), default=1)
    ax.set_xlim(0, top * 1.15 + 1.5)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("项数（个）")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    is_ms = progress_df["kind"] == "milestone"
    title_lines(
        ax,
        "各状态项数",
        f"截至{as_of_text}：数值指标 {int((~is_ms).sum())} 项，里程碑事项 {int(is_ms.sum())} 项",
    )
    finish(ax, sample)
    return ax


def status_counts_figsize(progress_df: pd.DataFrame) -> tuple[float, float]:
    """Figure size for :func:`plot_status_counts`: one row per status present."""
    return (CHART_WIDTH_IN, 1.5 + 0.32 * max(1, len(status_count_rows(progress_df))))


__all__ = ["plot_status_counts", "status_count_rows", "status_counts_figsize"]
