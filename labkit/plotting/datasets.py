"""One characteristic picture per dataset, for the start-here tour."""
from __future__ import annotations

from labkit.labels import Term
from labkit.plotting._style import PALETTE, _axes, text
from labkit.errors import bilingual

__all__ = ["TOUR", "dataset_overview"]

_T = Term
# What each tour plot shows, with its axis labels (bilingual).
TOUR: dict[str, Term] = {
    "customers": _T("customers", "New customers per month, by acquisition channel", "各获客渠道每月新增客户"),
    "transactions": _T("transactions", "Purchases per customer (30 = 30 or more)", "每位客户的购买次数(30 表示 30 次及以上)"),
    "complaints": _T("complaints", "Complaints by type", "各类型投诉数量"),
    "survey": _T("survey", "Likelihood to recommend (0-10)", "推荐意愿分布(0-10)"),
    "churn": _T("churn", "Churn rate by late payments", "按逾期付款次数划分的流失率"),
    "crm_funnel": _T("crm_funnel", "Sales funnel, all months", "销售漏斗(全部月份)"),
    "crm_cashflows": _T("crm_cashflows", "Cumulative net cash flow of three CRM projects", "三个CRM项目的累计净现金流"),
}


_TEN_THOUSAND_YUAN = _T("10k_yuan", "Net cash flow, cumulative (10k yuan)", "累计净现金流(万元)")
_PROJECT = _T("project", "Project", "项目")
_LATE_PAYMENTS = _T("late_payments", "Late payments in the last 12 months", "近12个月逾期付款次数")


def dataset_overview(table: str, *, lang: str | None = None, ax=None):
    """Draw the tour picture of one committed dataset and return the Axes.

    Examples
    --------
    >>> ax = dataset_overview("complaints")
    >>> ax.get_title()
    'Complaints by type'
    """
    from labkit import curriculum as cur
    from labkit.datasets import load
    from labkit.labels import find_term

    if table not in TOUR:
        raise ValueError(bilingual(f"table must be one of {', '.join(TOUR)}, got {table!r}"))
    fig, ax = _axes(ax)
    df = load(table)
    name = lambda terms, code: text(find_term(terms, code), lang)  # noqa: E731
    if table == "customers":
        monthly = (df.assign(month=df["signup_date"].dt.to_period("M").astype(str))
                     .pivot_table(index="month", columns="channel", values="customer_id", aggfunc="count", fill_value=0))
        monthly = monthly[[t.code for t in cur.ACQUISITION_CHANNELS if t.code in monthly.columns]]
        monthly.columns = [name(cur.ACQUISITION_CHANNELS, c) for c in monthly.columns]
        monthly.plot.bar(stacked=True, ax=ax, width=0.8)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax.set_xlabel(text("month", lang))
        ax.set_ylabel(text("customers", lang))
        ax.tick_params(axis="x", rotation=60)
    elif table == "transactions":
        counts = df.groupby("customer_id").size().clip(upper=30)  # a long tail: 30 stands for 30+
        ax.hist(counts, bins=range(1, 32), color=PALETTE[0], align="left")
        ax.set_xlabel(text("purchases", lang))
        ax.set_ylabel(text("customers", lang))
    elif table == "complaints":
        counts = df["type"].value_counts().reindex([t.code for t in cur.COMPLAINT_TYPES], fill_value=0)
        ax.barh([name(cur.COMPLAINT_TYPES, c) for c in counts.index][::-1], counts.values[::-1], color=PALETTE[0])
        ax.set_xlabel(text("count", lang))
    elif table == "survey":
        counts = df["recommend"].value_counts().reindex(range(11), fill_value=0)
        colors = [PALETTE[3]] * 7 + [PALETTE[7]] * 2 + [PALETTE[2]] * 2  # detractors, passives, promoters
        ax.bar(counts.index, counts.values, color=colors)
        ax.set_xticks(range(11))
        ax.set_xlabel(text("recommend", lang))
        ax.set_ylabel(text("count", lang))
    elif table == "churn":
        rate = df.groupby(df["late_payments"].clip(upper=4))["churned"].mean()
        ax.bar([str(i) if i < 4 else "4+" for i in rate.index], rate.values, color=PALETTE[3])
        ax.set_xlabel(text(_LATE_PAYMENTS, lang))
        ax.set_ylabel(text("churn_rate", lang))
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    elif table == "crm_funnel":
        sales = df[df["area"] == "sales"].groupby(["stage_order", "stage"], sort=True)["count"].sum()
        ax.barh([name(cur.FUNNELS["sales"], s) for _, s in sales.index][::-1], sales.values[::-1], color=PALETTE[1])
        ax.set_xlabel(text("count", lang))
    else:
        cum = df.pivot_table(index="year", columns="project", values="net", aggfunc="sum").cumsum()
        for col in cum.columns:
            ax.plot(cum.index, cum[col] / 1e4, marker="o", label=str(col))
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xlabel(text("year", lang))
        ax.set_ylabel(text(_TEN_THOUSAND_YUAN, lang))
        ax.legend(title=text(_PROJECT, lang))
    ax.set_title(text(TOUR[table], lang))
    return ax
