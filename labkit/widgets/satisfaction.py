"""Live demos of chapter 3: NPS gauge, expectation-perception, AHP builder, Kano explorer,
CSI model picker and the satisfaction-loyalty quadrants.

All demos render HTML (with inline SVG), so a callback takes a few milliseconds; data the
quadrant and Kano demos need are loaded once when the demo is built.
"""
from __future__ import annotations

import html

from labkit.widgets._demo import Demo, error_html

DEMOS = ["nps_gauge", "expectation_demo", "ahp_demo", "kano_demo", "csi_model_demo", "quadrant_demo"]

_BAND_COLOURS = {"promoter": "#4c9a5b", "passive": "#bbbbbb", "detractor": "#c44e52"}


def _bar(parts: list[tuple[str, float, str]]) -> str:
    cells = "".join(f'<div style="width:{100 * share:.2f}%;background:{colour};color:white;'
                    f'text-align:center;overflow:hidden;white-space:nowrap">{html.escape(label)}</div>'
                    for label, share, colour in parts if share > 0)
    return f'<div style="display:flex;height:26px;width:420px;border-radius:4px;overflow:hidden">{cells}</div>'


def nps_gauge() -> Demo:
    """Three sliders (promoters, passives, detractors) and the NPS on a -100...+100 gauge.

    Examples
    --------
    >>> d = nps_gauge()
    >>> "NPS = 0" in d.set(promoters=30, passives=40, detractors=30).html
    True
    """
    import ipywidgets as w

    from labkit.satisfaction import NPS_BANDS, nps_from_counts

    def render(promoters: int, passives: int, detractors: int) -> str:
        r = nps_from_counts(promoters, passives, detractors)
        parts = [(f"{t.en} {t.zh} {share:.0%}", share, _BAND_COLOURS[t.code])
                 for (t, _, _), share in zip(NPS_BANDS, (r.promoters, r.passives, r.detractors))]
        marker = (float(r) + 100) / 200 * 420
        gauge = ('<div style="position:relative;width:420px;height:14px;margin-top:8px;'
                 'background:linear-gradient(90deg,#c44e52,#eeeeee,#4c9a5b);border-radius:7px">'
                 f'<div style="position:absolute;left:{marker - 3:.1f}px;top:-4px;width:6px;height:22px;'
                 'background:black"></div></div>'
                 '<div style="display:flex;justify-content:space-between;width:420px;font-size:11px">'
                 '<span>-100</span><span>0</span><span>+100</span></div>')
        return (f"<div><b style='font-size:20px'>NPS = {float(r):.0f}</b> "
                f"<span>({r.n} respondents 受访者)</span></div>{_bar(parts)}{gauge}")

    controls = {
        "promoters": w.IntSlider(value=50, min=0, max=200, description="Promoters 推荐者"),
        "passives": w.IntSlider(value=30, min=0, max=200, description="Passives 被动者"),
        "detractors": w.IntSlider(value=20, min=0, max=200, description="Detractors 贬损者"),
    }
    return Demo("nps_gauge", controls, render, title="Net Promoter Score 净推荐值")


def expectation_demo() -> Demo:
    """Expectation q0 and perception q1 sliders; the expectation-perception verdict.

    Examples
    --------
    >>> "无感" in expectation_demo().set(q0=4, q1=4).html
    True
    """
    import ipywidgets as w

    from labkit.satisfaction import expectation_gap

    def render(q0: float, q1: float, tol: float) -> str:
        t = expectation_gap(q0, q1, tol=tol)
        colour = {"delighted": "#4c9a5b", "neutral": "#8c8c8c", "dissatisfied": "#c44e52"}[t.code]
        return (f"<div style='font-size:18px;color:{colour}'><b>{t.en} · {t.zh}</b></div>"
                f"<div>q1 − q0 = {q1 - q0:+.1f}</div>")

    controls = {
        "q0": w.FloatSlider(value=4, min=1, max=5, step=0.1, description="Expectation 期望 q0"),
        "q1": w.FloatSlider(value=4.5, min=1, max=5, step=0.1, description="Perception 感知 q1"),
        "tol": w.FloatSlider(value=0, min=0, max=1, step=0.1, description="Tolerance 容差"),
    }
    return Demo("expectation", controls, render, title="Expectation-perception model 期望-感知模型")


_SAATY_OPTIONS = [("1/9", 1 / 9), ("1/7", 1 / 7), ("1/5", 1 / 5), ("1/3", 1 / 3), ("1", 1.0), ("3", 3.0),
                  ("5", 5.0), ("7", 7.0), ("9", 9.0)]


