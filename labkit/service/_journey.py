"""The customer journey map (客户旅程图): stages, emotions and the lowest moments."""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from labkit._validate import integer, names
from labkit.errors import bilingual

__all__ = ['journey_map']


def journey_map(stages: Any, *, n_lowest: int = 1) -> pd.DataFrame:
    """A validated customer journey map table with the lowest-emotion stages flagged (C-2.7).

    Parameters
    ----------
    stages : DataFrame or list of dicts
        One row per stage, in order, with at least ``stage`` and ``emotion`` (−2 … +2);
        optional columns such as ``touchpoint``, ``action``, ``thought``, ``pain_point``.
    n_lowest : int
        How many of the lowest points to flag as improvement opportunities (ties included).

    Examples
    --------
    >>> jm = journey_map([{"stage": "Search", "emotion": 1}, {"stage": "Wait", "emotion": -2},
    ...                   {"stage": "Use", "emotion": 2}])
    >>> jm.loc[jm["opportunity"], "stage"].tolist()
    ['Wait']
    """
    if not isinstance(stages, pd.DataFrame):
        rows = names("stages", stages, kind="stages (one dict per stage)")          # a list of dicts (one per stage), not a string or a number
        if not all(isinstance(r, Mapping) for r in rows):
            raise TypeError("stages must be a DataFrame or a list of dicts such as {'stage': 'Wait', 'emotion': -2}, "
                            f"got {rows[0]!r}"[:200])
        stages = pd.DataFrame(rows)
    n_lowest = integer("n_lowest", n_lowest, low=1)
    df = stages.copy()
    for col in ("stage", "emotion"):
        if col not in df.columns:
            raise ValueError(bilingual(f"stages must have a column {col!r} (one row per stage); got {list(df.columns)}"))
    if len(df) < 2:
        raise ValueError(bilingual(f"stages must have at least 2 stages to draw a journey, got {len(df)}"))
    emo = pd.to_numeric(df["emotion"], errors="coerce")
    if emo.isna().any() or not emo.between(-2, 2).all():
        raise ValueError(bilingual(f"emotion must be numbers from -2 to +2, got {df['emotion'].tolist()}"))
    df["emotion"] = emo.astype(float)
    k = min(n_lowest, len(df))
    threshold = np.sort(df["emotion"].to_numpy())[k - 1]
    df["opportunity"] = df["emotion"] <= threshold
    return df.reset_index(drop=True)

