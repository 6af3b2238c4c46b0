"""The gradebook CSV and the per-student feedback pages written from grading results.

Both are written atomically (a temporary file in the same folder, fsync, rename), so a
grader killed mid-write leaves the previous file or the new one, never half of one.
Everything a student controls (id, file name, exception names, reasons, hints quoting an
answer) is escaped for Markdown and HTML in the feedback; feedback file names come from the
sanitised id and can never take another student's file.
"""
from __future__ import annotations

import csv
import hashlib
import html
import io
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # annotations only
    from labkit.grading._spec import GradingSpec, SubmissionResult

__all__ = ["gradebook_rows", "write_gradebook", "feedback_markdown", "write_feedback", "feedback_names",
           "atomic_write", "md_escape", "UNISOLATED"]

UNISOLATED = "graded without isolation (--no-sandbox)"


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder, fsync and rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name[:60] + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
    return path


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


def write_gradebook(results: Sequence[SubmissionResult], spec: GradingSpec, out: str | Path, *,
                    isolated: bool = True) -> Path:
    """Write the gradebook CSV (UTF-8 with BOM so spreadsheets show Chinese names; CRLF rows).

    ``isolated=False`` (grading ran with ``--no-sandbox``) puts a ``#`` comment line above
    the header saying so. Written atomically.
    """
    buffer = io.StringIO()
    if not isolated:
        buffer.write(f"# {UNISOLATED}: submissions could read and change files of the grader's user\r\n")
    csv.writer(buffer, lineterminator="\r\n").writerows(gradebook_rows(results, spec.ids))
    return atomic_write(out, buffer.getvalue().encode("utf-8-sig"))


_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def _safe_name(student_id: str) -> str:
    name = re.sub(r"[^\w.-]+", "_", student_id).strip("._-") or "student"
    return name[:80]


def _tag(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:10]


def feedback_names(results: Sequence[SubmissionResult]) -> list[str]:
    """The feedback file name (without ``.md``) of each result; never the same for two results.

    ``<id>`` when the id is already a safe, unique file name. An id that had to be changed
    to be safe gets ``<safe id>~<hash of the id>``; of several submissions sharing an id
    (``duplicate_id``), the one whose file is named after the id keeps ``<id>`` and the
    others get ``<safe id>~<hash of id and file name>``. ``~`` never occurs in a plain name,
    so a hashed name cannot take a classmate's, and names do not depend on the order of
    the results. Names are compared without case (Windows and macOS file systems).
    """
    def plain_ok(sid: str) -> bool:
        return _safe_name(sid) == sid and sid.lower() not in _RESERVED

    by_id: dict[str, list[int]] = {}
    for i, r in enumerate(results):
        by_id.setdefault(r.student_id, []).append(i)
    names: list[str | None] = [None] * len(results)
    for sid, members in by_id.items():
        owners = [i for i in members if Path(results[i].submission).stem == sid] if len(members) > 1 else members
        for i in members:
            r = results[i]
            if i in owners[:1] and plain_ok(sid):
                names[i] = sid
            elif len(members) == 1:
                names[i] = f"{_safe_name(sid)[:60]}~{_tag(sid)}"
            else:
                names[i] = f"{_safe_name(sid)[:60]}~{_tag(sid, r.submission)}"
    # plain names differing only in case would overwrite each other on some file systems
    lower: dict[str, list[int]] = {}
    for i, n in enumerate(names):
        lower.setdefault(n.lower(), []).append(i)
    for members in lower.values():
        if len(members) > 1:
            for i in members:
                r = results[i]
                names[i] = f"{_safe_name(r.student_id)[:60]}~{_tag(r.student_id, r.submission)}"
    return names  # type: ignore[return-value]


_MARKS = {"correct": "✔", "partial": "◐", "incorrect": "✘", "invalid": "✘", "not_attempted": "…",
          "not_graded": "–"}


def feedback_markdown(result: SubmissionResult, spec: GradingSpec) -> str:
    """The feedback page of one student (Markdown, English and Chinese)."""
    lines = [f"# Feedback 反馈: {md_escape(spec.name)}", "",
             f"- Student 学生: {md_escape(result.student_id)}", f"- Submission 提交: {md_escape(result.submission)}",
             f"- Score 得分: **{_number(result.total)} / {_number(spec.possible)}**",
             f"- Status 状态: {md_escape(result.status)}" + (f" — {md_escape(result.reason)}" if result.reason else ""), "",
             "## Exercises 练习", "", "| exercise | points | result | feedback | 反馈 |",
             "|---|---|---|---|---|"]
    for ex in spec.exercises:
        status, en, zh = result.checks.get(ex.exercise, ("not_graded", "", ""))
        lines.append(f"| {md_escape(ex.exercise)} | {_number(result.scores.get(ex.exercise, 0))} / {_number(ex.points)} "
                     f"| {_MARKS.get(status, '')} {md_escape(status)} | {md_escape(en)} | {md_escape(zh)} |")
    lines += ["", "## Reproducibility 可复现性", ""]
    if result.findings:
        lines += [f"- {md_escape(f)}" for f in result.findings]
    else:
        lines.append("- Stored outputs match a fresh run. 保存的输出与重新运行的结果一致。")
    return "\n".join(lines) + "\n"


# every value follows a "- " or "| " prefix, so line-start markers (1. - +) cannot start a block
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#|~])")


def md_escape(text) -> str:
    r"""One line of plain text, safe inside Markdown and HTML: no markup, no tags, no table breaks.

    Examples
    --------
    >>> md_escape("## Score 3 / 3 <img src=x onerror=alert(1)>")
    '\\#\\# Score 3 / 3 &lt;img src=x onerror=alert\\(1\\)&gt;'
    """
    one_line = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=True))


def write_feedback(results: Sequence[SubmissionResult], spec: GradingSpec, folder: str | Path) -> list[Path]:
    """One Markdown file per result in ``folder``, named by :func:`feedback_names`, each written atomically."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for r, name in zip(results, feedback_names(results)):
        written.append(atomic_write(folder / f"{name}.md", feedback_markdown(r, spec).encode("utf-8")))
    return written
