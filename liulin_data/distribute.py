"""Render briefings on other machines: a Dask cluster, or any ``concurrent.futures.Executor``.

Workers need the package, not a shared disk. The client packs everything one briefing needs into a
:class:`BriefingTask` (the plan, the notebooks and every input file as bytes: a few hundred kB); a worker
renders it in a temporary folder with the ordinary renderer (:func:`render_task`) and returns the
briefing's files as bytes (:class:`BriefingFiles`); the client writes them into ``OUT`` atomically
(:func:`publish`: a staging folder, then a rename, as ``liulin brief`` does) and rebuilds the archive
index. :func:`render_on` does all of it for a list of tasks::

    from distributed import Client
    with Client("tcp://HOST:8786") as client:
        tasks = make_tasks([params], ["YYYY-01", "YYYY-02"], actuals=["统计月报.xlsx"], out_dir="reports")
        render_on(client.get_executor(), tasks, "reports")

A ``ThreadPoolExecutor`` or ``ProcessPoolExecutor`` works the same way (the task and the result are
picklable). Inputs are validated on the client, once per file, before anything is submitted.

The "与上期相比的变化" section compares with the previous period's manifest: the task carries the one
found in ``OUT`` when the task is made, so a month whose previous month is rendered in the same batch
compares with what was there before the batch (the renderer will have to compute the previous period
itself to make every briefing independent).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .briefing.params import BriefingParams, safe_relpath
from .exceptions import ActualsError, LiulinError, LockError, ParamsError, Problem, RenderError

# the manifest fields that hold input paths (rewritten from the worker's folder to the client's paths)
_PATH_LISTS = (("parameters", "actuals"), ("notebook_parameters", "actuals"))
_PATH_VALUES = (("parameters", "targets"), ("notebook_parameters", "targets"))


def _renderer() -> Callable[..., Any]:
    """The renderer a worker calls (one place to change when render.py moves to liulin_data.briefing)."""
    from .briefing.render import render_briefing

    return render_briefing


# ------------------------------------------------------------------------------------------ task


@dataclass(frozen=True)
class BriefingTask:
    """Everything a worker needs to render one briefing; picklable, no paths into the client's disk.

    ``notebooks``, ``inputs`` and ``targets`` are keyed by the client's path of each file (the manifest
    records those paths);
    ``previous`` is the latest earlier manifest of the same briefing, keyed by its path under ``OUT``.
    """

    params: dict[str, Any]
    as_of: str
    notebooks: dict[str, bytes]
    inputs: dict[str, bytes] = field(default_factory=dict)
    targets: dict[str, bytes] = field(default_factory=dict)
    previous: dict[str, bytes] = field(default_factory=dict)
    jobs: int | None = None

    @property
    def name(self) -> str:
        return str(self.params["name"])


def make_tasks(
    plans: Sequence[BriefingParams],
    months: Sequence[str],
    *,
    actuals: Sequence[str | Path] | None = None,
    targets: str | Path | None = None,
    notebooks_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    jobs: int | None = None,
) -> list[BriefingTask]:
    """One task per plan × month; every distinct file is read and validated once.

    Parameters
    ----------
    plans : list of BriefingParams
    months : list of 'YYYY-MM'
    actuals, targets : paths, optional
        Override each plan's ``actuals`` / ``targets`` (as ``liulin brief --actuals/--targets``).
    notebooks_dir : path, optional
        Where ``<stem>.ipynb`` live; default the repo's ``notebooks/``.
    out_dir : path, optional
        The archive; its latest earlier manifest of each briefing goes with the task.
    jobs : int, optional
        Notebooks a worker executes at once for one briefing.

    Raises
    ------
    ActualsError, CatalogError, ParamsError
        A bad input file or a missing notebook, before anything is submitted.
    """
    from .briefing.render import default_notebooks_dir

    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    read = _FileReader()
    tasks = []
    for plan in plans:
        paths = [str(Path(p).expanduser().resolve()) for p in (actuals or plan.actuals)]
        override = targets or plan.targets
        override = str(Path(override).expanduser().resolve()) if override else ""
        sources = [str((nb_dir / f"{safe_relpath(s)}.ipynb").resolve()) for s in plan.notebooks]
        notebooks = {src: read.notebook(Path(src)) for src in sources}
        inputs, target_files = read.inputs(paths, override)
        for month in months:
            tasks.append(
                BriefingTask(
                    params=plan.model_copy(update={"actuals": paths, "targets": override}).model_dump(
                        mode="json"
                    ),
                    as_of=month,
                    notebooks=notebooks,
                    inputs=inputs,
                    targets=target_files,
                    previous=_previous(out_dir, plan.name, month),
                    jobs=jobs,
                )
            )
    return tasks


class _FileReader:
    """Reads each file once; validates each set of inputs once (as the renderer would, before writing)."""

    def __init__(self) -> None:
        self._bytes: dict[str, bytes] = {}
        self._checked: set[tuple[str, ...]] = set()

    def read(self, path: str | Path) -> bytes:
        key = str(path)
        if key not in self._bytes:
            self._bytes[key] = Path(path).read_bytes()
        return self._bytes[key]

    def notebook(self, path: Path) -> bytes:
        if not path.is_file():
            raise ParamsError(f"找不到笔记本 {path}")
        return self.read(path)

    def inputs(self, paths: list[str], override: str) -> tuple[dict[str, bytes], dict[str, bytes]]:
        key = (*paths, override)
        if key not in self._checked:
            self._check(paths, override)
            self._checked.add(key)
        return {p: self.read(p) for p in paths}, ({override: self.read(override)} if override else {})

    @staticmethod
    def _check(paths: list[str], override: str) -> None:
        """What the renderer checks before writing anything: CatalogError, ActualsError."""
        from .catalog import load_overrides
        from .inputs import load_inputs

        if override:
            load_overrides(override)
        missing = [p for p in paths if not Path(p).is_file()]
        if missing:
            hint = "检查路径，或用 liulin check 检查文件"
            raise ActualsError([Problem(p, None, None, None, "找不到实际值文件", hint) for p in missing])
        if paths:
            load_inputs(paths)


def _previous(out_dir: str | Path | None, name: str, as_of: str) -> dict[str, bytes]:
    """The latest manifest of ``name`` before ``as_of`` in ``out_dir``, keyed by its path under it."""
    if out_dir is None:
        return {}
    earlier = sorted(
        p for p in Path(out_dir).glob(f"????-??/{name}/manifest.json") if p.parent.parent.name < as_of
    )
    if not earlier:
        return {}
    return {earlier[-1].relative_to(out_dir).as_posix(): earlier[-1].read_bytes()}


# ------------------------------------------------------------------------------------------ worker


@dataclass(frozen=True)
class BriefingFiles:
    """What a worker sends back: the briefing's files (path under ``OUT/as_of/NAME`` → bytes).

    ``error`` is set when the render failed; ``files`` then holds the ``*.failed.ipynb`` notebooks.
    """

    name: str
    as_of: str
    files: dict[str, bytes]
    error: str | None = None
    seconds: float = 0.0
    worker: str = ""


def render_task(task: BriefingTask) -> BriefingFiles:
    """Render one briefing in a temporary folder on this machine; return its files as bytes."""
    t0 = time.perf_counter()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="liulin-task-") as tmp:
        root = Path(tmp)
        local = _unpack(task, root)
        out = root / "out"
        try:
            _renderer()(
                BriefingParams(**local["params"]),
                task.as_of,
                out,
                notebooks_dir=root / "notebooks",
                progress_cb=None,
                jobs=task.jobs,
            )
        except LiulinError as exc:  # sent back as text: ProblemsError and its kin do not survive pickling
            failed = _collect(out / task.as_of / task.name, "*.failed.ipynb")
            return BriefingFiles(
                task.name, task.as_of, failed, f"{type(exc).__name__}: {exc}", _since(t0), worker
            )
        files = _collect(out / task.as_of / task.name, "*")
        files["manifest.json"] = _client_paths(files["manifest.json"], local["paths"])
    return BriefingFiles(task.name, task.as_of, files, None, _since(t0), worker)


def _unpack(task: BriefingTask, root: Path) -> dict[str, Any]:
    """Write the task's files under ``root``; the params pointing at them; worker path → client path."""
    paths: dict[str, str] = {}
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


