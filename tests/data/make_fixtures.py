"""Write the actuals test files in the formats Liulin analysts receive (deterministic).

Run: ``.venv/bin/python tests/data/make_fixtures.py`` — rewrites the files next to this script.
Numbers are realistic for the county (原煤 ~300万吨/月, 产气量 ~0.25亿立方米/月 …) but invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent

LONG_CN = ["指标", "时期", "数值", "单位", "口径", "同比增长(%)", "来源", "备注"]
LONG_EN = ["indicator", "period", "value", "unit", "basis", "yoy_pct", "source", "note"]
BUREAU = ["指标", "单位", "本月", "同比增长(%)", "1-本月(累计)", "同比增长(%)"]

# a long table as an analyst types it: mixed period forms, separators, full-width digits, rate texts
LONG_ROWS = [
    ["原煤产量", "2026年1—2月", "560.3", "万吨", "累计", "增长-8.7%", "县统计局", ""],
    ["原煤产量", "2026年1-3月", "872.6", "万吨", "", "-6.2%", "县统计局", "1-3月累计"],
    ["原煤产量", "2026-03", "312.3", "万吨", "当月", "下降4.1%", "县统计局", ""],
    ["产气量", "1-3月", "0.74", "亿立方米", "累计", "12.5", "县能源局", ""],
    ["粮食播种面积", "2026年3月", "33.2", "万亩", "时点", "", "县农业农村局", "春播计划面积"],
    ["新增城镇就业", "一季度", "1,036", "人", "", "", "县人社局", ""],
    ["外贸进出口总额", "２０２６年３月", "８６.５", "万元", "当月", "", "县商务局", ""],
    ["地区生产总值", "2026-Q1", "712,345.6", "万元", "累计", "增长3.2%", "县统计局", ""],
    ["规上工业增加值增速", "1-3月", "-5.6", "%", "累计", "", "县统计局", ""],
    ["外贸进出口总额", "2026年4月", "—", "万元", "当月", "", "县商务局", "尚未公布"],
]


def _csv_text(header: list[str], rows: list[list[str]], above: list[list[str]] | None = None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for r in above or []:
        w.writerow(r)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _write(name: str, text: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(text.encode(encoding))


def _xlsx(
    name: str, header: list[str], rows: list[list], above: list[list] | None = None, sheet: str = "Sheet1"
):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in above or []:
        ws.append(r)
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(HERE / name)
    _freeze_zip(HERE / name)


def _xlsx_sheets(name: str, sheets: list[tuple[str, list[list]]]) -> None:
    """A workbook with several sheets, each given as (title, rows incl. title rows and header)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(HERE / name)
    _freeze_zip(HERE / name)


def _freeze_zip(path: Path) -> None:
    """Rewrite an .xlsx with fixed timestamps so that regenerating it gives identical bytes."""
    with zipfile.ZipFile(path) as zin:
        items = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for filename, data in items:
            if filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", b"2026-04-10T09:00:00Z", data)
            zout.writestr(
                zipfile.ZipInfo(filename, date_time=(2026, 4, 10, 9, 0, 0)), data, zipfile.ZIP_DEFLATED
            )


