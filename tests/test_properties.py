"""Property-based tests (hypothesis) for the mathematical laws behind labkit's calculations.

Each test states a law that must hold for every valid input, not just the worked examples:
ranges (NPS in [-100, 100], P(alive) in [0, 1]), monotonicity (CLV in retention, margin and
discount), identities (``clv`` equals the sum of ``clv_table``; SERVQUAL gap = P - E) and
invariances (AHP under permutation and scaling; CSI under key order). Examples are bounded
and derandomised (see tests/conftest.py for the profiles).
"""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import labkit as lk

counts = st.integers(min_value=0, max_value=10**6)
retention = st.floats(min_value=0.0, max_value=0.99, allow_nan=False)
discount = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)
margin = st.floats(min_value=0.0, max_value=1e6, allow_nan=False)
timing = st.sampled_from(["start", "end", "retained"])


# ---------------------------------------------------------------- NPS

@given(counts, counts, counts)
def test_nps_from_counts_in_range(p, pa, d):
    assume(p + pa + d > 0)
    score = lk.nps_from_counts(p, pa, d)
    assert -100 <= score <= 100
    assert math.isclose(score, 100 * (p - d) / (p + pa + d), abs_tol=1e-9)


@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_nps_of_answers_in_range(answers):
    score = lk.nps(answers)
    assert -100 <= score <= 100


# ---------------------------------------------------------------- CLV

@given(margin, retention, retention, discount, timing, st.one_of(st.none(), st.integers(1, 200)))
def test_clv_increases_with_retention(m, r1, r2, d, t, n):
    lo, hi = sorted((r1, r2))
    assert lk.clv(m, lo, d, periods=n, timing=t) <= lk.clv(m, hi, d, periods=n, timing=t) * (1 + 1e-12) + 1e-9


@given(margin, margin, retention, discount, timing, st.one_of(st.none(), st.integers(1, 200)))
def test_clv_increases_with_margin(m1, m2, r, d, t, n):
    lo, hi = sorted((m1, m2))
    assert lk.clv(lo, r, d, periods=n, timing=t) <= lk.clv(hi, r, d, periods=n, timing=t) * (1 + 1e-12) + 1e-9


@given(margin, retention, discount, discount, timing, st.one_of(st.none(), st.integers(1, 200)))
def test_clv_decreases_with_discount(m, r, d1, d2, t, n):
    lo, hi = sorted((d1, d2))
    assert lk.clv(m, r, hi, periods=n, timing=t) <= lk.clv(m, r, lo, periods=n, timing=t) * (1 + 1e-12) + 1e-9


@given(st.floats(0.5, 0.999999), st.floats(0.0, 0.2), timing, st.integers(1, 10**6))
@example(0.99999, 0.0, "start", 100_001)       # found by the review: finite 100001 > infinite 100000
@example(0.99999, 0.0, "end", 200_000)
def test_finite_clv_never_exceeds_the_infinite_one(r, d, t, n):
    assume(r < 1 + d)
    assert lk.clv(1.0, r, d, periods=n, timing=t) <= lk.clv(1.0, r, d, timing=t) * (1 + 1e-12)


@given(st.floats(0.0, 0.98), st.floats(0.01, 0.5), timing)
def test_finite_clv_converges_to_the_infinite_one(r, d, t):
    infinite = lk.clv(100.0, r, d, timing=t)
    assert math.isclose(lk.clv(100.0, r, d, periods=20_000, timing=t), infinite, rel_tol=1e-9)
    gaps = [infinite - lk.clv(100.0, r, d, periods=n, timing=t) for n in (1, 5, 25, 125)]
    assert all(a >= b - 1e-9 for a, b in zip(gaps, gaps[1:]))


@given(margin, st.floats(0.0, 0.99999), st.floats(-0.5, 0.5), timing, st.integers(1, 400))
@example(1.0, 0.99999, 0.0, "end", 2)            # the np.isclose(q, 1) shortcut gave 2.0 vs 1.99999
@example(1.0, 0.99999, 0.0, "end", 300)
@example(1000.0, 0.5, -0.5, "start", 3)           # q = 1 exactly
def test_clv_equals_the_sum_of_clv_table(m, r, d, t, n):
    table = lk.clv_table(m, r, d, periods=n, timing=t)
    assert math.isclose(lk.clv(m, r, d, periods=n, timing=t), table["present_value"].sum(),
                        rel_tol=1e-9, abs_tol=1e-9)


# ---------------------------------------------------------------- AHP

saaty = st.sampled_from([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])


