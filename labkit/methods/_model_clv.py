"""Model-based CLV: BG/NBD expected purchases times Gamma-Gamma expected spend, discounted."""
from __future__ import annotations

from typing import Any

import numpy as np

from labkit._validate import number
from labkit.methods._bgnbd import BetaGeoModel
from labkit.methods._gamma_gamma import GammaGammaModel

__all__ = ['model_clv']


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
