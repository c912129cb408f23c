"""Progress engine: completion, expected pace, year-end projection and status of every target of a plan.

Pure: frames in, frames out. The engine reads no file and fills in no default; the caller passes the
actuals, the catalog, the milestone log, the plan's year, its pace profiles and its release lag
(:mod:`liulin_data.session` does that for a plan, :mod:`liulin_data.present.summaries` words the result for
readers, :mod:`liulin_data.core.statuses` names the statuses and milestone stages).

Expected-pace profiles (:mod:`liulin_data.plan.profiles`; ``m01..m12`` = share of the annual target expected to be
done by the END of each month, cumulative, non-decreasing, ``m12 = 1``):

``linear``
    k/12 by the end of month k — flows reported monthly (原煤产量, 产气量, 新增城镇就业, 投资 …).
``harvest``
    grain output, counted after the autumn harvest: 0 until August, 30% by September, 80% by October,
    100% from November.
``sown_area``
    sown / planted area reported as a level: 0 January–April, 50% by May, 90% by June, 100% from July.
``back_loaded``
    counts and projects counted when done: slow first half (25% by June), most in the second half.
``deadline``
    a one-off due at the deadline: 0 before the deadline month, 1 from it; the engine shifts the shape to
    the row's ``deadline`` (一季度 → due from March).
``portfolio``
    a portfolio level (谋划实施总投资329.9亿元的124个重点项目): the year's plan of projects, reported as the
    projects in implementation (a level, basis ``level``); the whole target every month — achieved when the
    projects in implementation reach it, never "0% expected", never summed or extrapolated.
``none``
    milestones; no numeric pace (``expected_share`` returns NaN). Milestones are judged from the milestone
    log against their deadline.

For every profile other than ``deadline`` a deadline earlier than year end means the whole target is due
from the deadline month on.

**When a figure is due (release lags).** The figure of month m is due at ``as_of`` once
``end(m) + lag <= end(as_of)`` (:func:`data_due_month`); ``lag`` is the row's ``release_lag_days`` (the
catalog column: 60 for harvest-time grain output, 90 for quarterly figures), else the plan's (plan.yaml
``release_lag_days``, 25: monthly figures appear within 2–3 weeks of month end). At an October as_of the
September figure is due and October's is not yet. A row is **judged at** the later of its latest reported
month and the month whose figure is due — never frozen at an old figure: ``expected`` is the share due at
that month, and a latest figure older than the month due is **stale**.

**Whole units.** Counts of things (:func:`liulin_data.core.units.is_count`: 座 个 户 头 人 …, 万棒 in steps of
0.0001) are judged in whole things: the amount due by a month is ``floor(target × share)`` in steps of
:func:`liulin_data.core.units.count_step` (0 of 2 studios due by June, 1 by October), ``expected`` is that amount
over the target; actuals and projections are whole (rounded down); an achieved count is not extrapolated and
a count (basis ``count``) is projected no further than its target.

Status rules of numeric rows (the first that applies; ``completion = actual / target``,
``ratio = completion / expected``):

* ``no_target`` 无目标 — a context indicator (地区生产总值 …): actual and projection shown, nothing judged.
* ``not_due`` 未到期 / ``no_data`` 无数据 — nothing reported: nothing due yet, or something due; once the
  deadline month is judged, ``overdue``.
* ``achieved`` 已完成 — the latest value meets the target (``>=``; ranges: at least the low end, a note
  above the high end); a target met, however old its figure, stays met (growth rates excepted). Met after
  the deadline month: note **逾期完成（截止YYYY年3月31日）**. ``<=`` limits: within the limit once the deadline
  month is judged (over it at any time: ``behind``).
* ``overdue`` 已逾期 — not met once the judged month reaches the deadline month (一季度 → March; year end →
  December, judged on the December figure): in the deadline month the whole target is required, with no
  pace tolerance (续建项目复工率 95% in March is overdue).
* ``stale`` 数据滞后 — the latest figure is older than the month due: the pace is unknown, never 进度正常;
  the note says since when (最新数据截至YYYY年6月) and there is no projection. A count reported only when
  something is done must still be reported each month (the cumulative 累计, unchanged when nothing new
  was done): the tracker cannot tell "nothing new" from "not reported".
* ``on_track`` 进度正常 — ratio ≥ 1 − :data:`ON_TRACK_TOLERANCE` (``<=``: ≤ 1 + tolerance), or nothing due
  yet (expected = 0) and a value reported; ``at_risk`` 有风险 — down to 1 − :data:`AT_RISK_TOLERANCE`;
  ``behind`` 滞后 — further short.

Kinds: ``quantity`` (flows and counts: actual = year-to-date; levels: the latest level), ``range``
(``between``: pace judged against the low end), ``growth`` (actual = the year-on-year growth in %:
``yoy_pct`` of the latest release, else the value itself when the catalog unit is %, else the year-to-date
against the same period of the previous year; completion = actual growth / target growth, expected = 1),
``ratio`` (the latest level against the target; expected follows the row's profile, or 1 when ``none``).

Projection (``projected``, year end): the latest value for levels, ratios, growth and portfolios; for flows
and counts the actual over the share due at its own month (whole things for counts); none from stale data.

Milestones (``milestone``): the latest log entry dated up to the end of ``as_of`` gives the stage reached
(未开工 < 推进中 < 已开工 < 已完工 < 已验收 < 已通车/已投用, :mod:`liulin_data.core.statuses`); the row's
``milestone_type`` says which stage completes it (开工 milestones are done at 已开工, 投用 ones at 已投用; a
later stage completes an earlier one): ``done`` 已完成, ``in_progress`` 推进中, ``not_started`` 未开工, no
entry ``no_data``. Not done once ``as_of`` reaches the deadline month (year-end deadlines in December):
``overdue`` 已逾期; done after the deadline month: note 逾期完成（截止YYYY年M月D日）. The note says the latest
log entry as people read it: 9月18日：在建 (a date of another year with its year); no entry: 尚无进展记录.

Revisions are the loaders': the actuals frame holds one value per indicator, period and basis — the latest
release's (``frame.attrs["revisions"]`` lists what was superseded); of two rows for one indicator, month and
basis, the engine takes the later.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .core.exceptions import CatalogError, PeriodError, Problem
from .core.periods import Month, date_label, parse_month
from .core.statuses import (
    ACHIEVED,
    AT_RISK,
    BEHIND,
    DONE,
    IN_PROGRESS,
    NO_DATA,
    NO_TARGET,
    NOT_DUE,
    NOT_STARTED,
    ON_TRACK,
    OVERDUE,
    STAGE_RANK,
    STALE,
    STATUS_LABELS,
    milestone_status,
)
from .core.tables import fmt_number
from .core.units import count_step
from .plan.profiles import package_profiles
from .plan.sample import is_sample_source, sample_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .plan.profiles import Profile

# --- thresholds -----------------------------------------------------------------------------------
ON_TRACK_TOLERANCE = 0.05  # up to 5% short of the expected pace still counts as on track
AT_RISK_TOLERANCE = 0.15  # 5–15% short of the expected pace is at risk; more than 15% short is behind

MONTHS = 12  # months in a year

# notes for readers (the status rules' other notes are written where they apply)
CONTEXT_NOTE = "报告未设目标，仅作背景参考"  # a context indicator (no_target)
NO_LOG_NOTE = "尚无进展记录"  # a milestone without any log entry

# columns of the frame progress() returns
PROGRESS_COLUMNS: tuple[str, ...] = (
    "indicator_id",
    "indicator",
    "domain",
    "task",
    "kind",
    "unit",
    "target",
    "target_high",
    "actual",
    "completion",
    "expected",
    "pace_gap",
    "projected",
    "status",
    "as_of",
    "latest_period",
    "months_reported",
    "is_sample",
    "note",
)

_NAN = float("nan")


# ----------------------------------------------------------------------------------------------------
# profiles
# ----------------------------------------------------------------------------------------------------
def _shapes(profiles: Mapping[str, Profile] | None) -> Mapping[str, Profile]:
    """The profiles to use: the caller's (a plan's), or the package's own when none are given."""
    if profiles is not None:
        return profiles

    return package_profiles()


