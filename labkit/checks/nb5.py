"""Exercises of ``05_crm_implementation``: CRM types, plans, BPR, evaluation, business case, SQL, grades."""
from __future__ import annotations

from labkit.checks import Exercise, Variant
from labkit.implementation import CRM_TYPES
from labkit.labels import Term

# The inputs of each exercise, kept once so the notebook text, the expected answer and the
# variants agree. The notebook's worked examples use other inputs.
CRM_TYPE_TEXT = "RFM segmentation report for the marketing team"
PLAN = {"vision": "done", "team": "done", "requirements": "done", "bpr": "in_progress",
        "selection": "in_progress", "phased": "todo", "data": "todo", "training": "todo", "evaluate": "todo"}
BPR_STEPS = ("record", "judge", "assign", "approve")
BPR_AUTO_SHARE = 0.6
CAPABILITY_WEIGHTS = {"revenue_per_customer": 0.3, "repeat_rate": 0.2, "satisfaction_after": 0.2,
                      "resolved_share": 0.15, "resolution_hours": 0.15}
NPV_RATE = 0.08
VENDOR_WEIGHTS = {"function": 0.15, "cost": 0.45, "integration": 0.1, "usability": 0.2, "service": 0.1}
GRADE_INPUTS = (27, 24, 33, 72)
HOURS_TOTAL = 64
FUND_RATE, HIGH_RATE, ACCEPT_RATE = 0.10, 0.20, 0.15   # the business-case decision exercises
REDESIGN_SMALL_SHARE = 0.6
COLLAB_TEXT = "One customer history shared by the WeChat service account, the call centre and the stores"
# The type names with and without the suffix "CRM" (the chapter writes both 分析型 and 分析型CRM).
CRM_TYPE_LABELS = tuple(CRM_TYPES) + tuple(Term(t.code, t.en.replace(" CRM", ""), t.zh.replace("CRM", ""))
                                           for t in CRM_TYPES)
_PROJECTS = tuple(Term(p, f"Project {p}", f"项目 {p}") for p in "ABC")


def _impl():
    from labkit import implementation

    return implementation


def _flows(project: str):
    return _impl().project_cashflows(project)["net"].tolist()


def _capability(weights=CAPABILITY_WEIGHTS, normalise=True):
    from labkit.warehouse import build_warehouse

    im = _impl()
    values = im.capability_indicators(build_warehouse())
    if normalise:
        values = im.indicator_scores(values, {k: v[2] for k, v in im.INDICATORS.items()},
                                     {k: v[3] for k, v in im.INDICATORS.items()})
    return float(im.weighted_scorecard(values, weights).loc[2025, "total"])


def _revenue_2025(all_years=False):
    from labkit.datasets import load_transactions

    t = load_transactions()
    if not all_years:
        t = t[t["date"].dt.year == 2025]
    return t.groupby("channel")["amount"].sum().round(2).to_dict()


def _bpr_saved(share=BPR_AUTO_SHARE):
    im = _impl()
    return im.compare_processes(im.recovery_process(), im.recovery_process(BPR_STEPS, auto_approve_share=share)).hours_saved


def _sales_funnel():
    return _impl().funnel_from_data("sales")


