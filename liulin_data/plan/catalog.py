"""A plan's target catalog: targets and milestones of a work report, its major tasks, analysts' overrides.

Files of the plan folder (see :mod:`liulin_data.plan.folder`; the shipped plan is in ``liulin_data/plans/``):

- ``report.txt`` — the work report, byte for byte as published (the provenance of every row);
- ``targets.csv`` — one row per numeric target or dated milestone of the report;
- ``context_indicators.csv`` — indicators analysts track that have no target in the report (empty ``target``);
- ``tasks.csv`` — the 15 major tasks (15件大事要事) in the report's order;
- ``exclusions.csv`` — every number of the report that no catalog row uses, with the reason (used by the tests).

The shipped files are validated on first load (a broken row raises :class:`CatalogError` listing every problem)
and cached; every public function returns a fresh copy.
"""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import statuses, units
from ..core.exceptions import CatalogError, Problem, UnitError
from ..core.names import NameIndex
from ..core.tables import format_table
from .folder import (
    MAX_RELEASE_LAG_DAYS,
    Plan,
    announce,
    load_plan,
    read_report,
    read_rows,
    review_notice,
    review_rows,
)
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
# the columns an analyst's override file may have; `source` is required (provenance of the target)
OVERRIDE_COLUMNS = (
    "indicator_id",
    "indicator",
    "target",
    "target_high",
    "comparator",
    "unit",
    "source",
    "note",
)
# optional columns after the required ones (written by other tools and engineers; empty = not given)
OPTIONAL_COLUMNS = ("milestone_type", "release_lag_days", "note", "confidence", "review")
# milestone_type: the stage that completes a milestone (required for milestones; statuses.py owns the stages)
MILESTONE_TYPES = statuses.MILESTONE_TYPES
TARGETS_FILE = "targets.csv"
CONTEXT_FILE = "context_indicators.csv"
TASKS_FILE = "tasks.csv"

# the largest target a catalog row may hold (in its unit): larger is a slip (an exponent, zeros), and sums of
# such numbers would overflow
MAX_TARGET = 1e15

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _read_rows(plan: Plan, name: str) -> list[dict[str, str]]:
    """Rows of a plan's CSV file (:func:`liulin_data.plan.folder.read_rows`); an absent optional file has none."""
    return read_rows(plan.root, name)


def report_text(plan: Plan | str | None = None) -> str:
    """Return the text of the plan's work report, the source of every row (default: the default plan)."""
    plan = load_plan(plan)
    return _report_text(plan)


@cache
def _report_text(plan: Plan) -> str:
    return read_report(plan)


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


def _is_date(text: str) -> bool:
    """An ISO date that exists (YYYY-02-30 does not)."""
    try:
        return bool(_ISO_DATE.match(text)) and date.fromisoformat(text) is not None
    except ValueError:
        return False


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
        if not _is_date(row["deadline"]) or not row["deadline"].startswith(f"{year}-"):
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
        for column, value in (("target", target), ("target_high", high)):
            if value is not None and not abs(value) <= MAX_TARGET:  # NaN and infinities too
                hint = f"照报告原文填写，在单位 {unit or '（空）'} 下不超过 {MAX_TARGET:.0e}；是否多写了零或指数？"
                self.bad(column, row[column], "目标值不是有限的合理数值", hint)
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
        """The optional columns: milestone_type (milestones only) and release_lag_days (whole days)."""
        kind_of_milestone = row.get("milestone_type") or ""
        if kind_of_milestone and kind_of_milestone not in MILESTONE_TYPES:
            choices = "、".join(f"{k}（{v}）" for k, v in statuses.MILESTONE_TYPE_LABELS.items())
            self.bad("milestone_type", kind_of_milestone, "未知的里程碑类型", f"可选：{choices}")
        elif kind_of_milestone and row["kind"] != "milestone":
            self.bad("milestone_type", kind_of_milestone, "只有里程碑可以填写里程碑类型", "清空该格")
        lag = row.get("release_lag_days") or ""
        if lag and not (lag.isdigit() and int(lag) <= MAX_RELEASE_LAG_DAYS):
            hint = f"填写整数天数，或留空（用计划的默认值 {self.plan.release_lag_days} 天）"
            self.bad("release_lag_days", lag, f"发布滞后天数须为 0 至 {MAX_RELEASE_LAG_DAYS} 的整数", hint)


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


def _catalog_rows(plan: Plan) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows of targets.csv and context_indicators.csv as text, and the problems of each file and row.

    A file whose header differs from the convention is one problem; its rows are not read into columns they do
    not have (which would give a problem per row)."""
    import pandas as pd

    problems: list[Problem] = read_profiles(plan)[1] + _read_tasks(plan)[1]
    frames = []
    for name, context in ((TARGETS_FILE, False), (CONTEXT_FILE, True)):
        rows = _read_rows(plan, name)
        problems += _validate_rows(plan, rows, name, context=context)
        if rows and _header_problems(tuple(rows[0]), name):
            rows = []
        frame = pd.DataFrame(rows, columns=[*COLUMNS, *OPTIONAL_COLUMNS], dtype=object).fillna("")
        frame["is_context"] = context
        frame["_line"] = range(2, len(rows) + 2)
        frame["_file"] = name
        frames.append(frame)
    return pd.concat(frames, ignore_index=True), problems


def _raw_catalog(plan: Plan) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows of targets.csv and context_indicators.csv as text, and every problem of them."""
    df, problems = _catalog_rows(plan)
    return df, problems + _duplicate_ids(df) + _name_clashes(df)


