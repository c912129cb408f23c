"""The progress engine: pace profiles, month<->ytd, status of every kind, attention sentences."""

from __future__ import annotations

import csv
import datetime as dt
import math
from importlib.resources import files

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liulin_data.core.exceptions import CatalogError, PeriodError
from liulin_data.core.periods import Month, parse_month
from liulin_data.core.statuses import (
    ACHIEVED,
    AT_RISK,
    ATTENTION_STATUSES,
    BEHIND,
    BREACHED,
    DONE,
    IN_PROGRESS,
    NO_DATA,
    NO_TARGET,
    NOT_DUE,
    NOT_STARTED,
    ON_TRACK,
    OVERDUE,
    PENDING_YEAR,
    SHORTFALL,
    STALE,
    STATUS_COLORS,
    STATUS_LABELS,
    STATUS_ORDER,
    STATUS_RANK,
    WITHIN_CAP,
)
from liulin_data.engine import (
    AT_RISK_TOLERANCE,
    ON_TRACK_TOLERANCE,
    PROGRESS_COLUMNS,
    data_due_month,
    expected_share,
    month_to_ytd,
    progress,
    ytd_series,
    ytd_to_month,
)
from liulin_data.engine.series import reconcile
from liulin_data.present.summaries import attention

SAMPLE_SOURCE = "示例数据（合成，非真实统计）"
NO_MILESTONES = pd.DataFrame(columns=["indicator_id", "status", "date", "note", "file", "line"])


def target(iid="coal", **kw) -> dict:
    """One catalog row (defaults: 原煤产量 3600万吨, flow, linear, year end)."""
    row = {
        "indicator_id": iid,
        "domain": "energy",
        "task": "深入推进能源革命",
        "indicator": "原煤产量",
        "kind": "quantity",
        "comparator": ">=",
        "target": 3600.0,
        "target_high": np.nan,
        "unit": "万吨",
        "basis": "flow",
        "profile": "linear",
        "deadline": pd.Timestamp("2026-12-31"),
    }
    row.update(kw)
    return row


def actuals(*rows, source=SAMPLE_SOURCE) -> pd.DataFrame:
    """Actuals frame from (indicator_id, period, basis, value[, yoy_pct[, unit]]) tuples."""
    recs = []
    for i, r in enumerate(rows):
        iid, period, basis, value = r[:4]
        recs.append(
            {
                "indicator_id": iid,
                "period": period,
                "basis": basis,
                "value": float(value),
                "unit": r[5] if len(r) > 5 else "万吨",
                "raw_value": float(value),
                "raw_unit": "万吨",
                "yoy_pct": r[4] if len(r) > 4 else np.nan,
                "source": source,
                "note": "",
                "file": "test.csv",
                "line": i + 2,
            }
        )
    cols = ["indicator_id", "period", "basis", "value", "unit", "raw_value", "raw_unit", "yoy_pct"]
    return pd.DataFrame(recs, columns=[*cols, "source", "note", "file", "line"])


def run(as_of, rows, *targets, milestones=None) -> pd.DataFrame:
    """The engine at ``as_of`` ('YYYY-MM', read here as the session's door reads it: the engine takes a Month)."""
    cat = pd.DataFrame(list(targets) or [target()])
    month = parse_month(as_of)
    return progress(month, rows, cat, milestones=NO_MILESTONES if milestones is None else milestones)


def one(as_of, rows, tgt=None, milestones=None) -> pd.Series:
    return run(as_of, rows, tgt or target(), milestones=milestones).iloc[0]


