"""Checks across rows and files: releases, revisions and duplicates; decreasing cumulative series; month
values against the year-to-date value. Vectorised on integer keys (validate.py builds them).

A *release* is one table (a CSV or worksheet) published on one day. A release is later than another by its
发布日期 (release_date column), else by the table's own period (a 1—4月 table is later than a 1—3月 table: its
day is the period's last day plus the plan's ``release_lag_days``), else by file order (the later file wins).
For one indicator, period and basis:

- within one release, two different values are a problem naming both lines (both rejected);
- a later release supersedes an earlier one: the earlier value is dropped and, when it differs, recorded as
  a revision (indicator, period, basis, old value with file and line, new value with file and line);
- two sources (来源 统计局 and 能源局) with different values are no revision but a conflict: a warning naming
  both; the plan's ``preferred_source`` is kept, else the later release;
- equal values are merged (kept once); a missing value never supersedes a value.

Across periods: a cumulative below the month before is an error within one release (当月值填成了累计值?) and
a warning across releases (a revision, such as an official 核减, taken as it is); a month far after every other
month loaded (12月 after 1—3月: last year's row without a year) is an error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core.exceptions import WARNING
from ..core.names import name_key
from ..core.periods import Month
from .cells import cell_text, fmt
from .problems import Problems
from .validate import BASIS_CODE, KEY_INDICATOR
from .vector import at

# relative tolerance when comparing two values of the same indicator/period/basis
VALUE_RTOL = 1e-9
# relative tolerance between the sum of the month values Jan..M and the ytd value of month M
MONTH_YTD_RTOL = 0.005
# how many lines a duplicate-conflict message names
DUPLICATE_LINES_NAMED = 5
# months between a month and every earlier month loaded from which it is a lone month (12月 after 1—3月)
LONE_MONTH_GAP = 7
# tables per load (release = day * RELEASE_TABLES + table number)
RELEASE_TABLES = 10_000
# why a revision's new value is the later one (the ``rule`` column of the revisions table)
RULE_RELEASE_DATE, RULE_PERIOD, RULE_FILE_ORDER = "release_date", "period", "file_order"
RULE_LABELS = {RULE_RELEASE_DATE: "发布日期较晚", RULE_PERIOD: "报表时期较晚", RULE_FILE_ORDER: "文件在后"}
_BASES = list(BASIS_CODE)


def table_day(period_end: str | None, lag_days: int) -> int:
    """The day (ordinal) a table covering up to month ``period_end`` ('YYYY-MM') is taken to be released."""
    if not period_end:
        return 0
    year, month = int(period_end[:4]), int(period_end[5:7])
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last.toordinal() + lag_days


def release_ranks(released, day: int, table_no: int):
    """Per row: the release it belongs to, as an integer that sorts releases from earliest to latest."""
    import numpy as np

    if not released.any():  # no 发布日期: the whole table is one release
        return np.full(len(released), day * RELEASE_TABLES + table_no, dtype=np.int64)
    effective = np.where(released > 0, released, day)
    return effective.astype(np.int64) * RELEASE_TABLES + table_no


def _line_ref(file, line, this_file) -> str:
    return f"第{line}行" if file == this_file else f"{file} 第{line}行"


def _groups(rec: dict[str, Any], rows):
    """One integer per (key, release) of the rows: the key itself when every row is of one release (the
    common case, no factorising of 10^6 integers); keys are never negative for rows that passed the checks."""
    import pandas as pd

    key, release = rec["key"][rows], rec["release"][rows]
    if not len(rows) or release.min() == release.max():
        return key
    codes, releases = pd.factorize(release)
    return key * len(releases) + codes


def _drop_missing(rec: dict[str, Any], rows):
    """Rows without a missing value that a value (or a later missing value) of the same key supersedes."""
    import numpy as np
    import pandas as pd

    value = rec["value"][rows]
    has = ~np.isnan(value)
    if has.all():
        return rows, 0
    key, release = rec["key"][rows], rec["release"][rows]
    order = np.lexsort((np.arange(len(rows)), -release, key))  # per key: latest release first
    first = np.zeros(len(rows), dtype=bool)
    first[order] = ~pd.Series(key[order]).duplicated().to_numpy()
    superseded = ~has & (np.isin(key, key[has]) | ~first)
    return rows[~superseded], int(superseded.sum())


def _conflict_message(rec, c, ckey, sizes) -> dict[int, str]:
    """The message of each conflicting group: the first DUPLICATE_LINES_NAMED lines and their values."""
    import numpy as np
    import pandas as pd

    cfile, cline, cval = at(rec, "file", c), rec["line"][c], rec["value"][c]
    named = np.flatnonzero(
        pd.Series(ckey).groupby(ckey, sort=False).cumcount().to_numpy() < DUPLICATE_LINES_NAMED
    )
    groups: dict[int, list[int]] = {}
    for j in named:
        groups.setdefault(int(ckey[j]), []).append(j)
    summary: dict[int, str] = {}
    for gk, js in groups.items():
        files = {cfile[j] for j in js}
        parts = [
            (f"第{cline[j]}行" if len(files) == 1 else f"{cfile[j]} 第{cline[j]}行") + f"为 {fmt(cval[j])}"
            for j in js
        ]
        more = f" 等共 {sizes[gk]} 行" if sizes[gk] > len(parts) else ""
        summary[gk] = {"lines": "、".join(parts) + more}
    return summary


def _release_conflicts(rec: dict[str, Any], rows, probs: Problems):
    """Within each release: different values of one key are problems (rows rejected); equal ones are merged.

    Returns (rows kept, row ids rejected, rows merged). One hash pass (factorize) and per-group reductions;
    a missing value left by _drop_missing is alone in its group.
    """
    import numpy as np
    import pandas as pd

    value = rec["value"][rows]
    group = _groups(rec, rows)
    codes, groups = pd.factorize(group)
    n, size = len(rows), len(groups)
    if size == n:  # no two rows of one key and release
        return rows, np.empty(0, dtype=np.int64), 0
    vmin, vmax, first = np.full(size, np.inf), np.full(size, -np.inf), np.full(size, n)
    np.minimum.at(vmin, codes, value)
    np.maximum.at(vmax, codes, value)
    np.minimum.at(first, codes, np.arange(n))
    conflict = ((vmax - vmin) > VALUE_RTOL * np.maximum(np.abs(vmax), np.abs(vmin)))[codes]
    drop = ~conflict & (first[codes] != np.arange(n))
    c = rows[conflict]
    if len(c):
        ckey = group[conflict]
        summary = _conflict_message(rec, c, ckey, pd.Series(ckey).value_counts())
        fields = np.empty(len(c), dtype=object)
        fields[:] = [summary[int(k)] for k in ckey]
        probs.add_rows(
            at(rec, "file", c),
            rec["line"][c],
            at(rec, "value_col", c),
            np.array([str(x) for x in rec["raw_text"][c]] + [None], dtype=object)[:-1],
            "duplicate_conflict",
            fields,
        )
    return rows[~(drop | conflict)], rec["rid"][c], int(drop.sum())


def _rule(rec, old: int, new: int) -> str:
    r_old, r_new = rec["release"][old] // RELEASE_TABLES, rec["release"][new] // RELEASE_TABLES
    if r_old == r_new:
        return RULE_FILE_ORDER
    return RULE_RELEASE_DATE if rec["released"][old] or rec["released"][new] else RULE_PERIOD


def _revision(rec, old: int, new: int) -> dict[str, Any]:
    return {
        "indicator_id": rec["indicator_id"][new],
        "period": rec["period"][new],
        "basis": _BASES[int(rec["bcode"][new])],
        "old_value": float(rec["value"][old]),
        "old_file": str(at(rec, "file", [old])[0]),
        "old_line": int(rec["line"][old]),
        "new_value": float(rec["value"][new]),
        "new_file": str(at(rec, "file", [new])[0]),
        "new_line": int(rec["line"][new]),
        "rule": _rule(rec, old, new),
    }


def _source_of(rec, row: int) -> str:
    src = at(rec, "source", [row])[0]
    return str(src).strip() if isinstance(src, str) else ""


def _preference(rec, rows, preferred: tuple[str, ...]):
    """Per row: how much the plan prefers its source (the first of ``preferred`` most; 0 for any other)."""
    import numpy as np

    out = np.zeros(len(rows), dtype=np.int64)
    if not preferred:
        return out
    wanted = [name_key(p) for p in preferred]
    for k, row in enumerate(rows):
        src = name_key(_source_of(rec, row))
        out[k] = next((len(wanted) - i for i, w in enumerate(wanted) if src and w in src), 0)
    return out


def _source_conflict(rec, old: int, new: int, preferred_won: bool) -> dict[str, Any] | None:
    """The fields of a source conflict when ``old`` and ``new`` come from two named sources, else None."""
    a, b = _source_of(rec, old), _source_of(rec, new)
    if not a or not b or name_key(a) == name_key(b):
        return None
    this_file = str(at(rec, "file", [new])[0])
    return {
        "source": b,
        "figure": fmt(rec["value"][new]),
        "other_source": a,
        "other": fmt(rec["value"][old]),
        "other_line": _line_ref(str(at(rec, "file", [old])[0]), int(rec["line"][old]), this_file),
        "kept": f"plan.yaml 指定优先的“{b}”的数值" if preferred_won else f"后发布的“{b}”的数值",
    }


def _supersede(rec: dict[str, Any], rows, probs: Problems, preferred: tuple[str, ...] = ()):
    """Across releases: per key the latest release's row is kept (a row of the plan's preferred source before
    any other); each earlier one is superseded by the next: a revision when the values differ, merged when
    equal, and a source conflict (a warning on the kept line) when two named sources differ.
    Returns (rows kept, revisions, rows merged)."""
    import numpy as np
    import pandas as pd

    key = rec["key"][rows]
    multi = pd.Series(key).duplicated(keep=False).to_numpy()
    if not multi.any():
        return rows, [], 0
    mpos = np.flatnonzero(multi)
    pref = _preference(rec, rows[mpos], preferred)
    order = mpos[np.lexsort((rec["release"][rows[mpos]], pref, key[mpos]))]
    rank = dict(zip(rows[mpos].tolist(), pref.tolist(), strict=True))
    ordered = rows[order]
    later_same_key = np.append(key[order][1:] == key[order][:-1], False)
    revisions, merged = [], 0
    for j in np.flatnonzero(later_same_key):
        old, new = ordered[j], ordered[j + 1]
        a, b = rec["value"][old], rec["value"][new]
        if abs(a - b) <= VALUE_RTOL * max(abs(a), abs(b)):
            merged += 1
            continue
        conflict = _source_conflict(rec, old, new, rank[new] > rank[old])
        if conflict is None:
            revisions.append(_revision(rec, old, new))
            continue
        file, line = at(rec, "file", [new])[0], int(rec["line"][new])
        raw = [cell_text(rec["raw_text"][new])]
        probs.add_rows(
            file, [line], at(rec, "value_col", [new])[0], raw, "source_conflict", conflict, WARNING
        )
    keep = np.ones(len(rows), dtype=bool)
    keep[order[later_same_key]] = False
    return rows[keep], revisions, merged


def _lone_months(rec: dict[str, Any], rows, probs: Problems):
    """Row ids of the rows of months loaded far after every earlier month (LONE_MONTH_GAP months or more)
    when those later months hold fewer rows than the earlier ones: 12月 after 1—3月 is last year's row
    without a year, and would read as December's figure."""
    import numpy as np

    months = rec["yyyymm"][rows]
    known = months[months > 0]
    if not len(known):
        return np.empty(0, dtype=np.int64)
    serial = known // 100 * 12 + known % 100  # months since year 0: counted without hashing 10^6 rows
    low = int(serial.min())
    tally = np.bincount(serial - low)
    index = np.flatnonzero(tally) + low
    distinct, counts = index // 12 * 100 + index % 12, tally[tally > 0]
    fix = distinct % 100 == 0  # December: serial 12·y + 12 is a multiple of 12
    distinct[fix] = (index[fix] // 12 - 1) * 100 + 12
    gaps = np.flatnonzero(np.diff(index) >= LONE_MONTH_GAP)
    if not len(gaps):
        return np.empty(0, dtype=np.int64)
    cut = gaps[0] + 1
    if counts[cut:].sum() >= counts[:cut].sum():
        return np.empty(0, dtype=np.int64)
    lone = rows[np.isin(months, distinct[cut:])]
    nearest = int(distinct[cut - 1])
    label = f"{nearest // 100}年{nearest % 100}月"
    for month in distinct[cut:]:
        these = lone[rec["yyyymm"][lone] == month]
        gap = int(month // 100 * 12 + month % 100 - (nearest // 100 * 12 + nearest % 100))
        fields = {"month": f"{month // 100}年{month % 100}月", "nearest": label, "gap": gap}
        raw = [cell_text(x) for x in rec["raw_text"][these]]
        probs.add_rows(
            at(rec, "file", these), rec["line"][these], at(rec, "value_col", these), raw, "lone_month", fields
        )
    return rec["rid"][lone]


def _ytd_words(yyyymm: int) -> str:
    """A cumulative figure's period for people: YYYY年1—6月."""
    return Month(int(yyyymm) // 100, int(yyyymm) % 100).ytd_label


def _decreasing_ytd(rec: dict[str, Any], rows, probs: Problems):
    """Row ids of year-to-date values of additive indicators that are smaller than the month before in the
    same release (an error: 当月值填成了累计值?). One smaller than the month before of another release is a
    revision (an official 核减, a corrected figure): a warning, and the row is kept."""
    import numpy as np

    y = rows[
        (rec["bcode"][rows] == BASIS_CODE["ytd"]) & ~np.isnan(rec["value"][rows]) & rec["additive"][rows]
    ]
    y = y[np.argsort(rec["key"][y], kind="stable")]
    if len(y) < 2:
        return np.empty(0, dtype=np.int64)
    k = rec["key"][y]
    ind = k // KEY_INDICATOR
    v = rec["value"][y]
    down = np.zeros(len(y), dtype=bool)
    down[1:] = (ind[1:] == ind[:-1]) & (k[1:] != k[:-1]) & (v[1:] < v[:-1] * (1 - VALUE_RTOL))
    files, lines, yyyymm, vcols = (
        at(rec, "file", y),
        rec["line"][y],
        rec["yyyymm"][y],
        at(rec, "value_col", y),
    )
    release = rec["release"][y]
    same = np.zeros(len(y), dtype=bool)
    same[1:] = release[1:] == release[:-1]
    for j in np.flatnonzero(down):
        fields = {
            "period": _ytd_words(yyyymm[j]),
            "figure": fmt(v[j]),
            "previous_period": _ytd_words(yyyymm[j - 1]),
            "previous_line": _line_ref(files[j - 1], int(lines[j - 1]), files[j]),
            "previous": fmt(v[j - 1]),
        }
        code, severity = ("ytd_decrease", "") if same[j] else ("ytd_revision", WARNING)
        probs.add_rows(files[j], [int(lines[j])], vcols[j], [rec["raw_text"][y[j]]], code, fields, severity)
    return rec["rid"][y][down & same]


def _month_sums(rec: dict[str, Any], mrows):
    """(month rows sorted by indicator and month, indicator, month, cumulative sum, Jan..M all present)."""
    import numpy as np
    import pandas as pd

    mk = rec["key"][mrows]
    mind, mmon = mk // KEY_INDICATOR, (mk // 10) % 100
    order = np.lexsort((mmon, mind))
    mrows, mind, mmon = mrows[order], mind[order], mmon[order]
    frame = pd.DataFrame({"ind": mind, "v": rec["value"][mrows]})
    csum = frame.groupby("ind", sort=False)["v"].cumsum().to_numpy()
    complete = frame.groupby("ind", sort=False).cumcount().to_numpy() + 1 == mmon
    return mrows, mind, mmon, csum, complete


def _month_ytd_check(rec: dict[str, Any], rows, probs: Problems):
    """Month values Jan..M against the ytd value of M, where every month Jan..M is reported.

    Vectorised: cumulative month sums per indicator, matched to the ytd rows on (indicator, month);
    Python only for the mismatches. A mismatch beyond MONTH_YTD_RTOL is a problem on the ytd line
    naming the month lines; returns the row ids (``rid``) of those ytd lines. Combined releases
    (ytd at February, no January month) are not checked.
    """
    import numpy as np
    import pandas as pd

    rows = rows[~np.isnan(rec["value"][rows]) & rec["additive"][rows]]
    b = rec["bcode"][rows]
    mrows, yrows = rows[b == BASIS_CODE["month"]], rows[b == BASIS_CODE["ytd"]]
    if not len(mrows) or not len(yrows):
        return np.empty(0, dtype=np.int64)
    mrows, mind, mmon, csum, complete = _month_sums(rec, mrows)
    if not complete.any():
        return np.empty(0, dtype=np.int64)
    yk = rec["key"][yrows]
    yind, ymon = yk // KEY_INDICATOR, (yk // 10) % 100
    pos = pd.Index(mind[complete] * 100 + mmon[complete]).get_indexer(yind * 100 + ymon)
    hit = pos >= 0
    total = np.where(hit, csum[complete][np.maximum(pos, 0)], np.nan)
    yv = rec["value"][yrows]
    off = hit & (np.abs(yv - total) > MONTH_YTD_RTOL * np.maximum(np.abs(yv), np.abs(total)))
    yfiles, mfiles = at(rec, "file", yrows), at(rec, "file", mrows)
    for j in np.flatnonzero(off):
        months = np.flatnonzero((mind == yind[j]) & (mmon <= ymon[j]))
        refs = "、".join(
            f"{_line_ref(mfiles[i], int(rec['line'][mrows[i]]), yfiles[j])} {fmt(rec['value'][mrows[i]])}"
            for i in months
        )
        span = "1月" if ymon[j] == 1 else f"1-{ymon[j]}月"
        fields = {
            "span": span,
            "total": fmt(total[j]),
            "months": refs,
            "period": str(rec["period"][yrows[j]]),
            "figure": fmt(yv[j]),
        }
        probs.add_rows(
            yfiles[j],
            [int(rec["line"][yrows[j]])],
            at(rec, "value_col", yrows[j : j + 1])[0],
            [cell_text(rec["raw_text"][yrows[j]])],
            "month_ytd_mismatch",
            fields,
        )
    return rec["rid"][yrows[off]]


def cross_checks(
    rec: dict[str, Any], rows, probs: Problems, preferred: tuple[str, ...] = ()
) -> tuple[Any, Any, int, list[dict[str, Any]]]:
    """All checks across rows, on the positions ``rows`` of the records that passed the per-cell checks;
    ``preferred`` the sources the plan prefers.

    Returns (positions kept: one per indicator, period and basis; row ids rejected; records merged;
    revisions as dicts with the columns of schema.REVISION_COLUMNS but ``indicator``).
    """
    import numpy as np

    lone = _lone_months(rec, rows, probs)
    rows = rows[~np.isin(rec["rid"][rows], lone)]
    rows, merged_missing = _drop_missing(rec, rows)
    rows, rejected, merged = _release_conflicts(rec, rows, probs)
    rejected = np.concatenate([rejected, lone])
    rows, revisions, merged_releases = _supersede(rec, rows, probs, preferred)
    down = _decreasing_ytd(rec, rows, probs)
    ok = rows[~np.isin(rec["rid"][rows], down)]
    off = _month_ytd_check(rec, ok, probs)
    rejected = np.unique(np.concatenate([rejected, down, off]))
    rows = rows[~np.isin(rec["rid"][rows], rejected)]
    return rows, rejected, merged + merged_missing + merged_releases, revisions
