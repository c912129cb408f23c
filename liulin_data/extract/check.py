"""The catalog's rules applied to a plan folder's targets.csv (its own report, tasks and year).

:func:`plan_problems` is what a reviewed plan must pass before tracking starts: the same rules as the shipped
catalog (:mod:`liulin_data.catalog`) — snake_case unique ids, known domain/kind/comparator/basis/profile,
kind, comparator, target and unit in agreement, units known to :mod:`liulin_data.units`, deadlines inside the
plan's year, every ``source_quote`` verbatim in ``report.txt`` — plus the plan's own: a task named in
tasks.csv (or empty), a section that is a heading of the report (or empty), a milestone_type for milestones,
and no ``review`` left (a person has looked at the row).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .. import catalog, units
from ..exceptions import ExtractError, Problem
from .propose import read_plan_csv

MILESTONE_TYPES = ("start", "complete", "open", "operate", "accept")
PLAN_DOMAINS = (*catalog.DOMAINS, "other")
FILE = "targets.csv"


def read_plan_meta(plan_dir) -> dict:
    """plan.yaml of a plan folder (name, region, year, title, report …), or ExtractError naming the file."""
    path = Path(plan_dir) / "plan.yaml"
    if not path.is_file():
        raise ExtractError(f"找不到 {path}：这不是一个计划文件夹（请先运行 liulin plan new）")
    meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(meta, dict) or "year" not in meta:
        raise ExtractError(f"{path} 缺少 year（年份）")
    return meta


def _row_problems(
    row: dict, line: int, text: str, tasks: set[str], year: int, reviewed: bool
) -> list[Problem]:
    problems: list[Problem] = []

    def bad(column: str, message: str, hint: str = "") -> None:
        problems.append(Problem(FILE, line, column, row.get(column, ""), message, hint))

    kind, unit = row["kind"], row["unit"]
    if not catalog._SNAKE.match(row["indicator_id"]):
        bad("indicator_id", "编号须为英文 snake_case", "如 grain_output 或 t001")
    if row["domain"] not in PLAN_DOMAINS:
        bad("domain", "未知领域", f"可选：{', '.join(PLAN_DOMAINS)}")
    if row["task"] and row["task"] not in tasks:
        bad("task", "不是 tasks.csv 中的任务", "照 tasks.csv 填写，或留空")
    if row["section"] and row["section"] not in text:
        bad("section", "报告中没有这个标题", "照报告原文填写，或留空")
    if not row["indicator"].strip():
        bad("indicator", "指标名称为空")
    if kind not in catalog.KINDS:
        bad("kind", "未知类型", f"可选：{', '.join(catalog.KINDS)}")
    if row["comparator"] not in catalog.COMPARATORS:
        bad("comparator", "未知比较符", f"可选：{', '.join(catalog.COMPARATORS)}")
    if row["basis"] not in catalog.BASES:
        bad("basis", "未知口径", f"可选：{', '.join(catalog.BASES)}")
    if row["profile"] not in catalog._profiles():
        bad("profile", "未知进度曲线", f"可选：{', '.join(catalog._profiles())}")
    if not catalog._ISO_DATE.match(row["deadline"]) or not row["deadline"].startswith(f"{year}-"):
        bad("deadline", f"截止日期须为{year}年内的 ISO 日期", f"如 {year}-12-31")
    if not row["source_quote"] or row["source_quote"] not in text:
        bad("source_quote", "不是报告原文的片段", "从 report.txt 原样复制")
    if reviewed and row.get("review", "").strip():
        bad("review", "该行尚待审核", "核对后清空“review”一列")
    if kind == "milestone":
        if row["comparator"] != "==" or row["target"] or unit or row["basis"] != "milestone":
            bad("kind", "里程碑须 comparator '=='、无目标值和单位、basis 为 milestone")
        if row["profile"] != "none" or row["milestone_type"] not in MILESTONE_TYPES:
            bad(
                "milestone_type", "里程碑须有节点类型，profile 为 none", f"可选：{', '.join(MILESTONE_TYPES)}"
            )
        return problems
    _value_problems(row, bad)
    return problems


def _value_problems(row: dict, bad) -> None:
    """Target, unit, kind and comparator of a numeric row must agree (reported through ``bad``)."""
    kind, unit = row["kind"], row["unit"]
    target, high = catalog._number(row["target"]), catalog._number(row["target_high"])
    if target is None:
        bad("target", "缺少目标值或不是数字", "填写数字，或删除该行")
    if not units.is_known(unit):
        bad("unit", "未知单位", "见 liulin_data.units.KNOWN_UNITS")
    if row["milestone_type"]:
        bad("milestone_type", "只有里程碑填写节点类型")
    if row["basis"] == "milestone":
        bad("basis", "只有里程碑的口径是 milestone")
    if kind == "range" and (
        row["comparator"] != "between" or high is None or target is None or high <= target
    ):
        bad("target_high", "区间目标须 comparator 'between' 且上限大于下限")
    if kind != "range" and (row["comparator"] == "between" or row["target_high"]):
        bad("comparator", "只有 range 类型可以用 'between' 和 target_high")
    if kind in ("ratio", "growth") and unit != "%":
        bad("unit", "比率和增速的单位须为 %")


def plan_problems(plan_dir, reviewed: bool = True) -> list[Problem]:
    """Every problem of a plan folder's targets.csv under the catalog rules (empty list: the plan is usable).

    ``reviewed=False`` skips the check that no ``review`` cell is left (for a fresh proposal).
    """
    plan_dir = Path(plan_dir)
    meta = read_plan_meta(plan_dir)
    text = (plan_dir / meta.get("report", "report.txt")).read_text(encoding="utf-8")
    df = read_plan_csv(plan_dir, FILE)
    missing = [c for c in catalog.COLUMNS if c not in df.columns]
    if missing:
        return [Problem(FILE, 1, None, ",".join(df.columns), f"缺少列：{', '.join(missing)}")]
    for column in ("milestone_type", "review"):
        if column not in df.columns:
            df[column] = ""
    tasks = set(read_plan_csv(plan_dir, "tasks.csv")["task"]) if (plan_dir / "tasks.csv").is_file() else set()
    problems: list[Problem] = []
    for line, row in enumerate(df.to_dict("records"), start=2):
        problems += _row_problems(row, line, text, tasks, int(meta["year"]), reviewed)
    for iid, count in df["indicator_id"].value_counts().items():
        if count > 1:
            problems.append(Problem(FILE, None, "indicator_id", iid, "编号重复", "每行一个唯一编号"))
    return problems
