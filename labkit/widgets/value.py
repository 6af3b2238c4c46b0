"""Live demos of chapter 4: delivered value, the CLV explorer, the factor tornado, RFM, P(alive).

Outputs are HTML (bars drawn with ``<div>`` s) so every callback renders in milliseconds;
model fits happen once, when a demo is built (:func:`labkit.value.course_models` is cached).
"""
from __future__ import annotations

import html

from labkit.widgets._demo import Demo

DEMOS = ["delivered_value_demo", "clv_demo", "clv_tornado_demo", "rfm_demo", "p_alive_demo"]

_BLUE, _ORANGE, _GREEN, _RED = "#2f6f9f", "#e08a2c", "#4c9a5b", "#c44e52"


def _bar_rows(rows: list[tuple[str, float, str]], *, scale: float | None = None, fmt: str = "{:,.2f}") -> str:
    """Horizontal HTML bars: (label, value, colour) per row, scaled to the largest |value|."""
    top = scale or max((abs(v) for _, v, _ in rows), default=1.0) or 1.0
    out = []
    for name, v, colour in rows:
        width = 100 * abs(v) / top
        out.append(f'<tr><td style="padding-right:8px;white-space:nowrap">{html.escape(name)}</td>'
                   f'<td style="width:320px"><div style="background:{colour};width:{width:.1f}%;height:14px"></div></td>'
                   f'<td style="text-align:right;padding-left:8px">{fmt.format(v)}</td></tr>')
    return "<table>" + "".join(out) + "</table>"


def delivered_value_demo() -> Demo:
    """Sliders for the four value and four cost items of delivered value (让渡价值).

    Examples
    --------
    >>> d = delivered_value_demo()
    >>> "Delivered value" in d.set(monetary=900).html
    True
    """
    import ipywidgets as w

    from labkit.value import COST_COMPONENTS, VALUE_COMPONENTS, delivered_value

    start = {"product": 600, "service": 150, "personnel": 100, "image": 150,
             "monetary": 500, "time": 100, "energy": 80, "physical": 20}
    terms = {t.code: t for t in VALUE_COMPONENTS + COST_COMPONENTS}
    controls = {k: w.IntSlider(value=v, min=0, max=1000, step=10, description=f"{terms[k].en.split()[0]} {terms[k].zh}",
                               style={"description_width": "initial"}) for k, v in start.items()}

    def render(**v: int) -> str:
        res = delivered_value({k: v[k] for k in ("product", "service", "personnel", "image")},
                              {k: v[k] for k in ("monetary", "time", "energy", "physical")})
        rows = [(str(terms[k]), float(v[k]), _GREEN) for k in ("product", "service", "personnel", "image")]
        rows += [(str(terms[k]), -float(v[k]), _RED) for k in ("monetary", "time", "energy", "physical")]
        rows.append(("Delivered value 让渡价值", res.delivered_value, _BLUE if res.delivered_value >= 0 else _RED))
        return (_bar_rows(rows, scale=max(res.total_value, res.total_cost, 1.0))
                + f"<p>Total value 总价值 {res.total_value:,.0f} − total cost 总成本 {res.total_cost:,.0f} "
                  f"= <b>{res.delivered_value:,.0f}</b>; ratio 比值 {res.ratio:.2f}</p>")

    return Demo("delivered_value", controls, render, title="Customer delivered value 客户让渡价值")


