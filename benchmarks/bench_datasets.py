"""Benchmark: the data engine vs the naive one-Faker-call-per-field-per-row loop.

Generates 10,000 customers with about 200,000 transactions the labkit way (Faker builds
small pools of human-looking strings, numpy draws every row), then times the naive way —
one Faker call for every field of every row — on the same row counts, and prints both
times and their ratio. Goal: labkit at least 10× faster and under 3 s on a 2-core machine.

Run: ``make benchmark`` or ``python benchmarks/bench_datasets.py [--naive-fraction F]``.
With ``--naive-fraction`` below 1 the naive loop runs on that fraction of the rows and its
time is scaled up linearly (it is a plain per-row loop, so its cost is linear in rows).
"""
from __future__ import annotations

import argparse
import time

# Faster repeat buying than the course data (2,000 customers, ~12,000 purchases) so that
# 10,000 customers make about 200,000 transactions.
BENCH_BGNBD = {"r": 2.2, "alpha": 6.0, "a": 0.4, "b": 9.0}
N_CUSTOMERS = 10_000


def labkit_way(seed: int = 0):
    from labkit.datasets import generate_customers, generate_transactions

    customers, _ = generate_customers(N_CUSTOMERS, seed=seed)
    tx, _, _ = generate_transactions(customers, seed=seed, bgnbd=BENCH_BGNBD)
    return customers, tx


def naive_way(n_customers: int, n_transactions: int, seed: int = 0) -> int:
    """One Faker call per field per row: what a first attempt usually looks like."""
    from faker import Faker

    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    rows = []
    for i in range(n_customers):
        rows.append({
            "customer_id": f"C{i:05d}", "name": fake.name(), "gender": fake.random_element("FM"),
            "age": fake.random_int(18, 75), "city": fake.city_name(),
            "signup_date": fake.date_between("-2y", "-1y"),
            "channel": fake.random_element(["search", "social", "referral", "store", "sales_team"]),
            "segment": fake.random_element(["individual", "small_business", "enterprise"]),
            "company": fake.company(), "phone": fake.phone_number(), "email": fake.free_email(),
        })
    tx = []
    for j in range(n_transactions):
        tx.append({
            "transaction_id": f"T{j:07d}", "customer_id": f"C{fake.random_int(0, n_customers - 1):05d}",
            "date": fake.date_between("-1y", "today"),
            "amount": fake.pyfloat(min_value=1, max_value=2000, right_digits=2),
            "channel": fake.random_element(["online", "app", "store"]),
            "category": fake.random_element(["electronics", "home", "food", "apparel", "office"]),
        })
    return len(rows) + len(tx)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--naive-fraction", type=float, default=0.2,
                        help="share of rows the naive loop runs on (scaled up linearly); 1 = all rows")
    args = parser.parse_args()

    labkit_way(seed=1)  # warm-up: imports and Faker's locale loading are not what we measure
    start = time.perf_counter()
    customers, tx = labkit_way()
    fast = time.perf_counter() - start

    frac = args.naive_fraction
    start = time.perf_counter()
    naive_way(max(1, int(len(customers) * frac)), max(1, int(len(tx) * frac)))
    naive = (time.perf_counter() - start) / frac

    print(f"rows: {len(customers):,} customers, {len(tx):,} transactions")
    print(f"labkit (Faker pools + numpy): {fast:6.2f} s   goal < 3 s: {'met' if fast < 3 else 'NOT met'}")
    scaled = "" if frac == 1 else f" (measured on {frac:.0%} of rows, scaled)"
    print(f"naive (Faker per field/row):  {naive:6.2f} s{scaled}")
    print(f"ratio naive / labkit:         {naive / fast:6.1f}×   goal ≥ 10×: {'met' if naive / fast >= 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
