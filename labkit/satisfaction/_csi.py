"""Measuring a CSI (顾客满意度指数): Likert coding, the weighted score and the hierarchy roll-up."""
from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from labkit import _validate as v
from labkit.labels import find_term
from labkit.satisfaction._tables import LIKERT_5, LIKERT_7
from labkit.errors import bilingual

__all__ = ['likert_encode', 'csi_score', 'CSIScore', 'csi_rollup', 'Rollup']


def likert_encode(answers: Any, *, points: int = 5, reverse: bool = False) -> np.ndarray:
    """Turn Likert answers (labels in English or Chinese, codes, or scores) into scores.

    Parameters
    ----------
    answers : str or sequence
        Labels from :data:`LIKERT_5` / :data:`LIKERT_7` ("很满意", "Satisfied", "neutral"...) or
        scores 1...``points``.
    points : {5, 7}
        The scale length.
    reverse : bool
        Reverse-code (score -> points + 1 - score) for negatively worded items.

    Examples
    --------
    >>> likert_encode(["很满意", "Satisfied", "neutral", 2]).tolist()
    [5, 4, 3, 2]
    >>> likert_encode(["很满意"], reverse=True).tolist()
    [1]
    """
    points = v.one_of("points", points, (5, 7))
    scale = LIKERT_5 if points == 5 else LIKERT_7
    values = {t.code: s for t, s in scale}
    items = [answers] if isinstance(answers, (str, numbers.Real)) else v.names("answers", answers, allow_empty=True, kind="answers")
    out = []
    for a in items:
        if isinstance(a, numbers.Real) and not isinstance(a, bool):
            s = v.integer("answers", a)
            if not 1 <= s <= points:
                raise ValueError(bilingual(f"answers must be scores from 1 to {points}, got {a!r}"))
        else:
            s = values[find_term([t for t, _ in scale], a, name="answers").code]
        out.append(points + 1 - s if reverse else s)
    return np.array(out, dtype=int)


def _weights_vector(name: str, weights: Any, n: int | None = None) -> np.ndarray:
    w = v.array_1d(name, list(weights.values()) if isinstance(weights, Mapping) else weights)
    if n is not None and len(w) != n:
        raise ValueError(bilingual(f"{name} must have one weight per score ({n}), got {len(w)}"))
    if (w < 0).any():
        raise ValueError(bilingual(f"{name} must not be negative, got {w.tolist()}"))
    total = float(w.sum())
    if abs(total - 1) > 1e-6:
        extra = " (percentages? divide by 100)" if abs(total - 100) < 1e-4 else ""
        raise ValueError(bilingual(f"{name} must sum to 1, got {total:g}{extra}"))
    return w


@dataclass(frozen=True)
class CSIScore:
    """A weighted CSI on the original scale (``raw``) and rescaled to 0-100 (``index``)."""

    raw: float
    index: float
    points: int

    def __repr__(self) -> str:
        return f"CSIScore(raw={self.raw:.4g}, index={self.index:.4g}/100 on a {self.points}-point scale)"


def csi_score(scores: Any, weights: Any, *, points: int = 5) -> CSIScore:
    """Weighted customer satisfaction index: CSI = sum(w_i * s_i), and its 0-100 rescale.

    ``index = (CSI - 1) / (points - 1) * 100`` for a 1...``points`` scale.

    Examples
    --------
    >>> csi_score([4.2, 3.8, 4.5], [0.5, 0.3, 0.2])
    CSIScore(raw=4.14, index=78.5/100 on a 5-point scale)
    >>> csi_score([4, 4], [0.5, 0.6])
    Traceback (most recent call last):
    ...
    ValueError: weights must sum to 1, got 1.1
    """
    points = v.integer("points", points, low=2)
    if isinstance(scores, Mapping) and isinstance(weights, Mapping):
        # pair by key, never by position: {'a': 4, 'b': 3} with {'b': 0.7, 'a': 0.3} is 4*0.3 + 3*0.7
        extra_w = [k for k in weights if k not in scores]
        extra_s = [k for k in scores if k not in weights]
        if extra_w or extra_s:
            raise ValueError(f"scores and weights must have the same keys; weights has {extra_w} that scores "
                             f"lacks, scores has {extra_s} that weights lacks")
        weights = [weights[k] for k in scores]
    s = v.array_1d("scores", list(scores.values()) if isinstance(scores, Mapping) else scores)
    if ((s < 1) | (s > points)).any():
        raise ValueError(bilingual(f"scores must lie on the 1-{points} scale, got {s.tolist()}"))
    w = _weights_vector("weights", weights, len(s))
    raw = float(s @ w)
    return CSIScore(round(raw, 12), round((raw - 1) / (points - 1) * 100, 10), points)


@dataclass(frozen=True)
class Rollup:
    """A rolled-up indicator hierarchy: the overall ``score`` and one row per node in ``table``."""

    score: float
    table: pd.DataFrame = field(repr=False)


def csi_rollup(tree: Mapping[str, Any]) -> Rollup:
    """Roll question scores up the four-level indicator hierarchy (测评指标体系).

    Parameters
    ----------
    tree : dict
        ``{name: (weight, subtree_or_score)}`` at every level: a subtree is another such dict,
        a leaf is a question's mean score. Weights at each level must sum to 1.

    Returns
    -------
    Rollup
        ``score`` (the level-1 index) and ``table`` with each node's level, path, weight,
        global weight (product of weights down the path) and score.

    Examples
    --------
    >>> tree = {"quality": (0.6, {"reliability": (0.5, 4.0), "design": (0.5, 3.0)}),
    ...         "value": (0.4, {"price fairness": (1.0, 4.5)})}
    >>> r = csi_rollup(tree)
    >>> round(r.score, 3), r.table["score"].round(2).tolist()
    (3.9, [3.5, 4.0, 3.0, 4.5, 4.5])
    """
    rows: list[tuple] = []

    def walk(node: Mapping[str, Any], level: int, path: str, global_w: float) -> float:
        if not isinstance(node, Mapping) or not node:
            raise TypeError(bilingual(f"tree{path or ''} must be a non-empty dict {{name: (weight, subtree or score)}}"))
        pairs = {}
        for name, item in node.items():
            if not (isinstance(item, tuple) and len(item) == 2):
                raise TypeError(f"tree node {path + '/' + str(name)!r} must be a (weight, subtree or score) pair, "
                                f"got {item!r}")
            pairs[name] = item
        _weights_vector(f"weights under {path or 'the index'!r}", [w for w, _ in pairs.values()])
        total = 0.0
        for name, (w, sub) in pairs.items():
            here = f"{path}/{name}"
            start = len(rows)
            rows.append(None)
            score = walk(sub, level + 1, here, global_w * w) if isinstance(sub, Mapping) else \
                v.number(f"score of {here!r}", sub)
            rows[start] = (level, here.lstrip("/"), str(name), float(w), global_w * float(w), score)
            total += float(w) * score
        return total

    score = walk(tree, 2, "", 1.0)
    table = pd.DataFrame(rows, columns=["level", "path", "node", "weight", "global_weight", "score"])
    return Rollup(score, table)
