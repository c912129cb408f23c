"""Statuses: the codes the progress engine gives, their Chinese labels, colours and order of severity.

The one place that names a status. The engine, charts, tables, briefings and the archive all read from here.
"""

from __future__ import annotations

# --- statuses of numeric rows --------------------------------------------------------------------
ACHIEVED = "achieved"  # the annual target is met
ON_TRACK = "on_track"  # at or within ON_TRACK_TOLERANCE of the expected pace
AT_RISK = "at_risk"  # between ON_TRACK_TOLERANCE and AT_RISK_TOLERANCE short of the pace
BEHIND = "behind"  # more than AT_RISK_TOLERANCE short of the pace
NO_DATA = "no_data"  # something is due but nothing has been reported
NOT_DUE = "not_due"  # nothing due yet and nothing reported
NO_TARGET = "no_target"  # context indicator without a target: shown, not judged

# --- statuses of milestones ----------------------------------------------------------------------
NOT_STARTED = "not_started"  # logged as not started (no log entry at all: NO_DATA)
IN_PROGRESS = "in_progress"  # logged as in progress
DONE = "done"  # logged as done
OVERDUE = "overdue"  # not done and as_of is past the deadline month

# Chinese label of every status (ACHIEVED and DONE both read 已完成)
STATUS_LABELS: dict[str, str] = {
    ACHIEVED: "已完成",
    ON_TRACK: "进度正常",
    AT_RISK: "有风险",
    BEHIND: "滞后",
    NO_DATA: "无数据",
    NOT_DUE: "未到期",
    NO_TARGET: "无目标",
    NOT_STARTED: "未开工",
    IN_PROGRESS: "推进中",
    DONE: "已完成",
    OVERDUE: "已逾期",
}

# statuses from most to least severe: sort order of tables and of the "needs attention" list
STATUS_ORDER: tuple[str, ...] = (
    OVERDUE,
    BEHIND,
    AT_RISK,
    NO_DATA,
    NOT_STARTED,
    IN_PROGRESS,
    NOT_DUE,
    NO_TARGET,
    ON_TRACK,
    DONE,
    ACHIEVED,
)
# status -> rank in STATUS_ORDER (0 = most severe)
STATUS_RANK: dict[str, int] = {s: i for i, s in enumerate(STATUS_ORDER)}

# status -> colour of charts, badges and cards: red for trouble, amber for risk, greys and muted hues for the
# unknown and the undecided, blue for on track, green for done. Every colour stands out on white (contrast with
# white at least 1.8:1, tested) and no two labels share one, so a bar segment or legend swatch never vanishes.
STATUS_COLORS: dict[str, str] = {
    OVERDUE: "#b2182b",
    BEHIND: "#d6604d",
    AT_RISK: "#f4a582",
    NO_DATA: "#8c8c8c",
    NOT_STARTED: "#c2a5cf",
    IN_PROGRESS: "#92c5de",
    NOT_DUE: "#bdbdbd",
    NO_TARGET: "#c9b27c",
    ON_TRACK: "#4393c3",
    DONE: "#1a9850",
    ACHIEVED: "#1a9850",
}

# statuses listed by attention(): trouble, most severe first
ATTENTION_STATUSES: tuple[str, ...] = (OVERDUE, BEHIND, AT_RISK, NO_DATA)
