"""Free-response items and their rubrics: the convention, its validation, the review page and manual scores.

A **response cell** is a Markdown cell with metadata ``{"labkit": {"response": "nbN.id", "points": P}}``:
the student writes the answer in it. In the instructor notebook it is followed by an
instructor-tagged Markdown cell (``"tags": ["instructor"]``, dropped from the student version)::

    **Model answer 参考答案** Keeping a customer costs less than winning a new one, because …

    **Rubric 评分要点**
    (2) says retention is cheaper than acquisition
    (1) gives a reason

The criteria ``(k) …`` must add up to P. :func:`response_items` validates this (unique ids, points
adding up) with an error naming the notebook and the cell; ``labkit release`` runs it.

Grading is by a person, from files: :func:`write_review` writes, per item, an offline HTML page with
every student's answer beside the model answer and the rubric, and a CSV to fill in
(``student_id, response, points, comment`` and one column per criterion). ``labkit grade …
--manual FILE.csv`` reads it back with :func:`read_manual` (clear errors for unknown ids, points
over the maximum, duplicated or missing rows); an empty ``points`` with criterion columns filled
counts the criteria. Writing the CSV again keeps every score already in it.

Examples
--------
>>> item = parse_rubric("nb1.why", 3, "**Model answer 参考答案** Cheaper.\\n\\n**Rubric 评分要点**\\n(2) cheaper\\n(1) a reason")
>>> item.model_answer, [(c.points, c.text) for c in item.criteria]
('Cheaper.', [(2.0, 'cheaper'), (1.0, 'a reason')])
"""
from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

__all__ = ["Criterion", "ResponseItem", "parse_rubric", "response_items", "student_responses", "write_review",
           "read_manual", "manual_header", "MODEL_ANSWER", "RUBRIC"]

INSTRUCTOR_TAG = "instructor"  # the tag labkit.release drops (release imports this module, not the reverse)
MODEL_ANSWER = "**Model answer 参考答案**"
RUBRIC = "**Rubric 评分要点**"
_CRITERION = re.compile(r"^\s*(?:[-*]\s*)?\((?P<k>\d+(?:\.\d+)?)\)\s*(?P<text>\S.*)$")


@dataclass(frozen=True)
class Criterion:
    points: float
    text: str


@dataclass(frozen=True)
class ResponseItem:
    """One free-response item: id, points, the response cell's index, model answer and rubric."""

    id: str
    points: float
    model_answer: str
    criteria: tuple
    index: int = -1
    prompt: str = ""


def parse_rubric(item_id: str, points: float, text: str, *, where: str = "") -> ResponseItem:
    """Read the model answer and the criteria from an instructor cell; a ValueError when they do not add up."""
    where = where or item_id
    if MODEL_ANSWER not in text or RUBRIC not in text:
        raise ValueError(f"{where}: the instructor cell after response {item_id!r} needs "
                         f"{MODEL_ANSWER!r} and {RUBRIC!r}")
    model = text.split(MODEL_ANSWER, 1)[1].split(RUBRIC, 1)[0].strip()
    criteria = []
    for line in text.split(RUBRIC, 1)[1].split("\n"):
        m = _CRITERION.match(line)
        if m:
            criteria.append(Criterion(float(m["k"]), m["text"].strip()))
    if not criteria:
        raise ValueError(f"{where}: the rubric of {item_id!r} has no criteria; write one per line as '(k) what earns k points'")
    total = sum(c.points for c in criteria)
    if abs(total - points) > 1e-9:
        raise ValueError(f"{where}: the rubric criteria of {item_id!r} add up to {total:g}, but the response "
                         f"cell gives {points:g} points")
    return ResponseItem(item_id, float(points), model, tuple(criteria))


