"""labkit release: student versions hide solutions and outputs, keep the grading metadata, and run."""
import hashlib
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from labkit.cli import main
from labkit.release import BEGIN, END, check_cell, exercise_cells, release, student_version

DATA = Path(__file__).parent / "data"
INSTRUCTOR = DATA / "instructor.ipynb"


def _instructor():
    return nbformat.read(INSTRUCTOR, as_version=4)


def test_fixture_follows_the_convention():
    cells = exercise_cells(_instructor())
    assert [(c.exercise, c.variable, c.points) for c in cells] == [
        ("nb0.customers_count", "answer_count", 1.0), ("nb0.top_channel", "answer_channel", 1.0),
        ("nb0.mean_amount", "answer_mean", 1.0)]
    stored = [o["text"] for c in _instructor().cells if "exercise" in c.metadata.get("labkit", {})
              for o in c.outputs]
    assert len(stored) == 3 and all(t.startswith("✔") for t in stored)


def test_solutions_replaced_outputs_cleared_metadata_kept():
    student = student_version(_instructor())
    sources = [c.source for c in student.cells]
    text = json.dumps(student.cells, ensure_ascii=False)
    assert BEGIN not in text and END not in text
    assert "len(customers)" not in text and "idxmax" not in text and ".mean()" not in text
    assert "answer_count = ..." in sources and "answer_mean = ..." in sources
    # the helper line of a block is dropped, the comment before the block is kept
    assert "# use value_counts\nanswer_channel = ..." in sources
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    checks = [c for c in student.cells if "exercise" in c.metadata.get("labkit", {})]
    assert [c.metadata["labkit"]["exercise"] for c in checks] == [
        "nb0.customers_count", "nb0.top_channel", "nb0.mean_amount"]
    assert all(c.metadata["labkit"]["points"] == 1 and c.metadata["editable"] is False for c in checks)
    assert sum(bool(c.metadata.get("labkit", {}).get("solution")) for c in student.cells) == 3
    assert exercise_cells(student) == exercise_cells(_instructor())


def test_instructor_cells_dropped_and_multiple_names_kept_in_order():
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {"value": 2000}}}, cells=[
        nbformat.v4.new_code_cell("secret = 1", metadata={"tags": ["instructor"]}),
        nbformat.v4.new_code_cell(f"{BEGIN}\nhelper = 3\nanswer_a, answer_b = helper, 2\n{END}"),
        check_cell("nb0.customers_count", "answer_a"),
        check_cell("nb0.mean_amount", "answer_b", 2),
    ])
    student = student_version(nb)
    assert len(student.cells) == 3 and "widgets" not in student.metadata
    assert student.cells[0].source == "answer_a = ...\nanswer_b = ..."


@pytest.mark.parametrize("source, message", [
    (f"{BEGIN}\nx = 1", "without ### END"),
    (f"x = 1\n{END}", "without ### BEGIN"),
    (f"{BEGIN}\n{BEGIN}\nx = 1\n{END}", "inside another"),
    (f"{BEGIN}\nprint(1)\n{END}", "assigns no variable"),
    (f"{BEGIN}\nx = (\n{END}", "not valid Python"),
])
def test_broken_solution_blocks_are_named(source, message):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    with pytest.raises(ValueError, match=message):
        student_version(nb, name="ch.ipynb")


def test_broken_check_cells_are_named():
    bad = check_cell("nb0.customers_count", "answer")
    bad.source = 'check("nb0.top_channel", answer)'
    with pytest.raises(ValueError, match="cell 0: a check cell must be exactly"):
        exercise_cells(nbformat.v4.new_notebook(cells=[bad]))
    twice = [check_cell("nb0.customers_count", "a"), check_cell("nb0.customers_count", "b")]
    with pytest.raises(ValueError, match="repeated: nb0.customers_count"):
        exercise_cells(nbformat.v4.new_notebook(cells=twice))
    md = nbformat.v4.new_markdown_cell(f"{BEGIN}\nx\n{END}")
    with pytest.raises(ValueError, match="only allowed in code cells"):
        student_version(nbformat.v4.new_notebook(cells=[md]))


def test_release_leaves_instructor_untouched_and_refuses_its_folder(tmp_path):
    before = hashlib.sha256(INSTRUCTOR.read_bytes()).hexdigest()
    assert main(["release", str(INSTRUCTOR), "--out", str(tmp_path / "release")]) == 0
    assert hashlib.sha256(INSTRUCTOR.read_bytes()).hexdigest() == before
    assert (tmp_path / "release" / "instructor.ipynb").is_file()
    with pytest.raises(ValueError, match="out must differ"):
        release([INSTRUCTOR], DATA)
    with pytest.raises(ValueError, match="existing .ipynb"):
        release([DATA / "missing.ipynb"], tmp_path)


def test_student_version_runs_and_says_not_attempted(tmp_path):
    path = release([INSTRUCTOR], tmp_path)[0]
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()  # raises on any error
    checks = [c for c in nb.cells if "exercise" in c.metadata.get("labkit", {})]
    texts = ["".join(o.get("text", "") for o in c.outputs) for c in checks]
    assert len(texts) == 3 and all("Not attempted yet" in t for t in texts)
