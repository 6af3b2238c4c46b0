"""Grader isolation, tested by attack: every submission runs in its own OS sandbox (bubblewrap).

Each hostile submission in tests/data/attacks/ (written by make_attacks.py) is graded in
one ``--jobs 2`` batch next to honest classmates. For every attack: one row with the
right status, the batch finishes, every other student's score is unchanged, and the
grader's files are byte-identical (the whole labkit tree including ``__pycache__``, the
datasets, the instructor notebooks and test data, the venv's ``.pth`` files).
Skipped, with the reason, where bubblewrap or user namespaces are not available.
The attack batch (marker ``attacks``, about a minute) runs with ``make test-attacks`` and in
CI; ``make test`` runs the rest of this file (intake, resume after a kill, no sandbox).
"""
import csv
import dataclasses
import hashlib
import io
import os
import shutil
import signal
import site
import stat
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

import labkit
from labkit.grading import Limits, grade, write_feedback, write_gradebook
from labkit.grading.bwrap import SandboxUnavailable, probe

WORKS, WHY = probe()
pytestmark = pytest.mark.skipif(not WORKS, reason=f"grading sandbox not available here: {WHY}")

DATA = Path(__file__).parent / "data"
ATTACKS = DATA / "attacks"
SUBMISSIONS = DATA / "submissions"
INSTRUCTOR = DATA / "instructor.ipynb"
ROOT = Path(labkit.__file__).resolve().parents[1]
IDS = ["nb0.customers_count", "nb0.top_channel", "nb0.mean_amount"]
LIMITS = Limits(cell_timeout=5, total_timeout=40, memory_mb=2048, output_mb=1, file_mb=32, disk_mb=64)
MARKUP_ID = "x\n# Score 3 / 3 <img src=x onerror=alert(1)> | `"

# attack (or classmate) -> (status, scores, words the reason must contain)
EXPECTED = {
    "answer_key": ("ok", (0, 0, 0), ["reaches for labkit.checks internals", "get_exercise", ".expected"]),
    "reads_others": ("ok", (0, 0, 0), []),
    "plants_bytecode": ("ok", (0, 0, 0), []),
    "edits_install": ("ok", (0, 0, 0), []),
    "setsid_daemon": ("ok", (0, 0, 0), []),
    "poisons_siblings": ("ok", (0, 0, 0), []),
    "attacks_kernels": ("ok", (0, 0, 0), []),
    "kills_grader": ("ok", (0, 0, 0), []),
    "forged_mime": ("ok", (1, 1, 1), ["output over the 1 MB cap"]),
    "comm_flood": ("ok", (1, 1, 1), ["output over the 1 MB cap"]),
    "giant_message": ("ok", (0, 0, 0), ["no output arrived from about cell", "the rest was not run"]),
    "malformed_comm": ("ok", (1, 1, 1), []),
    "fork_bomb": ("ok", (1, 1, 1), []),
    "disk_fill": ("ok", (1, 1, 1), []),
    "socket_folder_fill": ("kernel_died", (0, 0, 0), ["more than 32 MB into its socket folder"]),
    MARKUP_ID: ("ok", (0, 0, 0), ["cells that raised: 3 (<img src=x onerror=alert(1)>)"]),
    # honest classmates graded in the same batch
    "victim_good": ("ok", (1, 1, 1), []),
    "friend_blank": ("ok", (0, 0, 0), []),
    "good": ("duplicate_id", (1, 1, 1), ["2 submissions share this student id"]),  # claims_good claims it
}


def _grader_files_hash() -> str:
    """Everything of the grader a submission could want to change, bytes and names."""
    digest = hashlib.sha256()
    folders = [ROOT / "labkit", ROOT / "datasets", ROOT / "notebooks", DATA]
    for folder in folders:
        for f in sorted(folder.rglob("*")):
            digest.update(str(f.relative_to(ROOT)).encode())
            if f.is_file():
                digest.update(f.read_bytes())
    for sp in site.getsitepackages():
        for f in sorted(Path(sp).glob("*")):
            digest.update(f.name.encode())
            if f.suffix == ".pth":
                digest.update(f.read_bytes())
    return digest.hexdigest()


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            try:
                if text.encode() in (proc / "cmdline").read_bytes():
                    found.append(proc.name)
            except OSError:
                continue
    return found


