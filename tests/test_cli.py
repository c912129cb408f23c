"""The `liulin` console script, run as a user would (a subprocess), on the shipped data and real files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def liulin(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liulin_data.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_targets_energy_lists_the_energy_targets():
    out = liulin("targets", "--domain", "energy")
    assert out.returncode == 0, out.stderr
    assert "原煤产量" in out.stdout and ">= 3600" in out.stdout and "万吨" in out.stdout
    assert "郭家沟矿井开工建设" in out.stdout
    assert "粮食播种面积" not in out.stdout


def test_targets_unknown_domain_is_a_usage_error():
    out = liulin("targets", "--domain", "enrgy")
    assert out.returncode == 2
    assert "未知领域 'enrgy'" in out.stderr and "energy" in out.stderr


def test_check_reports_every_problem_and_exits_1():
    out = liulin("check", str(DATA / "bad_unknown_indicator.csv"), str(DATA / "bad_decreasing_ytd.csv"))
    assert out.returncode == 1
    assert "您是否指“原煤产量”" in out.stdout
    assert "累计值比上期小" in out.stdout
    assert "读取 3 行：通过 1 行，有问题 2 行" in out.stdout


def test_check_good_file_exits_0():
    out = liulin("check", str(DATA / "long_gbk.csv"))
    assert out.returncode == 0, out.stdout
    assert out.stdout.startswith("检查通过：1 个文件，读取 10 行：通过 10 行")


def test_progress_on_files_with_a_milestone_log():
    out = liulin(
        "progress",
        "--as-of",
        "2026-03",
        "--actuals",
        str(DATA / "long_utf8.csv"),
        str(DATA / "milestones.csv"),
    )
    assert out.returncode == 0, out.stderr
    assert "原煤产量" in out.stdout and "截至2026年3月" in out.stdout
    assert "示例数据" not in out.stdout  # real files, not the sample


def test_progress_default_is_the_labelled_sample():
    out = liulin("progress", "--as-of", "2026-10", "--domain", "energy")
    assert out.returncode == 0, out.stderr
    assert "示例数据（合成，非真实统计）" in out.stdout


def test_progress_bad_file_exits_2_with_the_problem():
    out = liulin("progress", "--as-of", "2026-06", "--actuals", str(DATA / "bad_unit.csv"))
    assert out.returncode == 2
    assert "bad_unit.csv 第2行" in out.stderr and "万吨" in out.stderr


@pytest.mark.parametrize("as_of", ["2026-13", "last month"])
def test_progress_bad_month_is_an_error(as_of):
    out = liulin("progress", "--as-of", as_of)
    assert out.returncode == 2
    assert "as_of" in out.stderr or "月份" in out.stderr


def test_template_writes_an_xlsx(tmp_path):
    out = liulin("template", "--out", str(tmp_path / "模板.xlsx"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "模板.xlsx").stat().st_size > 5000


def test_progress_with_a_target_override_file(tmp_path):
    overrides = tmp_path / "补充目标.csv"
    overrides.write_text(
        "indicator,target,unit,source\n精煤产量,1800,万吨,县统计局年度计划（示例）\n", encoding="utf-8"
    )
    out = liulin("progress", "--as-of", "2026-10", "--domain", "energy", "--csv", "--targets", str(overrides))
    assert out.returncode == 0, out.stderr
    row = next(line for line in out.stdout.splitlines() if line.startswith("clean_coal_output,"))
    assert ",1800.0," in row and ",no_target," not in row
    plain = liulin("progress", "--as-of", "2026-10", "--domain", "energy", "--csv")
    assert ",no_target," in next(
        line for line in plain.stdout.splitlines() if line.startswith("clean_coal_output,")
    )


def test_progress_with_a_bad_override_file_names_the_problem(tmp_path):
    overrides = tmp_path / "bad.csv"
    overrides.write_text("indicator,target,unit,source\n精煤产量,很多,万吨,计划\n", encoding="utf-8")
    out = liulin("progress", "--as-of", "2026-10", "--targets", str(overrides))
    assert out.returncode == 2
    assert "bad.csv 第2行" in out.stderr and "很多" in out.stderr
