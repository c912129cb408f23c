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
    """Names for 分别/均 statements: 城镇…、农村…均增长8% → two names; 城乡居民人均可支配收入 → 城镇…, 农村…."""
    subject = re.sub(r"(?:分别|均|都)$", "", subject)
    parts = [p for p in re.split(r"[、和及与]", subject) if p]
    if count == 2 and len(parts) == 1 and subject.startswith("城乡"):
        rest = subject[2:]
        return [f"城镇{rest}", f"农村{rest}"]
    if len(parts) >= count:
        return parts[:count]
    return [subject] * count
