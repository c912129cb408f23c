"""Benchmark of ``liulin plan new`` on real reports nobody here wrote: recall, precision, the target model's
measure and direction against a hand-made reading, speed, and how the time grows with the text.

``run(quick=False)`` proposes a plan for each development text in ``../shared/real/reports`` (beside the
repository) and for the shipped Liulin report, scores the proposals against the answer keys in
``../shared/real/keys`` (and the hand-made Liulin catalog) with :func:`liulin_data.apps.extract.evaluate.score`,
and times ``plan_new`` (median of several runs, against reading the report alone in the same run).
``benchmarks/run.py`` runs it as its ``extract`` measurement (``--only extract``) and writes its figures to
results.json and results.md; ``python benchmarks/bench_extract.py [--quick]`` prints them as JSON.

Measure and direction agreement: of the proposed rows that match a key row, the share whose ``measure``
(flow, level, rate, growth, event, milestone) and ``direction`` (at_least, at_most, range, about) equal the
reading in ``benchmarks/dev_key_meanings.csv`` (hand-annotated from each key row's quote, with the reason for
judgement calls; the shared keys have only kind and comparator). Scaling: ``plan_new_scaling`` is the time per
character of a text eight times as long (eight renumbered copies of the longest development text) against the
text itself, in the same run (1.0 = linear).

Only development texts are read; the held-out reports are measured by the lead. Nothing is estimated: when
the real reports are absent every figure is ``None`` and ``missing`` says why.
"""

from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
DEV_TEXTS = {  # development texts: name -> (region, year)
    "hailaer_2016": ("海拉尔区", 2016),
    "hailaer_2017": ("海拉尔区", 2017),
    "neimenggu_2026": ("内蒙古自治区", 2026),
}
RUNS_FULL, RUNS_QUICK = 7, 3  # timed runs of plan_new per report
GOALS = {  # figure -> (comparator, limit): the goals of issue #13
    "targets_recall": (">=", 0.9),
    "targets_precision": (">=", 0.85),
    "results_recall": (">=", 0.8),
    "results_precision": (">=", 0.85),
    "liulin_recall": (">=", 0.9),
    "plan_new_s": ("<=", 2.0),
    "measure_agreement": (">=", 0.85),
    "direction_agreement": (">=", 0.95),
    "plan_new_scaling": ("<=", 1.5),
}
MEANINGS = ROOT / "benchmarks" / "dev_key_meanings.csv"  # the hand-made reading of each dev key row
SCALE = 8  # copies of the longest text in the scaling measurement
FIGURES = tuple(GOALS)  # the headline figures run() returns (a number, or None with the reason in "missing")


def _key(name: str, what: str) -> list[dict] | None:
    path = REAL / "keys" / f"{name}.{what}.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _meanings(name: str) -> dict[str, dict]:
    with MEANINGS.open(encoding="utf-8", newline="") as f:
        return {r["ref"]: r for r in csv.DictReader(f) if r["text"] == name}


def _score_text(name: str, folder: Path, year: int) -> dict:
    """Recall and precision of targets.csv and results.csv; measure and direction agreement of the proposed
    rows (the records ``propose`` gives: targets.csv carries the model's columns once the catalog reads them)."""
    from liulin_data.apps.extract.evaluate import agreement, score
    from liulin_data.apps.extract.propose import propose, read_plan_csv

    out: dict = {}
    records = propose((folder / "report.txt").read_text(encoding="utf-8"), year)[0]
    for what, col in (("targets", "target"), ("results", "value")):
        rows = records if what == "targets" else read_plan_csv(folder, f"{what}.csv").to_dict("records")
        key = _key(name, what)
        out[f"{what}_proposed"] = len(rows)
        if key is None:
            out[f"{what}_recall"] = out[f"{what}_precision"] = None
            continue
        s = score(key, rows, col)
        out.update({f"{what}_recall": s["recall"], f"{what}_precision": s["precision"]})
        out[f"{what}_counts"] = (s["matched"], s["key_rows"], s["proposed"])
        if what == "targets":
            agreed = agreement(s["pairs"], _meanings(name))
            for column in ("measure", "direction"):
                out[f"{column}_counts"] = agreed[f"{column}_counts"]
                out[f"{column}_agreement"] = agreed[f"{column}_agreement"]
                out[f"{column}_differ"] = agreed[f"{column}_differ"]
    return out


