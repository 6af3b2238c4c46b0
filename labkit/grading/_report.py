"""The gradebook CSV and the per-student feedback pages written from grading results."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # annotations only
    from labkit.grading._spec import GradingSpec, SubmissionResult

__all__ = ["gradebook_rows", "write_gradebook", "feedback_markdown", "write_feedback"]


def _number(x: float) -> str:
    return f"{round(x, 4):g}"


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas (a student-chosen id could start with '=')."""
    text = " ".join(str(text).split())
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def gradebook_rows(results: Sequence[SubmissionResult], ids: Sequence[str]) -> list[list[str]]:
    """Header plus one row per result: student_id, submission, a column per exercise, total, status, reason."""
    rows = [["student_id", "submission", *ids, "total", "status", "reason"]]
    for r in results:
        rows.append([_cell(r.student_id), _cell(r.submission),
                     *(_number(r.scores.get(i, 0.0)) for i in ids),
                     _number(r.total), r.status, _cell(r.reason)])
    return rows


def write_gradebook(results: Sequence[SubmissionResult], spec: GradingSpec, out: str | Path) -> Path:
    """Write the gradebook CSV (UTF-8 with BOM so spreadsheets show Chinese names; CRLF rows)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(gradebook_rows(results, spec.ids))
    out.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return out


def _safe_name(student_id: str) -> str:
    name = re.sub(r"[^\w.-]+", "_", student_id).strip("._") or "student"
    return name[:80]


_MARKS = {"correct": "✔", "partial": "◐", "incorrect": "✘", "invalid": "✘", "not_attempted": "…",
          "not_graded": "–"}


def feedback_markdown(result: SubmissionResult, spec: GradingSpec) -> str:
    """The feedback page of one student (Markdown, English and Chinese)."""
    lines = [f"# Feedback 反馈: {spec.name}", "",
             f"- Student 学生: `{result.student_id}`", f"- Submission 提交: `{result.submission}`",
             f"- Score 得分: **{_number(result.total)} / {_number(spec.possible)}**",
             f"- Status 状态: {result.status}" + (f" — {result.reason}" if result.reason else ""), "",
             "## Exercises 练习", "", "| exercise | points | result | feedback | 反馈 |",
             "|---|---|---|---|---|"]
    for ex in spec.exercises:
        status, en, zh = result.checks.get(ex.exercise, ("not_graded", "", ""))
        lines.append(f"| `{ex.exercise}` | {_number(result.scores.get(ex.exercise, 0))} / {_number(ex.points)} "
                     f"| {_MARKS.get(status, '')} {status} | {_md(en)} | {_md(zh)} |")
    lines += ["", "## Reproducibility 可复现性", ""]
    if result.findings:
        lines += [f"- {_md(f)}" for f in result.findings]
    else:
        lines.append("- Stored outputs match a fresh run. 保存的输出与重新运行的结果一致。")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def write_feedback(results: Sequence[SubmissionResult], spec: GradingSpec, folder: str | Path) -> list[Path]:
    """One Markdown file per result in ``folder`` (``<student id>.md``; duplicates get ``-2`` …)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written, used = [], set()
    for r in results:
        base = _safe_name(r.student_id)
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        path = folder / f"{name}.md"
        path.write_text(feedback_markdown(r, spec), encoding="utf-8")
        written.append(path)
    return written