# ----------------------------------------------------------------------------------------------------
# profiles
# ----------------------------------------------------------------------------------------------------
def test_profiles_file_is_cumulative_and_ends_at_one():
    text = (files("liulin_data") / "data" / "profiles.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    names = {r["profile"] for r in rows}
    assert {"linear", "harvest", "sown_area", "back_loaded", "deadline", "none"} <= names
    for r in rows:
        assert r["description"].strip(), r["profile"]
        cells = [r[f"m{k:02d}"] for k in range(1, 13)]
        if r["profile"] == "none":
            assert not any(cells)
            continue
        shares = [float(c) for c in cells]
        assert all(b >= a for a, b in zip(shares, shares[1:], strict=False)), r["profile"]
        assert shares[-1] == 1.0 and shares[0] >= 0


@pytest.mark.parametrize(
    ("profile", "month", "share"),
    [
        ("linear", 1, 1 / 12),
        ("linear", 10, 10 / 12),
        ("linear", 12, 1.0),
        ("harvest", 8, 0.0),
        ("harvest", 9, 0.3),
        ("harvest", 10, 0.8),
        ("harvest", 11, 1.0),
        ("sown_area", 4, 0.0),
        ("sown_area", 5, 0.5),
        ("sown_area", 6, 0.9),
        ("sown_area", 7, 1.0),
        ("back_loaded", 6, 0.25),
        ("back_loaded", 10, 0.68),
        ("back_loaded", 12, 1.0),
        ("deadline", 11, 0.0),
        ("deadline", 12, 1.0),
    ],
)
def test_expected_share_by_profile(profile, month, share):
    assert expected_share(profile, month) == pytest.approx(share)


def test_deadline_profile_is_shifted_to_the_rows_deadline():
    assert expected_share("deadline", 2, Month(2026, 3)) == 0.0
    assert expected_share("deadline", 3, Month(2026, 3)) == 1.0
    assert expected_share("deadline", 3, dt.date(2026, 3, 31)) == 1.0  # a catalog deadline is a date
    assert expected_share("deadline", 3, pd.Timestamp("2026-03-31")) == 1.0
    assert expected_share("deadline", 12, Month(2027, 6), year=2026) == 0.0
    # other profiles: everything due from an early deadline on
    assert expected_share("linear", 5, Month(2026, 6)) == pytest.approx(5 / 12)
    assert expected_share("linear", 6, Month(2026, 6)) == 1.0


def test_the_engine_reads_no_month_text():
    """A month written as text is read at the door (liulin_data.progress, open_session), not in the engine."""
    with pytest.raises(TypeError, match="read at the door"):
        expected_share("deadline", 3, "2026-03-31")
    with pytest.raises(TypeError, match="read at the door"):
        progress("2026-10", actuals(), pd.DataFrame([target()]), NO_MILESTONES)
    assert data_due_month(Month(2026, 10), 25) == Month(2026, 9)
    assert data_due_month(dt.date(2026, 10, 5), 0) == Month(2026, 10)


def test_none_profile_has_no_pace_and_unknown_profile_is_an_error():
    assert math.isnan(expected_share("none", 6))
    with pytest.raises(CatalogError) as info:
        expected_share("lineair", 6)
    (problem,) = info.value.problems
    assert (problem.column, problem.value, problem.code) == ("profile", "lineair", "profile_unknown")
    assert "linear" in problem.data["available"].split(", ")


# ----------------------------------------------------------------------------------------------------
# month <-> ytd
# ----------------------------------------------------------------------------------------------------
def nan_list(series) -> list:
    return [None if math.isnan(v) else round(v, 9) for v in series]


def test_month_to_ytd_stops_at_a_missing_month():
    assert nan_list(month_to_ytd({1: 280, 2: 210, 3: 290, 5: 270})) == [280, 490, 780] + [None] * 9


def test_ytd_to_month_with_combined_january_february_release():
    months = ytd_to_month({2: 490, 3: 780, 4: 1065, 6: 1610})
    # Jan and Feb individually unknown; May and June unknown (no April→June split)
    assert nan_list(months) == [None, None, 290, 285] + [None] * 8
    assert nan_list(ytd_to_month([1.0, 3.0, 6.0])) == [1, 2, 3] + [None] * 9


def test_month_keys_may_be_periods():
    assert nan_list(month_to_ytd({"2026-01": 1, "2026-02": 2}))[:2] == [1, 3]
    with pytest.raises(PeriodError):
        month_to_ytd({13: 1.0})


def test_reconcile_fills_a_missing_month_between_two_totals_exactly():
    nan = float("nan")
    month = [nan, nan, 300, 285, nan, 275] + [nan] * 6
    ytd = [nan, 490, 790, nan, nan, 1620] + [nan] * 6
    out = reconcile(month, ytd)
    assert out[3] == 1075 and out[4] == 1345 and out[5] == 1620
    assert math.isnan(out[0])


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: round(v, 3))


