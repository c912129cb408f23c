"""Charts draw from the real progress and ytd frames of the shipped sample, in Chinese, without missing glyphs."""

from __future__ import annotations

import io
import math
import warnings

import pytest

from liulin_data.core.statuses import STATUS_LABELS
from liulin_data.engine import ytd_series as engine_ytd_series
from liulin_data.present import charts
from liulin_data.present.series import reported

AS_OF = "2026-10"
# the month as the charts say it
AS_OF_LABEL = "2026年10月"


def ytd_series(actuals, indicator_id, targets=None):
    """The engine's series of the shipped plan's year (2026)."""
    from liulin_data import load_targets

    return engine_ytd_series(actuals, indicator_id, load_targets() if targets is None else targets, year=2026)


# the fixtures targets, actuals and prog (the shipped catalog and sample) are in conftest.py


def _save(fig) -> bytes:
    """Save as PNG with every warning an error (a 'Glyph … missing from font' warning fails the test)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=60)
    return buf.getvalue()


def _row_names(ax) -> list[str]:
    """The names written above the rows of a bullet or milestone chart, top to bottom."""
    return [t.get_text() for t in ax.texts if t.get_gid() == charts.ROW_NAME_GID]


def _texts(fig) -> str:
    out = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    return "\n".join(out)


def test_ytd_vs_target_from_real_series(actuals, prog):
    row = prog.set_index("indicator_id").loc["raw_coal_output"]
    series = ytd_series(actuals, "raw_coal_output")
    fig, ax = charts.new_figure()
    charts.plot_ytd_vs_target(
        ax, series, row["target"], unit=row["unit"], title=row["indicator"], as_of=AS_OF,
        sample=True, projected=row["projected"],
    )  # fmt: skip
    png = _save(fig)
    assert png.startswith(b"\x89PNG")
    assert AS_OF_LABEL in ax.get_title() and "原煤产量" in ax.get_title()
    assert "2,710万吨" in ax.get_title()  # the latest value, formatted
    assert "万吨" in ax.get_ylabel()
    assert charts.sample_stamped(fig)
    # the actual line stops at as_of; the dashed projection ends at the progress engine's projection
    actual_line = next(line for line in ax.lines if line.get_label() == "累计实际")
    assert max(actual_line.get_xdata()) <= 10
    projection = next(line for line in ax.lines if line.get_label().startswith("预计全年"))
    assert projection.get_linestyle() == "--"
    assert projection.get_xdata()[-1] == 12
    assert math.isclose(projection.get_ydata()[-1], row["projected"])
    # the pace band is there, and the target line
    assert any("进度正常区间" in t for t in ax.get_legend_handles_labels()[1])
    assert any(line.get_label().startswith("全年目标") for line in ax.lines)


def test_ytd_chart_without_sample_has_no_stamp_and_earlier_as_of_hides_later_months(actuals, prog):
    series = ytd_series(actuals, "gas_output")
    row = prog.set_index("indicator_id").loc["gas_output"]
    fig, ax = charts.new_figure()
    charts.plot_ytd_vs_target(
        ax, series, row["target"], unit=row["unit"], title=row["indicator"], as_of="2026-04"
    )
    _save(fig)
    assert not charts.sample_stamped(fig)
    actual_line = next(line for line in ax.lines if line.get_label() == "累计实际")
    assert max(actual_line.get_xdata()) <= 4
    assert "2026年4月" in ax.get_title()


def test_monthly_chart_of_the_sample_draws_no_cumulative_growth(actuals, prog):
    """原煤产量 reports 当月 figures and 累计 figures with their (cumulative) growth: the bars are the 当月 figures,
    1—2月 one bar; the cumulative growth is not drawn beside them but said with the cumulative amount."""
    figures = reported(actuals, {"indicator_id": "raw_coal_output"}, 2026)
    assert charts.yoy_by_month(actuals, "raw_coal_output", 2026) == {}  # no 当月 figure carries a growth rate
    assert charts.yoy_by_month(actuals, "raw_coal_output", 2026, basis="ytd")[10] == -3.2
    fig, ax = charts.new_figure()
    ax, twin = charts.plot_monthly_with_yoy(ax, None, "万吨", title="原煤产量", as_of=AS_OF, sample=True,
                                            figures=figures)  # fmt: skip
    _save(fig)
    assert twin is None and "同比" not in _texts(fig)
    assert "万吨" in ax.get_ylabel() and AS_OF_LABEL in ax.get_title()
    assert [round(p.get_x() + p.get_width() / 2, 2) for p in ax.patches][:2] == [1.5, 3.0]  # 1—2月 spans both
    assert "1—2月\n合计" in _texts(fig)
    row = prog.set_index("indicator_id").loc["raw_coal_output"]
    fig, ax = charts.new_figure()
    charts.plot_ytd_vs_target(ax, None, row["target"], unit="万吨", title="原煤产量", as_of=AS_OF,
                              figures=figures, projected=row["projected"])  # fmt: skip
    assert "累计 2,710万吨，同比-3.2%" in ax.get_title()


# an analyst's file, as the bureau's months arrive: 1—2月 together, April and May only as 1—5月, July only as 1—7月
COAL_CSV = """指标,时期,数值,单位,口径,同比增长(%)
原煤产量,2026年1—2月,495.7,万吨,累计,-4.2
原煤产量,2026年3月,284.3,万吨,当月,2.5
原煤产量,2026年1—3月,780.0,万吨,累计,-4.9
原煤产量,2026年1—5月,1317.1,万吨,累计,-2.7
原煤产量,2026年6月,279.3,万吨,当月,-1.8
原煤产量,2026年1—6月,1596.4,万吨,累计,-3.9
原煤产量,2026年1—7月,1871.7,万吨,累计,-3.4
原煤产量,2026年8月,283.6,万吨,当月,0.6
"""


@pytest.fixture
def coal(tmp_path, targets):
    from liulin_data import load_actuals

    path = tmp_path / "统计月报.csv"
    path.write_text(COAL_CSV, encoding="utf-8")
    frame = load_actuals([path], targets=targets, year=2026)
    return frame, reported(frame, {"indicator_id": "raw_coal_output"}, 2026)


def test_monthly_bars_are_reported_or_derived_and_say_which(coal):
    """A 当月 figure is a solid bar; a month worked out from two cumulatives is hatched and named so; months
    released only together (1—2月, 4—5月) are one bar across them."""
    _, figures = coal
    bars = [(b.label, round(b.value, 1), b.derived) for b in figures.bars(8)]
    assert bars == [("1—2月", 495.7, False), ("3月", 284.3, False), ("4—5月", 537.1, True),
                    ("6月", 279.3, False), ("7月", 275.3, True), ("8月", 283.6, False)]  # fmt: skip
    fig, ax = charts.new_figure()
    charts.plot_monthly_with_yoy(ax, None, "万吨", title="原煤产量", as_of="2026-08", figures=figures)
    _save(fig)
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 2 and {round(p.get_width(), 2) for p in hatched} == {0.65, 1.65}
    legend = {t.get_text() for t in fig.legends[0].get_texts()}
    assert charts.DERIVED_MONTH in legend and "当月值（万吨）" in legend
    assert charts.layout_problems(fig) == []


def test_growth_of_monthly_figures_has_its_zero_at_the_bars_zero(coal):
    """The 当月 growth rates (2.5, −1.8, 0.6) on the second axis: both axes cross zero at one height, and the
    cumulative rates (−4.2 … −3.4) are not among them."""
    _, figures = coal
    assert figures.month_yoy == {3: 2.5, 6: -1.8, 8: 0.6}
    fig, ax = charts.new_figure()
    ax, twin = charts.plot_monthly_with_yoy(ax, None, "万吨", as_of="2026-08", figures=figures)
    _save(fig)
    assert twin is not None and "当月同比" in twin.get_ylabel()
    assert list(twin.lines[0].get_ydata()) == [2.5, -1.8, 0.6]
    zero_bars = ax.transData.transform((0, 0))[1]
    zero_rates = twin.transData.transform((0, 0))[1]
    assert zero_bars == pytest.approx(zero_rates, abs=0.5)
    low, high = twin.get_ylim()
    assert low < -1.8 and high > 2.5


def test_cumulative_points_are_reported_or_derived(coal, targets):
    """累计 figures are filled markers; a cumulative worked out from an earlier one and a 当月 figure is hollow and
    named so; a month with neither is no point."""
    _, figures = coal
    points = [(p.month, round(p.value, 1), p.derived) for p in figures.cumulative(8)]
    assert points == [(2, 495.7, False), (3, 780.0, False), (5, 1317.1, False), (6, 1596.4, False),
                      (7, 1871.7, False), (8, 2155.3, True)]  # fmt: skip
    fig, ax = charts.new_figure()
    charts.plot_ytd_vs_target(ax, None, 3600, unit="万吨", title="原煤产量", as_of="2026-08", figures=figures)
    hollow = next(line for line in ax.lines if line.get_label() == charts.DERIVED_CUMULATIVE)
    assert list(hollow.get_xdata()) == [8] and hollow.get_markerfacecolor() == "white"
    assert "截至2026年8月累计 2,155.3万吨" in ax.get_title()


def test_a_level_is_drawn_only_where_it_was_reported(actuals, prog, targets):
    """粮食播种面积 is reported in May and June: two points, nothing carried into July–October, no pace band, no
    projection; the title says the figure's own month."""
    row = targets.set_index("indicator_id").loc["grain_sown_area"].to_dict() | {
        "indicator_id": "grain_sown_area"
    }
    figures = reported(actuals, row, 2026)
    fig, ax = charts.new_figure()
    charts.plot_target(ax, row, ytd_series(actuals, "grain_sown_area"), figures, as_of=AS_OF,
                       projected=prog.set_index("indicator_id").at["grain_sown_area", "projected"])  # fmt: skip
    _save(fig)
    drawn = sorted(
        {x for line in ax.lines for x in line.get_xdata() if line.get_marker() not in (None, "None")}
    )
    assert drawn == [5, 6]
    labels = ax.get_legend_handles_labels()[1]
    assert not any("进度" in label or "预计" in label for label in labels), labels
    assert "6月为 33.4万亩" in ax.get_title()


