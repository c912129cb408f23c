"""The loaders: actuals, milestone logs, both at once (or a plan's sample), and ``liulin check``.

Every problem of every file is collected (file, spreadsheet line with header = line 1, column, bad value,
code, what to do) and raised together as :class:`ActualsError`, or returned as a table with ``lenient=True``.
Warnings (警告: a value far from its target, a revised cumulative, two sources of one figure, a hidden sheet)
do not stop a load: they are the list ``frame.attrs['warnings']`` of :class:`~liulin_data.core.exceptions.Problem`.
Nothing is lost: rows read = rows accepted + rows rejected + rows ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.exceptions import ActualsError, PeriodError
from ..core.periods import parse_period
from ..plan.folder import Plan
from ..plan.sample import sample_paths
from .context import Context, make_context
from .crosscheck import cross_checks, release_ranks, table_day
from .headers import ACTUALS, MILESTONES
from .layouts import IGNORED_UNTRACKED, Records, records
from .milestones import milestone_rows
from .problems import (
    FileProblem,
    Problems,
    empty_frame,
    file_order,
    problem_records,
    sorted_problems,
    split_severity,
)
from .read import FileRead, Table, read_file
from .schema import ACTUALS_COLUMNS, MILESTONE_COLUMNS
from .validate import BASIS_CODE, validate
from .vector import at, concat, has_content

if TYPE_CHECKING:
    import pandas as pd

BOTH = (ACTUALS, MILESTONES)
# integer columns of the validated records (the rest are objects, floats or flags)
_INT_COLUMNS = ("line", "key", "rid", "bcode", "released", "release", "yyyymm")
_FLOAT_COLUMNS = ("value", "raw_value", "yoy_pct")
_FLAG_COLUMNS = ("bad", "ignored", "additive")
_OBJECT_COLUMNS = ("indicator_id", "period", "unit", "raw_unit", "source", "note", "file", "raw_indicator")


def as_paths(paths) -> list[Path]:
    """One path or many, as a list of Paths."""
    if isinstance(paths, str | Path):
        return [Path(paths)]
    return [Path(p) for p in paths]


def _table_day(r: Records, rec: dict[str, Any], ctx: Context) -> int:
    """The day a table is taken to be released: its own period (title, sheet or file name; else its latest
    month) plus the plan's release lag."""
    end = None
    if r.title is not None:
        try:
            end = parse_period(r.title, ctx.year).end_month
        except PeriodError:
            end = None
    if end is None and len(rec["yyyymm"]) and (latest := int(rec["yyyymm"].max())):
        end = f"{latest // 100:04d}-{latest % 100:02d}"
    return table_day(end, ctx.plan.release_lag_days)


class _Collected:
    """The validated records of every actuals table, and the counts and problems gathered on the way."""

    def __init__(self):
        self.probs = Problems()
        self.parts: list[dict[str, Any]] = []
        self.ignored: list[dict[str, Any]] = []
        self.bureau_files: set[str] = set()
        self.read = 0
        self.rejected = 0

    def add_table(self, table_no: int, table: Table, ctx: Context) -> None:
        self.probs.extend(table.problems)
        self.read += table.rejected
        self.rejected += table.rejected
        content = has_content(table.data)
        if not content.all():
            table.data = table.data[content]
        self.read += len(table.data)
        try:
            r = records(table, ctx)
        except FileProblem as fp:
            self.probs.extend(fp.problems)
            self.rejected += len(table.data)
            return
        self.ignored += r.ignored
        if r.layout == "bureau":
            self.bureau_files.add(table.file)
        rec = validate(r, table.file, table_no, ctx, self.probs)
        rec["release"] = release_ranks(rec["released"], _table_day(r, rec, ctx), table_no)
        self.parts.append(rec)

    def records(self) -> dict[str, Any]:
        import numpy as np

        if self.parts:
            return concat(self.parts)
        empty = {c: np.empty(0, dtype=object) for c in (*_OBJECT_COLUMNS, "value_col", "raw_text")}
        empty.update({c: np.empty(0, dtype=np.int64) for c in _INT_COLUMNS})
        empty.update({c: np.empty(0, dtype=float) for c in _FLOAT_COLUMNS})
        empty.update({c: np.empty(0, dtype=bool) for c in _FLAG_COLUMNS})
        return empty


