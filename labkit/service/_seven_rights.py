"""The seven Rights of service (7R), the service commitment card and the quality gap."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from labkit._validate import names, number
from labkit.labels import Term, find_term
from labkit.service._tables import (
    COMMITMENT_ELEMENTS,
    COMMITMENT_PROMOTION,
    SEVEN_RIGHTS,
)
from labkit.errors import bilingual

__all__ = ['seven_rights', 'RightsResult', 'quality_gap', 'commitment_card']


@dataclass(frozen=True)
class RightsResult:
    """Seven-Rights checklist result: how many Rights were met, the share, and the missing ones."""

    met: int
    share: float
    missing: tuple[Term, ...]

    def __repr__(self) -> str:
        miss = ", ".join(t.en for t in self.missing) or "none"
        return f"RightsResult(met={self.met}/7, share={self.share:.3f}, missing: {miss})"


def seven_rights(ratings: Mapping[str, Any], *, threshold: float = 4) -> RightsResult:
    """Score a service against the seven Rights (C-2.1).

    Parameters
    ----------
    ratings : mapping
        Right (code, English or Chinese label) → True/False, or a 1–5 rating. A Right left out
        counts as not met. A rating counts as met when it is at least ``threshold``.
    threshold : float
        The lowest 1–5 rating that counts as met.

    Returns
    -------
    RightsResult
        ``met`` (count), ``share`` (met / 7) and the ``missing`` Rights in course order.

    Examples
    --------
    >>> r = seven_rights({"time": True, "place": True, "price": True, "customer": True,
    ...                   "product": True, "wants": True, "channel": False})
    >>> r.met, round(r.share, 3), [t.code for t in r.missing]
    (6, 0.857, ['channel'])
    """
    if not isinstance(ratings, Mapping):
        raise TypeError(bilingual(f"ratings must be a dict of Right -> True/False or 1-5 rating, got {type(ratings).__name__}"))
    threshold = number("threshold", threshold, low=1, high=5)
    met_codes = set()
    for key, value in ratings.items():
        term = find_term(SEVEN_RIGHTS, key, name="ratings key")
        if isinstance(value, (bool, np.bool_)):
            ok = bool(value)
        else:
            ok = number(f"rating of {term.code!r}", value, low=1, high=5) >= threshold
        if ok:
            met_codes.add(term.code)
    missing = tuple(t for t in SEVEN_RIGHTS if t.code not in met_codes)
    return RightsResult(len(met_codes), len(met_codes) / len(SEVEN_RIGHTS), missing)


def commitment_card(promise: str, compensation: str, promiser: str,
                    promotion: Sequence[str] = ("advertising", "posting", "word_of_mouth")) -> str:
    """A formatted service-commitment card for exercise E2.9 (C-2.9).

    Parameters
    ----------
    promise, compensation, promiser : str
        What is promised (承诺事项), how compensation is made (赔偿方式), who promises (承诺主体).
    promotion : sequence of str
        How it is promoted: codes or labels of :data:`COMMITMENT_PROMOTION`.

    Examples
    --------
    >>> print(commitment_card("Delivery within 30 minutes", "The meal is free if late",
    ...                       "The store manager", ["advertising"]))
    Service commitment 服务承诺
      What is promised 承诺事项: Delivery within 30 minutes
      How compensation is made 赔偿方式: The meal is free if late
      Who promises 承诺主体: The store manager
      Promoted by 宣传方式: External advertising (外部广告)
    """
    parts = {"promise": promise, "compensation": compensation, "promiser": promiser}
    for name, value in parts.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(bilingual(f"{name} must be a non-empty text, got {value!r}"))
    if isinstance(promotion, str):
        promotion = [promotion]
    promotion = names("promotion", promotion, kind="channels")
    channels = [find_term(COMMITMENT_PROMOTION, p, name="promotion") for p in promotion]
    if not channels:
        raise ValueError(bilingual("promotion must name at least one channel: advertising, posting or word_of_mouth"))
    lines = ["Service commitment 服务承诺"]
    lines += [f"  {t.en} {t.zh}: {parts[t.code].strip()}" for t in COMMITMENT_ELEMENTS]
    lines.append(f"  Promoted by 宣传方式: {', '.join(str(c) for c in channels)}")
    return "\n".join(lines)


def quality_gap(expected: float, perceived: float) -> float:
    """Gap 5 for one item: perceived − expected (negative = the service fell short) (C-2.6).

    Examples
    --------
    >>> quality_gap(4.5, 3.9)
    -0.6
    """
    return round(number("perceived", perceived) - number("expected", expected), 10)
