"""The readers' limits: what a file may ask of the machine before liulin refuses to read it.

A small file must not take the machine: a 1.6 KB workbook may claim row 2,000,000,000, merge A1:XFD1048576 or
unpack to gigabytes (a zip bomb). Each limit is checked before the work it bounds, and going over one raises
:class:`~liulin_data.core.exceptions.LimitError` naming the file and the limit (the command line exits 2).
"""

from __future__ import annotations

from ..core.exceptions import LimitError

MB = 1024 * 1024
# the highest row number a worksheet may use (Excel's own sheets end at 1,048,576)
XLSX_MAX_ROWS = 1_048_576
# cells a workbook may hold, counting the cells a merged range fills
XLSX_MAX_CELLS = 5_000_000
# bytes the parts of one workbook may unpack to (a 50,000-row sheet is about 30 MB)
XLSX_MAX_UNPACKED = 256 * MB
# unpacked size / packed size of one part, for parts larger than XLSX_RATIO_FROM (sheets compress ~15:1)
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM = 1 * MB
# the most problems listed per file (then one line with the count of the rest)
MAX_PROBLEMS_PER_FILE = 200
# bytes of a YAML file (params files, plan.yaml)
YAML_MAX_BYTES = 1 * MB

LIMIT_TEXTS = {
    "rows": f"工作表的行号超过 {XLSX_MAX_ROWS:,} 行",
    "cells": f"工作簿的单元格（含合并单元格填充）超过 {XLSX_MAX_CELLS:,} 个",
    "unpacked": f"工作簿解压后超过 {XLSX_MAX_UNPACKED // MB} MB",
    "ratio": f"工作簿的压缩比超过 {XLSX_MAX_RATIO}:1（疑似压缩炸弹）",
    "yaml": f"YAML 文件超过 {YAML_MAX_BYTES // MB} MB",
}


def limit_error(path, limit: str, detail: str = "") -> LimitError:
    """The error of ``path`` going over ``limit`` (a key of :data:`LIMIT_TEXTS`), naming both."""
    text = LIMIT_TEXTS[limit] + (f"（{detail}）" if detail else "")
    return LimitError(
        f"{path}: 超出读取限制：{text}，未读取。请检查文件是否正确；确需处理请拆分成较小的文件",
        path=path,
        limit=limit,
    )
