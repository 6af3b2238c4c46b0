"""Timeliness of recovery (投诉补救的及时性): outcomes and satisfaction of cases closed within a time
limit versus after it, from a complaint log.

Examples
--------
>>> from labkit.datasets import load_complaints
>>> t = recovery_by_speed(load_complaints(), within_hours=96)
>>> list(t.index), list(t.columns)
(['within', 'after'], ['cases', 'share_resolved', 'satisfaction'])
"""
from __future__ import annotations

import pandas as pd

from labkit._validate import number
from labkit.errors import bilingual

__all__ = ["recovery_by_speed"]


def recovery_by_speed(log: pd.DataFrame, within_hours: float = 72.0) -> pd.DataFrame:
    """Closed cases resolved within ``within_hours`` against the slower ones: count, share fully
    resolved and mean satisfaction after recovery (0-10).

    A comparison within one log shows an association, not a cause: slow cases may also be the
    harder ones. (In the course's synthetic log the dependence on speed was built in.)

    Parameters
    ----------
    log : DataFrame
        A complaint log like ``load_complaints()`` (needs status, resolution_hours, outcome,
        satisfaction_after).
    within_hours : float
        The time limit, in hours from receipt to the last step (> 0).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"status": ["closed"] * 3, "resolution_hours": [10, 50, 200],
    ...                     "outcome": ["resolved", "resolved", "partly_resolved"], "satisfaction_after": [9, 8, 4]})
    >>> recovery_by_speed(log, 100).round(2).to_dict("index")["after"]
    {'cases': 1, 'share_resolved': 0.0, 'satisfaction': 4.0}
    >>> recovery_by_speed(log, 500)
    Traceback (most recent call last):
    ...
    ValueError: within_hours=500 puts every closed case within the limit, so there is nothing to compare; choose a limit between 10 and 200 hours
    """
    if not isinstance(log, pd.DataFrame):
        raise TypeError(bilingual(f"log must be a DataFrame like load_complaints(), got {type(log).__name__}"))
    need = ["status", "resolution_hours", "outcome", "satisfaction_after"]
    missing = [c for c in need if c not in log.columns]
    if missing:
        raise ValueError(bilingual(f"log is missing column(s) {', '.join(missing)}; use labkit.datasets.load_complaints()"))
    limit = number("within_hours", within_hours, low=0, low_open=True)
    closed = log[log["status"] == "closed"]
    fast = closed["resolution_hours"] <= limit
    if fast.all() or not fast.any():
        side = "within" if fast.all() else "after"
        raise ValueError(f"within_hours={within_hours!r} puts every closed case {side} the limit, so there is "
                         f"nothing to compare; choose a limit between {closed['resolution_hours'].min():.0f} and "
                         f"{closed['resolution_hours'].max():.0f} hours")
    rows = {}
    for name, part in (("within", closed[fast]), ("after", closed[~fast])):
        rows[name] = {"cases": int(len(part)), "share_resolved": float((part["outcome"] == "resolved").mean()),
                      "satisfaction": float(part["satisfaction_after"].mean())}
    return pd.DataFrame.from_dict(rows, orient="index")[["cases", "share_resolved", "satisfaction"]]
