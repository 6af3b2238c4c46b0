"""Customer service, complaints and service recovery (客户服务, 客户投诉与补救).

The course lists of chapter 2 (service characteristics, the seven Rights, communication
skills, complaint types, handling methods and stages, recovery steps) as ordered bilingual
:class:`~labkit.labels.Term` tables, and the calculations an analyst runs on a complaint log:

* :func:`classify_complaint` — a documented keyword baseline for the five complaint types;
* :class:`ComplaintCase` and :func:`audit_log` — the eight recovery steps as a state machine
  and a role-play checker;
* :func:`pareto`, :func:`step_hours`, :func:`sla_table`, :func:`stall_table`,
  :func:`recovery_effect` — the complaint-log analysis;
* :func:`servqual` — SERVQUAL gap scores (22 items, five dimensions, importance weights);
* :func:`journey_map` and ``plot_journey`` — the customer journey map.

Examples
--------
>>> from labkit.service import classify_complaint, RECOVERY_STEPS
>>> classify_complaint("The parcel arrived 3 days late and the box was crushed")
'transport'
>>> RECOVERY_STEPS[0].zh
'记录投诉内容'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from labkit._validate import number, one_of, probability
from labkit.curriculum import (COMPLAINT_CAUSES, COMPLAINT_TYPES, HANDLING_METHODS, HANDLING_STAGES,
                               RECOVERY_STEPS, SERVQUAL_DIMENSIONS)
from labkit.labels import Term, find_term

__all__ = [
    # course lists (the curriculum tables are imported, not copied)
    "COMPLAINT_TYPES", "COMPLAINT_CAUSES", "RECOVERY_STEPS", "HANDLING_METHODS", "HANDLING_STAGES",
    "SERVQUAL_DIMENSIONS", "SERVICE_CHARACTERISTICS", "SEVEN_RIGHTS", "COMMUNICATION_SKILLS",
    "COMMUNICATION_PRINCIPLES", "EXPERIENCE_MODULES", "SERVICE_GAPS", "COMPLAINT_VALUES",
    "RECOVERY_METHODS", "COMMITMENT_ELEMENTS", "COMMITMENT_PROMOTION", "HOTEL_PROCEDURE",
    "COMPLAINT_KEYWORDS", "EXAMPLE_JOURNEY", "UNITED_CASE_EVENTS", "SERVICE_SCENARIOS",
    # calculations
    "SEM_KEYWORDS", "tag_experience", "sem_coverage",
    "seven_rights", "RightsResult", "quality_gap", "commitment_card", "classify_complaint", "classify_complaints",
    "evaluate_classifier", "ClassifierReport", "CAUSE_KEYWORDS", "tag_cause", "ComplaintCase", "audit_log", "AuditResult",
    "pareto", "ParetoResult", "step_hours", "sla_targets", "sla_table", "stall_table", "recovery_effect",
    "servqual", "servqual_columns", "ServqualResult", "journey_map", "plot_journey",
]

# ---------------------------------------------------------------- course lists

# The five characteristics of service [seeds 003, 001].
SERVICE_CHARACTERISTICS: tuple[Term, ...] = (
    Term("intangibility", "Intangibility", "不可感知性"),
    Term("inseparability", "Inseparability", "不可分离性"),
    Term("heterogeneity", "Heterogeneity (variability)", "差异性"),
    Term("perishability", "Perishability", "不可储存性"),
    Term("no_ownership", "Lack of ownership", "缺乏所有权"),
)

# Scenarios for the service-characteristics quiz (C-2.2; illustrative): (English, Chinese, answer).
# The notebook's exercise uses the first five; the quiz demo the rest.
SERVICE_SCENARIOS: tuple[tuple[str, str, str], ...] = (
    ("A hotel room left empty tonight cannot be sold tomorrow.", "今晚空着的酒店客房明天无法再卖出去。",
     "perishability"),
    ("A haircut is produced while the customer sits in the chair.", "理发是在顾客坐在椅子上时完成的。",
     "inseparability"),
    ("Before booking, a traveller cannot touch or try the flight.", "订票之前，旅客无法触摸或试用航班服务。",
     "intangibility"),
    ("Two waiters in the same restaurant give very different service.", "同一家餐厅的两位服务员提供的服务差别很大。",
     "heterogeneity"),
    ("After a concert the audience owns nothing but the memory.", "音乐会结束后，观众除了回忆什么也没有得到。",
     "no_ownership"),
    ("A bank shows its spotless branch and certificates to reassure customers.",
     "银行展示整洁的网点和资质证书来让客户放心。", "intangibility"),
    ("A call centre cannot store today's quiet hours for Monday morning's rush.",
     "呼叫中心无法把今天空闲的时间存起来留给周一早上的高峰。", "perishability"),
    ("A tutor's lesson needs the student to be present and taking part.", "家教课需要学生在场并参与其中。",
     "inseparability"),
    ("The same bank branch is fast on Tuesday and slow on Friday.", "同一个银行网点周二办事很快，周五却很慢。",
     "heterogeneity"),
    ("A gym membership gives the right to use the machines, not to take them home.",
     "健身会员卡给你使用器械的权利，而不是把器械带回家。", "no_ownership"),
)

# The customer-service standard: seven "Rights" [seed 001].
SEVEN_RIGHTS: tuple[Term, ...] = (
    Term("time", "Right time", "合适的时间"),
    Term("place", "Right place", "合适的场合"),
    Term("price", "Right price", "合适的价格"),
    Term("channel", "Right channel", "通过合适的渠道"),
    Term("customer", "Right customer", "合适的客户"),
    Term("product", "Right product or service", "合适的产品和服务"),
    Term("wants", "Right wants", "适合需求"),
)

# Six communication skills [seed 003].
COMMUNICATION_SKILLS: tuple[Term, ...] = (
    Term("respect", "Fully respect the customer and keep service etiquette", "全面尊重客户,保持服务礼仪"),
    Term("participate", "Let the customer participate and keep a low profile", "让客户参与,保持低姿态"),
    Term("atmosphere", "Create a relaxed, pleasant atmosphere", "创造轻松愉快的沟通氛围"),
    Term("halo", "Use the 'love me, love my dog' effect", "利用“爱屋及乌”心理效应"),
    Term("integrity", "Keep integrity and give help", "保持诚信,给予帮助"),
    Term("personality", "Learn the customer's hobbies and personality", "了解客户爱好和个性特点"),
)

# Six principles of customer communication [seed 002].
COMMUNICATION_PRINCIPLES: tuple[Term, ...] = (
    Term("position", "Position the supplier (the sender) correctly", "正确定位供应方(信息发送者)"),
    Term("situation", "Be clear about the situation and priorities", "明确情况,了解问题,分清主次"),
    Term("needs", "Start from the receiver's needs", "从客户(信息接收者)的需求出发"),
    Term("involve", "Draw the customer in by asking for views", "征求意见和建议,吸引客户参与"),
    Term("action", "Spark action: reach consensus on each side's actions", "通过沟通激发行动,达成共识"),
    Term("equality", "Equality, reciprocity, credit, compatibility, development", "平等、互惠、信用、相容、发展"),
)

# Strategic experiential modules (SEMs) [seed 003; Schmitt 1999 is standard, not in seeds].
EXPERIENCE_MODULES: tuple[Term, ...] = (
    Term("sense", "Sense", "感觉"),
    Term("feel", "Feel", "情感"),
    Term("think", "Think", "思考"),
    Term("act", "Act", "行动"),
    Term("relate", "Relate", "关联"),
)

# Service-quality gap model (standard, not in seeds: Parasuraman, Zeithaml & Berry 1985).
SERVICE_GAPS: tuple[Term, ...] = (
    Term("knowledge", "Gap 1: expectations vs management's perception", "差距1:认知差距"),
    Term("standards", "Gap 2: management perception vs service standards", "差距2:标准差距"),
    Term("delivery", "Gap 3: standards vs service delivered", "差距3:交付差距"),
    Term("communication", "Gap 4: service delivered vs external promises", "差距4:沟通差距"),
    Term("customer", "Gap 5: expected vs perceived service", "差距5:客户差距"),
)

# The value of complaints [seed 003].
COMPLAINT_VALUES: tuple[Term, ...] = (
    Term("improve", "Help improve products or services", "有助于改进产品或服务"),
    Term("trust", "Win customer trust and keep loyalty", "赢得客户信任,保持客户忠诚"),
    Term("image", "Enhance corporate image", "提升企业形象"),
)

# Three complaint-recovery methods [seed 003].
RECOVERY_METHODS: tuple[Term, ...] = (
    Term("remove_obstacles", "Remove obstacles to complaining", "扫除客户投诉的障碍"),
    Term("system", "Build a complete complaint system", "建立完善的客户投诉系统"),
    Term("frontline", "Raise front-line staff's handling level", "提高一线员工处理投诉的水平"),
)

# Service commitment: forms of expression and promotion channels [seed 003].
COMMITMENT_ELEMENTS: tuple[Term, ...] = (
    Term("promise", "What is promised", "承诺事项"),
    Term("compensation", "How compensation is made", "赔偿方式"),
    Term("promiser", "Who promises", "承诺主体"),
)
COMMITMENT_PROMOTION: tuple[Term, ...] = (
    Term("advertising", "External advertising", "外部广告"),
    Term("posting", "Internal posting", "内部张贴"),
    Term("word_of_mouth", "Word of mouth", "口头传播"),
)

# Hotel complaint procedure, three stages [seed 000].
HOTEL_PROCEDURE: tuple[Term, ...] = (
    Term("receive", "Receiving the complaint", "接待投诉"),
    Term("investigate", "Investigation and handling", "调查处理"),
    Term("feedback", "Feedback of results", "反馈结果"),
)

# An online-shopping journey (illustrative; the seeds give no journey map): stage, touchpoint,
# emotion from -2 to +2.
EXAMPLE_JOURNEY: tuple[dict, ...] = (
    {"stage": "Discover 了解", "touchpoint": "ad / search 广告与搜索", "emotion": 1},
    {"stage": "Choose 选购", "touchpoint": "product page 商品页", "emotion": 2},
    {"stage": "Pay 支付", "touchpoint": "checkout 结算", "emotion": 0},
    {"stage": "Wait 等待", "touchpoint": "tracking 物流跟踪", "emotion": -1},
    {"stage": "Receive 收货", "touchpoint": "courier 快递员", "emotion": 1},
    {"stage": "Use 使用", "touchpoint": "product 商品", "emotion": 1},
    {"stage": "Get help 求助", "touchpoint": "hotline 客服热线", "emotion": -2},
)

# The United Airlines guitar case read as recovery steps (standard, not in seeds; an
# illustrative reading of the public account): the claim was recorded, then passed between
# offices for about nine months, then judged ineligible (filed after the 24-hour window).
UNITED_CASE_EVENTS: tuple[str, ...] = ("record", "assign", "assign", "assign", "judge")

# ---------------------------------------------------------------- seven Rights, gap


@dataclass(frozen=True)
class RightsResult:
    """Seven-Rights checklist result: how many Rights were met, the share, and the missing ones."""

    met: int
    share: float
    missing: tuple[Term, ...]

    def __repr__(self) -> str:
        miss = ", ".join(t.en for t in self.missing) or "none"
        return f"RightsResult(met={self.met}/7, share={self.share:.3f}, missing: {miss})"


def seven_rights(ratings: Mapping[str, Any], *, threshold: float = 4) -> RightsResult:
    """Score a service against the seven Rights (C-2.1).

    Parameters
    ----------
    ratings : mapping
        Right (code, English or Chinese label) → True/False, or a 1–5 rating. A Right left out
        counts as not met. A rating counts as met when it is at least ``threshold``.
    threshold : float
        The lowest 1–5 rating that counts as met.

    Returns
    -------
    RightsResult
        ``met`` (count), ``share`` (met / 7) and the ``missing`` Rights in course order.

    Examples
    --------
    >>> r = seven_rights({"time": True, "place": True, "price": True, "customer": True,
    ...                   "product": True, "wants": True, "channel": False})
    >>> r.met, round(r.share, 3), [t.code for t in r.missing]
    (6, 0.857, ['channel'])
    """
    if not isinstance(ratings, Mapping):
        raise TypeError(f"ratings must be a dict of Right -> True/False or 1-5 rating, got {type(ratings).__name__}")
    threshold = number("threshold", threshold, low=1, high=5)
    met_codes = set()
    for key, value in ratings.items():
        term = find_term(SEVEN_RIGHTS, key, name="ratings key")
        if isinstance(value, (bool, np.bool_)):
            ok = bool(value)
        else:
            ok = number(f"rating of {term.code!r}", value, low=1, high=5) >= threshold
        if ok:
            met_codes.add(term.code)
    missing = tuple(t for t in SEVEN_RIGHTS if t.code not in met_codes)
    return RightsResult(len(met_codes), len(met_codes) / len(SEVEN_RIGHTS), missing)


def commitment_card(promise: str, compensation: str, promiser: str,
                    promotion: Sequence[str] = ("advertising", "posting", "word_of_mouth")) -> str:
    """A formatted service-commitment card for exercise E2.9 (C-2.9).

    Parameters
    ----------
    promise, compensation, promiser : str
        What is promised (承诺事项), how compensation is made (赔偿方式), who promises (承诺主体).
    promotion : sequence of str
        How it is promoted: codes or labels of :data:`COMMITMENT_PROMOTION`.

    Examples
    --------
    >>> print(commitment_card("Delivery within 30 minutes", "The meal is free if late",
    ...                       "The store manager", ["advertising"]))
    Service commitment 服务承诺
      What is promised 承诺事项: Delivery within 30 minutes
      How compensation is made 赔偿方式: The meal is free if late
      Who promises 承诺主体: The store manager
      Promoted by 宣传方式: External advertising (外部广告)
    """
    parts = {"promise": promise, "compensation": compensation, "promiser": promiser}
    for name, value in parts.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty text, got {value!r}")
    if isinstance(promotion, str):
        promotion = [promotion]
    channels = [find_term(COMMITMENT_PROMOTION, p, name="promotion") for p in promotion]
    if not channels:
        raise ValueError("promotion must name at least one channel: advertising, posting or word_of_mouth")
    lines = ["Service commitment 服务承诺"]
    lines += [f"  {t.en} {t.zh}: {parts[t.code].strip()}" for t in COMMITMENT_ELEMENTS]
    lines.append(f"  Promoted by 宣传方式: {', '.join(str(c) for c in channels)}")
    return "\n".join(lines)


def quality_gap(expected: float, perceived: float) -> float:
    """Gap 5 for one item: perceived − expected (negative = the service fell short) (C-2.6).

    Examples
    --------
    >>> quality_gap(4.5, 3.9)
    -0.6
    """
    return round(number("perceived", perceived) - number("expected", expected), 10)


# ---------------------------------------------------------------- experience modules

# Keywords per strategic experiential module (C-2.8; illustrative), Chinese and English.
SEM_KEYWORDS: dict[str, tuple[str, ...]] = {
    "sense": ("看", "听", "闻", "香", "味", "颜色", "音乐", "灯光", "外观", "触感",
              "look", "sound", "smell", "scent", "taste", "colour", "color", "music", "light", "touch"),
    "feel": ("温馨", "惊喜", "微笑", "感动", "贴心", "开心", "关怀",
             "warm", "surprise", "smile", "moved", "caring", "happy", "delight"),
    "think": ("学习", "知识", "好奇", "创意", "讲解", "思考", "了解",
              "learn", "knowledge", "curious", "idea", "explain", "workshop", "puzzle"),
    "act": ("动手", "参与", "试用", "体验", "运动", "自己", "DIY",
            "try", "hands-on", "join in", "exercise", "do it yourself", "diy", "make your own",
            "make their own"),
    "relate": ("社群", "会员", "分享", "认同", "朋友", "圈子", "身份",
               "community", "member", "share", "belong", "friends", "club", "identity"),
}


def tag_experience(item: str) -> tuple[str, ...]:
    """The experiential modules (SEMs) an experience-design item touches, by keywords (C-2.8).

    Returns the codes of :data:`EXPERIENCE_MODULES` whose keywords (:data:`SEM_KEYWORDS`)
    appear in ``item``, in module order; an empty tuple when none does.

    Examples
    --------
    >>> tag_experience("Soft music and the smell of fresh coffee")
    ('sense',)
    >>> tag_experience("会员分享会上，顾客动手做拉花")
    ('act', 'relate')
    """
    if not isinstance(item, str):
        raise TypeError(f"item must be a string, got {type(item).__name__} {item!r}")
    lower = item.lower()
    return tuple(m.code for m in EXPERIENCE_MODULES if any(k.lower() in lower for k in SEM_KEYWORDS[m.code]))


def sem_coverage(items: Iterable[str]) -> pd.DataFrame:
    """How many design items touch each of the five experiential modules, and which ones.

    Examples
    --------
    >>> sem_coverage(["Soft music", "A barista workshop"])["items"].tolist()
    [1, 0, 1, 0, 0]
    """
    if isinstance(items, str):
        raise TypeError("items must be a list of texts, not one string")
    items = list(items)
    tags = [tag_experience(i) for i in items]
    rows = [{"module": m.code, "label": str(m), "items": sum(m.code in t for t in tags),
             "examples": "; ".join(i for i, t in zip(items, tags) if m.code in t)} for m in EXPERIENCE_MODULES]
    return pd.DataFrame(rows).set_index("module")


# ---------------------------------------------------------------- complaint classifier

# The keyword baseline: type → (keyword, weight) pairs, Chinese and English. A text scores the
# sum of the weights of the keywords it contains (English matched case-insensitively, as
# substrings); the highest score wins, ties go to the type listed first in COMPLAINT_TYPES, and
# a text with no keyword at all falls back to "service" (the most general type). Weight 2
# marks words that name the type outright; weight 1 marks words that only lean towards it.
COMPLAINT_KEYWORDS: dict[str, tuple[tuple[str, int], ...]] = {
    "quality": (("质量", 2), ("坏了", 2), ("缺陷", 2), ("做工", 2), ("瑕疵", 2), ("故障", 2),
                ("与描述不符", 2), ("退货", 1), ("更换", 1), ("破损", 1),
                ("quality", 2), ("defect", 2), ("broke", 2), ("faulty", 2), ("workmanship", 2),
                ("does not match the description", 2), ("refund", 1), ("replace", 1)),
    "contract": (("合同", 2), ("条款", 2), ("结算", 2), ("约定", 1), ("价格", 1), ("发票", 1),
                 ("contract", 2), ("clause", 2), ("agreed", 1), ("charged", 1), ("price", 1),
                 ("invoice", 1)),
    "transport": (("物流", 2), ("快递", 2), ("运输", 2), ("配送", 2), ("送货", 2), ("延误", 2),
                  ("送错", 2), ("送到", 1), ("压坏", 2), ("包装", 1),
                  ("shipping", 2), ("shipment", 2), ("parcel", 2), ("delivery", 2), ("transit", 2),
                  ("tracking", 2), ("courier", 2), ("late", 1), ("crushed", 1), ("packaging", 1)),
    "service": (("客服", 2), ("态度", 2), ("热线", 2), ("店员", 2), ("不耐烦", 2), ("不理不睬", 2),
                ("没人回复", 1), ("服务", 1),
                ("rude", 2), ("attitude", 2), ("hotline", 2), ("staff", 2), ("agent", 2),
                ("impatient", 2), ("support", 1), ("service", 1), ("nobody", 1)),
    "suggestion": (("建议", 3), ("提议", 3), ("希望贵公司", 3), ("希望", 1), ("可以", 1), ("增加", 1),
                   ("suggest", 3), ("proposal", 3), ("please offer", 3), ("it would", 1),
                   ("could", 1), ("let members", 1)),
}
_FALLBACK_TYPE = "service"


def classify_complaints(texts: Iterable[str]) -> pd.Series:
    """Classify many complaint texts at once (a Series of :func:`classify_complaint` results).

    Plain substring tests in Python beat pandas' vectorised ``str.contains`` here (80 keywords);
    10,000 texts take well under a second (see benchmarks/bench_service.py).

    Examples
    --------
    >>> classify_complaints(["合同价格不一致", "客服态度很差"]).tolist()
    ['contract', 'service']
    """
    if isinstance(texts, str):
        raise TypeError("texts must be a list or Series of strings; for one text use classify_complaint(text)")
    s = pd.Series(list(texts) if not isinstance(texts, pd.Series) else texts, dtype=object)
    bad = s[~s.map(lambda v: isinstance(v, str))]
    if len(bad):
        raise TypeError(f"texts must all be strings; got {bad.iloc[0]!r} at position {bad.index[0]}")
    return pd.Series([classify_complaint(t) for t in s], index=s.index, name="predicted", dtype=object)


def classify_complaint(text: str) -> str:
    """The complaint type (a code of :data:`COMPLAINT_TYPES`) of one text, by keywords (C-2.3).

    A transparent baseline: each type has Chinese and English keywords with weights
    (:data:`COMPLAINT_KEYWORDS`); the type with the highest total weight wins, ties go to the
    type listed first, and a text with no keyword is classed as "service". Real complaints
    mix topics, so expect mistakes; an ML model can replace it later.

    Parameters
    ----------
    text : str
        What the customer wrote, in Chinese or English.

    Returns
    -------
    str
        One of ``quality``, ``contract``, ``transport``, ``service``, ``suggestion``.

    Examples
    --------
    >>> classify_complaint("快递运输途中货物被压坏")
    'transport'
    >>> classify_complaint("建议增加自助退货功能")
    'suggestion'
    """
    return _keyword_pick(text, COMPLAINT_KEYWORDS, COMPLAINT_TYPES, _FALLBACK_TYPE)


def _keyword_pick(text: str, keywords: Mapping[str, Sequence[tuple[str, int]]], terms: Sequence[Term],
                  fallback: str) -> str:
    """The code of ``terms`` whose keywords weigh most in ``text``; first in order on ties."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__} {text!r}")
    lower = text.lower()
    scores = [sum(w for word, w in keywords[t.code] if word.lower() in lower) for t in terms]
    best = max(scores)
    return terms[scores.index(best)].code if best > 0 else fallback


