"""Call-centre staffing (呼叫中心人员配置) with the Erlang C queueing formula — *Supplementary*.

The course names the call centre (呼叫中心) and its structure and functions but gives no
formula; Erlang C (the M/M/c queue: random arrivals, exponential handling times, callers
wait in one queue) is the standard staffing model of call-centre management.

With calls arriving at rate λ per hour, a mean handling time h (so the offered load is
A = λh erlangs) and c agents (c > A), the probability that a caller has to wait is

    P(wait) = c·B / (c − A·(1 − B)),  where B = P(c; A) / F(c; A)

is the Erlang B blocking probability, written with the Poisson pmf P and cdf F (from
:mod:`scipy.stats`). The share of calls answered within t seconds (the *service level*, e.g.
"80/20": 80% within 20 seconds) is 1 − P(wait)·exp(−(c − A)·t/h), and the average speed of
answer is P(wait)·h/(c − A).

Examples
--------
>>> from labkit.service import erlang_c, agents_needed
>>> r = erlang_c(calls_per_hour=100, handle_minutes=6, agents=12)
>>> round(r["p_wait"], 4), round(r["service_level"], 3)
(0.4494, 0.598)
>>> agents_needed(100, 6, target_level=0.8, target_seconds=20)
14
"""
from __future__ import annotations

import math

from labkit._validate import integer, number, probability
from labkit.errors import bilingual

__all__ = ["erlang_c", "agents_needed"]


def erlang_c(calls_per_hour: float, handle_minutes: float, agents: int, *,
             target_seconds: float = 20.0) -> dict[str, float]:
    """Erlang C: probability of waiting, service level and average speed of answer.

    Parameters
    ----------
    calls_per_hour : float
        Arrival rate λ (calls per hour), > 0.
    handle_minutes : float
        Mean handling time per call (talk + after-call work), in minutes, > 0.
    agents : int
        Number of agents c; must exceed the offered load A = λ·h (in erlangs), otherwise the
        queue grows without limit.
    target_seconds : float
        The answer-time target of the service level (20 for "80/20").

    Returns
    -------
    dict
        ``load`` (erlangs), ``occupancy`` (A/c), ``p_wait``, ``service_level`` (share answered
        within ``target_seconds``) and ``asa_seconds`` (average speed of answer).

    Examples
    --------
    >>> erlang_c(60, 1, 2)["p_wait"]   # one erlang on two agents: the M/M/2 value 1/3
    0.3333333333333333
    >>> erlang_c(60, 2, 2)
    Traceback (most recent call last):
    ...
    ValueError: agents must exceed the offered load of 2 erlangs (calls_per_hour × handle_minutes / 60), got 2
    """
    from scipy.stats import poisson

    lam = number("calls_per_hour", calls_per_hour, low=0)
    h = number("handle_minutes", handle_minutes, low=0)
    if lam <= 0 or h <= 0:
        raise ValueError(bilingual(f"calls_per_hour and handle_minutes must be > 0, got {calls_per_hour} and {handle_minutes}"))
    c = integer("agents", agents, low=1)
    t = number("target_seconds", target_seconds, low=0)
    load = lam * h / 60.0
    if c <= load:
        raise ValueError(f"agents must exceed the offered load of {load:g} erlangs "
                         f"(calls_per_hour × handle_minutes / 60), got {c}")
    blocking = float(poisson.pmf(c, load) / poisson.cdf(c, load))
    p_wait = c * blocking / (c - load * (1 - blocking))
    h_sec = h * 60.0
    level = 1 - p_wait * math.exp(-(c - load) * t / h_sec)
    return {"load": load, "occupancy": load / c, "p_wait": p_wait, "service_level": level,
            "asa_seconds": p_wait * h_sec / (c - load)}


def agents_needed(calls_per_hour: float, handle_minutes: float, *, target_level: float = 0.8,
                  target_seconds: float = 20.0, max_agents: int = 10_000) -> int:
    """The fewest agents whose Erlang C service level reaches ``target_level`` within ``target_seconds``.

    Examples
    --------
    >>> agents_needed(100, 6)          # 10 erlangs at "80/20"
    14
    """
    goal = probability("target_level", target_level)
    cap = integer("max_agents", max_agents, low=1)
    load = number("calls_per_hour", calls_per_hour, low=0) * number("handle_minutes", handle_minutes, low=0) / 60
    c = max(1, math.floor(load) + 1)
    while c <= cap:
        if erlang_c(calls_per_hour, handle_minutes, c, target_seconds=target_seconds)["service_level"] >= goal:
            return c
        c += 1
    raise ValueError(bilingual(f"no staffing up to max_agents={cap} reaches target_level={goal}"))
