"""Progress engine: completion, expected pace, year-end projection and status of every target of a plan.

Pure: frames in, frames out. The engine reads no file and fills in no default; the caller passes the
actuals, the catalog, the milestone log, the plan's year and its pace profiles (:mod:`liulin_data.tracker`
does that for a plan, :mod:`liulin_data.present.summaries` words the result for readers).

Expected-pace profiles (:mod:`liulin_data.profiles`; ``m01..m12`` = share of the annual target expected to be
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
``none``
    milestones; no numeric pace (``expected_share`` returns NaN). Milestones are judged from the milestone
    log against their deadline.

For every profile other than ``deadline`` a deadline earlier than year end means the whole target is due
from the deadline month on.

Status rules (numeric rows; ``completion = actual / target``; ``expected`` = share of the target due — for
flows and counts by the month the latest year-to-date covers, so that a release lag does not read as a
shortfall; for levels and ratios, and for rows without data, by ``as_of``; ``ratio = completion / expected``):

* ``achieved`` — completion ≥ 1 (``>=`` targets), within ``[target, target_high]`` for ranges, and for
  ``<=`` targets completion ≤ 1 once the deadline month is reached.
* ``on_track`` — ratio ≥ 1 − :data:`ON_TRACK_TOLERANCE` (for ``<=``: ratio ≤ 1 + tolerance), or nothing
  due yet (expected = 0) but data already reported.
* ``at_risk`` — ratio between 1 − :data:`AT_RISK_TOLERANCE` and 1 − :data:`ON_TRACK_TOLERANCE`.
* ``behind`` — further short than that (``<=``: over the limit already, or ahead of the allowed pace by more
  than the at-risk tolerance).
* ``overdue`` — a numeric row whose deadline month (before year end, e.g. 一季度) has passed without the
  target being achieved (续建项目复工率 below 100% after March).
* ``no_data`` — something is due (expected > 0) but no value has been reported up to ``as_of``.
* ``not_due`` — nothing is due yet (expected = 0) and no value reported.
* ``no_target`` — a context indicator (地区生产总值 …) without a target: actual and projection are shown,
  no status is judged. Give it a target in an override file to have it judged.

Kinds: ``quantity`` (flows and counts: actual = year-to-date; levels: the latest level), ``range``
(``between``: pace judged against the low end, achieved within the range), ``growth`` (actual = the
year-on-year growth in %: ``yoy_pct`` of the latest release, else the value itself when the catalog unit is
%, else the year-to-date against the same period of the previous year; completion = actual growth / target
growth, expected = 1 because a growth rate applies throughout the year), ``ratio`` (the latest level against
the target; expected follows the row's profile, or 1 when the profile is ``none``), ``milestone``
(``done`` / ``in_progress`` / ``not_started`` from the milestone log, ``overdue`` when not done and
``as_of`` is past the deadline month).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .exceptions import CatalogError, PeriodError, Problem
from .periods import parse_month
from .sample import is_sample_source, sample_rows
from .statuses import (
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
    STATUS_LABELS,
)
from .tables import fmt_number

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .profiles import Profile

# --- thresholds -----------------------------------------------------------------------------------
ON_TRACK_TOLERANCE = 0.05  # up to 5% short of the expected pace still counts as on track
AT_RISK_TOLERANCE = 0.15  # 5–15% short of the expected pace is at risk; more than 15% short is behind
STALE_MONTHS = 2  # latest data this many months or more before as_of gets a "数据滞后" note

MONTHS = 12  # months in a year

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
    from .profiles import package_profiles

    return package_profiles()


def _month_of(value: Any) -> tuple[int, int]:
    """(year, month) of a month value, read by :func:`liulin_data.periods.parse_month`."""
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
        Name → :class:`liulin_data.profiles.Profile` (a plan's: :func:`liulin_data.profiles.load_profiles`);
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
# progress
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


def _pace_status(completion: float, expected: float, comparator: str, due_reached: bool) -> str:
    """Status of a judged numeric row from completion and expected share."""
    if comparator == "<=":
        if completion > 1:
            return BEHIND
        if due_reached:
            return ACHIEVED
        if expected <= 0:
            return ON_TRACK if completion <= 0 else AT_RISK
        ratio = completion / expected
        if ratio <= 1 + ON_TRACK_TOLERANCE:
            return ON_TRACK
        if ratio <= 1 + AT_RISK_TOLERANCE:
            return AT_RISK
        return BEHIND
    if completion >= 1:
        return ACHIEVED
    if expected <= 0:
        return ON_TRACK
    ratio = completion / expected
    if ratio >= 1 - ON_TRACK_TOLERANCE:
        return ON_TRACK
    if ratio >= 1 - AT_RISK_TOLERANCE:
        return AT_RISK
    return BEHIND


def _milestone_table(milestones: pd.DataFrame | None, year: int, month: int) -> dict[str, dict]:
    """indicator_id -> latest milestone log entry dated up to the end of the as_of month."""
    import pandas as pd

    if milestones is None or len(milestones) == 0:
        return {}
    log = milestones.copy()
    log["_order"] = range(len(log))
    dates = (
        pd.to_datetime(log["date"], errors="coerce") if "date" in log else pd.Series(pd.NaT, index=log.index)
    )
    limit = pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)
    log = log[(dates.isna() | (dates <= limit)).to_numpy()]
    log["_date"] = dates
    log = log.sort_values(["_date", "_order"], na_position="first", kind="stable")
    latest = log.drop_duplicates("indicator_id", keep="last")
    return {str(r["indicator_id"]): dict(r) for r in latest.to_dict("records")}


def _is_sample_milestone(entry: dict) -> bool:
    return is_sample_source(entry.get("source"))


def progress(
    as_of: Any,
    actuals: pd.DataFrame,
    targets: pd.DataFrame,
    milestones: pd.DataFrame | None = None,
    *,
    year: int | None = None,
    profiles: Mapping[str, Profile] | None = None,
) -> pd.DataFrame:
    """Completion, pace, projection and status of every catalog row as of a month.

    Parameters
    ----------
    as_of : str, date or Month
        The month the assessment is made at ('YYYY-MM'); data of later months are ignored.
    actuals : DataFrame
        The frame :func:`liulin_data.inputs.load_actuals` returns (may be empty).
    targets : DataFrame
        The catalog (:func:`liulin_data.catalog.load_targets`).
    milestones : DataFrame, optional
        The milestone log (:func:`liulin_data.inputs.load_milestones`); None = no log.
    year : int, optional
        The plan's year: ``as_of`` outside it is a :class:`PeriodError` naming the year.
    profiles : mapping, optional
        The plan's pace profiles (:func:`liulin_data.profiles.load_profiles`); default the package's own.

    Returns
    -------
    DataFrame
        One row per catalog row, columns :data:`PROGRESS_COLUMNS` (see the module docstring for the rules).
    """
    import pandas as pd

    as_of_year, month = _month_of(as_of)
    if year is not None and as_of_year != year:
        raise PeriodError(f"截至月份 {as_of_year}-{month:02d} 不在{year}年内：请填 {year}-01 至 {year}-12")
    shapes = _shapes(profiles)
    mats = _Matrices(actuals, as_of_year, month)
    log = _milestone_table(milestones, as_of_year, month)
    when = (as_of_year, month)
    records = [_row_progress(row, mats, log, when, shapes) for row in targets.to_dict("records")]
    out = pd.DataFrame.from_records(records, columns=list(PROGRESS_COLUMNS))
    for col in ("target", "target_high", "actual", "completion", "expected", "pace_gap", "projected"):
        out[col] = out[col].astype("float64")
    out["months_reported"] = out["months_reported"].astype("int64")
    out["is_sample"] = out["is_sample"].astype(bool)
    return out


def _row_progress(
    row: dict, mats: _Matrices, log: dict, when: tuple[int, int], shapes: Mapping[str, Profile]
) -> dict:
    """One catalog row's progress at ``when`` = (year, month)."""
    year, month = when
    as_of_text = f"{year:04d}-{month:02d}"
    iid = str(row["indicator_id"])
    kind = str(row.get("kind") or "quantity")
    basis = str(row.get("basis") or "flow")
    comparator = str(row.get("comparator") or ">=")
    profile = row.get("profile")
    profile = "none" if _is_missing(profile) else str(profile)
    deadline = row.get("deadline")
    deadline = None if _is_missing(deadline) else deadline
    due = _deadline_month(deadline, year) or MONTHS
    target, target_high = _num(row.get("target")), _num(row.get("target_high"))
    rec: dict[str, Any] = {
        "indicator_id": iid,
        "indicator": row.get("indicator"),
        "domain": row.get("domain"),
        "task": row.get("task"),
        "kind": kind,
        "unit": row.get("unit"),
        "target": target,
        "target_high": target_high,
        "actual": _NAN,
        "completion": _NAN,
        "expected": _NAN,
        "pace_gap": _NAN,
        "projected": _NAN,
        "status": NO_DATA,
        "as_of": as_of_text,
        "latest_period": None,
        "months_reported": 0,
        "is_sample": False,
        "note": "",
    }
    if kind == "milestone" or basis == "milestone":
        return _milestone_progress(rec, log.get(iid), deadline, due, year, month)

    m_vals = mats.row(mats.value["month"], iid)
    y_vals = mats.row(mats.value["ytd"], iid)
    l_vals = mats.row(mats.value["level"], iid)
    reported = [
        not (math.isnan(a) and math.isnan(b) and math.isnan(c))
        for a, b, c in zip(m_vals, y_vals, l_vals, strict=True)
    ]
    rec["months_reported"] = sum(reported)
    notes: list[str] = []

    # the actual: ytd for flows and counts, the latest level for levels and ratios
    if basis == "level" or kind == "ratio":
        latest, actual = _last_known(l_vals)
        if latest is None:  # a level reported under another basis: take the latest value of any basis
            latest, actual = _last_known([c if c == c else b for b, c in zip(m_vals, y_vals, strict=True)])
    else:
        latest, actual, note = _flow_actual(m_vals, y_vals)
        if latest is None and any(v == v for v in l_vals):
            latest, actual = _last_known(l_vals)
            note = ""
        if note:
            notes.append(note)
    if kind == "growth" and latest is not None:
        actual = _growth_actual(iid, mats, latest, actual, str(row.get("unit") or ""), notes)
    rec["actual"] = actual
    if latest is not None:
        rec["latest_period"] = f"{year:04d}-{latest:02d}"
        rec["is_sample"] = bool(mats.is_sample.get(iid, False))
        if month - latest >= STALE_MONTHS:
            notes.append(f"最新数据截至{rec['latest_period']}，滞后{month - latest}个月")

    # expected share: flows and counts by the month the latest ytd covers (a release lag is no shortfall);
    # levels and ratios by as_of (the latest level is the state now); by as_of without data
    is_level = basis == "level" or kind == "ratio"
    pace_month = latest if latest is not None and not is_level else month
    if kind == "growth":
        expected = 1.0
    else:
        expected = expected_share(profile, pace_month, deadline, year=year, profiles=shapes)
        if kind == "ratio" and math.isnan(expected):
            expected = 1.0
    if math.isnan(expected):  # a numeric row with profile 'none': everything due at the deadline
        expected = expected_share("deadline", pace_month, deadline, year=year, profiles=shapes)
    rec["expected"] = expected

    if math.isnan(target):
        rec["status"] = NO_TARGET
        notes.insert(0, "无目标（背景指标），可在覆盖文件中补充目标")
        if latest is not None:
            rec["projected"] = _projection(kind, basis, actual, expected)
        rec["note"] = "；".join(notes)
        return rec
    if latest is None or math.isnan(actual):
        rec["status"] = NO_DATA if expected > 0 else NOT_DUE
        rec["note"] = "；".join(notes)
        return rec

    base = target
    if kind == "growth" and target == 0:
        completion = 1.0 + actual / 100.0  # growth target 0%: completion 1 at zero growth
    else:
        completion = actual / base if base != 0 else _NAN
    rec["completion"] = completion
    rec["pace_gap"] = completion - expected
    rec["projected"] = _projection(kind, basis, actual, expected)
    status = _pace_status(completion, expected, comparator if comparator != "between" else ">=", month >= due)
    if comparator == "between" and not math.isnan(target_high):
        if target <= actual <= target_high:
            status = ACHIEVED
        elif actual > target_high:
            status = ACHIEVED
            notes.append(f"已超过目标区间上限{fmt_number(target_high)}")
    if status in (ON_TRACK, AT_RISK, BEHIND) and comparator != "<=" and month > due:
        status = OVERDUE
        notes.insert(0, f"截止{_deadline_text(deadline, year)}未完成")
    rec["status"] = status
    rec["note"] = "；".join(notes)
    return rec


