"""Units of the report on the private pint registry: conversions, incompatibilities, normalization."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liulin_data.core import units
from liulin_data.core.exceptions import UnitError
from liulin_data.plan import catalog, history
from liulin_data.plan.folder import load_plan

COUNT_UNITS = ("头", "只", "户", "个", "座", "项", "处", "所", "套", "人", "棒")


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (15000, "吨", "万吨", 1.5),
        (2, "公顷", "亩", 30.0),
        (1000, "公顷", "万亩", 1.5),
        (1, "吨", "万斤", 0.2),
        (9600, "万斤", "万吨", 4.8),
        (1437936, "万元", "亿元", 143.7936),
        (3, "亿立方", "万立方米", 30000.0),
        (2600, "立方", "立方米", 2600.0),
        (406461, "万千瓦时", "亿千瓦时", 40.6461),
        (23, "千米", "公里", 23.0),
        (1000, "万棒", "棒", 1e7),
        (35, "%", "%", 35.0),
    ],
)
def test_convert(value, src, dst, expected):
    assert units.convert(value, src, dst) == pytest.approx(expected, rel=1e-12)


def test_factor_values_and_cache():
    assert units.factor("吨", "万吨") == 1e-4
    assert units.factor("万元", "亿元") == 1e-4
    assert units.factor("公顷", "万亩") == pytest.approx(0.0015)
    assert units.factor("吨", "斤") == 2000.0
    before = units.factor.cache_info().hits
    units.factor("吨", "万吨")
    assert units.factor.cache_info().hits == before + 1


def test_convert_arrays_and_series_keep_their_type():
    arr = units.convert(np.array([1.0, 2.5]), "亿元", "万元")
    assert isinstance(arr, np.ndarray) and arr.tolist() == [10000.0, 25000.0]
    s = units.convert(pd.Series([15000, 30000], index=["a", "b"]), "吨", "万吨")
    assert isinstance(s, pd.Series) and s.to_dict() == {"a": 1.5, "b": 3.0}
    assert isinstance(units.convert(3, "万吨", "吨"), float)


def test_incompatible_units_raise_with_a_bilingual_message():
    with pytest.raises(UnitError) as info:
        units.convert(1, "万吨", "亩")
    assert (
        str(info.value)
        == "单位“万吨”（质量）不能换算为“亩”（面积）/ cannot convert '万吨' (tonne) to '亩' (mu)"
    )


def test_unknown_unit_raises_and_lists_the_known_ones():
    with pytest.raises(
        UnitError, match=r"^未知单位“桶” / unknown unit '桶'\. 可用单位 / known units: .*万吨"
    ):
        units.factor("桶", "万吨")
    assert isinstance(UnitError("x"), ValueError)


@pytest.mark.parametrize(("a", "b"), list(itertools.permutations(COUNT_UNITS, 2)))
def test_counting_units_never_convert_into_each_other(a, b):
    assert not units.is_compatible(a, b)
    with pytest.raises(UnitError, match="不能换算"):
        units.convert(1, a, b)


def test_normalize_unit():
    assert units.normalize_unit(" (万吨) ") == "万吨"
    assert units.normalize_unit("（万 吨）") == "万吨"
    assert units.normalize_unit("【亿元】") == "亿元"
    assert units.normalize_unit("％") == "%"
    assert units.normalize_unit("m³") == "m3"
    assert units.normalize_unit("KWH") == "kWh"
    assert units.is_known("（万亩）") and units.is_known("立方") and not units.is_known("万公斤")


def test_every_unit_used_by_the_shipped_data_is_known():
    plan = load_plan()
    used = set(catalog.load_targets(plan=plan)["unit"]) | set(history.load_history(plan)["unit"])
    used.discard("")
    assert used <= units.KNOWN_UNITS
    assert {"万吨", "吨", "亿立方米", "万立方米", "立方米", "立方", "万亩", "亩", "公顷", "万斤", "斤", "万棒", "棒", "头", "只",
            "户", "个", "座", "项", "处", "套", "人", "公里", "千米", "亿元", "万元", "元", "%", "万千瓦时",
            "千瓦时"} <= units.KNOWN_UNITS  # fmt: skip


def test_registry_is_private():
    import pint

    assert units._UREG is not pint.get_application_registry()
    assert "mu" not in dir(pint.get_application_registry())


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.sampled_from(
        [("吨", "万斤"), ("公顷", "万亩"), ("亿元", "元"), ("万立方", "亿立方米"), ("千瓦时", "万千瓦时")]
    ),
)
def test_round_trip(value, pair):
    src, dst = pair
    assert units.convert(units.convert(value, src, dst), dst, src) == pytest.approx(
        value, rel=1e-12, abs=1e-9
    )


@pytest.mark.parametrize("unit", [*COUNT_UNITS, "家", "人次", "（座）"])
def test_counting_units_are_counts(unit):
    assert units.is_count(unit)


@pytest.mark.parametrize(
    "unit", ["万棒", "万人", "万头", "万吨", "亿元", "%", "公里", "亩", "不存在的单位", ""]
)
def test_other_units_are_not_counts(unit):
    assert not units.is_count(unit)


@pytest.mark.parametrize(
    ("unit", "step"),
    [
        ("座", 1.0),
        ("户", 1.0),
        ("家", 1.0),
        ("人次", 1.0),
        ("万人", 1e-4),
        ("万吨", None),
        ("%", None),
        ("亿元", None),
    ],
)
def test_the_whole_step_of_a_count(unit, step):
    assert units.count_step(unit) == (pytest.approx(step) if step else None)
