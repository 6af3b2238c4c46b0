"""Customer satisfaction and loyalty: NPS, CSI scoring, indicator weights, AHP, Kano and PLS-SEM.

Chapter 3 of CRM Lab. Every curriculum table this chapter needs (Likert labels, NPS bands,
satisfaction-loyalty quadrants, Saaty's random index, the Kano evaluation table, the CSI model
presets) lives here once; the notebook, the demos and the self-checks read it from here.

Examples
--------
>>> nps_from_counts(30, 40, 30)
0.0
>>> expert_weights([[50, 30, 20], [60, 20, 20], [40, 40, 20]]).round(3).tolist()
[0.5, 0.3, 0.2]
>>> kano_category("like", "dislike")
'O'
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from labkit import _validate as v
from labkit.curriculum import CSI_CONSTRUCTS, CSI_MODELS, KANO_ANSWERS
from labkit.labels import Term, find_term

__all__ = [
    # tables
    "EXPECTATION_OUTCOMES", "QUADRANTS", "LIKERT_5", "LIKERT_7", "NPS_BANDS", "SAATY_RI",
    "KANO_CATEGORIES", "KANO_TABLE", "MEASUREMENT_STEPS", "LOYALTY_MEASURES",
    "LOYALTY_PROGRAMMES", "SURVEY_ITEMS", "CSIModel", "SCSB", "ACSI", "ECSI", "CCSI", "CSI_PRESETS",
    # satisfaction and loyalty
    "expectation_gap", "satisfaction_quadrant", "satisfaction_trap", "TrapResult",
    "NPSScore", "nps", "nps_from_counts", "nps_band",
    # measuring a CSI
    "likert_encode", "csi_score", "CSIScore", "expert_weights", "direct_comparison_weights",
    "paired_comparison_weights", "PairedComparison", "delphi_summary",
    "ahp_matrix", "ahp_weights", "AHPResult",
    "csi_rollup", "Rollup", "loyalty_scorecard", "points_simulator",
    # Kano
    "kano_category", "kano_summary",
    # PLS path modelling
    "pls_sem", "PLSResult", "survey_measurement",
]

# ---------------------------------------------------------------- curriculum tables

# Expectation-perception model [seed 003]: q1 > q0, q1 = q0, q1 < q0.
EXPECTATION_OUTCOMES: tuple[Term, ...] = (
    Term("delighted", "Surprised and satisfied", "惊喜/满意"),
    Term("neutral", "No particular feeling", "无感"),
    Term("dissatisfied", "Dissatisfied", "不满意"),
)

# Satisfaction-loyalty quadrants [seed 003], with the seed's interpretation.
QUADRANTS: tuple[Term, ...] = (
    Term("satisfied_loyal", "Satisfied and loyal", "满意且忠诚"),
    Term("satisfied_not_loyal", "Satisfied but not loyal", "满意但不忠诚"),
    Term("dissatisfied_loyal", "Dissatisfied but loyal", "不满意却忠诚"),
    Term("dissatisfied_not_loyal", "Dissatisfied and not loyal", "不满意不忠诚"),
)
QUADRANT_NOTES: dict[str, Term] = {
    "satisfied_loyal": Term("satisfied_loyal", "The ideal customer: keeps buying and recommends",
                            "理想客户：持续购买并推荐"),
    "satisfied_not_loyal": Term("satisfied_not_loyal", "Easily lured away by competitors",
                                "容易被竞争对手拉走"),
    "dissatisfied_loyal": Term("dissatisfied_loyal", "Forced loyalty: high switching cost or little choice",
                               "被迫忠诚：转换成本高或选择有限"),
    "dissatisfied_not_loyal": Term("dissatisfied_not_loyal", "The most likely to churn", "最可能流失"),
}

# Likert scales: 5-point labels and values from seed 003; 7-point labels are standard, not in seeds.
LIKERT_5: tuple[tuple[Term, int], ...] = (
    (Term("very_satisfied", "Very satisfied", "很满意"), 5),
    (Term("satisfied", "Satisfied", "满意"), 4),
    (Term("neutral", "Neutral", "一般"), 3),
    (Term("dissatisfied", "Dissatisfied", "不满意"), 2),
    (Term("very_dissatisfied", "Very dissatisfied", "很不满意"), 1),
)
LIKERT_7: tuple[tuple[Term, int], ...] = (
    (Term("very_satisfied", "Very satisfied", "非常满意"), 7),
    (Term("satisfied", "Satisfied", "满意"), 6),
    (Term("somewhat_satisfied", "Somewhat satisfied", "比较满意"), 5),
    (Term("neutral", "Neutral", "一般"), 4),
    (Term("somewhat_dissatisfied", "Somewhat dissatisfied", "比较不满意"), 3),
    (Term("dissatisfied", "Dissatisfied", "不满意"), 2),
    (Term("very_dissatisfied", "Very dissatisfied", "非常不满意"), 1),
)

# NPS bands on the 0-10 recommend question [seed 003]: (term, lowest score, highest score).
NPS_BANDS: tuple[tuple[Term, int, int], ...] = (
    (Term("promoter", "Promoters", "推荐型"), 9, 10),
    (Term("passive", "Passives", "被动型"), 7, 8),
    (Term("detractor", "Detractors", "贬损型"), 0, 6),
)

# Saaty's random consistency index RI by matrix order n (Saaty 1980, The Analytic Hierarchy
# Process, Table 1.7; the table AHPy uses as random_index="saaty").
SAATY_RI: dict[int, float] = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32,
                              8: 1.41, 9: 1.45, 10: 1.49}

# Kano categories (three need types from seed 003; indifferent, reverse and questionable are
# standard, not in seeds).
KANO_CATEGORIES: dict[str, Term] = {t.code: t for t in (
    Term("A", "Attractive (exciting) need", "兴奋型需求"),
    Term("O", "One-dimensional (performance) need", "期望型需求"),
    Term("M", "Must-be (basic) need", "基本型需求"),
    Term("I", "Indifferent", "无差异型"),
    Term("R", "Reverse", "反向型"),
    Term("Q", "Questionable answer", "可疑结果"),
)}

# Kano evaluation table (Berger et al. 1993, Center for Quality Management Journal 2(4), Table 1;
# Matzler & Hinterhuber 1998): rows = functional answer, columns = dysfunctional answer, both
# in the order like, must-be, neutral, live-with, dislike.
_KANO_ROWS = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")
KANO_TABLE: dict[tuple[str, str], str] = {
    (f.code, d.code): _KANO_ROWS[i][j]
    for i, f in enumerate(KANO_ANSWERS) for j, d in enumerate(KANO_ANSWERS)
}

# Five measurement steps [seed 003].
MEASUREMENT_STEPS: tuple[Term, ...] = (
    Term("plan", "Draw up the plan", "制定方案"),
    Term("questionnaire", "Design the questionnaire", "设计问卷"),
    Term("survey", "Conduct the survey", "实施调查"),
    Term("analyse", "Analyse the data", "分析数据"),
    Term("improve", "Improve and execute", "改进执行"),
)

# Loyalty measures [seed 003]; ``True`` marks those where a lower value means more loyal.
LOYALTY_MEASURES: tuple[tuple[Term, bool], ...] = (
    (Term("repeat_purchases", "Number of repeat purchases", "客户重复购买的次数"), False),
    (Term("spending_share", "Share of spending in the category", "客户购买的费用占比"), False),
    (Term("price_sensitivity", "Price sensitivity", "客户对价格的敏感程度"), True),
    (Term("selection_time", "Length of selection time", "客户挑选时间的长短"), True),
    (Term("competitor_attitude", "Attitude to competing brands", "客户对竞争品牌的态度"), False),
    (Term("quality_tolerance", "Tolerance of product-quality problems", "客户对产品质量问题的承受能力"), False),
    (Term("nps", "Net Promoter Score", "净推荐值"), False),
)

# Loyalty-programme models [seed 003].
LOYALTY_PROGRAMMES: tuple[Term, ...] = (
    Term("points", "Independent points programme", "独立积分计划"),
    Term("alliance", "Points alliance", "积分计划联盟模式"),
    Term("cobrand", "Co-branded card", "联名卡"),
    Term("club", "Membership club", "会员俱乐部"),
)

# Column prefixes of the ACSI items in ``load_survey()``.
SURVEY_ITEMS: dict[str, str] = {"expectation": "exp", "quality": "qual", "value": "val",
                                "satisfaction": "sat", "complaints": "comp", "loyalty": "loy"}


# ---------------------------------------------------------------- CSI model presets

@dataclass(frozen=True)
class CSIModel:
    """A customer-satisfaction-index model: its constructs and structural paths.

    ``seed_paths`` are the paths the course material states; the others are standard in the
    literature (or, for CCSI, assumed by analogy with ECSI) and are labelled so.

    Examples
    --------
    >>> len(SCSB.constructs), len(SCSB.paths), len(SCSB.seed_paths)
    (5, 6, 5)
    """

    code: str
    year: int
    name: Term
    constructs: tuple[str, ...]
    paths: tuple[tuple[str, str], ...]
    seed_paths: tuple[tuple[str, str], ...] = ()
    note: str = ""

    def source(self, edge: tuple[str, str]) -> str:
        """"seed" when the course states ``edge``, else "standard" (or "assumed" for CCSI)."""
        if edge not in self.paths:
            raise ValueError(f"edge must be one of the {self.code} paths, got {edge!r}")
        if edge in self.seed_paths:
            return "seed"
        return "assumed" if self.code == "CCSI" else "standard"

    def construct_terms(self) -> list[Term]:
        """The constructs as bilingual terms, in model order."""
        return [CSI_CONSTRUCTS[c] for c in self.constructs]

    def edges_table(self) -> pd.DataFrame:
        """One row per path: source, target (English and Chinese) and where it comes from."""
        rows = [(CSI_CONSTRUCTS[s].en, CSI_CONSTRUCTS[t].en, CSI_CONSTRUCTS[s].zh, CSI_CONSTRUCTS[t].zh,
                 self.source((s, t))) for s, t in self.paths]
        return pd.DataFrame(rows, columns=["source", "target", "来源变量", "结果变量", "basis"])

    def __repr__(self) -> str:
        return f"CSIModel({self.code}, {self.year}: {len(self.constructs)} constructs, {len(self.paths)} paths)"


def _preset(code: str, seed_paths: tuple, note: str = "") -> CSIModel:
    spec = CSI_MODELS[code]
    return CSIModel(code, spec["year"], spec["name"], tuple(spec["constructs"]), tuple(spec["paths"]),
                    tuple(seed_paths), note)


SCSB = _preset("SCSB", (("expectation", "satisfaction"), ("performance", "satisfaction"),
                        ("satisfaction", "complaints"), ("satisfaction", "loyalty"),
                        ("complaints", "loyalty")),
               "The sixth path, expectation -> performance, is standard (Fornell 1992).")
ACSI = _preset("ACSI", (), "The course names the six variables; all nine paths are standard (Fornell et al. 1996).")
ECSI = _preset("ECSI", (("image", "expectation"), ("image", "satisfaction"), ("image", "loyalty")),
               "Brand image's three paths are in the course; the rest are standard.")
CCSI = _preset("CCSI", (), "The course gives no CCSI paths: these are ACSI's with expected quality, "
                           "plus brand image paths by analogy with ECSI (an assumption).")
CSI_PRESETS: dict[str, CSIModel] = {m.code: m for m in (SCSB, ACSI, ECSI, CCSI)}


def survey_measurement(data: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """The ACSI measurement model of ``load_survey()``: construct -> its three item columns.

    Examples
    --------
    >>> survey_measurement()["value"]
    ['val_1', 'val_2', 'val_3']
    """
    m = {c: [f"{p}_{k}" for k in (1, 2, 3)] for c, p in SURVEY_ITEMS.items()}
    if data is not None:
        _require_columns(data, [c for cols in m.values() for c in cols], "data")
    return m


# ---------------------------------------------------------------- satisfaction and loyalty

def expectation_gap(q0: float, q1: float, *, tol: float = 0) -> Term:
    """Classify a customer by the expectation-perception model (期望-感知模型).

    Parameters
    ----------
    q0, q1 : float
        Expectation before buying and perception after buying, on the same scale.
    tol : float
        Differences with ``|q1 - q0| <= tol`` count as equal ("no particular feeling").

    Returns
    -------
    Term
        ``delighted`` (q1 > q0), ``neutral`` (q1 = q0) or ``dissatisfied`` (q1 < q0), from
        :data:`EXPECTATION_OUTCOMES`.

    Examples
    --------
    >>> expectation_gap(4, 4.5).code, expectation_gap(4, 4).zh
    ('delighted', '无感')
    >>> expectation_gap(4, 3.9, tol=0.2).code
    'neutral'
    """
    q0, q1 = v.number("q0", q0), v.number("q1", q1)
    tol = v.number("tol", tol, low=0)
    gap = q1 - q0
    if abs(gap) <= tol:
        return EXPECTATION_OUTCOMES[1]
    return EXPECTATION_OUTCOMES[0] if gap > 0 else EXPECTATION_OUTCOMES[2]


def satisfaction_quadrant(satisfaction: float, loyalty: float, *, sat_threshold: float,
                          loyal_threshold: float) -> Term:
    """The satisfaction-loyalty quadrant (满意-忠诚四象限) of one customer.

    A customer is satisfied when ``satisfaction >= sat_threshold`` and loyal when
    ``loyalty >= loyal_threshold``.

    Examples
    --------
    >>> satisfaction_quadrant(4.5, 0, sat_threshold=4, loyal_threshold=1).zh
    '满意但不忠诚'
    """
    s, l_ = v.number("satisfaction", satisfaction), v.number("loyalty", loyalty)
    sat = s >= v.number("sat_threshold", sat_threshold)
    loyal = l_ >= v.number("loyal_threshold", loyal_threshold)
    return QUADRANTS[(0 if loyal else 1) if sat else (2 if loyal else 3)]


@dataclass(frozen=True)
class TrapResult:
    """Quadrant counts and shares, the correlation, and the satisfied-but-not-loyal share."""

    table: pd.DataFrame = field(repr=False)
    correlation: float
    satisfied_share: float
    loyal_share: float
    trap_share: float
    trap_share_of_satisfied: float


def satisfaction_trap(satisfaction: Any, loyalty: Any, *, sat_threshold: float,
                      loyal_threshold: float) -> TrapResult:
    """Check for the satisfaction trap (满意度陷阱) on per-customer scores.

    Parameters
    ----------
    satisfaction, loyalty : array-like
        One satisfaction score and one loyalty score per customer.
    sat_threshold, loyal_threshold : float
        Scores at or above these count as satisfied / loyal.

    Returns
    -------
    TrapResult
        ``table`` (quadrant, customers, share), the Pearson correlation, the share of
        satisfied and of loyal customers, ``trap_share`` (satisfied but not loyal, of all) and
        ``trap_share_of_satisfied`` (of the satisfied).

    Examples
    --------
    >>> r = satisfaction_trap([9, 9, 9, 3], [9, 2, 3, 2], sat_threshold=8, loyal_threshold=8)
    >>> r.trap_share, round(r.trap_share_of_satisfied, 3)
    (0.5, 0.667)
    """
    s = v.array_1d("satisfaction", satisfaction)
    l_ = v.array_1d("loyalty", loyalty)
    if len(s) != len(l_):
        raise ValueError(f"satisfaction and loyalty must have the same length, got {len(s)} and {len(l_)}")
    sat = s >= v.number("sat_threshold", sat_threshold)
    loyal = l_ >= v.number("loyal_threshold", loyal_threshold)
    counts = [int((sat & loyal).sum()), int((sat & ~loyal).sum()), int((~sat & loyal).sum()),
              int((~sat & ~loyal).sum())]
    n = len(s)
    table = pd.DataFrame({"quadrant": [q.en for q in QUADRANTS], "象限": [q.zh for q in QUADRANTS],
                          "customers": counts, "share": [c / n for c in counts]},
                         index=pd.Index([q.code for q in QUADRANTS], name="code"))
    corr = float(np.corrcoef(s, l_)[0, 1]) if n > 1 and s.std() > 0 and l_.std() > 0 else 0.0
    n_sat = int(sat.sum())
    return TrapResult(table, corr, n_sat / n, float(loyal.mean()), counts[1] / n,
                      counts[1] / n_sat if n_sat else 0.0)


class NPSScore(float):
    """A Net Promoter Score (a float in [-100, 100]) that also carries the group shares.

    Attributes ``promoters``, ``passives``, ``detractors`` are shares in [0, 1]; ``n`` is the
    number of respondents.
    """

    promoters: float
    passives: float
    detractors: float
    n: int

    def __new__(cls, promoters: int, passives: int, detractors: int):
        n = promoters + passives + detractors
        obj = super().__new__(cls, 100.0 * (promoters - detractors) / n)
        obj.promoters, obj.passives, obj.detractors, obj.n = promoters / n, passives / n, detractors / n, n
        return obj

    @property
    def shares(self) -> dict[str, float]:
        """Group shares keyed by band code (promoter, passive, detractor)."""
        return {"promoter": self.promoters, "passive": self.passives, "detractor": self.detractors}


def nps_band(score: float) -> Term:
    """The NPS band of one 0-10 answer: promoter (9-10), passive (7-8) or detractor (0-6).

    Examples
    --------
    >>> nps_band(8).code, nps_band(9).zh
    ('passive', '推荐型')
    """
    x = v.number("score", score, low=0, high=10)
    for term, low, high in NPS_BANDS:
        if low <= x <= high:
            return term
    raise ValueError(f"score must be a whole number from 0 to 10, got {score!r}")


def nps(scores: Any) -> NPSScore:
    """Net Promoter Score (净推荐值) from 0-10 "how likely to recommend" answers.

    NPS = % promoters (9-10) - % detractors (0-6), on a -100...+100 scale.

    Examples
    --------
    >>> r = nps([10, 9, 8, 7, 6, 0])
    >>> round(float(r), 2), round(r.promoters, 3)
    (0.0, 0.333)
    >>> nps([11])
    Traceback (most recent call last):
    ...
    ValueError: scores must be whole numbers from 0 to 10; found 11
    """
    x = v.array_1d("scores", scores)
    bad = x[(x < 0) | (x > 10) | (x != np.round(x))]
    if bad.size:
        raise ValueError(f"scores must be whole numbers from 0 to 10; found {bad[0]:g}")
    return NPSScore(int((x >= 9).sum()), int(((x >= 7) & (x <= 8)).sum()), int((x <= 6).sum()))


def nps_from_counts(promoters: int, passives: int, detractors: int) -> NPSScore:
    """Net Promoter Score from the number of promoters, passives and detractors.

    Examples
    --------
    >>> nps_from_counts(30, 40, 30)
    0.0
    >>> nps_from_counts(60, 80, 60).passives
    0.4
    """
    p = v.integer("promoters", promoters, low=0)
    pa = v.integer("passives", passives, low=0)
    d = v.integer("detractors", detractors, low=0)
    if p + pa + d == 0:
        raise ValueError("promoters + passives + detractors must be > 0, got no respondents")
    return NPSScore(p, pa, d)


# ---------------------------------------------------------------- measuring a CSI

def likert_encode(answers: Any, *, points: int = 5, reverse: bool = False) -> np.ndarray:
    """Turn Likert answers (labels in English or Chinese, codes, or scores) into scores.

    Parameters
    ----------
    answers : str or sequence
        Labels from :data:`LIKERT_5` / :data:`LIKERT_7` ("很满意", "Satisfied", "neutral"...) or
        scores 1...``points``.
    points : {5, 7}
        The scale length.
    reverse : bool
        Reverse-code (score -> points + 1 - score) for negatively worded items.

    Examples
    --------
    >>> likert_encode(["很满意", "Satisfied", "neutral", 2]).tolist()
    [5, 4, 3, 2]
    >>> likert_encode(["很满意"], reverse=True).tolist()
    [1]
    """
    points = v.one_of("points", points, (5, 7))
    scale = LIKERT_5 if points == 5 else LIKERT_7
    values = {t.code: s for t, s in scale}
    items = [answers] if isinstance(answers, (str, numbers.Real)) else list(answers)
    out = []
    for a in items:
        if isinstance(a, numbers.Real) and not isinstance(a, bool):
            s = v.integer("answers", a)
            if not 1 <= s <= points:
                raise ValueError(f"answers must be scores from 1 to {points}, got {a!r}")
        else:
            s = values[find_term([t for t, _ in scale], a, name="answers").code]
        out.append(points + 1 - s if reverse else s)
    return np.array(out, dtype=int)


def _weights_vector(name: str, weights: Any, n: int | None = None) -> np.ndarray:
    w = v.array_1d(name, list(weights.values()) if isinstance(weights, Mapping) else weights)
    if n is not None and len(w) != n:
        raise ValueError(f"{name} must have one weight per score ({n}), got {len(w)}")
    if (w < 0).any():
        raise ValueError(f"{name} must not be negative, got {w.tolist()}")
    total = float(w.sum())
    if abs(total - 1) > 1e-6:
        extra = " (percentages? divide by 100)" if abs(total - 100) < 1e-4 else ""
        raise ValueError(f"{name} must sum to 1, got {total:g}{extra}")
    return w


@dataclass(frozen=True)
class CSIScore:
    """A weighted CSI on the original scale (``raw``) and rescaled to 0-100 (``index``)."""

    raw: float
    index: float
    points: int

    def __repr__(self) -> str:
        return f"CSIScore(raw={self.raw:.4g}, index={self.index:.4g}/100 on a {self.points}-point scale)"


def csi_score(scores: Any, weights: Any, *, points: int = 5) -> CSIScore:
    """Weighted customer satisfaction index: CSI = sum(w_i * s_i), and its 0-100 rescale.

    ``index = (CSI - 1) / (points - 1) * 100`` for a 1...``points`` scale.

    Examples
    --------
    >>> csi_score([4.2, 3.8, 4.5], [0.5, 0.3, 0.2])
    CSIScore(raw=4.14, index=78.5/100 on a 5-point scale)
    >>> csi_score([4, 4], [0.5, 0.6])
    Traceback (most recent call last):
    ...
    ValueError: weights must sum to 1, got 1.1
    """
    points = v.integer("points", points, low=2)
    s = v.array_1d("scores", list(scores.values()) if isinstance(scores, Mapping) else scores)
    if ((s < 1) | (s > points)).any():
        raise ValueError(f"scores must lie on the 1-{points} scale, got {s.tolist()}")
    w = _weights_vector("weights", weights, len(s))
    raw = float(s @ w)
    return CSIScore(round(raw, 12), round((raw - 1) / (points - 1) * 100, 10), points)


def _labelled_matrix(name: str, matrix: Any) -> pd.DataFrame:
    """A numeric, non-negative DataFrame from a DataFrame, a dict of rows or a 2-D array."""
    if isinstance(matrix, pd.DataFrame):
        df = matrix.copy()
    elif isinstance(matrix, Mapping):
        df = pd.DataFrame({k: dict(row) for k, row in matrix.items()}).T
    else:
        df = pd.DataFrame(matrix)
    if df.empty:
        raise ValueError(f"{name} must not be empty")
    try:
        df = df.astype(float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must contain numbers only") from None
    if df.isna().any().any():
        raise ValueError(f"{name} must not contain missing values")
    if (df.to_numpy() < 0).any():
        raise ValueError(f"{name} must not contain negative numbers")
    return df


def expert_weights(matrix: Any, *, authority: Any = None) -> pd.Series:
    """Subjective (expert) weights (主观赋权法): the (authority-weighted) mean of experts' weights.

    Parameters
    ----------
    matrix : 2-D array, DataFrame or dict
        One row per expert, one column per indicator (percentages or fractions).
    authority : sequence, optional
        Each expert's authority weight (need not sum to 1); equal by default.

    Returns
    -------
    pandas.Series
        Final weights, normalised to sum to 1, indexed by indicator.

    Examples
    --------
    >>> experts = {"E1": {"A": 50, "B": 30, "C": 20}, "E2": {"A": 60, "B": 20, "C": 20},
    ...            "E3": {"A": 40, "B": 40, "C": 20}}
    >>> expert_weights(experts).round(3).to_dict()
    {'A': 0.5, 'B': 0.3, 'C': 0.2}
    >>> expert_weights(experts, authority=[1, 2, 1]).round(3).to_dict()
    {'A': 0.525, 'B': 0.275, 'C': 0.2}
    """
    df = _labelled_matrix("matrix", matrix)
    if authority is None:
        a = np.ones(len(df))
    else:
        a = v.array_1d("authority", authority)
        if len(a) != len(df) or (a < 0).any() or a.sum() == 0:
            raise ValueError(f"authority must give one non-negative weight per expert ({len(df)}), "
                             f"got {a.tolist()}")
    mean = (df.to_numpy() * a[:, None]).sum(axis=0) / a.sum()
    if mean.sum() == 0:
        raise ValueError("matrix must give some indicator a positive weight")
    return pd.Series(mean / mean.sum(), index=df.columns, name="weight")


def direct_comparison_weights(multiples: Any) -> pd.Series:
    """Direct-comparison weights (直接比较法): w_i = multiple_i / sum of multiples.

    ``multiples`` gives each indicator's importance as a multiple of the least important one
    (the base, 1). A dict keeps the indicator names.

    Examples
    --------
    >>> direct_comparison_weights({"A": 2.5, "B": 1.5, "C": 1}).round(3).to_dict()
    {'A': 0.5, 'B': 0.3, 'C': 0.2}
    """
    names = list(multiples) if isinstance(multiples, Mapping) else None
    m = v.array_1d("multiples", list(multiples.values()) if names else multiples)
    if (m <= 0).any():
        raise ValueError(f"multiples must all be > 0, got {m.tolist()}")
    return pd.Series(m / m.sum(), index=names, name="weight")


@dataclass(frozen=True)
class PairedComparison:
    """Paired-comparison scores per indicator and the weights they give."""

    scores: pd.Series
    weights: pd.Series
    plus_one: bool


def paired_comparison_weights(prefs: Mapping[tuple[str, str], str], *, plus_one: bool = True) -> PairedComparison:
    """Paired-comparison weights (对偶比较法).

    Parameters
    ----------
    prefs : dict
        ``{(a, b): winner}`` for every pair of indicators exactly once; ``winner`` is ``a``,
        ``b`` or ``"="`` for equally important. The winner scores 1 and the other 0 (0.5 each
        when equal).
    plus_one : bool
        Add 1 to every score so that no indicator gets weight 0.

    Returns
    -------
    PairedComparison
        ``scores`` and ``weights = scores / sum(scores)``, indexed by indicator.

    Examples
    --------
    >>> prefs = {("A", "B"): "A", ("A", "C"): "A", ("B", "C"): "B"}
    >>> paired_comparison_weights(prefs, plus_one=False).weights.round(3).tolist()
    [0.667, 0.333, 0.0]
    >>> paired_comparison_weights(prefs).weights.round(3).tolist()
    [0.5, 0.333, 0.167]
    """
    if not isinstance(prefs, Mapping) or not prefs:
        raise TypeError(f"prefs must be a non-empty dict {{(a, b): winner}}, got {prefs!r}")
    items: list[str] = []
    for pair in prefs:
        if not (isinstance(pair, tuple) and len(pair) == 2 and pair[0] != pair[1]):
            raise ValueError(f"prefs keys must be pairs of two different indicators, got {pair!r}")
        items += [p for p in pair if p not in items]
    scores = dict.fromkeys(items, 0.0)
    seen = set()
    for (a, b), winner in prefs.items():
        key = frozenset((a, b))
        if key in seen:
            raise ValueError(f"pair {(a, b)!r} is compared twice")
        seen.add(key)
        if winner == "=":
            scores[a] += 0.5
            scores[b] += 0.5
        elif winner in (a, b):
            scores[winner] += 1
        else:
            raise ValueError(f"the winner of {(a, b)!r} must be {a!r}, {b!r} or '=', got {winner!r}")
    n = len(items)
    if len(seen) != n * (n - 1) // 2:
        raise ValueError(f"prefs must compare every pair of the {n} indicators once "
                         f"({n * (n - 1) // 2} pairs), got {len(seen)}")
    s = pd.Series(scores, name="score") + (1 if plus_one else 0)
    return PairedComparison(s, (s / s.sum()).rename("weight"), bool(plus_one))


def delphi_summary(rounds: Any, *, ddof: int = 1, cv_max: float = 0.25) -> pd.DataFrame:
    """Summarise Delphi rounds (德尔菲法): per round and indicator, centre, spread and convergence.

    Parameters
    ----------
    rounds : matrix or list of matrices
        Each round is experts x indicators (DataFrame, dict or 2-D array).
    ddof : {0, 1}
        Standard deviation with ``n - ddof`` in the denominator (1 = sample, 0 = population).
    cv_max : float
        An indicator has converged when its coefficient of variation (sd / mean) is at most
        ``cv_max`` (a rule of thumb; 0.25 by default).

    Examples
    --------
    >>> t = delphi_summary([[50, 30, 20], [60, 20, 20], [40, 40, 20]])
    >>> t["mean"].tolist(), t["sd"].tolist(), t["converged"].tolist()
    ([50.0, 30.0, 20.0], [10.0, 10.0, 0.0], [True, False, True])
    """
    ddof = v.one_of("ddof", ddof, (0, 1))
    cv_max = v.number("cv_max", cv_max, low=0)
    if isinstance(rounds, (pd.DataFrame, Mapping)) or np.ndim(rounds) == 2:
        rounds = [rounds]
    rows = []
    for r, m in enumerate(rounds, start=1):
        df = _labelled_matrix(f"rounds[{r - 1}]", m)
        if len(df) < 1 + ddof:
            raise ValueError(f"round {r} needs at least {1 + ddof} experts for ddof={ddof}, got {len(df)}")
        for col in df.columns:
            x = df[col].to_numpy()
            mean, sd = float(x.mean()), float(x.std(ddof=ddof))
            cv = sd / mean if mean > 0 else (0.0 if sd == 0 else float("inf"))
            rows.append((r, col, mean, float(np.median(x)), sd, cv, bool(cv <= cv_max)))
    return pd.DataFrame(rows, columns=["round", "indicator", "mean", "median", "sd", "cv", "converged"])


# ---------------------------------------------------------------- hierarchy, loyalty scorecard, points

@dataclass(frozen=True)
class Rollup:
    """A rolled-up indicator hierarchy: the overall ``score`` and one row per node in ``table``."""

    score: float
    table: pd.DataFrame = field(repr=False)


def csi_rollup(tree: Mapping[str, Any]) -> Rollup:
    """Roll question scores up the four-level indicator hierarchy (测评指标体系).

    Parameters
    ----------
    tree : dict
        ``{name: (weight, subtree_or_score)}`` at every level: a subtree is another such dict,
        a leaf is a question's mean score. Weights at each level must sum to 1.

    Returns
    -------
    Rollup
        ``score`` (the level-1 index) and ``table`` with each node's level, path, weight,
        global weight (product of weights down the path) and score.

    Examples
    --------
    >>> tree = {"quality": (0.6, {"reliability": (0.5, 4.0), "design": (0.5, 3.0)}),
    ...         "value": (0.4, {"price fairness": (1.0, 4.5)})}
    >>> r = csi_rollup(tree)
    >>> round(r.score, 3), r.table["score"].round(2).tolist()
    (3.9, [3.5, 4.0, 3.0, 4.5, 4.5])
    """
    rows: list[tuple] = []

    def walk(node: Mapping[str, Any], level: int, path: str, global_w: float) -> float:
        if not isinstance(node, Mapping) or not node:
            raise TypeError(f"tree{path or ''} must be a non-empty dict {{name: (weight, subtree or score)}}")
        pairs = {}
        for name, item in node.items():
            if not (isinstance(item, tuple) and len(item) == 2):
                raise TypeError(f"tree node {path + '/' + str(name)!r} must be a (weight, subtree or score) pair, "
                                f"got {item!r}")
            pairs[name] = item
        _weights_vector(f"weights under {path or 'the index'!r}", [w for w, _ in pairs.values()])
        total = 0.0
        for name, (w, sub) in pairs.items():
            here = f"{path}/{name}"
            start = len(rows)
            rows.append(None)
            score = walk(sub, level + 1, here, global_w * w) if isinstance(sub, Mapping) else \
                v.number(f"score of {here!r}", sub)
            rows[start] = (level, here.lstrip("/"), str(name), float(w), global_w * float(w), score)
            total += float(w) * score
        return total

    score = walk(tree, 2, "", 1.0)
    table = pd.DataFrame(rows, columns=["level", "path", "node", "weight", "global_weight", "score"])
    return Rollup(score, table)


def loyalty_scorecard(data: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Loyalty-measure scorecard (客户忠诚的衡量指标): 0-1 sub-scores and a 0-100 composite.

    Each column named after a measure code of :data:`LOYALTY_MEASURES` is min-max normalised over
    the rows (reversed for price sensitivity and selection time, where lower means more loyal);
    the composite is the weighted mean of the sub-scores times 100.

    Parameters
    ----------
    data : DataFrame
        One row per customer; columns among ``repeat_purchases``, ``spending_share``,
        ``price_sensitivity``, ``selection_time``, ``competitor_attitude``,
        ``quality_tolerance``, ``nps``.
    weights : dict, optional
        Measure -> weight (summing to 1); equal weights by default.

    Examples
    --------
    >>> df = pd.DataFrame({"repeat_purchases": [12, 2, 6], "price_sensitivity": [1, 5, 3]},
    ...                   index=["Li", "Wang", "Zhang"])
    >>> loyalty_scorecard(df)["loyalty_index"].tolist()
    [100.0, 0.0, 45.0]
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    known = {t.code: inverse for t, inverse in LOYALTY_MEASURES}
    cols = [c for c in data.columns if c in known]
    if not cols:
        raise ValueError(f"data must have at least one loyalty-measure column ({', '.join(known)})")
    if weights is None:
        w = pd.Series(1 / len(cols), index=cols)
    else:
        unknown = [k for k in weights if k not in cols]
        if unknown:
            raise ValueError(f"weights name measures not in data: {', '.join(map(str, unknown))}")
        w = pd.Series({c: float(weights.get(c, 0.0)) for c in cols})
        _weights_vector("weights", w.to_numpy())
    x = data[cols].astype(float)
    if x.isna().any().any():
        raise ValueError("data must not contain missing values in the loyalty-measure columns")
    span = (x.max() - x.min()).replace(0, np.nan)
    sub = ((x - x.min()) / span).fillna(0.5)
    for c in cols:
        if known[c]:
            sub[c] = 1 - sub[c]
    out = sub.add_suffix("_score")
    out["loyalty_index"] = (sub @ w * 100).round(10)
    return out


def points_simulator(amounts: Any, *, points_per_yuan: float = 1.0,
                     tiers: Mapping[str, float] | None = None,
                     multipliers: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Simulate a points-and-tiers loyalty programme over one member's purchases.

    Points earned = amount × ``points_per_yuan`` × the multiplier of the member's tier at the
    time of purchase; the tier is the highest one whose threshold the cumulative points reach.

    Parameters
    ----------
    amounts : sequence of float
        Purchase amounts in yuan, in time order.
    points_per_yuan : float
        Base earning rate.
    tiers : dict
        Tier name -> cumulative-points threshold; default {"member": 0, "silver": 500, "gold": 2000}.
    multipliers : dict, optional
        Tier name -> earning multiplier (1 for tiers not listed).

    Examples
    --------
    >>> t = points_simulator([300, 300, 1000], tiers={"member": 0, "silver": 500},
    ...                      multipliers={"silver": 1.5})
    >>> t[["points", "cumulative", "tier"]].values.tolist()
    [[300.0, 300.0, 'member'], [300.0, 600.0, 'silver'], [1500.0, 2100.0, 'silver']]
    """
    a = v.array_1d("amounts", amounts)
    if (a < 0).any():
        raise ValueError(f"amounts must not be negative, got {a[a < 0][0]:g}")
    rate = v.number("points_per_yuan", points_per_yuan, low=0)
    tiers = dict(tiers or {"member": 0, "silver": 500, "gold": 2000})
    if not tiers or min(tiers.values()) != 0:
        raise ValueError(f"tiers must include a starting tier with threshold 0, got {tiers!r}")
    multipliers = dict(multipliers or {})
    unknown = [k for k in multipliers if k not in tiers]
    if unknown:
        raise ValueError(f"multipliers name unknown tiers: {', '.join(unknown)}")
    order = sorted(tiers.items(), key=lambda kv: kv[1])
    rows, cum = [], 0.0
    tier = order[0][0]
    for i, amount in enumerate(a, start=1):
        earned = float(amount) * rate * float(multipliers.get(tier, 1.0))
        cum += earned
        tier = [name for name, threshold in order if cum >= threshold][-1]
        rows.append((i, float(amount), earned, cum, tier))
    return pd.DataFrame(rows, columns=["purchase", "amount", "points", "cumulative", "tier"])


