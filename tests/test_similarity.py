"""Similarity flags find planted copies (renamed variables, moved cells, new comments) and leave honest work alone."""
import json
from pathlib import Path

import nbformat
import pytest

from labkit.grading import flags_for_submissions, simulate_class, similarity_flags
from labkit.grading._similarity import normalise_code
from labkit.release import student_version

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
CHAPTER = ROOT / "notebooks" / "01_customer_relationships.ipynb"


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sim")
    truth = simulate_class(CHAPTER, tmp, n=80, seed=21)
    return sorted((tmp / "submissions").glob("*.ipynb")), truth


def test_flags_are_exactly_the_planted_copies(simulated):
    files, truth = simulated
    flags = flags_for_submissions(files, CHAPTER)
    assert sorted([f.a, f.b] for f in flags) == truth["copied_pairs"]
    assert len(truth["copied_pairs"]) >= 8
    # the shared lines are shown as each student wrote them (the copier's renamed variables)
    assert any(a != b for f in flags for a, b in f.shared)


def test_minhash_candidates_agree_with_comparing_every_pair(simulated):
    files, _ = simulated
    fast = flags_for_submissions(files, CHAPTER, exhaustive=False)
    exact = flags_for_submissions(files, CHAPTER, exhaustive=True)
    assert [(f.a, f.b, f.similarity) for f in fast] == [(f.a, f.b, f.similarity) for f in exact]


def test_renaming_comments_and_spacing_do_not_hide_a_copy():
    a = "revenue = tx.groupby('customer_id')['amount'].sum()  # my revenue\nshare = revenue / revenue.sum()"
    b = "# copied? no!\nrev=tx.groupby('customer_id')['amount'].sum()\nshare_x = rev / rev.sum()"
    assert normalise_code(a) == normalise_code(b)


def _honest(tmp_path, n):
    """``n`` students answering the fixture's three short exercises each in a natural way of their own."""
    forms = [("len(customers)", "customers.shape[0]", "int(customers['customer_id'].nunique())"),
             ("customers['channel'].value_counts().idxmax()", "customers['channel'].mode()[0]",
              "customers.groupby('channel').size().idxmax()"),
             ("round(float(transactions['amount'].mean()), 2)", "transactions['amount'].mean()",
              "transactions.amount.sum() / len(transactions)")]
    teacher = nbformat.read(DATA / "instructor.ipynb", as_version=4)
    paths = []
    for k in range(n):
        nb = student_version(teacher)
        nb.cells[3].source = f"answer_count = {forms[0][k % 3]}"
        nb.cells[6].source = f"# use value_counts\nanswer_channel = {forms[1][(k // 3) % 3]}"
        nb.cells[9].source = f"answer_mean = {forms[2][(k // 9) % 3]}"
        path = tmp_path / f"s{k:02d}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def test_independent_honest_solutions_of_short_exercises_are_not_flagged(tmp_path):
    paths = _honest(tmp_path, 27)  # every combination of three ways to write three one-liners
    assert flags_for_submissions(paths, DATA / "instructor.ipynb") == []
    # …even in a small class where no line is "common" (each form is shared by 9 of 27, then 2 of 3)
    assert flags_for_submissions(paths[:3], DATA / "instructor.ipynb") == []


def test_bad_options_are_named():
    with pytest.raises(ValueError, match="threshold must be in"):
        similarity_flags({}, threshold=0)
    with pytest.raises(ValueError, match="num_perm must be a multiple of bands"):
        similarity_flags({}, num_perm=100, bands=32)
