"""Synthetic data generators: Faker for the human surface, numpy for behaviour from known models.

Every generator takes ``seed=`` and ``locale=`` (``"zh_CN"`` by default, ``"en_US"`` too) and
returns DataFrames plus a ``truth`` dict with the parameters the behaviour was simulated from,
so an exercise can ask a student to recover the truth and a check can know the answer.
Each generator draws from its own random stream (``numpy.random.default_rng([seed, k])``), so
changing one data set never shifts another.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import curriculum as cur
from labkit._validate import dataframe, integer, number, one_of, timestamp
from labkit._validate import MAX_SEED
from labkit.datasets._faker import LOCALES, city_pool, make_faker, pool
from labkit.errors import bilingual

__all__ = [
    "DEFAULT_DATES",
    "BGNBD_TRUTH",
    "GAMMA_GAMMA_TRUTH",
    "ACSI_TRUTH",
    "CHURN_TRUTH",
    "generate_customers",
    "generate_transactions",
    "generate_complaints",
    "generate_survey",
    "generate_churn",
    "generate_crm_projects",
    "generate_all",
]

DEFAULT_DATES = {
    "signup_start": "2024-01-01",
    "signup_end": "2024-12-31",
    "calibration_end": "2025-06-30",
    "observation_end": "2025-12-31",
}

# Repeat buying per week (Fader, Hardie & Lee 2005 notation): lambda ~ Gamma(r, alpha),
# dropout probability after each repeat purchase p ~ Beta(a, b).
BGNBD_TRUTH = {"r": 0.9, "alpha": 6.0, "a": 1.0, "b": 5.0}
# Spend per transaction z ~ Gamma(p, nu), nu ~ Gamma(q, gamma) (Fader & Hardie 2013), yuan.
GAMMA_GAMMA_TRUTH = {"p": 6.0, "q": 4.0, "gamma": 120.0}

# Standardised ACSI path coefficients the survey's latent scores follow.
ACSI_TRUTH = {
    ("expectation", "quality"): 0.50,
    ("expectation", "value"): 0.20,
    ("quality", "value"): 0.50,
    ("expectation", "satisfaction"): 0.10,
    ("quality", "satisfaction"): 0.45,
    ("value", "satisfaction"): 0.35,
    ("satisfaction", "complaints"): -0.40,
    ("satisfaction", "loyalty"): 0.55,
    ("complaints", "loyalty"): -0.20,
}

# Churn: logit P(churn) = intercept + sum(coef * feature), features in the units of the table.
CHURN_TRUTH = {
    "intercept": -0.1,
    "tenure_months": -0.045,
    "late_payments": 0.55,
    "auto_pay": -0.8,
    "orders_90d": -0.30,
    "order_trend": -1.5,
    "complaints_12m": 0.45,
    "unresolved_complaint": 1.1,
    "discount_share": 1.2,
    "annual_contract": -0.9,
}

_SEGMENT_PROBS = (0.80, 0.15, 0.05)
# Acquisition channel mix per segment, in the order of curriculum.ACQUISITION_CHANNELS.
_CHANNEL_PROBS = {
    "individual": (0.30, 0.35, 0.15, 0.20, 0.00),
    "small_business": (0.30, 0.15, 0.25, 0.10, 0.20),
    "enterprise": (0.05, 0.00, 0.25, 0.00, 0.70),
}


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([integer("seed", seed, low=0, high=MAX_SEED), stream])


# Largest table a generator builds: far beyond the course data (2,000 customers), small enough for RAM.
MAX_ROWS = 10_000_000


def _check_common(n: int | None, locale: str) -> int | None:
    if n is not None:
        n = integer("n", n, low=0, high=MAX_ROWS)
    one_of("locale", locale, LOCALES)
    return n


def _customers(customers, columns) -> pd.DataFrame:
    return dataframe("customers", customers, columns, allow_empty=True)


def _date(name: str, value) -> pd.Timestamp:
    return timestamp(name, value)


def _dates_in_order(**named) -> dict[str, pd.Timestamp]:
    out = {k: _date(k, v) for k, v in named.items()}
    keys = list(out)
    for a, b in zip(keys, keys[1:]):
        if out[b] < out[a]:
            raise ValueError(bilingual(f"{b} ({out[b].date()}) must not be before {a} ({out[a].date()})"))
    return out


def _choice(rng, items, size, p=None):
    idx = rng.choice(len(items), size=size, p=p)
    return np.asarray(items, dtype=object)[idx]


def _choice_within(rng, parent: np.ndarray, codes, probs_by_parent: dict) -> np.ndarray:
    """Draw a child category per row with probabilities that depend on the row's parent category."""
    child = np.empty(len(parent), dtype=object)
    for value, probs in probs_by_parent.items():
        mask = parent == value
        child[mask] = _choice(rng, codes, int(mask.sum()), p=probs)
    return child


