"""Probabilistic CLV models: BG/NBD for repeat buying and Gamma-Gamma for spend.

Both models are fitted by maximum likelihood with :func:`scipy.optimize.minimize` on the
log-likelihood, written in log space with :mod:`scipy.special` and vectorised over customers.
Customers with the same summary (``frequency``, ``recency``, ``T``) are pooled with a weight
first, which makes the fit on large customer bases fast.

The public names are exported through :mod:`labkit.value` (``lk.fit_bgnbd``,
``lk.BetaGeoModel``, ...).

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

from typing import Any

import numpy as np

from labkit._validate import array_1d, number

__all__ = ["BetaGeoModel", "GammaGammaModel", "fit_bgnbd", "fit_gamma_gamma", "model_clv"]


# ---------------------------------------------------------------- input checks

def _summary_arrays(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate a calibration summary: whole, non-negative frequencies and 0 <= recency <= T."""
    x = array_1d("frequency", frequency)
    t_x = array_1d("recency", recency)
    big_t = array_1d("T", T)
    n = len(x)
    if len(t_x) == 1 and n > 1:
        t_x = np.full(n, t_x[0])
    if len(big_t) == 1 and n > 1:
        big_t = np.full(n, big_t[0])
    if not len(x) == len(t_x) == len(big_t):
        raise ValueError(f"frequency, recency and T must have the same length, got {len(x)}, {len(t_x)} and {len(big_t)}")
    if (x < 0).any() or not np.all(x == np.round(x)):
        bad = x[(x < 0) | (x != np.round(x))][0]
        raise ValueError(f"frequency must be whole numbers >= 0 (repeat purchases), got {bad:g}")
    if (t_x < 0).any():
        raise ValueError(f"recency must be >= 0, got {t_x[t_x < 0][0]:g}")
    if (big_t < 0).any():
        raise ValueError(f"T must be >= 0 (time since the first purchase), got {big_t[big_t < 0][0]:g}")
    over = t_x > big_t + 1e-9
    if over.any():
        i = int(np.argmax(over))
        raise ValueError(f"recency must be <= T (the last purchase cannot come after the end of the period), "
                         f"got recency {t_x[i]:g} > T {big_t[i]:g}")
    if ((x == 0) & (t_x != 0)).any():
        raise ValueError("recency must be 0 for customers with frequency 0 (no repeat purchase)")
    return x, t_x, big_t


def _pool(*columns: np.ndarray) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """Unique rows of ``columns`` and how often each occurs (a weight for the likelihood)."""
    stacked = np.column_stack(columns)
    unique, counts = np.unique(stacked, axis=0, return_counts=True)
    return tuple(unique[:, j] for j in range(unique.shape[1])), counts.astype(float)


def _params_repr(name: str, params: dict[str, float] | None, extra: str = "") -> str:
    if params is None:
        return f"{name}(not fitted)"
    shown = ", ".join(f"{k}={v:.4g}" for k, v in params.items())
    return f"{name}({shown}{extra})"


class _FittedModel:
    """What both models share: fitted ``params_``, ``log_likelihood_``, repr, known parameters."""

    names: tuple[str, ...] = ()
    _fit_call = ""

    def __init__(self):
        self.params_: dict[str, float] | None = None
        self.log_likelihood_: float | None = None
        self.n_customers_: int = 0

    def _store(self, best: np.ndarray, log_likelihood: float, weights: np.ndarray) -> None:
        self.params_ = dict(zip(self.names, map(float, best)))
        self.log_likelihood_ = float(log_likelihood)
        self.n_customers_ = int(weights.sum())

    @property
    def params(self) -> dict[str, float]:
        """The fitted parameters (a copy of ``params_``)."""
        return dict(self._fitted())

    @property
    def log_likelihood(self) -> float:
        """The maximised log-likelihood."""
        self._fitted()
        return self.log_likelihood_

    def _fitted(self) -> dict[str, float]:
        if self.params_ is None:
            raise ValueError(f"this {type(self).__name__} is not fitted yet: call {self._fit_call} first")
        return self.params_

    @classmethod
    def from_params(cls, *values: float):
        """A model with given parameters (e.g. published ones), without fitting."""
        if len(values) != len(cls.names):
            raise ValueError(f"{cls.__name__}.from_params takes {', '.join(cls.names)}; got {len(values)} values")
        m = cls()
        m.params_ = {k: number(k, v, low=0, low_open=True) for k, v in zip(cls.names, values)}
        return m

    def __repr__(self) -> str:
        extra = f", log_likelihood={self.log_likelihood_:.1f}" if self.log_likelihood_ is not None else ""
        return _params_repr(type(self).__name__, self.params_, extra)


