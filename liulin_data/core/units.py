"""The units of the work reports and of the counties' statistical releases, on a pint registry.

The report writes Chinese units with the multipliers 万 (1e4) and 亿 (1e8): 万吨, 万亩, 亿立方米, 万斤, 亿元 …
Each Chinese unit maps to a magnitude of an ASCII base unit on a private :class:`pint.UnitRegistry`
(never the global one), so pint decides what converts into what:

- mass: 吨 ↔ 万吨 ↔ 斤 ↔ 万斤 (1 吨 = 2000 斤), area: 亩 ↔ 万亩 ↔ 公顷 (1 公顷 = 15 亩) ↔ 平方米 ↔ 万平方米,
  volume: 立方米 (the report also writes 立方) ↔ 万立方米 ↔ 亿立方米, money: 元 ↔ 万元 ↔ 亿元 ↔ 万亿元,
  electricity: 千瓦时 (度) ↔ 万千瓦时, installed capacity: 千瓦 ↔ 万千瓦, length: 公里 = 千米 ↔ 米, and %.
  个百分点 (a difference of two rates) has a dimension of its own: it never converts into %.
- Counting units (头, 只, 户, 个, 座, 项, 处, 套, 人, 棒, 条, 所, 栋, 件, 种, 张, 台, 辆, 例, 部) each have a
  dimension of their own: a head of cattle never becomes a household. Their 万 forms (万棒, 万人, 万户 …)
  convert within the same count; 人次 and 名 count persons.

Examples
--------
>>> convert(9600, "万斤", "万吨")
4.8
>>> factor("公顷", "万亩")
0.0015
"""

from __future__ import annotations

import unicodedata
from functools import cache

import pint

from .exceptions import UnitError

WAN = 1e4  # 万
YI = 1e8  # 亿

# the dimension name of every counting unit starts with this
COUNT_DIMENSION_PREFIX = "计数"

# pint base units of the private registry: name -> (definition, Chinese name of the dimension)
_BASE_DEFINITIONS = {
    "tonne": ("tonne = [mass]", "质量"),
    "mu": ("mu = [area]", "面积"),
    "cubic_meter": ("cubic_meter = [volume]", "体积"),
    "yuan": ("yuan = [currency]", "金额"),
    "kilowatt_hour": ("kilowatt_hour = [electricity]", "电量"),
    "kilometer": ("kilometer = [length]", "长度"),
    "percent": ("percent = [percent]", "百分比"),
    "head": ("head = [head]", "计数·头"),
    "animal": ("animal = [animal]", "计数·只"),
    "household": ("household = [household]", "计数·户"),
    "item": ("item = [item]", "计数·个"),
    "building": ("building = [building]", "计数·座"),
    "project": ("project = [project]", "计数·项"),
    "site": ("site = [site]", "计数·处"),
    "dwelling": ("dwelling = [dwelling]", "计数·套"),
    "person": ("person = [person]", "计数·人"),
    "stick": ("stick = [stick]", "计数·棒"),
    # added for reports other than Liulin's (plan new): capacity, points, more counting words
    "kilowatt": ("kilowatt = [power]", "装机容量"),
    "percentage_point": ("percentage_point = [percentage_point]", "百分点"),
    "strip": ("strip = [strip]", "计数·条"),
    "school": ("school = [school]", "计数·所"),
    "block": ("block = [block]", "计数·栋"),
    "piece": ("piece = [piece]", "计数·件"),
    "sort": ("sort = [sort]", "计数·种"),
    "sheet": ("sheet = [sheet]", "计数·张"),
    "machine": ("machine = [machine]", "计数·台"),
    "vehicle": ("vehicle = [vehicle]", "计数·辆"),
    "case": ("case = [case]", "计数·例"),
    "unit_item": ("unit_item = [unit_item]", "计数·部"),
}

