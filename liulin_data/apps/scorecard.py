"""Last year's scorecard: each target of year N against the result for year N that year N+1's report states.

``liulin scorecard --plan DIR_N --next DIR_N1`` reads the targets of plan N (``DIR_N/targets.csv``) and the
results of plan N+1 (``DIR_N1/results.csv``, the outcomes its report gives for year N) and gives one row per
numeric target:

========= ======================================================================================
indicator the target's name
target    the target as a comparison (≥ 7.5, ≤ 4, 3–5, 约 5)
unit      the target's unit
result    the reported result in the target's unit (for a growth target, the reported growth)
verdict   达成 (met), 未达成 (missed) or 无法判断 (unclear)
reason    why it is unclear (报告只说“…”, 下一年报告未提及, 单位不同 …), empty otherwise
target_quote, result_quote   the words of each report
========= ======================================================================================

Names are matched by :func:`liulin_data.core.names.synonym_key` (the one name key, with the small synonym table
of :mod:`liulin_data.core.names`: 增速 = 增长, 公共财政预算收入 = 一般公共预算收入, 主次干道 = 道路 …), then by unit: a
quantity only meets a result whose unit converts into its own, and a growth target (增长7.5%) is judged against
the reported growth (同比增长7.2%). A result of a broader object (管网改造 for 城区供水主管网改造: the target's
name narrows the result's with words before it) or in a unit that does not convert is 无法判断 with the reason
口径不同, both quotes shown. A target whose name is a fragment (:func:`liulin_data.apps.extract.naming.name_problem`)
is 无法判断 with its reason, never matched. Numbers are shown through :func:`liulin_data.core.numbers.fmt_number`
(35,578), verdicts as the briefing's badges (:func:`liulin_data.present.blocks.chip`), the time as the briefing
says it (YYYY年12月7日 09:30（北京时间）). Both plans are read through :func:`liulin_data.plan.load_plan` (a
folder or a plan name) and checked (:func:`liulin_data.apps.plan_check.check_plan`): a plan with problems or rows 待复核
gets a warning on the page and in the terminal (``df.attrs['warnings']``).
"""

from __future__ import annotations

import html
import math
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..core import units
from ..core.exceptions import ExtractError
from ..core.names import synonym_key
from ..core.numbers import fmt_number
from ..core.periods import human_time
from ..core.tables import format_table
from ..files.atomic import atomic_write
from ..files.exports import write_csv
from ..plan.catalog import report_text
from ..plan.folder import DEFAULT_TIMEZONE, load_plan
from ..present.blocks import BLOCK_CSS, chip
from ..present.webfont import embed_font
from .extract.naming import PLACEHOLDER, name_problem
from .extract.propose import read_plan_csv
from .extract.sentences import classify, sentences
from .plan_check import check_plan, review_banner

if TYPE_CHECKING:
    import pandas as pd

MET, MISSED, UNCLEAR = "达成", "未达成", "无法判断"
PAGE_KIND = "完成情况"  # the page's title is Plan.briefing_title(PAGE_KIND): 海拉尔区2016年目标任务完成情况
COLUMNS = ("indicator", "target", "unit", "result", "verdict", "reason", "target_quote", "result_quote")
ABOUT_TOLERANCE = 0.05  # 增长5%左右 is met by 4.75% or more (5% of the target below it)
_GROWTH_END = re.compile(r"(?:增长|降幅)$")
LABELS = {  # column headings of the page and the terminal table
    "indicator": "指标", "target": "目标", "unit": "单位", "result": "实绩", "verdict": "结论",
    "reason": "说明", "target_quote": "目标原文", "result_quote": "实绩原文",
}  # fmt: skip


def _num(text) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def target_text(row: dict) -> str:
    """A target as a reader says it, numbers through the one formatter: ≥ 35,578, ≤ 4, 3–5, 约 5."""
    unit = row.get("unit") or None
    value, high = (
        fmt_number(_num(row["target"]), unit=unit),
        fmt_number(_num(row.get("target_high")), unit=unit),
    )
    return {">=": f"≥ {value}", "<=": f"≤ {value}", "between": f"{value}–{high}"}.get(
        row["comparator"], f"约 {value}"
    )


def number_of(text: str) -> float:
    """The number of a shown target or result: '≥ 35,578' → 35578.0, '3–5' → 3.0 (the lower bound)."""
    found = re.search(r"-?\d[\d,]*(?:\.\d+)?", str(text))
    return float(found.group().replace(",", "")) if found else math.nan


