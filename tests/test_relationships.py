"""Chapter 1 (labkit.relationships): seed numbers, edge cases, errors, models, demos, checks, notebook."""
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import labkit as lk
from labkit import relationships as rel
from labkit.checks import list_exercises

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01_customer_relationships.ipynb"


# ------------------------------------------------------------ seed numbers (curriculum section 10.1)

def test_seed_customer_value_288000():
    # C-1.2: 18 x 2 x 8 x 10 x 100 = 288,000 [seed 000 retail deck]
    assert rel.customer_value(**rel.SEED["customer_value"]) == 288_000
    assert lk.customer_value(18, 2, 8, 10, 100) == 288_000


def test_seed_stew_leonard_50000():
    # C-1.3: $100/week x 50 visits x 10 years = $50,000 [seed 000]
    assert rel.lifetime_revenue(**rel.SEED["stew_leonard"]) == 50_000


def test_seed_word_of_mouth_25_8_1():
    # C-1.6: one loyal customer influences 25, motivates 8, >= 1 buys; n = 10 -> 250 / 80 / 10
    assert rel.word_of_mouth(1) == {"influenced": 25, "motivated": 8, "buyers": 1}
    assert rel.word_of_mouth(10) == {"influenced": 250, "motivated": 80, "buyers": 10}


def test_acquisition_vs_retention_c14():
    # C-1.4: retention cost 100, k = 5 -> 500; 100 lost a week: 50,000 to replace vs 10,000 to keep; k = 10 -> 1,000
    out = rel.acquisition_vs_retention(100, 5, 100)
    assert out == {"acquisition_cost": 500, "cost_to_replace": 50_000, "cost_to_keep": 10_000, "extra_cost": 40_000}
    assert rel.acquisition_vs_retention(100, 10)["acquisition_cost"] == 1000


def test_implied_retention_c15():
    # C-1.5: lose 50% in 5 years -> r = 0.8706, annual churn 12.94%
    r = rel.implied_retention(0.5, 5)
    assert round(r, 4) == 0.8706
    assert round(1 - r, 4) == 0.1294
    assert rel.implied_retention(0, 3) == 1.0


def test_tier_table_c17():
    # C-1.7: N = 1,000, P = 1,000,000 -> 800/150/50 customers, 50k/150k/800k, 62.5/1,000/16,000 per customer
    t = rel.tier_table(1000, 1_000_000).set_index("tier")
    assert t["customers"].tolist() == [800, 150, 50]
    assert t["profit"].tolist() == [50_000, 150_000, 800_000]
    assert t["profit_per_customer"].tolist() == [62.5, 1000, 16000]
    assert t.loc["key", "profit_per_customer"] / t.loc["ordinary", "profit_per_customer"] == 256
    p = rel.tier_table(1000, 1_000_000, scheme="80/20").set_index("tier")
    assert p.loc["key", "profit_per_customer"] / p.loc["ordinary", "profit_per_customer"] == 16
    assert t["goal"].tolist() == ["Financial benefit", "Added value", "Customer value and social benefit"]
    assert rel.tier_table(10, 100, lang="zh")["label"].tolist() == ["一般客户", "潜力客户", "关键客户"]


def test_leave_reasons_c18():
    # C-1.8: N = 200 with 68/16/9/7% -> 136 / 32 / 18 / 14; shares add to 100%
    assert np.allclose(rel.churn_reasons(200)["expected"], [136, 32, 18, 14])
    assert math.isclose(sum(s for _, s in rel.LEAVE_REASONS), 1)
    out = rel.churn_reasons(10, {"service": 5, "price": 5})
    assert out["observed"].tolist() == [5, 0, 5, 0]
    assert out["observed_share"].tolist() == [0.5, 0, 0.5, 0]


def test_churn_rates_c19():
    # C-1.9: N = 1,000, n = 50, churned average 2x overall -> absolute 5%, relative 10%
    assert rel.churn_rates(1000, 50, avg_purchase_lost=2, avg_purchase_all=1) == {"absolute": 0.05, "relative": 0.10}
    assert rel.churn_rates(1000, 0) == {"absolute": 0.0}
    assert rel.churn_rates(10, 10, avg_purchase_lost=5, avg_purchase_all=5) == {"absolute": 1.0, "relative": 1.0}


