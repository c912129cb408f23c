"""`liulin scorecard`: year N's targets against the results year N+1's report states, and its HTML page."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from datetime import UTC, datetime
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd
import pytest

from liulin_data.apps.extract.propose import plan_new
from liulin_data.apps.scorecard import (
    COLUMNS,
    MET,
    MISSED,
    UNCLEAR,
    format_scorecard,
    judge,
    number_of,
    scorecard,
    scorecard_html,
    write_scorecard,
)
from liulin_data.core.exceptions import ExtractError
from liulin_data.present.blocks import chip

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT.parent / "shared" / "real" / "reports"


@pytest.fixture(scope="module")
def hailaer(tmp_path_factory) -> tuple[Path, Path]:
    """Plans proposed from the 2016 and 2017 Hailaer reports (development texts)."""
    if not REPORTS.is_dir():
        pytest.skip(f"真实报告文件夹 {REPORTS} 不存在（CI 有此文件夹）/ ../shared/real is absent")
    base = tmp_path_factory.mktemp("scorecard")
    return tuple(
        plan_new(REPORTS / f"hailaer_{year}.txt", "海拉尔区", year, base / f"hailaer-{year}")
        for year in (2016, 2017)
    )


def _row(df, indicator: str) -> dict:
    rows = df[df["indicator"] == indicator].to_dict("records")
    assert rows, f"{indicator} not in {df['indicator'].tolist()}"
    return rows[0]


def test_2016_targets_against_the_2017_report(hailaer):
    df = scorecard(*hailaer)
    assert tuple(df.columns) == COLUMNS
    assert set(df["verdict"]) <= {MET, MISSED, UNCLEAR}
    gdp_growth = _row(df, "地区生产总值增速")  # 增长7.5% against 同比增长7.2%
    assert (gdp_growth["target"], gdp_growth["result"], gdp_growth["verdict"]) == ("≥ 7.5", "7.2", MISSED)
    assert gdp_growth["result_quote"] == "地区生产总值完成303.6亿元,同比增长7.2%"
    assert _row(df, "地区生产总值")["verdict"] == MISSED  # 309 亿元 against 303.6
    fiscal = _row(df, "公共财政预算收入")  # synonym of 一般公共财政预算收入
    assert (fiscal["result"], fiscal["verdict"]) == ("17", MET)
    assert _row(df, "旅游接待人数")["result"] == "704"  # 接待游客 is 旅游接待人数
    assert _row(df, "旅游收入")["verdict"] == MISSED  # 83 亿元 against 82.8
    assert _row(df, "新增就业")["result"] == "6,790"  # 城镇新增就业; numbers through the one formatter
    assert _row(df, "农村常住居民人均可支配收入增速")["result"] == "7.1"  # 农村牧区常住居民
    unclear = df[df["verdict"] == UNCLEAR]
    assert (
        len(unclear)
        and (unclear["reason"] != "").all()
        and (df[df["verdict"] != UNCLEAR]["reason"] == "").all()
    )
    counts = df["verdict"].value_counts()
    assert counts[MET] >= 10 and counts[MISSED] >= 4


KEYS = ROOT.parent / "shared" / "real" / "keys"
COMPARE = {">=": lambda a, t: a >= t, "<=": lambda a, t: a <= t}


def _key(name: str) -> dict[str, dict]:
    with (KEYS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return {row["ref"]: row for row in csv.DictReader(f)}


def _key_pairs() -> list[tuple[dict, float]]:
    """(2016 key target, the 2016 result the 2017 key states for it): the same ref, or a growth target
    (gdp_growth) against the growth reported with the level (gdp_level's yoy_pct)."""
    targets, results = _key("hailaer_2016.targets"), _key("hailaer_2017.results")
    pairs = []
    for ref, target in targets.items():
        level = results.get(ref.replace("_growth", "_level"))
        if target["kind"] == "growth" and level and level["yoy_pct"]:
            pairs.append((target, float(level["yoy_pct"])))
        elif ref in results and target["kind"] != "growth":
            pairs.append((target, float(results[ref]["value"])))
    return pairs


def test_scorecard_figures_agree_with_the_answer_keys(hailaer):
    """Every 2016 target the 2016 key and the 2017 key both state: the scorecard finds the target, gives the
    result the 2017 key gives, and judges it; keyed targets the rules did not propose are the only misses."""
    from liulin_data.apps.extract.evaluate import quotes_overlap

    df = scorecard(*hailaer)
    judged, absent = [], []
    for key, result in _key_pairs():
        rows = [
            r for r in df.to_dict("records")
            if quotes_overlap(key["quote_fragment"], r["target_quote"])
            and number_of(r["target"]) == float(key["value"]) and r["unit"] == key["unit"]
        ]  # fmt: skip
        if not rows:
            absent.append(key["ref"])
            continue
        row = max(rows, key=lambda r: SequenceMatcher(None, key["indicator"], r["indicator"]).ratio())
        assert row["result"] != "" and number_of(row["result"]) == result, (key["ref"], row)
        comparator = row["target"].split()[0].replace("≥", ">=").replace("≤", "<=")
        met = COMPARE[comparator](result, float(key["value"]))
        assert row["verdict"] == (MET if met else MISSED), (key["ref"], row)
        judged.append(key["ref"])
    assert absent == ["poverty_households", "poverty_people"]  # 到2017年底前…脱贫: not a 2016 deadline
    assert len(judged) == 15


def test_quotes_come_from_each_report(hailaer):
    plan, next_plan = hailaer
    text, next_text = ((p / "report.txt").read_text(encoding="utf-8") for p in hailaer)
    for row in scorecard(plan, next_plan).to_dict("records"):
        assert row["target_quote"] in text
        assert row["result_quote"] == "" or row["result_quote"] in next_text


def test_words_only_is_unclear_with_the_words(tmp_path):
    (tmp_path / "2025.txt").write_text(
        "二、2025年工作安排\n规模以上工业增加值增长6%；一般公共预算收入增长5%。\n", encoding="utf-8"
    )
    (tmp_path / "2026.txt").write_text(
        "一、2025年工作回顾\n过去一年，规模以上工业增加值稳中有升，一般公共预算收入完成80亿元，同比增长5.5%。\n"
        "二、2026年工作安排\n地区生产总值增长5%左右。\n",
        encoding="utf-8",
    )
    plans = [plan_new(tmp_path / f"{y}.txt", "某县", y, tmp_path / f"p{y}") for y in (2025, 2026)]
    df = scorecard(*plans)
    industry = _row(df, "规模以上工业增加值增速")
    assert industry["verdict"] == UNCLEAR and industry["reason"] == "报告只说“规模以上工业增加值稳中有升”"
    revenue = _row(df, "一般公共预算收入增速")
    assert (revenue["result"], revenue["verdict"]) == ("5.5", MET)


def test_names_of_two_years_meet_through_the_synonym_table_of_names_py():
    from liulin_data.core.names import SYNONYMS, name_key, synonym_key

    assert synonym_key("公共财政预算收入增速") == synonym_key("一般公共预算收入增长")
    assert synonym_key("其中：城镇新增就业（人）") == synonym_key("新增城镇就业") == name_key("新增就业")
    assert synonym_key("接待游客") == "旅游接待人数" and set(SYNONYMS.values()) <= {
        synonym_key(v) for v in SYNONYMS.values()
    }
    assert name_key("增速") != name_key("增长")  # the catalog and the loaders keep names exact


@pytest.mark.parametrize(
    ("comparator", "target", "high", "actual", "verdict"),
    [
        (">=", 7.5, None, 7.2, MISSED),
        (">=", 7.5, None, 7.5, MET),
        ("<=", 4.0, None, 3.9, MET),
        ("<=", 4.0, None, 4.1, MISSED),
        ("==", 5.0, None, 4.8, MET),  # 5%左右: within 5% of the target
        ("==", 5.0, None, 4.7, MISSED),
        ("between", 3.0, 5.0, 4.0, MET),
        ("between", 3.0, 5.0, 2.0, MISSED),
    ],
)
def test_judge(comparator, target, high, actual, verdict):
    assert judge(comparator, target, high, actual) == verdict


def test_plans_must_be_consecutive_years(hailaer):
    with pytest.raises(ExtractError, match="应为 2017 年"):
        scorecard(hailaer[0], hailaer[0])
    out = subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", "scorecard", "--plan", str(hailaer[1]), "--next", str(hailaer[0])],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 2 and "应为 2018 年" in out.stderr and "Traceback" not in out.stderr


def test_cli_scorecard_table_csv_and_page(hailaer, tmp_path):
    cli = [
        sys.executable,
        "-m",
        "liulin_data.apps.cli",
        "scorecard",
        "--plan",
        str(hailaer[0]),
        "--next",
        str(hailaer[1]),
    ]
    table = subprocess.run([*cli, "--out", str(tmp_path / "sc")], capture_output=True, text=True, timeout=300)
    assert table.returncode == 0, table.stderr
    assert (
        "地区生产总值增速" in table.stdout
        and "未达成" in table.stdout
        and "已生成完成情况页面" in table.stdout
    )
    assert (tmp_path / "sc" / "index.html").is_file() and (tmp_path / "sc" / "scorecard.csv").is_file()
    csv_out = subprocess.run([*cli, "--csv"], capture_output=True, text=True, timeout=120)
    assert csv_out.stdout.splitlines()[0] == ",".join(COLUMNS)


def test_page_is_offline_chinese_and_phone_ready(hailaer):
    df = scorecard(*hailaer)
    when = datetime(2017, 2, 20, 1, 30, tzinfo=UTC)
    page = scorecard_html(df, generated_at=when)
    assert (
        "生成时间：2017年2月20日 09:30（北京时间）" in page
    )  # 01:30 UTC is 09:30 in Beijing, the briefing's style
    assert "@font-face" in page and "data:font/woff;base64," in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page) and "@import" not in page
    assert "@media (max-width: 640px)" in page and 'name="viewport"' in page
    visible = re.sub(r"<style\b.*?</style>|<[^>]+>", " ", page, flags=re.DOTALL)
    assert not re.findall(r"[A-Za-z]{2,}", visible), "the page shows words that are not Chinese"
    assert "海拉尔区2016年目标任务完成情况" in page and "达成" in page


