"""Real-client test of the scheduled briefings: the rendered HTML opened offline in headless Chromium.

The page is opened from a ``file://`` URL with every request that is not ``file://`` or ``data:`` aborted.
It must load without any failed or off-machine request and without console errors, decode every image,
show its Chinese title in a CJK font (the family Chromium actually used, asked over CDP — a page that
embeds no font fails on a machine without CJK fonts, as a phone without them would show boxes), and fit
a 390 px wide phone screen without horizontal scrolling. A full-page screenshot is saved under tmp_path.

The default briefing (rendered for 2026-09, then 2026-10, so that it has changes) is then read as a county
leader reads it, at 1366×768 and on a 390×844 phone: the whole 需要关注 list starts in the first screen; no
table is wider than the phone or scrolls sideways; no developer word, file name or UTC time shows; every chart
has its title as alt text and text of about 11 px on the phone; the changes come worsened first, in colour.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import nbformat
import pytest

from liulin_data.core import units
from liulin_data.core.statuses import ATTENTION_STATUSES, STATUS_COLORS, STATUS_RANK
from liulin_data.present.blocks import ink
from liulin_data.present.charts import CHART_DPI
from liulin_data.present.fonts import TEXT_PT
from tests.browser import CJK_FAMILY, HAN, chromium, cjk_fonts_for, guard_network, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# repository root, the default briefing's parameters and the month the issue names
REPO = Path(__file__).resolve().parents[1]
DEFAULT_PARAMS = REPO / "params" / "monthly.yaml"
AS_OF = "2026-10"
# an iPhone-sized screen, CSS pixels
PHONE = {"width": 390, "height": 844}
# horizontal overflow tolerated on the phone screen (sub-pixel rounding), CSS pixels
SCROLL_TOLERANCE_PX = 2
# JS: every <img> with its src prefix and whether it decoded
IMAGES_JS = """() => [...document.images].map(i => ({
  src: (i.getAttribute('src') || '').slice(0, 60), complete: i.complete, width: i.naturalWidth}))"""
# JS: elements sticking out of a phone-wide viewport (for the failure message)
OVERFLOW_JS = """(limit) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > limit)
  .slice(0, 8)
  .map(e => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`)"""

SMALL_PLOT_CELL = textwrap.dedent(
    """\
    %matplotlib inline
    import matplotlib.pyplot as plt
    from IPython.display import display

    from liulin_data.present.fonts import use_cjk_font

    use_cjk_font()
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar(["1月", "2月", "3月"], [120, 260, 410])
    ax.set_title("原煤产量（累计，万吨）")
    display(fig)
    plt.close(fig)
    print("柳林县原煤产量截至", as_of, "累计 410 万吨")
    """
)


def write_small_notebook(path: Path) -> None:
    """A notebook in the shipped notebooks' shape: parameters cell, Chinese headings, one PNG chart."""
    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    params = "as_of = '2026-10'\nactuals = []\ndomains = []\nlanguage = 'zh'\ninteractive = True"
    nb.cells = [
        nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("# 能源\n\n## 原煤产量\n\n柳林县2026年原煤产量目标与完成情况。"),
        nbformat.v4.new_code_cell(SMALL_PLOT_CELL),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def check_briefing_page(html: Path, shots: Path) -> None:
    """Open ``html`` offline on a phone-sized screen and assert everything the module docstring lists."""
    size = html.stat().st_size
    print(f"{html}: {size:,} bytes ({size / 1_048_576:.2f} MiB)")
    with chromium(shots, viewport=PHONE) as context:
        network = guard_network(context, ("file://", "data:"))
        page = context.new_page()
        console_errors: list[str] = []
        page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: console_errors.append(f"pageerror: {exc}"))
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")

        shot = shots / f"{html.stem}-phone.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot: {shot}")

        # offline: nothing left the machine, nothing failed, nothing complained
        offsite = [u for u in network.blocked if re.match(r"https?:|//", u)]
        assert not offsite, f"the briefing requests {len(offsite)} http(s) URL(s): {offsite[:5]}"
        assert not network.blocked, f"blocked requests: {network.blocked[:5]}"
        assert not network.failed, f"failed requests: {network.failed[:5]}"
        assert not console_errors, f"console errors: {console_errors[:5]}"

        # no traceback in the page; other stderr output is shown, not failed
        body = page.inner_text("body")
        assert "Traceback" not in body, "a traceback is in the briefing"
        stderr = page.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
        if stderr:
            print("stderr output in the briefing:\n" + "\n---\n".join(stderr))

        # every image decoded
        images = page.evaluate(IMAGES_JS)
        assert images, "the briefing has no <img> (charts are expected)"
        broken = [i for i in images if not (i["complete"] and i["width"] > 0)]
        assert not broken, f"{len(broken)} of {len(images)} images did not decode: {broken[:5]}"
        assert all(i["src"].startswith("data:image/") for i in images), [i["src"] for i in images]

        # the Chinese title, drawn with a CJK family
        title = page.title()
        assert "柳林" in title, f"<title> is {title!r}"
        h1_text, _ = cjk_fonts_for(context, page, "h1")
        assert "柳林" in h1_text, f"first <h1> is {h1_text!r}"
        # the title block, and text inside the notebook outputs (styled by nbconvert's theme, not the page)
        cjk: list[dict] = []
        for selector in (
            "h1",
            ".jp-RenderedHTMLCommon h1, .jp-RenderedHTMLCommon h2",
            ".jp-RenderedHTMLCommon p",
        ):
            if not page.locator(selector).count():
                continue
            text, fonts = cjk_fonts_for(context, page, selector)
            han = len(HAN.findall(text))
            used = [f for f in fonts if CJK_FAMILY.search(f["familyName"])]
            drawn = sum(f["glyphCount"] for f in used)
            print(f"{selector} {text[:40]!r}: fonts {[(f['familyName'], f['glyphCount']) for f in fonts]}")
            assert drawn >= han, (
                f"{selector} {text[:40]!r} has {han} Chinese characters but Chromium drew {drawn} with a CJK font; "
                f"fonts used: {[(f['familyName'], f['glyphCount']) for f in fonts]}. The page must embed a CJK "
                "font (@font-face with a data: URI) that reaches this element — the machine/phone may have none, "
                "and then the text shows boxes."
            )
            cjk += used
        families = {f["familyName"] for f in cjk}
        checked = {
            fam: page.evaluate("f => document.fonts.check(`16px \"${f}\"`, '柳林')", fam) for fam in families
        }
        assert all(checked.values()), f"document.fonts.check failed: {checked}"

        # readable on a phone: no horizontal scrolling
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= PHONE["width"] + SCROLL_TOLERANCE_PX, (
            f"page is {width}px wide on a {PHONE['width']}px phone screen; widest elements: "
            f"{page.evaluate(OVERFLOW_JS, PHONE['width'] + SCROLL_TOLERANCE_PX)}"
        )


