"""HTML blocks for readers: status badges, the status table, count tables, plain tables, the headline strip
and the "需要关注" list — in JupyterLab and in the briefings alike.

Each block is a Jinja2 template (``present/templates/blocks/``, autoescaped: every text an analyst wrote is
escaped) preceded by :data:`BLOCK_CSS` (``present/templates/blocks.css``), so it looks the same wherever it lands.
Below :data:`PHONE_MAX_PX` (CSS only: the briefing stays one offline file) a table becomes one card per row —
name, badge and the small monthly series on top, then "实际 … 全年目标 …", pace, note and the analyst's latest
备注 — so no table scrolls sideways on a phone. Numbers go through :mod:`liulin_data.core.numbers`, months
through :class:`liulin_data.core.periods.Month`, statuses through :mod:`liulin_data.core.statuses`.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from ..core.exceptions import LiulinError
from ..core.numbers import display_unit, fmt_amount, fmt_number, fmt_percent
from ..core.periods import parse_month
from ..core.statuses import NO_TARGET, STATUS_COLORS, STATUS_LABELS, STATUS_ORDER, STATUS_RANK
from ..plan.sample import any_sample
from .series import FLOW, Remark, Reported, is_blank
from .templating import INK_DARK, INK_LIGHT, environment, ink, markup, render, templates_dir

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# below this width (CSS px) tables are shown as cards (the media query of blocks.css)
PHONE_MAX_PX = 600
# a note part found in at least this share of a table's rows is said once above the table
COMMON_NOTE_SHARE = 0.5
# the stamp of tables drawn from the synthetic sample
SAMPLE_CAPTION = "示例数据（合成，非真实统计）"
# the "需要关注" list shows this many items open; the rest sit behind "另有 N 项"
ATTENTION_SHOWN = 6
# the small monthly series in a row or card: CSS px
SPARK_WIDTH, SPARK_HEIGHT = 96, 22
SPARK_COLOUR, SPARK_DERIVED = "#1f4e79", "#9db3c9"


def _css() -> str:
    text = (templates_dir() / "blocks.css").read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    return re.sub(r"\n\s*", "", text).strip()


# every block carries this stylesheet (a briefing page keeps one copy)
BLOCK_CSS = f'<style class="liulin-blocks">{_css()}</style>'

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
# default columns of the status table (a row whose data is older than the page's says so in its note)
STATUS_TABLE_COLUMNS: tuple[str, ...] = (
    "indicator",
    "target",
    "actual",
    "completion",
    "expected",
    "projected",
    "status",
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
    "latest_period": "half nw",
}


# ---------------------------------------------------------------------------------------------- small parts
@cache
def _macros():
    return environment().get_template("blocks/macros.html.j2").module


def chip(status: str, text: str | None = None) -> str:
    """A status badge: the status's label (or ``text``) on its colour, in the ink that reads best on it."""
    return str(_macros().chip(str(status), text))


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
    """Wrap ``inner`` (HTML) as one styled block (the stylesheet travels with it)."""
    return f'{BLOCK_CSS}<div class="liulin-block">{inner}</div>'


