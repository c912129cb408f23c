"""The HTML of a briefing: the title block, the table of contents, one page per notebook, the combined page,
the "与上期相比的变化" section, and the offline rules (no script, stylesheet or font from the network).

Notebooks are exported with nbconvert through the offline template in ``templates/briefing``; one exporter is
built per process (compiling the template costs about a second).
"""

from __future__ import annotations

import html
import re
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..periods import parse_month

if TYPE_CHECKING:  # pragma: no cover
    from ..plan import Plan
    from .render import DataSnapshot

# the nbconvert template (package data: liulin_data/briefing/templates/briefing/)
TEMPLATE_NAME = "briefing"
_EXPORTER_LOCK = threading.Lock()
_EXPORTER: Any = None  # one nbconvert HTMLExporter per process (compiling the template costs ~1 s)
_WARM = False  # whether the exporter's template has been compiled


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
    if not entries:
        return ""
    items = "".join(
        f'<li class="lvl{lvl}"><a href="#{html.escape(hid)}">{html.escape(text)}</a></li>'
        for lvl, hid, text in entries
    )
    return f'<nav class="liulin-toc"><strong>目录</strong><ul>{items}</ul></nav>'


def _between(page: str, start: str, end: str) -> tuple[int, int]:
    a = page.index(f"<!-- liulin:{start} -->")
    b = page.index(f"<!-- liulin:{end} -->")
    return a, b + len(f"<!-- liulin:{end} -->")


def header_html(
    title: str, plan: Plan, as_of: str, snap: DataSnapshot, generated_at: str, subtitle: str = ""
) -> str:
    """The title block: title, 本月数据缺失 and 示例数据 banners, period, data files with sha256, generated at."""
    esc = html.escape
    parts = ['<header class="liulin-header">', f"<h1>{esc(title)}</h1>"]
    if subtitle:
        parts.append(f'<p class="liulin-subtitle">{esc(subtitle)}</p>')
    if not snap.month_has_data:
        latest = (
            f"（数据中最新月份：{snap.latest_period}）"
            if snap.latest_period
            else "（数据中没有任何月份的实际值）"
        )
        parts.append(
            f'<div class="liulin-banner liulin-missing">⚠ 本月数据缺失：{esc(as_of)} 没有任何实际值，'
            f"以下数字截至此前最近一个有数据的月份{esc(latest)}。</div>"
        )
    if snap.is_sample:
        parts.append(
            '<div class="liulin-banner liulin-sample">示例数据：本简报使用随包附带的合成示例数据，'
            f"不是{esc(plan.region)}的真实统计数据，仅供演示。</div>"
        )
    files = "".join(
        f"<li><code>{esc(f['name'])}</code> sha256 <code>{esc(f['sha256'][:12])}</code></li>"
        for f in snap.files
    )
    files = files or "<li>（无）</li>"
    latest = f"（最新数据月份：{esc(snap.latest_period)}）" if snap.latest_period else ""
    parts.append(
        '<ul class="liulin-meta">'
        f"<li>报告期：{esc(parse_month(as_of).label)}</li>"
        f"<li>数据截至：{esc(as_of)}{latest}</li>"
        f"<li>数据文件{'（示例数据）' if snap.is_sample else ''}：<ul>{files}</ul></li>"
        f"<li>生成时间：{esc(generated_at)}</li>"
        "</ul></header>"
    )
    return "".join(parts)


def changes_html(changes: list[dict], previous: str | None, labels: dict[str, str]) -> str:
    esc = html.escape
    head = '<section class="liulin-changes" id="liulin-changes"><h2>与上期相比的变化</h2>'
    if previous is None:
        return head + "<p>这是本简报的第一期，没有可比较的上期简报。</p></section>"
    if not changes:
        return head + f"<p>与上期（{esc(previous)}）相比，各指标状态没有变化。</p></section>"

    def lab(s: str | None) -> str:
        return "—" if s is None else labels.get(s, s)

    rows = "".join(
        f"<tr><td>{esc(c['indicator'] or c['indicator_id'])}</td><td>{esc(lab(c['from']))}</td>"
        f"<td>{esc(lab(c['to']))}</td></tr>"
        for c in changes
    )
    return (
        head + f"<p>与上期（{esc(previous)}）相比，{len(changes)} 项指标状态有变化：</p>"
        f"<table><thead><tr><th>指标</th><th>上期</th><th>本期</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def warm_exporter() -> None:
    """Build the exporter and compile its template once per process (~1 s) on an empty notebook."""
    import nbformat

    global _WARM
    if not _WARM:
        export_notebook(nbformat.v4.new_notebook(), "", "warm-up")
        _WARM = True


def export_notebook(nb: Any, header: str, title: str) -> str:
    """One notebook → one standalone offline HTML page (header block + TOC + outputs)."""
    nb.metadata["title"] = title
    exporter = _exporter()
    with _EXPORTER_LOCK:
        page, _ = exporter.from_notebook_node(nb, resources={"liulin_header": header})
    a, b = _between(page, "body:start", "body:end")
    toc = _toc_html(_headings(page[a:b]))
    page = page.replace("<!-- liulin:header:end -->", toc + "<!-- liulin:header:end -->", 1)
    return make_offline(page)


def combine_pages(pages: dict[str, str], header: str, changes: str, title: str) -> str:
    """Every notebook page's body as one section of a single self-contained page."""
    stems = list(pages)
    first = pages[stems[0]]
    sections, toc = [], []
    for stem in stems:
        page = pages[stem]
        a, b = _between(page, "body:start", "body:end")
        body = page[a:b]
        body = re.sub(r'(<h[1-6]\s+id=")', rf"\g<1>{stem}--", body)
        body = re.sub(r'(<a class="anchor-link" href="#)', rf"\g<1>{stem}--", body)
        heads = _headings(body)
        sec_title = next((t for lvl, _, t in heads if lvl == 1), stem)
        toc.append((1, f"nb-{stem}", sec_title))
        toc += [(max(2, lvl), hid, t) for lvl, hid, t in heads if lvl > 1 or t != sec_title]
        sections.append(
            f'<section class="liulin-section" id="nb-{stem}" data-notebook="{stem}">\n{body}\n</section>'
        )
    toc.append((1, "liulin-changes", "与上期相比的变化"))
    a, _ = _between(first, "header:start", "header:end")
    _, b = _between(first, "body:start", "body:end")
    page = (
        first[:a]
        + "<!-- liulin:header:start -->"
        + header
        + _toc_html(toc)
        + "<!-- liulin:header:end -->\n"
        + changes
        + "\n".join(sections)
        + first[b:]
    )
    page = re.sub(
        r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", page, count=1, flags=re.DOTALL
    )
    return make_offline(page)
