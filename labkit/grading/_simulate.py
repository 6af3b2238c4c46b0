"""A simulated class: synthetic submissions of one instructor notebook, with the truth of what each holds.

``simulate_class(instructor, out, n=60, seed=0)`` writes ``out/submissions/<student id>.ipynb``
for every student and ``out/truth.json``. Each student is one of

* ``honest`` — every exercise solved as the instructor did, but written in the student's own
  style (an intermediate name, a comment, scratch cells of their own);
* ``mistakes`` — honest, except that one to three exercises are answered with the value a named
  mistake produces (a :class:`labkit.checks.Variant` of that exercise);
* ``blank`` — the released student version, untouched;
* ``timeout`` — honest, with a cell in the middle that never finishes and ignores the grader's
  interrupt (so the submission ends on the total time limit);
* ``edited_output`` — a mistake student whose notebook shows a forged ✔ under a check cell
  (a reproducibility problem);
* ``copy`` — a copy of another student's notebook with the helper variables renamed, the
  comments changed and the scratch cells reordered.

The truth records, per student, the kind, what each exercise should come out as
(``correct``, ``variant`` with its index, ``not_attempted`` or ``not_graded``), and the copied
pairs. Free-response cells (``{"labkit": {"response": ...}}``) get a short answer in the student's
own words (blank students leave them; copiers keep the original's). A mistake is only planted where the grader can tell it apart: the variant's value must be
recognised as that variant by :func:`labkit.checks.evaluate` (two variants of equal value
cannot be told apart by anyone). Seeded: the same arguments give the same files.

Like the datasets' truth, recovering it checks the grader and the report; it is not evidence
about real students.

Examples
--------
>>> _literal(0.25), _literal(["a", "b"]), _literal({"x": 1.5}), _literal(object()) is None
('0.25', "['a', 'b']", "{'x': 1.5}", True)
"""
from __future__ import annotations

import copy
import json
import math
import random
import re
from pathlib import Path

__all__ = ["simulate_class", "KINDS"]

KINDS = ("honest", "mistakes", "blank", "timeout", "edited_output", "copy")
_DEFAULT_MIX = {"honest": 0.4, "mistakes": 0.3, "blank": 0.08, "timeout": 0.04, "edited_output": 0.04,
                "copy": 0.14}
_WORDS = ("check", "first", "try", "value", "result", "step", "mine", "total", "calc", "temp", "part", "x")
_COMMENTS = ("# my working", "# compute it", "# from the chapter", "# second try", "# following the example",
             "# 我的计算", "# answer below", "# using labkit", "# 参考第一节", "# redo after class")


def _literal(value) -> str | None:
    """Python source for a plain value (numbers, text, lists, dicts, Series as dicts); None otherwise."""
    try:
        import numpy as np
        import pandas as pd
    except ImportError:  # pragma: no cover - both are dependencies
        np = pd = None
    if pd is not None and isinstance(value, pd.Series):
        value = value.to_dict()
    if np is not None and isinstance(value, np.generic):
        value = value.item()
    if np is not None and isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, (list, tuple)):
        parts = [_literal(v) for v in value]
        if any(p is None for p in parts):
            return None
        return ("[" + ", ".join(parts) + "]") if isinstance(value, list) else ("(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")")
    if isinstance(value, dict):
        items = [(_literal(k), _literal(v)) for k, v in value.items()]
        if any(k is None or v is None for k, v in items):
            return None
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    return None


def _solution_body(source: str) -> tuple[list[str], list[str], list[str]]:
    """(lines before, lines inside, lines after) the solution block of one cell."""
    from labkit.release import BEGIN, END

    before, inside, after, where = [], [], [], 0
    for line in source.split("\n"):
        if line.strip() == BEGIN:
            where = 1
        elif line.strip() == END:
            where = 2
        else:
            (before, inside, after)[where].append(line)
    return before, inside, after


def _mistake_values(spec_cells) -> dict[str, list[tuple[int, str]]]:
    """For each exercise: (variant index, literal) of every variant the grader recognises as itself."""
    from labkit.checks import evaluate, get_exercise

    found = {}
    for c in spec_cells:
        ex = get_exercise(c.exercise)
        if ex.kind == "custom":
            continue
        usable = []
        for i, v in enumerate(ex.variants):
            if v.credit >= 1:
                continue  # an accepted alternative is not a mistake
            try:
                value = v.resolve()
            except Exception:
                continue
            lit = _literal(value)
            if lit is None:
                continue
            try:
                back = eval(lit, {"__builtins__": {}})  # the literal is our own output
            except Exception:
                continue
            if evaluate(c.exercise, back).variant == i:
                usable.append((i, lit))
        if usable:
            found[c.exercise] = usable
    return found