def test_a_growth_target_is_drawn_as_growth_against_its_target(actuals, targets):
    """到位资金增长10%: the reported cumulative growth rates in %, the target at 10%, the gap in 百分点, zero on the
    axis."""
    row = targets.set_index("indicator_id").loc["higher_level_funds_growth"].to_dict()
    row["indicator_id"] = "higher_level_funds_growth"
    figures = reported(actuals, row, 2026)
    fig, ax = charts.new_figure()
    charts.plot_target(ax, row, None, figures, as_of=AS_OF)
    _save(fig)
    assert "低于目标1.1个百分点" in ax.get_title() and "8.9%" in ax.get_title()
    assert ax.get_ylabel() == "增长（%）"
    assert any(line.get_label() == "目标 10%" for line in ax.lines)
    low, high = ax.get_ylim()
    assert low <= 0 < 10 < high


def test_a_cap_is_a_ceiling(targets):
    """A cap (≤3 deaths, as an analyst's override would set it): the target is 上限, with no pace and no
    projection."""
    import pandas as pd

    frame = pd.DataFrame({"indicator_id": ["deaths"] * 2, "period": ["2026-03", "2026-06"], "basis": ["ytd"] * 2,
                          "value": [1.0, 4.0], "yoy_pct": [None, None]})  # fmt: skip
    row = {"indicator_id": "deaths", "indicator": "生产安全事故死亡人数", "kind": "quantity", "comparator": "<=",
           "basis": "flow", "target": 3, "unit": "人"}  # fmt: skip
    fig, ax = charts.new_figure()
    charts.plot_target(ax, row, None, reported(frame, row, 2026), as_of="2026-06", projected=8)
    _save(fig)
    labels = ax.get_legend_handles_labels()[1]
    assert "上限 3人" in labels and not any("进度" in s or "预计" in s for s in labels), labels
    assert "累计与上限" in ax.get_title()