def _month_of(value: Any) -> tuple[int, int]:
    """(year, month) of a month value, read by :func:`liulin_data.core.periods.parse_month`."""
    month = parse_month(value)
    return month.year, month.month


def _deadline_month(deadline: Any, year: int) -> int | None:
    """Deadline as a month index relative to January of ``year`` (13 = next year; 0 = last year)."""
    if (
        deadline is None
        or (isinstance(deadline, float) and math.isnan(deadline))
        or str(deadline) in ("", "NaT")
    ):
        return None
    d_year, d_month = _month_of(deadline)
    return (d_year - year) * MONTHS + d_month


def expected_share(
    profile: str,
    month: int,
    deadline: Any = None,
    year: int | None = None,
    *,
    profiles: Mapping[str, Profile] | None = None,
) -> float:
    """Share of the annual target expected to be done by the end of ``month``.

    Parameters
    ----------
    profile : str
        A profile name of ``profiles``.
    month : int
        1–12 (values above 12 count as year end, below 1 as before the year).
    deadline : str, date or Period, optional
        The row's deadline. For ``deadline`` the share is 0 before the deadline month and 1 from it; for
        the other profiles everything is due from the deadline month on. Without ``year`` the deadline is
        taken to be in the year of the month.
    year : int, optional
        The year ``month`` belongs to (to compare with a deadline in another year).
    profiles : mapping, optional
        Name → :class:`liulin_data.plan.profiles.Profile` (a plan's: :func:`liulin_data.plan.profiles.load_profiles`);
        default the package's own.

    Returns
    -------
    float
        The expected share in [0, 1]; NaN for ``none``.
    """
    shapes = _shapes(profiles)
    if profile not in shapes:
        hint = f"可用：{', '.join(shapes)}（见 profiles.csv）"
        raise CatalogError([Problem("targets.csv", None, "profile", str(profile), "未知的进度曲线", hint)])
    shape = shapes[profile].shares
    if shape is None:
        return _NAN
    due = None
    if deadline is not None:
        ref_year = year if year is not None else _month_of(deadline)[0]
        due = _deadline_month(deadline, ref_year)
    if profile == "deadline":
        due = MONTHS if due is None else due
        return 1.0 if month >= due else 0.0
    if month < 1:
        return 0.0
    if due is not None and month >= due:
        return 1.0
    return float(shape[min(month, MONTHS) - 1])


