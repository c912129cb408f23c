"""The papermill engine of the kernel pool: executes a notebook on a kernel papermill did not start.

Registered in code under :data:`ENGINE_NAME` when this module is imported (``KernelPool.execute_notebook``
does), no entry point needed. Everything else is papermill's own: parameter injection, the executed
notebook's metadata, ``PapermillExecutionError`` for a failing cell; nbclient's cell timeout.
"""

from __future__ import annotations

import queue
import time
from typing import Any

from jupyter_client.manager import KernelManager
from jupyter_core.utils import ensure_async
from nbclient.util import run_hook
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, papermill_engines
from papermill.iorw import write_ipynb
from papermill.log import logger

from .kernel import POLL_S, READY_IOPUB_S, START_TIMEOUT_S, PoolKernel

# the papermill engine that runs a notebook on a pool kernel
ENGINE_NAME = "liulin-pool"


class _PoolNotebookClient(PapermillNotebookClient):
    """papermill's notebook client on a kernel it does not own: moves it to the notebook's folder first."""

    def __init__(self, nb_man: Any, km: KernelManager, kernel_cwd: str, **kw: Any) -> None:
        super().__init__(nb_man, km=km, **kw)
        self.kernel_cwd = kernel_cwd

    async def async_start_new_kernel_client(self) -> Any:
        """nbclient's client start, with the readiness wait of :func:`.kernel.wait_until_ready`: on a warm pool
        kernel, jupyter_client's ``wait_for_ready`` spends 0.2 s of every notebook waiting for IOPub to be
        silent."""
        self.kc = self.km.client()
        await ensure_async(self.kc.start_channels())
        await _until_ready(self.kc, self.km, self.startup_timeout)
        self.kc.allow_stdin = False
        await run_hook(self.on_notebook_start, notebook=self.nb)
        return self.kc

    def papermill_execute_cells(self) -> None:
        # silent: no output, no execution count, so the notebook looks as if run in a new kernel there
        msg_id = self.kc.execute(
            f"__import__('os').chdir({self.kernel_cwd!r})", silent=True, store_history=False
        )
        reply = self.wait_for_reply(msg_id)
        if reply is None or reply["content"]["status"] != "ok":
            raise RuntimeError(f"could not change the kernel's working directory to {self.kernel_cwd}")
        super().papermill_execute_cells()


async def _until_ready(kc: Any, km: KernelManager, timeout: float) -> None:
    """A kernel_info reply on the shell channel and the kernel's status for it on IOPub (asyncio client)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg_id = kc.kernel_info()
        if await _answer(kc.get_shell_msg, msg_id, km, min(deadline, time.monotonic() + 1)) and await _answer(
            kc.get_iopub_msg, msg_id, km, min(deadline, time.monotonic() + READY_IOPUB_S)
        ):
            return
    raise RuntimeError(f"the kernel did not answer in {timeout:.0f} s")


async def _answer(get: Any, msg_id: str, km: KernelManager, deadline: float) -> bool:
    """True once ``get`` (a channel's get_msg) yields a message answering ``msg_id``; False at ``deadline``."""
    while time.monotonic() < deadline:
        try:
            msg = await ensure_async(get(timeout=min(POLL_S, max(0.0, deadline - time.monotonic()))))
        except queue.Empty:
            if not await ensure_async(km.is_alive()):
                raise RuntimeError("the kernel died") from None
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return True
    return False


class PoolEngine(Engine):
    """papermill engine: executes on ``pool_kernel`` and writes the partial notebook if execution fails."""

    @classmethod
    def execute_notebook(cls, nb: Any, kernel_name: str, *, partial_path: str | None = None, **kwargs: Any):
        try:
            return super().execute_notebook(nb, kernel_name, **kwargs)
        except Exception:
            # a timeout or a dead kernel: keep what ran, as papermill's per-cell saves would have
            if partial_path:
                write_ipynb(nb, partial_path)
            raise

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        *,
        pool_kernel: PoolKernel,
        kernel_cwd: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: float = START_TIMEOUT_S,
        execution_timeout: float | None = None,
        **kwargs: Any,
    ) -> Any:
        if kernel_name != pool_kernel.km.kernel_name:
            raise ValueError(
                f"the notebook asks for kernel {kernel_name!r}, the pool has {pool_kernel.km.kernel_name!r}"
            )
        kwargs.pop("input_path", None)
        client = _PoolNotebookClient(
            nb_man,
            pool_kernel.km,
            kernel_cwd,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            **kwargs,
        )
        try:
            return client.execute()
        finally:
            if client.kc is not None:  # nbclient leaves the client of a kernel it does not own open
                client.kc.stop_channels()


papermill_engines.register(ENGINE_NAME, PoolEngine)


__all__ = ["ENGINE_NAME", "PoolEngine"]
