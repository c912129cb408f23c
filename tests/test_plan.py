"""Plans: the shipped liulin-2026 plan.yaml, user plan folders, and the plan's year as the bound of as_of."""

from __future__ import annotations

import shutil

import pytest

from liulin_data.exceptions import PeriodError, PlanError
from liulin_data.plan import DEFAULT_PLAN, PLAN_FILE, list_plans, load_plan, read_plan


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
    assert "缺少 region" in message and "未知的键 colour" in message and "year 应为四位年份" in message
