"""Model-based CLV: BG/NBD expected purchases times Gamma-Gamma expected spend, discounted."""
from __future__ import annotations

from typing import Any

import numpy as np

from labkit._validate import integer, number
from labkit.methods._bgnbd import BetaGeoModel
from labkit.methods._gamma_gamma import GammaGammaModel
from labkit.errors import bilingual

__all__ = ['model_clv']


# Longest horizon model_clv accepts, in the summary's time unit (10,000 weeks is 190 years).
MAX_HORIZON = 10_000


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
        Horizon and step length in the summary's time unit (52 and 4 weeks by default),
        whole numbers with 1 <= step <= horizon <= 10,000.
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
    if not isinstance(bgnbd, BetaGeoModel):
        raise TypeError(bilingual(f"bgnbd must be a BetaGeoModel (from fit_bgnbd), got {type(bgnbd).__name__}"))
    if not isinstance(gamma_gamma, GammaGammaModel):
        raise TypeError(bilingual(f"gamma_gamma must be a GammaGammaModel (from fit_gamma_gamma), got {type(gamma_gamma).__name__}"))
    margin = number("margin", margin, low=0, low_open=True, high=1)
    discount = number("discount", discount, low=-1, low_open=True)
    horizon = integer("horizon", horizon, low=1, high=MAX_HORIZON)
    step = integer("step", step, low=1)
    if step > horizon:
        raise ValueError(bilingual(f"step must be <= horizon ({horizon}), got {step}"))
    spend = gamma_gamma.expected_spend(frequency, monetary_value)
    total, before = np.zeros_like(spend), np.zeros_like(spend)
    for k, end in enumerate(range(step, horizon + step, step), start=1):
        now = bgnbd.expected_purchases(min(end, horizon), frequency, recency, T)
        with np.errstate(over="ignore"):
            factor = np.float64(1 + discount) ** -k
        total += (now - before) * factor
        before = now
    return total * spend * margin