# ----------------------------------------------------------------------------------------------------
# month <-> year-to-date
# ----------------------------------------------------------------------------------------------------
def _as_month_array(values: Any) -> list[float]:
    """A Series/dict indexed by month 1–12 (or a 12-long sequence) -> list of 12 floats (NaN = unknown)."""
    out = [_NAN] * MONTHS
    if hasattr(values, "items"):
        for key, val in values.items():
            month = int(key) if not isinstance(key, str) else _month_of(key)[1]
            if not 1 <= month <= MONTHS:
                raise PeriodError(f"月份必须在1到12之间（值：{key!r}）")
            out[month - 1] = _NAN if val is None else float(val)
    else:
        seq = list(values)
        if len(seq) > MONTHS:
            raise PeriodError(f"最多12个月的值（收到{len(seq)}个）")
        for i, val in enumerate(seq):
            out[i] = _NAN if val is None else float(val)
    return out


def _series(values: list[float], name: str) -> pd.Series:
    import pandas as pd

    return pd.Series(values, index=pd.RangeIndex(1, MONTHS + 1, name="month"), name=name, dtype="float64")


def month_to_ytd(values: Any) -> pd.Series:
    """Year-to-date totals from monthly values.

    Parameters
    ----------
    values : Series, dict or sequence
        Monthly values indexed by month 1–12 ('YYYY-MM' keys also accepted); missing or NaN = unknown.

    Returns
    -------
    Series
        Indexed 1–12: the ytd at month k is the sum of months 1..k when every one of them is known, NaN
        otherwise (no estimate for a missing month).
    """
    months = _as_month_array(values)
    ytd = [_NAN] * MONTHS
    total = 0.0
    for k, val in enumerate(months):  # 12 steps
        if math.isnan(val):
            break
        total += val
        ytd[k] = total
    return _series(ytd, "ytd")


def ytd_to_month(values: Any) -> pd.Series:
    """Monthly values from year-to-date totals.

    Parameters
    ----------
    values : Series, dict or sequence
        Year-to-date totals indexed by month 1–12; missing or NaN = not released.

    Returns
    -------
    Series
        Indexed 1–12: month k = ytd(k) − ytd(k−1) when both are known (ytd(0) = 0); NaN when ytd(k) or
        ytd(k−1) is unknown. A combined 1—2月 release (ytd at February, none at January) therefore leaves
        January and February individually unknown — their sum is the February ytd.
    """
    ytd = _as_month_array(values)
    months = [_NAN] * MONTHS
    prev = 0.0
    for k, val in enumerate(ytd):
        months[k] = val - prev if not (math.isnan(val) or math.isnan(prev)) else _NAN
        prev = val
    return _series(months, "month_value")


def _reconcile(month: list[float], ytd: list[float]) -> list[float]:
    """Ytd at every month, from reported ytd totals and reported monthly values together (exact only)."""
    out = list(ytd)
    changed = True
    while changed:  # at most a few passes over 12 months
        changed = False
        for k in range(MONTHS):
            if math.isnan(out[k]) and not math.isnan(month[k]):
                prev = 0.0 if k == 0 else out[k - 1]
                if not math.isnan(prev):
                    out[k] = prev + month[k]
                    changed = True
            # ytd(k-1) = ytd(k) - month(k): a month missing between two known totals
            if k > 0 and math.isnan(out[k - 1]) and not math.isnan(out[k]) and not math.isnan(month[k]):
                out[k - 1] = out[k] - month[k]
                changed = True
    return out


# ----------------------------------------------------------------------------------------------------
# actuals -> per-indicator monthly matrices (vectorised over the actuals frame)
# ----------------------------------------------------------------------------------------------------
class _Matrices:
    """Actuals of one year up to a month, pivoted to indicator × month per basis."""

    def __init__(self, actuals: pd.DataFrame, year: int, upto: int):
        import numpy as np
        import pandas as pd

        df = actuals
        period = df["period"].astype(str).str.slice(0, 7)
        p_year = pd.to_numeric(period.str.slice(0, 4), errors="coerce")
        p_month = pd.to_numeric(period.str.slice(5, 7), errors="coerce")
        keep = (p_year == year) & (p_month <= upto)
        prior = (p_year == year - 1) & (p_month <= upto)
        cur = pd.DataFrame(
            {
                "indicator_id": df["indicator_id"].astype(str),
                "basis": df["basis"].astype(str),
                "month": p_month,
                "value": pd.to_numeric(df["value"], errors="coerce"),
                "yoy_pct": pd.to_numeric(df["yoy_pct"], errors="coerce") if "yoy_pct" in df else np.nan,
                "unit": df["unit"].astype(str) if "unit" in df else "",
                "source": df["source"].fillna("").astype(str) if "source" in df else "",
            }
        )
        self.cols = list(range(1, MONTHS + 1))
        this = cur[keep.to_numpy()]
        last = cur[prior.to_numpy()]
        # later rows win over earlier rows for the same indicator, month and basis (a corrected release)
        this = this.drop_duplicates(["indicator_id", "month", "basis"], keep="last")
        last = last.drop_duplicates(["indicator_id", "month", "basis"], keep="last")
        self.value = {b: self._pivot(this[this["basis"] == b], "value") for b in ("month", "ytd", "level")}
        self.yoy = self._pivot(this.drop_duplicates(["indicator_id", "month"], keep="last"), "yoy_pct")
        self.prior = {b: self._pivot(last[last["basis"] == b], "value") for b in ("month", "ytd", "level")}
        self.units = this.drop_duplicates("indicator_id", keep="last").set_index("indicator_id")["unit"]
        # the sample rule: an indicator is sample when any of its data is
        self.is_sample = sample_rows(this).groupby(this["indicator_id"]).any()

    def _pivot(self, frame: pd.DataFrame, column: str) -> pd.DataFrame:
        table = frame.pivot(index="indicator_id", columns="month", values=column)
        return table.reindex(columns=self.cols)

    @staticmethod
    def row(table: pd.DataFrame, indicator_id: str) -> list[float]:
        if indicator_id not in table.index:
            return [_NAN] * MONTHS
        return [float(v) for v in table.loc[indicator_id].to_numpy(dtype="float64")]


