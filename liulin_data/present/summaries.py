"""What a reader sees of a progress table: one sentence per row, the attention list, the terminal table, the
status counts.

Presentation only: every function takes a :func:`liulin_data.engine.progress` frame and words it in plain
Chinese (no developer words, no fractional counts of things). Each row is worded by its target model
(:mod:`liulin_data.core.measures`): a flow by its pace and what the remaining months need against the recent
months, a level or rate by its gap, a growth rate in 百分点, a cap by how far under or over it is, an
announcement by what was announced. In one sentence the amounts of one unit carry one precision and
target = projection + gap holds as printed (:func:`liulin_data.core.numbers.common_decimals`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import measures as m
from ..core.numbers import (
    common_decimals,
    display_unit,
    fmt_amount,
    fmt_fixed,
    fmt_number,
    fmt_percent,
    is_count_unit,
)
from ..core.periods import parse_month
from ..core.statuses import (
    ACHIEVED,
    AT_RISK,
    ATTENTION_STATUSES,
    BREACHED,
    NO_DATA,
    NO_TARGET,
    NOT_DUE,
    ON_TRACK,
    OVERDUE,
    PENDING_YEAR,
    SHORTFALL,
    STALE,
    STATUS_LABELS,
    STATUS_ORDER,
    STATUS_RANK,
)
from ..core.tables import format_table
from ..plan.catalog import DOMAIN_LABELS
from ..plan.folder import Plan
from ..plan.sample import SAMPLE_SOURCE
from ..session.doors import load_targets, load_tasks
from .blocks import common_notes
from .series import is_blank

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# what the attention list holds, said where it is introduced (notebooks, the page's empty list)
ATTENTION_INTRO = (
    "已逾期、已超限、未达标、滞后、有风险、数据滞后（未按期报送）和无数据（应报未报）的事项，按严重程度排列。"
)
ATTENTION_EMPTY = "本期没有已逾期、已超限、未达标、滞后、有风险、数据滞后或应报未报的事项。"
# the profile of a project portfolio (谋划实施…124个重点项目): the whole plan is due every month
PORTFOLIO_PROFILE = "portfolio"
# the catalog columns a sentence needs, looked up in the catalog when a progress frame lacks them
CATALOG_COLUMNS = ("basis", "comparator", "profile", *m.COLUMNS)


def _shares(*values: float) -> list[str]:
    """Shares as whole percents (68%), one decimal where whole percents would blur the point: a share under 1
    that would read 100%, or two different shares that would read the same (75% vs 75%)."""
    for digits in (0, 1):
        texts = [fmt_percent(v, digits) for v in values]
        under = any(not is_blank(v) and v < 1 and t == "100%" for v, t in zip(values, texts, strict=True))
        blurred = len({t for t in texts}) < len({round(v, 6) for v in values if not is_blank(v)})
        if not (under or blurred):
            return texts
    return [fmt_percent(v, 1) for v in values]


def _growth(value: float) -> str:
    """同比增长8.9% / 同比下降2.1%."""
    return f"同比增长{fmt_number(value, 1)}%" if value >= 0 else f"同比下降{fmt_number(-value, 1)}%"


def _points(value: float) -> str:
    return f"{fmt_number(abs(value), 1)}个百分点"


def model_of(r: dict) -> m.Model:
    """The row's target model: its own columns, else derived from its older ones (a hand-made frame)."""
    try:
        return m.resolve(r)
    except ValueError:
        return m.derive(r)


