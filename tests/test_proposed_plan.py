"""January to March with a plan nobody wrote by hand: ``liulin plan new`` on 海拉尔区's 2017 work report (a
development text), reviewed the way a person would, then checked, tracked and briefed through the command line
(subprocesses), like the county's analysts."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from liulin_data.plan.folder import load_plan

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT.parent / "shared" / "real" / "reports" / "hailaer_2017.txt"
REGION, YEAR = "海拉尔区", 2017
# the reviewer's names for rows the rules could not name: (a piece of the quote, target or '') → name
NAMES = {
    ("实现年底开园", ""): "两河圣山文化旅游景区开园",
    ("投资4.7亿元", "4.7"): "城市道路新建改造投资",
    ("完成65条", "65"): "城市道路新建改造条数",
    ("完成65条", "57.9"): "城市道路新建改造里程",
}
KEEP = ("该数字也是上年实绩",)  # checked: this year's target after all
# the two rows the county tracks first, under stable English ids: (quote, target) → id
TRACKED = {("全年新增就业5700人", "5700"): "new_jobs", ("达到326.4亿元", "326.4"): "gdp"}
# the county's actuals for January–March (a long table, 1—2月 released together)
ACTUALS = [
    ("指标", "时期", "数值", "单位", "口径", "同比增长(%)", "来源", "备注"),
    ("新增就业", f"{YEAR}年1—2月", "820", "人", "累计", "", "区人社局", ""),
    ("新增就业", f"{YEAR}-03", "1450", "人", "累计", "", "区人社局", ""),
    ("地区生产总值", f"{YEAR}年1—3月", "70.2", "亿元", "累计", "6.9", "区统计局", ""),
]


def liulin(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", *args], capture_output=True, text=True, timeout=600
    )


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _lookup(table: dict, row: dict) -> str | None:
    return next(
        (
            v
            for (quote, target), v in table.items()
            if quote in row["source_quote"] and target == row["target"]
        ),
        None,
    )


def review(folder: Path) -> list[dict]:
    """What a reviewer does: name what the rules could not, drop what is not a target (its numbers go to
    exclusions.csv with the reason), keep what was only a doubt, give tracked rows English ids, clear review."""
    columns, rows = _read(folder / "targets.csv")
    excl_columns, exclusions = _read(folder / "exclusions.csv")
    kept = []
    for row in rows:
        row["indicator"] = _lookup(NAMES, row) or row["indicator"]
        row["indicator_id"] = _lookup(TRACKED, row) or row["indicator_id"]
        flagged = row["review"] and not _lookup(NAMES, row) and row["review"] not in KEEP
        if flagged:  # 无数值, 比较符不明确 …: not a target of this plan
            exclusions += [
                {"number": n, "context": row["source_quote"], "reason": f"复核：不是目标（{row['review']}）"}
                for n in (row["target"], row["target_high"])
                if n
            ]
            continue
        kept.append(dict(row, review=""))
    _write(folder / "targets.csv", columns, kept)
    _write(folder / "exclusions.csv", excl_columns, exclusions)
    return kept


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> dict:
    if not REPORT.is_file():
        pytest.skip(f"真实报告 {REPORT} 不存在（CI 有此文件夹）/ ../shared/real is absent")
    root = tmp_path_factory.mktemp("proposed")
    folder = root / "plans" / "hailaer-2017"
    new = liulin("plan", "new", str(REPORT), "--region", REGION, "--year", str(YEAR), "--out", str(folder))
    assert new.returncode == 0, new.stderr
    before = liulin("plan", "check", str(folder))
    rows = review(folder)
    actuals = root / "区统计月报.csv"
    with actuals.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(ACTUALS)
    return {"root": root, "plan": folder, "actuals": actuals, "new": new, "before": before, "rows": rows}


def test_plan_new_reports_the_rows_to_review_and_check_lists_them(reviewed):
    assert (
        "待复核" in reviewed["new"].stdout
        and f"liulin plan check {reviewed['plan']}" in reviewed["new"].stdout
    )
    before = reviewed["before"]
    assert before.returncode == 1  # a row with a name twice is a problem until someone renames it
    assert "待复核（review 列非空）" in before.stdout and "事项名称不明确" in before.stdout


def test_the_reviewed_plan_passes_plan_check(reviewed):
    out = liulin("plan", "check", str(reviewed["plan"]))
    assert out.returncode == 0, out.stdout + out.stderr
    assert (
        f"{REGION}{YEAR}年目标任务跟踪" in out.stdout
        and "检查通过" in out.stdout
        and "待复核" not in out.stdout
    )
    rows = reviewed["rows"]
    assert {"other", "employment"} <= {r["domain"] for r in rows}  # domain 其他 is a plan's domain
    assert any(r["task"] == "" for r in rows) and any(r["task"] for r in rows)  # 主要预期目标: no task
    assert {r["milestone_type"] for r in rows if r["kind"] == "milestone"} <= {
        "start",
        "complete",
        "operate",
        "open",
    }


def test_progress_shows_the_county_actuals(reviewed):
    out = liulin(
        "progress", "--plan", str(reviewed["plan"]), "--as-of", f"{YEAR}-03",
        "--actuals", str(reviewed["actuals"]), "--csv",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    rows = {r["indicator_id"]: r for r in csv.DictReader(out.stdout.splitlines())}
    jobs, gdp = rows["new_jobs"], rows["gdp"]
    assert (float(jobs["actual"]), jobs["latest_period"], float(jobs["target"])) == (
        1450.0,
        f"{YEAR}-03",
        5700.0,
    )
    assert float(jobs["completion"]) == pytest.approx(1450 / 5700)
    assert (float(gdp["actual"]), gdp["unit"], jobs["is_sample"]) == (70.2, "亿元", "False")
    assert len(rows) == len(reviewed["rows"])
    as_of = ("--plan", str(reviewed["plan"]), "--as-of", f"{YEAR}-03", "--actuals", str(reviewed["actuals"]))
    table = liulin("progress", *as_of).stdout.splitlines()
    assert any(line.startswith("新增就业") and "1,450" in line and "进度正常" in line for line in table), (
        table
    )


@pytest.mark.slow
def test_the_briefing_names_the_region_and_its_year(reviewed):
    reports = reviewed["root"] / "reports"
    out = liulin(
        "brief", "monthly", "--plan", str(reviewed["plan"]), "--as-of", f"{YEAR}-03",
        "--actuals", str(reviewed["actuals"]), "--out", str(reports),
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    plan_name = load_plan(reviewed["plan"]).name
    folder = reports / f"{YEAR}-03" / f"monthly-{plan_name}"  # another plan than the params file's own
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert f"{REGION}{YEAR}年目标任务月度简报" in page and f"{YEAR}年3月" in page
    made = re.sub(r"<dt>生成时间</dt><dd>.*?</dd>", "", page)  # the clock's date, not a year of the plan
    where = [page[max(0, i - 80) : i + 20] for i in (page.find("柳林"), made.find("2026年")) if i >= 0]
    assert "柳林" not in page and "2026年" not in made and "示例数据" not in page, where
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["plan"]["region"] == REGION and manifest["plan"]["year"] == YEAR
    jobs = next(r for r in manifest["indicators"] if r["indicator_id"] == "new_jobs")
    assert jobs["actual"] == 1450.0
    assert not list(folder.glob("*.failed.ipynb"))
