"""The course's plot style: palette, CJK font discovery, the plot language and bilingual axis text."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

from labkit.labels import Term, get_language, label

__all__ = ['CJK_FONTS', 'cjk_font', 'use_style', 'plot_language', 'text']


# Fonts able to draw Chinese, most preferred first (Linux, Windows, macOS names).
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Noto Sans CJK JP", "Source Han Sans SC",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "Heiti SC", "SimHei", "Droid Sans Fallback", "AR PL UMing CN",
)


PALETTE = ("#2f6f9f", "#e08a2c", "#4c9a5b", "#c44e52", "#8172b2", "#937860", "#da8bc3", "#8c8c8c")


_state = {"styled": False}


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of an installed CJK-capable font matplotlib can use, or None.

    Examples
    --------
    >>> cjk_font() is None or isinstance(cjk_font(), str)
    True
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    for attempt in range(2):
        installed = {f.name for f in manager.ttflist}
        for name in CJK_FONTS:
            if name in installed:
                return name
        if attempt == 0:
            # matplotlib caches its font list on first use; a font installed after that (e.g.
            # fonts-noto-cjk) is missing from the cache until it is rebuilt, so add new files now.
            known = {f.fname for f in manager.ttflist}
            for path in font_manager.findSystemFonts():
                if path not in known:
                    try:
                        manager.addfont(path)
                    except (OSError, RuntimeError, ValueError):
                        continue
    return None


def plot_language(lang: str | None = None) -> str:
    """The language plots use: "zh" only when asked for and a CJK font exists, else "en"."""
    lang = lang or get_language()
    return "zh" if lang == "zh" and cjk_font() else "en"


def text(key: str | Term, lang: str | None = None) -> str:
    """A label for a plot, in :func:`plot_language` (English when no CJK font is present).

    Examples
    --------
    >>> text("churn_rate", "en")
    'Churn rate'
    """
    return label(key, plot_language(lang))


def use_style(force: bool = False) -> None:
    """Apply CRM Lab's matplotlib style (once; ``force=True`` re-applies it)."""
    if _state["styled"] and not force:
        return
    import matplotlib as mpl

    font = cjk_font()
    sans = ([font] if font else []) + ["DejaVu Sans"]
    mpl.rcParams.update({
        "figure.figsize": (7.0, 4.0),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "savefig.bbox": "tight",
        "font.family": "sans-serif",
        "font.sans-serif": sans,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.titleweight": "bold",
        "axes.titlesize": 12,
        "axes.labelsize": 10,
        "legend.frameon": False,
        "axes.prop_cycle": mpl.cycler(color=PALETTE),
        "svg.hashsalt": "crm-lab",
    })
    _state["styled"] = True


def _axes(ax=None, figsize=None):
    import matplotlib.pyplot as plt

    use_style()
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def _names(items: Sequence[Any], lang: str | None) -> list[str]:
    return [text(i, lang) if isinstance(i, Term) else str(i) for i in items]
