"""A mini data warehouse (数据仓库): the synthetic data as a star schema in SQLite.

A data warehouse is "a subject-oriented, integrated, time-variant, non-volatile collection
of data in support of management decisions" (Inmon). :func:`build_warehouse` loads the
course data sets into a star schema (星型模式) of fact and dimension tables in an embedded
SQLite database (Python's standard library), leaving out personal data (names, phones,
emails) that analysis does not need. :func:`rollup` and :data:`OLAP_QUERIES` answer
OLAP-style questions in SQL; :func:`segment_customers` runs one data-mining task (数据挖掘),
an RFM segmentation with k-means, on data read back from the warehouse.

The functions are re-exported by :mod:`labkit.implementation` (``lk.build_warehouse()``).

Examples
--------
>>> con = build_warehouse()
>>> query(con, "SELECT COUNT(*) AS n FROM fact_sales")["n"].item()
12237
"""
from __future__ import annotations

import sqlite3
from typing import Sequence

from labkit._validate import integer, names, one_of, seed as _seed, timestamp
from labkit.errors import bilingual

__all__ = ["WAREHOUSE_TABLES", "OLAP_QUERIES", "build_warehouse", "query", "rollup", "olap",
           "rfm_features", "segment_customers"]

# table -> (kind, what one row is, columns with their meaning). The notebook shows this table.
WAREHOUSE_TABLES: dict[str, tuple[str, str, str]] = {
    "dim_date": ("dimension", "one calendar day", "date_key (YYYYMMDD), date, year, quarter, month (YYYY-MM), weekday"),
    "dim_customer": ("dimension", "one customer (no personal data)",
                     "customer_key, customer_id, segment, acquisition_channel, gender, age_band, city, signup_month"),
    "dim_channel": ("dimension", "one sales or complaint channel", "channel_key, code, kind (sales/complaint), en, zh"),
    "dim_category": ("dimension", "one product category", "category_key, code, en, zh"),
    "fact_sales": ("fact", "one purchase", "transaction_id, date_key, customer_key, channel_key, category_key, amount"),
    "fact_complaint": ("fact", "one complaint",
                       "complaint_id, date_key, customer_key, channel_key, type, cause, status, "
                       "resolution_hours, outcome, satisfaction_after"),
    "fact_survey": ("fact", "one survey response", "respondent_id, customer_key, overall_satisfaction, recommend"),
}

_SCHEMA = """
CREATE TABLE dim_date (date_key INTEGER PRIMARY KEY, date TEXT NOT NULL, year INTEGER NOT NULL,
    quarter INTEGER NOT NULL, month TEXT NOT NULL, weekday INTEGER NOT NULL);
CREATE TABLE dim_customer (customer_key INTEGER PRIMARY KEY, customer_id TEXT UNIQUE NOT NULL,
    segment TEXT NOT NULL, acquisition_channel TEXT NOT NULL, gender TEXT, age_band TEXT, city TEXT,
    signup_month TEXT);
CREATE TABLE dim_channel (channel_key INTEGER PRIMARY KEY, code TEXT NOT NULL, kind TEXT NOT NULL,
    en TEXT NOT NULL, zh TEXT NOT NULL, UNIQUE (code, kind));
CREATE TABLE dim_category (category_key INTEGER PRIMARY KEY, code TEXT UNIQUE NOT NULL, en TEXT NOT NULL,
    zh TEXT NOT NULL);
CREATE TABLE fact_sales (transaction_id TEXT PRIMARY KEY,
    date_key INTEGER NOT NULL REFERENCES dim_date, customer_key INTEGER NOT NULL REFERENCES dim_customer,
    channel_key INTEGER NOT NULL REFERENCES dim_channel, category_key INTEGER NOT NULL REFERENCES dim_category,
    amount REAL NOT NULL);
CREATE TABLE fact_complaint (complaint_id TEXT PRIMARY KEY,
    date_key INTEGER NOT NULL REFERENCES dim_date, customer_key INTEGER NOT NULL REFERENCES dim_customer,
    channel_key INTEGER NOT NULL REFERENCES dim_channel, type TEXT NOT NULL, cause TEXT NOT NULL,
    status TEXT NOT NULL, resolution_hours REAL, outcome TEXT, satisfaction_after INTEGER);
CREATE TABLE fact_survey (respondent_id TEXT PRIMARY KEY, customer_key INTEGER NOT NULL REFERENCES dim_customer,
    overall_satisfaction INTEGER, recommend INTEGER);
CREATE INDEX ix_sales_date ON fact_sales(date_key);
CREATE INDEX ix_sales_customer ON fact_sales(customer_key);
"""