@settings(deadline=None, max_examples=60)
@given(st.lists(finite, min_size=1, max_size=12))
def test_round_trip_months_ytd_months(months):
    back = ytd_to_month(month_to_ytd(months)).tolist()
    for a, b in zip(months, back[: len(months)], strict=True):
        assert b == pytest.approx(a, abs=1e-6)
    assert all(math.isnan(v) for v in back[len(months) :])


@settings(deadline=None, max_examples=60)
@given(st.lists(finite, min_size=1, max_size=12))
def test_sum_of_months_equals_ytd(months):
    ytd = month_to_ytd(months).tolist()
    for k in range(len(months)):
        assert ytd[k] == pytest.approx(sum(months[: k + 1]), abs=1e-6)


@settings(deadline=None, max_examples=60)
@given(st.lists(st.one_of(st.none(), finite), min_size=12, max_size=12))
def test_ytd_with_gaps_months_are_exact_differences_or_unknown(ytd):
    months = ytd_to_month(ytd).tolist()
    for k, m in enumerate(months):
        prev = 0.0 if k == 0 else ytd[k - 1]
        if ytd[k] is None or prev is None:
            assert math.isnan(m)
        else:
            assert m == pytest.approx(ytd[k] - prev, abs=1e-6)
    # round trip where the series is complete from January
    again = month_to_ytd(months).tolist()
    for k, v in enumerate(again):
        if not math.isnan(v):
            assert v == pytest.approx(ytd[k], abs=1e-5)


# ----------------------------------------------------------------------------------------------------
# numeric statuses
# ----------------------------------------------------------------------------------------------------
def test_progress_frame_has_the_contract_columns():
    out = run("2026-10", actuals(("coal", "2026-10", "ytd", 2710)))
    assert list(out.columns) == list(PROGRESS_COLUMNS)
    assert out.loc[0, "as_of"] == "2026-10"


def test_at_risk_flow_hand_computed():
    r = one("2026-10", actuals(("coal", "2026-02", "ytd", 490), ("coal", "2026-10", "ytd", 2710)))
    assert r.actual == 2710
    assert r.completion == pytest.approx(2710 / 3600)
    assert r.expected == pytest.approx(10 / 12)
    assert r.pace_gap == pytest.approx(2710 / 3600 - 10 / 12)
    assert r.projected == pytest.approx(2710 / (10 / 12))  # 3252
    assert r.status == AT_RISK  # 0.753 / 0.833 = 0.903: 9.7% short of pace
    assert r.latest_period == "2026-10" and r.months_reported == 2
    assert bool(r.is_sample)


@pytest.mark.parametrize(
    ("ytd", "status"),
    [
        (3650, ACHIEVED),
        (3600, ACHIEVED),
        (3000 * (1 - ON_TRACK_TOLERANCE), ON_TRACK),  # exactly 5% short of pace
        (3000 * (1 - ON_TRACK_TOLERANCE) - 1, AT_RISK),
        (3000 * (1 - AT_RISK_TOLERANCE), AT_RISK),
        (3000 * (1 - AT_RISK_TOLERANCE) - 1, BEHIND),
        (2000, BEHIND),
    ],
)
def test_flow_status_thresholds(ytd, status):
    assert one("2026-10", actuals(("coal", "2026-10", "ytd", ytd))).status == status


