"""``lk.__all__`` and ``dir(lk)`` list the whole flat namespace without importing the chapters (or pandas)."""
import importlib
import subprocess
import sys

import labkit as lk
from labkit import _lazy


def _dynamic_names() -> set[str]:
    names = set(_lazy._EXPORTS)
    for chapter in _lazy._CHAPTERS:
        names |= set(importlib.import_module(f"labkit.{chapter}").__all__)
    return names


def test_static_list_matches_the_chapters():
    assert set(_lazy._FLAT_NAMES) | set(_lazy._EXPORTS) == _dynamic_names()
    assert len(lk.__all__) > 240


def test_every_listed_name_resolves():
    for name in lk.__all__:
        assert getattr(lk, name) is not None, name


def test_dir_and_all_do_not_import_pandas():
    code = ("import sys, labkit as lk; names = dir(lk); a = lk.__all__; "
            "assert 'clv' in names and 'nps' in a and 'pls_sem' in a, 'missing names'; "
            "assert 'pandas' not in sys.modules, 'pandas was imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_star_import_brings_the_whole_namespace():
    code = "from labkit import *; assert callable(clv) and callable(nps) and callable(fit_bgnbd)"
    subprocess.run([sys.executable, "-c", code], check=True)
