"""labkit grade: grader-side scoring, sandbox limits, the hostile suite, deterministic gradebooks."""
import csv
import dataclasses
import hashlib
import io
import math
import tempfile
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

import labkit
from labkit.cli import main
from labkit.grading import (GradingSpec, Limits, SubmissionResult, collect_submissions, grade,
                            gradebook_rows, load_spec, write_feedback, write_gradebook)
from labkit.grading._execute import _check_cell_index, _Execution, _read_notebook, _student_id
from labkit.grading._score import _score
from labkit.grading._answers import MIME, Undefined, Unreadable, decode, extraction_source
from labkit.grading._repro import reproducibility_findings, sanitize
from labkit.grading.bwrap import probe
from labkit.labels import Term

DATA = Path(__file__).parent / "data"
SUBMISSIONS = DATA / "submissions"
INSTRUCTOR = DATA / "instructor.ipynb"
ROOT = Path(labkit.__file__).resolve().parents[1]
# Short enough for a quick suite, long enough that honest cells finish on a busy 2-core machine.
LIMITS = Limits(cell_timeout=4, total_timeout=20, memory_mb=1024, output_mb=1)
CALM = Limits(cell_timeout=30, total_timeout=60, memory_mb=1024, output_mb=1)
IDS = ["nb0.customers_count", "nb0.top_channel", "nb0.mean_amount"]

# student id -> (status, scores per exercise, words the reason must contain)
EXPECTED = {
    "good": ("ok", (1, 1, 1), []),
    "wrong": ("ok", (0, 0, 0), []),
    "blank": ("ok", (0, 0, 0), []),
    "infinite_loop": ("ok", (1, 1, 1), ["over the 4 s limit: 6"]),
    "stubborn_loop": ("timeout", (1, 0, 0), ["time limit", "not reached"]),
    "memory_bomb": ("ok", (1, 1, 1), ["MemoryError"]),
    "os_exit": ("kernel_died", (1, 1, 0), ["kernel died", "not reached: answer_mean"]),
    "kill_kernel": ("kernel_died", (1, 1, 0), ["kernel died"]),
    "sys_exit": ("ok", (1, 1, 1), ["SystemExit"]),
    "raises": ("ok", (1, 1, 1), ["RuntimeError"]),
    "huge_output": ("ok", (1, 1, 1), ["1 MB cap"]),
    "flood_thread": ("ok", (1, 1, 1), []),
    "redefine_check": ("ok", (0, 1, 0), []),
    "monkeypatch": ("ok", (0, 1, 0), []),
    "edited_outputs": ("ok", (0, 0, 0), ["do not reproduce in cells 5, 8, 11"]),
    "reads_truth": ("ok", (1, 1, 1), []),
    "vandal": ("ok", (1, 1, 1), []),
    "spawns_child": ("ok", (1, 1, 1), []),
    "renamed_cells": ("ok", (1, 0, 1), []),
    "unknown_kernel": ("ok", (1, 1, 1), []),
    "学生_李娜": ("ok", (1, 1, 1), []),
    "broken_json": ("invalid", (0, 0, 0), ["invalid JSON"]),
    "essay": ("invalid", (0, 0, 0), ["not a notebook"]),
    "not_utf8": ("invalid", (0, 0, 0), ["not UTF-8"]),
}


def _tree_hash(*folders: Path) -> str:
    """Names and bytes of every file, ``__pycache__`` included (grading writes no bytecode)."""
    digest = hashlib.sha256()
    for folder in folders:
        for f in sorted(folder.rglob("*")):
            digest.update(str(f.relative_to(folder)).encode())
            if f.is_file():
                digest.update(f.read_bytes())
    return digest.hexdigest()


SANDBOX, SANDBOX_WHY = probe()
# tests that run kernels: they grade in the OS sandbox, so they need one
needs_sandbox = pytest.mark.skipif(not SANDBOX, reason=f"grading sandbox not available here: {SANDBOX_WHY}")


