"""The exercise convention: statuses, hints, robustness against odd answers."""
import math

import numpy as np
import pytest

from labkit.checks import Exercise, Variant, check, evaluate, get_exercise, list_exercises


def test_correct_wrong_missing(capsys):
    assert evaluate("nb0.customers_count", 2000).status == "correct"
    assert evaluate("nb0.customers_count", np.int64(2000)).status == "correct"
    assert evaluate("nb0.customers_count", 1990).status == "incorrect"
    assert evaluate("nb0.customers_count", ...).status == "not_attempted"
    assert evaluate("nb0.customers_count", None).status == "not_attempted"
    check("nb0.customers_count", 2000)
    assert "✔" in capsys.readouterr().out


@pytest.mark.parametrize("answer", ["abc", [1, 2], {"a": 1}, object(), float("nan"), True])
def test_odd_answers_never_raise(answer):
    r = evaluate("nb0.customers_count", answer)
    assert r.status == "invalid" and r.score == 0
    assert r.en and r.zh


def test_hint_never_contains_answer():
    for wrong in (1, 1999.0, 5000, -2000, 200000):
        r = evaluate("nb0.customers_count", wrong)
        assert "2000" not in r.en and "2,000" not in r.en and "2000" not in r.zh


def test_variant_gives_specific_hint():
    from labkit.datasets import load_transactions

    median = float(load_transactions()["amount"].median())
    r = evaluate("nb0.mean_amount", median)
    assert r.status == "incorrect" and "median" in r.en


def test_percentage_slip_detected():
    ex = Exercise("nb9.rate", "a rate", "比率", expected=lambda: 0.25)
    from labkit.checks._compare import _numeric_diagnosis

    assert "100×" in _numeric_diagnosis(25, 0.25, ex)[0]


def test_choice_accepts_code_english_chinese():
    from labkit.curriculum import ACQUISITION_CHANNELS
    from labkit.datasets import load_customers

    top = load_customers()["channel"].value_counts().idxmax()
    term = next(t for t in ACQUISITION_CHANNELS if t.code == top)
    for answer in (term.code, term.en.upper(), term.zh, term):
        assert evaluate("nb0.top_channel", answer).status == "correct"


def test_unknown_id_suggests():
    with pytest.raises(ValueError, match="did you mean nb0.customers_count"):
        get_exercise("nb0.customer_count")


def test_partial_credit_and_points():
    ex = Exercise("nb9.x", "x", "x", expected=lambda: 10.0, points=4,
                  variants=(Variant(lambda: 8.0, "half way", "一半", credit=0.5),))
    import labkit.checks._catalog as checks

    orig = checks._registry
    checks._registry = lambda prefix: {ex.id: ex} if prefix == "nb9" else orig(prefix)
    try:
        r = evaluate("nb9.x", 8)
        assert (r.status, r.score) == ("partial", 2.0)
        assert evaluate("nb9.x", 10).score == 4.0
    finally:
        checks._registry = orig


def test_every_registered_exercise_computes_its_answer():
    exercises = list_exercises()
    assert exercises, "no exercises registered"
    for ex in exercises:
        value = ex.expected()
        if isinstance(value, float):
            assert math.isfinite(value), ex.id
        assert evaluate(ex.id, value).status == "correct", ex.id


ALL = list_exercises()


@pytest.mark.parametrize("ex", ALL, ids=lambda e: e.id)
def test_exercise_contract(ex):
    """Right answer ✔, each known mistake gets its own hint, odd answers never raise."""
    assert evaluate(ex.id, ex.expected()).status == "correct"
    for v in ex.variants:
        r = evaluate(ex.id, v.resolve())
        assert r.en == v.en, f"{ex.id}: variant {v.en!r} is shadowed by {r.en!r}"
    r = evaluate(ex.id, object())
    assert r.status in ("invalid", "incorrect") and r.score == 0 and r.en and r.zh
    assert evaluate(ex.id, ...).status == "not_attempted"
    assert ex.en and ex.zh and ex.points > 0


@pytest.mark.parametrize("ex", [e for e in ALL if e.kind == "number"], ids=lambda e: e.id)
def test_hints_never_reveal_numeric_answers(ex):
    import re

    value = float(ex.expected())
    shown = {s for s in (f"{value:g}", f"{value:,.0f}", f"{value:.2f}", f"{value:.3f}", f"{value:.1%}")
             if len(s.strip("0.,%")) >= 2}
    texts = [ex.hint_en, ex.hint_zh] + [t for v in ex.variants if v.credit < 1 for t in (v.en, v.zh)]
    texts += [evaluate(ex.id, value * k).en for k in (1.3, 0.99, 100)]
    for text in texts:
        for s in shown:
            assert not re.search(rf"(?<![\d.]){re.escape(s)}(?![\d])", text), (ex.id, s, text)