def test_no_data_and_not_due():
    r = one("2026-10", actuals(("other", "2026-10", "ytd", 5)))
    assert r.status == NO_DATA and math.isnan(r.actual) and r.expected == pytest.approx(10 / 12)
    grain = target("grain", indicator="粮食产量", unit="万斤", target=9600.0, profile="harvest")
    assert one("2026-05", actuals(), grain).status == NOT_DUE
    # the harvest profile is a season (9–11月) reported once after it: nothing is due during the harvest (#19.4)
    assert one("2026-09", actuals(), grain).status == NOT_DUE
    linear = target("grain", indicator="粮食产量", unit="万斤", target=9600.0)
    assert one("2026-09", actuals(), linear).status == NO_DATA
    # a figure during the harvest is its progress, not the harvest: no verdict, no projection (#19.6)
    assert one("2026-08", actuals(("grain", "2026-08", "ytd", 100)), grain).status == NOT_DUE
    harvest = one(
        "2026-10", actuals(("grain", "2026-09", "ytd", 2900), ("grain", "2026-10", "ytd", 7900)), grain
    )
    assert harvest.status == NOT_DUE and math.isnan(harvest.projected) and math.isnan(harvest.expected)


def test_combined_january_february_release_then_months():
    rows = actuals(
        ("coal", "2026-02", "ytd", 490),
        ("coal", "2026-03", "month", 290),
        ("coal", "2026-04", "month", 285),
    )
    r = one("2026-04", rows)
    assert r.actual == 490 + 290 + 285
    assert r.expected == pytest.approx(4 / 12)
    assert "1—2月合并发布" in r.note
    assert r.months_reported == 3


def test_missing_month_without_a_later_total_is_a_lower_bound_with_a_note():
    rows = actuals(
        ("coal", "2026-02", "ytd", 490),
        ("coal", "2026-03", "month", 290),
        ("coal", "2026-04", "month", 285),
        ("coal", "2026-06", "month", 275),
    )
    r = one("2026-06", rows)
    assert r.actual == 490 + 290 + 285 + 275
    assert "缺5月数据" in r.note
    assert r.months_reported == 4


def test_missing_month_bridged_by_a_later_ytd_is_exact():
    rows = actuals(
        ("coal", "2026-02", "ytd", 490),
        ("coal", "2026-04", "ytd", 1065),
        ("coal", "2026-06", "ytd", 1610),
        ("coal", "2026-06", "month", 275),
    )
    r = one("2026-06", rows)
    assert r.actual == 1610
    assert "5月未单独发布" in r.note and "缺" not in r.note
    series = ytd_series(rows, "coal", pd.DataFrame([target()]), year=2026)
    assert series.loc[4, "month_value"] == pytest.approx(1610 - 1065 - 275)  # May, exact
    assert series.loc[5, "month_value"] == 275
    assert math.isnan(series.loc[0, "month_value"]) and math.isnan(series.loc[1, "month_value"])
    assert series.loc[1, "ytd"] == 490 and series.loc[2, "ytd"] != series.loc[2, "ytd"]  # March unknown
    assert list(series["reported"][:6]) == [False, True, False, True, False, True]
    assert series.loc[9, "expected_ytd"] == pytest.approx(3000)


def test_a_release_lag_is_no_shortfall_but_a_figure_older_than_the_lag_is_stale():
    monthly = target(release_lag_days=25)  # September's figure is due by 25 October
    current = one("2026-10", actuals(("coal", "2026-09", "ytd", 2700)), monthly)
    assert current.expected == pytest.approx(9 / 12) and current.status == ON_TRACK
    assert current.projected == pytest.approx(3600)
    late = one("2026-10", actuals(("coal", "2026-08", "ytd", 2400)), monthly)
    assert late.status == STALE and late.note == "最新数据截至2026年8月"
    assert late.expected == pytest.approx(9 / 12)  # what is due now, not at the stale month
    assert math.isnan(late.projected)  # no projection from a stale figure
    # without a lag of its own (and none given) a month's figure is due by the end of that month
    assert one("2026-10", actuals(("coal", "2026-09", "ytd", 2700))).status == STALE
    same = progress(Month(2026, 10), actuals(("coal", "2026-09", "ytd", 2700)), pd.DataFrame([target()]),
                    NO_MILESTONES, release_lag_days=25)  # fmt: skip
    assert same.loc[0, "status"] == ON_TRACK