def judge(comparator: str, target: float, high: float | None, actual: float) -> str:
    """达成 or 未达成 for a result against a target (== is 左右: met from target − 5% of it)."""
    if comparator == "<=":
        met = actual <= target
    elif comparator == "==":
        met = actual >= target - abs(target) * ABOUT_TOLERANCE
    else:  # >=, and between (reaching the lower bound meets a range)
        met = actual >= target
    return MET if met else MISSED


GENERIC = frozenset(
    {"投资", "总投资", "完成投资", "资金", "投入", "增长", "总额", "面积", "产量"}
)  # name nothing alone
MIN_CONTAINED_SHARE = (
    0.3  # 公厕 in 改造新建公厕 (2 of 6 characters) matches; 投资 in a long project name does not
)


def _similar(a: str, b: str) -> float:
    """1 for equal names; 0.5–1 when one contains the other (not a generic word, not too small a part)."""
    if a in GENERIC or b in GENERIC:
        return 0.0
    if a == b:
        return 1.0
    short, long = sorted((a, b), key=len)
    if (
        len(short) < 2
        or short in GENERIC
        or short not in long
        or len(short) / len(long) < MIN_CONTAINED_SHARE
    ):
        return 0.0
    return 0.5 + 0.5 * len(short) / len(long)


def _broader(target_key: str, result_key: str) -> bool:
    """True when the result names a broader object than the target: the target's name is the result's with
    words before it (城区供水主管网改造 against 管网改造: all pipes, not the main water pipes)."""
    base = _GROWTH_END.sub("", target_key)
    return result_key != base and result_key in base and not base.startswith(result_key)


def _candidates(target: dict, results: list[dict]) -> list[tuple[float, dict, float | None, str]]:
    """(similarity, result, value in the target's unit, why not comparable) for every result that names the
    target; ``why`` is '' when the result can judge it, else the 口径不同 reason (and the value None)."""
    key = synonym_key(target["indicator"])
    out = []
    for res in results:
        if PLACEHOLDER in (target["indicator"], res["indicator"]):
            continue
        rkey = synonym_key(res["indicator"])
        why = ""
        if target["kind"] == "growth":
            base = _GROWTH_END.sub("", key)
            if res["unit"] == "%" and _GROWTH_END.search(rkey):
                score, value = _similar(key, rkey), _num(res["value"])
            else:
                score, value = _similar(base, rkey), _num(res["yoy_pct"])
        elif res["unit"] == "%" and _GROWTH_END.search(rkey):
            continue  # a reported growth never judges a level
        elif units.is_compatible(res["unit"], target["unit"]):
            score = _similar(key, rkey)
            value = units.convert(_num(res["value"]), res["unit"], target["unit"])
        else:
            score, value = _similar(key, rkey), None
            why = f"口径不同：目标以“{target['unit']}”计，实绩以“{res['unit']}”计"
        if score > 0 and not why and _broader(key, rkey):
            why = f"口径不同：实绩“{res['indicator']}”比目标“{target['indicator']}”范围更大"
        if score > 0 and (value is not None or why):
            out.append((score, res, None if why else value, why))
    return sorted(out, key=lambda c: (bool(c[3]), -c[0]))


def _mentions(target: dict, text: str, year: int) -> str:
    """The clause of the next report's review that names the indicator without a number (稳中有升 …)."""

    key = _GROWTH_END.sub("", synonym_key(target["indicator"]))
    if len(key) < 3:
        return ""
    for sentence in sentences(text, year):
        if classify(sentence.text, sentence.part, year, sentence.context) != "result":
            continue
        for clause in sentence.clauses:
            if key in synonym_key(clause.text):
                return clause.text
    return ""


def _score_row(target: dict, results: list[dict], next_text: str, next_year: int) -> dict:
    row = {
        "indicator": target["indicator"],
        "target": target_text(target),
        "unit": target["unit"],
        "result": "",
        "verdict": UNCLEAR,
        "reason": "",
        "target_quote": target["source_quote"],
        "result_quote": "",
    }
    fragment = name_problem(target["indicator"])
    if fragment:
        row["reason"] = f"目标名称不明确（{fragment}）：请先在计划中写明名称"
        return row
    found = _candidates(target, results)
    if found:
        _, res, value, why = found[0]
        row["result_quote"] = res["source_quote"]
        if why:  # the result as the next report states it, in its own unit when that differs
            shown = fmt_number(_num(res["value"]), unit=res["unit"] or None)
            row.update(reason=why, result=shown if res["unit"] == target["unit"] else f"{shown}{res['unit']}")
            return row
        row["result"] = fmt_number(value, unit=target["unit"] or None)
        row["verdict"] = judge(
            target["comparator"], float(target["target"]), _num(target["target_high"]), value
        )
        return row
    said = _mentions(target, next_text, next_year)
    if said:
        row.update(reason=f"报告只说“{said}”", result_quote=said)
    else:
        row["reason"] = "下一年的报告没有提到这项实绩"
    return row


