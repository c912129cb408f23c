"""Render briefings on other machines: a Dask cluster, or any ``concurrent.futures.Executor``.

Workers need the package, not a shared disk. The client checks every job and loads each plan's inputs
once (as a local run does), then packs everything one briefing needs into a :class:`BriefingTask`: the
plan's folder, the notebooks, every input file and what the briefing compares with, as bytes (a few
hundred kB). A worker renders it in a temporary folder with the ordinary renderer, on a warm pool of
kernels kept for the worker's life (:func:`render_task`), and returns the briefing's files as bytes
(:class:`BriefingFiles`). The client writes them into ``OUT`` atomically (:func:`publish`: a staging
folder, then one swap, as a local run does). :func:`~liulin_data.briefing.render.render_many` does the
checks, the lock and the archive index for both kinds of run and calls :func:`render_on` when given
``executor=``::

    from distributed import Client
    with Client("tcp://HOST:8786") as client:
        render_many([BriefingJob(params, "YYYY-01"), BriefingJob(params, "YYYY-02")], "reports",
                    executor=client.get_executor())

A ``ThreadPoolExecutor`` or ``ProcessPoolExecutor`` works the same way (the task and the result are
picklable). ``liulin brief --executor dask://HOST:PORT`` is :func:`dask_executor`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.exceptions import LiulinError, ParamsError, RenderError
from ..files.atomic import atomic_write
from . import local
from .kernels.pool import shared_pool
from .outfolder import MANIFEST, Guard
from .params import BriefingParams, safe_relpath
from .prepare import BriefingJob, InputCache, prepare
from .progress import BatchProgress
from .results import BatchResult, BriefingFailure, RenderResult, lean_imports
from .versions import install

# with no worker for this long (seconds), the briefings still waiting on a Dask cluster fail (--worker-timeout)
WORKER_TIMEOUT_S = 120.0
# how often the client looks at the cluster while it waits (seconds)
POLL_S = 1.0
# stands for the client's OUT in a worker's error text (the worker renders in a folder of its own)
OUT_MARK = "\x00OUT\x00"
# the manifest fields that hold input paths (rewritten from the worker's folder to the client's paths)
_PATH_LISTS = (("parameters", "actuals"), ("notebook_parameters", "actuals"))
_PATH_VALUES = (
    ("parameters", "targets"),
    ("notebook_parameters", "targets"),
    ("parameters", "plan"),
    ("notebook_parameters", "plan"),
)


# ------------------------------------------------------------------------------------------ task


@dataclass(frozen=True)
class BriefingTask:
    """Everything a worker needs to render one briefing; picklable, no paths into the client's disk.

    ``notebooks``, ``inputs`` and ``targets`` are keyed by the client's path of each file (the manifest
    records those paths); ``plan`` by the path inside the plan's folder, whose client path is
    ``plan_root``; ``previous`` is what the briefing compares with, as a manifest keyed by its path under
    ``OUT``.
    """

    params: dict[str, Any]  # the parameter set; its name is the briefing's folder name
    as_of: str
    plan_root: str
    plan: dict[str, bytes]
    notebooks: dict[str, bytes]
    inputs: dict[str, bytes] = field(default_factory=dict)
    targets: dict[str, bytes] = field(default_factory=dict)
    previous: dict[str, bytes] = field(default_factory=dict)
    workers: int | None = None
    params_name: str = ""  # the parameter file's own name (the manifest records it)

    @property
    def name(self) -> str:
        return str(self.params["name"])


class _FileReader:
    """Reads each file once per run."""

    def __init__(self) -> None:
        self._bytes: dict[str, bytes] = {}

    def read(self, path: str | Path) -> bytes:
        key = str(path)
        if key not in self._bytes:
            self._bytes[key] = Path(path).read_bytes()
        return self._bytes[key]

    def folder(self, root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): self.read(p)
            for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts
        }


def make_task(job: Any, read: _FileReader, workers: int | None) -> BriefingTask:
    """The task of one prepared job (:class:`~liulin_data.briefing.prepare.PreparedJob`); its month's data
    was checked on the client (``require_fresh``)."""
    params = job.params
    previous = {}
    if job.previous:
        prev_as_of, manifest = job.previous
        record = {"as_of": prev_as_of, "indicators": manifest.get("indicators", [])}
        previous = {f"{prev_as_of}/{job.name}/manifest.json": json.dumps(record, ensure_ascii=False).encode()}
    return BriefingTask(
        params=params.model_copy(update={"name": job.name}).model_dump(mode="json"),
        as_of=job.as_of,
        plan_root=str(job.plan.root),
        plan=read.folder(job.plan.root),
        notebooks={str(src): read.read(src) for src in job.sources.values()},
        inputs={str(p): read.read(p) for p in job.inputs.paths},
        targets={params.targets: read.read(params.targets)} if params.targets else {},
        previous=previous,
        workers=workers,
        params_name=params.name,
    )


# ------------------------------------------------------------------------------------------ worker


@dataclass(frozen=True)
class BriefingFiles:
    """What a worker sends back: the briefing's files (path under ``OUT/as_of/NAME`` → bytes).

    ``error`` is set when the render failed (``kind``: "render" a notebook failed, "input" the inputs
    or parameters); ``files`` then holds the ``*.failed.ipynb`` notebooks.
    """

    name: str
    as_of: str
    files: dict[str, bytes]
    error: str | None = None
    seconds: float = 0.0
    worker: str = ""
    kind: str = "render"


def render_task(task: BriefingTask) -> BriefingFiles:
    """Render one briefing in a temporary folder on this machine; return its files as bytes."""
    lean_imports()

    t0 = time.perf_counter()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="liulin-task-") as tmp:
        root = Path(tmp)
        local = _unpack(task, root)
        out = root / "out"
        folder = out / task.as_of / task.name
        try:
            batch = _render_here(
                BriefingJob(BriefingParams(**local["params"]), task.as_of), root, task.workers
            )
            error = batch.failures[0].error if batch.failures else None
        except LiulinError as exc:  # the inputs, checked on the client, should not fail here
            error = exc
        if error is not None:  # sent back as text: ProblemsError and its kin do not survive pickling
            kind = "render" if isinstance(error, RenderError) else "input"
            failed = _collect(folder, "*.failed.ipynb")
            reason = _one_line(error).replace(str(out), OUT_MARK)  # the client names its own OUT
            return BriefingFiles(task.name, task.as_of, failed, reason, _since(t0), worker, kind)
        files = _collect(folder, "*")
        files["manifest.json"] = _client_paths(files["manifest.json"], local["paths"], task.params_name)
    return BriefingFiles(task.name, task.as_of, files, None, _since(t0), worker)


def _render_here(job: BriefingJob, root: Path, workers: int | None) -> BatchResult:
    """One briefing rendered into ``root/out`` on this process's warm pool (no lock: the folder is private)."""
    out = root / "out"
    out.mkdir(parents=True, exist_ok=True)
    cache = InputCache()
    prepared = [prepare(job, cache, root / "notebooks")]
    size = max(1, workers or os.cpu_count() or 1)
    return local.render_prepared(prepared, out, shared_pool(workers), local.Standing(), lambda _l: None, size)


