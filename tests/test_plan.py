"""Plans: the shipped liulin-2026 plan.yaml, user plan folders, the plan's year as the bound of as_of, and the
`liulin plans`, `liulin plan export` and `liulin plan check` commands."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from liulin_data.core.exceptions import PeriodError, PlanError
from liulin_data.plan.folder import (
    DEFAULT_PLAN,
    PLAN_FILE,
    export_plan,
    list_plans,
    load_plan,
    read_plan,
)


def test_shipped_plan_yaml():
    plan = load_plan()
    assert plan.name == DEFAULT_PLAN == "liulin-2026"
    assert (plan.region, plan.year, plan.timezone) == ("柳林县", 2026, "Asia/Shanghai")
    assert plan.title == "柳林县2026年目标任务跟踪"
    assert plan.report_title == "2026年柳林县政府工作报告"
    assert plan.shipped and (plan.root / PLAN_FILE).is_file() and plan.has(plan.report)
    assert [p.name for p in plan.sample_paths()] == ["sample_actuals.csv", "sample_milestones.csv"]
    assert all(p.is_file() for p in plan.sample_paths())


def test_as_of_outside_the_year_names_the_year():
    plan = load_plan()
    assert str(plan.check_month("2026-10")) == "2026-10"
    with pytest.raises(PeriodError, match="2026-01 至 2026-12"):
        plan.check_month("2027-01")


def test_user_plan_folder_by_path_and_by_name(tmp_path, monkeypatch):
    copy = tmp_path / "plans" / "demo-2027"
    shutil.copytree(load_plan().root, copy)
    text = (copy / PLAN_FILE).read_text(encoding="utf-8")
    (copy / PLAN_FILE).write_text(text.replace("name: liulin-2026", "name: demo-2027"), encoding="utf-8")
    assert read_plan(copy).name == "demo-2027" and not read_plan(copy).shipped
    monkeypatch.chdir(tmp_path)  # ./plans is searched
    assert load_plan("demo-2027").root == copy.resolve()
    assert {p.name for p in list_plans()} >= {"demo-2027", "liulin-2026"}


def test_unknown_plan_lists_the_known_ones():
    with pytest.raises(PlanError, match="找不到计划“nowhere-1999”.*liulin-2026"):
        load_plan("nowhere-1999")


def test_plan_yaml_missing_keys_and_unknown_keys(tmp_path):
    (tmp_path / PLAN_FILE).write_text("name: x\nyear: 二〇二七\ncolour: red\n", encoding="utf-8")
    with pytest.raises(PlanError) as info:
        read_plan(tmp_path)
    message = str(info.value)
    assert (
        "region 缺少必填的键" in message and "colour 未知的键" in message and "year 应为四位年份" in message
    )


# ---------------------------------------------------------------- liulin plans / plan export / plan check
def liulin(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_liulin_plans_lists_shipped_and_user_plans(tmp_path):
    export_plan(DEFAULT_PLAN, tmp_path / "plans" / "demo-2027")
    text = (tmp_path / "plans" / "demo-2027" / PLAN_FILE).read_text(encoding="utf-8")
    (tmp_path / "plans" / "demo-2027" / PLAN_FILE).write_text(
        text.replace("name: liulin-2026", "name: demo-2027").replace("region: 柳林县", "region: 示范县"),
        encoding="utf-8",
    )
    out = liulin("plans", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    shipped = next(line for line in out.stdout.splitlines() if line.startswith("liulin-2026"))
    assert "柳林县" in shipped and "2026" in shipped and "柳林县2026年目标任务跟踪" in shipped
    assert "liulin_data/plans/liulin-2026" in shipped
    assert any(line.startswith("demo-2027") and "示范县" in line for line in out.stdout.splitlines())


def test_plan_export_copies_and_refuses_an_existing_folder(tmp_path):
    dest = tmp_path / "plans" / "next"
    out = liulin("plan", "export", "liulin-2026", str(dest))
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in dest.iterdir()) == sorted(p.name for p in load_plan().root.iterdir())
    assert (dest / "report.txt").read_bytes() == (load_plan().root / "report.txt").read_bytes()
    assert f"liulin plan check {dest}" in out.stdout
    (dest / "report.txt").write_text("已编辑", encoding="utf-8")
    again = liulin("plan", "export", "liulin-2026", str(dest))
    assert again.returncode == 2 and "已存在" in again.stderr
    assert (dest / "report.txt").read_text(encoding="utf-8") == "已编辑"  # nothing overwritten
    assert [p.name for p in dest.parent.iterdir()] == ["next"]  # no temporary folder left
    unknown = liulin("plan", "export", "nowhere-1999", str(tmp_path / "x"))
    assert unknown.returncode == 2 and "找不到计划“nowhere-1999”" in unknown.stderr


def test_plan_check_passes_the_shipped_plan():
    out = liulin("plan", "check", str(load_plan().root))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "检查通过" in out.stdout and "待复核" not in out.stdout


def test_plan_check_lists_every_problem_and_the_rows_to_review(tmp_path):
    folder = export_plan(DEFAULT_PLAN, tmp_path / "broken")
    yaml_text = (folder / PLAN_FILE).read_text(encoding="utf-8").replace("name: liulin-2026", "name: broken")
    (folder / PLAN_FILE).write_text(yaml_text, encoding="utf-8")
    report = (folder / "report.txt").read_text(encoding="utf-8")
    report = report.replace("保障农民工工资支付，", "保障农民工工资支付，新建公租房50套，")
    (folder / "report.txt").write_text(report, encoding="utf-8")
    lines = (folder / "targets.csv").read_text(encoding="utf-8").splitlines()
    lines[0] += ",review"
    lines[1] = lines[1].replace(",2026-12-31,", ",2027-12-31,") + ","
    lines[2] += ",产量口径待与统计局核对"
    lines[3:] = [line + "," for line in lines[3:]]
    (folder / "targets.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    out = liulin("plan", "check", str(folder))
    assert out.returncode == 1, out.stdout + out.stderr
    rows = out.stdout.splitlines()
    deadline = next(r for r in rows if r.startswith("targets.csv") and "deadline" in r)
    assert (
        " 2 " in deadline
        and "2027-12-31" in deadline
        and "2026年内" in deadline
        and "如 2026-12-31" in deadline
    )
    number = next(r for r in rows if r.startswith("report.txt"))
    line_no = report[: report.index("新建公租房50套")].count("\n") + 1
    assert f" {line_no} " in number and " 50 " in number and "exclusions.csv" in number
    assert "共 2 个问题" in out.stdout
    review = out.stdout.split("待复核", 1)[1]
    assert "grain_output" in review and "产量口径待与统计局核对" in review and "粮食产量" in review


def test_plan_check_of_a_folder_that_is_no_plan_exits_2(tmp_path):
    out = liulin("plan", "check", str(tmp_path / "nowhere"))
    assert out.returncode == 2 and "不存在" in out.stderr
    out = liulin("plan", "check", str(tmp_path))
    assert out.returncode == 2 and "plan.yaml" in out.stderr


# ---------------------------------------------------------------- the year is data, not code
PACKAGE = Path(__file__).resolve().parents[1] / "liulin_data"
# the one place the default plan is named (its name holds its year)
DEFAULT_PLAN_LINE = f'DEFAULT_PLAN = "{DEFAULT_PLAN}"'


def test_no_year_in_the_library_code():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"(?<!\d)2026(?!\d)", line) and not line.startswith(DEFAULT_PLAN_LINE):
                found.append(f"liulin_data/{rel}:{number}: {line.strip()}")
    assert found == [], "the plan's year belongs in plan.yaml, not in code:\n" + "\n".join(found)


def test_write_plan_file_writes_the_keys_in_order_and_refuses_unknown_ones(tmp_path):
    from liulin_data.plan.folder import write_plan_file

    data = {"year": 2027, "name": "demo-2027", "region": "示范县", "title": "示范县2027年目标任务跟踪",
            "report": "report.txt", "timezone": "Asia/Shanghai"}  # fmt: skip
    (tmp_path / "report.txt").write_text("示范县2027年政府工作报告\n", encoding="utf-8")
    path = write_plan_file(tmp_path, data)
    assert [line.split(":")[0] for line in path.read_text(encoding="utf-8").splitlines()] == [
        "name", "region", "year", "title", "report", "timezone",
    ]  # fmt: skip
    plan = read_plan(tmp_path)
    assert (plan.region, plan.year, plan.report_title) == ("示范县", 2027, "2027年示范县政府工作报告")
    write_plan_file(tmp_path, dict(data, region="另一县"))  # written again: read again, not the cached one
    assert read_plan(tmp_path).region == "另一县"
    with pytest.raises(PlanError, match="kind 未知的键"):
        write_plan_file(tmp_path, dict(data, kind="月度简报"))


def test_plan_csv_files_have_one_reader(tmp_path):
    from liulin_data.plan.folder import read_rows, read_table

    (tmp_path / "tasks.csv").write_text("\ufefftask_no,task,domain\n1,深入推进能源革命,\n", encoding="utf-8")
    assert read_rows(tmp_path, "tasks.csv") == [{"task_no": "1", "task": "深入推进能源革命", "domain": ""}]
    assert read_rows(tmp_path, "absent.csv") == []
    assert list(read_table(tmp_path, "tasks.csv").columns) == ["task_no", "task", "domain"]
    (tmp_path / "gbk.csv").write_bytes(
        "task_no,task\n1,深入推进能源革命\n".encode("gbk")
    )  # as the inputs read
    assert read_rows(tmp_path, "gbk.csv") == [{"task_no": "1", "task": "深入推进能源革命"}]
    (tmp_path / "bad.csv").write_text("task_no,task\n1,深入推进能源革命,多出的一格\n", encoding="utf-8")
    with pytest.raises(PlanError, match="bad.csv 第2行: 此行有3列，表头有2列"):
        read_rows(tmp_path, "bad.csv")
    with pytest.raises(PlanError, match="缺少 results.csv"):
        read_table(tmp_path, "results.csv")


def test_an_edited_plan_is_read_again_in_the_same_process(tmp_path):
    from liulin_data import load_targets

    copy = tmp_path / "demo"
    shutil.copytree(load_plan().root, copy)
    before = load_targets(plan=copy)
    path = copy / "targets.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",3600,", ",3700,", 1), encoding="utf-8")
    after = load_targets(plan=copy)
    coal = "raw_coal_output"
    assert before.set_index("indicator_id").at[coal, "target"] == 3600
    assert after.set_index("indicator_id").at[coal, "target"] == 3700  # a notebook kernel sees the edit


def test_plan_yaml_key_written_twice_is_an_error(tmp_path):
    text = (
        "name: a\nregion: 某县\nyear: 2027\ntitle: 某县2027年目标任务跟踪\nreport: report.txt\nyear: 2028\n"
    )
    (tmp_path / PLAN_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(PlanError, match="year 写了两次（第3行和第6行）"):
        read_plan(tmp_path)