def test_level_takes_the_latest_level_not_a_sum():
    area = target(
        "area", indicator="粮食播种面积", unit="万亩", target=33.0, basis="level", profile="sown_area"
    )
    rows = actuals(("area", "2026-05", "level", 18.0), ("area", "2026-06", "level", 33.4))
    r = one("2026-10", rows, area)
    assert r.actual == 33.4 and r.projected == 33.4 and r.status == ACHIEVED
    short = one("2026-10", actuals(("area", "2026-10", "level", 30.0)), area)
    assert math.isnan(short.expected)  # a level is never pro-rated (#19.2)
    assert short.status == SHORTFALL and math.isnan(short.projected)  # its season (5—7月) is over (#19.3)
    # a June level is no news of October: stale, with the month it dates from
    june = one("2026-10", actuals(("area", "2026-06", "level", 30.0)), area)
    assert (
        june.status == STALE and "2026年6月" in june.note and june.projected != june.projected
    )  # no projection from old data
    early = one("2026-05", actuals(("area", "2026-05", "level", 16.0)), area)
    assert early.status == NOT_DUE and math.isnan(early.expected)  # sowing goes on: no verdict yet
    series = ytd_series(rows, "area", pd.DataFrame([area]), year=2026)
    assert list(series["ytd"][4:8]) == [18.0, 33.4, 33.4, 33.4]  # the latest level carried forward


def test_count_with_back_loaded_profile():
    cattle = target(
        "cattle", indicator="新增肉牛", unit="头", target=4000.0, basis="count", profile="back_loaded"
    )
    r = one("2026-10", actuals(("cattle", "2026-10", "ytd", 2350, np.nan, "头")), cattle)
    assert r.expected == pytest.approx(0.68)
    assert r.status == AT_RISK  # 0.5875 / 0.68 = 0.864


def test_a_cap_has_no_pace_and_no_completion():
    cap = target("cap", indicator="能耗总量", unit="万吨", target=100.0, comparator="<=")
    # one figure: no recent months to carry over, no pace: within the cap or over it
    for value in (50, 55, 70, 100):
        within = one("2026-06", actuals(("cap", "2026-06", "ytd", value)), cap)
        assert within.status == WITHIN_CAP and math.isnan(within.completion) and math.isnan(within.expected)
    broken = one("2026-06", actuals(("cap", "2026-06", "ytd", 100.5)), cap)
    assert broken.status == BREACHED and broken.final and math.isnan(broken.projected)
    assert broken.note == "超出上限0.5万吨"
    assert one("2026-12", actuals(("cap", "2026-12", "ytd", 95)), cap).status == WITHIN_CAP
    # recent months that, carried over the months left, would break it: at risk (8 a month, 40 left for 6)
    rows = actuals(("cap", "2026-03", "ytd", 36), ("cap", "2026-06", "ytd", 60))
    risky = one("2026-06", rows, cap)
    assert risky.status == AT_RISK and risky.need_per_month == pytest.approx(40 / 6)
    assert risky.recent_per_month == pytest.approx(8) and risky.recent_months == 3


def test_range_target():
    rng = target(
        "firms",
        indicator="新增“四上”企业",
        kind="range",
        comparator="between",
        unit="户",
        target=3.0,
        target_high=5.0,
        basis="count",
        profile="back_loaded",
    )
    assert one("2026-10", actuals(("firms", "2026-10", "ytd", 4)), rng).status == ACHIEVED
    above = one("2026-10", actuals(("firms", "2026-10", "ytd", 6)), rng)
    assert above.status == ACHIEVED and "上限5" in above.note
    low = one("2026-10", actuals(("firms", "2026-10", "ytd", 2)), rng)
    assert low.completion == pytest.approx(2 / 3) and low.status == ON_TRACK  # 0.667/0.68
    assert one("2026-10", actuals(("firms", "2026-10", "ytd", 1)), rng).status == BEHIND


