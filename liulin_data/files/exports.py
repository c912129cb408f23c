"""Files the project writes for people to open in Excel or WPS (CSV, .xlsx): safe cells, no analyst's file lost.

- :func:`safe_cell` is the one rule against formula injection. A text starting with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return gets a leading ``'``, so Excel and WPS show it as text instead of running it
  (``=HYPERLINK(…)`` would become a live link); a genuine number stays as it is (``-8.7``, ``+3``,
  ``-1,234.5``, ``-8.7%``). Numbers that are not text (floats, ints) are never touched.
- :func:`write_csv` writes a DataFrame, every cell through :func:`safe_cell`, to a text stream
  (``sys.stdout``) or to a file; :func:`csv_text` gives the same text; :func:`safe_frame` the frame itself.
  An .xlsx writer passes every cell value through :func:`safe_cell` (``template.py`` does).
- :func:`save_file` writes any file's bytes through a temp file and a rename
  (:func:`liulin_data.files.atomic.atomic_write`): never over an existing file unless ``overwrite=True``,
  never over a folder, a device or a read-only file. :func:`check_output` makes the same checks before any
  work is done. Every failure is an :class:`~liulin_data.core.exceptions.OutputError` naming the path.
- :func:`os_error_text` says in Chinese what an ``OSError`` means for a path (disk full, no permission …).

Usage (a new CSV writer)::

    from liulin_data.files.exports import write_csv
    write_csv(frame, "out/scorecard.csv", overwrite=True)   # a file we own and rewrite: overwrite=True
    write_csv(frame, sys.stdout)                             # --csv on the terminal
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.exceptions import OutputError
from .atomic import atomic_write

if TYPE_CHECKING:
    import pandas as pd

# first characters that make Excel or WPS read a cell as a formula (OWASP "CSV injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# what Excel reads as a number from text: sign, digits (thousands groups allowed), decimals, exponent, percent
NUMBER_RE = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")
# a CSV file starts with a UTF-8 byte order mark: Excel and WPS then read its Chinese text correctly
UTF8_BOM = "\ufeff"

# errno -> what it means for the path, in Chinese (an OSError with one of these is the user's to fix)
_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足：请清理磁盘或换一个位置后重试",
    errno.EDQUOT: "磁盘配额已用完：请清理磁盘或换一个位置后重试",
    errno.EACCES: "没有权限：请换一个有权限的位置，或请管理员开放权限",
    errno.EPERM: "没有权限：请换一个有权限的位置，或请管理员开放权限",
    errno.EROFS: "该位置只读：请换一个可以写入的位置",
    errno.ENOENT: "找不到该文件或文件夹：请检查路径",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹：请检查路径",
    errno.EISDIR: "这是一个文件夹，这里需要的是文件：请给出文件的路径",
    errno.EEXIST: "已有同名的文件或文件夹：请换一个路径",
    errno.ENAMETOOLONG: "路径太长：请换一个短一些的路径",
    errno.ELOOP: "符号链接绕成了圈：请检查路径",
}
# errno values that mean a bad path, a permission or a full disk: the user can fix them (exit 2)
USER_ERRNOS = frozenset(_OS_REASONS)
# errno values that only a write can meet: the action is named 写入 whatever the caller says
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
# errno -> OutputError.reason
_REASON_CODES = {
    errno.ENOSPC: "no_space",
    errno.EDQUOT: "no_space",
    errno.EACCES: "no_permission",
    errno.EPERM: "no_permission",
    errno.EROFS: "no_permission",
    errno.ENOTDIR: "not_a_folder",
    errno.EISDIR: "folder",
    errno.EEXIST: "exists",
}


def safe_cell(value: Any) -> Any:
    """``value``, with a leading ``'`` when it is a text Excel or WPS would read as a formula.

    >>> safe_cell("=1+1"), safe_cell("-较上月减少"), safe_cell("-8.7"), safe_cell(-8.7), safe_cell("原煤")
    ("'=1+1", "'-较上月减少", '-8.7', -8.7, '原煤')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER_RE.fullmatch(value):
        return "'" + value
    return value


