"""The gap model with over-promising (不过度承诺): how a promise sets the expectation — *illustrative*.

The course names the service-quality gap model as a difficult point but gives no formula. This
module is the simplest reading that makes gaps 4 and 5 computable on a 1-7 scale: customers'
expectation mixes what they expected anyway with what the firm promised,

    expected = w · promised + (1 − w) · prior,

gap 4 (communication, 沟通差距) = delivered − promised, and gap 5 (customer, 客户差距) =
perceived − expected, with perceived = delivered. The weight w is an assumption, not a
measured quantity.

Examples
--------
>>> g = promise_gaps(prior=5, promised=6.5, delivered=5.5, promise_weight=0.6)
>>> g["expected"], g["gap_4"], g["gap_5"]
(5.9, -1.0, -0.4)
"""
from __future__ import annotations

from labkit._validate import number, probability

__all__ = ["promise_gaps"]


def promise_gaps(prior: float, promised: float, delivered: float, *, promise_weight: float = 0.5) -> dict[str, float]:
    """Expectation, gap 4 and gap 5 when a promise shapes what customers expect (1-7 scale).

    Parameters
    ----------
    prior : float
        What customers would expect without the promise (1-7).
    promised : float
        The level the firm's communication promises (1-7).
    delivered : float
        The level the service delivers, taken as what customers perceive (1-7).
    promise_weight : float
        How much the promise moves the expectation, in [0, 1] (illustrative).

    Returns
    -------
    dict
        ``expected``, ``gap_4`` (delivered − promised) and ``gap_5`` (delivered − expected);
        negative gaps mean the service falls short.

    Examples
    --------
    >>> promise_gaps(5, 5, 5)["gap_5"]
    0.0
    >>> promise_gaps(5, 8, 5)
    Traceback (most recent call last):
    ...
    ValueError: promised must be <= 7, got 8
    promised 必须 ≤ 7，收到的是 8
    """
    p0 = number("prior", prior, low=1, high=7)
    pr = number("promised", promised, low=1, high=7)
    d = number("delivered", delivered, low=1, high=7)
    w = probability("promise_weight", promise_weight)
    expected = w * pr + (1 - w) * p0
    return {"expected": round(expected, 10), "gap_4": round(d - pr, 10), "gap_5": round(d - expected, 10)}
