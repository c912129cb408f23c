"""One indicator's month-by-month path for charts: its monthly and year-to-date values and the pace due."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..core import measures as m
from .matrices import Matrices
from .pace import MONTHS, shapes
from .rules import rule_of
from .series import reconcile, ytd_to_month
from .verdicts import expected_at, paced

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..plan.profiles import Profile

_NAN = float("nan")


def ytd_series(
    actuals: pd.DataFrame,
    indicator_id: str,
    targets: pd.DataFrame,
    *,
    year: int,
    profiles: Mapping[str, Profile] | None = None,
) -> pd.DataFrame:
    """Month-by-month actual and expected path of one indicator (for charts).

    Parameters
    ----------
    actuals : DataFrame
        The actuals frame (:func:`liulin_data.inputs.load_actuals`).
    indicator_id : str
        The catalog id.
    targets : DataFrame
        The catalog (:func:`liulin_data.plan.catalog.load_targets`).
    year : int
        The plan's year: the twelve months shown.
    profiles : mapping, optional
        The plan's pace profiles (:func:`liulin_data.plan.profiles.load_profiles`); default the package's own.

    Returns
    -------
    DataFrame
        12 rows (January–December): ``period`` ('YYYY-MM'), ``month``, ``month_value`` (NaN when not known
        individually, e.g. January and February of a combined 1—2月 release), ``ytd`` (exact year-to-date;
        for levels and rates the latest level reported so far), ``reported`` (a value was released for that
        month), ``expected_ytd`` (target × the share due of a paced flow — its profile or its season, whole
        things for counts; NaN for levels, rates, growth, events and caps, which are never pro-rated),
        ``target``, ``target_high``.
    """
    import pandas as pd

    match = targets[targets["indicator_id"].astype(str) == indicator_id]
    if match.empty:
        raise KeyError(f"目录中没有指标 {indicator_id!r} / no catalog row {indicator_id!r}")
    rule = rule_of(match.iloc[0].to_dict(), year, 0, shapes(profiles))
    own = actuals[actuals["indicator_id"].astype(str) == indicator_id]
    m_vals, y_vals, l_vals = Matrices(own, year, MONTHS).rows(indicator_id)
    only_levels = all(v != v for v in m_vals + y_vals) and any(v == v for v in l_vals)
    if rule.measure in (m.LEVEL, m.RATE) or only_levels:
        ytd = pd.Series(l_vals).ffill().tolist()
        month_value = [_NAN] * MONTHS
        reported = [v == v for v in l_vals]
    else:
        ytd = reconcile(m_vals, y_vals)
        derived = ytd_to_month(ytd).tolist()
        month_value = [a if a == a else d for a, d in zip(m_vals, derived, strict=True)]
        reported = [not (math.isnan(a) and math.isnan(b)) for a, b in zip(m_vals, y_vals, strict=True)]
    months = range(1, MONTHS + 1)
    if paced(rule) and rule.target == rule.target:
        expected = [rule.target * expected_at(rule, k) for k in months]
    else:
        expected = [_NAN] * MONTHS
    return pd.DataFrame(
        {
            "period": [f"{year:04d}-{k:02d}" for k in months],
            "month": list(months),
            "month_value": month_value,
            "ytd": ytd,
            "reported": reported,
            "expected_ytd": expected,
            "target": rule.target,
            "target_high": rule.target_high,
        }
    )
