"""The resolved context of one look at a plan: the plan, the month, its inputs and its progress, worked out
once and carried.

What a user gives — a plan name or folder, a month as text, file paths — is resolved here, at the door
(:func:`open_session`), and nowhere below: the layers under this one take a :class:`~liulin_data.plan.folder.Plan`
and a :class:`~liulin_data.core.periods.Month`. A briefing run builds one :class:`Session` per briefing, from
inputs parsed once per plan (:class:`~liulin_data.session.loaded.LoadedInputs`), and hands it to every notebook
kernel as one file (:meth:`Session.save`): the kernels read it, they do not recompute it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import engine
from ..core.exceptions import LiulinError
from ..core.periods import Month
from ..core.statuses import STATUS_LABELS
from ..core.version import __version__
from ..files.atomic import atomic_write
from ..plan.folder import Plan, load_plan
from ..plan.sample import any_sample
from .changes import status_changes
from .loaded import LoadedInputs, load_plan_inputs, resolve_paths

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# what a saved session file is (checked on load)
SESSION_FORMAT = "liulin-session-1"

# the columns of an indicator's standing recorded in the manifest (and compared by 与上期相比的变化)
INDICATOR_COLUMNS = (
    "indicator_id",
    "indicator",
    "domain",
    "target",
    "actual",
    "unit",
    "status",
    "completion",
    "latest_period",
)
_FLOATS = ("target", "actual", "completion")


class SessionFileError(LiulinError):
    """Raised when a saved session is missing, of another format, changed, or saved from other inputs."""


@dataclass
class Session:
    """A plan at a month: its inputs, the progress of every catalog row, and what it is compared with.

    Attributes
    ----------
    inputs : LoadedInputs
        The plan, catalog, profiles, actuals, milestone log and the files read.
    month : Month
        The month looked at (in the plan's year).
    progress : DataFrame
        :func:`liulin_data.engine.progress` of every catalog row at ``month``.
    previous : (month, indicator records) or None
        The standing this one is compared with (the previous briefing's), set by the briefing renderer.
    """

    inputs: LoadedInputs
    month: Month
    progress: pd.DataFrame
    previous: tuple[str, list[dict]] | None = None

    @classmethod
    def of(cls, inputs: LoadedInputs, month: Month) -> Session:
        """Progress of ``inputs`` at ``month`` (a Month of the plan's year), computed once."""
        plan = inputs.plan
        table = engine.progress(
            month,
            inputs.actuals,
            inputs.catalog,
            inputs.milestones,
            year=plan.year,
            profiles=inputs.profiles,
            release_lag_days=plan.release_lag_days,
        )
        return cls(inputs, month, table)

    def at(self, month: Month) -> Session:
        """The same inputs at another month (the months of one run share their inputs)."""
        return Session.of(self.inputs, month)

    # -- what it holds --------------------------------------------------------------------------------
    plan = property(lambda self: self.inputs.plan, doc="The plan (place, year, titles).")
    catalog = property(lambda self: self.inputs.catalog, doc="The catalog with the overrides.")
    profiles = property(lambda self: self.inputs.profiles, doc="The plan's pace profiles.")
    actuals = property(lambda self: self.inputs.actuals, doc="The actuals frame.")
    milestones = property(lambda self: self.inputs.milestones, doc="The milestone log, or None.")
    as_of = property(lambda self: str(self.month), doc="The month as 'YYYY-MM'.")

    @property
    def warnings(self) -> list:
        """The loaders' warnings (警告: they did not stop the run)."""
        return list(self.actuals.attrs.get("warnings", []))

    def shown(
        self,
        domains: Sequence[str] = (),
        theme: Sequence[str] | None = None,
        indicator_ids: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """The progress rows of a theme (its domains), of some indicators, narrowed to ``domains`` (empty = all)."""
        rows = self.progress
        if theme is not None:
            rows = rows[rows["domain"].isin(list(theme))]
        if indicator_ids is not None:
            rows = rows[rows["indicator_id"].isin(list(indicator_ids))]
        if domains:
            rows = rows[rows["domain"].isin(list(domains))]
        return rows

    def is_sample(self, domains: Sequence[str] = ()) -> bool:
        """The sample rule over the rows shown: True when any of them is synthetic."""
        return any_sample(self.shown(domains))

    @property
    def month_has_data(self) -> bool:
        """True when an actual value covers the month (milestone log dates do not count)."""
        values = self.actuals[self.actuals["value"].notna()]
        return bool((values["period"].astype(str) == self.as_of).any())

    def records(self, domains: Sequence[str] = ()) -> list[dict]:
        """Each indicator's standing as plain data (:data:`INDICATOR_COLUMNS`): the manifest's and the
        changes' view of the progress rows."""
        return [_record(row) for row in self.shown(domains).to_dict("records")]

    def changes(self, domains: Sequence[str] = ()) -> list[dict]:
        """Each indicator whose status differs from the standing compared with, worsened first."""
        if self.previous is None:
            return []
        return status_changes({"indicators": self.previous[1]}, self.records(domains))

    @property
    def status_labels(self) -> dict[str, str]:
        return dict(STATUS_LABELS)

    def compared_with(self, previous: tuple[str, list[dict]] | None) -> Session:
        """This session, compared with an earlier standing (month, indicator records)."""
        return replace(self, previous=previous)

    # -- a file for the notebook kernels --------------------------------------------------------------
    def save(self, path: str | os.PathLike) -> str:
        """Write the session for the notebook kernels (atomically); returns the file's sha256."""
        payload = {
            "format": SESSION_FORMAT,
            "library": __version__,
            "sources": self.inputs.sources,
            "session": self,
        }
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(Path(path), data)
        return hashlib.sha256(data).hexdigest()

    @classmethod
    def load(cls, path: str | os.PathLike, sources: list[str] | None = None) -> Session:
        """A saved session; refused (SessionFileError) when it is not one, or was saved from other inputs
        than ``sources`` (the plan's folder, the files and the override file a notebook was given)."""
        try:
            payload = pickle.loads(Path(path).read_bytes())  # noqa: S301 - written by this run, in OUT
        except OSError as exc:
            raise SessionFileError(f"读不到数据快照 {path}：{exc.strerror or exc}") from None
        except Exception as exc:  # not a pickle of ours
            raise SessionFileError(f"{path} 不是数据快照：{type(exc).__name__}") from None
        if not isinstance(payload, dict) or payload.get("format") != SESSION_FORMAT:
            raise SessionFileError(f"{path} 不是本版本的数据快照")
        if sources is not None and payload["sources"] != sources:
            raise SessionFileError(f"数据快照 {path} 来自另一组输入文件，不能用于本笔记本")
        return payload["session"]


PlanRef = Plan | str | os.PathLike | None  # what a user may give for a plan


def resolve_plan(plan: PlanRef = None) -> Plan:
    """The plan a user names: a :class:`Plan` as it is, a plan folder, a plan name, or None (or '') for the
    default plan (:func:`liulin_data.plan.folder.load_plan`; PlanError naming what was looked for)."""
    return plan if isinstance(plan, Plan) else load_plan(plan or None)


def open_session(
    month: object,
    *,
    plan: PlanRef = None,
    actuals: Sequence[str | os.PathLike] = (),
    targets: str | os.PathLike | None = None,
) -> Session:
    """The door: a plan (name, folder, Plan or None for the default), a month (text, date or Month), the
    analyst's files (empty = the plan's sample) and an override file, resolved once.

    Raises PlanError, PeriodError (a month outside the plan's year), ActualsError, CatalogError.
    """
    resolved = resolve_plan(plan)
    month = resolved.check_month(month)
    paths, overrides = resolve_paths(actuals, targets)
    return Session.of(load_plan_inputs(resolved, paths, overrides), month)


def session_sources(
    plan: PlanRef,
    actuals: Sequence[str | os.PathLike],
    targets: str | os.PathLike | None,
) -> list[str]:
    """The sources a notebook's parameters stand for (what its saved session must have been made from)."""
    resolved = resolve_plan(plan)
    paths, overrides = resolve_paths(actuals, targets)
    return [str(resolved.root), *map(str, paths), overrides]


def _record(row: dict) -> dict:
    rec: dict[str, Any] = {}
    for c in INDICATOR_COLUMNS:
        v = row.get(c)
        if v is not None and not isinstance(v, str):
            try:
                v = None if v != v else (float(v) if c in _FLOATS else str(v))
            except (TypeError, ValueError):
                v = str(v)
        rec[c] = v
    return rec


__all__ = [
    "INDICATOR_COLUMNS",
    "SESSION_FORMAT",
    "PlanRef",
    "Session",
    "SessionFileError",
    "open_session",
    "resolve_plan",
    "session_sources",
]
