"""Chapter 2 live demos: complaint Pareto explorer, journey-map editor, recovery role-play
checklist, SERVQUAL importance weights, the gap model with over-promising and a complaint case
stepped through its SLA.

Each demo loads its data once when it is built; callbacks only filter and format (HTML and
inline SVG, no matplotlib), so they answer in a few milliseconds.

Examples
--------
>>> d = roleplay_demo()
>>> d.set(actions="vent, listen, agree, ask, note, solve, close", procedure="methods").error is None
True
>>> "表示道歉" in d.html
True
"""
from __future__ import annotations

import html as _html

from labkit.widgets._demo import Demo
from labkit.errors import bilingual

DEMOS = ["characteristics_quiz_demo", "pareto_demo", "journey_demo", "roleplay_demo", "servqual_demo", "gap_model_demo",
         "case_demo", "recovery_speed_demo"]

_ALL = "all"


def _bar(share: float, color: str = "#2f6f9f", width: int = 160) -> str:
    px = max(0, min(width, round(share * width)))
    return (f'<div style="width:{width}px;background:#eee;height:10px">'
            f'<div style="width:{px}px;background:{color};height:10px"></div></div>')


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td style='padding:2px 8px'>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table>{head and '<tr>' + head + '</tr>'}{body}</table>"


def characteristics_quiz_demo() -> Demo:
    """Quiz: pick the service characteristic a scenario illustrates and get feedback at once.

    Uses the scenarios the notebook's exercise does not (``SERVICE_SCENARIOS[5:]``).

    Examples
    --------
    >>> d = characteristics_quiz_demo()
    >>> "✔" in d.set(scenario=0, answer="intangibility").html
    True
    """
    import ipywidgets as w

    from labkit.service import SERVICE_CHARACTERISTICS, SERVICE_SCENARIOS

    scenarios = SERVICE_SCENARIOS[5:]
    terms = {t.code: t for t in SERVICE_CHARACTERISTICS}

    def render(scenario, answer):
        en, zh, code = scenarios[scenario]
        head = f"<p><b>{_html.escape(en)}</b><br>{_html.escape(zh)}</p>"
        if answer is None:
            return head + "<p>Pick a characteristic. 请选择一个特征。</p>"
        if answer == code:
            return head + f"<p>✔ Correct: {_html.escape(str(terms[code]))}. 正确！</p>"
        return head + (f"<p>✘ Not {_html.escape(str(terms[answer]))}. Ask: is it about touching, timing, "
                       "consistency, storing or owning? 再想想：是关于能否感知、同时发生、是否一致、能否储存，"
                       "还是所有权？</p>")

    controls = {
        "scenario": w.Dropdown(options=[(f"{i + 1}. {en[:40]}…", i) for i, (en, _, _) in enumerate(scenarios)],
                               value=0, description="Scenario 情景"),
        "answer": w.ToggleButtons(options=[(t.en, t.code) for t in SERVICE_CHARACTERISTICS], value=None,
                                  description="Answer 答案"),
    }
    return Demo("characteristics_quiz", controls, render, title="Service characteristics quiz 服务特征小测")


