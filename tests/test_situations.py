"""What a target means (issue #19), one situation at a time: the report's sentence, the rows an analyst receives,
the month of the briefing, and the status, sentence and year-end projection a leader should read.

Each situation's rows are written as the analyst's own files (a long table, the bureau's monthly table with its
本月 and 1-本月 columns, a milestone log) and read by the real loaders (``liulin_data.inputs.load_inputs``); the
progress comes from ``liulin_data.progress`` on the shipped plan (or on the shipped catalog plus a few
hypothetical rows the report does not have: caps and a 左右 growth, each said to be hypothetical; or on the
shipped catalog with only its old columns, as a plan written before the target model). Every expected value is
a literal worked out by hand from the report's meaning (docs/target-model.md has the rules); none comes from
the code under test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import liulin_data as ll
from liulin_data import load_actuals, load_inputs, load_targets
from liulin_data.core import measures
from liulin_data.core.statuses import (
    ACHIEVED,
    AT_RISK,
    ATTENTION_STATUSES,
    BEHIND,
    BREACHED,
    DONE,
    NO_DATA,
    NOT_DUE,
    ON_TRACK,
    OVERDUE,
    PENDING_YEAR,
    SHORTFALL,
    STALE,
    WITHIN_CAP,
)
from liulin_data.plan.catalog import report_text
from liulin_data.plan.folder import load_plan
from liulin_data.present.summaries import attention, sentence

NAN = float("nan")
LONG_HEADER = "指标,时期,数值,单位,口径,同比增长(%),来源\n"
BUREAU_HEADER = "指标,单位,本月,,1-本月,\n,,数值,同比增长(%),数值,同比增长(%)\n"
LOG_HEADER = "里程碑,状态,日期,来源,备注\n"
SOURCE = "县统计局"
# the points of issue #19's Required list (and of #21 items 5 and 6) a situation covers
POINTS = ("19.1", "19.2", "19.3", "19.4", "19.5", "19.6", "19.8", "19.9", "19.10", "21.5", "21.6")


@dataclass(frozen=True)
class Situation:
    name: str  # what it shows
    points: tuple[str, ...]  # the Required points it covers
    report: str  # the report's sentence, verbatim; "假设：…" for a row the report does not have
    indicator_id: str
    as_of: str
    files: tuple[tuple[str, str], ...]  # (file name, text): what the analyst received
    status: str
    sentence: str
    projected: float  # NaN: no projection
    catalog: str = "shipped"  # "shipped", "hypothetical" (plus HYPOTHETICAL rows), "old" (old columns only)
    problem: str = ""  # a name in the files the loader must refuse (no longer an alias: another statistic)


def long(*rows: str) -> tuple[str, str]:
    """A long table: 指标,时期,数值,单位,口径,同比增长(%) per row (来源 added)."""
    return "填报.csv", LONG_HEADER + "".join(f"{r},{SOURCE}\n" for r in rows)


def bureau(period: str, *rows: str) -> tuple[str, str]:
    """The bureau's monthly table (指标,单位,本月,同比,1-本月,同比), its period in the file name."""
    return f"统计月报_2026年{period}.csv", BUREAU_HEADER + "".join(f"{r}\n" for r in rows)


def milestone_log(*rows: str) -> tuple[str, str]:
    """A milestone log: 里程碑,状态,日期,备注 per row (来源 added)."""
    lines = []
    for r in rows:
        name, status, date, note = r.split(",")
        lines.append(f"{name},{status},{date},{SOURCE},{note}\n")
    return "里程碑台账.csv", LOG_HEADER + "".join(lines)


# rows a plan could have that the 2026 report does not (said so in each situation's report field)
HYPOTHETICAL = [
    {"indicator_id": "work_safety_deaths", "indicator": "生产安全事故死亡人数", "aliases": (),
     "kind": "quantity", "comparator": "<=", "target": 3.0, "unit": "人", "basis": "flow", "profile": "linear",
     "measure": "flow", "direction": "at_most", "final_when": "breach", "calendar": "monthly", "season": ""},
    {"indicator_id": "urban_unemployment_rate", "indicator": "城镇调查失业率", "aliases": (),
     "kind": "ratio", "comparator": "<=", "target": 4.5, "unit": "%", "basis": "level", "profile": "none",
     "measure": "rate", "direction": "at_most", "final_when": "full_year", "calendar": "monthly", "season": ""},
    {"indicator_id": "gdp_growth_target", "indicator": "地区生产总值增速", "aliases": (),
     "kind": "growth", "comparator": ">=", "target": 6.0, "unit": "%", "basis": "flow", "profile": "linear",
     "measure": "growth", "direction": "about", "final_when": "full_year", "calendar": "quarterly", "season": ""},
]  # fmt: skip
DEATHS = "假设：生产安全事故死亡人数控制在3人以内（报告无此目标：一个累计量的上限）"
JOBLESS = "假设：城镇调查失业率控制在4.5%以内（报告无此目标：一个比率的上限，以全年数据为准）"
GDP_ABOUT = "假设：地区生产总值增长6%左右（报告的主要预期目标为空：一个“左右”的增速）"

