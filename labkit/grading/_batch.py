"""Grading one submission or a whole batch, in parallel worker processes, with a progress bar.

Before the first submission runs, the grader process imports everything it will use, reads
no bytecode from the course tree (:func:`labkit.grading._proc.private_bytecode`), freezes the
expected answers and checks that the OS sandbox works (else it refuses, unless
``Limits(sandbox=False)``). Each finished submission is appended to the journal (fsync'd),
so a killed batch resumes with ``resume=True``; pool workers die with the grader.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Iterable

from labkit.grading._execute import _execute_safely, _Execution, _from_json, _to_json
from labkit.grading._report import UNISOLATED
from labkit.grading._sandbox import Limits
from labkit.grading._score import _frozen_answers, _score
from labkit.grading._spec import GradingSpec, SubmissionResult, collect_submissions
from labkit.errors import bilingual

__all__ = ['grade_submission', 'grade', 'require_sandbox']


class UnisolatedWarning(UserWarning):
    """Grading runs without the OS sandbox (``--no-sandbox``)."""


def require_sandbox(limits: Limits) -> None:
    """Raise SandboxUnavailable when ``limits`` asks for a sandbox this machine cannot make;
    warn (once per batch) when grading is asked to run without one."""
    from labkit.grading.bwrap import SandboxUnavailable, probe

    if limits.sandbox:
        ok, why = probe()
        if not ok:
            raise SandboxUnavailable(
                f"no OS sandbox for the grading kernels: {why}. Grading refuses to run student code "
                "unisolated; pass --no-sandbox (Limits(sandbox=False)) to grade anyway, with every "
                "row marked as graded without isolation")
    else:
        warnings.warn(f"{UNISOLATED}: each submission runs as your user and can read and change "
                      "whatever you can; grade in a throwaway account or VM", UnisolatedWarning, stacklevel=3)


def _mark(result: SubmissionResult, limits: Limits) -> SubmissionResult:
    if limits.sandbox:
        return result
    return dataclasses.replace(result, reason=UNISOLATED + (f"; {result.reason}" if result.reason else ""))


def _data_files(folder: str | Path | None = None) -> dict[str, bytes]:
    from labkit.datasets import data_dir

    folder = Path(folder) if folder else data_dir()
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir()) if f.is_file()}


def grade_submission(path: str | Path, spec: GradingSpec, limits: Limits = Limits(), *,
                     data_files: dict[str, bytes] | None = None, prefer_id: str = "file") -> SubmissionResult:
    """Grade one submission: a pure function of the file, the spec, the limits and the data."""
    from labkit.grading._proc import preload, private_bytecode

    require_sandbox(limits)
    preload()
    with private_bytecode():
        data_files = _data_files() if data_files is None else data_files
        with _frozen_answers(spec.ids):
            return _mark(_score(_execute_safely(path, spec, limits, data_files, prefer_id), spec), limits)


def _batch_id(spec: GradingSpec, limits: Limits, prefer_id: str) -> dict:
    return {"instructor": spec.name, "prefer_id": prefer_id, "limits": dataclasses.asdict(limits),
            "exercises": [[e.exercise, e.variable, e.points] for e in spec.exercises]}


def _key(path: Path) -> str:
    from labkit.grading.intake import read_bounded, refusal
    from labkit.grading.journal import submission_key

    data = None if refusal(path) else read_bounded(path)[0]
    return submission_key(path, data)


def grade(submissions: Iterable[str | Path], spec: GradingSpec, limits: Limits = Limits(), *,
          jobs: int = 1, prefer_id: str = "file", progress: bool = True,
          data_files: dict[str, bytes] | None = None, journal: str | Path | None = None,
          resume: bool = False, cluster: str | None = None) -> list[SubmissionResult]:
    """Grade many submissions (files or folders) in parallel; results sorted by student id.

    Expected answers and the datasets are read once, before any submission runs.
    Students sharing an id all get status ``duplicate_id`` (their scores are kept).
    ``journal`` (a file) records every finished submission as it finishes; with
    ``resume=True`` the submissions already in it are not run again. Raises
    :class:`labkit.grading.bwrap.SandboxUnavailable` when no sandbox can be made here and
    ``limits.sandbox`` is on.

    ``cluster`` runs the submissions on Dask workers instead of the process pool:
    ``"local"`` (a LocalCluster of ``jobs`` worker processes) or ``"tcp://HOST:PORT"`` (a
    running scheduler; see :mod:`labkit.grading._cluster`). Then the sandbox is required of
    the workers (each is checked, unfit ones are left out), not of this machine.
    """
    from labkit.grading._proc import preload, private_bytecode
    from labkit.grading.journal import Journal

    if prefer_id not in ("file", "metadata"):
        raise ValueError(bilingual(f"prefer_id must be 'file' or 'metadata', got {prefer_id!r}"))
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(bilingual(f"jobs must be a whole number >= 1, got {jobs!r}"))
    if resume and journal is None:
        raise ValueError(bilingual("resume=True needs the journal file of the interrupted batch (journal=...)"))
    if cluster is not None:
        from labkit.grading._cluster import check_cluster

        check_cluster(cluster)
    paths = collect_submissions(submissions)
    if cluster is None or not limits.sandbox:
        require_sandbox(limits)  # with a cluster, each worker is checked instead
    preload()  # everything the grader imports, imported before any submission runs
    with private_bytecode():
        data_files = _data_files() if data_files is None else data_files
        book = Journal(journal, _batch_id(spec, limits, prefer_id), resume=resume) if journal else None
        keys = {p: _key(p) for p in paths} if book else {}
        with _frozen_answers(spec.ids):
            runs: list[_Execution] = []
            todo = []
            for p in paths:
                if book and keys[p] in book.done:
                    runs.append(_from_json(book.done[keys[p]]))
                else:
                    todo.append(p)
            bar = _Progress(len(paths), enabled=progress)
            bar.count = len(paths) - len(todo)

            def finished(p: Path, run: _Execution) -> None:
                runs.append(run)
                if book:
                    book.append(keys[p], _to_json(run))
                bar.step()

            if cluster is not None and todo:
                from labkit.grading._cluster import run_on_cluster

                run_on_cluster(cluster, todo, spec, limits, data_files, prefer_id, jobs, finished)
            elif jobs == 1 or len(todo) <= 1:
                for p in todo:
                    finished(p, _execute_safely(p, spec, limits, data_files, prefer_id))
            else:
                args = (spec, limits, data_files, prefer_id)
                failed = _in_pool(todo, args, jobs, finished)
                for p in failed:  # a worker process died: retry each alone, then give up with a row
                    if _in_pool([p], args, 1, finished):
                        finished(p, _Execution(p.stem, p.name, "error", "the grading worker process died", {}, (), ()))
            bar.done()
            results = [_mark(_score(r, spec), limits) for r in runs]
    counts: dict[str, int] = {}
    for r in results:
        counts[r.student_id] = counts.get(r.student_id, 0) + 1
    results = [dataclasses.replace(r, status="duplicate_id",
                                   reason=f"{counts[r.student_id]} submissions share this student id"
                                          + (f"; {r.reason}" if r.reason else ""))
               if counts[r.student_id] > 1 else r for r in results]
    return sorted(results, key=lambda r: (r.student_id, r.submission))


def _worker_start(parent: int) -> None:
    from labkit.grading._proc import die_with_parent

    die_with_parent(parent)


def _in_pool(paths: list[Path], args: tuple, jobs: int, finished) -> list[Path]:
    """Run paths in a process pool, calling ``finished(path, run)``; return the paths whose worker died.

    Workers are forked from the grader (they inherit its imports and frozen answers) and
    are killed by Linux when the grader dies.
    """
    failed = []
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start,
                             initargs=(os.getpid(),)) as pool:
        futures = {pool.submit(_execute_safely, p, *args): p for p in paths}
        for fut in as_completed(futures):
            try:
                run = fut.result()
            except Exception:  # BrokenProcessPool: the worker (not the kernel) was killed
                failed.append(futures[fut])
                continue
            finished(futures[fut], run)
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
