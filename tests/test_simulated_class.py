"""End to end on a simulated class: 60 students of a chapter graded with --jobs 2; the gradebook,
the misconception table and the similarity flags must recover the simulation's truth.

The chapter is chapter 1's first sixteen exercises with their statements, worked examples and
solutions (plots and live demos left out so 60 kernels finish in a few minutes). Recovering a
truth we planted checks the grader and the report; it says nothing about real students.
"""
import csv
import os
from pathlib import Path

import nbformat
import pytest

from labkit.cli import main
from labkit.grading import load_results, misconceptions, simulate_class

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "notebooks" / "01_customer_relationships.ipynb"
LAST = "nb1.e1_22_word_of_mouth"
# The full class of 60 (about three minutes with --jobs 2) runs with LABKIT_CLASS_TEST=1
# (`make test-class`); `make test` grades a class of 16 with every kind of student in it.
FULL = bool(os.environ.get("LABKIT_CLASS_TEST"))
N = 60 if FULL else 16
MIX = None if FULL else {"honest": 5, "mistakes": 4, "blank": 1, "timeout": 1, "edited_output": 1, "copy": 4}


def chapter_excerpt(out: Path) -> Path:
    nb = nbformat.read(CHAPTER, as_version=4)
    end = next(i for i, c in enumerate(nb.cells) if c.metadata.get("labkit", {}).get("exercise") == LAST)
    keep = [c for c in nb.cells[:end + 1]
            if c.cell_type == "markdown" or not any(w in c.source for w in ("plotting", "widgets", "_chart("))]
    nb.cells = keep
    path = out / "01_excerpt.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("class")
    instructor = chapter_excerpt(tmp)
    truth = simulate_class(instructor, tmp / "sim", n=N, seed=11, mix=MIX)
    assert main(["grade", str(tmp / "sim" / "submissions"), "--instructor", str(instructor),
                 "--out", str(tmp / "grades" / "ch01.csv"), "--jobs", "2", "--timeout", "20",
                 "--total-timeout", "45", "--quiet"]) == 0
    return tmp, truth


def test_the_simulated_class_has_every_kind(graded):
    _, truth = graded
    kinds = [s["kind"] for s in truth["students"].values()]
    assert len(kinds) == N
    for kind in ("honest", "mistakes", "blank", "timeout", "edited_output", "copy"):
        assert kind in kinds, kind
    assert truth["copied_pairs"] and all(a < b for a, b in truth["copied_pairs"])


def test_gradebook_recovers_every_students_truth(graded):
    tmp, truth = graded
    record = load_results(tmp / "grades" / "ch01-results.json")
    with open(tmp / "grades" / "ch01.csv", encoding="utf-8-sig") as f:
        book = {row["student_id"]: row for row in csv.DictReader(f)}
    assert sorted(book) == sorted(truth["students"])
    for s in record["students"]:
        t = truth["students"][s["student_id"]]
        assert s["status"] == ("timeout" if t["kind"] == "timeout" else "ok"), (s["student_id"], s["reason"])
        for ex, want in t["exercises"].items():
            got = s["exercises"][ex]
            if want["expect"] == "correct":
                assert got["status"] == "correct", (s["student_id"], ex, got)
            elif want["expect"] == "variant":
                assert got["variant"] == want["variant"] and got["status"] in ("incorrect", "partial"), \
                    (s["student_id"], ex, got)
            else:
                assert got["status"] == want["expect"], (s["student_id"], ex, got)
        expected_total = sum(1.0 for e in t["exercises"].values() if e["expect"] == "correct")
        assert float(book[s["student_id"]]["total"]) == pytest.approx(expected_total, abs=1e-6) or \
            any(e["expect"] == "variant" for e in t["exercises"].values())  # a variant may carry partial credit
        if t["kind"] == "edited_output":
            assert any("does not reproduce" in f for f in s["findings"]), s["findings"]


def test_misconception_table_counts_the_planted_mistakes(graded):
    tmp, truth = graded
    record = load_results(tmp / "grades" / "ch01-results.json")
    planted = {}
    for t in truth["students"].values():
        for ex, want in t["exercises"].items():
            if want["expect"] == "variant":
                planted[(ex, want["variant"])] = planted.get((ex, want["variant"]), 0) + 1
    table = {(m["exercise"], m["variant"]): m["count"] for m in misconceptions(record)}
    assert table == planted and sum(planted.values()) >= (20 if FULL else 4)


def test_similarity_flags_are_the_copied_pairs(graded):
    tmp, truth = graded
    record = load_results(tmp / "grades" / "ch01-results.json")
    flagged = sorted([f["a"], f["b"]] for f in record["similarity"])
    assert flagged == truth["copied_pairs"]
    assert all(f["shared"] for f in record["similarity"])


def test_report_of_the_simulated_class(graded):
    tmp, truth = graded
    out = tmp / "report.html"
    assert main(["report", str(tmp / "grades"), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert f"<b>{N}</b>students" in page
    for a, b in truth["copied_pairs"]:
        assert f"<b>{a}</b> ↔ <b>{b}</b>" in page
    assert "timeout" in page and "Reproducibility" in page
