"""Milestone logs: 里程碑/项目, 状态, 日期, 来源, 备注 (or English) → one row per dated status report.

The 状态 word names a stage (:data:`liulin_data.inputs.schema.STATUS_WORDS`: 未开工, 推进中, 已开工, 已完工,
已验收, 已通车, 已投用 …; 已完成/完成 = the milestone's own stage). Each row keeps the raw word
(``status_raw``), the stage it reached (``stage``) and the status that stage means for this milestone's type
(``status``: 已开工 completes a 开工 milestone and is in progress for a 投用 one; see
:mod:`liulin_data.core.statuses`). A word that does not fit the milestone (已通车 for a hospital) or is unknown is a
problem whose hint lists the words accepted for that milestone.

A row naming only a milestone (a template row nobody filled in) is not data: counted as ``rows_unfilled``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.exceptions import Problem
from ..core.statuses import DONE, MILESTONE_TYPE_LABELS, milestone_status, reached_stage, stage_fits
from .cells import parse_date
from .context import CatalogIndex, Context
from .headers import milestone_fields
from .read import Table
from .schema import STATUS_KEYS, STATUS_WORDS, hkey


def accepted_words(milestone_type: str | None = None) -> dict[str, list[str]]:
    """The Chinese status words a log may use for a milestone of ``milestone_type``, by what they mean for it:
    ``{'done': [...], 'not_done': [...]}``, each in stage order (without a type, done from 已完工 on)."""
    out: dict[str, list[str]] = {"done": [], "not_done": []}
    for stage, words in STATUS_WORDS.items():
        if not stage_fits(stage, milestone_type):
            continue
        status = milestone_status(reached_stage(stage, milestone_type), milestone_type)
        out["done" if status == DONE else "not_done"] += [w for w in words if not w.isascii()]
    return out


def status_hint(milestone_type: str | None = None) -> str:
    """The hint of a status problem: the words accepted for the milestone, those that complete it first."""
    words = accepted_words(milestone_type)
    label = MILESTONE_TYPE_LABELS.get(milestone_type or "")
    lead = f"“{label}”类事项" if label else "里程碑"
    return f"{lead}完成填：{'、'.join(words['done'])}；未完成填：{'、'.join(words['not_done'])}"


@dataclass
class MilestoneRows:
    """What one table of a milestone log gave: accepted rows, problems, and line counts."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    read: int = 0
    rejected: int = 0
    unfilled: int = 0


def _name_problem(file: str, line: int, column: str, name: str | None, idx: CatalogIndex) -> Problem | None:
    iid = idx.resolve(name) if name else None
    if not name:
        return Problem.of("milestone_blank", file, line, column)
    if iid is None:
        sug = idx.suggestion(name, {"milestone"})
        return Problem.of("milestone_unknown", file, line, column, name, name=name, suggestion=sug)
    if idx.kind.get(iid) != "milestone":
        return Problem.of("numeric_not_milestone", file, line, column, name, indicator=idx.name[iid])
    return None


def _status_problem(file: str, line: int, column: str, raw: str | None, mtype: str | None) -> Problem | None:
    """A status word that is empty, unknown or does not fit the milestone's type; None when it is fine."""
    stage = STATUS_KEYS.get(hkey(raw)) if raw else None
    if stage is not None and stage_fits(stage, mtype):
        return None
    accepted = status_hint(mtype)
    if not raw:
        return Problem.of("status_blank", file, line, column, raw, accepted=accepted)
    if stage is None:
        return Problem.of("status_unknown", file, line, column, raw, accepted=accepted)
    return Problem.of("status_unfit", file, line, column, raw, word=raw, accepted=accepted)


def _date_problem(table: Table, line: int, column: str, raw, date, year: int) -> Problem | None:
    """An unreadable date, or one outside the plan's year (2072 for 2027, or last year's), else None."""
    if date is None:
        return Problem.of("date_unreadable", table.file, line, column, raw, year=year)
    if date == date and date.year != year:  # NaT: no date given
        return Problem.of("date_out_of_year", table.file, line, column, raw, year=year)
    return None


def _row(table: Table, line: int, cell, hdr: dict[str, str], ctx: Context) -> tuple[dict | None, list]:
    """One log row checked: (the accepted row or None, its problems)."""
    idx = ctx.index
    name, status_raw, date_raw = cell("milestone"), cell("status"), cell("date")
    name_problem = _name_problem(table.file, line, hdr["milestone"], name, idx)
    iid = None if name_problem else idx.resolve(name)
    mtype = idx.milestone_type.get(iid) or None
    problems = [name_problem, _status_problem(table.file, line, hdr["status"], status_raw, mtype)]
    date = parse_date(date_raw)
    problems.append(_date_problem(table, line, hdr.get("date", "日期"), date_raw, date, ctx.year))
    problems = [p for p in problems if p is not None]
    if problems:
        return None, problems
    stage = reached_stage(STATUS_KEYS[hkey(status_raw)], mtype)
    row = {"indicator_id": iid, "status": milestone_status(stage, mtype), "status_raw": status_raw}
    row.update(stage=stage, date=date, source=cell("source"), note=cell("note"), file=table.file, line=line)
    return row, []


def milestone_rows(table: Table, ctx: Context) -> MilestoneRows:
    """The rows of one milestone-log table (raises FileProblem when two columns hold one field)."""
    where = milestone_fields(table.file, table.header_line, table.header)
    hdr = {k: table.texts[j] for k, j in where.items()}
    out = MilestoneRows(read=table.rejected, rejected=table.rejected)
    name_col = where.get("milestone")
    for r in table.data.itertuples(index=False):
        cells, line = list(r)[:-1], int(r[-1])
        filled = [j for j, c in enumerate(cells) if c is not None and c == c and str(c).strip()]
        if not filled:
            continue
        if filled == [name_col]:  # a template row: only the milestone's name, nothing reported yet
            out.unfilled += 1
            continue
        out.read += 1

        def cell(name, cells=cells):
            j = where.get(name)
            v = cells[j] if j is not None else None
            return None if v is None or v != v else str(v).strip()

        row, problems = _row(table, line, cell, hdr, ctx)
        if row is None:
            out.rejected += 1
            out.problems += problems
        else:
            out.rows.append(row)
    return out
