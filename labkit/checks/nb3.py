"""Self-checks of ``03_satisfaction_and_loyalty``: NPS, weights, CSI, AHP, Kano, the trap and PLS.

Each expected answer is computed by :mod:`labkit.satisfaction` when a check runs; the inputs of
each exercise are the ones the notebook states.
"""
from __future__ import annotations

from labkit.checks import Exercise, Variant
from labkit.labels import Term

# Inputs stated in the notebook's exercises.
DIRECT_MULTIPLES = {"battery": 4, "camera": 3, "screen": 2, "price": 1}
PAIRED_PREFS = {("battery", "camera"): "battery", ("battery", "screen"): "battery",
                ("battery", "price"): "=", ("battery", "system"): "battery",
                ("camera", "screen"): "camera", ("camera", "price"): "price",
                ("camera", "system"): "=", ("screen", "price"): "price",
                ("screen", "system"): "system", ("price", "system"): "price"}
AHP_JUDGMENTS = {("quality", "price"): 3, ("quality", "service"): 5, ("price", "service"): 3}
CSI_SCORES = [4.0, 3.6, 4.4]
CSI_WEIGHTS = [0.5, 0.3, 0.2]
SAT_THRESHOLD, LOYAL_THRESHOLD = 8, 8
EXPERT_TABLE = [[50, 30, 20], [60, 20, 20], [40, 40, 20]]
# Two stores, 100 answers each (0-10): X has the lower mean but the higher NPS.
NPS_STORES = {"X": [10] * 30 + [9] * 10 + [7] * 20 + [6] * 20 + [3] * 20,
              "Y": [8] * 50 + [7] * 30 + [6] * 20}
CYCLIC_JUDGMENTS = {("quality", "price"): 3, ("price", "service"): 3, ("service", "quality"): 2}
E37_INDICATORS = (Term("quality", "Quality", "质量"), Term("price", "Price", "价格"), Term("service", "Service", "服务"))
_DRIVERS = (Term("expectation", "Expectation", "客户期望"), Term("quality", "Perceived quality", "感知质量"),
            Term("value", "Perceived value", "感知价值"))
_CSI_ITEMS = (Term("satisfaction", "Satisfaction items only", "只有满意度题项"),
              Term("all", "All items of the model", "模型的全部题项"))


def _sat():
    from labkit import satisfaction

    return satisfaction


def _survey():
    from labkit.datasets import load_survey

    return load_survey()


def _trap():
    s = _survey()
    loyalty = s[["loy_1", "loy_2", "loy_3"]].mean(axis=1)
    return _sat().satisfaction_trap(s["overall_satisfaction"], loyalty, sat_threshold=SAT_THRESHOLD,
                                    loyal_threshold=LOYAL_THRESHOLD)


def _pls(consistent: bool = False):
    sat, s = _sat(), _survey()
    return sat.pls_sem(s, sat.survey_measurement(s), sat.ACSI, consistent=consistent)


def _kano_compare(answer, expected):
    if not isinstance(answer, dict):
        if hasattr(answer, "to_dict"):
            answer = answer.to_dict()
        else:
            return 0.0, "Answer with a dict {attribute: category letter}.", "请用字典 {属性: 类别字母} 作答。"
    got = {str(k): str(v).strip().upper() for k, v in answer.items()}
    letters = set(_sat().KANO_CATEGORIES) if hasattr(_sat(), "KANO_CATEGORIES") else set("AOMIRQ")
    not_letters = [v for v in got.values() if v not in letters]
    if not_letters:
        return (0.0, f"Answer with the category letters {', '.join(sorted(letters))} (e.g. 'M' for must-be), "
                     f"not names such as {not_letters[0]!r}.",
                f"请用类别字母 {', '.join(sorted(letters))} 作答（如基本型需求写 'M'），而不是 {not_letters[0]!r} 这样的名称。")
    missing = [k for k in expected if k not in got]
    if missing:
        return 0.0, f"Your dict is missing: {', '.join(missing)}.", f"你的字典缺少：{', '.join(missing)}。"
    right = sum(got[k] == v for k, v in expected.items())
    if right == len(expected):
        return 1.0, "Correct. Well done!", "正确，做得好！"
    return (right / len(expected), f"{right} of {len(expected)} attributes are right. Use the category "
            "with the most answers for each attribute.",
            f"{len(expected)} 个属性中对了 {right} 个。每个属性取答案最多的类别。")


