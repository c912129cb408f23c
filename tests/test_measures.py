"""The target model's words (measures.py): derived from the old columns for a plan that does not write them,
read as written otherwise, and checked against the old columns other readers still use."""

from __future__ import annotations

import pytest

from liulin_data.core import measures
from liulin_data.core.measures import Model

LINEAR = tuple(k / 12 for k in range(1, 13))
HARVEST = (0, 0, 0, 0, 0, 0, 0, 0, 0.3, 0.8, 1, 1)
SOWN = (0, 0, 0, 0, 0.5, 0.9, 1, 1, 1, 1, 1, 1)
DEADLINE = (0,) * 11 + (1,)


def old(kind="quantity", comparator=">=", basis="flow", profile="linear", unit="万吨", lag=""):
    return {"kind": kind, "comparator": comparator, "basis": basis, "profile": profile, "unit": unit,
            "release_lag_days": lag}  # fmt: skip


@pytest.mark.parametrize(
    ("row", "shares", "model"),
    [
        # 原煤产量: a monthly flow at least its target, final at the deadline
        (old(), LINEAR, Model("flow", "at_least", "deadline", "monthly")),
        # things counted when done are flows too
        (old(basis="count", profile="back_loaded", unit="座"), None, Model("flow", "at_least", "deadline", "monthly")),
        # 粮食产量: the harvest profile is a season (9—11月) reported once after it
        (old(profile="harvest", unit="万斤"), HARVEST, Model("flow", "at_least", "deadline", "once", (9, 11))),
        # 粮食播种面积: a level sown in 5—7月
        (old(basis="level", profile="sown_area", unit="万亩"), SOWN,
         Model("level", "at_least", "deadline", "once", (5, 7))),
        # 重点项目个数: a portfolio level, the whole plan every month
        (old(basis="level", profile="portfolio", unit="个"), (1.0,) * 12,
         Model("level", "at_least", "deadline", "monthly")),
        # 续建项目复工率 by 一季度: a rate final at its deadline
        (old(kind="ratio", basis="level", profile="deadline", unit="%"), DEADLINE,
         Model("rate", "at_least", "deadline", "monthly")),
        # 新建项目开工率 without a deadline profile: judged on the full year
        (old(kind="ratio", basis="level", profile="linear", unit="%"), LINEAR,
         Model("rate", "at_least", "full_year", "monthly")),
        # a level in % is a rate
        (old(basis="level", profile="none", unit="%"), None, Model("rate", "at_least", "full_year", "monthly")),
        # 到位资金增长10%: growth, on the full year
        (old(kind="growth", unit="%"), LINEAR, Model("growth", "at_least", "full_year", "monthly")),
        # a cap on a flow is final the moment it is broken; on a level, at the deadline
        (old(comparator="<="), LINEAR, Model("flow", "at_most", "breach", "monthly")),
        (old(comparator="<=", basis="level", unit="万吨"), None, Model("level", "at_most", "deadline", "monthly")),
        # 3-5户
        (old(kind="range", comparator="between", basis="count", unit="户"), None,
         Model("flow", "range", "deadline", "monthly")),
        # == on a number: about
        (old(comparator="=="), LINEAR, Model("flow", "about", "deadline", "monthly")),
        # the old convention for quarterly figures: a release lag of about a quarter
        (old(lag="90", unit="万元"), LINEAR, Model("flow", "at_least", "deadline", "quarterly")),
        (old(lag="60", unit="万元"), LINEAR, Model("flow", "at_least", "deadline", "monthly")),
        # milestones
        (old(kind="milestone", comparator="==", basis="milestone", profile="none", unit=""), None,
         Model("milestone", "at_least", "deadline", "once")),
    ],
)  # fmt: skip
def test_derive_from_the_old_columns(row, shares, model):
    assert measures.derive(row, shares) == model
    assert measures.resolve(row, shares) == model  # nothing written: all derived


def test_written_words_win_and_an_empty_season_is_the_whole_year():
    row = old(profile="harvest", unit="万斤") | {"measure": "flow", "calendar": "once", "season": "9-10"}
    assert measures.resolve(row, HARVEST) == Model("flow", "at_least", "deadline", "once", (9, 10))
    # a row written in the new words without a season: the whole year, not the profile's season
    row = old(profile="harvest", unit="万斤") | {"measure": "flow", "calendar": "monthly", "season": ""}
    assert measures.resolve(row, HARVEST).season is None
    # 林麝: written as a level although its old basis says count
    herd = old(basis="level", profile="none", unit="头") | {"measure": "level"}
    assert measures.resolve(herd).measure == "level"
    with pytest.raises(ValueError, match="measure"):
        measures.resolve(old() | {"measure": "stock"})


