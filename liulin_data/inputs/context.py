"""What one load knows: the plan, the year its periods are read in, and the catalog indexed once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.names import NameIndex, Statistic
from ..files.yamlfile import read_yaml, read_yaml_file
from ..plan.catalog import load_targets
from ..plan.folder import PLAN_FILE, Plan

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
        self.measure = dict(zip(targets["indicator_id"], measures(targets), strict=True))
        self.target = dict(zip(targets["indicator_id"], _numbers(targets, "target"), strict=True))
        comparators = targets["comparator"] if "comparator" in targets else [""] * len(targets)
        self.comparator = dict(zip(targets["indicator_id"], comparators, strict=True))

    def other_statistic(self, text: str) -> tuple[str, Statistic] | None:
        """(indicator_id, the statistic) when ``text`` names another statistic than that row's (林麝存栏 for
        林麝养殖), else None (see :meth:`NameIndex.other_statistic`)."""
        return self.names.other_statistic(text)

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


# the measure of a catalog row from its kind and basis, when the catalog has no `measure` column
_MEASURE_OF_KIND = {"growth": "growth", "ratio": "rate", "milestone": "milestone"}
_MEASURE_OF_BASIS = {"flow": "flow", "count": "flow", "level": "level", "milestone": "milestone"}
# how problems name a measure
MEASURE_LABELS = {
    "flow": "累计（流量）指标",
    "level": "时点数",
    "rate": "比率",
    "growth": "增速",
    "event": "事项",
    "milestone": "里程碑",
}


def measures(targets: pd.DataFrame) -> list[str]:
    """Each catalog row's measure (flow, level, rate, growth, event, milestone): the catalog's ``measure``
    column where it has one, else derived from ``kind`` (growth, ratio → rate, milestone) and ``basis``
    (flow and count → flow, level)."""
    given = targets["measure"] if "measure" in targets else [None] * len(targets)
    out = []
    for m, kind, basis in zip(given, targets["kind"], targets["basis"], strict=True):
        if isinstance(m, str) and m.strip():
            out.append(m.strip())
        else:
            out.append(_MEASURE_OF_KIND.get(kind) or _MEASURE_OF_BASIS.get(basis, "flow"))
    return out


def _numbers(targets: pd.DataFrame, column: str) -> list[float]:
    import pandas as pd

    if column not in targets:
        return [float("nan")] * len(targets)
    return pd.to_numeric(targets[column], errors="coerce").astype(float).tolist()


def preferred_sources(plan: Plan) -> tuple[str, ...]:
    """The sources the plan prefers when two sources give one figure (plan.yaml ``preferred_source``: a name
    such as 统计局, or a list of them, first preferred first); none when not given."""
    value = getattr(plan, "preferred_source", None)
    if value is None:
        try:
            data, _ = read_yaml(read_yaml_file(plan.path(PLAN_FILE)))
        except Exception:  # noqa: BLE001 - plan.py has read this file already; unreadable now = not given
            data = None
        value = data.get("preferred_source") if isinstance(data, dict) else None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


@dataclass
class Context:
    """The plan, the target year (periods without a year are read in it), the catalog index, and the sources
    the plan prefers."""

    plan: Plan
    year: int
    index: CatalogIndex
    preferred: tuple[str, ...] = ()


def make_context(plan: Plan, targets: pd.DataFrame | None, year: int | None) -> Context:
    """The context of one load: ``year`` defaults to the plan's, ``targets`` to the plan's catalog."""
    if not isinstance(plan, Plan):
        raise TypeError(
            f"plan must be a Plan, got {plan!r}: a plan name or folder is resolved at the door "
            "(liulin_data.load_actuals, load_inputs, check_files …; liulin_data.plan.folder.load_plan)"
        )
    if targets is None:
        targets = load_targets(plan=plan)
    year = plan.year if year is None else int(year)
    return Context(plan, year, CatalogIndex(targets), preferred_sources(plan))