class _Words:
    """The numbers of one progress row in words: one display unit for the whole sentence (万元 → 亿元 when
    large) and one precision for its amounts, counts of things whole, months as YYYY年10月."""

    def __init__(self, r: dict) -> None:
        self.r = r
        self.name = str(r["indicator"])
        self.unit = "" if is_blank(r.get("unit")) else str(r["unit"])
        self.kind = str(r.get("kind"))
        self.model = model_of(r)
        self.measure = self.model.measure
        self.level = self.measure in (m.LEVEL, m.RATE)
        self.portfolio = r.get("portfolio") is True or r.get("profile") == PORTFOLIO_PROFILE
        self.count = is_count_unit(self.unit)
        values = [r.get(k) for k in ("target", "target_high", "actual", "projected")]
        self.shown, self.scale = display_unit(self.unit, [v for v in values if not is_blank(v)])
        said = (
            r.get("actual"),
            r.get("target"),
            r.get("projected"),
        )  # the engine rounds a projection as its actual
        reported = [float(v) * self.scale for v in said if not is_blank(v)]
        self.decimals = common_decimals(reported, unit=self.shown)
        self.as_of = parse_month(r["as_of"]).label

    def rounded(self, value: float) -> float:
        """A value in the sentence's unit, rounded to its precision (in the catalog unit again)."""
        return round(float(value) * self.scale, self.decimals) / self.scale

    def amount(self, value: float) -> str:
        """``2,710万吨``, ``12.1亿元``, ``2座``: in the sentence's one unit and one precision."""
        if self.unit == "%":
            return f"{fmt_fixed(value, self.decimals)}%"
        return f"{fmt_fixed(float(value) * self.scale, self.decimals, unit=self.shown)}{self.shown}"

    def quoted(self, value: float) -> str:
        """A target as the report writes it (3,600万吨, 329.9亿元)."""
        return fmt_amount(value, self.unit, shown_in=self.shown)

    def difference(self, value: float) -> str:
        """A gap: 4个百分点 between two rates in %, else an amount."""
        if self.unit == "%":
            return f"{fmt_fixed(abs(value), self.decimals)}个百分点"
        return self.amount(value)

    def gap(self, high: float, low: float) -> float:
        """``high − low`` of the two amounts as printed."""
        return self.rounded(high) - self.rounded(low)

    def latest(self) -> str:
        """What the latest figure says: 累计完成1个 / 为97.9% / 在实施96个 / 同比增长8.9%."""
        actual = self.r["actual"]
        if self.measure == m.GROWTH:
            return _growth(actual)
        if self.portfolio:
            return f"在实施{self.amount(actual)}"
        if self.level:
            return f"为{self.amount(actual)}"
        if self.measure == m.EVENT:
            return f"公布入选{self.amount(actual)}"
        done = not self.model.is_cap and self.r.get("status") != NO_TARGET
        return f"累计完成{self.amount(actual)}" if done else f"累计{self.amount(actual)}"

    def target(self) -> str:
        """目标35% / 目标3–5户 / 全年计划124个 / 目标增长10% / 全年上限3人."""
        r = self.r
        about = "左右" if self.model.direction == m.ABOUT else ""
        if self.measure == m.GROWTH:
            word = "增长" if r["target"] >= 0 else "下降"
            return f"目标{word}{fmt_number(abs(r['target']), 1)}%{about}"
        if self.model.is_cap:
            return f"全年上限{self.quoted(r['target'])}"
        if self.portfolio:
            return f"全年计划{self.quoted(r['target'])}"
        if not is_blank(r.get("target_high")):
            low = fmt_number(float(r["target"]) * self.scale, unit=self.shown)
            return f"目标{low}–{self.quoted(r['target_high'])}"
        return f"目标{self.quoted(r['target'])}{about}"

    def due(self) -> float:
        """What is due by now: the target times the expected share (the engine's whole things for counts)."""
        return float(self.r["target"]) * float(self.r["expected"])

    def since(self) -> str:
        return parse_month(self.r["latest_period"]).label

    def projection(self) -> str:
        """；预计全年X，缺口Y — the gap as printed (target = projection + gap); '' without a projection."""
        r = self.r
        projected, target = r.get("projected"), r["target"]
        if is_blank(projected) or self.measure in (m.GROWTH, m.RATE):
            return ""
        text = f"；预计全年{self.amount(projected)}"
        short = self.gap(target, projected)
        if short > 0 and self.amount(short) != self.amount(0) and not self.model.is_cap:
            text += f"，缺口{self.amount(short)}"
        if self.model.is_cap and self.gap(projected, target) > 0:
            text += f"，超出上限{self.amount(self.gap(projected, target))}"
        return text

    def run_rate(self, cap: bool = False) -> str:
        """还需每月约445万吨，近3个月月均约280万吨 (the last month: 12月还需约…; a cap: 余下每月不超过约…);
        '' when not known."""
        r = self.r
        need, recent, months = r.get("need_per_month"), r.get("recent_per_month"), r.get("recent_months")
        if is_blank(need) or is_blank(recent) or not months:
            return ""
        months = int(months)
        window = f"近{months}个月" if months > 1 else "上月"
        if self.level:
            return f"；{self._needed(need, '提高' if self.unit == '%' else '增加')}，{self._moved(recent, window)}"
        if cap and self.count:  # a few things: the counts themselves, not fractions of them a month
            return f"；{window}增加{self.amount(recent * months)}，按此速度将超过上限"
        if cap:
            return f"；余下每月不超过约{self.amount(need)}，{window}月均约{self.amount(recent)}"
        return f"；{self._needed(need, '')}，{self._moved(recent, window)}"

    def _needed(self, need: float, verb: str) -> str:
        r = self.r
        month = int(str(r.get("judged_period") or "0000-00")[5:7] or 0) + 1
        amount = self.difference(need) if self.level else self.amount(need)
        if r.get("months_left") == 1 and 1 < month <= 12:
            return f"{month}月还需{verb}约{amount}"
        return f"还需每月{verb}约{amount}"

    def _moved(self, recent: float, window: str) -> str:
        """What the recent months brought: 近3个月月均约280万吨 / 近3个月每月增加约4头 / 没有增加 / 减少."""
        each = "每月" if window != "上月" else ""
        if self.level:
            up, down = ("提高", "下降") if self.unit == "%" else ("增加", "减少")
        else:
            up, down = ("月均约" if each else "约"), "累计减少"
        if self.rounded(recent) == 0:
            return f"{window}没有增加"
        if recent < 0:
            return f"{window}{down}{self.difference(-recent) if self.level else self.amount(-recent)}"
        if self.level:
            return f"{window}{each}{up}约{self.difference(recent)}"
        return f"{window}{up}{self.amount(recent)}"