def test_observed_churn_rates_equal_value_share():
    flags = np.array([1, 0, 1, 0, 0])
    spend = np.array([10.0, 20.0, 30.0, 40.0, 50.0])
    out = rel.observed_churn_rates(flags, spend)
    assert out["absolute"] == 0.4
    assert math.isclose(out["relative"], 40 / 150)  # purchases of lost / purchases of all
    assert rel.observed_churn_rates([0, 0], [1, 2]) == {"absolute": 0.0, "relative": 0.0}


def test_winback_c110():
    # C-1.10: value 3,571.43, p = 0.4, c = 800 -> expected benefit 1,428.57, net +628.57 -> pursue
    d = rel.winback_decision(3571.43, 0.4, 800)
    assert round(d.expected_benefit, 2) == 1428.57
    assert round(d.net, 2) == 628.57
    assert d.pursue
    assert not rel.winback_decision(1000, 0.1, 100).pursue          # net exactly 0 -> not worth it
    assert not rel.winback_decision(1e6, 1, 1, churn_type="forced").pursue
    assert "pursue" in repr(d)


def test_winback_plan_matches_decision():
    values = pd.Series([100.0, 2000.0, 5000.0], index=["a", "b", "c"])
    plan = rel.winback_plan(values, 0.4, 800)
    assert list(plan.index) == ["a", "b", "c"]
    for key, v in values.items():
        d = rel.winback_decision(v, 0.4, 800)
        assert plan.loc[key, "net"] == pytest.approx(d.net)
        assert plan.loc[key, "pursue"] == d.pursue


def test_relationship_types_c11():
    # C-1.1: 极简科技 (many, low) -> basic; 宏图制造 (few, high) -> partnership; original Kotler many/low
    assert rel.relationship_type(**rel.SEED["cases"]["jijian"]) == "basic"
    assert rel.relationship_type(**rel.SEED["cases"]["hongtu"]) == "partnership"
    assert rel.relationship_type("many", "low", original_kotler=True) == "basic or reactive"
    assert rel.relationship_term("basic or reactive").zh == "基本型或被动型"
    # the standard table, cell by cell
    expected = {("many", "high"): "accountable", ("many", "medium"): "reactive", ("many", "low"): "basic",
                ("medium", "high"): "proactive", ("medium", "medium"): "accountable", ("medium", "low"): "reactive",
                ("few", "high"): "partnership", ("few", "medium"): "proactive", ("few", "low"): "accountable"}
    for (c, m), code in expected.items():
        assert rel.relationship_type(c, m) == code
        assert rel.relationship_type(c.upper(), f" {m} ") == code


def test_relationship_thresholds_are_adjustable():
    assert rel.relationship_type(99, 0.3) == "partnership"          # < 100 customers is few, 30% margin is high
    assert rel.relationship_type(100, 0.2999) == "accountable"      # medium / medium
    assert rel.relationship_type(100_000, 0.0999) == "basic"
    assert rel.relationship_type(500, 0.5, customer_cuts=(1000, 5000)) == "partnership"
    assert rel.relationship_cell(5000, 0.2, margin_cuts=(0.25, 0.5)) == ("medium", "low")


def test_retention_model_and_funnel():
    # C-1.14: equal weights, 4 / 4 / 2 -> 3.33; C-1.13: 10,000 x 20% x 25% x 60% -> 300 retained, 200 churned
    assert round(rel.repurchase_intention(4, 4, 2), 2) == 3.33
    f = rel.process_funnel(10_000, 0.2, 0.25, 0.6).set_index("process")["customers"]
    assert f.tolist() == [10_000, 2000, 500, 300, 200]


# ------------------------------------------------------------ errors a student can act on

