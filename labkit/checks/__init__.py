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

import difflib
import importlib
import math
import numbers
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from labkit.labels import Term, get_language

__all__ = [
    "Exercise", "Variant", "CheckResult", "check", "evaluate", "get_exercise",
    "list_exercises", "exercises_table", "submitted", "KINDS",
]

KINDS = ("number", "numbers", "mapping", "choice", "set", "sequence", "bool", "text", "custom")
STATUSES = ("correct", "partial", "incorrect", "not_attempted", "invalid")
_MARK = {"correct": "✔", "partial": "◐", "incorrect": "✘", "not_attempted": "…", "invalid": "✘"}

# Answers seen by check() in this process (a convenience for the grader's extraction step;
# scores never rely on it).
_SUBMITTED: dict[str, Any] = {}


@dataclass(frozen=True)
class Variant:
    """A value a known slip (or an accepted alternative) produces, and what to tell the student.

    ``value`` is a zero-argument function (computed lazily) or a constant. ``credit`` is 1 for
    an accepted alternative, between 0 and 1 for partial credit, 0 for a plain mistake.
    """

    value: Any
    en: str
    zh: str
    credit: float = 0.0

    def resolve(self) -> Any:
        return self.value() if callable(self.value) else self.value


@dataclass(frozen=True)
class Exercise:
    """One exercise: how to compute its answer, compare it, and explain a wrong one.

    Parameters
    ----------
    id : str
        ``"nbN.name"``.
    en, zh : str
        A one-line statement of what the exercise asks, in English and Chinese.
    expected : callable
        Returns the correct answer (computed by labkit, only when a check runs).
    kind : str
        How answers are compared: "number", "numbers" (a sequence of numbers, in order),
        "mapping" (dict or Series of numbers), "choice" (one label; ``terms`` lists the
        allowed ones so codes, English and Chinese labels all count), "set" (unordered
        labels), "sequence" (ordered labels), "bool", "text" (normalised string) or
        "custom" (``compare`` decides).
    rel_tol, abs_tol : float
        Numeric tolerance: an answer passes when ``|a - e| <= max(abs_tol, rel_tol·|e|)``.
    hint_en, hint_zh : str
        Shown for a wrong answer no variant explains.
    variants : sequence of Variant
        Known mistakes and accepted alternatives.
    terms : sequence of Term, optional
        The labels a "choice"/"set"/"sequence" answer may use.
    compare : callable, optional
        For kind "custom": ``compare(answer, expected) -> (credit, en, zh)``.
    points : float
        Points in the gradebook; partial credit scales them.
    """

    id: str
    en: str
    zh: str
    expected: Callable[[], Any] = field(repr=False)
    kind: str = "number"
    rel_tol: float = 1e-3
    abs_tol: float = 1e-9
    hint_en: str = ""
    hint_zh: str = ""
    variants: Sequence[Variant] = field(default=(), repr=False)
    terms: Sequence[Term] | None = field(default=None, repr=False)
    compare: Callable[[Any, Any], tuple[float, str, str]] | None = field(default=None, repr=False)
    points: float = 1.0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if self.kind == "custom" and self.compare is None:
            raise ValueError(f"exercise {self.id}: kind 'custom' needs a compare function")
        if "." not in self.id or not self.id.startswith("nb"):
            raise ValueError(f"exercise id must look like 'nbN.name', got {self.id!r}")


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: status, credit in [0, 1], points earned and the messages."""

    exercise: str
    status: str
    credit: float
    points: float
    en: str
    zh: str

    @property
    def score(self) -> float:
        """Points earned: ``credit × points``."""
        return round(self.credit * self.points, 6)

    def message(self, lang: str | None = None) -> str:
        text = self.zh if (lang or get_language()) == "zh" else self.en
        return f"{_MARK[self.status]} [{self.exercise}] {text}"

    def __str__(self) -> str:
        return self.message()

    def _repr_pretty_(self, p, cycle):  # IPython display
        p.text(self.message())


# ---------------------------------------------------------------- registry

def _chapter_module(prefix: str):
    try:
        return importlib.import_module(f"labkit.checks.{prefix}")
    except ModuleNotFoundError:
        return None


def _registry(prefix: str) -> dict[str, Exercise]:
    module = _chapter_module(prefix)
    if module is None:
        return {}
    return {ex.id: ex for ex in getattr(module, "EXERCISES", ())}


def _chapters() -> list[str]:
    import labkit.checks as pkg

    return sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if m.name.startswith("nb"))


def get_exercise(exercise_id: str) -> Exercise:
    """The :class:`Exercise` with this id; a ValueError suggests close ids for a typo.

    Examples
    --------
    >>> get_exercise("nb0.customers_count").points
    1.0
    """
    if not isinstance(exercise_id, str):
        raise TypeError(f"exercise_id must be a string like 'nb3.nps_seed_1', got {exercise_id!r}")
    prefix = exercise_id.split(".", 1)[0]
    reg = _registry(prefix)
    if exercise_id in reg:
        return reg[exercise_id]
    known = [ex.id for p in _chapters() for ex in _registry(p).values()]
    close = difflib.get_close_matches(exercise_id, known, n=3)
    extra = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValueError(f"exercise_id {exercise_id!r} is not a known exercise{extra}")


def list_exercises(chapter: str | int | None = None) -> list[Exercise]:
    """Exercises of one chapter (``0``…``5`` or ``"nb3"``) or of all chapters, in order."""
    if chapter is None:
        prefixes = _chapters()
    else:
        prefixes = [chapter if isinstance(chapter, str) else f"nb{int(chapter)}"]
    return [ex for p in prefixes for ex in _registry(p).values()]


def exercises_table(chapter: str | int | None = None):
    """A DataFrame of exercises: id, points, what it asks (English and Chinese)."""
    import pandas as pd

    rows = [(ex.id, ex.points, ex.kind, ex.en, ex.zh) for ex in list_exercises(chapter)]
    return pd.DataFrame(rows, columns=["exercise", "points", "kind", "english", "chinese"])


def submitted() -> dict[str, Any]:
    """The answers ``check`` has seen in this process, by exercise id (last one wins)."""
    return dict(_SUBMITTED)


# ---------------------------------------------------------------- comparison

class _Invalid(Exception):
    """The answer has the wrong shape or type; the message goes to the student."""

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.en, self.zh = en, zh


def _is_missing(answer: Any) -> bool:
    if answer is Ellipsis or answer is None:
        return True
    if isinstance(answer, (list, tuple, set, dict)):
        return len(answer) == 0 or all(v is Ellipsis for v in
                                       (answer.values() if isinstance(answer, dict) else answer))
    return False


def _as_float(answer: Any, what: str = "Your answer") -> float:
    if isinstance(answer, bool):
        raise _Invalid(f"{what} should be a number, not True/False.",
                       f"{_zh_what(what)}应该是一个数字，而不是 True/False。")
    if hasattr(answer, "item") and getattr(answer, "size", 1) == 1 and not isinstance(answer, str):
        answer = answer.item()
    if isinstance(answer, str):
        text = answer.strip().replace(",", "").replace("，", "")
        pct = text.endswith("%")
        try:
            value = float(text.rstrip("%"))
        except ValueError:
            raise _Invalid(f"{what} should be a number; got the text {answer!r}.",
                           f"{_zh_what(what)}应该是数字，但得到的是文本 {answer!r}。") from None
        return value / 100 if pct else value
    if not isinstance(answer, numbers.Real):
        raise _Invalid(f"{what} should be a number; got a {type(answer).__name__}.",
                       f"{_zh_what(what)}应该是数字，但得到的是 {type(answer).__name__}。")
    value = float(answer)
    if math.isnan(value):
        raise _Invalid(f"{what} is NaN (not a number) — look for a division by zero or missing data.",
                       f"{_zh_what(what)}是 NaN（非数字）——检查是否除以零或有缺失数据。")
    return value


def _zh_what(what: str) -> str:
    return "你的答案" if what == "Your answer" else what


def _close(a: float, e: float, ex: Exercise) -> bool:
    return abs(a - e) <= max(ex.abs_tol, ex.rel_tol * abs(e))


def _norm_label(value: Any, ex: Exercise) -> str:
    if isinstance(value, Term):
        return value.code
    text = str(value).strip()
    for t in ex.terms or ():
        if text.lower() in (t.code.lower(), t.en.lower()) or text == t.zh:
            return t.code
    return text.lower()


def _equal(answer: Any, expected: Any, ex: Exercise) -> bool:
    """True when ``answer`` matches ``expected`` under the exercise's kind; may raise _Invalid."""
    kind = ex.kind
    if kind == "number":
        return _close(_as_float(answer), float(expected), ex)
    if kind == "numbers":
        values = _as_list(answer)
        exp = list(expected)
        if len(values) != len(exp):
            raise _Invalid(f"Expected {len(exp)} numbers, got {len(values)}.",
                           f"应有 {len(exp)} 个数字，你给了 {len(values)} 个。")
        return all(_close(_as_float(a, f"item {i + 1}"), float(e), ex)
                   for i, (a, e) in enumerate(zip(values, exp)))
    if kind == "mapping":
        got = _as_mapping(answer, ex)
        exp = {_norm_label(k, ex): v for k, v in dict(expected).items()}
        missing = [k for k in exp if k not in got]
        if missing:
            raise _Invalid(f"Your answer is missing the key(s): {', '.join(map(str, missing))}.",
                           f"你的答案缺少这些键：{', '.join(map(str, missing))}。")
        return all(_close(_as_float(got[k], f"the value for {k!r}"), float(v), ex) for k, v in exp.items())
    if kind == "choice":
        if not isinstance(answer, (str, Term)):
            raise _Invalid(f"Answer with one label (a string); got a {type(answer).__name__}.",
                           f"请用一个标签（字符串）作答，而不是 {type(answer).__name__}。")
        return _norm_label(answer, ex) == _norm_label(expected, ex)
    if kind in ("set", "sequence"):
        got = [_norm_label(v, ex) for v in _as_list(answer)]
        exp = [_norm_label(v, ex) for v in expected]
        return (sorted(got) == sorted(exp)) if kind == "set" else (got == exp)
    if kind == "bool":
        if not isinstance(answer, (bool,)) and not (hasattr(answer, "dtype") and answer.dtype == bool):
            raise _Invalid("Answer True or False.", "请回答 True 或 False。")
        return bool(answer) == bool(expected)
    if kind == "text":
        return " ".join(str(answer).split()).lower() == " ".join(str(expected).split()).lower()
    raise AssertionError(kind)