def pareto_demo() -> Demo:
    """Complaint Pareto explorer: count complaints by type, cause or type × cause, filtered by
    channel, month range and type; move the cut to see which categories are the vital few. (By
    cause alone there are three categories, which all reach 80%: type × cause shows the idea.)

    Examples
    --------
    >>> d = pareto_demo()
    >>> "vital few" in d.set(by="cause", channel="phone", cut=0.95).html
    True
    >>> "6 of 15" in d.set(by="type_cause", channel="all", cut=0.8).html
    True
    """
    import ipywidgets as w

    from labkit.curriculum import COMPLAINT_CAUSES, COMPLAINT_CHANNELS, COMPLAINT_TYPES
    from labkit.datasets import load_complaints
    from labkit.service import pareto

    log = load_complaints()
    month = log["received_at"].dt.to_period("M")
    months = sorted(month.unique())
    log = log.assign(month_no=month.map({m: i for i, m in enumerate(months)}),
                     type_cause=log["type"] + "|" + log["cause"])
    terms = {t.code: str(t) for t in (*COMPLAINT_TYPES, *COMPLAINT_CAUSES)}
    terms.update({f"{a.code}|{b.code}": f"{a} × {b}" for a in COMPLAINT_TYPES for b in COMPLAINT_CAUSES})

    def render(by, channel, type_, months_range, cut):
        lo, hi = months_range
        sub = log[log["month_no"].between(lo, hi)]
        if channel != _ALL:
            sub = sub[sub["channel"] == channel]
        if type_ != _ALL:
            sub = sub[sub["type"] == type_]
        if sub.empty:
            raise ValueError(bilingual("no complaints match these filters; widen the month range or pick 'all'"))
        r = pareto(sub, by, cut=cut)
        rows = []
        for k, row in zip(r.table.index, r.table.to_dict("records")):
            name = _html.escape(terms[k])
            rows.append([f"<b>{name}</b>" if row["vital_few"] else name, str(row["count"]),
                         f"{row['share']:.1%}", f"{row['cumulative_share']:.1%}",
                         _bar(row["cumulative_share"], "#c44e52" if row["vital_few"] else "#2f6f9f")])
        head = (f"<p>{len(sub)} complaints, {months[lo]} to {months[hi]}. The <b>vital few</b> "
                f"(关键少数) reaching {cut:.0%}: {len(r.vital_few)} of {len(r.table)} categories.</p>")
        return head + _table(["category 类别", "count 数量", "share 占比", "cumulative 累计", ""], rows)

    controls = {
        "by": w.ToggleButtons(options=[("Type 类型", "type"), ("Cause 原因", "cause"),
                                       ("Type × cause 类型×原因", "type_cause")], value="type",
                              description="Count by 统计"),
        "channel": w.Dropdown(options=[("all 全部", _ALL)] + [(str(t), t.code) for t in COMPLAINT_CHANNELS],
                              value=_ALL, description="Channel 渠道"),
        "type_": w.Dropdown(options=[("all 全部", _ALL)] + [(str(t), t.code) for t in COMPLAINT_TYPES],
                            value=_ALL, description="Type 类型"),
        "months_range": w.SelectionRangeSlider(options=[(str(m), i) for i, m in enumerate(months)],
                                               index=(0, len(months) - 1), description="Months 月份"),
        "cut": w.FloatSlider(value=0.8, min=0.5, max=1.0, step=0.05, description="Cut 截点"),
    }
    return Demo("pareto", controls, render, title="Complaint Pareto explorer 投诉帕累托分析")


def _journey_svg(emotions: list[float], lowest: list[bool], names: list[str]) -> str:
    w, h, pad = 560, 200, 30
    n = len(emotions)
    xs = [pad + i * (w - 2 * pad) / (n - 1) for i in range(n)]
    ys = [h / 2 - e * (h / 2 - pad) / 2 for e in emotions]
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{9 if low else 4}" fill="{"none" if low else "#2f6f9f"}" '
        f'stroke="{"#c44e52" if low else "#2f6f9f"}" stroke-width="2"/>' for x, y, low in zip(xs, ys, lowest))
    labels = "".join(f'<text x="{x:.1f}" y="{h + 14}" font-size="10" text-anchor="middle">'
                     f"{_html.escape(s.split(' ')[0])}</text>" for x, s in zip(xs, names))
    return (f'<svg width="{w}" height="{h + 20}" style="background:#fafafa">'
            f'<rect x="0" y="0" width="{w}" height="{h / 2}" fill="#4c9a5b" opacity="0.06"/>'
            f'<rect x="0" y="{h / 2}" width="{w}" height="{h / 2}" fill="#c44e52" opacity="0.06"/>'
            f'<line x1="0" y1="{h / 2}" x2="{w}" y2="{h / 2}" stroke="#555" stroke-width="0.8"/>'
            f'<polyline points="{pts}" fill="none" stroke="#2f6f9f" stroke-width="2"/>{dots}{labels}</svg>')


