"""Grading throughput: ``labkit grade --jobs N`` against ``jupyter nbconvert --execute`` one after another.

Usage: python benchmarks/bench_grading.py [--copies 100] [--jobs 2] [--notebook PATH] [--cluster local]

Both sides execute the same copies of one submission. The ratio is nbconvert's wall time
over labkit's; the sandbox overhead is labkit's time per submission with the bubblewrap
sandbox minus without it (``Limits(sandbox=False)``), measured alternately on the same files; the per-submission overhead is labkit's time with one job minus pure execution
time per file (sandbox folder, limits, answer extraction, reproducibility report, scoring).
nbconvert's default graceful kernel shutdown waits several seconds per notebook, so the
script also times pure execution (in-process nbclient, immediate shutdown) and reports the
ratio and the overhead against that honest baseline.

``--cluster local`` compares instead the process pool with a Dask LocalCluster of the same
number of workers on the same copies, in one run: throughput of each, the cluster's start-up
time (measured separately), its overhead per submission (difference of the mean wall time per
submission; the workers' one-time preload counts in it), the ratio, the central scheduler's
cost per task (no-op tasks), and a projection for 10,000 submissions on N workers. The
projection assumes the per-submission cost measured here stays constant (workers like these,
one core each) and that the scheduler, serving tasks one after another at the measured rate,
is the only shared cost: time = start-up + max(10,000 x cost / N, 10,000 x scheduler cost per task).
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


def _labkit(paths: list[Path], spec, jobs: int, sandbox: bool = True) -> float:
    import warnings

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the --no-sandbox warning, expected here
        results = grade(paths, spec, Limits(sandbox=sandbox), jobs=jobs, progress=False)
    elapsed = time.perf_counter() - start
    bad = [r for r in results if r.status != "ok"]
    if bad:
        raise SystemExit(f"unexpected statuses: {[(r.student_id, r.status, r.reason) for r in bad[:3]]}")
    return elapsed


def _cluster(paths: list[Path], spec, jobs: int, sandbox: bool) -> None:
    """The process pool and a LocalCluster of ``jobs`` workers on the same copies, side by side."""
    from labkit.grading import _cluster as cluster

    limits = Limits(sandbox=sandbox)
    n = len(paths)
    pool = _labkit(paths, spec, jobs, sandbox)
    start = time.perf_counter()
    client, close = cluster._connect("local", jobs, lambda message: None)
    from labkit.grading._proc import preload

    client.run(preload)  # each worker's one-time imports, counted with the start-up
    startup = time.perf_counter() - start
    try:
        import warnings

        address = client.scheduler.address
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results = grade(paths, spec, limits, progress=False, cluster=address)
        on_dask = time.perf_counter() - start
        bad = [r for r in results if r.status != "ok"]
        if bad:
            raise SystemExit(f"unexpected statuses: {[(r.student_id, r.status, r.reason) for r in bad[:3]]}")
        tasks = 200
        start = time.perf_counter()
        client.gather(client.map(lambda i: i, range(tasks), pure=False))
        scheduler = (time.perf_counter() - start) / tasks
    finally:
        close()
    cost = on_dask * jobs / n  # worker-seconds per submission
    print(f"{n} copies of the submission, {jobs} workers each side; sandbox: {'on' if sandbox else 'off'}")
    print(f"process pool (--jobs {jobs}):       {pool:7.1f} s  {n / pool:6.2f} submissions/s  ({pool / n:.3f} s each)")
    print(f"LocalCluster ({jobs} workers):      {on_dask:7.1f} s  {n / on_dask:6.2f} submissions/s  ({on_dask / n:.3f} s each)")
    print(f"LocalCluster start-up (once):     {startup:7.1f} s  (workers started and preloaded; not in the line above)")
    print(f"cluster overhead per submission:  {(on_dask - pool) / n:+7.3f} s wall "
          f"({(on_dask - pool) * jobs / n:+.3f} worker-s)")
    print(f"ratio pool / cluster throughput:  {(n / pool) / (n / on_dask):7.2f}x")
    print(f"scheduler cost per task (no-op):  {scheduler * 1000:7.2f} ms")
    print(f"projection for 10,000 submissions at {cost:.2f} worker-s each "
          "(assumes that cost constant, the scheduler the only shared cost, start-up as measured here):")
    for workers in (2, 16, 64, 256):
        t = startup + max(10_000 * cost / workers, 10_000 * scheduler)
        print(f"  {workers:4d} workers: {t / 60:8.1f} min ({t / 3600:.2f} h)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--notebook", default=str(DATA / "submissions" / "good.ipynb"))
    parser.add_argument("--instructor", default=str(DATA / "instructor.ipynb"))
    parser.add_argument("--skip-nbconvert", action="store_true", help="leave out the slow nbconvert side")
    parser.add_argument("--cluster", choices=["local"], default=None,
                        help="compare the process pool with a Dask LocalCluster instead (needs labkit[cluster])")
    args = parser.parse_args()
    spec = load_spec(args.instructor)
    from labkit.grading.bwrap import probe

    sandbox, why = probe()
    with tempfile.TemporaryDirectory() as tmp:
        paths = _copies(Path(args.notebook), args.copies, Path(tmp) / "subs")
        if args.cluster:
            return _cluster(paths, spec, args.jobs, sandbox)
        nbconvert = None if args.skip_nbconvert else _nbconvert(paths)
        for p in Path(tmp, "subs").glob("*.out.ipynb"):
            p.unlink()
        parallel = _labkit(paths, spec, args.jobs, sandbox)
        few = paths[: max(6, args.copies // 10)]
        # sandbox on and off, alternately, one submission at a time, on the same files
        on, off = [], []
        for p in few:
            if sandbox:
                on.append(_labkit([p], spec, 1, True))
            off.append(_labkit([p], spec, 1, False))
        single = (sum(on) if sandbox else sum(off)) / len(few)
        pure = _nbclient(few) / len(few)
    n = args.copies
    print(f"{n} copies of {Path(args.notebook).name}; sandbox: {'on' if sandbox else 'off (' + why + ')'}")
    if nbconvert is not None:
        print(f"nbconvert --execute, one after another: {nbconvert:7.1f} s ({nbconvert / n:.2f} s each)")
    print(f"labkit grade --jobs {args.jobs}:                {parallel:7.1f} s ({parallel / n:.2f} s each)")
    if nbconvert is not None:
        print(f"ratio nbconvert / labkit:               {nbconvert / parallel:7.2f}x")
    if sandbox:
        print(f"sandbox overhead per submission:        {(sum(on) - sum(off)) / len(few):+7.2f} s "
              f"(with {sum(on) / len(few):.2f} s, without {sum(off) / len(few):.2f} s; goal <= 0.3 s)")
    print(f"ratio sequential pure execution / labkit: {pure * n / parallel:5.2f}x "
          f"(pure execution: nbclient in-process, immediate kernel shutdown, {pure:.2f} s each)")
    print(f"labkit grade --jobs 1, per submission:  {single:7.2f} s "
          f"(overhead beyond pure execution: {single - pure:+.2f} s)")


if __name__ == "__main__":
    main()
