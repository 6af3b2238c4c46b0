"""The whole loop on a simulated class: edition -> students -> a Canvas bulk-download zip -> grade with
--jobs 2 -> manual rubric scores -> Canvas and Moodle import files -> class report. The gradebook,
the misconception table and the similarity flags must recover the simulation's truth.

The chapter is chapter 1's first sixteen exercises with their statements, worked examples and
solutions (plots and live demos left out so 60 kernels finish in a few minutes). Recovering a
truth we planted checks the grader and the report; it says nothing about real students.
"""
import csv
import os
from pathlib import Path

import shutil
import zipfile

import nbformat
import pytest

from labkit.cli import main
from labkit.edition import build_edition
from labkit.grading import load_results, misconceptions, simulate_class

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "notebooks" / "01_customer_relationships.ipynb"
LAST = "nb1.e1_22_word_of_mouth"
# The full class of 60 (about three minutes with --jobs 2) runs with LABKIT_CLASS_TEST=1
# (`make test-class`); `make test` grades a class of 16 with every kind of student in it.
FULL = bool(os.environ.get("LABKIT_CLASS_TEST"))
N = 60 if FULL else 16
MIX = None if FULL else {"honest": 5, "mistakes": 4, "blank": 1, "timeout": 1, "edited_output": 1, "copy": 4}


RUBRIC = ("**Model answer 参考答案** Keeping a customer costs less than winning one, so a little more "
          "retention raises profit a lot.\n\n**Rubric 评分要点**\n(2) retention is cheaper than acquisition\n"
          "(1) a reason or a number")
RESPONSE = "nb1.why_retention"


def chapter_excerpt(out: Path) -> Path:
    """Chapter 1 up to E1.22 without plots, demos and its own discussion items, plus one free-response item."""
    nb = nbformat.read(CHAPTER, as_version=4)
    end = next(i for i, c in enumerate(nb.cells) if c.metadata.get("labkit", {}).get("exercise") == LAST)
    keep = [c for c in nb.cells[:end + 1]
            if (c.cell_type == "markdown" or not any(w in c.source for w in ("plotting", "widgets", "_chart(")))
            and "instructor" not in c.metadata.get("tags", []) and "response" not in c.metadata.get("labkit", {})
            # the role-play exercise is left out of this excerpt (its scenes and check are not simulated)
            and not any(w in c.source for w in ("labkit.checks.nb", "ROLE_PLAY_SCENES"))
            and c.metadata.get("labkit", {}).get("exercise") != "nb1.roleplay_types"]
    keep += [nbformat.v4.new_markdown_cell("### Your turn: in words 用文字回答\n\nWhy does retention pay? 为什么客户保持合算？"),
             nbformat.v4.new_markdown_cell("*Your answer here. 在此作答。*",
                                           metadata={"labkit": {"response": RESPONSE, "points": 3}}),
             nbformat.v4.new_markdown_cell(RUBRIC, metadata={"tags": ["instructor"]})]
    nb.cells = keep
    folder = out / "course" / "notebooks"
    folder.mkdir(parents=True)
    path = folder / "01_excerpt.ipynb"
    nbformat.write(nb, path)
    return path


