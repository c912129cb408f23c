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
to the kernels as one snapshot; one lock and one warm pool of kernels (:class:`~liulin_data.kernels.
KernelPool`, reset between notebooks) serve the whole run. Each briefing is rendered in a staging folder
inside ``OUT`` and swapped in by one atomic step (:func:`~liulin_data.briefing.files.swap_in`) only when
every notebook succeeded, so a failing or killed briefing never damages the previous good one, nor the
other briefings of the run. ``executor=`` sends the briefings to other machines instead
(:mod:`liulin_data.distribute`).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..exceptions import ActualsError, LiulinError, ParamsError, Problem, RenderError
from ..periods import month_range
from ..plan import Plan, load_plan
from . import archive, page
from .files import UMASK, atomic_write, out_lock, recover, sha256_file, swap_in
from .params import BriefingParams, notebook_parameters
from .prepare import (
    BriefingJob,
    DataSnapshot,
    InputCache,
    PreparedJob,
    briefing_name,
    data_snapshot,
    default_notebooks_dir,
    default_params_dir,
    latest_month,
    prepare,
)
from .progress import BatchProgress

# the text printed by --due when every briefing exists
NOTHING_DUE = "无需生成：所有简报已是最新"
# manifest format version
MANIFEST_VERSION = 1
# the archive index is rebuilt at most this often during a long run (seconds), and always at its end
INDEX_EVERY_S = 10.0

# optional modules the renderer's process goes without (see lean_imports)
SKIPPED_IMPORTS = ("rfc3987_syntax",)

# the data side, looked up at call time (tests replace them with small fixed data)
_snapshot = data_snapshot
_latest_month = latest_month


# --------------------------------------------------------------------------------------------- results


@dataclass
class RenderResult:
    """What one successful render produced."""

    name: str
    as_of: str
    briefing_dir: Path
    index_html: Path  # the briefing page (all notebooks in one self-contained file)
    briefing_html: Path  # the same page as NAME.html
    notebook_html: dict[str, Path]
    manifest: Path
    timings: dict[str, float]
    is_sample: bool
    month_missing: bool
    seconds: float
    changes: list[dict] = field(default_factory=list)


@dataclass
class BriefingFailure:
    """A briefing of a run that was not made; the previous good one, if any, is untouched."""

    as_of: str
    name: str
    error: LiulinError

    @property
    def label(self) -> str:
        return f"{self.as_of} {self.name}"

    @property
    def reason(self) -> str:
        return " ".join(str(self.error).split())


@dataclass
class BatchResult:
    """What a run produced: the briefings made (in job order) and the ones that failed."""

    results: list[RenderResult]
    failures: list[BriefingFailure]
    seconds: float = 0.0

    def summary(self) -> str:
        """One line: how many were made, and which failed and why."""
        made = f"共 {len(self.results) + len(self.failures)} 份简报，完成 {len(self.results)} 份"
        if not self.failures:
            return f"{made}，用时 {_duration(self.seconds)}"
        failed = "；".join(f"{f.label}（{f.reason}）" for f in self.failures)
        return f"{made}，失败 {len(self.failures)} 份：{failed}"


def _duration(seconds: float) -> str:
    from .progress import duration_text

    return duration_text(seconds)


