"""Chapter demo modules reachable as attributes of :mod:`labkit.widgets`, imported on first use."""
from __future__ import annotations

from labkit.widgets._registry import DEMOS, _module


def __getattr__(name: str):
    if not name.startswith("_"):
        for chapter in DEMOS:
            mod = _module(chapter)
            if mod is not None and name in getattr(mod, "DEMOS", ()):
                return getattr(mod, name)
    raise AttributeError(f"module 'labkit.widgets' has no attribute {name!r}")