@pytest.fixture(scope="module")
def attacked(spec, tmp_path_factory):
    folder = tmp_path_factory.mktemp("attack-batch")
    for nb in sorted(ATTACKS.glob("*.ipynb")):
        shutil.copy(nb, folder / nb.name)
    shutil.copy(SUBMISSIONS / "good.ipynb", folder / "good.ipynb")
    shutil.copy(SUBMISSIONS / "good.ipynb", folder / "victim_good.ipynb")
    shutil.copy(SUBMISSIONS / "blank.ipynb", folder / "friend_blank.ipynb")
    before = _grader_files_hash()
    start = time.monotonic()
    results = grade([folder], spec, LIMITS, jobs=2, progress=False, prefer_id="metadata")
    seconds = time.monotonic() - start
    after = _grader_files_hash()
    survivors = _processes_mentioning("labkit-attack-daemon") + _processes_mentioning("sleep 300")
    out = tmp_path_factory.mktemp("attack-out")
    gradebook = write_gradebook(results, spec, out / "gradebook.csv")
    feedback = write_feedback(results, spec, out / "feedback")
    return {"results": results, "before": before, "after": after, "seconds": seconds, "survivors": survivors,
            "gradebook": gradebook, "feedback": feedback, "folder": folder}


@pytest.mark.attacks
def test_every_attack_gets_its_row_and_classmates_keep_their_scores(attacked):
    got = {}
    for r in attacked["results"]:
        got.setdefault(r.student_id, []).append(r)
    assert sorted(got) == sorted(EXPECTED)
    for sid, (status, scores, words) in EXPECTED.items():
        rows = [r for r in got[sid] if sid != "good" or r.submission == "good.ipynb"]
        assert len(rows) == 1, sid
        r = rows[0]
        assert (sid, r.status) == (sid, status), r.reason
        assert (sid, tuple(r.scores[i] for i in IDS)) == (sid, scores), r.checks
        for w in words:
            assert w in r.reason, (sid, r.reason)
    claimant = [r for r in got["good"] if r.submission == "claims_good.ipynb"]
    assert len(claimant) == 1 and claimant[0].total == 0 and claimant[0].status == "duplicate_id"


