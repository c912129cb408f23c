"""Plans: one place's work report for one year, as data.

A plan is a folder::

    plan.yaml               name, region, year, title, report, report_title, timezone, release_lag_days, sample
    report.txt              the work report (UTF-8): the provenance of every catalog row
    targets.csv             one row per numeric target or dated milestone (docs/architecture.md)
    tasks.csv               the report's major tasks (optional)
    context_indicators.csv  indicators tracked without a target (optional)
    profiles.csv            expected-pace shapes added to the package's own (optional)
    exclusions.csv          numbers of the report no row uses, with the reason (optional)
    history.csv             published figures of earlier years (optional)

The shipped plan, :data:`DEFAULT_PLAN`, lives in ``liulin_data/plans/``. Users keep their own plans in ``./plans``
or in the folder named by ``$LIULIN_PLANS``; :func:`load_plan` takes a plan name or a folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..core.exceptions import PeriodError, PlanError, Problem
from ..core.periods import Month, parse_month
from ..files import FileProblem, read_plain
from ..files.yamlfile import read_yaml, read_yaml_file

DEFAULT_PLAN = "liulin-2026"  # the plan every entry point uses when none is named
PLAN_FILE = "plan.yaml"
PLANS_ENV = "LIULIN_PLANS"  # a folder of the user's plans
USER_PLANS_DIR = "plans"  # ./plans, relative to the working directory
DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_RELEASE_LAG_DAYS = 25
REQUIRED_KEYS = ("name", "region", "year", "title", "report")
OPTIONAL_KEYS = ("report_title", "timezone", "release_lag_days", "sample", "preferred_source")
SAMPLE_KEYS = ("actuals", "milestones")
CATALOG_FILES = ("targets.csv", "context_indicators.csv")  # the rows a plan tracks (plan/catalog.py)
# listeners of announce(plan, text): what a user must know about a plan (the command line prints each once)
NOTICES: list[Callable[[Plan, str], Any]] = []
MAX_RELEASE_LAG_DAYS = 366  # a figure due more than a year after its month is no release calendar


@dataclass(frozen=True)
class Plan:
    """One place's work report for one year (read from a plan folder by :func:`load_plan`)."""

    name: str  # folder-safe name: the default plan's is DEFAULT_PLAN
    region: str  # 柳林县
    year: int  # the report's year, e.g. 2027
    title: str  # 柳林县YYYY年目标任务跟踪
    root: Path  # the plan folder
    report: str = "report.txt"  # file name of the report text, in the folder
    report_title: str = ""  # YYYY年柳林县政府工作报告
    timezone: str = DEFAULT_TIMEZONE
    release_lag_days: int = DEFAULT_RELEASE_LAG_DAYS
    # {"actuals": file, "milestones": file}
    sample: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    shipped: bool = False  # inside the package
    # (name, size, mtime) of the folder's files when read: an edited file makes another Plan, so the
    # caches keyed by a Plan (catalog, report text, profiles) never serve a stale copy in a long-lived kernel
    stamp: tuple = field(default=(), repr=False)

    def path(self, name: str) -> Path:
        """A file of the plan folder (it may not exist: optional files)."""
        return self.root / name

    def has(self, name: str) -> bool:
        """True when the plan folder holds ``name``."""
        return self.path(name).is_file()

    @property
    def first_month(self) -> Month:
        return Month(self.year, 1)

    @property
    def last_month(self) -> Month:
        return Month(self.year, 12)

    def check_month(self, value: object) -> Month:
        """``value`` as a month of this plan's year; PeriodError naming the year otherwise."""
        month = parse_month(value)
        if month.year != self.year:
            raise PeriodError(
                f"截至月份 {month} 不在{self.title}的年度内：请填 {self.year}-01 至 {self.year}-12 之间的月份"
            )
        return month

    def briefing_title(self, kind: str) -> str:
        """A briefing's title: place and year from the plan, then the kind (月度简报 → 柳林县…年目标任务月度简报)."""
        return f"{self.region}{self.year}年目标任务{kind}"

    @property
    def pending_reviews(self) -> int:
        """How many catalog rows wait for a person's review (待复核: their ``review`` column is filled)."""
        return len(review_rows(self))

    @property
    def review_banner(self) -> str:
        """What a page or a terminal shows above anything made from this plan while rows wait for review:
        计划未复核：N 行待复核 ('' when none waits)."""
        n = self.pending_reviews
        return f"计划未复核：{n} 行待复核" if n else ""

    def sample_paths(self) -> list[Path]:
        """The plan's synthetic sample files (actuals, milestone log); empty for a plan without a sample."""
        return [self.path(self.sample[k]) for k in ("actuals", "milestones") if self.sample.get(k)]

    def __str__(self) -> str:
        return self.name


