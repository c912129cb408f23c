"""A plan's target catalog: targets and milestones of a work report, its major tasks, analysts' overrides.

Files of the plan folder (see :mod:`liulin_data.plan`; the shipped plan is in ``liulin_data/plans/``):

- ``report.txt`` — the work report, byte for byte as published (the provenance of every row);
- ``targets.csv`` — one row per numeric target or dated milestone of the report;
- ``context_indicators.csv`` — indicators analysts track that have no target in the report (empty ``target``);
- ``tasks.csv`` — the 15 major tasks (15件大事要事) in the report's order;
- ``exclusions.csv`` — every number of the report that no catalog row uses, with the reason (used by the tests).

An analyst's targets for context indicators are read by :mod:`liulin_data.plan.overrides`.

Every function takes a resolved :class:`~liulin_data.plan.folder.Plan`; a plan name or folder is resolved at
the door (``liulin_data.load_targets``, :mod:`liulin_data.session.doors`).

The shipped files are validated on first load (a broken row raises :class:`CatalogError` listing every problem)
and cached; every public function returns a fresh copy.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from ..core import measures, statuses, units
from ..core.exceptions import CatalogError, Problem
from ..core.names import NameIndex
from ..core.tables import format_table
from .folder import (
    MAX_RELEASE_LAG_DAYS,
    Plan,
    announce,
    read_report,
    read_rows,
    review_notice,
    review_rows,
)
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

# the largest target a catalog row may hold (in its unit): larger is a slip (an exponent, zeros), and sums of
# such numbers would overflow
MAX_TARGET = 1e15

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DOMAIN_CHOICES = ", ".join(DOMAINS)  # a problem's `allowed` field: the domains a row or task may name


def _milestone_choices() -> str:
    """The milestone types with their labels, as a problem's hint lists them: start（开工）、complete（完工）…"""
    return "、".join(f"{k}（{v}）" for k, v in statuses.MILESTONE_TYPE_LABELS.items())


def _read_rows(plan: Plan, name: str) -> list[dict[str, str]]:
    """Rows of a plan's CSV file (:func:`liulin_data.plan.read_rows`); an absent optional file has none."""
    return read_rows(plan.root, name)


