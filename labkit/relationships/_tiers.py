"""Customer tiers (客户分级): the course's tier table and tiers of a real customer base."""
from __future__ import annotations

import numpy as np
import pandas as pd

from labkit._validate import array_1d, integer, number, one_of, probability
from labkit.relationships._tables import CUSTOMER_TIERS, PARETO_TIERS
from labkit.errors import bilingual

__all__ = ['tier_table', 'customer_tiers', 'tier_summary']


def tier_table(n_customers: int, total_profit: float, *, scheme: str = "three", lang: str = "en") -> pd.DataFrame:
    """The stylised tier table: each tier's customers, profit and profit per customer.

    ``scheme="three"`` uses the 80/15/5 table [seed 001]; ``scheme="80/20"`` the 80/20 rule [seed 002].

    Examples
    --------
    >>> t = tier_table(1000, 1_000_000)
    >>> t["profit_per_customer"].tolist()
    [62.5, 1000.0, 16000.0]
    """
    n = integer("n_customers", n_customers, low=1, high=10**12)
    p = number("total_profit", total_profit)
    one_of("scheme", scheme, ("three", "80/20"))
    rows = [(t, sc, sp, g) for t, sc, sp, g in CUSTOMER_TIERS] if scheme == "three" else \
        [(t, sc, sp, None) for t, sc, sp in PARETO_TIERS]
    df = pd.DataFrame({
        "tier": [t.code for t, *_ in rows],
        "label": [t.text(lang) for t, *_ in rows],
        "share_customers": [sc for _, sc, _, _ in rows],
        "share_profit": [sp for _, _, sp, _ in rows],
        "customers": [n * sc for _, sc, _, _ in rows],
        "profit": [p * sp for _, _, sp, _ in rows],
    })
    df["profit_per_customer"] = df["profit"] / df["customers"]
    if scheme == "three":
        df["goal"] = [g.text(lang) for *_, g in rows]
    return df


def customer_tiers(profit, *, key_share: float = 0.05, potential_share: float = 0.15,
                   summary: bool = False) -> pd.DataFrame:
    """Rank customers by profit and label the tiers: key (top 5%), potential (next 15%), ordinary.

    Parameters
    ----------
    profit : Series or array of numbers
        Profit per customer (a Series keeps its index, e.g. customer ids).
    key_share, potential_share : float
        Shares of customers in the top two tiers (rounded to whole customers).
    summary : bool
        Return the per-tier summary (:func:`tier_summary`) instead of the per-customer table.

    Returns
    -------
    DataFrame
        One row per customer in the input order: profit, rank (1 = most profitable) and tier;
        with ``summary=True``, one row per tier: customers, profit, their shares and the
        course table's shares.

    Examples
    --------
    >>> t = customer_tiers([5, 100, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19])
    >>> t["tier"].value_counts().to_dict()
    {'ordinary': 16, 'potential': 3, 'key': 1}
    >>> round(float(tier_summary(t).loc["key", "share_profit"]), 3)
    0.345
    >>> customer_tiers([3, 1, 2, 0, 5], summary=True)["customers"].tolist()
    [4, 1, 0]
    """
    index = profit.index if isinstance(profit, pd.Series) else None
    values = array_1d("profit", profit)
    k = probability("key_share", key_share)
    q = probability("potential_share", potential_share)
    if k + q > 1:
        raise ValueError(bilingual(f"key_share + potential_share must be <= 1, got {k + q!r}"))
    n = values.size
    order = np.argsort(-values, kind="stable")
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(1, n + 1)
    n_key = int(round(n * k))
    n_pot = int(round(n * (k + q))) - n_key
    tier = np.where(rank <= n_key, "key", np.where(rank <= n_key + n_pot, "potential", "ordinary"))
    table = pd.DataFrame({"profit": values, "rank": rank, "tier": tier}, index=index)
    return tier_summary(table) if summary else table


def tier_summary(tiers: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """Each tier's customers, profit and shares, next to the course table's shares.

    Examples
    --------
    >>> s = tier_summary(customer_tiers(list(range(100))))
    >>> s["customers"].tolist()
    [80, 15, 5]
    """
    if not isinstance(tiers, pd.DataFrame) or not {"profit", "tier"} <= set(tiers.columns):
        raise TypeError(bilingual("tiers must be the DataFrame returned by customer_tiers(profit)"))
    g = tiers.groupby("tier")["profit"].agg(["size", "sum"]).reindex([t.code for t, *_ in CUSTOMER_TIERS],
                                                                     fill_value=0)
    total = tiers["profit"].sum()
    if total <= 0:
        raise ValueError(bilingual(f"profit must add up to more than 0 to give each tier's share of it, got a total of {total:g}"))
    out = pd.DataFrame({
        "label": [t.text(lang) for t, *_ in CUSTOMER_TIERS],
        "customers": g["size"].astype(int),
        "profit": g["sum"].astype(float),
        "share_customers": g["size"] / len(tiers),
        "share_profit": g["sum"] / total,
        "course_share_customers": [sc for _, sc, _, _ in CUSTOMER_TIERS],
        "course_share_profit": [sp for _, _, sp, _ in CUSTOMER_TIERS],
    }, index=g.index)
    out.index.name = "tier"
    return out
