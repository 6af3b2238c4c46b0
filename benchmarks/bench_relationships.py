"""Chapter 1 speed: every live demo's callback against the 20 ms budget, and the model fits.

Run from the repository root: ``python benchmarks/bench_relationships.py``. Each demo is
built once (the risk-tier demo fits its model then), then every control is moved across its
range; the table shows the median and worst callback time and the worst as a share of the
20 ms budget.
"""
from __future__ import annotations

import statistics
import time

BUDGET_MS = 20.0


def _values(control, n=15):
    if getattr(control, "options", None):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    if hasattr(control, "min"):
        lo, hi = control.min, control.max
        step = (hi - lo) / (n - 1)
        return [type(control.value)(lo + i * step) if isinstance(control.value, int) else lo + i * step
                for i in range(n)]
    return [True, False]


def bench_demos() -> None:
    from labkit.widgets import relationships as W

    print(f"{'demo':<26}{'build ms':>10}{'median ms':>11}{'worst ms':>10}{'worst/budget':>14}")
    for name in W.DEMOS:
        start = time.perf_counter()
        demo = getattr(W, name)()
        build = (time.perf_counter() - start) * 1000
        times = []
        for key, control in demo.controls.items():
            first = control.value
            for value in _values(control):
                control.value = value
                demo.update()
                times.append(demo.last_ms)
            control.value = first
        worst = max(times)
        print(f"{name:<26}{build:>10.1f}{statistics.median(times):>11.2f}{worst:>10.2f}{worst / BUDGET_MS:>14.2f}")


def bench_models() -> None:
    from labkit import relationships as rel
    from labkit.datasets import load_churn

    train, test = rel.churn_split(load_churn())
    for kind in ("logistic", "forest"):
        start = time.perf_counter()
        model = rel.ChurnModel(kind).fit(train)
        fit = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        auc = rel.roc_auc(test["churned"], model.predict_proba(test))
        score = (time.perf_counter() - start) * 1000
        print(f"{kind:<10} fit {fit:8.1f} ms   predict+AUC {score:6.1f} ms   test AUC {auc:.3f}")


if __name__ == "__main__":
    bench_demos()
    print()
    bench_models()