def test_growth_target():
    funds = target("funds", indicator="到位资金增长", kind="growth", unit="%", target=10.0)
    # the growth itself, in %: above the target before the full year is on track, not 已完成 (#19.3)
    r = one("2026-10", actuals(("funds", "2026-10", "ytd", 10.5, np.nan, "%")), funds)
    assert r.actual == 10.5 and r.status == ON_TRACK
    assert math.isnan(r.completion) and math.isnan(r.expected)  # judged in 百分点, not as a share
    year = one("2026-12", actuals(("funds", "2026-12", "ytd", 10.5, np.nan, "%")), funds)
    assert year.status == ACHIEVED and year.final
    # the amount with a reported yoy_pct: 1.1 个百分点 below
    r = one("2026-10", actuals(("funds", "2026-10", "ytd", 12.0, 8.9, "亿元")), funds)
    assert r.actual == 8.9 and r.status == AT_RISK
    # the amount against the same period of the previous year: 4 个百分点 below
    rows = actuals(
        ("funds", "2025-10", "ytd", 100.0, np.nan, "亿元"), ("funds", "2026-10", "ytd", 106.0, np.nan, "亿元")
    )
    r = one("2026-10", rows, funds)
    assert r.actual == pytest.approx(6.0) and r.status == BEHIND
    assert "上年同期" in r.note


def test_ratio_target():
    rate = target("rate", indicator="新建项目开工率", kind="ratio", unit="%", target=35.0, basis="level")
    r = one("2026-10", actuals(("rate", "2026-10", "level", 31.0)), rate)
    assert math.isnan(r.completion) and math.isnan(r.expected)  # a rate is never pro-rated from zero
    assert r.status == AT_RISK and r.projected == 31.0  # one figure, within 15% of the target
    assert one("2026-10", actuals(("rate", "2026-10", "level", 20.0)), rate).status == BEHIND
    # its recent rise carried over the months left: 2 个百分点 a month needed, 3 a month lately
    rising = actuals(("rate", "2026-07", "level", 22.0), ("rate", "2026-10", "level", 31.0))
    r = one("2026-10", rising, rate)
    assert r.status == ON_TRACK and r.need_per_month == pytest.approx(2.0)
    assert r.recent_per_month == pytest.approx(3.0)


def test_numeric_row_past_an_early_deadline_is_overdue():
    resume = target(
        "resume",
        indicator="续建项目复工率",
        kind="ratio",
        unit="%",
        target=100.0,
        basis="level",
        profile="deadline",
        deadline=pd.Timestamp("2026-03-31"),
    )
    rows = actuals(("resume", "2026-03", "level", 97.9))
    assert one("2026-01", actuals(), dict(resume, release_lag_days=25)).status == NOT_DUE
    assert one("2026-02", actuals(), resume).status == NO_DATA  # a monthly rate: January's figure is due
    # 90% in February, 10 个百分点 to go in March: one figure, within 15% of the target
    assert one("2026-02", actuals(("resume", "2026-02", "level", 90.0)), resume).status == AT_RISK
    # in the deadline month the whole target is due, with no tolerance
    assert one("2026-03", rows, resume).status == OVERDUE
    late = one("2026-04", rows, resume)
    assert late.status == OVERDUE and late.note.startswith("截至2026年3月31日未完成")  # a date for people
    done = one(
        "2026-06", actuals(("resume", "2026-03", "level", 97.9), ("resume", "2026-05", "level", 100)), resume
    )
    assert done.status == ACHIEVED and done.note == "逾期完成（期限2026年3月31日）"
    on_time = one("2026-06", actuals(("resume", "2026-03", "level", 100)), resume)
    assert on_time.status == ACHIEVED and "逾期" not in on_time.note


def test_context_row_without_target():
    gdp = target("gdp", indicator="地区生产总值", unit="万元", target=np.nan, release_lag_days=90)
    r = one("2026-10", actuals(("gdp", "2026-09", "ytd", 3000000.0, 3.6, "万元")), gdp)
    assert r.status == NO_TARGET and r.actual == 3000000.0
    assert math.isnan(r.completion) and r.projected == pytest.approx(3000000 / 0.75)
    old = one("2026-12", actuals(("gdp", "2026-06", "ytd", 2000000.0, 3.6, "万元")), gdp)
    assert old.status == NO_TARGET and "最新数据截至2026年6月" in old.note and math.isnan(old.projected)


