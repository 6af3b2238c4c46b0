"""A class on a real JupyterHub, end to end on 127.0.0.1.

The hub runs deploy/jupyterhub/jupyterhub_config.py in test mode (shared password,
SimpleLocalProcessSpawner with homes in a temporary folder, configurable-http-proxy in front).
Two students log in through the proxy with the login form; their servers spawn with the
student edition (built by ``labkit edition``) copied in; each one's chapter notebook gets
answers (one honest student, one with planted mistakes, from a simulated class), is executed
through the server's kernel (REST session + websocket channels, via the proxy) and saved with
the contents API. A third student never logs in. ``labkit collect --hub`` gathers the notebooks
with the labkit-collect service token, ``labkit grade`` grades them; the gradebook has exactly
the two students and the honest one scores higher, exercise by exercise as the simulation says.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TIMINGS
from hub import REPO, Hub, Skip, Student

CHAPTER = "00_start_here.ipynb"
NOTEBOOK = f"crm-lab-student/notebooks/{CHAPTER}"
LABKIT = str(Path(sys.executable).with_name("labkit"))


def _labkit(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    run = subprocess.run([LABKIT, *args], capture_output=True, text=True, timeout=timeout,
                         env={**os.environ, **(env or {})})
    assert run.returncode == 0, f"labkit {' '.join(args[:1])} failed:\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}"
    return run


def _timed(step: str, start: float) -> None:
    TIMINGS[step] = time.monotonic() - start


@pytest.fixture(scope="module")
def tools():
    pytest.importorskip("jupyterhub", reason="skipped: jupyterhub not installed (make test-hub installs it)")
    pytest.importorskip("requests", reason="skipped: requests not installed (make test-hub installs it)")
    pytest.importorskip("tornado.websocket", reason="skipped: tornado not installed")


def test_class_on_jupyterhub(tools, tmp_path):
    from labkit.grading import simulate_class
    from labkit.grading.bwrap import probe

    t0 = time.monotonic()
    _labkit("edition", "--out", str(tmp_path / "ed"), "--no-zip")
    edition = tmp_path / "ed" / "crm-lab-student"
    truth = simulate_class(REPO / "notebooks" / CHAPTER, tmp_path / "sim", n=2, mix={"honest": 1, "mistakes": 1},
                           seed=3)
    by_kind = {s["kind"]: sid for sid, s in truth["students"].items()}
    answers = {"alice": by_kind["honest"], "bob": by_kind["mistakes"]}  # who hands in which simulated notebook
    _timed("edition + simulated answers", t0)

    try:
        hub_cm = Hub(tmp_path / "hub", edition, students=["alice", "bob", "carol"])
        t0 = time.monotonic()
        hub = hub_cm.__enter__()
    except Skip as why:
        pytest.skip(f"skipped: {why}")
    try:
        _timed("hub + proxy start", t0)
        shipped = json.loads((edition / "notebooks" / CHAPTER).read_text(encoding="utf-8"))
        saved = {}
        for name in ("alice", "bob"):
            student = Student(hub, name)
            t0 = time.monotonic()
            student.login()
            landing = student.wait_server()
            _timed(f"{name}: login form + spawn", t0)
            # the hub opens the start-here notebook of the edition (Spawner.default_url)
            assert landing.endswith("/lab") or "crm-lab-student" in landing
            # the edition is in place, through the server's contents API via the proxy
            listing = {item["name"] for item in student.contents("crm-lab-student")["content"]}
            assert {"notebooks", "datasets", "labkit", "README.md", "pyproject.toml"} <= listing, listing
            chapters = {item["name"] for item in student.contents("crm-lab-student/notebooks")["content"]}
            assert chapters == {p.name for p in (edition / "notebooks").glob("*.ipynb")}
            model = student.contents(NOTEBOOK)
            assert [c["source"] for c in model["content"]["cells"]] == \
                   ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in shipped["cells"]]
            assert (hub.homes / name / NOTEBOOK).is_file()  # copied by the config's pre_spawn_hook

            # the student answers, runs the notebook in their server's kernel and saves it
            filled = json.loads((tmp_path / "sim" / "submissions" / f"{answers[name]}.ipynb").read_text(encoding="utf-8"))
            t0 = time.monotonic()
            executed = student.execute(NOTEBOOK, filled)
            _timed(f"{name}: run every cell through the kernel websocket", t0)
            errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
            assert not errors, errors[:1]
            assert sum(bool(c.outputs) for c in executed.cells if c.cell_type == "code") >= 5
            student.save(NOTEBOOK, executed)
            back = student.contents(NOTEBOOK, type="file", format="text")["content"]
            saved[name] = back
            import nbformat

            stored = nbformat.reads(back, as_version=4)  # the saved file, read as Jupyter reads it
            assert [c.source for c in stored.cells] == [c.source for c in executed.cells]
            assert [c.get("outputs") for c in stored.cells] == [c.get("outputs") for c in executed.cells]

        # the grader collects with the service token (JUPYTERHUB_API_TOKEN, not on the command line)
        out = tmp_path / "collected"
        t0 = time.monotonic()
        run = _labkit("collect", "--hub", hub.url, "--path", NOTEBOOK, "--out", str(out),
                      env={"JUPYTERHUB_API_TOKEN": hub.token}, timeout=120)
        _timed("labkit collect --hub (3 users)", t0)
        assert hub.token not in run.stdout + run.stderr
        assert "collected 2 notebook(s)" in run.stdout and "已收集 2 份笔记本" in run.stdout, run.stdout
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert sorted(manifest["users"]) == ["alice", "bob"]
        assert list(manifest["missing"]) == ["carol"] and "no running server" in manifest["missing"]["carol"]
        for name in ("alice", "bob"):
            data = (out / f"{name}.ipynb").read_bytes()
            assert data == saved[name].encode("utf-8")  # byte for byte what the server saved
            assert manifest["users"][name]["sha256"] == hashlib.sha256(data).hexdigest()
        assert sorted(p.name for p in out.iterdir()) == ["alice.ipynb", "bob.ipynb", "manifest.json"]
    finally:
        t0 = time.monotonic()
        hub_cm.__exit__(None, None, None)
        _timed("hub shutdown", t0)

    sandbox, why = probe()
    gradebook = tmp_path / "grades" / "gradebook.csv"
    t0 = time.monotonic()
    _labkit("grade", str(out), "--instructor", str(REPO / "notebooks" / CHAPTER), "--out", str(gradebook),
            "--quiet", "--similarity", "0", *([] if sandbox else ["--no-sandbox"]), timeout=400)
    _timed(f"labkit grade ({'sandbox' if sandbox else 'no sandbox: ' + why[:40]})", t0)
    rows = list(csv.DictReader(gradebook.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["student_id"] for r in rows] == ["alice", "bob"], rows
    assert all(r["status"] == "ok" for r in rows), rows
    score = {r["student_id"]: float(r["total"]) for r in rows}
    assert score["alice"] > score["bob"], score
    for name, row in zip(("alice", "bob"), rows):
        for ex, outcome in truth["students"][answers[name]]["exercises"].items():
            if outcome["expect"] == "correct":
                assert float(row[ex]) == 1, (name, ex, row[ex])
            elif outcome["expect"] == "variant":
                assert float(row[ex]) < 1, (name, ex, row[ex])
