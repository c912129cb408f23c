"""A chart's layout: legends below the axes, fixed margins sized to a time chart's contents (no layout pass:
the explorer redraws faster), and the measures of a drawn chart — what overlaps (:func:`layout_problems`, with
matplotlib's own renderer) and how small its text is on a phone (:func:`text_px_on_phone`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..fonts import TEXT_PT
from .common import DISPLAY_PX_PER_IN, PHONE_COLUMN_PX, sample_stamped

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def constrained(fig: Figure) -> bool:
    return type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"


def legend_below(
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
    if not constrained(fig):
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
    if constrained(fig):
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