def main() -> None:
    # (1) long tables in every encoding and header language
    _write("long_utf8.csv", _csv_text(LONG_CN, LONG_ROWS))
    _write("long_utf8_bom.csv", _csv_text(LONG_CN, LONG_ROWS), "utf-8-sig")
    _write("long_gbk.csv", _csv_text(LONG_CN, LONG_ROWS), "gbk")
    en_rows = [
        ["raw_coal_output", "2026-01", "301.2", "万吨", "month", "-9.1", "bureau", ""],
        ["raw_coal_output", "2026-02", "259.1", "万吨", "month", "-8.2", "bureau", ""],
        ["raw_coal_output", "2026-02", "560.3", "万吨", "ytd", "-8.7", "bureau", ""],
        ["gas_output", "2026-01", "0.24", "亿立方米", "month", "", "bureau", ""],
        ["new_urban_jobs", "2026-02", "712", "人", "ytd", "", "hrss", ""],
        ["grain_sown_area", "2026-02", "33.0", "万亩", "level", "", "agri", ""],
    ]
    _write(
        "long_en.csv",
        _csv_text(["Indicator", "Period", "Value", "Unit", "Basis", "YoY (%)", "Source", "Note"], en_rows),
    )
    xrows = [
        ["原煤产量", dt.datetime(2026, 1, 1), 3012000, "吨", "当月", -9.1, "县统计局", "按吨报送"],
        ["原煤产量", dt.datetime(2026, 2, 1), 2591000, "吨", "当月", -8.2, "县统计局", ""],
        ["粮食播种面积", "2026年4月", 22140, "公顷", "时点", None, "县农业农村局", "按公顷报送"],
        ["粮食产量", "上半年", 2400, "吨", "累计", 1.5, "县农业农村局", "夏粮"],
        ["新增城镇就业", "2026/4", 355, "人", "当月", None, "县人社局", ""],
        ["外贸进出口总额", "1-4月", "342.8万元", None, "累计", "增长12.0%", "县商务局", "数值带单位"],
    ]
    _xlsx("long_cn.xlsx", LONG_CN, xrows, sheet="填报")

    # (2) the bureau's monthly table: title row above the header, period from the title
    bureau_rows = [
        ["地区生产总值", "万元", None, None, 712345.6, 3.2],
        ["原煤产量", "万吨", 312.3, -4.1, 872.6, -6.2],
        ["精煤产量", "万吨", 150.2, 2.0, 431.7, 1.1],
        ["发电量", "万千瓦时", 68210, 5.8, 201830, 4.9],
        ["产气量", "亿立方米", 0.26, 10.2, 0.74, 12.5],
        ["社会消费品零售总额", "万元", 41230, 4.1, 119870, 3.8],
    ]
    _xlsx(
        "bureau_2026年1-3月.xlsx",
        BUREAU,
        bureau_rows,
        above=[["柳林县2026年1-3月主要经济指标"], [None, None, None, None, None, "单位：万元、万吨"]],
    )
    # January and February released together, 本月 blank; period from the file name; GBK
    feb_rows = [
        ["原煤产量", "万吨", "", "", "560.3", "-8.7"],
        ["产气量", "亿立方米", "", "", "0.48", "13.1"],
        ["外贸进出口总额", "万元", "", "", "171.2", "增长5.4%"],
        ["发电量", "万千瓦时", "-", "", "133620", "4.2"],
    ]
    _write("统计月报_2026年1—2月.csv", _csv_text(BUREAU, feb_rows), "gbk")

    # (3) the milestone log
    ms_rows = [
        ["郭家沟400万吨矿井", "前期", "2026-03-20", "环评已批复"],
        ["孟门驿站投入运营", "在建", "2026-03-31", "主体完工"],
        ["跨河大桥建成通车", "已通车", "2026-03-28", "3月28日通车"],
        ["县中医院投用", "已投用", "2026/3/15", ""],
        ["留誉肉牛小区投运", "推进中", "", ""],
    ]
    _write("milestones.csv", _csv_text(["项目", "状态", "日期", "备注"], ms_rows))

    # (4) one bad file per problem class
    h = LONG_CN
    _write(
        "bad_unknown_indicator.csv",
        _csv_text(h, [["原煤产", "2026-03", "312.3", "万吨", "当月", "", "", ""]]),
    )
    _write("bad_unit.csv", _csv_text(h, [["原煤产量", "2026-03", "312.3", "亩", "当月", "", "", ""]]))
    _write(
        "bad_nonnumeric.csv", _csv_text(h, [["原煤产量", "2026-03", "约三百万", "万吨", "当月", "", "", ""]])
    )
    _write("bad_negative.csv", _csv_text(h, [["原煤产量", "2026-03", "-4.1", "万吨", "当月", "", "", ""]]))
    _write(
        "bad_duplicate.csv",
        _csv_text(
            h,
            [
                ["原煤产量", "2026-03", "312.3", "万吨", "当月", "", "", ""],
                ["产气量", "2026-03", "0.26", "亿立方米", "当月", "", "", ""],
                ["原煤产量", "2026年3月", "321.3", "万吨", "当月", "", "", "另一口径"],
            ],
        ),
    )
    _write(
        "bad_decreasing_ytd.csv",
        _csv_text(
            h,
            [
                ["原煤产量", "1-2月", "560.3", "万吨", "累计", "", "", ""],
                ["原煤产量", "1-3月", "312.3", "万吨", "累计", "", "", "误把当月填成累计"],
            ],
        ),
    )
    _write("bad_period.csv", _csv_text(h, [["原煤产量", "三月上旬", "100.2", "万吨", "当月", "", "", ""]]))
    _write(
        "bad_out_of_year.csv", _csv_text(h, [["原煤产量", "2025年12月", "300.1", "万吨", "当月", "", "", ""]])
    )
    _write("bad_empty.csv", "")
    _write("bad_missing_column.csv", _csv_text(["指标", "时期", "单位"], [["原煤产量", "2026-03", "万吨"]]))

    # (5) a workbook with one sheet per month: a long table (1月), a bureau table (2月), an explanation
    _xlsx_sheets(
        "统计_2026年1-2月.xlsx",
        [
            (
                "1月",
                [
                    LONG_CN,
                    ["原煤产量", "2026-01", 301.2, "万吨", "当月", -9.1, "县统计局", ""],
                    ["产气量", "2026-01", 0.24, "亿立方米", "当月", 11.0, "县统计局", ""],
                ],
            ),
            (
                "2月",
                [
                    ["柳林县2026年1-2月主要经济指标"],
                    BUREAU,
                    ["原煤产量", "万吨", 259.1, -8.2, 560.3, -8.7],
                    ["产气量", "万立方米", 2400, 15.2, 4800, 13.1],
                ],
            ),
            ("说明", [["本表按月分表填报"], ["数据来源：县统计局"]]),
        ],
    )
    # a workbook with a sheet that has no recognisable header
    _xlsx_sheets(
        "sheets_unknown.xlsx",
        [
            ("填报", [LONG_CN, ["原煤产量", "2026-03", 312.3, "万吨", "当月", None, "县统计局", ""]]),
            ("备忘", [["3月原煤产量待统计局复核"], ["联系人", "张三"]]),
        ],
    )

    # (6) CSVs with ragged rows: a trailing comma (accepted), an extra field and a missing field (problems)
    _write(
        "ragged.csv",
        "指标,时期,数值,单位,口径,同比增长(%),来源,备注\n"
        "原煤产量,2026-01,301.2,万吨,当月,,县统计局,\n"
        "原煤产量,2026-02,259.1,万吨,当月,,县统计局,,\n"
        "产气量,2026-01,0.24,亿立方米,当月,,县能源局,,多余\n"
        "产气量,2026-02,0.23,亿立方米,当月\n"
        "新增城镇就业,2026-02,712,人,累计,,县人社局,\n",
    )
    # quoted fields: the extra field is found by pandas' tokenizer, then the file is read row by row
    _write(
        "ragged_quoted.csv",
        'indicator,period,value,unit\n"原煤产量","2026-01","301.2","万吨"\n'
        '"原煤产量","2026-02","259.1","万吨","快报"\n"产气量","2026-01","0.24","亿立方米"\n',
    )

    # (7) the bureau's real monthly table: headings, notes, untracked indicators, growth given as 万元 + yoy
    _xlsx_sheets(
        "bureau_full_2026年1-3月.xlsx",
        [
            (
                "Sheet1",
                [
                    ["柳林县2026年1-3月主要经济指标"],
                    BUREAU,
                    ["一、工业"],
                    ["规模以上工业企业数", "个", None, None, 41, None],
                    ["规模以上工业增加值", "万元", 521000, -3.1, 1502000, -5.6],
                    ["原煤产量", "万吨", 312.3, -4.1, 872.6, -6.2],
                    ["二、投资"],
                    ["固定资产投资（不含农户）", "万元", None, None, 183200, 6.5],
                    ["注：本表数据为快报数"],
                    ["数据来源：柳林县统计局"],
                ],
            )
        ],
    )
    # a typo of a catalog name, and a growth indicator as 万元 without a yoy: both still errors
    _write(
        "bureau_typo_2026年1-3月.csv",
        _csv_text(
            BUREAU,
            [
                ["原煤产", "万吨", "312.3", "-4.1", "872.6", "-6.2"],
                ["规模以上工业增加值", "万元", "", "", "1502000", ""],
            ],
        ),
    )

    # (8) month values that do not add up to the ytd value (and a combined Jan-Feb release, not checked)
    _write(
        "month_ytd_mismatch.csv",
        _csv_text(
            LONG_CN,
            [
                ["原煤产量", "2026-01", "300", "万吨", "当月", "", "", ""],
                ["原煤产量", "2026-02", "290", "万吨", "当月", "", "", ""],
                ["原煤产量", "1-2月", "500", "万吨", "累计", "", "", ""],
                ["新增城镇就业", "2026-01", "355", "人", "当月", "", "", ""],
                ["新增城镇就业", "2026-02", "357", "人", "当月", "", "", ""],
                ["新增城镇就业", "1-2月", "713", "人", "累计", "", "", "差0.14%，在容差内"],
                ["产气量", "1-2月", "0.48", "亿立方米", "累计", "", "", "1-2月合并发布"],
                ["产气量", "2026-03", "0.26", "亿立方米", "当月", "", "", ""],
                ["产气量", "1-3月", "0.74", "亿立方米", "累计", "", "", ""],
            ],
        ),
    )


if __name__ == "__main__":
    main()
