"""Collect from and export to an LMS: rosters, Canvas and Moodle bulk downloads, gradebook import files.

The roster (``--roster roster.csv``, UTF-8, a BOM is fine) has one row per student:
``student_id`` (the school's id, also the name of the graded file) and ``name`` are required;
``canvas_user_id``, ``sis_user_id``, ``sis_login_id``, ``section``, ``email``, ``moodle_participant_id``
are optional and used where a format needs them.

Bulk downloads, as the LMS names the files:

* Canvas (Assignments ▸ Download Submissions): ``<lastfirst>[_LATE]_<canvas user id>_<submission id>_<file>``,
  e.g. ``zhangwei_LATE_12345_67890_01_customer_relationships.ipynb``; matched on ``canvas_user_id``.
* Moodle (Assignment ▸ Download all submissions): ``<full name>_<participant id>_assignsubmission_file_<file>``
  or, with "download submissions in folders", a folder ``<full name>_<participant id>_assignsubmission_file/``;
  matched on ``moodle_participant_id``, else on the full name when exactly one roster row has it.

Import files (``--format``):

* ``canvas``: Canvas's gradebook import CSV — ``Student``, ``ID`` (Canvas user id), ``SIS User ID``,
  ``SIS Login ID``, ``Section`` and one assignment column (its header is the assignment's name,
  optionally with Canvas's assignment id in parentheses), then a ``Points Possible`` row.
* ``moodle``: Moodle's "Import grades ▸ CSV file" — an identifier column (``ID number``, to map to the
  user field *ID number*; ``Email address`` as well when the roster has it), ``Full name``, the grade column
  (the assignment's name) and ``Feedback``.
* ``csv``: the gradebook with the roster's names, one row per roster student.

Students of the roster without a graded submission get an empty grade in the LMS files (an
import then leaves their grade as it is) and ``missing`` in the csv format.

Examples
--------
>>> parse_canvas_name("zhangwei_LATE_12345_67890_hw1.ipynb")
{'who': 'zhangwei', 'late': True, 'user_id': '12345', 'submission_id': '67890', 'file': 'hw1.ipynb'}
>>> parse_moodle_name("张伟_4711_assignsubmission_file_hw1.ipynb")
{'name': '张伟', 'participant_id': '4711', 'file': 'hw1.ipynb'}
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

__all__ = ["RosterEntry", "load_roster", "parse_canvas_name", "parse_moodle_name", "unpack_bulk_download",
           "lms_rows", "write_lms_gradebook", "FORMATS"]

FORMATS = ("canvas", "moodle", "csv")
_OPTIONAL = ("canvas_user_id", "sis_user_id", "sis_login_id", "section", "email", "moodle_participant_id")
_CANVAS = re.compile(r"^(?P<who>[^_/]+?)(?P<late>_LATE)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<file>.+)$")
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<pid>\d+)_assignsubmission_(?:file|onlinetext)_?(?P<file>.*)$")


@dataclass(frozen=True)
class RosterEntry:
    """One student of the roster."""

    student_id: str
    name: str
    canvas_user_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    email: str = ""
    moodle_participant_id: str = ""


def load_roster(path: str | Path) -> list[RosterEntry]:
    """Read a roster CSV; a ValueError names a missing column, an empty or a repeated student id."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"roster must be an existing CSV file, got {str(path)!r}")
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in ("student_id", "name") if c not in header]
    if missing:
        raise ValueError(f"roster {path.name} needs the columns student_id and name; missing: {', '.join(missing)} "
                         f"(found: {', '.join(header) or 'none'})")
    entries, seen = [], set()
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        sid = row.get("student_id", "")
        if not sid:
            raise ValueError(f"roster {path.name} line {line}: student_id is empty")
        if sid in seen:
            raise ValueError(f"roster {path.name} line {line}: student_id {sid!r} appears twice")
        seen.add(sid)
        entries.append(RosterEntry(sid, row.get("name", ""), **{k: row.get(k, "") for k in _OPTIONAL}))
    if not entries:
        raise ValueError(f"roster {path.name} has no students")
    return entries


def parse_canvas_name(name: str) -> dict | None:
    """The parts of a Canvas bulk-download file name, or None when it does not follow Canvas's naming."""
    m = _CANVAS.match(Path(name).name)
    if not m:
        return None
    return {"who": m["who"], "late": bool(m["late"]), "user_id": m["uid"], "submission_id": m["sid"], "file": m["file"]}


def parse_moodle_name(name: str) -> dict | None:
    """The parts of a Moodle bulk-download name (a file or the folder holding it), or None."""
    parts = Path(name).parts
    for i, part in enumerate(parts):
        m = _MOODLE.match(part)
        if m:
            rest = "/".join(parts[i + 1:])
            return {"name": m["name"], "participant_id": m["pid"], "file": m["file"] or rest}
    return None


