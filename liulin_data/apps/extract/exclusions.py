"""exclusions.csv of a proposed plan: every number of the report that no proposed row uses, with the reason.

``liulin plan check`` wants every number of the report text used by a catalog row or listed in exclusions.csv
(:func:`liulin_data.apps.plan_check.uncovered_numbers` decides which are left). A proposal lists those numbers with
what the rules know about each, so a reviewed plan passes the check and a reviewer sees why a number is not a
target. The reasons, first match wins:

- a year (2016年) or a date (6月底, 一季度 aside), a number in a heading (章节序号, 15件大事要事);
- last year's review: 上年实绩 (the value of a results.csv row) or another number of the review;
- a five-year goal or review (“十五五”时期, 五年来, 到2030年), or text outside the review and the plan part;
- in the plan part: the rule of :mod:`.mentions` that dropped it (第十四届, “5+5”, 总投资30亿元的…项目 …), the
  size of a project a milestone names, a target stated again (民生实事 repeat the work sections), a number
  without a unit — or, when none of these, 规则未列为目标, which asks a person to check.
"""

from __future__ import annotations

import bisect
import re

from ..plan_check import covers, uncovered_numbers
from .mentions import SKIP_LABELS, Mention, find_mentions
from .numerals import ascii_digits
from .sentences import FIVE_YEAR, Clause, Sentence, classify, sentences
from .targets import milestone_verb

CONTEXT_BEFORE, CONTEXT_AFTER = 12, 8  # characters of the line kept around a number in `context`
UNSEEN = "规则未列为目标：请核对——是目标就在 targets.csv 中加一行并删去本行，不是就写明原因"
_OUTSIDE = {
    "result": "上年工作回顾中的数字，不是本年度目标",
    FIVE_YEAR: "五年目标或五年回顾中的数字，不是本年度目标",
    "other": "不在工作回顾或本年度安排中的数字（开头、结尾的说明等）",
}


def _context(text: str, start: int, end: int) -> str:
    """A verbatim piece of the number's line around it (the number whole)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return text[max(line_start, start - CONTEXT_BEFORE) : min(line_end, end + CONTEXT_AFTER)]


def _date_or_heading(text: str, start: int, end: int, sentence: Sentence | None) -> str:
    """年份, 日期 or a heading's number; '' for other numbers."""
    after = ascii_digits(text[end : end + 2])
    if re.fullmatch(r"(?:19|20)\d\d", ascii_digits(text[start:end])) and after.startswith("年"):
        return "年份"
    if re.match(r"(?:个?月|日|号)", after):
        return "日期或月数"
    if sentence is None:
        return "标题中的数字（序号、件数等），不是目标"
    return ""


def _within(quote: str, start: int, text: str) -> bool:
    """True when the offset ``start`` lies inside an occurrence of ``quote`` in ``text`` (looked for only where
    such an occurrence can begin: linear in the text)."""

    return covers(text, quote, start, start + 1)


def _result_reason(value: float, start: int, results: dict[float, list[dict]], text: str) -> str:
    """上年实绩 naming the results.csv row that states the number there, or a number of the review
    (``results``: the rows by the numbers they state, :func:`_by_value`)."""
    for row in results.get(value, ()):
        if _within(row["source_quote"], start, text):
            return f"上年实绩（见 results.csv：{row['indicator']}）"
    return _OUTSIDE["result"]


def _by_value(results: list[dict]) -> dict[float, list[dict]]:
    """results.csv rows by each number they state (value, yoy_pct; declines as written)."""
    out: dict[float, list[dict]] = {}
    for row in results:
        for x in {abs(float(x)) for x in (row["value"], row["yoy_pct"]) if x != ""}:
            out.setdefault(x, []).append(row)
    return out


def _mention_at(clause: Clause, start: int) -> Mention | None:
    offset = start - clause.start
    return next((m for m in find_mentions(clause.text) if m.start <= offset < m.end), None)


def _plan_reason(clause: Clause | None, start: int, value: float, targets: list[dict]) -> str:
    """Why a number of the plan part has no row: a drop rule, a milestone's project, a repeat, no unit."""
    mention = _mention_at(clause, start) if clause else None
    if mention is None:
        return "没有单位的数字（编号、名称中的数字等），不是数量目标"
    if mention.skipped:
        return SKIP_LABELS.get(mention.skipped, mention.skipped)
    if milestone_verb(clause.text):
        return "里程碑所述项目的规模（见 targets.csv 中该里程碑行）"
    same = next((t for t in targets if _same_target(t, value, mention.unit)), None)
    if same:
        return f"与 targets.csv 中 {same['indicator_id']}（{same['indicator']}）的目标相同，是重复表述"
    return UNSEEN


def _same_target(row: dict, value: float, unit: str) -> bool:
    return row["target"] != "" and abs(float(row["target"])) == value and row["unit"] == unit


def _reason(text: str, number, found: Sentence | None, year: int, targets: list, results: dict) -> str:
    end = number.start + len(number.number)
    reason = _date_or_heading(text, number.start, end, found)
    if reason:
        return reason
    value = float(number.number.split("-")[0])
    kind = classify(found.text, found.part, year, found.context)
    if kind == "result":
        return _result_reason(value, number.start, results, text)
    if kind != "target":
        return _OUTSIDE[kind]
    clause = next((c for c in found.clauses if c.start <= number.start < c.end), None)
    return _plan_reason(clause, number.start, value, targets)


def propose_exclusions(text: str, year: int, targets: list[dict], results: list[dict]) -> list[dict]:
    """One exclusions.csv row (number, context, reason) per number of ``text`` the proposed ``targets`` leave
    unused; numbers with the same context share a row."""

    found = sentences(text, year)
    starts = [s.start for s in found]
    results_by_value = _by_value(results)
    rows: dict[tuple[str, str], dict] = {}
    for number in uncovered_numbers(text, targets, []):
        i = bisect.bisect_right(starts, number.start) - 1
        sentence = found[i] if i >= 0 and number.start < found[i].end else None
        context = _context(text, number.start, number.start + len(number.number))
        reason = _reason(text, number, sentence, year, targets, results_by_value)
        rows.setdefault((number.number, context), dict(number=number.number, context=context, reason=reason))
    return list(rows.values())
