"""Progress engine: completion, expected pace, year-end projection and status of every 2026 target.

Expected-pace profiles (``data/profiles.csv``; ``m01..m12`` = share of the annual target expected to be done
by the END of each month, cumulative, non-decreasing, ``m12 = 1``):

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
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from .exceptions import CatalogError, PeriodError, Problem
from .periods import parse_month
from .sample import SAMPLE_SOURCE, is_sample_source, sample_rows
from .statuses import (
    ACHIEVED,
    AT_RISK,
    ATTENTION_STATUSES,
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
    STATUS_ORDER,
    STATUS_RANK,
)
from .tables import fmt_number

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# --- thresholds -----------------------------------------------------------------------------------
ON_TRACK_TOLERANCE = 0.05  # up to 5% short of the expected pace still counts as on track
AT_RISK_TOLERANCE = 0.15  # 5–15% short of the expected pace is at risk; more than 15% short is behind
STALE_MONTHS = 2  # latest data this many months or more before as_of gets a "数据滞后" note

PROFILES_FILE = "profiles.csv"  # expected-pace shapes, in liulin_data/data/
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
@lru_cache(maxsize=1)
def _profiles() -> dict[str, tuple[float, ...] | None]:
    """Read data/profiles.csv: name -> 12 cumulative shares (None for a profile without numeric pace)."""
    import csv

    name = f"liulin_data/data/{PROFILES_FILE}"
    text = (files("liulin_data") / "data" / PROFILES_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    problems: list[Problem] = []
    out: dict[str, tuple[float, ...] | None] = {}
    for line, row in enumerate(rows, start=2):
        cells = [(row.get(f"m{k:02d}") or "").strip() for k in range(1, MONTHS + 1)]
        if not any(cells):
            out[row["profile"]] = None
            continue
        try:
            shares = tuple(float(c) for c in cells)
        except ValueError:
            problems.append(Problem(name, line, "m01..m12", ",".join(cells), "进度份额必须是0到1之间的数字"))
            continue
        if any(b < a for a, b in zip(shares, shares[1:], strict=False)) or not math.isclose(shares[-1], 1.0):
            problems.append(
                Problem(
                    name,
                    line,
                    "m01..m12",
                    ",".join(cells),
                    "累计进度份额必须逐月不减且12月为1",
                    "修正该行的月度份额",
                )
            )
            continue
        out[row["profile"]] = shares
    if problems:
        raise CatalogError(problems, "进度曲线文件有误")
    return out


def profile_names() -> list[str]:
    """Names of the expected-pace profiles in ``data/profiles.csv``."""
    return list(_profiles())


def profile_labels() -> dict[str, str]:
    """Profile name → its Chinese description from ``data/profiles.csv`` (the short name before '：')."""
    import csv

    text = (files("liulin_data") / "data" / PROFILES_FILE).read_text(encoding="utf-8")
    return {row["profile"]: row["description"].split("：", 1)[0] for row in csv.DictReader(text.splitlines())}


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


def expected_share(profile: str, month: int, deadline: Any = None, year: int | None = None) -> float:
    """Share of the annual target expected to be done by the end of ``month``.

    Parameters
    ----------
    profile : str
        A profile name from ``data/profiles.csv``.
    month : int
        1–12 (values above 12 count as year end, below 1 as before the year).
    deadline : str, date or Period, optional
        The row's deadline. For ``deadline`` the share is 0 before the deadline month and 1 from it; for
        the other profiles everything is due from the deadline month on. Without ``year`` the deadline is
        taken to be in the year of the month.
    year : int, optional
        The year ``month`` belongs to (to compare with a deadline in another year).

    Returns
    -------
    float
        The expected share in [0, 1]; NaN for ``none``.
    """
    shapes = _profiles()
    if profile not in shapes:
        raise CatalogError(
            [
                Problem(
                    "targets.csv",
                    None,
                    "profile",
                    str(profile),
                    "未知的进度曲线",
                    f"可用：{', '.join(shapes)}（见 liulin_data/data/profiles.csv）",
                )
            ]
        )
    shape = shapes[profile]
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
def _package_file(name: str) -> str:
    return str(files("liulin_data") / "data" / name)


def _sample_actuals() -> pd.DataFrame:
    from .inputs.actuals import load_inputs

    return load_inputs()[0]


def _sample_milestones() -> pd.DataFrame:
    from .inputs.actuals import load_inputs

    return load_inputs()[1]


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
    actuals: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    milestones: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Completion, pace, projection and status of every catalog row as of a month.

    Parameters
    ----------
    as_of : str, date or Period
        The month the assessment is made at ('YYYY-MM'); data of later months are ignored.
    actuals : DataFrame, optional
        The frame :func:`liulin_data.inputs.actuals.load_actuals` returns. Default: the shipped synthetic sample
        (``data/sample_actuals.csv``); with the default, ``milestones`` defaults to the shipped sample log.
    targets : DataFrame, optional
        The catalog (:func:`liulin_data.catalog.load_targets`); default: the shipped catalog with context rows.
    milestones : DataFrame, optional
        The milestone log (:func:`liulin_data.inputs.actuals.load_milestones`).

    Returns
    -------
    DataFrame
        One row per catalog row, columns :data:`PROGRESS_COLUMNS` (see the module docstring for the rules).
    """
    import pandas as pd

    year, month = _month_of(as_of)
    as_of_text = f"{year:04d}-{month:02d}"
    if actuals is None:
        actuals = _sample_actuals()
        if milestones is None:
            milestones = _sample_milestones()
    if targets is None:
        from .catalog import load_targets

        targets = load_targets()
    mats = _Matrices(actuals, year, month)
    log = _milestone_table(milestones, year, month)

    records = []
    for row in targets.to_dict("records"):  # one pass over the ~60 catalog rows
        records.append(_row_progress(row, mats, log, year, month, as_of_text))
    out = pd.DataFrame.from_records(records, columns=list(PROGRESS_COLUMNS))
    for col in ("target", "target_high", "actual", "completion", "expected", "pace_gap", "projected"):
        out[col] = out[col].astype("float64")
    out["months_reported"] = out["months_reported"].astype("int64")
    out["is_sample"] = out["is_sample"].astype(bool)
    return out


