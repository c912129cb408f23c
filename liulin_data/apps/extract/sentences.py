"""A report's structure: paragraphs, headings, the part each paragraph belongs to, sentences and clauses.

A work report has three kinds of content, told apart by its headings and a few fixed phrases:

- ``review``: last year's work (一、2016年工作回顾; 刚刚过去的2025年 …) — the source of last year's results;
- ``review_multi``: the five-year review (“十二五”时期和2015年工作回顾; 五年来 …) — results only where a
  sentence names last year;
- ``five_year``: goals for the next five years (“十三五”经济社会发展的主要目标, 今后五年, 到2030年);
- ``plan``: this year's targets and tasks (三、2016年工作安排; 今年经济社会发展的主要预期目标 …).

Every :class:`Clause` keeps its offsets in the report text, so a quote is always a verbatim substring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numerals import ascii_digits

REVIEW, REVIEW_MULTI, FIVE_YEAR, PLAN, OTHER = "review", "review_multi", "five_year", "plan", "other"

_SENTENCE_END = "。！？!?"
_SEGMENT_SEP = re.compile(r"[；;]")
_CLAUSE_SEP = re.compile(r"[，,：:]")
_LEADING_MARKS = " \t\u3000-◆·•"
_HEADING_PREFIX = re.compile(
    r"^(?:#+\s*|[一二三四五六七八九十]+[、.．]\s*|[（(][一二三四五六七八九十\d]+[)）]\s*|\d+[\s.、．]+|第[一二三四五六七八九十]+[章部分篇]\s*)"
)
_NUMBERED_LEAD = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_REVIEW_CUE = re.compile(r"回顾|过去的?一年|刚刚过去的|工作总结")
_MULTI_CUE = re.compile(r"十[一二三四五六七八九]五|五年")
_PLAN_CUE = re.compile(r"今年|工作安排|重点工作|主要目标|预期目标|工作任务|目标任务|大事要事")
_FIVE_YEAR_SENTENCE = re.compile(
    r"十[一二三四五六七八九]五”?(?:时期|期间|末|以来)|今后五年|未来五年|过去五年|五年来|五年间|这五年|五年累计|五年共"
)
_UNTIL_YEAR = re.compile(r"到(20\d\d)年")


@dataclass(frozen=True)
class Clause:
    """A comma- or semicolon-separated piece of a sentence, with its offsets in the report text."""

    start: int
    end: int
    text: str


@dataclass
class Sentence:
    """A sentence of the report — or one of its ；-separated pieces — with its part, heading and clauses.

    ``context`` is the whole sentence (for a piece, the sentence it belongs to).
    """

    start: int
    end: int
    text: str
    part: str
    section: str
    paragraph: int
    context: str = ""
    clauses: list[Clause] = field(default_factory=list)


@dataclass(frozen=True)
class Paragraph:
    """One line of the normalised report."""

    index: int
    start: int
    text: str
    is_heading: bool
    part: str
    section: str


def heading_title(line: str) -> str:
    """A heading without its markdown marks and numbering (一、（一）1 ## …)."""
    title = _HEADING_PREFIX.sub("", line.strip())
    return title.strip("《》 -◆").rstrip("。:：")


def is_heading(line: str) -> bool:
    """True for a line that is a heading: markdown ``#``, or short and without sentence punctuation."""
    if line.startswith("#"):
        return True
    if line.startswith(("-", "◆", "·")) or line.endswith(("：", ":")):
        return False
    return len(line) <= 40 and not any(ch in line for ch in "。；;！？!?")


def heading_part(title: str, year: int, current: str) -> str:
    """The part a heading opens, or ``current`` when the heading says nothing about it."""
    title = ascii_digits(title)
    if "政府工作报告" in title:  # the report's own title (YYYY年某县政府工作报告) opens no part
        return current
    if _REVIEW_CUE.search(title):
        return REVIEW_MULTI if _MULTI_CUE.search(title) else REVIEW
    if f"{year}年" in title or "今年" in title:
        return PLAN
    if _PLAN_CUE.search(title):
        return FIVE_YEAR if _MULTI_CUE.search(title) else PLAN
    return current


def paragraph_part(text: str, year: int, current: str) -> tuple[str, str]:
    """The part of one paragraph, and the part the paragraphs after it continue in.

    A paragraph opening with 刚刚过去的2025年 / 过去一年 / 一年来 / 2025年， opens last year's review (or moves
    a five-year review on to it); one opening with a five-year cue (——这五年, 五年来, “十四五”时期) is five-year itself, in a review
    or in the plan, without moving the paragraphs after it.
    """
    lead = ascii_digits(re.sub(r"^(?:各位代表[，,！!：:]?|——|—)", "", text)[:30])
    if current in (OTHER, REVIEW_MULTI, REVIEW) and re.match(
        rf"(刚刚过去的|过去的一年|过去一年|一年来|{year - 1}年[，,是])", lead
    ):
        return REVIEW, REVIEW
    if _FIVE_YEAR_SENTENCE.search(lead[:12]):
        five = (
            REVIEW_MULTI if current in (REVIEW_MULTI, REVIEW) else FIVE_YEAR if current == PLAN else current
        )
        return five, current
    return current, current


def paragraphs(text: str, year: int) -> list[Paragraph]:
    """Split the normalised report into paragraphs with their heading flag, part and section."""
    out, part, section, pos = [], OTHER, "", 0
    for i, line in enumerate(text.split("\n")):
        start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        heading = is_heading(line)
        if heading:
            section = heading_title(line)
            part = heading_part(section, year, part)
        else:
            lead = _NUMBERED_LEAD.match(line)
            if lead:  # "(一)经济实力迈上新台阶。2016年,…": the first sentence is a sub-heading
                first = line.split("。", 1)[0]
                section = heading_title(first) if len(first) <= 40 else section
            this, part = paragraph_part(line, year, part)
            out.append(Paragraph(i, start, line, heading, this, section))
            continue
        out.append(Paragraph(i, start, line, heading, part, section))
    return out


def split_clauses(text: str, offset: int, separator: re.Pattern = _CLAUSE_SEP) -> list[Clause]:
    """Split a sentence into clauses at ，,：: (offsets in the report)."""
    clauses, begin, depth, seen = [], 0, 0, 0
    for m in separator.finditer(text):
        depth += _bracket_depth(text[seen : m.start()])  # brackets counted once each: linear in the sentence
        seen = m.start()
        if depth > 0:
            continue  # （牵头单位：人社厅） stays with its clause
        if m.start() > begin:
            clauses.append(Clause(offset + begin, offset + m.start(), text[begin : m.start()]))
        begin = m.end()
    if begin < len(text):
        clauses.append(Clause(offset + begin, offset + len(text), text[begin:]))
    return [_trim(c) for c in clauses if c.text.strip(_LEADING_MARKS)]


def _bracket_depth(piece: str) -> int:
    """Opening minus closing round brackets of a piece of text."""
    return piece.count("（") + piece.count("(") - piece.count("）") - piece.count(")")


def _trim(clause: Clause) -> Clause:
    """Drop leading spaces and list marks (- ◆) so a quote starts at the first word."""
    text = clause.text.lstrip(_LEADING_MARKS)
    start = clause.start + len(clause.text) - len(text)
    text = text.rstrip(" \t\u3000")
    return Clause(start, start + len(text), text)


def sentences(text: str, year: int) -> list[Sentence]:
    """Every sentence of the report (split at 。！？, then at ；), with its part, section and clauses."""
    out = []
    for para in paragraphs(text, year):
        if para.is_heading:
            continue
        begin = 0
        line = para.text
        for i, ch in enumerate(line + "。"):
            if ch in _SENTENCE_END or i == len(line):
                whole = line[begin:i]
                for piece in split_clauses(whole, para.start + begin, _SEGMENT_SEP):
                    sentence = Sentence(
                        piece.start, piece.end, piece.text, para.part, para.section, para.index, whole
                    )
                    sentence.clauses = split_clauses(piece.text, piece.start)
                    out.append(sentence)
                begin = i + 1
    return out


def classify(text: str, part: str, year: int, context: str = "") -> str:
    """What a sentence states: ``target`` (this year), ``result`` (last year), ``five_year`` or ``other``.

    - a five-year cue (“十三五”时期, 今后五年, 五年来, 到2030年) makes a ``five_year`` statement
      wherever it stands;
    - in the plan part a sentence is a ``target``; in last year's review a ``result``;
    - in a five-year review only a sentence that names last year (2015年) is a ``result``; ``context`` is
      the whole sentence when ``text`` is one of its ；-separated pieces.
    """
    digits = ascii_digits(text)
    until = [int(y) for y in _UNTIL_YEAR.findall(digits)]
    if _FIVE_YEAR_SENTENCE.search(text) or any(y > year for y in until):
        return FIVE_YEAR
    if part == PLAN:
        return "target"
    if part == REVIEW:
        return "result"
    if part == REVIEW_MULTI:
        return "result" if f"{year - 1}年" in ascii_digits(context or text) else FIVE_YEAR
    if part == FIVE_YEAR:
        return FIVE_YEAR
    return "other"