def test_rates_growth_and_caps_never_go_into_a_share_of_target_chart(prog, targets):
    rows = charts.bullet_rows(prog, targets)
    assert {"new_project_start_rate", "higher_level_funds_growth"}.isdisjoint(rows["indicator_id"])
    assert "raw_coal_output" in set(rows["indicator_id"])
    fig, ax = charts.new_figure(figsize=charts.bullet_figsize(len(rows)))
    charts.plot_completion_bullets(ax, prog, catalog=targets)
    assert "%）" not in "".join(_row_names(ax))


def test_completion_bullets(prog):
    rows = charts.bullet_rows(prog)
    assert len(rows) > 10 and (rows["kind"] != "milestone").all()
    fig, ax = charts.new_figure(figsize=charts.bullet_figsize(len(rows)))
    charts.plot_completion_bullets(ax, prog)
    _save(fig)
    labels = _row_names(ax)
    assert len(labels) == len(rows)
    assert any("（万吨）" in label for label in labels)
    assert AS_OF_LABEL in ax.get_title() and "比例" in ax.get_xlabel()
    assert charts.sample_stamped(fig), "the shipped sample is synthetic: the stamp must show"
    # bars are coloured by status
    behind = rows[rows["status"] == "behind"]
    if len(behind):
        from matplotlib.colors import to_hex

        colours = {to_hex(p.get_facecolor()) for p in ax.patches}
        assert charts.STATUS_COLOURS["behind"] in colours


