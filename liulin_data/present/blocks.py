"""HTML blocks for readers: status badges, the status table, count tables, plain tables, the headline strip
and the "需要关注" list — in JupyterLab and in the briefings alike.

Every block is one ``<div class="liulin-block">`` preceded by :data:`BLOCK_CSS`, so it looks the same wherever
it lands. Below :data:`PHONE_MAX_PX` (CSS only: the briefing stays one offline file) a table becomes one card per
row — name and badge on top, then "实际 … 全年目标 …", pace and note — so no table scrolls sideways on a phone.
Numbers go through :mod:`liulin_data.core.numbers`, months through :class:`liulin_data.core.periods.Month`,
statuses through :mod:`liulin_data.core.statuses`, sentences through :mod:`liulin_data.present.summaries`.
Every analyst-written text (names, notes) is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..core.exceptions import LiulinError
from ..core.numbers import display_unit, fmt_amount, fmt_number, fmt_percent
from ..core.periods import parse_month
from ..core.statuses import NO_TARGET, STATUS_COLORS, STATUS_LABELS, STATUS_ORDER, STATUS_RANK
from ..plan.sample import any_sample

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# below this width (CSS px) tables are shown as cards
PHONE_MAX_PX = 600
# a note part found in at least this share of a table's rows is said once above the table
COMMON_NOTE_SHARE = 0.5
# the stamp of tables drawn from the synthetic sample
SAMPLE_CAPTION = "示例数据（合成，非真实统计）"
# text colours for a badge: whichever contrasts more with the badge's colour
INK_DARK, INK_LIGHT = "#1a1a1a", "#ffffff"
# the "需要关注" list shows this many items open; the rest sit behind "另有 N 项"
ATTENTION_SHOWN = 6

BLOCK_CSS = (
    '<style class="liulin-blocks">'
    ".liulin-block{line-height:1.5;color:#1a1a1a;margin:6px 0 12px;"
    'font-family:"Liulin Sans SC","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}'
    ".liulin-block .liulin-chip{display:inline-block;padding:0 .6em;border-radius:.8em;font-size:.85em;"
    "line-height:1.7;white-space:nowrap;vertical-align:baseline}"
    ".liulin-block .liulin-caption{font-weight:600;font-size:15px;margin:4px 0}"
    ".liulin-block .liulin-sample{color:#b2182b;font-size:12px;font-weight:normal;margin-left:.5em}"
    ".liulin-block .liulin-table-note{font-size:13px;color:#555;margin:2px 0 6px}"
    ".liulin-block table.liulin-table{border-collapse:collapse;width:100%;font-size:14px;table-layout:auto;"
    "margin:0;display:table;max-width:100%}"
    ".liulin-block .liulin-table th{background:#f3f3f3;text-align:left;padding:6px 8px;border:0;"
    "border-bottom:2px solid #ccc;white-space:nowrap;font-weight:600}"
    ".liulin-block .liulin-table td{padding:6px 8px;border:0;border-bottom:1px solid #e5e5e5;text-align:left;"
    "vertical-align:top;background:none}"
    ".liulin-block .liulin-table tr{background:none}"
    ".liulin-block .liulin-table tbody th{background:none;border-bottom:1px solid #e5e5e5;font-weight:600}"
    ".liulin-block .liulin-table .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
    ".liulin-block .liulin-table td.zero{color:#bbb}"
    ".liulin-block .liulin-table td.note{color:#444;font-size:13px;min-width:8em}"
    ".liulin-block .liulin-table tr.total td,.liulin-block .liulin-table tr.total th{font-weight:600;"
    "border-top:2px solid #ccc}"
    ".liulin-block ol.liulin-attention-list{margin:4px 0;padding-left:1.6em}"
    ".liulin-block .liulin-attention-list li{margin:6px 0}"
    ".liulin-block .liulin-attention-list .name{font-weight:600;margin-right:.4em}"
    ".liulin-block .liulin-attention-list .why{display:block;color:#333;font-size:.93em}"
    ".liulin-block .nw{white-space:nowrap}"
    ".liulin-block details.liulin-more>summary{cursor:pointer;color:#1f4e79;font-weight:600;margin:6px 0}"
    ".liulin-block ul.liulin-strip{list-style:none;margin:6px 0;padding:0;display:flex;flex-wrap:wrap;gap:6px}"
    ".liulin-block .liulin-strip li{margin:0}"
    ".liulin-block .liulin-strip .liulin-chip{font-size:.95em}"
    ".liulin-block .liulin-strip b{margin-left:.3em}"
    f"@media (max-width:{PHONE_MAX_PX}px){{"
    ".liulin-block table.liulin-table,.liulin-block .liulin-table tbody,.liulin-block .liulin-table tr,"
    ".liulin-block .liulin-table td,.liulin-block .liulin-table tbody th{display:block;width:auto}"
    ".liulin-block .liulin-table thead{display:none}"
    ".liulin-block .liulin-table tr{display:flex;flex-wrap:wrap;align-items:baseline;border:1px solid #ddd;"
    "border-radius:8px;margin:8px 0;padding:6px 10px}"
    ".liulin-block .liulin-table td,.liulin-block .liulin-table tbody th{border:0;padding:1px 0;"
    "flex:0 0 100%;text-align:left;white-space:normal;min-width:0;background:none}"
    '.liulin-block .liulin-table td[data-label]::before{content:attr(data-label) "：";color:#666}'
    ".liulin-block .liulin-table .card-title{flex:1 1 calc(100% - 6em);order:-2;font-weight:600;font-size:15px}"
    ".liulin-block .liulin-table .card-head{flex:0 0 100%;font-weight:600;font-size:15px}"
    ".liulin-block .liulin-table td.num{text-align:left}"
    ".liulin-block .liulin-table .card-badge{flex:0 0 auto;order:-1;margin-left:8px}"
    ".liulin-block .liulin-table td.half{flex:0 0 50%}"
    ".liulin-block .liulin-table td.third{flex:0 0 33%}"
    ".liulin-block .liulin-table td.zero,.liulin-block .liulin-table td.is-current{display:none}"
    ".liulin-block .liulin-table tr.total{border-color:#999}"
    "}</style>"
)

# column key -> Chinese header of the status table
STATUS_TABLE_HEADERS: dict[str, str] = {
    "indicator": "指标",
    "task": "所属任务",
    "target": "全年目标",
    "actual": "实际",
    "completion": "完成度",
    "expected": "时序进度",
    "projected": "预计全年",
    "status": "状态",
    "latest_period": "数据截至",
    "note": "说明",
}
# default columns of the status table
STATUS_TABLE_COLUMNS: tuple[str, ...] = (
    "indicator",
    "target",
    "actual",
    "completion",
    "expected",
    "projected",
    "status",
    "latest_period",
    "note",
)
# columns of numbers: right-aligned on a desk
_NUMERIC_COLUMNS = ("target", "actual", "completion", "expected", "projected")
# how each column sits on a phone card: title / badge / half a line / a whole line
_CARD_CLASS = {
    "indicator": "card-title",
    "status": "card-badge",
    "actual": "half",
    "target": "half",
    "completion": "half",
    "expected": "half",
    "projected": "half",
    "latest_period": "half",
}


# ---------------------------------------------------------------------------------------------- small parts
def is_blank(value: Any) -> bool:
    """True for None, NaN and empty or placeholder text."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return str(value).strip() in ("", "nan", "None", "<NA>", "NaT")