def _last_known(values: list[float]) -> tuple[int | None, float]:
    """(month, value) of the last non-NaN value; (None, NaN) if none."""
    for k in range(len(values) - 1, -1, -1):
        if not math.isnan(values[k]):
            return k + 1, values[k]
    return None, _NAN


def _flow_actual(month: list[float], ytd: list[float]) -> tuple[int | None, float, str]:
    """Ytd actual at the latest month with data, with a note when a gap makes it a lower bound."""
    combined = _reconcile(month, ytd)
    latest = max(
        (k + 1 for k in range(MONTHS) if not (math.isnan(month[k]) and math.isnan(ytd[k]))), default=None
    )
    if latest is None:
        return None, _NAN, ""
    notes = []
    if ytd[1] == ytd[1] and math.isnan(ytd[0]) and math.isnan(month[0]) and math.isnan(month[1]):
        notes.append("1—2月合并发布")
    value = combined[latest - 1]
    if math.isnan(value):
        # a gap: last exact ytd before it plus the months reported after it (a lower bound)
        base_month, base = _last_known(combined[: latest - 1])
        start = base_month or 0
        base = 0.0 if base_month is None else base
        after = [v for v in month[start:latest] if not math.isnan(v)]
        value = base + sum(after)
        missing = [k + 1 for k in range(start, latest) if math.isnan(month[k])]
        notes.append(f"缺{'、'.join(f'{m}月' for m in missing)}数据，累计值未含缺失月份")
    else:
        # a hole in a monthly series (both neighbours reported), bridged by a later ytd release;
        # quarterly or harvest-time releases are not holes
        def has(k: int) -> bool:
            return not (math.isnan(month[k]) and math.isnan(ytd[k]))

        missing = [k + 1 for k in range(2, latest - 1) if not has(k) and has(k - 1) and has(k + 1)]
        if missing:
            notes.append(f"{'、'.join(f'{m}月' for m in missing)}未单独发布")
    return latest, value, "；".join(notes)


# ----------------------------------------------------------------------------------------------------
# whole units and release lags
# ----------------------------------------------------------------------------------------------------
def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or str(value).strip() == ""
    except (TypeError, ValueError):
        return False


def _num(value: Any) -> float:
    if _is_missing(value):
        return _NAN
    try:
        return float(value)
    except (TypeError, ValueError):
        return _NAN


def whole_units(value: float, step: float | None) -> float:
    """``value`` rounded down to whole things of ``step`` (:func:`liulin_data.core.units.count_step`): 1.47座 → 1座.

    ``step`` None (not a count) or a NaN value: ``value`` unchanged. A float's last-digit noise (2.9999999)
    is no shortfall.
    """
    if step is None or value != value or math.isinf(value):
        return value
    per_unit = round(1.0 / step)  # things per unit: 1 for 座, 10000 for 万棒
    return math.floor(value * per_unit + 1e-6) / per_unit


def data_due_month(as_of: Any, lag_days: int) -> Month:
    """The latest month whose figure is due at ``as_of``.

    The figure of month m is due once ``end(m) + lag_days <= end(as_of)``: with the usual 25 days, at an
    October as_of (end 31 October) September's figure (30 September + 25 days = 25 October) is due and
    October's is not yet; with 0 days the as_of month's own figure is due.
    """
    month = parse_month(as_of)
    cutoff = _month_end(month) - _dt.timedelta(days=int(lag_days))
    due = Month(cutoff.year, cutoff.month)
    return due if cutoff == _month_end(due) else due.plus(-1)


def _month_end(month: Month) -> _dt.date:
    return _dt.date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def _month_in_year(month: Month, year: int) -> int:
    """``month`` as an index of ``year``: 1–12, 0 for any month before the year."""
    return max(0, (month.year - year) * MONTHS + month.month)


# ----------------------------------------------------------------------------------------------------
# one catalog row
# ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Rule:
    """What the catalog says about one row, read once."""

    iid: str
    kind: str
    basis: str
    comparator: str  # '>=' for ranges (judged against the low end)
    profile: str
    deadline: Any
    due: int  # the deadline month in the plan's year (12 = year end)
    target: float
    target_high: float
    step: float | None  # a count's whole step (units.count_step); None for other units
    lag_days: int
    milestone_type: str | None
    unit: str = ""  # the catalog unit (for the words of a note)

    @property
    def is_level(self) -> bool:
        """The actual is the latest value (levels, ratios, portfolios), not a sum over months."""
        return self.basis == "level" or self.kind == "ratio"

    @property
    def extrapolated(self) -> bool:
        """The year-end projection extrapolates the actual (flows and counts; not levels or rates)."""
        return not self.is_level and self.kind != "growth"