def generate_customers(n: int = 2000, *, seed: int = 0, locale: str = "zh_CN",
                       start: str = DEFAULT_DATES["signup_start"],
                       end: str = DEFAULT_DATES["signup_end"]) -> tuple[pd.DataFrame, dict]:
    """Customers with names, demographics, a signup date, acquisition channel and segment.

    Parameters
    ----------
    n : int
        Number of customers (>= 0).
    seed : int
        Random seed; the same seed and Faker version give the same table.
    locale : {"zh_CN", "en_US"}
        Faker locale for names, cities, companies and phone numbers.
    start, end : str
        Signup dates are uniform on [start, end].

    Returns
    -------
    customers : DataFrame
        customer_id, name, gender, age, city, signup_date, channel, segment, company, phone, email.
    truth : dict
        The segment and channel probabilities and the age model.

    Examples
    --------
    >>> df, truth = generate_customers(5, seed=1, locale="en_US")
    >>> list(df.columns)[:4], len(df)
    (['customer_id', 'name', 'gender', 'age'], 5)
    >>> generate_customers(-1)
    Traceback (most recent call last):
    ...
    ValueError: n must be >= 0, got -1
    n 必须 ≥ 0，收到的是 -1
    """
    n = _check_common(integer("n", n, low=0, high=MAX_ROWS), locale)
    d = _dates_in_order(start=start, end=end)
    rng = _rng(seed, 1)
    fake = make_faker(locale, seed)
    # Faker's zh_CN name_male/name_female mix genders; building names from the gendered
    # given-name lists keeps name and gender consistent in both locales.
    sep = "" if locale == "zh_CN" else " "
    def named(first):
        return (lambda: fake.last_name() + first()) if locale == "zh_CN" else (lambda: first() + sep + fake.last_name())
    male, female = pool(named(fake.first_name_male), 600), pool(named(fake.first_name_female), 600)
    cities = city_pool(fake, locale)
    companies = pool(fake.company, 400)
    phones = pool(fake.phone_number, 300)
    users = pool(fake.user_name, 400)
    domains = pool(fake.free_email_domain, 20)

    gender = np.where(rng.random(n) < 0.52, "F", "M")
    names = np.where(gender == "F", _choice(rng, female, n), _choice(rng, male, n))
    age = np.clip(np.rint(rng.normal(38, 11, n)), 18, 75).astype(int)
    city_w = 1.0 / np.arange(1, len(cities) + 1) ** 0.9
    city = _choice(rng, cities, n, p=city_w / city_w.sum())
    days = (d["end"] - d["start"]).days
    signup = d["start"] + pd.to_timedelta(rng.integers(0, days + 1, n), unit="D")
    seg_codes = [t.code for t in cur.SEGMENTS]
    segment = _choice(rng, seg_codes, n, p=_SEGMENT_PROBS)
    ch_codes = [t.code for t in cur.ACQUISITION_CHANNELS]
    channel = _choice_within(rng, segment, ch_codes, {s: _CHANNEL_PROBS[s] for s in seg_codes})
    company = np.where(segment == "individual", "", _choice(rng, companies, n))
    tail = rng.integers(0, 10_000, n)
    phone = [p[:-4] + f"{t:04d}" for p, t in zip(_choice(rng, phones, n), tail)]
    ids = [f"C{i:05d}" for i in range(1, n + 1)]
    email = [f"{u}{i[1:]}@{dom}" for u, i, dom in zip(_choice(rng, users, n), ids, _choice(rng, domains, n))]
    df = pd.DataFrame({
        "customer_id": ids, "name": names, "gender": gender, "age": age, "city": city,
        "signup_date": signup, "channel": channel, "segment": segment, "company": company,
        "phone": phone, "email": email,
    })
    truth = {
        "n": n, "segment_probs": dict(zip(seg_codes, _SEGMENT_PROBS)),
        "channel_probs": {s: dict(zip(ch_codes, p)) for s, p in _CHANNEL_PROBS.items()},
        "age": {"mean": 38, "sd": 11, "min": 18, "max": 75},
        "signup_start": str(d["start"].date()), "signup_end": str(d["end"].date()),
    }
    return df, truth


