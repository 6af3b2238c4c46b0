"""The grader records which named mistake an answer matched; the class report counts them, offline and bilingual."""
import re

import pytest

from labkit.checks import evaluate, get_exercise
from labkit.cli import main
from labkit.grading import (
    GradingSpec,
    SubmissionResult,
    class_report_html,
    exercise_rates,
    load_results,
    misconceptions,
    results_from_record,
    results_record,
    write_class_report,
    write_results,
)
from labkit.release import ExerciseCell

EX = "nb1.e1_2_max_acquisition"  # variant 0: lifetime revenue instead of margin


def test_evaluate_names_the_variant_an_answer_matched():
    ex = get_exercise(EX)
    assert evaluate(EX, ex.variants[0].resolve()).variant == 0
    assert evaluate(EX, ex.expected()).variant is None
    assert evaluate(EX, -1.0).variant is None and evaluate(EX, ...).variant is None


def _spec():
    return GradingSpec("ch01", (ExerciseCell(1, EX, "answer_max", 1.0),
                                ExerciseCell(2, "nb1.e1_10_closer", "answer_closer", 1.0)))


def _result(sid, ex_status, variant=None, status="ok", findings=(), seconds=3.0):
    scores = {EX: 1.0 if ex_status == "correct" else 0.0, "nb1.e1_10_closer": 1.0}
    checks = {EX: (ex_status, "msg", "消息"), "nb1.e1_10_closer": ("correct", "ok", "好")}
    return SubmissionResult(sid, sid + ".ipynb", status, "" if status == "ok" else "cell 3 ran over 60 s",
                            scores, checks, list(findings), sum(scores.values()), seconds,
                            {EX: variant} if variant is not None else {})


def _batch():
    rows = [_result(f"s{i:02d}", "correct") for i in range(6)]
    rows += [_result(f"m{i}", "incorrect", 0) for i in range(3)]
    rows += [_result("w1", "incorrect"), _result("t1", "not_graded", status="timeout", seconds=60.0),
             _result("<script>alert(1)</script>", "not_attempted",
                     findings=["cell 4: stored '✔ [x] Correct', re-run '✘ [x] Not yet'"])]
    return rows


def test_record_round_trips_and_counts(tmp_path):
    path = write_results(_batch(), _spec(), tmp_path / "ch01-results.json")
    record = load_results(path)
    assert [r.variants for r in results_from_record(record)][6:9] == [{EX: 0}] * 3
    assert results_from_record(record)[0] == _batch()[0]
    rates = {r["exercise"]: r for r in exercise_rates(record)}
    assert rates[EX]["correct"] == 6 and rates[EX]["answered"] == 10 and rates[EX]["not_attempted"] == 1
    assert exercise_rates(record)[0]["exercise"] == EX  # hardest first
    (m,) = misconceptions(record)
    assert (m["exercise"], m["variant"], m["count"]) == (EX, 0, 3)
    assert m["share_answered"] == pytest.approx(0.3) and m["share_class"] == pytest.approx(3 / 12)
    assert m["en"] == get_exercise(EX).variants[0].en


def test_report_is_offline_bilingual_and_escapes_student_text(tmp_path):
    write_results(_batch(), _spec(), tmp_path / "ch01-results.json")
    assert main(["report", str(tmp_path), "--out", str(tmp_path / "report.html")]) == 0
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "30% of answers to <code>nb1.e1_2_max_acquisition</code> (3 students)" in page
    assert get_exercise(EX).variants[0].zh in page
    for label in ("Score distribution 成绩分布", "Misconceptions", "常见错误", "Statuses 状态",
                  "Reproducibility 可复现性", "Time per submission 每份用时", "Similarity flags 相似度标记"):
        assert label in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert len(re.findall(r'src="data:image/png;base64,', page)) == 3
    assert not re.search(r'(src|href)="(https?:)?//', page), "the report must not load anything"
    assert "cell 3 ran over 60 s" in page and "stored &#x27;✔ [x] Correct&#x27;" in page


def test_report_names_a_folder_without_results(tmp_path, capsys):
    assert main(["report", str(tmp_path), "--out", str(tmp_path / "r.html")]) == 2
    assert "no *-results.json" in capsys.readouterr().err
    with pytest.raises(ValueError, match="GRADEBOOK_DIR must be a folder"):
        write_class_report(tmp_path / "missing", tmp_path / "r.html")
    (tmp_path / "x-results.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="not a labkit results record"):
        write_class_report(tmp_path, tmp_path / "r.html")


def test_report_of_an_empty_batch_is_still_a_page():
    record = results_record([], _spec())
    assert "Class report" in class_report_html([record])
