"""Another county, another year: the shipped plan exported and turned into 某某县's 2027 plan through the
command line, then checked, assessed, templated and briefed as a user would (subprocesses)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

REGION, YEAR = "某某县", 2027
NAME = "mouxian-2027"
# the files of the copy whose text names the place and the year
TEXT_FILES = ("report.txt", "targets.csv", "context_indicators.csv", "tasks.csv", "exclusions.csv")
# Liulin's own: its sample (synthetic 2026 actuals) and its published figures
DROPPED = ("sample_actuals.csv", "sample_milestones.csv", "history.csv")
PLAN_YAML = f"""# {REGION}{YEAR}年政府工作报告的目标任务
name: {NAME}
region: {REGION}
year: {YEAR}
title: {REGION}{YEAR}年目标任务跟踪
report: report.txt
report_title: {YEAR}年{REGION}政府工作报告
timezone: Asia/Shanghai
release_lag_days: 25
"""
# actuals as an analyst of the county sends them: a long table, January–February released together
ACTUALS = [
    ("指标", "时期", "数值", "单位", "口径", "同比增长(%)", "来源", "备注"),
    ("原煤产量", f"{YEAR}年1—2月", "560", "万吨", "累计", "3.1", "县统计局", ""),
    ("原煤产量", f"{YEAR}年1—3月", "880", "万吨", "累计", "2.4", "县统计局", ""),
    ("产气量", f"{YEAR}年1—3月", "0.62", "亿立方米", "累计", "", "县统计局", ""),
    ("新增城镇就业", f"{YEAR}-03", "950", "人", "累计", "", "县人社局", ""),
]


def liulin(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> dict[str, Path]:
    """The exported, edited plan and a file of its actuals."""
    root = tmp_path_factory.mktemp("county")
    folder = root / "plans" / NAME
    out = liulin("plan", "export", "liulin-2026", str(folder))
    assert out.returncode == 0, out.stderr
    (folder / "plan.yaml").write_text(PLAN_YAML, encoding="utf-8")
    for name in DROPPED:
        (folder / name).unlink()
    for name in TEXT_FILES:
        text = (folder / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.replace("柳林", "某某").replace("2026", str(YEAR)), encoding="utf-8")
    actuals = root / "县统计月报.csv"
    with actuals.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(ACTUALS)
    return {"root": root, "plan": folder, "actuals": actuals}


def test_the_copy_passes_plan_check(county):
    out = liulin("plan", "check", str(county["plan"]))
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"{REGION}{YEAR}年目标任务跟踪" in out.stdout and "检查通过" in out.stdout


def test_the_copy_is_listed_and_found_by_name(county):
    out = liulin("plans", cwd=county["root"])  # ./plans of the working directory
    assert any(line.startswith(NAME) and REGION in line for line in out.stdout.splitlines()), out.stdout
    targets = liulin("targets", "--plan", NAME, "--domain", "energy", cwd=county["root"])
    assert targets.returncode == 0, targets.stderr
    assert f"{YEAR}-12-31" in targets.stdout and "2026-" not in targets.stdout


def test_progress_gives_the_actual_of_the_county(county):
    out = liulin(
        "progress", "--plan", str(county["plan"]), "--as-of", f"{YEAR}-03",
        "--actuals", str(county["actuals"]), "--csv",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    rows = {r["indicator_id"]: r for r in csv.DictReader(out.stdout.splitlines())}
    coal = rows["raw_coal_output"]
    assert (float(coal["actual"]), coal["latest_period"], coal["as_of"]) == (
        880.0,
        f"{YEAR}-03",
        f"{YEAR}-03",
    )
    assert float(coal["expected"]) == pytest.approx(3 / 12) and coal["is_sample"] == "False"
    assert float(rows["new_urban_jobs"]["actual"]) == 950.0
    assert rows["grain_output"]["status"] == "not_due"  # harvest: nothing due in March


def test_check_and_template_use_the_plan_year(county, tmp_path):
    out = liulin("check", "--plan", str(county["plan"]), str(county["actuals"]))
    assert out.returncode == 0, out.stdout + out.stderr
    wrong_year = liulin("check", str(county["actuals"]))  # the default plan's year is another
    assert wrong_year.returncode == 1 and f"{YEAR}" in wrong_year.stdout
    out = liulin("template", "--plan", str(county["plan"]), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    path = tmp_path / f"{REGION}{YEAR}年指标填报模板.xlsx"
    ws = openpyxl.load_workbook(path)["填报"]
    months = {ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert months == {f"{YEAR}-{m:02d}" for m in range(1, 13)}


def test_an_as_of_outside_the_plan_year_is_refused(county):
    out = liulin("progress", "--plan", str(county["plan"]), "--as-of", "2026-10")
    assert out.returncode == 2
    assert f"{YEAR}-01 至 {YEAR}-12" in out.stderr and "2026-10" in out.stderr
    out = liulin(
        "brief", "monthly", "--plan", str(county["plan"]), "--as-of", "2026-10",
        "--actuals", str(county["actuals"]), "--out", str(county["root"] / "never"),
    )  # fmt: skip
    assert out.returncode == 2 and f"{YEAR}-01 至 {YEAR}-12" in out.stderr
    assert not (county["root"] / "never").exists()


@pytest.mark.slow
def test_the_briefing_names_the_county_and_its_year(county):
    reports = county["root"] / "reports"
    out = liulin(
        "brief", "monthly", "--plan", str(county["plan"]), "--as-of", f"{YEAR}-03",
        "--actuals", str(county["actuals"]), "--out", str(reports),
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    folder = reports / f"{YEAR}-03" / f"monthly-{NAME}"  # another plan than the params file's own
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert f"{REGION}{YEAR}年目标任务月度简报" in page and f"{YEAR}年3月" in page
    made = re.sub(r"<dt>生成时间</dt><dd>.*?</dd>", "", page)  # the clock's date, not a year of the plan
    assert "柳林" not in page and "2026年" not in made
    assert "示例数据" not in page  # the county's own data, no sample
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["plan"] == {
        "name": NAME,
        "region": REGION,
        "year": YEAR,
        "title": f"{REGION}{YEAR}年目标任务跟踪",
        "pending_reviews": 0,
    }
    coal = next(r for r in manifest["indicators"] if r["indicator_id"] == "raw_coal_output")
    assert coal["actual"] == 880.0
    archive = (reports / "index.html").read_text(encoding="utf-8")
    assert f"{REGION}{YEAR}年目标任务简报归档" in archive and "柳林" not in archive
