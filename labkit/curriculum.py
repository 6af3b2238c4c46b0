"""Lists and tables taken from the course, each kept once as ordered bilingual terms.

Notebooks, widgets, self-checks and the data generators all read these constants, so a
renamed step or a new complaint type changes everywhere at once.

Examples
--------
>>> from labkit.curriculum import COMPLAINT_TYPES, RECOVERY_STEPS
>>> [t.zh for t in COMPLAINT_TYPES][:2]
['商品质量投诉', '购销合同投诉']
>>> len(RECOVERY_STEPS)
8
"""
from __future__ import annotations

from labkit.labels import Term

__all__ = [
    "COMPLAINT_TYPES",
    "COMPLAINT_CAUSES",
    "RECOVERY_STEPS",
    "HANDLING_METHODS",
    "HANDLING_STAGES",
    "ACQUISITION_CHANNELS",
    "COMPLAINT_CHANNELS",
    "SALES_CHANNELS",
    "SEGMENTS",
    "PRODUCT_CATEGORIES",
    "SERVQUAL_DIMENSIONS",
    "KANO_ANSWERS",
    "CSI_CONSTRUCTS",
    "CSI_MODELS",
    "FUNNELS",
]

# Complaint types by content [seed 002]; order as in the course.
COMPLAINT_TYPES: tuple[Term, ...] = (
    Term("quality", "Product-quality complaint", "商品质量投诉"),
    Term("contract", "Purchase/sales-contract complaint", "购销合同投诉"),
    Term("transport", "Goods-transport complaint", "货物运输投诉"),
    Term("service", "Service complaint", "服务投诉"),
    Term("suggestion", "Proposal or suggestion", "客户提案与建议"),
)

# Causes of complaints [seed 003].
COMPLAINT_CAUSES: tuple[Term, ...] = (
    Term("expectation", "Mismanaged customer expectations", "企业管理客户期望的失误"),
    Term("defect", "Defects in product or service quality", "企业产品或服务质量存在缺陷"),
    Term("attitude", "Improper service attitude or manner", "企业服务态度或服务方式不当"),
)

# The eight complaint-recovery steps [seed 003], in the order they must happen.
RECOVERY_STEPS: tuple[Term, ...] = (
    Term("record", "Record the complaint content", "记录投诉内容"),
    Term("judge", "Judge the nature of the complaint", "判断投诉性质"),
    Term("assign", "Determine the handling department", "确定处理部门"),
    Term("analyse", "Analyse the cause of the complaint", "分析投诉原因"),
    Term("propose", "Propose a handling plan", "提出处理方案"),
    Term("approve", "Submit to leadership for approval", "提交领导批示"),
    Term("implement", "Implement the handling plan", "实施处理方案"),
    Term("evaluate", "Summarise and evaluate the results", "总结评价结果"),
)

# The eight basic complaint-handling methods [seed 002].
HANDLING_METHODS: tuple[Term, ...] = (
    Term("vent", "Let the customer vent", "让客户发泄"),
    Term("listen", "Listen attentively", "用心聆听"),
    Term("apologise", "Apologise", "表示道歉"),
    Term("agree", "Show agreement with the customer", "认同客户"),
    Term("ask", "Ask detailed questions", "仔细询问"),
    Term("note", "Record the problem", "记录问题"),
    Term("solve", "Solve the problem", "解决问题"),
    Term("close", "End politely", "礼貌地结束"),
)

# The five complaint-handling stages [seed 002]; stages 1 and 2 are near-synonyms in the seed.
HANDLING_STAGES: tuple[Term, ...] = (
    Term("intake", "Complaint-acceptance (intake) stage", "受理投诉阶段"),
    Term("receive", "Complaint-receiving stage", "接受投诉阶段"),
    Term("explain", "Explanation and clarification stage", "解释澄清阶段"),
    Term("solution", "Proposing-a-solution stage", "提出解决方案阶段"),
    Term("follow_up", "Follow-up and return-visit stage", "跟踪回访阶段"),
)

# Synthetic-data vocabularies (illustrative, chosen for the lab's data sets).
ACQUISITION_CHANNELS: tuple[Term, ...] = (
    Term("search", "Search advertising", "搜索广告"),
    Term("social", "Social media", "社交媒体"),
    Term("referral", "Referral", "老客户推荐"),
    Term("store", "Physical store", "线下门店"),
    Term("sales_team", "Sales team", "销售团队"),
)
COMPLAINT_CHANNELS: tuple[Term, ...] = (
    Term("phone", "Phone / call centre", "电话/呼叫中心"),
    Term("online", "Online form", "在线表单"),
    Term("app", "Mobile app", "手机应用"),
    Term("email", "Email", "电子邮件"),
    Term("in_person", "In person", "现场"),
)
SALES_CHANNELS: tuple[Term, ...] = (
    Term("online", "Online shop", "网店"),
    Term("app", "Mobile app", "手机应用"),
    Term("store", "Physical store", "线下门店"),
)
SEGMENTS: tuple[Term, ...] = (
    Term("individual", "Individual consumer", "个人客户"),
    Term("small_business", "Small business", "小微企业客户"),
    Term("enterprise", "Enterprise account", "大客户(企业)"),
)
PRODUCT_CATEGORIES: tuple[Term, ...] = (
    Term("electronics", "Electronics", "电子产品"),
    Term("home", "Home goods", "家居用品"),
    Term("food", "Food and drink", "食品饮料"),
    Term("apparel", "Apparel", "服装"),
    Term("office", "Office supplies", "办公用品"),
)