def ahp_demo() -> Demo:
    """Saaty-scale sliders for three pairwise judgments; weights, lambda_max, CI and CR update live
    and a warning appears when CR >= 0.1.

    Examples
    --------
    >>> d = ahp_demo()
    >>> "CR" in d.html and "⚠" in d.set(quality_price=9, price_service=9, service_quality=9).html
    True
    """
    import ipywidgets as w

    from labkit.satisfaction import ahp_matrix, ahp_weights

    def render(quality_price: float, price_service: float, service_quality: float) -> str:
        m = ahp_matrix({("quality", "price"): quality_price, ("price", "service"): price_service,
                        ("service", "quality"): service_quality}, ["quality", "price", "service"])
        r = ahp_weights(m)
        names = {"quality": "Quality 质量", "price": "Price 价格", "service": "Service 服务"}
        rows = "".join(f"<tr><td>{names[k]}</td><td>{x:.3f}</td>"
                       f"<td><div style='width:{200 * x:.0f}px;height:12px;background:#2f6f9f'></div></td></tr>"
                       for k, x in r.weights.items())
        verdict = ("<span style='color:#4c9a5b'>✔ acceptable 可接受 (CR &lt; 0.1)</span>" if r.consistent else
                   error_html("CR ≥ 0.1: the judgments are inconsistent — revise them. 判断不一致，请修改。"))
        return (f"<table><tr><th>criterion 准则</th><th>weight 权重</th><th></th></tr>{rows}</table>"
                f"<div>λmax = {r.lambda_max:.4f} · CI = {r.ci:.4f} · RI = {r.ri:.2f} · "
                f"<b>CR = {r.cr:.4f}</b></div>{verdict}")

    def slider(desc: str, value: float):
        return w.SelectionSlider(options=_SAATY_OPTIONS, value=value, description=desc)

    controls = {
        "quality_price": slider("Quality vs price 质量:价格", 5.0),
        "price_service": slider("Price vs service 价格:服务", 3.0),
        "service_quality": slider("Service vs quality 服务:质量", 1 / 7),
    }
    return Demo("ahp", controls, render, title="AHP weights and consistency 层次分析法权重与一致性")


def kano_demo() -> Demo:
    """Pick a functional and a dysfunctional answer: the Kano table cell lights up; pick a survey
    attribute to see its tallies, category and Better/Worse.

    Examples
    --------
    >>> d = kano_demo()
    >>> "Must-be" in d.set(functional="neutral", dysfunctional="dislike").html
    True
    """
    import ipywidgets as w

    from labkit.curriculum import KANO_ANSWERS
    from labkit.datasets import load_survey, load_truth
    from labkit.satisfaction import KANO_CATEGORIES, KANO_TABLE, kano_summary

    summary = kano_summary(load_survey())
    names = load_truth()["survey"]["kano_attribute_labels"]

    def render(functional: str, dysfunctional: str, attribute: str) -> str:
        cat = KANO_CATEGORIES[KANO_TABLE[(functional, dysfunctional)]]
        head = "".join(f"<th>{a.zh}</th>" for a in KANO_ANSWERS)
        body = ""
        for f in KANO_ANSWERS:
            cells = ""
            for d in KANO_ANSWERS:
                on = f.code == functional and d.code == dysfunctional
                style = " style='background:#e08a2c;color:white'" if on else ""
                cells += f"<td{style}>{KANO_TABLE[(f.code, d.code)]}</td>"
            body += f"<tr><th>{f.zh}</th>{cells}</tr>"
        row = summary.loc[attribute]
        tally = " · ".join(f"{c}: {int(row[c])}" for c in KANO_CATEGORIES)
        c2 = KANO_CATEGORIES[row["category"]]
        return (f"<div style='font-size:16px'><b>{cat.code} — {cat.en} · {cat.zh}</b></div>"
                f"<table style='text-align:center'><tr><th>F \\ D</th>{head}</tr>{body}</table>"
                f"<div style='margin-top:6px'>Survey 调查 <b>{html.escape(attribute)}</b>: {tally} → "
                f"<b>{c2.en} ({c2.zh})</b>; Better = {row['better']:.2f}, Worse = {row['worse']:.2f}</div>")

    options = [(f"{a.en} {a.zh}", a.code) for a in KANO_ANSWERS]
    controls = {
        "functional": w.Dropdown(options=options, value="like", description="Present 具备时"),
        "dysfunctional": w.Dropdown(options=options, value="neutral", description="Absent 缺失时"),
        "attribute": w.Dropdown(options=[(f"{names[a]['en']} {names[a]['zh']}", a) for a in summary.index],
                                value=summary.index[0], description="Attribute 属性"),
    }
    return Demo("kano", controls, render, title="Kano classifier 卡诺分类")