def _course_source(tmp: Path) -> Path:
    src = tmp / "course"
    for name in ("pyproject.toml", "environment.yml"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "labkit", src / "labkit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "datasets", src / "datasets")
    return src


def _roster_and_zip(tmp: Path, truth: dict) -> tuple[Path, Path]:
    """A roster (Chinese names, Canvas user ids) and the submissions as a Canvas bulk download."""
    surnames = "张王李赵刘陈杨黄周吴"
    roster = tmp / "roster.csv"
    archive = tmp / "canvas-download.zip"
    with open(roster, "w", encoding="utf-8-sig", newline="") as f, zipfile.ZipFile(archive, "w") as z:
        w = csv.writer(f)
        w.writerow(["student_id", "name", "canvas_user_id", "sis_login_id", "section", "email"])
        for k, sid in enumerate(sorted(truth["students"])):
            name = surnames[k % 10] + "同学" + str(k)
            w.writerow([sid, name, str(5000 + k), f"s{sid}", "A班" if k % 2 else "B班", f"{sid}@example.edu"])
            late = "_LATE" if k % 7 == 3 else ""
            z.write(tmp / "sim" / "submissions" / f"{sid}.ipynb", f"student{k}{late}_{5000 + k}_{90000 + k}_01_excerpt.ipynb")
    return roster, archive


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The whole loop: edition -> simulated students -> Canvas zip -> grade --jobs 2 (auto + review sheets)."""
    tmp = tmp_path_factory.mktemp("class")
    instructor = chapter_excerpt(tmp)
    edition = build_edition(tmp / "dist", source=_course_source(tmp))
    truth = simulate_class(instructor, tmp / "sim", n=N, seed=11, mix=MIX)
    # a blank student hands in the edition's notebook untouched
    blank = next(s for s, t in truth["students"].items() if t["kind"] == "blank")
    handed = nbformat.read(tmp / "sim" / "submissions" / f"{blank}.ipynb", as_version=4)
    released = nbformat.read(edition.folder / "notebooks" / "01_excerpt.ipynb", as_version=4)
    assert [c.source for c in handed.cells] == [c.source for c in released.cells]
    roster, archive = _roster_and_zip(tmp, truth)
    args = [str(archive), "--roster", str(roster), "--instructor", str(instructor),
            "--out", str(tmp / "grades" / "ch01.csv"), "--jobs", "2", "--timeout", "20",
            "--total-timeout", "45", "--quiet"]
    assert main(["grade", *args]) == 0
    return tmp, truth, args


def test_the_simulated_class_has_every_kind(graded):
    _, truth, _ = graded
    kinds = [s["kind"] for s in truth["students"].values()]
    assert len(kinds) == N
    for kind in ("honest", "mistakes", "blank", "timeout", "edited_output", "copy"):
        assert kind in kinds, kind
    assert truth["copied_pairs"] and all(a < b for a, b in truth["copied_pairs"])


def test_gradebook_recovers_every_students_truth(graded):
    tmp, truth, _ = graded
    record = load_results(tmp / "grades" / "ch01-results.json")
    with open(tmp / "grades" / "ch01.csv", encoding="utf-8-sig") as f:
        book = {row["student_id"]: row for row in csv.DictReader(f)}
    assert sorted(book) == sorted(truth["students"])
    for s in record["students"]:
        t = truth["students"][s["student_id"]]
        if t["kind"] == "timeout":  # ends on the total limit, or is cut short by the sandbox's output guard
            assert s["status"] == "timeout" or "limit" in s["reason"], (s["student_id"], s["status"], s["reason"])
        else:
            assert s["status"] == "ok", (s["student_id"], s["reason"])
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
    tmp, truth, _ = graded
    record = load_results(tmp / "grades" / "ch01-results.json")
    planted = {}
    for t in truth["students"].values():
        for ex, want in t["exercises"].items():
            if want["expect"] == "variant":
                planted[(ex, want["variant"])] = planted.get((ex, want["variant"]), 0) + 1
    table = {(m["exercise"], m["variant"]): m["count"] for m in misconceptions(record)}
    assert table == planted and sum(planted.values()) >= (20 if FULL else 4)


def test_similarity_flags_are_the_copied_pairs(graded):
    tmp, truth, _ = graded
    record = load_results(tmp / "grades" / "ch01-results.json")
    flagged = sorted([f["a"], f["b"]] for f in record["similarity"])
    assert flagged == truth["copied_pairs"]
    assert all(f["shared"] for f in record["similarity"])


def test_report_of_the_simulated_class(graded):
    tmp, truth, _ = graded
    out = tmp / "report.html"
    assert main(["report", str(tmp / "grades"), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert f"<b>{N}</b>students" in page
    for a, b in truth["copied_pairs"]:
        assert f"<b>{a}</b> ↔ <b>{b}</b>" in page
    hung = [s for s, t in truth["students"].items() if t["kind"] == "timeout"]
    assert all(f"<td>{s}</td>" in page for s in hung) and "Reproducibility" in page


def test_manual_rubric_scores_then_canvas_and_moodle_exports(graded):
    tmp, truth, args = graded
    sheet = tmp / "grades" / "ch01-manual-nb1_why_retention.csv"
    with open(sheet, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:4] == ["student_id", "response", "points", "comment"] and len(rows) == N + 1
    blanks = {s for s, t in truth["students"].items() if t["kind"] == "blank"}
    assert {r[0] for r in rows[1:] if r[2] == "0"} == blanks  # unanswered cells come pre-scored 0
    for r in rows[1:]:  # the grader marks every answer: criterion 1 met, criterion 2 only for even ids
        if r[0] not in blanks:
            r[2:] = ["", "ok 好", "2", "1" if int(r[0]) % 2 == 0 else "0"]
    with open(sheet, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    for fmt in ("canvas", "moodle"):
        assert main(["grade", *args, "--manual", str(sheet), "--format", fmt, "--assignment", "Chapter 1 第一章"]) == 0
    record = load_results(tmp / "grades" / "ch01-results.json")
    manual = {s["student_id"]: s["exercises"][RESPONSE]["score"] for s in record["students"]}
    for sid, t in truth["students"].items():
        want = 0.0 if sid in blanks else (3.0 if int(sid) % 2 == 0 else 2.0)
        assert manual[sid] == want, sid
    with open(tmp / "roster.csv", encoding="utf-8-sig") as f:
        roster = list(csv.DictReader(f))
    totals = {s["student_id"]: s["total"] for s in record["students"]}
    canvas = list(csv.reader(open(tmp / "grades" / "ch01-canvas.csv", encoding="utf-8")))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Chapter 1 第一章"]
    assert canvas[1][0] == "Points Possible" and float(canvas[1][-1]) == record["possible"]
    assert [(r[0], r[1], r[2], r[3], r[4], float(r[5])) for r in canvas[2:]] == [
        (p["name"], p["canvas_user_id"], p["student_id"], p["sis_login_id"], p["section"], totals[p["student_id"]])
        for p in roster]
    moodle = list(csv.reader(open(tmp / "grades" / "ch01-moodle.csv", encoding="utf-8")))
    assert moodle[0] == ["ID number", "Email address", "Full name", "Chapter 1 第一章", "Feedback"]
    assert [(r[0], r[1], r[2], float(r[3])) for r in moodle[1:]] == [
        (p["student_id"], p["email"], p["name"], totals[p["student_id"]]) for p in roster]
    assert main(["report", str(tmp / "grades"), "--out", str(tmp / "report.html")]) == 0
    page = (tmp / "report.html").read_text(encoding="utf-8")
    assert "Rubric criteria most often missed" in page and "(1) a reason or a number" in page
