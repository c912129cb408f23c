"""Published county figures: the shipped history.csv against the reference notes it was built from."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from liulin_data.core import units
from liulin_data.plan import catalog
from liulin_data.plan.history import HISTORY_COLUMNS, load_history, read_history_markdown

REPO = Path(__file__).resolve().parents[1]
MD_NAME = "reference/historical_figures.md"
MD = next(
    (p for p in (Path("/work/shared") / MD_NAME, REPO.parent / "shared" / MD_NAME) if p.is_file()), None
)


def test_columns_and_types():
    df = load_history()
    assert tuple(df.columns) == HISTORY_COLUMNS
    assert df["value"].dtype == float and df["yoy_pct"].dtype == float
    assert str(df["period_start"].dtype).startswith("datetime64")
    assert (df["period_end"] > df["period_start"]).all()
    assert set(df["grade"]) <= {"A", "B"}
    assert df["source"].str.len().gt(10).all()  # "same" was resolved to the real source


def test_spot_values():
    df = load_history()
    coal = df[(df["indicator"] == "原煤产量") & (df["period_label"] == "2024 1-6月")].iloc[0]
    assert (coal["value"], coal["unit"], coal["yoy_pct"], coal["grade"]) == (1657.8, "万吨", -14.3, "A")
    assert coal["indicator_id"] == "raw_coal_output"
    assert (coal["period_start"], coal["period_end"]) == (
        pd.Timestamp("2024-01-01"),
        pd.Timestamp("2024-06-30"),
    )
    gdp = df[(df["indicator_id"] == "gdp") & (df["period_label"] == "2024 1-6月 (上半年)")].iloc[0]
    assert (gdp["value"], gdp["yoy_pct"], gdp["note"]) == (1437936.0, -8.7, "Q1 -10.8%")
    industry = df[df["indicator"] == "规上工业增加值"].iloc[0]
    assert math.isnan(industry["value"]) and industry["yoy_pct"] == -15.4
    assert industry["note"] == "煤炭开采和洗选业占95.56%"
    revenue = df[df["indicator"] == "一般公共预算收入"].iloc[0]
    assert (revenue["value"], revenue["unit"], revenue["period_end"], revenue["grade"]) == (
        53.0, "亿元", pd.Timestamp("2022-12-31"), "B")  # fmt: skip
    assert (
        df[df["indicator"] == "原煤产量 (县属企业)"].iloc[0]["indicator_id"] == ""
    )  # a subset, not the county total


def test_ids_point_at_catalog_rows_and_units_convert_to_theirs():
    df = load_history()
    targets = catalog.load_targets().set_index("indicator_id")
    for _, row in df[df["indicator_id"] != ""].iterrows():
        assert row["indicator_id"] in targets.index
        if row["unit"]:
            units.factor(row["unit"], targets.loc[row["indicator_id"], "unit"])  # raises if incompatible


@pytest.mark.skipif(MD is None, reason="the shared reference notes are not present")
def test_every_row_of_the_reference_notes_is_in_history_csv():
    md = read_history_markdown(MD)
    lines = [
        ln for ln in MD.read_text(encoding="utf-8").splitlines() if ln.startswith("| ") and "---" not in ln
    ]
    assert len(md) == len(lines) - 1  # every table row but the header was parsed
    pd.testing.assert_frame_equal(md, load_history().assign(
        period_start=lambda d: d["period_start"].dt.strftime("%Y-%m-%d"),
        period_end=lambda d: d["period_end"].dt.strftime("%Y-%m-%d"),
    ), check_dtype=False)  # fmt: skip
