"""The worker side of grading: read one submission, plan its run, execute it in a fresh kernel and collect the answers."""
from __future__ import annotations

import dataclasses
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from labkit.grading._sandbox import MAX_MESSAGE_BYTES, Limits, _student_number
from labkit.grading._spec import MAX_NOTEBOOK_BYTES, GradingSpec
from labkit.errors import bilingual

_RECORDED = re.compile(r"^✎ \[(nb\d+\.\w+)\] .*$", re.M)


def _student_id(path: Path, nb, prefer: str) -> str:
    meta = None
    if nb is not None:
        value = nb.get("metadata", {}).get("labkit", {}).get("student_id")
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            meta = str(value).strip()[:100]
    return meta if (prefer == "metadata" and meta) else path.stem


def _read_notebook(data: bytes):
    """(notebook, problem, notes): problem is a reason string when it is not a usable notebook."""
    from labkit.grading.intake import read_notebook

    return read_notebook(data)


def _check_cell_index(nb, exercise_id: str) -> int | None:
    """Where the student's check of ``exercise_id`` is: the cell with its metadata, else the
    last code cell calling ``check("exercise_id", ...)``; None when there is none."""
    code = [(i, c) for i, c in enumerate(nb.cells) if c.get("cell_type") == "code"]
    tagged = [i for i, c in code if c.get("metadata", {}).get("labkit", {}).get("exercise") == exercise_id]
    if tagged:
        return tagged[-1]
    call = re.compile(r"""check\(\s*["']""" + re.escape(exercise_id) + r"""["']""")
    called = [i for i, c in code if call.search(c.get("source", ""))]
    return called[-1] if called else None


def _plan(nb, spec: GradingSpec, nonce: str):
    """Insert the grader's extraction cells; returns (notebook to run, {grader index: names})."""
    import nbformat

    from labkit.kernelspec import KERNELSPEC
    from labkit.grading._answers import extraction_source

    after: dict[int, list[str]] = {}
    pending = []
    for ex in spec.exercises:
        where = _check_cell_index(nb, ex.exercise)
        if where is not None:
            after.setdefault(where, []).append(ex.variable)
        else:
            pending.append(ex.variable)
    cells, grader = [], {}
    for i, cell in enumerate(nb.cells):
        cell = nbformat.from_dict(dict(cell))
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
        if i in after:
            grader[len(cells)] = after[i]
            cells.append(nbformat.v4.new_code_cell(extraction_source(after[i], nonce)))
    extracted = {v for names in after.values() for v in names}
    final = sorted(set(pending) | {e.variable for e in spec.exercises} - extracted)
    if final:
        grader[len(cells)] = final
        cells.append(nbformat.v4.new_code_cell(extraction_source(final, nonce)))
    run = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": dict(KERNELSPEC)})
    return run, grader


def _payload(cell, nonce: str, key: str):
    """The ``key`` part of the grader output of ``cell`` carrying this run's nonce, else None."""
    from labkit.grading._answers import MIME

    for out in cell.get("outputs", []):
        payload = out.get("data", {}).get(MIME) if out.get("output_type") == "display_data" else None
        if isinstance(payload, dict) and payload.get("nonce") == nonce and key in payload:
            return payload[key]
    return None


class _KernelFunction:
    """A student's function, left in their kernel: calling it runs it there on encoded arguments."""

    def __init__(self, run_cell, name: str, nonce: str):
        self._run_cell, self._name, self._nonce = run_cell, name, nonce
        self.__name__ = name

    def __call__(self, *args, **kwargs):
        from labkit.grading._answers import Unreadable, call_source, decode

        if kwargs:
            raise TypeError(bilingual("the grader calls answer functions with positional arguments only"))
        cell = self._run_cell(call_source(self._name, args, self._nonce))
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                raise RuntimeError(f"{out.get('ename')}: {str(out.get('evalue'))[:200]}")
        node = _payload(cell, self._nonce, "result")
        value = decode(node) if node is not None else Unreadable("no result")
        if isinstance(value, Unreadable):
            raise TypeError(bilingual(f"the function returned {value.why}"))
        return value


