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

from labkit.implementation._bpr import (
    ProcessComparison,
    compare_processes,
    recovery_process,
    redesign_process,
    simulate_process,
)
from labkit.implementation._business_case import (
    BusinessCase,
    business_case,
    compare_projects,
    payback_period,
    project_cashflows,
    IRR_RANGE,
    project_irr,
    project_irrs,
    project_npv,
)
from labkit.implementation._course_admin import (
    CHAPTER_HOURS,
    GRADE_SCHEMES,
    SYLLABI,
    course_grade,
    plan_hours,
)
from labkit.implementation._crm_types import (
    AUTOMATION_AREAS,
    AUTOMATION_KEYWORDS,
    CRM_TYPE_KEYWORDS,
    CRM_TYPES,
    automation_area,
    crm_type,
)
from labkit.implementation._evaluation import (
    EVALUATION_PERSPECTIVES,
    INDICATORS,
    VENDOR_CRITERIA,
    VENDOR_SCORES,
    capability_indicators,
    indicator_scores,
    points_to_weights,
    weight_sensitivity,
    weighted_scorecard,
)
from labkit.implementation._funnel import funnel, funnel_from_data
from labkit.implementation._plan import (
    IMPLEMENTATION_STEPS,
    PITFALLS,
    SUCCESS_FACTORS,
    PlanStatus,
    plan_status,
)
from labkit.warehouse import (
    OLAP_QUERIES,
    WAREHOUSE_TABLES,
    build_warehouse,
    olap,
    query,
    rfm_features,
    rollup,
    segment_customers,
)

__all__ = [
    'redesign_process',
    'CRM_TYPES',
    'AUTOMATION_AREAS',
    'CRM_TYPE_KEYWORDS',
    'AUTOMATION_KEYWORDS',
    'crm_type',
    'automation_area',
    'IMPLEMENTATION_STEPS',
    'PITFALLS',
    'SUCCESS_FACTORS',
    'PlanStatus',
    'plan_status',
    'ProcessComparison',
    'recovery_process',
    'compare_processes',
    'simulate_process',
    'EVALUATION_PERSPECTIVES',
    'INDICATORS',
    'capability_indicators',
    'VENDOR_CRITERIA',
    'VENDOR_SCORES',
    'weighted_scorecard',
    'weight_sensitivity',
    'points_to_weights',
    'indicator_scores',
    'project_npv',
    'project_irr',
    'project_irrs',
    'IRR_RANGE',
    'payback_period',
    'BusinessCase',
    'business_case',
    'project_cashflows',
    'compare_projects',
    'funnel',
    'funnel_from_data',
    'GRADE_SCHEMES',
    'course_grade',
    'SYLLABI',
    'CHAPTER_HOURS',
    'plan_hours',
    'build_warehouse',
    'query',
    'rollup',
    'olap',
    'OLAP_QUERIES',
    'WAREHOUSE_TABLES',
    'rfm_features',
    'segment_customers',
]
