"""A live demo: controls wired to a pure render function, with friendly errors and callback timings."""
from __future__ import annotations

import html as _html
import time
from typing import Any, Callable
from labkit.errors import bilingual

__all__ = ['Demo', 'error_html']


def error_html(message: str) -> str:
    """A short, friendly message box for the output area, in English and (where labkit has it) Chinese.

    Examples
    --------
    >>> "必须是整数" in error_html("n must be a whole number, got 2.5")
    True
    """
    from labkit.errors import bilingual

    lines = "<br>".join(_html.escape(line) for line in bilingual(message).split("\n"))
    return ('<div style="color:#8a4b00;background:#fff4e5;padding:6px 10px;border-radius:4px">'
            f"⚠ {lines}</div>")


class Demo:
    """Controls + one output, re-rendered on every change.

    Parameters
    ----------
    name : str
        Short id (used in CSS classes and the demo view).
    controls : dict
        Name → ipywidgets control; the names are the keyword arguments of ``render``.
    render : callable
        ``render(**values)`` → str (HTML), a pandas object, or a matplotlib Figure.
    title : str, optional
        Shown above the controls.
    """

    def __init__(self, name: str, controls: dict[str, Any], render: Callable[..., Any], *, title: str = ""):
        import ipywidgets as w

        self.name = name
        self.controls = dict(controls)
        self.render = render
        self.last_ms = 0.0
        self.error: str | None = None
        self._html = w.HTML()
        self._figure = w.Output()
        self.output = w.VBox([self._html, self._figure])
        self.output.add_class("labkit-demo-output")
        parts = ([w.HTML(f"<b>{_html.escape(title)}</b>")] if title else []) + [
            w.HBox(list(self.controls.values()), layout=w.Layout(flex_flow="row wrap")), self.output]
        self.view = w.VBox(parts)
        self.view.add_class("labkit-demo")
        self.view.add_class(f"labkit-demo-{name}")
        for c in self.controls.values():
            # bilingual descriptions ("Retention 保留率") are longer than ipywidgets' default width
            if getattr(getattr(c, "style", None), "description_width", None) == "":
                c.style.description_width = "initial"
            c.observe(self._changed, names="value")
        self.update()

    # -- state -----------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        return {k: c.value for k, c in self.controls.items()}

    @property
    def html(self) -> str:
        """The current HTML output (empty when the demo shows a figure)."""
        return self._html.value

    def set(self, **values: Any) -> "Demo":
        """Set controls by name (as a student moving them would) and return the demo."""
        for k, v in values.items():
            if k not in self.controls:
                raise ValueError(bilingual(f"control must be one of {', '.join(self.controls)}, got {k!r}"))
            self.controls[k].value = v
        return self

    # -- rendering -------------------------------------------------------
    def _changed(self, _change=None) -> None:
        self.update()

    def update(self) -> None:
        """Re-render the output from the current control values."""
        import matplotlib.pyplot as plt
        from IPython.display import display

        start = time.perf_counter()
        try:
            result = self.render(**self.values)
            self.error = None
        except (ValueError, TypeError, ZeroDivisionError) as err:
            self.error = str(err)
            result = error_html(str(err))
        if hasattr(result, "savefig"):
            self._html.value = ""
            with self._figure:
                self._figure.clear_output(wait=True)
                display(result)
            plt.close(result)
        else:
            if hasattr(result, "to_html"):
                result = result.to_html(float_format=lambda v: f"{v:,.2f}", border=0)
            self._html.value = str(result)
            if self._figure.outputs:
                self._figure.outputs = ()
        self.last_ms = (time.perf_counter() - start) * 1000

    def _ipython_display_(self):
        from IPython.display import display

        display(self.view)

    def __repr__(self) -> str:
        return f"Demo({self.name!r}, controls={list(self.controls)})"
