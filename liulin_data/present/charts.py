"""Shared chart helpers for the notebooks and briefings (matplotlib only, Chinese labels).

Every helper draws on an ``Axes`` the caller passes in and returns it (or the axes it drew on); none
calls ``plt.show``. :func:`new_figure` makes a pyplot-free :class:`matplotlib.figure.Figure` on the Agg
canvas, so the helpers work headless (papermill, tests) and in JupyterLab alike. Every chart states its
unit and the ``as_of`` month, and charts of synthetic data carry a visible :data:`SAMPLE_LABEL` stamp.

Typical use::

    import liulin_data as ll
    from liulin_data.engine import ytd_series
    from liulin_data.present import charts

    plan = ll.load_plan()
    targets = ll.load_targets(plan=plan)
    actuals = ll.load_actuals(plan.sample_paths()[:1], targets=targets, year=plan.year)
    fig, ax = charts.new_figure()
    s = ytd_series(actuals, "raw_coal_output", targets, year=plan.year)
    charts.plot_ytd_vs_target(ax, s, s["target"].iloc[0], unit="万吨", title="原煤产量", as_of="YYYY-MM",
                              sample=True)
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from ..engine import ON_TRACK_TOLERANCE
from ..periods import parse_month
from ..sample import any_sample
from ..statuses import (
    ACHIEVED,
    AT_RISK,
    BEHIND,
    DONE,
    IN_PROGRESS,
    NO_DATA,
    NO_TARGET,
    NOT_DUE,
    NOT_STARTED,
    ON_TRACK,
    OVERDUE,
    STATUS_COLORS,
    STATUS_LABELS,
    STATUS_ORDER,
)
from ..tables import fmt_number
from .fonts import use_cjk_font

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# status -> colour, one map for every chart (the progress engine's palette, keyed by status constants)
STATUS_COLOURS: dict[str, str] = dict(STATUS_COLORS)
# the stamp put on every figure drawn from synthetic data
SAMPLE_LABEL = "示例数据（合成）"
# artist id of the stamp, so it is added once per figure and tests can find it
SAMPLE_GID = "liulin-sample-stamp"
# milestone status -> (marker, filled?) on the timeline
MILESTONE_MARKERS: dict[str, tuple[str, bool]] = {
    DONE: ("o", True),
    IN_PROGRESS: ("o", False),
    NOT_STARTED: ("s", False),
    OVERDUE: ("X", True),
}
# colours of the non-status elements
ACTUAL_COLOUR = "#1f4e79"  # cumulative actual line, monthly bars
EXPECTED_COLOUR = "#7f7f7f"  # expected-pace path
TARGET_COLOUR = "#b2182b"  # target line
YOY_COLOUR = "#e08214"  # year-on-year line
AS_OF_COLOUR = "#555555"  # the as_of marker line
# Chinese month tick labels
MONTH_LABELS = [f"{k}月" for k in range(1, 13)]
# default figure size in inches (fits a phone screen in the HTML briefings at 150 dpi)
FIGSIZE = (8.0, 4.5)
# bullets wider than this share of the target are clipped (and labelled with their value)
BULLET_CLIP = 1.6


# margins of the one-axes time charts (ytd vs target, monthly with yoy): room for the title and the
# sample stamp above, the yoy twin axis on the right
FIXED_MARGINS = {"left": 0.1, "right": 0.9, "top": 0.86, "bottom": 0.09}
# size of the one-axes time charts, inches
TIME_CHART_FIGSIZE = (8.0, 4.6)


# ----------------------------------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------------------------------
def new_figure(
    nrows: int = 1,
    ncols: int = 1,
    figsize: tuple[float, float] | None = None,
    margins: dict[str, float] | None = None,
    **kwargs: Any,
):
    """A pyplot-free Figure on the Agg canvas with the Chinese font set up, and its axes.

    Parameters
    ----------
    nrows, ncols : int
        Subplot grid.
    figsize : (float, float), optional
        Inches; default :data:`FIGSIZE`.
    margins : dict, optional
        Fixed ``subplots_adjust`` margins (e.g. :data:`FIXED_MARGINS`) instead of constrained layout: the
        constrained-layout solve costs about 40% of a chart's rendering, and charts with a known shape
        (one axes, short tick labels) do not need it.
    **kwargs
        Passed to :meth:`Figure.subplots` (``sharex``, ``gridspec_kw`` …).

    Returns
    -------
    (Figure, Axes or array of Axes)
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    use_cjk_font()
    fig = Figure(figsize=figsize or FIGSIZE, layout=None if margins else "constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, **kwargs)
    if margins:
        fig.subplots_adjust(**margins)
    return fig, axes


def figure_png(fig: Figure, dpi: int = 100, colors: int | None = None) -> bytes:
    """Render a figure to PNG bytes (for tests, benchmarks and HTML embedding).

    ``colors``: quantise to a palette of that many colours (charts have few; 64 keeps anti-aliased text
    clean) — about a third of the bytes, which keeps a briefing page light enough to forward to phones.
    """
    import io

    buf = io.BytesIO()
    if colors is None:  # the live explorer: speed over bytes (zlib level 1)
        fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
        return buf.getvalue()
    fig.savefig(buf, format="png", dpi=dpi)
    from PIL import Image

    buf.seek(0)
    # fast octree: ~4x faster than median cut at the same size; `optimize` would add 2x for ~10% bytes
    image = Image.open(buf).convert("RGB").quantize(colors=colors, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def as_of_parts(as_of: Any) -> tuple[str, int]:
    """``'YYYY-MM'`` / ``10`` / a date → (``'YYYY-MM'``-style text, month number 1–12)."""
    if isinstance(as_of, int) and not isinstance(as_of, bool):
        if not 1 <= as_of <= 12:
            raise ValueError(f"截至月份应为1—12，收到 {as_of!r} / as_of month must be 1–12")
        return f"{as_of}月", as_of
    month = parse_month(as_of)
    return str(month), month.month


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def is_sample_frame(df: pd.DataFrame | None) -> bool:
    """True when any row of an actuals or progress frame is synthetic sample data (:func:`any_sample`)."""
    return any_sample(df)


def stamp_sample(fig: Figure, label: str = SAMPLE_LABEL) -> None:
    """Put the visible synthetic-data stamp at the top right of the figure (once per figure).

    It is the figure's suptitle when the figure has none (so constrained layout keeps it clear of the
    axes titles), else a text in the bottom right corner.
    """
    for text in fig.texts:
        if text.get_gid() == SAMPLE_GID:
            return
    if fig._suptitle is not None and fig._suptitle.get_gid() == SAMPLE_GID:
        return
    style = {
        "color": "#b2182b",
        "fontsize": 11,
        "bbox": {"boxstyle": "round,pad=0.3", "facecolor": "#fff4f0", "edgecolor": "#b2182b", "linewidth": 1},
    }
    if fig._suptitle is None:
        fig.suptitle(label, x=0.99, ha="right", gid=SAMPLE_GID, **style)
    else:
        fig.text(0.995, 0.005, label, ha="right", va="bottom", gid=SAMPLE_GID, zorder=10, **style)


def sample_stamped(fig: Figure) -> bool:
    """True when :func:`stamp_sample` has stamped the figure."""
    texts = list(fig.texts) + ([fig._suptitle] if fig._suptitle is not None else [])
    return any(t.get_gid() == SAMPLE_GID and t.get_text() == SAMPLE_LABEL for t in texts)


def _finish(ax: Axes, sample: bool) -> None:
    if sample:
        stamp_sample(ax.figure)


def _month_axis(ax: Axes) -> None:
    ax.set_xlim(0.5, 12.5)
    ax.set_xticks(range(1, 13), MONTH_LABELS)


# ----------------------------------------------------------------------------------------------------
# one indicator: cumulative actual vs target
# ----------------------------------------------------------------------------------------------------
def plot_ytd_vs_target(
    ax: Axes,
    series: pd.DataFrame,
    target: float | None,
    *,
    unit: str,
    title: str,
    as_of: Any,
    sample: bool = False,
    projected: float | None = None,
    target_high: float | None = None,
    tolerance: float = ON_TRACK_TOLERANCE,
    level: bool = False,
) -> Axes:
    """Cumulative actual against the annual target, the expected-pace path and the year-end projection.

    ``level=True`` for indicators reported as a level at a point in time (播种面积, 开工率): the line is the
    reported level, labelled 时点值 rather than 累计.

    Parameters
    ----------
    ax : Axes
    series : DataFrame
        The frame :func:`liulin_data.engine.ytd_series` returns (``month``, ``ytd``, ``expected_ytd``,
        ``target``; ``target_high`` optional).
    target : float or None
        Annual target in ``unit``; None/NaN for a context indicator (no target line, no pace band).
    unit : str
        The catalog unit, shown on the y axis.
    title : str
        The indicator name.
    as_of : 'YYYY-MM' or month number
        Actuals after this month are not drawn; shown in the title and as a vertical line.
    sample : bool
        Stamp :data:`SAMPLE_LABEL` on the figure.
    projected : float, optional
        Year-end projection (the progress frame's ``projected``); default: the latest ytd scaled by the
        expected pace (``ytd / (expected_ytd / target)``).
    target_high : float, optional
        Upper end of a range target; default: ``series['target_high']`` if present.
    tolerance : float
        Half-width of the pace band as a share of the expected path (the on-track tolerance).

    Returns
    -------
    Axes
    """
    use_cjk_font()
    as_of_text, month = as_of_parts(as_of)
    s = series.sort_values("month")
    months = s["month"].astype(int).tolist()
    ytd = s["ytd"].astype(float).tolist()
    expected = s["expected_ytd"].astype(float).tolist() if "expected_ytd" in s else [math.nan] * len(months)
    has_target = _finite(target)
    if target_high is None and "target_high" in s and len(s):
        target_high = s["target_high"].iloc[0]

    if has_target and any(_finite(v) for v in expected):
        low = [v * (1 - tolerance) for v in expected]
        high = [v * (1 + tolerance) for v in expected]
        ax.fill_between(
            months, low, high, color=EXPECTED_COLOUR, alpha=0.15, linewidth=0,
            label=f"进度区间（±{tolerance:.0%}）",
        )  # fmt: skip
        ax.plot(months, expected, color=EXPECTED_COLOUR, linestyle=":", linewidth=1.5, label="时序进度")
    if has_target:
        ax.axhline(target, color=TARGET_COLOUR, linewidth=1.2, label=f"全年目标 {fmt_number(target)}{unit}")
        if _finite(target_high):
            ax.axhline(target_high, color=TARGET_COLOUR, linewidth=1.0, linestyle="--",
                       label=f"目标上限 {fmt_number(target_high)}{unit}")  # fmt: skip

    shown = [(m, v) for m, v in zip(months, ytd, strict=True) if m <= month and _finite(v)]
    if shown:
        xs, ys = zip(*shown, strict=True)
        ax.plot(
            xs,
            ys,
            color=ACTUAL_COLOUR,
            linewidth=2.2,
            marker="o",
            markersize=4,
            label="实际（时点值）" if level else "累计实际",
        )
        last_m, last_v = xs[-1], ys[-1]
        ax.annotate(f"{fmt_number(last_v)}", (last_m, last_v), textcoords="offset points", xytext=(0, 7),
                    ha="center", fontsize=9, color=ACTUAL_COLOUR)  # fmt: skip
        if projected is None and has_target:
            share = expected[months.index(last_m)] / target if target else math.nan
            projected = last_v / share if _finite(share) and share > 0 else None
        if _finite(projected) and last_m < 12:
            ax.plot([last_m, 12], [last_v, projected], color=ACTUAL_COLOUR, linestyle="--", linewidth=1.5,
                    label=f"按当前进度预计全年 {fmt_number(projected)}{unit}")  # fmt: skip
            ax.plot([12], [projected], marker="o", markerfacecolor="white", color=ACTUAL_COLOUR)
    else:
        ax.text(0.5, 0.5, f"截至{as_of_text}暂无数据", transform=ax.transAxes, ha="center", va="center",
                fontsize=12, color=EXPECTED_COLOUR)  # fmt: skip

    ax.axvline(month, color=AS_OF_COLOUR, linewidth=0.8, linestyle="-.")
    _month_axis(ax)
    if all((not _finite(v)) or v >= 0 for v in ytd):
        ax.set_ylim(bottom=0)
    ax.set_ylabel(f"{'时点值' if level else '累计'}（{unit}）")
    ax.set_title(f"{title}：{'实际' if level else '累计完成'}与全年目标（截至{as_of_text}）")
    ax.legend(loc="upper left", fontsize=9)
    _finish(ax, sample)
    return ax


def yoy_by_month(
    actuals: pd.DataFrame | None, indicator_id: str, year: int | None = None
) -> dict[int, float]:
    """Year-on-year growth (%) by month of one indicator, from an actuals frame's ``yoy_pct``.

    A monthly release's rate is preferred over a cumulative one for the same month.

    Returns
    -------
    dict
        month (1–12) → yoy in %; months without a rate are absent.
    """
    if actuals is None or len(actuals) == 0 or "yoy_pct" not in actuals:
        return {}
    own = actuals[(actuals["indicator_id"].astype(str) == indicator_id) & actuals["yoy_pct"].notna()]
    if year is not None:
        own = own[own["period"].astype(str).str.startswith(f"{year:04d}")]
    out: dict[int, float] = {}
    rank = {"month": 0, "ytd": 1, "level": 2}
    best: dict[int, int] = {}
    for row in own.to_dict("records"):
        month = int(str(row["period"])[5:7])
        r = rank.get(str(row.get("basis")), 3)
        if month not in best or r < best[month]:
            best[month] = r
            out[month] = float(row["yoy_pct"])
    return dict(sorted(out.items()))


def plot_monthly_with_yoy(
    ax: Axes,
    series: pd.DataFrame,
    unit: str,
    *,
    title: str = "",
    as_of: Any = None,
    yoy: dict[int, float] | pd.Series | None = None,
    sample: bool = False,
) -> tuple[Axes, Axes | None]:
    """Monthly values as bars, with year-on-year growth (%) on a twin axis.

    Parameters
    ----------
    ax : Axes
    series : DataFrame
        :func:`liulin_data.engine.ytd_series` output (``month``, ``month_value``; ``reported`` optional).
    unit : str
        The catalog unit (left axis).
    title : str
        The indicator name.
    as_of : 'YYYY-MM' or month number, optional
        Months after it are not drawn; default: all months.
    yoy : dict or Series, optional
        month → yoy %; e.g. :func:`yoy_by_month`. No twin axis when empty.
    sample : bool
        Stamp :data:`SAMPLE_LABEL` on the figure.

    Returns
    -------
    (Axes, Axes or None)
        The bar axes and the twin yoy axes (None when there is no yoy).
    """
    use_cjk_font()
    if as_of is None:
        as_of_text, month = "全年", 12
    else:
        as_of_text, month = as_of_parts(as_of)
    s = series.sort_values("month")
    pairs = [
        (int(m), float(v))
        for m, v in zip(s["month"], s["month_value"], strict=True)
        if int(m) <= month and _finite(v)
    ]
    if pairs:
        xs, ys = zip(*pairs, strict=True)
        bars = ax.bar(xs, ys, color=ACTUAL_COLOUR, alpha=0.85, width=0.65, label=f"当月值（{unit}）")
        ax.bar_label(bars, labels=[fmt_number(v, 1) for v in ys], fontsize=8, padding=2)
        if min(ys) >= 0 and max(ys) > 0:
            ax.set_ylim(0, max(ys) * 1.3)  # headroom for the legend
    else:
        ax.text(0.5, 0.5, f"截至{as_of_text}暂无当月数据", transform=ax.transAxes, ha="center", va="center",
                fontsize=12, color=EXPECTED_COLOUR)  # fmt: skip
    _month_axis(ax)
    ax.set_ylabel(f"当月（{unit}）")
    ax.set_title(
        f"{title}：当月值与同比增速（截至{as_of_text}）" if title else f"当月值与同比增速（截至{as_of_text}）"
    )

    twin = None
    items = sorted((int(k), float(v)) for k, v in dict(yoy if yoy is not None else {}).items())
    items = [(k, v) for k, v in items if k <= month and _finite(v)]
    if items:
        twin = ax.twinx()
        twin.grid(False)
        twin.spines["right"].set_visible(True)
        kx, kv = zip(*items, strict=True)
        twin.plot(kx, kv, color=YOY_COLOUR, marker="D", markersize=4, linewidth=1.6, label="同比增长（%）")
        twin.axhline(0, color=YOY_COLOUR, linewidth=0.6, linestyle=":")
        low, high = min(min(kv), 0.0), max(max(kv), 0.0)
        span = (high - low) or 1.0
        twin.set_ylim(low - 0.1 * span, high + 0.45 * span)  # keep the line below the legend
        twin.set_ylabel("同比增长（%）", color=YOY_COLOUR)
        twin.tick_params(axis="y", colors=YOY_COLOUR)
        handles = ax.get_legend_handles_labels()
        handles2 = twin.get_legend_handles_labels()
        ax.legend(handles[0] + handles2[0], handles[1] + handles2[1], loc="upper left", fontsize=9)
    elif pairs:
        ax.legend(loc="upper left", fontsize=9)
    _finish(ax, sample)
    return ax, twin


# ----------------------------------------------------------------------------------------------------
# many indicators
# ----------------------------------------------------------------------------------------------------
def bullet_rows(progress_df: pd.DataFrame) -> pd.DataFrame:
    """The progress rows a completion bullet chart shows: numeric rows with a target and a completion."""
    df = progress_df
    keep = (df["kind"] != "milestone") & df["completion"].notna() & df["target"].notna()
    return df[keep]


def plot_completion_bullets(
    ax: Axes,
    progress_df: pd.DataFrame,
    *,
    as_of: Any = None,
    sample: bool | None = None,
    max_rows: int | None = None,
) -> Axes:
    """Horizontal bullet chart: completion of the annual target vs the expected share, per indicator.

    Bars are coloured by status (:data:`STATUS_COLOURS`); the black tick marks the share of the target
    the expected pace asks for by now; the grey band is the full-year target (100%). Milestones and rows
    without a target or without data are left out (see :func:`plot_status_counts` for them).

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

    Returns
    -------
    Axes
    """
    use_cjk_font()
    rows = bullet_rows(progress_df)
    if max_rows is not None:
        rows = rows.head(max_rows)
    if as_of is None:
        as_of = progress_df["as_of"].dropna().iloc[0] if len(progress_df) else "—"
    as_of_text = as_of_parts(as_of)[0] if as_of != "—" else as_of
    if sample is None:
        sample = is_sample_frame(progress_df)
    n = len(rows)
    ys = list(range(n))[::-1]
    ax.barh(ys, [1.0] * n, color="#eeeeee", height=0.8, zorder=0)
    for y, r in zip(ys, rows.to_dict("records"), strict=True):
        completion = float(r["completion"])
        shown = max(min(completion, BULLET_CLIP), -0.2)
        colour = STATUS_COLOURS.get(r["status"], EXPECTED_COLOUR)
        ax.barh(y, shown, color=colour, height=0.42, zorder=2)
        if _finite(r["expected"]):
            ax.plot([r["expected"]] * 2, [y - 0.33, y + 0.33], color="black", linewidth=2, zorder=3)
        label = f"{completion:.0%} {STATUS_LABELS.get(r['status'], r['status'])}"
        right = max(shown, 1.0, float(r["expected"]) if _finite(r["expected"]) else 0.0)
        ax.text(right + 0.03, y, label, va="center", fontsize=8.5, zorder=4)
    names = [f"{r['indicator']}（{r['unit']}）" if r.get("unit") else str(r["indicator"])
             for r in rows.to_dict("records")]  # fmt: skip
    ax.set_yticks(ys, names)
    ax.set_ylim(-0.7, max(n, 1) - 0.3)
    low = min(-0.02, float(rows["completion"].clip(lower=-0.2).min()) - 0.05) if n else -0.02
    high = max(1.15, float(rows["completion"].clip(upper=BULLET_CLIP).max()) + 0.05) if n else 1.15
    ax.set_xlim(low, high + 0.3)  # room for the value labels
    ax.xaxis.set_major_formatter(_percent_formatter())
    ax.axvline(1.0, color=TARGET_COLOUR, linewidth=1.0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("完成全年目标的比例（%；黑色竖线＝按时序进度应完成）")
    ax.set_title(f"目标完成度与时序进度（截至{as_of_text}）")
    if n == 0:
        ax.text(0.5, 0.5, "暂无可比较的数值指标", transform=ax.transAxes, ha="center", va="center")
    _finish(ax, sample)
    return ax


def bullet_figsize(n_rows: int, width: float = 8.0) -> tuple[float, float]:
    """Figure size for :func:`plot_completion_bullets` with ``n_rows`` rows."""
    return (width, max(2.5, 0.32 * n_rows + 1.4))


def _percent_formatter():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{v * 100:.0f}%")


def plot_status_counts(
    ax: Axes, progress_df: pd.DataFrame, *, as_of: Any = None, sample: bool | None = None
) -> Axes:
    """Two stacked horizontal bars: how many numeric targets and how many milestones are in each status.

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
    is_ms = progress_df["kind"] == "milestone"
    groups = [("数值指标", progress_df[~is_ms]), ("里程碑事项", progress_df[is_ms])]
    order = [s for s in STATUS_ORDER[::-1]]  # fine first, trouble last (right end)
    seen: set[str] = set()
    for y, (_name, df) in zip((1, 0), groups, strict=True):
        counts = df["status"].value_counts()
        left = 0
        for status in order:
            c = int(counts.get(status, 0))
            if c == 0:
                continue
            label = STATUS_LABELS.get(status, status)
            ax.barh(y, c, left=left, color=STATUS_COLOURS.get(status, EXPECTED_COLOUR), height=0.55,
                    label=label if label not in seen else None, edgecolor="white")  # fmt: skip
            seen.add(label)
            ax.text(left + c / 2, y, str(c), ha="center", va="center", fontsize=9)
            left += c
        ax.text(left + 0.3, y, f"共{len(df)}项", va="center", fontsize=9)
    ax.set_yticks([1, 0], [g[0] for g in groups])
    ax.set_xlabel("项数（个）")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlim(0, max(len(groups[0][1]), len(groups[1][1]), 1) * 1.12 + 1)
    ax.set_title(f"各状态项数（截至{as_of_text}）")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=6, fontsize=9)
    _finish(ax, sample)
    return ax


# ----------------------------------------------------------------------------------------------------
# milestones
# ----------------------------------------------------------------------------------------------------
def _month_position(value: Any, year: int) -> float | None:
    """A date or 'YYYY-MM[-DD]' → position on the month axis (1.0 = 1 January, 13.0 = 31 December end)."""
    import calendar

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value)[:10]
    m = re.match(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
    if not m:
        return None
    y, mo = int(m.group(1)), int(m.group(2))
    if y < year:
        return 0.6
    if y > year:
        return 12.98
    if m.group(3):
        day = int(m.group(3))
        days = calendar.monthrange(y, mo)[1]
        return mo + (day - 1) / days
    return mo + 0.5  # a month without a day: mid-month


def milestone_frame(progress_df: pd.DataFrame, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Milestone rows of a progress frame with their catalog ``deadline`` and the latest log ``date``.

    Returns
    -------
    DataFrame
        ``indicator_id, indicator, status, deadline, date, note, as_of, is_sample``.
    """
    ms = progress_df[progress_df["kind"] == "milestone"].copy()
    if "deadline" not in ms:
        if targets is None:
            from ..catalog import load_targets

            targets = load_targets()
        lookup = targets.drop_duplicates("indicator_id").set_index("indicator_id")["deadline"]
        ms["deadline"] = ms["indicator_id"].map(lookup)
    if "date" not in ms:
        ms["date"] = ms["note"].astype(str).str.extract(r"(\d{4}-\d{2}-\d{2})", expand=False)
        ms["date"] = ms["date"].fillna(ms["latest_period"])
    cols = ["indicator_id", "indicator", "status", "deadline", "date", "note", "as_of", "is_sample"]
    for c in cols:
        if c not in ms:
            ms[c] = None
    return ms[cols].reset_index(drop=True)


def plot_milestone_timeline(
    ax: Axes, milestones_df: pd.DataFrame, as_of: Any, *, year: int | None = None, sample: bool | None = None
) -> Axes:
    """Milestones on the year's month axis: a tick at each deadline, a marker by status.

    Markers: done ● (at the date it was logged done), in progress ○ (at the latest log date), not
    started □ (at as_of), overdue ✖ (at as_of, red). A dash-dot line marks as_of.

    Parameters
    ----------
    ax : Axes
        Size the figure with :func:`bullet_figsize`.
    milestones_df : DataFrame
        :func:`milestone_frame` output (``indicator, status, deadline``; ``date`` optional).
    as_of : 'YYYY-MM' or month number
    year : int, optional
        The year of the axis (the plan's year); default the year of ``as_of`` (required for a month number).
    sample : bool, optional
        Default: any row ``is_sample``.

    Returns
    -------
    Axes
    """
    use_cjk_font()
    as_of_text, month = as_of_parts(as_of)
    year = parse_month(as_of).year if year is None else year
    as_of_x = month + 1.0  # end of the as_of month
    if sample is None:
        sample = is_sample_frame(milestones_df)
    rows = milestones_df.to_dict("records")
    n = len(rows)
    ys = list(range(n))[::-1]
    seen: set[str] = set()
    for y, r in zip(ys, rows, strict=True):
        status = str(r.get("status"))
        deadline_x = _month_position(r.get("deadline"), year) or 12.98
        ax.plot([deadline_x], [y], marker="|", markersize=16, markeredgewidth=2.2, color=TARGET_COLOUR,
                label="截止时间" if "deadline" not in seen else None, zorder=3)  # fmt: skip
        seen.add("deadline")
        date_x = _month_position(r.get("date"), year)
        x = min(as_of_x, 12.98) if status in (NOT_STARTED, OVERDUE) or date_x is None else date_x
        marker, filled = MILESTONE_MARKERS.get(status, ("o", False))
        colour = STATUS_COLOURS.get(status, EXPECTED_COLOUR)
        label = STATUS_LABELS.get(status, status)
        ax.plot([1.0, deadline_x], [y, y], color="#dddddd", linewidth=1, zorder=1)
        ax.plot([x], [y], marker=marker, markersize=9, linestyle="none",
                markerfacecolor=colour if filled else "white", markeredgecolor=colour if status != NOT_STARTED
                else "#777777", markeredgewidth=1.8, label=label if label not in seen else None,
                zorder=4)  # fmt: skip
        seen.add(label)
    ax.axvline(as_of_x, color=AS_OF_COLOUR, linewidth=0.9, linestyle="-.")
    ax.text(as_of_x, n - 0.4, f"截至{as_of_text}", ha="center", va="bottom", fontsize=9, color=AS_OF_COLOUR)
    ax.set_yticks(ys, [str(r.get("indicator")) for r in rows])
    ax.set_xlim(0.8, 13.2)
    ax.set_xticks([k + 0.5 for k in range(1, 13)], MONTH_LABELS)  # labels mid-month
    ax.set_xticks(range(1, 14), minor=True)  # grid lines at month boundaries
    ax.tick_params(axis="x", which="major", length=0)
    ax.set_ylim(-0.8, max(n, 1) + 0.2)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", which="major", visible=False)
    ax.grid(axis="x", which="minor", visible=True)
    ax.set_xlabel(f"{year}年（月）")
    ax.set_title(f"重点事项里程碑进展（截至{as_of_text}）")
    if n == 0:  # nothing to mark (a plan without milestones among the shown rows): no legend either
        ax.text(0.5, 0.5, "暂无里程碑事项", transform=ax.transAxes, ha="center", va="center")
    else:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=5, fontsize=9)
    _finish(ax, sample)
    return ax


# ----------------------------------------------------------------------------------------------------
# published history (context only)
# ----------------------------------------------------------------------------------------------------
def plot_history(
    ax: Axes,
    history_df: pd.DataFrame,
    *,
    indicator: str | None = None,
    unit: str | None = None,
    title: str | None = None,
    as_of: Any = None,
) -> Axes:
    """Published county figures of one indicator as bars (dated context, never actuals of the plan's year).

    Parameters
    ----------
    ax : Axes
    history_df : DataFrame
        :func:`liulin_data.history.load_history` output (``indicator, indicator_id, value, unit,
        period_label, period_end, yoy_pct, source, grade``).
    indicator : str, optional
        An ``indicator_id`` or (part of) the Chinese name; default: the frame as given.
    unit : str, optional
        Only rows in this unit; default: the unit of the first matching row (values in different units
        are never drawn on one axis).
    title : str, optional
        Default: the indicator name.
    as_of : optional
        The briefing's reference month ('YYYY-MM'): shown below the chart, its year in the title.

    Returns
    -------
    Axes
    """
    use_cjk_font()
    df = history_df
    if indicator is not None:
        names = df["indicator"].astype(str)
        by_id = df["indicator_id"].astype(str) == indicator if "indicator_id" in df else names == "\0"
        exact = names.str.replace(r"\s+[A-Za-z].*$", "", regex=True) == indicator
        if by_id.any() or exact.any():
            df = df[by_id | exact]
        else:
            df = df[names.str.contains(indicator, regex=False)]
    if len(df) and unit is None:
        unit = str(df["unit"].iloc[0])
    if unit is not None and len(df):
        df = df[df["unit"].astype(str) == unit]
    if "period_end" in df:
        df = df.sort_values("period_end")
    name = title or (str(df["indicator"].iloc[0]) if len(df) else (indicator or ""))
    xs = list(range(len(df)))
    labels = [str(v) for v in df["period_label"]] if len(df) else []
    values = [float(v) for v in df["value"]] if len(df) else []
    bars = ax.bar(xs, values, color="#8c8c8c", width=0.6, label=f"已公布数值（{unit or ''}）")
    texts = []
    for v, yoy in zip(values, df["yoy_pct"] if "yoy_pct" in df else [None] * len(values), strict=True):
        t = fmt_number(v)
        if _finite(yoy):
            t += f"\n同比{float(yoy):+.1f}%"
        texts.append(t)
    if len(xs):
        ax.bar_label(bars, labels=texts, fontsize=8, padding=2)
        ax.set_ylim(0, max(values) * 1.25 if max(values) > 0 else 1)
    else:
        ax.text(0.5, 0.5, "无已公布数据", transform=ax.transAxes, ha="center", va="center")
    ax.set_xticks(xs, labels)
    ax.set_ylabel(f"数值（{unit or '—'}）")
    year = f"{parse_month(as_of).year}年" if isinstance(as_of, str) else "本年度"
    ax.set_title(f"{name}：已公布数据（历史背景，非{year}实际）")
    if len(xs) == 1:
        ax.set_xlim(-1.2, 1.2)
    footnote = f"简报截至{as_of_parts(as_of)[0]}。" if as_of is not None else ""
    if len(df) and "source" in df:
        grades = ",".join(sorted({str(g) for g in df.get("grade", []) if str(g) not in ("", "nan")}))
        sources = "；".join(dict.fromkeys(str(s) for s in df["source"]))
        footnote += f"来源：{sources}" + (f"（可靠性{grades}级）" if grades else "")
    if footnote:
        ax.text(0, -0.18, footnote, transform=ax.transAxes, fontsize=7, color="#666666", va="top", wrap=True)
    return ax


__all__ = [
    "ACHIEVED",
    "AT_RISK",
    "BEHIND",
    "NO_DATA",
    "NO_TARGET",
    "NOT_DUE",
    "ON_TRACK",
    "SAMPLE_LABEL",
    "STATUS_COLOURS",
    "as_of_parts",
    "bullet_figsize",
    "figure_png",
    "is_sample_frame",
    "milestone_frame",
    "new_figure",
    "plot_completion_bullets",
    "plot_history",
    "plot_milestone_timeline",
    "plot_monthly_with_yoy",
    "plot_status_counts",
    "plot_ytd_vs_target",
    "sample_stamped",
    "stamp_sample",
    "yoy_by_month",
]
