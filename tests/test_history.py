"""Published county figures: the shipped history.csv against the reference notes it was built from."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from liulin_data.core import units
from liulin_data.plan import catalog
from liulin_data.plan.folder import load_plan
from liulin_data.plan.history import HISTORY_COLUMNS, load_history, read_history_markdown

REPO = Path(__file__).resolve().parents[1]
MD_NAME = "reference/historical_figures.md"
MD = next(
    (p for p in (Path("/work/shared") / MD_NAME, REPO.parent / "shared" / MD_NAME) if p.is_file()), None
)

PLAN = load_plan()  # the shipped plan (the plan layer takes a resolved Plan)


def test_columns_and_types():
    df = load_history(PLAN)
    assert tuple(df.columns) == HISTORY_COLUMNS
    assert df["value"].dtype == float and df["yoy_pct"].dtype == float
    assert str(df["period_start"].dtype).startswith("datetime64")
    assert (df["period_end"] > df["period_start"]).all()
    assert set(df["grade"]) <= {"A", "B"}
    assert df["source"].str.len().gt(10).all()  # "same" was resolved to the real source


def test_spot_values():
    df = load_history(PLAN)
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
    df = load_history(PLAN)
    targets = catalog.load_targets(plan=PLAN).set_index("indicator_id")
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
    pd.testing.assert_frame_equal(md, load_history(PLAN).assign(
        period_start=lambda d: d["period_start"].dt.strftime("%Y-%m-%d"),
        period_end=lambda d: d["period_end"].dt.strftime("%Y-%m-%d"),
    ), check_dtype=False)  # fmt: skip


def _plan_with_history(tmp_path, text: str, encoding: str = "utf-8"):
    import shutil

    folder = tmp_path / "plan"
    shutil.copytree(PLAN.root, folder)
    (folder / "plan.yaml").write_text(
        (folder / "plan.yaml").read_text(encoding="utf-8").replace("name: liulin-2026", "name: history-2026"),
        encoding="utf-8",
    )
    (folder / "history.csv").write_bytes(text.encode(encoding))
    return folder


HEADER = ",".join(HISTORY_COLUMNS) + "\n"


def test_a_history_file_in_gb18030_reads_as_the_inputs_do(tmp_path):
    row = "原煤产量,raw_coal_output,1657.8,万吨,2024 1-6月,2024-01-01,2024-06-30,-14.3,,县统计局公报,A\n"
    df = load_history(load_plan(_plan_with_history(tmp_path, HEADER + row, "gb18030")))
    assert (df["indicator"].item(), df["value"].item(), df["source"].item()) == (
        "原煤产量",
        1657.8,
        "县统计局公报",
    )


def test_a_bad_history_cell_is_a_problem_naming_line_and_column(tmp_path):
    from liulin_data.core.exceptions import CatalogError

    row = "原煤产量,raw_coal_output,约1657,万吨,2024 1-6月,2024-01-01,2024-6月底,-14.3,,县统计局公报,A\n"
    with pytest.raises(CatalogError) as info:
        load_history(load_plan(_plan_with_history(tmp_path, HEADER + row)))
    assert [(p.file, p.line, p.column, p.value, p.code) for p in info.value.problems] == [
        ("history.csv", 2, "value", "约1657", "history_value"),
        ("history.csv", 2, "period_end", "2024-6月底", "history_date"),
    ]