def _row_progress(row: dict, mats: _Matrices, log: dict, year: int, month: int, as_of_text: str) -> dict:
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
        expected = expected_share(profile, pace_month, deadline, year=year)
        if kind == "ratio" and math.isnan(expected):
            expected = 1.0
    if math.isnan(expected):  # a numeric row with profile 'none': everything due at the deadline
        expected = expected_share("deadline", pace_month, deadline, year=year)
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
    actuals: pd.DataFrame | None,
    indicator_id: str,
    targets: pd.DataFrame | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """Month-by-month actual and expected path of one indicator (for charts).

    Parameters
    ----------
    actuals : DataFrame or None
        The actuals frame; None = the shipped synthetic sample.
    indicator_id : str
        The catalog id.
    targets : DataFrame, optional
        The catalog; default: the shipped catalog.
    year : int, optional
        Default: the year of the indicator's latest period (2026 without data).

    Returns
    -------
    DataFrame
        12 rows (January–December): ``period`` ('YYYY-MM'), ``month``, ``month_value`` (NaN when not known
        individually, e.g. January and February of a combined 1—2月 release), ``ytd`` (exact year-to-date;
        for level indicators the latest level reported so far), ``reported`` (a value was released for that
        month), ``expected_ytd`` (target × expected share of the row's profile), ``target``, ``target_high``.
    """
    import pandas as pd

    if actuals is None:
        actuals = _sample_actuals()
    if targets is None:
        from .catalog import load_targets

        targets = load_targets()
    match = targets[targets["indicator_id"].astype(str) == indicator_id]
    if match.empty:
        raise KeyError(f"目录中没有指标 {indicator_id!r} / no catalog row {indicator_id!r}")
    row = match.iloc[0].to_dict()
    own = actuals[actuals["indicator_id"].astype(str) == indicator_id]
    if year is None:
        periods = own["period"].astype(str).str.slice(0, 7)
        year = int(periods.max()[:4]) if len(periods) else 2026
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
    shares = [expected_share(profile, k, deadline, year=year) for k in range(1, MONTHS + 1)]
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


