"""Real-client test of the interactive notebooks: JupyterLab + headless Chromium + ipywidgets.

JupyterLab serves a COPY of ``notebooks/`` (plus a small widget notebook written here) from ``tmp_path``;
Chromium opens a notebook, runs all cells from the Run menu, waits for the widgets, then moves the
截至月份 slider, switches the 当月/累计 basis and picks another indicator, and checks after each action
that the matplotlib chart inside the widget Output area was redrawn (its PNG changed). Outputs must hold
no traceback, no stderr and no missing-glyph warning. The browser may only talk to the local server.

In the energy notebook, on this machine without a Chinese system font, the slider's label, a markdown
heading and a table header must be drawn with the web font the library put into the page (asked over CDP),
and the 截至月份 slider must read 2026年10月 and go no further than the data's month. The lab extension ``make
lab`` writes brings the same font before any cell runs: markdown and the Chinese comments of code cells are
drawn with it as soon as a notebook opens. A change of the explorer redraws its chart in JupyterLab itself
within 200 ms at the 95th percentile, measured in the page from the key press or click to the new image
decoded, over changes to views not drawn before (judged when the machine is not oversubscribed: the timing of a
machine whose two cores other work is using says nothing about the explorer).

Every wait looks at the notebook in front (its own execution indicator and prompts): JupyterLab restores the
notebooks of an earlier test as hidden tabs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from liulin_data.present.webfont import LAB_EXTENSION, LAB_FONT_ID, WEB_FAMILY, write_lab_extension
from tests.browser import HAN, chromium, cjk_coverage, guard_network, jupyter_lab, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# repository root and its notebooks folder
REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
# the notebook the issue names for the real-client check
ENERGY_NOTEBOOK = "10_energy.ipynb"
# widget notebook written by this test: same structure as the shipped ones, independent of the data layer
SMALL_NOTEBOOK = "_browser_small.ipynb"
# description of the as_of slider, of the basis toggle options, as the notebooks show them
SLIDER_LABEL = "截至月份"
BASIS_OPTIONS = ("当月", "累计")
# bounded waits, in milliseconds: opening a notebook, running all its cells, one redraw
OPEN_TIMEOUT_MS = 60_000
RUN_TIMEOUT_MS = 90_000
REDRAW_TIMEOUT_MS = 20_000
# an exception line as IPython prints it ("NameError: ...", "liulin_data.core.exceptions.ParamsError: ...")
ERROR_LINE = re.compile(r"^\s*[\w.]*(Error|Exception): ", re.MULTILINE)
# the month the energy notebook's data ends with, as the slider reads it
AS_OF_LABEL = "2026年10月"
# what the library's web font must draw in JupyterLab: a widget label, a markdown heading, a table header
FONT_SELECTORS = (
    ".widget-slider .widget-label",
    ".widget-dropdown select",
    ".jp-RenderedMarkdown h2",
    ".liulin-table th",
)
# browser viewport for the lab tests
VIEWPORT = {"width": 1400, "height": 1000}

SMALL_SOURCE = """\
import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from liulin_data.present.fonts import use_cjk_font

use_cjk_font()
indicator = widgets.Dropdown(options=["原煤产量", "粮食播种面积"], description="指标")
as_of = widgets.IntSlider(value=10, min=1, max=12, description="截至月份")
basis = widgets.ToggleButtons(options=["当月", "累计"], description="口径")
out = widgets.Output()


def redraw(*_):
    k = 1 if indicator.value == "原煤产量" else 2
    months = list(range(1, as_of.value + 1))
    values = [k * m for m in months]
    if basis.value == "累计":
        values = [sum(values[: i + 1]) for i in range(len(values))]
    with out:
        out.clear_output(wait=True)
        fig, ax = plt.subplots(figsize=(5, 3))
        ax.plot(months, values)
        ax.set_title(f"{indicator.value}（{basis.value}）截至 {as_of.value} 月")
        plt.show()


for w in (indicator, as_of, basis):
    w.observe(redraw, names="value")