def _untracked(rec: dict[str, Any]) -> tuple[Any, list[dict[str, Any]]]:
    """Row ids of the lines of indicators a bureau table lists but the catalog does not track, and one
    entry per line for ``attrs['ignored']`` (a line gives a month and a ytd record)."""
    import numpy as np

    pos = np.flatnonzero(rec["ignored"])
    rids, first = np.unique(rec["rid"][pos], return_index=True)
    entries = [
        {
            "file": str(at(rec, "file", [i])[0]),
            "line": int(rec["line"][i]),
            "text": str(rec["raw_indicator"][i]).strip(),
            "reason": IGNORED_UNTRACKED,
        }
        for i in pos[np.sort(first)]
    ]
    return rids, entries


def _frame(rec: dict[str, Any], good) -> pd.DataFrame:
    """The accepted frame (ACTUALS_COLUMNS), built once from the kept rows; a blank unit cell is read as the
    catalog unit."""
    import numpy as np
    import pandas as pd

    raw_unit = np.asarray(rec["raw_unit"][good], dtype=object).copy()
    blank_unit = pd.isna(raw_unit)
    raw_unit[blank_unit] = rec["unit"][good][blank_unit]
    data = {
        "indicator_id": rec["indicator_id"][good],
        "period": rec["period"][good],
        "basis": np.array([*BASIS_CODE, None], dtype=object)[rec["bcode"][good]],
        "value": rec["value"][good].astype(float),
        "unit": rec["unit"][good],
        "raw_value": rec["raw_value"][good].astype(float),
        "raw_unit": raw_unit,
        "yoy_pct": rec["yoy_pct"][good].astype(float),
        "source": at(rec, "source", good),
        "note": at(rec, "note", good),
        "file": at(rec, "file", good),
        "line": rec["line"][good].astype("int64"),
    }
    frame = pd.DataFrame(
        {c: pd.Series(v, dtype=object) if v.dtype == object else pd.Series(v) for c, v in data.items()}
    )[ACTUALS_COLUMNS]
    if len(frame):
        frame["file"] = frame["file"].astype("str")
    return frame


def _actuals_from(reads: list[FileRead], ctx: Context, *, file_problems: bool = True):
    """(accepted frame with its attrs, problems frame) from the actuals tables of files already read."""
    import numpy as np

    col = _Collected()
    tables = [t for r in reads for t in r.tables if t.kind == ACTUALS]
    for r in reads if file_problems else []:
        col.probs.extend(r.problems)
    for table_no, table in enumerate(tables):
        col.add_table(table_no, table, ctx)
    rec = col.records()
    rid = rec["rid"]
    bad = np.unique(rid[rec["bad"]])
    untracked, entries = _untracked(rec)
    drop = np.union1d(bad, untracked)
    good = np.flatnonzero(~np.isin(rid, drop)) if len(drop) else np.arange(len(rid))
    good, cross, merged, revisions = cross_checks(rec, good, col.probs, ctx.preferred)
    rejected = col.rejected + len(bad) + len(cross)
    paths = [r.path for r in reads]
    ignored = sorted(col.ignored + entries, key=lambda e: (file_order(e["file"], paths), e["line"]))
    for rev in revisions:
        rev["indicator"] = ctx.index.name.get(rev["indicator_id"], "")
    accepted = _frame(rec, good)
    errors, warnings = _split(col.probs.frame(), paths, col.bureau_files)
    accepted.attrs.update(
        rows_read=col.read,
        rows_accepted=col.read - rejected - len(ignored),
        rows_rejected=rejected,
        rows_ignored=len(ignored),
        rows_merged=merged,
        rows_superseded=len(revisions),
        ignored=ignored,
        revisions=revisions,
        warnings=warnings,
    )
    return accepted, errors


def _split(problems, paths: list[Path], once: set[str] = frozenset()):
    """(errors as a sorted problems frame, warnings as a sorted list of Problem), each capped per file."""
    errors, warnings = split_severity(problems)
    return sorted_problems(errors, paths, once), problem_records(sorted_problems(warnings, paths, once))


