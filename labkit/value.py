"""Customer value (客户价值), lifecycle and customer lifetime value (客户终生价值, CLV).

From the textbook's formulas to the modern analyst's models:

* the course tables (value perspectives, Maslow value types, delivered-value components,
  lifecycle stages, CLV composition, dimensions, eight influencing factors, five analysis
  steps, three uses), each kept once as bilingual :class:`~labkit.labels.Term` s;
* :func:`delivered_value` (让渡价值), :func:`clv` and :func:`clv_table` under the three
  timing conventions, :func:`clv_components`, :func:`clv_sensitivity`, CLV-based decisions;
* :func:`rfm` scores and segments;
* :func:`summary_from_transactions` and the BG/NBD and Gamma-Gamma models (in
  :mod:`labkit.value_models`, exported here).

Examples
--------
>>> import labkit as lk
>>> round(lk.clv(1000, 0.8, 0.08, timing="end"), 2)
3571.43
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from labkit._validate import (array_1d, dataframe, finite_result, fraction_below_one, integer, mapping, names,
                              number, one_of, timestamp, timestamps)
from labkit.labels import Term
from labkit.methods import (BetaGeoModel, GammaGammaModel, ModifiedBetaGeoModel, fit_bgnbd, fit_gamma_gamma,
                            fit_mbgnbd, model_clv, simulate_mbgnbd)

__all__ = [
    # course tables
    "VALUE_PERSPECTIVES", "MASLOW_NEEDS", "VALUE_TYPES", "VALUE_COMPONENTS", "COST_COMPONENTS",
    "LIFECYCLE_STAGES", "LIFECYCLE_PATTERNS", "CLV_COMPONENTS", "CLV_DIMENSIONS", "CLV_FACTORS", "CLV_STEPS", "CLV_USES",
    "CLV_TIMINGS", "RFM_SEGMENTS",
    # textbook calculations
    "DeliveredValue", "delivered_value", "value_type_for_need",
    "clv", "clv_all_timings", "clv_table", "ClvComposition", "clv_components",
    "SENSITIVITY_RANGES", "clv_sensitivity", "clv_segments", "acquisition_ceiling", "allocate_budget", "customer_share",
    # data and models
    "rfm", "summary_from_transactions", "CourseModels", "course_models",
    "BetaGeoModel", "GammaGammaModel", "fit_bgnbd", "fit_gamma_gamma", "model_clv",
    "ModifiedBetaGeoModel", "fit_mbgnbd", "simulate_mbgnbd",
]

# ---------------------------------------------------------------- course tables [seed 003 ch.6]

VALUE_PERSPECTIVES: tuple[Term, ...] = (
    Term("customer", "Customer perspective: value the firm creates for the customer", "客户视角"),
    Term("firm", "Firm perspective: net cash flows the customer brings over the lifecycle", "企业视角"),
    Term("interactive", "Interactive perspective: value exchange in both directions", "互动视角"),
)

MASLOW_NEEDS: tuple[Term, ...] = (
    Term("physiological", "Physiological", "生理需求"),
    Term("safety", "Safety", "安全需求"),
    Term("belonging", "Love and belonging", "爱和归属感需求"),
    Term("esteem", "Esteem", "尊重需求"),
    Term("self_actualisation", "Self-actualisation", "自我实现需求"),
)

# Value type -> (need levels, whether the mapping is stated in the seed or inferred).
VALUE_TYPES: tuple[tuple[Term, tuple[str, ...], bool], ...] = (
    (Term("functional", "Functional value", "功能性价值"), ("physiological",), False),
    (Term("reliability", "Reliability / trust value", "信赖性价值"), ("safety",), True),
    (Term("social", "Social value", "社会性价值"), ("belonging", "esteem"), False),
    (Term("exploratory", "Exploratory value", "探知性价值"), (), True),
    (Term("aesthetic", "Aesthetic value", "美感性价值"), (), True),
    (Term("self_actualisation", "Self-actualisation value", "自我实现价值"), ("self_actualisation",), False),
)

VALUE_COMPONENTS: tuple[Term, ...] = (
    Term("product", "Product value", "产品价值"),
    Term("service", "Service value", "服务价值"),
    Term("personnel", "Personnel value", "人员价值"),
    Term("image", "Image value", "形象价值"),
)

# Four cost items, as in ch.5 of the seed: 货币成本、时间成本、精神成本和体力成本 (Kotler's
# monetary, time, psychic and energy cost). Ch.6 of the seed lists three, 货币成本、时间成本、
# 精力成本, where 精力 (effort) covers the psychic and physical items together: set "physical"
# to 0 for that version. The codes "energy" (= psychic, mental effort) and "physical"
# (= Kotler's energy cost, bodily effort) are kept for compatibility.
COST_COMPONENTS: tuple[Term, ...] = (
    Term("monetary", "Monetary cost", "货币成本"),
    Term("time", "Time cost", "时间成本"),
    Term("energy", "Psychic cost (mental effort)", "精神成本"),
    Term("physical", "Energy cost (physical effort)", "体力成本"),
)

# The lifecycle's stages and patterns are chapter 1's tables (one source of truth); chapter 4
# re-exports them because it draws lifecycles on real purchase histories.
from labkit.relationships import LIFECYCLE_PATTERNS, LIFECYCLE_STAGES  # noqa: E402
from labkit.errors import bilingual

CLV_COMPONENTS: tuple[Term, ...] = (
    Term("historical", "Historical value", "历史价值"),
    Term("current", "Current value", "当前价值"),
    Term("potential", "Potential value", "潜在价值"),
)

CLV_DIMENSIONS: tuple[Term, ...] = (
    Term("duration", "Customer retention duration", "客户维持时间"),
    Term("share", "Customer share", "客户份额"),
    Term("scope", "Customer scope", "客户范围"),
)

# The eight influencing factors with the direction the seed gives (+1: raises CLV).
CLV_FACTORS: tuple[tuple[Term, int], ...] = (
    (Term("periods", "Length of calculation period", "计算的时间长度"), +1),
    (Term("discount", "Discount rate", "贴现率"), -1),
    (Term("retention", "Customer retention rate", "客户保留率"), +1),
    (Term("growth", "Change in customer revenue", "客户收入变化"), +1),
    (Term("maintenance_cost", "Relationship-maintenance cost", "客户关系维系成本"), -1),
    (Term("spend", "Customer purchase value", "客户购买价值"), +1),
    (Term("word_of_mouth", "Word-of-mouth value", "客户口碑价值"), +1),
    (Term("information_value", "Customer information value", "客户信息价值"), +1),
)

CLV_STEPS: tuple[Term, ...] = (
    Term("collect", "Collect customer data", "收集客户资料和数据"),
    Term("compute", "Define and calculate CLV", "定义和计算客户终生价值"),
    Term("invest", "Customer investment and profit analysis", "客户投资与利润分析"),
    Term("segment", "Customer segmentation", "客户细分"),
    Term("strategy", "Formulate matching marketing strategies", "制定相应的营销策略"),
)

CLV_USES: tuple[Term, ...] = (
    Term("segmentation", "Customer segmentation: find the high-value customers", "客户细分"),
    Term("selection", "Customer selection: CLV caps what to spend on acquiring a customer", "客户选择"),
    Term("allocation", "Resource allocation in proportion to CLV", "客户资源分配"),
)

# Timing conventions of the discounted CLV formula (standard, not in seeds); see clv().
CLV_TIMINGS: tuple[Term, ...] = (
    Term("start", "A: first margin now (t = 0)", "A：首期利润立即获得"),
    Term("end", "B: first margin at the end of year 1", "B：首期利润在第1年末获得"),
    Term("retained", "C: margin only if retained each year", "C：每年保留后才获得利润"),
)

# The eight RFM classes common in Chinese CRM practice (standard, not in seeds):
# code -> (R high?, F high?, M high?).
RFM_SEGMENTS: tuple[tuple[Term, tuple[bool, bool, bool]], ...] = (
    (Term("important_value", "Important value", "重要价值客户"), (True, True, True)),
    (Term("important_development", "Important development", "重要发展客户"), (True, False, True)),
    (Term("important_retention", "Important retention", "重要保持客户"), (False, True, True)),
    (Term("important_winback", "Important win-back", "重要挽留客户"), (False, False, True)),
    (Term("general_value", "General value", "一般价值客户"), (True, True, False)),
    (Term("general_development", "General development", "一般发展客户"), (True, False, False)),
    (Term("general_retention", "General retention", "一般保持客户"), (False, True, False)),
    (Term("general_winback", "General win-back", "一般挽留客户"), (False, False, False)),
)


# ---------------------------------------------------------------- delivered value

@dataclass(frozen=True)
class DeliveredValue:
    """Customer delivered value = total customer value − total customer cost."""

    total_value: float
    total_cost: float
    delivered_value: float
    ratio: float

    def __repr__(self) -> str:
        return (f"DeliveredValue(total_value={self.total_value:,.2f}, total_cost={self.total_cost:,.2f}, "
                f"delivered_value={self.delivered_value:,.2f}, ratio={self.ratio:.3f})")


def _components(name: str, items: Mapping[str, float] | Sequence[float], terms: Sequence[Term]) -> dict[str, float]:
    codes = [t.code for t in terms]
    if isinstance(items, Mapping):
        for k in items:
            one_of(f"{name} key", k, codes)
        parts = {k: number(f"{name}[{k!r}]", v, low=0) for k, v in items.items()}
    else:
        values = array_1d(name, items)
        if len(values) > len(codes):
            raise ValueError(bilingual(f"{name} takes at most {len(codes)} items ({', '.join(codes)}), got {len(values)}"))
        parts = {c: number(f"{name}[{c!r}]", float(v), low=0) for c, v in zip(codes, values)}
    return parts


def delivered_value(values: Mapping[str, float] | Sequence[float],
                    costs: Mapping[str, float] | Sequence[float]) -> DeliveredValue:
    """Kotler's customer delivered value (客户让渡价值).

    Parameters
    ----------
    values : dict or sequence
        Product, service, personnel and image value (codes of :data:`VALUE_COMPONENTS`).
    costs : dict or sequence
        Monetary, time, energy and physical cost (codes of :data:`COST_COMPONENTS`; leave
        out "physical" for the three-item version).

    Returns
    -------
    DeliveredValue
        Total value, total cost, their difference and the ratio value / cost.

    Raises
    ------
    ValueError
        For a negative item, an unknown key, or costs that add up to 0.

    Examples
    --------
    >>> delivered_value([600, 150, 100, 150], [500, 100, 80, 20])
    DeliveredValue(total_value=1,000.00, total_cost=700.00, delivered_value=300.00, ratio=1.429)
    """
    total_value = finite_result("total value", sum(_components("values", values, VALUE_COMPONENTS).values()), "values")
    total_cost = finite_result("total cost", sum(_components("costs", costs, COST_COMPONENTS).values()), "costs")
    if total_cost <= 0:
        raise ValueError(bilingual("costs must add up to more than 0 (a customer always pays something)"))
    return DeliveredValue(total_value, total_cost, total_value - total_cost, total_value / total_cost)


def value_type_for_need(need: str) -> list[tuple[Term, bool]]:
    """The value types (C-4.2) that serve a Maslow need level, each with an "inferred" flag.

    Examples
    --------
    >>> [(t.zh, inferred) for t, inferred in value_type_for_need("safety")]
    [('信赖性价值', True)]
    """
    from labkit.labels import find_term

    code = find_term(MASLOW_NEEDS, need, name="need").code
    return [(t, inferred) for t, needs, inferred in VALUE_TYPES if code in needs]


# ---------------------------------------------------------------- discounted CLV

_TIMING_CODES = tuple(t.code for t in CLV_TIMINGS)

# Longest finite horizon (years) a CLV calculation or table accepts: far beyond any customer
# relationship, and small enough that a year-by-year table stays a few MB.
MAX_PERIODS = 100_000


def _geometric_sum(r: float, d: float, n: int | None) -> float:
    """1 + q + … + q^(n−1) with q = r/(1+d) (n = None: the infinite series), computed stably.

    ``1 − q`` is formed as ``(1 + d − r)/(1 + d)`` and ``1 − qⁿ`` as ``−expm1(n·log q)``, so q
    close to 1 loses no precision; q = 1 exactly gives n.
    """
    gap = (1 + d - r) / (1 + d)          # 1 − q without cancellation in q
    if n is None:
        return 1.0 / gap
    if r == 0:
        return 1.0
    if gap == 0:
        return float(n)
    log_q = math.log(r) - math.log1p(d)
    with np.errstate(over="ignore"):
        return float(-np.expm1(n * log_q) / gap)


def _clv_inputs(margin, retention, discount, periods, timing):
    margin = number("margin", margin, low=0)
    retention = fraction_below_one("retention", retention)
    discount = number("discount", discount, low=-1, low_open=True)
    timing = one_of("timing", timing, _TIMING_CODES)
    if periods is not None:
        periods = integer("periods", periods, low=1, high=10**12)
    elif retention >= 1 + discount:
        raise ValueError(f"an infinite horizon needs retention < 1 + discount, got retention {retention!r} "
                         f"and discount {discount!r}; give a finite number of periods")
    return margin, retention, discount, periods, timing


def clv(margin: float, retention: float, discount: float, *, periods: int | None = None,
        timing: str = "end") -> float:
    """Customer lifetime value of a constant yearly margin with retention and discounting.

    With ``q = retention / (1 + discount)`` and ``n = periods``:

    ========== ============================== =====================
    timing     finite horizon n               infinite horizon
    ========== ============================== =====================
    "start"    m (1 − qⁿ) / (1 − q)           m (1 + d) / (1 + d − r)
    "end"      m/(1+d) · (1 − qⁿ) / (1 − q)   m / (1 + d − r)
    "retained" m q (1 − qⁿ) / (1 − q)         m r / (1 + d − r)
    ========== ============================== =====================

    "start": the first margin is received now; "end": at the end of year 1, for sure;
    "retained": each year's margin only if the customer is still there at its end
    (Gupta & Lehmann's margin multiple).

    Parameters
    ----------
    margin : float
        Yearly margin m = spend × gross margin (not revenue), >= 0.
    retention : float
        Yearly retention rate r in [0, 1).
    discount : float
        Yearly discount rate d > −1.
    periods : int, optional
        Number of years; None (default) sums the infinite series.
    timing : {"end", "start", "retained"}

    Raises
    ------
    ValueError
        Retention outside [0, 1), discount <= −1, a negative margin, an unknown timing, or an
        infinite horizon whose series diverges.

    Examples
    --------
    >>> round(clv(1000, 0.8, 0.08, timing="start"), 2), round(clv(1000, 0.8, 0.08, periods=5, timing="retained"), 2)
    (3857.14, 2219.96)
    >>> clv(1000, 1.2, 0.08)
    Traceback (most recent call last):
    ...
    ValueError: retention must be in [0, 1), got 1.2
    retention 必须在 0 到 1 之间（含 0，不含 1），收到的是 1.2
    """
    m, r, d, n, timing = _clv_inputs(margin, retention, discount, periods, timing)
    series = _geometric_sum(r, d, n)
    first = {"start": m, "end": m / (1 + d), "retained": m * r / (1 + d)}[timing]
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(np.float64(first) * series)
    return finite_result("clv", value, "margin or periods (with retention above 1 + discount)")


def clv_all_timings(margin: float, retention: float, discount: float, *, periods: int | None = None) -> dict[str, float]:
    """:func:`clv` under each timing convention, keyed "start", "end", "retained".

    Examples
    --------
    >>> {k: round(v, 2) for k, v in clv_all_timings(1250, 0.7, 0.06).items()}
    {'start': 3680.56, 'end': 3472.22, 'retained': 2430.56}
    """
    return {t: clv(margin, retention, discount, periods=periods, timing=t) for t in _TIMING_CODES}


def _schedule(margin, retention, discount, periods, timing, growth, maintenance_cost, word_of_mouth,
              information_value) -> tuple[np.ndarray, ...]:
    """Validated year-by-year arrays behind :func:`clv_table` (numpy only, for fast callers)."""
    if periods is None:
        raise TypeError("periods must be a whole number of years for a year-by-year table, got None "
                        "(use clv(..., periods=None) for the infinite horizon)")
    margin, r, d, n, timing = _clv_inputs(margin, retention, discount, periods, timing)
    if n > MAX_PERIODS:
        raise ValueError(bilingual(f"periods must be <= {MAX_PERIODS:,} for a year-by-year table, got {n!r}"))
    growth = number("growth", growth, low=-1, low_open=True)
    cost = number("maintenance_cost", maintenance_cost, low=0)
    wom = number("word_of_mouth", word_of_mouth, low=0)
    info = number("information_value", information_value, low=0)
    year = np.arange(1, n + 1)
    received_at = year - 1 if timing == "start" else year
    survival = r ** (year if timing == "retained" else year - 1)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        factor = (1 + d) ** -received_at.astype(float)
        contribution = margin * (1 + growth) ** (year - 1.0) - cost + wom + info
        pv = contribution * survival * factor
        total = pv.sum()
    finite_result("the CLV table", np.concatenate([factor, contribution, pv, [total]]),
                  "margin, growth, the extra values or periods (with a negative discount)")
    return year, received_at, survival, factor, contribution, pv


def clv_table(margin: float, retention: float, discount: float, *, periods: int = 10, timing: str = "end",
              growth: float = 0.0, maintenance_cost: float = 0.0, word_of_mouth: float = 0.0,
              information_value: float = 0.0) -> pd.DataFrame:
    """The year-by-year CLV table: survival, discount factor, expected and present value.

    Year t's contribution is ``margin·(1+growth)^(t−1) − maintenance_cost + word_of_mouth +
    information_value`` (the extra terms are the seed's influencing factors; all 0 by
    default), received with probability ``survival`` and discounted by ``discount_factor``.
    With no extras, ``present_value.sum()`` equals :func:`clv` with the same ``periods``.

    Examples
    --------
    >>> t = clv_table(1000, 0.8, 0.08, periods=3)
    >>> t["survival"].round(2).tolist(), t["present_value"].round(2).tolist()
    ([1.0, 0.8, 0.64], [925.93, 685.87, 508.05])
    >>> round(float(t["cumulative"].iloc[-1]), 2) == round(clv(1000, 0.8, 0.08, periods=3), 2)
    True
    """
    cols = _schedule(margin, retention, discount, periods, timing, growth, maintenance_cost, word_of_mouth,
                     information_value)
    year, received_at, survival, factor, contribution, pv = cols
    return pd.DataFrame({"year": year, "received_at": received_at, "survival": survival,
                         "discount_factor": factor, "contribution": contribution,
                         "expected": contribution * survival, "present_value": pv,
                         "cumulative": np.cumsum(pv)})


# ---------------------------------------------------------------- composition, sensitivity, decisions

@dataclass(frozen=True)
class ClvComposition:
    """CLV = historical + current + potential value, with each part's share."""

    historical: float
    current: float
    potential: float
    total: float
    shares: dict

    def __repr__(self) -> str:
        shares = ", ".join(f"{k} {v:.1%}" for k, v in self.shares.items())
        return f"ClvComposition(total={self.total:,.2f}; {shares})"


def clv_components(historical: float, current: float, potential: float) -> ClvComposition:
    """Add up CLV from its three components (C-4.3) and give each one's share.

    Examples
    --------
    >>> clv_components(4320, 3058, 1487)
    ClvComposition(total=8,865.00; historical 48.7%, current 34.5%, potential 16.8%)
    """
    parts = {"historical": number("historical", historical, low=0), "current": number("current", current, low=0),
             "potential": number("potential", potential, low=0)}
    total = finite_result("the total CLV", sum(parts.values()), "historical, current or potential value")
    if total <= 0:
        raise ValueError(bilingual("historical, current and potential value must not all be 0"))
    return ClvComposition(**parts, total=total, shares={k: v / total for k, v in parts.items()})


# Base, low and high settings of each influencing factor for the tornado chart (illustrative).
SENSITIVITY_RANGES: dict[str, tuple[float, float, float]] = {
    "periods": (5, 10, 15), "discount": (0.04, 0.08, 0.12), "retention": (0.7, 0.8, 0.9),
    "growth": (-0.05, 0.0, 0.05), "maintenance_cost": (0.0, 100.0, 200.0), "spend": (1500.0, 2000.0, 2500.0),
    "word_of_mouth": (0.0, 50.0, 100.0), "information_value": (0.0, 20.0, 40.0),
}


def _factor_clv(settings: dict[str, float], gross_margin: float, timing: str) -> float:
    s = settings
    pv = _schedule(s["spend"] * gross_margin, s["retention"], s["discount"], int(round(s["periods"])), timing,
                   s["growth"], s["maintenance_cost"], s["word_of_mouth"], s["information_value"])[-1]
    return float(pv.sum())


def clv_sensitivity(ranges: Mapping[str, tuple[float, float, float]] | None = None, *,
                    gross_margin: float = 0.5, timing: str = "end") -> pd.DataFrame:
    """CLV when each of the eight influencing factors moves to its low and high setting.

    Parameters
    ----------
    ranges : dict, optional
        factor code → (low, base, high); defaults to :data:`SENSITIVITY_RANGES` (a CLV-1-like
        customer over 10 years with a maintenance cost and small word-of-mouth and
        information values).
    gross_margin : float
        Share of spend kept as margin.
    timing : str
        CLV timing convention.

    Returns
    -------
    DataFrame
        One row per factor: ``factor``, ``english``, ``chinese``, ``low``, ``high``,
        ``clv_low``, ``clv_high``, ``base_clv``, ``seed_direction`` (+1/−1 from the textbook)
        and ``model_direction`` (the sign the calculation shows).

    Examples
    --------
    >>> s = clv_sensitivity()
    >>> bool((s["seed_direction"] == s["model_direction"]).all())
    True
    """
    gross_margin = number("gross_margin", gross_margin, low=0, low_open=True, high=1)
    spec = dict(SENSITIVITY_RANGES)
    for k, v in mapping("ranges", {} if ranges is None else ranges).items():
        one_of("ranges key", k, list(SENSITIVITY_RANGES))
        if isinstance(v, (str, bytes)) or not hasattr(v, "__len__") or len(v) != 3:
            raise ValueError(bilingual(f"ranges[{k!r}] must be (low, base, high), got {v!r}"))
        triple = tuple(number(f"ranges[{k!r}][{i}]", x) for i, x in enumerate(v))
        if not triple[0] <= triple[1] <= triple[2]:
            raise ValueError(bilingual(f"ranges[{k!r}] must be ordered (low, base, high) with low <= base <= high, got {v!r}"))
        spec[k] = triple
    for k, (low, _, high) in spec.items():   # every setting must be a valid input of the calculation
        for which, x in (("low", low), ("high", high)):
            try:
                _factor_clv({**{f: r[1] for f, r in spec.items()}, k: x}, gross_margin, timing)
            except (TypeError, ValueError) as err:
                raise ValueError(bilingual(f"ranges[{k!r}] {which} value {x!r} is not allowed: {err}")) from None
    base = {k: v[1] for k, v in spec.items()}
    base_clv = _factor_clv(base, gross_margin, timing)
    rows = []
    for term, direction in CLV_FACTORS:
        low, _, high = spec[term.code]
        clv_low = _factor_clv({**base, term.code: low}, gross_margin, timing)
        clv_high = _factor_clv({**base, term.code: high}, gross_margin, timing)
        rows.append((term.code, term.en, term.zh, low, high, clv_low, clv_high, base_clv, direction,
                     int(np.sign(round(clv_high - clv_low, 9)))))
    return pd.DataFrame(rows, columns=["factor", "english", "chinese", "low", "high", "clv_low", "clv_high",
                                       "base_clv", "seed_direction", "model_direction"])


def clv_segments(clv_values: Any, *, labels: Sequence[str] = ("low", "medium", "high")) -> np.ndarray:
    """Split customers into equal-sized CLV groups (ties broken by order), lowest first.

    Examples
    --------
    >>> clv_segments([10, 500, 80, 2000, 40, 900]).tolist()
    ['low', 'medium', 'medium', 'high', 'low', 'high']
    """
    values = array_1d("clv_values", clv_values)
    labels = names("labels", labels)
    if len(set(map(str, labels))) != len(labels):
        raise ValueError(bilingual(f"labels must be distinct (a repeated label would merge two groups), got {labels!r}"))
    k = len(labels)
    if k < 2 or len(values) < k:
        raise ValueError(bilingual(f"need at least 2 labels and as many customers as labels, got {k} labels, {len(values)} customers"))
    rank = pd.Series(values).rank(method="first").to_numpy()
    group = np.minimum(((rank - 1) * k // len(values)).astype(int), k - 1)
    return np.asarray(labels, dtype=object)[group]


def acquisition_ceiling(clv_value: Any, acquisition_cost: Any) -> np.ndarray:
    """True where acquiring the customer costs more than the customer's CLV (the ceiling).

    Examples
    --------
    >>> acquisition_ceiling([3571.43, 800], [3000, 1200]).tolist()
    [False, True]
    """
    c = array_1d("clv_value", clv_value)
    cac = array_1d("acquisition_cost", acquisition_cost)
    if len(c) != len(cac):
        raise ValueError(bilingual(f"clv_value and acquisition_cost must have the same length, got {len(c)} and {len(cac)}"))
    if (cac < 0).any():
        raise ValueError(bilingual(f"acquisition_cost must be >= 0, got {cac[cac < 0][0]:g}"))
    return cac > c


def allocate_budget(clv_value: Any, budget: float) -> np.ndarray:
    """Split ``budget`` in proportion to CLV (customers with negative CLV get nothing).

    Examples
    --------
    >>> allocate_budget([3000, 1000, -200], 800).tolist()
    [600.0, 200.0, 0.0]
    """
    c = np.clip(array_1d("clv_value", clv_value), 0, None)
    budget = number("budget", budget, low=0)
    c = c / c.max() if c.max() > 0 else c      # scale first: the shares do not change, the sum cannot overflow
    if c.sum() <= 0:
        raise ValueError(bilingual("at least one customer must have a positive CLV to share a budget"))
    return finite_result("allocate_budget", budget * (c / c.sum()), "budget")


def customer_share(firm_sales: float, category_spend: float) -> float:
    """Customer share (客户份额): the firm's sales to a customer ÷ the customer's category spend.

    Examples
    --------
    >>> customer_share(4000, 10000)
    0.4
    """
    category_spend = number("category_spend", category_spend, low=0, low_open=True)
    firm_sales = number("firm_sales", firm_sales, low=0, high=category_spend)
    return firm_sales / category_spend


# ---------------------------------------------------------------- transactions: RFM and the summary

def _transactions(transactions: pd.DataFrame, customer: str, date: str, amount: str) -> pd.DataFrame:
    dataframe("transactions", transactions, [customer, date, amount])
    ids = transactions[customer]
    if ids.isna().any():
        raise ValueError(f"transactions[{customer!r}] has {int(ids.isna().sum())} missing customer id(s) of "
                         f"{len(ids)} rows; drop or fill them first (they cannot be given to any customer)")
    out = pd.DataFrame({"customer": ids.to_numpy(),
                        "date": timestamps(f"transactions[{date!r}]", transactions[date]).dt.normalize().to_numpy(),
                        "amount": pd.to_numeric(transactions[amount], errors="coerce").to_numpy()})
    if out["amount"].isna().any() or out["date"].isna().any():
        raise ValueError(bilingual(f"transactions[{amount!r}] and [{date!r}] must not have missing or non-numeric values"))
    if not np.isfinite(out["amount"]).all():
        raise ValueError(bilingual(f"transactions[{amount!r}] must hold finite amounts; found infinite value(s)"))
    return out


def _score(values: pd.Series, bins: int, higher_is_better: bool) -> pd.Series:
    """Quantile score 1..bins by rank; tied values share their mean rank and so the same score.

    Breaking ties by row order would make the score depend on customer ids (frequency 2 could
    score 1 for one customer and 2 for the next); with tied ranks the bins may hold unequal
    numbers of customers instead.
    """
    rank = values.rank(method="average", ascending=higher_is_better)
    return (np.ceil(rank * bins / len(values))).astype(int).clip(1, bins)


def rfm(transactions: pd.DataFrame, *, customer: str = "customer_id", date: str = "date",
        amount: str = "amount", now: Any = None, bins: int = 5) -> pd.DataFrame:
    """RFM scores (recency, frequency, monetary) and the eight RFM segments.

    Recency is days since the last purchase (at ``now``; default the day after the last
    transaction), frequency the number of transactions and monetary the total spend. Each is
    scored 1..``bins`` by quantile of rank (5 = best: most recent, most frequent, highest
    spend); customers with the same value get the same score (tied values share their mean
    rank), so the scores never depend on customer-id order, and bins can be unequal in size. A score above the middle, (bins + 1) / 2, counts as "high"; the three high/low
    flags name one of :data:`RFM_SEGMENTS`.

    Returns
    -------
    DataFrame
        Indexed by customer: ``recency_days``, ``frequency``, ``monetary``, ``R``, ``F``,
        ``M``, ``rfm_code`` (e.g. "545"), ``rfm_score`` (R + F + M) and ``segment`` (code).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"],
    ...                    "date": ["2025-01-02", "2025-03-01", "2025-01-10", "2025-02-01", "2025-02-20", "2025-03-02"],
    ...                    "amount": [100, 80, 20, 300, 200, 100]})
    >>> rfm(tx, bins=3)[["recency_days", "frequency", "monetary", "rfm_code", "segment"]]  # doctest: +NORMALIZE_WHITESPACE
                 recency_days  frequency  monetary rfm_code            segment
    customer_id                                                               
    a                       2          2     180.0      222  general_winback
    b                      52          1      20.0      111  general_winback
    c                       1          3     600.0      333  important_value
    """
    bins = integer("bins", bins, low=2)
    tx = _transactions(transactions, customer, date, amount)
    now = tx["date"].max() + pd.Timedelta(days=1) if now is None else timestamp("now", now)
    if tx["date"].max() > now:
        raise ValueError(bilingual(f"now must be on or after the last transaction ({tx['date'].max().date()}), got {now.date()}"))
    g = tx.groupby("customer", sort=True)
    out = pd.DataFrame({"recency_days": (now - g["date"].max()).dt.days,
                        "frequency": g.size(), "monetary": g["amount"].sum().astype(float)})
    if len(out) < bins:
        raise ValueError(bilingual(f"bins must not exceed the number of customers ({len(out)}), got {bins}"))
    out.index.name = customer
    out["R"] = _score(-out["recency_days"], bins, True)
    out["F"] = _score(out["frequency"], bins, True)
    out["M"] = _score(out["monetary"], bins, True)
    out["rfm_code"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    out["rfm_score"] = out["R"] + out["F"] + out["M"]
    mid = (bins + 1) / 2
    flags = list(zip(out["R"] > mid, out["F"] > mid, out["M"] > mid))
    lookup = {key: t.code for t, key in RFM_SEGMENTS}
    out["segment"] = [lookup[tuple(bool(v) for v in f)] for f in flags]
    return out


_UNITS = {"D": 1.0, "W": 7.0}


def summary_from_transactions(transactions: pd.DataFrame, *, customer: str = "customer_id", date: str = "date",
                              amount: str = "amount", calibration_end: Any = None, holdout_end: Any = None,
                              freq: str = "W") -> pd.DataFrame:
    """The calibration summary the BG/NBD and Gamma-Gamma models need, one row per customer.

    Purchases on the same day are merged into one. Only purchases up to ``calibration_end``
    count, and only customers whose first purchase is on or before it appear.

    Columns: ``frequency`` (repeat purchases: purchase days − 1), ``recency`` (time from the
    first to the last purchase), ``T`` (time from the first purchase to ``calibration_end``),
    ``monetary_value`` (mean spend of the repeat purchases, 0 without any); with
    ``holdout_end`` also ``frequency_holdout`` (purchase days after the calibration end, up
    to ``holdout_end``) and ``duration_holdout``. Times are in days ("D") or weeks ("W").

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...                    "date": ["2025-01-01", "2025-01-15", "2025-01-15", "2025-01-08"],
    ...                    "amount": [50, 30, 10, 20]})
    >>> summary_from_transactions(tx, calibration_end="2025-01-29")
                 frequency  recency    T  monetary_value
    customer_id                                         
    a                    1      2.0  4.0            40.0
    b                    0      0.0  3.0             0.0
    """
    unit = _UNITS[one_of("freq", freq, list(_UNITS))]
    tx = _transactions(transactions, customer, date, amount)
    cal = tx["date"].max() if calibration_end is None else timestamp("calibration_end", calibration_end)
    daily = tx.groupby(["customer", "date"], sort=True, as_index=False)["amount"].sum()
    cal_part = daily[daily["date"] <= cal]
    if cal_part.empty:
        raise ValueError(bilingual(f"no transactions on or before calibration_end {cal.date()}"))
    g = cal_part.groupby("customer", sort=True)
    first, last = g["date"].min(), g["date"].max()
    n_days = g.size()
    first_amount = cal_part.loc[g["date"].idxmin(), ["customer", "amount"]].set_index("customer")["amount"]
    frequency = (n_days - 1).astype(int)
    repeat_spend = g["amount"].sum() - first_amount
    out = pd.DataFrame({
        "frequency": frequency,
        "recency": (last - first).dt.days / unit,
        "T": (cal - first).dt.days / unit,
        "monetary_value": np.where(frequency > 0, repeat_spend / frequency.clip(lower=1), 0.0),
    })
    out.index.name = customer
    if holdout_end is not None:
        end = timestamp("holdout_end", holdout_end)
        if end <= cal:
            raise ValueError(bilingual(f"holdout_end must be after calibration_end {cal.date()}, got {end.date()}"))
        hold = daily[(daily["date"] > cal) & (daily["date"] <= end)].groupby("customer").size()
        out["frequency_holdout"] = hold.reindex(out.index, fill_value=0).astype(int)
        out["duration_holdout"] = (end - cal).days / unit
    return out


@dataclass(frozen=True)
class CourseModels:
    """The course data's calibration summary with BG/NBD and Gamma-Gamma fitted to it."""

    summary: pd.DataFrame
    bgnbd: BetaGeoModel
    gamma_gamma: GammaGammaModel
    truth: dict

    def __repr__(self) -> str:
        return f"CourseModels({len(self.summary)} customers; {self.bgnbd!r}; {self.gamma_gamma!r})"


@lru_cache(maxsize=1)
def course_models() -> CourseModels:
    """Fit both models once to ``load_transactions()`` up to the calibration end (cached).

    Demos and self-checks share this fit; the notebook builds the same steps by hand.

    Examples
    --------
    >>> cm = course_models()
    >>> len(cm.summary), sorted(cm.bgnbd.params)
    (2000, ['a', 'alpha', 'b', 'r'])
    """
    from labkit.datasets import load_transactions, load_truth

    truth = load_truth()["transactions"]
    summary = summary_from_transactions(load_transactions(), calibration_end=truth["calibration_end"],
                                        holdout_end=truth["observation_end"])
    bg = fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])
    gg = fit_gamma_gamma(summary["frequency"], summary["monetary_value"])
    return CourseModels(summary, bg, gg, truth)
