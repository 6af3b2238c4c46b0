"""Generic charts used across chapters: Pareto, radar, waterfall and tornado."""
from __future__ import annotations

from typing import Any, Sequence

from labkit.labels import Term
from labkit.plotting._style import PALETTE, _axes, _names, text, use_style
from labkit.errors import bilingual

__all__ = ['pareto_chart', 'radar_chart', 'waterfall_chart', 'tornado_chart']


def pareto_chart(counts, *, cut: float = 0.8, title: str | Term | None = None, lang: str | None = None, ax=None):
    """Bars of ``counts`` (sorted, largest first) with the cumulative-share line and the ``cut`` line.

    ``counts`` is a pandas Series (index = categories; Terms are shown in the plot language).

    Examples
    --------
    >>> import pandas as pd
    >>> ax = pareto_chart(pd.Series({"a": 5, "b": 3, "c": 2}))
    >>> len(ax.figure.axes)
    2
    """
    import pandas as pd

    s = pd.Series(counts).sort_values(ascending=False, kind="stable")
    if len(s) == 0 or (s < 0).any():
        raise ValueError(bilingual("counts must be a non-empty Series of non-negative numbers"))
    cum = s.cumsum() / s.sum()
    fig, ax = _axes(ax)
    names = _names(list(s.index), lang)
    ax.bar(names, s.values, color=PALETTE[0])
    ax.set_ylabel(text("count", lang))
    ax2 = ax.twinx()
    ax2.plot(names, cum.values, color=PALETTE[1], marker="o")
    ax2.axhline(cut, color=PALETTE[3], linestyle="--", linewidth=1)
    ax2.set_ylim(0, 1.05)
    ax2.set_ylabel(text("cumulative_share", lang))
    ax2.grid(False)
    ax2.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.tick_params(axis="x", rotation=30)
    if title is not None:
        ax.set_title(text(title, lang) if isinstance(title, Term) else title)
    return ax


def radar_chart(series: dict[str, Sequence[float]], axes_labels: Sequence[Any], *, vmax: float | None = None,
                title: str | None = None, lang: str | None = None, ax=None):
    """A radar (spider) chart: one polygon per entry of ``series`` over ``axes_labels``.

    Examples
    --------
    >>> ax = radar_chart({"2024": [3, 4, 5]}, ["a", "b", "c"], vmax=5)
    >>> ax.name
    'polar'
    """
    import matplotlib.pyplot as plt
    import numpy as np

    use_style()
    n = len(axes_labels)
    if n < 3:
        raise ValueError(bilingual(f"axes_labels needs at least 3 axes for a radar chart, got {n}"))
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False).tolist()
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 5.5), subplot_kw={"polar": True})
    for name, values in series.items():
        values = list(map(float, values))
        if len(values) != n:
            raise ValueError(bilingual(f"series {name!r} has {len(values)} values; expected {n} (one per axis)"))
        ax.plot(angles + angles[:1], values + values[:1], marker="o", label=str(name))
        ax.fill(angles + angles[:1], values + values[:1], alpha=0.15)
    ax.set_xticks(angles)
    ax.set_xticklabels(_names(axes_labels, lang))
    if vmax is not None:
        ax.set_ylim(0, vmax)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right", bbox_to_anchor=(1.25, 1.1))
    return ax


def waterfall_chart(steps: dict[str, float], *, total_label: str = "Total", title: str | None = None,
                    lang: str | None = None, ax=None):
    """A waterfall: each step adds (or subtracts) from the running total, then the total bar.

    Examples
    --------
    >>> ax = waterfall_chart({"product": 10, "cost": -4})
    >>> len(ax.patches)
    3
    """
    fig, ax = _axes(ax)
    names = _names(list(steps), lang) + [total_label]
    running, bottoms, heights, colors = 0.0, [], [], []
    for v in steps.values():
        v = float(v)
        bottoms.append(running if v >= 0 else running + v)
        heights.append(abs(v))
        colors.append(PALETTE[2] if v >= 0 else PALETTE[3])
        running += v
    bottoms.append(min(0.0, running))
    heights.append(abs(running))
    colors.append(PALETTE[0])
    ax.bar(names, heights, bottom=bottoms, color=colors)
    for i, (b, h) in enumerate(zip(bottoms, heights)):
        ax.text(i, b + h, f"{(list(steps.values()) + [running])[i]:,.0f}", ha="center", va="bottom", fontsize=9)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.tick_params(axis="x", rotation=30)
    if title:
        ax.set_title(title)
    return ax


def tornado_chart(effects: dict[str, tuple[float, float]], *, base: float, title: str | None = None,
                  lang: str | None = None, ax=None):
    """A tornado chart: for each factor, the output at its low and high setting around ``base``.

    ``effects`` maps factor → (output when the factor is low, output when it is high); the
    widest bar is drawn on top.

    Examples
    --------
    >>> ax = tornado_chart({"retention": (80, 130), "discount": (110, 95)}, base=100)
    >>> len(ax.patches)
    4
    """
    fig, ax = _axes(ax)
    items = sorted(effects.items(), key=lambda kv: abs(kv[1][1] - kv[1][0]))
    names = _names([k for k, _ in items], lang)
    for i, (_, (low, high)) in enumerate(items):
        ax.barh(i, low - base, left=base, color=PALETTE[3], label="low" if i == 0 else None)
        ax.barh(i, high - base, left=base, color=PALETTE[2], label="high" if i == 0 else None)
    ax.set_yticks(range(len(items)))
    ax.set_yticklabels(names)
    ax.axvline(base, color="black", linewidth=0.8)
    ax.legend()
    if title:
        ax.set_title(title)
    return ax
