"""Reading the committed data sets and writing them anew."""
from __future__ import annotations

import functools
from functools import partial
import json
import os
from pathlib import Path

import pandas as pd

from labkit.datasets.dictionary import TABLES, render_markdown
from labkit.errors import bilingual

__all__ = ["data_dir", "load", "load_truth", "describe", "build", "load_customers", "load_transactions",
           "load_customer_truth", "load_complaints", "load_survey", "load_churn", "load_crm_funnel",
           "load_crm_cashflows"]

ENV_VAR = "LABKIT_DATA"


def data_dir() -> Path:
    """The folder holding the committed CSVs.

    ``$LABKIT_DATA`` when set (graders point it at a copy), else ``datasets/`` of the
    CRM Lab checkout that labkit was installed from, else the copy a student edition packs
    inside the installed package (``labkit/datasets/data/``).
    """
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env)
    else:
        path = Path(__file__).resolve().parents[2] / "datasets"
        packed = Path(__file__).resolve().parent / "data"
        if not (path / "customers.csv").is_file() and (packed / "customers.csv").is_file():
            path = packed
    if not (path / "customers.csv").is_file():
        raise FileNotFoundError(
            f"CRM Lab data not found in the folder named by ${ENV_VAR} or the repository's datasets/; "
            "run `labkit datasets build` or set LABKIT_DATA to the folder holding customers.csv")
    return path


@functools.lru_cache(maxsize=None)
def _read(table: str, folder: str) -> pd.DataFrame:
    cols = TABLES[table]["columns"]
    parse = [c["column"] for c in cols if c["dtype"] in ("date", "datetime")]
    dtypes = {c["column"]: "string" for c in cols if c["dtype"] in ("string", "category")}
    dtypes.update({c["column"]: "bool" for c in cols if c["dtype"] == "bool"})
    df = pd.read_csv(Path(folder) / TABLES[table]["file"], dtype=dtypes, parse_dates=parse,
                     keep_default_na=False, na_values={c: [""] for c in parse + [
                         c["column"] for c in cols if c["dtype"] == "float"]})
    for c in cols:
        if c["dtype"] in ("string", "category"):
            df[c["column"]] = df[c["column"]].astype(object)
    return df


def load(table: str) -> pd.DataFrame:
    """A fresh copy of one committed table (see :data:`TABLES` for the names).

    Examples
    --------
    >>> load("customers").columns[0]
    'customer_id'
    >>> load("custmers")
    Traceback (most recent call last):
    ...
    ValueError: table must be one of customers, transactions, customer_truth, complaints, survey, churn, crm_funnel, crm_cashflows; got 'custmers'
    table 必须是 customers, transactions, customer_truth, complaints, survey, churn, crm_funnel, crm_cashflows 之一，收到的是 'custmers'
    """
    if table not in TABLES:
        raise ValueError(bilingual(f"table must be one of {', '.join(TABLES)}; got {table!r}"))
    return _read(table, str(data_dir())).copy()


def load_truth() -> dict:
    """The parameters the committed data was simulated from (``truth.json``).

    Examples
    --------
    >>> load_truth()["transactions"]["bgnbd"]["r"]
    0.9
    """
    return json.loads((data_dir() / "truth.json").read_text(encoding="utf-8"))


def describe(table: str) -> pd.DataFrame:
    """The data card of ``table``: column, type, unit and meaning in English and Chinese.

    Examples
    --------
    >>> describe("churn").loc[0, "column"]
    'customer_id'
    """
    if table not in TABLES:
        raise ValueError(bilingual(f"table must be one of {', '.join(TABLES)}; got {table!r}"))
    return pd.DataFrame(TABLES[table]["columns"])


def _to_csv(df: pd.DataFrame, table: str, path: Path) -> None:
    out = df.copy()
    for c in TABLES[table]["columns"]:
        name = c["column"]
        if c["dtype"] == "date":
            out[name] = pd.to_datetime(out[name]).dt.strftime("%Y-%m-%d")
        elif c["dtype"] == "datetime":
            out[name] = pd.to_datetime(out[name]).dt.strftime("%Y-%m-%d %H:%M")
    if list(out.columns) != [c["column"] for c in TABLES[table]["columns"]]:
        raise RuntimeError(f"{table}: columns do not match the data dictionary")
    out.to_csv(path, index=False, lineterminator="\n", na_rep="")


def build(out: str | Path | None = None, *, n_customers: int = 2000, seed: int = 0,
          locale: str = "zh_CN") -> Path:
    """Regenerate every table, ``truth.json`` and the data dictionary into ``out``.

    Needs Faker (the loaders do not). The same seed, locale and Faker version give
    byte-identical files.
    """
    import faker

    from labkit.datasets.generators import generate_all

    folder = Path(out) if out is not None else Path(__file__).resolve().parents[2] / "datasets"
    folder.mkdir(parents=True, exist_ok=True)
    tables, truth = generate_all(n_customers, seed=seed, locale=locale)
    for name, df in tables.items():
        _to_csv(df, name, folder / TABLES[name]["file"])
    truth = {"faker_version": faker.VERSION, "n_customers": n_customers, **truth}
    (folder / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(render_markdown(faker.VERSION, {k: len(v) for k, v in tables.items()}),
                                      encoding="utf-8")
    _read.cache_clear()
    return folder


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