def _rename(source: str, names: dict[str, str]) -> str:
    """Rename variables (NAME tokens not after a dot, not keyword arguments); the source as is if it does not tokenize."""
    import io
    import tokenize

    if not names:
        return source
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source
    lines = source.split("\n")
    edits = []
    for k, tok in enumerate(tokens):
        if tok.type == tokenize.NAME and tok.string in names:
            prev = next((t for t in reversed(tokens[:k]) if t.type not in (tokenize.NL, tokenize.COMMENT)), None)
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if prev is not None and prev.string == ".":
                continue
            if nxt is not None and nxt.string == "=" and prev is not None and prev.string in ("(", ","):
                continue  # a keyword argument
            edits.append((tok.start, tok.end, names[tok.string]))
    for (r, c0), (_, c1), new in reversed(edits):
        line = lines[r - 1]
        lines[r - 1] = line[:c0] + new + line[c1:]
    return "\n".join(lines)


def _rename_everywhere(nb, names: dict[str, str]) -> None:
    """Apply one renaming to every code cell except the check cells (they name the answer variables)."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "exercise" not in cell.metadata.get("labkit", {}):
            cell.source = _rename(cell.source, names)


def _assigned(nb, keep: set[str]) -> list[str]:
    """Top-level names the notebook's code cells assign (not the answer variables, not ``lk``)."""
    import ast

    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
                if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
            for t in targets:
                if isinstance(t, ast.Name) and t.id not in keep and t.id not in found and t.id != "lk":
                    found.append(t.id)
    return sorted(found)


def _scratch(rng: random.Random, k: int) -> list[str]:
    """``k`` cells of a student's own trying-out (each different: its own numbers and names)."""
    cells = []
    for j in range(k):
        a, b, c = rng.randint(2, 97), rng.randint(3, 89), rng.randint(2, 9)
        w = rng.choice(_WORDS)
        form = rng.randrange(3)
        if form == 0:
            cells.append(f"{w}_{j} = [i * {a} % {b} for i in range({c})]\n"
                         f"{w}_{j}_total = sum({w}_{j}) + {rng.randint(1, 50)}\nprint({w}_{j}_total / {c})")
        elif form == 1:
            cells.append(f"import math\n{w}_{j} = math.sqrt({a * b}) * {c}\nprint(round({w}_{j}, {rng.randint(1, 4)}))")
        else:
            cells.append(f"{w}_{j} = {{'n': {a}, 'm': {b}, 'k': {c}}}\n"
                         f"{w}_{j}_mean = sum({w}_{j}.values()) / {rng.randint(2, 7)}\n{w}_{j}_mean")
    return cells


_OPENERS = ("I think", "In my view", "From the chapter,", "我认为", "Put simply,", "The data suggest that")
_CLAIMS = ("keeping a customer costs less than winning a new one", "loyal customers buy more over time",
           "retained customers recommend the firm to others", "老客户的服务成本更低", "a small rise in retention raises profit a lot")
_REASONS = ("because acquisition needs advertising and discounts", "as the leaky-bucket example shows",
            "since satisfied customers complain less", "因为获客需要广告和折扣", "which the lifetime value formula makes clear")


def _free_answer(rng: random.Random) -> str:
    """A short free-text answer in a student's own words (two or three sentences, numbers of their own)."""
    parts = [f"{rng.choice(_OPENERS)} {rng.choice(_CLAIMS)}, {rng.choice(_REASONS)}."]
    parts.append(f"For example {rng.randint(2, 30)}% more retention could mean {rng.randint(10, 95)}% more profit "
                 f"over {rng.randint(2, 9)} years.")
    if rng.random() < 0.5:
        parts.append(f"{rng.choice(_OPENERS)} {rng.choice(_CLAIMS)}.")
    return " ".join(parts)


