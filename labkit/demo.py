"""Instructor demo view: a chapter's live demos on one page, without code on screen.

``labkit demo 3`` writes a small presentation notebook for chapter 3 and opens it in
JupyterLab (from this environment, offline): a heading per demo, every code cell hidden
(``jupyter.source_hidden``), large fonts, and a language switch at the top that re-draws every
demo in English or Chinese. The instructor chooses *Run ▸ Run All Cells* once and presents.
The instructor's own JupyterLab settings are not touched: the view runs with its own
settings folder.

Examples
--------
>>> nb = presentation_notebook(0)
>>> [c.cell_type for c in nb.cells]
['markdown', 'code', 'markdown', 'code']
>>> nb.cells[3].source.splitlines()[-1]
"show('language_demo')"
>>> nb.cells[3].metadata["jupyter"]["source_hidden"]
True
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from labkit._validate import one_of
from labkit.labels import LANGUAGES
from labkit.errors import bilingual

__all__ = ["presentation_notebook", "write_presentation", "show", "language_switch", "write_lab_settings",
           "lab_command", "launch", "VIEW_SETTINGS"]

# JupyterLab user settings of the demo view: large type (widgets follow the UI font size),
# no news or update checks (works offline), every cell in the page.
VIEW_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension/themes": {"overrides": {
        "ui-font-size1": "20px", "content-font-size1": "22px", "code-font-size": "18px"}},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}

_shown: list = []  # demos on the page, re-drawn when the language changes


def _chapter_title(chapter: int, lang: str = "both") -> str:
    en = f"Chapter {chapter} live demos" if chapter else "Start here"
    zh = f"第{chapter}章 实时演示" if chapter else "从这里开始"
    return {"en": en, "zh": zh}.get(lang, f"{en} · {zh}")


def _heading(fn, limit: int = 80) -> str:
    """A demo's heading: its docstring's first paragraph, cut at a colon or semicolon when long."""
    text = " ".join((fn.__doc__ or fn.__name__).strip().split("\n\n")[0].split()).rstrip(".")
    for sep in (": ", "; "):
        if len(text) > limit and sep in text:
            text = text.split(sep)[0]
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def presentation_notebook(chapter: int, lang: str = "en"):
    """The demo-view notebook of one chapter: a language switch, then one heading + demo per cell.

    Parameters
    ----------
    chapter : int
        Chapter number (0 = start here).
    lang : {"en", "zh"}
        Language the page starts in. The page's headings are written in both languages (cells
        marked ``labkit.lang`` as in the chapter notebooks) and filtered by
        :func:`labkit.release.select_language`, the same filter ``labkit release --lang`` uses.

    Raises
    ------
    ValueError
        For an unknown chapter or a chapter without demos yet.
    """
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from labkit.kernelspec import KERNELSPEC
    from labkit.release import select_language
    from labkit.widgets import demos_for
    from labkit.widgets._registry import DEMO_TITLES_ZH

    lang = one_of("lang", lang, LANGUAGES)
    demos = demos_for(chapter)
    if not demos:
        raise ValueError(bilingual(f"chapter {chapter} has no live demos yet"))

    def hidden(source: str):
        return new_code_cell(source, metadata={"jupyter": {"source_hidden": True}, "tags": ["labkit-demo-view"]})

    # A hidden cell still shows its first line, so that line is a caption, not code.
    def pair(en: str, zh: str):
        return [new_markdown_cell(en, metadata={"labkit": {"lang": "en"}}),
                new_markdown_cell(zh, metadata={"labkit": {"lang": "zh"}})]

    cells = pair(f"# {_chapter_title(chapter, 'en')}", f"# {_chapter_title(chapter, 'zh')}") + [
        hidden(f"# Language · 语言\nfrom labkit.demo import language_switch, show\nlanguage_switch({lang!r})")]
    for i, fn in enumerate(demos, start=1):
        zh = DEMO_TITLES_ZH.get(fn.__name__, _heading(fn))
        cells += pair(f"## {i}. {_heading(fn)}", f"## {i}. {zh}") + [
            hidden(f"# Live demo {i} · 演示 {i}\nshow({fn.__name__!r})")]
    nb = new_notebook(cells=cells, metadata={"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}})
    nb = select_language(nb, lang)
    nbformat.validate(nb)
    return nb


def write_presentation(chapter: int, folder: str | Path, lang: str = "en") -> Path:
    """Write the chapter's demo-view notebook into ``folder`` and return its path."""
    import nbformat

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"chapter{int(chapter)}_demos.ipynb"
    nbformat.write(presentation_notebook(chapter, lang), path)
    return path


