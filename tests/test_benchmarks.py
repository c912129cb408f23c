"""Smoke test of benchmarks/run.py: every measurement runs once on tiny inputs, so the harness cannot rot.

``run.py --quick`` uses tiny generated actuals, one repeat, a few widget changes, renders the default
briefing's layout on trivial one-cell notebooks and runs ``liulin plan new`` on the development reports
(three timed runs each); everything is written into a temporary folder, never into the repository's
benchmarks/.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "benchmarks" / "run.py"


def _load_run():
    """benchmarks/run.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("liulin_bench_run", RUN)
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    return run


RUN_MODULE = _load_run()
KEYS = RUN_MODULE.KEYS  # the figures results.json must carry: one definition, in run.py
# the development reports `liulin plan new` is scored on (beside the repository; CI has them, never copied in)
REAL = ROOT.parent / "shared" / "real"
REAL_ABSENT = f"../shared/real 不存在（CI 有此文件夹）/ {REAL} is absent: plan new is not scored here"
# the figures that need it: without it the benchmark says why instead of a number
NEEDS_REAL = {k for k, owner in RUN_MODULE.KEY_OWNER.items() if owner == "extract"} - {"liulin_recall"}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    before = sorted(p.name for p in (ROOT / "benchmarks").iterdir())
    proc = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--no-profile", "--out-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    after = sorted(p.name for p in (ROOT / "benchmarks").iterdir())
    return proc, out, before, after


@pytest.mark.slow
def test_quick_run_writes_every_figure(quick_run):
    proc, out, _, _ = quick_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    res = json.loads((out / "results.json").read_text(encoding="utf-8"))
    keys = [k for k in KEYS if REAL.is_dir() or k not in NEEDS_REAL]
    missing = {k: res["missing"].get(k) for k in keys if not isinstance(res.get(k), int | float)}
    assert not missing, f"figures without a number: {missing}"
    if not REAL.is_dir():  # no number made up: the benchmark says why
        assert all("is absent" in res["missing"][k] for k in NEEDS_REAL), res["missing"]
    # differences of two timings may come out below zero on tiny inputs: the import, and a 500-row workbook's
    # extra cost in a briefing (one parse is ~0.1 s there, within the noise of two briefings)
    differences = ("import_s", "brief_input_overhead")
    for k in keys:
        assert res[k] >= 0 or k in differences, (k, res[k])
    # many briefings in one run: the batch, the single runs and a real LocalCluster all rendered
    batch = res["details"]["batch"]
    assert batch["months"] == ["2026-01", "2026-02"] and batch["cluster"]["workers"] == 2
    assert res["batch_ratio"] > 0 and res["briefings_per_minute_cluster"] > 0
    assert set(batch["projection"]["hours_on_n_machines"]) == {"1", "2", "4", "8", "16"}  # JSON keys
    assert res["external_requests"] == 0
    assert res["callback_ms_p95"] >= res["callback_ms_median"] > 0
    assert res["html_bytes_max"] > 1000
    lib = res["details"]["library"]["sizes"]
    assert [s["rows"] for s in lib] == [300, 1000]
    # the generated actuals are valid: every row read is accepted, none rejected
    assert all(s["rows_read"] == s["rows"] == s["rows_accepted"] and s["rows_rejected"] == 0 for s in lib)
    assert res["machine"]["cores"] >= 1 and res["machine"]["packages"]["pandas"]


@pytest.mark.slow
@pytest.mark.skipif(not REAL.is_dir(), reason=REAL_ABSENT)
def test_quick_run_scores_plan_new_on_the_development_reports(quick_run):
    proc, out, _, _ = quick_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    res = json.loads((out / "results.json").read_text(encoding="utf-8"))
    # liulin plan new on the development reports (bench_extract.py): figures against the keys, and speed
    per_text = res["details"]["extract"]["per_text"]
    assert set(per_text) == {"hailaer_2016", "hailaer_2017", "neimenggu_2026"}
    assert per_text["hailaer_2017"]["targets_counts"][1] == 44  # rows of the answer key
    ratios = ("targets_recall", "targets_precision", "results_recall", "results_precision", "liulin_recall")
    assert all(0 < res[k] <= 1 and res["pass"][k] for k in ratios), {k: res[k] for k in ratios}
    assert 0 < res["raw"]["plan_new_read_s"] < res["plan_new_s"]
    md = (out / "results.md").read_text(encoding="utf-8")
    assert "## `liulin plan new` on real reports" in md
    assert re.search(r"\| hailaer_2017 \| [01]\.\d{3} \(\d+/44\) \|", md), md  # recall (matched/key rows)


@pytest.mark.slow
def test_quick_run_writes_markdown_and_nothing_in_repo(quick_run):
    proc, out, before, after = quick_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    md = (out / "results.md").read_text(encoding="utf-8")
    for k in KEYS:
        assert f"`{k}`" in md
    assert "| figure | min | median | max | goal | pass |" in md
    assert (out / "_work").is_dir()
    new = set(after) - set(before)
    assert not new, f"run.py --out-dir wrote into benchmarks/: {new}"


def test_generated_actuals_load_strictly(tmp_path):
    """The library benchmark's generator writes rows load_actuals accepts in strict mode, with unit conversion."""
    run = RUN_MODULE
    from liulin_data import load_actuals
    from liulin_data.session import progress

    path = tmp_path / "a.csv"
    info = run.generate_actuals(path, 2500, seed=7)
    acc = load_actuals(path)
    assert info["rows"] == 2500 == acc.attrs["rows_read"] == acc.attrs["rows_accepted"]
    assert acc.attrs["rows_rejected"] == 0
    assert acc.attrs["rows_merged"] == 2500 - info["distinct_keys"]  # one value per key kept
    converted = acc[acc["raw_unit"] != acc["unit"]]  # rows written in convertible units (吨 for 万吨 …)
    assert len(converted) > 100
    assert (converted["value"] != converted["raw_value"]).sum() > 100  # 立方→立方米 keeps the number
    prog = progress("2026-10", actuals=acc)
    assert prog["actual"].notna().sum() > 40