EXERCISES = [
    Exercise(
        "nb5.crm_type",
        f"Which type of CRM is '{CRM_TYPE_TEXT}'?",
        f"“{CRM_TYPE_TEXT}”属于哪一类CRM？",
        expected=lambda: _impl().crm_type(CRM_TYPE_TEXT),
        kind="choice",
        terms=CRM_TYPE_LABELS,
        variants=(Variant("operational", "The marketing team uses it, but the function analyses data rather than "
                          "running a campaign.", "虽然由营销团队使用，但这个功能是分析数据，而不是执行营销活动。"),),
        hint_en="Ask what the function does with customer data: run a process, analyse it, or connect channels?",
        hint_zh="想一想这个功能如何使用客户数据：执行业务流程、分析数据，还是连接渠道？",
    ),
    Exercise(
        "nb5.plan_completion",
        "E5.1: completion (a fraction) of the plan PLAN, counting 'in_progress' as half done.",
        "E5.1：计划 PLAN 的完成度(小数)，“进行中”按完成一半计。",
        expected=lambda: _impl().plan_status(PLAN).completion,
        variants=(Variant(5 / 9, "You counted the steps in progress as fully done; they count half.",
                          "你把进行中的步骤算作全部完成了；它们只算一半。"),
                  Variant(3 / 9, "You ignored the steps in progress; they count half.",
                          "你忽略了进行中的步骤；它们应算一半。")),
        hint_en="Give done = 1, in_progress = 0.5, todo = 0 and average over all nine steps.",
        hint_zh="完成计 1、进行中计 0.5、未开始计 0，再对全部九个步骤取平均。",
    ),
    Exercise(
        "nb5.bpr_hours_saved",
        "Hours saved per complaint when record, judge, assign and approve are automated (60% auto-approved).",
        "自动化记录、判断、分派和审批(60% 自动批准)后，每件投诉节省多少小时？",
        expected=_bpr_saved,
        rel_tol=1e-3,
        variants=(Variant(lambda: _bpr_saved(1.0), "You let every case skip the leader's approval; only 60% do.",
                          "你让所有投诉都跳过了领导审批；只有 60% 可以。"),
                  Variant(lambda: _bpr_saved(0.0), "You kept every case waiting for the leader; 60% are auto-approved.",
                          "你让所有投诉都等待领导审批；其中 60% 可自动批准。")),
        hint_en="Build the 'after' table with recovery_process(steps, auto_approve_share=...) and compare.",
        hint_zh="用 recovery_process(steps, auto_approve_share=...) 得到改造后的流程，再比较。",
    ),
    Exercise(
        "nb5.capability_score",
        "E5.3: the weighted capability score (0-100) of 2025 with CAPABILITY_WEIGHTS.",
        "E5.3：按 CAPABILITY_WEIGHTS 计算 2025 年的加权能力得分(0-100)。",
        expected=_capability,
        rel_tol=1e-3,
        variants=(Variant(lambda: _capability(normalise=False),
                          "You weighted the raw indicator values; map them to 0-100 with indicator_scores first.",
                          "你直接对原始指标值加权了；应先用 indicator_scores 把它们换算到 0-100。"),),
        hint_en="indicator_scores(values, worst, best), then weighted_scorecard(..., weights) and read the 2025 total.",
        hint_zh="先 indicator_scores(values, worst, best)，再 weighted_scorecard(..., weights)，读取 2025 年的 total。",
    ),
    Exercise(
        "nb5.npv_b",
        "NPV (yuan) of project B's net cash flows at an 8% discount rate.",
        "按 8% 贴现率计算项目 B 净现金流的净现值(元)。",
        expected=lambda: _impl().project_npv(_flows("B"), NPV_RATE),
        rel_tol=1e-4,
        variants=(Variant(lambda: _impl().project_npv(_flows("B"), NPV_RATE) / (1 + NPV_RATE),
                          "You discounted year 0 as well; the implementation year is today and is not discounted.",
                          "你把第 0 年也贴现了；实施当年就是现在，不需要贴现。"),
                  Variant(lambda: _impl().project_npv(_impl().project_cashflows("B")["benefit"].tolist(), NPV_RATE),
                          "You discounted the benefits only; use the net flow (benefit minus cost).",
                          "你只贴现了收益；应使用净现金流(收益减成本)。"),
                  Variant(lambda: sum(_flows("B")), "That is the undiscounted sum of the flows.",
                          "这是未贴现的现金流之和。"),
                  Variant(lambda: _impl().project_npv(_flows("B"), 0.10),
                          "That is the NPV at 10% (the worked example's rate); this question uses 8%.",
                          "这是按 10% 计算的净现值(例题的贴现率)；本题用 8%。"),
                  Variant(lambda: _impl().project_npv(_flows("B"), NPV_RATE) / 10_000,
                          "That looks like the NPV in 万元 (ten thousand yuan); give it in yuan.",
                          "这看起来是以万元为单位的净现值；请以元为单位作答。")),
        hint_en="project_npv(net_flows, rate) with the year-0 flow first.",
        hint_zh="用 project_npv(净现金流, 贴现率)，第 0 年的现金流放在最前面。",
    ),
    Exercise(
        "nb5.irr_b",
        "IRR of project B (a fraction, e.g. 0.25 for 25%).",
        "项目 B 的内部收益率(小数，例如 0.25 表示 25%)。",
        expected=lambda: _impl().project_irr(_flows("B")),
        abs_tol=5e-4,
        variants=(Variant(lambda: _impl().project_irr(_flows("A")),
                          "That is project A's IRR (the worked example); use project B's net flows.",
                          "这是项目 A(例题)的内部收益率；请用项目 B 的净现金流。"),),
        hint_en="The IRR is the rate at which the NPV is zero: project_irr(net_flows).",
        hint_zh="内部收益率是使净现值为零的贴现率：project_irr(净现金流)。",
    ),
    Exercise(
        "nb5.payback_c",
        "Simple payback period (years, interpolated within the year) of project C.",
        "项目 C 的静态投资回收期(年，年内按比例插值)。",
        expected=lambda: _impl().payback_period(_flows("C")),
        abs_tol=0.01,
        variants=(Variant(lambda: _impl().payback_period(_flows("C"), NPV_RATE),
                          "That is the discounted payback; the question asks for the simple one.",
                          "这是动态(贴现)回收期；题目问的是静态回收期。"),
                  Variant(lambda: _impl().payback_period(_flows("C"), 0.10),
                          "That is the discounted payback at 10% (as in the comparison table); the question asks "
                          "for the simple one.",
                          "这是按 10% 贴现的动态回收期(与比较表相同)；题目问的是静态回收期。"),
                  Variant(4, "Right year, but interpolate: which fraction of year 4 is needed?",
                          "年份对了，但需要插值：第 4 年需要用到多少比例？", credit=0.5)),
        hint_en="Accumulate the net flows; payback falls in the year the running total turns non-negative.",
        hint_zh="累加净现金流；累计值由负转为非负的那一年就是回收年份。",
    ),
    Exercise(
        "nb5.vendor_winner",
        "E5.4: which vendor wins the scorecard with VENDOR_WEIGHTS?",
        "E5.4：按 VENDOR_WEIGHTS 加权后，哪一家供应商得分最高？",
        expected=lambda: _impl().weighted_scorecard(_impl().VENDOR_SCORES, VENDOR_WEIGHTS).index[0],
        kind="choice",
        variants=(Variant(lambda: max(_impl().VENDOR_SCORES, key=lambda v: sum(_impl().VENDOR_SCORES[v].values())),
                          "That vendor has the highest unweighted total; apply the weights.",
                          "这是未加权总分最高的供应商；请使用权重。"),),
        hint_en="weighted_scorecard(VENDOR_SCORES, weights) ranks the vendors; take rank 1.",
        hint_zh="weighted_scorecard(VENDOR_SCORES, weights) 会给供应商排名；取第 1 名。",
    ),
    Exercise(
        "nb5.sales_conversion",
        "Overall conversion of the sales funnel (won / opportunities) over all months.",
        "全部月份销售漏斗的总体转化率(成交 / 商机)。",
        expected=lambda: float(_sales_funnel()["overall_conversion"].iloc[-1]),
        rel_tol=1e-3,
        variants=(Variant(lambda: float(_sales_funnel()["step_conversion"].iloc[-1]),
                          "That is only the last step (negotiation → won); the overall rate starts from opportunities.",
                          "这只是最后一步(谈判→成交)的转化率；总体转化率从商机算起。"),),
        hint_en="Sum each stage over the months, then divide the last stage by the first.",
        hint_zh="先按阶段汇总各月数量，再用最后一个阶段除以第一个阶段。",
    ),
    Exercise(
        "nb5.sql_revenue",
        "SQL on the warehouse: revenue (yuan) by sales channel in 2025, as a dict channel -> revenue.",
        "在数据仓库上写 SQL：2025 年各销售渠道的收入(元)，以 渠道 -> 收入 的字典作答。",
        expected=_revenue_2025,
        kind="mapping",
        abs_tol=0.02,
        points=2,
        variants=(Variant(lambda: _revenue_2025(all_years=True),
                          "Those are the totals over both years; filter on d.year = 2025.",
                          "这是两年的合计；请加上条件 d.year = 2025。"),),
        hint_en="Join fact_sales to dim_date and dim_channel, filter the year, GROUP BY the channel code.",
        hint_zh="将 fact_sales 与 dim_date、dim_channel 连接，筛选年份，再按渠道代码 GROUP BY。",
    ),
    Exercise(
        "nb5.grade",
        "Final grade (3:7 scheme) for attendance 27, performance 24, homework 33 and exam 72.",
        "按 3:7 方案计算：考勤 27、课堂表现 24、作业测验 33、期末 72 的总评成绩。",
        expected=lambda: _impl().course_grade(*GRADE_INPUTS),
        abs_tol=0.05,
        variants=(Variant(lambda: 0.7 * sum(GRADE_INPUTS[:3]) + 0.3 * GRADE_INPUTS[3],
                          "The weights are swapped: coursework counts 30%, the exam 70%.",
                          "权重用反了：平时成绩占 30%，期末考试占 70%。"),
                  Variant(lambda: (sum(GRADE_INPUTS[:3]) + GRADE_INPUTS[3]) / 2,
                          "That is a plain average; the scheme weighs coursework 3 and the exam 7.",
                          "这是简单平均；方案规定平时成绩与期末成绩按 3:7 加权。")),
        hint_en="Coursework = attendance + performance + homework (out of 100); then 0.3 × coursework + 0.7 × exam.",
        hint_zh="平时成绩 = 考勤 + 课堂表现 + 作业测验(满分 100)；再算 0.3 × 平时成绩 + 0.7 × 期末。",
    ),
    Exercise(
        "nb5.hours_nb5",
        "Hours for the CRM-implementation notebook in a 64-hour syllabus (textbook proportions, whole hours).",
        "在 64 学时的教学大纲中(按教材比例、整数学时)，CRM 实施这一章应分配多少学时？",
        expected=lambda: float(_impl().plan_hours(HOURS_TOTAL).loc["nb5", "hours"]),
        abs_tol=0.01,
        variants=(Variant(lambda: HOURS_TOTAL * 6 / 26, "Right proportion, but the plan uses whole hours that add up to 64.",
                          "比例对了，但计划要用整数学时，且合计为 64。", credit=0.5),),
        hint_en="plan_hours(64) splits the hours in the textbook's 5:3:6:6:6 proportions.",
        hint_zh="plan_hours(64) 按教材 5:3:6:6:6 的比例分配学时。",
    ),
    Exercise(
        "nb5.fund_project",
        "Only one CRM project can be funded; the firm's discount rate is 10%. Which one (A, B or C)?",
        "只能资助一个 CRM 项目，企业贴现率为 10%。选哪一个（A、B 或 C）？",
        expected=lambda: str(_impl().compare_projects(FUND_RATE)["npv"].idxmax()), kind="choice", terms=_PROJECTS,
        variants=(Variant(lambda: str(_impl().compare_projects(FUND_RATE)["irr"].idxmax()),
                          "That project has the highest IRR, but for mutually exclusive projects the one that adds "
                          "the most value at the firm's own rate wins: compare NPVs at 10%.",
                          "该项目的内部收益率最高；但对于互斥项目，应选在企业自身贴现率下增加价值最多的项目：比较 10% 时的 NPV。"),),
        hint_en="Compare the NPVs at 10% (lk.compare_projects(0.10)).",
        hint_zh="比较 10% 贴现率下的 NPV（lk.compare_projects(0.10)）。",
    ),
    Exercise(
        "nb5.npv_leader_high_rate",
        "At a 20% discount rate, which project has the highest NPV?",
        "贴现率为 20% 时，哪个项目的 NPV 最高？",
        expected=lambda: str(_impl().compare_projects(HIGH_RATE)["npv"].idxmax()), kind="choice", terms=_PROJECTS,
        variants=(Variant(lambda: str(_impl().compare_projects(FUND_RATE)["npv"].idxmax()),
                          "That project leads at 10%; its benefits come later, so a higher rate shrinks them more.",
                          "该项目在 10% 时领先；它的收益来得较晚，贴现率越高缩水越多。"),),
    ),
    Exercise(
        "nb5.acceptable_projects",
        "At a 15% discount rate, which projects are acceptable on their own (NPV > 0)? A list.",
        "贴现率为 15% 时，哪些项目单独来看可以接受（NPV > 0）？给出列表。",
        expected=lambda: [p for p, v in _impl().compare_projects(ACCEPT_RATE)["npv"].items() if v > 0],
        kind="set", terms=_PROJECTS,
        hint_en="Accept every project whose NPV at 15% is positive (equivalently, whose IRR exceeds 15%).",
        hint_zh="接受 15% 时 NPV 为正的所有项目（等价于内部收益率高于 15%）。",
    ),
    Exercise(
        "nb5.bpr_bottleneck",
        "Which two steps of the manual recovery process take the most hours? A list of step codes.",
        "人工投诉处理流程中耗时最多的两个步骤是哪两个？给出步骤代码列表。",
        expected=lambda: list(_impl().recovery_process()["hours"].nlargest(2).index), kind="set",
        hint_en="Sort recovery_process() by hours.", hint_zh="按 hours 对 recovery_process() 排序。",
    ),
    Exercise(
        "nb5.redesign_hours_saved",
        "Hours saved per complaint when 60% of cases are settled at first contact (redesign_process) "
        "instead of the manual process.",
        "60% 的投诉由一线员工首问解决（redesign_process）时，与人工流程相比每件投诉节省多少小时？",
        expected=lambda: _impl().compare_processes(_impl().recovery_process(),
                                                   _impl().redesign_process(REDESIGN_SMALL_SHARE)).hours_saved,
        abs_tol=0.05, rel_tol=0,
        variants=(Variant(lambda: _bpr_saved(),
                          "That is the saving of automating the same steps; the redesign removes steps for small cases.",
                          "这是把原有步骤自动化的节省；重新设计是为小额投诉去掉步骤。"),),
        hint_en="compare_processes(recovery_process(), redesign_process(0.6)).hours_saved",
        hint_zh="compare_processes(recovery_process(), redesign_process(0.6)).hours_saved",
    ),
    Exercise(
        "nb5.selftest_automation_is_bpr",
        "Self-test: is automating the same eight steps business process reengineering? (True/False)",
        "自测：把原有的八个步骤自动化，算业务流程再造吗？（True/False）",
        expected=lambda: False, kind="bool",
        hint_en="Re-read pitfall 4 and Hammer & Champy's 'radical redesign'.",
        hint_zh="再读一遍误区 4 和 Hammer & Champy 所说的“彻底重新设计”。",
    ),
    Exercise(
        "nb5.selftest_collaborative",
        f"Self-test: which type of CRM is '{COLLAB_TEXT}'? (Decide without lk.crm_type.)",
        f"自测：“{COLLAB_TEXT}”属于哪一类CRM？（不用 lk.crm_type，自己判断。）",
        expected=lambda: "collaborative", kind="choice", terms=CRM_TYPE_LABELS,
        hint_en="Does it run a process, analyse data, or connect channels?",
        hint_zh="它是在执行业务流程、分析数据，还是连接渠道？",
    ),
    Exercise(
        "nb5.selftest_discounted_roi",
        "Self-test: project A's discounted ROI at 10% is NPV / PV(costs). Give it as a fraction.",
        "自测：项目 A 在 10% 时的贴现投资回报率 = NPV / 成本现值，以小数作答。",
        expected=lambda: float(_impl().compare_projects(FUND_RATE).loc["A", "roi"]), abs_tol=0.002, rel_tol=0,
        variants=(Variant(lambda: (sum(_impl().project_cashflows("A")["benefit"]) - sum(_impl().project_cashflows("A")["cost"]))
                          / sum(_impl().project_cashflows("A")["cost"]),
                          "That is the undiscounted ROI (Σ benefit − Σ cost) / Σ cost; discount both streams first.",
                          "这是未贴现的投资回报率；应先把收益和成本都贴现。"),),
    ),
]

