"""Charts draw from the real progress and ytd frames of the shipped sample, in Chinese, without missing glyphs."""

from __future__ import annotations

import io
import math
import warnings

import pytest

from liulin_data.core.statuses import STATUS_LABELS
from liulin_data.engine import ytd_series as engine_ytd_series
from liulin_data.present import charts

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


def test_monthly_with_yoy(actuals):
    series = ytd_series(actuals, "raw_coal_output")
    yoy = charts.yoy_by_month(actuals, "raw_coal_output", 2026)
    assert yoy, "the sample reports year-on-year rates for 原煤产量"
    fig, ax = charts.new_figure()
    ax, twin = charts.plot_monthly_with_yoy(
        ax, series, "万吨", title="原煤产量", as_of=AS_OF, yoy=yoy, sample=True
    )
    _save(fig)
    assert twin is not None and "同比" in twin.get_ylabel()
    assert "万吨" in ax.get_ylabel() and AS_OF_LABEL in ax.get_title()
    bars = [p for p in ax.patches]
    known = series[(series["month"] <= 10) & series["month_value"].notna()]
    assert len(bars) == len(known)
    assert charts.sample_stamped(fig)


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
    ms = charts.milestone_frame(prog, targets)
    assert len(ms) == (prog["kind"] == "milestone").sum()
    assert ms["deadline"].notna().all()
    # the day of the latest log entry, from the note as people read it (9月18日：在建) and its month
    bridge = ms.set_index("indicator").loc["跨河大桥建成通车"]
    assert bridge["note"].startswith("9月18日：") and bridge["date"] == "2026-09-18"
    fig, ax = charts.new_figure(figsize=charts.bullet_figsize(len(ms)))
    charts.plot_milestone_timeline(ax, ms, AS_OF)
    _save(fig)
    assert _row_names(ax) == ms["indicator"].astype(str).tolist()
    assert AS_OF_LABEL in ax.get_title() and "2026" in ax.get_xlabel()
    legend = {t.get_text() for t in fig.legends[0].get_texts()}
    assert "截止时间" in legend
    assert {STATUS_LABELS[s] for s in ms["status"]} <= legend


def test_milestone_timeline_without_milestones_warns_nothing(prog, targets):
    ms = charts.milestone_frame(prog[prog["kind"] != "milestone"], targets)
    fig, ax = charts.new_figure()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's "No artists with labels" would end up in a briefing
        charts.plot_milestone_timeline(ax, ms, "2027-03")
    _save(fig)
    assert not fig.legends and "暂无里程碑事项" in _texts(fig) and "2027" in ax.get_xlabel()


def test_milestone_timeline_marks_overdue(targets):
    import pandas as pd

    ms = pd.DataFrame(
        {
            "indicator": ["郭家沟矿井开工建设", "县中医院投用"],
            "status": ["overdue", "done"],
            "deadline": ["2026-03-31", "2026-12-31"],
            "date": [None, "2026-05-20"],
            "is_sample": [False, False],
        }
    )
    fig, ax = charts.new_figure()
    charts.plot_milestone_timeline(ax, ms, "2026-06")
    _save(fig)
    overdue = next(line for line in ax.lines if line.get_label() == STATUS_LABELS["overdue"])
    assert overdue.get_marker() == "X"
    assert overdue.get_xdata()[0] == pytest.approx(7.0)  # end of June
    done = next(line for line in ax.lines if line.get_label() == STATUS_LABELS["done"])
    assert 5 < done.get_xdata()[0] < 6
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
