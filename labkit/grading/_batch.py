"""Grading one submission or a whole batch, in parallel worker processes, with a progress bar."""
from __future__ import annotations

import dataclasses
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Iterable

from labkit.grading._execute import _execute_safely, _Execution
from labkit.grading._sandbox import Limits
from labkit.grading._score import _frozen_answers, _score
from labkit.grading._spec import GradingSpec, SubmissionResult, collect_submissions
from labkit.errors import bilingual

__all__ = ['grade_submission', 'grade']


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
        raise ValueError(bilingual(f"prefer_id must be 'file' or 'metadata', got {prefer_id!r}"))
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(bilingual(f"jobs must be a whole number >= 1, got {jobs!r}"))
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
