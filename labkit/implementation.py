"""CRM implementation (客户关系管理的实施): strategy, process automation, evaluation and the business case.

The chapter that closes the course turns CRM from a software package into a project:

* :func:`crm_type` sorts a CRM function into operational / analytical / collaborative CRM
  (运营型 / 分析型 / 协作型) with a documented keyword baseline, and :func:`automation_area`
  names the automation system (MA / SFA / CSA) a function belongs to;
* :func:`plan_status` tracks an implementation plan and flags pitfalls (误区);
* :func:`recovery_process` and :func:`compare_processes` model business process
  reengineering (业务流程再造): the eight-step complaint recovery before and after
  automated routing, and :func:`simulate_process` adds case-to-case variation;
* :func:`weighted_scorecard` and :func:`weight_sensitivity` rank vendors or years on
  weighted criteria (实施效果与能力评价, CRM系统选型);
* :func:`project_npv`, :func:`project_irr`, :func:`payback_period` and
  :func:`business_case` value a CRM project (净现值, 内部收益率, 投资回收期);
* :func:`funnel` gives stage-to-stage and overall conversion rates;
* :func:`course_grade` and :func:`plan_hours` serve course administration.

The mini data warehouse (数据仓库) lives in :mod:`labkit.warehouse`; its public functions are
re-exported here so ``lk.build_warehouse()`` works.

Most lists here are "(standard, not in seeds)": the seed text ends at the chapter
introduction, so the notebook labels them as supplementary.

Examples
--------
>>> crm_type("OLAP report of sales by region")
'analytical'
>>> round(project_npv([-100, 60, 60], 0.10), 2)
4.13
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from labkit._validate import array_1d, integer, number, one_of
from labkit.curriculum import RECOVERY_STEPS
from labkit.labels import Term, find_term
from labkit.warehouse import (OLAP_QUERIES, WAREHOUSE_TABLES, build_warehouse, olap, query,
                              rfm_features, rollup, segment_customers)

__all__ = [
    # CRM types and plans
    "CRM_TYPES", "AUTOMATION_AREAS", "CRM_TYPE_KEYWORDS", "AUTOMATION_KEYWORDS", "crm_type",
    "automation_area", "IMPLEMENTATION_STEPS", "PITFALLS", "SUCCESS_FACTORS", "PlanStatus",
    "plan_status",
    # BPR
    "ProcessComparison", "recovery_process", "compare_processes", "simulate_process",
    # evaluation and selection
    "EVALUATION_PERSPECTIVES", "INDICATORS", "capability_indicators", "VENDOR_CRITERIA", "VENDOR_SCORES",
    "weighted_scorecard", "weight_sensitivity", "points_to_weights",
    "indicator_scores",
    # business case
    "project_npv", "project_irr", "payback_period", "BusinessCase", "business_case",
    "project_cashflows", "compare_projects",
    # funnel
    "funnel", "funnel_from_data",
    # course administration
    "GRADE_SCHEMES", "course_grade", "SYLLABI", "CHAPTER_HOURS", "plan_hours",
    # data warehouse (labkit.warehouse)
    "build_warehouse", "query", "rollup", "olap", "OLAP_QUERIES", "WAREHOUSE_TABLES",
    "rfm_features", "segment_customers",
]

# ---------------------------------------------------------------- CRM types (C-5.1)

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
        raise TypeError(f"{name} must be a string describing a CRM function, got {type(description).__name__}")
    if not description.strip():
        raise ValueError(f"{name} must not be empty")
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
        raise ValueError(f"description {description!r} mentions no keyword of the baseline; "
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


# ---------------------------------------------------------------- plans and pitfalls (C-5.2)

# One common formulation (standard, not in seeds) of the implementation steps, pitfalls and
# key success factors; the textbook's own lists are missing from the seeds.
IMPLEMENTATION_STEPS: tuple[Term, ...] = (
    Term("vision", "Set the CRM vision and goals with top-management sponsorship", "确立CRM愿景与目标，获得高层支持"),
    Term("team", "Build a cross-functional project team", "组建跨部门项目团队"),
    Term("requirements", "Analyse the current state and business requirements", "分析现状与业务需求"),
    Term("bpr", "Redesign business processes (BPR)", "业务流程再造"),
    Term("selection", "Select the system and vendor", "系统与供应商选型"),
    Term("phased", "Implement in phases: pilot, then roll out", "分阶段实施：先试点后推广"),
    Term("data", "Migrate and integrate data", "数据迁移与集成"),
    Term("training", "Train users and manage change", "用户培训与变革管理"),
    Term("evaluate", "Evaluate and improve continuously", "评估与持续改进"),
)

PITFALLS: tuple[Term, ...] = (
    Term("software_only", "Treating CRM as just software or an IT project", "把CRM当作单纯的软件或IT项目"),
    Term("no_sponsor", "Lack of top-management support", "缺乏高层支持"),
    Term("big_bang", "Trying to do everything at once", "求大求全"),
    Term("automate_old", "Automating old processes without reengineering", "未经流程再造就将旧流程自动化"),
    Term("people", "Neglecting training, incentives and culture", "忽视员工培训、激励与文化"),
    Term("data_quality", "Poor data quality or data silos", "数据质量差或数据孤岛"),
    Term("no_metrics", "No clear goals or measurement", "缺乏明确目标与衡量标准"),
    Term("sales_only", "Equating CRM with sales tools only", "把CRM等同于销售工具"),
)

SUCCESS_FACTORS: tuple[Term, ...] = (
    Term("commitment", "Top-management commitment", "高层领导的承诺"),
    Term("customer_centred", "A customer-centred strategy and culture", "以客户为中心的战略与文化"),
    Term("reengineering", "Process reengineering", "业务流程再造"),
    Term("quick_wins", "Phased implementation with quick wins", "分阶段实施、尽早见效"),
    Term("good_data", "Integrated, high-quality customer data", "集成、高质量的客户数据"),
    Term("involvement", "User involvement and training", "用户参与和培训"),
    Term("technology", "Appropriate technology and vendor", "合适的技术与供应商"),
    Term("metrics", "Clear metrics", "清晰的衡量指标"),
)

_STATUS_DONE = {"done": 1.0, "in_progress": 0.5, "todo": 0.0}


@dataclass(frozen=True)
class PlanStatus:
    """Progress of an implementation plan and the pitfalls it shows."""

    completion: float
    done: tuple[str, ...]
    open: tuple[str, ...]
    risk_flags: tuple[str, ...]

    @property
    def risk(self) -> str:
        """"low" (no flags), "medium" (1–2) or "high" (3 or more)."""
        n = len(self.risk_flags)
        return "low" if n == 0 else "medium" if n <= 2 else "high"

    def __repr__(self) -> str:
        return (f"PlanStatus(completion={self.completion:.0%}, done={len(self.done)}, open={len(self.open)}, "
                f"risk={self.risk!r}, risk_flags={list(self.risk_flags)})")


def plan_status(steps: Mapping[str, str], pitfalls: Mapping[str, bool] | None = None) -> PlanStatus:
    """Completion of an implementation plan and its risk flags (C-5.2).

    Parameters
    ----------
    steps : mapping
        Step (code, English or Chinese label of :data:`IMPLEMENTATION_STEPS`) → status
        "done", "in_progress" (counts half) or "todo". Steps not listed count as "todo".
    pitfalls : mapping, optional
        Pitfall (a :data:`PITFALLS` label) → True when the project shows it.

    Returns
    -------
    PlanStatus
        ``completion`` in [0, 1] over all nine steps, and the pitfalls flagged.

    Examples
    --------
    >>> s = plan_status({"vision": "done", "team": "done", "requirements": "in_progress"},
    ...                 {"no_sponsor": False, "big_bang": True})
    >>> round(s.completion, 3), s.risk_flags, s.risk
    (0.278, ('big_bang',), 'medium')
    """
    if not isinstance(steps, Mapping):
        raise TypeError(f"steps must be a dict of step -> status, got {type(steps).__name__}")
    status = {t.code: "todo" for t in IMPLEMENTATION_STEPS}
    for key, value in steps.items():
        term = find_term(IMPLEMENTATION_STEPS, key, name="step")
        status[term.code] = one_of(f"status of {term.code!r}", value, list(_STATUS_DONE))
    completion = sum(_STATUS_DONE[s] for s in status.values()) / len(status)
    flags = []
    for key, present in (pitfalls or {}).items():
        term = find_term(PITFALLS, key, name="pitfall")
        if not isinstance(present, (bool, np.bool_)):
            raise TypeError(f"pitfall {term.code!r} must be True or False, got {present!r}")
        if present:
            flags.append(term.code)
    order = [t.code for t in PITFALLS]
    return PlanStatus(completion, tuple(c for c, s in status.items() if s == "done"),
                      tuple(c for c, s in status.items() if s != "done"),
                      tuple(sorted(flags, key=order.index)))


# ---------------------------------------------------------------- BPR (C-5.4)

# Median hours per recovery step observed in the complaints data set (manual process, rounded)
# and an illustrative cost per step (yuan of staff time).
_MANUAL = {"record": (0.25, 8), "judge": (0.9, 20), "assign": (1.7, 15), "analyse": (6.9, 60),
           "propose": (4.9, 45), "approve": (12.2, 30), "implement": (16.6, 120), "evaluate": (5.5, 25)}
# Automated routing (CSA, illustrative): a ticket form records, a classifier judges and routes,
# pre-approved remedies skip the leader's sign-off when the amount is small.
_AUTOMATED = {"record": (0.05, 1), "judge": (0.1, 2), "assign": (0.05, 1), "approve": (1.0, 8)}


def recovery_process(automated: Sequence[str] | str | None = None, *, auto_approve_share: float = 0.8):
    """The eight-step complaint recovery as a process table, optionally with CSA automation.

    Manual step times are the medians of the complaints data set; costs and the automated
    times are illustrative (C-5.4).

    Parameters
    ----------
    automated : sequence of str or "routing" or "all", optional
        Steps to automate (codes of ``RECOVERY_STEPS`` that have an automated version:
        record, judge, assign, approve). "routing" means record + judge + assign; "all"
        means all four.
    auto_approve_share : float
        When "approve" is automated, the share of cases small enough to be auto-approved;
        the rest still wait for the leader.

    Returns
    -------
    pandas.DataFrame
        One row per step (index = step code): ``step`` (English), ``step_zh``, ``hours``,
        ``cost``, ``automated``.

    Examples
    --------
    >>> p = recovery_process("routing")
    >>> round(float(p["hours"].sum()), 2), int(p["automated"].sum())
    (46.3, 3)
    """
    import pandas as pd

    if automated is None:
        chosen: set[str] = set()
    elif isinstance(automated, str):
        presets = {"routing": {"record", "judge", "assign"}, "all": set(_AUTOMATED), "none": set()}
        chosen = set(presets[one_of("automated", automated, list(presets))])
    else:
        chosen = {find_term(RECOVERY_STEPS, s, name="automated step").code for s in automated}
        bad = sorted(chosen - set(_AUTOMATED))
        if bad:
            raise ValueError(f"automated steps must be among {', '.join(_AUTOMATED)}; "
                             f"{', '.join(bad)} has no automated version")
    share = number("auto_approve_share", auto_approve_share, low=0, high=1)
    rows = []
    for t in RECOVERY_STEPS:
        hours, cost = _MANUAL[t.code]
        if t.code in chosen:
            a_hours, a_cost = _AUTOMATED[t.code]
            if t.code == "approve":  # only the small cases skip the leader
                a_hours = share * a_hours + (1 - share) * hours
                a_cost = share * a_cost + (1 - share) * cost
            hours, cost = a_hours, a_cost
        rows.append((t.code, t.en, t.zh, hours, cost, t.code in chosen))
    df = pd.DataFrame(rows, columns=["code", "step", "step_zh", "hours", "cost", "automated"])
    return df.set_index("code")


@dataclass(frozen=True)
class ProcessComparison:
    """Before/after figures of a reengineered process."""

    hours_before: float
    hours_after: float
    cost_before: float
    cost_after: float
    steps_automated: int

    @property
    def hours_saved(self) -> float:
        return self.hours_before - self.hours_after

    @property
    def cost_saved(self) -> float:
        return self.cost_before - self.cost_after

    @property
    def time_reduction(self) -> float:
        """Share of the cycle time removed."""
        return self.hours_saved / self.hours_before

    def __repr__(self) -> str:
        return (f"ProcessComparison(hours {self.hours_before:.1f} -> {self.hours_after:.1f} "
                f"(-{self.time_reduction:.0%}), cost {self.cost_before:,.0f} -> {self.cost_after:,.0f}, "
                f"steps automated={self.steps_automated})")


def compare_processes(before, after) -> ProcessComparison:
    """Cycle time, cost and automated steps of two process tables (as from :func:`recovery_process`).

    Examples
    --------
    >>> c = compare_processes(recovery_process(), recovery_process("all"))
    >>> round(c.hours_saved, 2), c.steps_automated
    (11.61, 4)
    """
    for name, table in (("before", before), ("after", after)):
        missing = {"hours", "cost"} - set(getattr(table, "columns", ()))
        if missing:
            raise ValueError(f"{name} must be a process table with columns hours and cost; missing {sorted(missing)}")
        if (table["hours"] < 0).any() or (table["cost"] < 0).any():
            raise ValueError(f"{name} must not contain negative hours or costs")
    hb = float(before["hours"].sum())
    if hb <= 0:
        raise ValueError("before must have a positive total cycle time")
    n_auto = int(after["automated"].sum()) - int(before["automated"].sum()) if "automated" in after else 0
    return ProcessComparison(hb, float(after["hours"].sum()), float(before["cost"].sum()),
                             float(after["cost"].sum()), n_auto)


def simulate_process(process, n_cases: int = 1000, *, cv: float = 0.6, seed: int = 0) -> np.ndarray:
    """Cycle times (hours) of ``n_cases`` cases through ``process``, with lognormal step times.

    Each step's time is lognormal with the table's ``hours`` as its median and coefficient
    of variation ``cv``; a case's cycle time is the sum over steps. Deterministic for a seed.

    Examples
    --------
    >>> t = simulate_process(recovery_process(), 2000, seed=1)
    >>> t.shape, bool(t.mean() > recovery_process()["hours"].sum())
    ((2000,), True)
    """
    n = integer("n_cases", n_cases, low=1)
    cv = number("cv", cv, low=0)
    medians = np.asarray(process["hours"], dtype=float)
    if (medians < 0).any():
        raise ValueError("process hours must not be negative")
    sigma = math.sqrt(math.log1p(cv ** 2))
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, medians.size))
    return (medians * np.exp(sigma * z)).sum(axis=1)


# ---------------------------------------------------------------- evaluation (C-5.3) and selection

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
    from labkit.warehouse import query

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
        raise TypeError(f"weights must be a dict or Series of criterion -> weight, got {type(weights).__name__}")
    w = {k: number(f"weights[{k!r}]", v) for k, v in weights.items()}
    negative = {k: v for k, v in w.items() if v < 0}
    if negative:
        raise ValueError(f"weights must be >= 0, got {negative}")
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
        raise ValueError("points must be a non-empty dict of criterion -> points")
    vals = {k: number(f"points[{k!r}]", v, low=0) for k, v in points.items()}
    total = sum(vals.values())
    if total <= 0:
        raise ValueError("points must not all be 0")
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
        raise ValueError("scores must be a non-empty DataFrame (alternatives x criteria) or dict of dicts")
    try:
        values = table.to_numpy(float)
    except (TypeError, ValueError):
        raise ValueError("scores must be numbers with no missing values") from None
    if np.isnan(values).any():
        raise ValueError("scores must be numbers with no missing values")
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
        raise ValueError(f"criterion must be one of {', '.join(map(str, w))}; got {criterion!r}")
    grid = np.linspace(0, 1, 21) if grid is None else array_1d("grid", grid)
    if ((grid < 0) | (grid > 1)).any():
        raise ValueError("grid weights must lie in [0, 1]")
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

    def one(v, lo, hi):
        lo, hi = number("worst", lo), number("best", hi)
        if lo == hi:
            raise ValueError(f"worst and best must differ, both are {lo:g}")
        return np.clip((v - lo) / (hi - lo), 0, 1) * scale

    if isinstance(values, pd.DataFrame):
        worst, best = pd.Series(worst), pd.Series(best)
        missing = sorted(set(values.columns) - set(worst.index) | set(values.columns) - set(best.index))
        if missing:
            raise ValueError(f"worst and best need a value for every indicator; missing {missing}")
        return pd.DataFrame({c: one(values[c].astype(float), worst[c], best[c]) for c in values.columns})
    return one(values, worst, best)


# ---------------------------------------------------------------- business case

def _flows(cash_flows: Any) -> np.ndarray:
    arr = array_1d("cash_flows", cash_flows)
    if not np.isfinite(arr).all():
        raise ValueError("cash_flows must be finite numbers")
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
    return float(np.sum(flows / (1 + r) ** np.arange(flows.size)))


def project_irr(cash_flows: Sequence[float]) -> float:
    """Internal rate of return (内部收益率): the rate where the NPV is zero.

    Roots are bracketed on a grid of rates in (-1, 100] and refined with Brent's method;
    when the flows change sign more than once and there are several roots, the one closest
    to zero is returned (as ``numpy_financial.irr`` does).

    Raises
    ------
    ValueError
        If the flows never change sign (no IRR exists) or no root is found.

    Examples
    --------
    >>> round(project_irr([-100, 39, 59, 55, 20]), 5)
    0.28095
    >>> project_irr([100, 50, 20])
    Traceback (most recent call last):
    ...
    ValueError: cash_flows must change sign at least once (an outlay and a return) for an IRR to exist; got all non-negative flows
    """
    from scipy.optimize import brentq

    flows = _flows(cash_flows)
    nz = flows[flows != 0]
    if nz.size == 0 or (nz > 0).all() or (nz < 0).all():
        kind = "non-negative" if (nz >= 0).all() else "non-positive"
        raise ValueError("cash_flows must change sign at least once (an outlay and a return) for an IRR to exist; "
                         f"got all {kind} flows")
    t = np.arange(flows.size)

    def f(r):
        return float(np.sum(flows / (1 + r) ** t))

    grid = np.concatenate([np.linspace(-0.99, 1, 400), np.geomspace(1.01, 100, 200)])
    with np.errstate(over="ignore"):
        values = (flows / (1 + grid[:, None]) ** t).sum(axis=1)
    roots = [float(r) for r, v in zip(grid, values) if v == 0]
    for i in np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)[0]:
        roots.append(brentq(f, grid[i], grid[i + 1], xtol=1e-12, rtol=1e-12, maxiter=200))
    if not roots:
        raise ValueError("no IRR found between -99% and 10000% for these cash_flows")
    return min(roots, key=abs)


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
    roi: float
    rate: float

    def __repr__(self) -> str:
        irr = "n/a" if self.irr is None else f"{self.irr:.1%}"
        return (f"BusinessCase(npv={self.npv:,.0f}, irr={irr}, payback={self.payback:.2f} y, "
                f"discounted_payback={self.discounted_payback:.2f} y, roi={self.roi:.1%}, rate={self.rate:.1%})")


def business_case(costs: Sequence[float], benefits: Sequence[float], rate: float) -> BusinessCase:
    """NPV, IRR, paybacks and ROI of a project from its yearly cost and benefit streams.

    ROI here is the discounted one: (PV of benefits − PV of costs) / PV of costs.
    ``irr`` is None when the net flows never change sign.

    Examples
    --------
    >>> bc = business_case([100, 10, 10, 10], [0, 60, 60, 60], 0.1)
    >>> round(bc.npv, 2), round(bc.irr, 4), bc.payback
    (24.34, 0.2338, 2.0)
    """
    c, b = _flows(costs), _flows(benefits)
    if c.size != b.size:
        raise ValueError(f"costs and benefits must cover the same years; got {c.size} and {b.size} values")
    if (c < 0).any() or (b < 0).any():
        raise ValueError("costs and benefits must be non-negative amounts (the net flow is benefits - costs)")
    net = b - c
    pv_cost = project_npv(c, rate)
    try:
        irr = project_irr(net)
    except ValueError:
        irr = None
    roi = (project_npv(b, rate) - pv_cost) / pv_cost if pv_cost > 0 else math.inf
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
    missing = {"project", "year", "cost", "benefit", "net"} - set(data.columns)
    if missing:
        raise ValueError(f"data must have the crm_cashflows columns; missing {sorted(missing)}")
    return data.astype({"cost": float, "benefit": float, "net": float})


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


# ---------------------------------------------------------------- funnel

def funnel(counts):
    """Stage-to-stage and overall conversion rates (转化率) of a funnel.

    Parameters
    ----------
    counts : mapping or pandas.Series
        Stage → count, in funnel order (first stage first). Counts may not rise from one
        stage to the next.

    Returns
    -------
    pandas.DataFrame
        Index = stage; ``count``, ``step_conversion`` (count / previous stage; 1 for the
        first stage), ``overall_conversion`` (count / first stage) and ``drop_off``
        (previous count − count).

    Raises
    ------
    ValueError
        An empty funnel, negative or rising counts, or a zero stage followed by a stage
        whose conversion would be 0/0.

    Examples
    --------
    >>> funnel({"lead": 200, "opportunity": 50, "won": 10})["step_conversion"].tolist()
    [1.0, 0.25, 0.2]
    """
    import pandas as pd

    if isinstance(counts, Mapping):
        s = pd.Series(dict(counts), dtype=float)
    elif isinstance(counts, pd.Series):
        s = counts.astype(float)
    else:
        raise TypeError(f"counts must be a dict or Series of stage -> count, got {type(counts).__name__}")
    if s.empty:
        raise ValueError("counts must not be empty: a funnel needs at least one stage")
    if s.isna().any() or (s < 0).any():
        raise ValueError("counts must be non-negative numbers with no missing values")
    rising = [str(k) for k, d in zip(s.index[1:], np.diff(s.values)) if d > 0]
    if rising:
        raise ValueError(f"counts must not rise from one stage to the next; stage(s) {', '.join(rising)} "
                         "have more than the stage before")
    zero = np.nonzero(s.values[:-1] == 0)[0]
    if zero.size:
        raise ValueError(f"stage {s.index[zero[0]]!r} has count 0, so the conversion to the next stage is "
                         "undefined (0/0); drop the empty stages")
    if s.iloc[0] == 0:
        raise ValueError(f"the first stage {s.index[0]!r} has count 0; conversion rates are undefined")
    prev = s.shift(1)
    out = pd.DataFrame({
        "count": s,
        "step_conversion": (s / prev).fillna(1.0),
        "overall_conversion": s / s.iloc[0],
        "drop_off": (prev - s).fillna(0.0),
    })
    out.index.name = "stage"
    return out


def funnel_from_data(area: str, month: str | None = None, data=None):
    """The funnel of one automation area ("marketing", "sales", "service") from ``crm_funnel``.

    Counts are summed over all months, or taken for one ``month`` ("YYYY-MM").

    Examples
    --------
    >>> funnel_from_data("sales").index.tolist()
    ['opportunity', 'proposal', 'negotiation', 'won']
    """
    if data is None:
        from labkit.datasets import load_crm_funnel

        data = load_crm_funnel()
    one_of("area", area, sorted(data["area"].unique()))
    d = data[data["area"] == area]
    if month is not None:
        one_of("month", month, sorted(d["month"].unique()))
        d = d[d["month"] == month]
    counts = d.groupby(["stage_order", "stage"])["count"].sum().reset_index().set_index("stage")["count"]
    return funnel(counts)


# ---------------------------------------------------------------- course administration (C-6.1, C-6.2)

GRADE_SCHEMES: dict[str, dict[str, Any]] = {
    # 2024 syllabus [seed 000]: coursework (attendance 30 + performance 30 + homework 40) : exam = 3 : 7
    "3:7": {"label": Term("3:7", "Coursework : final exam = 3 : 7", "平时成绩 : 期末成绩 = 3 : 7"),
            "max": {"attendance": 30, "performance": 30, "homework": 40, "exam": 100}},
    # 36-hour syllabus [seed 000]: class performance 30% + coursework 40% + team project 30%
    "30/40/30": {"label": Term("30/40/30", "Class performance 30% + coursework 40% + team project 30%",
                               "课堂表现30% + 课程作业40% + 团队项目30%"),
                 "max": {"performance": 100, "homework": 100, "exam": 100}},
}


def course_grade(attendance: float | None, performance: float, homework: float, exam: float, *,
                 scheme: str = "3:7") -> float:
    """The final course grade (总评成绩) under one of the seeds' assessment schemes (C-6.1).

    Parameters
    ----------
    attendance : float or None
        Scheme "3:7": attendance out of 30. Scheme "30/40/30": must be None (attendance is
        part of class performance there).
    performance : float
        "3:7": class performance and notes out of 30; "30/40/30": class performance out of 100.
    homework : float
        "3:7": homework and quizzes out of 40; "30/40/30": coursework (case reports, papers)
        out of 100.
    exam : float
        "3:7": final exam out of 100; "30/40/30": team CRM project out of 100.
    scheme : {"3:7", "30/40/30"}

    Examples
    --------
    >>> round(course_grade(28, 25, 36, 80), 2)
    82.7
    >>> round(course_grade(None, 85, 78, 90, scheme="30/40/30"), 2)
    83.7
    """
    one_of("scheme", scheme, list(GRADE_SCHEMES))
    caps = GRADE_SCHEMES[scheme]["max"]
    if scheme == "30/40/30":
        if attendance is not None:
            raise ValueError("attendance must be None for scheme '30/40/30' (attendance counts in class performance "
                             "there); pass it as None")
        p, h, e = (number(n, v, low=0, high=caps[n]) for n, v in
                   (("performance", performance), ("homework", homework), ("exam", exam)))
        return 0.3 * p + 0.4 * h + 0.3 * e
    if attendance is None:
        raise ValueError("attendance must be a number out of 30 for scheme '3:7', got None")
    a, p, h, e = (number(n, v, low=0, high=caps[n]) for n, v in
                  (("attendance", attendance), ("performance", performance), ("homework", homework), ("exam", exam)))
    return 0.3 * (a + p + h) + 0.7 * e


# Syllabi hours quoted in the seeds [seed 000, 001] (§1.2 of the curriculum).
SYLLABI: dict[int, Term] = {
    72: Term("72", "Secondary vocational logistics, 72 h / 4 credits", "中职物流类专业 72学时/4学分"),
    64: Term("64", "Express delivery service and management, 64 h / 2 credits", "速递服务与管理 64学时/2学分"),
    48: Term("48", "Marketing major, 48 h / 3 credits (theory 32 : practice 16)", "市场营销专业 48学时/3学分(理论32:实践16)"),
    36: Term("36", "36-hour syllabus", "36学时教学大纲"),
}

# Textbook hours per notebook [seed 003, ch.4-7]; ch.4's 8 h split as NB1 = §1, §2, §5 and NB2 = §3, §4.
CHAPTER_HOURS: dict[str, tuple[Term, float]] = {
    "nb1": (Term("nb1", "Customer relationships", "客户关系"), 5),
    "nb2": (Term("nb2", "Service, complaints and recovery", "客户服务、投诉与补救"), 3),
    "nb3": (Term("nb3", "Satisfaction and loyalty", "客户满意与忠诚"), 6),
    "nb4": (Term("nb4", "Customer value and CLV", "客户价值与终生价值"), 6),
    "nb5": (Term("nb5", "CRM implementation", "客户关系管理的实施"), 6),
}


def plan_hours(total_hours: int, *, practice_share: float = 0.0, step: float = 1.0):
    """Share a syllabus's hours among the five notebooks in the textbook's proportions (C-6.2).

    The textbook gives 26 hours to chapters 4–7; ``total_hours`` is split in the same
    proportions, rounded to multiples of ``step`` by the largest-remainder method so the
    parts add up exactly. ``practice_share`` (e.g. 16/48) splits each notebook's hours into
    theory and practice (lab) hours.

    Examples
    --------
    >>> plan_hours(48)["hours"].tolist()
    [9.0, 6.0, 11.0, 11.0, 11.0]
    >>> float(plan_hours(36, step=0.5)["hours"].sum())
    36.0
    """
    import pandas as pd

    total = number("total_hours", total_hours, low=0, low_open=True)
    step = number("step", step, low=0, low_open=True)
    share = number("practice_share", practice_share, low=0, high=1)
    units = total / step
    if not math.isclose(units, round(units)):
        raise ValueError(f"total_hours must be a multiple of step ({step:g}), got {total_hours!r}")
    base = np.array([h for _, h in CHAPTER_HOURS.values()], dtype=float)
    exact = base / base.sum() * round(units)
    alloc = np.floor(exact)
    left = int(round(units - alloc.sum()))
    order = np.argsort(-(exact - alloc), kind="stable")
    alloc[order[:left]] += 1
    hours = alloc * step
    practice = np.round(hours * share / step) * step
    return pd.DataFrame({
        "notebook": [t.en for t, _ in CHAPTER_HOURS.values()],
        "notebook_zh": [t.zh for t, _ in CHAPTER_HOURS.values()],
        "textbook_hours": base,
        "hours": hours,
        "theory": hours - practice,
        "practice": practice,
    }, index=pd.Index(list(CHAPTER_HOURS), name="code"))