def _rule(row: dict, year: int, default_lag: int) -> _Rule:

    deadline = None if _is_missing(row.get("deadline")) else row.get("deadline")
    unit = row.get("unit")
    lag = _num(row.get("release_lag_days"))
    mtype = row.get("milestone_type")
    return _Rule(
        iid=str(row["indicator_id"]),
        kind=str(row.get("kind") or "quantity"),
        basis=str(row.get("basis") or "flow"),
        comparator=">=" if row.get("comparator") == "between" else str(row.get("comparator") or ">="),
        profile="none" if _is_missing(row.get("profile")) else str(row["profile"]),
        deadline=deadline,
        due=_deadline_month(deadline, year) or MONTHS,
        target=_num(row.get("target")),
        target_high=_num(row.get("target_high")),
        step=count_step(unit) if isinstance(unit, str) and unit else None,
        lag_days=default_lag if math.isnan(lag) else int(lag),
        milestone_type=None if _is_missing(mtype) else str(mtype),
        unit=unit if isinstance(unit, str) else "",
    )


def _deadline_text(deadline: Any, year: int) -> str:
    """The deadline as a reader says it: YYYY年3月31日 (no deadline: YYYY年底)."""
    if deadline is None:
        return f"{year}年底"
    return date_label(deadline)


def _late_note(rule: _Rule, year: int) -> str:
    """逾期完成（截止YYYY年3月31日）: met, but after the deadline month."""
    return f"逾期完成（截止{_deadline_text(rule.deadline, year)}）"


# ----------------------------------------------------------------------------------------------------
# progress
# ----------------------------------------------------------------------------------------------------
def progress(
    as_of: Any,
    actuals: pd.DataFrame,
    targets: pd.DataFrame,
    milestones: pd.DataFrame | None = None,
    *,
    year: int | None = None,
    profiles: Mapping[str, Profile] | None = None,
    release_lag_days: int = 0,
) -> pd.DataFrame:
    """Completion, pace, projection and status of every catalog row as of a month.

    Parameters
    ----------
    as_of : str, date or Month
        The month the assessment is made at ('YYYY-MM'); data of later months are ignored.
    actuals : DataFrame
        The frame :func:`liulin_data.inputs.load_actuals` returns (may be empty). Revisions are the loader's:
        one row per indicator, period and basis, the latest release's value.
    targets : DataFrame
        The catalog (:func:`liulin_data.plan.catalog.load_targets`): its optional ``release_lag_days`` and
        ``milestone_type`` columns are used when present.
    milestones : DataFrame, optional
        The milestone log (:func:`liulin_data.inputs.load_milestones`); None = no log.
    year : int, optional
        The plan's year: ``as_of`` outside it is a :class:`PeriodError` naming the year.
    profiles : mapping, optional
        The plan's pace profiles (:func:`liulin_data.plan.profiles.load_profiles`); default the package's own.
    release_lag_days : int
        The plan's release lag (days after a month's end by which its figure is due), for rows without their
        own ``release_lag_days``; default 0: a month's figure is due by the end of that month.
        :func:`liulin_data.session.progress` passes the plan's.

    Returns
    -------
    DataFrame
        One row per catalog row, columns :data:`PROGRESS_COLUMNS` (see the module docstring for the rules).
    """
    import pandas as pd

    as_of_year, month = _month_of(as_of)
    if year is not None and as_of_year != year:
        raise PeriodError(f"截至月份 {as_of_year}-{month:02d} 不在{year}年内：请填 {year}-01 至 {year}-12")
    context = _Context(
        mats=_Matrices(actuals, as_of_year, month),
        log=_milestone_log(milestones, as_of_year, month),
        year=as_of_year,
        month=month,
        shapes=_shapes(profiles),
    )
    lag = int(release_lag_days)
    records = [_row_progress(row, _rule(row, as_of_year, lag), context) for row in targets.to_dict("records")]
    out = pd.DataFrame.from_records(records, columns=list(PROGRESS_COLUMNS))
    for col in ("target", "target_high", "actual", "completion", "expected", "pace_gap", "projected"):
        out[col] = out[col].astype("float64")
    out["months_reported"] = out["months_reported"].astype("int64")
    out["is_sample"] = out["is_sample"].astype(bool)
    return out


