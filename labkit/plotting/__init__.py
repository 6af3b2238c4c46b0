"""Plotting: one clean style, a CJK font when the machine has one, and the course's chart types.

``use_style()`` is called by every labkit plot, so notebooks need not call it. Chinese labels
are used only when the label language is "zh" *and* a CJK-capable font is installed;
otherwise plots fall back to English labels, silently (no missing-glyph warnings).

Every chart takes ``ax=None`` and returns the Axes it drew on. Chapter-specific figures live in ``labkit.plotting.<chapter module>`` (for example
``labkit.plotting.value``); the generic charts (Pareto, radar, waterfall, tornado) live here.

Examples
--------
>>> from labkit import plotting
>>> plotting.plot_language() in ("en", "zh")
True
"""
from __future__ import annotations

from labkit.plotting._charts import pareto_chart, radar_chart, tornado_chart, waterfall_chart
from labkit.plotting._lazy import __getattr__  # chapter modules on first use
from labkit.plotting._style import CJK_FONTS, PALETTE, cjk_font, plot_language, text, use_style

__all__ = [
    'CJK_FONTS',
    'cjk_font',
    'use_style',
    'plot_language',
    'text',
    'pareto_chart',
    'radar_chart',
    'waterfall_chart',
    'tornado_chart',
]
