"""The value of a customer (客户价值): yearly and lifetime revenue, and word of mouth."""
from __future__ import annotations

import math
from typing import Any

from labkit._validate import finite_result, integer, number

__all__ = ['customer_value', 'lifetime_revenue', 'word_of_mouth']


def _positive(name: str, value: Any) -> float:
    return number(name, value, low=0)


def customer_value(avg_item_value: float, items_per_purchase: float, purchases_per_year: float,
                   years: float, referrals: float = 1) -> float:
    """The retail customer-value formula (顾客的价值): the product of the five factors.

    value = average item value × items per purchase × purchases per year × years × referrals.
    A motivational heuristic: no margin and no discounting (compare discounted CLV in
    chapter 4).

    Examples
    --------
    >>> customer_value(20, 1, 12, 5)
    1200.0
    """
    factors = {"avg_item_value": avg_item_value, "items_per_purchase": items_per_purchase,
               "purchases_per_year": purchases_per_year, "years": years, "referrals": referrals}
    return _product(factors)


def _product(factors: dict[str, Any]) -> float:
    value = float(math.prod(_positive(n, v) for n, v in factors.items()))
    return finite_result("the customer value", value, " or ".join(factors))


def lifetime_revenue(spend_per_visit: float, visits_per_year: float, years: float) -> float:
    """Simple lifetime revenue: spend per visit × visits per year × years (the Stew Leonard rule).

    Examples
    --------
    >>> lifetime_revenue(80, 52, 5)
    20800.0
    """
    return _product({"spend_per_visit": spend_per_visit, "visits_per_year": visits_per_year, "years": years})


def word_of_mouth(n_loyal: int = 1, *, influenced: float = 25, motivated: float = 8, buyers: float = 1) -> dict[str, float]:
    """The word-of-mouth cascade: each loyal customer influences 25, motivates 8, and ≥ 1 buys.

    Examples
    --------
    >>> word_of_mouth(10)
    {'influenced': 250.0, 'motivated': 80.0, 'buyers': 10.0}
    """
    n = integer("n_loyal", n_loyal, low=0)
    out = {k: float(n * _positive(k, v)) for k, v in (("influenced", influenced), ("motivated", motivated),
                                                       ("buyers", buyers))}
    finite_result("word_of_mouth", list(out.values()), "n_loyal or the multipliers")
    return out
