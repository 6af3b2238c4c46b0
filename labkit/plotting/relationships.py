"""Figures of chapter 1 (customer relationships): Kotler matrix, lifecycle bands, leaky bucket,
profit concentration, why customers leave, gains curves and fitted-vs-true coefficients.

Every function takes ``ax=None`` and returns the Axes; labels follow :func:`labkit.plotting.text`
(English when no CJK font is installed).

Examples
--------
>>> ax = lifecycle_chart([1, 3, 7, 9, 10, 9, 4, 1])
>>> len(ax.patches) >= 3
True
"""
from __future__ import annotations

import numpy as np

from labkit import relationships as rel
from labkit.labels import Term
from labkit.plotting._style import PALETTE, _axes, text
from labkit.errors import bilingual

__all__ = ["relationship_matrix_chart", "lifecycle_chart", "leaky_bucket_chart", "profit_concentration_chart",
           "leave_reasons_chart", "gains_chart", "coefficient_chart"]

_T = {
    "customers_axis": Term("customers_axis", "Number of customers", "客户数量"),
    "margin_axis": Term("margin_axis", "Product marginal profit", "产品边际利润"),
    "matrix_title": Term("matrix_title", "Kotler's relationship types", "科特勒客户关系类型"),
    "volume": Term("volume", "Transaction volume", "交易量"),
    "period": Term("period", "Period", "期"),
    "lifecycle_title": Term("lifecycle_title", "Customer lifecycle", "客户生命周期"),
    "bucket_title": Term("bucket_title", "Leaky bucket: customer base", "漏桶：客户基数"),
    "steady": Term("steady", "Steady state", "稳态"),
    "cum_customers": Term("cum_customers", "Share of customers (most profitable first)", "客户占比(按利润从高到低)"),
    "cum_profit": Term("cum_profit", "Cumulative share of profit", "累计利润占比"),
    "concentration_title": Term("concentration_title", "Profit concentration", "利润集中度"),
    "cum_customers_revenue": Term("cum_customers_revenue", "Share of customers (highest revenue first)",
                                  "客户占比(按收入从高到低)"),
    "cum_revenue": Term("cum_revenue", "Cumulative share of revenue", "累计收入占比"),
    "concentration_title_revenue": Term("concentration_title_revenue", "Revenue concentration", "收入集中度"),
    "leave_title": Term("leave_title", "Why customers leave", "客户为什么离开"),
    "gains_title": Term("gains_title", "Cumulative gains (test set)", "累计增益(测试集)"),
    "random": Term("random", "Random", "随机"),
    "equal": Term("equal", "Equal shares", "均等分布"),
    "churners_caught": Term("churners_caught", "Share of churners caught", "捕获的流失客户占比"),
    "contacted": Term("contacted", "Share of customers contacted (riskiest first)", "联系的客户占比(风险从高到低)"),
    "coef_title": Term("coef_title", "Logistic coefficients: fitted ± 2 SE vs true", "逻辑回归系数：拟合值±2标准误 vs 真值"),
    "fitted": Term("fitted", "Fitted", "拟合值"),
    "true": Term("true", "True", "真值"),
    "log_odds": Term("log_odds", "Change in log-odds per unit", "每单位对数几率变化"),
}


