"""Free-response items: the convention is validated on release, graders get review pages and sheets, --manual merges."""
import csv
import io
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from labkit.cli import main
from labkit.release import INSTRUCTOR_TAG, student_version
from labkit.rubric import INSTRUCTOR_TAG as RUBRIC_TAG
from labkit.rubric import parse_rubric, read_manual, response_items

DATA = Path(__file__).parent / "data"
RUBRIC_TEXT = ("**Model answer 参考答案** Keeping a customer costs about a fifth of winning one, so retention pays.\n\n"
               "**Rubric 评分要点**\n(2) says retention is cheaper than acquisition\n(1) gives a reason or a number")


def _instructor(rubric=RUBRIC_TEXT, points=3, rid="nb0.why_retention", tag=True):
    nb = nbformat.read(DATA / "instructor.ipynb", as_version=4)
    nb.cells.insert(11, nbformat.v4.new_markdown_cell("Why do firms care about retention? 企业为何重视客户保持？"))
    nb.cells.insert(12, nbformat.v4.new_markdown_cell("*Your answer here. 在此作答。*",
                                                      metadata={"labkit": {"response": rid, "points": points}}))
    nb.cells.insert(13, nbformat.v4.new_markdown_cell(rubric, metadata={"tags": [INSTRUCTOR_TAG] if tag else []}))
    return nb


def test_the_tag_is_the_same_in_release_and_rubric():
    assert INSTRUCTOR_TAG == RUBRIC_TAG


def test_convention_parsed_and_rubric_dropped_from_the_student_version():
    (item,) = response_items(_instructor())
    assert (item.id, item.points, item.index) == ("nb0.why_retention", 3.0, 12)
    assert [c.points for c in item.criteria] == [2.0, 1.0] and "fifth" in item.model_answer
    student = student_version(_instructor())
    text = json.dumps(student.cells, ensure_ascii=False)
    assert "fifth" not in text and "评分要点" not in text
    assert any(c.metadata.get("labkit", {}).get("response") == "nb0.why_retention" for c in student.cells)


@pytest.mark.parametrize("kwargs, message", [
    ({"points": 4}, r"instructor.ipynb cell 13: the rubric criteria of 'nb0.why_retention' add up to 3, but the response cell gives 4"),
    ({"tag": False}, r"instructor.ipynb cell 12: response 'nb0.why_retention' must be followed by an instructor-tagged"),
    ({"rubric": "**Model answer 参考答案** x\n\n**Rubric 评分要点**\nsay something"}, r"has no criteria"),
    ({"rubric": "(3) anything"}, r"needs '\*\*Model answer 参考答案\*\*'"),
    ({"rid": "why"}, r"response id must look like 'nbN.name', got 'why'"),
    ({"points": 0}, r"needs positive points, got 0"),
])
def test_release_names_the_notebook_and_cell_of_a_broken_item(kwargs, message):
    with pytest.raises(ValueError, match=message):
        student_version(_instructor(**kwargs), name="instructor.ipynb")


def test_repeated_response_ids_are_refused():
    nb = _instructor()
    nb.cells.insert(14, nbformat.v4.new_markdown_cell("again", metadata={"labkit": {"response": "nb0.why_retention", "points": 3}}))
    nb.cells.insert(15, nbformat.v4.new_markdown_cell(RUBRIC_TEXT, metadata={"tags": ["instructor"]}))
    with pytest.raises(ValueError, match="cell 14: response id 'nb0.why_retention' is used twice"):
        response_items(nb, name="x.ipynb")


@pytest.fixture
def batch(tmp_path):
    teacher = tmp_path / "teacher.ipynb"
    nbformat.write(_instructor(), teacher)
    subs = tmp_path / "subs"
    subs.mkdir()
    for sid, text in [("s1", "Retention is cheaper: about 1/5 of acquisition."), ("s2", "Because <b>loyal</b> customers buy more."),
                      ("s3", None)]:
        nb = student_version(_instructor())
        if text:
            next(c for c in nb.cells if c.metadata.get("labkit", {}).get("response")).source = text
        nbformat.write(nb, subs / f"{sid}.ipynb")
    out = tmp_path / "grades" / "ch00.csv"
    args = ["grade", str(subs), "--instructor", str(teacher), "--out", str(out), "--quiet"]
    assert main(args) == 0
    return tmp_path, args, out


def _sheet(out):
    return out.with_name("ch00-manual-nb0_why_retention.csv")