# ----------------------------------------------------------------------------------------------------
# needs attention
# ----------------------------------------------------------------------------------------------------
def _pct(share: float) -> str:
    return "—" if share != share else f"{share * 100:.1f}%"


def _sentence(r: dict) -> str:
    """One plain-Chinese sentence about a row that needs attention."""
    name, unit, status = r["indicator"], r["unit"] or "", r["status"]
    if status == OVERDUE:
        return f"{name}：{r['note'] or '已过截止时间仍未完成'}。"
    if status == NO_DATA:
        return f"{name}：按时序进度应完成全年目标的{_pct(r['expected'])}，但截至{r['as_of']}尚无数据报送。"
    actual, target, completion = r["actual"], r["target"], r["completion"]
    if r["kind"] == "growth":
        return (
            f"{name}同比增长{fmt_number(actual, 1)}%，目标增长{fmt_number(target, 1)}%，"
            f"为目标增速的{_pct(completion)}，需加快。"
        )
    if r["kind"] == "ratio":
        return (
            f"{name}为{fmt_number(actual)}{unit}，目标{fmt_number(target)}{unit}，完成目标的{_pct(completion)}，"
            f"低于时序进度{_pct(r['expected'])}。"
        )
    level = r.get("_basis") == "level"
    lead = f"{name}最新为{fmt_number(actual)}{unit}" if level else f"{name}累计完成{fmt_number(actual)}{unit}"
    if r.get("_comparator") == "<=":
        return (
            f"{lead}，已达全年上限的{_pct(completion)}，高于时序进度{_pct(r['expected'])}，"
            f"预计全年{fmt_number(r['projected'])}{unit}，超出上限{fmt_number(r['projected'] - target)}{unit}。"
        )
    text = f"{lead}，完成全年目标的{_pct(completion)}，低于时序进度{_pct(r['expected'])}"
    projected = r["projected"]
    if projected == projected and not level:
        gap = target - projected
        text += f"，预计全年{fmt_number(projected)}{unit}"
        if gap > 0:
            text += f"，缺口{fmt_number(gap)}{unit}"
    elif level and target - actual > 0:
        text += f"，差距{fmt_number(target - actual)}{unit}"
    return text + "。"