def lean_imports() -> None:
    """Keep the renderer's own process from importing what it never uses and what costs seconds.

    jsonschema (imported by nbformat, papermill and nbconvert) imports ``rfc3987_syntax`` when it is installed
    (jupyter-events requires it), and that module compiles a grammar at import: 1.3 s of a ~8 s briefing on 2
    cores. It serves jsonschema's IRI format checks, which notebook validation never uses. Called by the
    processes liulin owns (``liulin brief``, a Dask worker's task) before anything imports jsonschema; a
    library user's process is left alone. An import already done is kept.
    """
    for name in SKIPPED_IMPORTS:
        sys.modules.setdefault(name, None)  # None: "import rfc3987_syntax" raises ImportError at once


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
        Receives one line per notebook, e.g. ``[2/4] 10_energy … 7.9 s ok``, then ``简报已生成：…``.
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
        (:mod:`liulin_data.distribute`). Workers need the package, no shared disk.
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
    """
    say = progress_cb or (lambda _line: None)
    jobs = list(jobs)
    t0 = time.perf_counter()
    size = max(1, workers or os.cpu_count() or 1)
    own_pool = executor is None and pool is None and bool(jobs)
    if own_pool:  # its kernels start (and import) while the inputs are parsed
        from ..kernels import KernelPool

        pool = KernelPool(size=min(size, sum(len(j.params.notebooks) for j in jobs)))
    try:
        cache = InputCache()
        prepared = [prepare(job, cache, notebooks_dir) for job in jobs]
        _refuse_duplicates(prepared)
        standing = _Standing()
        stale = {id(p): _not_fresh(p, standing, require_fresh) for p in prepared}
        todo = [p for p in prepared if stale[id(p)] is None]
        batch = BatchResult([], [f for f in stale.values() if f is not None])
        if todo:
            out = Path(out_dir).resolve()
            out.mkdir(parents=True, exist_ok=True)
            with out_lock(out):
                recover(out)
                _previous_briefings(todo, out, standing)
                try:
                    if executor is None:
                        done = _render_all(todo, out, pool, cache, standing, say, size)
                    else:
                        from ..distribute import render_on

                        done = render_on(executor, todo, out, progress_cb=say, workers=workers)
                finally:
                    archive.build_index(out, _index_plan(todo))
            batch = _merge(prepared, batch, done)
    finally:
        if own_pool:
            pool.shutdown()
    batch.seconds = round(time.perf_counter() - t0, 3)
    if len(jobs) > 1:
        say(batch.summary())
    return batch


def _not_fresh(job: PreparedJob, standing: _Standing, require_fresh: bool) -> BriefingFailure | None:
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


# --------------------------------------------------------------------------------------------- the run


class _Standing:
    """Each job's :class:`DataSnapshot`, computed once (a briefing's, and its successor's 与上期相比)."""

    def __init__(self) -> None:
        self._done: dict[int, DataSnapshot] = {}
        self._lock = threading.Lock()

    def of(self, p: PreparedJob) -> DataSnapshot:
        with self._lock:
            if id(p) not in self._done:
                self._done[id(p)] = _snapshot(p.as_of, p.inputs, p.params.domains)
            return self._done[id(p)]


def _previous_briefings(prepared: list[PreparedJob], out: Path, standing: _Standing) -> None:
    """What each briefing compares with: the latest earlier month, in this run or in the archive."""
    for p in prepared:
        stored = archive.previous_manifest(out, p.name, p.as_of)
        earlier = [q for q in prepared if q.name == p.name and q.as_of < p.as_of]
        q = max(earlier, key=lambda q: q.as_of) if earlier else None
        if q is not None and (stored is None or q.as_of >= stored[0]):
            p.previous = (q.as_of, _LazyIndicators(q, standing))
        else:
            p.previous = stored


class _LazyIndicators(dict):
    """A previous briefing of the same run, as a manifest-like dict whose indicators are computed on use."""

    def __init__(self, job: PreparedJob, standing: _Standing) -> None:
        super().__init__()
        self._job, self._standing = job, standing

    def get(self, key: str, default: Any = None) -> Any:
        if key == "indicators":
            return self._standing.of(self._job).indicators
        return super().get(key, default)


def _merge(prepared: list[PreparedJob], first: BatchResult, second: BatchResult) -> BatchResult:
    """Both results, failures in job order."""
    order = {p.label: i for i, p in enumerate(prepared)}
    failures = sorted([*first.failures, *second.failures], key=lambda f: order[f.label])
    results = sorted([*first.results, *second.results], key=lambda r: order[f"{r.as_of} {r.name}"])
    return BatchResult(results, failures)


def _index_plan(prepared: list[PreparedJob]) -> Plan | None:
    """The plan the archive index is titled by: the run's one plan, or None for several."""
    plans = {str(p.plan.root): p.plan for p in prepared}
    return next(iter(plans.values())) if len(plans) == 1 else None


def _render_all(
    prepared: list[PreparedJob],
    out: Path,
    pool: Any,
    cache: InputCache,
    standing: _Standing,
    say: Callable[[str], Any],
    size: int,
) -> BatchResult:
    """The briefings on this machine's pool, side by side; unordered results (render_many orders them)."""
    single = len(prepared) == 1
    progress = BatchProgress(len(prepared), None if single else say)
    index_plan = _index_plan(prepared)
    results: dict[int, RenderResult] = {}
    failures: list[BriefingFailure] = []
    last_index = time.perf_counter()
    inputs_dir = Path(tempfile.mkdtemp(prefix=".staging-inputs-", dir=out))
    try:
        with ThreadPoolExecutor(max_workers=size, thread_name_prefix="liulin-briefing") as briefings:
            futures = {
                briefings.submit(
                    _render_one,
                    p,
                    out,
                    pool,
                    cache,
                    inputs_dir,
                    standing,
                    say if single else None,
                ): i
                for i, p in enumerate(prepared)
            }
            for fut in as_completed(futures):
                p = prepared[futures[fut]]
                try:
                    res = fut.result()
                except LiulinError as exc:
                    failures.append(BriefingFailure(p.as_of, p.name, exc))
                    progress.finished(p.label, 0.0, f"失败：{failures[-1].reason}")
                    continue
                results[futures[fut]] = res
                progress.finished(p.label, res.seconds)
                if single:
                    say(f"简报已生成：{res.index_html}（{res.seconds:.1f} s）")
                if time.perf_counter() - last_index > INDEX_EVERY_S:
                    archive.build_index(out, index_plan)
                    last_index = time.perf_counter()
    finally:
        shutil.rmtree(inputs_dir, ignore_errors=True)
    return BatchResult(list(results.values()), failures)