@pytest.fixture(scope="module")
def batch(spec, tmp_path_factory):
    """The whole hostile suite graded once, two at a time, with work folders in a private temp root."""
    root = tmp_path_factory.mktemp("grader-temp")
    if not SANDBOX:
        pytest.skip(f"grading sandbox not available here: {SANDBOX_WHY}")
    before = _tree_hash(ROOT / "labkit", ROOT / "datasets", DATA)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tempfile, "tempdir", str(root))
        results = grade([SUBMISSIONS], spec, LIMITS, jobs=2, progress=False)
    after = _tree_hash(ROOT / "labkit", ROOT / "datasets", DATA)
    return results, (before, after), root


def test_every_hostile_submission_gets_the_right_row(batch):
    results, _, _ = batch
    got = {r.student_id: r for r in results}
    assert sorted(got) == sorted(EXPECTED)
    for sid, (status, scores, words) in EXPECTED.items():
        r = got[sid]
        assert (sid, r.status) == (sid, status)
        assert (sid, tuple(r.scores[i] for i in IDS)) == (sid, scores)
        assert r.total == sum(scores)
        for w in words:
            assert w in r.reason, (sid, r.reason)


def test_the_grader_files_are_unchanged_and_work_folders_removed(batch):
    results, (before, after), root = batch
    assert after == before
    # what a submission wrote outside its own folder stayed inside its sandbox's /tmp
    assert [p.name for p in root.iterdir()] == []
    assert not (ROOT / "labkit-escape.txt").exists()
    # no kernel or child process (spawns_child starts `sleep 300`) outlives its submission
    if Path("/proc").is_dir():
        survivors = []
        for proc in Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and str(root) in str((proc / "cwd").resolve()):
                    survivors.append(proc.name)
            except OSError:
                continue
        assert survivors == []


def test_spoofing_and_reproducibility_feedback(batch, spec, tmp_path):
    results, _, _ = batch
    edited = next(r for r in results if r.student_id == "edited_outputs")
    assert sum("does not reproduce" in f for f in edited.findings) == 3
    assert edited.checks["nb0.top_channel"][0] == "incorrect"
    assert "fewest" in edited.checks["nb0.top_channel"][1]  # the variant's hint reaches the student
    renamed = next(r for r in results if r.student_id == "renamed_cells")
    assert "answer_channel` is not defined" in renamed.checks["nb0.top_channel"][1]
    odd = next(r for r in results if r.student_id == "unknown_kernel")
    assert any("julia-1.9" in f for f in odd.findings)
    paths = write_feedback(results, spec, tmp_path / "feedback")
    assert len(paths) == len(results)
    page = (tmp_path / "feedback" / "edited_outputs.md").read_text(encoding="utf-8")
    assert "0 / 3" in page and "does not reproduce" in page and "中位数" in page
    assert (tmp_path / "feedback" / "学生_李娜.md").is_file()


def test_gradebook_is_lms_ready(batch, spec, tmp_path):
    results, _, _ = batch
    out = write_gradebook(results, spec, tmp_path / "gradebook.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["student_id", "submission", *IDS, "total", "status", "reason"]
    assert [r[0] for r in rows[1:]] == sorted(EXPECTED)
    assert ["学生_李娜", "学生_李娜.ipynb", "1", "1", "1", "3", "ok", ""] in rows


@needs_sandbox
def test_same_inputs_give_a_byte_identical_gradebook(spec, tmp_path):
    picks = [SUBMISSIONS / n for n in ("good.ipynb", "wrong.ipynb", "edited_outputs.ipynb", "broken_json.ipynb")]
    first = write_gradebook(grade(picks, spec, CALM, jobs=2, progress=False), spec, tmp_path / "a.csv")
    second = write_gradebook(grade(picks[::-1], spec, CALM, jobs=1, progress=False), spec, tmp_path / "b.csv")
    assert first.read_bytes() == second.read_bytes()


@needs_sandbox
def test_cli_grade_writes_gradebook_and_feedback(tmp_path, capsys):
    code = main(["grade", str(SUBMISSIONS / "good.ipynb"), str(SUBMISSIONS / "essay.txt"),
                 "--instructor", str(INSTRUCTOR), "--out", str(tmp_path / "gb.csv"), "--quiet",
                 "--timeout", "10", "--total-timeout", "60", "--memory", "1024"])
    assert code == 0
    assert "2 students; ok 1, invalid 1" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "gb-feedback").iterdir()) == ["essay.md", "good.md"]


