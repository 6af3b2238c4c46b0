"""Exercises of ``04_customer_value_and_clv``: delivered value, CLV, RFM and BG/NBD.

The CLV checks accept the answer under any of the three timing conventions of
:func:`labkit.value.clv` and say which one the student used; they recognise revenue used
instead of margin and a forgotten discount.
"""
from __future__ import annotations

from typing import Any

from labkit.checks import Exercise, Variant
from labkit.checks._compare import _as_float
from labkit.labels import Term

# Inputs of the exercises, kept once: notebook text, checks and tests read them here.
CUP_VALUES = {"product": 320, "service": 60, "personnel": 40, "image": 80}
CUP_COSTS = {"monetary": 299, "time": 40, "energy": 25, "physical": 6}
CLV_1 = {"spend": 2000, "gross_margin": 0.5, "retention": 0.8, "discount": 0.08}   # E4.4
CLV_2 = {"spend": 5000, "gross_margin": 0.25, "retention": 0.7, "discount": 0.06}  # E4.17
SHARE = {"firm_sales": 3000, "category_spend": 12000}
P_ALIVE_HISTORY = {"frequency": 4, "recency": 20.0, "T": 60.0}
SEGMENT_CLV = {"budget": 900, "standard": 2400, "premium": 5100}      # yuan, illustrative
SEGMENT_CAC = {"budget": 1000, "standard": 1800, "premium": 5000}     # acquisition cost per customer
WINBACK = {  # six illustrative histories (weeks): win back if frequency >= 3 and P(alive) < 0.5
    "C101": {"frequency": 8, "recency": 20.0, "T": 60.0},
    "C102": {"frequency": 8, "recency": 58.0, "T": 60.0},
    "C103": {"frequency": 1, "recency": 10.0, "T": 60.0},
    "C104": {"frequency": 4, "recency": 15.0, "T": 60.0},
    "C105": {"frequency": 0, "recency": 0.0, "T": 60.0},
    "C106": {"frequency": 12, "recency": 55.0, "T": 60.0},
}
WINBACK_MIN_FREQUENCY, WINBACK_MAX_P_ALIVE = 3, 0.5

_TOL = 0.5  # yuan: the curriculum's tolerance for CLV answers
_CLOSE = 0.003  # relative: within 0.3 % of a right value is a rounding slip (q rounded to 2-3 decimals)


def _value():
    import labkit.value as value

    return value


def _clv_variants(case: dict, periods: int | None) -> list[Variant]:
    """Every accepted timing (credit 1) and the known slips, for one CLV exercise."""
    v = _value()
    margin = case["spend"] * case["gross_margin"]
    args = (case["retention"], case["discount"])
    out = []
    for t in v.CLV_TIMINGS:
        out.append(Variant(lambda t=t: v.clv(margin, *args, periods=periods, timing=t.code),
                           f"Correct — you used convention {t.en}.", f"正确——你使用的是约定 {t.zh}。", credit=1))
    for t in v.CLV_TIMINGS:
        out.append(Variant(lambda t=t: v.clv(case["spend"], *args, periods=periods, timing=t.code),
                           "You used the yearly revenue (spend) instead of the margin: multiply the spend by the "
                           "gross margin first.",
                           "你用了年收入(消费额)而不是利润：先用消费额乘以毛利率。"))
    if periods is not None:
        for t in v.CLV_TIMINGS:
            out.append(Variant(lambda t=t: v.clv(margin, *args, timing=t.code),
                               "That is the infinite-horizon value; this question stops after a fixed number of years.",
                               "这是无限期的结果；本题只计算固定的年数。"))
    else:
        for years in (3, 5, 10):
            for t in v.CLV_TIMINGS:
                out.append(Variant(lambda t=t, years=years: v.clv(margin, *args, periods=years, timing=t.code),
                                   f"That stops after {years} years; this question asks for the infinite horizon "
                                   "(the customer may stay for ever, with falling probability).",
                                   f"这只算了 {years} 年；本题要求无限期（客户可能一直留下，只是概率越来越小）。"))
    for t in v.CLV_TIMINGS:
        out.append(Variant(lambda t=t: v.clv(margin, 1 - case["retention"], case["discount"], periods=periods,
                                             timing=t.code),
                           f"You used the churn rate {1 - case['retention']:g} where the retention rate "
                           f"{case['retention']:g} belongs: r is the share of customers who stay.",
                           f"你把流失率 {1 - case['retention']:g} 当成了保留率 {case['retention']:g}：r 是留下的客户比例。"))
    undiscounted = (lambda: margin / (1 - case["retention"])) if periods is None else (
        lambda: margin * sum(case["retention"] ** k for k in range(periods)))
    out.append(Variant(undiscounted, "You left out discounting: money received later is worth less today.",
                       "你没有贴现：将来收到的钱在今天的价值更低。"))
    return out


