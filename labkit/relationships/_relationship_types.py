"""Kotler's five relationship types (客户关系类型) and the choice matrix."""
from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

from labkit._validate import integer, number, one_of
from labkit._validate import names as _names
from labkit.labels import Term
from labkit.relationships._tables import (
    _KOTLER_ORIGINAL_MANY_LOW,
    CUSTOMER_COUNT_LEVELS,
    KOTLER_MATRIX,
    MARGIN_LEVELS,
    RELATIONSHIP_TYPES,
    _codes,
)
from labkit.errors import bilingual

__all__ = ['relationship_type', 'relationship_cell', 'relationship_matrix', 'relationship_term']


def _level(name: str, value: Any, levels: Sequence[str], cuts: tuple[float, float], names: tuple[str, str, str],
           *, integer_only: bool = False) -> str:
    """Map a label or a number to a level; ``names`` = (below cuts[0], between, at or above cuts[1])."""
    if isinstance(value, str):
        return one_of(name, value.strip().lower(), levels)
    x = integer(name, value, low=0) if integer_only else number(name, value)
    lo, hi = cuts
    return names[0] if x < lo else names[2] if x >= hi else names[1]


def relationship_type(customers: str | int, margin: str | float, *, original_kotler: bool = False,
                      customer_cuts: tuple[int, int] = (100, 100_000),
                      margin_cuts: tuple[float, float] = (0.10, 0.30)) -> str:
    """Kotler's relationship type for a number of customers and a product margin.

    Parameters
    ----------
    customers : {"many", "medium", "few"} or int
        A level, or a count of customers: fewer than ``customer_cuts[0]`` is "few", at least
        ``customer_cuts[1]`` is "many", anything between is "medium".
    margin : {"high", "medium", "low"} or float
        A level, or the marginal profit as a fraction of price: below ``margin_cuts[0]`` is
        "low", at least ``margin_cuts[1]`` is "high". The seeds give no thresholds; these
        defaults are illustrative and adjustable.
    original_kotler : bool
        Kotler's own table reads "basic or reactive" for many customers with a low margin;
        Chinese textbooks read "basic" (the default).

    Returns
    -------
    str
        "basic", "reactive", "accountable", "proactive" or "partnership" (or "basic or
        reactive" for the original Kotler reading of many/low).

    Examples
    --------
    >>> relationship_type(120_000_000, "low")     # 极简科技
    'basic'
    >>> relationship_type(5, 0.6)                 # 宏图制造, 60% margin
    'partnership'
    >>> relationship_type("many", "low", original_kotler=True)
    'basic or reactive'
    >>> relationship_type(-3, "low")
    Traceback (most recent call last):
    ...
    ValueError: customers must be >= 0, got -3
    customers 必须 ≥ 0，收到的是 -3
    """
    c, m = relationship_cell(customers, margin, customer_cuts=customer_cuts, margin_cuts=margin_cuts)
    if original_kotler and (c, m) == ("many", "low"):
        return _KOTLER_ORIGINAL_MANY_LOW
    return KOTLER_MATRIX[c][m]


def relationship_cell(customers: str | int, margin: str | float, *, customer_cuts: tuple[int, int] = (100, 100_000),
                      margin_cuts: tuple[float, float] = (0.10, 0.30)) -> tuple[str, str]:
    """The matrix cell (customers level, margin level) of labels or numbers; see :func:`relationship_type`.

    Examples
    --------
    >>> relationship_cell(5000, 0.2)
    ('medium', 'medium')
    """
    for name, cuts in (("customer_cuts", customer_cuts), ("margin_cuts", margin_cuts)):
        if len(_names(name, cuts, kind="two cut-off numbers")) != 2:
            raise ValueError(bilingual(f"{name} must be a pair (low, high), got {cuts!r}"))
    c_lo, c_hi = (integer("customer_cuts", v, low=0) for v in customer_cuts)
    m_lo, m_hi = (number("margin_cuts", v) for v in margin_cuts)
    if c_lo > c_hi or m_lo > m_hi:
        raise ValueError(f"cuts must be in increasing order, got customer_cuts={customer_cuts!r}, "
                         f"margin_cuts={margin_cuts!r}")
    c = _level("customers", customers, _codes(CUSTOMER_COUNT_LEVELS), (c_lo, c_hi), ("few", "medium", "many"),
               integer_only=True)
    if not isinstance(margin, str):
        number("margin", margin, low=-1, high=1)
    m = _level("margin", margin, _codes(MARGIN_LEVELS), (m_lo, m_hi), ("low", "medium", "high"))
    return c, m


def relationship_term(code: str) -> Term:
    """The bilingual :class:`Term` of a relationship type code.

    Examples
    --------
    >>> relationship_term("partnership").zh
    '伙伴型'
    """
    if code == _KOTLER_ORIGINAL_MANY_LOW:
        return Term(code, "Basic or reactive", "基本型或被动型")
    for t in RELATIONSHIP_TYPES:
        if t.code == code:
            return t
    return one_of("code", code, _codes(RELATIONSHIP_TYPES))


def relationship_matrix(*, original_kotler: bool = False, lang: str = "en") -> pd.DataFrame:
    """The 3×3 Kotler matrix: rows = number of customers, columns = marginal profit.

    Examples
    --------
    >>> relationship_matrix().loc["few", "high"]
    'Partnership'
    >>> relationship_matrix(lang="zh").loc["many", "low"]
    '基本型'
    """
    one_of("lang", lang, ("en", "zh"))
    rows = {c: {m: relationship_term(relationship_type(c, m, original_kotler=original_kotler)).text(lang)
                for m in _codes(MARGIN_LEVELS)} for c in _codes(CUSTOMER_COUNT_LEVELS)}
    df = pd.DataFrame.from_dict(rows, orient="index")
    df.index.name, df.columns.name = "customers", "margin"
    return df