display(widgets.VBox([indicator, as_of, basis, out]))
redraw()
"""

# JS: the notebook panel in front (JupyterLab keeps the notebooks of earlier tests open as hidden tabs)
ACTIVE_JS = "[...document.querySelectorAll('.jp-NotebookPanel')].find(p => p.checkVisibility())"
# JS: the chart <img> of the widget group that holds the 截至月份 slider (walks up from the slider to the
# nearest ancestor containing a widget Output image), in the notebook in front; returns its src, or null
CHART_SRC_JS = """(label) => {
  const panel = ACTIVE;
  if (!panel) return null;
  const sliders = [...panel.querySelectorAll('.widget-slider')].filter(
      s => (s.querySelector('.widget-label')?.textContent || '').trim() === label);
  for (const s of sliders) {
    for (let e = s.parentElement; e; e = e.parentElement) {
      const img = e.querySelector('.widget-output img');
      if (img) return img.getAttribute('src');
    }
  }
  return null;
}"""

# JS: true once every cell of the notebook in front has run (no "[*]" prompt left, its own execution indicator
# idle) and the chart exists and is decoded
RUN_DONE_JS = """(label) => {
  const panel = ACTIVE;
  if (!panel) return false;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  if (indicator && indicator.dataset.status !== 'idle') return false;
  const prompts = [...panel.querySelectorAll('.jp-InputPrompt')].map(p => p.textContent);
  if (prompts.some(t => t.includes('*'))) return false;
  const sliders = [...panel.querySelectorAll('.widget-slider')].filter(
      s => (s.querySelector('.widget-label')?.textContent || '').trim() === label);
  for (const s of sliders) {
    for (let e = s.parentElement; e; e = e.parentElement) {
      const img = e.querySelector('.widget-output img');
      if (img) return img.complete && img.naturalWidth > 0;
    }
  }
  return false;
}""".replace("ACTIVE", ACTIVE_JS)
CHART_SRC_JS = CHART_SRC_JS.replace("ACTIVE", ACTIVE_JS)
# JS: true when the notebook in front shows its cells and its own execution indicator says idle
ACTIVE_IDLE_JS = f"""() => {{
  const panel = {ACTIVE_JS};
  const indicator = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
  return !!(panel && panel.querySelector('.jp-Cell') && indicator && indicator.dataset.status === 'idle');
}}"""


def write_small_notebook(path: Path) -> None:
    """Write the small widget notebook (IntSlider 截至月份 + Dropdown + ToggleButtons + Output chart)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_markdown_cell("# 柳林 浏览器测试"), nbformat.v4.new_code_cell(SMALL_SOURCE)]
    nbformat.write(nb, path)