_PERCENT_HINT = ("A CLV cannot be negative here — did you type percentages (80 for 0.80, 8 for 0.08)? "
                 "Rates enter the formula as fractions.",
                 "这里的 CLV 不可能为负——你是否输入了百分数（把 0.80 写成 80、0.08 写成 8）？比率要用小数。")


def _clv_exercise(exercise_id: str, en: str, zh: str, case: dict, periods: int | None = None) -> Exercise:
    def compare(answer: Any, expected: Any) -> tuple[float, str, str]:
        a = _as_float(answer)
        variants = _clv_variants(case, periods)
        for variant in variants:
            if abs(a - float(variant.resolve())) <= _TOL:
                return variant.credit, variant.en, variant.zh
        for variant in variants:
            value = float(variant.resolve())
            if variant.credit >= 1 and abs(a - value) <= _CLOSE * abs(value):
                return (0.5, "Close — the method is right, but the value is off by rounding: keep q = r/(1+d) "
                             "to at least 4 decimals (or let Python keep every digit).",
                        "很接近——方法对了，但有舍入误差：q = r/(1+d) 至少保留 4 位小数（或让 Python 保留全部位数）。")
        if a < 0:
            return (0.0, *_PERCENT_HINT)
        pct_rate = _value().clv(case["spend"] * case["gross_margin"], case["retention"], case["discount"] * 100,
                                periods=periods, timing="end")
        if abs(a - pct_rate) <= _TOL:
            return (0.0, f"Did you type the discount rate as {case['discount'] * 100:g} instead of "
                         f"{case['discount']:g}? Rates enter the formula as fractions.",
                    f"你是否把贴现率写成了 {case['discount'] * 100:g} 而不是 {case['discount']:g}？比率要用小数。")
        return (0.0, "Not yet. Margin m = spend × gross margin; then use one of the three CLV formulas "
                     "with retention r and discount d.",
                "还不对。利润 m = 消费额 × 毛利率；再用保留率 r 和贴现率 d 代入三种 CLV 公式之一。")

    margin = case["spend"] * case["gross_margin"]
    return Exercise(
        exercise_id, en, zh, kind="custom", compare=compare,
        expected=lambda: _value().clv(margin, case["retention"], case["discount"], periods=periods, timing="end"),
        variants=tuple(_clv_variants(case, periods)), abs_tol=_TOL, rel_tol=0)


def _course():
    return _value().course_models()


