"""Milestones on the plan year's month axis: each name above its row, a tick at its deadline, one marker at the
date of the log entry that gave it its status."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from ...core.periods import parse_month
from ...core.statuses import NOT_STARTED, STATUS_LABELS
from ...session.doors import load_targets
from ..fonts import use_cjk_font
from .common import (
    AS_OF_COLOUR,
    EXPECTED_COLOUR,
    MILESTONE_MARKERS,
    STATUS_COLOURS,
    TARGET_COLOUR,
    as_of_parts,
    finish,
    is_sample_frame,
    row_name,
    title_lines,
)
from .layout import legend_below

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes


def _month_position(value: Any, year: int) -> float | None:
    """A date or 'YYYY-MM[-DD]' → position on the month axis (1.0 = 1 January, 13.0 = 31 December end)."""
    import calendar

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value)[:10]
    m = re.match(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
    if not m:
        return None
    y, mo = int(m.group(1)), int(m.group(2))
    if y < year:
        return 0.6
    if y > year:
        return 12.98
    if m.group(3):
        day = int(m.group(3))
        days = calendar.monthrange(y, mo)[1]
        return mo + (day - 1) / days
    return mo + 0.5  # a month without a day: mid-month


# the latest log entry as the engine's note says it: 9月18日：在建 (another year's date: 2025年12月20日：…)
_LOG_DATE_RE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日：")


def _log_date(note: Any, latest_period: Any) -> str | None:
    """'YYYY-MM-DD' of a milestone's latest log entry: the day from the note (9月18日：在建), the year and
    month from ``latest_period`` (the entry's month); the month alone when the note names no day."""
    period = None if latest_period is None or latest_period != latest_period else str(latest_period)[:7]
    found = _LOG_DATE_RE.search(str(note or ""))
    if found and period:
        return f"{period}-{int(found.group(3)):02d}"
    return period


def _log_dates(log: pd.DataFrame, as_of: Any) -> dict[str, str]:
    """Each milestone's latest log entry date up to the end of ``as_of`` ('YYYY-MM-DD')."""
    last = f"{parse_month(as_of)}-31" if as_of is not None else None  # the month's last day, as text
    dates: dict[str, str] = {}
    for rec in log.to_dict("records"):
        day = str(rec.get("date") or "")[:10]
        if not day or day in ("NaT", "nan") or (last is not None and day > last):
            continue
        iid = str(rec["indicator_id"])
        dates[iid] = max(dates.get(iid, day), day)
    return dates


def milestone_frame(
    progress_df: pd.DataFrame, targets: pd.DataFrame | None = None, log: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Milestone rows of a progress frame with their catalog ``deadline`` and the latest log ``date``.

    Returns
    -------
    DataFrame
        ``indicator_id, indicator, status, deadline, date, note, as_of, is_sample``.
    """
    ms = progress_df[progress_df["kind"] == "milestone"].copy()
    if "deadline" not in ms:
        if targets is None:
            targets = load_targets()
        lookup = targets.drop_duplicates("indicator_id").set_index("indicator_id")["deadline"]
        ms["deadline"] = ms["indicator_id"].map(lookup)
    if "date" not in ms and log is not None and len(ms):
        dates = _log_dates(log, ms["as_of"].dropna().iloc[0] if ms["as_of"].notna().any() else None)
        ms["date"] = ms["indicator_id"].astype(str).map(dates)
    if "date" not in ms:
        ms["date"] = [_log_date(n, p) for n, p in zip(ms["note"], ms["latest_period"], strict=True)]
    cols = ["indicator_id", "indicator", "status", "deadline", "date", "note", "as_of", "is_sample"]
    for c in cols:
        if c not in ms:
            ms[c] = None
    return ms[cols].reset_index(drop=True)


def plot_milestone_timeline(
    ax: Axes, milestones_df: pd.DataFrame, as_of: Any, *, year: int | None = None, sample: bool | None = None
) -> Axes:
    """Milestones on the year's month axis: each name above its row, a tick at the deadline, a marker by status.

    One rule places every marker: at the date of the log entry that gave the milestone its status (its latest
    entry up to ``as_of``); a milestone without an entry has no marker. The marker says the status: done ●,
    in progress ○, not started □, overdue ✖ (red). A dash-dot line marks as_of. The legend sits below.

    Parameters
    ----------
    ax : Axes
        Size the figure with :func:`bullet_figsize`.
    milestones_df : DataFrame
        :func:`milestone_frame` output (``indicator, status, deadline``; ``date`` optional).
    as_of : 'YYYY-MM' or month number
    year : int, optional
        The year of the axis (the plan's year); default the year of ``as_of`` (required for a month number).
    sample : bool, optional
        Default: any row ``is_sample``.

    Returns
    -------
    Axes
    """
    use_cjk_font()
    as_of_text, month = as_of_parts(as_of)
    year = parse_month(as_of).year if year is None else year
    as_of_x = month + 1.0  # end of the as_of month
    if sample is None:
        sample = is_sample_frame(milestones_df)
    rows = milestones_df.to_dict("records")
    n = len(rows)
    ys = list(range(n))[::-1]
    seen: set[str] = set()
    for y, r in zip(ys, rows, strict=True):
        status = str(r.get("status"))
        deadline_x = _month_position(r.get("deadline"), year) or 12.98
        ax.plot([deadline_x], [y], marker="|", markersize=14, markeredgewidth=2.2, color=TARGET_COLOUR,
                label="完成时限" if "deadline" not in seen else None, zorder=3)  # fmt: skip
        seen.add("deadline")
        x = _month_position(r.get("date"), year)
        marker, filled = MILESTONE_MARKERS.get(status, ("o", False))
        colour = STATUS_COLOURS.get(status, EXPECTED_COLOUR)
        label = STATUS_LABELS.get(status, status)
        ax.plot([1.0, deadline_x], [y, y], color="#dddddd", linewidth=1, zorder=1)
        if x is not None:  # no entry in the log: no marker
            ax.plot([x], [y], marker=marker, markersize=9, linestyle="none",
                    markerfacecolor=colour if filled else "white", markeredgecolor=colour if status != NOT_STARTED
                    else "#777777", markeredgewidth=1.8, label=label if label not in seen else None,
                    zorder=4)  # fmt: skip
            seen.add(label)
        row_name(ax, y, str(r.get("indicator")))
    if n:
        ax.axvline(as_of_x, color=AS_OF_COLOUR, linewidth=0.9, linestyle="-.", label=f"截至{as_of_text}")
    ax.set_yticks([])
    ax.set_xlim(0.8, 13.2)
    ax.set_xticks([k + 0.5 for k in range(1, 13)], [str(k) for k in range(1, 13)])  # labels mid-month
    ax.set_xticks(range(1, 14), minor=True)  # grid lines at month boundaries
    ax.tick_params(axis="x", which="major", length=0)
    ax.set_ylim(-0.5, max(n, 1) - 0.2)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", which="major", visible=False)
    ax.grid(axis="x", which="minor", visible=True)
    ax.set_xlabel(f"{year}年（月）")
    title_lines(ax, "重点事项里程碑进展", f"截至{as_of_text}，{n} 项")
    if n == 0:  # nothing to mark (a plan without milestones among the shown rows): no legend either
        ax.text(0.5, 0.5, "暂无里程碑事项", transform=ax.transAxes, ha="center", va="center")
    else:
        legend_below(ax, ncols=3)
    finish(ax, sample)
    return ax


__all__ = ["milestone_frame", "plot_milestone_timeline"]
