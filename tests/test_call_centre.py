"""Chapter 2 supplementary models: Erlang C staffing (closed forms of small queues, a published table
value, laws every staffing curve obeys) and the illustrative gap model with over-promising."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labkit.service import agents_needed, erlang_c


@pytest.mark.parametrize("rho", [0.1, 0.5, 0.9])
def test_one_agent_waits_with_probability_rho(rho):
    # M/M/1: P(wait) = ρ, average wait = ρ h / (1 − ρ)
    r = erlang_c(60 * rho, 1, 1)
    assert r["p_wait"] == pytest.approx(rho)
    assert r["asa_seconds"] == pytest.approx(rho * 60 / (1 - rho))


@pytest.mark.parametrize("rho", [0.2, 0.5, 0.8])
def test_two_agents_match_the_mm2_formula(rho):
    # M/M/2 with utilisation ρ per agent: P(wait) = 2ρ² / (1 + ρ)
    assert erlang_c(120 * rho, 1, 2)["p_wait"] == pytest.approx(2 * rho ** 2 / (1 + rho))


def test_ten_erlangs_on_eleven_agents_matches_the_erlang_c_table():
    # the standard table value: A = 10 erlangs, N = 11 agents -> P(wait) = 0.6821; N = 14 -> 0.1741
    assert round(erlang_c(100, 6, 11)["p_wait"], 4) == 0.6821
    assert round(erlang_c(100, 6, 14)["p_wait"], 4) == 0.1741


def test_direct_sum_formula_agrees():
    a, c = 7.3, 10
    terms = sum(a ** k / math.factorial(k) for k in range(c))
    top = a ** c / math.factorial(c) * c / (c - a)
    assert erlang_c(7.3 * 60, 1, c)["p_wait"] == pytest.approx(top / (terms + top))


@settings(max_examples=60, deadline=None)
@given(load=st.floats(0.1, 200), extra=st.integers(1, 30), t=st.floats(0, 120))
def test_more_agents_never_serve_worse(load, extra, t):
    c = math.floor(load) + extra
    one, more = erlang_c(load * 60, 1, c, target_seconds=t), erlang_c(load * 60, 1, c + 1, target_seconds=t)
    assert 0 <= more["p_wait"] <= one["p_wait"] <= 1
    assert more["service_level"] >= one["service_level"] - 1e-12
    assert agents_needed(load * 60, 1) > load


@pytest.mark.parametrize("kwargs, words", [
    (dict(calls_per_hour=100, handle_minutes=6, agents=10), "agents must exceed the offered load of 10"),
    (dict(calls_per_hour=-1, handle_minutes=6, agents=10), "calls_per_hour"),
    (dict(calls_per_hour=100, handle_minutes=0, agents=10), "handle_minutes"),
])
def test_bad_input_names_the_parameter(kwargs, words):
    with pytest.raises(ValueError, match=words):
        erlang_c(**kwargs)


def test_promise_gaps_over_promising_widens_gap_5():
    from labkit.service import promise_gaps

    modest = promise_gaps(5, 5, 5.5, promise_weight=0.6)
    bold = promise_gaps(5, 7, 5.5, promise_weight=0.6)
    assert modest["gap_5"] > 0 > bold["gap_5"] and bold["gap_4"] == -1.5
    assert promise_gaps(5, 7, 5.5, promise_weight=0)["gap_5"] == 0.5   # a promise nobody believes changes nothing
    with pytest.raises(ValueError, match="promise_weight"):
        promise_gaps(5, 5, 5, promise_weight=1.5)