def ink(colour: str) -> str:
    """The text colour (dark or white) that reads best on a background ``colour`` ('#rrggbb')."""

    def luminance(hex_colour: str) -> float:
        h = hex_colour.lstrip("#")
        channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a: str, b: str) -> float:
        la, lb = luminance(a), luminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)

    return INK_LIGHT if contrast(colour, INK_LIGHT) > contrast(colour, INK_DARK) else INK_DARK


def chip(status: str, text: str | None = None) -> str:
    """A status badge: the status's label (or ``text``) on its colour."""
    colour = STATUS_COLORS.get(status, "#dddddd")
    label = STATUS_LABELS.get(status, status) if text is None else text
    return f'<span class="liulin-chip" style="background:{colour};color:{ink(colour)}">{html.escape(label)}</span>'


def label_colour(label: str) -> str:
    """The colour of a status label (已完成 is two statuses with one colour)."""
    status = next((s for s in STATUS_ORDER if STATUS_LABELS[s] == label), None)
    return STATUS_COLORS.get(status, "#dddddd") if status else "#dddddd"


def month_label(value: Any) -> str:
    """'YYYY-10' → 'YYYY年10月' (the periods module's label); blank → '—'; anything else as it is."""
    if is_blank(value):
        return "—"
    try:
        return parse_month(value).label
    except (LiulinError, ValueError, TypeError):  # not a month: shown as written
        return str(value)


def block(inner: str) -> str:
    """Wrap ``inner`` as one styled block (the stylesheet travels with it)."""
    return f'{BLOCK_CSS}<div class="liulin-block">{inner}</div>'


