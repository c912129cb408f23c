"""Each indicator's figures as they were reported, for what readers see: charts, the small monthly series in a
table row or card, the analysts' 备注 and the 下载数据 table.

The engine judges; this module only says what came in. A figure is *reported* when a row of the analysts' files
holds it (当月, 累计 or 时点); a figure worked out from others (a month's value as the difference of two
cumulatives, a cumulative as an earlier one plus the months after it) is *derived*, and every reader says so.
A cumulative released for several months at once (1—2月) is one figure spanning those months, never spread over
them.

The target model (``measure``: flow, level, rate, growth, event, milestone; ``direction``: at_least, at_most,
range, about) is read with :func:`measure_of` and :func:`direction_of`, which take the catalog's written words
and fall back to its older columns (kind, basis, comparator) for a plan that does not write them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core import measures
from ..core.measures import (  # the words are the target model's (one owner); named here for the charts
    ABOUT,
    AT_LEAST,
    AT_MOST,
    DIRECTIONS,
    EVENT,
    FLOW,
    GROWTH,
    LEVEL,
    MEASURES,
    MILESTONE,
    RANGE,
    RATE,
)
from ..core.numbers import display_unit
from ..core.periods import parse_month
from ..core.statuses import STATUS_LABELS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# measures whose figure is a value at a point in time (never summed over months)
POINT_MEASURES = (LEVEL, RATE, GROWTH, EVENT)
# how a basis is called in a table or a chart
BASIS_WORDS = {"month": "当月", "ytd": "累计", "level": "时点"}
# the analysts' source stamp of the synthetic sample: a 来源, never a 备注
_BLANK_TEXTS = ("", "nan", "None", "<NA>", "NaT")


def is_blank(value: Any) -> bool:
    """True for None, NaN and empty or placeholder text (a cell of a table read or written by pandas)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return str(value).strip() in _BLANK_TEXTS


def measure_of(row: Mapping) -> str:
    """What a catalog or progress row measures: its ``measure`` word, else derived from the older columns as
    the target model derives it (:func:`liulin_data.core.measures.derive`)."""
    written = row.get("measure")
    if not is_blank(written) and str(written) in MEASURES:
        return str(written)
    return measures.derive(row).measure


def direction_of(row: Mapping) -> str:
    """Which way a target points: its ``direction`` word, else derived as the target model derives it."""
    written = row.get("direction")
    if not is_blank(written) and str(written) in DIRECTIONS:
        return str(written)
    return measures.derive(row).direction


@dataclass(frozen=True)
class Bar:
    """One bar of a monthly chart: the months it covers (1—2月 is one bar over both), its value, and whether it
    was worked out from cumulatives rather than reported."""

    first: int
    last: int
    value: float
    derived: bool

    @property
    def label(self) -> str:
        return f"{self.last}月" if self.first == self.last else f"{self.first}—{self.last}月"


@dataclass(frozen=True)
class Point:
    """One point of a cumulative, level or growth line: its month, value and whether it was derived."""

    month: int
    value: float
    derived: bool = False