EXERCISES = [
    Exercise(
        "nb3.nps_seed_1",
        "NPS for 100 customers: 30 promoters, 40 passives, 30 detractors (on the -100...100 scale).",
        "100 位客户：30 位推荐者、40 位被动者、30 位贬损者，求 NPS（-100…100）。",
        expected=lambda: float(_sat().nps_from_counts(30, 40, 30)),
        abs_tol=0.01,
        variants=(Variant(30.0, "That is the share of promoters only — subtract the detractors' share.",
                          "这只是推荐者占比——还要减去贬损者占比。"),
                  Variant(40.0, "Passives are neither promoters nor detractors; leave them out of the difference.",
                          "被动者既不是推荐者也不是贬损者，不参与相减。"),
                  Variant(-40.0, "Passives are neither promoters nor detractors; leave them out of the difference.",
                          "被动者既不是推荐者也不是贬损者，不参与相减。")),
        hint_en="NPS = % promoters − % detractors.", hint_zh="NPS = 推荐者百分比 − 贬损者百分比。",
    ),
    Exercise(
        "nb3.nps_seed_2",
        "NPS for 200 customers: 60 promoters, 80 passives, 60 detractors.",
        "200 位客户：60 位推荐者、80 位被动者、60 位贬损者，求 NPS。",
        expected=lambda: float(_sat().nps_from_counts(60, 80, 60)),
        abs_tol=0.01,
        variants=(Variant(30.0, "That is the share of promoters only — subtract the detractors' share.",
                          "这只是推荐者占比——还要减去贬损者占比。"),
                  Variant(40.0, "That is the passives' share; NPS compares promoters with detractors.",
                          "这是被动者占比；NPS 比较的是推荐者与贬损者。")),
        hint_en="Turn counts into percentages of all 200 customers first.",
        hint_zh="先把人数换算成占全部 200 位客户的百分比。",
    ),
    Exercise(
        "nb3.survey_nps",
        "NPS of the survey's `recommend` column (0-10 answers).",
        "调查表 `recommend` 列（0-10 分）的 NPS。",
        expected=lambda: float(_sat().nps(_survey()["recommend"])),
        abs_tol=0.05,
        variants=(Variant(lambda: float(_sat().nps(_survey()["overall_satisfaction"])),
                          "That uses overall_satisfaction; NPS uses the recommend question.",
                          "你用了 overall_satisfaction；NPS 用的是推荐意愿问题。"),
                  Variant(lambda: 100 * float((_survey()["recommend"] >= 8).mean() - (_survey()["recommend"] <= 6).mean()),
                          "Check the bands: promoters answer 9-10, passives 7-8, detractors 0-6.",
                          "检查分段：推荐者 9-10 分，被动者 7-8 分，贬损者 0-6 分。")),
        hint_en="lk.nps(scores) takes the 0-10 answers.", hint_zh="lk.nps(scores) 接收 0-10 分的答案。",
    ),
    Exercise(
        "nb3.expert_weights",
        "E3.6: final weights of A, B, C from the three experts (dict of fractions or percentages).",
        "E3.6：根据三位专家的打分求 A、B、C 的最终权重（字典，小数或百分数）。",
        expected=lambda: _sat().expert_weights(EXPERT_TABLE).set_axis(["A", "B", "C"]).to_dict(),
        kind="mapping", abs_tol=0.005,
        variants=(Variant(lambda: {k: 100 * x for k, x in _sat().expert_weights(
                              EXPERT_TABLE).set_axis(["A", "B", "C"]).items()},
                          "Correct (as percentages). Well done!", "正确（百分数形式），做得好！", credit=1),
                  Variant({"A": 150, "B": 90, "C": 60}, "Those are sums over experts — divide by the number of experts.",
                          "这些是三位专家的总和——还要除以专家人数。")),
        hint_en="Average each indicator's weight over the experts.", hint_zh="对每个指标，求各位专家权重的平均值。",
    ),
    Exercise(
        "nb3.expert_weights_e37",
        "E3.7: the same expert percentages for quality, price and service. Final weights (dict)?",
        "E3.7：质量、价格、服务采用同样的专家打分，求最终权重（字典）。",
        expected=lambda: _sat().expert_weights(EXPERT_TABLE).set_axis([t.code for t in E37_INDICATORS]).to_dict(),
        kind="mapping", abs_tol=0.005, terms=E37_INDICATORS,
        variants=(Variant(lambda: {t.code: 100 * x for t, x in zip(E37_INDICATORS, _sat().expert_weights(EXPERT_TABLE))},
                          "Correct (as percentages). Well done!", "正确（百分数形式），做得好！", credit=1),
                  Variant({"quality": 150, "price": 90, "service": 60},
                          "Those are sums over experts — divide by the number of experts.",
                          "这些是三位专家的总和——还要除以专家人数。")),
        hint_en="Same method as E3.6: average each indicator over the experts.",
        hint_zh="与 E3.6 方法相同：对每个指标求各位专家的平均值。",
    ),
    Exercise(
        "nb3.direct_weights",
        "Direct comparison: battery 4, camera 3, screen 2, price 1 (multiples of price). Weights?",
        "直接比较法：电池 4、相机 3、屏幕 2、价格 1（相对价格的倍数），求权重。",
        expected=lambda: _sat().direct_comparison_weights(DIRECT_MULTIPLES).to_dict(),
        kind="mapping", abs_tol=0.005,
        variants=(Variant({k: v / 10 * 100 for k, v in DIRECT_MULTIPLES.items()},
                          "Correct (as percentages). Well done!", "正确（百分数形式），做得好！", credit=1),),
        hint_en="Divide each multiple by the sum of all multiples.", hint_zh="每个倍数除以所有倍数之和。",
    ),
    Exercise(
        "nb3.paired_weights",
        "E3.19: paired-comparison weights of the five smartphone indicators, with +1 added to every score.",
        "E3.19：用对偶比较法（每项得分加 1）求五个手机指标的权重。",
        expected=lambda: _sat().paired_comparison_weights(PAIRED_PREFS).weights.to_dict(),
        kind="mapping", abs_tol=0.002,
        variants=(Variant(lambda: _sat().paired_comparison_weights(PAIRED_PREFS, plus_one=False).weights.to_dict(),
                          "Those are the weights without the +1 — the exercise adds 1 to every score.",
                          "这是不加 1 的权重——本题要求每项得分加 1。"),
                  Variant(lambda: _sat().paired_comparison_weights(PAIRED_PREFS).scores.to_dict(),
                          "Those are the scores; divide them by their total to get weights.",
                          "这些是得分；除以得分总和才是权重。")),
        hint_en="Winner 1, loser 0, a tie 0.5 each; add 1; divide by the total.",
        hint_zh="胜者得 1，负者得 0，相同各得 0.5；每项加 1；再除以总和。",
    ),
    Exercise(
        "nb3.csi_index",
        "CSI on 0-100 for indicator scores 4.0, 3.6, 4.4 (5-point scale) with weights 0.5, 0.3, 0.2.",
        "指标得分 4.0、3.6、4.4（5 分制），权重 0.5、0.3、0.2，求 0-100 的 CSI。",
        expected=lambda: _sat().csi_score(CSI_SCORES, CSI_WEIGHTS).index,
        abs_tol=0.06,
        variants=(Variant(lambda: _sat().csi_score(CSI_SCORES, CSI_WEIGHTS).raw,
                          "That is the CSI on the 1-5 scale; rescale it to 0-100.",
                          "这是 1-5 分制上的 CSI；还要换算到 0-100。"),
                  Variant(lambda: _sat().csi_score(CSI_SCORES, CSI_WEIGHTS).raw / 5 * 100,
                          "The scale starts at 1, not 0: use (CSI − 1) / (5 − 1) × 100.",
                          "量表从 1 开始而不是 0：用 (CSI − 1) / (5 − 1) × 100。"),
                  Variant(lambda: _sat().csi_score(CSI_SCORES, [1 / 3] * 3).index,
                          "You weighted the three indicators equally; use the weights 0.5, 0.3 and 0.2.",
                          "你对三个指标用了相同的权重；应使用权重 0.5、0.3 和 0.2。")),
        hint_en="CSI = Σ wᵢ sᵢ, then (CSI − 1) / 4 × 100.", hint_zh="CSI = Σ wᵢ sᵢ，再算 (CSI − 1) / 4 × 100。",
    ),
    Exercise(
        "nb3.ahp_cr",
        "AHP: consistency ratio CR of quality vs price 3, quality vs service 5, price vs service 3.",
        "AHP：质量比价格 3、质量比服务 5、价格比服务 3，求一致性比率 CR。",
        expected=lambda: _sat().ahp_weights(_sat().ahp_matrix(AHP_JUDGMENTS)).cr,
        abs_tol=0.002,
        variants=(Variant(lambda: _sat().ahp_weights(_sat().ahp_matrix(AHP_JUDGMENTS)).ci,
                          "That is CI; divide it by the random index RI for n = 3.",
                          "这是 CI；还要除以 n = 3 时的随机一致性指标 RI。"),
                  Variant(lambda: _sat().ahp_weights(_sat().ahp_matrix(AHP_JUDGMENTS)).lambda_max,
                          "That is λmax; CI = (λmax − n) / (n − 1) and CR = CI / RI.",
                          "这是 λmax；CI = (λmax − n) / (n − 1)，CR = CI / RI。"),
                  Variant(lambda: _sat().ahp_weights(_sat().ahp_matrix(AHP_JUDGMENTS)).ci / 0.52,
                          "Accepted: you divided by RI = 0.52, the random index of another widely used table. "
                          "This notebook uses Saaty's RI = 0.58 for n = 3, which gives 0.0332 — both are "
                          "well below 0.1.",
                          "接受：你除以的是另一张常用随机一致性指标表中的 RI = 0.52。本笔记本使用 Saaty 的 "
                          "RI = 0.58（n = 3），结果为 0.0332——两者都远小于 0.1。", credit=1)),
        hint_en="Build the reciprocal matrix, then lk.ahp_weights(...).cr.",
        hint_zh="先构造互反判断矩阵，再用 lk.ahp_weights(...).cr。",
    ),
    Exercise(
        "nb3.kano_categories",
        "Kano category (letter) of each survey attribute, by the most frequent answer pair category.",
        "按出现最多的类别，给出调查中每个属性的卡诺类别（字母）。",
        expected=lambda: _sat().kano_summary(_survey())["category"].to_dict(),
        kind="custom", compare=_kano_compare,
    ),
    Exercise(
        "nb3.trap_share",
        "Share (0-1) of ALL respondents who are satisfied (overall_satisfaction ≥ 8) but not loyal "
        "(mean of loy_1..loy_3 < 8).",
        "全部受访者中“满意（overall_satisfaction ≥ 8）但不忠诚（loy_1..loy_3 平均 < 8）”的占比（0-1）。",
        expected=lambda: _trap().trap_share,
        abs_tol=0.0015,
        variants=(Variant(lambda: _trap().trap_share_of_satisfied,
                          "That is the share among satisfied customers; the question asks for all respondents.",
                          "这是满意客户中的占比；题目问的是全部受访者。"),
                  Variant(lambda: _trap().satisfied_share,
                          "That is the share of all satisfied customers; keep only those who are not loyal.",
                          "这是全部满意客户的占比；只保留其中不忠诚的。")),
        hint_en="Count rows with both conditions and divide by the number of respondents.",
        hint_zh="数出同时满足两个条件的行，再除以受访者人数。",
    ),
    Exercise(
        "nb3.pls_sat_loyalty",
        "PLS estimate of the satisfaction → loyalty path of the ACSI model on the survey.",
        "用 PLS 在调查数据上估计 ACSI 模型中 满意度 → 忠诚度 的路径系数。",
        expected=lambda: _pls().paths[("satisfaction", "loyalty")],
        abs_tol=0.001,
        variants=(Variant(0.55, "That is the true value the data was simulated from — report the estimate.",
                          "这是生成数据时用的真实值——请报告估计值。"),
                  Variant(lambda: _pls(consistent=True).paths[("satisfaction", "loyalty")],
                          "Correct — you used consistent PLS (PLSc), which is accepted. Well done!",
                          "正确——你用的是一致性 PLS（PLSc），同样接受。做得好！", credit=1)),
        hint_en="Fit lk.pls_sem with the survey's ACSI measurement model and read the path from .paths.",
        hint_zh="用调查的 ACSI 测量模型拟合 lk.pls_sem，再从 .paths 中读出该路径。",
    ),
    Exercise(
        "nb3.kano_cut",
        "Among the attributes customers want or do not mind (A, O, M, I), which can be dropped with the least "
        "effect on satisfaction?",
        "在顾客想要或不在意的属性（A、O、M、I）中，哪一个可以不再提供而对满意度影响最小？",
        expected=lambda: str(_sat().kano_summary(_survey()).query("category == 'I'").index[0]),
        kind="choice",
        variants=(Variant(lambda: str(_sat().kano_summary(_survey()).query("category == 'R'").index[0]),
                          "That one is reverse (R): customers do not want it at all, so it is not among the "
                          "candidates (stop it anyway!). Choose among A, O, M and I.",
                          "它是反向型（R）：顾客根本不想要，不在候选之列（应当直接取消）。请在 A、O、M、I 中选择。"),
                  Variant(lambda: str(_sat().kano_summary(_survey()).query("category == 'M'").index[0]),
                          "That is a must-be need: dropping it makes customers very dissatisfied.",
                          "这是基本型需求：取消它会让顾客非常不满意。")),
        hint_en="Look for the indifferent (I) attribute: customers do not care whether it is there.",
        hint_zh="找无差异型（I）属性：有没有它顾客都不在乎。",
    ),
    Exercise(
        "nb3.ahp_cyclic_ok",
        "Quality 3× price, price 3× service, service 2× quality: is CR < 0.1 (True/False)?",
        "质量比价格 3、价格比服务 3、服务比质量 2：CR 是否小于 0.1（True/False）？",
        expected=lambda: bool(_sat().ahp_weights(_sat().ahp_matrix(CYCLIC_JUDGMENTS)).cr < 0.1),
        kind="bool",
        hint_en="Compute CR with lk.ahp_weights(lk.ahp_matrix(...)).cr and compare it with 0.1.",
        hint_zh="用 lk.ahp_weights(lk.ahp_matrix(...)).cr 计算 CR，再与 0.1 比较。",
    ),
    Exercise(
        "nb3.nps_which_store",
        "Which store in NPS_STORES has the higher NPS (X or Y)?",
        "NPS_STORES 中哪家店的 NPS 更高（X 或 Y）？",
        expected=lambda: max(NPS_STORES, key=lambda k: float(_sat().nps(NPS_STORES[k]))),
        kind="choice",
        variants=(Variant(lambda: max(NPS_STORES, key=lambda k: sum(NPS_STORES[k])),
                          "That store has the higher mean score; NPS counts promoters (9-10) minus detractors (0-6).",
                          "这家店的平均分更高；NPS 是推荐者（9-10 分）减去贬损者（0-6 分）。"),),
        hint_en="lk.nps(answers) for each store.", hint_zh="对每家店计算 lk.nps(answers)。",
    ),
    Exercise(
        "nb3.ipma_priority",
        "From the importance-performance map of the ACSI survey fit, which driver should be improved first?",
        "根据 ACSI 调查拟合的重要性–绩效矩阵，应首先改进哪个驱动因素？",
        expected=lambda: _ipma_lever(), kind="choice", terms=_DRIVERS,
        variants=(Variant("expectation", "Expectation is not a lever: raising promises above what is delivered "
                                         "creates disappointment (不过度承诺). Choose among the drivers the firm "
                                         "can improve.",
                          "期望不是改进手段：承诺高于实际交付只会带来失望（不过度承诺）。请在企业能够改进的驱动因素中选择。"),),
        hint_en="Performances are nearly equal, so compare the importance (total effect on satisfaction).",
        hint_zh="三者绩效几乎相同，所以比较重要性（对满意度的总效应）。",
    ),
    Exercise(
        "nb3.selftest_csi_items",
        "Self-test: a CSI is the index of which items — the satisfaction items only, or all the model's items?",
        "自测：客户满意度指数由哪些题项构成——只有满意度题项，还是模型的全部题项？",
        expected=lambda: "satisfaction", kind="choice", terms=_CSI_ITEMS,
        variants=(Variant("all", "Expectation, quality and value are causes of satisfaction, complaints and loyalty "
                                 "its effects: averaging them with it mixes different things.",
                          "期望、质量和价值是满意的原因，抱怨和忠诚是结果：把它们一起平均就混淆了不同的东西。"),),
    ),
    Exercise(
        "nb3.selftest_expectations",
        "Self-test: does raising expectations above what is delivered raise satisfaction? (True/False)",
        "自测：把客户期望提高到超过实际交付的水平，会提高满意度吗？（True/False）",
        expected=lambda: False, kind="bool",
        hint_en="Satisfaction compares perception with expectation (q1 vs q0).",
        hint_zh="满意是感知与期望的比较（q1 与 q0）。",
    ),
    Exercise(
        "nb3.selftest_must_be",
        "Self-test: a must-be need is fully met. Does that delight customers? (True/False)",
        "自测：基本型需求得到充分满足，会让顾客惊喜吗？（True/False）",
        expected=lambda: False, kind="bool",
        hint_en="Re-read the must-be row of the Kano table.", hint_zh="再读一遍卡诺表中基本型需求那一行。",
    ),
]


def _ipma_lever() -> str:
    from labkit.methods import importance_performance

    sat, s = _sat(), _survey()
    m = sat.survey_measurement(s)
    table = importance_performance(_pls(), s, m)
    return str(table.drop(index="expectation")["importance"].idxmax())