# the report's sentences, verbatim (each is checked against report.txt)
COAL = "原煤产量完成3600万吨以上"
GRAIN = "粮食播种面积稳定在33万亩以上、产量9600万斤以上"
FUNDS = "到位资金增长10%"
PROJECTS = "谋划实施总投资329.9亿元的124个重点项目"
RESUME = "一季度续建项目全部复工"
START_RATE = "新建项目开工率达35%以上"
JOBS = "新增城镇就业4000人以上，完成职业技能培训2000人以上"
NEW_CROPS = "新发展紫薯1000亩、木耳1000万棒、香菇300万棒、中药材1万亩"
TRADE = "全年外贸进出口总额稳定在1000万元以上"
VILLAGES = "全力争取柳林镇等7个乡镇、10个村入选国家和美乡村建设项目"
DEER = "发展林麝养殖200头"
GAS = "产气量稳定在3亿立方"
INVEST = "力争完成项目签约额80亿元以上，实现投资20亿元以上"
ROADS = "接续完成“四好农村路”改造23公里"
HOUSING = "加快27个老旧小区改造、600套保障性住房建设"
FIRMS = "新增“四上”企业3-5户"
GREEN = "新认证绿色产品2个"
CATTLE_FARM = "留誉肉牛小区、穆村奶牛小区投运"

