"""Shared test setup (unit tests and doctests): a non-interactive matplotlib backend and no figures left open between tests."""
import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