# Cause keywords (C-2.4), same rules as COMPLAINT_KEYWORDS; no keyword -> "defect".
CAUSE_KEYWORDS: dict[str, tuple[tuple[str, int], ...]] = {
    "expectation": (("与描述不符", 2), ("不一致", 2), ("没有兑现", 2), ("不符", 1), ("没做到", 2), ("承诺", 2),
                    ("约定", 1), ("太慢", 1), ("does not match", 2), ("differs", 2), ("not honoured", 2),
                    ("promised", 2), ("not delivered as agreed", 2), ("late", 1)),
    "defect": (("坏", 2), ("破损", 2), ("缺陷", 2), ("质量", 1), ("送错", 2), ("问题", 1),
               ("broke", 2), ("defect", 2), ("crushed", 2), ("damaged", 2), ("wrong address", 2),
               ("problem", 1)),
    "attitude": (("态度", 2), ("不耐烦", 2), ("不理不睬", 2), ("推来推去", 2), ("没人回复", 2), ("没人管", 2),
                 ("rude", 2), ("impatient", 2), ("ignored", 2), ("nobody", 2), ("did not care", 2),
                 ("attitude", 2)),
}


def tag_cause(text: str) -> str:
    """The likely cause (a code of :data:`COMPLAINT_CAUSES`) of one complaint text, by keywords (C-2.4).

    The same transparent rules as :func:`classify_complaint`, with :data:`CAUSE_KEYWORDS`;
    a text with no keyword is tagged "defect", the most common cause. A text rarely states
    its root cause, so treat the tag as a first guess for recovery step 4 (analyse the cause).

    Examples
    --------
    >>> tag_cause("客服态度很差，电话里不耐烦")
    'attitude'
    >>> tag_cause("The refund clause in the contract was not honoured")
    'expectation'
    """
    return _keyword_pick(text, CAUSE_KEYWORDS, COMPLAINT_CAUSES, "defect")


