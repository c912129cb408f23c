"""What briefings are made from: the jobs of a run, their inputs loaded once, each indicator's standing.

A run (one ``liulin brief``) may render many briefings: plans × months. Everything a briefing needs is
checked here before anything is written (:func:`prepare`), and the inputs of each plan are parsed once per
run (:class:`InputCache`): the catalog with the analyst's override file, the actuals and the milestone log.
Each briefing gets one :class:`~liulin_data.session.Session` (its progress computed once), which the renderer
hands to the notebook kernels as one file: a big workbook is parsed once per run, and progress computed once
per briefing, not once per kernel.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.exceptions import ParamsError, PeriodError
from ..core.periods import Month, parse_month
from ..plan.folder import Plan, load_plan
from ..plan.sample import any_sample
from ..session import LoadedInputs, Session, load_plan_inputs, resolve_paths
from .params import BriefingParams, notebook_parameters, safe_relpath


@dataclass(frozen=True)
class BriefingJob:
    """One briefing to render: a parameter set and a month; optionally another plan, inputs or targets.

    ``plan``, ``actuals`` and ``targets`` override the parameter file's (as ``liulin brief --plan``,
    ``--actuals`` and ``--targets`` do); None keeps the file's.
    """

    params: BriefingParams
    as_of: str
    plan: Plan | str | Path | None = None
    actuals: Sequence[str | Path] | None = None
    targets: str | Path | None = None


@dataclass
class DataSnapshot:
    """The data a briefing was made from, and each indicator's standing at ``as_of``."""

    files: list[dict]  # {"path", "name", "sha256"}
    is_sample: bool
    indicators: list[dict]  # INDICATOR_COLUMNS
    status_labels: dict[str, str]
    month_has_data: bool
    latest_period: str | None
    progress: Any = None  # the progress rows shown (for the page's 需要关注 list)
    targets: Any = None  # the catalog they were judged against
    digest: str = ""  # data_digest of what the briefing is made from ("" = not known)


@dataclass
class PreparedJob:
    """A job checked and resolved: the plan, the month, the notebooks, the inputs, the output folder name."""

    job: BriefingJob
    plan: Plan
    as_of: str
    name: str  # the folder under OUT/YYYY-MM/ (see briefing_name)
    params: BriefingParams  # the parameter set with as_of, actuals, targets and plan filled in
    sources: dict[str, Path]  # notebook stem -> .ipynb
    notebooks_dir: Path
    session: Session  # the plan at the month, with its inputs and progress (what the kernels read)
    previous: tuple[str, dict] | None = None  # the earlier briefing compared with (set by the renderer)

    @property
    def inputs(self) -> LoadedInputs:
        return self.session.inputs

    @property
    def label(self) -> str:
        """How progress lines and failure summaries name the briefing: month and folder name."""
        return f"{self.as_of} {self.name}"


# --------------------------------------------------------------------------------------------- inputs


class InputCache:
    """Each plan's inputs parsed once per run; thread-safe. Keyed by plan folder, files and override file."""

    def __init__(self) -> None:
        self._loaded: dict[tuple, LoadedInputs] = {}
        self._lock = threading.Lock()

    def get(self, plan: Plan, paths: list[Path], overrides: str) -> LoadedInputs:
        """The loaded inputs; raises ActualsError (every problem of every file) or CatalogError."""
        key = (str(plan.root), tuple(map(str, paths)), overrides)
        with self._lock:
            if key not in self._loaded:
                self._loaded[key] = load_plan_inputs(plan, paths, overrides)
            return self._loaded[key]


# --------------------------------------------------------------------------------------------- jobs


def _repo_dir(sub: str) -> Path:
    """``sub`` of the repo: relative to the cwd if it exists there, else next to the package."""
    here = Path.cwd() / sub
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / sub


def default_params_dir() -> Path:
    """``params/`` of the repo (cwd first, then the repo root next to the package)."""
    return _repo_dir("params")


def default_notebooks_dir() -> Path:
    """``notebooks/`` of the repo (cwd first, then the repo root next to the package)."""
    return _repo_dir("notebooks")


def briefing_name(params: BriefingParams, plan: Plan) -> str:
    """The briefing's folder under ``OUT/YYYY-MM/``: NAME for the parameter file's own plan, else NAME-PLAN.

    So the same parameter set rendered for several plans of one year (``--plan`` repeated) gives one
    folder per plan in one archive.
    """
    name = safe_relpath(params.name)
    own = load_plan(params.plan)
    return name if own.root == plan.root else safe_relpath(f"{name}-{plan.name}")


