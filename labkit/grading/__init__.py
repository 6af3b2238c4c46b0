"""Batch grading of submitted notebooks: ``labkit grade SUBMISSIONS... --instructor NB --out gradebook.csv``.

Each submission runs in a fresh kernel in its own temporary folder (limits in
:class:`Limits`); right after every check cell the grader's own cell reads the answer
variable out of the kernel as tagged JSON, and the grader's process scores it with
:func:`labkit.checks.evaluate` against answers it computed *before* any submission ran.
Nothing a notebook prints, redefines or stores in its outputs can change its score.

:func:`grade_submission` is a pure function of (file, spec, limits, data): a batch is a
map over submissions (:func:`grade`, parallel with ``jobs``), then
:func:`write_gradebook` and :func:`write_feedback`.

Examples
--------
>>> r = SubmissionResult("s1", "s1.ipynb", "ok", "", {"nb0.customers_count": 1.0}, {}, [], 1.0)
>>> gradebook_rows([r], ["nb0.customers_count"])[1]
['s1', 's1.ipynb', '1', '1', 'ok', '']
"""
from __future__ import annotations

import contextlib
import dataclasses
import importlib
import json
import re
import secrets
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from labkit.grading._report import feedback_markdown, gradebook_rows, write_feedback, write_gradebook
from labkit.grading._sandbox import Limits

__all__ = ["Limits", "GradingSpec", "SubmissionResult", "load_spec", "collect_submissions",
           "grade_submission", "grade", "gradebook_rows", "write_gradebook", "write_feedback",
           "feedback_markdown",
           "STATUSES", "MAX_NOTEBOOK_BYTES"]

STATUSES = ("ok", "timeout", "kernel_died", "invalid", "duplicate_id", "error")
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
_GRADER_TAG = "labkit-grader"


@dataclass(frozen=True)
class GradingSpec:
    """What to grade: the instructor notebook's exercises (id, answer variable, points)."""

    name: str
    exercises: tuple  # of labkit.release.ExerciseCell

    @property
    def ids(self) -> list[str]:
        return [e.exercise for e in self.exercises]

    @property
    def possible(self) -> float:
        return sum(e.points for e in self.exercises)


@dataclass(frozen=True)
class SubmissionResult:
    """One gradebook row plus the feedback behind it."""

    student_id: str
    submission: str
    status: str
    reason: str
    scores: dict          # exercise id -> points earned
    checks: dict          # exercise id -> (status, en, zh)
    findings: list        # reproducibility sentences
    total: float
    seconds: float = field(default=0.0, compare=False)


def load_spec(instructor: str | Path) -> GradingSpec:
    """The exercises of an instructor notebook; a ValueError for an unknown exercise id."""
    import nbformat

    from labkit.checks import get_exercise
    from labkit.release import exercise_cells

    path = Path(instructor)
    if not path.is_file():
        raise ValueError(f"instructor must be an existing .ipynb file, got {str(path)!r}")
    cells = exercise_cells(nbformat.read(path, as_version=4))
    if not cells:
        raise ValueError(f"instructor notebook {path.name} has no check cells to grade")
    for c in cells:
        get_exercise(c.exercise)  # raises for an unknown id
    return GradingSpec(path.stem, tuple(cells))


