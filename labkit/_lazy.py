"""The flat ``lk.`` namespace: submodules and public names found on first use, so ``import labkit`` stays cheap.

Chapter packages' ``__all__`` join the namespace without registering here; cross-cutting
names are listed in :data:`_EXPORTS`. This module imports nothing of labkit's at import time.
"""
from __future__ import annotations

import importlib
import sys

# Submodules reachable as attributes (lk.datasets, lk.value, ...).
_SUBMODULES = {
    "curriculum", "labels", "datasets", "plotting", "widgets", "checks", "grading", "cli",
    "relationships", "service", "satisfaction", "value", "value_models", "implementation", "warehouse",
    "methods", "kernelspec", "errors", "release", "demo",
}

# Chapter modules: their ``__all__`` joins the flat namespace (``lk.nps``, ``lk.clv``), found on
# first use, so no chapter has to register its names here.
_CHAPTERS = ("relationships", "service", "satisfaction", "value", "implementation")

# Cross-cutting names of the flat namespace: public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    # cross-cutting
    "check": "checks",
    "set_language": "labels",
    "label": "labels",
    "terms_table": "labels",
    "use_style": "plotting",
    "plot_journey": "plotting.service",
    "load_customers": "datasets",
    "load_transactions": "datasets",
    "load_complaints": "datasets",
    "load_survey": "datasets",
    "load_churn": "datasets",
    "load_crm_funnel": "datasets",
    "load_crm_cashflows": "datasets",
    "load_truth": "datasets",
}


