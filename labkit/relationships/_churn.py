"""Customer churn (客户流失): reasons, absolute and relative churn rates, and a keyword tagger for churn causes."""
from __future__ import annotations

import numpy as np
import pandas as pd

from labkit._validate import array_1d, finite_result, integer, mapping, number, one_of
from labkit.relationships._tables import (
    CHURN_CAUSE_KEYWORDS,
    CHURN_CAUSES,
    LEAVE_REASONS,
)
from labkit.errors import bilingual

__all__ = ['churn_reasons', 'churn_rates', 'observed_churn_rates', 'classify_churn_cause']


def churn_reasons(n_churned: int, counts: dict[str, int] | None = None, *, lang: str = "en") -> pd.DataFrame:
    """Expected churners by reason under the 68/16/9/7% benchmark, optionally next to a firm's counts.

    Examples
    --------
    >>> churn_reasons(200)["expected"].round(6).tolist()
    [136.0, 32.0, 18.0, 14.0]
    """
    n = integer("n_churned", n_churned, low=0)
    df = pd.DataFrame({"reason": [t.code for t, _ in LEAVE_REASONS],
                       "label": [t.text(lang) for t, _ in LEAVE_REASONS],
                       "benchmark_share": [s for _, s in LEAVE_REASONS]})
    df["expected"] = n * df["benchmark_share"]
    if counts is not None:
        one_of_codes = df["reason"].tolist()
        for k in mapping("counts", counts):
            one_of("counts key", k, one_of_codes)
        df["observed"] = [integer(f"counts[{c!r}]", counts.get(c, 0), low=0) for c in one_of_codes]
        total = df["observed"].sum()
        df["observed_share"] = df["observed"] / total if total else 0.0
    return df


def churn_rates(n_total: int, n_lost: int, *, avg_purchase_lost: float | None = None,
                avg_purchase_all: float | None = None) -> dict[str, float]:
    """Absolute (绝对) and relative (相对) churn rate.

    absolute = n_lost / n_total; relative = absolute × (avg purchase of lost / avg purchase of all),
    i.e. the share of purchase value that left. Formulas (standard, not in seeds).

    Examples
    --------
    >>> churn_rates(400, 30)
    {'absolute': 0.075}
    >>> churn_rates(400, 30, avg_purchase_lost=150, avg_purchase_all=300)
    {'absolute': 0.075, 'relative': 0.0375}
    >>> churn_rates(100, 120)
    Traceback (most recent call last):
    ...
    ValueError: n_lost must be <= n_total (100), got 120
    """
    n = integer("n_total", n_total, low=1)
    lost = integer("n_lost", n_lost, low=0)
    if lost > n:
        raise ValueError(bilingual(f"n_lost must be <= n_total ({n}), got {n_lost!r}"))
    out = {"absolute": lost / n}
    if (avg_purchase_lost is None) != (avg_purchase_all is None):
        raise ValueError(bilingual("give both avg_purchase_lost and avg_purchase_all for the relative rate, or neither"))
    if avg_purchase_lost is not None:
        a_lost = number("avg_purchase_lost", avg_purchase_lost, low=0)
        a_all = number("avg_purchase_all", avg_purchase_all, low=0, low_open=True)
        out["relative"] = finite_result("the relative churn rate", lost / n * (a_lost / a_all),
                                        "avg_purchase_lost")
    return out


def observed_churn_rates(churned, purchases) -> dict[str, float]:
    """Absolute and relative churn rate from per-customer data (a 0/1 churn flag and purchase value).

    Examples
    --------
    >>> observed_churn_rates([1, 0, 0, 0], [300, 100, 100, 100])
    {'absolute': 0.25, 'relative': 0.5}
    """
    flag = array_1d("churned", churned)
    spend = array_1d("purchases", purchases)
    if flag.size != spend.size:
        raise ValueError(bilingual(f"churned and purchases must have the same length, got {flag.size} and {spend.size}"))
    if not np.isin(flag, (0, 1)).all():
        raise ValueError(bilingual("churned must contain only 0 and 1"))
    if (spend < 0).any():
        raise ValueError(bilingual(f"purchases must be >= 0, got {spend[spend < 0][0]:g}"))
    if spend.sum() <= 0:
        raise ValueError(bilingual("purchases must not all be 0: the relative churn rate divides by the average purchase"))
    lost = int(flag.sum())
    return churn_rates(flag.size, lost, avg_purchase_lost=float(spend[flag == 1].mean()) if lost else 0.0,
                       avg_purchase_all=float(spend.mean()))


def classify_churn_cause(text: str) -> dict[str, str]:
    """Guess a churn cause from a customer's words with a keyword baseline (English or Chinese).

    Counts the cues of :data:`CHURN_CAUSE_KEYWORDS` found in ``text`` (case-insensitive); the
    cause with most cues wins, ties going to the earlier cause of :data:`CHURN_CAUSES`. A
    baseline to beat, not a model: negation ("not because of the price") fools it.

    Returns
    -------
    dict
        cause (a code of :data:`CHURN_CAUSES`, or "unknown"), side ("firm", "customer" or
        "unknown") and the cues that matched.

    Examples
    --------
    >>> classify_churn_cause("We moved to another city")["cause"]
    'objective'
    >>> classify_churn_cause("竞争对手的价格更便宜")
    {'cause': 'competitors', 'side': 'customer', 'cues': '竞争对手, 更便宜'}
    >>> classify_churn_cause("no reason")["cause"]
    'unknown'
    """
    if not isinstance(text, str):
        raise TypeError(bilingual(f"text must be a string, got {type(text).__name__}"))
    lowered = text.lower()
    best, cues = "unknown", []
    for term, _ in CHURN_CAUSES:
        hits = [k for k in CHURN_CAUSE_KEYWORDS[term.code] if k in lowered]
        if len(hits) > len(cues):
            best, cues = term.code, hits
    side = dict((t.code, s) for t, s in CHURN_CAUSES).get(best, "unknown")
    return {"cause": best, "side": side, "cues": ", ".join(cues)}