# Dimensions a roll-up may group by: name -> (SQL expression, join needed).
_DIMENSIONS = {
    "year": "d.year", "quarter": "d.quarter", "month": "d.month",
    "channel": "ch.code", "category": "cat.code", "segment": "cu.segment",
    "acquisition_channel": "cu.acquisition_channel", "age_band": "cu.age_band", "gender": "cu.gender",
}
_MEASURES = {"revenue": "SUM(f.amount)", "transactions": "COUNT(*)",
             "customers": "COUNT(DISTINCT f.customer_key)", "avg_amount": "AVG(f.amount)"}
_STAR = ("fact_sales f JOIN dim_date d USING (date_key) JOIN dim_customer cu USING (customer_key) "
         "JOIN dim_channel ch USING (channel_key) JOIN dim_category cat USING (category_key)")

# Named OLAP questions, answered in plain SQL on the star schema.
OLAP_QUERIES: dict[str, str] = {
    "revenue_by_month_channel": f"""
        SELECT d.month, ch.code AS channel, ROUND(SUM(f.amount), 2) AS revenue, COUNT(*) AS transactions
        FROM {_STAR} GROUP BY d.month, ch.code ORDER BY d.month, ch.code""",
    "revenue_by_segment_year": f"""
        SELECT cu.segment, d.year, ROUND(SUM(f.amount), 2) AS revenue,
               COUNT(DISTINCT f.customer_key) AS customers,
               ROUND(SUM(f.amount) / COUNT(DISTINCT f.customer_key), 2) AS revenue_per_customer
        FROM {_STAR} GROUP BY cu.segment, d.year ORDER BY cu.segment, d.year""",
    "complaints_by_type_year": """
        SELECT c.type, d.year, COUNT(*) AS complaints,
               ROUND(AVG(c.resolution_hours), 2) AS mean_resolution_hours,
               ROUND(AVG(c.outcome = 'resolved'), 4) AS resolved_share
        FROM fact_complaint c JOIN dim_date d USING (date_key)
        GROUP BY c.type, d.year ORDER BY c.type, d.year""",
    "satisfaction_by_segment": """
        SELECT cu.segment, COUNT(*) AS respondents, ROUND(AVG(s.overall_satisfaction), 3) AS mean_satisfaction,
               ROUND(100.0 * (AVG(s.recommend >= 9) - AVG(s.recommend <= 6)), 2) AS nps
        FROM fact_survey s JOIN dim_customer cu USING (customer_key)
        GROUP BY cu.segment ORDER BY cu.segment""",
}


def _age_band(age: int) -> str:
    for hi, band in ((24, "18-24"), (34, "25-34"), (44, "35-44"), (54, "45-54"), (64, "55-64")):
        if age <= hi:
            return band
    return "65+"