def _scaling(work: Path, runs: int) -> float:
    """Seconds per character of plan_new on a text SCALE times as long (renumbered copies of the longest
    development text, so no copy repeats another) against the text itself: 1.0 is linear."""
    import re

    from liulin_data.apps.extract.propose import plan_new
    from liulin_data.apps.extract.read import _TAIL_MARKERS

    report, region, year = slowest_text()
    text = report.read_text(encoding="utf-8")
    for marker in _TAIL_MARKERS:
        text = text.split(marker)[0]

    def copy(i: int) -> str:
        return re.sub(r"\d+", lambda m: str(int(m.group()) + i) if len(m.group()) < 4 else m.group(), text)

    single, many = work / "single.txt", work / "many.txt"
    single.write_text(text, encoding="utf-8")
    many.write_text("".join(copy(i) for i in range(SCALE)), encoding="utf-8")
    one = _timed(lambda: plan_new(single, region, year, work / "s", overwrite=True), runs)
    eight = _timed(lambda: plan_new(many, region, year, work / "m", overwrite=True), runs)
    return (eight / many.stat().st_size) / (one / single.stat().st_size)


def _liulin_recall(work: Path) -> float:
    """Recall of the hand-made catalog of the shipped plan (value, unit and quote of each numeric target)."""
    from liulin_data.apps.extract.evaluate import score
    from liulin_data.apps.extract.propose import plan_new, read_plan_csv
    from liulin_data.plan import catalog
    from liulin_data.plan.folder import load_plan

    plan = load_plan()
    folder = plan_new(plan.path(plan.report), plan.region, plan.year, work / "liulin")
    cat = catalog.load_targets(include_context=False, plan=plan)
    numeric = cat[(cat["kind"] != "milestone") & cat["target"].notna()]
    key = [
        {"value": r.target, "unit": r.unit, "quote_fragment": r.source_quote} for r in numeric.itertuples()
    ]
    return score(key, read_plan_csv(folder, "targets.csv").to_dict("records"), "target")["recall"]


def _overall(per_text: dict) -> dict:
    out = {}
    for what in ("targets", "results"):
        counts = [t[f"{what}_counts"] for t in per_text.values() if f"{what}_counts" in t]
        matched, keys, proposed = (sum(c[i] for c in counts) for i in range(3))
        out[f"{what}_recall"] = matched / keys if keys else None
        out[f"{what}_precision"] = matched / proposed if proposed else None
    for column in ("measure", "direction"):
        counts = [t[f"{column}_counts"] for t in per_text.values() if f"{column}_counts" in t]
        same, judged = sum(c[0] for c in counts), sum(c[1] for c in counts)
        out[f"{column}_agreement"] = same / judged if judged else None
    return out


def run(quick: bool = False) -> dict:
    """Recall and precision per development text and overall, Liulin recall, plan_new seconds (median).

    Returns
    -------
    dict
        ``targets_recall``, ``targets_precision``, ``results_recall``, ``results_precision`` (overall, over
        the keyed texts), ``liulin_recall``, ``plan_new_s`` (the slowest report's median),
        ``plan_new_read_s`` (reading that report alone, the baseline), ``per_text`` (each text's figures and
        timing), ``goals`` and ``missing`` (figure -> why it is None).
    """
    from liulin_data.apps.extract.propose import plan_new
    from liulin_data.apps.extract.read import read_report

    runs = RUNS_QUICK if quick else RUNS_FULL
    result: dict = {"goals": GOALS, "missing": {}, "per_text": {}}
    with tempfile.TemporaryDirectory(prefix="bench_extract_") as tmp:
        work = Path(tmp)
        result["liulin_recall"] = _liulin_recall(work)
        if not (REAL / "reports").is_dir():
            for key in ("targets_recall", "targets_precision", "results_recall", "results_precision",
                        "measure_agreement", "direction_agreement", "plan_new_scaling"):  # fmt: skip
                result[key] = None
                result["missing"][key] = f"{REAL / 'reports'} is absent"
            result["plan_new_s"] = result["plan_new_read_s"] = None
            result["missing"]["plan_new_s"] = f"{REAL / 'reports'} is absent"
            return result
        for name, (region, year) in DEV_TEXTS.items():
            report = REAL / "reports" / f"{name}.txt"
            folder = work / name
            seconds = _timed(lambda: plan_new(report, region, year, folder, overwrite=True), runs)  # noqa: B023
            read = _timed(lambda: read_report(report), runs)  # noqa: B023
            result["per_text"][name] = {
                **_score_text(name, folder, year),
                "plan_new_s": seconds,
                "read_s": read,
            }
        result["plan_new_scaling"] = _scaling(work, runs)
    result.update(_overall(result["per_text"]))
    slowest = max(result["per_text"].values(), key=lambda t: t["plan_new_s"])
    result["plan_new_s"], result["plan_new_read_s"] = slowest["plan_new_s"], slowest["read_s"]
    return result


def slowest_text() -> tuple[Path, str, int] | None:
    """(report, region, year) of the longest development text, for a profile of plan_new; None without it."""
    texts = [(REAL / "reports" / f"{n}.txt", *ry) for n, ry in DEV_TEXTS.items()]
    texts = [t for t in texts if t[0].is_file()]
    return max(texts, key=lambda t: t[0].stat().st_size) if texts else None


def main() -> int:
    import json

    quick = "--quick" in sys.argv
    print(json.dumps(run(quick=quick), ensure_ascii=False, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
