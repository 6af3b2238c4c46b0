"""Live demos of chapter 1: relationship-type matrix, customer value, leaky bucket, win-back,
lifecycle stages and churn risk tiers.

Every demo renders HTML (tables and small inline SVG charts) from the pure functions of
:mod:`labkit.relationships`, so a callback takes milliseconds; the risk-tier demo fits its
model once, when it is built.

Examples
--------
>>> d = winback_demo()
>>> "pursue" in d.set(value=10000, p_success=0.9, cost=100).html.lower()
True
"""
from __future__ import annotations

import html as _html
from functools import lru_cache

import numpy as np

from labkit import relationships as rel
from labkit.labels import Term
from labkit.plotting import PALETTE
from labkit.widgets._demo import Demo
from labkit.errors import bilingual

DEMOS = ["relationship_type_demo", "customer_value_demo", "leaky_bucket_demo", "churn_rates_demo", "winback_demo",
         "lifecycle_demo", "risk_tier_demo"]

_STYLE = "border-collapse:collapse;text-align:center"
_CELL = "border:1px solid #ccc;padding:4px 8px"


def _both(term: Term) -> str:
    return _html.escape(f"{term.en} {term.zh}")


def _svg_lines(series: dict[str, tuple[np.ndarray, np.ndarray]], *, bands=None, hline: float | None = None,
               width: int = 460, height: int = 190, ymax: float | None = None) -> str:
    """A small inline SVG line chart: ``series`` name → (x, y); ``bands`` = [(x0, x1, colour, label)]."""
    xs = np.concatenate([np.asarray(x, float) for x, _ in series.values()]
                        + [np.array([b0, b1], float) for b0, b1, *_ in bands or ()])
    ys = np.concatenate([np.asarray(y, float) for _, y in series.values()] + ([np.array([hline])] if hline else []))
    x0, x1 = float(xs.min()), float(xs.max())
    top = float(ymax if ymax is not None else max(ys.max(), 1e-9)) * 1.08
    pad = 30

    def px(x):
        return pad + (np.asarray(x, float) - x0) / ((x1 - x0) or 1) * (width - pad - 10)

    def py(y):
        return height - 20 - np.asarray(y, float) / top * (height - 30)

    parts = [f'<svg width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
             'style="font:10px sans-serif">']
    for b0, b1, colour, name in bands or ():
        parts.append(f'<rect x="{px(b0):.1f}" y="10" width="{px(b1) - px(b0):.1f}" height="{height - 30}" '
                     f'fill="{colour}" fill-opacity="0.18"><title>{_html.escape(name)}</title></rect>')
        parts.append(f'<text x="{(px(b0) + px(b1)) / 2:.1f}" y="20" text-anchor="middle">{_html.escape(name)}</text>')
    parts.append(f'<line x1="{pad}" y1="{height - 20}" x2="{width - 10}" y2="{height - 20}" stroke="#888"/>')
    parts.append(f'<text x="2" y="14">{top / 1.08:,.0f}</text><text x="2" y="{height - 22}">0</text>')
    if hline:
        parts.append(f'<line x1="{pad}" x2="{width - 10}" y1="{py(hline):.1f}" y2="{py(hline):.1f}" '
                     f'stroke="{PALETTE[3]}" stroke-dasharray="4"/>')
    for i, (name, (x, y)) in enumerate(series.items()):
        pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px(x), py(y)))
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{PALETTE[i % len(PALETTE)]}" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


