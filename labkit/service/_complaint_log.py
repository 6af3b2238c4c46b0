"""Complaint-log analysis (投诉分析): Pareto, hours per step, SLA, stalled cases and the recovery effect."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from labkit._validate import dataframe, mapping, number, probability, timestamps
from labkit.curriculum import RECOVERY_STEPS
from labkit.errors import bilingual

__all__ = ['pareto', 'ParetoResult', 'step_hours', 'sla_targets', 'sla_table', 'stall_table', 'recovery_effect']


@dataclass(frozen=True)
class ParetoResult:
    """Counts, shares and cumulative shares by category, and the vital few that reach ``cut``."""

    table: pd.DataFrame = field(repr=False)
    vital_few: tuple[str, ...]
    cut: float

    @property
    def counts(self) -> pd.Series:
        return self.table["count"]

    def __repr__(self) -> str:
        share = float(self.table["share"][list(self.vital_few)].sum())
        return (f"ParetoResult({len(self.vital_few)} of {len(self.table)} categories make "
                f"{share:.1%} (cut {self.cut:.0%}): {', '.join(map(str, self.vital_few))})")


def pareto(table: pd.DataFrame, by: str, *, cut: float = 0.8) -> ParetoResult:
    """Pareto analysis of ``table`` by the column ``by``: the vital few and the trivial many.

    Categories are sorted by count (largest first, ties by name). The *vital few* are the
    top categories needed for the cumulative share to reach ``cut``.

    Parameters
    ----------
    table : DataFrame
        One row per case (e.g. the complaint log).
    by : str
        The column to count (e.g. ``"type"`` or ``"cause"``).
    cut : float
        The cumulative share the vital few must reach (0.8 for the 80/20 rule).

    Examples
    --------
    >>> log = pd.DataFrame({"type": ["a"] * 6 + ["b"] * 3 + ["c"]})
    >>> r = pareto(log, "type")
    >>> r.vital_few
    ('a', 'b')
    >>> r.table["cumulative_share"].tolist()
    [0.6, 0.9, 1.0]
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(bilingual(f"table must be a DataFrame, got {type(table).__name__}"))
    if by not in table.columns:
        raise ValueError(bilingual(f"by must be a column of table ({', '.join(map(str, table.columns))}); got {by!r}"))
    cut = probability("cut", cut)
    values = table[by].dropna()
    if values.empty:
        raise ValueError(bilingual(f"table has no values in column {by!r}; nothing to count (is the filter too narrow?)"))
    counts = values.value_counts()
    counts = counts.reindex(sorted(counts.index, key=lambda k: (-counts[k], str(k))))
    share = counts / counts.sum()
    cum = share.cumsum()
    # the first category whose cumulative share reaches the cut (1e-12 absorbs float sums: 0.5 + 0.3 is 0.8)
    n_vital = int(np.searchsorted(cum.to_numpy() + 1e-12, cut) + 1) if cut > 0 else 0
    n_vital = min(n_vital, len(counts))
    out = pd.DataFrame({"count": counts.astype(int), "share": share.round(6), "cumulative_share": cum.round(6)})
    out["vital_few"] = np.arange(len(out)) < n_vital
    out.index.name = by
    return ParetoResult(out, tuple(out.index[:n_vital]), cut)


_STEP_COLS = [f"at_{s.code}" for s in RECOVERY_STEPS]


def _check_log(log: pd.DataFrame, extra: Sequence[str] = ()) -> None:
    if not isinstance(log, pd.DataFrame):
        raise TypeError(bilingual(f"log must be a DataFrame (the complaint log), got {type(log).__name__}"))
    dup = sorted({str(c) for c in log.columns[log.columns.duplicated()]})
    if dup:
        raise ValueError(bilingual(f"log has duplicated column name(s) {dup}; column names must be unique"))
    need = ["received_at", *_STEP_COLS, *extra]
    missing = [c for c in need if c not in log.columns]
    if missing:
        raise ValueError(bilingual(f"log is missing column(s) {', '.join(missing)}; use labkit.datasets.load_complaints()"))


def step_hours(log: pd.DataFrame) -> pd.DataFrame:
    """Hours each recovery step took, per complaint (NaN for steps not reached).

    Step 1 is timed from ``received_at``, each later step from the step before.

    Examples
    --------
    >>> from labkit.datasets import load_complaints
    >>> h = step_hours(load_complaints())
    >>> list(h.columns[:3]), bool((h.min() >= 0).all())
    (['record', 'judge', 'assign'], True)
    """
    _check_log(log)
    times = pd.DataFrame({c: timestamps(f"log[{c!r}]", log[c]) for c in ["received_at", *_STEP_COLS]})
    diffs = times.diff(axis=1).iloc[:, 1:]
    hours = pd.DataFrame({c: diffs[c].dt.total_seconds() / 3600 for c in diffs.columns}, index=log.index)
    back = (hours < 0).to_numpy()
    if back.any():
        row, col = np.argwhere(back)[0]
        name = _STEP_COLS[col]
        raise ValueError(f"log[{name!r}] is before the previous step's time in {int(back[:, col].sum())} row(s) "
                         f"(first at row {log.index[row]!r}: {hours.iat[row, col]:.1f} hours); times must not "
                         "go backwards: check the dates")
    hours.columns = [s.code for s in RECOVERY_STEPS]
    return hours