# ---------------------------------------------------------------- AHP

@dataclass(frozen=True)
class AHPResult:
    """AHP priorities and consistency: weights, lambda_max, CI, RI and CR."""

    weights: pd.Series
    lambda_max: float
    ci: float
    ri: float
    cr: float

    @property
    def consistent(self) -> bool:
        """True when CR < 0.1 (Saaty's rule), or when n <= 2 (always consistent)."""
        return self.cr < 0.1

    def __repr__(self) -> str:
        w = ", ".join(f"{k}={x:.3f}" for k, x in self.weights.items())
        return (f"AHPResult(weights: {w}; lambda_max={self.lambda_max:.4f}, CI={self.ci:.4f}, "
                f"CR={self.cr:.4f})")


def ahp_matrix(judgments: Mapping[tuple[str, str], float], items: Sequence[str] | None = None) -> pd.DataFrame:
    """Build a reciprocal pairwise-comparison matrix from ``{(a, b): how much more important a is}``.

    Saaty's 1-9 scale: 1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme; a value below
    1 means ``b`` is more important. Missing pairs are an error.

    Examples
    --------
    >>> ahp_matrix({("price", "service"): 3}).round(3).to_dict()
    {'price': {'price': 1.0, 'service': 0.333}, 'service': {'price': 3.0, 'service': 1.0}}
    """
    if not isinstance(judgments, Mapping) or not judgments:
        raise TypeError(f"judgments must be a non-empty dict {{(a, b): value}}, got {judgments!r}")
    if items is None:
        items = []
        for pair in judgments:
            items += [p for p in pair if p not in items]
    items = list(items)
    pos = {k: i for i, k in enumerate(items)}
    a = np.eye(len(items))
    filled = np.eye(len(items), dtype=bool)
    for (x, y), val in judgments.items():
        if x not in pos or y not in pos or x == y:
            raise ValueError(f"judgment keys must be pairs of two of {items}, got {(x, y)!r}")
        val = v.number(f"judgment {(x, y)!r}", val, low=0, low_open=True)
        a[pos[x], pos[y]], a[pos[y], pos[x]] = val, 1 / val
        filled[pos[x], pos[y]] = filled[pos[y], pos[x]] = True
    if not filled.all():
        i, j = np.argwhere(~filled)[0]
        raise ValueError(f"judgments must compare every pair; missing {(items[i], items[j])!r}")
    return pd.DataFrame(a, index=items, columns=items)