def show(name: str):
    """Build the demo ``name`` (e.g. ``"clv_demo"``) and keep it for the language switch."""
    from labkit import widgets

    demo = getattr(widgets, name)()
    for control in demo.controls.values():  # large type would cut bilingual labels short
        if hasattr(getattr(control, "style", None), "description_width"):
            control.style.description_width = "initial"
            if "Slider" in type(control).__name__:  # keep room for the track beside a full label
                control.layout.min_width = "30em"
    _shown.append(demo)
    return demo


def language_switch(lang: str = "en"):
    """A toggle English / 中文 that sets the label language and re-draws every shown demo.

    Examples
    --------
    >>> from labkit.labels import get_language, set_language
    >>> switch = language_switch("en")
    >>> "中文" in switch.set(lang="zh").html, get_language()
    (True, 'zh')
    >>> set_language("en")
    """
    import ipywidgets as w

    from labkit.labels import set_language
    from labkit.widgets import Demo

    def render(lang: str) -> str:
        set_language(lang)
        for demo in _shown:
            demo.update()
        return ("<span>Labels: English · 标签：英文</span>" if lang == "en"
                else "<span>标签：中文 · Labels: Chinese (English where no Chinese font is installed)</span>")

    toggle = w.ToggleButtons(options=[("English", "en"), ("中文", "zh")], value=one_of("lang", lang, LANGUAGES),
                             description="Language 语言")
    return Demo("language_switch", {"lang": toggle}, render)


def write_lab_settings(folder: str | Path, settings: dict[str, dict[str, Any]]) -> Path:
    """Write JupyterLab user settings (``"package/plugin"`` → values) under ``folder``; return it.

    Point ``jupyter lab --LabApp.user_settings_dir`` at the folder to use them.
    """
    folder = Path(folder)
    for plugin, values in settings.items():
        package, name = plugin.rsplit("/", 1)
        target = folder / package / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    return folder


def lab_command(notebook: str | Path, settings_dir: str | Path, *, port: int | None = None,
                open_browser: bool = True) -> list[str]:
    """The ``jupyter lab`` command line that serves ``notebook``'s folder with the view settings."""
    notebook = Path(notebook)
    cmd = [sys.executable, "-m", "jupyterlab", notebook.name, f"--ServerApp.root_dir={notebook.parent}",
           f"--LabApp.user_settings_dir={settings_dir}", f"--LabApp.workspaces_dir={Path(settings_dir) / 'workspaces'}"]
    if port is not None:
        cmd.append(f"--port={int(port)}")
    if not open_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI run as root
        cmd.append("--allow-root")
    return cmd


def launch(chapter: int, *, folder: str | Path | None = None, lang: str = "en", port: int | None = None,
           open_browser: bool = True) -> int:
    """Write the chapter's demo view and run JupyterLab on it until interrupted (Ctrl+C)."""
    presentation_notebook(chapter, lang)  # refuse a bad chapter before creating anything
    folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="crmlab-demo-"))
    path = write_presentation(chapter, folder, lang)
    settings = write_lab_settings(folder / ".lab-settings", VIEW_SETTINGS)
    print(f"Demo view: {path.name}. In JupyterLab choose Run > Run All Cells, then present. Ctrl+C stops.")
    try:
        return subprocess.call(lab_command(path, settings, port=port, open_browser=open_browser), cwd=folder)
    except KeyboardInterrupt:
        return 0
