"""Benchmark: `labkit doctor` reading versions from package metadata vs importing every package.

The old doctor imported each package to read its ``__version__`` (nbformat alone 2.5 s on a
cold start) and printed nothing until the end. This runs both ways in fresh interpreters, side
by side, and prints the median wall time of each and their ratio. Goal: doctor under 1 s on an
idle 2-core machine (the whole check: Python, packages, widgets, CJK font, data, sandbox).

Run: ``make benchmark`` or ``python benchmarks/bench_doctor.py [--repeat N]``.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

OLD_WAY = ("import importlib\n"
           "for m in ('numpy', 'pandas', 'scipy', 'matplotlib', 'ipywidgets', 'faker', 'sklearn', 'nbformat',\n"
           "          'nbclient', 'ipykernel', 'jupyterlab', 'nbval', 'pytest'):\n"
           "    importlib.import_module(m)\n")
NEW_WAY = "from labkit.cli import main; main(['doctor'])"


def wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each way (default 3)")
    args = parser.parse_args()
    old, new = [], []
    for _ in range(args.repeat):  # interleaved, so both see the same machine load
        old.append(wall(OLD_WAY))
        new.append(wall(NEW_WAY))
    o, n = statistics.median(old), statistics.median(new)
    print(f"doctor, versions by importing every package (old): {o:6.2f} s")
    print(f"doctor, versions from metadata, all checks (new):  {n:6.2f} s")
    print(f"ratio old/new: {o / n:.1f}x   (goal: new under 1 s on an idle machine)")


if __name__ == "__main__":
    main()