def embedded_font_page(path: Path, extra_body: str = "") -> Path:
    """A minimal briefing-like page embedding a subset of the packaged Noto Sans CJK SC as a data: URI."""
    import base64
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from liulin_data.present.fonts import SC_FACE_INDEX, font_path

    title = "柳林县2026年目标任务月度简报"
    body_text = "能源 原煤产量 截至10月"
    font = TTFont(str(font_path()), fontNumber=SC_FACE_INDEX, lazy=True)
    subsetter = subset.Subsetter(subset.Options())
    subsetter.populate(text=title + body_text)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    font_uri = "data:font/otf;base64," + base64.b64encode(buf.getvalue()).decode()
    png_uri = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAF"
        "BQIAX8jx0gAAAABJRU5ErkJggg=="
    )
    path.write_text(
        f'<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
        f'<style>@font-face {{ font-family: "Liulin Sans SC"; src: url({font_uri}) format("opentype"); }}'
        f'body {{ font-family: "Liulin Sans SC", sans-serif; }}</style></head>'
        f'<body><h1>{title}</h1><p>{body_text}</p><img alt="图" src="{png_uri}">{extra_body}</body></html>',
        encoding="utf-8",
    )
    return path


def test_checker_accepts_embedded_font_and_rejects_web_request(tmp_path):
    """The checks can pass (a page embedding its CJK font) and can fail (the same page loading a web image)."""
    require_chromium()
    check_briefing_page(embedded_font_page(tmp_path / "good.html"), tmp_path)
    bad = embedded_font_page(tmp_path / "web.html", '<img alt="外部" src="https://example.com/logo.png">')
    with pytest.raises(AssertionError, match="http"):
        check_briefing_page(bad, tmp_path)


def test_renderer_page_in_browser(tmp_path):
    """The renderer's page template, with one small notebook (Chinese headings, a PNG chart)."""
    require_chromium()
    from liulin_data.briefing.params import BriefingParams
    from liulin_data.briefing.render import render_briefing

    nbs = tmp_path / "notebooks"
    write_small_notebook(nbs / "10_energy.ipynb")
    params = BriefingParams(name="browser", kind="浏览器测试简报", notebooks=["10_energy"])
    result = render_briefing(params, AS_OF, tmp_path / "out", notebooks_dir=nbs, jobs=1)
    assert result.index_html == tmp_path / "out" / AS_OF / "browser" / "index.html"
    check_briefing_page(result.index_html, tmp_path)


def test_default_briefing_in_browser(default_briefing):
    """The default briefing (params/monthly.yaml, all four notebooks) for 2026-10, from the shipped sample."""
    check_briefing_page(default_briefing["html"], default_briefing["work"])


