"""labkit.value: seed numbers of curriculum §5.4/§10.4, CDNOW reference fits, demos, checks, notebook."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import labkit as lk
from labkit import value as v
from labkit.checks import evaluate, list_exercises

ROOT = Path(__file__).resolve().parents[1]
CDNOW = ROOT / "tests" / "data" / "cdnow_customers_summary.csv"


# ---------------------------------------------------------------- seed numbers (curriculum §5.4 tables)

CLV1_TABLE = {  # horizon: (A start, B end, C retained); m = 1000, r = 0.8, d = 0.08
    1: (1000.00, 925.93, 740.74), 3: (2289.44, 2119.85, 1695.88), 5: (2996.95, 2774.95, 2219.96),
    10: (3665.31, 3393.80, 2715.04), 20: (3847.60, 3562.59, 2850.08), None: (3857.14, 3571.43, 2857.14),
}
CLV2_TABLE = {  # m = 1250, r = 0.7, d = 0.06
    1: (1250.00, 1179.25, 825.47), 3: (2620.59, 2472.26, 1730.58), 5: (3218.31, 3036.14, 2125.30),
    10: (3622.50, 3417.45, 2392.22), 20: (3679.64, 3471.36, 2429.95), None: (3680.56, 3472.22, 2430.56),
}


@pytest.mark.parametrize("margin, r, d, table", [(1000, 0.8, 0.08, CLV1_TABLE), (1250, 0.7, 0.06, CLV2_TABLE)])
def test_clv_matches_every_seed_table_entry(margin, r, d, table):
    for periods, expected in table.items():
        got = [v.clv(margin, r, d, periods=periods, timing=t) for t in ("start", "end", "retained")]
        assert got == pytest.approx(expected, abs=0.006), periods


def test_clv_table_sums_to_clv_and_has_the_seed_survival():
    for timing in ("start", "end", "retained"):
        t = v.clv_table(1000, 0.8, 0.08, periods=20, timing=timing)
        assert t["present_value"].sum() == pytest.approx(v.clv(1000, 0.8, 0.08, periods=20, timing=timing))
    t = v.clv_table(1000, 0.8, 0.08, periods=3, timing="retained")
    assert t["survival"].tolist() == pytest.approx([0.8, 0.64, 0.512])


def test_revenue_instead_of_margin_doubles_and_quadruples():
    assert v.clv(2000, 0.8, 0.08) / v.clv(1000, 0.8, 0.08) == pytest.approx(2)
    assert v.clv(5000, 0.7, 0.06) / v.clv(1250, 0.7, 0.06) == pytest.approx(4)


def test_undiscounted_sanity_values():
    assert v.clv(1000, 0.8, 0.0, timing="start") == pytest.approx(5000)  # m / (1 - r)
    assert v.clv(1250, 0.7, 0.0, timing="start") == pytest.approx(4166.67, abs=0.01)


def test_delivered_value_seed_example_and_three_item_costs():
    res = v.delivered_value([600, 150, 100, 150], [500, 100, 80, 20])
    assert (res.total_value, res.total_cost, res.delivered_value) == (1000, 700, 300)
    three = v.delivered_value({"product": 600}, {"monetary": 500, "time": 100, "energy": 80})
    assert three.delivered_value == -80


def test_clv_components_streamnow():
    c = v.clv_components(4320, 3058, 1487)
    assert c.total == 8865
    assert [round(s, 3) for s in c.shares.values()] == [0.487, 0.345, 0.168]


def test_tornado_signs_match_the_seed_table():
    s = v.clv_sensitivity()
    assert list(s["factor"]) == [t.code for t, _ in v.CLV_FACTORS]
    expected = {"periods": 1, "discount": -1, "retention": 1, "growth": 1, "maintenance_cost": -1,
                "spend": 1, "word_of_mouth": 1, "information_value": 1}
    assert dict(zip(s["factor"], s["model_direction"])) == expected
    assert dict(zip(s["factor"], s["seed_direction"])) == expected
    for timing in ("start", "retained"):
        s = v.clv_sensitivity(timing=timing)
        assert (s["seed_direction"] == s["model_direction"]).all()


def test_decisions_and_share():
    assert v.acquisition_ceiling([v.clv(1000, 0.8, 0.08)], [3600]).tolist() == [True]  # ≈3,571 ceiling
    assert v.allocate_budget([1, 3], 100).tolist() == [25, 75]
    assert v.customer_share(4000, 10000) == 0.4
    assert list(v.clv_segments(range(9))) == ["low"] * 3 + ["medium"] * 3 + ["high"] * 3


def test_every_course_table_is_bilingual():
    tables = [v.VALUE_PERSPECTIVES, v.MASLOW_NEEDS, v.VALUE_COMPONENTS, v.COST_COMPONENTS, v.LIFECYCLE_STAGES,
              v.CLV_COMPONENTS, v.CLV_DIMENSIONS, v.CLV_STEPS, v.CLV_USES, v.CLV_TIMINGS,
              [t for t, *_ in v.VALUE_TYPES], [t for t, _ in v.CLV_FACTORS], [t for t, _ in v.RFM_SEGMENTS]]
    for table in tables:
        for t in table:
            assert t.en and t.zh and t.code
    assert (len(v.CLV_FACTORS), len(v.CLV_STEPS), len(v.VALUE_TYPES), len(v.LIFECYCLE_STAGES)) == (8, 5, 6, 4)
    assert [t.code for t, _ in v.value_type_for_need("belonging")] == ["social"]


# ---------------------------------------------------------------- errors a student can act on

@pytest.mark.parametrize("call, message", [
    (lambda: v.clv(1000, 1.2, 0.08), r"retention must be in \[0, 1\), got 1.2"),
    (lambda: v.clv(1000, -0.1, 0.08), r"retention must be in \[0, 1\)"),
    (lambda: v.clv(1000, 0.8, -1), r"discount must be > -1, got -1"),
    (lambda: v.clv(-5, 0.8, 0.08), r"margin must be >= 0, got -5"),
    (lambda: v.clv(1000, 0.8, 0.08, timing="middle"), r"timing must be one of 'start', 'end', 'retained'"),
    (lambda: v.clv(1000, 0.8, 0.08, periods=0), r"periods must be >= 1"),
    (lambda: v.clv(1000, 0.9, -0.2), r"infinite horizon needs retention < 1 \+ discount"),
    (lambda: v.fit_bgnbd([1, 2], [5, 3], [4, 6]), r"recency must be <= T"),
    (lambda: v.fit_bgnbd([1.5, 2], [1, 3], [4, 6]), r"frequency must be whole numbers >= 0"),
    (lambda: v.fit_bgnbd([-1, 2], [1, 3], [4, 6]), r"frequency must be whole numbers >= 0"),
    (lambda: v.fit_bgnbd([1, 2], [1, 3, 4], [4, 6]), r"same length"),
    (lambda: v.fit_gamma_gamma([1, 2, 3], [10, -1, 5]), r"monetary_value must be >= 0"),
    (lambda: v.delivered_value([1, 2], [0, 0]), r"costs must add up to more than 0"),
    (lambda: v.delivered_value({"price": 3}, [1]), r"values key must be one of"),
    (lambda: v.rfm(pd.DataFrame({"customer_id": [1]}), amount="amount"), r"transactions is missing the column"),
    (lambda: v.summary_from_transactions(lk.load_transactions(), freq="Q"), r"freq must be one of 'D', 'W'"),
])
def test_bad_input_raises_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_clv_finite_horizon_allows_growth_beyond_one():
    # q = 1 exactly: the finite sum is m·n for the "start" convention, never a division by zero
    assert v.clv(100, 0.9, -0.1, periods=4, timing="start") == pytest.approx(400)


# ---------------------------------------------------------------- RFM and the calibration summary

def test_rfm_scores_and_segments_on_the_course_data():
    tx = lk.load_transactions()
    r = v.rfm(tx)
    assert len(r) == tx["customer_id"].nunique()
    assert r["frequency"].sum() == len(tx)
    assert r["monetary"].sum() == pytest.approx(tx["amount"].sum())
    for col in "RFM":
        assert sorted(r[col].unique()) == [1, 2, 3, 4, 5]
    # tied customers get the same score: each frequency (and recency) maps to one score
    assert r.groupby("frequency")["F"].nunique().max() == 1
    assert r.groupby("recency_days")["R"].nunique().max() == 1
    top = r[r["segment"] == "important_value"]
    assert (top[["R", "F", "M"]] >= 4).all().all()
    assert set(r["segment"]) <= {t.code for t, _ in v.RFM_SEGMENTS}


def test_rfm_segments_do_not_depend_on_customer_ids():
    tx = lk.load_transactions()
    ids = tx["customer_id"].unique()
    relabelled = dict(zip(ids, np.random.default_rng(7).permutation(ids)))
    before = v.rfm(tx)["segment"].value_counts().sort_index()
    after = v.rfm(tx.assign(customer_id=tx["customer_id"].map(relabelled)))["segment"].value_counts().sort_index()
    pd.testing.assert_series_equal(before, after)


def test_summary_merges_same_day_and_averages_repeat_purchases_only():
    tx = pd.DataFrame({"customer_id": ["a"] * 4 + ["b"], "amount": [100, 10, 20, 30, 5],
                       "date": ["2025-01-01", "2025-01-08", "2025-01-08", "2025-01-22", "2025-01-29"]})
    s = v.summary_from_transactions(tx, calibration_end="2025-01-29", freq="D")
    assert s.loc["a"].tolist() == [2, 21.0, 28.0, 30.0]  # (10 + 20) merged; mean of 30 and 30
    assert s.loc["b"].tolist() == [0, 0.0, 0.0, 0.0]
    cut = v.summary_from_transactions(tx, calibration_end="2025-01-10", holdout_end="2025-02-01")
    assert "b" not in cut.index and cut.loc["a", "frequency_holdout"] == 1


# ---------------------------------------------------------------- reference tests: CDNOW

def _cdnow():
    return pd.read_csv(CDNOW)


def test_bgnbd_matches_published_cdnow_fit():
    # Fader, Hardie & Lee (2005), Marketing Science 24(2), §5: r=0.243, alpha=4.414, a=0.793, b=2.426,
    # LL=-9582.4 on the 2,357-customer CDNOW sample (data: lifetimes 0.11.3, see tests/data/README.md).
    d = _cdnow()
    m = v.fit_bgnbd(d["x"], d["t_x"], d["T"])
    assert [round(m.params[k], 3) for k in ("r", "alpha", "a", "b")] == [0.243, 4.414, 0.793, 2.426]
    assert m.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    assert m.params == m.params_


def test_bgnbd_predictions_match_the_paper():
    # FHL 2005 §5: customer 1 (x=2, t_x=30.43, T=38.86) expects 1.226 purchases in the next 39 weeks;
    # lifetimes 0.11.3 gives P(alive) = 0.7266 for the same customer and parameters.
    m = v.BetaGeoModel.from_params(0.243, 4.414, 0.793, 2.426)
    assert m.expected_purchases(39, 2, 30.43, 38.86)[0] == pytest.approx(1.226, abs=0.0005)
    assert m.prob_alive(2, 30.43, 38.86)[0] == pytest.approx(0.7266, abs=0.0005)
    assert m.prob_alive(0, 0, 38.86)[0] == 1.0
    # FHL 2005 Figure 1: cumulative repeat purchases by week 78 of the whole panel ≈ 2.4 thousand x ...
    new = m.expected_purchases_new([0, 39, 78])
    assert new[0] == 0 and np.all(np.diff(new) > 0)


def test_gamma_gamma_matches_published_cdnow_fit():
    # Fader, Hardie & Lee (2005) JMR 42(4) and Fader & Hardie (2013) note 025: p=6.25, q=3.74, gamma=15.44
    # on the 946 CDNOW repeat buyers.
    d = _cdnow()
    g = v.fit_gamma_gamma(d["x"], d["zbar"])
    assert g.n_customers_ == 946
    assert [round(g.params[k], 2) for k in ("p", "q")] == [6.25, 3.74]
    assert g.params["gamma"] == pytest.approx(15.44, abs=0.02)
    # Fader & Hardie (2013): population mean spend p*gamma/(q-1) ≈ $35.13
    assert g.population_mean() == pytest.approx(35.13, abs=0.05)


def test_models_survive_extreme_histories():
    m = v.BetaGeoModel.from_params(0.243, 4.414, 0.793, 2.426)
    p = m.prob_alive([0, 1, 500], [0, 0.001, 0.5], [1000, 1000, 1000])
    assert np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 1))
    e = m.expected_purchases(52, [0, 500], [0, 999], [1000, 1000])
    assert np.all(np.isfinite(e)) and e[1] > e[0]


# ---------------------------------------------------------------- recovery on the synthetic data

def test_fit_recovers_the_simulation_truth():
    cm = v.course_models()
    truth = lk.load_truth()["transactions"]
    for k, true in truth["bgnbd"].items():
        assert cm.bgnbd.params[k] == pytest.approx(true, rel=0.15), k
    gg = cm.gamma_gamma
    assert gg.population_mean() == pytest.approx(truth["mean_spend"], rel=0.05)
    for k, true in truth["gamma_gamma"].items():
        assert gg.params[k] == pytest.approx(true, rel=0.25), k
    holdout = cm.bgnbd.expected_purchases(cm.summary["duration_holdout"].iloc[0], cm.summary["frequency"],
                                          cm.summary["recency"], cm.summary["T"]).sum()
    assert holdout == pytest.approx(cm.summary["frequency_holdout"].sum(), rel=0.1)


def test_model_clv_is_positive_and_grows_with_margin():
    cm = v.course_models()
    s = cm.summary.head(50)
    low = v.model_clv(cm.bgnbd, cm.gamma_gamma, s["frequency"], s["recency"], s["T"], s["monetary_value"], margin=0.2)
    high = v.model_clv(cm.bgnbd, cm.gamma_gamma, s["frequency"], s["recency"], s["T"], s["monetary_value"], margin=0.4)
    assert np.all(low > 0) and np.allclose(high, 2 * low)


# ---------------------------------------------------------------- demos

def test_every_demo_reacts_at_extremes_in_milliseconds():
    from labkit.widgets import demos_for

    demos = {f.__name__: f() for f in demos_for(4)}
    assert set(demos) == {"delivered_value_demo", "clv_demo", "clv_tornado_demo", "rfm_demo", "p_alive_demo"}
    for d in demos.values():
        for name, control in d.controls.items():
            options = [o[1] if isinstance(o, tuple) else o for o in getattr(control, "options", ())]
            values = options or [control.min, control.max]
            for value in values:
                before = d.html
                d.set(**{name: value})
                assert d.error is None or "must" in d.error, (d.name, name, value, d.error)
            assert d.html != before or len(values) == 1 or d.error is None
    clv = demos["clv_demo"]
    clv.set(margin=1000, retention=0.8, discount=0.08, periods=10, timing="end")
    a = clv.html
    clv.set(timing="start")
    assert clv.html != a and "3,665.31" in clv.html  # seed table: A, 10 years
    alive = demos["p_alive_demo"]
    alive.set(T=10, recency=40, frequency=3)
    assert alive.error.startswith("recency must be <= T")
    alive.set(T=60)
    assert alive.error is None


# ---------------------------------------------------------------- checks

def test_clv_checks_accept_each_convention_and_say_which():
    for ex_id, table in (("nb4.clv_seed_1", CLV1_TABLE), ("nb4.clv_seed_2", CLV2_TABLE)):
        for answer, letter in zip(table[None], "ABC"):
            r = evaluate(ex_id, round(answer, 2))
            assert r.status == "correct" and f"convention {letter}" in r.en, (ex_id, r)
    for answer, letter in zip(CLV2_TABLE[5], "ABC"):
        assert f"convention {letter}" in evaluate("nb4.clv_seed_2_5y", answer).en


def test_clv_checks_spot_revenue_and_other_slips():
    for answer in (7714.29, 7142.86, 5714.29):  # CLV-1 with revenue: 2× each convention
        r = evaluate("nb4.clv_seed_1", answer)
        assert r.status == "incorrect" and "revenue" in r.en
    for answer in (14722.22, 13888.89, 9722.22):  # CLV-2 with revenue: 4×
        assert "revenue" in evaluate("nb4.clv_seed_2", answer).en
    assert "discount" in evaluate("nb4.clv_seed_1", 5000).en
    assert "infinite" in evaluate("nb4.clv_seed_2_5y", 3472.22).en


def test_every_variant_hint_triggers_and_hints_hide_the_answer():
    for ex in list_exercises(4):
        expected = ex.expected()
        for variant in ex.variants:
            r = evaluate(ex.id, variant.resolve())
            assert r.en == variant.en, (ex.id, variant.en, r.en)
        if ex.kind not in ("number", "custom"):
            continue  # label answers (choice / set / bool): the labels are named in the question itself
        for text in [ex.hint_en] + [var.en for var in ex.variants]:
            assert f"{float(expected):.2f}" not in text


@pytest.mark.parametrize("answer", ["abc", [1, 2], {"a": 1}, object(), float("nan"), True])
def test_wrong_types_are_invalid_not_tracebacks(answer):
    for ex in list_exercises(4):
        r = evaluate(ex.id, answer)
        if ex.kind in ("number", "custom"):
            assert r.status == "invalid" and r.score == 0, (ex.id, answer, r)
        else:  # a label exercise: an odd answer is simply wrong (or invalid), never credited or a traceback
            assert r.status in ("incorrect", "invalid") and r.score == 0, (ex.id, answer, r)


def test_clv_feedback_names_the_slip():
    """Rounding of q gets partial credit; finite horizon, churn for retention and percent inputs get hints."""
    assert evaluate("nb4.clv_seed_1", 3575).status == "partial"
    assert "infinite horizon" in evaluate("nb4.clv_seed_1", 2774.95).en
    assert "churn" in evaluate("nb4.clv_seed_1", 1136.36).en
    assert "percentages" in evaluate("nb4.clv_seed_1", -14.08).en
    assert "0.08" in evaluate("nb4.clv_seed_1", v.clv(1000, 0.8, 8)).en
    assert evaluate("nb4.clv_seed_1", "3571.43").status == "invalid"


# ---------------------------------------------------------------- notebook convention

def test_unfitted_models_and_wrong_parameter_counts_explain_themselves():
    with pytest.raises(ValueError, match=r"not fitted yet: call .fit\(frequency, recency, T\) first"):
        v.BetaGeoModel().prob_alive(1, 1, 2)
    with pytest.raises(ValueError, match="not fitted yet"):
        v.GammaGammaModel().expected_spend(1, 10)
    with pytest.raises(ValueError, match="from_params takes p, q, gamma; got 2 values"):
        v.GammaGammaModel.from_params(1, 2)
    with pytest.raises(ValueError, match="alpha must be > 0"):
        v.BetaGeoModel.from_params(0.2, 0, 1, 1)
    assert "log_likelihood" not in repr(v.BetaGeoModel.from_params(0.243, 4.414, 0.793, 2.426))


def test_each_demo_output_follows_its_controls():
    from labkit.widgets import value as demos

    rfm = demos.rfm_demo()
    four = rfm.html
    assert rfm.set(bins=5).html != four and rfm.set(segment="general_winback").error is None
    dv = demos.delivered_value_demo()
    assert "<b>300</b>" in dv.html and "<b>-100</b>" in dv.set(product=200).html
    tornado = demos.clv_tornado_demo()
    wide = tornado.html
    assert tornado.set(swing=0.1).html != wide and tornado.set(timing="retained").error is None
