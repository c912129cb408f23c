"""What briefings are made from: the jobs of a run, their inputs loaded once, each indicator's standing.

A run (one ``liulin brief``) may render many briefings: plans × months. Everything a briefing needs is
checked here before anything is written (:func:`prepare`), and the inputs of each plan are parsed once per
run (:class:`InputCache`): the catalog with the analyst's override file, the actuals and the milestone log.
The renderer hands them to the notebook kernels as one snapshot file (:func:`~liulin_data.inputs.save_snapshot`),
so a big workbook is parsed once per run, not once per kernel.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.exceptions import ActualsError, ParamsError, PeriodError, Problem
from ..core.periods import parse_month
from ..core.statuses import STATUS_LABELS
from ..files.atomic import sha256_file
from ..inputs import save_snapshot
from ..plan.catalog import load_targets
from ..plan.folder import Plan, load_plan
from ..plan.sample import any_sample
from ..session import input_sources, plan_inputs, progress
from .params import BriefingParams, notebook_parameters, safe_relpath

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
class LoadedInputs:
    """A plan's inputs, parsed and validated once per run."""

    plan: Plan
    paths: list[Path]  # the analyst's files; empty = the plan's synthetic sample
    overrides: str  # the target override file ("" = none)
    catalog: Any  # DataFrame: the plan's catalog with the overrides
    actuals: Any  # DataFrame: load_inputs' actuals
    milestones: Any  # DataFrame or None: the milestone log
    files: list[dict]  # {"path", "name", "sha256"} of every file read (the sample's when paths is empty)
    snapshot: Path | None = None  # the kernels' copy, once written (InputCache.snapshot_for)


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
    inputs: LoadedInputs
    previous: tuple[str, dict] | None = None  # the earlier briefing compared with (set by the renderer)

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
                self._loaded[key] = _load(plan, paths, overrides)
            return self._loaded[key]

    def snapshot_for(self, inputs: LoadedInputs, folder: Path) -> Path:
        """Write the inputs once into ``folder`` for the notebook kernels; returns the file."""

        with self._lock:
            if inputs.snapshot is None or not inputs.snapshot.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"inputs-{len(list(folder.glob('inputs-*.pickle')))}.pickle"
                save_snapshot(inputs.actuals, inputs.milestones, path, sources=snapshot_sources(inputs))
                inputs.snapshot = path
            return inputs.snapshot


def snapshot_sources(inputs: LoadedInputs) -> list[str]:
    """What a snapshot stands for: the plan folder, the files and the override file (checked on load)."""

    return input_sources(inputs.paths, inputs.plan, inputs.overrides)


def _load(plan: Plan, paths: list[Path], overrides: str) -> LoadedInputs:

    missing = [p for p in paths if not p.is_file()]
    if missing:
        hint = "检查路径，或用 liulin check 检查文件"
        raise ActualsError([Problem(str(p), None, None, None, "找不到实际值文件", hint) for p in missing])
    catalog = load_targets(overrides=overrides or None, plan=plan)
    actuals, milestones = plan_inputs(paths, plan=plan, targets=catalog)
    used = paths if paths else plan.sample_paths()
    files = [{"path": str(p), "name": p.name, "sha256": sha256_file(p)} for p in used]
    return LoadedInputs(plan, list(paths), overrides, catalog, actuals, milestones, files)


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
    as_of = str(plan.check_month(month))  # PeriodError naming the plan's year
    stems = [safe_relpath(s) for s in params.notebooks]
    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    sources = {stem: nb_dir / f"{stem}.ipynb" for stem in stems}
    absent = [str(p) for p in sources.values() if not p.is_file()]
    if absent:
        have = sorted(p.stem for p in nb_dir.glob("*.ipynb")) if nb_dir.is_dir() else []
        raise ParamsError(f"找不到笔记本 {', '.join(absent)}；{nb_dir} 下有：{', '.join(have) or '（无）'}")
    raw_paths = list(job.actuals) if job.actuals else list(params.actuals)
    paths = [Path(p).expanduser().resolve() for p in raw_paths]
    targets = job.targets if job.targets else params.targets
    overrides = str(Path(targets).expanduser().resolve()) if targets else ""
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
    return PreparedJob(job, plan, as_of, briefing_name(params, plan), run_params, sources, nb_dir, inputs)


# --------------------------------------------------------------------------------------------- standing


def data_snapshot(as_of: str, inputs: LoadedInputs, domains: Sequence[str] = ()) -> DataSnapshot:
    """Each indicator's standing at ``as_of`` (:func:`liulin_data.session.progress`) from loaded inputs.

    ``domains``: the briefing's own domains (a topic briefing counts only its indicators); empty = all.
    """

    frame = inputs.actuals
    table = progress(as_of, frame, inputs.catalog, inputs.milestones, plan=inputs.plan)
    if domains:
        table = table[table["domain"].isin(list(domains))]
    values = frame[frame["value"].notna()]
    # the month has data when an actual value covers it (milestone log dates do not count)
    month_has_data = bool((values["period"].astype(str) == as_of).any())
    indicators = [_record(row) for row in table.to_dict("records")]
    latest = [r["latest_period"] for r in indicators if r.get("latest_period")]
    return DataSnapshot(
        files=inputs.files,
        is_sample=any_sample(table),  # the sample rule, over the indicators this briefing shows
        indicators=indicators,
        status_labels=dict(STATUS_LABELS),
        month_has_data=month_has_data,
        latest_period=max(latest) if latest else None,
        progress=table,
        targets=inputs.catalog,
    )


def _record(row: dict) -> dict:
    rec = {}
    for c in INDICATOR_COLUMNS:
        v = row.get(c)
        if v is not None and not isinstance(v, str):
            try:
                v = None if v != v else (float(v) if c in _FLOATS else str(v))
            except (TypeError, ValueError):
                v = str(v)
        rec[c] = v
    return rec


def latest_month(inputs: LoadedInputs) -> str | None:
    """The latest month with any actual value (a filled-in template lists every month, most still blank)."""
    frame = inputs.actuals
    periods = frame.loc[frame["value"].notna(), "period"].dropna().astype(str)
    return max(periods) if len(periods) else None


__all__ = [
    "BriefingJob",
    "DataSnapshot",
    "InputCache",
    "LoadedInputs",
    "PreparedJob",
    "briefing_name",
    "default_notebooks_dir",
    "default_params_dir",
    "data_snapshot",
    "latest_month",
    "prepare",
]
