"""Chapter 5 timings, measured side by side in one run: ``python benchmarks/bench_implementation.py``.

Prints the warehouse build time, SQL roll-up vs the pandas groupby that computes the same
numbers, IRR by bracketing + Brent vs polynomial roots (numpy-financial's classic method),
and the median callback time of every chapter 5 demo (target: < 20 ms).
"""
from __future__ import annotations

import statistics
import time

import numpy as np


def best_of(fn, repeat: int = 5) -> float:
    """Best wall time of ``fn()`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def irr_by_roots(flows):
    """IRR from the roots of the NPV polynomial (the method of numpy's former np.irr)."""
    res = np.roots(np.asarray(flows, dtype=float)[::-1])
    res = res[(res.imag == 0) & (res.real > 0)].real
    rates = 1 / res - 1
    return float(rates[np.argmin(np.abs(rates))])


def main() -> None:
    from labkit import implementation as im
    from labkit import warehouse as wh
    from labkit.datasets import load_customers, load_transactions
    from labkit.widgets import demos_for

    build = best_of(wh.build_warehouse, 3)
    con = wh.build_warehouse()
    sql = best_of(lambda: wh.rollup(con, ["year", "segment"], "revenue"))
    t = load_transactions().merge(load_customers()[["customer_id", "segment"]], on="customer_id")

    def pandas_rollup():
        g = t.groupby([t["date"].dt.year, "segment"])["amount"].sum()
        return g, g.groupby(level=0).sum(), g.sum()

    pdt = best_of(pandas_rollup)
    print(f"build_warehouse: {build:.0f} ms")
    print(f"rollup year x segment: SQL {sql:.2f} ms, pandas {pdt:.2f} ms, ratio SQL/pandas {sql / pdt:.2f}")

    flows = [-1_200_000, 172_000, 521_000, 562_000, 528_000, 620_000]
    brent = best_of(lambda: im.project_irr(flows), 20)
    roots = best_of(lambda: irr_by_roots(flows), 20)
    print(f"project_irr {brent:.2f} ms vs polynomial roots {roots:.3f} ms (ratio {brent / roots:.0f}x); "
          f"same answer: {abs(im.project_irr(flows) - irr_by_roots(flows)) < 1e-9}")

    for demo in demos_for(5):
        d = demo()
        name, control = next(((k, c) for k, c in d.controls.items() if hasattr(c, "max")), (None, None))
        times = []
        for v in ([control.min, control.max] * 10 if name else []):
            d.set(**{name: v})
            times.append(d.last_ms)
        shown = f"{statistics.median(times):.2f} ms (max {max(times):.2f})" if times else "n/a (text input)"
        print(f"{demo.__name__}: median callback {shown}")


if __name__ == "__main__":
    main()