@dataclass(frozen=True)
class ClassifierReport:
    """Accuracy of a classifier against known labels, with the confusion table (rows = true type)."""

    n: int
    accuracy: float
    confusion: pd.DataFrame = field(repr=False)
    recall: pd.Series = field(repr=False)

    def __repr__(self) -> str:
        return f"ClassifierReport(n={self.n}, accuracy={self.accuracy:.3f})"


def evaluate_classifier(actual: Iterable[str], predicted: Iterable[str], *,
                        labels: Sequence[Term] = COMPLAINT_TYPES) -> ClassifierReport:
    """Compare predicted labels (complaint types by default) with the true ones.

    ``labels`` gives the allowed codes and the order of the confusion table, e.g.
    :data:`COMPLAINT_CAUSES` to evaluate :func:`tag_cause`.

    Examples
    --------
    >>> r = evaluate_classifier(["quality", "service"], ["quality", "transport"])
    >>> r.accuracy, int(r.confusion.loc["service", "transport"])
    (0.5, 1)
    """
    a = pd.Series(list(actual), dtype=object)
    p = pd.Series(list(predicted), dtype=object)
    if len(a) != len(p):
        raise ValueError(f"actual and predicted must have the same length, got {len(a)} and {len(p)}")
    if a.empty:
        raise ValueError("actual is empty; nothing to evaluate")
    codes = [t.code for t in labels]
    for name, s in (("actual", a), ("predicted", p)):
        unknown = sorted(set(s) - set(codes), key=str)
        if unknown:
            raise ValueError(f"{name} contains unknown label(s) {unknown}; allowed: {', '.join(codes)}")
    conf = pd.crosstab(pd.Categorical(a, codes), pd.Categorical(p, codes), dropna=False)
    conf.index.name, conf.columns.name = "actual", "predicted"
    diag = pd.Series(np.diag(conf.to_numpy()), index=codes)
    recall = (diag / conf.sum(axis=1).replace(0, np.nan)).rename("recall")
    return ClassifierReport(len(a), float((a == p).mean()), conf, recall)


