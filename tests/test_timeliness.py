"""Timeliness of recovery on the complaint log: within vs after a limit, and clear refusals."""
import pandas as pd
import pytest

from labkit.datasets import load_complaints
from labkit.service import recovery_by_speed


def test_split_counts_every_closed_case_once():
    log = load_complaints()
    t = recovery_by_speed(log, 72)
    assert t["cases"].sum() == (log["status"] == "closed").sum()
    closed = log[log["status"] == "closed"]
    assert t.loc["within", "satisfaction"] == pytest.approx(closed.loc[closed["resolution_hours"] <= 72, "satisfaction_after"].mean())


def test_the_simulated_effect_shows_beyond_the_sum_of_targets():
    # the generator makes a full fix less likely beyond 148 hours (the sum of the step SLAs)
    t = recovery_by_speed(load_complaints(), 148)
    assert t.loc["after", "share_resolved"] < t.loc["within", "share_resolved"]


@pytest.mark.parametrize("hours, words", [(0, "within_hours must be > 0"), (10_000, "nothing to compare")])
def test_bad_limits_are_refused(hours, words):
    with pytest.raises(ValueError, match=words):
        recovery_by_speed(load_complaints(), hours)


def test_a_table_without_the_columns_is_refused():
    with pytest.raises(ValueError, match="missing column"):
        recovery_by_speed(pd.DataFrame({"status": ["closed"]}), 10)
