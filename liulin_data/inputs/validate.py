"""Per-record validation: each step interprets one column and adds the problems it finds.

Steps, in order: indicator → period → basis → value → yoy → unit conversion → magnitude → plausibility →
release date. Each distinct indicator, period, basis, unit and odd value text is interpreted once; the
results are mapped back onto the rows with integer codes (no per-row Python on the hot path). A row with any
error is flagged ``bad``; a warning (a value far from the target, a 口径 that contradicts the row's measure)
keeps the row; rows of indicators a bureau table lists but the catalog does not track are ``ignored``.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from typing import Any

from ..core import units
from ..core.exceptions import WARNING, PeriodError, Problem, UnitError
from ..core.periods import accepted_forms, parse_period
from ..files.limits import MAX_PROBLEMS_PER_FILE
from .cells import BAD, BAD_COMMA, INF, NAN, fmt, parse_date, parse_number, parse_rate, unit_key
from .context import MEASURE_LABELS, CatalogIndex, Context
from .layouts import Records
from .problems import NOT_LISTED, Problems
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
# a value above this share of its row's annual target, or a cumulative or level below the small one (a month
# below it against a twelfth of the target), is a warning: a unit slip (吨 for 万吨) or a stock read as 新增
IMPLAUSIBLE_HIGH, IMPLAUSIBLE_LOW = 2.0, 0.001
# rows of one check kept as problems (then counted): at most MAX_PROBLEMS_PER_FILE are listed per file, and a
# bureau line gives two records
COLLECTED_PER_STEP = 2 * MAX_PROBLEMS_PER_FILE
# catalog comparators whose target a value is expected to approach (not caps)
_TOWARDS_TARGET = {">=", "==", "between"}
_VALUE_PROBLEMS = {
    BAD: "value_not_number",
    BAD_COMMA: "value_bad_comma",
    NAN: "value_nan",
    INF: "value_infinite",
}
_YOY_PROBLEMS = {BAD: "yoy_not_number", BAD_COMMA: "yoy_bad_comma", NAN: "yoy_nan", INF: "yoy_infinite"}
_BASIS_WORDS = {0: "当月", 1: "累计"}


class Check:
    """One table's records under validation: the rows flagged bad or ignored, and the problems found."""

    def __init__(self, file: str, lines, probs: Problems):
        import numpy as np

        self.file, self.lines, self.probs = file, lines, probs
        self.bad = np.zeros(len(lines), dtype=bool)
        self.ignored = np.zeros(len(lines), dtype=bool)

    def report(self, mask, column, values, code: str, fields=None, *, warn: bool = False) -> None:
        """Report problem ``code`` on the rows of ``mask`` (not the ignored ones) and flag them bad (a warning,
        ``warn``, leaves them good); ``column`` may be a per-row array, ``fields`` a dict or a per-row array of
        dicts."""
        import numpy as np

        rows = np.flatnonzero(mask & ~self.ignored)
        if not len(rows):
            return
        if not warn:
            self.bad[rows] = True
        if len(rows) > COLLECTED_PER_STEP:  # rows are in line order: the first ones are all that is listed
            rest = rows[COLLECTED_PER_STEP:]
            rows = rows[:COLLECTED_PER_STEP]
            lines = self.lines[rest]  # in order: a bureau line gives two records, reported once
            count = int(np.count_nonzero(lines[1:] != lines[:-1])) + 1
            severity = WARNING if warn else ""
            self.probs.add(
                Problem.of(NOT_LISTED, self.file, count=count, limit=MAX_PROBLEMS_PER_FILE, severity=severity)
            )
        self.probs.add_rows(
            self.file,
            self.lines[rows],
            column[rows] if isinstance(column, np.ndarray) else column,
            values[rows],
            code,
            fields[rows] if isinstance(fields, np.ndarray) else fields,
            WARNING if warn else "",
        )

    def report_statuses(self, statuses, codes, column, values, table: dict) -> None:
        """Report every row whose distinct text got a status of ``table`` ({status: problem code})."""
        present = set(statuses)
        for status, code in table.items():
            if status not in present:
                continue
            self.report(take([s == status for s in statuses], codes, False, bool), column, values, code)


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
    measure: Any  # flow, level, rate, growth, event, milestone ('' = unknown)
    target: Any  # the target a value approaches (NaN: none, or not checked)


