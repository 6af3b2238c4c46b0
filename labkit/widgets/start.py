"""The start-here demo: switch label language and see a bilingual table of course terms."""
from __future__ import annotations

from labkit.widgets._demo import Demo

DEMOS = ["language_demo"]


def language_demo() -> Demo:
    """Pick a language and a course list; the table shows its terms in that language.

    Examples
    --------
    >>> d = language_demo()
    >>> "记录投诉内容" in d.set(lang="zh", table="RECOVERY_STEPS").html
    True
    """
    import ipywidgets as w

    from labkit import curriculum
    from labkit.labels import get_language

    tables = ["COMPLAINT_TYPES", "RECOVERY_STEPS", "HANDLING_STAGES", "SEGMENTS", "ACQUISITION_CHANNELS"]

    def render(lang: str, table: str) -> str:
        terms = getattr(curriculum, table)
        rows = "".join(f"<tr><td>{i}</td><td><code>{t.code}</code></td><td>{t.text(lang)}</td></tr>"
                       for i, t in enumerate(terms, start=1))
        return f"<table><tr><th>#</th><th>code</th><th>label</th></tr>{rows}</table>"

    controls = {
        "lang": w.ToggleButtons(options=[("English", "en"), ("中文", "zh")], value=get_language(),
                                description="Language 语言"),
        "table": w.Dropdown(options=tables, value="RECOVERY_STEPS", description="List 列表"),
    }
    return Demo("language", controls, render, title="Course terms 课程术语")
