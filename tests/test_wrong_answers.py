"""Regression tests for the wrong answers on valid input found by the bad-input review.

Each test pins the right answer (or the clear refusal) for an input that used to give a
wrong number, a silent NaN/inf or a deep library error. Reference values and their source
are given where the answer comes from outside labkit.
"""
import math
import warnings

import numpy as np
import pandas as pd
import pytest

import labkit as lk
from labkit.errors import FitWarning


# ---------------------------------------------------------------- csi_score pairs dicts by key

def test_csi_score_pairs_dict_scores_and_weights_by_key():
    # 4 x 0.3 + 3 x 0.7 = 3.3 (it was 3.7: dicts were paired by position)
    assert lk.satisfaction.csi_score({"a": 4, "b": 3}, {"b": 0.7, "a": 0.3}).raw == pytest.approx(3.3)


def test_csi_score_refuses_keys_that_do_not_match():
    with pytest.raises(ValueError, match=r"weights.*'x'|scores.*'a'"):
        lk.csi_score({"a": 4, "b": 3}, {"x": 0.5, "y": 0.5})


# ---------------------------------------------------------------- Gamma-Gamma needs q > 1

def _heavy_tailed():
    rng = np.random.default_rng(0)
    return rng.integers(1, 4, 200), np.exp(rng.normal(4, 2, 200))


def test_gamma_gamma_fit_with_q_at_most_one_warns_and_never_gives_negative_spend():
    x, m = _heavy_tailed()
    with pytest.warns(FitWarning, match="q"):
        gg = lk.fit_gamma_gamma(x, m)
    assert gg.params["q"] <= 1 and not gg.converged_
    with pytest.raises(ValueError, match=r"q > 1"):
        gg.expected_spend(0, 0)
    bg = lk.BetaGeoModel.from_params(0.243, 4.414, 0.793, 2.426)
    with pytest.raises(ValueError, match=r"q > 1"):
        lk.model_clv(bg, gg, 0, 0, 40, 0, margin=0.3)


def test_gamma_gamma_from_params_refuses_q_at_most_one():
    with pytest.raises(ValueError, match=r"q must be > 1"):
        lk.GammaGammaModel.from_params(1, 0.5, 1).expected_spend(0, 0)


# ---------------------------------------------------------------- clv: no isclose(q, 1) shortcut

def test_finite_clv_is_below_the_infinite_one_near_q_equal_one():
    finite = lk.clv(1, 0.99999, 0, periods=200_000)
    assert finite < lk.clv(1, 0.99999, 0) == pytest.approx(100_000.0000004551)
    assert finite == pytest.approx(100_000 * (1 - 0.99999 ** 200_000), rel=1e-9)


def test_clv_equals_clv_table_sum_near_q_equal_one():
    table = lk.clv_table(1, 0.99999, 0, periods=300)
    assert lk.clv(1, 0.99999, 0, periods=300) == pytest.approx(table["present_value"].sum(), rel=1e-12)
    assert lk.clv(1, 0.99999, 0, periods=300) == pytest.approx(299.5519451794, rel=1e-10)


# ---------------------------------------------------------------- project_irr: tangent and close roots

def test_project_irr_finds_a_tangent_root():
    # NPV(r) = -(1 - 1/(1+r))^2: a double root at 0 %, as numpy_financial.irr([-1, 2, -1]) gives 0.0
    assert lk.project_irr([-1, 2, -1]) == pytest.approx(0.0, abs=1e-7)
    assert lk.project_irr([-3, 6, -3]) == pytest.approx(0.0, abs=1e-7)


def test_project_irrs_finds_two_roots_in_one_grid_cell():
    # 1 - 2.201 x + 1.2111 x^2 = 1.2111 (x - 1/1.1)(x - 1/1.101): IRRs 10 % and 10.1 %
    assert lk.project_irrs([1, -2.201, 1.2111]) == pytest.approx([0.10, 0.101], abs=1e-9)
    assert lk.project_irr([1, -2.201, 1.2111]) == pytest.approx(0.10, abs=1e-9)


