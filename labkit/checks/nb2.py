"""Self-checks of ``02_service_and_complaints``: service standards, complaint handling, the
complaint-log analysis and SERVQUAL (curriculum E2.x exercises with a checkable core).

Every expected answer is computed by :mod:`labkit.service` from the course lists or the
committed data sets.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from labkit.checks import Exercise, Variant
from labkit.curriculum import (COMPLAINT_CAUSES, COMPLAINT_CHANNELS, COMPLAINT_TYPES, HANDLING_STAGES,
                               RECOVERY_STEPS, SERVQUAL_DIMENSIONS)
from labkit.service import COMMITMENT_ELEMENTS, COMMITMENT_PROMOTION, COMPLAINT_VALUES

# Inputs the notebook shows (kept here so the check and the notebook read the same values).
RIGHTS_CASE = {"time": True, "place": True, "price": True, "customer": True, "product": True,
               "channel": False, "wants": False}
CLASSIFY_TEXT = "签订的合同约定按月结算，但实际结算价格比合同价高。"
DIGITAL_CHANNELS = ("online", "app", "email")


def _sv():
    from labkit import service

    return service


def _sv_characteristics():
    from labkit.service import SERVICE_CHARACTERISTICS

    return SERVICE_CHARACTERISTICS


def _characteristic_terms():
    """The five characteristics, plus seed 003's spelling 不可存储性 of 不可储存性 (seed 001) as an alias."""
    from labkit.labels import Term

    chars = tuple(_sv_characteristics())
    return chars + (Term("perishability", "Perishability", "不可存储性"),)


def _log():
    from labkit.datasets import load_complaints

    return load_complaints()


def _survey():
    from labkit.datasets import load_survey

    return load_survey()


def value_options():
    """The list students pick the values of complaints from: values mixed with causes."""
    sv = _sv()
    return (sv.COMPLAINT_VALUES[0], COMPLAINT_CAUSES[1], sv.COMPLAINT_VALUES[1], COMPLAINT_CAUSES[0],
            COMPLAINT_CAUSES[2], sv.COMPLAINT_VALUES[2])


def commitment_options():
    """The list students pick the forms of a service commitment from: forms mixed with promotion channels."""
    sv = _sv()
    return (sv.COMMITMENT_PROMOTION[0], sv.COMMITMENT_ELEMENTS[0], sv.COMMITMENT_ELEMENTS[1],
            sv.COMMITMENT_PROMOTION[1], sv.COMMITMENT_ELEMENTS[2], sv.COMMITMENT_PROMOTION[2])


def _servqual(weighted: bool):
    sv = _sv()
    e, p, imp = sv.servqual_columns(_survey())
    return sv.servqual(e, p, importance=imp if weighted else None)


def _median_resolution():
    return _log().groupby("channel")["resolution_hours"].median()


def _recovery(group: str = "resolved") -> float:
    t = _sv().recovery_effect(_log(), _survey())["mean_satisfaction"]
    if group == "all":
        log = _log()
        return float(log["satisfaction_after"].mean() - t["never_complained"])
    return float(t[group] - t["never_complained"])


def _recovery_group_shift() -> float:
    """never_complained mean minus the mean of all surveyed customers (the slip of using everyone)."""
    t = _sv().recovery_effect(_log(), _survey())["mean_satisfaction"]
    return float(t["never_complained"] - _survey()["overall_satisfaction"].mean())


def _timed_plan() -> list[tuple[str, str]]:
    """A plan that passes: the first closed case of the log whose every step met its SLA."""
    sv = _sv()
    log = _log()
    sla = sv.sla_targets()
    hours = sv.step_hours(log)
    ok = hours.le(pd.Series(sla)[hours.columns], axis=1).all(axis=1)
    case = sv.ComplaintCase.from_log(log[ok].iloc[0].to_dict())
    return [(r.step, str(r.at)) for r in case.timeline().itertuples()]


_PAIRS_EN = "Answer with a list of (step, time) pairs, e.g. [('record', '2024-07-01 09:30'), ...]."
_PAIRS_ZH = "请用 (步骤, 时间) 列表作答，例如 [('record', '2024-07-01 09:30'), ...]。"


def _step_names(terms, lang: str) -> str:
    pos = {t.code: i for i, t in enumerate(RECOVERY_STEPS, start=1)}
    if lang == "zh":
        return "、".join(f"第{pos[t.code]}步({t.zh})" for t in terms)
    return ", ".join(f"step {pos[t.code]} ({t.code}: {t.en} {t.zh})" for t in terms)


