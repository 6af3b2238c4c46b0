"""Self-checks: ``check("nb3.nps_seed_1", answer)`` prints ✔ or ✘ with a specific hint.

The exercise convention
-----------------------
* Every exercise has an id ``"nbN.short_name"``; its definition lives in
  ``labkit/checks/nbN.py`` as an :class:`Exercise` in the module's ``EXERCISES`` list.
* The expected answer is a zero-argument function that labkit calls only when a check
  runs (``expected=lambda: value.clv(...)``). Nothing in the notebook holds the answer,
  so printing a variable reveals nothing, and the check works offline with no test files.
* Known mistakes are :class:`Variant` s: a wrong value the common slip produces and the
  hint that names the slip ("revenue used instead of margin"). A variant may carry
  partial credit, or full credit for an accepted alternative (e.g. another CLV timing
  convention), and its message then says which one the student used.
* An unanswered exercise (``answer = ...`` or ``None``) reports "not attempted yet";
  an answer of the wrong type gets a message, never a traceback.
* :func:`evaluate` returns a :class:`CheckResult` (status, credit, points, bilingual
  message) without printing; :func:`check` prints it. Graders use :func:`evaluate` in
  their own process, so redefining ``check`` in a notebook changes nothing.

Examples
--------
>>> from labkit.checks import evaluate
>>> evaluate("nb0.customers_count", 2000).status
'correct'
>>> evaluate("nb0.customers_count", ...).status
'not_attempted'
"""
from __future__ import annotations

from labkit.checks._catalog import exercises_table, get_exercise, list_exercises
from labkit.checks._evaluate import check, evaluate, submitted
from labkit.checks._exercise import KINDS, STATUSES, CheckResult, Exercise, Variant

__all__ = [
    'Exercise',
    'Variant',
    'CheckResult',
    'check',
    'evaluate',
    'get_exercise',
    'list_exercises',
    'exercises_table',
    'submitted',
    'KINDS',
]