def relationship_type_demo() -> Demo:
    """Number of customers and margin → Kotler's relationship type, highlighted in the matrix.

    Examples
    --------
    >>> d = relationship_type_demo()
    >>> "Partnership" in d.set(customers=5, margin=0.6).html
    True
    >>> "Partnership" in d.set(customers=3000, margin=0.6, few_below=5000).html   # move the line
    True
    """
    import ipywidgets as w

    def render(customers: float, margin: float, original_kotler: bool, few_below: float = 100,
               many_from: float = 100_000, low_below: float = 0.10, high_from: float = 0.30) -> str:
        n = int(round(customers))
        cuts = (int(round(few_below)), int(round(many_from)))
        mcuts = (round(low_below, 4), round(high_from, 4))
        if cuts[0] > cuts[1] or mcuts[0] > mcuts[1]:
            return ("<p>The lower cut-off must not exceed the upper one. 下限不能高于上限。</p>")
        code = rel.relationship_type(n, margin, original_kotler=original_kotler, customer_cuts=cuts, margin_cuts=mcuts)
        chosen = rel.relationship_cell(n, margin, customer_cuts=cuts, margin_cuts=mcuts)
        head = "".join(f'<th style="{_CELL}">{_both(t)}</th>' for t in rel.MARGIN_LEVELS)
        rows = []
        for c in rel.CUSTOMER_COUNT_LEVELS:
            cells = []
            for m in rel.MARGIN_LEVELS:
                hit = (c.code, m.code) == chosen
                term = rel.relationship_term(rel.relationship_type(c.code, m.code, original_kotler=original_kotler))
                bg = f"background:{PALETTE[1]};color:white;font-weight:bold" if hit else ""
                cells.append(f'<td style="{_CELL};{bg}">{_both(term)}</td>')
            rows.append(f'<tr><th style="{_CELL}">{_both(c)}</th>{"".join(cells)}</tr>')
        term = rel.relationship_term(code)
        definition = rel.RELATIONSHIP_DEFINITIONS.get(code.split(" ")[0])
        return (f"<p>{n:,} customers 客户, margin 边际利润 {margin:.0%} → <b>{_both(term)}</b> "
                f"(few 很少 &lt; {cuts[0]:,}, many 很多 ≥ {cuts[1]:,}; low 低 &lt; {mcuts[0]:.0%}, "
                f"high 高 ≥ {mcuts[1]:.0%} — illustrative cut-offs 示意阈值)</p>"
                f'<table style="{_STYLE}"><tr><th style="{_CELL}"></th>{head}</tr>{"".join(rows)}</table>'
                f"<p><i>{_html.escape(definition.en)} {_html.escape(definition.zh)}</i></p>")

    controls = {
        "customers": w.FloatLogSlider(value=1000, base=10, min=0, max=9, step=0.1,
                                      description="Customers 客户数", readout_format=",.0f"),
        "margin": w.FloatSlider(value=0.2, min=0, max=0.8, step=0.01, description="Margin 边际利润",
                                readout_format=".0%"),
        "original_kotler": w.Checkbox(value=False, description="Kotler original 科特勒原表"),
        "few_below": w.FloatLogSlider(value=100, base=10, min=0, max=9, step=0.1, readout_format=",.0f",
                                      description="Few below 很少(低于)"),
        "many_from": w.FloatLogSlider(value=100_000, base=10, min=0, max=9, step=0.1, readout_format=",.0f",
                                      description="Many from 很多(自)"),
        "low_below": w.FloatSlider(value=0.10, min=0, max=0.8, step=0.01, readout_format=".0%",
                                   description="Low margin below 低利润(低于)"),
        "high_from": w.FloatSlider(value=0.30, min=0, max=0.8, step=0.01, readout_format=".0%",
                                   description="High margin from 高利润(自)"),
    }
    return Demo("relationship_type", controls, render, title="Choosing a relationship type 客户关系类型的选择")


