"""Benchmarks of the Liulin 2026 target tracker: render speed, library scale, widget latency, page weight.

``make bench`` runs ``.venv/bin/python benchmarks/run.py``; it writes ``results.json`` (each figure is the
median over the repeats, plus the raw medians it comes from) and a readable ``results.md`` (min/median/max,
goal, pass/fail, the machine, and profiler findings where a goal is missed). Scratch files go under
``OUT/_work/`` (git-ignored).

Measurements (``--only NAME``, repeatable):

- ``render``: ``liulin brief monthly --as-of 2026-10 --out TMP`` against the naive pipeline
  (``papermill`` then ``jupyter nbconvert --to html --no-input``, one notebook after another) on the same
  notebooks and parameters; plus the floor (both pipelines on trivial one-cell notebooks) and the page weight
  of the rendered briefing (largest HTML file, external http(s) src/href references).
- ``library``: ``load_actuals`` + ``progress`` against a bare ``pandas.read_csv`` of the same generated
  long-table CSV (10^4, 10^5, 10^6 rows), each run in its own subprocess (peak RSS from getrusage).
- ``xlsx``: ``load_actuals`` on a generated 50,000-row .xlsx against openpyxl's bare read-only iteration of
  the same workbook's cells (in process, after a warm-up, interleaved).
- ``callback``: one widget change of ``IndicatorExplorer`` (recompute and redraw one chart), Agg backend.
- ``import``: ``python -c "import liulin_data"`` minus ``python -c pass``.
- ``batch``: ``liulin brief monthly --months 2026-01:2026-06`` against six single-month runs (``batch_ratio``),
  briefings per minute here and on a 2-worker Dask ``LocalCluster``, and the hours a province's 117 counties ×
  12 months would take on N machines (``bench_batch.py``).
- ``inputs``: a briefing from a 50,000-row .xlsx against one from the same rows as CSV, over one parse of the
  .xlsx (``brief_input_overhead``, ``bench_batch.py``).
- ``extract``: ``liulin plan new`` on the development reports in ``../shared/real`` (``bench_extract.py``):
  targets and results recall and precision against the answer keys, recall of the hand-made Liulin catalog,
  and the seconds of the slowest report (against reading it alone).

Nothing is estimated: a measurement whose code is missing or fails reports that (value ``null`` and the reason
under ``missing``), never a number.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent  # the repository
HERE = Path(__file__).resolve().parent  # benchmarks/
BIN = Path(sys.executable).parent  # the virtualenv's bin/ (liulin, papermill, jupyter)
AS_OF = "2026-10"  # the month of the default briefing
BRIEFING = "monthly"  # params/monthly.yaml, the default briefing
SEED = 20260  # seed of the generated actuals
GEN_VERSION = 1  # bump when the generator changes, so cached CSVs are rebuilt
SIZES_FULL = (10_000, 100_000, 1_000_000)  # rows of the generated actuals CSVs
SIZES_QUICK = (300, 1_000)  # --quick sizes
XLSX_ROWS = 50_000  # rows of the generated .xlsx (issue #11: 5.3 s to load before the sheet-XML reader)
XLSX_ROWS_QUICK = 500  # --quick
CALLBACK_CHANGES = 50  # widget changes timed (full run)
CALLBACK_CHANGES_QUICK = 4  # widget changes timed with --quick
IMPORT_RUNS = 7  # subprocess runs of each import command (minimum)
SUBPROCESS_TIMEOUT_S = 3600  # a single benchmarked command may not take longer
PROFILE_TOP = 25  # lines of profiler output kept per finding
MB = 1_000_000  # bytes in a (decimal) megabyte

# goals of the benchmark issue: key -> (comparator, limit, unit shown)
GOALS: dict[str, tuple[str, float, str]] = {
    "render_ratio_vs_naive": ("<=", 0.25, "×"),  # issue #14 (0.35 before)
    "library_ratio_vs_read_csv": ("<=", 2.0, "×"),
    "xlsx_ratio_vs_openpyxl": ("<=", 1.5, "×"),
    "callback_ms_median": ("<=", 150.0, "ms"),
    "callback_ms_p95": ("<=", 150.0, "ms"),
    "import_s": ("<=", 0.5, "s"),
    "html_bytes_max": ("<=", 1.5 * MB, "B"),
    "external_requests": ("==", 0, ""),
}
# the figures results.json must always carry (a number, or null with the reason under "missing")
KEYS = (
    "render_ratio_vs_naive",
    "library_ratio_vs_read_csv",
    "xlsx_ratio_vs_openpyxl",
    "callback_ms_median",
    "callback_ms_p95",
    "import_s",
    "html_bytes_max",
)
MEASUREMENTS = ("render", "library", "xlsx", "callback", "import", "extract", "batch", "inputs")  # --only
# which measurement produces which headline key
KEY_OWNER = {
    "render_ratio_vs_naive": "render",
    "html_bytes_max": "render",
    "external_requests": "render",
    "library_ratio_vs_read_csv": "library",
    "xlsx_ratio_vs_openpyxl": "xlsx",
    "callback_ms_median": "callback",
    "callback_ms_p95": "callback",
    "import_s": "import",
}


def _load_script(name: str):
    """benchmarks/NAME.py as a module (a script beside this one, not part of the package)."""
    spec = importlib.util.spec_from_file_location(f"liulin_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH_EXTRACT = _load_script("bench_extract")
# the figures of `liulin plan new` and their goals: defined once, in bench_extract.py
GOALS.update(
    {k: (op, limit, "s" if k.endswith("_s") else "") for k, (op, limit) in BENCH_EXTRACT.GOALS.items()}
)
KEYS += BENCH_EXTRACT.FIGURES
KEY_OWNER.update(dict.fromkeys(BENCH_EXTRACT.FIGURES, "extract"))
BENCH_BATCH = _load_script("bench_batch")
# many briefings in one run (#14) and a big workbook in a briefing (#11): defined in bench_batch.py
GOALS.update(
    {k: (op, limit, "×" if k.endswith("ratio") else "") for k, (op, limit) in BENCH_BATCH.GOALS.items()}
)
KEYS += BENCH_BATCH.FIGURES
KEY_OWNER.update(BENCH_BATCH.OWNER)

# towns of Liulin County: the 'regions' of the generated actuals (written into the 来源 column)
TOWNS = (
    "柳林镇", "穆村镇", "薛村镇", "庄上镇", "留誉镇", "三交镇", "成家庄镇", "孟门镇",
    "李家湾乡", "陈家湾乡", "金家庄乡", "高家沟乡", "贾家垣乡", "石西乡", "王家沟乡",
)  # fmt: skip
# convertible spellings of catalog units used in the generated actuals (catalog unit -> other units)
ALT_UNITS = {
    "万吨": ("吨",),
    "万亩": ("亩", "公顷"),
    "亩": ("公顷",),
    "万斤": ("斤", "吨"),
    "亿立方米": ("万立方米",),
    "立方米": ("立方",),
    "亿元": ("万元",),
    "万元": ("元", "亿元"),
    "公里": ("米",),
    "万千瓦时": ("千瓦时",),
    "万棒": ("棒",),
}
CSV_HEADER = ["指标", "时期", "数值", "单位", "口径", "同比增长(%)", "来源", "备注"]  # long-table layout
# a link a reader may follow (<a href="https://…">, e.g. the source of a published figure) is not a load
EXTERNAL_LINK_RE = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
DATA_URI_RE = re.compile(r"""data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+""")


# ------------------------------------------------------------------------------------------- helpers


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stats(values: list[float]) -> dict[str, float] | None:
    """min / median / max of a list of numbers (None when empty)."""
    if not values:
        return None
    return {"min": min(values), "median": statistics.median(values), "max": max(values), "n": len(values)}


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile ``q`` (0–100) of ``values``."""
    xs = sorted(values)
    if len(xs) == 1:
        return xs[0]
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


