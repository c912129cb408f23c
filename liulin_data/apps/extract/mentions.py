"""Quantities in a clause (3600万吨, 7.5%, 3-5户, 三家) and the rules that say a number is not a quantity.

:func:`find_mentions` returns every number followed by a unit that :mod:`liulin_data.core.units` knows, with its
comparator cue (以上, 以内, 左右, 控制在 …). Each ``skip_*`` function is one rule that drops a number which is
part of a name, a description or a comparison rather than an amount: its docstring says what it matches, and
a dropped mention carries the rule's name in ``skipped`` so a reviewer can see why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...core import units
from .numerals import CHINESE_NUMERAL, NUMBER, ascii_digits, chinese_number

# units written in reports that the catalog spells differently (the catalog writes 立方米 for 立方)
CANONICAL_UNITS = {
    "立方": "立方米",
    "万立方": "万立方米",
    "亿立方": "亿立方米",
    "百分点": "个百分点",
    "度": "千瓦时",
    "万度": "万千瓦时",
    "亿度": "亿千瓦时",
}
# counting words, one thing each (units.py says what counts: 座 户 人 …, not 万人): a count of things reaching a
# milestone is a quantity target (5座煤矿…开工建设)
COUNT_UNITS = frozenset(u for u in units.KNOWN_UNITS if units.count_step(u) == 1.0)
# verbs after which a Chinese numeral counts things to be done: 新增三家, 建成两个
CHINESE_COUNT_VERBS = ("新增", "完成", "建成", "新建", "改造", "培育", "引进", "创建", "申报", "打造")

_UNIT_ALTERNATION = "|".join(
    re.escape(u) for u in sorted(units.KNOWN_UNITS, key=len, reverse=True) if not u.isascii() or u == "%"
)
_COUNT_ALTERNATION = "|".join(re.escape(u) for u in sorted(COUNT_UNITS, key=len, reverse=True))
_RANGE_SEP = r"\s*[-—–－~～至]\s*"
MENTION_RE = re.compile(
    rf"(?P<lo>{NUMBER})\s*(?:(?P<lo_unit>{_UNIT_ALTERNATION})?{_RANGE_SEP}(?P<hi>{NUMBER}))?\s*"
    rf"(?P<unit>{_UNIT_ALTERNATION})"
)
CHINESE_MENTION_RE = re.compile(
    rf"(?<![一二两三四五六七八九十百千])(?P<lo>{CHINESE_NUMERAL})(?P<unit>{_COUNT_ALTERNATION})"
)

_AFTER_GE = re.compile(r"^(?:及以上|以上|多)")
_AFTER_LE = re.compile(r"^(?:及以下|以下|以内)")
_AFTER_ABOUT = re.compile(r"^左右")
_BEFORE_GE = re.compile(
    r"(?:达到|达|突破|超过|超|不低于|不少于|稳定在|保持在|提高到|提高至|增加到|增至|扩大到|力争)$"
)
_BEFORE_LE = re.compile(r"(?:控制在|控制到|不超过|不高于|低于|降至|降到|下降到|压减到|压缩到)$")
_GROWTH_WORDS = re.compile(r"(?:增长|增速|增幅|涨幅|上涨|提高|提升)$")
_DECLINE_WORDS = re.compile(r"(?:下降|降低|减少|降幅)$")


@dataclass
class Mention:
    """A number with its unit in a clause; offsets are within the clause text."""

    start: int
    end: int
    value: float
    value_high: float | None
    unit: str
    comparator: str | None  # from a cue word: >=, <=, == (左右), between; None when the text gives none
    about: bool  # 左右
    growth: str | None  # 'up' (增长7.5%), 'down' (下降3%) or None
    chinese: bool
    skipped: str = ""  # the name of the rule that dropped it, or ''


def canonical_unit(unit: str) -> str:
    """The catalog's spelling of a unit (立方 → 立方米)."""
    unit = units.normalize_unit(unit)
    return CANONICAL_UNITS.get(unit, unit)