@pytest.mark.parametrize("call, message", [
    (lambda: rel.churn_rates(100, 101), r"n_lost must be <= n_total \(100\), got 101"),
    (lambda: rel.churn_rates(-5, 1), r"n_total must be >= 1, got -5"),
    (lambda: rel.churn_rates(100, -1), r"n_lost must be >= 0, got -1"),
    (lambda: rel.churn_rates(100, 5, avg_purchase_lost=3), r"give both"),
    (lambda: rel.churn_rates(100, 5, avg_purchase_lost=3, avg_purchase_all=0), r"avg_purchase_all must be > 0"),
    (lambda: rel.winback_decision(100, 1.2, 10), r"p_success must be in \[0, 1\], got 1.2"),
    (lambda: rel.winback_decision(100, -0.1, 10), r"p_success must be in \[0, 1\]"),
    (lambda: rel.winback_decision(-100, 0.5, 10), r"value must be >= 0"),
    (lambda: rel.winback_decision(100, 0.5, 10, churn_type="moved"), r"churn_type must be one of"),
    (lambda: rel.winback_plan([100], [1.5], 0), r"p_success must be in \[0, 1\]"),
    (lambda: rel.implied_retention(1.2, 5), r"lost_fraction must be in \[0, 1\], got 1.2"),
    (lambda: rel.implied_retention(0.5, 0), r"years must be > 0"),
    (lambda: rel.relationship_type(-3, "low"), r"customers must be >= 0, got -3"),
    (lambda: rel.relationship_type("lots", "low"), r"customers must be one of 'many', 'medium', 'few'"),
    (lambda: rel.relationship_type("many", "huge"), r"margin must be one of 'high', 'medium', 'low'"),
    (lambda: rel.relationship_type(10, 2.5), r"margin must be <= 1"),
    (lambda: rel.relationship_type(10, 0.2, customer_cuts=(500, 100)), r"increasing order"),
    (lambda: rel.customer_value(-18, 2, 8, 10), r"avg_item_value must be >= 0"),
    (lambda: rel.word_of_mouth(-1), r"n_loyal must be >= 0"),
    (lambda: rel.leaky_bucket(100, 10, 1.5, 10), r"retention must be in \[0, 1\]"),
    (lambda: rel.leaky_bucket(100, 10, 0.5, 0), r"periods must be >= 1"),
    (lambda: rel.customer_tiers([]), r"profit must not be empty"),
    (lambda: rel.customer_tiers([1, 2], key_share=0.9, potential_share=0.2), r"key_share \+ potential_share"),
    (lambda: rel.lifecycle_stages([1, -2]), r"volumes must be >= 0"),
    (lambda: rel.lifecycle_stages([1, 2], explore_level=0.9, stable_level=0.5), r"explore_level must be <="),
    (lambda: rel.observed_churn_rates([1, 2], [1, 1]), r"only 0 and 1"),
    (lambda: rel.roc_auc([1, 1], [0.2, 0.3]), r"both churners"),
    (lambda: rel.lift_table([1, 0], [0.5, 0.4], n_bins=3), r"n_bins must be <="),
    (lambda: rel.risk_tiers([0.1, 0.2], shares=[0.5, 0.6, 0.1]), r"adding to 1"),
    (lambda: rel.tier_table(0, 100), r"n_customers must be >= 1"),
])
def test_bad_inputs_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_type_errors_name_the_parameter():
    with pytest.raises(TypeError, match="n_total must be a whole number"):
        rel.churn_rates("100", 5)
    with pytest.raises(TypeError, match="data must be a DataFrame"):
        rel.ChurnModel().fit([1, 2, 3])
    with pytest.raises(TypeError, match="tiers must be the DataFrame"):
        rel.tier_summary([1, 2])
    with pytest.raises(ValueError, match="fit the model first"):
        rel.ChurnModel().predict_proba(lk.load_churn())


# ------------------------------------------------------------ edge cases

def test_leaky_bucket_dynamics():
    t = rel.leaky_bucket(0, 100, 0.5, 60)
    assert t["end"].iloc[-1] == pytest.approx(200)                 # steady state n / (1 - r)
    assert (t["start"].iloc[1:].to_numpy() == pytest.approx(t["end"].iloc[:-1].to_numpy()))
    full = rel.leaky_bucket(10, 5, 1.0, 4)                          # nobody leaves: grows without bound
    assert full["end"].tolist() == [15, 20, 25, 30]
    none = rel.leaky_bucket(10, 5, 0.0, 3)                          # everybody leaves each period
    assert none["end"].tolist() == [5, 5, 5]
    costs = rel.leaky_bucket(1000, 100, 0.9, 1, retention_cost=10, multiplier=5)
    assert costs["cost"].iloc[0] == 900 * 10 + 100 * 50