def test_grade_writes_a_review_page_and_a_sheet(batch):
    tmp, args, out = batch
    page = out.with_name("ch00-review-nb0_why_retention.html").read_text(encoding="utf-8")
    assert "about 1/5 of acquisition" in page and "&lt;b&gt;loyal&lt;/b&gt;" in page and "<b>loyal</b>" not in page
    assert "fifth of winning one" in page and "(2) says retention is cheaper" in page and "no answer 未作答" in page
    rows = list(csv.reader(io.StringIO(_sheet(out).read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["student_id", "response", "points", "comment", "(2) says retention is cheaper than acquisition",
                       "(1) gives a reason or a number"]
    assert [r[:3] for r in rows[1:]] == [["s1", "nb0.why_retention", ""], ["s2", "nb0.why_retention", ""],
                                         ["s3", "nb0.why_retention", "0"]]
    assert "nb0.why_retention" not in out.read_text(encoding="utf-8-sig")  # not in the gradebook until --manual


def _fill(out, rows):
    header = list(csv.reader(io.StringIO(_sheet(out).read_text(encoding="utf-8-sig"))))[0]
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *rows])
    _sheet(out).write_text(buf.getvalue(), encoding="utf-8-sig")


def test_manual_scores_merge_into_gradebook_feedback_and_report(batch):
    tmp, args, out = batch
    _fill(out, [["s1", "nb0.why_retention", "", "清楚，有数字", "2", "1"],
                ["s2", "nb0.why_retention", "1", "reason given, not cheaper", "0", "1"],
                ["s3", "nb0.why_retention", "0", "no answer", "", ""]])
    assert main(args + ["--manual", str(_sheet(out))]) == 0
    with open(out, encoding="utf-8-sig") as f:
        book = {r["student_id"]: r for r in csv.DictReader(f)}
    assert [book[s]["nb0.why_retention"] for s in ("s1", "s2", "s3")] == ["3", "1", "0"]
    assert float(book["s1"]["total"]) == float(book["s1"]["nb0.customers_count"]) + 3 - 0  # auto (blank answers 0) + manual
    feedback = (out.parent / "ch00-feedback" / "s1.md").read_text(encoding="utf-8")
    assert "清楚，有数字" in feedback and "3 / 3" in feedback
    record = json.loads(out.with_name("ch00-results.json").read_text(encoding="utf-8"))
    assert record["possible"] == 6
    assert record["rubric"][0] == {"response": "nb0.why_retention", "criterion": "(2) says retention is cheaper than acquisition",
                                   "graded": 3, "missed": 1}
    assert main(["report", str(out.parent), "--out", str(tmp / "r.html")]) == 0
    assert "Rubric criteria most often missed" in (tmp / "r.html").read_text(encoding="utf-8")
    # grading again keeps the sheet as filled in
    assert main(args) == 0
    assert "清楚，有数字" in _sheet(out).read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("rows, message", [
    ([["s1", "nb0.nope", "1", ""]], r"line 2: unknown response 'nb0.nope'"),
    ([["s9", "nb0.why_retention", "1", ""]], r"line 2: student 's9' is not in this batch"),
    ([["s1", "nb0.why_retention", "4", ""]], r"4 points for nb0.why_retention; allowed 0 to 3"),
    ([["s1", "nb0.why_retention", "", "", "3", ""]], r"criterion \(2\) .* got 3; allowed 0 to 2"),
    ([["s1", "nb0.why_retention", "1", ""], ["s1", "nb0.why_retention", "2", ""]], r"line 3: a second row for s1"),
    ([["s1", "nb0.why_retention", "1", ""]], r"manual scores missing for 2 row\(s\): s2 / nb0.why_retention, s3"),
    ([["s1", "nb0.why_retention", "lots", ""]], r"'lots' is not a number"),
])
def test_manual_sheet_errors_are_clear(tmp_path, rows, message):
    (item,) = response_items(_instructor())
    path = tmp_path / "sheet.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows([["student_id", "response", "points", "comment", "(2) a", "(1) b"], *rows])
    path.write_text(buf.getvalue(), encoding="utf-8-sig")
    with pytest.raises(ValueError, match=message):
        read_manual([path], [item], ["s1", "s2", "s3"])


def test_a_bad_sheet_stops_grade_with_a_message(batch, capsys):
    tmp, args, out = batch
    _fill(out, [["s1", "nb0.why_retention", "9", ""]])
    assert main(args + ["--manual", str(_sheet(out))]) == 2
    assert "9 points for nb0.why_retention; allowed 0 to 3" in capsys.readouterr().err
