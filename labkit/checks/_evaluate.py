"""Checking an answer: :func:`evaluate` for graders (no printing) and :func:`check` for students."""
from __future__ import annotations

from typing import Any

from labkit.checks._catalog import get_exercise
from labkit.checks._compare import _equal, _Invalid, _is_missing, _label_diagnosis, _numeric_diagnosis
from labkit.checks._exercise import CheckResult
from labkit.labels import get_language

__all__ = ['check', 'evaluate', 'submitted', 'grading', 'recorded_message']


# Answers seen by check() in this process (a convenience for the grader's extraction step;
# scores never rely on it).
_SUBMITTED: dict[str, Any] = {}


def submitted() -> dict[str, Any]:
    """The answers ``check`` has seen in this process, by exercise id (last one wins)."""
    return dict(_SUBMITTED)


def evaluate(exercise_id: str, answer: Any) -> CheckResult:
    """Compare ``answer`` with the exercise's expected answer and explain the result.

    Never raises for a bad answer (wrong type, NaN, a function that fails); raises
    ValueError only for an unknown ``exercise_id``.

    Examples
    --------
    >>> r = evaluate("nb0.customers_count", 1999)
    >>> r.status, r.score
    ('incorrect', 0.0)
    """
    ex = get_exercise(exercise_id)
    pts = float(ex.points)

    def result(status, credit, en, zh, variant=None):
        return CheckResult(ex.id, status, float(credit), pts, en, zh, variant)

    if _is_missing(answer):
        return result("not_attempted", 0, "Not attempted yet — replace the `...` with your answer and run the cell again.",
                      "尚未作答——把 `...` 换成你的答案，再运行这个单元格。")
    try:
        expected = ex.expected()
    except Exception as err:  # an instructor-side defect; say so rather than blame the student
        return result("invalid", 0, f"This check could not compute its answer ({type(err).__name__}: {err}). Tell your instructor.",
                      f"本题的检查无法计算标准答案（{type(err).__name__}: {err}），请告诉老师。")
    try:
        if ex.kind == "custom":
            credit, en, zh = ex.compare(answer, expected)
            status = "correct" if credit >= 1 else "partial" if credit > 0 else "incorrect"
            return result(status, min(max(credit, 0.0), 1.0), en, zh)
        if _equal(answer, expected, ex):
            return result("correct", 1, "Correct. Well done!", "正确，做得好！")
        for i, v in enumerate(ex.variants):
            try:
                if _equal(answer, v.resolve(), ex):
                    status = "correct" if v.credit >= 1 else "partial" if v.credit > 0 else "incorrect"
                    return result(status, v.credit, v.en, v.zh, i)
            except _Invalid:
                continue
        diag = _numeric_diagnosis(answer, expected, ex) or _label_diagnosis(answer, expected, ex)
        if diag:
            en, zh = diag
        else:
            en = "Not yet. " + (ex.hint_en or "Re-read the question and try again.")
            zh = "还不对。" + (ex.hint_zh or "再读一遍题目，然后重试。")
        return result("incorrect", 0, en, zh)
    except _Invalid as bad:
        return result("invalid", 0, bad.en, bad.zh)
    except Exception as err:  # a student's object that breaks comparison must not crash the notebook
        return result("invalid", 0, f"Could not compare your answer ({type(err).__name__}: {err}).",
                      f"无法比较你的答案（{type(err).__name__}: {err}）。")


def check(exercise_id: str, answer: Any) -> None:
    """Check ``answer`` for ``exercise_id`` and print ✔/✘ with a hint (never the answer).

    Examples
    --------
    >>> check("nb0.customers_count", 2000)
    ✔ [nb0.customers_count] Correct. Well done!
    """
    _SUBMITTED[exercise_id] = answer
    if grading():
        print(recorded_message(exercise_id))
        return
    print(evaluate(exercise_id, answer).message())


def grading() -> bool:
    """True inside a grading kernel (``LABKIT_GRADING=1``): there checks only record.

    The grading kernel has no exercise definitions (no answer key); the grader scores
    every answer in its own process.
    """
    import os

    return os.environ.get("LABKIT_GRADING") == "1"


def recorded_message(exercise_id: str, lang: str | None = None) -> str:
    """What ``check`` prints in a grading kernel (the grader replaces it by the real verdict)."""
    if (lang or get_language()) == "zh":
        return f"✎ [{exercise_id}] 已记录，由评分程序在其自己的进程中评分。"
    return f"✎ [{exercise_id}] Recorded; the grader scores it in its own process."
