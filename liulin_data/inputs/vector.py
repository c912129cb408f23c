"""Vectorised helpers of the loaders' hot path: each distinct text is interpreted once and the results are
mapped back onto the rows with integer codes (no per-row Python for 10^6-row files)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

# columns shorter than this are factorised by value directly
FAST_FACTORIZE_MIN = 50_000


def factorize(values):
    """``pd.factorize`` of an object column (codes, uniques; -1 = missing), in first-appearance order.

    pandas' C parser hands out one shared ``str`` object per distinct text of a chunk, so a large column
    holds only a few thousand distinct objects: they are told apart by identity first (a hash of the
    pointers, ~10x cheaper than hashing and comparing the texts), then the few objects by value.
    """
    import ctypes

    import numpy as np
    import pandas as pd

    arr = np.asarray(values, dtype=object)
    if len(arr) < FAST_FACTORIZE_MIN or not arr.flags.c_contiguous:
        return pd.factorize(arr, use_na_sentinel=True)
    # the array's own memory: one PyObject pointer per cell (valid while ``arr`` is alive)
    ptrs = np.frombuffer((ctypes.c_size_t * len(arr)).from_address(arr.ctypes.data), dtype=np.uintp)
    pcodes, pointers = pd.factorize(ptrs)
    first = np.empty(len(pointers), dtype=np.intp)
    first[pcodes] = np.arange(len(arr))  # any row holding the object will do
    rcodes, uniques = pd.factorize(arr[first], use_na_sentinel=True)
    return rcodes[pcodes], uniques


def map_unique(values, func) -> tuple[Any, list, list]:
    """(codes, distinct values, results): ``func`` applied once per distinct non-missing value; code -1 = missing."""
    import numpy as np
    import pandas as pd

    if isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        codes, uniques = np.asarray(values.cat.codes, dtype=np.intp), list(values.cat.categories)
    else:
        codes, uniques = factorize(values)
        uniques = list(uniques)
    return codes, uniques, [func(u) for u in uniques]


def take(results: list, codes, missing: Any = None, dtype: Any = object):
    """``results[code]`` for every code (code -1 → ``missing``), as an array of ``dtype``."""
    import numpy as np

    arr = np.empty(len(results) + 1, dtype=dtype)
    arr[: len(results)] = results
    arr[len(results)] = missing
    return arr[codes]


def per_code(codes, messages: list):
    """(mask, per-row message) of the rows whose distinct text got a message (None = fine)."""
    import numpy as np

    table = np.array([*messages, None], dtype=object)
    has = np.array([m is not None for m in messages] + [False], dtype=bool)
    return has[codes], table[codes]


def numbers(values, parse):
    """Floats from a column as the CSV parser left it, and the rows it could not read as plain numbers.

    Returns ``(num, codes, uniques, results)``: ``num`` has NaN for blank and odd cells; for an object
    column ``parse`` ran once per distinct odd text (``codes`` index ``results``, -1 = none). Texts that
    pandas reads as infinite ("inf", "1e999") are odd: ``parse`` judges them.
    """
    import numpy as np
    import pandas as pd

    arr = np.asarray(values)
    if arr.dtype.kind in "fiub":
        return arr.astype(float), None, [], []
    codes, uniques = factorize(arr)
    unum = np.array(pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce"), dtype=float)
    odd = np.flatnonzero(~np.isfinite(unum))  # distinct texts that are not plain finite numbers
    unum[odd] = np.nan
    results = [parse(uniques[k]) for k in odd]
    # code of each row into results (-1: blank or plain number)
    remap = np.full(len(uniques) + 1, -1, dtype=np.intp)
    remap[odd] = np.arange(len(odd))
    num = np.append(unum, np.nan)[codes]
    return num, remap[codes], [uniques[k] for k in odd], results


def has_number(values, parse) -> Any:
    """Boolean array: the cell holds a number (plain, or a text ``parse`` reads as one)."""
    import numpy as np

    num, codes, _, results = numbers(values, parse)
    has = ~np.isnan(num)
    if results:
        has |= take([r[0] == "ok" for r in results], codes, False, bool)
    return has


def has_content(data: pd.DataFrame):
    """Boolean array: the row has at least one non-blank cell (blank spreadsheet lines are not data)."""
    import numpy as np

    cols = [c for c in data.columns if c != "line"]
    if not cols or not len(data):
        return np.zeros(len(data), dtype=bool)
    first = np.array(data[cols[0]].notna().to_numpy(), dtype=bool)  # writable (pandas may hand out views)
    rest = ~first
    if rest.any() and len(cols) > 1:
        first[rest] = data.loc[rest, cols[1:]].notna().any(axis=1).to_numpy()
    return first


def concat(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One set of arrays from the records of every table (scalars such as ``file`` become arrays)."""
    import numpy as np

    if len(parts) == 1:
        return parts[0]
    out: dict[str, Any] = {}
    for c in parts[0]:
        arrs = []
        for p in parts:
            v = p[c]
            arrs.append(v if isinstance(v, np.ndarray) else np.full(len(p["line"]), v, dtype=object))
        out[c] = np.concatenate(arrs) if len(arrs) > 1 else arrs[0]
    return out


def at(rec: dict[str, Any], c: str, rows):
    """Column ``c`` of the records at positions ``rows`` (a scalar column stays as it is, broadcast)."""
    import numpy as np

    v = rec[c]
    return v[rows] if isinstance(v, np.ndarray) else np.full(len(rows), v, dtype=object)