# ----------------------------------------------------------------------------------------- as a leader reads it
# a desk screen the issue names
DESK = {"width": 1366, "height": 768}
# the phone column: the screen less the page's margins, CSS px
PHONE_COLUMN = PHONE["width"] - 16
# the smallest chart text a phone may show, CSS px ("about 11 px")
MIN_CHART_TEXT_PX = 10.5
# what a reader must never see: developer words, notebook file names, placeholders, UTC times
FORBIDDEN = [
    "interactive=",
    "interactive",
    ".ipynb",
    "monthly",
    "No description",
    "+00:00",
    "00_overview",
    "10_energy",
    "20_agriculture",
    "30_consumption",
    "scripts/",
    ".py",
    "NaN",
    "None",
    "nan",
    "Traceback",
    "JupyterLab",
    "分册：",
]
# outside 关于本简报 (which names the data files): no file name, no ISO date-time, no Latin word
FORBIDDEN_OUTSIDE_FOOTER = [
    re.compile(r"\.(csv|xlsx|json|html)\b"),
    re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"),
    re.compile(r"[A-Za-z]{3,}"),
]
# a number with a trailing .0 (9600.0) or a large amount left in 万元 (3,198,368万元)
BAD_NUMBER = re.compile(r"\d\.0(?![\d%])|\d{3},\d{3}万(元|千瓦时)")

# every unit that counts things one by one (units.is_count: 座 户 个 头 人 …), longest first
COUNT_UNITS = sorted((u for u in units.KNOWN_UNITS if units.is_count(u)), key=len, reverse=True)
# a fractional count of things (1.47座, 3,455.88头); 0.3个百分点 is a difference of two rates, not a count
FRACTIONAL_COUNT = re.compile(rf"\d[\d,]*\.\d+(?:{'|'.join(map(re.escape, COUNT_UNITS))})(?!百分点)")
# a share with a useless decimal: 68.0%
POINT_ZERO_PERCENT = re.compile(r"\d\.0%")
# a raw ISO date or month where people read 2026年3月31日 and 2026年10月
RAW_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
RAW_MONTH = re.compile(r"(?<![\d-])\d{4}-\d{2}(?![\d-])")
# JS: every badge's colour and ink
CHIPS_JS = """() => [...document.querySelectorAll('.liulin-chip')].map(c => ({
  text: c.textContent, background: getComputedStyle(c).backgroundColor, ink: getComputedStyle(c).color}))"""

# JS: the page's text outside the 关于本简报 footer, the footer's, every img alt, the <title>
TEXTS_JS = """() => {
  const footer = document.querySelector('#liulin-about');
  const clone = document.querySelector('main').cloneNode(true);
  clone.querySelector('#liulin-about')?.remove();
  clone.querySelectorAll('style, script').forEach(e => e.remove());
  return {body: clone.textContent, footer: footer ? footer.innerText : '',
          alts: [...document.images].map(i => i.getAttribute('alt') || ''), title: document.title,
          tables: [...document.querySelectorAll('.liulin-table')].map(t => t.innerText).join('\\n')};
}"""
# JS: where the attention list starts and ends in the first screen, and its items
ATTENTION_JS = """() => {
  const section = document.querySelector('#liulin-attention');
  const items = [...section.querySelectorAll('li')];
  const r = e => e.getBoundingClientRect();
  return {heading_top: r(section.querySelector('h2')).top, first_bottom: items.length ? r(items[0]).bottom : 0,
          items: items.length, open: items.filter(i => i.checkVisibility()).length,
          more: section.querySelector('details > summary')?.textContent || '',
          statuses: items.map(i => [...i.classList].find(c => c.startsWith('s-')))};
}"""
# JS: every table's width, and every element that scrolls sideways (scrollable and wider than its box)
TABLES_JS = """() => {
  const tables = [...document.querySelectorAll('main table')].map(t => Math.ceil(t.getBoundingClientRect().width));
  const scrolling = [...document.querySelectorAll('main *')].filter(e => {
    const o = getComputedStyle(e).overflowX;
    return (o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth + 1;
  }).map(e => `${e.tagName.toLowerCase()}.${e.className}`);
  return {tables, scrolling};
}"""
# JS: each chart's width as shown and as drawn
CHARTS_JS = """() => [...document.querySelectorAll('.jp-RenderedImage img')].map(i => ({
  alt: i.getAttribute('alt'), shown: i.getBoundingClientRect().width, natural: i.naturalWidth}))"""


@pytest.fixture(scope="module")
def default_briefing(tmp_path_factory):
    """The default briefing for 2026-10, rendered after 2026-09 into the same archive (so it has changes)."""
    require_chromium()
    from liulin_data.briefing.params import load_params
    from liulin_data.briefing.render import render_briefing

    work = tmp_path_factory.mktemp("briefing")
    params = load_params(DEFAULT_PARAMS)
    render_briefing(params, "2026-09", work / "out", progress_cb=None)
    result = render_briefing(params, AS_OF, work / "out", progress_cb=None)
    assert result.index_html == work / "out" / AS_OF / params.name / "index.html"
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    return {"html": result.index_html, "work": work, "manifest": manifest}


