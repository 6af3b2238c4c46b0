"""The sales funnel (销售漏斗): stage-to-stage and overall conversion."""
from __future__ import annotations

from typing import Mapping

import numpy as np

from labkit._validate import array_1d, dataframe, one_of
from labkit.errors import bilingual

__all__ = ['funnel', 'funnel_from_data']


def funnel(counts):
    """Stage-to-stage and overall conversion rates (转化率) of a funnel.

    Parameters
    ----------
    counts : mapping or pandas.Series
        Stage → count, in funnel order (first stage first). Counts may not rise from one
        stage to the next.

    Returns
    -------
    pandas.DataFrame
        Index = stage; ``count``, ``step_conversion`` (count / previous stage; 1 for the
        first stage), ``overall_conversion`` (count / first stage) and ``drop_off``
        (previous count − count).

    Raises
    ------
    ValueError
        An empty funnel, negative or rising counts, or a zero stage followed by a stage
        whose conversion would be 0/0.

    Examples
    --------
    >>> funnel({"lead": 200, "opportunity": 50, "won": 10})["step_conversion"].tolist()
    [1.0, 0.25, 0.2]
    """
    import pandas as pd

    if isinstance(counts, Mapping):
        s = pd.Series(array_1d("counts", list(counts.values())), index=list(counts), dtype=float)
    elif isinstance(counts, pd.Series):
        s = pd.Series(array_1d("counts", counts), index=counts.index, dtype=float)
        if counts.index.duplicated().any():
            raise ValueError(f"counts must name each stage once; repeated: "
                             f"{sorted(map(str, set(counts.index[counts.index.duplicated()])))}")
    else:
        raise TypeError(bilingual(f"counts must be a dict or Series of stage -> count, got {type(counts).__name__}"))
    if s.empty:
        raise ValueError(bilingual("counts must not be empty: a funnel needs at least one stage"))
    if s.isna().any() or (s < 0).any():
        raise ValueError(bilingual(f"counts must be non-negative numbers, got {s[s < 0].iloc[0]:g} for stage {s[s < 0].index[0]!r}"))
    rising = [str(k) for k, d in zip(s.index[1:], np.diff(s.values)) if d > 0]
    if rising:
        raise ValueError(f"counts must not rise from one stage to the next; stage(s) {', '.join(rising)} "
                         "have more than the stage before")
    zero = np.nonzero(s.values[:-1] == 0)[0]
    if zero.size:
        raise ValueError(f"stage {s.index[zero[0]]!r} has count 0, so the conversion to the next stage is "
                         "undefined (0/0); drop the empty stages")
    if s.iloc[0] == 0:
        raise ValueError(bilingual(f"the first stage {s.index[0]!r} has count 0; conversion rates are undefined"))
    prev = s.shift(1)
    out = pd.DataFrame({
        "count": s,
        "step_conversion": (s / prev).fillna(1.0),
        "overall_conversion": s / s.iloc[0],
        "drop_off": (prev - s).fillna(0.0),
    })
    out.index.name = "stage"
    return out


def funnel_from_data(area: str, month: str | None = None, data=None):
    """The funnel of one automation area ("marketing", "sales", "service") from ``crm_funnel``.

    Counts are summed over all months, or taken for one ``month`` ("YYYY-MM").

    Examples
    --------
    >>> funnel_from_data("sales").index.tolist()
    ['opportunity', 'proposal', 'negotiation', 'won']
    """
    if data is None:
        from labkit.datasets import load_crm_funnel

        data = load_crm_funnel()
    dataframe("data", data, ["area", "month", "stage_order", "stage", "count"])
    one_of("area", area, sorted(data["area"].unique()))
    d = data[data["area"] == area]
    if month is not None:
        one_of("month", month, sorted(d["month"].unique()))
        d = d[d["month"] == month]
    counts = d.groupby(["stage_order", "stage"])["count"].sum().reset_index().set_index("stage")["count"]
    return funnel(counts)