def build_warehouse(con: sqlite3.Connection | None = None) -> sqlite3.Connection:
    """Load customers, transactions, complaints and the survey into a star schema.

    Dimension tables: ``dim_date``, ``dim_customer``, ``dim_channel``, ``dim_category``;
    fact tables: ``fact_sales``, ``fact_complaint``, ``fact_survey`` (see
    :data:`WAREHOUSE_TABLES`). Surrogate integer keys link facts to dimensions; personal
    data (name, phone, email, company) stays out.

    Parameters
    ----------
    con : sqlite3.Connection, optional
        Where to build it; a new in-memory database by default. Existing warehouse tables
        are dropped and rebuilt, so calling twice is safe and gives the same content.

    Returns
    -------
    sqlite3.Connection

    Examples
    --------
    >>> con = build_warehouse()
    >>> con = build_warehouse(con)
    >>> query(con, "SELECT COUNT(*) AS n FROM dim_customer")["n"].item()
    2000
    """
    import pandas as pd

    from labkit.curriculum import COMPLAINT_CHANNELS, PRODUCT_CATEGORIES, SALES_CHANNELS
    from labkit.datasets import load_complaints, load_customers, load_survey, load_transactions

    if con is None:
        con = sqlite3.connect(":memory:")
    if not isinstance(con, sqlite3.Connection):
        raise TypeError(bilingual(f"con must be a sqlite3.Connection or None, got {type(con).__name__}"))
    customers, sales = load_customers(), load_transactions()
    complaints, survey = load_complaints(), load_survey()

    seen = pd.concat([sales["date"], complaints["received_at"].dt.normalize()])
    # a full calendar (every day of the years covered), not only the days with events
    days = pd.Series(pd.date_range(f"{seen.min().year}-01-01", f"{seen.max().year}-12-31", freq="D"))
    dim_date = pd.DataFrame({"date_key": days.dt.strftime("%Y%m%d").astype(int), "date": days.dt.strftime("%Y-%m-%d"),
                             "year": days.dt.year, "quarter": days.dt.quarter, "month": days.dt.strftime("%Y-%m"),
                             "weekday": days.dt.day_of_week + 1})
    cust = customers.sort_values("customer_id").reset_index(drop=True)
    dim_customer = pd.DataFrame({
        "customer_key": cust.index + 1, "customer_id": cust["customer_id"], "segment": cust["segment"],
        "acquisition_channel": cust["channel"], "gender": cust["gender"],
        "age_band": cust["age"].map(_age_band), "city": cust["city"],
        "signup_month": cust["signup_date"].dt.strftime("%Y-%m")})
    channels = [(t.code, "sales", t.en, t.zh) for t in SALES_CHANNELS] + \
               [(t.code, "complaint", t.en, t.zh) for t in COMPLAINT_CHANNELS]
    dim_channel = pd.DataFrame(channels, columns=["code", "kind", "en", "zh"])
    dim_channel.insert(0, "channel_key", range(1, len(dim_channel) + 1))
    dim_category = pd.DataFrame([(i, t.code, t.en, t.zh) for i, t in enumerate(PRODUCT_CATEGORIES, 1)],
                                columns=["category_key", "code", "en", "zh"])

    ckey = dict(zip(dim_customer["customer_id"], dim_customer["customer_key"]))
    chkey = {(c, k): i for i, c, k in dim_channel[["channel_key", "code", "kind"]].itertuples(index=False)}
    catkey = dict(zip(dim_category["code"], dim_category["category_key"]))
    fact_sales = pd.DataFrame({
        "transaction_id": sales["transaction_id"], "date_key": sales["date"].dt.strftime("%Y%m%d").astype(int),
        "customer_key": sales["customer_id"].map(ckey),
        "channel_key": [chkey[(c, "sales")] for c in sales["channel"]],
        "category_key": sales["category"].map(catkey), "amount": sales["amount"]})
    fact_complaint = pd.DataFrame({
        "complaint_id": complaints["complaint_id"],
        "date_key": complaints["received_at"].dt.strftime("%Y%m%d").astype(int),
        "customer_key": complaints["customer_id"].map(ckey),
        "channel_key": [chkey[(c, "complaint")] for c in complaints["channel"]],
        "type": complaints["type"], "cause": complaints["cause"], "status": complaints["status"],
        "resolution_hours": complaints["resolution_hours"], "outcome": complaints["outcome"],
        "satisfaction_after": complaints["satisfaction_after"]})
    fact_survey = pd.DataFrame({"respondent_id": survey["respondent_id"],
                                "customer_key": survey["customer_id"].map(ckey),
                                "overall_satisfaction": survey["overall_satisfaction"],
                                "recommend": survey["recommend"]})
    for name, df in (("fact_sales", fact_sales), ("fact_complaint", fact_complaint), ("fact_survey", fact_survey)):
        if df["customer_key"].isna().any():
            raise ValueError(bilingual(f"{name}: some rows name a customer_id that is not in the customers table"))

    with con:
        for table in reversed(list(WAREHOUSE_TABLES)):
            con.execute(f"DROP TABLE IF EXISTS {table}")
        con.executescript(_SCHEMA)
        for name, df in (("dim_date", dim_date), ("dim_customer", dim_customer), ("dim_channel", dim_channel),
                         ("dim_category", dim_category), ("fact_sales", fact_sales),
                         ("fact_complaint", fact_complaint), ("fact_survey", fact_survey)):
            cols = ", ".join(df.columns)
            marks = ", ".join("?" * len(df.columns))
            rows = df.astype(object).where(df.notna(), None).itertuples(index=False, name=None)
            con.executemany(f"INSERT INTO {name} ({cols}) VALUES ({marks})", rows)
    return con