def _open(context, html: Path):
    guard_network(context, ("file://", "data:"))
    page = context.new_page()
    page.goto(html.resolve().as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page


@pytest.mark.parametrize("screen", [DESK, PHONE], ids=["desk-1366x768", "phone-390x844"])
def test_first_screen_answers_what_needs_attention(default_briefing, screen):
    """The whole 需要关注 list starts in the first screen; every item is in it, the rest behind 另有 N 项."""
    expected = sum(
        n for s, n in default_briefing["manifest"]["status_counts"].items() if s in ATTENTION_STATUSES
    )
    with chromium(default_briefing["work"] / f"first-{screen['width']}", viewport=screen) as context:
        page = _open(context, default_briefing["html"])
        page.screenshot(path=str(default_briefing["work"] / f"first-screen-{screen['width']}.png"))
        got = page.evaluate(ATTENTION_JS)
    print(
        f"{screen['width']}x{screen['height']}: 需要关注 heading at {got['heading_top']:.0f} px, first item ends "
        f"at {got['first_bottom']:.0f} px; {got['items']} items, {got['open']} open, '{got['more']}'"
    )
    assert got["heading_top"] < screen["height"] / 2, got
    assert 0 < got["first_bottom"] <= screen["height"], got
    assert got["items"] == expected, f"{expected} items are overdue, behind, at risk or missing data: {got}"
    assert got["open"] < got["items"] and f"另有 {got['items'] - got['open']} 项" in got["more"], got
    ranks = [STATUS_RANK[s.removeprefix("s-")] for s in got["statuses"]]
    assert ranks == sorted(ranks), "most severe first"


def test_no_table_is_wider_than_a_phone(default_briefing):
    """On a phone every table fits the column (status tables become cards) and nothing scrolls sideways."""
    with chromium(default_briefing["work"] / "tables", viewport=PHONE) as context:
        page = _open(context, default_briefing["html"])
        got = page.evaluate(TABLES_JS)
        cards = page.evaluate("() => getComputedStyle(document.querySelector('.liulin-status tr')).display")
    print(
        f"phone: {len(got['tables'])} tables, widest {max(got['tables'])} px; status rows display as {cards}"
    )
    assert got["tables"] and max(got["tables"]) <= PHONE_COLUMN + 1, got["tables"]
    assert not got["scrolling"], f"these scroll sideways on a phone: {got['scrolling'][:5]}"
    assert cards == "flex", "a status table's rows are cards on a phone"


def test_words_for_people(default_briefing):
    """No developer word, file name, English or UTC time; Beijing time; numbers through the one formatter."""
    with chromium(default_briefing["work"] / "words", viewport=DESK) as context:
        page = _open(context, default_briefing["html"])
        texts = page.evaluate(TEXTS_JS)
    everything = "\n".join([texts["body"], texts["footer"], texts["title"], *texts["alts"]])
    seen = [w for w in FORBIDDEN if w in everything]
    assert not seen, f"developer text in the page: {seen}"
    outside = "\n".join([texts["body"], texts["title"], *texts["alts"]])
    for pattern in FORBIDDEN_OUTSIDE_FOOTER:
        found = sorted(set(pattern.findall(outside)))
        assert not found, f"{pattern.pattern}: {found[:10]}"
    assert "北京时间" in texts["footer"] and "关于本简报" in texts["footer"]
    assert all(alt and alt != "图表" and HAN.search(alt) for alt in texts["alts"]), texts["alts"]
    bad = sorted(set(m.group(0) for m in BAD_NUMBER.finditer(texts["tables"])))
    assert not bad, f"numbers not through the formatter: {bad}"
    assert "亿元" in texts["tables"] and "亿千瓦时" in texts["tables"]  # 3,198,368万元 reads 319.8亿元


def test_charts_are_legible_on_a_phone(default_briefing):
    """Every chart fits the phone column with its smallest text at about 11 px."""
    with chromium(default_briefing["work"] / "charts", viewport=PHONE) as context:
        page = _open(context, default_briefing["html"])
        charts = page.evaluate(CHARTS_JS)
    sizes = [TEXT_PT * CHART_DPI / 72 * c["shown"] / c["natural"] for c in charts]
    print(f"phone: {len(charts)} charts; smallest chart text {min(sizes):.1f} px")
    assert charts and all(c["shown"] <= PHONE_COLUMN + 1 for c in charts)
    assert min(sizes) >= MIN_CHART_TEXT_PX, [
        c["alt"] for c, px in zip(charts, sizes, strict=True) if px < MIN_CHART_TEXT_PX
    ]


def test_changes_come_worst_first_in_colour(default_briefing):
    """与上期相比的变化: worsened items first, each status a coloured badge; improvements folded away."""
    with chromium(default_briefing["work"] / "changes", viewport=PHONE) as context:
        page = _open(context, default_briefing["html"])
        got = page.evaluate("""() => {
          const s = document.querySelector('#liulin-changes');
          const rows = [...s.querySelectorAll('li')].map(li => [...li.querySelectorAll('.liulin-chip')]
              .map(c => [c.textContent, getComputedStyle(c).backgroundColor]));
          return {text: s.innerText, headings: [...s.querySelectorAll('h3, summary')].map(e => e.textContent),
                  rows, height: s.getBoundingClientRect().height};
        }""")
    changes = default_briefing["manifest"]["changes"]
    kinds = [c["change"] for c in changes]
    assert changes and kinds == sorted(kinds, key=["worse", "better", "other"].index), kinds
    worse = [c for c in changes if c["change"] == "worse"]
    if worse:
        assert got["headings"][0].startswith("变差"), got["headings"]
    print(
        f"changes: {len(changes)} ({kinds.count('worse')} worse); section {got['height']:.0f} px on a phone"
    )
    colours = {f"rgb({int(c[1:3], 16)}, {int(c[3:5], 16)}, {int(c[5:], 16)})" for c in STATUS_COLORS.values()}
    assert got["rows"] and all(len(r) == 2 and {bg for _, bg in r} <= colours for r in got["rows"]), got[
        "rows"
    ][:3]


def _rgb_hex(css: str) -> str:
    r, g, b = (int(v) for v in re.findall(r"\d+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def test_counts_whole_shares_and_dates_for_people(default_briefing):
    """In every word a reader sees (the footer's file names and checksums aside): no fractional count of things
    in any count unit, no 68.0%, no raw ISO date or month; every badge (数据滞后 too) in the ink that reads best
    on its colour."""
    with chromium(default_briefing["work"] / "numbers", viewport=DESK) as context:
        page = _open(context, default_briefing["html"])
        texts = page.evaluate(TEXTS_JS)
        chips = page.evaluate(CHIPS_JS)
    seen = "\n".join([texts["body"], texts["title"], *texts["alts"]])
    assert "数据滞后" in seen and "逾期" in seen  # the statuses of #9 are there to be read
    for pattern in (FRACTIONAL_COUNT, POINT_ZERO_PERCENT, RAW_DATE, RAW_MONTH):
        found = sorted({m.group(0) for m in pattern.finditer(seen)})
        assert not found, f"{pattern.pattern}: {found[:10]}"
    labels = {c["text"] for c in chips}
    assert "数据滞后" in labels, labels
    for c in chips:
        assert _rgb_hex(c["ink"]) == ink(_rgb_hex(c["background"])), c


# ----------------------------------------------------------------------------------------- round two (#21)
# the other county of the archive: the shipped plan exported under another name and region
OTHER_REGION = "另一县"
# the archive's title once it holds both plans
TWO_PLANS_TITLE = f"柳林县、{OTHER_REGION}2026年目标任务简报归档"
# when the runs branch makes a month again, the earlier page stays here (its manifest lists it)
SUPERSEDED_STAMP = "20261105T080000"
# an A4 page's printable height at CSS 96 px per inch, less the print stylesheet's margins (12 mm + 14 mm)
A4_CONTENT_PX = (297 - 26) / 25.4 * 96
A4_CONTENT_WIDTH_PX = round((210 - 24) / 25.4 * 96)
# tap targets: at least this tall, and at least this far apart (CSS px)
TAP_MIN_PX, TAP_GAP_PX = 44, 4
# pages the default briefing printed before the print stylesheet
PRINTED_PAGES_BEFORE = 25
SCREENS = [DESK, PHONE]
SCREEN_IDS = ["desk-1366x768", "phone-390x844"]


@pytest.fixture(scope="module")
def archive(default_briefing):
    """The default briefing's archive with another county's briefing of 2026-10 (the overview only), an earlier
    version of 2026-09 kept as the runs branch keeps it, and a scorecard folder; the index rebuilt."""
    from liulin_data.briefing import archive as archive_module
    from liulin_data.briefing.params import load_params
    from liulin_data.briefing.render import render_briefing
    from liulin_data.plan.folder import export_plan

    out = default_briefing["work"] / "out"
    plan_dir = export_plan("liulin-2026", default_briefing["work"] / "plans" / "other-2026")
    yaml = (plan_dir / "plan.yaml").read_text(encoding="utf-8")
    (plan_dir / "plan.yaml").write_text(
        yaml.replace("name: liulin-2026", "name: other-2026").replace(
            "region: 柳林县", f"region: {OTHER_REGION}"
        ),
        encoding="utf-8",
    )
    params = load_params(DEFAULT_PARAMS).model_copy(update={"notebooks": ["00_overview"]})
    other = render_briefing(params, AS_OF, out, plan=plan_dir, progress_cb=None)
    september = out / "2026-09" / "monthly"
    old = september / "superseded" / SUPERSEDED_STAMP
    old.mkdir(parents=True)
    (old / "index.html").write_bytes((september / "index.html").read_bytes())
    manifest = json.loads((september / "manifest.json").read_text(encoding="utf-8"))
    manifest["superseded"] = [{"generated_at": "2026-11-05T08:00:00+08:00",
                               "path": f"superseded/{SUPERSEDED_STAMP}/index.html", "reason": "输入文件已更新"}]  # fmt: skip
    (old / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    (september / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    scorecard = out / "scorecard-2025"
    scorecard.mkdir()
    (scorecard / "index.html").write_text(
        "<!DOCTYPE html><html><head><title>柳林县2025年目标任务完成情况对照</title></head><body></body></html>",
        encoding="utf-8",
    )
    (scorecard / "scorecard.csv").write_text("\ufeff指标,目标,实绩,结论\n", encoding="utf-8")
    archive_module.build_index(out)
    return {**default_briefing, "out": out, "other": other.index_html}


def _visible_texts(page, selector: str) -> list[str]:
    return page.evaluate(
        "(s) => [...document.querySelectorAll(s)].filter(e => e.checkVisibility()).map(e => e.innerText)",
        selector,
    )


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS)
def test_remarks_are_shown(archive, screen):
    """The analysts' latest 备注 are in the 需要关注 list and in the rows and cards of the tables."""
    with chromium(archive["work"] / f"remarks-{screen['width']}", viewport=screen) as context:
        page = _open(context, archive["html"])
        first = _visible_texts(page, "#liulin-attention .liulin-remark")
        rows = _visible_texts(page, ".liulin-status .liulin-remark")
    print(f"{screen['width']}: {len(first)} 备注 in the first screen, {len(rows)} in the tables")
    assert "备注：两座煤矿验收推迟" in first
    assert "备注：5月部分煤矿停产检修" in rows and "备注：种苗不足，部分地块改种" in rows


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS)
def test_the_download_link_carries_the_data(archive, screen):
    """下载数据 is a link inside the file: a CSV with a BOM (Excel, WPS), indicator × month with the status."""
    import base64
    import csv
    import io

    with chromium(archive["work"] / f"download-{screen['width']}", viewport=screen) as context:
        page = _open(context, archive["html"])
        link = page.locator("a.liulin-download")
        assert link.is_visible() and link.inner_text() == "下载数据"
        href, name = link.get_attribute("href"), link.get_attribute("download")
        with page.expect_download() as caught:
            link.click()
        saved = Path(caught.value.path()).read_bytes()
    assert (
        href.startswith("data:text/csv;charset=utf-8;base64,") and name == "柳林县2026年10月目标任务数据.csv"
    )
    data = base64.b64decode(href.split(",", 1)[1])
    assert saved == data and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    header = list(rows[0])
    assert header[:4] == ["指标", "单位", "口径", "全年目标"] and header[-2:] == ["状态", "说明"]
    assert header[4:-2] == [f"{m}月" for m in range(1, 11)]
    coal = {r["口径"]: r for r in rows if r["指标"] == "原煤产量"}
    assert float(coal["累计"]["10月"]) == 2710 and float(coal["当月"]["10月"]) == 288.6
    assert coal["累计"]["1月"] == "" and float(coal["累计"]["2月"]) == 495.7  # 1—2月 released together
    judged = next(i for i in archive["manifest"]["indicators"] if i["indicator_id"] == "raw_coal_output")
    assert coal["累计"]["状态"] == archive["manifest"]["status_labels"][judged["status"]]
    assert {r["指标"] for r in rows} >= {i["indicator"] for i in archive["manifest"]["indicators"]}


def test_printing_opens_every_fold_and_keeps_cards_whole(archive):
    """In print: every 需要关注 item (the folded ones too) and every fold shown, cards, list items and charts kept
    whole, the first screen on the first page; the PDF is shorter than before the print stylesheet."""
    viewport = {"width": A4_CONTENT_WIDTH_PX, "height": 1000}
    with chromium(archive["work"] / "print", viewport=viewport) as context:
        page = _open(context, archive["html"])
        page.emulate_media(media="print")
        got = page.evaluate("""() => {
          const items = [...document.querySelectorAll('#liulin-attention li')];
          const folded = [...document.querySelectorAll('details:not(.liulin-toc)')].flatMap(d => [...d.children]
              .filter(c => c.tagName !== 'SUMMARY'));  // the contents are left out of print: page numbers rule
          const avoid = s => [...document.querySelectorAll(s)].map(e => getComputedStyle(e).breakInside);
          const first = document.querySelector('#liulin-attention').getBoundingClientRect().bottom + scrollY;
          return {items: items.length, shown: items.filter(i => i.checkVisibility()).length,
                  folded: folded.length, foldedShown: folded.filter(e => e.checkVisibility()).length,
                  cards: avoid('.liulin-table tr'), charts: avoid('.jp-RenderedImage'),
                  after: getComputedStyle(document.querySelector('.liulin-first')).breakAfter, first};
        }""")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    print(f"print: {got['items']} attention items shown {got['shown']}; folds {got['foldedShown']}/{got['folded']};"
          f" first screen ends at {got['first']:.0f} px of {A4_CONTENT_PX:.0f}; PDF {pages} pages")  # fmt: skip
    expected = sum(n for s, n in archive["manifest"]["status_counts"].items() if s in ATTENTION_STATUSES)
    assert got["items"] == got["shown"] == expected
    assert got["folded"] and got["foldedShown"] == got["folded"]
    assert set(got["cards"]) == {"avoid"} and set(got["charts"]) == {"avoid"} and got["after"] == "page"
    assert got["first"] <= A4_CONTENT_PX
    assert 0 < pages < PRINTED_PAGES_BEFORE


# JS: every visible tap target (links, summaries, buttons) of the page, with its box, the contents opened
TARGETS_JS = """() => {
  document.querySelector('details.liulin-toc').open = true;
  return [...document.querySelectorAll('main a[href], main summary, main button')]
    .filter(e => e.checkVisibility())
    .map(e => { const r = e.getBoundingClientRect();
                return {text: e.innerText.trim().slice(0, 20), x0: r.left, x1: r.right, y0: r.top + scrollY,
                        y1: r.bottom + scrollY}; });
}"""


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS)
def test_tap_targets_are_tall_and_apart(archive, screen):
    """Every link and fold is at least 44 px tall, and no two touch (the contents open, the archive's links
    shown)."""
    with chromium(archive["work"] / f"taps-{screen['width']}", viewport=screen) as context:
        page = _open(context, archive["html"])
        targets = page.evaluate(TARGETS_JS)
    short = [t for t in targets if t["y1"] - t["y0"] < TAP_MIN_PX - 0.5]
    touching = []
    for i, a in enumerate(targets):
        for b in targets[i + 1 :]:
            dx = max(b["x0"] - a["x1"], a["x0"] - b["x1"])
            dy = max(b["y0"] - a["y1"], a["y0"] - b["y1"])
            if dx < TAP_GAP_PX and dy < TAP_GAP_PX:
                touching.append((a["text"], b["text"]))
    print(f"{screen['width']}: {len(targets)} tap targets, smallest "
          f"{min(t['y1'] - t['y0'] for t in targets):.0f} px")  # fmt: skip
    assert len(targets) > 20
    assert not short, short[:5]
    assert not touching, touching[:5]


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS)
def test_one_data_month_per_page(archive, screen):
    """数据截至 is said once for the page; a row whose data is older says so in its own note, with its month."""
    with chromium(archive["work"] / f"fresh-{screen['width']}", viewport=screen) as context:
        page = _open(context, archive["html"])
        header = page.locator(".liulin-period").inner_text()
        text = page.locator("main").inner_text()
    months = re.findall(r"数据截至(\d{4})年(\d{1,2})月", text)
    assert "数据截至2026年10月" in header
    assert text.count("数据截至2026年10月") == 1, text.count("数据截至2026年10月")
    assert months and all((int(y), int(m)) < (2026, 10) for y, m in months[1:]), months
    assert "数据截至2026年6月" in text  # 粮食播种面积 and the 数据滞后 rows


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS)
def test_no_word_breaks_and_no_empty_cards_on_a_phone(archive, screen):
    """A badge, a number with its unit and the sample stamp never break inside; a task with nothing in it gets
    no card of its own; the 合计 card has no rule across it."""
    with chromium(archive["work"] / f"breaks-{screen['width']}", viewport=screen) as context:
        page = _open(context, archive["html"])
        got = page.evaluate("""() => ({
          broken: [...document.querySelectorAll('.liulin-chip, .nw, .liulin-sample')]
              .filter(e => e.checkVisibility() && e.getClientRects().length > 1).map(e => e.innerText),
          empty: [...document.querySelectorAll('.liulin-counts tbody tr')].filter(r => r.checkVisibility() &&
              [...r.querySelectorAll('td')].every(td => td.innerText.trim() === '0')).length,
          rules: [...document.querySelectorAll('.liulin-counts tr.total td, .liulin-counts tr.total th')]
              .map(c => getComputedStyle(c).borderTopWidth)})""")
    assert not got["broken"], got["broken"][:5]
    assert got["empty"] == 0
    if screen is PHONE:
        assert set(got["rules"]) == {"0px"}, got["rules"][:3]


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS)
def test_the_archive_is_titled_for_both_plans(archive, screen):
    """The archive holds two counties: titled for both, grouped by plan; the scorecard listed; 2026-09 made again
    shows its current version and links the earlier one."""
    index = archive["out"] / "index.html"
    with chromium(archive["work"] / f"archive-{screen['width']}", viewport=screen) as context:
        page = _open(context, index)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        got = page.evaluate("""() => ({
          title: document.title, h1: document.querySelector('h1').innerText,
          groups: [...document.querySelectorAll('section.plan h2')].map(h => h.innerText),
          links: [...document.querySelectorAll('a[href]')].map(a => [a.innerText, a.getAttribute('href')]),
          current: [...document.querySelectorAll('.flag.current')].filter(e => e.checkVisibility()).length,
          width: document.scrollingElement.scrollWidth})""")
    assert got["title"] == got["h1"] == TWO_PLANS_TITLE
    assert got["groups"] == ["柳林县2026年", f"{OTHER_REGION}2026年"]
    hrefs = dict((href, text) for text, href in got["links"])
    assert "scorecard-2025/index.html" in hrefs and "对照" in hrefs["scorecard-2025/index.html"]
    old = f"2026-09/monthly/superseded/{SUPERSEDED_STAMP}/index.html"
    assert old in hrefs and "2026年11月5日 08:00" in hrefs[old] and got["current"] == 1
    assert all((archive["out"] / href).is_file() for href in hrefs), hrefs
    assert got["width"] <= screen["width"] + SCROLL_TOLERANCE_PX