class CommandFailed(RuntimeError):
    """A benchmarked command exited with an error."""


def timed_run(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> tuple[float, str]:
    """Run ``cmd``; return (wall seconds, stdout). Raises CommandFailed with the stderr tail on failure."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT_S, check=False
    )
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        raise CommandFailed(f"{' '.join(map(str, cmd))} → exit {proc.returncode}:\n{tail}")
    return dt, proc.stdout


def child_env() -> dict[str, str]:
    """Environment of benchmarked subprocesses: headless matplotlib, no stray progress bars."""
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def pyinstrument_text(func, *args, **kwargs) -> str:
    """Run ``func`` under pyinstrument; return the top of its flat (self time) report, then the call tree."""
    try:
        from pyinstrument import Profiler
    except ImportError as exc:  # the bench extra is not installed
        return f"(pyinstrument not available: {exc})"
    prof = Profiler(interval=0.001)
    prof.start()
    try:
        func(*args, **kwargs)
    finally:
        prof.stop()
    return session_text(prof.last_session)


def session_text(session) -> str:
    """The top of a pyinstrument session's flat (self time) report, then the top of its call tree."""
    from pyinstrument.renderers import ConsoleRenderer

    flat = _strip_banner(
        ConsoleRenderer(unicode=True, color=False, flat=True, time="percent_of_total").render(session)
    )
    tree = _strip_banner(ConsoleRenderer(unicode=True, color=False).render(session))
    return (
        f"total {session.duration:.3f} s; self time (flat):\n"
        + "\n".join(flat[:PROFILE_TOP])
        + "\n\ncall tree:\n"
        + "\n".join(tree[: PROFILE_TOP * 2])
    )


def _strip_banner(text: str) -> list[str]:
    """pyinstrument's text report without its ASCII-art banner and blank lines."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    start = next((i + 1 for i, ln in enumerate(lines) if ln.startswith("Profile at")), 0)
    if start == 0:
        start = next((i + 1 for i, ln in enumerate(lines) if "v5." in ln or "v4." in ln), 0)
    return lines[start:]


def missing_result(keys: list[str], reason: str) -> dict[str, Any]:
    return {"figures": dict.fromkeys(keys), "missing": dict.fromkeys(keys, reason)}


# -------------------------------------------------------------------------------------------- import


def measure_import(repeat: int) -> dict[str, Any]:
    """``python -c "import liulin_data"`` minus ``python -c pass``, medians of >= IMPORT_RUNS runs each."""
    runs = max(IMPORT_RUNS, repeat)
    py = sys.executable
    env = child_env()
    bare: list[float] = []
    full: list[float] = []
    timed_run([py, "-c", "import liulin_data"], env=env)  # warm the file cache and __pycache__
    for _ in range(runs):  # interleaved, so drift affects both alike
        bare.append(timed_run([py, "-c", "pass"], env=env)[0])
        full.append(timed_run([py, "-c", "import liulin_data"], env=env)[0])
    diffs = [f - b for f, b in zip(full, bare, strict=True)]
    heavy = timed_run(
        [
            py,
            "-c",
            "import sys, liulin_data; print(' '.join(m for m in ('pandas','numpy','matplotlib','papermill',"
            "'nbconvert','pint','pydantic') if m in sys.modules))",
        ],
        env=env,
    )[1].strip()
    import_s = statistics.median(full) - statistics.median(bare)
    return {
        "figures": {
            "import_s": import_s,
            "import_liulin_s_median": statistics.median(full),
            "import_bare_s_median": statistics.median(bare),
        },
        "spread": {"import_s": stats(diffs)},
        "details": {"runs": runs, "heavy_modules_loaded": heavy or "(none)"},
    }


def import_profile() -> str:
    """The slowest imports of ``import liulin_data`` (python -X importtime, cumulative µs)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import liulin_data"],
        capture_output=True,
        text=True,
        env=child_env(),
        check=False,
    )
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(2)), int(m.group(1)), len(m.group(3)), m.group(4)))
    rows.sort(reverse=True)
    lines = ["cumulative µs | self µs | module (python -X importtime)"]
    lines += [f"{c:>12} | {s:>7} | {name}" for c, s, _, name in rows[:PROFILE_TOP]]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------- library


def _catalog_rows() -> list[dict]:
    from liulin_data import load_targets

    t = load_targets()
    t = t[t["kind"] != "milestone"]
    return t.to_dict("records")


def _key_rows(rng: random.Random) -> list[tuple[str, str, int, str, float, float | None]]:
    """Every distinct valid (indicator, basis, month) of 2026 with a consistent value in the catalog unit.

    Returns (indicator, catalog unit, month, basis, value, yoy). ytd values never decrease.
    """
    import math

    keys = []
    for row in _catalog_rows():
        name, unit, kind, basis = row["indicator"], row["unit"], row["kind"], row["basis"]
        target = row.get("target")
        target = (
            float(target)
            if target is not None and not (isinstance(target, float) and math.isnan(target))
            else 0
        )
        if basis == "level":
            for m in range(1, 13):
                v = (target or 100.0) * (0.3 + 0.7 * m / 12) * (0.95 + 0.1 * rng.random())
                keys.append((name, unit, m, "level", round(v, 4), None))
            continue
        ytd = 0.0
        for m in range(1, 13):
            if kind == "growth":  # a growth rate in %: monthly rates vary, the ytd rate creeps up
                month_v = round(rng.uniform(-4, 12), 2)
                ytd = round(2.0 + 0.25 * m + rng.random() * 0.2, 2)
            else:
                month_v = round((target or 120.0) / 12 * (0.7 + 0.6 * rng.random()), 4)
                ytd = round(ytd + month_v, 4)
            yoy = round(rng.uniform(-9, 15), 1) if rng.random() < 0.5 else None
            keys.append((name, unit, m, "month", month_v, yoy))
            keys.append((name, unit, m, "ytd", ytd, yoy))
    return keys


def _period_text(m: int, basis: str, rng: random.Random) -> str:
    if basis == "ytd" and m > 1:
        return rng.choice((f"2026年1-{m}月", f"2026年1—{m}月", f"1-{m}月"))
    return rng.choice((f"2026年{m}月", f"2026-{m:02d}", f"{m}月"))


