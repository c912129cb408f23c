"""From a new work report to a proposed plan folder (``liulin plan new``).

The plan folder is one that :func:`liulin_data.plan.read_plan` reads and ``liulin plan check`` checks::

    DIR/plan.yaml       name, region, year, title, report, report_title, timezone, release_lag_days
    DIR/report.txt      the report text, UTF-8 (every quote below is a verbatim substring of it)
    DIR/targets.csv     the catalog's columns, then milestone_type, note, confidence, review (proposals)
    DIR/exclusions.csv  every number of the report no proposed row uses, with the reason (:mod:`.exclusions`)
    DIR/results.csv     indicator, value, unit, yoy_pct, period, source_quote (last year's outcomes)
    DIR/tasks.csv       task_no, task, domain (when the report lists its major tasks)

Rows whose ``review`` is filled are the ones a person must look at; ``liulin plan check`` lists them (待复核).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ...core.exceptions import ExtractError, PlanError
from ...core.names import name_key, synonym_key
from ...plan.catalog import COLUMNS as CATALOG_COLUMNS
from ...plan.catalog import OPTIONAL_COLUMNS as CATALOG_OPTIONAL_COLUMNS
from ...plan.folder import DEFAULT_RELEASE_LAG_DAYS, DEFAULT_TIMEZONE, read_table, write_plan_file
from ..plan_check import EXCLUSION_COLUMNS, EXCLUSIONS_FILE, SAFE_PLAN_NAME
from .exclusions import propose_exclusions
from .meaning import MODEL_COLUMNS, Meaning, read_meaning
from .naming import name_problem
from .numerals import ascii_digits
from .read import read_report
from .results import Result, propose_results
from .sentences import PLAN, paragraphs
from .targets import Proposal, propose_targets
from .tasks import Task, domain_of, find_tasks

if TYPE_CHECKING:  # pandas only inside functions: `import liulin_data` stays light
    import pandas as pd

# the catalog's columns in its order, then the target model's columns the catalog reads (measure, direction,
# final_when, calendar, season: written once catalog.py knows them), then the optional ones a proposal fills
WRITTEN_MODEL_COLUMNS = tuple(
    c for c in MODEL_COLUMNS if c not in CATALOG_COLUMNS and c in CATALOG_OPTIONAL_COLUMNS
)
TARGET_COLUMNS = (*CATALOG_COLUMNS, *WRITTEN_MODEL_COLUMNS, "milestone_type", "note", "confidence", "review")
RESULT_COLUMNS = ("indicator", "value", "unit", "yoy_pct", "period", "source_quote")
TASK_COLUMNS = ("task_no", "task", "domain")
RESULTS_FILE = "results.csv"
# the files plan new writes (a replaced plan loses the old ones first: no stale tasks.csv)
WRITTEN = ("plan.yaml", "report.txt", "targets.csv", EXCLUSIONS_FILE, RESULTS_FILE, "tasks.csv")
ALSO_LAST_YEAR = "该数字也是上年实绩"
NO_NAME = "指标名称不明确"  # review of a row whose text names nothing, or only a fragment
NO_EVENT_NAME = "事项名称不明确"  # the same for a milestone


def format_number(value: float | None) -> str:
    """3600.0 → '3600', 7.5 → '7.5', None → ''."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# units of amounts accumulated over the year (basis flow); other units count things done (basis count)
AMOUNT_UNITS = ("元", "万元", "亿元", "万亿元", "吨", "万吨", "亿吨", "万斤", "亿斤", "人", "万人", "人次", "万人次", "亿人次",
                "立方米", "万立方米", "亿立方米", "千瓦时", "万千瓦时", "亿千瓦时", "名", "万名")  # fmt: skip


def meaning_of(row: Proposal, quote: str, year: int) -> Meaning:
    """The target model of a proposed row (:func:`.meaning.read_meaning`)."""
    return read_meaning(
        kind=row.kind, comparator=row.comparator, unit=row.unit, name=row.indicator, quote=quote,
        before=row.before, deadline=row.deadline, year=year, bare=row.rule == "rule_bare",
        count=row.unit not in AMOUNT_UNITS,
    )  # fmt: skip


def _task_of(row: Proposal, tasks: list[Task]) -> str:
    """The task whose section holds the row's quote; '' for a row under none (main targets, 民生实事 …)."""
    placed = [
        t
        for t in tasks
        if t.start is not None and t.start <= row.quote_start < (t.end or row.quote_start + 1)
    ]
    return placed[-1].task if placed else ""


