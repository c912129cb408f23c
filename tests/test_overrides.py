"""An analyst's target override file (liulin_data.plan.overrides): CSV in any of the inputs' encodings or .xlsx,
read by the one reader of table files, every problem with its code; a target the report sets is never
replaced."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from liulin_data.core.exceptions import CatalogError
from liulin_data.plan import catalog
from liulin_data.plan.folder import load_plan
from liulin_data.plan.overrides import load_overrides as read_overrides

PLAN = load_plan()  # the shipped plan (the plan layer takes a resolved Plan)


def load_overrides(path):
    """The file checked against the shipped plan's whole catalog, as load_targets(overrides=path) does."""
    return read_overrides(path, catalog.load_targets(plan=PLAN), catalog.COMPARATORS)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_overrides_fill_context_targets_and_convert_units(tmp_path):
    f = _write(
        tmp_path / "targets_2026.csv",
        "indicator,target,unit,source,note\n"
        "地区生产总值,300,亿元,县委经济工作会议,\n"
        "精煤产量（万吨）,1800,,县统计局年度计划,\n",
    )
    ov = load_overrides(f)
    assert list(ov["indicator_id"]) == ["gdp", "clean_coal_output"]
    assert ov["target"].tolist() == [3_000_000.0, 1800.0]  # 300 亿元 = 3,000,000 万元
    assert ov["line"].tolist() == [2, 3]
    df = catalog.load_targets(overrides=f, plan=PLAN).set_index("indicator_id")
    assert df.loc["gdp", "target"] == 3_000_000.0 and df.loc["gdp", "has_target"]
    assert df.loc["gdp", "target_source"] == "县委经济工作会议"
    only = catalog.load_targets(overrides=ov, include_context=False, plan=PLAN)
    assert {"gdp", "clean_coal_output"} <= set(only["indicator_id"])
    assert "retail_sales" not in set(only["indicator_id"])


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-16"])
def test_an_override_file_in_any_encoding_the_inputs_read(tmp_path, encoding):
    f = _write(
        tmp_path / "补充目标.csv",
        "indicator,target,source\n地区生产总值,3000000,县委经济工作会议\n",
        encoding,
    )
    assert load_overrides(f)["target"].tolist() == [3_000_000.0]


def test_overrides_from_xlsx(tmp_path):
    path = tmp_path / "targets.xlsx"
    pd.DataFrame(
        {
            "indicator_id": ["retail_sales"],
            "target": [500000],
            "comparator": [">="],
            "unit": ["万元"],
            "source": ["x"],
        }
    ).to_excel(path, index=False)
    assert load_overrides(path)["target"].tolist() == [500000.0]


def test_a_hidden_sheet_of_an_override_workbook_is_not_read(tmp_path):
    wb = openpyxl.Workbook()
    old = wb.active
    old.title = "旧目标"
    old.append(["indicator", "target", "source"])
    old.append(["地区生产总值", 1, "去年"])
    old.sheet_state = "hidden"
    new = wb.create_sheet("目标")
    new.append(["indicator", "target", "source"])
    new.append(["地区生产总值", 3000000, "会议"])
    wb.save(tmp_path / "t.xlsx")
    assert load_overrides(tmp_path / "t.xlsx")["target"].tolist() == [3_000_000.0]


def test_override_errors_list_every_problem(tmp_path):
    f = _write(
        tmp_path / "bad.csv",
        "indicator,target,target_high,comparator,unit,source\n"
        "原煤产量,4000,,>=,万吨,想提高\n"
        "精煤产,1800,,>=,万吨,计划\n"
        "地区生产总值,三百亿,,>=,亿元,会议\n"
        "发电量,800000,,>=,万吨,会议\n"
        "一般公共预算收入,50,,>=,亿元,\n"
        "固定资产投资增速,5,3,between,%,会议\n",
    )
    with pytest.raises(CatalogError) as info:
        load_overrides(f)
    got = [(p.line, p.column, p.value, p.code) for p in info.value.problems]
    assert got == [
        (2, "indicator", "原煤产量", "override_report_target"),
        (3, "indicator", "精煤产", "override_unknown_indicator"),
        (4, "target", "三百亿", "override_target_not_number"),
        (5, "unit", "万吨", "override_unit"),
        (6, "source", "", "override_source_missing"),
        (7, "target_high", "3", "override_range_high"),
    ]
    assert info.value.problems[1].data == {"suggestion": "精煤产量"}
    assert info.value.problems[3].data["unit"] == "万千瓦时"
    # the table of codes writes what a user reads: file, line, column, value and hint
    assert str(info.value.problems[1]) == (
        "bad.csv 第3行 列“indicator”: 未知指标 / unknown indicator（值：'精煤产'） → 您是不是要找“精煤产量”？"
    )
    assert str(info.value).startswith("目标覆盖文件 bad.csv 有误\n发现 6 个问题")


def test_override_file_structure_errors(tmp_path):
    with pytest.raises(CatalogError) as info:
        load_overrides(tmp_path / "missing.csv")
    assert [(p.file, p.code) for p in info.value.problems] == [
        (str(tmp_path / "missing.csv"), "override_not_found")
    ]
    f = _write(tmp_path / "cols.csv", "name,target,来源\n地区生产总值,1,x\n")
    with pytest.raises(CatalogError) as info:
        load_overrides(f)
    assert [(p.line, p.column, p.code) for p in info.value.problems] == [
        (1, "name", "override_unknown_column"),
        (1, "来源", "override_unknown_column"),
        (1, None, "override_no_indicator_column"),
        (1, "source", "override_missing_column"),
    ]


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda tmp: tmp, "file_is_folder"),
        (lambda tmp: Path("/dev/zero"), "file_not_regular"),
        (lambda tmp: _write(tmp / "empty.csv", ""), "file_empty"),
        (
            lambda tmp: _write(tmp / "ragged.csv", "indicator,target,source\n地区生产总值,1,x,y,z\n"),
            "ragged_row",
        ),
    ],
)
def test_an_override_path_that_is_no_table_is_a_problem_never_not_found(tmp_path, make, code):
    with pytest.raises(CatalogError) as info:
        load_overrides(make(tmp_path))
    assert [p.code for p in info.value.problems] == [code]
