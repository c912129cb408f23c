"""Tables → records, one value each: the long table (one row per value) and the bureau's monthly table
(one row per indicator, a 本月 and a 1-本月 value group, each with its own 同比增长(%)).

Records are plain arrays ``indicator, period, value, unit, basis, yoy_pct, source, note, release_date, line``
(bureau tables also ``value_col, yoy_col``). No intermediate DataFrame: pandas would copy every object
column of a 10^6-row file each time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..core.exceptions import PeriodError, Problem
from ..core.periods import normalize_text, parse_period
from .cells import parse_number, parse_rate
from .context import Context
from .headers import bureau_fields, is_bureau, long_fields
from .problems import FileProblem
from .read import Table
from .schema import LONG_LABELS
from .vector import has_number, map_unique, take

# reasons recorded in attrs['ignored'] of the frame load_actuals returns
IGNORED_HEADING = "没有数值的标题或注释行"
IGNORED_UNTRACKED = "目录中没有此指标（未跟踪）"
# the period as problems name it when it comes from a title row, sheet name or file name
TITLE_PERIOD = "标题/文件名中的时期"
# where a table's own period may be written, as problems name the place
TITLE_PLACE, SHEET_PLACE, FILE_PLACE = "标题", "工作表名", "文件名"
_PERIOD_IN_TEXT = [
    re.compile(r"\d{4}年\d{1,2}月?-\d{1,2}月(?:份)?"),
    re.compile(r"\d{4}年(?:[上下]半年|前[一二两三]季度|第?[一二三四1-4]季度|全年)"),
    re.compile(r"\d{4}年\d{1,2}月(?:份)?"),
    re.compile(r"\d{4}-?q[1-4]"),
    re.compile(r"(?<!\d)\d{4}[-.]\d{1,2}(?!\d)"),
    re.compile(r"(?<!\d)\d{1,2}月?-\d{1,2}月(?:份)?"),
    re.compile(r"(?<!\d)\d{1,2}月(?:份)?"),
]
_RECORD_COLUMNS = (
    "indicator",
    "period",
    "value",
    "unit",
    "basis",
    "yoy_pct",
    "source",
    "note",
    "release_date",
)


@dataclass
class Records:
    """The records of one table, the header text of each field (for problems), and the lines ignored."""

    rec: dict[str, Any]
    cols: dict[str, str]
    layout: str  # 'long' or 'bureau'
    title: str | None = None  # the table's own period (title row, sheet or file name), if any
    ignored: list[dict[str, Any]] = field(default_factory=list)
    units_given: bool = False  # the table has a unit column (a blank cell there is not the catalog's unit)


def period_places(table: Table) -> list[tuple[str, str]]:
    """(place, period text) of each place that names a period: the title rows (or the header: 某县… |
    YYYY年1-3月 over 本月 | 1-本月), the sheet name, the file name — in that order."""
    header = [t for labels in table.header.labels for t in labels]
    places = [(TITLE_PLACE, [*table.above, *header]), (SHEET_PLACE, [table.sheet] if table.sheet else [])]
    places.append((FILE_PLACE, [table.path.stem]))
    out = []
    for place, texts in places:
        for text in texts:
            s = normalize_text(text)
            m = next((m for pattern in _PERIOD_IN_TEXT if (m := pattern.search(s))), None)
            if m:
                out.append((place, m.group(0)))
                break
    return out


def title_period(table: Table) -> str | None:
    """The period named in the title rows (or the header), else the sheet name, else the file name."""
    places = period_places(table)
    return places[0][1] if places else None


def check_period_places(table: Table, ctx: Context) -> None:
    """Raise FileProblem when the title, the sheet name and the file name name different periods (their last
    months differ): title and sheet must agree; the table's own period and the file name's must agree too,
    except in a workbook of several tables, whose file name may name their whole span (a later month)."""
    ends = []
    for place, text in period_places(table):
        try:
            ends.append((place, text, parse_period(text, ctx.year).end_month))
        except PeriodError:
            continue
    found = dict((p, (t, e)) for p, t, e in reversed(ends))
    own = next((p for p in (TITLE_PLACE, SHEET_PLACE) if p in found), None)
    pairs = [(TITLE_PLACE, SHEET_PLACE, False), (own, FILE_PLACE, table.siblings > 1)]
    for a, b, may_be_later in pairs:
        if a not in found or b not in found:
            continue
        (ta, ea), (tb, eb) = found[a], found[b]
        if ea != eb and not (may_be_later and eb > ea):
            raise FileProblem(
                Problem.of("periods_disagree", table.file, first_place=a, first=ta, second_place=b, second=tb)
            )


def records(table: Table, ctx: Context) -> Records:
    """The records of a table in either layout (raises FileProblem when the table cannot be read)."""
    check_period_places(table, ctx)
    if is_bureau(table.header):
        return bureau_records(table, ctx)
    return long_records(table)


def long_records(table: Table) -> Records:
    """A long table: one value per row; a missing 时期 column may come from the title or file name."""
    import numpy as np

    where = long_fields(table.file, table.header_line, table.header)
    title = title_period(table)
    missing = [c for c in ("indicator", "period", "value") if c not in where]
    if missing == ["period"] and title is not None:
        missing = []
    if missing:
        raise FileProblem(
            Problem.of(
                "columns_missing",
                table.file,
                table.header_line,
                missing="、".join(LONG_LABELS[c] for c in missing),
                existing="、".join(h for h in table.texts if h),
            )
        )
    d, n = table.data, len(table.data)
    blank = np.full(n, None, dtype=object)
    rec = {c: d[where[c]].to_numpy() if c in where else blank for c in _RECORD_COLUMNS}
    cols = {c: table.texts[where[c]] if c in where else c for c in _RECORD_COLUMNS}
    if "period" not in where:
        rec["period"] = np.full(n, title, dtype=object)
        cols["period"] = TITLE_PERIOD
    if "release_date" not in where:
        rec["release_date"] = None  # validate.check_release_dates: no column, no release dates
    rec["line"] = d["line"].to_numpy(dtype=np.int64)
    return Records(rec, cols, "long", title, units_given="unit" in where)


def _bureau_period(table: Table, ctx: Context) -> tuple[str, str]:
    """(the period text, its last month 'YYYY-MM') of a bureau table, from its title or file name."""
    example = f"{ctx.year}年1-3月"
    period = title_period(table)
    if period is None:
        raise FileProblem(
            Problem.of("title_period_missing", table.file, example=example, region=ctx.plan.region)
        )
    try:
        return period, parse_period(period, ctx.year).end_month
    except PeriodError as exc:
        raise FileProblem(
            Problem.of(
                "title_period_unreadable",
                table.file,
                None,
                None,
                period,
                reason=str(exc),
                example=example,
                region=ctx.plan.region,
            )
        ) from exc


def _headings(table: Table, where: dict[str, int], ctx: Context):
    """Boolean array: headings (一、工业) and notes (注：…): no number anywhere, not a catalog indicator."""
    import numpy as np

    d = table.data
    numeric = np.zeros(len(d), dtype=bool)
    for name in ("month", "ytd", "month_yoy", "ytd_yoy"):
        if name in where:
            parse = parse_rate if name.endswith("yoy") else parse_number
            numeric |= has_number(d[where[name]].to_numpy(), parse)
    codes, _, found = map_unique(d[where["indicator"]].to_numpy(), ctx.index.resolve)
    return ~numeric & ~take([r is not None for r in found], codes, False, bool)


def _ignored_lines(table: Table, rows) -> list[dict[str, Any]]:
    d = table.data
    cells = d.loc[rows, [c for c in d.columns if c != "line"]]
    out = []
    for line, row in zip(d.loc[rows, "line"], cells.itertuples(index=False), strict=True):
        text = " ".join(str(c).strip() for c in row if c is not None and c == c and str(c).strip())
        out.append({"file": table.file, "line": int(line), "text": text, "reason": IGNORED_HEADING})
    return out


def bureau_records(table: Table, ctx: Context) -> Records:
    """The bureau's monthly table: a month record for each row with a 本月 value, a ytd record for each row
    with a 1-本月 value (or with neither: a missing value); headings and notes are ignored."""
    import pandas as pd

    where = bureau_fields(table.file, table.header_line, table.header)
    missing = [
        name
        for name, alts in (("指标", ("indicator",)), ("本月或1-本月(累计)", ("month", "ytd")))
        if not set(alts) & set(where)
    ]
    if missing:
        raise FileProblem(
            Problem.of(
                "columns_missing",
                table.file,
                table.header_line,
                missing="、".join(missing),
                existing="、".join(h for h in table.texts if h),
            )
        )
    period, end_month = _bureau_period(table, ctx)
    heading = _headings(table, where, ctx)
    ignored = _ignored_lines(table, heading) if heading.any() else []
    d = table.data[~heading] if heading.any() else table.data
    none = pd.Series(False, index=d.index)
    has_month = d[where["month"]].notna() if "month" in where else none
    has_ytd = d[where["ytd"]].notna() if "ytd" in where else none
    parts = []
    for basis, mask in (("month", has_month), ("ytd", has_ytd | ~has_month)):
        if basis in where:
            parts.append(
                _bureau_part(table, d[mask], where, basis, end_month if basis == "month" else period)
            )
    df = pd.concat(parts).sort_values("line", kind="stable")
    rec = {c: df[c].to_numpy(dtype=object) for c in df.columns if c != "line"}
    for c in ("value", "yoy_pct"):  # numbers stay numbers (as the CSV parser left them)
        rec[c] = df[c].to_numpy()
    rec["release_date"] = None  # a bureau table is one release (its own period)
    rec["line"] = df["line"].to_numpy(dtype="int64")
    texts = table.texts
    cols = {"indicator": texts[where["indicator"]], "period": TITLE_PERIOD, "basis": "口径"}
    cols["unit"] = texts[where["unit"]] if "unit" in where else "单位"
    return Records(rec, cols, "bureau", period, ignored, units_given="unit" in where)


def _bureau_part(table: Table, sub, where: dict[str, int], basis: str, period: str):
    """The records of one value group (本月 or 1-本月) as a frame."""
    import pandas as pd

    yoy = where.get(f"{basis}_yoy")
    return pd.DataFrame(
        {
            "indicator": sub[where["indicator"]],
            "period": period,
            "value": sub[where[basis]],
            "unit": sub[where["unit"]] if "unit" in where else None,
            "basis": basis,
            "yoy_pct": sub[yoy] if yoy is not None else None,
            "source": None,
            "note": None,
            "line": sub["line"],
            "value_col": table.texts[where[basis]],
            "yoy_col": table.texts[yoy] if yoy is not None else "同比增长(%)",
        }
    )
