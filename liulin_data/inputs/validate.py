"""Per-record validation: each step interprets one column and adds the problems it finds.

Steps, in order: indicator → period → basis → value → yoy → unit conversion → magnitude → release date.
Each distinct indicator, period, basis, unit and odd value text is interpreted once; the results are mapped
back onto the rows with integer codes (no per-row Python on the hot path). A row with any problem is
flagged ``bad``; rows of indicators a bureau table lists but the catalog does not track are ``ignored``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from ..core import units
from ..core.exceptions import PeriodError, UnitError
from ..core.periods import accepted_forms, parse_period
from .cells import BAD, BAD_COMMA, INF, NAN, date_hint, parse_date, parse_number, parse_rate, unit_key
from .context import CatalogIndex, Context
from .layouts import Records
from .problems import Problems
from .schema import BASIS_KEYS, hkey
from .vector import factorize, map_unique, numbers, per_code, take

# catalog kinds whose values may be negative
NEGATIVE_OK_KINDS = {"growth"}
# basis → small integer, used to build integer duplicate keys
BASIS_CODE = {"month": 0, "ytd": 1, "level": 2}
# (file number) * LINE_SPACE + line identifies a row across files
LINE_SPACE = 10**10
# one integer per (indicator, period, basis): indicator position * KEY_INDICATOR + yyyymm * 10 + basis code
KEY_INDICATOR = 10_000_000
# the largest magnitude a value may have: the sum of 2**20 of them still fits in a float
MAX_ABS_VALUE = sys.float_info.max / 2**20
# note added when a growth indicator's value is taken from the yoy column
NOTE_FROM_YOY = "取同比增速"
_VALUE_PROBLEMS = {
    BAD: ("数值不是数字", "只填数字（可带千分位逗号，如 3,600.5）；没有数据请留空"),
    BAD_COMMA: (
        "数值中的逗号不是千分位分隔符",
        "千分位逗号每三位一个（如 1,234.5）；小数点请用“.”，不要用逗号",
    ),
    NAN: ("数值为 NaN（不是数字）", "没有数据请留空，不要填 NaN"),
    INF: ("数值为无穷大或超出范围", "请填写实际数值（检查是否多写了零或指数）；没有数据请留空"),
}
_YOY_PROBLEMS = {
    BAD: ("同比增长不是数字", "写成 -8.7、-8.7%、增长-8.7% 或 下降8.7%；没有请留空"),
    BAD_COMMA: ("同比增长中的逗号不是千分位分隔符", "小数点请用“.”（如 -8.7）"),
    NAN: ("同比增长为 NaN（不是数字）", "没有同比数据请留空，不要填 NaN"),
    INF: ("同比增长为无穷大或超出范围", "请填写实际增速；没有请留空"),
}


class Check:
    """One table's records under validation: the rows flagged bad or ignored, and the problems found."""

    def __init__(self, file: str, lines, probs: Problems):
        import numpy as np

        self.file, self.lines, self.probs = file, lines, probs
        self.bad = np.zeros(len(lines), dtype=bool)
        self.ignored = np.zeros(len(lines), dtype=bool)

    def report(self, mask, column, values, message, hint) -> None:
        """Report the rows of ``mask`` (not the ignored ones); column and message may be per-row arrays."""
        import numpy as np

        rows = np.flatnonzero(mask & ~self.ignored)
        if not len(rows):
            return
        self.bad[rows] = True
        self.probs.add_rows(
            self.file,
            self.lines[rows],
            column[rows] if isinstance(column, np.ndarray) else column,
            values[rows],
            message[rows] if isinstance(message, np.ndarray) else message,
            hint,
        )

    def report_statuses(self, statuses, codes, column, values, table: dict) -> None:
        """Report every row whose distinct text got a status of ``table`` ({status: (message, hint)})."""
        present = set(statuses)
        for status, (message, hint) in table.items():
            if status not in present:
                continue
            self.report(
                take([s == status for s in statuses], codes, False, bool), column, values, message, hint
            )