def _projection(kind: str, basis: str, actual: float, expected: float) -> float:
    """Year-end projection: pace-adjusted extrapolation for flows; the latest value for levels and rates."""
    if kind in ("growth", "ratio") or basis == "level":
        return actual
    if expected > 0:
        return actual / expected
    return _NAN


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


def _milestone_progress(
    rec: dict, entry: dict | None, deadline: Any, due: int, year: int, month: int
) -> dict:
    # no log entry at all: nothing is known (无数据), which is not the same as logged as not started
    logged = str(entry.get("status")) if entry else NO_DATA
    if logged not in (NOT_STARTED, IN_PROGRESS, DONE, NO_DATA):
        logged = NOT_STARTED
    notes = []
    if entry:
        date = entry.get("date")
        if not _is_missing(date):
            date_text = str(date)[:10]
            rec["latest_period"] = date_text[:7]
            notes.append(f"{date_text}：{STATUS_LABELS[logged]}")
        if not _is_missing(entry.get("note")):
            notes.append(str(entry["note"]))
        rec["is_sample"] = _is_sample_milestone(entry)
        rec["months_reported"] = 1
    else:
        notes.append("里程碑记录中无此事项")
    status = logged
    if logged != DONE and month > due:
        status = OVERDUE
        notes.insert(0, f"截止{_deadline_text(deadline, year)}未完成")
    rec["status"] = status
    # a milestone is done or not: no numeric pace
    rec["expected"] = _NAN
    rec["completion"] = 1.0 if logged == DONE else 0.0
    rec["projected"] = _NAN
    rec["pace_gap"] = _NAN
    rec["note"] = "；".join(notes)
    return rec


def _deadline_text(deadline: Any, year: int) -> str:
    if deadline is None:
        return f"{year}年底"
    if isinstance(deadline, (_dt.date, _dt.datetime)):
        return deadline.strftime("%Y-%m-%d")
    return str(deadline)[:10]


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
        The catalog (:func:`liulin_data.catalog.load_targets`).
    year : int
        The plan's year: the twelve months shown.
    profiles : mapping, optional
        The plan's pace profiles (:func:`liulin_data.profiles.load_profiles`); default the package's own.

    Returns
    -------
    DataFrame
        12 rows (January–December): ``period`` ('YYYY-MM'), ``month``, ``month_value`` (NaN when not known
        individually, e.g. January and February of a combined 1—2月 release), ``ytd`` (exact year-to-date;
        for level indicators the latest level reported so far), ``reported`` (a value was released for that
        month), ``expected_ytd`` (target × expected share of the row's profile), ``target``, ``target_high``.
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
            "expected_ytd": [target * s for s in shares],
            "target": target,
            "target_high": target_high,
        }
    )
