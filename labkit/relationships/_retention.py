"""Retention economics (客户保持): acquisition against retention, the leaky bucket, implied retention, the process funnel and repurchase intention."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from labkit._validate import array_1d, finite_result, integer, number, probability
from labkit.relationships._customer_value import _positive
from labkit.relationships._tables import LIFECYCLE_PROCESSES, _codes
from labkit.errors import bilingual

__all__ = ['acquisition_vs_retention', 'leaky_bucket', 'implied_retention', 'process_funnel', 'repurchase_intention']


def acquisition_vs_retention(retention_cost: float, multiplier: float = 5, customers: int = 100) -> dict[str, float]:
    """What it costs to replace ``customers`` lost customers vs to keep them.

    acquisition cost per customer = multiplier × retention cost per customer.

    Examples
    --------
    >>> acquisition_vs_retention(100, 5, 100)
    {'acquisition_cost': 500.0, 'cost_to_replace': 50000.0, 'cost_to_keep': 10000.0, 'extra_cost': 40000.0}
    """
    r = _positive("retention_cost", retention_cost)
    k = number("multiplier", multiplier, low=1)
    n = integer("customers", customers, low=0)
    out = {"acquisition_cost": k * r, "cost_to_replace": k * r * n, "cost_to_keep": r * n,
           "extra_cost": (k - 1) * r * n}
    finite_result("acquisition_vs_retention", list(out.values()), "retention_cost, multiplier or customers")
    return out


def leaky_bucket(initial: int, new_per_period: float, retention: float, periods: int, *,
                 retention_cost: float = 0.0, multiplier: float = 5) -> pd.DataFrame:
    """Simulate a customer base that gains ``new_per_period`` and keeps a share ``retention`` each period.

    base[t] = retention × base[t-1] + new. The base settles at new / (1 − retention): a
    "leaky bucket" (漏桶) that refills as fast as it leaks looks fine but has no stable core.
    Costs: keeping a customer costs ``retention_cost``; winning one costs ``multiplier`` times that.

    Returns
    -------
    DataFrame
        period, start, lost, new, end, cost (retention cost of kept + acquisition cost of new).

    Examples
    --------
    >>> t = leaky_bucket(1000, 100, 0.9, 3)
    >>> t["end"].round(1).tolist()
    [1000.0, 1000.0, 1000.0]
    >>> float(leaky_bucket(0, 100, 0.5, 40)["end"].iloc[-1].round(3))
    200.0
    """
    base = _positive("initial", initial)
    new = _positive("new_per_period", new_per_period)
    r = probability("retention", retention)
    n = integer("periods", periods, low=1, high=100_000)
    c = _positive("retention_cost", retention_cost)
    k = number("multiplier", multiplier, low=1)
    t = np.arange(1, n + 1)
    # closed form of the recursion: start[t] = r^(t-1) * base + new * (1 - r^(t-1)) / (1 - r)
    with np.errstate(over="ignore", invalid="ignore"):
        powers = r ** (t - 1)
        grown = new * (t - 1) if r == 1 else new * (1 - powers) / (1 - r)
        start = powers * base + grown
        kept = r * start
        cost = kept * c + new * c * k
    finite_result("leaky_bucket", [start.max(), cost.max()], "initial, new_per_period, retention_cost or multiplier")
    return pd.DataFrame({"period": t, "start": start, "lost": start - kept, "new": np.full(n, new),
                         "end": kept + new, "cost": cost})


def implied_retention(lost_fraction: float, years: float) -> float:
    """Annual retention implied by losing ``lost_fraction`` of customers over ``years`` years.

    r = (1 − L)^(1/T). Losing half of the customers every five years means r ≈ 0.8706.

    Examples
    --------
    >>> round(implied_retention(0.36, 2), 4)
    0.8
    >>> implied_retention(1.2, 5)
    Traceback (most recent call last):
    ...
    ValueError: lost_fraction must be in [0, 1], got 1.2
    lost_fraction 必须在 0 到 1 之间（含 0 和 1），收到的是 1.2
    """
    lost = probability("lost_fraction", lost_fraction)
    t = number("years", years, low=0, low_open=True)
    return float((1 - lost) ** (1 / t))


def process_funnel(reached: int, response_rate: float, conversion_rate: float, retention_rate: float,
                   *, lang: str = "en") -> pd.DataFrame:
    """The five lifecycle processes as a funnel: reach → acquisition → conversion → retention, and churn.

    Examples
    --------
    >>> process_funnel(10_000, 0.2, 0.25, 0.6)["customers"].tolist()
    [10000.0, 2000.0, 500.0, 300.0, 200.0]
    """
    n = _positive("reached", reached)
    acquired = n * probability("response_rate", response_rate)
    converted = acquired * probability("conversion_rate", conversion_rate)
    retained = converted * probability("retention_rate", retention_rate)
    return pd.DataFrame({"process": _codes(LIFECYCLE_PROCESSES),
                         "label": [t.text(lang) for t in LIFECYCLE_PROCESSES],
                         "customers": [n, acquired, converted, retained, converted - retained]})


def repurchase_intention(perceived_value: float, satisfaction: float, switching_cost: float, *,
                         weights: Sequence[float] = (1, 1, 1)) -> float:
    """A repurchase-intention index from the retention model's three drivers (weighted mean).

    Linear form and positive signs are (standard, not in seeds). Inputs on one scale (e.g. 1–5).

    Examples
    --------
    >>> round(repurchase_intention(4, 4, 2), 2)
    3.33
    """
    x = np.array([number("perceived_value", perceived_value), number("satisfaction", satisfaction),
                  number("switching_cost", switching_cost)])
    w = array_1d("weights", weights)
    if w.size != 3 or (w < 0).any() or w.sum() == 0:
        raise ValueError(bilingual(f"weights must be 3 non-negative numbers, not all zero; got {list(weights)!r}"))
    return float(x @ w / w.sum())