def response_items(nb, *, name: str = "notebook", require_rubric: bool = True) -> list[ResponseItem]:
    """The response items of a notebook, validated; ``require_rubric=False`` for a student version."""
    items, seen = [], set()
    cells = nb.cells
    for i, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("labkit", {})
        if "response" not in meta:
            continue
        where = f"{name} cell {i}"
        rid, points = meta["response"], meta.get("points")
        if cell.cell_type != "markdown":
            raise ValueError(f"{where}: a response cell must be a Markdown cell")
        if not isinstance(rid, str) or not re.fullmatch(r"nb\d+\.\w+", rid):
            raise ValueError(f"{where}: response id must look like 'nbN.name', got {rid!r}")
        if isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0:
            raise ValueError(f"{where}: response {rid!r} needs positive points, got {points!r}")
        if rid in seen:
            raise ValueError(f"{where}: response id {rid!r} is used twice")
        seen.add(rid)
        prompt = ""
        if i > 0 and cells[i - 1].cell_type == "markdown":
            prompt = cells[i - 1].source
        if not require_rubric:
            items.append(ResponseItem(rid, float(points), "", (), i, prompt))
            continue
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        if nxt is None or nxt.cell_type != "markdown" or INSTRUCTOR_TAG not in nxt.get("metadata", {}).get("tags", []):
            raise ValueError(f"{where}: response {rid!r} must be followed by an instructor-tagged Markdown cell "
                             f"with {MODEL_ANSWER} and {RUBRIC}")
        item = parse_rubric(rid, points, nxt.source, where=f"{name} cell {i + 1}")
        items.append(ResponseItem(rid, item.points, item.model_answer, item.criteria, i, prompt))
    return items


def student_responses(nb, ids: Sequence[str]) -> dict[str, str]:
    """The text a student wrote in each response cell (found by its metadata); missing ones are absent."""
    found = {}
    for cell in nb.get("cells", []) if isinstance(nb, dict) else nb.cells:
        meta = (cell.get("metadata") or {}).get("labkit", {})
        rid = meta.get("response") if isinstance(meta, dict) else None
        if rid in ids and rid not in found:
            src = cell.get("source", "")
            found[rid] = "".join(src) if isinstance(src, list) else str(src)
    return found


def manual_header(item: ResponseItem) -> list[str]:
    return ["student_id", "response", "points", "comment", *(f"({c.points:g}) {c.text}" for c in item.criteria)]


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def write_review(items: Sequence[ResponseItem], answers: Mapping[str, Mapping[str, str]], prefix: str | Path,
                 *, template: Mapping[str, str] | None = None) -> list[Path]:
    """Per item, ``<prefix>-review-<id>.html`` and ``<prefix>-manual-<id>.csv``; returns the paths written.

    ``answers`` maps student id -> response id -> text. ``template`` (response id -> the text the
    student version starts with) marks an unchanged cell as "no answer". An existing CSV keeps
    every row already in it (scores are never overwritten); new students get empty rows.
    """
    prefix = Path(prefix)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    written = []
    template = template or {}
    for item in items:
        safe = item.id.replace(".", "_")
        rows = []
        for sid in sorted(answers):
            text = answers[sid].get(item.id)
            blank = text is None or not text.strip() or text.strip() == template.get(item.id, "").strip()
            rows.append((sid, "" if text is None else text, blank))
        page = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Review {_e(item.id)} 评阅</title><style>"
                "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:1100px;margin:1em auto;padding:0 1em}"
                ".grid{display:grid;grid-template-columns:1fr 1fr;gap:1em}.key{position:sticky;top:0;background:#fffbe8;"
                "border:1px solid #e5d9a0;padding:.5em 1em}.ans{border-bottom:1px solid #ddd;padding:.6em 0}"
                "pre{white-space:pre-wrap;font-family:inherit;margin:.2em 0}.blank{color:#999}</style></head><body>",
                f"<h1>Review 评阅: <code>{_e(item.id)}</code> ({item.points:g} points 分)</h1>",
                f"<p>{_e(item.prompt)}</p>" if item.prompt else "",
                "<div class='grid'><div>",
                *(f"<div class='ans'><b>{_e(sid)}</b>"
                  + ("<pre class='blank'>(no answer 未作答)</pre>" if blank else f"<pre>{_e(text)}</pre>") + "</div>"
                  for sid, text, blank in rows),
                "</div><div><div class='key'><h2>Model answer 参考答案</h2>"
                f"<pre>{_e(item.model_answer)}</pre><h2>Rubric 评分要点</h2><ol>"
                + "".join(f"<li>({c.points:g}) {_e(c.text)}</li>" for c in item.criteria)
                + "</ol><p>Fill in the CSV beside this page. 在本页旁边的 CSV 中填写分数。</p></div></div></div></body></html>"]
        review = prefix.with_name(f"{prefix.name}-review-{safe}.html")
        review.write_text("\n".join(page), encoding="utf-8")
        sheet = prefix.with_name(f"{prefix.name}-manual-{safe}.csv")
        kept = {}
        if sheet.exists():
            with open(sheet, encoding="utf-8-sig", newline="") as f:
                for row in csv.reader(f):
                    if row and row[0] != "student_id":
                        kept[row[0]] = row
        buffer = io.StringIO()
        w = csv.writer(buffer, lineterminator="\r\n")
        w.writerow(manual_header(item))
        for sid, _, blank in rows:
            w.writerow(kept.pop(sid, None) or [sid, item.id, "0" if blank else "", "no answer 未作答" if blank else "",
                                                  *([""] * len(item.criteria))])
        for row in kept.values():  # a student no longer in the batch keeps their row
            w.writerow(row)
        sheet.write_bytes(buffer.getvalue().encode("utf-8-sig"))
        written += [review, sheet]
    return written


