"""Draft benchmark for issue #14: many briefings in one run, a warm kernel pool, a Dask cluster.

``python benchmarks/bench_batch.py [--quick] [--json PATH]`` prints (and writes) what :func:`run` returns:

- ``single``: the default briefing (``monthly``, 2026-10) by ``liulin brief`` today vs the same render with
  the warm kernel pool (``liulin_data.kernels``) wired into ``render._execute``, each in a fresh process.
- ``batch``: 6 months (2026-01 … 2026-06) as 6 ``liulin brief`` runs (``today_cli``, the denominator of
  ``batch_ratio``) vs one process and one pool rendering them one after another (``pool``) or two at a
  time (``pool_2_at_once``); plus today's renderer looping over the months in one process
  (``today_loop``: what one process alone gains) and ``replace``: a pool that uses every kernel once
  (``reuse=False``), the alternative the reset-and-reuse design was measured against.
- ``cluster``: the same 6 briefings sent to a ``distributed.LocalCluster`` of 2 single-threaded worker
  processes through ``liulin_data.distribute``, with today's renderer on the workers (``today``) and with
  a one-kernel pool per worker (``pool``).
- ``projection``: from the measured CPU seconds per briefing, the hours 117 counties × 12 months take on
  N workers.

Each figure is a median over repeats; the runs of different variants alternate so that load from other
processes on the machine hits all of them alike. CPU seconds (children's user + system) are reported
next to wall seconds: on a shared machine they move less. Until ``render.py`` calls the pool itself,
the pooled variants replace ``liulin_data.briefing.render._execute`` in a child process (the one-line
integration this benchmark stands for).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BRIEFING = "monthly"
AS_OF = "2026-10"  # the default briefing's month
MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06")
COUNTIES, MONTHS_PER_YEAR = 117, 12  # the scale-out question of the issue
WORKERS = (1, 2, 4, 8, 16)  # cluster sizes of the projection (2-core workers, like this machine)
GOALS = {"batch_ratio": 0.5, "render_ratio_vs_naive": 0.25}  # the goals (≤)


# ------------------------------------------------------------------------------------------ child


def _use_pool(pool) -> None:
    """Make ``liulin_data.briefing.render`` execute every notebook on ``pool`` (the integration, as a patch)."""
    from liulin_data import render

    def execute(src, dst, parameters, timeout_s, cwd):
        return pool.execute_notebook(src, dst, parameters, cwd=cwd, timeout_s=timeout_s)

    render._execute = execute


def child(mode: str, months: list[str], out: Path, jobs: int, at_once: int) -> dict[str, Any]:
    """Render ``months`` of the default briefing in this process; ``mode`` today | pool | replace."""
    from concurrent.futures import ThreadPoolExecutor

    from liulin_data.kernels import KernelPool

    # the pool first: its kernels start and warm up while this process imports the renderer
    pool = KernelPool(jobs, reuse=mode == "pool") if mode != "today" else None
    from liulin_data.briefing.params import load_params
    from liulin_data.briefing.render import render_briefing

    params = load_params(ROOT / "params" / f"{BRIEFING}.yaml")
    if pool is not None:
        _use_pool(pool)

    def one(i_month: tuple[int, str]) -> float:
        i, month = i_month
        # briefings rendered at once need their own OUT (one lock per OUT); render_many will stage instead
        folder = out / f"m{i}" if at_once > 1 else out
        return render_briefing(params, month, folder, progress_cb=None, jobs=jobs).seconds

    try:
        with ThreadPoolExecutor(at_once) as ex:
            seconds = list(ex.map(one, enumerate(months)))
    finally:
        if pool is not None:
            pool.shutdown()
    return {"briefing_seconds": seconds, "kernels": dict(pool.stats) if pool is not None else None}


# ------------------------------------------------------------------------------------------ parent


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    return env


def _timed(cmd: list[str]) -> dict[str, float]:
    """Run ``cmd``; wall seconds and the CPU seconds (user + system) of it and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} → exit {proc.returncode}\n{proc.stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu}


def _cli(months: list[str], out: Path) -> dict[str, float]:
    """``liulin brief monthly --as-of M`` once per month, one process each (today's way)."""
    runs = [_timed([str(BIN / "liulin"), "brief", BRIEFING, "--as-of", m, "--out", str(out)]) for m in months]
    return {"wall": sum(r["wall"] for r in runs), "cpu": sum(r["cpu"] for r in runs)}


def _child_run(mode: str, months: list[str], out: Path, jobs: int, at_once: int = 1) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", mode, "--months", ",".join(months), "--out", str(out)]
    return _timed(cmd + ["--jobs", str(jobs), "--at-once", str(at_once)])


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}


def _alternate(variants: dict[str, Any], repeat: int, work: Path) -> dict[str, dict[str, float]]:
    """Run every variant ``repeat`` times, round-robin; median wall and CPU seconds per variant."""
    runs: dict[str, list] = {name: [] for name in variants}
    for r in range(repeat):
        for name, fn in variants.items():
            runs[name].append(fn(Path(tempfile.mkdtemp(prefix=f"{name}-{r}-", dir=work))))
    return {name: _median(v) for name, v in runs.items()}


