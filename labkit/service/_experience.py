"""Schmitt's strategic experience modules (体验模块): tagging touchpoints and their coverage."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from labkit.service._tables import EXPERIENCE_MODULES
from labkit._validate import names
from labkit.errors import bilingual

__all__ = ['SEM_KEYWORDS', 'tag_experience', 'sem_coverage']


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
        raise TypeError(bilingual(f"item must be a string, got {type(item).__name__} {item!r}"))
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
        raise TypeError(bilingual("items must be a list of texts, not one string"))
    items = names("items", items, allow_empty=True, kind="texts")
    tags = [tag_experience(i) for i in items]
    rows = [{"module": m.code, "label": str(m), "items": sum(m.code in t for t in tags),
             "examples": "; ".join(i for i, t in zip(items, tags) if m.code in t)} for m in EXPERIENCE_MODULES]
    return pd.DataFrame(rows).set_index("module")
