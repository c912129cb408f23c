"""What the notebooks show: one object that loads the data once and hands out ready-to-display pieces.

A notebook stays a parameters cell, one ``NotebookView.load(...)`` call and one line per chart or table::

    view = NotebookView.load(as_of, actuals, domains, theme=["energy"], plan=plan)
    view.header()
    view.ytd_chart("raw_coal_output")
    view.explorer(["raw_coal_output", "gas_output"], interactive)

Every method returns an IPython display object (a PNG :class:`~IPython.display.Image`, escaped
:class:`~IPython.display.HTML` or :class:`~IPython.display.Markdown`), so the last line of a cell shows it and a
test can inspect it. Charts are PNGs (no dependency on the inline backend), stamped 示例数据 when the data is the
shipped synthetic sample. Every place name and year a reader sees comes from the plan.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.numbers import fmt_amount, fmt_percent
from ..engine import ytd_series
from ..plan.history import load_history
from ..session import Session, SessionFileError, open_session, session_sources
from .blocks import (
    ATTENTION_SHOWN,
    STATUS_TABLE_COLUMNS,
    attention_html,
    block,
    counts_table_html,
    month_label,
    plain_table_html,
    status_table_html,
)
from .charts import (
    CHART_DPI,
    CHART_WIDTH_IN,
    FIXED_MARGINS,
    TIME_CHART_FIGSIZE,
    bullet_figsize,
    bullet_rows,
    chart_title,
    display_width_px,
    figure_png,
    history_periods,
    is_sample_frame,
    milestone_frame,
    new_figure,
    plot_completion_bullets,
    plot_history,
    plot_milestone_timeline,
    plot_monthly_with_yoy,
    plot_status_counts,
    plot_target,
    status_counts_figsize,
)
from .fonts import use_cjk_font
from .series import Remark, Reported, any_figure, latest_remarks, no_figure_sentence, reported
from .summaries import attention, status_counts
from .webfont import lab_font_html
from .widgets import EXPLORER_FIGSIZE, IndicatorExplorer, draw_indicator, indicator_data

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from ..plan.folder import Plan

CHART_COLORS = 64  # PNG palette size: a third of the bytes of a full-colour PNG, no visible loss on charts
SAMPLE_BANNER = (
    '<div class="liulin-sample-banner" style="border:2px solid #b2182b;background:#fff4f0;color:#b2182b;'
    'padding:8px 12px;border-radius:6px;font-size:15px"><b>示例数据（合成，非真实统计）</b>：本页使用随包附带的'
    "合成示例数据，仅用于演示，不是{region}的真实统计数据。</div>"
)  # .format(region=plan.region)
# columns of the numeric detail table and of the milestone table
MILESTONE_COLUMNS = ("indicator", "task", "status", "latest_period", "note")
# headers of the published-history table
HISTORY_HEADERS = {
    "indicator": "指标",
    "amount": "数值",
    "period_label": "时期",
    "yoy_pct": "同比（%）",
    "source": "来源",
    "grade": "可靠性",
}
# height of one panel of the published-history chart, inches
HISTORY_PANEL_IN = 3.4
# headers of the pace-profile table
PROFILE_HEADERS = {
    "indicator": "指标",
    "target_text": "全年目标",
    "profile_label": "进度曲线",
    "expected": "截至本期应完成",
}


def _session(as_of: str, actuals: Sequence[str], targets: str, plan: Any, snapshot: str) -> Session:
    """The renderer's session (checked against these parameters), or one opened here from them."""
    if not snapshot:
        return open_session(as_of, plan=plan or None, actuals=list(actuals), targets=targets or None)
    session = Session.load(snapshot, sources=session_sources(plan or None, list(actuals), targets or None))
    if session.as_of != str(session.plan.check_month(as_of)):
        raise SessionFileError(f"数据快照 {snapshot} 是 {session.as_of} 的，本笔记本要的是 {as_of}")
    return session


def _png(fig) -> Any:
    """A chart as a PNG display object: sharp on a phone, shown at its desk width, its title as alt text."""
    from IPython.display import Image

    data = figure_png(fig, dpi=CHART_DPI, colors=CHART_COLORS)
    return Image(data=data, format="png", width=display_width_px(fig), alt=chart_title(fig))