def test_as_of_forms_and_later_data_ignored():
    rows = actuals(("coal", "2026-09", "ytd", 2400), ("coal", "2026-10", "ytd", 2710))
    for as_of in ("2026-09", dt.date(2026, 9, 15), pd.Period("2026-09", "M"), pd.Timestamp("2026-09-30")):
        r = one(as_of, rows)
        assert r.actual == 2400 and r.as_of == "2026-09"
    with pytest.raises(PeriodError, match="YYYY-MM"):
        one("九月", rows)


def test_is_sample_when_any_data_is_sample():
    # the one sample rule (liulin_data.plan.sample): any synthetic row makes the indicator sample data
    mixed = pd.concat(
        [
            actuals(("coal", "2026-09", "ytd", 2400)),
            actuals(("coal", "2026-10", "ytd", 2710), source="县统计局"),
        ]
    )
    assert bool(one("2026-10", mixed).is_sample)
    assert not bool(one("2026-10", actuals(("coal", "2026-10", "ytd", 1), source="县统计局")).is_sample)


def test_a_later_duplicate_row_wins():
    rows = actuals(("coal", "2026-10", "ytd", 2000), ("coal", "2026-10", "ytd", 2710))
    assert one("2026-10", rows).actual == 2710


# ----------------------------------------------------------------------------------------------------
# milestones
# ----------------------------------------------------------------------------------------------------
def milestone(iid="mine", deadline="2026-12-31") -> dict:
    return target(
        iid,
        indicator="郭家沟矿井开工建设",
        kind="milestone",
        comparator="==",
        target=np.nan,
        unit=None,
        basis="milestone",
        profile="none",
        deadline=pd.Timestamp(deadline),
    )


def log(*entries) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "indicator_id": i,
                "status": s,
                "date": pd.Timestamp(d),
                "note": n,
                "file": "m.csv",
                "line": k + 2,
            }
            for k, (i, s, d, n) in enumerate(entries)
        ]
    )


def test_milestone_statuses():
    entries = log(
        ("mine", "in_progress", "2026-03-10", "手续办理中"), ("mine", "done", "2026-08-20", "开工仪式")
    )
    # before the first log entry nothing is known about the milestone
    assert one("2026-02", actuals(), milestone(), entries).status == NO_DATA
    started = log(("mine", "not_started", "2026-01-15", "前期工作"))
    assert one("2026-02", actuals(), milestone(), started).status == NOT_STARTED
    mid = one("2026-05", actuals(), milestone(), entries)
    assert mid.status == IN_PROGRESS and "手续办理中" in mid.note and mid.latest_period == "2026-03"
    end = one("2026-10", actuals(), milestone(), entries)
    assert end.status == DONE and end.completion == 1.0 and not bool(end.is_sample)
    no_log = one("2026-10", actuals(), milestone(), NO_MILESTONES)
    assert no_log.status == NO_DATA and no_log.note == "尚无进展记录"
    assert end.expected != end.expected and end.pace_gap != end.pace_gap  # no numeric pace for milestones


def test_milestone_overdue_after_its_deadline_month():
    early = milestone("resume", deadline="2026-03-31")
    entries = log(("resume", "in_progress", "2026-02-15", "部分项目复工"))
    assert one("2026-02", actuals(), early, entries).status == IN_PROGRESS
    # in its deadline month an unfinished milestone is overdue
    assert one("2026-03", actuals(), early, entries).status == OVERDUE
    late = one("2026-04", actuals(), early, entries)
    assert late.status == OVERDUE and "未完成" in late.note
    assert one("2026-04", actuals(), early, NO_MILESTONES).status == OVERDUE
    finished = log(("resume", "done", "2026-04-10", ""))
    after = one("2026-05", actuals(), early, finished)
    assert after.status == DONE and after.note.startswith("逾期完成（期限2026年3月31日）；4月10日：")
    on_time = one("2026-05", actuals(), early, log(("resume", "done", "2026-03-30", "")))
    assert on_time.status == DONE and "逾期" not in on_time.note


