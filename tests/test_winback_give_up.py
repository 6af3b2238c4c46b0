"""Win-back method 2 (seed 003): consider giving up low-value customers who left on their own."""
import pytest

from labkit.relationships import winback_decision


def test_low_value_leaver_is_given_up_only_with_a_threshold():
    assert winback_decision(200, 0.9, 50, churn_type="left").pursue            # the seed gives no threshold
    d = winback_decision(200, 0.9, 50, churn_type="left", give_up_below=500)
    assert not d.pursue and "giving up" in d.reason_en and "放弃" in d.reason_zh
    assert winback_decision(200, 0.9, 50, churn_type="lured", give_up_below=500).pursue
    assert winback_decision(3000, 0.3, 500, churn_type="left", give_up_below=500).pursue


def test_bad_threshold_names_the_parameter():
    with pytest.raises(ValueError, match="give_up_below"):
        winback_decision(200, 0.9, 50, churn_type="left", give_up_below=-1)
