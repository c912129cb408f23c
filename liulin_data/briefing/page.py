"""The briefing page, assembled from Jinja2 templates (``templates/page/``): the first screen, the links around
it, the changes since the last briefing, the contents, one section per notebook (:mod:`.sections`) and the
关于本简报 footer; and the offline rules (no script, stylesheet or font from the network).

What a county leader sees first, on a desk or a phone: the title, the month and the one 数据截至, how many items
have each status, and the whole "需要关注" list (the first items open, the rest behind "另有 N 项"). Then
下载数据 (the table of figures inside the file, as CSV for Excel and WPS), and — inside the archive only — the
links to the archive and to the months before and after: the archive's ``nav.css`` shows them, so a page
forwarded on its own shows no link that would lead nowhere. Printing opens every fold.

The page stays one offline file: the stylesheets inline, charts as data URIs, and the Chinese font subset for
the page's own characters embedded (:mod:`liulin_data.present.webfont`).
"""

from __future__ import annotations

import base64
import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.periods import human_time, parse_month
from ..core.statuses import STALE
from ..files.exports import csv_text
from ..present.blocks import ATTENTION_SHOWN, BLOCK_CSS, attention_html, month_label, strip_html
from ..present.series import any_figure, data_table, latest_remarks, no_figure_sentence
from ..present.summaries import ATTENTION_EMPTY, attention, warning_lines
from ..present.templating import markup, render
from ..present.webfont import font_face_css, page_chars
from ..session import order_changes
from .sections import Section, templates_dir

if TYPE_CHECKING:  # pragma: no cover
    from ..plan.folder import Plan
    from ..session import Session
    from .prepare import DataSnapshot

# the id of the first screen's attention list (the page's contents link to it)
ATTENTION_ID = "liulin-attention"
# the archive's stylesheet that shows the links needing the archive (OUT/nav.css, written by archive.py)
NAV_CSS = "nav.css"
# a page's way up to OUT from OUT/YYYY-MM/NAME/
UP = "../../"

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


def make_offline(text: str) -> str:
    """Remove every external script/stylesheet and neutralise external ``src`` attributes (of a notebook's
    outputs: anything a cell displayed)."""
    text = _EXTERNAL_TAG_RE.sub("", text)
    text = _CSS_IMPORT_RE.sub("", text)
    return _EXTERNAL_SRC_RE.sub(lambda m: f"data-offline-url={m.group(2)}{m.group(3)}{m.group(2)}", text)


@dataclass
class PageData:
    """Everything one briefing's pages are made from."""

    title: str  # the briefing's title (Plan.briefing_title(kind))
    plan: Plan
    as_of: str  # 'YYYY-MM'
    snap: DataSnapshot  # the standing of the briefing's indicators
    session: Session  # the plan at the month (figures, 备注, 数据截至)
    name: str  # the briefing's folder under OUT/YYYY-MM/
    generated_at: str  # ISO time in the plan's zone
    domains: Sequence[str] = ()
    previous: str | None = None  # the month compared with
    changes: list[dict] = field(default_factory=list)

    @property
    def period(self) -> str:
        return parse_month(self.as_of).label

    @property
    def rows(self):
        """The progress rows the briefing shows."""
        if getattr(self.snap, "progress", None) is not None:
            return self.snap.progress
        return self.session.shown(self.domains)

    @property
    def data_month(self) -> str | None:
        """The page's one 数据截至 ('YYYY-MM')."""
        if getattr(self.snap, "progress", None) is None:  # a standing made without its rows
            return self.snap.latest_period
        month = self.session.data_month
        return None if month is None else str(month)

    @property
    def has_figures(self) -> bool:
        return any_figure(self.session.actuals, self.session.milestones) or bool(self.snap.latest_period)


def _render(name: str, **context: Any) -> str:
    return render(name, [templates_dir()], **context)


# ------------------------------------------------------------------------------------------------ the first screen
def _missing_words(data: PageData) -> str:
    """本月数据缺失 …: the month has no figure while earlier months have (none at all: the one sentence says it)."""
    if data.snap.month_has_data or not data.has_figures:
        return ""
    latest = month_label(data.snap.latest_period) if data.snap.latest_period else ""
    return (
        f"本月数据缺失：{data.period}没有任何实际值，以下数字截至此前最近一个有数据的月份"
        f"{f'（{latest}）' if latest else ''}。"
    )


