"""The one table of problem codes: for each code its severity, its typed fields, its message and its hint.

A :class:`~liulin_data.core.exceptions.Problem` names a code and gives the code's fields; its Chinese message and
hint are written here from those fields, nowhere else. Callers and tests match the code (``unknown_indicator``)
and the fields (``name``, ``suggestion``), never the wording, which may be improved here at any time.

``generic`` is the code of a problem written the old way (message and hint given directly).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ERROR, WARNING = "error", "warning"
GENERIC = "generic"
NONE = type(None)
# names a code's fields may not take: they are the Problem's own (Problem.of's parameters)
RESERVED = frozenset({"code", "file", "line", "column", "value", "severity", "message", "hint", "fields"})
Text = str | Callable[[dict[str, Any]], str]

# how a file says "no data here": the hint of every empty-file problem
EMPTY_FILE_HINT = "请检查是否选错了文件，或文件未保存"
UNREADABLE_ENCODING = "无法读取文件：编码既不是 UTF-8 也不是 GBK/GB18030"
SAVE_AS_UTF8 = "请另存为 UTF-8 编码的 CSV 或 .xlsx"
NAME_HINT = "请使用目标目录中的指标名称、编号或别名"
_UNIT_HINT = "请改用目标目录的单位，或可换算的单位（如 吨→万吨、公顷→万亩、吨→万斤）"
SEASON_HINT = "如 3-6（3月至6月）；全年留空"
SAMPLE_HINT = "写成两行：actuals: 文件名 与 milestones: 文件名（缩进两格），或删去 sample"


def date_hint(year: int, month: int = 3, day: int = 15) -> str:
    """How to write a date in ``year``: 写成 YYYY-03-15、YYYY/3/15 或 YYYY年3月15日."""
    return f"写成 {year}-{month:02d}-{day:02d}、{year}/{month}/{day} 或 {year}年{month}月{day}日"


def _share(x: float) -> str:
    """A completion share for people: 4,267%, 188%, 0.005%."""
    if x >= 0.01:
        return f"{x * 100:,.0f}%"
    return f"{x * 100:.2g}%"


def _maybe(template: str, key: str) -> Callable[[dict[str, Any]], str]:
    """``template`` when the field ``key`` is given (not None), else ''."""
    return lambda f: template.format_map(f) if f.get(key) is not None else ""


@dataclass(frozen=True)
class Code:
    """One problem code: severity, typed fields, and how its message and hint are written."""

    severity: str
    message: Text | tuple[Text, ...]
    hint: Text | tuple[Text, ...] = ""
    fields: dict[str, Any] = field(default_factory=dict)  # name → type (or tuple of types; NONE allows None)

    def __post_init__(self):
        taken = set(self.fields) & RESERVED
        if taken:
            raise ValueError(f"problem fields may not be named {sorted(taken)}")

    def check(self, given: dict[str, Any]) -> None:
        """Raise TypeError when ``given`` lacks a field, has an unknown one or one of another type."""
        missing = set(self.fields) - set(given)
        unknown = set(given) - set(self.fields)
        if missing or unknown:
            raise TypeError(f"problem fields: missing {sorted(missing)}, unknown {sorted(unknown)}")
        for name, kind in self.fields.items():
            if not isinstance(given[name], kind):
                raise TypeError(f"problem field {name}={given[name]!r} is not {kind}")


def _text(parts: Text | tuple[Text, ...], fields: dict[str, Any]) -> str:
    if not isinstance(parts, tuple):
        parts = (parts,)
    return "".join(p(fields) if callable(p) else p.format_map(fields) for p in parts)


def render(code: str, fields: dict[str, Any]) -> tuple[str, str]:
    """(message, hint) of ``code`` written from its ``fields``."""
    spec = CODES[code]
    return _text(spec.message, fields), _text(spec.hint, fields)


_e, _w = ERROR, WARNING  # the severities, short: the table below is read row by row
_s, _i, _f, _opt_s = str, int, (int, float), (str, NONE)  # the fields' types
# every code: severity, message, hint, fields
CODES: dict[str, Code] = {
    GENERIC: Code(_e, "", ""),  # message and hint given directly
    # ---- a path that cannot be read as a table (files/)
    "file_missing": Code(_e, "文件不存在", "请检查路径和文件名"),
    "file_is_folder": Code(_e, "这是一个文件夹，不是文件", "请给出文件夹中的文件（如 文件夹/*.xlsx）"),
    "file_not_regular": Code(_e, "不是普通文件（可能是设备、管道或套接字）", "请给出 CSV 或 .xlsx 文件"),
    "file_unreadable": Code(_e, "无法读取文件：{reason}", "请检查路径和文件权限", {"reason": _s}),
    "file_empty": Code(_e, "文件为空", EMPTY_FILE_HINT),
    "xls_old": Code(_e, "无法读取旧版 .xls 文件", "请用 Excel/WPS 另存为 .xlsx 或 CSV"),
    "workbook_unreadable": Code(
        _e,
        "无法读取 Excel 文件：{reason}",
        "请用 Excel/WPS 另存为 .xlsx（不支持旧版 .xls）",
        {"reason": _s},
    ),
    "workbook_empty": Code(_e, "文件为空：没有一个工作表有内容", EMPTY_FILE_HINT),
    "encoding_unreadable": Code(
        _e,
        UNREADABLE_ENCODING + "（{lines} 行有无法解码的字节，第一处在第{first_line}行、字节偏移 {offset}）",
        SAVE_AS_UTF8,
        {"lines": _i, "first_line": _i, "offset": _i},
    ),
    "utf16_unreadable": Code(
        _e, UNREADABLE_ENCODING + "（字节偏移 {offset} 处无法按 UTF-16 解码）", SAVE_AS_UTF8, {"offset": _i}
    ),
    # ---- lines of a CSV
    "bytes_undecodable": Code(
        _e,
        "此行有无法按 {encoding} 解码的字节（字节偏移 {offset}）",
        "此行混入了其他编码的文字或损坏的字节：请在Excel/WPS中改正此行，另存为 UTF-8 编码的 CSV",
        {"encoding": _s, "offset": _i},
    ),
    "field_too_long": Code(
        _e,
        "此行有一格超过 {kb} KB：此行及以后的内容未读取",
        '多半是此行有一个引号（"）没有闭合，其后的内容都被并进了这一格：请检查此行的引号',
        {"kb": _i},
    ),
    "quote_unclosed": Code(
        _e, "引号没有闭合：从此行起到文件末尾都被当成了一格", '请检查此行的引号（"）是否成对'
    ),
    "quote_malformed": Code(
        _e, "引号用法有误：右引号后应紧跟分隔符", '单元格内的引号请写成两个（""），或去掉引号'
    ),
    "csv_unreadable": Code(
        _e, "此行无法按 CSV 读取（{error}）", "请在Excel/WPS中打开此文件，另存为 CSV", {"error": _s}
    ),
    "ragged_row": Code(
        _e,
        "此行有{cells}列，表头有{columns}列",
        "请删除多余的逗号或补齐缺少的列",
        {"cells": _i, "columns": _i},
    ),
    # ---- sheets and headers
    "formula_uncomputed": Code(
        _e,
        "公式未计算：请在Excel/WPS中打开并保存后再导入",
        "文件中只有公式、没有计算结果（常见于程序生成的表格）；打开并保存一次即可写入结果",
    ),
    "hidden_sheet": Code(
        _w,
        "{state}的工作表“{sheet}”未读取",
        "隐藏的工作表常存有旧数据或草稿；如需使用其中的数据，请取消隐藏后再导入",
        {"sheet": _s, "state": _s},
    ),
    "sheet_no_header": Code(
        _e,
        "工作表“{sheet}”找不到可识别的表头：应为{expected}",
        "现有内容：{existing}；说明性的工作表请命名为“说明”",
        {"sheet": _s, "expected": _s, "existing": _s},
    ),
    "no_header": Code(
        _e, "缺少必需的列：找不到含“{want}”的表头行", "现有列：{existing}", {"want": _s, "existing": _s}
    ),
    "columns_missing": Code(
        _e, "缺少必需的列：{missing}", "现有列：{existing}", {"missing": _s, "existing": _s}
    ),
    "duplicate_column": Code(
        _e,
        "两列都是{field}：{first_column}列“{first}”和{second_column}列“{second}”",
        "删除其中一列，或把不用的一列改名（如“备注2”）",
        {"field": _s, "first_column": _s, "first": _s, "second_column": _s, "second": _s},
    ),
    "merged_values": Code(
        _e,
        "数值单元格 {cells} 合并了{rows}行：一个数值不能同时算作多行的数据",
        "取消合并，在每一行填写各自的数值（没有数据的行留空）",
        {"cells": _s, "rows": _i},
    ),
    "title_period_missing": Code(
        _e,
        "找不到报表时期：表头上方的标题和文件名中都没有时期（如“{example}”）",
        "在表头上方加一行标题（如“{region}{example}主要经济指标”），或把文件改名为“{example}.xlsx”",
        {"example": _s, "region": _s},
    ),
    "title_period_unreadable": Code(
        _e,
        "标题或文件名中的时期无法识别：{reason}",
        "把标题改为“{region}{example}主要经济指标”这样的写法",
        {"reason": _s, "example": _s, "region": _s},
    ),
    "periods_disagree": Code(
        _e,
        "{first_place}的时期“{first}”与{second_place}的时期“{second}”不一致",
        "请核对报表时期，把标题、工作表名和文件名改成同一时期",
        {"first_place": _s, "first": _s, "second_place": _s, "second": _s},
    ),
    # ---- one record of an actuals table
    "indicator_blank": Code(_e, "指标为空", "填写指标名称（如“原煤产量”）或指标编号"),
    "unknown_indicator": Code(
        _e,
        ("未知指标“{name}”", _maybe("，您是否指“{suggestion}”？", "suggestion")),
        NAME_HINT,
        {"name": _s, "suggestion": _opt_s},
    ),
    "milestone_in_actuals": Code(
        _e,
        "“{indicator}”是里程碑事项，不是数值指标",
        "里程碑请填在里程碑表（列：里程碑、状态、日期、备注）",
        {"indicator": _s},
    ),
    "other_statistic": Code(
        _e,
        "“{name}”是{statistic}，与目录中的“{indicator}”不是同一统计",
        "“{indicator}”只能用它本身的数值；{statistic}请删去，或改报“{indicator}”的数值",
        {"name": _s, "statistic": _s, "indicator": _s},
    ),
    "period_blank": Code(_e, "时期为空", "可用的写法：{forms}", {"forms": _s}),
    "period_unreadable": Code(_e, "无法识别的时期", "可用的写法：{forms}", {"forms": _s}),
    "period_out_of_year": Code(
        _e,
        "时期不在目标年份{year}年内",
        "只填报{year}年的数据；其他年份的数据请另存一个文件，加载时指定 year",
        {"year": _i},
    ),
    "period_as_number": Code(
        _e,
        "时期写成了数字 {text}：Excel 把 {year}.10 存成 {year}.1，分不清是1月还是10月",
        "把时期写成文本（单元格设为文本格式后填 {year}.10），或写成 {year}年10月、{year}-01",
        {"text": _s, "year": _i},
    ),
    "lone_month": Code(
        _e,
        "{month}的数据与其他数据（最近为{nearest}）相隔{gap}个月：多半是上年的数据漏写了年份",
        "上年的数据请删去；确是本年的数据请写明年份（如 {month}），并补齐其间各月",
        {"month": _s, "nearest": _s, "gap": _i},
    ),
    "basis_unknown": Code(_e, "无法识别的口径", "口径填“当月”“累计”或“时点”（month/ytd/level）"),
    "period_not_span": Code(_e, "时期既不是单月，也不是从1月起的累计", "累计值请写成“1-N月”，或按单月填报"),
    "basis_month_for_span": Code(
        _e, "口径“当月”与跨月的时期矛盾", "跨月的时期（如1-3月）应填“累计”；当月值请按单月填报"
    ),
    "basis_level_for_flow": Code(_e, "该指标是累计/流量指标，口径不能是“时点”", "口径填“当月”或“累计”"),
    "basis_for_level": Code(
        _w,
        "口径“{basis}”与指标不符：该指标是{measure}，已按时点值读取",
        "时点数、比率请填口径“时点”或留空；如确是{basis}数，请核对是否填错了指标",
        {"basis": _s, "measure": _s},
    ),
    "value_not_number": Code(_e, "数值不是数字", "只填数字（可带千分位逗号，如 3,600.5）；没有数据请留空"),
    "value_bad_comma": Code(
        _e, "数值中的逗号不是千分位分隔符", "千分位逗号每三位一个（如 1,234.5）；小数点请用“.”，不要用逗号"
    ),
    "value_nan": Code(_e, "数值为 NaN（不是数字）", "没有数据请留空，不要填 NaN"),
    "value_infinite": Code(
        _e, "数值为无穷大或超出范围", "请填写实际数值（检查是否多写了零或指数）；没有数据请留空"
    ),
    "value_negative": Code(
        _e, "数值为负：该指标不可能小于0", "检查是否把同比增速填进了数值列；下降请写在“同比增长(%)”列"
    ),
    "value_too_large": Code(_e, "数值过大：与其他值相加会溢出", "请检查数值和单位（是否多写了零或指数）"),
    "value_implausible": Code(
        _w,
        lambda f: f"数值为全年目标的{_share(f['share'])}（{f['figure']}，目标{f['target']}{f['unit']}）",
        "请核对单位（如 吨 与 万吨）和口径（新增还是存量、当月还是累计）",
        {"share": _f, "figure": _s, "target": _s, "unit": _s},
    ),
    "yoy_not_number": Code(_e, "同比增长不是数字", "写成 -8.7、-8.7%、增长-8.7% 或 下降8.7%；没有请留空"),
    "yoy_bad_comma": Code(_e, "同比增长中的逗号不是千分位分隔符", "小数点请用“.”（如 -8.7）"),
    "yoy_nan": Code(_e, "同比增长为 NaN（不是数字）", "没有同比数据请留空，不要填 NaN"),
    "yoy_infinite": Code(_e, "同比增长为无穷大或超出范围", "请填写实际增速；没有请留空"),
    "unit_suffix_clash": Code(_e, "数值后写的单位与“单位”列不一致", "只在“单位”列写单位，数值列只写数字"),
    "unit_unconvertible": Code(
        _e, "单位“{unit}”无法换算为目标单位“{target_unit}”", _UNIT_HINT, {"unit": _s, "target_unit": _s}
    ),
    "unit_blank": Code(
        _e,
        "单位为空，而“单位”列填了不止一种单位（{units}）",
        "请填写此行数值的单位（如 {example}）",
        {"units": _s, "example": _s},
    ),
    "release_date_unreadable": Code(
        _e, "无法识别的发布日期", lambda f: date_hint(f["year"], 4, 15) + "；不知道请留空", {"year": _i}
    ),
    "release_before_period": Code(
        _e,
        "发布日期 {date} 早于数据时期的最后一天 {end}",
        "数据不会在时期结束前发布：请核对发布日期和时期",
        {"date": _s, "end": _s},
    ),
    # ---- across rows and files
    "duplicate_conflict": Code(
        _e, "同一指标、时期、口径有多行且数值不同：{lines}", "保留正确的一行，删除其余的行", {"lines": _s}
    ),
    "ytd_decrease": Code(
        _e,
        "累计值比上期小：{period}（本行）为 {figure}，{previous_period}（{previous_line}）为 {previous}",
        "累计值不应逐月下降；请核对是否把当月值填成了累计值",
        {"period": _s, "figure": _s, "previous_period": _s, "previous_line": _s, "previous": _s},
    ),
    "ytd_revision": Code(
        _w,
        "累计值比上期小：{period}（本行）为 {figure}，较早发布的{previous_period}（{previous_line}）"
        "为 {previous}；已作为后发布数据的修订（如核减）采用",
        "如不是统计部门的核减或修订，请核对是否把当月值填成了累计值",
        {"period": _s, "figure": _s, "previous_period": _s, "previous_line": _s, "previous": _s},
    ),
    "month_ytd_mismatch": Code(
        _e,
        "当月值与累计值不符：{span}当月值合计为 {total}（{months}），{period} 累计值为 {figure}（本行）",
        "请核对当月值与累计值",
        {"span": _s, "total": _s, "months": _s, "period": _s, "figure": _s},
    ),
    "source_conflict": Code(
        _w,
        "同一指标、时期有两个来源的数值：{source}为 {figure}（本行），{other_source}为 {other}（{other_line}）；"
        "采用{kept}",
        "在 plan.yaml 中写 preferred_source: 统计局 可指定优先采用的来源；或删去其中一个来源的数据",
        {"source": _s, "figure": _s, "other_source": _s, "other": _s, "other_line": _s, "kept": _s},
    ),
    "problems_not_listed": Code(
        _e,
        "另有 {count} 个问题未列出（每个文件最多列出 {limit} 个）",
        "请先改正上面列出的问题，再重新检查",
        {"count": _i, "limit": _i},
    ),
    # ---- milestone logs
    "milestone_blank": Code(_e, "里程碑名称为空", "填写目标目录中的里程碑名称"),
    "milestone_unknown": Code(
        _e,
        ("未知里程碑“{name}”", _maybe("，您是否指“{suggestion}”？", "suggestion")),
        "请使用目标目录中的里程碑名称、编号或别名",
        {"name": _s, "suggestion": _opt_s},
    ),
    "numeric_not_milestone": Code(
        _e, "“{indicator}”是数值指标，不是里程碑", "数值请填在实际值表", {"indicator": _s}
    ),
    "status_blank": Code(_e, "状态为空", "{accepted}", {"accepted": _s}),
    "status_unknown": Code(_e, "无法识别的状态", "{accepted}", {"accepted": _s}),
    "status_unfit": Code(_e, "状态“{word}”不适用于这一事项", "{accepted}", {"word": _s, "accepted": _s}),
    "date_unreadable": Code(_e, "无法识别的日期", lambda f: date_hint(f["year"]), {"year": _i}),
    "date_out_of_year": Code(
        _e,
        "日期不在目标年份{year}年内",
        lambda f: date_hint(f["year"]) + "；上年已完成的事项请在备注中说明",
        {"year": _i},
    ),
    # ---- an analyst's target override file (overrides.py)
    "override_not_found": Code(_e, "找不到目标覆盖文件 / file not found", "检查路径"),
    "override_unknown_column": Code(_e, "未知列 / unknown column", "可用列：{columns}", {"columns": _s}),
    "override_no_indicator_column": Code(_e, "缺少 indicator_id 或 indicator 列", "添加其中一列"),
    "override_missing_column": Code(_e, "缺少必填列 {name} / missing column", "添加 {name} 列", {"name": _s}),
    "override_unknown_indicator": Code(
        _e,
        "未知指标 / unknown indicator",
        lambda f: f"您是不是要找“{f['suggestion']}”？" if f["suggestion"] else "见 liulin targets 的指标列表",
        {"suggestion": _opt_s},
    ),
    "override_duplicate": Code(
        _e, "与第{first_line}行重复 / duplicate", "每个指标只填一行", {"first_line": _i}
    ),
    "override_report_target": Code(
        _e, "该指标的目标来自工作报告，不能覆盖", "只为背景指标（无报告目标）填写目标"
    ),
    "override_bad_comparator": Code(_e, "未知比较符", "填 {allowed}", {"allowed": _s}),
    "override_target_not_number": Code(_e, "目标值不是数字", "填写数字，如 1500000"),
    "override_high_not_number": Code(_e, "目标上限不是数字", "填写数字"),
    "override_range_high": Code(_e, "区间目标须填写大于下限的上限", "如 3 与 5"),
    "override_high_without_between": Code(_e, "只有 between 可以填上限", "清空或改用 between"),
    "override_source_missing": Code(_e, "缺少目标来源 / source is required", "注明文件名或会议"),
    "override_unit": Code(_e, "{reason}", "用 {unit} 或可换算的单位", {"reason": _s, "unit": _s}),
    # ---- plan folder tables read by files/ (profiles.csv, history.csv)
    "profiles_header": Code(_e, "进度曲线文件的表头与约定不符", "表头应为 {expected}", {"expected": _s}),
    "profile_duplicate": Code(_e, "进度曲线重名", "每条曲线只写一行"),
    "table_columns": Code(
        _e, "缺少必需的列：{missing}", "表头应为 {expected}", {"missing": _s, "expected": _s}
    ),
    "history_value": Code(_e, "{name}不是数字", "填写数字；没有请留空", {"name": _s}),
    "history_date": Code(_e, "日期应写成 YYYY-MM-DD", "如 2024-06-30", {}),
    # ---- profiles.csv: one pace shape per row (plan/profiles.py); an unknown name asked of the engine
    "profile_name": Code(_e, "曲线名须为英文小写 snake_case", "如 linear"),
    "profile_description_missing": Code(_e, "缺少说明", "写明曲线的中文名称和含义，如 匀速：……"),
    "profile_shares_not_numbers": Code(
        _e, "进度份额必须是0到1之间的数字", "每月填0到1之间的数字，或全部留空（无数值进度）"
    ),
    "profile_shares_not_cumulative": Code(_e, "累计进度份额须在0到1之间且逐月不减", "修正该行"),
    "profile_m12_not_one": Code(_e, "12月末的累计份额须为1", "把 m12 改为 1"),
    "profile_unknown": Code(_e, "未知的进度曲线", "可用：{available}（见 profiles.csv）", {"available": _s}),
    # ---- plan.yaml (plan/folder.py): its keys and values, each a problem at the key (the column)
    "plan_yaml_unreadable": Code(
        _e, "无法读取：{reason}", "另存为 UTF-8 编码的 YAML（键: 值，每行一个）", {"reason": _s}
    ),
    "plan_not_mapping": Code(_e, "应为“键: 值”的映射", "每行写一个键，如 name: mouxian-2027"),
    "plan_key_twice": Code(
        _e, "写了两次（第{first}行和第{second}行）", "删去其中一行", {"first": _i, "second": _i}
    ),
    "plan_key_missing": Code(_e, "缺少必填的键", "写上 {key}: …", {"key": _s}),
    "plan_key_unknown": Code(_e, "未知的键", "可用：{known}", {"known": _s}),
    "plan_value_not_text": Code(_e, "应为一段文字", "照 liulin plan export 导出的 plan.yaml 填写"),
    "plan_year": Code(_e, "应为四位年份", "如 2027"),
    "plan_release_lag": Code(
        _e,
        "发布滞后天数不是合理的整数",
        "填 0 至 {most} 的整数天数，或删去这一行（默认 {default} 天）",
        {"most": _i, "default": _i},
    ),
    "plan_preferred_source": Code(_e, "应为来源名称或名称列表", "如 preferred_source: 统计局"),
    "plan_timezone": Code(_e, "不是已知的时区", "写 IANA 时区名，如 {default}", {"default": _s}),
    "plan_file_outside": Code(_e, "指向计划文件夹以外", "把文件放进计划文件夹，只写文件名（如 report.txt）"),
    "plan_sample_not_mapping": Code(_e, "应为映射", SAMPLE_HINT),
    "plan_sample_key_unknown": Code(_e, "未知的键", SAMPLE_HINT),
    "plan_sample_not_file_name": Code(_e, "应为文件名", SAMPLE_HINT),
    # ---- a plan's catalog (plan/catalog.py): tasks.csv, then targets.csv and context_indicators.csv row by row
    "task_no_not_integer": Code(_e, "序号须为整数", "从 1 起编号"),
    "task_blank": Code(_e, "大事要事名称为空", "照报告原文填写"),
    "domain_unknown": Code(_e, "未知领域 / unknown domain", "可选：{allowed}", {"allowed": _s}),
    "catalog_header": Code(
        _e,
        "表头与约定不符 / header differs",
        "应为 {expected}，其后可加可选列 {optional}",
        {"expected": _s, "optional": _s},
    ),
    "catalog_id_not_snake": Code(_e, "编号须为英文 snake_case", "如 raw_coal_output"),
    "catalog_task_unknown": Code(
        _e,
        "不是报告列出的大事要事之一",
        lambda f: (
            "照 tasks.csv 的写法填写" if f["has_tasks"] else "计划没有 tasks.csv：留空，或添加 tasks.csv"
        ),
        {"has_tasks": bool},
    ),
    "catalog_indicator_blank": Code(_e, "指标名称为空", "照报告原文填写指标名称"),
    "catalog_kind_unknown": Code(_e, "未知类型 / unknown kind", "可选：{allowed}", {"allowed": _s}),
    "catalog_comparator_unknown": Code(_e, "未知比较符", "可选：{allowed}", {"allowed": _s}),
    "catalog_basis_unknown": Code(_e, "未知口径 / unknown basis", "可选：{allowed}", {"allowed": _s}),
    "catalog_profile_unknown": Code(_e, "未知进度曲线 / unknown profile", "可选：{allowed}", {"allowed": _s}),
    "catalog_section_not_in_report": Code(
        _e, "报告中没有这个标题", "照 {report} 原文填写标题，或留空", {"report": _s}
    ),
    "catalog_quote_not_in_report": Code(_e, "不是报告原文的片段", "从 {report} 原样复制", {"report": _s}),
    "catalog_deadline": Code(_e, "截止日期须为{year}年内的 ISO 日期", "如 {year}-12-31", {"year": _i}),
    "catalog_milestone_shape": Code(
        _e,
        "里程碑须 comparator '=='、无目标值和单位、basis 与 profile 为 milestone/none",
        "按里程碑的写法改正该行",
    ),
    "catalog_milestone_type_missing": Code(
        _e, "里程碑须填写里程碑类型（以哪个节点为完成）", "按报告的动词填写：{choices}", {"choices": _s}
    ),
    "catalog_milestone_type_unknown": Code(_e, "未知的里程碑类型", "可选：{choices}", {"choices": _s}),
    "catalog_milestone_type_not_milestone": Code(_e, "只有里程碑可以填写里程碑类型", "清空该格"),
    "catalog_target_not_number": Code(_e, "目标值不是数字", "只填数字，如 3600"),
    "catalog_high_not_number": Code(_e, "目标上限不是数字", "只填数字，如 5"),
    "catalog_target_unreasonable": Code(
        _e,
        "目标值不是有限的合理数值",
        "照报告原文填写，在单位 {unit} 下不超过 {most:.0e}；是否多写了零或指数？",
        {"unit": _s, "most": _f},
    ),
    "catalog_unit_unknown": Code(_e, "未知单位 / unknown unit", "见 liulin_data.core.units.KNOWN_UNITS"),
    "catalog_basis_milestone": Code(_e, "只有里程碑的口径是 milestone", "改为 flow、level 或 count"),
    "catalog_context_target": Code(_e, "背景指标在报告中没有目标，不得填写", "目标请写在覆盖文件中"),
    "catalog_target_missing": Code(_e, "缺少目标值", "照报告原文填写目标值"),
    "catalog_range": Code(_e, "区间目标须 comparator 'between' 且上限大于下限", "如 3 与 5"),
    "catalog_between_not_range": Code(
        _e, "只有 range 类型可以用 'between' 和 target_high", "改用 range 类型"
    ),
    "catalog_rate_unit": Code(_e, "比率和增速的单位须为 %", "把单位改为 %"),
    "catalog_release_lag": Code(
        _e,
        "发布滞后天数须为 0 至 {most} 的整数",
        "填写整数天数，或留空（用计划的默认值 {default} 天）",
        {"default": _i, "most": _i},
    ),
    "catalog_duplicate_id": Code(_e, "编号重复 / duplicate id", "每个编号只用一次"),
    "catalog_name_clash": Code(
        _e, "名称同时指向 {first} 和 {other}", "改用唯一的别名", {"first": _s, "other": _s}
    ),
    # ---- the target model's columns of a catalog row (core/measures.py)
    "model_word_unknown": Code(_e, "未知的 {name}", "可选：{choices}", {"name": _s, "choices": _s}),
    "model_season_form": Code(
        _e, "季节应写作“起始月-结束月”，如 3-6（收到 {given!r}）", SEASON_HINT, {"given": _s}
    ),
    "model_season_months": Code(
        _e, "季节的月份须在1到12之间，且起始月不晚于结束月（收到 {given!r}）", SEASON_HINT, {"given": _s}
    ),
    "model_milestone_kind": Code(_e, "measure 为 milestone 当且仅当 kind 为 milestone", "两列改为一致"),
    "model_basis_for_level": Code(
        _e,
        "measure {measure} 与 basis {basis} 不符",
        "时点量和比率的 basis 须为 level（否则报表会被逐月累加）",
        {"measure": _s, "basis": _s},
    ),
    "model_basis_for_flow": Code(
        _e,
        "measure {measure} 与 basis {basis} 不符",
        "累计量的 basis 为 flow 或 count",
        {"measure": _s, "basis": _s},
    ),
    "model_rate_unit": Code(_e, "measure {measure} 的单位须为 %", "把单位改为 %", {"measure": _s}),
    "model_growth_kind": Code(_e, "measure growth 须配 kind growth", "把 kind 改为 growth"),
    "model_direction": Code(
        _e,
        "direction {direction} 与 comparator {comparator} 不符",
        "at_most 配 <=，range 配 between，at_least/about 配 >= 或 ==",
        {"direction": _s, "comparator": _s},
    ),
    "model_breach": Code(
        _e, "只有累计量的上限可以“一旦突破即定”", "breach 只用于累计量的上限（direction at_most）"
    ),
}
