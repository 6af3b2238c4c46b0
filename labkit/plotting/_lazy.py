"""Chapter figure modules reachable as attributes of :mod:`labkit.plotting`, imported on first use."""
from __future__ import annotations


def __getattr__(name: str):
    """``labkit.plotting.value`` and friends load on first use, without an explicit import."""
    import importlib

    if name in ("datasets", "relationships", "service", "satisfaction", "value", "implementation"):
        return importlib.import_module(f"labkit.plotting.{name}")
    raise AttributeError(f"module 'labkit.plotting' has no attribute {name!r}")
