"""Briefings rendered on this machine: prepared jobs → staging folders → notebooks on a warm pool →
pages, manifest → one atomic swap each. Called by :func:`liulin_data.briefing.render.render_many` under its
lock, and by a Dask worker's task (:mod:`liulin_data.briefing.distribute`) in a temporary folder."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, as_completed, wait
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..core.exceptions import LiulinError, RenderError
from ..core.version import __version__
from ..files.atomic import UMASK, atomic_write, sha256_file
from ..plan.folder import Plan
from ..session import status_changes
from . import archive, page, sections
from .outfolder import Guard, write_index
from .params import notebook_parameters
from .prepare import DataSnapshot, PreparedJob, data_snapshot
from .progress import BatchProgress
from .results import BatchResult, BriefingFailure, RenderResult
from .versions import install

# manifest format version
MANIFEST_VERSION = 1
# the archive index is rebuilt at most this often during a long run (seconds), and always at its end
INDEX_EVERY_S = 10.0

# the data side, looked up at call time (tests replace it with small fixed data)
_snapshot = data_snapshot


def render_prepared(
    prepared: list[PreparedJob],
    out: Path,
    pool: Any,
    standing: Standing,
    say: Callable[[str], Any],
    size: int,
    guard: Guard | None = None,
) -> BatchResult:
    """What each briefing compares with, then the briefings on this machine's pool (unordered results).

    ``guard``: what to do with anything in a briefing folder that liulin did not write (default: refuse)."""
    previous_briefings(prepared, out, standing)
    return _render_all(prepared, out, pool, standing, say, size, guard or Guard(out))


class Standing:
    """Each job's :class:`DataSnapshot` (its session over the briefing's domains), made once: a briefing's,
    and its successor's 与上期相比."""

    def __init__(self) -> None:
        self._done: dict[int, DataSnapshot] = {}
        self._lock = threading.Lock()

    def of(self, p: PreparedJob) -> DataSnapshot:
        with self._lock:
            if id(p) not in self._done:
                self._done[id(p)] = _snapshot(p.session, p.params.domains)
            return self._done[id(p)]


def previous_briefings(prepared: list[PreparedJob], out: Path, standing: Standing) -> None:
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

    def __init__(self, job: PreparedJob, standing: Standing) -> None:
        super().__init__()
        self._job, self._standing = job, standing

    def get(self, key: str, default: Any = None) -> Any:
        if key == "indicators":
            return self._standing.of(self._job).indicators
        return super().get(key, default)


def _previous_records(job: PreparedJob) -> tuple[str, list[dict]] | None:
    """What a briefing compares with, as (month, indicator records), for its session."""
    if job.previous is None:
        return None
    return job.previous[0], list(job.previous[1].get("indicators") or [])


def index_plan(prepared: list[PreparedJob]) -> Plan | None:
    """The plan the archive index is titled by: the run's one plan, or None for several."""
    plans = {str(p.plan.root): p.plan for p in prepared}
    return next(iter(plans.values())) if len(plans) == 1 else None


def _render_all(
    prepared: list[PreparedJob],
    out: Path,
    pool: Any,
    standing: Standing,
    say: Callable[[str], Any],
    size: int,
    guard: Guard,
) -> BatchResult:
    """The briefings on this machine's pool, side by side; unordered results (render_many orders them).

    Interrupted (Ctrl-C, SIGTERM), the briefings not started are cancelled and the pool's kernels shut down, so
    the running ones end at once instead of finishing their notebooks; nothing is swapped in after that."""
    single = len(prepared) == 1
    progress = BatchProgress(len(prepared), None if single else say)
    plan_of_index = index_plan(prepared)
    results: dict[int, RenderResult] = {}
    failures: list[BriefingFailure] = []
    last_index = time.perf_counter()
    inputs_dir = Path(tempfile.mkdtemp(prefix=".staging-sessions-", dir=out))
    try:
        with ThreadPoolExecutor(max_workers=size, thread_name_prefix="liulin-briefing") as briefings:
            futures = {
                briefings.submit(
                    _render_one, p, out, pool, inputs_dir, standing, say if single else None, guard
                ): i
                for i, p in enumerate(prepared)
            }
            try:
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
                        say(f"简报已生成：{res.index_html}（{res.seconds:.1f} 秒）")
                    if time.perf_counter() - last_index > INDEX_EVERY_S:
                        write_index(out, plan_of_index)
                        last_index = time.perf_counter()
            except BaseException:
                guard.stopped = True
                for fut in futures:
                    fut.cancel()
                pool.shutdown()
                raise
    finally:
        shutil.rmtree(inputs_dir, ignore_errors=True)
    return BatchResult(list(results.values()), failures)