def _connection(con) -> sqlite3.Connection:
    if not isinstance(con, sqlite3.Connection):
        raise TypeError(f"con must be a sqlite3 connection such as build_warehouse() returns, "
                        f"got {type(con).__name__} {con!r}"[:200])
    return con


def query(con: sqlite3.Connection, sql: str, params: Sequence = ()):
    """Run a SQL query on the warehouse and return the result as a DataFrame.

    Examples
    --------
    >>> con = build_warehouse()
    >>> query(con, "SELECT code FROM dim_category ORDER BY category_key LIMIT 2")["code"].tolist()
    ['electronics', 'home']
    """
    import pandas as pd

    _connection(con)
    if not isinstance(sql, str) or not sql.strip():
        raise ValueError(bilingual("sql must be a non-empty SQL string"))
    try:
        return pd.read_sql_query(sql, con, params=tuple(params))
    except (sqlite3.Error, pd.errors.DatabaseError) as err:
        raise ValueError(bilingual(f"the SQL query failed: {err}")) from None


def rollup(con: sqlite3.Connection, dims: Sequence[str], measure: str = "revenue", *, where: str | None = None):
    """An OLAP roll-up of ``fact_sales``: the measure by ``dims`` with subtotals and a grand total.

    SQLite has no ``GROUP BY ROLLUP``, so the grouping sets (d1, d2, …), (d1, …), …, () are
    computed as a ``UNION ALL``; a rolled-up dimension shows "(all)".

    Parameters
    ----------
    dims : sequence of str
        Dimensions, from the coarsest: year, quarter, month, channel, category, segment,
        acquisition_channel, age_band, gender.
    measure : {"revenue", "transactions", "customers", "avg_amount"}
    where : str, optional
        A SQL condition on the star (aliases ``d``, ``cu``, ``ch``, ``cat``, ``f``), e.g. "d.year = 2025".

    Examples
    --------
    >>> con = build_warehouse()
    >>> r = rollup(con, ["year"], "transactions")
    >>> r["year"].tolist(), int(r["transactions"].iloc[-1])
    (['2024', '2025', '(all)'], 12237)
    """
    _connection(con)
    dims = names("dims", dims)
    for d in dims:
        one_of("dims", d, list(_DIMENSIONS))
    if len(set(dims)) != len(dims):
        raise ValueError(bilingual(f"dims must not repeat a dimension, got {dims!r}"))
    one_of("measure", measure, list(_MEASURES))
    cond = f" WHERE {where}" if where else ""
    parts = []
    for level in range(len(dims), -1, -1):
        cols = [f"CAST({_DIMENSIONS[d]} AS TEXT) AS {d}" if i < level else f"'(all)' AS {d}"
                for i, d in enumerate(dims)]
        group = f" GROUP BY {', '.join(_DIMENSIONS[d] for d in dims[:level])}" if level else ""
        parts.append(f"SELECT {', '.join(cols + [f'{_MEASURES[measure]} AS {measure}', f'{level} AS level'])} "
                     f"FROM {_STAR}{cond}{group}")
    sql = " UNION ALL ".join(parts)
    order = ", ".join([f"({d} = '(all)'), {d}" for d in dims] + ["level DESC"])
    out = query(con, f"SELECT * FROM ({sql}) ORDER BY {order}")
    return out.drop(columns="level")


