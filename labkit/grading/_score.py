"""The grader side of grading: expected answers frozen before any submission runs, and the score of one run."""
from __future__ import annotations

import contextlib
import dataclasses
import importlib
from typing import Sequence

from labkit.grading._execute import _Execution
from labkit.grading._spec import GradingSpec, SubmissionResult


@contextlib.contextmanager
def _frozen_answers(ids: Sequence[str]):
    """Compute every expected answer (and variant) once, now, and use only those values.

    Called before any submission runs, so nothing a submission does to files on disk
    during the batch can change the answers it is compared with.
    """
    with _applied_answers(_answer_values(ids)):
        yield


def _answer_values(ids: Sequence[str]) -> dict[str, tuple]:
    """Exercise id -> (expected value, (each variant's value, ...)), computed now as plain values.

    An exercise whose expected value cannot be computed is left out: :func:`labkit.checks.evaluate`
    then reports the instructor-side defect itself. These values are what a cluster's workers
    receive (:mod:`labkit.grading._cluster`), so workers never compute an answer themselves.
    """
    from labkit.checks import get_exercise

    values = {}
    for ex_id in ids:
        ex = get_exercise(ex_id)
        try:
            values[ex_id] = (ex.expected(), tuple(v.resolve() for v in ex.variants))
        except Exception:  # evaluate() reports an instructor-side defect itself
            continue
    return values


@contextlib.contextmanager
def _applied_answers(values: dict[str, tuple]):
    """Within the block, ``labkit.checks.nbN.EXERCISES`` answer with ``values`` (see :func:`_answer_values`)."""
    saved = _apply_answers(values)
    try:
        yield
    finally:
        for module, original in saved.items():
            module.EXERCISES = original


def _apply_answers(values: dict[str, tuple]) -> dict:
    """Patch ``labkit.checks.nbN.EXERCISES`` with constant answers; returns {module: original list}."""
    saved: dict = {}
    for ex_id, (value, variant_values) in values.items():
        module = importlib.import_module(f"labkit.checks.{ex_id.split('.', 1)[0]}")
        saved.setdefault(module, list(module.EXERCISES))
        module.EXERCISES = [
            dataclasses.replace(e, expected=_const(value),
                                variants=tuple(dataclasses.replace(v, value=_const(x))
                                               for v, x in zip(e.variants, variant_values)))
            if e.id == ex_id else e for e in module.EXERCISES]
    return saved


def _const(value):
    return lambda: value


def _score(run: _Execution, spec: GradingSpec) -> SubmissionResult:
    from labkit.checks import evaluate
    from labkit.grading._answers import Undefined, Unreadable, decode

    scores, checks, matched = {}, {}, {}
    for ex in spec.exercises:
        if run.status in ("invalid", "error") or (ex.variable not in run.answers):
            why = ("not graded: " + run.reason) if ex.variable not in run.not_reached or not run.reason \
                else "not graded: the notebook stopped before this exercise"
            scores[ex.exercise] = 0.0
            checks[ex.exercise] = ("not_graded", why, "未评分：" + why)
            continue
        if ex.exercise in run.function_checks:
            status, credit, en, zh = run.function_checks[ex.exercise]
            scores[ex.exercise] = round(credit * ex.points, 6)
            checks[ex.exercise] = (status, en, zh)
            continue
        answer = decode(run.answers[ex.variable])
        if isinstance(answer, Undefined):
            en = f"Not attempted: the variable `{ex.variable}` is not defined (was the cell renamed or deleted?)."
            checks[ex.exercise] = ("not_attempted", en, f"尚未作答：变量 `{ex.variable}` 未定义（单元格是否被改名或删除？）。")
            scores[ex.exercise] = 0.0
            continue
        if isinstance(answer, Unreadable):
            checks[ex.exercise] = ("invalid", f"Your answer is {answer.why}.", f"无法读取你的答案（{answer.why}）。")
            scores[ex.exercise] = 0.0
            continue
        result = evaluate(ex.exercise, answer)
        credit = result.credit
        scores[ex.exercise] = round(credit * ex.points, 6)  # points from the instructor notebook
        checks[ex.exercise] = (result.status, result.en, result.zh)
        if result.variant is not None:
            matched[ex.exercise] = result.variant
    total = round(sum(scores.values()), 6)
    return SubmissionResult(run.student_id, run.submission, run.status, run.reason, scores, checks,
                            list(run.findings), total, run.seconds, matched)
