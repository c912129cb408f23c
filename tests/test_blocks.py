"""HTML blocks for readers (present/blocks.py) and the briefing page's words (briefing/page.py, archive.py)."""

from __future__ import annotations

import re

import pandas as pd

from liulin_data.briefing import page
from liulin_data.core.periods import human_time
from liulin_data.core.statuses import ATTENTION_STATUSES, STATUS_COLORS
from liulin_data.present import blocks
from liulin_data.present.summaries import attention, status_counts
from liulin_data.session import status_changes

# the fixtures targets and prog (the shipped catalog and its sample's progress) are in conftest.py


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr\b.*?</tr>", html, flags=re.DOTALL)


def test_status_table_is_cards_on_a_phone_and_says_a_shared_note_once(prog):
    # a table of numeric rows, as shown
    out = blocks.status_table_html(prog[prog["kind"] != "milestone"], data_month="2026-10")
    assert f"@media (max-width:{blocks.PHONE_MAX_PX}px)" in out  # the card layout, in CSS
    assert "1—2月合并发布" in out.split("<table")[0]  # said once, above the table …
    body = out.split("<tbody>")[1]
    assert "1—2月合并发布" not in body  # … and in no row
    assert 'data-label="全年目标"' in body and 'class="card-title' in body and 'class="card-badge' in body
    assert "9600.0" not in out and "9,600万斤" in out  # numbers through the formatter
    assert "317.9亿元" in out and "3,179,148" not in out  # 地区生产总值 in 亿元
    assert ">2026-10<" not in out and "数据截至" not in out.split("<tbody>")[0]  # one 数据截至: the page's
    sown = next(r for r in _rows(body) if ">粮食播种面积<" in r)  # reported in June: its row says so
    assert "数据截至2026年6月" in sown
    coal = next(r for r in _rows(body) if ">原煤产量<" in r)
    assert "数据截至" not in coal


def test_status_table_says_the_projection_and_a_dash_for_what_is_not_there(prog):
    rows = _rows(blocks.status_table_html(prog))
    by_name = {re.search(r'class="[^"]*card-title[^"]*">(.*?)</td>', r).group(1): r for r in rows[1:]}
    cell = lambda row, key: re.search(rf'c-{key}"[^>]*>(.*?)</td>', row).group(1)  # noqa: E731
    assert 'data-label="预计全年"' in rows[1]
    assert cell(by_name["原煤产量"], "projected") == "3,252万吨"
    assert cell(by_name["市级技能大师工作室"], "projected") == "—"  # stale: no projection
    assert "最新数据截至2026年6月" in cell(by_name["市级技能大师工作室"], "note")
    gdp = by_name["地区生产总值"]  # a context indicator: no target, no pace
    assert [cell(gdp, k) for k in ("target", "completion", "expected")] == ["—", "—", "—"]
    assert cell(gdp, "note") == "报告未设目标，仅作背景参考"


def test_a_number_keeps_its_unit_on_a_phone():
    out = blocks.keep_amounts_whole("按时序进度此时应完成2座（全年目标3–5户），缺口14.52亿元。<b>")
    assert '<span class="nw">2座</span>' in out and '<span class="nw">3–5户</span>' in out
    assert '<span class="nw">14.52亿元</span>' in out and "&lt;b&gt;" in out  # escaped


def test_counts_table_hides_zero_on_a_card_and_shows_no_empty_card(prog):
    table = status_counts(prog, by="task")
    out = blocks.counts_table_html(table)
    empty = [str(name) for name, counts in table.iterrows() if counts.sum() == 0]
    assert "大力推动铝系产业发展" in empty  # the report sets it no target
    assert len(_rows(out)) == len(table) - len(empty) + 1  # the header row too, no row for an empty task
    assert 'class="num third zero"' in out and 'class="total"' in out
    assert f"没有数值目标或节点任务的大事要事：{'、'.join(empty)}。" in out


def test_attention_list_is_complete_with_the_rest_folded(prog, targets):
    items = attention(prog, limit=len(prog), targets=targets)
    assert len(items) == prog["status"].isin(ATTENTION_STATUSES).sum()
    out = blocks.attention_html(items, shown=4)
    assert out.count("<li") == len(items)
    assert f"另有 {len(items) - 4} 项" in out and "<details" in out
    first = items.iloc[0]
    assert f'<span class="name">{first["indicator"]}</span>' in out
    assert f"{first['indicator']}{first['indicator']}" not in out  # the sentence does not repeat the name
    assert "本期没有" in blocks.attention_html(items.head(0))


