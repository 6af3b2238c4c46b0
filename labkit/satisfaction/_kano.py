"""The Kano model (KANO模型): the evaluation table, one respondent's category and the Better/Worse summary."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from labkit import _validate as v
from labkit.curriculum import KANO_ANSWERS
from labkit.labels import find_term
from labkit.satisfaction._tables import KANO_CATEGORIES
from labkit.errors import bilingual

__all__ = ['KANO_TABLE', 'kano_category', 'kano_summary']


# Kano evaluation table (Berger et al. 1993, Center for Quality Management Journal 2(4), Table 1;
# Matzler & Hinterhuber 1998): rows = functional answer, columns = dysfunctional answer, both
# in the order like, must-be, neutral, live-with, dislike.
_KANO_ROWS = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")


KANO_TABLE: dict[tuple[str, str], str] = {
    (f.code, d.code): _KANO_ROWS[i][j]
    for i, f in enumerate(KANO_ANSWERS) for j, d in enumerate(KANO_ANSWERS)
}


def _kano_code(answer: Any, name: str) -> str:
    return find_term(KANO_ANSWERS, answer, name=name).code


def kano_category(functional: str, dysfunctional: str) -> str:
    """Kano category of one answer pair from the Kano evaluation table (Berger et al. 1993).

    Parameters
    ----------
    functional, dysfunctional : str
        Answers to "how do you feel if the feature is present / absent?": like, must-be,
        neutral, live-with, dislike (or their Chinese forms 喜欢, 理所当然, 无所谓, 能忍受, 不喜欢).

    Returns
    -------
    str
        "A" attractive, "O" one-dimensional, "M" must-be, "I" indifferent, "R" reverse or
        "Q" questionable (see :data:`KANO_CATEGORIES`).

    Examples
    --------
    >>> kano_category("like", "neutral"), kano_category("无所谓", "不喜欢")
    ('A', 'M')
    >>> kano_category("love", "dislike")
    Traceback (most recent call last):
    ...
    ValueError: functional must be one of like, must-be, neutral, live-with, dislike (or their English/Chinese labels); got 'love'
    functional 必须是 like, must-be, neutral, live-with, dislike (or their English/Chinese labels) 之一，收到的是 'love'
    """
    return KANO_TABLE[(_kano_code(functional, "functional"), _kano_code(dysfunctional, "dysfunctional"))]


def _kano_codes(values: Iterable[Any], name: str) -> np.ndarray:
    """Answer codes for many answers at once (codes, English or Chinese labels)."""
    lookup = {}
    for t in KANO_ANSWERS:
        lookup.update({t.code: t.code, t.zh: t.code, t.en.lower(): t.code})
    texts = [str(x).strip() for x in values]
    codes = [lookup.get(t, lookup.get(t.lower())) for t in texts]
    for text, code in zip(texts, codes):
        if code is None:
            _kano_code(text, name)  # raises the standard "must be one of" message
    return np.array(codes, dtype=object)


def kano_summary(pairs: Any) -> pd.DataFrame:
    """Tally Kano categories per attribute, pick the category by mode, and Berger's coefficients.

    Parameters
    ----------
    pairs : DataFrame or dict
        Either a survey table with columns ``kano_<attribute>_functional`` and
        ``kano_<attribute>_dysfunctional`` (as in ``load_survey()``), a dict
        ``{attribute: list of (functional, dysfunctional) pairs}``, or one attribute's list of
        pairs (reported as attribute "attribute").

    Returns
    -------
    pandas.DataFrame
        Indexed by attribute: counts of A, O, M, I, R, Q, ``n``, ``category`` (the most frequent;
        ties broken in the order M > O > A > I > R > Q), ``better = (A + O) / (A + O + M + I)`` and
        ``worse = -(O + M) / (A + O + M + I)`` (Berger et al. 1993).

    Examples
    --------
    >>> t = kano_summary({"speed": [("like", "dislike")] * 3 + [("like", "neutral")]})
    >>> row = t.loc["speed"]
    >>> int(row["O"]), int(row["A"]), row["category"], float(row["better"]), float(row["worse"])
    (3, 1, 'O', 1.0, -0.75)
    """
    if isinstance(pairs, pd.DataFrame):
        attrs = [c[len("kano_"):-len("_functional")] for c in pairs.columns
                 if c.startswith("kano_") and c.endswith("_functional")]
        if not attrs:
            raise ValueError(bilingual("pairs has no kano_<attribute>_functional columns"))
        v.require_columns(pairs, [f"kano_{a}_dysfunctional" for a in attrs], "pairs")
        data = {a: (pairs[f"kano_{a}_functional"], pairs[f"kano_{a}_dysfunctional"]) for a in attrs}
    else:
        if isinstance(pairs, (list, tuple)) and pairs and all(isinstance(p, (tuple, list)) and len(p) == 2
                                                             and all(isinstance(e, str) for e in p) for p in pairs):
            pairs = {"attribute": list(pairs)}      # one attribute's answers, the most natural input
        if not isinstance(pairs, Mapping):
            raise TypeError("pairs must be a survey DataFrame, a dict {attribute: list of (functional, "
                            "dysfunctional) pairs} or one attribute's list of pairs, "
                            f"got {type(pairs).__name__} {pairs!r}"[:300])
        if not pairs:
            raise ValueError(bilingual("pairs must not be empty: give at least one attribute's answers"))
        data = {}
        for a, lst in pairs.items():
            lst = list(lst)
            if not lst or any(not (isinstance(p, (tuple, list)) and len(p) == 2) for p in lst):
                raise ValueError(bilingual(f"pairs[{a!r}] must be a non-empty list of (functional, dysfunctional) pairs"))
            data[a] = ([p[0] for p in lst], [p[1] for p in lst])
    table = pd.Series(KANO_TABLE)
    cats = list(KANO_CATEGORIES)
    rows = {}
    for a, (f, d) in data.items():
        fc, dc = _kano_codes(f, "functional"), _kano_codes(d, "dysfunctional")
        got = table.reindex(pd.MultiIndex.from_arrays([fc, dc])).to_numpy()
        counts = {c: int((got == c).sum()) for c in cats}
        order = ["M", "O", "A", "I", "R", "Q"]
        best = max(order, key=lambda c: (counts[c], -order.index(c)))
        base = counts["A"] + counts["O"] + counts["M"] + counts["I"]
        better = (counts["A"] + counts["O"]) / base if base else 0.0
        worse = -(counts["O"] + counts["M"]) / base if base else 0.0
        rows[a] = {**counts, "n": len(fc), "category": best, "better": better, "worse": worse}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "attribute"
    return out