def shipped_plans_dir() -> Path:
    """``liulin_data/plans``: the plans that come with the package."""
    return Path(str(files("liulin_data") / "plans"))


def user_plans_dirs() -> list[Path]:
    """The folders searched for the user's plans: ``$LIULIN_PLANS`` first, then ``./plans``."""
    dirs = [Path(p).expanduser() for p in os.environ.get(PLANS_ENV, "").split(os.pathsep) if p]
    return [*dirs, Path.cwd() / USER_PLANS_DIR]


def _plan_dirs(base: Path) -> list[Path]:
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if (p / PLAN_FILE).is_file())


def list_plans() -> list[Plan]:
    """Every plan found: the user's folders first, then the shipped ones (a user plan hides a namesake)."""
    seen: dict[str, Plan] = {}
    for base in [*user_plans_dirs(), shipped_plans_dir()]:
        for folder in _plan_dirs(base):
            plan = read_plan(folder)
            seen.setdefault(plan.name, plan)
    for plan in seen.values():
        announce(plan, shadow_notice(plan))
    return list(seen.values())


def load_plan(plan: Plan | str | os.PathLike | None = None) -> Plan:
    """The plan named ``plan``: a :class:`Plan`, a plan folder, or a name (user plans, then shipped).

    ``None`` means :data:`DEFAULT_PLAN`. Raises :class:`PlanError` naming what was looked for and where.
    """
    if isinstance(plan, Plan):
        return plan
    ref = DEFAULT_PLAN if plan is None else str(plan)
    folder = Path(ref).expanduser()
    if (folder / PLAN_FILE).is_file():
        return read_plan(folder)
    for base in [*user_plans_dirs(), shipped_plans_dir()]:
        if (base / ref / PLAN_FILE).is_file():
            found = read_plan(base / ref)
            announce(found, shadow_notice(found))  # found by its name: the user may not know which one
            return found
    known = ", ".join(p.name for p in list_plans()) or "（无）"
    raise PlanError(f"找不到计划“{ref}”：既不是含 {PLAN_FILE} 的文件夹，也不是已知计划名。已知计划：{known}")


def shadowed_plan(plan: Plan) -> Path | None:
    """The shipped plan folder that ``plan`` (a user's plan of the same name, in ./plans or $LIULIN_PLANS)
    hides, or None: such a plan replaces the shipped one for every command that names it (or none)."""
    if plan.shipped:
        return None
    shipped = shipped_plans_dir() / plan.name
    return shipped if (shipped / PLAN_FILE).is_file() else None


def shadow_notice(plan: Plan) -> str:
    """One line announcing that ``plan`` hides the shipped plan of its name ('' when it does not)."""
    shipped = shadowed_plan(plan)
    if shipped is None:
        return ""
    return (
        f"注意：计划“{plan.name}”用的是 {plan.root}，不是随包附带的同名计划；"
        f"要用随包计划，请把该文件夹改名，或写 --plan {shipped}"
    )


def announce(plan: Plan, text: str) -> None:
    """Tell whoever listens (:data:`NOTICES`; the command line prints to stderr) something the user of ``plan``
    must know: it hides a shipped plan of its name, its rows wait for review."""
    if text:
        for listener in list(NOTICES):
            listener(plan, text)


