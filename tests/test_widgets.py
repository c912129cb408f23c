"""The indicator explorer redraws from the library on every change; status tables escape analysts' text."""

from __future__ import annotations

import base64

import pytest

from liulin_data.present import charts
from liulin_data.present.widgets import (
    IndicatorExplorer,
    StatusBoard,
    in_notebook_kernel,
    show,
    status_table_html,
)
from liulin_data.session import open_session

AS_OF = "2026-10"


# the fixtures targets, actuals and prog (the shipped catalog and sample) are in conftest.py


@pytest.fixture(scope="module")
def session():
    return open_session(AS_OF)


@pytest.fixture
def explorer(session):
    return IndicatorExplorer(session, indicator_ids=["raw_coal_output", "gas_output"])


def _actual_line(fig):
    ax = fig.axes[0]
    return next(line for line in ax.lines if line.get_label() == "累计实际")


def test_explorer_widgets(explorer):
    assert explorer.month.description == "截至月份"
    # the slider ends at as_of (never later: the chart would claim a month without data) and reads as a month
    assert [value for _, value in explorer.month.options] == list(range(1, 11))
    assert explorer.month.value == 10 and explorer.month.label == "2026年10月"
    assert explorer.month.options[0][0] == "2026年1月"
    assert [label for label, _ in explorer.basis.options] == ["当月", "累计"]
    assert explorer.indicator.options[0][0] == "原煤产量（万吨）"
    assert explorer.png.startswith(b"\x89PNG")
    assert charts.sample_stamped(explorer.figure)
    # the Output widget holds exactly the chart as last drawn
    (shown,) = explorer.output.outputs
    assert base64.b64decode(shown["data"]["image/png"]) == explorer.png


def test_slider_redraws_the_same_figure(explorer):
    fig = explorer.figure
    before_png = explorer.png
    assert max(_actual_line(fig).get_xdata()) == 10
    explorer.month.value = 6
    assert explorer.figure is fig, "the one figure is reused"
    assert max(_actual_line(fig).get_xdata()) == 6
    assert "2026年6月" in fig.axes[0].get_title()
    assert explorer.png != before_png


def test_indicator_and_basis_change_the_chart(explorer):
    explorer.indicator.value = "gas_output"
    assert "产气量" in explorer.figure.axes[0].get_title()
    assert "亿立方米" in explorer.figure.axes[0].get_ylabel()
    explorer.basis.value = "month"
    ax = explorer.figure.axes[0]
    assert "当月" in ax.get_ylabel() and len(ax.patches) > 0


def test_default_explorer_uses_shipped_sample():
    explorer = IndicatorExplorer(open_session("2026-05"), basis="month")
    assert explorer.as_of == "2026-05"
    assert len(explorer.indicator_ids) > 5
    assert all(i in explorer._rows for i in explorer.indicator_ids)


def test_unknown_indicator_is_refused(session):
    with pytest.raises(KeyError, match="no_such_thing"):
        IndicatorExplorer(session, indicator_ids=["no_such_thing"])


def test_static_view_for_headless_runs(explorer, monkeypatch):
    from matplotlib.figure import Figure

    monkeypatch.setenv("LIULIN_INTERACTIVE", "0")
    assert in_notebook_kernel() is False
    shown = show(explorer)  # headless: a plain figure, no widget
    assert isinstance(shown, Figure)
    assert "2026年10月" in shown.axes[0].get_title()
    monkeypatch.setenv("LIULIN_INTERACTIVE", "1")
    assert in_notebook_kernel() is True


def test_not_in_a_kernel_under_pytest(monkeypatch):
    monkeypatch.delenv("LIULIN_INTERACTIVE", raising=False)
    assert in_notebook_kernel() is False


def test_status_table_escapes_notes(prog):
    df = prog.copy()
    df.loc[df.index[0], "note"] = "<script>alert('x')</script> & 备注"
    df.loc[df.index[1], "indicator"] = "A<b>B"
    out = status_table_html(df)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; 备注" in out
    assert "<script>" not in out
    assert "A&lt;b&gt;B" in out
    for header in ("指标", "全年目标", "实际", "完成度", "时序进度", "状态", "说明"):
        assert f">{header}</th>" in out and f'data-label="{header}"' in out or header in ("指标", "状态")
    assert "示例数据（合成，非真实统计）" in out  # the shipped sample is synthetic
    assert out.count("<tr") == len(df) + 1