def _comparator(before: str, after: str, ranged: bool) -> tuple[str | None, bool]:
    if ranged:
        return "between", False
    if _AFTER_ABOUT.match(after):
        return "==", True
    if _AFTER_GE.match(after) or _BEFORE_GE.search(before):
        return ">=", False
    if _AFTER_LE.match(after) or _BEFORE_LE.search(before):
        return "<=", False
    return None, False


def _growth(before: str, unit: str) -> str | None:
    if unit != "%":
        return None
    stem = re.sub(r"(?:同比|按可比口径|按可比价格?计算|比上年|较上年|分别|均|都|力争|左右|\s)+$", "", before)
    if _DECLINE_WORDS.search(stem):
        return "down"
    if _GROWTH_WORDS.search(stem):
        return "up"
    return None


# --- rules that drop a number -------------------------------------------------------------------------------


def skip_ordinal(before: str, after: str, unit: str) -> bool:
    """第十四届, 第4个千亿级产业: a number after 第 is a rank, not an amount."""
    return before.endswith("第")


def skip_quoted(before: str, after: str, unit: str) -> bool:
    """“5+5”产业, 《16条》: a number inside quotation marks or book-title marks is part of a name."""
    return before.count("“") > before.count("”") or before.count("《") > before.count("》")


def skip_project_size(before: str, after: str, unit: str) -> bool:
    """总投资30亿元的…项目, 投资1.27亿元实施的…: the size of a named project describes it (not an amount to do),
    unless a count of projects follows (总投资329.9亿元的124个重点项目 is a plan for a batch)."""
    if not re.search(r"投资(?:额|总额)?(?:约|近|达)?$", before):
        return False
    if not re.match(r"^(?:实施|建设|新建|续建|打造)?的", after):
        return False
    return not re.match(rf"^(?:实施|建设)?的\s*{NUMBER}\s*(?:{_COUNT_ALTERNATION})", after)


def skip_capacity_descriptor(before: str, after: str, unit: str) -> bool:
    """郭家沟400万吨矿井, 700万吨露天矿: a capacity right before a facility noun names the facility — unless
    日处理/年产 says the capacity itself is to be built (日处理3万吨水厂)."""
    if unit in COUNT_UNITS or re.search(r"(?:日处理|日产|年产|年处理|年加工)$", before):
        return False
    return bool(re.match(r"^(?:矿井|露天矿|煤矿|矿|电厂|厂|生产线|机组|项目|热电|电站|基地)", after))


def skip_specification(before: str, after: str, unit: str) -> bool:
    """2×66万千瓦, 20个500千伏: a factor or a rating inside a specification."""
    return bool(re.search(r"[×xX*]$", before))


def skip_policy_count(before: str, after: str, unit: str) -> bool:
    """16条举措, 15条、8条硬措施, 106项卫生标准, 28条配套规定: counted articles of a document."""
    return unit in ("条", "项", "款") and bool(
        re.search(r"举措|措施|规定|意见|标准|要求|条例|办法|禁令|清单", after[:12])
    )


def skip_comparison(before: str, after: str, unit: str) -> bool:
    """比2010年增加13480元, 比上年增加300万元, 高于全国0.8个百分点: a difference against another year or place
    (比上年增长5% is the growth itself and is kept)."""
    if re.search(r"比(?:20\d\d年|“?十[一二三四五六七八九]五”?末?)\S{0,6}(?:增加|提高|多|减少|下降)$", before):
        return True
    if unit != "%" and re.search(r"比(?:上年|去年|上年同期)\S{0,4}(?:增加|提高|多|减少|下降)$", before):
        return True
    return bool(
        re.search(r"(?:高于|低于|快于|慢于|超过|领先)(?:全国|全省|全区|全市|全盟|平均)\S{0,4}$", before)
    )


def skip_from_value(before: str, after: str, unit: str) -> bool:
    """由2010年的162.4亿元增加到…, 保费由每生每年5元提高至10元: the starting value of a change; the value it
    changed to is kept."""
    return bool(re.search(r"[由从](?:20\d\d年的?|[^\d，,、]{0,5})$", before))


