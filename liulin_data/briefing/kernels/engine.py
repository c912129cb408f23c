"""The papermill engine of the kernel pool: executes a notebook on a kernel papermill did not start.

Registered in code under :data:`ENGINE_NAME` when this module is imported (``KernelPool.execute_notebook``
does), no entry point needed. Everything else is papermill's own: parameter injection, the executed
notebook's metadata, ``PapermillExecutionError`` for a failing cell; nbclient's cell timeout.
"""

from __future__ import annotations

from typing import Any

from jupyter_client.manager import KernelManager
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, papermill_engines
from papermill.iorw import write_ipynb
from papermill.log import logger

from .kernel import START_TIMEOUT_S, PoolKernel

# the papermill engine that runs a notebook on a pool kernel
ENGINE_NAME = "liulin-pool"


class _PoolNotebookClient(PapermillNotebookClient):
    """papermill's notebook client on a kernel it does not own: moves it to the notebook's folder first."""

    def __init__(self, nb_man: Any, km: KernelManager, kernel_cwd: str, **kw: Any) -> None:
        super().__init__(nb_man, km=km, **kw)
        self.kernel_cwd = kernel_cwd

    def papermill_execute_cells(self) -> None:
        # silent: no output, no execution count, so the notebook looks as if run in a new kernel there
        msg_id = self.kc.execute(
            f"__import__('os').chdir({self.kernel_cwd!r})", silent=True, store_history=False
        )
        reply = self.wait_for_reply(msg_id)
        if reply is None or reply["content"]["status"] != "ok":
            raise RuntimeError(f"could not change the kernel's working directory to {self.kernel_cwd}")
        super().papermill_execute_cells()


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