@dataclass
class Indicators:
    """Per row: the indicator and what the catalog says about it."""

    codes: Any  # factorised indicator texts (-1 = blank)
    res: list  # indicator_id per distinct text (None = unknown)
    units: list  # the catalog unit per distinct text ('' = unknown)
    ids: Any
    known: Any
    is_level: Any
    neg_ok: Any
    growth: Any
    unit: Any  # the catalog unit
    pos: Any  # position in the catalog (-1 = unknown)
    additive: Any


def _indicator_messages(names, res, idx: CatalogIndex, bureau: bool):
    """Per distinct name: (unknown message, untracked flag, milestone message); res is updated in place."""
    unknown: list[str | None] = [None] * len(res)
    untracked = [False] * len(res)
    milestone: list[str | None] = [None] * len(res)
    for k, (name, iid) in enumerate(zip(names, res, strict=True)):
        if iid is None and bureau:
            # the bureau's table lists many indicators the catalog does not track; a near miss is a typo
            sug = idx.near_miss(str(name))
            if sug is None:
                untracked[k] = True
            else:
                unknown[k] = f"未知指标“{str(name).strip()}”，您是否指“{sug}”？"
        elif iid is None:
            sug = idx.suggestion(str(name))
            unknown[k] = f"未知指标“{str(name).strip()}”" + (f"，您是否指“{sug}”？" if sug else "")
        elif idx.kind.get(iid) == "milestone":
            milestone[k] = f"“{idx.name[iid]}”是里程碑事项，不是数值指标"
            res[k] = None
    return unknown, untracked, milestone


def check_indicators(chk: Check, r: Records, idx: CatalogIndex) -> Indicators:
    """Each distinct indicator text looked up once: unknown (closest name suggested), blank, milestone."""
    import numpy as np

    raw, column = r.rec["indicator"], r.cols["indicator"]
    codes, names, res = map_unique(raw, idx.resolve)
    unknown, untracked, milestone = _indicator_messages(names, res, idx, r.layout == "bureau")
    if any(untracked):
        chk.ignored[:] = take(untracked, codes, False, bool)
    chk.report(codes == -1, column, raw, "指标为空", "填写指标名称（如“原煤产量”）或指标编号")
    if any(m is not None for m in unknown):
        mask, msg = per_code(codes, unknown)
        chk.report(mask, column, raw, msg, "请使用目标目录中的指标名称、编号或别名")
    if any(m is not None for m in milestone):
        mask, msg = per_code(codes, milestone)
        chk.report(mask, column, raw, msg, "里程碑请填在里程碑表（列：里程碑、状态、日期、备注）")

    def per_row(values, missing=False, dtype=bool):
        return take(values, codes, missing, dtype)

    return Indicators(
        codes=codes,
        res=res,
        units=[idx.unit.get(x, "") if x else "" for x in res],
        ids=take(res, codes),
        known=per_row([x is not None for x in res]),
        is_level=per_row([idx.basis.get(x) == "level" for x in res]),
        neg_ok=per_row([idx.kind.get(x) in NEGATIVE_OK_KINDS for x in res]),
        growth=per_row([idx.kind.get(x) == "growth" for x in res]),
        unit=per_row([idx.unit.get(x, "") if x else "" for x in res], "", object),
        pos=np.array([idx.pos.get(x, -1) if x else -1 for x in res] + [-1], dtype=np.int64)[codes],
        # year-to-date sums of monthly values: only for quantities that add up (not rates, ratios or levels)
        additive=per_row([idx.is_additive(x) for x in res]),
    )


@dataclass
class Periods:
    """Per row: the period's last month and its shape."""

    end: Any  # 'YYYY-MM' or None
    yyyymm: Any  # int (0 = unreadable)
    ok: Any
    from_jan: Any  # a span starting in January (a ytd value)
    single: Any  # one month