def _caption(title: str | None, sample: bool) -> str:
    if not title and not sample:
        return ""
    stamp = f'<span class="liulin-sample">{SAMPLE_CAPTION}</span>' if sample else ""
    return f'<p class="liulin-caption">{html.escape(title or "")}{stamp}</p>'


# ---------------------------------------------------------------------------------------------- status table
def common_notes(notes: Sequence[str], share: float = COMMON_NOTE_SHARE) -> list[str]:
    """Parts of the notes ('；'-separated) found in at least ``share`` of the rows (and in two or more)."""
    counts: Counter[str] = Counter()
    for note in notes:
        counts.update({p.strip() for p in str(note or "").split("；") if p.strip()})
    need = max(2, math.ceil(share * len(notes)))
    return [part for part, n in counts.items() if n >= need]


def _without(note: Any, parts: Iterable[str]) -> str:
    if is_blank(note):
        return ""
    drop = set(parts)
    return "；".join(p for p in str(note).split("；") if p.strip() and p.strip() not in drop)


def _row_unit(row: Mapping) -> tuple[str, str, float]:
    """(catalog unit, the unit the row is shown in, factor): one unit for the target and the actual."""
    unit = "" if is_blank(row.get("unit")) else str(row.get("unit"))
    values = [row.get(k) for k in ("target", "target_high", "actual", "projected")]
    shown, scale = display_unit(unit, [v for v in values if not is_blank(v)])
    return unit, shown, scale


def _cell(key: str, row: Mapping) -> tuple[str, str]:
    """(css classes, escaped HTML) of one status-table cell."""
    milestone = row.get("kind") == "milestone"
    unit, shown, scale = _row_unit(row)
    if key == "target":
        if milestone or is_blank(row.get("target")):
            return "num", "—"
        text = fmt_amount(row["target"], unit, shown_in=shown)
        if not is_blank(row.get("target_high")):  # a range: 3–5户
            low = fmt_number(float(row["target"]) * scale, unit=shown)
            text = f"{low}–{fmt_amount(row['target_high'], unit, shown_in=shown)}"
        return "num", html.escape(text)
    if key in ("actual", "projected"):
        if milestone or is_blank(row.get(key)):
            return "num", "—"
        return "num", html.escape(fmt_amount(row[key], unit, shown_in=shown))
    if key in ("completion", "expected"):
        unjudged = milestone or row.get("status") == NO_TARGET  # a context indicator has no pace
        return "num", "—" if unjudged else fmt_percent(row.get(key))
    if key == "status":
        return "", chip(str(row.get("status")))
    if key == "latest_period":
        current = not is_blank(row.get("as_of")) and str(row.get("latest_period")) == str(row.get("as_of"))
        return "is-current" if current else "", html.escape(month_label(row.get("latest_period")))
    if key == "note":
        return "note", html.escape(_without(row.get("note"), ()))
    value = row.get(key)
    return "", html.escape("—" if is_blank(value) else str(value))


def status_table_html(
    progress_df: pd.DataFrame,
    *,
    columns: tuple[str, ...] | list[str] = STATUS_TABLE_COLUMNS,
    title: str | None = None,
    sort: bool = True,
    max_rows: int | None = None,
) -> str:
    """A status table with Chinese headers that becomes one card per indicator on a phone.

    Parameters
    ----------
    progress_df : DataFrame
        The frame :func:`liulin_data.engine.progress` returns (any subset of its rows).
    columns : sequence of str
        Keys of :data:`STATUS_TABLE_HEADERS`, in order.
    title : str, optional
        Caption; default '各项目标进展（截至YYYY年M月）'.
    sort : bool
        Most severe status first (then frame order).
    max_rows : int, optional
        Show at most this many rows; a line says how many more there are.

    Returns
    -------
    str
        HTML (:data:`BLOCK_CSS` and one block), safe to embed: names, units and notes are escaped. A note part
        that most rows share (1—2月合并发布) is said once above the table instead of in every row.
    """
    unknown = [c for c in columns if c not in STATUS_TABLE_HEADERS]
    if unknown:
        raise ValueError(f"未知的列：{', '.join(unknown)}；可用：{', '.join(STATUS_TABLE_HEADERS)}")
    rows = progress_df.to_dict("records")
    if sort:
        rows = sorted(rows, key=lambda r: STATUS_RANK.get(str(r.get("status")), len(STATUS_RANK)))
    total = len(rows)
    rows = rows[:max_rows] if max_rows is not None else rows
    if title is None:
        as_of = progress_df["as_of"].dropna() if "as_of" in progress_df else []
        title = f"各项目标进展（截至{month_label(as_of.iloc[0])}）" if len(as_of) else "各项目标进展"
    shared = common_notes([r.get("note") or "" for r in rows]) if "note" in columns else []
    notes = "".join(
        f'<p class="liulin-table-note">说明（表中{_share_words(rows, part)}）：{html.escape(part)}。</p>'
        for part in shared
    )
    head = "".join(
        f'<th class="{"num" if c in _NUMERIC_COLUMNS else ""}">{html.escape(STATUS_TABLE_HEADERS[c])}</th>'
        for c in columns
    )
    body = "".join(_status_row(r, columns, shared) for r in rows)
    more = f'<p class="liulin-more">另有 {total - len(rows)} 项未列出。</p>' if total > len(rows) else ""
    return block(
        _caption(title, any_sample(progress_df))
        + notes
        + f'<table class="liulin-table liulin-status"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        + more
    )