def customer_value_demo() -> Demo:
    """The five factors of the retail customer-value formula, multiplied live.

    Examples
    --------
    >>> d = customer_value_demo()
    >>> "1,000" in d.set(avg_item_value=10, items_per_purchase=1, purchases_per_year=10, years=10, referrals=1).html
    True
    """
    import ipywidgets as w

    def render(avg_item_value, items_per_purchase, purchases_per_year, years, referrals) -> str:
        value = rel.customer_value(avg_item_value, items_per_purchase, purchases_per_year, years, referrals)
        own = rel.customer_value(avg_item_value, items_per_purchase, purchases_per_year, years, 1)
        return (f"<p>{avg_item_value:g} × {items_per_purchase:g} × {purchases_per_year:g} × {years:g} × {referrals:g} "
                f"= <b>{value:,.0f}</b> yuan 元</p>"
                f"<p>Own purchases only 仅本人购买: {own:,.0f} yuan 元; word-of-mouth multiplies it by "
                f"{referrals:g} 口碑放大 {referrals:g} 倍.</p>"
                "<p><small>A heuristic: no margin, no discounting (see chapter 4, CLV). "
                "启发式公式：未考虑利润率和贴现。</small></p>")

    controls = {
        "avg_item_value": w.FloatSlider(value=20, min=0, max=200, step=1, description="Item 单价"),
        "items_per_purchase": w.IntSlider(value=1, min=1, max=5, description="Items 件数"),
        "purchases_per_year": w.IntSlider(value=6, min=0, max=52, description="Visits/yr 年次数"),
        "years": w.IntSlider(value=5, min=0, max=30, description="Years 年限"),
        "referrals": w.IntSlider(value=1, min=1, max=200, description="Word of mouth 口碑"),
    }
    return Demo("customer_value", controls, render, title="What is one customer worth? 一位客户值多少钱？")


def leaky_bucket_demo() -> Demo:
    """Retention vs acquisition: the customer base and its weekly cost over a year.

    Examples
    --------
    >>> d = leaky_bucket_demo()
    >>> "<svg" in d.set(retention=0.99).html
    True
    """
    import ipywidgets as w

    def render(retention, new_per_week, retention_cost, multiplier) -> str:
        t = rel.leaky_bucket(1000, new_per_week, retention, 52, retention_cost=retention_cost, multiplier=multiplier)
        steady = new_per_week / (1 - retention) if retention < 1 else None
        chart = _svg_lines({"customers": (t["period"].to_numpy(), t["end"].to_numpy())}, hline=steady)
        last = t.iloc[-1]
        per_customer = (f"{last['cost'] / last['end']:,.1f} yuan 元" if last["end"]
                        else "n/a (no customers left 没有剩余客户)")
        steady_txt = f"{steady:,.0f}" if steady is not None else "no limit 无上限"
        return (f"{chart}<p>After 52 weeks 52周后: <b>{last['end']:,.0f}</b> customers 客户 "
                f"(steady state 稳态 {steady_txt}); lost this week 本周流失 {last['lost']:,.0f}, "
                f"won 新增 {new_per_week:,.0f}.</p>"
                f"<p>Weekly cost 每周成本 <b>{last['cost']:,.0f}</b> yuan 元 = keep 保留 "
                f"{last['end'] - new_per_week:,.0f} × {retention_cost:,.0f} + win 获取 {new_per_week:,.0f} × "
                f"{retention_cost * multiplier:,.0f}; cost per customer 每位客户成本 {per_customer}.</p>"
                f"<p>Cost over the 52 weeks 全年总成本 <b>{t['cost'].sum():,.0f}</b> yuan 元.</p>")

    controls = {
        "retention": w.FloatSlider(value=0.9, min=0, max=1, step=0.01, description="Retention 保留率"),
        "new_per_week": w.IntSlider(value=100, min=0, max=300, description="New/week 周新增"),
        "retention_cost": w.FloatSlider(value=10, min=0, max=100, step=1, description="Keep cost 保留成本"),
        "multiplier": w.FloatSlider(value=5, min=1, max=10, step=0.5, description="Acquire × 获取倍数"),
    }
    return Demo("leaky_bucket", controls, render, title="The leaky bucket 漏桶原理")


