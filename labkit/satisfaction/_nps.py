"""Net Promoter Score (净推荐值): bands, the score from ratings and from counts."""
from __future__ import annotations

from typing import Any

import numpy as np

from labkit import _validate as v
from labkit.labels import Term
from labkit.satisfaction._tables import NPS_BANDS
from labkit.errors import bilingual

__all__ = ['NPSScore', 'nps', 'nps_from_counts', 'nps_band']


class NPSScore(float):
    """A Net Promoter Score (a float in [-100, 100]) that also carries the group shares.

    Attributes ``promoters``, ``passives``, ``detractors`` are shares in [0, 1]; ``n`` is the
    number of respondents.
    """

    promoters: float
    passives: float
    detractors: float
    n: int

    def __new__(cls, promoters: int, passives: int, detractors: int):
        promoters = v.integer("promoters", promoters, low=0)
        passives = v.integer("passives", passives, low=0)
        detractors = v.integer("detractors", detractors, low=0)
        n = promoters + passives + detractors
        if n == 0:
            raise ValueError(bilingual("promoters + passives + detractors must be > 0, got no respondents (an NPS needs at least one)"))
        obj = super().__new__(cls, 100 * (promoters - detractors) / n)    # exact for any int size
        obj.promoters, obj.passives, obj.detractors, obj.n = promoters / n, passives / n, detractors / n, n
        return obj

    @property
    def shares(self) -> dict[str, float]:
        """Group shares keyed by band code (promoter, passive, detractor)."""
        return {"promoter": self.promoters, "passive": self.passives, "detractor": self.detractors}


def nps_band(score: float) -> Term:
    """The NPS band of one 0-10 answer: promoter (9-10), passive (7-8) or detractor (0-6).

    Examples
    --------
    >>> nps_band(8).code, nps_band(9).zh
    ('passive', '推荐型')
    """
    x = v.number("score", score, low=0, high=10)
    if not x.is_integer():
        raise ValueError(bilingual(f"score must be a whole number from 0 to 10, got {score!r}"))
    for term, low, high in NPS_BANDS:
        if low <= x <= high:
            return term
    raise ValueError(bilingual(f"score must be a whole number from 0 to 10, got {score!r}"))


def nps(scores: Any) -> NPSScore:
    """Net Promoter Score (净推荐值) from 0-10 "how likely to recommend" answers.

    NPS = % promoters (9-10) - % detractors (0-6), on a -100...+100 scale.

    Examples
    --------
    >>> r = nps([10, 9, 8, 7, 6, 0])
    >>> round(float(r), 2), round(r.promoters, 3)
    (0.0, 0.333)
    >>> nps([11])
    Traceback (most recent call last):
    ...
    ValueError: scores must be whole numbers from 0 to 10; found 11
    """
    x = v.array_1d("scores", scores)
    bad = x[(x < 0) | (x > 10) | (x != np.round(x))]
    if bad.size:
        raise ValueError(bilingual(f"scores must be whole numbers from 0 to 10; found {bad[0]:g}"))
    return NPSScore(int((x >= 9).sum()), int(((x >= 7) & (x <= 8)).sum()), int((x <= 6).sum()))


def nps_from_counts(promoters: int, passives: int, detractors: int) -> NPSScore:
    """Net Promoter Score from the number of promoters, passives and detractors.

    Examples
    --------
    >>> nps_from_counts(30, 40, 30)
    0.0
    >>> nps_from_counts(60, 80, 60).passives
    0.4
    """
    return NPSScore(promoters, passives, detractors)
