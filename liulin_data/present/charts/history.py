"""Published county figures of earlier years, as dated context (never actuals of the plan's year)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.numbers import display_unit, fmt_number
from ...core.periods import parse_month
from ..blocks import source_words
from ..fonts import use_cjk_font
from .common import NOTE_COLOUR, as_of_parts, finite, history_periods, number_axis, title_lines

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes


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
        if finite(yoy):
            t += f"\n同比{'+' if float(yoy) > 0 else ''}{fmt_number(float(yoy), 1)}%"
        texts.append(t)
    if len(xs):
        ax.bar_label(bars, labels=texts, padding=2)
        ax.set_ylim(0, max(values) * 1.35 if max(values) > 0 else 1)
    else:
        ax.text(0.5, 0.5, "无已公布数据", transform=ax.transAxes, ha="center", va="center")
    ax.set_xticks(xs, labels)
    number_axis(ax.yaxis, unit_shown)
    ax.set_ylabel(f"数值（{unit_shown or '—'}）")
    year = f"{parse_month(as_of).year}年" if isinstance(as_of, str) else "本年度"
    title_lines(ax, f"{name}：已公布数据", f"历史背景，非{year}实际")
    if len(xs) == 1:
        ax.set_xlim(-1.2, 1.2)
    notes = [f"简报截至{as_of_parts(as_of)[0]}"] if as_of is not None else []
    if len(df) and "source" in df:
        grades = "、".join(sorted({str(g) for g in df.get("grade", []) if str(g) not in ("", "nan")}))
        sources = "、".join(dict.fromkeys(source_words(s) for s in df["source"]))
        notes.append(f"来源：{sources}" + (f"（可靠性{grades}级）" if grades else ""))
    ax.set_xlabel("\n".join(notes), color=NOTE_COLOUR)
    return ax


__all__ = ["plot_history"]