def _render_one(
    job: PreparedJob,
    out: Path,
    pool: Any,
    cache: InputCache,
    inputs_dir: Path,
    standing: _Standing,
    say: Callable[[str], Any] | None,
) -> RenderResult:
    """One briefing: staging folder, notebooks on the pool, pages, manifest, swap (raises LiulinError)."""
    t_start = time.perf_counter()
    snap = standing.of(job)
    snapshot = cache.snapshot_for(job.inputs, inputs_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{job.as_of}-{job.name}-", dir=out))
    staging.chmod(0o777 & ~UMASK)
    try:
        return _render_staged(job, out, staging, pool, snap, str(snapshot), say, t_start)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _run_notebooks(
    job: PreparedJob,
    staging: Path,
    pool: Any,
    nb_params: dict,
    on_done: Callable[[str, float, str | None], Any],
) -> None:
    """Execute the job's notebooks on the pool; ``on_done(stem, seconds, failure or None)`` as each ends."""
    stems = list(job.sources)
    with ThreadPoolExecutor(max_workers=len(stems), thread_name_prefix="liulin-nb") as threads:
        t_submit = time.perf_counter()
        futures: dict[Future, str] = {
            threads.submit(
                pool.execute_notebook,
                job.sources[s],
                staging / f"{s}.ipynb",
                nb_params,
                cwd=job.notebooks_dir,
                timeout_s=job.params.timeout_s,
            ): s
            for s in stems
        }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                exc = fut.exception()
                if exc is None:
                    on_done(futures[fut], round(fut.result(), 3), None)
                else:
                    on_done(futures[fut], round(time.perf_counter() - t_submit, 3), _failure_text(exc))


def _failure_text(exc: BaseException) -> str:
    ename = getattr(exc, "ename", None)
    if ename:
        return f"{ename}: {getattr(exc, 'evalue', '')}".strip()
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"


def _render_staged(
    job: PreparedJob,
    out: Path,
    staging: Path,
    pool: Any,
    snap: DataSnapshot,
    snapshot: str,
    say: Callable[[str], Any] | None,
    t_start: float,
) -> RenderResult:
    import nbformat

    params, plan, as_of = job.params, job.plan, job.as_of
    final = out / as_of / job.name
    title = plan.briefing_title(params.kind)
    stems = list(job.sources)
    sources = job.sources
    nb_params = notebook_parameters(params)  # as recorded in the manifest
    timings: dict[str, float] = {}
    failures: dict[str, str] = {}
    generated_at = datetime.now(ZoneInfo(plan.timezone)).isoformat(timespec="seconds")  # the plan's time
    period = plan.check_month(as_of).label
    page.warm_exporter()
    pages: dict[str, str] = {}
    lock = threading.Lock()

    def on_done(stem: str, seconds: float, failure: str | None) -> None:
        with lock:
            timings[stem] = seconds
            if failure is not None:
                failures[stem] = failure
            n = len(timings)
        if failure is None and not failures:  # export while the other notebooks still run
            nb = nbformat.read(staging / f"{stem}.ipynb", as_version=4)
            nb.metadata.pop("widgets", None)  # no widget manager or placeholders in the HTML
            header = page.header_html(title, plan, as_of, snap)
            footer = page.footer_html(plan, snap, generated_at)
            pages[stem] = page.export_notebook(nb, header, f"{title} · {period}", footer)
        if say is not None:
            state = "ok" if failure is None else f"失败：{failure}"
            say(f"[{n}/{len(stems)}] {stem} … {seconds:.1f} s {state}")

    _run_notebooks(job, staging, pool, notebook_parameters(params, snapshot=snapshot), on_done)

    if failures:
        kept = []
        for stem, reason in failures.items():
            executed_copy = staging / f"{stem}.ipynb"
            target = final / f"{stem}.failed.ipynb"
            if executed_copy.is_file():
                atomic_write(target, executed_copy.read_bytes())
                kept.append(f"{stem}（{reason}；已保留 {target}）")
            else:
                kept.append(f"{stem}（{reason}；笔记本未能开始执行）")
        raise RenderError(f"简报 {job.label} 生成失败，先前的简报未改动：" + "；".join(kept))

    pages = {stem: pages[stem] for stem in stems}  # notebook order

    prev = job.previous
    changes = archive.status_changes(prev[1] if prev else None, snap.indicators)
    combined = page.combine_pages(
        pages,
        page.first_screen_html(title, plan, as_of, snap),
        page.changes_html(changes, prev[0] if prev else None, snap.status_labels),
        f"{title} · {period}",
        page.footer_html(plan, snap, generated_at),
    )
    # One Chinese font subset covers the combined page and every per-notebook page (see webfont.py).
    from ..present.webfont import embed_font, page_chars

    chars = page_chars(combined + "".join(pages.values()))
    for stem, notebook_page in pages.items():
        atomic_write(staging / f"{stem}.html", embed_font(notebook_page, chars))
    combined = embed_font(combined, chars)
    atomic_write(staging / "index.html", combined)
    atomic_write(staging / f"{job.name}.html", combined)

    from .. import __version__

    counts = Counter(r.get("status") for r in snap.indicators)
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "name": job.name,
        "title": title,
        "kind": params.kind,
        "plan": {"name": plan.name, "region": plan.region, "year": plan.year, "title": plan.title},
        "as_of": as_of,
        "parameters": params.model_dump(mode="json"),
        "notebook_parameters": nb_params,
        "inputs": snap.files,
        "is_sample": snap.is_sample,
        "month_missing": not snap.month_has_data,
        "latest_period": snap.latest_period,
        "library_version": __version__,
        "generated_at": generated_at,
        "notebooks": {
            s: {"source": str(sources[s]), "sha256": sha256_file(sources[s]), "seconds": timings[s]}
            for s in stems
        },
        "status_counts": {str(k): v for k, v in sorted(counts.items(), key=lambda kv: str(kv[0]))},
        "status_labels": snap.status_labels,
        "indicators": snap.indicators,
        "previous": {"as_of": prev[0]} if prev else None,
        "changes": changes,
    }
    atomic_write(
        staging / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, allow_nan=False)
    )
    seconds = round(time.perf_counter() - t_start, 3)
    swap_in(staging, final)
    return RenderResult(
        name=job.name,
        as_of=as_of,
        briefing_dir=final,
        index_html=final / "index.html",
        briefing_html=final / f"{job.name}.html",
        notebook_html={s: final / f"{s}.html" for s in stems},
        manifest=final / "manifest.json",
        timings=timings,
        is_sample=snap.is_sample,
        month_missing=not snap.month_has_data,
        seconds=seconds,
        changes=changes,
    )