def _target_record(i: int, row: Proposal, text: str, tasks: list[Task], year: int, results: set) -> dict:
    quote = text[row.quote_start : row.quote_end]
    meaning = meaning_of(row, quote, year)
    review, confidence = row.review, min(row.confidence, meaning.confidence)
    if row.rule == "rule_bare" and meaning.direction == "at_most":
        review = ""  # 城镇调查失业率5.5%: a cap indicator's bare value is its ceiling
    if row.target is not None and (row.target, row.unit) in results and not review:
        review, confidence = ALSO_LAST_YEAR, min(confidence, 0.4)
    if row.target is not None:  # a row without a value (无数值) has no reading to check
        review = "；".join(r for r in (review, meaning.review) if r)
    return {
        "indicator_id": f"t{i:03d}",
        "domain": domain_of(f"{row.indicator} {row.section} {quote}"),
        "task": _task_of(row, tasks),
        "section": row.section,
        "indicator": row.indicator,
        "aliases": "",
        "kind": row.kind,
        "comparator": meaning.comparator,
        "target": format_number(row.target),
        "target_high": format_number(row.target_high),
        "unit": row.unit,
        "basis": meaning.basis,
        "profile": meaning.profile,
        "deadline": row.deadline,
        "measure": meaning.measure,
        "direction": meaning.direction,
        "final_when": meaning.final_when,
        "calendar": meaning.calendar,
        "season": meaning.season,
        "milestone_type": row.milestone_type,
        "source_quote": quote,
        "note": f"规则 {row.rule}" + ("" if row.kind == "milestone" else f"；{meaning.rule}"),
        "confidence": f"{confidence:.2f}",
        "review": review,
    }


def _result_record(row: Result, text: str) -> dict:
    return {
        "indicator": row.indicator,
        "value": format_number(row.value),
        "unit": row.unit,
        "yoy_pct": format_number(row.yoy_pct),
        "period": row.period,
        "source_quote": text[row.quote_start : row.quote_end],
    }


def _dedupe(rows: list[Proposal]) -> list[Proposal]:
    """One row per target: a row stating the same value and unit for the same name again is dropped
    (民生实事 often repeat a target of the work sections)."""
    out: list[Proposal] = []
    for row in rows:
        key = synonym_key(row.indicator)
        if not any(
            r.kind == row.kind and r.target == row.target and r.unit == row.unit
            and (key in synonym_key(r.indicator) or synonym_key(r.indicator) in key)
            for r in out
        ):  # fmt: skip
            out.append(row)
    return out


def _flag_names(targets: list[dict]) -> None:
    """A row must have a name of its own (the catalog lets one name point at one row): a placeholder, a
    fragment (a verb, a unit, a word that says only what kind of amount: :func:`.naming.name_problem`) or a
    name an earlier row already has gets a review, unless the row has one of these already."""
    seen: dict[str, str] = {}
    for row in targets:
        key = name_key(row["indicator"])
        problem = name_problem(row["indicator"])
        if problem and NO_NAME not in row["review"] and NO_EVENT_NAME not in row["review"]:
            flag = f"{NO_EVENT_NAME if row['kind'] == 'milestone' else NO_NAME}：{problem}"
            row["review"] = "；".join(r for r in (flag, row["review"]) if r)
            row["confidence"] = f"{min(float(row['confidence']), 0.4):.2f}"
        elif key in seen and not row["review"]:
            row["review"] = f"名称与 {seen[key]} 相同：请改名"
        seen.setdefault(key, row["indicator_id"])


def propose(text: str, year: int) -> tuple[list[dict], list[dict], list[Task]]:
    """Targets, results and tasks proposed for a normalised report text (records ready for CSV)."""
    results = [_result_record(r, text) for r in propose_results(text, year)]
    stated = {(float(r["value"]), r["unit"]) for r in results}
    tasks = find_tasks(text, year)
    targets = [
        _target_record(i, row, text, tasks, year, stated)
        for i, row in enumerate(_dedupe(propose_targets(text, year)), start=1)
    ]
    _flag_names(targets)
    return targets, results, tasks


def report_title(text: str, region: str, year: int) -> str:
    """The report's own title when its first lines give one with the year, else 2017年海拉尔区政府工作报告."""
    for line in text.split("\n")[:15]:
        compact = "".join(line.split()).lstrip("#")
        if "政府工作报告" in compact and str(year) in compact and len(compact) <= 40:
            return compact
    return f"{year}年{region}政府工作报告"


def folder_name(out: Path, year: int) -> str:
    """A folder-safe plan name: the output folder's name in lower-case ASCII (hailaer-2017), else plan-YYYY."""

    name = re.sub(r"[^a-z0-9_-]+", "-", out.name.lower()).strip("-_")
    return name if SAFE_PLAN_NAME.match(name) else f"plan-{year}"


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _refuse(out: Path, year: int, overwrite: bool) -> None:
    """ExtractError for a folder that holds a plan (unless ``overwrite``) or a year that cannot be the plan's."""
    if (out / "targets.csv").exists() and not overwrite:
        raise ExtractError(f"文件夹 {out} 中已有计划（targets.csv）：请换一个文件夹，或加 --force 覆盖")
    if not 2000 <= year <= 2100:
        raise ExtractError(f"年份 {year} 不对：请填写报告所定目标的年份，如 2027")


def _probe(out: Path) -> None:
    """The OSError that writing ``out`` would raise (a file there, or a file on its path), before anything is
    read: a bad output is said as such (exit 2) even for a report that gives no target."""
    import errno
    import os

    if out.exists() and not out.is_dir():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(out))
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out))
            return