@pytest.mark.parametrize(
    ("text", "season"), [("3-6", (3, 6)), (" 9—10 ", (9, 10)), ("1~5", (1, 5)), ("7-7", (7, 7)), ("", None)]
)
def test_a_season_is_written_m_m(text, season):
    assert measures.parse_season(text) == season


@pytest.mark.parametrize("text", ["6-3", "0-5", "3-13", "春季", "3-", "3—6月"])
def test_a_bad_season_is_refused(text):
    with pytest.raises(ValueError, match="季节"):
        measures.parse_season(text)


def test_a_profile_is_a_season_only_when_it_starts_at_zero_and_ends_before_december():
    assert measures.season_of_shares(HARVEST) == (9, 11)
    assert measures.season_of_shares(SOWN) == (5, 7)
    assert measures.season_of_shares(LINEAR) is None
    assert measures.season_of_shares(DEADLINE) is None  # a one-off at the deadline, not a season
    assert measures.season_of_shares(None) is None


def test_labels_for_readers_cover_every_word():
    for column, words in measures.ALLOWED.items():
        assert set(measures.LABELS[column]) == set(words), column
    assert Model("level", "at_least", "deadline", "once", (3, 6)).season_label == "3—6月"
    assert Model("flow", "at_least", "deadline", "monthly", (7, 7)).season_label == "7月"
    assert Model("flow", "at_least", "deadline", "monthly").as_columns()["season"] == ""


@pytest.mark.parametrize(
    ("written", "column", "code", "fields"),
    [
        ({"measure": "stock"}, "measure", "model_word_unknown", {"name": "measure"}),
        ({"direction": "max"}, "direction", "model_word_unknown", {"name": "direction"}),
        ({"final_when": "year_end"}, "final_when", "model_word_unknown", {"name": "final_when"}),
        ({"calendar": "weekly"}, "calendar", "model_word_unknown", {"name": "calendar"}),
        ({"season": "6-3"}, "season", "model_season_months", {"given": "6-3"}),
        ({"season": "春季"}, "season", "model_season_form", {"given": "春季"}),
        # a level summed by the loaders: its basis must say level
        ({"measure": "level"}, "basis", "model_basis_for_level", {"measure": "level", "basis": "flow"}),
        ({"measure": "event", "basis": "level"}, "basis", "model_basis_for_flow", {"measure": "event", "basis": "level"}),
        ({"measure": "rate", "basis": "level"}, "unit", "model_rate_unit", {"measure": "rate"}),  # a rate is in %
        ({"measure": "growth", "unit": "%"}, "kind", "model_growth_kind", {}),
        ({"measure": "milestone"}, "measure", "model_milestone_kind", {}),
        # the comparator says >=
        ({"direction": "at_most"}, "direction", "model_direction", {"direction": "at_most", "comparator": ">="}),
        ({"direction": "at_least", "comparator": "<="}, "direction", "model_direction",
         {"direction": "at_least", "comparator": "<="}),
        ({"final_when": "breach"}, "final_when", "model_breach", {}),  # only a cap on a flow
    ],
)  # fmt: skip
def test_problems_name_the_column_and_the_code(written, column, code, fields):
    row = {**old(), **written}
    found = measures.problems(row, "targets.csv", 7)
    assert [(p.file, p.line, p.column, p.code) for p in found] == [("targets.csv", 7, column, code)], found
    assert {k: v for k, v in found[0].data.items() if k in fields} == fields


def test_a_problem_of_the_model_reads_as_before():
    """The words a reader sees: file, spreadsheet line, column, value, what is wrong and what to do."""
    (found,) = measures.problems({**old(), "measure": "level"}, "targets.csv", 7)
    assert str(found) == (
        "targets.csv 第7行 列“basis”: measure level 与 basis flow 不符（值：'flow'） → "
        "时点量和比率的 basis 须为 level（否则报表会被逐月累加）"
    )
    (season,) = measures.problems({**old(), "season": "3-13"}, "targets.csv", 9)
    assert str(season) == (
        "targets.csv 第9行 列“season”: 季节的月份须在1到12之间，且起始月不晚于结束月（收到 '3-13'）"
        "（值：'3-13'） → 如 3-6（3月至6月）；全年留空"
    )


def test_a_consistent_row_has_no_problem():
    rows = [
        old() | {"measure": "flow", "direction": "at_least", "final_when": "deadline", "calendar": "monthly"},
        old(basis="level", unit="头", profile="none") | {"measure": "level", "calendar": "monthly"},
        old(basis="count", unit="个") | {"measure": "event", "calendar": "once"},
        old(comparator="<=") | {"measure": "flow", "direction": "at_most", "final_when": "breach"},
        old() | {"measure": "flow", "direction": "about"},  # 稳定在3亿立方: 左右 with >=
        old(kind="growth", unit="%") | {"measure": "growth", "final_when": "full_year"},
        old(),  # nothing written
    ]
    for row in rows:
        assert measures.problems(row) == [], row