def test_write_scorecard_writes_page_and_csv(hailaer, tmp_path):
    page = write_scorecard(*hailaer, tmp_path / "out")
    assert page == tmp_path / "out" / "index.html" and page.read_text(encoding="utf-8").startswith(
        "<!DOCTYPE html>"
    )


def test_broken_plan_file_is_a_chinese_error_naming_it(hailaer, tmp_path):
    import shutil

    broken = shutil.copytree(hailaer[1], tmp_path / "broken")
    (broken / "results.csv").write_bytes("指标\n".encode("gbk") + b"\xff\xfe\n")
    with pytest.raises(ExtractError, match="results.csv"):
        scorecard(hailaer[0], broken)
    (broken / "plan.yaml").unlink()
    out = subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", "scorecard", "--plan", str(hailaer[0]), "--next", str(broken)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 2 and "plan.yaml" in out.stderr and "Traceback" not in out.stderr


# --- two reports' words for one result (#20.6, #21.9) --------------------------------------------------------

REPORT_2017 = """二、2017年工作安排
城镇常住居民人均可支配收入增长8%，达到35578元。农村牧区常住居民人均可支配收入增长7.5%，达到25617元。
完成65条城市道路新建改造。完成9.2公里的城区供水主管网改造。新建公厕30座。
"""
REPORT_2018 = """一、2017年工作回顾
城镇和农村居民人均可支配收入分别达35512元、25689元，分别同比增长7.8%和8.1%。
完成城市主次干道61条。全年完成管网改造38.6公里。新建公厕30平方米。
二、2018年工作安排
地区生产总值增长6%左右。
"""


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> pd.DataFrame:
    base = tmp_path_factory.mktemp("words")
    (base / "2017.txt").write_text(REPORT_2017, encoding="utf-8")
    (base / "2018.txt").write_text(REPORT_2018, encoding="utf-8")
    plans = [plan_new(base / f"{y}.txt", "某区", y, base / f"p{y}") for y in (2017, 2018)]
    return scorecard(*plans)


