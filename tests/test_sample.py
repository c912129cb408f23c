"""The shipped synthetic sample: loads cleanly, covers the catalog, is labelled, deterministic, and varied."""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from liulin_data import load_actuals, load_milestones, load_targets
from liulin_data.core.statuses import (
    ACHIEVED,
    AT_RISK,
    ATTENTION_STATUSES,
    BEHIND,
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    ON_TRACK,
    OVERDUE,
    SHORTFALL,
    STALE,
)
from liulin_data.engine import ytd_series
from liulin_data.present.summaries import attention
from liulin_data.session import progress

ROOT = Path(__file__).resolve().parents[1]
DATA = files("liulin_data") / "plans" / "liulin-2026"
SAMPLE = Path(str(DATA / "sample_actuals.csv"))
MILESTONES = Path(str(DATA / "sample_milestones.csv"))
SOURCE = "示例数据（合成，非真实统计）"


@pytest.fixture(scope="module")
def sample():
    return load_actuals([SAMPLE])


@pytest.fixture(scope="module")
def status_2026_10():
    return progress("2026-10")


def test_sample_loads_strictly_without_problems(sample):
    assert len(sample) > 300
    raw_lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert len(sample) == len(raw_lines) - 1  # every row accepted, none dropped
    assert raw_lines[0] == "指标,时期,数值,单位,口径,同比增长(%),来源,备注"
    assert set(sample["basis"]) == {"month", "ytd", "level"}
    assert sample["period"].str.match(r"^2026-(0[1-9]|10)$").all()


def test_every_row_is_labelled_synthetic(sample):
    with open(SAMPLE, encoding="utf-8", newline="") as fh:
        assert {row["来源"] for row in csv.DictReader(fh)} == {SOURCE}
    assert (sample["source"] == SOURCE).all()


def test_sample_covers_every_numeric_catalog_row(sample, targets):
    numeric = set(targets.loc[targets["kind"] != "milestone", "indicator_id"])
    assert numeric - set(sample["indicator_id"]) == set()


def test_milestone_log_covers_every_milestone(targets):
    log = load_milestones(MILESTONES)
    milestones = set(targets.loc[targets["kind"] == "milestone", "indicator_id"])
    assert set(log["indicator_id"]) == milestones
    assert {"not_started", "in_progress", "done"} <= set(log["status"])
    # the words a site reports, each read as the stage it names
    assert {"未开工", "前期", "推进中", "在建", "已开工", "已完工", "已竣工", "已投运"} <= set(
        log["status_raw"]
    )


def test_january_february_released_together_and_one_month_missing(sample):
    coal = sample[sample["indicator_id"] == "raw_coal_output"]
    assert "2026-01" not in set(sample["period"])
    feb = coal[coal["period"] == "2026-02"]
    assert list(feb["basis"]) == ["ytd"]
    gas = sample[sample["indicator_id"] == "gas_output"]
    assert "2026-05" not in set(gas["period"]) and {"2026-04", "2026-06"} <= set(gas["period"])
    # the missing month is recovered exactly from the June total
    series = ytd_series(sample, "gas_output", load_targets(), year=2026).set_index("month")
    june = gas[(gas["period"] == "2026-06")].set_index("basis")["value"]
    april = gas[(gas["period"] == "2026-04") & (gas["basis"] == "ytd")]["value"].iloc[0]
    assert series.loc[5, "month_value"] == pytest.approx(june["ytd"] - april - june["month"])


def test_generator_is_deterministic(tmp_path):
    out_a, out_m = tmp_path / "a.csv", tmp_path / "m.csv"
    cmd = [
        sys.executable,
        str(ROOT / "scripts" / "make_sample.py"),
        "--actuals",
        str(out_a),
        "--milestones",
        str(out_m),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    assert out_a.read_bytes() == SAMPLE.read_bytes()
    assert out_m.read_bytes() == MILESTONES.read_bytes()


def test_progress_over_the_sample_shows_a_mix(status_2026_10, targets):
    out = status_2026_10
    assert len(out) == len(targets)
    counts = out["status"].value_counts()
    for status in (ACHIEVED, ON_TRACK, AT_RISK, BEHIND, OVERDUE, STALE, SHORTFALL, DONE, IN_PROGRESS,
                   NOT_STARTED):  # fmt: skip
        assert counts.get(status, 0) >= 1, status
    # a realistic mix: a few in trouble, most fine or under way
    trouble = sum(counts.get(s, 0) for s in (BEHIND, OVERDUE, STALE, SHORTFALL))
    assert 4 <= trouble <= 12, counts.to_dict()
    assert counts[ON_TRACK] + counts[ACHIEVED] + counts[DONE] >= len(out) / 3
    with_data = out[out["latest_period"].notna()]
    assert with_data["is_sample"].all()
    by_id = out.set_index("indicator_id")
    coal = by_id.loc["raw_coal_output"]  # 445万吨 a month needed against 280 lately (#21.6)
    assert coal["status"] == BEHIND and coal["actual"] == pytest.approx(2710)
    assert by_id.loc["continued_projects_resumption", "status"] == OVERDUE
    assert by_id.loc["new_project_start_rate", "status"] == OVERDUE  # its 一季度 deadline
    assert by_id.loc["key_projects_count", "status"] == ACHIEVED  # the portfolio, reached in June
    assert by_id.loc["purple_sweet_potato_area", "status"] == SHORTFALL  # 760 of 1,000亩 after planting
    assert by_id.loc["national_beautiful_village_villages", "status"] == SHORTFALL  # 8 of 10 announced
    assert by_id.loc["musk_deer_farming", "measure"] == "level"  # a herd, not summed
    studios = by_id.loc["skill_master_studios"]  # reported once, in June
    assert studios["status"] == STALE and studios["note"] == "最新数据截至2026年6月"


def test_attention_over_the_sample(status_2026_10):
    items = attention(status_2026_10)
    assert 1 <= len(items) <= 8
    assert items.loc[0, "status"] == OVERDUE
    assert set(items["status"]) <= set(ATTENTION_STATUSES)
    assert items["sentence"].str.endswith("。").all()


def test_progress_as_of_an_earlier_month_uses_only_earlier_data():
    out = progress("2026-06").set_index("indicator_id")
    assert (out["latest_period"].dropna() <= "2026-06").all()
    grain = out.loc["grain_output"]
    assert grain["status"] == "not_due"  # harvest: nothing due by June, nothing reported