def journey_demo() -> Demo:
    """Journey-map editor: set the emotion (−2 … +2) at each stage; the curve redraws and the
    lowest touchpoints are circled as improvement opportunities.

    Examples
    --------
    >>> d = journey_demo()
    >>> "<svg" in d.set(s0=-2, s6=2).html
    True
    """
    import ipywidgets as w

    from labkit.service import EXAMPLE_JOURNEY, journey_map

    names = [row["stage"] for row in EXAMPLE_JOURNEY]

    def render(**emotions):
        values = [emotions[f"s{i}"] for i in range(len(names))]
        jm = journey_map([{**row, "emotion": e} for row, e in zip(EXAMPLE_JOURNEY, values)])
        low = jm.loc[jm["opportunity"]]
        items = "".join(f"<li>{_html.escape(r.stage)} — {_html.escape(r.touchpoint)} ({r.emotion:+.0f})</li>"
                        for r in low.itertuples())
        return (_journey_svg(values, jm["opportunity"].tolist(), names)
                + f"<p>Improve first 优先改进 (lowest emotion 情绪最低):</p><ul>{items}</ul>")

    controls = {f"s{i}": w.IntSlider(value=e, min=-2, max=2, description=names[i][:14],
                                     layout=w.Layout(width="260px"))
                for i, e in enumerate(row["emotion"] for row in EXAMPLE_JOURNEY)}
    return Demo("journey", controls, render, title="Customer journey map 客户旅程图")


def roleplay_demo() -> Demo:
    """Role-play checklist: type the actions in the order they were done (codes, labels in
    English or Chinese, or numbers, separated by commas or new lines); the checklist shows
    which steps are missing, out of order or repeated, and a score. The communication skills
    and principles (C-2.10) are checklists whose order does not matter.

    Examples
    --------
    >>> d = roleplay_demo()
    >>> "100%" in d.set(actions="1,2,3,4,5,6,7,8").html
    True
    """
    import re

    import ipywidgets as w

    from labkit.service import (
        COMMUNICATION_PRINCIPLES,
        COMMUNICATION_SKILLS,
        HANDLING_METHODS,
        HANDLING_STAGES,
        RECOVERY_STEPS,
        audit_log,
    )

    procedures = {"recovery": RECOVERY_STEPS, "methods": HANDLING_METHODS, "stages": HANDLING_STAGES,
                  "skills": COMMUNICATION_SKILLS, "principles": COMMUNICATION_PRINCIPLES}
    unordered = {"skills", "principles"}

    def render(procedure, actions):
        steps = procedures[procedure]
        events = [a.strip() for a in re.split(r"[,\n，;；]+", actions) if a.strip()]
        events = [int(a) if a.isdigit() else a for a in events]
        if not events:
            raise ValueError(bilingual("type the actions in the order they happened, e.g. 1, 2, 3 or record, judge"))
        r = audit_log(events, steps=steps, ordered=procedure not in unordered)
        bad = {t.code for t in (*r.missing, *r.out_of_order)}
        rows = [[str(i), ("✘ " if t.code in bad else "✔ ") + _html.escape(str(t)),
                 "missing 缺失" if t in r.missing else "out of order 顺序错误" if t in r.out_of_order else
                 "repeated 重复" if t in r.repeated else ""]
                for i, t in enumerate(steps, start=1)]
        extra = "".join(f"<li>{_html.escape(m)}</li>" for m in r.messages() if m.startswith("unknown"))
        return (f"<p><b>Score 得分: {r.score:.0%}</b> · completion 完成度 {r.completion:.0%}</p>"
                + _table(["#", "step 步骤", "problem 问题"], rows) + (f"<ul>{extra}</ul>" if extra else ""))

    controls = {
        "procedure": w.Dropdown(options=[("8 recovery steps 补救步骤", "recovery"),
                                         ("8 handling methods 处理方法", "methods"),
                                         ("5 stages 处理阶段", "stages"),
                                         ("6 communication skills 沟通技巧 (any order)", "skills"),
                                         ("6 communication principles 沟通原则 (any order)", "principles")],
                                value="recovery", description="Procedure 流程"),
        "actions": w.Textarea(value="record, judge, analyse, assign, propose, implement, evaluate",
                              description="Actions 动作", continuous_update=False,
                              layout=w.Layout(width="520px", height="70px")),
    }
    return Demo("roleplay", controls, render, title="Complaint role-play checklist 投诉处理角色扮演检查表")


