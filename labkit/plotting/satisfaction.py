"""Figures of chapter 3: CSI path diagrams, Kano curves, the satisfaction-loyalty quadrants.

Every function takes ``ax=None`` and returns the Axes; :func:`csi_model_svg` draws the same path
diagram as an SVG string for the live demos (fast enough for a slider callback).

Examples
--------
>>> from labkit.satisfaction import ACSI
>>> ax = csi_model_diagram(ACSI)
>>> sum(t.get_text() != "" for t in ax.texts)
6
"""
from __future__ import annotations

import html
from typing import Any, Mapping

import numpy as np

from labkit.curriculum import CSI_CONSTRUCTS
from labkit.plotting._style import PALETTE, _axes, plot_language, text
from labkit.errors import bilingual

__all__ = ["LAYOUTS", "csi_model_diagram", "csi_model_svg", "kano_curves", "kano_better_worse",
           "quadrant_scatter", "pls_recovery_plot", "ipma_chart"]

# Node positions of each model's path diagram (x to the right, y up).
LAYOUTS: dict[str, dict[str, tuple[float, float]]] = {
    "SCSB": {"expectation": (0, 1.8), "performance": (0, 0.2), "satisfaction": (2.1, 1.0),
             "complaints": (4.2, 0.2), "loyalty": (4.2, 1.8)},
    "ACSI": {"expectation": (0, 1.8), "quality": (0, 0.2), "value": (1.4, 1.0), "satisfaction": (2.8, 1.0),
             "complaints": (4.2, 0.2), "loyalty": (4.2, 1.8)},
    # ECSI: the two quality boxes are staggered so that no arrow runs through a box.
    "ECSI": {"image": (2.1, 2.8), "expectation": (0, 1.9), "quality_hardware": (0, 0.6),
             "quality_software": (1.1, -0.3), "value": (2.0, 0.0), "satisfaction": (2.8, 1.2),
             "loyalty": (4.2, 1.2)},
    "CCSI": {"image": (2.1, 2.8), "expected_quality": (0, 1.8), "quality": (0, 0.2), "value": (1.4, 1.0),
             "satisfaction": (2.8, 1.0), "complaints": (4.2, 0.2), "loyalty": (4.2, 1.8)},
}

_BASIS_STYLE = {"seed": "-", "standard": "--", "assumed": ":"}


def _model(model: Any):
    from labkit.satisfaction import CSI_PRESETS, CSIModel

    if isinstance(model, CSIModel):
        return model
    if isinstance(model, str) and model.upper() in CSI_PRESETS:
        return CSI_PRESETS[model.upper()]
    raise ValueError(bilingual(f"model must be one of {', '.join(CSI_PRESETS)} or a CSIModel, got {model!r}"))


def csi_model_diagram(model: Any, *, paths: Mapping[tuple[str, str], float] | None = None,
                      lang: str | None = None, ax=None):
    """Draw a CSI model as a path diagram: solid arrows are stated in the course, dashed are
    standard, dotted are assumed; ``paths`` (e.g. ``PLSResult.paths``) labels the arrows.

    Examples
    --------
    >>> ax = csi_model_diagram("SCSB", paths={("satisfaction", "loyalty"): 0.5})
    >>> any(t.get_text() == "0.50" for t in ax.texts)
    True
    """
    m = _model(model)
    pos = LAYOUTS[m.code]
    fig, ax = _axes(ax, figsize=(9, 4.2))
    xs, ys = zip(*pos.values())
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.4, max(ys) + 0.4)
    boxes = {}
    for c in m.constructs:
        x, y = pos[c]
        boxes[c] = ax.text(x, y, text(CSI_CONSTRUCTS[c], lang).replace(" (", "\n("), ha="center", va="center",
                           fontsize=9, zorder=3, bbox=dict(boxstyle="round,pad=0.4", fc="#e8f0f7", ec=PALETTE[0]))
    # Arrows start and end on the box edges (measured after layout), so every arrowhead is visible.
    fig.canvas.draw()
    inv = ax.transData.inverted()
    half = {}
    for c, t in boxes.items():
        (bx0, by0), (bx1, by1) = inv.transform(t.get_bbox_patch().get_window_extent())
        half[c] = (abs(bx1 - bx0) / 2 + 0.02, abs(by1 - by0) / 2 + 0.02)
    for s, t in m.paths:
        (x0, y0), (x1, y1) = pos[s], pos[t]
        start = _clip(x0, y0, x1, y1, *half[s])
        end = _clip(x1, y1, x0, y0, *half[t])
        ax.annotate("", xy=end, xytext=start, zorder=4,
                    arrowprops=dict(arrowstyle="-|>", color="#555555", lw=1.3, shrinkA=0, shrinkB=0,
                                    linestyle=_BASIS_STYLE[m.source((s, t))]))
        if paths is not None and (s, t) in paths:
            ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.08, f"{paths[(s, t)]:.2f}", ha="center", fontsize=8,
                    color=PALETTE[3], zorder=5, bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none"))
    ax.axis("off")
    name = m.name.text(plot_language(lang))
    ax.set_title(f"{name} ({m.year})")
    return ax


