"""The instructor → student → grader path on the course's real notebooks."""
import shutil
from pathlib import Path

import nbformat
import pytest

from labkit.grading import grade, load_spec
from labkit.release import exercise_cells, release

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    release(NOTEBOOKS, out)
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_release_strips_every_solution(path, student_dir):
    teacher = nbformat.read(path, as_version=4)
    student = nbformat.read(student_dir / path.name, as_version=4)
    assert [e.exercise for e in exercise_cells(student)] == [e.exercise for e in exercise_cells(teacher)]
    for cell in student.cells:
        assert "### BEGIN SOLUTION" not in cell.source or cell.cell_type == "markdown"
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert "widgets" not in student.metadata, "stored widget state can show answers"
    teacher_solutions = [c.source.split("### BEGIN SOLUTION", 1)[1].split("### END SOLUTION", 1)[0].strip()
                         for c in teacher.cells if c.cell_type == "code" and "### BEGIN SOLUTION" in c.source]
    student_code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    for block in teacher_solutions:
        for line in block.splitlines():
            if "=" in line and not line.rstrip().endswith("= ..."):
                assert line not in student_code, f"{path.name}: solution line leaked: {line}"


def test_grader_scores_instructor_full_and_blank_student_zero(student_dir, tmp_path):
    instructor = ROOT / "notebooks" / "00_start_here.ipynb"
    shutil.copy(instructor, tmp_path / "teacher.ipynb")
    shutil.copy(student_dir / instructor.name, tmp_path / "blank.ipynb")
    spec = load_spec(instructor)
    rows = {r.student_id: r for r in grade([tmp_path], spec, jobs=2, progress=False)}
    assert rows["teacher"].total == spec.possible and rows["teacher"].status == "ok"
    assert rows["teacher"].findings == [], "the instructor notebook must reproduce under the grader"
    assert rows["blank"].total == 0 and rows["blank"].status == "ok"
    assert all(status == "not_attempted" for status, _, _ in rows["blank"].checks.values())