def servqual_demo() -> Demo:
    """SERVQUAL weights: split importance points over the five dimensions (they are rescaled
    to 100) and see the importance-weighted gap next to the unweighted one (survey data).

    Examples
    --------
    >>> d = servqual_demo()
    >>> "weighted" in d.set(reliability=100, tangibles=0, responsiveness=0, assurance=0, empathy=0).html
    True
    """
    import ipywidgets as w
    import numpy as np

    from labkit.datasets import load_survey
    from labkit.service import SERVQUAL_DIMENSIONS, servqual, servqual_columns

    e, p, _ = servqual_columns(load_survey())
    base = servqual(e, p)
    gaps = base.dimension_gaps
    dims = [d for d, _ in SERVQUAL_DIMENSIONS]

    def render(**points):
        raw = np.array([points[d.code] for d in dims], dtype=float)
        if raw.sum() <= 0:
            raise ValueError(bilingual("give at least one dimension some importance points"))
        weights = raw / raw.sum() * 100
        weighted = float((weights / 100 * gaps.to_numpy()).sum())
        rows = [[_html.escape(str(d)), f"{gaps[d.code]:+.2f}", f"{wt:.1f}", f"{wt / 100 * gaps[d.code]:+.3f}",
                 _bar(min(1.0, abs(gaps[d.code]) / 2), "#c44e52")]
                for d, wt in zip(dims, weights)]
        return (_table(["dimension 维度", "gap 差距", "points 权重分", "contribution 贡献", "|gap|"], rows)
                + f"<p>Unweighted overall 未加权总差距: <b>{base.overall:+.3f}</b> · "
                  f"weighted 加权总差距: <b>{weighted:+.3f}</b> (n = {base.n})</p>")

    defaults = {"tangibles": 10, "reliability": 30, "responsiveness": 22, "assurance": 18, "empathy": 20}
    controls = {d.code: w.IntSlider(value=defaults[d.code], min=0, max=100, description=f"{d.en} {d.zh}")
                for d in dims}
    return Demo("servqual", controls, render, title="SERVQUAL importance weights SERVQUAL 重要性权重")


def gap_model_demo() -> Demo:
    """The gap model with over-promising: move the promise and watch gaps 4 and 5 (illustrative model).

    Examples
    --------
    >>> d = gap_model_demo()
    >>> "falls short" in d.set(promised=7, delivered=5).html
    True
    >>> "meets" in d.set(promised=4, delivered=5).html
    True
    """
    import ipywidgets as w

    from labkit.service import promise_gaps

    def render(prior, promised, delivered, promise_weight) -> str:
        g = promise_gaps(prior, promised, delivered, promise_weight=promise_weight)
        verdict = ("the service falls short of what customers expect 服务低于客户期望" if g["gap_5"] < 0 else
                   "the service meets or exceeds what customers expect 服务达到或超过客户期望")
        rows = [["expected 期望", f"{g['expected']:.2f}", ""],
                ["gap 4 communication 沟通差距 (delivered − promised)", f"{g['gap_4']:+.2f}",
                 _bar(min(1.0, abs(g["gap_4"]) / 6), "#c44e52" if g["gap_4"] < 0 else "#55a868")],
                ["gap 5 customer 客户差距 (perceived − expected)", f"{g['gap_5']:+.2f}",
                 _bar(min(1.0, abs(g["gap_5"]) / 6), "#c44e52" if g["gap_5"] < 0 else "#55a868")]]
        return (_table(["", "1-7", ""], rows) + f"<p><b>{verdict}</b>. Illustrative model: expected = "
                f"w × promised + (1 − w) × prior, w = {promise_weight:.2f}. 示意模型。</p>")

    controls = {
        "prior": w.FloatSlider(value=5, min=1, max=7, step=0.1, description="Prior expectation 原有期望"),
        "promised": w.FloatSlider(value=6.5, min=1, max=7, step=0.1, description="Promised 承诺水平"),
        "delivered": w.FloatSlider(value=5.5, min=1, max=7, step=0.1, description="Delivered 实际服务"),
        "promise_weight": w.FloatSlider(value=0.6, min=0, max=1, step=0.05, description="Promise weight 承诺影响"),
    }
    return Demo("gap_model", controls, render, title="The gap model and over-promising 服务质量差距模型与过度承诺")


