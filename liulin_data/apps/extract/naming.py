"""Indicator names taken from report text (matching names is :mod:`liulin_data.core.names`' concern).

A target's name is the text before its number, without the verbs and adverbs around it
(全年新增就业5700人 → 新增就业; 原煤产量完成3600万吨以上 → 原煤产量). When nothing stands before the number,
the name comes from the words after it (完成30座公厕新建改造 → 公厕新建改造).
"""

from __future__ import annotations

import re

# leading words that are not part of a name: time, effort, connectors, generic verbs
_LEAD = re.compile(
    r"^(?:[、，,和及与\s\-◆·•]|\d{1,2}[.．、]|及以上|以上|以下|以内|左右|其中|20\d\d年|全省|全市|全县|全区|全州|全旗|全盟|全年|年内|今年|当年|去年|力争|确保|全力|全面|努力|争取|就是|要|将|继续|进一步|共|预计|"
    r"计划|实现|完成了?|建成|新建成|加快|接续|重点|扎实|持续|积极|大力|着力|推进|推动|抓好|做好|启动|实施了?|谋划|并|还|"
    r"经济社会发展主要预期目标是|主要预期目标是|主要预期目标|一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|"
    r"[一二三四五六七八九十]要|同比|按可比口径|使|让|有|的)+"
)
# trailing words between a name and its number
_TAIL = re.compile(
    r"(?:稳定在|控制在|控制到|保持在|达到|达|突破|超过|超|为|完成|实现|增长|提高到|提高至|提高|降至|降到|下降到|"
    r"下降|不低于|不少于|不超过|增加到|增加|分别|均|都|按可比口径|按可比价计算|同比|比上年|较上年|比去年|发展到|有|共|累计|"
    r"以上|以内|左右|"
    r"\s)+$"
)
_OBJECT_TAIL = re.compile(r"(?<=..)(?:的?任务|的?工作|工作任务)$")


def clean_subject(text: str) -> str:
    """The name part of the text before a number: leading fillers and trailing comparator verbs removed."""
    previous = None
    text = text.strip()
    while previous != text:
        previous = text
        text = _LEAD.sub("", text)
        text = _TAIL.sub("", text)
    return text.strip("、，,：: ")


def clean_object(text: str) -> str:
    """A name from the words after a number: 的 and 任务/工作 endings removed (座公厕新建改造 → 公厕新建改造)."""
    text = re.sub(r"^(?:及以上|以上|以下|以内|左右|的|、|\s)+", "", text).strip()
    text = _OBJECT_TAIL.sub("", text)
    text = re.sub(r"(?<=..)的?(?:建设|建设改造|新建改造)$", "", text)
    return text.strip("、，,：: ")


PLACEHOLDER = "（请填写指标名称）"  # the name of a row whose text names nothing


def split_subjects(subject: str, count: int) -> list[str]:
    """Names for 分别/均 statements: 城镇…、农村…均增长8% → two names; 城乡居民人均可支配收入 → 城镇…, 农村…;
    城镇、农村居民人均可支配收入 and 肉、奶产量 → the shared rest given to each short qualifier."""
    subject = re.sub(r"(?:分别|均|都)$", "", subject)
    parts = [p for p in re.split(r"[、和及与]", subject) if p]
    if count == 2 and len(parts) == 1 and subject.startswith("城乡"):
        rest = subject[2:]
        return [f"城镇{rest}", f"农村{rest}"]
    if len(parts) >= 2:
        parts = _share_rest(parts)
    if len(parts) >= count:
        return parts[:count]
    return [subject] * count


def _share_rest(parts: list[str]) -> list[str]:
    """城镇、农村居民人均可支配收入 → 城镇居民…, 农村居民…: a short first qualifier takes the last part's rest
    (the last part less a qualifier of the same length)."""
    last = parts[-1]
    out = []
    for part in parts[:-1]:
        n = len(part)
        if n <= 3 and len(last) >= n + 2 and part not in last:
            out.append(part + last[n:])
        else:
            out.append(part)
    return [*out, last]


