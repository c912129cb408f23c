"""Pace profiles: one reader (profiles.py) for the package's profiles.csv and a plan's own, used by the catalog,
the engine and the views; the engine is pure (frames in, frames out)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pandas as pd
import pytest

from liulin_data import engine
from liulin_data import session as tracker
from liulin_data.core.exceptions import CatalogError, PeriodError
from liulin_data.core.periods import Month
from liulin_data.plan import profiles
from liulin_data.plan.catalog import load_targets
from liulin_data.plan.folder import PLAN_FILE, load_plan

PACKAGE = Path(__file__).resolve().parents[1] / "liulin_data"
MONTHS = ",".join(f"m{k:02d}" for k in range(1, 13))


def copy_plan(tmp_path: Path, name: str = "demo-2026") -> Path:
    """The shipped plan copied under a new name (same year, same sample)."""
    folder = tmp_path / name
    shutil.copytree(load_plan().root, folder)
    text = (folder / PLAN_FILE).read_text(encoding="utf-8")
    (folder / PLAN_FILE).write_text(text.replace("name: liulin-2026", f"name: {name}"), encoding="utf-8")
    return folder


def test_package_profiles_and_labels():
    found = profiles.package_profiles()
    assert list(found)[:6] == ["linear", "harvest", "sown_area", "back_loaded", "deadline", "none"]
    assert found["harvest"].shares[8:10] == (0.3, 0.8) and found["none"].shares is None
    labels = profiles.profile_labels(load_plan())
    assert (labels["linear"], labels["harvest"], labels["sown_area"]) == ("匀速", "秋收", "播种面积")


def test_a_plan_adds_and_overrides_profiles(tmp_path):
    folder = copy_plan(tmp_path)
    (folder / "profiles.csv").write_text(
        f"profile,description,{MONTHS}\n"
        "quarterly,按季：每季末完成四分之一,0,0,0.25,0.25,0.25,0.5,0.5,0.5,0.75,0.75,0.75,1\n"
        "harvest,秋收（本县）：10月末全部完成,0,0,0,0,0,0,0,0,0,1,1,1\n",
        encoding="utf-8",
    )
    targets = folder / "targets.csv"
    text = targets.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("raw_coal_output,"))
    targets.write_text(text.replace(row, row.replace(",linear,", ",quarterly,")), encoding="utf-8")

    plan = load_plan(folder)
    assert profiles.profile_labels(plan)["quarterly"] == "按季"
    assert load_targets(plan=plan).set_index("indicator_id").at["raw_coal_output", "profile"] == "quarterly"
    table = tracker.progress("2026-10", plan=folder).set_index("indicator_id")
    assert table.at["raw_coal_output", "expected"] == pytest.approx(0.75)  # quarterly, September's share
    # the plan's harvest: all done by October (grain_output itself is judged by its season, 9—10月)
    own = profiles.load_profiles(plan)
    assert engine.expected_share("harvest", 10, profiles=own) == 1.0
    assert engine.expected_share("harvest", 10) == pytest.approx(0.8)  # the package's harvest is untouched


def test_a_broken_plan_profiles_file_lists_every_problem(tmp_path):
    folder = copy_plan(tmp_path)
    (folder / "profiles.csv").write_text(
        f"profile,description,{MONTHS}\n"
        "Quarterly,按季,0,0,0.25,0.25,0.25,0.5,0.5,0.5,0.75,0.75,0.75,1\n"
        "late,后段,0,0,0,0,0,0,0,0,0,0,0.5,0.9\n"
        "bumpy,起伏,0.5,0.2,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,1\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as info:
        profiles.load_profiles(load_plan(folder))
    assert [(p.file, p.line, p.column, p.code) for p in info.value.problems] == [
        ("profiles.csv", 2, "profile", "profile_name"),
        ("profiles.csv", 3, "m12", "profile_m12_not_one"),
        ("profiles.csv", 4, "m01..m12", "profile_shares_not_cumulative"),
    ]
    assert (
        str(info.value.problems[1])
        == "profiles.csv 第3行 列“m12”: 12月末的累计份额须为1（值：'0.9'） → 把 m12 改为 1"
    )
    with pytest.raises(CatalogError, match="profiles.csv 第3行"):
        load_targets(plan=load_plan(folder))  # the catalog reports the plan's profile problems too


def test_the_engine_imports_no_loader():
    modules = sorted((PACKAGE / "engine").glob("*.py"))
    assert len(modules) >= 8  # one module per concern
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        for loader in ("catalog", "inputs", "tracker", "plan", "history"):
            assert loader not in imported, f"engine/{module.name} imports .{loader}"
        assert not any(
            isinstance(node, ast.Import) and node.names[0].name == "liulin_data" for node in ast.walk(tree)
        )


def test_the_engine_takes_frames_and_fills_in_nothing():
    with pytest.raises(TypeError):
        engine.progress("2026-10")  # no default actuals or catalog
    targets = load_targets(plan=load_plan())
    empty = pd.DataFrame(columns=["indicator_id", "period", "basis", "value", "unit", "yoy_pct", "source"])
    out = engine.progress(Month(2026, 10), empty, targets, year=2026)
    assert len(out) == len(targets) and not out["is_sample"].any() and out["actual"].isna().all()
    with pytest.raises(TypeError):
        engine.ytd_series(empty, "raw_coal_output", targets)  # the year is the caller's


def test_the_facade_fills_in_the_default_plan():
    import liulin_data as ll

    table = ll.progress("2026-10")  # the default plan, its catalog, its sample and its milestone log
    assert len(table) == len(ll.load_targets()) and table["is_sample"].any()
    assert (table.loc[table["kind"] == "milestone", "status"] != "no_data").any()  # the sample log was used
    with pytest.raises(PeriodError, match="2026-01 至 2026-12"):
        ll.progress("2027-03")