S = Situation
SITUATIONS = [
    # --- 19.2 pace is for flows, along their profile; the edges of the tolerance, pinned ---------------------
    S("a flow on its pace: September's coal in October (the release lag is no shortfall)", ("19.2", "19.4"),
      COAL, "raw_coal_output", "2026-10", (long("原煤产量,2026年1—9月,2700,万吨,累计,"),), ON_TRACK,
      "原煤产量：累计完成2,700万吨，完成全年目标的75%，达到时序进度75%；预计全年3,600万吨。", 3600.0),
    S("exactly 95% of the pace is still on track", ("19.2",),
      COAL, "raw_coal_output", "2026-10", (long("原煤产量,2026年1—9月,2565,万吨,累计,"),), ON_TRACK,
      "原煤产量：累计完成2,565万吨，完成全年目标的71%，低于时序进度75%；预计全年3,420万吨，缺口180万吨。", 3420.0),
    S("a tonne under 95% of the pace is at risk", ("19.2",),
      COAL, "raw_coal_output", "2026-10", (long("原煤产量,2026年1—9月,2564,万吨,累计,"),), AT_RISK,
      "原煤产量：累计完成2,564万吨，完成全年目标的71%，低于时序进度75%；预计全年3,419万吨，缺口181万吨。", 3419.0),
    S("exactly 85% of the pace is at risk, a tonne under it behind", ("19.2",),
      COAL, "raw_coal_output", "2026-10", (long("原煤产量,2026年1—9月,2294,万吨,累计,"),), BEHIND,
      "原煤产量：累计完成2,294万吨，完成全年目标的64%，低于时序进度75%；预计全年3,059万吨，缺口541万吨。", 3059.0),
    # --- 19.3 / 21.6 what the remaining months need against the recent months --------------------------------
    S("原煤 3,186 after November needs 414 in December against 320 a month lately: 滞后, not 进度正常",
      ("19.3", "19.9", "21.6"), COAL, "raw_coal_output", "2026-12",
      (bureau("1—8月", "原煤产量,万吨,300,,2226,"), bureau("1—11月", "原煤产量,万吨,330,,3186,")), BEHIND,
      "原煤产量：累计完成3,186万吨，完成全年目标的88%，低于时序进度92%；12月还需约414万吨，近3个月月均约320万吨；"
      "预计全年3,476万吨，缺口124万吨。", 3476.0),
    S("招商引资实现投资 12.1亿元: one precision, 20 = 14.5 + 5.5 as printed; 4.0 a month needed, 1.2 lately",
      ("19.3", "21.5", "21.6"), INVEST, "investment_realized", "2026-11",
      (long("招商引资实现投资,2026年1—7月,8.4,亿元,累计,", "招商引资实现投资,2026年1—10月,12.1,亿元,累计,"),), BEHIND,
      "招商引资实现投资：累计完成12.1亿元，完成全年目标的60%，低于时序进度83%；还需每月约4.0亿元，近3个月月均约1.2亿元；"
      "预计全年14.5亿元，缺口5.5亿元。", 14.5),
    S("四好农村路 14.2公里: the projection as precise as the actual (20.9, not 20.88)", ("19.6", "21.5"),
      ROADS, "rural_road_upgrade", "2026-11", (long("“四好农村路”改造,2026年1—10月,14.2,公里,累计,"),), AT_RISK,
      "“四好农村路”改造：累计完成14.2公里，完成全年目标的62%，低于时序进度68%；预计全年20.9公里，缺口2.1公里。", 20.9),
    # --- 19.2 levels and rates are never pro-rated from zero --------------------------------------------------
    S("林麝存栏 reported monthly is a herd: the latest, not a sum; 12.5 a month needed, 2.5 lately",
      ("19.2", "19.8", "19.10"), DEER, "musk_deer_farming", "2026-11",
      (long("林麝存栏,2026年8月,170,头,时点,", "林麝存栏,2026年9月,172,头,时点,", "林麝存栏,2026年10月,175,头,时点,"),),
      BEHIND, "林麝养殖：最新为175头，目标200头，还差25头；还需每月增加约13头，近2个月每月增加约3头。", 175.0),
    S("开工率 12% at the end of February against 35% due in March: 滞后, not 进度正常", ("19.2", "19.3"),
      START_RATE, "new_project_start_rate", "2026-03",
      (long("新建项目开工率,2026年1月,5,%,时点,", "新建项目开工率,2026年2月,12,%,时点,"),), BEHIND,
      "新建项目开工率：最新为12%，目标35%，还差23个百分点；3月还需提高约23个百分点，上月提高约7个百分点。", 12.0),
    S("续建项目复工率 95% in March: no tolerance in the deadline month", ("19.3",),
      RESUME, "continued_projects_resumption", "2026-04", (long("续建项目复工率,2026年3月,95,%,时点,"),), OVERDUE,
      "续建项目复工率：截至2026年3月31日未完成，2026年3月为95%，目标100%。", 95.0),
    S("新建项目开工率 36% in March meets its 一季度 deadline", ("19.3",),
      START_RATE, "new_project_start_rate", "2026-04", (long("新建项目开工率,2026年3月,36,%,时点,"),), ACHIEVED,
      "新建项目开工率：为36%，已达到目标35%。", 36.0),
    S("重点项目 118 of 124 in October, flat since July: 滞后, not 进度正常", ("19.2", "19.3"),
      PROJECTS, "key_projects_count", "2026-11",
      (long("重点项目个数,2026年7月,118,个,时点,", "重点项目个数,2026年10月,118,个,时点,"),), BEHIND,
      "重点项目个数：在实施118个，为全年计划124个的95%，还差6个；还需每月增加约3个，近3个月没有增加。", 118.0),
    S("重点项目 121 in October, 3 a month since July against 1.5 needed: 进度正常", ("19.2",),
      PROJECTS, "key_projects_count", "2026-11",
      (long("重点项目个数,2026年7月,112,个,时点,", "重点项目个数,2026年10月,121,个,时点,"),), ON_TRACK,
      "重点项目个数：在实施121个，为全年计划124个的98%，还差3个；还需每月增加约2个，近3个月每月增加约3个。", 121.0),
    # --- 19.2 growth is a gap in 百分点; 19.3 已完成 only on the full year's figure -----------------------------
    S("到位资金 1—7月 +10.6% in July is 进度正常, not 已完成", ("19.2", "19.3"),
      FUNDS, "higher_level_funds_growth", "2026-08", (long("到位资金增长,2026年1—7月,10.6,%,累计,"),), ON_TRACK,
      "到位资金增长：同比增长10.6%，不低于目标增长10%；全年增速以12月数据为准。", 10.6),
    S("到位资金 1—8月 +9.8% the next month: 有风险, 0.2 个百分点 short", ("19.2", "19.3"),
      FUNDS, "higher_level_funds_growth", "2026-09",
      (long("到位资金增长,2026年1—7月,10.6,%,累计,", "到位资金增长,2026年1—8月,9.8,%,累计,"),), AT_RISK,
      "到位资金增长：同比增长9.8%，比目标增长10%低0.2个百分点，需加快。", 9.8),
    S("growth exactly 2 个百分点 short is at risk", ("19.2",),
      FUNDS, "higher_level_funds_growth", "2026-09", (long("到位资金增长,2026年1—8月,8,%,累计,"),), AT_RISK,
      "到位资金增长：同比增长8%，比目标增长10%低2个百分点，需加快。", 8.0),
    S("growth 2.1 个百分点 short is behind", ("19.2",),
      FUNDS, "higher_level_funds_growth", "2026-09", (long("到位资金增长,2026年1—8月,7.9,%,累计,"),), BEHIND,
      "到位资金增长：同比增长7.9%，比目标增长10%低2.1个百分点，需加快。", 7.9),
    S("a 左右 growth within its band is on track", ("19.1", "19.2"),
      GDP_ABOUT, "gdp_growth_target", "2026-11", (long("地区生产总值增速,2026年前三季度,5.6,%,累计,"),), ON_TRACK,
      "地区生产总值增速：同比增长5.6%，在目标增长6%左右的范围内；全年增速以12月数据为准。", 5.6,
      catalog="hypothetical"),
    # --- 19.2 caps: no pace, no 完成, how far over in their own terms --------------------------------------------
    S("≤3 deaths: 4 by June is 已超限 at once, with no projection", ("19.2", "19.3", "19.6"),
      DEATHS, "work_safety_deaths", "2026-07", (long("生产安全事故死亡人数,2026年1—6月,4,人,累计,"),), BREACHED,
      "生产安全事故死亡人数：累计4人，已超过全年上限3人，超出1人。", NAN, catalog="hypothetical"),
    S("a broken cap on a flow stays broken in December", ("19.3",),
      DEATHS, "work_safety_deaths", "2026-12", (long("生产安全事故死亡人数,2026年1—6月,4,人,累计,"),), BREACHED,
      "生产安全事故死亡人数：累计4人，已超过全年上限3人，超出1人。", NAN, catalog="hypothetical"),
    S("2 deaths by March and none since: within the cap", ("19.2",),
      DEATHS, "work_safety_deaths", "2026-07",
      (long("生产安全事故死亡人数,2026年1—3月,2,人,累计,", "生产安全事故死亡人数,2026年1—6月,2,人,累计,"),), WITHIN_CAP,
      "生产安全事故死亡人数：累计2人，未超过全年上限3人，还有1人余量。", NAN, catalog="hypothetical"),
    S("2 deaths in April–June: the recent months would break the cap", ("19.2", "19.3"),
      DEATHS, "work_safety_deaths", "2026-07",
      (long("生产安全事故死亡人数,2026年1—3月,0,人,累计,", "生产安全事故死亡人数,2026年1—6月,2,人,累计,"),), AT_RISK,
      "生产安全事故死亡人数：累计2人，全年上限3人，还有1人余量；近3个月增加2人，按此速度将超过上限。", NAN,
      catalog="hypothetical"),
    S("失业率 4.8% against a 4.5% cap in June: over by 0.3 个百分点, not final before the full year", ("19.2",),
      JOBLESS, "urban_unemployment_rate", "2026-07", (long("城镇调查失业率,2026年6月,4.8,%,时点,"),), AT_RISK,
      "城镇调查失业率：为4.8%，高于全年上限4.5%，超出0.3个百分点，以全年数据为准。", 4.8, catalog="hypothetical"),
    S("失业率 4.8% in December: 已超限 on the full year's figure", ("19.2", "19.3"),
      JOBLESS, "urban_unemployment_rate", "2026-12", (long("城镇调查失业率,2026年12月,4.8,%,时点,"),), BREACHED,
      "城镇调查失业率：为4.8%，已超过全年上限4.5%，超出0.3个百分点。", NAN, catalog="hypothetical"),
    # --- 19.3 met by the deadline stays met; milestones likewise -------------------------------------------------
    S("复工率 100% on 31 March, 97.6% in June: stays 已完成, the dip a note", ("19.3",),
      RESUME, "continued_projects_resumption", "2026-07",
      (long("续建项目复工率,2026年3月,100,%,时点,", "续建项目复工率,2026年6月,97.6,%,时点,"),), ACHIEVED,
      "续建项目复工率：3月已达到目标100%；此后6月为97.6%，低于目标。", 97.6),
    S("留誉肉牛小区 已投运 in June, then 在建 (二期) in September: still 已完成 in December", ("19.3",),
      CATTLE_FARM, "liuyu_beef_cattle_farm_operation", "2026-12",
      (milestone_log("留誉肉牛小区投运,已投运,2026-06-18,首批肉牛入栏", "留誉肉牛小区投运,在建,2026-09-10,二期工程"),),
      DONE, "留誉肉牛小区投运：6月18日：已投运；首批肉牛入栏；此后9月10日：在建；二期工程。", NAN),
    # --- 19.3 a level short once its season is over; 19.10 the seasons set -------------------------------------
    S("粮食播种面积 32.6 of 33万亩 in October: 未达标, not 进度正常", ("19.3", "19.10"),
      GRAIN, "grain_sown_area", "2026-10",
      (long("粮食播种面积,2026年6月,31.8,万亩,时点,", "粮食播种面积,2026年10月,32.6,万亩,时点,"),), SHORTFALL,
      "粮食播种面积：季节（3—6月）已过，2026年10月为32.6万亩，目标33万亩，还差0.4万亩。", NAN),
    S("木耳 168万棒 at the end of the bag-making season: 未达标, no 预计988万棒", ("19.3", "19.6", "19.10"),
      NEW_CROPS, "black_fungus_logs", "2026-06",
      (long("新发展木耳,2026年1—2月,60,万棒,累计,", "新发展木耳,2026年1—3月,100,万棒,累计,",
            "新发展木耳,2026年1—4月,140,万棒,累计,", "新发展木耳,2026年1—5月,168,万棒,累计,"),), SHORTFALL,
      "新发展木耳：季节（1—5月）已过，2026年5月累计完成168万棒，目标1,000万棒，还差832万棒。", NAN),
    # --- 19.4 calendars: 数据滞后 only when overdue by the row's own calendar ------------------------------------
    S("外贸 reported by quarter: the 一季度 figure in May is not 数据滞后", ("19.4", "19.10"),
      TRADE, "foreign_trade_total", "2026-05", (long("外贸进出口总额,2026年一季度,260,万元,累计,"),), ON_TRACK,
      "外贸进出口总额：累计完成260万元，完成全年目标的26%，高于时序进度25%；预计全年1,040万元。", 1040.0),
    S("外贸 with the 上半年 figure overdue in August: 数据滞后", ("19.4",),
      TRADE, "foreign_trade_total", "2026-08", (long("外贸进出口总额,2026年一季度,260,万元,累计,"),), STALE,
      "外贸进出口总额：数据只报到2026年3月（当时累计完成260万元，目标1,000万元），之后未按期报送，无法判断当前进度。", NAN),
    S("外贸 前三季度 872万元: 1,163 projected, as precise as the actual", ("19.4", "21.5"),
      TRADE, "foreign_trade_total", "2026-11",
      (long("外贸进出口总额,2026年一季度,260,万元,累计,", "外贸进出口总额,2026年上半年,560,万元,累计,",
            "外贸进出口总额,2026年前三季度,872,万元,累计,"),), ON_TRACK,
      "外贸进出口总额：累计完成872万元，完成全年目标的87%，高于时序进度75%；预计全年1,163万元。", 1163.0),
    S("紫薯 760 of 1,000亩 reported once after planting: 未达标, not 数据滞后 “之后未按期报送”", ("19.4", "19.3"),
      NEW_CROPS, "purple_sweet_potato_area", "2026-10", (long("新发展紫薯,2026年6月,760,亩,时点,"),), SHORTFALL,
      "新发展紫薯：季节（4—6月）已过，2026年6月为760亩，目标1,000亩，还差240亩。", NAN),
    S("no grain output by September: the harvest figure is not due yet", ("19.4",),
      GRAIN, "grain_output", "2026-09", (long("原煤产量,2026年1—8月,2400,万吨,累计,"),), NOT_DUE,
      "粮食产量：目标9,600万斤，截至2026年9月尚未到报送时间。", NAN),
    S("no 和美乡村 list by October: one announcement, not due", ("19.4", "19.10"),
      VILLAGES, "national_beautiful_village_towns", "2026-10", (long("原煤产量,2026年1—9月,2700,万吨,累计,"),),
      NOT_DUE, "入选国家和美乡村建设项目乡镇：目标7个，截至2026年10月尚未到报送时间。", NAN),
    S("monthly coal with September's figure overdue in November: 数据滞后", ("19.4",),
      COAL, "raw_coal_output", "2026-11", (long("原煤产量,2026年1—8月,2400,万吨,累计,"),), STALE,
      "原煤产量：数据只报到2026年8月（当时累计完成2,400万吨，目标3,600万吨），之后未按期报送，无法判断当前进度。", NAN),
    # --- 19.5 completeness: a cumulative with a missing month is a lower bound -------------------------------
    S("新增城镇就业 with July missing: at least 2,370人, 缺7月, no pace, no projection", ("19.5",),
      JOBS, "new_urban_jobs", "2026-09",
      (long("新增城镇就业,2026年1—2月,560,人,累计,", "新增城镇就业,2026年3月,330,人,当月,", "新增城镇就业,2026年4月,340,人,当月,",
            "新增城镇就业,2026年5月,350,人,当月,", "新增城镇就业,2026年6月,360,人,当月,",
            "新增城镇就业,2026年8月,430,人,当月,"),), STALE,
      "新增城镇就业：缺7月数据，已报月份累计至少2,370人，目标4,000人，补齐后才能判断进度。", NAN),
    S("a stray 12月 row after 1—3月: 缺4—11月 in December, not 已逾期", ("19.5",),
      COAL, "raw_coal_output", "2026-12",
      (long("原煤产量,1—3月,870,万吨,累计,", "原煤产量,12月,310,万吨,当月,"),), STALE,
      "原煤产量：缺4—11月数据，已报月份累计至少1,180万吨，目标3,600万吨，补齐后才能判断进度。", NAN),
    S("a lower bound that already meets the target is 已完成", ("19.5",),
      JOBS, "new_urban_jobs", "2026-11",
      (long("新增城镇就业,2026年1—6月,2800,人,累计,", "新增城镇就业,2026年8月,600,人,当月,",
            "新增城镇就业,2026年9月,650,人,当月,"),), ACHIEVED,
      "新增城镇就业：累计完成4,050人，已完成目标4,000人。", 4050.0),
    S("1—2月 released together, then March: exact, not a lower bound; 2,670 likely against 3,110 needed", ("19.5",),
      JOBS, "new_urban_jobs", "2026-04",
      (long("新增城镇就业,2026年1—2月,560,人,累计,", "新增城镇就业,2026年3月,330,人,当月,"),), AT_RISK,
      "新增城镇就业：累计完成890人，按时序进度此时应完成1,000人（全年目标4,000人）；还需每月约346人，近3个月月均约297人；"
      "预计全年3,560人，缺口440人。", 3560.0),
    S("原煤 1—6月 cut below 1—5月 in a later release (核减): judged on the latest, the run goes on", ("19.5",),
      COAL, "raw_coal_output", "2026-07",
      (("快报_2026年1—5月.csv", LONG_HEADER + f"原煤产量,2026年1—5月,1540,万吨,累计,,{SOURCE}\n"),
       ("快报_2026年1—6月.csv", LONG_HEADER + f"原煤产量,2026年1—6月,1500,万吨,累计,,{SOURCE}\n")), BEHIND,
      "原煤产量：累计完成1,500万吨，完成全年目标的42%，低于时序进度50%；还需每月约350万吨，上月累计减少40万吨；"
      "预计全年3,000万吨，缺口600万吨。", 3000.0),
    # --- 19.6 projections: none from harvest progress, past a season or from whole things -----------------------
    S("粮食 1—9月 2,400 is harvest progress: no verdict, no 预计全年8,000", ("19.6",),
      GRAIN, "grain_output", "2026-10", (long("粮食产量,2026年1—9月,2400,万斤,累计,"),), NOT_DUE,
      "粮食产量：季节（9—10月）进行中，结束后判断；2026年9月累计完成2,400万斤，目标9,600万斤。", NAN),
    S("粮食 1—10月 8,800 in November, before its release: no 预计全年11,000", ("19.6",),
      GRAIN, "grain_output", "2026-11", (long("粮食产量,2026年1—10月,8800,万斤,累计,"),), NOT_DUE,
      "粮食产量：季节（9—10月）进行中，结束后判断；2026年10月累计完成8,800万斤，目标9,600万斤。", NAN),
    S("粮食 1—10月 8,800 once due: the harvest is 800万斤 short", ("19.3", "19.6"),
      GRAIN, "grain_output", "2026-12", (long("粮食产量,2026年1—10月,8800,万斤,累计,"),), SHORTFALL,
      "粮食产量：季节（9—10月）已过，2026年10月累计完成8,800万斤，目标9,600万斤，还差800万斤。", NAN),
    S("1 certification by September: the 1 due, and no 预计全年2个 from whole things", ("19.6",),
      GREEN, "green_product_certifications", "2026-10", (long("新认证绿色产品,2026年1—9月,1,个,累计,"),), ON_TRACK,
      "新认证绿色产品：累计完成1个，按时序进度此时应完成1个（全年目标2个）。", NAN),
    # --- 19.9 the year's close: 待全年数据 before December's figures -------------------------------------------
    S("原煤 1—11月 3,320 in the December briefing: 待全年数据, with what December must bring", ("19.9", "21.6"),
      COAL, "raw_coal_output", "2026-12",
      (long("原煤产量,2026年1—8月,2420,万吨,累计,", "原煤产量,2026年1—11月,3320,万吨,累计,"),), PENDING_YEAR,
      "原煤产量：12月数据尚未发布；累计完成3,320万吨，目标3,600万吨；12月还需约280万吨，近3个月月均约300万吨；"
      "预计全年3,622万吨。", 3622.0),
    S("林麝 195 in November, 5 a month lately and 5 to go: 待全年数据 in December, not 进度正常", ("19.9",),
      DEER, "musk_deer_farming", "2026-12",
      (long("林麝存栏,2026年8月,180,头,时点,", "林麝存栏,2026年11月,195,头,时点,"),), PENDING_YEAR,
      "林麝养殖：12月数据尚未发布；最新为195头，目标200头；12月还需增加约5头，近3个月每月增加约5头。", 195.0),
    S("到位资金 1—11月 +10.3% in the December briefing: 待全年数据, never 已完成", ("19.9", "19.3"),
      FUNDS, "higher_level_funds_growth", "2026-12", (long("到位资金增长,2026年1—11月,10.3,%,累计,"),), PENDING_YEAR,
      "到位资金增长：全年数据尚未发布；同比增长10.3%，不低于目标增长10%。", 10.3),
    S("到位资金 1—12月 +9.4% in: the year ended short, 已逾期", ("19.9", "19.3"),
      FUNDS, "higher_level_funds_growth", "2026-12", (long("到位资金增长,2026年1—12月,9.4,%,累计,"),), OVERDUE,
      "到位资金增长：截至2026年12月31日未完成，2026年12月同比增长9.4%，目标增长10%。", 9.4),
    # --- 19.8 aliases name the same statistic only -------------------------------------------------------------
    S("四上企业128户 is the stock, not 新增: refused, and 新增“四上”企业 has no figure", ("19.8",),
      FIRMS, "new_above_scale_enterprises", "2026-07", (long("四上企业,2026年6月,128,户,时点,"),), NO_DATA,
      "新增“四上”企业：目标3–5户，截至2026年7月尚未报送数据。", NAN, problem="四上企业"),
    S("中药材种植面积 is not 新发展中药材", ("19.8",),
      NEW_CROPS, "herb_planting_area", "2026-07", (long("中药材种植面积,2026年6月,4.6,万亩,时点,"),), NO_DATA,
      "新发展中药材：目标1万亩，截至2026年7月尚未报送数据。", NAN, problem="中药材种植面积"),
    S("招商到位资金 is not 到位资金增长", ("19.8",),
      FUNDS, "higher_level_funds_growth", "2026-07", (long("招商到位资金,2026年1—6月,9.6,亿元,累计,"),), NO_DATA,
      "到位资金增长：目标增长10%，截至2026年7月尚未报送数据。", NAN, problem="招商到位资金"),
    S("重点项目完成投资 (a flow) is not the portfolio's 总投资", ("19.8",),
      PROJECTS, "key_projects_total_investment", "2026-07",
      (long("重点项目完成投资,2026年1—6月,152.3,亿元,累计,"),), NO_DATA,
      "重点项目总投资：全年计划329.9亿元，截至2026年7月尚未报送数据。", NAN, problem="重点项目完成投资"),
    # --- 19.10 the shipped catalog: 加快, announcements, 左右 ----------------------------------------------------
    S("加快27个老旧小区改造: 27 started by October is what the report promises", ("19.10",),
      HOUSING, "old_residential_renovation", "2026-11", (long("老旧小区改造,2026年1—10月,27,个,累计,"),), ACHIEVED,
      "老旧小区改造：累计完成27个，已完成目标27个。", 27.0),
    S("和美乡村 reported as 累计0 until the list is published: not yet announced, nothing judged", ("19.4", "19.10"),
      VILLAGES, "national_beautiful_village_towns", "2026-07",
      (long("入选国家和美乡村建设项目乡镇,2026年1—5月,0,个,累计,", "入选国家和美乡村建设项目乡镇,2026年1—6月,0,个,累计,"),),
      NOT_DUE, "入选国家和美乡村建设项目乡镇：尚未公布，目标7个。", NAN),
    S("和美乡村: 8 of 10 villages on the published list is 未达标 for the year", ("19.10", "19.3"),
      VILLAGES, "national_beautiful_village_villages", "2026-10",
      (long("入选国家和美乡村建设项目村,2026年1—9月,8,个,累计,"),), SHORTFALL,
      "入选国家和美乡村建设项目村：已公布入选8个，目标10个，还差2个。", NAN),
    S("和美乡村: all 7 towns on the list", ("19.10",),
      VILLAGES, "national_beautiful_village_towns", "2026-10",
      (long("入选国家和美乡村建设项目乡镇,2026年1—9月,7,个,累计,"),), ACHIEVED,
      "入选国家和美乡村建设项目乡镇：公布入选7个，已完成目标7个。", 7.0),
    S("产气量稳定在3亿立方 read as 左右: 2.85 for the year is met", ("19.1", "19.10"),
      GAS, "gas_output", "2026-12", (long("产气量,2026年1—12月,2.85,亿立方米,累计,"),), ACHIEVED,
      "产气量：累计完成2.85亿立方米，已完成目标3亿立方米左右。", 2.85),
    S("产气量 2.84 for the year is below 左右's band", ("19.1",),
      GAS, "gas_output", "2026-12", (long("产气量,2026年1—12月,2.84,亿立方米,累计,"),), OVERDUE,
      "产气量：截至2026年12月31日未完成，2026年12月累计完成2.84亿立方米，目标3亿立方米左右。", 2.84),
    S("新增“四上”企业 6户: met, above the range's high end as a note", ("19.1",),
      FIRMS, "new_above_scale_enterprises", "2026-11", (long("新增“四上”企业,2026年1—10月,6,户,累计,"),), ACHIEVED,
      "新增“四上”企业：累计完成6户，已完成目标3–5户；已超过目标区间上限5户。", 6.0),
    # --- 19.1 a plan that writes only the old columns is still judged sensibly ----------------------------------
    S("old columns only: a sown area (profile sown_area) short after its derived season", ("19.1", "19.3"),
      GRAIN, "grain_sown_area", "2026-10", (long("粮食播种面积,2026年10月,32.6,万亩,时点,"),), SHORTFALL,
      "粮食播种面积：季节（5—7月）已过，2026年10月为32.6万亩，目标33万亩，还差0.4万亩。", NAN, catalog="old"),
    S("old columns only: a growth target (kind growth) is not 已完成 before the full year", ("19.1", "19.3"),
      FUNDS, "higher_level_funds_growth", "2026-08", (long("到位资金增长,2026年1—7月,10.6,%,累计,"),), ON_TRACK,
      "到位资金增长：同比增长10.6%，不低于目标增长10%；全年增速以12月数据为准。", 10.6, catalog="old"),
]  # fmt: skip


