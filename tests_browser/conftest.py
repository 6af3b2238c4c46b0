"""Fixtures for the browser tests: one JupyterLab server and one headless Chromium per run.

Run with ``make test-browser`` (or ``python -m pytest tests_browser``). Without a Chromium
or without Playwright the whole folder is skipped with a clear reason.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from lab import JupyterLab, find_chromium  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "screenshots"
ARTIFACTS = REPO / ".browser-artifacts"
GOAL_MS = 250
RESULTS: list[dict] = []  # one row per demo, printed as a table at the end


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip("skipped: no Chromium (install Debian's chromium package or set CHROMIUM)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="skipped: Playwright not installed (pip install -e '.[browser]')")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, headless=True,
                                     args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def lab(browser):
    with JupyterLab(REPO) as server:
        yield server


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    tr = terminalreporter
    tr.section("live demos in JupyterLab (Chromium)")
    head = ("notebook", "demo", "rendered", "interaction", "median ms", f"< {GOAL_MS} ms", "samples ms")
    rows = [head] + [(r["notebook"], r["demo"], r["rendered"], r["interaction"],
                      f"{r['median_ms']:.0f}" if r["median_ms"] is not None else "-",
                      "-" if r["median_ms"] is None else "yes" if r["median_ms"] < GOAL_MS else "NO",
                      " ".join(f"{s:.0f}" for s in r["samples_ms"])) for r in RESULTS]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(head))]
    for row in rows:
        tr.write_line("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    tr.write_line(f"screenshots: {SCREENSHOTS.relative_to(REPO)}/; latency goal: median < {GOAL_MS} ms per demo, "
                  "from the control's input event to the output's last change")