@pytest.mark.parametrize(
    ("indicator", "target", "result", "verdict", "reason"),
    [
        # 分别达35512元、25689元，分别同比增长7.8%和8.1%: four results, each meeting its own target
        ("城镇常住居民人均可支配收入", "≥ 35,578", "35,512", MISSED, ""),
        ("城镇常住居民人均可支配收入增速", "≥ 8", "7.8", MISSED, ""),
        ("农村牧区常住居民人均可支配收入", "≥ 25,617", "25,689", MET, ""),
        ("农村牧区常住居民人均可支配收入增速", "≥ 7.5", "8.1", MET, ""),
        # 主次干道 is 道路 (names.py)
        ("城市道路", "≥ 65", "61", MISSED, ""),
        # all pipes are not the main water pipes: 口径不同, no verdict
        (
            "城区供水主管网改造",
            "≥ 9.2",
            "38.6",
            UNCLEAR,
            "口径不同：实绩“管网改造”比目标“城区供水主管网改造”范围更大",
        ),
        # another unit: 口径不同, no verdict; the result in its own unit
        ("新建公厕", "≥ 30", "30平方米", UNCLEAR, "口径不同：目标以“座”计，实绩以“平方米”计"),
    ],
)
def test_results_meet_their_targets_as_the_reports_mean(
    two_years, indicator, target, result, verdict, reason
):
    row = _row(two_years, indicator)
    assert (row["target"], row["result"], row["verdict"], row["reason"]) == (target, result, verdict, reason)
    assert row["result_quote"]  # both quotes are shown, a 口径不同 one too
    if reason:
        assert row["target_quote"] and row["result_quote"] != row["target_quote"]