@pytest.mark.attacks
def test_the_grader_files_are_byte_identical(attacked):
    assert attacked["after"] == attacked["before"]
    assert not hasattr(__builtins__, "LABKIT_PWNED")
    # a fresh interpreter importing the grader's labkit runs no planted code either
    probe_code = "import builtins, labkit.grading, labkit.checks; print(hasattr(builtins, 'LABKIT_PWNED'))"
    out = subprocess.run([sys.executable, "-c", probe_code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.attacks
def test_nothing_outlives_its_sandbox_and_the_gradebook_stays(attacked):
    assert attacked["survivors"] == []
    book = attacked["gradebook"].read_bytes()
    time.sleep(1.5)  # the setsid daemon would rewrite the gradebook now, if it were alive
    assert attacked["gradebook"].read_bytes() == book
    assert _processes_mentioning(str(attacked["folder"])) == []


@pytest.mark.attacks
def test_feedback_is_escaped_and_names_cannot_be_taken(attacked, spec):
    pages = {p.name: p.read_text(encoding="utf-8") for p in attacked["feedback"]}
    assert len(pages) == len(attacked["results"])
    for name, text in pages.items():
        assert "<img" not in text, name
        assert not any(line.startswith("# Score") or line.startswith("## Score") for line in text.splitlines())
    # the real "good" keeps good.md; the claimant gets a hashed name
    assert "good.ipynb" in pages["good.md"] and "claims" not in pages["good.md"]
    assert any(n.startswith("good~") and "claims" in pages[n] for n in pages)
    markup = next(t for n, t in pages.items() if "img" in n or "&lt;img" in t and "markup" in t)
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in markup


@pytest.mark.attacks
def test_the_attack_batch_is_bounded(attacked):
    # 19 submissions, two at a time, with limits of 5 s per cell and 40 s in all
    assert attacked["seconds"] < 19 * 40 / 2 + 30


# ---------------------------------------------------------------- intake: what is not a notebook

def test_non_files_get_rows_and_old_notebooks_are_converted(spec, tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    good = nbformat.read(SUBMISSIONS / "good.ipynb", as_version=4)
    nbformat.write(nbformat.convert(good, 3), folder / "old_v3.ipynb")
    shutil.copy(SUBMISSIONS / "good.ipynb", folder / ".hidden.ipynb")
    (folder / "link.ipynb").symlink_to(SUBMISSIONS / "good.ipynb")
    os.mkfifo(folder / "pipe.ipynb")
    with open(folder / "sparse.ipynb", "wb") as f:  # 1.5 GB apparent size, no blocks: never read
        f.truncate(1536 * 2**20)
    (folder / "zip_extract").mkdir()
    (folder / ".ipynb_checkpoints").mkdir()
    got = {r.submission: r for r in grade([folder], spec, LIMITS, progress=False)}
    assert sorted(got) == [".hidden.ipynb", "link.ipynb", "old_v3.ipynb", "pipe.ipynb", "sparse.ipynb",
                           "zip_extract"]
    assert (got["old_v3.ipynb"].status, got["old_v3.ipynb"].total) == ("ok", 3)
    assert any("nbformat 3" in f for f in got["old_v3.ipynb"].findings)
    for name, words in {".hidden.ipynb": "hidden file", "link.ipynb": "symbolic link",
                        "pipe.ipynb": "not a regular file", "sparse.ipynb": "larger than 50 MB",
                        "zip_extract": "a folder"}.items():
        assert got[name].status == "invalid" and words in got[name].reason, (name, got[name].reason)


# ---------------------------------------------------------------- the batch survives the grader's death

def _cli(*args, **kw):
    return subprocess.Popen([sys.executable, "-m", "labkit.cli", "grade", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_a_killed_grader_resumes_and_leaves_nothing_running(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    names = ["a_good", "b_wrong", "c_good", "d_blank"]
    for name, base in zip(names, ["good", "wrong", "good", "blank"]):
        shutil.copy(SUBMISSIONS / f"{base}.ipynb", folder / f"{name}.ipynb")
    out = tmp_path / "grades" / "gb.csv"
    journal = out.with_name("gb.csv.journal")
    common = [str(folder), "--instructor", str(INSTRUCTOR), "--out", str(out), "--quiet", "--jobs", "2",
              "--timeout", "10", "--total-timeout", "60", "--memory", "1024"]
    first = _cli(*common)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # kill it once one submission is journaled
        if journal.is_file() and len(journal.read_text(encoding="utf-8").splitlines()) >= 2:
            break
        time.sleep(0.1)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert not out.exists()
    time.sleep(1)
    assert _processes_mentioning(str(folder)) == []  # workers and sandboxes died with it
    done = len(journal.read_text(encoding="utf-8").splitlines()) - 1
    assert 1 <= done <= 4
    second = _cli(*common, "--resume")
    stdout, stderr = second.communicate(timeout=180)
    assert second.returncode == 0, stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert [(r[0], r[5], r[6]) for r in rows[1:]] == [("a_good", "3", "ok"), ("b_wrong", "0", "ok"),
                                                       ("c_good", "3", "ok"), ("d_blank", "0", "ok")]
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 1 + 4  # nothing graded twice


# ---------------------------------------------------------------- where no sandbox can be made

def test_without_a_sandbox_grading_refuses_unless_told(spec, tmp_path, monkeypatch):
    from labkit.grading import bwrap

    monkeypatch.setattr(bwrap, "probe", lambda: (False, "no user namespaces (test)"))
    with pytest.raises(SandboxUnavailable, match="no user namespaces.*--no-sandbox"):
        grade([SUBMISSIONS / "good.ipynb"], spec, LIMITS, progress=False)
    with pytest.warns(UserWarning, match="without isolation"):
        results = grade([SUBMISSIONS / "good.ipynb"], spec, Limits(cell_timeout=10, total_timeout=60,
                                                                   sandbox=False), progress=False)
    assert results[0].total == 3 and results[0].reason.startswith("graded without isolation")
    text = write_gradebook(results, spec, tmp_path / "gb.csv", isolated=False).read_bytes().decode("utf-8-sig")
    assert text.startswith("# graded without isolation")


@pytest.mark.attacks
def test_the_reading_attack_does_work_without_the_sandbox(spec):
    """The fixtures are real attacks: unsandboxed, reads_others finds the instructor notebook
    and scores 3/3 (reading only, so it is safe to show; the others would do harm)."""
    with pytest.warns(UserWarning, match="without isolation"):
        unsafe = grade([ATTACKS / "reads_others.ipynb"], spec, dataclasses.replace(LIMITS, sandbox=False),
                       progress=False)
    assert unsafe[0].total == 3, unsafe[0].reason


@pytest.mark.attacks
def test_a_cell_that_ignores_its_interrupt_is_named_and_the_kernel_stopped(spec):
    """A loop that swallows KeyboardInterrupt keeps the kernel busy: the cells after it wait
    behind it. The row names that cell and the time limit, not a closed output channel."""
    limits = Limits(cell_timeout=2, total_timeout=240, memory_mb=2048, output_mb=1)
    [row] = grade([SUBMISSIONS / "stubborn_loop.ipynb"], spec, limits, progress=False)
    assert row.status == "timeout"
    assert tuple(row.scores[i] for i in IDS) == (1, 0, 0)  # scored up to the loop
    assert "cell 6 kept running past its 2 s time limit and ignored the interrupt" in row.reason
    assert "cells over the 2 s limit: 6;" in row.reason  # the cells waiting behind it are not blamed
    assert "MB closes" not in row.reason and "total time limit" not in row.reason