def catalog_problems(plan: Plan | str | None = None) -> list[Problem]:
    """Every problem of a plan's targets.csv, context_indicators.csv, tasks.csv and profiles.csv, without raising."""
    return _raw_catalog(load_plan(plan))[1]


@cache
def _checked_catalog(plan: Plan) -> tuple[pd.DataFrame, tuple[Problem, ...]]:
    """The catalog rows that can be tracked, and the problems of the rows set aside.

    A proposed plan (``liulin plan new``) can be looked at before its review: a row waiting for review
    (:func:`liulin_data.plan.folder.review_rows`) whose own problems are the reason it waits is left out, with
    its problems, and so is a row 待复核 that clashes with another once those are out. Any other problem — of a
    row already reviewed, of a whole file — is a real one: CatalogError naming ``liulin plan check DIR``.
    """
    df, row_problems = _catalog_rows(plan)
    held = {(r.file, r.line) for r in review_rows(plan)}
    aside: list[Problem] = []  # the problems of the rows set aside
    while True:
        out = {(p.file, p.line) for p in aside}
        kept = df[[(f, ln) not in out for f, ln in zip(df["_file"], df["_line"], strict=True)]]
        problems = [p for p in row_problems if (p.file, p.line) not in out]
        problems += _duplicate_ids(kept) + _name_clashes(kept)
        more = [p for p in problems if (p.file, p.line) in held]
        if not more:
            break
        aside += more
    if problems:
        summary = f"计划 {plan.name} 的目标目录有误：请运行 liulin plan check {plan.root} 查看全部问题并改正"
        raise CatalogError(problems, summary)
    return kept.reset_index(drop=True), tuple(aside)


def _numbers(column: pd.Series) -> pd.Series:
    """A text column of numbers as floats, read as the checks read them (3,600 and full-width digits too)."""
    return column.map(lambda text: float("nan") if text == "" else _number(text)).astype(float)


