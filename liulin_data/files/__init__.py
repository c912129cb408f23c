"""Files as liulin reads them: the one reader of table files (CSV and .xlsx), paths checked, limits kept.

``paths`` (a path checked before it is opened), ``tables`` (:func:`read_plain` for tables with one header line: override files, a plan's CSV
files, profiles, history), ``csv`` (encodings, the fast body reader, per-line problems), ``xlsx`` (worksheets
streamed from the sheet XML), ``limits`` (what a file may ask of the machine). The analysts' actuals are read
through the same ``csv`` and ``xlsx`` modules by ``liulin_data.inputs``.
"""

from .limits import MAX_PROBLEMS_PER_FILE, limit_error
from .paths import FileProblem, check_path, file_problem, is_workbook
from .tables import PlainTable, read_plain

__all__ = [
    "MAX_PROBLEMS_PER_FILE",
    "FileProblem",
    "PlainTable",
    "check_path",
    "file_problem",
    "is_workbook",
    "limit_error",
    "read_plain",
]