def _milestones_from(reads: list[FileRead], ctx: Context, *, file_problems: bool = True):
    """(accepted milestone rows with their attrs, problems frame) from files already read."""
    import pandas as pd

    probs = Problems()
    rows: list[dict] = []
    read = rejected = unfilled = 0
    for r in reads:
        if file_problems:
            probs.extend(r.problems)
        for table in (t for t in r.tables if t.kind == MILESTONES):
            probs.extend(table.problems)
            try:
                got = milestone_rows(table, ctx)
            except FileProblem as fp:  # two columns hold one field: every line of the table is rejected
                probs.extend(fp.problems)
                lines = int(has_content(table.data).sum()) + table.rejected
                read, rejected = read + lines, rejected + lines
                continue
            probs.extend(got.problems)
            rows += got.rows
            read, rejected, unfilled = read + got.read, rejected + got.rejected, unfilled + got.unfilled
    df = pd.DataFrame(rows, columns=MILESTONE_COLUMNS)
    df["date"] = pd.to_datetime(df["date"])
    df["line"] = df["line"].astype("int64")
    errors, warnings = _split(probs.frame(), [r.path for r in reads])
    df.attrs.update(
        rows_read=read,
        rows_accepted=read - rejected,
        rows_rejected=rejected,
        rows_unfilled=unfilled,
        warnings=warnings,
    )
    return df, errors


def load_actuals(
    paths,
    *,
    plan: Plan,
    lenient: bool = False,
    targets: pd.DataFrame | None = None,
    year: int | None = None,
):
    """Load actuals from long tables and the bureau's monthly tables (CSV or .xlsx).

    Parameters
    ----------
    paths : str, Path or list of them
        CSV (UTF-8, UTF-8 with BOM, GBK/GB18030 or UTF-16 with BOM, detected) or .xlsx files.
    lenient : bool
        False: raise :class:`ActualsError` listing every problem of every file.
        True: return ``(accepted, problems)`` instead.
    plan : Plan
        The plan: its year, its catalog and its release lag (``liulin_data.load_actuals`` takes a name, a
        folder or None for the default plan).
    targets : DataFrame, optional
        The catalog (``catalog.load_targets(plan=plan)`` when omitted).
    year : int, optional
        The target year (default: the plan's); periods without a year are read in it, other years are
        problems.

    Returns
    -------
    DataFrame or (DataFrame, DataFrame)
        Columns ``indicator_id, period, basis, value, unit, raw_value, raw_unit, yoy_pct, source,
        note, file, line`` (docs/architecture.md), one row per indicator, period and basis. A value cell
        left blank (or '-', '—', '…') is kept with value NaN, never 0. ``file`` names the worksheet of an
        .xlsx: ``统计.xlsx[2月]`` (every sheet with a header is read; 说明/填报说明/README are skipped).
        ``attrs``: ``rows_read`` (data lines with content), ``rows_accepted``, ``rows_rejected`` (lines with
        at least one problem), ``rows_ignored`` (bureau-table headings, notes and indicators the catalog does
        not track; read = accepted + rejected + ignored), ``ignored`` (a list of dicts ``file, line, text,
        reason``), ``rows_merged`` (records equal to another one, kept once), ``rows_superseded`` and
        ``revisions`` (a list of dicts: each value a later release replaced; :func:`revisions_table` makes it
        a DataFrame, :func:`format_revisions_table` a terminal table), ``warnings`` (a list of Problem: values far
        from their target, revised cumulatives, two sources of one figure, hidden sheets; they do not stop a
        load). ``ignored``, ``revisions`` and ``warnings`` are lists, not DataFrames, so that ``pd.concat`` of
        loaded frames still works. The problems frame has columns ``file, line, column, value, message, hint,
        code, severity, fields`` (errors only).

    Raises
    ------
    ActualsError
        When ``lenient`` is False and any problem was found.
    """
    ctx = make_context(plan, targets, year)
    reads = [read_file(p, (ACTUALS,)) for p in as_paths(paths)]
    accepted, problems = _actuals_from(reads, ctx)
    if lenient:
        return accepted, problems
    if len(problems):
        a = accepted.attrs
        raise ActualsError(
            problem_records(problems),
            summary=f"实际值文件有问题：共 {a['rows_read']} 行数据，其中 {a['rows_rejected']} 行有问题。"
            "请逐条修改后重新加载。",
        )
    return accepted


def load_milestones(
    path_or_paths,
    targets: pd.DataFrame | None = None,
    *,
    plan: Plan,
    lenient: bool = False,
):
    """Load milestone logs (CSV or .xlsx; columns 里程碑/项目, 状态, 日期, 来源, 备注 or English).

    Parameters
    ----------
    path_or_paths : str, Path or list of them
    targets : DataFrame, optional
        The catalog (the plan's when omitted); milestones are matched to its ``kind == 'milestone'`` rows by
        id, name or alias.
    lenient : bool
        True: return ``(accepted, problems)`` instead of raising.
    plan : Plan
        The plan (``liulin_data.load_milestones`` takes a name, a folder or None for the default plan).

    Returns
    -------
    DataFrame
        ``indicator_id, status`` (not_started, in_progress, done), ``status_raw, date`` (Timestamp or
        NaT), ``source, note, file, line``; ``attrs``: ``rows_read, rows_accepted, rows_rejected,
        rows_unfilled`` (template rows naming only a milestone).

    Raises
    ------
    ActualsError
        When any problem is found and ``lenient`` is False.
    """
    ctx = make_context(plan, targets, None)
    df, problems = _milestones_from([read_file(p, (MILESTONES,)) for p in as_paths(path_or_paths)], ctx)
    if lenient:
        return df, problems
    if len(problems):
        a = df.attrs
        raise ActualsError(
            problem_records(problems),
            summary=f"里程碑文件有问题：共 {a['rows_read']} 行，其中 {a['rows_rejected']} 行有问题。",
        )
    return df


