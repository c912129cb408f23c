"""Statuses: the codes the progress engine gives, their Chinese labels, colours and order of severity; and the
stages of a milestone with what "done" means for each kind of milestone.

The one place that names a status or a milestone stage. The engine, the milestone-log loader, charts, tables,
briefings and the archive all read from here.

Milestone stages, in order (a later stage includes every earlier one)::

    未开工 < 推进中 < 已开工 < 已完工/已竣工 < 已验收 < 已通车 / 已投用（投运、运营）

A milestone's type (the catalog's ``milestone_type``) names the stage that completes it: ``start`` 开工,
``complete`` 完工/竣工/封顶, ``accept`` 验收, ``open`` 通车, ``operate`` 投用/投运/运营. A stage at or after
that one is done (已投运 completes a 开工 milestone); an earlier stage from 推进中 on is in progress.
推进中 is work under way without a named stage: for a 开工 milestone, preparation (前期手续), not the start.
The two top stages are alternatives of one rank: 已通车 (roads, bridges) and 已投用 (buildings, plants).
"""

from __future__ import annotations

# --- statuses of numeric rows --------------------------------------------------------------------
ACHIEVED = "achieved"  # the annual target is met
ON_TRACK = "on_track"  # at or within ON_TRACK_TOLERANCE of the expected pace
AT_RISK = "at_risk"  # between ON_TRACK_TOLERANCE and AT_RISK_TOLERANCE short of the pace
BEHIND = "behind"  # more than AT_RISK_TOLERANCE short of the pace
STALE = "stale"  # the latest value is older than the indicator's release lag allows: pace unknown
NO_DATA = "no_data"  # something is due but nothing has been reported
NOT_DUE = "not_due"  # nothing due yet and nothing reported
NO_TARGET = "no_target"  # context indicator without a target: shown, not judged
PENDING_YEAR = (
    "pending_year"  # December before December's figures are due, nothing says otherwise: 待全年数据
)
SHORTFALL = "shortfall"  # short for good before the deadline: a season over, an announcement made
BREACHED = "breached"  # a cap broken: a flow's at once, a rate's or level's on its final figure
WITHIN_CAP = "within_cap"  # a cap not broken (a cap has no pace and no 完成)

# --- statuses of milestones ----------------------------------------------------------------------
NOT_STARTED = "not_started"  # logged as not started (no log entry at all: NO_DATA)
IN_PROGRESS = "in_progress"  # logged at a stage before the one that completes the milestone
DONE = "done"  # logged at the milestone's own stage or a later one
OVERDUE = "overdue"  # not done (not met) once as_of reaches the deadline month (numeric rows too)

# Chinese label of every status (ACHIEVED and DONE both read 已完成)
STATUS_LABELS: dict[str, str] = {
    ACHIEVED: "已完成",
    ON_TRACK: "进度正常",
    AT_RISK: "有风险",
    BEHIND: "滞后",
    STALE: "数据滞后",
    NO_DATA: "无数据",
    NOT_DUE: "未到期",
    NO_TARGET: "无目标",
    PENDING_YEAR: "待全年数据",
    SHORTFALL: "未达标",
    BREACHED: "已超限",
    WITHIN_CAP: "未超限",
    NOT_STARTED: "未开工",
    IN_PROGRESS: "推进中",
    DONE: "已完成",
    OVERDUE: "已逾期",
}

# statuses from most to least severe: sort order of tables and of the "needs attention" list
STATUS_ORDER: tuple[str, ...] = (
    OVERDUE,
    BREACHED,
    SHORTFALL,
    BEHIND,
    AT_RISK,
    STALE,
    NO_DATA,
    NOT_STARTED,
    IN_PROGRESS,
    PENDING_YEAR,
    NOT_DUE,
    NO_TARGET,
    ON_TRACK,
    WITHIN_CAP,
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
    BREACHED: "#67001f",  # a broken cap: the darkest red
    SHORTFALL: "#8c510a",  # short for good: brown
    BEHIND: "#d6604d",
    AT_RISK: "#f4a582",
    NO_DATA: "#8c8c8c",
    NOT_STARTED: "#c2a5cf",
    STALE: "#9b7bc0",  # stale data: purple, apart from every other label
    IN_PROGRESS: "#92c5de",
    NOT_DUE: "#bdbdbd",
    NO_TARGET: "#c9b27c",
    PENDING_YEAR: "#35978f",  # waiting for the year's figure: teal
    WITHIN_CAP: "#7fbc41",  # within a cap: a green apart from 已完成
    ON_TRACK: "#4393c3",
    DONE: "#1a9850",
    ACHIEVED: "#1a9850",
}