def _indicator_problems(names, res, idx: CatalogIndex, bureau: bool):
    """Per distinct name: the fields of an unknown, milestone or other-statistic problem (None = fine), the
    untracked flag, and the other statistics a bureau table lists (warnings); ``res`` is updated in place."""
    n = len(res)
    unknown: list[dict | None] = [None] * n
    untracked = [False] * n
    milestone: list[dict | None] = [None] * n
    other: list[dict | None] = [None] * n
    for k, (name, iid) in enumerate(zip(names, res, strict=True)):
        text = str(name).strip()
        found = idx.other_statistic(text)
        if found is not None:  # another statistic, alias or not: never that row's value
            other[k] = {"name": text, "statistic": found[1].label, "indicator": idx.name[found[0]]}
            res[k] = None
            untracked[k] = bureau  # a bureau table lists it among others: ignored, with a warning
        elif iid is None and bureau:
            # the bureau's table lists many indicators the catalog does not track; a near miss is a typo
            sug = idx.near_miss(text)
            if sug is None:
                untracked[k] = True
            else:
                unknown[k] = {"name": text, "suggestion": sug}
        elif iid is None:
            unknown[k] = {"name": text, "suggestion": idx.suggestion(text)}
        elif idx.kind.get(iid) == "milestone":
            milestone[k] = {"indicator": idx.name[iid]}
            res[k] = None
    return unknown, untracked, milestone, other


def check_indicators(chk: Check, r: Records, idx: CatalogIndex) -> Indicators:
    """Each distinct indicator text looked up once: unknown (closest name suggested), blank, milestone,
    another statistic than the row's (存栏 for 林麝养殖)."""
    import numpy as np

    raw, column = r.rec["indicator"], r.cols["indicator"]
    codes, names, res = map_unique(raw, idx.resolve)
    unknown, untracked, milestone, other = _indicator_problems(names, res, idx, r.layout == "bureau")
    chk.report(codes == -1, column, raw, "indicator_blank")
    for code, found in (("unknown_indicator", unknown), ("milestone_in_actuals", milestone)):
        if any(f is not None for f in found):
            mask, fields = per_code(codes, found)
            chk.report(mask, column, raw, code, fields)
    if any(f is not None for f in other):
        mask, fields = per_code(codes, other)
        if r.layout == "bureau":  # ignored lines: a warning, reported before they are set aside
            chk.report(mask, column, raw, "other_statistic", fields, warn=True)
        else:
            chk.report(mask, column, raw, "other_statistic", fields)
    if any(untracked):
        chk.ignored[:] = take(untracked, codes, False, bool)

    def per_row(values, missing=False, dtype=bool):
        return take(values, codes, missing, dtype)

    measure = [idx.measure.get(x, "") if x else "" for x in res]
    return Indicators(
        codes=codes,
        res=res,
        units=[idx.unit.get(x, "") if x else "" for x in res],
        ids=take(res, codes),
        known=per_row([x is not None for x in res]),
        is_level=per_row([m in ("level", "rate") for m in measure]),
        neg_ok=per_row([idx.kind.get(x) in NEGATIVE_OK_KINDS for x in res]),
        growth=per_row([idx.kind.get(x) == "growth" for x in res]),
        unit=per_row([idx.unit.get(x, "") if x else "" for x in res], "", object),
        pos=np.array([idx.pos.get(x, -1) if x else -1 for x in res] + [-1], dtype=np.int64)[codes],
        # year-to-date sums of monthly values: only for quantities that add up (not rates, ratios or levels)
        additive=per_row([idx.is_additive(x) for x in res]),
        measure=per_row(measure, "", object),
        target=per_row([_towards(idx, x) for x in res], np.nan, float),
    )


def _towards(idx: CatalogIndex, iid: str | None) -> float:
    """The target a value of the row is expected to approach (flows and levels at least, about or between a
    target), else NaN: no plausibility check for rates, growth, caps and rows without a target."""
    if iid is None or idx.measure.get(iid) not in ("flow", "level"):
        return float("nan")
    target = idx.target.get(iid, float("nan"))
    ok = idx.comparator.get(iid) in _TOWARDS_TARGET and target == target and target > 0
    return float(target) if ok else float("nan")


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
    forms = {"forms": accepted_forms(year)}
    chk.report(codes == -1, column, raw, "period_blank", forms)
    chk.report(take([p is None for p in res], codes, False, bool), column, raw, "period_unreadable", forms)
    other = take([p is not None and p.year != year for p in res], codes, False, bool)
    chk.report(other, column, raw, "period_out_of_year", {"year": year})
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
    chk.report(take([b is None for b in res], codes, False, bool), column, raw, "basis_unknown")
    written = np.array([BASIS_CODE.get(b, -1) for b in res] + [-1], dtype=np.int64)[codes]
    blank = codes == -1
    flow = ind.known & ~ind.is_level
    bcode = np.where(ind.is_level, BASIS_CODE["level"], written)
    bcode = np.where(flow & blank & per.from_jan, BASIS_CODE["ytd"], bcode)
    bcode = np.where(flow & blank & per.single, BASIS_CODE["month"], bcode)
    chk.report(
        flow & blank & per.ok & ~per.from_jan & ~per.single, period_col, r.rec["period"], "period_not_span"
    )
    chk.report(
        flow & (written == BASIS_CODE["month"]) & per.ok & ~per.single, column, raw, "basis_month_for_span"
    )
    chk.report(flow & (written == BASIS_CODE["level"]), column, raw, "basis_level_for_flow")
    if r.layout == "long":  # a bureau table's 本月 and 1-本月 are its layout, not a 口径 someone wrote
        _level_basis_warnings(chk, raw, column, ind, written)
    return bcode