def sentence(r: dict) -> str:
    """One plain-Chinese sentence about a progress row, starting with its name and '：' (any status)."""
    w = _Words(r)
    status, note = r["status"], str(r.get("note") or "")
    if w.kind == "milestone" or w.measure == m.MILESTONE:
        if status == NO_DATA:
            return f"{w.name}：截至{w.as_of}尚无进展记录。"
        return f"{w.name}：{note or STATUS_LABELS.get(status, status)}。"
    if is_blank(r.get("actual")):
        return _without_actual(w, status, note)
    if status == NO_TARGET:
        return f"{w.name}：{w.latest()}（报告未设目标）{w.projection()}。"
    if w.model.is_cap:
        return _cap_sentence(w, status)
    return _WORDERS.get(status, _pace_sentence)(w)


def _first_note(w: _Words, fallback: str) -> str:
    note = str(w.r.get("note") or "")
    return note.split("；")[0] if note else fallback


def _without_actual(w: _Words, status: str, note: str) -> str:
    if status == OVERDUE:
        return f"{w.name}：{note or '已过截止时间仍未报送完成情况'}。"
    if status == NO_DATA:
        return _no_data_sentence(w)
    if status == NO_TARGET:
        return f"{w.name}：报告未设目标，截至{w.as_of}尚无数据。"
    return f"{w.name}：{w.target()}，截至{w.as_of}尚未到报送时间。"


def _no_data_sentence(w: _Words) -> str:
    """Nothing reported although something is due."""
    expected = w.r["expected"]
    if w.measure != m.FLOW or is_blank(expected) or expected >= 1 or not w.due() > 0:
        return f"{w.name}：{w.target()}，截至{w.as_of}尚未报送数据。"
    return (
        f"{w.name}：按时序进度此时应完成{w.amount(w.due())}（全年{w.target()}），截至{w.as_of}尚未报送数据。"
    )


def _overdue_sentence(w: _Words) -> str:
    return f"{w.name}：{_first_note(w, '已过截止时间仍未完成')}，{w.since()}{w.latest()}，{w.target()}。"


def _stale_sentence(w: _Words) -> str:
    r = w.r
    bound = [p for p in str(r.get("note") or "").split("；") if p.endswith("（下限）")]
    if bound:
        missing = bound[0].split("数据")[0]
        return (f"{w.name}：{missing}数据，已报月份累计至少{w.amount(r['actual'])}，{w.target()}，"
                "补齐后才能判断进度。")  # fmt: skip
    return f"{w.name}：数据只报到{w.since()}（当时{w.latest()}，{w.target()}），之后未按期报送，无法判断当前进度。"


def _shortfall_sentence(w: _Words) -> str:
    r = w.r
    short = w.difference(w.gap(r["target"], r["actual"]))
    if w.measure == m.EVENT:
        return f"{w.name}：已{w.latest()}，{w.target()}，还差{short}。"
    return (
        f"{w.name}：季节（{w.model.season_label}）已过，{w.since()}{w.latest()}，{w.target()}，还差{short}。"
    )


def _achieved_sentence(w: _Words) -> str:
    r = w.r
    parts = str(r.get("note") or "").split("；")
    extra = [p for p in parts if p.startswith(("逾期完成", "已超过", "此后"))]
    met = next((p for p in parts if p.endswith("月已达到目标")), "")
    if met:  # met by the deadline, lower since: when it was met, then the dip
        text = f"{w.name}：{met.removesuffix('目标')}{w.target()}"
    elif w.measure == m.GROWTH:
        text = f"{w.name}：全年{w.latest()}，达到{w.target()}"
    elif w.level:
        text = f"{w.name}：{w.latest()}，已达到{w.target()}"
    else:
        text = f"{w.name}：{w.latest()}，已完成{w.target()}"
    return text + "".join(f"；{p}" for p in extra) + "。"


