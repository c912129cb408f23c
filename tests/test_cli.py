"""The `liulin` console script, run as a user would (a subprocess), on the shipped data and real files.

Hostile paths, files and parameters for every command: test_cli_errors.py.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.hostile import DATA, FORMULA_NAME, formula_plan, liulin


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
    assert (
        "实际值：读取 3 行：通过 1 行，有问题 2 行。\n请按“建议”一列修改后重新运行 liulin check。"
        in out.stdout
    )


def test_check_good_file_exits_0():
    out = liulin("check", str(DATA / "long_gbk.csv"))
    assert out.returncode == 0, out.stdout
    assert out.stdout == "检查通过：1 个文件，全部可用。\n实际值：读取 10 行：通过 10 行。\n"


def test_check_counts_milestone_logs():
    good = liulin("check", str(DATA / "milestones.csv"))
    assert (good.returncode, good.stdout) == (
        0,
        "检查通过：1 个文件，全部可用。\n里程碑记录：读取 5 行：通过 5 行。\n",
    )
    bad = liulin("check", str(DATA / "milestones_bad.csv"))
    assert bad.returncode == 1
    assert "里程碑记录：读取 3 行：通过 1 行，有问题 2 行。" in bad.stdout and "?" not in bad.stdout
    both = liulin("check", str(DATA / "long_utf8.csv"), str(DATA / "milestones_bad.csv"))
    assert (
        "\n实际值：读取 10 行：通过 10 行。\n里程碑记录：读取 3 行：通过 1 行，有问题 2 行。\n" in both.stdout
    )


def test_check_counts_template_rows_without_progress(tmp_path):
    assert liulin("template", "--out", str(tmp_path / "模板.xlsx")).returncode == 0
    out = liulin("check", str(tmp_path / "模板.xlsx"))
    assert out.returncode == 0, out.stdout
    assert "里程碑记录：读取 0 行（另有 18 行只写了里程碑名称、尚无进展，未计入）。" in out.stdout


def test_check_counts_ignored_bureau_lines():
    out = liulin("check", str(DATA / "bureau_full_2026年1-3月.xlsx"))
    assert out.returncode == 0, out.stdout
    assert "实际值：读取 8 行：通过 3 行，忽略 5 行（标题、注释或目标目录不跟踪的指标）。" in out.stdout


def test_check_shows_the_revisions_and_counts_rows_superseded():
    out = liulin("check", str(DATA / "release_april.csv"), str(DATA / "release_may_revised.csv"))
    assert out.returncode == 0, out.stdout
    lines = out.stdout.splitlines()
    assert lines[1] == (
        "实际值：读取 5 行：通过 5 行（其中 1 行与其他行的数值完全相同，已合并；"
        "1 行的数值已被后发布的数据修订、采用新值，见下方修订表）。"
    )
    assert lines[3] == "同一指标、时期和口径的数值被后发布的数据修订（已采用新值）："
    assert lines[4].split() == ["指标", "时期", "口径", "原值", "原值所在", "新值", "新值所在", "依据"]
    assert lines[6].split() == [
        "原煤产量", "2026-03", "累计", "872.6", "release_april.csv", "第2行",
        "870.1", "release_may_revised.csv", "第2行", "发布日期较晚",
    ]  # fmt: skip
    assert lines[7] == "共 1 处修订（已采用新值）"
    by_period = liulin("check", str(DATA / "快报_2026年1—3月.csv"), str(DATA / "快报_2026年1—4月.csv"))
    assert "报表时期较晚" in by_period.stdout and "1 行的数值已被后发布的数据修订" in by_period.stdout


def test_check_revisions_shown_with_problems_too():
    out = liulin(
        "check",
        str(DATA / "release_april.csv"),
        str(DATA / "release_may_revised.csv"),
        str(DATA / "bad_unit.csv"),
    )
    assert out.returncode == 1
    assert "发布日期较晚" in out.stdout and "bad_unit.csv" in out.stdout


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


def test_template_default_name_in_the_working_folder_and_never_over_a_filled_file(tmp_path):
    out = liulin("template", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    path = tmp_path / "柳林县2026年指标填报模板.xlsx"
    assert out.stdout == f"已生成填报模板：{path.name}（柳林县2026年目标任务跟踪：2026-01 至 2026-12）\n"
    path.write_bytes(b"filled in by an analyst")
    again = liulin("template", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr == (
        f"错误：{path.name} 已存在，没有覆盖（其中可能有已填写的内容）：要替换它请加 --force"
        "（Python 中 overwrite=True），要保留它请换一个文件名\n"
    )
    assert path.read_bytes() == b"filled in by an analyst"
    forced = liulin("template", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert openpyxl.load_workbook(path).sheetnames == ["填报", "里程碑", "说明", "选项"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temp file left


def test_template_force_still_keeps_a_read_only_file(tmp_path):
    path = tmp_path / "已上报.xlsx"
    path.write_bytes(b"sent to the bureau")
    path.chmod(0o444)
    out = liulin("template", "--out", str(path), "--force")
    assert out.returncode == 2
    assert out.stderr == f"错误：{path} 是只读文件，没有替换：如确要替换，请先取消它的只读属性\n"
    assert path.read_bytes() == b"sent to the bureau"


@pytest.fixture(scope="module")
def hostile_plan(tmp_path_factory):
    """The shipped plan with a catalog name that is a formula (liulin plan check passes it)."""
    return formula_plan(tmp_path_factory.mktemp("plans") / "formula-2026")


def test_progress_csv_writes_a_formula_name_as_text_and_keeps_numbers(hostile_plan):
    out = liulin(
        "progress",
        "--plan",
        str(hostile_plan),
        "--as-of",
        "2026-10",
        "--csv",
        "--actuals",
        str(DATA / "long_utf8.csv"),
    )
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    grain = next(r for r in rows if r["indicator_id"] == "grain_sown_area")
    assert grain["indicator"] == "'" + FORMULA_NAME
    assert not [c for r in rows for c in r.values() if c.startswith(("=", "+", "@"))]
    gaps = [r["pace_gap"] for r in rows if r["pace_gap"].startswith("-")]
    assert gaps and all(float(g) < 0 for g in gaps)  # negative numbers stay numbers, without a '


def test_targets_csv_writes_a_formula_name_as_text(hostile_plan):
    out = liulin("targets", "--plan", str(hostile_plan), "--csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows[0]["indicator"] == "'" + FORMULA_NAME


def test_template_writes_a_formula_name_as_text(hostile_plan, tmp_path):
    out = liulin("template", "--plan", str(hostile_plan), "--out", str(tmp_path / "模板.xlsx"))
    assert out.returncode == 0, out.stderr
    wb = openpyxl.load_workbook(tmp_path / "模板.xlsx")
    cell, option = wb["填报"]["A2"], wb["选项"]["A1"]
    assert (cell.value, cell.data_type) == ("'" + FORMULA_NAME, "s")
    assert (option.value, option.data_type) == ("'" + FORMULA_NAME, "s")


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


def test_brief_due_with_months_is_a_usage_error(tmp_path):
    out = liulin("brief", "--due", "--months", "2026-01:2026-03", "--out", str(tmp_path / "reports"))
    assert out.returncode == 2
    assert "--due 自动选择月份，不能与 --as-of 或 --months 同时使用" in out.stderr
    assert not (tmp_path / "reports").exists()


def _revised_release(folder):
    """Two 快报 of the statistics bureau: 1—6月 below 1—5月 (an official 核减), a warning and no error."""
    header = "指标,时期,数值,单位,口径\n"
    may = folder / "快报_2026年1—5月.csv"
    june = folder / "快报_2026年1—6月.csv"
    may.write_text(header + "原煤产量,2026年1-5月,1500,万吨,累计\n", encoding="utf-8")
    june.write_text(header + "原煤产量,2026年1-6月,1450,万吨,累计\n", encoding="utf-8")
    return [str(may), str(june)]


def test_progress_shows_the_warnings_of_its_files(tmp_path):
    out = liulin(
        "progress", "--as-of", "2026-06", "--actuals", *_revised_release(tmp_path), "--domain", "energy"
    )
    assert out.returncode == 0, out.stderr
    assert "原煤产量" in out.stdout
    assert "警告（不影响使用，但请核对）" in out.stdout and "共 1 个警告" in out.stdout
    assert "累计值比上期小：2026年1—6月（本行）为 1450" in out.stdout


def test_progress_csv_keeps_its_warnings_off_the_table(tmp_path):
    out = liulin("progress", "--as-of", "2026-06", "--actuals", *_revised_release(tmp_path), "--csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout.lstrip("\ufeff"))))
    assert "raw_coal_output" in {r["indicator_id"] for r in rows} and "警告" not in out.stdout
    assert "累计值比上期小" in out.stderr
