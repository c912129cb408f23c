"""Expected-pace profiles: the one reader of ``profiles.csv``.

A profile says which share of an annual target is due by the end of each month. The package ships its own
(``liulin_data/data/profiles.csv``: linear, harvest, sown_area, back_loaded, deadline, none); a plan folder may
hold a ``profiles.csv`` of the same layout that adds shapes or overrides one of the package's by name.

Columns: ``profile`` (snake_case name), ``description`` (Chinese; the short name before '：' is the label a
reader sees), ``m01`` … ``m12`` (cumulative share due by the end of each month: numbers in [0, 1],
non-decreasing, ``m12`` = 1; all empty = no numeric pace, as for milestones).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from ..core.exceptions import CatalogError, Problem
from ..files import FileProblem, read_plain
from .folder import Plan

PROFILES_FILE = "profiles.csv"  # in liulin_data/data/ and, optionally, in a plan folder
PACKAGE_FILE_LABEL = "liulin_data/data/profiles.csv"  # how a problem names the package's own file
MONTHS = 12
MONTH_COLUMNS = tuple(f"m{k:02d}" for k in range(1, MONTHS + 1))
COLUMNS = ("profile", "description", *MONTH_COLUMNS)
NO_PACE = "none"  # the profile of milestones: no numeric pace (always defined)
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


@dataclass(frozen=True)
class Profile:
    """One expected-pace shape."""

    name: str
    description: str  # 匀速：全年目标按月均匀完成……
    shares: tuple[float, ...] | None  # cumulative share due by the end of months 1..12; None = no pace

    @property
    def label(self) -> str:
        """The short Chinese name a reader sees (匀速, 秋收 …)."""
        return self.description.split("：", 1)[0]


def _read(path: Path, file: str) -> tuple[dict[str, Profile], list[Problem]]:
    """Profiles of one CSV file and every problem of it (``file`` names it in the problems), read by the one
    reader of table files (files.read_plain)."""
    try:
        table = read_plain(path, file)
    except FileProblem as fp:
        return {}, list(fp.problems)
    if tuple(table.header) != COLUMNS:
        header = ",".join(table.header)
        return {}, [Problem.of("profiles_header", file, 1, None, header, expected=",".join(COLUMNS))]
    out: dict[str, Profile] = {}
    problems: list[Problem] = list(table.problems)
    for line, row in zip(table.lines, table.dicts(), strict=True):
        profile, found = _row_profile(row, file, line)
        problems += found
        if profile is not None and profile.name in out:
            problems.append(Problem.of("profile_duplicate", file, line, "profile", profile.name))
        elif profile is not None:
            out[profile.name] = profile
    return out, problems


def _row_profile(row: dict[str, str], file: str, line: int) -> tuple[Profile | None, list[Problem]]:
    name = (row.get("profile") or "").strip()
    description = (row.get("description") or "").strip()
    cells = [(row.get(c) or "").strip() for c in MONTH_COLUMNS]
    problems = []
    if not _SNAKE.match(name):
        problems.append(Problem.of("profile_name", file, line, "profile", name))
    if not description:
        problems.append(Problem.of("profile_description_missing", file, line, "description", ""))
    if not any(cells):
        return (None if problems else Profile(name, description, None)), problems
    value = ",".join(cells)
    try:
        shares = tuple(float(c) for c in cells)
    except ValueError:
        return None, [*problems, Problem.of("profile_shares_not_numbers", file, line, "m01..m12", value)]
    if any(not 0 <= s <= 1 for s in shares) or any(b < a for a, b in zip(shares, shares[1:], strict=False)):
        problems.append(Problem.of("profile_shares_not_cumulative", file, line, "m01..m12", value))
    elif not math.isclose(shares[-1], 1.0):
        problems.append(Problem.of("profile_m12_not_one", file, line, "m12", cells[-1]))
    return (None if problems else Profile(name, description, shares)), problems


@cache
def _package() -> tuple[dict[str, Profile], tuple[Problem, ...]]:
    path = Path(str(files("liulin_data") / "data" / PROFILES_FILE))
    found, problems = _read(path, PACKAGE_FILE_LABEL)
    return found, tuple(problems)


@cache
def _plan_profiles(plan: Plan) -> tuple[dict[str, Profile], tuple[Problem, ...]]:
    found, problems = dict(_package()[0]), list(_package()[1])
    if plan.has(PROFILES_FILE):
        own, own_problems = _read(plan.path(PROFILES_FILE), PROFILES_FILE)
        found.update(own)
        problems += own_problems
    found.setdefault(NO_PACE, Profile(NO_PACE, "无数值进度", None))
    return found, tuple(problems)


def read_profiles(plan: Plan) -> tuple[dict[str, Profile], list[Problem]]:
    """The plan's sound profiles and every problem of the files, without raising (for ``liulin plan check``)."""
    found, problems = _plan_profiles(plan)
    return dict(found), list(problems)


def load_profiles(plan: Plan) -> dict[str, Profile]:
    """The profiles a plan's targets may name: the package's, plus or overridden by the plan's own.

    Raises :class:`CatalogError` listing every problem of the files (file, line, column, value, hint).
    """
    found, problems = _plan_profiles(plan)
    if problems:
        raise CatalogError(list(problems), f"计划 {plan.name} 的进度曲线文件有误")
    return dict(found)


def package_profiles() -> dict[str, Profile]:
    """The package's own profiles (``liulin_data/data/profiles.csv``), without any plan's additions."""
    found, problems = _package()
    if problems:
        raise CatalogError(list(problems), "进度曲线文件有误")
    out = dict(found)
    out.setdefault(NO_PACE, Profile(NO_PACE, "无数值进度", None))
    return out


def profile_names(plan: Plan) -> list[str]:
    """Names of the profiles a plan's targets may name."""
    return list(load_profiles(plan))


def profile_labels(plan: Plan) -> dict[str, str]:
    """Profile name → the short Chinese name a reader sees (匀速, 秋收, 播种面积 …)."""
    return {name: p.label for name, p in load_profiles(plan).items()}