# ---------------------------------------------------------------- recovery workflow


def _resolve_step(steps: Sequence[Term], step: Any) -> Term:
    if isinstance(step, Term):
        step = step.code
    if isinstance(step, (int, np.integer)) and not isinstance(step, bool):
        if not 1 <= step <= len(steps):
            raise ValueError(f"step must be a number from 1 to {len(steps)}, got {step}")
        return steps[int(step) - 1]
    if not isinstance(step, str):
        raise TypeError(f"step must be a step code, label or number 1-{len(steps)}, got {step!r}")
    return find_term(steps, step, name="step")


def _timestamp(name: str, value: Any) -> pd.Timestamp:
    if value is None:
        return pd.Timestamp(datetime.now()).floor("s")
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a date-time such as '2024-05-01 09:30', got {value!r}") from None
    if pd.isna(ts):
        raise ValueError(f"{name} must be a date-time, got {value!r}")
    return ts


class ComplaintCase:
    """One complaint moving through the eight recovery steps, in order (C-2.5).

    ``case.advance(step, at=None)`` completes the next step (by code, English or Chinese label,
    or number 1–8) at time ``at`` (now when omitted). A step out of order, a repeated step or
    a time earlier than the previous step is refused with a ValueError that says what to do.

    Parameters
    ----------
    received_at : date-time, optional
        When the complaint arrived (now when omitted).
    case_id : str
        A name shown in the repr.
    steps : sequence of Term
        The workflow; :data:`RECOVERY_STEPS` by default.

    Examples
    --------
    >>> case = ComplaintCase("2024-05-01 09:00", case_id="K1")
    >>> case.advance("record", at="2024-05-01 09:20").advance("判断投诉性质", at="2024-05-01 10:20")
    ComplaintCase('K1', 2/8 steps done, next: assign)
    >>> case.elapsed_hours().round(2).tolist()
    [0.33, 1.0]
    >>> case.advance("approve")
    Traceback (most recent call last):
    ...
    ValueError: step 'approve' (6. Submit to leadership for approval) is out of order: the next step is 3. assign (Determine the handling department)
    """

    def __init__(self, received_at: Any = None, *, case_id: str = "case", steps: Sequence[Term] = RECOVERY_STEPS):
        self.case_id = str(case_id)
        self.steps = tuple(steps)
        if not self.steps or not all(isinstance(s, Term) for s in self.steps):
            raise TypeError("steps must be a non-empty sequence of Terms, e.g. RECOVERY_STEPS")
        self.received_at = _timestamp("received_at", received_at)
        self._done: list[tuple[Term, pd.Timestamp]] = []

    @classmethod
    def from_log(cls, row: Mapping[str, Any]) -> "ComplaintCase":
        """Rebuild a case from one row of the complaint log (``received_at`` and ``at_<step>``)."""
        case = cls(row["received_at"], case_id=str(row.get("complaint_id", "case")))
        for s in RECOVERY_STEPS:
            at = row.get(f"at_{s.code}")
            if at is None or pd.isna(at):
                break
            case.advance(s.code, at=at)
        return case

    @property
    def done(self) -> tuple[str, ...]:
        """Codes of the completed steps, in order."""
        return tuple(t.code for t, _ in self._done)

    @property
    def next_step(self) -> Term | None:
        """The step that must come next (None when the case is closed)."""
        return self.steps[len(self._done)] if len(self._done) < len(self.steps) else None

    @property
    def is_closed(self) -> bool:
        return self.next_step is None

    @property
    def completion(self) -> float:
        """Share of steps completed, 0–1."""
        return len(self._done) / len(self.steps)

    def advance(self, step: Any, at: Any = None) -> "ComplaintCase":
        """Complete ``step`` at time ``at``; refuse a step out of order or repeated. Returns self."""
        term = _resolve_step(self.steps, step)
        pos = self.steps.index(term) + 1
        if term.code in self.done:
            raise ValueError(f"step {term.code!r} ({pos}. {term.en}) is already done; "
                             f"each step happens once")
        nxt = self.next_step  # not None: when the case is closed every step is already done
        if term != nxt:
            raise ValueError(f"step {term.code!r} ({pos}. {term.en}) is out of order: the next step is "
                             f"{len(self._done) + 1}. {nxt.code} ({nxt.en})")
        ts = _timestamp("at", at)
        last = self._done[-1][1] if self._done else self.received_at
        if ts < last:
            raise ValueError(f"at ({ts}) is earlier than the previous event ({last}); times must not go backwards")
        self._done.append((term, ts))
        return self

    def elapsed_hours(self) -> pd.Series:
        """Hours each completed step took (since the previous step, or since receipt for step 1)."""
        times = [self.received_at] + [ts for _, ts in self._done]
        hours = [(b - a).total_seconds() / 3600 for a, b in zip(times[:-1], times[1:])]
        return pd.Series(hours, index=pd.Index(self.done, name="step"), name="hours", dtype=float)

    def timeline(self, sla_hours: Mapping[str, float] | None = None) -> pd.DataFrame:
        """Every step with its label, completion time, hours taken and, given SLA hours, whether it met them."""
        hours = self.elapsed_hours()
        rows = []
        for i, t in enumerate(self.steps, start=1):
            done = t.code in hours.index
            rows.append({"no": i, "step": t.code, "label": t.en, "label_zh": t.zh,
                         "at": self._done[i - 1][1] if done else pd.NaT,
                         "hours": float(hours[t.code]) if done else np.nan})
        df = pd.DataFrame(rows)
        if sla_hours is not None:
            df["sla_hours"] = [float(sla_hours[s]) for s in df["step"]]
            df["within_sla"] = np.where(df["hours"].isna(), None, df["hours"] <= df["sla_hours"])
        return df

    def __repr__(self) -> str:
        nxt = self.next_step
        return (f"ComplaintCase({self.case_id!r}, {len(self._done)}/{len(self.steps)} steps done, "
                f"next: {nxt.code if nxt else 'none (closed)'})")