def test_customer_tiers_counts_ties_and_index():
    profit = pd.Series(np.arange(2000, dtype=float)[::-1], index=[f"C{i:04d}" for i in range(2000)])
    t = rel.customer_tiers(profit)
    assert list(t.index) == list(profit.index)
    assert t["tier"].value_counts().to_dict() == {"ordinary": 1600, "potential": 300, "key": 100}
    assert t.loc["C0000", "rank"] == 1 and t.loc["C0000", "tier"] == "key"
    ties = rel.customer_tiers([5, 5, 5, 5])                         # ties broken by input order
    assert ties["rank"].tolist() == [1, 2, 3, 4]
    s = rel.tier_summary(rel.customer_tiers([10.0]))                 # one customer: rounds to the ordinary tier
    assert s["customers"].sum() == 1
    summary = rel.tier_summary(t)
    pd.testing.assert_frame_equal(summary, rel.customer_tiers(profit, summary=True))
    assert summary["share_customers"].tolist() == [0.8, 0.15, 0.05]
    assert summary["share_profit"].sum() == pytest.approx(1)


def test_lifecycle_stages_and_patterns():
    full = [1, 2, 5, 8, 10, 10, 9, 10, 9, 6, 3, 1]
    assert rel.lifecycle_stages(full) == (["exploration"] * 2 + ["formation"] + ["stability"] * 6
                                          + ["decline"] * 3)
    assert rel.lifecycle_stage(full) == "decline"
    assert rel.lifecycle_pattern(full) == "long_lasting"
    assert rel.lifecycle_pattern(full, long_periods=6) == "long_lasting"
    assert rel.lifecycle_pattern([1, 3, 6, 9, 10, 9, 5, 2, 0]) == "early_exit"
    assert rel.lifecycle_pattern([1, 3, 6, 9, 5, 2, 0]) == "midway_death"
    assert rel.lifecycle_pattern([3, 2, 1, 0]) == "early_abortion"
    assert rel.lifecycle_pattern([1, 2, 3]) == "too_early"
    assert rel.lifecycle_stages([0, 0]) == ["exploration", "exploration"]
    assert rel.lifecycle_stage([1, 3, 6]) == "formation"
    # thresholds change the answer
    assert rel.lifecycle_pattern([1, 3, 6, 9, 10, 9, 5, 2, 0], long_periods=3) == "long_lasting"


def test_relationship_matrix_languages():
    m = rel.relationship_matrix()
    assert m.shape == (3, 3) and m.loc["few", "high"] == "Partnership"
    assert rel.relationship_matrix(original_kotler=True).loc["many", "low"] == "Basic or reactive"
    assert rel.relationship_matrix(lang="zh").loc["medium", "medium"] == "负责型"


def test_tables_are_bilingual_and_complete():
    assert len(rel.RELATIONSHIP_TYPES) == 5 and len(rel.LIFECYCLE_STAGES) == 4
    assert len(rel.LIFECYCLE_PROCESSES) == 5 and len(rel.WINBACK_STEPS) == 6
    assert len(rel.CHURN_CAUSES) == 8 and sum(side == "firm" for _, side in rel.CHURN_CAUSES) == 5
    assert len(rel.CHURNED_TYPES) == 4 and len(rel.EARLY_WARNING_METHODS) == 4
    assert len(rel.INFLUENCE_FACTORS) == 6 and len(rel.RETENTION_METHODS) == 5
    for table in (rel.RELATIONSHIP_TYPES, rel.LIFECYCLE_STAGES, rel.LIFECYCLE_PATTERNS, rel.WINBACK_STEPS,
                  rel.CHURNED_TYPES, rel.RETENTION_DRIVERS, rel.CUSTOMER_ROLES):
        for t in table:
            assert t.en and t.zh and t.en != t.zh
    assert [sc for _, sc, _, _ in rel.CUSTOMER_TIERS] == [0.80, 0.15, 0.05]
    assert [sp for _, _, sp, _ in rel.CUSTOMER_TIERS] == [0.05, 0.15, 0.80]