def _maximize(loglik_grad, start: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Maximise a weighted log-likelihood over log-parameters with BFGS and the exact gradient.

    ``loglik_grad(theta)`` returns per-customer log-likelihoods and their gradient rows with
    respect to ``theta``; working in ``log(theta)`` keeps every parameter positive.
    """
    from scipy.optimize import minimize

    def objective(logp):
        theta = np.exp(logp)
        ll, grad = loglik_grad(theta)
        value = -(weights @ ll)
        if not np.isfinite(value):
            return 1e300, np.zeros_like(logp)
        return value, -(weights @ grad) * theta

    res = minimize(objective, start, jac=True, method="BFGS", options={"gtol": 1e-6, "maxiter": 1000})
    if not np.isfinite(res.fun) or res.fun >= 1e300:
        raise ValueError("the likelihood could not be maximised: check the summary data")
    return np.exp(res.x)


# ---------------------------------------------------------------- BG/NBD

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


# ---------------------------------------------------------------- Gamma-Gamma

def _spend_arrays(frequency: Any, monetary_value: Any, *, repeat_only: bool) -> tuple[np.ndarray, np.ndarray]:
    x = array_1d("frequency", frequency)
    m = array_1d("monetary_value", monetary_value)
    if len(x) != len(m):
        raise ValueError(f"frequency and monetary_value must have the same length, got {len(x)} and {len(m)}")
    if (x < 0).any() or not np.all(x == np.round(x)):
        raise ValueError("frequency must be whole numbers >= 0 (repeat purchases)")
    if (m < 0).any():
        raise ValueError(f"monetary_value must be >= 0, got {m[m < 0][0]:g}")
    if repeat_only:
        keep = x > 0
        if (m[keep] <= 0).any():
            raise ValueError("monetary_value must be > 0 for customers with repeat purchases")
        x, m = x[keep], m[keep]
        if len(x) < 3:
            raise ValueError(f"Gamma-Gamma needs at least 3 customers with repeat purchases, got {len(x)}")
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
        best = _maximize(lambda theta: _gg_loglik(theta, x, m, gradient=True), np.log([2.0, 2.0, mean]), w)
        self._store(best, w @ _gg_loglik(best, x, m), w)
        return self

    def expected_spend(self, frequency: Any, monetary_value: Any) -> np.ndarray:
        """E[spend per purchase | frequency, mean spend]; the population mean when frequency is 0."""
        p, q, g = self._fitted().values()
        x, m = _spend_arrays(frequency, monetary_value, repeat_only=False)
        return p * (g + x * m) / (p * x + q - 1)

    def population_mean(self) -> float:
        """Mean spend per purchase across customers, p·γ/(q − 1) (needs q > 1)."""
        p, q, g = self._fitted().values()
        if q <= 1:
            raise ValueError(f"the population mean spend is infinite when q <= 1, got q={q:.3g}")
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
    """
    return GammaGammaModel().fit(frequency, monetary_value)


# ---------------------------------------------------------------- model-based CLV

def model_clv(bgnbd: BetaGeoModel, gamma_gamma: GammaGammaModel, frequency: Any, recency: Any, T: Any,
              monetary_value: Any, *, margin: float = 1.0, horizon: int = 52, step: int = 4,
              discount: float = 0.01) -> np.ndarray:
    """Discounted CLV per customer from BG/NBD purchases and Gamma-Gamma spend.

    The horizon is cut into steps of ``step`` periods; the purchases expected in each step
    (from :meth:`BetaGeoModel.expected_purchases`) are valued at the expected spend times
    ``margin`` and discounted by ``discount`` per step, counted at the step's end.

    Parameters
    ----------
    horizon, step : int
        Horizon and step length in the summary's time unit (52 and 4 weeks by default).
    margin : float
        Gross-margin share in (0, 1] (1 gives revenue, not value).
    discount : float
        Discount rate per step (0.01 per 4 weeks ≈ 13.8 % a year).

    Examples
    --------
    >>> bg = BetaGeoModel.from_params(0.243, 4.414, 0.793, 2.426)
    >>> gg = GammaGammaModel.from_params(6.25, 3.74, 15.44)
    >>> round(float(model_clv(bg, gg, 2, 30.43, 38.86, 22.35, margin=0.3)[0]), 2)
    10.81
    """
    margin = number("margin", margin, low=0, low_open=True, high=1)
    discount = number("discount", discount, low=-1, low_open=True)
    horizon = int(number("horizon", horizon, low=0, low_open=True))
    step = int(number("step", step, low=0, low_open=True))
    spend = gamma_gamma.expected_spend(frequency, monetary_value)
    total, before = np.zeros_like(spend), np.zeros_like(spend)
    for k, end in enumerate(range(step, horizon + step, step), start=1):
        now = bgnbd.expected_purchases(min(end, horizon), frequency, recency, T)
        total += (now - before) / (1 + discount) ** k
        before = now
    return total * spend * margin
