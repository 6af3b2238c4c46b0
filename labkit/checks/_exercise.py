"""The exercise convention's data: an exercise, its known mistakes (variants) and the result of a check."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from labkit.labels import Term, get_language
from labkit.errors import bilingual

__all__ = ['Exercise', 'Variant', 'CheckResult', 'KINDS']


KINDS = ("number", "numbers", "mapping", "choice", "set", "sequence", "bool", "text", "custom")


STATUSES = ("correct", "partial", "incorrect", "not_attempted", "invalid")


_MARK = {"correct": "✔", "partial": "◐", "incorrect": "✘", "not_attempted": "…", "invalid": "✘"}


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
            raise ValueError(bilingual(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}"))
        if self.kind == "custom" and self.compare is None:
            raise ValueError(bilingual(f"exercise {self.id}: kind 'custom' needs a compare function"))
        if "." not in self.id or not self.id.startswith("nb"):
            raise ValueError(bilingual(f"exercise id must look like 'nbN.name', got {self.id!r}"))


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: status, credit in [0, 1], points earned and the messages."""

    exercise: str
    status: str
    credit: float
    points: float
    en: str
    zh: str
    variant: int | None = None  # index into the exercise's variants when a known mistake matched

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
