"""Live demos of chapter 5 (CRM implementation).

Each demo returns a :class:`labkit.widgets.Demo`. Outputs are HTML with small inline SVG
charts (a radar, bars), so a slider move re-renders in a few milliseconds; every number
comes from :mod:`labkit.implementation`.

Examples
--------
>>> d = grade_demo()
>>> "82.7" in d.html
True
"""
from __future__ import annotations

import html
import math
from typing import Mapping, Sequence

from labkit.widgets._demo import Demo

DEMOS = ["scorecard_demo", "roi_demo", "bpr_demo", "grade_demo", "crm_type_demo"]

_COLORS = ("#2f6f9f", "#e08a2c", "#4c9a5b", "#c44e52", "#8172b2")


def _svg_radar(axes: Sequence[str], series: Mapping[str, Sequence[float]], vmax: float, size: int = 320) -> str:
    """A radar chart as inline SVG (no matplotlib, so it draws in microseconds)."""
    c, r = size / 2, size / 2 - 70
    n = len(axes)
    ang = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]

    def pt(a, v):
        return c + r * v / vmax * math.cos(a), c - r * v / vmax * math.sin(a)

    parts = [f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" style="font-size:10px">']
    for ring in (0.25, 0.5, 0.75, 1.0):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (pt(a, ring * vmax) for a in ang))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#ccc"/>')
    for a, name in zip(ang, axes):
        x, y = pt(a, vmax)
        lx, ly = pt(a, vmax * 1.18)
        parts.append(f'<line x1="{c}" y1="{c}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ccc"/>')
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle">{html.escape(name)}</text>')
    for i, (name, values) in enumerate(series.items()):
        col = _COLORS[i % len(_COLORS)]
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (pt(a, v) for a, v in zip(ang, values)))
        parts.append(f'<polygon points="{pts}" fill="{col}" fill-opacity="0.15" stroke="{col}" stroke-width="2"/>')
        parts.append(f'<text x="6" y="{14 + 13 * i}" fill="{col}">■ {html.escape(str(name))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _svg_bars(labels: Sequence[str], values: Sequence[float], width: int = 320, unit: str = "") -> str:
    """Signed vertical bars as inline SVG."""
    h, pad = 160, 20
    lo, hi = min(0.0, *values), max(0.0, *values)
    span = (hi - lo) or 1.0
    bw = (width - 2 * pad) / max(len(values), 1)

    def y(v):
        return pad + (hi - v) / span * (h - 2 * pad)

    parts = [f'<svg width="{width}" height="{h}" style="font-size:9px">',
             f'<line x1="{pad}" x2="{width - pad}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#333"/>']
    for i, (lab, v) in enumerate(zip(labels, values)):
        x = pad + i * bw + bw * 0.15
        top, bottom = sorted((y(v), y(0)))
        col = _COLORS[2] if v >= 0 else _COLORS[3]
        parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{bw * 0.7:.1f}" height="{bottom - top:.1f}" fill="{col}"/>')
        parts.append(f'<text x="{x + bw * 0.35:.1f}" y="{h - 4}" text-anchor="middle">{html.escape(str(lab))}</text>')
        parts.append(f'<text x="{x + bw * 0.35:.1f}" y="{top - 2:.1f}" text-anchor="middle">{v:,.0f}{unit}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _row(*cells: str) -> str:
    return '<div style="display:flex;gap:16px;align-items:flex-start">' + "".join(cells) + "</div>"


def scorecard_demo() -> Demo:
    """Vendor selection: move the importance of each criterion; ranking and radar follow.

    The radar draws weight × score per criterion (each vendor's weighted contribution).

    Examples
    --------
    >>> d = scorecard_demo()
    >>> "<svg" in d.html and d.error is None
    True
    >>> d.set(function=0, cost=0, integration=0, usability=0, service=0).error
    'points must not all be 0'
    """
    import ipywidgets as w
    import pandas as pd

    from labkit.implementation import VENDOR_CRITERIA, VENDOR_SCORES, points_to_weights, weighted_scorecard

    scores = pd.DataFrame(VENDOR_SCORES).T.astype(float)  # built once, not per callback

    def render(**points):
        weights = points_to_weights(points)
        table = weighted_scorecard(scores, weights)
        rows = "".join(f"<tr><td>{r}</td><td>{alt}</td><td>{tot:.2f}</td></tr>"
                       for alt, tot, r in zip(table.index, table["total"], table["rank"]))
        wrow = "".join(f"<tr><td>{t.en} {t.zh}</td><td>{weights[t.code]:.0%}</td></tr>" for t in VENDOR_CRITERIA)
        # the radar shows each criterion's weighted contribution, so it moves with the weights
        crit = [t.code for t in VENDOR_CRITERIA]
        radar = _svg_radar([f"{t.code} {t.zh}" for t in VENDOR_CRITERIA],
                           {alt: table.loc[alt, crit].tolist() for alt in scores.index},
                           vmax=10 * max(weights.values()))
        return _row(f"<table><tr><th>Rank 排名</th><th>Vendor 供应商</th><th>Score 加权分</th></tr>{rows}</table>"
                    f"<table><tr><th>Criterion 指标</th><th>Weight 权重</th></tr>{wrow}</table>", radar)

    defaults = {"function": 30, "cost": 25, "integration": 20, "usability": 15, "service": 10}
    controls = {t.code: w.IntSlider(value=defaults[t.code], min=0, max=50, description=f"{t.en[:12]} {t.zh}",
                                    style={"description_width": "initial"}) for t in VENDOR_CRITERIA}
    return Demo("scorecard", controls, render, title="Weighted vendor scorecard 加权供应商评分")


def roi_demo() -> Demo:
    """ROI calculator: initial cost, yearly cost and benefit, rate, horizon → NPV, IRR, payback.

    Examples
    --------
    >>> d = roi_demo()
    >>> "NPV" in d.html
    True
    >>> "never" in d.set(benefit=100_000, yearly_cost=300_000).html
    True
    """
    import ipywidgets as w

    from labkit.implementation import business_case

    def render(initial, yearly_cost, benefit, rate, years):
        costs = [initial] + [yearly_cost] * years
        benefits = [0.0] + [benefit] * years
        bc = business_case(costs, benefits, rate / 100)
        net = [b - c for b, c in zip(benefits, costs)]
        cum, run = [], 0.0
        for v in net:
            run += v
            cum.append(run)
        irr = "no IRR (flows never change sign) 无内部收益率" if bc.irr is None else f"{bc.irr:.1%}"
        pay = "never within the horizon 期内无法回收" if math.isinf(bc.payback) else f"{bc.payback:.2f} years 年"
        dpay = "never 无法回收" if math.isinf(bc.discounted_payback) else f"{bc.discounted_payback:.2f} years 年"
        verdict = "accept 可行" if bc.npv > 0 else "reject 不可行"
        roi = ("n/a (no costs: ROI is undefined) 无成本，投资回报率无定义"
               if bc.roi is None or not math.isfinite(bc.roi) else f"{bc.roi:.1%}")
        table = (f"<table><tr><td>NPV 净现值</td><td><b>{bc.npv:,.0f}</b> ({verdict})</td></tr>"
                 f"<tr><td>IRR 内部收益率</td><td>{irr}</td></tr>"
                 f"<tr><td>Payback 投资回收期</td><td>{pay}</td></tr>"
                 f"<tr><td>Discounted payback 贴现回收期</td><td>{dpay}</td></tr>"
                 f"<tr><td>ROI (discounted) 投资回报率</td><td>{roi}</td></tr></table>")
        return _row(table, "<div>Cumulative net cash flow 累计净现金流<br>"
                    + _svg_bars([str(t) for t in range(len(cum))], cum) + "</div>")

    style = {"description_width": "initial"}
    controls = {
        "initial": w.IntSlider(value=600_000, min=0, max=3_000_000, step=50_000, description="Initial cost 初始投资", style=style),
        "yearly_cost": w.IntSlider(value=260_000, min=0, max=1_000_000, step=10_000, description="Yearly cost 年运营成本", style=style),
        "benefit": w.IntSlider(value=500_000, min=0, max=1_500_000, step=10_000, description="Yearly benefit 年收益", style=style),
        "rate": w.FloatSlider(value=10.0, min=0.0, max=30.0, step=0.5, description="Discount rate % 贴现率", style=style),
        "years": w.IntSlider(value=5, min=1, max=10, description="Horizon (years) 年限", style=style),
    }
    return Demo("roi", controls, render, title="CRM project ROI calculator CRM项目投资回报计算器")


def bpr_demo() -> Demo:
    """BPR simulator: automate recovery steps (CSA) or redesign the process, and compare cycle time and cost.

    Automation speeds up the same eight steps; the first-contact share *redesigns* the process:
    that share of cases is settled by an empowered front-line employee and skips the other steps.

    Examples
    --------
    >>> d = bpr_demo()
    >>> d.set(record=True, judge=True, assign=True, approve=True, auto_share=1.0).error is None
    True
    >>> "Settle at first contact" in d.set(first_contact=0.6).html
    True
    """
    import ipywidgets as w

    from labkit.implementation import compare_processes, recovery_process, redesign_process

    before = recovery_process()

    def render(record, judge, assign, approve, auto_share, first_contact, cases):
        chosen = [s for s, on in (("record", record), ("judge", judge), ("assign", assign), ("approve", approve)) if on]
        after = recovery_process(chosen, auto_approve_share=auto_share)
        if first_contact > 0:
            after = redesign_process(first_contact, large_process=after)
        c = compare_processes(before, after)
        codes = list(dict.fromkeys(list(after.index) + list(before.index)))
        rows = ""
        for k in codes:
            src = after if k in after.index else before
            b = f"{before.loc[k, 'hours']:.2f}" if k in before.index else "—"
            a = f"{after.loc[k, 'hours']:.2f}" if k in after.index else "—"
            auto = "✔" if k in after.index and bool(after.loc[k, "automated"]) else ""
            rows += (f"<tr><td>{html.escape(str(src.loc[k, 'step']))} {src.loc[k, 'step_zh']}</td>"
                     f"<td>{b}</td><td>{a}</td><td>{auto}</td></tr>")
        kind = ("redesign + automation 流程再造+自动化" if first_contact > 0 and chosen else
                "redesign 流程再造" if first_contact > 0 else "automation only 仅自动化" if chosen else "unchanged 未改变")
        summary = (f"<p>{kind}: cycle time 周期 {c.hours_before:.1f} h → <b>{c.hours_after:.1f} h</b> "
                   f"(−{c.time_reduction:.0%}); cost per case 单件成本 {c.cost_before:,.0f} → "
                   f"<b>{c.cost_after:,.0f}</b> yuan; monthly saving 月节约 "
                   f"<b>{c.cost_saved * cases:,.0f}</b> yuan, {c.hours_saved * cases:,.0f} case-hours. "
                   f"After-hours are expected hours per case. 改造后为每件投诉的期望时长。</p>")
        bars = _svg_bars(["before 前", "after 后"], [c.hours_before, c.hours_after], width=180, unit=" h")
        return summary + _row("<table><tr><th>Step 步骤</th><th>Before h</th><th>After h</th><th>Auto</th></tr>"
                              f"{rows}</table>", bars)

    style = {"description_width": "initial"}
    controls = {
        "record": w.Checkbox(value=True, description="Auto-record (ticket form) 自动记录", style=style),
        "judge": w.Checkbox(value=True, description="Auto-classify 自动判断性质", style=style),
        "assign": w.Checkbox(value=True, description="Auto-route 自动分派", style=style),
        "approve": w.Checkbox(value=False, description="Pre-approved remedies 预授权", style=style),
        "auto_share": w.FloatSlider(value=0.8, min=0, max=1, step=0.05, description="Auto-approved share 自动批准比例", style=style),
        "first_contact": w.FloatSlider(value=0.0, min=0, max=1, step=0.05,
                                       description="Redesign: settled at first contact 一线首问解决比例", style=style),
        "cases": w.IntSlider(value=25, min=0, max=500, step=5, description="Cases / month 月投诉量", style=style),
    }
    return Demo("bpr", controls, render, title="Complaint recovery: automation vs redesign 投诉补救：自动化与流程再造")


def grade_demo() -> Demo:
    """Course grade calculator for the 3:7 scheme (and the 30/40/30 variant).

    Examples
    --------
    >>> d = grade_demo()
    >>> d.set(scheme="30/40/30").error is None
    True
    """
    import ipywidgets as w

    from labkit.implementation import GRADE_SCHEMES, course_grade

    def render(scheme, attendance, performance, homework, exam):
        if scheme == "3:7":
            grade = course_grade(attendance, performance, homework, exam)
            parts = (f"coursework 平时成绩 = {attendance} + {performance} + {homework} = {attendance + performance + homework}; "
                     f"final 总评 = 0.3 × {attendance + performance + homework} + 0.7 × {exam}")
        else:  # sliders are out of 30/30/40 for 3:7; scale them to 100 for 30/40/30
            p, h = performance / 30 * 100, homework / 40 * 100
            grade = course_grade(None, p, h, exam, scheme=scheme)
            parts = (f"0.3 × class performance 课堂表现 {p:.1f} + 0.4 × coursework 课程作业 {h:.1f} "
                     f"+ 0.3 × team project 团队项目 {exam}")
        return (f"<p>{GRADE_SCHEMES[scheme]['label'].en} · {GRADE_SCHEMES[scheme]['label'].zh}</p>"
                f"<p>{parts}</p><p style='font-size:1.4em'>Final grade 总评: <b>{grade:.1f}</b></p>")

    style = {"description_width": "initial"}
    controls = {
        "scheme": w.ToggleButtons(options=list(GRADE_SCHEMES), value="3:7", description="Scheme 方案"),
        "attendance": w.IntSlider(value=28, min=0, max=30, description="Attendance /30 考勤", style=style),
        "performance": w.IntSlider(value=25, min=0, max=30, description="Performance /30 课堂表现", style=style),
        "homework": w.IntSlider(value=36, min=0, max=40, description="Homework /40 作业测验", style=style),
        "exam": w.IntSlider(value=80, min=0, max=100, description="Exam or project /100 期末或项目", style=style),
    }
    return Demo("grade", controls, render, title="Course grade calculator 成绩计算器")


def crm_type_demo() -> Demo:
    """Type a CRM function; the keyword baseline names its CRM type and automation area.

    Examples
    --------
    >>> d = crm_type_demo()
    >>> "Analytical" in d.set(description="客户流失预测").html
    True
    """
    import ipywidgets as w

    from labkit.implementation import AUTOMATION_AREAS, CRM_TYPES, automation_area, crm_type
    from labkit.labels import find_term

    from labkit.labels import get_language

    def render(description):
        t = find_term(CRM_TYPES, crm_type(description))
        area = automation_area(description)
        found = None if area is None else find_term(AUTOMATION_AREAS, area)
        if get_language() == "zh":  # the language switch and lk.set_language("zh") re-draw it in Chinese
            return f"<p>CRM 类型：<b>{t.zh}</b><br>自动化领域：{'—' if found is None else found.zh}</p>"
        return f"<p>CRM type 类型: <b>{t.en} ({t.zh})</b><br>Automation area 自动化领域: {'—' if found is None else found}</p>"

    zh = get_language() == "zh"
    controls = {"description": w.Text(value="呼叫中心投诉工单分派" if zh else "call-centre routing of complaint tickets",
                                      description="功能 Function" if zh else "Function 功能",
                                      layout=w.Layout(width="420px"), continuous_update=False)}
    return Demo("crm_type", controls, render, title="哪一类CRM？" if zh else "Which kind of CRM? 哪一类CRM？")
