"""The end-to-end test with a real JupyterHub (``make test-hub``; in CI through ``bash .ci/hub``).

Without jupyterhub, requests or configurable-http-proxy, or without a free port on 127.0.0.1,
the test is skipped with a line saying which. Not part of ``make test`` (pytest's testpaths
do not include this folder).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

TIMINGS: dict[str, float] = {}  # step -> seconds, printed at the end


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS:
        return
    terminalreporter.section("JupyterHub end-to-end: seconds per step")
    for step, seconds in TIMINGS.items():
        terminalreporter.write_line(f"{step:<54} {seconds:7.1f}")