def generate_actuals(path: Path, rows: int, seed: int = SEED) -> dict[str, Any]:
    """Write a long-table actuals CSV of ``rows`` rows (seeded) that load_actuals accepts in strict mode.

    The loader keys a value by (indicator, period, basis) only — with no region column and only the
    target year 2026 accepted — so there are about ``len(keys)`` (~1,200) distinct valid values. The file is
    therefore made of submissions from the county's towns (town in the 来源 column), each one a full block
    of every key, written with varying but equivalent spellings: the period (2026年3月 / 2026-03 / 3月,
    2026年1-3月 / 1—3月 …), the unit (万吨 or 吨, 万亩 or 亩 or 公顷 …, values converted), the basis word
    (当月 / 累计 / 时点, or blank where the period implies it), the number (a few with thousands separators),
    the yoy (number, "增长3.2%" or blank). Equal values of one key across blocks are merged as identical
    duplicates by the loader (``rows_merged``); nothing is rejected.
    """
    from liulin_data.core import units

    rng = random.Random(seed)
    keys = _key_rows(rng)
    basis_words = {
        "month": ("当月", "当月", ""),
        "ytd": ("累计", "累计", "1-本月", ""),
        "level": ("时点", "期末"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    n = 0
    block = 0
    with tmp.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_HEADER)
        while n < rows:
            town = TOWNS[block % len(TOWNS)]
            source = f"柳林县统计局（{town}报送，第{block // len(TOWNS) + 1}批）"
            for name, unit, m, basis, value, yoy in keys:
                if n >= rows:
                    break
                alt = rng.choice((unit, *ALT_UNITS.get(unit, ())))
                raw = value if alt == unit else value / units.factor(alt, unit)
                # a few with thousands separators: the loader's slow path, once per distinct text
                commas = rng.random() < 0.01 and abs(raw) >= 1000
                vtext = f"{raw:,.12g}" if commas else f"{raw:.15g}"
                word = rng.choice(basis_words[basis])
                if basis == "ytd" and m == 1 and word == "":
                    word = "累计"  # 2026年1月 alone would read as a month value
                if yoy is None:
                    ytext = ""
                elif rng.random() < 0.1:
                    ytext = f"增长{yoy}%" if yoy >= 0 else f"下降{-yoy}%"
                else:
                    ytext = str(yoy)
                note = "" if rng.random() < 0.97 else "初步数"
                w.writerow([name, _period_text(m, basis, rng), vtext, alt, word, ytext, source, note])
                n += 1
            block += 1
    os.replace(tmp, path)
    return {"rows": n, "distinct_keys": len(keys), "blocks": block}


def actuals_csv(work: Path, rows: int) -> Path:
    """The cached generated CSV of ``rows`` rows (generated on first use)."""
    path = work / "library" / f"actuals_{rows}_seed{SEED}_v{GEN_VERSION}.csv"
    if not path.is_file():
        generate_actuals(path, rows)
    return path


def _child_library(what: str, path: str) -> None:
    """Subprocess body: time one library measurement, print JSON (seconds, peak RSS)."""
    import pandas as pd

    from liulin_data import load_actuals, load_targets
    from liulin_data.session import progress

    targets = load_targets()  # cached catalog, validated once: not part of the measurement
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out: dict[str, Any] = {}
    t0 = time.perf_counter()
    if what == "read_csv":
        df = pd.read_csv(path)
        out["rows"] = len(df)
    else:
        acc = load_actuals(path, targets=targets)
        t1 = time.perf_counter()
        prog = progress(AS_OF, actuals=acc, targets=targets)
        out.update(
            load_s=t1 - t0,
            progress_s=time.perf_counter() - t1,
            rows=len(acc),
            progress_rows=len(prog),
            **{k: int(v) for k, v in acc.attrs.items() if isinstance(v, int)},
        )
    out["seconds"] = time.perf_counter() - t0
    out["rss_before_mb"] = rss_before * 1024 / MB
    out["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB
    print(json.dumps(out))


def _run_child(args: list[str]) -> dict[str, Any]:
    _, stdout = timed_run([sys.executable, str(Path(__file__).resolve()), "--_child", *args], env=child_env())
    return json.loads(stdout.strip().splitlines()[-1])


def measure_library(work: Path, sizes: tuple[int, ...], repeat: int) -> dict[str, Any]:
    """load_actuals + progress vs pandas.read_csv, each run in a fresh subprocess, per size."""
    per_size = []
    for rows in sizes:
        path = actuals_csv(work, rows)
        reads, loads, details = [], [], []
        for _ in range(repeat):  # interleaved
            reads.append(_run_child(["read_csv", str(path)]))
            loads.append(_run_child(["load_progress", str(path)]))
        details = loads[-1]
        r_med = statistics.median(x["seconds"] for x in reads)
        l_med = statistics.median(x["seconds"] for x in loads)
        per_size.append(
            {
                "rows": rows,
                "bytes": path.stat().st_size,
                "read_csv_s": stats([x["seconds"] for x in reads]),
                "load_progress_s": stats([x["seconds"] for x in loads]),
                "load_s_median": statistics.median(x["load_s"] for x in loads),
                "progress_s_median": statistics.median(x["progress_s"] for x in loads),
                "ratio": l_med / r_med,
                "ratios": [x["seconds"] / y["seconds"] for x, y in zip(loads, reads, strict=True)],
                "us_per_row": l_med / rows * 1e6,
                "read_csv_peak_mb": max(x["rss_peak_mb"] for x in reads),
                "load_progress_peak_mb": max(x["rss_peak_mb"] for x in loads),
                "baseline_mb": statistics.median(x["rss_before_mb"] for x in loads),
                "rows_read": details.get("rows_read"),
                "rows_accepted": details.get("rows_accepted"),
                "rows_rejected": details.get("rows_rejected"),
                "rows_merged": details.get("rows_merged"),
                "frame_rows": details.get("rows"),
            }
        )
    top = per_size[-1]
    figures = {
        "library_ratio_vs_read_csv": top["ratio"],
        "library_rows": top["rows"],
        "library_load_progress_s_median": top["load_progress_s"]["median"],
        "library_read_csv_s_median": top["read_csv_s"]["median"],
        "library_peak_rss_mb": top["load_progress_peak_mb"],
        "library_read_csv_peak_rss_mb": top["read_csv_peak_mb"],
    }
    for s in per_size:
        figures[f"library_ratio_{s['rows']}"] = s["ratio"]
    return {
        "figures": figures,
        "spread": {"library_ratio_vs_read_csv": stats(top["ratios"])},
        "details": {"sizes": per_size},
    }


def library_profile(work: Path, rows: int) -> str:
    from liulin_data import load_actuals, load_targets
    from liulin_data.session import progress

    targets = load_targets()
    path = actuals_csv(work, rows)

    def run():
        progress(AS_OF, actuals=load_actuals(path, targets=targets), targets=targets)

    return f"load_actuals + progress on {rows:,} rows:\n" + pyinstrument_text(run)


# ---------------------------------------------------------------------------------------------- xlsx


def xlsx_workbook(work: Path, rows: int) -> Path:
    """The cached .xlsx of the generated actuals (``rows`` rows, numbers as number cells), made by openpyxl."""
    import openpyxl

    path = work / "xlsx" / f"actuals_{rows}_seed{SEED}_v{GEN_VERSION}.xlsx"
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("填报")
    with actuals_csv(work, rows).open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f)):
            if i and re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", row[2]):
                row[2] = float(row[2])
            ws.append(row)
    tmp = path.with_suffix(".tmp")
    wb.save(tmp)
    os.replace(tmp, path)
    return path


