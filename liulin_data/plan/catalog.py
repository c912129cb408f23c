"""A plan's target catalog: targets and milestones of a work report, its major tasks, analysts' overrides.

Files of the plan folder (see :mod:`liulin_data.plan`; the shipped plan is in ``liulin_data/plans/``):

- ``report.txt`` — the work report, byte for byte as published (the provenance of every row);
- ``targets.csv`` — one row per numeric target or dated milestone of the report;
- ``context_indicators.csv`` — indicators analysts track that have no target in the report (empty ``target``);
- ``tasks.csv`` — the 15 major tasks (15件大事要事) in the report's order;
- ``exclusions.csv`` — every number of the report that no catalog row uses, with the reason (used by the tests).

An analyst's targets for context indicators are read by :mod:`liulin_data.plan.overrides`.

The shipped files are validated on first load (a broken row raises :class:`CatalogError` listing every problem)
and cached; every public function returns a fresh copy.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from ..core import measures, statuses, units
from ..core.exceptions import CatalogError, Problem
from ..core.names import NameIndex
from ..core.tables import format_table
from .folder import Plan, load_plan, read_rows
from .overrides import load_overrides
from .profiles import read_profiles

if TYPE_CHECKING:  # pandas is imported inside the functions: `import liulin_data` stays light
    import pandas as pd

# the columns of targets.csv and context_indicators.csv, in order
COLUMNS = (
    "indicator_id", "domain", "task", "section", "indicator", "aliases", "kind", "comparator",
    "target", "target_high", "unit", "basis", "profile", "deadline", "source_quote",
)  # fmt: skip
# allowed values of the coded columns
DOMAIN_LABELS: dict[str, str] = {
    "energy": "能源", "agriculture": "农业", "industry": "工业", "services": "服务业", "investment": "投资",
    "consumption": "消费", "trade": "外贸", "urban": "城市建设", "rural": "乡村振兴", "transport": "交通",
    "education": "教育", "health": "卫生健康", "culture": "文化旅游", "employment": "就业民生",
    "safety": "安全", "environment": "生态环境", "reform": "改革与财政", "other": "其他",
}  # fmt: skip
DOMAINS = tuple(DOMAIN_LABELS)
KINDS = ("quantity", "ratio", "growth", "range", "milestone")
COMPARATORS = (">=", "<=", "==", "between")
BASES = ("flow", "level", "count", "milestone")
# optional columns after the required ones (written by other tools and engineers; empty = not given); the five
# words of the target model (measures.COLUMNS) are derived from kind, comparator, basis and profile when absent
OPTIONAL_COLUMNS = ("milestone_type", "release_lag_days", "note", "confidence", "review", *measures.COLUMNS)
# milestone_type: the stage that completes a milestone (required for milestones; statuses.py owns the stages)
MILESTONE_TYPES = statuses.MILESTONE_TYPES
TARGETS_FILE = "targets.csv"
CONTEXT_FILE = "context_indicators.csv"
TASKS_FILE = "tasks.csv"

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _read_rows(plan: Plan, name: str) -> list[dict[str, str]]:
    """Rows of a plan's CSV file (:func:`liulin_data.plan.read_rows`); an absent optional file has none."""
    return read_rows(plan.root, name)


def report_text(plan: Plan | str | None = None) -> str:
    """Return the text of the plan's work report, the source of every row (default: the default plan)."""
    plan = load_plan(plan)
    return _report_text(plan)


@cache
def _report_text(plan: Plan) -> str:
    return plan.path(plan.report).read_text(encoding="utf-8")


def _read_tasks(plan: Plan) -> tuple[list[dict[str, str]], list[Problem]]:
    """The rows of tasks.csv (task_no, task, domain) and every problem of them."""
    rows = _read_rows(plan, TASKS_FILE)
    problems = []
    for line, row in enumerate(rows, start=2):
        if not str(row.get("task_no") or "").isdigit():
            problems.append(
                Problem(TASKS_FILE, line, "task_no", row.get("task_no"), "序号须为整数", "从 1 起编号")
            )
        if not row.get("task"):
            problems.append(Problem(TASKS_FILE, line, "task", "", "大事要事名称为空", "照报告原文填写"))
        if row.get("domain") not in DOMAINS:
            hint = f"可选：{', '.join(DOMAINS)}"
            problems.append(
                Problem(TASKS_FILE, line, "domain", row.get("domain"), "未知领域 / unknown domain", hint)
            )
    return rows, problems


