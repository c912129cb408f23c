"""`liulin plan new`: reading reports as received, the target and result rules, and the figures on real reports.

Real reports are read from ../shared/real (beside the repository; CI has it) and never copied in. Only the
development texts are used here; the held-out reports are measured by the lead.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest

from liulin_data.apps.extract.evaluate import quotes_overlap, score
from liulin_data.apps.extract.mentions import find_mentions
from liulin_data.apps.extract.numerals import ascii_digits, chinese_number, to_number
from liulin_data.apps.extract.propose import (
    NO_NAME,
    RESULT_COLUMNS,
    TARGET_COLUMNS,
    plan_new,
    propose,
    read_plan_csv,
)
from liulin_data.apps.extract.read import normalize_text, read_report
from liulin_data.apps.extract.results import propose_results
from liulin_data.apps.extract.sentences import FIVE_YEAR, PLAN, REVIEW, REVIEW_MULTI, classify, sentences
from liulin_data.apps.extract.targets import propose_targets
from liulin_data.apps.plan_check import check_plan
from liulin_data.core import units
from liulin_data.core.exceptions import ExtractError
from liulin_data.plan import catalog
from liulin_data.plan.folder import REQUIRED_KEYS, load_plan, read_plan

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
REPORTS, KEYS = REAL / "reports", REAL / "keys"
LIULIN = load_plan()  # the shipped plan: its report and hand-made catalog are a key
LIULIN_REPORT = LIULIN.path(LIULIN.report)
DEV = {
    "hailaer_2016": ("海拉尔区", 2016),
    "hailaer_2017": ("海拉尔区", 2017),
    "neimenggu_2026": ("内蒙古自治区", 2026),
}
KEYED = ("hailaer_2016", "hailaer_2017")
# floors a little below what the rules achieve on the development texts (see docs/january.md for the figures)
TARGET_FLOORS = {"hailaer_2016": (0.88, 0.90), "hailaer_2017": (0.93, 0.95)}  # (recall, precision)
RESULT_FLOORS = {"hailaer_2016": (0.95, 0.90), "hailaer_2017": (0.95, 0.93)}
OVERALL_TARGET_FLOOR = (0.90, 0.90)
OVERALL_RESULT_FLOOR = (0.95, 0.90)
LIULIN_RECALL_FLOOR = 0.95  # the issue asks for 0.9; 41 of 42 are recovered
SECONDS_PER_REPORT = 2.0


def need_real() -> None:
    if not REPORTS.is_dir():
        pytest.skip(f"真实报告文件夹 {REPORTS} 不存在（CI 有此文件夹）/ ../shared/real is absent")


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict[str, Path]:
    """Plan folders proposed for the development texts and the shipped Liulin report (made once)."""
    need_real()
    base = tmp_path_factory.mktemp("plans")
    out = {
        name: plan_new(REPORTS / f"{name}.txt", region, year, base / name)
        for name, (region, year) in DEV.items()
    }
    out["liulin"] = plan_new(LIULIN_REPORT, LIULIN.region, LIULIN.year, base / "liulin")
    return out


def _key(name: str, what: str) -> list[dict]:
    with (KEYS / f"{name}.{what}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- figures on real reports --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", KEYED)
def test_targets_against_the_answer_key(plans, name):
    s = score(_key(name, "targets"), read_plan_csv(plans[name], "targets.csv").to_dict("records"), "target")
    recall_floor, precision_floor = TARGET_FLOORS[name]
    missed = [k["quote_fragment"] for k in s["missed"]]
    assert s["recall"] >= recall_floor, f"{name}: recall {s['recall']:.3f}; missed {missed}"
    assert s["precision"] >= precision_floor, f"{name}: precision {s['precision']:.3f}; extra {s['extra']}"


@pytest.mark.parametrize("name", KEYED)
def test_results_against_the_answer_key(plans, name):
    s = score(_key(name, "results"), read_plan_csv(plans[name], "results.csv").to_dict("records"), "value")
    recall_floor, precision_floor = RESULT_FLOORS[name]
    assert s["recall"] >= recall_floor, f"{name}: recall {s['recall']:.3f}; missed {s['missed']}"
    assert s["precision"] >= precision_floor, f"{name}: precision {s['precision']:.3f}; extra {s['extra']}"


def test_overall_figures_meet_the_goals(plans):
    for what, col, (recall_floor, precision_floor) in (
        ("targets", "target", OVERALL_TARGET_FLOOR),
        ("results", "value", OVERALL_RESULT_FLOOR),
    ):
        matched = keys = proposed = 0
        for name in KEYED:
            s = score(_key(name, what), read_plan_csv(plans[name], f"{what}.csv").to_dict("records"), col)
            matched, keys, proposed = matched + s["matched"], keys + s["key_rows"], proposed + s["proposed"]
        assert matched / keys >= recall_floor and matched / proposed >= precision_floor, (what, matched, keys)


def test_liulin_plan_recovers_the_hand_made_catalog(plans):
    cat = catalog.load_targets(include_context=False, plan=LIULIN)
    numeric = cat[(cat["kind"] != "milestone") & cat["target"].notna()]
    key = [
        {"value": r.target, "unit": r.unit, "quote_fragment": r.source_quote} for r in numeric.itertuples()
    ]
    s = score(key, read_plan_csv(plans["liulin"], "targets.csv").to_dict("records"), "target")
    assert len(key) == 42
    assert s["recall"] >= LIULIN_RECALL_FLOOR, [k["quote_fragment"] for k in s["missed"]]


@pytest.mark.parametrize("name", [*DEV, "liulin"])
def test_every_quote_is_verbatim_in_report_txt(plans, name):
    text = (plans[name] / "report.txt").read_text(encoding="utf-8")
    for what in ("targets", "results"):
        for row in read_plan_csv(plans[name], f"{what}.csv").to_dict("records"):
            assert row["source_quote"] and row["source_quote"] in text, (what, row)


@pytest.mark.parametrize("name", [*DEV, "liulin"])
def test_plan_folder_format(plans, name):
    """A folder the plan owner reads: plan.yaml keys in order, the catalog's columns then the optional ones."""
    folder = plans[name]
    assert tuple(read_plan_csv(folder, "targets.csv").columns) == TARGET_COLUMNS
    assert TARGET_COLUMNS[: len(catalog.COLUMNS)] == catalog.COLUMNS
    assert set(TARGET_COLUMNS[len(catalog.COLUMNS) :]) <= set(catalog.OPTIONAL_COLUMNS)
    assert tuple(read_plan_csv(folder, "results.csv").columns) == RESULT_COLUMNS
    meta_text = (folder / "plan.yaml").read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in meta_text.splitlines()]
    assert keys == [*REQUIRED_KEYS, "report_title", "timezone", "release_lag_days"]
    plan = read_plan(folder)
    region, year = (LIULIN.region, LIULIN.year) if name == "liulin" else DEV[name]
    assert (plan.name, plan.region, plan.year, plan.report) == (name, region, year, "report.txt")
    assert plan.title == f"{region}{year}年目标任务跟踪" and plan.timezone == "Asia/Shanghai"
    assert plan.briefing_title("月度简报") == f"{region}{year}年目标任务月度简报"
    assert "\\u" not in meta_text and region in meta_text  # allow_unicode
    results = read_plan_csv(folder, "results.csv")
    assert set(results["period"]) <= {str(year - 1)}
    targets = read_plan_csv(folder, "targets.csv")
    assert targets["indicator_id"].is_unique
    assert targets["confidence"].astype(float).between(0, 1).all()


