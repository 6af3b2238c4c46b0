"""The implementation plan (实施步骤), its pitfalls (误区) and success factors."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from labkit._validate import one_of
from labkit.labels import Term, find_term
from labkit.errors import bilingual

__all__ = ['IMPLEMENTATION_STEPS', 'PITFALLS', 'SUCCESS_FACTORS', 'PlanStatus', 'plan_status']


# One common formulation (standard, not in seeds) of the implementation steps, pitfalls and
# key success factors; the textbook's own lists are missing from the seeds.
IMPLEMENTATION_STEPS: tuple[Term, ...] = (
    Term("vision", "Set the CRM vision and goals with top-management sponsorship", "确立CRM愿景与目标，获得高层支持"),
    Term("team", "Build a cross-functional project team", "组建跨部门项目团队"),
    Term("requirements", "Analyse the current state and business requirements", "分析现状与业务需求"),
    Term("bpr", "Redesign business processes (BPR)", "业务流程再造"),
    Term("selection", "Select the system and vendor", "系统与供应商选型"),
    Term("phased", "Implement in phases: pilot, then roll out", "分阶段实施：先试点后推广"),
    Term("data", "Migrate and integrate data", "数据迁移与集成"),
    Term("training", "Train users and manage change", "用户培训与变革管理"),
    Term("evaluate", "Evaluate and improve continuously", "评估与持续改进"),
)


PITFALLS: tuple[Term, ...] = (
    Term("software_only", "Treating CRM as just software or an IT project", "把CRM当作单纯的软件或IT项目"),
    Term("no_sponsor", "Lack of top-management support", "缺乏高层支持"),
    Term("big_bang", "Trying to do everything at once", "求大求全"),
    Term("automate_old", "Automating old processes without reengineering", "未经流程再造就将旧流程自动化"),
    Term("people", "Neglecting training, incentives and culture", "忽视员工培训、激励与文化"),
    Term("data_quality", "Poor data quality or data silos", "数据质量差或数据孤岛"),
    Term("no_metrics", "No clear goals or measurement", "缺乏明确目标与衡量标准"),
    Term("sales_only", "Equating CRM with sales tools only", "把CRM等同于销售工具"),
)


SUCCESS_FACTORS: tuple[Term, ...] = (
    Term("commitment", "Top-management commitment", "高层领导的承诺"),
    Term("customer_centred", "A customer-centred strategy and culture", "以客户为中心的战略与文化"),
    Term("reengineering", "Process reengineering", "业务流程再造"),
    Term("quick_wins", "Phased implementation with quick wins", "分阶段实施、尽早见效"),
    Term("good_data", "Integrated, high-quality customer data", "集成、高质量的客户数据"),
    Term("involvement", "User involvement and training", "用户参与和培训"),
    Term("technology", "Appropriate technology and vendor", "合适的技术与供应商"),
    Term("metrics", "Clear metrics", "清晰的衡量指标"),
)


_STATUS_DONE = {"done": 1.0, "in_progress": 0.5, "todo": 0.0}


@dataclass(frozen=True)
class PlanStatus:
    """Progress of an implementation plan and the pitfalls it shows."""

    completion: float
    done: tuple[str, ...]
    open: tuple[str, ...]
    risk_flags: tuple[str, ...]

    @property
    def risk(self) -> str:
        """"low" (no flags), "medium" (1–2) or "high" (3 or more)."""
        n = len(self.risk_flags)
        return "low" if n == 0 else "medium" if n <= 2 else "high"

    def __repr__(self) -> str:
        return (f"PlanStatus(completion={self.completion:.0%}, done={len(self.done)}, open={len(self.open)}, "
                f"risk={self.risk!r}, risk_flags={list(self.risk_flags)})")


def plan_status(steps: Mapping[str, str], pitfalls: Mapping[str, bool] | None = None) -> PlanStatus:
    """Completion of an implementation plan and its risk flags (C-5.2).

    Parameters
    ----------
    steps : mapping
        Step (code, English or Chinese label of :data:`IMPLEMENTATION_STEPS`) → status
        "done", "in_progress" (counts half) or "todo". Steps not listed count as "todo".
    pitfalls : mapping, optional
        Pitfall (a :data:`PITFALLS` label) → True when the project shows it.

    Returns
    -------
    PlanStatus
        ``completion`` in [0, 1] over all nine steps, and the pitfalls flagged.

    Examples
    --------
    >>> s = plan_status({"vision": "done", "team": "done", "requirements": "in_progress"},
    ...                 {"no_sponsor": False, "big_bang": True})
    >>> round(s.completion, 3), s.risk_flags, s.risk
    (0.278, ('big_bang',), 'medium')
    """
    if not isinstance(steps, Mapping):
        raise TypeError(bilingual(f"steps must be a dict of step -> status, got {type(steps).__name__}"))
    status = {t.code: "todo" for t in IMPLEMENTATION_STEPS}
    for key, value in steps.items():
        term = find_term(IMPLEMENTATION_STEPS, key, name="step")
        status[term.code] = one_of(f"status of {term.code!r}", value, list(_STATUS_DONE))
    completion = sum(_STATUS_DONE[s] for s in status.values()) / len(status)
    flags = []
    if pitfalls is not None and not isinstance(pitfalls, Mapping):
        raise TypeError(bilingual(f"pitfalls must be a dict of pitfall -> True/False, got {type(pitfalls).__name__} {pitfalls!r}"))
    for key, present in (pitfalls or {}).items():
        term = find_term(PITFALLS, key, name="pitfall")
        if not isinstance(present, (bool, np.bool_)):
            raise TypeError(bilingual(f"pitfall {term.code!r} must be True or False, got {present!r}"))
        if present:
            flags.append(term.code)
    order = [t.code for t in PITFALLS]
    return PlanStatus(completion, tuple(c for c, s in status.items() if s == "done"),
                      tuple(c for c, s in status.items() if s != "done"),
                      tuple(sorted(flags, key=order.index)))