def olap(con: sqlite3.Connection, name: str):
    """Run one of the named :data:`OLAP_QUERIES`.

    Examples
    --------
    >>> con = build_warehouse()
    >>> olap(con, "satisfaction_by_segment")["segment"].tolist()
    ['enterprise', 'individual', 'small_business']
    """
    one_of("name", name, list(OLAP_QUERIES))
    return query(con, OLAP_QUERIES[name])


def rfm_features(con: sqlite3.Connection, as_of: str | None = None):
    """Recency (days), frequency and monetary value per customer, computed in SQL.

    ``as_of`` ("YYYY-MM-DD") is the analysis date; by default the day after the last sale.

    Examples
    --------
    >>> con = build_warehouse()
    >>> list(rfm_features(con).columns)
    ['customer_id', 'segment', 'recency', 'frequency', 'monetary']
    """
    _connection(con)
    if as_of is None:
        as_of = query(con, "SELECT DATE(MAX(d.date), '+1 day') AS a FROM fact_sales JOIN dim_date d USING (date_key)")["a"].item()
    else:
        as_of = timestamp("as_of", as_of).strftime("%Y-%m-%d")
    sql = """
        SELECT cu.customer_id, cu.segment,
               CAST(JULIANDAY(?) - JULIANDAY(MAX(d.date)) AS INTEGER) AS recency,
               COUNT(*) AS frequency, ROUND(SUM(f.amount), 2) AS monetary
        FROM fact_sales f JOIN dim_date d USING (date_key) JOIN dim_customer cu USING (customer_key)
        WHERE d.date < ?
        GROUP BY cu.customer_id, cu.segment ORDER BY cu.customer_id"""
    out = query(con, sql, (as_of, as_of))
    if out.empty:
        raise ValueError(bilingual(f"as_of must be after the first sale in the warehouse, got {as_of!r}: no sales before it"))
    return out


def segment_customers(con: sqlite3.Connection, k: int = 4, *, seed: int = 0):
    """RFM segmentation with k-means: the data-mining task of the warehouse (links to chapter 1's tiers).

    Features are log-scaled recency, frequency and monetary value, standardised; clusters
    are renumbered so that segment 1 has the highest mean monetary value.

    Returns
    -------
    (customers, profile) : tuple of DataFrames
        ``customers`` adds ``cluster`` to :func:`rfm_features`; ``profile`` has one row per
        cluster: customers, mean recency/frequency/monetary, share of revenue.

    Examples
    --------
    >>> con = build_warehouse()
    >>> cust, prof = segment_customers(con, k=3)
    >>> prof.index.tolist(), bool(prof["monetary"].is_monotonic_decreasing)
    ([1, 2, 3], True)
    """
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    k = integer("k", k, low=2)
    seed = _seed("seed", seed)
    rfm = rfm_features(con)
    if k > len(rfm):
        raise ValueError(bilingual(f"k must be at most the number of customers ({len(rfm)}), got {k}"))
    x = StandardScaler().fit_transform(np.log1p(rfm[["recency", "frequency", "monetary"]].to_numpy(float)))
    # one thread: on a small table, OpenMP threads only fight over shared classroom CPUs (20x slower)
    with threadpool_limits(1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(x)
    means = rfm.groupby(labels)["monetary"].mean().sort_values(ascending=False)
    rename = {old: new for new, old in enumerate(means.index, start=1)}
    rfm = rfm.assign(cluster=[rename[c] for c in labels])
    prof = rfm.groupby("cluster").agg(customers=("customer_id", "size"), recency=("recency", "mean"),
                                      frequency=("frequency", "mean"), monetary=("monetary", "mean"),
                                      revenue=("monetary", "sum"))
    prof["revenue_share"] = prof["revenue"] / prof["revenue"].sum()
    return rfm, prof.drop(columns="revenue")