def collect_submissions(paths: Iterable[str | Path]) -> list[Path]:
    """Files given directly, plus every non-hidden file directly inside a given folder."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith("."))
        elif p.is_file():
            found.append(p)
        else:
            raise ValueError(f"submissions must be files or folders, got {str(p)!r}")
    return found


# ---------------------------------------------------------------- reading a submission

def _student_id(path: Path, nb, prefer: str) -> str:
    meta = None
    if nb is not None:
        value = nb.get("metadata", {}).get("labkit", {}).get("student_id")
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            meta = str(value).strip()[:100]
    return meta if (prefer == "metadata" and meta) else path.stem


def _read_notebook(data: bytes):
    """(notebook, problem, notes): problem is a reason string when it is not a usable notebook."""
    import nbformat

    notes = []
    if len(data) > MAX_NOTEBOOK_BYTES:
        return None, f"file larger than {MAX_NOTEBOOK_BYTES // 2**20} MB", notes
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            text = data.decode("gb18030")
            notes.append("The file was not UTF-8; it was read as GB18030. Save notebooks from Jupyter.")
        except UnicodeDecodeError:
            return None, f"not UTF-8 text (bad byte at position {err.start})", notes
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as err:
        return None, f"not a notebook: invalid JSON ({str(err)[:80]})", notes
    if not isinstance(raw, dict) or "cells" not in raw or "nbformat" not in raw:
        return None, "not a notebook: JSON without cells/nbformat", notes
    try:  # nbformat.reads would also log every schema error; validate quietly instead
        nb = nbformat.convert(nbformat.reader.reads(text), 4)
        nbformat.validate(nb)
    except Exception as err:  # nbformat raises several types for schema problems
        first = str(err).strip().split("\n")[0][:120]
        return None, f"not a valid notebook ({type(err).__name__}: {first})", notes
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel not in (None, "python3"):
        notes.append(f"The notebook asked for kernel {str(kernel)[:40]!r}; it was run with python3.")
    return nb, None, notes


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

    from labkit.cli import KERNELSPEC
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
            raise TypeError("the grader calls answer functions with positional arguments only")
        cell = self._run_cell(call_source(self._name, args, self._nonce))
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                raise RuntimeError(f"{out.get('ename')}: {str(out.get('evalue'))[:200]}")
        node = _payload(cell, self._nonce, "result")
        value = decode(node) if node is not None else Unreadable("no result")
        if isinstance(value, Unreadable):
            raise TypeError(f"the function returned {value.why}")
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


# ---------------------------------------------------------------- executing (worker side)

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

    data = path.read_bytes()
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
    rerun = nbformat.v4.new_notebook(cells=student_cells)
    findings = notes + reproducibility_findings(nb, rerun, len(nb.cells))
    errors = []
    for i, cell in enumerate(student_cells):
        enames = [o.get("ename") for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if enames:
            errors.append(f"{i + 1} ({str(enames[0])[:40]})")
    timed = [str(_student_index(i, grader) + 1) for i in outcome.timed_out_cells
             if i not in grader and i < planned]
    parts = []
    if outcome.ended == "timeout":
        parts.append(f"total time limit of {limits.total_timeout:g} s reached; kernel stopped")
    elif outcome.ended == "kernel_died":
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
    changed = [f.split(":")[0].split()[1] for f in findings if "does not reproduce" in f]
    if changed:
        parts.append(f"stored outputs do not reproduce in cells {', '.join(changed)}")
    if any("out of order" in f for f in findings):
        parts.append("cells were run out of order")
    status = {"finished": "ok"}.get(outcome.ended, outcome.ended)
    return _Execution(sid, path.name, status, "; ".join(parts), answers, tuple(sorted(not_reached)),
                      tuple(findings), outcome.seconds, outcome.after or {})


def _student_index(index: int, grader: dict) -> int:
    """Position of executed cell ``index`` among the student's own cells."""
    return index - sum(1 for g in grader if g < index)


def _execute_safely(path, spec, limits, data_files, prefer_id) -> _Execution:
    try:
        return _execute(Path(path), spec, limits, data_files, prefer_id)
    except Exception as err:  # the batch must finish: a grader-side failure becomes a row
        return _Execution(Path(path).stem, Path(path).name, "error",
                          f"grader error: {type(err).__name__}: {' '.join(str(err).split())[:160]}", {}, (), ())


# ---------------------------------------------------------------- scoring (grader process)

@contextlib.contextmanager
def _frozen_answers(ids: Sequence[str]):
    """Compute every expected answer (and variant) once, now, and use only those values.

    Called before any submission runs, so nothing a submission does to files on disk
    during the batch can change the answers it is compared with.
    """
    from labkit.checks import get_exercise

    saved = {}
    for ex_id in ids:
        ex = get_exercise(ex_id)
        module = importlib.import_module(f"labkit.checks.{ex_id.split('.', 1)[0]}")
        try:
            value = ex.expected()
            variants = tuple(dataclasses.replace(v, value=_const(v.resolve())) for v in ex.variants)
        except Exception:  # evaluate() reports an instructor-side defect itself
            continue
        frozen = dataclasses.replace(ex, expected=_const(value), variants=variants)
        saved.setdefault(module, list(module.EXERCISES))
        module.EXERCISES = [frozen if e.id == ex_id else e for e in module.EXERCISES]
    try:
        yield
    finally:
        for module, original in saved.items():
            module.EXERCISES = original


def _const(value):
    return lambda: value


