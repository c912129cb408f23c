"""Releases and revisions: a later release (by 发布日期, else by its table's own period, else by file order)
supersedes an earlier one for the same indicator, period and basis; each supersession is a revision record,
and only the superseding value is in the accepted frame. Two values within one release stay an error."""

from pathlib import Path

import pandas as pd
import pytest

from liulin_data import check_files, load_actuals
from liulin_data.inputs import REVISION_COLUMNS, format_revisions_table, revisions_table

DATA = Path(__file__).parent / "data"


def _coal_ytd_march(df):
    row = df[(df["indicator_id"] == "raw_coal_output") & (df["period"] == "2026-03") & (df["basis"] == "ytd")]
    assert len(row) == 1
    return row.iloc[0]


def _one_revision(df):
    table = revisions_table(df)
    assert list(table.columns) == REVISION_COLUMNS and len(table) == 1
    return table.iloc[0].to_dict()


def test_a_later_release_date_wins_over_file_order():
    df = load_actuals([DATA / "release_may_revised.csv", DATA / "release_april.csv"])
    coal = _coal_ytd_march(df)
    assert (coal["value"], coal["file"], coal["line"]) == (870.1, "release_may_revised.csv", 2)
    assert _one_revision(df) == {
        "indicator_id": "raw_coal_output",
        "indicator": "原煤产量",
        "period": "2026-03",
        "basis": "ytd",
        "old_value": 872.6,
        "old_file": "release_april.csv",
        "old_line": 2,
        "new_value": 870.1,
        "new_file": "release_may_revised.csv",
        "new_line": 2,
        "rule": "release_date",
    }
    a = df.attrs  # 产气量 0.74 in both releases: merged, not a revision
    assert (a["rows_read"], a["rows_accepted"], a["rows_merged"], a["rows_superseded"]) == (5, 5, 1, 1)
    assert len(df) == 3


def test_a_table_of_a_later_period_wins():
    df = load_actuals([DATA / "快报_2026年1—4月.csv", DATA / "快报_2026年1—3月.csv"])
    assert _coal_ytd_march(df)["value"] == 870.1
    rev = _one_revision(df)
    assert (rev["old_file"], rev["old_line"], rev["new_file"], rev["rule"]) == (
        "快报_2026年1—3月.csv",
        3,
        "快报_2026年1—4月.csv",
        "period",
    )


@pytest.mark.parametrize(
    ("order", "value"),
    [
        (["long_utf8.csv", "revision_same_period.csv"], 870.1),
        (["revision_same_period.csv", "long_utf8.csv"], 872.6),
    ],
)
def test_otherwise_the_later_file_wins(order, value):
    df = load_actuals([DATA / n for n in order])
    coal = _coal_ytd_march(df)
    assert (coal["value"], coal["file"]) == (value, order[1])
    assert _one_revision(df)["rule"] == "file_order"


def test_the_engine_sees_only_the_superseding_value():
    from liulin_data import progress

    df = load_actuals([DATA / "release_may_revised.csv", DATA / "release_april.csv"])
    table = progress("2026-03", actuals=df)
    assert table.loc[table["indicator_id"] == "raw_coal_output", "actual"].item() == 870.1


def test_two_values_in_one_release_stay_an_error_naming_both_lines():
    accepted, problems = load_actuals(DATA / "release_conflict.csv", lenient=True)
    lines = {"lines": "第2行为 872.6、第3行为 870.1"}
    assert list(zip(problems["line"], problems["code"], problems["fields"], strict=True)) == [
        (2, "duplicate_conflict", lines),
        (3, "duplicate_conflict", lines),
    ]
    assert list(accepted["value"]) == [868.0]  # the later release of 2026-05-20
    assert revisions_table(accepted).empty


def test_an_unreadable_release_date_is_a_problem():
    _, problems = load_actuals(DATA / "release_bad_date.csv", lenient=True)
    assert list(zip(problems["column"], problems["value"], problems["code"], strict=True)) == [
        ("发布日期", "四月中旬", "release_date_unreadable")
    ]


def test_check_files_returns_the_revisions_and_a_terminal_table():
    accepted, problems = check_files([DATA / "release_april.csv", DATA / "release_may_revised.csv"])
    assert problems.empty and accepted.attrs["rows_superseded"] == 1
    lines = format_revisions_table(accepted.attrs["revisions"]).splitlines()
    assert lines[0].split() == ["指标", "时期", "口径", "原值", "原值所在", "新值", "新值所在", "依据"]
    assert lines[2].split() == [
        "原煤产量",
        "2026-03",
        "累计",
        "872.6",
        "release_april.csv",
        "第2行",
        "870.1",
        "release_may_revised.csv",
        "第2行",
        "发布日期较晚",
    ]
    assert lines[-1] == "共 1 处修订（已采用新值）"
    assert format_revisions_table([]) == "没有被后发布数据修订的数值。"


def test_loaded_frames_still_concatenate():
    a = load_actuals(DATA / "release_april.csv")
    b = load_actuals(DATA / "release_may_revised.csv")
    assert len(pd.concat([a, b])) == len(a) + len(b)
