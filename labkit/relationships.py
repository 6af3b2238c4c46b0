"""Customer relationships (客户关系): types, value, lifecycle, tiers, churn, win-back and early warning.

Chapter 1 of CRM Lab. The course's lists and tables (Kotler's five relationship types and
the choice matrix, lifecycle stages and patterns, the tier table, why customers leave,
churn causes, the six win-back steps) are kept here once as bilingual data; the
notebook, the live demos and the self-checks all read them from this module.

Examples
--------
>>> relationship_type("many", "low")
'basic'
>>> customer_value(18, 2, 8, 10, 100)
288000.0
>>> churn_rates(1000, 50, avg_purchase_lost=2, avg_purchase_all=1)
{'absolute': 0.05, 'relative': 0.1}
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from labkit._validate import array_1d, integer, number, one_of, probability
from labkit.labels import Term

__all__ = [
    # tables
    "RELATIONSHIP_TYPES", "RELATIONSHIP_DEFINITIONS", "CUSTOMER_COUNT_LEVELS", "MARGIN_LEVELS",
    "KOTLER_MATRIX", "RELATIONSHIP_FEATURES", "RELATIONSHIP_SIGNALS", "KEY_TERMS", "INFLUENCE_FACTORS", "CUSTOMER_ROLES",
    "LIFECYCLE_PROCESSES", "LIFECYCLE_STAGES", "LIFECYCLE_PATTERNS",
    "DEVELOPMENT_STRATEGIES", "RETENTION_STRATEGIES", "RETENTION_METHODS", "RETENTION_DRIVERS",
    "CUSTOMER_TIERS", "PARETO_TIERS", "LEAVE_REASONS", "CHURN_SIDES", "CHURN_CAUSES",
    "CHURNED_TYPES", "CHURN_CAUSE_KEYWORDS", "WINBACK_STEPS", "WINBACK_METHODS", "EARLY_WARNING_METHODS", "RISK_TIERS",
    "SEED", "CHURN_FEATURES",
    # calculations
    "relationship_type", "relationship_cell", "relationship_matrix", "relationship_term", "customer_value",
    "lifetime_revenue", "acquisition_vs_retention", "leaky_bucket", "implied_retention",
    "word_of_mouth", "tier_table", "customer_tiers", "tier_summary", "churn_reasons",
    "churn_rates", "observed_churn_rates", "classify_churn_cause", "WinbackDecision", "winback_decision", "winback_plan",
    "lifecycle_stages", "lifecycle_stage", "lifecycle_pattern", "process_funnel",
    "repurchase_intention",
    # churn early warning
    "churn_split", "ChurnModel", "roc_auc", "lift_table", "risk_tiers", "coefficient_table",
]

# ------------------------------------------------------------------ course tables

# Kotler's five relationship types [seed 003], from the loosest to the closest.
RELATIONSHIP_TYPES: tuple[Term, ...] = (
    Term("basic", "Basic", "基本型"),
    Term("reactive", "Reactive", "被动型"),
    Term("accountable", "Accountable", "负责型"),
    Term("proactive", "Proactive", "能动型"),
    Term("partnership", "Partnership", "伙伴型"),
)
RELATIONSHIP_DEFINITIONS: dict[str, Term] = {
    "basic": Term("basic", "After the sale the firm no longer contacts the customer.",
                  "销售完成后不再与客户接触。"),
    "reactive": Term("reactive", "The firm encourages customers to contact it when they have problems.",
                     "鼓励客户在遇到问题时与企业联系。"),
    "accountable": Term("accountable", "The firm contacts the customer to ask how the product is being used.",
                        "企业主动联系客户，询问产品的使用情况。"),
    "proactive": Term("proactive", "The firm keeps contacting the customer with improvement ideas and new products.",
                      "企业经常与客户联系，提供产品改进建议和新产品信息。"),
    "partnership": Term("partnership", "The firm works with the customer for the customer's success; both grow together.",
                        "企业与客户共同努力，帮助客户成功，实现共同发展。"),
}
CUSTOMER_COUNT_LEVELS: tuple[Term, ...] = (
    Term("many", "Many customers", "客户数量很多"),
    Term("medium", "Medium number of customers", "客户数量中等"),
    Term("few", "Few customers", "客户数量很少"),
)
MARGIN_LEVELS: tuple[Term, ...] = (
    Term("high", "High margin", "高边际利润"),
    Term("medium", "Medium margin", "中边际利润"),
    Term("low", "Low margin", "低边际利润"),
)
# The standard Kotler matrix (standard, not in seeds): number of customers x marginal profit.
KOTLER_MATRIX: dict[str, dict[str, str]] = {
    "many": {"high": "accountable", "medium": "reactive", "low": "basic"},
    "medium": {"high": "proactive", "medium": "accountable", "low": "reactive"},
    "few": {"high": "partnership", "medium": "proactive", "low": "accountable"},
}
_KOTLER_ORIGINAL_MANY_LOW = "basic or reactive"

RELATIONSHIP_FEATURES: tuple[Term, ...] = (
    Term("behaviour", "Behavioural feature: repeat and cross-purchase", "行为特征：重复购买、交叉购买"),
    Term("feeling", "Feeling feature: preference, recommendation, word-of-mouth", "感觉特征：偏爱、推荐、口碑传播"),
    Term("length", "Length of the relationship (the lifecycle)", "客户关系的长度(生命周期)"),
    Term("input_output", "Input and output of the relationship", "客户关系的投入与产出"),
)
INFLUENCE_FACTORS: tuple[Term, ...] = (
    Term("brand", "Brand effect", "品牌效应"),
    Term("service_quality", "Service quality", "服务的质量"),
    Term("experience", "Customer experience", "客户的经验"),
    Term("image", "Corporate image", "企业的形象"),
    Term("word_of_mouth", "Word-of-mouth effect", "口碑效应"),
    Term("competitors", "Competitors' strategies", "竞争者的策略"),
)
# Observable signals of a relationship and the feature each belongs to [seed 003].
RELATIONSHIP_SIGNALS: tuple[tuple[Term, str], ...] = (
    (Term("repeat_purchase", "Repeat purchase", "重复购买"), "behaviour"),
    (Term("cross_purchase", "Cross-purchase", "交叉购买"), "behaviour"),
    (Term("preference", "Preference", "偏爱"), "feeling"),
    (Term("recommendation", "Recommendation", "推荐"), "feeling"),
    (Term("word_of_mouth", "Word-of-mouth", "口碑传播"), "feeling"),
)
# Key terms of the chapter with their definitions [seed 003]; (term, definition).
KEY_TERMS: tuple[tuple[Term, Term], ...] = (
    (Term("customer_relationship", "Customer relationship", "客户关系"),
     Term("customer_relationship", "The connection a firm proactively builds with customers to reach its business goals.",
          "企业为实现其经营目标，主动与客户建立起的某种联系。")),
    (Term("customer_retention", "Customer retention", "客户保持"),
     Term("customer_retention", "Maintaining the established relationship and extending the customer lifecycle.",
          "维持已建立的客户关系，延长客户生命周期。")),
    (Term("customer_winback", "Customer win-back", "客户赢返"),
     Term("customer_winback", "Management actions to restore and rebuild the relationship with lost customers.",
          "针对流失客户，恢复和重建客户关系的一系列管理活动。")),
    (Term("churn_rate", "Customer churn rate", "客户流失率"),
     Term("churn_rate", "The share of customers (or of their purchases) lost in a period.",
          "一定时期内流失的客户(或其购买额)所占的比例。")),
)
# Customer vs user vs shopper vs consumer [seed 001].
CUSTOMER_ROLES: tuple[Term, ...] = (
    Term("customer", "Customer / client (pays; an ongoing relationship)", "客户"),
    Term("user", "User (uses; need not pay)", "用户"),
    Term("shopper", "Shopper (buys ordinary goods; may be one-off)", "顾客"),
    Term("consumer", "Consumer (finally consumes the product)", "消费者"),
)
LIFECYCLE_PROCESSES: tuple[Term, ...] = (
    Term("reach", "Reach", "到达"),
    Term("acquisition", "Acquisition", "获取"),
    Term("conversion", "Conversion", "转换"),
    Term("retention", "Retention", "保留"),
    Term("churn", "Churn", "流失"),
)
LIFECYCLE_STAGES: tuple[Term, ...] = (
    Term("exploration", "Exploration period", "考察期"),
    Term("formation", "Formation period", "形成期"),
    Term("stability", "Stability period", "稳定期"),
    Term("decline", "Decline period", "退化期"),
)
LIFECYCLE_PATTERNS: tuple[Term, ...] = (
    Term("early_abortion", "Early-abortion type", "早期流产型"),
    Term("midway_death", "Mid-way death type", "中途夭折型"),
    Term("early_exit", "Early-exit type", "提前退出型"),
    Term("long_lasting", "Long-lasting type", "长久保持型"),
    Term("too_early", "Too early to tell", "尚无法判断"),
)
DEVELOPMENT_STRATEGIES: tuple[Term, ...] = (
    Term("attract", "Increase attractiveness to potential customers", "增强对潜在客户的吸引力"),
    Term("personalise", "Provide personalised service", "提供个性化服务"),
    Term("methods", "Choose development methods (face-to-face, referral, remote)", "选择客户关系开发方法"),
)
RETENTION_STRATEGIES: tuple[Term, ...] = (
    Term("reward", "Customer reward programme", "客户奖励计划"),
    Term("care", "Customer care programme", "客户关怀计划"),
    Term("partnership", "Building partnerships", "建立合作伙伴关系"),
)
RETENTION_METHODS: tuple[Term, ...] = (
    Term("quality", "Focus on quality", "注重质量"),
    Term("service", "Quality service", "优质服务"),
    Term("brand", "Brand image", "品牌形象"),
    Term("price", "Price concessions", "价格优惠"),
    Term("emotion", "Emotional investment", "感情投资"),
)
# The retention model's three drivers of repurchase intention [seed 003].
RETENTION_DRIVERS: tuple[Term, ...] = (
    Term("perceived_value", "Customer perceived value", "客户认知价值"),
    Term("satisfaction", "Customer satisfaction", "客户满意度"),
    Term("switching_cost", "Customer switching cost", "客户转移成本"),
)
# Customer tiers [seed 001]: (tier, share of customers, share of profit, goal).
CUSTOMER_TIERS: tuple[tuple[Term, float, float, Term], ...] = (
    (Term("ordinary", "Ordinary customers", "一般客户"), 0.80, 0.05,
     Term("financial", "Financial benefit", "财务利益")),
    (Term("potential", "Potential customers", "潜力客户"), 0.15, 0.15,
     Term("added_value", "Added value", "附加价值")),
    (Term("key", "Key customers", "关键客户"), 0.05, 0.80,
     Term("social", "Customer value and social benefit", "客户价值和社会利益")),
)
# The 80/20 rule [seed 002]: (tier, share of customers, share of profit).
PARETO_TIERS: tuple[tuple[Term, float, float], ...] = (
    (Term("ordinary", "Ordinary customers", "普通客户"), 0.80, 0.20),
    (Term("key", "Key customers", "关键客户"), 0.20, 0.80),
)
# Why customers leave (Jon Anton, Purdue) [seed 001].
LEAVE_REASONS: tuple[tuple[Term, float], ...] = (
    (Term("service", "Did not receive good service", "没有受到好的服务"), 0.68),
    (Term("quality", "Poor product quality", "商品质量不好"), 0.16),
    (Term("price", "Price too high", "价格太高"), 0.09),
    (Term("supply", "Problems with product supply", "商品供应上有问题"), 0.07),
)
CHURN_SIDES: tuple[Term, ...] = (
    Term("firm", "Firm-side cause", "企业自身原因"),
    Term("customer", "Customer-side cause", "客户方面原因"),
)
# Causes of churn [seed 003]: (cause, side).
CHURN_CAUSES: tuple[tuple[Term, str], ...] = (
    (Term("defects", "Product or service defects", "产品或服务存在缺陷"), "firm"),
    (Term("integrity", "Integrity problems", "企业诚信问题"), "firm"),
    (Term("neglect", "Negligent customer management", "客户管理疏忽"), "firm"),
    (Term("image", "Corporate image problems", "企业形象问题"), "firm"),
    (Term("staff", "Staff turnover", "企业人员流动"), "firm"),
    (Term("competitors", "Attraction by competitors", "竞争者的吸引"), "customer"),
    (Term("social", "Social factors", "社会因素"), "customer"),
    (Term("objective", "Objective reasons (relocation, bankruptcy...)", "客观原因"), "customer"),
)
# Keyword baseline for classify_churn_cause (illustrative): cause code -> English and Chinese cues.
CHURN_CAUSE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "defects": ("quality", "defect", "broken", "faulty", "late delivery", "delay", "after-sales",
                "质量", "缺陷", "坏了", "延迟", "送货慢", "售后"),
    "integrity": ("promise", "promised", "lied", "misleading", "false advert", "承诺", "诚信", "欺骗", "虚假"),
    "neglect": ("ignored", "neglect", "nobody followed up", "no follow-up", "small customer",
                "忽视", "冷落", "没人跟进", "不重视"),
    "image": ("reputation", "scandal", "image", "形象", "丑闻", "名声"),
    "staff": ("salesperson left", "account manager left", "manager left", "resigned", "离职", "跳槽", "业务员走"),
    "competitors": ("competitor", "cheaper elsewhere", "better offer", "switched to", "竞争对手", "别家",
                    "更便宜", "更优惠"),
    "social": ("policy", "regulation", "economy", "law", "政策", "法规", "经济", "法律"),
    "objective": ("moved", "relocat", "bankrupt", "closed down", "passed away", "搬家", "迁往", "破产", "倒闭",
                  "去世"),
}
CHURNED_TYPES: tuple[Term, ...] = (
    Term("abandoned", "Customers the firm actively abandoned", "企业主动放弃的客户"),
    Term("left", "Customers who left on their own initiative", "自己主动离开的客户"),
    Term("lured", "Customers lured away by competitors", "被竞争对手吸引走的客户"),
    Term("forced", "Customers forced to leave", "被迫离开的客户"),
)
WINBACK_STEPS: tuple[Term, ...] = (
    Term("analyse", "Analyse the cause of churn", "分析客户流失原因"),
    Term("judge", "Judge whether the customer can be won back", "判断客户是否可以挽回"),
    Term("compare", "Compare the loss from churn with the win-back cost", "比较流失损失与赢返成本"),
    Term("strategy", "Formulate the win-back strategy", "制定赢返策略"),
    Term("implement", "Implement win-back measures", "实施赢返措施"),
    Term("evaluate", "Evaluate the win-back effect", "评估赢返效果"),
)
WINBACK_METHODS: tuple[Term, ...] = (
    Term("investigate", "Investigate causes and ease dissatisfaction", "调查原因，缓解不满"),
    Term("classify", "Classify and treat differently", "分门别类，区别对待"),
    Term("offers", "Offer special discounts and services", "提供特殊优惠和服务"),
)
EARLY_WARNING_METHODS: tuple[Term, ...] = (
    Term("statistical", "Statistical analysis", "统计分析"),
    Term("machine_learning", "Machine learning", "机器学习"),
    Term("behavioural", "Behavioural analysis", "行为分析"),
    Term("sentiment", "Sentiment analysis", "情感分析"),
)
# Risk tiers of the early-warning model: (tier, share of customers ranked by churn risk).
RISK_TIERS: tuple[tuple[Term, float], ...] = (
    (Term("high", "High risk", "高风险"), 0.10),
    (Term("medium", "Medium risk", "中风险"), 0.20),
    (Term("low", "Low risk", "低风险"), 0.70),
)

# Inputs of the seeds' worked examples (the results are computed, never stored).
SEED: dict[str, Any] = {
    "customer_value": {"avg_item_value": 18, "items_per_purchase": 2, "purchases_per_year": 8,
                       "years": 10, "referrals": 100},
    "stew_leonard": {"spend_per_visit": 100, "visits_per_year": 50, "years": 10},
    "word_of_mouth": {"influenced": 25, "motivated": 8, "buyers": 1},
    "acquisition_multiplier": 5,            # >= 5x [seed 000]
    "acquisition_multiplier_hbr": (6, 10),  # 6-10x [seed 001]
    "profitability_gap": 15,                # new vs old customers [seed 000]
    "leaky_bucket_weekly": 100,             # 100 lost and 100 gained a week [seed 000]
    "lose_half": {"lost_fraction": 0.5, "years": 5},   # [seed 001]
    "churn_cut_for_profit": 0.05,           # cut churn by 5% [seed 001]
    "cases": {"jijian": {"customers": 120_000_000, "margin": "low"},    # 极简科技
              "hongtu": {"customers": 5, "margin": "high"}},            # 宏图制造
}

# Columns of ``load_churn()`` the early-warning models use (monthly_spend is a distractor).
CHURN_FEATURES: tuple[str, ...] = (
    "tenure_months", "monthly_spend", "late_payments", "auto_pay", "orders_90d", "order_trend",
    "complaints_12m", "unresolved_complaint", "discount_share", "annual_contract",
)


def _codes(terms) -> list[str]:
    return [t.code for t in terms]


# ------------------------------------------------------------------ relationship types

def _level(name: str, value: Any, levels: Sequence[str], cuts: tuple[float, float], names: tuple[str, str, str],
           *, integer_only: bool = False) -> str:
    """Map a label or a number to a level; ``names`` = (below cuts[0], between, at or above cuts[1])."""
    if isinstance(value, str):
        return one_of(name, value.strip().lower(), levels)
    x = integer(name, value, low=0) if integer_only else number(name, value)
    lo, hi = cuts
    return names[0] if x < lo else names[2] if x >= hi else names[1]


def relationship_type(customers: str | int, margin: str | float, *, original_kotler: bool = False,
                      customer_cuts: tuple[int, int] = (100, 100_000),
                      margin_cuts: tuple[float, float] = (0.10, 0.30)) -> str:
    """Kotler's relationship type for a number of customers and a product margin.

    Parameters
    ----------
    customers : {"many", "medium", "few"} or int
        A level, or a count of customers: fewer than ``customer_cuts[0]`` is "few", at least
        ``customer_cuts[1]`` is "many", anything between is "medium".
    margin : {"high", "medium", "low"} or float
        A level, or the marginal profit as a fraction of price: below ``margin_cuts[0]`` is
        "low", at least ``margin_cuts[1]`` is "high". The seeds give no thresholds; these
        defaults are illustrative and adjustable.
    original_kotler : bool
        Kotler's own table reads "basic or reactive" for many customers with a low margin;
        Chinese textbooks read "basic" (the default).

    Returns
    -------
    str
        "basic", "reactive", "accountable", "proactive" or "partnership" (or "basic or
        reactive" for the original Kotler reading of many/low).

    Examples
    --------
    >>> relationship_type(120_000_000, "low")     # 极简科技
    'basic'
    >>> relationship_type(5, 0.6)                 # 宏图制造, 60% margin
    'partnership'
    >>> relationship_type("many", "low", original_kotler=True)
    'basic or reactive'
    >>> relationship_type(-3, "low")
    Traceback (most recent call last):
    ...
    ValueError: customers must be >= 0, got -3
    """
    c, m = relationship_cell(customers, margin, customer_cuts=customer_cuts, margin_cuts=margin_cuts)
    if original_kotler and (c, m) == ("many", "low"):
        return _KOTLER_ORIGINAL_MANY_LOW
    return KOTLER_MATRIX[c][m]


def relationship_cell(customers: str | int, margin: str | float, *, customer_cuts: tuple[int, int] = (100, 100_000),
                      margin_cuts: tuple[float, float] = (0.10, 0.30)) -> tuple[str, str]:
    """The matrix cell (customers level, margin level) of labels or numbers; see :func:`relationship_type`.

    Examples
    --------
    >>> relationship_cell(5000, 0.2)
    ('medium', 'medium')
    """
    c_lo, c_hi = (integer("customer_cuts", v, low=0) for v in customer_cuts)
    m_lo, m_hi = (number("margin_cuts", v) for v in margin_cuts)
    if c_lo > c_hi or m_lo > m_hi:
        raise ValueError(f"cuts must be in increasing order, got customer_cuts={customer_cuts!r}, "
                         f"margin_cuts={margin_cuts!r}")
    c = _level("customers", customers, _codes(CUSTOMER_COUNT_LEVELS), (c_lo, c_hi), ("few", "medium", "many"),
               integer_only=True)
    if not isinstance(margin, str):
        number("margin", margin, low=-1, high=1)
    m = _level("margin", margin, _codes(MARGIN_LEVELS), (m_lo, m_hi), ("low", "medium", "high"))
    return c, m


def relationship_term(code: str) -> Term:
    """The bilingual :class:`Term` of a relationship type code.

    Examples
    --------
    >>> relationship_term("partnership").zh
    '伙伴型'
    """
    if code == _KOTLER_ORIGINAL_MANY_LOW:
        return Term(code, "Basic or reactive", "基本型或被动型")
    for t in RELATIONSHIP_TYPES:
        if t.code == code:
            return t
    return one_of("code", code, _codes(RELATIONSHIP_TYPES))


def relationship_matrix(*, original_kotler: bool = False, lang: str = "en") -> pd.DataFrame:
    """The 3×3 Kotler matrix: rows = number of customers, columns = marginal profit.

    Examples
    --------
    >>> relationship_matrix().loc["few", "high"]
    'Partnership'
    >>> relationship_matrix(lang="zh").loc["many", "low"]
    '基本型'
    """
    one_of("lang", lang, ("en", "zh"))
    rows = {c: {m: relationship_term(relationship_type(c, m, original_kotler=original_kotler)).text(lang)
                for m in _codes(MARGIN_LEVELS)} for c in _codes(CUSTOMER_COUNT_LEVELS)}
    df = pd.DataFrame.from_dict(rows, orient="index")
    df.index.name, df.columns.name = "customers", "margin"
    return df


# ------------------------------------------------------------------ value and economics

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
    return float(math.prod(_positive(n, v) for n, v in (
        ("avg_item_value", avg_item_value), ("items_per_purchase", items_per_purchase),
        ("purchases_per_year", purchases_per_year), ("years", years), ("referrals", referrals))))


def lifetime_revenue(spend_per_visit: float, visits_per_year: float, years: float) -> float:
    """Simple lifetime revenue: spend per visit × visits per year × years (the Stew Leonard rule).

    Examples
    --------
    >>> lifetime_revenue(80, 52, 5)
    20800.0
    """
    return customer_value(spend_per_visit, 1, visits_per_year, years, 1)


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
    return {"acquisition_cost": k * r, "cost_to_replace": k * r * n, "cost_to_keep": r * n,
            "extra_cost": (k - 1) * r * n}


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
    n = integer("periods", periods, low=1)
    c = _positive("retention_cost", retention_cost)
    k = number("multiplier", multiplier, low=1)
    t = np.arange(1, n + 1)
    # closed form of the recursion: start[t] = r^(t-1) * base + new * (1 - r^(t-1)) / (1 - r)
    powers = r ** (t - 1)
    grown = new * (t - 1) if r == 1 else new * (1 - powers) / (1 - r)
    start = powers * base + grown
    kept = r * start
    return pd.DataFrame({"period": t, "start": start, "lost": start - kept, "new": np.full(n, new),
                         "end": kept + new, "cost": kept * c + new * c * k})


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
    """
    lost = probability("lost_fraction", lost_fraction)
    t = number("years", years, low=0, low_open=True)
    return float((1 - lost) ** (1 / t))


def word_of_mouth(n_loyal: int = 1, *, influenced: float = 25, motivated: float = 8, buyers: float = 1) -> dict[str, float]:
    """The word-of-mouth cascade: each loyal customer influences 25, motivates 8, and ≥ 1 buys.

    Examples
    --------
    >>> word_of_mouth(10)
    {'influenced': 250.0, 'motivated': 80.0, 'buyers': 10.0}
    """
    n = integer("n_loyal", n_loyal, low=0)
    return {k: n * _positive(k, v) for k, v in (("influenced", influenced), ("motivated", motivated),
                                                ("buyers", buyers))}


# ------------------------------------------------------------------ tiers

def tier_table(n_customers: int, total_profit: float, *, scheme: str = "three", lang: str = "en") -> pd.DataFrame:
    """The stylised tier table: each tier's customers, profit and profit per customer.

    ``scheme="three"`` uses the 80/15/5 table [seed 001]; ``scheme="80/20"`` the 80/20 rule [seed 002].

    Examples
    --------
    >>> t = tier_table(1000, 1_000_000)
    >>> t["profit_per_customer"].tolist()
    [62.5, 1000.0, 16000.0]
    """
    n = integer("n_customers", n_customers, low=1)
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
        raise ValueError(f"key_share + potential_share must be <= 1, got {k + q!r}")
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
        raise TypeError("tiers must be the DataFrame returned by customer_tiers(profit)")
    g = tiers.groupby("tier")["profit"].agg(["size", "sum"]).reindex([t.code for t, *_ in CUSTOMER_TIERS],
                                                                     fill_value=0)
    total = tiers["profit"].sum()
    out = pd.DataFrame({
        "label": [t.text(lang) for t, *_ in CUSTOMER_TIERS],
        "customers": g["size"].astype(int),
        "profit": g["sum"].astype(float),
        "share_customers": g["size"] / len(tiers),
        "share_profit": g["sum"] / total if total else np.nan * g["sum"],
        "course_share_customers": [sc for _, sc, _, _ in CUSTOMER_TIERS],
        "course_share_profit": [sp for _, _, sp, _ in CUSTOMER_TIERS],
    }, index=g.index)
    out.index.name = "tier"
    return out


# ------------------------------------------------------------------ churn

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
        for k in counts:
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
        raise ValueError(f"n_lost must be <= n_total ({n}), got {n_lost!r}")
    out = {"absolute": lost / n}
    if (avg_purchase_lost is None) != (avg_purchase_all is None):
        raise ValueError("give both avg_purchase_lost and avg_purchase_all for the relative rate, or neither")
    if avg_purchase_lost is not None:
        a_lost = number("avg_purchase_lost", avg_purchase_lost, low=0)
        a_all = number("avg_purchase_all", avg_purchase_all, low=0, low_open=True)
        out["relative"] = lost / n * a_lost / a_all
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
        raise ValueError(f"churned and purchases must have the same length, got {flag.size} and {spend.size}")
    if not np.isin(flag, (0, 1)).all():
        raise ValueError("churned must contain only 0 and 1")
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
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    lowered = text.lower()
    best, cues = "unknown", []
    for term, _ in CHURN_CAUSES:
        hits = [k for k in CHURN_CAUSE_KEYWORDS[term.code] if k in lowered]
        if len(hits) > len(cues):
            best, cues = term.code, hits
    side = dict((t.code, s) for t, s in CHURN_CAUSES).get(best, "unknown")
    return {"cause": best, "side": side, "cues": ", ".join(cues)}


@dataclass(frozen=True)
class WinbackDecision:
    """The cost–benefit of winning back one lost customer."""

    value: float
    p_success: float
    cost: float
    expected_benefit: float
    net: float
    pursue: bool
    reason_en: str
    reason_zh: str

    def __repr__(self) -> str:
        verdict = "pursue" if self.pursue else "do not pursue"
        return (f"WinbackDecision(expected_benefit={self.expected_benefit:,.2f}, net={self.net:,.2f}, "
                f"{verdict}: {self.reason_en})")


def winback_decision(value: float, p_success: float, cost: float, *, churn_type: str | None = None) -> WinbackDecision:
    """Should we try to win this customer back? Pursue when p × value − cost > 0.

    Parameters
    ----------
    value : float
        What the customer is worth if won back (e.g. a CLV).
    p_success : float
        Probability the win-back succeeds, in [0, 1].
    cost : float
        Cost of the win-back effort.
    churn_type : str, optional
        One of :data:`CHURNED_TYPES` codes. Customers forced to leave (relocation,
        bankruptcy...) are usually not recoverable, so they are not pursued whatever the numbers.

    Examples
    --------
    >>> winback_decision(3000, 0.3, 500)
    WinbackDecision(expected_benefit=900.00, net=400.00, pursue: expected benefit exceeds the cost)
    >>> winback_decision(3000, 0.3, 500, churn_type="forced").pursue
    False
    >>> winback_decision(3000, 1.5, 500)
    Traceback (most recent call last):
    ...
    ValueError: p_success must be in [0, 1], got 1.5
    """
    v = _positive("value", value)
    p = probability("p_success", p_success)
    c = _positive("cost", cost)
    if churn_type is not None:
        one_of("churn_type", churn_type, _codes(CHURNED_TYPES))
    benefit = p * v
    net = benefit - c
    if churn_type == "forced":
        pursue, en, zh = False, "customers forced to leave are usually not recoverable", "被迫离开的客户通常无法挽回"
    elif net > 0:
        pursue, en, zh = True, "expected benefit exceeds the cost", "预期收益高于赢返成本"
    else:
        pursue, en, zh = False, "the cost is not covered by the expected benefit", "预期收益不足以弥补赢返成本"
    return WinbackDecision(v, p, c, benefit, net, pursue, en, zh)


def winback_plan(value, p_success, cost) -> pd.DataFrame:
    """:func:`winback_decision` for many customers at once (arrays or scalars broadcast).

    Examples
    --------
    >>> winback_plan([1000, 5000], 0.4, 800)["pursue"].tolist()
    [False, True]
    """
    v = np.atleast_1d(np.asarray(value, dtype=float))
    p = np.broadcast_to(np.asarray(p_success, dtype=float), v.shape)
    c = np.broadcast_to(np.asarray(cost, dtype=float), v.shape)
    for name, arr in (("value", v), ("cost", c)):
        if np.isnan(arr).any() or (arr < 0).any():
            raise ValueError(f"{name} must be >= 0 with no missing values")
    if np.isnan(p).any() or ((p < 0) | (p > 1)).any():
        raise ValueError("p_success must be in [0, 1]")
    benefit = p * v
    index = value.index if isinstance(value, pd.Series) else None
    return pd.DataFrame({"value": v, "p_success": p, "cost": c, "expected_benefit": benefit,
                         "net": benefit - c, "pursue": benefit - c > 0}, index=index)


# ------------------------------------------------------------------ lifecycle

def lifecycle_stages(volumes, *, explore_level: float = 0.3, stable_level: float = 0.8,
                     min_plateau: int = 2) -> list[str]:
    """The lifecycle stage of every period of a customer's transaction-volume series.

    Rule (illustrative; the seeds give no thresholds), relative to the series' peak P:

    * stability (稳定期): from the first to the last period with volume ≥ ``stable_level`` × P,
      provided at least ``min_plateau`` periods reach that level (otherwise the relationship
      was still growing, so those periods count as formation);
    * before stability: exploration (考察期) until the volume has grown above its first value
      and reached ``explore_level`` × P, then formation (形成期);
    * after stability: decline (退化期).

    Examples
    --------
    >>> lifecycle_stages([1, 2, 6, 9, 10, 10, 9, 5, 2])
    ['exploration', 'exploration', 'formation', 'stability', 'stability', 'stability', 'stability', 'decline', 'decline']
    """
    v = array_1d("volumes", volumes)
    if (v < 0).any():
        raise ValueError("volumes must be >= 0")
    lo = probability("explore_level", explore_level)
    hi = probability("stable_level", stable_level)
    if lo > hi:
        raise ValueError(f"explore_level must be <= stable_level, got {lo} and {hi}")
    plateau = integer("min_plateau", min_plateau, low=1)
    peak = v.max()
    if peak == 0:
        return ["exploration"] * v.size
    high = np.flatnonzero(v >= hi * peak)
    if high.size >= plateau:
        first, last = high[0], high[-1]
    else:
        first = last = v.size  # no plateau yet
    first_value = v[np.flatnonzero(v > 0)[0]]
    stages = []
    for i, x in enumerate(v):
        if i > last:
            stages.append("decline")
        elif i >= first:
            stages.append("stability")
        elif (x < lo * peak or x <= first_value) and "formation" not in stages:
            stages.append("exploration")
        else:
            stages.append("formation")
    # a fall after the peak with no plateau is a decline, not formation
    if high.size < plateau:
        top = int(np.argmax(v))
        stages[top + 1:] = ["decline" if v[j] < v[top] else stages[j] for j in range(top + 1, v.size)]
    return stages


def lifecycle_stage(volumes, **thresholds) -> str:
    """The current (latest) lifecycle stage; thresholds as in :func:`lifecycle_stages`.

    Examples
    --------
    >>> lifecycle_stage([1, 3, 6])
    'formation'
    >>> lifecycle_stage([2, 8, 10, 10, 4])
    'decline'
    """
    return lifecycle_stages(volumes, **thresholds)[-1]


def lifecycle_pattern(volumes, *, long_periods: int = 6, end_level: float = 0.0, **thresholds) -> str:
    """Which of the four lifecycle patterns a (finished or ongoing) relationship follows.

    The relationship has *ended* when its last volume is ≤ ``end_level`` × peak. Then:
    it never left exploration → early abortion (早期流产型); it reached formation but not
    stability → mid-way death (中途夭折型); it reached stability for fewer than
    ``long_periods`` periods → early exit (提前退出型). At least ``long_periods`` periods of
    stability → long-lasting (长久保持型), ended or not. An ongoing relationship with a shorter
    history is "too_early".

    Examples
    --------
    >>> lifecycle_pattern([2, 1, 0])
    'early_abortion'
    >>> lifecycle_pattern([1, 4, 10, 3, 0])
    'midway_death'
    >>> lifecycle_pattern([1, 4, 9, 10, 10, 9, 10, 9, 10])
    'long_lasting'
    """
    v = array_1d("volumes", volumes)
    n_long = integer("long_periods", long_periods, low=1)
    stages = lifecycle_stages(v, **thresholds)
    n_stable = stages.count("stability")
    if n_stable >= n_long:
        return "long_lasting"
    ended = v[-1] <= probability("end_level", end_level) * v.max() and v.size > 1
    if not ended:
        return "too_early"
    if n_stable:
        return "early_exit"
    return "midway_death" if "formation" in stages else "early_abortion"


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
        raise ValueError(f"weights must be 3 non-negative numbers, not all zero; got {list(weights)!r}")
    return float(x @ w / w.sum())


# ------------------------------------------------------------------ churn early warning

def _churn_frame(data: Any, name: str = "data") -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame like load_churn(), got {type(data).__name__}")
    missing = [c for c in CHURN_FEATURES if c not in data.columns]
    if missing:
        raise ValueError(f"{name} is missing the column(s) {', '.join(missing)}")
    return data


def churn_split(data: pd.DataFrame, *, test_size: float = 0.3, random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A stratified train/test split of the churn table (fixed ``random_state``).

    Examples
    --------
    >>> from labkit.datasets import load_churn
    >>> train, test = churn_split(load_churn())
    >>> len(train), len(test)
    (1400, 600)
    """
    from sklearn.model_selection import train_test_split

    _churn_frame(data)
    if "churned" not in data.columns:
        raise ValueError("data needs the 'churned' column (0/1) to split")
    number("test_size", test_size, low=0, high=1, low_open=True, high_open=True)
    train, test = train_test_split(data, test_size=test_size, random_state=integer("random_state", random_state),
                                   stratify=data["churned"])
    return train, test


class ChurnModel:
    """A churn early-warning model: logistic regression (统计分析) or a random forest (机器学习).

    ``ChurnModel("logistic").fit(train)`` fits on the :data:`CHURN_FEATURES` columns of a
    table like ``load_churn()``; ``predict_proba(table)`` gives each customer's churn
    probability. The logistic model is unpenalised and works in the table's own units, so
    its coefficients compare directly with ``load_truth()["churn"]``; ``params_`` holds
    them (with standard errors in ``std_errors_``). The forest's ``params_`` holds its
    feature importances.

    Examples
    --------
    >>> from labkit.datasets import load_churn
    >>> m = ChurnModel("logistic").fit(load_churn())
    >>> round(float(m.params_["late_payments"]), 1)
    0.5
    """

    def __init__(self, kind: str = "logistic", *, random_state: int = 0):
        self.kind = one_of("kind", kind, ("logistic", "forest"))
        self.random_state = integer("random_state", random_state)
        self.params_: pd.Series | None = None
        self.std_errors_: pd.Series | None = None
        self._model = None

    def fit(self, data: pd.DataFrame, target: str = "churned") -> "ChurnModel":
        _churn_frame(data)
        if target not in data.columns:
            raise ValueError(f"data needs the target column {target!r}")
        X = data[list(CHURN_FEATURES)].to_numpy(dtype=float)
        y = data[target].to_numpy()
        if not np.isin(y, (0, 1)).all() or len(np.unique(y)) < 2:
            raise ValueError(f"{target} must contain both 0 and 1 and nothing else")
        if self.kind == "logistic":
            from sklearn.linear_model import LogisticRegression

            model = LogisticRegression(C=np.inf, solver="newton-cholesky", max_iter=1000, tol=1e-10).fit(X, y)
            names = ["intercept", *CHURN_FEATURES]
            coef = np.concatenate([model.intercept_, model.coef_[0]])
            self.params_ = pd.Series(coef, index=names, name="fitted")
            # standard errors from the inverse Fisher information, (X'WX)^-1
            Z = np.column_stack([np.ones(len(X)), X])
            p = model.predict_proba(X)[:, 1]
            cov = np.linalg.inv(Z.T @ (Z * (p * (1 - p))[:, None]))
            self.std_errors_ = pd.Series(np.sqrt(np.diag(cov)), index=names, name="std_error")
        else:
            from sklearn.ensemble import RandomForestClassifier

            model = RandomForestClassifier(n_estimators=200, min_samples_leaf=10, max_features=0.5,
                                           random_state=self.random_state, n_jobs=1).fit(X, y)
            self.params_ = pd.Series(model.feature_importances_, index=list(CHURN_FEATURES), name="importance")
        self._model = model
        return self

    def predict_proba(self, data: pd.DataFrame) -> pd.Series:
        """Each customer's predicted churn probability (index of ``data``)."""
        if self._model is None:
            raise ValueError("fit the model first: ChurnModel(...).fit(train)")
        _churn_frame(data)
        p = self._model.predict_proba(data[list(CHURN_FEATURES)].to_numpy(dtype=float))[:, 1]
        return pd.Series(p, index=data.index, name="churn_risk")

    def __repr__(self) -> str:
        if self.params_ is None:
            return f"ChurnModel({self.kind!r}, not fitted)"
        top = ", ".join(f"{k}={v:.3f}" for k, v in self.params_.items())
        return f"ChurnModel({self.kind!r}, params_: {top})"


def _labels_scores(y, score) -> tuple[np.ndarray, np.ndarray]:
    yy = array_1d("y", y)
    s = array_1d("score", score)
    if yy.size != s.size:
        raise ValueError(f"y and score must have the same length, got {yy.size} and {s.size}")
    if not np.isin(yy, (0, 1)).all():
        raise ValueError("y must contain only 0 and 1")
    return yy, s


def roc_auc(y, score) -> float:
    """Area under the ROC curve: the chance a random churner is ranked above a random stayer.

    Computed from ranks (the Mann–Whitney U statistic, ties counted half).

    Examples
    --------
    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    from scipy.stats import rankdata

    yy, s = _labels_scores(y, score)
    n1 = int(yy.sum())
    n0 = yy.size - n1
    if n1 == 0 or n0 == 0:
        raise ValueError("y must contain both churners (1) and stayers (0) to compute an AUC")
    ranks = rankdata(s)
    return float((ranks[yy == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def lift_table(y, score, *, n_bins: int = 10) -> pd.DataFrame:
    """Lift and gains by score decile (组): customers ranked by predicted risk, highest first.

    Columns: bin (1 = riskiest), customers, churners, churn_rate, lift (churn rate ÷ overall
    rate), cum_customers_share, cum_churners_share (the gains curve) and cum_lift.

    Examples
    --------
    >>> t = lift_table([1, 1, 0, 0, 1, 0, 0, 0, 0, 0], [.9, .8, .7, .6, .5, .4, .3, .2, .1, 0], n_bins=5)
    >>> t["lift"].round(2).tolist()
    [3.33, 0.0, 1.67, 0.0, 0.0]
    """
    yy, s = _labels_scores(y, score)
    k = integer("n_bins", n_bins, low=1)
    if k > yy.size:
        raise ValueError(f"n_bins must be <= the number of customers ({yy.size}), got {n_bins!r}")
    order = np.argsort(-s, kind="stable")
    bins = np.arange(yy.size) * k // yy.size + 1
    df = pd.DataFrame({"bin": bins, "y": yy[order]})
    g = df.groupby("bin")["y"].agg(customers="size", churners="sum").reset_index()
    overall = yy.mean()
    g["churn_rate"] = g["churners"] / g["customers"]
    g["lift"] = g["churn_rate"] / overall if overall else np.nan
    g["cum_customers_share"] = g["customers"].cumsum() / yy.size
    g["cum_churners_share"] = g["churners"].cumsum() / yy.sum() if yy.sum() else 0.0
    g["cum_lift"] = g["cum_churners_share"] / g["cum_customers_share"]
    g["churners"] = g["churners"].astype(int)
    return g


def risk_tiers(score, *, shares: Sequence[float] | None = None) -> pd.Series:
    """Rank customers by churn risk into tiers: high (top 10%), medium (next 20%), low (rest).

    Examples
    --------
    >>> risk_tiers([0.9, 0.1, 0.5, 0.2, 0.3, 0.05, 0.01, 0.02, 0.03, 0.04]).tolist()
    ['high', 'low', 'medium', 'low', 'medium', 'low', 'low', 'low', 'low', 'low']
    """
    index = score.index if isinstance(score, pd.Series) else None
    s = array_1d("score", score)
    sh = [float(x) for x in (shares if shares is not None else [share for _, share in RISK_TIERS])]
    if len(sh) != len(RISK_TIERS) or any(x < 0 for x in sh) or not math.isclose(sum(sh), 1):
        raise ValueError(f"shares must be {len(RISK_TIERS)} non-negative numbers adding to 1, got {sh!r}")
    order = np.argsort(-s, kind="stable")
    rank = np.empty(s.size, dtype=int)
    rank[order] = np.arange(s.size)
    cuts = np.round(np.cumsum(sh) * s.size).astype(int)
    codes = np.array([t.code for t, _ in RISK_TIERS])
    return pd.Series(codes[np.searchsorted(cuts, rank, side="right")], index=index, name="risk_tier")


def coefficient_table(model: ChurnModel, truth: dict[str, float]) -> pd.DataFrame:
    """Fitted logistic coefficients next to the true ones, with standard errors and z = (fitted − true)/SE.

    Both are in the units of the churn table (a coefficient is the change in log-odds per unit).
    Features absent from ``truth`` (e.g. the distractor monthly_spend) have a true value of 0.

    Examples
    --------
    >>> from labkit.datasets import load_churn, load_truth
    >>> t = coefficient_table(ChurnModel().fit(load_churn()), load_truth()["churn"]["coefficients"])
    >>> bool((t["z"].abs() < 3).all())
    True
    """
    if not isinstance(model, ChurnModel) or model.kind != "logistic" or model.params_ is None:
        raise TypeError("model must be a fitted ChurnModel('logistic')")
    if not isinstance(truth, dict):
        raise TypeError(f"truth must be a dict of coefficient name -> value, got {type(truth).__name__}")
    fitted = model.params_
    true = pd.Series({k: float(truth.get(k, 0.0)) for k in fitted.index}, name="true")
    out = pd.DataFrame({"fitted": fitted, "true": true, "std_error": model.std_errors_})
    out["z"] = (out["fitted"] - out["true"]) / out["std_error"]
    out.index.name = "term"
    return out
