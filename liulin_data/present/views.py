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

from .charts import (
    FIXED_MARGINS,
    TIME_CHART_FIGSIZE,
    bullet_figsize,
    bullet_rows,
    figure_png,
    is_sample_frame,
    milestone_frame,
    new_figure,
    plot_completion_bullets,
    plot_history,
    plot_milestone_timeline,
    plot_monthly_with_yoy,
    plot_status_counts,
    plot_ytd_vs_target,
    yoy_by_month,
)
from .fonts import use_cjk_font

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..plan import Plan
    from ..profiles import Profile

CHART_DPI = 110  # resolution of the charts in notebooks and briefings
CHART_COLORS = 64  # PNG palette size: a third of the bytes of a full-colour PNG, no visible loss on charts
SAMPLE_BANNER = (
    '<div class="liulin-sample-banner" style="border:2px solid #b2182b;background:#fff4f0;color:#b2182b;'
    'padding:8px 12px;border-radius:6px;font-size:15px"><b>示例数据（合成，非真实统计）</b>：本页使用随包附带的'
    "合成示例数据（由 scripts/make_sample.py 生成），仅用于演示，不是{region}的真实统计数据。</div>"
)  # .format(region=plan.region)
# columns of the numeric detail table and of the milestone table
MILESTONE_COLUMNS = ("indicator", "task", "status", "latest_period", "note")
# headers of the published-history table
HISTORY_HEADERS = {
    "indicator": "指标",
    "value": "数值",
    "unit": "单位",
    "period_label": "时期",
    "yoy_pct": "同比（%）",
    "source": "来源",
    "grade": "可靠性",
}
# headers of the pace-profile table
PROFILE_HEADERS = {
    "indicator": "指标",
    "unit": "单位",
    "target": "全年目标",
    "profile_label": "进度曲线",
    "expected": "截至本期应完成",
}


def _png(fig) -> Any:
    from IPython.display import Image

    return Image(data=figure_png(fig, dpi=CHART_DPI, colors=CHART_COLORS), format="png")


def _html(text: str) -> Any:
    from IPython.display import HTML

    return HTML(text)