def _number(text: str, where: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not a number") from None


def read_manual(paths: Sequence[str | Path], items: Sequence[ResponseItem], students: Sequence[str]) -> dict:
    """Manual scores: ``{(student_id, response): (points or None, comment, missed criteria)}``.

    A ValueError names the file and line of an unknown student or response, points over the
    maximum or below 0, a row given twice, or a (student, response) without a row.
    """
    by_id = {i.id: i for i in items}
    known = set(students)
    scores: dict = {}
    for path in map(Path, paths):
        if not path.is_file():
            raise ValueError(f"manual scores file must exist, got {str(path)!r}")
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        if not rows or rows[0][:4] != ["student_id", "response", "points", "comment"]:
            raise ValueError(f"{path.name}: the first row must be student_id,response,points,comment[,criteria…]")
        for line, row in enumerate(rows[1:], start=2):
            if not any(x.strip() for x in row):
                continue
            where = f"{path.name} line {line}"
            row = row + [""] * (4 - len(row))
            sid, rid, pts, comment = (x.strip() for x in row[:4])
            if rid not in by_id:
                raise ValueError(f"{where}: unknown response {rid!r} (known: {', '.join(sorted(by_id))})")
            if sid not in known:
                raise ValueError(f"{where}: student {sid!r} is not in this batch")
            if (sid, rid) in scores:
                raise ValueError(f"{where}: a second row for {sid} / {rid}")
            item = by_id[rid]
            marks = [_number(x, where) for x in row[4:4 + len(item.criteria)]]
            for c, m in zip(item.criteria, marks):
                if m is not None and not 0 <= m <= c.points:
                    raise ValueError(f"{where}: criterion ({c.points:g}) {c.text!r} got {m:g}; allowed 0 to {c.points:g}")
            points = _number(pts, where)
            if points is None and any(m is not None for m in marks):
                points = sum(m or 0.0 for m in marks)
            if points is not None and not 0 <= points <= item.points:
                raise ValueError(f"{where}: {points:g} points for {rid}; allowed 0 to {item.points:g}")
            missed = [c.text for c, m in zip(item.criteria, marks + [None] * len(item.criteria))
                      if points is not None and (m is None or m < c.points) and any(x is not None for x in marks)]
            scores[(sid, rid)] = (points, comment, missed)
    absent = sorted(f"{s} / {r}" for s in known for r in by_id if (s, r) not in scores)
    if absent:
        raise ValueError(f"manual scores missing for {len(absent)} row(s): {', '.join(absent[:8])}"
                         + (" …" if len(absent) > 8 else ""))
    return scores