def test_classify_churn_cause_keyword_baseline():
    assert rel.classify_churn_cause("The product quality was poor and delivery was late")["cause"] == "defects"
    assert rel.classify_churn_cause("Our account manager left the company")["side"] == "firm"
    assert rel.classify_churn_cause("公司破产倒闭了") == {"cause": "objective", "side": "customer", "cues": "破产, 倒闭"}
    assert rel.classify_churn_cause("A COMPETITOR gave us a better offer")["cause"] == "competitors"
    assert rel.classify_churn_cause("")["cause"] == "unknown"
    assert set(rel.CHURN_CAUSE_KEYWORDS) == {t.code for t, _ in rel.CHURN_CAUSES}
    with pytest.raises(TypeError, match="text must be a string"):
        rel.classify_churn_cause(42)


# ------------------------------------------------------------ churn early warning

@pytest.fixture(scope="module")
def split():
    return rel.churn_split(lk.load_churn())


@pytest.fixture(scope="module")
def logit(split):
    return rel.ChurnModel("logistic").fit(split[0])


def test_split_is_stratified_and_fixed(split):
    train, test = split
    assert (len(train), len(test)) == (1400, 600)
    assert abs(train["churned"].mean() - test["churned"].mean()) < 0.005
    again = rel.churn_split(lk.load_churn())[1]
    assert list(again.index) == list(test.index)


def test_roc_auc_matches_scikit_learn():
    # Reference: sklearn.metrics.roc_auc_score (scikit-learn >= 1.3), including tied scores.
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 500)
    s = np.round(rng.random(500) + 0.3 * y, 1)                       # many ties
    assert rel.roc_auc(y, s) == pytest.approx(roc_auc_score(y, s), abs=1e-12)
    assert rel.roc_auc([0, 1], [0.2, 0.8]) == 1.0
    assert rel.roc_auc([0, 1], [0.5, 0.5]) == 0.5


def test_logistic_matches_newton_raphson_and_recovers_truth(split, logit):
    # Reference: the textbook maximum-likelihood fit by Newton-Raphson (IRLS), written out here;
    # standard errors from the inverse Fisher information (e.g. Hosmer & Lemeshow, Applied Logistic Regression).
    train = split[0]
    X = np.column_stack([np.ones(len(train)), train[list(rel.CHURN_FEATURES)].to_numpy(float)])
    y = train["churned"].to_numpy(float)
    beta = np.zeros(X.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-X @ beta))
        info = X.T @ (X * (p * (1 - p))[:, None])
        beta = beta + np.linalg.solve(info, X.T @ (y - p))
    p = 1 / (1 + np.exp(-X @ beta))
    se = np.sqrt(np.diag(np.linalg.inv(X.T @ (X * (p * (1 - p))[:, None]))))
    assert np.allclose(logit.params_.to_numpy(), beta, atol=1e-5)
    assert np.allclose(logit.std_errors_.to_numpy(), se, rtol=1e-4)
    table = rel.coefficient_table(logit, lk.load_truth()["churn"]["coefficients"])
    assert (table["z"].abs() < 3).all()                               # every true value inside 3 SE
    assert table.loc["monthly_spend", "true"] == 0                   # the distractor
    signs = np.sign(table.drop(index=["intercept", "monthly_spend"])[["fitted", "true"]])
    assert (signs["fitted"] == signs["true"]).all()


def test_models_beat_chance_and_logistic_is_near_the_oracle(split, logit):
    train, test = split
    auc_logit = rel.roc_auc(test["churned"], logit.predict_proba(test))
    auc_forest = rel.roc_auc(test["churned"], rel.ChurnModel("forest").fit(train).predict_proba(test))
    oracle = rel.roc_auc(test["churned"], test["churn_probability"])
    assert 0.78 < auc_logit <= oracle + 0.01
    assert 0.70 < auc_forest < oracle
    forest = rel.ChurnModel("forest").fit(train)
    assert forest.params_.sum() == pytest.approx(1) and "ChurnModel('forest'" in repr(forest)


