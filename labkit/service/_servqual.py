"""SERVQUAL (服务质量差距模型): gap scores on 22 items in five dimensions, with importance weights."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from labkit._validate import dataframe, number
from labkit.curriculum import SERVQUAL_DIMENSIONS
from labkit.errors import bilingual

__all__ = ['servqual', 'servqual_columns', 'ServqualResult']


N_ITEMS = sum(len(items) for _, items in SERVQUAL_DIMENSIONS)


@dataclass(frozen=True)
class ServqualResult:
    """SERVQUAL gaps (perception − expectation): per item, per dimension, overall, weighted."""

    n: int
    item_gaps: pd.Series = field(repr=False)
    dimension_gaps: pd.Series = field(repr=False)
    overall: float
    weighted_overall: float | None = None

    def __repr__(self) -> str:
        dims = ", ".join(f"{k} {v:+.2f}" for k, v in self.dimension_gaps.items())
        w = "" if self.weighted_overall is None else f", weighted_overall={self.weighted_overall:+.3f}"
        return f"ServqualResult(n={self.n}, overall={self.overall:+.3f}{w}; {dims})"


def _matrix(name: str, values: Any) -> np.ndarray:
    if isinstance(values, pd.DataFrame):
        values = values.to_numpy()
    if values is None or isinstance(values, (str, bytes)):
        raise TypeError(bilingual(f"{name} must be a table of 22 scores per respondent, got {values!r}"))
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(bilingual(f"{name} must hold numbers only")) from None
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != N_ITEMS:
        raise ValueError(f"{name} must have {N_ITEMS} items (one row of 22 scores per respondent), "
                         f"got shape {np.shape(values)}")
    if arr.shape[0] == 0:
        raise ValueError(bilingual(f"{name} must have at least one respondent"))
    if np.isnan(arr).any():
        raise ValueError(bilingual(f"{name} must not contain missing values (NaN); found {int(np.isnan(arr).sum())}"))
    outside = arr[(arr < 1) | (arr > 7)]
    if outside.size:
        raise ValueError(bilingual(f"{name} must be scores on SERVQUAL's 1-7 scale, got {outside[0]:g}"))
    return arr


def servqual(expectations: Any, perceptions: Any, *, importance: Any = None) -> ServqualResult:
    """SERVQUAL gap scores for the standard 22 items (C-2.6; standard, not in seeds).

    Gap = perception − expectation per item. Items 1–4 are tangibles, 5–9 reliability,
    10–13 responsiveness, 14–17 assurance, 18–22 empathy (:data:`SERVQUAL_DIMENSIONS`).

    Parameters
    ----------
    expectations, perceptions : array-like
        22 scores for one respondent, or an (n × 22) array / DataFrame for many.
    importance : mapping or array-like, optional
        100 points split over the five dimensions: a dict dimension → points (the same for
        everyone), or an (n × 5) array / DataFrame with one split per respondent.

    Returns
    -------
    ServqualResult
        ``item_gaps`` (mean gap per item 1–22), ``dimension_gaps`` (dimension → mean gap),
        ``overall`` (mean of the five dimension gaps) and, given importance,
        ``weighted_overall`` = mean over respondents of Σ (points/100 × dimension gap).

    References
    ----------
    Parasuraman, Zeithaml & Berry (1988), "SERVQUAL: a multiple-item scale for measuring
    consumer perceptions of service quality", *Journal of Retailing* 64(1); weighted score as
    in Zeithaml, Parasuraman & Berry (1990), *Delivering Quality Service*.

    Examples
    --------
    >>> e = [6] * 22
    >>> p = [5] * 4 + [4] * 5 + [6] * 4 + [5] * 4 + [6] * 5
    >>> r = servqual(e, p, importance={"tangibles": 10, "reliability": 40, "responsiveness": 20,
    ...                                "assurance": 20, "empathy": 10})
    >>> r.dimension_gaps.tolist(), r.overall, r.weighted_overall
    ([-1.0, -2.0, 0.0, -1.0, 0.0], -0.8, -1.1)
    """
    e = _matrix("expectations", expectations)
    p = _matrix("perceptions", perceptions)
    if e.shape != p.shape:
        raise ValueError(bilingual(f"expectations and perceptions must have the same shape, got {e.shape} and {p.shape}"))
    gaps = p - e
    dim_codes = [d.code for d, _ in SERVQUAL_DIMENSIONS]
    per_dim = np.column_stack([gaps[:, [i - 1 for i in items]].mean(axis=1) for _, items in SERVQUAL_DIMENSIONS])
    item_gaps = pd.Series(gaps.mean(axis=0), index=pd.RangeIndex(1, N_ITEMS + 1, name="item"), name="gap")
    dim_gaps = pd.Series(per_dim.mean(axis=0), index=pd.Index(dim_codes, name="dimension"), name="gap")
    weighted = None
    if importance is not None:
        w = _importance(importance, len(gaps), dim_codes)
        weighted = float(np.round((w / 100 * per_dim).sum(axis=1).mean(), 12))
    return ServqualResult(len(gaps), item_gaps.round(12), dim_gaps.round(12),
                          float(round(dim_gaps.mean(), 12)), weighted)


def _importance(importance: Any, n: int, codes: list[str]) -> np.ndarray:
    if isinstance(importance, Mapping):
        row = []
        for c in codes:
            key = next((k for k in importance
                        if str(k).lower() in (c, *(t.en.lower() for t, _ in SERVQUAL_DIMENSIONS if t.code == c))
                        or any(str(k) == t.zh for t, _ in SERVQUAL_DIMENSIONS if t.code == c)), None)
            if key is None:
                raise ValueError(bilingual(f"importance is missing the dimension {c!r}; give points for {', '.join(codes)}"))
            row.append(number(f"importance[{c!r}]", importance[key], low=0))
        w = np.tile(row, (n, 1))
    else:
        if isinstance(importance, pd.DataFrame):
            importance = importance.to_numpy()
        try:
            w = np.asarray(importance, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"importance must hold numbers (points per dimension), got {importance!r}"[:200]) from None
        if w.ndim == 1:
            w = np.tile(w, (n, 1))
        if w.shape != (n, len(codes)):
            raise ValueError(bilingual(f"importance must have 5 columns (one per dimension) and {n} row(s), got shape {w.shape}"))
        if not np.isfinite(w).all() or (w < 0).any():
            raise ValueError(bilingual("importance points must be non-negative numbers with no missing values"))
    sums = w.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 100) > 0.5)
    if bad.size:
        raise ValueError(f"importance points must add up to 100 for each respondent; "
                         f"row {int(bad[0])} adds up to {sums[bad[0]]:g}")
    return w


def servqual_columns(survey: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The SERVQUAL blocks of the survey: expectations (sq_e1…22), perceptions (sq_p1…22), importance.

    Examples
    --------
    >>> from labkit.datasets import load_survey
    >>> e, p, imp = servqual_columns(load_survey())
    >>> e.shape, p.shape, imp.shape
    ((1000, 22), (1000, 22), (1000, 5))
    """
    dataframe("survey", survey)
    e_cols = [f"sq_e{i}" for i in range(1, N_ITEMS + 1)]
    p_cols = [f"sq_p{i}" for i in range(1, N_ITEMS + 1)]
    i_cols = [f"imp_{d.code}" for d, _ in SERVQUAL_DIMENSIONS]
    missing = [c for c in e_cols + p_cols + i_cols if c not in survey.columns]
    if missing:
        raise ValueError(bilingual(f"survey is missing column(s) {', '.join(missing[:5])}; use labkit.datasets.load_survey()"))
    return survey[e_cols], survey[p_cols], survey[i_cols]