@dataclass
class Reported:
    """What came in for one indicator in the plan's year, month by month (month numbers 1–12)."""

    indicator_id: str
    measure: str
    month: dict[int, float] = field(default_factory=dict)  # 当月 values
    ytd: dict[int, float] = field(default_factory=dict)  # 累计 values (1—N月), by their last month
    level: dict[int, float] = field(default_factory=dict)  # 时点 values
    month_yoy: dict[int, float] = field(default_factory=dict)  # growth of a 当月 value, %
    ytd_yoy: dict[int, float] = field(default_factory=dict)  # growth of a 累计 value, %

    @property
    def empty(self) -> bool:
        return not (self.month or self.ytd or self.level)

    @property
    def last_month(self) -> int | None:
        months = [*self.month, *self.ytd, *self.level]
        return max(months) if months else None

    def bars(self, upto: int = 12) -> list[Bar]:
        """Monthly bars up to ``upto``: a 当月 figure as reported; a month between two consecutive cumulatives as
        their difference (derived); a cumulative after a gap of months with no 当月 figure as one bar over the
        gap (1—2月: reported, as it starts the year; a later gap: derived)."""
        bars: list[Bar] = []
        known, total = 0, 0.0  # the last month whose year-to-date total is known (0: the start of the year)
        for m in range(1, upto + 1):
            if m in self.month:
                bars.append(Bar(m, m, self.month[m], False))
                if known == m - 1:
                    known, total = m, total + self.month[m]
            elif m in self.ytd and not any(k in self.month for k in range(known + 1, m)):
                # the months since the last known total, as one figure: reported when it is 1—N月 itself
                bars.append(Bar(known + 1, m, self.ytd[m] - total, derived=known > 0))
            if m in self.ytd:
                known, total = m, self.ytd[m]
        return bars

    def cumulative(self, upto: int = 12) -> list[Point]:
        """Year-to-date points up to ``upto``: a 累计 figure as reported; an earlier cumulative (or the start of the
        year) plus every 当月 figure after it, derived. A month with neither is no point."""
        points: list[Point] = []
        base_month, base = 0, 0.0
        for m in range(1, upto + 1):
            if m in self.ytd:
                points.append(Point(m, self.ytd[m]))
                base_month, base = m, self.ytd[m]
            elif m in self.month and base_month == m - 1:
                base_month, base = m, base + self.month[m]
                points.append(Point(m, base, True))
        return points

    def points(self, upto: int = 12) -> list[Point]:
        """The figures of a point measure (a level, a rate, a growth rate, an announcement) up to ``upto``,
        each as reported (时点 first, then 累计, then 当月 of the same month)."""
        out = []
        for m in range(1, upto + 1):
            for source in (self.level, self.ytd, self.month):
                if m in source:
                    out.append(Point(m, source[m]))
                    break
        return out

    def has_monthly_view(self) -> bool:
        """True when a 当月 view shows figures of single months: a flow with a 当月 figure, or two cumulatives of
        consecutive months. A year-to-date series released by quarter, a level or a rate has none."""
        if self.measure != FLOW:
            return False
        return bool(self.month) or any(m - 1 in self.ytd for m in self.ytd if m > 1)


def _month_number(period: Any, year: int) -> int | None:
    try:
        month = parse_month(str(period)[:7])
    except Exception:  # noqa: BLE001 - a period of another form is no month of the series
        return None
    return month.month if month.year == year else None


def reported(actuals: pd.DataFrame | None, row: Mapping, year: int) -> Reported:
    """What came in for the catalog ``row``'s indicator in ``year`` (latest release of each figure: the loaders
    keep one row per indicator, period and basis)."""
    iid = str(row.get("indicator_id"))
    rep = Reported(iid, measure_of(row))
    if actuals is None or not len(actuals):
        return rep
    own = actuals[(actuals["indicator_id"].astype(str) == iid) & actuals["value"].notna()]
    for rec in own.to_dict("records"):
        month = _month_number(rec.get("period"), year)
        if month is None:
            continue
        basis = str(rec.get("basis") or "")
        target = {"month": rep.month, "ytd": rep.ytd, "level": rep.level}.get(basis)
        if target is None:
            continue
        target[month] = float(rec["value"])
        yoy = rec.get("yoy_pct")
        if not is_blank(yoy) and basis in ("month", "ytd"):
            (rep.month_yoy if basis == "month" else rep.ytd_yoy)[month] = float(yoy)
    return rep


@dataclass(frozen=True)
class Remark:
    """An analyst's latest 备注 on an indicator, with the month (or date) it was written for."""

    text: str
    when: str  # 'YYYY-MM' or 'YYYY-MM-DD'


def latest_remarks(actuals: pd.DataFrame | None, milestones: pd.DataFrame | None = None) -> dict[str, Remark]:
    """Each indicator's latest non-empty 备注 (the actuals' ``note``, the milestone log's ``note``), by period."""
    found: dict[str, Remark] = {}
    for frame, when in ((actuals, "period"), (milestones, "date")):
        if frame is None or not len(frame) or "note" not in frame or when not in frame:
            continue
        rows = frame[[not is_blank(n) for n in frame["note"]]]
        for rec in rows.to_dict("records"):
            iid, text, at = str(rec["indicator_id"]), str(rec["note"]).strip(), str(rec[when])[:10]
            if iid not in found or at >= found[iid].when:
                found[iid] = Remark(text, at)
    return found