def _catalog(kind: str) -> pd.DataFrame:
    shipped = load_targets()
    if kind == "hypothetical":
        extra = pd.DataFrame(HYPOTHETICAL).assign(
            domain="other", task="", section="", target_high=NAN, deadline=pd.Timestamp("2026-12-31"),
            source_quote="", release_lag_days=25, milestone_type="", note="假设的目标", is_context=False,
            has_target=True,
        )  # fmt: skip
        return pd.concat([shipped, extra], ignore_index=True)
    if kind == "old":
        return shipped.drop(columns=list(measures.COLUMNS))
    return shipped


def _judge(tmp_path: Path, s: Situation) -> tuple[dict, pd.DataFrame | None]:
    """The situation's files read by the real loaders, then the plan's progress at its month: its row."""
    paths = []
    for name, text in s.files:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    catalog = _catalog(s.catalog)
    problems = None
    if s.problem:
        actuals, problems = load_actuals(paths, lenient=True, targets=catalog)
        log = None
    elif len(paths) > 1 and all(p.name.startswith("快报") for p in paths):
        # two releases read one by one (a 核减 across releases; the loader's own revision rule is the inputs')
        actuals, log = pd.concat([load_actuals([p], targets=catalog) for p in paths], ignore_index=True), None
    else:
        actuals, log = load_inputs(paths, targets=catalog)
    table = ll.progress(s.as_of, actuals, targets=catalog, milestones=log)
    return table.set_index("indicator_id").loc[s.indicator_id].to_dict() | {
        "indicator_id": s.indicator_id
    }, problems


