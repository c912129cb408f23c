"""Thin ipywidgets explorers for the notebooks, and HTML status tables for the briefings.

A notebook shows an explorer with :func:`show`, which picks the live widget in JupyterLab and a plain
static figure when the notebook is executed headless (papermill, nbconvert HTML export), so that no
broken widget placeholder ends up in a briefing::

    # parameters cell (papermill overrides it; the renderer passes interactive=False)
    as_of = "YYYY-MM"
    plan = ""  # a plan name or folder; "" = the default plan
    interactive = True

    from liulin_data.present.widgets import IndicatorExplorer, show
    from liulin_data.session import open_session
    explorer = IndicatorExplorer(open_session(as_of, plan=plan or None))
    show(explorer, interactive)

``show(explorer)`` without the flag decides by itself with :func:`in_notebook_kernel` (a live IPython
kernel, and ``LIULIN_INTERACTIVE`` not set to ``0``).

Every analyst-written text (notes, names) that goes into HTML is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import base64
import html
import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.periods import month_range
from ..core.statuses import STATUS_LABELS, STATUS_RANK
from ..engine import ytd_series
from ..session import Session
from .blocks import STATUS_TABLE_COLUMNS, STATUS_TABLE_HEADERS, month_label, status_table_html
from .charts import (
    DISPLAY_PX_PER_IN,
    FIXED_MARGINS,
    TIME_CHART_FIGSIZE,
    figure_png,
    is_sample_frame,
    new_figure,
    plot_monthly_with_yoy,
    plot_target,
)
from .fonts import use_cjk_font
from .series import FLOW, GROWTH, RATE, Reported, reported, shown_unit

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

# basis toggle: label -> value (a flow with single months; every other series has its one view)
BASIS_OPTIONS: tuple[tuple[str, str], ...] = (("当月", "month"), ("累计", "ytd"))
# the one view of a series that is not a flow with single months, by measure
ONE_VIEW_LABELS = {FLOW: "累计", RATE: "比率", GROWTH: "增速"}
# size of the explorer's chart: the notebooks' time charts
EXPLORER_FIGSIZE = TIME_CHART_FIGSIZE
# dpi of the PNG the explorer shows: one image pixel per CSS pixel at the charts' desk width
EXPLORER_DPI = DISPLAY_PX_PER_IN
# environment variable: "0" forces static figures, "1" forces live widgets
INTERACTIVE_ENV = "LIULIN_INTERACTIVE"


def in_notebook_kernel() -> bool:
    """True when running in a live IPython kernel that can show widgets.

    ``LIULIN_INTERACTIVE=0`` forces False (set it for headless renders), ``=1`` forces True.
    Note that papermill also executes in a kernel: a rendered notebook should pass its
    ``interactive`` parameter to :func:`show` explicitly.
    """
    forced = os.environ.get(INTERACTIVE_ENV)
    if forced in ("0", "1"):
        return forced == "1"
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def show(explorer: Any, interactive: bool | None = None) -> Any:
    """Display an explorer live (JupyterLab) or as its static default figure (headless runs).

    Parameters
    ----------
    explorer : IndicatorExplorer or StatusBoard
        Anything with ``display()`` and ``static_view()``.
    interactive : bool, optional
        True: the live widgets; False: the static figure / HTML (papermill, HTML export).
        Default: :func:`in_notebook_kernel`.

    Returns
    -------
    The widget box (interactive) or the static figure / HTML object that was displayed.
    """
    from IPython.display import display

    if interactive is None:
        interactive = in_notebook_kernel()
    if interactive:
        return explorer.display()
    static = explorer.static_view()
    display(_as_displayable(static))
    return static


def _as_displayable(obj: Any) -> Any:
    """A Figure becomes a PNG Image (no dependency on the inline backend); anything else as is."""
    from matplotlib.figure import Figure

    if isinstance(obj, Figure):
        from IPython.display import Image

        return Image(data=figure_png(obj, dpi=EXPLORER_DPI), format="png")
    return obj


@dataclass(frozen=True)
class IndicatorData:
    """What one indicator's chart needs, computed once per indicator (the explorer caches it)."""

    row: dict  # the catalog row
    own: pd.DataFrame  # its actuals
    series: pd.DataFrame  # the engine's series for the year (the expected pace)
    figures: Reported  # what came in: reported and derived figures told apart
    sample: bool  # synthetic sample data

    @property
    def unit(self) -> tuple[str, float]:
        """The one unit of the picker and the chart, and the factor into it."""
        return shown_unit(self.row, self.figures)

    def views(self) -> list[tuple[str, str]]:
        """The views this series has, as (label, value): 当月 and 累计 for a flow with single months; one view
        otherwise (a year-to-date series released by quarter, a level, a rate, a growth rate)."""
        if self.figures.has_monthly_view():
            return list(BASIS_OPTIONS)
        return [(ONE_VIEW_LABELS.get(self.figures.measure, "时点"), "ytd")]


