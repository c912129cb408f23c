"""The major tasks of this year's plan (15件大事要事, 突出抓好七方面工作, 全力抓好七项重点工作) and a domain for a text.

A task list is announced, in the plan part of the report (never in last year's review: a review's 六个方面
are last year's work), by a line naming a count (七方面工作, 15件大事要事) and then given either as list items
(- 《深入推进能源革命》) or as the next numbered headings （一）…（七） or 一、…七、. Headings in the body are the
tasks' own sections, so a row under （三） belongs to the third task, and the last task ends where a heading
of its level or above that is not a task begins (四、…, 附件, 民生实事): a row under no task keeps the task
empty. List items have no place in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import ascii_digits, chinese_number
from .sentences import PLAN, heading_title, is_heading, paragraphs

_ANNOUNCE = re.compile(
    r"(\d+|[一二三四五六七八九十]+)(?:件|项|个)?(?:方面的?工作|方面|件?大事要事|项?重点工作|项?重点任务|件大事|大任务)"
)
_NUMBERED = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]")
_TOP_NUMBERED = re.compile(r"^([一二三四五六七八九十]+)[、.．]")
_LIST_ITEM = re.compile(r"^[-•·]\s*(.+)$")

# domain of a task or a row, from words in its text; the first list that matches wins
DOMAIN_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("energy", ("能源", "煤", "电力", "天然气", "煤层气", "新能源", "光伏", "风电", "储能", "装机", "产气")),
    ("environment", ("生态", "环境", "绿化", "造林", "污染", "环保", "锅炉", "污水", "治沙", "减排", "美丽", "绿色发展")),
    ("agriculture", ("粮食", "农业", "农田", "播种", "畜牧", "肉牛", "肉羊", "奶牛", "蔬菜", "大棚", "养殖", "种植",
                     "菜篮子", "农畜", "农牧", "中药材")),
    ("rural", ("乡村", "农村", "村屯", "和美", "脱贫", "保暖房")),
    ("transport", ("交通", "公路", "铁路", "高铁", "道路", "机场", "航线", "通车", "桥")),
    ("employment", ("就业", "失业", "居民收入", "可支配收入", "民生", "社会保障", "培训", "工资")),
    ("urban", ("城市", "城镇", "棚户区", "老旧小区", "住房", "供热", "供水", "管网", "公厕", "垃圾", "市政", "城区")),
    ("education", ("教育", "学校", "高中", "小学", "幼儿园", "招生")),
    ("health", ("医疗", "医院", "卫生", "健康", "医保", "养老", "托育")),
    ("culture", ("文化", "旅游", "文旅", "游客", "景区", "体育", "文物", "非遗")),
    ("consumption", ("消费", "零售", "商贸", "商业", "内需")),
    ("trade", ("外贸", "进出口", "口岸", "开放")),
    ("investment", ("投资", "项目", "招商", "签约", "资金")),
    ("industry", ("工业", "产业", "制造", "企业", "园区", "规上", "规模以上")),
    ("reform", ("改革", "财政", "预算", "营商", "生产总值", "GDP", "创新")),
    ("safety", ("安全", "应急", "消防", "平安", "信访", "防灾", "社会治理")),
)  # fmt: skip


@dataclass(frozen=True)
class Task:
    """A major task: its number, name, domain and, for heading-style lists, where its section starts."""

    task_no: int
    task: str
    domain: str
    start: int | None  # offset of its heading in the report, None for a list given at the top
    end: int | None = None  # where its section ends (the next heading of its level or above that is no task)


def domain_of(text: str) -> str:
    """The first domain whose keywords appear in ``text``, else ``other``."""
    for domain, words in DOMAIN_KEYWORDS:
        if any(w in text for w in words):
            return domain
    return "other"


def _count(text: str) -> int | None:
    m = _ANNOUNCE.search(ascii_digits(text))
    if not m:
        return None
    n = m.group(1)
    value = int(n) if n.isdigit() else chinese_number(n)
    return value if value and 2 <= value <= 30 else None


def find_tasks(text: str, year: int | None = None) -> list[Task]:
    """The task list announced in the plan part of a normalised report (the first one anywhere when ``year`` is
    None), or [] when there is none."""
    lines, offsets, pos = text.split("\n"), [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    in_plan = _plan_lines(text, year) if year is not None else None
    for i, line in enumerate(lines):
        if in_plan is not None and offsets[i] not in in_plan:
            continue
        count = _count(line) if len(line) <= 60 else None
        if count:
            found = _collect(lines[i + 1 :], offsets[i + 1 :], count)
            if len(found) == count:
                ends = _ends(lines, offsets, found)
                return [
                    Task(n + 1, name, domain_of(name), start, end)
                    for n, ((name, start), end) in enumerate(zip(found, ends, strict=True))
                ]
    return []


def _plan_lines(text: str, year: int) -> set[int]:
    """Offsets of the lines of the plan part (:mod:`.sentences` says which part a line is in)."""

    return {p.start for p in paragraphs(text, year) if p.part == PLAN}


def _level(line: str) -> int | None:
    """A heading's level: 1 for 一、, 2 for （一）, 0 for an unnumbered heading line; None for a paragraph."""

    if _TOP_NUMBERED.match(line):
        return 1
    if _NUMBERED.match(line):
        return 2 if is_heading(re.split(r"[。；]", line)[0]) else None
    return 0 if is_heading(line) and not _LIST_ITEM.match(line) else None


def _ends(lines: list[str], offsets: list[int], found: list[tuple[str, int | None]]) -> list[int | None]:
    """Where each task's section ends: the next task's heading, and for the last one the next heading of its
    level or above (四、, 附件, an unnumbered heading), else the end of the text."""
    starts = [start for _, start in found]
    if any(s is None for s in starts):
        return [None] * len(found)
    ends: list[int | None] = list(starts[1:])
    last = offsets.index(starts[-1])
    level = _level(lines[last]) or 2
    end = offsets[-1] + len(lines[-1]) + 1
    for line, start in zip(lines[last + 1 :], offsets[last + 1 :], strict=True):
        found_level = _level(line)
        if found_level is not None and found_level < level:
            end = start
            break
    return [*ends, end]


def _collect(lines: list[str], offsets: list[int], count: int) -> list[tuple[str, int | None]]:
    found: list[tuple[str, int | None]] = []
    style = None
    for line, start in zip(lines, offsets, strict=True):
        item = _LIST_ITEM.match(line)
        numbered = _NUMBERED.match(line) or _TOP_NUMBERED.match(line)
        if item and (not found or found[0][1] is None):
            found.append((heading_title(item.group(1)).strip("《》"), None))
        elif (
            numbered and chinese_number(numbered.group(1)) == len(found) + 1 and style in (None, numbered.re)
        ):
            style = numbered.re
            found.append((heading_title(re.split(r"[。；]", line)[0]), start))
        elif found and found[0][1] is None and line.strip():
            break  # a list ended before the count was reached
        if len(found) == count:
            break
    return found
