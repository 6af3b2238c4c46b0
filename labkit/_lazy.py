"""The flat ``lk.`` namespace: submodules and public names found on first use, so ``import labkit`` stays cheap.

Chapter packages' ``__all__`` join the namespace without registering here; cross-cutting
names are listed in :data:`_EXPORTS`. This module imports nothing of labkit's at import time.
"""
from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

# Submodules reachable as attributes (lk.datasets, lk.value, ...).
_SUBMODULES = {
    "curriculum", "labels", "datasets", "plotting", "widgets", "checks", "grading", "cli",
    "relationships", "service", "satisfaction", "value", "value_models", "implementation", "warehouse",
    "methods", "kernelspec", "errors", "release", "demo",
}

# Chapter modules: their ``__all__`` joins the flat namespace (``lk.nps``, ``lk.clv``), found on
# first use, so no chapter has to register its names here.
_CHAPTERS = ("relationships", "service", "satisfaction", "value", "implementation")

# Cross-cutting names of the flat namespace: public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    # cross-cutting
    "check": "checks",
    "set_language": "labels",
    "label": "labels",
    "terms_table": "labels",
    "use_style": "plotting",
    "plot_journey": "plotting.service",
    "load_customers": "datasets",
    "load_transactions": "datasets",
    "load_complaints": "datasets",
    "load_survey": "datasets",
    "load_churn": "datasets",
    "load_crm_funnel": "datasets",
    "load_crm_cashflows": "datasets",
    "load_truth": "datasets",
}


def _chapter_names() -> tuple[str, ...]:
    """Every chapter's ``__all__``, read from the source (no chapter, and so no pandas, is imported).

    ``dir(lk)``, tab completion and ``from labkit import *`` see the whole flat namespace this way,
    and the chapters' ``__all__`` lists stay its one source.
    """
    here = Path(__file__).resolve().parent
    names: list[str] = []
    for chapter in _CHAPTERS:
        path = here / chapter / "__init__.py"
        if not path.is_file():
            path = here / f"{chapter}.py"
        if not path.is_file():
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
                names += ast.literal_eval(node.value)
    return tuple(names)


_FLAT_NAMES: tuple[str, ...] = _chapter_names()


def __getattr__(name: str):
    namespace = sys.modules["labkit"].__dict__
    if name in _SUBMODULES:
        return importlib.import_module(f"labkit.{name}")
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"labkit.{_EXPORTS[name]}"), name)
        namespace[name] = value
        return value
    if not name.startswith("_"):
        for chapter in _CHAPTERS:
            try:
                module = importlib.import_module(f"labkit.{chapter}")
            except ModuleNotFoundError as err:
                if err.name == f"labkit.{chapter}":
                    continue
                raise
            if name in getattr(module, "__all__", ()):
                value = getattr(module, name)
                namespace[name] = value
                return value
    raise AttributeError(f"module 'labkit' has no attribute {name!r}")


def __dir__():
    return sorted(set(sys.modules["labkit"].__dict__) | _SUBMODULES | set(_EXPORTS) | set(_FLAT_NAMES))


__all__ = sorted(set(_EXPORTS) | set(_FLAT_NAMES))
