"""Chapter 1's course tables (relationship types, lifecycle, tiers, churn, win-back), kept once, in English and Chinese.

The notebook, the live demos and the self-checks read them from here.
"""
from __future__ import annotations

from typing import Any

from labkit.labels import Term

__all__ = ['RELATIONSHIP_TYPES', 'RELATIONSHIP_DEFINITIONS', 'CUSTOMER_COUNT_LEVELS', 'MARGIN_LEVELS', 'KOTLER_MATRIX', 'RELATIONSHIP_FEATURES', 'RELATIONSHIP_SIGNALS', 'KEY_TERMS', 'INFLUENCE_FACTORS', 'CUSTOMER_ROLES', 'LIFECYCLE_PROCESSES', 'LIFECYCLE_STAGES', 'LIFECYCLE_PATTERNS', 'DEVELOPMENT_STRATEGIES', 'RETENTION_STRATEGIES', 'RETENTION_METHODS', 'RETENTION_DRIVERS', 'CUSTOMER_TIERS', 'PARETO_TIERS', 'LEAVE_REASONS', 'CHURN_SIDES', 'CHURN_CAUSES', 'CHURNED_TYPES', 'CHURN_CAUSE_KEYWORDS', 'WINBACK_STEPS', 'WINBACK_METHODS', 'EARLY_WARNING_METHODS', 'RISK_TIERS', 'SEED', 'CHURN_FEATURES', 'ROLE_PLAY_SCENES']


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
    Term("experience", "Customer's own past experience", "客户的经验"),
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


# Role-play scenes of the five relationship types (C-1 activity 4 of seed 003; the scenes are
# illustrative, written for the workbook): (English, Chinese). Which type each scene acts out is
# the exercise's answer and lives with the exercise, not here.
ROLE_PLAY_SCENES: tuple[tuple[str, str], ...] = (
    ("A supermarket sells a bottle of water and never contacts the buyer again.",
     "超市卖出一瓶水后，再也不联系购买者。"),
    ("A phone shop tells buyers: 'call our hotline if anything goes wrong'.",
     "手机店告诉购买者：“有任何问题请拨打我们的热线。”"),
    ("A week after delivery, a furniture seller phones to ask whether the sofa meets expectations.",
     "家具商在送货一周后打电话询问沙发是否符合期望。"),
    ("A software vendor keeps sending a client improvement tips and news of new modules.",
     "软件供应商不断向客户发送改进建议和新模块信息。"),
    ("An aircraft-engine maker works with an airline for years to cut the airline's fuel costs.",
     "航空发动机制造商与航空公司多年合作，帮助其降低燃油成本。"),
)
