"""Bilingual labels: every user-facing word labkit shows has an English and a Chinese form.

A :class:`Term` carries a stable ``code`` (used in data and code), an English label and a
Chinese label. Tables of terms live in the module of the concept they belong to
(:mod:`labkit.curriculum` for lists taken from the course); :data:`LABELS` holds the
cross-cutting words (axis titles, column names) that plots and widgets share.

Examples
--------
>>> from labkit.labels import label, set_language
>>> set_language("zh")
>>> label("customers")
'客户数'
>>> set_language("en")
>>> label("customers")
'Customers'
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from labkit._validate import one_of
from labkit.errors import bilingual

__all__ = ["Term", "LABELS", "label", "set_language", "get_language", "terms_table", "find_term"]

LANGUAGES = ("en", "zh")
_state = {"lang": "en"}


@dataclass(frozen=True)
class Term:
    """A bilingual term with a stable code.

    Examples
    --------
    >>> t = Term("service", "Service complaint", "服务投诉")
    >>> t.text("zh"), str(t)
    ('服务投诉', 'Service complaint (服务投诉)')
    """

    code: str
    en: str
    zh: str

    def text(self, lang: str | None = None) -> str:
        """The label in ``lang`` ("en" or "zh"); the current language by default."""
        lang = get_language() if lang is None else one_of("lang", lang, LANGUAGES)
        return self.zh if lang == "zh" else self.en

    def __str__(self) -> str:
        return f"{self.en} ({self.zh})"


def set_language(lang: str) -> None:
    """Choose the language of labels: "en" or "zh"."""
    _state["lang"] = one_of("lang", lang, LANGUAGES)


def get_language() -> str:
    """The current label language ("en" by default)."""
    return _state["lang"]


def _t(code: str, en: str, zh: str) -> tuple[str, Term]:
    return code, Term(code, en, zh)


LABELS: dict[str, Term] = dict([
    _t("customers", "Customers", "客户数"),
    _t("customer_id", "Customer ID", "客户编号"),
    _t("share_customers", "Share of customers", "客户占比"),
    _t("share_profit", "Share of profit", "利润占比"),
    _t("profit", "Profit", "利润"),
    _t("revenue", "Revenue (yuan)", "收入(元)"),
    _t("amount", "Amount (yuan)", "金额(元)"),
    _t("count", "Count", "数量"),
    _t("share", "Share", "占比"),
    _t("cumulative_share", "Cumulative share", "累计占比"),
    _t("date", "Date", "日期"),
    _t("month", "Month", "月份"),
    _t("year", "Year", "年"),
    _t("week", "Week", "周"),
    _t("age", "Age", "年龄"),
    _t("channel", "Channel", "渠道"),
    _t("segment", "Segment", "客户细分"),
    _t("city", "City", "城市"),
    _t("gender", "Gender", "性别"),
    _t("purchases", "Purchases", "购买次数"),
    _t("transactions", "Transactions", "交易笔数"),
    _t("satisfaction", "Satisfaction", "满意度"),
    _t("loyalty", "Loyalty", "忠诚度"),
    _t("score", "Score", "得分"),
    _t("weight", "Weight", "权重"),
    _t("probability", "Probability", "概率"),
    _t("churn", "Churn", "流失"),
    _t("churn_rate", "Churn rate", "流失率"),
    _t("retention", "Retention rate", "保留率"),
    _t("discount", "Discount rate", "贴现率"),
    _t("margin", "Margin", "边际利润"),
    _t("value", "Value", "价值"),
    _t("hours", "Hours", "小时"),
    _t("days", "Days", "天"),
    _t("complaint_type", "Complaint type", "投诉类型"),
    _t("resolution_hours", "Resolution time (hours)", "处理时长(小时)"),
    _t("recommend", "Likelihood to recommend (0-10)", "推荐意愿(0-10)"),
    _t("stage", "Stage", "阶段"),
    _t("conversion", "Conversion rate", "转化率"),
    _t("cost", "Cost (yuan)", "成本(元)"),
    _t("benefit", "Benefit (yuan)", "收益(元)"),
    _t("pass", "Correct", "正确"),
    _t("fail", "Not yet", "还不对"),
    _t("not_attempted", "Not attempted yet", "尚未作答"),
    _t("hint", "Hint", "提示"),
])


def label(key: str | Term, lang: str | None = None) -> str:
    """The label for ``key`` (a code in :data:`LABELS` or a :class:`Term`) in ``lang``.

    Examples
    --------
    >>> label("churn_rate", "zh")
    '流失率'
    """
    if isinstance(key, Term):
        return key.text(lang)
    try:
        return LABELS[key].text(lang)
    except (KeyError, TypeError):
        raise ValueError(f"key must be a label name or a Term; no label named {key!r}; "
                         f"known labels: {', '.join(sorted(LABELS))}") from None


def find_term(terms: Iterable[Term], value: str, *, name: str = "value") -> Term:
    """Find a term by its code, English or Chinese label (case-insensitive for English).

    Examples
    --------
    >>> find_term([Term("a", "Apple", "苹果")], "苹果").code
    'a'
    >>> find_term([Term("v", "Set the CRM vision", "确立CRM愿景")], "确立CRM愿景").code
    'v'
    """
    terms = list(terms)
    raw = str(value).strip()
    key = raw.lower()
    for t in terms:
        if key in (t.code.lower(), t.en.lower()) or raw == t.zh:
            return t
    allowed = ", ".join(t.code for t in terms)
    raise ValueError(bilingual(f"{name} must be one of {allowed} (or their English/Chinese labels); got {value!r}"))


def terms_table(terms: Iterable[Term]):
    """A DataFrame of ``terms``: position, code, English and Chinese label.

    Examples
    --------
    >>> terms_table([Term("a", "Apple", "苹果")])
       no code english chinese
    0   1    a   Apple      苹果
    """
    import pandas as pd

    from labkit._validate import names

    terms = names("terms", terms, allow_empty=True, kind="Term objects")
    wrong = [t for t in terms if not isinstance(t, Term)]
    if wrong:
        raise TypeError(bilingual(f"terms must be a list of Term objects (such as lk.KEY_TERMS), got {wrong[0]!r}"))
    rows = [(i, t.code, t.en, t.zh) for i, t in enumerate(terms, start=1)]
    return pd.DataFrame(rows, columns=["no", "code", "english", "chinese"])
