"""Chapter 2 figures: the journey map, step durations against their targets, SERVQUAL gaps.

Every function takes ``ax=None`` and returns the Axes it drew on.

Examples
--------
>>> ax = plot_journey([{"stage": "Order", "emotion": 1}, {"stage": "Wait", "emotion": -1}])
>>> [float(v) for v in ax.get_ylim()]
[-2.5, 2.5]
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from labkit.labels import Term
from labkit.plotting._style import PALETTE, _axes, plot_language, text

__all__ = ["plot_journey", "plot_step_hours", "plot_servqual"]

_EMOTION = Term("emotion", "Emotion (-2 to +2)", "情绪(-2到+2)")
_STEP = Term("step", "Recovery step", "补救步骤")
_GAP = Term("gap", "Gap (perception - expectation)", "差距(感知-期望)")
_OPPORTUNITY = Term("opportunity", "lowest point: improve here", "最低点:改进机会")
_TARGET = Term("target", "Target (SLA)", "目标时限(SLA)")


_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+")


def _plain(label: str, lang: str | None, fallback: str) -> str:
    """``label`` without Chinese characters when the plot is in English (no CJK font needed)."""
    if plot_language(lang) == "zh":
        return label
    out = " ".join(_CJK.sub(" ", label).split())
    return out or fallback


def plot_journey(stages: Any, *, n_lowest: int = 1, title: str | None = None, lang: str | None = None, ax=None):
    """A customer journey map: the emotion curve over the stages, lowest touchpoints marked.

    ``stages`` is what :func:`labkit.service.journey_map` accepts (rows with ``stage`` and
    ``emotion`` from −2 to +2, optionally ``touchpoint``). Without a CJK font the Chinese part
    of bilingual stage names ("Wait 等待") is left out of the figure.

    Examples
    --------
    >>> ax = plot_journey([{"stage": "Pay 支付", "emotion": 0}, {"stage": "等待", "emotion": -2}], lang="en")
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['Pay', 'stage 2']
    """
    from labkit.service import journey_map

    jm = journey_map(stages, n_lowest=n_lowest)
    fig, ax = _axes(ax, figsize=(8, 3.6))
    x = list(range(len(jm)))
    y = jm["emotion"].tolist()
    ax.axhspan(-2.5, 0, color=PALETTE[3], alpha=0.06)
    ax.axhspan(0, 2.5, color=PALETTE[2], alpha=0.06)
    ax.plot(x, y, color=PALETTE[0], marker="o", linewidth=2)
    low = jm.index[jm["opportunity"]].tolist()
    ax.scatter(low, jm.loc[low, "emotion"], s=220, facecolors="none", edgecolors=PALETTE[3], linewidths=2,
               label=text(_OPPORTUNITY, lang), zorder=3)
    names = [_plain(str(s), lang, f"stage {i + 1}") for i, s in enumerate(jm["stage"])]
    if "touchpoint" in jm:
        names = [f"{n}\n({_plain(str(t), lang, '...')})" for n, t in zip(names, jm["touchpoint"])]
    ax.set_xticks(x)
    ax.set_xticklabels(names, fontsize=9)
    ax.set_ylim(-2.5, 2.5)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel(text(_EMOTION, lang))
    ax.legend(loc="upper right")
    if title:
        ax.set_title(title)
    return ax


def plot_step_hours(hours, sla_hours: Mapping[str, float], *, lang: str | None = None, ax=None):
    """Box plots of the hours each recovery step took (log scale), with each step's target marked.

    ``hours`` is :func:`labkit.service.step_hours` of the log.

    Examples
    --------
    >>> from labkit.datasets import load_complaints, load_truth
    >>> from labkit.service import step_hours
    >>> ax = plot_step_hours(step_hours(load_complaints()), load_truth()["complaints"]["step_sla_hours"])
    >>> ax.get_yscale()
    'log'
    """
    from labkit.curriculum import RECOVERY_STEPS

    fig, ax = _axes(ax, figsize=(8, 3.8))
    codes = [s.code for s in RECOVERY_STEPS]
    data = [hours[c].dropna().clip(lower=1 / 60).to_numpy() for c in codes]
    ax.boxplot(data, showfliers=True, patch_artist=True,
               boxprops={"facecolor": PALETTE[0], "alpha": 0.35}, medianprops={"color": PALETTE[0]})
    ax.scatter(range(1, len(codes) + 1), [float(sla_hours[c]) for c in codes], marker="_", s=600,
               color=PALETTE[3], linewidths=2.5, label=text(_TARGET, lang), zorder=3)
    ax.set_yscale("log")
    ax.set_xticks(range(1, len(codes) + 1))
    ax.set_xticklabels([f"{i}. {s.code}" for i, s in enumerate(RECOVERY_STEPS, start=1)], rotation=30)
    ax.set_xlabel(text(_STEP, lang))
    ax.set_ylabel(text("hours", lang))
    ax.legend(loc="upper left")
    return ax


def plot_servqual(result, *, lang: str | None = None, ax=None):
    """Horizontal bars of the SERVQUAL dimension gaps (negative = shortfall).

    ``result`` is a :class:`labkit.service.ServqualResult`.

    Examples
    --------
    >>> from labkit.service import servqual
    >>> ax = plot_servqual(servqual([6] * 22, [5] * 22))
    >>> len(ax.patches)
    5
    """
    from labkit.curriculum import SERVQUAL_DIMENSIONS

    fig, ax = _axes(ax, figsize=(6.5, 3.2))
    terms = {d.code: d for d, _ in SERVQUAL_DIMENSIONS}
    gaps = result.dimension_gaps
    names = [text(terms[c], lang) for c in gaps.index]
    colors = [PALETTE[3] if v < 0 else PALETTE[2] for v in gaps.to_numpy()]
    ax.barh(names[::-1], gaps.to_numpy()[::-1], color=colors[::-1])
    ax.axvline(0, color="black", linewidth=0.8)
    for i, v in enumerate(gaps.to_numpy()[::-1]):
        ax.text(v, i, f" {v:+.2f} ", va="center", ha="right" if v < 0 else "left", fontsize=9)
    ax.set_xlabel(text(_GAP, lang))
    lo = min(0.0, float(gaps.min()))
    ax.set_xlim(lo * 1.35 - 0.1, max(0.0, float(gaps.max())) * 1.35 + 0.1)
    return ax
