"""One flow month by month: a bar per month as reported, a bar worked out from two cumulatives hatched and named
so, a figure released for several months at once (1—2月) one bar across them; the growth of the 当月 figures
(never the cumulative growth, which goes with the cumulative amounts) on a second axis whose zero is the bars'
zero."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.numbers import display_unit, fmt_number
from ..fonts import use_cjk_font
from ..series import Bar, Reported, reported
from .common import (
    ACTUAL_COLOUR,
    EXPECTED_COLOUR,
    YOY_COLOUR,
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

# the legend's words for a bar worked out from two cumulatives
DERIVED_MONTH = "由累计值推算（非直接报送）"
# a single month's bar width; a bar over several months spans them less the same gap
BAR_WIDTH = 0.65


def yoy_by_month(
    actuals: pd.DataFrame | None, indicator_id: str, year: int | None = None, basis: str = "month"
) -> dict[int, float]:
    """Year-on-year growth (%) by month of one indicator's ``basis`` figures (当月 ``month``, 累计 ``ytd``).

    Returns
    -------
    dict
        month (1–12) → growth in %; months without a rate are absent.
    """
    if actuals is None or len(actuals) == 0 or "yoy_pct" not in actuals:
        return {}
    if year is None:
        periods = actuals.loc[actuals["indicator_id"].astype(str) == indicator_id, "period"].astype(str)
        year = int(periods.iloc[0][:4]) if len(periods) else 0
    rep = reported(actuals, {"indicator_id": indicator_id}, year)
    return dict(sorted((rep.month_yoy if basis == "month" else rep.ytd_yoy).items()))


def _bars_from_series(series: pd.DataFrame, month: int) -> list[Bar]:
    """Bars of an engine series (no figures at hand): each known month value, as the series holds it."""
    s = series.sort_values("month")
    return [
        Bar(int(m), int(m), float(v), False)
        for m, v in zip(s["month"], s["month_value"], strict=True)
        if int(m) <= month and finite(v)
    ]


def _draw_bars(ax: Axes, bars: list[Bar], unit: str) -> None:
    """The bars, reported solid and derived hatched; the latest carries its value, a span its months."""
    reported_label, derived_label = f"当月值（{unit}）", DERIVED_MONTH
    for i, bar in enumerate(bars):
        centre = (bar.first + bar.last) / 2
        width = bar.last - bar.first + BAR_WIDTH
        style = (
            {"color": "#dce6f0", "edgecolor": ACTUAL_COLOUR, "hatch": "////", "linewidth": 0.8,
             "label": derived_label}
            if bar.derived
            else {"color": ACTUAL_COLOUR, "alpha": 0.85, "label": reported_label}
        )  # fmt: skip
        drawn = ax.bar([centre], [bar.value], width=width, **style)
        if bar.derived:
            derived_label = None
        else:
            reported_label = None
        words = [f"{bar.label}\n合计"] if bar.first != bar.last else []  # a figure of several months says so
        if i == len(bars) - 1:
            words.append(fmt_number(bar.value, unit=unit))
        if words:
            ax.bar_label(drawn, labels=["\n".join(words)], padding=2)


def _align_zero(ax: Axes, twin: Axes, bars: list[float], rates: list[float]) -> None:
    """Both axes' limits such that their zeros sit at one height, each range covered with room above."""
    b_low, b_high = min(min(bars, default=0.0), 0.0), (max(max(bars, default=0.0), 0.0) or 1.0) * 1.4
    r_low, r_high = min(min(rates), 0.0), (max(max(rates), 0.0) or 1.0) * 1.25
    # the zero's height as a share of the axis: what the lower of the two needs, with a little room below
    share = max(-b_low / (b_high - b_low), -r_low / (r_high - r_low))
    share = min(share * 1.1, 0.9)
    ax.set_ylim(-share * b_high / (1 - share), b_high)
    twin.set_ylim(-share * r_high / (1 - share), r_high)


