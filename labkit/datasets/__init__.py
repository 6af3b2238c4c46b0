"""CRM Lab data: generators that simulate from known models, and loaders for the committed CSVs.

Loaders (``load_customers()`` and friends) read ``datasets/`` and need no Faker. Generators
(``generate_*``) take ``seed=`` and ``locale=`` and return the data and the truth it was
simulated from. ``labkit datasets build`` rewrites the committed files.

Examples
--------
>>> from labkit import datasets
>>> customers = datasets.load_customers()
>>> len(customers)
2000
>>> datasets.load_truth()["transactions"]["time_unit"]
'week'
"""
from __future__ import annotations

from functools import partial

from labkit.datasets.dictionary import TABLES
from labkit.datasets.generators import (
    ACSI_TRUTH, BGNBD_TRUTH, CHURN_TRUTH, DEFAULT_DATES, GAMMA_GAMMA_TRUTH, generate_all,
    generate_churn, generate_complaints, generate_crm_projects, generate_customers,
    generate_survey, generate_transactions)
from labkit.datasets.io import build, data_dir, describe, load, load_truth


def _loader(table: str):
    fn = partial(load, table)
    fn.__doc__ = f"The committed ``{TABLES[table]['file']}``: {TABLES[table]['en']} See ``describe('{table}')``."
    return fn


load_customers = _loader("customers")
load_transactions = _loader("transactions")
load_customer_truth = _loader("customer_truth")
load_complaints = _loader("complaints")
load_survey = _loader("survey")
load_churn = _loader("churn")
load_crm_funnel = _loader("crm_funnel")
load_crm_cashflows = _loader("crm_cashflows")

__all__ = [
    "TABLES", "ACSI_TRUTH", "BGNBD_TRUTH", "CHURN_TRUTH", "DEFAULT_DATES", "GAMMA_GAMMA_TRUTH",
    "generate_all", "generate_churn", "generate_complaints", "generate_crm_projects",
    "generate_customers", "generate_survey", "generate_transactions",
    "build", "data_dir", "describe", "load", "load_truth",
    "load_customers", "load_transactions", "load_customer_truth", "load_complaints",
    "load_survey", "load_churn", "load_crm_funnel", "load_crm_cashflows",
]
