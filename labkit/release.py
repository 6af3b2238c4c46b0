"""Student versions of instructor notebooks: ``labkit release NOTEBOOKS... --out release/``.

The instructor notebook is the single source. A solution block

.. code-block:: python

    ### BEGIN SOLUTION
    answer_clv = lk.clv(2000, 0.8, 0.08, timing="end")
    ### END SOLUTION

becomes ``answer_clv = ...`` in the student version, every output and execution count is
cleared, and cells tagged ``instructor`` are dropped. The check cells keep their
``{"labkit": {"exercise": ..., "points": ...}}`` metadata (the grader and the nbgrader /
otter mapping read it) and are marked read-only for JupyterLab.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_code_cell("### BEGIN SOLUTION\\nanswer_n = 2000\\n### END SOLUTION"),
...     check_cell("nb0.customers_count", "answer_n", 1)])
>>> student_version(nb).cells[0].source
'answer_n = ...'
>>> [(c.exercise, c.variable, c.points) for c in exercise_cells(nb)]
[('nb0.customers_count', 'answer_n', 1.0)]
"""
from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from labkit.errors import bilingual

__all__ = ["ExerciseCell", "exercise_cells", "student_version", "release", "check_cell",
           "select_language", "cell_language", "EDITION_LANGUAGES", "BEGIN", "END"]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
INSTRUCTOR_TAG = "instructor"
EDITION_LANGUAGES = ("en", "zh", "both")
_SET_LANGUAGE = re.compile(r"""^(?P<pre>\s*lk\.set_language\(\s*)(["'])(?P<lang>en|zh)\2(?P<close>\s*\))(?P<rest>.*)$""")
_COMMENT = {"en": "   # labels, plots and feedback in English", "zh": "   # 标签、图形和反馈为中文"}
_CHECK = re.compile(r"""^\s*check\(\s*(["'])(?P<id>[^"']+)\1\s*,\s*(?P<var>[A-Za-z_]\w*)\s*\)\s*;?\s*$""")


@dataclass(frozen=True)
class ExerciseCell:
    """One check cell of a notebook: its position, exercise id, answer variable and points."""

    index: int
    exercise: str
    variable: str
    points: float


def check_cell(exercise: str, variable: str, points: float = 1):
    """A check cell following the convention (metadata + one-line ``check`` call)."""
    import nbformat

    return nbformat.v4.new_code_cell(f'check("{exercise}", {variable})',
                                     metadata={"labkit": {"exercise": exercise, "points": points}})


def exercise_cells(nb) -> list[ExerciseCell]:
    """The check cells of ``nb`` in order; a ValueError names a cell that breaks the convention.

    A check cell carries ``{"labkit": {"exercise": id, "points": n}}`` and its source is
    ``check("id", variable)`` with the same id.
    """
    found = []
    for i, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("labkit", {})
        if cell.cell_type != "code" or "exercise" not in meta:
            continue
        match = _CHECK.match(cell.source.strip())
        if not match or match["id"] != meta["exercise"]:
            raise ValueError(f"cell {i}: a check cell must be exactly check(\"{meta['exercise']}\", "
                             f"variable); got {cell.source.strip()!r}")
        points = meta.get("points", 1)
        if isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0:
            raise ValueError(bilingual(f"cell {i}: points must be a non-negative number, got {points!r}"))
        found.append(ExerciseCell(i, meta["exercise"], match["var"], float(points)))
    ids = [c.exercise for c in found]
    dup = sorted({x for x in ids if ids.count(x) > 1})
    if dup:
        raise ValueError(bilingual(f"exercise ids must be unique in a notebook; repeated: {', '.join(dup)}"))
    return found


def cell_language(cell) -> str | None:
    """The ``labkit.lang`` of a cell ("en" or "zh"), or None for a cell shared by both editions."""
    return cell.get("metadata", {}).get("labkit", {}).get("lang")