NAV_JS = """() => [...document.querySelectorAll('.liulin-nav a')].filter(a => a.checkVisibility())
    .map(a => a.innerText)"""


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS)
def test_links_between_months_and_none_that_would_die(archive, screen, tmp_path):
    """Inside the archive a briefing links to the archive and to the months before and after that exist; the
    same file forwarded alone shows 下载数据 only (no link that would lead nowhere, no 分册)."""
    with chromium(archive["work"] / f"nav-{screen['width']}", viewport=screen) as context:
        page = _open(context, archive["html"])
        october = page.evaluate(NAV_JS)
        page.locator(".liulin-nav a:visible", has_text="上一期").click()
        page.wait_for_load_state("load")
        september = page.evaluate(NAV_JS)
        assert page.url.endswith("2026-09/monthly/index.html")
        page.locator(".liulin-nav a:visible", has_text="简报归档").click()
        page.wait_for_load_state("load")
        assert page.title() == TWO_PLANS_TITLE
    assert october == ["下载数据", "简报归档", "上一期（2026年9月）"]
    assert september == ["下载数据", "简报归档", "下一期（2026年10月）"]
    alone = tmp_path / "转发的简报.html"
    alone.write_bytes(archive["html"].read_bytes())
    with chromium(tmp_path / "alone", viewport=screen) as context:
        network = guard_network(context, ("file://", "data:"))
        page = context.new_page()
        page.goto(alone.resolve().as_uri(), wait_until="load")
        shown = page.evaluate(NAV_JS)
        local = page.evaluate(
            "() => [...document.querySelectorAll('.liulin-local')].some(e => e.checkVisibility())"
        )
    assert shown == ["下载数据"] and not local
    assert all(url.endswith("/nav.css (net::ERR_FILE_NOT_FOUND)") for url in network.failed), network.failed


