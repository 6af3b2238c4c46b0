"""Chapter 2's course lists (service, communication, complaints, recovery), kept once, in English and Chinese.

Complaint types, handling methods and stages and the recovery steps live in :mod:`labkit.curriculum`, shared with the data generator.
"""
from __future__ import annotations

from labkit.labels import Term

__all__ = ['SERVICE_CHARACTERISTICS', 'SEVEN_RIGHTS', 'COMMUNICATION_SKILLS', 'COMMUNICATION_PRINCIPLES', 'EXPERIENCE_MODULES', 'SERVICE_GAPS', 'COMPLAINT_VALUES', 'RECOVERY_METHODS', 'COMMITMENT_ELEMENTS', 'COMMITMENT_PROMOTION', 'HOTEL_PROCEDURE', 'EXAMPLE_JOURNEY', 'UNITED_CASE_EVENTS', 'SERVICE_SCENARIOS']


# The five characteristics of service [seeds 003, 001].
SERVICE_CHARACTERISTICS: tuple[Term, ...] = (
    Term("intangibility", "Intangibility", "不可感知性"),
    Term("inseparability", "Inseparability", "不可分离性"),
    Term("heterogeneity", "Heterogeneity (variability)", "差异性"),
    Term("perishability", "Perishability", "不可储存性"),
    Term("no_ownership", "Lack of ownership", "缺乏所有权"),
)


# Scenarios for the service-characteristics quiz (C-2.2; illustrative): (English, Chinese, answer).
# The notebook's exercise uses the first five; the quiz demo the rest.
SERVICE_SCENARIOS: tuple[tuple[str, str, str], ...] = (
    ("A hotel room left empty tonight cannot be sold tomorrow.", "今晚空着的酒店客房明天无法再卖出去。",
     "perishability"),
    ("A haircut is produced while the customer sits in the chair.", "理发是在顾客坐在椅子上时完成的。",
     "inseparability"),
    ("Before booking, a traveller cannot touch or try the flight.", "订票之前，旅客无法触摸或试用航班服务。",
     "intangibility"),
    ("Two waiters in the same restaurant give very different service.", "同一家餐厅的两位服务员提供的服务差别很大。",
     "heterogeneity"),
    ("After a concert the audience owns nothing but the memory.", "音乐会结束后，观众除了回忆什么也没有得到。",
     "no_ownership"),
    ("A bank shows its spotless branch and certificates to reassure customers.",
     "银行展示整洁的网点和资质证书来让客户放心。", "intangibility"),
    ("A call centre cannot store today's quiet hours for Monday morning's rush.",
     "呼叫中心无法把今天空闲的时间存起来留给周一早上的高峰。", "perishability"),
    ("A tutor's lesson needs the student to be present and taking part.", "家教课需要学生在场并参与其中。",
     "inseparability"),
    ("The same bank branch is fast on Tuesday and slow on Friday.", "同一个银行网点周二办事很快，周五却很慢。",
     "heterogeneity"),
    ("A gym membership gives the right to use the machines, not to take them home.",
     "健身会员卡给你使用器械的权利，而不是把器械带回家。", "no_ownership"),
)


# The customer-service standard: seven "Rights" [seed 001].
SEVEN_RIGHTS: tuple[Term, ...] = (
    Term("time", "Right time", "合适的时间"),
    Term("place", "Right place", "合适的场合"),
    Term("price", "Right price", "合适的价格"),
    Term("channel", "Right channel", "通过合适的渠道"),
    Term("customer", "Right customer", "合适的客户"),
    Term("product", "Right product or service", "合适的产品和服务"),
    Term("wants", "Right wants", "适合需求"),
)


# Six communication skills [seed 003].
COMMUNICATION_SKILLS: tuple[Term, ...] = (
    Term("respect", "Fully respect the customer and keep service etiquette", "全面尊重客户,保持服务礼仪"),
    Term("participate", "Let the customer participate and keep a low profile", "让客户参与,保持低姿态"),
    Term("atmosphere", "Create a relaxed, pleasant atmosphere", "创造轻松愉快的沟通氛围"),
    Term("halo", "Use the 'love me, love my dog' effect", "利用“爱屋及乌”心理效应"),
    Term("integrity", "Keep integrity and give help", "保持诚信,给予帮助"),
    Term("personality", "Learn the customer's hobbies and personality", "了解客户爱好和个性特点"),
)


