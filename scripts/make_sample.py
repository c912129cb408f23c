"""Write the shipped synthetic sample: sample_actuals.csv and sample_milestones.csv of the liulin-2026 plan.

The numbers are SYNTHETIC (示例数据, not real statistics): they exist so that the notebooks, charts and
briefings have something realistic to show before real releases are entered. Every row's 来源 says so.

Shape (January–October 2026, as county releases look):
- flows (原煤产量, 产气量, 招商 …): January and February released together as one ytd row '2026年1—2月', then for
  March–October a 当月 row and a 累计 row; coal dips around the Spring Festival (February) and in May; gas has
  no May release at all (one missing month, bridged by the June ytd);
- 新增城镇就业, 职业技能培训: 1—2月 ytd, then monthly (当月) figures only;
- counts (新增肉牛, 老旧小区改造 …): cumulative 累计 rows every month;
- seasonal flows (木耳, 香菇 菌棒): cumulative 累计 every month, rising in the bag-making season only;
- a herd (林麝存栏): 时点 levels every month;
- sown/planted areas: 时点 levels in May/June (some again in September), once their season is over; grain
  output 累计 in September and October (during and after the harvest);
- one announcement (入选国家和美乡村): 累计 0 every month until the list is published, then its number;
- quarterly figures (外贸进出口, 地区生产总值, 居民收入): 一季度, 上半年, 前三季度;
- ratios (开工率, 复工率): 时点 levels; the year's project portfolio (重点项目个数, 总投资): 时点 levels of the
  projects in implementation; growth (到位资金增长): ytd growth in %;
- one count reported once and not again (市级技能大师工作室: 1 in June), so October shows 数据滞后;
- context indicators without a target (地区生产总值 quarterly, 社零额, 精煤, 发电量 monthly …) for reference.
Some items end October ahead of pace, some behind, some short once their season is over (新发展紫薯: 760 of
1,000亩 after planting; 香菇: 276 of 300万棒 after bag-making), some with stale data (市级技能大师工作室);
续建项目复工率 and 新建项目开工率 miss their 一季度 deadline.

Deterministic: numpy ``default_rng(2026)``, fixed row order, fixed number formatting; run twice → same bytes.

Usage: ``python scripts/make_sample.py [--actuals PATH] [--milestones PATH]`` (default: the package data files).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

SEED = 2026  # the generator's seed: changing it changes the shipped sample
YEAR = 2026  # the sample year
LAST_MONTH = 10  # the sample runs January–October
SOURCE = "示例数据（合成，非真实统计）"  # 来源 of every sample row
DATA = Path(__file__).resolve().parents[1] / "liulin_data" / "plans" / "liulin-2026"
ACTUALS_HEADER = ["指标", "时期", "数值", "单位", "口径", "同比增长(%)", "来源", "备注"]
MILESTONE_HEADER = ["里程碑", "状态", "日期", "来源", "备注"]
MONTH, YTD, LEVEL = "当月", "累计", "时点"  # the 口径 texts of the three bases

# Spring-Festival-shaped monthly weights for flows (Jan..Oct): February low
FLOW_WEIGHTS = [1.0, 0.75, 1.04, 1.02, 0.97, 0.99, 0.97, 0.98, 1.01, 1.03]

# indicator_id -> (pattern, October ytd/level, decimals, yoy % at October or None, note)
#   flow      : 1—2月 ytd, then 当月 + 累计 for Mar..Oct
#   monthly   : 1—2月 ytd, then 当月 only
#   count     : 累计 every month (back-loaded growth, integers when decimals == 0)
#   level:M,N : 时点 levels in months M, N … (the last one = the given value)
#   once:M    : one 累计 row in month M (a count reported only when something was done, then not again)
#   harvest   : 累计 in September (about 35%) and October
#   ratio     : 时点 monthly from March, rising to the given value
#   growth    : ytd growth in % every month, ending at the given value
#   quarterly : 累计 at March, June, September (一季度, 上半年, 前三季度)
#   season:A,B: 累计 every month, rising in months A..B only (a bag-making season)
#   herd      : 时点 levels every month from February, rising to the given value
#   announce:M: 累计 every month, 0 until a list published in month M, then the number on it
DESIGN: dict[str, tuple[str, float, int, float | None, str]] = {
    # flows with targets
    "raw_coal_output": ("flow", 2710.0, 1, -3.2, "5月部分煤矿停产检修"),
    "gas_output": ("flow", 2.52, 3, 4.1, ""),
    "investment_contract_value": ("flow", 85.6, 1, None, ""),
    "investment_realized": ("flow", 12.1, 2, None, ""),
    "foreign_trade_total": ("quarterly", 742.0, 0, 6.5, ""),
    "new_urban_jobs": ("monthly", 3456.0, 0, None, ""),
    "vocational_training": ("monthly", 1690.0, 0, None, ""),
    "grain_output": ("harvest", 9720.0, 0, 1.8, "秋粮收获基本结束"),
    # levels
    "grain_sown_area": ("level:5,6", 33.4, 1, None, ""),
    "soybean_yield_improvement_area": ("level:6,9", 8.3, 1, None, ""),
    "agri_production_custody_area": ("level:6,9", 6.3, 1, None, ""),
    "chili_planting_area": ("level:6", 3120.0, 0, None, ""),
    "purple_sweet_potato_area": ("level:6", 760.0, 0, None, "种苗不足，部分地块改种"),
    "herb_planting_area": ("level:6,9", 1.02, 2, None, ""),
    "key_projects_total_investment": ("level:3,6,9", 312.4, 1, None, "纳入实施的重点项目总投资"),
    # counts
    "black_fungus_logs": ("season:1,5", 1020.0, 0, None, ""),
    "shiitake_logs": ("season:2,5", 276.0, 0, None, "部分菌棒污染报废"),
    "new_beef_cattle": ("count", 2350.0, 0, None, ""),
    "new_meat_sheep": ("count", 2100.0, 0, None, ""),
    "musk_deer_farming": ("herd", 176.0, 0, None, "引种推迟到明年春季"),
    "factory_fish_water_volume": ("count", 2600.0, 0, None, ""),
    "livestock_leading_enterprises": ("count", 1.0, 0, None, "大象公司申报材料待补充"),
    "herb_processing_plants": ("count", 2.0, 0, None, ""),
    "green_product_certifications": ("count", 2.0, 0, None, ""),
    "coal_mine_layer_expansion_starts": ("count", 3.0, 0, None, ""),
    "coal_mine_lower_seam_acceptance": ("count", 1.0, 0, None, "两座煤矿验收推迟"),
    "intelligent_mines": ("count", 1.0, 0, None, ""),
    "key_projects_count": ("level:3,6", 124.0, 0, None, "纳入实施的重点项目个数"),
    "new_above_scale_enterprises": ("count", 2.0, 0, None, ""),
    "old_residential_renovation": ("count", 19.0, 0, None, ""),
    "affordable_housing_units": ("count", 430.0, 0, None, ""),
    "boutique_demo_villages": ("count", 3.0, 0, None, ""),
    "upgraded_villages": ("count", 21.0, 0, None, ""),
    "national_beautiful_village_towns": ("announce:9", 7.0, 0, None, "国家名单9月公布"),
    "national_beautiful_village_villages": ("announce:9", 8.0, 0, None, "国家名单9月公布"),
    "rural_road_upgrade": ("count", 16.4, 1, None, ""),
    "national_heritage_site_applications": ("count", 3.0, 0, None, ""),
    "intangible_heritage_applications": ("count", 2.0, 0, None, ""),
    "skill_master_studios": ("once:6", 1.0, 0, None, "1个工作室完成申报，另1个尚未确定申报单位"),
    # ratios and growth
    "new_project_start_rate": ("ratio", 31.0, 1, None, ""),
    "continued_projects_resumption": ("level:3,6,9", 97.9, 1, None, "1个续建项目因资金问题仍未复工"),
    "higher_level_funds_growth": ("growth", 8.9, 1, None, "超长期特别国债资金到位偏慢"),
    # context indicators (no target in the report)
    "gdp": ("quarterly", 3150000.0, 0, 3.6, ""),
    "industrial_value_added_growth": ("growth", 2.4, 1, None, ""),
    "retail_sales": ("flow", 612000.0, 0, 4.8, ""),
    "fixed_asset_investment_growth": ("growth", 6.1, 1, None, ""),
    "general_budget_revenue": ("flow", 41.3, 2, -5.2, ""),
    "clean_coal_output": ("flow", 1580.0, 1, -2.1, ""),
    "power_generation": ("flow", 690000.0, 0, 3.3, ""),
    "urban_disposable_income": ("quarterly", 33400.0, 0, 4.6, ""),
    "rural_disposable_income": ("quarterly", 13900.0, 0, 6.2, ""),
}

# rows whose pattern changed with the target model (issue #19): their old design, whose draws from the shared
# random stream are still taken so that the other rows of the sample keep their values
REDESIGNED: dict[str, tuple[str, float, int, float | None, str]] = {
    "black_fungus_logs": ("count", 720.0, 0, None, ""),
    "shiitake_logs": ("count", 310.0, 0, None, ""),
    "musk_deer_farming": ("count", 120.0, 0, None, ""),
    "foreign_trade_total": ("flow", 872.0, 0, 6.5, ""),
    "national_beautiful_village_towns": ("count", 7.0, 0, None, ""),
    "national_beautiful_village_villages": ("count", 8.0, 0, None, ""),
}

# the month an indicator's note belongs to (default: the last month)
NOTE_MONTH = {"raw_coal_output": 5}

# a missing month: this indicator has no release at all for this month (bridged by the next ytd)
MISSING = ("gas_output", 5)

# milestone_id -> list of (status word, date, note); the log keeps the history, latest last
MILESTONES: dict[str, list[tuple[str, str, str]]] = {
    "liuyu_beef_cattle_farm_operation": [
        ("已完工", "2026-03-20", "圈舍主体完工"),
        ("已投运", "2026-06-18", "首批肉牛入栏"),
    ],
    "mucun_dairy_farm_operation": [("在建", "2026-05-10", "设备安装调试中")],
    "xiashanling_filling_mining": [("已投运", "2026-04-28", "充填系统投运")],
    "maojiazhuang_filling_mining": [("在建", "2026-07-15", "充填站建设中")],
    "guojiagou_mine_start": [
        ("前期", "2026-02-28", "核准手续办理中"),
        ("推进中", "2026-09-05", "完成用地预审"),
    ],
    "mengmen_station_operation": [("投入运营", "2026-05-01", "五一前投入运营")],
    "yixiao_liangguan_in_use": [("在建", "2026-08-30", "室内装修")],
    "qunyi_hall_in_use": [("在建", "2026-06-30", "布展设计招标")],
    "qinghe_culture_center_in_use": [("未开工", "2026-04-15", "方案调整")],
    "power_conduit_completion": [("已完工", "2026-09-25", "管道贯通")],
    "gas_pipeline_completion": [("在建", "2026-07-31", "完成约七成")],
    "dongshan_avenue_west_opening": [("在建", "2026-10-12", "路面施工")],
    "cross_river_bridge_opening": [("在建", "2026-09-18", "主桥合龙")],
    "liulin_west_exit_start": [("已开工", "2026-04-08", "项目开工")],
    "xuesan_road_funeral_home_start": [("未开工", "2026-06-10", "征地未完成")],
    "qujiagou_school_structure_completion": [("在建", "2026-10-20", "主体施工至三层")],
    "county_tcm_hospital_in_use": [("已竣工", "2026-08-15", "医疗设备采购")],
    "culture_center_library_in_use": [("已完工", "2026-09-30", "消防验收准备")],
}


def _read_catalog() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in ("targets.csv", "context_indicators.csv"):
        with open(DATA / name, encoding="utf-8-sig", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


def _num(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return "0" if text in ("-0", "-0.0", "-0.00", "-0.000") else text


def _split(total: float, n: int, rng: np.random.Generator, weights: list[float] | None = None) -> np.ndarray:
    """n positive parts summing to total, around the weights, with noise."""
    base = np.asarray(weights if weights is not None else [1.0] * n, dtype=float)
    noisy = base * rng.uniform(0.93, 1.07, size=n)
    return total * noisy / noisy.sum()


def _rounded_cumsum(parts: np.ndarray, decimals: int, total: float) -> list[float]:
    """Cumulative sums rounded to decimals, ending exactly at the rounded total, non-decreasing."""
    cum = np.round(np.cumsum(parts), decimals)
    cum[-1] = round(total, decimals)
    return [float(v) for v in np.maximum.accumulate(cum)]


def _back_loaded(total: float, decimals: int, rng: np.random.Generator) -> list[float]:
    """Cumulative Jan..Oct counts rising slowly then faster (counted when done)."""
    shape = np.array([0.02, 0.04, 0.08, 0.12, 0.17, 0.25, 0.33, 0.42, 0.55, 0.68])
    shape = shape * rng.uniform(0.85, 1.15, size=shape.size)
    shape = np.maximum.accumulate(shape) / shape.max()
    cum = np.floor(total * shape + 1e-9) if decimals == 0 else np.round(total * shape, decimals)
    cum[-1] = total
    return [float(v) for v in np.maximum.accumulate(cum)]


# how a quarterly table names its periods
QUARTER_WORDS = {3: "一季度", 6: "上半年", 9: "前三季度"}


def _period(first: int, last: int, quarterly: bool = False) -> str:
    if quarterly and first == 1 and last in QUARTER_WORDS:
        return f"{YEAR}年{QUARTER_WORDS[last]}"
    return f"{YEAR}年{last}月" if first == last else f"{YEAR}年{first}—{last}月"


def _indicator_rows(
    entry: dict[str, str], rng: np.random.Generator, design: tuple | None = None
) -> list[list[str]]:
    """The sample rows of one numeric indicator (``design``: DESIGN's entry for it, unless given)."""
    rows: list[list[str]] = []
    iid, name, unit = entry["indicator_id"], entry["indicator"], entry["unit"]
    pattern, final, dec, yoy, note = design or DESIGN[iid]

    def add(
        first: int, last: int, value: float, basis: str, growth: float | None = None, text: str = ""
    ) -> None:
        if (iid, last) == MISSING:
            return
        row = [name, _period(first, last, pattern == "quarterly"), _num(value, dec), unit, basis]
        row += ["" if growth is None else _num(growth, 1), SOURCE, text]
        rows.append(row)

    def yoy_at(month: int) -> float | None:
        if yoy is None:
            return None
        return float(yoy + rng.normal(0.0, 1.2) * (LAST_MONTH - month) / LAST_MONTH)

    if pattern in ("flow", "monthly"):
        parts = _split(final, LAST_MONTH, rng, FLOW_WEIGHTS)
        if iid == "raw_coal_output":
            parts[4] *= 0.9  # May: mines stopped for safety checks
            parts *= final / parts.sum()
        cum = _rounded_cumsum(parts, dec, final)
        months = [cum[0]] + [round(b - a, dec) for a, b in zip(cum, cum[1:], strict=False)]
        add(1, 2, cum[1], YTD, yoy_at(2))
        for m in range(3, LAST_MONTH + 1):
            text = note if m == NOTE_MONTH.get(iid, LAST_MONTH) else ""
            add(m, m, months[m - 1], MONTH, None, text if pattern == "monthly" else "")
            if pattern == "flow":
                add(1, m, cum[m - 1], YTD, yoy_at(m), text)
    elif pattern == "count":
        cum = _back_loaded(final, dec, rng)
        add(1, 2, cum[1], YTD)
        for m in range(3, LAST_MONTH + 1):
            add(1, m, cum[m - 1], YTD, None, note if m == LAST_MONTH else "")
    elif pattern.startswith("level:"):
        months = [int(m) for m in pattern.split(":")[1].split(",")]
        earlier = np.sort(rng.uniform(0.55, 0.97, size=len(months) - 1)) * final
        for m, value in zip(months, [*earlier, final], strict=True):
            add(m, m, float(value), LEVEL, None, note if m == months[-1] else "")
    elif pattern.startswith("once:"):
        add(1, int(pattern.split(":")[1]), final, YTD, None, note)
    elif pattern == "harvest":
        add(1, 9, final * rng.uniform(0.33, 0.38), YTD, yoy_at(9))
        add(1, 10, final, YTD, yoy, note)
    elif pattern == "ratio":
        path = _back_loaded(final, dec, rng) if dec == 0 else None
        for m in range(3, LAST_MONTH + 1):
            share = (m / LAST_MONTH) ** 1.1 if path is None else path[m - 1] / final
            value = final if m == LAST_MONTH else final * share * rng.uniform(0.97, 1.0)
            add(m, m, value, LEVEL, None, note if m == LAST_MONTH else "")
    elif pattern == "growth":
        # rising through the year: actuals.load_actuals rejects a 累计 value below the previous month's,
        # also for growth rates (reported to the actuals.py owner)
        path = np.sort(final * rng.uniform(0.3, 1.0, size=LAST_MONTH - 2))
        for m, value in zip(range(2, LAST_MONTH + 1), [*path, final], strict=True):
            add(1, m, float(value), YTD, None, note if m == LAST_MONTH else "")
    elif pattern.startswith("season:"):
        first, last = (int(m) for m in pattern.split(":")[1].split(","))
        parts = _split(final, last - first + 1, rng)
        cum = [0.0] * (first - 1) + _rounded_cumsum(parts, dec, final)
        cum += [cum[-1]] * (LAST_MONTH - len(cum))
        add(1, 2, cum[1], YTD)
        for m in range(3, LAST_MONTH + 1):
            add(1, m, cum[m - 1], YTD, None, note if m == last else "")
    elif pattern.startswith("announce:"):
        month = int(pattern.split(":")[1])
        add(1, 2, 0.0, YTD)
        for m in range(3, LAST_MONTH + 1):
            add(1, m, final if m >= month else 0.0, YTD, None, note if m == month else "")
    elif pattern == "herd":
        start = final * rng.uniform(0.72, 0.78)
        path = np.maximum.accumulate(
            np.linspace(start, final, LAST_MONTH - 1) + rng.normal(0, 1.5, LAST_MONTH - 1)
        )
        path[-1] = final
        for m, value in zip(range(2, LAST_MONTH + 1), np.maximum.accumulate(path), strict=True):
            add(m, m, float(value), LEVEL, None, note if m == LAST_MONTH else "")
    elif pattern == "quarterly":
        parts = _split(final * 4 / 3, 4, rng)
        cum = _rounded_cumsum(parts, dec, float(np.sum(parts)))
        for q, m in enumerate((3, 6, 9)):
            add(1, m, cum[q], YTD, yoy_at(m))
    else:  # pragma: no cover - a typo in DESIGN
        sys.exit(f"make_sample: unknown pattern {pattern!r} for {iid}")
    return rows


def _rows_of(entry: dict[str, str], rng: np.random.Generator) -> list[list[str]]:
    """One indicator's rows. A row redesigned for the target model (REDESIGNED) draws from a stream of its own,
    after taking from the shared one what its old design took: every other row keeps its values."""
    iid = entry["indicator_id"]
    if iid not in REDESIGNED:
        return _indicator_rows(entry, rng)
    _indicator_rows(entry, rng, REDESIGNED[iid])  # the shared stream moves on as it did
    own = np.random.default_rng([SEED, list(DESIGN).index(iid)])
    return _indicator_rows(entry, own)


def build(rng: np.random.Generator) -> tuple[list[list[str]], list[list[str]]]:
    """All sample rows (actuals, milestone log), in a fixed order."""
    catalog = _read_catalog()
    numeric = [r for r in catalog if r["kind"] != "milestone"]
    unknown = [r["indicator_id"] for r in numeric if r["indicator_id"] not in DESIGN]
    if unknown:
        sys.exit(f"make_sample: 目录中有未设计示例数据的指标：{', '.join(unknown)} → 在 DESIGN 中补充")
    rows = [row for entry in numeric for row in _rows_of(entry, rng)]
    names = {r["indicator_id"]: r["indicator"] for r in catalog if r["kind"] == "milestone"}
    missing = sorted(set(names) - set(MILESTONES))
    if missing:
        sys.exit(f"make_sample: 目录中有未设计示例记录的里程碑：{', '.join(missing)} → 在 MILESTONES 中补充")
    log = [
        [names[iid], status, date, SOURCE, note]
        for iid in names  # catalog order
        for status, date, note in MILESTONES[iid]
    ]
    return rows, log


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """The project's one CSV writer (formula-like text neutralised, written atomically); no BOM, as shipped."""
    import pandas as pd

    from liulin_data.files.exports import write_csv

    write_csv(pd.DataFrame(rows, columns=header, dtype=object), path, overwrite=True, bom=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="写出合成示例数据（示例数据，非真实统计）")
    parser.add_argument("--actuals", type=Path, default=DATA / "sample_actuals.csv")
    parser.add_argument("--milestones", type=Path, default=DATA / "sample_milestones.csv")
    args = parser.parse_args(argv)
    rows, log = build(np.random.default_rng(SEED))
    _write(args.actuals, ACTUALS_HEADER, rows)
    _write(args.milestones, MILESTONE_HEADER, log)
    print(f"wrote {len(rows)} rows to {args.actuals} and {len(log)} rows to {args.milestones}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