def clv_demo() -> Demo:
    """CLV explorer: margin, retention, discount, horizon and timing convention, with yearly bars.

    Examples
    --------
    >>> d = clv_demo()
    >>> before = d.html
    >>> d.set(retention=0.95, timing="retained").html != before, d.error is None
    (True, True)
    """
    import ipywidgets as w

    from labkit.value import CLV_TIMINGS, clv, clv_table

    style = {"description_width": "initial"}
    controls = {
        "margin": w.IntSlider(value=600, min=0, max=5000, step=50, description="Margin 年利润", style=style),
        "retention": w.FloatSlider(value=0.75, min=0.0, max=0.99, step=0.01, description="Retention 保留率", style=style),
        "discount": w.FloatSlider(value=0.10, min=0.0, max=0.3, step=0.01, description="Discount 贴现率", style=style),
        "periods": w.IntSlider(value=10, min=1, max=30, description="Years 年数", style=style),
        "timing": w.Dropdown(options=[(f"{t.en} {t.zh}", t.code) for t in CLV_TIMINGS], value="end",
                             description="Timing 时点", style=style),
    }

    def render(margin: int, retention: float, discount: float, periods: int, timing: str) -> str:
        table = clv_table(margin, retention, discount, periods=periods, timing=timing)
        rows = [(f"Year {y} 第{y}年", pv, _BLUE) for y, pv in zip(table["year"], table["present_value"])]
        finite = float(table["cumulative"].iloc[-1])
        infinite = clv(margin, retention, discount, timing=timing)
        others = " · ".join(f"{t.code}: {clv(margin, retention, discount, periods=periods, timing=t.code):,.2f}"
                            for t in CLV_TIMINGS)
        return (f"<p>CLV over {periods} years {periods}年终生价值: <b>{finite:,.2f}</b> · "
                f"infinite horizon 无限期: <b>{infinite:,.2f}</b></p>"
                f"<p style='color:#555'>All timings 三种约定 ({periods} years): {others}</p>" + _bar_rows(rows))

    return Demo("clv", controls, render, title="CLV explorer 客户终生价值")


def clv_tornado_demo() -> Demo:
    """Tornado of the eight influencing factors: how far each moves CLV, with the seed's direction.

    Examples
    --------
    >>> d = clv_tornado_demo()
    >>> "Discount rate" in d.html, d.set(swing=0.5).error is None
    (True, True)
    """
    import ipywidgets as w

    from labkit.value import CLV_TIMINGS, SENSITIVITY_RANGES, clv_sensitivity

    style = {"description_width": "initial"}
    controls = {
        "swing": w.FloatSlider(value=1.0, min=0.1, max=1.0, step=0.1, description="Range 变动幅度", style=style),
        "timing": w.Dropdown(options=[(f"{t.en} {t.zh}", t.code) for t in CLV_TIMINGS], value="end",
                             description="Timing 时点", style=style),
    }

    def render(swing: float, timing: str) -> str:
        ranges = {k: (b - swing * (b - lo), b, b + swing * (hi - b)) for k, (lo, b, hi) in SENSITIVITY_RANGES.items()}
        s = clv_sensitivity(ranges, timing=timing)
        s = s.assign(width=(s["clv_high"] - s["clv_low"]).abs()).sort_values("width", ascending=False, kind="stable")
        base = float(s["base_clv"].iloc[0])
        top = max(float((s[["clv_low", "clv_high"]] - base).abs().max().max()), 1e-9)
        rows = []
        for r in s.itertuples():
            arrow = "↑" if r.seed_direction > 0 else "↓"
            lo, hi = (r.clv_low - base) / top * 50, (r.clv_high - base) / top * 50

            def bar(delta: float, colour: str) -> str:
                left = 50 + min(delta, 0)
                return (f'<div style="position:absolute;left:{left:.1f}%;width:{abs(delta):.1f}%;height:14px;'
                        f'background:{colour}"></div>')

            rows.append(f"<tr><td>{html.escape(r.english)} {r.chinese}</td>"
                        f'<td style="width:320px;position:relative"><div style="position:relative;height:14px">'
                        f'{bar(lo, _RED)}{bar(hi, _GREEN)}</div></td>'
                        f"<td>{r.clv_low:,.0f} → {r.clv_high:,.0f}</td><td>seed 教材: {arrow}</td></tr>")
        return (f"<p>Base CLV 基准值 {base:,.0f} (red = factor low 因素取低值, green = high 取高值)</p>"
                "<table>" + "".join(rows) + "</table>")

    return Demo("clv_tornado", controls, render, title="Eight CLV factors 八个影响因素")