def sla_targets() -> dict[str, float]:
    from labkit.datasets import load_truth

    return {k: float(v) for k, v in load_truth()["complaints"]["step_sla_hours"].items()}


def sla_table(log: pd.DataFrame, sla_hours: Mapping[str, float] | None = None, *, by: str | None = None) -> pd.DataFrame:
    """Share of completed steps that met their service-level target, per step (and per ``by`` group).

    Parameters
    ----------
    log : DataFrame
        The complaint log.
    sla_hours : mapping, optional
        Step code → target hours; the targets of the synthetic data set
        (``load_truth()["complaints"]["step_sla_hours"]``) by default.
    by : str, optional
        A column to split by (e.g. ``"channel"``); one column of shares per group.

    Examples
    --------
    >>> from labkit.datasets import load_complaints
    >>> t = sla_table(load_complaints(), by="channel")
    >>> t.shape, bool(((t >= 0) & (t <= 1)).all().all())
    ((8, 5), True)
    """
    sla = sla_targets() if sla_hours is None else dict(mapping("sla_hours", sla_hours))
    codes = [s.code for s in RECOVERY_STEPS]
    missing = [c for c in codes if c not in sla]
    if missing:
        raise ValueError(bilingual(f"sla_hours is missing step(s) {', '.join(missing)}"))
    for k in codes:
        number(f"sla_hours[{k!r}]", sla[k], low=0, finite=False)   # inf: no target for that step
    hours = step_hours(log)
    if hours.empty:
        raise ValueError(bilingual("log is empty; no steps to compare with their targets"))
    met = hours.le(pd.Series(sla)[codes], axis=1).where(hours.notna())
    if by is None:
        return met.mean().rename("within_sla").to_frame()
    if by not in log.columns:
        raise ValueError(bilingual(f"by must be a column of log, got {by!r}"))
    out = met.groupby(log[by].to_numpy()).mean().T
    out.columns.name = by
    return out


def stall_table(log: pd.DataFrame) -> pd.DataFrame:
    """Where open cases stall: for each step, how many open cases stopped before completing it.

    Examples
    --------
    >>> from labkit.datasets import load_complaints
    >>> t = stall_table(load_complaints())
    >>> int(t["open_cases"].sum()) == int((load_complaints()["status"] == "open").sum())
    True
    """
    _check_log(log)
    done = log[_STEP_COLS].notna().to_numpy()
    n_done = done.sum(axis=1)
    stalled = n_done < len(RECOVERY_STEPS)
    counts = np.bincount(n_done[stalled], minlength=len(RECOVERY_STEPS))[: len(RECOVERY_STEPS)]
    total = int(stalled.sum())
    return pd.DataFrame({
        "label": [s.en for s in RECOVERY_STEPS], "label_zh": [s.zh for s in RECOVERY_STEPS],
        "open_cases": counts.astype(int),
        "share_of_open": counts / total if total else np.zeros(len(RECOVERY_STEPS)),
    }, index=pd.Index([s.code for s in RECOVERY_STEPS], name="stalled_at"))


def recovery_effect(log: pd.DataFrame, survey: pd.DataFrame) -> pd.DataFrame:
    """Mean satisfaction (0–10) after recovery, by outcome, beside customers who never complained.

    The comparison group is the surveyed customers with no complaint in the log
    (``survey["overall_satisfaction"]``, same 0–10 scale).

    Examples
    --------
    >>> from labkit.datasets import load_complaints, load_survey
    >>> t = recovery_effect(load_complaints(), load_survey())
    >>> list(t.index)
    ['resolved', 'partly_resolved', 'unresolved', 'never_complained']
    """
    _check_log(log, ["customer_id", "outcome", "satisfaction_after"])
    dataframe("survey", survey, ["customer_id", "overall_satisfaction"])
    order = ["resolved", "partly_resolved", "unresolved"]
    g = log.groupby("outcome")["satisfaction_after"].agg(["count", "mean"]).reindex(order)
    never = survey.loc[~survey["customer_id"].isin(set(log["customer_id"])), "overall_satisfaction"]
    if not len(never):
        raise ValueError("survey has no customer without a complaint in log, so there is no never_complained "
                         "comparison group; pass the whole survey")
    g.loc["never_complained"] = [len(never), never.mean()]
    g["count"] = g["count"].fillna(0).astype(int)
    g.index.name = "group"
    return g.rename(columns={"mean": "mean_satisfaction"})