# ---------------------------------------------------------------- pure parts (no kernel)

def _run_extraction(ns: dict, names: list[str]):
    """Run the grader's extraction cell in this process and capture what it displays."""
    shown = []
    import IPython.display

    original = IPython.display.display
    IPython.display.display = lambda obj, raw=False: shown.append(obj)
    try:
        exec(extraction_source(names, "n0nce"), ns)
    finally:
        IPython.display.display = original
    payload = shown[0][MIME]
    assert payload["nonce"] == "n0nce"
    return {k: decode(v) for k, v in payload["answers"].items()}


def test_answers_round_trip_through_tagged_json():
    values = {
        "a_int": np.int64(2000), "a_float": 0.125, "a_nan": float("nan"), "a_str": "线上 online",
        "a_list": [1, 2.5, "x"], "a_tuple": (1, 2), "a_set": {"b", "a"}, "a_dict": {"k": 1, 2: [None]},
        "a_array": np.array([1.5, 2.5]), "a_bool": np.bool_(True), "a_none": None, "a_dots": ...,
        "a_series": pd.Series([0.1, 0.2], index=["x", "y"], name="s"),
        "a_frame": pd.DataFrame({"c": [1, 2], "d": ["p", "q"]}, index=[10, 20]),
        "a_term": Term("online", "Online", "线上"), "a_func": len, "a_object": object(),
    }
    got = _run_extraction(dict(values), sorted(values) + ["a_missing"])
    assert got["a_int"] == 2000 and isinstance(got["a_int"], int)
    assert got["a_float"] == 0.125 and math.isnan(got["a_nan"])
    assert got["a_str"] == "线上 online" and got["a_list"] == [1, 2.5, "x"] and got["a_tuple"] == (1, 2)
    assert got["a_set"] == {"a", "b"} and got["a_dict"] == {"k": 1, 2: [None]}
    assert got["a_array"].tolist() == [1.5, 2.5] and got["a_bool"] is True
    assert got["a_none"] is None and got["a_dots"] is Ellipsis
    pd.testing.assert_series_equal(got["a_series"], values["a_series"])
    pd.testing.assert_frame_equal(got["a_frame"], values["a_frame"])
    assert got["a_term"] == values["a_term"]
    assert isinstance(got["a_func"], Unreadable) and "function" in got["a_func"].why
    assert isinstance(got["a_object"], Unreadable) and "object" in got["a_object"].why
    assert isinstance(got["a_missing"], Undefined)


def test_extraction_caps_giant_answers():
    got = _run_extraction({"big": list(range(200_000)), "long": "x" * 200_000}, ["big", "long"])
    assert isinstance(got["big"], Unreadable) and isinstance(got["long"], Unreadable)


@pytest.mark.parametrize("node", [
    None, 3, "x", {"t": "int", "v": 3}, {"t": "float", "v": "1" * 100}, {"t": "list", "v": "no"},
    {"t": "dict", "v": [[{"t": "list", "v": []}, {"t": "none"}]]}, {"t": "series", "index": None},
    {"t": "frame", "index": {"t": "list", "v": []}, "columns": {"t": "list", "v": [{"t": "str", "v": "c"}]},
     "data": {"t": "list", "v": []}},
    {"t": "term", "v": ["a", "b"]}, {"t": "__import__", "v": "os"},
])
def test_decode_never_raises_on_malformed_json(node):
    assert isinstance(decode(node), Unreadable)


def test_decode_rejects_deep_nesting():
    node = {"t": "none"}
    for _ in range(50):
        node = {"t": "list", "v": [node]}
    assert isinstance(decode(node), Unreadable)


def _execution(answers, status="ok", reason="", not_reached=()):
    return _Execution("s", "s.ipynb", status, reason, answers, tuple(not_reached), ())


