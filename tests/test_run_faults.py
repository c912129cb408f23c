"""Faults during a run of ``liulin brief``, for real (#23.7, #23.8): SIGTERM sent to the run, the only worker of a
Dask cluster killed, the scheduler killed. Each is a subprocess run of the ``liulin`` command, as cron or
systemd runs it, against processes the test starts and kills; the table says what each must end in.

What must hold in every case: one clear Chinese line (no traceback), the exit code the README's table gives,
the output lock released (the next run is not refused), no staging folder left, the previous page untouched,
and no kernel or worker the run started left running.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from liulin_data.apps.cli import EXIT_FAILED, EXIT_TERMINATED
from tests.notebooks import make_notebook

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent


@pytest.fixture
def setup(tmp_path):
    """A one-notebook briefing that waits in its cell until the file GO exists (then prints its month)."""
    nbs, pdir = tmp_path / "nbs", tmp_path / "params"
    code = "import os, time\nwhile not os.path.exists('GO'):\n    time.sleep(0.2)\nprint(as_of)"
    make_notebook(nbs / "00_overview.ipynb", code, title=None)
    pdir.mkdir()
    (pdir / "demo.yaml").write_text("kind: 测试简报\nnotebooks: [00_overview]\n", encoding="utf-8")
    out = tmp_path / "O"
    args = ["brief", "demo", "--out", str(out), "--params-dir", str(pdir), "--notebooks-dir", str(nbs)]
    return {"nbs": nbs, "out": out, "args": args, "tmp": tmp_path}


def _start(args: list[str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "liulin_data.apps.cli", *args],
        stdout=open(log.with_suffix(".out"), "w"),  # noqa: SIM115 - closed with the process
        stderr=open(log.with_suffix(".err"), "w"),  # noqa: SIM115
        start_new_session=True,
    )


def _children(pid: int) -> list[int]:
    """Every process below ``pid`` (kernels, their helpers)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                    found.append(int(entry.name))
                    todo.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


def _after(setup, proc: subprocess.Popen, log: Path, timeout: float) -> tuple[int, str, str]:
    code = proc.wait(timeout=timeout)
    return code, log.with_suffix(".out").read_text(), log.with_suffix(".err").read_text()


def _lock_is_free(out: Path) -> bool:
    from filelock import FileLock, Timeout

    try:
        with FileLock(str(out / ".lock"), timeout=0):
            return True
    except Timeout:
        return False


# ------------------------------------------------------------------------------------------------ SIGTERM
def test_sigterm_gets_the_cleanup_and_message_of_ctrl_c(setup):
    (setup["nbs"] / "GO").write_text("", encoding="utf-8")
    first = subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", *setup["args"], "--as-of", "2026-03"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    page = setup["out"] / "2026-03" / "demo" / "index.html"
    before = page.read_bytes()
    (setup["nbs"] / "GO").unlink()  # the next run waits in its notebook
    log = setup["tmp"] / "term"
    proc = _start([*setup["args"], "--as-of", "2026-03"], log)
    try:
        _wait_for(lambda: list(setup["out"].glob(".staging-2026-03-*")), 120, "the briefing to start")
        time.sleep(3)  # its notebook is now waiting in its cell
        kernels = _children(proc.pid)
        assert kernels, "the run's kernels"
        os.kill(proc.pid, signal.SIGTERM)  # to the run only, as systemd's stop or `kill PID` does
        code, out, err = _after(setup, proc, log, timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert code == EXIT_TERMINATED == 143
    assert err.endswith("\n已中断（收到终止信号 SIGTERM）。\n") and "Traceback" not in err + out, err
    assert not list(setup["out"].glob(".staging-*")), "staging folders removed"
    assert page.read_bytes() == before, "the previous page untouched"
    assert _lock_is_free(setup["out"])
    _wait_for(lambda: not any(_alive(pid) for pid in kernels), 20, "the kernels to end")


# ------------------------------------------------------------------------------------------------ Dask
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cluster(tmp_path):
    """A Dask scheduler and one worker (no nanny: a killed worker stays dead), each its own process."""
    port = _free_port()
    logs = [open(tmp_path / f"{n}.log", "w") for n in ("scheduler", "worker")]  # noqa: SIM115
    scheduler = subprocess.Popen(
        [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stdout=logs[0], stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    address = f"tcp://127.0.0.1:{port}"
    worker = subprocess.Popen(
        [str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard"],
        stdout=logs[1], stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    _wait_for(lambda: "Registered to" in (tmp_path / "worker.log").read_text(), 120, "the worker")
    try:
        yield {"address": address, "scheduler": scheduler, "worker": worker}
    finally:
        for proc in (worker, scheduler):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        for fh in logs:
            fh.close()


def _kill_group(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)  # the process and its kernels
    proc.wait()


# (id, what is killed while the first briefing runs, extra arguments, what each failed briefing's line says,
#  the most seconds the run may take after the kill)
FAULTS = [
    ("the-only-worker-killed", "worker", ["--worker-timeout", "5"],
     "未生成：Dask 集群 {address} 已有 5 秒没有可用的工作节点（dask worker）；请启动工作节点后重新运行", 60),
    ("the-scheduler-killed", "scheduler", [],
     "未生成：与 Dask 调度器 {address} 的连接已断开", 90),
]  # fmt: skip


@pytest.mark.parametrize("case", FAULTS, ids=[c[0] for c in FAULTS])
def test_a_cluster_that_goes_away_fails_the_briefings_in_one_line_each(setup, cluster, case):
    _, victim, extra, says, seconds = case
    log = setup["tmp"] / victim
    months = ["--months", "2026-01:2026-02", "--executor", cluster["address"].replace("tcp://", "dask://")]
    proc = _start([*setup["args"], *months, *extra], log)
    try:
        # the worker runs the first briefing: its notebook waits (its kernel is a child of the worker)
        _wait_for(lambda: _children(cluster["worker"].pid), 120, "a kernel on the worker")
        time.sleep(1)
        _kill_group(cluster[victim])
        killed = time.monotonic()
        code, out, err = _after(setup, proc, log, timeout=seconds + 60)
        took = time.monotonic() - killed
    finally:
        if proc.poll() is None:
            _kill_group(proc)
    assert code == EXIT_FAILED, err
    assert "Traceback" not in out + err and "CancelledError" not in out + err, err
    said = says.format(address=cluster["address"])
    lines = [line for line in out.splitlines() if line.startswith("[")]
    assert len(lines) == 2 and all(said in line for line in lines), out
    assert (
        err.strip()
        == f"错误：共 2 份简报，完成 0 份，失败 2 份：2026-01 demo（{said}）；2026-02 demo（{said}）"
    )
    assert took < seconds, took
    assert _lock_is_free(setup["out"]) and not list(setup["out"].glob(".staging-*"))
    assert not (setup["out"] / "2026-01" / "demo").exists()
