"""The student edition: ``labkit edition --out DIR`` writes a folder and a zip a student downloads.

The edition holds the student versions of the chapter notebooks (:func:`labkit.release.student_version`:
solutions replaced by ``answer = ...``, cells tagged ``instructor`` dropped, outputs and widget
state cleared), the datasets with their data dictionary, the labkit sources (installable with
pip, the datasets packed inside as package data so a non-editable install finds them; this
module itself stays with the instructor),
``pyproject.toml``, ``environment.yml`` and a bilingual README. Nothing else of the instructor
repository is copied: no instructor notebooks, tests, docs or git history.

:func:`leaks` searches an edition for every line of every solution block and of every
instructor-tagged cell (model answers, rubrics); :func:`build_edition` refuses to finish when it
finds one. A line the student version itself shows (an author's skeleton in a statement, e.g. the
first line of a SQL query) is the author's choice: it is listed (:func:`shown_lines`), not searched.

Examples
--------
>>> lines = solution_lines([
...     "### BEGIN SOLUTION\\nanswer_n = len(customers)\\n### END SOLUTION"], ["x = 1"])
>>> lines
['answer_n = len(customers)']
>>> leaks({"nb.ipynb": "answer_n = ..."}, lines)
[]
"""
from __future__ import annotations

import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

__all__ = ["Edition", "build_edition", "solution_lines", "instructor_texts", "shown_lines", "edition_texts", "leaks",
           "EDITION_NAME", "SHIPPED_ON_PURPOSE"]

EDITION_NAME = "crm-lab-student"
_MIN_SIGNIFICANT = 8  # shorter lines ("]", "x = 1") say nothing about a solution
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # fixed, so the zip is byte-identical when rebuilt


@dataclass(frozen=True)
class Edition:
    """Where an edition was written and what it holds."""

    folder: Path
    zip_path: Path | None
    notebooks: tuple[str, ...]
    files: int
    searched_lines: int
    shown: tuple = ()  # (notebook, line): solution lines the statements show on purpose (not searched)


def _repository() -> Path:
    return Path(__file__).resolve().parents[1]


def _significant(line: str) -> bool:
    s = line.strip()
    return len(s) >= _MIN_SIGNIFICANT and bool(re.search(r"\w", s))


def solution_lines(sources: Iterable[str], instructor_cells: Iterable[str] = ()) -> list[str]:
    """Every significant line (stripped, 8+ characters) of every solution block and instructor cell.

    ``sources`` are cell sources holding solution blocks; ``instructor_cells`` are the sources
    of instructor-tagged cells (all their lines count).
    """
    from labkit.release import BEGIN, END

    found: list[str] = []
    for src in sources:
        inside = False
        for line in src.split("\n"):
            mark = line.strip()
            if mark == BEGIN:
                inside = True
            elif mark == END:
                inside = False
            elif inside and _significant(line) and line.strip() not in found:
                found.append(line.strip())
    from labkit.rubric import MODEL_ANSWER, RUBRIC

    for src in instructor_cells:
        for line in src.split("\n"):
            # the convention's headings are public (README, labkit.rubric); what follows them is not
            line = line.replace(MODEL_ANSWER, "").replace(RUBRIC, "").strip()
            if _significant(line) and line not in found:
                found.append(line)
    return found


def instructor_texts(notebooks: Iterable[str | Path]) -> list[str]:
    """The lines of the given instructor notebooks that must never reach a student."""
    import nbformat

    from labkit.release import BEGIN, INSTRUCTOR_TAG

    blocks, tagged = [], []
    for p in notebooks:
        nb = nbformat.read(p, as_version=4)
        for cell in nb.cells:
            if INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
                tagged.append(cell.source)
            elif BEGIN in cell.source:
                blocks.append(cell.source)
    return solution_lines(blocks, tagged)


def shown_lines(notebooks: Iterable[str | Path], lines: Iterable[str]) -> list[tuple[str, str]]:
    """(notebook, line) for each solution line the student version itself shows, e.g. a SQL skeleton in a statement.

    The author wrote those lines where students read them, so they are not searched for (the
    edition command lists them, for the author to confirm).
    """
    import nbformat

    from labkit.release import student_version

    texts = {}
    for p in map(Path, notebooks):
        nb = student_version(nbformat.read(p, as_version=4), name=p.name)
        texts[p.name] = "\n".join(c.source for c in nb.cells)
    return leaks(texts, lines)


