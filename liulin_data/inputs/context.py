"""What one load knows: the plan, the year its periods are read in, and the catalog indexed once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.names import NameIndex
from ..plan.catalog import load_targets
from ..plan.folder import Plan, load_plan

if TYPE_CHECKING:
    import pandas as pd


class CatalogIndex:
    """Name → indicator_id lookups (names.NameIndex) and per-indicator facts, built once per load."""

    def __init__(self, targets: pd.DataFrame):
        self.targets = targets
        self.ids = list(targets["indicator_id"])
        self.pos = {i: k for k, i in enumerate(self.ids)}
        self.name = dict(zip(targets["indicator_id"], targets["indicator"], strict=True))
        self.unit = dict(zip(targets["indicator_id"], targets["unit"].fillna(""), strict=True))
        self.kind = dict(zip(targets["indicator_id"], targets["kind"], strict=True))
        self.basis = dict(zip(targets["indicator_id"], targets["basis"], strict=True))
        # milestones: what completes them (statuses.MILESTONE_DONE_STAGE); empty when the catalog has no type
        types = targets["milestone_type"].fillna("") if "milestone_type" in targets else [""] * len(targets)
        self.milestone_type = dict(zip(targets["indicator_id"], types, strict=True))
        self.names = NameIndex.from_targets(targets)

    def resolve(self, text: str) -> str | None:
        return self.names.resolve(text)

    def near_miss(self, text: str) -> str | None:
        """The catalog name ``text`` is a typo of, or None (see :meth:`NameIndex.near_miss`)."""
        return self.names.near_miss(text)

    def suggestion(self, text: str, kinds: set[str] | None = None) -> str | None:
        return self.names.suggest(text, kinds)

    def is_additive(self, indicator_id: str | None) -> bool:
        """True for flows and counts in additive units: their ytd is the sum of the months and cannot fall.

        Growth rates, ratios (开工率), levels (播种面积) and anything in % are not: a year-to-date growth
        rate may fall, and twelve monthly rates do not add up to the annual one.
        """
        if indicator_id is None:
            return False
        return (
            self.basis.get(indicator_id) in ("flow", "count")
            and self.kind.get(indicator_id) not in ("growth", "ratio")
            and self.unit.get(indicator_id) != "%"
        )


@dataclass
class Context:
    """The plan, the target year (periods without a year are read in it), the catalog index."""

    plan: Plan
    year: int
    index: CatalogIndex


def make_context(plan: Plan | str | None, targets: pd.DataFrame | None, year: int | None) -> Context:
    """The context of one load: ``year`` defaults to the plan's, ``targets`` to the plan's catalog."""
    plan = load_plan(plan)
    if targets is None:
        targets = load_targets(plan=plan)
    return Context(plan, plan.year if year is None else int(year), CatalogIndex(targets))