def ahp_weights(matrix: Any, *, ri: str | float = "saaty") -> AHPResult:
    """AHP (层次分析法) priorities by the principal eigenvector, with Saaty's consistency ratio.

    Parameters
    ----------
    matrix : square array or DataFrame
        Positive reciprocal pairwise-comparison matrix: ``a[i, j]`` says how much more important
        item i is than item j, and ``a[j, i] = 1 / a[i, j]``.
    ri : "saaty" or float
        Random index: Saaty's table (:data:`SAATY_RI`, n <= 10) or your own value.

    Returns
    -------
    AHPResult
        ``weights`` (sum 1), ``lambda_max``, ``ci = (lambda_max - n) / (n - 1)``, ``ri`` and
        ``cr = ci / ri`` (0 when n <= 2). CR < 0.1 is acceptable.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> r = ahp_weights([[1, 2, 4], [1/2, 1, 2], [1/4, 1/2, 1]])
    >>> r.weights.round(4).tolist(), round(r.cr, 6)
    ([0.5714, 0.2857, 0.1429], 0.0)
    >>> ahp_weights([[1, 2], [2, 1]])
    Traceback (most recent call last):
    ...
    ValueError: matrix must be reciprocal (a[j, i] = 1 / a[i, j]); a[0, 1] = 2 but a[1, 0] = 2
    """
    labels = list(matrix.index) if isinstance(matrix, pd.DataFrame) else None
    try:
        a = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError):
        raise TypeError("matrix must be a square table of positive numbers") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ValueError(f"matrix must be square (n x n), got shape {a.shape}")
    n = a.shape[0]
    if np.isnan(a).any() or (a <= 0).any():
        raise ValueError("matrix must contain positive numbers only (Saaty's 1/9 ... 9 scale)")
    bad = np.argwhere(np.abs(a * a.T - 1) > 1e-2)
    if bad.size:
        i, j = bad[0]
        raise ValueError(f"matrix must be reciprocal (a[j, i] = 1 / a[i, j]); "
                         f"a[{i}, {j}] = {a[i, j]:g} but a[{j}, {i}] = {a[j, i]:g}")
    if isinstance(ri, str):
        v.one_of("ri", ri, ("saaty",))
        if n not in SAATY_RI:
            raise ValueError(f"Saaty's random index covers n <= 10, got n = {n}; pass ri=<number>")
        ri_value = SAATY_RI[n]
    else:
        ri_value = v.number("ri", ri, low=0)
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    w = np.abs(vecs[:, k].real)
    w = w / w.sum()
    lam = float(vals[k].real)
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ci = max(ci, 0.0) if abs(ci) < 1e-12 else ci
    cr = ci / ri_value if ri_value > 0 else 0.0
    return AHPResult(pd.Series(w, index=labels, name="weight"), lam, ci, ri_value, cr)