def shown_unit(row: Mapping, figures: Reported) -> tuple[str, float]:
    """The one unit an indicator is shown in (its picker, its charts) and the factor into it: 万元 as 亿元 when
    its target or any figure reaches 1亿; a growth rate in %."""
    unit = "" if is_blank(row.get("unit")) else str(row.get("unit"))
    if figures.measure == GROWTH:
        return unit, 1.0
    values = [row.get("target"), row.get("target_high"), *figures.month.values(), *figures.ytd.values(),
              *figures.level.values()]  # fmt: skip
    return display_unit(unit, [v for v in values if not is_blank(v)])


def any_figure(actuals: pd.DataFrame | None, milestones: pd.DataFrame | None = None) -> bool:
    """True when the analysts' files hold any figure or milestone entry at all."""
    has_value = actuals is not None and len(actuals) and bool(actuals["value"].notna().any())
    return bool(has_value or (milestones is not None and len(milestones)))


def no_figure_sentence(region: str, year: int, rows: int) -> str:
    """The one sentence a page without any figure says instead of a list of 无数据 items."""
    return f"尚未收到{region}{year}年的任何实际数据，{rows}项目标和节点任务暂无法判断进展。"


def data_table(
    rows: pd.DataFrame, actuals: pd.DataFrame | None, catalog: pd.DataFrame, year: int, upto: int
) -> pd.DataFrame:
    """The 下载数据 table: one row per indicator and basis reported (当月, 累计, 时点), its figures month by month up
    to ``upto`` as they came in (catalog units), and its status; a milestone or an indicator without figures
    gets one row with its status and note."""
    import pandas as pd

    lookup = catalog.drop_duplicates("indicator_id").set_index("indicator_id")
    months = [f"{m}月" for m in range(1, upto + 1)]
    out = []
    for row in rows.to_dict("records"):
        iid = str(row["indicator_id"])
        cat = {**(lookup.loc[iid].to_dict() if iid in lookup.index else {}), **row}
        rep = reported(actuals, cat, year)
        head = {
            "指标": row.get("indicator"),
            "单位": "" if is_blank(row.get("unit")) else row.get("unit"),
            "全年目标": None if is_blank(row.get("target")) else row.get("target"),
            "状态": STATUS_LABELS.get(str(row.get("status")), str(row.get("status"))),
            "说明": "" if is_blank(row.get("note")) else row.get("note"),
        }
        series = [(word, values) for word, values in (("当月", rep.month), ("累计", rep.ytd), ("时点", rep.level))
                  if values]  # fmt: skip
        for word, values in series or [("", {})]:
            out.append({**head, "口径": word, **{f"{m}月": values.get(m) for m in range(1, upto + 1)}})
    columns = ["指标", "单位", "口径", "全年目标", *months, "状态", "说明"]
    return pd.DataFrame(out, columns=columns)


def with_model(rows: pd.DataFrame, catalog: pd.DataFrame | None = None) -> pd.DataFrame:
    """``rows`` (progress or catalog rows) with ``measure`` and ``direction`` columns, read by :func:`measure_of`
    and :func:`direction_of`; the catalog's columns fill in what a progress frame does not carry."""
    frame = rows
    wanted = ("measure", "direction", "basis", "comparator")
    missing = [c for c in wanted if c not in frame]
    if missing and catalog is not None and "indicator_id" in frame:
        lookup = catalog.drop_duplicates("indicator_id").set_index("indicator_id")
        frame = frame.copy()
        for column in missing:
            if column in lookup:
                frame[column] = frame["indicator_id"].map(lookup[column])
    records = frame.to_dict("records")
    return frame.assign(
        measure=[measure_of(r) for r in records], direction=[direction_of(r) for r in records]
    )


__all__ = [
    "ABOUT",
    "any_figure",
    "data_table",
    "no_figure_sentence",
    "AT_LEAST",
    "AT_MOST",
    "BASIS_WORDS",
    "EVENT",
    "FLOW",
    "GROWTH",
    "LEVEL",
    "MILESTONE",
    "POINT_MEASURES",
    "RANGE",
    "RATE",
    "Bar",
    "Point",
    "Remark",
    "Reported",
    "direction_of",
    "is_blank",
    "latest_remarks",
    "measure_of",
    "reported",
    "shown_unit",
    "with_model",
]