def _openpyxl_cells(path: Path) -> int:
    """openpyxl's bare read-only iteration of every cell value of every sheet (the baseline)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = sum(len(row) for ws in wb.worksheets for row in ws.iter_rows(values_only=True))
    wb.close()
    return n


def measure_xlsx(work: Path, rows: int, repeat: int) -> dict[str, Any]:
    """load_actuals on a generated .xlsx against openpyxl's bare read-only iteration of its cells."""
    from liulin_data import load_actuals, load_targets

    path = xlsx_workbook(work, rows)
    targets = load_targets()
    accepted = load_actuals(path, targets=targets)  # warm-up: imports and the catalog index are not measured
    cells = _openpyxl_cells(path)
    loads, reads = [], []
    for _ in range(repeat):  # interleaved
        t0 = time.perf_counter()
        _openpyxl_cells(path)
        t1 = time.perf_counter()
        load_actuals(path, targets=targets)
        reads.append(t1 - t0)
        loads.append(time.perf_counter() - t1)
    ratios = [x / y for x, y in zip(loads, reads, strict=True)]
    figures = {
        "xlsx_ratio_vs_openpyxl": statistics.median(loads) / statistics.median(reads),
        "xlsx_rows": rows,
        "xlsx_load_s_median": statistics.median(loads),
        "xlsx_openpyxl_s_median": statistics.median(reads),
    }
    details = {
        "rows": rows,
        "cells": cells,
        "bytes": path.stat().st_size,
        "rows_accepted": accepted.attrs["rows_accepted"],
    }
    return {"figures": figures, "spread": {"xlsx_ratio_vs_openpyxl": stats(ratios)}, "details": details}


def xlsx_profile(work: Path, rows: int) -> str:
    from liulin_data import load_actuals, load_targets

    targets = load_targets()
    path = xlsx_workbook(work, rows)
    return f"load_actuals on a {rows:,}-row .xlsx:\n" + pyinstrument_text(load_actuals, path, targets=targets)


# ------------------------------------------------------------------------------------------ callback


def _explorer():
    """An IndicatorExplorer on the shipped synthetic sample, Agg backend, first draw done."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    from liulin_data.plan.folder import load_plan
    from liulin_data.present.widgets import IndicatorExplorer
    from liulin_data.session import open_session

    # the default plan's synthetic sample (sample_actuals.csv), at its latest month with data
    session = open_session(load_plan().last_month)
    return IndicatorExplorer(open_session(session.inputs.latest_month))


def _changes(explorer, n: int):
    """n widget changes, each chosen when it is made: the month slider and the indicator alternately, the
    basis toggle every 5th — when the indicator shown has two views (a level or a cumulative-only series has
    one, 累计; then the indicator changes instead)."""
    ids = list(explorer.indicator.options)
    ids = [v for _, v in ids] if ids and isinstance(ids[0], tuple) else ids
    months = [v for _, v in explorer.month.options]  # the slider's months: January to as_of
    month, ind = months.index(explorer.month.value), 0
    for i in range(n):
        bases = [v for _, v in explorer.basis.options]
        if i % 5 == 4 and len(bases) > 1:
            other = bases[(bases.index(explorer.basis.value) + 1) % len(bases)]
            yield "basis", explorer.basis, other
        elif i % 2 == 0 and i % 5 != 4:
            month = (month + 1) % len(months)
            yield "month", explorer.month, months[month]
        else:
            ind = (ind + 1) % len(ids)
            yield "indicator", explorer.indicator, ids[ind]


def measure_callback(n: int) -> dict[str, Any]:
    """Time n widget changes; each sets one control, whose observer recomputes and redraws the chart."""
    import contextlib
    import io

    sink = io.StringIO()  # outside a kernel, IPython's display() prints the Image repr
    with contextlib.redirect_stdout(sink):
        explorer = _explorer()
    redraws = 0
    original = explorer.redraw

    def counted():
        nonlocal redraws
        redraws += 1
        return original()

    explorer.redraw = counted  # the observer calls self.redraw(): count that each change redraws once
    times: dict[str, list[float]] = {}
    allt: list[float] = []
    with contextlib.redirect_stdout(sink):
        for kind, control, value in _changes(explorer, n):
            before = redraws
            t0 = time.perf_counter()
            control.value = value  # traitlets calls the explorer's callback synchronously
            dt = (time.perf_counter() - t0) * 1000
            if redraws != before + 1:
                raise RuntimeError(f"a {kind} change ran {redraws - before} redraws, expected 1")
            times.setdefault(kind, []).append(dt)
            allt.append(dt)
    return {
        "figures": {
            "callback_ms_median": statistics.median(allt),
            "callback_ms_p95": percentile(allt, 95),
            **{f"callback_ms_median_{k}": statistics.median(v) for k, v in times.items()},
        },
        "spread": {"callback_ms_median": stats(allt)},
        "details": {
            "how": f"{n} changes of IndicatorExplorer (shipped sample, Agg backend, in-process): setting the "
            "month slider and the indicator dropdown alternately and the 当月/累计 toggle every 5th change; "
            "each change runs the explorer's observer once (checked), which recomputes the series and "
            "redraws the one chart to PNG. Per kind (median ms): "
            + ", ".join(f"{k} {statistics.median(v):.1f} (n={len(v)})" for k, v in times.items()),
        },
    }


def callback_profile(n: int) -> str:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        explorer = _explorer()

    def run():
        with contextlib.redirect_stdout(io.StringIO()):
            for _, control, value in _changes(explorer, n):
                control.value = value

    return f"{n} widget changes:\n" + pyinstrument_text(run)


# -------------------------------------------------------------------------------------------- render


def _trivial_notebook(path: Path, parameters: dict[str, Any]) -> None:
    """A notebook with a parameters cell and one trivial code cell."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    defaults = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(defaults)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell("print('as_of', as_of)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, nbformat.writes(nb))


def _briefing_setup() -> tuple[list[str], dict[str, Any], str]:
    """(notebook stems, notebook parameters, where the parameters come from) of the default briefing."""
    import yaml

    spec = yaml.safe_load((ROOT / "params" / f"{BRIEFING}.yaml").read_text(encoding="utf-8"))
    stems = list(spec["notebooks"])
    try:
        from liulin_data.briefing.params import load_params, notebook_parameters

        p = load_params(ROOT / "params" / f"{BRIEFING}.yaml")
        nb_params = notebook_parameters(p.model_copy(update={"as_of": AS_OF}))
        origin = "liulin_data.briefing.params.notebook_parameters"
    except ImportError:
        nb_params = {"as_of": AS_OF, "actuals": [], "domains": [], "language": "zh", "interactive": False}
        origin = "fallback (liulin_data.briefing.params missing)"
    return stems, nb_params, origin


