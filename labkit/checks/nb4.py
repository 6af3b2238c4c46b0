"""Exercises of ``04_customer_value_and_clv``: delivered value, CLV, RFM and BG/NBD.

The CLV checks accept the answer under any of the three timing conventions of
:func:`labkit.value.clv` and say which one the student used; they recognise revenue used
instead of margin and a forgotten discount.
"""
from __future__ import annotations

from typing import Any

from labkit.checks import Exercise, Variant
from labkit.checks._compare import _as_float

# Inputs of the exercises, kept once: notebook text, checks and tests read them here.
CUP_VALUES = {"product": 320, "service": 60, "personnel": 40, "image": 80}
CUP_COSTS = {"monetary": 299, "time": 40, "energy": 25, "physical": 6}
CLV_1 = {"spend": 2000, "gross_margin": 0.5, "retention": 0.8, "discount": 0.08}   # E4.4
CLV_2 = {"spend": 5000, "gross_margin": 0.25, "retention": 0.7, "discount": 0.06}  # E4.17
SHARE = {"firm_sales": 3000, "category_spend": 12000}
P_ALIVE_HISTORY = {"frequency": 4, "recency": 20.0, "T": 60.0}

_TOL = 0.5  # yuan: the curriculum's tolerance for CLV answers


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
    undiscounted = (lambda: margin / (1 - case["retention"])) if periods is None else (
        lambda: margin * sum(case["retention"] ** k for k in range(periods)))
    out.append(Variant(undiscounted, "You left out discounting: money received later is worth less today.",
                       "你没有贴现：将来收到的钱在今天的价值更低。"))
    return out


def _clv_exercise(exercise_id: str, en: str, zh: str, case: dict, periods: int | None = None) -> Exercise:
    def compare(answer: Any, expected: Any) -> tuple[float, str, str]:
        a = _as_float(answer)
        for variant in _clv_variants(case, periods):
            if abs(a - float(variant.resolve())) <= _TOL:
                return variant.credit, variant.en, variant.zh
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
                    "You subtracted only the price: time, energy and physical costs count too.",
                    "你只减去了价格：时间、精力和体力成本也要算进去。"),
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


def _all_transactions():
    from labkit.datasets import load_transactions

    return load_transactions()
