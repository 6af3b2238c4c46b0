"""Course administration (课程管理): grade schemes, syllabi and teaching hours."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from labkit._validate import number, one_of
from labkit.labels import Term
from labkit.errors import bilingual

__all__ = ['GRADE_SCHEMES', 'course_grade', 'SYLLABI', 'CHAPTER_HOURS', 'plan_hours']


GRADE_SCHEMES: dict[str, dict[str, Any]] = {
    # 2024 syllabus [seed 000]: coursework (attendance 30 + performance 30 + homework 40) : exam = 3 : 7
    "3:7": {"label": Term("3:7", "Coursework : final exam = 3 : 7", "平时成绩 : 期末成绩 = 3 : 7"),
            "max": {"attendance": 30, "performance": 30, "homework": 40, "exam": 100}},
    # 36-hour syllabus [seed 000]: class performance 30% + coursework 40% + team project 30%
    "30/40/30": {"label": Term("30/40/30", "Class performance 30% + coursework 40% + team project 30%",
                               "课堂表现30% + 课程作业40% + 团队项目30%"),
                 "max": {"performance": 100, "homework": 100, "exam": 100}},
}


def course_grade(attendance: float | None, performance: float, homework: float, exam: float, *,
                 scheme: str = "3:7") -> float:
    """The final course grade (总评成绩) under one of the seeds' assessment schemes (C-6.1).

    Parameters
    ----------
    attendance : float or None
        Scheme "3:7": attendance out of 30. Scheme "30/40/30": must be None (attendance is
        part of class performance there).
    performance : float
        "3:7": class performance and notes out of 30; "30/40/30": class performance out of 100.
    homework : float
        "3:7": homework and quizzes out of 40; "30/40/30": coursework (case reports, papers)
        out of 100.
    exam : float
        "3:7": final exam out of 100; "30/40/30": team CRM project out of 100.
    scheme : {"3:7", "30/40/30"}

    Examples
    --------
    >>> round(course_grade(28, 25, 36, 80), 2)
    82.7
    >>> round(course_grade(None, 85, 78, 90, scheme="30/40/30"), 2)
    83.7
    """
    one_of("scheme", scheme, list(GRADE_SCHEMES))
    caps = GRADE_SCHEMES[scheme]["max"]
    if scheme == "30/40/30":
        if attendance is not None:
            raise ValueError("attendance must be None for scheme '30/40/30' (attendance counts in class performance "
                             "there); pass it as None")
        p, h, e = (number(n, v, low=0, high=caps[n]) for n, v in
                   (("performance", performance), ("homework", homework), ("exam", exam)))
        return 0.3 * p + 0.4 * h + 0.3 * e
    if attendance is None:
        raise ValueError(bilingual("attendance must be a number out of 30 for scheme '3:7', got None"))
    a, p, h, e = (number(n, v, low=0, high=caps[n]) for n, v in
                  (("attendance", attendance), ("performance", performance), ("homework", homework), ("exam", exam)))
    return 0.3 * (a + p + h) + 0.7 * e


# Syllabi hours quoted in the seeds [seed 000, 001] (§1.2 of the curriculum).
SYLLABI: dict[int, Term] = {
    72: Term("72", "Secondary vocational logistics, 72 h / 4 credits", "中职物流类专业 72学时/4学分"),
    64: Term("64", "Express delivery service and management, 64 h / 2 credits", "速递服务与管理 64学时/2学分"),
    48: Term("48", "Marketing major, 48 h / 3 credits (theory 32 : practice 16)", "市场营销专业 48学时/3学分(理论32:实践16)"),
    36: Term("36", "36-hour syllabus", "36学时教学大纲"),
}


# Textbook hours per notebook [seed 003, ch.4-7]; ch.4's 8 h split as NB1 = §1, §2, §5 and NB2 = §3, §4.
CHAPTER_HOURS: dict[str, tuple[Term, float]] = {
    "nb1": (Term("nb1", "Customer relationships", "客户关系"), 5),
    "nb2": (Term("nb2", "Service, complaints and recovery", "客户服务、投诉与补救"), 3),
    "nb3": (Term("nb3", "Satisfaction and loyalty", "客户满意与忠诚"), 6),
    "nb4": (Term("nb4", "Customer value and CLV", "客户价值与终生价值"), 6),
    "nb5": (Term("nb5", "CRM implementation", "客户关系管理的实施"), 6),
}


def _largest_remainder(exact: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers that add up to ``total``: floors first, then +1 for the largest remainders."""
    alloc = np.floor(exact + 1e-9)
    left = int(round(total - alloc.sum()))
    order = np.argsort(-(exact - alloc), kind="stable")
    alloc[order[:left]] += 1
    return alloc


def plan_hours(total_hours: int, *, practice_share: float = 0.0, step: float = 1.0):
    """Share a syllabus's hours among the five notebooks in the textbook's proportions (C-6.2).

    The textbook gives 26 hours to chapters 4–7; ``total_hours`` is split in the same
    proportions, rounded to multiples of ``step`` by the largest-remainder method so the
    parts add up exactly. ``practice_share`` (e.g. 16/48) splits each notebook's hours into
    theory and practice (lab) hours.

    Examples
    --------
    >>> plan_hours(48)["hours"].tolist()
    [9.0, 6.0, 11.0, 11.0, 11.0]
    >>> float(plan_hours(36, step=0.5)["hours"].sum())
    36.0
    >>> plan = plan_hours(48, practice_share=16 / 48)   # the 48-hour syllabus: 32 : 16
    >>> float(plan["theory"].sum()), float(plan["practice"].sum())
    (32.0, 16.0)
    """
    import pandas as pd

    total = number("total_hours", total_hours, low=0, low_open=True, high=10_000)
    step = number("step", step, low=0, low_open=True, high=total)
    share = number("practice_share", practice_share, low=0, high=1)
    units = total / step
    if not math.isclose(units, round(units)):
        raise ValueError(bilingual(f"total_hours must be a multiple of step ({step:g}), got {total_hours!r}"))
    base = np.array([h for _, h in CHAPTER_HOURS.values()], dtype=float)
    alloc = _largest_remainder(base / base.sum() * round(units), round(units))
    hours = alloc * step
    # practice hours: the syllabus's total (e.g. 16 of 48), shared out by the same method, so
    # theory : practice is exactly the syllabus's split (32 : 16), not a sum of rounded rows
    practice = _largest_remainder(alloc * share, round(float(alloc.sum()) * share)) * step
    return pd.DataFrame({
        "notebook": [t.en for t, _ in CHAPTER_HOURS.values()],
        "notebook_zh": [t.zh for t, _ in CHAPTER_HOURS.values()],
        "textbook_hours": base,
        "hours": hours,
        "theory": hours - practice,
        "practice": practice,
    }, index=pd.Index(list(CHAPTER_HOURS), name="code"))
