"""Grading throughput: ``labkit grade --jobs N`` against ``jupyter nbconvert --execute`` one after another.

Usage: python benchmarks/bench_grading.py [--copies 100] [--jobs 2] [--notebook PATH]

Both sides execute the same copies of one submission. The ratio is nbconvert's wall time
over labkit's; the per-submission overhead is labkit's time with one job minus pure execution
time per file (sandbox folder, limits, answer extraction, reproducibility report, scoring).
nbconvert's default graceful kernel shutdown waits several seconds per notebook, so the
script also times pure execution (in-process nbclient, immediate shutdown) and reports the
ratio and the overhead against that honest baseline.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from labkit.grading import Limits, grade, load_spec  # noqa: E402

DATA = ROOT / "tests" / "data"


def _copies(notebook: Path, n: int, folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for i in range(n):
        path = folder / f"s{i:04d}.ipynb"
        shutil.copy(notebook, path)
        paths.append(path)
    return paths


def _nbconvert(paths: list[Path]) -> float:
    start = time.perf_counter()
    for p in paths:
        subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                        "--output", p.stem + ".out", str(p)], check=True, capture_output=True,
                       cwd=p.parent)
    return time.perf_counter() - start


def _nbclient(paths: list[Path]) -> float:
    """Pure execution: in-process nbclient, kernel stopped immediately (no graceful-shutdown wait)."""
    import nbformat
    from nbclient import NotebookClient

    start = time.perf_counter()
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        NotebookClient(nb, kernel_name="python3", shutdown_kernel="immediate",
                       resources={"metadata": {"path": str(p.parent)}}).execute()
    return time.perf_counter() - start


def _labkit(paths: list[Path], spec, jobs: int) -> float:
    start = time.perf_counter()
    results = grade(paths, spec, Limits(), jobs=jobs, progress=False)
    elapsed = time.perf_counter() - start
    bad = [r for r in results if r.status != "ok"]
    if bad:
        raise SystemExit(f"unexpected statuses: {[(r.student_id, r.status, r.reason) for r in bad[:3]]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--notebook", default=str(DATA / "submissions" / "good.ipynb"))
    parser.add_argument("--instructor", default=str(DATA / "instructor.ipynb"))
    args = parser.parse_args()
    spec = load_spec(args.instructor)
    with tempfile.TemporaryDirectory() as tmp:
        paths = _copies(Path(args.notebook), args.copies, Path(tmp) / "subs")
        nbconvert = _nbconvert(paths)
        for p in Path(tmp, "subs").glob("*.out.ipynb"):
            p.unlink()
        parallel = _labkit(paths, spec, args.jobs)
        few = paths[: max(2, args.copies // 10)]
        single = _labkit(few, spec, 1) / len(few)
        pure = _nbclient(few) / len(few)
    n = args.copies
    print(f"{n} copies of {Path(args.notebook).name}")
    print(f"nbconvert --execute, one after another: {nbconvert:7.1f} s ({nbconvert / n:.2f} s each)")
    print(f"labkit grade --jobs {args.jobs}:                {parallel:7.1f} s ({parallel / n:.2f} s each)")
    print(f"ratio nbconvert / labkit:               {nbconvert / parallel:7.2f}x")
    print(f"ratio sequential pure execution / labkit: {pure * n / parallel:5.2f}x "
          f"(pure execution: nbclient in-process, immediate kernel shutdown, {pure:.2f} s each)")
    print(f"labkit grade --jobs 1, per submission:  {single:7.2f} s "
          f"(overhead beyond pure execution: {single - pure:+.2f} s)")


if __name__ == "__main__":
    main()
