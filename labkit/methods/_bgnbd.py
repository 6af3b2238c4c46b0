"""The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005)."""
from __future__ import annotations

from typing import Any

import numpy as np

from labkit._validate import array_1d, number
from labkit.methods._mle import _FittedModel, _maximize, _pool, _summary_arrays

__all__ = ['BetaGeoModel', 'fit_bgnbd']


def _bgnbd_loglik(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray,
                  gradient: bool = False):
    """Per-customer BG/NBD log-likelihood (Fader, Hardie & Lee 2005, eq. 6), in log space.

    With ``gradient=True`` also returns the (n, 4) gradient with respect to (r, alpha, a, b).
    """
    from scipy.special import betaln, digamma, gammaln

    r, alpha, a, b = params
    repeat = x > 0
    bx1 = np.where(repeat, b + x - 1, 1.0)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + big_t)
    a4 = np.where(repeat, np.log(a) - np.log(bx1) - (r + x) * np.log(alpha + t_x), -np.inf)
    ll = a1 + a2 + np.logaddexp(a3, a4)
    if not gradient:
        return ll
    w4 = np.exp(a4 - np.logaddexp(a3, a4))  # share of the "dropped out after t_x" term
    w3 = 1 - w4
    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w3 * np.log(alpha + big_t) - w4 * np.log(alpha + t_x)
    d_alpha = r / alpha - (r + x) * (w3 / (alpha + big_t) + w4 / (alpha + t_x))
    d_a = digamma(a + b) - digamma(a + b + x) + w4 / a
    d_b = digamma(b + x) - digamma(a + b + x) - digamma(b) + digamma(a + b) - w4 / bx1
    return ll, np.column_stack([d_r, d_alpha, d_a, d_b])


class BetaGeoModel(_FittedModel):
    """The BG/NBD model of repeat buying: Poisson purchases while alive, geometric dropout.

    While alive a customer buys at rate λ ~ Gamma(r, α); after each repeat purchase the
    customer drops out for good with probability p ~ Beta(a, b). Time is in the unit of the
    summary (weeks for :func:`labkit.value.summary_from_transactions` by default).

    Attributes
    ----------
    params_ : dict
        Fitted ``r``, ``alpha``, ``a``, ``b`` (also readable as ``params``).
    log_likelihood_ : float
        The maximised log-likelihood (also ``log_likelihood``).

    Examples
    --------
    >>> m = BetaGeoModel().fit([2, 1, 0, 0, 7, 1], [30.4, 1.7, 0, 0, 29.4, 5.0], [38.9] * 6)
    >>> sorted(m.params)
    ['a', 'alpha', 'b', 'r']
    >>> bool(m.prob_alive(0, 0, 38.9)[0] == 1.0)
    True
    """

    names = ("r", "alpha", "a", "b")
    _fit_call = ".fit(frequency, recency, T)"

    # -- fitting -------------------------------------------------------------
    def fit(self, frequency: Any, recency: Any, T: Any) -> "BetaGeoModel":
        """Fit by maximum likelihood; returns ``self``."""
        x, t_x, big_t = _summary_arrays(frequency, recency, T)
        (x, t_x, big_t), w = _pool(x, t_x, big_t)
        start = np.log([1.0, max(float(np.average(big_t, weights=w)), 1.0), 1.0, 1.0])
        best = _maximize(lambda theta: _bgnbd_loglik(theta, x, t_x, big_t, gradient=True), start, w)
        self._store(best, w @ _bgnbd_loglik(best, x, t_x, big_t), w)
        return self

    # -- predictions -----------------------------------------------------------
    def prob_alive(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """P(alive at T | frequency, recency, T) per customer (FHL 2005, eq. 11).

        Examples
        --------
        >>> m = BetaGeoModel.from_params(0.243, 4.414, 0.793, 2.426)
        >>> round(float(m.prob_alive(2, 30.43, 38.86)[0]), 4)
        0.7266
        """
        r, alpha, a, b = self._fitted().values()
        x, t_x, big_t = _summary_arrays(frequency, recency, T)
        log_ratio = np.log(a) - np.log(np.where(x > 0, b + x - 1, 1.0)) + (r + x) * (
            np.log(alpha + big_t) - np.log(alpha + t_x))
        return np.where(x > 0, 1.0 / (1.0 + np.exp(np.minimum(log_ratio, 700))), 1.0)

    def expected_purchases(self, t: float, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """Expected repeat purchases in the next ``t`` periods, given each history (FHL 2005, eq. 10).

        Examples
        --------
        >>> m = BetaGeoModel.from_params(0.243, 4.414, 0.793, 2.426)
        >>> round(float(m.expected_purchases(39, 2, 30.43, 38.86)[0]), 3)
        1.226
        """
        from scipy.special import hyp2f1

        t = number("t", t, low=0)
        r, alpha, a, b = self._fitted().values()
        x, t_x, big_t = _summary_arrays(frequency, recency, T)
        z = t / (alpha + big_t + t)
        head = (a + b + x - 1) / (a - 1)
        body = 1 - np.exp((r + x) * (np.log(alpha + big_t) - np.log(alpha + big_t + t))) * hyp2f1(r + x, b + x, a + b + x - 1, z)
        return head * body * self.prob_alive(x, t_x, big_t)

    def expected_purchases_new(self, t: Any) -> np.ndarray:
        """Expected repeat purchases by time ``t`` for a new, randomly chosen customer (FHL 2005, eq. 9)."""
        from scipy.special import hyp2f1

        t = array_1d("t", t)
        if (t < 0).any():
            raise ValueError(f"t must be >= 0, got {t[t < 0][0]:g}")
        r, alpha, a, b = self._fitted().values()
        return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))


def fit_bgnbd(frequency: Any, recency: Any, T: Any) -> BetaGeoModel:
    """Fit the BG/NBD model to a calibration summary: ``BetaGeoModel().fit(frequency, recency, T)``.

    Parameters
    ----------
    frequency : array-like of int
        Repeat purchases per customer in the calibration period.
    recency : array-like
        Time of the last repeat purchase since the first purchase (0 if none).
    T : array-like
        Time from the first purchase to the end of the calibration period.

    Returns
    -------
    BetaGeoModel
        With ``params`` {"r", "alpha", "a", "b"} and ``log_likelihood``.

    Raises
    ------
    ValueError
        For non-integer or negative frequencies, recency > T, or mismatched lengths.

    Examples
    --------
    >>> fit_bgnbd([1, 0], [5.0, 0], [4.0, 4.0])
    Traceback (most recent call last):
    ...
    ValueError: recency must be <= T (the last purchase cannot come after the end of the period), got recency 5 > T 4
    """
    return BetaGeoModel().fit(frequency, recency, T)
