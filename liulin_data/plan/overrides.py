"""An analyst's target override file: targets for the plan's context indicators, validated like the catalog.

The report sets no target for 地区生产总值, 社会消费品零售总额 … (context indicators); an analyst may supply
them in a CSV or .xlsx (``indicator_id`` or ``indicator``, ``target``, ``target_high``, ``comparator``,
``unit``, ``source`` — required —, ``note``). The file is read by the one reader of table files
(``files.read_plain``: the inputs' encodings, per-line problems, devices refused), and every problem of it is
listed with file, line, column, value and hint (:class:`~liulin_data.core.exceptions.CatalogError`). A target the
report sets may not be replaced.

The catalog the file is checked against is given (``catalog.load_targets(overrides=PATH)`` gives the plan's),
so this module reads no plan itself and the catalog may call it.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import units
from ..core.exceptions import CatalogError, Problem, UnitError
from ..core.names import NameIndex
from ..files import FileProblem, read_plain

if TYPE_CHECKING:
    import pandas as pd

# the columns an analyst's override file may have; `source` is required (provenance of the target)
OVERRIDE_COLUMNS = (
    "indicator_id",
    "indicator",
    "target",
    "target_high",
    "comparator",
    "unit",
    "source",
    "note",
)
# the columns of the frame load_overrides returns
FRAME_COLUMNS = (
    "indicator_id",
    "target",
    "target_high",
    "comparator",
    "unit",
    "source",
    "note",
    "raw_target",
    "raw_unit",
    "file",
    "line",
)


def _number(text: str) -> float | None:
    text = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def _read(path: Path):
    """The file's table (a :class:`~liulin_data.files.PlainTable`); CatalogError when it cannot be read."""
    if not path.exists() and not path.is_symlink():
        raise CatalogError([Problem.of("override_not_found", str(path))])
    try:
        return read_plain(path)
    except FileProblem as fp:
        raise CatalogError(fp.problems, f"目标覆盖文件 {path.name} 无法读取") from None


def _header_problems(file: str, header: list[str]) -> list[Problem]:
    problems = [
        Problem.of("override_unknown_column", file, 1, c, c, columns=", ".join(OVERRIDE_COLUMNS))
        for c in header
        if c and c not in OVERRIDE_COLUMNS
    ]
    if "indicator_id" not in header and "indicator" not in header:
        problems.append(Problem.of("override_no_indicator_column", file, 1))
    for c in ("target", "source"):
        if c not in header:
            problems.append(Problem.of("override_missing_column", file, 1, c, name=c))
    return problems


def _target_problems(
    file: str, line: int, row: dict[str, str], comparators: tuple[str, ...]
) -> tuple[list[Problem], float | None]:
    """The problems of the target columns of one row, and its target (None when unreadable)."""
    problems = []
    comparator = row["comparator"] or ">="
    if comparator not in comparators:
        allowed = "、".join(comparators[:-1]) + f" 或 {comparators[-1]}"
        problems.append(
            Problem.of("override_bad_comparator", file, line, "comparator", comparator, allowed=allowed)
        )
    target, high = _number(row["target"]), _number(row["target_high"])
    if target is None:
        problems.append(Problem.of("override_target_not_number", file, line, "target", row["target"]))
    if row["target_high"] and high is None:
        problems.append(Problem.of("override_high_not_number", file, line, "target_high", row["target_high"]))
    if comparator == "between" and (high is None or (target is not None and high <= target)):
        problems.append(Problem.of("override_range_high", file, line, "target_high", row["target_high"]))
    if comparator != "between" and row["target_high"]:
        problems.append(
            Problem.of("override_high_without_between", file, line, "target_high", row["target_high"])
        )
    if not row["source"]:
        problems.append(Problem.of("override_source_missing", file, line, "source", ""))
    return problems, target


class _Catalog:
    """The catalog an override file is checked against: names, rows by id, comparators."""

    def __init__(self, catalog: pd.DataFrame, comparators: tuple[str, ...]):
        self.names = NameIndex.from_targets(catalog)
        self.by_id = catalog.set_index("indicator_id")
        self.comparators = tuple(comparators)


def _row(file: str, line: int, row: dict[str, str], check: _Catalog, seen: dict[str, int]):
    """(the override of one row or None, its problems)."""
    col = "indicator_id" if row["indicator_id"] else "indicator"
    name = row[col]
    iid = check.names.resolve(name)
    if iid is None:
        suggestion = check.names.suggest(name)
        return None, [Problem.of("override_unknown_indicator", file, line, col, name, suggestion=suggestion)]
    if iid in seen:
        return None, [Problem.of("override_duplicate", file, line, col, name, first_line=seen[iid])]
    seen[iid] = line
    cat = check.by_id.loc[iid]
    if not cat["is_context"]:
        return None, [Problem.of("override_report_target", file, line, col, name)]
    problems, target = _target_problems(file, line, row, check.comparators)
    unit = units.normalize_unit(row["unit"]) if row["unit"] else cat["unit"]
    try:
        factor = units.factor(unit, cat["unit"])
    except UnitError as exc:
        problems.append(
            Problem.of("override_unit", file, line, "unit", row["unit"], reason=str(exc), unit=cat["unit"])
        )
        return None, problems
    if target is None or problems:
        return None, problems
    high = _number(row["target_high"])
    override: dict[str, Any] = {
        "indicator_id": iid,
        "target": target * factor,
        "target_high": high * factor if high is not None else float("nan"),
        "comparator": row["comparator"] or ">=",
        "unit": cat["unit"],
        "source": row["source"],
        "note": row["note"],
        "raw_target": row["target"],
        "raw_unit": row["unit"],
        "file": file,
        "line": line,
    }
    return override, problems


def load_overrides(path, catalog: pd.DataFrame, comparators: tuple[str, ...]) -> pd.DataFrame:
    """Read an analyst's target file for context indicators (CSV or XLSX) and validate it like the catalog.

    Columns: ``indicator_id`` or ``indicator`` (an id, Chinese name or alias), ``target`` (number),
    ``target_high`` (only with ``between``), ``comparator`` (``>=`` when empty), ``unit`` (the catalog unit
    when empty; converted to it otherwise), ``source`` (required: where the target comes from), ``note``.

    Parameters
    ----------
    path : str or Path
    catalog : DataFrame
        The plan's whole catalog (``catalog.load_targets(plan=…)``, context indicators included: column
        ``is_context`` says which rows may take a target from the file).
    comparators : tuple of str
        The comparators the catalog accepts (``catalog.COMPARATORS``).

    Returns
    -------
    pandas.DataFrame
        ``indicator_id, target, target_high, comparator, unit, source, note, raw_target, raw_unit, file, line``
        with target/target_high in the catalog unit (``line``: header = line 1).

    Raises
    ------
    CatalogError
        Listing every problem (file, line, column, value, code, what to do).
    """
    import pandas as pd

    path = Path(path)
    table = _read(path)
    file = table.file
    problems = list(table.problems) + _header_problems(file, table.header)
    if problems:
        raise CatalogError(problems, f"目标覆盖文件 {file} 有误")
    check = _Catalog(catalog, comparators)
    out, seen = [], {}
    for line, row in zip(table.lines, table.dicts(), strict=True):
        row = {c: str(row.get(c, "")).strip() for c in OVERRIDE_COLUMNS}
        if not any(row.values()):
            continue
        override, found = _row(file, line, row, check, seen)
        problems += found
        if override is not None:
            out.append(override)
    if problems:
        raise CatalogError(problems, f"目标覆盖文件 {file} 有误")
    return pd.DataFrame(out, columns=list(FRAME_COLUMNS))
