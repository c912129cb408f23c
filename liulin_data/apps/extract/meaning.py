"""What a proposed target means: the target model's five words, read from the report's sentence.

Every numeric or dated row of a proposal says what it measures and how it is judged (the target model, see
``docs/architecture.md``): ``measure``, ``direction``, ``final_when``, ``calendar`` and ``season``. The older
columns (``kind``, ``comparator``, ``basis``, ``profile``) are set to agree with them. Each reading below is one
named rule; a reading the rules are unsure of lowers the row's ``confidence`` and says so in ``review``.

measure (first rule that applies):

- a milestone is ``milestone``; 增长/下降/涨幅 X% is ``growth`` (judged as a gap in 百分点, never pro-rated);
- a rate or a share (X%, 开工率, 覆盖率, 占比, 失业率 …) is ``rate``: a level in %, never pro-rated;
- an announcement or a selection (入选, 评为, 认定, 获批, 申报, 命名, 列入名录) is ``event``;
- a crop's sown or planted area (播种面积, 种植面积, 紫薯1000亩), a herd (存栏, 养殖200头), a stock (保有量,
  总数, 达到/稳定在 N 家 without 新增) is ``level``;
- anything else (amounts, 产量, 投资, counts of things done: 新建、改造、完成 N 座) is ``flow``; a quantity
  with no word that says so is read as a flow with a review.

direction: ``<=`` (控制在, 以内, 下降) is ``at_most``; 3-5户 ``range``; 左右 ``about`` — except that a cap
indicator (失业率, 价格涨幅, 能耗, 排放, 死亡, 事故, 浓度 …) with 左右, 控制在 or no cue at all is ``at_most``:
a ceiling is never written ``==``; otherwise ``at_least``.

final_when: growth and rates ``full_year`` (a rate due earlier in the year, 一季度开工率, at its deadline); a cap on
a flow ``breach``; everything else ``deadline``.

calendar and season: milestones and events ``once``; a sown area ``once`` after the sowing season (``3-6``);
the grain harvest ``once`` after ``9-10``; bag-grown fungi (木耳, 香菇 … 万棒) monthly in the bag-making
season ``1-5``; 生产总值, 人均可支配收入, 进出口 and 登记失业率 ``quarterly``; rates other than work-progress
rates, 能耗 and 排放 ``annual``; everything else ``monthly``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FLOW, LEVEL, RATE, GROWTH, EVENT, MILESTONE = "flow", "level", "rate", "growth", "event", "milestone"
AT_LEAST, AT_MOST, RANGE, ABOUT = "at_least", "at_most", "range", "about"
DEADLINE, FULL_YEAR, BREACH = "deadline", "full_year", "breach"
MONTHLY, QUARTERLY, ONCE, ANNUAL = "monthly", "quarterly", "once", "annual"
# the catalog columns of the target model, in the order they are written
MODEL_COLUMNS = ("measure", "direction", "final_when", "calendar", "season")
COMPARATOR_OF = {AT_LEAST: ">=", AT_MOST: "<=", RANGE: "between", ABOUT: "=="}
SOWING, HARVEST, BAG_MAKING = "3-6", "9-10", "1-5"

# indicators that are bad when high: 左右, 控制在 or a bare value of one of them is a ceiling
CAP_WORDS = re.compile(
    r"失业率|价格.{0,4}涨幅|物价.{0,2}涨幅|CPI|消费价格|能耗|排放|死亡|事故|浓度|发生率|赤字|负债率|债务率"
)
_EVENT_WORDS = re.compile(
    r"入选|评为|评定|认定|获批|申报|命名|列入|创成|获评|晋升|纳入.{0,8}(?:名录|名单|试点)"
)
_CROP = re.compile(
    r"播种|种植|粮食|大豆|玉米|小麦|谷子|高粱|马铃薯|薯|作物|蔬菜|中药材|药材|辣椒|椒|杂粮|油料|瓜|果|茶|单产|托管"
)
_AREA_UNITS = ("亩", "万亩", "公顷", "万公顷")
_HERD = re.compile(r"存栏|养殖(?!小区|场|基地|园)|饲养|保有量|保有|总数|总量达到|在校|床位数|常住人口|余额")
_FLOW_CUES = re.compile(
    r"新增|新建|新改建|改扩建|新开工|完成|建成|建设|改造|实施|治理|培训|就业|产量|产值|增加值|生产总值|收入|投资|"
    r"总额|额|销售|零售|消费|接待|游客|发放|提供|开展|引进|培育|认证|修复|造林|绿化|植树|出栏|装机|发电|"
    r"招生|救助|手术|补贴|资金|报酬|退出|淘汰|签约|入驻|整治|提升|打造|创建|发展|加装|更新|推出|安置|征拆|"
    r"供应|运输|进出口|外贸|加工|交易|吞吐|利用|处理|回收|产气|产煤|原煤|煤炭|电量|流量|客流|人次|收获|"
    r"开工|竣工|完工|验收|投运|投产|通车|治沙|防沙|修建|铺设|新开|推广|落地"
)
_GRAIN_OUTPUT = re.compile(r"粮食.{0,4}产量|粮食总产|产量.{0,4}粮食")
_FUNGI = re.compile(r"木耳|香菇|菌棒|食用菌|平菇|蘑菇")
_QUARTERLY = re.compile(r"生产总值|GDP|人均可支配收入|可支配收入|进出口|外贸|登记失业率")
_PROGRESS_RATES = re.compile(r"开工率|复工率|完成率|到位率|签约率|履约率|调查失业率|价格|CPI")
_ANNUAL = re.compile(
    r"能耗|排放|碳|覆盖率|森林|参保率|入学率|巩固率|达标率|优良|处理率|回收率|利用率|占比|比重|强度"
)
_STOCK_VERB = re.compile(r"(?:达到|达|稳定在|保持在|保持|总数|拥有|共有)\s*$")
_NEW_WORDS = re.compile(
    r"新增|新建|新发展|新认证|新培育|新引进|新开工|新改建|完成|建成|实施|改造|培育|引进|发展"
)


@dataclass(frozen=True)
class Meaning:
    """The target model of one proposed row, its older columns, and how sure the rules are."""

    measure: str
    direction: str
    final_when: str
    calendar: str
    season: str
    comparator: str
    basis: str
    profile: str
    confidence: float  # the rules' certainty of this reading (the row's confidence is at most this)
    review: str = ""  # why a person should check the reading ('' when sure)
    rule: str = ""  # the measure rule that decided


def _measure(kind: str, unit: str, name: str, quote: str, before: str) -> tuple[str, float, str, str]:
    """(measure, confidence, review, rule) of a numeric row."""
    if kind == "growth":
        return GROWTH, 0.9, "", "measure_growth"
    if unit == "%":
        return RATE, 0.9, "", "measure_rate"
    if unit == "个百分点":
        review = "目标是比率的变化（个百分点）：请改写为全年比率目标（%），或删除"
        return LEVEL, 0.4, review, "measure_points"
    if _EVENT_WORDS.search(name) or _EVENT_WORDS.search(quote):
        return EVENT, 0.7, "", "measure_event"
    if unit in _AREA_UNITS and _CROP.search(name):
        return LEVEL, 0.8, "", "measure_crop_area"
    if _HERD.search(name) and not re.search(r"新增|出栏", name):
        return LEVEL, 0.75, "", "measure_stock"
    if _FLOW_CUES.search(name):
        return FLOW, 0.85, "", "measure_flow"
    if _STOCK_VERB.search(before) and not _NEW_WORDS.search(before):
        review = "读作时点量（存量）：请核对是否为当年新增的累计量"
        return LEVEL, 0.5, review, "measure_stock_verb"
    if _FLOW_CUES.search(before) or _FLOW_CUES.search(quote):
        return FLOW, 0.75, "", "measure_flow"
    review = "读作累计量（按月累加）：请核对是否为时点量"
    return FLOW, 0.5, review, "measure_flow_default"


def is_cap(name: str) -> bool:
    """True for an indicator that is bad when high (失业率, 价格涨幅, 能耗, 排放 …): its 左右 is a ceiling."""
    return bool(CAP_WORDS.search(name))


def _direction(comparator: str, name: str, bare: bool) -> str:
    if comparator == "between":
        return RANGE
    if comparator == "<=":
        return AT_MOST
    if is_cap(name) and (comparator == "==" or bare):
        return AT_MOST  # 城镇调查失业率5.5%左右, 居民消费价格涨幅2%左右: a ceiling, never ==
    return ABOUT if comparator == "==" else AT_LEAST


def _calendar(measure: str, unit: str, name: str) -> tuple[str, str]:
    """(calendar, season) of a row."""
    if measure in (MILESTONE, EVENT):
        return ONCE, ""
    if measure == LEVEL and unit in _AREA_UNITS and _CROP.search(name):
        return ONCE, SOWING
    if _GRAIN_OUTPUT.search(name) or name in ("粮食产量", "粮食总产量"):
        return ONCE, HARVEST
    if _FUNGI.search(name):
        return MONTHLY, BAG_MAKING
    if re.search(r"能耗|排放", name):
        return ANNUAL, ""
    if _QUARTERLY.search(name):
        return QUARTERLY, ""
    if measure == RATE and not _PROGRESS_RATES.search(name):
        return ANNUAL, ""
    if _ANNUAL.search(name) and measure in (RATE, GROWTH):
        return ANNUAL, ""
    return MONTHLY, ""


def _basis_profile(
    measure: str, unit: str, name: str, season: str, year_end: bool, count: bool
) -> tuple[str, str]:
    """The older columns, agreeing with the measure: no pace for growth, rates, levels, events and caps."""
    if measure == MILESTONE:
        return "milestone", "none"
    if measure == GROWTH:
        return "flow", "none"
    if measure == RATE:
        return "level", "deadline" if not year_end else "none"
    if measure == LEVEL:
        return "level", "sown_area" if season == SOWING else "none"
    basis = "count" if count or measure == EVENT else "flow"  # things counted when done, or an amount
    if measure == EVENT:
        return basis, "none"
    if season == HARVEST:
        return "flow", "harvest"
    if not year_end:
        return basis, "deadline"
    return basis, "back_loaded" if basis == "count" else "linear"


def read_meaning(
    *, kind: str, comparator: str, unit: str, name: str, quote: str, before: str, deadline: str, year: int,
    bare: bool = False, count: bool = False,
) -> Meaning:  # fmt: skip
    """The target model of a proposed row.

    Parameters
    ----------
    kind, comparator, unit, name, quote
        What the target rules proposed (kind growth/ratio/quantity/range/milestone; comparator as the text
        cues gave it, ``==`` for 左右), the row's name and its quote.
    before
        The clause's words before the number (达到, 稳定在 …).
    deadline, year
        The row's ISO deadline and the plan's year (a deadline before the year's end keeps a rate's verdict at
        that deadline).
    bare
        True when the text gave no comparator at all (rule_bare).
    count
        True when the unit counts things done (座, 个 …): the older basis is ``count``.
    """
    year_end = deadline == f"{year}-12-31"
    if kind == "milestone":
        return Meaning(
            MILESTONE, AT_LEAST, DEADLINE, ONCE, "", "==", "milestone", "none", 1.0, "", "measure_milestone"
        )
    measure, confidence, review, rule = _measure(kind, unit, name, quote, before)
    direction = _direction(comparator, name, bare)
    if measure == GROWTH or (measure == RATE and year_end) or (measure == LEVEL and unit == "个百分点"):
        final_when = FULL_YEAR
    elif direction == AT_MOST and measure == FLOW:
        final_when = BREACH
    else:
        final_when = DEADLINE
    calendar, season = _calendar(measure, unit, name)
    basis, profile = _basis_profile(measure, unit, name, season, year_end, count)
    if direction == AT_MOST and measure == FLOW:
        profile = "none"  # a cap has no pace
    return Meaning(
        measure, direction, final_when, calendar, season, COMPARATOR_OF[direction], basis, profile,
        confidence, review, rule,
    )  # fmt: skip
