"""One indicator against its target, drawn as the target model reads it.

- A **flow** (原煤产量): the cumulative figures against the annual target, with the expected-pace path, its band
  and the year-end projection; a cap on a flow is a ceiling, with no pace and no projection.
- A **level**, a **rate** or an **announcement** (粮食播种面积, 新建项目开工率): the figures as reported, at the
  months they were reported for, against the target (or under a ceiling); never carried forward, never paced.
- A **growth** target (到位资金增长10%): the reported growth rates in % against the target rate, the gap in
  百分点; the axis crosses zero where zero is.

Only reported figures are drawn as such: a cumulative worked out from an earlier one and the months after it is
a hollow marker, named in the legend. The latest cumulative's year-on-year growth is said with it (a cumulative
growth goes with the cumulative amount).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...core.numbers import display_unit, fmt_number, fmt_percent
from ...core.units import count_step
from ...engine import ON_TRACK_TOLERANCE, whole_units
from ..fonts import use_cjk_font
from ..series import AT_MOST, FLOW, GROWTH, LEVEL, RATE, Point, Reported, direction_of, measure_of
from .common import (
    ACTUAL_COLOUR,
    AS_OF_COLOUR,
    EXPECTED_COLOUR,
    TARGET_COLOUR,
    as_of_parts,
    finish,
    finite,
    month_axis,
    number_axis,
    title_lines,
)
from .layout import constrained, fit_time_chart, legend_below

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

# the legend's words for a derived cumulative
DERIVED_CUMULATIVE = "由当月值累加（非直接报送）"
# how far above a ceiling the shaded "over the cap" area reaches, as a share of the axis
CAP_SHADE = "#fbe3e3"


@dataclass
class _Chart:
    """What one target chart draws, in the unit it is shown in."""

    measure: str
    cap: bool
    unit: str  # shown unit
    scale: float
    points: list[Point]
    target: float | None
    target_high: float | None
    projected: float | None
    expected: list[float]
    months: list[int]
    as_of_text: str
    month: int

    def amount(self, value: float) -> str:
        if self.measure == GROWTH:
            return f"{fmt_number(value, 1)}%"
        return f"{fmt_number(value, unit=self.unit)}{self.unit}"


def _points_from_series(series: pd.DataFrame, measure: str, month: int) -> list[Point]:
    """The reported figures of an engine series (its ``reported`` months; a level is never carried forward)."""
    flags = series["reported"].tolist() if "reported" in series else [True] * len(series)
    out = []
    for m, v, r in zip(series["month"].astype(int), series["ytd"].astype(float), flags, strict=True):
        if m <= month and r and finite(v):
            out.append(Point(int(m), float(v)))
    return out


def _default_projection(chart: _Chart, target: float, unit: str) -> float | None:
    """The year-end projection when none is given (the explorer at another month), as the engine words it: a
    total scaled by the expected pace, in whole things for counts. Levels, rates, growth and caps: none."""
    if chart.measure != FLOW or chart.cap or not chart.points:
        return None
    last = chart.points[-1]
    if last.month not in chart.months or len(chart.expected) != len(chart.months):
        return None
    share = chart.expected[chart.months.index(last.month)] / target
    if not (finite(share) and share > 0):
        return None
    return whole_units(last.value / share, count_step(unit) if unit else None)


def _chart(series, target, target_high, projected, figures, measure, cap, unit, as_of, unit_shown) -> _Chart:
    as_of_text, month = as_of_parts(as_of)
    s = series.sort_values("month") if series is not None else None
    months = s["month"].astype(int).tolist() if s is not None else list(range(1, 13))
    expected = s["expected_ytd"].astype(float).tolist() if s is not None and "expected_ytd" in s else []
    if figures is not None:
        points = figures.cumulative(month) if measure == FLOW else figures.points(month)
    else:
        points = _points_from_series(s, measure, month)
    if target_high is None and s is not None and "target_high" in s and len(s):
        target_high = s["target_high"].iloc[0]
    chart = _Chart(measure, cap, unit, 1.0, points, None, None, None, expected, months, as_of_text, month)
    if projected is None and finite(target) and target:
        projected = _default_projection(chart, float(target), unit)
    if measure != FLOW or cap:
        projected = None
    values = [target, target_high, projected, *(p.value for p in points)]
    chart.unit, chart.scale = unit_shown or ((unit, 1.0) if measure == GROWTH else display_unit(unit, values))
    k = chart.scale
    chart.target, chart.target_high, chart.projected = (
        v * k if finite(v) else None for v in (target, target_high, projected)
    )
    chart.points = [Point(p.month, p.value * k, p.derived) for p in points]
    chart.expected = [v * k if finite(v) else float("nan") for v in expected]
    return chart


def _draw_target(ax: Axes, c: _Chart, tolerance: float) -> None:
    """The pace band and path (a flow with a target), the target line, or a ceiling over a shaded excess."""
    if c.target is None:
        return
    if c.measure == FLOW and not c.cap and any(finite(v) for v in c.expected):
        low = [v * (1 - tolerance) for v in c.expected]
        high = [v * (1 + tolerance) for v in c.expected]
        ax.fill_between(c.months, low, high, color=EXPECTED_COLOUR, alpha=0.15, linewidth=0,
                        label=f"进度正常区间（±{fmt_percent(tolerance)}）")  # fmt: skip
        ax.plot(c.months, c.expected, color=EXPECTED_COLOUR, linestyle=":", linewidth=1.5, label="时序进度")
    if c.cap:
        ax.axhline(c.target, color=TARGET_COLOUR, linewidth=1.6, label=f"上限 {c.amount(c.target)}")
        ax.axhspan(c.target, c.target * 10 + 1, color=CAP_SHADE, zorder=0, linewidth=0)
        return
    word = "全年目标" if c.measure == FLOW else "目标"
    ax.axhline(c.target, color=TARGET_COLOUR, linewidth=1.2, label=f"{word} {c.amount(c.target)}")
    if c.target_high is not None:
        ax.axhline(c.target_high, color=TARGET_COLOUR, linewidth=1.0, linestyle="--",
                   label=f"目标上限 {c.amount(c.target_high)}")  # fmt: skip


def _draw_points(ax: Axes, c: _Chart) -> None:
    """The figures: a line through them, reported ones filled, derived ones hollow; the projection dashed."""
    xs, ys = [p.month for p in c.points], [p.value for p in c.points]
    label = {FLOW: "累计实际", GROWTH: "累计增速（报送）", RATE: "实际（报送）"}.get(
        c.measure, "实际（时点值）"
    )
    ax.plot(xs, ys, color=ACTUAL_COLOUR, linewidth=2.2, zorder=4)
    reported = [p for p in c.points if not p.derived]
    derived = [p for p in c.points if p.derived]
    if reported:
        ax.plot([p.month for p in reported], [p.value for p in reported], color=ACTUAL_COLOUR, marker="o",
                markersize=4.5, linestyle="none", label=label, zorder=5)  # fmt: skip
    if derived:
        ax.plot([p.month for p in derived], [p.value for p in derived], color=ACTUAL_COLOUR, marker="o",
                markersize=5, markerfacecolor="white", linestyle="none", label=DERIVED_CUMULATIVE,
                zorder=5)  # fmt: skip
    last = c.points[-1]
    if c.projected is not None and last.month < 12:
        ax.plot([last.month, 12], [last.value, c.projected], color=ACTUAL_COLOUR, linestyle="--",
                linewidth=1.5, label=f"预计全年 {c.amount(c.projected)}")  # fmt: skip
        ax.plot([12], [c.projected], marker="o", markerfacecolor="white", color=ACTUAL_COLOUR)


def _subtitle(c: _Chart, figures: Reported | None) -> str:
    """The month and the latest figure: 截至YYYY年10月累计 2,710万吨，同比-3.2%; an older one says its month."""
    if not c.points:
        return f"截至{c.as_of_text}暂无数据"
    last = c.points[-1]
    word = {FLOW: "累计", GROWTH: "累计增长"}.get(c.measure, "为")
    text = (
        f"截至{c.as_of_text}{word} {c.amount(last.value)}"
        if last.month >= c.month
        else f"截至{c.as_of_text}：{last.month}月{word} {c.amount(last.value)}"
    )
    if c.measure == GROWTH and c.target is not None:
        gap = last.value - c.target
        side = "高于" if gap >= 0 else "低于"
        return f"{text}，{side}目标{fmt_number(abs(gap), 1)}个百分点"
    yoy = figures.ytd_yoy.get(last.month) if figures is not None and c.measure == FLOW else None
    if yoy is not None:
        text += f"，同比{'+' if yoy > 0 else ''}{fmt_number(yoy, 1)}%"
    return text


def _axes(ax: Axes, c: _Chart, title: str, as_of: Any, subtitle: str) -> None:
    ax.axvline(c.month, color=AS_OF_COLOUR, linewidth=0.8, linestyle="-.")
    month_axis(ax, as_of)
    number_axis(ax.yaxis, c.unit)
    values = [p.value for p in c.points] + [
        v for v in (c.target, c.target_high, c.projected) if v is not None
    ]
    low, high = min(values, default=0.0), max(values, default=0.0)
    if c.measure == GROWTH or low < 0:  # zero where zero is: the axis crosses it, a line marks it
        ax.axhline(0, color="#999999", linewidth=0.8)
        span = (max(high, 0) - min(low, 0)) or 1.0
        ax.set_ylim(min(low, 0) - 0.08 * span, max(high, 0) + 0.12 * span)
    elif not any(values):
        ax.set_ylim(0, 1)  # nothing but zeros: a plain 0–1 axis, not ±0.04
    else:
        ax.set_ylim(0, high * 1.12)
    what = {FLOW: "累计", GROWTH: "增长（%）", RATE: "比率（%）"}.get(c.measure, "时点值")
    ax.set_ylabel(what if c.measure in (GROWTH, RATE) else f"{what}（{c.unit}）")
    main = {FLOW: "累计完成与全年目标", GROWTH: "累计增速与目标"}.get(c.measure, "实际与目标")
    if c.cap:
        main = "累计与上限" if c.measure == FLOW else "实际与上限"
    title_lines(ax, f"{title}：{main}", subtitle)


def plot_ytd_vs_target(
    ax: Axes,
    series: pd.DataFrame | None,
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
    figures: Reported | None = None,
    measure: str | None = None,
    cap: bool = False,
    unit_shown: tuple[str, float] | None = None,
) -> Axes:
    """One indicator against its target, as its measure reads (see the module docstring).

    Parameters
    ----------
    ax : Axes
    series : DataFrame or None
        :func:`liulin_data.engine.ytd_series` (``month``, ``ytd``, ``reported``, ``expected_ytd``, ``target``;
        ``target_high`` optional): the expected-pace path, and the figures when ``figures`` is not given.
    target : float or None
        The target in ``unit``; None/NaN for a context indicator (no target line, no pace band).
    unit : str
        The catalog unit (large 万元 amounts are drawn in 亿元, one unit for the whole chart).
    title : str
        The indicator name.
    as_of : 'YYYY-MM' or month number
        Figures after this month are not drawn; shown in the title and as a vertical line.
    sample : bool
        Stamp the synthetic-data label on the figure.
    projected : float, optional
        A flow's year-end projection: pass the progress frame's (NaN: none, e.g. stale data). Default (the
        explorer at another month): the latest cumulative scaled by the expected pace, whole things for counts.
    target_high : float, optional
        The upper end of a range target; default ``series['target_high']``.
    tolerance : float
        Half-width of the pace band as a share of the expected path.
    level : bool
        The old word for ``measure='level'``.
    figures : Reported, optional
        What came in (:func:`liulin_data.present.series.reported`): reported and derived figures told apart,
        and the cumulative growth said with the latest cumulative.
    measure : str, optional
        flow, level, rate, growth or event (:func:`liulin_data.present.series.measure_of`); default flow, or
        level when ``level``.
    cap : bool
        The target is a ceiling (``direction`` at_most).
    unit_shown : (str, float), optional
        The unit to draw in and the factor into it (the explorer's picker says the same unit); default: 万元 as
        亿元 when the chart's largest value reaches 1亿.
    """
    use_cjk_font()
    measure = measure or (LEVEL if level else FLOW)
    c = _chart(series, target, target_high, projected, figures, measure, cap, unit, as_of, unit_shown)
    _draw_target(ax, c, tolerance)
    if c.points:
        _draw_points(ax, c)
    else:
        ax.text(0.5, 0.5, f"截至{c.as_of_text}暂无数据", transform=ax.transAxes, ha="center", va="center",
                color=EXPECTED_COLOUR)  # fmt: skip
    _axes(ax, c, title, as_of, _subtitle(c, figures))
    legend_below(ax, fixed=not constrained(ax.figure))
    finish(ax, sample)
    fit_time_chart(ax)
    return ax


def plot_target(
    ax: Axes,
    row: dict,
    series: pd.DataFrame | None,
    figures: Reported | None,
    *,
    as_of: Any,
    sample: bool = False,
    projected: float | None = None,
    title: str | None = None,
    unit_shown: tuple[str, float] | None = None,
) -> Axes:
    """:func:`plot_ytd_vs_target` for a catalog ``row``: its measure, direction, unit, target and name."""
    unit = row.get("unit")
    unit = "" if unit is None or unit != unit else str(unit)
    target = row.get("target")
    return plot_ytd_vs_target(
        ax,
        series,
        float(target) if finite(target) else None,
        unit=unit,
        title=title or str(row.get("indicator")),
        as_of=as_of,
        sample=sample,
        projected=projected,
        target_high=float(row["target_high"]) if finite(row.get("target_high")) else None,
        figures=figures,
        measure=measure_of(row),
        cap=direction_of(row) == AT_MOST,
        unit_shown=unit_shown,
    )


__all__ = ["plot_target", "plot_ytd_vs_target"]
