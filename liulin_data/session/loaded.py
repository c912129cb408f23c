"""A plan's inputs loaded once: the catalog with the analyst's override file, the pace profiles, the actuals
and the milestone log, and the files they came from (with their checksums).

This is the one place that calls the actuals loaders for a plan. A plan without a sample and no files given
gives an empty actuals frame and no log.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import inputs
from ..files.atomic import sha256_file
from ..plan.catalog import load_targets
from ..plan.folder import Plan
from ..plan.profiles import load_profiles

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..plan.profiles import Profile


@dataclass
class LoadedInputs:
    """A plan's inputs, parsed and validated once (per run of ``liulin brief``, per notebook by hand)."""

    plan: Plan
    paths: list[Path]  # the analyst's files, resolved; empty = the plan's synthetic sample
    overrides: str  # the target override file, resolved ("" = none)
    catalog: pd.DataFrame  # the plan's catalog with the overrides
    profiles: Mapping[str, Profile]  # the plan's pace profiles
    actuals: pd.DataFrame  # the loaders' actuals (attrs: revisions, warnings …)
    milestones: pd.DataFrame | None  # the milestone log
    files: list[dict] = field(default_factory=list)  # {"path", "name", "sha256"} of every file read

    @property
    def sources(self) -> list[str]:
        """What these inputs stand for: the plan's folder, the files and the override file."""
        return input_sources(self.paths, self.plan, self.overrides)

    @property
    def latest_month(self) -> str | None:
        """The latest month with any actual value (a filled-in template lists every month, most still blank)."""
        frame = self.actuals
        periods = frame.loc[frame["value"].notna(), "period"].dropna().astype(str)
        return max(periods) if len(periods) else None


def resolve_paths(
    paths: Sequence[str | os.PathLike], overrides: str | os.PathLike | None
) -> tuple[list[Path], str]:
    """The analyst's files and override file as absolute paths (what a run is keyed and checked by)."""
    files = [Path(p).expanduser().resolve() for p in paths]
    return files, str(Path(overrides).expanduser().resolve()) if overrides else ""


def input_sources(paths: Sequence[Path], plan: Plan, overrides: str = "") -> list[str]:
    """What loaded inputs stand for: the plan's folder, the files (resolved) and the override file."""
    files, extra = resolve_paths(paths, overrides)
    return [str(plan.root), *map(str, files), extra]


def load_plan_inputs(plan: Plan, paths: Sequence[Path] = (), overrides: str = "") -> LoadedInputs:
    """The catalog (with ``overrides``), profiles, actuals and milestone log of ``plan`` from ``paths``
    (resolved; empty = the plan's sample). Raises ActualsError listing every problem of every file (a
    missing file among them, said by the loaders), or CatalogError for a bad override file."""
    paths = list(paths)
    catalog = load_targets(overrides=overrides or None, plan=plan)
    actuals, milestones = read_actuals(plan, paths, catalog)
    used = paths if paths else plan.sample_paths()
    files = [{"path": str(p), "name": p.name, "sha256": sha256_file(p)} for p in used]
    return LoadedInputs(plan, paths, overrides, catalog, load_profiles(plan), actuals, milestones, files)


def read_actuals(plan: Plan, paths: Sequence[Any], catalog: pd.DataFrame) -> tuple[pd.DataFrame, Any]:
    """Actuals and milestone log of ``paths``, or the plan's sample when none is given (the loaders' rule)."""
    return inputs.load_inputs([str(p) for p in paths], targets=catalog, plan=plan)  # looked up at call time


__all__ = ["LoadedInputs", "input_sources", "load_plan_inputs", "read_actuals", "resolve_paths"]