# ---------------------------------------------------------------- Kano

def _kano_code(answer: Any, name: str) -> str:
    return find_term(KANO_ANSWERS, answer, name=name).code


def kano_category(functional: str, dysfunctional: str) -> str:
    """Kano category of one answer pair from the Kano evaluation table (Berger et al. 1993).

    Parameters
    ----------
    functional, dysfunctional : str
        Answers to "how do you feel if the feature is present / absent?": like, must-be,
        neutral, live-with, dislike (or their Chinese forms 喜欢, 理所当然, 无所谓, 能忍受, 不喜欢).

    Returns
    -------
    str
        "A" attractive, "O" one-dimensional, "M" must-be, "I" indifferent, "R" reverse or
        "Q" questionable (see :data:`KANO_CATEGORIES`).

    Examples
    --------
    >>> kano_category("like", "neutral"), kano_category("无所谓", "不喜欢")
    ('A', 'M')
    >>> kano_category("love", "dislike")
    Traceback (most recent call last):
    ...
    ValueError: functional must be one of like, must-be, neutral, live-with, dislike (or their English/Chinese labels); got 'love'
    """
    return KANO_TABLE[(_kano_code(functional, "functional"), _kano_code(dysfunctional, "dysfunctional"))]


def _kano_codes(values: Iterable[Any], name: str) -> np.ndarray:
    """Answer codes for many answers at once (codes, English or Chinese labels)."""
    lookup = {}
    for t in KANO_ANSWERS:
        lookup.update({t.code: t.code, t.zh: t.code, t.en.lower(): t.code})
    texts = [str(x).strip() for x in values]
    codes = [lookup.get(t, lookup.get(t.lower())) for t in texts]
    for text, code in zip(texts, codes):
        if code is None:
            _kano_code(text, name)  # raises the standard "must be one of" message
    return np.array(codes, dtype=object)