def _set_language_in_code(nb, lang: str) -> None:
    """Make the edition's code run in ``lang``: every ``lk.set_language("en"|"zh")`` line that
    restores the notebook's language becomes ``lang``; the first code cell that imports labkit gets
    one when it has none."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    if not code:
        return
    first = next((c for c in code if "import labkit as lk" in c.source), code[0])
    has_call = False
    for cell in code:
        lines = cell.source.split("\n")
        calls = [i for i, line in enumerate(lines) if _SET_LANGUAGE.match(line)]
        # the first cell's call sets the notebook's language; elsewhere only the restoring line of
        # a "switch, show, switch back" pair follows the edition (the demonstration stays)
        change = calls if cell is first else calls[-1:] if len(calls) >= 2 else []
        for i in change:
            m = _SET_LANGUAGE.match(lines[i])
            rest = m["rest"]
            if m["lang"] != lang and rest.lstrip().startswith("#"):
                rest = _COMMENT[lang]  # a comment about the other language would now be wrong
            lines[i] = f'{m["pre"]}"{lang}"{m["close"]}{rest}'
        has_call = has_call or (cell is first and bool(calls))
        cell.source = "\n".join(lines)
    if not has_call and lang == "zh":
        # right after the import (or after the leading comment lines), so the cell's last line,
        # and with it the cell's displayed result, stays what it was
        lines = first.source.split("\n")
        at = next((i + 1 for i, line in enumerate(lines) if line.strip() == "import labkit as lk"), None)
        if at is None:
            at = next((i for i, line in enumerate(lines) if not line.lstrip().startswith("#")), len(lines))
            lines.insert(at, "import labkit as lk")
            at += 1
        lines.insert(at, f'lk.set_language("{lang}")')
        first.source = "\n".join(lines)


def select_language(nb, lang: str = "both"):
    """A copy of ``nb`` with the cells of one language: shared cells plus those marked ``lang``.

    A cell is marked by ``metadata["labkit"]["lang"]`` ("en" or "zh"); cells without it are shared
    by both editions. ``lang="both"`` returns the notebook unchanged (a copy). In a ``"zh"``
    edition the first code cell sets ``lk.set_language("zh")`` (an existing call is adjusted,
    else one is appended), so labels, plots, demos and check feedback are Chinese too; in an
    ``"en"`` edition an existing ``lk.set_language("zh")`` restore line becomes ``"en"``.
    The ``lang`` key is removed from the kept cells of a one-language edition.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The bilingual instructor (or student) notebook; it is not modified.
    lang : {"en", "zh", "both"}
        The edition's language.

    Raises
    ------
    ValueError
        For another ``lang``, or a cell marked with a language other than "en" or "zh".

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("# Start", metadata={"labkit": {"lang": "en"}}),
    ...     nbformat.v4.new_markdown_cell("# 开始", metadata={"labkit": {"lang": "zh"}}),
    ...     nbformat.v4.new_code_cell("import labkit as lk")])
    >>> [c.source for c in select_language(nb, "zh").cells]
    ['# 开始', 'import labkit as lk\\nlk.set_language("zh")']
    >>> [c.source for c in select_language(nb, "en").cells]
    ['# Start', 'import labkit as lk']
    >>> len(select_language(nb).cells)
    3
    """
    from labkit._validate import one_of

    lang = one_of("lang", lang, EDITION_LANGUAGES)
    out = copy.deepcopy(nb)
    for i, cell in enumerate(out.cells):
        mark = cell_language(cell)
        if mark is not None and mark not in ("en", "zh"):
            raise ValueError(bilingual(f"cell {i}: labkit.lang must be one of 'en', 'zh'; got {mark!r}"))
    if lang == "both":
        return out
    kept = []
    for cell in out.cells:
        mark = cell_language(cell)
        if mark is not None and mark != lang:
            continue
        if mark is not None:
            meta = cell.metadata["labkit"]
            meta.pop("lang")
            if not meta:
                cell.metadata.pop("labkit")
        kept.append(cell)
    out.cells = kept
    out.metadata.setdefault("labkit", {})["edition_language"] = lang
    _set_language_in_code(out, lang)
    return out


def _assigned_names(block: str, where: str) -> list[str]:
    try:
        tree = ast.parse(block)
    except SyntaxError as err:
        raise ValueError(bilingual(f"{where}: the solution block is not valid Python ({err.msg})")) from None
    names: list[str] = []

    def add(target):
        if isinstance(target, ast.Name):
            if target.id not in names:
                names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for t in target.elts:
                add(t)

    for node in tree.body:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                add(t)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            add(node.target)
    if not names:
        raise ValueError(bilingual(f"{where}: the solution block assigns no variable at top level"))
    return names


def _strip_solutions(source: str, answers: set[str], where: str) -> tuple[str, bool]:
    """Replace every solution block of one cell; returns (new source, whether one was found)."""
    lines = source.split("\n")
    out: list[str] = []
    block: list[str] | None = None
    found = False
    for line in lines:
        mark = line.strip()
        if mark == BEGIN:
            if block is not None:
                raise ValueError(bilingual(f"{where}: {BEGIN} inside another solution block"))
            block, found = [], True
        elif mark == END:
            if block is None:
                raise ValueError(bilingual(f"{where}: {END} without {BEGIN}"))
            names = _assigned_names("\n".join(block), where)
            keep = [n for n in names if n in answers] or names
            out.extend(f"{n} = ..." for n in keep)
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise ValueError(bilingual(f"{where}: {BEGIN} without {END}"))
    return "\n".join(out), found


def student_version(nb, *, name: str = "notebook"):
    """A copy of ``nb`` with solutions replaced, outputs cleared and instructor cells dropped."""
    from labkit.rubric import response_items

    answers = {c.variable for c in exercise_cells(nb)}
    response_items(nb, name=name)  # free-response cells: ids unique, rubric points adding up
    student = copy.deepcopy(nb)
    student.metadata.pop("widgets", None)  # saved widget state can hold computed values
    cells = []
    for i, cell in enumerate(student.cells):
        if INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.source, had_solution = _strip_solutions(cell.source, answers, f"{name} cell {i}")
            if had_solution:
                cell.metadata.setdefault("labkit", {})["solution"] = True
            if "exercise" in cell.metadata.get("labkit", {}):
                cell.metadata["editable"] = False
                cell.metadata["deletable"] = False
        elif any(line.strip() == BEGIN for line in cell.source.splitlines()):
            # a marker line in prose (not one quoted inline) would leave a solution in a markdown cell
            raise ValueError(bilingual(f"{name} cell {i}: solution markers are only allowed in code cells"))
        cells.append(cell)
    student.cells = cells
    return student


def release(notebooks: Iterable[str | Path], out: str | Path, lang: str = "both") -> list[Path]:
    """Write the student version of each notebook into ``out``; returns the written paths.

    ``lang`` ("en", "zh" or "both", the default) chooses the edition: see :func:`select_language`.

    The instructor files are only read. Writing into the folder a notebook comes from is
    refused, so an instructor notebook can never be overwritten by its student version.
    """
    import nbformat

    from labkit._validate import one_of

    lang = one_of("lang", lang, EDITION_LANGUAGES)
    out = Path(out)
    paths = [Path(p) for p in notebooks]
    for p in paths:
        if not p.is_file() or p.suffix != ".ipynb":
            raise ValueError(bilingual(f"notebooks must be existing .ipynb files, got {str(p)!r}"))
        if out.exists() and p.parent.resolve() == out.resolve():
            raise ValueError(bilingual(f"out must differ from the folder of the instructor notebooks, got {str(out)!r}"))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        student = select_language(student_version(nb, name=p.name), lang)
        target = out / p.name
        nbformat.write(student, target)
        written.append(target)
    return written