def _level_basis_warnings(chk: Check, raw, column, ind: Indicators, written) -> None:
    """A 口径 当月 or 累计 written for a level or a rate (林麝存栏 as 累计): a warning, read as the level."""
    import numpy as np

    contra = ind.is_level & ((written == BASIS_CODE["month"]) | (written == BASIS_CODE["ytd"]))
    if not contra.any():
        return
    fields = np.empty(len(written), dtype=object)
    cache: dict[tuple, dict] = {}
    for k in np.flatnonzero(contra):
        key = (int(written[k]), ind.measure[k])
        fields[k] = cache.setdefault(key, {"basis": _BASIS_WORDS[key[0]], "measure": MEASURE_LABELS[key[1]]})
    chk.report(contra, column, raw, "basis_for_level", fields, warn=True)


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
        chk.report(infinite, column, raw, _VALUE_PROBLEMS[INF])
        num[infinite] = np.nan
    if sres:
        slow = scodes >= 0
        num[slow] = take([np.nan if x[1] is None else x[1] for x in sres], scodes[slow], np.nan, float)
        chk.report_statuses([x[0] for x in sres], scodes, column, raw, _VALUE_PROBLEMS)
        unit = _suffix_units(chk, r, unit, take([x[2] for x in sres], scodes[slow]), slow)
    chk.report(ind.known & (num < 0) & ~ind.neg_ok, column, raw, "value_negative")
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
    chk.report(clash, _value_column(r), r.rec["value"], "unit_suffix_clash")
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
        chk.report(infinite, column, raw, _YOY_PROBLEMS[INF])
        yoy[infinite] = np.nan
    if res:
        slow = codes >= 0
        yoy[slow] = take([np.nan if x[1] is None else x[1] for x in res], codes[slow], np.nan, float)
        chk.report_statuses([x[0] for x in res], codes, column, raw, _YOY_PROBLEMS)
    return yoy


def _unit_factor(raw: str, target: str) -> float | dict:
    """The factor from ``raw`` to ``target``, or the problem's fields when they cannot be converted."""
    if unit_key(raw) == unit_key(target):
        return 1.0

    try:
        return float(units.factor(unit_key(raw), target))
    except UnitError:
        return {"unit": raw, "target_unit": target}