def _check_functions(spec: GradingSpec, grader: dict, nb, nonce: str):
    """The ``after`` step: evaluate custom exercises whose answer is a function, in this process."""
    def after(run_cell) -> dict:
        from labkit.checks import evaluate, get_exercise

        answers = {}
        for index, names in grader.items():
            got = _payload(nb.cells[index], nonce, "answers")
            if isinstance(got, dict):
                answers.update({n: got[n] for n in names if n in got})
        done = {}
        for ex in spec.exercises:
            node = answers.get(ex.variable)
            if isinstance(node, dict) and node.get("t") == "callable" and get_exercise(ex.exercise).kind == "custom":
                r = evaluate(ex.exercise, _KernelFunction(run_cell, ex.variable, nonce))
                done[ex.exercise] = (r.status, r.credit, r.en, r.zh)
        return done
    return after


@dataclass(frozen=True)
class _Execution:
    student_id: str
    submission: str
    status: str
    reason: str
    answers: dict      # variable -> tagged JSON node (raw, decoded by the grader)
    not_reached: tuple  # variables whose extraction cell never ran
    findings: tuple
    seconds: float = 0.0
    function_checks: dict = field(default_factory=dict)  # exercise id -> (status, credit, en, zh)


def _execute(path: Path, spec: GradingSpec, limits: Limits, data_files: dict[str, bytes],
             prefer_id: str) -> _Execution:
    import nbformat

    from labkit.grading._repro import reproducibility_findings
    from labkit.grading._sandbox import run_notebook

    from labkit.grading.intake import internals, read_bounded, refusal

    refused = refusal(path)
    if refused:
        return _Execution(path.stem or path.name, path.name, "invalid", refused, {}, (), ())
    data, problem = read_bounded(path, MAX_NOTEBOOK_BYTES)  # the size is checked before reading
    nb, notes = None, []
    if data is not None:
        nb, problem, notes = _read_notebook(data)
    sid = _student_id(path, nb, prefer_id)
    if problem:
        return _Execution(sid, path.name, "invalid", problem, {}, (), tuple(notes))
    nonce = secrets.token_hex(16)
    run, grader = _plan(nb, spec, nonce)
    planned = len(run.cells)
    outcome = run_notebook(run, set(grader), limits, data_files,
                           after=_check_functions(spec, grader, run, nonce))
    executed = outcome.nb
    answers, not_reached = {}, []
    for index, names in grader.items():
        got = _payload(executed.cells[index], nonce, "answers")
        got = got if isinstance(got, dict) else None
        for name in names:
            if got is not None and name in got:
                answers[name] = got[name]
            elif name not in answers:
                not_reached.append(name)
    # the executed student cells, in their original order, for the reproducibility report
    student_cells = [c for i, c in enumerate(executed.cells[:planned]) if i not in grader]
    _restore_verdicts(nb, student_cells, spec, answers)
    rerun = nbformat.v4.new_notebook(cells=student_cells)
    findings = notes + reproducibility_findings(nb, rerun, len(nb.cells))
    errors = []
    for i, cell in enumerate(student_cells):
        enames = [o.get("ename") for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if enames:
            errors.append(f"{i + 1} ({str(enames[0])[:40]})")
    timed = [str(_student_number(i, grader)) for i in outcome.timed_out_cells
             if i not in grader and i < planned]
    parts = list(outcome.notes)
    reached = internals(nb)
    if reached:
        names = sorted({name for _, name in reached})
        cells = sorted({str(i) for i, _ in reached}, key=int)
        parts.append(f"reaches for labkit.checks internals ({', '.join(names)}) in cells {', '.join(cells)}")
    if outcome.ended == "timeout" and not outcome.notes:  # (else a note says why the kernel was stopped)
        parts.append(f"total time limit of {limits.total_timeout:g} s reached; kernel stopped")
    elif outcome.ended == "kernel_died" and not outcome.notes:
        parts.append("the kernel died (os._exit, a crash or the memory cap)")
    if timed:
        parts.append(f"cells over the {limits.cell_timeout:g} s limit: {', '.join(timed)}")
    errors = [e for e in errors if not any(e.startswith(t + " ") for t in timed)]
    if errors:
        parts.append(f"cells that raised: {', '.join(errors[:10])}{' …' if len(errors) > 10 else ''}")
    if outcome.dropped_output_bytes:
        parts.append(f"output over the {limits.output_mb:g} MB cap was dropped")
    if not_reached:
        parts.append(f"not reached: {', '.join(sorted(not_reached))}")
        silent = [i for i in grader if i < len(executed.cells) and not executed.cells[i].get("outputs")]
        if outcome.ended == "finished" and len(silent) == len(grader) and not outcome.notes:
            parts.append("no output of the grader's own cells arrived (one output message over "
                         f"{MAX_MESSAGE_BYTES // 2**20} MB closes the kernel's output channel)")
    changed = [f.split(":")[0].split()[1] for f in findings if "does not reproduce" in f]
    if changed:
        parts.append(f"stored outputs do not reproduce in cells {', '.join(changed)}")
    if any("out of order" in f for f in findings):
        parts.append("cells were run out of order")
    status = {"finished": "ok"}.get(outcome.ended, outcome.ended)
    return _Execution(sid, path.name, status, "; ".join(parts), answers, tuple(sorted(not_reached)),
                      tuple(findings), outcome.seconds, outcome.after or {})


def _restore_verdicts(nb, cells, spec: GradingSpec, answers: dict) -> None:
    """Put the grader's verdict where the kernel's check printed "recorded", for the
    reproducibility report: an honest stored ✔ then reproduces, a typed-in ✔ does not.

    The verdict is computed here, from the frozen answers; the language follows the
    stored output of that cell (Chinese when it holds Chinese text).
    """
    from labkit.checks import evaluate
    from labkit.grading._answers import Unreadable, decode

    variables = {ex.exercise: ex.variable for ex in spec.exercises}
    verdicts: dict[str, object] = {}
    for i, cell in enumerate(cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") != "stream" or "✎ [" not in str(out.get("text", "")):
                continue
            stored = nb.cells[i].get("outputs", []) if i < len(nb.cells) else []
            zh = any(re.search(r"[\u4e00-\u9fff]", str(o.get("text", ""))) for o in stored)
            own = (nb.cells[i].get("metadata", {}).get("labkit", {}).get("exercise")
                   if i < len(nb.cells) else None)
            stored_lines = [line for o in stored if o.get("output_type") == "stream"
                            for line in str(o.get("text", "")).splitlines()]
            used: dict[str, int] = {}

            def verdict(m):
                ex_id = m.group(1)
                if ex_id != own:
                    # A check outside the exercise's own check cell (a worked example of a slip, say):
                    # its verdict depends on the value passed there, which the grader never sees.
                    # The stored line is kept, so this call is not compared.
                    mine = [s for s in stored_lines if re.match(rf"^[✔✘◐…] \[{re.escape(ex_id)}\] ", s)]
                    k = used.get(ex_id, 0)
                    used[ex_id] = k + 1
                    return mine[k] if k < len(mine) else m.group(0)
                if ex_id not in verdicts:
                    node = answers.get(variables.get(ex_id))
                    value = decode(node) if node is not None else Unreadable()
                    try:
                        verdicts[ex_id] = None if isinstance(value, Unreadable) else evaluate(ex_id, value)
                    except ValueError:  # not an exercise of this notebook
                        verdicts[ex_id] = None
                result = verdicts[ex_id]
                return result.message("zh" if zh else "en") if result is not None else m.group(0)

            out["text"] = _RECORDED.sub(verdict, str(out.get("text", "")))


def _execute_safely(path, spec, limits, data_files, prefer_id) -> _Execution:
    try:
        return _execute(Path(path), spec, limits, data_files, prefer_id)
    except Exception as err:  # the batch must finish: a grader-side failure becomes a row
        return _Execution(Path(path).stem, Path(path).name, "error",
                          f"grader error: {type(err).__name__}: {' '.join(str(err).split())[:160]}", {}, (), ())


def _to_json(run: _Execution) -> dict:
    """The raw run as plain data: a journal line, or what a cluster worker sends back."""
    return dataclasses.asdict(run)


def _from_json(d: dict) -> _Execution:
    """The raw run back from :func:`_to_json` (after JSON: lists for tuples)."""
    fields = {f.name for f in dataclasses.fields(_Execution)}
    d = {k: v for k, v in d.items() if k in fields}
    d["not_reached"], d["findings"] = tuple(d.get("not_reached", ())), tuple(d.get("findings", ()))
    d["function_checks"] = {k: tuple(v) for k, v in d.get("function_checks", {}).items()}
    return _Execution(**d)
