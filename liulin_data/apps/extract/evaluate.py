"""Measure proposals against a hand-made answer key (recall and precision, and the agreement of the target
model's measure and direction with a hand-made reading), the way the benchmark does.

A proposed row matches a key row when the value, the unit and the quote all agree:

- value: equal within 1e-9 (both empty for milestones);
- unit: the same unit after :func:`liulin_data.core.units.normalize_unit`, a trailing bracketed note dropped
  (万头（只） is 万头), and spellings of one unit taken as one (立方 = 立方米);
- quote: the key's ``quote_fragment`` and the proposal's ``source_quote`` share a common substring of at least
  :data:`MIN_COMMON` characters (or of the whole shorter text), or one contains the other.

Each key row matches at most one proposal and each proposal at most one key row (greedy, in key order).
"""

from __future__ import annotations

import math
import re
from difflib import SequenceMatcher

from ...core import units
from .mentions import canonical_unit

MIN_COMMON = 8  # characters of common substring that make two quotes "the same sentence"


def _unit(text) -> str:
    text = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    text = re.sub(r"[（(][^（）()]*[)）]$", "", units.normalize_unit(text))

    return canonical_unit(text) if text else ""


def _value(x) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def quotes_overlap(a: str, b: str) -> bool:
    """True when two quotes come from the same sentence (see the module docstring)."""
    a, b = str(a or ""), str(b or "")
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= min(MIN_COMMON, len(a), len(b))


def rows_match(key: dict, proposal: dict, value_col: str) -> bool:
    """One key row against one proposed row: value, unit and quote."""
    kv, pv = _value(key.get("value")), _value(proposal.get(value_col))
    if (kv is None) != (pv is None) or (kv is not None and abs(kv - pv) > 1e-9):
        return False
    if _unit(key.get("unit")) != _unit(proposal.get("unit")):
        return False
    return quotes_overlap(key.get("quote_fragment", ""), proposal.get("source_quote", ""))


def score(key_rows: list[dict], proposed: list[dict], value_col: str = "target") -> dict:
    """Recall, precision, the matched count and the unmatched rows of both sides."""
    used: set[int] = set()
    missed, pairs = [], []
    for k in key_rows:
        hit = next((i for i, p in enumerate(proposed) if i not in used and rows_match(k, p, value_col)), None)
        if hit is None:
            missed.append(k)
        else:
            used.add(hit)
            pairs.append((k, proposed[hit]))
    matched = len(used)
    return {
        "recall": matched / len(key_rows) if key_rows else 1.0,
        "precision": matched / len(proposed) if proposed else 1.0,
        "matched": matched,
        "key_rows": len(key_rows),
        "proposed": len(proposed),
        "missed": missed,
        "extra": [p for i, p in enumerate(proposed) if i not in used],
        "pairs": pairs,
    }


def agreement(pairs: list[tuple[dict, dict]], meanings: dict[str, dict]) -> dict:
    """How often the proposed ``measure`` and ``direction`` of matched rows agree with a hand-made reading.

    ``pairs`` are (key row, proposed row) from :func:`score`; ``meanings`` maps a key row's ``ref`` to its
    annotated ``measure`` and ``direction``. Rows without an annotation are not counted.
    """
    out: dict = {}
    for column in ("measure", "direction"):
        judged = [(k, p) for k, p in pairs if k.get("ref") in meanings]
        same = [(k, p) for k, p in judged if meanings[k["ref"]][column] == p.get(column)]
        out[f"{column}_agreement"] = len(same) / len(judged) if judged else None
        out[f"{column}_counts"] = (len(same), len(judged))
        out[f"{column}_differ"] = [
            (k["ref"], meanings[k["ref"]][column], p.get(column)) for k, p in judged if (k, p) not in same
        ]
    return out