# ---------------------------------------------------------------------------------------------- sparklines
def sparkline_svg(figures: Reported | None, upto: int, name: str = "") -> str:
    """The small monthly series of an indicator as inline SVG (months 1–``upto`` across, reported bars solid,
    derived ones pale; a level, rate or growth rate as a line through its reported points); '' without data."""
    if figures is None or figures.empty:
        return ""
    w, h, pad = SPARK_WIDTH, SPARK_HEIGHT, 2
    step = (w - 2 * pad) / 12
    flow = figures.measure == FLOW and bool(figures.bars(upto))
    items = figures.bars(upto) if flow else figures.points(upto)
    values = [i.value for i in items]
    if not values:
        return ""
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0

    def y(v: float) -> float:
        return round(h - pad - (v - low) / span * (h - 2 * pad), 1)

    shapes = []
    if flow:
        for bar in items:
            x0, top = pad + (bar.first - 1) * step + 0.5, y(max(bar.value, 0))
            width = (bar.last - bar.first + 1) * step - 1
            colour = SPARK_DERIVED if bar.derived else SPARK_COLOUR
            shapes.append(f'<rect x="{x0:.1f}" y="{top}" width="{width:.1f}" height="{abs(y(bar.value) - y(0)) or 1}"'
                          f' fill="{colour}"/>')  # fmt: skip
    else:
        pts = " ".join(f"{pad + (p.month - 0.5) * step:.1f},{y(p.value)}" for p in items)
        shapes.append(f'<polyline points="{pts}" fill="none" stroke="{SPARK_COLOUR}" stroke-width="1.5"/>')
        shapes += [f'<circle cx="{pad + (p.month - 0.5) * step:.1f}" cy="{y(p.value)}" r="1.8" fill="{SPARK_COLOUR}"/>'
                   for p in items]  # fmt: skip
    label = html.escape(f"{name}月度数据（{'当月值' if flow else '报送值'}，1—{upto}月）", quote=True)
    return (
        f'<svg class="liulin-spark" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        f'aria-label="{label}">{"".join(shapes)}</svg>'
    )


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
    """(css classes, escaped HTML) of one status-table cell (the indicator and note cells: :func:`_status_row`)."""
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
    value = row.get(key)
    return "", html.escape("—" if is_blank(value) else str(value))


def older_note(row: Mapping, data_month: str | None) -> str:
    """'数据截至YYYY年6月' for a row whose latest figure is older than the page's 数据截至 (unless its note says
    so already); '' otherwise."""
    latest = row.get("latest_period")
    if data_month is None or is_blank(latest) or str(latest)[:7] >= str(data_month)[:7]:
        return ""
    if "数据截至" in str(row.get("note") or ""):
        return ""
    return f"数据截至{month_label(str(latest)[:7])}"


def _note_html(row: Mapping, shared: Sequence[str], data_month: str | None, remark: Remark | None) -> str:
    parts = [p for p in (_without(row.get("note"), shared), older_note(row, data_month)) if p]
    text = html.escape("；".join(parts))
    if remark is not None:
        text += f'<span class="liulin-remark">备注：{html.escape(remark.text)}</span>'
    return text


def status_table_html(
    progress_df: pd.DataFrame,
    *,
    columns: tuple[str, ...] | list[str] = STATUS_TABLE_COLUMNS,
    title: str | None = None,
    sort: bool = True,
    max_rows: int | None = None,
    figures: Mapping[str, Reported] | None = None,
    remarks: Mapping[str, Remark] | None = None,
    data_month: str | None = None,
) -> str:
    """A status table with Chinese headers that becomes one card per indicator on a phone.

    Parameters
    ----------
    progress_df : DataFrame
        The frame :func:`liulin_data.engine.progress` returns (any subset of its rows).
    columns : sequence of str
        Keys of :data:`STATUS_TABLE_HEADERS`, in order.
    title : str, optional
        Caption; default '各项目标进展'.
    sort : bool
        Most severe status first (then frame order).
    max_rows : int, optional
        Show at most this many rows; a line says how many more there are.
    figures : mapping, optional
        indicator_id → what came in (:func:`liulin_data.present.series.reported`): each row's small monthly
        series beside its name.
    remarks : mapping, optional
        indicator_id → the analyst's latest 备注 (:func:`liulin_data.present.series.latest_remarks`).
    data_month : 'YYYY-MM', optional
        The page's one 数据截至: a row whose latest figure is older says so in its note.

    Returns
    -------
    str
        HTML (:data:`BLOCK_CSS` and one block), safe to embed. A note part most rows share (1—2月合并发布) is
        said once above the table instead of in every row.
    """
    unknown = [c for c in columns if c not in STATUS_TABLE_HEADERS]
    if unknown:
        raise ValueError(f"未知的列：{', '.join(unknown)}；可用：{', '.join(STATUS_TABLE_HEADERS)}")
    rows = progress_df.to_dict("records")
    if sort:
        rows = sorted(rows, key=lambda r: STATUS_RANK.get(str(r.get("status")), len(STATUS_RANK)))
    total = len(rows)
    rows = rows[:max_rows] if max_rows is not None else rows
    shared = common_notes([r.get("note") or "" for r in rows]) if "note" in columns else []
    upto = parse_month(data_month).month if data_month else 12
    context = _RowContext(columns, shared, data_month, figures or {}, remarks or {}, upto)
    return render(
        "blocks/status_table.html.j2",
        css=markup(BLOCK_CSS),
        title=title if title is not None else "各项目标进展",
        stamp=SAMPLE_CAPTION if any_sample(progress_df) else "",
        shared=[{"share": _share_words(rows, part), "text": part} for part in shared],
        columns=[
            {"cls": "num" if c in _NUMERIC_COLUMNS else "", "header": STATUS_TABLE_HEADERS[c]}
            for c in columns
        ],
        rows=[_status_row(r, context) for r in rows],
        more=total - len(rows),
    )