def _student_notebook(teacher, spec_cells, rng: random.Random, plan: dict[str, str | tuple], *,
                      style: dict, hang: bool, forge: bool):
    """A notebook from the instructor's: solution blocks in the student's style, ``plan`` applied."""
    import nbformat

    from labkit.release import BEGIN

    by_var = {c.variable: c.exercise for c in spec_cells}
    nb = copy.deepcopy(teacher)
    nb.metadata.pop("widgets", None)
    cells = []
    n_code = 0
    for cell in nb.cells:
        if "instructor" in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
            n_code += 1
            if any(line.strip() == BEGIN for line in cell.source.split("\n")):
                before, inside, after = _solution_body(cell.source)
                assigned = [v for v in by_var if re.search(rf"^\s*{v}\s*=", "\n".join(inside), re.M)]
                body = list(inside)
                for var in assigned:
                    action = plan.get(by_var[var], "correct")
                    if action == "blank":
                        body = [f"{v} = ..." for v in assigned]
                        break
                    if isinstance(action, tuple):  # ("variant", i, literal)
                        body.append(f"{var} = {action[2]}")
                if style["intermediate"] and len(body) == 1 and "=" in body[0] and body[0].split("=")[0].strip() in by_var:
                    var, expr = body[0].split("=", 1)
                    tmp = f"{style['word']}_{n_code}"
                    body = [f"{tmp} ={expr}", f"{var.strip()} = {tmp}"]
                comment = [rng.choice(style["comments"])] if rng.random() < 0.5 else []
                cell.source = "\n".join([*before, *comment, *body, *after]).strip("\n")
        if cell.cell_type == "markdown" and "response" in cell.metadata.get("labkit", {}):
            cell.source = _free_answer(rng)
        cells.append(cell)
        if cell.cell_type == "code" and forge and isinstance(plan.get(cell.metadata.get("labkit", {}).get("exercise")), tuple):
            # a forged ✔ under a check the student actually fails: the re-run prints ✘
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                                   text=f"✔ [{cell.metadata['labkit']['exercise']}] Correct. Well done!\n")]
            forge = False
    nb.cells = cells
    scratch = _scratch(rng, rng.randint(3, 5))
    for src in scratch:
        nb.cells.insert(rng.randint(1, len(nb.cells)),
                        nbformat.v4.new_code_cell(src, metadata={"labkit": {"scratch": True}}))
    if style["rename"]:  # this student's own names for some of the notebook's variables
        names = _assigned(nb, set(by_var))
        chosen = rng.sample(names, min(len(names), max(1, len(names) // 3))) if names else []
        _rename_everywhere(nb, {v: f"{v}_{style['word']}" for v in chosen})
    if hang:
        checks = [i for i, c in enumerate(nb.cells) if "exercise" in c.metadata.get("labkit", {})]
        at = checks[len(checks) // 2] if checks else len(nb.cells)
        nb.cells.insert(at, nbformat.v4.new_code_cell(
            f"import time\n{style['word']}_loop = {rng.randint(1, 999)}\n"
            "while True:  # ignores the grader's interrupt, so only the total time limit stops it\n"
            f"    try:\n        {style['word']}_loop = ({style['word']}_loop * {rng.randint(2, 97)}) % {rng.randint(101, 997)}\n"
            "        time.sleep(0.05)\n    except KeyboardInterrupt:\n        pass"))
    return nb


def _disguise(nb, rng: random.Random):
    """A copier's version: helper names and scratch names changed, comments rewritten, scratch cells moved."""
    nb = copy.deepcopy(nb)
    from labkit.release import exercise_cells

    for cell in nb.cells:
        if cell.cell_type != "code" or "exercise" in cell.metadata.get("labkit", {}):
            continue
        cell.source = "\n".join(rng.choice(_COMMENTS) if line.strip().startswith("#") else line
                                for line in cell.source.split("\n"))
    names = _assigned(nb, {c.variable for c in exercise_cells(nb)})
    _rename_everywhere(nb, {v: rng.choice(("my_", "the_", "new_")) + v for v in names})
    # move the scratch cells (plain code cells that define nothing the rest needs) around
    scratch = [i for i, c in enumerate(nb.cells) if c.metadata.get("labkit", {}).get("scratch")]
    moved = [nb.cells[i] for i in scratch]
    for i in reversed(scratch):
        del nb.cells[i]
    for c in moved:
        nb.cells.insert(rng.randint(1, len(nb.cells)), c)
    return nb


def simulate_class(instructor: str | Path, out: str | Path, *, n: int = 60, seed: int = 0,
                   mix: dict[str, float] | None = None, id_prefix: str = "2026") -> dict:
    """Write ``n`` simulated submissions of ``instructor`` and ``truth.json`` into ``out``; returns the truth."""
    import nbformat

    from labkit.release import exercise_cells, student_version

    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be a whole number >= 2, got {n!r}")
    mix = dict(_DEFAULT_MIX if mix is None else mix)
    unknown = sorted(set(mix) - set(KINDS))
    if unknown or any(v < 0 for v in mix.values()) or not sum(mix.values()):
        raise ValueError(f"mix must give non-negative shares of {', '.join(KINDS)}, got {mix!r}")
    teacher = nbformat.read(instructor, as_version=4)
    cells = exercise_cells(teacher)
    if not cells:
        raise ValueError(f"instructor notebook {Path(instructor).name} has no check cells")
    ids = [c.exercise for c in cells]
    mistakes = _mistake_values(cells)
    rng = random.Random(seed)
    total = sum(mix.values())
    counts = {k: int(round(n * mix.get(k, 0) / total)) for k in KINDS}
    counts["honest"] += n - sum(counts.values())
    kinds = [k for k in KINDS for _ in range(counts[k])]
    rng.shuffle(kinds)
    if "copy" in kinds and all(k == "copy" for k in kinds):
        raise ValueError("mix must leave some students to copy from")
    out = Path(out)
    subs = out / "submissions"
    subs.mkdir(parents=True, exist_ok=True)
    students = [f"{id_prefix}{i + 1:03d}" for i in range(n)]
    responses = [c.metadata["labkit"]["response"] for c in teacher.cells
                 if c.cell_type == "markdown" and "response" in c.metadata.get("labkit", {})]
    truth: dict = {"format": "labkit-simulated-class/1", "instructor": Path(instructor).name, "seed": seed,
                   "responses": responses,
                   "n": n, "exercises": ids, "students": {}, "copied_pairs": [],
                   "mistakes_available": {k: [i for i, _ in v] for k, v in sorted(mistakes.items())}}
    books = {}
    order = sorted(range(n), key=lambda i: kinds[i] == "copy")  # originals first
    for i in order:
        sid, kind = students[i], kinds[i]
        srng = random.Random(f"{seed}-{sid}")
        style = {"rename": srng.random() < 0.6, "intermediate": srng.random() < 0.5, "word": srng.choice(_WORDS),
                 "comments": srng.sample(_COMMENTS, 3)}
        plan: dict = {ex: "correct" for ex in ids}
        outcome = {ex: {"expect": "correct"} for ex in ids}
        if kind == "copy":
            originals = [s for s, k in zip(students, kinds) if k in ("honest", "mistakes") and s in books]
            source = srng.choice(originals)
            nb = _disguise(books[source], srng)
            truth["students"][sid] = {"kind": "copy", "copy_of": source,
                                      "exercises": copy.deepcopy(truth["students"][source]["exercises"])}
            # every pair in a group of copies of one original (the copies are copies of each other too)
            group = [source] + [k for k, v in truth["students"].items() if v.get("copy_of") == source and k != sid]
            truth["copied_pairs"] += [sorted([g, sid]) for g in group]
            books[sid] = nb
            nbformat.write(nb, subs / f"{sid}.ipynb")
            continue
        if kind == "blank":
            nb = student_version(teacher)
            outcome = {ex: {"expect": "not_attempted"} for ex in ids}
        else:
            if kind in ("mistakes", "edited_output") and mistakes:
                chosen = srng.sample(sorted(mistakes), min(len(mistakes), srng.randint(1, 3)))
                for ex in chosen:
                    vi, lit = srng.choice(mistakes[ex])
                    plan[ex] = ("variant", vi, lit)
                    outcome[ex] = {"expect": "variant", "variant": vi}
            nb = _student_notebook(teacher, cells, srng, plan, style=style, hang=kind == "timeout",
                                   forge=kind == "edited_output")
            if kind == "timeout":
                hang_at = next(j for j, c in enumerate(nb.cells) if "while True" in c.source)
                reached = {c.metadata["labkit"]["exercise"] for c in nb.cells[:hang_at]
                           if "exercise" in c.metadata.get("labkit", {})}
                outcome = {ex: (outcome[ex] if ex in reached else {"expect": "not_graded"}) for ex in ids}
        truth["students"][sid] = {"kind": kind, "exercises": outcome}
        books[sid] = nb
        nbformat.write(nb, subs / f"{sid}.ipynb")
    truth["students"] = dict(sorted(truth["students"].items()))
    truth["copied_pairs"].sort()
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")
    return truth