@dataclass
class NotebookView:
    """The data behind one notebook run, and the charts and tables drawn from it.

    Attributes
    ----------
    as_of : str
        The reporting month, 'YYYY-MM'.
    plan : Plan
        The plan (place, year, report) the page is about.
    profiles : dict
        The plan's pace profiles (:func:`liulin_data.profiles.load_profiles`).
    targets, actuals, milestones : DataFrame
        The catalog, the actuals frame and the milestone log (None when no log was given).
    progress : DataFrame
        :func:`liulin_data.engine.progress` for every catalog row.
    shown : DataFrame
        The rows this notebook shows (its theme, narrowed by the ``domains`` parameter).
    is_sample : bool
        True when the data is the shipped synthetic sample.
    """

    as_of: str
    plan: Plan
    profiles: dict[str, Profile]
    targets: pd.DataFrame
    actuals: pd.DataFrame
    milestones: pd.DataFrame | None
    progress: pd.DataFrame
    shown: pd.DataFrame
    is_sample: bool

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
    ) -> NotebookView:
        """Load the plan's catalog, the actuals (its sample when ``actuals`` is empty) and compute progress.

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
        """
        from ..catalog import load_targets
        from ..plan import load_plan
        from ..profiles import load_profiles
        from ..tracker import plan_inputs, progress

        use_cjk_font()
        plan = load_plan(plan or None)
        targets = load_targets(overrides=targets or None, plan=plan)
        actual_frame, milestones = plan_inputs(list(actuals), plan=plan, targets=targets)
        table = progress(as_of, actual_frame, targets, milestones, plan=plan)
        shown = table
        if theme is not None:
            shown = shown[shown["domain"].isin(list(theme))]
        if indicator_ids is not None:
            shown = shown[shown["indicator_id"].isin(list(indicator_ids))]
        if domains:
            shown = shown[shown["domain"].isin(list(domains))]
        return cls(
            as_of=str(plan.check_month(as_of)),
            plan=plan,
            profiles=load_profiles(plan),
            targets=targets,
            actuals=actual_frame,
            milestones=milestones,
            progress=table,
            shown=shown,
            is_sample=is_sample_frame(table),
        )

    # -- helpers -------------------------------------------------------------------------------------
    def has(self, indicator_id: str) -> bool:
        """True when the plan's catalog has this indicator (the notebooks name Liulin's; another plan may not)."""
        return bool((self.targets["indicator_id"] == indicator_id).any())

    def _absent(self, indicator_ids: Sequence[str]) -> Any:
        names = "、".join(indicator_ids)
        return _html(f"<p class='liulin-absent'>本计划的目标目录中没有这些指标：{html.escape(names)}。</p>")

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
    def header(self) -> Any:
        """The 示例数据 banner (when the sample is used), the plan and report, and what this page covers."""
        numeric = int((self.shown["kind"] != "milestone").sum())
        milestones = int((self.shown["kind"] == "milestone").sum())
        esc = html.escape
        summary = (
            f"<p class='liulin-plan'>{esc(self.plan.title)}：对照《{esc(self.plan.report_title)}》</p>"
            f"<p>数据截至 <b>{esc(self.as_of)}</b>；本页共 {len(self.shown)} 项"
            f"（数值指标 {numeric} 项，里程碑事项 {milestones} 项）。</p>"
        )
        banner = SAMPLE_BANNER.format(region=esc(self.plan.region)) if self.is_sample else ""
        return _html(banner + summary)

    def attention(self, limit: int = 12) -> Any:
        """The "需要关注" list: overdue, behind, at-risk and missing items, most severe first, in plain Chinese."""
        from .summaries import attention

        items = attention(self.shown, limit=limit, targets=self.targets)
        if items.empty:
            return _html("<p>本期没有需要特别关注的事项。</p>")
        lines = "".join(
            f"<li><b>{html.escape(str(r.indicator))}</b>（{html.escape(str(r.label))}）：{html.escape(str(r.sentence))}</li>"
            for r in items.itertuples()
        )
        return _html(f"<ol class='liulin-attention'>{lines}</ol>")

    # -- tables --------------------------------------------------------------------------------------
    def status_counts(self, by: str = "kind") -> Any:
        """Counts per status by 'kind', 'domain' or 'task' (the plan's major tasks), as an HTML table."""
        from .summaries import status_counts

        return _html(status_counts(self.shown, by=by, plan=self.plan).to_html())

    def table(
        self, indicator_ids: Sequence[str] | None = None, kind: str = "numeric", title: str | None = None
    ) -> Any:
        """A phone-readable status table of the shown rows (notes escaped)."""
        from .widgets import STATUS_TABLE_COLUMNS, status_table_html

        columns = MILESTONE_COLUMNS if kind == "milestone" else STATUS_TABLE_COLUMNS
        caption = f"{title}（截至{self.as_of}）" if title else None
        return _html(status_table_html(self.rows(indicator_ids, kind), title=caption, columns=columns))

    def pace_profiles(self, indicator_ids: Sequence[str] | None = None) -> Any:
        """Which expected-pace profile each numeric indicator follows, and the share due by now."""
        rows = self.rows(indicator_ids, "numeric").merge(
            self.targets[["indicator_id", "profile"]], on="indicator_id", how="left"
        )
        rows = rows.assign(
            profile_label=rows["profile"].map({k: p.label for k, p in self.profiles.items()}),
            expected=rows["expected"].map(lambda v: "" if v != v else f"{v:.0%}"),
        )
        table = rows[list(PROFILE_HEADERS)].rename(columns=PROFILE_HEADERS)
        return _html(table.to_html(index=False, na_rep="—"))

    def history_table(self, indicator_ids: Sequence[str]) -> Any:
        """Published figures for these indicators, with source and grade (context, not this year's actuals)."""
        from ..history import load_history

        history = load_history(plan=self.plan)
        rows = history[history["indicator_id"].isin(list(indicator_ids))]
        if rows.empty:
            return _html("<p>本计划没有这些指标的已公布历史数据。</p>")
        return _html(rows[list(HISTORY_HEADERS)].rename(columns=HISTORY_HEADERS).to_html(index=False))

    # -- charts --------------------------------------------------------------------------------------
    def _series(self, indicator_id: str) -> pd.DataFrame:
        from ..engine import ytd_series

        return ytd_series(
            self.actuals, indicator_id, self.targets, year=self.plan.year, profiles=self.profiles
        )

    def ytd_chart(self, indicator_id: str, title: str | None = None) -> Any:
        """Cumulative actual vs the annual target, with the expected-pace path, band and year-end projection."""
        if not self.has(indicator_id):
            return self._absent([indicator_id])
        series = self._series(indicator_id)
        fig, ax = new_figure(figsize=TIME_CHART_FIGSIZE, margins={**FIXED_MARGINS, "right": 0.96})
        plot_ytd_vs_target(
            ax,
            series,
            series["target"].iloc[0],
            unit=self.unit(indicator_id),
            title=title or self.name(indicator_id),
            as_of=self.as_of,
            sample=self.is_sample,
            level=self.targets.set_index("indicator_id").at[indicator_id, "basis"] == "level",
        )
        return _png(fig)

    def monthly_chart(self, indicator_id: str, title: str | None = None) -> Any:
        """Monthly values with year-on-year growth on a second axis."""
        if not self.has(indicator_id):
            return self._absent([indicator_id])
        series = self._series(indicator_id)
        fig, ax = new_figure(figsize=TIME_CHART_FIGSIZE, margins=FIXED_MARGINS)
        plot_monthly_with_yoy(
            ax,
            series,
            self.unit(indicator_id),
            title=title or self.name(indicator_id),
            as_of=self.as_of,
            yoy=yoy_by_month(self.actuals, indicator_id),
            sample=self.is_sample,
        )
        return _png(fig)

    def status_chart(self) -> Any:
        """How many of the shown rows have each status."""
        fig, ax = new_figure(figsize=(8, 3.4))
        plot_status_counts(ax, self.shown, as_of=self.as_of, sample=self.is_sample)
        return _png(fig)

    def bullets(self, indicator_ids: Sequence[str] | None = None) -> Any:
        """Completion of each numeric target against the share expected by now."""
        rows = bullet_rows(self.rows(indicator_ids))
        fig, ax = new_figure(figsize=bullet_figsize(len(rows)))
        plot_completion_bullets(ax, rows, as_of=self.as_of, sample=self.is_sample)
        return _png(fig)

    def milestone_chart(self) -> Any:
        """The milestones of the shown rows on the plan year's time line, marked by status, deadlines ticked."""
        board = milestone_frame(self.shown, self.targets)
        fig, ax = new_figure(figsize=bullet_figsize(len(board) + 3))  # the legend sits below the axes
        plot_milestone_timeline(ax, board, self.as_of, year=self.plan.year, sample=self.is_sample)
        return _png(fig)

    def history_chart(self, titles: dict[str, str]) -> Any:
        """Published figures as context, one panel per indicator (``{indicator_id: title}``)."""
        from ..history import load_history

        history = load_history(plan=self.plan)
        fig, axes = new_figure(len(titles), 1, figsize=(8, 3.6 * len(titles)))
        axes = axes if len(titles) > 1 else [axes]
        for ax, (indicator_id, title) in zip(axes, titles.items(), strict=True):
            plot_history(ax, history, indicator=indicator_id, title=title, as_of=self.as_of)
        return _png(fig)

    # -- interactive ---------------------------------------------------------------------------------
    def explorer(self, indicator_ids: Sequence[str], interactive: bool) -> Any:
        """The indicator explorer: live widgets in JupyterLab, the default chart alone in a headless run.

        With ``interactive=False`` (briefings) no widget is created at all, so the rendered HTML has no
        widget placeholder and the executed notebook carries no widget state.
        """
        from .widgets import EXPLORER_FIGSIZE, IndicatorExplorer, draw_indicator, indicator_data

        indicator_ids = [i for i in indicator_ids if self.has(i)]
        if not indicator_ids:
            return _html("<p>本计划的目标目录中没有可浏览的指标。</p>")
        if interactive:
            return IndicatorExplorer(
                self.actuals, self.targets, indicator_ids=indicator_ids, as_of=self.as_of, plan=self.plan
            )
        row = self.targets.set_index("indicator_id").loc[indicator_ids[0]].to_dict()
        row["indicator_id"] = indicator_ids[0]
        data = indicator_data(self.actuals, row, self.plan.year, self.targets, self.profiles)
        fig, _ = new_figure(figsize=EXPLORER_FIGSIZE, margins=FIXED_MARGINS)
        draw_indicator(fig, data, as_of=self.as_of, basis="ytd")
        return _png(fig)