def _clip(x0: float, y0: float, x1: float, y1: float, hw: float, hh: float) -> tuple[float, float]:
    """The point where the segment from the centre (x0, y0) towards (x1, y1) leaves a box."""
    dx, dy = x1 - x0, y1 - y0
    t = min(hw / abs(dx) if dx else np.inf, hh / abs(dy) if dy else np.inf)
    return x0 + t * dx, y0 + t * dy


def csi_model_svg(model: Any, *, lang: str = "en", paths: Mapping[tuple[str, str], float] | None = None,
                  width: int = 640) -> str:
    """The path diagram of :func:`csi_model_diagram` as an inline SVG string.

    Examples
    --------
    >>> svg = csi_model_svg("ACSI", lang="zh")
    >>> svg.startswith("<svg") and "客户满意度" in svg
    True
    """
    m = _model(model)
    pos = LAYOUTS[m.code]
    xs, ys = zip(*pos.values())
    sx = (width - 160) / (max(xs) - min(xs))
    height = int((max(ys) - min(ys)) * sx * 0.62 + 90)
    sy = (height - 70) / (max(ys) - min(ys))

    def px(c):
        x, y = pos[c]
        return 80 + (x - min(xs)) * sx, 35 + (max(ys) - y) * sy

    hw, hh = 72, 18
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="12">',
             '<defs><marker id="arr" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto">'
             '<path d="M0,0 L10,4 L0,8 z" fill="#555"/></marker></defs>']
    dash = {"seed": "", "standard": ' stroke-dasharray="6,4"', "assumed": ' stroke-dasharray="2,3"'}
    for s, t in m.paths:
        (x0, y0), (x1, y1) = px(s), px(t)
        a, b = _clip(x0, y0, x1, y1, hw, hh), _clip(x1, y1, x0, y0, hw, hh)
        parts.append(f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" stroke="#555" '
                     f'stroke-width="1.5"{dash[m.source((s, t))]} marker-end="url(#arr)"/>')
        if paths is not None and (s, t) in paths:
            parts.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{(y0 + y1) / 2 - 4:.1f}" text-anchor="middle" '
                         f'fill="{PALETTE[3]}">{paths[(s, t)]:.2f}</text>')
    for c in m.constructs:
        x, y = px(c)
        parts.append(f'<rect x="{x - hw:.1f}" y="{y - hh:.1f}" width="{2 * hw}" height="{2 * hh}" rx="8" '
                     f'fill="#e8f0f7" stroke="{PALETTE[0]}"/>')
        parts.append(f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">'
                     f'{html.escape(CSI_CONSTRUCTS[c].text(lang))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def kano_curves(*, lang: str | None = None, ax=None):
    """The three Kano curves: satisfaction against fulfilment for must-be, performance and
    attractive needs (plus the flat indifferent line).

    Examples
    --------
    >>> len(kano_curves().get_legend().get_texts())
    4
    """
    from labkit.satisfaction import KANO_CATEGORIES

    fig, ax = _axes(ax, figsize=(6, 4.5))
    x = np.linspace(-1, 1, 101)
    # Must-be rises towards 0 from below and never turns into satisfaction; attractive falls towards
    # 0 from above and never turns into dissatisfaction (seed: 「基本型需求…满足也不会带来满意」,
    # 「兴奋型需求…不提供不会不满意」).
    curves = {"A": np.exp(2.2 * x) / np.exp(2.2), "O": x, "M": -np.exp(-2.2 * x) / np.exp(2.2),
              "I": np.zeros_like(x)}
    colours = {"A": PALETTE[2], "O": PALETTE[0], "M": PALETTE[3], "I": PALETTE[7]}
    ax.axhline(0, color="black", lw=0.6, zorder=1)
    ax.axvline(0, color="black", lw=0.6, zorder=1)
    for code, y in curves.items():
        style = {"ls": (0, (6, 3)), "lw": 2.5, "zorder": 3} if code == "I" else {"lw": 2, "zorder": 2}
        ax.plot(x, y, color=colours[code], label=text(KANO_CATEGORIES[code], lang), **style)
    en = plot_language(lang) == "en"
    ax.set_xlabel("Need fulfilment (absent → fully met)" if en else "需求满足程度（未满足 → 充分满足）")
    ax.set_ylabel(text("satisfaction", lang))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_ylim(-1.1, 1.1)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.set_title("Kano model" if en else "卡诺模型")
    return ax


def kano_better_worse(summary, *, lang: str | None = None, ax=None):
    """Berger's Better-Worse diagram from :func:`labkit.satisfaction.kano_summary`.

    Examples
    --------
    >>> from labkit.satisfaction import kano_summary
    >>> ax = kano_better_worse(kano_summary({"a": [("like", "neutral")], "b": [("neutral", "dislike")]}))
    >>> len(ax.collections)
    1
    """
    fig, ax = _axes(ax, figsize=(6, 4.5))
    worse = -summary["worse"].to_numpy(dtype=float)
    better = summary["better"].to_numpy(dtype=float)
    ax.scatter(worse, better, s=60, color=PALETTE[0])
    for name, xw, yb, cat in zip(summary.index, worse, better, summary["category"]):
        ax.annotate(f"{name} ({cat})", (xw, yb), textcoords="offset points", xytext=(5, 5), fontsize=8)
    ax.axhline(0.5, color=PALETTE[7], ls="--", lw=1)
    ax.axvline(0.5, color=PALETTE[7], ls="--", lw=1)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    en = plot_language(lang) == "en"
    ax.set_xlabel("|Worse| (dissatisfaction if absent)" if en else "|Worse|（缺失时的不满）")
    ax.set_ylabel("Better (satisfaction if present)" if en else "Better（具备时的满意）")
    for (x, y, code) in ((0.25, 0.75, "A"), (0.75, 0.75, "O"), (0.75, 0.25, "M"), (0.25, 0.25, "I")):
        ax.text(x, y, code, fontsize=18, alpha=0.15, ha="center", va="center")
    return ax


def quadrant_scatter(satisfaction, loyalty, *, sat_threshold: float, loyal_threshold: float,
                     lang: str | None = None, seed: int = 0, ax=None):
    """Jittered satisfaction-loyalty scatter with the threshold lines and each quadrant's share.

    Examples
    --------
    >>> ax = quadrant_scatter([9, 3, 8], [9, 2, 3], sat_threshold=8, loyal_threshold=8)
    >>> len(ax.texts)
    4
    """
    from labkit.satisfaction import QUADRANTS, satisfaction_trap

    res = satisfaction_trap(satisfaction, loyalty, sat_threshold=sat_threshold, loyal_threshold=loyal_threshold)
    s = np.asarray(satisfaction, dtype=float)
    lo = np.asarray(loyalty, dtype=float)
    rng = np.random.default_rng(seed)
    fig, ax = _axes(ax, figsize=(6, 4.8))
    ax.scatter(s + rng.uniform(-0.3, 0.3, len(s)), lo + rng.uniform(-0.15, 0.15, len(lo)), s=8, alpha=0.35,
               color=PALETTE[0])
    ax.axvline(sat_threshold - 0.5, color=PALETTE[3], ls="--")
    ax.axhline(loyal_threshold - 0.5 / 3, color=PALETTE[3], ls="--")
    xmin, xmax, ymin, ymax = s.min() - 0.5, s.max() + 0.5, lo.min() - 0.3, lo.max() + 0.3
    spots = {"satisfied_loyal": (xmax, ymax, "right", "top"), "satisfied_not_loyal": (xmax, ymin, "right", "bottom"),
             "dissatisfied_loyal": (xmin, ymax, "left", "top"), "dissatisfied_not_loyal": (xmin, ymin, "left", "bottom")}
    for q in QUADRANTS:
        x, y, ha, va = spots[q.code]
        ax.text(x, y, f"{text(q, lang)}\n{res.table.loc[q.code, 'share']:.0%}", ha=ha, va=va, fontsize=8,
                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8))
    ax.set_xlabel(text("satisfaction", lang))
    ax.set_ylabel(text("loyalty", lang))
    return ax