def _pending_sentence(w: _Words) -> str:
    r = w.r
    if w.measure == m.GROWTH:
        return f"{w.name}：全年数据尚未发布；{w.latest()}，不低于{w.target()}。"
    left = w.gap(r["target"], r["actual"])
    more = w.run_rate() or (f"，还差{w.difference(left)}" if left > 0 else "")
    if w.level:  # a level's projection is its latest value: said once
        return f"{w.name}：12月数据尚未发布；最新{w.latest()}，{w.target()}{more}。"
    return f"{w.name}：12月数据尚未发布；{w.latest()}，{w.target()}{more}{w.projection()}。"


def _not_due_sentence(w: _Words) -> str:
    note = _first_note(w, "到期后判断")
    if w.measure == m.EVENT:
        return f"{w.name}：{note}，{w.target()}。"
    return f"{w.name}：{note}；{w.since()}{w.latest()}，{w.target()}。"


def _pace_sentence(w: _Words) -> str:
    """On track, at risk or behind: where it stands, the pace or the gap, what is still needed, the projection."""
    r = w.r
    actual, target, expected = r["actual"], r["target"], r["expected"]
    if w.measure == m.GROWTH:
        diff = actual - target
        if diff >= 0 or r["status"] == ON_TRACK:
            relation = "不低于" if diff >= 0 else "在"
            tail = "的范围内" if diff < 0 else ""
            return f"{w.name}：{_growth(actual)}，{relation}{w.target()}{tail}；全年增速以12月数据为准。"
        return f"{w.name}：{_growth(actual)}，比{w.target()}低{_points(diff)}，需加快。"
    if w.level:
        return _level_sentence(w)
    if w.count and not is_blank(expected):
        text = f"{w.name}：{w.latest()}，按时序进度此时应完成{w.amount(w.due())}（全年{w.target()}）"
    elif not is_blank(expected):
        completion, pace = _shares(r["completion"], expected)
        relation = "低于" if r["completion"] < expected else ("达到" if completion == pace else "高于")
        text = f"{w.name}：{w.latest()}，完成全年目标的{completion}，{relation}时序进度{pace}"
    else:
        text = f"{w.name}：{w.latest()}，{w.target()}"
    return text + (w.run_rate() if r["status"] != ON_TRACK else "") + w.projection() + "。"


def _level_sentence(w: _Words) -> str:
    r = w.r
    actual, target = r["actual"], r["target"]
    left = w.difference(w.gap(target, actual))
    more = w.run_rate() if r["status"] != ON_TRACK or not is_blank(r.get("need_per_month")) else ""
    if w.portfolio:
        (completion,) = _shares(r["completion"])
        return f"{w.name}：{w.latest()}，为{w.target()}的{completion}，还差{left}{more}。"
    return f"{w.name}：最新{w.latest()}，{w.target()}，还差{left}{more}。"


def _cap_sentence(w: _Words, status: str) -> str:
    """A cap: how far under or over it, in its own terms (个百分点 for a rate); never 完成 nor a pace."""
    r = w.r
    actual, target = r["actual"], r["target"]
    over = w.gap(actual, target)
    if status == BREACHED:
        return f"{w.name}：{w.latest()}，已超过{w.target()}，超出{w.difference(over)}。"
    if status == STALE:
        return _stale_sentence(w)
    if status == AT_RISK and over > 0:
        return f"{w.name}：{w.latest()}，高于{w.target()}，超出{w.difference(over)}，以全年数据为准。"
    if status == AT_RISK:
        room = w.difference(w.gap(target, actual))
        return f"{w.name}：{w.latest()}，{w.target()}，还有{room}余量{w.run_rate(cap=True)}{w.projection()}。"
    room = w.gap(target, actual)
    final = "全年" if r.get("final") is True else ""
    rest = (
        f"，还有{w.difference(room)}余量" if room > 0 and w.measure in (m.FLOW, m.EVENT) and not final else ""
    )
    return f"{w.name}：{final}{w.latest()}，未超过{w.target()}{rest}。"


_WORDERS = {
    OVERDUE: _overdue_sentence,
    STALE: _stale_sentence,
    SHORTFALL: _shortfall_sentence,
    ACHIEVED: _achieved_sentence,
    PENDING_YEAR: _pending_sentence,
    NOT_DUE: _not_due_sentence,
}