def test_badges_read_well_and_links_are_named():
    for status, colour in STATUS_COLORS.items():
        assert f"background:{colour};color:{blocks.ink(colour)}" in blocks.chip(status)
    table = pd.DataFrame(
        {"name": ["原煤产量"], "source": ["liulin.gov.cn/zjll/x.shtml"], "value": [406461.0]}
    )
    out = blocks.plain_table_html(table, {"name": "指标", "source": "来源", "value": "数值"}, numeric=("value",),
                                  links=("source",))  # fmt: skip
    assert '<a href="https://liulin.gov.cn/zjll/x.shtml">政府网站</a>' in out and "406,461" in out


def test_times_for_people():
    assert human_time("2026-11-30T00:12:37+08:00", "Asia/Shanghai") == "2026年11月30日 00:12（北京时间）"
    assert "UTC+9" in human_time("2026-11-30T09:00:00+09:00", "Asia/Tokyo")


def test_changes_worst_first():
    prev = {"indicators": [
        {"indicator_id": "a", "indicator": "甲", "status": "not_due"},
        {"indicator_id": "b", "indicator": "乙", "status": "on_track"},
        {"indicator_id": "c", "indicator": "丙", "status": "on_track"},
        {"indicator_id": "d", "indicator": "丁", "status": "behind"},
    ]}  # fmt: skip
    now = [
        {"indicator_id": "a", "indicator": "甲", "status": "on_track"},
        {"indicator_id": "b", "indicator": "乙", "status": "at_risk"},
        {"indicator_id": "c", "indicator": "丙", "status": "overdue"},
        {"indicator_id": "e", "indicator": "戊", "status": "on_track"},
    ]
    changes = status_changes(prev, now)
    assert [(c["indicator"], c["change"]) for c in changes] == [
        ("丙", "worse"), ("乙", "worse"), ("甲", "better"), ("戊", "other"), ("丁", "other"),
    ]  # fmt: skip
    out = page.changes_html(changes, "2026-09", {})
    assert "与上期（2026年9月）相比，5 项状态有变化：变差 2 项，好转 1 项，新增或不再列出 2 项" in out
    assert out.index("变差（2 项）") < out.index("<details>")
    assert out.index("丙") < out.index("乙") < out.index("甲")


def test_every_attention_intro_names_what_the_list_holds():
    """The notebooks introduce their 需要关注 list in the summaries' words, 数据滞后 included."""
    import json
    from pathlib import Path

    from liulin_data.core.statuses import STATUS_LABELS
    from liulin_data.present.summaries import ATTENTION_EMPTY, ATTENTION_INTRO

    assert all(STATUS_LABELS[s] in ATTENTION_INTRO for s in ATTENTION_STATUSES)
    assert "数据滞后" in ATTENTION_EMPTY
    intros = []
    for path in sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            text = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and text.startswith("## 需要关注"):
                intros.append(text.split("\n", 1)[1].strip())
    assert len(intros) == 4 and set(intros) == {ATTENTION_INTRO}, intros


def test_rows_and_cards_show_the_remark_and_a_small_monthly_series(prog, actuals, targets):
    """Each row's latest 备注 (an analyst's words, escaped) and its monthly series, small, beside its name."""
    from liulin_data.present.series import latest_remarks, reported

    remarks = latest_remarks(actuals)
    assert remarks["purple_sweet_potato_area"].text == "种苗不足，部分地块改种"
    assert remarks["raw_coal_output"].text == "5月部分煤矿停产检修"  # the latest 备注, May's
    rows = prog[prog["indicator_id"].isin(["raw_coal_output", "purple_sweet_potato_area", "grain_sown_area"])]
    catalog = targets.set_index("indicator_id")
    figures = {
        i: reported(actuals, {**catalog.loc[i].to_dict(), "indicator_id": i}, 2026)
        for i in rows["indicator_id"]
    }
    out = blocks.status_table_html(rows, figures=figures, remarks=remarks, data_month="2026-10")
    coal = next(r for r in _rows(out) if ">原煤产量<" in r)
    assert '<span class="liulin-remark">备注：5月部分煤矿停产检修</span>' in coal
    assert coal.count("<rect") == 9  # 1—2月 as one bar, then March to October
    sown = next(r for r in _rows(out) if ">粮食播种面积<" in r)
    assert sown.count("<circle") == 2 and "<rect" not in sown  # a level: its two reported figures
    hostile = {"raw_coal_output": blocks.Remark("<script>x</script>", "2026-10")}
    assert "<script>" not in blocks.status_table_html(rows, remarks=hostile)
    items = attention(prog, limit=len(prog), targets=targets)
    listed = blocks.attention_html(items, remarks=remarks)
    assert "purple_sweet_potato_area" in set(items["indicator_id"])  # 数据滞后 at 2026-10
    assert "备注：种苗不足，部分地块改种" in listed and "备注：两座煤矿验收推迟" in listed