def test_score_uses_instructor_points_and_grader_side_evaluate(spec):
    heavy = dataclasses.replace(spec, exercises=(dataclasses.replace(spec.exercises[0], points=4.0),
                                                 *spec.exercises[1:]))
    answers = {"answer_count": {"t": "int", "v": "2000"}, "answer_channel": {"t": "undefined"},
               "answer_mean": {"t": "callable"}}
    r = _score(_execution(answers), heavy)
    assert r.scores == {"nb0.customers_count": 4.0, "nb0.top_channel": 0.0, "nb0.mean_amount": 0.0}
    assert r.checks["nb0.top_channel"][0] == "not_attempted"
    assert r.checks["nb0.mean_amount"][0] == "invalid"
    stopped = _score(_execution({"answer_count": {"t": "int", "v": "2000"}}, "timeout", "total time limit",
                                ["answer_channel", "answer_mean"]), spec)
    assert stopped.total == 1 and "stopped before this exercise" in stopped.checks["nb0.mean_amount"][1]


def test_student_id_precedence(tmp_path):
    nb = nbformat.v4.new_notebook(metadata={"labkit": {"student_id": "张伟"}})
    path = tmp_path / "2024001.ipynb"
    assert _student_id(path, nb, "file") == "2024001"
    assert _student_id(path, nb, "metadata") == "张伟"
    assert _student_id(path, nbformat.v4.new_notebook(), "metadata") == "2024001"
    assert _student_id(path, None, "metadata") == "2024001"


def test_reading_submissions():
    nb, problem, _ = _read_notebook(b"\xef\xbb\xbf" + (SUBMISSIONS / "good.ipynb").read_bytes())
    assert problem is None and isinstance(nb.cells[1].source, str)  # multi-line sources joined
    assert "invalid JSON" in _read_notebook(b"{")[1]
    assert "without cells" in _read_notebook(b"[1, 2]")[1]
    assert "not a valid notebook" in _read_notebook(b'{"cells": 5, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}')[1]
    gbk = '{"cells": [], "metadata": {"title": "中文"}, "nbformat": 4, "nbformat_minor": 5}'.encode("gb18030")
    nb, problem, notes = _read_notebook(gbk)
    assert problem is None and "GB18030" in notes[0]


def test_reproducibility_findings():
    assert sanitize("<f at 0x7fab12cd>  \n") == "<f at 0xADDRESS>"

    def nb(outputs, counts):
        cells = [nbformat.v4.new_code_cell("x", outputs=o, execution_count=c) for o, c in zip(outputs, counts)]
        return nbformat.v4.new_notebook(cells=cells)

    out = lambda text: [nbformat.v4.new_output("stream", name="stdout", text=text)]  # noqa: E731
    stored = nb([out("<obj at 0x1234abcd>"), out("✔ fake"), []], [2, 1, None])
    rerun = nb([out("<obj at 0x9999ffff>"), out("✘ real"), out("later")], [1, 2, 3])
    findings = reproducibility_findings(stored, rerun, 3)
    assert findings[0].startswith("Cells were run out of order")
    assert findings[1].startswith("Cell 2: the stored output does not reproduce")
    assert findings[2] == "Cells without stored output (not run before submitting): 3."
    assert len(findings) == 3
    # one print the kernel sent in two pieces (it does under load) reproduces the stored output
    two = [nbformat.v4.new_output("stream", name="stdout", text="✘ [a] one\n✘ [b] tw"),
           nbformat.v4.new_output("stream", name="stdout", text="o\n")]
    assert reproducibility_findings(nb([out("✘ [a] one\n✘ [b] two\n")], [1]), nb([two], [1]), 1) == []
    assert reproducibility_findings(nb([out("✘ [a] one\n✘ [b] two\n")], [1]), nb([two[:1]], [1]), 1) != []