def prepare(job: BriefingJob, cache: InputCache, notebooks_dir: str | Path | None = None) -> PreparedJob:
    """Check a job and load its inputs; raises ParamsError, PeriodError, PlanError, ActualsError, CatalogError.

    ``notebooks_dir``: where ``<stem>.ipynb`` live (default the repo's ``notebooks/``).
    """
    params = job.params
    plan = load_plan(job.plan if job.plan is not None else params.plan)
    try:
        month = parse_month(job.as_of)
    except PeriodError as exc:
        raise ParamsError(f"--as-of: {exc}") from None
    month = plan.check_month(month)  # PeriodError naming the plan's year
    as_of = str(month)
    stems = [safe_relpath(s) for s in params.notebooks]
    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    sources = {stem: nb_dir / f"{stem}.ipynb" for stem in stems}
    absent = [str(p) for p in sources.values() if not p.is_file()]
    if absent:
        have = sorted(p.stem for p in nb_dir.glob("*.ipynb")) if nb_dir.is_dir() else []
        raise ParamsError(f"找不到笔记本 {', '.join(absent)}；{nb_dir} 下有：{', '.join(have) or '（无）'}")
    raw_paths = list(job.actuals) if job.actuals else list(params.actuals)
    paths, overrides = resolve_paths(raw_paths, job.targets if job.targets else params.targets)
    inputs = cache.get(plan, paths, overrides)
    run_params = params.model_copy(
        update={
            "as_of": as_of,
            "actuals": [str(p) for p in paths],
            "targets": overrides,
            "plan": str(plan.root),  # a folder: the notebooks find it from their own working directory
        }
    )
    notebook_parameters(run_params)  # ParamsError now rather than in a kernel
    session = Session.of(inputs, month)
    return PreparedJob(job, plan, as_of, briefing_name(params, plan), run_params, sources, nb_dir, session)


# --------------------------------------------------------------------------------------------- standing


def data_snapshot(session: Session, domains: Sequence[str] = ()) -> DataSnapshot:
    """A briefing's standing: the session's progress over the briefing's own ``domains`` (a topic briefing
    counts only its indicators; empty = all), with the files it was made from."""
    table = session.shown(domains)
    indicators = session.records(domains)
    latest = [r["latest_period"] for r in indicators if r.get("latest_period")]
    return DataSnapshot(
        files=session.inputs.files,
        is_sample=any_sample(table),  # the sample rule, over the indicators this briefing shows
        indicators=indicators,
        status_labels=session.status_labels,
        month_has_data=session.month_has_data,
        latest_period=max(latest) if latest else None,
        progress=table,
        targets=session.catalog,
        digest=data_digest(session.inputs, session.month, domains),
    )


# what of each frame a page depends on (file names and lines do not change what a page says)
_DIGEST_COLUMNS = {
    "actuals": ("indicator_id", "period", "basis", "value", "unit", "yoy_pct", "source", "note"),
    "milestones": ("indicator_id", "status", "stage", "date", "source", "note"),
    "catalog": ("indicator_id", "target", "target_high", "comparator", "deadline"),
}


def data_digest(inputs: LoadedInputs, month: Month | str, domains: Sequence[str] = ()) -> str:
    """A checksum of the data a briefing of ``month`` over ``domains`` is made from: the actual values of the
    months up to ``month``, the milestone log up to its end, and the targets (the plan's and the analyst's
    override file's), of the briefing's indicators.

    Two briefings with the same digest were made from the same data; a briefing whose manifest holds another
    digest than its inputs give now is out of date (``liulin brief --due`` makes it again, keeping the earlier
    page as a superseded version). Later months' figures, file names and line numbers do not count.
    """
    import pandas as pd

    last = pd.Period(str(month), freq="M")
    catalog = inputs.catalog
    if domains:
        catalog = catalog[catalog["domain"].isin(list(domains))]
    ids = set(catalog["indicator_id"])
    actuals = inputs.actuals
    actuals = actuals[actuals["indicator_id"].isin(ids) & (actuals["period"].astype(str) <= str(last))]
    parts = [_canonical(catalog, "catalog"), _canonical(actuals, "actuals")]
    log = inputs.milestones
    if log is not None and len(log):
        dates = pd.to_datetime(log["date"], errors="coerce")
        log = log[log["indicator_id"].isin(ids) & (dates.isna() | (dates <= last.end_time))]
        parts.append(_canonical(log, "milestones"))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _canonical(frame: Any, kind: str) -> str:
    """The columns of ``frame`` a page depends on, as text (one line per row, in a fixed order)."""
    columns = [c for c in _DIGEST_COLUMNS[kind] if c in frame.columns]
    rows = frame[columns].astype(str).sort_values(columns, kind="stable")
    lines = ["\x1f".join(map(str, row)) for row in rows.itertuples(index=False, name=None)]
    return "\n".join([kind, "\x1f".join(columns), *lines])


__all__ = [
    "BriefingJob",
    "DataSnapshot",
    "InputCache",
    "PreparedJob",
    "briefing_name",
    "default_notebooks_dir",
    "default_params_dir",
    "data_digest",
    "data_snapshot",
    "prepare",
]
