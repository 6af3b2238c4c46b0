"""The PLS-weighted satisfaction index and the importance–performance map (labkit.methods._ipma)."""
import numpy as np
import pytest

import labkit as lk
from labkit.methods import (construct_performance, importance_performance, item_weights,
                                 satisfaction_index, total_effects)


@pytest.fixture(scope="module")
def acsi():
    s, m = lk.load_survey(), lk.survey_measurement()
    return s, m, lk.pls_sem(s, m, lk.ACSI)


def test_total_effects_sum_every_path():
    """Enumerated by hand for the true ACSI paths of the course survey (load_truth)."""
    truth = {tuple(k.split("->")): v for k, v in lk.load_truth()["survey"]["acsi_paths"].items()}
    t = total_effects(truth)
    assert t.loc["quality", "satisfaction"] == pytest.approx(0.45 + 0.5 * 0.35)
    assert t.loc["expectation", "satisfaction"] == pytest.approx(0.1 + 0.5 * 0.45 + 0.2 * 0.35 + 0.5 * 0.5 * 0.35)
    assert t.loc["satisfaction", "loyalty"] == pytest.approx(0.55 + (-0.4) * (-0.2))
    assert t.loc["loyalty", "satisfaction"] == 0


def test_index_is_the_weighted_mean_of_the_satisfaction_items(acsi):
    s, m, fit = acsi
    w = item_weights(fit, s, m, "satisfaction")
    assert w.sum() == pytest.approx(1) and (w > 0).all()
    by_hand = float(((s[m["satisfaction"]] - 1) / 9 * 100 @ w).mean())
    assert satisfaction_index(fit, s, m) == pytest.approx(by_hand)
    # it is not the mean of all constructs (the old pipeline's mistake)
    assert satisfaction_index(fit, s, m) != pytest.approx(construct_performance(fit, s, m).mean().mean(), abs=1e-6)


def test_importance_performance_ranks_drivers_by_total_effect(acsi):
    s, m, fit = acsi
    ipma = importance_performance(fit, s, m)
    assert list(ipma.index) == ["quality", "expectation", "value"]
    total = total_effects(fit.paths)
    np.testing.assert_allclose(ipma["standardised_effect"], total.loc[ipma.index, "satisfaction"])
    assert ((ipma["performance"] > 0) & (ipma["performance"] < 100)).all()


def test_bad_input_names_the_parameter(acsi):
    s, m, fit = acsi
    with pytest.raises(ValueError, match="target must be a construct"):
        importance_performance(fit, s, m, target="delight")
    with pytest.raises(ValueError, match="target 'expectation' has no drivers"):
        importance_performance(fit, s, m, target="expectation")
    with pytest.raises(ValueError, match="scale must have highest > lowest"):
        satisfaction_index(fit, s, m, scale=(10, 1))
    with pytest.raises(ValueError, match="construct must be one of"):
        item_weights(fit, s, m, "delight")
