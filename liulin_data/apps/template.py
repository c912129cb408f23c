"""The .xlsx fill-in template for actuals and the milestone log (openpyxl; every cell through
:func:`~liulin_data.files.exports.safe_cell`, written by :func:`~liulin_data.files.exports.save_file`: atomically, never over
an analyst's file unless asked)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.exceptions import OutputError
from ..files.exports import check_output, safe_cell, save_file
from ..inputs import STATUS_WORDS
from ..plan.catalog import load_targets
from ..plan.folder import load_plan

if TYPE_CHECKING:
    import pandas as pd

# the long-table layout of the 填报 sheet (load_actuals reads these headers)
FILL_HEADERS = ["指标", "时期", "数值", "单位", "口径", "同比增长(%)", "来源", "备注"]
# the milestone-log layout of the 里程碑 sheet (load_milestones reads these headers)
MILESTONE_HEADERS = ["里程碑", "状态", "日期", "备注"]
# basis words offered in the 口径 drop-down (当月 = month, 累计 = ytd, 时点 = level)
BASIS_CHOICES = ["当月", "累计", "时点"]
# status words offered in the 状态 drop-down: the Chinese words load_milestones understands
STATUS_CHOICES = [w for words in STATUS_WORDS.values() for w in words if not w.isascii()]
# pre-filled 口径 by catalog basis: flows are reported cumulatively, levels at a point in time
DEFAULT_BASIS_WORD = {"flow": "累计", "count": "累计", "level": "时点"}
# rows a drop-down covers beyond the pre-filled ones, for rows analysts add
EXTRA_ROWS = 500

# the 说明 sheet: (column, how to fill it in); {year} is the plan's year
EXPLANATION = [
    ("列", "怎么填"),
    ("指标", "目标目录中的指标名称（下拉选择），也可写编号或别名，如“原煤产量”“原煤”“raw_coal_output”。"),
    (
        "时期",
        "已按月预填 {year}-01 … {year}-12；也可写 {year}年3月、3月、1-3月、{year}年1—2月、一季度、上半年 等。",
    ),
    ("数值", "只填数字，可带千分位逗号（3,600.5）；没有数据就留空（不要填 0）。"),
    ("单位", "已预填目标目录的单位；若按其他单位报送（如 吨、公顷），改成实际单位即可，系统会换算。"),
    ("口径", "当月 = 本月单月值；累计 = 1月至本月累计值；时点 = 期末时点值（如播种面积）。"),
    ("同比增长(%)", "可写 -8.7、-8.7%、增长-8.7% 或 下降8.7%，可留空。"),
    ("来源", "数据来源单位，如 县统计局。"),
    ("备注", "任何说明。"),
    ("", ""),
    ("里程碑表", "每个里程碑一行（可多次记录进展）：状态从下拉选择，日期写 {year}-03-15。"),
    ("检查", "填好后运行 `liulin check 本文件.xlsx`，会逐条列出问题（文件、行、列、值、怎么改）。"),
]


def default_template_name(plan=None) -> str:
    """The template's file name: the plan's place and year (柳林县…年指标填报模板.xlsx)."""

    plan = load_plan(plan)
    return f"{plan.region}{plan.year}年指标填报模板.xlsx"


def _cells(values) -> list:
    """One row of cell values, each through :func:`safe_cell` (a catalog name cannot become a formula)."""
    return [safe_cell(v) for v in values]


def write_template(path, plan=None, targets: pd.DataFrame | None = None, *, overwrite: bool = False) -> Path:
    """Write the fill-in workbook: 填报 (long table), 里程碑 (milestone log), 说明 (how to fill in).

    Parameters
    ----------
    path : str or Path
        The .xlsx file to write (through a temporary file in the same folder, then a rename).
    plan : Plan, name or folder, optional
        The plan: its catalog's indicators are listed and its year's months 1..12 pre-filled (default: the
        default plan).
    targets : DataFrame, optional
        The catalog (the plan's ``load_targets`` when omitted).
    overwrite : bool
        Replace an existing file (an analyst may have filled it in: False refuses). Never a folder or a
        read-only file.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    OutputError
        ``path`` is not an .xlsx name, exists (without ``overwrite``), is a folder or read-only, or cannot be
        written (no permission, disk full); the message names it. Nothing is changed.
    """
    import openpyxl

    path = check_output(path, overwrite=overwrite)  # before any work: an analyst's file is never touched
    if path.suffix.lower() != ".xlsx":
        raise OutputError(
            f"无法写入 {path}：填报模板是 Excel 工作簿，文件名应以 .xlsx 结尾（如 {path.with_suffix('.xlsx')}）",
            path=path,
            reason="suffix",
        )
    plan = load_plan(plan)
    if targets is None:
        targets = load_targets(plan=plan)
    numeric = targets[targets["kind"] != "milestone"]
    milestones = targets[targets["kind"] == "milestone"]
    wb = openpyxl.Workbook()
    _fill_sheet(wb, numeric, plan.year)
    _lists_sheet(wb, numeric, milestones)
    _milestone_sheet(wb, milestones)
    _info_sheet(wb, plan.year)
    wb.move_sheet(
        "选项", offset=len(wb.sheetnames) - 1 - wb.sheetnames.index("选项")
    )  # 填报, 里程碑, 说明, 选项
    wb.active = 0
    data = io.BytesIO()
    wb.save(data)
    return save_file(path, data.getvalue(), overwrite=overwrite)


def _heading(ws) -> None:
    """The first row bold on a light blue fill."""
    from openpyxl.styles import Font, PatternFill

    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")


def _drop_down(ws, formula: str, cells: str, *, error: tuple[str, str] | None = None):
    """A drop-down list (data validation) on ``cells``, with ``error`` (message, title) when given."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    if error is None:
        dv.showErrorMessage = False
    else:
        dv.error, dv.errorTitle = error
    ws.add_data_validation(dv)
    dv.add(cells)
    return dv


def _fill_sheet(wb, numeric: pd.DataFrame, year: int) -> None:
    """填报: every numeric indicator × the year's months, unit and 口径 pre-filled, drop-downs for 指标 and 口径."""
    ws = wb.active
    ws.title = "填报"
    ws.append(_cells(FILL_HEADERS))
    for row in numeric.itertuples(index=False):
        basis_word = DEFAULT_BASIS_WORD.get(row.basis, "")
        for month in range(1, 13):
            ws.append(
                _cells([row.indicator, f"{year}-{month:02d}", None, row.unit, basis_word, None, None, None])
            )
    last = ws.max_row + EXTRA_ROWS
    _heading(ws)
    for col, width in zip("ABCDEFGH", (26, 12, 14, 10, 8, 14, 16, 24), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    dv = _drop_down(ws, f"=选项!$A$1:$A${max(len(numeric), 1)}", f"A2:A{last}")
    dv.prompt, dv.promptTitle = "从目标目录选择指标（也可输入编号或别名）", "指标"
    error = ("口径只能是 当月、累计 或 时点", "口径")
    _drop_down(ws, '"' + ",".join(BASIS_CHOICES) + '"', f"E2:E{last}", error=error)


def _lists_sheet(wb, numeric: pd.DataFrame, milestones: pd.DataFrame) -> None:
    """选项 (hidden): the names the drop-downs offer, indicators in A, milestones in B."""
    lists = wb.create_sheet("选项")
    for i, name in enumerate(numeric["indicator"], start=1):
        lists.cell(row=i, column=1, value=safe_cell(name))
    for i, name in enumerate(milestones["indicator"], start=1):
        lists.cell(row=i, column=2, value=safe_cell(name))
    lists.sheet_state = "hidden"


def _milestone_sheet(wb, milestones: pd.DataFrame) -> None:
    """里程碑: one row per milestone, drop-downs for 里程碑 and 状态."""
    ms = wb.create_sheet("里程碑")
    ms.append(_cells(MILESTONE_HEADERS))
    _heading(ms)
    for name in milestones["indicator"]:
        ms.append(_cells([name, None, None, None]))
    for col, width in zip("ABCD", (34, 12, 14, 30), strict=True):
        ms.column_dimensions[col].width = width
    last = ms.max_row + EXTRA_ROWS
    _drop_down(ms, f"=选项!$B$1:$B${max(len(milestones), 1)}", f"A2:A{last}")
    error = ("请从下拉列表选择状态", "状态")
    _drop_down(ms, '"' + ",".join(STATUS_CHOICES) + '"', f"B2:B{last}", error=error)


def _info_sheet(wb, year: int) -> None:
    """说明: how to fill in each column, in the plan's year."""
    from openpyxl.styles import Font

    info = wb.create_sheet("说明")
    for column, how in EXPLANATION:
        info.append(_cells([column, how.format(year=year)]))
    info["A1"].font = info["B1"].font = Font(bold=True)
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 100
