"""What a target measures and how it is judged: the words of the target model, their Chinese labels, and
their derivation from the catalog's older columns.

Every catalog row (``targets.csv``) says, in five optional columns read by :mod:`liulin_data.plan.catalog`:

``measure``
    ``flow`` (summed over the months: 原煤产量, 新增城镇就业, counts of things done — 新增肉牛, 煤矿竣工验收),
    ``level`` (a level or stock as of a date: 林麝存栏, 粮食播种面积, 重点项目个数), ``rate`` (a rate or a
    share: a level in %, 新建项目开工率), ``growth`` (year-on-year growth of a flow, judged in 百分点:
    到位资金增长), ``event`` (one announcement: 入选国家和美乡村), ``milestone`` (a dated milestone).
``direction``
    ``at_least`` (以上), ``at_most`` (a cap: 不超过、控制在……以内), ``range`` (3-5户), ``about`` (左右, 稳定在).
``final_when``
    ``deadline`` (final at the row's deadline; a target met by then stays met), ``full_year`` (a verdict
    only on the full year's figure: growth, most rates), ``breach`` (a cap on a flow is final the moment it
    is broken).
``calendar``
    ``monthly``, ``quarterly`` (一季度/上半年/前三季度), ``once`` (one figure after a season: a sown area,
    the harvest), ``annual``: when a figure is due, so that 数据滞后 is said only of an overdue figure.
``season``
    ``M-M``: the months in which the work happens (``3-6`` sowing, ``9-10`` harvest, ``1-5`` bag-making);
    empty = the whole year.

A plan written before these columns existed keeps working: :func:`derive` reads them from ``kind``,
``comparator``, ``basis``, ``profile`` and ``release_lag_days``; :func:`resolve` takes a row's written words
and derives only the missing ones. The engine (:mod:`liulin_data.engine`) judges by these words alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .exceptions import Problem
from .problem_codes import render

# --- the words -------------------------------------------------------------------------------------
FLOW, LEVEL, RATE, GROWTH, EVENT, MILESTONE = "flow", "level", "rate", "growth", "event", "milestone"
AT_LEAST, AT_MOST, RANGE, ABOUT = "at_least", "at_most", "range", "about"
DEADLINE, FULL_YEAR, BREACH = "deadline", "full_year", "breach"
MONTHLY, QUARTERLY, ONCE, ANNUAL = "monthly", "quarterly", "once", "annual"

MEASURES: tuple[str, ...] = (FLOW, LEVEL, RATE, GROWTH, EVENT, MILESTONE)
DIRECTIONS: tuple[str, ...] = (AT_LEAST, AT_MOST, RANGE, ABOUT)
FINALS: tuple[str, ...] = (DEADLINE, FULL_YEAR, BREACH)
CALENDARS: tuple[str, ...] = (MONTHLY, QUARTERLY, ONCE, ANNUAL)
# the catalog columns of the model, in the order they are written
COLUMNS: tuple[str, ...] = ("measure", "direction", "final_when", "calendar", "season")

# --- what readers see --------------------------------------------------------------------------------
MEASURE_LABELS: dict[str, str] = {
    FLOW: "累计量",
    LEVEL: "时点量（存量）",
    RATE: "比率",
    GROWTH: "增速",
    EVENT: "一次性公布",
    MILESTONE: "节点任务",
}
DIRECTION_LABELS: dict[str, str] = {
    AT_LEAST: "不低于",
    AT_MOST: "不超过（上限）",
    RANGE: "区间",
    ABOUT: "左右",
}
FINAL_LABELS: dict[str, str] = {
    DEADLINE: "截止日期定结论，按期完成即算完成",
    FULL_YEAR: "以全年数据定结论",
    BREACH: "一旦突破上限即定结论",
}
CALENDAR_LABELS: dict[str, str] = {
    MONTHLY: "按月报送",
    QUARTERLY: "按季报送",
    ONCE: "季节结束后报送一次",
    ANNUAL: "按年报送",
}
ALLOWED: dict[str, tuple[str, ...]] = {
    "measure": MEASURES,
    "direction": DIRECTIONS,
    "final_when": FINALS,
    "calendar": CALENDARS,
}
LABELS: dict[str, dict[str, str]] = {
    "measure": MEASURE_LABELS,
    "direction": DIRECTION_LABELS,
    "final_when": FINAL_LABELS,
    "calendar": CALENDAR_LABELS,
}

# the old columns' convention for quarterly figures: a release lag of about a quarter (90 days)
QUARTERLY_LAG_DAYS = 80
# the old profiles whose series is reported once after its season
ONCE_PROFILES = ("harvest", "sown_area")
_SEASON = re.compile(r"^\s*(\d{1,2})\s*[-—–~至]\s*(\d{1,2})\s*$")
MONTHS = 12


@dataclass(frozen=True)
class Model:
    """The target model of one catalog row (see the module docstring)."""

    measure: str
    direction: str
    final_when: str
    calendar: str
    season: tuple[int, int] | None = None  # (first month, last month); None = the whole year

    @property
    def season_text(self) -> str:
        """``3-6`` (the catalog's form), ``''`` for the whole year."""
        return "" if self.season is None else f"{self.season[0]}-{self.season[1]}"

    @property
    def season_label(self) -> str:
        """``3—6月`` as a reader says it; ``''`` for the whole year."""
        if self.season is None:
            return ""
        first, last = self.season
        return f"{first}月" if first == last else f"{first}—{last}月"

    @property
    def is_cap(self) -> bool:
        return self.direction == AT_MOST

    @property
    def summed(self) -> bool:
        """The actual is a sum over months (flows and announced counts), not the latest level."""
        return self.measure in (FLOW, EVENT)

    def as_columns(self) -> dict[str, str]:
        """The five catalog cells."""
        return {
            "measure": self.measure,
            "direction": self.direction,
            "final_when": self.final_when,
            "calendar": self.calendar,
            "season": self.season_text,
        }


def _blank(value: Any) -> bool:
    if value is None:
        return True
    try:
        if value != value:  # NaN
            return True
    except (TypeError, ValueError):
        return False
    return str(value).strip() == ""


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if _blank(value) else str(value).strip()


def parse_season(text: Any) -> tuple[int, int] | None:
    """``'3-6'`` → (3, 6); empty → None. Raises ValueError for anything else (months 1–12, first ≤ last),
    worded as the problem :func:`problems` reports (``model_season_form``, ``model_season_months``)."""
    if _blank(text):
        return None
    code = _season_code(text)
    if code is not None:
        raise ValueError(render(code, {"given": str(text)})[0])
    found = _SEASON.match(str(text))
    return int(found.group(1)), int(found.group(2))


def _season_code(text: Any) -> str | None:
    """The problem code of a season written wrong (not 'M-M'; months outside 1–12 or reversed), else None."""
    found = _SEASON.match(str(text))
    if not found:
        return "model_season_form"
    first, last = int(found.group(1)), int(found.group(2))
    return None if 1 <= first <= last <= MONTHS else "model_season_months"


def season_of_shares(shares: Sequence[float] | None) -> tuple[int, int] | None:
    """The season a pace profile describes: from its first month with work (share > 0) to the month it is
    all done (share 1), when it starts at 0 and is done before December (秋收 → 9–11, 播种面积 → 5–7);
    None for a profile spread over the year (匀速, 前慢后快) or a one-off (到期一次完成)."""
    if not shares or len(shares) != MONTHS or shares[0] > 0 or shares[MONTHS - 2] < 1:
        return None
    first = next(k + 1 for k, s in enumerate(shares) if s > 0)
    last = next(k + 1 for k, s in enumerate(shares) if s >= 1)
    return first, last


def derive(row: Mapping[str, Any], shares: Sequence[float] | None = None) -> Model:
    """The target model of a row that has only the older columns.

    ``kind`` (quantity, ratio, growth, range, milestone), ``comparator`` (>=, <=, ==, between), ``basis``
    (flow, level, count, milestone), ``profile``, ``unit`` and ``release_lag_days``; ``shares`` is the
    row's profile (its 12 cumulative shares), from which a season is read (:func:`season_of_shares`).

    - measure: a milestone is ``milestone``; ``growth`` is ``growth``; ``ratio`` or a level in % is
      ``rate``; another level is ``level``; flows and counts of things done are ``flow``.
    - direction: ``<=`` → ``at_most``, ``between`` → ``range``, ``==`` of a number → ``about``; else
      ``at_least``.
    - final_when: growth → ``full_year``; a rate → ``deadline`` when its profile is ``deadline`` (一季度全部
      复工), else ``full_year``; a cap on a flow → ``breach``; anything else → ``deadline``.
    - calendar: milestones and the harvest/sown-area profiles → ``once``; a release lag of about a quarter
      (≥ 80 days, the old convention for quarterly figures) → ``quarterly``; else ``monthly``.
    """
    kind, comparator = _text(row, "kind"), _text(row, "comparator")
    basis, profile, unit = _text(row, "basis"), _text(row, "profile"), _text(row, "unit")
    if kind == MILESTONE or basis == MILESTONE:
        return Model(MILESTONE, AT_LEAST, DEADLINE, ONCE)
    if kind == GROWTH:
        measure = GROWTH
    elif kind == "ratio" or (basis == LEVEL and unit == "%"):
        measure = RATE
    elif basis == LEVEL:
        measure = LEVEL
    else:
        measure = FLOW
    direction = {"<=": AT_MOST, "between": RANGE, "==": ABOUT}.get(comparator, AT_LEAST)
    if measure == GROWTH or (measure == RATE and profile != "deadline"):
        final_when = FULL_YEAR
    elif direction == AT_MOST and measure == FLOW:
        final_when = BREACH
    else:
        final_when = DEADLINE
    season = season_of_shares(shares) if profile != "deadline" else None
    lag = _text(row, "release_lag_days")
    if profile in ONCE_PROFILES:
        calendar = ONCE
    elif lag.replace(".", "", 1).isdigit() and float(lag) >= QUARTERLY_LAG_DAYS:
        calendar = QUARTERLY
    else:
        calendar = MONTHLY
    return Model(measure, direction, final_when, calendar, season)


def resolve(row: Mapping[str, Any], shares: Sequence[float] | None = None) -> Model:
    """The row's model: each word as written in its column, the missing ones derived (:func:`derive`).

    A written value that is not one of the words raises ValueError (the catalog checks every row first and
    reports it as a problem; a frame built by hand may not have been checked).
    """
    derived = derive(row, shares)
    words = {}
    for column, allowed in ALLOWED.items():
        written = _text(row, column)
        if written and written not in allowed:
            raise ValueError(f"{column} 不认识 {written!r}：可选 {', '.join(allowed)}")
        words[column] = written or getattr(derived, column)
    season_text = _text(row, "season")
    if season_text:
        season = parse_season(season_text)
    elif any(_text(row, c) for c in COLUMNS):  # a row written in the new words: empty = the whole year
        season = None
    else:
        season = derived.season
    return Model(season=season, **words)


def problems(row: Mapping[str, Any], file: str = "targets.csv", line: int | None = None) -> list[Problem]:
    """Every problem of a row's model columns (of ``file``, at ``line``), for the catalog's checks.

    The words must be known (``model_word_unknown``), the season well formed (``model_season_form``,
    ``model_season_months``), and the written words must agree with the older columns that other readers (the
    loaders, the template, the scorecard) still use (``model_milestone_kind``, ``model_basis_for_level``,
    ``model_basis_for_flow``, ``model_rate_unit``, ``model_growth_kind``, ``model_direction``,
    ``model_breach``).
    """
    found: list[Problem] = []
    for column, allowed in ALLOWED.items():
        value = _text(row, column)
        if value and value not in allowed:
            choices = "、".join(f"{w}（{LABELS[column][w]}）" for w in allowed)
            found.append(
                Problem.of("model_word_unknown", file, line, column, value, name=column, choices=choices)
            )
    season = _text(row, "season")
    if season and (code := _season_code(season)) is not None:
        found.append(Problem.of(code, file, line, "season", season, given=str(row.get("season"))))
    if found:
        return found
    return [
        Problem.of(code, file, line, column, value, **fields)
        for code, column, value, fields in _disagreements(row)
    ]


def _disagreements(row: Mapping[str, Any]) -> list[tuple[str, str, str, dict[str, str]]]:
    """The written words against the older columns (kind, comparator, basis, unit): (code, column, value,
    fields) of each disagreement."""
    kind, comparator = _text(row, "kind"), _text(row, "comparator")
    basis, unit = _text(row, "basis"), _text(row, "unit")
    measure, direction = _text(row, "measure"), _text(row, "direction")
    final_when = _text(row, "final_when")
    out = []
    if measure and (measure == MILESTONE) != (kind == MILESTONE):
        out.append(("model_milestone_kind", "measure", measure, {}))
    if measure in (LEVEL, RATE) and basis != LEVEL:
        out.append(("model_basis_for_level", "basis", basis, {"measure": measure, "basis": basis}))
    if measure in (FLOW, EVENT) and basis not in (FLOW, "count"):
        out.append(("model_basis_for_flow", "basis", basis, {"measure": measure, "basis": basis}))
    if measure in (RATE, GROWTH) and unit != "%":
        out.append(("model_rate_unit", "unit", unit, {"measure": measure}))
    if measure == GROWTH and kind != GROWTH:
        out.append(("model_growth_kind", "kind", kind, {}))
    expected = {AT_MOST: "<=", RANGE: "between"}
    if direction and (expected.get(direction) or "") != (
        comparator if comparator in ("<=", "between") else ""
    ):
        out.append(
            ("model_direction", "direction", direction, {"direction": direction, "comparator": comparator})
        )
    if final_when == BREACH and (direction != AT_MOST or measure not in (FLOW, "")):
        out.append(("model_breach", "final_when", final_when, {}))
    return out


__all__ = [
    "ABOUT",
    "ALLOWED",
    "ANNUAL",
    "AT_LEAST",
    "AT_MOST",
    "BREACH",
    "CALENDARS",
    "CALENDAR_LABELS",
    "COLUMNS",
    "DEADLINE",
    "DIRECTIONS",
    "DIRECTION_LABELS",
    "EVENT",
    "FINALS",
    "FINAL_LABELS",
    "FLOW",
    "FULL_YEAR",
    "GROWTH",
    "LABELS",
    "LEVEL",
    "MEASURES",
    "MEASURE_LABELS",
    "MILESTONE",
    "MONTHLY",
    "Model",
    "ONCE",
    "QUARTERLY",
    "RANGE",
    "RATE",
    "derive",
    "parse_season",
    "problems",
    "resolve",
    "season_of_shares",
]
