"""The grader process itself: import everything before any submission runs, read no bytecode
from the course tree, and make pool workers die with the grader.

Examples
--------
>>> with private_bytecode():
...     import sys
...     sys.dont_write_bytecode
True
"""
from __future__ import annotations

import contextlib
import ctypes
import importlib
import os
import signal
import sys
import tempfile

__all__ = ["preload", "private_bytecode", "die_with_parent"]

# Everything the grader process imports while grading, imported up front: a module first
# imported after submissions ran could come from a file a submission planted.
_MODULES = ("json", "csv", "html", "hashlib", "secrets", "concurrent.futures", "multiprocessing",
            "numpy", "pandas", "nbformat", "nbformat.v4", "nbclient", "nbclient.exceptions",
            "jupyter_client", "jupyter_client.manager", "jupyter_client.asynchronous", "zmq", "zmq.asyncio",
            "ipykernel", "labkit.labels", "labkit.release", "labkit.checks", "labkit.datasets",
            "labkit.grading", "labkit.grading._answers", "labkit.grading._repro", "labkit.grading._report",
            "labkit.grading._sandbox", "labkit.grading.bwrap", "labkit.grading.intake",
            "labkit.grading.journal", "labkit.grading._batch", "labkit.grading._execute",
            "labkit.grading._score", "labkit.grading._spec", "labkit.kernelspec")


def preload(extra: tuple[str, ...] = ()) -> None:
    """Import every module grading uses (and every chapter's exercise definitions) now."""
    for name in (*_MODULES, *extra):
        try:
            importlib.import_module(name)
        except ImportError:
            continue
    from labkit.checks import list_exercises

    list_exercises()  # imports labkit.checks.nb0 … nbN


@contextlib.contextmanager
def private_bytecode():
    """Within the block, bytecode is neither written nor read in the course tree.

    ``sys.pycache_prefix`` points to a fresh private folder, so a ``.pyc`` planted in a
    ``__pycache__`` folder is never loaded, and ``sys.dont_write_bytecode`` stops writing.
    """
    saved = sys.pycache_prefix, sys.dont_write_bytecode
    with tempfile.TemporaryDirectory(prefix="labkit-pycache-") as folder:
        sys.pycache_prefix, sys.dont_write_bytecode = folder, True
        try:
            yield folder
        finally:
            sys.pycache_prefix, sys.dont_write_bytecode = saved


def die_with_parent(parent: int | None = None) -> None:
    """Ask Linux to SIGKILL this process when its parent dies (a pool worker's initializer)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if parent is not None and os.getppid() != parent:  # the parent died before prctl
        os._exit(1)
    sys.dont_write_bytecode = True
