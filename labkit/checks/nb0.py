"""Warm-up exercises of ``00_start_here``: reading the datasets with pandas."""
from __future__ import annotations

from labkit.checks import Exercise, Variant
from labkit.curriculum import ACQUISITION_CHANNELS


def _customers():
    from labkit.datasets import load_customers

    return load_customers()


def _transactions():
    from labkit.datasets import load_transactions

    return load_transactions()


EXERCISES = [
    Exercise(
        "nb0.customers_count",
        "How many customers are in the customers table?",
        "客户表中有多少位客户？",
        expected=lambda: len(_customers()),
        rel_tol=0, abs_tol=0.5,
        hint_en="Count rows: len(customers) or customers.shape[0].",
        hint_zh="数一数行数：len(customers) 或 customers.shape[0]。",
    ),
    Exercise(
        "nb0.top_channel",
        "Which acquisition channel brought the most customers?",
        "哪个获客渠道带来的客户最多？",
        expected=lambda: _customers()["channel"].value_counts().idxmax(),
        kind="choice",
        terms=ACQUISITION_CHANNELS,
        variants=(Variant(lambda: _customers()["channel"].value_counts().idxmin(),
                          "That is the channel with the fewest customers — sort the other way.",
                          "这是客户最少的渠道——排序方向反了。"),),
        hint_en="customers['channel'].value_counts() lists channels from most to fewest customers.",
        hint_zh="customers['channel'].value_counts() 会把渠道按客户数从多到少排列。",
    ),
    Exercise(
        "nb0.mean_amount",
        "What is the mean transaction amount in yuan (two decimals are enough)?",
        "每笔交易的平均金额是多少元（保留两位小数即可）？",
        expected=lambda: float(_transactions()["amount"].mean()),
        abs_tol=0.006,
        variants=(Variant(lambda: float(_transactions()["amount"].median()),
                          "That is the median — the question asks for the mean.",
                          "这是中位数——题目问的是平均数。"),
                  Variant(lambda: float(_transactions().groupby("customer_id")["amount"].sum().mean()),
                          "That is the mean spend per customer — the question asks per transaction.",
                          "这是每位客户的平均消费——题目问的是每笔交易。")),
        hint_en="transactions['amount'].mean()",
        hint_zh="transactions['amount'].mean()",
    ),
]
