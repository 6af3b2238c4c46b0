"""Figures of chapter 4: delivered value, the CLV table, the factor tornado, lifecycles, P(alive).

Every function takes ``ax=None`` and returns the Axes it drew on; labels come from
:data:`PLOT_LABELS` or the course tables in :mod:`labkit.value`.

Examples
--------
>>> from labkit.value import clv_table
>>> ax = clv_chart(clv_table(1000, 0.8, 0.08, periods=5))
>>> len(ax.patches)
5
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from labkit.labels import Term
from labkit.plotting._charts import tornado_chart, waterfall_chart
from labkit.plotting._style import PALETTE, _axes, _names, text
from labkit.errors import bilingual

__all__ = ["PLOT_LABELS", "delivered_value_chart", "clv_chart", "clv_tornado", "lifecycle_chart", "p_alive_chart"]

PLOT_LABELS: dict[str, Term] = {t.code: t for t in (
    Term("present_value", "Present value of the year (yuan)", "当年现值(元)"),
    Term("cumulative_clv", "Cumulative CLV (yuan)", "累计终生价值(元)"),
    Term("year", "Year", "年"),
    Term("delivered_value", "Delivered value", "让渡价值"),
    Term("clv", "CLV (yuan)", "客户终生价值(元)"),
    Term("monthly_spend", "Spend per month (yuan)", "每月消费(元)"),
    Term("recency_weeks", "Recency: week of the last purchase", "最近一次购买的周数"),
    Term("frequency", "Frequency (repeat purchases)", "重复购买次数"),
    Term("p_alive", "P(alive)", "仍活跃的概率"),
)}


def delivered_value_chart(values: Mapping[str, float], costs: Mapping[str, float], *, lang: str | None = None,
                          ax=None):
    """Waterfall from the value items (up) through the cost items (down) to delivered value.

    Examples
    --------
    >>> ax = delivered_value_chart({"product": 600, "service": 150}, {"monetary": 500})
    >>> len(ax.patches)
    4
    """
    from labkit.value import COST_COMPONENTS, VALUE_COMPONENTS, delivered_value

    delivered_value(values, costs)  # validates
    names = {t.code: t for t in VALUE_COMPONENTS + COST_COMPONENTS}
    steps = {names[k]: float(v) for k, v in values.items()}
    steps.update({names[k]: -float(v) for k, v in costs.items()})
    return waterfall_chart(steps, total_label=text(PLOT_LABELS["delivered_value"], lang), lang=lang, ax=ax)


def clv_chart(table, *, lang: str | None = None, ax=None):
    """Bars of each year's present value (from :func:`labkit.value.clv_table`) and the cumulative CLV line."""
    fig, ax = _axes(ax)
    ax.bar(table["year"], table["present_value"], color=PALETTE[0], label=text(PLOT_LABELS["present_value"], lang))
    ax.plot(table["year"], table["cumulative"], color=PALETTE[1], marker="o", markersize=3,
            label=text(PLOT_LABELS["cumulative_clv"], lang))
    ax.set_xlabel(text(PLOT_LABELS["year"], lang))
    ax.set_ylabel(text(PLOT_LABELS["clv"], lang))
    ax.legend(loc="upper left")
    return ax


def clv_tornado(sensitivity, *, lang: str | None = None, ax=None):
    """Tornado chart of :func:`labkit.value.clv_sensitivity`: CLV at each factor's low and high setting."""
    from labkit.value import CLV_FACTORS

    terms = {t.code: t for t, _ in CLV_FACTORS}
    effects = {terms[row.factor]: (row.clv_low, row.clv_high) for row in sensitivity.itertuples()}
    ax = tornado_chart(effects, base=float(sensitivity["base_clv"].iloc[0]), lang=lang, ax=ax)
    ax.set_xlabel(text(PLOT_LABELS["clv"], lang))
    return ax


def lifecycle_chart(transactions, customer_ids: Sequence[Any], *, labels: Sequence[Any] | None = None,
                    customer: str = "customer_id", date: str = "date", amount: str = "amount",
                    cumulative: bool = False, lang: str | None = None, ax=None):
    """Monthly spend of a few customers: their lifecycles drawn from real purchase histories.

    ``labels`` (strings or Terms, one per customer) name the lines; the ids by default. With
    ``cumulative=True`` the lines show cumulative spend, where the lifecycle patterns are easy
    to see: a line that goes flat early is a customer who stopped buying.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2025-01-05", "2025-03-01", "2025-02-01"],
    ...                    "amount": [10.0, 20.0, 5.0]})
    >>> len(lifecycle_chart(tx, ["a", "b"]).lines)
    2
    >>> float(lifecycle_chart(tx, ["a"], cumulative=True).lines[0].get_ydata()[-1])
    30.0
    """
    import pandas as pd

    fig, ax = _axes(ax)
    tx = transactions[transactions[customer].isin(list(customer_ids))]
    missing = set(customer_ids) - set(tx[customer])
    if missing:
        raise ValueError(bilingual(f"customer_ids not found in transactions: {sorted(map(str, missing))}"))
    month = pd.to_datetime(tx[date]).dt.to_period("M")
    table = tx.groupby([month, tx[customer]])[amount].sum().unstack(fill_value=0.0)
    full = pd.period_range(table.index.min(), table.index.max(), freq="M")
    table = table.reindex(full, fill_value=0.0)
    if cumulative:
        table = table.cumsum()
    names = _names(list(customer_ids) if labels is None else list(labels), lang)
    if len(names) != len(customer_ids):
        raise ValueError(bilingual(f"labels must have one entry per customer ({len(customer_ids)}), got {len(names)}"))
    for cid, name in zip(customer_ids, names):
        ax.plot(table.index.to_timestamp(), table[cid], marker="o", markersize=3,
                label=name if labels is None else f"{name.split(':')[0]} ({cid})")
    ylabel = Term("cumulative_spend", "Cumulative spend (yuan)", "累计消费(元)") if cumulative else PLOT_LABELS["monthly_spend"]
    ax.set_ylabel(text(ylabel, lang))
    ax.legend(title=text("customer_id", lang) if labels is None else None, fontsize=8,
              loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


def p_alive_chart(model, *, T: float, max_frequency: int = 20, lang: str | None = None, ax=None):
    """Heat map of P(alive) for every (recency, frequency) of a customer observed for ``T`` periods.

    Examples
    --------
    >>> from labkit.value_models import BetaGeoModel
    >>> ax = p_alive_chart(BetaGeoModel.from_params(0.243, 4.414, 0.793, 2.426), T=39, max_frequency=5)
    >>> len(ax.images)
    1
    """
    fig, ax = _axes(ax)
    recency = np.linspace(0, T, 60)
    freq = np.arange(0, max_frequency + 1)
    rr, ff = np.meshgrid(recency, freq)
    prob = model.prob_alive(ff.ravel(), np.where(ff.ravel() == 0, 0, rr.ravel()), np.full(rr.size, T))
    img = ax.imshow(prob.reshape(rr.shape), origin="lower", aspect="auto", cmap="viridis", vmin=0, vmax=1,
                    extent=(0, T, -0.5, max_frequency + 0.5))
    ax.set_xlabel(text(PLOT_LABELS["recency_weeks"], lang))
    ax.set_ylabel(text(PLOT_LABELS["frequency"], lang))
    ax.grid(False)
    fig.colorbar(img, ax=ax, label=text(PLOT_LABELS["p_alive"], lang))
    return ax