def test_project_irr_matches_numpy_financial_reference_values():
    # numpy_financial.irr documentation examples
    assert lk.project_irr([-100, 39, 59, 55, 20]) == pytest.approx(0.28095, abs=1e-5)
    assert lk.project_irr([-100, 0, 0, 74]) == pytest.approx(-0.0955, abs=1e-4)
    assert lk.project_irr([-100, 100, 0, -7]) == pytest.approx(-0.0833, abs=1e-4)
    assert lk.project_irr([-100, 100, 0, 7]) == pytest.approx(0.0620, abs=1e-4)
    assert lk.project_irr([-5, 10.5, 1, -8, 1]) == pytest.approx(0.0886, abs=1e-4)


# ---------------------------------------------------------------- pls_sem degenerate cases

def test_pls_sem_without_paths_is_refused():
    with pytest.raises(ValueError, match=r"structure"):
        lk.pls_sem(lk.load_survey(), lk.survey_measurement(), [])


@pytest.mark.parametrize("rows", [1, 2, 5])
def test_pls_sem_on_too_few_rows_is_refused(rows):
    with pytest.raises(ValueError, match=r"rows"):
        lk.pls_sem(lk.load_survey().head(rows), lk.survey_measurement(), lk.ACSI)


def test_plsc_on_ten_rows_gives_r2_in_range_or_refuses():
    data = lk.load_survey().sample(10, random_state=3)
    try:
        res = lk.pls_sem(data, lk.survey_measurement(), lk.ACSI, consistent=True)
    except ValueError as err:
        assert "PLSc" in str(err) or "rows" in str(err)
    else:
        assert all(0 <= v <= 1 for v in res.r2.values())


def test_pls_sem_collinear_constructs_give_a_clear_error():
    s = lk.load_survey()
    s = s.assign(q1=s["val_1"], q2=s["val_2"])
    with pytest.raises(ValueError, match=r"collinear|linearly dependent"):
        lk.pls_sem(s, {"A": ["val_1", "val_2"], "B": ["q1", "q2"], "C": ["sat_1", "sat_2"]},
                   [("A", "C"), ("B", "C")])


# ---------------------------------------------------------------- delphi_summary: the panel changes size

def test_delphi_summary_accepts_rounds_with_different_panel_sizes():
    r1 = pd.DataFrame([[50, 30, 20], [60, 20, 20], [40, 40, 20]])
    r2 = pd.DataFrame([[50, 30, 20], [55, 25, 20]])
    out = lk.delphi_summary([r1, r2])
    second = out[out["round"] == out["round"].max()]
    assert second["mean"].tolist() == pytest.approx([52.5, 27.5, 20.0])
    lists = lk.delphi_summary([[[1, 2], [3, 4], [5, 6]], [[1, 2], [3, 4]]])
    assert len(lists) == 4


def test_delphi_summary_refuses_rounds_with_different_indicators():
    with pytest.raises(ValueError, match=r"rounds"):
        lk.delphi_summary([[[1, 2], [3, 4]], [[1, 2, 3], [3, 4, 5]]])


# ---------------------------------------------------------------- BG/NBD: degenerate data and fits

def test_bgnbd_all_zero_frequency_is_refused_clearly():
    with pytest.raises(ValueError, match=r"frequency"):
        lk.fit_bgnbd([0] * 50, [0] * 50, list(range(1, 51)))


@pytest.mark.parametrize("data", [([2], [10], [20]), ([1] * 50, [5] * 50, [10] * 50)])
def test_bgnbd_fit_on_degenerate_data_warns_and_records_converged(data):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            bg = lk.fit_bgnbd(*data)
        except ValueError as err:
            assert "frequency" in str(err) or "customers" in str(err)
            return
    assert any(issubclass(w.category, FitWarning) for w in caught) and not bg.converged_
    try:
        preds = bg.expected_purchases(10, *data)
    except ValueError as err:                    # a clear refusal, never a silent NaN
        assert "degenerate" in str(err)
    else:
        assert np.isfinite(preds).all() and (preds >= 0).all()


