"""Render scheduled briefings: papermill on a warm pool of kernels, nbconvert, an archive, manifests, a lock.

Layout of the output folder ``OUT``::

    OUT/index.html                      every briefing (period, name, status counts, link), from the manifests
    OUT/.lock                           held while a render runs (a second run gets LockError, exit 3)
    OUT/YYYY-MM/NAME/index.html         the briefing: ONE self-contained HTML, every notebook a section
    OUT/YYYY-MM/NAME/NAME.html          the same page under a name fit for forwarding
    OUT/YYYY-MM/NAME/<stem>.html        one page per notebook
    OUT/YYYY-MM/NAME/<stem>.ipynb       the executed notebooks
    OUT/YYYY-MM/NAME/manifest.json      parameters, inputs (sha256), indicators, timings, changes
    OUT/YYYY-MM/NAME/<stem>.failed.ipynb  kept when a notebook fails (earlier good output stays untouched)

NAME is the parameter set's name, or NAME-PLAN for another plan than the parameter file's own
(:func:`~liulin_data.briefing.prepare.briefing_name`).

One run renders one briefing (:func:`render_briefing`) or many (:func:`render_many`: plans × months).
Everything is checked before anything is written; each plan's inputs are parsed once per run and handed
to the kernels as one snapshot; one lock and one warm pool of kernels (:class:`~liulin_data.briefing.kernels.pool.
KernelPool`, reset between notebooks) serve the whole run. Each briefing is rendered in a staging folder
inside ``OUT`` and swapped in by one atomic step (:func:`~liulin_data.files.atomic.swap_in`) only when
every notebook succeeded, so a failing or killed briefing never damages the previous good one, nor the
other briefings of the run. ``executor=`` sends the briefings to other machines instead
(:mod:`liulin_data.briefing.distribute`).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.exceptions import ActualsError, ParamsError, Problem
from ..core.periods import month_range
from ..files.atomic import out_lock, recover
from ..plan.folder import Plan, load_plan
from ..session import LoadedInputs, resolve_paths
from . import distribute, local
from .kernels.pool import KernelPool
from .local import Standing
from .outfolder import Guard, read_manifest, write_index
from .params import BriefingParams
from .prepare import (
    BriefingJob,
    InputCache,
    PreparedJob,
    briefing_name,
    data_digest,
    default_notebooks_dir,
    default_params_dir,
    prepare,
)
from .results import BatchResult, BriefingFailure, RenderResult, lean_imports
from .versions import file_changes, why_changed

# the text printed by --due when every briefing exists and is up to date
NOTHING_DUE = "无需生成：所有简报已是最新"

# the data side, looked up at call time (tests replace it with small fixed data)
_latest_month = LoadedInputs.latest_month.fget  # the latest month with an actual value


# --------------------------------------------------------------------------------------------- API


def render_briefing(
    params: BriefingParams,
    as_of: str,
    out_dir: str | Path,
    *,
    actuals: list[str | Path] | None = None,
    notebooks_dir: str | Path | None = None,
    require_fresh: bool = False,
    progress_cb: Callable[[str], Any] | None = print,
    jobs: int | None = None,
    targets: str | Path | None = None,
    plan: Plan | str | Path | None = None,
) -> RenderResult:
    """Execute a briefing's notebooks in parallel and publish one offline HTML briefing.

    Parameters
    ----------
    params : BriefingParams
        The briefing (``load_params('params/monthly.yaml')``).
    as_of : str
        The month the briefing covers, 'YYYY-MM', in the plan's year.
    out_dir : str or Path
        The archive folder; the briefing goes to ``OUT/as_of/NAME/``.
    actuals : list of paths, optional
        Actuals files; overrides ``params.actuals``. Empty or None (with empty ``params.actuals``) means the
        plan's synthetic sample.
    notebooks_dir : path, optional
        Where ``<stem>.ipynb`` live; default the repo's ``notebooks/``.
    require_fresh : bool
        Fail (ActualsError) when ``as_of`` has no actual values at all (also set by ``params.require_fresh``).
    progress_cb : callable, optional
        Receives one line per notebook, e.g. ``[2/4] 10_energy … 7.9 秒 完成``, then ``简报已生成：…``.
    jobs : int, optional
        Notebooks run at once (kernels); default ``os.cpu_count()``.
    targets : path, optional
        An analyst's target override file; overrides ``params.targets``.
    plan : Plan, name or folder, optional
        The plan (place, year, catalog); overrides ``params.plan``.

    Returns
    -------
    RenderResult

    Raises
    ------
    ParamsError, PeriodError, ActualsError, PlanError
        Bad month (PeriodError: one outside the plan's year), missing notebook, unknown plan, bad or missing
        actuals file: raised before anything is written.
    LockError
        Another run holds ``OUT/.lock``.
    RenderError
        A notebook failed; its executed copy is kept as ``OUT/as_of/NAME/<stem>.failed.ipynb``, the
        previous good briefing is untouched.
    """
    job = BriefingJob(params, as_of, plan=plan, actuals=actuals, targets=targets)
    batch = render_many(
        [job],
        out_dir,
        notebooks_dir=notebooks_dir,
        require_fresh=require_fresh,
        progress_cb=progress_cb,
        workers=jobs,
    )
    if batch.failures:
        raise batch.failures[0].error
    return batch.results[0]


def render_many(
    jobs: Iterable[BriefingJob],
    out_dir: str | Path,
    *,
    executor: Executor | None = None,
    notebooks_dir: str | Path | None = None,
    require_fresh: bool = False,
    progress_cb: Callable[[str], Any] | None = print,
    workers: int | None = None,
    pool: Any = None,
    force: bool = False,
    worker_timeout_s: float = distribute.WORKER_TIMEOUT_S,
) -> BatchResult:
    """Render many briefings (plans × months) in one run, into one archive.

    Every job is checked first (ParamsError, PeriodError, PlanError, ActualsError, CatalogError: nothing is
    written). Then, under one lock on ``OUT``, the briefings run side by side on one warm pool of kernels,
    each plan's inputs parsed once. Each briefing is atomic on its own: a failed one is reported in
    :attr:`BatchResult.failures` (its ``*.failed.ipynb`` kept) and the others are published.

    Parameters
    ----------
    jobs : iterable of BriefingJob
    out_dir : path
        The archive; one index lists every plan and month.
    executor : concurrent.futures.Executor, optional
        Render on it instead of here: ``distributed.Client(...).get_executor()`` sends each briefing to a
        Dask cluster, with its plan, notebooks and inputs, and the results are written into ``OUT`` here
        (:mod:`liulin_data.briefing.distribute`). Workers need the package, no shared disk.
    notebooks_dir : path, optional
        Where ``<stem>.ipynb`` live; default the repo's ``notebooks/``.
    require_fresh : bool
        A briefing whose month has no actual value fails (ActualsError) instead of rendering.
    progress_cb : callable, optional
        One line per briefing with the time used and an estimate of the rest (one line per notebook
        when the run has one briefing); None for silence.
    workers : int, optional
        Notebooks executed at once (kernels in the pool, or per worker with ``executor``); default the cores.
    pool : KernelPool, optional
        A pool to use (and leave running); default one for this run.
    force : bool
        What ``OUT`` holds that liulin did not write — in a briefing folder this run replaces, or an
        ``OUT/index.html`` that is not the archive page — is moved aside into ``OUT/moved-aside-…/`` instead of
        stopping the run (OutputError, exit 2; :mod:`liulin_data.briefing.outfolder`).
    worker_timeout_s : float
        With ``executor``: how long the run waits while the cluster has no worker before it fails the
        briefings not made (:func:`liulin_data.briefing.distribute.render_on`).
    """
    say = progress_cb or (lambda _line: None)
    jobs = list(jobs)
    t0 = time.perf_counter()
    size = max(1, workers or os.cpu_count() or 1)
    own_pool = executor is None and pool is None and bool(jobs)
    if own_pool:  # its kernels start (and import) while the inputs are parsed
        pool = KernelPool(size=min(size, sum(len(j.params.notebooks) for j in jobs)))
    try:
        cache = InputCache()
        prepared = [prepare(job, cache, notebooks_dir) for job in jobs]
        _refuse_duplicates(prepared)
        standing = Standing()
        stale = {id(p): _not_fresh(p, standing, require_fresh) for p in prepared}
        todo = [p for p in prepared if stale[id(p)] is None]
        batch = BatchResult([], [f for f in stale.values() if f is not None])
        if todo:
            out = Path(out_dir).resolve()
            out.mkdir(parents=True, exist_ok=True)
            options = dict(workers=workers, force=force, worker_timeout_s=worker_timeout_s)
            done = _render_locked(todo, out, executor, pool, standing, say, size, **options)
            batch = _merge(prepared, batch, done)
    finally:
        if own_pool:
            pool.shutdown()
    batch.seconds = round(time.perf_counter() - t0, 3)
    if len(jobs) > 1:
        say(batch.summary())
    return batch


def _render_locked(
    todo: list[PreparedJob],
    out: Path,
    executor: Executor | None,
    pool: Any,
    standing: Standing,
    say: Callable[[str], Any],
    size: int,
    *,
    workers: int | None,
    force: bool,
    worker_timeout_s: float,
) -> BatchResult:
    """Under ``OUT``'s lock: what liulin did not write refused or moved aside, then the briefings, here or on
    ``executor``, then the archive page (not after an interruption: the next run rebuilds it)."""
    with out_lock(out):
        recover(out)
        guard = Guard(out, force)
        guard.check([out / p.as_of / p.name for p in todo])  # before anything is written
        if guard.moved:
            say(guard.said())
        try:
            if executor is None:
                return local.render_prepared(todo, out, pool, standing, say, size, guard)
            local.previous_briefings(todo, out, standing)
            return distribute.render_on(
                executor, todo, out, progress_cb=say, workers=workers, guard=guard,
                worker_timeout_s=worker_timeout_s,
            )  # fmt: skip
        except BaseException:
            guard.stopped = True
            raise
        finally:
            if not guard.stopped:
                write_index(out, local.index_plan(todo))


def _not_fresh(job: PreparedJob, standing: Standing, require_fresh: bool) -> BriefingFailure | None:
    """A briefing that must have data for its month and has none (``require_fresh``): fails, nothing written."""
    if not (require_fresh or job.params.require_fresh) or standing.of(job).month_has_data:
        return None
    files = ", ".join(p.name for p in job.inputs.paths) or "示例数据"
    problem = Problem(
        files,
        None,
        "period",
        job.as_of,
        f"{job.as_of} 没有任何实际值（require_fresh）",
        "补录当月数据后用 liulin check 检查，再重新生成",
    )
    return BriefingFailure(job.as_of, job.name, ActualsError([problem]))


def _refuse_duplicates(prepared: list[PreparedJob]) -> None:
    seen = Counter(p.label for p in prepared)
    twice = [label for label, n in seen.items() if n > 1]
    if twice:
        raise ParamsError(f"同一份简报在本次运行中出现多次：{'，'.join(twice)}；每个计划与月份只需一次")


def _merge(prepared: list[PreparedJob], first: BatchResult, second: BatchResult) -> BatchResult:
    """Both results, failures in job order."""
    order = {p.label: i for i, p in enumerate(prepared)}
    failures = sorted([*first.failures, *second.failures], key=lambda f: order[f.label])
    results = sorted([*first.results, *second.results], key=lambda r: order[f"{r.as_of} {r.name}"])
    return BatchResult(results, failures)


@dataclass(frozen=True)
class Due:
    """A briefing ``--due`` makes: its month, and why (``reason`` empty: it was never made)."""

    as_of: str
    reason: str = ""

    def said(self, name: str) -> str:
        """``YYYY-12 monthly（重新生成：输入文件已更新：新增 统计月报.xlsx）`` or ``YYYY-04 monthly（尚未生成）``."""
        return f"{self.as_of} {name}（{f'重新生成：{self.reason}' if self.reason else '尚未生成'}）"


def due_briefings(
    params: BriefingParams,
    out_dir: str | Path,
    *,
    actuals: list[str | Path] | None = None,
    targets: str | Path | None = None,
    plan: Plan | str | Path | None = None,
    cache: InputCache | None = None,
) -> list[Due]:
    """The briefings of the plan's year, up to the latest month with actuals, that are missing, or whose data
    changed since their page was made (the manifest's data digest, or for an older manifest its input files'
    checksums, against the inputs now: :func:`liulin_data.briefing.versions.why_changed`)."""
    plan = load_plan(plan if plan is not None else params.plan)
    paths, overrides = resolve_paths(
        list(actuals) if actuals else list(params.actuals), targets if targets else params.targets
    )
    inputs = (cache or InputCache()).get(plan, paths, overrides)
    latest = _latest_month(inputs)
    first, last = str(plan.first_month), str(plan.last_month)
    if latest is None or latest < first:
        return []
    out, name = Path(out_dir), briefing_name(params, plan)
    due = []
    for month in map(str, month_range(first, min(latest, last))):
        made = read_manifest(out / month / name)
        if made is None:
            due.append(Due(month))
            continue
        now = {"inputs": inputs.files, "data_digest": data_digest(inputs, month, params.domains)}
        reason = why_changed(made, now)
        if reason is not None:
            changes = file_changes(made.get("inputs") or [], inputs.files)
            due.append(Due(month, f"{reason}：{changes}" if changes else reason))
    return due


def due_months(
    params: BriefingParams,
    out_dir: str | Path,
    *,
    actuals: list[str | Path] | None = None,
    plan: Plan | str | Path | None = None,
    cache: InputCache | None = None,
) -> list[str]:
    """The months :func:`due_briefings` makes."""
    return [d.as_of for d in due_briefings(params, out_dir, actuals=actuals, plan=plan, cache=cache)]


def render_due(
    params_list: list[BriefingParams],
    out_dir: str | Path,
    *,
    actuals: list[str | Path] | None = None,
    targets: str | Path | None = None,
    plans: Sequence[Plan | str | Path | None] = (None,),
    **kwargs: Any,
) -> BatchResult:
    """Catch up: render, in one run, every briefing of ``params_list`` × ``plans`` that is due — missing, or
    made from data that changed since (its page is kept as a superseded version: :mod:`.versions`).

    ``plans``: the plans (None = each parameter file's own). Other keyword arguments go to
    :func:`render_many`. Says which briefings it makes and why, or :data:`NOTHING_DUE` (and returns an empty
    result) when every briefing is there and up to date.
    """
    say = kwargs.get("progress_cb", print) or (lambda _line: None)
    cache = InputCache()
    jobs, said = [], []
    for p in params_list:
        for plan in plans:
            name = briefing_name(p, load_plan(plan if plan is not None else p.plan))
            for due in due_briefings(p, out_dir, actuals=actuals, targets=targets, plan=plan, cache=cache):
                jobs.append(BriefingJob(p, due.as_of, plan=plan, actuals=actuals, targets=targets))
                said.append(due.said(name))
    if not jobs:
        say(NOTHING_DUE)
        return BatchResult([], [])
    say(f"待生成 {len(jobs)} 份简报：" + "；".join(said))
    return render_many(jobs, out_dir, **kwargs)


__all__ = [
    "NOTHING_DUE",
    "BatchResult",
    "BriefingFailure",
    "BriefingJob",
    "Due",
    "RenderResult",
    "default_notebooks_dir",
    "default_params_dir",
    "due_briefings",
    "due_months",
    "render_briefing",
    "render_due",
    "render_many",
    "lean_imports",
]
