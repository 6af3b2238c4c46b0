"""General statistical methods behind the chapters, one model per module.

* ``_pls`` — PLS path modelling with consistent PLS (PLSc), used by chapter 3's CSI models;
* ``_bgnbd`` — the BG/NBD model of repeat buying; ``_mbgnbd`` — the modified BG/NBD (Batislam
  et al. 2007), which lets customers drop out after the first purchase too; ``_gamma_gamma`` —
  the Gamma-Gamma model of spend; ``_model_clv`` — their model-based CLV; ``_mle`` — what the
  fits share;
* ``_ipma`` — the PLS-weighted satisfaction index and the importance–performance map.

They know nothing of the course's tables: the chapter packages (:mod:`labkit.satisfaction`,
:mod:`labkit.value`) re-export them and feed them course data, so ``lk.pls_sem`` and
``lk.fit_bgnbd`` work as before.

The CLV models are fitted by maximum likelihood with :func:`scipy.optimize.minimize` on the
log-likelihood, written in log space with :mod:`scipy.special` and vectorised over customers.
Customers with the same summary (``frequency``, ``recency``, ``T``) are pooled with a weight
first, which makes the fit on large customer bases fast.

References
----------
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way:
an alternative to the Pareto/NBD model. *Marketing Science* 24(2), 275-284.

Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves for
customer base analysis. *Journal of Marketing Research* 42(4), 415-430.

Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value.
http://brucehardie.com/notes/025/
"""
from __future__ import annotations

from labkit.methods._bgnbd import BetaGeoModel, fit_bgnbd
from labkit.methods._gamma_gamma import GammaGammaModel, fit_gamma_gamma
from labkit.methods._ipma import (construct_performance, importance_performance, item_weights,
                                  satisfaction_index, total_effects)
from labkit.methods._mbgnbd import ModifiedBetaGeoModel, fit_mbgnbd, simulate_mbgnbd
from labkit.methods._model_clv import model_clv
from labkit.methods._pls import HasPaths, PLSResult, pls_sem

__all__ = [
    'BetaGeoModel',
    'GammaGammaModel',
    'fit_bgnbd',
    'fit_gamma_gamma',
    'model_clv',
    'HasPaths',
    'PLSResult',
    'pls_sem',
    'ModifiedBetaGeoModel',
    'fit_mbgnbd',
    'simulate_mbgnbd',
    'construct_performance',
    'importance_performance',
    'item_weights',
    'satisfaction_index',
    'total_effects',
]
