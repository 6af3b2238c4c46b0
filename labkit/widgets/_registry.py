"""Which live demos each chapter has, found by chapter number."""
from __future__ import annotations

import importlib
from typing import Callable

from labkit.widgets._demo import Demo
from labkit.errors import bilingual

__all__ = ['DEMOS', 'demos_for']


# chapter number -> module under labkit.widgets; each module lists its demos, in order, in
# a module-level ``DEMOS`` list of function names.
DEMOS: dict[int, str] = {
    0: "start", 1: "relationships", 2: "service", 3: "satisfaction", 4: "value", 5: "implementation",
}


def _module(chapter: int):
    name = DEMOS.get(int(chapter))
    if name is None:
        raise ValueError(bilingual(f"chapter must be one of {', '.join(map(str, DEMOS))}, got {chapter!r}"))
    try:
        return importlib.import_module(f"labkit.widgets.{name}")
    except ModuleNotFoundError as err:
        if err.name == f"labkit.widgets.{name}":
            return None
        raise


def demos_for(chapter: int) -> list[Callable[..., "Demo"]]:
    """The demo functions of one chapter, in order (empty when it has none yet).

    Examples
    --------
    >>> [f.__name__ for f in demos_for(0)]
    ['language_demo']
    """
    mod = _module(chapter)
    return [getattr(mod, n) for n in getattr(mod, "DEMOS", ())] if mod else []
