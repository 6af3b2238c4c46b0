"""labkit's warning classes, so a notebook or a grader can filter or escalate them by name.

Errors are plain ``ValueError`` / ``TypeError`` (naming the parameter, the value and what is
allowed); these warnings are for results that are returned but deserve doubt: a model fit
that did not converge, or met data the model cannot identify.

Examples
--------
>>> import warnings
>>> from labkit.errors import FitWarning, LabkitWarning
>>> issubclass(FitWarning, LabkitWarning) and issubclass(LabkitWarning, UserWarning)
True
"""
from __future__ import annotations

__all__ = ["LabkitWarning", "FitWarning", "chinese", "bilingual"]


class LabkitWarning(UserWarning):
    """Base class of every warning labkit raises."""


class FitWarning(LabkitWarning):
    """A model fit did not converge or met degenerate data; the result records ``converged_ = False``."""


# ---------------------------------------------------------------- Chinese for labkit's error messages

_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}

# The kinds of list labkit's messages name, in Chinese.
_KINDS = {"names": "名称", "Term objects": "Term 对象", "answers": "答案", "channels": "渠道",
          "indicator columns": "指标列", "labels": "标签", "step codes": "步骤代码", "texts": "文本",
          "rounds (one experts x indicators table each)": "轮次（每轮一张专家 × 指标表）",
          "stages (one dict per stage)": "阶段（每个阶段一个 dict）"}

# (English pattern, Chinese template); the first that matches the whole message wins. The parts
# in braces are copied from the English message (parameter names, values, lists), so numbers and
# names read the same in both languages.
_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"(?P<n>.+?) must be a number, got NaN", "{n} 必须是数字，收到的是 NaN（缺失值）"),
    (r"(?P<n>.+?) must be a finite number, got (?P<v>.+)", "{n} 必须是有限的数，收到的是 {v}"),
    (r"(?P<n>.+?) must be a number, got (?P<v>.+)", "{n} 必须是数字，收到的是 {v}"),
    (r"(?P<n>.+?) must be a whole number, got (?P<v>.+)", "{n} 必须是整数，收到的是 {v}"),
    (r"(?P<n>.+?) must be (?P<op>>=|<=|>|<) (?P<b>\S+), got (?P<v>.+)", "{n} 必须 {op} {b}，收到的是 {v}"),
    (r"(?P<n>.+?) must be in \[0, 1\], got (?P<v>.+)", "{n} 必须在 0 到 1 之间（含 0 和 1），收到的是 {v}"),
    (r"(?P<n>.+?) must be in \[0, 1\), got (?P<v>.+)", "{n} 必须在 0 到 1 之间（含 0，不含 1），收到的是 {v}"),
    (r"(?P<n>.+?) must be one of (?P<a>.+); got (?P<v>.+)", "{n} 必须是 {a} 之一，收到的是 {v}"),
    (r"(?P<n>.+?) must be a list or array of numbers, got (?P<v>.+)", "{n} 必须是数字的列表或数组，收到的是 {v}"),
    (r"(?P<n>.+?) must contain finite numbers, got a value too large for a float",
     "{n} 必须只含有限的数，其中有超出浮点数范围的值"),
    (r"(?P<n>.+?) must contain finite numbers, found (?P<c>\d+) infinite value\(s\)", "{n} 必须只含有限的数，发现 {c} 个无穷大的值"),
    (r"(?P<n>.+?) must hold finite numbers; found (?P<c>\d+) infinite value\(s\)", "{n} 必须只含有限的数，发现 {c} 个无穷大的值"),
    (r"(?P<n>.+?) must contain numbers only, got (?P<v>.+)", "{n} 必须只含数字，收到的是 {v}"),
    (r"(?P<n>.+?) must contain a list or array of numbers, got (?P<v>.+)", "{n} 必须是数字的列表或数组，收到的是 {v}"),
    (r"(?P<n>.+?) must be one-dimensional, got shape (?P<s>.+)", "{n} 必须是一维的，收到的形状是 {s}"),
    (r"(?P<n>.+?) must not be empty \(it has (?P<c>\d+) rows\)", "{n} 不能为空（现在有 {c} 行）"),
    (r"(?P<n>.+?) must not be empty", "{n} 不能为空"),
    (r"(?P<n>.+?) must not (?:contain|have) missing values \(NaN\); found (?P<c>\d+)", "{n} 不能含缺失值（NaN），发现 {c} 个"),
    (r"(?P<n>.+?) is missing the column\(s\) (?P<x>.+?); its columns are (?P<y>.+)", "{n} 缺少列 {x}；现有的列是 {y}"),
    (r"(?P<n>.+?) is missing the column\(s\) (?P<x>.+)", "{n} 缺少列 {x}"),
    (r"(?P<w>.+?) overflowed \(the result is not a finite number\); (?P<x>.+) too large",
     "{w} 溢出（结果不是有限的数）：{x} 过大"),
    (r"(?P<n>.+?) must be a list of (?P<k>.+?), got the string (?P<s>.+?); write \[(?P<t>.+)\]",
     "{n} 必须是列表（{k}），收到的是字符串 {s}；请写成 [{t}]"),
    (r"(?P<n>.+?) must be a list of (?P<k>.+?), got (?P<v>.+)", "{n} 必须是列表（{k}），收到的是 {v}"),
    (r"(?P<n>.+?) must be a dict, got (?P<v>.+)", "{n} 必须是字典（dict），收到的是 {v}"),
    (r"(?P<n>.+?) must be a pandas DataFrame, got (?P<v>.+)", "{n} 必须是 pandas 表格（DataFrame），收到的是 {v}"),
    (r"(?P<n>.+?) has duplicated column name\(s\) (?P<x>.+?); column names must be unique", "{n} 有重复的列名 {x}；列名必须唯一"),
    (r"(?P<n>.+?) must hold numbers, got (?P<v>.+)", "{n} 必须是数字，收到的是 {v}"),
    (r"(?P<n>.+?) must be a date such as '(?P<d>[^']+)', got (?P<v>.+)", "{n} 必须是日期（例如 '{d}'），收到的是 {v}"),
    (r"(?P<n>.+?) must hold dates such as '(?P<d>[^']+)'[;,] got (?P<v>.+)", "{n} 必须是日期（例如 '{d}'），收到的是 {v}"),
)


def chinese(message: str) -> str | None:
    """The Chinese reading of one of labkit's error messages, or None when it has no template.

    Examples
    --------
    >>> chinese("margin must be >= 0, got -1")
    'margin 必须 ≥ 0，收到的是 -1'
    >>> chinese("rate must be a finite number, got inf")
    'rate 必须是有限的数，收到的是 inf'
    >>> chinese("something else entirely") is None
    True
    """
    import re

    first = str(message).split("\n", 1)[0].strip()
    for pattern, template in _PATTERNS:
        m = re.fullmatch(pattern, first)
        if m:
            parts = m.groupdict()
            if "op" in parts:
                parts["op"] = _OPS[parts["op"]]
            if "k" in parts:
                parts["k"] = _KINDS.get(parts["k"], parts["k"])
            return template.format(**parts)
    return None


def bilingual(message: str) -> str:
    """``message`` followed, on its own line, by its Chinese reading when one exists.

    Examples
    --------
    >>> print(bilingual("n must be a whole number, got 2.5"))
    n must be a whole number, got 2.5
    n 必须是整数，收到的是 2.5
    """
    if "\n" in str(message):
        return str(message)  # already bilingual
    zh = chinese(message)
    return f"{message}\n{zh}" if zh else str(message)
