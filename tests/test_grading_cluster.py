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
from labkit.grading import Limits, SandboxUnavailable, grade, load_spec  # noqa: E402
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
def spec():
    return load_spec(INSTRUCTOR)


@pytest.fixture(scope="module")
def scheduler():
    """A LocalCluster of two single-thread worker processes, reached by its tcp:// address."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=50)
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
                                 "tcp://host:0", "tcp://host:99999", "http://host:8786", "tcp://a b:1", 8786])
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
    (folder / "wrong_copy.ipynb").write_bytes((SUBMISSIONS / "wrong.ipynb").read_bytes())
    inline = grade([folder], spec, CALM, jobs=1, progress=False)
    on_dask = grade([folder], spec, CALM, jobs=2, progress=False, cluster="local", journal=tmp_path / "gb.journal")
    assert len(on_dask) == 9 and _same(on_dask, inline)
    assert {r.student_id: r.status for r in on_dask}["good"] == "ok"
    assert {r.status for r in on_dask if r.submission in (".hidden.ipynb", "link.ipynb")} == {"invalid"}
    lines = (tmp_path / "gb.journal").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 9  # every result journaled as it arrived


def test_resume_on_a_cluster_grades_only_what_the_journal_lacks(spec, scheduler, tmp_path):
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
                       status=status, grace=2, say=said.append)
    assert rows["k.ipynb"].status == "error"
    assert rows["k.ipynb"].reason == _cluster.NO_WORKER.format(grace=2)
    assert any(m.startswith("worker ") and "excluded: no OS sandbox: simulated" in m for m in said)
