"""A generated bad-input sweep: every public numeric parameter meets NaN, ±inf, a string, None and ±1e308.

For each function, a valid base call is mutated one scalar numeric parameter at a time. NaN,
±inf, the string "5" and None must raise a ValueError or TypeError raised by labkit whose
message names that parameter; ±1e308 must either do the same (any labkit ValueError/TypeError
is accepted, since the value is a valid number and the error may be an overflow) or return a
finite result, never a silent NaN/inf. Parameters that accept None on purpose are listed.
"""
import math
import re
import traceback
from dataclasses import fields, is_dataclass

import numpy as np
import pandas as pd
import pytest

import labkit as lk

BG = lk.BetaGeoModel.from_params(0.243, 4.414, 0.793, 2.426)
GG = lk.GammaGammaModel.from_params(6.25, 3.74, 15.44)
AHP = [[1, 2, 4], [1 / 2, 1, 4], [1 / 4, 1 / 4, 1]]


def _bg(r, alpha, a, b):
    return lk.BetaGeoModel.from_params(r, alpha, a, b)


def _gg(p, q, gamma):
    return lk.GammaGammaModel.from_params(p, q, gamma)


def _model_clv(frequency, recency, T, monetary_value, margin, horizon, step, discount):
    return lk.model_clv(BG, GG, frequency, recency, T, monetary_value, margin=margin, horizon=horizon, step=step,
                        discount=discount)


# (function, base keyword arguments, parameters for which None is a valid value)
CASES = [
    (lk.clv, dict(margin=1000, retention=0.8, discount=0.08, periods=10), {"periods"}),
    (lk.clv_table, dict(margin=1000, retention=0.8, discount=0.08, periods=10, growth=0.0, maintenance_cost=0.0,
                        word_of_mouth=0.0, information_value=0.0), set()),
    (lk.clv_components, dict(historical=4320, current=3058, potential=1487), set()),
    (lk.clv_sensitivity, dict(gross_margin=0.5), set()),
    (lk.customer_share, dict(firm_sales=4000, category_spend=10000), set()),
    (lk.allocate_budget, dict(clv_value=[3000, 1000], budget=800), set()),
    (lk.customer_value, dict(avg_item_value=20, items_per_purchase=1, purchases_per_year=12, years=5, referrals=1), set()),
    (lk.lifetime_revenue, dict(spend_per_visit=80, visits_per_year=52, years=5), set()),
    (lk.word_of_mouth, dict(n_loyal=10, influenced=25, motivated=8, buyers=1), set()),
    (lk.acquisition_vs_retention, dict(retention_cost=100, multiplier=5, customers=100), set()),
    (lk.leaky_bucket, dict(initial=1000, new_per_period=100, retention=0.9, periods=3, retention_cost=10,
                           multiplier=5), set()),
    (lk.implied_retention, dict(lost_fraction=0.36, years=2), set()),
    (lk.process_funnel, dict(reached=10_000, response_rate=0.2, conversion_rate=0.25, retention_rate=0.6), set()),
    (lk.repurchase_intention, dict(perceived_value=4, satisfaction=4, switching_cost=2), set()),
    (lk.tier_table, dict(n_customers=1000, total_profit=1e6), set()),
    (lk.customer_tiers, dict(profit=list(range(20)), key_share=0.05, potential_share=0.15), set()),
    (lk.churn_rates, dict(n_total=400, n_lost=30, avg_purchase_lost=150, avg_purchase_all=300),
     {"avg_purchase_lost", "avg_purchase_all"}),
    (lk.churn_reasons, dict(n_churned=200), set()),
    (lk.winback_decision, dict(value=3000, p_success=0.3, cost=500), set()),
    (lk.relationship_type, dict(customers=5000, margin=0.2), set()),
    (lk.lifecycle_stages, dict(volumes=[1, 3, 8, 10, 10, 9, 4, 1], explore_level=0.3, stable_level=0.8,
                               min_plateau=2), set()),
    (lk.lift_table, dict(y=[1, 1, 0, 0, 1, 0, 0, 0, 0, 0], score=[.9, .8, .7, .6, .5, .4, .3, .2, .1, 0], n_bins=5),
     set()),
    (lk.nps_from_counts, dict(promoters=30, passives=40, detractors=30), set()),
    (lk.nps_band, dict(score=8), set()),
    (lk.expectation_gap, dict(q0=3, q1=4, tol=0), set()),
    (lk.satisfaction_quadrant, dict(satisfaction=4, loyalty=3, sat_threshold=3.5, loyal_threshold=3.5), set()),
    (lk.csi_score, dict(scores=[4.2, 3.8, 4.5], weights=[0.5, 0.3, 0.2], points=5), set()),
    (lk.ahp_weights, dict(matrix=AHP, ri=0.58), set()),
    (lk.delphi_summary, dict(rounds=[[50, 30, 20], [60, 20, 20], [40, 40, 20]], ddof=1, cv_max=0.25), set()),
    (lk.points_simulator, dict(amounts=[300, 300, 1500], points_per_yuan=1.0), set()),
    (lk.quality_gap, dict(expected=4, perceived=3.9), set()),
    (lk.journey_map, dict(stages=list(lk.EXAMPLE_JOURNEY), n_lowest=1), set()),
    (lk.project_npv, dict(cash_flows=[-100, 39, 59, 55, 20], rate=0.1), set()),
    (lk.payback_period, dict(cash_flows=[-100, 30, 40, 50], rate=0.1), {"rate"}),
    (lk.business_case, dict(costs=[100, 10, 10, 10], benefits=[0, 60, 60, 60], rate=0.1), set()),
    (lk.indicator_scores, dict(values=48, worst=96, best=24, scale=100.0), set()),
    (lk.plan_hours, dict(total_hours=48, practice_share=0.0, step=1.0), set()),
    (lk.course_grade, dict(attendance=25, performance=30, homework=20, exam=60), {"attendance"}),
    (lk.recovery_process, dict(auto_approve_share=0.8), set()),
    (lk.simulate_process, dict(process=lk.recovery_process(), n_cases=100, cv=0.6, seed=0), {"seed"}),
    (_model_clv, dict(frequency=2, recency=30.43, T=38.86, monetary_value=22.35, margin=0.3, horizon=52, step=4,
                      discount=0.01), set()),
    (BG.prob_alive, dict(frequency=2, recency=30.43, T=38.86), set()),
    (BG.expected_purchases, dict(t=10, frequency=2, recency=30.43, T=38.86), set()),
    (BG.expected_purchases_new, dict(t=10), set()),
    (GG.expected_spend, dict(frequency=2, monetary_value=22.35), set()),
    (_bg, dict(r=0.243, alpha=4.414, a=0.793, b=2.426), set()),
    (_gg, dict(p=6.25, q=3.74, gamma=15.44), set()),
    (lk.churn_split, dict(data=lk.load_churn(), test_size=0.3, random_state=0), {"random_state"}),
    (lk.datasets.generate_customers, dict(n=20, seed=0), set()),
    (lk.datasets.generate_crm_projects, dict(months=2, seed=0), set()),
]

