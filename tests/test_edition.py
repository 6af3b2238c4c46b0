"""The student edition holds nothing that reveals a solution, installs from its zip and runs; progress reports it.

The full check — a fresh virtual environment installed from the zip, every notebook run top to
bottom with that environment's kernel — takes a couple of minutes of pip work, so it runs only
with LABKIT_EDITION_VENV=1 (``make test-edition``); everything else here runs in ``make test``.
"""
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from labkit.cli import main
from labkit.edition import EDITION_NAME, build_edition, edition_texts, instructor_texts, leaks, shown_lines
from labkit.progress import find_notebooks, format_progress, notebook_progress
from labkit.release import BEGIN, student_version

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    return build_edition(tmp_path_factory.mktemp("edition"))


def test_edition_has_the_student_files_and_nothing_of_the_instructor(edition):
    folder = edition.folder
    assert folder.name == EDITION_NAME and edition.zip_path.name == f"{EDITION_NAME}.zip"
    assert sorted(p.name for p in (folder / "notebooks").iterdir()) == [p.name for p in NOTEBOOKS]
    for name in ("README.md", "pyproject.toml", "environment.yml", "datasets/README.md",
                 "datasets/customers.csv", "labkit/__init__.py", "labkit/checks/nb3.py",
                 "labkit/datasets/data/customers.csv"):
        assert (folder / name).is_file(), name
    top = sorted(p.name for p in folder.iterdir())
    assert top == ["README.md", "datasets", "environment.yml", "labkit", "notebooks", "pyproject.toml"]
    assert not (folder / "labkit" / "edition.py").exists()
    assert not list(folder.rglob("__pycache__")) and not list(folder.rglob("test*"))
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "labkit progress" in readme and "jupyter lab" in readme and "成绩不取决于自检" in readme
    assert "package-data" in (folder / "pyproject.toml").read_text(encoding="utf-8")


