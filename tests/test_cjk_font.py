"""cjk_font() finds a CJK font installed after matplotlib built its font cache (fonts-noto-cjk)."""
from types import SimpleNamespace

import pytest
from matplotlib import font_manager

from labkit import plotting


class _StaleManager:
    """A font manager whose cached list predates the CJK font's installation."""

    def __init__(self, names_by_path):
        self.ttflist = [SimpleNamespace(name="DejaVu Sans", fname="/fonts/DejaVuSans.ttf")]
        self._names = names_by_path

    def addfont(self, path):
        if path not in self._names:
            raise RuntimeError(f"cannot read {path}")
        self.ttflist.append(SimpleNamespace(name=self._names[path], fname=path))


@pytest.fixture
def fresh_cache():
    plotting.cjk_font.cache_clear()
    yield
    plotting.cjk_font.cache_clear()


def test_font_installed_after_cache_is_found(monkeypatch, fresh_cache):
    stale = _StaleManager({"/fonts/NotoSansCJK-Regular.ttc": "Noto Sans CJK SC"})
    monkeypatch.setattr(font_manager, "fontManager", stale)
    monkeypatch.setattr(font_manager, "findSystemFonts",
                        lambda: ["/fonts/DejaVuSans.ttf", "/fonts/broken.ttf", "/fonts/NotoSansCJK-Regular.ttc"])
    assert plotting.cjk_font() == "Noto Sans CJK SC"
    assert plotting.plot_language("zh") == "zh"


def test_no_cjk_font_means_english_plots(monkeypatch, fresh_cache):
    monkeypatch.setattr(font_manager, "fontManager", _StaleManager({}))
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: ["/fonts/DejaVuSans.ttf"])
    assert plotting.cjk_font() is None
    assert plotting.plot_language("zh") == "en"