class _RowContext:
    """What every row of one status table is drawn with."""

    def __init__(self, columns, shared, data_month, figures, remarks, upto) -> None:
        self.columns, self.shared, self.data_month = columns, shared, data_month
        self.figures, self.remarks, self.upto = figures, remarks, upto


def _share_words(rows: Sequence[Mapping], part: str) -> str:
    n = sum(part in [p.strip() for p in str(r.get("note") or "").split("；")] for r in rows)
    return "各项" if n == len(rows) else f"{len(rows)}项中的{n}项"


def _status_row(row: Mapping, ctx: _RowContext) -> dict:
    iid = str(row.get("indicator_id"))
    cells = []
    for key in ctx.columns:
        if key == "note":
            cls, text = "note", _note_html(row, ctx.shared, ctx.data_month, ctx.remarks.get(iid))
        elif key == "indicator":
            name = str(row.get("indicator") or "")
            cls, text = "", html.escape(name) + sparkline_svg(ctx.figures.get(iid), ctx.upto, name)
        else:
            cls, text = _cell(key, row)
        classes = " ".join(c for c in (cls, _CARD_CLASS.get(key, ""), f"c-{key}") if c)
        if key == "note" and not text:
            classes += " zero"  # nothing to say: no empty line on a card
        label = "" if key in ("indicator", "status") else STATUS_TABLE_HEADERS[key]
        if key == "note" and text.startswith('<span class="liulin-remark">'):
            label = ""  # a 备注 alone: no empty 说明： before it on a card
        cells.append({"cls": classes, "label": label, "html": markup(text)})
    return {"status": str(row.get("status") or ""), "cells": cells}


