"""A PLS-weighted satisfaction index and the importance–performance map (IPMA).

A customer satisfaction index (the ACSI score, for example) is the weighted index of the
*satisfaction items* on 0–100, with the PLS outer weights as item weights — not an average
of antecedents and outcomes. The importance–performance map then asks which driver of
satisfaction to improve: **importance** is a driver's total effect on the target (direct
plus all indirect paths), **performance** its own index on 0–100. A driver that matters a
lot but performs poorly is the first candidate.

Following Ringle & Sarstedt (2016): indicators are rescaled to 0–100, the standardised outer
weights are divided by each indicator's standard deviation and normalised to sum to 1, and the
importance is the *unstandardised* total effect, i.e. the standardised total effect times
sd(target performance) / sd(driver performance): one point more of the driver's performance
moves the target's performance by that many points.

References
----------
Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J. & Bryant, B. E. (1996). The American
Customer Satisfaction Index: nature, purpose, and findings. *Journal of Marketing* 60(4), 7-18.

Ringle, C. M. & Sarstedt, M. (2016). Gain more insight from your PLS-SEM results: the
importance-performance map analysis. *Industrial Management & Data Systems* 116(9), 1865-1886.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from labkit.errors import bilingual

__all__ = ["item_weights", "construct_performance", "satisfaction_index", "total_effects", "importance_performance"]


def _scale(scale: Sequence[float]) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in scale)
    except (TypeError, ValueError):
        raise ValueError(bilingual(f"scale must be a pair (lowest, highest), got {scale!r}")) from None
    if not hi > lo:
        raise ValueError(bilingual(f"scale must have highest > lowest, got {scale!r}"))
    return lo, hi


def _block(fit: Any, data: pd.DataFrame, measurement: Mapping[str, Sequence[str]], construct: str):
    if construct not in measurement:
        raise ValueError(bilingual(f"construct must be one of {', '.join(measurement)}, got {construct!r}"))
    items = list(measurement[construct])
    missing = [c for c in items if c not in data.columns]
    if missing:
        raise ValueError(bilingual(f"data is missing the column(s) {', '.join(map(repr, missing))}"))
    return items


def item_weights(fit: Any, data: pd.DataFrame, measurement: Mapping[str, Sequence[str]], construct: str) -> pd.Series:
    """Weights of one construct's items on their original scale: w_i / sd_i, normalised to sum 1."""
    items = _block(fit, data, measurement, construct)
    raw = fit.weights[items] / data[items].std(ddof=1)
    if not (raw > 0).all():
        raise ValueError(f"the outer weights of {construct!r} must all be positive for an index, got "
                         f"{', '.join(f'{k}={v:.3f}' for k, v in fit.weights[items].items())}")
    return (raw / raw.sum()).rename("weight")


def construct_performance(fit: Any, data: pd.DataFrame, measurement: Mapping[str, Sequence[str]],
                          scale: Sequence[float] = (1, 10)) -> pd.DataFrame:
    """Each respondent's 0–100 performance score of every construct (weighted rescaled items)."""
    lo, hi = _scale(scale)
    out = {}
    for construct in measurement:
        w = item_weights(fit, data, measurement, construct)
        out[construct] = (data[list(w.index)] - lo).div(hi - lo).mul(100) @ w
    return pd.DataFrame(out, index=data.index)


def satisfaction_index(fit: Any, data: pd.DataFrame, measurement: Mapping[str, Sequence[str]],
                       construct: str = "satisfaction", scale: Sequence[float] = (1, 10)) -> float:
    """The CSI: the PLS-weighted mean of one construct's items on 0–100 (ACSI style).

    Examples
    --------
    >>> import labkit as lk
    >>> s = lk.load_survey()
    >>> m = lk.survey_measurement()
    >>> fit = lk.pls_sem(s, m, lk.ACSI)
    >>> round(satisfaction_index(fit, s, m), 1)
    61.1
    """
    return float(construct_performance(fit, data, {construct: measurement[construct]}, scale)[construct].mean())


def total_effects(paths: Mapping[tuple[str, str], float]) -> pd.DataFrame:
    """Total effects (direct + indirect) of every construct on every other: (I − B)⁻¹ − I.

    Examples
    --------
    >>> t = total_effects({("a", "b"): 0.5, ("b", "c"): 0.4, ("a", "c"): 0.1})
    >>> round(float(t.loc["a", "c"]), 2)   # 0.1 direct + 0.5 × 0.4 through b
    0.3
    """
    names = list(dict.fromkeys([s for s, _ in paths] + [t for _, t in paths]))
    pos = {n: i for i, n in enumerate(names)}
    b = np.zeros((len(names), len(names)))
    for (s, t), v in paths.items():
        b[pos[s], pos[t]] = float(v)
    total = np.linalg.inv(np.eye(len(names)) - b) - np.eye(len(names))
    return pd.DataFrame(total, index=names, columns=names)


def importance_performance(fit: Any, data: pd.DataFrame, measurement: Mapping[str, Sequence[str]],
                           target: str = "satisfaction", scale: Sequence[float] = (1, 10)) -> pd.DataFrame:
    """The importance–performance map of ``target``'s drivers (every construct with a path into it).

    Returns
    -------
    DataFrame
        One row per driver: ``importance`` (unstandardised total effect on ``target``: points
        of target performance per point of driver performance), ``standardised_effect`` and
        ``performance`` (mean 0–100 score), sorted by importance.

    Examples
    --------
    >>> import labkit as lk
    >>> s = lk.load_survey()
    >>> m = lk.survey_measurement()
    >>> ipma = importance_performance(lk.pls_sem(s, m, lk.ACSI), s, m)
    >>> list(ipma.index)
    ['quality', 'expectation', 'value']
    """
    total = total_effects(fit.paths)
    if target not in total.columns:
        raise ValueError(bilingual(f"target must be a construct of the model, got {target!r}"))
    drivers = [d for d in total.index if d != target and abs(total.loc[d, target]) > 0]
    if not drivers:
        raise ValueError(bilingual(f"target {target!r} has no drivers (no path leads into it)"))
    perf = construct_performance(fit, data, {k: measurement[k] for k in drivers + [target]}, scale)
    std = total.loc[drivers, target]
    unstd = std * perf[target].std(ddof=1) / perf[drivers].std(ddof=1)
    out = pd.DataFrame({"importance": unstd, "standardised_effect": std, "performance": perf[drivers].mean()})
    out.index.name = "driver"
    return out.sort_values("importance", ascending=False)
