"""Figures of chapter 5 (CRM implementation): funnel, cash flows, process before/after, weight sensitivity.

Every function takes ``ax=None``, draws on it (or a new Axes) and returns the Axes. Labels
come from bilingual terms and fall back to English when no CJK font is installed.

Examples
--------
>>> from labkit.implementation import funnel
>>> ax = funnel_chart(funnel({"lead": 100, "deal": 20}))
>>> len(ax.patches)
2
"""
from __future__ import annotations

from typing import Any

import numpy as np

from labkit.labels import Term
from labkit.plotting._style import PALETTE, _axes, text

__all__ = ["funnel_chart", "cashflow_chart", "process_chart", "sensitivity_chart"]

_CUMULATIVE = Term("cumulative", "Cumulative net cash flow (yuan)", "累计净现金流(元)")
_DISCOUNTED = Term("discounted", "Cumulative discounted (yuan)", "累计贴现净现金流(元)")
_NET = Term("net", "Net cash flow", "净现金流")
_YEAR = Term("year", "Project year", "项目年份")
_BEFORE = Term("before", "Before (manual)", "改造前(人工)")
_AFTER = Term("after", "After (automated)", "改造后(自动化)")
_TOTAL = Term("total", "Weighted total score", "加权总分")


def funnel_chart(table, *, title: str | None = None, lang: str | None = None, ax=None):
    """Horizontal funnel bars (widest at the top) with the step conversion beside each stage.

    ``table`` is the output of :func:`labkit.implementation.funnel`.
    """
    from labkit.curriculum import FUNNELS

    fig, ax = _axes(ax)
    counts = table["count"].to_numpy(float)
    top = counts.max()
    y = np.arange(len(counts))[::-1]
    ax.barh(y, counts, left=(top - counts) / 2, color=PALETTE[0], height=0.7)
    for yi, c, conv in zip(y, counts, table["step_conversion"]):
        ax.text((top + c) / 2 + 0.01 * top, yi, f" {c:,.0f} ({conv:.0%})", va="center", fontsize=9)
    terms = {t.code: t for stages in FUNNELS.values() for t in stages}
    ax.set_yticks(y)
    ax.set_yticklabels([text(terms[s], lang) if s in terms else str(s) for s in table.index])
    ax.set_xlim(0, top * 1.25)
    ax.set_xticks([])
    ax.grid(False)
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.set_xlabel(f"{text('count', lang)} ({text('conversion', lang)})")
    if title:
        ax.set_title(title)
    return ax


def cashflow_chart(cash_flows, rate: float | None = None, *, title: str | None = None,
                   lang: str | None = None, ax=None):
    """Yearly net cash flows as bars and the cumulative (and discounted cumulative) line.

    The payback period is where the cumulative line crosses zero.
    """
    fig, ax = _axes(ax)
    flows = np.asarray(cash_flows, dtype=float)
    years = np.arange(flows.size)
    ax.bar(years, flows, color=[PALETTE[2] if v >= 0 else PALETTE[3] for v in flows], alpha=0.6,
           label=text(_NET, lang))
    ax.plot(years, np.cumsum(flows), marker="o", color=PALETTE[0], label=text(_CUMULATIVE, lang))
    if rate is not None:
        disc = flows / (1 + rate) ** years
        ax.plot(years, np.cumsum(disc), marker="s", linestyle="--", color=PALETTE[1],
                label=f"{text(_DISCOUNTED, lang)} @ {rate:.0%}")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(years)
    ax.set_xlabel(text(_YEAR, lang))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def process_chart(before, after, *, title: str | None = None, after_label=None, lang: str | None = None, ax=None):
    """Stacked step times of a process before and after reengineering (two horizontal bars).

    ``before`` and ``after`` are process tables from :func:`labkit.implementation.recovery_process`
    or :func:`labkit.implementation.redesign_process`; ``after_label`` (a str or Term) names the
    second bar (default "After (automated)").
    """
    import matplotlib as mpl

    from labkit.curriculum import RECOVERY_STEPS

    steps = {t.code: t for t in RECOVERY_STEPS}
    fig, ax = _axes(ax, figsize=(8, 3))
    cmap = mpl.colormaps["tab10"]
    after_name = _AFTER if after_label is None else after_label
    names = [text(_BEFORE, lang), text(after_name, lang) if isinstance(after_name, Term) else str(after_name)]
    # one colour per step code, so a step keeps its colour in both bars even when the redesigned
    # process has other steps (e.g. a first-contact settlement) or fewer of them
    codes = list(dict.fromkeys(list(before.index) + list(after.index)))
    colour = {code: cmap(i % 10) for i, code in enumerate(codes)}
    labelled = set()
    for row, table in enumerate((before, after)):
        left = 0.0
        for code, hours in table["hours"].items():
            if code not in steps and {"step", "step_zh"} <= set(table.columns):
                label = text(Term(str(code), str(table.loc[code, "step"]), str(table.loc[code, "step_zh"])), lang)
            else:
                label = text(steps[code], lang) if code in steps else str(code)
            ax.barh(row, hours, left=left, color=colour[code], edgecolor="white",
                    label=None if code in labelled else label)
            labelled.add(code)
            left += hours
        ax.text(left, row, f" {left:.1f} h", va="center", fontsize=9)
    ax.set_yticks([0, 1])
    ax.set_yticklabels(names)
    ax.invert_yaxis()
    ax.set_xlabel(text("hours", lang))
    ax.legend(ncol=2, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.3))
    if title:
        ax.set_title(title)
    return ax


def sensitivity_chart(table, *, base: float | None = None, title: str | None = None,
                      lang: str | None = None, ax: Any = None):
    """Total score of each alternative against one criterion's weight (from ``weight_sensitivity``)."""
    fig, ax = _axes(ax)
    alts = [c for c in table.columns if c != "winner"]
    for alt in alts:
        ax.plot(table.index, table[alt], label=str(alt))
    if base is not None:
        ax.axvline(base, color="black", linestyle=":", linewidth=1)
    name = str(table.index.name or "")
    criterion = name[len("weight of "):] if name.startswith("weight of ") else name
    ax.set_xlabel(f"{text('weight', lang)}: {criterion}" if criterion else text("weight", lang))
    ax.set_ylabel(text(_TOTAL, lang))
    ax.legend()
    if title:
        ax.set_title(title)
    return ax
