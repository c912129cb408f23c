"""Values that cannot be right: infinities, NaN texts, values whose sum overflows, and commas that are not
thousands separators ("1,5" is not 15). Each is a problem with file, line, column, value and its code."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liulin_data import load_actuals
from liulin_data.inputs.cells import parse_number, parse_rate

DATA = Path(__file__).parent / "data"


def _problems(name):
    accepted, problems = load_actuals(DATA / name, lenient=True)
    return accepted, [(p.file, p.line, p.column, p.value, p.code) for p in problems.itertuples()]


def test_infinite_and_overflowing_values_are_rejected():
    accepted, problems = _problems("values_infinite.csv")
    f = "values_infinite.csv"
    assert problems == [
        (f, 3, "数值", "inf", "value_infinite"),
        (f, 4, "数值", "-inf", "value_infinite"),
        (f, 5, "数值", "inf", "value_infinite"),  # 1e999, as pandas reads it
        (f, 6, "数值", "1e+308", "value_too_large"),
        (f, 7, "同比增长(%)", "inf", "yoy_infinite"),
    ]
    assert list(accepted["line"]) == [2]


def test_nan_texts_and_decimal_commas_are_rejected_thousands_separators_are_not():
    accepted, problems = _problems("values_texts.csv")
    f = "values_texts.csv"
    assert problems == [
        (f, 2, "数值", "NaN", "value_nan"),
        (f, 3, "数值", "nan", "value_nan"),
        (f, 4, "数值", "1,5", "value_bad_comma"),
        (f, 5, "数值", "12,34", "value_bad_comma"),
        (f, 7, "同比增长(%)", "1,5", "yoy_bad_comma"),
    ]
    assert list(zip(accepted["line"], accepted["value"], strict=True)) == [(6, 1234.0)]  # line 7: bad yoy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234", ("ok", 1234.0, None)),
        ("1,234,567.5", ("ok", 1234567.5, None)),
        ("３，６００万吨", ("ok", 3600.0, "万吨")),
        ("3 600", ("ok", 3600.0, None)),
        ("1,5", ("comma", None, None)),
        ("12,34", ("comma", None, None)),
        ("1,2345", ("comma", None, None)),
        ("1234,567", ("comma", None, None)),
        ("NaN", ("nan", None, None)),
        ("Infinity", ("inf", None, None)),
        ("1e999", ("inf", None, None)),
        ("—", ("missing", None, None)),
        ("约三百万", ("bad", None, None)),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("增长-8.7%", ("ok", -8.7)),
        ("下降8.7%", ("ok", -8.7)),
        ("1,5", ("comma", None)),
        ("nan", ("nan", None)),
    ],
)
def test_parse_rate(text, expected):
    assert parse_rate(text) == expected


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_round_trip(n):
    assert parse_number(f"{n:,}") == ("ok", float(n), None)
    assert parse_number(f"{n:,}.25") == ("ok", n + 0.25, None)
