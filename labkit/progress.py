"""A student's own progress: ``labkit progress [NOTEBOOKS...]``.

Runs each notebook in a fresh kernel, top to bottom (a failing cell does not stop the run,
as in a grader), then asks labkit's checks about every exercise's answer variable and prints a
table: ✔ / ◐ / ✘ / not attempted, with the points so far. The notebook file is not changed.

This is the student's mirror of grading, not grading: it runs in the student's own kernel, so
it can be fooled by the student; the grader re-runs the submission in its own process.

Examples
--------
>>> rows = [ProgressRow("a.ipynb", "nb0.customers_count", "correct", 1.0, 1.0),
...         ProgressRow("a.ipynb", "nb0.top_channel", "not_attempted", 0.0, 1.0)]
>>> print(format_progress(rows))
a.ipynb  1 / 2 points 分
  ✔ nb0.customers_count  1 / 1  correct 正确
  … nb0.top_channel      0 / 1  not attempted 尚未作答
Total 总计: 1 / 2 points 分 (1 of 2 exercises correct 道正确)
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

__all__ = ["ProgressRow", "notebook_progress", "progress", "format_progress", "find_notebooks"]

_MARKER = "<<labkit-progress>>"
_LABELS = {"correct": ("✔", "correct 正确"), "partial": ("◐", "partly right 部分正确"),
           "incorrect": ("✘", "not yet 还不对"), "invalid": ("✘", "cannot read the answer 无法读取答案"),
           "not_attempted": ("…", "not attempted 尚未作答"),
           "not_run": ("–", "the notebook did not run 笔记本未能运行")}


@dataclass(frozen=True)
class ProgressRow:
    """One exercise of one notebook: its status and points earned out of possible."""

    notebook: str
    exercise: str
    status: str
    earned: float
    points: float


def _probe(pairs: Sequence[tuple[str, str]]) -> str:
    return "\n".join([
        "import json as __lk_json",
        "from labkit.checks import evaluate as __lk_evaluate",
        "__lk_result = {}",
        f"for __lk_id, __lk_var in {list(pairs)!r}:",
        "    try:",
        "        __lk_check = __lk_evaluate(__lk_id, globals().get(__lk_var, ...))",
        "        __lk_result[__lk_id] = [__lk_check.status, __lk_check.credit]",
        "    except Exception:",
        "        __lk_result[__lk_id] = ['invalid', 0.0]",
        f"print({_MARKER!r} + __lk_json.dumps(__lk_result))",
    ])


def notebook_progress(path: str | Path, *, timeout: float = 120) -> list[ProgressRow]:
    """Run one notebook in a fresh kernel (in its own folder) and check every exercise."""
    import nbformat
    from nbclient import NotebookClient

    from labkit.release import exercise_cells

    path = Path(path)
    if not path.is_file() or path.suffix != ".ipynb":
        raise ValueError(f"notebook must be an existing .ipynb file, got {str(path)!r}")
    nb = nbformat.read(path, as_version=4)
    cells = exercise_cells(nb)
    if not cells:
        return []
    nb.cells.append(nbformat.v4.new_code_cell(_probe([(c.exercise, c.variable) for c in cells])))
    found: dict = {}
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(path.parent.resolve())}}).execute()
        for out in nb.cells[-1].get("outputs", []):
            for line in str(out.get("text", "")).splitlines():
                if line.startswith(_MARKER):
                    found = json.loads(line[len(_MARKER):])
    except Exception:  # a cell timed out or the kernel died: say so per exercise
        found = {}
    rows = []
    for c in cells:
        status, credit = found.get(c.exercise, ("not_run", 0.0))
        rows.append(ProgressRow(path.name, c.exercise, status, round(float(credit) * c.points, 6), c.points))
    return rows


def find_notebooks(paths: Sequence[str | Path] = ()) -> list[Path]:
    """The notebooks named (files or folders); by default ``notebooks/*.ipynb`` here, else ``*.ipynb``."""
    if not paths:
        here = Path("notebooks") if Path("notebooks").is_dir() else Path(".")
        paths = [here]
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(f for f in p.glob("*.ipynb") if not f.name.startswith("."))
        elif p.is_file():
            found.append(p)
        else:
            raise ValueError(f"notebooks must be .ipynb files or folders, got {str(p)!r}")
    return found


def progress(paths: Iterable[str | Path], *, timeout: float = 120) -> list[ProgressRow]:
    """:func:`notebook_progress` of every notebook, in order."""
    return [row for p in paths for row in notebook_progress(p, timeout=timeout)]


def _n(x: float) -> str:
    return f"{round(x, 4):g}"


def format_progress(rows: Sequence[ProgressRow]) -> str:
    """The progress table as text, a block per notebook and a total line."""
    lines = []
    width = max((len(r.exercise) for r in rows), default=10)
    for nb in dict.fromkeys(r.notebook for r in rows):
        mine = [r for r in rows if r.notebook == nb]
        lines.append(f"{nb}  {_n(sum(r.earned for r in mine))} / {_n(sum(r.points for r in mine))} points 分")
        for r in mine:
            mark, label = _LABELS.get(r.status, ("?", r.status))
            lines.append(f"  {mark} {r.exercise:<{width}}  {_n(r.earned)} / {_n(r.points)}  {label}")
    correct = sum(r.status == "correct" for r in rows)
    lines.append(f"Total 总计: {_n(sum(r.earned for r in rows))} / {_n(sum(r.points for r in rows))} points 分 "
                 f"({correct} of {len(rows)} exercises correct 道正确)")
    return "\n".join(lines)
