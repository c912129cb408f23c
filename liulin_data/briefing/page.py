"""The HTML of a briefing: the first screen, the contents, one page per notebook, the combined page, the
"与上期相比的变化" section, the 关于本简报 footer, and the offline rules (no script, stylesheet or font from the
network).

What a county leader sees first, on a desk or a phone: the title, the month and how fresh the data is, how many
items have each status, and the whole "需要关注" list (the first items open, the rest behind "另有 N 项"). The
contents are folded away; where the data came from (files, checksums, generation time in the plan's time zone)
is at the foot of the page.

Notebooks are exported with nbconvert through the offline template in ``templates/briefing``; one exporter is
built per process (compiling the template costs about a second).
"""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.periods import human_time
from ..present.blocks import ATTENTION_SHOWN, BLOCK_CSS, attention_html, chip, month_label, strip_html
from ..present.summaries import ATTENTION_EMPTY, attention
from ..session import order_changes

if TYPE_CHECKING:  # pragma: no cover
    from ..plan.folder import Plan
    from .prepare import DataSnapshot

# the nbconvert template (package data: liulin_data/briefing/templates/briefing/)
TEMPLATE_NAME = "briefing"
_EXPORTER_LOCK = threading.Lock()
_EXPORTER: Any = None  # one nbconvert HTMLExporter per process (compiling the template costs ~1 s)
_WARM = False  # whether the exporter's template has been compiled
# the id of the first screen's attention list (the page's contents link to it)
ATTENTION_ID = "liulin-attention"


def _templates_dir() -> Path:
    return Path(str(resources.files("liulin_data.briefing") / "templates"))


def _exporter():
    """The process-wide HTMLExporter with the offline briefing template (built once)."""
    global _EXPORTER
    with _EXPORTER_LOCK:
        if _EXPORTER is None:
            from nbconvert import HTMLExporter

            _EXPORTER = HTMLExporter(
                extra_template_basedirs=[str(_templates_dir())],
                template_name=TEMPLATE_NAME,
                exclude_input=True,
                exclude_input_prompt=True,
                exclude_output_prompt=True,
                embed_images=True,
                language_code="zh",
            )
        return _EXPORTER


_EXTERNAL_TAG_RE = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script\s*>"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*/?>",
    re.IGNORECASE,
)
_EXTERNAL_SRC_RE = re.compile(r"\b(src)\s*=\s*([\"'])((?:https?:)?//[^\"']*)\2", re.IGNORECASE)
_CSS_IMPORT_RE = re.compile(r"@import\s+(?:url\()?\s*[\"']?(?:https?:)?//[^;]*;", re.IGNORECASE)
# what counts as loading something from the network (used by the tests too)
EXTERNAL_LOAD_RE = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//"
    r"|url\(\s*[\"']?https?://|@import\s+[\"']?(?:url\()?\s*[\"']?https?://",
    re.IGNORECASE,
)


def make_offline(page: str) -> str:
    """Remove every external script/stylesheet and neutralise external ``src`` attributes."""
    page = _EXTERNAL_TAG_RE.sub("", page)
    page = _CSS_IMPORT_RE.sub("", page)
    return _EXTERNAL_SRC_RE.sub(lambda m: f"data-offline-url={m.group(2)}{m.group(3)}{m.group(2)}", page)


def _one_block_css(page: str) -> str:
    """Keep the first copy of the blocks' stylesheet; every table and list carries one in the notebooks."""
    first = page.find(BLOCK_CSS)
    if first < 0:
        return page
    cut = first + len(BLOCK_CSS)
    return page[:cut] + page[cut:].replace(BLOCK_CSS, "")