@cache
def _tasks(plan: Plan):
    import pandas as pd

    rows, problems = _read_tasks(plan)
    if problems:
        raise CatalogError(problems, f"计划 {plan.name} 的大事要事文件 {TASKS_FILE} 有误")
    tasks = pd.DataFrame(rows, columns=["task_no", "task", "domain"])
    tasks["task_no"] = tasks["task_no"].astype(int)
    return tasks


def load_tasks(plan: Plan | str | None = None) -> pd.DataFrame:
    """Return the plan's major tasks (Liulin: 15件大事要事) in the report's order.

    Columns: ``task_no`` (int, from 1), ``task`` (Chinese, as the report writes it), ``domain``. Empty when
    the report lists none.
    """
    return _tasks(load_plan(plan)).copy()


def _number(text: str) -> float | None:
    text = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def _header_problems(header: tuple[str, ...], file: str) -> list[Problem]:
    """The required columns first, in order; then any of the optional ones."""
    extra = header[len(COLUMNS) :]
    unknown = [c for c in extra if c not in OPTIONAL_COLUMNS] + [c for c in set(extra) if extra.count(c) > 1]
    if header[: len(COLUMNS)] == COLUMNS and not unknown:
        return []
    hint = f"应为 {','.join(COLUMNS)}，其后可加可选列 {','.join(OPTIONAL_COLUMNS)}"
    return [Problem(file, 1, None, ",".join(header), "表头与约定不符 / header differs", hint)]