def check_periods(chk: Check, r: Records, year: int) -> Periods:
    """Each distinct period text parsed once (periods.parse_period): blank, unreadable, another year."""
    import numpy as np

    raw, column = r.rec["period"], r.cols["period"]

    def parse(text):
        try:
            return parse_period(text, year)
        except PeriodError:
            return None

    codes, _, res = map_unique(raw, parse)
    hint = f"可用的写法：{accepted_forms(year)}"
    chk.report(codes == -1, column, raw, "时期为空", hint)
    chk.report(take([p is None for p in res], codes, False, bool), column, raw, "无法识别的时期", hint)
    other = take([p is not None and p.year != year for p in res], codes, False, bool)
    chk.report(
        other,
        column,
        raw,
        f"时期不在目标年份{year}年内",
        f"只填报{year}年的数据；其他年份的数据请另存一个文件，加载时指定 year",
    )
    return Periods(
        end=take([p.end_month if p else None for p in res], codes),
        yyyymm=np.array([int(p.end_month.replace("-", "")) if p else 0 for p in res] + [0], dtype=np.int64)[
            codes
        ],
        ok=take([p is not None for p in res], codes, False, bool),
        from_jan=take([bool(p and p.start == 1 and p.end > 1) for p in res], codes, False, bool),
        single=take([bool(p and p.kind == "month") for p in res], codes, False, bool),
    )


def check_basis(chk: Check, r: Records, ind: Indicators, per: Periods):
    """The basis code per row: as written, implied by the period (1-3月 → ytd, 3月 → month), or the catalog's
    (levels); a basis that contradicts the period or the indicator is a problem."""
    import numpy as np

    raw, column, period_col = r.rec["basis"], r.cols.get("basis", "口径"), r.cols["period"]
    codes, _, res = map_unique(raw, lambda t: BASIS_KEYS.get(hkey(t)))
    chk.report(
        take([b is None for b in res], codes, False, bool),
        column,
        raw,
        "无法识别的口径",
        "口径填“当月”“累计”或“时点”（month/ytd/level）",
    )
    written = np.array([BASIS_CODE.get(b, -1) for b in res] + [-1], dtype=np.int64)[codes]
    blank = codes == -1
    flow = ind.known & ~ind.is_level
    bcode = np.where(ind.is_level, BASIS_CODE["level"], written)
    bcode = np.where(flow & blank & per.from_jan, BASIS_CODE["ytd"], bcode)
    bcode = np.where(flow & blank & per.single, BASIS_CODE["month"], bcode)
    chk.report(
        flow & blank & per.ok & ~per.from_jan & ~per.single,
        period_col,
        r.rec["period"],
        "时期既不是单月，也不是从1月起的累计",
        "累计值请写成“1-N月”，或按单月填报",
    )
    chk.report(
        flow & (written == BASIS_CODE["month"]) & per.ok & ~per.single,
        column,
        raw,
        "口径“当月”与跨月的时期矛盾",
        "跨月的时期（如1-3月）应填“累计”；当月值请按单月填报",
    )
    chk.report(
        flow & (written == BASIS_CODE["level"]),
        column,
        raw,
        "该指标是累计/流量指标，口径不能是“时点”",
        "口径填“当月”或“累计”",
    )
    return bcode


def _value_column(r: Records):
    return r.rec["value_col"] if "value_col" in r.rec else r.cols["value"]


