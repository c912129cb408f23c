"""What changed since the previous briefing: each indicator whose status differs, worsened first
(read by the page's 与上期相比 section and stored in the manifest)."""

from __future__ import annotations

from ..core.statuses import STATUS_RANK


def _direction(old: str | None, new: str | None) -> str:
    """'worse' (more severe now), 'better', or 'other' (an item new to or gone from the briefing)."""
    if old is None or new is None:
        return "other"
    before, after = STATUS_RANK.get(old, len(STATUS_RANK)), STATUS_RANK.get(new, len(STATUS_RANK))
    return "worse" if after < before else "better" if after > before else "other"


def order_changes(changes: list[dict]) -> list[dict]:
    """Worsened first (the most severe new status first, then the biggest drop), then improved, then the rest."""
    worst = len(STATUS_RANK)

    def key(c: dict) -> tuple:
        kind = c.get("change") or _direction(c.get("from"), c.get("to"))
        to_rank = STATUS_RANK.get(c.get("to"), worst)
        drop = STATUS_RANK.get(c.get("from"), worst) - to_rank
        return ({"worse": 0, "better": 1}.get(kind, 2), to_rank, -drop)

    return sorted(changes, key=key)


def status_changes(prev: dict | None, indicators: list[dict]) -> list[dict]:
    """Each indicator whose status differs from the previous briefing's, worsened first.

    Returns dicts ``indicator_id, indicator, from, to, change`` (``change``: 'worse', 'better' or 'other' — new
    to or gone from the briefing), ordered by :func:`order_changes`.
    """
    if prev is None:
        return []
    before = {r["indicator_id"]: r for r in prev.get("indicators", [])}
    out = []
    for rec in indicators:
        old = before.pop(rec["indicator_id"], None)
        old_status = old.get("status") if old else None
        if old_status != rec.get("status"):
            out.append(
                {
                    "indicator_id": rec["indicator_id"],
                    "indicator": rec.get("indicator"),
                    "from": old_status,
                    "to": rec.get("status"),
                    "change": _direction(old_status, rec.get("status")),
                }
            )
    for iid, old in before.items():
        out.append(
            {
                "indicator_id": iid,
                "indicator": old.get("indicator"),
                "from": old.get("status"),
                "to": None,
                "change": "other",
            }
        )
    return order_changes(out)