def report_text(plan: Plan) -> str:
    """Return the text of the plan's work report, the source of every row."""
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
                Problem.of("task_no_not_integer", TASKS_FILE, line, "task_no", row.get("task_no"))
            )
        if not row.get("task"):
            problems.append(Problem.of("task_blank", TASKS_FILE, line, "task", ""))
        if row.get("domain") not in DOMAINS:
            problems.append(
                Problem.of(
                    "domain_unknown", TASKS_FILE, line, "domain", row.get("domain"), allowed=_DOMAIN_CHOICES
                )
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


def load_tasks(plan: Plan) -> pd.DataFrame:
    """Return the plan's major tasks (Liulin: 15件大事要事) in the report's order.

    Columns: ``task_no`` (int, from 1), ``task`` (Chinese, as the report writes it), ``domain``. Empty when
    the report lists none.
    """
    return _tasks(plan).copy()


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
    expected, optional = ",".join(COLUMNS), ",".join(OPTIONAL_COLUMNS)
    return [
        Problem.of("catalog_header", file, 1, None, ",".join(header), expected=expected, optional=optional)
    ]


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

    def bad(self, code: str, column: str, value: str, **fields) -> None:
        """The problem ``code`` (:mod:`liulin_data.core.problem_codes`) at this row's ``column``."""
        self.problems.append(Problem.of(code, self.file, self.line, column, value, **fields))

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
            self.bad("catalog_id_not_snake", "indicator_id", row["indicator_id"])
        if row["domain"] not in DOMAINS:
            self.bad("domain_unknown", "domain", row["domain"], allowed=_DOMAIN_CHOICES)
        # a task names one of tasks.csv; empty = the row is under none of them (the report's main-targets
        # paragraph, a plan without tasks.csv): readers see it as 未归入大事要事
        if row["task"] and row["task"] not in self.task_names:
            self.bad("catalog_task_unknown", "task", row["task"], has_tasks=bool(self.task_names))
        if not row["indicator"]:
            self.bad("catalog_indicator_blank", "indicator", row["indicator"])
        for column, allowed, code in (
            ("kind", KINDS, "catalog_kind_unknown"),
            ("comparator", COMPARATORS, "catalog_comparator_unknown"),
            ("basis", BASES, "catalog_basis_unknown"),
            ("profile", self.profiles, "catalog_profile_unknown"),
        ):
            if row[column] not in allowed:
                self.bad(code, column, row[column], allowed=", ".join(allowed))

    def provenance(self, row: dict[str, str]) -> None:
        """Section and quote are verbatim in the report; the deadline is a date of the plan's year."""
        year, report = self.plan.year, self.plan.report
        if row["section"] and row["section"] not in self.text:
            self.bad("catalog_section_not_in_report", "section", row["section"], report=report)
        if not row["source_quote"] or row["source_quote"] not in self.text:
            self.bad("catalog_quote_not_in_report", "source_quote", row["source_quote"], report=report)
        if not _is_date(row["deadline"]) or not row["deadline"].startswith(f"{year}-"):  # YYYY-02-30 too
            self.bad("catalog_deadline", "deadline", row["deadline"], year=year)

    def milestone(self, row: dict[str, str]) -> None:
        """Comparator, target, unit, basis and profile of a milestone; its type says what completes it."""
        if (row["comparator"], row["target"], row["unit"], row["basis"], row["profile"]) != (
            "==", "", "", "milestone", "none"
        ):  # fmt: skip
            self.bad("catalog_milestone_shape", "kind", row["kind"])
        if not row.get("milestone_type"):
            self.bad("catalog_milestone_type_missing", "milestone_type", "", choices=_milestone_choices())

    def numeric(self, row: dict[str, str], context: bool) -> None:
        """Kind, comparator, target and unit agree."""
        kind, comp, unit = row["kind"], row["comparator"], row["unit"]
        target, high = _number(row["target"]), _number(row["target_high"])
        if row["target"] and target is None:
            self.bad("catalog_target_not_number", "target", row["target"])
        if row["target_high"] and high is None:
            self.bad("catalog_high_not_number", "target_high", row["target_high"])
        for column, value in (("target", target), ("target_high", high)):
            if value is not None and not abs(value) <= MAX_TARGET:  # NaN and infinities too
                self.bad(
                    "catalog_target_unreasonable", column, row[column], unit=unit or "（空）", most=MAX_TARGET
                )
        if not units.is_known(unit):
            self.bad("catalog_unit_unknown", "unit", unit)
        if row["basis"] == "milestone":
            self.bad("catalog_basis_milestone", "basis", row["basis"])
        if context and (row["target"] or row["target_high"]):
            self.bad("catalog_context_target", "target", row["target"])
        elif not context and target is None:
            self.bad("catalog_target_missing", "target", row["target"])
        if kind == "range":
            if comp != "between" or (not context and (high is None or target is None or high <= target)):
                self.bad("catalog_range", "target_high", row["target_high"])
        elif comp == "between" or row["target_high"]:
            self.bad("catalog_between_not_range", "comparator", comp)
        if kind in ("ratio", "growth") and unit != "%":
            self.bad("catalog_rate_unit", "unit", unit)

    def optional(self, row: dict[str, str]) -> None:
        """The optional columns: milestone_type (milestones only), release_lag_days (whole days) and the target
        model's words (:func:`liulin_data.core.measures.problems`)."""
        self.problems += measures.problems(row, self.file, self.line)
        kind_of_milestone = row.get("milestone_type") or ""
        if kind_of_milestone and kind_of_milestone not in MILESTONE_TYPES:
            self.bad(
                "catalog_milestone_type_unknown",
                "milestone_type",
                kind_of_milestone,
                choices=_milestone_choices(),
            )
        elif kind_of_milestone and row["kind"] != "milestone":
            self.bad("catalog_milestone_type_not_milestone", "milestone_type", kind_of_milestone)
        lag = row.get("release_lag_days") or ""
        if lag and not (lag.isdigit() and int(lag) <= MAX_RELEASE_LAG_DAYS):
            self.bad(
                "catalog_release_lag",
                "release_lag_days",
                lag,
                default=self.plan.release_lag_days,
                most=MAX_RELEASE_LAG_DAYS,
            )


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
        Problem.of("catalog_duplicate_id", r["_file"], r["_line"], "indicator_id", r["indicator_id"])
        for r in repeated.to_dict("records")
    ]


def _name_clashes(df: pd.DataFrame) -> list[Problem]:
    """Names (ids, report names, aliases) that point at two rows; the problem names the second row."""
    where = {r["indicator_id"]: (r["_file"], r["_line"]) for r in df.to_dict("records")}
    return [
        Problem.of(
            "catalog_name_clash",
            *where.get(other, (TARGETS_FILE, None)),
            "aliases",
            name,
            first=first,
            other=other,
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


def catalog_problems(plan: Plan) -> list[Problem]:
    """Every problem of a plan's targets.csv, context_indicators.csv, tasks.csv and profiles.csv, without raising."""
    return _raw_catalog(plan)[1]


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
    _fill_model(df, read_profiles(plan)[0])
    df["has_target"] = (df["kind"] == "milestone") | df["target"].notna()
    df["target_source"] = [plan.report_title if not c else "" for c in df["is_context"]]
    return df.drop(columns=["_line", "_file"])


def load_targets(overrides=None, include_context: bool = True, *, plan: Plan) -> pd.DataFrame:
    """Return a plan's target catalog, one row per target or milestone.

    Parameters
    ----------
    plan : Plan
        The plan (:func:`liulin_data.load_targets`, a door, takes a name, a folder or None for the default
        plan).
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

    df = _plan_catalog(plan).copy()
    announce(plan, review_notice(plan, _checked_catalog(plan)[1]))
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


def resolve_indicator(name: str, targets: pd.DataFrame) -> str | None:
    """Return the ``indicator_id`` that ``name`` designates in the catalog ``targets``, or None.

    ``name`` may be an indicator_id, the Chinese name or an alias, matched by :func:`liulin_data.core.names.name_key`
    (``'其中：原煤产量（万吨）'`` → ``'raw_coal_output'``).
    """
    return None if name is None else NameIndex.from_targets(targets).resolve(name)


def suggest(name: str, targets: pd.DataFrame) -> str | None:
    """Return the Chinese name of the closest indicator of ``targets`` (for “您是不是要找 原煤产量？”), or None."""
    return NameIndex.from_targets(targets).suggest(name)


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
