"""write_template: the workbook layout, drop-downs, atomic write, and that a filled copy loads."""

import openpyxl
import pytest

from liulin_data import load_actuals, load_milestones, load_targets
from liulin_data.apps.template import FILL_HEADERS, write_template
from liulin_data.core.exceptions import OutputError


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("tpl") / "2026年填报模板.xlsx")


def test_layout_and_dropdowns(template):
    targets = load_targets()
    numeric = targets[targets["kind"] != "milestone"]
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["填报", "里程碑", "说明", "选项"]
    ws = wb["填报"]
    assert [c.value for c in ws[1]] == FILL_HEADERS
    assert ws.max_row == 1 + 12 * len(numeric)
    assert [c.value for c in ws[2]][:5] == [
        numeric["indicator"].iloc[0],
        "2026-01",
        None,
        numeric["unit"].iloc[0],
        "时点",
    ]
    assert ws.cell(13, 2).value == "2026-12"
    formulas = sorted(dv.formula1 for dv in ws.data_validations.dataValidation)
    assert formulas == ['"当月,累计,时点"', f"=选项!$A$1:$A${len(numeric)}"]
    ms = wb["里程碑"]
    assert [c.value for c in ms[1]] == ["里程碑", "状态", "日期", "备注"]
    assert ms.max_row == 1 + (targets["kind"] == "milestone").sum()
    assert any("已完工" in dv.formula1 for dv in ms.data_validations.dataValidation)
    assert wb["说明"]["A1"].value == "列"


def test_atomic_write_leaves_no_temp_files(template):
    again = write_template(template, overwrite=True)  # replaces the existing file when asked
    assert again == template
    assert [p.name for p in template.parent.iterdir()] == [template.name]


def test_an_existing_file_is_never_overwritten_unless_asked(tmp_path):
    filled = tmp_path / "填报.xlsx"
    filled.write_bytes(b"an analyst's filled workbook")
    with pytest.raises(OutputError) as info:
        write_template(filled)
    assert info.value.reason == "exists" and "--force" in str(info.value) and str(filled) in str(info.value)
    assert filled.read_bytes() == b"an analyst's filled workbook"


def test_the_template_is_an_xlsx(tmp_path):
    with pytest.raises(OutputError, match=r"文件名应以 \.xlsx 结尾（如 .*模板\.xlsx）"):
        write_template(tmp_path / "模板.csv")
    assert list(tmp_path.iterdir()) == []


def test_every_cell_is_text_or_empty_never_a_formula(template):
    wb = openpyxl.load_workbook(template)
    types = {c.data_type for ws in wb for row in ws.iter_rows() for c in row if c.value is not None}
    assert types == {"s"}


def test_filled_template_loads(template, tmp_path):
    wb = openpyxl.load_workbook(template)
    ws = wb["填报"]
    rows = {(ws.cell(r, 1).value, ws.cell(r, 2).value): r for r in range(2, ws.max_row + 1)}
    r = rows[("原煤产量", "2026-01")]
    ws.cell(r, 3, 301.2)
    ws.cell(r, 5, "当月")
    ws.cell(r + 1, 3, "560.3")  # 2026-02, pre-filled 累计
    r = rows[("粮食播种面积", "2026-03")]
    ws.cell(r, 3, 22140)
    ws.cell(r, 4, "公顷")
    ms = wb["里程碑"]
    names = {ms.cell(r, 1).value: r for r in range(2, ms.max_row + 1)}
    ms.cell(names["跨河大桥建成通车"], 2, "已通车")
    ms.cell(names["跨河大桥建成通车"], 3, "2026-03-28")
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)

    df = load_actuals(filled)
    assert df.attrs["rows_read"] == ws.max_row - 1 == df.attrs["rows_accepted"]
    got = df[df["value"].notna()].set_index(["indicator_id", "period", "basis"])["value"]
    assert got.to_dict() == {
        ("grain_sown_area", "2026-03", "level"): pytest.approx(33.21),
        ("raw_coal_output", "2026-01", "month"): 301.2,
        ("raw_coal_output", "2026-02", "ytd"): 560.3,
    }
    assert (df["value"] != 0).all()  # blank cells are missing, never 0

    milestones = load_milestones(filled)
    assert list(milestones["indicator_id"]) == ["cross_river_bridge_opening"]
    assert list(milestones["status"]) == ["done"]
    assert milestones.attrs["rows_unfilled"] == ms.max_row - 2