def _score(run: _Execution, spec: GradingSpec) -> SubmissionResult:
    from labkit.checks import evaluate
    from labkit.grading._answers import Undefined, Unreadable, decode

    scores, checks = {}, {}
    for ex in spec.exercises:
        if run.status in ("invalid", "error") or (ex.variable not in run.answers):
            why = ("not graded: " + run.reason) if ex.variable not in run.not_reached or not run.reason \
                else "not graded: the notebook stopped before this exercise"
            scores[ex.exercise] = 0.0
            checks[ex.exercise] = ("not_graded", why, "未评分：" + why)
            continue
        if ex.exercise in run.function_checks:
            status, credit, en, zh = run.function_checks[ex.exercise]
            scores[ex.exercise] = round(credit * ex.points, 6)
            checks[ex.exercise] = (status, en, zh)
            continue
        answer = decode(run.answers[ex.variable])
        if isinstance(answer, Undefined):
            en = f"Not attempted: the variable `{ex.variable}` is not defined (was the cell renamed or deleted?)."
            checks[ex.exercise] = ("not_attempted", en, f"尚未作答：变量 `{ex.variable}` 未定义（单元格是否被改名或删除？）。")
            scores[ex.exercise] = 0.0
            continue
        if isinstance(answer, Unreadable):
            checks[ex.exercise] = ("invalid", f"Your answer is {answer.why}.", f"无法读取你的答案（{answer.why}）。")
            scores[ex.exercise] = 0.0
            continue
        result = evaluate(ex.exercise, answer)
        credit = result.credit
        scores[ex.exercise] = round(credit * ex.points, 6)  # points from the instructor notebook
        checks[ex.exercise] = (result.status, result.en, result.zh)
    total = round(sum(scores.values()), 6)
    return SubmissionResult(run.student_id, run.submission, run.status, run.reason, scores, checks,
                            list(run.findings), total, run.seconds)


# ---------------------------------------------------------------- public API

def _data_files(folder: str | Path | None = None) -> dict[str, bytes]:
    from labkit.datasets import data_dir

    folder = Path(folder) if folder else data_dir()
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir()) if f.is_file()}


def grade_submission(path: str | Path, spec: GradingSpec, limits: Limits = Limits(), *,
                     data_files: dict[str, bytes] | None = None, prefer_id: str = "file") -> SubmissionResult:
    """Grade one submission: a pure function of the file, the spec, the limits and the data."""
    data_files = _data_files() if data_files is None else data_files
    with _frozen_answers(spec.ids):
        return _score(_execute_safely(path, spec, limits, data_files, prefer_id), spec)


def grade(submissions: Iterable[str | Path], spec: GradingSpec, limits: Limits = Limits(), *,
          jobs: int = 1, prefer_id: str = "file", progress: bool = True,
          data_files: dict[str, bytes] | None = None) -> list[SubmissionResult]:
    """Grade many submissions (files or folders) in parallel; results sorted by student id.

    Expected answers and the datasets are read once, before any submission runs.
    Students sharing an id all get status ``duplicate_id`` (their scores are kept).
    """
    if prefer_id not in ("file", "metadata"):
        raise ValueError(f"prefer_id must be 'file' or 'metadata', got {prefer_id!r}")
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number >= 1, got {jobs!r}")
    paths = collect_submissions(submissions)
    data_files = _data_files() if data_files is None else data_files
    with _frozen_answers(spec.ids):
        runs: list[_Execution] = []
        bar = _Progress(len(paths), enabled=progress)
        if jobs == 1 or len(paths) <= 1:
            for p in paths:
                runs.append(_execute_safely(p, spec, limits, data_files, prefer_id))
                bar.step()
        else:
            args = (spec, limits, data_files, prefer_id)
            failed = _in_pool(paths, args, jobs, runs, bar)
            for p in failed:  # a worker process died: retry each alone, then give up with a row
                if _in_pool([p], args, 1, runs, bar):
                    runs.append(_Execution(p.stem, p.name, "error", "the grading worker process died", {}, (), ()))
                    bar.step()
        bar.done()
        results = [_score(r, spec) for r in runs]
    counts: dict[str, int] = {}
    for r in results:
        counts[r.student_id] = counts.get(r.student_id, 0) + 1
    results = [dataclasses.replace(r, status="duplicate_id",
                                   reason=f"{counts[r.student_id]} submissions share this student id"
                                          + (f"; {r.reason}" if r.reason else ""))
               if counts[r.student_id] > 1 else r for r in results]
    return sorted(results, key=lambda r: (r.student_id, r.submission))


def _in_pool(paths: list[Path], args: tuple, jobs: int, runs: list, bar) -> list[Path]:
    """Run paths in a process pool, appending to ``runs``; return the paths whose worker died."""
    failed = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_execute_safely, p, *args): p for p in paths}
        for fut in as_completed(futures):
            try:
                runs.append(fut.result())
                bar.step()
            except Exception:  # BrokenProcessPool: the worker (not the kernel) was killed
                failed.append(futures[fut])
    return sorted(failed)


class _Progress:
    """A plain-text progress bar on stderr."""

    def __init__(self, total: int, enabled: bool = True, width: int = 30):
        self.total, self.count, self.enabled, self.width = total, 0, enabled, width

    def step(self) -> None:
        self.count += 1
        if self.enabled and self.total:
            filled = self.width * self.count // self.total
            sys.stderr.write(f"\rgrading [{'#' * filled}{'.' * (self.width - filled)}] "
                             f"{self.count}/{self.total}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.total:
            sys.stderr.write("\n")