def test_spec_and_limits_are_checked(tmp_path):
    empty = tmp_path / "empty.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), empty)
    with pytest.raises(ValueError, match="has no check cells"):
        load_spec(empty)
    typo = tmp_path / "typo.ipynb"
    cell = nbformat.v4.new_code_cell('check("nb0.customer_count", a)',
                                     metadata={"labkit": {"exercise": "nb0.customer_count", "points": 1}})
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), typo)
    with pytest.raises(ValueError, match="did you mean nb0.customers_count"):
        load_spec(typo)
    with pytest.raises(ValueError, match="cell_timeout must be a positive number"):
        Limits(cell_timeout=0)
    with pytest.raises(ValueError, match="memory_mb must be a whole number"):
        Limits(memory_mb=-1)
    with pytest.raises(ValueError, match="submissions must be files or folders"):
        collect_submissions([tmp_path / "nope"])
    with pytest.raises(ValueError, match="jobs must be"):
        grade([], GradingSpec("x", ()), jobs=0)


def test_gradebook_neutralises_spreadsheet_formulas():
    r = SubmissionResult("=HYPERLINK(1)", "x.ipynb", "ok", "", {}, {}, [], 0.0)
    assert gradebook_rows([r], [])[1][0] == "'=HYPERLINK(1)"


# ---------------------------------------------------------------- function answers (kind="custom")

@pytest.fixture
def function_exercise(monkeypatch):
    """A throwaway chapter module with one custom exercise whose answer is a function."""
    import sys
    import types

    from labkit.checks import Exercise

    def compare(func, cases):
        passed = sum(func(x) == y for x, y in cases)
        return passed / len(cases), f"{passed} of {len(cases)} cases pass.", f"通过 {passed}/{len(cases)} 个用例。"

    module = types.ModuleType("labkit.checks.nb99")
    module.EXERCISES = [Exercise("nb99.double", "Double it", "乘以二", expected=lambda: [(1, 2), (5, 10)],
                                 kind="custom", compare=compare, points=2)]
    monkeypatch.setitem(sys.modules, "labkit.checks.nb99", module)
    return "nb99.double"


@needs_sandbox
def test_function_answers_run_in_the_kernel_and_are_judged_here(function_exercise, tmp_path):
    check = nbformat.v4.new_code_cell('check("nb99.double", answer_double)',
                                      metadata={"labkit": {"exercise": "nb99.double", "points": 2}})
    instructor = tmp_path / "instructor.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[check]), instructor)
    spec = load_spec(instructor)
    bodies = {"right": "def answer_double(x):\n    return 2 * x",
              "half": "def answer_double(x):\n    return x + 1",
              "hangs": "def answer_double(x):\n    while True:\n        pass",
              "value": "answer_double = 4"}
    folder = tmp_path / "subs"
    folder.mkdir()
    for name, body in bodies.items():
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(body), check])
        nbformat.write(nb, folder / f"{name}.ipynb")
    got = {r.student_id: r for r in grade([folder], spec, Limits(cell_timeout=3, total_timeout=60),
                                          progress=False)}
    assert got["right"].scores == {"nb99.double": 2.0}, got["right"].checks
    assert got["half"].scores == {"nb99.double": 1.0} and got["half"].checks["nb99.double"][0] == "partial"
    assert got["hangs"].scores == {"nb99.double": 0.0} and got["hangs"].checks["nb99.double"][0] == "invalid"
    assert got["value"].scores == {"nb99.double": 0.0}


def test_the_answer_is_read_after_the_official_check_cell_else_the_last_check_call():
    cell = nbformat.v4.new_code_cell
    official = cell('check("nb0.customers_count", a)', metadata={"labkit": {"exercise": "nb0.customers_count"}})
    nb = nbformat.v4.new_notebook(cells=[cell('check("nb0.customers_count", a)'), official,
                                         cell("check('nb0.customers_count', b)")])
    assert _check_cell_index(nb, "nb0.customers_count") == 1
    del nb.cells[1]
    assert _check_cell_index(nb, "nb0.customers_count") == 1
    assert _check_cell_index(nb, "nb0.top_channel") is None


class _KillsTheWorker:
    """Unpickling this in a worker process ends that process, as an out-of-memory kill would."""

    def __reduce__(self):
        import os

        return os._exit, (3,)


@needs_sandbox
def test_a_dying_worker_process_becomes_an_error_row(spec):
    picks = [SUBMISSIONS / "good.ipynb", SUBMISSIONS / "wrong.ipynb"]
    results = grade(picks, spec, LIMITS, jobs=2, progress=False, data_files={"x": _KillsTheWorker()})
    assert [(r.student_id, r.status, r.reason) for r in results] == [
        ("good", "error", "the grading worker process died"), ("wrong", "error", "the grading worker process died")]