def test_student_notebooks_have_no_solutions_outputs_widget_state_or_instructor_cells(edition):
    for path in sorted((edition.folder / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert "widgets" not in nb.metadata, path.name
        for cell in nb.cells:
            assert "instructor" not in cell.metadata.get("tags", []), path.name
            # a marker quoted in prose (the start-here notebook explains the convention) is fine
            assert not any(line.strip() == BEGIN for line in cell.source.splitlines())
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


def test_no_line_of_any_solution_appears_anywhere_in_the_folder_or_the_zip(edition):
    lines = instructor_texts(NOTEBOOKS)
    assert len(lines) > 90  # every chapter's solution blocks and model answers, not an empty search
    shown = shown_lines(NOTEBOOKS, lines)  # skeletons the statements give on purpose, listed by the build
    assert edition.shown == tuple(shown) and len(shown) <= 3
    lines = [line for line in lines if line not in {x for _, x in shown}]
    texts = edition_texts(edition.folder)
    with zipfile.ZipFile(edition.zip_path) as z:
        names = z.namelist()
        assert all(n.startswith(EDITION_NAME + "/") for n in names)
        assert len([n for n in names if not n.endswith("/")]) == edition.files
        for n in names:
            if n.endswith(".ipynb") or n.endswith((".py", ".md", ".toml", ".yml", ".csv", ".json")):
                texts["zip!" + n] = "\n".join(edition_texts_of(z.read(n), n))
    assert leaks(texts, lines) == []
    # the search itself finds a line when it is there
    probe = next(line for line in lines if line.startswith("answer_"))
    assert leaks({"x.md": "text\n   " + probe + "  \n"}, [probe]) == [("x.md", probe)]


def edition_texts_of(data: bytes, name: str):
    if name.endswith(".ipynb"):
        nb = json.loads(data.decode("utf-8"))
        for cell in nb["cells"]:
            yield "".join(cell["source"])
            yield json.dumps(cell.get("outputs", []), ensure_ascii=False)
    else:
        yield data.decode("utf-8", errors="replace")


def test_zip_is_byte_identical_when_rebuilt(edition, tmp_path):
    again = build_edition(tmp_path)
    assert again.zip_path.read_bytes() == edition.zip_path.read_bytes()


def _fake_source(tmp_path):
    src = tmp_path / "src"
    (src / "notebooks").mkdir(parents=True)
    for name in ("pyproject.toml", "environment.yml"):
        shutil.copy2(REPO / name, src / name)
    shutil.copytree(REPO / "labkit", src / "labkit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "datasets", src / "datasets")
    return src


def test_model_answers_in_instructor_cells_never_reach_the_edition(tmp_path):
    src = _fake_source(tmp_path)
    nb = nbformat.read(DATA / "instructor.ipynb", as_version=4)
    secret = "**Model answer 参考答案** Retention beats acquisition because the planted sentence says so."
    nb.cells.insert(3, nbformat.v4.new_markdown_cell(
        secret + "\n\n**Rubric 评分要点** (1) names retention (2) gives the reason",
        metadata={"tags": ["instructor"], "labkit": {"model_answer": "nb0.why"}}))
    nbformat.write(nb, src / "notebooks" / "00_fixture.ipynb")
    ed = build_edition(tmp_path / "out", source=src)
    text = "\n".join(edition_texts(ed.folder).values())
    assert "planted sentence" not in text and "(1) names retention" not in text
    assert "answer_count = len(customers)" not in text


def test_a_solution_line_shown_in_a_statement_is_listed_not_refused(tmp_path):
    src = _fake_source(tmp_path)
    nb = nbformat.read(DATA / "instructor.ipynb", as_version=4)
    # the author gives the first line as a skeleton in the statement, on purpose
    nb.cells[2].source += "\n\nStart from: `answer_count = len(customers)`"
    nbformat.write(nb, src / "notebooks" / "00_fixture.ipynb")
    ed = build_edition(tmp_path / "out", source=src)
    assert ed.shown == (("00_fixture.ipynb", "answer_count = len(customers)"),)


def test_a_solution_line_reaching_any_other_file_stops_the_build(tmp_path):
    src = _fake_source(tmp_path)
    shutil.copy2(DATA / "instructor.ipynb", src / "notebooks" / "00_fixture.ipynb")
    with open(src / "datasets" / "README.md", "a", encoding="utf-8") as f:
        f.write("\nanswer_mean = round(float(transactions[\"amount\"].mean()), 2)\n")
    with pytest.raises(ValueError, match=r"reveal 4 solution line.*datasets/README.md: .answer_mean = round"):
        build_edition(tmp_path / "out", source=src)
    assert not (tmp_path / "out" / EDITION_NAME).exists()


def test_edition_refuses_to_write_into_the_notebooks(tmp_path):
    src = _fake_source(tmp_path)
    shutil.copy2(DATA / "instructor.ipynb", src / "notebooks" / "00_fixture.ipynb")
    with pytest.raises(ValueError, match="out must not be inside"):
        build_edition(src / "notebooks", source=src)
    with pytest.raises(ValueError, match="notebooks/\\*.ipynb"):
        build_edition(tmp_path / "o", source=tmp_path / "nowhere")


def test_progress_runs_a_fresh_kernel_and_counts_points(tmp_path, capsys):
    student = student_version(nbformat.read(DATA / "instructor.ipynb", as_version=4))
    student.cells[3].source = "answer_count = len(customers)"          # right
    student.cells[6].source = "# use value_counts\nanswer_channel = 'nowhere'"  # wrong
    student.cells.insert(9, nbformat.v4.new_code_cell("raise RuntimeError('a broken cell')"))
    path = tmp_path / "mine.ipynb"
    nbformat.write(student, path)
    before = path.read_bytes()
    rows = notebook_progress(path)
    assert [(r.exercise, r.status, r.earned, r.points) for r in rows] == [
        ("nb0.customers_count", "correct", 1.0, 1.0), ("nb0.top_channel", "incorrect", 0.0, 1.0),
        ("nb0.mean_amount", "not_attempted", 0.0, 1.0)]
    assert path.read_bytes() == before  # the student's file is not touched
    assert main(["progress", str(path)]) == 0
    out = capsys.readouterr().out
    assert "✔ nb0.customers_count" in out and "✘ nb0.top_channel" in out and "not attempted 尚未作答" in out
    assert "Total 总计: 1 / 3 points" in out
    assert format_progress(rows) in out


def test_progress_names_a_bad_path(capsys):
    with pytest.raises(ValueError, match="notebooks must be .ipynb files or folders, got 'no-such.ipynb'"):
        find_notebooks(["no-such.ipynb"])
    assert main(["progress", "no-such.ipynb"]) == 2
    assert "no-such.ipynb" in capsys.readouterr().err


@pytest.mark.skipif(not os.environ.get("LABKIT_EDITION_VENV"),
                    reason="fresh-venv install of the student edition: run `make test-edition` (LABKIT_EDITION_VENV=1)")
def test_fresh_venv_installs_the_zip_and_runs_every_notebook(edition, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(edition.zip_path)], check=True, timeout=900)
    unpacked = tmp_path / "student"
    with zipfile.ZipFile(edition.zip_path) as z:
        z.extractall(unpacked)
    notebooks = unpacked / EDITION_NAME / "notebooks"
    # the installed labkit (not the unpacked sources) must be what the kernels import
    script = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "import labkit, labkit.datasets as d\n"
        "assert 'site-packages' in labkit.__file__, labkit.__file__\n"
        "print('data', d.data_dir())\n"
        "for p in sys.argv[1:]:\n"
        "    nb = nbformat.read(p, as_version=4)\n"
        "    NotebookClient(nb, timeout=600, kernel_name='python3',\n"
        "                   resources={'metadata': {'path': str(__import__('pathlib').Path(p).parent)}}).execute()\n"
        "    outs = [o.get('text', '') for c in nb.cells for o in c.get('outputs', [])]\n"
        "    assert not any(o.get('output_type') == 'error' for c in nb.cells for o in c.get('outputs', []))\n"
        "    print(p.rsplit('/', 1)[-1], sum('not attempted' in t for t in outs), 'not attempted')\n")
    run = subprocess.run([str(py), "-c", script, *map(str, sorted(notebooks.glob("*.ipynb")))],
                         cwd=tmp_path, capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "labkit/datasets/data" in run.stdout
    progress = subprocess.run([str(venv / "bin" / "labkit"), "progress"], cwd=unpacked / EDITION_NAME,
                              capture_output=True, text=True, timeout=1800)
    assert progress.returncode == 0, progress.stderr[-3000:]
    assert "Total 总计: 0 / " in progress.stdout and "✘" not in progress.stdout


def test_chinese_edition_has_chinese_notebooks_and_readme(tmp_path):
    ed = build_edition(tmp_path, make_zip=False, lang="zh")
    assert ed.folder.name == f"{EDITION_NAME}-zh"
    readme = (ed.folder / "README.md").read_text(encoding="utf-8")
    assert "学生版" in readme and "Set up once" not in readme
    nb = nbformat.read(ed.folder / "notebooks" / "03_satisfaction_and_loyalty.ipynb", as_version=4)
    langs = {c.metadata.get("labkit", {}).get("lang") for c in nb.cells}
    assert langs == {None}, "a language edition keeps one language and drops the lang marks"
    assert any('set_language("zh")' in c.source for c in nb.cells if c.cell_type == "code")
    with pytest.raises(ValueError, match="lang must be one of"):
        build_edition(tmp_path / "x", make_zip=False, lang="fr")
