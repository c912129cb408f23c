"""Charts for the notebooks and briefings (matplotlib only, Chinese labels), one module per chart.

``common`` (sizes, colours, the figure and its PNG, axes and titles, the 示例数据 stamp), ``layout`` (legends,
fixed margins, and the measures of a drawn chart: overlaps, text size on a phone), then one module per chart:
``target`` (one indicator against its target, as its measure reads), ``monthly`` (a flow month by month),
``bullets`` (completion of many amount targets), ``status`` (how many items have each status), ``milestones``
(the plan year's milestones), ``history`` (published figures of earlier years).

Typical use::

    from liulin_data.present import charts
    from liulin_data.present.series import reported
    from liulin_data.session import open_session

    session = open_session("YYYY-MM")
    row = session.catalog.set_index("indicator_id").loc["raw_coal_output"].to_dict()
    row["indicator_id"] = "raw_coal_output"
    fig, ax = charts.new_figure(figsize=charts.TIME_CHART_FIGSIZE, margins=charts.FIXED_MARGINS)
    charts.plot_target(ax, row, None, reported(session.actuals, row, session.plan.year), as_of="YYYY-MM")
"""

from .bullets import bullet_figsize, bullet_rows, plot_completion_bullets
from .common import (
    CHART_DPI,
    CHART_WIDTH_IN,
    DISPLAY_PX_PER_IN,
    FIXED_MARGINS,
    ROW_NAME_GID,
    SAMPLE_GID,
    SAMPLE_LABEL,
    STATUS_COLOURS,
    TIME_CHART_FIGSIZE,
    as_of_parts,
    chart_title,
    display_width_px,
    figure_png,
    history_periods,
    is_sample_frame,
    new_figure,
    period_words,
    sample_stamped,
    stamp_sample,
)
from .history import plot_history
from .layout import fit_time_chart, layout_problems, text_px_on_phone
from .milestones import milestone_frame, plot_milestone_timeline
from .monthly import DERIVED_MONTH, plot_monthly_with_yoy, yoy_by_month
from .status import plot_status_counts, status_count_rows, status_counts_figsize
from .target import DERIVED_CUMULATIVE, plot_target, plot_ytd_vs_target

__all__ = [
    "CHART_DPI",
    "CHART_WIDTH_IN",
    "DERIVED_CUMULATIVE",
    "DERIVED_MONTH",
    "DISPLAY_PX_PER_IN",
    "FIXED_MARGINS",
    "ROW_NAME_GID",
    "SAMPLE_GID",
    "SAMPLE_LABEL",
    "STATUS_COLOURS",
    "TIME_CHART_FIGSIZE",
    "as_of_parts",
    "bullet_figsize",
    "bullet_rows",
    "chart_title",
    "display_width_px",
    "figure_png",
    "fit_time_chart",
    "history_periods",
    "is_sample_frame",
    "layout_problems",
    "milestone_frame",
    "new_figure",
    "period_words",
    "plot_completion_bullets",
    "plot_history",
    "plot_milestone_timeline",
    "plot_monthly_with_yoy",
    "plot_status_counts",
    "plot_target",
    "plot_ytd_vs_target",
    "sample_stamped",
    "stamp_sample",
    "status_count_rows",
    "status_counts_figsize",
    "text_px_on_phone",
    "yoy_by_month",
]