def generate_transactions(customers: pd.DataFrame, *, seed: int = 0,
                          bgnbd: dict | None = None, gamma_gamma: dict | None = None,
                          calibration_end: str = DEFAULT_DATES["calibration_end"],
                          observation_end: str = DEFAULT_DATES["observation_end"],
                          ) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Purchases simulated from a BG/NBD process with Gamma-Gamma spend, time in weeks.

    Each customer buys first on the signup date. Repeat purchases follow a Poisson process
    with rate ``lambda ~ Gamma(r, alpha)`` per week; after each repeat purchase the customer
    drops out for good with probability ``p ~ Beta(a, b)``. Each purchase's amount is
    ``Gamma(p, nu)`` with ``nu ~ Gamma(q, gamma)`` per customer (Fader & Hardie 2013).

    Parameters
    ----------
    customers : DataFrame
        Needs ``customer_id``, ``signup_date`` and ``segment`` (from :func:`generate_customers`).
    seed : int
        Random seed.
    bgnbd, gamma_gamma : dict, optional
        Override the true parameters (keys r, alpha, a, b and p, q, gamma; all > 0).
    calibration_end, observation_end : str
        Split date for calibration/holdout and the end of the data.

    Returns
    -------
    transactions : DataFrame
        transaction_id, customer_id, date, amount (yuan), channel, category.
    latent : DataFrame
        Per customer: the true ``lambda``, ``dropout_p``, ``nu``, ``mean_spend`` and whether the
        customer is still alive at the calibration and observation ends.
    truth : dict
        The population parameters, time unit and dates.

    Examples
    --------
    >>> c, _ = generate_customers(50, seed=2, locale="en_US")
    >>> tx, latent, truth = generate_transactions(c, seed=2)
    >>> truth["bgnbd"]["r"], bool((tx.groupby("customer_id").size() >= 1).all())
    (0.9, True)
    """
    missing = {"customer_id", "signup_date", "segment"} - set(_customers(customers, []).columns)
    if missing:
        raise ValueError(bilingual(f"customers is missing column(s) {sorted(missing)}; use generate_customers()"))
    bg = {**BGNBD_TRUTH, **(bgnbd or {})}
    gg = {**GAMMA_GAMMA_TRUTH, **(gamma_gamma or {})}
    for k, v in {**bg, **gg}.items():
        number(k, v, low=0, low_open=True)
    if set(bg) != set(BGNBD_TRUTH) or set(gg) != set(GAMMA_GAMMA_TRUTH):
        raise ValueError(bilingual("bgnbd takes keys r, alpha, a, b; gamma_gamma takes keys p, q, gamma"))
    signup = pd.to_datetime(customers["signup_date"]).to_numpy()
    d = _dates_in_order(last_signup=pd.Timestamp(signup.max()) if len(signup) else calibration_end,
                        calibration_end=calibration_end, observation_end=observation_end)
    rng = _rng(seed, 2)
    n = len(customers)
    lam = rng.gamma(bg["r"], 1.0 / bg["alpha"], n)
    p_drop = rng.beta(bg["a"], bg["b"], n)
    nu = rng.gamma(gg["q"], 1.0 / gg["gamma"], n)
    week = np.timedelta64(7 * 24 * 3600, "s")
    horizon = (d["observation_end"].to_datetime64() - signup) / week  # weeks observed
    # Repeat purchases before dropout ~ Geometric(p) on {1, 2, ...}; arrivals in (0, horizon]
    # given their Poisson count are uniform order statistics.
    k_drop = rng.geometric(np.clip(p_drop, 1e-12, 1))
    n_arrivals = rng.poisson(lam * horizon)
    n_repeat = np.minimum(n_arrivals, k_drop)
    owner = np.repeat(np.arange(n), n_arrivals)
    u = rng.random(owner.size) * horizon[owner]
    order = np.lexsort((u, owner))
    u, owner = u[order], owner[order]
    rank = np.arange(owner.size) - np.repeat(np.cumsum(n_arrivals) - n_arrivals, n_arrivals)
    keep = rank < n_repeat[owner]
    t_rep, who_rep = u[keep], owner[keep]
    who = np.concatenate([np.arange(n), who_rep])
    t = np.concatenate([np.zeros(n), t_rep])
    order = np.lexsort((t, who))
    who, t = who[order], t[order]
    dates = (signup[who] + (t * 7 * 86400).astype("timedelta64[s]")).astype("datetime64[D]")
    amount = np.round(rng.gamma(gg["p"], 1.0 / nu[who]), 2)
    seg = customers["segment"].to_numpy()[who]
    ch_codes = [c.code for c in cur.SALES_CHANNELS]
    ch_p = {"individual": (0.45, 0.35, 0.20), "small_business": (0.55, 0.15, 0.30),
            "enterprise": (0.70, 0.05, 0.25)}
    channel = np.empty(who.size, dtype=object)
    for s, probs in ch_p.items():
        mask = seg == s
        channel[mask] = _choice(rng, ch_codes, int(mask.sum()), p=probs)
    cats = [c.code for c in cur.PRODUCT_CATEGORIES]
    category = _choice(rng, cats, who.size, p=(0.25, 0.25, 0.2, 0.2, 0.1))
    ids = customers["customer_id"].to_numpy()
    tx = pd.DataFrame({
        "transaction_id": [f"T{i:07d}" for i in range(1, who.size + 1)],
        "customer_id": ids[who], "date": pd.to_datetime(dates), "amount": amount,
        "channel": channel, "category": category,
    })
    # Dropout happens at the time of the last repeat purchase when the customer drops.
    dropped = n_arrivals >= k_drop  # reached the dropout purchase within the horizon
    last_rep = np.zeros(n)
    has_rep = n_repeat > 0
    idx_last = np.cumsum(np.bincount(who_rep, minlength=n)) - 1
    last_rep[has_rep] = t_rep[idx_last[has_rep]]
    cal_weeks = (d["calibration_end"].to_datetime64() - signup) / week
    latent = pd.DataFrame({
        "customer_id": ids, "lambda": np.round(lam, 6), "dropout_p": np.round(p_drop, 6),
        "nu": np.round(nu, 8), "mean_spend": np.round(gg["p"] / nu, 2),
        "alive_at_calibration_end": ~(dropped & (last_rep <= cal_weeks)),
        "alive_at_observation_end": ~dropped,
    })
    truth = {
        "time_unit": "week", "bgnbd": bg, "gamma_gamma": gg,
        "calibration_end": str(d["calibration_end"].date()),
        "observation_end": str(d["observation_end"].date()),
        "mean_rate_per_week": bg["r"] / bg["alpha"],
        "mean_dropout_p": bg["a"] / (bg["a"] + bg["b"]),
        "mean_spend": gg["p"] * gg["gamma"] / (gg["q"] - 1) if gg["q"] > 1 else None,
        "n_transactions": int(who.size),
    }
    return tx, latent, truth


# Complaint text templates per type and language. Placeholders: {product}, {date}, {company},
# {order}. About one text in seven is drawn from another type's "misleading" list, so a keyword
# classifier cannot be perfect (real complaints mix topics).
_COMPLAINT_TEXT = {
    "zh_CN": {
        "quality": ["我在{date}买的{product}用了没几天就坏了，质量太差，要求退货。",
                    "收到的{product}有明显破损和质量问题，做工粗糙，希望更换。",
                    "{product}与描述不符，存在质量缺陷，订单号{order}。"],
        "contract": ["订单{order}的合同价格和实际结算不一致，要求按合同执行。",
                     "签订的购销合同约定的交货数量与实际不符，{company}需要给个说法。",
                     "合同条款里的退款约定没有兑现，订单号{order}。"],
        "transport": ["订单{order}的{product}物流太慢，已经延误一周还没送到。",
                      "快递运输途中货物被压坏，包装破损，{company}的配送有问题。",
                      "送货地址写对了却被送错，物流信息一直不更新。"],
        "service": ["客服态度很差，电话里不耐烦，问题推来推去。",
                    "门店店员服务态度恶劣，对{product}的问题不理不睬。",
                    "打了三次客服热线都没人回复，服务太差了。"],
        "suggestion": ["建议增加线上自助退换货功能，可以降低大家的成本。",
                       "希望贵公司提供{product}的使用培训，提升服务水平。",
                       "提个建议：会员积分可以用来抵扣运费。"],
    },
    "en_US": {
        "quality": ["The {product} I bought on {date} broke after a few days; poor quality, I want a refund.",
                    "The {product} arrived with visible defects and cheap workmanship; please replace it.",
                    "The {product} does not match the description and has a quality defect, order {order}."],
        "contract": ["The price on my contract for order {order} differs from what I was charged.",
                     "The quantity in our purchase contract with {company} was not delivered as agreed.",
                     "The refund clause in the contract was not honoured, order {order}."],
        "transport": ["Order {order} ({product}) is a week late and the shipment has still not arrived.",
                      "The parcel was crushed in transit and the packaging was damaged; {company} delivery failed.",
                      "The delivery went to the wrong address and the tracking never updates."],
        "service": ["The support agent was rude and impatient on the phone and kept passing me around.",
                    "Store staff had a bad attitude and ignored my questions about the {product}.",
                    "I called the service hotline three times and nobody ever replied; terrible service."],
        "suggestion": ["Suggestion: add online self-service returns, it would lower costs for everyone.",
                       "Please offer training on using the {product}; it would raise your service level.",
                       "A proposal: let members use loyalty points to pay for shipping."],
    },
}
_MISLEADING = {
    "zh_CN": ["{product}送来的时候就有问题，联系客服也没人管。", "希望以后物流快一点，这次的{product}还行。",
              "合同上写的服务内容没做到，客服也说不清楚。"],
    "en_US": ["The {product} had a problem on arrival and customer service did not care.",
              "I hope shipping gets faster next time; the {product} itself is fine.",
              "The service promised in the contract was not provided and support could not explain why."],
}
# Median hours each recovery step takes (lognormal), and the service-level targets.
_STEP_MEDIAN_HOURS = (0.3, 1.0, 2.0, 8.0, 6.0, 14.0, 20.0, 6.0)
_STEP_SLA_HOURS = (1, 4, 8, 24, 24, 24, 48, 24)
_CHANNEL_SPEED = {"phone": 0.7, "online": 1.0, "app": 0.9, "email": 1.4, "in_person": 0.8}
_TYPE_PROBS = (0.34, 0.12, 0.24, 0.22, 0.08)
_CAUSE_BY_TYPE = {  # probabilities over COMPLAINT_CAUSES (expectation, defect, attitude)
    "quality": (0.15, 0.80, 0.05), "contract": (0.70, 0.15, 0.15), "transport": (0.25, 0.65, 0.10),
    "service": (0.15, 0.10, 0.75), "suggestion": (0.60, 0.30, 0.10),
}


def generate_complaints(customers: pd.DataFrame, *, n: int | None = None, seed: int = 0,
                        locale: str = "zh_CN", start: str = "2024-03-01",
                        end: str = DEFAULT_DATES["observation_end"]) -> tuple[pd.DataFrame, dict]:
    """A complaint log: type, cause, channel, text and a timestamp for each recovery step.

    Each case moves through the eight recovery steps of :data:`labkit.curriculum.RECOVERY_STEPS`
    in order; step durations are lognormal with known medians scaled by channel. About 6% of
    cases stall at one step (their later timestamps are empty). Satisfaction after recovery
    (0-10) depends on the outcome and on how fast the case was resolved.

    Parameters
    ----------
    customers : DataFrame
        Needs ``customer_id``.
    n : int, optional
        Number of complaints; 30% of the number of customers by default.
    seed, locale
        As in :func:`generate_customers`.
    start, end : str
        Complaints arrive uniformly between these dates.

    Returns
    -------
    complaints : DataFrame
        complaint_id, customer_id, received_at, channel, type, cause, text, one ``at_<step>``
        column per recovery step, status, resolution_hours, outcome, satisfaction_after.
    truth : dict
        Type and cause probabilities, step medians and SLA hours, outcome effects.

    Examples
    --------
    >>> c, _ = generate_customers(20, seed=3)
    >>> log, truth = generate_complaints(c, n=10, seed=3)
    >>> list(log.columns[:5])
    ['complaint_id', 'customer_id', 'received_at', 'channel', 'type']
    """
    if "customer_id" not in _customers(customers, []).columns:
        raise ValueError(bilingual("customers is missing column 'customer_id'; use generate_customers()"))
    n = int(round(0.3 * len(customers))) if n is None else n
    n = _check_common(n, locale)
    d = _dates_in_order(start=start, end=end)
    if n and len(customers) == 0:
        raise ValueError(bilingual("customers is empty; complaints need at least one customer"))
    rng = _rng(seed, 3)
    fake = make_faker(locale, seed + 1)
    products = {"zh_CN": [t.zh for t in cur.PRODUCT_CATEGORIES],
                "en_US": [t.en.lower() for t in cur.PRODUCT_CATEGORIES]}[locale]
    carriers = pool(fake.company, 30)
    type_codes = [t.code for t in cur.COMPLAINT_TYPES]
    ctype = _choice(rng, type_codes, n, p=_TYPE_PROBS)
    cause_codes = [c.code for c in cur.COMPLAINT_CAUSES]
    cause = _choice_within(rng, ctype, cause_codes, {t: _CAUSE_BY_TYPE[t] for t in type_codes})
    ch_codes = [c.code for c in cur.COMPLAINT_CHANNELS]
    channel = _choice(rng, ch_codes, n, p=(0.35, 0.25, 0.2, 0.1, 0.1))
    span = (d["end"] - d["start"]).total_seconds() - 30 * 86400  # leave a month to resolve
    received = d["start"] + pd.to_timedelta(np.sort(rng.random(n)) * max(span, 0), unit="s")
    received = received.floor("min")
    misleading = rng.random(n) < 0.14
    tmpl = _COMPLAINT_TEXT[locale]
    texts = []
    for i in range(n):
        options = _MISLEADING[locale] if misleading[i] else tmpl[ctype[i]]
        texts.append(options[rng.integers(len(options))].format(
            product=products[rng.integers(len(products))], date=received[i].strftime("%Y-%m-%d"),
            company=carriers[rng.integers(len(carriers))], order=f"{rng.integers(10**7, 10**8)}"))
    speed = np.array([_CHANNEL_SPEED[c] for c in channel])
    hours = rng.lognormal(np.log(_STEP_MEDIAN_HOURS), 0.6, (n, 8)) * speed[:, None]
    hours[:, 0] = np.minimum(hours[:, 0], 2.0)  # recording happens while the customer is there
    stall_at = np.full(n, 8)
    stalled = rng.random(n) < 0.06
    stall_at[stalled] = rng.choice(8, stalled.sum(), p=(0, .05, .1, .15, .15, .35, .15, .05))
    elapsed = np.cumsum(hours, axis=1)
    steps = [s.code for s in cur.RECOVERY_STEPS]
    cols = {}
    for j, s in enumerate(steps):
        at = received + pd.to_timedelta(elapsed[:, j] * 3600, unit="s")
        cols[f"at_{s}"] = at.floor("min").where(stall_at > j)
    resolution = np.where(stall_at == 8, np.round(elapsed[:, -1], 2), np.nan)
    fix_ok = rng.random(n) < np.where(resolution <= sum(_STEP_SLA_HOURS), 0.85, 0.6)
    outcome = np.where(stall_at < 8, "unresolved", np.where(fix_ok, "resolved", "partly_resolved"))
    base = {"resolved": 8.3, "partly_resolved": 5.5, "unresolved": 2.8}
    sat = np.array([base[o] for o in outcome]) + rng.normal(0, 1.1, n)
    sat -= 0.01 * np.nan_to_num(resolution - 60, nan=0).clip(0)
    satisfaction = np.clip(np.rint(sat), 0, 10).astype(int)
    df = pd.DataFrame({
        "complaint_id": [f"K{i:05d}" for i in range(1, n + 1)],
        "customer_id": customers["customer_id"].to_numpy()[rng.integers(0, len(customers), n)]
        if n else np.array([], dtype=object),
        "received_at": received, "channel": channel, "type": ctype, "cause": cause, "text": texts,
        **cols,
        "status": np.where(stall_at < 8, "open", "closed"),
        "resolution_hours": resolution, "outcome": outcome, "satisfaction_after": satisfaction,
    })
    truth = {
        "type_probs": dict(zip(type_codes, _TYPE_PROBS)),
        "cause_probs_by_type": {k: dict(zip(cause_codes, v)) for k, v in _CAUSE_BY_TYPE.items()},
        "step_median_hours": dict(zip(steps, _STEP_MEDIAN_HOURS)),
        "step_sla_hours": dict(zip(steps, _STEP_SLA_HOURS)),
        "channel_speed": _CHANNEL_SPEED, "stall_share": 0.06, "misleading_text_share": 0.14,
        "satisfaction_mean_by_outcome": base,
        "satisfaction_never_complained_mean": 7.2,
    }
    return df, truth


def _latent_scores(rng, n: int, paths: dict, order: list[str]) -> dict[str, np.ndarray]:
    """Standardised latent scores following ``paths`` (each construct has variance 1)."""
    cov = np.eye(len(order))
    pos = {c: i for i, c in enumerate(order)}
    eta = {}
    for c in order:
        preds = [s for (s, t) in paths if t == c]
        j = pos[c]
        if not preds:
            eta[c] = rng.standard_normal(n)
            continue
        beta = np.array([paths[(s, c)] for s in preds])
        idx = [pos[s] for s in preds]
        explained = float(beta @ cov[np.ix_(idx, idx)] @ beta)
        if explained >= 1:
            raise ValueError(bilingual(f"paths into {c!r} explain {explained:.2f} of its variance; must be < 1"))
        eta[c] = sum(b * eta[s] for b, s in zip(beta, preds)) + rng.normal(0, np.sqrt(1 - explained), n)
        for k in range(j):
            cov[j, k] = cov[k, j] = float(beta @ cov[idx, k])
    return eta


_KANO_ATTRIBUTES = {  # attribute -> (true category, English, Chinese)
    "free_returns": ("M", "Free returns", "免费退换"),
    "delivery_speed": ("O", "Delivery speed", "配送速度"),
    "gift_wrap": ("A", "Surprise gift wrap", "惊喜礼品包装"),
    "box_colour": ("I", "Box colour", "包装盒颜色"),
    "sales_calls": ("R", "Follow-up sales calls", "电话回访推销"),
}
_KANO_PAIRS = {"A": ("like", "neutral"), "O": ("like", "dislike"), "M": ("neutral", "dislike"),
               "I": ("neutral", "neutral"), "R": ("dislike", "like")}
_SERVQUAL_TRUE_GAPS = {"tangibles": -0.3, "reliability": -1.2, "responsiveness": -0.8,
                       "assurance": -0.4, "empathy": -0.6}


def generate_survey(customers: pd.DataFrame, *, n: int | None = None, seed: int = 0,
                    locale: str = "zh_CN") -> tuple[pd.DataFrame, dict]:
    """A customer survey: ACSI items, NPS question, Kano pairs and SERVQUAL items.

    * ACSI: six constructs with three 1-10 items each (``exp_1`` ... ``loy_3``), generated from
      standardised latent scores that follow :data:`ACSI_TRUTH` with loadings of 0.85-0.92.
    * ``recommend`` (0-10) follows loyalty; ``overall_satisfaction`` (0-10) follows satisfaction.
    * Kano: ``kano_<attribute>_functional`` / ``_dysfunctional`` answer codes; each attribute has a
      true category, answered canonically by 70% of respondents and at random by the rest.
    * SERVQUAL: ``sq_e1`` ... ``sq_e22`` expectations and ``sq_p1`` ... ``sq_p22`` perceptions on a
      1-7 scale, with known dimension gaps; ``imp_<dimension>`` splits 100 importance points.

    Examples
    --------
    >>> c, _ = generate_customers(30, seed=4)
    >>> s, truth = generate_survey(c, n=20, seed=4)
    >>> s.shape[0], truth["kano_categories"]["gift_wrap"]
    (20, 'A')
    """
    if "customer_id" not in _customers(customers, []).columns:
        raise ValueError(bilingual("customers is missing column 'customer_id'; use generate_customers()"))
    n = min(len(customers), 1000) if n is None else n
    n = _check_common(n, locale)
    if n > len(customers):
        raise ValueError(bilingual(f"n must be <= the number of customers ({len(customers)}), got {n}"))
    rng = _rng(seed, 4)
    who = np.sort(rng.choice(len(customers), n, replace=False))
    order = ["expectation", "quality", "value", "satisfaction", "complaints", "loyalty"]
    eta = _latent_scores(rng, n, ACSI_TRUTH, order)
    prefix = {"expectation": "exp", "quality": "qual", "value": "val", "satisfaction": "sat",
              "complaints": "comp", "loyalty": "loy"}
    loadings = {}
    cols: dict[str, np.ndarray] = {"respondent_id": np.array([f"R{i:04d}" for i in range(1, n + 1)]),
                                   "customer_id": customers["customer_id"].to_numpy()[who]}
    for c in order:
        for k in range(1, 4):
            lam = round(float(rng.uniform(0.85, 0.92)), 3)
            x = lam * eta[c] + rng.normal(0, np.sqrt(1 - lam**2), n)
            cols[f"{prefix[c]}_{k}"] = np.clip(np.rint(6.5 + 1.6 * x), 1, 10).astype(int)
            loadings[f"{prefix[c]}_{k}"] = lam
    cols["overall_satisfaction"] = np.clip(np.rint(7.2 + 1.5 * eta["satisfaction"]), 0, 10).astype(int)
    cols["recommend"] = np.clip(np.rint(7.4 + 1.9 * eta["loyalty"] + rng.normal(0, 0.6, n)), 0, 10).astype(int)
    answers = [a.code for a in cur.KANO_ANSWERS]
    for attr, (cat, _, _) in _KANO_ATTRIBUTES.items():
        canon = rng.random(n) < 0.7
        f, dy = _KANO_PAIRS[cat]
        cols[f"kano_{attr}_functional"] = np.where(canon, f, _choice(rng, answers, n))
        cols[f"kano_{attr}_dysfunctional"] = np.where(canon, dy, _choice(rng, answers, n))
    person = rng.normal(0, 0.5, n)
    for dim, items in cur.SERVQUAL_DIMENSIONS:
        for i in items:
            e = 5.9 + 0.4 * person + rng.normal(0, 0.6, n)
            p = e + _SERVQUAL_TRUE_GAPS[dim.code] + rng.normal(0, 0.8, n)
            cols[f"sq_e{i}"] = np.clip(np.rint(e), 1, 7).astype(int)
            cols[f"sq_p{i}"] = np.clip(np.rint(p), 1, 7).astype(int)
    imp_alpha = np.array([2.0, 6.0, 4.5, 3.5, 4.0])
    imp = rng.dirichlet(imp_alpha, n) * 100
    imp_int = np.floor(imp).astype(int)
    short = 100 - imp_int.sum(axis=1)  # hand out the rounding remainder to the largest parts
    for r in range(n):
        imp_int[r, np.argsort(-(imp[r] - imp_int[r]))[: short[r]]] += 1
    for j, (dim, _) in enumerate(cur.SERVQUAL_DIMENSIONS):
        cols[f"imp_{dim.code}"] = imp_int[:, j]
    truth = {
        "acsi_paths": {f"{s}->{t}": v for (s, t), v in ACSI_TRUTH.items()},
        "acsi_indicators": {c: [f"{prefix[c]}_{k}" for k in range(1, 4)] for c in order},
        "acsi_loadings": loadings,
        "kano_categories": {a: v[0] for a, v in _KANO_ATTRIBUTES.items()},
        "kano_attribute_labels": {a: {"en": v[1], "zh": v[2]} for a, v in _KANO_ATTRIBUTES.items()},
        "kano_canonical_share": 0.7,
        "servqual_true_gaps": _SERVQUAL_TRUE_GAPS,
        "importance_mean_share": dict(zip([d.code for d, _ in cur.SERVQUAL_DIMENSIONS],
                                          np.round(imp_alpha / imp_alpha.sum(), 4).tolist())),
    }
    return pd.DataFrame(cols), truth


def generate_churn(customers: pd.DataFrame, *, seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """Payment behaviour, business behaviour and attributes, with a churn label from a known logit.

    ``P(churn) = 1 / (1 + exp(-(intercept + sum(coef * feature))))`` with the coefficients of
    :data:`CHURN_TRUTH`, in the units of the table (months, counts, shares, 0/1 flags).

    Examples
    --------
    >>> c, _ = generate_customers(200, seed=5)
    >>> churn, truth = generate_churn(c, seed=5)
    >>> bool(0.05 < churn["churned"].mean() < 0.5)
    True
    """
    if not {"customer_id", "segment"} <= set(_customers(customers, []).columns):
        raise ValueError(bilingual("customers needs columns 'customer_id' and 'segment'; use generate_customers()"))
    rng = _rng(seed, 5)
    n = len(customers)
    seg = customers["segment"].to_numpy()
    business = seg != "individual"
    x = {
        "tenure_months": rng.integers(1, 61, n),
        "monthly_spend": np.round(rng.lognormal(np.log(np.where(business, 900, 260)), 0.5), 2),
        "late_payments": rng.poisson(np.where(business, 0.5, 0.9)),
        "auto_pay": (rng.random(n) < np.where(business, 0.7, 0.45)).astype(int),
        "orders_90d": rng.poisson(np.where(business, 6, 3)),
        "order_trend": np.round(np.clip(rng.normal(0, 0.35, n), -1, 1), 3),
        "complaints_12m": rng.poisson(0.5, n),
        "discount_share": np.round(rng.beta(2, 6, n), 3),
        "annual_contract": (rng.random(n) < np.where(business, 0.6, 0.25)).astype(int),
    }
    x["unresolved_complaint"] = ((x["complaints_12m"] > 0) & (rng.random(n) < 0.3)).astype(int)
    logit = CHURN_TRUTH["intercept"] + sum(v * x[k] for k, v in CHURN_TRUTH.items() if k != "intercept")
    prob = 1 / (1 + np.exp(-logit))
    churned = (rng.random(n) < prob).astype(int)
    df = pd.DataFrame({"customer_id": customers["customer_id"].to_numpy(), "segment": seg,
                       **x, "churn_probability": np.round(prob, 4), "churned": churned})
    truth = {"coefficients": CHURN_TRUTH, "link": "logit",
             "features": [k for k in CHURN_TRUTH if k != "intercept"],
             "note": "monthly_spend does not enter the true model (a distractor feature)."}
    return df, truth


_FUNNEL_RATES = {"marketing": (0.30, 0.25, 0.40), "sales": (0.55, 0.50, 0.45),
                 "service": (0.92, 0.85, 0.80)}
_FUNNEL_TOP = {"marketing": 20000, "sales": 600, "service": 450}
_PROJECTS = {  # vendor: (initial cost, yearly cost, yearly benefit at full adoption, ramp years)
    "A": (1_200_000, 150_000, 700_000, 2),
    "B": (600_000, 260_000, 520_000, 1),
    "C": (1_800_000, 120_000, 900_000, 3),
}


def generate_crm_projects(*, months: int = 24, seed: int = 0,
                          start: str = "2024-01-01") -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Funnel stage counts per month and CRM project cost-benefit streams (illustrative).

    Returns
    -------
    funnel : DataFrame
        month, area (marketing/sales/service), stage, stage_order, count; each stage's count is
        binomial from the previous stage with a known conversion rate.
    cashflows : DataFrame
        project (vendor A/B/C), year 0-5, cost, benefit, net (yuan).
    truth : dict
        Conversion rates per area and the project assumptions.

    Examples
    --------
    >>> f, cf, t = generate_crm_projects(months=2, seed=0)
    >>> sorted(f["area"].unique()), len(cf)
    (['marketing', 'sales', 'service'], 18)
    """
    months = integer("months", months, low=1, high=1200)
    rng = _rng(seed, 6)
    first = _date("start", start).to_period("M")
    rows = []
    for m in range(months):
        month = str(first + m)
        for area, stages in cur.FUNNELS.items():
            count = int(rng.poisson(_FUNNEL_TOP[area] * (1 + 0.15 * np.sin(2 * np.pi * m / 12))))
            for k, stage in enumerate(stages):
                if k:
                    count = int(rng.binomial(count, _FUNNEL_RATES[area][k - 1]))
                rows.append((month, area, stage.code, k + 1, count))
    funnel = pd.DataFrame(rows, columns=["month", "area", "stage", "stage_order", "count"])
    cf_rows = []
    for proj, (capex, opex, full, ramp) in _PROJECTS.items():
        for year in range(6):
            cost = capex if year == 0 else opex
            benefit = 0 if year == 0 else full * min(1.0, year / ramp)
            benefit = int(round(benefit * float(rng.normal(1, 0.05)), -3)) if year else 0
            cf_rows.append((proj, year, cost, benefit, benefit - cost))
    cashflows = pd.DataFrame(cf_rows, columns=["project", "year", "cost", "benefit", "net"])
    truth = {"conversion_rates": {a: dict(zip([s.code for s in cur.FUNNELS[a][1:]], r))
                                  for a, r in _FUNNEL_RATES.items()},
             "funnel_top_mean": _FUNNEL_TOP,
             "projects": {p: dict(zip(["initial_cost", "yearly_cost", "full_benefit", "ramp_years"], v))
                          for p, v in _PROJECTS.items()}}
    return funnel, cashflows, truth