def write_lab_settings(settings_dir: Path) -> None:
    """User settings for the throwaway JupyterLab: never ask about (or fetch) Jupyter news."""
    target = settings_dir / "@jupyterlab" / "apputils-extension"
    target.mkdir(parents=True, exist_ok=True)
    (target / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def lab_session(tmp_path_factory):
    """One JupyterLab over a copy of notebooks/ (plus the small notebook) and one Chromium, per module."""
    require_chromium()
    work = tmp_path_factory.mktemp("lab")
    root = work / "notebooks"
    if NOTEBOOKS.is_dir():
        shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    root.mkdir(exist_ok=True)
    write_small_notebook(root / SMALL_NOTEBOOK)
    write_lab_settings(work / "jupyter" / "settings")
    # what `make lab` writes into the virtualenv: the font extension (here into the lab's own data folder)
    labextensions = work / "jupyter" / "data" / "labextensions"
    labextensions.mkdir(parents=True, exist_ok=True)
    write_lab_extension(labextensions)
    with jupyter_lab(root, work) as lab, chromium(work, viewport=VIEWPORT) as context:
        network = guard_network(context, (lab.url, "data:", "blob:"))
        yield lab, context, network, work


def dismiss_dialogs(page, seconds: float = 3.0) -> list[str]:
    """Accept any modal dialog (kernel selection, …) and close any toast for ``seconds``; return their texts."""
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        dialog = page.locator(".jp-Dialog")
        if dialog.count():
            seen.append(dialog.first.inner_text())
            dialog.locator(".jp-mod-accept").first.click()
        toast_no = page.locator(".jp-Notification-Toast-Close, .Toastify__close-button")
        for i in range(toast_no.count()):
            toast_no.nth(i).click()
        page.wait_for_timeout(250)
    return seen


def open_and_run(page, lab, notebook: str) -> None:
    """Open ``notebook`` in JupyterLab, run all cells from the Run menu and wait for the chart."""
    page.goto(lab.lab_url(notebook), timeout=OPEN_TIMEOUT_MS)
    # the kernel of the notebook in front must be idle before "Run All" (a busy/starting kernel queues but may show
    # a dialog); another notebook's indicator, hidden in its tab, says nothing about this one
    page.wait_for_function(ACTIVE_IDLE_JS, timeout=OPEN_TIMEOUT_MS, polling=250)
    dialogs = dismiss_dialogs(page)
    if dialogs:
        print(f"dismissed dialogs: {dialogs}")
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    try:
        page.wait_for_function(RUN_DONE_JS, arg=SLIDER_LABEL, timeout=RUN_TIMEOUT_MS, polling=250)
    except Exception as exc:  # noqa: BLE001 - re-raised with the outputs that explain it
        pytest.fail(
            f"{notebook}: 运行全部单元格后 {RUN_TIMEOUT_MS // 1000} 秒内没有出现带“{SLIDER_LABEL}”滑块的图表 "
            f"({exc.__class__.__name__}).\n输出:\n{output_texts(page)}",
            pytrace=False,
        )


def output_texts(page) -> str:
    """All text outputs of the notebook (stdout, stderr, errors), joined."""
    return "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())


def chart_src(page) -> str:
    """The src (a data: URI) of the chart image next to the 截至月份 slider."""
    src = page.evaluate(CHART_SRC_JS, SLIDER_LABEL)
    assert src, f"no chart <img> inside a widget Output near the {SLIDER_LABEL} slider"
    return src


def wait_for_redraw(page, before: str, action: str) -> str:
    """Wait until the chart src differs from ``before``; fail naming ``action`` otherwise."""
    try:
        page.wait_for_function(
            f"([label, before]) => {{ const s = ({CHART_SRC_JS})(label); return s && s !== before; }}",
            arg=[SLIDER_LABEL, before],
            timeout=REDRAW_TIMEOUT_MS,
            polling=200,
        )
    except Exception:  # noqa: BLE001
        pytest.fail(f"图表在“{action}”之后 {REDRAW_TIMEOUT_MS // 1000} 秒内没有重绘", pytrace=False)
    # a redraw may clear and refill the output: wait for the new image to settle and decode
    page.wait_for_timeout(300)
    page.wait_for_function(RUN_DONE_JS, arg=SLIDER_LABEL, timeout=REDRAW_TIMEOUT_MS)
    after = chart_src(page)
    assert after.startswith("data:image/"), after[:80]
    assert after != before
    return after


def assert_clean_outputs(page, notebook: str) -> None:
    """No traceback or error and no missing-glyph warning in any output (other stderr is printed)."""
    texts = output_texts(page)
    assert "Traceback" not in texts, f"{notebook}: traceback in the outputs:\n{texts}"
    assert not ERROR_LINE.search(texts), f"{notebook}: error in the outputs:\n{texts}"
    assert "missing from font" not in texts, f"{notebook}: CJK glyphs missing from the chart font:\n{texts}"
    stderr = page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    ).all_inner_texts()
    if stderr:
        print(f"{notebook}: stderr output (not an error):\n" + "\n---\n".join(stderr))


def active_panel(page):
    """The notebook panel in front."""
    return page.locator(".jp-NotebookPanel:visible").first


def explorer_group(page):
    """The innermost widget box of the notebook in front holding the 截至月份 slider and the chart."""
    label = page.locator(".widget-label", has_text=SLIDER_LABEL)
    boxes = active_panel(page).locator(".widget-box").filter(has=label)
    return boxes.filter(has=page.locator(".widget-output img")).last