class _RowCheck:
    """The catalog rules for one row of targets.csv or context_indicators.csv; collects every problem."""

    def __init__(self, plan: Plan, text: str, task_names: set[str], profiles: tuple[str, ...], file: str):
        self.plan, self.text, self.task_names, self.profiles, self.file = (
            plan,
            text,
            task_names,
            profiles,
            file,
        )
        self.problems: list[Problem] = []
        self.line = 1  # the line being checked, as a spreadsheet user sees it

    def bad(self, column: str, value: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, self.line, column, value, message, hint))

    def check(self, row: dict[str, str], line: int, *, context: bool) -> None:
        self.line = line
        self.codes(row, context)
        self.provenance(row)
        if row["kind"] == "milestone":
            self.milestone(row)
        else:
            self.numeric(row, context)
        self.optional(row)

    def codes(self, row: dict[str, str], context: bool) -> None:
        """Id, domain, task, kind, comparator, basis and profile are known values."""
        if not _SNAKE.match(row["indicator_id"]):
            self.bad("indicator_id", row["indicator_id"], "编号须为英文 snake_case", "如 raw_coal_output")
        if row["domain"] not in DOMAINS:
            self.bad("domain", row["domain"], "未知领域 / unknown domain", f"可选：{', '.join(DOMAINS)}")
        # a task names one of tasks.csv; empty = the row is under none of them (the report's main-targets
        # paragraph, a plan without tasks.csv): readers see it as 未归入大事要事
        if row["task"] and row["task"] not in self.task_names:
            hint = (
                "照 tasks.csv 的写法填写" if self.task_names else "计划没有 tasks.csv：留空，或添加 tasks.csv"
            )
            self.bad("task", row["task"], "不是报告列出的大事要事之一", hint)
        if not row["indicator"]:
            self.bad("indicator", row["indicator"], "指标名称为空", "照报告原文填写指标名称")
        for column, allowed, message in (
            ("kind", KINDS, "未知类型 / unknown kind"),
            ("comparator", COMPARATORS, "未知比较符"),
            ("basis", BASES, "未知口径 / unknown basis"),
            ("profile", self.profiles, "未知进度曲线 / unknown profile"),
        ):
            if row[column] not in allowed:
                self.bad(column, row[column], message, f"可选：{', '.join(allowed)}")

    def provenance(self, row: dict[str, str]) -> None:
        """Section and quote are verbatim in the report; the deadline is a date of the plan's year."""
        year, report = self.plan.year, self.plan.report
        if row["section"] and row["section"] not in self.text:
            self.bad("section", row["section"], "报告中没有这个标题", f"照 {report} 原文填写标题，或留空")
        if not row["source_quote"] or row["source_quote"] not in self.text:
            self.bad("source_quote", row["source_quote"], "不是报告原文的片段", f"从 {report} 原样复制")
        if not _ISO_DATE.match(row["deadline"]) or not row["deadline"].startswith(f"{year}-"):
            self.bad("deadline", row["deadline"], f"截止日期须为{year}年内的 ISO 日期", f"如 {year}-12-31")

    def milestone(self, row: dict[str, str]) -> None:
        """Comparator, target, unit, basis and profile of a milestone; its type says what completes it."""
        if (row["comparator"], row["target"], row["unit"], row["basis"], row["profile"]) != (
            "==", "", "", "milestone", "none"
        ):  # fmt: skip
            message = "里程碑须 comparator '=='、无目标值和单位、basis 与 profile 为 milestone/none"
            self.bad("kind", row["kind"], message, "按里程碑的写法改正该行")
        if not row.get("milestone_type"):
            choices = "、".join(f"{k}（{v}）" for k, v in statuses.MILESTONE_TYPE_LABELS.items())
            hint = f"按报告的动词填写：{choices}"
            self.bad("milestone_type", "", "里程碑须填写里程碑类型（以哪个节点为完成）", hint)

    def numeric(self, row: dict[str, str], context: bool) -> None:
        """Kind, comparator, target and unit agree."""
        kind, comp, unit = row["kind"], row["comparator"], row["unit"]
        target, high = _number(row["target"]), _number(row["target_high"])
        if row["target"] and target is None:
            self.bad("target", row["target"], "目标值不是数字", "只填数字，如 3600")
        if row["target_high"] and high is None:
            self.bad("target_high", row["target_high"], "目标上限不是数字", "只填数字，如 5")
        if not units.is_known(unit):
            self.bad("unit", unit, "未知单位 / unknown unit", "见 liulin_data.core.units.KNOWN_UNITS")
        if row["basis"] == "milestone":
            self.bad("basis", row["basis"], "只有里程碑的口径是 milestone", "改为 flow、level 或 count")
        if context and (row["target"] or row["target_high"]):
            self.bad("target", row["target"], "背景指标在报告中没有目标，不得填写", "目标请写在覆盖文件中")
        elif not context and target is None:
            self.bad("target", row["target"], "缺少目标值", "照报告原文填写目标值")
        if kind == "range":
            if comp != "between" or (not context and (high is None or target is None or high <= target)):
                message = "区间目标须 comparator 'between' 且上限大于下限"
                self.bad("target_high", row["target_high"], message, "如 3 与 5")
        elif comp == "between" or row["target_high"]:
            self.bad("comparator", comp, "只有 range 类型可以用 'between' 和 target_high", "改用 range 类型")
        if kind in ("ratio", "growth") and unit != "%":
            self.bad("unit", unit, "比率和增速的单位须为 %", "把单位改为 %")

    def optional(self, row: dict[str, str]) -> None:
        """The optional columns: milestone_type (milestones only), release_lag_days (whole days) and the target
        model's words (:func:`liulin_data.core.measures.problems`)."""
        for column, value, message, hint in measures.problems(row):
            self.bad(column, value, message, hint)
        kind_of_milestone = row.get("milestone_type") or ""
        if kind_of_milestone and kind_of_milestone not in MILESTONE_TYPES:
            choices = "、".join(f"{k}（{v}）" for k, v in statuses.MILESTONE_TYPE_LABELS.items())
            self.bad("milestone_type", kind_of_milestone, "未知的里程碑类型", f"可选：{choices}")
        elif kind_of_milestone and row["kind"] != "milestone":
            self.bad("milestone_type", kind_of_milestone, "只有里程碑可以填写里程碑类型", "清空该格")
        lag = row.get("release_lag_days") or ""
        if lag and not lag.isdigit():
            hint = f"填写整数天数，或留空（用计划的默认值 {self.plan.release_lag_days} 天）"
            self.bad("release_lag_days", lag, "发布滞后天数须为不小于0的整数", hint)


def _validate_rows(plan: Plan, rows: list[dict[str, str]], file: str, *, context: bool) -> list[Problem]:
    """Check the catalog rules on rows read from ``file``; return every problem found."""
    if rows and (problems := _header_problems(tuple(rows[0]), file)):
        return problems
    check = _RowCheck(
        plan,
        _report_text(plan),
        {t["task"] for t in _read_tasks(plan)[0]},
        tuple(read_profiles(plan)[0]),
        file,
    )
    for line, row in enumerate(rows, start=2):
        check.check({k: v or "" for k, v in row.items() if k is not None}, line, context=context)
    return check.problems