def skip_cumulative(before: str, after: str, unit: str) -> bool:
    """累计完成投资3.23亿元, 年均增长12.1%, 五年新增…: totals over several years, not one year's amount."""
    return bool(re.search(r"(?:累计|累积|年均|五年)\S{0,8}$", before))


def skip_existing(before: str, after: str, unit: str) -> bool:
    """重点调度项目有66个: a count of what exists, not an amount to reach."""
    return bool(re.search(r"(?<!拥)有$", before))


def skip_approximate(before: str, after: str, unit: str) -> bool:
    """近8万市民, 近4万居民: an approximate description of who benefits."""
    return before.endswith("近")


SKIP_RULES = (
    skip_ordinal,
    skip_quoted,
    skip_project_size,
    skip_capacity_descriptor,
    skip_specification,
    skip_policy_count,
    skip_comparison,
    skip_from_value,
    skip_cumulative,
    skip_existing,
    skip_approximate,
)

# why each rule drops a number, as exclusions.csv says it to a reviewer
SKIP_LABELS = {
    "skip_ordinal": "序数（第…），不是数量",
    "skip_quoted": "引号或书名号中的名称的一部分",
    "skip_project_size": "所述项目的投资规模（描述项目，不是要完成的数量）",
    "skip_capacity_descriptor": "设施的规模（如400万吨矿井），是名称的一部分",
    "skip_specification": "规格中的倍数或等级（如2×66万千瓦）",
    "skip_policy_count": "文件的条款数（如16条举措）",
    "skip_comparison": "与其他年份或地区相比的差额",
    "skip_from_value": "变化的起点（由…增加到…）",
    "skip_cumulative": "多年累计或年均数",
    "skip_existing": "已有的数量（有…个），不是要达到的数量",
    "skip_approximate": "约数（近…），描述受益范围",
}


def _skip_reason(before: str, after: str, unit: str) -> str:
    for rule in SKIP_RULES:
        if rule(before, after, unit):
            return rule.__name__
    return ""


def find_mentions(clause: str) -> list[Mention]:
    """Every quantity of a clause in order, dropped ones included (``skipped`` names the rule)."""
    text = ascii_digits(clause)
    found: list[Mention] = []
    for m in MENTION_RE.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isdigit() or text[m.start() - 1 : m.start()] == ".":
            continue
        unit = m.group("unit")
        before, after = text[: m.start()], text[m.end() :]
        ranged = m.group("hi") is not None
        comparator, about = _comparator(before, after, ranged)
        mention = Mention(
            m.start(),
            m.end(),
            float(m.group("lo")),
            float(m.group("hi")) if ranged else None,
            canonical_unit(unit),
            comparator,
            about,
            _growth(before, unit),
            False,
        )
        mention.skipped = _skip_reason(before, after, unit)
        found.append(mention)
    for m in CHINESE_MENTION_RE.finditer(text):
        before = text[: m.start()]
        value = chinese_number(m.group("lo"))
        if value is None or value < 2 or not before.endswith(CHINESE_COUNT_VERBS):
            continue  # 一 is idiom (一批, 一村一品); other numerals only right after a verb of doing
        if any(f.start <= m.start() < f.end for f in found):
            continue
        mention = Mention(m.start(), m.end(), float(value), None, m.group("unit"), None, False, None, True)
        mention.skipped = _skip_reason(before, text[m.end() :], m.group("unit"))
        found.append(mention)
    found.sort(key=lambda f: f.start)
    for prev, cur in zip(found, found[1:], strict=False):  # 分别增长8.7%和8.6%: the second is a growth too
        if prev.growth and cur.unit == "%" and re.fullmatch(r"\s*[和、及与]\s*", text[prev.end : cur.start]):
            cur.growth, cur.comparator, cur.about = prev.growth, prev.comparator, prev.about
    return found