def exercise_widgets(page, notebook: str, shots: Path) -> None:
    """Move the slider, switch the basis and pick another indicator; each must redraw the chart."""
    label = page.locator(".widget-label", has_text=SLIDER_LABEL)
    # the innermost widget box holding both the 截至月份 slider and the chart: the explorer's controls
    group = explorer_group(page)
    slider = group.locator(".widget-slider").filter(has=label).first
    slider.scroll_into_view_if_needed()
    first = chart_src(page)
    page.screenshot(path=str(shots / "before.png"))

    # 1) slider: keyboard focus on the handle, three ArrowLeft presses
    handle = slider.locator(".noUi-handle")
    start = float(handle.get_attribute("aria-valuenow"))
    handle.focus()
    for _ in range(3):
        handle.press("ArrowLeft")
    page.wait_for_function(
        "([h, v]) => parseFloat(h.getAttribute('aria-valuenow')) < v",
        arg=[handle.element_handle(), start],
        timeout=REDRAW_TIMEOUT_MS,
    )
    moved = float(handle.get_attribute("aria-valuenow"))
    print(f"{notebook}: {SLIDER_LABEL} {start:g} -> {moved:g}")
    after_slider = wait_for_redraw(page, first, f"{SLIDER_LABEL} {start:g}→{moved:g}")

    # 2) basis toggle: click the option that is not selected
    toggles = group.locator(".widget-toggle-buttons").filter(
        has=page.get_by_role("button", name=BASIS_OPTIONS[1])
    )
    assert toggles.count(), f"{notebook}: no ToggleButtons with options {BASIS_OPTIONS}"
    selected = toggles.first.locator("button.mod-active").inner_text().strip()
    other = BASIS_OPTIONS[1] if selected == BASIS_OPTIONS[0] else BASIS_OPTIONS[0]
    toggles.first.get_by_role("button", name=other, exact=True).click()
    after_basis = wait_for_redraw(page, after_slider, f"口径 {selected}→{other}")

    # 3) indicator dropdown: pick another option
    select = group.locator(".widget-dropdown select").first
    options = select.locator("option").all_inner_texts()
    assert len(options) >= 2, f"{notebook}: indicator dropdown has {len(options)} option(s)"
    current = select.evaluate("s => s.options[s.selectedIndex].text")
    choice = next(o for o in options if o != current)
    select.select_option(label=choice)
    wait_for_redraw(page, after_basis, f"指标 {current}→{choice}")
    print(f"{notebook}: 口径 {selected}->{other}, 指标 {current}->{choice}")

    chart = group.locator(".widget-output img").first
    chart.scroll_into_view_if_needed()
    shot = shots / "after.png"
    page.screenshot(path=str(shot))
    chart.screenshot(path=str(shots / "chart.png"))
    print(f"screenshot: {shot}")


def check_web_font(context, page, notebook: str) -> None:
    """Widget labels, markdown and the library's tables are drawn with the embedded Chinese font."""
    from liulin_data.present.webfont import LAB_FONT_ID, WEB_FAMILY

    assert page.locator(f"style#{LAB_FONT_ID}, style#{LAB_FONT_ID}-extension").count(), (
        f"{notebook}: neither the view nor the lab extension put the web font in the page"
    )
    mark_active(page)
    for selector in FONT_SELECTORS:
        selector = f"[data-liulin-active] {selector}"
        page.locator(selector).first.scroll_into_view_if_needed()
        text, han, drawn, fonts = cjk_coverage(context, page, selector)
        if selector.endswith("select"):  # a drop-down draws its selected option only
            text = page.locator(selector).first.evaluate("s => s.options[s.selectedIndex].text")
            han = len(HAN.findall(text))
        family = page.locator(selector).first.evaluate("e => getComputedStyle(e).fontFamily")
        print(
            f"{notebook} {selector} {text[:20]!r}: {family[:40]} → {[(f['familyName'], f['glyphCount']) for f in fonts]}"
        )
        assert WEB_FAMILY in family, f"{selector}: font-family is {family}"
        assert han and drawn >= han, (
            f"{selector} {text!r}: {han} Chinese characters, {drawn} drawn in a CJK font {fonts}"
        )
    loaded = page.evaluate("f => document.fonts.check(`16px \"${f}\"`, '截至月份')", WEB_FAMILY)
    assert loaded, "document.fonts.check: the embedded font is not loaded"


def check_slider_stops_at_as_of(page, notebook: str) -> None:
    """The 截至月份 slider reads as a month and cannot go past the data's month."""
    slider = (
        active_panel(page)
        .locator(".widget-slider")
        .filter(has=page.locator(".widget-label", has_text=SLIDER_LABEL))
        .first
    )
    readout = slider.locator(".widget-readout")
    assert readout.inner_text().strip() == AS_OF_LABEL, readout.inner_text()
    handle = slider.locator(".noUi-handle")
    handle.focus()
    for key in ("ArrowRight", "End"):
        handle.press(key)
    page.wait_for_timeout(300)
    assert readout.inner_text().strip() == AS_OF_LABEL, f"{notebook}: the slider went past {AS_OF_LABEL}"
    assert handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")


