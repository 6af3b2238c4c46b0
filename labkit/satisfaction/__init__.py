"""Customer satisfaction and loyalty: NPS, CSI scoring, indicator weights, AHP, Kano and PLS-SEM.

Chapter 3 of CRM Lab. Every curriculum table this chapter needs (Likert labels, NPS bands,
satisfaction-loyalty quadrants, Saaty's random index, the Kano evaluation table, the CSI model
presets) lives here once; the notebook, the demos and the self-checks read it from here.

Examples
--------
>>> nps_from_counts(30, 40, 30)
0.0
>>> expert_weights([[50, 30, 20], [60, 20, 20], [40, 40, 20]]).round(3).tolist()
[0.5, 0.3, 0.2]
>>> kano_category("like", "dislike")
'O'
"""
from __future__ import annotations

from labkit.methods import PLSResult, importance_performance, pls_sem, satisfaction_index, total_effects
from labkit.satisfaction._ahp import SAATY_RI, AHPResult, ahp_matrix, ahp_weights
from labkit.satisfaction._csi import CSIScore, Rollup, csi_rollup, csi_score, likert_encode
from labkit.satisfaction._csi_models import ACSI, CCSI, CSI_PRESETS, ECSI, SCSB, CSIModel, survey_measurement
from labkit.satisfaction._expectation import expectation_gap
from labkit.satisfaction._kano import KANO_TABLE, kano_category, kano_summary
from labkit.satisfaction._loyalty import (
    TrapResult,
    loyalty_scorecard,
    points_simulator,
    satisfaction_quadrant,
    satisfaction_trap,
)
from labkit.satisfaction._nps import NPSScore, nps, nps_band, nps_from_counts
from labkit.satisfaction._tables import (
    EXPECTATION_OUTCOMES,
    KANO_CATEGORIES,
    LIKERT_5,
    LIKERT_7,
    LOYALTY_MEASURES,
    LOYALTY_PROGRAMMES,
    MEASUREMENT_STEPS,
    NPS_BANDS,
    QUADRANT_NOTES,
    QUADRANTS,
    SURVEY_ITEMS,
)
from labkit.satisfaction._weights import (
    PairedComparison,
    delphi_summary,
    direct_comparison_weights,
    expert_weights,
    paired_comparison_weights,
)

__all__ = [
    'importance_performance',
    'satisfaction_index',
    'total_effects',
    'EXPECTATION_OUTCOMES',
    'QUADRANTS',
    'LIKERT_5',
    'LIKERT_7',
    'NPS_BANDS',
    'SAATY_RI',
    'KANO_CATEGORIES',
    'KANO_TABLE',
    'MEASUREMENT_STEPS',
    'LOYALTY_MEASURES',
    'LOYALTY_PROGRAMMES',
    'SURVEY_ITEMS',
    'CSIModel',
    'SCSB',
    'ACSI',
    'ECSI',
    'CCSI',
    'CSI_PRESETS',
    'expectation_gap',
    'satisfaction_quadrant',
    'satisfaction_trap',
    'TrapResult',
    'NPSScore',
    'nps',
    'nps_from_counts',
    'nps_band',
    'likert_encode',
    'csi_score',
    'CSIScore',
    'expert_weights',
    'direct_comparison_weights',
    'paired_comparison_weights',
    'PairedComparison',
    'delphi_summary',
    'ahp_matrix',
    'ahp_weights',
    'AHPResult',
    'csi_rollup',
    'Rollup',
    'loyalty_scorecard',
    'points_simulator',
    'kano_category',
    'kano_summary',
    'pls_sem',
    'PLSResult',
    'survey_measurement',
]
