"""The actuals of one year up to a month, pivoted to indicator × month per basis (vectorised over the frame)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..plan.sample import sample_rows
from .pace import MONTHS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

_NAN = float("nan")
BASES = ("month", "ytd", "level")


class Matrices:
    """Actuals of one year up to a month: ``value[basis]`` and ``prior[basis]`` (the year before), ``yoy``,
    each an indicator × month table; ``units`` and ``is_sample`` per indicator."""

    def __init__(self, actuals: pd.DataFrame, year: int, upto: int):
        import numpy as np
        import pandas as pd

        df = actuals
        period = df["period"].astype(str).str.slice(0, 7)
        p_year = pd.to_numeric(period.str.slice(0, 4), errors="coerce")
        p_month = pd.to_numeric(period.str.slice(5, 7), errors="coerce")
        keep = (p_year == year) & (p_month <= upto)
        prior = (p_year == year - 1) & (p_month <= upto)
        cur = pd.DataFrame(
            {
                "indicator_id": df["indicator_id"].astype(str),
                "basis": df["basis"].astype(str),
                "month": p_month,
                "value": pd.to_numeric(df["value"], errors="coerce"),
                "yoy_pct": pd.to_numeric(df["yoy_pct"], errors="coerce") if "yoy_pct" in df else np.nan,
                "unit": df["unit"].astype(str) if "unit" in df else "",
                "source": df["source"].fillna("").astype(str) if "source" in df else "",
            }
        )
        self.cols = list(range(1, MONTHS + 1))
        this = cur[keep.to_numpy()]
        last = cur[prior.to_numpy()]
        # later rows win over earlier rows for the same indicator, month and basis (a corrected release)
        this = this.drop_duplicates(["indicator_id", "month", "basis"], keep="last")
        last = last.drop_duplicates(["indicator_id", "month", "basis"], keep="last")
        self.value = {b: self._pivot(this[this["basis"] == b], "value") for b in BASES}
        self.yoy = self._pivot(this.drop_duplicates(["indicator_id", "month"], keep="last"), "yoy_pct")
        self.prior = {b: self._pivot(last[last["basis"] == b], "value") for b in BASES}
        self.units = this.drop_duplicates("indicator_id", keep="last").set_index("indicator_id")["unit"]
        # the sample rule: an indicator is sample when any of its data is
        self.is_sample = sample_rows(this).groupby(this["indicator_id"]).any()

    def _pivot(self, frame: pd.DataFrame, column: str) -> pd.DataFrame:
        table = frame.pivot(index="indicator_id", columns="month", values=column)
        return table.reindex(columns=self.cols)

    @staticmethod
    def row(table: pd.DataFrame, indicator_id: str) -> list[float]:
        """One indicator's 12 months of a table (NaN where nothing was reported)."""
        if indicator_id not in table.index:
            return [_NAN] * MONTHS
        return [float(v) for v in table.loc[indicator_id].to_numpy(dtype="float64")]

    def rows(self, indicator_id: str) -> tuple[list[float], list[float], list[float]]:
        """(month, ytd, level) values of one indicator."""
        return tuple(self.row(self.value[b], indicator_id) for b in BASES)  # type: ignore[return-value]