def kano_summary(pairs: Any) -> pd.DataFrame:
    """Tally Kano categories per attribute, pick the category by mode, and Berger's coefficients.

    Parameters
    ----------
    pairs : DataFrame or dict
        Either a survey table with columns ``kano_<attribute>_functional`` and
        ``kano_<attribute>_dysfunctional`` (as in ``load_survey()``), or a dict
        ``{attribute: list of (functional, dysfunctional) pairs}``.

    Returns
    -------
    pandas.DataFrame
        Indexed by attribute: counts of A, O, M, I, R, Q, ``n``, ``category`` (the most frequent;
        ties broken in the order M > O > A > I > R > Q), ``better = (A + O) / (A + O + M + I)`` and
        ``worse = -(O + M) / (A + O + M + I)`` (Berger et al. 1993).

    Examples
    --------
    >>> t = kano_summary({"speed": [("like", "dislike")] * 3 + [("like", "neutral")]})
    >>> row = t.loc["speed"]
    >>> int(row["O"]), int(row["A"]), row["category"], float(row["better"]), float(row["worse"])
    (3, 1, 'O', 1.0, -0.75)
    """
    if isinstance(pairs, pd.DataFrame):
        attrs = [c[len("kano_"):-len("_functional")] for c in pairs.columns
                 if c.startswith("kano_") and c.endswith("_functional")]
        if not attrs:
            raise ValueError("pairs has no kano_<attribute>_functional columns")
        _require_columns(pairs, [f"kano_{a}_dysfunctional" for a in attrs], "pairs")
        data = {a: (pairs[f"kano_{a}_functional"], pairs[f"kano_{a}_dysfunctional"]) for a in attrs}
    elif isinstance(pairs, Mapping):
        data = {}
        for a, lst in pairs.items():
            lst = list(lst)
            if not lst or any(not (isinstance(p, (tuple, list)) and len(p) == 2) for p in lst):
                raise ValueError(f"pairs[{a!r}] must be a non-empty list of (functional, dysfunctional) pairs")
            data[a] = ([p[0] for p in lst], [p[1] for p in lst])
    else:
        raise TypeError(f"pairs must be a DataFrame or a dict of answer pairs, got {type(pairs).__name__}")
    table = pd.Series(KANO_TABLE)
    cats = list(KANO_CATEGORIES)
    rows = {}
    for a, (f, d) in data.items():
        fc, dc = _kano_codes(f, "functional"), _kano_codes(d, "dysfunctional")
        got = table.reindex(pd.MultiIndex.from_arrays([fc, dc])).to_numpy()
        counts = {c: int((got == c).sum()) for c in cats}
        order = ["M", "O", "A", "I", "R", "Q"]
        best = max(order, key=lambda c: (counts[c], -order.index(c)))
        base = counts["A"] + counts["O"] + counts["M"] + counts["I"]
        better = (counts["A"] + counts["O"]) / base if base else 0.0
        worse = -(counts["O"] + counts["M"]) / base if base else 0.0
        rows[a] = {**counts, "n": len(fc), "category": best, "better": better, "worse": worse}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "attribute"
    return out


