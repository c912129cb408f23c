"""Last year's results from the review part of a work report (过去一年 / 刚刚过去的2025年 / 2016年工作回顾).

One row per quantified outcome: ``indicator, value, unit, yoy_pct, period, source_quote``.

- :func:`rule_level`        地区生产总值完成303.6亿元 → value 303.6 亿元; a following 同比增长7.2% (or 按可比口径
  增长13%) with no name of its own becomes that row's ``yoy_pct``
- :func:`rule_growth`       规上工业增加值增长6.7%, 增速完成9.7% → value 6.7 %, yoy_pct 6.7; 下降8.6% → yoy −8.6;
  城乡居民人均可支配收入分别增长8.7%和8.6% → two rows
- in a five-year review only sentences naming last year count (2015年城镇常住居民人均可支配收入完成30788元,
  由2010年的68亿元增加到2015年的136.3亿元); a value stated again in last year's own review is kept once,
  from there.

Numbers that describe rather than report are dropped by the rules of :mod:`.mentions` (总投资30亿元的…项目,
比2010年增加, 年均, 累计 …) and, in a clause ending with 开工建设/投入使用/完工 …, every non-count amount
(投资5642万元的日处理80吨污泥焚烧厂土建工程开工建设).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mentions import COUNT_UNITS, Mention, find_mentions
from .naming import PLACEHOLDER, clean_object, clean_subject, split_subjects
from .numerals import NUMBER, ascii_digits
from .sentences import REVIEW_MULTI, Clause, Sentence, classify, sentences
from .targets import GENERIC_NAMES, milestone_verb, names_follow, next_clause_object

_YOY_ONLY = re.compile(r"^(?:同比|按可比口径|按可比价格?计算|比上年|较上年|增速|[、，,]|\s)*$")


@dataclass
class Result:
    """One of last year's outcomes, with the offsets of its quote in the report."""

    indicator: str
    value: float
    unit: str
    yoy_pct: float | None
    period: str
    quote_start: int
    quote_end: int
    multi_year: bool = False


def _names_before(text: str, m: Mention, prev_end: int, growth: bool) -> str:
    before = text[prev_end : m.start]
    name = clean_subject(before)
    if growth and name and not name.endswith(("增速", "增幅", "增长", "降幅")):
        name += "增速" if m.growth == "up" else "降幅"
    return name


def rule_growth(text: str, m: Mention, prev_end: int) -> str | None:
    """X增长Y% / 增速Y% / 下降Y% with its own name: a growth result (value Y %, yoy ±Y)."""
    if m.growth is None:
        return None
    return _names_before(text, m, prev_end, growth=True)


def rule_level(text: str, m: Mention, prev_end: int, object_style: bool = False) -> str | None:
    """X完成V / 达到V / 实现V / V单位X (a level or an amount): a result of value V; with ``object_style``
    (新增5个国家生态文明示范区、3个…) the name follows the number."""
    if m.growth is not None:
        return None
    after = text[m.end :]
    if object_style and clean_object(re.split(r"[、，,]|\d", after)[0]):
        return clean_object(re.split(r"[、，,]|\d", after)[0])
    return (
        _names_before(text, m, prev_end, growth=False)
        or clean_object(after.split("、")[0])
        or clean_object(re.split(rf"{NUMBER}\S{{0,4}}?、?", after)[-1])
    )


def _accepts(sentence: Sentence, clause: Clause, previous_named_year: bool, year: int) -> bool:
    """In a five-year review: a clause naming last year, a 由…增加到… change in a sentence naming it, or the
    first clause of a ；-piece that continues a piece naming it."""
    if sentence.part != REVIEW_MULTI:
        return True
    last = f"{year - 1}年"
    digits = ascii_digits(clause.text)
    if last in digits:
        return True
    if last in ascii_digits(sentence.context) and re.search(r"由.+(?:增加|提高|增长|上升)到", digits):
        return True
    return previous_named_year and clause is sentence.clauses[0]