def test_hailaer_2017_lists_its_seven_tasks_and_places_rows_under_them(plans):
    tasks = read_plan_csv(plans["hailaer_2017"], "tasks.csv")
    assert list(tasks.columns) == ["task_no", "task", "domain"] and len(tasks) == 7
    assert tasks["task"].iloc[4].startswith("全力保障和改善民生")
    targets = read_plan_csv(plans["hailaer_2017"], "targets.csv")
    jobs = targets[targets["source_quote"] == "全年新增就业5700人"].iloc[0]
    assert jobs["task"] == tasks["task"].iloc[4] and jobs["domain"] == "employment"


def test_liulin_tasks_are_its_15_major_tasks(plans):
    tasks = read_plan_csv(plans["liulin"], "tasks.csv")
    assert list(tasks["task"]) == list(catalog.load_tasks(LIULIN)["task"])


# the names a reviewer writes for the rows of 海拉尔区 2016 whose name is a fragment: (quote piece, target) → name
NAMES_2016 = {
    ("12条道路", "12"): "主城区道路建设改造",
    ("绿化任务", "16.9"): "新区绿化",
    ("8008户改造", "8008"): "棚户区改造",
}


def test_reviewed_plan_passes_plan_check(plans, tmp_path):
    """A person drops what has no value, writes the names the rules could not, keeps the rest and clears the
    review cells: liulin plan check passes. Until then every fragment name is a problem and a review."""
    import shutil

    folder = shutil.copytree(plans["hailaer_2016"], tmp_path / "hailaer-2016")
    report = check_plan(folder)
    (no_value,) = [r.line for r in report.reviews if r.review == "无数值"]  # 居民收入增长与经济增长同步
    fragments = {r.line for r in report.reviews if r.review.startswith(NO_NAME)}
    assert {(p.line, p.column) for p in report.problems} == {(no_value, "target"), (no_value, "unit")} | {
        (line, "indicator") for line in fragments
    }
    assert len(fragments) == len(NAMES_2016) and report.pending == len(report.reviews)
    kinds = {part.split("：")[0] for r in report.reviews for part in r.review.split("；")}
    assert kinds <= {"无数值", "比较符不明确", "该数字也是上年实绩", NO_NAME, "读作累计量（按月累加）"}, kinds
    storage = [r for r in report.reviews if r.review == "该数字也是上年实绩" and "仓储库" in r.indicator]
    assert len(storage) == 1  # 2015: 仓储库2万平方米
    df = read_plan_csv(folder, "targets.csv")
    df = df[~((df["kind"] != "milestone") & (df["target"] == ""))].copy()
    for (piece, target), name in NAMES_2016.items():
        df.loc[df["source_quote"].str.contains(piece) & (df["target"] == target), "indicator"] = name
    df["review"] = ""
    df.to_csv(folder / "targets.csv", index=False, encoding="utf-8")
    report = check_plan(folder)
    assert report.problems == [] and report.reviews == [] and report.pending == 0


def test_plan_new_is_fast(tmp_path):
    need_real()
    for name in ("hailaer_2017", "neimenggu_2026"):
        start = time.perf_counter()
        plan_new(REPORTS / f"{name}.txt", "某地", DEV[name][1], tmp_path / name)
        assert time.perf_counter() - start < SECONDS_PER_REPORT