# ---------------------------------------------------------------------------------------------- count tables
def counts_table_html(table: pd.DataFrame, *, title: str | None = None) -> str:
    """The table :func:`liulin_data.present.summaries.status_counts` returns, as a block.

    Zero counts are grey on a desk and left out of a phone card; the 合计 row is bold. A group with nothing in
    it (a major task the report sets no target for) gets no row or card of its own: one line below names them.
    """
    has_total = "合计" in table.columns
    empty = [str(name) for name, counts in table.iterrows() if name != "合计" and int(counts.sum()) == 0]
    heads = [
        {"label": str(label), "colour": "" if label == "合计" else label_colour(str(label))}
        for label in table.columns
    ]
    rows = [
        {
            "name": str(name),
            "total": name == "合计",
            "cells": [{"label": str(label), "n": int(n)} for label, n in counts.items()],
        }
        for name, counts in table.iterrows()
        if str(name) not in empty
    ]
    group = str(table.index.name or "")
    return render(
        "blocks/counts_table.html.j2",
        css=markup(BLOCK_CSS),
        title=title,
        group=group,
        heads=heads,
        rows=rows,
        empty=empty if has_total else [],
        empty_words=f"没有数值目标或节点任务的{group or '分组'}",
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
    rows = []
    for record in df.to_dict("records"):
        cells = []
        for i, key in enumerate(keys):
            value = record.get(key)
            text = "—" if is_blank(value) else (fmt_number(value) if key in numeric else str(value))
            words = source_words(text) if key in links else text
            href = ""
            if key in links and words != text:
                href = text if text.startswith(("http://", "https://")) else f"https://{text}"
            cells.append(
                {
                    "cls": "card-head" if i == 0 else ("num half" if key in numeric else "half"),
                    "label": "" if i == 0 else headers[key],
                    "text": words,
                    "href": href,
                }
            )
        rows.append(cells)
    return render(
        "blocks/plain_table.html.j2",
        css=markup(BLOCK_CSS),
        title=title,
        columns=[{"header": headers[k], "numeric": k in numeric} for k in keys],
        rows=rows,
    )


def source_words(source: Any) -> str:
    """A source for people: a government web address reads 政府网站, another address 网页; text as it is."""
    text = str(source or "").strip()
    host = re.match(r"^(?:https?://)?([A-Za-z0-9.-]+\.[A-Za-z]{2,})(?:/|$)", text)
    if not host:
        return text
    return "政府网站" if host.group(1).lower().endswith(".gov.cn") else "网页"


# ---------------------------------------------------------------------------------------------- headline strip
def strip_html(statuses: Iterable[str]) -> str:
    """How many items have each status, most severe first, as coloured badges ('滞后 6'); zeros left out."""
    counts: Counter[str] = Counter(str(s) for s in statuses)
    merged: dict[str, tuple[str, int]] = {}
    for status in sorted(counts, key=lambda s: STATUS_RANK.get(s, len(STATUS_RANK))):
        label = STATUS_LABELS.get(status, status)
        first, n = merged.get(label, (status, 0))
        merged[label] = (first, n + counts[status])
    items = [{"status": status, "label": label, "n": n} for label, (status, n) in merged.items() if n]
    return render("blocks/strip.html.j2", items=items)


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


def _attention_item(row: Mapping, remarks: Mapping[str, Remark]) -> dict:
    name = str(row.get("indicator") or "")
    remark = remarks.get(str(row.get("indicator_id")))
    return {
        "status": str(row.get("status")),
        "name": name,
        "why": markup(keep_amounts_whole(_reason(name, str(row.get("sentence") or "")))),
        "remark": remark.text if remark is not None else "",
    }


def attention_html(
    items: pd.DataFrame,
    *,
    shown: int = ATTENTION_SHOWN,
    empty: str | None = None,
    remarks: Mapping[str, Remark] | None = None,
) -> str:
    """The whole "需要关注" list: the first ``shown`` items open, every other one behind "另有 N 项".

    Parameters
    ----------
    items : DataFrame
        :func:`liulin_data.present.summaries.attention` output (most severe first), every item, no limit.
    shown : int
        Items shown open; nothing is dropped: the rest are in a ``<details>`` that says how many and of what
        (printing opens it).
    empty : str, optional
        What to say when nothing needs attention.
    remarks : mapping, optional
        indicator_id → the analyst's latest 备注, shown under the item.
    """
    records = [_attention_item(r, remarks or {}) for r in items.to_dict("records")]
    first, rest = records[:shown], records[shown:]
    kinds = Counter(STATUS_LABELS.get(r["status"], "") for r in rest)
    return render(
        "blocks/attention.html.j2",
        css=markup(BLOCK_CSS),
        first=first,
        rest=rest,
        rest_kinds="、".join(f"{label} {n} 项" for label, n in kinds.items()),
        empty=empty or "本期没有需要特别关注的事项。",
    )


__all__ = [
    "BLOCK_CSS",
    "INK_DARK",
    "INK_LIGHT",
    "PHONE_MAX_PX",
    "Remark",
    "STATUS_TABLE_COLUMNS",
    "STATUS_TABLE_HEADERS",
    "attention_html",
    "block",
    "chip",
    "common_notes",
    "counts_table_html",
    "ink",
    "keep_amounts_whole",
    "month_label",
    "older_note",
    "plain_table_html",
    "sparkline_svg",
    "status_table_html",
    "strip_html",
]
