"""The business case of a CRM project: NPV (净现值), IRR (内部收益率) and payback (投资回收期)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from labkit._validate import array_1d, dataframe, finite_result, number, numeric_columns, one_of
from labkit.errors import bilingual

__all__ = ['project_npv', 'project_irr', 'project_irrs', 'IRR_RANGE', 'payback_period', 'BusinessCase', 'business_case', 'project_cashflows', 'compare_projects']


def _flows(cash_flows: Any) -> np.ndarray:
    arr = array_1d("cash_flows", cash_flows)
    if not np.isfinite(arr).all():
        raise ValueError(bilingual("cash_flows must be finite numbers"))
    return arr


def project_npv(cash_flows: Sequence[float], rate: float) -> float:
    """Net present value (净现值) of yearly cash flows, the first at time 0 (not discounted).

    .. math:: NPV = \\sum_{t=0}^{T} \\frac{CF_t}{(1+r)^t}

    Same convention as ``numpy_financial.npv``.

    Examples
    --------
    >>> round(project_npv([-100, 39, 59, 55, 20], 0.281), 6)
    -0.008479
    """
    flows = _flows(cash_flows)
    r = number("rate", rate, low=-1, low_open=True)
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(np.sum(flows / (1 + r) ** np.arange(flows.size)))
    return finite_result("project_npv", value, "cash_flows (or a rate near -100%)")


def _newton(f, df, x: float) -> float:
    """Newton's method from ``x`` (at most 50 steps; stops where the step underflows or fails)."""
    for _ in range(50):
        fx, dfx = f(x), df(x)
        if fx == 0 or dfx == 0 or not np.isfinite(dfx):
            break
        x_new = x - fx / dfx
        if not np.isfinite(x_new) or x_new <= 0:
            break
        done = abs(x_new - x) <= 1e-15 * max(1.0, abs(x))
        x = x_new
        if done:
            break
    return float(x)


# IRRs are searched for in this range of rates (-99 % to 10,000 %).
IRR_RANGE = (-0.99, 100.0)


def project_irrs(cash_flows: Sequence[float]) -> list[float]:
    """Every internal rate of return in (-99 %, 10,000 %]: all rates where the NPV is zero, ascending.

    The NPV is a polynomial in the discount factor x = 1/(1+r): ``sum CF_t x^t``. Its roots are
    found with :func:`numpy.roots` (the method of ``numpy_financial.irr``), so tangent roots
    (NPV touching zero, e.g. ``[-1, 2, -1]`` at 0 %) and roots closer together than any grid
    (10 % and 10.1 % for ``[1, -2.201, 1.2111]``) are found too; each real positive root is
    then polished with Newton steps on the NPV and kept only if the NPV there is zero to
    1e-9 of the flows' size.

    Examples
    --------
    >>> [round(r, 6) for r in project_irrs([1, -2.201, 1.2111])]
    [0.1, 0.101]
    >>> project_irrs([-1, 2, -1])
    [0.0]
    >>> project_irrs([-100, 39, 59, 55, 20])  # doctest: +ELLIPSIS
    [0.28094...]
    """
    flows = _flows(cash_flows)
    nz = flows[flows != 0]
    if nz.size == 0 or (nz > 0).all() or (nz < 0).all():
        kind = "non-negative" if (nz >= 0).all() else "non-positive"
        raise ValueError("cash_flows must change sign at least once (an outlay and a return) for an IRR to exist; "
                         f"got all {kind} flows")
    scale = float(np.abs(flows).max())
    c = flows / scale
    t = np.arange(c.size)
    low, high = IRR_RANGE
    poly = np.polynomial.Polynomial(c)
    d1, d2 = poly.deriv(), poly.deriv(2)
    found: list[float] = []
    for x in poly.roots():
        if abs(x.imag) > 1e-6 * max(1.0, abs(x)) or x.real <= 0:
            continue
        x = float(x.real)
        # polish: Newton on P for a simple root, Newton on P' for a double (tangent) root, where
        # P is flat and only about sqrt(machine epsilon) of accuracy is reachable through P itself
        simple, double = _newton(poly, d1, x), _newton(d1, d2, x)
        x = double if double > 0 and abs(poly(double)) <= max(abs(poly(simple)), 1e-15) else simple
        r = 1 / x - 1
        if not low <= r <= high:
            continue
        with np.errstate(over="ignore", invalid="ignore"):
            npv = float(np.sum(c / (1 + r) ** t))
        if np.isfinite(npv) and abs(npv) <= 1e-9 * max(1.0, float(np.abs(c / (1 + r) ** t).sum())):
            found.append(0.0 if abs(r) < 1e-12 else float(r))
    roots: list[float] = []
    for r in sorted(found):             # a double root comes back twice: keep it once
        if not roots or abs(r - roots[-1]) > 1e-7 * max(1.0, abs(r)):
            roots.append(r)
    if not roots:
        raise ValueError("no IRR found between -99% and 10000% for these cash_flows: the NPV is not zero at any "
                         "rate in that range")
    return roots