BAD = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "str": "5", "none": None}
HUGE = {"1e308": 1e308, "-1e308": -1e308}


def _numeric(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _params():
    for fn, base, none_ok in CASES:
        for param, value in base.items():
            if not _numeric(value):
                continue
            for label, bad in {**BAD, **HUGE}.items():
                if label == "none" and param in none_ok:
                    continue
                yield pytest.param(fn, base, param, label, bad, id=f"{fn.__name__}-{param}-{label}")


# Functions whose documented result for "never" is math.inf (a payback that never happens).
INF_SENTINEL = {"payback_period", "business_case"}


def _bad_output(x, depth=0, allow_inf=False) -> bool:
    """True if ``x`` holds a NaN (or, unless allowed, an infinity) anywhere: numbers, arrays, tables, dataclasses."""
    if depth > 4:
        return False
    if isinstance(x, (float, np.floating)):
        return math.isnan(x) if allow_inf else not math.isfinite(x)
    if isinstance(x, pd.DataFrame):
        num = x.select_dtypes("number")
        return bool(num.size and not np.isfinite(num.to_numpy(dtype=float)).all())
    if isinstance(x, pd.Series):
        return bool(pd.api.types.is_numeric_dtype(x) and not np.isfinite(x.to_numpy(dtype=float)).all())
    if isinstance(x, np.ndarray):
        return bool(x.dtype.kind in "fc" and not np.isfinite(x).all())
    if isinstance(x, dict):
        return any(_bad_output(v, depth + 1) for v in x.values())
    if isinstance(x, (list, tuple)):
        return any(_bad_output(v, depth + 1) for v in x)
    if is_dataclass(x):
        return any(_bad_output(getattr(x, f.name), depth + 1, allow_inf) for f in fields(x))
    return False


def _raised_in_labkit(err: BaseException) -> bool:
    frames = traceback.extract_tb(err.__traceback__)
    return bool(frames) and "labkit" in frames[-1].filename.replace("\\", "/").split("/site-packages/")[-1]


@pytest.mark.parametrize("fn, base, param, label, bad", list(_params()))
def test_bad_numeric_input_gets_a_clear_error(fn, base, param, label, bad):
    kwargs = {**base, param: bad}
    if label in HUGE:
        try:
            out = fn(**kwargs)
        except (ValueError, TypeError) as err:
            assert _raised_in_labkit(err), f"{fn.__name__}({param}={bad!r}) failed outside labkit: {err}"
            return
        assert not _bad_output(out, allow_inf=fn.__name__ in INF_SENTINEL), f"{fn.__name__}({param}={bad!r}) returned NaN/inf silently: {out!r}"[:300]
        return
    with pytest.raises((ValueError, TypeError)) as info:
        fn(**kwargs)
    message = str(info.value)
    assert _raised_in_labkit(info.value), f"raised outside labkit: {message}"
    assert re.search(rf"(?<![A-Za-z0-9_]){re.escape(param)}(?![A-Za-z0-9_])", message), \
        f"{fn.__name__}({param}={bad!r}): the message does not name {param!r}: {message}"


def test_the_sweep_covers_many_parameters():
    n = sum(1 for _ in _params())
    assert n > 900, n