def attention_items(data: PageData):
    """Every item that needs attention in the briefing's rows, most severe first (the summaries' sentences)."""
    import pandas as pd

    table = data.rows
    if table is None or len(table) == 0:
        return pd.DataFrame(columns=["indicator_id", "indicator", "status", "sentence"])
    return attention(table, limit=len(table), targets=getattr(data.snap, "targets", None))


def first_screen_html(data: PageData, with_attention: bool = True) -> str:
    """The title block (title, month, the one 数据截至, banners, counts) and the whole "需要关注" list."""
    fresh = f"数据截至{month_label(data.data_month)}" if data.data_month else "尚无实际数据"
    attention_block, count = None, 0
    if with_attention and not data.has_figures:
        sentence = no_figure_sentence(data.plan.region, data.plan.year, len(data.snap.indicators))
        attention_block = markup(f'<div class="liulin-block"><p>{html.escape(sentence)}</p></div>')
    elif with_attention:
        items = attention_items(data)
        count = len(items)
        remarks = latest_remarks(data.session.actuals, data.session.milestones)
        attention_block = markup(
            attention_html(items, shown=ATTENTION_SHOWN, empty=ATTENTION_EMPTY, remarks=remarks)
        )
    return _render(
        "page/first_screen.html.j2",
        title=data.title,
        month=data.period,
        fresh=fresh,
        count=len(data.snap.indicators),
        missing=_missing_words(data),
        sample=data.snap.is_sample,
        region=data.plan.region,
        strip=markup(strip_html([str(r.get("status")) for r in data.snap.indicators])),
        attention=attention_block,
        attention_count=count,
    )


# ------------------------------------------------------------------------------------------------ links and data
def download(data: PageData) -> dict[str, str]:
    """下载数据: the table (indicator × month, with the status) as CSV with a BOM (Excel, WPS), as a data URI."""
    table = data_table(
        data.rows, data.session.actuals, data.session.catalog, data.plan.year, parse_month(data.as_of).month
    )
    payload = ("\ufeff" + csv_text(table)).encode("utf-8")
    return {
        "name": f"{data.plan.region}{data.period}目标任务数据.csv",
        "href": "data:text/csv;charset=utf-8;base64," + base64.b64encode(payload).decode("ascii"),
    }


def page_key(month: str, name: str) -> str:
    """How nav.css names a briefing: 'YYYY-MM/NAME'."""
    return f"{month}/{name}"


def nav_html(data: PageData) -> str:
    """下载数据, and the links inside the archive: 简报归档 and every other month of the plan's year, of which the
    archive's nav.css shows the nearest earlier and later briefing that exist."""
    here = parse_month(data.as_of)
    months = []
    for m in range(1, 13):
        if m == here.month:
            continue
        key = f"{here.year:04d}-{m:02d}"
        words = f"{'上一期' if m < here.month else '下一期'}（{parse_month(key).label}）"
        href = f"{UP}{page_key(key, data.name)}/index.html"
        months.append({"key": page_key(key, data.name), "href": href, "words": words})
    return _render(
        "page/nav.html.j2",
        page_key=page_key(data.as_of, data.name),
        download=download(data),
        archive_href=f"{UP}index.html",
        months=months,
    )


# ------------------------------------------------------------------------------------------------ changes
# how the changes are grouped, in order: (key, words, shown open)
CHANGE_GROUPS = (("worse", "变差", True), ("stale", "数据未更新", False), ("better", "好转", False),
                 ("other", "新增或不再列出", False))  # fmt: skip


def _change_group(change: dict) -> str:
    """A change to 数据滞后 is neither better nor worse: its data was not updated."""
    if change.get("to") == STALE and change.get("from") not in (None, STALE):
        return "stale"
    kind = str(change.get("change") or "other")
    return kind if kind in ("worse", "better") else "other"


def changes_html(changes: list[dict], previous: str | None, labels: dict[str, str] | None = None) -> str:
    """与上期相比的变化: worsened first (most severe first, in status colours), then 数据未更新, improvements and
    other changes folded away behind their counts."""
    ordered = order_changes(changes) if changes else []
    groups = []
    for key, words, shown_open in CHANGE_GROUPS:
        members = [c for c in ordered if _change_group(c) == key]
        if members:
            items = [{"name": c.get("indicator") or c.get("indicator_id"), "from": c.get("from"),
                      "to": c.get("to")} for c in members]  # fmt: skip
            groups.append({"words": words, "open": shown_open, "changes": items})
    counts = Counter({g["words"]: len(g["changes"]) for g in groups})
    return _render(
        "page/changes.html.j2",
        previous=None if previous is None else month_label(previous),
        groups=groups,
        total=len(ordered),
        summary="，".join(f"{words} {n} 项" for words, n in counts.items()),
    )


