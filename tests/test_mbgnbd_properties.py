"""Property tests of MBG/NBD (hypothesis; skipped with a clear line when it is not installed)."""
import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed: MBG/NBD property tests skipped")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from labkit.methods import ModifiedBetaGeoModel  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(x=st.integers(0, 40), frac=st.floats(0, 1), big_t=st.floats(0.5, 200),
       r=st.floats(0.05, 5), alpha=st.floats(0.5, 50), a=st.floats(0.05, 5), b=st.floats(0.05, 5))
def test_p_alive_is_a_probability_and_falls_with_silence(x, frac, big_t, r, alpha, a, b):
    m = ModifiedBetaGeoModel.from_params(r, alpha, a, b)
    t_x = 0.0 if x == 0 else frac * big_t
    now, later = m.prob_alive(x, t_x, big_t)[0], m.prob_alive(x, t_x, big_t + 10)[0]
    assert 0 < now < 1 and later <= now + 1e-12