def _respective_growth(clause: Clause, text: str, mentions: list[Mention], rows: list[Result]) -> bool:
    """城镇和农村居民人均可支配收入分别达35512元、25689元，分别同比增长7.8%和8.1%: growths with no name of their
    own, after as many levels stated together, are those levels' yoy_pct, in order. True when attached."""
    n = len(mentions)
    if n < 2 or not all(m.growth for m in mentions) or "分别" not in text[: mentions[0].start]:
        return False
    if not _YOY_ONLY.match(re.sub(r"(?:分别|增长|下降|增速)", "", text[: mentions[0].start])):
        return False
    last = rows[-n:]
    if len(last) < n or any(r.yoy_pct is not None or r.unit == "%" for r in last):
        return False
    if any(r.quote_end < clause.start - 2 for r in last):
        return False
    for row, m in zip(last, mentions, strict=True):
        row.yoy_pct = -m.value if m.growth == "down" else m.value
        row.quote_end = clause.end
    return True


def _clause_results(sentence: Sentence, clause: Clause, rows: list[Result], year: int) -> None:
    mentions = [m for m in find_mentions(clause.text) if not m.skipped]
    if milestone_verb(clause.text):
        mentions = [m for m in mentions if m.unit in COUNT_UNITS]
    text = ascii_digits(clause.text)
    if _respective_growth(clause, text, mentions, rows):
        return
    respectively: list[str] = []
    object_style = bool(mentions) and names_follow(clean_subject(text[: mentions[0].start]))
    for i, m in enumerate(mentions):
        prev_end = mentions[i - 1].end if i else 0
        before = text[prev_end : m.start]
        if m.growth and _YOY_ONLY.match(re.sub(r"(?:增长|下降|增速)$", "", before)) and rows:
            last = rows[-1]
            if last.yoy_pct is None and last.unit != "%" and last.quote_end >= clause.start - 2:
                last.yoy_pct = -m.value if m.growth == "down" else m.value
                last.quote_end = clause.end
                continue
        if "分别" in before:
            respectively = split_subjects(clean_subject(before.split("分别")[0]), 2)
        name = rule_growth(text, m, prev_end) if m.growth else rule_level(text, m, prev_end, object_style)
        if (
            respectively
            and not clean_subject(before.replace("分别", ""))
            or (respectively and "分别" in before)
        ):
            name = respectively.pop(0) + ("增速" if m.growth == "up" else "")
        if name in GENERIC_NAMES and next_clause_object(sentence, clause):  # 投资1.9亿元,实施了危房改造…
            name = clean_object(next_clause_object(sentence, clause)) + name
        yoy = (-m.value if m.growth == "down" else m.value) if m.growth else None
        rows.append(
            Result(
                name or PLACEHOLDER,
                m.value,
                m.unit,
                yoy,
                str(year - 1),
                clause.start,
                clause.end,
                sentence.part == REVIEW_MULTI,
            )  # fmt: skip
        )


def propose_results(text: str, year: int) -> list[Result]:
    """Every quantified outcome of last year the review part of a normalised report states."""
    rows: list[Result] = []
    named_year_piece = False
    for sentence in sentences(text, year):
        if classify(sentence.text, sentence.part, year, sentence.context) != "result":
            named_year_piece = False
            continue
        for clause in sentence.clauses:
            if _accepts(sentence, clause, named_year_piece, year):
                _clause_results(sentence, clause, rows, year)
        named_year_piece = f"{year - 1}年" in ascii_digits(
            sentence.clauses[0].text if sentence.clauses else ""
        )
    return _drop_repeats(rows)


def _drop_repeats(rows: list[Result]) -> list[Result]:
    """A five-year-review value that last year's own review states again is kept once, from the latter."""
    annual = {(r.value, r.unit) for r in rows if not r.multi_year}
    return [r for r in rows if not (r.multi_year and (r.value, r.unit) in annual)]
