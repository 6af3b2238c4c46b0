"""Chapter 3's course tables (satisfaction, loyalty, CSI measurement), kept once, in English and Chinese.

The notebook, the live demos and the self-checks read them from here.
"""
from __future__ import annotations

from labkit.labels import Term

__all__ = ['EXPECTATION_OUTCOMES', 'QUADRANTS', 'LIKERT_5', 'LIKERT_7', 'NPS_BANDS', 'KANO_CATEGORIES', 'MEASUREMENT_STEPS', 'LOYALTY_MEASURES', 'LOYALTY_PROGRAMMES', 'SURVEY_ITEMS']


# Expectation-perception model [seed 003]: q1 > q0, q1 = q0, q1 < q0.
EXPECTATION_OUTCOMES: tuple[Term, ...] = (
    Term("delighted", "Surprised and satisfied", "惊喜/满意"),
    Term("neutral", "No particular feeling", "无感"),
    Term("dissatisfied", "Dissatisfied", "不满意"),
)


# Satisfaction-loyalty quadrants [seed 003], with the seed's interpretation.
QUADRANTS: tuple[Term, ...] = (
    Term("satisfied_loyal", "Satisfied and loyal", "满意且忠诚"),
    Term("satisfied_not_loyal", "Satisfied but not loyal", "满意但不忠诚"),
    Term("dissatisfied_loyal", "Dissatisfied but loyal", "不满意却忠诚"),
    Term("dissatisfied_not_loyal", "Dissatisfied and not loyal", "不满意不忠诚"),
)


QUADRANT_NOTES: dict[str, Term] = {
    "satisfied_loyal": Term("satisfied_loyal", "The ideal customer: keeps buying and recommends",
                            "理想客户：持续购买并推荐"),
    "satisfied_not_loyal": Term("satisfied_not_loyal", "Easily lured away by competitors",
                                "容易被竞争对手拉走"),
    "dissatisfied_loyal": Term("dissatisfied_loyal", "Forced loyalty: high switching cost or little choice",
                               "被迫忠诚：转换成本高或选择有限"),
    "dissatisfied_not_loyal": Term("dissatisfied_not_loyal", "The most likely to churn", "最可能流失"),
}


# Likert scales: 5-point labels and values from seed 003; 7-point labels are standard, not in seeds.
LIKERT_5: tuple[tuple[Term, int], ...] = (
    (Term("very_satisfied", "Very satisfied", "很满意"), 5),
    (Term("satisfied", "Satisfied", "满意"), 4),
    (Term("neutral", "Neutral", "一般"), 3),
    (Term("dissatisfied", "Dissatisfied", "不满意"), 2),
    (Term("very_dissatisfied", "Very dissatisfied", "很不满意"), 1),
)


LIKERT_7: tuple[tuple[Term, int], ...] = (
    (Term("very_satisfied", "Very satisfied", "非常满意"), 7),
    (Term("satisfied", "Satisfied", "满意"), 6),
    (Term("somewhat_satisfied", "Somewhat satisfied", "比较满意"), 5),
    (Term("neutral", "Neutral", "一般"), 4),
    (Term("somewhat_dissatisfied", "Somewhat dissatisfied", "比较不满意"), 3),
    (Term("dissatisfied", "Dissatisfied", "不满意"), 2),
    (Term("very_dissatisfied", "Very dissatisfied", "非常不满意"), 1),
)


# NPS bands on the 0-10 recommend question [seed 003]: (term, lowest score, highest score).
NPS_BANDS: tuple[tuple[Term, int, int], ...] = (
    (Term("promoter", "Promoters", "推荐型"), 9, 10),
    (Term("passive", "Passives", "被动型"), 7, 8),
    (Term("detractor", "Detractors", "贬损型"), 0, 6),
)


# Kano categories (three need types from seed 003; indifferent, reverse and questionable are
# standard, not in seeds).
KANO_CATEGORIES: dict[str, Term] = {t.code: t for t in (
    Term("A", "Attractive (exciting) need", "兴奋型需求"),
    Term("O", "One-dimensional (performance) need", "期望型需求"),
    Term("M", "Must-be (basic) need", "基本型需求"),
    Term("I", "Indifferent", "无差异型"),
    Term("R", "Reverse", "反向型"),
    Term("Q", "Questionable answer", "可疑结果"),
)}


# Five measurement steps [seed 003].
MEASUREMENT_STEPS: tuple[Term, ...] = (
    Term("plan", "Draw up the plan", "制定方案"),
    Term("questionnaire", "Design the questionnaire", "设计问卷"),
    Term("survey", "Conduct the survey", "实施调查"),
    Term("analyse", "Analyse the data", "分析数据"),
    Term("improve", "Improve and execute", "改进执行"),
)


# Loyalty measures [seed 003]; ``True`` marks those where a lower value means more loyal.
LOYALTY_MEASURES: tuple[tuple[Term, bool], ...] = (
    (Term("repeat_purchases", "Number of repeat purchases", "客户重复购买的次数"), False),
    (Term("spending_share", "Share of spending in the category", "客户购买的费用占比"), False),
    (Term("price_sensitivity", "Price sensitivity", "客户对价格的敏感程度"), True),
    (Term("selection_time", "Length of selection time", "客户挑选时间的长短"), True),
    (Term("competitor_attitude", "Attitude to competing brands", "客户对竞争品牌的态度"), False),
    (Term("quality_tolerance", "Tolerance of product-quality problems", "客户对产品质量问题的承受能力"), False),
    (Term("nps", "Net Promoter Score", "净推荐值"), False),
)


# Loyalty-programme models [seed 003].
LOYALTY_PROGRAMMES: tuple[Term, ...] = (
    Term("points", "Independent points programme", "独立积分计划"),
    Term("alliance", "Points alliance", "积分计划联盟模式"),
    Term("cobrand", "Co-branded card", "联名卡"),
    Term("club", "Membership club", "会员俱乐部"),
)


# Column prefixes of the ACSI items in ``load_survey()``.
SURVEY_ITEMS: dict[str, str] = {"expectation": "exp", "quality": "qual", "value": "val",
                                "satisfaction": "sat", "complaints": "comp", "loyalty": "loy"}