def pls_recovery_plot(table, *, lang: str | None = None, ax=None):
    """Estimated against true path coefficients (from ``PLSResult.paths_table(truth)``).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"source": ["a"], "target": ["b"], "estimate": [0.4], "truth": [0.5]})
    >>> len(pls_recovery_plot(t).collections)
    1
    """
    fig, ax = _axes(ax, figsize=(5, 5))
    ax.scatter(table["truth"], table["estimate"], color=PALETTE[0], zorder=3)
    lo = float(min(table["truth"].min(), table["estimate"].min())) - 0.1
    hi = float(max(table["truth"].max(), table["estimate"].max())) + 0.1
    ax.plot([lo, hi], [lo, hi], color=PALETTE[7], ls="--", lw=1)
    en = plot_language(lang) == "en"
    ax.set_xlabel("True path coefficient" if en else "真实路径系数")
    ax.set_ylabel("PLS estimate" if en else "PLS 估计值")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    return ax



def ipma_chart(table, *, target: str = "satisfaction", lang: str | None = None, ax=None):
    """The importance–performance map of :func:`labkit.methods.importance_performance`.

    Importance (total effect) on x, performance (0–100) on y; dashed lines at the means split the
    map into four areas, and the lower right (important, performing below average) is the
    first candidate for improvement.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"importance": [0.5, 0.3], "performance": [60.0, 64.0]}, index=["quality", "value"])
    >>> len(ipma_chart(t).collections)
    1
    """
    fig, ax = _axes(ax, figsize=(6, 4.5))
    imp = table["importance"].to_numpy(dtype=float)
    perf = table["performance"].to_numpy(dtype=float)
    ax.scatter(imp, perf, s=70, color=PALETTE[0], zorder=3)
    for k, (name, x, y) in enumerate(zip(table.index, imp, perf)):
        label = text(CSI_CONSTRUCTS[name], lang) if name in CSI_CONSTRUCTS else str(name)
        # alternate above / below so that neighbouring drivers' labels do not overlap
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(0, 9 if k % 2 == 0 else -15),
                    ha="center", fontsize=9)
    ax.axvline(imp.mean(), color="grey", ls="--", lw=0.8)
    ax.axhline(perf.mean(), color="grey", ls="--", lw=0.8)
    span = max(perf.max() - perf.min(), 2.0)
    ax.set_ylim(perf.min() - span, perf.max() + span)
    ax.set_xlim(0, imp.max() * 1.25)
    en = plot_language(lang) == "en"
    tname = text(CSI_CONSTRUCTS[target], lang) if target in CSI_CONSTRUCTS else target
    ax.set_xlabel(f"Importance: total effect on {tname}" if en else f"重要性：对{tname}的总效应")
    ax.set_ylabel("Performance (0–100)" if en else "绩效（0–100）")
    ax.set_title("Importance–performance map" if en else "重要性–绩效矩阵")
    return ax