def test_status_table_sorts_most_severe_first_and_limits(prog):
    out = status_table_html(prog, max_rows=3)
    assert out.count("<tr") == 4
    assert f"另有 {len(prog) - 3} 项未列出" in out
    assert "已逾期" in out  # the sample has an overdue item: it leads the table


def test_status_board_filters(prog):
    board = StatusBoard(prog)
    everything = board.table.value
    board.status.value = "behind"
    assert len(board.filtered()) == (prog["status"] == "behind").sum()
    assert board.table.value != everything
    assert "滞后" in board.table.value


@pytest.mark.slow
def test_in_a_real_kernel_static_and_live(tmp_path):
    """Executed like papermill does: interactive=False leaves a PNG and no widget; True leaves the widget."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from liulin_data.present.widgets import IndicatorExplorer, show\n"
            "from liulin_data.session import open_session\n"
            "explorer = IndicatorExplorer(open_session('2026-10'), indicator_ids=['raw_coal_output', 'gas_output'])"
        ),
        nbformat.v4.new_code_cell("show(explorer, interactive=False);"),
        nbformat.v4.new_code_cell("show(explorer, interactive=True);\nexplorer.month.value = 7"),
    ]
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    static, live = nb.cells[1].outputs, nb.cells[2].outputs
    assert [o.output_type for o in static] == ["display_data"]
    assert "image/png" in static[0].data
    assert "application/vnd.jupyter.widget-view+json" not in static[0].data
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in live)
    for cell in nb.cells:
        for o in cell.outputs:
            assert o.output_type != "error", o
            assert "missing from font" not in str(o.get("text", ""))


def test_every_numeric_indicator_draws_in_each_of_its_views(session):
    """No catalog row breaks the explorer: flows, levels, ratios, growth rates, context rows without a target;
    each offers the views its series has."""
    targets = session.catalog
    numeric = targets[targets["kind"] != "milestone"]["indicator_id"].astype(str).tolist()
    explorer = IndicatorExplorer(session, indicator_ids=numeric)
    explorer.redraw = lambda: explorer.figure  # draw() alone: this sweep checks the drawing, not the PNG
    for iid in numeric:
        explorer.indicator.value = iid
        for _, basis in explorer.data(iid).views():
            explorer.basis.value = basis
            fig = explorer.draw()
            title = fig.axes[0].get_title()
            assert "2026年10月" in title, (iid, basis, title)
            assert explorer._rows[iid]["indicator"] in title


def test_the_explorer_knows_each_measure_and_shows_one_unit(session):
    """No 当月 view for a level, a rate or a year-to-date series released by quarter; the picker names the unit
    its chart is drawn in (地区生产总值 in 亿元, as the chart)."""
    ids = ["raw_coal_output", "grain_sown_area", "new_project_start_rate", "higher_level_funds_growth", "gdp"]
    explorer = IndicatorExplorer(session, indicator_ids=ids)
    views = {i: [label for label, _ in explorer.data(i).views()] for i in ids}
    assert views == {"raw_coal_output": ["当月", "累计"], "grain_sown_area": ["时点"],
                     "new_project_start_rate": ["比率"], "higher_level_funds_growth": ["增速"],
                     "gdp": ["累计"]}  # fmt: skip
    explorer.basis.value = "month"
    explorer.indicator.value = "gdp"  # quarterly year-to-date totals: no 当月 view, so the view follows
    assert [label for label, _ in explorer.basis.options] == ["累计"] and explorer.basis.value == "ytd"
    label = dict((v, k) for k, v in explorer.indicator.options)["gdp"]
    assert label == "地区生产总值（亿元）"
    assert (
        "亿元" in explorer.figure.axes[0].get_ylabel() and "当月" not in explorer.figure.axes[0].get_title()
    )