# SERVQUAL (standard, not in seeds; Parasuraman, Zeithaml & Berry 1988): dimension -> item numbers.
SERVQUAL_DIMENSIONS: tuple[tuple[Term, tuple[int, ...]], ...] = (
    (Term("tangibles", "Tangibles", "有形性"), (1, 2, 3, 4)),
    (Term("reliability", "Reliability", "可靠性"), (5, 6, 7, 8, 9)),
    (Term("responsiveness", "Responsiveness", "响应性"), (10, 11, 12, 13)),
    (Term("assurance", "Assurance", "保证性"), (14, 15, 16, 17)),
    (Term("empathy", "Empathy", "移情性"), (18, 19, 20, 21, 22)),
)

# Kano questionnaire answers (standard, not in seeds), in the order of the evaluation table.
KANO_ANSWERS: tuple[Term, ...] = (
    Term("like", "I like it", "喜欢"),
    Term("must-be", "It must be that way", "理所当然"),
    Term("neutral", "I am neutral", "无所谓"),
    Term("live-with", "I can live with it", "能忍受"),
    Term("dislike", "I dislike it", "不喜欢"),
)

# Latent constructs of the customer-satisfaction-index models [seed 003].
CSI_CONSTRUCTS: dict[str, Term] = {t.code: t for t in (
    Term("expectation", "Customer expectation", "客户期望"),
    Term("expected_quality", "Expected quality", "预期质量"),
    Term("performance", "Perceived performance", "感知绩效"),
    Term("quality", "Perceived quality", "感知质量"),
    Term("quality_hardware", "Perceived quality (product)", "感知质量(硬件)"),
    Term("quality_software", "Perceived quality (service)", "感知质量(软件)"),
    Term("value", "Perceived value", "感知价值"),
    Term("satisfaction", "Customer satisfaction", "客户满意度"),
    Term("complaints", "Customer complaints", "客户抱怨"),
    Term("loyalty", "Customer loyalty", "客户忠诚度"),
    Term("image", "Brand image", "品牌形象"),
)}

# Structural paths of each CSI model: (source, target) pairs. SCSB's sixth path, all ACSI and
# ECSI paths beyond those the seed names, and every CCSI path are standard or assumed (see the
# curriculum's section 4.5); the notebook labels them so.
CSI_MODELS: dict[str, dict] = {
    "SCSB": {
        "year": 1989, "name": Term("SCSB", "Swedish Customer Satisfaction Barometer", "瑞典SCSB模型"),
        "constructs": ("expectation", "performance", "satisfaction", "complaints", "loyalty"),
        "paths": (("expectation", "performance"), ("expectation", "satisfaction"),
                  ("performance", "satisfaction"), ("satisfaction", "complaints"),
                  ("satisfaction", "loyalty"), ("complaints", "loyalty")),
    },
    "ACSI": {
        "year": 1994, "name": Term("ACSI", "American Customer Satisfaction Index", "美国ACSI模型"),
        "constructs": ("expectation", "quality", "value", "satisfaction", "complaints", "loyalty"),
        "paths": (("expectation", "quality"), ("expectation", "value"), ("expectation", "satisfaction"),
                  ("quality", "value"), ("quality", "satisfaction"), ("value", "satisfaction"),
                  ("satisfaction", "complaints"), ("satisfaction", "loyalty"), ("complaints", "loyalty")),
    },
    "ECSI": {
        "year": 1999, "name": Term("ECSI", "European Customer Satisfaction Index", "欧洲ECSI模型"),
        "constructs": ("image", "expectation", "quality_hardware", "quality_software", "value",
                       "satisfaction", "loyalty"),
        "paths": (("image", "expectation"), ("image", "satisfaction"), ("image", "loyalty"),
                  ("expectation", "quality_hardware"), ("expectation", "quality_software"),
                  ("expectation", "value"), ("expectation", "satisfaction"),
                  ("quality_hardware", "value"), ("quality_software", "value"),
                  ("quality_hardware", "satisfaction"), ("quality_software", "satisfaction"),
                  ("value", "satisfaction"), ("satisfaction", "loyalty")),
    },
    "CCSI": {
        "year": 2002, "name": Term("CCSI", "China Customer Satisfaction Index", "中国CCSI模型"),
        "constructs": ("image", "expected_quality", "quality", "value", "satisfaction", "complaints",
                       "loyalty"),
        "paths": (("image", "expected_quality"), ("image", "satisfaction"), ("image", "loyalty"),
                  ("expected_quality", "quality"), ("expected_quality", "value"),
                  ("expected_quality", "satisfaction"), ("quality", "value"), ("quality", "satisfaction"),
                  ("value", "satisfaction"), ("satisfaction", "complaints"), ("satisfaction", "loyalty"),
                  ("complaints", "loyalty")),
    },
}

# Funnel stages per automation area (illustrative), used by the crm_projects generator.
FUNNELS: dict[str, tuple[Term, ...]] = {
    "marketing": (Term("reached", "Reached", "触达"), Term("engaged", "Engaged", "互动"),
                  Term("lead", "Lead", "线索"), Term("qualified", "Qualified lead", "合格线索")),
    "sales": (Term("opportunity", "Opportunity", "商机"), Term("proposal", "Proposal", "方案报价"),
              Term("negotiation", "Negotiation", "谈判"), Term("won", "Won", "成交")),
    "service": (Term("ticket", "Ticket opened", "工单创建"), Term("first_response", "First response", "首次响应"),
                Term("resolved", "Resolved", "已解决"), Term("satisfied", "Satisfied", "满意")),
}