def _render_one(
    job: PreparedJob,
    out: Path,
    pool: Any,
    inputs_dir: Path,
    standing: Standing,
    say: Callable[[str], Any] | None,
    guard: Guard,
) -> RenderResult:
    """One briefing: staging folder, notebooks on the pool, pages, manifest, swap (raises LiulinError)."""
    t_start = time.perf_counter()
    snap = standing.of(job)
    snapshot = inputs_dir / f"{job.as_of}-{job.name}.session"
    job.session.compared_with(_previous_records(job)).save(snapshot)  # what the kernels read
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{job.as_of}-{job.name}-", dir=out))
    staging.chmod(0o777 & ~UMASK)
    try:
        manifest = _render_staged(job, out, staging, pool, snap, str(snapshot), say)
        final = out / job.as_of / job.name
        manifest = install(staging, final, manifest, guard)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RenderResult.from_manifest(final, manifest, round(time.perf_counter() - t_start, 3))


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
) -> dict:
    """Notebooks, pages and the manifest of one briefing in ``staging``; returns the manifest (not yet written:
    :func:`install` adds the versions, writes it and swaps the folder in)."""
    import nbformat

    params, plan, as_of = job.params, job.plan, job.as_of
    final = out / as_of / job.name
    title = plan.briefing_title(params.kind)
    stems = list(job.sources)
    nb_params = notebook_parameters(params)  # as recorded in the manifest
    timings: dict[str, float] = {}
    failures: dict[str, str] = {}
    generated_at = datetime.now(ZoneInfo(plan.timezone)).isoformat(timespec="seconds")  # the plan's time
    sections.warm_exporter()
    exported: dict[str, sections.Section] = {}
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
            exported[stem] = sections.export_section(nb, stem)
        if say is not None:
            state = "完成" if failure is None else f"失败：{failure}"
            say(f"[{n}/{len(stems)}] {stem} … {seconds:.1f} 秒 {state}")

    _run_notebooks(job, staging, pool, notebook_parameters(params, snapshot=snapshot), on_done)

    if failures:
        _fail(job, staging, final, failures)

    prev = job.previous
    changes = status_changes(prev[1] if prev else None, snap.indicators)
    data = page.PageData(title, plan, as_of, snap, job.session, job.name, generated_at, params.domains,
                         prev[0] if prev else None, changes)  # fmt: skip
    for file_name, text in page.briefing_pages(data, {s: exported[s] for s in stems}).items():
        atomic_write(staging / file_name, text)

    return _manifest(job, snap, nb_params, generated_at, timings, changes)


def _fail(job: PreparedJob, staging: Path, final: Path, failures: dict[str, str]) -> None:
    """Keep each failed notebook's executed copy as ``final/<stem>.failed.ipynb``; raise RenderError naming them."""
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


def _manifest(
    job: PreparedJob,
    snap: DataSnapshot,
    nb_params: dict,
    generated_at: str,
    timings: dict[str, float],
    changes: list[dict],
) -> dict:
    """The briefing's manifest.json (its superseded versions are added by :func:`install`)."""
    params, plan, prev = job.params, job.plan, job.previous
    counts = Counter(r.get("status") for r in snap.indicators)
    return {
        "manifest_version": MANIFEST_VERSION,
        "name": job.name,
        "title": plan.briefing_title(params.kind),
        "kind": params.kind,
        "plan": {
            "name": plan.name,
            "region": plan.region,
            "year": plan.year,
            "title": plan.title,
            "pending_reviews": plan.pending_reviews,
        },
        "as_of": job.as_of,
        "parameters": params.model_dump(mode="json"),
        "notebook_parameters": nb_params,
        "inputs": snap.files,
        "data_digest": snap.digest,
        "is_sample": snap.is_sample,
        "month_missing": not snap.month_has_data,
        "latest_period": snap.latest_period,
        "library_version": __version__,
        "generated_at": generated_at,
        "notebooks": {
            s: {"source": str(src), "sha256": sha256_file(src), "seconds": timings[s]}
            for s, src in job.sources.items()
        },
        "status_counts": {str(k): v for k, v in sorted(counts.items(), key=lambda kv: str(kv[0]))},
        "status_labels": snap.status_labels,
        "indicators": snap.indicators,
        "previous": {"as_of": prev[0]} if prev else None,
        "changes": changes,
    }
