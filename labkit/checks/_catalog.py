"""The exercise registry: every chapter's exercises (``labkit.checks.nbN.EXERCISES``), found by id."""
from __future__ import annotations

import difflib
import importlib
import pkgutil
from pathlib import Path

from labkit._validate import integer, one_of
from labkit.checks._exercise import Exercise
from labkit.errors import bilingual

__all__ = ['get_exercise', 'list_exercises', 'exercises_table']


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
    here = str(Path(__file__).resolve().parent)  # this package's folder
    return sorted(m.name for m in pkgutil.iter_modules([here]) if m.name.startswith("nb"))


def get_exercise(exercise_id: str) -> Exercise:
    """The :class:`Exercise` with this id; a ValueError suggests close ids for a typo.

    Examples
    --------
    >>> get_exercise("nb0.customers_count").points
    1.0
    """
    if not isinstance(exercise_id, str):
        raise TypeError(bilingual(f"exercise_id must be a string like 'nb3.nps_seed_1', got {exercise_id!r}"))
    prefix = exercise_id.split(".", 1)[0]
    reg = _registry(prefix)
    if exercise_id in reg:
        return reg[exercise_id]
    known = [ex.id for p in _chapters() for ex in _registry(p).values()]
    close = difflib.get_close_matches(exercise_id, known, n=3)
    extra = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValueError(bilingual(f"exercise_id {exercise_id!r} is not a known exercise{extra}"))


def list_exercises(chapter: str | int | None = None) -> list[Exercise]:
    """Exercises of one chapter (``0``…``5`` or ``"nb3"``) or of all chapters, in order."""
    if chapter is None:
        prefixes = _chapters()
    else:
        prefix = chapter if isinstance(chapter, str) else f"nb{integer('chapter', chapter, low=0)}"
        one_of("chapter", prefix, _chapters())
        prefixes = [prefix]
    return [ex for p in prefixes for ex in _registry(p).values()]


def exercises_table(chapter: str | int | None = None):
    """A DataFrame of exercises: id, points, what it asks (English and Chinese)."""
    import pandas as pd

    rows = [(ex.id, ex.points, ex.kind, ex.en, ex.zh) for ex in list_exercises(chapter)]
    return pd.DataFrame(rows, columns=["exercise", "points", "kind", "english", "chinese"])