def fill_blank_units(chk: Check, r: Records, ind: Indicators, num, unit):
    """The unit per row with blank cells settled: a table without a unit column is in the catalog's units
    (empty, factor 1); in a unit column that holds one unit throughout, a blank cell is that unit; a blank
    cell beside other units is a problem (3140000 with no unit is not 3,140,000亿元)."""
    import numpy as np
    import pandas as pd

    if not r.units_given or not (pd.isna(unit) & ind.known & ~np.isnan(num)).any():
        return (
            unit  # no unit column, or no blank cell where a value needs one (the common case: no factorising)
        )
    codes, uniques = factorize(unit)  # each distinct unit text looked at once
    keys = [unit_key(u) if isinstance(u, str) else "" for u in uniques]
    blank = take([not k for k in keys], codes, True, bool) & ind.known & ~np.isnan(num)
    if not blank.any():
        return unit
    written = sorted({k for k in keys if k})
    if len(written) == 1:
        unit = unit.astype(object, copy=True)
        unit[blank] = written[0]
        return unit
    if written:
        fields = np.empty(len(unit), dtype=object)
        shown = "、".join(written[:4]) + ("…" if len(written) > 4 else "")
        cache: dict[str, dict] = {}
        for k in np.flatnonzero(blank):
            example = str(ind.unit[k])
            fields[k] = cache.setdefault(example, {"units": shown, "example": example})
        chk.report(blank, r.cols.get("unit", "单位"), unit, "unit_blank", fields)
    return unit


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
    # code -1: a blank unit cell (a table without a unit column): the catalog unit (factor 1)
    ucodes, uniq = factorize(unit)
    width = len(ind.res) + 1
    pair = ucodes.astype(np.int64) * width + ind.codes.astype(np.int64)
    pair[~ind.known | (ucodes < 0)] = -1
    pinv, pcode = pd.factorize(pair)
    fres = [
        1.0 if key < 0 else _unit_factor(str(uniq[key // width]), ind.units[key % width]) for key in pcode
    ]
    failed = [f if isinstance(f, dict) else None for f in fres]
    if any(m is not None for m in failed):
        mask, fields = per_code(pinv, failed)
        from_yoy = mask & ind.growth & ~np.isnan(yoy)
        chk.report(mask & ~from_yoy, r.cols.get("unit", "单位"), unit, "unit_unconvertible", fields)
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
    chk.report(huge, _value_column(r), r.rec["value"], "value_too_large")


def check_plausible(chk: Check, r: Records, ind: Indicators, value, bcode) -> None:
    """A warning for a value far from its row's annual target (flows and levels with a target to reach): above
    IMPLAUSIBLE_HIGH of it, or a cumulative or level below IMPLAUSIBLE_LOW of it (a month: of a twelfth of
    it) — 1765.3 吨 of 原煤 meant as 万吨, a stock of 四上企业 read as 新增. Zero is no slip."""
    import numpy as np

    target = ind.target
    with np.errstate(invalid="ignore", divide="ignore"):
        share = value / target
        month = bcode == BASIS_CODE["month"]
        low = np.where(month, share * 12, share)
        odd = (
            ~chk.bad & ~np.isnan(share) & (value > 0) & ((share > IMPLAUSIBLE_HIGH) | (low < IMPLAUSIBLE_LOW))
        )
    rows = np.flatnonzero(odd)
    if not len(rows):
        return
    fields = np.empty(len(value), dtype=object)
    for k in rows:
        unit = str(ind.unit[k])
        fields[k] = {
            "share": float(share[k]),
            "figure": f"{fmt(value[k])}{unit}",
            "target": fmt(target[k]),
            "unit": unit,
        }
    chk.report(odd, _value_column(r), r.rec["value"], "value_implausible", fields, warn=True)


def _last_day(yyyymm) -> Any:
    """The ordinal of the last day of each month YYYYMM (0 where there is none), in numpy's calendar."""
    import numpy as np

    ok = yyyymm > 0
    months = np.where(ok, (yyyymm // 100 - 1970) * 12 + yyyymm % 100 - 1, 0).astype("datetime64[M]")
    last = (months + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    return np.where(ok, last.astype(np.int64) + dt.date(1970, 1, 1).toordinal(), 0)


def check_release_dates(chk: Check, r: Records, year: int, per: Periods):
    """The release date per row as a day number (0 = none given); an unreadable date, or one before the last
    day of the row's period (figures are not out before their month ends), is a problem."""
    import numpy as np

    raw = r.rec["release_date"]
    if raw is None:  # no 发布日期 column
        return np.zeros(len(r.rec["line"]), dtype=np.int64)
    column = r.cols.get("release_date", "发布日期")
    codes, _, res = map_unique(raw, parse_date)
    chk.report(
        take([d is None for d in res], codes, False, bool),
        column,
        raw,
        "release_date_unreadable",
        {"year": year},
    )
    days = np.array([*[d.toordinal() if d is not None and d == d else 0 for d in res], 0], dtype=np.int64)[
        codes
    ]
    end = _last_day(per.yyyymm)
    early = (days > 0) & (end > 0) & (days < end)
    if early.any():
        fields = np.empty(len(days), dtype=object)
        for k in np.flatnonzero(early):
            fields[k] = {
                "date": dt.date.fromordinal(int(days[k])).isoformat(),
                "end": dt.date.fromordinal(int(end[k])).isoformat(),
            }
        chk.report(early, column, raw, "release_before_period", fields)
    return days


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
    raw_unit = fill_blank_units(chk, r, ind, num, raw_unit)
    value, from_yoy = convert_units(chk, r, ind, num, raw_unit, yoy)
    check_magnitude(chk, r, value)
    check_plausible(chk, r, ind, value, bcode)
    released = check_release_dates(chk, r, ctx.year, per)
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