def _client_paths(raw: bytes, paths: dict[str, str]) -> bytes:
    """The manifest with the worker's input paths replaced by the client's (names and hashes are the same)."""
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
    return json.dumps(manifest, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def _since(t0: float) -> float:
    return round(time.perf_counter() - t0, 3)


# ------------------------------------------------------------------------------------------ client


def publish(result: BriefingFiles, out_dir: str | Path) -> Path:
    """Write a worker's result into ``OUT/as_of/NAME`` atomically; return that folder.

    Success: a staging folder inside ``OUT`` is swapped in by renames (the renderer's protocol, so its
    recovery repairs a kill in between). Failure: only the ``*.failed.ipynb`` files are written, the
    previous good briefing stays. The caller holds ``OUT/.lock``.
    """
    from .briefing.files import atomic_write, swap_in

    out = Path(out_dir)
    final = out / result.as_of / safe_relpath(result.name)
    if result.error is not None:
        for rel, raw in result.files.items():
            atomic_write(final / rel, raw)
        return final
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{result.as_of}-{result.name}-", dir=out))
    try:
        for rel, raw in result.files.items():
            atomic_write(staging / rel, raw)
        swap_in(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def render_on(
    executor: Executor,
    tasks: Iterable[BriefingTask],
    out_dir: str | Path,
    *,
    progress_cb: Callable[[str], Any] | None = print,
) -> list[Path]:
    """Render ``tasks`` on ``executor``, publish each briefing into ``OUT`` as it arrives, rebuild the index.

    Returns the briefing folders, in task order. Raises RenderError after publishing the others when
    some briefing failed (its ``*.failed.ipynb`` are kept), LockError when another run holds ``OUT``.
    """
    from .briefing.archive import build_index
    from .briefing.files import recover

    say = progress_cb or (lambda _line: None)
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    tasks = list(tasks)
    with _locked(out):
        recover(out)
        futures: dict[Future, int] = {executor.submit(render_task, t): i for i, t in enumerate(tasks)}
        folders: dict[int, Path] = {}
        failures = []
        for fut in as_completed(futures):
            result = fut.result()
            folders[futures[fut]] = publish(result, out)
            state = "ok" if result.error is None else f"失败：{result.error.splitlines()[0]}"
            say(
                f"[{len(folders)}/{len(tasks)}] {result.as_of} {result.name} … {result.seconds:.1f} s {state}"
            )
            if result.error is not None:
                failures.append(f"{result.as_of} {result.name}（{result.error.splitlines()[0]}）")
        build_index(out)
    if failures:
        raise RenderError("以下简报生成失败，先前的简报未改动：" + "；".join(failures))
    return [folders[i] for i in range(len(tasks))]


@contextlib.contextmanager
def _locked(out: Path):
    """``OUT/.lock``, as ``liulin brief`` takes it (LockError when another run holds it)."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(out / ".lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise LockError(
            f"另一个简报生成进程正在写入 {out}（锁文件 {out / '.lock'}）；请等它结束后再运行"
        ) from None
    try:
        yield
    finally:
        lock.release()
