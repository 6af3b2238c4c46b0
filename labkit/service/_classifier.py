"""A keyword baseline for complaint types and causes (投诉分类), and its evaluation."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from labkit.curriculum import COMPLAINT_CAUSES, COMPLAINT_TYPES
from labkit.labels import Term
from labkit._validate import names
from labkit.errors import bilingual

__all__ = ['COMPLAINT_KEYWORDS', 'classify_complaint', 'classify_complaints', 'evaluate_classifier', 'ClassifierReport', 'CAUSE_KEYWORDS', 'tag_cause']


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
        raise TypeError(bilingual("texts must be a list or Series of strings; for one text use classify_complaint(text)"))
    if not isinstance(texts, pd.Series):
        texts = names("texts", texts, allow_empty=True, kind="texts")
    s = pd.Series(list(texts) if not isinstance(texts, pd.Series) else texts, dtype=object)
    bad = s[~s.map(lambda v: isinstance(v, str))]
    if len(bad):
        raise TypeError(bilingual(f"texts must all be strings; got {bad.iloc[0]!r} at position {bad.index[0]}"))
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
        raise TypeError(bilingual(f"text must be a string, got {type(text).__name__} {text!r}"))
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
    a = pd.Series(names("actual", actual, allow_empty=True, kind="labels"), dtype=object)
    p = pd.Series(names("predicted", predicted, allow_empty=True, kind="labels"), dtype=object)
    if len(a) != len(p):
        raise ValueError(bilingual(f"actual and predicted must have the same length, got {len(a)} and {len(p)}"))
    if a.empty:
        raise ValueError(bilingual("actual is empty; nothing to evaluate"))
    codes = [t.code for t in labels]
    for name, s in (("actual", a), ("predicted", p)):
        unknown = sorted(set(s) - set(codes), key=str)
        if unknown:
            raise ValueError(bilingual(f"{name} contains unknown label(s) {unknown}; allowed: {', '.join(codes)}"))
    conf = pd.crosstab(pd.Categorical(a, codes), pd.Categorical(p, codes), dropna=False)
    conf.index.name, conf.columns.name = "actual", "predicted"
    diag = pd.Series(np.diag(conf.to_numpy()), index=codes)
    recall = (diag / conf.sum(axis=1).replace(0, np.nan)).rename("recall")
    return ClassifierReport(len(a), float((a == p).mean()), conf, recall)