@dataclass(frozen=True)
class _Context:
    """Everything one progress() call judges the rows against."""

    mats: _Matrices
    log: dict[str, list[dict]]
    year: int
    month: int  # as_of, 1–12
    shapes: Mapping[str, Profile]

    @property
    def as_of(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _row_progress(row: dict, rule: _Rule, ctx: _Context) -> dict:
    """One catalog row's progress at ``ctx.as_of``."""
    rec: dict[str, Any] = {
        "indicator_id": rule.iid,
        "indicator": row.get("indicator"),
        "domain": row.get("domain"),
        "task": row.get("task"),
        "kind": rule.kind,
        "unit": row.get("unit"),
        "target": rule.target,
        "target_high": rule.target_high,
        "actual": _NAN,
        "completion": _NAN,
        "expected": _NAN,
        "pace_gap": _NAN,
        "projected": _NAN,
        "status": NO_DATA,
        "as_of": ctx.as_of,
        "latest_period": None,
        "months_reported": 0,
        "is_sample": False,
        "note": "",
    }
    if rule.kind == "milestone" or rule.basis == "milestone":
        return _milestone_progress(rec, rule, ctx.log.get(rule.iid, []), ctx)
    return _numeric_progress(rec, rule, ctx)


# ----------------------------------------------------------------------------------------------------
# numeric rows
# ----------------------------------------------------------------------------------------------------
@dataclass
class _Observed:
    """What the actuals say of one row up to as_of."""

    latest: int | None  # the latest month with data
    actual: float
    months_reported: int
    met_month: int | None  # the first month whose value met the target (None: not met, or unknown)
    notes: list[str]


def _observe(rule: _Rule, mats: _Matrices) -> _Observed:
    """The actual (ytd of flows and counts, the latest value of levels and ratios) and where it comes from."""
    m_vals, y_vals, l_vals = (mats.row(mats.value[b], rule.iid) for b in ("month", "ytd", "level"))
    reported = sum(
        not (math.isnan(a) and math.isnan(b) and math.isnan(c))
        for a, b, c in zip(m_vals, y_vals, l_vals, strict=True)
    )
    notes: list[str] = []
    if rule.is_level or (all(v != v for v in m_vals + y_vals) and any(v == v for v in l_vals)):
        path = (
            l_vals
            if any(v == v for v in l_vals)
            else [b if b == b else a for a, b in zip(m_vals, y_vals, strict=True)]
        )
        latest, actual = _last_known(path)
    else:
        latest, actual, note = _flow_actual(m_vals, y_vals)
        path = _reconcile(m_vals, y_vals)
        notes += [note] if note else []
    actual = whole_units(actual, rule.step)
    met = _first_met(rule, path) if rule.kind != "growth" else None
    return _Observed(latest, actual, reported, met, notes)


def _meets(rule: _Rule, value: float) -> bool:
    """The value meets the target (``>=`` and ranges: at least the target or the range's low end)."""
    if value != value or rule.target != rule.target or rule.comparator == "<=":
        return False
    return value >= rule.target


def _first_met(rule: _Rule, path: list[float]) -> int | None:
    return next((k + 1 for k, v in enumerate(path) if _meets(rule, whole_units(v, rule.step))), None)


def _expected(rule: _Rule, month: int, year: int, shapes: Mapping[str, Profile]) -> float:
    """Share of the target due by the end of ``month``; for counts, in whole things (1 of 2, not 1.36)."""
    if rule.kind == "growth":
        return 1.0  # a growth rate applies throughout the year
    share = expected_share(rule.profile, month, rule.deadline, year=year, profiles=shapes)
    if math.isnan(share):  # profile 'none': ratios are due whole, other rows at the deadline
        share = 1.0 if rule.kind == "ratio" else expected_share("deadline", month, rule.deadline, year=year)
    if rule.step is None or not rule.target > 0:
        return share
    return whole_units(rule.target * share, rule.step) / rule.target


def _numeric_progress(rec: dict, rule: _Rule, ctx: _Context) -> dict:
    """Actual, expected share, projection and status of a numeric row (see the module docstring)."""
    seen = _observe(rule, ctx.mats)
    due_data = _month_in_year(data_due_month(ctx.as_of, rule.lag_days), ctx.year)
    judged = max(seen.latest or 0, due_data)  # the month the pace is judged at
    stale = seen.latest is not None and seen.latest < due_data
    expected = _expected(rule, judged, ctx.year, ctx.shapes)
    if rule.kind == "growth" and seen.latest is not None:
        seen.actual = _growth_actual(
            rule.iid, ctx.mats, seen.latest, seen.actual, str(rec["unit"] or ""), seen.notes
        )
    rec.update(actual=seen.actual, expected=expected, months_reported=seen.months_reported)
    if seen.latest is not None:
        rec["latest_period"] = f"{ctx.year:04d}-{seen.latest:02d}"
        rec["is_sample"] = bool(ctx.mats.is_sample.get(rule.iid, False))
    if math.isnan(rule.target):
        return _context_row(rec, rule, seen, stale, ctx)
    if seen.latest is None or math.isnan(seen.actual):
        return _without_data(rec, rule, judged, expected, ctx.year)
    completion = seen.actual / rule.target if rule.target != 0 else _NAN
    if rule.kind == "growth" and rule.target == 0:
        completion = 1.0 + seen.actual / 100.0  # growth target 0%: completion 1 at zero growth
    status, notes = _judge(rule, seen, completion, expected, judged, stale, ctx.year)
    if stale and status != ACHIEVED:
        notes.append(_stale_note(seen, ctx.year))
    rec.update(completion=completion, pace_gap=completion - expected, status=status)
    rec["projected"] = _projection(rule, seen, status, ctx, stale)
    rec["note"] = "；".join(notes + seen.notes)
    return rec


def _stale_note(seen: _Observed, year: int) -> str:
    """最新数据截至YYYY年6月: since when a stale row has had no figure."""
    return f"最新数据截至{Month(year, seen.latest or 1).label}"


def _context_row(rec: dict, rule: _Rule, seen: _Observed, stale: bool, ctx: _Context) -> dict:
    """A context indicator without a target: actual and projection shown, nothing judged."""
    rec["status"] = NO_TARGET
    if seen.latest is not None:
        rec["projected"] = _projection(rule, seen, NO_TARGET, ctx, stale)
    stale_note = [_stale_note(seen, ctx.year)] if stale else []
    rec["note"] = "；".join([CONTEXT_NOTE, *stale_note, *seen.notes])
    return rec


def _without_data(rec: dict, rule: _Rule, judged: int, expected: float, year: int) -> dict:
    """No value reported: nothing due yet, something due, or a deadline passed without any figure."""
    if judged >= rule.due and rule.comparator != "<=":
        rec["status"] = OVERDUE
        rec["note"] = f"截止{_deadline_text(rule.deadline, year)}未报送完成情况"
    else:
        rec["status"] = NO_DATA if expected > 0 else NOT_DUE
    return rec


def _judge(
    rule: _Rule, seen: _Observed, completion: float, expected: float, judged: int, stale: bool, year: int
) -> tuple[str, list[str]]:
    """Status of a numeric row with data, and the notes that explain it (first rule that applies wins)."""
    deadline_reached = judged >= rule.due
    if rule.comparator == "<=":
        if completion > 1:
            return BEHIND, []
        if stale:
            return STALE, []
        return (ACHIEVED, []) if deadline_reached else (_pace_status(completion, expected, "<="), [])
    if _meets(rule, seen.actual) and not (stale and rule.kind == "growth"):
        notes = []
        if not math.isnan(rule.target_high) and seen.actual > rule.target_high:
            notes.append(f"已超过目标区间上限{fmt_number(rule.target_high, unit=rule.unit)}{rule.unit}")
        if seen.met_month is not None and seen.met_month > rule.due:
            notes.insert(0, _late_note(rule, year))
        return ACHIEVED, notes
    if deadline_reached:
        return OVERDUE, [f"截止{_deadline_text(rule.deadline, year)}未完成"]
    if stale:
        return STALE, []
    return _pace_status(completion, expected, ">="), []


def _pace_status(completion: float, expected: float, comparator: str) -> str:
    """On track, at risk or behind: completion against the share due (before the deadline month)."""
    if expected <= 0:
        if comparator == "<=":
            return ON_TRACK if completion <= 0 else AT_RISK
        return ON_TRACK  # nothing due yet, data already reported
    ratio = completion / expected
    if comparator == "<=":
        if ratio <= 1 + ON_TRACK_TOLERANCE:
            return ON_TRACK
        return AT_RISK if ratio <= 1 + AT_RISK_TOLERANCE else BEHIND
    if ratio >= 1 - ON_TRACK_TOLERANCE:
        return ON_TRACK
    return AT_RISK if ratio >= 1 - AT_RISK_TOLERANCE else BEHIND


def _projection(rule: _Rule, seen: _Observed, status: str, ctx: _Context, stale: bool) -> float:
    """Year-end projection (see the module docstring): the latest value of levels and rates; flows and counts
    extrapolated at the share due at their data month, in whole things; none from stale data."""
    if stale and status != ACHIEVED:
        return _NAN  # an old level or rate says nothing of the year's end either
    if not rule.extrapolated:
        return seen.actual
    share = _expected(rule, seen.latest or 0, ctx.year, ctx.shapes)
    projected = _extrapolate(rule, seen.actual, share)
    if rule.basis != "count" or rule.comparator == "<=":
        return projected
    # things counted when done: the plan says how many; an achieved count stands as it is
    if _meets(rule, seen.actual):
        return seen.actual
    return min(rule.target, projected) if rule.target == rule.target and projected == projected else projected


def _extrapolate(rule: _Rule, actual: float, share: float) -> float:
    """The actual over the share due at its month, in whole things for counts (NaN when nothing is due)."""
    return whole_units(actual / share, rule.step) if share > 0 else _NAN


def _growth_actual(
    iid: str, mats: _Matrices, latest: int, value: float, unit: str, notes: list[str]
) -> float:
    """Year-on-year growth (%) at the latest month: reported yoy_pct, a value in %, or vs the prior year."""
    yoy = mats.row(mats.yoy, iid)[latest - 1]
    if not math.isnan(yoy):
        return yoy
    row_unit = str(mats.units.get(iid, unit))
    if row_unit == "%" or (unit == "%" and row_unit in ("", "nan")):
        return value
    prior_ytd = _reconcile(mats.row(mats.prior["month"], iid), mats.row(mats.prior["ytd"], iid))[latest - 1]
    if math.isnan(prior_ytd):
        prior_ytd = mats.row(mats.prior["level"], iid)[latest - 1]
    if math.isnan(prior_ytd) or prior_ytd == 0:
        notes.append("缺同比增速或上年同期基数，无法计算增长")
        return _NAN
    notes.append("增速按上年同期基数计算")
    return (value / prior_ytd - 1.0) * 100.0


# ----------------------------------------------------------------------------------------------------
# milestones
# ----------------------------------------------------------------------------------------------------
def _milestone_log(milestones: pd.DataFrame | None, year: int, month: int) -> dict[str, list[dict]]:
    """indicator_id -> its log entries dated up to the end of the as_of month, oldest first (undated first)."""
    import pandas as pd

    if milestones is None or len(milestones) == 0:
        return {}
    log = milestones.copy()
    log["_order"] = range(len(log))
    dates = (
        pd.to_datetime(log["date"], errors="coerce") if "date" in log else pd.Series(pd.NaT, index=log.index)
    )
    limit = pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)
    log["_date"] = dates
    log = log[(dates.isna() | (dates <= limit)).to_numpy()]
    log = log.sort_values(["_date", "_order"], na_position="first", kind="stable")
    out: dict[str, list[dict]] = {}
    for entry in log.to_dict("records"):
        out.setdefault(str(entry["indicator_id"]), []).append(entry)
    return out