# ---------------------------------------------------------------- PLS path modelling

@dataclass(frozen=True)
class PLSResult:
    """A fitted PLS path model.

    ``paths`` maps (source, target) to the standardised path coefficient, ``r2`` maps each
    endogenous construct to its R², ``loadings`` and ``weights`` are Series indexed by
    indicator, ``scores`` holds the standardised construct scores.
    """

    paths: dict[tuple[str, str], float]
    r2: dict[str, float]
    loadings: pd.Series = field(repr=False)
    weights: pd.Series = field(repr=False)
    scores: pd.DataFrame = field(repr=False)
    iterations: int = 0
    converged: bool = True

    def paths_table(self, truth: Mapping | None = None) -> pd.DataFrame:
        """The path coefficients as a table (with the true values and the error when given)."""
        df = pd.DataFrame([(s, t, b) for (s, t), b in self.paths.items()],
                          columns=["source", "target", "estimate"])
        if truth is not None:
            tv = {(k if isinstance(k, tuple) else tuple(k.split("->"))): x for k, x in truth.items()}
            df["truth"] = [tv.get((s, t), np.nan) for s, t in zip(df.source, df.target)]
            df["error"] = df["estimate"] - df["truth"]
        return df

    def __repr__(self) -> str:
        p = ", ".join(f"{s}->{t}={b:.3f}" for (s, t), b in self.paths.items())
        return f"PLSResult({len(self.paths)} paths: {p}; {self.iterations} iterations)"