def _is_text(dtype) -> bool:
    import pandas as pd

    return pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.StringDtype | pd.CategoricalDtype)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell, column name and index label through :func:`safe_cell`."""
    out = frame.copy()
    for i in range(out.shape[1]):  # by position: column names may repeat
        if _is_text(out.dtypes.iloc[i]):
            out.isetitem(i, out.iloc[:, i].map(safe_cell, na_action="ignore"))
    out.columns = out.columns.map(safe_cell)
    if _is_text(out.index.dtype):
        out.index = out.index.map(safe_cell)
    return out


def csv_text(frame: pd.DataFrame, *, index: bool = False) -> str:
    """``frame`` as CSV text (``\\n`` line ends), every cell through :func:`safe_cell`."""
    return safe_frame(frame).to_csv(index=index, lineterminator="\n")


def write_csv(
    frame: pd.DataFrame, dest, *, overwrite: bool = False, index: bool = False, bom: bool = True
) -> Path | None:
    """Write ``frame`` as CSV, every cell through :func:`safe_cell`.

    Parameters
    ----------
    frame : DataFrame
    dest : str, Path or text stream
        A stream (``sys.stdout``) is written as is. A path is written atomically by :func:`save_file`.
    overwrite : bool
        Replace an existing file (never a folder, a device or a read-only file). False: an existing file
        is an :class:`OutputError` and stays as it was.
    index : bool
        Write the index as the first column.
    bom : bool
        Start a file with a UTF-8 byte order mark, so that Excel and WPS read its Chinese text.

    Returns
    -------
    Path or None
        The file written (None for a stream).

    Raises
    ------
    OutputError
        The file cannot be written; the message names it and what to do.
    """
    if hasattr(dest, "write"):
        safe_frame(frame).to_csv(dest, index=index, lineterminator="\n")
        return None
    text = csv_text(frame, index=index)
    return save_file(dest, (UTF8_BOM if bom else "") + text, overwrite=overwrite)


def _blocking_parent(path: Path) -> Path | None:
    """The nearest existing ancestor of ``path`` when it is not a folder (so nothing can be created there)."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def check_output(path, *, overwrite: bool = False) -> Path:
    """Raise :class:`OutputError` unless ``path`` may be written: not a folder, not a device, not below a
    file, and — when it exists — ``overwrite`` asked for and the file not read-only. Returns the Path."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(
            f"无法写入 {path}：这是一个文件夹；请给出文件的路径（在文件夹后加上文件名）",
            path=path,
            reason="folder",
        )
    if path.exists():
        if not path.is_file():
            raise OutputError(
                f"无法写入 {path}：这不是普通文件（可能是设备或管道），没有替换；请换一个文件名",
                path=path,
                reason="not_a_file",
            )
        if not overwrite:
            raise OutputError(
                f"{path} 已存在，没有覆盖（其中可能有已填写的内容）：要替换它请加 --force"
                "（Python 中 overwrite=True），要保留它请换一个文件名",
                path=path,
                reason="exists",
            )
        if not path.stat().st_mode & 0o222:
            raise OutputError(
                f"{path} 是只读文件，没有替换：如确要替换，请先取消它的只读属性",
                path=path,
                reason="read_only",
            )
    blocking = _blocking_parent(path)
    if blocking is not None:
        raise OutputError(
            f"无法写入 {path}：{blocking} 是一个文件，不是文件夹；请换一个路径",
            path=path,
            reason="not_a_folder",
        )
    return path


def save_file(path, data: str | bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` through a temp file and a rename, after :func:`check_output`.

    A failure (no permission, disk full …) leaves no temp file and any earlier file as it was, and is an
    :class:`OutputError` naming ``path``.
    """

    path = check_output(path, overwrite=overwrite)
    existed = path.exists()
    try:
        atomic_write(path, data)
    except OSError as exc:
        text = os_error_text(exc, path, "写入") + ("（原有的文件未改动）" if existed else "")
        raise OutputError(text, path=path, reason=_REASON_CODES.get(exc.errno, "os")) from None
    return path


def os_error_text(exc: OSError, path=None, action: str = "访问") -> str:
    """``无法<action> <path>：<what it means and what to do>`` for an OSError (``path`` defaults to the error's)."""
    path = path if path is not None else (exc.filename or exc.filename2)
    if exc.errno in _WRITE_ERRNOS:
        action = "写入"
    reason = _OS_REASONS.get(exc.errno, exc.strerror or str(exc))
    return f"无法{action} {path}：{reason}" if path is not None else f"无法{action}：{reason}"
