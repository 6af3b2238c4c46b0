"""Fit BG/NBD and Gamma-Gamma on CDNOW with labkit and, side by side, with lifetimes.

Run from the repository root::

    python benchmarks/bench_value.py

lifetimes is an optional extra, never a labkit dependency: it is unmaintained and imports
``pkg_resources`` (an old setuptools). Without it the script times labkit alone. Goal: labkit
takes at most 1.0× the time of lifetimes for the same fits.
"""
from __future__ import annotations

import statistics
import time
import warnings
from pathlib import Path

import pandas as pd

from labkit.value import fit_bgnbd, fit_gamma_gamma

CDNOW = Path(__file__).resolve().parents[1] / "tests" / "data" / "cdnow_customers_summary.csv"
REPEATS = 15


def _median_seconds(fit) -> tuple[float, object]:
    fit()  # warm-up: imports and caches
    times, result = [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = fit()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    d = pd.read_csv(CDNOW)
    repeat = d[d["x"] > 0]
    fits = {
        "BG/NBD": (lambda: fit_bgnbd(d["x"], d["t_x"], d["T"]).params, None),
        "Gamma-Gamma": (lambda: fit_gamma_gamma(d["x"], d["zbar"]).params, None),
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from lifetimes import BetaGeoFitter, GammaGammaFitter
            import lifetimes
        fits["BG/NBD"] = (fits["BG/NBD"][0],
                          lambda: BetaGeoFitter().fit(d["x"], d["t_x"], d["T"]).params_.to_dict())
        fits["Gamma-Gamma"] = (fits["Gamma-Gamma"][0],
                               lambda: GammaGammaFitter().fit(repeat["x"], repeat["zbar"]).params_.to_dict())
        print(f"CDNOW, {len(d)} customers; median of {REPEATS} fits; lifetimes {lifetimes.__version__}")
    except ImportError:
        print("lifetimes is not installed: timing labkit alone (pip install lifetimes to compare).")
    total = {"labkit": 0.0, "lifetimes": 0.0}
    for name, (ours, theirs) in fits.items():
        t_ours, p_ours = _median_seconds(ours)
        total["labkit"] += t_ours
        line = f"{name:12s} labkit {t_ours * 1000:8.1f} ms  {_short(p_ours)}"
        if theirs is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t_theirs, p_theirs = _median_seconds(theirs)
            total["lifetimes"] += t_theirs
            line += f"\n{'':12s} lifetimes {t_theirs * 1000:5.1f} ms  {_short(p_theirs)}   ratio {t_ours / t_theirs:.2f}x"
        print(line)
    if total["lifetimes"]:
        print(f"both models: labkit/lifetimes time ratio {total['labkit'] / total['lifetimes']:.2f}x (goal <= 1.0x)")


def _short(params: dict) -> str:
    return ", ".join(f"{k}={v:.4g}" for k, v in params.items())


if __name__ == "__main__":
    main()