@dataclass(frozen=True)
class AuditResult:
    """Audit of a role-play log against an ordered procedure."""

    procedure: tuple[Term, ...] = field(repr=False)
    missing: tuple[Term, ...]
    out_of_order: tuple[Term, ...]
    repeated: tuple[Term, ...]
    unknown: tuple[str, ...]
    completion: float
    score: float
    hours: pd.Series | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """True when every step is there once, in order, with nothing unknown."""
        return not (self.missing or self.out_of_order or self.repeated or self.unknown)

    def messages(self, lang: str = "en") -> list[str]:
        """One warning per problem, e.g. "step 3 (表示道歉) missing"."""
        zh = one_of("lang", lang, ("en", "zh")) == "zh"
        pos = {t.code: i for i, t in enumerate(self.procedure, start=1)}
        out = []
        for t in self.missing:
            out.append(f"第{pos[t.code]}步({t.zh})缺失" if zh else f"step {pos[t.code]} ({t.zh}) missing")
        for t in self.out_of_order:
            out.append(f"第{pos[t.code]}步({t.zh})顺序错误" if zh else f"step {pos[t.code]} ({t.zh}) out of order")
        for t in self.repeated:
            out.append(f"第{pos[t.code]}步({t.zh})重复" if zh else f"step {pos[t.code]} ({t.zh}) repeated")
        for u in self.unknown:
            out.append(f"未知步骤: {u!r}" if zh else f"unknown step {u!r}")
        return out

    def __repr__(self) -> str:
        problems = "; ".join(self.messages()) or "no problems"
        return f"AuditResult(completion={self.completion:.0%}, score={self.score:.0%}: {problems})"


