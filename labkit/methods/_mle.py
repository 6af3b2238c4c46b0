"""Shared pieces of the probabilistic CLV models: input checks, pooling of equal summaries, maximum likelihood."""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from labkit._validate import array_1d, number
from labkit.errors import FitWarning
from labkit.errors import bilingual


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
        raise ValueError(bilingual(f"frequency, recency and T must have the same length, got {len(x)}, {len(t_x)} and {len(big_t)}"))
    if (x < 0).any() or not np.all(x == np.round(x)):
        bad = x[(x < 0) | (x != np.round(x))][0]
        raise ValueError(bilingual(f"frequency must be whole numbers >= 0 (repeat purchases), got {bad:g}"))
    if (t_x < 0).any():
        raise ValueError(bilingual(f"recency must be >= 0, got {t_x[t_x < 0][0]:g}"))
    if (big_t < 0).any():
        raise ValueError(bilingual(f"T must be >= 0 (time since the first purchase), got {big_t[big_t < 0][0]:g}"))
    over = t_x > big_t + 1e-9
    if over.any():
        i = int(np.argmax(over))
        raise ValueError(f"recency must be <= T (the last purchase cannot come after the end of the period), "
                         f"got recency {t_x[i]:g} > T {big_t[i]:g}")
    if ((x == 0) & (t_x != 0)).any():
        raise ValueError(bilingual("recency must be 0 for customers with frequency 0 (no repeat purchase)"))
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
        self.converged_: bool | None = None

    def _store(self, best: np.ndarray, log_likelihood: float, weights: np.ndarray, converged: bool = True) -> None:
        self.params_ = dict(zip(self.names, map(float, best)))
        self.log_likelihood_ = float(log_likelihood)
        self.n_customers_ = int(weights.sum())
        self.converged_ = bool(converged)

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
            raise ValueError(bilingual(f"this {type(self).__name__} is not fitted yet: call {self._fit_call} first"))
        return self.params_

    @classmethod
    def from_params(cls, *values: float):
        """A model with given parameters (e.g. published ones), without fitting."""
        if len(values) != len(cls.names):
            raise ValueError(bilingual(f"{cls.__name__}.from_params takes {', '.join(cls.names)}; got {len(values)} values"))
        m = cls()
        m.params_ = {k: number(k, v, low=0, low_open=True) for k, v in zip(cls.names, values)}
        m.converged_ = True
        return m

    def __repr__(self) -> str:
        extra = f", log_likelihood={self.log_likelihood_:.1f}" if self.log_likelihood_ is not None else ""
        return _params_repr(type(self).__name__, self.params_, extra)


# Fitted parameters outside this range mean the likelihood ran off to a boundary: the data
# cannot identify the model (one customer, identical customers, everyone buying at T, ...).
_PARAM_RANGE = (1e-6, 1e6)


def _maximize(loglik_grad, start: np.ndarray, weights: np.ndarray, model: str,
              names: tuple[str, ...]) -> tuple[np.ndarray, bool]:
    """Maximise a weighted log-likelihood over log-parameters with BFGS and the exact gradient.

    ``loglik_grad(theta)`` returns per-customer log-likelihoods and their gradient rows with
    respect to ``theta``; working in ``log(theta)`` keeps every parameter positive.

    Returns the parameters and whether the fit converged: the gradient (per customer, in log
    parameters) is near 0 and no parameter ran off towards 0 or infinity. scipy's own
    ``success`` flag is not enough: BFGS reports "precision loss" at many good optima (the
    course data among them), so it only counts together with the gradient. A fit that did
    not converge warns with :class:`labkit.errors.FitWarning`.
    """
    from scipy.optimize import minimize

    def objective(logp):
        theta = np.exp(logp)
        ll, grad = loglik_grad(theta)
        value = -(weights @ ll)
        if not np.isfinite(value):
            return 1e300, np.zeros_like(logp)
        return value, -(weights @ grad) * theta

    with np.errstate(all="ignore"):
        res = minimize(objective, start, jac=True, method="BFGS", options={"gtol": 1e-6, "maxiter": 1000})
    if not np.isfinite(res.fun) or res.fun >= 1e300:
        raise ValueError(f"the {model} likelihood could not be maximised on these data (it is not finite at any "
                         "parameter tried); check the summary data for extreme values")
    theta = np.exp(res.x)
    grad = np.asarray(res.jac, dtype=float) / max(float(weights.sum()), 1.0)
    small_gradient = bool(np.all(np.isfinite(grad)) and np.max(np.abs(grad)) < 1e-3)
    low, high = _PARAM_RANGE
    out = [f"{k}={v:.3g}" for k, v in zip(names, theta) if not low < v < high]
    converged = (res.success or small_gradient) and not out
    if not converged:
        why = (f"parameters ran off to a boundary ({', '.join(out)}): the data cannot identify the model "
               "(too few or too similar customers)" if out else f"the optimiser stopped: {res.message}")
        warnings.warn(f"the {model} fit did not converge: {why}; its predictions are unreliable "
                      "(converged_ is False)", FitWarning, stacklevel=3)
    return theta, converged


def _finite_prediction(what: str, values: np.ndarray, model: "_FittedModel") -> np.ndarray:
    values = np.asarray(values, dtype=float)
    if not np.isfinite(values).all():
        raise ValueError(f"{what} is not a finite number for the model {model!r}: its parameters are degenerate "
                         "(a fit that did not converge, or extreme values); refit on more varied customers")
    return np.maximum(values, 0.0)


def _fit_repeat_buying(model: Any, loglik, frequency: Any, recency: Any, T: Any, *, label: str,
                       need_repeat: bool) -> Any:
    """Fit a BG/NBD-family model (r, alpha, a, b) to summary data by maximum likelihood; returns ``model``.

    ``loglik(theta, x, t_x, T, gradient=False)`` is the model's per-customer log-likelihood.
    ``need_repeat``: the dropout parameters are identified only by repeat purchases (BG/NBD).
    """
    x, t_x, big_t = _summary_arrays(frequency, recency, T)
    if need_repeat and not (x > 0).any():
        raise ValueError("frequency must include at least one customer with a repeat purchase (frequency > 0); "
                         f"all {len(x)} have frequency 0, so the dropout parameters a and b cannot be estimated")
    if not (big_t > 0).any():
        raise ValueError(bilingual("T must be > 0 for at least one customer (time observed since the first purchase)"))
    (x, t_x, big_t), w = _pool(x, t_x, big_t)
    start = np.log([1.0, max(float(np.average(big_t, weights=w)), 1.0), 1.0, 1.0])
    best, ok = _maximize(lambda theta: loglik(theta, x, t_x, big_t, gradient=True), start, w, label, model.names)
    model._store(best, w @ loglik(best, x, t_x, big_t), w, ok)
    return model
