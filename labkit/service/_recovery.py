"""Service recovery (服务补救): the eight recovery steps as a state machine and a role-play log checker."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from labkit._validate import mapping, number, one_of
from labkit.curriculum import RECOVERY_STEPS
from labkit.labels import Term, find_term
from labkit.errors import bilingual

__all__ = ['ComplaintCase', 'audit_log', 'AuditResult']


def _resolve_step(steps: Sequence[Term], step: Any) -> Term:
    if isinstance(step, Term):
        step = step.code
    if isinstance(step, (int, np.integer)) and not isinstance(step, bool):
        if not 1 <= step <= len(steps):
            raise ValueError(bilingual(f"step must be a number from 1 to {len(steps)}, got {step}"))
        return steps[int(step) - 1]
    if not isinstance(step, str):
        raise TypeError(bilingual(f"step must be a step code, label or number 1-{len(steps)}, got {step!r}"))
    return find_term(steps, step, name="step")


def _timestamp(name: str, value: Any) -> pd.Timestamp:
    if value is None:
        return pd.Timestamp(datetime.now()).floor("s")
    if isinstance(value, (bool, int, float, np.number)):
        raise TypeError(bilingual(f"{name} must be a date-time such as '2024-05-01 09:30', got the number {value!r}"))
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(bilingual(f"{name} must be a date-time such as '2024-05-01 09:30', got {value!r}")) from None
    if pd.isna(ts):
        raise ValueError(bilingual(f"{name} must be a date-time, got {value!r}"))
    return ts


class ComplaintCase:
    """One complaint moving through the eight recovery steps, in order (C-2.5).

    ``case.advance(step, at=None)`` completes the next step (by code, English or Chinese label,
    or number 1–8) at time ``at`` (now when omitted). A step out of order, a repeated step or
    a time earlier than the previous step is refused with a ValueError that says what to do.

    Parameters
    ----------
    received_at : date-time, optional
        When the complaint arrived (now when omitted).
    case_id : str
        A name shown in the repr.
    steps : sequence of Term
        The workflow; :data:`RECOVERY_STEPS` by default.

    Examples
    --------
    >>> case = ComplaintCase("2024-05-01 09:00", case_id="K1")
    >>> case.advance("record", at="2024-05-01 09:20").advance("判断投诉性质", at="2024-05-01 10:20")
    ComplaintCase('K1', 2/8 steps done, next: assign)
    >>> case.elapsed_hours().round(2).tolist()
    [0.33, 1.0]
    >>> case.advance("approve")
    Traceback (most recent call last):
    ...
    ValueError: step 'approve' (6. Submit to leadership for approval) is out of order: the next step is 3. assign (Determine the handling department)
    """

    def __init__(self, received_at: Any = None, *, case_id: str = "case", steps: Sequence[Term] = RECOVERY_STEPS):
        self.case_id = str(case_id)
        self.steps = tuple(steps)
        if not self.steps or not all(isinstance(s, Term) for s in self.steps):
            raise TypeError(bilingual("steps must be a non-empty sequence of Terms, e.g. RECOVERY_STEPS"))
        self.received_at = _timestamp("received_at", received_at)
        self._done: list[tuple[Term, pd.Timestamp]] = []

    @classmethod
    def from_log(cls, row: Mapping[str, Any]) -> "ComplaintCase":
        """Rebuild a case from one row of the complaint log (``received_at`` and ``at_<step>``)."""
        mapping("row", row)
        if "received_at" not in row:
            raise ValueError(bilingual("row must have 'received_at' (a row of the complaint log, load_complaints())"))
        case = cls(row["received_at"], case_id=str(row.get("complaint_id", "case")))
        for s in RECOVERY_STEPS:
            at = row.get(f"at_{s.code}")
            if at is None or pd.isna(at):
                break
            case.advance(s.code, at=at)
        return case

    @property
    def done(self) -> tuple[str, ...]:
        """Codes of the completed steps, in order."""
        return tuple(t.code for t, _ in self._done)

    @property
    def next_step(self) -> Term | None:
        """The step that must come next (None when the case is closed)."""
        return self.steps[len(self._done)] if len(self._done) < len(self.steps) else None

    @property
    def is_closed(self) -> bool:
        return self.next_step is None

    @property
    def completion(self) -> float:
        """Share of steps completed, 0–1."""
        return len(self._done) / len(self.steps)

    def advance(self, step: Any, at: Any = None) -> "ComplaintCase":
        """Complete ``step`` at time ``at``; refuse a step out of order or repeated. Returns self."""
        term = _resolve_step(self.steps, step)
        pos = self.steps.index(term) + 1
        if term.code in self.done:
            raise ValueError(f"step {term.code!r} ({pos}. {term.en}) is already done; "
                             f"each step happens once")
        nxt = self.next_step  # not None: when the case is closed every step is already done
        if term != nxt:
            raise ValueError(f"step {term.code!r} ({pos}. {term.en}) is out of order: the next step is "
                             f"{len(self._done) + 1}. {nxt.code} ({nxt.en})")
        ts = _timestamp("at", at)
        last = self._done[-1][1] if self._done else self.received_at
        if ts < last:
            raise ValueError(bilingual(f"at ({ts}) is earlier than the previous event ({last}); times must not go backwards"))
        self._done.append((term, ts))
        return self

    def elapsed_hours(self) -> pd.Series:
        """Hours each completed step took (since the previous step, or since receipt for step 1)."""
        times = [self.received_at] + [ts for _, ts in self._done]
        hours = [(b - a).total_seconds() / 3600 for a, b in zip(times[:-1], times[1:])]
        return pd.Series(hours, index=pd.Index(self.done, name="step"), name="hours", dtype=float)

    def timeline(self, sla_hours: Mapping[str, float] | None = None) -> pd.DataFrame:
        """Every step with its label, completion time, hours taken and, given SLA hours, whether it met them."""
        hours = self.elapsed_hours()
        rows = []
        for i, t in enumerate(self.steps, start=1):
            done = t.code in hours.index
            rows.append({"no": i, "step": t.code, "label": t.en, "label_zh": t.zh,
                         "at": self._done[i - 1][1] if done else pd.NaT,
                         "hours": float(hours[t.code]) if done else np.nan})
        df = pd.DataFrame(rows)
        if sla_hours is not None:
            mapping("sla_hours", sla_hours)
            missing = [s for s in df["step"] if s not in sla_hours]
            if missing:
                raise ValueError(bilingual(f"sla_hours is missing step(s) {', '.join(missing)}"))
            df["sla_hours"] = [number(f"sla_hours[{s!r}]", sla_hours[s], low=0, finite=False) for s in df["step"]]
            df["within_sla"] = np.where(df["hours"].isna(), None, df["hours"] <= df["sla_hours"])
        return df

    def __repr__(self) -> str:
        nxt = self.next_step
        return (f"ComplaintCase({self.case_id!r}, {len(self._done)}/{len(self.steps)} steps done, "
                f"next: {nxt.code if nxt else 'none (closed)'})")


@dataclass(frozen=True)
class AuditResult:
    """Audit of a role-play log against an ordered procedure."""

    procedure: tuple[Term, ...] = field(repr=False)
    missing: tuple[Term, ...]
    out_of_order: tuple[Term, ...]
    repeated: tuple[Term, ...]
    unknown: tuple[str, ...]
    completion: float
    score: float
    hours: pd.Series | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """True when every step is there once, in order, with nothing unknown."""
        return not (self.missing or self.out_of_order or self.repeated or self.unknown)

    def messages(self, lang: str = "en") -> list[str]:
        """One warning per problem, e.g. "step 3 (Apologise 表示道歉) missing"."""
        zh = one_of("lang", lang, ("en", "zh")) == "zh"
        pos = {t.code: i for i, t in enumerate(self.procedure, start=1)}
        out = []
        for t in self.missing:
            out.append(f"第{pos[t.code]}步({t.zh})缺失" if zh else f"step {pos[t.code]} ({t.en} {t.zh}) missing")
        for t in self.out_of_order:
            out.append(f"第{pos[t.code]}步({t.zh})顺序错误" if zh else f"step {pos[t.code]} ({t.en} {t.zh}) out of order")
        for t in self.repeated:
            out.append(f"第{pos[t.code]}步({t.zh})重复" if zh else f"step {pos[t.code]} ({t.en} {t.zh}) repeated")
        for u in self.unknown:
            out.append(f"未知步骤: {u!r}" if zh else f"unknown step {u!r}")
        return out

    def __repr__(self) -> str:
        problems = "; ".join(self.messages()) or "no problems"
        return f"AuditResult(completion={self.completion:.0%}, score={self.score:.0%}: {problems})"


def audit_log(events: Iterable[Any], *, steps: Sequence[Term] = RECOVERY_STEPS, ordered: bool = True) -> AuditResult:
    """Check a role-play log against a procedure: skipped, out-of-order, repeated steps.

    Parameters
    ----------
    events : iterable
        Steps in the order they happened: codes, English/Chinese labels or numbers; or
        ``(step, time)`` pairs; or a DataFrame with columns ``step`` and (optionally) ``at``.
    steps : sequence of Term
        The procedure: :data:`RECOVERY_STEPS` (default), :data:`HANDLING_METHODS`,
        :data:`HANDLING_STAGES` or :data:`HOTEL_PROCEDURE`; or a checklist such as
        :data:`COMMUNICATION_SKILLS` with ``ordered=False``.
    ordered : bool
        Whether the order matters; with False only missing, repeated and unknown items count.

    Returns
    -------
    AuditResult
        ``missing``, ``out_of_order``, ``repeated`` and ``unknown`` steps, ``completion``
        (share of the procedure's steps present) and ``score`` (share present *and* in order,
        with each repeat or unknown action costing one step); ``hours`` per step when times
        were given. ``messages()`` gives one warning per problem.

    Examples
    --------
    >>> from labkit.curriculum import HANDLING_METHODS
    >>> from labkit.service import COMMUNICATION_SKILLS
    >>> r = audit_log(["vent", "listen", "agree", "ask", "note", "solve", "close"], steps=HANDLING_METHODS)
    >>> r.messages()
    ['step 3 (Apologise 表示道歉) missing']
    >>> round(r.score, 3)
    0.875
    >>> audit_log(["halo", "respect"], steps=COMMUNICATION_SKILLS, ordered=False).completion
    0.3333333333333333
    """
    steps = tuple(steps)
    if isinstance(events, pd.DataFrame):
        if "step" not in events.columns:
            raise ValueError(bilingual(f"events must have a column 'step'; got columns {list(events.columns)}"))
        times = events["at"].tolist() if "at" in events.columns else [None] * len(events)
        pairs = list(zip(events["step"].tolist(), times))
    elif isinstance(events, (str, bytes)) or not isinstance(events, Iterable):
        raise TypeError(bilingual(f"events must be a list of steps, got {type(events).__name__} {events!r}"))
    else:
        pairs = [tuple(e) if isinstance(e, (tuple, list)) else (e, None) for e in events]
        if any(len(p) != 2 for p in pairs):
            raise ValueError(bilingual("events must be steps or (step, time) pairs"))
    seen: list[Term] = []
    at: list[Any] = []
    unknown, repeated = [], []
    for step, t in pairs:
        try:
            term = _resolve_step(steps, step)
        except (ValueError, TypeError):
            unknown.append(str(step))
            continue
        if term in seen:
            repeated.append(term)
            continue
        seen.append(term)
        at.append(t)
    order = [steps.index(t) for t in seen]
    # A step is in order when it belongs to the longest increasing run of positions; the rest
    # are flagged as out of order (fewest flags that explain the log).
    keep = _longest_increasing(order) if ordered else set(range(len(seen)))
    out_of_order = tuple(sorted((seen[i] for i in range(len(seen)) if i not in keep), key=steps.index))
    missing = tuple(t for t in steps if t not in seen)
    completion = len(seen) / len(steps)
    penalty = len(repeated) + len(unknown)
    score = max(0.0, (len(keep) - penalty) / len(steps))
    hours = None
    if at and all(t is not None for t in at):
        ts = [_timestamp("time", t) for t in at]
        for (a, ta), (b, tb) in zip(zip(seen, ts), zip(seen[1:], ts[1:])):
            if tb < ta:
                raise ValueError(f"events: the time of step {b.code!r} ({tb}) is before that of {a.code!r} ({ta}); "
                                 "times must not go backwards")
        hours = pd.Series([0.0] + [(b - a).total_seconds() / 3600 for a, b in zip(ts[:-1], ts[1:])],
                          index=[t.code for t in seen], name="hours_since_previous")
    return AuditResult(steps, missing, out_of_order, tuple(repeated), tuple(unknown), completion, score, hours)


def _longest_increasing(values: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence of ``values``."""
    n = len(values)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if values[j] < values[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    if not n:
        return set()
    i = max(range(n), key=lambda k: (best[k], -k))
    out = set()
    while i != -1:
        out.add(i)
        i = prev[i]
    return out
