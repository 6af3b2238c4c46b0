"""Comparing an answer with the expected one: tolerances, labels, and diagnoses of common slips."""
from __future__ import annotations

import dataclasses
import math
import numbers
from typing import Any, Iterable

from labkit.checks._exercise import Exercise
from labkit.labels import Term


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
        # Text is never credited as a number: a grader must not depend on how "32%" or "1,000"
        # would be parsed, and the student should store the computed value, not a copy of it.
        text = answer.strip().replace(",", "").replace("，", "").rstrip("%").strip()
        try:
            float(text)
        except ValueError:
            raise _Invalid(f"{what} should be a number; got the text {answer!r}.",
                           f"{_zh_what(what)}应该是数字，但得到的是文本 {answer!r}。") from None
        raise _Invalid(f"Give a number, not text: store the value itself, without quotes or a % sign "
                       f"(you gave {answer!r}).",
                       f"请给出数字而不是文本：直接存放数值，不要加引号或百分号（你给的是 {answer!r}）。")
    if isinstance(answer, dict) and answer:
        keys = ", ".join(repr(k) for k in list(answer)[:6])
        raise _Invalid(f"{what} should be a number; got a dict with the keys {keys} — pick the one value the "
                       "question asks for.",
                       f"{_zh_what(what)}应该是一个数字，但得到的是字典（键：{keys}）——请取出题目要求的那一个值。")
    if dataclasses.is_dataclass(answer) and not isinstance(answer, type):
        numeric = [f.name for f in dataclasses.fields(answer)
                   if isinstance(getattr(answer, f.name), numbers.Real) and not isinstance(getattr(answer, f.name), bool)]
        attrs = ", ".join(f".{n}" for n in numeric)
        raise _Invalid(f"{what} should be a number; got {_a(type(answer).__name__)} — pick the number the question "
                       f"asks for from its attributes ({attrs}).",
                       f"{_zh_what(what)}应该是一个数字，但得到的是 {type(answer).__name__}——请从它的属性（{attrs}）中取出题目要求的数字。")
    if not isinstance(answer, numbers.Real):
        raise _Invalid(f"{what} should be a number; got {_a(type(answer).__name__)}.",
                       f"{_zh_what(what)}应该是数字，但得到的是 {type(answer).__name__}。")
    value = float(answer)
    if math.isnan(value):
        raise _Invalid(f"{what} is NaN (not a number) — look for a division by zero or missing data.",
                       f"{_zh_what(what)}是 NaN（非数字）——检查是否除以零或有缺失数据。")
    return value


def _a(noun: str) -> str:
    """``noun`` with its indefinite article: "a list", "an int"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _decimals(value: float) -> int | None:
    """Decimals written in ``value`` (0.13 -> 2), or None for more than 6 or a non-finite value."""
    if not math.isfinite(value):
        return None
    text = repr(float(value))
    if "e" in text or "E" in text:
        return None
    d = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return d if d <= 6 else None


def _rounds_to(a: float, e: float) -> int | None:
    """The number of decimals d at which ``e`` rounded is ``a`` (a rounded answer), or None."""
    d = _decimals(a)
    if d is None or d > 4:
        return None
    return d if round(e, d) == round(a, d) else None


def _label_diagnosis(answer: Any, expected: Any, ex: Exercise) -> tuple[str, str] | None:
    """For label answers: name a label that is not allowed, or a list of the wrong length."""
    if ex.kind not in ("choice", "set", "sequence") or not ex.terms:
        return None
    codes = [t.code for t in ex.terms]
    allowed = list(dict.fromkeys(codes))
    values = [answer] if ex.kind == "choice" else _as_list(answer)
    unknown = [v for v in values if not isinstance(v, Term) and _norm_label(v, ex) not in allowed]
    if unknown:
        shown = ", ".join(allowed)
        return (f"{str(unknown[0])!r} is not a valid label here; use one of: {shown} "
                f"(or their English or Chinese names).",
                f"{str(unknown[0])!r} 不是本题可用的标签；请使用：{shown}（或它们的中英文名称）。")
    if ex.kind == "sequence" and len(values) != len(list(expected)):
        n = len(list(expected))
        return (f"Expected {n} items in order, got {len(values)}.", f"应按顺序给出 {n} 项，你给了 {len(values)} 项。")
    return None


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
        shown = {_norm_label(k, ex): k for k in dict(expected)}  # name missing keys as the task spells them
        missing = [shown[k] for k in exp if k not in got]
        if missing:
            raise _Invalid(f"Your answer is missing the key(s): {', '.join(map(str, missing))}.",
                           f"你的答案缺少这些键：{', '.join(map(str, missing))}。")
        return all(_close(_as_float(got[k], f"the value for {k!r}"), float(v), ex) for k, v in exp.items())
    if kind == "choice":
        if not isinstance(answer, (str, Term)):
            raise _Invalid(f"Answer with one label (a string); got {_a(type(answer).__name__)}.",
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
        raise _Invalid(f"Answer with a list; got {_a(type(answer).__name__)}.",
                       f"请用列表作答，而不是 {type(answer).__name__}。")
    if isinstance(answer, dict):
        return list(answer.values())
    return list(answer)


def _as_mapping(answer: Any, ex: Exercise) -> dict:
    if hasattr(answer, "to_dict") and hasattr(answer, "index") and getattr(answer, "ndim", 2) == 1:
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        raise _Invalid(f"Answer with a dict (or pandas Series); got {_a(type(answer).__name__)}.",
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
    if _close(a, e * 100, ex) or _rounds_to(a, e * 100) is not None:
        return ("Your answer is 100× too large — is it a percentage where a fraction was asked?",
                "你的答案大了 100 倍——题目要的是小数，你是否写成了百分数？")
    if _close(a, e / 100, ex):
        return ("Your answer is 100× too small — is it a fraction where a percentage was asked?",
                "你的答案小了 100 倍——题目要的是百分数，你是否写成了小数？")
    if _close(a, -e, ex):
        return ("The size is right but the sign is reversed.", "数值大小对了，但符号反了。")
    d = _rounds_to(a, e)
    if d is not None:
        return (f"Very close — that is the right value rounded to {d} decimal{'s' if d != 1 else ''}; "
                "give more decimals.",
                f"非常接近——这是四舍五入到 {d} 位小数的正确值；请多保留几位小数。")
    return None
