"""``liulin plan check DIR``: every rule a plan folder must meet, every problem listed at once.

The checks the shipped plan passes, run on any plan: plan.yaml is complete; the report text is there; every
catalog row is sound (quotes and headings verbatim in the report, ids unique, units known, deadlines inside the
plan's year, codes known — :func:`liulin_data.plan.catalog.catalog_problems`); the pace profiles are sound; **every
number of the report text is used by a catalog row or listed, with a reason, in exclusions.csv**, and every
exclusion explains a number that is really there; the published history and the sample (when the plan ships one)
load. Rows whose optional ``review`` column is filled are listed as 待复核 (they are not problems).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..core.exceptions import LiulinError, PlanError, Problem
from ..core.tables import format_table
from ..plan.catalog import catalog_problems
from ..plan.folder import (
    CATALOG_FILES,
    PLAN_FILE,
    Plan,
    ReviewRow,
    plan_file_problems,
    read_plan,
    read_report,
    read_rows,
    review_rows,
    shipped_plans_dir,
)
from ..plan.history import HISTORY_FILE, load_history
from ..session import load_plan_inputs
from .extract.naming import name_problem

EXCLUSIONS_FILE = "exclusions.csv"
EXCLUSION_COLUMNS = ("number", "context", "reason")
# a number of the report: integers, decimals (329.9) and ranges (3-5)
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?")
SNIPPET_BEFORE, SNIPPET_AFTER = 12, 8  # characters of context shown around a number
SAFE_PLAN_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# headers of the problem table (the same as `liulin check`)
TABLE_HEADER = ("文件", "行", "列", "值", "问题", "建议")
TABLE_LIMITS = (24, 6, 16, 16, 60, 80)


@dataclass(frozen=True)
class LooseNumber:
    """A number of the report text that no catalog row uses and no exclusion explains."""

    number: str  # as written, e.g. '50' or '3-5'
    start: int  # offset in the text
    snippet: str  # the text around it

    def __str__(self) -> str:
        return f"{self.number} @ …{self.snippet}…"


# a catalog row whose optional ``review`` column is filled: someone must check it (待复核); plan/folder.py owns it
Review = ReviewRow


@dataclass
class PlanReport:
    """What ``liulin plan check`` found: problems (exit 1 when any) and rows waiting for review (待复核)."""

    folder: Path
    plan: Plan | None
    problems: list[Problem] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)

    @property
    def pending(self) -> int:
        """How many rows wait for a person (待复核): the rows whose ``review`` is filled."""
        return len({(r.file, r.line) for r in self.reviews})


def review_banner(report: PlanReport) -> str:
    """The words a page or a terminal shows above anything made from a plan not yet reviewed:
    “计划未复核：16 行待复核”; '' when no row waits (the words are the plan's: ``Plan.review_banner``)."""
    return report.plan.review_banner if report.plan is not None else ""


# ----------------------------------------------------------------------------------- numbers of the report
def covers(text: str, quote: str, start: int, end: int) -> bool:
    """True when an occurrence of ``quote`` in ``text`` holds the characters ``start:end``; the search looks only
    where such an occurrence can begin, so checking every number of a report stays linear in its size."""
    if not quote or end - start > len(quote):
        return False
    return text.find(quote, max(0, end - len(quote)), start + len(quote)) != -1


def _value_keys(row: Mapping) -> list:
    """The numbers a catalog row uses: its target and target_high (a decline 下降3% → growth −3 uses the 3 the
    report writes) and, for a range, the pair."""
    values = []
    for x in (row.get("target"), row.get("target_high")):
        try:
            if str(x or "") not in ("", "nan"):
                values.append(float(x))
        except ValueError:
            continue
    keys: list = [abs(v) for v in values]
    if len(values) == 2:
        keys.append(tuple(values))
    return keys


def _token_key(token: str):
    """The key a number of the text is looked up by: 3600 → 3600.0, 3-5 → (3.0, 5.0)."""
    if "-" in token:
        lo, hi = (float(x) for x in token.split("-"))
        return (lo, hi)
    return float(token)


def uncovered_numbers(text: str, rows: Iterable[Mapping], exclusions: Iterable[Mapping]) -> list[LooseNumber]:
    """Numbers of ``text`` that neither a catalog row (same value, inside its quote) nor an exclusion explains.

    ``rows`` are catalog rows (``source_quote, kind, target, target_high``); ``exclusions`` the rows of
    exclusions.csv (``number, context``: the number as written, inside a verbatim piece of the text). Each number
    is checked against the rows of its own value only (:func:`covers`): linear in the size of the text.
    """
    quotes_by_value: dict = defaultdict(list)
    for r in rows:
        if r["kind"] != "milestone":
            for key in _value_keys(r):
                quotes_by_value[key].append(str(r["source_quote"]))
    contexts_by_token: dict[str, list[str]] = defaultdict(list)
    for e in exclusions:
        contexts_by_token[str(e["number"])].append(str(e["context"]))
    missing = []
    for m in NUMBER.finditer(text):
        token, start, end = m.group(), m.start(), m.end()
        quotes = quotes_by_value.get(_token_key(token), ())
        used = any(covers(text, q, start, end) for q in quotes)
        excluded = any(covers(text, c, start, end) for c in contexts_by_token.get(token, ()))
        if not (used or excluded):
            snippet = text[max(0, start - SNIPPET_BEFORE) : end + SNIPPET_AFTER]
            missing.append(LooseNumber(token, start, snippet))
    return missing


def idle_exclusions(text: str, exclusions: Iterable[Mapping]) -> list[int]:
    """Positions (0-based) of exclusions whose context is not in the text or holds no such number."""
    positions: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in NUMBER.finditer(text):
        positions[m.group()].append((m.start(), m.end()))
    return [
        i
        for i, e in enumerate(exclusions)
        if not any(covers(text, str(e["context"]), a, b) for a, b in positions.get(str(e["number"]), ()))
    ]


# ----------------------------------------------------------------------------------- the checks
def _csv_rows(path: Path) -> list[dict[str, str]]:
    return read_rows(path.parent, path.name)


def _line_of(text: str, offset: int) -> tuple[int, int]:
    """(line, character) of an offset of a text file, both from 1."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _number_problems(plan: Plan, text: str) -> list[Problem]:
    rows = _csv_rows(plan.path("targets.csv")) + _csv_rows(plan.path("context_indicators.csv"))
    exclusions = _csv_rows(plan.path(EXCLUSIONS_FILE))
    problems = []
    for loose in uncovered_numbers(text, rows, exclusions):
        line, char = _line_of(text, loose.start)
        message = f"报告中的数字没有被任何目标行使用，也未列入 {EXCLUSIONS_FILE}（…{loose.snippet}…）"
        hint = f"在 targets.csv 中添加使用它的行，或在 {EXCLUSIONS_FILE} 中写明数字、所在原文和原因"
        problems.append(Problem(plan.report, line, f"第{char}字", loose.number, message, hint))
    for i in idle_exclusions(text, exclusions):
        e = exclusions[i]
        hint = "context 须是报告原文的片段并包含该数字；数字已不在报告中时删除该行"
        problems.append(
            Problem(EXCLUSIONS_FILE, i + 2, "context", e["context"], "报告中找不到这个数字", hint)
        )
    for i, e in enumerate(exclusions):
        if not e.get("reason", "").strip():
            problems.append(Problem(EXCLUSIONS_FILE, i + 2, "reason", "", "缺少排除原因", "写明为何不是目标"))
    return problems


def _plan_yaml_problems(plan: Plan) -> list[Problem]:
    problems = []
    if not SAFE_PLAN_NAME.match(plan.name):
        hint = "只用小写字母、数字、- 和 _，如 mouxian-2027"
        problems.append(Problem(PLAN_FILE, None, "name", plan.name, "计划名不能用作文件夹名", hint))
    shipped = shipped_plans_dir() / plan.name
    if (shipped / PLAN_FILE).is_file() and shipped.resolve() != plan.root:
        hint = "导出后请在 plan.yaml 中改名（如 mouxian-2027），以免与随包计划混淆"
        problems.append(Problem(PLAN_FILE, None, "name", plan.name, "计划名与随包附带的计划相同", hint))
    return problems


def _loads(plan: Plan, *, sample: bool) -> list[Problem]:
    """The published history and (with ``sample``) the plan's sample load: one problem per file that does not."""

    problems = []
    try:
        load_history(plan=plan)
    except (LiulinError, ValueError, KeyError) as exc:
        message = f"无法读取已公布数据：{' '.join(str(exc).split())[:120]}"
        problems.append(Problem(HISTORY_FILE, None, None, None, message, "按 docs/architecture.md 的列填写"))
    missing = [p for p in plan.sample_paths() if not p.is_file()]
    for path in missing:
        problems.append(
            Problem(PLAN_FILE, None, "sample", path.name, "示例数据文件不存在", "删除 sample 项或补上文件")
        )
    if sample and plan.sample_paths() and not missing:
        try:
            load_plan_inputs(plan)
        except LiulinError as exc:
            found = getattr(exc, "problems", [])
            first = f"（首个：{found[0]}）" if found else ""
            message = f"示例数据不能用于本计划：{len(found)} 个问题{first}"
            hint = "真实计划删除 plan.yaml 中的 sample 项和示例文件；或用 scripts/make_sample.py 重新生成"
            problems.append(Problem(PLAN_FILE, None, "sample", plan.sample.get("actuals"), message, hint))
    return problems


def _name_problems(plan: Plan) -> list[Problem]:
    """Rows whose name does not name what they count (a verb, a unit, 投资 or 煤矿 alone, a place, half a
    sentence: :func:`liulin_data.apps.extract.naming.name_problem`): a problem until someone writes the name, so that
    no fragment reaches a reader unflagged."""

    problems = []
    for name in ("targets.csv", "context_indicators.csv"):
        for line, row in enumerate(_csv_rows(plan.path(name)), start=2):
            why = name_problem(row.get("indicator", ""))
            if why and row.get("indicator", "").strip():
                what = "事项" if row.get("kind") == "milestone" else "指标"
                hint = "写出统计的是什么，如“城市道路新建改造里程”“重点项目总投资”（照报告原文的意思）"
                problems.append(
                    Problem(name, line, "indicator", row["indicator"], f"{what}名称不明确：{why}", hint)
                )
    return problems


def _reviews(plan: Plan) -> list[Review]:
    """Rows whose optional ``review`` column is filled: 待复核."""
    return list(review_rows(plan))


def _header_problem(problems: list[Problem]) -> bool:
    """True when a catalog file's header is not the convention: its rows cannot be read by column."""
    return any(p.file in CATALOG_FILES and p.line == 1 and p.column is None for p in problems)


def check_plan(folder: str | os.PathLike) -> PlanReport:
    """Run every check on the plan in ``folder``.

    Raises :class:`PlanError` when ``folder`` is not a plan folder (no such folder, or no plan.yaml in it).
    """

    folder = Path(folder).expanduser()
    if not (folder / PLAN_FILE).is_file():
        what = "不存在" if not folder.exists() else f"中没有 {PLAN_FILE}"
        raise PlanError(f"{folder} {what}：请给出计划文件夹（如 liulin plan export 导出的文件夹）")
    report = PlanReport(folder=folder.resolve(), plan=None)
    report.problems = plan_file_problems(folder)  # every key and value of plan.yaml
    if report.problems:
        return report
    plan = read_plan(folder)
    report.plan = plan
    report.problems += _plan_yaml_problems(plan)
    if not plan.has(plan.report):
        hint = f"把报告全文（UTF-8）存为 {plan.report}，或改正 plan.yaml 的 report"
        report.problems.append(Problem(plan.report, None, None, None, "找不到报告原文", hint))
        return report
    report.reviews = _reviews(plan)
    try:
        text = read_report(plan)
    except PlanError as exc:  # not UTF-8 (a GBK file), unreadable: the message says what to do
        report.problems.append(Problem(plan.report, None, None, None, str(exc), ""))
        return report
    catalog = catalog_problems(plan)
    report.problems += catalog
    report.problems += _name_problems(plan)
    if not _header_problem(catalog):  # else every number would be reported as unused
        report.problems += _number_problems(plan, text)
    report.problems += _loads(plan, sample=not catalog)  # the sample is read against a sound catalog only
    return report


# ----------------------------------------------------------------------------------- the report for people
def _table(problems: list[Problem]) -> str:
    rows = [
        (
            p.file,
            "" if p.line is None else p.line,
            p.column or "",
            "" if p.value is None else p.value,
            p.message,
            p.hint,
        )
        for p in problems
    ]
    return format_table(TABLE_HEADER, rows, max_width=TABLE_LIMITS)


def format_report(report: PlanReport) -> str:
    """The report in Chinese: the problems (file, line, column, value, problem, hint), then the rows 待复核."""
    plan = report.plan
    what = f"{plan.title}（{plan.name}，{report.folder}）" if plan else str(report.folder)
    lines = [f"检查计划：{what}"]
    pending = f"；另有 {report.pending} 行待复核（见下表）" if report.pending else ""
    if report.problems:
        lines += [
            _table(report.problems),
            f"共 {len(report.problems)} 个问题{pending}。请按“建议”一列修改后重新运行 liulin plan check。",
        ]
    else:
        lines.append(
            f"检查通过：报告原文、目标目录、进度曲线、数字覆盖、历史数据和示例数据均无问题{pending}。"
        )
    if report.reviews:
        header = ("文件", "行", "编号", "指标", "复核说明")
        rows = [(r.file, r.line, r.indicator_id, r.indicator, r.review) for r in report.reviews]
        lines += [
            f"\n待复核（review 列非空）：{report.pending} 行。复核后清空 review 列。",
            format_table(header, rows, max_width=60),
        ]
    return "\n".join(lines)
