"""Exercises of ``01_customer_relationships`` (E1.1 … E1.22 of the curriculum), each with a self-check."""
from __future__ import annotations

from functools import lru_cache

from labkit import relationships as rel
from labkit.checks import Exercise, Variant

_TYPES = rel.RELATIONSHIP_TYPES
_CAUSES = tuple(t for t, _ in rel.CHURN_CAUSES)
_SIGNALS = tuple(t for t, _ in rel.RELATIONSHIP_SIGNALS)
_KEY_TERMS = tuple(t for t, _ in rel.KEY_TERMS)


def _churn():
    from labkit.datasets import load_churn

    return load_churn()


@lru_cache(maxsize=1)
def _split():
    return rel.churn_split(_churn())


@lru_cache(maxsize=1)
def _forest_risk():
    train, test = _split()
    return rel.ChurnModel("forest").fit(train).predict_proba(test)


def _logistic_risk():
    train, test = _split()
    return test["churned"], rel.ChurnModel("logistic").fit(train).predict_proba(test)


@lru_cache(maxsize=1)
def _customer_revenue():
    from labkit.datasets import load_transactions

    return load_transactions().groupby("customer_id")["amount"].sum()


def _codes(terms):
    return [t.code for t in terms]


EXERCISES = [
    Exercise(
        "nb1.e1_1_hongtu",
        "(Inspired by E1.1) Which relationship type suits 宏图制造 (5 customers, very high margin)?",
        "（仿E1.1）宏图制造(5家客户，利润极高)适合哪种客户关系类型？",
        expected=lambda: rel.relationship_type(rel.SEED["cases"]["hongtu"]["customers"],
                                               rel.SEED["cases"]["hongtu"]["margin"]),
        kind="choice", terms=_TYPES,
        variants=(Variant("basic", "That is the cell for many customers with a low margin — check both axes.",
                          "这是客户很多、利润很低的格子——检查两个坐标轴。"),
                  Variant("accountable", "That is few customers with a LOW margin; this firm's margin is high.",
                          "这是客户很少、利润低的格子；这家企业的利润很高。")),
        hint_en="Find the row 'few customers' and the column 'high margin' in the Kotler matrix.",
        hint_zh="在科特勒矩阵中找到“客户数量很少”这一行和“高边际利润”这一列。",
    ),
    Exercise(
        "nb1.e1_2_max_acquisition",
        "(Inspired by E1.2) A customer spends 60 yuan a visit, 24 visits a year, for 3 years, at a 25% margin. "
        "What is the most worth spending to acquire them (yuan)?",
        "（仿E1.2）某客户每次消费60元，每年24次，持续3年，利润率25%。获取该客户最多值得花多少元？",
        expected=lambda: rel.lifetime_revenue(60, 24, 3) * 0.25,
        variants=(Variant(lambda: rel.lifetime_revenue(60, 24, 3),
                          "That is the lifetime revenue; the firm keeps only the margin of it.",
                          "这是终生收入；企业只能留下其中的利润部分。"),),
        hint_en="Lifetime revenue × margin is the break-even acquisition cost.",
        hint_zh="终生收入 × 利润率 就是获客成本的盈亏平衡点。",
    ),
    Exercise(
        "nb1.e1_3_winback_net",
        "(Inspired by E1.3) Value 3,571.43 yuan, win-back success probability 0.4, cost 800 yuan: what is the net benefit?",
        "（仿E1.3）客户价值3571.43元，赢返成功概率0.4，成本800元：净收益是多少？",
        expected=lambda: rel.winback_decision(3571.43, 0.4, 800).net,
        abs_tol=0.01,
        variants=(Variant(lambda: 3571.43 - 800, "The win-back may fail: weight the value by its probability.",
                          "赢返可能失败：价值要乘以成功概率。"),
                  Variant(lambda: rel.winback_decision(3571.43, 0.4, 800).expected_benefit,
                          "That is the expected benefit; subtract the cost.", "这是预期收益；还要减去成本。")),
        hint_en="net = p × value − cost.", hint_zh="净收益 = 成功概率 × 客户价值 − 成本。",
    ),
    Exercise(
        "nb1.e1_4_accountable",
        "E1.4 (Supplementary multiple choice) Which type: the firm contacts the customer to ask how the product is being used?",
        "E1.4（补充选择题）企业主动联系客户，询问产品使用情况，属于哪种类型？",
        expected=lambda: "accountable", kind="choice", terms=_TYPES,
        variants=(Variant("reactive", "In the reactive type the CUSTOMER makes contact when there is a problem.",
                          "被动型是客户在遇到问题时主动联系企业。"),
                  Variant("proactive", "The proactive type goes further: improvement ideas and new products.",
                          "能动型更进一步：提供改进建议和新产品信息。")),
        hint_en="Compare the five definitions: who makes contact, and about what?",
        hint_zh="比较五种类型的定义：谁主动联系？联系什么内容？",
    ),
    Exercise(
        "nb1.e1_5_define",
        "E1.5 Which term means 'management actions to restore and rebuild the relationship with lost customers'?",
        "E1.5 “针对流失客户，恢复和重建客户关系的一系列管理活动”是哪个术语？",
        expected=lambda: "customer_winback", kind="choice", terms=_KEY_TERMS,
        variants=(Variant("customer_retention", "Retention keeps customers you still have; these customers are already lost.",
                          "客户保持针对的是现有客户；这里的客户已经流失。"),),
        hint_en="The customers in the definition have already left.", hint_zh="定义中的客户已经离开了。",
    ),
    Exercise(
        "nb1.e1_6_winback_steps",
        "E1.6 Put the six win-back steps in order (list their codes).",
        "E1.6 将客户赢返的六个步骤按顺序排列（列出代码）。",
        expected=lambda: _codes(rel.WINBACK_STEPS), kind="sequence", terms=rel.WINBACK_STEPS,
        variants=(Variant(lambda: _codes(rel.WINBACK_STEPS)[::-1], "Your order is reversed.", "顺序反了。"),),
        hint_en="You cannot compare loss and cost before you know the cause and the chance of success.",
        hint_zh="在弄清原因和挽回可能性之前，无法比较损失与成本。",
    ),
    Exercise(
        "nb1.e1_7_feeling_signals",
        "(Inspired by E1.7) Which of the membership signals are FEELING (implicit) features of a relationship?",
        "（仿E1.7）下列会员信号中，哪些属于客户关系的感觉特征（隐性）？",
        expected=lambda: [t.code for t, f in rel.RELATIONSHIP_SIGNALS if f == "feeling"],
        kind="set", terms=_SIGNALS,
        variants=(Variant(lambda: [t.code for t, f in rel.RELATIONSHIP_SIGNALS if f == "behaviour"],
                          "Those are the behavioural (explicit) signals.", "这些是行为特征（显性）。"),),
        hint_en="Feelings show in what customers prefer and say, not in what they buy.",
        hint_zh="感觉特征体现在客户的偏好和言语中，而不是购买行为中。",
    ),
    Exercise(
        "nb1.e1_8_bubble_tea",
        "(Inspired by E1.8) A bubble-tea shop has 3,000 customers and a 60% margin. Which relationship type fits?",
        "（仿E1.8）一家奶茶店有3000位客户，边际利润60%。适合哪种客户关系类型？",
        expected=lambda: rel.relationship_type(3000, 0.60), kind="choice", terms=_TYPES,
        variants=(Variant("partnership", "3,000 customers is a medium number under the default thresholds, not few.",
                          "按默认阈值，3000位客户属于中等数量，而不是很少。"),),
        hint_en="Classify the count and the margin with the default thresholds of relationship_type.",
        hint_zh="用 relationship_type 的默认阈值判断客户数量和利润水平。",
    ),
    Exercise(
        "nb1.e1_9_logistics",
        "(Inspired by E1.9) A logistics firm serves 40 corporate customers at a 5% margin. Which relationship type fits?",
        "（仿E1.9）一家物流企业服务40家企业客户，边际利润5%。适合哪种客户关系类型？",
        expected=lambda: rel.relationship_type(40, 0.05), kind="choice", terms=_TYPES,
        variants=(Variant("partnership", "Few customers, but the margin is low — not high.",
                          "客户很少，但利润低而不是高。"),),
        hint_en="Few customers and a low margin: find that cell.", hint_zh="客户很少、利润低：找到对应的格子。",
    ),
    Exercise(
        "nb1.e1_10_closer",
        "(Inspired by E1.10) True or False: the fewer the customers and the higher the margin, the closer the relationship should be.",
        "（仿E1.10）判断：客户越少、边际利润越高，客户关系应越紧密。",
        expected=lambda: rel.relationship_type("few", "high") == "partnership"
        and rel.relationship_type("many", "low") == "basic",
        kind="bool",
        hint_en="Compare the corners of the matrix.", hint_zh="比较矩阵的两个角。",
    ),
    Exercise(
        "nb1.e1_11_intention",
        "(Inspired by E1.11) Perceived value 4, satisfaction 3, switching cost 5, weights 0.5/0.3/0.2: the repurchase-intention index?",
        "（仿E1.11）认知价值4、满意度3、转移成本5，权重0.5/0.3/0.2：重复购买意向指数是多少？",
        expected=lambda: rel.repurchase_intention(4, 3, 5, weights=(0.5, 0.3, 0.2)),
        variants=(Variant(lambda: rel.repurchase_intention(4, 3, 5), "You used equal weights.", "你用了等权重。"),),
        hint_en="A weighted mean: Σ weight × score ÷ Σ weights.", hint_zh="加权平均：Σ 权重×得分 ÷ Σ 权重。",
    ),
    Exercise(
        "nb1.e1_12_points",
        "(Inspired by E1.12) A digital membership with points and member-only coupons is mainly which retention strategy?",
        "（仿E1.12）带积分和会员专享券的数字化会员体系，主要属于哪种客户保持策略？",
        expected=lambda: "reward", kind="choice", terms=rel.RETENTION_STRATEGIES,
        variants=(Variant("care", "Care programmes are about proactive, touching service, not points.",
                          "关怀计划强调主动、感动的服务，而不是积分。"),),
        hint_en="Points and coupons are economic rewards.", hint_zh="积分和优惠券属于经济奖励。",
    ),
    Exercise(
        "nb1.e1_13_funnel",
        "(Inspired by E1.13) A shop reaches 8,000 people; 15% respond, 30% of them convert, 70% of converts are retained. "
        "How many customers are retained?",
        "（仿E1.13）奶茶店触达8000人；15%响应，其中30%转化，转化客户中70%被保留。保留了多少位客户？",
        expected=lambda: float(rel.process_funnel(8000, 0.15, 0.30, 0.70).set_index("process").loc["retention", "customers"]),
        abs_tol=0.5,
        variants=(Variant(lambda: float(rel.process_funnel(8000, 0.15, 0.30, 0.70)
                                        .set_index("process").loc["churn", "customers"]),
                          "That is the number who churned.", "这是流失的人数。"),),
        hint_en="Multiply down the funnel: reached × response × conversion × retention.",
        hint_zh="沿漏斗逐级相乘：触达 × 响应率 × 转化率 × 保留率。",
    ),
    Exercise(
        "nb1.e1_14_drivers",
        "(Inspired by E1.14) Which three drivers jointly influence repurchase intention in the retention model?",
        "（仿E1.14）客户保持模型中，哪三个因素共同影响重复购买意向？",
        expected=lambda: _codes(rel.RETENTION_DRIVERS), kind="set",
        terms=rel.RETENTION_DRIVERS + rel.RETENTION_METHODS,
        hint_en="Look at the retention model, not the list of retention methods.",
        hint_zh="看客户保持模型，而不是客户保持方法。",
    ),
    Exercise(
        "nb1.e1_15_customer_side",
        "(Inspired by E1.15) Which churn causes are customer-side (list their codes)?",
        "（仿E1.15）哪些流失原因属于客户方面的原因（列出代码）？",
        expected=lambda: [t.code for t, side in rel.CHURN_CAUSES if side == "customer"], kind="set", terms=_CAUSES,
        variants=(Variant(lambda: [t.code for t, side in rel.CHURN_CAUSES if side == "firm"],
                          "Those are the firm-side causes.", "这些是企业自身的原因。"),),
        hint_en="There are three customer-side causes.", hint_zh="客户方面的原因有三个。",
    ),
    Exercise(
        "nb1.e1_16_absolute",
        "E1.16 Absolute churn rate of the churn data set (a fraction).",
        "E1.16 流失数据集的绝对客户流失率（小数）。",
        expected=lambda: rel.observed_churn_rates(_churn()["churned"], _churn()["monthly_spend"])["absolute"],
        variants=(Variant(lambda: 1 - _churn()["churned"].mean(), "That is the share who stayed.", "这是留存客户的占比。"),),
        hint_en="Churned customers ÷ all customers.", hint_zh="流失客户数 ÷ 客户总数。",
    ),
    Exercise(
        "nb1.e1_16_relative",
        "E1.16 Relative churn rate of the churn data set, weighting by monthly spend (a fraction).",
        "E1.16 按月均消费加权的相对客户流失率（小数）。",
        expected=lambda: rel.observed_churn_rates(_churn()["churned"], _churn()["monthly_spend"])["relative"],
        variants=(Variant(lambda: rel.observed_churn_rates(_churn()["churned"], _churn()["monthly_spend"])["absolute"],
                          "That is the absolute rate; weight each churner by their spend.",
                          "这是绝对流失率；要按每位流失客户的消费加权。"),),
        hint_en="absolute rate × (average spend of churners ÷ average spend of all).",
        hint_zh="绝对流失率 × (流失客户平均消费 ÷ 全部客户平均消费)。",
    ),
    Exercise(
        "nb1.e1_17_oracle_auc",
        "(Inspired by E1.17) Test-set AUC of the data's TRUE churn probability (column churn_probability), "
        "to three decimals: the best any model could do.",
        "（仿E1.17）用数据中真实的流失概率(churn_probability列)在测试集上计算AUC（保留三位小数）：任何模型能达到的上限。",
        expected=lambda: rel.roc_auc(_split()[1]["churned"], _split()[1]["churn_probability"]), abs_tol=0.0005,
        variants=(Variant(lambda: rel.roc_auc(*_logistic_risk()),
                          "That is the logistic model's AUC; the question asks for the TRUE churn probability.",
                          "这是逻辑回归模型的AUC；题目问的是真实流失概率的AUC。"),
                  Variant(lambda: rel.roc_auc(_churn()["churned"], _churn()["churn_probability"]),
                          "That AUC uses all customers; the question asks for the test set only.",
                          "这个AUC用了全部客户；题目只问测试集。"),
                  Variant(lambda: 1 - rel.roc_auc(_split()[1]["churned"], _split()[1]["churn_probability"]),
                          "Your scores rank stayers above churners — use the churn probability, not its complement.",
                          "你的分数把留存客户排在流失客户前面——应使用流失概率，而不是其补数。"),),
        hint_en="Score the test customers with the true probability itself, as if it were a model's risk score.",
        hint_zh="把真实流失概率当作模型的风险分，用它给测试集客户打分。",
    ),
    Exercise(
        "nb1.e1_17_forest_lift",
        "(Inspired by E1.17) Lift of the riskiest 10% of test customers under the random-forest model.",
        "（仿E1.17）随机森林模型下，风险最高的10%测试客户的提升度。",
        expected=lambda: float(rel.lift_table(_split()[1]["churned"], _forest_risk())["lift"].iloc[0]), rel_tol=0.01,
        variants=(Variant(lambda: float(rel.lift_table(_split()[1]["churned"], _forest_risk())["cum_churners_share"]
                                        .iloc[0]),
                          "That is the share of churners caught (the gain), not the lift.",
                          "这是捕获的流失客户占比（增益），不是提升度。"),
                  Variant(lambda: float(rel.lift_table(*_logistic_risk())["lift"].iloc[0]),
                          "That is the logistic model's lift; the question asks for the forest.",
                          "这是逻辑回归模型的提升度；题目问的是随机森林。")),
        hint_en="Rank the test customers by the forest's risk, take the riskiest tenth, and divide its churn rate "
                "by the overall churn rate.",
        hint_zh="按随机森林的风险给测试集客户排序，取风险最高的十分之一，用其流失率除以总体流失率。",
    ),
    Exercise(
        "nb1.e1_18_max_cost",
        "(Inspired by E1.18) A lost customer is worth 5,000 yuan; win-back succeeds with probability 0.25. Highest cost still worth paying?",
        "（仿E1.18）某流失客户价值5000元，赢返成功概率0.25。最多值得花多少成本？",
        expected=lambda: rel.winback_decision(5000, 0.25, 0).expected_benefit,
        variants=(Variant(5000, "Success is not certain: weight the value by the probability.",
                          "赢返不一定成功：价值要乘以成功概率。"),),
        hint_en="Break-even: the cost at which the net benefit is zero.", hint_zh="盈亏平衡：净收益为零时的成本。",
    ),
    Exercise(
        "nb1.e1_19_vinda",
        "E1.19 Walmart sells Vinda tissues. To Vinda, what is Walmart?",
        "E1.19 沃尔玛销售维达纸巾。对维达来说，沃尔玛是什么？",
        expected=lambda: "customer", kind="choice", terms=rel.CUSTOMER_ROLES,
        variants=(Variant("consumer", "Walmart does not consume the tissues — it buys to resell and pays Vinda.",
                          "沃尔玛并不消费纸巾——它购买后转售，并向维达付款。"),
                  Variant("shopper", "In the seller's eyes a firm with an ongoing, negotiated relationship is more than a shopper.",
                          "在卖方眼中，有持续协商关系的企业不只是普通顾客。")),
        hint_en="Who pays Vinda and keeps an ongoing relationship with it?", hint_zh="谁向维达付款并与其保持持续关系？",
    ),
    Exercise(
        "nb1.e1_20_annual_churn",
        "(Inspired by E1.20) Firms lose 50% of their customers every five years. What annual churn rate is that "
        "(a fraction, three decimals)?",
        "（仿E1.20）企业每五年流失50%的客户。相当于每年的流失率是多少（小数，保留三位）？",
        expected=lambda: 1 - rel.implied_retention(**rel.SEED["lose_half"]),
        rel_tol=0, abs_tol=0.0005,
        variants=(Variant(lambda: round(1 - rel.implied_retention(**rel.SEED["lose_half"]), 2),
                          "Right to two decimals; the question asks for three.",
                          "两位小数是对的；题目要求保留三位小数。", credit=0.5),
                  Variant(lambda: round(100 * (1 - rel.implied_retention(**rel.SEED["lose_half"])), 1),
                          "That looks like a percentage; the question asks for a fraction (0–1).",
                          "这看起来是百分数；题目要的是小数（0–1）。"),
                  Variant(lambda: round(100 * (1 - rel.implied_retention(**rel.SEED["lose_half"])), 2),
                          "That looks like a percentage; the question asks for a fraction (0–1).",
                          "这看起来是百分数；题目要的是小数（0–1）。"),
                  Variant(0.1, "Churn compounds: 10% a year for five years loses only 41%, not 50%.",
                          "流失是复合的：每年10%，五年只流失41%，而不是50%。"),
                  Variant(lambda: rel.implied_retention(**rel.SEED["lose_half"]),
                          "That is the annual retention rate; churn is 1 − retention.", "这是年保留率；流失率 = 1 − 保留率。")),
        hint_en="(1 − churn)^5 = 0.5.", hint_zh="(1 − 流失率)^5 = 0.5。",
    ),
    Exercise(
        "nb1.e1_21_customer_value",
        "E1.21 What is one customer worth, in yuan: 18 yuan × 2 items × 8 visits a year × 10 × 100 "
        "(the workbook reads 10 as years and 100 as word of mouth)?",
        "E1.21 一位客户值多少元：18元 × 2件 × 每年8次 × 10 × 100（本练习册把10理解为年数、100理解为口碑）？",
        expected=lambda: rel.customer_value(**rel.SEED["customer_value"]), rel_tol=0,
        abs_tol=0.5,
        variants=(Variant(lambda: rel.customer_value(**rel.SEED["customer_value"]) / 10_000,
                          "That is the value in 万 (ten thousand yuan); give it in yuan.",
                          "这是以“万元”为单位的数；请以“元”为单位作答。"),
                  Variant(lambda: rel.customer_value(18, 2, 8, 10, 1),
                          "You left out the word-of-mouth factor.", "你漏掉了口碑因子。"),
                  Variant(lambda: rel.customer_value(18, 2, 8, 1, 100),
                          "You left out the customer's lifespan in years.", "你漏掉了客户的寿命（年数）。")),
        hint_en="Multiply all five factors.", hint_zh="把五个因子相乘。",
    ),
    Exercise(
        "nb1.e1_22_word_of_mouth",
        "(Inspired by E1.22) A shop cultivates 12 loyal customers. How many potential customers are motivated to buy?",
        "（仿E1.22）某店培养了12位忠诚客户。会激发多少位潜在客户的购买动机？",
        expected=lambda: rel.word_of_mouth(12)["motivated"], rel_tol=0, abs_tol=0.5,
        variants=(Variant(lambda: rel.word_of_mouth(12)["influenced"], "That is the number influenced, not motivated.",
                          "这是受影响的人数，不是被激发购买动机的人数。"),
                  Variant(lambda: rel.word_of_mouth(12)["buyers"], "That is the minimum number who buy.",
                          "这是至少会购买的人数。")),
        hint_en="One loyal customer motivates 8 potential customers.", hint_zh="一位忠诚老客户能激发8位潜在客户的购买动机。",
    ),
    Exercise(
        "nb1.key_tier_revenue_share",
        "Share of total revenue that comes from the key tier (top 5% of customers by revenue) in the transactions data.",
        "交易数据中，关键客户（收入最高的5%客户）贡献的收入占比。",
        expected=lambda: float(rel.tier_summary(rel.customer_tiers(_customer_revenue())).loc["key", "share_profit"]),
        variants=(Variant(lambda: float(rel.tier_summary(rel.customer_tiers(_customer_revenue()))
                                        .loc["key", "share_customers"]),
                          "That is the key tier's share of customers; the question asks for its share of revenue.",
                          "这是关键客户的人数占比；题目问的是收入占比。"),
                  Variant(0.8, "0.8 is the course table's figure; compute the share in this data.",
                          "0.8是教材表格中的数字；请在本数据中计算。")),
        hint_en="Rank customers by their total revenue, take the top 5%, and divide their revenue by everyone's.",
        hint_zh="按每位客户的总收入排序，取前5%，用他们的收入除以全部客户的收入。",
    ),
]