def generate_all(n_customers: int = 2000, *, seed: int = 0, locale: str = "zh_CN",
                 ) -> tuple[dict[str, pd.DataFrame], dict]:
    """Every data set of the lab, from one seed: the tables by name and their truth.

    Examples
    --------
    >>> tables, truth = generate_all(40, seed=6, locale="en_US")
    >>> sorted(tables)[:3]
    ['churn', 'complaints', 'crm_cashflows']
    """
    customers, t_c = generate_customers(n_customers, seed=seed, locale=locale)
    tx, latent, t_tx = generate_transactions(customers, seed=seed)
    complaints, t_k = generate_complaints(customers, seed=seed, locale=locale)
    survey, t_s = generate_survey(customers, seed=seed, locale=locale)
    churn, t_ch = generate_churn(customers, seed=seed)
    funnel, cashflows, t_p = generate_crm_projects(seed=seed)
    tables = {"customers": customers, "transactions": tx, "customer_truth": latent,
              "complaints": complaints, "survey": survey, "churn": churn,
              "crm_funnel": funnel, "crm_cashflows": cashflows}
    truth = {"seed": seed, "locale": locale, "customers": t_c, "transactions": t_tx,
             "complaints": t_k, "survey": t_s, "churn": t_ch, "crm_projects": t_p}
    return tables, truth
