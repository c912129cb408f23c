"""Problems found in input files: collected as columns (vectorised), sorted in file order, capped per file,
shown as a table.

Every problem names the file (``x.xlsx[sheet]`` for a worksheet), the line as a spreadsheet user sees it
(header = line 1; None for the whole file), the column, the bad value, its code (with the code's fields), its
severity, what is wrong and what to do — the last two written from the code by ``problem_codes``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.exceptions import ERROR, WARNING, Problem, escape_controls
from ..core.problem_codes import CODES, render
from ..core.tables import format_table
from ..files.limits import MAX_PROBLEMS_PER_FILE
from ..files.paths import FileProblem, file_problem
from .schema import PROBLEM_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FileProblem", "Problems", "file_problem", "format_problems_table", "problem_records"]

# the columns a terminal table shows, widest a cell may be, and their headers
_SHOWN = ("file", "line", "column", "value", "message", "hint")
_TABLE_LIMITS = {"file": 28, "line": 6, "column": 16, "value": 16, "message": 80, "hint": 160}
_TABLE_HEADERS = {
    "file": "文件",
    "line": "行",
    "column": "列",
    "value": "值",
    "message": "问题",
    "hint": "建议",
}
_SHEET_SUFFIX = re.compile(r"\[[^\[\]]*\]$")
NOT_LISTED = "problems_not_listed"
_WHERE = ("file", "line", "column", "value")  # where a problem is, as the frame's first columns


def _rendered(code: str, fields) -> tuple[Any, Any]:
    """(message, hint) for rows of ``code``: scalars for one dict of fields, per-row arrays for an array of
    dicts (each distinct dict object checked and written once)."""
    import numpy as np

    if fields is None or isinstance(fields, dict):
        CODES[code].check(fields or {})
        return render(code, fields or {})
    done: dict[int, tuple[str, str]] = {}
    messages = np.empty(len(fields), dtype=object)
    hints = np.empty(len(fields), dtype=object)
    for k, f in enumerate(fields):
        got = done.get(id(f))
        if got is None:
            CODES[code].check(f)
            got = done[id(f)] = render(code, f)
        messages[k], hints[k] = got
    return messages, hints


class Problems:
    """Problems collected as columns (vectorised), turned into one frame at the end."""

    def __init__(self):
        # each part: (n, file, line, column, value, message, hint, code, severity, fields); each a scalar or an
        # n-long array
        self.frames: list[tuple] = []

    def add_rows(self, file, lines, column, values, code: str, fields=None, severity: str = "") -> None:
        """Problems ``code`` of many rows at once; ``file`` and ``column`` may be scalars or per-row arrays,
        ``fields`` a dict (the same for every row) or a per-row array of dicts."""
        import numpy as np

        lines = np.asarray(lines if isinstance(lines, np.ndarray) else list(lines), dtype=object)
        if not len(lines):
            return
        message, hint = _rendered(code, fields)
        self._append(
            lines, file, column, values, message, hint, code, severity or CODES[code].severity, fields
        )

    def _append(self, lines, file, column, values, message, hint, code, severity, fields) -> None:
        import numpy as np

        if not isinstance(values, str):
            values = np.array(
                [None if v is None or v != v else str(v) for v in values] + [None], dtype=object
            )[:-1]
        part = (
            len(lines),
            file,
            lines,
            column,
            values,
            message,
            hint,
            code,
            severity,
            {} if fields is None else fields,
        )
        self.frames.append(part)

    def add(self, p: Problem) -> None:
        import numpy as np

        lines = np.asarray([p.line], dtype=object)
        self._append(lines, p.file, p.column, [p.value], p.message, p.hint, p.code, p.severity, p.data)

    def extend(self, problems) -> None:
        for p in problems:
            self.add(p)

    def frame(self) -> pd.DataFrame:
        """The problems as a frame with :data:`PROBLEM_COLUMNS` (``line`` as nullable Int64)."""
        import numpy as np
        import pandas as pd

        if not self.frames:
            return empty_frame()

        def column(i: int):
            parts = []
            for part in self.frames:
                v = part[i]
                if isinstance(v, np.ndarray):
                    parts.append(v)
                else:
                    arr = np.empty(part[0], dtype=object)
                    arr[:] = [v] * part[0] if isinstance(v, dict) else v
                    parts.append(arr)
            return np.concatenate(parts) if len(parts) > 1 else parts[0]

        lines = column(2)
        line = pd.array(np.where(pd.isna(lines), np.nan, lines).astype(float), dtype="Int64")
        data = {"file": column(1), "line": line, "column": column(3), "value": column(4)}
        data.update(message=column(5), hint=column(6), code=column(7), severity=column(8), fields=column(9))
        return pd.DataFrame({c: pd.Series(v, dtype=object) if c != "line" else v for c, v in data.items()})


def empty_frame() -> pd.DataFrame:
    """A problems frame without rows (:data:`PROBLEM_COLUMNS`)."""
    import pandas as pd

    df = pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS})
    df["line"] = df["line"].astype("Int64")
    return df


def file_order(file: str, paths: list[Path]) -> int:
    """Position of a problem's file ("x.xlsx[2月]" counts as x.xlsx) among the given paths."""
    base = _SHEET_SUFFIX.sub("", file)
    return next((k for k, p in enumerate(paths) if p.name == base), len(paths))


