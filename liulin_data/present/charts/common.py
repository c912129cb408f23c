"""What every chart shares: sizes drawn for a phone first, colours, the figure and its PNG, titles, axes in
months and in the number formatter's words, the 示例数据 stamp, and published periods for people.

Every helper draws on an ``Axes`` the caller passes in and returns it; none calls ``plt.show``.
:func:`new_figure` makes a pyplot-free :class:`matplotlib.figure.Figure` on the Agg canvas, so the charts work
headless (papermill, tests) and in JupyterLab alike. Charts are :data:`CHART_WIDTH_IN` wide with no text smaller
than :data:`TEXT_PT`, so that, scaled into a 374 px phone column, the smallest text is still about 11 px.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from ...core.numbers import fmt_number, is_count_unit
from ...core.periods import parse_month
from ...core.statuses import DONE, IN_PROGRESS, NOT_STARTED, OVERDUE, STATUS_COLORS
from ...plan.sample import any_sample
from ..fonts import TEXT_PT, TITLE_PT, use_cjk_font

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


def finite(value: Any) -> bool:
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


def finish(ax: Axes, sample: bool) -> None:
    if sample:
        stamp_sample(ax.figure)


def month_axis(ax: Axes, as_of: Any = None) -> None:
    """Months 1–12 (numbers: "10月" twelve times does not fit a phone-wide chart), the year below."""
    ax.set_xlim(0.5, 12.5)
    ax.set_xticks(range(1, 13), [str(k) for k in range(1, 13)])
    year = parse_month(as_of).year if isinstance(as_of, str) else None
    ax.set_xlabel(f"{year}年（月）" if year else "月份")


def title_lines(ax: Axes, main: str, sub: str) -> None:
    """A two-line title: what the chart shows, then the month (and the latest value)."""
    ax.set_title(f"{main}\n{sub}", fontsize=TITLE_PT, linespacing=1.35)


def number_axis(axis, unit: str = "") -> None:
    """Tick labels through the number formatter (2,500; 0.25); whole numbers for counts."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_number(v)))
    if is_count_unit(unit):
        axis.set_major_locator(MaxNLocator(integer=True))


def scaled(values: list[float], scale: float) -> list[float]:
    """``values`` times ``scale``; NaN where a value is missing."""
    return [v * scale if finite(v) else math.nan for v in values]


def row_name(ax: Axes, y: float, text: str, right: str = "") -> None:
    """The name of a row written above its bar (left), and a short value at the right end of the same line."""
    from matplotlib.transforms import blended_transform_factory

    where = blended_transform_factory(ax.transAxes, ax.transData)
    ax.text(0.0, y + 0.26, text, transform=where, ha="left", va="bottom", gid=ROW_NAME_GID)
    if right:
        ax.text(1.0, y + 0.26, right, transform=where, ha="right", va="bottom")
