"""The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005; Fader & Hardie 2013)."""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from labkit._validate import array_1d
from labkit.errors import FitWarning
from labkit.methods._mle import _finite_prediction, _FittedModel, _maximize, _pool
from labkit.errors import bilingual

__all__ = ['GammaGammaModel', 'fit_gamma_gamma']


def _spend_arrays(frequency: Any, monetary_value: Any, *, repeat_only: bool) -> tuple[np.ndarray, np.ndarray]:
    x = array_1d("frequency", frequency)
    m = array_1d("monetary_value", monetary_value)
    if len(x) != len(m):
        raise ValueError(bilingual(f"frequency and monetary_value must have the same length, got {len(x)} and {len(m)}"))
    if (x < 0).any() or not np.all(x == np.round(x)):
        bad = x[(x < 0) | (x != np.round(x))][0]
        raise ValueError(bilingual(f"frequency must be whole numbers >= 0 (repeat purchases), got {bad:g}"))
    if (m < 0).any():
        raise ValueError(bilingual(f"monetary_value must be >= 0, got {m[m < 0][0]:g}"))
    if repeat_only:
        keep = x > 0
        if (m[keep] <= 0).any():
            raise ValueError(bilingual(f"monetary_value must be > 0 for customers with repeat purchases, got {m[keep][m[keep] <= 0][0]:g}"))
        x, m = x[keep], m[keep]
        if len(x) < 3:
            raise ValueError(bilingual(f"Gamma-Gamma needs at least 3 customers with repeat purchases, got {len(x)}"))
    return x, m


def _gg_loglik(params: np.ndarray, x: np.ndarray, m: np.ndarray, gradient: bool = False):
    """Per-customer Gamma-Gamma log-likelihood of the mean spend (Fader & Hardie 2013, eq. 3).

    With ``gradient=True`` also returns the (n, 3) gradient with respect to (p, q, gamma).
    """
    from scipy.special import digamma, gammaln

    p, q, g = params
    px = p * x
    log_gxm = np.log(g + x * m)
    ll = (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g)
          + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * log_gxm)
    if not gradient:
        return ll
    psi = digamma(px + q)
    d_p = x * (psi - digamma(px) + np.log(m) + np.log(x) - log_gxm)
    d_q = psi - digamma(q) + np.log(g) - log_gxm
    d_g = q / g - (px + q) / (g + x * m)
    return ll, np.column_stack([d_p, d_q, d_g])


class GammaGammaModel(_FittedModel):
    """The Gamma-Gamma model of spend per purchase.

    Each purchase's amount is Gamma(p, ν) and the customer's ν is Gamma(q, γ) across
    customers, so a customer's expected spend shrinks their observed mean towards the
    population mean — more so when they have few purchases. Fitted on customers with at least
    one repeat purchase; spend is assumed independent of purchase frequency.

    The model is defined only for q > 1: with q <= 1 (very heavy-tailed spend) the mean spend
    is infinite, a fit warns with :class:`labkit.errors.FitWarning` and ``expected_spend``
    refuses the model instead of returning negative spend.

    Examples
    --------
    >>> m = GammaGammaModel.from_params(6.25, 3.74, 15.44)
    >>> round(float(m.expected_spend(2, 22.35)[0]), 2)
    24.66
    """

    names = ("p", "q", "gamma")
    _fit_call = ".fit(frequency, monetary_value)"

    def fit(self, frequency: Any, monetary_value: Any) -> "GammaGammaModel":
        """Fit on the customers with ``frequency > 0``; returns ``self``."""
        x, m = _spend_arrays(frequency, monetary_value, repeat_only=True)
        (x, m), w = _pool(x, m)
        mean = float(np.average(m, weights=w))
        best, ok = _maximize(lambda theta: _gg_loglik(theta, x, m, gradient=True), np.log([2.0, 2.0, mean]), w,
                             "Gamma-Gamma", self.names)
        if best[1] <= 1:
            ok = False
            warnings.warn(f"the Gamma-Gamma fit gives q={best[1]:.3g} <= 1: spend is so heavy-tailed that the "
                          "model's mean spend is undefined (it needs q > 1), so expected_spend and model_clv "
                          "will refuse this model; trim extreme spend or use the observed means", FitWarning,
                          stacklevel=2)
        self._store(best, w @ _gg_loglik(best, x, m), w, ok)
        return self

    def expected_spend(self, frequency: Any, monetary_value: Any) -> np.ndarray:
        """E[spend per purchase | frequency, mean spend]; the population mean when frequency is 0.

        The model's mean spend exists only for q > 1; for q <= 1 this raises ValueError.
        """
        p, q, g = self._fitted().values()
        if q <= 1:
            raise ValueError(f"expected spend needs q > 1 (q must be > 1 for the Gamma-Gamma mean spend to be "
                             f"finite), got q={q:.3g}")
        x, m = _spend_arrays(frequency, monetary_value, repeat_only=False)
        with np.errstate(over="ignore", invalid="ignore"):
            spend = p * (g + x * m) / (p * x + q - 1)
        return _finite_prediction("expected_spend", spend, self)

    def population_mean(self) -> float:
        """Mean spend per purchase across customers, p·γ/(q − 1) (needs q > 1)."""
        p, q, g = self._fitted().values()
        if q <= 1:
            raise ValueError(bilingual(f"the population mean spend is infinite when q <= 1, got q={q:.3g}"))
        return p * g / (q - 1)


def fit_gamma_gamma(frequency: Any, monetary_value: Any) -> GammaGammaModel:
    """Fit the Gamma-Gamma spend model: ``GammaGammaModel().fit(frequency, monetary_value)``.

    Parameters
    ----------
    frequency : array-like of int
        Repeat purchases per customer (customers with 0 are ignored in the fit).
    monetary_value : array-like
        Mean spend of each customer's repeat purchases.

    Returns
    -------
    GammaGammaModel
        With ``params`` {"p", "q", "gamma"} and ``expected_spend(frequency, monetary_value)``.

    Examples
    --------
    >>> fit_gamma_gamma([1, 2], [10.0, -3.0])
    Traceback (most recent call last):
    ...
    ValueError: monetary_value must be >= 0, got -3
    monetary_value 必须 ≥ 0，收到的是 -3
    """
    return GammaGammaModel().fit(frequency, monetary_value)
