"""What analysts' files look like: header words of each column, basis and status words, missing-value
tokens, and the columns of the frames the loaders return (docs/architecture.md).

Header texts are compared after :func:`hkey` (full width → half width, no spaces, brackets or %, lower case).
"""

from __future__ import annotations

from ..core.periods import normalize_text

# columns of the frame load_actuals returns (docs/architecture.md)
ACTUALS_COLUMNS = [
    "indicator_id",
    "period",
    "basis",
    "value",
    "unit",
    "raw_value",
    "raw_unit",
    "yoy_pct",
    "source",
    "note",
    "file",
    "line",
]
# columns of the frame load_milestones returns (status: relative to the milestone's type; stage: reached)
MILESTONE_COLUMNS = [
    "indicator_id",
    "status",
    "status_raw",
    "stage",
    "date",
    "source",
    "note",
    "file",
    "line",
]
# columns of the problems table (lenient mode, check_files): where, what is wrong and what to do (written from
# the code), the code, its severity (error or warning) and the code's fields (a dict)
PROBLEM_COLUMNS = ["file", "line", "column", "value", "message", "hint", "code", "severity", "fields"]
# columns of the revisions table (revisions_table; one row per superseded value)
REVISION_COLUMNS = [
    "indicator_id",
    "indicator",
    "period",
    "basis",
    "old_value",
    "old_file",
    "old_line",
    "new_value",
    "new_file",
    "new_line",
    "rule",
]

# header texts accepted for each long-table column
LONG_HEADERS = {
    "indicator": ["indicator", "indicator_id", "指标", "指标名称", "名称"],
    "period": ["period", "时期", "期间", "统计期", "报告期", "月份", "时间"],
    "value": ["value", "数值", "值", "实际值", "完成值", "完成数", "数据"],
    "unit": ["unit", "单位", "计量单位"],
    "basis": ["basis", "口径", "统计口径"],
    "yoy_pct": ["yoy_pct", "yoy", "同比增长(%)", "同比增长", "同比", "同比增速", "增速", "增长(%)"],
    "source": ["source", "来源", "数据来源"],
    "note": ["note", "备注", "说明"],
    "release_date": ["release_date", "发布日期", "发布时间", "发布日"],
}
# Chinese and English name of each long-table column, as problems name them
LONG_LABELS = {
    "indicator": "指标(indicator)",
    "period": "时期(period)",
    "value": "数值(value)",
    "unit": "单位(unit)",
    "basis": "口径(basis)",
    "yoy_pct": "同比增长(yoy_pct)",
    "source": "来源(source)",
    "note": "备注(note)",
    "release_date": "发布日期(release_date)",
}
# header texts of the bureau's monthly table value groups: 本月 and 1-本月 (year to date)
BUREAU_MONTH_HEADERS = ["本月", "当月", "本月数"]
BUREAU_YTD_HEADERS = ["1-本月(累计)", "1-本月", "累计", "本年累计", "1至本月累计", "年初至今", "本月止累计"]
# sub-headers under a group of a two-row bureau header (本月 | 1-本月 over 数值 | 同比增长(%))
BUREAU_VALUE_SUBHEADERS = ["数值", "值", "绝对值", "绝对数", "总量", "实际值", "完成值", "value"]
# header texts of the indicator column of a bureau table
BUREAU_INDICATOR_HEADERS = ["指标", "指标名称"]
# header texts accepted in a milestone log
MILESTONE_HEADERS = {
    "milestone": [
        "milestone",
        "项目",
        "里程碑",
        "项目名称",
        "里程碑事项",
        "indicator",
        "indicator_id",
        "指标",
    ],
    "status": ["status", "状态", "进展", "进展情况"],
    "date": ["date", "日期", "完成日期", "时间"],
    "source": ["source", "来源", "数据来源"],
    "note": ["note", "备注", "说明"],
}
MILESTONE_LABELS = {
    "milestone": "里程碑(milestone)",
    "status": "状态(status)",
    "date": "日期(date)",
    "source": "来源(source)",
    "note": "备注(note)",
}
# basis words → basis
BASIS_WORDS = {
    "month": ["month", "当月", "本月", "月度", "单月"],
    "ytd": ["ytd", "累计", "1-本月", "1-本月(累计)", "年初至今", "本年累计", "自年初累计"],
    "level": ["level", "时点", "期末", "期末数", "时点数"],
}
# status words of the milestone log → the stage they report (statuses.py names the stages, their order and
# which stage completes which type of milestone; an English code names a stage too)
STATUS_WORDS = {
    "not_started": ["not_started", "未开工", "前期", "前期工作", "未启动", "筹备中"],
    "underway": ["in_progress", "underway", "推进中", "进行中"],
    "started": ["started", "已开工", "开工", "开工建设", "在建", "施工中", "建设中"],
    "completed": [
        "completed",
        "已完工",
        "完工",
        "已竣工",
        "竣工",
        "主体完工",
        "主体竣工",
        "已封顶",
        "封顶",
        "主体封顶",
        "已建成",
        "建成",
    ],
    "accepted": ["accepted", "已验收", "通过验收", "竣工验收"],
    "opened": ["opened", "已通车", "通车", "建成通车"],
    "operating": [
        "operating",
        "已投用",
        "投用",
        "投入使用",
        "已投运",
        "投运",
        "投入运营",
        "已运营",
        "运营",
    ],
    # the milestone's own stage, whatever its type (statuses.reached_stage)
    "own": ["done", "已完成", "完成"],
}
# cells that mean "no value" (after NFKC and stripping). "nan" is not one: a NaN text is a problem
MISSING_TOKENS = {
    "",
    "-",
    "--",
    "—",
    "——",
    "–",
    "－",
    "...",
    "......",
    "…",
    "……",
    "/",
    "暂无",
    "n/a",
    "na",
}
# sheets that explain the workbook and hold no data
EXPLANATION_SHEETS = ("说明", "填报说明", "README")

_BRACKETS = str.maketrans("", "", "()[]【】（）<>《》%\"'“”")


def hkey(text: object) -> str:
    """Header / keyword key: full width → half width, no spaces, brackets or %, lower case."""
    if text is None:
        return ""
    return normalize_text(str(text)).translate(_BRACKETS)


def keymap(spec: dict[str, list[str]]) -> dict[str, str]:
    """``{hkey(word): name}`` for every word of every name of a header spec."""
    return {hkey(word): name for name, words in spec.items() for word in words}


LONG_KEYS = keymap(LONG_HEADERS)
MILESTONE_KEYS = keymap(MILESTONE_HEADERS)
BASIS_KEYS = keymap(BASIS_WORDS)
STATUS_KEYS = keymap(STATUS_WORDS)
BUREAU_MONTH_KEYS = {hkey(w) for w in BUREAU_MONTH_HEADERS}
BUREAU_YTD_KEYS = {hkey(w) for w in BUREAU_YTD_HEADERS}
BUREAU_GROUP_KEYS = BUREAU_MONTH_KEYS | BUREAU_YTD_KEYS
BUREAU_VALUE_KEYS = {hkey(w) for w in BUREAU_VALUE_SUBHEADERS}
BUREAU_INDICATOR_KEYS = {hkey(w) for w in BUREAU_INDICATOR_HEADERS}
YOY_KEYS = {k for k, v in LONG_KEYS.items() if v == "yoy_pct"}
# headers of number columns: left to the CSV parser's fast float conversion (text falls back to object)
NUMERIC_KEYS = {k for k, v in LONG_KEYS.items() if v in ("value", "yoy_pct")} | BUREAU_GROUP_KEYS
