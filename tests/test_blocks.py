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
    out = blocks.status_table_html(prog[prog["kind"] != "milestone"])  # a table of numeric rows, as shown
    assert f"@media (max-width:{blocks.PHONE_MAX_PX}px)" in out  # the card layout, in CSS
    assert "1—2月合并发布" in out.split("<table")[0]  # said once, above the table …
    body = out.split("<tbody>")[1]
    assert "1—2月合并发布" not in body  # … and in no row
    assert 'data-label="全年目标"' in body and 'class="card-title' in body and 'class="card-badge' in body
    assert "9600.0" not in out and "9,600万斤" in out  # numbers through the formatter
    assert "317.9亿元" in out and "3,179,148" not in out  # 地区生产总值 in 亿元
    assert "2026年10月" in out and ">2026-10<" not in out  # months for people


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


def test_counts_table_hides_zero_on_a_card(prog):
    out = blocks.counts_table_html(status_counts(prog, by="task"))
    assert len(_rows(out)) == len(status_counts(prog, by="task")) + 1  # the header row too
    assert 'class="num third zero"' in out and 'class="total"' in out


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


def test_a_target_met_late_says_so_on_its_row(prog):
    """逾期完成 is a note of an 已完成 row: it shows in the table and on the phone card."""
    row = prog[prog["indicator_id"] == "continued_projects_resumption"].assign(
        status="achieved", actual=100.0, completion=1.0, note="逾期完成（截止2026年3月31日）"
    )
    out = blocks.status_table_html(row)
    assert "已完成" in out and re.search(
        r'class="note[^"]*c-note"[^>]*>逾期完成（截止2026年3月31日）</td>', out
    )