def relationship_matrix_chart(customers: str | int | None = None, margin: str | float | None = None, *,
                              original_kotler: bool = False, lang: str | None = None, ax=None, **cuts):
    """The 3×3 Kotler matrix, with the cell of (customers, margin) highlighted when given.

    Examples
    --------
    >>> ax = relationship_matrix_chart("few", "high")
    >>> len(ax.texts)
    9
    """
    fig, ax = _axes(ax, figsize=(6.4, 3.6))
    rows = [t.code for t in rel.CUSTOMER_COUNT_LEVELS]
    cols = [t.code for t in rel.MARGIN_LEVELS]
    chosen = None
    if customers is not None and margin is not None:
        chosen = rel.relationship_cell(customers, margin, **cuts)
    order = [t.code for t in rel.RELATIONSHIP_TYPES]
    for i, r in enumerate(rows):
        for j, m in enumerate(cols):
            code = rel.relationship_type(r, m, original_kotler=original_kotler)
            shade = order.index(code.split(" ")[0]) / (len(order) - 1)
            face = PALETTE[1] if chosen == (r, m) else (0.85 - 0.45 * shade, 0.9 - 0.3 * shade, 0.97)
            ax.add_patch(_rect(j, 2 - i, face))
            ax.text(j + 0.5, 2 - i + 0.5, text(rel.relationship_term(code), lang), ha="center", va="center",
                    fontsize=10, fontweight="bold" if chosen == (r, m) else "normal")
    ax.set_xlim(0, 3)
    ax.set_ylim(0, 3)
    ax.set_xticks([0.5, 1.5, 2.5], [text(t, lang) for t in rel.MARGIN_LEVELS])
    ax.set_yticks([2.5, 1.5, 0.5], [text(t, lang) for t in rel.CUSTOMER_COUNT_LEVELS])
    ax.set_xlabel(text(_T["margin_axis"], lang))
    ax.set_ylabel(text(_T["customers_axis"], lang))
    ax.set_title(text(_T["matrix_title"], lang))
    ax.grid(False)
    return ax


def _rect(x, y, face):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), 1, 1, facecolor=face, edgecolor="white", linewidth=2)


def lifecycle_chart(volumes, *, lang: str | None = None, ax=None, **thresholds):
    """A customer's volume over time with the four lifecycle stages shaded.

    Examples
    --------
    >>> ax = lifecycle_chart([2, 1, 0])
    >>> ax.get_title()
    'Customer lifecycle'
    """
    v = np.asarray(volumes, dtype=float)
    stages = rel.lifecycle_stages(v, **thresholds)
    fig, ax = _axes(ax)
    colors = dict(zip([t.code for t in rel.LIFECYCLE_STAGES], PALETTE[:4]))
    names = {t.code: text(t, lang) for t in rel.LIFECYCLE_STAGES}
    seen = set()
    start = 0
    for i in range(1, len(stages) + 1):
        if i == len(stages) or stages[i] != stages[start]:
            s = stages[start]
            ax.axvspan(start + 0.5, i + 0.5, color=colors[s], alpha=0.15,
                       label=None if s in seen else names[s])
            seen.add(s)
            start = i
    ax.plot(np.arange(1, len(v) + 1), v, color="black", marker="o")
    ax.set_xlabel(text(_T["period"], lang))
    ax.set_ylabel(text(_T["volume"], lang))
    ax.set_title(text(_T["lifecycle_title"], lang))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=4, fontsize=8)
    return ax


def leaky_bucket_chart(table, *, lang: str | None = None, ax=None):
    """Customer base over time from :func:`labkit.relationships.leaky_bucket`, with its steady state.

    Examples
    --------
    >>> from labkit.relationships import leaky_bucket
    >>> ax = leaky_bucket_chart(leaky_bucket(500, 100, 0.9, 20))
    >>> len(ax.lines)
    2
    """
    fig, ax = _axes(ax)
    ax.plot(table["period"], table["end"], marker=".", label=text("customers", lang))
    r = 1 - table["lost"].iloc[0] / table["start"].iloc[0] if table["start"].iloc[0] else None
    new = table["new"].iloc[0]
    if r is not None and r < 1:
        ax.axhline(new / (1 - r), color=PALETTE[3], linestyle="--", label=text(_T["steady"], lang))
    ax.set_xlabel(text(_T["period"], lang))
    ax.set_ylabel(text("customers", lang))
    ax.set_title(text(_T["bucket_title"], lang))
    ax.legend()
    return ax


