"""Free-response items in a batch: review pages and score sheets from the submissions, manual scores merged in.

The convention and the files are :mod:`labkit.rubric`'s; this module puts them beside a graded
batch (``labkit grade … [--manual SHEET.csv]``).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # annotations only
    from labkit.grading._spec import GradingSpec, SubmissionResult

__all__ = ["review_and_merge"]


def review_and_merge(results: Sequence[SubmissionResult], spec: GradingSpec, instructor: str | Path,
                     submissions: Sequence[str | Path], out: str | Path, manual: Sequence[str | Path] | None = None):
    """Free-response items of a graded batch: write the review pages and sheets; with ``manual``, merge the scores.

    Returns ``(results, spec, rubric rows or None, a sentence for the grader)``; with manual
    scores the results carry one more score per item and the spec one more column.
    """
    import dataclasses
    import json

    import nbformat

    from labkit import rubric
    from labkit.grading._spec import collect_submissions
    from labkit.release import ExerciseCell

    out = Path(out)
    teacher = nbformat.read(instructor, as_version=4)
    items = rubric.response_items(teacher, name=Path(instructor).name)
    if not items:
        if manual:
            raise ValueError(f"--manual given, but {Path(instructor).name} has no response cells")
        return results, spec, None, ""
    files = {p.name: p for p in collect_submissions(submissions)}
    answers = {}
    for r in results:
        try:
            nb = json.loads(files[r.submission].read_text(encoding="utf-8"))
        except Exception:
            nb = {}
        answers[r.student_id] = rubric.student_responses(nb, [i.id for i in items])
    template = {i.id: teacher.cells[i.index].source for i in items}
    # read the filled-in sheets before the review files are refreshed (refreshing keeps their rows)
    scores = rubric.read_manual(manual, items, [r.student_id for r in results]) if manual else None
    written = rubric.write_review(items, answers, out.parent / out.stem, template=template)
    note = (f"free-response review: {len(items)} item(s), pages and score sheets in {out.parent} "
            f"({', '.join(p.name for p in written[:2])} …)")
    if not manual:
        return results, spec, None, note + "; fill in the sheets and re-run with --manual"
    merged = []
    for r in results:
        new_scores, new_checks = dict(r.scores), dict(r.checks)
        for item in items:
            points, comment, _ = scores[(r.student_id, item.id)]
            if points is None:
                new_scores[item.id] = 0.0
                new_checks[item.id] = ("not_graded", "awaiting review", "等待评阅")
                continue
            status = "correct" if points >= item.points else "partial" if points > 0 else "incorrect"
            new_scores[item.id] = points
            new_checks[item.id] = (status, comment or f"{points:g} of {item.points:g}", comment or f"{points:g} / {item.points:g} 分")
        merged.append(dataclasses.replace(r, scores=new_scores, checks=new_checks,
                                          total=round(sum(new_scores.values()), 6)))
    spec = dataclasses.replace(spec, exercises=spec.exercises + tuple(
        ExerciseCell(i.index, i.id, "", i.points) for i in items))
    missed = []
    for item in items:
        graded = [v for (s, rid), v in scores.items() if rid == item.id and v[0] is not None]
        for c in item.criteria:
            missed.append({"response": item.id, "criterion": f"({c.points:g}) {c.text}", "graded": len(graded),
                           "missed": sum(c.text in v[2] for v in graded)})
    missed.sort(key=lambda m: (-m["missed"], m["response"], m["criterion"]))
    return merged, spec, missed, note + f"; manual scores merged from {len(manual)} file(s)"