# ------------------------------------------------------------------------------------------------ footer
def footer_html(data: PageData, sections: Sequence[Section] = ()) -> str:
    """关于本简报: the plan, the data (checksums, no file names), the generation time in the plan's time zone,
    and the per-section pages (shown inside the archive only)."""
    words = "示例数据（合成，非真实统计）" if data.snap.is_sample else "分析人员提供的数据文件"
    return _render(
        "page/footer.html.j2",
        plan_title=data.plan.title,
        report_title=data.plan.report_title,
        data_words=words,
        files=[str(f.get("sha256", ""))[:12] for f in data.snap.files],
        made=human_time(data.generated_at, data.plan.timezone),
        warnings=warning_lines(data.session.warnings),
        sections=[{"href": f"{s.stem}.html", "title": s.title} for s in sections],
    )


# ------------------------------------------------------------------------------------------------ pages
def _opens_with_attention(sections: Sequence[Section], combined: bool) -> bool:
    """The combined page, and the page of a section whose 需要关注 list the first screen shows instead."""
    return combined or sections[0].shows_first_screen


def _toc(sections: Sequence[Section], combined: bool) -> list[dict]:
    entries = []
    if _opens_with_attention(sections, combined):
        entries.append((1, ATTENTION_ID, "需要关注"))
    if combined:
        entries.append((1, "liulin-changes", "与上期相比的变化"))
    for s in sections:
        if combined:
            entries.append((1, f"nb-{s.stem}", s.title))
        entries += [(max(2, lvl), hid, t) for lvl, hid, t in s.headings if lvl > 1 or t != s.title]
    entries.append((1, "liulin-about", "关于本简报"))
    return [{"level": lvl, "id": hid, "text": text} for lvl, hid, text in entries]


def _css(name: str) -> str:
    return (templates_dir() / "page" / name).read_text(encoding="utf-8")


def _page(data: PageData, sections: Sequence[Section], combined: bool, parts: dict, font_css: str) -> str:
    """One page: the combined page (every section) or one section's page."""
    title = data.title + " · " + data.period
    if not combined:
        title += f" · {sections[0].title}"
    return _render(
        "page/page.html.j2",
        title=title,
        inputs="; ".join(f"{f.get('name')} sha256:{f.get('sha256')}" for f in data.snap.files),
        briefing_css=markup(_css("briefing.css")),
        print_css=markup(_css("print.css")),
        block_css=markup(BLOCK_CSS),
        font_css=markup(font_css),
        nav_css=f"{UP}{NAV_CSS}",
        first_screen=parts["first"] if _opens_with_attention(sections, combined) else parts["header"],
        nav=parts["nav"],
        changes=parts["changes"] if combined else "",
        toc=_toc(sections, combined),
        sections=[{"stem": s.stem, "body": markup(make_offline(s.body))} for s in sections],
        footer=parts["footer_all"] if combined else parts["footer"],
    )


def briefing_pages(data: PageData, sections: dict[str, Section]) -> dict[str, str]:
    """Every page of a briefing, by file name: ``index.html`` and ``NAME.html`` (every section, one page) and
    ``<stem>.html`` per section; one font subset covers them all (the characters of every page)."""
    ordered = list(sections.values())
    parts = {
        "first": markup(first_screen_html(data)),
        "header": markup(first_screen_html(data, with_attention=False)),
        "nav": markup(nav_html(data)),
        "changes": markup(changes_html(data.changes, data.previous)),
        "footer_all": markup(footer_html(data, ordered)),
        "footer": markup(footer_html(data)),
    }

    def every_page(font_css: str) -> dict[str, str]:
        combined = _page(data, ordered, True, parts, font_css)
        pages = {"index.html": combined, f"{data.name}.html": combined}
        pages.update({f"{s.stem}.html": _page(data, [s], False, parts, font_css) for s in ordered})
        return pages

    chars = page_chars("".join(every_page("").values()))
    return every_page(font_face_css(chars))


__all__ = [
    "ATTENTION_ID",
    "EXTERNAL_LOAD_RE",
    "NAV_CSS",
    "PageData",
    "attention_items",
    "briefing_pages",
    "changes_html",
    "download",
    "first_screen_html",
    "footer_html",
    "make_offline",
    "nav_html",
    "page_key",
]