def indicator_data(
    actuals: pd.DataFrame, row: dict, year: int, targets: pd.DataFrame, profiles: dict | None = None
) -> IndicatorData:
    """Pick one indicator's actuals and compute its monthly/year-to-date series for ``year``.

    ``profiles``: the plan's pace profiles (:func:`liulin_data.plan.profiles.load_profiles`); default the package's.
    """

    iid = str(row["indicator_id"])
    own = actuals[actuals["indicator_id"].astype(str) == iid]
    return IndicatorData(
        row=row,
        own=own,
        series=ytd_series(own, iid, targets, year=year, profiles=profiles),
        figures=reported(own, row, year),
        sample=is_sample_frame(own),
    )


def _clear(fig: Figure):
    """The figure's first axes, cleared (twin axes and the legend of an earlier view removed), or a new one."""
    for legend in list(fig.legends):
        legend.remove()
    if not fig.axes:
        return fig.add_subplot()
    for extra in fig.axes[1:]:
        extra.remove()
    ax = fig.axes[0]
    ax.cla()
    return ax


def draw_indicator(
    fig: Figure, data: IndicatorData, *, as_of: str, basis: str = "ytd", projected: float | None = None
) -> Figure:
    """Draw one indicator on ``fig``: against its target as its measure reads (``ytd``), or a flow's single
    months (``month``: only for a series that has them, see :meth:`IndicatorData.views`).

    The explorer's chart, also used on its own for the static view of a headless run (no widgets made).
    The figure's first axes is cleared and reused, which is cheaper than building new axes on every change.

    Parameters
    ----------
    fig : Figure
    data : IndicatorData
        From :func:`indicator_data`.
    as_of : 'YYYY-MM'
    basis : 'ytd' or 'month'
    projected : float, optional
        The engine's year-end projection at ``as_of`` (NaN: none); default: the chart's own, by the engine's
        words (:func:`liulin_data.present.charts.plot_ytd_vs_target`).
    """
    use_cjk_font()
    ax = _clear(fig)
    row, title = data.row, str(data.row.get("indicator"))
    if basis == "month" and data.figures.has_monthly_view():
        unit = "" if row.get("unit") is None or row.get("unit") != row.get("unit") else str(row.get("unit"))
        plot_monthly_with_yoy(
            ax, None, unit, title=title, as_of=as_of, sample=data.sample, figures=data.figures,
            unit_shown=data.unit,
        )  # fmt: skip
    else:
        plot_target(
            ax, row, data.series, data.figures, as_of=as_of, sample=data.sample, projected=projected,
            unit_shown=data.unit,
        )  # fmt: skip
    return fig