def _empty_actuals() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=object) for c in ACTUALS_COLUMNS})


def _read_both(paths: list[Path], ctx: Context):
    """Every file read once; (actuals, problems, milestones or None when no log, problems)."""
    reads = [read_file(p, BOTH) for p in paths]
    actuals, aprob = _actuals_from(reads, ctx)
    has_log = any(t.kind == MILESTONES for r in reads for t in r.tables)
    milestones, mprob = _milestones_from(reads, ctx, file_problems=False) if has_log else (None, None)
    return actuals, aprob, milestones, mprob


def load_inputs(
    paths=(),
    *,
    plan: Plan,
    targets: pd.DataFrame | None = None,
    year: int | None = None,
):
    """Actuals and milestone log from the files an analyst gives, or the plan's sample when none.

    Each file is read once; its tables are told apart by their headers (a workbook such as the fill-in
    template holds both), so one list of files serves notebooks, briefings and the CLI. Raises
    :class:`ActualsError` listing every problem of every file.

    Returns
    -------
    (DataFrame, DataFrame or None)
        The actuals frame and the milestone log (None when no log was given).
    """
    import pandas as pd

    ctx = make_context(plan, targets, year)
    paths = as_paths(paths) if paths else sample_paths(ctx.plan)
    if not paths:  # a plan without a sample, and no files
        return _empty_actuals(), None
    actuals, aprob, milestones, mprob = _read_both(paths, ctx)
    frames = [f for f in (aprob, mprob) if f is not None and len(f)]
    if frames:
        problems = sorted_problems(pd.concat(frames, ignore_index=True), paths)
        # a workbook read by both loaders reports a sheet without a header twice: once is enough
        raise ActualsError(list(dict.fromkeys(problem_records(problems))))
    return actuals, milestones


_COUNTS = ("rows_read", "rows_accepted", "rows_rejected")


def check_files(
    paths,
    *,
    plan: Plan,
    targets: pd.DataFrame | None = None,
    year: int | None = None,
):
    """Check actuals files and milestone logs without raising (the ``liulin check`` command).

    Returns
    -------
    (DataFrame, DataFrame)
        The accepted actuals and every error (``file, line, column, value, message, hint, code, severity,
        fields``, at most ``files.limits.MAX_PROBLEMS_PER_FILE`` per file, then a count). The warnings of
        both kinds of file are ``attrs['warnings']`` (a list of Problem). The actuals'
        ``attrs`` count the lines of both kinds of file: ``rows_read = rows_accepted + rows_rejected +
        rows_ignored``, with ``rows_merged``, ``rows_superseded`` and ``revisions`` (as from
        :func:`load_actuals`); ``attrs['milestones']`` holds the accepted milestone rows (None when no log
        was given) and ``attrs['counts']`` the counts of each kind (``{'actuals': {...}, 'milestones': {...}}``).
    """
    import pandas as pd

    ctx = make_context(plan, targets, year)
    paths = as_paths(paths)
    accepted, aprob, milestones, mprob = _read_both(paths, ctx)
    counts = {"actuals": {k: accepted.attrs[k] for k in (*_COUNTS, "rows_ignored")}}
    if milestones is not None:
        counts["milestones"] = {k: milestones.attrs[k] for k in (*_COUNTS, "rows_unfilled")}
        for k in _COUNTS:
            accepted.attrs[k] += milestones.attrs[k]
    if milestones is not None:
        accepted.attrs["warnings"] = accepted.attrs["warnings"] + milestones.attrs["warnings"]
    accepted.attrs.update(milestones=milestones, counts=counts)
    frames = [f for f in (aprob, mprob) if f is not None and len(f)]
    problems = pd.concat(frames, ignore_index=True) if frames else empty_frame()
    return accepted, sorted_problems(problems, paths)
