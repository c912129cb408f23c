"""Exceptions raised by liulin_data, and the problem record they carry.

Every error that concerns a file names the file, the line as a spreadsheet user sees it
(header = line 1), the column, the bad value and what to do about it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row, or file) of an input file."""

    file: str
    line: int | None  # as a spreadsheet user sees it: header = line 1; None for the whole file
    column: str | None
    value: str | None
    message: str  # what is wrong, in Chinese first
    hint: str = ""  # what to do about it

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" 第{self.line}行"
        if self.column:
            where += f" 列“{self.column}”"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f"（值：{self.value!r}）"
        if self.hint:
            text += f" → {self.hint}"
        return text

    def as_dict(self) -> dict:
        return asdict(self)


def format_problems(problems: list[Problem], limit: int | None = None) -> str:
    """Render problems one per line, grouped in file order, with a count first."""
    shown = problems if limit is None else problems[:limit]
    lines = [f"发现 {len(problems)} 个问题 / {len(problems)} problem(s):"]
    lines += [f"  - {p}" for p in shown]
    if limit is not None and len(problems) > limit:
        lines.append(f"  … 另有 {len(problems) - limit} 个问题未列出")
    return "\n".join(lines)


class LiulinError(Exception):
    """Base class of every error raised by liulin_data."""


class ProblemsError(LiulinError, ValueError):
    """Raised with a list of :class:`Problem` found in one or more input files."""

    def __init__(self, problems: list[Problem], summary: str = ""):
        self.problems = list(problems)
        text = format_problems(self.problems)
        super().__init__(f"{summary}\n{text}" if summary else text)


class CatalogError(ProblemsError):
    """Raised when the target catalog or an analyst's target override file is invalid."""


class ActualsError(ProblemsError):
    """Raised when an actuals file (or milestone log) has problems; lists every problem of every file."""


class UnitError(LiulinError, ValueError):
    """Raised when a unit is unknown or two units cannot be converted into each other."""


class PeriodError(LiulinError, ValueError):
    """Raised when a period text cannot be read as a month, quarter, half-year or cumulative span."""


class ParamsError(LiulinError, ValueError):
    """Raised when a briefing parameter file has unknown keys or malformed values."""


class OutputError(LiulinError, OSError):
    """Raised when a file the project writes cannot be written: it exists (and overwriting was not asked for),
    is a folder or read-only, its folder is unwritable or the disk is full. Nothing was changed.

    ``path`` is the file that was to be written; ``reason`` one of ``exists``, ``folder``, ``read_only``,
    ``not_a_folder``, ``no_permission``, ``no_space``, ``os`` (anything else the system refused).
    """

    def __init__(self, message: str, *, path=None, reason: str = "os"):
        super().__init__(message)
        self.path = path
        self.reason = reason


class RenderError(LiulinError):
    """Raised when a briefing notebook fails to execute or export; names the kept *.failed.ipynb."""


class PlanError(LiulinError, ValueError):
    """Raised when a plan cannot be found, or its plan.yaml is missing keys or malformed."""


class LockError(RenderError):
    """Raised when another run already holds the lock on the output folder."""


class ExtractError(LiulinError, ValueError):
    """Raised when a work report cannot be read or a plan folder cannot be written or read; names the file."""