def _decimals(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS)
def test_one_precision_per_unit_in_a_sentence(archive, screen):
    """In each 需要关注 sentence, the amounts of one unit carry one precision (12.10亿元 … 14.52亿元, never 12.1亿元
    beside 14.52亿元)."""
    from liulin_data.core import numbers

    if not hasattr(numbers, "common_decimals"):
        pytest.skip(
            "one precision per sentence comes with the target model (present/summaries on branch model)"
        )
    with chromium(archive["work"] / f"precision-{screen['width']}", viewport=screen) as context:
        page = _open(context, archive["html"])
        sentences = page.evaluate(
            "() => [...document.querySelectorAll('#liulin-attention .why')].map(e => e.textContent)"
        )
    mixed = []
    for sentence in sentences:
        by_unit: dict[str, set[int]] = {}
        for number, unit in re.findall(
            r"(\d[\d,]*(?:\.\d+)?)(亿元|万元|万吨|万亩|万斤|万棒|公里|立方米)", sentence
        ):
            by_unit.setdefault(unit, set()).add(_decimals(number))
        mixed += [(sentence, unit) for unit, seen in by_unit.items() if len(seen) > 1]
    assert sentences and not mixed, mixed[:3]


def test_the_attention_list_is_shown_once_per_page(default_briefing):
    """The combined page's first screen holds the 需要关注 list, so the overview's section leaves its own out;
    the overview's own page opens with the list instead, and a topic's page keeps its plain header."""
    folder = default_briefing["html"].parent
    combined = (folder / "index.html").read_text(encoding="utf-8")
    assert combined.count('id="liulin-attention"') == 1
    assert 'id="00_overview--需要关注"' not in combined and 'id="nb-00_overview"' in combined
    overview = (folder / "00_overview.html").read_text(encoding="utf-8")
    assert overview.count('id="liulin-attention"') == 1 and 'href="#liulin-attention"' in overview
    assert 'id="00_overview--需要关注"' not in overview
    energy = (folder / "10_energy.html").read_text(encoding="utf-8")
    assert 'id="liulin-attention"' not in energy