@cache
def _plan_catalog(plan: Plan):
    """Read, validate and type a plan's targets and context rows (cached; callers copy)."""
    import pandas as pd

    df = _checked_catalog(plan)[0].copy()
    df["target"] = _numbers(df["target"])
    df["target_high"] = _numbers(df["target_high"])
    df["deadline"] = pd.to_datetime(df["deadline"], format="%Y-%m-%d")
    df["aliases"] = [tuple(a for a in s.split("|") if a) for s in df["aliases"]]
    lag = df["release_lag_days"].mask(df["release_lag_days"] == "", str(plan.release_lag_days))
    df["release_lag_days"] = lag.astype(int)
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
        An analyst's override file (see :func:`load_overrides`) or the frame it returned; its targets fill
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
        ============== ==========================================================================

    Raises
    ------
    CatalogError
        When the shipped catalog or the override file is invalid (every problem listed).
    """
    import pandas as pd

    plan = load_plan(plan)
    df = _plan_catalog(plan).copy()
    announce(plan, review_notice(plan, _checked_catalog(plan)[1]))
    if overrides is not None:
        ov = overrides if isinstance(overrides, pd.DataFrame) else load_overrides(overrides, plan=plan)
        pos = {iid: i for i, iid in enumerate(df["indicator_id"])}
        for _, o in ov.iterrows():
            i = pos[o["indicator_id"]]
            for col in ("target", "target_high", "comparator"):
                df.at[i, col] = o[col]
            if o["comparator"] == "between":
                df.at[i, "kind"] = "range"
            df.at[i, "target_source"] = o["source"]
            df.at[i, "has_target"] = True
    if not include_context:
        df = df[~df["is_context"] | df["has_target"]].reset_index(drop=True)
    return df


def load_overrides(path, plan: Plan | str | None = None) -> pd.DataFrame:
    """Read an analyst's target file for context indicators (CSV or XLSX) and validate it like the catalog.

    Columns: ``indicator_id`` or ``indicator`` (an id, Chinese name or alias), ``target`` (number),
    ``target_high`` (only with ``between``), ``comparator`` (``>=`` when empty), ``unit`` (the catalog unit
    when empty; converted to it otherwise), ``source`` (required: where the target comes from), ``note``.

    Returns
    -------
    pandas.DataFrame
        ``indicator_id, target, target_high, comparator, unit, source, note, raw_target, raw_unit, file, line``
        with target/target_high in the catalog unit (``line``: header = line 1).

    Raises
    ------
    CatalogError
        Listing every problem (file, line, column, value, what to do).
    """
    import pandas as pd

    path = Path(path)
    file = path.name
    if not path.is_file():
        raise CatalogError(
            [Problem(str(path), None, None, None, "找不到目标覆盖文件 / file not found", "检查路径")]
        )
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            raw = pd.read_excel(path, dtype=str, keep_default_na=False)
        else:
            raw = pd.read_csv(
                io.StringIO(path.read_text(encoding="utf-8-sig")), dtype=str, keep_default_na=False
            )
    except Exception as exc:  # unreadable file: report it like any other problem
        raise CatalogError(
            [
                Problem(
                    file, None, None, None, f"无法读取文件 / cannot read: {exc}", "另存为 UTF-8 CSV 或 .xlsx"
                )
            ]
        ) from exc
    raw.columns = [str(c).strip() for c in raw.columns]
    problems: list[Problem] = []
    unknown = [c for c in raw.columns if c not in OVERRIDE_COLUMNS]
    for c in unknown:
        problems.append(
            Problem(file, 1, c, c, "未知列 / unknown column", f"可用列：{', '.join(OVERRIDE_COLUMNS)}")
        )
    if "indicator_id" not in raw.columns and "indicator" not in raw.columns:
        problems.append(Problem(file, 1, None, None, "缺少 indicator_id 或 indicator 列", "添加其中一列"))
    for c in ("target", "source"):
        if c not in raw.columns:
            problems.append(Problem(file, 1, c, None, f"缺少必填列 {c} / missing column", f"添加 {c} 列"))
    if problems:
        raise CatalogError(problems, f"目标覆盖文件 {file} 有误")
    for c in OVERRIDE_COLUMNS:
        if c not in raw.columns:
            raw[c] = ""

    catalog = _plan_catalog(load_plan(plan))
    by_id = catalog.set_index("indicator_id")
    out, seen = [], {}
    for i, row in raw.iterrows():
        line = int(i) + 2
        row = {k: str(v).strip() for k, v in row.items()}
        if not any(row[c] for c in OVERRIDE_COLUMNS):
            continue  # a blank line in a spreadsheet
        col = "indicator_id" if row["indicator_id"] else "indicator"
        name = row[col]
        iid = resolve_indicator(name, catalog)
        if iid is None:
            guess = suggest(name, catalog)
            hint = f"您是不是要找“{guess}”？" if guess else "见 liulin targets 的指标列表"
            problems.append(Problem(file, line, col, name, "未知指标 / unknown indicator", hint))
            continue
        cat = by_id.loc[iid]
        if iid in seen:
            problems.append(
                Problem(file, line, col, name, f"与第{seen[iid]}行重复 / duplicate", "每个指标只填一行")
            )
            continue
        seen[iid] = line
        if not cat["is_context"]:
            problems.append(
                Problem(
                    file,
                    line,
                    col,
                    name,
                    "该指标的目标来自工作报告，不能覆盖",
                    "只为背景指标（无报告目标）填写目标",
                )
            )
            continue
        comparator = row["comparator"] or ">="
        if comparator not in COMPARATORS:
            problems.append(
                Problem(file, line, "comparator", comparator, "未知比较符", "填 >=、<=、== 或 between")
            )
        target, high = _number(row["target"]), _number(row["target_high"])
        if target is None:
            problems.append(
                Problem(file, line, "target", row["target"], "目标值不是数字", "填写数字，如 1500000")
            )
        if row["target_high"] and high is None:
            problems.append(
                Problem(file, line, "target_high", row["target_high"], "目标上限不是数字", "填写数字")
            )
        if comparator == "between" and (high is None or (target is not None and high <= target)):
            problems.append(
                Problem(
                    file, line, "target_high", row["target_high"], "区间目标须填写大于下限的上限", "如 3 与 5"
                )
            )
        if comparator != "between" and row["target_high"]:
            problems.append(
                Problem(
                    file,
                    line,
                    "target_high",
                    row["target_high"],
                    "只有 between 可以填上限",
                    "清空或改用 between",
                )
            )
        if not row["source"]:
            problems.append(
                Problem(file, line, "source", "", "缺少目标来源 / source is required", "注明文件名或会议")
            )
        unit = units.normalize_unit(row["unit"]) if row["unit"] else cat["unit"]
        try:
            f = units.factor(unit, cat["unit"])
        except UnitError as exc:
            problems.append(
                Problem(file, line, "unit", row["unit"], str(exc), f"用 {cat['unit']} 或可换算的单位")
            )
            f = None
        if f is None or target is None:
            continue
        out.append(
            {
                "indicator_id": iid,
                "target": target * f,
                "target_high": high * f if high is not None else float("nan"),
                "comparator": comparator,
                "unit": cat["unit"],
                "source": row["source"],
                "note": row["note"],
                "raw_target": row["target"],
                "raw_unit": row["unit"],
                "file": file,
                "line": line,
            }
        )
    if problems:
        raise CatalogError(problems, f"目标覆盖文件 {file} 有误")
    cols = [
        "indicator_id",
        "target",
        "target_high",
        "comparator",
        "unit",
        "source",
        "note",
        "raw_target",
        "raw_unit",
    ]
    return pd.DataFrame(out, columns=[*cols, "file", "line"])


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
