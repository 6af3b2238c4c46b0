"""Satisfaction and loyalty: the quadrants, the satisfaction trap, a loyalty scorecard and a points simulator."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from labkit import _validate as v
from labkit.labels import Term
from labkit.satisfaction._csi import _weights_vector
from labkit.satisfaction._tables import LOYALTY_MEASURES, QUADRANTS
from labkit.errors import bilingual

__all__ = ['satisfaction_quadrant', 'satisfaction_trap', 'TrapResult', 'loyalty_scorecard', 'points_simulator']


def satisfaction_quadrant(satisfaction: float, loyalty: float, *, sat_threshold: float,
                          loyal_threshold: float) -> Term:
    """The satisfaction-loyalty quadrant (满意-忠诚四象限) of one customer.

    A customer is satisfied when ``satisfaction >= sat_threshold`` and loyal when
    ``loyalty >= loyal_threshold``.

    Examples
    --------
    >>> satisfaction_quadrant(4.5, 0, sat_threshold=4, loyal_threshold=1).zh
    '满意但不忠诚'
    """
    s, l_ = v.number("satisfaction", satisfaction), v.number("loyalty", loyalty)
    sat = s >= v.number("sat_threshold", sat_threshold)
    loyal = l_ >= v.number("loyal_threshold", loyal_threshold)
    return QUADRANTS[(0 if loyal else 1) if sat else (2 if loyal else 3)]


@dataclass(frozen=True)
class TrapResult:
    """Quadrant counts and shares, the correlation, and the satisfied-but-not-loyal share."""

    table: pd.DataFrame = field(repr=False)
    correlation: float
    satisfied_share: float
    loyal_share: float
    trap_share: float
    trap_share_of_satisfied: float


def satisfaction_trap(satisfaction: Any, loyalty: Any, *, sat_threshold: float,
                      loyal_threshold: float) -> TrapResult:
    """Check for the satisfaction trap (满意度陷阱) on per-customer scores.

    Parameters
    ----------
    satisfaction, loyalty : array-like
        One satisfaction score and one loyalty score per customer.
    sat_threshold, loyal_threshold : float
        Scores at or above these count as satisfied / loyal.

    Returns
    -------
    TrapResult
        ``table`` (quadrant, customers, share), the Pearson correlation, the share of
        satisfied and of loyal customers, ``trap_share`` (satisfied but not loyal, of all) and
        ``trap_share_of_satisfied`` (of the satisfied).

    Examples
    --------
    >>> r = satisfaction_trap([9, 9, 9, 3], [9, 2, 3, 2], sat_threshold=8, loyal_threshold=8)
    >>> r.trap_share, round(r.trap_share_of_satisfied, 3)
    (0.5, 0.667)
    """
    s = v.array_1d("satisfaction", satisfaction)
    l_ = v.array_1d("loyalty", loyalty)
    if len(s) != len(l_):
        raise ValueError(bilingual(f"satisfaction and loyalty must have the same length, got {len(s)} and {len(l_)}"))
    sat = s >= v.number("sat_threshold", sat_threshold)
    loyal = l_ >= v.number("loyal_threshold", loyal_threshold)
    counts = [int((sat & loyal).sum()), int((sat & ~loyal).sum()), int((~sat & loyal).sum()),
              int((~sat & ~loyal).sum())]
    n = len(s)
    table = pd.DataFrame({"quadrant": [q.en for q in QUADRANTS], "象限": [q.zh for q in QUADRANTS],
                          "customers": counts, "share": [c / n for c in counts]},
                         index=pd.Index([q.code for q in QUADRANTS], name="code"))
    corr = float(np.corrcoef(s, l_)[0, 1]) if n > 1 and s.std() > 0 and l_.std() > 0 else 0.0
    n_sat = int(sat.sum())
    return TrapResult(table, corr, n_sat / n, float(loyal.mean()), counts[1] / n,
                      counts[1] / n_sat if n_sat else 0.0)


def loyalty_scorecard(data: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Loyalty-measure scorecard (客户忠诚的衡量指标): 0-1 sub-scores and a 0-100 composite.

    Each column named after a measure code of :data:`LOYALTY_MEASURES` is min-max normalised over
    the rows (reversed for price sensitivity and selection time, where lower means more loyal);
    the composite is the weighted mean of the sub-scores times 100.

    Parameters
    ----------
    data : DataFrame
        One row per customer; columns among ``repeat_purchases``, ``spending_share``,
        ``price_sensitivity``, ``selection_time``, ``competitor_attitude``,
        ``quality_tolerance``, ``nps``.
    weights : dict, optional
        Measure -> weight (summing to 1); equal weights by default.

    Examples
    --------
    >>> df = pd.DataFrame({"repeat_purchases": [12, 2, 6], "price_sensitivity": [1, 5, 3]},
    ...                   index=["Li", "Wang", "Zhang"])
    >>> loyalty_scorecard(df)["loyalty_index"].tolist()
    [100.0, 0.0, 45.0]
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(bilingual(f"data must be a pandas DataFrame, got {type(data).__name__}"))
    known = {t.code: inverse for t, inverse in LOYALTY_MEASURES}
    cols = [c for c in data.columns if c in known]
    if not cols:
        raise ValueError(bilingual(f"data must have at least one loyalty-measure column ({', '.join(known)})"))
    if weights is None:
        w = pd.Series(1 / len(cols), index=cols)
    else:
        unknown = [k for k in weights if k not in cols]
        if unknown:
            raise ValueError(bilingual(f"weights name measures not in data: {', '.join(map(str, unknown))}"))
        w = pd.Series({c: float(weights.get(c, 0.0)) for c in cols})
        _weights_vector("weights", w.to_numpy())
    x = v.numeric_columns("data", data, cols)
    span = (x.max() - x.min()).replace(0, np.nan)
    sub = ((x - x.min()) / span).fillna(0.5)
    for c in cols:
        if known[c]:
            sub[c] = 1 - sub[c]
    out = sub.add_suffix("_score")
    out["loyalty_index"] = (sub @ w * 100).round(10)
    return out


def points_simulator(amounts: Any, *, points_per_yuan: float = 1.0,
                     tiers: Mapping[str, float] | None = None,
                     multipliers: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Simulate a points-and-tiers loyalty programme over one member's purchases.

    Points earned = amount × ``points_per_yuan`` × the multiplier of the member's tier at the
    time of purchase; the tier is the highest one whose threshold the cumulative points reach.

    Parameters
    ----------
    amounts : sequence of float
        Purchase amounts in yuan, in time order.
    points_per_yuan : float
        Base earning rate.
    tiers : dict
        Tier name -> cumulative-points threshold; default {"member": 0, "silver": 500, "gold": 2000}.
    multipliers : dict, optional
        Tier name -> earning multiplier (1 for tiers not listed).

    Examples
    --------
    >>> t = points_simulator([300, 300, 1000], tiers={"member": 0, "silver": 500},
    ...                      multipliers={"silver": 1.5})
    >>> t[["points", "cumulative", "tier"]].values.tolist()
    [[300.0, 300.0, 'member'], [300.0, 600.0, 'silver'], [1500.0, 2100.0, 'silver']]
    """
    a = v.array_1d("amounts", amounts)
    if (a < 0).any():
        raise ValueError(bilingual(f"amounts must not be negative, got {a[a < 0][0]:g}"))
    rate = v.number("points_per_yuan", points_per_yuan, low=0)
    tiers = dict(v.mapping("tiers", tiers, allow_empty=False)) if tiers is not None else \
        {"member": 0, "silver": 500, "gold": 2000}
    tiers = {k: v.number(f"tiers[{k!r}]", t, low=0) for k, t in tiers.items()}
    if min(tiers.values()) != 0:
        raise ValueError(bilingual(f"tiers must include a starting tier with threshold 0, got {tiers!r}"))
    multipliers = {k: v.number(f"multipliers[{k!r}]", m, low=0)
                   for k, m in v.mapping("multipliers", multipliers if multipliers is not None else {}).items()}
    unknown = [k for k in multipliers if k not in tiers]
    if unknown:
        raise ValueError(bilingual(f"multipliers name unknown tiers: {', '.join(unknown)}"))
    order = sorted(tiers.items(), key=lambda kv: kv[1])
    rows, cum = [], 0.0
    tier = order[0][0]
    for i, amount in enumerate(a, start=1):
        earned = float(amount) * rate * float(multipliers.get(tier, 1.0))
        cum += earned
        v.finite_result("the points", cum, "amounts or points_per_yuan")
        tier = [name for name, threshold in order if cum >= threshold][-1]
        rows.append((i, float(amount), earned, cum, tier))
    return pd.DataFrame(rows, columns=["purchase", "amount", "points", "cumulative", "tier"])