def csi_model_demo() -> Demo:
    """Pick a CSI model (SCSB, ACSI, ECSI, CCSI) and a language; its path diagram is drawn.
    Solid arrows are stated in the course, dashed standard, dotted assumed.

    Examples
    --------
    >>> "品牌形象" in csi_model_demo().set(model="ECSI", lang="zh").html
    True
    """
    import ipywidgets as w

    from labkit.plotting.satisfaction import csi_model_svg
    from labkit.satisfaction import CSI_PRESETS

    def render(model: str, lang: str) -> str:
        m = CSI_PRESETS[model]
        name = m.name.text(lang)
        legend = ("solid = in the course 课程原文 · dashed = standard 通用文献 · dotted = assumed 假设")
        return (f"<div><b>{html.escape(name)}</b> ({m.year}) — {len(m.constructs)} constructs 变量, "
                f"{len(m.paths)} paths 路径</div>{csi_model_svg(m, lang=lang)}"
                f"<div style='font-size:11px'>{legend}</div>")

    controls = {
        "model": w.ToggleButtons(options=list(CSI_PRESETS), value="ACSI", description="Model 模型"),
        "lang": w.ToggleButtons(options=[("English", "en"), ("中文", "zh")], value="en", description="Language 语言"),
    }
    return Demo("csi_model", controls, render, title="CSI models 客户满意度指数模型")


def quadrant_demo() -> Demo:
    """Move the satisfied / loyal thresholds and watch the four quadrants of the survey change.

    Examples
    --------
    >>> d = quadrant_demo()
    >>> "满意但不忠诚" in d.set(sat_threshold=10, loyal_threshold=1).html
    True
    """
    import ipywidgets as w
    import numpy as np

    from labkit.datasets import load_survey
    from labkit.satisfaction import QUADRANT_NOTES, QUADRANTS, satisfaction_trap

    s = load_survey()
    sat = s["overall_satisfaction"].to_numpy()
    loyal = s[["loy_1", "loy_2", "loy_3"]].mean(axis=1).to_numpy()
    grid = np.zeros((11, 11), dtype=int)
    np.add.at(grid, (np.floor(loyal).astype(int), sat.astype(int)), 1)  # floor: ≥ thresholds stay exact
    top = grid.max()

    def render(sat_threshold: int, loyal_threshold: int) -> str:
        r = satisfaction_trap(sat, loyal, sat_threshold=sat_threshold, loyal_threshold=loyal_threshold)
        cell = 18
        rects = []
        for ly in range(11):
            for sx in range(11):
                if grid[ly, sx]:
                    alpha = 0.15 + 0.85 * grid[ly, sx] / top
                    rects.append(f'<rect x="{30 + sx * cell}" y="{10 + (10 - ly) * cell}" width="{cell - 1}" '
                                 f'height="{cell - 1}" fill="#2f6f9f" fill-opacity="{alpha:.2f}"/>')
        xline = 30 + sat_threshold * cell - 0.5
        yline = 10 + (11 - loyal_threshold) * cell - 0.5
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" font-size="10">{"".join(rects)}'
               f'<line x1="{xline}" y1="10" x2="{xline}" y2="208" stroke="#c44e52" stroke-dasharray="4,3"/>'
               f'<line x1="30" y1="{yline}" x2="228" y2="{yline}" stroke="#c44e52" stroke-dasharray="4,3"/>'
               '<text x="130" y="232" text-anchor="middle">Satisfaction 满意度 (0-10)</text>'
               '<text x="10" y="110" transform="rotate(-90 10 110)" text-anchor="middle">Loyalty 忠诚度</text></svg>')
        rows = "".join(f"<tr><td>{q.en} · {q.zh}</td><td>{n}</td><td>{share:.1%}</td>"
                       f"<td style='font-size:11px'>{QUADRANT_NOTES[code].en}</td></tr>"
                       for code, q, n, share in zip(r.table.index, QUADRANTS, r.table["customers"], r.table["share"]))
        return (f"<div style='display:flex;gap:12px'>{svg}<div><table>{rows}</table>"
                f"<p>Satisfied but not loyal 满意但不忠诚: <b>{r.trap_share:.1%}</b> of all, "
                f"<b>{r.trap_share_of_satisfied:.1%}</b> of the satisfied 满意客户中. "
                f"Correlation 相关系数 r = {r.correlation:.2f}</p></div></div>")

    controls = {
        "sat_threshold": w.IntSlider(value=7, min=0, max=10, description="Satisfied ≥ 满意"),
        "loyal_threshold": w.IntSlider(value=7, min=1, max=10, description="Loyal ≥ 忠诚"),
    }
    return Demo("quadrant", controls, render, title="Satisfaction vs loyalty 满意与忠诚四象限")