def test_status_counts(prog):
    fig, ax = charts.new_figure(figsize=charts.status_counts_figsize(prog))
    charts.plot_status_counts(ax, prog)
    _save(fig)
    assert f"里程碑事项 {len(prog[prog['kind'] == 'milestone'])} 项" in ax.get_title()
    assert AS_OF_LABEL in ax.get_title() and "个" in ax.get_xlabel()
    # one bar per status label, most severe at the top, each in its own visible colour, the count at its end
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert set(labels) <= set(STATUS_LABELS.values()) and labels[0] == STATUS_LABELS["overdue"]
    counts = prog["status"].map(STATUS_LABELS).value_counts()
    assert [int(round(p.get_width())) for p in ax.patches] == [counts[label] for label in labels]
    from matplotlib.colors import to_hex

    assert "#ffffff" not in {to_hex(p.get_facecolor()) for p in ax.patches}


def test_milestone_timeline(prog, targets):
    from liulin_data.session import open_session

    log = open_session(AS_OF).milestones
    ms = charts.milestone_frame(prog, targets, log)
    assert len(ms) == (prog["kind"] == "milestone").sum()
    assert ms["deadline"].notna().all()
    # the date of the latest log entry
    bridge = ms.set_index("indicator").loc["跨河大桥建成通车"]
    assert bridge["note"].startswith("9月18日：") and bridge["date"] == "2026-09-18"
    fig, ax = charts.new_figure(figsize=charts.bullet_figsize(len(ms)))
    charts.plot_milestone_timeline(ax, ms, AS_OF)
    _save(fig)
    assert _row_names(ax) == ms["indicator"].astype(str).tolist()
    assert AS_OF_LABEL in ax.get_title() and "2026" in ax.get_xlabel()
    legend = {t.get_text() for t in fig.legends[0].get_texts()}
    assert "完成时限" in legend and "截止" not in "".join(legend)
    assert {STATUS_LABELS[s] for s in ms["status"]} <= legend


def test_milestone_timeline_without_milestones_warns_nothing(prog, targets):
    ms = charts.milestone_frame(prog[prog["kind"] != "milestone"], targets)
    fig, ax = charts.new_figure()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's "No artists with labels" would end up in a briefing
        charts.plot_milestone_timeline(ax, ms, "2027-03")
    _save(fig)
    assert not fig.legends and "暂无里程碑事项" in _texts(fig) and "2027" in ax.get_xlabel()


def test_milestones_are_placed_by_one_rule(targets):
    """Every marker sits at the date of the log entry that gave the status — overdue, done and not started alike;
    a milestone without an entry has no marker."""
    import pandas as pd

    ms = pd.DataFrame(
        {
            "indicator": ["郭家沟矿井开工建设", "县中医院投用", "群艺馆投用", "跨河大桥建成通车"],
            "status": ["overdue", "done", "not_started", "no_data"],
            "deadline": ["2026-03-31", "2026-12-31", "2026-12-31", "2026-12-31"],
            "date": ["2026-04-16", "2026-05-20", "2026-02-01", None],
            "is_sample": [False] * 4,
        }
    )
    fig, ax = charts.new_figure(figsize=charts.bullet_figsize(6))
    charts.plot_milestone_timeline(ax, ms, "2026-06")
    _save(fig)
    marks = {line.get_label(): line for line in ax.lines if line.get_linestyle() == "None"}
    assert marks[STATUS_LABELS["overdue"]].get_marker() == "X"
    assert marks[STATUS_LABELS["overdue"]].get_xdata()[0] == pytest.approx(4 + 15 / 30)  # 16 April
    assert marks[STATUS_LABELS["done"]].get_xdata()[0] == pytest.approx(5 + 19 / 31)  # 20 May
    assert marks[STATUS_LABELS["not_started"]].get_xdata()[0] == pytest.approx(2.0)  # 1 February
    assert STATUS_LABELS["no_data"] not in marks  # no entry: no marker
    assert not charts.sample_stamped(fig)


