"""The data dictionary: every column of every committed table, with type, unit and meaning.

It is the single source of ``datasets/README.md`` (written by ``labkit datasets build``) and of
the loaders' column types, so the documentation cannot drift from the files.
"""
from __future__ import annotations

from labkit import curriculum as cur
from labkit.errors import bilingual

__all__ = ["TABLES", "columns", "render_markdown"]


def _col(name, dtype, unit, en, zh):
    return {"column": name, "dtype": dtype, "unit": unit, "en": en, "zh": zh}


def _codes(terms) -> str:
    return ", ".join(f"{t.code}={t.zh}" for t in terms)


_STEP_COLS = [_col(f"at_{s.code}", "datetime", "minute", f"When step {i} '{s.en}' was completed (empty if the case stalled before it)",
                   f"第{i}步“{s.zh}”完成时间(未完成为空)") for i, s in enumerate(cur.RECOVERY_STEPS, start=1)]
_ACSI_PREFIX = [("exp", "customer expectation", "客户期望"), ("qual", "perceived quality", "感知质量"),
                ("val", "perceived value", "感知价值"), ("sat", "customer satisfaction", "客户满意度"),
                ("comp", "customer complaints", "客户抱怨"), ("loy", "customer loyalty", "客户忠诚度")]
_ACSI_COLS = [_col(f"{p}_{k}", "int", "1-10", f"ACSI item {k} measuring {en}", f"{zh}测量题项{k}")
              for p, en, zh in _ACSI_PREFIX for k in range(1, 4)]
_KANO_ATTRS = [("free_returns", "free returns", "免费退换"), ("delivery_speed", "delivery speed", "配送速度"),
               ("gift_wrap", "surprise gift wrap", "惊喜礼品包装"), ("box_colour", "box colour", "包装盒颜色"),
               ("sales_calls", "follow-up sales calls", "电话回访推销")]
_KANO_COLS = [_col(f"kano_{a}_{side}", "category", _codes(cur.KANO_ANSWERS) if side == "functional" else "as functional",
                   f"Kano {side} answer: how do you feel if {en} is {'present' if side == 'functional' else 'absent'}?",
                   f"卡诺{'正向' if side == 'functional' else '反向'}问题：{'有' if side == 'functional' else '没有'}{zh}时您的感受")
              for a, en, zh in _KANO_ATTRS for side in ("functional", "dysfunctional")]
_SQ_COLS = [_col(f"sq_{kind}{i}", "int", "1-7", f"SERVQUAL item {i} ({d.en}): {'expectation' if kind == 'e' else 'perception'}",
                 f"SERVQUAL第{i}题({d.zh})：{'期望' if kind == 'e' else '感知'}")
            for d, items in cur.SERVQUAL_DIMENSIONS for i in items for kind in ("e", "p")]
_IMP_COLS = [_col(f"imp_{d.code}", "int", "points of 100", f"Importance of {d.en} (the five add up to 100)",
                  f"{d.zh}的重要性(五项合计100分)") for d, _ in cur.SERVQUAL_DIMENSIONS]

