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

__all__ = ["LabkitWarning", "FitWarning"]


class LabkitWarning(UserWarning):
    """Base class of every warning labkit raises."""


class FitWarning(LabkitWarning):
    """A model fit did not converge or met degenerate data; the result records ``converged_ = False``."""