# Every name of the flat namespace, listed here so that ``dir(lk)``, tab completion and
# ``from labkit import *`` see them all without importing a chapter (and pandas).
# tests/test_flat_namespace.py checks that it equals _EXPORTS plus the chapters' ``__all__``.
_FLAT_NAMES: tuple[str, ...] = (
    "ACSI", "AHPResult", "AUTOMATION_AREAS", "AUTOMATION_KEYWORDS", "AuditResult", "BetaGeoModel",
    "BusinessCase", "CAUSE_KEYWORDS", "CCSI", "CHAPTER_HOURS", "CHURNED_TYPES", "CHURN_CAUSES",
    "CHURN_CAUSE_KEYWORDS", "CHURN_FEATURES", "CHURN_SIDES", "CLV_COMPONENTS", "CLV_DIMENSIONS",
    "CLV_FACTORS", "CLV_STEPS", "CLV_TIMINGS", "CLV_USES", "COMMITMENT_ELEMENTS", "COMMITMENT_PROMOTION",
    "COMMUNICATION_PRINCIPLES", "COMMUNICATION_SKILLS", "COMPLAINT_CAUSES", "COMPLAINT_KEYWORDS",
    "COMPLAINT_TYPES", "COMPLAINT_VALUES", "COST_COMPONENTS", "CRM_TYPES", "CRM_TYPE_KEYWORDS", "CSIModel",
    "CSIScore", "CSI_PRESETS", "CUSTOMER_COUNT_LEVELS", "CUSTOMER_ROLES", "CUSTOMER_TIERS", "ChurnModel",
    "ClassifierReport", "ClvComposition", "ComplaintCase", "CourseModels", "DEVELOPMENT_STRATEGIES",
    "DeliveredValue", "EARLY_WARNING_METHODS", "ECSI", "EVALUATION_PERSPECTIVES", "EXAMPLE_JOURNEY",
    "EXPECTATION_OUTCOMES", "EXPERIENCE_MODULES", "GRADE_SCHEMES", "GammaGammaModel", "HANDLING_METHODS",
    "HANDLING_STAGES", "HOTEL_PROCEDURE", "IMPLEMENTATION_STEPS", "INDICATORS", "INFLUENCE_FACTORS",
    "IRR_RANGE", "KANO_CATEGORIES", "KANO_TABLE", "KEY_TERMS", "KOTLER_MATRIX", "LEAVE_REASONS",
    "LIFECYCLE_PATTERNS", "LIFECYCLE_PROCESSES", "LIFECYCLE_STAGES", "LIKERT_5", "LIKERT_7",
    "LOYALTY_MEASURES", "LOYALTY_PROGRAMMES", "MARGIN_LEVELS", "MASLOW_NEEDS", "MEASUREMENT_STEPS",
    "NPSScore", "NPS_BANDS", "OLAP_QUERIES", "PARETO_TIERS", "PITFALLS", "PLSResult", "PairedComparison",
    "ParetoResult", "PlanStatus", "ProcessComparison", "QUADRANTS", "RECOVERY_METHODS", "RECOVERY_STEPS",
    "RELATIONSHIP_DEFINITIONS", "RELATIONSHIP_FEATURES", "RELATIONSHIP_SIGNALS", "RELATIONSHIP_TYPES",
    "RETENTION_DRIVERS", "RETENTION_METHODS", "RETENTION_STRATEGIES", "RFM_SEGMENTS", "RISK_TIERS",
    "RightsResult", "Rollup", "SAATY_RI", "SCSB", "SEED", "SEM_KEYWORDS", "SENSITIVITY_RANGES",
    "SERVICE_CHARACTERISTICS", "SERVICE_GAPS", "SERVICE_SCENARIOS", "SERVQUAL_DIMENSIONS", "SEVEN_RIGHTS",
    "SUCCESS_FACTORS", "SURVEY_ITEMS", "SYLLABI", "ServqualResult", "TrapResult", "UNITED_CASE_EVENTS",
    "VALUE_COMPONENTS", "VALUE_PERSPECTIVES", "VALUE_TYPES", "VENDOR_CRITERIA", "VENDOR_SCORES",
    "WAREHOUSE_TABLES", "WINBACK_METHODS", "WINBACK_STEPS", "WinbackDecision", "acquisition_ceiling",
    "acquisition_vs_retention", "ahp_matrix", "ahp_weights", "allocate_budget", "audit_log",
    "automation_area", "build_warehouse", "business_case", "capability_indicators", "check", "churn_rates",
    "churn_reasons", "churn_split", "classify_churn_cause", "classify_complaint", "classify_complaints",
    "clv", "clv_all_timings", "clv_components", "clv_segments", "clv_sensitivity", "clv_table",
    "coefficient_table", "commitment_card", "compare_processes", "compare_projects", "course_grade",
    "course_models", "crm_type", "csi_rollup", "csi_score", "customer_share", "customer_tiers",
    "customer_value", "delivered_value", "delphi_summary", "direct_comparison_weights",
    "evaluate_classifier", "expectation_gap", "expert_weights", "fit_bgnbd", "fit_gamma_gamma", "funnel",
    "funnel_from_data", "implied_retention", "indicator_scores", "journey_map", "kano_category",
    "kano_summary", "label", "leaky_bucket", "lifecycle_pattern", "lifecycle_stage", "lifecycle_stages",
    "lifetime_revenue", "lift_table", "likert_encode", "load_churn", "load_complaints",
    "load_crm_cashflows", "load_crm_funnel", "load_customers", "load_survey", "load_transactions",
    "load_truth", "loyalty_scorecard", "model_clv", "nps", "nps_band", "nps_from_counts",
    "observed_churn_rates", "olap", "paired_comparison_weights", "pareto", "payback_period", "plan_hours",
    "plan_status", "plot_journey", "pls_sem", "points_simulator", "points_to_weights", "process_funnel",
    "project_cashflows", "project_irr", "project_irrs", "project_npv", "quality_gap", "query",
    "recovery_effect", "recovery_process", "relationship_cell", "relationship_matrix", "relationship_term",
    "relationship_type", "repurchase_intention", "rfm", "rfm_features", "risk_tiers", "roc_auc", "rollup",
    "satisfaction_quadrant", "satisfaction_trap", "segment_customers", "sem_coverage", "servqual",
    "servqual_columns", "set_language", "seven_rights", "simulate_process", "sla_table", "sla_targets",
    "stall_table", "step_hours", "summary_from_transactions", "survey_measurement", "tag_cause",
    "tag_experience", "terms_table", "tier_summary", "tier_table", "use_style", "value_type_for_need",
    "weight_sensitivity", "weighted_scorecard", "winback_decision", "winback_plan", "word_of_mouth",
)


def __getattr__(name: str):
    namespace = sys.modules["labkit"].__dict__
    if name in _SUBMODULES:
        return importlib.import_module(f"labkit.{name}")
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"labkit.{_EXPORTS[name]}"), name)
        namespace[name] = value
        return value
    if not name.startswith("_"):
        for chapter in _CHAPTERS:
            try:
                module = importlib.import_module(f"labkit.{chapter}")
            except ModuleNotFoundError as err:
                if err.name == f"labkit.{chapter}":
                    continue
                raise
            if name in getattr(module, "__all__", ()):
                value = getattr(module, name)
                namespace[name] = value
                return value
    raise AttributeError(f"module 'labkit' has no attribute {name!r}")


def __dir__():
    return sorted(set(sys.modules["labkit"].__dict__) | _SUBMODULES | set(_EXPORTS) | set(_FLAT_NAMES))


__all__ = sorted(set(_EXPORTS) | set(_FLAT_NAMES))
