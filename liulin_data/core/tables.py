"""Fixed-width text tables for the terminal, where a CJK character takes two columns.

Used by ``liulin targets``, ``liulin progress`` and ``liulin check``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

# the one number formatter lives in present/numbers.py; re-exported here for the modules that import it from here
from .numbers import fmt_number  # noqa: F401


def text_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide and full-width characters (汉字, ３) count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` terminal columns (ending with …) and pad it with spaces."""
    if text_width(text) > width:
        while text_width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - text_width(text))


def format_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[int] | None = None,
    max_width: int | Sequence[int] = 40,
) -> str:
    """Render ``rows`` under ``header`` with a dashed rule.

    Column widths are ``widths`` when given, else they fit the content up to ``max_width`` (one number
    for every column, or one per column); longer cells are cut with …
    """
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    if widths is None:
        limits = [max_width] * len(header) if isinstance(max_width, int) else list(max_width)
        widths = [
            min(limits[i], max([text_width(h)] + [text_width(r[i]) for r in cells]))
            for i, h in enumerate(header)
        ]
    lines = ["  ".join(fit(h, w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(fit(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)
