"""Discussion prompts of chapters 0-2 are answerable: a student response cell, then an instructor-only
model answer with a rubric whose points sum to the response's points; `labkit release` drops the
instructor cells and keeps the response cells."""
import re
from pathlib import Path

import nbformat
import pytest

from labkit.release import student_version

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "notebooks").glob("0[0-2]_*.ipynb"))
ALL = sorted((ROOT / "notebooks").glob("*.ipynb"))
START = "✎ Your answer 你的回答:"
RUBRIC_ITEM = re.compile(r"^- \((\d+(?:\.\d+)?)\) ", re.M)


def _response(cell):
    return cell.metadata.get("labkit", {}).get("response")


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_response_cells_have_a_model_answer_and_rubric(path):
    nb = nbformat.read(path, as_version=4)
    prefix = f"nb{int(path.name[:2])}."
    seen = []
    for i, cell in enumerate(nb.cells):
        rid = _response(cell)
        if rid is None:
            continue
        assert cell.cell_type == "markdown" and cell.source.startswith(START), rid
        assert rid.startswith(prefix), rid
        points = float(cell.metadata["labkit"]["points"])
        nxt = nb.cells[i + 1]
        assert "instructor" in nxt.metadata.get("tags", []), f"{rid}: the next cell must be tagged instructor"
        assert "**Model answer 参考答案**" in nxt.source and "**Rubric 评分要点**" in nxt.source, rid
        rubric = nxt.source.split("**Rubric 评分要点**", 1)[1]
        items = [float(k) for k in RUBRIC_ITEM.findall(rubric)]
        assert items and sum(items) == points, f"{rid}: rubric points {items} do not sum to {points}"
        seen.append(rid)
    assert len(seen) == len(set(seen)), f"{path.name}: a response id is used twice"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_discussion_prompt_has_an_answer_cell(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("> **") and "iscussion" in cell.source.split("\n")[0]:
            # a prompt's Chinese partner (issue 21's convention) may stand between it and its answer cell
            nxt = nb.cells[i + 2] if nb.cells[i + 1].metadata.get("labkit", {}).get("lang") == "zh" else nb.cells[i + 1]
            assert _response(nxt), f"{path.name}: no answer cell after {cell.source[:60]!r}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_release_drops_instructor_cells_and_keeps_response_cells(path):
    nb = nbformat.read(path, as_version=4)
    responses = [_response(c) for c in nb.cells if _response(c)]
    student = student_version(nb, name=path.name)
    assert not [c for c in student.cells if "instructor" in c.metadata.get("tags", [])]
    assert not [c for c in student.cells if c.source.startswith("**Instructor only")]
    assert [_response(c) for c in student.cells if _response(c)] == responses
