"""Which live demos each chapter has, found by chapter number."""
from __future__ import annotations

import importlib
from typing import Callable

from labkit.widgets._demo import Demo
from labkit.errors import bilingual

__all__ = ['DEMOS', 'DEMO_TITLES_ZH', 'demos_for']


# chapter number -> module under labkit.widgets; each module lists its demos, in order, in
# a module-level ``DEMOS`` list of function names.
DEMOS: dict[int, str] = {
    0: "start", 1: "relationships", 2: "service", 3: "satisfaction", 4: "value", 5: "implementation",
}

# The Chinese heading of every demo on the demo-view page (the English one is the demo's
# docstring); tests/test_bilingual_notebooks.py checks that every registered demo has one.
DEMO_TITLES_ZH: dict[str, str] = {
    "language_demo": "选择语言和课程列表，表格显示该语言的术语",
    "relationship_type_demo": "客户数量与边际利润 → 科特勒的客户关系类型",
    "customer_value_demo": "零售客户价值公式的五个因素，实时相乘",
    "leaky_bucket_demo": "保留老客户与获取新客户：一年中的客户规模与每周成本",
    "churn_rates_demo": "绝对流失率与相对流失率：谁离开和多少人离开同样重要",
    "winback_demo": "客户挽回的成本与收益，附六步检查表",
    "lifecycle_demo": "客户的交易量曲线、生命周期阶段与模式",
    "risk_tier_demo": "高风险层应该多大？抓到的流失客户、精确率与净收益",
    "characteristics_quiz_demo": "服务特性小测验",
    "pareto_demo": "投诉帕累托分析",
    "journey_demo": "客户旅程图编辑器",
    "roleplay_demo": "角色扮演检查表",
    "servqual_demo": "SERVQUAL 权重",
    "gap_model_demo": "过度承诺下的服务质量差距模型",
    "case_demo": "一宗投诉走完八个补救步骤，逐步比较用时",
    "recovery_speed_demo": "及时性",
    "nps_gauge": "推荐者、被动者、贬损者三个滑块与净推荐值（-100 到 +100）",
    "expectation_demo": "期望 q0 与感知 q1 滑块：期望—感知的判断",
    "ahp_demo": "三个两两比较判断的萨蒂标度滑块",
    "kano_demo": "选择正向问题与反向问题的回答",
    "csi_model_demo": "选择一个顾客满意度指数模型（SCSB、ACSI、ECSI、CCSI）和语言",
    "quadrant_demo": "移动满意与忠诚的阈值，观察四个象限",
    "delivered_value_demo": "客户让渡价值的四项价值与四项成本滑块",
    "clv_demo": "客户终生价值探索器",
    "clv_tornado_demo": "八个影响因素的龙卷风图",
    "rfm_demo": "RFM 细分探索器：分箱数与要查看的细分群",
    "p_alive_demo": "一位客户的购买历史（频次、最近一次、T）→ 存活概率与预期购买次数",
    "scorecard_demo": "系统选型",
    "roi_demo": "投资回报率计算器",
    "bpr_demo": "业务流程再造模拟器",
    "grade_demo": "3:7 方案（及 30/40/30 方案）的课程成绩计算器",
    "crm_type_demo": "输入一项 CRM 功能，关键词基线给出它的 CRM 类型和自动化领域",
}


def _module(chapter: int):
    name = DEMOS.get(int(chapter))
    if name is None:
        raise ValueError(bilingual(f"chapter must be one of {', '.join(map(str, DEMOS))}, got {chapter!r}"))
    try:
        return importlib.import_module(f"labkit.widgets.{name}")
    except ModuleNotFoundError as err:
        if err.name == f"labkit.widgets.{name}":
            return None
        raise


def demos_for(chapter: int) -> list[Callable[..., "Demo"]]:
    """The demo functions of one chapter, in order (empty when it has none yet).

    Examples
    --------
    >>> [f.__name__ for f in demos_for(0)]
    ['language_demo']
    """
    mod = _module(chapter)
    return [getattr(mod, n) for n in getattr(mod, "DEMOS", ())] if mod else []