TABLES: dict[str, dict] = {
    "customers": {
        "file": "customers.csv", "en": "One row per customer.", "zh": "每行一个客户。",
        "simulated": "Faker pools for names, cities, companies, phones and emails; numpy for gender, age, signup date, segment and channel.",
        "columns": [
            _col("customer_id", "string", "", "Customer key", "客户编号"),
            _col("name", "string", "", "Customer name (fictional)", "客户姓名(虚构)"),
            _col("gender", "category", "F / M", "Gender", "性别"),
            _col("age", "int", "years", "Age", "年龄"),
            _col("city", "string", "", "City", "城市"),
            _col("signup_date", "date", "day", "First purchase and signup date", "注册(首次购买)日期"),
            _col("channel", "category", _codes(cur.ACQUISITION_CHANNELS), "Acquisition channel", "获客渠道"),
            _col("segment", "category", _codes(cur.SEGMENTS), "Customer segment", "客户细分"),
            _col("company", "string", "", "Company name for business accounts, empty for individuals", "企业客户的公司名称(个人客户为空)"),
            _col("phone", "string", "", "Phone number (fictional)", "电话(虚构)"),
            _col("email", "string", "", "Email address (fictional)", "电子邮箱(虚构)"),
        ],
    },
    "transactions": {
        "file": "transactions.csv", "en": "One row per purchase.", "zh": "每行一笔交易。",
        "simulated": "BG/NBD repeat buying (weeks) with Gamma-Gamma spend; true parameters in truth.json.",
        "columns": [
            _col("transaction_id", "string", "", "Transaction key", "交易编号"),
            _col("customer_id", "string", "", "Customer key", "客户编号"),
            _col("date", "date", "day", "Purchase date", "购买日期"),
            _col("amount", "float", "yuan", "Amount spent", "消费金额(元)"),
            _col("channel", "category", _codes(cur.SALES_CHANNELS), "Sales channel", "销售渠道"),
            _col("category", "category", _codes(cur.PRODUCT_CATEGORIES), "Product category", "商品类别"),
        ],
    },
    "customer_truth": {
        "file": "customer_truth.csv", "en": "The hidden per-customer truth behind transactions.csv.",
        "zh": "交易数据背后每个客户的真实参数(答案数据)。",
        "simulated": "Drawn from the population distributions in truth.json.",
        "columns": [
            _col("customer_id", "string", "", "Customer key", "客户编号"),
            _col("lambda", "float", "purchases / week", "True purchase rate while alive", "真实购买率(次/周)"),
            _col("dropout_p", "float", "probability", "True dropout probability after each repeat purchase", "每次重复购买后流失的真实概率"),
            _col("nu", "float", "1 / yuan", "True Gamma-Gamma scale of spend", "消费金额的真实尺度参数"),
            _col("mean_spend", "float", "yuan", "True mean spend per purchase (p / nu)", "真实平均客单价(元)"),
            _col("alive_at_calibration_end", "bool", "", "Still active at the calibration end", "校准期末是否仍活跃"),
            _col("alive_at_observation_end", "bool", "", "Still active at the end of the data", "观察期末是否仍活跃"),
        ],
    },
    "complaints": {
        "file": "complaints.csv", "en": "One row per complaint, with a timestamp for each recovery step.",
        "zh": "每行一条投诉，记录八个补救步骤的时间。",
        "simulated": "Types, causes and channels by known shares; lognormal step durations; texts from bilingual templates filled by Faker.",
        "columns": [
            _col("complaint_id", "string", "", "Complaint key", "投诉编号"),
            _col("customer_id", "string", "", "Customer key", "客户编号"),
            _col("received_at", "datetime", "minute", "When the complaint arrived", "投诉受理时间"),
            _col("channel", "category", _codes(cur.COMPLAINT_CHANNELS), "Complaint channel", "投诉渠道"),
            _col("type", "category", _codes(cur.COMPLAINT_TYPES), "Complaint type", "投诉类型"),
            _col("cause", "category", _codes(cur.COMPLAINT_CAUSES), "Root cause", "投诉原因"),
            _col("text", "string", "", "What the customer wrote", "投诉内容"),
            *_STEP_COLS,
            _col("status", "category", "open / closed", "Whether all eight steps are done", "是否已完成全部八步"),
            _col("resolution_hours", "float", "hours", "Hours from receipt to the last step (empty if open)", "从受理到结案的小时数(未结案为空)"),
            _col("outcome", "category", "resolved / partly_resolved / unresolved", "Outcome of the recovery", "补救结果"),
            _col("satisfaction_after", "int", "0-10", "Satisfaction after the recovery", "补救后满意度"),
        ],
    },
    "survey": {
        "file": "survey.csv", "en": "One row per survey respondent (a sample of customers).",
        "zh": "每行一位受访者(客户抽样)。",
        "simulated": "ACSI latent model with known standardised paths; Kano answers from known categories; SERVQUAL with known gaps.",
        "columns": [
            _col("respondent_id", "string", "", "Respondent key", "受访者编号"),
            _col("customer_id", "string", "", "Customer key", "客户编号"),
            *_ACSI_COLS,
            _col("overall_satisfaction", "int", "0-10", "Overall satisfaction", "总体满意度"),
            _col("recommend", "int", "0-10", "How likely are you to recommend us? (NPS question)", "推荐意愿(净推荐值问题)"),
            *_KANO_COLS, *_SQ_COLS, *_IMP_COLS,
        ],
    },
    "churn": {
        "file": "churn.csv", "en": "One row per customer: behaviour over the last year and whether they churned.",
        "zh": "每行一个客户：近一年的行为与是否流失。",
        "simulated": "Features by segment; churn label from a known logistic model (truth.json).",
        "columns": [
            _col("customer_id", "string", "", "Customer key", "客户编号"),
            _col("segment", "category", _codes(cur.SEGMENTS), "Customer segment", "客户细分"),
            _col("tenure_months", "int", "months", "Months as a customer", "客户在网月数"),
            _col("monthly_spend", "float", "yuan / month", "Average monthly spend", "月均消费(元)"),
            _col("late_payments", "int", "count, 12 months", "Late payments (payment behaviour)", "逾期付款次数(付款行为)"),
            _col("auto_pay", "int", "0 / 1", "Pays by automatic debit", "是否自动扣款"),
            _col("orders_90d", "int", "count", "Orders in the last 90 days (business behaviour)", "近90天订单数(业务行为)"),
            _col("order_trend", "float", "share, -1 to 1", "Change in order frequency vs the previous period", "订单频率较上期的变化"),
            _col("complaints_12m", "int", "count", "Complaints in the last 12 months", "近12个月投诉次数"),
            _col("discount_share", "float", "share", "Share of spend bought on discount", "折扣消费占比"),
            _col("annual_contract", "int", "0 / 1", "Has an annual contract", "是否签订年度合同"),
            _col("unresolved_complaint", "int", "0 / 1", "Has a complaint that was not resolved", "是否有未解决的投诉"),
            _col("churn_probability", "float", "probability", "True churn probability (answer data)", "真实流失概率(答案数据)"),
            _col("churned", "int", "0 / 1", "Churned in the following quarter", "下一季度是否流失"),
        ],
    },
    "crm_funnel": {
        "file": "crm_funnel.csv", "en": "Monthly counts at each stage of the marketing, sales and service funnels.",
        "zh": "营销、销售、服务漏斗各阶段的月度数量。",
        "simulated": "Poisson top of funnel, binomial conversion with known rates (illustrative).",
        "columns": [
            _col("month", "string", "YYYY-MM", "Month", "月份"),
            _col("area", "category", "marketing / sales / service", "Automation area (MA / SFA / CSA)", "自动化领域"),
            _col("stage", "category", "; ".join(f"{a}: " + _codes(s) for a, s in cur.FUNNELS.items()), "Funnel stage", "漏斗阶段"),
            _col("stage_order", "int", "1-4", "Position of the stage in its funnel", "阶段序号"),
            _col("count", "int", "count", "Customers or cases at the stage", "该阶段数量"),
        ],
    },
    "crm_cashflows": {
        "file": "crm_cashflows.csv", "en": "Cost and benefit streams of three candidate CRM projects.",
        "zh": "三个候选CRM项目的成本与收益现金流。",
        "simulated": "Known initial cost, yearly cost and benefit ramp per vendor, with 5% noise on benefits (illustrative).",
        "columns": [
            _col("project", "category", "A / B / C", "Candidate vendor", "候选供应商"),
            _col("year", "int", "year 0-5", "Project year (0 = implementation)", "项目年份(0为实施期)"),
            _col("cost", "float", "yuan", "Cost in the year", "当年成本(元)"),
            _col("benefit", "float", "yuan", "Benefit in the year", "当年收益(元)"),
            _col("net", "float", "yuan", "Benefit minus cost", "净现金流(元)"),
        ],
    },
}