EXERCISES = [
    Exercise(
        "nb4.delivered_value_cup",
        "Delivered value of the smart coffee cup for 小林 (values and costs given in the notebook).",
        "小林购买智能咖啡杯的客户让渡价值(价值和成本见笔记本)。",
        expected=lambda: _value().delivered_value(CUP_VALUES, CUP_COSTS).delivered_value,
        abs_tol=0.5, rel_tol=0,
        variants=(
            Variant(lambda: sum(CUP_VALUES.values()) - CUP_COSTS["monetary"],
                    "You subtracted only the price: time, psychic and physical (energy) costs count too.",
                    "你只减去了价格：时间、精神和体力成本也要算进去。"),
            Variant(lambda: _value().delivered_value(CUP_VALUES, CUP_COSTS).ratio,
                    "That is the ratio value / cost; delivered value is the difference.",
                    "这是价值与成本之比；让渡价值是两者之差。"),
        ),
        hint_en="Add up the four value items, add up the four cost items, subtract.",
        hint_zh="把四项价值相加，把四项成本相加，再相减。",
    ),
    _clv_exercise("nb4.clv_seed_1",
                  "E4.4: CLV of a customer spending 2,000 a year, gross margin 50%, retention 80%, discount 8%.",
                  "E4.4：年均消费 2,000 元、毛利率 50%、年保留率 80%、贴现率 8% 的客户终生价值。", CLV_1),
    _clv_exercise("nb4.clv_seed_2",
                  "E4.17: CLV of an e-commerce customer: 5,000 a year, gross margin 25%, retention 70%, discount 6%.",
                  "E4.17：电商客户年均订单 5,000 元、毛利率 25%、年保留率 70%、贴现率 6% 的客户终生价值。", CLV_2),
    _clv_exercise("nb4.clv_seed_2_5y",
                  "The E4.17 customer's CLV over 5 years only.",
                  "E4.17 的客户只计算 5 年的客户终生价值。", CLV_2, periods=5),
    Exercise(
        "nb4.customer_share",
        "Customer share: 3,000 of a customer's 12,000 yearly coffee spend goes to the firm (as a fraction).",
        "客户份额：客户每年 12,000 元咖啡消费中有 3,000 元花在本企业(用小数表示)。",
        expected=lambda: _value().customer_share(**SHARE),
        abs_tol=0.001, rel_tol=0,
        variants=(Variant(lambda: SHARE["category_spend"] / SHARE["firm_sales"],
                          "Upside down: divide the firm's sales by the customer's total category spend.",
                          "分子分母颠倒了：用企业销售额除以客户在该品类的总支出。"),),
    ),
    Exercise(
        "nb4.summary_mean_frequency",
        "Mean repeat-purchase frequency in the calibration summary (purchases up to the calibration end).",
        "校准期汇总表中平均重复购买次数(只计校准期末之前的购买)。",
        expected=lambda: float(_course().summary["frequency"].mean()),
        abs_tol=0.005, rel_tol=0,
        variants=(
            Variant(lambda: float(_course().summary["frequency"].mean()) + 1,
                    "You counted the first purchase: frequency counts repeat purchases only.",
                    "你把首次购买也算进去了：frequency 只计重复购买。"),
            Variant(lambda: float(_value().summary_from_transactions(_all_transactions())["frequency"].mean()),
                    "You used every transaction: stop at the calibration end (calibration_end=...).",
                    "你用了全部交易：应只用到校准期末(calibration_end=...)。"),
        ),
        hint_en="summary_from_transactions(..., calibration_end=truth['calibration_end']), then the mean of frequency.",
        hint_zh="先用 summary_from_transactions(..., calibration_end=truth['calibration_end'])，再求 frequency 的平均值。",
    ),
    Exercise(
        "nb4.rfm_important_value",
        "How many customers does rfm(transactions) put in the 'important value' segment?",
        "rfm(transactions) 中有多少位客户属于“重要价值客户”？",
        expected=lambda: int((_value().rfm(_all_transactions())["segment"] == "important_value").sum()),
        abs_tol=0.5, rel_tol=0,
        variants=(Variant(lambda: int((_value().rfm(_all_transactions())["segment"] == "general_winback").sum()),
                          "That is the 'general win-back' segment (all three scores low).",
                          "这是“一般挽留客户”(三项得分都低)。"),),
        hint_en="Count the rows whose segment is 'important_value' (e.g. with value_counts()).",
        hint_zh="数一数 segment 等于 'important_value' 的行数(例如用 value_counts())。",
    ),
    Exercise(
        "nb4.p_alive",
        "P(alive) under your fitted BG/NBD for a customer with 4 repeat purchases, the last in week 20, T = 60.",
        "用你拟合的 BG/NBD 模型，求重复购买 4 次、最后一次在第 20 周、T = 60 周的客户仍活跃的概率。",
        expected=lambda: float(_course().bgnbd.prob_alive(**P_ALIVE_HISTORY)[0]),
        abs_tol=0.005, rel_tol=0,
        variants=(Variant(lambda: float(_course().bgnbd.prob_alive(5, 20.0, 60.0)[0]),
                          "frequency counts repeat purchases: 4, not 5.",
                          "frequency 只计重复购买：是 4，不是 5。"),
                  Variant(lambda: 1 - float(_course().bgnbd.prob_alive(**P_ALIVE_HISTORY)[0]),
                          "That is the probability the customer has dropped out.",
                          "这是客户已经流失的概率。")),
        hint_en="model.prob_alive(frequency, recency, T) with the model fitted to the calibration summary.",
        hint_zh="用在校准期汇总表上拟合的模型：model.prob_alive(frequency, recency, T)。",
    ),
]


def _winback(rule: str = "both") -> list[str]:
    model = _course().bgnbd
    out = []
    for cid, h in WINBACK.items():
        p = float(model.prob_alive(h["frequency"], h["recency"], h["T"])[0])
        valuable, gone = h["frequency"] >= WINBACK_MIN_FREQUENCY, p < WINBACK_MAX_P_ALIVE
        if {"both": valuable and gone, "p_only": gone, "value_only": valuable}[rule]:
            out.append(cid)
    return out


def _worth_acquiring() -> list[str]:
    too_expensive = _value().acquisition_ceiling(list(SEGMENT_CLV.values()), list(SEGMENT_CAC.values()))
    return [seg for seg, bad in zip(SEGMENT_CLV, too_expensive) if not bad]


def _lever() -> str:
    v = _value()
    gain_r = v.clv(1000, 0.85, 0.08) - v.clv(1000, 0.80, 0.08)
    gain_m = v.clv(1100, 0.80, 0.08) - v.clv(1000, 0.80, 0.08)
    return "retention" if gain_r > gain_m else "margin"


_LEVERS = (Term("retention", "Retention", "保留率"), Term("margin", "Margin", "利润"))
_ALIVE_REASONS = (Term("assumption", "The model's assumption", "模型假设"),
                  Term("evidence", "Evidence in the data", "数据证据"),
                  Term("rounding", "A numerical artefact", "数值误差"))