def export_plan(plan: Plan | str | os.PathLike | None, folder: str | os.PathLike) -> Path:
    """Copy a plan's folder to ``folder`` so it can be edited (next year's plan, another county's).

    Refuses (:class:`PlanError`) when ``folder`` exists; the copy appears whole or not at all (it is made in a
    temporary folder beside it, then renamed). Returns the new folder.
    """
    import shutil
    import tempfile

    source = load_plan(plan)
    dest = Path(folder).expanduser()
    if dest.exists():
        raise PlanError(f"{dest} 已存在：导出不会覆盖已有的文件夹，请换一个新的文件夹名")
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        shutil.copytree(source.root, staging / "plan", ignore=shutil.ignore_patterns("__pycache__"))
        os.rename(staging / "plan", dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest


def write_plan_file(folder: str | os.PathLike, data: dict) -> Path:
    """Write ``folder/plan.yaml`` from ``data`` (keys of :data:`REQUIRED_KEYS` and :data:`OPTIONAL_KEYS`, in that
    order; Chinese kept readable). Raises :class:`PlanError` when a key is missing, unknown or malformed."""
    import yaml

    problems = _key_problems(data, Path(folder))
    if problems:
        raise PlanError(f"无法写入 {PLAN_FILE}：" + _joined(problems))
    ordered = {k: data[k] for k in REQUIRED_KEYS + OPTIONAL_KEYS if data.get(k) not in (None, "", {})}
    path = Path(folder) / PLAN_FILE
    path.write_text(yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _read_plan.cache_clear()  # a plan.yaml written again in this process is read again
    return path


def read_plan(folder: str | os.PathLike) -> Plan:
    """Read ``folder/plan.yaml`` (cached per folder and state of its files: an edit is seen at once)."""
    folder = Path(folder).resolve()
    return _read_plan(folder, _stamp(folder))


def _stamp(folder: Path) -> tuple:
    """The plan folder's files as (name, size, mtime_ns): cheap, and changed by any edit."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
        return tuple((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries if e.is_file())
    except OSError:
        return ()


def plan_file_problems(folder: str | os.PathLike) -> list[Problem]:
    """Every problem of ``folder/plan.yaml``: unreadable, not a mapping, a key written twice, a key missing or
    unknown, a value of the wrong kind (each a :class:`Problem` naming the key, the value and what to write)."""
    return _plan_yaml(Path(folder).resolve())[1]


def _plan_yaml(folder: Path) -> tuple[dict, list[Problem]]:
    import yaml

    path = folder / PLAN_FILE
    try:
        data, duplicates = read_yaml(read_yaml_file(path))  # a device or an oversized file: refused
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return {}, [_problem("plan_yaml_unreadable", None, None, reason=" ".join(str(exc).split()))]
    problems = [_problem("plan_key_twice", key, None, first=a, second=b) for key, a, b in duplicates]
    return data or {}, problems + _key_problems(data or {}, folder)


@cache
def _read_plan(folder: Path, stamp: tuple = ()) -> Plan:
    data, problems = _plan_yaml(folder)
    if problems:
        raise PlanError(
            f"计划文件 {folder / PLAN_FILE} 有误：{_joined(problems)}。改正后可运行 liulin plan check {folder} 检查整个计划"
        )
    return Plan(
        name=str(data["name"]),
        region=str(data["region"]),
        year=int(data["year"]),
        title=str(data["title"]),
        root=folder,
        report=str(data["report"]),
        report_title=str(data.get("report_title") or f"{data['year']}年{data['region']}政府工作报告"),
        timezone=str(data.get("timezone") or DEFAULT_TIMEZONE),
        release_lag_days=(
            DEFAULT_RELEASE_LAG_DAYS
            if data.get("release_lag_days") is None
            else int(data["release_lag_days"])
        ),
        sample=dict(data.get("sample") or {}),
        shipped=folder.is_relative_to(shipped_plans_dir().resolve()),
        stamp=stamp,
    )


def _problem(code: str, column: str | None, value: object, **fields: Any) -> Problem:
    """The problem ``code`` of plan.yaml at the key ``column``, with the value written there."""
    return Problem.of(code, PLAN_FILE, None, column, None if value is None else str(value), **fields)


def _joined(problems: list[Problem]) -> str:
    """Problems of plan.yaml as one sentence: key, what is wrong, the value, what to write."""
    parts = []
    for p in problems:
        text = f"{p.column + ' ' if p.column else ''}{p.message}"
        text += f"（值：{p.value!r}）" if p.value is not None else ""
        parts.append(text + (f"：{p.hint}" if p.hint else ""))
    return "；".join(parts)


def _key_problems(data: object, folder: Path | None = None) -> list[Problem]:
    """Every problem of plan.yaml's keys and values."""
    if not isinstance(data, dict):
        return [_problem("plan_not_mapping", None, data)]
    known = ", ".join(REQUIRED_KEYS + OPTIONAL_KEYS)
    problems = [
        _problem("plan_key_missing", k, None, key=k) for k in REQUIRED_KEYS if data.get(k) in (None, "")
    ]
    problems += [
        _problem("plan_key_unknown", str(k), None, known=known)
        for k in data
        if k not in REQUIRED_KEYS + OPTIONAL_KEYS
    ]
    for key in ("name", "region", "title", "report", "report_title", "timezone"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str | int | float) and not isinstance(value, bool)):
            problems.append(_problem("plan_value_not_text", key, value))
    year = data.get("year")
    if year is not None and not _whole(year, 1900, 2100):
        problems.append(_problem("plan_year", "year", year))
    lag = data.get("release_lag_days")
    if lag is not None and not _whole(lag, 0, MAX_RELEASE_LAG_DAYS):
        lag_fields = dict(most=MAX_RELEASE_LAG_DAYS, default=DEFAULT_RELEASE_LAG_DAYS)
        problems.append(_problem("plan_release_lag", "release_lag_days", lag, **lag_fields))
    preferred = data.get("preferred_source")  # a source's name, or a list of them (first preferred first)
    if preferred is not None and not all(
        isinstance(v, str) for v in (preferred if isinstance(preferred, list) else [preferred])
    ):
        problems.append(_problem("plan_preferred_source", "preferred_source", preferred))
    problems += _timezone_problems(data.get("timezone"))
    problems += _file_problems("report", data.get("report"), folder)
    problems += _sample_problems(data.get("sample"), folder)
    return problems


def _whole(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _timezone_problems(name: object) -> list[Problem]:
    if name in (None, ""):
        return []
    try:
        ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return [_problem("plan_timezone", "timezone", name, default=DEFAULT_TIMEZONE)]
    return []


def _file_problems(key: str, name: object, folder: Path | None) -> list[Problem]:
    """A file named in plan.yaml must be a file name inside the plan folder (no absolute path, no ..)."""
    if not isinstance(name, str) or not name:
        return []
    path = Path(name)
    inside = not path.is_absolute() and ".." not in path.parts and "\\" not in name
    if inside and folder is not None:
        inside = (folder / path).resolve().is_relative_to(folder.resolve())
    if inside:
        return []
    return [_problem("plan_file_outside", key, name)]


def _sample_problems(sample: object, folder: Path | None) -> list[Problem]:
    if sample in (None, "", {}):
        return []
    if not isinstance(sample, dict):
        return [_problem("plan_sample_not_mapping", "sample", sample)]
    problems = [
        _problem("plan_sample_key_unknown", f"sample.{k}", None) for k in sample if k not in SAMPLE_KEYS
    ]
    for key in SAMPLE_KEYS:
        value = sample.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(_problem("plan_sample_not_file_name", f"sample.{key}", value))
        else:
            problems += _file_problems(f"sample.{key}", value, folder)
    return problems


def _csv(folder: str | os.PathLike, name: str, required: bool) -> tuple[list[str], list[dict[str, str]]]:
    """(header, rows) of a plan folder's CSV file, every cell text ('' when empty), read by the one reader of
    table files (UTF-8, GB18030 or UTF-16; a ragged line or bytes that do not decode are problems)."""
    path = Path(folder) / name
    if not path.exists():
        if required:
            raise PlanError(f"找不到 {path}：计划文件夹中缺少 {name}")
        return [], []
    try:
        table = read_plain(path)
    except FileProblem as fp:
        raise PlanError(f"无法读取 {path}：" + "；".join(str(p) for p in fp.problems)) from None
    if table.problems:
        raise PlanError(f"{path} 有无法读取的行：" + "；".join(str(p) for p in table.problems))
    return table.header, table.dicts()


def read_rows(folder: str | os.PathLike, name: str, required: bool = False) -> list[dict[str, str]]:
    """Rows of a plan folder's CSV file as text ('' for an empty cell); none for an absent optional file.

    The one reader of plan CSV files (targets, context indicators, tasks, exclusions, results …). Raises
    :class:`PlanError` naming the file when it cannot be read, or when a ``required`` file is missing.
    """
    return _csv(folder, name, required)[1]


@dataclass(frozen=True)
class ReviewRow:
    """A catalog row whose optional ``review`` column is filled: someone must check it (待复核)."""

    file: str
    line: int  # as a spreadsheet user sees it (header = line 1)
    indicator_id: str
    indicator: str
    review: str  # what to check


def review_rows(plan: Plan) -> tuple[ReviewRow, ...]:
    """The rows of the plan's catalog files (:data:`CATALOG_FILES`) waiting for review, in file order."""
    return _review_rows(plan)


@cache
def _review_rows(plan: Plan) -> tuple[ReviewRow, ...]:
    return tuple(
        ReviewRow(name, line, row.get("indicator_id", ""), row.get("indicator", ""), row["review"].strip())
        for name in CATALOG_FILES
        for line, row in enumerate(read_rows(plan.root, name), start=2)
        if (row.get("review") or "").strip()
    )


def review_notice(plan: Plan, set_aside: Sequence[Problem] = ()) -> str:
    """What a terminal says of a plan whose rows wait for review: the banner, the rows left out of the catalog
    until then (``set_aside``: their problems), and what to do; '' when no row waits."""
    if not plan.pending_reviews:
        return ""
    lines = list(dict.fromkeys(f"{p.file} 第{p.line}行" for p in set_aside))
    text = plan.review_banner
    if lines:
        more = "等" if len(lines) > 5 else ""
        text += f"（其中 {len(lines)} 行有问题，复核前不跟踪：{'、'.join(lines[:5])}{more}）"
    return f"{text}。复核后清空 review 列，再运行 liulin plan check {plan.root}"


def read_report(plan: Plan) -> str:
    """The plan's report text (UTF-8, as the plan folder's format says); PlanError naming the file and what to
    do when it is in another encoding (GBK, a common way to save a Chinese text). A missing or unreadable
    file is the OSError of reading it (the command line names the path)."""
    path = plan.path(plan.report)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        guess = "看起来是 GBK/GB18030 编码" if _decodes(path, "gb18030") else "无法识别的编码"
        raise PlanError(
            f"计划 {plan.name} 的报告原文 {path} 不是 UTF-8 编码（{guess}）：请另存为 UTF-8，"
            f"然后运行 liulin plan check {plan.root}"
        ) from None


def _decodes(path: Path, encoding: str) -> bool:
    try:
        path.read_bytes().decode(encoding)
    except (OSError, UnicodeDecodeError):
        return False
    return True


def read_table(folder: str | os.PathLike, name: str, required: bool = True):
    """A plan folder's CSV file as a DataFrame of text columns (its header kept even without rows)."""
    import pandas as pd

    header, rows = _csv(folder, name, required)
    return pd.DataFrame(rows, columns=header, dtype=object)