def due_months(
    params: BriefingParams,
    out_dir: str | Path,
    *,
    actuals: list[str | Path] | None = None,
    plan: Plan | str | Path | None = None,
    cache: InputCache | None = None,
) -> list[str]:
    """Months of the plan's year, up to the latest month with actuals, whose briefing has no manifest yet."""
    plan = load_plan(plan if plan is not None else params.plan)
    raw = list(actuals) if actuals else list(params.actuals)
    paths = [Path(p).expanduser().resolve() for p in raw]
    inputs = (cache or InputCache()).get(plan, paths, "")
    latest = _latest_month(inputs)
    first, last = str(plan.first_month), str(plan.last_month)
    if latest is None or latest < first:
        return []
    out, name = Path(out_dir), briefing_name(params, plan)
    return [
        m
        for m in map(str, month_range(first, min(latest, last)))
        if not archive.manifest_path(out, m, name).is_file()
    ]


def render_due(
    params_list: list[BriefingParams],
    out_dir: str | Path,
    *,
    actuals: list[str | Path] | None = None,
    targets: str | Path | None = None,
    plans: Sequence[Plan | str | Path | None] = (None,),
    **kwargs: Any,
) -> BatchResult:
    """Catch up: render, in one run, every briefing of ``params_list`` × ``plans`` that is due and missing.

    ``plans``: the plans (None = each parameter file's own). Other keyword arguments go to
    :func:`render_many`. Says :data:`NOTHING_DUE` and returns an empty result when every briefing exists.
    """
    say = kwargs.get("progress_cb", print) or (lambda _line: None)
    cache = InputCache()
    jobs = [
        BriefingJob(p, m, plan=plan, actuals=actuals, targets=targets)
        for p in params_list
        for plan in plans
        for m in due_months(p, out_dir, actuals=actuals, plan=plan, cache=cache)
    ]
    if not jobs:
        say(NOTHING_DUE)
        return BatchResult([], [])
    names = [
        briefing_name(j.params, load_plan(j.plan if j.plan is not None else j.params.plan)) for j in jobs
    ]
    say(
        f"待生成 {len(jobs)} 份简报：" + "，".join(f"{j.as_of} {n}" for j, n in zip(jobs, names, strict=True))
    )
    return render_many(jobs, out_dir, **kwargs)


__all__ = [
    "NOTHING_DUE",
    "BatchResult",
    "BriefingFailure",
    "BriefingJob",
    "RenderResult",
    "default_notebooks_dir",
    "default_params_dir",
    "due_months",
    "render_briefing",
    "render_due",
    "render_many",
    "lean_imports",
]