def _require_columns(data: pd.DataFrame, cols: Iterable[str], name: str) -> None:
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise ValueError(f"{name} is missing the column(s) {', '.join(map(repr, missing))}")


def _standardise(x: np.ndarray) -> np.ndarray:
    sd = x.std(axis=0, ddof=1)
    return (x - x.mean(axis=0)) / sd


def pls_sem(data: pd.DataFrame, measurement: Mapping[str, Sequence[str]],
            structure: Sequence[tuple[str, str]] | CSIModel, *, scheme: str = "path",
            consistent: bool = False, max_iter: int = 300, tol: float = 1e-7) -> PLSResult:
    """PLS path modelling (Wold's PLS algorithm, Lohmöller 1989) with mode A outer estimation.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; indicators are standardised column by column.
    measurement : dict
        Construct -> its indicator columns (reflective, mode A).
    structure : list of (source, target) or CSIModel
        The structural paths (must form an acyclic graph).
    scheme : {"path", "centroid", "factor"}
        Inner weighting scheme; "path" (path weighting) is the default of SmartPLS and seminr.
    consistent : bool
        Apply consistent PLS (PLSc; Dijkstra & Henseler 2015): divide construct correlations by
        the square roots of the reliabilities rho_A before estimating paths and loadings, which
        removes the downward bias plain PLS has for reflective constructs.
    max_iter, tol : int, float
        Stop when the sum of squared changes in the outer weights is below ``tol``.

    Returns
    -------
    PLSResult

    References
    ----------
    Wold, H. (1982). Soft modelling. Lohmöller, J.-B. (1989). *Latent Variable Path Modeling
    with Partial Least Squares*. Tenenhaus et al. (2005), PLS path modeling, CSDA 48.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=2000); y = 0.6 * x + rng.normal(scale=0.8, size=2000)
    >>> df = pd.DataFrame({f"x{i}": x + rng.normal(scale=0.3, size=2000) for i in (1, 2, 3)}
    ...                   | {f"y{i}": y + rng.normal(scale=0.3, size=2000) for i in (1, 2, 3)})
    >>> r = pls_sem(df, {"X": ["x1", "x2", "x3"], "Y": ["y1", "y2", "y3"]}, [("X", "Y")])
    >>> round(r.paths[("X", "Y")], 2)
    0.58
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    v.one_of("scheme", scheme, ("path", "centroid", "factor"))
    max_iter = v.integer("max_iter", max_iter, low=1)
    edges = list(structure.paths if isinstance(structure, CSIModel) else structure)
    if not isinstance(measurement, Mapping) or not measurement:
        raise TypeError("measurement must be a non-empty dict: construct -> list of indicator columns")
    constructs = list(measurement)
    for e in edges:
        if not (isinstance(e, tuple) and len(e) == 2):
            raise ValueError(f"structure must list (source, target) pairs, got {e!r}")
        for c in e:
            if c not in measurement:
                raise ValueError(f"construct {c!r} in structure has no indicators in measurement")
    cols = [c for k in constructs for c in measurement[k]]
    if len(set(cols)) != len(cols):
        raise ValueError("each indicator column may belong to one construct only")
    _require_columns(data, cols, "data")
    x = data[cols].to_numpy(dtype=float)
    if np.isnan(x).any():
        raise ValueError("data has missing values in the indicator columns; drop or impute them first")
    if (x.std(axis=0, ddof=1) == 0).any():
        const = [c for c, s in zip(cols, x.std(axis=0, ddof=1)) if s == 0]
        raise ValueError(f"indicator column(s) {const} do not vary; remove them")
    n, k = len(x), len(constructs)
    xs = _standardise(x)
    block = np.zeros((len(cols), k))
    j = 0
    for ci, c in enumerate(constructs):
        m = len(measurement[c])
        block[j:j + m, ci] = 1.0
        j += m
    pos = {c: i for i, c in enumerate(constructs)}
    adj = np.zeros((k, k))  # adj[i, j] = 1 for a path i -> j
    for s, t in edges:
        adj[pos[s], pos[t]] = 1
    _check_acyclic(adj, constructs)

    w = block.copy()
    converged, it = False, 0
    for it in range(1, max_iter + 1):
        y = _standardise(xs @ w)
        r = np.corrcoef(y, rowvar=False).reshape(k, k)
        e = np.zeros((k, k))
        connected = (adj + adj.T) > 0
        if scheme == "centroid":
            e = np.sign(r) * connected
        elif scheme == "factor":
            e = r * connected
        else:
            for jj in range(k):
                succ = np.flatnonzero(adj[jj])
                e[succ, jj] = r[jj, succ]
                pred = np.flatnonzero(adj[:, jj])
                if pred.size:
                    e[pred, jj] = np.linalg.lstsq(y[:, pred], y[:, jj], rcond=None)[0]
        z = y @ e
        w_new = block * (xs.T @ z) / (n - 1)  # mode A: covariance of each indicator with its inner proxy
        scale = (xs @ w_new).std(axis=0, ddof=1)
        w_new = w_new / scale
        delta = float(((w_new - w) ** 2).sum())
        w = w_new
        if delta < tol:
            converged = True
            break
    y = _standardise(xs @ w)
    scores = pd.DataFrame(y, columns=constructs, index=data.index)
    rcon = np.corrcoef(y, rowvar=False).reshape(k, k)
    owner = block.argmax(axis=1)
    loading = np.array([np.corrcoef(xs[:, i], y[:, owner[i]])[0, 1] for i in range(len(cols))])
    if consistent:
        s_ind = np.corrcoef(xs, rowvar=False).reshape(len(cols), len(cols))
        rho = np.ones(k)
        for ci in range(k):
            idx = np.flatnonzero(block[:, ci])
            if idx.size < 2:
                continue
            wk = w[idx, ci]
            sk = s_ind[np.ix_(idx, idx)]
            ww = np.outer(wk, wk)
            c2 = (wk @ (sk - np.diag(np.diag(sk))) @ wk) / (wk @ (ww - np.diag(np.diag(ww))) @ wk)
            rho[ci] = (wk @ wk) ** 2 * c2
            loading[idx] = np.sqrt(c2) * wk
        rcon = rcon / np.sqrt(np.outer(rho, rho))
        np.fill_diagonal(rcon, 1.0)
    paths: dict[tuple[str, str], float] = {}
    r2: dict[str, float] = {}
    for t in constructs:
        pred = np.flatnonzero(adj[:, pos[t]])
        if not pred.size:
            continue
        beta = np.linalg.solve(rcon[np.ix_(pred, pred)], rcon[pred, pos[t]])
        for p_, b in zip(pred, beta):
            paths[(constructs[p_], t)] = float(b)
        r2[t] = float(beta @ rcon[pred, pos[t]])
    paths = {e_: paths[e_] for e_ in edges}
    loadings = pd.Series(loading, index=cols, name="loading")
    weights = pd.Series(w.sum(axis=1), index=cols, name="weight")
    return PLSResult(paths, r2, loadings, weights, scores, it, converged)


def _check_acyclic(adj: np.ndarray, names: list[str]) -> None:
    remaining = set(range(len(names)))
    while remaining:
        roots = [i for i in remaining if not any(adj[j, i] for j in remaining)]
        if not roots:
            raise ValueError(f"structure must not contain cycles; check paths among {sorted(names[i] for i in remaining)}")
        remaining -= set(roots)
