"""The instructor demo view (labkit.demo) and the ``labkit demo`` command, without a browser.

tests_browser/ opens the same view in JupyterLab + Chromium (``make test-browser``).
"""
import json

import ipywidgets as w
import nbformat
import pytest
from nbclient import NotebookClient

from labkit import demo as view
from labkit import widgets
from labkit.cli import KERNELSPEC, main
from labkit.labels import get_language, label, set_language


@pytest.fixture(autouse=True)
def english_and_no_shown_demos(monkeypatch):
    monkeypatch.setattr(view, "_shown", [])
    yield
    set_language("en")


def _chapters_with_demos():
    return [ch for ch in widgets.DEMOS if widgets.demos_for(ch)]


@pytest.mark.parametrize("chapter", _chapters_with_demos())
def test_every_demo_of_the_chapter_gets_a_heading_and_a_hidden_cell(chapter):
    nb = view.presentation_notebook(chapter)
    code = [c for c in nb.cells if c.cell_type == "code"]
    headings = [c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    names = [f.__name__ for f in widgets.demos_for(chapter)]
    assert [c.source.splitlines()[-1] for c in code[1:]] == [f"show({n!r})" for n in names]
    assert len(headings) == len(names)
    assert all("\n" not in h and not h.endswith(".") and len(h) < 100 for h in headings)
    assert all(c.metadata["jupyter"]["source_hidden"] for c in code)
    assert all(c.source.splitlines()[0].startswith("#") for c in code), "the visible first line must be a caption"
    assert nb.metadata["kernelspec"] == KERNELSPEC


def test_bad_chapter_and_language_are_refused(monkeypatch):
    with pytest.raises(ValueError, match="chapter must be one of"):
        view.presentation_notebook(42)
    with pytest.raises(ValueError, match="lang must be one of"):
        view.presentation_notebook(0, lang="fr")
    monkeypatch.setattr(widgets, "demos_for", lambda chapter: [])
    with pytest.raises(ValueError, match="chapter 0 has no live demos yet"):
        view.presentation_notebook(0)


def test_language_switch_redraws_every_shown_demo():
    shown = widgets.Demo("churn_label", {"n": w.IntSlider(value=1)}, lambda n: label("churn_rate"))
    view._shown.append(shown)
    switch = view.language_switch("en")
    assert shown.html == "Churn rate"
    switch.set(lang="zh")
    assert get_language() == "zh" and shown.html == "流失率"
    assert "中文" in switch.html
    switch.set(lang="en")
    assert shown.html == "Churn rate" and switch.error is None


def test_show_builds_the_named_demo_and_keeps_it():
    d = view.show("language_demo")
    assert isinstance(d, widgets.Demo) and view._shown == [d]
    assert d.controls["table"].style.description_width == "initial"  # full bilingual label in large type
    with pytest.raises(AttributeError):
        view.show("no_such_demo")


def test_written_view_runs_in_a_kernel_and_shows_widgets(tmp_path):
    path = view.write_presentation(0, tmp_path, lang="zh")
    assert path.name == "chapter0_demos.ipynb"
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert [o.output_type for o in outputs] == ["display_data", "display_data"]
    assert all("application/vnd.jupyter.widget-view+json" in o.data for o in outputs)


def test_lab_settings_and_command(tmp_path):
    folder = view.write_lab_settings(tmp_path / "s", view.VIEW_SETTINGS)
    themes = json.loads((folder / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings").read_text())
    assert themes["overrides"]["ui-font-size1"] == "20px"
    cmd = view.lab_command(tmp_path / "chapter0_demos.ipynb", folder, port=8899, open_browser=False)
    assert "chapter0_demos.ipynb" in cmd and "--no-browser" in cmd and "--port=8899" in cmd
    assert f"--ServerApp.root_dir={tmp_path}" in cmd and f"--LabApp.user_settings_dir={folder}" in cmd


def test_cli_demo_writes_or_launches(tmp_path, monkeypatch, capsys):
    assert main(["demo", "0", "--write-only", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "chapter0_demos.ipynb").is_file()
    calls = []
    monkeypatch.setattr(view.subprocess, "call", lambda cmd, cwd: calls.append((cmd, cwd)) or 0)
    assert main(["demo", "0", "--out", str(tmp_path / "v"), "--no-browser", "--lang", "zh"]) == 0
    (cmd, cwd), = calls
    assert cwd == tmp_path / "v" and "--no-browser" in cmd
    assert (tmp_path / "v" / ".lab-settings" / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings").is_file()
    assert main(["demo", "42", "--write-only", "--out", str(tmp_path)]) == 2
    assert "chapter must be one of" in capsys.readouterr().err
