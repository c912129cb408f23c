"""The warm kernel pool (``liulin_data.kernels``): no state leaks, failures, timeouts, no orphan kernels.

"No state leaks" means: nothing a notebook does is visible to a later notebook on the same pool. The
pool reuses a kernel after resetting it (``liulin_data.kernel_state``), so the tests check both halves
of that reset:

- restored, on the same kernel process: variables, the execution counter, ``os.environ``, the working
  directory, ``sys.path``, warning filters, matplotlib rcParams and open figures, pandas options,
  numpy's global random state and print options, IPython display formatters;
- detected, so that the next notebook gets a fresh kernel: a reassigned global of a library module
  (``liulin_data.engine.ON_TRACK_TOLERANCE``), a mutated module-level dict of ``liulin_data``, a
  monkeypatched pandas function, a helper module imported from the notebook's folder (with a global
  changed), a thread left running, ``%config``.

With ``reuse=False`` (a new kernel per notebook) all of it must hold as well. What the warm-up does is the
same for every notebook and is not a leak. Notebooks are tiny, made with nbformat in ``tmp_path``; the
pools have one kernel, so notebook 2 runs on the slot notebook 1 used.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.exceptions import PapermillExecutionError

from liulin_data.kernels import DEFAULT_WARMUP, KernelPool, KernelStartError

pytestmark = pytest.mark.slow

# a light warm-up for the tests that are not about state (a kernel starts in ~0.5 s instead of ~1.5 s)
LIGHT_WARMUP = "import os"
# seconds a kill may take to show in the process table
GONE_WITHIN_S = 10

# changes the reset restores (the kernel is reused) ...
RESTORABLE = """
import os, sys, warnings, numpy, pandas, matplotlib, matplotlib.pyplot as plt
secret = 42
os.environ["LIULIN_LEAK"] = "1"
os.chdir("/")
sys.path.insert(0, "/nowhere")
warnings.simplefilter("ignore")
matplotlib.rcParams["lines.linewidth"] = 9.0
plt.figure()
pandas.set_option("display.max_rows", 3)
numpy.random.seed(1)
numpy.set_printoptions(precision=1)
get_ipython().display_formatter.formatters["text/plain"].for_type(int, lambda n, p, cycle: p.text("leak"))
print(os.getpid())
"""
RESTORABLE_CHECK = """
import os, sys, warnings, numpy, pandas, matplotlib, matplotlib.pyplot as plt
assert "secret" not in globals()
assert "LIULIN_LEAK" not in os.environ
assert os.getcwd() == {folder!r}, os.getcwd()
assert "/nowhere" not in sys.path
assert ("ignore", None, Warning, None, 0) not in warnings.filters
assert matplotlib.rcParams["lines.linewidth"] == {linewidth!r}
assert plt.get_fignums() == []
assert pandas.get_option("display.max_rows") == 60
assert numpy.get_printoptions()["precision"] == 8
assert get_ipython().display_formatter.format(7)[0]["text/plain"] == "7"
print(os.getpid(), repr(numpy.random.rand()))
"""
# ... and changes it cannot undo: each must get the next notebook a fresh kernel
UNRESTORABLE = """
import os, sys, threading, time, pandas, liulin_data.engine, liulin_data.statuses
sys.path.insert(0, {folder!r})
import leaky
leaky.VALUE = "changed"
liulin_data.engine.ON_TRACK_TOLERANCE = 0.99
liulin_data.statuses.STATUS_LABELS["achieved"] = "leak"
pandas.read_csv = None
threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
get_ipython().run_line_magic("config", "PlainTextFormatter.max_width = 7")
print(os.getpid())
"""
UNRESTORABLE_CHECK = """
import os, sys, pandas, liulin_data.engine, liulin_data.statuses
sys.path.insert(0, {folder!r})
import leaky
assert leaky.VALUE == "original", leaky.VALUE
assert liulin_data.engine.ON_TRACK_TOLERANCE == {tolerance!r}
assert liulin_data.statuses.STATUS_LABELS["achieved"] == {achieved!r}
assert pandas.read_csv is not None
assert get_ipython().config.PlainTextFormatter.get("max_width") != 7
print(os.getpid())
"""
# the reasons the reset gives for UNRESTORABLE
REASONS = (
    "new module leaky",
    "liulin_data.engine.ON_TRACK_TOLERANCE was reassigned",
    "liulin_data.statuses.STATUS_LABELS was changed",
    "pandas.read_csv was reassigned",
    "thread(s) left running",
    "%config",
)


def _notebook(path: Path, *cells: str, parameters: str | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    if parameters is not None:
        nb.cells.append(nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}))
    nb.cells.extend(nbformat.v4.new_code_cell(textwrap.dedent(c)) for c in cells)
    nbformat.write(nb, path)
    return path


def _text(nb_path: Path) -> str:
    """Every stream output of an executed notebook, joined."""
    nb = nbformat.read(nb_path, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def _gone(pids: list[int]) -> bool:
    """True when none of ``pids`` is a live process (a zombie counts as alive: nobody reaped it)."""
    deadline = time.monotonic() + GONE_WITHIN_S
    while time.monotonic() < deadline:
        if not [p for p in pids if _alive(p)]:
            return True
        time.sleep(0.1)
    return False


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:  # also when it exits while we look
        return False


def _leak_setup(tmp_path: Path) -> dict:
    """The helper module the notebooks import, and the values the checks compare against."""
    import matplotlib

    import liulin_data.engine
    import liulin_data.statuses

    (tmp_path / "leaky.py").write_text('VALUE = "original"\n', encoding="utf-8")
    return {
        "folder": str(tmp_path),
        "tolerance": liulin_data.engine.ON_TRACK_TOLERANCE,
        "achieved": liulin_data.statuses.STATUS_LABELS["achieved"],
        "linewidth": matplotlib.rcParamsDefault["lines.linewidth"],
    }


def _pair(pool: KernelPool, tmp_path: Path, first: str, second: str) -> tuple[str, str]:
    """Run notebook ``first`` then ``second`` (a failed assertion raises); their printed outputs."""
    outs = []
    for i, code in enumerate((first, second)):
        src = _notebook(tmp_path / f"nb{i}.ipynb", code)
        pool.execute_notebook(src, tmp_path / f"nb{i}.out.ipynb", {}, cwd=tmp_path)
        outs.append(_text(tmp_path / f"nb{i}.out.ipynb").strip())
    return outs[0], outs[1]


def _seeded_draw() -> str:
    """What numpy.random.rand() gives right after seed(1): a kernel that kept the seed would print it."""
    import numpy

    numpy.random.seed(1)
    return repr(numpy.random.rand())


def test_restorable_changes_are_undone_on_the_same_kernel(tmp_path):
    fmt = _leak_setup(tmp_path)
    with KernelPool(size=1, warmup=DEFAULT_WARMUP, cwd=tmp_path) as pool:
        pid1, out2 = _pair(pool, tmp_path, RESTORABLE, RESTORABLE_CHECK.format(**fmt))
    pid2, draw = out2.split()[-2:]  # (stderr noise, if any, comes first)
    assert out2.split()[:-2] == [], out2
    assert pid2 == pid1, "the kernel was reused"
    assert draw != _seeded_draw()
    counts = [c.execution_count for c in nbformat.read(tmp_path / "nb1.out.ipynb", as_version=4).cells]
    assert counts == [1], "the execution counter restarts for every notebook"


def test_unrestorable_changes_get_a_fresh_kernel(tmp_path, caplog):
    fmt = _leak_setup(tmp_path)
    caplog.set_level(logging.INFO, logger="liulin_data.kernels")
    with KernelPool(size=1, warmup=DEFAULT_WARMUP, cwd=tmp_path) as pool:
        pid1, pid2 = _pair(pool, tmp_path, UNRESTORABLE.format(**fmt), UNRESTORABLE_CHECK.format(**fmt))
    assert pid2 != pid1
    replaced = " ".join(
        r.getMessage() for r in caplog.records if "replaced instead of reused" in r.getMessage()
    )
    for reason in REASONS:
        assert reason in replaced


def test_no_state_leaks_without_reuse(tmp_path):
    fmt = _leak_setup(tmp_path)
    first = RESTORABLE + UNRESTORABLE.format(**fmt)
    second = RESTORABLE_CHECK.format(**fmt) + UNRESTORABLE_CHECK.format(**fmt)
    with KernelPool(size=1, warmup=DEFAULT_WARMUP, reuse=False, cwd=tmp_path) as pool:
        out1, out2 = _pair(pool, tmp_path, first, second)
    assert out1.split()[0] != out2.split()[0]
    assert out2.split()[1] != _seeded_draw()


def test_a_removed_notebook_folder_does_not_cost_the_kernel(tmp_path):
    # a Dask worker renders in a temporary folder that is gone by the time the kernel is reset
    folder = tmp_path / "task"
    folder.mkdir()
    gone = _notebook(
        folder / "gone.ipynb", "import os, shutil\nshutil.rmtree(os.getcwd())\nprint(os.getpid())"
    )
    good = _notebook(tmp_path / "good.ipynb", "import os\nprint(os.getpid())")
    with KernelPool(size=1, warmup=LIGHT_WARMUP) as pool:
        pool.execute_notebook(gone, tmp_path / "gone.out.ipynb", {}, cwd=folder)
        pool.execute_notebook(good, tmp_path / "good.out.ipynb", {}, cwd=tmp_path)
        assert pool.stats["reused"] >= 1 and not pool.stats["replaced"]
    assert _text(tmp_path / "good.out.ipynb") == _text(tmp_path / "gone.out.ipynb")


def test_parameters_injected_as_papermill_does(tmp_path):
    src = _notebook(
        tmp_path / "p.ipynb", "print(as_of, actuals)", parameters='as_of = "2026-01"\nactuals = []'
    )
    dst = tmp_path / "p.out.ipynb"
    with KernelPool(size=1, warmup=LIGHT_WARMUP) as pool:
        pool.execute_notebook(src, dst, {"as_of": "2026-10", "actuals": ["a.csv"]}, cwd=tmp_path)
    nb = nbformat.read(dst, as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert tags[:2] == [["parameters"], ["injected-parameters"]]
    assert 'as_of = "2026-10"' in nb.cells[1].source
    assert _text(dst).strip() == "2026-10 ['a.csv']"
    assert nb.metadata.papermill.parameters == {"as_of": "2026-10", "actuals": ["a.csv"]}


def test_failing_notebook_raises_and_pool_keeps_working(tmp_path):
    bad = _notebook(tmp_path / "bad.ipynb", "raise ValueError('boom')", "print('never')")
    good = _notebook(tmp_path / "good.ipynb", "print('ok')")
    with KernelPool(size=1, warmup=LIGHT_WARMUP) as pool:
        with pytest.raises(PapermillExecutionError) as info:
            pool.execute_notebook(bad, tmp_path / "bad.out.ipynb", {}, cwd=tmp_path)
        assert info.value.ename == "ValueError"
        assert "boom" in (tmp_path / "bad.out.ipynb").read_text(encoding="utf-8")
        pool.execute_notebook(good, tmp_path / "good.out.ipynb", {}, cwd=tmp_path)
    assert _text(tmp_path / "good.out.ipynb").strip() == "ok"


def test_timeout_kills_the_kernel_and_replaces_it(tmp_path):
    slow = _notebook(tmp_path / "slow.ipynb", "import os\nprint(os.getpid())", "import time\ntime.sleep(60)")
    good = _notebook(tmp_path / "good.ipynb", "import os\nprint(os.getpid())")
    with KernelPool(size=1, warmup=LIGHT_WARMUP) as pool:
        t0 = time.perf_counter()
        with pytest.raises(CellTimeoutError):
            pool.execute_notebook(slow, tmp_path / "slow.out.ipynb", {}, cwd=tmp_path, timeout_s=2)
        assert time.perf_counter() - t0 < 30
        stuck = int(_text(tmp_path / "slow.out.ipynb"))  # the partial notebook is kept
        assert _gone([stuck])
        pool.execute_notebook(good, tmp_path / "good.out.ipynb", {}, cwd=tmp_path)
    assert int(_text(tmp_path / "good.out.ipynb")) != stuck


def test_dead_kernel_is_replaced(tmp_path):
    dies = _notebook(tmp_path / "dies.ipynb", "import os\nos._exit(1)")
    good = _notebook(tmp_path / "good.ipynb", "print('ok')")
    with KernelPool(size=1, warmup=LIGHT_WARMUP) as pool:
        with pytest.raises(DeadKernelError):
            pool.execute_notebook(dies, tmp_path / "dies.out.ipynb", {}, cwd=tmp_path, timeout_s=60)
        pool.execute_notebook(good, tmp_path / "good.out.ipynb", {}, cwd=tmp_path)
    assert _text(tmp_path / "good.out.ipynb").strip() == "ok"


def test_failing_warmup_raises_instead_of_looping(tmp_path):
    good = _notebook(tmp_path / "good.ipynb", "print('ok')")
    with KernelPool(size=1, warmup="import no_such_module_liulin") as pool:
        with pytest.raises(KernelStartError, match="no_such_module_liulin"):
            pool.execute_notebook(good, tmp_path / "good.out.ipynb", {}, cwd=tmp_path)
        assert len(pool.pids()) <= 1


def _new_children(before: set[int]) -> list[psutil.Process]:
    """Processes started below this one since ``before`` that are still alive (other tests' leftovers aside)."""
    return [c for c in psutil.Process().children(recursive=True) if c.pid not in before and _alive(c.pid)]


def _children() -> set[int]:
    return {c.pid for c in psutil.Process().children(recursive=True)}


def test_shutdown_leaves_no_kernel_processes(tmp_path):
    good = _notebook(tmp_path / "good.ipynb", "print('ok')")
    before = _children()
    seen: set[int] = set()
    with KernelPool(size=2, warmup=LIGHT_WARMUP) as pool:
        for i in range(3):
            pool.execute_notebook(good, tmp_path / f"good{i}.out.ipynb", {}, cwd=tmp_path)
            seen.update(pool.pids())
        seen.update(pool.pids())
        assert len(pool.pids()) <= 2, "never more than `size` kernels alive"
    assert pool.pids() == []
    assert _gone(sorted(seen))
    assert not _new_children(before)


def test_shutdown_while_kernels_start(tmp_path):
    before = _children()
    pool = KernelPool(size=2, warmup=LIGHT_WARMUP)
    time.sleep(0.3)  # the kernel processes exist, the warm-up has not finished
    pool.shutdown()
    assert pool.pids() == []
    assert not _new_children(before)


def test_interpreter_exit_kills_the_kernels(tmp_path):
    script = (
        "from liulin_data.kernels import KernelPool\n"
        "import time\n"
        f"pool = KernelPool(size=2, warmup={LIGHT_WARMUP!r})\n"
        "while len(pool.pids()) < 2: time.sleep(0.05)\n"
        "print(*pool.pids())\n"
        # no shutdown(): the exit hook must kill them
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=os.environ,
    )
    pids = [int(p) for p in out.stdout.split()]
    assert len(pids) == 2
    assert _gone(pids)