def test_a_fragment_name_is_never_judged_and_a_failing_plan_is_warned(two_years, tmp_path):
    """A target named 城区内 (a place) is 无法判断 with the reason; the plan then fails plan check, and the page
    says so above the table (no command on the page: the terminal names it); verdicts are the briefing's badges."""
    import shutil

    assert two_years.attrs["warnings"] == []  # both proposals pass plan check as proposed
    plan = shutil.copytree(two_years.attrs["plan_dir"], tmp_path / "p")
    rows = list(csv.DictReader((plan / "targets.csv").open(encoding="utf-8", newline="")))
    rows[-1]["indicator"] = "城区内"
    with (plan / "targets.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    df = scorecard(plan, two_years.attrs["next_dir"])
    row = _row(df, "城区内")
    assert row["verdict"] == UNCLEAR and row["reason"].startswith("目标名称不明确")
    (warning,) = df.attrs["warnings"]
    assert warning == "某区2017年目标任务跟踪未通过计划检查（1 个问题），以下结论可能不可靠"
    page = scorecard_html(df)
    visible = re.sub(r"<style\b.*?</style>|<[^>]+>", " ", page, flags=re.DOTALL)
    assert f'<div class="warn" role="alert"><p>{warning}</p></div>' in page and "liulin" not in visible
    assert f"liulin plan check {plan.resolve()}" in format_scorecard(df)
    for verdict, status in ((MET, "achieved"), (MISSED, "overdue"), (UNCLEAR, "no_data")):
        assert chip(status, verdict) in page  # the briefing's badges
