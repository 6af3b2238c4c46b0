"""Timings of chapter 3's heavier functions, measured side by side in one run.

Run from the repository root: ``python benchmarks/bench_satisfaction.py``.

The reference implementations named in the tests (AHPy for AHP, R's seminr for PLS) are not
dependencies of CRM Lab, so they are not timed here; the comparisons below are against simple
baselines computed in the same process: AHP's principal eigenvector against the row
geometric-mean approximation, PLS against PLSc and against a 10x larger sample, and each live
demo's callback.
"""
from __future__ import annotations

import time

import numpy as np


def best_ms(fn, repeat: int = 20) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1000 * min(times)


def main() -> None:
    import labkit as lk
    from labkit import satisfaction as sat
    from labkit.widgets import demos_for

    drinks = np.array([[1, 9, 5, 2, 1, 1, .5], [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
                       [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9], [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
                       [1, 9, 4, 2, 1, 2, 1 / 2], [1, 9, 3, 1, 1 / 2, 1, 1 / 3], [2, 9, 9, 3, 2, 3, 1]])
    eig = best_ms(lambda: sat.ahp_weights(drinks), 200)
    geo = best_ms(lambda: np.exp(np.log(drinks).mean(axis=1)) / np.exp(np.log(drinks).mean(axis=1)).sum(), 200)
    print(f"AHP 7x7 (Saaty drinks): eigenvector + CR {eig:.3f} ms, geometric-mean weights only {geo:.3f} ms "
          f"(ratio {eig / geo:.1f})")

    survey = lk.load_survey()
    meas = sat.survey_measurement(survey)
    big = survey.sample(10_000, replace=True, random_state=0).reset_index(drop=True)
    pls = best_ms(lambda: sat.pls_sem(survey, meas, sat.ACSI), 10)
    plsc = best_ms(lambda: sat.pls_sem(survey, meas, sat.ACSI, consistent=True), 10)
    pls_big = best_ms(lambda: sat.pls_sem(big, meas, sat.ACSI), 5)
    print(f"PLS ACSI, 1,000 rows: {pls:.1f} ms; PLSc {plsc:.1f} ms (ratio {plsc / pls:.2f}); "
          f"10,000 rows {pls_big:.1f} ms (ratio {pls_big / pls:.1f})")

    for make in demos_for(3):
        demo = make()
        ms = best_ms(demo.update, 20)
        print(f"demo {make.__name__}: callback {ms:.2f} ms")


if __name__ == "__main__":
    main()