def _duplicate_ids(df: pd.DataFrame) -> list[Problem]:
    """Every row after the first that repeats an indicator_id (targets and context rows together)."""
    repeated = df[df["indicator_id"].duplicated(keep="first")]
    return [
        Problem(
            r["_file"],
            r["_line"],
            "indicator_id",
            r["indicator_id"],
            "编号重复 / duplicate id",
            "每个编号只用一次",
        )
        for r in repeated.to_dict("records")
    ]


def _name_clashes(df: pd.DataFrame) -> list[Problem]:
    """Names (ids, report names, aliases) that point at two rows; the problem names the second row."""
    where = {r["indicator_id"]: (r["_file"], r["_line"]) for r in df.to_dict("records")}
    return [
        Problem(
            *where.get(other, (TARGETS_FILE, None)),
            "aliases",
            name,
            f"名称同时指向 {first} 和 {other}",
            "改用唯一的别名",
        )
        for name, first, other in NameIndex.from_targets(df).clashes
    ]


def _raw_catalog(plan: Plan) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows of targets.csv and context_indicators.csv as text, and every problem of them."""
    import pandas as pd

    problems: list[Problem] = read_profiles(plan)[1] + _read_tasks(plan)[1]
    frames = []
    for name, context in ((TARGETS_FILE, False), (CONTEXT_FILE, True)):
        rows = _read_rows(plan, name)
        problems += _validate_rows(plan, rows, name, context=context)
        frame = pd.DataFrame(rows, columns=[*COLUMNS, *OPTIONAL_COLUMNS], dtype=object).fillna("")
        frame["is_context"] = context
        frame["_line"] = range(2, len(rows) + 2)
        frame["_file"] = name
        frames.append(frame)
    df = pd.concat(frames, ignore_index=True)
    problems += _duplicate_ids(df)
    problems += _name_clashes(df)
    return df, problems


def _fill_model(df: pd.DataFrame, profiles: dict) -> None:
    """Every row's target model, as written or derived from its older columns (:func:`measures.resolve`)."""
    rows = df.to_dict("records")
    models = [measures.resolve(r, _shares(profiles, r.get("profile"))) for r in rows]
    for column in measures.COLUMNS:
        df[column] = [model.as_columns()[column] for model in models]


def _shares(profiles: dict, name: object):
    profile = profiles.get(str(name or ""))
    return profile.shares if profile is not None else None


def _redirect(df: pd.DataFrame, i: int, comparator: str) -> None:
    """An override's comparator sets the row's direction (and a cap on a flow is final when broken)."""
    direction = {"<=": measures.AT_MOST, "between": measures.RANGE}.get(comparator, measures.AT_LEAST)
    df.at[i, "direction"] = direction
    if direction == measures.AT_MOST and df.at[i, "measure"] == measures.FLOW:
        df.at[i, "final_when"] = measures.BREACH
    elif df.at[i, "final_when"] == measures.BREACH:
        df.at[i, "final_when"] = measures.DEADLINE


def catalog_problems(plan: Plan | str | None = None) -> list[Problem]:
    """Every problem of a plan's targets.csv, context_indicators.csv, tasks.csv and profiles.csv, without raising."""
    return _raw_catalog(load_plan(plan))[1]


@cache
def _plan_catalog(plan: Plan):
    """Read, validate and type a plan's targets and context rows (cached; callers copy)."""
    import pandas as pd

    df, problems = _raw_catalog(plan)
    if problems:
        raise CatalogError(problems, f"计划 {plan.name} 的目标目录有误")
    df["target"] = pd.to_numeric(df["target"].mask(df["target"] == ""), errors="raise").astype(float)
    high = df["target_high"].mask(df["target_high"] == "")
    df["target_high"] = pd.to_numeric(high, errors="raise").astype(float)
    df["deadline"] = pd.to_datetime(df["deadline"], format="%Y-%m-%d")
    df["aliases"] = [tuple(a for a in s.split("|") if a) for s in df["aliases"]]
    lag = df["release_lag_days"].mask(df["release_lag_days"] == "", str(plan.release_lag_days))
    df["release_lag_days"] = lag.astype(int)
    _fill_model(df, read_profiles(plan)[0])
    df["has_target"] = (df["kind"] == "milestone") | df["target"].notna()
    df["target_source"] = [plan.report_title if not c else "" for c in df["is_context"]]
    return df.drop(columns=["_line", "_file"])