def churn_rates_demo() -> Demo:
    """Absolute vs relative churn rate: who leaves matters as much as how many.

    Examples
    --------
    >>> d = churn_rates_demo()
    >>> "more business" in d.set(lost_share=0.05, spend_ratio=2).html
    True
    >>> "impossible" in d.set(lost_share=0.5, spend_ratio=3).html
    True
    """
    import ipywidgets as w

    from labkit.widgets.service import _bar, _table

    def render(customers, lost_share, spend_ratio) -> str:
        lost = round(customers * lost_share)
        if lost_share * spend_ratio > 1:
            return (f"<p>With {lost_share:.0%} of customers leaving, they can spend at most "
                    f"{1 / lost_share:.1f}× the average — {spend_ratio:.1f}× is impossible. "
                    f"流失客户占 {lost_share:.0%} 时，其平均消费最多是全体平均的 {1 / lost_share:.1f} 倍。</p>")
        r = rel.churn_rates(customers, lost, avg_purchase_lost=spend_ratio, avg_purchase_all=1)
        if r["relative"] > r["absolute"]:
            msg = "more business leaves than customers 流失的业务比例高于客户比例"
        elif r["relative"] < r["absolute"]:
            msg = "less business leaves than customers 流失的业务比例低于客户比例"
        else:
            msg = "business and customers leave in the same proportion 两者相同"
        rows = [["absolute 绝对流失率", f"{r['absolute']:.1%}", _bar(r["absolute"])],
                ["relative 相对流失率", f"{r['relative']:.1%}", _bar(r["relative"], "#c44e52")]]
        return (f"<p>{lost:,} of {customers:,} customers leave 流失客户; they spend {spend_ratio:.1f}× the average "
                f"流失客户平均消费为全体平均的 {spend_ratio:.1f} 倍.</p>" + _table([], rows) + f"<p><b>{msg}</b>.</p>")

    controls = {
        "customers": w.IntSlider(value=1000, min=100, max=10_000, step=100, description="Customers 客户数"),
        "lost_share": w.FloatSlider(value=0.05, min=0, max=0.5, step=0.01, description="Share lost 流失比例"),
        "spend_ratio": w.FloatSlider(value=2, min=0.1, max=5, step=0.1, description="Spend of lost ÷ all 消费倍数"),
    }
    return Demo("churn_rates", controls, render, title="Absolute vs relative churn rate 绝对与相对流失率")


def winback_demo() -> Demo:
    """Win-back cost–benefit with the six-step checklist; step 3 shows the numbers.

    Examples
    --------
    >>> d = winback_demo()
    >>> "do not pursue" in d.set(churn_type="forced").html.lower()
    True
    >>> "giving up" in d.set(churn_type="left", value=200, p_success=0.9, cost=50, give_up_below=500).html
    True
    """
    import ipywidgets as w

    def render(value, p_success, cost, churn_type, give_up_below=0.0) -> str:
        d = rel.winback_decision(value, p_success, cost, churn_type=churn_type,
                                 give_up_below=give_up_below if give_up_below > 0 else None)
        verdict = "Pursue 值得赢返" if d.pursue else "Do not pursue 放弃赢返"
        colour = PALETTE[2] if d.pursue else PALETTE[3]
        detail = {
            "analyse": next(_both(t) for t in rel.CHURNED_TYPES if t.code == churn_type),
            "judge": f"p = {p_success:.0%}",
            "compare": f"{p_success:.0%} × {value:,.0f} − {cost:,.0f} = <b>{d.net:,.0f}</b>",
        }
        steps = "".join(f"<li>{_both(t)}{': ' + detail[t.code] if t.code in detail else ''}</li>"
                        for t in rel.WINBACK_STEPS)
        return (f'<p style="color:{colour};font-size:1.1em"><b>{verdict}</b> — {_html.escape(d.reason_en)} '
                f"{_html.escape(d.reason_zh)}</p><p>Expected benefit 预期收益 {d.expected_benefit:,.0f}; "
                f"net 净收益 {d.net:,.0f} yuan 元</p><ol>{steps}</ol>")

    controls = {
        "value": w.FloatSlider(value=3000, min=0, max=20000, step=100, description="Value 客户价值"),
        "p_success": w.FloatSlider(value=0.3, min=0, max=1, step=0.01, description="P(success) 成功率"),
        "cost": w.FloatSlider(value=500, min=0, max=5000, step=50, description="Cost 赢返成本"),
        "churn_type": w.Dropdown(options=[(_both(t), t.code) for t in rel.CHURNED_TYPES], value="left",
                                 description="Type 类型"),
        "give_up_below": w.FloatSlider(value=0, min=0, max=5000, step=100,
                                       description="Give up 'left' below 放弃阈值"),
    }
    return Demo("winback", controls, render, title="Win back this customer? 是否赢返？")


