"""The kernel launcher's watchdog: a kernel nobody shuts down is killed after its lifetime, and
the watchdog itself never outlives the kernel (labkit/grading/_launch.py)."""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from labkit.grading import _sandbox
from labkit.grading._sandbox import Limits

LAUNCH = Path(_sandbox.__file__).with_name("_launch.py")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self").exists(),
                                reason="the watchdog needs fork and /proc (Linux)")


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_a_kernel_left_behind_is_killed_after_its_lifetime():
    marker = f"left-behind-{secrets.token_hex(4)}"
    proc = subprocess.Popen([sys.executable, str(LAUNCH), "0", "0", "1", "--",
                             sys.executable, "-c", "import time; time.sleep(120)", marker])
    try:
        assert proc.wait(timeout=60) == -signal.SIGKILL  # killed by the watchdog, not finished
    finally:
        proc.kill()
    deadline = time.monotonic() + 30
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_with(marker) == []  # nothing of it is left


def test_the_watchdog_ends_with_the_kernel():
    marker = f"short-lived-{secrets.token_hex(4)}"
    proc = subprocess.run([sys.executable, str(LAUNCH), "0", "0", "600", "--",
                           sys.executable, "-c", "print('done')", marker],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout == "done\n"  # the watchdog holds no pipe open
    deadline = time.monotonic() + 30
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_with(marker) == []


def test_the_lifetime_is_well_beyond_the_graders_own_limits():
    limits = Limits(total_timeout=300)
    assert float(_sandbox._lifetime(limits)) == 2 * 300 + 120
    assert float(_sandbox._lifetime(limits)) > limits.total_timeout + limits.cell_timeout


def test_usage_without_a_lifetime_is_refused():
    proc = subprocess.run([sys.executable, str(LAUNCH), "0", "0", "--", "true"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
