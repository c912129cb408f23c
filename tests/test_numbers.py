"""One number formatter for every table, chart, sentence and page (present/numbers.py)."""

from __future__ import annotations

import math

import pytest

from liulin_data.core import tables
from liulin_data.core.numbers import (
    common_decimals,
    display_unit,
    fmt_amount,
    fmt_fixed,
    fmt_number,
    fmt_percent,
    written_decimals,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (9600.0, "9,600"),
        (406461.0, "406,461"),
        (2710, "2,710"),
        (1657.8, "1,657.8"),  # one decimal: as written
        (0.25, "0.25"),
        (0.98, "0.98"),
        (2.52, "2.52"),
        (14.5166, "14.52"),
        (3455.88, "3,456"),
        (176.47, "176.5"),
        (319.8368, "319.8"),
        (0.0125, "0.013"),
        (0.5294, "0.529"),
        (1.4706, "1.47"),
        (0, "0"),
        (-0.0, "0"),
        (-8.7, "-8.7"),
        (None, "—"),
        (math.nan, "—"),
    ],
)
def test_fmt_number(value, expected):
    assert fmt_number(value) == expected


def test_fixed_decimals_and_counts():
    assert fmt_number(8.94, 1) == "8.9"
    assert fmt_number(10.0, 1) == "10"
    assert fmt_number(1.47, unit="座") == "1"
    assert fmt_number(0.53, unit="户") == "1"
    assert fmt_number(1742.4, unit="人") == "1,742"
    assert fmt_number(0.98, unit="万棒") == "0.98"  # 万棒 is an amount, not a count
    assert tables.fmt_number is fmt_number  # the old import path is the same formatter


def test_amounts_in_larger_units():
    assert fmt_amount(3198368, "万元") == "319.8亿元"
    assert fmt_amount(690000, "万千瓦时") == "69亿千瓦时"
    assert fmt_amount(406461, "万千瓦时") == "40.65亿千瓦时"
    assert fmt_amount(872, "万元") == "872万元"
    assert fmt_amount(1.47, "座") == "1座"
    assert fmt_amount(3.25, "亿立方米") == "3.25亿立方米"
    assert fmt_amount(None, "万吨") == "—"
    # one unit for a whole row: the target decides for the actual too
    unit, _ = display_unit("万元", [872, 12000])
    assert unit == "亿元"
    assert fmt_amount(872, "万元", shown_in=unit) == "0.087亿元"
    assert display_unit("万元", [872, 1000]) == ("万元", 1.0)


def test_percent():
    assert fmt_percent(0.753) == "75%"
    assert fmt_percent(0.753, 1) == "75.3%"
    assert fmt_percent(1.0, 1) == "100%"
    assert fmt_percent(None) == "—"


@pytest.mark.parametrize(
    ("value", "decimals"),
    [
        (2710.0, 0),
        (12.1, 1),
        (2.52, 2),
        (490 + 290 + 285.3, 1),
        (0.98, 2),
        (1.0005, 3),
        (1 / 3, 3),
        (None, 0),
    ],
)
def test_written_decimals(value, decimals):
    assert written_decimals(value) == decimals


def test_one_precision_for_the_amounts_of_one_sentence():
    # 12.1 and 20: one decimal for all (the 12.1 … 14.52 … 5.48 reads 12.1 … 14.5 … 5.5)
    assert common_decimals([12.1, 20]) == 1
    assert [fmt_fixed(v, 1) for v in (12.1, 14.5, 5.5, 20)] == ["12.1", "14.5", "5.5", "20.0"]
    assert common_decimals([2.52, 3]) == 2 and fmt_fixed(3.02, 2) == "3.02"
    assert common_decimals([2710, 3600, 3252]) == 0 and fmt_fixed(3252.4, 0) == "3,252"
    assert common_decimals([0.98, 1]) == 2  # as written, not 0.980
    assert common_decimals([319.8368, 329.9]) == 1  # 4 significant digits at most
    assert common_decimals([1.47, 3], unit="座") == 0 and fmt_fixed(1.47, 2, unit="座") == "1"
    assert fmt_fixed(None, 1) == "—" and fmt_fixed(-0.001, 1) == "0"