def plan_warnings(plan_dir, next_dir) -> tuple[list[str], list[str]]:
    """What a reader must know about the two plans (one that fails ``liulin plan check``, rows 待复核), in words
    for the page, and the commands that show the details (for the terminal)."""

    warnings, commands = [], []
    for folder in (plan_dir, next_dir):
        report = check_plan(folder)
        name = report.plan.title if report.plan else str(folder)
        if report.problems:
            warnings.append(f"{name}未通过计划检查（{len(report.problems)} 个问题），以下结论可能不可靠")
        if report.pending:
            warnings.append(f"{name}：{review_banner(report)}")
        if report.problems or report.pending:
            commands.append(f"liulin plan check {report.folder}")
    return warnings, commands


def scorecard(plan_dir, next_dir) -> pd.DataFrame:
    """Each numeric target of plan N against the results plan N+1 reports for year N (see the module doc).

    ``plan_dir`` and ``next_dir`` are plan folders or plan names (:func:`liulin_data.plan.load_plan`); plan N+1
    needs the ``results.csv`` that ``liulin plan new`` writes. ``df.attrs`` holds plan N's region, year,
    timezone and the page title.

    Raises
    ------
    PlanError
        When a folder is not a plan (no or a broken plan.yaml).
    ExtractError
        When plan N+1 is not the year after plan N, or a CSV file is missing or unreadable.
    """
    import pandas as pd

    plan, next_plan = load_plan(plan_dir), load_plan(next_dir)
    if next_plan.year != plan.year + 1:
        raise ExtractError(
            f"{next_dir} 是 {next_plan.year} 年的计划，应为 {plan.year + 1} 年（{plan_dir} 的下一年）"
        )
    targets = read_plan_csv(plan.root, "targets.csv")
    results = read_plan_csv(next_plan.root, "results.csv").to_dict("records")
    next_text = report_text(next_plan)
    numeric = targets[(targets["kind"] != "milestone") & (targets["target"].str.strip() != "")]
    rows = [_score_row(t, results, next_text, next_plan.year) for t in numeric.to_dict("records")]
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    warnings, commands = plan_warnings(plan.root, next_plan.root)
    df.attrs.update(
        region=plan.region,
        year=plan.year,
        timezone=plan.timezone,
        title=plan.briefing_title(PAGE_KIND),
        warnings=warnings,
        check_commands=commands,
        plan_dir=plan.root,
        next_dir=next_plan.root,
    )
    return df


def format_scorecard(df: pd.DataFrame) -> str:
    """The scorecard as a fixed-width terminal table with a count line, after the plans' warnings."""

    cols = ("indicator", "target", "unit", "result", "verdict", "reason")
    rows = [tuple(str(r[c]) for c in cols) for r in df.to_dict("records")]
    table = format_table(tuple(LABELS[c] for c in cols), rows, widths=(28, 12, 8, 10, 8, 40))
    warnings = "".join(f"注意：{w}\n" for w in df.attrs.get("warnings", []))
    commands = df.attrs.get("check_commands", [])
    hint = f"详情请运行：{'；'.join(commands)}\n" if commands else ""
    return f"{warnings}{hint}{table}\n{_counts(df)}"


def _counts(df: pd.DataFrame) -> str:
    counts = df["verdict"].value_counts()
    return "，".join(f"{v} {int(counts.get(v, 0))} 项" for v in (MET, MISSED, UNCLEAR))


