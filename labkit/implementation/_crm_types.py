"""CRM types (运营型, 分析型, 协作型) and automation areas (MA, SFA, CSA), with a keyword baseline."""
from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

from labkit.labels import Term
from labkit.errors import bilingual

__all__ = ['CRM_TYPES', 'AUTOMATION_AREAS', 'CRM_TYPE_KEYWORDS', 'AUTOMATION_KEYWORDS', 'crm_type', 'automation_area']


# System types named in the syllabi [seed 000]; purposes (standard, not in seeds).
CRM_TYPES: tuple[Term, ...] = (
    Term("operational", "Operational CRM", "运营型CRM"),
    Term("analytical", "Analytical CRM", "分析型CRM"),
    Term("collaborative", "Collaborative CRM", "协作型CRM"),
)


# The automation systems of operational CRM [seed 003 key points].
AUTOMATION_AREAS: tuple[Term, ...] = (
    Term("MA", "Marketing automation", "营销自动化"),
    Term("SFA", "Sales force automation", "销售自动化"),
    Term("CSA", "Customer service automation", "客户服务自动化"),
)


# Keyword baseline (standard, not in seeds): a description's type is the one whose keywords
# it mentions most; ties go to the earlier type in CRM_TYPES. English keywords match whole
# words or phrases (case-insensitive); Chinese keywords match as substrings.
CRM_TYPE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "operational": (
        "automation", "automate", "campaign", "lead", "pipeline", "opportunity", "quote", "order",
        "ticket", "case management", "workflow", "sales force", "field service", "contact management",
        "account management", "routing", "approval",
        "自动化", "营销活动", "线索", "商机", "报价", "订单", "工单", "工作流", "销售管理", "现场服务", "审批"),
    "analytical": (
        "olap", "report", "dashboard", "data warehouse", "warehouse", "data mining", "mining", "segmentation",
        "segment", "churn", "prediction", "predict", "forecast", "clv", "lifetime value", "analysis",
        "analytics", "model", "score", "rfm", "cube",
        "报表", "报告", "仪表盘", "数据仓库", "数据挖掘", "细分", "流失", "预测", "分析", "模型", "终生价值"),
    "collaborative": (
        "call centre", "call center", "contact centre", "contact center", "channel", "multichannel",
        "omnichannel", "chat", "email", "web portal", "portal", "social media", "partner", "wechat",
        "self-service", "community", "collaboration", "touchpoint",
        "呼叫中心", "渠道", "在线客服", "聊天", "邮件", "门户", "社交媒体", "合作伙伴", "微信", "自助服务",
        "协同", "触点"),
}


AUTOMATION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "MA": ("campaign", "marketing", "lead", "segmentation", "email campaign", "promotion",
           "营销", "线索", "促销", "市场活动"),
    "SFA": ("sales", "pipeline", "opportunity", "quote", "order", "account", "contact", "territory",
            "forecast", "销售", "商机", "报价", "订单", "客户拜访"),
    "CSA": ("service", "ticket", "complaint", "case", "knowledge base", "call centre", "call center",
            "self-service", "field service", "客服", "服务", "工单", "投诉", "知识库", "呼叫中心"),
}


def _hits(text: str, keywords: Sequence[str]) -> int:
    low = text.lower().replace("-", " ")
    count = 0
    for kw in keywords:
        if kw.isascii():
            count += len(re.findall(r"(?<![a-z])" + re.escape(kw) + r"(?:s|es)?(?![a-z])", low))
        else:
            count += low.count(kw)
    return count


def _best(description: Any, keywords: Mapping[str, Sequence[str]], name: str) -> str | None:
    if not isinstance(description, str):
        raise TypeError(bilingual(f"{name} must be a string describing a CRM function, got {type(description).__name__}"))
    if not description.strip():
        raise ValueError(bilingual(f"{name} must not be empty"))
    scores = {code: _hits(description, kws) for code, kws in keywords.items()}
    best = max(scores.values())
    return None if best == 0 else next(c for c, s in scores.items() if s == best)


def crm_type(description: str) -> str:
    """Classify a CRM function as "operational", "analytical" or "collaborative" CRM.

    A keyword baseline, not a model: the description's type is the one whose keywords in
    :data:`CRM_TYPE_KEYWORDS` (English and Chinese) it mentions most, ties going to the
    earlier type (operational, analytical, collaborative).

    Parameters
    ----------
    description : str
        A function or module, e.g. "campaign management" or "呼叫中心来电分配".

    Returns
    -------
    str
        The code of a :data:`CRM_TYPES` term.

    Raises
    ------
    ValueError
        If no keyword matches: the baseline cannot tell, so it says so.

    Examples
    --------
    >>> crm_type("campaign management")
    'operational'
    >>> crm_type("客户流失预测模型")
    'analytical'
    >>> crm_type("call-centre routing across web chat and email")
    'collaborative'
    """
    code = _best(description, CRM_TYPE_KEYWORDS, "description")
    if code is None:
        shown = description if len(description) <= 80 else description[:77] + "..."
        raise ValueError(f"description {shown!r} mentions no keyword of the baseline; "
                         "try words like 'campaign', 'report', 'call centre' (or 营销活动, 报表, 呼叫中心)")
    return code


def automation_area(description: str) -> str | None:
    """The automation system (MA, SFA or CSA) a function belongs to, or None when none fits.

    Examples
    --------
    >>> automation_area("sales pipeline forecast")
    'SFA'
    >>> automation_area("投诉工单自动分派")
    'CSA'
    >>> automation_area("OLAP cube") is None
    True
    """
    return _best(description, AUTOMATION_KEYWORDS, "description")
