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
        hint_en="Each customer is one row of the table: count the rows.",
        hint_zh="表中每位客户占一行：数一数有多少行。",
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
        hint_en="Count the customers of each channel and pick the channel with the largest count.",
        hint_zh="按渠道统计客户数，选出客户数最多的渠道。",
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
        hint_en="Add up the amounts of all transactions and divide by the number of transactions.",
        hint_zh="把所有交易的金额加起来，再除以交易笔数。",
    ),
]

EXERCISES += [
    Exercise(
        "nb0.selftest_complaints",
        "Self-test: how many complaints are in the complaints table?",
        "自测：投诉表中有多少条投诉？",
        expected=lambda: len(__import__("labkit.datasets", fromlist=["load_complaints"]).load_complaints()),
        rel_tol=0, abs_tol=0.5,
        hint_en="One complaint is one row.", hint_zh="一条投诉就是一行。",
    ),
    Exercise(
        "nb0.selftest_churn_share",
        "Self-test: what share (0-1) of the customers in the churn table churned?",
        "自测：流失表中有多大比例（0-1）的客户流失了？",
        expected=lambda: float(__import__("labkit.datasets", fromlist=["load_churn"]).load_churn()["churned"].mean()),
        abs_tol=0.001,
        hint_en="The churned column is 1 for a customer who left and 0 otherwise; its mean is the share.",
        hint_zh="churned 列中流失客户为1、其他为0；它的平均值就是比例。",
    ),
]
