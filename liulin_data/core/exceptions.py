"""Exceptions raised by liulin_data, and the problem record they carry.

Every error that concerns a file names the file, the line as a spreadsheet user sees it
(header = line 1), the column, the bad value and what to do about it.

A :class:`Problem` has a stable ``code`` (``unknown_indicator``, ``ytd_decrease`` …) and the typed fields of
that code; its message and hint are written from the code by the one table of :mod:`liulin_data.core.problem_codes`,
so callers and tests match codes, never wording. A problem is an ``error`` (it stops a run) or a ``warning``
(警告: it is shown, and the run goes on). Control characters of a file (an escape sequence in a CSV cell) are
shown escaped (``\\x1b``) wherever a problem or an error message is rendered.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .problem_codes import CODES, ERROR, GENERIC, WARNING, render

SEVERITIES = (ERROR, WARNING)
# C0 and C1 control characters, DEL, and the bidirectional overrides that reorder what a terminal shows
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(m: re.Match) -> str:
    ch = m.group(0)
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def escape_controls(text: object, *, keep_lines: bool = False) -> str:
    """``text`` with every control character shown as an escape (ESC → ``\\x1b``), so that a file's cell can
    neither move the cursor, clear the screen nor retitle the terminal. ``keep_lines`` keeps newlines and tabs
    (the layout of a multi-line message)."""
    pattern = _CONTROLS_BUT_LINES if keep_lines else _CONTROLS
    s = str(text)
    return pattern.sub(_escaped, s) if pattern.search(s) else s


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row, or file) of an input file.

    Written the new way with :meth:`of` (a code and its fields; message and hint come from the code's entry in
    :data:`liulin_data.core.problem_codes.CODES`), or the old way with ``message`` and ``hint`` given directly
    (code ``generic``, severity ``error``).
    """

    file: str
    line: int | None  # as a spreadsheet user sees it: header = line 1; None for the whole file
    column: str | None
    value: str | None
    message: str = ""  # what is wrong, in Chinese first (written from the code when not given)
    hint: str = ""  # what to do about it
    code: str = GENERIC
    severity: str = ""  # ERROR or WARNING; empty: the code's own
    fields: tuple[tuple[str, Any], ...] = field(default=(), compare=True)  # the code's typed fields

    def __post_init__(self):
        spec = CODES.get(self.code)
        if spec is None:
            raise ValueError(f"unknown problem code {self.code!r}")
        if not self.severity:
            object.__setattr__(self, "severity", spec.severity)
        elif self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if isinstance(self.fields, dict):
            object.__setattr__(self, "fields", tuple(self.fields.items()))
        if self.code != GENERIC and not self.message:
            message, hint = render(self.code, dict(self.fields))
            object.__setattr__(self, "message", message)
            if not self.hint:
                object.__setattr__(self, "hint", hint)

    @classmethod
    def of(
        cls,
        code: str,
        file: str,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
        *,
        severity: str = "",
        **fields: Any,
    ) -> Problem:
        """The problem ``code`` at ``file``/``line``/``column``/``value`` with the code's fields (checked).
        ``generic`` has no words of its own: such a problem is written with its message and hint."""
        if code == GENERIC:
            raise ValueError(
                "a generic problem has no words of its own: write Problem(file, line, column, value, message, hint)"
            )
        CODES[code].check(fields)
        return cls(file, line, column, value, code=code, severity=severity, fields=tuple(fields.items()))

    @property
    def data(self) -> dict[str, Any]:
        """The code's fields as a dict (``{'name': '原煤产', 'suggestion': '原煤产量'}``)."""
        return dict(self.fields)

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def __str__(self) -> str:
        where = escape_controls(self.file)
        if self.line is not None:
            where += f" 第{self.line}行"
        if self.column:
            where += f" 列“{escape_controls(self.column)}”"
        text = f"{where}: {escape_controls(self.message)}"
        if self.value is not None:
            text += f"（值：{escape_controls(repr(self.value))}）"
        if self.hint:
            text += f" → {escape_controls(self.hint)}"
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
    """Base class of every error raised by liulin_data. Its text shows control characters escaped."""

    def __str__(self) -> str:
        return escape_controls(super().__str__(), keep_lines=True)


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


class InputFileError(LiulinError, ValueError):
    """Raised when a path given to be read is no readable regular file (a device such as /dev/zero, a pipe, a
    folder) or is larger than the reader accepts. ``path`` is the path; ``reason`` one of ``device``,
    ``folder``, ``too_large``, ``limit``."""

    def __init__(self, message: str, *, path=None, reason: str = "device"):
        super().__init__(message)
        self.path = path
        self.reason = reason


class LimitError(InputFileError):
    """Raised when a file goes over one of the readers' limits (``files.limits``: rows or cells of a workbook,
    its unpacked size or unpack ratio, the size of a YAML file); ``limit`` names it. Nothing was read."""

    def __init__(self, message: str, *, path=None, limit: str = ""):
        super().__init__(message, path=path, reason="limit")
        self.limit = limit


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
