"""Paths given to be read: checked before anything is opened, and the problem that says why one cannot be.

A path that is missing, a folder, a device (``/dev/zero``), a pipe, empty or unreadable is a
:class:`FileProblem` naming it; a device is never opened.
"""

from __future__ import annotations

from pathlib import Path

from ..core.exceptions import Problem


class FileProblem(Exception):
    """Raised inside the readers when a file (or a table of it) cannot be read; carries the problems."""

    def __init__(self, *problems: Problem):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


def file_problem(code: str, file: str, line: int | None = None, value: str | None = None, **fields):
    """A :class:`FileProblem` with one problem ``code`` about a whole file (or one line of it)."""
    return FileProblem(Problem.of(code, file, line, None, value, **fields))


def check_path(path: Path, file: str | None = None) -> None:
    """Raise :class:`FileProblem` unless ``path`` is a readable, non-empty regular file.

    A device, a pipe or a socket is refused from its ``stat`` alone: it is never opened (``/dev/zero`` would
    never end, a pipe would wait for a writer). ``file`` names the file in the problem (default: its name).
    """
    file = path.name if file is None else file
    try:
        st = path.stat()
    except FileNotFoundError:
        raise file_problem("file_missing", file, value=str(path)) from None
    except OSError as exc:
        raise file_problem(
            "file_unreadable", file, value=str(path), reason=str(exc.strerror or exc)
        ) from None
    if path.is_dir():
        raise file_problem("file_is_folder", file, value=str(path))
    if not path.is_file():
        raise file_problem("file_not_regular", file, value=str(path))
    if st.st_size == 0:
        raise file_problem("file_empty", file)
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise file_problem(
            "file_unreadable", file, value=str(path), reason=str(exc.strerror or exc)
        ) from None


def is_workbook(path: Path) -> bool:
    """True for the .xlsx/.xlsm names read as workbooks."""
    return path.suffix.lower() in (".xlsx", ".xlsm")