def _html(text: str) -> Any:
    from IPython.display import HTML

    return HTML(text)


@dataclass
class NotebookView:
    """What one notebook shows of a :class:`~liulin_data.session.Session`, and the charts and tables drawn from it.

    Attributes
    ----------
    session : Session
        The plan at the month: catalog, profiles, actuals, milestone log and the progress of every row,
        computed once (by the briefing renderer, or by :meth:`load` when a notebook runs by hand).
    shown : DataFrame
        The rows this notebook shows (its theme, narrowed by the ``domains`` parameter).
    """

    session: Session
    shown: pd.DataFrame

    @classmethod
    def load(
        cls,
        as_of: str,
        actuals: Sequence[str] = (),
        domains: Sequence[str] = (),
        theme: Sequence[str] | None = None,
        indicator_ids: Sequence[str] | None = None,
        targets: str = "",
        plan: str | Plan | None = None,
        interactive: bool = False,
        snapshot: str = "",
    ) -> NotebookView:
        """The notebook's view: its parameters resolved into a session (or the renderer's session read), then
        the rows of its theme.

        With ``interactive=True`` (JupyterLab) the packaged Chinese web font is put into the page first
        (:func:`liulin_data.present.webfont.lab_font_html`), so markdown, tables and widget labels show Chinese on a
        machine without a Chinese system font. A briefing (``interactive=False``) embeds its own.

        Parameters
        ----------
        as_of : 'YYYY-MM'
        actuals : list of paths
            Actuals files and milestone logs as analysts receive them; empty = the synthetic sample.
        domains : list of str
            The notebook's ``domains`` parameter: only these domains (empty = the whole theme).
        theme : list of str, optional
            The domains this notebook is about (None = all).
        indicator_ids : list of str, optional
            Or: exactly these indicators.
        targets : str
            The notebook's ``targets`` parameter: an analyst's target override file ("" = the report's only).
        plan : str or Plan
            The notebook's ``plan`` parameter: a plan name or folder ("" or None = the default plan).
        interactive : bool
            The notebook's ``interactive`` parameter.
        snapshot : str
            The notebook's ``snapshot`` parameter: the briefing renderer's session for this briefing, read
            instead of loading the files and computing progress again ("" = work it out here). Refused
            (SessionFileError) unless it was made from these parameters' plan, files and override file, at
            ``as_of``.
        """

        use_cjk_font()
        session = _session(as_of, actuals, targets, plan, snapshot)
        if interactive:
            from IPython.display import display

            display(_html(lab_font_html(session.plan)))
        return cls.of(session, domains, theme, indicator_ids)

    @classmethod
    def of(
        cls,
        session: Session,
        domains: Sequence[str] = (),
        theme: Sequence[str] | None = None,
        indicator_ids: Sequence[str] | None = None,
    ) -> NotebookView:
        """The view of a session's rows of a theme, narrowed to ``domains``."""
        return cls(session, session.shown(domains, theme, indicator_ids))

    # what the session holds, as the charts and tables read it
    as_of = property(lambda self: self.session.as_of, doc="The reporting month, 'YYYY-MM'.")
    plan = property(lambda self: self.session.plan, doc="The plan (place, year, report).")
    profiles = property(lambda self: self.session.profiles, doc="The plan's pace profiles.")
    targets = property(lambda self: self.session.catalog, doc="The catalog (with overrides).")
    actuals = property(lambda self: self.session.actuals, doc="The actuals frame.")
    milestones = property(lambda self: self.session.milestones, doc="The milestone log, or None.")
    progress = property(lambda self: self.session.progress, doc="Progress of every catalog row.")

    @property
    def is_sample(self) -> bool:
        """True when any of the data shown is the synthetic sample (the sample rule)."""
        return is_sample_frame(self.session.progress)

    # -- helpers -------------------------------------------------------------------------------------
    def has(self, indicator_id: str) -> bool:
        """True when the plan's catalog has this indicator (the notebooks name Liulin's; another plan may not)."""
        return bool((self.targets["indicator_id"] == indicator_id).any())

    def _absent(self, indicator_ids: Sequence[str]) -> Any:
        return _html(
            f"<p class='liulin-absent'>本计划的目标目录中没有此处的 {len(indicator_ids)} 项指标，从略。</p>"
        )

    def unit(self, indicator_id: str) -> str:
        """The catalog unit of an indicator."""
        return str(self.targets.set_index("indicator_id").at[indicator_id, "unit"] or "")

    def name(self, indicator_id: str) -> str:
        """The Chinese name of an indicator, as the report says it."""
        return str(self.targets.set_index("indicator_id").at[indicator_id, "indicator"])

    def rows(self, indicator_ids: Sequence[str] | None = None, kind: str | None = None) -> pd.DataFrame:
        """The shown progress rows, optionally only these indicators and only 'numeric' or 'milestone' rows."""
        rows = self.shown
        if indicator_ids is not None:
            rows = rows[rows["indicator_id"].isin(list(indicator_ids))]
        if kind == "numeric":
            rows = rows[rows["kind"] != "milestone"]
        elif kind == "milestone":
            rows = rows[rows["kind"] == "milestone"]
        return rows

    # -- text ----------------------------------------------------------------------------------------
    @property
    def data_month(self) -> str | None:
        """The page's one 数据截至 ('YYYY-MM'; None without figures): :attr:`Session.data_month`."""
        month = self.session.data_month
        return None if month is None else str(month)

    @property
    def remarks(self) -> dict[str, Remark]:
        """Each indicator's latest 备注 from the analysts' files and the milestone log."""
        return latest_remarks(self.actuals, self.milestones)

    def figures(self, indicator_id: str) -> Reported:
        """What came in for one indicator this year (reported and derived told apart)."""
        row = {
            **self.targets.set_index("indicator_id").loc[indicator_id].to_dict(),
            "indicator_id": indicator_id,
        }
        return reported(self.actuals, row, self.plan.year)

    def header(self) -> Any:
        """The 示例数据 banner (when the sample is used), the plan and report, and what this page covers."""
        numeric = int((self.shown["kind"] != "milestone").sum())
        milestones = int((self.shown["kind"] == "milestone").sum())
        esc = html.escape
        fresh = f"数据截至 <b>{esc(month_label(self.data_month))}</b>" if self.data_month else "尚无实际数据"
        summary = (
            f"<p class='liulin-plan'>{esc(self.plan.title)}：对照《{esc(self.plan.report_title)}》</p>"
            f"<p>{fresh}；本部分共 {len(self.shown)} 项"
            f"（数值指标 {numeric} 项，里程碑事项 {milestones} 项）。</p>"
        )
        banner = SAMPLE_BANNER.format(region=esc(self.plan.region)) if self.is_sample else ""
        return _html(banner + summary)

    def attention(self, shown: int | None = None) -> Any:
        """The whole "需要关注" list: every overdue, behind, at-risk and missing item, most severe first, each
        with the analyst's latest 备注; one sentence when no figure has come in at all.

        The first ``shown`` items are open, the rest behind "另有 N 项" (nothing is dropped).
        """
        if not any_figure(self.actuals, self.milestones):
            return _html(
                block(
                    f"<p>{html.escape(no_figure_sentence(self.plan.region, self.plan.year, len(self.shown)))}</p>"
                )
            )
        items = attention(self.shown, limit=len(self.shown), targets=self.targets)
        shown = ATTENTION_SHOWN if shown is None else shown
        return _html(attention_html(items, shown=shown, remarks=self.remarks))

    # -- tables --------------------------------------------------------------------------------------
    def status_counts(self, by: str = "kind") -> Any:
        """Counts per status by 'kind', 'domain' or 'task' (the plan's major tasks), as a table (cards on a phone)."""

        return _html(counts_table_html(status_counts(self.shown, by=by, plan=self.plan)))

    def table(
        self, indicator_ids: Sequence[str] | None = None, kind: str = "numeric", title: str | None = None
    ) -> Any:
        """A status table of the shown rows: one card per indicator on a phone, each with its small monthly
        series and the analyst's latest 备注; a row whose data is older than the page's 数据截至 says so."""

        columns = MILESTONE_COLUMNS if kind == "milestone" else STATUS_TABLE_COLUMNS
        rows = self.rows(indicator_ids, kind)
        figures = (
            {} if kind == "milestone" else {i: self.figures(i) for i in rows["indicator_id"].astype(str)}
        )
        return _html(
            status_table_html(
                rows,
                title=title,
                columns=columns,
                figures=figures,
                remarks=self.remarks,
                data_month=self.data_month,
            )
        )

    def pace_profiles(self, indicator_ids: Sequence[str] | None = None) -> Any:
        """Which expected-pace profile each numeric indicator follows, and the share due by now."""

        rows = self.rows(indicator_ids, "numeric").merge(
            self.targets[["indicator_id", "profile"]], on="indicator_id", how="left"
        )
        rows = rows.assign(
            target_text=[fmt_amount(t, u) for t, u in zip(rows["target"], rows["unit"], strict=True)],
            profile_label=rows["profile"].map({k: p.label for k, p in self.profiles.items()}),
            expected=rows["expected"].map(fmt_percent),
        )
        return _html(plain_table_html(rows, PROFILE_HEADERS))

    def history_table(self, indicator_ids: Sequence[str]) -> Any:
        """Published figures for these indicators, with source and grade (context, not this year's actuals)."""

        history = load_history(plan=self.plan)
        rows = history[history["indicator_id"].isin(list(indicator_ids))]
        if rows.empty:
            return _html("<p>本计划没有这些指标的已公布历史数据。</p>")

        rows = rows.assign(
            amount=[fmt_amount(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)],
            period_label=history_periods(rows),
        )
        return _html(plain_table_html(rows, HISTORY_HEADERS, numeric=("yoy_pct",), links=("source",)))

    # -- charts --------------------------------------------------------------------------------------
    def _series(self, indicator_id: str) -> pd.DataFrame:

        return ytd_series(
            self.actuals, indicator_id, self.targets, year=self.plan.year, profiles=self.profiles
        )

    def projected(self, indicator_id: str) -> float:
        """The engine's year-end projection of an indicator at the view's month (NaN: none, e.g. stale data)."""
        row = self.progress[self.progress["indicator_id"] == indicator_id]
        return float(row["projected"].iloc[0]) if len(row) else float("nan")

    def ytd_figure(self, indicator_id: str, title: str | None = None) -> Figure:
        """The figure of :meth:`ytd_chart` (for tests and callers who save it themselves): the projection is
        the engine's, the one the tables and sentences give."""
        row = {
            **self.targets.set_index("indicator_id").loc[indicator_id].to_dict(),
            "indicator_id": indicator_id,
        }
        fig, ax = new_figure(figsize=TIME_CHART_FIGSIZE, margins=FIXED_MARGINS)
        plot_target(
            ax,
            row,
            self._series(indicator_id),
            self.figures(indicator_id),
            as_of=self.as_of,
            sample=self.is_sample,
            projected=self.projected(indicator_id),
            title=title,
        )
        return fig

    def ytd_chart(self, indicator_id: str, title: str | None = None) -> Any:
        """One indicator against its target as its measure reads: a flow's cumulative with the expected pace and
        the projection, a level or a rate as reported, a growth rate against its target in 百分点, a cap as a
        ceiling."""
        return (
            self._image(self.ytd_figure, indicator_id, title)
            if self.has(indicator_id)
            else self._absent([indicator_id])
        )

    def monthly_figure(self, indicator_id: str, title: str | None = None) -> Figure:
        """The figure of :meth:`monthly_chart`."""
        fig, ax = new_figure(figsize=TIME_CHART_FIGSIZE, margins=FIXED_MARGINS)
        plot_monthly_with_yoy(
            ax,
            None,
            self.unit(indicator_id),
            title=title or self.name(indicator_id),
            as_of=self.as_of,
            sample=self.is_sample,
            figures=self.figures(indicator_id),
        )
        return fig

    def monthly_chart(self, indicator_id: str, title: str | None = None) -> Any:
        """A flow month by month as reported (derived months hatched, 1—2月 one bar), the growth of its 当月
        figures on a second axis."""
        if not self.has(indicator_id):
            return self._absent([indicator_id])
        return self._image(self.monthly_figure, indicator_id, title)

    def status_figure(self) -> Figure:
        """The figure of :meth:`status_chart`."""
        fig, ax = new_figure(figsize=status_counts_figsize(self.shown))
        plot_status_counts(ax, self.shown, as_of=self.as_of, sample=self.is_sample)
        return fig

    def status_chart(self) -> Any:
        """How many of the shown rows have each status."""
        return self._image(self.status_figure)

    def bullets_figure(self, indicator_ids: Sequence[str] | None = None) -> Figure:
        """The figure of :meth:`bullets`."""
        rows = bullet_rows(self.rows(indicator_ids), self.targets)
        fig, ax = new_figure(figsize=bullet_figsize(len(rows)))
        plot_completion_bullets(ax, rows, as_of=self.as_of, sample=self.is_sample, catalog=self.targets)
        return fig

    def bullets(self, indicator_ids: Sequence[str] | None = None) -> Any:
        """Completion of each amount target against the share expected by now (rates, growth and caps are not
        shares of a target: their tables and charts say them)."""
        return self._image(self.bullets_figure, indicator_ids)

    def milestone_figure(self) -> Figure:
        """The figure of :meth:`milestone_chart`."""
        board = milestone_frame(self.shown, self.targets, self.milestones)
        fig, ax = new_figure(figsize=bullet_figsize(len(board) + 2))  # the legend sits below the axes
        plot_milestone_timeline(ax, board, self.as_of, year=self.plan.year, sample=self.is_sample)
        return fig

    def milestone_chart(self) -> Any:
        """The milestones of the shown rows on the plan year's time line, marked by status, deadlines ticked."""
        return self._image(self.milestone_figure)

    def history_figure(self, titles: dict[str, str]) -> Figure:
        """The figure of :meth:`history_chart`."""

        history = load_history(plan=self.plan)
        fig, axes = new_figure(len(titles), 1, figsize=(CHART_WIDTH_IN, HISTORY_PANEL_IN * len(titles)))
        axes = axes if len(titles) > 1 else [axes]
        for ax, (indicator_id, title) in zip(axes, titles.items(), strict=True):
            plot_history(ax, history, indicator=indicator_id, title=title, as_of=self.as_of)
        return fig

    def history_chart(self, titles: dict[str, str]) -> Any:
        """Published figures as context, one panel per indicator (``{indicator_id: title}``)."""
        return self._image(self.history_figure, titles)

    @staticmethod
    def _image(draw, *args) -> Any:
        return _png(draw(*args))

    # -- interactive ---------------------------------------------------------------------------------
    def explorer_ids(self) -> list[str]:
        """The indicators an explorer offers by default: the shown numeric rows that have actuals."""
        numeric = self.rows(kind="numeric")["indicator_id"].astype(str).tolist()
        have = set(self.actuals.loc[self.actuals["value"].notna(), "indicator_id"].astype(str))
        return [i for i in numeric if i in have] or numeric

    def explorer(self, indicator_ids: Sequence[str] | None, interactive: bool) -> Any:
        """The indicator explorer: live widgets in JupyterLab, the default chart alone in a headless run.

        ``indicator_ids``: the indicators offered (None: :meth:`explorer_ids`). With ``interactive=False``
        (briefings) no widget is created at all, so the rendered HTML has no widget placeholder and the
        executed notebook carries no widget state.
        """

        wanted = self.explorer_ids() if indicator_ids is None else indicator_ids
        indicator_ids = [i for i in wanted if self.has(i)]
        if not indicator_ids:
            return _html("<p>本计划的目标目录中没有可浏览的指标。</p>")
        if interactive:
            return IndicatorExplorer(self.session, indicator_ids=indicator_ids)
        return _png(self.explorer_figure(indicator_ids[0]))

    def explorer_figure(self, indicator_id: str, basis: str = "ytd", as_of: str | None = None) -> Figure:
        """The explorer's chart of one indicator (its static view: ``basis='ytd'`` at the view's month, with the
        engine's projection)."""

        row = {
            **self.targets.set_index("indicator_id").loc[indicator_id].to_dict(),
            "indicator_id": indicator_id,
        }
        data = indicator_data(self.actuals, row, self.plan.year, self.targets, self.profiles)
        fig, _ = new_figure(figsize=EXPLORER_FIGSIZE, margins=FIXED_MARGINS)
        own_month = as_of is None or str(as_of) == self.as_of
        projected = self.projected(indicator_id) if own_month else None
        return draw_indicator(fig, data, as_of=as_of or self.as_of, basis=basis, projected=projected)