def _clear(out: Path) -> None:
    """Create ``out``; remove the files an earlier plan new wrote there (no stale tasks.csv survives)."""
    out.mkdir(parents=True, exist_ok=True)
    for name in WRITTEN:
        (out / name).unlink(missing_ok=True)


def _write_plan_yaml(out: Path, text: str, region: str, year: int) -> None:
    """plan.yaml through the owner of its keys (:func:`liulin_data.plan.write_plan_file`)."""

    write_plan_file(
        out,
        {
            "name": folder_name(out, year),
            "region": region,
            "year": year,
            "title": f"{region}{year}年目标任务跟踪",
            "report": "report.txt",
            "report_title": report_title(text, region, year),
            "timezone": DEFAULT_TIMEZONE,
            "release_lag_days": DEFAULT_RELEASE_LAG_DAYS,
        },
    )


def _refuse_other_year(text: str, year: int, name: str) -> None:
    """ExtractError when the report's plan headings name another year than ``year`` and none names it
    (二、YYYY年工作安排 read with the next year): the user gave the wrong year."""

    named = {
        int(y)
        for p in paragraphs(text, year)
        if p.is_heading and p.part == PLAN
        for y in re.findall(r"(20\d\d)年", ascii_digits(p.text))
    }
    if named and year not in named:
        found = "、".join(str(y) for y in sorted(named))
        raise ExtractError(
            f"{name} 的本年度部分是{found}年的，与 --year {year} 不符：请把 --year 改为报告所定目标的年份"
        )


class NoTargetsError(ExtractError):
    """The report was read, but no target of the year was found in it (nothing is written; exit 1)."""


def why_no_targets(text: str, year: int) -> str:
    """Why a report gave no target, in words for the person who ran ``plan new``."""

    digits = ascii_digits(text)
    if f"{year}年" not in digits and "今年" not in digits:
        years = sorted(set(re.findall(r"(20\d\d)年", digits)))
        seen = f"（报告中出现的年份：{'、'.join(years[-4:])}）" if years else ""
        return f"报告中没有出现“{year}年”或“今年”{seen}：--year 是否写错？应为报告所定目标的年份"
    plan = [p for p in paragraphs(text, year) if p.part == PLAN]
    if not plan:
        return (
            f"没有找到{year}年的工作安排部分（标题如“{year}年工作安排”“今年主要预期目标”“重点工作”）："
            "请检查 report.txt 是否是完整的政府工作报告"
        )
    first = plan[0].text[:30]
    return f"找到了本年度部分（从“{first}”起），但其中没有带单位的数字或节点任务：请检查报告是否完整"


def plan_new(
    report, region: str, year: int, out, *, overwrite: bool = False, notes: list[str] | None = None
) -> Path:
    """Read a work report and write a proposed plan folder; return the folder.

    Parameters
    ----------
    report : str or Path
        The report (.txt in UTF-8/GBK/GB18030, .docx, or a saved .html page).
    notes : list, optional
        Gets what a person should know about the reading (a .docx's tracked changes accepted).
    region : str
        The region's Chinese name (海拉尔区).
    year : int
        The year the report sets targets for.
    out : str or Path
        The plan folder to write (created; an existing plan there is replaced only with ``overwrite``).

    Raises
    ------
    ExtractError
        When the report cannot be read or the folder already holds a plan.
    NoTargetsError
        When no target of the year is found: nothing is written, and the message says why.
    """
    out, year = Path(out), int(year)
    _refuse(out, year, overwrite)
    _probe(out)
    text = read_report(report, notes)
    _refuse_other_year(text, year, Path(report).name)
    targets, results, tasks = propose(text, year)
    if not targets:
        raise NoTargetsError(
            f"没有在 {Path(report).name} 中找到{year}年的目标，未写入 {out}：{why_no_targets(text, year)}"
        )
    _clear(out)
    (out / "report.txt").write_text(text, encoding="utf-8")
    _write_csv(out / "targets.csv", TARGET_COLUMNS, targets)
    _write_csv(out / EXCLUSIONS_FILE, EXCLUSION_COLUMNS, propose_exclusions(text, year, targets, results))
    _write_csv(out / RESULTS_FILE, RESULT_COLUMNS, results)
    if tasks:
        _write_csv(out / "tasks.csv", TASK_COLUMNS, [{c: getattr(t, c) for c in TASK_COLUMNS} for t in tasks])
    _write_plan_yaml(out, text, region, year)
    return out


def read_plan_csv(plan_dir, name: str) -> pd.DataFrame:
    """A CSV of a plan folder as text columns (empty cells are ''), or ExtractError naming the file."""
    path = Path(plan_dir) / name
    if not path.is_file():
        raise ExtractError(f"找不到 {path}：请先运行 liulin plan new 生成计划文件夹")
    try:
        return read_table(plan_dir, name)
    except PlanError as exc:
        raise ExtractError(str(exc)) from None