def test_bgnbd_from_params_refuses_a_equal_to_one_gracefully():
    bg = lk.BetaGeoModel.from_params(0.243, 4.414, 1.0, 2.426)
    assert np.isfinite(bg.expected_purchases(10, 0, 0, 20)).all()
    assert np.isfinite(bg.expected_purchases_new(10)).all()


def test_bgnbd_new_customer_curve_stays_finite():
    assert np.isfinite(lk.BetaGeoModel.from_params(0.01, 0.0117, 2.01, 1.0).expected_purchases_new([1, 8])).all()
    assert np.isfinite(lk.BetaGeoModel.from_params(2, 0.01, 2, 0.01).expected_purchases_new([0, 5])).all()


# ---------------------------------------------------------------- service: times out of order

def test_step_hours_refuses_times_out_of_order():
    log = lk.load_complaints().head(3)
    log = log.assign(at_judge=log["received_at"] - pd.Timedelta("1D"))
    with pytest.raises(ValueError, match=r"at_judge"):
        lk.step_hours(log)


def test_audit_log_refuses_times_out_of_order():
    with pytest.raises(ValueError, match=r"judge"):
        lk.audit_log([("record", "2024-05-02"), ("judge", "2024-05-01")])


# ---------------------------------------------------------------- rfm: missing customer ids

def test_rfm_refuses_missing_customer_ids_instead_of_dropping_them():
    tx = lk.load_transactions()
    with pytest.raises(ValueError, match=r"customer_id.*6,118|6118"):
        lk.rfm(tx.assign(customer_id=tx["customer_id"].where(tx.index % 2 == 0)))


# ---------------------------------------------------------------- ChurnModel degenerate designs

def test_churn_model_collinear_feature_gives_a_clear_error():
    c = lk.load_churn()
    with pytest.raises(ValueError, match=r"collinear|linearly dependent"):
        lk.ChurnModel().fit(c.assign(monthly_spend=c["tenure_months"]))


def test_churn_model_constant_feature_gives_a_clear_error():
    c = lk.load_churn()
    with pytest.raises(ValueError, match=r"auto_pay.*constant|constant.*auto_pay"):
        lk.ChurnModel().fit(c.assign(auto_pay=1))


def test_churn_model_separable_data_warns():
    c = lk.load_churn()
    c = c.assign(churned=(c["late_payments"] > c["late_payments"].median()).astype(int))
    with pytest.warns(FitWarning, match="separ"):
        m = lk.ChurnModel().fit(c)
    assert not m.converged_


# ---------------------------------------------------------------- NPS

@pytest.mark.parametrize("score", [0.5, 6.5, 7.5, 8.5, 9.5])
def test_nps_band_treats_every_non_whole_answer_alike(score):
    with pytest.raises(ValueError, match=r"score must be a whole number"):
        lk.nps_band(score)


def test_nps_score_class_validates_its_counts():
    with pytest.raises(ValueError, match=r"no respondents"):
        lk.NPSScore(0, 0, 0)
    with pytest.raises(ValueError, match=r"detractors must be >= 0"):
        lk.NPSScore(1, 0, -3)


# ---------------------------------------------------------------- demos never show nan or inf

def test_leaky_bucket_demo_at_its_minimum_shows_no_nan():
    from labkit.widgets.relationships import leaky_bucket_demo
    demo = leaky_bucket_demo().set(retention=0, new_per_week=0)
    assert demo.error is None and "nan" not in demo.html.lower()


def test_roi_demo_at_zero_costs_shows_no_inf():
    from labkit.widgets.implementation import roi_demo
    demo = roi_demo()
    demo.set(**{k: c.min for k, c in demo.controls.items() if "cost" in k and hasattr(c, "min")})
    assert "inf%" not in demo.html


def test_business_case_of_an_all_zero_project_has_no_infinite_roi():
    bc = lk.business_case([0, 0], [0, 0], 0.1)
    assert bc.roi is None or math.isfinite(bc.roi)


# ---------------------------------------------------------------- kano_summary: one attribute's pairs

def test_kano_summary_accepts_a_plain_list_of_pairs():
    out = lk.kano_summary([("like", "dislike"), ("like", "dislike"), ("neutral", "dislike")])
    assert len(out) == 1 and out["n"].iloc[0] == 3