def audit_log(events: Iterable[Any], *, steps: Sequence[Term] = RECOVERY_STEPS, ordered: bool = True) -> AuditResult:
    """Check a role-play log against a procedure: skipped, out-of-order, repeated steps.

    Parameters
    ----------
    events : iterable
        Steps in the order they happened: codes, English/Chinese labels or numbers; or
        ``(step, time)`` pairs; or a DataFrame with columns ``step`` and (optionally) ``at``.
    steps : sequence of Term
        The procedure: :data:`RECOVERY_STEPS` (default), :data:`HANDLING_METHODS`,
        :data:`HANDLING_STAGES` or :data:`HOTEL_PROCEDURE`; or a checklist such as
        :data:`COMMUNICATION_SKILLS` with ``ordered=False``.
    ordered : bool
        Whether the order matters; with False only missing, repeated and unknown items count.

    Returns
    -------
    AuditResult
        ``missing``, ``out_of_order``, ``repeated`` and ``unknown`` steps, ``completion``
        (share of the procedure's steps present) and ``score`` (share present *and* in order,
        with each repeat or unknown action costing one step); ``hours`` per step when times
        were given. ``messages()`` gives one warning per problem.

    Examples
    --------
    >>> r = audit_log(["vent", "listen", "agree", "ask", "note", "solve", "close"], steps=HANDLING_METHODS)
    >>> r.messages()
    ['step 3 (表示道歉) missing']
    >>> round(r.score, 3)
    0.875
    >>> audit_log(["halo", "respect"], steps=COMMUNICATION_SKILLS, ordered=False).completion
    0.3333333333333333
    """
    steps = tuple(steps)
    if isinstance(events, pd.DataFrame):
        if "step" not in events.columns:
            raise ValueError(f"events must have a column 'step'; got columns {list(events.columns)}")
        times = events["at"].tolist() if "at" in events.columns else [None] * len(events)
        pairs = list(zip(events["step"].tolist(), times))
    elif isinstance(events, (str, bytes)) or not isinstance(events, Iterable):
        raise TypeError(f"events must be a list of steps, got {type(events).__name__} {events!r}")
    else:
        pairs = [tuple(e) if isinstance(e, (tuple, list)) else (e, None) for e in events]
        if any(len(p) != 2 for p in pairs):
            raise ValueError("events must be steps or (step, time) pairs")
    seen: list[Term] = []
    at: list[Any] = []
    unknown, repeated = [], []
    for step, t in pairs:
        try:
            term = _resolve_step(steps, step)
        except (ValueError, TypeError):
            unknown.append(str(step))
            continue
        if term in seen:
            repeated.append(term)
            continue
        seen.append(term)
        at.append(t)
    order = [steps.index(t) for t in seen]
    # A step is in order when it belongs to the longest increasing run of positions; the rest
    # are flagged as out of order (fewest flags that explain the log).
    keep = _longest_increasing(order) if ordered else set(range(len(seen)))
    out_of_order = tuple(sorted((seen[i] for i in range(len(seen)) if i not in keep), key=steps.index))
    missing = tuple(t for t in steps if t not in seen)
    completion = len(seen) / len(steps)
    penalty = len(repeated) + len(unknown)
    score = max(0.0, (len(keep) - penalty) / len(steps))
    hours = None
    if at and all(t is not None for t in at):
        ts = [_timestamp("time", t) for t in at]
        hours = pd.Series([0.0] + [(b - a).total_seconds() / 3600 for a, b in zip(ts[:-1], ts[1:])],
                          index=[t.code for t in seen], name="hours_since_previous")
    return AuditResult(steps, missing, out_of_order, tuple(repeated), tuple(unknown), completion, score, hours)