_HEADING_RE = re.compile(r"<h([1-3])\s+id=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.DOTALL)
_TAG_RE = re.compile(r"<[^>]+>")


def _headings(body: str) -> list[tuple[int, str, str]]:
    """(level, id, text) of the h1–h3 headings nbconvert rendered."""
    out = []
    for level, hid, inner in _HEADING_RE.findall(body):
        text = html.unescape(_TAG_RE.sub("", inner)).replace("¶", "").strip()
        if text:
            out.append((int(level), hid, text))
    return out


def _toc_html(entries: list[tuple[int, str, str]]) -> str:
    """The contents, folded away behind one line (a phone reader taps to open them)."""
    if not entries:
        return ""
    items = "".join(
        f'<li class="lvl{lvl}"><a href="#{html.escape(hid)}">{html.escape(text)}</a></li>'
        for lvl, hid, text in entries
    )
    return f'<details class="liulin-toc"><summary>目录</summary><ul>{items}</ul></details>'


def _between(page: str, start: str, end: str) -> tuple[int, int]:
    a = page.index(f"<!-- liulin:{start} -->")
    b = page.index(f"<!-- liulin:{end} -->")
    return a, b + len(f"<!-- liulin:{end} -->")


# ------------------------------------------------------------------------------------------------ words
def _freshness(snap: DataSnapshot) -> str:
    """How fresh the data is: '数据截至YYYY年10月' (a month without data gets its own banner)."""
    return f"数据截至{month_label(snap.latest_period)}" if snap.latest_period else "尚无实际数据"


# ------------------------------------------------------------------------------------------------ blocks
def header_html(title: str, plan: Plan, as_of: str, snap: DataSnapshot, subtitle: str = "") -> str:
    """The title block: title, the month and the data's freshness, the 本月数据缺失 and 示例数据 banners, and how
    many items have each status. (Where the data came from is in :func:`footer_html`.)"""
    esc = html.escape
    parts = ['<header class="liulin-header">', f"<h1>{esc(title)}</h1>"]
    if subtitle:
        parts.append(f'<p class="liulin-subtitle">{esc(subtitle)}</p>')
    parts.append(
        f'<p class="liulin-period">报告期 {esc(month_label(as_of))} · {esc(_freshness(snap))}'
        f" · 共 {len(snap.indicators)} 项</p>"
    )
    if not snap.month_has_data:
        latest = (
            f"最新数据为{month_label(snap.latest_period)}" if snap.latest_period else "数据中没有任何实际值"
        )
        parts.append(
            f'<div class="liulin-banner liulin-missing">本月数据缺失：{esc(month_label(as_of))}没有任何实际值，'
            f"以下数字截至此前最近一个有数据的月份（{esc(latest)}）。</div>"
        )
    if snap.is_sample:
        parts.append(
            '<div class="liulin-banner liulin-sample">示例数据：本简报使用合成的示例数据，'
            f"不是{esc(plan.region)}的真实统计，仅供演示。</div>"
        )
    statuses = [str(r.get("status")) for r in snap.indicators]
    parts.append(f'{BLOCK_CSS}<div class="liulin-block">{strip_html(statuses)}</div></header>')
    return "".join(parts)


def attention_items(snap: DataSnapshot):
    """Every item that needs attention in the briefing's rows, most severe first (the summaries' sentences)."""
    import pandas as pd

    table = getattr(snap, "progress", None)
    if table is None or len(table) == 0:
        return pd.DataFrame(columns=["indicator", "status", "sentence"])
    return attention(table, limit=len(table), targets=getattr(snap, "targets", None))


def first_screen_html(title: str, plan: Plan, as_of: str, snap: DataSnapshot) -> str:
    """The title block and the whole "需要关注" list: what a reader sees before scrolling."""
    items = attention_items(snap)
    count = f"（{len(items)} 项）" if len(items) else ""
    return (
        header_html(title, plan, as_of, snap)
        + f'<section class="liulin-first" id="{ATTENTION_ID}"><h2>需要关注{count}</h2>'
        + attention_html(items, shown=ATTENTION_SHOWN, empty=ATTENTION_EMPTY)
        + "</section>"
    )


def footer_html(plan: Plan, snap: DataSnapshot, generated_at: str, pages: list[tuple[str, str]] = ()) -> str:
    """关于本简报: the plan, the data files with their checksums, the generation time (the plan's time zone) and
    links to the per-section pages (``pages``: (file name, title) pairs; the reader sees the titles)."""
    esc = html.escape
    files = "".join(
        f"<li>{esc(f['name'])}（校验码 <code>{esc(f['sha256'][:12])}</code>）</li>" for f in snap.files
    )
    data = "示例数据（合成，非真实统计）" if snap.is_sample else "分析人员提供的数据文件"
    rows = [
        ("计划", f"{esc(plan.title)}，对照《{esc(plan.report_title)}》"),
        ("数据", f"{data}<ul>{files or '<li>（无）</li>'}</ul>"),
        ("生成时间", esc(human_time(generated_at, plan.timezone))),
    ]
    if pages:
        links = "".join(f'<li><a href="{esc(href)}">{esc(name)}</a></li>' for href, name in pages)
        rows.append(("分册", f"<ul>{links}</ul>"))
    body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<footer class="liulin-about" id="liulin-about"><h2>关于本简报</h2><dl>{body}</dl></footer>'


def _change_kind(change: dict) -> str:
    return str(change.get("change") or "other")


def _change_item(change: dict, labels: dict[str, str]) -> str:
    def badge(status: str | None) -> str:
        return chip(status) if status else '<span class="liulin-none">（无）</span>'

    name = html.escape(str(change.get("indicator") or change.get("indicator_id")))
    return (
        f'<li><span class="name">{name}</span>{badge(change.get("from"))}<span class="arrow">→</span>'
        f"{badge(change.get('to'))}</li>"
    )


def changes_html(changes: list[dict], previous: str | None, labels: dict[str, str]) -> str:
    """与上期相比的变化: worsened first (most severe first, in status colours), then improved and other changes
    folded away behind their counts."""

    head = '<section class="liulin-changes" id="liulin-changes"><h2>与上期相比的变化</h2>'
    if previous is None:
        return head + "<p>这是本简报的第一期，没有可比较的上期简报。</p></section>"
    when = html.escape(month_label(previous))
    if not changes:
        return head + f"<p>与上期（{when}）相比，各项状态没有变化。</p></section>"
    changes = order_changes(changes)
    groups = {kind: [c for c in changes if _change_kind(c) == kind] for kind in ("worse", "better", "other")}
    groups["other"] += [c for c in changes if _change_kind(c) not in groups]
    counts = Counter({k: len(v) for k, v in groups.items()})
    words = {"worse": "变差", "better": "好转", "other": "新增或不再列出"}
    summary = "，".join(f"{words[k]} {counts[k]} 项" for k in ("worse", "better", "other") if counts[k])
    parts = [head, f"<p>与上期（{when}）相比，{len(changes)} 项状态有变化：{summary}。</p>", BLOCK_CSS]
    for kind in ("worse", "better", "other"):
        if not groups[kind]:
            continue
        items = "".join(_change_item(c, labels) for c in groups[kind])
        listing = f'<ul class="liulin-change-list liulin-block">{items}</ul>'
        if kind == "worse":
            parts.append(f"<h3>变差（{counts[kind]} 项）</h3>{listing}")
        else:
            parts.append(f"<details><summary>{words[kind]} {counts[kind]} 项</summary>{listing}</details>")
    return "".join(parts) + "</section>"


# ------------------------------------------------------------------------------------------------ pages
def warm_exporter() -> None:
    """Build the exporter and compile its template once per process (~1 s) on an empty notebook."""
    import nbformat

    global _WARM
    if not _WARM:
        export_notebook(nbformat.v4.new_notebook(), "", "warm-up")
        _WARM = True


def export_notebook(nb: Any, header: str, title: str, footer: str = "") -> str:
    """One notebook → one standalone offline HTML page (title block, contents, outputs, 关于本简报).

    The page's ``<title>`` is ``title`` and the notebook's own first heading.
    """
    exporter = _exporter()
    nb.metadata["title"] = title
    with _EXPORTER_LOCK:
        page, _ = exporter.from_notebook_node(
            nb, resources={"liulin_header": header, "liulin_footer": footer}
        )
    a, b = _between(page, "body:start", "body:end")
    heads = _headings(page[a:b])
    page = page.replace("<!-- liulin:header:end -->", _toc_html(heads) + "<!-- liulin:header:end -->", 1)
    first = next((text for lvl, _, text in heads if lvl == 1), "")
    if first:
        page = _set_title(page, f"{title} · {first}")
    return make_offline(_one_block_css(page))


def _set_title(page: str, title: str) -> str:
    return re.sub(
        r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", page, count=1, flags=re.DOTALL
    )


def section_titles(pages: dict[str, str]) -> dict[str, str]:
    """Each notebook page's first heading (what a reader calls the section), by notebook."""
    out = {}
    for stem, page in pages.items():
        a, b = _between(page, "body:start", "body:end")
        out[stem] = next((t for lvl, _, t in _headings(page[a:b]) if lvl == 1), "分册")
    return out


def combine_pages(pages: dict[str, str], header: str, changes: str, title: str, footer: str = "") -> str:
    """Every notebook page's body as one section of a single self-contained page.

    ``header``: the first screen (:func:`first_screen_html`); ``changes``: :func:`changes_html`; ``footer``:
    :func:`footer_html` without pages — the links to the per-notebook pages, named by their titles, are added.
    """
    stems = list(pages)
    first = pages[stems[0]]
    titles = section_titles(pages)
    sections, toc = [], [(1, ATTENTION_ID, "需要关注"), (1, "liulin-changes", "与上期相比的变化")]
    for stem in stems:
        page = pages[stem]
        a, b = _between(page, "body:start", "body:end")
        body = page[a:b]
        body = re.sub(r'(<h[1-6]\s+id=")', rf"\g<1>{stem}--", body)
        body = re.sub(r'(<a class="anchor-link" href="#)', rf"\g<1>{stem}--", body)
        heads = _headings(body)
        toc.append((1, f"nb-{stem}", titles[stem]))
        toc += [(max(2, lvl), hid, t) for lvl, hid, t in heads if lvl > 1 or t != titles[stem]]
        sections.append(
            f'<section class="liulin-section" id="nb-{stem}" data-notebook="{stem}">\n{body}\n</section>'
        )
    toc.append((1, "liulin-about", "关于本简报"))
    if footer:
        links = "".join(
            f'<li><a href="{html.escape(s)}.html">{html.escape(titles[s])}</a></li>' for s in stems
        )
        footer = footer.replace("</dl></footer>", f"<dt>分册</dt><dd><ul>{links}</ul></dd></dl></footer>")
    a, _ = _between(first, "header:start", "header:end")
    _, b = _between(first, "body:start", "body:end")
    f_start, f_end = _between(first, "footer:start", "footer:end")
    page = (
        first[:a]
        + "<!-- liulin:header:start -->"
        + header
        + changes
        + _toc_html(toc)
        + "<!-- liulin:header:end -->\n"
        + "\n".join(sections)
        + first[b:f_start]
        + f"<!-- liulin:footer:start -->{footer}<!-- liulin:footer:end -->"
        + first[f_end:]
    )
    return make_offline(_one_block_css(_set_title(page, title)))