def test_the_sample_stamp_is_never_broken_inside(prog):
    out = blocks.status_table_html(prog)
    assert '<span class="liulin-sample">示例数据（合成，非真实统计）</span>' in out
    assert re.search(r"\.liulin-sample\{[^}]*white-space:nowrap", blocks.BLOCK_CSS)


def test_a_target_met_late_says_so_on_its_row(prog):
    """逾期完成 is a note of an 已完成 row: it shows in the table and on the phone card."""
    row = prog[prog["indicator_id"] == "continued_projects_resumption"].assign(
        status="achieved", actual=100.0, completion=1.0, note="逾期完成（期限2026年3月31日）"
    )
    out = blocks.status_table_html(row)
    assert "已完成" in out and re.search(
        r'class="note[^"]*c-note"[^>]*>逾期完成（期限2026年3月31日）</td>', out
    )


def test_a_change_to_stale_data_is_neither_better_nor_worse():
    """At 2026-12 a row that was 有风险 or 滞后 and now is 数据滞后 lost its data: listed apart as 数据未更新, not as
    好转."""
    prev = {"indicators": [
        {"indicator_id": "a", "indicator": "原煤产量", "status": "at_risk"},
        {"indicator_id": "b", "indicator": "新增肉牛", "status": "behind"},
        {"indicator_id": "c", "indicator": "产气量", "status": "on_track"},
    ]}  # fmt: skip
    now = [
        {"indicator_id": "a", "indicator": "原煤产量", "status": "stale"},
        {"indicator_id": "b", "indicator": "新增肉牛", "status": "stale"},
        {"indicator_id": "c", "indicator": "产气量", "status": "at_risk"},
    ]
    out = page.changes_html(status_changes(prev, now), "2026-11")
    assert "与上期（2026年11月）相比，3 项状态有变化：变差 1 项，数据未更新 2 项。" in out
    assert "好转" not in out
    assert out.index("产气量") < out.index("数据未更新 2 项</summary>") < out.index("原煤产量")


def test_the_archive_is_titled_for_all_its_plans_or_none():
    from liulin_data.briefing.archive import archive_title

    liulin, other = {"region": "柳林县", "year": 2026}, {"region": "另一县", "year": 2026}
    assert archive_title([liulin]) == "柳林县2026年目标任务简报归档"
    assert archive_title([liulin, other]) == "柳林县、另一县2026年目标任务简报归档"
    assert archive_title([liulin, {"region": "柳林县", "year": 2027}]) == "柳林县2026、2027年目标任务简报归档"
    many = [{"region": f"{n}县", "year": 2026} for n in "甲乙丙丁"]
    assert archive_title(many) == "目标任务简报归档"


def test_the_archive_shows_each_page_its_nearest_months_only():
    from liulin_data.briefing.archive import nav_css

    found = [(m, "monthly", {}) for m in ("2026-06", "2026-05", "2026-03")] + [("2026-05", "energy", {})]
    css = nav_css(found)
    may = '.liulin-nav[data-page="2026-05/monthly"]'
    assert (
        f'{may} a[data-target="2026-03/monthly"]' in css and f'{may} a[data-target="2026-06/monthly"]' in css
    )
    assert "2026-04" not in css and 'data-page="2026-05/energy"] a' not in css  # no neighbour: no link
    assert ".liulin-nav a.liulin-archive-link{display:inline-flex}" in css