# statuses listed by attention(): trouble, most severe first
ATTENTION_STATUSES: tuple[str, ...] = (OVERDUE, BREACHED, SHORTFALL, BEHIND, AT_RISK, STALE, NO_DATA)

# --- milestone stages ----------------------------------------------------------------------------
STAGE_NOT_STARTED = "not_started"  # 未开工, 前期
STAGE_UNDERWAY = "underway"  # 推进中: work under way, no named stage reached
STAGE_STARTED = "started"  # 已开工, 在建
STAGE_COMPLETED = "completed"  # 已完工, 已竣工, 主体完工, 封顶, 已建成
STAGE_ACCEPTED = "accepted"  # 已验收, 通过验收, 竣工验收
STAGE_OPENED = "opened"  # 已通车
STAGE_OPERATING = "operating"  # 已投用, 已投运, 投入运营
STAGE_OWN = "own"  # 已完成, 完成: the milestone's own stage, whatever its type (see reached_stage)

# stage -> rank (0 = not started); 已通车 and 已投用 share the top rank
STAGE_RANK: dict[str, int] = {
    STAGE_NOT_STARTED: 0,
    STAGE_UNDERWAY: 1,
    STAGE_STARTED: 2,
    STAGE_COMPLETED: 3,
    STAGE_ACCEPTED: 4,
    STAGE_OPENED: 5,
    STAGE_OPERATING: 5,
}
# stage -> what a reader sees
STAGE_LABELS: dict[str, str] = {
    STAGE_NOT_STARTED: "未开工",
    STAGE_UNDERWAY: "推进中",
    STAGE_STARTED: "已开工",
    STAGE_COMPLETED: "已完工",
    STAGE_ACCEPTED: "已验收",
    STAGE_OPENED: "已通车",
    STAGE_OPERATING: "已投用",
}

# milestone_type (targets.csv) -> the stage that completes the milestone
MILESTONE_DONE_STAGE: dict[str, str] = {
    "start": STAGE_STARTED,
    "complete": STAGE_COMPLETED,
    "accept": STAGE_ACCEPTED,
    "open": STAGE_OPENED,
    "operate": STAGE_OPERATING,
}
MILESTONE_TYPES: tuple[str, ...] = tuple(MILESTONE_DONE_STAGE)
# milestone_type -> what a reader calls it
MILESTONE_TYPE_LABELS: dict[str, str] = {
    "start": "开工",
    "complete": "完工/竣工",
    "accept": "验收",
    "open": "通车",
    "operate": "投用/投运",
}


def reached_stage(stage: str, milestone_type: str | None) -> str:
    """The stage a log word stands for: 已完成/完成 (:data:`STAGE_OWN`) is the milestone's own stage.

    已建成 is :data:`STAGE_COMPLETED` (built: done for 开工 and 完工 milestones, in progress for 验收, 通车
    and 投用 ones). Without a type, 已完成 stands for 已完工.
    """
    if stage != STAGE_OWN:
        return stage
    return MILESTONE_DONE_STAGE.get(milestone_type or "", STAGE_COMPLETED)


def stage_fits(stage: str, milestone_type: str | None) -> bool:
    """True when a log may report ``stage`` for a milestone of ``milestone_type``.

    Every stage fits, except that 已通车 does not fit a 投用 milestone (a hospital does not open to traffic)
    and 已投用 does not fit a 通车 milestone. Without a type every stage fits.
    """
    clash = {("open", STAGE_OPERATING), ("operate", STAGE_OPENED)}
    return (milestone_type, stage) not in clash


def milestone_status(stage: str, milestone_type: str | None) -> str:
    """NOT_STARTED, IN_PROGRESS or DONE of a milestone of ``milestone_type`` whose log reached ``stage``.

    Without a known type (a catalog that predates ``milestone_type``) a stage from 已完工 on is done.
    """
    rank = STAGE_RANK[stage]
    needed = STAGE_RANK[MILESTONE_DONE_STAGE.get(milestone_type or "", STAGE_COMPLETED)]
    if rank >= needed:
        return DONE
    return NOT_STARTED if rank == 0 else IN_PROGRESS
