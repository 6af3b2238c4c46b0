"""Rosters, Canvas/Moodle bulk downloads and the LMS import files; Chinese names round-trip."""
import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from labkit.cli import main
from labkit.grading import (
    GradingSpec,
    SubmissionResult,
    lms_rows,
    load_roster,
    parse_canvas_name,
    parse_moodle_name,
    results_record,
    unpack_bulk_download,
    write_lms_gradebook,
)
from labkit.release import ExerciseCell, student_version

DATA = Path(__file__).parent / "data"
ROSTER = """student_id,name,canvas_user_id,sis_login_id,section,email,moodle_participant_id
2024001,张伟,101,zhangwei,A班,zw@example.edu,9001
2024002,"Li, Na",102,lina,A班,ln@example.edu,9002
2024003,王芳,103,wangfang,B班,wf@example.edu,9003
"""


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("\ufeff" + ROSTER, encoding="utf-8")
    return path


def _record():
    spec = GradingSpec("ch00", (ExerciseCell(1, "nb0.customers_count", "a", 1.0), ExerciseCell(2, "nb0.top_channel", "b", 2.0)))
    rows = [SubmissionResult("2024001", "2024001.ipynb", "ok", "", {"nb0.customers_count": 1.0, "nb0.top_channel": 2.0},
                             {}, [], 3.0),
            SubmissionResult("2024003", "2024003.ipynb", "timeout", "total time limit of 300 s reached",
                             {"nb0.customers_count": 1.0, "nb0.top_channel": 0.0}, {}, [], 1.0)]
    return results_record(rows, spec)


def test_roster_reads_chinese_names_and_names_its_problems(roster, tmp_path):
    entries = load_roster(roster)
    assert [(e.student_id, e.name, e.section) for e in entries] == [
        ("2024001", "张伟", "A班"), ("2024002", "Li, Na", "A班"), ("2024003", "王芳", "B班")]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\n1,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs the columns student_id and name; missing: student_id"):
        load_roster(bad)
    bad.write_text("student_id,name\n1,x\n1,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3: student_id '1' appears twice"):
        load_roster(bad)
    with pytest.raises(ValueError, match="roster must be an existing CSV file"):
        load_roster(tmp_path / "none.csv")


def test_canvas_import_file_headers_and_every_row(roster, tmp_path):
    out = write_lms_gradebook(_record(), load_roster(roster), "canvas", tmp_path / "c.csv", "Chapter 0 (4711)")
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Chapter 0 (4711)"]
    assert rows[1] == ["Points Possible", "", "", "", "", "3"]
    assert rows[2:] == [["张伟", "101", "2024001", "zhangwei", "A班", "3"],
                        ["Li, Na", "102", "2024002", "lina", "A班", ""],   # no submission: grade left as it is
                        ["王芳", "103", "2024003", "wangfang", "B班", "1"]]


def test_moodle_import_file_headers_and_every_row(roster, tmp_path):
    out = write_lms_gradebook(_record(), load_roster(roster), "moodle", tmp_path / "m.csv")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["ID number", "Email address", "Full name", "ch00", "Feedback"]
    assert rows[1:] == [["2024001", "zw@example.edu", "张伟", "3", ""],
                        ["2024002", "ln@example.edu", "Li, Na", "", ""],
                        ["2024003", "wf@example.edu", "王芳", "1", "timeout: total time limit of 300 s reached"]]


def test_csv_export_has_a_row_per_roster_student(roster):
    rows = lms_rows(_record(), load_roster(roster), "csv")
    assert rows[0] == ["student_id", "name", "nb0.customers_count", "nb0.top_channel", "total", "status"]
    assert rows[2] == ["2024002", "Li, Na", "", "", "", "missing"]