def test_the_download_table_is_every_indicator_by_month_as_reported(prog, actuals, targets):
    from liulin_data.present.series import data_table

    table = data_table(prog, actuals, targets, 2026, 10)
    assert list(table.columns) == [
        "指标",
        "单位",
        "口径",
        "全年目标",
        *[f"{m}月" for m in range(1, 11)],
        "状态",
        "说明",
    ]
    coal = table[table["指标"] == "原煤产量"].set_index("口径")
    assert coal.at["累计", "10月"] == 2710.0 and coal.at["当月", "3月"] == 284.3
    assert pd.isna(coal.at["累计", "1月"]) and coal.at["累计", "2月"] == 495.7  # 1—2月 released together
    sown = table[table["指标"] == "粮食播种面积"].set_index("口径")
    assert list(sown.index) == ["时点"] and pd.isna(sown.at["时点", "7月"])  # never carried forward
    assert set(prog["indicator"]) == set(table["指标"])  # every row, milestones too


def test_a_plan_without_any_figure_says_so_in_one_sentence(tmp_path):
    """No actuals at all: one sentence instead of a list of every row as 无数据 (in a notebook, and on the page)."""
    import re as _re

    from liulin_data.plan.folder import export_plan
    from liulin_data.present.views import NotebookView

    folder = export_plan("liulin-2026", tmp_path / "empty-2026")
    yaml = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(_re.sub(r"(?ms)^sample:.*?(?=^\S|\Z)", "", yaml), encoding="utf-8")
    view = NotebookView.load("2026-03", plan=str(folder))
    out = view.attention().data
    assert f"尚未收到柳林县2026年的任何实际数据，{len(view.shown)}项目标和节点任务暂无法判断进展。" in out
    assert "<li" not in out and "无数据" not in out
    assert "尚无实际数据" in view.header().data


def _page_of(session, month):
    from liulin_data.briefing.prepare import data_snapshot

    return page.PageData(title="柳林县2026年目标任务月度简报", plan=session.plan, as_of=month,
                         snap=data_snapshot(session), session=session, name="monthly",
                         generated_at="2026-07-05T09:00:00+08:00")  # fmt: skip


def test_the_footer_says_what_the_files_warned_of(tmp_path):
    """An official 核减 (1—6月 below 1—5月 in a later 快报) is used, and the page says so where the data is,
    in words for a leader: what happened and how often, no file name or line."""
    from liulin_data.session import open_session

    header = "指标,时期,数值,单位,口径\n"
    (tmp_path / "快报_2026年1—5月.csv").write_text(
        header + "原煤产量,2026年1-5月,1500,万吨,累计\n", encoding="utf-8"
    )
    (tmp_path / "快报_2026年1—6月.csv").write_text(
        header + "原煤产量,2026年1-6月,1450,万吨,累计\n", encoding="utf-8"
    )
    session = open_session("2026-06", actuals=sorted(str(p) for p in tmp_path.glob("*.csv")))
    out = page.footer_html(_page_of(session, "2026-06"))
    assert (
        "<dt>数据提示</dt><dd>数据文件中有以下情况，已按规则处理，请分析人员核对：<ul>"
        "<li>累计值低于上期，已按统计部门核减采用：1 处</li></ul></dd>" in out
    )
    assert "快报" not in out and ".csv" not in out and "第2行" not in out


def test_a_footer_without_warnings_has_no_data_notes():
    from liulin_data.session import open_session

    out = page.footer_html(_page_of(open_session("2026-06"), "2026-06"))
    assert "数据提示" not in out and "示例数据（合成，非真实统计）" in out


def test_warnings_are_counted_by_kind_most_frequent_first():
    from liulin_data.core.exceptions import Problem
    from liulin_data.present.summaries import warning_lines

    hidden = [
        Problem.of("hidden_sheet", "月报.xlsx", None, None, None, sheet=f"表{i}", state="隐藏")
        for i in range(3)
    ]
    level = Problem.of("basis_for_level", "a.csv", 2, "口径", "累计", basis="累计", measure="时点指标")
    more = Problem.of(
        "problems_not_listed", "月报.xlsx", None, None, None, count=250, limit=200, severity="warning"
    )
    assert warning_lines([level, *hidden, more]) == [
        "工作簿中隐藏的工作表未读取：3 处",
        "填报口径与指标不符，已按时点值读取：1 处",
    ]


def test_every_kind_of_warning_has_words_for_a_leader():
    """A new warning code gets its words here, or the page would call it 其他需核对的情况."""
    from liulin_data.core.problem_codes import CODES, WARNING
    from liulin_data.present.summaries import WARNING_WORDS

    assert sorted(c for c, spec in CODES.items() if spec.severity == WARNING) == sorted(WARNING_WORDS)
