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
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from ..core.exceptions import PeriodError, PlanError
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
            return read_plan(base / ref)
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

    problems = _key_problems(data)
    if problems:
        raise PlanError(f"无法写入 {PLAN_FILE}：" + "；".join(problems))
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


@cache
def _read_plan(folder: Path, stamp: tuple = ()) -> Plan:
    import yaml

    path = folder / PLAN_FILE
    try:
        data, duplicates = read_yaml(read_yaml_file(path))  # a device or an oversized file: refused
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PlanError(f"无法读取计划文件 {path}：{exc}") from None
    data = data or {}
    problems = [f"{key} 写了两次（第{a}行和第{b}行），请删去其中一行" for key, a, b in duplicates]
    problems += _key_problems(data)
    if problems:
        raise PlanError(f"计划文件 {path} 有误：" + "；".join(problems))
    return Plan(
        name=str(data["name"]),
        region=str(data["region"]),
        year=int(data["year"]),
        title=str(data["title"]),
        root=folder,
        report=str(data["report"]),
        report_title=str(data.get("report_title") or f"{data['year']}年{data['region']}政府工作报告"),
        timezone=str(data.get("timezone") or DEFAULT_TIMEZONE),
        release_lag_days=int(data.get("release_lag_days") or DEFAULT_RELEASE_LAG_DAYS),
        sample=dict(data.get("sample") or {}),
        shipped=folder.is_relative_to(shipped_plans_dir().resolve()),
        stamp=stamp,
    )


def _key_problems(data: object) -> list[str]:
    if not isinstance(data, dict):
        return ["应为“键: 值”的映射"]
    problems = [f"缺少 {k}" for k in REQUIRED_KEYS if data.get(k) in (None, "")]
    problems += [
        f"未知的键 {k}（可用：{', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)}）"
        for k in data
        if k not in REQUIRED_KEYS + OPTIONAL_KEYS
    ]
    year = data.get("year")
    if year is not None and not (isinstance(year, int) and 1900 <= year <= 2100):
        problems.append(f"year 应为四位年份，而不是 {year!r}")
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


def read_table(folder: str | os.PathLike, name: str, required: bool = True):
    """A plan folder's CSV file as a DataFrame of text columns (its header kept even without rows)."""
    import pandas as pd

    header, rows = _csv(folder, name, required)
    return pd.DataFrame(rows, columns=header, dtype=object)
