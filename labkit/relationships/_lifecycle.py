"""The customer lifecycle (客户生命周期): stages of a purchase history and its pattern."""
from __future__ import annotations

import numpy as np

from labkit._validate import array_1d, integer, probability
from labkit.errors import bilingual

__all__ = ['lifecycle_stages', 'lifecycle_stage', 'lifecycle_pattern']


def lifecycle_stages(volumes, *, explore_level: float = 0.3, stable_level: float = 0.8,
                     min_plateau: int = 2) -> list[str]:
    """The lifecycle stage of every period of a customer's transaction-volume series.

    Rule (illustrative; the seeds give no thresholds), relative to the series' peak P:

    * stability (稳定期): from the first to the last period with volume ≥ ``stable_level`` × P,
      provided at least ``min_plateau`` periods reach that level (otherwise the relationship
      was still growing, so those periods count as formation);
    * before stability: exploration (考察期) until the volume has grown above its first value
      and reached ``explore_level`` × P, then formation (形成期);
    * after stability: decline (退化期).

    Examples
    --------
    >>> lifecycle_stages([1, 2, 6, 9, 10, 10, 9, 5, 2])
    ['exploration', 'exploration', 'formation', 'stability', 'stability', 'stability', 'stability', 'decline', 'decline']
    """
    v = array_1d("volumes", volumes)
    if (v < 0).any():
        raise ValueError(bilingual(f"volumes must be >= 0, got {v[v < 0][0]:g}"))
    lo = probability("explore_level", explore_level)
    hi = probability("stable_level", stable_level)
    if lo > hi:
        raise ValueError(bilingual(f"explore_level must be <= stable_level, got {lo} and {hi}"))
    plateau = integer("min_plateau", min_plateau, low=1)
    peak = v.max()
    if peak == 0:
        return ["exploration"] * v.size
    high = np.flatnonzero(v >= hi * peak)
    if high.size >= plateau:
        first, last = high[0], high[-1]
    else:
        first = last = v.size  # no plateau yet
    first_value = v[np.flatnonzero(v > 0)[0]]
    stages = []
    for i, x in enumerate(v):
        if i > last:
            stages.append("decline")
        elif i >= first:
            stages.append("stability")
        elif (x < lo * peak or x <= first_value) and "formation" not in stages:
            stages.append("exploration")
        else:
            stages.append("formation")
    # a fall after the peak with no plateau is a decline, not formation
    if high.size < plateau:
        top = int(np.argmax(v))
        stages[top + 1:] = ["decline" if v[j] < v[top] else stages[j] for j in range(top + 1, v.size)]
    return stages


def lifecycle_stage(volumes, **thresholds) -> str:
    """The current (latest) lifecycle stage; thresholds as in :func:`lifecycle_stages`.

    Examples
    --------
    >>> lifecycle_stage([1, 3, 6])
    'formation'
    >>> lifecycle_stage([2, 8, 10, 10, 4])
    'decline'
    """
    return lifecycle_stages(volumes, **thresholds)[-1]


def lifecycle_pattern(volumes, *, long_periods: int = 6, end_level: float = 0.0, **thresholds) -> str:
    """Which of the four lifecycle patterns a (finished or ongoing) relationship follows.

    The relationship has *ended* when its last volume is ≤ ``end_level`` × peak. Then:
    it never left exploration → early abortion (早期流产型); it reached formation but not
    stability → mid-way death (中途夭折型); it reached stability for fewer than
    ``long_periods`` periods → early exit (提前退出型). At least ``long_periods`` periods of
    stability → long-lasting (长久保持型), ended or not. An ongoing relationship with a shorter
    history is "too_early".

    Examples
    --------
    >>> lifecycle_pattern([2, 1, 0])
    'early_abortion'
    >>> lifecycle_pattern([1, 4, 10, 3, 0])
    'midway_death'
    >>> lifecycle_pattern([1, 4, 9, 10, 10, 9, 10, 9, 10])
    'long_lasting'
    """
    v = array_1d("volumes", volumes)
    n_long = integer("long_periods", long_periods, low=1)
    stages = lifecycle_stages(v, **thresholds)
    n_stable = stages.count("stability")
    if n_stable >= n_long:
        return "long_lasting"
    ended = v[-1] <= probability("end_level", end_level) * v.max() and v.size > 1
    if not ended:
        return "too_early"
    if n_stable:
        return "early_exit"
    return "midway_death" if "formation" in stages else "early_abortion"
