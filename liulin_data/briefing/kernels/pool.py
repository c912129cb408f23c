"""A warm pool of Jupyter kernels that papermill executes notebooks on.

What a briefing notebook costs (measured on the 2-core machine, ``benchmarks/bench_batch.py``): starting a
python3 kernel about 0.3 s of CPU, importing pandas, matplotlib and ``liulin_data`` in it and setting up
the chart font about 1.0 s, the notebook's own work 1–2 s. So half of every notebook was start-up.

The pool starts ``size`` kernels ahead of time, runs a warm-up code string in each
(:data:`DEFAULT_WARMUP`: the imports, the font, and a dry run that does the lazy imports), and hands them
to papermill through a papermill engine (``liulin_data.briefing.kernels.engine``). Parameters are still
injected by papermill (the executed notebook has its ``injected-parameters`` cell), a failing cell still
raises ``PapermillExecutionError``, and ``timeout_s`` still bounds each cell, as ``execution_timeout``
does today.

Between notebooks a kernel is **reset and reused** (``reuse=True``, the default): ``liulin_data.
kernel_state`` restores the state the warm-up left (namespace, figures, rcParams, environment, cwd,
options, random state …) and checks the rest (module globals, new imports, threads, ``%config``); when
it cannot vouch for the kernel, the kernel is killed and a fresh one takes its place. The guarantee, and
what it does not cover, is spelt out in that module. With ``reuse=False`` every kernel executes one
notebook and is then replaced: a new process, nothing can leak, but each notebook pays the full
start-up again — on 2 cores, where the replacement's warm-up competes with the notebooks for CPU, six
monthly briefings took 83 s that way against 32 s with reuse (today's renderer in one process: 89 s).

A kernel that died, hit a timeout, or failed its reset is discarded. At most ``size`` kernels are alive
at once (a discarded kernel is killed before its replacement starts). :meth:`KernelPool.shutdown` (or
leaving the ``with`` block) kills every kernel; so does interpreter exit, and a kernel whose parent
process dies exits by itself (ipykernel polls its parent).

Example::

    with KernelPool(size=2) as pool:
        seconds = pool.execute_notebook(src, dst, {"as_of": "YYYY-MM"}, cwd=nb_dir, timeout_s=600)
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import time
import weakref
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .kernel import (
    DEFAULT_WARMUP,
    KERNEL_ARGS,
    RESET_CODE,
    RESET_TIMEOUT_S,
    SNAPSHOT_CODE,
    START_TIMEOUT_S,
    KernelStartError,
    PoolKernel,
    _kill_all,
    _new_manager,
    run_code,
)

log = logging.getLogger(__name__)


class KernelPool:
    """Up to ``size`` warm python3 kernels, reset and reused between notebooks (or replaced).

    Parameters
    ----------
    size : int, optional
        Kernels alive at once, which is also how many notebooks can execute at once; default the number
        of cores. Callers beyond ``size`` wait for a kernel.
    warmup : str
        Code each kernel runs once after it starts (imports, font set-up); "" for none. Its names are
        cleared before the first notebook; its imports and caches stay.
    reuse : bool
        True: reset a used kernel and reuse it (a fresh one replaces it when the reset cannot vouch for
        it). False: every kernel executes one notebook and is then replaced.
    kernel_name : str
        The kernel spec; a notebook whose kernelspec names another kernel is refused.
    cwd : path, optional
        The working directory kernels start in (each notebook then runs in its own ``cwd``).
    start_timeout : float
        Seconds one kernel may take to start and run ``warmup``.

    Notes
    -----
    Thread-safe: :meth:`execute_notebook` may be called from several threads (``render`` runs one thread
    per notebook). Kernels are started and killed in background threads.
    """

    def __init__(
        self,
        size: int | None = None,
        *,
        warmup: str = DEFAULT_WARMUP,
        reuse: bool = True,
        kernel_name: str = "python3",
        cwd: str | Path | None = None,
        start_timeout: float = START_TIMEOUT_S,
    ) -> None:
        self.size = max(1, size or os.cpu_count() or 1)
        self.warmup = warmup
        self.reuse = reuse
        self.kernel_name = kernel_name
        self.cwd = str(Path(cwd or os.getcwd()).resolve())
        self.start_timeout = start_timeout
        self._lock = threading.Lock()
        self._alive: dict[int, PoolKernel] = {}
        self._closed = False
        # kernels started, notebooks executed on a reset kernel, kernels replaced after a failed reset
        self.stats: Counter[str] = Counter()
        self._ready: queue.Queue[Future | None] = queue.Queue()
        self._jobs = ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="liulin-kernel")
        # kill the kernels at interpreter exit even if nobody calls shutdown()
        self._finalizer = weakref.finalize(self, _kill_all, self._alive, self._lock)
        for _ in range(self.size):
            self._spawn()

    # ------------------------------------------------------------------------------------ public

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def pids(self) -> list[int]:
        """Process ids of the kernels alive now (starting, idle or busy)."""
        with self._lock:
            return sorted(self._alive)

    def execute_notebook(
        self,
        src: str | Path,
        dst: str | Path,
        parameters: dict[str, Any],
        *,
        cwd: str | Path | None = None,
        timeout_s: float | None = None,
    ) -> float:
        """Execute one notebook with papermill on a warm kernel; return the seconds it took.

        Parameters
        ----------
        src, dst : path
            The notebook and where the executed copy goes (written also when the notebook fails).
        parameters : dict
            Injected by papermill as an ``injected-parameters`` cell.
        cwd : path, optional
            The notebook's working directory; default the pool's ``cwd``.
        timeout_s : float, optional
            papermill's ``execution_timeout``: seconds each cell may run.

        Raises
        ------
        papermill.PapermillExecutionError
            A cell raised.
        nbclient.exceptions.CellTimeoutError, nbclient.exceptions.DeadKernelError
            A cell ran out of time, or the kernel died.
        KernelStartError
            No kernel could be started.
        """
        # papermill costs 1.2 s to import: only here, so a pool made first starts its kernels meanwhile
        import papermill
        from papermill.exceptions import PapermillExecutionError

        from . import engine as pool_engine  # lazy with papermill (registers ENGINE_NAME)

        t0 = time.perf_counter()
        kernel = self._acquire()
        healthy = False  # True: the kernel itself is fine and may be reset and reused
        try:
            papermill.execute_notebook(
                str(src),
                str(dst),
                parameters=parameters,
                engine_name=pool_engine.ENGINE_NAME,
                progress_bar=False,
                log_output=False,
                # papermill would rewrite the whole notebook (base64 charts included) before and after
                # every cell: 0.4 of the 0.8 s of CPU the parent spent on the four default notebooks
                request_save_on_cell_execute=False,
                execution_timeout=timeout_s,
                start_timeout=self.start_timeout,
                pool_kernel=kernel,
                kernel_cwd=str(Path(cwd).resolve()) if cwd else self.cwd,
                partial_path=str(dst),
            )
            healthy = True
        except PapermillExecutionError:
            healthy = True  # a cell raised; the kernel is as fine as after any notebook
            raise
        finally:
            self._release(kernel, healthy)
        return time.perf_counter() - t0

    def shutdown(self) -> None:
        """Kill every kernel (idle, busy or starting) and stop starting new ones. Idempotent."""
        with self._lock:
            self._closed = True
        _kill_all(self._alive, self._lock)  # also wakes starts that are waiting on a kernel
        self._jobs.shutdown(wait=True, cancel_futures=True)
        self._ready.put(None)  # wake callers waiting in _acquire
        self._finalizer()  # kernels a start registered meanwhile; detaches the exit hook

    # ------------------------------------------------------------------------------------ kernels

    def _spawn(self) -> None:
        """Start one kernel in the background; its future lands in the ready queue."""
        try:
            future = self._jobs.submit(self._start)
        except RuntimeError:  # the pool is shutting down
            return
        future.add_done_callback(self._ready.put)

    def _start(self) -> PoolKernel:
        if self._closed:
            raise KernelStartError("the kernel pool is shut down")
        km = _new_manager(self.kernel_name)
        km.start_kernel(extra_arguments=list(KERNEL_ARGS), cwd=self.cwd)
        kernel = PoolKernel(km, km.provisioner.process.pid)
        with self._lock:
            self._alive[kernel.pid] = kernel
            closed = self._closed
        self._count("started")
        try:
            if closed:
                raise KernelStartError("the kernel pool is shut down")
            run_code(kernel, f"{self.warmup}\n{SNAPSHOT_CODE}", self.start_timeout)
        except BaseException:
            self._kill(kernel)
            raise
        return kernel

    def _acquire(self) -> PoolKernel:
        """A warm, live kernel; waits while all are busy. A failed start raises (and is retried once)."""
        while True:
            future = self._ready.get()
            if future is None or self._closed:
                self._ready.put(None)  # let the other waiters see it too
                raise KernelStartError("the kernel pool is shut down")
            try:
                kernel = future.result()
            except Exception as exc:
                self._spawn()  # the slot stays filled: the next caller tries again
                raise KernelStartError(f"could not start a {self.kernel_name} kernel: {exc}") from exc
            if kernel.km.is_alive():
                return kernel
            self._discard(kernel)  # died while idle

    def _release(self, kernel: PoolKernel, healthy: bool) -> None:
        """Give back a used kernel: reset it for reuse, or replace it (in the background)."""
        self._background(self._recycle if healthy and self.reuse else self._replace, kernel)

    def _discard(self, kernel: PoolKernel) -> None:
        """Kill a kernel, then start its replacement (in the background)."""
        self._background(self._replace, kernel)

    def _background(self, job: Any, kernel: PoolKernel) -> None:
        try:
            future = self._jobs.submit(job, kernel)
        except RuntimeError:  # shutting down: kill here
            self._kill(kernel)
            return
        future.add_done_callback(self._ready.put)

    def _recycle(self, kernel: PoolKernel) -> PoolKernel:
        try:
            run_code(kernel, RESET_CODE, RESET_TIMEOUT_S)
        except Exception as exc:  # the notebook left something the reset cannot undo, or the kernel broke
            if not self._closed:
                log.info("kernel %s replaced instead of reused: %s", kernel.pid, exc)
                self._count("replaced")
            return self._replace(kernel)
        self._count("reused")
        return kernel

    def _count(self, event: str) -> None:
        with self._lock:
            self.stats[event] += 1

    def _replace(self, kernel: PoolKernel) -> PoolKernel:
        self._kill(kernel)  # first, so that at most `size` kernels are alive
        return self._start()

    def _kill(self, kernel: PoolKernel) -> None:
        with self._lock:
            if self._alive.pop(kernel.pid, None) is None:
                return  # killed already
        with contextlib.suppress(Exception):
            kernel.km.shutdown_kernel(now=True)


_shared: dict[str, KernelPool] = {}
_shared_lock = threading.Lock()


def shared_pool(size: int | None = None) -> KernelPool:
    """One pool for this process's life (a Dask worker renders task after task on warm kernels).

    Started on first use with ``size`` kernels (default the cores); later calls get the same pool. Its
    kernels die with the process.
    """
    with _shared_lock:
        pool = _shared.get("pool")
        if pool is None or pool._closed:
            pool = _shared["pool"] = KernelPool(size=size)
        return pool


__all__ = [
    "DEFAULT_WARMUP",
    "KernelPool",
    "KernelStartError",
    "PoolKernel",
    "run_code",
    "shared_pool",
]