# Chinese (or common ASCII) unit -> (magnitude, pint base unit)
_UNITS: dict[str, tuple[float, str]] = {
    # mass
    "吨": (1.0, "tonne"),
    "万吨": (WAN, "tonne"),
    "亿吨": (YI, "tonne"),
    "千克": (1e-3, "tonne"),
    "公斤": (1e-3, "tonne"),
    "斤": (1 / 2000, "tonne"),  # 1 吨 = 2000 斤
    "万斤": (WAN / 2000, "tonne"),
    "亿斤": (YI / 2000, "tonne"),
    # area
    "亩": (1.0, "mu"),
    "万亩": (WAN, "mu"),
    "公顷": (15.0, "mu"),  # 1 公顷 = 15 亩
    "万公顷": (15.0 * WAN, "mu"),
    "平方米": (0.0015, "mu"),  # 1 公顷 = 10000 平方米 = 15 亩
    "万平方米": (0.0015 * WAN, "mu"),
    "平方公里": (1500.0, "mu"),
    # volume (the report writes "3亿立方", "2600立方": 立方 is 立方米)
    "立方米": (1.0, "cubic_meter"),
    "立方": (1.0, "cubic_meter"),
    "万立方米": (WAN, "cubic_meter"),
    "万立方": (WAN, "cubic_meter"),
    "亿立方米": (YI, "cubic_meter"),
    "亿立方": (YI, "cubic_meter"),
    "m3": (1.0, "cubic_meter"),
    # money
    "元": (1.0, "yuan"),
    "万元": (WAN, "yuan"),
    "亿元": (YI, "yuan"),
    "万亿元": (WAN * YI, "yuan"),
    # electricity
    "千瓦时": (1.0, "kilowatt_hour"),
    "度": (1.0, "kilowatt_hour"),
    "kWh": (1.0, "kilowatt_hour"),
    "万千瓦时": (WAN, "kilowatt_hour"),
    "亿千瓦时": (YI, "kilowatt_hour"),
    "万度": (WAN, "kilowatt_hour"),
    "亿度": (YI, "kilowatt_hour"),
    # installed capacity
    "千瓦": (1.0, "kilowatt"),
    "万千瓦": (WAN, "kilowatt"),
    "亿千瓦": (YI, "kilowatt"),
    # length
    "公里": (1.0, "kilometer"),
    "千米": (1.0, "kilometer"),
    "km": (1.0, "kilometer"),
    "米": (1e-3, "kilometer"),
    "万公里": (WAN, "kilometer"),
    # share / rate
    "%": (1.0, "percent"),
    "个百分点": (1.0, "percentage_point"),  # a difference of two rates, never a rate itself
    "百分点": (1.0, "percentage_point"),
    # counts (each its own dimension)
    "头": (1.0, "head"),
    "万头": (WAN, "head"),
    "只": (1.0, "animal"),
    "万只": (WAN, "animal"),
    "户": (1.0, "household"),
    "万户": (WAN, "household"),
    "家": (1.0, "household"),  # enterprises are counted in 家 as often as in 户
    "万家": (WAN, "household"),
    "个": (1.0, "item"),
    "万个": (WAN, "item"),
    "座": (1.0, "building"),
    "万座": (WAN, "building"),
    "项": (1.0, "project"),
    "处": (1.0, "site"),
    "套": (1.0, "dwelling"),
    "万套": (WAN, "dwelling"),
    "人": (1.0, "person"),
    "万人": (WAN, "person"),
    "人次": (1.0, "person"),  # trainings are often reported in 人次
    "万人次": (WAN, "person"),
    "亿人次": (YI, "person"),
    "名": (1.0, "person"),
    "万名": (WAN, "person"),
    "棒": (1.0, "stick"),
    "万棒": (WAN, "stick"),
    "条": (1.0, "strip"),  # roads, pipes, routes
    "万条": (WAN, "strip"),
    "所": (1.0, "school"),
    "栋": (1.0, "block"),
    "件": (1.0, "piece"),
    "万件": (WAN, "piece"),
    "种": (1.0, "sort"),
    "张": (1.0, "sheet"),  # beds
    "万张": (WAN, "sheet"),
    "台": (1.0, "machine"),
    "万台": (WAN, "machine"),
    "辆": (1.0, "vehicle"),
    "万辆": (WAN, "vehicle"),
    "例": (1.0, "case"),
    "部": (1.0, "unit_item"),  # lifts
}

# every unit name convert() accepts (after normalize_unit)
KNOWN_UNITS: frozenset[str] = frozenset(_UNITS)

# brackets an analyst may put around a unit: "(万吨)", "（万吨）", "[万吨]", "【万吨】"
_BRACKETS = "()[]{}【】〔〕<>《》"

_UREG = pint.UnitRegistry(None)  # a registry of our own, empty: only the definitions below
for _definition, _ in _BASE_DEFINITIONS.values():
    _UREG.define(_definition)