def project_irr(cash_flows: Sequence[float]) -> float:
    """Internal rate of return (内部收益率): the rate where the NPV is zero.

    All roots in (-99 %, 10,000 %] come from :func:`project_irrs`; when the flows change sign
    more than once and there are several, the one closest to zero is returned (as
    ``numpy_financial.irr`` does).

    Raises
    ------
    ValueError
        If the flows never change sign (no IRR exists) or the NPV is zero at no rate in range.

    Examples
    --------
    >>> round(project_irr([-100, 39, 59, 55, 20]), 5)
    0.28095
    >>> project_irr([100, 50, 20])
    Traceback (most recent call last):
    ...
    ValueError: cash_flows must change sign at least once (an outlay and a return) for an IRR to exist; got all non-negative flows
    """
    return min(project_irrs(cash_flows), key=abs)


def payback_period(cash_flows: Sequence[float], rate: float | None = None) -> float:
    """Years until cumulative (optionally discounted) cash flow turns non-negative (投资回收期).

    Flows are yearly with the first at time 0; within the year of payback the flow is
    assumed to arrive evenly, so the result is interpolated (e.g. 2.4 years). With ``rate``
    the flows are discounted first (discounted payback).

    Returns
    -------
    float
        Years; ``0.0`` if the cumulative flow never goes negative, ``math.inf`` if it never pays back
        within the flows given.

    Examples
    --------
    >>> payback_period([-100, 30, 40, 50])
    2.6
    >>> payback_period([-100, 10, 10])
    inf
    """
    flows = _flows(cash_flows)
    if rate is not None:
        r = number("rate", rate, low=-1, low_open=True)
        with np.errstate(over="ignore"):       # a huge rate discounts later flows to 0
            flows = flows / (1 + r) ** np.arange(flows.size)
    cum = np.cumsum(flows)
    negative = np.nonzero(cum < 0)[0]
    if negative.size == 0:
        return 0.0
    # payback must be final: a later dip below zero (e.g. a re-investment) moves it on
    last = int(negative[-1])
    if last == cum.size - 1:
        return math.inf
    return float(last + (-cum[last]) / flows[last + 1])


@dataclass(frozen=True)
class BusinessCase:
    """The headline numbers of a project's cash flows at a discount rate."""

    npv: float
    irr: float | None
    payback: float
    discounted_payback: float
    roi: float | None
    rate: float

    def __repr__(self) -> str:
        irr = "n/a" if self.irr is None else f"{self.irr:.1%}"
        roi = "n/a" if self.roi is None else f"{self.roi:.1%}"
        return (f"BusinessCase(npv={self.npv:,.0f}, irr={irr}, payback={self.payback:.2f} y, "
                f"discounted_payback={self.discounted_payback:.2f} y, roi={roi}, rate={self.rate:.1%})")


def business_case(costs: Sequence[float], benefits: Sequence[float], rate: float) -> BusinessCase:
    """NPV, IRR, paybacks and ROI of a project from its yearly cost and benefit streams.

    ROI here is the discounted one: (PV of benefits − PV of costs) / PV of costs.
    ``irr`` is None when the net flows never change sign, ``roi`` None when there are no costs
    (the ratio is undefined).

    Examples
    --------
    >>> bc = business_case([100, 10, 10, 10], [0, 60, 60, 60], 0.1)
    >>> round(bc.npv, 2), round(bc.irr, 4), bc.payback
    (24.34, 0.2338, 2.0)
    """
    c, b = _flows(costs), _flows(benefits)
    if c.size != b.size:
        raise ValueError(bilingual(f"costs and benefits must cover the same years; got {c.size} and {b.size} values"))
    if (c < 0).any() or (b < 0).any():
        raise ValueError(bilingual("costs and benefits must be non-negative amounts (the net flow is benefits - costs)"))
    net = b - c
    pv_cost = project_npv(c, rate)
    try:
        irr = project_irr(net)
    except ValueError:
        irr = None
    roi = (project_npv(b, rate) - pv_cost) / pv_cost if pv_cost > 0 else None   # undefined without costs
    return BusinessCase(project_npv(net, rate), irr, payback_period(net), payback_period(net, rate), roi, float(rate))


def project_cashflows(project: str, data=None):
    """The yearly cost/benefit/net table of one candidate project in ``crm_cashflows``.

    Examples
    --------
    >>> project_cashflows("B")["net"].tolist()[:2]
    [-600000.0, 230000.0]
    """
    data = _cashflow_data(data)
    projects = sorted(data["project"].unique())
    one_of("project", project, projects)
    return data[data["project"] == project].sort_values("year").set_index("year")[["cost", "benefit", "net"]]


def _cashflow_data(data):
    if data is None:
        from labkit.datasets import load_crm_cashflows

        data = load_crm_cashflows()
    dataframe("data", data, ["project", "year", "cost", "benefit", "net"])
    return data.assign(**numeric_columns("data", data, ["cost", "benefit", "net"]))


def compare_projects(rate: float, data=None):
    """One row per candidate project: NPV, IRR, payback, discounted payback and ROI at ``rate``.

    Examples
    --------
    >>> compare_projects(0.10).index.tolist()
    ['A', 'B', 'C']
    """
    import pandas as pd

    data = _cashflow_data(data)
    rows = {}
    for p in sorted(data["project"].unique()):
        t = project_cashflows(p, data)
        bc = business_case(t["cost"], t["benefit"], rate)
        rows[p] = {"npv": bc.npv, "irr": bc.irr, "payback": bc.payback,
                   "discounted_payback": bc.discounted_payback, "roi": bc.roi}
    return pd.DataFrame(rows).T.rename_axis("project").astype(float)
