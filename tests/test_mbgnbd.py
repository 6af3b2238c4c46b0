"""MBG/NBD (Batislam et al. 2007) against the ModifiedBetaGeoFitter of lifetimes 0.11.3 on CDNOW."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from labkit.methods import ModifiedBetaGeoModel, fit_mbgnbd
from labkit.methods._mbgnbd import _mbgnbd_loglik

CDNOW = Path(__file__).resolve().parent / "data" / "cdnow_customers_summary.csv"

# Reference values: lifetimes 0.11.3, ModifiedBetaGeoFitter().fit(x, t_x, T) on the CDNOW sample
# (2,357 customers, tests/data/README.md); BTYDplus' mbgnbd.EstimateParameters reports the same
# parameters to three decimals (r 0.525, alpha 6.183, a 0.891, b 1.614).
LIFETIMES_PARAMS = {"r": 0.5248377, "alpha": 6.1829885, "a": 0.8913563, "b": 1.6140000}
HISTORIES = (np.array([0, 2, 7]), np.array([0, 30.43, 29.43]), np.array([38.86, 38.86, 38.86]))
LIFETIMES_P_ALIVE = [0.38971644, 0.70612626, 0.62263872]
LIFETIMES_EXPECTED_39 = [0.15395364, 1.26267078, 3.16680535]
LIFETIMES_NEW = [1.1822838, 1.80363619]  # expected repeat purchases of a new customer by week 39 and 78


@pytest.fixture(scope="module")
def cdnow_fit():
    d = pd.read_csv(CDNOW)
    return fit_mbgnbd(d["x"], d["t_x"], d["T"])


def test_fit_matches_lifetimes_on_cdnow(cdnow_fit):
    for k, v in LIFETIMES_PARAMS.items():
        assert cdnow_fit.params[k] == pytest.approx(v, rel=1e-4), k


def test_predictions_match_lifetimes(cdnow_fit):
    np.testing.assert_allclose(cdnow_fit.prob_alive(*HISTORIES), LIFETIMES_P_ALIVE, rtol=1e-5)
    np.testing.assert_allclose(cdnow_fit.expected_purchases(39, *HISTORIES), LIFETIMES_EXPECTED_39, rtol=1e-5)
    np.testing.assert_allclose(cdnow_fit.expected_purchases_new([39, 78]), LIFETIMES_NEW, rtol=1e-5)


def test_one_time_buyers_are_not_alive_by_assumption(cdnow_fit):
    """The point of MBG/NBD: P(alive) of x = 0 is below 1 and falls with time since the purchase."""
    p = cdnow_fit.prob_alive([0, 0, 0], [0, 0, 0], [5, 20, 38.86])
    assert (p < 1).all() and p[0] > p[1] > p[2]


def test_gradient_matches_finite_differences():
    theta = np.array([0.5, 6.0, 0.9, 1.6])
    x, t_x, big_t = np.array([0.0, 3, 10]), np.array([0.0, 12.5, 30]), np.array([38.0, 38, 38])
    _, grad = _mbgnbd_loglik(theta, x, t_x, big_t, gradient=True)
    for j in range(4):
        h = np.zeros(4)
        h[j] = 1e-6 * theta[j]
        numeric = (_mbgnbd_loglik(theta + h, x, t_x, big_t) - _mbgnbd_loglik(theta - h, x, t_x, big_t)) / (2 * h[j])
        np.testing.assert_allclose(grad[:, j], numeric, rtol=1e-5, atol=1e-8)


def test_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="recency must be <= T"):
        fit_mbgnbd([1, 0], [5.0, 0], [4.0, 4.0])
    with pytest.raises(ValueError, match="not fitted yet"):
        ModifiedBetaGeoModel().prob_alive(0, 0, 1)