def _entry_status(entry: dict, milestone_type: str | None) -> str:
    """NOT_STARTED, IN_PROGRESS or DONE of one log entry: from the stage it reached and the milestone's type
    (:func:`liulin_data.core.statuses.milestone_status`), else as the log states it."""
    stage = entry.get("stage")
    if isinstance(stage, str) and stage in STAGE_RANK:
        return milestone_status(stage, milestone_type)
    status = str(entry.get("status"))
    return status if status in (NOT_STARTED, IN_PROGRESS, DONE) else NOT_STARTED


def _done_since(entries: list[dict], milestone_type: str | None) -> Any:
    """The date of the entry from which the milestone has been done without a break (None: not done)."""
    since = None
    for entry in entries:
        if _entry_status(entry, milestone_type) != DONE:
            since = None
        elif since is None:
            since = entry.get("_date")
    return since


def _milestone_progress(rec: dict, rule: _Rule, entries: list[dict], ctx: _Context) -> dict:
    """Done, in progress or not started from the latest log entry; overdue once as_of reaches the deadline
    month unfinished; done after the deadline month gets 逾期完成."""
    entry = entries[-1] if entries else None
    logged = _entry_status(entry, rule.milestone_type) if entry else NO_DATA
    notes = _milestone_notes(rec, entry, logged, ctx.year) if entry else [NO_LOG_NOTE]
    status = logged
    if logged != DONE and ctx.month >= rule.due:
        status = OVERDUE
        notes.insert(0, f"截止{_deadline_text(rule.deadline, ctx.year)}未完成")
    since = _done_since(entries, rule.milestone_type) if logged == DONE else None
    if not _is_missing(since) and _month_in_year(Month(since.year, since.month), ctx.year) > rule.due:
        notes.insert(0, _late_note(rule, ctx.year))
    rec.update(status=status, completion=1.0 if logged == DONE else 0.0, note="；".join(notes))
    return rec  # a milestone is done or not: no numeric pace, no projection