def _with_catalog(rows: pd.DataFrame, targets: pd.DataFrame | None, plan: Plan | str | None) -> pd.DataFrame:
    """The catalog columns a sentence needs, from the catalog when the frame lacks them (a frame made before
    the engine wrote its rows' target model)."""
    if "measure" in rows or all(c in rows for c in CATALOG_COLUMNS[:3]):
        return rows
    if targets is None:
        targets = load_targets(plan=plan)
    lookup = targets.drop_duplicates("indicator_id").set_index("indicator_id")
    for col in CATALOG_COLUMNS:
        if col not in rows and col in lookup:
            rows[col] = rows["indicator_id"].map(lookup[col])
    return rows


def attention(
    progress_df: pd.DataFrame,
    limit: int = 8,
    targets: pd.DataFrame | None = None,
    plan: Plan | str | None = None,
) -> pd.DataFrame:
    """The items that need attention: overdue, a cap broken, short for good, behind, at risk, stale data, no
    data where data was expected.

    Parameters
    ----------
    progress_df : DataFrame
        The frame :func:`liulin_data.engine.progress` returns.
    limit : int
        At most this many items (most severe first).
    targets : DataFrame, optional
        The catalog, to word rows of a frame that lacks the catalog's ``basis``/``comparator``/``profile``
        (looked up by ``indicator_id``); default: the plan's catalog.
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
    rows = _with_catalog(rows, targets, plan)
    rows["severity"] = rows["status"].map(STATUS_RANK)
    rows["_gap"] = rows["pace_gap"].fillna(0.0)
    rows.loc[rows["comparator"] == "<=", "_gap"] *= -1
    rows = rows.sort_values(["severity", "_gap"], kind="stable").head(limit)
    rows["label"] = rows["status"].map(STATUS_LABELS)
    rows["sentence"] = [sentence(r) for r in rows.to_dict("records")]
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
    if row.get("comparator") == "<=":
        target = f"≤{target}"
    judged = row["status"] != NO_TARGET
    completion, pace = _shares(row["completion"], row["expected"]) if judged else ("—", "—")
    return (row["indicator"], shown, target, number(row["actual"]), completion, pace, number(row["projected"]),
            label, note)  # fmt: skip


def format_progress(table: pd.DataFrame) -> str:
    """Render a :func:`liulin_data.engine.progress` frame as a fixed-width terminal table (``liulin progress``).

    Numbers go through the one formatter (counts of things whole, 万元 in 亿元 when large: the 单位 column
    says which), shares are whole percents, a missing number reads —; a note most rows share (1—2月合并发布)
    is said once under the table; the month reads YYYY年10月; then what needs attention, one sentence each.
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
    if "measure" in table:
        items = attention(table, limit=len(table))
        if len(items):
            lines.append(f"需要关注（{len(items)} 项）：")
            lines += [f"  {k}. {s}" for k, s in enumerate(items["sentence"], start=1)]
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


# the loaders' warnings (警告: the figures were still used) as a leader reads them: what happened, never a file
# or a line (the analysts' table is `liulin check`'s); one entry per warning code
WARNING_WORDS = {
    "ytd_revision": "累计值低于上期，已按统计部门核减采用",
    "source_conflict": "同一数据有两个来源且数值不同，已采用其中一个",
    "value_implausible": "数值与全年目标相差悬殊（可能是单位或口径有误），已照常使用",
    "basis_for_level": "填报口径与指标不符，已按时点值读取",
    "hidden_sheet": "工作簿中隐藏的工作表未读取",
}
OTHER_WARNING_WORDS = "其他需核对的情况"
COUNTED_ELSEWHERE = ("problems_not_listed",)  # "N more of this file's warnings": not a kind of its own


def warning_lines(warnings: list) -> list[str]:
    """The loaders' warnings for the page: one line per kind, most frequent first, with how many (处)."""
    counts: dict[str, int] = {}
    for w in warnings:
        if w.code not in COUNTED_ELSEWHERE:
            words = WARNING_WORDS.get(w.code, OTHER_WARNING_WORDS)
            counts[words] = counts.get(words, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])  # stable: among equals, the order found
    return [f"{words}：{n} 处" for words, n in ranked]


__all__ = [
    "ATTENTION_EMPTY",
    "ATTENTION_INTRO",
    "KIND_GROUP_LABELS",
    "NO_TASK_LABEL",
    "PROGRESS_TABLE_HEADER",
    "attention",
    "format_progress",
    "sentence",
    "status_counts",
    "WARNING_WORDS",
    "warning_lines",
]
