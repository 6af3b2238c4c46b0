"""Winning back lost customers (客户挽回): the decision and the plan."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from labkit._validate import array_1d, finite_result, one_of, probability
from labkit.relationships._customer_value import _positive
from labkit.relationships._tables import CHURNED_TYPES, _codes
from labkit.errors import bilingual

__all__ = ['WinbackDecision', 'winback_decision', 'winback_plan']


@dataclass(frozen=True)
class WinbackDecision:
    """The cost–benefit of winning back one lost customer."""

    value: float
    p_success: float
    cost: float
    expected_benefit: float
    net: float
    pursue: bool
    reason_en: str
    reason_zh: str

    def __repr__(self) -> str:
        verdict = "pursue" if self.pursue else "do not pursue"
        return (f"WinbackDecision(expected_benefit={self.expected_benefit:,.2f}, net={self.net:,.2f}, "
                f"{verdict}: {self.reason_en})")


def winback_decision(value: float, p_success: float, cost: float, *, churn_type: str | None = None,
                     give_up_below: float | None = None) -> WinbackDecision:
    """Should we try to win this customer back? Pursue when p × value − cost > 0.

    Parameters
    ----------
    value : float
        What the customer is worth if won back (e.g. a CLV).
    p_success : float
        Probability the win-back succeeds, in [0, 1].
    cost : float
        Cost of the win-back effort.
    churn_type : str, optional
        One of :data:`CHURNED_TYPES` codes. Customers forced to leave (relocation,
        bankruptcy...) are usually not recoverable, so they are not pursued whatever the numbers.
    give_up_below : float, optional
        Win-back method 2 (分门别类,区别对待, seed 003): "for low-value customers who left for
        their own reasons, consider giving up". A customer of type ``"left"`` worth less than
        this value is not pursued. The seed gives no threshold, so there is no default.

    Examples
    --------
    >>> winback_decision(3000, 0.3, 500)
    WinbackDecision(expected_benefit=900.00, net=400.00, pursue: expected benefit exceeds the cost)
    >>> winback_decision(3000, 0.3, 500, churn_type="forced").pursue
    False
    >>> winback_decision(200, 0.9, 50, churn_type="left", give_up_below=500)
    WinbackDecision(expected_benefit=180.00, net=130.00, do not pursue: a low-value customer who left on their own: consider giving up)
    >>> winback_decision(3000, 1.5, 500)
    Traceback (most recent call last):
    ...
    ValueError: p_success must be in [0, 1], got 1.5
    p_success 必须在 0 到 1 之间（含 0 和 1），收到的是 1.5
    """
    v = _positive("value", value)
    p = probability("p_success", p_success)
    c = _positive("cost", cost)
    if churn_type is not None:
        one_of("churn_type", churn_type, _codes(CHURNED_TYPES))
    floor = None if give_up_below is None else _positive("give_up_below", give_up_below)
    benefit = finite_result("the expected benefit", p * v, "value")
    net = benefit - c
    if churn_type == "forced":
        pursue, en, zh = False, "customers forced to leave are usually not recoverable", "被迫离开的客户通常无法挽回"
    elif churn_type == "left" and floor is not None and v < floor:
        pursue, en, zh = (False, "a low-value customer who left on their own: consider giving up",
                          "低价值且因自身原因流失的客户：可考虑放弃")
    elif net > 0:
        pursue, en, zh = True, "expected benefit exceeds the cost", "预期收益高于赢返成本"
    else:
        pursue, en, zh = False, "the cost is not covered by the expected benefit", "预期收益不足以弥补赢返成本"
    return WinbackDecision(v, p, c, benefit, net, pursue, en, zh)


def winback_plan(value, p_success, cost) -> pd.DataFrame:
    """:func:`winback_decision` for many customers at once (arrays or scalars broadcast).

    Examples
    --------
    >>> winback_plan([1000, 5000], 0.4, 800)["pursue"].tolist()
    [False, True]
    """
    v = array_1d("value", value)
    arrays = {}
    for name, x in (("p_success", p_success), ("cost", cost)):
        arr = array_1d(name, x)
        if arr.size not in (1, v.size):
            raise ValueError(bilingual(f"{name} must be one number or one per customer ({v.size}), got {arr.size} values"))
        arrays[name] = np.broadcast_to(arr, v.shape)
    p, c = arrays["p_success"], arrays["cost"]
    for name, arr in (("value", v), ("cost", c)):
        if (arr < 0).any():
            raise ValueError(bilingual(f"{name} must be >= 0, got {arr[arr < 0][0]:g}"))
    if ((p < 0) | (p > 1)).any():
        raise ValueError(bilingual(f"p_success must be in [0, 1], got {p[(p < 0) | (p > 1)][0]:g}"))
    benefit = finite_result("the expected benefit", p * v, "value")
    index = value.index if isinstance(value, pd.Series) else None
    return pd.DataFrame({"value": v, "p_success": p, "cost": c, "expected_benefit": benefit,
                         "net": benefit - c, "pursue": benefit - c > 0}, index=index)
