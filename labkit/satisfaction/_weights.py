"""Indicator weights (权重): expert allocation, direct comparison, paired comparison and the Delphi method."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from labkit import _validate as v
from labkit.errors import bilingual

__all__ = ['expert_weights', 'direct_comparison_weights', 'paired_comparison_weights', 'PairedComparison', 'delphi_summary']


def _labelled_matrix(name: str, matrix: Any) -> pd.DataFrame:
    """A numeric, non-negative DataFrame from a DataFrame, a dict of rows or a 2-D array."""
    if isinstance(matrix, pd.DataFrame):
        df = matrix.copy()
    elif matrix is None or isinstance(matrix, (str, bytes, int, float)):
        raise TypeError(f"{name} must be a table (experts x indicators: a DataFrame, dict of rows or 2-D list), "
                        f"got {type(matrix).__name__} {matrix!r}")
    elif isinstance(matrix, Mapping):
        df = pd.DataFrame({k: dict(row) for k, row in matrix.items()}).T
    else:
        df = pd.DataFrame(matrix)
    if df.empty:
        raise ValueError(bilingual(f"{name} must not be empty"))
    try:
        df = df.astype(float)
    except (TypeError, ValueError):
        raise TypeError(bilingual(f"{name} must contain numbers only")) from None
    if df.isna().any().any():
        raise ValueError(bilingual(f"{name} must not contain missing values"))
    if np.isinf(df.to_numpy()).any():
        raise ValueError(bilingual(f"{name} must contain finite numbers; found an infinite value"))
    if df.columns.duplicated().any():
        raise ValueError(f"{name} must name each indicator once; repeated: "
                         f"{sorted(map(str, set(df.columns[df.columns.duplicated()])))}")
    if (df.to_numpy() < 0).any():
        raise ValueError(bilingual(f"{name} must not contain negative numbers"))
    return df


def expert_weights(matrix: Any, *, authority: Any = None) -> pd.Series:
    """Subjective (expert) weights (主观赋权法): the (authority-weighted) mean of experts' weights.

    Parameters
    ----------
    matrix : 2-D array, DataFrame or dict
        One row per expert, one column per indicator (percentages or fractions).
    authority : sequence, optional
        Each expert's authority weight (need not sum to 1); equal by default.

    Returns
    -------
    pandas.Series
        Final weights, normalised to sum to 1, indexed by indicator.

    Examples
    --------
    >>> experts = {"E1": {"A": 50, "B": 30, "C": 20}, "E2": {"A": 60, "B": 20, "C": 20},
    ...            "E3": {"A": 40, "B": 40, "C": 20}}
    >>> expert_weights(experts).round(3).to_dict()
    {'A': 0.5, 'B': 0.3, 'C': 0.2}
    >>> expert_weights(experts, authority=[1, 2, 1]).round(3).to_dict()
    {'A': 0.525, 'B': 0.275, 'C': 0.2}
    """
    df = _labelled_matrix("matrix", matrix)
    if authority is None:
        a = np.ones(len(df))
    else:
        a = v.array_1d("authority", authority)
        if len(a) != len(df) or (a < 0).any() or a.sum() == 0:
            raise ValueError(f"authority must give one non-negative weight per expert ({len(df)}), "
                             f"got {a.tolist()}")
    x = df.to_numpy() / max(float(df.to_numpy().max()), 1e-300)   # scale first: no overflow, same weights
    mean = (x * (a / a.max())[:, None]).sum(axis=0) / (a / a.max()).sum()
    if mean.sum() == 0:
        raise ValueError(bilingual("matrix must give some indicator a positive weight"))
    return pd.Series(mean / mean.sum(), index=df.columns, name="weight")


def direct_comparison_weights(multiples: Any) -> pd.Series:
    """Direct-comparison weights (直接比较法): w_i = multiple_i / sum of multiples.

    ``multiples`` gives each indicator's importance as a multiple of the least important one
    (the base, 1). A dict keeps the indicator names.

    Examples
    --------
    >>> direct_comparison_weights({"A": 2.5, "B": 1.5, "C": 1}).round(3).to_dict()
    {'A': 0.5, 'B': 0.3, 'C': 0.2}
    """
    names = list(multiples) if isinstance(multiples, Mapping) else None
    m = v.array_1d("multiples", list(multiples.values()) if names else multiples)
    if (m <= 0).any():
        raise ValueError(bilingual(f"multiples must all be > 0, got {m.tolist()}"))
    m = m / m.max()          # the weights do not change, and the sum cannot overflow
    return pd.Series(m / m.sum(), index=names, name="weight")


@dataclass(frozen=True)
class PairedComparison:
    """Paired-comparison scores per indicator and the weights they give."""

    scores: pd.Series
    weights: pd.Series
    plus_one: bool


def paired_comparison_weights(prefs: Mapping[tuple[str, str], str], *, plus_one: bool = True) -> PairedComparison:
    """Paired-comparison weights (对偶比较法).

    Parameters
    ----------
    prefs : dict
        ``{(a, b): winner}`` for every pair of indicators exactly once; ``winner`` is ``a``,
        ``b`` or ``"="`` for equally important. The winner scores 1 and the other 0 (0.5 each
        when equal).
    plus_one : bool
        Add 1 to every score so that no indicator gets weight 0.

    Returns
    -------
    PairedComparison
        ``scores`` and ``weights = scores / sum(scores)``, indexed by indicator.

    Examples
    --------
    >>> prefs = {("A", "B"): "A", ("A", "C"): "A", ("B", "C"): "B"}
    >>> paired_comparison_weights(prefs, plus_one=False).weights.round(3).tolist()
    [0.667, 0.333, 0.0]
    >>> paired_comparison_weights(prefs).weights.round(3).tolist()
    [0.5, 0.333, 0.167]
    """
    if not isinstance(prefs, Mapping) or not prefs:
        raise TypeError(bilingual(f"prefs must be a non-empty dict {{(a, b): winner}}, got {prefs!r}"))
    items: list[str] = []
    for pair in prefs:
        if not (isinstance(pair, tuple) and len(pair) == 2 and pair[0] != pair[1]):
            raise ValueError(bilingual(f"prefs keys must be pairs of two different indicators, got {pair!r}"))
        items += [p for p in pair if p not in items]
    scores = dict.fromkeys(items, 0.0)
    seen = set()
    for (a, b), winner in prefs.items():
        key = frozenset((a, b))
        if key in seen:
            raise ValueError(bilingual(f"pair {(a, b)!r} is compared twice"))
        seen.add(key)
        if winner == "=":
            scores[a] += 0.5
            scores[b] += 0.5
        elif winner in (a, b):
            scores[winner] += 1
        else:
            raise ValueError(bilingual(f"the winner of {(a, b)!r} must be {a!r}, {b!r} or '=', got {winner!r}"))
    n = len(items)
    if len(seen) != n * (n - 1) // 2:
        raise ValueError(f"prefs must compare every pair of the {n} indicators once "
                         f"({n * (n - 1) // 2} pairs), got {len(seen)}")
    s = pd.Series(scores, name="score") + (1 if plus_one else 0)
    return PairedComparison(s, (s / s.sum()).rename("weight"), bool(plus_one))


def _is_one_round(rounds: Any) -> bool:
    """True for one experts x indicators matrix, False for a list of such matrices."""
    if isinstance(rounds, (pd.DataFrame, Mapping)):
        return True
    if isinstance(rounds, np.ndarray):
        return rounds.ndim == 2
    if isinstance(rounds, (list, tuple)) and rounds:
        row = rounds[0]
        if isinstance(row, (pd.DataFrame, Mapping)):
            return False
        if isinstance(row, np.ndarray):
            return row.ndim == 1
        if isinstance(row, (list, tuple)):
            return all(not isinstance(e, (list, tuple, np.ndarray, Mapping, pd.DataFrame)) for e in row)
    return False


def delphi_summary(rounds: Any, *, ddof: int = 1, cv_max: float = 0.25) -> pd.DataFrame:
    """Summarise Delphi rounds (德尔菲法): per round and indicator, centre, spread and convergence.

    Parameters
    ----------
    rounds : matrix or list of matrices
        Each round is experts x indicators (DataFrame, dict or 2-D array).
    ddof : {0, 1}
        Standard deviation with ``n - ddof`` in the denominator (1 = sample, 0 = population).
    cv_max : float
        An indicator has converged when its coefficient of variation (sd / mean) is at most
        ``cv_max`` (a rule of thumb; 0.25 by default).

    Examples
    --------
    >>> t = delphi_summary([[50, 30, 20], [60, 20, 20], [40, 40, 20]])
    >>> t["mean"].tolist(), t["sd"].tolist(), t["converged"].tolist()
    ([50.0, 30.0, 20.0], [10.0, 10.0, 0.0], [True, False, True])
    """
    ddof = v.one_of("ddof", ddof, (0, 1))
    cv_max = v.number("cv_max", cv_max, low=0)
    if _is_one_round(rounds):
        rounds = [rounds]
    rounds = v.names("rounds", rounds, kind="rounds (one experts x indicators table each)")      # a list of rounds; experts may join or drop out between them
    rows = []
    first = None
    for r, m in enumerate(rounds, start=1):
        df = _labelled_matrix(f"rounds[{r - 1}]", m)
        if first is None:
            first = list(df.columns)
        elif list(df.columns) != first:
            raise ValueError(f"rounds must all rate the same indicators; round 1 has {first}, "
                             f"round {r} has {list(df.columns)}")
        if len(df) < 1 + ddof:
            raise ValueError(bilingual(f"round {r} needs at least {1 + ddof} experts for ddof={ddof}, got {len(df)}"))
        for col in df.columns:
            x = df[col].to_numpy()
            mean, sd = float(x.mean()), float(x.std(ddof=ddof))
            cv = sd / mean if mean > 0 else (0.0 if sd == 0 else float("inf"))
            rows.append((r, col, mean, float(np.median(x)), sd, cv, bool(cv <= cv_max)))
    return pd.DataFrame(rows, columns=["round", "indicator", "mean", "median", "sd", "cv", "converged"])