def check_values(chk: Check, r: Records, ind: Indicators):
    """(number per row, unit per row): plain numbers by pandas, each odd distinct text once through
    cells.parse_number; a unit written after the number ('342.8万元') is the row's unit."""
    import numpy as np

    raw, column = r.rec["value"], _value_column(r)
    num, scodes, _, sres = numbers(raw, parse_number)
    unit = r.rec["unit"]
    infinite = np.isinf(num)  # pandas reads 'inf' and '1e999' in a number column as floats
    if infinite.any():
        chk.report(infinite, column, raw, *_VALUE_PROBLEMS[INF])
        num[infinite] = np.nan
    if sres:
        slow = scodes >= 0
        num[slow] = take([np.nan if x[1] is None else x[1] for x in sres], scodes[slow], np.nan, float)
        chk.report_statuses([x[0] for x in sres], scodes, column, raw, _VALUE_PROBLEMS)
        unit = _suffix_units(chk, r, unit, take([x[2] for x in sres], scodes[slow]), slow)
    chk.report(
        ind.known & (num < 0) & ~ind.neg_ok,
        column,
        raw,
        "数值为负：该指标不可能小于0",
        "检查是否把同比增速填进了数值列；下降请写在“同比增长(%)”列",
    )
    return num, unit


def _suffix_units(chk: Check, r: Records, unit, suffix, slow):
    """The unit column with the units written after numbers filled in; a clash with the unit column is a problem."""
    import numpy as np

    has = np.array([s is not None for s in suffix], dtype=bool)
    if not has.any():
        return unit
    unit = unit.astype(object, copy=True)
    in_col = unit[slow]
    ucol = np.array([unit_key(u) if isinstance(u, str) else "" for u in in_col], dtype=object)
    usuf = np.array([unit_key(u) if u else "" for u in suffix], dtype=object)
    clash = np.zeros(len(unit), dtype=bool)
    clash[slow] = has & (ucol != "") & (ucol != usuf)
    chk.report(
        clash,
        _value_column(r),
        r.rec["value"],
        "数值后写的单位与“单位”列不一致",
        "只在“单位”列写单位，数值列只写数字",
    )
    in_col[has] = suffix[has]
    unit[slow] = in_col
    return unit


def check_yoy(chk: Check, r: Records):
    """The year-on-year growth per row (%), from numbers or texts such as '增长-8.7%' / '下降8.7%'."""
    import numpy as np

    raw = r.rec["yoy_pct"]
    column = r.rec["yoy_col"] if "yoy_col" in r.rec else r.cols["yoy_pct"]
    yoy, codes, _, res = numbers(raw, parse_rate)
    infinite = np.isinf(yoy)
    if infinite.any():
        chk.report(infinite, column, raw, *_YOY_PROBLEMS[INF])
        yoy[infinite] = np.nan
    if res:
        slow = codes >= 0
        yoy[slow] = take([np.nan if x[1] is None else x[1] for x in res], codes[slow], np.nan, float)
        chk.report_statuses([x[0] for x in res], codes, column, raw, _YOY_PROBLEMS)
    return yoy


def _unit_factor(raw: str, target: str) -> float | str:
    """The factor from ``raw`` to ``target``, or the problem message when they cannot be converted."""
    if unit_key(raw) == unit_key(target):
        return 1.0

    try:
        return float(units.factor(unit_key(raw), target))
    except UnitError:
        return f"单位“{raw}”无法换算为目标单位“{target}”"


