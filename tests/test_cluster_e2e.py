"""Grading on Dask end to end, as a user runs it: `dask scheduler`, two `dask worker` processes,
`labkit grade --cluster tcp://...`, one worker killed mid-batch (`make test-cluster`; in CI).

The scheduler runs with ``DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=0`` (the setting
docs/grading.md asks for), each process in its own process group on 127.0.0.1. After the
first result is journaled, the second worker's whole process group is killed; the batch must
still give every row, and the gradebook must be byte for byte the process pool's
(``--jobs 2``) on the same submissions. Every wait is bounded; without a sandbox or when the
ports are refused the test skips with the reason.
"""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.cluster
distributed = pytest.importorskip("distributed", reason="Dask is not installed: pip install 'labkit[cluster]'")

from labkit.grading.bwrap import probe  # noqa: E402

DATA = Path(__file__).parent / "data"
INSTRUCTOR = DATA / "instructor.ipynb"
BIN = Path(sys.executable).parent
STUDENTS = 8
LIMITS = ["--timeout", "20", "--total-timeout", "90", "--memory", "1024"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _until(condition, timeout: float, what: str, procs=()):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        for p in procs:
            if p.poll() is not None:
                pytest.fail(f"{what}: {p.args[:2]} exited with {p.returncode}")
        time.sleep(0.2)
    pytest.fail(f"{what}: not within {timeout:g} s")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(f.relative_to(folder)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def test_dask_scheduler_and_workers_one_killed_mid_batch(tmp_path):
    ok, why = probe()
    if not ok:
        pytest.skip(f"skipped: no grading sandbox here ({why})")
    try:
        port = _free_port()
    except OSError as err:
        pytest.skip(f"skipped: no TCP port on 127.0.0.1 ({err})")
    address = f"tcp://127.0.0.1:{port}"
    subprocess.run([str(BIN / "labkit"), "simulate", str(INSTRUCTOR), "--out", str(tmp_path / "class"),
                    "--students", str(STUDENTS)], check=True, capture_output=True, timeout=60)
    subs = tmp_path / "class" / "submissions"
    env = dict(os.environ, DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="0")
    logs = tmp_path / "logs"
    logs.mkdir()
    procs: list[subprocess.Popen] = []

    def start(name: str, argv: list[str]) -> subprocess.Popen:
        log = open(logs / f"{name}.log", "wb")
        p = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp_path,
                             start_new_session=True)  # its own process group, killed as a whole
        procs.append(p)
        return p

    try:
        scheduler = start("scheduler", [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                        "--dashboard-address", "127.0.0.1:0"])

        def listening() -> bool:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return True
            except OSError:
                return False

        end = time.monotonic() + 60
        while not listening():
            if scheduler.poll() is not None or time.monotonic() > end:
                pytest.skip(f"skipped: the port {port} on 127.0.0.1 was refused (dask scheduler: "
                            f"{(logs / 'scheduler.log').read_text(errors='replace')[-300:]!r})")
            time.sleep(0.2)
        workers = [start(f"worker{i}", [str(BIN / "dask"), "worker", address, "--nthreads", "1", "--nworkers", "1",
                                         "--no-dashboard", "--name", f"w{i}"]) for i in (1, 2)]
        with distributed.Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=90)

        out = tmp_path / "cluster" / "gb.csv"
        grading = start("grade", [str(BIN / "labkit"), "grade", str(subs), "--instructor", str(INSTRUCTOR),
                                  "--out", str(out), "--cluster", address, *LIMITS])
        journal = out.with_name(out.name + ".journal")
        _until(lambda: journal.is_file() and len(journal.read_text(encoding="utf-8").splitlines()) >= 2,
               120, "the first result journaled", [grading])
        os.killpg(workers[1].pid, signal.SIGKILL)  # the second worker, its nanny and its kernels
        workers[1].wait(timeout=30)
        try:
            grading.wait(timeout=150)
        except subprocess.TimeoutExpired:
            pytest.fail("labkit grade --cluster did not finish within 150 s of the worker being killed")
        said = (logs / "grade.log").read_text(encoding="utf-8", errors="replace")
        assert grading.returncode == 0, said[-3000:]
        assert "resubmitted once" in said, said[-3000:]  # the killed worker's submission was retried
        assert "Dask dashboard: http://127.0.0.1:" in said

        pool = tmp_path / "pool" / "gb.csv"
        subprocess.run([str(BIN / "labkit"), "grade", str(subs), "--instructor", str(INSTRUCTOR), "--out", str(pool),
                        "--jobs", "2", "--quiet", *LIMITS], check=True, capture_output=True, timeout=240)
        rows = out.read_text(encoding="utf-8-sig").splitlines()[1:]
        assert sorted(r.split(",")[0] for r in rows) == [f"2026{i:03d}" for i in range(1, STUDENTS + 1)]
        assert out.read_bytes() == pool.read_bytes()  # the gradebook has no timing column
        assert _files(out.parent / "gb-feedback") == _files(pool.parent / "gb-feedback")
        assert len(journal.read_text(encoding="utf-8").splitlines()) == 1 + STUDENTS
    finally:
        for p in procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait(timeout=30)
