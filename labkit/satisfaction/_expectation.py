"""The expectation-perception model: perceived against expected quality (期望与感知)."""
from __future__ import annotations

from labkit import _validate as v
from labkit.labels import Term
from labkit.satisfaction._tables import EXPECTATION_OUTCOMES

__all__ = ['expectation_gap']


def expectation_gap(q0: float, q1: float, *, tol: float = 0) -> Term:
    """Classify a customer by the expectation-perception model (期望-感知模型).

    Parameters
    ----------
    q0, q1 : float
        Expectation before buying and perception after buying, on the same scale.
    tol : float
        Differences with ``|q1 - q0| <= tol`` count as equal ("no particular feeling").

    Returns
    -------
    Term
        ``delighted`` (q1 > q0), ``neutral`` (q1 = q0) or ``dissatisfied`` (q1 < q0), from
        :data:`EXPECTATION_OUTCOMES`.

    Examples
    --------
    >>> expectation_gap(4, 4.5).code, expectation_gap(4, 4).zh
    ('delighted', '无感')
    >>> expectation_gap(4, 3.9, tol=0.2).code
    'neutral'
    """
    q0, q1 = v.number("q0", q0), v.number("q1", q1)
    tol = v.number("tol", tol, low=0)
    gap = q1 - q0
    if abs(gap) <= tol:
        return EXPECTATION_OUTCOMES[1]
    return EXPECTATION_OUTCOMES[0] if gap > 0 else EXPECTATION_OUTCOMES[2]
