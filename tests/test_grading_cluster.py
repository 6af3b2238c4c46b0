"""Grading on Dask (labkit.grading._cluster): the same rows as the process pool, refusals, lost workers.

The LocalCluster tests grade short submissions on two single-thread worker processes; the
end-to-end run with a real ``dask scheduler`` and ``dask worker`` processes is
tests/test_cluster_e2e.py (``make test-cluster``).
"""
import dataclasses
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="Dask is not installed: pip install 'labkit[cluster]'")

from labkit.cli import main  # noqa: E402
from labkit.grading import Limits, SandboxUnavailable, grade  # noqa: E402
from labkit.grading import _cluster  # noqa: E402
from labkit.grading._score import _answer_values  # noqa: E402
from labkit.grading.bwrap import probe  # noqa: E402

DATA = Path(__file__).parent / "data"
SUBMISSIONS = DATA / "submissions"
INSTRUCTOR = DATA / "instructor.ipynb"
CALM = Limits(cell_timeout=30, total_timeout=60, memory_mb=1024, output_mb=1)
OPEN = dataclasses.replace(CALM, sandbox=False)  # for runs that never start a kernel
SANDBOX, SANDBOX_WHY = probe()
needs_sandbox = pytest.mark.skipif(not SANDBOX, reason=f"grading sandbox not available here: {SANDBOX_WHY}")