# words that say how, where or with what a thing is counted, not what: a name that is only one of them (or
# a verb) names nothing (the review 名称不明确 asks a person to write the name)
GENERIC_WORDS = frozenset(
    {"投资", "总投资", "完成投资", "计划投资", "资金", "投入", "投资计划", "产量", "面积", "总面积", "长度", "总长度",
     "里程", "总里程", "数量", "总数", "规模", "总额", "金额", "额", "交易额", "产值", "增加值", "收入", "增长", "增速",
     "项目", "工程", "任务", "工作", "企业", "煤矿", "村", "乡镇", "河流", "道路", "区域", "城区", "城区内", "保护区",
     "改造", "建设", "新建", "完成", "实施", "治理", "设立", "严格", "提升", "提高", "推出", "再推出", "再创建", "申报",
     "发展", "打造", "培育", "引进", "创建", "争取", "实现", "开展", "推进", "加快", "确保", "日处理", "年处理",
     "绿化"}
)  # fmt: skip
_FUNCTION_END = re.compile(
    r"(?:的|和|及|与|等|在|由|从|对|每|每人|给予|处于|首批|批复的|以上|以下|以内|左右|之)$"
)
_PREPOSITION_START = re.compile(r"^(?:在|由|从|对|把|将|向|按|给|比|被|处于|关于)")
_VERB_LEAD = re.compile(
    r"^(?:再(?:创建|推出|纳规|新增|建)|还要|要|严格|建好|布局建设|统筹推进|提升|提高|申报|推出|纳规|再纳规|争取|设立|推动|完善提升|巩固提升|"
    r"发布|释放|开展|抓好|做好|强化|深化|落实|组织|确保|力争|日处理|年处理|日产|年产)"
)
_PLACE_ONLY = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,8}(?:城区内|区域|辖区|境内|范围内|市内|县内|区内|全区|全市|全县|全省)|城区|保护区)$"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def name_problem(name: str) -> str:
    """Why ``name`` does not name what a target counts ('' when it does).

    A name is a noun phrase naming what is counted: a verb (改造, 设立, 再推出), a unit or a piece of one
    (/年建成试运转), a word that says only what kind of amount or thing (投资, 总长度, 煤矿 alone), a place
    (城区内), or a piece ending in 的/和/等 or starting with 在/由 is not.
    """
    text = str(name or "").strip()
    if not text or text == PLACEHOLDER:
        return "没有名称"
    if not (_CJK.match(text[0]) or text[0].isalnum() or text[0] in '“"《（('):
        return f"“{text}”以符号或数字开头，是句子的片段"
    if len(_CJK.findall(text)) < 2:
        return f"“{text}”太短，说不清统计的是什么"
    if text in GENERIC_WORDS or text in BARE_VERBS:
        return f"“{text}”只说了动作或种类，没有说是什么的"
    if _FUNCTION_END.search(text) or _PREPOSITION_START.search(text):
        return f"“{text}”是半句话"
    if _PLACE_ONLY.match(text):
        return f"“{text}”是地点，不是指标"
    if _VERB_LEAD.match(text) and len(text) <= 6:
        return f"“{text}”是动作，不是指标"
    return ""


# words that say how a thing is measured, not what: 完成65条、总长度57.9公里的城市道路 (总长度 names no object)
MEASURE_WORDS = frozenset(
    {"总长度", "长度", "里程", "总里程", "面积", "总面积", "总投资", "投资", "规模", "总额"}
)
# verbs that, alone before a number, name nothing (创建4个精品示范村 is named by what follows)
BARE_VERBS = frozenset(
    ["创建", "巩固提升", "完善提升", "提升", "申报", "发展", "新建", "建成", "实施", "完成", "启动", "加快", "巩固",
     "争取", "实现", "新增", "打造", "培育", "引进", "建设", "改造", "严格", "再创建", "再推出", "推出", "建好首批",
     "再纳规", "纳规", "设立", "布局建设"]
)  # fmt: skip


def weak_subject(subject: str) -> bool:
    """True when the words before a number do not name it, so the words after it must: nothing, a bare verb,
    an example list (贺昌等), a modifier (“十四五”批复的), a place (城区内), a verb phrase (再推出, 建好首批)."""
    subject = subject.strip()
    if not subject or subject in BARE_VERBS or subject.endswith(("等", "的")):
        return True
    return bool(_PLACE_ONLY.match(subject) or (_VERB_LEAD.match(subject) and len(subject) <= 6))


_SPEC = re.compile(r"^(?:\d+(?:\.\d+)?[\u4e00-\u9fff]{1,2}(?:及以上|及以下|以上|以下)?的?)")
_CLASS_LEAD = re.compile(r"^(?:各类|各种|各项|一批|一些|相关|全部|所有)")


def tidy_object(text: str) -> str:
    """A name from the words after a number, without a leading size (10蒸吨及以下的) or 各类: 10蒸吨及以下的各类燃煤
    小锅炉淘汰 → 燃煤小锅炉淘汰."""
    text = clean_object(text)
    previous = None
    while previous != text:
        previous = text
        text = _CLASS_LEAD.sub("", _SPEC.sub("", text))
    text = re.sub(r"(?:全部|全面|有序|逐步)(?=[\u4e00-\u9fff]{2}$)", "", text)
    return text.strip("、，,：: ")


# generic measure words a list leaves without their object: 粮食播种面积…、产量 → 粮食产量
_MEASURE_HEADS = ("播种面积", "种植面积", "面积", "产量", "产值", "总产", "总额", "收入", "投资", "增加值")


def complete_generic(name: str, previous: str) -> str:
    """产量 after 粮食播种面积 → 粮食产量: a bare measure word takes the object of the name before it."""
    if name not in ("产量", "面积", "产值", "总产", "总额", "增加值", "单产") or not previous:
        return name
    for head in _MEASURE_HEADS:
        if previous.endswith(head) and len(previous) > len(head):
            return previous[: -len(head)] + name
    return name