# The relationship type each of rel.ROLE_PLAY_SCENES acts out, in scene order (the answer key).
ROLE_PLAY_TYPES: tuple[str, ...] = ("basic", "reactive", "accountable", "proactive", "partnership")

EXERCISES += [
    Exercise(
        "nb1.roleplay_types",
        "Role play (seed 003, activity 4): which relationship type does each of the five ROLE_PLAY_SCENES "
        "act out? A list of five codes, in scenario order.",
        "角色扮演（资料003活动4）：ROLE_PLAY_SCENES 中五个情景分别演示的是哪种客户关系类型？按情景顺序给出五个代码。",
        expected=lambda: list(ROLE_PLAY_TYPES), kind="sequence", terms=_TYPES,
        hint_en="Ask who makes contact, when, and about what: nobody, the customer, the firm once, "
                "the firm continually, or both sides working together.",
        hint_zh="问自己：谁来联系、什么时候、联系什么——没有人、客户、企业一次、企业持续，还是双方共同合作。",
    ),
    Exercise(
        "nb1.selftest_relative",
        "Self-test: 1,000 customers, 80 of them lost; the lost customers bought 1.5 times as much as the "
        "average customer. What is the relative churn rate (a fraction)?",
        "自测：1000位客户中流失了80位；流失客户的购买额是平均客户的1.5倍。相对客户流失率是多少（小数）？",
        expected=lambda: rel.churn_rates(1000, 80, avg_purchase_lost=1.5, avg_purchase_all=1)["relative"],
        variants=(Variant(lambda: rel.churn_rates(1000, 80)["absolute"],
                          "That is the absolute rate; weight the lost customers by what they bought.",
                          "这是绝对流失率；要按流失客户的购买额加权。"),),
        hint_en="The relative rate is the share of the business that left, not the share of customers.",
        hint_zh="相对流失率是流失的业务所占的比例，而不是流失客户的人数比例。",
    ),
    Exercise(
        "nb1.selftest_stage",
        "Self-test: in which lifecycle stage do customers show high trust, continuous trade and active recommendation?",
        "自测：客户表现出高度信任、持续交易、主动推荐，处于生命周期的哪个阶段？",
        expected=lambda: "stability", kind="choice", terms=rel.LIFECYCLE_STAGES,
        variants=(Variant("formation", "In the formation period trust is growing; these customers already trust fully.",
                          "形成期是信任加深的阶段；这些客户已经高度信任了。"),),
        hint_en="It is the highest stage of the relationship.", hint_zh="这是客户关系的最高阶段。",
    ),
    Exercise(
        "nb1.selftest_forced",
        "Self-test: which type of churned customer is usually not pursued, whatever the numbers say?",
        "自测：哪一类流失客户通常不去赢返，无论数字如何？",
        expected=lambda: "forced", kind="choice", terms=rel.CHURNED_TYPES,
        variants=(Variant("left", "Customers who left on their own may come back if the cause is fixed.",
                          "主动离开的客户，如果原因得到解决，仍可能回来。"),),
        hint_en="Think of relocation or bankruptcy: can any offer bring such a customer back?",
        hint_zh="想一想搬迁或破产：任何优惠能把这样的客户赢回来吗？",
    ),
]
