"""Snapshots of loaded inputs for the briefing's kernels: written once, read back identical (attrs too)."""

import pickle

import pandas as pd
import pytest

from liulin_data.exceptions import LiulinError
from liulin_data.inputs import SnapshotError, load_inputs, load_snapshot, save_snapshot


def test_snapshot_round_trip_keeps_frames_and_attrs(tmp_path):
    actuals, milestones = load_inputs()
    path = tmp_path / "inputs.pkl"
    digest = save_snapshot(actuals, milestones, path)
    got_actuals, got_milestones = load_snapshot(path, sha256=digest)
    pd.testing.assert_frame_equal(got_actuals, actuals)
    pd.testing.assert_frame_equal(got_milestones, milestones)
    assert got_actuals.attrs == actuals.attrs and got_milestones.attrs == milestones.attrs
    assert len(digest) == 64 and not list(tmp_path.glob(".*.tmp"))


def test_a_snapshot_without_milestones(tmp_path):
    actuals, _ = load_inputs()
    save_snapshot(actuals, None, tmp_path / "s.pkl")
    assert load_snapshot(tmp_path / "s.pkl")[1] is None


def test_a_changed_missing_or_foreign_snapshot_is_refused(tmp_path):
    actuals, milestones = load_inputs()
    path = tmp_path / "inputs.pkl"
    save_snapshot(actuals, milestones, path)
    with pytest.raises(SnapshotError, match="sha256 不符"):
        load_snapshot(path, sha256="0" * 64)
    with pytest.raises(SnapshotError, match="无法读取输入快照"):
        load_snapshot(tmp_path / "none.pkl")
    (tmp_path / "other.pkl").write_bytes(pickle.dumps({"format": 1}))  # before warnings were kept
    with pytest.raises(LiulinError, match="不是第 2 版的输入快照"):
        load_snapshot(tmp_path / "other.pkl")
    (tmp_path / "text.pkl").write_text("not a pickle", encoding="utf-8")
    with pytest.raises(SnapshotError, match="不是输入快照"):
        load_snapshot(tmp_path / "text.pkl")
