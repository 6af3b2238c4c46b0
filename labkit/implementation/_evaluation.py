"""Evaluating CRM and choosing a vendor (实施效果评价, CRM系统选型): indicators, weighted scorecards and sensitivity."""
from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

import numpy as np

from labkit._validate import array_1d, number, numeric_columns
from labkit.labels import Term
from labkit.errors import bilingual

__all__ = ['EVALUATION_PERSPECTIVES', 'INDICATORS', 'capability_indicators', 'VENDOR_CRITERIA', 'VENDOR_SCORES', 'weighted_scorecard', 'weight_sensitivity', 'points_to_weights', 'indicator_scores']


# Balanced-scorecard perspectives for CRM evaluation (standard, not in seeds).
EVALUATION_PERSPECTIVES: tuple[Term, ...] = (
    Term("financial", "Financial", "财务"),
    Term("customer", "Customer", "客户"),
    Term("process", "Internal process", "内部流程"),
    Term("learning", "Learning and growth", "学习与成长"),
)


# Indicators the warehouse can measure per year: code -> (term, perspective, worst, best).
# The worst/best anchors that map values to 0-100 are illustrative targets.
INDICATORS: dict[str, tuple[Term, str, float, float]] = {
    "revenue_per_customer": (Term("revenue_per_customer", "Revenue per active customer (yuan)", "活跃客户人均收入(元)"),
                             "financial", 500.0, 2000.0),
    "repeat_rate": (Term("repeat_rate", "Repeat-purchase rate", "重复购买率"), "customer", 0.3, 0.9),
    "satisfaction_after": (Term("satisfaction_after", "Satisfaction after recovery (0-10)", "补救后满意度(0-10)"),
                           "customer", 4.0, 9.0),
    "resolved_share": (Term("resolved_share", "Complaints fully resolved", "投诉完全解决率"), "process", 0.5, 1.0),
    "resolution_hours": (Term("resolution_hours", "Mean resolution time (hours)", "平均处理时长(小时)"),
                         "process", 96.0, 24.0),
}


# Vendor-selection criteria and illustrative 1-10 scores of the three candidate systems
# (the same A/B/C as the crm_cashflows data set).
VENDOR_CRITERIA: tuple[Term, ...] = (
    Term("function", "Functional fit", "功能匹配度"),
    Term("cost", "Total cost", "总体成本"),
    Term("integration", "Integration with existing systems", "系统集成能力"),
    Term("usability", "Ease of use", "易用性"),
    Term("service", "Vendor service and support", "供应商服务与支持"),
)


VENDOR_SCORES: dict[str, dict[str, float]] = {
    "A": {"function": 8, "cost": 6, "integration": 7, "usability": 7, "service": 8},
    "B": {"function": 6, "cost": 9, "integration": 6, "usability": 8, "service": 6},
    "C": {"function": 9, "cost": 4, "integration": 9, "usability": 6, "service": 7},
}


def capability_indicators(con) -> "Any":
    """Yearly CRM effect indicators measured on the warehouse (one row per year).

    Columns are the keys of :data:`INDICATORS`: revenue per active customer, the share of
    active customers who bought at least twice in the year, complaint satisfaction after
    recovery, the share of complaints fully resolved and the mean resolution time (closed
    cases).

    Examples
    --------
    >>> from labkit.warehouse import build_warehouse
    >>> capability_indicators(build_warehouse()).index.tolist()
    [2024, 2025]
    """
    from labkit.warehouse import WAREHOUSE_TABLES, query

    have = set(query(con, "SELECT name FROM sqlite_master WHERE type = 'table'")["name"])
    missing = [t for t in WAREHOUSE_TABLES if t not in have]
    if missing:
        raise ValueError(f"con must be the course warehouse (build_warehouse()); it lacks the table(s) "
                         f"{', '.join(missing)}")
    sales = query(con, """
        SELECT year, SUM(spend) / COUNT(*) AS revenue_per_customer, AVG(n >= 2) AS repeat_rate
        FROM (SELECT d.year, f.customer_key, SUM(f.amount) AS spend, COUNT(*) AS n
              FROM fact_sales f JOIN dim_date d USING (date_key) GROUP BY d.year, f.customer_key)
        GROUP BY year ORDER BY year""").set_index("year")
    service = query(con, """
        SELECT d.year, AVG(c.satisfaction_after) AS satisfaction_after,
               AVG(c.outcome = 'resolved') AS resolved_share, AVG(c.resolution_hours) AS resolution_hours
        FROM fact_complaint c JOIN dim_date d USING (date_key) GROUP BY d.year ORDER BY d.year""").set_index("year")
    return sales.join(service)[list(INDICATORS)].astype(float)