def test_existing_plan_is_not_overwritten(tmp_path):
    plan_new(LIULIN_REPORT, "柳林县", 2026, tmp_path / "p")
    with pytest.raises(ExtractError, match="已有计划"):
        plan_new(LIULIN_REPORT, "柳林县", 2026, tmp_path / "p")


# --- reading reports as received ----------------------------------------------------------------------------


def test_gbk_crlf_ideographic_indents_read_like_the_utf8_text(tmp_path):
    need_real()
    original = (REPORTS / "hailaer_2017.txt").read_text(encoding="utf-8")
    lines = ["\u3000\u3000" + line.strip() for line in original.splitlines()]
    for encoding in ("gbk", "gb18030"):
        path = tmp_path / f"report_{encoding}.txt"
        path.write_bytes("\r\n".join(lines).encode(encoding))
        text = read_report(path)
        assert text == read_report(REPORTS / "hailaer_2017.txt")
        assert "\r" not in text and not any(line.startswith("\u3000") for line in text.splitlines())
        assert "地区生产总值增长7.5%,达到326.4亿元" in text


def test_utf8_bom_and_full_width_digits(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes("\ufeff二、2026年工作安排\r\n\u3000\u3000地区生产总值增长５％左右。\r\n".encode())
    text = read_report(path)
    assert text.startswith("二、2026年工作安排\n")
    rows = propose_targets(text, 2026)
    assert [(r.kind, r.comparator, r.target, r.unit) for r in rows] == [("growth", "==", 5.0, "%")]
    assert text[rows[0].quote_start : rows[0].quote_end] == "地区生产总值增长５％左右"


def test_docx_paragraphs_and_tables(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("2026年工作安排")
    document.add_paragraph("\u3000\u3000原煤产量完成3600万吨以上。新增城镇就业4000人以上。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "粮食播种面积"
    table.rows[0].cells[1].text = "稳定在33万亩以上"
    path = tmp_path / "报告.docx"
    document.save(str(path))
    text = read_report(path)
    assert text.splitlines()[:2] == ["2026年工作安排", "原煤产量完成3600万吨以上。新增城镇就业4000人以上。"]
    assert "稳定在33万亩以上" in text
    out = plan_new(path, "柳林县", 2026, tmp_path / "plan")
    assert set(read_plan_csv(out, "targets.csv")["target"]) >= {"3600", "4000"}


def test_html_page_with_clutter(tmp_path):
    page = """<!DOCTYPE html><html><head><meta charset="gbk"><title>政府工作报告</title>
    <script>var x = "下载";</script><style>p { color: red }</style></head><body>
    <nav><a href="/">首页</a> <a href="/news">新闻</a></nav>
    <div class="tools"><span>下载</span><span>打印</span><span>全屏</span><span>收藏</span></div>
    <div>【字号：</div><div>加大</div><div>还原</div><div>减小</div><div>】</div>
    <h1>2026年某县政府工作报告</h1><p>来源：某县日报</p>
    <h2>一、2025年工作回顾</h2><p>&#12288;&#12288;2025年，地区生产总值完成120亿元，同比增长5.2%。</p>
    <h2>二、2026年工作安排</h2><p>&#12288;&#12288;地区生产总值增长5%左右；新建农村公路30公里。</p>
    <p>相关报道：</p><ul><li><a href="/a">某县召开会议</a></li></ul>
    <footer>版权所有</footer></body></html>"""
    path = tmp_path / "report.html"
    path.write_bytes(page.encode("gbk"))
    text = read_report(path)
    for clutter in (
        "下载",
        "打印",
        "全屏",
        "字号",
        "加大",
        "首页",
        "来源",
        "相关报道",
        "某县召开会议",
        "版权",
        "var x",
    ):
        assert clutter not in text, clutter
    assert "地区生产总值增长5%左右；新建农村公路30公里。" in text.splitlines()
    out = plan_new(path, "某县", 2026, tmp_path / "plan")
    targets = read_plan_csv(out, "targets.csv")
    assert list(targets["target"]) == ["5", "30"] and list(targets["unit"]) == ["%", "公里"]
    results = read_plan_csv(out, "results.csv")
    assert results.iloc[0][["value", "unit", "yoy_pct", "period"]].tolist() == ["120", "亿元", "5.2", "2025"]
    assert read_plan(out).report_title == "2026年某县政府工作报告"


def test_clutter_lines_dropped_from_text():
    text = normalize_text(
        "下载\n打印\n全屏\n正文第一段。\n本报记者 张三 摄\n正文第二段。\n相关报道：\n链接一\n"
    )
    assert text == "正文第一段。\n正文第二段。\n"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nowhere.txt", "找不到报告文件"),
        ("report.pdf", "不支持的报告文件类型"),
        ("empty.txt", "没有文字内容"),
    ],
)
def test_bad_input_names_the_file(tmp_path, path, message):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "empty.txt").write_bytes(b"\r\n\xe3\x80\x80\r\n")
    with pytest.raises(ExtractError, match=message) as info:
        read_report(tmp_path / path)
    assert path in str(info.value)