def profit_concentration_chart(tiers, *, measure: str = "profit", lang: str | None = None, ax=None):
    """Cumulative share of profit against share of customers (most profitable first), tier cuts marked.

    ``measure="revenue"`` labels the axes for revenue when the tiers were ranked by revenue or
    spend (``customer_tiers`` keeps the ranked value in its ``profit`` column either way).

    Examples
    --------
    >>> from labkit.relationships import customer_tiers
    >>> ax = profit_concentration_chart(customer_tiers(list(range(1, 101))))
    >>> len(ax.lines) >= 2
    True
    """
    fig, ax = _axes(ax)
    p = np.sort(tiers["profit"].to_numpy(dtype=float))[::-1]
    x = np.arange(1, p.size + 1) / p.size
    ax.plot(np.r_[0, x], np.r_[0, np.cumsum(p) / p.sum()], color=PALETTE[0])
    n = len(tiers)
    for code, color in (("key", PALETTE[3]), ("potential", PALETTE[1])):
        cut = int((tiers["rank"][tiers["tier"] == code]).max()) if (tiers["tier"] == code).any() else 0
        if cut:
            ax.axvline(cut / n, color=color, linestyle="--", linewidth=1,
                       label=text(next(t for t, *_ in rel.CUSTOMER_TIERS if t.code == code), lang))
    if measure not in ("profit", "revenue"):
        raise ValueError(bilingual(f"measure must be 'profit' or 'revenue', got {measure!r}"))
    if measure == "revenue":
        return _share_axes(ax, "cum_customers_revenue", "cum_revenue", "concentration_title_revenue", lang,
                           diagonal="equal")
    return _share_axes(ax, "cum_customers", "cum_profit", "concentration_title", lang, diagonal="equal")


def leave_reasons_chart(*, lang: str | None = None, ax=None):
    """Horizontal bars of the 68/16/9/7% survey of why customers leave.

    Examples
    --------
    >>> len(leave_reasons_chart().patches)
    4
    """
    fig, ax = _axes(ax, figsize=(6.4, 2.8))
    names = [text(t, lang) for t, _ in rel.LEAVE_REASONS][::-1]
    shares = [s for _, s in rel.LEAVE_REASONS][::-1]
    ax.barh(names, shares, color=PALETTE[0])
    for i, s in enumerate(shares):
        ax.text(s + 0.01, i, f"{s:.0%}", va="center")
    ax.set_xlim(0, 0.8)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_title(text(_T["leave_title"], lang))
    return ax


def gains_chart(tables: dict, *, lang: str | None = None, ax=None):
    """Cumulative gains curves: one per model (name → :func:`~labkit.relationships.lift_table`).

    Examples
    --------
    >>> from labkit.relationships import lift_table
    >>> ax = gains_chart({"model": lift_table([1, 0, 1, 0], [.9, .1, .8, .2], n_bins=2)})
    >>> len(ax.lines)
    2
    """
    fig, ax = _axes(ax)
    for name, t in tables.items():
        ax.plot(np.r_[0, t["cum_customers_share"]], np.r_[0, t["cum_churners_share"]], marker="o", label=str(name))
    return _share_axes(ax, "contacted", "churners_caught", "gains_title", lang)


def _share_axes(ax, xlabel: str, ylabel: str, title: str, lang: str | None, *, diagonal: str = "random"):
    """Share-vs-share axes (percent ticks) with the diagonal of no concentration (or a random ranking)."""
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label=text(_T[diagonal], lang))
    ax.set_xlabel(text(_T[xlabel], lang))
    ax.set_ylabel(text(_T[ylabel], lang))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_title(text(_T[title], lang))
    ax.legend(loc="lower right")
    return ax


def coefficient_chart(table, *, lang: str | None = None, ax=None):
    """Fitted coefficients with ±2 standard-error bars next to the true values (no intercept).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"fitted": [0.5], "true": [0.55], "std_error": [0.08]}, index=["late_payments"])
    >>> len(coefficient_chart(t).collections) >= 1
    True
    """
    t = table.drop(index="intercept", errors="ignore")
    fig, ax = _axes(ax, figsize=(7.0, 4.2))
    y = np.arange(len(t))
    ax.errorbar(t["fitted"], y, xerr=2 * t["std_error"], fmt="o", color=PALETTE[0], capsize=3,
                label=text(_T["fitted"], lang))
    ax.scatter(t["true"], y, marker="x", color=PALETTE[3], zorder=3, label=text(_T["true"], lang))
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, list(t.index))
    ax.set_xlabel(text(_T["log_odds"], lang))
    ax.set_title(text(_T["coef_title"], lang))
    ax.legend(loc="lower right")
    return ax