def _naive(out: Path) -> dict[str, float]:
    """The naive pipeline of ``benchmarks/run.py`` (papermill, then nbconvert, per notebook): the ratio's base."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("liulin_bench_run", ROOT / "benchmarks" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    stems, nb_params, _ = bench._briefing_setup()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, _ = bench._run_naive(stems, ROOT / "notebooks", nb_params, out)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": wall, "cpu": after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime}


def measure_single(work: Path, repeat: int, jobs: int, naive: bool) -> dict[str, Any]:
    variants = {
        "today": lambda out: _cli([AS_OF], out),
        "pool": lambda out: _child_run("pool", [AS_OF], out, jobs),
    }
    res = _alternate(variants, repeat, work)
    res["pool_vs_today"] = round(res["pool"]["wall"] / res["today"]["wall"], 3)
    if naive:  # one run: it takes ~45 s
        res["naive"] = _median([_naive(Path(tempfile.mkdtemp(dir=work)))])
        res["render_ratio_vs_naive"] = {k: round(res[k]["wall"] / res["naive"]["wall"], 3) for k in variants}
    return res


def measure_batch(work: Path, repeat: int, jobs: int, months: list[str]) -> dict[str, Any]:
    res = _alternate(
        {
            "today_cli": lambda out: _cli(months, out),
            "today_loop": lambda out: _child_run("today", months, out, jobs),
            "pool": lambda out: _child_run("pool", months, out, jobs),
            "pool_2_at_once": lambda out: _child_run("pool", months, out, jobs, at_once=2),
            "replace": lambda out: _child_run("replace", months, out, jobs),
        },
        repeat,
        work,
    )
    base = res["today_cli"]["wall"]
    res["batch_ratio"] = {k: round(v["wall"] / base, 3) for k, v in res.items() if k != "today_cli"}
    res["briefings_per_minute"] = {
        k: round(60 * len(months) / v["wall"], 2) for k, v in res.items() if "wall" in v
    }
    res["cpu_s_per_briefing"] = {
        k: round(v["cpu"] / len(months), 2) for k, v in res.items() if isinstance(v, dict) and "cpu" in v
    }
    return res


def _worker_pool(size: int) -> int:
    """On a worker: execute this process's notebooks on one kernel pool (what render.py will do)."""
    import liulin_data
    from liulin_data.kernels import KernelPool

    pool = KernelPool(size)
    liulin_data._bench_pool = pool  # kept alive for the worker's life; the exit hook kills the kernels
    _use_pool(pool)
    return os.getpid()


def _stop_worker_pool() -> dict:
    import liulin_data

    pool = liulin_data.__dict__.pop("_bench_pool", None)
    if pool is None:
        return {}
    pool.shutdown()
    return dict(pool.stats)


def measure_cluster(work: Path, months: list[str], pooled: bool, n_workers: int = 2) -> dict[str, Any]:
    """``months`` through a LocalCluster of ``n_workers`` single-threaded processes (its start not timed)."""
    from distributed import Client, LocalCluster

    from liulin_data.briefing.params import load_params
    from liulin_data.distribute import make_tasks, render_on

    if __name__ != "__main__":  # imported (run()): the workers cannot import this script by name
        import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    params = load_params(ROOT / "params" / f"{BRIEFING}.yaml")
    tasks = make_tasks([params], months, jobs=1)
    with (
        LocalCluster(
            n_workers=n_workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        if pooled:
            client.run(_worker_pool, 1)
        t0 = time.perf_counter()
        render_on(client.get_executor(), tasks, Path(tempfile.mkdtemp(dir=work)), progress_cb=None)
        wall = time.perf_counter() - t0
        stats = client.run(_stop_worker_pool) if pooled else {}
    return {
        "wall": round(wall, 2),
        "briefings_per_minute": round(60 * len(months) / wall, 2),
        "kernels": stats,
    }


def projection(cpu_s_per_briefing: float, cores_per_worker: int = 2, efficiency: float = 1.0) -> dict:
    """Hours for 117 counties × 12 months on N workers, from CPU seconds per briefing."""
    total_cpu = COUNTIES * MONTHS_PER_YEAR * cpu_s_per_briefing
    return {
        "briefings": COUNTIES * MONTHS_PER_YEAR,
        "cpu_s_per_briefing": cpu_s_per_briefing,
        "assumes": f"{cores_per_worker}-core workers, scaling efficiency {efficiency}",
        "hours_on_n_workers": {
            n: round(total_cpu / (n * cores_per_worker * efficiency) / 3600, 2) for n in WORKERS
        },
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Measure everything; ``quick``: one repeat, two months, no cluster."""
    jobs = os.cpu_count() or 1
    months = list(MONTHS[:2] if quick else MONTHS)
    repeat = 1 if quick else 3  # the single briefing; the 6-month batch: 2
    res: dict[str, Any] = {"cores": jobs, "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="liulin-bench-batch-") as tmp:
        work = Path(tmp)
        res["single"] = measure_single(work, repeat, jobs, naive=not quick)
        res["batch"] = measure_batch(work, 1 if quick else 2, jobs, months)
        if not quick:
            res["cluster"] = {
                "today": measure_cluster(work, months, pooled=False),
                "pool": measure_cluster(work, months, pooled=True),
            }
    per = res["batch"]["cpu_s_per_briefing"]["pool"]
    res["projection"] = projection(per)
    figures = {"batch_ratio": res["batch"]["batch_ratio"]["pool"]}
    if "render_ratio_vs_naive" in res["single"]:
        figures["render_ratio_vs_naive"] = res["single"]["render_ratio_vs_naive"]["pool"]
    res["goals"] = {k: {"value": v, "goal": GOALS[k], "met": v <= GOALS[k]} for k, v in figures.items()}
    res["load_after"] = os.getloadavg()
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument("--child", choices=("today", "pool", "replace"), help=argparse.SUPPRESS)
    ap.add_argument("--months", default=AS_OF, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help=argparse.SUPPRESS)
    ap.add_argument("--at-once", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.months.split(","), args.out, args.jobs, args.at_once)))
        return 0
    res = run(quick=args.quick)
    text = json.dumps(res, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
