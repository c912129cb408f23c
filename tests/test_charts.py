"""Charts draw from the real progress and ytd frames of the shipped sample, in Chinese, without missing glyphs."""

from __future__ import annotations

import io
import math
import warnings

import pytest

from liulin_data.engine import ytd_series as engine_ytd_series
from liulin_data.present import charts
from liulin_data.statuses import STATUS_LABELS

AS_OF = "2026-10"


def ytd_series(actuals, indicator_id, targets=None):
    """The engine's series of the shipped plan's year (2026)."""
    from liulin_data.catalog import load_targets

    return engine_ytd_series(actuals, indicator_id, load_targets() if targets is None else targets, year=2026)


# the fixtures targets, actuals and prog (the shipped catalog and sample) are in conftest.py


def _save(fig) -> bytes:
    """Save as PNG with every warning an error (a 'Glyph … missing from font' warning fails the test)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=60)
    return buf.getvalue()


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
    assert AS_OF in ax.get_title() and "原煤产量" in ax.get_title()
    assert "万吨" in ax.get_ylabel()
    assert charts.sample_stamped(fig)
    # the actual line stops at as_of; the dashed projection ends at the progress engine's projection
    actual_line = next(line for line in ax.lines if line.get_label() == "累计实际")
    assert max(actual_line.get_xdata()) <= 10
    projection = next(line for line in ax.lines if line.get_label().startswith("按当前进度预计全年"))
    assert projection.get_linestyle() == "--"
    assert projection.get_xdata()[-1] == 12
    assert math.isclose(projection.get_ydata()[-1], row["projected"])
    # the pace band is there, and the target line
    assert any("进度区间" in t for t in ax.get_legend_handles_labels()[1])
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
    assert "2026-04" in ax.get_title()


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
    assert "万吨" in ax.get_ylabel() and AS_OF in ax.get_title()
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
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(rows)
    assert any("（万吨）" in label for label in labels)
    assert AS_OF in ax.get_title() and "%" in ax.get_xlabel()
    assert charts.sample_stamped(fig), "the shipped sample is synthetic: the stamp must show"
    # bars are coloured by status
    behind = rows[rows["status"] == "behind"]
    if len(behind):
        from matplotlib.colors import to_hex

        colours = {to_hex(p.get_facecolor()) for p in ax.patches}
        assert charts.STATUS_COLOURS["behind"] in colours


def test_status_counts(prog):
    fig, ax = charts.new_figure()
    charts.plot_status_counts(ax, prog)
    _save(fig)
    text = _texts(fig)
    assert f"共{len(prog[prog['kind'] == 'milestone'])}项" in text
    assert AS_OF in ax.get_title() and "个" in ax.get_xlabel()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert set(legend) <= set(STATUS_LABELS.values())


def test_milestone_timeline(prog, targets):
    ms = charts.milestone_frame(prog, targets)
    assert len(ms) == (prog["kind"] == "milestone").sum()
    assert ms["deadline"].notna().all()
    fig, ax = charts.new_figure(figsize=charts.bullet_figsize(len(ms)))
    charts.plot_milestone_timeline(ax, ms, AS_OF)
    _save(fig)
    assert [t.get_text() for t in ax.get_yticklabels()] == ms["indicator"].astype(str).tolist()
    assert AS_OF in ax.get_title() and "2026" in ax.get_xlabel()
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert "截止时间" in legend
    assert {STATUS_LABELS[s] for s in ms["status"]} <= legend


def test_milestone_timeline_without_milestones_warns_nothing(prog, targets):
    ms = charts.milestone_frame(prog[prog["kind"] != "milestone"], targets)
    fig, ax = charts.new_figure()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's "No artists with labels" would end up in a briefing
        charts.plot_milestone_timeline(ax, ms, "2027-03")
    _save(fig)
    assert ax.get_legend() is None and "暂无里程碑事项" in _texts(fig) and "2027" in ax.get_xlabel()


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
    from liulin_data.history import load_history

    fig, ax = charts.new_figure()
    charts.plot_history(ax, load_history(), indicator="原煤产量", as_of=AS_OF)
    _save(fig)
    assert "万吨" in ax.get_ylabel()
    assert "非2026年实际" in ax.get_title()
    assert len(ax.patches) >= 1
    assert AS_OF in _texts(fig)


def test_as_of_parts_rejects_nonsense():
    assert charts.as_of_parts("2026-03") == ("2026-03", 3)
    assert charts.as_of_parts(7) == ("7月", 7)
    with pytest.raises(ValueError, match="月份应在 1 到 12 之间"):
        charts.as_of_parts("2026-13")
