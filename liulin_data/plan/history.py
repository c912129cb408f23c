"""Published Liulin County figures (2022, 2024 H1): dated, sourced history for context and baselines.

These are never actuals of the plan's year and are never mixed into them. The shipped plan's ``history.csv`` was
built from the team's reference notes (``historical_figures.md``) with :func:`read_history_markdown`; the tests
check the two agree. Another plan may ship its own ``history.csv`` (optional).
"""

from __future__ import annotations

import calendar
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.exceptions import CatalogError, PeriodError, Problem
from ..files import FileProblem, read_plain
from .folder import Plan

if TYPE_CHECKING:  # pandas is imported inside the functions: `import liulin_data` stays light
    import pandas as pd

HISTORY_FILE = "history.csv"  # in the plan folder (optional)
# columns of history.csv and of the frame load_history returns, in order
HISTORY_COLUMNS = (
    "indicator", "indicator_id", "value", "unit", "period_label", "period_start", "period_end",
    "yoy_pct", "note", "source", "grade",
)  # fmt: skip
# the md's indicator (as written) -> catalog or context indicator_id, where the quantity is the same
INDICATOR_IDS = {
    "地区生产总值 GDP": "gdp",
    "规上工业增加值": "industrial_value_added_growth",
    "原煤产量": "raw_coal_output",
    "精煤产量": "clean_coal_output",
    "发电量": "power_generation",
    "一般公共预算收入": "general_budget_revenue",
    "城镇居民人均可支配收入": "urban_disposable_income",
    "农村居民人均可支配收入": "rural_disposable_income",
}
_PERIOD = re.compile(r"^(?P<year>\d{4})(?:\s+(?P<m1>\d{1,2})\s*[-—–]\s*(?P<m2>\d{1,2})月)?")
_YOY = re.compile(r"^(?P<pct>[+-]?\d+(?:\.\d+)?)%\s*(?:\((?P<note>.*)\))?$")


def _period_bounds(label: str) -> tuple[str, str]:
    """'2024 1-6月 (上半年)' → ('2024-01-01', '2024-06-30'); '2022' → the whole year."""
    m = _PERIOD.match(label.strip())
    if not m:
        raise PeriodError(f"无法识别的时期 / unreadable period: {label!r}")
    year = int(m["year"])
    first, last = (int(m["m1"]), int(m["m2"])) if m["m1"] else (1, 12)
    day = calendar.monthrange(year, last)[1]
    return f"{year}-{first:02d}-01", f"{year}-{last:02d}-{day:02d}"


def read_history_markdown(path) -> pd.DataFrame:
    """Parse the table of ``historical_figures.md`` into the tidy frame :func:`load_history` returns.

    ``source`` = "same" is replaced by the source of the row above; the year-on-year cell ``-8.7% (Q1 -10.8%)``
    becomes ``yoy_pct`` -8.7 and ``note`` 'Q1 -10.8%'; a value of '-' becomes NaN.
    """
    import pandas as pd

    rows, source = [], ""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if (
            not line.startswith("|")
            or len(cells) != 7
            or cells[0] == "indicator"
            or set(cells[0]) <= set("-: ")
        ):
            continue
        indicator, value, unit, period, yoy, src, grade = cells
        source = source if src == "same" else src
        m = _YOY.match(yoy)
        if not m:
            raise ValueError(f"{path}: 无法识别的同比 / unreadable year-on-year {yoy!r} ({indicator})")
        start, end = _period_bounds(period)
        rows.append(
            {
                "indicator": indicator,
                "indicator_id": INDICATOR_IDS.get(indicator, ""),
                "value": float("nan") if value == "-" else float(value),
                "unit": unit,
                "period_label": period,
                "period_start": start,
                "period_end": end,
                "yoy_pct": float(m["pct"]),
                "note": m["note"] or "",
                "source": source,
                "grade": grade,
            }
        )
    return pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))


def load_history(plan: Plan) -> pd.DataFrame:
    """Return the published county figures, one row per figure.

    Returns
    -------
    pandas.DataFrame
        ============== ===============================================================
        indicator      name as published (e.g. 原煤产量 (县属企业))
        indicator_id   catalog/context id when it is the same quantity, else ''
        value          float, NaN where only the growth rate was published
        unit           as published (万元, 万吨, 亿元 …; '' when no value)
        period_label   the period as written ('2024 1-6月 (上半年)', '2022')
        period_start   datetime64, first day of the period
        period_end     datetime64, last day of the period
        yoy_pct        float, year-on-year change in % (-8.7 is a fall)
        note           extra text of the growth cell (e.g. 'Q1 -10.8%')
        source         where it was published
        grade          A (the government's own site) or B (a republication of an official text)
        ============== ===============================================================
    """
    import pandas as pd

    path = plan.path(HISTORY_FILE)
    if not path.exists():
        return pd.DataFrame(columns=list(HISTORY_COLUMNS))
    try:
        table = read_plain(path, HISTORY_FILE)
    except FileProblem as fp:
        raise CatalogError(fp.problems, f"已公布数据文件 {HISTORY_FILE} 无法读取") from None
    missing = [c for c in HISTORY_COLUMNS if c not in table.header]
    problems = list(table.problems)
    if missing:
        expected = ",".join(HISTORY_COLUMNS)
        problems.append(
            Problem.of("table_columns", HISTORY_FILE, 1, missing="、".join(missing), expected=expected)
        )
        raise CatalogError(problems, f"已公布数据文件 {HISTORY_FILE} 有误")
    df = pd.DataFrame(table.dicts(), columns=list(table.header))[list(HISTORY_COLUMNS)]
    problems += _typed(df, table.lines)
    if problems:
        raise CatalogError(problems, f"已公布数据文件 {HISTORY_FILE} 有误")
    return df


def _typed(df: pd.DataFrame, lines: list[int]) -> list[Problem]:
    """Numbers and dates of the history frame converted in place; a cell that is neither is a problem."""
    import pandas as pd

    problems = []
    for col in ("value", "yoy_pct"):
        num = pd.to_numeric(df[col].replace("", None), errors="coerce")
        for k in df.index[num.isna() & (df[col] != "")]:
            problems.append(Problem.of("history_value", HISTORY_FILE, lines[k], col, df.at[k, col], name=col))
        df[col] = num.astype(float)
    for col in ("period_start", "period_end"):
        dates = pd.to_datetime(df[col], format="%Y-%m-%d", errors="coerce")
        for k in df.index[dates.isna()]:
            problems.append(Problem.of("history_date", HISTORY_FILE, lines[k], col, df.at[k, col]))
        df[col] = dates
    return problems