def split_severity(problems: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(errors, warnings) of a problems frame."""
    warning = (problems["severity"] == WARNING).to_numpy(dtype=bool)
    return problems[~warning].reset_index(drop=True), problems[warning].reset_index(drop=True)


def sorted_problems(
    problems: pd.DataFrame,
    paths: list[Path],
    once: set[str] = frozenset(),
    limit: int | None = MAX_PROBLEMS_PER_FILE,
) -> pd.DataFrame:
    """Problems in the order of the files given, sheets in order of first problem, then by line; at most
    ``limit`` per file (then one ``problems_not_listed`` problem counting the rest).

    Reported once: a whole-file problem (a workbook read by both loaders reports it twice), and any problem
    of the files in ``once`` (bureau tables: the month and ytd record of a line share a cell).
    """
    import numpy as np
    import pandas as pd

    if not len(problems):
        return problems
    whole = np.array(problems["line"].isna().to_numpy(), dtype=bool)  # writable
    if once:
        whole |= problems["file"].isin(list(once)).to_numpy()
    whole &= (problems["code"] != NOT_LISTED).to_numpy(dtype=bool)  # counts add up, never dropped as twins
    if whole.any():
        shown = problems[list(_SHOWN) + ["code", "severity"]]
        twice = np.zeros(len(problems), dtype=bool)
        twice[whole] = shown[whole].duplicated().to_numpy()
        if twice.any():
            problems = problems[~twice]
    codes, files = pd.factorize(problems["file"].astype(str))
    order = np.array([file_order(f, paths) for f in files], dtype=np.int64)
    problems = problems.assign(_f=order[codes], _s=codes, _l=problems["line"].fillna(0))
    problems = (
        problems.sort_values(["_f", "_s", "_l"], kind="stable")
        .drop(columns=["_f", "_s", "_l"])
        .reset_index(drop=True)
    )
    return problems if limit is None else cap_problems(problems, limit)


def cap_problems(problems: pd.DataFrame, limit: int) -> pd.DataFrame:
    """At most ``limit`` problems per file (in the given order); the rest, and the counts of earlier
    ``problems_not_listed`` rows, become one ``problems_not_listed`` row after the file's last one."""
    import numpy as np
    import pandas as pd

    summary = (problems["code"] == NOT_LISTED).to_numpy(dtype=bool)
    rest = problems[~summary]
    rank = rest.groupby("file", sort=False).cumcount().to_numpy()
    if not summary.any() and (rank < limit).all():
        return problems
    counts: dict[str, list[int | str]] = {}
    for f, fields, sev in zip(
        problems["file"][summary], problems["fields"][summary], problems["severity"][summary], strict=True
    ):
        entry = counts.setdefault(f, [0, sev])
        entry[0] += int(fields.get("count", 0))
    over = rest[rank >= limit]
    for f, sev in zip(over["file"], over["severity"], strict=True):
        entry = counts.setdefault(f, [0, sev])
        entry[0] += 1
        entry[1] = ERROR if ERROR in (entry[1], sev) else sev
    kept = rest[rank < limit].assign(_k=np.arange(int((rank < limit).sum()), dtype=float))
    last = kept.groupby("file", sort=False)["_k"].max()
    rows = []
    for f, (count, sev) in counts.items():
        p = Problem.of(NOT_LISTED, f, count=int(count), limit=limit, severity=str(sev))
        rows.append({**_row(p), "_k": last.get(f, -1.0) + 0.5})
    out = pd.concat([kept, pd.DataFrame(rows)], ignore_index=True).sort_values("_k", kind="stable")
    out = out.drop(columns="_k").reset_index(drop=True)
    out["line"] = out["line"].astype("Int64")
    return out


def _row(p: Problem) -> dict[str, Any]:
    return {
        "file": p.file,
        "line": p.line,
        "column": p.column,
        "value": p.value,
        "message": p.message,
        "hint": p.hint,
        "code": p.code,
        "severity": p.severity,
        "fields": p.data,
    }


def problem_records(problems: pd.DataFrame) -> list[Problem]:
    """The rows of a problems frame as :class:`Problem` records (what :class:`ActualsError` carries): each its
    code with the code's fields, the message and hint written again from them by the one table."""
    import pandas as pd

    out = []
    cols = [problems[c].tolist() for c in (*_WHERE, "code", "severity", "fields")]  # plain lists: no pandas
    for file, line, column, value, code, severity, fields in zip(*cols, strict=True):
        line = None if line is None or pd.isna(line) else int(line)
        value = None if value is None or (isinstance(value, float) and value != value) else str(value)
        column = column if isinstance(column, str) else None
        fields = fields if isinstance(fields, dict) else {}
        out.append(Problem.of(code, file, line, column, value, severity=severity, **fields))
    return out


def format_problems_table(problems: pd.DataFrame, noun: str = "问题") -> str:
    """Problems as an aligned text table for the terminal (headers 文件 行 列 值 问题 建议); control characters
    of a file's cells shown escaped (``\\x1b``). ``noun`` counts them (问题, 警告)."""
    import pandas as pd

    if problems is None or not len(problems):
        return f"未发现{noun}。"
    rows = [
        ["" if (not isinstance(v, str) and pd.isna(v)) else escape_controls(v) for v in r]
        for r in problems[list(_SHOWN)].itertuples(index=False)
    ]
    table = format_table(
        [_TABLE_HEADERS[c] for c in _SHOWN],
        rows,
        max_width=[_TABLE_LIMITS[c] for c in _SHOWN],
    )
    return f"{table}\n共 {len(problems)} 个{noun}"


def warnings_frame(warnings: list[Problem]) -> pd.DataFrame:
    """A list of warnings (``frame.attrs['warnings']``) as a problems frame."""
    import pandas as pd

    if not warnings:
        return empty_frame()
    frame = pd.DataFrame([_row(p) for p in warnings], columns=PROBLEM_COLUMNS)
    frame["line"] = frame["line"].astype("Int64")
    return frame