def columns(table: str) -> list[dict]:
    """The documented columns of ``table``."""
    if table not in TABLES:
        raise ValueError(bilingual(f"table must be one of {', '.join(TABLES)}; got {table!r}"))
    return TABLES[table]["columns"]


def render_markdown(faker_version: str, n_rows: dict[str, int]) -> str:
    """The text of ``datasets/README.md``."""
    out = [
        "# CRM Lab data sets (数据集)", "",
        "Synthetic, deterministic data made by `labkit datasets build` (seed 0, locale zh_CN,"
        f" Faker {faker_version}). Every person, company, phone number and email is fictional.",
        "The behaviour was simulated from known models; `truth.json` holds the parameters"
        " (and `customer_truth.csv` the hidden per-customer values), so notebooks can check"
        " that a method recovers the truth. Do not edit these files by hand: regenerate them.", "",
        "Load them with `labkit.datasets.load_<table>()` (no Faker needed).", "",
        "| table | file | rows | what it is |", "|---|---|---|---|",
    ]
    for name, t in TABLES.items():
        out.append(f"| {name} | `{t['file']}` | {n_rows.get(name, '')} | {t['en']} {t['zh']} |")
    for name, t in TABLES.items():
        out += ["", f"## {name} — `{t['file']}`", "", f"{t['en']} {t['zh']}", "",
                f"How it was simulated: {t['simulated']}", "",
                "| column | type | unit / values | meaning | 含义 |", "|---|---|---|---|---|"]
        out += [f"| `{c['column']}` | {c['dtype']} | {c['unit']} | {c['en']} | {c['zh']} |" for c in t["columns"]]
    return "\n".join(out) + "\n"
