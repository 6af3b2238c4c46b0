"""Chapter 2 speed targets, measured side by side in one run.

* Every live demo answers a control change in < 20 ms (median and worst of 20 changes).
* The keyword classifier handles 10,000 texts in well under a second.

Run from the repository root: ``python benchmarks/bench_service.py``.
"""
from __future__ import annotations

import statistics
import time

import pandas as pd

from labkit.datasets import load_complaints
from labkit.service import classify_complaints
from labkit.widgets import service as ws

# Two settings per demo; the benchmark flips between them so every set() is a real change.
TOGGLES = {
    "characteristics_quiz_demo": ({"answer": "intangibility"}, {"answer": "perishability"}),
    "pareto_demo": ({"channel": "phone"}, {"channel": "all"}),
    "journey_demo": ({"s3": -2}, {"s3": 1}),
    "roleplay_demo": ({"actions": "1, 2, 4, 3"}, {"actions": "record, judge"}),
    "servqual_demo": ({"reliability": 60}, {"reliability": 10}),
    "case_demo": ({"case": 42}, {"case": 7}),
}


def demo_timings(n: int = 20) -> pd.DataFrame:
    rows = []
    for name, (a, b) in TOGGLES.items():
        demo = getattr(ws, name)()
        times = []
        for i in range(n):
            demo.set(**(a if i % 2 == 0 else b))
            times.append(demo.last_ms)
        rows.append({"demo": name, "median_ms": statistics.median(times), "max_ms": max(times)})
    return pd.DataFrame(rows).set_index("demo").round(2)


def classifier_speed(n: int = 10_000) -> dict:
    """Throughput of the keyword classifier on n texts drawn from the log."""
    texts = load_complaints()["text"].sample(n, replace=True, random_state=0).tolist()
    t0 = time.perf_counter()
    classify_complaints(texts)
    seconds = time.perf_counter() - t0
    return {"texts": n, "seconds": round(seconds, 3), "texts_per_second": round(n / seconds)}


if __name__ == "__main__":
    print(demo_timings().to_string())
    print(classifier_speed())