def _audit_messages(r) -> tuple[str, str]:
    """The audit's problems in English (with the Chinese step name) and in Chinese."""
    en, zh = [], []
    for terms, what_en, what_zh in ((r.missing, "missing", "缺失"), (r.out_of_order, "out of order", "顺序不对"),
                                    (r.repeated, "repeated", "重复")):
        if terms:
            en.append(f"{_step_names(terms, 'en')} {what_en}")
            zh.append(f"{_step_names(terms, 'zh')}{what_zh}")
    if r.unknown:
        names = ", ".join(repr(u) for u in r.unknown)
        en.append(f"{names} is not a recovery step (use a code such as 'record', or its English or Chinese name)")
        zh.append(f"{names} 不是补救步骤（请用 'record' 这样的代码，或步骤的中英文名称）")
    return "; ".join(en), "；".join(zh)


def _process_compare(answer: Any, expected: Any) -> tuple[float, str, str]:
    """A timed plan passes when it runs the eight recovery steps once each, in order, within their SLAs,
    with times that never run backwards."""
    if isinstance(answer, (str, bytes, dict)) or not hasattr(answer, "__iter__"):
        return 0.0, _PAIRS_EN, _PAIRS_ZH
    pairs = list(answer)
    timed = [p for p in pairs if isinstance(p, (tuple, list)) and len(p) == 2]
    if timed and len(timed) != len(pairs):
        return 0.0, "Every item must be a (step, time) pair. " + _PAIRS_EN, "每一项都必须是 (步骤, 时间)。" + _PAIRS_ZH
    times = []
    for step, when in timed:
        try:
            times.append(pd.Timestamp(when))
        except (ValueError, TypeError):
            return 0.0, f"{when!r} is not a date-time; write times like '2024-07-01 09:30'.", \
                f"{when!r} 不是日期时间；请写成 '2024-07-01 09:30' 这样的格式。"
    steps = [p[0] for p in timed] if timed else pairs
    sv = _sv()
    try:
        order = sv.audit_log(steps, steps=RECOVERY_STEPS)
    except (ValueError, TypeError):
        return 0.0, _PAIRS_EN, _PAIRS_ZH
    if not order.ok:
        en, zh = _audit_messages(order)
        return round(order.score / 2, 3), f"Not yet: {en}.", f"还不对：{zh}。"
    if not timed:
        return 0.5, "All steps are there, in order. Now give each step a time: (step, time) pairs.", \
            "步骤齐全且顺序正确。现在为每一步加上时间：(步骤, 时间)。"
    back = [t for t, i in zip(RECOVERY_STEPS[1:], range(1, len(times))) if times[i] < times[i - 1]]
    if back:
        return 0.25, f"Your times run backwards: {_step_names(back[:1], 'en')} is timed before the step it follows.", \
            f"时间倒流了：{_step_names(back[:1], 'zh')}的时间早于它前面的一步。"
    try:
        r = sv.audit_log(pairs, steps=RECOVERY_STEPS)
    except (ValueError, TypeError):
        return 0.0, _PAIRS_EN, _PAIRS_ZH
    if r.hours is None:
        return 0.5, "All steps are there, in order. Now give each step a time: (step, time) pairs.", \
            "步骤齐全且顺序正确。现在为每一步加上时间：(步骤, 时间)。"
    sla = sv.sla_targets()
    late = [t for t in RECOVERY_STEPS if t.code in r.hours.index and r.hours[t.code] > sla[t.code]]
    if late:
        return 0.5, f"Order is right, but these steps exceed their SLA: {_step_names(late, 'en')}.", \
            f"顺序正确，但这些步骤超过了服务时限：{_step_names(late, 'zh')}。"
    return 1.0, "Correct: all eight steps, in order, each within its SLA. Well done!", \
        "正确：八个步骤齐全、顺序正确、每一步都在服务时限内。做得好！"