def _longest_increasing(values: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence of ``values``."""
    n = len(values)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if values[j] < values[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    if not n:
        return set()
    i = max(range(n), key=lambda k: (best[k], -k))
    out = set()
    while i != -1:
        out.add(i)
        i = prev[i]
    return out


# ---------------------------------------------------------------- complaint-log analysis


@dataclass(frozen=True)
class ParetoResult:
    """Counts, shares and cumulative shares by category, and the vital few that reach ``cut``."""

    table: pd.DataFrame = field(repr=False)
    vital_few: tuple[str, ...]
    cut: float

    @property
    def counts(self) -> pd.Series:
        return self.table["count"]

    def __repr__(self) -> str:
        share = float(self.table["share"][list(self.vital_few)].sum())
        return (f"ParetoResult({len(self.vital_few)} of {len(self.table)} categories make "
                f"{share:.1%} (cut {self.cut:.0%}): {', '.join(map(str, self.vital_few))})")


def pareto(table: pd.DataFrame, by: str, *, cut: float = 0.8) -> ParetoResult:
    """Pareto analysis of ``table`` by the column ``by``: the vital few and the trivial many.

    Categories are sorted by count (largest first, ties by name). The *vital few* are the
    top categories needed for the cumulative share to reach ``cut``.

    Parameters
    ----------
    table : DataFrame
        One row per case (e.g. the complaint log).
    by : str
        The column to count (e.g. ``"type"`` or ``"cause"``).
    cut : float
        The cumulative share the vital few must reach (0.8 for the 80/20 rule).

    Examples
    --------
    >>> log = pd.DataFrame({"type": ["a"] * 6 + ["b"] * 3 + ["c"]})
    >>> r = pareto(log, "type")
    >>> r.vital_few
    ('a', 'b')
    >>> r.table["cumulative_share"].tolist()
    [0.6, 0.9, 1.0]
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame, got {type(table).__name__}")
    if by not in table.columns:
        raise ValueError(f"by must be a column of table ({', '.join(map(str, table.columns))}); got {by!r}")
    cut = probability("cut", cut)
    values = table[by].dropna()
    if values.empty:
        raise ValueError(f"table has no values in column {by!r}; nothing to count (is the filter too narrow?)")
    counts = values.value_counts()
    counts = counts.reindex(sorted(counts.index, key=lambda k: (-counts[k], str(k))))
    share = counts / counts.sum()
    cum = share.cumsum()
    n_vital = int(np.searchsorted(cum.to_numpy() - 1e-12, cut) + 1) if cut > 0 else 0
    n_vital = min(n_vital, len(counts))
    out = pd.DataFrame({"count": counts.astype(int), "share": share.round(6), "cumulative_share": cum.round(6)})
    out["vital_few"] = np.arange(len(out)) < n_vital
    out.index.name = by
    return ParetoResult(out, tuple(out.index[:n_vital]), cut)


_STEP_COLS = [f"at_{s.code}" for s in RECOVERY_STEPS]


def _check_log(log: pd.DataFrame, extra: Sequence[str] = ()) -> None:
    if not isinstance(log, pd.DataFrame):
        raise TypeError(f"log must be a DataFrame (the complaint log), got {type(log).__name__}")
    need = ["received_at", *_STEP_COLS, *extra]
    missing = [c for c in need if c not in log.columns]
    if missing:
        raise ValueError(f"log is missing column(s) {', '.join(missing)}; use labkit.datasets.load_complaints()")


def step_hours(log: pd.DataFrame) -> pd.DataFrame:
    """Hours each recovery step took, per complaint (NaN for steps not reached).

    Step 1 is timed from ``received_at``, each later step from the step before.

    Examples
    --------
    >>> from labkit.datasets import load_complaints
    >>> h = step_hours(load_complaints())
    >>> list(h.columns[:3]), bool((h.min() >= 0).all())
    (['record', 'judge', 'assign'], True)
    """
    _check_log(log)
    times = log[["received_at", *_STEP_COLS]].apply(pd.to_datetime)
    diffs = times.diff(axis=1).iloc[:, 1:]
    hours = diffs.apply(lambda c: c.dt.total_seconds() / 3600)
    hours.columns = [s.code for s in RECOVERY_STEPS]
    return hours


def sla_targets() -> dict[str, float]:
    from labkit.datasets import load_truth

    return {k: float(v) for k, v in load_truth()["complaints"]["step_sla_hours"].items()}


def sla_table(log: pd.DataFrame, sla_hours: Mapping[str, float] | None = None, *, by: str | None = None) -> pd.DataFrame:
    """Share of completed steps that met their service-level target, per step (and per ``by`` group).

    Parameters
    ----------
    log : DataFrame
        The complaint log.
    sla_hours : mapping, optional
        Step code → target hours; the targets of the synthetic data set
        (``load_truth()["complaints"]["step_sla_hours"]``) by default.
    by : str, optional
        A column to split by (e.g. ``"channel"``); one column of shares per group.

    Examples
    --------
    >>> from labkit.datasets import load_complaints
    >>> t = sla_table(load_complaints(), by="channel")
    >>> t.shape, bool(((t >= 0) & (t <= 1)).all().all())
    ((8, 5), True)
    """
    sla = sla_targets() if sla_hours is None else dict(sla_hours)
    codes = [s.code for s in RECOVERY_STEPS]
    missing = [c for c in codes if c not in sla]
    if missing:
        raise ValueError(f"sla_hours is missing step(s) {', '.join(missing)}")
    for k in codes:
        number(f"sla_hours[{k!r}]", sla[k], low=0)
    hours = step_hours(log)
    if hours.empty:
        raise ValueError("log is empty; no steps to compare with their targets")
    met = hours.le(pd.Series(sla)[codes], axis=1).where(hours.notna())
    if by is None:
        return met.mean().rename("within_sla").to_frame()
    if by not in log.columns:
        raise ValueError(f"by must be a column of log, got {by!r}")
    out = met.groupby(log[by].to_numpy()).mean().T
    out.columns.name = by
    return out


def stall_table(log: pd.DataFrame) -> pd.DataFrame:
    """Where open cases stall: for each step, how many open cases stopped before completing it.

    Examples
    --------
    >>> from labkit.datasets import load_complaints
    >>> t = stall_table(load_complaints())
    >>> int(t["open_cases"].sum()) == int((load_complaints()["status"] == "open").sum())
    True
    """
    _check_log(log)
    done = log[_STEP_COLS].notna().to_numpy()
    n_done = done.sum(axis=1)
    stalled = n_done < len(RECOVERY_STEPS)
    counts = np.bincount(n_done[stalled], minlength=len(RECOVERY_STEPS))[: len(RECOVERY_STEPS)]
    total = int(stalled.sum())
    return pd.DataFrame({
        "label": [s.en for s in RECOVERY_STEPS], "label_zh": [s.zh for s in RECOVERY_STEPS],
        "open_cases": counts.astype(int),
        "share_of_open": counts / total if total else np.zeros(len(RECOVERY_STEPS)),
    }, index=pd.Index([s.code for s in RECOVERY_STEPS], name="stalled_at"))


def recovery_effect(log: pd.DataFrame, survey: pd.DataFrame) -> pd.DataFrame:
    """Mean satisfaction (0–10) after recovery, by outcome, beside customers who never complained.

    The comparison group is the surveyed customers with no complaint in the log
    (``survey["overall_satisfaction"]``, same 0–10 scale).

    Examples
    --------
    >>> from labkit.datasets import load_complaints, load_survey
    >>> t = recovery_effect(load_complaints(), load_survey())
    >>> list(t.index)
    ['resolved', 'partly_resolved', 'unresolved', 'never_complained']
    """
    _check_log(log, ["customer_id", "outcome", "satisfaction_after"])
    for col in ("customer_id", "overall_satisfaction"):
        if col not in survey.columns:
            raise ValueError(f"survey is missing column {col!r}; use labkit.datasets.load_survey()")
    order = ["resolved", "partly_resolved", "unresolved"]
    g = log.groupby("outcome")["satisfaction_after"].agg(["count", "mean"]).reindex(order)
    never = survey.loc[~survey["customer_id"].isin(set(log["customer_id"])), "overall_satisfaction"]
    g.loc["never_complained"] = [len(never), never.mean() if len(never) else np.nan]
    g["count"] = g["count"].fillna(0).astype(int)
    g.index.name = "group"
    return g.rename(columns={"mean": "mean_satisfaction"})


# ---------------------------------------------------------------- SERVQUAL

N_ITEMS = sum(len(items) for _, items in SERVQUAL_DIMENSIONS)


@dataclass(frozen=True)
class ServqualResult:
    """SERVQUAL gaps (perception − expectation): per item, per dimension, overall, weighted."""

    n: int
    item_gaps: pd.Series = field(repr=False)
    dimension_gaps: pd.Series = field(repr=False)
    overall: float
    weighted_overall: float | None = None

    def __repr__(self) -> str:
        dims = ", ".join(f"{k} {v:+.2f}" for k, v in self.dimension_gaps.items())
        w = "" if self.weighted_overall is None else f", weighted_overall={self.weighted_overall:+.3f}"
        return f"ServqualResult(n={self.n}, overall={self.overall:+.3f}{w}; {dims})"


def _matrix(name: str, values: Any) -> np.ndarray:
    if isinstance(values, pd.DataFrame):
        values = values.to_numpy()
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must hold numbers only") from None
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != N_ITEMS:
        raise ValueError(f"{name} must have {N_ITEMS} items (one row of 22 scores per respondent), "
                         f"got shape {np.shape(values)}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must have at least one respondent")
    if np.isnan(arr).any():
        raise ValueError(f"{name} must not contain missing values (NaN); found {int(np.isnan(arr).sum())}")
    return arr


def servqual(expectations: Any, perceptions: Any, *, importance: Any = None) -> ServqualResult:
    """SERVQUAL gap scores for the standard 22 items (C-2.6; standard, not in seeds).

    Gap = perception − expectation per item. Items 1–4 are tangibles, 5–9 reliability,
    10–13 responsiveness, 14–17 assurance, 18–22 empathy (:data:`SERVQUAL_DIMENSIONS`).

    Parameters
    ----------
    expectations, perceptions : array-like
        22 scores for one respondent, or an (n × 22) array / DataFrame for many.
    importance : mapping or array-like, optional
        100 points split over the five dimensions: a dict dimension → points (the same for
        everyone), or an (n × 5) array / DataFrame with one split per respondent.

    Returns
    -------
    ServqualResult
        ``item_gaps`` (mean gap per item 1–22), ``dimension_gaps`` (dimension → mean gap),
        ``overall`` (mean of the five dimension gaps) and, given importance,
        ``weighted_overall`` = mean over respondents of Σ (points/100 × dimension gap).

    References
    ----------
    Parasuraman, Zeithaml & Berry (1988), "SERVQUAL: a multiple-item scale for measuring
    consumer perceptions of service quality", *Journal of Retailing* 64(1); weighted score as
    in Zeithaml, Parasuraman & Berry (1990), *Delivering Quality Service*.

    Examples
    --------
    >>> e = [6] * 22
    >>> p = [5] * 4 + [4] * 5 + [6] * 4 + [5] * 4 + [6] * 5
    >>> r = servqual(e, p, importance={"tangibles": 10, "reliability": 40, "responsiveness": 20,
    ...                                "assurance": 20, "empathy": 10})
    >>> r.dimension_gaps.tolist(), r.overall, r.weighted_overall
    ([-1.0, -2.0, 0.0, -1.0, 0.0], -0.8, -1.1)
    """
    e = _matrix("expectations", expectations)
    p = _matrix("perceptions", perceptions)
    if e.shape != p.shape:
        raise ValueError(f"expectations and perceptions must have the same shape, got {e.shape} and {p.shape}")
    gaps = p - e
    dim_codes = [d.code for d, _ in SERVQUAL_DIMENSIONS]
    per_dim = np.column_stack([gaps[:, [i - 1 for i in items]].mean(axis=1) for _, items in SERVQUAL_DIMENSIONS])
    item_gaps = pd.Series(gaps.mean(axis=0), index=pd.RangeIndex(1, N_ITEMS + 1, name="item"), name="gap")
    dim_gaps = pd.Series(per_dim.mean(axis=0), index=pd.Index(dim_codes, name="dimension"), name="gap")
    weighted = None
    if importance is not None:
        w = _importance(importance, len(gaps), dim_codes)
        weighted = float(np.round((w / 100 * per_dim).sum(axis=1).mean(), 12))
    return ServqualResult(len(gaps), item_gaps.round(12), dim_gaps.round(12),
                          float(round(dim_gaps.mean(), 12)), weighted)


def _importance(importance: Any, n: int, codes: list[str]) -> np.ndarray:
    if isinstance(importance, Mapping):
        row = []
        for c in codes:
            key = next((k for k in importance
                        if str(k).lower() in (c, *(t.en.lower() for t, _ in SERVQUAL_DIMENSIONS if t.code == c))
                        or any(str(k) == t.zh for t, _ in SERVQUAL_DIMENSIONS if t.code == c)), None)
            if key is None:
                raise ValueError(f"importance is missing the dimension {c!r}; give points for {', '.join(codes)}")
            row.append(number(f"importance[{c!r}]", importance[key], low=0))
        w = np.tile(row, (n, 1))
    else:
        if isinstance(importance, pd.DataFrame):
            importance = importance.to_numpy()
        w = np.asarray(importance, dtype=float)
        if w.ndim == 1:
            w = np.tile(w, (n, 1))
        if w.shape != (n, len(codes)):
            raise ValueError(f"importance must have 5 columns (one per dimension) and {n} row(s), got shape {w.shape}")
        if np.isnan(w).any() or (w < 0).any():
            raise ValueError("importance points must be non-negative numbers with no missing values")
    sums = w.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 100) > 0.5)
    if bad.size:
        raise ValueError(f"importance points must add up to 100 for each respondent; "
                         f"row {int(bad[0])} adds up to {sums[bad[0]]:g}")
    return w