# Six principles of customer communication [seed 002].
# Chinese wording as in seed 002.
COMMUNICATION_PRINCIPLES: tuple[Term, ...] = (
    Term("position", "Position the supplier (the sender) correctly", "摆正供应商(信息发送者)的角色"),
    Term("situation", "Be clear about the situation and priorities", "清楚事态、了解问题、分清主次"),
    Term("needs", "Start from the receiver's needs", "从客户(信息接收者)的需要出发"),
    Term("involve", "Draw the customer in by asking for views", "吸引客户参与:征求看法、征求建议"),
    Term("action", "Spark action: reach consensus on each side's actions", "通过交流激发行动:达成共识,明确各自行动"),
    Term("equality", "Equality, reciprocity, credit, compatibility, development", "坚持平等、互惠、信用、相容、发展"),
)


# Strategic experiential modules (SEMs) [seed 003; Schmitt 1999 is standard, not in seeds].
EXPERIENCE_MODULES: tuple[Term, ...] = (
    Term("sense", "Sense", "感觉"),
    Term("feel", "Feel", "情感"),
    Term("think", "Think", "思考"),
    Term("act", "Act", "行动"),
    Term("relate", "Relate", "关联"),
)


# Service-quality gap model (standard, not in seeds: Parasuraman, Zeithaml & Berry 1985).
SERVICE_GAPS: tuple[Term, ...] = (
    Term("knowledge", "Gap 1: expectations vs management's perception", "差距1:认知差距"),
    Term("standards", "Gap 2: management perception vs service standards", "差距2:标准差距"),
    Term("delivery", "Gap 3: standards vs service delivered", "差距3:交付差距"),
    Term("communication", "Gap 4: service delivered vs external promises", "差距4:沟通差距"),
    Term("customer", "Gap 5: expected vs perceived service", "差距5:客户差距"),
)


# The value of complaints [seed 003].
COMPLAINT_VALUES: tuple[Term, ...] = (
    Term("improve", "Help improve products or services", "有助于改进产品或服务"),
    Term("trust", "Win customer trust and keep loyalty", "赢得客户信任,保持客户忠诚"),
    Term("image", "Enhance corporate image", "提升企业形象"),
)


# Three complaint-recovery methods [seed 003].
RECOVERY_METHODS: tuple[Term, ...] = (
    Term("remove_obstacles", "Remove obstacles to complaining", "扫除客户投诉的障碍"),
    Term("system", "Build a complete complaint system", "建立完善的客户投诉系统"),
    Term("frontline", "Raise front-line staff's handling level", "提高一线员工处理投诉的水平"),
)


# Service commitment: forms of expression and promotion channels [seed 003].
COMMITMENT_ELEMENTS: tuple[Term, ...] = (
    Term("promise", "What is promised", "承诺事项"),
    Term("compensation", "How compensation is made", "赔偿方式"),
    Term("promiser", "Who promises", "承诺主体"),
)


COMMITMENT_PROMOTION: tuple[Term, ...] = (
    Term("advertising", "External advertising", "外部广告"),
    Term("posting", "Internal posting", "内部张贴"),
    Term("word_of_mouth", "Word of mouth", "口头传播"),
)


# Hotel complaint procedure, three stages [seed 000].
HOTEL_PROCEDURE: tuple[Term, ...] = (
    Term("receive", "Receiving the complaint", "接待投诉"),
    Term("investigate", "Investigation and handling", "调查处理"),
    Term("feedback", "Feedback of results", "反馈结果"),
)


# An online-shopping journey (illustrative; the seeds give no journey map): stage, touchpoint,
# emotion from -2 to +2.
EXAMPLE_JOURNEY: tuple[dict, ...] = (
    {"stage": "Discover 了解", "touchpoint": "ad / search 广告与搜索", "emotion": 1},
    {"stage": "Choose 选购", "touchpoint": "product page 商品页", "emotion": 2},
    {"stage": "Pay 支付", "touchpoint": "checkout 结算", "emotion": 0},
    {"stage": "Wait 等待", "touchpoint": "tracking 物流跟踪", "emotion": -1},
    {"stage": "Receive 收货", "touchpoint": "courier 快递员", "emotion": 1},
    {"stage": "Use 使用", "touchpoint": "product 商品", "emotion": 1},
    {"stage": "Get help 求助", "touchpoint": "hotline 客服热线", "emotion": -2},
)


# The United Airlines guitar case read as recovery steps (standard, not in seeds; an
# illustrative reading of the public account): the claim was recorded, then passed between
# offices for about nine months, then judged ineligible (filed after the 24-hour window).
UNITED_CASE_EVENTS: tuple[str, ...] = ("record", "assign", "assign", "assign", "judge")
