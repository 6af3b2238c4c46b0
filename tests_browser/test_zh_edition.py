"""The Chinese edition in a real JupyterLab: one zh student edition and the zh demo view.

``labkit release --lang zh`` writes the edition of chapter 5 into a folder of its own; the test
opens it in JupyterLab, runs all cells, asserts the headings a student sees are Chinese and that
no cell failed, and saves two screenshots under ``screenshots/``: the top of the chapter page
(``zh_edition__05_page.png``) and its first live demo (``zh_edition__05_demo.png``). The zh demo
view of the same chapter (``labkit demo 5 --lang zh``) is screenshotted as
``zh_edition__demo_view_5.png``. Skipped like the rest of tests_browser without Chromium/Playwright.
"""
from __future__ import annotations

import re

import pytest

from conftest import ARTIFACTS, REPO, SCREENSHOTS
from test_demos_in_lab import JS_CELL_PROBLEMS, JS_NOTEBOOK_READY, JS_RUN_ALL, JS_WIDGETS_SETTLED, RUN_TIMEOUT_MS

CJK = re.compile(r"[\u4e00-\u9fff]")
CHAPTER = REPO / "notebooks" / "05_crm_implementation.ipynb"


def _open_and_run(browser, lab, rel: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{lab.url}/lab/tree/{rel}?token={lab.token}&reset")
    page.wait_for_function(JS_NOTEBOOK_READY, arg=rel, timeout=90_000, polling=250)
    page.evaluate(JS_RUN_ALL)
    page.wait_for_function("() => window.__lkRun && window.__lkRun.done", timeout=RUN_TIMEOUT_MS, polling=250)
    run = page.evaluate("() => window.__lkRun")
    assert run.get("ok"), f"{rel}: run all cells failed {run.get('error', '')}"
    page.wait_for_function(JS_WIDGETS_SETTLED, timeout=60_000, polling=250)
    problems = page.evaluate(JS_CELL_PROBLEMS)
    assert not problems, problems
    return context, page


@pytest.fixture(scope="module")
def zh_lab(browser):
    from labkit.demo import VIEW_SETTINGS, write_presentation
    from labkit.release import release

    from lab import JupyterLab

    folder = ARTIFACTS / "zh_edition"
    folder.mkdir(parents=True, exist_ok=True)
    release([CHAPTER], folder / "student", lang="zh")
    write_presentation(5, folder / "demo", lang="zh")
    with JupyterLab(folder, settings=VIEW_SETTINGS) as server:
        yield server


def test_zh_chapter_page_and_demo(browser, zh_lab):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = _open_and_run(browser, zh_lab, f"student/{CHAPTER.name}")
    try:
        headings = page.locator(".jp-MarkdownOutput h1, .jp-MarkdownOutput h2").all_inner_texts()
        assert headings and headings[0].startswith("第 5 章"), headings[:3]
        assert all(CJK.search(h) for h in headings), [h for h in headings if not CJK.search(h)]
        page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex = 0")
        page.locator(".jp-Cell").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "zh_edition__05_page.png"))
        demo = page.locator(".labkit-demo").first
        demo.scroll_into_view_if_needed()
        assert CJK.search(demo.inner_text()), "the first demo of the zh edition shows no Chinese label"
        demo.screenshot(path=str(SCREENSHOTS / "zh_edition__05_demo.png"))
    finally:
        context.close()


def test_zh_demo_view(browser, zh_lab):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = _open_and_run(browser, zh_lab, "demo/chapter5_demos.ipynb")
    try:
        headings = page.locator(".jp-MarkdownOutput h1, .jp-MarkdownOutput h2").all_inner_texts()
        assert headings[0].startswith("第5章 实时演示") and all(CJK.search(h) for h in headings), headings
        assert page.locator(".labkit-demo").count() == 6  # the language switch and five demos
        page.screenshot(path=str(SCREENSHOTS / "zh_edition__demo_view_5.png"))
    finally:
        context.close()