def test_history_chart():
    from liulin_data import load_history

    fig, ax = charts.new_figure()
    charts.plot_history(ax, load_history(), indicator="原煤产量", as_of=AS_OF)
    _save(fig)
    assert "万吨" in ax.get_ylabel()
    assert "非2026年实际" in ax.get_title()
    assert len(ax.patches) >= 1
    assert AS_OF_LABEL in _texts(fig)
    assert "政府网站" in ax.get_xlabel() and "gov.cn" not in _texts(fig)  # a source for people, no address


def test_as_of_parts_rejects_nonsense():
    assert charts.as_of_parts("2026-03") == ("2026年3月", 3)
    assert charts.as_of_parts(7) == ("7月", 7)
    with pytest.raises(ValueError, match="月份应在 1 到 12 之间"):
        charts.as_of_parts("2026-13")


# ----------------------------------------------------------------------------------------------------
# charts keep clear of each other, and stay legible on a phone: every chart the notebooks draw
# ----------------------------------------------------------------------------------------------------
# the indicator groups the notebooks pass to bullets() (20_agriculture, 30_consumption)
NOTEBOOK_BULLETS = {
    "specialty": ["chili_planting_area", "purple_sweet_potato_area", "black_fungus_logs", "shiitake_logs",
                  "herb_planting_area", "herb_processing_plants", "green_product_certifications"],
    "livestock": ["new_beef_cattle", "new_meat_sheep", "musk_deer_farming", "factory_fish_water_volume",
                  "livestock_leading_enterprises", "liuyu_beef_cattle_farm_operation", "mucun_dairy_farm_operation"],
    "invest": ["key_projects_count", "key_projects_total_investment", "continued_projects_resumption",
               "new_project_start_rate", "higher_level_funds_growth", "investment_contract_value",
               "investment_realized", "fixed_asset_investment_growth"],
}  # fmt: skip
# the smallest chart text a phone may show, CSS px
MIN_PHONE_TEXT_PX = 10.5


@pytest.fixture(scope="module")
def views():
    """The notebooks' views: the overview and the three themes, on the shipped sample."""
    from liulin_data.present.views import NotebookView

    return {
        "overview": NotebookView.load(AS_OF),
        "energy": NotebookView.load(AS_OF, theme=["energy"]),
        "agriculture": NotebookView.load(AS_OF, theme=["agriculture", "rural"]),
    }


def _view_figures(views):
    """(name, drawing function) of every overview-level chart the notebooks draw."""
    v = views["overview"]
    yield "status", v.status_figure
    yield "bullets", v.bullets_figure
    for name, ids in NOTEBOOK_BULLETS.items():
        yield f"bullets-{name}", lambda ids=ids: v.bullets_figure(ids)
    for theme in ("overview", "energy", "agriculture"):
        yield f"milestones-{theme}", views[theme].milestone_figure
    yield (
        "history",
        lambda: v.history_figure(
            {"raw_coal_output": "原煤产量", "clean_coal_output": "精煤产量", "power_generation": "发电量"}
        ),
    )


def _indicator_figures(view, indicator_ids):
    """(name, drawing function) of every per-indicator chart: cumulative, monthly, the explorer's two views."""
    for iid in indicator_ids:
        yield f"ytd-{iid}", lambda iid=iid: view.ytd_figure(iid)
        yield f"month-{iid}", lambda iid=iid: view.monthly_figure(iid)
        yield f"explorer-month-{iid}", lambda iid=iid: view.explorer_figure(iid, "month")
        yield f"explorer-ytd-{iid}-march", lambda iid=iid: view.explorer_figure(iid, "ytd", "2026-03")


