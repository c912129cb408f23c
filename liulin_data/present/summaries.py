"""What a reader sees of a progress table: the attention sentences, the terminal table, the status counts.

Presentation only: every function takes a :func:`liulin_data.engine.progress` frame and words it in plain
Chinese (no developer words, no fractional counts of things).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..periods import parse_month
from ..plan import Plan
from ..sample import SAMPLE_SOURCE
from ..statuses import ATTENTION_STATUSES, NO_DATA, OVERDUE, STALE, STATUS_LABELS, STATUS_ORDER, STATUS_RANK
from ..tables import fmt_number, format_table
from ..units import count_step

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def _pct(share: float) -> str:
    return "—" if share != share else f"{share * 100:.1f}%"


def _amount(value: float, unit: str) -> str:
    """A number for a reader: counts of things (座, 个, 头 …) whole, other amounts with up to 2 decimals."""
    step = count_step(unit) if unit else None
    return fmt_number(value, 0 if step is not None and step >= 1 else 2)


def _latest_text(r: dict) -> str:
    """What the latest figure says: 累计完成1个 / 最新为97.9% / 同比增长8.9%."""
    unit = r["unit"] or ""
    if r["kind"] == "growth":
        return f"同比增长{fmt_number(r['actual'], 1)}%"
    if r.get("_basis") == "level" or r["kind"] == "ratio":
        return f"最新为{_amount(r['actual'], unit)}{unit}"
    return f"累计完成{_amount(r['actual'], unit)}{unit}"


def _target_text(r: dict) -> str:
    unit = r["unit"] or ""
    return (
        f"目标{_amount(r['target'], unit)}{unit}"
        if r["kind"] != "growth"
        else f"目标增长{fmt_number(r['target'], 1)}%"
    )


def _sentence(r: dict) -> str:
    """One plain-Chinese sentence about a row that needs attention."""
    name, status = r["indicator"], r["status"]
    milestone = r["kind"] == "milestone"
    if status == OVERDUE and (milestone or r["actual"] != r["actual"]):
        return f"{name}：{r['note'] or '已过截止时间仍未完成'}。"
    if status == OVERDUE:
        first = r["note"].split("；")[0] if r["note"] else "已过截止时间仍未完成"
        return f"{name}：{first}，{_latest_text(r)}，{_target_text(r)}。"
    if status == NO_DATA and milestone:
        return f"{name}：截至{r['as_of']}，里程碑台账中还没有这一事项的进展记录。"
    if status == NO_DATA:
        return f"{name}：按时序进度应完成全年目标的{_pct(r['expected'])}，但截至{r['as_of']}尚无数据报送。"
    if status == STALE:
        since = parse_month(r["latest_period"]).label
        return (
            f"{name}：最新数据截至{since}（{_latest_text(r)}，{_target_text(r)}），"
            f"此后未按期报送，无法判断当前进度，请核实并报送最新数据。"
        )
    return _pace_sentence(r)


def _pace_sentence(r: dict) -> str:
    """A row short of (or, for a limit, ahead of) its pace: where it stands, the pace, the projection."""
    name, unit = r["indicator"], r["unit"] or ""
    actual, target, completion = r["actual"], r["target"], r["completion"]
    if r["kind"] == "growth":
        return (
            f"{name}同比增长{fmt_number(actual, 1)}%，目标增长{fmt_number(target, 1)}%，"
            f"为目标增速的{_pct(completion)}，需加快。"
        )
    if r["kind"] == "ratio":
        return (
            f"{name}为{_amount(actual, unit)}{unit}，目标{_amount(target, unit)}{unit}，完成目标的{_pct(completion)}，"
            f"低于时序进度{_pct(r['expected'])}。"
        )
    level = r.get("_basis") == "level"
    lead = f"{name}{_latest_text(r)}"
    projected = r["projected"]
    if r.get("_comparator") == "<=":
        return (
            f"{lead}，已达全年上限的{_pct(completion)}，高于时序进度{_pct(r['expected'])}，"
            f"预计全年{_amount(projected, unit)}{unit}，超出上限{_amount(projected - target, unit)}{unit}。"
        )
    text = f"{lead}，完成全年目标的{_pct(completion)}，低于时序进度{_pct(r['expected'])}"
    if projected == projected and not level:
        text += f"，预计全年{_amount(projected, unit)}{unit}"
        if target - projected > 0:
            text += f"，缺口{_amount(target - projected, unit)}{unit}"
    elif level and target - actual > 0:
        text += f"，差距{_amount(target - actual, unit)}{unit}"
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
        The catalog, to word level and ``<=`` rows correctly; default: the plan's catalog when
        ``progress_df`` lacks ``basis``/``comparator`` columns (they are looked up by ``indicator_id``).
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
    extra = {"basis": "_basis", "comparator": "_comparator"}
    if not all(c in rows for c in extra):
        if targets is None:
            from ..catalog import load_targets

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


def format_progress(table: pd.DataFrame) -> str:
    """Render a :func:`liulin_data.engine.progress` frame as a fixed-width terminal table (``liulin progress``)."""
    import pandas as pd

    def number(value: float, unit: str | None) -> str:
        step = count_step(unit) if isinstance(unit, str) and unit else None
        if pd.isna(value):
            return ""
        if abs(value) >= 1000 or (step is not None and step >= 1):
            return f"{value:,.0f}"  # counts of things are whole (the engine floors them)
        return f"{value:.1f}".removesuffix(".0") if abs(value) >= 10 else f"{value:.3g}"

    def share(value: float, kind: str) -> str:
        return "" if pd.isna(value) or kind == "milestone" else f"{value:.1%}"

    header = ("指标", "单位", "目标", "实际", "完成率", "时序进度", "预计全年", "状态")
    rows = [
        (
            row.indicator,
            row.unit or "",
            number(row.target, row.unit),
            number(row.actual, row.unit),
            share(row.completion, row.kind),
            share(row.expected, row.kind),
            number(row.projected, row.unit),
            STATUS_LABELS.get(row.status, row.status),
        )
        for row in table.itertuples()
    ]
    sample = bool(table["is_sample"].any()) if "is_sample" in table else False
    footer = f"截至 {table['as_of'].iloc[0]}，共 {len(table)} 项" if len(table) else "无数据"
    if sample:
        footer += f"。{SAMPLE_SOURCE}"
    return format_table(header, rows) + "\n" + footer


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

    from ..catalog import DOMAIN_LABELS, load_tasks

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
