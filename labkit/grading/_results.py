"""The machine-readable record of a graded batch (``<gradebook>-results.json``), read by ``labkit report``.

The gradebook CSV is for people and the LMS; this file keeps what the class report needs
besides the scores: each exercise's status and the known mistake (``Variant``) an answer
matched, reproducibility findings and the time each submission took. It is written sorted and
without timestamps, so grading twice gives the same file except for the seconds.

Examples
--------
>>> from labkit.release import ExerciseCell
>>> from labkit.grading._spec import GradingSpec, SubmissionResult
>>> spec = GradingSpec("ch0", (ExerciseCell(4, "nb0.customers_count", "answer_n", 1.0),))
>>> r = SubmissionResult("s1", "s1.ipynb", "ok", "", {"nb0.customers_count": 0.0},
...     {"nb0.customers_count": ("incorrect", "Not yet.", "还不对。")}, [], 0.0, 1.5)
>>> record = results_record([r], spec)
>>> record["students"][0]["exercises"]["nb0.customers_count"]
{'status': 'incorrect', 'score': 0.0, 'variant': None}
>>> [s.student_id for s in results_from_record(record)] == ["s1"]
True
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # annotations only
    from labkit.grading._spec import GradingSpec, SubmissionResult

__all__ = ["results_record", "write_results", "load_results", "results_from_record", "results_path"]

FORMAT = "labkit-results/1"


def results_path(gradebook: str | Path) -> Path:
    """Where the record of a gradebook lives: ``grades/ch01.csv`` -> ``grades/ch01-results.json``."""
    gradebook = Path(gradebook)
    return gradebook.with_name(gradebook.stem + "-results.json")


def results_record(results: Sequence[SubmissionResult], spec: GradingSpec, *, similarity: Sequence | None = None,
                   rubric: Sequence[dict] | None = None) -> dict:
    """A JSON-ready dict of the batch: the exercises, one entry per student, and the similarity flags if computed.

    ``similarity`` holds :class:`labkit.grading.SimilarityFlag` s naming submissions by file stem;
    they are stored under the students' ids.
    """
    students = []
    for r in results:
        students.append({
            "student_id": r.student_id, "submission": r.submission, "status": r.status,
            "reason": r.reason, "total": r.total, "seconds": round(float(r.seconds), 3),
            "findings": list(r.findings),
            "exercises": {ex: {"status": r.checks.get(ex, ("not_graded",))[0],
                               "score": r.scores.get(ex, 0.0), "variant": r.variants.get(ex)}
                          for ex in spec.ids},
            "messages": {ex: list(r.checks[ex][1:]) for ex in spec.ids if ex in r.checks},
        })
    record = {"format": FORMAT, "name": spec.name, "possible": spec.possible,
              "exercises": [{"id": e.exercise, "variable": e.variable, "points": e.points} for e in spec.exercises],
              "students": students}
    if rubric is not None:
        record["rubric"] = list(rubric)
    if similarity is not None:
        ids = {Path(r.submission).stem: r.student_id for r in results}
        record["similarity"] = [dict(f.as_dict(), a=ids.get(f.a, f.a), b=ids.get(f.b, f.b)) for f in similarity]
    return record


def write_results(results: Sequence[SubmissionResult], spec: GradingSpec, out: str | Path, *,
                  similarity: Sequence | None = None, rubric: Sequence[dict] | None = None) -> Path:
    """Write :func:`results_record` as UTF-8 JSON (sorted keys, Chinese kept readable)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    record = results_record(results, spec, similarity=similarity, rubric=rubric)
    out.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                   encoding="utf-8")
    return out


def load_results(path: str | Path) -> dict:
    """Read a results record; a ValueError names a file that is not one."""
    path = Path(path)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ValueError(f"results file {str(path)!r} cannot be read as JSON ({err})") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise ValueError(f"results file {str(path)!r} is not a labkit results record (format {FORMAT})")
    return record


def results_from_record(record: dict) -> list[SubmissionResult]:
    """The :class:`SubmissionResult` rows back from a record (to rewrite a gradebook or feedback)."""
    from labkit.grading._spec import SubmissionResult

    rows = []
    for s in record["students"]:
        exs = s["exercises"]
        rows.append(SubmissionResult(
            s["student_id"], s["submission"], s["status"], s["reason"],
            {k: float(v["score"]) for k, v in exs.items()},
            {k: (exs[k]["status"], *s.get("messages", {}).get(k, ("", ""))) for k in exs},
            list(s["findings"]), float(s["total"]), float(s["seconds"]),
            {k: v["variant"] for k, v in exs.items() if v.get("variant") is not None}))
    return rows