def normalize_unit(text: str) -> str:
    """Return the canonical spelling of a unit text.

    Full-width forms become half-width (NFKC: ``％`` → ``%``, ``（`` → ``(``, ``m³`` → ``m3``), spaces and
    surrounding brackets are stripped (``' (万吨) '`` → ``'万吨'``). The result need not be a known unit.
    """
    text = unicodedata.normalize("NFKC", str(text))
    text = "".join(text.split())
    while len(text) >= 2 and text[0] in _BRACKETS and text[-1] in _BRACKETS:
        text = text[1:-1].strip()
    if text.lower() == "kwh":
        return "kWh"
    return text


def is_known(unit: str) -> bool:
    """True when ``unit`` (after :func:`normalize_unit`) is one of :data:`KNOWN_UNITS`."""
    return normalize_unit(unit) in _UNITS


def is_count(unit: str) -> bool:
    """True when ``unit`` counts whole things one by one (座, 户, 家, 个, 头, 只, 人, 项, 处, 套, 棒 …).

    Such amounts are shown as whole numbers. A unit in 万 (万棒, 万人) is not: 0.98万棒 is a real amount.
    An unknown unit is not a count.

    >>> is_count("座"), is_count("户"), is_count("万棒"), is_count("万吨")
    (True, True, False, False)
    """
    name = normalize_unit(unit)
    if name not in _UNITS:
        return False
    magnitude, base = _UNITS[name]
    return magnitude == 1.0 and _BASE_DEFINITIONS[base][1].startswith(COUNT_DIMENSION_PREFIX)


def _lookup(unit: str) -> tuple[str, float, str]:
    name = normalize_unit(unit)
    if name not in _UNITS:
        raise UnitError(
            f"未知单位“{unit}” / unknown unit {unit!r}. "
            f"可用单位 / known units: {'、'.join(sorted(KNOWN_UNITS))}"
        )
    magnitude, base = _UNITS[name]
    return name, magnitude, base


@cache
def factor(from_unit: str, to_unit: str) -> float:
    """Return the number that turns a value in ``from_unit`` into ``to_unit`` (cached).

    Parameters
    ----------
    from_unit, to_unit : str
        Units as the report or a statistical release writes them (see :data:`KNOWN_UNITS`).

    Raises
    ------
    UnitError
        When a unit is unknown, or the two measure different things (万吨 → 亩, 头 → 只).
    """
    src, src_mag, src_base = _lookup(from_unit)
    dst, dst_mag, dst_base = _lookup(to_unit)
    try:
        base_factor = _UREG.Quantity(1.0, src_base).to(dst_base).magnitude
    except pint.DimensionalityError:
        src_dim = _BASE_DEFINITIONS[src_base][1]
        dst_dim = _BASE_DEFINITIONS[dst_base][1]
        raise UnitError(
            f"单位“{src}”（{src_dim}）不能换算为“{dst}”（{dst_dim}）/ "
            f"cannot convert {src!r} ({src_base}) to {dst!r} ({dst_base})"
        ) from None
    return float(src_mag * base_factor / dst_mag)


def is_compatible(from_unit: str, to_unit: str) -> bool:
    """True when both units are known and measure the same thing (so :func:`convert` works)."""
    try:
        factor(from_unit, to_unit)
    except UnitError:
        return False
    return True


def convert(value, from_unit: str, to_unit: str):
    """Convert ``value`` from ``from_unit`` to ``to_unit``.

    Parameters
    ----------
    value : float, numpy.ndarray or pandas.Series
        The number(s) to convert; arrays and Series are converted element-wise and keep their type.
    from_unit, to_unit : str
        Units as written (brackets, spaces and full-width forms are tolerated).

    Returns
    -------
    float, or the same array type as ``value``.

    Raises
    ------
    UnitError
        When a unit is unknown or the units are incompatible.

    Examples
    --------
    >>> convert(15000, "吨", "万吨")
    1.5
    >>> convert(2, "公顷", "亩")
    30.0
    """
    f = factor(normalize_unit(from_unit), normalize_unit(to_unit))
    if isinstance(value, int | float):
        return float(value) * f
    return value * f


def count_step(unit: str) -> float | None:
    """The size of one thing in ``unit`` (1 for 座, 0.0001 for 万人), or None when ``unit`` counts nothing.

    Counts are judged in whole things: a value in ``unit`` is a whole number of steps.
    """
    name = normalize_unit(unit) if isinstance(unit, str) else ""
    if name not in _UNITS:
        return None
    magnitude, base = _UNITS[name]
    return 1.0 / magnitude if _BASE_DEFINITIONS[base][1].startswith(COUNT_DIMENSION_PREFIX) else None