def _quick_params(work: Path, stems: list[str]) -> Path:
    """A copy of params/monthly.yaml with only the first notebook (--quick); returns its folder."""
    import yaml

    spec = yaml.safe_load((ROOT / "params" / f"{BRIEFING}.yaml").read_text(encoding="utf-8"))
    spec["notebooks"] = stems[:1]
    folder = work / "render" / "quick_params"
    atomic_write(folder / f"{BRIEFING}.yaml", yaml.safe_dump(spec, allow_unicode=True, sort_keys=False))
    return folder


def quick_briefing(work: Path) -> tuple[Path, Path]:
    """(params folder, notebooks folder) of the --quick briefing: the default briefing's first notebook,
    as a trivial one-cell notebook."""
    stems, nb_params, _ = _briefing_setup()
    trivial_dir = work / "render" / "trivial_notebooks"
    for stem in stems:
        _trivial_notebook(trivial_dir / f"{stem}.ipynb", {**nb_params, "interactive": True})
    return _quick_params(work, stems), trivial_dir


def brief_command(work: Path, quick: bool):
    """``brief(out, *args)`` → the ``liulin brief`` command of the default briefing (its --quick stand-in)."""
    extra: list[str] = []
    if quick:
        params_dir, nb_dir = quick_briefing(work)
        extra = ["--params-dir", str(params_dir), "--notebooks-dir", str(nb_dir)]

    def brief(out: Path, *args: str) -> list[str]:
        return [str(BIN / "liulin"), "brief", BRIEFING, "--out", str(out), "--quiet", *extra, *args]

    return brief


