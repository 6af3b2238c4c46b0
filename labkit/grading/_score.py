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
    from labkit.checks import get_exercise

    saved = {}
    for ex_id in ids:
        ex = get_exercise(ex_id)
        module = importlib.import_module(f"labkit.checks.{ex_id.split('.', 1)[0]}")
        try:
            value = ex.expected()
            variants = tuple(dataclasses.replace(v, value=_const(v.resolve())) for v in ex.variants)
        except Exception:  # evaluate() reports an instructor-side defect itself
            continue
        frozen = dataclasses.replace(ex, expected=_const(value), variants=variants)
        saved.setdefault(module, list(module.EXERCISES))
        module.EXERCISES = [frozen if e.id == ex_id else e for e in module.EXERCISES]
    try:
        yield
    finally:
        for module, original in saved.items():
            module.EXERCISES = original


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