class IndicatorExplorer:
    """One indicator at a time: against its target as its measure reads, or a flow's single months.

    Widgets, in one framed box with the chart they drive: an indicator Dropdown (the Chinese name and the unit
    the chart is drawn in), a 截至月份 SelectionSlider from the plan's first month to ``as_of`` that reads as a
    month (YYYY年10月; it never goes past the data's month), a 口径 ToggleButtons (当月/累计 for a flow with
    single months; a year-to-date series released by quarter, a level, a rate or a growth rate has its one
    view) and an Output holding the chart. A change redraws the one Figure from the series computed when the
    explorer was made (no cell re-runs).

    Parameters
    ----------
    session : Session
        The plan, its catalog, profiles and actuals (:func:`liulin_data.session.open_session`); its month is
        the initial and last month of the slider.
    indicator_ids : list of str, optional
        Indicators offered; default: the numeric catalog rows that have actuals (all numeric rows if
        none has).
    basis : 'ytd' or 'month'
        The initial view.

    Attributes
    ----------
    figure : Figure
        The one figure every redraw draws on.
    """

    def __init__(self, session: Session, indicator_ids: list[str] | None = None, basis: str = "ytd") -> None:
        import ipywidgets as w

        if basis not in dict((v, k) for k, v in BASIS_OPTIONS):
            raise ValueError(f"basis 应为 'ytd'（累计）或 'month'（当月），收到 {basis!r}")
        plan, last = session.plan, session.month
        self.year = plan.year
        self.profiles = session.profiles
        self.actuals = actuals = session.actuals
        self.targets = targets = session.catalog
        self._rows = {str(r["indicator_id"]): r for r in targets.to_dict("records")}
        if indicator_ids is None:
            numeric = [i for i, r in self._rows.items() if r.get("kind") != "milestone"]
            have = set(actuals["indicator_id"].astype(str)) if len(actuals) else set()
            indicator_ids = [i for i in numeric if i in have] or numeric
        unknown = [i for i in indicator_ids if i not in self._rows]
        if unknown:
            raise KeyError(f"目录中没有这些指标：{', '.join(unknown)} / not in the catalog")
        if not indicator_ids:
            raise ValueError("没有可浏览的指标 / no indicator to explore")
        self.indicator_ids = list(indicator_ids)
        # every offered indicator's series up front, so that a change only redraws
        self._data: dict[str, IndicatorData] = {}
        for indicator_id in self.indicator_ids:
            self.data(indicator_id)
        options = [(self._label(i), i) for i in self.indicator_ids]

        self.indicator = w.Dropdown(options=options, value=self.indicator_ids[0], description="指标")
        self.indicator.layout = w.Layout(width="420px")
        months = [(m.label, m.month) for m in month_range(plan.first_month, last)]
        self.month = w.SelectionSlider(options=months, value=last.month, description="截至月份")
        self.month.continuous_update = False
        self.month.layout = w.Layout(width="360px")
        views = self.data(self.indicator_ids[0]).views()
        self.basis = w.ToggleButtons(
            options=views, value=basis if basis in dict(views).values() else "ytd", description="口径"
        )
        self.output = w.Output()
        self.message = w.HTML()
        # the picker and its chart in one unit: the controls above the chart they drive, in one box
        self.box = w.VBox(
            [w.HBox([self.indicator, self.month]), self.basis, self.message, self.output],
            layout=w.Layout(border="1px solid #ddd", padding="6px", width="fit-content"),
        )
        self.box.add_class("liulin-explorer")
        self.figure: Figure
        # fixed margins sized by charts.fit_time_chart: one draw per redraw, no layout pass
        self.figure, _ = new_figure(figsize=EXPLORER_FIGSIZE, margins=FIXED_MARGINS)
        self._png: bytes = b""
        self._quiet = False  # set while the basis options follow a new indicator (one redraw, not two)
        for control in (self.indicator, self.month, self.basis):
            control.observe(self._on_change, names="value")
        self.redraw()

    # -- helpers ---------------------------------------------------------------------------------
    def _label(self, indicator_id: str) -> str:
        """The picker's words: the name and the unit its chart is drawn in (319.8亿元, not 万元)."""
        row = self._rows[indicator_id]
        unit = self.data(indicator_id).unit[0]
        return f"{row.get('indicator')}（{unit}）" if unit else str(row.get("indicator"))

    @property
    def as_of(self) -> str:
        """The selected month as 'YYYY-MM'."""
        return f"{self.year:04d}-{int(self.month.value):02d}"

    def _on_change(self, change: dict) -> None:
        if self._quiet:
            return
        if change.get("owner") is self.indicator:
            self._follow_views()
        try:
            self.redraw()
        except Exception as exc:  # a live widget shows the message redraw() set, not a traceback
            log.warning("图表重绘失败 / redraw failed: %s", exc)

    def _follow_views(self) -> None:
        """The basis toggle offers the new indicator's views (a level has no 当月), keeping the view if it can."""
        views = self.data(str(self.indicator.value)).views()
        if views == list(self.basis.options):
            return
        keep = self.basis.value if self.basis.value in dict(views).values() else "ytd"
        self._quiet = True
        try:
            self.basis.options = views
            self.basis.value = keep
        finally:
            self._quiet = False

    # -- drawing ---------------------------------------------------------------------------------
    def data(self, indicator_id: str) -> IndicatorData:
        """The indicator's series (computed on first use, then cached: a change only redraws)."""
        if indicator_id not in self._data:
            self._data[indicator_id] = indicator_data(
                self.actuals,
                {**self._rows[indicator_id], "indicator_id": indicator_id},
                self.year,
                self.targets,
                self.profiles,
            )
        return self._data[indicator_id]

    def draw(self, fig: Figure | None = None) -> Figure:
        """Draw the current selection on ``fig`` (default: :attr:`figure`), without touching the Output."""
        fig = fig if fig is not None else self.figure
        return draw_indicator(
            fig, self.data(str(self.indicator.value)), as_of=self.as_of, basis=str(self.basis.value)
        )

    def redraw(self) -> Figure:
        """Recompute from the library for the current widget values and redraw the chart in place.

        Returns
        -------
        Figure
            :attr:`figure`, redrawn.
        """
        try:
            self.draw()
            self.message.value = ""
        except Exception as exc:  # shown to the analyst instead of a broken chart
            self.message.value = f"<span style='color:#b2182b'>无法绘制：{html.escape(str(exc))}</span>"
            raise
        self._png = figure_png(self.figure, dpi=EXPLORER_DPI)
        # replace the Output's content in one state update (no flicker, works before it is displayed)
        self.output.outputs = (
            {
                "output_type": "display_data",
                "data": {
                    "image/png": base64.b64encode(self._png).decode("ascii"),
                    "text/plain": f"图表：{self.indicator.label}，截至{month_label(self.as_of)}",
                },
                "metadata": {},
            },
        )
        return self.figure

    @property
    def png(self) -> bytes:
        """PNG bytes of the chart as last drawn."""
        return self._png

    def display(self) -> Any:
        """Show the live widgets (JupyterLab); returns the widget box."""
        from IPython.display import display

        display(self.box)
        return self.box

    def static_view(self) -> Figure:
        """The chart for the current (initial) selection, as a Figure, for headless runs."""
        return self.draw()

    def _ipython_display_(self) -> None:  # a bare `explorer` as the last line of a cell
        show(self)


