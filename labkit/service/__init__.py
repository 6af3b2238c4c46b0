"""Customer service, complaints and service recovery (客户服务, 客户投诉与补救).

The course lists of chapter 2 (service characteristics, the seven Rights, communication
skills, complaint types, handling methods and stages, recovery steps) as ordered bilingual
:class:`~labkit.labels.Term` tables, and the calculations an analyst runs on a complaint log:

* :func:`classify_complaint` — a documented keyword baseline for the five complaint types;
* :class:`ComplaintCase` and :func:`audit_log` — the eight recovery steps as a state machine
  and a role-play checker;
* :func:`pareto`, :func:`step_hours`, :func:`sla_table`, :func:`stall_table`,
  :func:`recovery_effect`, :func:`recovery_by_speed` — the complaint-log analysis;
* :func:`servqual` — SERVQUAL gap scores (22 items, five dimensions, importance weights);
* :func:`erlang_c`, :func:`agents_needed` — call-centre staffing (supplementary);
* :func:`promise_gaps` — gaps 4 and 5 when a promise sets the expectation (illustrative);
* :func:`journey_map` — the customer journey map (drawn by ``lk.plot_journey``, in
  :mod:`labkit.plotting.service`).

Examples
--------
>>> from labkit.service import classify_complaint, RECOVERY_STEPS
>>> classify_complaint("The parcel arrived 3 days late and the box was crushed")
'transport'
>>> RECOVERY_STEPS[0].zh
'记录投诉内容'
"""
from __future__ import annotations

from labkit.curriculum import (
    COMPLAINT_CAUSES,
    COMPLAINT_TYPES,
    HANDLING_METHODS,
    HANDLING_STAGES,
    RECOVERY_STEPS,
    SERVQUAL_DIMENSIONS,
)
from labkit.service._call_centre import agents_needed, erlang_c
from labkit.service._classifier import (
    CAUSE_KEYWORDS,
    COMPLAINT_KEYWORDS,
    ClassifierReport,
    classify_complaint,
    classify_complaints,
    evaluate_classifier,
    tag_cause,
)
from labkit.service._complaint_log import (
    ParetoResult,
    pareto,
    recovery_effect,
    sla_table,
    sla_targets,
    stall_table,
    step_hours,
)
from labkit.service._gap_model import promise_gaps
from labkit.service._experience import SEM_KEYWORDS, sem_coverage, tag_experience
from labkit.service._journey import journey_map
from labkit.service._recovery import AuditResult, ComplaintCase, audit_log
from labkit.service._servqual import N_ITEMS, ServqualResult, servqual, servqual_columns
from labkit.service._seven_rights import RightsResult, commitment_card, quality_gap, seven_rights
from labkit.service._timeliness import recovery_by_speed
from labkit.service._tables import (
    COMMITMENT_ELEMENTS,
    COMMITMENT_PROMOTION,
    COMMUNICATION_PRINCIPLES,
    COMMUNICATION_SKILLS,
    COMPLAINT_VALUES,
    EXAMPLE_JOURNEY,
    EXPERIENCE_MODULES,
    HOTEL_PROCEDURE,
    RECOVERY_METHODS,
    SERVICE_CHARACTERISTICS,
    SERVICE_GAPS,
    SERVICE_SCENARIOS,
    SEVEN_RIGHTS,
    UNITED_CASE_EVENTS,
)

__all__ = [
    'COMPLAINT_TYPES',
    'COMPLAINT_CAUSES',
    'RECOVERY_STEPS',
    'HANDLING_METHODS',
    'HANDLING_STAGES',
    'SERVQUAL_DIMENSIONS',
    'SERVICE_CHARACTERISTICS',
    'SEVEN_RIGHTS',
    'COMMUNICATION_SKILLS',
    'COMMUNICATION_PRINCIPLES',
    'EXPERIENCE_MODULES',
    'SERVICE_GAPS',
    'COMPLAINT_VALUES',
    'RECOVERY_METHODS',
    'COMMITMENT_ELEMENTS',
    'COMMITMENT_PROMOTION',
    'HOTEL_PROCEDURE',
    'COMPLAINT_KEYWORDS',
    'EXAMPLE_JOURNEY',
    'UNITED_CASE_EVENTS',
    'SERVICE_SCENARIOS',
    'SEM_KEYWORDS',
    'tag_experience',
    'sem_coverage',
    'seven_rights',
    'RightsResult',
    'quality_gap',
    'commitment_card',
    'classify_complaint',
    'classify_complaints',
    'evaluate_classifier',
    'ClassifierReport',
    'CAUSE_KEYWORDS',
    'tag_cause',
    'ComplaintCase',
    'audit_log',
    'AuditResult',
    'pareto',
    'ParetoResult',
    'step_hours',
    'sla_targets',
    'sla_table',
    'stall_table',
    'recovery_effect',
    'servqual',
    'servqual_columns',
    'ServqualResult',
    'journey_map',
    'erlang_c',
    'agents_needed',
    'promise_gaps',
    'recovery_by_speed',
]
