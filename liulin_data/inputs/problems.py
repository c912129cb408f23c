"""Problems found in input files: collected as columns (vectorised), sorted in file order, shown as a table.

Every problem names the file (``x.xlsx[sheet]`` for a worksheet), the line as a spreadsheet user sees it
(header = line 1; None for the whole file), the column, the bad value, what is wrong and what to do.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.exceptions import Problem
from ..core.tables import format_table
from .schema import PROBLEM_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

EMPTY_FILE = "文件为空"
EMPTY_FILE_HINT = "请检查是否选错了文件，或文件未保存"
# widest a cell may be in the terminal table, per column
_TABLE_LIMITS = {"file": 28, "line": 6, "column": 16, "value": 16, "message": 80, "hint": 160}
# terminal table headers
_TABLE_HEADERS = {
    "file": "文件",
    "line": "行",
    "column": "列",
    "value": "值",
    "message": "问题",
    "hint": "建议",
}
_SHEET_SUFFIX = re.compile(r"\[[^\[\]]*\]$")


class FileProblem(Exception):
    """Raised inside the loaders when a file (or a table of it) cannot be read; carries the problems."""

    def __init__(self, *problems: Problem):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


def file_problem(file: str, message: str, hint: str, value: str | None = None, line: int | None = None):
    """A :class:`FileProblem` with one problem about a whole file (or one line of it)."""
    return FileProblem(Problem(file, line, None, value, message, hint))


class Problems:
    """Problems collected as columns (vectorised), turned into one frame at the end."""

    def __init__(self):
        # each part: (n, file, line, column, value, message, hint); each a scalar or an n-long array
        self.frames: list[tuple] = []

    def add_rows(self, file, lines, column, values, message, hint) -> None:
        """Problems of many rows at once; ``file``, ``column``, ``message`` may be scalars or per-row arrays."""
        import numpy as np

        lines = np.asarray(lines if isinstance(lines, np.ndarray) else list(lines), dtype=object)
        if not len(lines):
            return
        if not isinstance(values, str):
            values = np.array(
                [None if v is None or v != v else str(v) for v in values] + [None], dtype=object
            )[:-1]
        self.frames.append((len(lines), file, lines, column, values, message, hint))

    def add(self, p: Problem) -> None:
        self.add_rows(p.file, [p.line], p.column, [p.value], p.message, p.hint)

    def extend(self, problems) -> None:
        for p in problems:
            self.add(p)

    def frame(self) -> pd.DataFrame:
        """The problems as a frame with :data:`PROBLEM_COLUMNS` (``line`` as nullable Int64)."""
        import numpy as np
        import pandas as pd

        if not self.frames:
            df = pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS})
            df["line"] = df["line"].astype("Int64")
            return df

        def column(i: int):
            parts = []
            for part in self.frames:
                v = part[i]
                parts.append(v if isinstance(v, np.ndarray) else np.full(part[0], v, dtype=object))
            return np.concatenate(parts) if len(parts) > 1 else parts[0]

        lines = column(2)
        line = pd.array(np.where(pd.isna(lines), np.nan, lines).astype(float), dtype="Int64")
        data = {"file": column(1), "line": line, "column": column(3), "value": column(4)}
        data.update(message=column(5), hint=column(6))
        return pd.DataFrame({c: pd.Series(v, dtype=object) if c != "line" else v for c, v in data.items()})


def file_order(file: str, paths: list[Path]) -> int:
    """Position of a problem's file ("x.xlsx[2月]" counts as x.xlsx) among the given paths."""
    base = _SHEET_SUFFIX.sub("", file)
    return next((k for k, p in enumerate(paths) if p.name == base), len(paths))


def sorted_problems(problems: pd.DataFrame, paths: list[Path], once: set[str] = frozenset()) -> pd.DataFrame:
    """Problems in the order of the files given, sheets in order of first problem, then by line.

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
    if whole.any():
        twice = np.zeros(len(problems), dtype=bool)
        twice[whole] = problems[whole].duplicated().to_numpy()
        if twice.any():
            problems = problems[~twice]
    codes, files = pd.factorize(problems["file"].astype(str))
    order = np.array([file_order(f, paths) for f in files], dtype=np.int64)
    problems = problems.assign(_f=order[codes], _s=codes, _l=problems["line"].fillna(0))
    return (
        problems.sort_values(["_f", "_s", "_l"], kind="stable")
        .drop(columns=["_f", "_s", "_l"])
        .reset_index(drop=True)
    )


def problem_records(problems: pd.DataFrame) -> list[Problem]:
    """The rows of a problems frame as :class:`Problem` records (what :class:`ActualsError` carries)."""
    import pandas as pd

    out = []
    cols = [problems[c].tolist() for c in PROBLEM_COLUMNS]  # plain lists: no per-row pandas work
    for file, line, column, value, message, hint in zip(*cols, strict=True):
        line = None if line is None or pd.isna(line) else int(line)
        value = None if value is None or (isinstance(value, float) and value != value) else str(value)
        out.append(Problem(file, line, column if isinstance(column, str) else None, value, message, hint))
    return out


def format_problems_table(problems: pd.DataFrame) -> str:
    """Problems as an aligned text table for the terminal (headers 文件 行 列 值 问题 建议)."""
    import pandas as pd

    if problems is None or not len(problems):
        return "未发现问题。"
    rows = [
        ["" if (not isinstance(v, str) and pd.isna(v)) else str(v) for v in r]
        for r in problems[PROBLEM_COLUMNS].itertuples(index=False)
    ]
    table = format_table(
        [_TABLE_HEADERS[c] for c in PROBLEM_COLUMNS],
        rows,
        max_width=[_TABLE_LIMITS[c] for c in PROBLEM_COLUMNS],
    )
    return f"{table}\n共 {len(problems)} 个问题"