def load_targets(
    overrides=None, include_context: bool = True, plan: Plan | str | None = None
) -> pd.DataFrame:
    """Return a plan's target catalog (default: the default plan), one row per target or milestone.

    Parameters
    ----------
    overrides : str, Path or DataFrame, optional
        An analyst's override file (see :func:`liulin_data.plan.overrides.load_overrides`) or the frame it returned; its targets fill
        context indicators (rows without a target in the report).
    include_context : bool
        Keep the context indicators. With ``False`` only rows that have a target (from the report or an
        override) are returned.

    Returns
    -------
    pandas.DataFrame
        The columns of ``targets.csv`` (see docs/architecture.md) typed as follows, plus three columns:

        ============== ==========================================================================
        target         float (NaN for milestones and context rows without an override)
        target_high    float (only for ``between``)
        deadline       ``datetime64`` (pandas Timestamp); the year's end unless the report says otherwise
        aliases        ``tuple[str, ...]`` of other names (the CSV stores them ``|``-separated)
        is_context     bool, a context indicator (no target in the report)
        has_target     bool, a milestone or a row with a numeric target
        target_source  str, where the target comes from (the report, an override's ``source``, or '')
        measure …      the target model (``measure``, ``direction``, ``final_when``, ``calendar``,
                       ``season``; :mod:`liulin_data.core.measures`): as written, else derived from
                       ``kind``, ``comparator``, ``basis`` and ``profile``
        ============== ==========================================================================

    Raises
    ------
    CatalogError
        When the shipped catalog or the override file is invalid (every problem listed).
    """
    import pandas as pd

    plan = load_plan(plan)
    df = _plan_catalog(plan).copy()
    if overrides is not None:
        if not isinstance(overrides, pd.DataFrame):
            overrides = load_overrides(overrides, _plan_catalog(plan), COMPARATORS)
        ov = overrides
        pos = {iid: i for i, iid in enumerate(df["indicator_id"])}
        for _, o in ov.iterrows():
            i = pos[o["indicator_id"]]
            for col in ("target", "target_high", "comparator"):
                df.at[i, col] = o[col]
            if o["comparator"] == "between":
                df.at[i, "kind"] = "range"
            _redirect(df, i, o["comparator"])
            df.at[i, "target_source"] = o["source"]
            df.at[i, "has_target"] = True
    if not include_context:
        df = df[~df["is_context"] | df["has_target"]].reset_index(drop=True)
    return df


@cache
def _plan_index(plan: Plan) -> NameIndex:
    return NameIndex.from_targets(_plan_catalog(plan))


def _index(targets: pd.DataFrame | None) -> NameIndex:
    return _plan_index(load_plan()) if targets is None else NameIndex.from_targets(targets)


def resolve_indicator(name: str, targets: pd.DataFrame | None = None) -> str | None:
    """Return the ``indicator_id`` that ``name`` designates, or None.

    ``name`` may be an indicator_id, the Chinese name or an alias, matched by :func:`liulin_data.core.names.name_key`
    (``'其中：原煤产量（万吨）'`` → ``'raw_coal_output'``).
    """
    return None if name is None else _index(targets).resolve(name)


def suggest(name: str, targets: pd.DataFrame | None = None) -> str | None:
    """Return the Chinese name of the closest indicator (for “您是不是要找 原煤产量？”), or None."""
    return _index(targets).suggest(name)


def _target_text(row) -> str:
    import pandas as pd

    if row["kind"] == "milestone":
        return "里程碑"
    if pd.isna(row["target"]):
        return "（无目标）"
    num = f"{row['target']:g}"
    if row["comparator"] == "between":
        return f"{num}-{row['target_high']:g}"
    return f"{row['comparator']} {num}" if row["comparator"] != "==" else num


def format_targets(df: pd.DataFrame) -> str:
    """Render catalog rows as a fixed-width table for the terminal (CJK characters count 2 columns).

    Used by ``liulin targets [--domain energy]``.
    """
    import pandas as pd

    header = ("编号", "指标", "目标", "单位", "截止", "领域")
    rows = [
        (
            row["indicator_id"],
            row["indicator"],
            _target_text(row),
            row["unit"] or "",
            pd.Timestamp(row["deadline"]).strftime("%Y-%m-%d") if pd.notna(row["deadline"]) else "",
            row["domain"],
        )
        for _, row in df.iterrows()
    ]
    lines = [format_table(header, rows, widths=(36, 30, 12, 8, 10, 11))]
    lines.append(f"共 {len(df)} 项 / {len(df)} rows")
    return "\n".join(lines)
