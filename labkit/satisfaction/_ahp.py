"""The analytic hierarchy process (层次分析法, Saaty): weights, consistency index and ratio."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from labkit import _validate as v
from labkit.errors import bilingual

__all__ = ['SAATY_RI', 'ahp_matrix', 'ahp_weights', 'AHPResult']


# Saaty's random consistency index RI by matrix order n (Saaty 1980, The Analytic Hierarchy
# Process, Table 1.7; the table AHPy uses as random_index="saaty").
SAATY_RI: dict[int, float] = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32,
                              8: 1.41, 9: 1.45, 10: 1.49}


@dataclass(frozen=True)
class AHPResult:
    """AHP priorities and consistency: weights, lambda_max, CI, RI and CR."""

    weights: pd.Series
    lambda_max: float
    ci: float
    ri: float
    cr: float

    @property
    def consistent(self) -> bool:
        """True when CR < 0.1 (Saaty's rule), or when n <= 2 (always consistent)."""
        return self.cr < 0.1

    def __repr__(self) -> str:
        w = ", ".join(f"{k}={x:.3f}" for k, x in self.weights.items())
        return (f"AHPResult(weights: {w}; lambda_max={self.lambda_max:.4f}, CI={self.ci:.4f}, "
                f"CR={self.cr:.4f})")


def ahp_matrix(judgments: Mapping[tuple[str, str], float], items: Sequence[str] | None = None) -> pd.DataFrame:
    """Build a reciprocal pairwise-comparison matrix from ``{(a, b): how much more important a is}``.

    Saaty's 1-9 scale: 1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme; a value below
    1 means ``b`` is more important. Missing pairs are an error.

    Examples
    --------
    >>> ahp_matrix({("price", "service"): 3}).round(3).to_dict()
    {'price': {'price': 1.0, 'service': 0.333}, 'service': {'price': 3.0, 'service': 1.0}}
    """
    if not isinstance(judgments, Mapping) or not judgments:
        raise TypeError(bilingual(f"judgments must be a non-empty dict {{(a, b): value}}, got {judgments!r}"))
    for pair in judgments:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise TypeError(bilingual(f"judgments keys must be pairs (a, b) of two items, got {pair!r}"))
        if (pair[1], pair[0]) in judgments and pair[0] != pair[1]:
            raise ValueError(f"judgments give both {pair!r} and {(pair[1], pair[0])!r}; give each pair once "
                             "(the reciprocal is filled in)")
    if items is None:
        items = []
        for pair in judgments:
            items += [p for p in pair if p not in items]
    items = v.names("items", items)
    if len(set(items)) != len(items):
        raise ValueError(bilingual(f"items must be distinct, got {items!r}"))
    pos = {k: i for i, k in enumerate(items)}
    a = np.eye(len(items))
    filled = np.eye(len(items), dtype=bool)
    for (x, y), val in judgments.items():
        if x not in pos or y not in pos or x == y:
            raise ValueError(bilingual(f"judgment keys must be pairs of two of {items}, got {(x, y)!r}"))
        val = v.number(f"judgment {(x, y)!r}", val, low=0, low_open=True)
        a[pos[x], pos[y]], a[pos[y], pos[x]] = val, 1 / val
        filled[pos[x], pos[y]] = filled[pos[y], pos[x]] = True
    if not filled.all():
        i, j = np.argwhere(~filled)[0]
        raise ValueError(bilingual(f"judgments must compare every pair; missing {(items[i], items[j])!r}"))
    return pd.DataFrame(a, index=items, columns=items)


# Largest ratio ahp_weights accepts in a comparison matrix: far beyond Saaty's 9, small enough
# that the eigenvalue solver keeps its precision (entries of 1e300 made lambda_max < n).
AHP_MAX_RATIO = 1000.0


def ahp_weights(matrix: Any, *, ri: str | float = "saaty") -> AHPResult:
    """AHP (层次分析法) priorities by the principal eigenvector, with Saaty's consistency ratio.

    Parameters
    ----------
    matrix : square array or DataFrame
        Positive reciprocal pairwise-comparison matrix: ``a[i, j]`` says how much more important
        item i is than item j, and ``a[j, i] = 1 / a[i, j]``.
    ri : "saaty" or float
        Random index: Saaty's table (:data:`SAATY_RI`, n <= 10) or your own value.

    Returns
    -------
    AHPResult
        ``weights`` (sum 1), ``lambda_max``, ``ci = (lambda_max - n) / (n - 1)``, ``ri`` and
        ``cr = ci / ri`` (0 when n <= 2). CR < 0.1 is acceptable.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> r = ahp_weights([[1, 2, 4], [1/2, 1, 2], [1/4, 1/2, 1]])
    >>> r.weights.round(4).tolist(), round(r.cr, 6)
    ([0.5714, 0.2857, 0.1429], 0.0)
    >>> ahp_weights([[1, 2], [2, 1]])
    Traceback (most recent call last):
    ...
    ValueError: matrix must be reciprocal (a[j, i] = 1 / a[i, j]); a[0, 1] = 2 but a[1, 0] = 2
    """
    labels = list(matrix.index) if isinstance(matrix, pd.DataFrame) else None
    try:
        a = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(bilingual("matrix must be a square table of positive numbers")) from None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ValueError(bilingual(f"matrix must be square (n x n), got shape {a.shape}"))
    n = a.shape[0]
    if np.isnan(a).any() or (a <= 0).any():
        raise ValueError(bilingual("matrix must contain positive numbers only (Saaty's 1/9 ... 9 scale)"))
    if ((a < 1 / AHP_MAX_RATIO) | (a > AHP_MAX_RATIO)).any():
        raise ValueError(f"matrix entries must lie between 1/{AHP_MAX_RATIO:g} and {AHP_MAX_RATIO:g} (Saaty's scale "
                         f"is 1/9 ... 9), got {a[(a < 1 / AHP_MAX_RATIO) | (a > AHP_MAX_RATIO)][0]:g}")
    bad = np.argwhere(np.abs(a * a.T - 1) > 1e-2)
    if bad.size:
        i, j = bad[0]
        raise ValueError(f"matrix must be reciprocal (a[j, i] = 1 / a[i, j]); "
                         f"a[{i}, {j}] = {a[i, j]:g} but a[{j}, {i}] = {a[j, i]:g}")
    if isinstance(ri, str):
        v.one_of("ri", ri, ("saaty",))
        if n not in SAATY_RI:
            raise ValueError(bilingual(f"Saaty's random index covers n <= 10, got n = {n}; pass ri=<number>"))
        ri_value = SAATY_RI[n]
    else:
        ri_value = v.number("ri", ri, low=0)
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    w = np.abs(vecs[:, k].real)
    w = w / w.sum()
    lam = float(vals[k].real)
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ci = max(ci, 0.0) if abs(ci) < 1e-12 else ci
    cr = ci / ri_value if ri_value > 0 else 0.0
    return AHPResult(pd.Series(w, index=labels, name="weight"), lam, ci, ri_value, cr)
