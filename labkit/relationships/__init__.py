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

from labkit.relationships._churn import churn_rates, churn_reasons, classify_churn_cause, observed_churn_rates
from labkit.relationships._customer_value import customer_value, lifetime_revenue, word_of_mouth
from labkit.relationships._early_warning import (
    ChurnModel,
    churn_split,
    coefficient_table,
    lift_table,
    risk_tiers,
    roc_auc,
)
from labkit.relationships._lifecycle import lifecycle_pattern, lifecycle_stage, lifecycle_stages
from labkit.relationships._relationship_types import (
    relationship_cell,
    relationship_matrix,
    relationship_term,
    relationship_type,
)
from labkit.relationships._retention import (
    acquisition_vs_retention,
    implied_retention,
    leaky_bucket,
    process_funnel,
    repurchase_intention,
)
from labkit.relationships._tables import (
    CHURN_CAUSE_KEYWORDS,
    CHURN_CAUSES,
    CHURN_FEATURES,
    CHURN_SIDES,
    CHURNED_TYPES,
    CUSTOMER_COUNT_LEVELS,
    CUSTOMER_ROLES,
    CUSTOMER_TIERS,
    DEVELOPMENT_STRATEGIES,
    EARLY_WARNING_METHODS,
    INFLUENCE_FACTORS,
    KEY_TERMS,
    KOTLER_MATRIX,
    LEAVE_REASONS,
    LIFECYCLE_PATTERNS,
    LIFECYCLE_PROCESSES,
    LIFECYCLE_STAGES,
    MARGIN_LEVELS,
    PARETO_TIERS,
    RELATIONSHIP_DEFINITIONS,
    RELATIONSHIP_FEATURES,
    RELATIONSHIP_SIGNALS,
    RELATIONSHIP_TYPES,
    RETENTION_DRIVERS,
    RETENTION_METHODS,
    RETENTION_STRATEGIES,
    RISK_TIERS,
    ROLE_PLAY_SCENES,
    SEED,
    WINBACK_METHODS,
    WINBACK_STEPS,
)
from labkit.relationships._tiers import customer_tiers, tier_summary, tier_table
from labkit.relationships._winback import WinbackDecision, winback_decision, winback_plan

__all__ = [
    'RELATIONSHIP_TYPES',
    'RELATIONSHIP_DEFINITIONS',
    'CUSTOMER_COUNT_LEVELS',
    'MARGIN_LEVELS',
    'KOTLER_MATRIX',
    'RELATIONSHIP_FEATURES',
    'RELATIONSHIP_SIGNALS',
    'KEY_TERMS',
    'INFLUENCE_FACTORS',
    'CUSTOMER_ROLES',
    'LIFECYCLE_PROCESSES',
    'LIFECYCLE_STAGES',
    'LIFECYCLE_PATTERNS',
    'DEVELOPMENT_STRATEGIES',
    'RETENTION_STRATEGIES',
    'RETENTION_METHODS',
    'RETENTION_DRIVERS',
    'CUSTOMER_TIERS',
    'PARETO_TIERS',
    'LEAVE_REASONS',
    'CHURN_SIDES',
    'CHURN_CAUSES',
    'CHURNED_TYPES',
    'CHURN_CAUSE_KEYWORDS',
    'WINBACK_STEPS',
    'WINBACK_METHODS',
    'EARLY_WARNING_METHODS',
    'RISK_TIERS',
    'ROLE_PLAY_SCENES',
    'SEED',
    'CHURN_FEATURES',
    'relationship_type',
    'relationship_cell',
    'relationship_matrix',
    'relationship_term',
    'customer_value',
    'lifetime_revenue',
    'acquisition_vs_retention',
    'leaky_bucket',
    'implied_retention',
    'word_of_mouth',
    'tier_table',
    'customer_tiers',
    'tier_summary',
    'churn_reasons',
    'churn_rates',
    'observed_churn_rates',
    'classify_churn_cause',
    'WinbackDecision',
    'winback_decision',
    'winback_plan',
    'lifecycle_stages',
    'lifecycle_stage',
    'lifecycle_pattern',
    'process_funnel',
    'repurchase_intention',
    'churn_split',
    'ChurnModel',
    'roc_auc',
    'lift_table',
    'risk_tiers',
    'coefficient_table',
]