def rfm_demo() -> Demo:
    """RFM segment explorer: number of score bins and a segment to inspect.

    Examples
    --------
    >>> d = rfm_demo()
    >>> "重要价值客户" in d.html, d.set(bins=5, segment="general_winback").error is None
    (True, True)
    """
    import ipywidgets as w

    from labkit.datasets import load_transactions
    from labkit.value import RFM_SEGMENTS, rfm

    tx = load_transactions()
    cache = {b: rfm(tx, bins=b) for b in (3, 4, 5)}
    style = {"description_width": "initial"}
    controls = {
        "bins": w.IntSlider(value=4, min=3, max=5, description="Score bins 分档数", style=style),
        "segment": w.Dropdown(options=[(f"{t.en} {t.zh}", t.code) for t, _ in RFM_SEGMENTS], value="important_value",
                              description="Segment 细分", style=style),
    }

    def page(bins: int, segment: str) -> str:
        table = cache[bins]
        counts = table["segment"].value_counts()
        rows = [(str(t), float(counts.get(t.code, 0)), _ORANGE if t.code == segment else _BLUE) for t, _ in RFM_SEGMENTS]
        part = table[table["segment"] == segment]
        stats = (f"<p>{len(part)} customers 位客户 · mean recency 平均最近购买 {part['recency_days'].mean():.0f} days · "
                 f"mean frequency 平均频次 {part['frequency'].mean():.1f} · mean monetary 平均金额 "
                 f"{part['monetary'].mean():,.0f}</p>") if len(part) else "<p>No customers in this segment 该细分无客户</p>"
        sample = part.sort_values("rfm_score", ascending=False, kind="stable").head(5)
        return _bar_rows(rows, fmt="{:,.0f}") + stats + sample.to_html(border=0, float_format=lambda v: f"{v:,.0f}")

    pages = {(b, t.code): page(b, t.code) for b in cache for t, _ in RFM_SEGMENTS}  # callbacks only look up

    def render(bins: int, segment: str) -> str:
        return pages[(bins, segment)]

    return Demo("rfm", controls, render, title="RFM segments RFM 客户细分")


def p_alive_demo() -> Demo:
    """One customer's history (frequency, recency, T) → P(alive), expected purchases and CLV.

    The BG/NBD and Gamma-Gamma models are fitted once to the course data.

    Examples
    --------
    >>> d = p_alive_demo()
    >>> "P(alive)" in d.set(frequency=10, recency=5).html
    True
    >>> d.set(recency=70, T=30).error
    'recency must be <= T (the last purchase cannot come after the end of the period), got recency 70 > T 30'
    >>> "by assumption" in d.set(frequency=0, recency=0, T=52).html
    True
    """
    import ipywidgets as w

    from labkit.value import course_models, model_clv

    cm = course_models()
    style = {"description_width": "initial"}
    controls = {
        "frequency": w.IntSlider(value=4, min=0, max=30, description="Frequency 重复购买次数", style=style),
        "recency": w.IntSlider(value=40, min=0, max=78, description="Recency (week) 最近购买周", style=style),
        "T": w.IntSlider(value=52, min=1, max=78, description="T (weeks) 观察周数", style=style),
        "spend": w.IntSlider(value=240, min=10, max=1000, step=10, description="Mean spend 平均客单价", style=style),
    }

    def render(frequency: int, recency: int, T: int, spend: int) -> str:
        recency = 0 if frequency == 0 else recency
        p = float(cm.bgnbd.prob_alive(frequency, recency, T)[0])
        e13 = float(cm.bgnbd.expected_purchases(13, frequency, recency, T)[0])
        e52 = float(cm.bgnbd.expected_purchases(52, frequency, recency, T)[0])
        exp_spend = float(cm.gamma_gamma.expected_spend(frequency, spend)[0])
        value = float(model_clv(cm.bgnbd, cm.gamma_gamma, frequency, recency, T, spend, margin=0.3)[0])
        rows = [("P(alive) 仍活跃概率", p, _GREEN if p >= 0.5 else _RED)]
        note = " (frequency 0: recency is 0 重复购买为0时最近购买取0)" if frequency == 0 else ""
        caveat = ("<p><b>Frequency 0:</b> BG/NBD lets a customer drop out only after a repeat purchase, so a "
                  "one-time buyer has P(alive) = 1 <i>by assumption</i>, not because the data show activity "
                  "(MBG/NBD, lk.fit_mbgnbd, relaxes this). "
                  "重复购买为 0 时 P(alive) = 1 是模型假设，不代表客户仍活跃。</p>") if frequency == 0 else ""
        return (_bar_rows(rows, scale=1.0, fmt="{:.3f}") + caveat
                + f"<p>Expected purchases 预期购买: next 13 weeks {e13:.2f} · next 52 weeks {e52:.2f}{note}</p>"
                  f"<p>Expected spend per purchase 预期客单价 {exp_spend:,.2f} · "
                  f"1-year CLV at 30% margin 一年期终生价值(毛利率30%) <b>{value:,.2f}</b></p>")

    return Demo("p_alive", controls, render, title="P(alive) explorer 客户活跃概率")
