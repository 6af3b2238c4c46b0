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

from labkit.datasets.dictionary import TABLES
from labkit.datasets.generators import (
    ACSI_TRUTH, BGNBD_TRUTH, CHURN_TRUTH, DEFAULT_DATES, GAMMA_GAMMA_TRUTH, generate_all,
    generate_churn, generate_complaints, generate_crm_projects, generate_customers,
    generate_survey, generate_transactions)
from labkit.datasets.io import (build, data_dir, describe, load, load_churn, load_complaints, load_crm_cashflows,
                                load_crm_funnel, load_customer_truth, load_customers, load_survey, load_transactions,
                                load_truth)


__all__ = [
    "TABLES", "ACSI_TRUTH", "BGNBD_TRUTH", "CHURN_TRUTH", "DEFAULT_DATES", "GAMMA_GAMMA_TRUTH",
    "generate_all", "generate_churn", "generate_complaints", "generate_crm_projects",
    "generate_customers", "generate_survey", "generate_transactions",
    "build", "data_dir", "describe", "load", "load_truth",
    "load_customers", "load_transactions", "load_customer_truth", "load_complaints",
    "load_survey", "load_churn", "load_crm_funnel", "load_crm_cashflows",
]