def case_demo() -> Demo:
    """Step a logged complaint through the eight recovery steps and compare each step's time
    with its service-level target (scaled by the SLA slider).

    Examples
    --------
    >>> d = case_demo()
    >>> "SLA" in d.set(case=599, steps=8, sla_scale=0.5).html
    True
    """
    import ipywidgets as w

    from labkit.datasets import load_complaints, load_truth
    from labkit.service import RECOVERY_STEPS, ComplaintCase

    log = load_complaints()
    rows = log.to_dict("records")
    sla = load_truth()["complaints"]["step_sla_hours"]

    step_cols = [f"at_{s.code}" for s in RECOVERY_STEPS]

    def render(case, steps, sla_scale):
        row = rows[case]
        logged = [row[c] for c in step_cols]
        n_logged = next((i for i, at in enumerate(logged) if at is None or at != at), len(logged))
        shown = ComplaintCase(row["received_at"], case_id=row["complaint_id"])
        for s, at in zip(RECOVERY_STEPS[:min(steps, n_logged)], logged):
            shown.advance(s.code, at=at)
        hours = shown.elapsed_hours()
        out, late = [], 0
        for i, s in enumerate(RECOVERY_STEPS, start=1):
            target = sla[s.code] * sla_scale
            if s.code in hours.index:
                h = float(hours[s.code])
                late += h > target
                status = "✔ within SLA" if h <= target else "✘ over SLA 超时"
                shown_h = f"{h:.1f}"
            else:
                status = "stalled 停滞" if i == n_logged + 1 else "—"
                shown_h = ""
            out.append([str(i), _html.escape(f"{s.en} {s.zh}"), shown_h, f"{target:g}", status])
        head = (f"<p><b>{row['complaint_id']}</b> · {_html.escape(row['text'])} · channel {row['channel']} · "
                f"{n_logged}/8 steps in the log; shown {min(steps, n_logged)} · "
                f"{late} step(s) over SLA</p>")
        return head + _table(["#", "step 步骤", "hours 小时", "SLA h", "status 状态"], out)

    controls = {
        "case": w.IntSlider(value=0, min=0, max=len(rows) - 1, description="Case 案例"),
        "steps": w.IntSlider(value=8, min=0, max=len(RECOVERY_STEPS), description="Steps 步骤"),
        "sla_scale": w.FloatSlider(value=1.0, min=0.25, max=2.0, step=0.25, description="SLA ×"),
    }
    return Demo("case", controls, render, title="Complaint case vs SLA 投诉案例与服务时限")


def recovery_speed_demo() -> Demo:
    """Timeliness (及时性): move the time limit and compare closed cases resolved within it and after it.

    Examples
    --------
    >>> d = recovery_speed_demo()
    >>> "within" in d.set(within_hours=72).html
    True
    """
    import ipywidgets as w

    from labkit.datasets import load_complaints
    from labkit.service import recovery_by_speed

    log = load_complaints()

    def render(within_hours) -> str:
        t = recovery_by_speed(log, within_hours)
        rows = [[label, f"{t.loc[k, 'cases']:,}", f"{t.loc[k, 'share_resolved']:.0%}",
                 f"{t.loc[k, 'satisfaction']:.2f}", _bar(t.loc[k, "satisfaction"] / 10)]
                for k, label in (("within", f"within 以内 ≤ {within_hours:.0f} h"), ("after", f"after 超过 > {within_hours:.0f} h"))]
        return (_table(["closed cases 已结案件", "cases 数量", "fully resolved 完全解决", "satisfaction 满意度 (0-10)", ""], rows)
                + "<p>An association in one log, not a cause: slow cases may be the harder ones. In this "
                  "synthetic log the effect of speed was built into the simulation. 同一日志中的相关，不等于因果；"
                  "本合成数据的时效影响是模拟时设定的。</p>")

    controls = {"within_hours": w.FloatSlider(value=72, min=32, max=148, step=4, description="Time limit 时限 (h)")}
    return Demo("recovery_speed", controls, render, title="Recovery speed and satisfaction 补救速度与满意度")
