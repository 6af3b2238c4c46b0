"""Every public import path of labkit keeps working when modules move.

``tests/data/public_names.json`` lists the flat ``lk.`` names and, per public module, every
name it defined or that the notebooks, docs, README or tests import from it, as they stood
before the one-concept-per-module split. A name may leave this list only with a reason below.
"""
import importlib
import json
import types
from pathlib import Path

import pytest

import labkit as lk

NAMES = json.loads((Path(__file__).parent / "data" / "public_names.json").read_text(encoding="utf-8"))

# (module, name) -> why the path was dropped on purpose.
DROPPED = {
    ("labkit.service", "plot_journey"): "a concept module may not import plotting (an upward import); "
                                        "it is lk.plot_journey and labkit.plotting.service.plot_journey",
}


def _resolve(module: str, name: str):
    mod = importlib.import_module(module)
    if hasattr(mod, name):
        return getattr(mod, name)
    return importlib.import_module(f"{module}.{name}")  # a submodule reached as an attribute


@pytest.mark.parametrize("name", NAMES["flat"])
def test_flat_name_survives(name):
    assert getattr(lk, name) is not None


@pytest.mark.parametrize("module", sorted(NAMES["modules"]))
def test_module_names_survive(module):
    lost = []
    for name in NAMES["modules"][module]:
        if (module, name) in DROPPED:
            continue
        try:
            _resolve(module, name)
        except (ImportError, AttributeError):
            lost.append(name)
    assert not lost, f"{module} lost {lost}"


def test_dropped_paths_have_a_new_home():
    assert lk.plot_journey is importlib.import_module("labkit.plotting.service").plot_journey
    with pytest.raises(AttributeError):
        importlib.import_module("labkit.service").plot_journey


def test_chapter_names_are_the_same_objects_in_flat_and_package():
    for module in ("labkit.satisfaction", "labkit.relationships", "labkit.service", "labkit.implementation",
                   "labkit.value", "labkit.methods"):
        mod = importlib.import_module(module)
        for name in mod.__all__:
            if hasattr(lk, name) and not isinstance(getattr(mod, name), types.ModuleType):
                assert getattr(lk, name) is getattr(mod, name), f"lk.{name} is not {module}.{name}"

