"""Milestones: the stage the log reached, against the row's milestone type and deadline.

The log's latest entry dated up to the end of ``as_of`` gives the stage reached (未开工 < 推进中 < 已开工 <
已完工 < 已验收 < 已通车/已投用, :mod:`liulin_data.core.statuses`); the row's ``milestone_type`` says which stage
completes it. A milestone done stays done: a later entry at an earlier stage (二期在建 after 一期已投运) is a
note, not a relapse. Not done once ``as_of`` reaches the deadline month: 已逾期; done after the deadline
month: 逾期完成（期限YYYY年M月D日）.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.periods import Month, date_label
from ..core.statuses import (
    DONE,
    IN_PROGRESS,
    NO_DATA,
    NOT_STARTED,
    OVERDUE,
    STAGE_RANK,
    STATUS_LABELS,
    milestone_status,
)
from ..plan.sample import is_sample_source
from .pace import is_missing, month_in_year
from .rules import NO_LOG_NOTE, Rule, deadline_text, late_note

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def milestone_log(milestones: pd.DataFrame | None, year: int, month: int) -> dict[str, list[dict]]:
    """indicator_id -> its log entries dated up to the end of the as_of month, oldest first (undated first)."""
    import pandas as pd

    if milestones is None or len(milestones) == 0:
        return {}
    log = milestones.copy()
    log["_order"] = range(len(log))
    dates = (
        pd.to_datetime(log["date"], errors="coerce") if "date" in log else pd.Series(pd.NaT, index=log.index)
    )
    limit = pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)
    log["_date"] = dates
    log = log[(dates.isna() | (dates <= limit)).to_numpy()]
    log = log.sort_values(["_date", "_order"], na_position="first", kind="stable")
    out: dict[str, list[dict]] = {}
    for entry in log.to_dict("records"):
        out.setdefault(str(entry["indicator_id"]), []).append(entry)
    return out


def entry_status(entry: dict, milestone_type: str | None) -> str:
    """NOT_STARTED, IN_PROGRESS or DONE of one log entry: from the stage it reached and the milestone's type
    (:func:`liulin_data.core.statuses.milestone_status`), else as the log states it."""
    stage = entry.get("stage")
    if isinstance(stage, str) and stage in STAGE_RANK:
        return milestone_status(stage, milestone_type)
    status = str(entry.get("status"))
    return status if status in (NOT_STARTED, IN_PROGRESS, DONE) else NOT_STARTED


def _first_done(entries: list[dict], milestone_type: str | None) -> dict | None:
    """The first entry at which the milestone was done (None: never)."""
    return next((e for e in entries if entry_status(e, milestone_type) == DONE), None)


def milestone_progress(rec: dict, rule: Rule, entries: list[dict], year: int, month: int) -> dict:
    """Done (for good, once logged done), in progress or not started; overdue once as_of reaches the
    deadline month unfinished; done after the deadline month gets 逾期完成."""
    entry = entries[-1] if entries else None
    done = _first_done(entries, rule.milestone_type)
    logged = DONE if done is not None else (entry_status(entry, rule.milestone_type) if entry else NO_DATA)
    shown = done if done is not None else entry
    notes = _entry_notes(rec, shown, logged, year) if shown else [NO_LOG_NOTE]
    later = entry_status(entry, rule.milestone_type) if entry is not None else DONE
    if done is not None and entry is not done and later != DONE:
        after = _entry_notes(rec, entry, later, year)  # a later stage below done: a note, not a relapse
        notes += [f"此后{after[0]}", *after[1:]] if after else []
    status = logged
    if logged != DONE and month >= rule.due:
        status = OVERDUE
        notes.insert(0, f"截至{deadline_text(rule.deadline, year)}未完成")
    since = done.get("_date") if done is not None else None
    if not is_missing(since) and month_in_year(Month(since.year, since.month), year) > rule.due:
        notes.insert(0, late_note(rule, year))
    rec.update(status=status, completion=1.0 if logged == DONE else 0.0, note="；".join(notes))
    rec["final"] = logged == DONE or status == OVERDUE
    return rec  # a milestone is done or not: no numeric pace, no projection


def _entry_notes(rec: dict, entry: dict, logged: str, year: int) -> list[str]:
    """An entry in words (9月5日：已开工; another year's date with its year), its note; fills latest_period,
    is_sample and months_reported of ``rec``."""
    notes = []
    date = entry.get("date")
    raw = entry.get("status_raw")
    word = str(raw) if not _missing(raw) else STATUS_LABELS[logged]
    if not _missing(date):
        date_text = str(date)[:10]
        rec["latest_period"] = date_text[:7]
        notes.append(f"{date_label(date_text, year=year)}：{word}")
    if not _missing(entry.get("note")):
        notes.append(str(entry["note"]))
    rec["is_sample"] = is_sample_source(entry.get("source"))
    rec["months_reported"] = 1
    return notes


def _missing(value: Any) -> bool:
    return is_missing(value)