def unpack_bulk_download(archive: str | Path, roster: Sequence[RosterEntry], out: str | Path) -> tuple[list[Path], list[str]]:
    """Write each notebook of a Canvas or Moodle zip to ``out/<student_id>.ipynb``; returns (written, problems).

    A problem is a file that matches no roster row, a name in neither naming, or a second notebook of
    a student (the later one in the zip is kept, as the LMS lists resubmissions last).
    """
    archive, out = Path(archive), Path(out)
    try:
        z = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as err:
        raise ValueError(f"submissions zip {str(archive)!r} cannot be opened ({err})") from None
    by_canvas = {r.canvas_user_id: r for r in roster if r.canvas_user_id}
    by_moodle = {r.moodle_participant_id: r for r in roster if r.moodle_participant_id}
    by_name: dict[str, list[RosterEntry]] = {}
    for r in roster:
        by_name.setdefault(r.name, []).append(r)
    out.mkdir(parents=True, exist_ok=True)
    chosen: dict[str, tuple[str, bytes]] = {}
    problems = []
    with z:
        for info in z.infolist():
            member = info.filename
            if info.is_dir() or not member.endswith(".ipynb") or "__MACOSX" in member:
                continue
            who = None
            canvas, moodle = parse_canvas_name(member), parse_moodle_name(member)
            if canvas:
                who = by_canvas.get(canvas["user_id"])
            elif moodle:
                who = by_moodle.get(moodle["participant_id"])
                if who is None and len(by_name.get(moodle["name"], [])) == 1:
                    who = by_name[moodle["name"]][0]
            else:
                problems.append(f"{member}: not a Canvas or Moodle bulk-download name")
                continue
            if who is None:
                problems.append(f"{member}: no roster row matches it")
                continue
            if who.student_id in chosen:
                problems.append(f"{member}: a second notebook of {who.student_id}; keeping this later one")
            if info.file_size > 50 * 1024 * 1024:
                problems.append(f"{member}: over 50 MB, skipped")
                continue
            chosen[who.student_id] = (member, z.read(info))
    written = []
    for sid, (_, data) in sorted(chosen.items()):
        safe = re.sub(r"[^\w.-]+", "_", sid).strip("._") or "student"
        target = out / f"{safe}.ipynb"
        target.write_bytes(data)
        written.append(target)
    return written, problems


def _n(x: float) -> str:
    return f"{round(float(x), 4):g}"


def _cell(text: str) -> str:
    text = " ".join(str(text).split())
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def lms_rows(record: dict, roster: Sequence[RosterEntry], fmt: str, assignment: str = "") -> list[list[str]]:
    """The rows (header first) of the import file in format ``fmt`` for a results record and a roster."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    assignment = assignment or record["name"]
    scores = {s["student_id"]: s for s in record["students"]}
    unknown = sorted(set(scores) - {r.student_id for r in roster})
    if unknown:
        raise ValueError(f"graded students missing from the roster: {', '.join(unknown[:10])}"
                         + (" …" if len(unknown) > 10 else ""))
    if fmt == "canvas":
        rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment],
                ["Points Possible", "", "", "", "", _n(record["possible"])]]
        for r in roster:
            s = scores.get(r.student_id)
            rows.append([_cell(r.name), r.canvas_user_id, r.sis_user_id or r.student_id, r.sis_login_id,
                         _cell(r.section), _n(s["total"]) if s else ""])
        return rows
    if fmt == "moodle":
        with_email = any(r.email for r in roster)
        rows = [["ID number", *(["Email address"] if with_email else []), "Full name", assignment, "Feedback"]]
        for r in roster:
            s = scores.get(r.student_id)
            feedback = "" if not s else (f"{s['status']}: {s['reason']}" if s["status"] != "ok" else "")
            rows.append([r.student_id, *([r.email] if with_email else []), _cell(r.name),
                         _n(s["total"]) if s else "", _cell(feedback)])
        return rows
    ids = [e["id"] for e in record["exercises"]]
    rows = [["student_id", "name", *ids, "total", "status"]]
    for r in roster:
        s = scores.get(r.student_id)
        if s:
            rows.append([_cell(r.student_id), _cell(r.name), *(_n(s["exercises"][i]["score"]) for i in ids),
                         _n(s["total"]), s["status"]])
        else:
            rows.append([_cell(r.student_id), _cell(r.name), *([""] * len(ids)), "", "missing"])
    return rows


def write_lms_gradebook(record: dict, roster: Sequence[RosterEntry], fmt: str, out: str | Path,
                        assignment: str = "") -> Path:
    """Write :func:`lms_rows` as CSV: UTF-8 without BOM for canvas/moodle (their importers read UTF-8), with BOM for csv."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lms_rows(record, roster, fmt, assignment))
    out.write_bytes(buffer.getvalue().encode("utf-8-sig" if fmt == "csv" else "utf-8"))
    return out