def test_a_graded_student_missing_from_the_roster_is_an_error(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("student_id,name\n2024001,张伟\n", encoding="utf-8")
    with pytest.raises(ValueError, match="graded students missing from the roster: 2024003"):
        lms_rows(_record(), load_roster(path), "canvas")
    with pytest.raises(ValueError, match="format must be one of canvas, moodle, csv"):
        lms_rows(_record(), load_roster(path), "blackboard")


def test_bulk_download_names():
    assert parse_canvas_name("wangfang_103_555_01_customer_relationships.ipynb")["user_id"] == "103"
    assert parse_canvas_name("notes.ipynb") is None
    folder = parse_moodle_name("王芳_9003_assignsubmission_file/ch00.ipynb")
    assert folder == {"name": "王芳", "participant_id": "9003", "file": "ch00.ipynb"}


def _notebook_bytes(answer: str) -> bytes:
    nb = student_version(nbformat.read(DATA / "instructor.ipynb", as_version=4))
    nb.cells[3].source = f"answer_count = {answer}"
    return nbformat.writes(nb).encode("utf-8")


def test_canvas_and_moodle_zips_map_to_roster_ids(roster, tmp_path):
    entries = load_roster(roster)
    canvas = tmp_path / "canvas.zip"
    with zipfile.ZipFile(canvas, "w") as z:
        z.writestr("zhangwei_101_7001_ch00.ipynb", _notebook_bytes("1"))
        z.writestr("lina_LATE_102_7002_ch00.ipynb", _notebook_bytes("2"))
        z.writestr("lina_LATE_102_7003_ch00-1.ipynb", _notebook_bytes("3"))  # resubmission, later in the zip
        z.writestr("stranger_999_7004_ch00.ipynb", _notebook_bytes("4"))
        z.writestr("readme.ipynb", _notebook_bytes("5"))
    written, problems = unpack_bulk_download(canvas, entries, tmp_path / "c")
    assert [p.name for p in written] == ["2024001.ipynb", "2024002.ipynb"]
    assert "answer_count = 3" in (tmp_path / "c" / "2024002.ipynb").read_text(encoding="utf-8")
    assert any("second notebook of 2024002" in p for p in problems)
    assert any("stranger_999_7004_ch00.ipynb: no roster row" in p for p in problems)
    assert any("readme.ipynb: not a Canvas or Moodle" in p for p in problems)
    moodle = tmp_path / "moodle.zip"
    with zipfile.ZipFile(moodle, "w") as z:
        z.writestr("张伟_9001_assignsubmission_file_ch00.ipynb", _notebook_bytes("1"))
        z.writestr("王芳_1234_assignsubmission_file/ch00.ipynb", _notebook_bytes("2"))  # matched by name
    written, problems = unpack_bulk_download(moodle, entries, tmp_path / "m")
    assert [p.name for p in written] == ["2024001.ipynb", "2024003.ipynb"] and problems == []
    with pytest.raises(ValueError, match="cannot be opened"):
        unpack_bulk_download(tmp_path / "c" / "2024001.ipynb", entries, tmp_path / "x")


def test_grade_a_canvas_zip_and_export_for_canvas(roster, tmp_path, capsys):
    canvas = tmp_path / "canvas.zip"
    with zipfile.ZipFile(canvas, "w") as z:
        z.writestr("zhangwei_101_7001_ch00.ipynb", _notebook_bytes("len(customers)"))
        z.writestr("wangfang_103_7003_ch00.ipynb", _notebook_bytes("1999"))
    out = tmp_path / "grades" / "ch00.csv"
    assert main(["grade", str(canvas), "--instructor", str(DATA / "instructor.ipynb"), "--out", str(out),
                 "--roster", str(roster), "--format", "canvas", "--assignment", "Chapter 0", "--quiet"]) == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "grades" / "ch00-canvas.csv").read_text(encoding="utf-8"))))
    assert rows[0][-1] == "Chapter 0" and rows[1][-1] == "3"
    assert [r[0] for r in rows[2:]] == ["张伟", "Li, Na", "王芳"]
    assert [r[-1] for r in rows[2:]] == ["1", "", "0"]
    record = json.loads((tmp_path / "grades" / "ch00-results.json").read_text(encoding="utf-8"))
    assert [s["student_id"] for s in record["students"]] == ["2024001", "2024003"]
    assert main(["grade", str(canvas), "--instructor", str(DATA / "instructor.ipynb"), "--out", str(out)]) == 2
    assert "give --roster" in capsys.readouterr().err
    assert main(["grade", str(tmp_path), "--instructor", str(DATA / "instructor.ipynb"), "--out", str(out),
                 "--format", "moodle"]) == 2
    assert "--format moodle needs --roster" in capsys.readouterr().err