@st.composite
def reciprocal_matrices(draw, n_min=2, n_max=8):
    n = draw(st.integers(n_min, n_max))
    m = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            v = draw(saaty)
            m[i, j], m[j, i] = v, 1 / v
    return m


@given(reciprocal_matrices())
def test_ahp_weights_sum_to_one_and_lambda_at_least_n(m):
    res = lk.ahp_weights(m)
    w = res.weights.to_numpy()
    assert (w >= 0).all() and math.isclose(w.sum(), 1.0, rel_tol=1e-9)
    assert res.lambda_max >= len(m) - 1e-9 and res.cr >= -1e-12


@given(reciprocal_matrices(), st.randoms(use_true_random=False))
def test_ahp_weights_follow_a_permutation(m, rnd):
    perm = list(range(len(m)))
    rnd.shuffle(perm)
    w = lk.ahp_weights(m).weights.to_numpy()
    wp = lk.ahp_weights(m[np.ix_(perm, perm)]).weights.to_numpy()
    np.testing.assert_allclose(wp, w[perm], atol=1e-9)


@given(st.lists(st.floats(0.1, 10), min_size=2, max_size=9), st.floats(0.01, 100))
def test_ahp_recovers_consistent_weights_and_ignores_their_scale(w, k):
    w = np.asarray(w)
    expected = w / w.sum()
    for scale in (1.0, k):
        ws = w * scale
        res = lk.ahp_weights(ws[:, None] / ws[None, :])
        np.testing.assert_allclose(res.weights.to_numpy(), expected, atol=1e-9)
        assert abs(res.cr) < 1e-9


# ---------------------------------------------------------------- NPV, IRR, payback

flows = st.lists(st.integers(-1000, 1000), min_size=2, max_size=8)


@given(flows)
@example([-1, 2, -1])              # tangent root at 0 %
@example([-3, 6, -3])
@example([1, -2.201, 1.2111])       # two roots 10 % and 10.1 % in one grid cell
def test_npv_is_zero_at_every_irr_and_no_root_is_missed(cf):
    cf = [float(c) for c in cf]
    nz = [c for c in cf if c]
    assume(nz and min(nz) < 0 < max(nz))
    scale = sum(abs(c) for c in cf)
    # every rate in (-99 %, 10000 %] where the NPV is zero, from the polynomial's exact roots
    poly = np.polynomial.Polynomial(cf)          # NPV·(1+r)^0 in x = 1/(1+r)
    exact = sorted(1 / x.real - 1 for x in poly.roots()
                   if abs(x.imag) <= 1e-7 * max(1, abs(x)) and x.real > 0 and -0.99 <= 1 / x.real - 1 <= 100)
    try:
        roots = lk.project_irrs(cf)
    except ValueError:
        roots = []
    for r in roots:     # zero to rounding: relative to the size of the discounted terms
        terms = np.abs(np.asarray(cf) / (1 + r) ** np.arange(len(cf)))
        assert abs(lk.project_npv(cf, r)) <= 1e-9 * max(scale, terms.sum())
    for r in exact:
        assert any(abs(r - q) <= 1e-5 * max(1, abs(r)) for q in roots), (r, roots)
    if roots:
        assert lk.project_irr(cf) == min(roots, key=abs)


@given(st.lists(st.floats(-1000, 1000), min_size=2, max_size=12), st.one_of(st.none(), st.floats(0, 0.5)))
def test_payback_lies_within_the_project_life(cf, rate):
    p = lk.payback_period(cf, rate)
    assert p == 0.0 or p == math.inf or 0 < p <= len(cf) - 1


# ---------------------------------------------------------------- BG/NBD and Gamma-Gamma

pos = st.floats(0.05, 20)


@st.composite
def customers(draw):
    T = draw(st.floats(0.5, 100))
    x = draw(st.integers(0, 30))
    t_x = 0.0 if x == 0 else draw(st.floats(0, 1)) * T
    return x, t_x, T


@given(pos, pos, pos, pos, customers())
def test_bgnbd_prob_alive_is_a_probability(r, alpha, a, b, c):
    bg = lk.BetaGeoModel.from_params(r, alpha, a, b)
    p = bg.prob_alive(*c)
    assert np.isfinite(p).all() and ((0 <= p) & (p <= 1)).all()