def _journey_compare(answer: Any, expected: Any) -> tuple[float, str, str]:
    """A journey map passes with at least four stages, a touchpoint and an emotion for each."""
    shape_en = ("Answer with a list of stages, each a dict such as "
                "{'stage': 'Check in', 'touchpoint': 'front desk', 'emotion': -1}.")
    shape_zh = "请用阶段列表作答，每个阶段是一个字典，例如 {'stage': '入住', 'touchpoint': '前台', 'emotion': -1}。"
    if isinstance(answer, (str, bytes, dict)) or not hasattr(answer, "__iter__"):
        return 0.0, shape_en, shape_zh
    stages = list(answer)
    if not all(isinstance(s, dict) for s in stages):
        return 0.0, shape_en, shape_zh
    if any("stage" not in s or "emotion" not in s for s in stages):
        return 0.0, "Every stage needs a 'stage' name and an 'emotion' score. " + shape_en, \
            "每个阶段都需要 'stage'（阶段名）和 'emotion'（情绪分）。" + shape_zh
    emotions = [s["emotion"] for s in stages]
    if not all(isinstance(e, (int, float)) and not isinstance(e, bool) and -2 <= e <= 2 for e in emotions):
        return 0.0, f"Emotions must be numbers from -2 to +2; got {emotions}.", \
            f"情绪分必须是 -2 到 +2 之间的数字；你给的是 {emotions}。"
    try:
        jm = _sv().journey_map(stages)
    except (ValueError, TypeError):
        return 0.0, shape_en, shape_zh
    if len(jm) < 4:
        return 0.5, "A journey map needs at least four stages; add more.", "旅程图至少需要四个阶段，请再补充。"
    if "touchpoint" not in jm.columns or jm["touchpoint"].isna().any() or \
            (jm["touchpoint"].astype(str).str.strip() == "").any():
        return 0.5, "Give every stage a 'touchpoint' (where the customer meets the firm).", \
            "请为每个阶段填写 'touchpoint'（客户与企业的接触点）。"
    if pd.Series(jm["emotion"]).nunique() == 1:
        return 0.5, "All emotions are equal; a journey map should show where feelings rise and fall.", \
            "所有情绪分相同；旅程图应显示情绪的起伏。"
    return 1.0, "Correct: a complete journey map. Its lowest stages are your improvement opportunities.", \
        "正确：旅程图完整。情绪最低的阶段就是改进机会。"