def attention(progress_df: pd.DataFrame, limit: int = 8, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """The items that need attention: overdue, behind, at risk, no data where data was expected.

    Parameters
    ----------
    progress_df : DataFrame
        The frame :func:`progress` returns.
    limit : int
        At most this many items (most severe first).
    targets : DataFrame, optional
        The catalog, to word level and ``<=`` rows correctly; default: the shipped catalog when
        ``progress_df`` lacks ``basis``/``comparator`` columns (they are looked up by ``indicator_id``).

    Returns
    -------
    DataFrame
        ``indicator_id, indicator, task, status, label, severity, pace_gap, sentence``, sorted by severity
        (status rank, then the largest shortfall against pace first).
    """
    import pandas as pd

    columns = ["indicator_id", "indicator", "task", "status", "label", "severity", "pace_gap", "sentence"]
    rows = progress_df[progress_df["status"].isin(ATTENTION_STATUSES)].copy()
    if rows.empty:
        return pd.DataFrame(columns=columns)
    extra = {"basis": "_basis", "comparator": "_comparator"}
    if not all(c in rows for c in extra):
        if targets is None:
            from .catalog import load_targets

            targets = load_targets()
        lookup = targets.drop_duplicates("indicator_id").set_index("indicator_id")
        for col in extra:
            if col not in rows:
                rows[col] = rows["indicator_id"].map(lookup[col]) if col in lookup else None
    rows = rows.rename(columns=extra)
    rows["severity"] = rows["status"].map(STATUS_RANK)
    rows["_gap"] = rows["pace_gap"].fillna(0.0)
    rows.loc[rows["_comparator"] == "<=", "_gap"] *= -1
    rows = rows.sort_values(["severity", "_gap"], kind="stable").head(limit)
    rows["label"] = rows["status"].map(STATUS_LABELS)
    rows["sentence"] = [_sentence(r) for r in rows.to_dict("records")]
    return rows[columns].reset_index(drop=True)


def format_progress(table: pd.DataFrame) -> str:
    """Render a :func:`progress` frame as a fixed-width terminal table (``liulin progress``)."""
    import pandas as pd

    from .tables import format_table

    def number(value: float) -> str:
        if pd.isna(value):
            return ""
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.1f}".removesuffix(".0") if abs(value) >= 10 else f"{value:.3g}"

    def share(value: float, kind: str) -> str:
        return "" if pd.isna(value) or kind == "milestone" else f"{value:.1%}"

    header = ("指标", "单位", "目标", "实际", "完成率", "时序进度", "预计全年", "状态")
    rows = [
        (
            row.indicator,
            row.unit or "",
            number(row.target),
            number(row.actual),
            share(row.completion, row.kind),
            share(row.expected, row.kind),
            number(row.projected),
            STATUS_LABELS.get(row.status, row.status),
        )
        for row in table.itertuples()
    ]
    sample = bool(table["is_sample"].any()) if "is_sample" in table else False
    footer = f"截至 {table['as_of'].iloc[0]}，共 {len(table)} 项" if len(table) else "无数据"
    if sample:
        footer += f"。{SAMPLE_SOURCE}"
    return format_table(header, rows) + "\n" + footer


# row groups of status_counts(by="kind")
KIND_GROUP_LABELS = {False: "数值指标", True: "里程碑事项"}


def status_counts(progress_df: pd.DataFrame, by: str = "kind") -> pd.DataFrame:
    """How many rows have each status, per group: a table with Chinese headers and a 合计 row and column.

    Parameters
    ----------
    progress_df : DataFrame
        A :func:`progress` frame (or a filtered part of it).
    by : {'kind', 'domain', 'task'}
        Rows of the table: numeric targets vs milestones, the catalog's domains (Chinese names), or the 15
        major tasks (in the report's order).

    Returns
    -------
    DataFrame
        Index: the groups; columns: the status labels in :data:`STATUS_ORDER` order (only those present), 合计.
    """
    import pandas as pd

    from .catalog import DOMAIN_LABELS, load_tasks

    if by == "kind":
        groups, name = progress_df["kind"].eq("milestone").map(KIND_GROUP_LABELS), "类别"
        order = list(KIND_GROUP_LABELS.values())
    elif by == "domain":
        groups, name = progress_df["domain"].map(DOMAIN_LABELS), "领域"
        order = list(DOMAIN_LABELS.values())
    elif by == "task":
        groups, name = progress_df["task"], "大事要事"
        order = list(load_tasks()["task"])
    else:
        raise ValueError(f"by 应为 'kind'、'domain' 或 'task'，收到 {by!r}")
    table = pd.crosstab(groups.rename(name), progress_df["status"].rename("状态"))
    # every task is listed (five of the 15 set no numeric target or milestone); domains and kinds only if present
    index = order if by == "task" else [g for g in order if g in table.index]
    table = table.reindex(index=index, fill_value=0)
    table = table[[s for s in STATUS_ORDER if s in table.columns]]
    # achieved (numeric) and done (milestone) share the label 已完成: one column
    table = table.T.groupby([STATUS_LABELS[s] for s in table.columns], sort=False).sum().T
    table["合计"] = table.sum(axis=1)
    table.loc["合计"] = table.sum(axis=0)
    table.columns.name = "状态"
    return table