def test_cli_plan_new_and_bad_input(tmp_path):
    cli = [sys.executable, "-m", "liulin_data.apps.cli", "plan", "new"]
    ok = subprocess.run(
        [*cli, str(LIULIN_REPORT), "--region", "柳林县", "--year", "2026", "--out", str(tmp_path / "liulin")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "已生成计划文件夹" in ok.stdout and (tmp_path / "liulin" / "plan.yaml").is_file()
    bad = subprocess.run(
        [*cli, str(tmp_path / "无此文件.docx"), "--region", "柳林县", "--year", "2026", "--out", str(tmp_path / "x")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2 and "无此文件.docx" in bad.stderr and "Traceback" not in bad.stderr


# --- numerals, patterns, classification ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("三", 3), ("两", 2), ("十", 10), ("十五", 15), ("二十三", 23), ("一百零五", 105), ("三千", 3000)],
)
def test_chinese_numerals(text, value):
    assert chinese_number(text) == value


def test_full_width_digits_keep_positions():
    assert ascii_digits("３６００万吨，增长７．５％") == "3600万吨，增长7.5%"
    assert len(ascii_digits("３６００")) == 4
    assert to_number("７．５") == 7.5 and to_number("两") == 2.0 and to_number("abc") is None


def _plan(sentence: str) -> list[tuple]:
    text = f"二、2026年工作安排\n{sentence}\n"
    return [(r.kind, r.comparator, r.target, r.target_high, r.unit) for r in propose_targets(text, 2026)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("地区生产总值增长5%左右。", [("growth", "==", 5.0, None, "%")]),
        ("社会消费品零售总额增长6%。", [("growth", ">=", 6.0, None, "%")]),
        ("单位GDP能耗下降3%。", [("growth", "<=", -3.0, None, "%")]),
        ("粮食产量达到840亿斤。", [("quantity", ">=", 840.0, None, "亿斤")]),
        ("地区生产总值突破500亿元。", [("quantity", ">=", 500.0, None, "亿元")]),
        ("新能源发电量超3000亿度。", [("quantity", ">=", 3000.0, None, "亿千瓦时")]),
        ("原煤产量完成3600万吨以上。", [("quantity", ">=", 3600.0, None, "万吨")]),
        ("城镇登记失业率控制在4%以内。", [("ratio", "<=", 4.0, None, "%")]),
        ("新增“四上”企业3-5户。", [("range", "between", 3.0, 5.0, "户")]),
        ("研发投入强度提高0.2—0.3个百分点。", [("range", "between", 0.2, 0.3, "个百分点")]),
        ("产气量稳定在3亿立方。", [("quantity", ">=", 3.0, None, "亿立方米")]),
        ("新增城镇就业18万人以上。", [("quantity", ">=", 18.0, None, "万人")]),
        ("新增装机300万千瓦。", [("quantity", ">=", 300.0, None, "万千瓦")]),
        ("完成30座公厕新建改造。", [("quantity", ">=", 30.0, None, "座")]),
        ("建成4座垃圾中转站。", [("quantity", ">=", 4.0, None, "座")]),
        ("改造老旧小区27个。", [("quantity", ">=", 27.0, None, "个")]),
        ("新增三家市级龙头企业。", [("quantity", ">=", 3.0, None, "家")]),
        ("建成两个示范园区。", [("quantity", ">=", 2.0, None, "个")]),
        ("完成中央公园景观建设21万平方米。", [("quantity", ">=", 21.0, None, "万平方米")]),
        ("新建农村公路5000公里。", [("quantity", ">=", 5000.0, None, "公里")]),
    ],
)
def test_target_patterns(sentence, expected):
    assert _plan(sentence) == expected


def test_growth_stated_with_a_level_makes_two_rows():
    text = "二、2017年工作安排\n地区生产总值增长7.5%，达到326.4亿元。\n"
    rows = propose_targets(text, 2017)
    assert [(r.indicator, r.kind, r.target, r.unit) for r in rows] == [
        ("地区生产总值增速", "growth", 7.5, "%"),
        ("地区生产总值", "quantity", 326.4, "亿元"),
    ]
    assert text[rows[1].quote_start : rows[1].quote_end] == "地区生产总值增长7.5%，达到326.4亿元"


def test_respectively_and_both_make_one_row_per_indicator():
    rows = propose_targets("二、2026年工作安排\n城镇、农村居民人均可支配收入分别增长7.5%和8%。\n", 2026)
    assert [(r.indicator, r.target) for r in rows] == [
        ("城镇居民人均可支配收入增速", 7.5),
        ("农村居民人均可支配收入增速", 8.0),
    ]
    rows = propose_targets("二、2026年工作安排\n城镇居民收入、农村居民收入均增长8%。\n", 2026)
    assert [(r.indicator, r.target) for r in rows] == [("城镇居民收入增速", 8.0), ("农村居民收入增速", 8.0)]


@pytest.mark.parametrize(
    ("sentence", "indicator", "deadline", "milestone_type"),
    [
        ("郭家沟400万吨矿井开工建设。", "郭家沟400万吨矿井开工", "2026-12-31", "start"),
        ("县中医院力争年内投用。", "县中医院投用", "2026-12-31", "operate"),
        ("跨河大桥6月底前建成通车。", "跨河大桥6月底前建成通车", "2026-06-30", "open"),
        ("一季度续建项目全部竣工。", "一季度续建项目竣工", "2026-03-31", "complete"),
        ("年内完成铁路大修段景观工程。", "铁路大修段景观工程", "2026-12-31", "complete"),
        ("年底前开工建设县体育馆。", "县体育馆开工建设", "2026-12-31", "start"),
        ("确保投资4800万元的广场改造工程如期完工。", "广场改造工程完工", "2026-12-31", "complete"),
    ],
)
def test_dated_deliverables_become_milestones(sentence, indicator, deadline, milestone_type):
    rows = propose_targets(f"二、2026年工作安排\n{sentence}\n", 2026)
    assert [(r.kind, r.indicator, r.deadline, r.milestone_type, r.target) for r in rows] == [
        ("milestone", indicator, deadline, milestone_type, None)
    ]


@pytest.mark.parametrize(
    ("clause", "rule"),
    [
        ("第十四届全运会第4个千亿级产业", "skip_ordinal"),
        ("实施五所中小学新建扩建", None),  # a Chinese numeral counts only right after 新增/完成/建成 …
        ("落实好市委促进民营经济高质量发展16条举措", "skip_policy_count"),
        ("推进总投资10亿元的大数据项目开工建设", "skip_project_size"),
        ("郭家沟400万吨矿井", "skip_capacity_descriptor"),
        ("大唐2×66万千瓦发电项目", "skip_specification"),
        ("比2010年增加13480元", "skip_comparison"),
        ("规上工业增加值增长6.7%、高于全国0.8个百分点", "skip_comparison"),
        ("由2010年的162.4亿元增加到", "skip_from_value"),
        ("累计完成投资3.23亿元", "skip_cumulative"),
        ("重点调度项目有66个", "skip_existing"),
        ("“5+5亿元”产业", "skip_quoted"),
        ("使近8万人受益", "skip_approximate"),
    ],
)
def test_numbers_that_are_not_amounts_are_dropped(clause, rule):
    skipped = [m.skipped for m in find_mentions(clause) if m.skipped]
    assert (skipped[-1] if skipped else None) == rule


def test_project_batch_keeps_its_total():
    mentions = find_mentions("谋划实施总投资329.9亿元的124个重点项目")
    assert [(m.value, m.unit, m.skipped) for m in mentions] == [(329.9, "亿元", ""), (124.0, "个", "")]


@pytest.mark.parametrize(
    ("text", "part", "context", "expected"),
    [
        ("地区生产总值增长5%左右", PLAN, "", "target"),
        ("地区生产总值完成303.6亿元", REVIEW, "", "result"),
        ("“十五五”时期人均地区生产总值稳居全国上游", PLAN, "", FIVE_YEAR),
        ("到2030年森林覆盖率达到25%", PLAN, "", FIVE_YEAR),
        ("到2026年底建成", PLAN, "", "target"),
        ("五年来，新增就业3.25万人", REVIEW_MULTI, "", FIVE_YEAR),
        ("2025年城镇居民人均可支配收入完成30788元", REVIEW_MULTI, "", "result"),
        ("农村居民人均可支配收入完成22250元", REVIEW_MULTI, "2025年城镇居民…；农村居民…", "result"),
        ("森林覆盖率由21.6%提高到25.2%", REVIEW_MULTI, "", FIVE_YEAR),
        ("今后五年，地区生产总值年均增长6%", FIVE_YEAR, "", FIVE_YEAR),
    ],
)
def test_result_target_and_five_year_goal(text, part, context, expected):
    assert classify(text, part, 2026, context) == expected


def test_report_parts_follow_the_headings():
    text = (
        "一、“十四五”时期和2025年工作回顾\n五年来，累计新增就业100万人。\n"
        "刚刚过去的2025年，地区生产总值增长4.7%。\n"
        "二、“十五五”时期的主要目标\n今后五年，年均增长5%。\n"
        "三、2026年工作安排\n地区生产总值增长5%左右。\n"
    )
    parts = {s.text: s.part for s in sentences(text, 2026)}
    assert parts["五年来，累计新增就业100万人"] == REVIEW_MULTI
    assert parts["刚刚过去的2025年，地区生产总值增长4.7%"] == REVIEW
    assert parts["今后五年，年均增长5%"] == FIVE_YEAR
    assert parts["地区生产总值增长5%左右"] == PLAN
    assert [(r.indicator, r.value, r.yoy_pct, r.period) for r in propose_results(text, 2026)] == [
        ("地区生产总值增速", 4.7, 4.7, "2025")
    ]
    assert [(r.kind, r.target) for r in propose_targets(text, 2026)] == [("growth", 5.0)]


def test_results_attach_growth_to_their_level_and_keep_declines_negative():
    text = (
        "一、2025年工作回顾\n地区生产总值完成303.6亿元，同比增长7.2%；一般公共预算收入完成17亿元，"
        "按可比口径增长13%；群众来信来访人次下降8.6%；城乡居民人均可支配收入分别增长8.7%和8.6%。\n"
    )
    rows = [(r.indicator, r.value, r.unit, r.yoy_pct) for r in propose_results(text, 2026)]
    assert rows == [
        ("地区生产总值", 303.6, "亿元", 7.2),
        ("一般公共预算收入", 17.0, "亿元", 13.0),
        ("群众来信来访人次降幅", 8.6, "%", -8.6),
        ("城镇居民人均可支配收入增速", 8.7, "%", 8.7),
        ("农村居民人均可支配收入增速", 8.6, "%", 8.6),
    ]


def test_target_equal_to_last_years_result_is_flagged(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(
        "一、2025年工作回顾\n新建农村公路300公里。\n二、2026年工作安排\n新建农村公路300公里。\n", "utf-8"
    )
    targets = read_plan_csv(plan_new(path, "某县", 2026, tmp_path / "p"), "targets.csv")
    assert targets["review"].tolist() == ["该数字也是上年实绩"]


def test_rows_without_a_name_of_their_own_are_flagged():
    text = "二、2026年工作安排\n投资4.7亿元，完成65条、总长度57.9公里的城市道路新建改造。年底前实现开园。\n"
    targets, _, _ = propose(text, 2026)
    assert [(r["indicator"], r["review"]) for r in targets] == [
        (
            "投资",
            f"{NO_NAME}：“投资”只说了动作或种类，没有说是什么的",
        ),  # says what kind of amount, not of what
        ("城市道路", ""),  # 65条: the roads the clause names last
        ("城市道路总长度", ""),  # 总长度 alone names no object
        ("年底前实现开园", "事项名称不明确"),
    ]


EXCLUDED = """2026年某县政府工作报告
一、2025年工作回顾
2025年，地区生产总值完成120亿元，同比增长5.2%，总投资7亿元的商业广场投入使用。
二、“十五五”时期的主要目标
今后五年，地区生产总值年均增长6%。
三、2026年工作安排
地区生产总值增长5%左右。落实16条举措。郭家沟400万吨矿井开工建设。新建农村公路30公里。
民生实事：新建农村公路30公里，新建第2批示范村。
"""


def test_every_number_no_row_uses_is_excluded_with_its_reason(tmp_path):
    (tmp_path / "r.txt").write_text(EXCLUDED, encoding="utf-8")
    folder = plan_new(tmp_path / "r.txt", "某县", 2026, tmp_path / "plan")
    with (folder / "exclusions.csv").open(encoding="utf-8", newline="") as f:
        reasons = [(r["number"], r["reason"]) for r in csv.DictReader(f)]
    assert reasons == [
        ("2026", "年份"),
        ("2025", "年份"),
        ("2025", "年份"),
        ("120", "上年实绩（见 results.csv：地区生产总值）"),
        ("5.2", "上年实绩（见 results.csv：地区生产总值）"),
        ("7", "上年工作回顾中的数字，不是本年度目标"),
        ("6", "五年目标或五年回顾中的数字，不是本年度目标"),
        ("2026", "年份"),
        ("16", "文件的条款数（如16条举措）"),
        ("400", "设施的规模（如400万吨矿井），是名称的一部分"),
        ("2", "没有单位的数字（编号、名称中的数字等），不是数量目标"),
    ]
    report = check_plan(folder)
    assert report.problems == [] and report.reviews == []
    # a row a reviewer deletes leaves its number to explain: plan check names it, line and character
    targets = (folder / "targets.csv").read_text(encoding="utf-8").splitlines()
    (folder / "targets.csv").write_text("\n".join(targets[:-1]) + "\n", encoding="utf-8")
    loose = check_plan(folder).problems
    assert [(p.file, p.line, p.value) for p in loose] == [("report.txt", 7, "30"), ("report.txt", 8, "30")]


def test_quote_overlap():
    assert quotes_overlap("地区生产总值增长7.5%", "地区生产总值增长7.5%,达到326.4亿元")
    assert quotes_overlap("城镇登记失业率控制在4%以内", "全年新增就业5700人,城镇登记失业率控制在4%以内")
    assert not quotes_overlap("新增就业5700人", "农业生产托管6万亩")


def test_five_year_paragraphs_and_year_on_year_changes():
    text = (
        "一、2025年和“十四五”工作回顾\n——这五年，森林覆盖率达到25%。地区生产总值达到2.6万亿元。\n"
        "2025年是极不平凡的一年。全省地区生产总值达到3.2万亿元、增长5.4%；粮食产量比上年增加20万吨，"
        "一般公共预算收入比上年下降3.2%。\n"
        "二、2026年工作安排\n“十五五”时期，森林覆盖率达到30%。地区生产总值达到5万亿元。\n"
        "今年，地区生产总值增长5%左右、达到3.4万亿元。\n"
    )
    results = [(r.indicator, r.value, r.unit, r.yoy_pct) for r in propose_results(text, 2026)]
    assert results == [("地区生产总值", 3.2, "万亿元", 5.4), ("一般公共预算收入降幅", 3.2, "%", -3.2)]
    targets = [(r.indicator, r.target, r.unit) for r in propose_targets(text, 2026)]
    assert targets == [("地区生产总值增速", 5.0, "%"), ("地区生产总值", 3.4, "万亿元")]


@pytest.mark.parametrize("name", [*DEV, "liulin"])
def test_proposals_break_plan_check_only_where_review_says_so(plans, name):
    """Units known, deadlines in the year, kinds and comparators agreeing, names unique and every number of the
    report used or excluded: liulin plan check finds problems on flagged rows only."""
    report = check_plan(plans[name])
    flagged = {r.line for r in report.reviews}
    assert {(p.file, p.line) for p in report.problems} <= {("targets.csv", line) for line in flagged}, [
        str(p) for p in report.problems
    ]
    targets = read_plan_csv(plans[name], "targets.csv")
    numeric = targets[targets["target"] != ""]
    assert all(units.is_known(u) for u in numeric["unit"]), set(numeric["unit"])


def test_the_liulin_proposal_fails_plan_check_only_on_the_name_to_give(plans):
    """Every number of the Liulin report is used or excluded as proposed; 总投资329.9亿元的124个重点项目 is named
    重点项目总投资 (as in the hand-made catalog); one amount needs a name (招商引资实现投资 in the catalog)."""
    report = check_plan(plans["liulin"])
    assert [(r.indicator, r.review.split("：")[0]) for r in report.reviews] == [("投资", NO_NAME)]
    assert [(p.line, p.column, p.value) for p in report.problems] == [
        (report.reviews[0].line, "indicator", "投资")
    ]
    targets = read_plan_csv(plans["liulin"], "targets.csv")
    assert "重点项目总投资" in set(targets["indicator"])


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (3, "万千瓦", "千瓦", 30000.0),
        (1, "公顷", "平方米", 10000.0),
        (1, "万平方米", "亩", 15.0),
        (2, "万公里", "公里", 2e4),
    ],
)
def test_units_added_for_reports(value, src, dst, expected):
    assert units.convert(value, src, dst) == pytest.approx(expected)
    assert not units.is_compatible("个百分点", "%") and not units.is_compatible("条", "座")


# --- a report saved from a county-report site (#20.4) --------------------------------------------------------


def cluttered(clean: str, one_line: bool) -> str:
    """A development text as a scraping site serves it: a page header, a 内容摘要 repeating the opening cut off
    with ......, ???? where the paragraph indents were lost, tabs, and at the end navigation lists of other
    places' report titles (标签, 相关文章, 本栏推荐, 阅读排行, 标签云). ``one_line``: the whole report on one
    line, paragraphs run together at ????."""
    paras = [line.strip(" \t\u3000") for line in clean.splitlines() if line.strip(" \t\u3000")]
    head = [
        "工作报告",
        "时间：2017-03-02 09:15\t作者：佚名\t来源：网络\t阅读：2301\t评论：0",
        f"内容摘要：{'????'.join(paras)[:160]}......",
    ]
    tail = [
        "标签：政府工作报告 海拉尔区",
        "相关文章",
        "2018年某某县政府工作报告",
        "2017年某某区政府工作报告",
        "本栏推荐",
        "2016年某旗政府工作报告",
        "阅读排行",
        "2019年某市政府工作报告",
        "标签云",
        "工作总结 政府工作报告",
    ]
    body = "".join(f"????{p}" for p in paras) if one_line else "\n".join(f"\t????{p}" for p in paras)
    return "\n".join(head) + "\n" + body + "\n" + "\n".join(tail) + "\n"


@pytest.mark.parametrize("one_line", [False, True])
def test_a_cluttered_web_page_gives_the_plan_of_the_clean_text(plans, tmp_path, one_line):
    """The same targets, results and tasks as the clean text, and none of the page's furniture in report.txt."""
    path = tmp_path / "scraped.txt"
    path.write_text(cluttered((REPORTS / "hailaer_2017.txt").read_text(encoding="utf-8"), one_line), "utf-8")
    folder = plan_new(path, "海拉尔区", 2017, tmp_path / "plan")
    text = (folder / "report.txt").read_text(encoding="utf-8")
    for furniture in ("内容摘要", "????", "\t", "阅读：", "相关文章", "某某县", "标签", "......"):
        assert furniture not in text, furniture
    for what in ("targets", "results", "tasks"):
        got, want = (read_plan_csv(f, f"{what}.csv") for f in (folder, plans["hailaer_2017"]))
        columns = [c for c in got.columns if c != "source_quote"]
        assert got[columns].equals(want[columns]), what
    assert len(read_plan_csv(folder, "targets.csv")) == 43


# --- this year's tasks (#20.2) -------------------------------------------------------------------------------

TASKS_REPORT = """2026年某省政府工作报告
一、2025年工作回顾
过去一年，我们主要做了六个方面工作：
（一）稳住经济大盘。地区生产总值完成3.2万亿元，增长5.4%。
（二）推进改革开放。新设外资企业800家。
（三）保障改善民生。城镇新增就业40万人。
（四）建设生态文明。完成造林300万亩。
（五）统筹发展安全。化解债务200亿元。
（六）防范化解风险，维护社会和谐稳定。信访总量下降5%。
二、2026年工作安排
今年主要预期目标是：地区生产总值增长5%左右。
重点做好三个方面工作：
（一）扩大有效需求。新开工重大项目300个。
（二）壮大实体经济。新增规上工业企业500家。
（三）增进民生福祉。城镇新增就业42万人以上。
三、加强政府自身建设
附件
2026年民生实事
新建养老床位5000张。
"""


def test_tasks_are_this_years_and_rows_sit_under_their_heading():
    targets, _, tasks = propose(TASKS_REPORT, 2026)
    assert [t.task for t in tasks] == ["扩大有效需求", "壮大实体经济", "增进民生福祉"]
    assert [(r["indicator"], r["task"]) for r in targets] == [
        ("地区生产总值增速", ""),  # the main targets: under no task
        ("新开工重大项目", "扩大有效需求"),
        ("新增规上工业企业", "壮大实体经济"),
        ("城镇新增就业", "增进民生福祉"),
        ("新建养老床位", ""),  # 民生实事 after the last task's section ended
    ]


def test_neimenggu_livelihood_projects_sit_under_no_task(plans):
    targets = read_plan_csv(plans["neimenggu_2026"], "targets.csv")
    tasks = read_plan_csv(plans["neimenggu_2026"], "tasks.csv")
    assert len(tasks) == 7 and tasks["task"].iloc[0].startswith("立足壮大实体经济")
    livelihood = targets[targets["section"] == "2026年自治区民生实事"]
    assert len(livelihood) >= 10 and set(livelihood["task"]) == {""}
    assert set(targets["task"]) - {""} <= set(tasks["task"])


# --- what each target means: the target model's words from the report's sentence (#20.1) -------------------

MODEL = ("kind", "comparator", "measure", "direction", "final_when", "calendar", "season", "basis", "profile")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # rates and shares are levels in %: never pro-rated (the page said 应达到0.917%（全年目标5.5%）)
        ("城镇调查失业率5.5%左右。", ("ratio", "<=", "rate", "at_most", "full_year", "monthly", "", "level", "none")),
        ("城镇登记失业率控制在4%以内。", ("ratio", "<=", "rate", "at_most", "full_year", "quarterly", "", "level", "none")),
        ("工业中战略性新兴产业占比达到30%。", ("ratio", ">=", "rate", "at_least", "full_year", "annual", "", "level", "none")),
        ("畜禽粪污无害化处理率达到85%以上。", ("ratio", ">=", "rate", "at_least", "full_year", "annual", "", "level", "none")),
        ("民生支出占财政支出80%以上。", ("ratio", ">=", "rate", "at_least", "full_year", "annual", "", "level", "none")),
        # a price rise with 左右 is a ceiling, never ==
        ("居民消费价格涨幅2%左右。", ("growth", "<=", "growth", "at_most", "full_year", "monthly", "", "flow", "none")),
        ("单位地区生产总值能耗下降3%。", ("growth", "<=", "growth", "at_most", "full_year", "annual", "", "flow", "none")),
        # growth is growth: a gap in 百分点, no pace from zero
        ("地区生产总值增长5%左右。", ("growth", "==", "growth", "about", "full_year", "quarterly", "", "flow", "none")),
        ("到位资金增长10%。", ("growth", ">=", "growth", "at_least", "full_year", "monthly", "", "flow", "none")),
        # flows, along their profile
        ("原煤产量完成3600万吨以上。", ("quantity", ">=", "flow", "at_least", "deadline", "monthly", "", "flow", "linear")),
        ("完成30座公厕新建改造。", ("quantity", ">=", "flow", "at_least", "deadline", "monthly", "", "count", "back_loaded")),
        ("粮食产量超过840亿斤。", ("quantity", ">=", "flow", "at_least", "deadline", "once", "9-10", "flow", "harvest")),
        ("新发展木耳1000万棒。", ("quantity", ">=", "flow", "at_least", "deadline", "monthly", "1-5", "count", "back_loaded")),
        # levels: a sown area once after the sowing season, a herd
        ("粮食播种面积稳定在33万亩以上。", ("quantity", ">=", "level", "at_least", "deadline", "once", "3-6", "level", "sown_area")),
        ("发展林麝养殖200头。", ("quantity", ">=", "level", "at_least", "deadline", "monthly", "", "level", "none")),
        # an announcement is an event
        ("全力争取10个村入选国家和美乡村建设项目。", ("quantity", ">=", "event", "at_least", "deadline", "once", "", "count", "none")),
        # a cap on a flow is final once broken
        ("生产安全事故死亡人数控制在3人以内。", ("quantity", "<=", "flow", "at_most", "breach", "monthly", "", "flow", "none")),
        # a milestone
        ("县中医院力争年内投用。", ("milestone", "==", "milestone", "at_least", "deadline", "once", "", "milestone", "none")),
    ],
)  # fmt: skip
def test_the_target_model_from_the_sentence(sentence, expected):
    (row,) = propose(f"二、2026年工作安排\n{sentence}\n", 2026)[0]
    assert tuple(row[c] for c in MODEL) == expected, row
    if row["kind"] != "milestone":
        assert row["comparator"] != "==" or row["direction"] == "about"  # a 左右 ceiling is never ==