# ----------------------------------------------------------------------------------------------------
# the status table with filters (the table itself: present/blocks.py)
# ----------------------------------------------------------------------------------------------------
class StatusBoard:
    """A status table filtered by task and status, as widgets (live) or plain HTML (headless).

    Parameters
    ----------
    progress_df : DataFrame
        The frame :func:`liulin_data.engine.progress` returns.
    """

    def __init__(self, progress_df: pd.DataFrame) -> None:
        import ipywidgets as w

        self.progress_df = progress_df
        tasks = [t for t in dict.fromkeys(progress_df["task"].dropna().astype(str))]
        statuses = [s for s in STATUS_RANK if s in set(progress_df["status"])]
        self.task = w.Dropdown(
            options=[("全部任务", "")] + [(t, t) for t in tasks], value="", description="任务"
        )
        self.status = w.Dropdown(
            options=[("全部状态", "")] + [(STATUS_LABELS.get(s, s), s) for s in statuses],
            value="",
            description="状态",
        )
        self.table = w.HTML()
        self.box = w.VBox([w.HBox([self.task, self.status]), self.table])
        for control in (self.task, self.status):
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def filtered(self) -> pd.DataFrame:
        """The rows matching the current filters."""
        df = self.progress_df
        if self.task.value:
            df = df[df["task"] == self.task.value]
        if self.status.value:
            df = df[df["status"] == self.status.value]
        return df

    def redraw(self) -> str:
        """Re-render the table for the current filters; returns its HTML."""
        self.table.value = status_table_html(self.filtered())
        return self.table.value

    def display(self) -> Any:
        """Show the live widgets; returns the widget box."""
        from IPython.display import display

        display(self.box)
        return self.box

    def static_view(self) -> Any:
        """The unfiltered table as an IPython HTML object (for headless runs)."""
        from IPython.display import HTML

        return HTML(status_table_html(self.progress_df))

    def _ipython_display_(self) -> None:
        show(self)


__all__ = [
    "STATUS_TABLE_COLUMNS",
    "STATUS_TABLE_HEADERS",
    "IndicatorExplorer",
    "StatusBoard",
    "in_notebook_kernel",
    "show",
    "status_table_html",
]
