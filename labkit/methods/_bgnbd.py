"""The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005)."""
from __future__ import annotations

from typing import Any

import numpy as np

from labkit._validate import array_1d, number
from labkit.methods._mle import _finite_prediction, _fit_repeat_buying, _FittedModel, _summary_arrays
from labkit.errors import bilingual

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
    >>> from labkit.value import course_models
    >>> s = course_models().summary
    >>> m = BetaGeoModel().fit(s["frequency"], s["recency"], s["T"])
    >>> sorted(m.params), m.converged_
    (['a', 'alpha', 'b', 'r'], True)
    >>> bool(m.prob_alive(0, 0, 38.9)[0] == 1.0)
    True
    """

    names = ("r", "alpha", "a", "b")
    _fit_call = ".fit(frequency, recency, T)"

    # -- fitting -------------------------------------------------------------
    def fit(self, frequency: Any, recency: Any, T: Any) -> "BetaGeoModel":
        """Fit by maximum likelihood; returns ``self``."""
        return _fit_repeat_buying(self, _bgnbd_loglik, frequency, recency, T, label="BG/NBD", need_repeat=True)

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
        t = number("t", t, low=0)
        r, alpha, a, b = self._fitted().values()
        x, t_x, big_t = _summary_arrays(frequency, recency, T)
        out = _regular(lambda a_, b_: _conditional_purchases(r, alpha, a_, b_, t, x, big_t), a, b)
        return _finite_prediction("expected_purchases", out * self.prob_alive(x, t_x, big_t), self)

    def expected_purchases_new(self, t: Any) -> np.ndarray:
        """Expected repeat purchases by time ``t`` for a new, randomly chosen customer (FHL 2005, eq. 9).

        Examples
        --------
        >>> m = BetaGeoModel.from_params(0.243, 4.414, 0.793, 2.426)
        >>> np.round(m.expected_purchases_new([0, 39, 78]), 3).tolist()
        [0.0, 1.197, 1.861]
        """
        t = array_1d("t", t)
        if (t < 0).any():
            raise ValueError(bilingual(f"t must be >= 0, got {t[t < 0][0]:g}"))
        r, alpha, a, b = self._fitted().values()
        out = _regular(lambda a_, b_: _conditional_purchases(r, alpha, a_, b_, t, 0.0, 0.0), a, b)
        return _finite_prediction("expected_purchases_new", out, self)


def _conditional_purchases(r, alpha, a, b, t, x, big_t):
    """(a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z)], z = t/(α+T+t).

    FHL 2005 eq. 10 without P(alive) (eq. 9 with x = T = 0). The product of the power and the
    hypergeometric function is formed in whichever of two equal forms is finite: directly,
    or after Euler's transformation 2F1(a, b; c; z) = (1−z)^(c−a−b) 2F1(c−a, c−b; c; z), which
    gives (1−z)^(a−1) · 2F1(a+b−1−r, a−1; a+b+x−1; z) and stays finite when z is close to 1.
    """
    from scipy.special import hyp2f1

    with np.errstate(all="ignore"):
        one_minus_z = (alpha + big_t) / (alpha + big_t + t)
        z = t / (alpha + big_t + t)
        c = a + b + x - 1
        direct = one_minus_z ** (r + x) * hyp2f1(r + x, b + x, c, z)
        euler = one_minus_z ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, c, z)
        product = np.where(np.isfinite(direct), direct, euler)
        return (a + b + x - 1) / (a - 1) * (1 - product)


def _regular(f, a: float, b: float):
    """``f(a, b)``, or the mean of f on either side of a removable singularity of the formulas.

    The BG/NBD expressions divide by a − 1 and, for customers with no repeat purchase, use
    a + b − 1 as the third argument of 2F1; at a = 1 or a + b = 1 they are 0/0 but have a
    finite limit, which the mean of f(a ± h) (or f(b ± h)) gives to O(h²).
    """
    h = 1e-5
    if abs(a - 1) < h:
        return (f(1 - h, b) + f(1 + h, b)) / 2
    if abs(a + b - 1) < h:
        return (f(a, 1 - a - h) + f(a, 1 - a + h)) / 2
    return f(a, b)


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
