"""What a reader sees of a progress table: the attention sentences, the terminal table, the status counts.

Presentation only: every function takes a :func:`liulin_data.engine.progress` frame and words it in plain
Chinese (no developer words, no fractional counts of things).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.numbers import display_unit, fmt_amount, fmt_number, fmt_percent, is_count_unit
from ..core.periods import parse_month
from ..core.statuses import (
    ATTENTION_STATUSES,
    NO_DATA,
    NO_TARGET,
    OVERDUE,
    STALE,
    STATUS_LABELS,
    STATUS_ORDER,
    STATUS_RANK,
)
from ..core.tables import format_table
from ..plan.catalog import DOMAIN_LABELS, load_targets, load_tasks
from ..plan.folder import Plan
from ..plan.sample import SAMPLE_SOURCE
from .blocks import common_notes, is_blank

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# what the attention list holds, said where it is introduced (notebooks, the page's empty list)
ATTENTION_INTRO = "已逾期、滞后、有风险、数据滞后（未按期报送）和无数据（应报未报）的事项，按严重程度排列。"
ATTENTION_EMPTY = "本期没有已逾期、滞后、有风险、数据滞后或应报未报的事项。"
# the profile of a project portfolio (谋划实施…124个重点项目): the whole plan is due every month
PORTFOLIO_PROFILE = "portfolio"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _shares(*values: float) -> list[str]:
    """Shares as whole percents (68%), one decimal where whole percents would blur the point: a share under 1
    that would read 100%, or two different shares that would read the same (75% vs 75%)."""
    for digits in (0, 1):
        texts = [fmt_percent(v, digits) for v in values]
        under = any(not _blank(v) and v < 1 and t == "100%" for v, t in zip(values, texts, strict=True))
        blurred = len({t for t in texts}) < len({round(v, 6) for v in values if not _blank(v)})
        if not (under or blurred):
            return texts
    return [fmt_percent(v, 1) for v in values]


def _growth(value: float) -> str:
    """同比增长8.9% / 同比下降2.1%."""
    return f"同比增长{fmt_number(value, 1)}%" if value >= 0 else f"同比下降{fmt_number(-value, 1)}%"


class _Words:
    """The numbers of one progress row in words: one display unit for the whole sentence (万元 → 亿元 when
    large), counts of things whole (:func:`liulin_data.core.units.is_count`), months as YYYY年10月."""

    def __init__(self, r: dict) -> None:
        self.r = r
        self.name = str(r["indicator"])
        self.unit = "" if _blank(r.get("unit")) else str(r["unit"])
        self.kind = str(r.get("kind"))
        self.level = r.get("_basis") == "level" or self.kind == "ratio"
        self.portfolio = r.get("_profile") == PORTFOLIO_PROFILE
        self.count = is_count_unit(self.unit)
        values = [r.get(k) for k in ("target", "target_high", "actual", "projected")]
        self.shown, self.scale = display_unit(self.unit, [v for v in values if not _blank(v)])
        self.as_of = parse_month(r["as_of"]).label

    def amount(self, value: float) -> str:
        """``2,710万吨``, ``12.1亿元``, ``2座`` (in the sentence's one unit)."""
        return fmt_amount(value, self.unit, shown_in=self.shown)

    def difference(self, value: float) -> str:
        """A gap: 4个百分点 between two rates in %, else an amount."""
        if self.unit == "%":
            return f"{fmt_number(value)}个百分点"
        return self.amount(value)

    def latest(self) -> str:
        """What the latest figure says: 累计完成1个 / 为97.9% / 在实施96个 / 同比增长8.9%."""
        actual = self.r["actual"]
        if self.kind == "growth":
            return _growth(actual)
        if self.portfolio:
            return f"在实施{self.amount(actual)}"
        if self.level:
            return f"为{self.amount(actual)}"
        return f"累计完成{self.amount(actual)}"

    def target(self) -> str:
        """目标35% / 目标3–5户 / 全年计划124个 / 目标增长10%."""
        r = self.r
        if self.kind == "growth":
            word = "增长" if r["target"] >= 0 else "下降"
            return f"目标{word}{fmt_number(abs(r['target']), 1)}%"
        if self.portfolio:
            return f"全年计划{self.amount(r['target'])}"
        if not _blank(r.get("target_high")):
            low = fmt_number(float(r["target"]) * self.scale, unit=self.shown)
            return f"目标{low}–{self.amount(r['target_high'])}"
        return f"目标{self.amount(r['target'])}"

    def due(self) -> float:
        """What is due by now: the target times the expected share (the engine's whole things for counts)."""
        return float(self.r["target"]) * float(self.r["expected"])


def _sentence(r: dict) -> str:
    """One plain-Chinese sentence about a row that needs attention, starting with its name and '：'."""
    w = _Words(r)
    status, note = r["status"], str(r.get("note") or "")
    if w.kind == "milestone":
        if status == NO_DATA:
            return f"{w.name}：截至{w.as_of}尚无进展记录。"
        return f"{w.name}：{note or '已过截止时间仍未完成'}。"
    if status == OVERDUE and _blank(r["actual"]):
        return f"{w.name}：{note or '已过截止时间仍未报送完成情况'}。"
    if status == OVERDUE:
        first = note.split("；")[0] if note else "已过截止时间仍未完成"
        since = parse_month(r["latest_period"]).label
        return f"{w.name}：{first}，{since}{w.latest()}，{w.target()}。"
    if status == NO_DATA:
        return _no_data_sentence(w)
    if status == STALE:
        since = parse_month(r["latest_period"]).label
        return f"{w.name}：数据只报到{since}（当时{w.latest()}，{w.target()}），之后未按期报送，无法判断当前进度。"
    return _pace_sentence(w)


def _no_data_sentence(w: _Words) -> str:
    """Nothing reported although something is due."""
    expected = w.r["expected"]
    if w.kind == "growth" or _blank(expected) or expected >= 1:
        return f"{w.name}：{w.target()}，截至{w.as_of}尚未报送数据。"
    verb = "达到" if w.level else "完成"
    return f"{w.name}：按时序进度此时应{verb}{w.amount(w.due())}（全年{w.target()}），截至{w.as_of}尚未报送数据。"


def _pace_sentence(w: _Words) -> str:
    """A row short of (or, for a limit, ahead of) its pace: where it stands, the pace, the projection."""
    r = w.r
    actual, target, expected, projected = r["actual"], r["target"], r["expected"], r["projected"]
    if w.kind == "growth":
        return f"{w.name}：{_growth(actual)}，低于目标增速{fmt_number(target, 1)}%，需加快。"
    completion, pace = _shares(r["completion"], expected)
    if r.get("_comparator") == "<=":
        text = f"{w.name}：{w.latest()}，已达全年上限{w.amount(target)}的{completion}，高于时序进度{pace}"
        if not _blank(projected) and projected > target:
            text += f"；预计全年{w.amount(projected)}，超出上限{w.amount(projected - target)}"
        return text + "。"
    if w.portfolio:
        text = f"{w.name}：{w.latest()}，为{w.target()}的{completion}"
        return text + (f"，还差{w.difference(target - actual)}。" if target > actual else "。")
    if w.level:
        if _blank(expected) or expected >= 1:
            return f"{w.name}：最新{w.latest()}，{w.target()}，还差{w.difference(target - actual)}。"
        return f"{w.name}：最新{w.latest()}，按时序进度此时应达到{w.amount(w.due())}（全年{w.target()}）。"
    if w.count:
        text = f"{w.name}：{w.latest()}，按时序进度此时应完成{w.amount(w.due())}（全年{w.target()}）"
    else:
        text = f"{w.name}：{w.latest()}，完成全年目标的{completion}，低于时序进度{pace}"
    if not _blank(projected):
        text += f"；预计全年{w.amount(projected)}"
        if target > projected and w.amount(target - projected) != w.amount(0):
            text += f"，缺口{w.amount(target - projected)}"
    return text + "。"


def attention(
    progress_df: pd.DataFrame,
    limit: int = 8,
    targets: pd.DataFrame | None = None,
    plan: Plan | str | None = None,
) -> pd.DataFrame:
    """The items that need attention: overdue, behind, at risk, stale data, no data where data was expected.

    Parameters
    ----------
    progress_df : DataFrame
        The frame :func:`liulin_data.engine.progress` returns.
    limit : int
        At most this many items (most severe first).
    targets : DataFrame, optional
        The catalog, to word level, portfolio and ``<=`` rows correctly; default: the plan's catalog when
        ``progress_df`` lacks ``basis``/``comparator``/``profile`` columns (looked up by ``indicator_id``).
    plan : Plan, name or folder, optional
        The plan whose catalog fills in ``targets`` (default: the default plan).

    Returns
    -------
    DataFrame
        ``indicator_id, indicator, task, status, label, severity, pace_gap, sentence``, sorted by severity
        (status rank, then the largest shortfall against pace first).
    """
    import pandas as pd

    columns = ["indicator_id", "indicator", "task", "status", "label", "severity", "pace_gap", "sentence"]
    rows = progress_df[progress_df["status"].isin(ATTENTION_STATUSES)].copy()
    if rows.empty:
        return pd.DataFrame(columns=columns)
    extra = {"basis": "_basis", "comparator": "_comparator", "profile": "_profile"}
    if not all(c in rows for c in extra):
        if targets is None:
            targets = load_targets(plan=plan)
        lookup = targets.drop_duplicates("indicator_id").set_index("indicator_id")
        for col in extra:
            if col not in rows:
                rows[col] = rows["indicator_id"].map(lookup[col]) if col in lookup else None
    rows = rows.rename(columns=extra)
    rows["severity"] = rows["status"].map(STATUS_RANK)
    rows["_gap"] = rows["pace_gap"].fillna(0.0)
    rows.loc[rows["_comparator"] == "<=", "_gap"] *= -1
    rows = rows.sort_values(["severity", "_gap"], kind="stable").head(limit)
    rows["label"] = rows["status"].map(STATUS_LABELS)
    rows["sentence"] = [_sentence(r) for r in rows.to_dict("records")]
    return rows[columns].reset_index(drop=True)


# columns of `liulin progress` (the terminal table)
PROGRESS_TABLE_HEADER = ("指标", "单位", "目标", "实际", "完成率", "时序进度", "预计全年", "状态", "说明")
# widest each column of the terminal table may be (terminal columns: a Chinese character takes two); longer
# cells are cut with …. The note column holds a milestone's deadline and latest log entry whole.
PROGRESS_TABLE_WIDTHS = (36, 8, 14, 14, 8, 8, 14, 8, 56)


def _table_row(row: dict, shared: list[str]) -> tuple[str, ...]:
    """One line of :func:`format_progress`: numbers in the row's one display unit, shares as whole percents."""

    label = STATUS_LABELS.get(row["status"], row["status"])
    note = "；".join(
        p for p in str(row.get("note") or "").split("；") if p.strip() and p.strip() not in shared
    )
    if row["kind"] == "milestone":
        return (row["indicator"], "", "", "", "", "", "", label, note)
    unit = "" if is_blank(row.get("unit")) else str(row["unit"])
    values = [row.get(k) for k in ("target", "target_high", "actual", "projected")]
    shown, scale = display_unit(unit, [v for v in values if not is_blank(v)])

    def number(value: object) -> str:
        return "—" if is_blank(value) else fmt_number(float(value) * scale, unit=shown)  # type: ignore[arg-type]

    target = number(row["target"])
    if not is_blank(row.get("target_high")):
        target += f"–{number(row['target_high'])}"
    judged = row["status"] != NO_TARGET
    completion, pace = _shares(row["completion"], row["expected"]) if judged else ("—", "—")
    return (row["indicator"], shown, target, number(row["actual"]), completion, pace, number(row["projected"]),
            label, note)  # fmt: skip


def format_progress(table: pd.DataFrame) -> str:
    """Render a :func:`liulin_data.engine.progress` frame as a fixed-width terminal table (``liulin progress``).

    Numbers go through the one formatter (counts of things whole, 万元 in 亿元 when large: the 单位 column
    says which), shares are whole percents, a missing number reads —; a note most rows share (1—2月合并发布)
    is said once under the table; the month reads YYYY年10月.
    """

    records = table.to_dict("records")
    shared = common_notes([r.get("note") or "" for r in records])
    rows = [_table_row(r, shared) for r in records]
    if not len(table):
        return format_table(PROGRESS_TABLE_HEADER, rows) + "\n无数据"
    lines = [f"截至{parse_month(table['as_of'].iloc[0]).label}，共 {len(table)} 项。"]
    for part in shared:
        n = sum(part in str(r.get("note") or "").split("；") for r in records)
        lines.append(f"说明（{n} 项）：{part}。")
    if "is_sample" in table and bool(table["is_sample"].any()):
        lines.append(f"{SAMPLE_SOURCE}。")
    return (
        format_table(PROGRESS_TABLE_HEADER, rows, max_width=PROGRESS_TABLE_WIDTHS) + "\n" + "\n".join(lines)
    )


# row groups of status_counts(by="kind")
KIND_GROUP_LABELS = {False: "数值指标", True: "里程碑事项"}
# the row of status_counts(by="task") for rows without a task (a plan whose report lists none)
NO_TASK_LABEL = "未归入大事要事"


def status_counts(
    progress_df: pd.DataFrame, by: str = "kind", plan: Plan | str | None = None
) -> pd.DataFrame:
    """How many rows have each status, per group: a table with Chinese headers and a 合计 row and column.

    Parameters
    ----------
    progress_df : DataFrame
        A :func:`liulin_data.engine.progress` frame (or a filtered part of it).
    by : {'kind', 'domain', 'task'}
        Rows of the table: numeric targets vs milestones, the catalog's domains (Chinese names), or the
        plan's major tasks (in the report's order; Liulin: 15件大事要事).
    plan : Plan, name or folder, optional
        The plan whose tasks are listed with ``by='task'`` (default: the default plan).

    Returns
    -------
    DataFrame
        Index: the groups; columns: the status labels in :data:`STATUS_ORDER` order (only those present), 合计.
    """
    import pandas as pd

    if by == "kind":
        groups, name = progress_df["kind"].eq("milestone").map(KIND_GROUP_LABELS), "类别"
        order = list(KIND_GROUP_LABELS.values())
    elif by == "domain":
        groups, name = progress_df["domain"].map(DOMAIN_LABELS), "领域"
        order = list(DOMAIN_LABELS.values())
    elif by == "task":
        groups, name = progress_df["task"].fillna("").replace("", NO_TASK_LABEL), "大事要事"
        order = list(load_tasks(plan=plan)["task"])
        order += [NO_TASK_LABEL] if (groups == NO_TASK_LABEL).any() else []
    else:
        raise ValueError(f"by 应为 'kind'、'domain' 或 'task'，收到 {by!r}")
    table = pd.crosstab(groups.rename(name), progress_df["status"].rename("状态"))
    # every task is listed (some set no numeric target or milestone); domains and kinds only if present
    index = order if by == "task" else [g for g in order if g in table.index]
    table = table.reindex(index=index, fill_value=0)
    table = table[[s for s in STATUS_ORDER if s in table.columns]]
    # achieved (numeric) and done (milestone) share the label 已完成: one column
    table = table.T.groupby([STATUS_LABELS[s] for s in table.columns], sort=False).sum().T
    table["合计"] = table.sum(axis=1)
    table.loc["合计"] = table.sum(axis=0)
    table.columns.name = "状态"
    return table.astype(int)  # counts of things: whole numbers, also for an empty table
