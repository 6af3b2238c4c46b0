"""Business process reengineering (业务流程再造): the complaint recovery process before and after."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from labkit._validate import dataframe, integer, names, number, numeric_columns, one_of
from labkit._validate import seed as _seed
from labkit.curriculum import RECOVERY_STEPS
from labkit.labels import find_term
from labkit.errors import bilingual

__all__ = ['ProcessComparison', 'recovery_process', 'redesign_process', 'compare_processes', 'simulate_process']


# Median hours per recovery step observed in the complaints data set (manual process, rounded)
# and an illustrative cost per step (yuan of staff time).
_MANUAL = {"record": (0.25, 8), "judge": (0.9, 20), "assign": (1.7, 15), "analyse": (6.9, 60),
           "propose": (4.9, 45), "approve": (12.2, 30), "implement": (16.6, 120), "evaluate": (5.5, 25)}


# Automated routing (CSA, illustrative): a ticket form records, a classifier judges and routes,
# pre-approved remedies skip the leader's sign-off when the amount is small.
_AUTOMATED = {"record": (0.05, 1), "judge": (0.1, 2), "assign": (0.05, 1), "approve": (1.0, 8)}


def recovery_process(automated: Sequence[str] | str | None = None, *, auto_approve_share: float = 0.8):
    """The eight-step complaint recovery as a process table, optionally with CSA automation.

    Manual step times are the medians of the complaints data set; costs and the automated
    times are illustrative (C-5.4).

    Parameters
    ----------
    automated : sequence of str or "routing" or "all", optional
        Steps to automate (codes of ``RECOVERY_STEPS`` that have an automated version:
        record, judge, assign, approve). "routing" means record + judge + assign; "all"
        means all four.
    auto_approve_share : float
        When "approve" is automated, the share of cases small enough to be auto-approved;
        the rest still wait for the leader.

    Returns
    -------
    pandas.DataFrame
        One row per step (index = step code): ``step`` (English), ``step_zh``, ``hours``,
        ``cost``, ``automated``.

    Examples
    --------
    >>> p = recovery_process("routing")
    >>> round(float(p["hours"].sum()), 2), int(p["automated"].sum())
    (46.3, 3)
    """
    import pandas as pd

    if automated is None:
        chosen: set[str] = set()
    elif isinstance(automated, str):
        presets = {"routing": {"record", "judge", "assign"}, "all": set(_AUTOMATED), "none": set()}
        chosen = set(presets[one_of("automated", automated, list(presets))])
    else:
        chosen = {find_term(RECOVERY_STEPS, s, name="automated step").code
                  for s in names("automated", automated, allow_empty=True, kind="step codes")}
        bad = sorted(chosen - set(_AUTOMATED))
        if bad:
            raise ValueError(f"automated steps must be among {', '.join(_AUTOMATED)}; "
                             f"{', '.join(bad)} has no automated version")
    share = number("auto_approve_share", auto_approve_share, low=0, high=1)
    rows = []
    for t in RECOVERY_STEPS:
        hours, cost = _MANUAL[t.code]
        if t.code in chosen:
            a_hours, a_cost = _AUTOMATED[t.code]
            if t.code == "approve":  # only the small cases skip the leader
                a_hours = share * a_hours + (1 - share) * hours
                a_cost = share * a_cost + (1 - share) * cost
            hours, cost = a_hours, a_cost
        rows.append((t.code, t.en, t.zh, hours, cost, t.code in chosen))
    df = pd.DataFrame(rows, columns=["code", "step", "step_zh", "hours", "cost", "automated"])
    return df.set_index("code")


def redesign_process(small_share: float = 0.6, *, first_contact_hours: float = 1.0,
                     first_contact_cost: float = 40.0, route_large: bool = True, large_process=None):
    """A *redesigned* recovery process: front-line staff settle small cases at first contact.

    Automation (:func:`recovery_process`) speeds up the same eight steps; reengineering changes
    the steps. Here the front-line employee who takes a small complaint is empowered to settle
    it at once (「提高一线员工处理投诉的水平：培训技巧、赋予权利」): analyse, propose, leader's
    approval and departmental implementation disappear for those cases. Large cases keep the
    eight steps (with automated routing when ``route_large``). The table gives the *expected*
    hours and cost per case, each path weighted by its share of cases. The times and costs of
    the first-contact settlement are illustrative.

    Parameters
    ----------
    small_share : float
        Share of complaints small enough to settle at first contact (0–1).
    first_contact_hours, first_contact_cost : float
        Time and cost of a first-contact settlement (staff time plus the remedy budget).
    route_large : bool
        Whether large cases use automated routing (record, judge, assign).
    large_process : DataFrame, optional
        The process large cases follow (a table from :func:`recovery_process`); overrides
        ``route_large``.

    Returns
    -------
    pandas.DataFrame
        Like :func:`recovery_process`, with a first row ``settle`` and a column ``share``
        (the share of cases that pass through each step).

    Examples
    --------
    >>> r = redesign_process(0.6)
    >>> round(float(r["hours"].sum()), 2)
    19.12
    >>> round(compare_processes(recovery_process(), r).time_reduction, 2)
    0.61
    """
    import pandas as pd

    share = number("small_share", small_share, low=0, high=1)
    hours = number("first_contact_hours", first_contact_hours, low=0)
    cost = number("first_contact_cost", first_contact_cost, low=0)
    if large_process is None:
        large = recovery_process("routing" if route_large else None)
    else:
        missing = {"step", "step_zh", "hours", "cost", "automated"} - set(getattr(large_process, "columns", ()))
        if missing:
            raise ValueError(bilingual(f"large_process must be a process table from recovery_process; missing {sorted(missing)}"))
        large = large_process
    rows = [("settle", "Settle at first contact (empowered front line)", "一线员工首问解决（授权）",
             share * hours, share * cost, False, share)]
    for code, r in large.iterrows():
        rows.append((code, r["step"], r["step_zh"], (1 - share) * r["hours"], (1 - share) * r["cost"],
                     bool(r["automated"]), 1 - share))
    df = pd.DataFrame(rows, columns=["code", "step", "step_zh", "hours", "cost", "automated", "share"])
    return df.set_index("code")


@dataclass(frozen=True)
class ProcessComparison:
    """Before/after figures of a reengineered process."""

    hours_before: float
    hours_after: float
    cost_before: float
    cost_after: float
    steps_automated: int

    @property
    def hours_saved(self) -> float:
        return self.hours_before - self.hours_after

    @property
    def cost_saved(self) -> float:
        return self.cost_before - self.cost_after

    @property
    def time_reduction(self) -> float:
        """Share of the cycle time removed."""
        return self.hours_saved / self.hours_before

    def __repr__(self) -> str:
        return (f"ProcessComparison(hours {self.hours_before:.1f} -> {self.hours_after:.1f} "
                f"(-{self.time_reduction:.0%}), cost {self.cost_before:,.0f} -> {self.cost_after:,.0f}, "
                f"steps automated={self.steps_automated})")


def compare_processes(before, after) -> ProcessComparison:
    """Cycle time, cost and automated steps of two process tables (as from :func:`recovery_process`).

    Examples
    --------
    >>> c = compare_processes(recovery_process(), recovery_process("all"))
    >>> round(c.hours_saved, 2), c.steps_automated
    (11.61, 4)
    """
    for name, table in (("before", before), ("after", after)):
        missing = {"hours", "cost"} - set(getattr(table, "columns", ()))
        if missing:
            raise ValueError(bilingual(f"{name} must be a process table with columns hours and cost; missing {sorted(missing)}"))
        nums = numeric_columns(name, table, ["hours", "cost"])
        if (nums["hours"] < 0).any() or (nums["cost"] < 0).any():
            raise ValueError(bilingual(f"{name} must not contain negative hours or costs"))
    before, after = (t.assign(**numeric_columns(n, t, ["hours", "cost"])) for n, t in (("before", before), ("after", after)))
    hb = float(before["hours"].sum())
    if hb <= 0:
        raise ValueError(bilingual("before must have a positive total cycle time"))
    n_auto = int(after["automated"].sum()) - int(before["automated"].sum()) if "automated" in after else 0
    return ProcessComparison(hb, float(after["hours"].sum()), float(before["cost"].sum()),
                             float(after["cost"].sum()), n_auto)


# Most cases simulate_process draws at once (each case is one row of step times).
MAX_CASES = 1_000_000


def simulate_process(process, n_cases: int = 1000, *, cv: float = 0.6, seed: int = 0) -> np.ndarray:
    """Cycle times (hours) of ``n_cases`` cases through ``process``, with lognormal step times.

    Each step's time is lognormal with the table's ``hours`` as its median and coefficient
    of variation ``cv``; a case's cycle time is the sum over steps. Deterministic for a seed.

    Examples
    --------
    >>> t = simulate_process(recovery_process(), 2000, seed=1)
    >>> t.shape, bool(t.mean() > recovery_process()["hours"].sum())
    ((2000,), True)
    """
    n = integer("n_cases", n_cases, low=1, high=MAX_CASES)
    cv = number("cv", cv, low=0, high=100)
    seed = _seed("seed", seed)
    dataframe("process", process, ["hours"])
    medians = numeric_columns("process", process, ["hours"])["hours"].to_numpy()
    if (medians < 0).any():
        raise ValueError(bilingual("process hours must not be negative"))
    sigma = math.sqrt(math.log1p(cv ** 2))
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, medians.size))
    return (medians * np.exp(sigma * z)).sum(axis=1)