def _as_weights(weights: Any, criteria: Sequence[str] | None = None) -> dict[str, float]:
    """Validated weights as a plain dict (in the order of ``criteria`` when given)."""
    if hasattr(weights, "to_dict") and getattr(weights, "ndim", 2) == 1:
        weights = weights.to_dict()
    if not isinstance(weights, Mapping):
        raise TypeError(bilingual(f"weights must be a dict or Series of criterion -> weight, got {type(weights).__name__}"))
    w = {k: number(f"weights[{k!r}]", v) for k, v in weights.items()}
    negative = {k: v for k, v in w.items() if v < 0}
    if negative:
        raise ValueError(bilingual(f"weights must be >= 0, got {negative}"))
    total = sum(w.values())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ValueError(f"weights must sum to 1, got {total:.6g}; divide by their sum "
                         "(points_to_weights does that)")
    if criteria is not None:
        extra, missing = sorted(set(w) - set(criteria)), sorted(set(criteria) - set(w))
        if extra or missing:
            raise ValueError(f"weights and scores must name the same criteria; weights without scores: {extra}, "
                             f"scores without weights: {missing}")
        w = {c: w[c] for c in criteria}
    return w


def points_to_weights(points: Mapping[str, float]) -> dict[str, float]:
    """Turn importance points (e.g. out of 100) into weights that sum to 1.

    A plain expert weighting; chapter 3's weight methods give weights that can be used instead.

    Examples
    --------
    >>> points_to_weights({"cost": 30, "function": 50, "service": 20})
    {'cost': 0.3, 'function': 0.5, 'service': 0.2}
    """
    if not isinstance(points, Mapping) or not points:
        raise ValueError(bilingual("points must be a non-empty dict of criterion -> points"))
    vals = {k: number(f"points[{k!r}]", v, low=0) for k, v in points.items()}
    top = max(vals.values())
    vals = {k: v / top for k, v in vals.items()} if top > 0 else vals   # the shares do not change; no overflow
    total = sum(vals.values())
    if total <= 0:
        raise ValueError(bilingual("points must not all be 0"))
    return {k: v / total for k, v in vals.items()}


def weighted_scorecard(scores, weights):
    """Weighted scores of alternatives on criteria, ranked best first (加权评分法).

    Parameters
    ----------
    scores : pandas.DataFrame or dict
        One row per alternative (vendor, year, …), one column per criterion; a dict of
        alternative → {criterion: score} also works.
    weights : dict or pandas.Series
        Criterion → weight; non-negative and summing to 1 (to 1e-6). They may come from
        chapter 3's methods (AHP, expert weights) or :func:`points_to_weights`.

    Returns
    -------
    pandas.DataFrame
        The weighted score of each criterion (score × weight), ``total`` and ``rank``
        (1 = best), sorted by rank (ties keep the input order).

    Raises
    ------
    ValueError
        Weights that don't sum to 1, negative weights, or criteria that don't match.

    Examples
    --------
    >>> t = weighted_scorecard({"A": {"cost": 6, "fit": 9}, "B": {"cost": 9, "fit": 6}},
    ...                        {"cost": 0.4, "fit": 0.6})
    >>> t["total"].round(2).to_dict(), t["rank"].to_dict()
    ({'A': 7.8, 'B': 7.2}, {'A': 1, 'B': 2})
    """
    import pandas as pd

    table = _score_table(scores)
    w = _as_weights(weights, list(table.columns))
    weighted = table.to_numpy(float) * np.fromiter(w.values(), float)
    total = weighted.sum(axis=1)
    key = np.round(total, 9)  # equal totals tie even after different rounding paths
    rank = 1 + (key[None, :] > key[:, None]).sum(axis=1)
    order = np.argsort(rank, kind="stable")
    out = pd.DataFrame(weighted[order], index=table.index[order], columns=table.columns)
    out["total"] = total[order]
    out["rank"] = rank[order]
    return out


