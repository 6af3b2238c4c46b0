"""Cross-cutting parts: labels, plotting fallback, the Demo convention, the CLI, lazy imports."""
import subprocess
import sys
import warnings

import pytest

import labkit as lk
from labkit.labels import LABELS, Term, find_term, label, set_language


def test_every_label_is_bilingual():
    for key, term in LABELS.items():
        assert term.en and term.zh and term.code == key


def test_curriculum_terms_are_bilingual_and_unique():
    from labkit import curriculum

    for name in curriculum.__all__:
        value = getattr(curriculum, name)
        terms = [t for t in (value.values() if isinstance(value, dict) else value)]
        flat = [t[0] if isinstance(t, tuple) else t for t in terms]
        flat = [x for t in flat for x in (t if isinstance(t, tuple) else (t,)) if isinstance(x, Term)]
        codes = [t.code for t in flat]
        assert all(t.en and t.zh for t in flat), name
        if name != "FUNNELS":
            assert len(codes) == len(set(codes)), name


def test_language_switch_and_errors():
    try:
        set_language("zh")
        assert label("churn_rate") == "流失率"
    finally:
        set_language("en")
    with pytest.raises(ValueError, match="lang must be one of"):
        set_language("fr")
    with pytest.raises(ValueError, match="must be one of"):
        find_term([Term("a", "A", "甲")], "b", name="type")


def test_import_is_lazy():
    code = ("import sys, labkit; assert 'pandas' not in sys.modules and 'matplotlib' not in sys.modules;"
            "labkit.check; assert 'labkit.checks' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_plot_language_falls_back_silently():
    from labkit import plotting

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            set_language("zh")
            lang = plotting.plot_language()
            assert lang == ("zh" if plotting.cjk_font() else "en")
            from labkit.plotting.datasets import dataset_overview

            ax = dataset_overview("complaints")
            ax.figure.canvas.draw()  # missing glyphs would warn here
        finally:
            set_language("en")


def test_demo_reacts_and_never_raises():
    import ipywidgets as w

    from labkit.widgets import Demo, demos_for

    def render(x):
        if x == 0:
            raise ValueError("x must be > 0, got 0")
        return f"<b>{10 / x:.1f}</b>"

    d = Demo("t", {"x": w.IntSlider(value=2, min=0, max=5)}, render)
    assert d.html == "<b>5.0</b>"
    d.set(x=0)
    assert d.error and "x must be" in d.html
    d.set(x=5)
    assert d.error is None and d.html == "<b>2.0</b>"
    with pytest.raises(ValueError, match="control must be one of x"):
        d.set(y=1)
    for demo in demos_for(0):
        built = demo()
        before = built.html
        built.set(lang="zh")
        assert built.html != before and built.error is None


def test_cli_version_and_doctor(capsys):
    from labkit.cli import doctor_report, main

    assert main(["--version"]) == 0
    assert "labkit 0.1.0" in capsys.readouterr().out
    items = dict(doctor_report())
    assert {"python", "pandas", "ipywidgets JupyterLab extension", "CJK font for matplotlib", "datasets"} <= set(items)
    assert main(["doctor"]) == 0


def test_cli_datasets_build(tmp_path):
    from labkit.cli import main

    assert main(["datasets", "build", "--out", str(tmp_path), "--customers", "50", "--locale", "en_US"]) == 0
    assert (tmp_path / "customers.csv").read_text(encoding="utf-8").count("\n") == 51
    assert (tmp_path / "README.md").exists() and (tmp_path / "truth.json").exists()


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="no attribute 'no_such_thing'"):
        lk.no_such_thing


def test_chapter_modules_do_not_shadow_each_other():
    """The flat namespace takes a name from the first chapter defining it: names must be unique."""
    import importlib

    from labkit import _lazy

    owners = {}
    for chapter in _lazy._CHAPTERS:
        try:
            module = importlib.import_module(f"labkit.{chapter}")
        except ModuleNotFoundError:
            continue
        for name in module.__all__:
            other = owners.setdefault(name, (chapter, getattr(module, name)))
            assert other[0] == chapter or other[1] is getattr(module, name), \
                f"{name} is exported by both labkit.{other[0]} and labkit.{chapter}"
            assert name not in _lazy._EXPORTS, f"{name} clashes with a cross-cutting export"


def test_plotting_submodules_load_lazily():
    from labkit import plotting

    assert plotting.datasets.dataset_overview