def _unpack(task: BriefingTask, root: Path) -> dict[str, Any]:
    """Write the task's files under ``root``; the params pointing at them; worker path → client path."""
    paths: dict[str, str] = {}
    plan_dir = root / "plan"
    for rel, raw in task.plan.items():
        _write(plan_dir / rel, raw)
    paths[str(plan_dir)] = task.plan_root
    for client_path, raw in task.notebooks.items():
        here = root / "notebooks" / Path(client_path).name
        _write(here, raw)
        paths[str(here)] = client_path
    for i, (client_path, raw) in enumerate([*task.inputs.items(), *task.targets.items()]):
        here = root / "inputs" / str(i) / Path(client_path).name  # the file name may carry the period
        _write(here, raw)
        paths[str(here)] = client_path
    for rel, raw in task.previous.items():
        _write(root / "out" / rel, raw)
    mine = {client: worker for worker, client in paths.items()}
    params = dict(task.params)
    params["actuals"] = [mine[p] for p in task.params.get("actuals", [])]
    params["targets"] = mine.get(task.params.get("targets", ""), "")
    params["plan"] = str(plan_dir)
    return {"params": params, "paths": paths}


def _write(path: Path, raw: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)


def _collect(folder: Path, pattern: str) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.glob(pattern)) if p.is_file()
    }


