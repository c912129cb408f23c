"""Values that cannot be right: infinities, NaN texts, values whose sum overflows, and commas that are not
thousands separators ("1,5" is not 15). Each is a problem with file, line, column and a hint."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liulin_data.inputs import load_actuals
from liulin_data.inputs.cells import parse_number, parse_rate

DATA = Path(__file__).parent / "data"


def _problems(name):
    accepted, problems = load_actuals(DATA / name, lenient=True)
    return accepted, [(p.file, p.line, p.column, p.value, p.message, p.hint) for p in problems.itertuples()]


def test_infinite_and_overflowing_values_are_rejected():
    accepted, problems = _problems("values_infinite.csv")
    inf_hint = "请填写实际数值（检查是否多写了零或指数）；没有数据请留空"
    f = "values_infinite.csv"
    assert problems == [
        (f, 3, "数值", "inf", "数值为无穷大或超出范围", inf_hint),
        (f, 4, "数值", "-inf", "数值为无穷大或超出范围", inf_hint),
        (f, 5, "数值", "inf", "数值为无穷大或超出范围", inf_hint),  # 1e999, as pandas reads it
        (f, 6, "数值", "1e+308", "数值过大：与其他值相加会溢出", "请检查数值和单位（是否多写了零或指数）"),
        (f, 7, "同比增长(%)", "inf", "同比增长为无穷大或超出范围", "请填写实际增速；没有请留空"),
    ]
    assert list(accepted["line"]) == [2]


def test_nan_texts_and_decimal_commas_are_rejected_thousands_separators_are_not():
    accepted, problems = _problems("values_texts.csv")
    nan_hint = "没有数据请留空，不要填 NaN"
    comma_hint = "千分位逗号每三位一个（如 1,234.5）；小数点请用“.”，不要用逗号"
    f = "values_texts.csv"
    assert problems == [
        (f, 2, "数值", "NaN", "数值为 NaN（不是数字）", nan_hint),
        (f, 3, "数值", "nan", "数值为 NaN（不是数字）", nan_hint),
        (f, 4, "数值", "1,5", "数值中的逗号不是千分位分隔符", comma_hint),
        (f, 5, "数值", "12,34", "数值中的逗号不是千分位分隔符", comma_hint),
        (f, 7, "同比增长(%)", "1,5", "同比增长中的逗号不是千分位分隔符", "小数点请用“.”（如 -8.7）"),
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
