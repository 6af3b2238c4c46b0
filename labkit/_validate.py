"""Input checks shared by every labkit module.

Each helper raises a ValueError or TypeError that names the parameter, the value
it got and what is allowed, so a student can act on the message.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np

__all__ = [
    "number",
    "integer",
    "probability",
    "fraction_below_one",
    "one_of",
    "array_1d",
]


def number(name: str, value: Any, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False) -> float:
    """Return ``value`` as a float, checking its type and bounds.

    Examples
    --------
    >>> number("margin", 5)
    5.0
    >>> number("margin", -1, low=0)
    Traceback (most recent call last):
    ...
    ValueError: margin must be >= 0, got -1
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    x = float(value)
    if math.isnan(x):
        raise ValueError(f"{name} must be a number, got NaN")
    if low is not None and (x <= low if low_open else x < low):
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low:g}, got {value!r}")
    if high is not None and (x >= high if high_open else x > high):
        raise ValueError(f"{name} must be {'<' if high_open else '<='} {high:g}, got {value!r}")
    return x


def integer(name: str, value: Any, *, low: int | None = None) -> int:
    """Return ``value`` as an int; floats that are whole numbers are accepted.

    Examples
    --------
    >>> integer("n", 3.0)
    3
    >>> integer("n", -2, low=0)
    Traceback (most recent call last):
    ...
    ValueError: n must be >= 0, got -2
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__} {value!r}")
    if not float(value).is_integer():
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    n = int(value)
    if low is not None and n < low:
        raise ValueError(f"{name} must be >= {low}, got {value!r}")
    return n


def probability(name: str, value: Any) -> float:
    """Check that ``value`` lies in [0, 1].

    Examples
    --------
    >>> probability("p_success", 1.2)
    Traceback (most recent call last):
    ...
    ValueError: p_success must be in [0, 1], got 1.2
    """
    x = number(name, value)
    if not 0 <= x <= 1:
        raise ValueError(f"{name} must be in [0, 1], got {value!r}")
    return x


def fraction_below_one(name: str, value: Any) -> float:
    """Check that ``value`` lies in [0, 1) (a retention rate, say).

    Examples
    --------
    >>> fraction_below_one("retention", 1.0)
    Traceback (most recent call last):
    ...
    ValueError: retention must be in [0, 1), got 1.0
    """
    x = number(name, value)
    if not 0 <= x < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return x


def one_of(name: str, value: Any, allowed: Iterable[Any]) -> Any:
    """Check that ``value`` is one of ``allowed``.

    Examples
    --------
    >>> one_of("locale", "fr_FR", ["zh_CN", "en_US"])
    Traceback (most recent call last):
    ...
    ValueError: locale must be one of 'zh_CN', 'en_US'; got 'fr_FR'
    """
    allowed = list(allowed)
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {shown}; got {value!r}")
    return value


def array_1d(name: str, values: Any, *, allow_empty: bool = False) -> np.ndarray:
    """Return ``values`` as a 1-D float array with no NaN.

    Examples
    --------
    >>> array_1d("scores", [1, 2, 3])
    array([1., 2., 3.])
    >>> array_1d("scores", ["a"])
    Traceback (most recent call last):
    ...
    TypeError: scores must contain numbers only, got ['a']
    """
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be a list or array of numbers, got {values!r}")
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        shown = list(values)[:5] if isinstance(values, Iterable) else values
        raise TypeError(f"{name} must contain numbers only, got {shown!r}") from None
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty")
    if np.isnan(arr).any():
        raise ValueError(f"{name} must not contain missing values (NaN); found {int(np.isnan(arr).sum())}")
    return arr


def require_columns(data: Any, cols: Iterable[str], name: str) -> None:
    """Raise a ValueError naming ``name`` and the missing columns when ``data`` lacks any of ``cols``."""
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise ValueError(f"{name} is missing the column(s) {', '.join(map(repr, missing))}")
