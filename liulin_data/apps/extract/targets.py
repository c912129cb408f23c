"""This year's targets from a work report: one proposed catalog row per quantity or dated deliverable.

Every row is proposed by one named rule below (its name is written in the row's ``note``); each rule's
docstring says what it matches. Rows are proposals: ``confidence`` (0–1) says how sure the rule is and
``review`` names a reason for a person to look (无数值, 比较符不明确, 单位未知 …), empty when confident.

Quantity rules (on a number the :mod:`mentions` rules kept):

- :func:`rule_range`       新增“四上”企业3-5户 → between 3 and 5
- :func:`rule_growth`      地区生产总值增长7.5% → growth; 下降3% → growth of −3
- :func:`rule_ratio`       开工率达35%以上, 失业率控制在4%以内 → ratio with its comparator
- :func:`rule_bounded`     原煤产量完成3600万吨以上, 稳定在, 控制在, 突破, 左右 → quantity with its comparator
- :func:`rule_do_count`    新增/完成/建成/改造/实施 N units → quantity, at least N
- :func:`rule_bare`        a quantity with no verb or comparator → proposed with 比较符不明确

Deliverable rules (a clause without a quantity):

- :func:`rule_milestone_end`    X开工建设 / 投入使用 / 建成通车 / 竣工 / 完工 / 封顶 / 投运 / 开园
- :func:`rule_milestone_dated`  年内完成X, 年底前建成X, 6月底前开工X
- :func:`rule_no_value`         a statement of the main-targets paragraph without a number (无数值)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mentions import COUNT_UNITS, Mention, find_mentions
from .naming import (
    MEASURE_WORDS,
    PLACEHOLDER,
    clean_object,
    clean_subject,
    complete_generic,
    split_subjects,
    tidy_object,
    weak_subject,
)
from .numerals import ascii_digits
from .sentences import Clause, Sentence, classify, sentences

# milestone verbs at the end of a clause → milestone_type (the last verb of 建成通车 decides)
MILESTONE_VERBS = {
    "开工建设": "start", "开工": "start", "动工": "start",
    "建成投用": "operate", "建成投产": "operate", "建成运营": "operate", "建成通车": "open",
    "投入使用": "operate", "投入运营": "operate", "投入运行": "operate", "投用": "operate", "投运": "operate",
    "投产": "operate", "正式运营": "operate", "运营": "operate", "开园": "operate",
    "通车": "open", "全线贯通": "open", "贯通": "open",
    "竣工验收": "accept",
    "竣工": "complete", "完工": "complete", "主体封顶": "complete", "封顶": "complete", "建成": "complete",
}  # fmt: skip
_MILESTONE_END = re.compile(
    "(?:" + "|".join(sorted(MILESTONE_VERBS, key=len, reverse=True)) + r")(?:建设|工作)?[。\s]*$"
)
_MILESTONE_HEDGE = re.compile(
    r"(?:力争|确保|争取|年内|年底前?|如期|按期|全部|全面|正式|顺利|主体|尽早|尽快|实现|全线|\s)+$"
)
_DATED_START = re.compile(
    r"^(?:全力|确保|力争|要)?(?P<date>年内|年底前|年底|今年底前?|上半年|[一二三四]季度|\d{1,2}月底前?|\d{1,2}月份?前)"
    r"(?P<verb>完成|建成|开工建设|开工|投入使用|投用|竣工|实现)(?P<object>.+)$"
)
_DATE_CUES = (
    (re.compile(r"一季度|第一季度"), "03-31"),
    (re.compile(r"上半年|二季度|第二季度|年中"), "06-30"),
    (re.compile(r"三季度|第三季度"), "09-30"),
)
_MONTH_END = re.compile(r"(\d{1,2})月(?:底|末|份|前|30日|31日)")
_DO_VERBS = re.compile(
    r"新增|完成|建成|新建|改造|实施|启动|创建|培育|引进|发展|申报|争取|实现|建设|办理|开展|发放|提供|打造|治理|"
    r"推动|改扩建|认证|计划|安排|投资|达到|接待|植树|造林|绿化|修复|淘汰|退出|入驻|入选|整治|提升|新改建|开工"
)
_MAIN_TARGETS = re.compile(r"主要预期目标|主要目标是|预期目标是")
# names that say what kind of amount, not of what: completed with what follows (投资 → …景区建设投资)
GENERIC_NAMES = frozenset({"投资", "总投资", "完成投资", "计划投资", "资金", "投入", "投资计划"})


@dataclass
class Proposal:
    """One proposed catalog row before ids, domains and pace profiles are filled in."""

    indicator: str
    kind: str
    comparator: str
    target: float | None
    target_high: float | None
    unit: str
    deadline: str
    milestone_type: str
    quote_start: int
    quote_end: int
    section: str
    rule: str
    confidence: float
    review: str = ""
    before: str = ""  # the clause's words before the number (达到, 稳定在 …): read by :mod:`.meaning`


def deadline_of(text: str, year: int) -> str:
    """The ISO deadline a clause states (一季度 → YYYY-03-31, 6月底 → YYYY-06-30), else the year end."""
    digits = ascii_digits(text)
    for pattern, month_day in _DATE_CUES:
        if pattern.search(digits):
            return f"{year}-{month_day}"
    m = _MONTH_END.search(digits)
    if m and 1 <= int(m.group(1)) <= 12:
        month = int(m.group(1))
        last = 31 if month in (1, 3, 5, 7, 8, 10, 12) else 30 if month != 2 else 28
        return f"{year}-{month:02d}-{last:02d}"
    return f"{year}-12-31"


# --- quantity rules ----------------------------------------------------------------------------------------


def rule_range(m: Mention, before: str, after: str) -> tuple[str, str, float] | None:
    """X—Y, X-Y, X至Y with a unit (3-5户, 6%—7%): a range target, comparator between."""
    if m.value_high is None:
        return None
    return "range", "between", 0.9


def rule_growth(m: Mention, before: str, after: str) -> tuple[str, str, float] | None:
    """增长X%, 增速X%, 涨幅X% (up), 下降X% (down): a growth target; 左右 keeps ==, otherwise at least."""
    if m.growth is None:
        return None
    if m.growth == "down":
        return "growth", "<=", 0.85
    return "growth", "==" if m.about else ">=", 0.9


def rule_ratio(m: Mention, before: str, after: str) -> tuple[str, str, float] | None:
    """A rate with a cue: 开工率达35%以上, 失业率控制在4%以内, 5.7%左右."""
    if m.unit != "%" or m.comparator is None:
        return None
    return "ratio", m.comparator, 0.85


def rule_bounded(m: Mention, before: str, after: str) -> tuple[str, str, float] | None:
    """A quantity with a comparator cue: X以上, 突破X, 超X, 达到X (at least); 控制在X, X以内 (at most); X左右."""
    if m.comparator is None:
        return None
    return "quantity", m.comparator, 0.85


def rule_do_count(m: Mention, before: str, after: str) -> tuple[str, str, float] | None:
    """新增/完成/建成/改造/实施/创建… N units (新增肉牛4000头, 完成30座公厕新建改造, 27个老旧小区改造,
    5座煤矿…开工建设): at least N."""
    if not (_DO_VERBS.search(before) or _DO_VERBS.search(after) or milestone_verb(after)):
        return None
    return "quantity", ">=", 0.6 if m.chinese else 0.75


def rule_bare(m: Mention, before: str, after: str) -> tuple[str, str, float] | None:
    """A quantity without a verb or comparator (城镇调查失业率5.7%): proposed, with 比较符不明确."""
    return ("ratio" if m.unit == "%" else "quantity"), ">=", 0.5


QUANTITY_RULES = (rule_range, rule_growth, rule_ratio, rule_bounded, rule_do_count, rule_bare)


def milestone_verb(clause: str) -> tuple[str, str] | None:
    """The milestone verb a clause ends with and its milestone_type (开工建设 → start), or None."""
    m = _MILESTONE_END.search(clause)
    if not m:
        return None
    verb = re.sub(r"(?:建设|工作)?[。\s]*$", "", m.group(0))
    return verb, MILESTONE_VERBS[verb]


def _drop_measures_of_milestone(clause: str, mentions: list[Mention]) -> list[Mention]:
    """In 郭家沟400万吨矿井开工建设 the tonnage names the mine: only counts (5座煤矿…开工) stay quantities."""
    if milestone_verb(clause) is None:
        return mentions
    return [m for m in mentions if m.unit in COUNT_UNITS]


def _name(subject: str, tail: str, growth: str | None) -> str:
    name = clean_subject(subject) or clean_object(tail)
    if growth and name and not name.endswith(("增速", "增幅", "涨幅", "增长", "降幅")):
        name += "增速" if growth == "up" else "降幅"
    return name


def _name_window(text: str, kept: list[Mention], i: int, object_style: bool) -> tuple[str, str]:
    """The words before a quantity (back to the previous one) and after it (up to the next one).

    With ``object_style`` (36个老旧小区…改造、45个…) the name is after the number: ``before`` is empty and
    ``after`` runs to the next 、 (or, when that names nothing, to the end of the clause).
    """
    m = kept[i]
    begin = kept[i - 1].end if i else 0
    end = kept[i + 1].start if i + 1 < len(kept) else len(text)
    before, tail = text[begin : m.start], text[m.end : end]
    if object_style:
        first = tail.split("、")[0] if len(kept) > 1 else tail
        before, tail = "", first if len(clean_object(first)) >= 2 else tail
        if (
            len(clean_object(tail)) < 2 or clean_object(tail) in MEASURE_WORDS
        ):  # 65条、总长度57.9公里的城市道路…
            tail = text[kept[-1].end :]
    return before, tail


def _quantity_rows(sentence: Sentence, clause: Clause, mentions: list[Mention], state: dict, year: int):
    rows = list(_clause_quantities(sentence, clause, mentions, state, year))
    share_list_action(rows)
    name_amounts_by_count(rows, clause)
    for row in rows:  # 完成65条、总长度57.9公里的城市道路新建改造: the second is the roads' length
        word = re.search(r"(?:总长度|长度|总里程|里程|总面积)\s*$", row.before)
        if word and not row.indicator.endswith(word.group(0).strip()):
            row.indicator += word.group(0).strip()
    return rows


def _clause_quantities(sentence: Sentence, clause: Clause, mentions: list[Mention], state: dict, year: int):
    text = ascii_digits(clause.text)
    kept = [m for m in mentions if not m.skipped]
    deadline = deadline_of(clause.text, year)
    object_style = names_follow(clean_subject(text[: kept[0].start])) and not state.get("subject")
    state["clause_object"] = tidy_object(text[kept[-1].end :])
    for i, m in enumerate(kept):
        before, tail = _name_window(text, kept, i, object_style)
        tail = tail or next_clause_object(sentence, clause)
        kind, comparator, confidence, rule = next(
            (*r, fn.__name__)
            for fn in QUANTITY_RULES
            if (r := fn(m, text[: m.start], text[m.end :])) is not None
        )
        quote_start = clause.start
        subject = clean_subject(before)
        names = _names_for(before, tail, m, kept, i, state)
        if not subject and not clean_object(tail) and state.get("subject"):
            quote_start = state["clause_start"]
        if rule == "rule_bare" and state.get("doing"):  # 完成大豆单产提升8.2万亩，农业生产托管6万亩
            kind, comparator, confidence, rule = "quantity", ">=", 0.7, "rule_do_count"
        state["doing"] = state.get("doing") or rule == "rule_do_count"
        review = "比较符不明确" if rule == "rule_bare" else ""
        target = -m.value if m.growth == "down" else m.value
        for name in names:
            yield Proposal(
                name, kind, comparator, target, m.value_high, "%" if kind == "growth" else m.unit, deadline, "",
                quote_start, clause.end, sentence.section, rule, confidence, review, text[: m.start],
            )  # fmt: skip
        if subject:
            state["subject"], state["clause_start"] = re.sub(r"(?:增速|增长)$", "", subject), clause.start


# what is done to the things a list counts, said once after its last item (13条河流、300条侵蚀沟治理)
_LIST_ACTION = re.compile(
    r"(?:提质升级|入选[\u4e00-\u9fff]+|(?<=[\u4e00-\u9fff]{2})(?:综合治理|治理|改造|整治|修复|淘汰|退出|申报|验收|开工|竣工))$"
)


def share_list_action(rows: list[Proposal]) -> None:
    """7个乡镇、10个村入选国家和美乡村建设项目 → 乡镇入选…; 7个国家物流枢纽、4个…基地提质升级 → 国家物流枢纽
    提质升级: a bare noun of a list takes the action its last item states."""
    if len(rows) < 2:
        return
    action = _LIST_ACTION.search(rows[-1].indicator)
    if not action:
        return
    for row in rows[:-1]:
        name = re.split(r"[和及与]", row.indicator)[0] if row.indicator.endswith("等") else row.indicator
        if row.unit in COUNT_UNITS and not _LIST_ACTION.search(name) and len(name) <= 12:
            row.indicator = name + action.group(0)


def name_amounts_by_count(rows: list[Proposal], clause: Clause) -> None:
    """总投资329.9亿元的124个重点项目, 66个重点项目54亿元的投资计划: an amount named only by its kind takes the
    name of what the clause counts (重点项目总投资)."""
    counted = [r.indicator for r in rows if r.unit in COUNT_UNITS and r.indicator not in GENERIC_NAMES]
    for row in rows:
        if row.indicator in GENERIC_NAMES and len(counted) == 1 and row.unit not in COUNT_UNITS:
            row.indicator = counted[0] + row.indicator


def names_follow(subject: str) -> bool:
    """True when the name comes after the number: nothing, a bare verb, an example list (贺昌等), a modifier
    (“十四五”批复的), a place (城区内) or a verb phrase (再推出) before it (:func:`.naming.weak_subject`)."""
    return weak_subject(subject)


def next_clause_object(sentence: Sentence, clause: Clause) -> str:
    """投资6.6亿元,实施两河圣山…建设: what an amount is for, from the next clause (实施/用于 removed)."""
    later = [c for c in sentence.clauses if c.start > clause.start]
    if not later or re.search(r"\d", ascii_digits(later[0].text)):
        return ""
    return re.sub(r"^(?:实施了?|完成了?|用于|推进|重点实施了?)", "", later[0].text.strip())


def _names_for(before: str, tail: str, m: Mention, kept: list[Mention], i: int, state: dict) -> list[str]:
    """The name(s) of one quantity: 均 and 分别 give one name per listed indicator."""
    subject = clean_subject(before)
    raw = re.sub(r"(?:增长|增速|达到|提高)$", "", before.strip())
    if re.search(r"(?:均|都)$", raw) and "、" in raw:
        return [_name(s, "", m.growth) for s in split_subjects(clean_subject(raw), raw.count("、") + 1)]
    if "分别" in raw and i + 1 < len(kept):
        state["respectively"] = split_subjects(clean_subject(raw.split("分别")[0]), 2)
        return [_name(state["respectively"][0], "", m.growth)]
    if state.get("respectively") and not subject:
        names = state.pop("respectively")
        return [_name(names[min(1, len(names) - 1)], "", m.growth)]
    name = _name(before, tail, m.growth)
    obj = tidy_object(tail)
    if obj in MEASURE_WORDS:  # 完成65条、总长度57.9公里的城市道路新建改造: the clause's last object
        obj = state.get("clause_object", "")
    if len(obj) >= 2 and not m.growth and (weak_subject(subject) or _names_a_list(subject, m)):
        name = obj  # 城区内178座…燃煤小锅炉淘汰, 呼和浩特、鄂尔多斯、满洲里3个综保区: what follows is counted
    if name in GENERIC_NAMES and clean_object(tail):
        name = clean_object(tail) + name
    elif name in MEASURE_WORDS and len(obj) >= 2:  # 总长度57.9公里的城市道路新建改造 → 城市道路总长度
        name = obj + name
    if not name and state.get("subject"):
        name = state["subject"]
    name = complete_generic(name, state.get("last_name", ""))
    state["last_name"] = name
    return [name or clean_object(tail) or PLACEHOLDER]


def _names_a_list(subject: str, m: Mention) -> bool:
    """呼和浩特、鄂尔多斯、满洲里3个综保区, 申报东飞、大象2户…: a list of proper names before a count names
    examples; the thing counted follows the unit."""
    return m.unit in COUNT_UNITS and "、" in subject


# --- deliverable rules -------------------------------------------------------------------------------------


def rule_milestone_end(sentence: Sentence, clause: Clause, year: int) -> Proposal | None:
    """X开工建设 / X投入使用 / X建成通车 / X竣工 / X完工 / X封顶 / X投运 / X开园 at the end of a clause, with
    the project named before the verb (力争, 确保, 年内 … removed); 实现年底开园 with no name is kept when
    dated, with 事项名称不明确."""
    found = milestone_verb(clause.text)
    if found is None:
        return None
    verb, milestone_type = found
    stem = clause.text[: _MILESTONE_END.search(clause.text).start()]
    stem = _MILESTONE_HEDGE.sub("", stem)
    stem = re.sub(r"^(?:推进|加快推进|加快|确保|力争|争取|实现|推动|全力|全面|完成)+", "", stem)
    stem = re.sub(r"^(?:总)?投资\s*[\d.]+\s*[万亿]?元的", "", ascii_digits(stem))
    deadline = deadline_of(clause.text, year)
    if re.search(r"20\d\d年", ascii_digits(clause.text)) and f"{year}年" not in ascii_digits(clause.text):
        return None  # 确保2018年投入使用: not this year
    dated = deadline != f"{year}-12-31" or re.search(r"年内|年底|今年", clause.text)
    if stem.endswith("化"):  # 市场化运营, 规范化运营: a manner of working, not a deliverable
        return None
    if len(stem) < 3 or stem.startswith(("在", "尽")):
        if not dated:
            return None
        return Proposal(
            clause.text.strip(), "milestone", "==", None, None, "", deadline, milestone_type,
            clause.start, clause.end, sentence.section, "rule_milestone_end", 0.4, "事项名称不明确",
        )  # fmt: skip
    return Proposal(
        f"{stem}{verb}", "milestone", "==", None, None, "", deadline, milestone_type,
        clause.start, clause.end, sentence.section, "rule_milestone_end", 0.6,
    )  # fmt: skip


def rule_milestone_dated(sentence: Sentence, clause: Clause, year: int) -> Proposal | None:
    """A dated deliverable without a number: 年内完成X, 年底前建成X, 一季度开工X, 6月底前投用X."""
    m = _DATED_START.match(ascii_digits(clause.text.strip()))
    if not m:
        return None
    verb = m.group("verb")
    milestone_type = {"开工建设": "start", "开工": "start", "投入使用": "operate", "投用": "operate"}.get(
        verb, "complete"
    )
    name = clean_object(m.group("object"))
    if len(name) < 3:
        return None
    return Proposal(
        f"{name}{'' if verb in ('完成', '实现') else verb}", "milestone", "==", None, None, "",
        deadline_of(m.group("date"), year), milestone_type, clause.start, clause.end, sentence.section,
        "rule_milestone_dated", 0.6,
    )  # fmt: skip


def rule_no_value(sentence: Sentence, clause: Clause, year: int) -> Proposal | None:
    """A statement of the main-targets paragraph without a number (居民收入增长与经济增长同步,
    主要约束性指标达到上级要求): proposed with 无数值 so a person decides."""
    text = clause.text.strip()
    if not _MAIN_TARGETS.search(sentence.context) or _MAIN_TARGETS.search(text) or len(text) < 6:
        return None
    if re.search(r"\d", ascii_digits(text)) or not re.search(
        r"增长|达到|完成|控制|稳定|同步|提高|下降", text
    ):
        return None
    return Proposal(
        text, "quantity", ">=", None, None, "", f"{year}-12-31", "", clause.start, clause.end,
        sentence.section, "rule_no_value", 0.3, "无数值",
    )  # fmt: skip


DELIVERABLE_RULES = (rule_milestone_end, rule_milestone_dated, rule_no_value)


def propose_targets(text: str, year: int) -> list[Proposal]:
    """Every proposed target and milestone of the plan part of a normalised report, in report order."""
    rows: list[Proposal] = []
    for sentence in sentences(text, year):
        if classify(sentence.text, sentence.part, year, sentence.context) != "target":
            continue
        state: dict = {}
        for clause in sentence.clauses:
            mentions = _drop_measures_of_milestone(clause.text, find_mentions(clause.text))
            if any(not m.skipped for m in mentions):
                rows.extend(_quantity_rows(sentence, clause, mentions, state, year))
                continue
            row = next((r for rule in DELIVERABLE_RULES if (r := rule(sentence, clause, year))), None)
            if row is not None:
                rows.append(row)
    return rows
