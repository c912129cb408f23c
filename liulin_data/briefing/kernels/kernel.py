"""One kernel of the pool: what every kernel runs when it starts (warm-up), how it is started and
how code is run in it and its reply awaited. The pool (:mod:`.pool`) and the papermill engine
(:mod:`.engine`) both build on this."""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from dataclasses import dataclass

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import KernelManager

from ...core.exceptions import LiulinError

log = logging.getLogger(__name__)

# code every kernel runs once after it starts: the imports and the chart font every briefing notebook
# needs, and a dry run of one chart so that lazy imports (pint, PIL plugins …) happen now, not in a notebook
DEFAULT_WARMUP = (
    "import numpy, pandas, matplotlib.pyplot, liulin_data.present.widgets\n"
    "from liulin_data.plan.folder import load_plan\n"
    "from liulin_data.present.views import NotebookView\n"
    "NotebookView.load(str(load_plan().first_month)).status_chart()\n"
    "matplotlib.pyplot.close(matplotlib.pyplot.figure())  # resolves the backend, as a notebook's plt would\n"
)
# after the warm-up: remember the state (and clear the warm-up's names); after a notebook: restore it
SNAPSHOT_CODE = "__import__('liulin_data.briefing.kernels.state', fromlist=['snapshot']).snapshot()"
RESET_CODE = "__import__('liulin_data.briefing.kernels.state', fromlist=['reset_or_raise']).reset_or_raise()"
# how long a reset may take (seconds)
RESET_TIMEOUT_S = 30
# the kernel's own log (TCP-transport notice, the kill at the end) is noise, cell errors come as outputs;
# the input history in memory, as nbclient starts kernels (no shared sqlite file on disk)
KERNEL_ARGS = ("--IPKernelApp.log_level=CRITICAL", "--HistoryManager.hist_file=:memory:")
# how long starting and warming up one kernel may take (seconds); also the engine's kernel start-up timeout
START_TIMEOUT_S = 120
# how often a wait on a kernel checks that the kernel is still alive (seconds)
POLL_S = 0.2
# how long a readiness probe waits for the kernel's status on IOPub before asking again (seconds)
READY_IOPUB_S = 0.5


class KernelStartError(LiulinError, RuntimeError):
    """A kernel of the pool did not start, or its warm-up code failed."""


@dataclass(eq=False)
class PoolKernel:
    """One started kernel: its manager and process id."""

    km: KernelManager
    pid: int


def _new_manager(kernel_name: str) -> KernelManager:
    """A kernel manager usable from any thread, whose clients are asyncio ones (what nbclient expects)."""
    return KernelManager(
        kernel_name=kernel_name, client_class="jupyter_client.asynchronous.AsyncKernelClient"
    )


def run_code(kernel: PoolKernel, code: str, timeout: float) -> None:
    """Execute ``code`` silently in ``kernel`` and wait for it (warm-up, working directory).

    Raises
    ------
    KernelStartError
        The code raised, the kernel died, or ``timeout`` seconds passed.
    """
    kc = BlockingKernelClient(parent=kernel.km)
    kc.load_connection_info(kernel.km.get_connection_info())
    kc.start_channels(shell=True, iopub=True, stdin=False, hb=False, control=False)
    try:
        wait_until_ready(kernel, kc, timeout)
        msg_id = kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        content = _content(kernel, kc, msg_id, time.monotonic() + timeout)
    except RuntimeError as exc:  # wait_for_ready: the kernel died or did not answer
        raise KernelStartError(f"kernel {kernel.pid}: {exc}") from exc
    finally:
        kc.stop_channels()
    if content["status"] != "ok":
        raise KernelStartError(f"kernel {kernel.pid}: {content.get('ename')}: {content.get('evalue')}")


def wait_until_ready(kernel: PoolKernel, kc: BlockingKernelClient, timeout: float) -> None:
    """Wait until ``kc`` (its channels just started) talks with ``kernel``: a kernel_info reply on the shell
    channel, and the kernel's status for that request on IOPub (the subscription is connected).

    jupyter_client's ``wait_for_ready`` then also waits for 0.2 s of silence on IOPub, every time: on a warm
    kernel that is most of what running a line of code costs (a reset after each notebook, and each
    notebook's own client, :mod:`.engine`), and the kernel does nothing meanwhile. Here the wait ends as soon
    as the kernel's own status message for this request arrives; a message of an earlier request cannot
    arrive on a subscription this new.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg_id = kc.kernel_info()
        if _reply(kernel, kc, msg_id, min(deadline, time.monotonic() + 1), "shell") is None:
            continue
        if _reply(kernel, kc, msg_id, min(deadline, time.monotonic() + READY_IOPUB_S), "iopub") is not None:
            return
    raise KernelStartError(f"kernel {kernel.pid} did not answer in time")


def _reply(
    kernel: PoolKernel, kc: BlockingKernelClient, msg_id: str, deadline: float, channel: str = "shell"
) -> dict | None:
    """The content of the first message on ``channel`` answering ``msg_id`` (the shell reply, or an IOPub
    message); polls so that a dead kernel fails at once. None when ``deadline`` passes on the IOPub channel or
    a readiness probe's shell channel (the caller retries)."""
    get = kc.get_shell_msg if channel == "shell" else kc.get_iopub_msg
    while time.monotonic() < deadline:
        try:
            msg = get(timeout=min(POLL_S, max(0.0, deadline - time.monotonic())))
        except queue.Empty:
            if not kernel.km.is_alive():
                raise KernelStartError(f"kernel {kernel.pid} died") from None
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]
    return None


def _content(kernel: PoolKernel, kc: BlockingKernelClient, msg_id: str, deadline: float) -> dict:
    """The content of the shell reply to ``msg_id`` (KernelStartError when ``deadline`` passes)."""
    content = _reply(kernel, kc, msg_id, deadline)
    if content is None:
        raise KernelStartError(f"kernel {kernel.pid} did not answer in time")
    return content


def _kill_all(alive: dict[int, PoolKernel], lock: threading.Lock) -> None:
    """Kill every kernel in ``alive`` (also the interpreter-exit hook, so it must not hold the pool)."""
    with lock:
        kernels = list(alive.values())
        alive.clear()
    for kernel in kernels:
        with contextlib.suppress(Exception):  # already dead, or its manager half torn down
            kernel.km.shutdown_kernel(now=True)