EXERCISES = [
    Exercise(
        "nb2.characteristics_quiz",
        "C-2.2: Which service characteristic does each of the first five SERVICE_SCENARIOS illustrate?",
        "C-2.2：SERVICE_SCENARIOS 前五个情景分别体现了服务的哪一个特征？",
        expected=lambda: [code for _, _, code in _sv().SERVICE_SCENARIOS[:5]],
        kind="sequence",
        terms=_characteristic_terms(),
        hint_en="One list of five codes, in scenario order; each characteristic is used once.",
        hint_zh="按情景顺序给出五个代码组成的列表；每个特征只用一次。",
    ),
    Exercise(
        "nb2.rights_share",
        "(Inspired by E2.7) What share (0-1) of the seven Rights does the hotel check-in in RIGHTS_CASE meet?",
        "（仿E2.7）RIGHTS_CASE 中的酒店入住服务满足了七个“合适”中的多大比例（0-1）？",
        expected=lambda: _sv().seven_rights(RIGHTS_CASE).share,
        abs_tol=0.002,
        variants=(Variant(lambda: float(_sv().seven_rights(RIGHTS_CASE).met),
                          "That is the number of Rights met; the question asks for the share of seven.",
                          "这是满足的项数；题目问的是占七项的比例。"),
                  Variant(lambda: 1 - _sv().seven_rights(RIGHTS_CASE).share,
                          "That is the share of Rights missed, not met.", "这是未满足的比例，不是满足的比例。")),
        hint_en="Count the Rights that were met and divide by the seven Rights.",
        hint_zh="数一数满足了几项“合适”，再除以七项。",
    ),
    Exercise(
        "nb2.commitment_elements",
        "(Inspired by E2.3/E2.9) Which options are the three forms of expression of a service commitment?",
        "（仿E2.3/E2.9）哪些选项是服务承诺的三种表现形式？",
        expected=lambda: [t.code for t in _sv().COMMITMENT_ELEMENTS],
        kind="set",
        terms=COMMITMENT_ELEMENTS + COMMITMENT_PROMOTION,
        variants=(Variant(lambda: [t.code for t in _sv().COMMITMENT_PROMOTION],
                          "Those are the ways to promote a commitment, not its forms of expression.",
                          "这些是服务承诺的宣传方式，不是表现形式。"),),
        hint_en="Forms of expression are what the commitment itself must state; promotion is how people hear of it.",
        hint_zh="表现形式是承诺本身必须写明的内容；宣传方式是让人们知道它的途径。",
    ),
    Exercise(
        "nb2.complaint_values",
        "E2.2/E2.4: Which options are the value of customer complaints?",
        "E2.2/E2.4：哪些选项是客户投诉的价值？",
        expected=lambda: [t.code for t in _sv().COMPLAINT_VALUES],
        kind="set",
        terms=COMPLAINT_VALUES + COMPLAINT_CAUSES,
        variants=(Variant(lambda: [t.code for t in COMPLAINT_CAUSES],
                          "Those are the causes of complaints, not their value to the firm.",
                          "这些是投诉的原因，不是投诉对企业的价值。"),),
        hint_en="Three options say what the firm gains from a complaint; the other three say why it arose.",
        hint_zh="有三个选项说的是企业从投诉中得到什么，另外三个说的是投诉为什么产生。",
    ),
    Exercise(
        "nb2.stage_order",
        "E2.14: Put the five complaint-handling stages in order (a list of codes).",
        "E2.14：把五个投诉处理阶段按顺序排列（代码列表）。",
        expected=lambda: [t.code for t in HANDLING_STAGES],
        kind="sequence",
        terms=HANDLING_STAGES,
        variants=(Variant(lambda: [t.code for t in (HANDLING_STAGES[1], HANDLING_STAGES[0], *HANDLING_STAGES[2:])],
                          "Almost: 受理 (intake) comes before 接受 (receiving) in the course list; "
                          "the seed does not say how they differ, so this earns half credit.",
                          "差一点：课程列表中“受理”在“接受”之前；资料没有说明两者的区别，因此给一半分。",
                          credit=0.5),
                  Variant(lambda: [t.code for t in reversed(HANDLING_STAGES)],
                          "The order is reversed: handling starts when the complaint comes in.",
                          "顺序反了：处理从受理投诉开始。")),
        hint_en="Start with accepting the complaint and end with the follow-up visit.",
        hint_zh="从受理投诉开始，到跟踪回访结束。",
    ),
    Exercise(
        "nb2.classify_text",
        "(Inspired by E2.15) Which of the five complaint types is CLASSIFY_TEXT?",
        "（仿E2.15）CLASSIFY_TEXT 属于五类投诉中的哪一类？",
        expected=lambda: _sv().classify_complaint(CLASSIFY_TEXT),
        kind="choice",
        terms=COMPLAINT_TYPES,
        hint_en="Read the text: is it about the goods, the contract, the delivery, the staff, or an idea?",
        hint_zh="读一读这段文字：它说的是商品、合同、运输、服务人员，还是一个建议？",
    ),
    Exercise(
        "nb2.process_design",
        "E2.6/E2.12: Plan one complaint as (step, time) pairs: all eight recovery steps, in order, within SLA.",
        "E2.6/E2.12：把一件投诉的处理计划写成 (步骤, 时间) 列表：八个补救步骤齐全、有序、不超时。",
        expected=_timed_plan,
        kind="custom",
        compare=_process_compare,
        points=2,
    ),
    Exercise(
        "nb2.united_missing",
        "(Inspired by E2.5/E2.11) Which recovery steps never happened in UNITED_CASE_EVENTS?",
        "（仿E2.5/E2.11）在 UNITED_CASE_EVENTS 中，哪些补救步骤从未发生？",
        expected=lambda: [t.code for t in _sv().audit_log(_sv().UNITED_CASE_EVENTS).missing],
        kind="set",
        terms=RECOVERY_STEPS,
        variants=(Variant(lambda: [t.code for t in _sv().audit_log(_sv().UNITED_CASE_EVENTS).missing
                                   if t.code != "approve"],
                          "Close: one more step is missing between proposing and implementing a plan.",
                          "接近了：在提出方案和实施方案之间还缺一步。", credit=0.5),),
        hint_en="Walk through the eight steps in order and tick the ones the events show; list the rest.",
        hint_zh="按顺序走一遍八个步骤，勾出事件中出现过的，列出其余的步骤。",
    ),
    Exercise(
        "nb2.journey",
        "E2.8: Draw a journey map for a service: a list of stages with touchpoint and emotion (-2..+2).",
        "E2.8：为一项服务绘制客户旅程图：阶段列表，包含接触点和情绪分（-2 到 +2）。",
        expected=lambda: list(_sv().EXAMPLE_JOURNEY),
        kind="custom",
        compare=_journey_compare,
    ),
    Exercise(
        "nb2.digital_share",
        "(Inspired by E2.1/E2.10) What share (0-1) of the logged complaints came through online forms, the app or email?",
        "（仿E2.1/E2.10）日志中通过在线表单、手机应用或电子邮件提交的投诉占多大比例（0-1）？",
        expected=lambda: float(_log()["channel"].isin(DIGITAL_CHANNELS).mean()),
        abs_tol=0.002,
        variants=(Variant(lambda: float(_log()["channel"].isin(DIGITAL_CHANNELS + ("phone",)).mean()),
                          "Phone calls are not counted as digital here.", "这里电话不算数字渠道。"),
                  Variant(lambda: float(_log()["channel"].isin(DIGITAL_CHANNELS).sum()),
                          "That is a count; the question asks for a share.", "这是数量；题目问的是比例。")),
        hint_en="Count the complaints from the three digital channels and divide by all complaints.",
        hint_zh="数出三个数字渠道的投诉数，再除以投诉总数。",
    ),
    Exercise(
        "nb2.vital_few_types",
        "Which complaint types are the vital few that reach 80% of complaints?",
        "哪些投诉类型是占投诉总数 80% 的“关键少数”？",
        expected=lambda: list(_sv().pareto(_log(), "type").vital_few),
        kind="set",
        terms=COMPLAINT_TYPES,
        variants=(Variant(lambda: list(_sv().pareto(_log(), "type").vital_few[:-1]),
                          "Those stop just short of 80%; add the next type.", "这些还没到 80%；再加上下一类。"),),
        hint_en="Sort the types by count and keep adding them until the cumulative share reaches 80%.",
        hint_zh="把类型按数量从多到少排列，逐个累加，直到累计占比达到 80%。",
    ),
    Exercise(
        "nb2.stall_step",
        "At which recovery step do most open cases stall?",
        "大多数未结案件停滞在哪一个补救步骤？",
        expected=lambda: _sv().stall_table(_log())["open_cases"].idxmax(),
        kind="choice",
        terms=RECOVERY_STEPS,
        variants=(Variant(lambda: _sv().step_hours(_log()).median().idxmax(),
                          "That is the slowest step of the cases that get through; the question asks "
                          "where open cases stop.", "这是已通过案件中最慢的步骤；题目问的是未结案件停在哪里。"),),
        hint_en="For each open case, find the first step with no time stamp; count the cases per step.",
        hint_zh="对每个未结案件，找出第一个没有时间戳的步骤；再按步骤统计案件数。",
    ),
    Exercise(
        "nb2.sla_approve",
        "What share (0-1) of completed 'approve' steps met their SLA?",
        "完成的“提交领导批示”步骤中，有多大比例（0-1）在服务时限内完成？",
        expected=lambda: float(_sv().sla_table(_log()).loc["approve", "within_sla"]),
        abs_tol=0.002,
        variants=(Variant(lambda: float(_sv().sla_table(_log()).loc["approve", "within_sla"]
                                        * _log()["at_approve"].notna().mean()),
                          "Cases that never reached the step were counted as failures; count only completed steps.",
                          "把没有走到这一步的案件也算作超时了；只统计完成了该步骤的案件。"),),
        hint_en="Among the cases that completed the approval step, what share took no longer than its target hours?",
        hint_zh="在完成了批示步骤的案件中，用时不超过目标时限的占多大比例？",
    ),
    Exercise(
        "nb2.fastest_channel",
        "(Inspired by E2.13) Which complaint channel has the shortest median resolution time?",
        "（仿E2.13）哪个投诉渠道的处理时长中位数最短？",
        expected=lambda: _median_resolution().idxmin(),
        kind="choice",
        terms=COMPLAINT_CHANNELS,
        variants=(Variant(lambda: _median_resolution().idxmax(),
                          "That is the slowest channel; sort the other way.", "这是最慢的渠道；排序方向反了。"),),
        hint_en="Compare the middle (median) resolution time of each channel and pick the smallest.",
        hint_zh="比较每个渠道处理时长的中位数，选出最小的。",
    ),
    Exercise(
        "nb2.recovery_gap",
        "How many points (0-10 scale, two decimals) higher is mean satisfaction after a resolved complaint "
        "than among surveyed customers with no logged complaint?",
        "投诉得到解决的客户，其平均满意度比没有投诉记录的受访客户高多少分（0-10 分制，保留两位小数）？",
        expected=lambda: _recovery("resolved"),
        abs_tol=0.004,
        variants=(Variant(lambda: _recovery("all"),
                          "That uses every complaint; compare only the resolved ones.",
                          "你用了全部投诉；只比较已解决的投诉。"),
                  Variant(lambda: _recovery("resolved") + _recovery_group_shift(),
                          "Your comparison group is every surveyed customer; use only those with no logged complaint.",
                          "你的对照组是全部受访客户；只能用没有投诉记录的受访客户。")),
        hint_en="Mean satisfaction of the resolved complaints minus mean satisfaction of the comparison group.",
        hint_zh="已解决投诉的平均满意度减去对照组的平均满意度。",
    ),
    Exercise(
        "nb2.servqual_worst",
        "Which SERVQUAL dimension has the largest shortfall (most negative gap) in the survey?",
        "调查中哪个 SERVQUAL 维度的差距最大（最负）？",
        expected=lambda: _servqual(False).dimension_gaps.idxmin(),
        kind="choice",
        terms=tuple(d for d, _ in SERVQUAL_DIMENSIONS),
        variants=(Variant(lambda: _servqual(False).dimension_gaps.idxmax(),
                          "That dimension has the smallest shortfall; gaps are negative, so look for the minimum.",
                          "这个维度的差距最小；差距为负数，应找最小值。"),),
        hint_en="Average perception minus expectation within each dimension; the worst is the most negative.",
        hint_zh="在每个维度内求“感知 − 期望”的平均值；差距最大的是最负的那个。",
    ),
    Exercise(
        "nb2.servqual_weighted",
        "What is the importance-weighted overall SERVQUAL gap of the survey?",
        "调查的重要性加权 SERVQUAL 总差距是多少？",
        expected=lambda: _servqual(True).weighted_overall,
        abs_tol=0.005,
        variants=(Variant(lambda: _servqual(False).overall,
                          "That is the unweighted overall gap; pass the importance points too.",
                          "这是未加权的总差距；还要传入重要性权重。"),),
        hint_en="Weight each respondent's dimension gaps by their importance points ÷ 100, then average over respondents.",
        hint_zh="用每位受访者的重要性分数 ÷ 100 给其各维度差距加权，再对所有受访者求平均。",
    ),
]

