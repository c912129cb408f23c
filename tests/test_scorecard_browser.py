"""The scorecard page in a real headless Chromium on a 390 px phone screen: no sideways scroll, cards, no network."""

from __future__ import annotations

from pathlib import Path

import pytest

from liulin_data.apps.extract.propose import plan_new
from liulin_data.apps.scorecard import write_scorecard
from tests.browser import chromium, guard_network

pytestmark = [pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT.parent / "shared" / "real" / "reports"
PHONE = {"width": 390, "height": 844}
SCROLL_TOLERANCE_PX = 2  # sub-pixel rounding


def test_scorecard_page_on_a_phone(tmp_path):
    if not REPORTS.is_dir():
        pytest.skip(f"真实报告文件夹 {REPORTS} 不存在（CI 有此文件夹）/ ../shared/real is absent")
    plans = [plan_new(REPORTS / f"hailaer_{y}.txt", "海拉尔区", y, tmp_path / f"p{y}") for y in (2016, 2017)]
    page_path = write_scorecard(*plans, tmp_path / "sc")
    with chromium(tmp_path, viewport=PHONE) as context:
        log = guard_network(context, ("file://", "data:"))
        page = context.new_page()
        page.goto(page_path.as_uri())
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready")
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= PHONE["width"] + SCROLL_TOLERANCE_PX, f"page is {width}px wide on a 390px screen"
        assert page.evaluate("getComputedStyle(document.querySelector('thead')).display") == "none"
        assert page.evaluate("getComputedStyle(document.querySelector('tbody tr')).display") == "block"
        label = page.evaluate("getComputedStyle(document.querySelector('tbody td'), '::before').content")
        assert "指标" in label
        assert page.evaluate("document.fonts.check('16px \"Liulin Sans SC\"', '海拉尔')")
        # each card's verdict is the briefing's badge: coloured, whole on the screen (#21.9)
        badges = page.evaluate(
            """[...document.querySelectorAll('tbody tr')].map(tr => {
                const chip = tr.querySelector('.liulin-chip'); const box = chip.getBoundingClientRect();
                return [chip.textContent, getComputedStyle(chip).backgroundColor, box.left, box.right];
            })"""
        )
        assert badges and all(text in ("达成", "未达成", "无法判断") for text, *_ in badges)
        assert all(colour not in ("rgba(0, 0, 0, 0)", "transparent") for _, colour, *_ in badges)
        assert all(left >= 0 and right <= PHONE["width"] for *_, left, right in badges)
        assert page.evaluate("getComputedStyle(document.querySelector('.warn')).display") != "none"
        assert not log.blocked and not log.failed, (log.blocked, log.failed)