def _score_table(scores):
    """Scores as a numeric DataFrame (alternatives x criteria), checked."""
    import pandas as pd

    table = pd.DataFrame(scores).T if isinstance(scores, Mapping) else scores
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise ValueError(bilingual("scores must be a non-empty DataFrame (alternatives x criteria) or dict of dicts"))
    try:
        values = table.to_numpy(float)
    except (TypeError, ValueError):
        raise ValueError(bilingual("scores must be numbers with no missing values")) from None
    if np.isnan(values).any():
        raise ValueError(bilingual("scores must be numbers with no missing values"))
    if np.isinf(values).any():
        raise ValueError(bilingual("scores must be finite numbers; found an infinite value"))
    for what, labels in (("alternatives (rows)", table.index), ("criteria (columns)", table.columns)):
        if labels.duplicated().any():
            raise ValueError(f"scores must name each of its {what} once; repeated: "
                             f"{sorted(map(str, set(labels[labels.duplicated()])))}")
    return table


def weight_sensitivity(scores, weights, criterion: str, grid: Sequence[float] | None = None):
    """Total scores as the weight of one criterion moves from 0 to 1 (others rescaled in proportion).

    Returns a DataFrame indexed by the criterion's weight, one column per alternative, plus
    ``winner``. Where the winner changes, the ranking is sensitive to that weight.

    Examples
    --------
    >>> s = weight_sensitivity({"A": {"cost": 6, "fit": 9}, "B": {"cost": 9, "fit": 6}},
    ...                        {"cost": 0.4, "fit": 0.6}, "cost", grid=[0, 0.5, 1])
    >>> s["winner"].tolist()
    ['A', 'A', 'B']
    """
    import pandas as pd

    base = weighted_scorecard(scores, weights)
    table = _score_table(scores)
    w = _as_weights(weights, list(table.columns))
    if criterion not in w:
        raise ValueError(bilingual(f"criterion must be one of {', '.join(map(str, w))}; got {criterion!r}"))
    grid = np.linspace(0, 1, 21) if grid is None else array_1d("grid", grid)
    if ((grid < 0) | (grid > 1)).any():
        raise ValueError(bilingual("grid weights must lie in [0, 1]"))
    others = np.array([v for k, v in w.items() if k != criterion])
    others = others / others.sum() if others.sum() > 0 else np.full(others.size, 1 / max(others.size, 1))
    pos = list(w).index(criterion)
    weights_grid = np.insert(np.outer(1 - grid, others), pos, grid, axis=1)
    totals = weights_grid @ table.to_numpy(float).T
    out = pd.DataFrame(totals, columns=table.index, index=pd.Index(np.round(grid, 6), name=f"weight of {criterion}"))
    out = out[list(base.index)]
    out["winner"] = out.idxmax(axis=1)
    return out


def indicator_scores(values, worst, best, *, scale: float = 100.0):
    """Map indicator values onto a common 0–``scale`` score between a worst and a best value.

    ``best`` may be below ``worst`` (e.g. resolution hours: fewer is better). Values beyond
    the range are clipped. Works on numbers, Series or DataFrames (column-wise when ``worst``
    and ``best`` are dicts/Series).

    Examples
    --------
    >>> round(float(indicator_scores(48, worst=96, best=24)), 2)
    66.67
    """
    import pandas as pd

    scale = number("scale", scale, low=0, low_open=True)

    def one(v, lo, hi):
        lo, hi = number("worst", lo), number("best", hi)
        if lo == hi:
            raise ValueError(bilingual(f"worst and best must differ, both are {lo:g}"))
        return np.clip((v - lo) / (hi - lo), 0, 1) * scale

    if isinstance(values, pd.DataFrame):
        worst, best = pd.Series(worst), pd.Series(best)
        missing = sorted(set(values.columns) - set(worst.index) | set(values.columns) - set(best.index))
        if missing:
            raise ValueError(bilingual(f"worst and best need a value for every indicator; missing {missing}"))
        numeric = numeric_columns("values", values, list(values.columns))
        return pd.DataFrame({c: one(numeric[c], worst[c], best[c]) for c in values.columns})
    if isinstance(values, pd.Series):
        return pd.Series(one(array_1d("values", values), worst, best), index=values.index, name=values.name)
    if isinstance(values, (list, tuple, np.ndarray)):
        return one(array_1d("values", values), worst, best)
    return one(number("values", values), worst, best)