def _share_words(rows: Sequence[Mapping], part: str) -> str:
    n = sum(part in [p.strip() for p in str(r.get("note") or "").split("；")] for r in rows)
    return "各项" if n == len(rows) else f"{len(rows)}项中的{n}项"


def _status_row(row: Mapping, columns: Sequence[str], shared: Sequence[str]) -> str:
    cells = []
    for key in columns:
        if key == "note":
            cls, text = "note", html.escape(_without(row.get("note"), shared))
        else:
            cls, text = _cell(key, row)
        classes = " ".join(c for c in (cls, _CARD_CLASS.get(key, ""), f"c-{key}") if c)
        label = "" if key in ("indicator", "status") else f' data-label="{STATUS_TABLE_HEADERS[key]}"'
        if key == "note" and not text:
            classes += " zero"  # nothing to say: no empty line on a card
        cells.append(f'<td class="{classes}"{label}>{text}</td>')
    status = html.escape(str(row.get("status") or ""))
    return f'<tr class="s-{status}">{"".join(cells)}</tr>'


# ---------------------------------------------------------------------------------------------- count tables
def counts_table_html(table: pd.DataFrame, *, title: str | None = None) -> str:
    """The table :func:`liulin_data.present.summaries.status_counts` returns, as a block.

    Zero counts are grey on a desk and left out of a phone card; the 合计 row is bold.
    """
    group = html.escape(str(table.index.name or ""))
    heads = []
    for label in table.columns:
        text = html.escape(str(label))
        colour = label_colour(str(label))
        dot = "" if label == "合计" else f'<span style="color:{colour}">●</span>'
        heads.append(f'<th class="num">{dot}{text}</th>')
    rows = []
    for name, counts in table.iterrows():
        total = name == "合计"
        cells = "".join(
            f'<td class="num third{" zero" if int(n) == 0 else ""}" data-label="{html.escape(str(label))}">{int(n)}</td>'
            for label, n in counts.items()
        )
        rows.append(
            f'<tr class="{"total" if total else ""}"><th class="card-head" scope="row">{html.escape(str(name))}</th>'
            f"{cells}</tr>"
        )
    return block(
        _caption(title, False)
        + f'<table class="liulin-table liulin-counts"><thead><tr><th>{group}</th>{"".join(heads)}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


# ---------------------------------------------------------------------------------------------- plain tables
def plain_table_html(
    df: pd.DataFrame,
    headers: Mapping[str, str],
    *,
    title: str | None = None,
    numeric: Iterable[str] = (),
    links: Iterable[str] = (),
) -> str:
    """Any frame as a block: ``headers`` maps its columns to Chinese headers (in order); the first is the card's
    title on a phone. Columns in ``numeric`` are right-aligned; numbers go through :func:`fmt_number`. A web
    address in a column of ``links`` becomes a link named for people (政府网站), not the address itself."""
    keys = list(headers)
    numeric, links = set(numeric), set(links)
    head = "".join(
        f'<th class="{"num" if k in numeric else ""}">{html.escape(headers[k])}</th>' for k in keys
    )
    rows = []
    for record in df.to_dict("records"):
        cells = []
        for i, key in enumerate(keys):
            value = record.get(key)
            text = "—" if is_blank(value) else (fmt_number(value) if key in numeric else str(value))
            cls = "card-head" if i == 0 else ("num half" if key in numeric else "half")
            label = "" if i == 0 else f' data-label="{html.escape(headers[key])}"'
            shown = _link(text) if key in links else html.escape(text)
            cells.append(f'<td class="{cls}"{label}>{shown}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return block(
        _caption(title, False)
        + f'<table class="liulin-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def source_words(source: Any) -> str:
    """A source for people: a government web address reads 政府网站, another address 网页; text as it is."""
    text = str(source or "").strip()
    host = re.match(r"^(?:https?://)?([A-Za-z0-9.-]+\.[A-Za-z]{2,})(?:/|$)", text)
    if not host:
        return text
    return "政府网站" if host.group(1).lower().endswith(".gov.cn") else "网页"


def _link(text: str) -> str:
    """A web address as a link named for people; other text escaped."""
    words = source_words(text)
    if words == text:
        return html.escape(text)
    href = text if text.startswith(("http://", "https://")) else f"https://{text}"
    return f'<a href="{html.escape(href)}">{html.escape(words)}</a>'


# ---------------------------------------------------------------------------------------------- headline strip
def strip_html(statuses: Iterable[str]) -> str:
    """How many items have each status, most severe first, as coloured badges ('滞后 6'); zeros left out."""
    counts: Counter[str] = Counter(str(s) for s in statuses)
    merged: dict[str, tuple[str, int]] = {}
    for status in sorted(counts, key=lambda s: STATUS_RANK.get(s, len(STATUS_RANK))):
        label = STATUS_LABELS.get(status, status)
        first, n = merged.get(label, (status, 0))
        merged[label] = (first, n + counts[status])
    items = "".join(f"<li>{chip(status, label)}<b>{n}</b></li>" for label, (status, n) in merged.items() if n)
    return f'<ul class="liulin-strip">{items}</ul>'


# ---------------------------------------------------------------------------------------------- attention list
def _reason(name: str, sentence: str) -> str:
    """The sentence without the name it starts with (the name is shown beside it)."""
    text = str(sentence)
    if name and text.startswith(name):
        text = text[len(name) :].lstrip("：: ")
    return text


# a number with its unit (3座, 2,000人, 14.52亿元, 35%, 3–5户): kept on one line when a sentence wraps
_AMOUNT_RE = re.compile(r"(\d[\d,.]*(?:–\d[\d,.]*)?(?:%|[\u4e00-\u9fff]{1,4})?)")


def keep_amounts_whole(text: str) -> str:
    """``text`` escaped, every number with its unit in a no-wrap span: a phone never breaks 目标3|座."""
    parts = _AMOUNT_RE.split(text)
    return "".join(
        f'<span class="nw">{html.escape(p)}</span>' if i % 2 else html.escape(p)
        for i, p in enumerate(parts)
        if p
    )


def _attention_item(row: Mapping) -> str:
    name = str(row.get("indicator") or "")
    why = keep_amounts_whole(_reason(name, str(row.get("sentence") or "")))
    return (
        f'<li class="s-{html.escape(str(row.get("status")))}"><span class="name">{html.escape(name)}</span>'
        f'{chip(str(row.get("status")))}<span class="why">{why}</span></li>'
    )


def attention_html(items: pd.DataFrame, *, shown: int = ATTENTION_SHOWN, empty: str | None = None) -> str:
    """The whole "需要关注" list: the first ``shown`` items open, every other one behind "另有 N 项".

    Parameters
    ----------
    items : DataFrame
        :func:`liulin_data.present.summaries.attention` output (most severe first), every item, no limit.
    shown : int
        Items shown open; nothing is dropped: the rest are in a ``<details>`` that says how many and of what.
    empty : str, optional
        What to say when nothing needs attention.
    """
    records = items.to_dict("records")
    if not records:
        return block(f"<p>{html.escape(empty or '本期没有需要特别关注的事项。')}</p>")
    first, rest = records[:shown], records[shown:]
    html_list = '<ol class="liulin-attention-list">' + "".join(map(_attention_item, first)) + "</ol>"
    if rest:
        kinds = Counter(STATUS_LABELS.get(str(r.get("status")), "") for r in rest)
        what = "、".join(f"{label} {n} 项" for label, n in kinds.items())
        html_list += (
            f'<details class="liulin-more"><summary>另有 {len(rest)} 项（{html.escape(what)}）</summary>'
            f'<ol class="liulin-attention-list" start="{shown + 1}">'
            + "".join(map(_attention_item, rest))
            + "</ol></details>"
        )
    return block(html_list)


__all__ = [
    "BLOCK_CSS",
    "PHONE_MAX_PX",
    "STATUS_TABLE_COLUMNS",
    "STATUS_TABLE_HEADERS",
    "attention_html",
    "block",
    "chip",
    "common_notes",
    "counts_table_html",
    "ink",
    "month_label",
    "plain_table_html",
    "status_table_html",
    "strip_html",
]