# ---------------------------------------------------------------- isolation helpers (no kernel)

def _result(sid, submission, status="ok"):
    return SubmissionResult(sid, submission, status, "", {}, {}, [], 0.0)


def test_feedback_names_never_collide_or_depend_on_order():
    from labkit.grading._report import feedback_names

    results = [_result("a b", "x.ipynb"), _result("a_b", "a_b.ipynb"), _result("good", "claims.ipynb", "duplicate_id"),
               _result("good", "good.ipynb", "duplicate_id"), _result("Ann", "Ann.ipynb"), _result("ann", "ann.ipynb"),
               _result("../etc/passwd", "p.ipynb"), _result("con", "con.ipynb")]
    names = feedback_names(results)
    assert len({n.lower() for n in names}) == len(names)
    assert names[1] == "a_b" and names[0].startswith("a_b~")      # the sanitised id cannot take a_b.md
    assert names[3] == "good" and names[2].startswith("good~")    # the real good keeps good.md
    assert all("/" not in n and not n.startswith(".") for n in names) and names[7] != "con"
    assert feedback_names(results[::-1]) == names[::-1]


def test_feedback_escapes_markdown_and_html(tmp_path):
    from labkit.grading._report import feedback_markdown, md_escape

    spec = GradingSpec("ch0", ())
    evil = "x\n# Score 3 / 3 <img src=x onerror=alert(1)> | `code` [link](http://e)"
    page = feedback_markdown(SubmissionResult(evil, evil + ".ipynb", "ok", evil, {}, {}, [evil], 0.0), spec)
    assert "<img" not in page and "](" not in page
    assert not any(line.startswith("#") and "Score" in line for line in page.splitlines())
    assert md_escape("a|b") == "a\\|b" and md_escape("<b>&") == "&lt;b&gt;&amp;"


def test_journal_ignores_a_torn_line_and_refuses_another_batch(tmp_path):
    from labkit.grading.journal import Journal

    path = tmp_path / "gb.csv.journal"
    j = Journal(path, {"spec": 1}, resume=False)
    j.append("a:1", {"status": "ok"})
    with open(path, "a", encoding="utf-8") as f:
        f.write('{"key": "b:2", "run": {"sta')  # the grader was killed mid-write
    assert list(Journal(path, {"spec": 1}, resume=True).done) == ["a:1"]
    with pytest.raises(ValueError, match="belongs to another batch"):
        Journal(path, {"spec": 2}, resume=True)
    assert Journal(path, {"spec": 2}, resume=False).done == {}


def test_reading_is_bounded_and_refuses_what_is_not_a_file(tmp_path):
    import os

    from labkit.grading.intake import internals, read_bounded, refusal

    big = tmp_path / "big.ipynb"
    with open(big, "wb") as f:
        f.truncate(2**31)  # sparse: the size check must come before any read
    assert read_bounded(big, 1024) == (None, "file larger than 0 MB")
    small = tmp_path / "s.ipynb"
    small.write_bytes(b"{}")
    assert read_bounded(small) == (b"{}", None)
    link = tmp_path / "l.ipynb"
    link.symlink_to(small)
    assert "symbolic link" in refusal(link) and read_bounded(link)[0] is None
    os.mkfifo(tmp_path / "f.ipynb")
    assert "not a regular file" in refusal(tmp_path / "f.ipynb")
    assert refusal(small) is None
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import labkit.checks.nb0 as k\nk.EXERCISES")])
    assert internals(nb) == [(1, "labkit.checks.nb0"), (1, "EXERCISES")]


def test_checks_in_a_grading_kernel_only_record(monkeypatch, capsys):
    from labkit.checks import check, submitted

    monkeypatch.setenv("LABKIT_GRADING", "1")
    check("nb0.customers_count", 2000)
    assert capsys.readouterr().out.startswith("✎ [nb0.customers_count] Recorded")
    assert submitted()["nb0.customers_count"] == 2000
