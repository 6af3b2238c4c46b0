"""Live demos: ipywidgets controls wired to labkit's pure functions.

Every demo is a :class:`Demo`: named controls, one output area and a ``render`` function
that turns the controls' values into what the class sees (text/HTML, a DataFrame or a
matplotlib figure). Demos never raise in front of a class: an error inside ``render``
(e.g. a retention slider pushed to a value the formula refuses) is shown as a short,
friendly message in the output area, and the next change recovers.

Chapter demos live in ``labkit.widgets.<chapter module>`` and are reachable here by name
(``labkit.widgets.clv_demo()``), imported only when first used. :data:`DEMOS` lists them by
chapter so the demo view and the browser tests can find every one.

Browser tests find demos by CSS class: the demo's box has ``labkit-demo`` and
``labkit-demo-<name>``, its output ``labkit-demo-output``.

Examples
--------
>>> import ipywidgets as w
>>> d = Demo("double", {"x": w.IntSlider(value=2, min=0, max=10)}, lambda x: f"<b>{2 * x}</b>")
>>> d.html
'<b>4</b>'
>>> d.set(x=5).html
'<b>10</b>'
"""
from __future__ import annotations

from labkit.widgets._demo import Demo, error_html
from labkit.widgets._lazy import __getattr__  # chapter modules on first use
from labkit.widgets._registry import DEMOS, demos_for

__all__ = [
    'Demo',
    'DEMOS',
    'demos_for',
    'error_html',
]