def fresh(folder: Path) -> Path:
    """An empty ``folder`` (scratch of one measurement)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _run_brief(out: Path, notebooks_dir: Path | None, params_dir: Path | None = None) -> tuple[float, Path]:
    cmd = [str(BIN / "liulin"), "brief", BRIEFING, "--as-of", AS_OF, "--out", str(out)]
    if notebooks_dir is not None:
        cmd += ["--notebooks-dir", str(notebooks_dir)]
    if params_dir is not None:
        cmd += ["--params-dir", str(params_dir)]
    dt, _ = timed_run(cmd, env=child_env())
    return dt, out / AS_OF / BRIEFING


def _run_naive(stems: list[str], nb_dir: Path, nb_params: dict[str, Any], out: Path) -> tuple[float, dict]:
    """papermill then nbconvert, one notebook after another; returns wall seconds and per-step times."""
    out.mkdir(parents=True, exist_ok=True)
    env = child_env()
    steps: dict[str, float] = {}
    t0 = time.perf_counter()
    for stem in stems:
        executed = out / f"{stem}.ipynb"
        cmd = [str(BIN / "papermill"), str(nb_dir / f"{stem}.ipynb"), str(executed), "--cwd", str(nb_dir)]
        cmd += ["--no-progress-bar", "-p", "as_of", nb_params["as_of"]]
        cmd += ["-p", "interactive", str(nb_params.get("interactive", False))]
        rest = {k: v for k, v in nb_params.items() if k not in ("as_of", "interactive")}
        if rest:
            cmd += ["-y", json.dumps(rest, ensure_ascii=False)]
        steps[f"{stem}.papermill"] = timed_run(cmd, env=env)[0]
        conv = [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)]
        steps[f"{stem}.nbconvert"] = timed_run(conv, env=env)[0]
    return time.perf_counter() - t0, steps


def page_weight(briefing_dir: Path) -> dict[str, Any]:
    """Largest HTML file of a rendered briefing; what it would load from the network (scripts, styles,
    images, fonts: the page's own rule, ``page.EXTERNAL_LOAD_RE``), and the links a reader may follow."""
    from liulin_data.briefing.page import EXTERNAL_LOAD_RE

    pages = sorted(briefing_dir.glob("*.html"))
    if not pages:
        raise CommandFailed(f"no HTML files in {briefing_dir}")
    sizes = {p.name: p.stat().st_size for p in pages}
    refs: dict[str, int] = {}
    links: dict[str, int] = {}
    for p in pages:
        text = p.read_text(encoding="utf-8", errors="replace")
        if n := len(EXTERNAL_LOAD_RE.findall(text)):
            refs[p.name] = n
        if n := len(EXTERNAL_LINK_RE.findall(text)):
            links[p.name] = n
    biggest = max(sizes, key=sizes.get)
    return {
        "html_bytes_max": sizes[biggest],
        "largest_file": biggest,
        "sizes": sizes,
        "external_requests": sum(refs.values()),
        "external_by_file": refs,
        "links_by_file": links,  # followed only when a reader taps them; not loads
    }


def html_breakdown(path: Path) -> str:
    """What the bytes of one HTML page are: data URIs (images, fonts), <style>, <script>, the rest."""
    text = path.read_text(encoding="utf-8", errors="replace")
    total = len(text.encode())
    uris = DATA_URI_RE.findall(text)
    kinds: dict[str, list[int]] = {}
    for u in uris:
        kinds.setdefault(u.split(";", 1)[0], []).append(len(u))
    styles = sum(len(m) for m in re.findall(r"<style.*?</style>", text, re.DOTALL))
    scripts = sum(len(m) for m in re.findall(r"<script.*?</script>", text, re.DOTALL))
    lines = [f"{path.name}: {total:,} bytes"]
    for k, v in sorted(kinds.items(), key=lambda kv: -sum(kv[1])):
        lines.append(f"  {k}: {len(v)} × data URI, {sum(v):,} bytes (largest {max(v):,})")
    lines.append(f"  <style> blocks: {styles:,} bytes (data URIs inside counted above too)")
    lines.append(f"  <script> blocks: {scripts:,} bytes")
    return "\n".join(lines)


def measure_render(work: Path, repeat: int, quick: bool) -> dict[str, Any]:
    """liulin brief vs the naive papermill + nbconvert pipeline; floor on trivial notebooks; page weight."""
    keys = ["render_ratio_vs_naive", "html_bytes_max"]
    stems, nb_params, origin = _briefing_setup()
    real_dir = ROOT / "notebooks"
    absent = [s for s in stems if not (real_dir / f"{s}.ipynb").is_file()]
    trivial_dir = work / "render" / "trivial_notebooks"
    for stem in stems:
        _trivial_notebook(trivial_dir / f"{stem}.ipynb", {**nb_params, "interactive": True})
    runs = work / "render" / "runs"
    shutil.rmtree(runs, ignore_errors=True)
    params_dir = None
    if quick:  # one trivial notebook through both pipelines: exercises every step cheaply
        params_dir = _quick_params(work, stems)
        stems = stems[:1]

    def compare(nb_dir: Path | None, label: str, n: int) -> dict[str, Any]:
        brief, naive, manifests, steps = [], [], [], []
        last_dir = None
        for i in range(n):
            dt, last_dir = _run_brief(runs / f"{label}_brief_{i}", nb_dir, params_dir)
            brief.append(dt)
            manifest = json.loads((last_dir / "manifest.json").read_text(encoding="utf-8"))
            manifests.append({s: v["seconds"] for s, v in manifest.get("notebooks", {}).items()})
            dt, st = _run_naive(stems, nb_dir or real_dir, nb_params, runs / f"{label}_naive_{i}")
            naive.append(dt)
            steps.append(st)
        per_nb = {s: statistics.median(m[s] for m in manifests) for s in manifests[-1]}
        per_step = {k: statistics.median(st[k] for st in steps) for k in steps[-1]}
        return {
            "brief_s": stats(brief),
            "naive_s": stats(naive),
            "ratio": statistics.median(brief) / statistics.median(naive),
            "ratios": [b / v for b, v in zip(brief, naive, strict=True)],
            "manifest_notebook_s": per_nb,
            "naive_step_s": per_step,
            "briefing_dir": str(last_dir),
        }

    # the real notebooks first: a failure there shows up before the floor's minutes are spent
    real = compare(None, "real", repeat) if not quick and not absent else None
    floor = compare(trivial_dir, "trivial", repeat)
    details: dict[str, Any] = {
        "stems": stems,
        "parameters": nb_params,
        "parameters_from": origin,
        "floor": floor,
    }
    figures: dict[str, Any] = {
        "floor_brief_s_median": floor["brief_s"]["median"],
        "floor_naive_s_median": floor["naive_s"]["median"],
        "floor_ratio": floor["ratio"],
    }
    out: dict[str, Any] = {"figures": figures, "details": details, "spread": {}, "missing": {}}
    if quick:
        # --quick: the comparison runs on the trivial notebooks only (cheap), and says so
        main = floor
        details["inputs"] = f"one trivial one-cell notebook ({stems[0]}; --quick)"
    elif absent:
        for k in keys:
            figures[k] = None
            out["missing"][k] = f"notebooks missing: {', '.join(f'notebooks/{s}.ipynb' for s in absent)}"
        return out
    else:
        main = real
        details["inputs"] = "notebooks/ (the default briefing)"
        details["real"] = main
    figures["render_ratio_vs_naive"] = main["ratio"]
    figures["brief_s_median"] = main["brief_s"]["median"]
    figures["naive_s_median"] = main["naive_s"]["median"]
    out["spread"]["render_ratio_vs_naive"] = stats(main["ratios"])
    if not quick:
        b, fb = main["brief_s"]["median"], floor["brief_s"]["median"]
        figures["analysis_s_median"] = b - fb
        figures["analysis_share"] = (b - fb) / b
        details["per_notebook_analysis_s"] = {
            s: main["manifest_notebook_s"][s] - floor["manifest_notebook_s"].get(s, 0.0)
            for s in main["manifest_notebook_s"]
        }
    weights = []
    for i in range(repeat):
        label = "trivial" if quick else "real"
        weights.append(page_weight(runs / f"{label}_brief_{i}" / AS_OF / BRIEFING))
    figures["html_bytes_max"] = statistics.median(w["html_bytes_max"] for w in weights)
    figures["external_requests"] = max(w["external_requests"] for w in weights)
    out["spread"]["html_bytes_max"] = stats([w["html_bytes_max"] for w in weights])
    details["page_weight"] = weights[-1]
    return out


def render_profile(work: Path, details: dict[str, Any]) -> str:
    """pyinstrument over one `liulin brief` run (the orchestrating process), plus the per-notebook split."""
    out = work / "render" / "profile_out"
    shutil.rmtree(out, ignore_errors=True)
    session_file = work / "render" / "profile.pyisession"
    cmd = [str(BIN / "pyinstrument"), "-r", "session", "-o", str(session_file)]
    cmd += [str(BIN / "liulin"), "brief", BRIEFING, "--as-of", AS_OF, "--out", str(out)]
    lines = []
    try:
        from pyinstrument.session import Session

        timed_run(cmd, env=child_env())
        lines.append("pyinstrument, `liulin brief` main thread (the kernels run in their own processes):")
        lines.append(session_text(Session.load(str(session_file))))
    except (CommandFailed, OSError, subprocess.TimeoutExpired, ImportError) as exc:
        lines.append(f"(profiling failed: {exc})")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------- reports


# ------------------------------------------------------------------------------------------- extract


def measure_extract(quick: bool) -> dict[str, Any]:
    """``liulin plan new`` on the development reports: recall, precision, seconds (see bench_extract.py)."""
    r = BENCH_EXTRACT.run(quick=quick)
    figures = {k: r.get(k) for k in BENCH_EXTRACT.FIGURES}
    figures["plan_new_read_s"] = r.get("plan_new_read_s")
    for name, text in r["per_text"].items():
        for k in ("targets_recall", "targets_precision", "results_recall", "results_precision", "plan_new_s",
                  "measure_agreement", "direction_agreement"):  # fmt: skip
            if text.get(k) is not None:
                figures[f"{name}_{k}"] = text[k]
    return {"figures": figures, "missing": r["missing"], "details": {"per_text": r["per_text"]}}


def extract_profile() -> str:
    """pyinstrument of plan_new on the longest development report."""
    text = BENCH_EXTRACT.slowest_text()
    if text is None:
        return "(no development report to profile)"
    from liulin_data.apps.extract.propose import plan_new

    with tempfile.TemporaryDirectory(prefix="bench_extract_") as tmp:
        return pyinstrument_text(plan_new, *text, Path(tmp) / "plan")


def machine() -> dict[str, Any]:
    versions = {}
    for pkg in ("pandas", "matplotlib", "papermill", "nbconvert", "ipywidgets", "numpy", "ipykernel"):
        try:
            versions[pkg] = importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            versions[pkg] = None
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],  # other work on the machine
    }


def passed(key: str, value: Any) -> bool | None:
    if key not in GOALS or not isinstance(value, int | float):
        return None
    op, limit, _ = GOALS[key]
    return {"<=": value <= limit, ">=": value >= limit, "==": value == limit}[op]


def _fmt(key: str, v: Any) -> str:
    if v is None:
        return "—"
    if key.startswith("html_bytes"):
        return f"{v:,.0f} B ({v / MB:.2f} MB)"
    if key.endswith("_ms_median") or key.endswith("_ms_p95") or key.endswith("_ms"):
        return f"{v:.1f} ms"
    if key.endswith("_s") or key.endswith("_s_median"):
        return f"{v:.3f} s"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _short(text: str, limit: int = 160) -> str:
    """First line of a reason, clipped (the full text is under "Missing")."""
    first = str(text).strip().splitlines()[0] if str(text).strip() else ""
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _ratio(value: float | None, counts: list[int] | None, part: int) -> str:
    """0.900 (36/40): a recall (part 1 = key rows) or precision (part 2 = proposed rows) with its counts."""
    if value is None:
        return "—"
    return f"{value:.3f} ({counts[0]}/{counts[part]})" if counts else f"{value:.3f}"