def test_an_unsure_reading_is_lower_and_says_so():
    (sure,) = propose("二、2026年工作安排\n原煤产量完成3600万吨以上。\n", 2026)[0]
    (unsure,) = propose("二、2026年工作安排\n启动1.5万亩“菜篮子”工程项目。\n", 2026)[0]
    assert float(unsure["confidence"]) < float(sure["confidence"]) and sure["review"] == ""
    assert "读作累计量" in unsure["review"]


DEV_MEANINGS = ROOT / "benchmarks" / "dev_key_meanings.csv"
AGREEMENT_FLOORS = {"measure": 0.9, "direction": 0.95}  # measured: 0.962 (75/78) and 1.000 (78/78)


@pytest.mark.parametrize("column", list(AGREEMENT_FLOORS))
def test_measure_and_direction_agree_with_the_hand_made_reading(plans, column):
    from liulin_data.apps.extract.evaluate import agreement

    with DEV_MEANINGS.open(encoding="utf-8", newline="") as f:
        meanings = list(csv.DictReader(f))
    same = judged = 0
    for name in KEYED:
        text = (plans[name] / "report.txt").read_text(encoding="utf-8")
        records = propose(text, DEV[name][1])[0]
        pairs = score(_key(name, "targets"), records, "target")["pairs"]
        got = agreement(pairs, {m["ref"]: m for m in meanings if m["text"] == name})
        same, judged = same + got[f"{column}_counts"][0], judged + got[f"{column}_counts"][1]
    assert judged >= 75 and same / judged >= AGREEMENT_FLOORS[column], (same, judged)