# Example volume series, one per lifecycle pattern (illustrative).
LIFECYCLE_EXAMPLES: dict[str, tuple[float, ...]] = {
    "early_abortion": (3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "midway_death": (1, 3, 6, 9, 5, 2, 0, 0, 0, 0, 0, 0),
    "early_exit": (1, 3, 6, 9, 10, 9, 5, 2, 0, 0, 0, 0),
    "long_lasting": (1, 3, 6, 9, 10, 10, 9, 10, 10, 9, 10, 10),
    "full_cycle": (1, 2, 5, 8, 10, 10, 9, 10, 9, 6, 3, 1),
}


def lifecycle_demo() -> Demo:
    """A customer's volume curve with its stage bands and pattern; thresholds adjustable, and
    ``example="own"`` reads your own series (e.g. a case from chapter 4) from ``series``.

    Examples
    --------
    >>> d = lifecycle_demo()
    >>> "Long-lasting" in d.set(example="long_lasting").html
    True
    >>> "Early-exit" in d.set(example="own", series="1, 4, 9, 10, 9, 3, 0", long_periods=6).html
    True
    """
    import ipywidgets as w

    stage_colour = dict(zip([t.code for t in rel.LIFECYCLE_STAGES], PALETTE[:4]))
    stage_term = {t.code: t for t in rel.LIFECYCLE_STAGES}
    pattern_term = {t.code: t for t in rel.LIFECYCLE_PATTERNS}

    def render(example, explore_level, stable_level, long_periods, end_level=0.0, series="") -> str:
        if example == "own":
            try:
                v = np.array([float(x) for x in str(series).replace("，", ",").split(",") if x.strip()], dtype=float)
            except ValueError:
                raise ValueError(bilingual("series must be numbers separated by commas, e.g. 1, 4, 9, 10, 3, 0 (请输入以逗号分隔的数字)")) from None
            if v.size < 2 or (v < 0).any() or not np.isfinite(v).all() or v.max() <= 0:
                raise ValueError(bilingual("series must hold at least two volumes >= 0, not all zero (至少两个非负数，且不全为零)"))
        else:
            v = np.array(LIFECYCLE_EXAMPLES[example], dtype=float)
        kw = {"explore_level": explore_level, "stable_level": stable_level}
        stages = rel.lifecycle_stages(v, **kw)
        pattern = rel.lifecycle_pattern(v, long_periods=long_periods, end_level=end_level, **kw)
        bands, start = [], 0
        for i in range(1, len(stages) + 1):
            if i == len(stages) or stages[i] != stages[start]:
                s = stages[start]
                bands.append((start + 0.5, i + 0.5, stage_colour[s], stage_term[s].en))
                start = i
        x = np.arange(1, v.size + 1)
        chart = _svg_lines({"volume": (x, v)}, bands=bands, ymax=max(v.max(), 1))
        return (f"{chart}<p>Current stage 当前阶段: <b>{_both(stage_term[stages[-1]])}</b>; "
                f"pattern 模式: <b>{_both(pattern_term[pattern])}</b></p>"
                f"<p>Rule 规则: ≥ {long_periods} stable periods → long-lasting; otherwise ended (last volume ≤ "
                f"{end_level:.0%} of peak) → by the furthest stage reached, else too early to tell. "
                f"{stages.count('stability')} stable periods here 本例稳定期数.</p>")

    controls = {
        "example": w.Dropdown(options=[*LIFECYCLE_EXAMPLES, "own"], value="full_cycle", description="Customer 客户"),
        "explore_level": w.FloatSlider(value=0.3, min=0, max=1, step=0.05, description="Explore 考察线"),
        "stable_level": w.FloatSlider(value=0.8, min=0, max=1, step=0.05, description="Stable 稳定线"),
        "long_periods": w.IntSlider(value=6, min=1, max=12, description="Long 长久期数"),
        "end_level": w.FloatSlider(value=0.0, min=0, max=0.5, step=0.05, description="Ended below 结束线"),
        "series": w.Text(value="1, 3, 6, 9, 10, 10, 9, 10, 9, 6, 3, 1", description="Own series 自定义序列"),
    }
    return Demo("lifecycle", controls, render, title="Customer lifecycle 客户生命周期")


@lru_cache(maxsize=1)
def _test_scores() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Churn flags, predicted risk and monthly spend of the test split (fitted once)."""
    from labkit.datasets import load_churn

    train, test = rel.churn_split(load_churn())
    risk = rel.ChurnModel("logistic").fit(train).predict_proba(test)
    return test["churned"].to_numpy(), risk.to_numpy(), test["monthly_spend"].to_numpy()


def risk_tier_demo() -> Demo:
    """How big should the high-risk tier be? Churners caught, precision and the net of a retention offer.

    The logistic early-warning model is fitted once on the training split; moving the
    sliders only re-ranks the test customers.

    Examples
    --------
    >>> d = risk_tier_demo()
    >>> "Churners caught" in d.set(top_share=0.3).html
    True
    """
    import ipywidgets as w

    y, risk, spend = _test_scores()
    order = np.argsort(-risk, kind="stable")
    y_sorted, risk_sorted, spend_sorted = y[order], risk[order], spend[order]
    base_rate = y.mean()

    def render(top_share, margin, p_success, cost) -> str:
        k = int(round(top_share * y.size))
        if k == 0:
            raise ValueError(bilingual("top_share is too small: the tier would hold no customer"))
        caught = int(y_sorted[:k].sum())
        value_at_risk = risk_sorted[:k] * spend_sorted[:k] * 12 * margin
        plan = rel.winback_plan(value_at_risk, p_success, cost)
        return (f"<p>High-risk tier 高风险层: top {top_share:.0%} = {k} of {y.size} test customers 测试集客户</p>"
                f"<p>Churners caught 捕获的流失客户: <b>{caught}</b> of {int(y.sum())} "
                f"({caught / y.sum():.0%}); precision 命中率 {caught / k:.0%} vs base rate 基准 {base_rate:.0%} "
                f"(lift 提升度 {caught / k / base_rate:.2f})</p>"
                f"<p>Retention offer 挽留方案: expected benefit 预期收益 {plan['expected_benefit'].sum():,.0f} − cost 成本 "
                f"{plan['cost'].sum():,.0f} = net 净收益 <b>{plan['net'].sum():,.0f}</b> yuan 元; "
                f"worth it for 值得挽留 {int(plan['pursue'].sum())} of {k} customers 位客户</p>")

    controls = {
        "top_share": w.FloatSlider(value=0.1, min=0.01, max=1, step=0.01, description="Top tier 高风险占比",
                                   readout_format=".0%"),
        "margin": w.FloatSlider(value=0.3, min=0, max=1, step=0.05, description="Margin 利润率"),
        "p_success": w.FloatSlider(value=0.3, min=0, max=1, step=0.05, description="P(success) 成功率"),
        "cost": w.FloatSlider(value=100, min=0, max=1000, step=10, description="Cost 成本/人"),
    }
    return Demo("risk_tier", controls, render, title="Churn risk tiers 流失风险分层")