@pytest.mark.parametrize("s", SITUATIONS, ids=lambda s: s.name)
def test_situation(tmp_path, s):
    row, problems = _judge(tmp_path, s)
    assert (row["status"], sentence(row)) == (s.status, s.sentence), row["note"]
    if math.isnan(s.projected):
        assert math.isnan(row["projected"]), row["projected"]
    else:
        assert row["projected"] == pytest.approx(s.projected, abs=1e-9)
    if s.status in ATTENTION_STATUSES:  # the briefing's 需要关注 list says the same
        items = attention(pd.DataFrame([row]))
        assert list(items["sentence"]) == [s.sentence]
    if s.problem:
        assert s.problem in set(problems["value"]), problems[["value", "message"]]


def test_every_point_is_covered_by_situations():
    assert len(SITUATIONS) >= 40
    covered = {p for s in SITUATIONS for p in s.points}
    assert covered == set(POINTS), set(POINTS) ^ covered
    assert len({s.name for s in SITUATIONS}) == len(SITUATIONS)


@pytest.mark.parametrize("s", SITUATIONS, ids=lambda s: s.name)
def test_the_reports_sentence_is_verbatim(s):
    if s.report.startswith("假设："):
        assert s.catalog == "hypothetical"  # a row the report does not have says so
    else:
        assert s.report in report_text(load_plan())
        quote = load_targets().set_index("indicator_id").at[s.indicator_id, "source_quote"]
        assert quote == s.report or s.report in quote or quote in s.report