# ----------------------------------------------------------------------------------------------------
# labels, attention, speed
# ----------------------------------------------------------------------------------------------------
def test_status_labels_and_order_are_complete():
    statuses = {
        ACHIEVED,
        ON_TRACK,
        AT_RISK,
        BEHIND,
        NO_DATA,
        NOT_DUE,
        NO_TARGET,
        NOT_STARTED,
        IN_PROGRESS,
        DONE,
    }
    statuses |= {OVERDUE, STALE, PENDING_YEAR, SHORTFALL, BREACHED, WITHIN_CAP}
    assert set(STATUS_LABELS) == statuses == set(STATUS_ORDER) == set(STATUS_COLORS)
    assert STATUS_LABELS[BEHIND] == "滞后" and STATUS_LABELS[OVERDUE] == "已逾期"
    assert STATUS_LABELS[STALE] == "数据滞后" and STALE in ATTENTION_STATUSES
    assert STATUS_ORDER[0] == OVERDUE
    assert STATUS_RANK[AT_RISK] < STATUS_RANK[STALE] < STATUS_RANK[NO_DATA]  # needs attention


def test_attention_sentence_and_order():
    cat = [
        target(),
        target("jobs", indicator="新增城镇就业", unit="人", target=4000.0),
        target("gas", indicator="产气量", unit="亿立方米", target=3.0),
        target("ok", indicator="职业技能培训", unit="人", target=2000.0),
    ]
    rows = actuals(
        ("coal", "2026-10", "ytd", 2710),
        ("jobs", "2026-10", "ytd", 2000, np.nan, "人"),
        ("ok", "2026-10", "ytd", 1800, np.nan, "人"),
    )
    out = run("2026-10", rows, *cat)
    items = attention(out, targets=pd.DataFrame(cat))
    assert list(items["indicator_id"]) == ["jobs", "coal", "gas"]  # behind, at risk, no data
    assert list(items["label"]) == ["滞后", "有风险", "无数据"]
    assert items.loc[1, "sentence"] == (
        "原煤产量：累计完成2,710万吨，完成全年目标的75%，低于时序进度83%；预计全年3,252万吨，缺口348万吨。"
    )
    assert "尚未报送数据" in items.loc[2, "sentence"]
    assert len(attention(out, limit=1, targets=pd.DataFrame(cat))) == 1


def test_attention_words_a_milestone_without_any_log_entry_for_people():
    out = run("2026-03", actuals(), milestone())
    items = attention(out, targets=pd.DataFrame([milestone()]))
    assert list(items["label"]) == ["无数据"]
    assert items.loc[0, "sentence"] == "郭家沟矿井开工建设：截至2026年3月尚无进展记录。"


def test_progress_over_large_actuals_from_several_years():
    # speed is measured in benchmarks/ (library_ratio_vs_read_csv); this checks the result at scale
    rng = np.random.default_rng(0)
    cat = [target(f"i{k}", target=1000.0) for k in range(60)]
    n = 100_000
    big = pd.DataFrame(
        {
            "indicator_id": [f"i{k}" for k in rng.integers(0, 60, n)],
            "period": [
                f"{y}-{m:02d}"
                for y, m in zip(rng.integers(2024, 2027, n), rng.integers(1, 13, n), strict=True)
            ],
            "basis": np.where(rng.random(n) < 0.5, "month", "ytd"),
            "value": rng.random(n) * 100,
            "unit": "万吨",
            "yoy_pct": np.nan,
            "source": "x",
        }
    )
    out = progress(Month(2026, 10), big, pd.DataFrame(cat), milestones=NO_MILESTONES)
    assert len(out) == 60 and out["actual"].notna().all()
    assert (out["latest_period"] <= "2026-10").all()


def test_package_attribute_progress_is_the_function_after_the_engine_import():
    import liulin_data

    out = liulin_data.progress(
        "2026-10", actuals(("coal", "2026-10", "ytd", 2710)), pd.DataFrame([target()]), NO_MILESTONES
    )
    assert out.loc[0, "status"] == AT_RISK
