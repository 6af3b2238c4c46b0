"""The synthetic data engine: determinism, shapes, truth recovery, errors, loaders, rebuild."""
import filecmp
import json

import numpy as np
import pandas as pd
import pytest

from labkit import datasets as ds
from labkit.datasets import TABLES


@pytest.fixture(scope="module")
def small():
    return ds.generate_all(300, seed=11)


def test_same_seed_same_data():
    a, _ = ds.generate_customers(50, seed=3)
    b, _ = ds.generate_customers(50, seed=3)
    c, _ = ds.generate_customers(50, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


@pytest.mark.parametrize("locale", ["zh_CN", "en_US"])
def test_locales(locale):
    c, truth = ds.generate_customers(200, seed=1, locale=locale)
    assert len(c) == 200 and c["customer_id"].is_unique
    is_cjk = c["name"].str.contains(r"[\u4e00-\u9fff]").all()
    assert is_cjk == (locale == "zh_CN")
    business = c["segment"] != "individual"
    company = c["company"].fillna("")
    assert (company[business] != "").all() and (company[~business] == "").all()


def test_every_table_matches_its_dictionary(small):
    tables, truth = small
    assert set(tables) == set(TABLES)
    for name, df in tables.items():
        assert list(df.columns) == [c["column"] for c in TABLES[name]["columns"]], name
        for col in TABLES[name]["columns"]:
            assert col["en"] and col["zh"], (name, col["column"])


def test_committed_files_load_without_faker():
    for name in TABLES:
        df = ds.load(name)
        assert len(df) > 0
        assert list(df.columns) == [c["column"] for c in TABLES[name]["columns"]]
    assert len(ds.load_customers()) == 2000
    assert ds.load_truth()["transactions"]["time_unit"] == "week"
    assert pd.api.types.is_datetime64_any_dtype(ds.load_transactions()["date"])


def test_loader_returns_a_copy():
    a = ds.load_customers()
    a.loc[0, "name"] = "changed"
    assert ds.load_customers().loc[0, "name"] != "changed"


def test_unknown_table():
    with pytest.raises(ValueError, match="table must be one of"):
        ds.load("customer")


@pytest.mark.parametrize("call, match", [
    (lambda: ds.generate_customers(-1), "n must be >= 0"),
    (lambda: ds.generate_customers(10, locale="fr_FR"), "locale must be one of"),
    (lambda: ds.generate_customers(10, start="2024-05-01", end="2024-01-01"), "end .* must not be before start"),
    (lambda: ds.generate_customers(10, start="yesterday-ish"), "start must be a date"),
])
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_bgnbd_truth_recovered_roughly():
    """Mean purchase rate ≈ r/α and mean dropout ≈ a/(a+b) on a large simulated population."""
    customers, _ = ds.generate_customers(6000, seed=2)
    tx, latent, truth = ds.generate_transactions(customers, seed=2)
    r, alpha, a, b = (truth["bgnbd"][k] for k in ("r", "alpha", "a", "b"))
    assert latent["lambda"].mean() == pytest.approx(r / alpha, rel=0.05)
    assert latent["dropout_p"].mean() == pytest.approx(a / (a + b), rel=0.05)
    p, q, g = (truth["gamma_gamma"][k] for k in ("p", "q", "gamma"))
    # E[amount] = p * E[1/nu] = p * gamma / (q - 1)
    assert tx["amount"].mean() == pytest.approx(p * g / (q - 1), rel=0.08)
    assert (tx.groupby("customer_id")["date"].min().sort_index().values ==
            customers.set_index("customer_id").loc[tx["customer_id"].unique(), "signup_date"].sort_index().values).all()


def test_churn_label_follows_its_logit():
    from sklearn.linear_model import LogisticRegression

    customers, _ = ds.generate_customers(8000, seed=5)
    churn, truth = ds.generate_churn(customers, seed=5)
    feats = truth["features"]
    model = LogisticRegression(C=1e6, max_iter=5000).fit(churn[feats], churn["churned"])
    true = np.array([truth["coefficients"][f] for f in feats])
    assert np.corrcoef(model.coef_[0], true)[0, 1] > 0.95
    assert 0.1 < churn["churned"].mean() < 0.3


def test_complaint_shares_and_step_order(small):
    tables, truth = small
    comp = tables["complaints"]
    steps = [c for c in comp.columns if c.startswith("at_")]
    assert len(steps) == 8
    times = comp[steps].apply(pd.to_datetime)
    diffs = times.diff(axis=1).iloc[:, 1:]
    assert (diffs.stack().dropna() >= pd.Timedelta(0)).all(), "recovery steps out of order"
    assert set(comp["type"]) <= set(truth["complaints"]["type_probs"])


def test_survey_ranges(small):
    tables, _ = small
    s = tables["survey"]
    items = [c for c in s.columns if c[:4] in ("exp_", "qual", "val_", "sat_", "comp", "loy_")]
    assert s[items].min().min() >= 1 and s[items].max().max() <= 10
    assert s["recommend"].between(0, 10).all()
    imp = s[[c for c in s.columns if c.startswith("imp_")]]
    assert (imp.sum(axis=1) == 100).all()


def test_rebuild_is_byte_identical(tmp_path):
    import faker

    committed = json.loads((ds.data_dir() / "truth.json").read_text(encoding="utf-8"))
    if committed["faker_version"] != faker.VERSION:
        pytest.skip(f"datasets were built with Faker {committed['faker_version']}, this is {faker.VERSION}")
    ds.build(tmp_path)
    names = sorted(p.name for p in ds.data_dir().iterdir() if p.is_file())
    match, mismatch, errors = filecmp.cmpfiles(ds.data_dir(), tmp_path, names, shallow=False)
    assert not mismatch and not errors, (mismatch, errors)


def test_describe_is_bilingual():
    d = ds.describe("transactions")
    assert {"column", "en", "zh"} <= set(d.columns)