def test_lift_table_and_risk_tiers(split, logit):
    test = split[1]
    risk = logit.predict_proba(test)
    t = rel.lift_table(test["churned"], risk)
    assert t["customers"].sum() == 600 and t["churners"].sum() == test["churned"].sum()
    assert t["cum_churners_share"].iloc[-1] == pytest.approx(1) and t["cum_lift"].iloc[-1] == pytest.approx(1)
    top = test["churned"].to_numpy()[np.argsort(-risk.to_numpy(), kind="stable")[:60]]
    assert t["lift"].iloc[0] == pytest.approx(top.mean() / test["churned"].mean())
    assert t["lift"].iloc[0] > 2.5
    tiers = rel.risk_tiers(risk)
    assert tiers.value_counts().to_dict() == {"low": 420, "medium": 120, "high": 60}
    assert list(tiers.index) == list(test.index)
    assert risk[tiers == "high"].min() >= risk[tiers == "medium"].max()


# ------------------------------------------------------------ plots

def test_plots_return_axes(split, logit):
    import matplotlib.pyplot as plt

    from labkit.plotting import relationships as P

    test = split[1]
    axes = [P.relationship_matrix_chart(5, 0.5), P.relationship_matrix_chart(),
            P.lifecycle_chart([1, 3, 7, 10, 10, 4]), P.leaky_bucket_chart(rel.leaky_bucket(0, 10, 0.8, 10)),
            P.profit_concentration_chart(rel.customer_tiers(np.arange(50.0))), P.leave_reasons_chart(),
            P.gains_chart({"logistic": rel.lift_table(test["churned"], logit.predict_proba(test))}),
            P.coefficient_chart(rel.coefficient_table(logit, lk.load_truth()["churn"]["coefficients"]))]
    for ax in axes:
        assert hasattr(ax, "figure") and ax.get_title()
    fig, ax = plt.subplots()
    assert P.lifecycle_chart([1, 2], ax=ax) is ax
    plt.close("all")


def test_plots_fall_back_to_english_without_warnings():
    import warnings

    import matplotlib.pyplot as plt

    from labkit.labels import set_language
    from labkit.plotting import relationships as P

    set_language("zh")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for ax in (P.relationship_matrix_chart("few", "high"), P.lifecycle_chart([1, 5, 9, 9, 2]),
                       P.leave_reasons_chart()):
                ax.figure.canvas.draw()    # a missing glyph would warn here
    finally:
        set_language("en")
        plt.close("all")


# ------------------------------------------------------------ widgets

def _extremes(control):
    if hasattr(control, "options") and control.options:
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    if hasattr(control, "min"):
        return [control.min, control.max]
    if isinstance(control.value, str):      # a text box: empty, nonsense, and its default
        return ["", "not numbers, 1", control.value]
    return [not control.value, control.value]


@pytest.mark.parametrize("name", __import__("labkit.widgets.relationships", fromlist=["DEMOS"]).DEMOS)
def test_every_demo_reacts_at_extremes(name):
    from labkit.widgets import demos_for

    demo = getattr(lk.widgets, name)()
    assert name in [f.__name__ for f in demos_for(1)]
    first = demo.html
    assert first and demo.error is None
    outputs = {first}
    for key, control in demo.controls.items():
        start = control.value
        for value in _extremes(control):
            demo.set(**{key: value})
            assert demo.html
            assert demo.error is None or "must" in demo.error      # a friendly message, never a traceback
            outputs.add(demo.html)
            demo.update()
        demo.set(**{key: start})
    assert len(outputs) > 1, f"{name} never changed its output"


def test_demo_numbers_come_from_labkit():
    d = lk.widgets.winback_demo().set(value=3571.43, p_success=0.4, cost=800)
    assert "629" in d.html and "Pursue" in d.html
    d = lk.widgets.relationship_type_demo().set(customers=1e8, margin=0.01)
    assert "<b>Basic 基本型</b>" in d.html
    d = lk.widgets.lifecycle_demo().set(explore_level=1.0, stable_level=0.5)
    assert d.error and "explore_level must be <=" in d.error
    d = lk.widgets.risk_tier_demo().set(top_share=1.0)
    assert "(100%)" in d.html


# ------------------------------------------------------------ checks

NB1 = list_exercises(1)


def test_every_e1_exercise_is_registered():
    ids = {ex.id for ex in NB1}
    for n in range(1, 23):
        assert any(i.startswith(f"nb1.e1_{n}_") for i in ids), f"E1.{n} has no self-check"


# ------------------------------------------------------------ notebook convention