def servqual_columns(survey: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The SERVQUAL blocks of the survey: expectations (sq_e1…22), perceptions (sq_p1…22), importance.

    Examples
    --------
    >>> from labkit.datasets import load_survey
    >>> e, p, imp = servqual_columns(load_survey())
    >>> e.shape, p.shape, imp.shape
    ((1000, 22), (1000, 22), (1000, 5))
    """
    e_cols = [f"sq_e{i}" for i in range(1, N_ITEMS + 1)]
    p_cols = [f"sq_p{i}" for i in range(1, N_ITEMS + 1)]
    i_cols = [f"imp_{d.code}" for d, _ in SERVQUAL_DIMENSIONS]
    missing = [c for c in e_cols + p_cols + i_cols if c not in survey.columns]
    if missing:
        raise ValueError(f"survey is missing column(s) {', '.join(missing[:5])}; use labkit.datasets.load_survey()")
    return survey[e_cols], survey[p_cols], survey[i_cols]


# ---------------------------------------------------------------- journey map


def journey_map(stages: Any, *, n_lowest: int = 1) -> pd.DataFrame:
    """A validated customer journey map table with the lowest-emotion stages flagged (C-2.7).

    Parameters
    ----------
    stages : DataFrame or list of dicts
        One row per stage, in order, with at least ``stage`` and ``emotion`` (−2 … +2);
        optional columns such as ``touchpoint``, ``action``, ``thought``, ``pain_point``.
    n_lowest : int
        How many of the lowest points to flag as improvement opportunities (ties included).

    Examples
    --------
    >>> jm = journey_map([{"stage": "Search", "emotion": 1}, {"stage": "Wait", "emotion": -2},
    ...                   {"stage": "Use", "emotion": 2}])
    >>> jm.loc[jm["opportunity"], "stage"].tolist()
    ['Wait']
    """
    df = pd.DataFrame(stages).copy() if not isinstance(stages, pd.DataFrame) else stages.copy()
    for col in ("stage", "emotion"):
        if col not in df.columns:
            raise ValueError(f"stages must have a column {col!r} (one row per stage); got {list(df.columns)}")
    if len(df) < 2:
        raise ValueError(f"stages must have at least 2 stages to draw a journey, got {len(df)}")
    emo = pd.to_numeric(df["emotion"], errors="coerce")
    if emo.isna().any() or not emo.between(-2, 2).all():
        raise ValueError(f"emotion must be numbers from -2 to +2, got {df['emotion'].tolist()}")
    df["emotion"] = emo.astype(float)
    k = max(1, min(int(n_lowest), len(df)))
    threshold = np.sort(df["emotion"].to_numpy())[k - 1]
    df["opportunity"] = df["emotion"] <= threshold
    return df.reset_index(drop=True)


def __getattr__(name: str):
    # plot_journey lives with the other chapter figures; importing matplotlib only when asked.
    if name == "plot_journey":
        from labkit.plotting.service import plot_journey

        return plot_journey
    raise AttributeError(f"module 'labkit.service' has no attribute {name!r}")
