"""Milestone logs: 里程碑/项目, 状态, 日期, 来源, 备注 (or English) → one row per dated status report.

A row naming only a milestone (a template row nobody filled in) is not data: counted as ``rows_unfilled``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..exceptions import Problem
from .cells import date_hint, parse_date
from .context import CatalogIndex, Context
from .headers import milestone_fields
from .read import Table
from .schema import STATUS_KEYS, STATUS_WORDS, hkey

STATUS_HINT = "状态填：" + "、".join(w for words in STATUS_WORDS.values() for w in words if not w.isascii())


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
        return Problem(file, line, column, None, "里程碑名称为空", "填写目标目录中的里程碑名称")
    if iid is None:
        sug = idx.suggestion(name, {"milestone"})
        message = f"未知里程碑“{name}”" + (f"，您是否指“{sug}”？" if sug else "")
        return Problem(file, line, column, name, message, "请使用目标目录中的里程碑名称、编号或别名")
    if idx.kind.get(iid) != "milestone":
        return Problem(
            file, line, column, name, f"“{idx.name[iid]}”是数值指标，不是里程碑", "数值请填在实际值表"
        )
    return None


def _row(table: Table, line: int, cell, hdr: dict[str, str], ctx: Context) -> tuple[dict | None, list]:
    """One log row checked: (the accepted row or None, its problems)."""
    idx = ctx.index
    name, status_raw, date_raw = cell("milestone"), cell("status"), cell("date")
    problems = [_name_problem(table.file, line, hdr["milestone"], name, idx)]
    status = STATUS_KEYS.get(hkey(status_raw)) if status_raw else None
    if status is None:
        message = "状态为空" if not status_raw else "无法识别的状态"
        problems.append(Problem(table.file, line, hdr["status"], status_raw, message, STATUS_HINT))
    date = parse_date(date_raw)
    if date is None:
        problems.append(
            Problem(
                table.file,
                line,
                hdr.get("date", "日期"),
                date_raw,
                "无法识别的日期",
                date_hint(ctx.year),
            )
        )
    problems = [p for p in problems if p is not None]
    if problems:
        return None, problems
    row = {"indicator_id": idx.resolve(name), "status": status, "status_raw": status_raw, "date": date}
    row.update(source=cell("source"), note=cell("note"), file=table.file, line=line)
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