def convert_units(chk: Check, r: Records, ind: Indicators, num, unit, yoy):
    """(value in the catalog unit, from_yoy flag): one factor per distinct (written unit, catalog unit) pair.

    A growth indicator given as an amount (规模以上工业增加值 万元) with its yoy takes the yoy as its value.
    """
    import numpy as np
    import pandas as pd

    n = len(num)
    from_yoy = np.zeros(n, dtype=bool)
    if not ind.known.any():
        return num.copy(), from_yoy
    # code -1: a blank unit cell, read as the catalog unit (factor 1)
    ucodes, uniq = factorize(unit)
    width = len(ind.res) + 1
    pair = ucodes.astype(np.int64) * width + ind.codes.astype(np.int64)
    pair[~ind.known | (ucodes < 0)] = -1
    pinv, pcode = pd.factorize(pair)
    fres = [
        1.0 if key < 0 else _unit_factor(str(uniq[key // width]), ind.units[key % width]) for key in pcode
    ]
    failed = [f if isinstance(f, str) else None for f in fres]
    if any(m is not None for m in failed):
        mask, msg = per_code(pinv, failed)
        from_yoy = mask & ind.growth & ~np.isnan(yoy)
        chk.report(
            mask & ~from_yoy,
            r.cols.get("unit", "单位"),
            unit,
            msg,
            "请改用目标目录的单位，或可换算的单位（如 吨→万吨、公顷→万亩、吨→万斤）",
        )
    factor = np.array([f if isinstance(f, float) else np.nan for f in fres], dtype=float)[pinv]
    with np.errstate(over="ignore", invalid="ignore"):
        value = num * factor
    value[from_yoy] = yoy[from_yoy]
    return value, from_yoy


def check_magnitude(chk: Check, r: Records, value) -> None:
    """Values so large that adding them up (months into a year) would overflow are problems."""
    import numpy as np

    with np.errstate(invalid="ignore"):
        huge = np.abs(value) > MAX_ABS_VALUE  # NaN compares False; an infinity from the conversion True
    chk.report(
        huge,
        _value_column(r),
        r.rec["value"],
        "数值过大：与其他值相加会溢出",
        "请检查数值和单位（是否多写了零或指数）",
    )


def check_release_dates(chk: Check, r: Records, year: int):
    """The release date per row as a day number (0 = none given); an unreadable date is a problem."""
    import numpy as np

    raw = r.rec["release_date"]
    if raw is None:  # no 发布日期 column
        return np.zeros(len(r.rec["line"]), dtype=np.int64)
    codes, _, res = map_unique(raw, parse_date)
    chk.report(
        take([d is None for d in res], codes, False, bool),
        r.cols.get("release_date", "发布日期"),
        raw,
        "无法识别的发布日期",
        date_hint(year, 4, 15) + "；不知道请留空",
    )
    days = [d.toordinal() if d is not None and d == d else 0 for d in res]
    return np.array([*days, 0], dtype=np.int64)[codes]


def _notes(note, from_yoy):
    import numpy as np

    if not from_yoy.any():
        return note
    note = np.array(note, dtype=object, copy=True)
    note[from_yoy] = [
        NOTE_FROM_YOY if o is None or o != o or not str(o).strip() else f"{o}；{NOTE_FROM_YOY}"
        for o in note[from_yoy]
    ]
    return note


def validate(r: Records, file: str, file_no: int, ctx: Context, probs: Problems) -> dict[str, Any]:
    """Interpret and check each record; returns the records as arrays with computed columns and flags."""
    import numpy as np

    lines = r.rec["line"]
    chk = Check(file, lines, probs)
    ind = check_indicators(chk, r, ctx.index)
    per = check_periods(chk, r, ctx.year)
    bcode = check_basis(chk, r, ind, per)
    num, raw_unit = check_values(chk, r, ind)
    yoy = check_yoy(chk, r)
    value, from_yoy = convert_units(chk, r, ind, num, raw_unit, yoy)
    check_magnitude(chk, r, value)
    released = check_release_dates(chk, r, ctx.year)
    return {
        "indicator_id": ind.ids,
        "period": per.end,
        "bcode": bcode,
        "value": value,
        "unit": np.where(ind.known, ind.unit, None),
        "raw_value": num,
        "raw_unit": raw_unit,
        "yoy_pct": yoy,
        "source": r.rec["source"],
        "note": _notes(r.rec["note"], from_yoy),
        "file": file,
        "line": lines,
        "bad": chk.bad,
        "ignored": chk.ignored,
        "raw_indicator": r.rec["indicator"],
        "value_col": _value_column(r),
        "raw_text": r.rec["value"],
        "additive": ind.additive,
        "released": released,
        "yyyymm": per.yyyymm,
        # one integer per (indicator, period, basis) and per (file, line), for fast grouping
        "key": ind.pos * KEY_INDICATOR + per.yyyymm * 10 + bcode,
        "rid": file_no * LINE_SPACE + lines,
    }