def extract_lines(det: dict[str, Any], res: dict[str, Any]) -> list[str]:
    """The per-text table of the extract measurement (recall/precision with counts, seconds)."""
    lines = [
        "", "## `liulin plan new` on real reports", "",
        "Development texts in `../shared/real/reports`, scored against `../shared/real/keys` (a row matches when "
        "value, unit and quote agree); the Liulin figure takes the shipped hand-made catalog as its key. Measure "
        "and direction: the matched rows whose proposed target model agrees with `benchmarks/dev_key_meanings.csv` "
        "(a hand-made reading of each key row).", "",
        "| text | targets recall | targets precision | measure | direction | results recall | results precision "
        "| plan new | read |",
        "|---|---|---|---|---|---|---|---|---|",
    ]  # fmt: skip
    for name, t in det.get("per_text", {}).items():
        tc, rc = t.get("targets_counts"), t.get("results_counts")
        mc, dc = t.get("measure_counts"), t.get("direction_counts")
        cells = (
            _ratio(t.get("targets_recall"), tc, 1), _ratio(t.get("targets_precision"), tc, 2),
            _ratio(t.get("measure_agreement"), mc, 1), _ratio(t.get("direction_agreement"), dc, 1),
            _ratio(t.get("results_recall"), rc, 1), _ratio(t.get("results_precision"), rc, 2),
        )  # fmt: skip
        if t.get("targets_recall") is None:
            cells = (
                f"{t['targets_proposed']} rows proposed (no key)",
                "",
                "",
                "",
                f"{t['results_proposed']} rows",
                "",
            )
        lines.append(f"| {name} | {' | '.join(cells)} | {t['plan_new_s']:.3f} s | {t['read_s']:.4f} s |")
    lines.append(
        f"| liulin (catalog as key) | {_fmt('liulin_recall', res.get('liulin_recall'))} | | | | | | | |"
    )
    overall = " · ".join(
        f"{label} {_fmt(key, res.get(key))}"
        for label, key in (("measure agreement", "measure_agreement"), ("direction agreement", "direction_agreement"),
                           ("time per character at 8× the text (1 = linear)", "plan_new_scaling"))
    )  # fmt: skip
    lines += ["", f"Overall: {overall}."]
    return lines


