"""A table read from a file (one CSV or one worksheet) and what a whole file gave: the records the readers
(:mod:`.csvfile`, :mod:`.read`) hand to the layouts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.exceptions import Problem
from .headers import Header

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Table:
    """One CSV or worksheet: its header, the rows above it, and the data rows as text."""

    file: str  # the name used in problems and the 'file' column: "x.csv" or "x.xlsx[sheet]"
    path: Path
    header: Header
    above: list[str]  # texts of the rows above the header (titles)
    data: pd.DataFrame  # columns 0..n-1 (text, numbers or NaN) and 'line'
    sheet: str | None = None  # the worksheet name (.xlsx only)
    problems: list[Problem] = field(default_factory=list)  # problems of lines left out of ``data``
    rejected: int = 0  # data lines left out of ``data`` because of those problems

    @property
    def kind(self) -> str:
        return self.header.kind

    @property
    def header_line(self) -> int:
        """Spreadsheet line of the (first) header row."""
        return self.header.first + 1

    @property
    def texts(self) -> list[str]:
        return self.header.texts


@dataclass
class FileRead:
    """What one file gave: its tables (of the kinds asked for) and the problems of the file as a whole."""

    path: Path
    tables: list[Table] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def row_texts(rows: list[list[str | None]]) -> list[str]:
    """Each row's non-blank cells joined by spaces (merged repeats once): title rows above a header."""
    out = []
    for r in rows:
        cells: list[str] = []
        for c in r:
            if c is not None and (not cells or cells[-1] != c):
                cells.append(str(c))
        out.append(" ".join(cells))
    return out
