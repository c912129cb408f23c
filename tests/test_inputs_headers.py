"""Headers: the bureau's table with a header over several rows (merged cells in .xlsx, the group names only on
the first row in CSV), its 本月 and 1-本月 groups each with its own 同比增长(%); two columns for one field."""

from pathlib import Path

import pytest

from liulin_data import load_actuals
from liulin_data.core.exceptions import ActualsError
from liulin_data.inputs.headers import find_header

DATA = Path(__file__).parent / "data"
TWO_ROW = ["bureau_merged_2026年1-3月.xlsx", "bureau_two_row_2026年1-3月.csv", "bureau_three_row_header.csv"]


@pytest.mark.parametrize("name", TWO_ROW)
def test_bureau_header_over_several_rows_keeps_every_yoy(name):
    df = load_actuals(DATA / name)
    got = {(r.indicator_id, r.basis): (r.period, r.value, r.yoy_pct) for r in df.itertuples()}
    assert got == {
        ("raw_coal_output", "month"): ("2026-03", 312.3, -4.1),
        ("raw_coal_output", "ytd"): ("2026-03", 872.6, -6.2),
        ("gas_output", "month"): ("2026-03", 0.26, 10.2),
        ("gas_output", "ytd"): ("2026-03", 0.74, 12.5),
        ("gdp", "ytd"): ("2026-03", 712345.6, 3.2),
    }
    a = df.attrs
    assert (
        a["rows_read"] == a["rows_accepted"] == 3 and a["rows_ignored"] == 0
    )  # the sub-header row is header


def test_the_header_names_each_column_by_its_group():
    header = find_header(
        [
            ["指标", "单位", "本月", None, "1-本月", None],
            [None, None, "数值", "同比增长(%)", "数值", "同比增长(%)"],
        ],
        ("actuals",),
    )
    assert (header.first, header.rows) == (0, 2)
    assert header.texts == [
        "指标",
        "单位",
        "本月/数值",
        "本月/同比增长(%)",
        "1-本月/数值",
        "1-本月/同比增长(%)",
    ]


def test_a_bad_yoy_under_a_group_names_that_column(tmp_path):
    path = tmp_path / "2026年1-3月.csv"
    path.write_text(
        "指标,单位,本月,,1-本月,\n,,数值,同比增长(%),数值,同比增长(%)\n原煤产量,万吨,312.3,约-4,872.6,-6.2\n",
        encoding="utf-8",
    )
    with pytest.raises(ActualsError) as err:
        load_actuals(path)
    assert [(p.line, p.column, p.code) for p in err.value.problems] == [
        (3, "本月/同比增长(%)", "yoy_not_number")
    ]


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("dup_columns_value.csv", ("数值(value)", "C", "数值", "D", "数值")),
        ("dup_columns_en.csv", ("数值(value)", "C", "value", "D", "数值")),
        ("dup_columns_indicator.csv", ("指标(indicator)", "A", "indicator", "B", "指标")),
    ],
)
def test_two_columns_for_one_field_is_a_problem_naming_both(name, field):
    accepted, problems = load_actuals(DATA / name, lenient=True)
    names = ("field", "first_column", "first", "second_column", "second")
    assert [(p.line, p.code, p.fields) for p in problems.itertuples()] == [
        (1, "duplicate_column", dict(zip(names, field, strict=True)))
    ]
    assert len(accepted) == 0 and accepted.attrs["rows_rejected"] == accepted.attrs["rows_read"] == 1


def test_two_columns_for_one_field_in_a_milestone_log(tmp_path):
    from liulin_data import load_milestones

    path = tmp_path / "里程碑.csv"
    path.write_text("里程碑,状态,进展,日期\n县中医院投用,已投用,已投用,2026-03-15\n", encoding="utf-8")
    df, problems = load_milestones(path, lenient=True)
    assert list(problems["code"]) == ["duplicate_column"]
    assert problems["fields"][0] == {
        "field": "状态(status)",
        "first_column": "B",
        "first": "状态",
        "second_column": "C",
        "second": "进展",
    }
    assert (df.attrs["rows_read"], df.attrs["rows_rejected"]) == (1, 1)