def _strings(node) -> Iterable[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for x in node:
            yield from _strings(x)
    elif isinstance(node, dict):
        for k, v in node.items():
            yield str(k)
            yield from _strings(v)


def edition_texts(folder: str | Path) -> dict[str, str]:
    """The searchable text of every file in an edition (a zip's members are read too).

    A notebook's text is every string in its JSON (sources, outputs, metadata), unescaped,
    so a line quoted in JSON is found as written.
    """
    folder = Path(folder)
    texts: dict[str, str] = {}

    def add(name: str, data: bytes):
        if name.endswith(".ipynb"):
            try:
                texts[name] = "\n".join(_strings(json.loads(data.decode("utf-8"))))
                return
            except ValueError:
                pass
        if name.endswith(".zip"):
            import io

            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for info in z.infolist():
                    if not info.is_dir():
                        add(f"{name}!{info.filename}", z.read(info))
            return
        texts[name] = data.decode("utf-8", errors="replace")

    for f in sorted(folder.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            add(f.relative_to(folder).as_posix(), f.read_bytes())
    return texts


# Lines of solution blocks that the edition ships on purpose, each in one named labkit file only.
# The self-checks run offline, so the data a check computes its expected answer from is in
# labkit (see the edition README on what a determined student can learn); a line that is
# merely a common idiom of labkit's own code is listed too. Anything else found is a leak.
SHIPPED_ON_PURPOSE: dict[str, tuple[str, str]] = {
    line: ("labkit/checks/nb3.py", "E3.19's paired comparisons, which the check computes the expected weights from")
    for line in ('("battery", "price"): "=", ("battery", "system"): "battery",',
                 '("camera", "screen"): "camera", ("camera", "price"): "price",',
                 '("camera", "system"): "=", ("screen", "price"): "price",',
                 '("screen", "system"): "system", ("price", "system"): "price"}')}
SHIPPED_ON_PURPOSE['sql = """'] = ("labkit/warehouse.py", "an idiom of the warehouse module's own examples")


def leaks(texts: Mapping[str, str], lines: Iterable[str]) -> list[tuple[str, str]]:
    """(file, line) for every line of ``lines`` found in a text of ``texts`` (after stripping each text line).

    A line of :data:`SHIPPED_ON_PURPOSE` is not reported in the one file it is allowed in
    (``name`` may carry a zip prefix, ``"crm-lab-student.zip!crm-lab-student/labkit/..."``).
    """
    wanted = list(lines)
    found = []
    for name, text in texts.items():
        flat = "\n".join(t.strip() for t in text.split("\n"))
        for line in wanted:
            if line in flat:
                allowed = SHIPPED_ON_PURPOSE.get(line)
                if allowed and (name == allowed[0] or name.endswith("/" + allowed[0])):
                    continue
                found.append((name, line))
    return found


_README = """# CRM Lab — student edition 学生版

The workbook of the Customer Relationship Management course (客户关系管理): six chapter
notebooks, the synthetic datasets they analyse and `labkit`, the small package they call.
本文件夹是“客户关系管理”课程的学生版练习册：六个章节笔记本、它们分析的合成数据，以及它们调用的 `labkit` 小程序包。

## Set up once 首次安装

You need Python 3.10 or newer. In a terminal, in this folder:
需要 Python 3.10 或更新版本。在终端中进入本文件夹：

```bash
python3 -m venv .venv
.venv/bin/python -m pip install -e .      # Windows: .venv\\Scripts\\python -m pip install -e .
```

Conda: `conda env create -f environment.yml && conda activate crm-lab`.

## Two commands 两个命令

```bash
.venv/bin/jupyter lab notebooks/00_start_here.ipynb   # open the workbook 打开练习册
.venv/bin/labkit progress                             # check your progress 查看你的进度
```

Each exercise has an answer cell with `...` to replace and a check cell below it that prints
✔, or ✘ with a hint. `labkit progress` runs your notebooks in a fresh kernel (as a grader
would) and prints every exercise: ✔ / ✘ / not attempted, with your points so far.
每道练习都有一个含 `...` 的作答单元格，下面的检查单元格会显示 ✔，或 ✘ 和提示。
`labkit progress` 会像评分程序一样在全新的内核中运行你的笔记本，并列出每道练习的结果（✔ / ✘ / 尚未作答）和目前得分。

## Contents 内容

| folder | what |
|---|---|
| `notebooks/` | the chapter notebooks (student versions) 章节笔记本（学生版） |
| `datasets/` | the synthetic data and its data dictionary (`datasets/README.md`) 合成数据及数据字典 |
| `labkit/` | the package the notebooks call 笔记本调用的程序包 |

## What the self-checks can and cannot tell you 自检能告诉你什么

The checks run on your computer, offline, so everything they use is in this folder. A
determined student can read `labkit/checks/nbN.py`: each exercise's expected answer is a
labkit function call there (e.g. `get_exercise(id).expected()` computes it), and the known
mistakes (`Variant`s) are listed with their hints. That is by design — labkit is the course's
own toolbox and reading it is studying. It is also why **your grade does not depend on the
self-checks**: the instructor re-runs your submitted notebook in a fresh kernel in a separate
grading process, reads your answer variables, and scores them there; printed ✔ marks, edited
outputs or a redefined `check` change nothing. Exercises that ask you to explain in words are
graded by a person against a rubric that is not in this edition.
自检在你的电脑上离线运行，所以它用到的一切都在本文件夹中。执意的学生可以阅读 `labkit/checks/nbN.py`：
每道练习的标准答案在那里是一次 labkit 函数调用，常见错误（`Variant`）及其提示也都列出。这是有意为之——
labkit 是本课程的工具箱，读懂它本身就是学习。也正因如此，**你的成绩不取决于自检**：老师会在独立的评分进程中，
用全新的内核重新运行你提交的笔记本，读取你的答案变量并在那里评分；显示的 ✔、修改过的输出或重新定义的
`check` 都不会改变成绩。需要文字回答的题目由老师按本版本中不包含的评分要点人工评分。

## Handing in 提交

Save your notebook (File ▸ Save) and upload the `.ipynb` file as your instructor asks; keep the
file name. Your stored outputs are compared with a fresh run, so run every cell top to bottom
(Run ▸ Restart Kernel and Run All Cells) before you hand in.
保存笔记本（File ▸ Save），按老师的要求上传 `.ipynb` 文件，不要改文件名。评分时会把保存的输出与重新运行的结果比较，
所以提交前请从头到尾运行所有单元格（Run ▸ Restart Kernel and Run All Cells）。
"""


_README_ZH = """# 客户关系管理实验室 —— 学生版（中文）

本文件夹是“客户关系管理”课程的学生版练习册：六个章节笔记本、它们分析的合成数据，以及它们调用的 `labkit` 小程序包。
笔记本中的讲解、图表标签、演示和自检反馈都是中文。

## 首次安装

需要 Python 3.10 或更新版本。在终端中进入本文件夹：

```bash
python3 -m venv .venv
.venv/bin/python -m pip install -e .      # Windows：.venv\\Scripts\\python -m pip install -e .
```

使用 Conda：`conda env create -f environment.yml && conda activate crm-lab`。

## 两个命令

```bash
.venv/bin/jupyter lab notebooks/00_start_here.ipynb   # 打开练习册
.venv/bin/labkit progress                             # 查看你的进度
```

每道练习都有一个含 `...` 的作答单元格，下面的检查单元格会显示 ✔，或 ✘ 和提示。
`labkit progress` 会像评分程序一样在全新的内核中运行你的笔记本，并列出每道练习的结果（✔ / ✘ / 尚未作答）和目前得分。

## 内容

| 文件夹 | 内容 |
|---|---|
| `notebooks/` | 章节笔记本（学生版） |
| `datasets/` | 合成数据及数据字典（`datasets/README.md`） |
| `labkit/` | 笔记本调用的程序包 |

## 自检能告诉你什么

自检在你的电脑上离线运行，所以它用到的一切都在本文件夹中。执意的学生可以阅读 `labkit/checks/nbN.py`：
每道练习的标准答案在那里是一次 labkit 函数调用，常见错误（`Variant`）及其提示也都列出。这是有意为之——
labkit 是本课程的工具箱，读懂它本身就是学习。也正因如此，**你的成绩不取决于自检**：老师会在独立的评分进程中，
用全新的内核重新运行你提交的笔记本，读取你的答案变量并在那里评分；显示的 ✔、修改过的输出或重新定义的
`check` 都不会改变成绩。需要文字回答的题目由老师按本版本中不包含的评分要点人工评分。

## 提交

保存笔记本（File ▸ Save），按老师的要求上传 `.ipynb` 文件，不要改文件名。评分时会把保存的输出与重新运行的结果比较，
所以提交前请从头到尾运行所有单元格（Run ▸ Restart Kernel and Run All Cells）。
"""


def _pyproject(text: str) -> str:
    """The repository's pyproject with the datasets packed into the installed package."""
    extra = ('\n[tool.setuptools.package-data]\n'
             '# the edition packs the datasets inside labkit, so a non-editable install finds them\n'
             '"labkit.datasets" = ["data/*.csv", "data/*.json", "data/*.md"]\n')
    return text.rstrip("\n") + "\n" + extra


def build_edition(out: str | Path, *, source: str | Path | None = None, make_zip: bool = True,
                  lang: str = "both") -> Edition:
    """Write the student edition into ``out/crm-lab-student/`` (and ``out/crm-lab-student.zip``).

    ``source`` is the instructor repository (default: the one labkit runs from). An existing
    edition folder in ``out`` is replaced. A ValueError when ``out`` lies inside ``source``'s
    notebooks, or when the finished edition contains a line of a solution or instructor cell.
    ``lang`` picks the notebooks' language ("en", "zh" or "both", see
    :func:`labkit.release.select_language`); a Chinese edition has a Chinese README and is written
    to ``crm-lab-student-zh`` (an English one to ``crm-lab-student-en``).
    """
    from labkit._validate import one_of
    from labkit.release import release

    one_of("lang", lang, ("en", "zh", "both"))
    name = EDITION_NAME if lang == "both" else f"{EDITION_NAME}-{lang}"

    src = Path(source) if source else _repository()
    notebooks = sorted((src / "notebooks").glob("*.ipynb"))
    if not notebooks:
        raise ValueError(f"source must be a CRM Lab repository with notebooks/*.ipynb, got {str(src)!r}")
    for needed in ("pyproject.toml", "environment.yml", "labkit", "datasets"):
        if not (src / needed).exists():
            raise ValueError(f"source {str(src)!r} has no {needed}")
    out = Path(out)
    folder = out / name
    if (src / "notebooks").resolve() in (folder.resolve(), *folder.resolve().parents):
        raise ValueError(f"out must not be inside the instructor notebooks folder, got {str(out)!r}")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    release(notebooks, folder / "notebooks", lang=lang)
    data = folder / "datasets"
    shutil.copytree(src / "datasets", data, ignore=shutil.ignore_patterns(".*"))
    # this module names the solution lines it allows (SHIPPED_ON_PURPOSE), so it stays with the instructor
    shutil.copytree(src / "labkit", folder / "labkit",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "edition.py"))
    shutil.copytree(data, folder / "labkit" / "datasets" / "data")
    (folder / "pyproject.toml").write_text(_pyproject((src / "pyproject.toml").read_text(encoding="utf-8")),
                                           encoding="utf-8")
    shutil.copy2(src / "environment.yml", folder / "environment.yml")
    (folder / "README.md").write_text(_README_ZH if lang == "zh" else _README, encoding="utf-8")
    zip_path = None
    if make_zip:
        zip_path = out / f"{name}.zip"
        _write_zip(folder, zip_path)
    lines = instructor_texts(notebooks)
    shown = shown_lines(notebooks, lines)
    lines = [line for line in lines if line not in {x for _, x in shown}]
    texts = edition_texts(folder)
    if zip_path:
        texts.update({f"{zip_path.name}!{k}": v for k, v in edition_texts_zip(zip_path).items()})
    found = leaks(texts, lines)
    if found:
        shutil.rmtree(folder)
        if zip_path:
            zip_path.unlink()
        where = "; ".join(f"{f}: {line!r}" for f, line in found[:5])
        raise ValueError(f"the edition would reveal {len(found)} solution line(s): {where}")
    files = sum(1 for f in folder.rglob("*") if f.is_file())
    return Edition(folder, zip_path, tuple(p.name for p in notebooks), files, len(lines), tuple(shown))


def edition_texts_zip(zip_path: str | Path) -> dict[str, str]:
    """The searchable texts of a zipped edition (as :func:`edition_texts`)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(zip_path) as z:
            z.extractall(tmp)
        return edition_texts(tmp)


def _write_zip(folder: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                info = zipfile.ZipInfo(f"{folder.name}/{f.relative_to(folder).as_posix()}", _ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, f.read_bytes())