def _client_paths(raw: bytes, paths: dict[str, str], params_name: str) -> bytes:
    """The manifest with the worker's paths replaced by the client's (names and hashes are the same)."""
    manifest = json.loads(raw)
    for rec in manifest.get("inputs", []):
        rec["path"] = paths.get(rec.get("path"), rec.get("path"))
    for section, key in _PATH_LISTS:
        block = manifest.get(section) or {}
        block[key] = [paths.get(p, p) for p in block.get(key, [])]
    for section, key in _PATH_VALUES:
        block = manifest.get(section) or {}
        if block.get(key):
            block[key] = paths.get(block[key], block[key])
    for rec in (manifest.get("notebooks") or {}).values():
        rec["source"] = paths.get(rec.get("source"), rec.get("source"))
    if params_name and manifest.get("parameters"):
        manifest["parameters"]["name"] = params_name
    return json.dumps(manifest, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _since(t0: float) -> float:
    return round(time.perf_counter() - t0, 3)


# ------------------------------------------------------------------------------------------ client


def publish(result: BriefingFiles, out_dir: str | Path, guard: Guard | None = None) -> Path:
    """Write a worker's result into ``OUT/as_of/NAME`` atomically; return that folder.

    Success: a staging folder inside ``OUT`` is swapped in with the briefing's versions
    (:func:`~liulin_data.briefing.versions.install`; ``guard`` says what to do with anything in that folder liulin
    did not write, default refuse). Failure: only the ``*.failed.ipynb`` files are written, the previous good
    briefing stays. The caller holds ``OUT/.lock``.
    """

    out = Path(out_dir)
    final = out / result.as_of / safe_relpath(result.name)
    if result.error is not None:
        for rel, raw in result.files.items():
            atomic_write(final / rel, raw)
        return final
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{result.as_of}-{result.name}-", dir=out))
    try:
        for rel, raw in result.files.items():
            if rel != MANIFEST:
                atomic_write(staging / rel, raw)
        install(staging, final, json.loads(result.files[MANIFEST]), guard or Guard(out))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def render_on(
    executor: Executor,
    prepared: list[Any],
    out: Path,
    *,
    progress_cb: Callable[[str], Any] | None = print,
    workers: int | None = None,
    guard: Guard | None = None,
    worker_timeout_s: float = WORKER_TIMEOUT_S,
) -> Any:
    """Render prepared briefings (:class:`~liulin_data.briefing.prepare.PreparedJob`) on ``executor``.

    Called by :func:`~liulin_data.briefing.render.render_many` with ``executor=``, which has checked every job,
    found what each compares with and holds ``OUT/.lock``. Each briefing is published into ``out`` as it
    arrives, one progress line each; returns a :class:`BatchResult` with the failures (their
    ``*.failed.ipynb`` kept, the previous good briefings untouched), in arrival order.

    On a Dask cluster (:func:`dask_executor`, or a ``distributed`` client's executor) the run watches the
    cluster: with no worker for ``worker_timeout_s`` seconds, or the scheduler gone, each briefing not yet
    made fails with one Chinese line saying so, and the run ends (the lock is released; nothing waits for
    ever). Interrupted, the briefings not made are cancelled.
    """
    read = _FileReader()
    progress = BatchProgress(len(prepared), progress_cb)
    cluster = cluster_of(executor)
    futures: dict[Future, int] = {
        executor.submit(render_task, make_task(p, read, workers)): i for i, p in enumerate(prepared)
    }
    results, failures = [], []

    def arrived(fut: Future, lost: str | None = None) -> None:
        job = prepared[futures[fut]]
        result = _outcome(fut, job, lost or (cluster.lost() if cluster else None))
        folder = publish(result, out, guard)
        if result.error is None:
            results.append(_result(folder, result.seconds))
            progress.finished(job.label, result.seconds, f"完成（{result.worker}）")
            return
        error_type = RenderError if result.kind == "render" else ParamsError
        reason = result.error.replace(OUT_MARK, str(out))
        failures.append(BriefingFailure(result.as_of, result.name, error_type(reason)))
        progress.finished(job.label, result.seconds, f"失败：{reason}")

    pending = set(futures)
    try:
        while pending:
            done, pending = wait(pending, timeout=POLL_S, return_when=FIRST_COMPLETED)
            for fut in done:
                arrived(fut)
            stuck = cluster.stuck(worker_timeout_s) if cluster and pending else None
            if stuck:
                for fut in sorted(pending, key=futures.get):
                    fut.cancel()
                    arrived(fut, stuck)
                pending = set()
    except BaseException:
        for fut in pending:
            fut.cancel()
        raise
    return BatchResult(results, failures)


def _outcome(fut: Future, job: Any, lost: str | None) -> BriefingFiles:
    """The worker's result, or a failure naming what went wrong when the task itself did not come back
    (a worker lost, the cluster gone; ``lost``: what the cluster watch saw): the other briefings go on."""
    reason = f"未生成：{lost}" if lost else "未生成：任务被取消"
    if fut.done() and not fut.cancelled():
        try:
            return fut.result()
        except Exception as exc:  # any error of the executor or its transport, reported for this briefing
            if not lost:
                said = f"{type(exc).__name__}: {_one_line(exc)}".rstrip(": ")
                reason = f"任务未能在工作节点上完成：{said}"
    return BriefingFiles(job.name, job.as_of, {}, reason, 0.0, "", "render")


def _result(folder: Path, seconds: float) -> RenderResult:
    """The RenderResult of a briefing published from a worker, read back from its manifest."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return RenderResult.from_manifest(folder, manifest, seconds)


class Cluster:
    """What the client can see of a Dask cluster without asking it anything (no call that could hang): how many
    workers the scheduler last reported, whether the scheduler is still there, and since when no worker is."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.address = getattr(client, "scheduler", None) and client.scheduler.address or "?"
        self._idle_since: float | None = None

    def lost(self) -> str | None:
        """The words for a lost scheduler ('与 Dask 调度器 … 的连接已断开'), or None while it is connected."""
        if self.client.status == "running":  # "connecting": the connection is lost and its futures cancelled
            return None
        return f"与 Dask 调度器 {self.address} 的连接已断开"

    def workers(self) -> int:
        info = self.client.scheduler_info() or {}
        return len(info.get("workers") or {})

    def stuck(self, timeout_s: float) -> str | None:
        """Why the briefings still waiting will never be made: the scheduler is gone, or it has had no worker
        for ``timeout_s`` seconds; None while they may still be."""
        lost = self.lost()
        if lost:
            return lost
        if self.workers():
            self._idle_since = None
            return None
        now = time.monotonic()
        self._idle_since = self._idle_since or now
        if now - self._idle_since < timeout_s:
            return None
        return (
            f"Dask 集群 {self.address} 已有 {timeout_s:.0f} 秒没有可用的工作节点（dask worker）；"
            "请启动工作节点后重新运行"
        )


def cluster_of(executor: Executor) -> Cluster | None:
    """The Dask cluster behind ``executor`` (``Client.get_executor()``, as :func:`dask_executor` gives), else None
    (a thread or process pool: nothing to watch)."""
    client = getattr(executor, "_client", None)
    return Cluster(client) if client is not None and hasattr(client, "scheduler_info") else None


@contextlib.contextmanager
def dask_executor(url: str) -> Iterator[Executor]:
    """``dask://HOST:PORT`` → an executor on that Dask scheduler (ParamsError for another address or none).

    distributed's own log lines (a lost connection, with its traceback) are kept out of the terminal: the run
    says what happened to each briefing in one line (:func:`render_on`)."""
    if not url.startswith("dask://") or not url[len("dask://") :].strip():
        raise ParamsError(f"--executor {url!r}：应为 dask://主机:端口，例如 dask://10.0.0.5:8786")
    try:
        from distributed import Client
    except ImportError:
        raise ParamsError("--executor dask://… 需要 distributed：pip install distributed") from None
    address = "tcp://" + url[len("dask://") :]
    with _quiet_logs("distributed", "tornado", "asyncio"):
        try:
            client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ParamsError(
                f"无法连接 Dask 调度器 {address}：{_one_line(exc)}；请先运行 dask scheduler"
            ) from None
        try:
            yield client.get_executor()
        finally:
            with contextlib.suppress(Exception):
                client.close(timeout=5)


@contextlib.contextmanager
def _quiet_logs(*names: str) -> Iterator[None]:
    """Only critical records of these loggers (and the loggers below them) while the block runs."""
    import logging

    known = list(logging.root.manager.loggerDict)
    loggers = [logging.getLogger(n) for n in known if any(n == m or n.startswith(f"{m}.") for m in names)]
    loggers += [logging.getLogger(name) for name in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


__all__ = [
    "BriefingFiles",
    "BriefingTask",
    "Cluster",
    "WORKER_TIMEOUT_S",
    "cluster_of",
    "dask_executor",
    "make_task",
    "publish",
    "render_on",
    "render_task",
]