EXERCISES += [
    Exercise(
        "nb2.selftest_gap",
        "Self-test: on reliability a customer expects 6.0 and perceives 5.2 (1-7 scale). What is the gap P − E?",
        "自测：在可靠性上，某客户的期望为6.0，感知为5.2（1-7分）。差距 P − E 是多少？",
        expected=lambda: 5.2 - 6.0, abs_tol=0.001,
        hint_en="The gap is perception minus expectation; a shortfall is negative.",
        hint_zh="差距 = 感知 − 期望；服务不足时为负数。",
    ),
    Exercise(
        "nb2.selftest_after_propose",
        "Self-test: which recovery step comes right after 'Propose a handling plan' (提出处理方案)?",
        "自测：补救步骤中，紧接在“提出处理方案”之后的是哪一步？",
        expected=lambda: RECOVERY_STEPS[[t.code for t in RECOVERY_STEPS].index("propose") + 1].code,
        kind="choice", terms=RECOVERY_STEPS,
        variants=(Variant("implement", "A plan is approved before it is implemented: one step is in between.",
                          "方案要先批准再实施：中间还有一步。"),),
        hint_en="Who must agree to the plan before anyone acts on it?", hint_zh="在任何人执行方案之前，谁必须先同意？",
    ),
    Exercise(
        "nb2.selftest_vital_count",
        "Self-test: complaints by cause are 55, 30 and 15. How many causes are the vital few (reaching 80%)?",
        "自测：按原因统计的投诉数为55、30、15。“关键少数”（累计达到80%）包括几个原因？",
        expected=lambda: len(_sv().pareto(pd.DataFrame({"cause": ["a"] * 55 + ["b"] * 30 + ["c"] * 15}),
                                           "cause").vital_few),
        abs_tol=0,
        hint_en="Add the shares from the largest down and stop at the one that reaches 80%.",
        hint_zh="从最大的开始累加占比，加到达到80%的那一个为止。",
    ),
]