def mark_active(page) -> None:
    """Mark the notebook panel in front (data-liulin-active) for selectors asked over CDP."""
    page.evaluate(f"""() => {{
      document.querySelectorAll('[data-liulin-active]').forEach(e => e.removeAttribute('data-liulin-active'));
      const panel = {ACTIVE_JS};
      if (panel) panel.setAttribute('data-liulin-active', '1');
    }}""")


# a change must redraw within this many milliseconds at the 95th percentile (#21.10); a timing is judged only
# on a machine that is not oversubscribed while it is taken (load average at most one per core: the tests share
# their 2 cores with other work), else the test says so and skips its verdict
REDRAW_P95_MS = 200
# JS: from now on, time each change of the explorer in front — from the key press, click or select that made it
# to its new chart image decoded — into window.__liulinRedraws (ms)
MEASURE_JS = f"""(label) => {{
  const chartSrc = {CHART_SRC_JS};
  window.__liulinRedraws = [];
  let start = null, last = chartSrc(label);
  const mark = () => {{ start = performance.now(); }};
  for (const kind of ['keydown', 'click', 'change']) document.addEventListener(kind, mark, true);
  new MutationObserver(() => {{
    const src = chartSrc(label);
    if (!src || src === last || start === null) return;
    last = src;
    const began = start;
    start = null;
    const img = new Image();
    img.src = src;
    img.decode().then(() => window.__liulinRedraws.push(performance.now() - began));
  }}).observe(document.body, {{subtree: true, childList: true, attributes: true, attributeFilter: ['src']}});
}}"""


def p95(samples: list[float]) -> float:
    """The 95th percentile by nearest rank."""
    ordered = sorted(samples)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def measure_redraws(page, notebook: str) -> list[float]:
    """Time changes to views not drawn before: the slider back to the end, then a month back at a time (10 → 2),
    the basis toggled at each of those months, every other indicator; each waited for before the next."""
    group = explorer_group(page)
    group.scroll_into_view_if_needed()
    handle = group.locator(".widget-slider .noUi-handle").first
    if handle.get_attribute("aria-valuenow") != handle.get_attribute("aria-valuemax"):
        before = chart_src(page)
        handle.focus()
        handle.press("End")  # back to the last month (the slider's end), then a month back at a time
        wait_for_redraw(page, before, "截至月份 → 最后一个月")
    page.evaluate(MEASURE_JS, SLIDER_LABEL)
    toggles = group.locator(".widget-toggle-buttons").first
    select = group.locator(".widget-dropdown select").first
    done = 0

    def wait(action: str) -> None:
        nonlocal done
        done += 1
        try:
            page.wait_for_function(
                f"() => window.__liulinRedraws.length >= {done}", timeout=REDRAW_TIMEOUT_MS
            )
        except Exception:  # noqa: BLE001
            pytest.fail(
                f"{notebook}: 图表在“{action}”之后 {REDRAW_TIMEOUT_MS // 1000} 秒内没有重绘", pytrace=False
            )

    for step in range(8):
        handle.focus()
        handle.press("ArrowLeft")
        wait(f"截至月份 −{step + 1}")
        other = toggles.locator("button:not(.mod-active)").first  # the month's other view
        words = other.inner_text()
        other.click()
        wait(f"口径 → {words}")
    current = select.evaluate("s => s.options[s.selectedIndex].text")
    for choice in [o for o in select.locator("option").all_inner_texts() if o != current]:
        select.select_option(label=choice)
        wait(f"指标 → {choice}")
    return page.evaluate("() => window.__liulinRedraws")


