"""Completion of many targets against the share expected by now: one bar per amount target, coloured by status.

Only amounts go in (原煤产量 in 万吨, 新增肉牛 in 头, a sown area in 万亩): a rate, a growth rate or a cap is
never shown as a share of its target (:func:`bullet_rows`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.numbers import fmt_percent
from ...core.statuses import STATUS_LABELS
from ..fonts import use_cjk_font
from ..series import AT_MOST, GROWTH, MILESTONE, RATE, with_model
from .common import (
    BULLET_CLIP,
    CHART_WIDTH_IN,
    EXPECTED_COLOUR,
    ROW_HEIGHT_IN,
    STATUS_COLOURS,
    TARGET_COLOUR,
    as_of_parts,
    finish,
    finite,
    is_sample_frame,
    row_name,
    title_lines,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes


def bullet_rows(progress_df: pd.DataFrame, catalog: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows a share-of-target chart shows: amounts with a target and a completion. Never a rate, a growth
    rate (a share of 10% growth or of a 35% rate means nothing) or a cap (a cap is not "completed");
    ``catalog`` gives a progress frame its rows' measure and direction when it does not carry them."""
    df = with_model(progress_df, catalog)
    keep = (
        ~df["measure"].isin([MILESTONE, RATE, GROWTH])
        & (df["direction"] != AT_MOST)
        & df["completion"].notna()
        & df["target"].notna()
    )
    return progress_df[keep.to_numpy()]


def plot_completion_bullets(
    ax: Axes,
    progress_df: pd.DataFrame,
    *,
    as_of: Any = None,
    sample: bool | None = None,
    max_rows: int | None = None,
    catalog: pd.DataFrame | None = None,
) -> Axes:
    """Horizontal bullet chart: completion of the annual target vs the expected share, per indicator.

    Each row is its name (with the unit) above a bar coloured by status (:data:`STATUS_COLOURS`); the value and
    status sit at the right end of the name line; the black tick marks the share the expected pace asks for by
    now, the red tick the full-year target (100%). Milestones and rows without a target or without data are left
    out (see :func:`plot_status_counts` for them).

    Parameters
    ----------
    ax : Axes
        Size the figure with :func:`bullet_figsize`.
    progress_df : DataFrame
        The frame :func:`liulin_data.engine.progress` returns (already filtered/sorted as wished).
    as_of : optional
        Default: the frame's ``as_of``.
    sample : bool, optional
        Default: any row ``is_sample``.
    max_rows : int, optional
        Show at most this many rows (in frame order).
    catalog : DataFrame, optional
        The catalog: each row's measure and direction when the progress frame does not carry them.

    Returns
    -------
    Axes
    """
    use_cjk_font()
    rows = bullet_rows(progress_df, catalog)
    if max_rows is not None:
        rows = rows.head(max_rows)
    if as_of is None:
        as_of = progress_df["as_of"].dropna().iloc[0] if len(progress_df) else "—"
    as_of_text = as_of_parts(as_of)[0] if as_of != "—" else as_of
    if sample is None:
        sample = is_sample_frame(progress_df)
    n = len(rows)
    ys = list(range(n))[::-1]
    ax.barh(ys, [1.0] * n, color="#eeeeee", height=0.36, zorder=0)
    for y, r in zip(ys, rows.to_dict("records"), strict=True):
        completion = float(r["completion"])
        shown = max(min(completion, BULLET_CLIP), -0.2)
        ax.barh(y, shown, color=STATUS_COLOURS.get(r["status"], EXPECTED_COLOUR), height=0.36, zorder=2)
        if finite(r["expected"]):
            ax.plot([r["expected"]] * 2, [y - 0.24, y + 0.24], color="black", linewidth=2, zorder=3)
        ax.plot([1.0, 1.0], [y - 0.24, y + 0.24], color=TARGET_COLOUR, linewidth=1.2, zorder=3)
        unit = f"（{r['unit']}）" if r.get("unit") else ""
        row_name(
            ax,
            y,
            f"{r['indicator']}{unit}",
            f"{fmt_percent(completion)} {STATUS_LABELS.get(r['status'], r['status'])}",
        )
    ax.set_yticks([])
    ax.set_ylim(-0.5, max(n, 1) - 0.2)
    low = min(-0.02, float(rows["completion"].clip(lower=-0.2).min()) - 0.05) if n else -0.02
    high = max(1.1, float(rows["completion"].clip(upper=BULLET_CLIP).max()) + 0.05) if n else 1.1
    ax.set_xlim(low, high)
    ax.xaxis.set_major_formatter(_percent_formatter())
    if n > 12:  # a long chart: percentages at the top too
        ax.tick_params(axis="x", labeltop=True, top=True)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("完成目标的比例（黑色竖线：此时应完成）")
    title_lines(ax, "目标完成度与时序进度", f"截至{as_of_text}，{n} 项数值指标")
    if n == 0:
        ax.text(0.5, 0.5, "暂无可比较的数值指标", transform=ax.transAxes, ha="center", va="center")
    finish(ax, sample)
    return ax


def bullet_figsize(n_rows: int, width: float = CHART_WIDTH_IN) -> tuple[float, float]:
    """Figure size for :func:`plot_completion_bullets` or :func:`plot_milestone_timeline` with ``n_rows`` rows."""
    return (width, max(2.6, ROW_HEIGHT_IN * n_rows + 1.6))


def _percent_formatter():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{v * 100:.0f}%")


__all__ = ["bullet_figsize", "bullet_rows", "plot_completion_bullets"]
