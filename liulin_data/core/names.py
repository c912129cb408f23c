"""Indicator-name matching: the one normaliser, and the index from every id, name and alias to a catalog row.

Used by the catalog (override files, clashes between aliases), the actuals loaders and the history table, so
that "其中：原煤产量（万吨）", "原煤产量" and "raw_coal_output" name the same row everywhere.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# quotation marks ignored when matching names
_QUOTES = "“”‘’\"'「」『』"
# a leading 其中： or # (bureau tables indent sub-items this way)
_PREFIX = re.compile(r"^(?:其中[:：]?|#)+")
# a trailing unit in brackets: 原煤产量(万吨)
_TRAILING_UNIT = re.compile(r"^(.+?)[(\[【][^()\[\]【】]*[)\]】]$")
# words that mean the same in indicator names, as different years' reports write them (the scorecard matches
# year N's targets with the results year N+1's report states): each word → its common form, applied after
# name_key, longest word first
SYNONYMS: dict[str, str] = {
    "增速": "增长",
    "增幅": "增长",
    "增长率": "增长",
    "一般公共财政预算收入": "一般公共预算收入",
    "公共财政预算收入": "一般公共预算收入",
    "地方公共财政预算收入": "一般公共预算收入",
    "城镇新增就业": "新增就业",
    "新增城镇就业": "新增就业",
    "接待游客": "旅游接待人数",
    "农村牧区常住居民": "农村居民",
    "农村牧区居民": "农村居民",
    "农村常住居民": "农村居民",
    "城镇常住居民": "城镇居民",
    "农牧民": "农村居民",
    "主次干道": "道路",
}


@dataclass(frozen=True)
class Statistic:
    """A word that makes a name count another statistic than a catalog row's target: a stock (存栏, 在库) for
    a row of things added (新增肉牛, 林麝养殖), a total (种植面积, 完成投资) for new or planned amounts, an amount
    (招商到位资金) for a growth rate. Such a name never matches that row, alias or not (issue #19.8)."""

    word: str  # as written in a file's indicator name
    label: str  # what it counts, for people: 存栏数（某一时点的存量）
    against: tuple[str, ...] = ()  # words of the catalog names it contradicts; () = any name without the word
    core: str = ""  # what the word leaves of the name to find the row (招商到位资金 → 到位资金)


# the statistics a file's row may name instead of a catalog row's own (see Statistic)
OTHER_STATISTICS: tuple[Statistic, ...] = (
    Statistic("存栏", "存栏数（某一时点的存量）", ("新增", "新发展")),  # 林麝养殖 is a herd: 林麝存栏 is itself
    Statistic("在库", "在库数（某一时点的存量）", ("新增", "新发展")),
    Statistic("种植面积", "全部种植面积（不只是新发展的面积）", ("新增", "新发展")),
    Statistic("招商到位资金", "招商到位资金的金额", (), "到位资金"),
    Statistic("完成投资", "当年完成投资额", ("总投资",), "总投资"),
)
# counting words a name may end in after the statistic's word (四上企业在库数 → 四上企业)
_COUNT_SUFFIX = re.compile(r"(?:总数|户数|个数|头数|只数|数|量)$")
# difflib ratio from which a name counts as a typo of a catalog name (原煤产 → 原煤产量)
NEAR_MISS_RATIO = 0.8
# difflib cutoff for the "您是不是要找…" suggestion
SUGGEST_CUTOFF = 0.5


def name_key(text: object) -> str:
    """The matching key of a name: NFKC, no spaces or quotation marks, no leading 其中：/#, no trailing (unit),
    lower case. ``name_key('其中：原煤产量（万吨）') == name_key('原煤产量')``."""
    if text is None:
        return ""
    key = unicodedata.normalize("NFKC", str(text))
    key = "".join(ch for ch in key if not ch.isspace() and ch not in _QUOTES).lower()
    key = _PREFIX.sub("", key)
    m = _TRAILING_UNIT.match(key)
    return m.group(1) if m else key


def synonym_key(text: object) -> str:
    """:func:`name_key` with the words of :data:`SYNONYMS` in their common form, so that two reports' names of one
    indicator meet: ``synonym_key('公共财政预算收入增速') == synonym_key('一般公共预算收入增长')``."""
    key = name_key(text)
    for word in sorted(SYNONYMS, key=len, reverse=True):
        key = key.replace(word, SYNONYMS[word])
    return key


def aliases_of(value: object) -> tuple[str, ...]:
    """A row's aliases as a tuple, whether stored ``|``-separated or as a sequence."""
    if isinstance(value, str):
        return tuple(a for a in value.split("|") if a.strip())
    if isinstance(value, tuple | list):
        return tuple(a for a in value if isinstance(a, str) and a.strip())
    return ()


@dataclass
class NameIndex:
    """Every id, name and alias of a catalog → its ``indicator_id``.

    Ids and report names win over an alias that clashes with them; two rows claiming one name are recorded
    in :attr:`clashes` as ``(name, first_id, other_id)``.
    """

    lookup: dict[str, str] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)  # indicator_id → Chinese name
    kinds: dict[str, str] = field(default_factory=dict)  # indicator_id → kind
    clashes: list[tuple[str, str, str]] = field(default_factory=list)

    @classmethod
    def from_targets(cls, targets: pd.DataFrame) -> NameIndex:
        """Index a catalog frame (columns indicator_id, indicator, aliases, kind)."""
        ids = [str(i) for i in targets["indicator_id"]]
        names = [str(n) for n in targets["indicator"]]
        aliases = targets["aliases"] if "aliases" in targets else [()] * len(ids)
        kinds = targets["kind"] if "kind" in targets else [""] * len(ids)
        index = cls(display=dict(zip(ids, names, strict=True)), kinds=dict(zip(ids, kinds, strict=True)))
        for iid, al in zip(ids, aliases, strict=True):
            index._claim(aliases_of(al), iid, weak=True)
        for iid, name in zip(ids, names, strict=True):
            index._claim((name, iid), iid, weak=False)
        return index

    def _claim(self, names: Iterable[str], iid: str, *, weak: bool) -> None:
        for name in names:
            key = name_key(name)
            if not key:
                continue
            other = self.lookup.get(key)
            if other is not None and other != iid:
                self.clashes.append((name, other, iid))
                if weak:
                    continue
            self.lookup[key] = iid

    def resolve(self, text: object) -> str | None:
        """The ``indicator_id`` that ``text`` names, or None."""
        return self.lookup.get(name_key(text))

    def other_statistic(self, text: object) -> tuple[str, Statistic] | None:
        """(indicator_id, statistic) when ``text`` names another statistic than the row it would match: it
        holds the word of one of :data:`OTHER_STATISTICS` that the row's own name lacks (林麝存栏 for
        林麝养殖, 中药材种植面积 for 新发展中药材, 重点项目完成投资 for 重点项目总投资). A row whose own name
        has the word (朝天椒种植面积, 生猪存栏) is its own statistic: None."""
        key = name_key(text)
        for st in OTHER_STATISTICS:
            word = name_key(st.word)
            if word not in key:
                continue
            rest = key.replace(word, name_key(st.core))
            # the row it would pass for: its own name, or the catalog's name with the word that makes it a flow
            # (肉牛存栏 → 新增肉牛, 中药材种植面积 → 新发展中药材)
            bare = _COUNT_SUFFIX.sub("", rest)
            tries = (key, rest, bare, *(name_key(a) + bare for a in st.against))
            iid = next((self.lookup[k] for k in tries if k and k in self.lookup), None)
            if iid is None:
                continue
            own = name_key(self.display[iid])
            if word not in own and (not st.against or any(name_key(a) in own for a in st.against)):
                return iid, st
        return None

    def suggest(self, text: object, kinds: set[str] | None = None) -> str | None:
        """The Chinese name of the closest indicator (for "您是不是要找“原煤产量”？"), or None."""
        keys = [k for k, iid in self.lookup.items() if kinds is None or self.kinds.get(iid) in kinds]
        match = difflib.get_close_matches(name_key(text), keys, n=1, cutoff=SUGGEST_CUTOFF)
        return self.display[self.lookup[match[0]]] if match else None

    def near_miss(self, text: object) -> str | None:
        """The catalog name ``text`` is a typo of (ratio >= :data:`NEAR_MISS_RATIO`, milestones aside)."""
        key = name_key(text)
        best, best_ratio = None, NEAR_MISS_RATIO
        for name, iid in self.lookup.items():
            ratio = difflib.SequenceMatcher(None, key, name).ratio()
            if ratio >= best_ratio and self.kinds.get(iid) != "milestone":
                best, best_ratio = iid, ratio
        return None if best is None else self.display[best]