def write_markdown(path: Path, res: dict[str, Any]) -> None:
    m = res["machine"]
    pk = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `benchmarks/run.py{' --quick' if res['quick'] else ''}` on {m['date']}"
        f" — {m['cores']} cores, Python {m['python']}, {m['platform']}.",
        f"Packages: {pk}. Repeats: {res['repeat']} (figures are medians over the repeats).",
        f"Load average when the run started: {m.get('load_average_1_5_15')}; at the end: "
        f"{res.get('load_average_end')} (other work on the machine inflates the timings).",
        "",
        "| figure | min | median | max | goal | pass |",
        "|---|---|---|---|---|---|",
    ]
    for key in (*KEYS, "external_requests"):
        v = res.get(key)
        sp = (
            {} if key == "callback_ms_p95" else res["spread"].get(key) or {}
        )  # a p95 has no per-change spread
        goal = GOALS.get(key)
        g = ""
        if goal:
            g = (
                f"{goal[0]} {_fmt(key, goal[1])}"
                if key.startswith("html")
                else f"{goal[0]} {goal[1]} {goal[2]}".strip()
            )
        ok = passed(key, v)
        verdict = (
            "MISSING: " + _short(res["missing"][key])
            if key in res["missing"]
            else ("pass" if ok else "FAIL" if ok is False else "")
        )
        lines.append(
            f"| `{key}` | {_fmt(key, sp.get('min'))} | {_fmt(key, v)} | {_fmt(key, sp.get('max'))} | {g} | {verdict} |"
        )
    lines += ["", "Raw medians:", ""]
    for k, v in sorted(res["raw"].items()):
        lines.append(f"- `{k}`: {_fmt(k, v)}")
    det = res["details"]
    if "render" in det:
        d = det["render"]
        lines += ["", "## Render", "", f"Inputs: {d.get('inputs', '—')}; parameters from {d.get('parameters_from')}: "
                  f"`{json.dumps(d.get('parameters'), ensure_ascii=False)}`.", ""]  # fmt: skip
        for label in ("real", "floor"):
            if label not in d:
                continue
            r = d[label]
            lines.append(
                f"- {label}: `liulin brief` {r['brief_s']['median']:.2f} s (min {r['brief_s']['min']:.2f}, "
                f"max {r['brief_s']['max']:.2f}); naive {r['naive_s']['median']:.2f} s "
                f"(min {r['naive_s']['min']:.2f}, max {r['naive_s']['max']:.2f}); ratio {r['ratio']:.3f}"
            )
            lines.append(f"  - per-notebook execution (manifest, parallel): {r['manifest_notebook_s']}")
            lines.append(f"  - naive steps: { {k: round(v, 2) for k, v in r['naive_step_s'].items()} }")
        raw = res["raw"]
        if "analysis_share" in raw and "real" in d:
            lines.append(
                f"- split of `liulin brief`: {raw['floor_brief_s_median']:.2f} s is the floor (process and kernel "
                f"start, papermill, export, combine — the same briefing on trivial notebooks), "
                f"{raw['analysis_s_median']:.2f} s ({raw['analysis_share']:.0%}) is the notebooks' own analysis"
            )
        if "per_notebook_analysis_s" in d:
            lines.append(
                f"- analysis (real − trivial, per notebook, s): "
                f"{ {k: round(v, 2) for k, v in d['per_notebook_analysis_s'].items()} }"
            )
        if "page_weight" in d:
            pw = d["page_weight"]
            lines.append(
                f"- page weight: {pw['sizes']}; external loads: {pw['external_by_file'] or 0}; "
                f"links to sources (not loads): {pw.get('links_by_file') or 0}"
            )
    if "library" in det and det["library"].get("sizes"):
        lines += ["", "## Library scale", "", det["library"].get("design", ""), ""]
        lines += [
            "| rows | file MB | read_csv s | load+progress s (load / progress) | ratio | µs/row | peak RSS MB "
            "(read_csv / ours, baseline) | read / accepted / rejected / merged |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for s in det["library"]["sizes"]:
            lines.append(
                f"| {s['rows']:,} | {s['bytes'] / MB:.1f} | {s['read_csv_s']['median']:.3f} "
                f"({s['read_csv_s']['min']:.3f}–{s['read_csv_s']['max']:.3f}) | {s['load_progress_s']['median']:.3f} "
                f"({s['load_s_median']:.3f} / {s['progress_s_median']:.3f}) | {s['ratio']:.2f} | {s['us_per_row']:.2f} "
                f"| {s['read_csv_peak_mb']:.0f} / {s['load_progress_peak_mb']:.0f} ({s['baseline_mb']:.0f}) "
                f"| {s['rows_read']} / {s['rows_accepted']} / {s['rows_rejected']} / {s['rows_merged']} |"
            )
    if "callback" in det:
        lines += ["", "## Widget callback", "", det["callback"].get("how", "")]
    if "import" in det:
        lines += [
            "",
            "## Import",
            "",
            f"Heavy modules loaded by `import liulin_data`: {det['import']['heavy_modules_loaded']}",
        ]
    if "extract" in det:
        lines += extract_lines(det["extract"], res)
    lines += BENCH_BATCH.markdown(det, res)
    lines += ["", "## Findings", ""]
    if res["findings"]:
        for name, text in res["findings"].items():
            lines += [f"### {name}", "", "```", text, "```", ""]
    else:
        lines.append("Every measured goal is met; no profiling needed.")
    if res["missing"]:
        lines += ["", "## Missing", ""]
        for k, v in res["missing"].items():
            lines += [f"- `{k}`:", "", "```", str(v), "```", ""]
    atomic_write(path, "\n".join(lines) + "\n")


# ---------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny sizes, 1 repeat, render on trivial notebooks")
    ap.add_argument("--only", action="append", choices=MEASUREMENTS, help="run only this measurement")
    ap.add_argument("--repeat", type=int, default=None, help="repeats per measurement (default 3, --quick 1)")
    ap.add_argument("--out-dir", type=Path, default=Path(__file__).resolve().parent, help="results folder")
    ap.add_argument("--no-profile", action="store_true", help="skip the profiler runs on missed goals")
    ap.add_argument("--rewrite-md", action="store_true", help="only rewrite results.md from results.json")
    ap.add_argument("--_child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._child:
        _child_library(*args._child)
        return 0
    if args.rewrite_md:
        res = json.loads((args.out_dir / "results.json").read_text(encoding="utf-8"))
        write_markdown(args.out_dir / "results.md", res)
        return 0
    repeat = args.repeat or (1 if args.quick else 3)
    out_dir = args.out_dir.resolve()
    work = out_dir / "_work"
    work.mkdir(parents=True, exist_ok=True)
    only = args.only or list(MEASUREMENTS)
    json_path = out_dir / "results.json"
    res: dict[str, Any] = {}
    if args.only and json_path.is_file():  # --only updates the figures of the earlier full run
        res = json.loads(json_path.read_text(encoding="utf-8"))
    res.update(quick=args.quick, repeat=repeat, machine=machine())
    for k in ("raw", "spread", "details", "missing", "findings"):
        res.setdefault(k, {})
    sizes = SIZES_QUICK if args.quick else SIZES_FULL
    cb_n = CALLBACK_CHANGES_QUICK if args.quick else CALLBACK_CHANGES
    xlsx_rows = XLSX_ROWS_QUICK if args.quick else XLSX_ROWS
    batch_repeat = 1 if args.quick else min(repeat, 2)  # a repeat of the full batch takes ~3 minutes

    runners = {
        "import": lambda: measure_import(repeat),
        "library": lambda: measure_library(work, sizes, repeat),
        "xlsx": lambda: measure_xlsx(work, XLSX_ROWS_QUICK if args.quick else XLSX_ROWS, repeat),
        "callback": lambda: measure_callback(cb_n),
        "render": lambda: measure_render(work, repeat, args.quick),
        "extract": lambda: measure_extract(args.quick),
        "batch": lambda: BENCH_BATCH.measure_batch(
            brief_command(work, args.quick), child_env(), fresh(work / "batch"), args.quick, batch_repeat
        ),
        "inputs": lambda: BENCH_BATCH.measure_inputs(
            brief_command(work, args.quick),
            child_env(),
            fresh(work / "inputs"),
            xlsx_workbook(work, xlsx_rows),
            actuals_csv(work, xlsx_rows),
            repeat,
            AS_OF,
        ),
    }
    for name in MEASUREMENTS:
        if name not in only:
            continue
        print(f"[bench] {name} …", flush=True)
        t0 = time.perf_counter()
        for k in [k for k, owner in KEY_OWNER.items() if owner == name]:
            res["missing"].pop(k, None)
            res["findings"].pop(name, None)
        try:
            r = runners[name]()
        except (
            CommandFailed,
            BENCH_BATCH.CommandFailed,
            subprocess.TimeoutExpired,
            OSError,
            ImportError,
        ) as exc:
            keys = [k for k, owner in KEY_OWNER.items() if owner == name]
            r = missing_result(keys, f"failed: {exc}")
        for k, v in r.get("figures", {}).items():
            if k in KEY_OWNER:
                res[k] = v
            else:
                res["raw"][k] = v
        res["spread"].update(r.get("spread", {}))
        res["missing"].update(r.get("missing", {}))
        if r.get("details") is not None:
            res["details"][name] = r["details"]
        if name == "library" and "sizes" in (r.get("details") or {}):
            res["details"]["library"]["design"] = (
                " ".join(generate_actuals.__doc__.split()) if generate_actuals.__doc__ else ""
            )
        print(f"[bench] {name} done in {time.perf_counter() - t0:.1f} s", flush=True)

        missed = [k for k, owner in KEY_OWNER.items() if owner == name and passed(k, res.get(k)) is False]
        if missed and not args.no_profile:
            print(f"[bench] {name}: goal missed ({', '.join(missed)}), profiling …", flush=True)
            try:
                if name == "import":
                    text = import_profile()
                elif name == "library":
                    text = library_profile(work, sizes[-1])
                elif name == "xlsx":
                    text = xlsx_profile(work, XLSX_ROWS_QUICK if args.quick else XLSX_ROWS)
                elif name == "callback":
                    text = callback_profile(cb_n)
                elif name == "extract":
                    text = extract_profile()
                elif name in ("batch", "inputs"):
                    text = BENCH_BATCH.finding(name, res)
                else:
                    text = render_profile(work, res["details"].get("render", {}))
                    if "html_bytes_max" in missed or "external_requests" in missed:
                        pw = res["details"]["render"]["page_weight"]
                        bd = Path(
                            res["details"]["render"].get("real", res["details"]["render"]["floor"])[
                                "briefing_dir"
                            ]
                        )
                        text += "\n\n" + html_breakdown(bd / pw["largest_file"])
            except Exception as exc:  # noqa: BLE001 - a failed profile must not lose the measured figures
                text = f"(profiling failed: {type(exc).__name__}: {exc})"
            res["findings"][name] = f"goal missed: {', '.join(missed)}\n\n{text}"

    for k in KEYS:
        res.setdefault(k, None)
        if res[k] is None and k not in res["missing"]:
            res["missing"][k] = "not measured in this run"
    res["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    res["goals"] = {k: {"comparator": g[0], "limit": g[1]} for k, g in GOALS.items()}
    res["pass"] = {k: passed(k, res.get(k)) for k in GOALS}
    atomic_write(json_path, json.dumps(res, ensure_ascii=False, indent=1, default=str))
    write_markdown(out_dir / "results.md", res)
    print(f"[bench] wrote {json_path} and {out_dir / 'results.md'}")
    for k in (*KEYS, "external_requests"):
        print(
            f"  {k:28} {_fmt(k, res.get(k)):>24}  {'' if passed(k, res.get(k)) is None else 'pass' if passed(k, res.get(k)) else 'FAIL'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