_CSS = """
body { max-width: 960px; margin: 0 auto; padding: 0 12px 48px; line-height: 1.6; color: #222;
  font-family: "Liulin Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
header { border-bottom: 2px solid #b22222; margin: 16px 0 12px; padding-bottom: 8px; }
h1 { font-size: 1.5em; margin: 0 0 6px; color: #8b1a1a; }
.meta { font-size: 0.92em; color: #444; margin: 2px 0; }
.counts { margin: 12px 0; font-weight: bold; }
table { width: 100%; border-collapse: collapse; font-size: 0.95em; }
th, td { border: 1px solid #ddd; padding: 6px 8px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #f7f7f9; }
.quote { color: #555; font-size: 0.9em; }
.short { white-space: nowrap; }
.v-met { color: #1b6e20; font-weight: bold; } .v-missed { color: #b22222; font-weight: bold; }
.v-unclear { color: #8a6d00; font-weight: bold; }
.warn { background: #fff4e5; border-left: 4px solid #b2182b; padding: 8px 12px; margin: 10px 0; }
.warn p { margin: 2px 0; }
footer { color: #777; font-size: 0.85em; margin-top: 32px; border-top: 1px solid #eee; padding-top: 8px; }
@media (max-width: 640px) {
  body { padding: 0 8px 32px; font-size: 15px; }
  h1 { font-size: 1.25em; }
  table, thead, tbody, tr, th, td { display: block; width: auto; }
  thead { display: none; }
  tr { border: 1px solid #ddd; border-radius: 6px; margin: 0 0 10px; padding: 6px 8px; }
  td { border: none; padding: 2px 0; }
  td:empty { display: none; }
  td::before { content: attr(data-label) "："; color: #777; }
}
"""
_VERDICT_CLASS = {MET: "v-met", MISSED: "v-missed", UNCLEAR: "v-unclear"}
# the badge of each verdict: the briefing's status colours (statuses.py) with the verdict's own words
VERDICT_STATUS = {MET: "achieved", MISSED: "overdue", UNCLEAR: "no_data"}


def scorecard_html(df: pd.DataFrame, title: str = "", generated_at: datetime | None = None) -> str:
    """A self-contained, phone-readable HTML page of a scorecard (fonts embedded, no network, Chinese only)."""

    esc = html.escape
    zone = df.attrs.get("timezone", DEFAULT_TIMEZONE)
    when = (generated_at or datetime.now(ZoneInfo(zone))).astimezone(ZoneInfo(zone))
    year = df.attrs.get("year", "")
    title = title or df.attrs.get("title") or f"{year}年{PAGE_KIND}"
    head = "".join(f"<th>{LABELS[c]}</th>" for c in COLUMNS)
    body = []
    for r in df.to_dict("records"):
        cells = []
        for c in COLUMNS:
            klass = _VERDICT_CLASS.get(r[c], "") if c == "verdict" else "quote" if c.endswith("quote") else ""
            klass += " short" if c in ("target", "unit", "result", "verdict") else ""
            value = chip(VERDICT_STATUS[r[c]], r[c]) if c == "verdict" else esc(str(r[c]))
            cells.append(f'<td data-label="{LABELS[c]}" class="{klass.strip()}">{value}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    warnings = df.attrs.get("warnings", [])
    warned = (
        '<div class="warn" role="alert">' + "".join(f"<p>{esc(w)}</p>" for w in warnings) + "</div>"
        if warnings
        else ""
    )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title><style>{_CSS}</style>{BLOCK_CSS}</head>
<body><header><h1>{esc(title)}</h1>
<p class="meta">{esc(str(year))}年的目标，对照{esc(str(year + 1 if year else ""))}年政府工作报告所述{esc(str(year))}年实绩</p>
<p class="meta">生成时间：{esc(human_time(when.isoformat(), zone))}</p></header>
{warned}<p class="counts">{esc(_counts(df))}</p>
<div class="liulin-block"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>
<footer>“达成”“未达成”按目标的比较方式判断；“左右”的目标，实绩不低于目标的百分之九十五即为达成；
增速目标对照报告所述增速。实绩与目标均摘自两年的政府工作报告原文。</footer>
</body></html>
"""
    return embed_font(page)


def save_scorecard(df: pd.DataFrame, out) -> Path:
    """Write ``OUT/index.html`` (the page) and ``OUT/scorecard.csv`` of a scorecard; return the page's path."""

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(df, out / "scorecard.csv", overwrite=True)  # formula-like text neutralised (exports.safe_cell)
    atomic_write(out / "index.html", scorecard_html(df))
    return out / "index.html"


def write_scorecard(plan_dir, next_dir, out) -> Path:
    """The scorecard of plan N against plan N+1 written to ``OUT`` (:func:`save_scorecard`); the page's path."""
    return save_scorecard(scorecard(plan_dir, next_dir), out)
