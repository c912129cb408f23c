"""Shared chart helpers for the notebooks and briefings (matplotlib only, Chinese labels).

Every helper draws on an ``Axes`` the caller passes in and returns it (or the axes it drew on); none
calls ``plt.show``. :func:`new_figure` makes a pyplot-free :class:`matplotlib.figure.Figure` on the Agg
canvas, so the helpers work headless (papermill, tests) and in JupyterLab alike. Every chart states its
unit and the ``as_of`` month, and charts of synthetic data carry a visible :data:`SAMPLE_LABEL` stamp.

Charts are drawn for a phone first: :data:`CHART_WIDTH_IN` wide with no text smaller than :data:`TEXT_PT`, so
that, scaled into a 374 px phone column, the smallest text is still about 11 px (:func:`text_px_on_phone`).
Legends sit below the axes (never over a line, a bar or the target), names sit above their bars, and
:func:`layout_problems` measures, with matplotlib's own renderer, that no text, legend or label overlaps another.
Numbers go through :mod:`liulin_data.core.numbers` (large 万元 amounts in 亿元, counts whole).

Typical use::

    import liulin_data as ll
    from liulin_data.engine import ytd_series
    from liulin_data.present import charts

    plan = ll.load_plan()
    targets = ll.load_targets(plan=plan)
    actuals = ll.load_actuals(plan.sample_paths()[:1], targets=targets, year=plan.year)
    fig, ax = charts.new_figure(figsize=charts.TIME_CHART_FIGSIZE)
    s = ytd_series(actuals, "raw_coal_output", targets, year=plan.year)
    charts.plot_ytd_vs_target(ax, s, s["target"].iloc[0], unit="万吨", title="原煤产量", as_of="YYYY-MM",
                              sample=True)
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from ..core.numbers import display_unit, fmt_number, fmt_percent, is_count_unit
from ..core.periods import parse_month
from ..core.statuses import (
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
from ..core.units import count_step
from ..engine import ON_TRACK_TOLERANCE, whole_units
from ..plan.catalog import load_targets
from ..plan.sample import any_sample
from .blocks import source_words
from .fonts import TEXT_PT, TITLE_PT, use_cjk_font

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
# artist id of the name written above each row of a bullet or milestone chart
ROW_NAME_GID = "liulin-row-name"
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
NOTE_COLOUR = "#555555"  # footnotes
# bullets wider than this share of the target are clipped (and labelled with their value)
BULLET_CLIP = 1.6

# every chart is this wide (inches): scaled into a phone's 374 px column, TEXT_PT stays about 11 px
CHART_WIDTH_IN = 4.8
# PNG resolution of notebook and briefing charts: 672 px wide, shown at 528 CSS px on a desk and 374 on a phone
CHART_DPI = 140
# CSS pixels per inch a page shows a chart at on a desk (528 px wide; a phone shrinks it to its column)
DISPLAY_PX_PER_IN = 110
# the phone column the text sizes are designed for (a 390 px screen less the page's margins), CSS px
PHONE_COLUMN_PX = 374
# default figure size in inches
FIGSIZE = (CHART_WIDTH_IN, 3.6)
# size of the one-axes time charts (ytd vs target, monthly with yoy), inches
TIME_CHART_FIGSIZE = (CHART_WIDTH_IN, 4.2)
# height of one row of a bullet or milestone chart (a name line and a bar), inches
ROW_HEIGHT_IN = 0.42
# a start for figures laid out with fixed margins: time charts replace them with fit_time_chart()
FIXED_MARGINS = {"left": 0.14, "right": 0.86, "top": 0.8, "bottom": 0.3}


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
        Fixed ``subplots_adjust`` margins instead of constrained layout (the charts' legends below the axes need
        constrained layout: helpers that place one switch it on).
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
    from PIL import Image

    # fast octree: ~4x faster than median cut at the same size; `optimize` would add 2x for ~10% bytes
    image = _pixels(fig, dpi).convert("RGB").quantize(colors=colors, method=Image.Quantize.FASTOCTREE)
    palette = image.getpalette() or []
    # the quantiser averages white into 254: snap near-white back to the page's white (no grey box on the page)
    image.putpalette([255 if all(c >= 250 for c in palette[i - i % 3 : i - i % 3 + 3]) else v
                      for i, v in enumerate(palette)])  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _pixels(fig: Figure, dpi: int):
    """The figure drawn at ``dpi`` as a PIL image: the Agg canvas's own pixels, the same savefig would encode
    (no PNG written and read back: ~35% of a briefing chart's time); savefig for a canvas that is not Agg."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    if not isinstance(fig.canvas, FigureCanvasAgg):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi)
        buf.seek(0)
        return Image.open(buf)
    original = fig.dpi
    fig.dpi = dpi
    try:
        fig.canvas.draw()
        size = fig.canvas.get_width_height(physical=True)
        return Image.frombuffer("RGBA", size, bytes(fig.canvas.buffer_rgba()), "raw", "RGBA", 0, 1)
    finally:
        fig.dpi = original


def display_width_px(fig: Figure) -> int:
    """The CSS width a page shows ``fig`` at on a desk (a phone shrinks it to its column)."""
    return round(fig.get_figwidth() * DISPLAY_PX_PER_IN)


def chart_title(fig: Figure) -> str:
    """The title of a chart in one line (its first axes' title, else the figure's texts): for alt text."""
    for ax in fig.axes:
        text = ax.get_title().strip()
        if text:
            return re.sub(r"\s*\n\s*", "，", text)
    return "图表"


def as_of_parts(as_of: Any) -> tuple[str, int]:
    """``'YYYY-MM'`` / ``10`` / a date → (the month for people, 'YYYY年10月' or '10月'; month number 1–12)."""
    if isinstance(as_of, int) and not isinstance(as_of, bool):
        if not 1 <= as_of <= 12:
            raise ValueError(f"截至月份应为1—12，收到 {as_of!r} / as_of month must be 1–12")
        return f"{as_of}月", as_of
    month = parse_month(as_of)
    return month.label, month.month


def period_words(start: Any, end: Any, fallback: Any = "") -> str:
    """A published figure's period for people: 2024年 (a whole year), 2024年3月, 2024年1—6月; ``fallback``
    (the period as written) when the dates are missing."""
    if start is None or end is None or str(start) in ("", "NaT") or str(end) in ("", "NaT"):
        return str(fallback)
    first, last = parse_month(start), parse_month(end)
    if first.year != last.year:
        return f"{first.label}—{last.label}"
    if (first.month, last.month) == (1, 12):
        return f"{first.year}年"
    if first.month == last.month:
        return first.label
    return f"{first.year}年{first.month}—{last.month}月"


def history_periods(history_df: pd.DataFrame) -> list[str]:
    """The periods of published figures (:func:`liulin_data.plan.history.load_history` rows) for people."""
    if not len(history_df):
        return []
    if "period_start" not in history_df or "period_end" not in history_df:
        return [str(v) for v in history_df["period_label"]]
    return [
        period_words(a, b, label)
        for a, b, label in zip(
            history_df["period_start"], history_df["period_end"], history_df["period_label"], strict=True
        )
    ]


def _default_projection(
    last: tuple[int, float], expected: list[float], months: list[int], target: float, unit: str, level: bool
) -> float | None:
    """The year-end projection when none is given, as the engine words it: a level stays at its latest value;
    a total is scaled by the expected pace, in whole things for counts (:func:`liulin_data.engine.whole_units`)."""

    month, value = last
    if level:
        return value
    share = expected[months.index(month)] / target
    if not (_finite(share) and share > 0):
        return None
    return whole_units(value / share, count_step(unit) if unit else None)


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
        "fontsize": TEXT_PT,
        "bbox": {
            "boxstyle": "round,pad=0.25",
            "facecolor": "#fff4f0",
            "edgecolor": "#b2182b",
            "linewidth": 1,
        },
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


def _month_axis(ax: Axes, as_of: Any = None) -> None:
    """Months 1–12 (numbers: "10月" twelve times does not fit a phone-wide chart), the year below."""
    ax.set_xlim(0.5, 12.5)
    ax.set_xticks(range(1, 13), [str(k) for k in range(1, 13)])
    year = parse_month(as_of).year if isinstance(as_of, str) else None
    ax.set_xlabel(f"{year}年（月）" if year else "月份")


def _title(ax: Axes, main: str, sub: str) -> None:
    """A two-line title: what the chart shows, then the month (and the latest value)."""
    ax.set_title(f"{main}\n{sub}", fontsize=TITLE_PT, linespacing=1.35)


def _number_axis(axis, unit: str = "") -> None:
    """Tick labels through the number formatter (2,500; 0.25); whole numbers for counts."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_number(v)))
    if is_count_unit(unit):
        axis.set_major_locator(MaxNLocator(integer=True))


def _constrained(fig: Figure) -> bool:
    return type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"


def _legend_below(
    ax: Axes, handles: list | None = None, labels: list | None = None, ncols: int = 2, fixed: bool = False
):
    """The legend under the chart, outside the axes (never over data); one per figure.

    ``fixed``: a time chart laid out by :func:`fit_time_chart` (no constrained-layout pass: the explorer redraws
    faster); else the figure is laid out by constrained layout.
    """
    fig = ax.figure
    for old in list(fig.legends):
        old.remove()
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return None
    style = {"ncols": min(ncols, len(handles)), "frameon": False, "handlelength": 1.6, "columnspacing": 1.2}
    if fixed:
        return fig.legend(
            handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.0), borderaxespad=0.3, **style
        )
    if not _constrained(fig):
        fig.set_layout_engine("constrained")
    return fig.legend(handles, labels, loc="outside lower center", borderaxespad=0.2, **style)


# fixed layout of a one-axes time chart, inches: room for the stamp, a two-line title, tick labels, axis labels
# and the legend rows (no layout pass: the explorer's redraw stays quick)
TIME_TOP_IN = 0.62  # a two-line title
STAMP_IN = 0.3  # the sample stamp above it
TIME_BOTTOM_IN = 0.55  # x tick labels and the x label
LEGEND_PAD_IN = 0.16  # the legend's own padding
LEGEND_ROW_IN = 0.22  # one legend row
AXIS_LABEL_IN = 0.42  # a y label, the ticks and their padding
CHAR_WIDTH_EM = 0.6  # width of a digit or comma, in em


def _tick_text_in(axis) -> float:
    """How wide (inches) the widest tick label of ``axis`` is, estimated from its text (no drawing)."""
    low, high = sorted(axis.get_view_interval())
    shown = [
        v
        for v in axis.get_majorticklocs()
        if low - 1e-9 * abs(high - low) <= v <= high + 1e-9 * abs(high - low)
    ]
    texts = [axis.get_major_formatter()(v, i) for i, v in enumerate(shown)]
    return max((len(t) for t in texts), default=1) * CHAR_WIDTH_EM * TEXT_PT / 72


def fit_time_chart(ax: Axes) -> None:
    """Lay out a one-axes time chart (and its twin) with fixed margins sized to its contents.

    Used when the figure has no layout engine (the explorer, the notebooks' time charts): one draw per PNG instead
    of a constrained-layout pass. :func:`layout_problems` checks the result over every indicator.
    """
    fig = ax.figure
    if _constrained(fig):
        return
    width, height = fig.get_size_inches()
    rows = math.ceil(len(fig.legends[0].legend_handles) / 2) if fig.legends else 0
    twin = next(
        (other for other in fig.axes if other is not ax and other.bbox.bounds == ax.bbox.bounds), None
    )
    top = TIME_TOP_IN + (STAMP_IN if sample_stamped(fig) else 0)
    bottom = TIME_BOTTOM_IN + (LEGEND_PAD_IN + rows * LEGEND_ROW_IN if rows else 0)
    left = AXIS_LABEL_IN + _tick_text_in(ax.yaxis)
    right = AXIS_LABEL_IN + _tick_text_in(twin.yaxis) if twin is not None else 0.15
    fig.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
    )


def _scaled(values: list[float], scale: float) -> list[float]:
    return [v * scale if _finite(v) else math.nan for v in values]


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
    reported level, labelled 时点值 rather than 累计. Large 万元 amounts are drawn in 亿元 (one unit for the
    whole chart); the legend sits below the axes.

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
        Year-end projection: pass the progress frame's ``projected`` (NaN: none is drawn, e.g. stale data).
        Default (the explorer at another month): the latest level for ``level`` rows, else the latest ytd
        scaled by the expected pace (``ytd / (expected_ytd / target)``), in whole things for counts.
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
    if target_high is None and "target_high" in s and len(s):
        target_high = s["target_high"].iloc[0]
    shown = [(m, v) for m, v in zip(months, ytd, strict=True) if m <= month and _finite(v)]
    if projected is None and shown and _finite(target) and target:
        projected = _default_projection(shown[-1], expected, months, float(target), unit, level)
    unit_shown, scale = display_unit(unit, [target, target_high, projected, *(v for _, v in shown)])
    target, target_high, projected = (
        v * scale if _finite(v) else None for v in (target, target_high, projected)
    )
    ytd, expected = _scaled(ytd, scale), _scaled(expected, scale)
    shown = [(m, v * scale) for m, v in shown]

    def amount(v: float) -> str:
        return f"{fmt_number(v, unit=unit_shown)}{unit_shown}"

    if target is not None and any(_finite(v) for v in expected):
        low = [v * (1 - tolerance) for v in expected]
        high = [v * (1 + tolerance) for v in expected]
        ax.fill_between(
            months, low, high, color=EXPECTED_COLOUR, alpha=0.15, linewidth=0,
            label=f"进度正常区间（±{fmt_percent(tolerance)}）",
        )  # fmt: skip
        ax.plot(months, expected, color=EXPECTED_COLOUR, linestyle=":", linewidth=1.5, label="时序进度")
    if target is not None:
        ax.axhline(target, color=TARGET_COLOUR, linewidth=1.2, label=f"全年目标 {amount(target)}")
        if target_high is not None:
            ax.axhline(target_high, color=TARGET_COLOUR, linewidth=1.0, linestyle="--",
                       label=f"目标上限 {amount(target_high)}")  # fmt: skip

    what = "实际" if level else "累计完成"
    if shown:
        xs, ys = zip(*shown, strict=True)
        ax.plot(xs, ys, color=ACTUAL_COLOUR, linewidth=2.2, marker="o", markersize=4,
                label="实际（时点值）" if level else "累计实际")  # fmt: skip
        last_m, last_v = xs[-1], ys[-1]
        if projected is not None and last_m < 12:
            ax.plot([last_m, 12], [last_v, projected], color=ACTUAL_COLOUR, linestyle="--", linewidth=1.5,
                    label=f"预计全年 {amount(projected)}")  # fmt: skip
            ax.plot([12], [projected], marker="o", markerfacecolor="white", color=ACTUAL_COLOUR)
        # a figure older than the month shown says its own month (截至YYYY年10月：6月为 33.4万亩); a level is
        # carried forward in the series, so its own month is the last one reported
        flags = s["reported"].tolist() if "reported" in s else [True] * len(months)
        last_m = max((m for m, r in zip(months, flags, strict=True) if r and m <= last_m), default=last_m)
        if last_m >= month:
            latest = f"截至{as_of_text}{'最新' if level else '累计'} {amount(last_v)}"
        else:
            latest = f"截至{as_of_text}：{last_m}月{'为' if level else '累计'} {amount(last_v)}"
    else:
        ax.text(0.5, 0.5, f"截至{as_of_text}暂无数据", transform=ax.transAxes, ha="center", va="center",
                color=EXPECTED_COLOUR)  # fmt: skip
        latest = f"截至{as_of_text}暂无数据"

    ax.axvline(month, color=AS_OF_COLOUR, linewidth=0.8, linestyle="-.")
    _month_axis(ax, as_of)
    _number_axis(ax.yaxis, unit_shown)
    if all((not _finite(v)) or v >= 0 for v in ytd):
        ax.set_ylim(bottom=0)
    if not any(_finite(v) and v for v in [*ytd, target or 0]):
        ax.set_ylim(0, 1)  # nothing but zeros: a plain 0–1 axis, not ±0.04
    ax.set_ylabel(f"{'时点值' if level else '累计'}（{unit_shown}）")
    _title(ax, f"{title}：{what}与全年目标", latest)
    _legend_below(ax, fixed=not _constrained(ax.figure))
    _finish(ax, sample)
    fit_time_chart(ax)
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

    The latest month's bar carries its value; a series of zeros gets a 0–1 axis (whole numbers for counts).

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
    unit_shown, scale = display_unit(unit, [v for _, v in pairs])
    pairs = [(m, v * scale) for m, v in pairs]
    sub = f"截至{as_of_text}"
    if pairs:
        xs, ys = zip(*pairs, strict=True)
        bars = ax.bar(xs, ys, color=ACTUAL_COLOUR, alpha=0.85, width=0.65, label=f"当月值（{unit_shown}）")
        latest = fmt_number(ys[-1], unit=unit_shown)
        ax.bar_label(bars, labels=[""] * (len(ys) - 1) + [latest], padding=2)
        sub = f"{xs[-1]}月 {latest}{unit_shown}（{sub}）"
        top = max(ys)
        if top > 0 and min(ys) >= 0:
            ax.set_ylim(0, top * 1.18)  # room for the latest value above its bar
        elif not any(ys):
            ax.set_ylim(0, 1)  # every month zero: a plain 0–1 axis, not ±0.04
    else:
        ax.text(0.5, 0.5, f"截至{as_of_text}暂无当月数据", transform=ax.transAxes, ha="center", va="center",
                color=EXPECTED_COLOUR)  # fmt: skip
    _month_axis(ax, as_of)
    _number_axis(ax.yaxis, unit_shown)
    ax.set_ylabel(f"当月（{unit_shown}）")
    _title(ax, f"{title}：当月值与同比增速" if title else "当月值与同比增速", sub)

    twin = None
    items = sorted((int(k), float(v)) for k, v in dict(yoy if yoy is not None else {}).items())
    items = [(k, v) for k, v in items if k <= month and _finite(v)]
    handles, labels = ax.get_legend_handles_labels()
    if items:
        twin = ax.twinx()
        twin.grid(False)
        twin.spines["right"].set_visible(True)
        kx, kv = zip(*items, strict=True)
        twin.plot(kx, kv, color=YOY_COLOUR, marker="D", markersize=4, linewidth=1.6, label="同比增长（%）")
        twin.axhline(0, color=YOY_COLOUR, linewidth=0.6, linestyle=":")
        low, high = min(min(kv), 0.0), max(max(kv), 0.0)
        span = (high - low) or 1.0
        twin.set_ylim(low - 0.1 * span, high + 0.25 * span)
        twin.set_ylabel("同比增长（%）", color=YOY_COLOUR)
        twin.tick_params(axis="y", colors=YOY_COLOUR)
        _number_axis(twin.yaxis)
        more = twin.get_legend_handles_labels()
        handles, labels = handles + more[0], labels + more[1]
    _legend_below(ax, handles, labels, fixed=not _constrained(ax.figure))
    _finish(ax, sample)
    fit_time_chart(ax)
    return ax, twin


# ----------------------------------------------------------------------------------------------------
# many indicators
# ----------------------------------------------------------------------------------------------------
def bullet_rows(progress_df: pd.DataFrame) -> pd.DataFrame:
    """The progress rows a completion bullet chart shows: numeric rows with a target and a completion."""
    df = progress_df
    keep = (df["kind"] != "milestone") & df["completion"].notna() & df["target"].notna()
    return df[keep]


def _row_name(ax: Axes, y: float, text: str, right: str = "") -> None:
    """The name of a row written above its bar (left), and a short value at the right end of the same line."""
    from matplotlib.transforms import blended_transform_factory

    where = blended_transform_factory(ax.transAxes, ax.transData)
    ax.text(0.0, y + 0.26, text, transform=where, ha="left", va="bottom", gid=ROW_NAME_GID)
    if right:
        ax.text(1.0, y + 0.26, right, transform=where, ha="right", va="bottom")


def plot_completion_bullets(
    ax: Axes,
    progress_df: pd.DataFrame,
    *,
    as_of: Any = None,
    sample: bool | None = None,
    max_rows: int | None = None,
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
    ax.barh(ys, [1.0] * n, color="#eeeeee", height=0.36, zorder=0)
    for y, r in zip(ys, rows.to_dict("records"), strict=True):
        completion = float(r["completion"])
        shown = max(min(completion, BULLET_CLIP), -0.2)
        ax.barh(y, shown, color=STATUS_COLOURS.get(r["status"], EXPECTED_COLOUR), height=0.36, zorder=2)
        if _finite(r["expected"]):
            ax.plot([r["expected"]] * 2, [y - 0.24, y + 0.24], color="black", linewidth=2, zorder=3)
        ax.plot([1.0, 1.0], [y - 0.24, y + 0.24], color=TARGET_COLOUR, linewidth=1.2, zorder=3)
        unit = f"（{r['unit']}）" if r.get("unit") else ""
        _row_name(
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
    ax.set_xlabel("完成全年目标的比例（黑色竖线：此时应完成）")
    _title(ax, "目标完成度与时序进度", f"截至{as_of_text}，{n} 项数值指标")
    if n == 0:
        ax.text(0.5, 0.5, "暂无可比较的数值指标", transform=ax.transAxes, ha="center", va="center")
    _finish(ax, sample)
    return ax


def bullet_figsize(n_rows: int, width: float = CHART_WIDTH_IN) -> tuple[float, float]:
    """Figure size for :func:`plot_completion_bullets` or :func:`plot_milestone_timeline` with ``n_rows`` rows."""
    return (width, max(2.6, ROW_HEIGHT_IN * n_rows + 1.6))


def _percent_formatter():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{v * 100:.0f}%")


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
    _title(
        ax,
        "各状态项数",
        f"截至{as_of_text}：数值指标 {int((~is_ms).sum())} 项，里程碑事项 {int(is_ms.sum())} 项",
    )
    _finish(ax, sample)
    return ax


def status_counts_figsize(progress_df: pd.DataFrame) -> tuple[float, float]:
    """Figure size for :func:`plot_status_counts`: one row per status present."""
    return (CHART_WIDTH_IN, 1.5 + 0.32 * max(1, len(status_count_rows(progress_df))))


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


# the latest log entry as the engine's note says it: 9月18日：在建 (another year's date: 2025年12月20日：…)
_LOG_DATE_RE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日：")


def _log_date(note: Any, latest_period: Any) -> str | None:
    """'YYYY-MM-DD' of a milestone's latest log entry: the day from the note (9月18日：在建), the year and
    month from ``latest_period`` (the entry's month); the month alone when the note names no day."""
    period = None if latest_period is None or latest_period != latest_period else str(latest_period)[:7]
    found = _LOG_DATE_RE.search(str(note or ""))
    if found and period:
        return f"{period}-{int(found.group(3)):02d}"
    return period


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
            targets = load_targets()
        lookup = targets.drop_duplicates("indicator_id").set_index("indicator_id")["deadline"]
        ms["deadline"] = ms["indicator_id"].map(lookup)
    if "date" not in ms:
        ms["date"] = [_log_date(n, p) for n, p in zip(ms["note"], ms["latest_period"], strict=True)]
    cols = ["indicator_id", "indicator", "status", "deadline", "date", "note", "as_of", "is_sample"]
    for c in cols:
        if c not in ms:
            ms[c] = None
    return ms[cols].reset_index(drop=True)


def plot_milestone_timeline(
    ax: Axes, milestones_df: pd.DataFrame, as_of: Any, *, year: int | None = None, sample: bool | None = None
) -> Axes:
    """Milestones on the year's month axis: each name above its row, a tick at the deadline, a marker by status.

    Markers: done ● (at the date it was logged done), in progress ○ (at the latest log date), not
    started □ (at as_of), overdue ✖ (at as_of, red). A dash-dot line marks as_of. The legend sits below.

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
        ax.plot([deadline_x], [y], marker="|", markersize=14, markeredgewidth=2.2, color=TARGET_COLOUR,
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
        _row_name(ax, y, str(r.get("indicator")))
    if n:
        ax.axvline(as_of_x, color=AS_OF_COLOUR, linewidth=0.9, linestyle="-.", label=f"截至{as_of_text}")
    ax.set_yticks([])
    ax.set_xlim(0.8, 13.2)
    ax.set_xticks([k + 0.5 for k in range(1, 13)], [str(k) for k in range(1, 13)])  # labels mid-month
    ax.set_xticks(range(1, 14), minor=True)  # grid lines at month boundaries
    ax.tick_params(axis="x", which="major", length=0)
    ax.set_ylim(-0.5, max(n, 1) - 0.2)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", which="major", visible=False)
    ax.grid(axis="x", which="minor", visible=True)
    ax.set_xlabel(f"{year}年（月）")
    _title(ax, "重点事项里程碑进展", f"截至{as_of_text}，{n} 项")
    if n == 0:  # nothing to mark (a plan without milestones among the shown rows): no legend either
        ax.text(0.5, 0.5, "暂无里程碑事项", transform=ax.transAxes, ha="center", va="center")
    else:
        _legend_below(ax, ncols=3)
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
        :func:`liulin_data.plan.history.load_history` output (``indicator, indicator_id, value, unit,
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
    labels = history_periods(df)
    unit_shown, scale = display_unit(unit, list(df["value"]) if len(df) else [])
    values = [float(v) * scale for v in df["value"]] if len(df) else []
    bars = ax.bar(xs, values, color="#8c8c8c", width=0.6, label=f"已公布数值（{unit_shown}）")
    texts = []
    for v, yoy in zip(values, df["yoy_pct"] if "yoy_pct" in df else [None] * len(values), strict=True):
        t = fmt_number(v, unit=unit_shown)
        if _finite(yoy):
            t += f"\n同比{'+' if float(yoy) > 0 else ''}{fmt_number(float(yoy), 1)}%"
        texts.append(t)
    if len(xs):
        ax.bar_label(bars, labels=texts, padding=2)
        ax.set_ylim(0, max(values) * 1.35 if max(values) > 0 else 1)
    else:
        ax.text(0.5, 0.5, "无已公布数据", transform=ax.transAxes, ha="center", va="center")
    ax.set_xticks(xs, labels)
    _number_axis(ax.yaxis, unit_shown)
    ax.set_ylabel(f"数值（{unit_shown or '—'}）")
    year = f"{parse_month(as_of).year}年" if isinstance(as_of, str) else "本年度"
    _title(ax, f"{name}：已公布数据", f"历史背景，非{year}实际")
    if len(xs) == 1:
        ax.set_xlim(-1.2, 1.2)
    notes = [f"简报截至{as_of_parts(as_of)[0]}"] if as_of is not None else []
    if len(df) and "source" in df:
        grades = "、".join(sorted({str(g) for g in df.get("grade", []) if str(g) not in ("", "nan")}))
        sources = "、".join(dict.fromkeys(source_words(s) for s in df["source"]))
        notes.append(f"来源：{sources}" + (f"（可靠性{grades}级）" if grades else ""))
    ax.set_xlabel("\n".join(notes), color=NOTE_COLOUR)
    return ax


# ----------------------------------------------------------------------------------------------------
# measuring a drawn chart: overlaps and text size (tests and benchmarks call these)
# ----------------------------------------------------------------------------------------------------
# overlaps smaller than this (display pixels at the figure's dpi, both ways) are anti-aliasing, not clutter
OVERLAP_TOLERANCE_PX = 1.0


def _shown_texts(fig: Figure, renderer) -> list[tuple[str, Any, Any]]:
    """(description, Text, window bbox) of every drawn, non-empty text outside legends."""
    from matplotlib.text import Text

    legend_texts = {id(t) for leg in _legends(fig) for t in [*leg.get_texts(), leg.get_title()]}
    tick_labels: set[int] = set()
    drawn_ticks: list[Any] = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                tick_labels.update((id(tick.label1), id(tick.label2)))
            if not (axis.get_visible() and ax.get_visible()):
                continue  # a twin axes' hidden x axis
            for tick in axis._update_ticks():  # the ticks inside the view: the ones drawn
                drawn_ticks += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    out = []
    for text in fig.findobj(Text):
        if id(text) in legend_texts or (id(text) in tick_labels and text not in drawn_ticks):
            continue
        if not text.get_visible() or not text.get_text().strip():
            continue
        out.append((f"“{text.get_text().strip()[:24]}”", text, text.get_window_extent(renderer)))
    return out


def _legends(fig: Figure) -> list[Any]:
    return [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend() is not None)]


def _overlap(a, b, tol: float = OVERLAP_TOLERANCE_PX) -> bool:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width > tol and height > tol


def _data_artists(fig: Figure):
    """(description, artist) of every line, bar and band drawn in the axes."""
    for ax in fig.axes:
        for line in ax.lines:
            if line.get_visible():
                yield f"线“{line.get_label()}”", line
        for patch in ax.patches:
            if patch.get_visible():
                yield "柱", patch
        for coll in ax.collections:
            if coll.get_visible():
                yield f"区域“{coll.get_label()}”", coll


def _artist_hits(artist, box, renderer) -> bool:
    """True when a line, bar or band is drawn inside ``box`` (display coordinates)."""
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D

    if isinstance(artist, Line2D):
        path = artist.get_transform().transform_path(artist.get_path())
        drawn_as_line = artist.get_linestyle() not in ("None", "none", "", " ") and len(path.vertices) > 1
        if drawn_as_line and path.intersects_bbox(box, filled=False):
            return True
        if artist.get_marker() not in (None, "None", "none", ""):
            pad = artist.get_markersize() * artist.figure.dpi / 72 / 2
            return any(
                box.x0 - pad < x < box.x1 + pad and box.y0 - pad < y < box.y1 + pad for x, y in path.vertices
            )
        return False
    if isinstance(artist, Collection):
        transform = artist.get_transform()
        return any(transform.transform_path(p).intersects_bbox(box, filled=True) for p in artist.get_paths())
    return _overlap(artist.get_window_extent(renderer), box)


def layout_problems(fig: Figure) -> list[str]:
    """What overlaps in a drawn chart, measured with matplotlib's renderer (an empty list: nothing).

    Checked: every pair of texts (titles, axis labels, tick labels, value labels, the sample stamp) — so an
    axis label never sits on its tick labels; every legend against every text and every line, bar and band
    (the target line included); every text and legend inside the figure.
    """
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = _shown_texts(fig, renderer)
    problems = []
    for i, (name_a, _, box_a) in enumerate(texts):
        for name_b, _, box_b in texts[i + 1 :]:
            if _overlap(box_a, box_b):
                problems.append(f"文字重叠：{name_a} 与 {name_b}")
    canvas = fig.bbox.padded(OVERLAP_TOLERANCE_PX)
    for name, _, box in texts:
        if not (canvas.containsx(box.x0) and canvas.containsx(box.x1) and canvas.containsy(box.y0)
                and canvas.containsy(box.y1)):  # fmt: skip
            problems.append(f"文字超出图片：{name}")
    for legend in _legends(fig):
        box = legend.get_window_extent(renderer)
        for name, _, text_box in texts:
            if _overlap(box, text_box):
                problems.append(f"图例压住文字：{name}")
        for name, artist in _data_artists(fig):
            if _artist_hits(artist, box, renderer):
                problems.append(f"图例压住{name}")
    return problems


def text_px_on_phone(fig: Figure, column_px: float = PHONE_COLUMN_PX) -> float:
    """The size (CSS px) of the smallest text of ``fig`` when the chart is scaled into a phone column."""
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    width_px = min(column_px, fig.get_figwidth() * DISPLAY_PX_PER_IN)
    return min(sizes, default=0.0) / 72 * width_px / fig.get_figwidth()


__all__ = [
    "ACHIEVED",
    "AT_RISK",
    "BEHIND",
    "CHART_DPI",
    "CHART_WIDTH_IN",
    "NO_DATA",
    "NO_TARGET",
    "NOT_DUE",
    "ON_TRACK",
    "SAMPLE_LABEL",
    "STATUS_COLOURS",
    "as_of_parts",
    "bullet_figsize",
    "chart_title",
    "display_width_px",
    "figure_png",
    "is_sample_frame",
    "layout_problems",
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
    "status_counts_figsize",
    "text_px_on_phone",
    "yoy_by_month",
]