def plot_monthly_with_yoy(
    ax: Axes,
    series: pd.DataFrame | None,
    unit: str,
    *,
    title: str = "",
    as_of: Any = None,
    yoy: dict[int, float] | None = None,
    sample: bool = False,
    figures: Reported | None = None,
    unit_shown: tuple[str, float] | None = None,
) -> tuple[Axes, Axes | None]:
    """Monthly values as bars (reported solid, derived hatched, 1—2月 one bar), the 当月 figures' growth on a
    second axis with its zero at the bars' zero.

    Parameters
    ----------
    ax : Axes
    series : DataFrame or None
        :func:`liulin_data.engine.ytd_series` output (``month``, ``month_value``): the bars when ``figures``
        is not given.
    unit : str
        The catalog unit (left axis; 万元 as 亿元 when large).
    title : str
        The indicator name.
    as_of : 'YYYY-MM' or month number, optional
        Months after it are not drawn; default: all months.
    yoy : dict, optional
        month → growth % of the 当月 figures; default ``figures.month_yoy``. No second axis when empty.
    sample : bool
        Stamp the synthetic-data label on the figure.
    figures : Reported, optional
        What came in (:func:`liulin_data.present.series.reported`).
    unit_shown : (str, float), optional
        The unit to draw in and the factor into it; default: 万元 as 亿元 when the largest bar reaches 1亿.

    Returns
    -------
    (Axes, Axes or None)
        The bar axes and the growth axes (None when there is no growth of a 当月 figure).
    """
    use_cjk_font()
    as_of_text, month = ("全年", 12) if as_of is None else as_of_parts(as_of)
    bars = figures.bars(month) if figures is not None else _bars_from_series(series, month)
    shown, scale = unit_shown or display_unit(unit, [b.value for b in bars])
    bars = [Bar(b.first, b.last, b.value * scale, b.derived) for b in bars]
    sub = f"截至{as_of_text}"
    if bars:
        _draw_bars(ax, bars, shown)
        sub = f"{bars[-1].label} {fmt_number(bars[-1].value, unit=shown)}{shown}（{sub}）"
        values = [b.value for b in bars]
        if not any(values):
            ax.set_ylim(0, 1)  # every month zero: a plain 0–1 axis, not ±0.04
        else:
            ax.set_ylim(min(min(values), 0) * 1.2, max(max(values), 0) * 1.35 or 1)
    else:
        ax.text(0.5, 0.5, f"截至{as_of_text}暂无当月数据", transform=ax.transAxes, ha="center", va="center",
                color=EXPECTED_COLOUR)  # fmt: skip
    month_axis(ax, as_of)
    number_axis(ax.yaxis, shown)
    ax.set_ylabel(f"当月（{shown}）")
    ax.axhline(0, color="#999999", linewidth=0.8)
    title_lines(ax, f"{title}：当月值" if title else "当月值", sub)
    rates = yoy if yoy is not None else (figures.month_yoy if figures is not None else {})
    twin = _growth_axis(ax, [b.value for b in bars], rates, month)
    handles, labels = ax.get_legend_handles_labels()
    if twin is not None:
        more = twin.get_legend_handles_labels()
        handles, labels = handles + more[0], labels + more[1]
    legend_below(ax, handles, labels, fixed=not constrained(ax.figure))
    finish(ax, sample)
    fit_time_chart(ax)
    return ax, twin


def _growth_axis(ax: Axes, bar_values: list[float], rates: dict[int, float], month: int) -> Axes | None:
    """The 当月 growth on a second axis (zero aligned with the bars'), or None when there is none."""
    items = sorted((int(k), float(v)) for k, v in dict(rates).items() if int(k) <= month and finite(v))
    if not items:
        return None
    twin = ax.twinx()
    twin.grid(False)
    twin.spines["right"].set_visible(True)
    kx, kv = zip(*items, strict=True)
    twin.plot(kx, kv, color=YOY_COLOUR, marker="D", markersize=4, linewidth=1.6, label="当月同比增长（%）")
    twin.set_ylabel("当月同比（%）", color=YOY_COLOUR)
    twin.tick_params(axis="y", colors=YOY_COLOUR)
    number_axis(twin.yaxis)
    _align_zero(ax, twin, bar_values, list(kv))
    return twin


__all__ = ["DERIVED_MONTH", "plot_monthly_with_yoy", "yoy_by_month"]