@given(pos, pos, pos, pos, customers(), st.floats(0.1, 50), st.floats(0.1, 50))
@example(2.0, 0.01, 2.0, 0.01, (1, 5.0, 10.0), 1.0, 5.0)
def test_bgnbd_expected_purchases_nonnegative_and_increasing(r, alpha, a, b, c, t1, t2):
    bg = lk.BetaGeoModel.from_params(r, alpha, a, b)
    lo, hi = sorted((t1, t2))
    e_lo, e_hi = bg.expected_purchases(lo, *c), bg.expected_purchases(hi, *c)
    assert np.isfinite(e_hi).all() and (e_lo >= 0).all() and (e_hi >= e_lo - 1e-9).all()


@given(pos, pos, pos, pos, st.floats(0.1, 50), st.floats(0.1, 50))
@example(2.0, 0.01, 2.0, 0.01, 1.0, 5.0)          # gave -inf at t = 5
@example(0.01, 0.0117, 2.01, 1.0, 1.0, 8.0)       # gave -inf at t = 8
def test_bgnbd_new_customer_purchases_nonnegative_and_increasing(r, alpha, a, b, t1, t2):
    bg = lk.BetaGeoModel.from_params(r, alpha, a, b)
    e = bg.expected_purchases_new(sorted((t1, t2)))
    assert np.isfinite(e).all() and (e >= 0).all() and e[1] >= e[0] - 1e-9


@given(st.floats(0.1, 30), st.floats(1.01, 30), st.floats(0.1, 500), st.integers(0, 50), st.floats(0, 1000))
def test_gamma_gamma_spend_is_positive(p, q, gamma, x, m):
    assume(x > 0 or m == 0)
    gg = lk.GammaGammaModel.from_params(p, q, gamma)
    assert (gg.expected_spend(x, m) > 0).all()


# ---------------------------------------------------------------- SERVQUAL and CSI

likert7 = st.integers(1, 7)


@given(st.integers(1, 6), st.data())
def test_servqual_gap_is_perception_minus_expectation(n, data):
    e = np.array([data.draw(st.lists(likert7, min_size=22, max_size=22)) for _ in range(n)], dtype=float)
    p = np.array([data.draw(st.lists(likert7, min_size=22, max_size=22)) for _ in range(n)], dtype=float)
    res = lk.servqual(e, p)
    np.testing.assert_allclose(res.item_gaps.to_numpy(), (p - e).mean(axis=0), atol=1e-12)
    gap = pd.DataFrame(p - e, columns=res.item_gaps.index)
    dims = res.dimension_gaps.index
    assert math.isclose(res.overall, res.dimension_gaps.mean(), abs_tol=1e-12)   # mean of the 5 dimension gaps
    assert len(dims) == 5 and res.n == n
    assert gap.mean().sum() == pytest.approx(res.item_gaps.sum(), abs=1e-9)


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.floats(1, 5), min_size=1, max_size=8), st.data())
@example({"a": 1.0, "b": 2.0}, None)
def test_csi_in_range_and_independent_of_key_order(scores, data):
    keys = list(scores)
    if data is None:
        weights = {"b": 0.4, "a": 0.6}
    else:
        raw = data.draw(st.lists(st.floats(0.01, 1), min_size=len(keys), max_size=len(keys)))
        weights = dict(zip(keys, np.asarray(raw) / sum(raw)))        # weights sum to 1
        weights = {k: float(weights[k]) for k in reversed(keys)}     # in another key order
    res = lk.csi_score(scores, weights)
    total = sum(weights.values())
    expected = sum(scores[k] * weights[k] for k in keys) / total
    assert math.isclose(res.raw, expected, rel_tol=1e-9)
    assert 0 <= res.index <= 100
    assert math.isclose(lk.csi_score(dict(reversed(list(scores.items()))), weights).raw, res.raw, rel_tol=1e-12)


# ---------------------------------------------------------------- PLS-SEM

@settings(max_examples=12)
@given(st.integers(10, 120), st.integers(0, 10**6), st.booleans())
@example(10, 3, True)           # gave R2(satisfaction) = 1.028
@example(10, 2, True)           # gave a NaN path
def test_pls_r2_in_unit_interval_or_a_clear_error(n, seed, consistent):
    data = lk.load_survey().sample(n, random_state=seed)
    try:
        res = lk.pls_sem(data, lk.survey_measurement(), lk.ACSI, consistent=consistent)
    except ValueError as err:          # too few rows for this model is allowed, silently wrong is not
        assert "rows" in str(err) or "PLSc" in str(err) or "vary" in str(err)
        return
    assert all(0 <= v <= 1 for v in res.r2.values())
    assert all(math.isfinite(v) for v in res.paths.values())
