"""What a batch grades: the spec from the instructor notebook, the result row, and the submission files."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

__all__ = ['GradingSpec', 'SubmissionResult', 'load_spec', 'collect_submissions', 'STATUSES', 'MAX_NOTEBOOK_BYTES']


STATUSES = ("ok", "timeout", "kernel_died", "invalid", "duplicate_id", "error")


from labkit.grading.intake import MAX_NOTEBOOK_BYTES  # noqa: E402
from labkit.errors import bilingual


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
    variants: dict = field(default_factory=dict)  # exercise id -> index of the Variant the answer matched


def load_spec(instructor: str | Path) -> GradingSpec:
    """The exercises of an instructor notebook; a ValueError for an unknown exercise id."""
    import nbformat

    from labkit.checks import get_exercise
    from labkit.release import exercise_cells

    path = Path(instructor)
    if not path.is_file():
        raise ValueError(bilingual(f"instructor must be an existing .ipynb file, got {str(path)!r}"))
    cells = exercise_cells(nbformat.read(path, as_version=4))
    if not cells:
        raise ValueError(bilingual(f"instructor notebook {path.name} has no check cells to grade"))
    for c in cells:
        get_exercise(c.exercise)  # raises for an unknown id
    return GradingSpec(path.stem, tuple(cells))


def collect_submissions(paths: Iterable[str | Path]) -> list[Path]:
    """Files given directly, plus every entry directly inside a given folder except hidden folders.

    Hidden files, symbolic links, sub-folders and special files are listed too: each gets
    a row with status ``invalid`` saying why it was not graded (see
    :func:`labkit.grading.intake.refusal`).
    """
    from labkit.grading.intake import collect

    return collect(paths)