def run_notebook_check(lab_session, notebook: str, shipped: bool = False) -> None:
    lab, context, network, work = lab_session
    shots = work / "shots" / Path(notebook).stem
    shots.mkdir(parents=True, exist_ok=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    started = time.monotonic()
    try:
        open_and_run(page, lab, notebook)
        print(f"{notebook}: opened and ran in {time.monotonic() - started:.1f}s")
        assert_clean_outputs(page, notebook)
        if shipped:
            check_web_font(context, page, notebook)
            check_slider_stops_at_as_of(page, notebook)
        exercise_widgets(page, notebook, shots)
        assert_clean_outputs(page, notebook)
    finally:
        page.screenshot(path=str(shots / "final.png"))
        page.close()
    assert not network.blocked, f"the page tried to leave loopback: {network.blocked}"
    assert not errors, f"uncaught page errors: {errors}"
    print(f"{notebook}: done in {time.monotonic() - started:.1f}s")


def test_the_font_reaches_markdown_and_code_as_a_notebook_opens(lab_session):
    """Before any cell runs: the lab extension's font draws the markdown and the Chinese comments of the code
    cells (the parameters cell), on this machine without a Chinese system font."""
    lab, context, network, work = lab_session
    page = context.new_page()
    try:
        page.goto(lab.lab_url(ENERGY_NOTEBOOK), timeout=OPEN_TIMEOUT_MS)
        page.wait_for_function(ACTIVE_IDLE_JS, timeout=OPEN_TIMEOUT_MS, polling=250)
        assert page.locator(f"style#{LAB_FONT_ID}-extension").count() == 1, f"{LAB_EXTENSION} did not load"
        assert not page.locator(f"style#{LAB_FONT_ID}").count(), "no cell has run: the view put nothing in"
        page.evaluate("document.fonts.ready.then(() => true)")
        mark_active(page)
        for selector in (
            "[data-liulin-active] .jp-RenderedMarkdown h1",
            "[data-liulin-active] .jp-MarkdownCell .jp-RenderedMarkdown p",
            "[data-liulin-active] .jp-CodeCell .cm-line:first-child > span",  # a comment: 参数（…）
        ):
            page.locator(selector).first.scroll_into_view_if_needed()
            text, han, drawn, fonts = cjk_coverage(context, page, selector)
            family = page.locator(selector).first.evaluate("e => getComputedStyle(e).fontFamily")
            print(
                f"{selector} {text[:24]!r}: {family[:50]} → {[(f['familyName'], f['glyphCount']) for f in fonts]}"
            )
            assert WEB_FAMILY in family, f"{selector}: font-family is {family}"
            assert han and drawn >= han, (
                f"{selector} {text[:40]!r}: {han} Chinese characters, {drawn} drawn {fonts}"
            )
    finally:
        page.close()
    assert not network.blocked, f"the page tried to leave loopback: {network.blocked}"


def test_small_widget_notebook_redraws(lab_session):
    """The stack itself (Lab + ipywidgets extension + kernel + matplotlib + CJK font) works in a real browser."""
    run_notebook_check(lab_session, SMALL_NOTEBOOK)


def test_energy_notebook_redraws(lab_session):
    """notebooks/10_energy.ipynb: run all, then slider / basis / indicator each redraw the chart."""
    assert (NOTEBOOKS / ENERGY_NOTEBOOK).is_file(), f"{NOTEBOOKS / ENERGY_NOTEBOOK} does not exist yet"
    run_notebook_check(lab_session, ENERGY_NOTEBOOK, shipped=True)


def test_energy_explorer_redraws_within_200_ms(lab_session):
    """notebooks/10_energy.ipynb run again: 22 changes to views not drawn before, each timed in the page from the
    key press, click or select to the new chart decoded; the 95th percentile at most 200 ms."""
    lab, context, network, work = lab_session
    page = context.new_page()
    try:
        open_and_run(page, lab, ENERGY_NOTEBOOK)
        load_before = os.getloadavg()[0]
        redraws = measure_redraws(page, ENERGY_NOTEBOOK)
        load = max(load_before, os.getloadavg()[0])
        assert_clean_outputs(page, ENERGY_NOTEBOOK)
    finally:
        page.close()
    print(f"{ENERGY_NOTEBOOK}: {len(redraws)} redraws in JupyterLab, ms: {[round(x) for x in redraws]}; "
          f"median {sorted(redraws)[len(redraws) // 2]:.0f}, p95 {p95(redraws):.0f} "
          f"(load {load:.1f} on {os.cpu_count()} cores)")  # fmt: skip
    assert len(redraws) >= 20
    if p95(redraws) > REDRAW_P95_MS and load > (os.cpu_count() or 1):
        pytest.skip(
            f"机器过载（负载 {load:.1f}，{os.cpu_count()} 核），重绘 p95 {p95(redraws):.0f} ms 不作判定"
        )
    assert p95(redraws) <= REDRAW_P95_MS, redraws