_TIMINGS = (Term("start", "Convention A (start)", "约定 A"), Term("end", "Convention B (end)", "约定 B"),
            Term("retained", "Convention C (retained)", "约定 C"))

EXERCISES += [
    Exercise(
        "nb4.clv_lever",
        "Which raises the E4.4 customer's CLV more: retention 0.80 → 0.85, or a 10% higher margin?",
        "E4.4 的客户：保留率 0.80 → 0.85 与利润提高 10%，哪一个使 CLV 增加更多？",
        expected=_lever, kind="choice", terms=_LEVERS,
        hint_en="Compute both CLVs with lk.clv and compare the gains.",
        hint_zh="用 lk.clv 分别计算两种情况的 CLV，再比较增幅。",
    ),
    Exercise(
        "nb4.worth_acquiring",
        "Segments whose CLV covers the acquisition cost (SEGMENT_CLV vs SEGMENT_CAC).",
        "CLV 不低于获客成本的细分市场（SEGMENT_CLV 与 SEGMENT_CAC）。",
        expected=_worth_acquiring, kind="set",
        variants=(Variant(lambda: [s for s in SEGMENT_CLV if s not in _worth_acquiring()],
                          "Those are the segments that cost more to acquire than they are worth.",
                          "这些是获客成本高于其价值的细分市场。"),),
        hint_en="A segment is worth acquiring when CLV ≥ acquisition cost.",
        hint_zh="CLV ≥ 获客成本的细分市场才值得获取。",
    ),
    Exercise(
        "nb4.winback",
        "Ids of the WINBACK customers with at least 3 repeat purchases and P(alive) < 0.5 under your BG/NBD.",
        "WINBACK 中重复购买至少 3 次且 P(alive) < 0.5 的客户编号。",
        expected=_winback, kind="set",
        variants=(Variant(lambda: _winback("p_only"),
                          "You used only P(alive): the offer is for customers who were valuable too (frequency ≥ 3).",
                          "你只看了 P(alive)：挽回优惠只给曾经有价值的客户（重复购买 ≥ 3 次）。"),
                  Variant(lambda: _winback("value_only"),
                          "You used only the purchase count: some of these customers are probably still active.",
                          "你只看了购买次数：其中一些客户很可能仍然活跃。")),
        hint_en="Compute bgnbd.prob_alive for each row, then keep frequency ≥ 3 and P(alive) < 0.5.",
        hint_zh="对每一行计算 bgnbd.prob_alive，再保留重复购买 ≥ 3 且 P(alive) < 0.5 的客户。",
    ),
    Exercise(
        "nb4.one_time_alive",
        "Why does BG/NBD give a one-time buyer P(alive) = 1?",
        "为什么 BG/NBD 给只买过一次的客户 P(alive) = 1？",
        expected=lambda: "assumption", kind="choice", terms=_ALIVE_REASONS,
        variants=(Variant("evidence", "The data cannot show that: the customer has not bought for 60 weeks. "
                                      "Look at when BG/NBD lets a customer drop out.",
                          "数据无法说明这一点：该客户已经 60 周没有购买。想一想 BG/NBD 允许客户在什么时候流失。"),),
    ),
    Exercise(
        "nb4.selftest_sunk",
        "Self-test: can a retention campaign still earn a customer's historical value? (True/False)",
        "自测：挽留活动还能赚到客户的历史价值吗？（True/False）",
        expected=lambda: False, kind="bool",
        hint_en="CLV counts future returns; what has been earned is sunk.",
        hint_zh="CLV 只计算未来的收益；已经实现的收益是沉没的。",
    ),
    Exercise(
        "nb4.selftest_timing",
        "Self-test: which timing convention gives the largest CLV for the same customer?",
        "自测：对同一位客户，哪种时间约定得到的 CLV 最大？",
        expected=lambda: max(_value().clv_all_timings(600, 0.75, 0.10).items(), key=lambda kv: kv[1])[0],
        kind="choice", terms=_TIMINGS,
        hint_en="A = B(1 + d) and C = B·r.", hint_zh="A = B(1 + d)，C = B·r。",
    ),
    Exercise(
        "nb4.selftest_margin",
        "Self-test: a customer spends 3,000 a year at a 20% gross margin; what yearly amount enters the CLV formula?",
        "自测：客户每年消费 3,000 元，毛利率 20%，代入 CLV 公式的年度金额是多少？",
        expected=lambda: 3000 * 0.2, abs_tol=0.5, rel_tol=0,
        variants=(Variant(3000, "That is the revenue; CLV uses the margin (spend × gross margin).",
                          "这是收入；CLV 用的是利润（消费额 × 毛利率）。"),),
    ),
]


def _all_transactions():
    from labkit.datasets import load_transactions

    return load_transactions()
