"""Hypothesis profiles for the property tests, and the grading tests' shared ``spec`` fixture.

``ci`` (the default) keeps every property test to a few dozen derandomised examples so
``make test`` stays fast and gives the same result on every machine; ``nightly`` searches
much harder. Choose with ``HYPOTHESIS_PROFILE=nightly``.
"""
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("nightly", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="module")
def spec():
    """The grading spec of tests/data/instructor.ipynb, the instructor notebook of the grading tests."""
    from labkit.grading import load_spec

    return load_spec(Path(__file__).parent / "data" / "instructor.ipynb")
