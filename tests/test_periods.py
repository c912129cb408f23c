"""parse_period: every accepted form, the implied basis, errors, and a round-trip property."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liulin_data.core import periods as _periods
from liulin_data.core.exceptions import PeriodError
from liulin_data.core.periods import Period


def parse_period(text, year=2026, default_basis=None):
    """The periods of these tests are read in 2026 unless they say otherwise."""
    return _periods.parse_period(text, year, default_basis)


def test_accepted_forms_are_written_with_the_plan_year():
    assert _periods.accepted_forms(2027).startswith("2027-03、2027/3、2027.3、2027年3月、3月")
    with pytest.raises(PeriodError, match="可用的写法：2027-03"):
        _periods.parse_period("三月上旬", 2027)


MARCH = Period("2026-03", "2026-03", "month", None)
Q1 = Period("2026-01", "2026-03", "quarter", "ytd")
JAN_FEB = Period("2026-01", "2026-02", "span", "ytd")


@pytest.mark.parametrize(
    "text",
    [
        "2026-03",
        "2026/3",
        "2026.3",
        "2026年3月",
        "3月",
        "3月份",
        "２０２６年３月",
        "2026-03-01 00:00:00",
        "202603",
        "3月末",
    ],
)
def test_single_month_forms(text):
    assert parse_period(text) == MARCH


@pytest.mark.parametrize("text", ["2026-Q1", "Q1", "q1", "一季度", "2026年第一季度", "1季度"])
def test_quarter_forms(text):
    assert parse_period(text) == Q1


@pytest.mark.parametrize(
    "text",
    ["1-2月", "1—2月", "1–2月", "1－2月", "1至2月", "1~2月", "1—2月份", "2026年1—2月", "2026年1月-2月"],
)
def test_dashes_and_suffixes(text):
    assert parse_period(text) == JAN_FEB


def test_spans_half_year_and_year():
    assert parse_period("2026年1-3月") == Period("2026-01", "2026-03", "span", "ytd")
    assert parse_period("1-6月") == Period("2026-01", "2026-06", "span", "ytd")
    assert parse_period("上半年") == Period("2026-01", "2026-06", "half", "ytd")
    assert parse_period("下半年") == Period("2026-07", "2026-12", "half", None)
    assert parse_period("前三季度") == Period("2026-01", "2026-09", "span", "ytd")
    assert parse_period("全年") == Period("2026-01", "2026-12", "year", "ytd")
    assert parse_period("2026年第二季度") == Period("2026-04", "2026-06", "quarter", None)


def test_excel_dates_and_year_default():
    assert parse_period(dt.datetime(2026, 3, 1)) == MARCH
    assert parse_period(dt.date(2026, 3, 31)) == MARCH
    assert parse_period("3月", year=2025).end_month == "2025-03"
    assert parse_period("2025年12月").year == 2025  # the loader reports other years


def test_single_month_implies_no_basis_unless_default():
    assert parse_period("2026-03").basis is None
    assert parse_period("2026-03", default_basis="level").basis == "level"
    assert parse_period("1-3月", default_basis="level").basis == "ytd"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("三月上旬", ""),
        ("13月", "（月份应在 1 到 12 之间）"),
        ("2026年3-1月", "（起始月份晚于结束月份）"),
        ("", "（时期为空）"),
    ],
)
def test_errors_name_the_accepted_forms(text, why):
    with pytest.raises(PeriodError) as err:
        parse_period(text)
    assert str(err.value) == (
        f"无法识别的时期“{text}”{why}。可用的写法：2026-03、2026/3、2026.3、2026年3月、3月、3月份、2026-Q1、Q1、"
        "一季度、上半年、下半年、前三季度、全年、1-6月、2026年1-3月、1—2月份（横线可用 - — – － ~ 至）、Excel 日期"
    )


periods = st.builds(
    lambda y, a, b, kind: (y, a, b, kind),
    st.integers(2000, 2099),
    st.integers(1, 12),
    st.integers(1, 12),
    st.sampled_from(["month", "quarter", "half", "span", "year"]),
)


@given(periods)
def test_round_trip(spec):
    y, a, b, kind = spec
    if kind == "month":
        text = f"{y}-{b:02d}"
    elif kind == "quarter":
        text = f"{y}-Q{(b + 2) // 3}"
    elif kind == "half":
        text = f"{y}年{'上' if b <= 6 else '下'}半年"
    elif kind == "year":
        text = f"{y}年全年"
    else:
        a, b = min(a, b), max(a, b)
        text = f"{y}年{a}—{b}月份"
    p = parse_period(text)
    assert parse_period(str(p)) == p
    assert p.start_month <= p.end_month and p.year == y
    assert (p.basis == "ytd") == (p.start == 1 and p.end > 1)


def test_dates_for_people():
    import pandas as pd

    date_label = _periods.date_label
    assert date_label("2026-03-31") == "2026年3月31日"
    assert date_label(pd.Timestamp("2026-09-18"), year=2026) == "9月18日"  # the plan's own year goes unsaid
    assert date_label(dt.date(2025, 12, 20), year=2026) == "2025年12月20日"
    assert date_label("2026-09-18 00:00:00") == "2026年9月18日"
    assert date_label(None) == "" and date_label(float("nan")) == "" and date_label("年底") == "年底"