def _as_list(answer: Any) -> list:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise _Invalid(f"Answer with a list; got a {type(answer).__name__}.",
                       f"请用列表作答，而不是 {type(answer).__name__}。")
    if isinstance(answer, dict):
        return list(answer.values())
    return list(answer)


def _as_mapping(answer: Any, ex: Exercise) -> dict:
    if hasattr(answer, "to_dict") and hasattr(answer, "index") and getattr(answer, "ndim", 2) == 1:
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        raise _Invalid(f"Answer with a dict (or pandas Series); got a {type(answer).__name__}.",
                       f"请用字典（或 pandas Series）作答，而不是 {type(answer).__name__}。")
    return {_norm_label(k, ex): v for k, v in answer.items()}


def _numeric_diagnosis(answer: Any, expected: Any, ex: Exercise) -> tuple[str, str] | None:
    """A specific hint for common numeric slips that never reveals the value."""
    if ex.kind != "number":
        return None
    try:
        a, e = _as_float(answer), float(expected)
    except (_Invalid, TypeError, ValueError):
        return None
    if e == 0:
        return None
    if _close(a, e * 100, ex):
        return ("Your answer is 100× too large — is it a percentage where a fraction was asked?",
                "你的答案大了 100 倍——题目要的是小数，你是否写成了百分数？")
    if _close(a, e / 100, ex):
        return ("Your answer is 100× too small — is it a fraction where a percentage was asked?",
                "你的答案小了 100 倍——题目要的是百分数，你是否写成了小数？")
    if _close(a, -e, ex):
        return ("The size is right but the sign is reversed.", "数值大小对了，但符号反了。")
    if abs(a - e) <= 0.02 * abs(e):
        return ("Very close — check your rounding or the last step of the calculation.",
                "非常接近——检查一下四舍五入或最后一步计算。")
    return None


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

    def result(status, credit, en, zh):
        return CheckResult(ex.id, status, float(credit), pts, en, zh)

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
        for v in ex.variants:
            try:
                if _equal(answer, v.resolve(), ex):
                    status = "correct" if v.credit >= 1 else "partial" if v.credit > 0 else "incorrect"
                    return result(status, v.credit, v.en, v.zh)
            except _Invalid:
                continue
        diag = _numeric_diagnosis(answer, expected, ex)
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
    print(evaluate(exercise_id, answer).message())