@pytest.fixture(scope="module")
def scheduler():
    """A LocalCluster of two single-thread worker processes, reached by its tcp:// address."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
                                           silence_logs=50)
    with cluster, distributed.Client(cluster) as client:
        yield cluster.scheduler_address, client


def _context(spec, limits=OPEN, version=None):
    fp = _cluster.fingerprint()
    return _cluster.Context(spec, limits, "file", {}, _answer_values(spec.ids),
                            (version or fp[0], fp[1]), "test")


def _same(a, b):
    return [dataclasses.replace(r, seconds=0.0) for r in a] == [dataclasses.replace(r, seconds=0.0) for r in b]


def _invalid(folder: Path, *names: str) -> list[Path]:
    """Files that are not notebooks: each gets an invalid row without starting a kernel."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text("{ not json", encoding="utf-8")
    return [folder / n for n in names]


# ---------------------------------------------------------------- bad input, before anything runs

@pytest.mark.parametrize("bad", ["", "Local", "dask", "10.0.0.5:8786", "tcp://", "tcp://host",
                                 "tcp://host:0", "tcp://host:99999", "http://host:8786", "tls://host:8786",
                                 "tcp://a b:1", 8786])
def test_bad_cluster_is_a_bilingual_error_naming_the_value(bad, spec, tmp_path):
    with pytest.raises(ValueError, match=r"cluster must be 'local' or a scheduler address tcp://HOST:PORT") as err:
        grade(_invalid(tmp_path, "a.ipynb"), spec, OPEN, cluster=bad, progress=False)
    assert repr(bad) in str(err.value) and "调度器地址" in str(err.value)


def test_cli_bad_cluster_and_unreachable_scheduler(tmp_path, capsys, monkeypatch):
    subs = _invalid(tmp_path / "subs", "a.ipynb")
    args = ["grade", str(subs[0]), "--instructor", str(INSTRUCTOR), "--out", str(tmp_path / "gb.csv"), "--quiet"]
    assert main([*args, "--cluster", "tcp:/nowhere"]) == 2
    assert "cluster must be 'local'" in capsys.readouterr().err
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(_cluster, "CONNECT_TIMEOUT", 2)
    assert main([*args, "--cluster", f"tcp://127.0.0.1:{port}"]) == 2
    err = capsys.readouterr().err
    assert f"could not reach the Dask scheduler at tcp://127.0.0.1:{port}" in err and "无法连接" in err


def test_cli_says_how_to_install_dask_when_it_is_missing(tmp_path, capsys, monkeypatch):
    subs = _invalid(tmp_path / "subs", "a.ipynb")
    monkeypatch.setitem(sys.modules, "dask", None)  # `import dask` now fails as if not installed
    monkeypatch.setitem(sys.modules, "distributed", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rc = main(["grade", str(subs[0]), "--instructor", str(INSTRUCTOR), "--out", str(tmp_path / "gb.csv"),
                   "--quiet", "--no-sandbox", "--cluster", "local"])
    assert rc == 2
    err = capsys.readouterr().err
    assert "--cluster needs Dask: pip install 'labkit[cluster]'" in err and "需要 Dask" in err


def test_grading_without_cluster_does_not_import_dask(tmp_path):
    subs = _invalid(tmp_path / "subs", "a.ipynb")
    code = ("import sys, warnings; warnings.simplefilter('ignore'); from labkit.cli import main; "
            f"rc = main(['grade', {str(subs[0])!r}, '--instructor', {str(INSTRUCTOR)!r}, '--out', "
            f"{str(tmp_path / 'gb.csv')!r}, '--quiet', '--no-sandbox']); "
            "print(rc, sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "0 []", out.stderr[-2000:]


# ---------------------------------------------------------------- the worker's refusals (in this process)

def test_worker_with_another_labkit_refuses_naming_both(spec):
    context = _context(spec, version="9.9.9")
    with pytest.raises(RuntimeError, match=r"this worker runs labkit \S+ .* but the grader runs labkit 9\.9\.9") as err:
        _cluster.grade_one("a.ipynb", b"{}", context)
    assert "请在每个工作节点安装相同的 labkit" in str(err.value)


def test_worker_without_sandbox_refuses_to_grade(spec, monkeypatch):
    import labkit.grading.bwrap as bwrap

    monkeypatch.setattr(bwrap, "probe", lambda: (False, "simulated: no user namespaces"))
    monkeypatch.setitem(_cluster._STATE, "probe", None)
    with pytest.raises(SandboxUnavailable, match="simulated: no user namespaces.*refuses to grade"):
        _cluster.grade_one("a.ipynb", b"{}", _context(spec, CALM))


def test_worker_refuses_a_name_that_is_not_a_plain_file_name(spec):
    for name in ("../x.ipynb", "a/b.ipynb", "", ".."):
        with pytest.raises(ValueError, match="name must be a plain file name"):
            _cluster.grade_one(name, b"{}", _context(spec))


# ---------------------------------------------------------------- which workers may grade

class _FakeClient:
    """The two calls the pre-batch check makes, answered from a table."""

    def __init__(self, answers):
        self.answers = answers

    def scheduler_info(self, n_workers=-1):
        return {"workers": {a: {} for a in self.answers}}

    def run(self, function, workers=None, on_error="raise"):
        return {a: self.answers[a] for a in workers}


def test_unfit_workers_are_excluded_and_named_none_fit_refuses(spec):
    fp = _cluster.fingerprint()
    ok = {"sandbox": (True, "available"), "fingerprint": fp}
    client = _FakeClient({"tcp://w1:1": {"sandbox": (False, "bwrap missing"), "fingerprint": fp},
                          "tcp://w2:1": {"sandbox": (True, "available"), "fingerprint": ("0.0.1", "ab" * 32)},
                          "tcp://w3:1": ok, "tcp://w4:1": OSError("comm closed")})
    said = []
    fit, unfit = _cluster._probe(client, set(client.answers), _context(spec, CALM), _cluster.worker_status, said.append)
    assert fit == {"tcp://w3:1"}
    assert "no OS sandbox: bwrap missing" in unfit["tcp://w1:1"]
    assert "labkit 0.0.1" in unfit["tcp://w2:1"]
    assert "did not answer" in unfit["tcp://w4:1"]
    assert [m.split(" excluded")[0] for m in said] == ["worker tcp://w1:1", "worker tcp://w2:1", "worker tcp://w4:1"]
    assert all("已排除" in m for m in said)
    # without the sandbox asked for, only the labkit version matters
    fit, _ = _cluster._probe(client, set(client.answers), _context(spec, OPEN), _cluster.worker_status, said.append)
    assert fit == {"tcp://w1:1", "tcp://w3:1"}
    # no fit worker at all: the same refusal as the local grader, with every reason
    del client.answers["tcp://w3:1"]
    with pytest.raises(SandboxUnavailable, match=r"no Dask worker is fit to grade \(tcp://w1:1: no OS sandbox: "
                                                 r"bwrap missing; tcp://w2:1: .*--no-sandbox"):
        _cluster._grade_on(client, [Path("a.ipynb")], _context(spec, CALM), lambda p, r: None, say=said.append)


# ---------------------------------------------------------------- on a real LocalCluster

@needs_sandbox
def test_local_cluster_rows_equal_the_inline_rows(spec, tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    for name in ("good.ipynb", "wrong.ipynb", "学生_李娜.ipynb", "broken_json.ipynb", "essay.txt", "not_utf8.ipynb"):
        (folder / name).write_bytes((SUBMISSIONS / name).read_bytes())
    (folder / ".hidden.ipynb").write_bytes((SUBMISSIONS / "good.ipynb").read_bytes())
    (folder / "link.ipynb").symlink_to(SUBMISSIONS / "good.ipynb")
    inline = grade([folder], spec, CALM, jobs=1, progress=False)
    on_dask = grade([folder], spec, CALM, jobs=2, progress=False, cluster="local", journal=tmp_path / "gb.journal")
    assert len(on_dask) == 8 and _same(on_dask, inline)
    assert {r.student_id: r.status for r in on_dask}["good"] == "ok"
    assert {r.status for r in on_dask if r.submission in (".hidden.ipynb", "link.ipynb")} == {"invalid"}
    lines = (tmp_path / "gb.journal").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 8  # every result journaled as it arrived


def test_resume_on_a_cluster_grades_only_what_the_journal_lacks(spec, scheduler, tmp_path, capsys):
    address, _ = scheduler
    subs = _invalid(tmp_path / "subs", "a.ipynb", "b.ipynb")
    journal = tmp_path / "gb.journal"
    more = _invalid(tmp_path / "more", "c.ipynb")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the --no-sandbox warning: these files never start a kernel
        first = grade(subs, spec, OPEN, progress=False, cluster=address, journal=journal)
        again = grade(subs + more, spec, OPEN, progress=False, cluster=address, journal=journal, resume=True)
        inline = grade(subs + more, spec, OPEN, progress=False)
    assert [r.status for r in first] == ["invalid", "invalid"]
    runs = [json.loads(line)["run"]["submission"] for line in journal.read_text(encoding="utf-8").splitlines()[1:]]
    assert sorted(runs) == ["a.ipynb", "b.ipynb", "c.ipynb"]  # a and b were not run again
    assert _same(again, inline)
    # this scheduler serves no dashboard: the line says so, and how to get one
    assert "the Dask dashboard is not available" in capsys.readouterr().err


def test_local_cluster_settings_and_the_dashboard_line():
    said = []
    client, close = _cluster._connect("local", 1, said.append)
    try:
        assert client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.allowed_failures) == 0
        assert [w["nthreads"] for w in client.scheduler_info(n_workers=-1)["workers"].values()] == [1]
    finally:
        close()
    try:
        import bokeh  # noqa: F401
        assert said[0].startswith("Dask dashboard: http://127.0.0.1:") and "仪表板" in said[0]
    except ImportError:
        assert said[0].startswith("the Dask dashboard is not available")


class _Recording:
    """A client that records what is scattered and submitted (and passes everything on)."""

    def __init__(self, client):
        self._client, self.scattered, self.submitted, self.in_flight = client, [], [], []

    def __getattr__(self, name):
        return getattr(self._client, name)

    def scatter(self, data, **kwargs):
        self.scattered.append((data, kwargs))
        return self._client.scatter(data, **kwargs)

    def submit(self, func, *args, **kwargs):
        self.in_flight.append(sum(not f.done() for f in self.submitted))
        fut = self._client.submit(func, *args, **kwargs)
        self.submitted.append(fut)
        self.args = getattr(self, "args", []) + [args]
        return fut


def test_the_context_travels_once_and_a_task_carries_only_name_and_bytes(spec, scheduler, tmp_path):
    _, client = scheduler
    subs = _invalid(tmp_path / "subs", "a.ipynb", "b.ipynb", "c.ipynb", "d.ipynb", "e.ipynb")
    (tmp_path / "subs" / ".hidden.ipynb").write_text("{}", encoding="utf-8")
    with open(tmp_path / "subs" / "huge.ipynb", "wb") as f:  # over 50 MB, sparse: refused unread
        f.truncate(51 * 2**20)
    subs += [tmp_path / "subs" / ".hidden.ipynb", tmp_path / "subs" / "huge.ipynb"]
    recording, rows = _Recording(client), {}
    context = _context(spec)
    _cluster._grade_on(recording, subs, context, lambda p, r: rows.__setitem__(p.name, r), say=lambda m: None)
    assert len(rows) == 7 and rows["huge.ipynb"].status == rows[".hidden.ipynb"].status == "invalid"
    assert "larger than 50 MB" in rows["huge.ipynb"].reason
    assert [(type(d).__name__, kw) for d, kw in recording.scattered] == [("Context", {"broadcast": True, "hash": False})]
    assert recording.scattered[0][0] is context and context.answers == _answer_values(spec.ids)
    names = sorted(a[0] for a in recording.args)
    assert names == ["a.ipynb", "b.ipynb", "c.ipynb", "d.ipynb", "e.ipynb"]  # refused files never left
    assert all(isinstance(a[1], bytes) and isinstance(a[2], distributed.Future) and len(a) == 3
               for a in recording.args)
    threads = sum(w["nthreads"] for w in client.scheduler_info(n_workers=-1)["workers"].values())
    assert max(recording.in_flight) < threads  # never more in flight than worker threads


def test_a_lost_task_is_retried_once_then_becomes_an_error_row(spec, scheduler, tmp_path):
    address, client = scheduler
    subs = _invalid(tmp_path / "subs", "a.ipynb", "kill_me.ipynb", "b.ipynb")

    def task(name, data, context):  # kills its own worker process (the nanny starts a new one)
        import os

        if name == "kill_me.ipynb":
            os._exit(1)
        return _cluster.grade_one(name, data, context)

    rows, said = {}, []
    _cluster._grade_on(client, subs, _context(spec), lambda p, r: rows.__setitem__(p.name, r), task=task,
                       say=said.append)
    assert sorted(rows) == ["a.ipynb", "b.ipynb", "kill_me.ipynb"]
    assert (rows["kill_me.ipynb"].status, rows["kill_me.ipynb"].reason) == ("error", _cluster.LOST_TWICE)
    assert rows["kill_me.ipynb"].student_id == "kill_me"
    assert rows["a.ipynb"].status == rows["b.ipynb"].status == "invalid"
    assert any("resubmitted once" in m for m in said)


@needs_sandbox
def test_when_no_fit_worker_is_left_the_rest_become_error_rows(spec, scheduler, tmp_path):
    address, client = scheduler
    client.wait_for_workers(2, timeout=60)
    first = sorted(client.scheduler_info(n_workers=-1)["workers"])[0]
    marker = tmp_path / "killed"
    subs = _invalid(tmp_path / "subs", "k.ipynb")

    def status(dask_worker=None):  # only the first worker is fit, and none after the kill
        answer = _cluster.worker_status()
        if dask_worker.address != first or marker.exists():
            answer["sandbox"] = (False, "simulated: no user namespaces")
        return answer

    def task(name, data, context):
        import os

        marker.touch()
        os._exit(1)

    rows, said = {}, []
    _cluster._grade_on(client, subs, _context(spec, CALM), lambda p, r: rows.__setitem__(p.name, r), task=task,
                       status=status, grace=5, say=said.append)
    assert rows["k.ipynb"].status == "error"
    assert rows["k.ipynb"].reason == _cluster.NO_WORKER.format(grace=5)
    assert _cluster.GRACE == 60  # the default wait, as docs/grading.md says
    excluded = {m.split()[1] for m in said if " excluded: no OS sandbox: simulated" in m}
    # the second worker from the start, and the first one's replacement when it joined
    assert len(excluded) >= 2 and first not in excluded
