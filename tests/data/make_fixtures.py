"""Write the actuals test files in the formats Liulin analysts receive (deterministic).

Run: ``.venv/bin/python tests/data/make_fixtures.py`` — rewrites the files next to this script.
Numbers are realistic for the county (原煤 ~300万吨/月, 产气量 ~0.25亿立方米/月 …) but invented.

Workbooks come two ways: through openpyxl (which writes inline strings and formulas without a cached value,
as programs do) and through :func:`_excel_like`, which writes the parts the way Excel/WPS save them (a shared
string table with rich text and phonetic runs, the Chinese built-in date format 57 and a custom 年月 format,
formulas with their cached values, merged cells).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

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


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# cellXfs of the Excel-like workbooks: 0 General, 1 built-in 57 (zh-CN yyyy"年"m"月"), 2 custom 176, 3 built-in 14
STYLE_BY_FORMAT = {None: 0, 57: 1, 176: 2, 14: 3}


class Formula:
    """A formula cell of an Excel-like workbook, with the value Excel cached when it saved the file."""

    def __init__(self, text: str, cached: float | str):
        self.text, self.cached = text, cached


class Rich:
    """A shared string stored as rich-text runs (Excel does this when part of a cell is bold)."""

    def __init__(self, *runs: str):
        self.runs = runs


class Phonetic:
    """A shared string with a phonetic guide (not part of the cell's text)."""

    def __init__(self, text: str, guide: str):
        self.text, self.guide = text, guide


def _col(j: int) -> str:
    out = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        out = chr(65 + r) + out
    return out


def _serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def _excel_cell(ref: str, v, strings: list) -> str:
    """One <c> element; a (date, format id) tuple is a date cell in that number format."""
    if isinstance(v, Formula):
        if isinstance(v.cached, str):
            return f'<c r="{ref}" t="str"><f>{escape(v.text)}</f><v>{escape(v.cached)}</v></c>'
        return f'<c r="{ref}"><f>{escape(v.text)}</f><v>{v.cached!r}</v></c>'
    if isinstance(v, tuple):
        d, fmt = v
        return f'<c r="{ref}" s="{STYLE_BY_FORMAT[fmt]}"><v>{_serial(d)}</v></c>'
    if isinstance(v, int | float):
        return f'<c r="{ref}"><v>{v!r}</v></c>'
    strings.append(v)
    return f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>'


def _shared_string(v) -> str:
    if isinstance(v, Rich):
        runs = "".join(
            f"<r>{'<rPr><b/></rPr>' if i else ''}<t>{escape(t)}</t></r>" for i, t in enumerate(v.runs)
        )
        return f"<si>{runs}</si>"
    if isinstance(v, Phonetic):
        return f'<si><t>{escape(v.text)}</t><rPh sb="0" eb="1"><t>{escape(v.guide)}</t></rPh></si>'
    return f"<si><t>{escape(v)}</t></si>"


def _excel_sheet(rows: list[list], merges: list[str], strings: list) -> str:
    body = []
    for i, row in enumerate(rows, start=1):
        cells = "".join(_excel_cell(f"{_col(j)}{i}", v, strings) for j, v in enumerate(row) if v is not None)
        body.append(f'<row r="{i}">{cells}</row>')
    merged = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
    tail = f'<mergeCells count="{len(merges)}">{merged}</mergeCells>' if merges else ""
    return f'{XML_HEAD}<worksheet xmlns="{MAIN_NS}"><sheetData>{"".join(body)}</sheetData>{tail}</worksheet>'


def _excel_styles() -> str:
    xfs = "".join(
        f'<xf numFmtId="{f or 0}" fontId="0" fillId="0" borderId="0" xfId="0"/>' for f in STYLE_BY_FORMAT
    )
    return (
        f'{XML_HEAD}<styleSheet xmlns="{MAIN_NS}">'
        '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(STYLE_BY_FORMAT)}">{xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    )


def _excel_like(name: str, sheets: list[tuple[str, list[list], list[str]]]) -> None:
    """A workbook written part by part as Excel/WPS save one: (title, rows, merged ranges) per sheet."""
    strings: list = []
    parts = {
        f"xl/worksheets/sheet{k}.xml": _excel_sheet(rows, merges, strings)
        for k, (_, rows, merges) in enumerate(sheets, 1)
    }
    sheet_list = "".join(
        f'<sheet name="{escape(t)}" sheetId="{k}" r:id="rId{k}"/>' for k, (t, _, _) in enumerate(sheets, 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{k}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{k}.xml"/>'
        for k in range(1, len(sheets) + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{k}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for k in range(1, len(sheets) + 1)
    )
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts.update(
        {
            "[Content_Types].xml": f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>{overrides}</Types>',
            "_rels/.rels": f'{XML_HEAD}<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
            f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "xl/workbook.xml": f'{XML_HEAD}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><workbookPr/>'
            f"<sheets>{sheet_list}</sheets></workbook>",
            "xl/_rels/workbook.xml.rels": f'{XML_HEAD}<Relationships xmlns="{PKG_REL_NS}">{rels}'
            f'<Relationship Id="rIdS" Type="{REL_NS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rIdT" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
            "xl/styles.xml": _excel_styles(),
            "xl/sharedStrings.xml": f'{XML_HEAD}<sst xmlns="{MAIN_NS}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{"".join(_shared_string(v) for v in strings)}</sst>',
        }
    )
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as z:
        for filename in sorted(parts):
            z.writestr(
                zipfile.ZipInfo(filename, date_time=(2026, 4, 10, 9, 0, 0)),
                parts[filename],
                zipfile.ZIP_DEFLATED,
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

    _hostile_fixtures()
    _revision_fixtures()


BUREAU_ROWS_Q1 = [
    ["原煤产量", "万吨", 312.3, -4.1, 872.6, -6.2],
    ["产气量", "亿立方米", 0.26, 10.2, 0.74, 12.5],
    ["地区生产总值", "万元", None, None, 712345.6, 3.2],
]


def _bureau_two_row_headers() -> None:
    """The bureau's table with a header over two (or three) rows: 本月 | 1-本月 over 数值 | 同比增长(%)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["柳林县2026年1-3月主要经济指标"])
    ws.append(["指标", "单位", "本月", None, "1-本月", None])
    ws.append([None, None, "数值", "同比增长(%)", "数值", "同比增长(%)"])
    for r in BUREAU_ROWS_Q1:
        ws.append(r)
    for ref in ("A1:F1", "A2:A3", "B2:B3", "C2:D2", "E2:F2"):
        ws.merge_cells(ref)
    wb.save(HERE / "bureau_merged_2026年1-3月.xlsx")
    _freeze_zip(HERE / "bureau_merged_2026年1-3月.xlsx")
    # the same as CSV (GBK): the group names only on the first header row
    text = [
        ["指标", "单位", "本月", "", "1-本月", ""],
        ["", "", "数值", "同比增长(%)", "数值", "同比增长(%)"],
    ]
    rows = [[("" if v is None else str(v)) for v in r] for r in BUREAU_ROWS_Q1]
    _write("bureau_two_row_2026年1-3月.csv", _csv_text(text[0], [text[1], *rows]), "gbk")
    # three header rows, the period in the header itself and nowhere else
    _write(
        "bureau_three_row_header.csv",
        _csv_text(
            ["指标", "单位", "2026年1-3月", "", "", ""],
            [
                ["", "", "本月", "", "1-本月(累计)", ""],
                ["", "", "数值", "同比增长(%)", "数值", "同比增长(%)"],
                *rows,
            ],
        ),
    )


def _formula_fixtures() -> None:
    """Formulas: without a cached value (openpyxl writes them so) and with one (as Excel saves them)."""
    _xlsx(
        "formula_uncomputed.xlsx",
        LONG_CN,
        [
            ["原煤产量", "2026-01", 301.2, "万吨", "当月", None, "县统计局", ""],
            ["原煤产量", "2026-02", "=300-40.9", "万吨", "当月", None, "县统计局", "公式"],
            ["产气量", "2026-01", 0.24, "亿立方米", "当月", None, "县统计局", ""],
        ],
        sheet="填报",
    )
    # as Excel saves: shared strings (one rich, one with a phonetic guide), dates in the Chinese built-in
    # format 57 and a custom 年月 format, formulas with cached values, 来源 merged down three rows
    d = dt.date
    _excel_like(
        "excel_saved.xlsx",
        [
            (
                "填报",
                [
                    LONG_CN,
                    [
                        Rich("原煤", "产量"),
                        (d(2026, 1, 1), 57),
                        301.2,
                        "万吨",
                        "当月",
                        -9.1,
                        Phonetic("县统计局", "xian"),
                        Formula('"初步"&"数"', "初步数"),
                    ],
                    [
                        "原煤产量",
                        (d(2026, 2, 1), 176),
                        Formula("300-40.9", 259.1),
                        "万吨",
                        "当月",
                        -8.2,
                        None,
                        Formula('""', ""),
                    ],
                    ["原煤产量", "1-2月", Formula("SUM(C2:C3)", 560.3), "万吨", "累计", -8.7, None, None],
                    ["产气量", (d(2026, 1, 15), 14), 0.24, "亿立方米", "当月", 11, "县能源局", None],
                ],
                ["G2:G4"],
            )
        ],
    )


def _corrupt_member(source: str, member: str, name: str) -> None:
    """A copy of a workbook with one byte of a compressed part flipped (a damaged download or disk)."""
    data = bytearray((HERE / source).read_bytes())
    with zipfile.ZipFile(HERE / source) as z:
        info = z.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    (HERE / name).write_bytes(bytes(data))


def _hostile_fixtures() -> None:
    """Inputs that were misread silently or ended in a traceback (issue #11)."""
    _bureau_two_row_headers()
    _formula_fixtures()
    # two columns that map to one field
    _write(
        "dup_columns_value.csv",
        _csv_text(["指标", "时期", "数值", "数值"], [["原煤产量", "2026-01", "301.2", "310"]]),
    )
    _write(
        "dup_columns_en.csv",
        _csv_text(["indicator", "period", "value", "数值"], [["原煤产量", "2026-01", "301.2", "310"]]),
    )
    _write(
        "dup_columns_indicator.csv",
        _csv_text(["indicator", "指标", "period", "value"], [["原煤产量", "原煤产量", "2026-01", "301.2"]]),
    )
    # one stray byte in a GB18030 file and in a UTF-8 file; a GB18030 file with 25 corrupted lines
    gbk = _csv_text(LONG_CN, LONG_ROWS).encode("gb18030").split(b"\n")
    gbk[3] = gbk[3].replace(
        "县统计局".encode("gb18030"), "县统".encode("gb18030") + b"\xff" + "计局".encode("gb18030")
    )
    (HERE / "gbk_stray_byte.csv").write_bytes(b"\n".join(gbk))
    utf8 = _csv_text(LONG_CN, LONG_ROWS).encode("utf-8").split(b"\n")
    utf8[6] = utf8[6].replace("人".encode(), b"\xfe")
    (HERE / "utf8_stray_byte.csv").write_bytes(b"\n".join(utf8))
    many = [_csv_text(LONG_CN, []).encode("gb18030").rstrip(b"\n")]
    many += [
        f"原煤产量,2026-0{1 + k % 9},30{k},万吨,当月,,县统计局,".encode("gb18030") + b"\xff"
        for k in range(25)
    ]
    (HERE / "encoding_many_bad_lines.csv").write_bytes(b"\n".join(many) + b"\n")
    # Excel's "Unicode 文本": UTF-16 with a BOM, tab-separated
    (HERE / "long_utf16.txt").write_bytes(
        "\n".join("\t".join(r) for r in [LONG_CN, *LONG_ROWS]).encode("utf-16")
    )
    # an unclosed quote that swallows the rest of the file (over 128 KB), and a malformed quote
    body = "".join(
        f"raw_coal_output,2026-03,312.{k % 10},万吨,month,,bureau,batch {k:05d} {'x' * 40}\n"
        for k in range(1700)
    )
    _write(
        "unclosed_quote.csv",
        _csv_text(LONG_CN, [LONG_ROWS[0]]) + '原煤产量,2026-02,"259.1,万吨,当月,,县统计局,\n' + body,
    )
    _write(
        "quote_malformed.csv",
        _csv_text(LONG_CN, [LONG_ROWS[0]]) + '原煤产量,2026-02,"259"1,万吨,当月,,县统计局,\n',
    )
    # a file of only a BOM and blank lines; a workbook whose sheets are all blank; a truncated workbook
    (HERE / "bom_only.csv").write_bytes(b"\xef\xbb\xbf\n\n")
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.create_sheet("Sheet2")
    wb.save(HERE / "empty_sheets.xlsx")
    _freeze_zip(HERE / "empty_sheets.xlsx")
    (HERE / "broken.xlsx").write_bytes((HERE / "long_cn.xlsx").read_bytes()[:700])
    _corrupt_member("long_cn.xlsx", "xl/worksheets/sheet1.xml", "corrupt_sheet.xlsx")
    # impossible values: infinities and overflow read by pandas as floats; NaN texts and decimal commas
    _write(
        "values_infinite.csv",
        _csv_text(
            LONG_CN,
            [
                ["原煤产量", "2026-01", "301.2", "万吨", "当月", "-9.1", "", ""],
                ["原煤产量", "2026-02", "inf", "万吨", "当月", "", "", ""],
                ["产气量", "2026-01", "-inf", "亿立方米", "当月", "", "", ""],
                ["产气量", "2026-02", "1e999", "亿立方米", "当月", "", "", ""],
                ["发电量", "2026-01", "1e308", "万千瓦时", "当月", "", "", "求和会溢出"],
                ["发电量", "2026-02", "6.8e4", "万千瓦时", "当月", "inf", "", ""],
            ],
        ),
    )
    _write(
        "values_texts.csv",
        _csv_text(
            LONG_CN,
            [
                ["原煤产量", "2026-01", "NaN", "万吨", "当月", "", "", ""],
                ["原煤产量", "2026-02", "nan", "万吨", "当月", "", "", ""],
                ["产气量", "2026-01", "1,5", "亿立方米", "当月", "", "", "欧式小数逗号"],
                ["产气量", "2026-02", "12,34", "万立方米", "当月", "", "", ""],
                ["新增城镇就业", "2026-01", "1,234", "人", "当月", "", "", "千分位"],
                ["地区生产总值", "1-3月", "1,234,567.5", "万元", "累计", "1,5", "", ""],
            ],
        ),
    )
    # milestone logs: one with an unknown status and a bad date
    _write(
        "milestones_bad.csv",
        _csv_text(
            ["项目", "状态", "日期", "备注"],
            [
                ["县中医院投用", "已投用", "2026/3/15", ""],
                ["跨河大桥建成通车", "快完了", "2026-03-28", ""],
                ["孟门驿站投入运营", "在建", "三月底", ""],
            ],
        ),
    )


def _revision_fixtures() -> None:
    """Releases that revise earlier ones: by 发布日期, by the table's own period, by file order."""
    h = [*LONG_CN, "发布日期"]
    _write(
        "release_april.csv",
        _csv_text(
            h,
            [
                ["原煤产量", "1-3月", "872.6", "万吨", "累计", "", "县统计局", "快报", "2026-04-15"],
                ["原煤产量", "2026-03", "312.3", "万吨", "当月", "", "县统计局", "快报", "2026-04-15"],
                ["产气量", "1-3月", "0.74", "亿立方米", "累计", "", "县统计局", "快报", "2026-04-15"],
            ],
        ),
    )
    _write(
        "release_may_revised.csv",
        _csv_text(
            h,
            [
                ["原煤产量", "1-3月", "870.1", "万吨", "累计", "", "县统计局", "修订", "2026年5月20日"],
                ["产气量", "1-3月", "0.74", "亿立方米", "累计", "", "县统计局", "未修订", "2026/5/20"],
            ],
        ),
    )
    _write(
        "release_conflict.csv",
        _csv_text(
            h,
            [
                ["原煤产量", "1-3月", "872.6", "万吨", "累计", "", "县统计局", "", "2026-04-15"],
                ["原煤产量", "1-3月", "870.1", "万吨", "累计", "", "县统计局", "", "2026-04-15"],
                ["原煤产量", "1-3月", "868.0", "万吨", "累计", "", "县统计局", "更晚发布", "2026-05-20"],
            ],
        ),
    )
    _write(
        "release_bad_date.csv",
        _csv_text(h, [["原煤产量", "1-3月", "872.6", "万吨", "累计", "", "", "", "四月中旬"]]),
    )
    # the table's own period (in the file name): a 1—4月 table is later than a 1—3月 table
    _write(
        "快报_2026年1—3月.csv",
        _csv_text(
            LONG_CN,
            [
                ["原煤产量", "1-2月", "560.3", "万吨", "累计", "", "", ""],
                ["原煤产量", "1-3月", "872.6", "万吨", "累计", "", "", ""],
            ],
        ),
    )
    _write(
        "快报_2026年1—4月.csv",
        _csv_text(
            LONG_CN,
            [
                ["原煤产量", "1-3月", "870.1", "万吨", "累计", "", "", "修订"],
                ["原煤产量", "1-4月", "1180.4", "万吨", "累计", "", "", ""],
            ],
        ),
    )
    # the same latest month as long_utf8.csv (2026-04) and no 发布日期: file order decides
    _write(
        "revision_same_period.csv",
        _csv_text(
            LONG_CN,
            [
                ["原煤产量", "2026年1-3月", "870.1", "万吨", "", "", "县统计局", "修订"],
                ["外贸进出口总额", "2026年4月", "", "万元", "当月", "", "", ""],
            ],
        ),
    )


if __name__ == "__main__":
    main()