def _milestone_notes(rec: dict, entry: dict, logged: str, year: int) -> list[str]:
    """The latest entry in words (9月5日：已开工; another year's date with its year), its note; fills
    latest_period and is_sample."""
    notes = []
    date = entry.get("date")
    raw = entry.get("status_raw")
    word = str(raw) if not _is_missing(raw) else STATUS_LABELS[logged]
    if not _is_missing(date):
        date_text = str(date)[:10]
        rec["latest_period"] = date_text[:7]
        notes.append(f"{date_label(date_text, year=year)}：{word}")
    if not _is_missing(entry.get("note")):
        notes.append(str(entry["note"]))
    rec["is_sample"] = is_sample_source(entry.get("source"))
    rec["months_reported"] = 1
    return notes


# ----------------------------------------------------------------------------------------------------
# ytd series for charts
# ----------------------------------------------------------------------------------------------------
def ytd_series(
    actuals: pd.DataFrame,
    indicator_id: str,
    targets: pd.DataFrame,
    *,
    year: int,
    profiles: Mapping[str, Profile] | None = None,
) -> pd.DataFrame:
    """Month-by-month actual and expected path of one indicator (for charts).

    Parameters
    ----------
    actuals : DataFrame
        The actuals frame (:func:`liulin_data.inputs.load_actuals`).
    indicator_id : str
        The catalog id.
    targets : DataFrame
        The catalog (:func:`liulin_data.plan.catalog.load_targets`).
    year : int
        The plan's year: the twelve months shown.
    profiles : mapping, optional
        The plan's pace profiles (:func:`liulin_data.plan.profiles.load_profiles`); default the package's own.

    Returns
    -------
    DataFrame
        12 rows (January–December): ``period`` ('YYYY-MM'), ``month``, ``month_value`` (NaN when not known
        individually, e.g. January and February of a combined 1—2月 release), ``ytd`` (exact year-to-date;
        for level indicators the latest level reported so far), ``reported`` (a value was released for that
        month), ``expected_ytd`` (target × expected share of the row's profile; whole things for counts),
        ``target``, ``target_high``.
    """
    import pandas as pd

    match = targets[targets["indicator_id"].astype(str) == indicator_id]
    if match.empty:
        raise KeyError(f"目录中没有指标 {indicator_id!r} / no catalog row {indicator_id!r}")
    row = match.iloc[0].to_dict()
    own = actuals[actuals["indicator_id"].astype(str) == indicator_id]
    mats = _Matrices(own, year, MONTHS)
    m_vals = mats.row(mats.value["month"], indicator_id)
    y_vals = mats.row(mats.value["ytd"], indicator_id)
    l_vals = mats.row(mats.value["level"], indicator_id)
    basis = str(row.get("basis") or "flow")
    target, target_high = _num(row.get("target")), _num(row.get("target_high"))
    profile = "none" if _is_missing(row.get("profile")) else str(row["profile"])
    deadline = None if _is_missing(row.get("deadline")) else row["deadline"]
    if (
        basis == "level"
        or str(row.get("kind")) == "ratio"
        or (all(v != v for v in m_vals + y_vals) and any(v == v for v in l_vals))
    ):
        ytd = pd.Series(l_vals).ffill().tolist()
        month_value = [_NAN] * MONTHS
        reported = [v == v for v in l_vals]
    else:
        ytd = _reconcile(m_vals, y_vals)
        derived = ytd_to_month(ytd).tolist()
        month_value = [m if m == m else d for m, d in zip(m_vals, derived, strict=True)]
        reported = [not (math.isnan(a) and math.isnan(b)) for a, b in zip(m_vals, y_vals, strict=True)]
    shapes = _shapes(profiles)
    shares = [expected_share(profile, k, deadline, year=year, profiles=shapes) for k in range(1, MONTHS + 1)]
    return pd.DataFrame(
        {
            "period": [f"{year:04d}-{k:02d}" for k in range(1, MONTHS + 1)],
            "month": list(range(1, MONTHS + 1)),
            "month_value": month_value,
            "ytd": ytd,
            "reported": reported,
            "expected_ytd": [whole_units(target * s, _rule(row, year, 0).step) for s in shares],
            "target": target,
            "target_high": target_high,
        }
    )