def _check_figures(figures) -> list[str]:
    failures = []
    for name, draw in figures:
        fig = draw()
        problems = charts.layout_problems(fig)
        px = charts.text_px_on_phone(fig)
        if px < MIN_PHONE_TEXT_PX:
            problems.append(f"最小字号在手机上只有 {px:.1f} px")
        failures += [f"{name}: {p}" for p in problems]
    return failures


def test_overview_charts_keep_clear_and_legible(views):
    assert not _check_figures(_view_figures(views))


def test_representative_indicator_charts_keep_clear(views):
    ids = ["raw_coal_output", "gas_output", "grain_output", "retail_sales", "intelligent_mines", "gdp"]
    assert not _check_figures(_indicator_figures(views["overview"], ids))


@pytest.mark.slow
def test_every_indicator_chart_keeps_clear(views):
    """Every numeric indicator of the shipped plan, every per-indicator chart type (about 150 charts)."""
    v = views["overview"]
    ids = v.rows(kind="numeric")["indicator_id"].tolist()
    failures = _check_figures(_indicator_figures(v, ids))
    assert not failures, "\n".join(failures[:40])


def test_layout_check_catches_a_legend_over_the_target_line(prog, actuals):
    """The check can fail: the old layout (legend inside the axes, on the target line) is caught."""
    row = prog.set_index("indicator_id").loc["raw_coal_output"]
    fig, ax = charts.new_figure(figsize=(8, 4.6))
    charts.plot_ytd_vs_target(ax, ytd_series(actuals, "raw_coal_output"), row["target"], unit="万吨",
                              title="原煤产量", as_of=AS_OF)  # fmt: skip
    for legend in list(fig.legends):
        legend.remove()
    ax.legend(loc="upper left")  # where the legend used to sit
    problems = charts.layout_problems(fig)
    assert any("全年目标" in p for p in problems), problems
    ax.set_ylabel("累计（万吨）" * 8)  # a label longer than the axis runs out of the figure
    assert any("超出" in p for p in charts.layout_problems(fig))


def test_all_zero_month_series_gets_a_plain_axis(views):
    fig = views["overview"].explorer_figure("intelligent_mines", "month")
    low, high = fig.axes[0].get_ylim()
    assert (low, high) == (0, 1) or (low == 0 and high >= 1), (low, high)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert all("." not in label for label in labels), labels  # counts: whole-number ticks


def test_status_colours_are_visible_and_distinct():
    from liulin_data.core.statuses import STATUS_COLORS
    from liulin_data.present.blocks import ink

    def luminance(colour):
        h = colour.lstrip("#")
        c = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    for status, colour in STATUS_COLORS.items():
        assert 1.05 / (luminance(colour) + 0.05) >= 1.8, f"{status} {colour} is too close to white"
        text = ink(colour)
        lighter, darker = sorted((luminance(colour), luminance(text)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.3, f"badge text of {status} is hard to read"
    by_label = {}
    for status, colour in STATUS_COLORS.items():
        by_label.setdefault(STATUS_LABELS[status], set()).add(colour)
    assert all(len(c) == 1 for c in by_label.values()), "one colour per label"
    colours = [next(iter(c)) for c in by_label.values()]
    assert len(set(colours)) == len(colours), "no two labels share a colour"
    # and no two look alike: CIE76 colour difference of every pair of labels' colours at least 15
    labels = list(by_label)
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            difference = _delta_e(next(iter(by_label[a])), next(iter(by_label[b])))
            assert difference >= 15, f"{a} and {b} look alike (ΔE {difference:.1f})"


def _delta_e(one: str, two: str) -> float:
    """CIE76 difference of two '#rrggbb' colours (sRGB, D65): about 2 is just noticeable, 15 clearly apart."""

    def lab(colour: str) -> tuple[float, float, float]:
        c = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        x = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047
        y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
        z = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883
        f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
        return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])

    return sum((p - q) ** 2 for p, q in zip(lab(one), lab(two), strict=True)) ** 0.5


def test_published_periods_read_as_months():
    assert charts.period_words("2024-01-01", "2024-06-30", "2024 1-6月 (上半年)") == "2024年1—6月"
    assert charts.period_words("2022-01-01", "2022-12-31") == "2022年"
    assert charts.period_words("2024-03-01", "2024-03-31") == "2024年3月"
    assert charts.period_words(None, None, "2024 1-6月") == "2024 1-6月"
