"""Input checks shared by every labkit module.

Each helper raises a ValueError or TypeError that names the parameter, the value
it got and what is allowed, so a student can act on the message.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from labkit.errors import bilingual

__all__ = [
    "MAX_SEED",
    "number",
    "integer",
    "seed",
    "probability",
    "fraction_below_one",
    "one_of",
    "array_1d",
    "finite_result",
    "names",
    "mapping",
    "dataframe",
    "numeric_columns",
    "timestamp",
    "timestamps",
    "require_columns",
]

# Largest seed numpy and scikit-learn accept (random_state must be in [0, 2**32 - 1]).
MAX_SEED = 2**32 - 1


def _show(value: Any) -> str:
    """A short repr of ``value`` for an error message (long inputs are cut)."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def number(name: str, value: Any, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False, finite: bool = True) -> float:
    """Return ``value`` as a float, checking its type and bounds.

    NaN is always refused; ±inf (and integers too large for a float) unless ``finite=False``.

    Examples
    --------
    >>> number("margin", 5)
    5.0
    >>> number("margin", -1, low=0)
    Traceback (most recent call last):
    ...
    ValueError: margin must be >= 0, got -1
    margin 必须 ≥ 0，收到的是 -1
    >>> number("margin", float("inf"))
    Traceback (most recent call last):
    ...
    ValueError: margin must be a finite number, got inf
    margin 必须是有限的数，收到的是 inf
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(bilingual(f"{name} must be a number, got {type(value).__name__} {_show(value)}"))
    try:
        x = float(value)
    except OverflowError:
        raise ValueError(bilingual(f"{name} must be a finite number, got {_show(value)} (too large)")) from None
    if math.isnan(x):
        raise ValueError(bilingual(f"{name} must be a number, got NaN"))
    if finite and math.isinf(x):
        raise ValueError(bilingual(f"{name} must be a finite number, got {x!r}"))
    if low is not None and (x <= low if low_open else x < low):
        raise ValueError(bilingual(f"{name} must be {'>' if low_open else '>='} {low:g}, got {value!r}"))
    if high is not None and (x >= high if high_open else x > high):
        raise ValueError(bilingual(f"{name} must be {'<' if high_open else '<='} {high:g}, got {value!r}"))
    return x


def integer(name: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int; floats that are whole numbers are accepted.

    Examples
    --------
    >>> integer("n", 3.0)
    3
    >>> integer("n", -2, low=0)
    Traceback (most recent call last):
    ...
    ValueError: n must be >= 0, got -2
    n 必须 ≥ 0，收到的是 -2
    >>> integer("n", 2.5)
    Traceback (most recent call last):
    ...
    ValueError: n must be a whole number, got 2.5
    n 必须是整数，收到的是 2.5
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(bilingual(f"{name} must be a whole number, got {type(value).__name__} {_show(value)}"))
    if isinstance(value, numbers.Integral):
        n = int(value)
    else:
        x = float(value)
        if not math.isfinite(x) or not x.is_integer():
            raise ValueError(bilingual(f"{name} must be a whole number, got {value!r}"))
        n = int(x)
    if low is not None and n < low:
        raise ValueError(bilingual(f"{name} must be >= {low}, got {_show(value)}"))
    if high is not None and n > high:
        raise ValueError(bilingual(f"{name} must be <= {high:,}, got {_show(value)}"))
    return n


def seed(name: str, value: Any) -> int | None:
    """Check a random seed: None or a whole number in [0, 2**32 − 1].

    Examples
    --------
    >>> seed("seed", 7), seed("seed", None)
    (7, None)
    >>> seed("random_state", -1)
    Traceback (most recent call last):
    ...
    ValueError: random_state must be >= 0, got -1
    random_state 必须 ≥ 0，收到的是 -1
    """
    if value is None:
        return None
    return integer(name, value, low=0, high=MAX_SEED)


def probability(name: str, value: Any) -> float:
    """Check that ``value`` lies in [0, 1].

    Examples
    --------
    >>> probability("p_success", 1.2)
    Traceback (most recent call last):
    ...
    ValueError: p_success must be in [0, 1], got 1.2
    p_success 必须在 0 到 1 之间（含 0 和 1），收到的是 1.2
    """
    x = number(name, value)
    if not 0 <= x <= 1:
        raise ValueError(bilingual(f"{name} must be in [0, 1], got {value!r}"))
    return x


def fraction_below_one(name: str, value: Any) -> float:
    """Check that ``value`` lies in [0, 1) (a retention rate, say).

    Examples
    --------
    >>> fraction_below_one("retention", 1.0)
    Traceback (most recent call last):
    ...
    ValueError: retention must be in [0, 1), got 1.0
    retention 必须在 0 到 1 之间（含 0，不含 1），收到的是 1.0
    """
    x = number(name, value)
    if not 0 <= x < 1:
        raise ValueError(bilingual(f"{name} must be in [0, 1), got {value!r}"))
    return x


def one_of(name: str, value: Any, allowed: Iterable[Any]) -> Any:
    """Check that ``value`` is one of ``allowed``.

    Examples
    --------
    >>> one_of("locale", "fr_FR", ["zh_CN", "en_US"])
    Traceback (most recent call last):
    ...
    ValueError: locale must be one of 'zh_CN', 'en_US'; got 'fr_FR'
    locale 必须是 'zh_CN', 'en_US' 之一，收到的是 'fr_FR'
    """
    allowed = list(allowed)
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise ValueError(bilingual(f"{name} must be one of {shown}; got {value!r}"))
    return value


def array_1d(name: str, values: Any, *, allow_empty: bool = False, finite: bool = True) -> np.ndarray:
    """Return ``values`` as a 1-D float array with no NaN (and no ±inf unless ``finite=False``).

    Examples
    --------
    >>> array_1d("scores", [1, 2, 3])
    array([1., 2., 3.])
    >>> array_1d("scores", ["a"])
    Traceback (most recent call last):
    ...
    TypeError: scores must contain numbers only, got ['a']
    scores 必须只含数字，收到的是 ['a']
    """
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(bilingual(f"{name} must be a list or array of numbers, got {_show(values)}"))
    if isinstance(values, Mapping):
        values = list(values.values())
    try:
        arr = np.asarray(values, dtype=float)
    except OverflowError:
        raise ValueError(bilingual(f"{name} must contain finite numbers, got a value too large for a float")) from None
    except (TypeError, ValueError):
        shown = list(values)[:5] if isinstance(values, Iterable) else values
        kind = "numbers only" if isinstance(values, Iterable) else "a list or array of numbers"
        raise TypeError(bilingual(f"{name} must contain {kind}, got {_show(shown)}")) from None
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(bilingual(f"{name} must be one-dimensional, got shape {arr.shape}"))
    if arr.size == 0 and not allow_empty:
        raise ValueError(bilingual(f"{name} must not be empty"))
    if np.isnan(arr).any():
        raise ValueError(bilingual(f"{name} must not contain missing values (NaN); found {int(np.isnan(arr).sum())}"))
    if finite and np.isinf(arr).any():
        raise ValueError(bilingual(f"{name} must contain finite numbers, found {int(np.isinf(arr).sum())} infinite value(s)"))
    return arr


def require_columns(data: Any, cols: Iterable[str], name: str) -> None:
    """Raise a ValueError naming ``name`` and the missing columns when ``data`` lacks any of ``cols``."""
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise ValueError(bilingual(f"{name} is missing the column(s) {', '.join(map(repr, missing))}"))


def finite_result(what: str, value: Any, inputs: str = "the inputs") -> Any:
    """Raise instead of returning a result that overflowed to ±inf or NaN.

    Examples
    --------
    >>> finite_result("clv", 12.5)
    12.5
    >>> finite_result("clv", float("inf"), "margin")
    Traceback (most recent call last):
    ...
    ValueError: clv overflowed (the result is not a finite number); margin too large
    clv 溢出（结果不是有限的数）：margin 过大
    """
    arr = np.asarray(value, dtype=float)
    if not np.isfinite(arr).all():
        raise ValueError(bilingual(f"{what} overflowed (the result is not a finite number); {inputs} too large"))
    return value


def names(name: str, values: Any, *, allow_empty: bool = False, kind: str = "names") -> list:
    """Return a list from a list/tuple/array of labels, refusing a bare string, None or a number.

    A string is a sequence of letters in Python; read as a list it would be split letter by
    letter, so it is refused with a hint.

    Examples
    --------
    >>> names("dims", ("year", "channel"))
    ['year', 'channel']
    >>> names("dims", "year")
    Traceback (most recent call last):
    ...
    TypeError: dims must be a list of names, got the string 'year'; write ['year']
    dims 必须是列表（名称），收到的是字符串 'year'；请写成 ['year']
    """
    if isinstance(values, (str, bytes)):
        raise TypeError(bilingual(f"{name} must be a list of {kind}, got the string {_show(values)}; write [{_show(values)}]"))
    if values is None or isinstance(values, (numbers.Number, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(bilingual(f"{name} must be a list of {kind}, got {type(values).__name__} {_show(values)}"))
    out = list(values)
    if not out and not allow_empty:
        raise ValueError(bilingual(f"{name} must not be empty"))
    return out


def mapping(name: str, value: Any, *, allow_empty: bool = True) -> Mapping:
    """Check that ``value`` is a dict-like mapping.

    Examples
    --------
    >>> mapping("ranges", {"a": 1})
    {'a': 1}
    >>> mapping("ranges", 5)
    Traceback (most recent call last):
    ...
    TypeError: ranges must be a dict, got int 5
    ranges 必须是字典（dict），收到的是 int 5
    """
    if not isinstance(value, Mapping):
        raise TypeError(bilingual(f"{name} must be a dict, got {type(value).__name__} {_show(value)}"))
    if not value and not allow_empty:
        raise ValueError(bilingual(f"{name} must not be empty"))
    return value


def dataframe(name: str, value: Any, columns: Iterable[str] = (), *, allow_empty: bool = False):
    """Check that ``value`` is a pandas DataFrame with ``columns`` (each once).

    Examples
    --------
    >>> import pandas as pd
    >>> dataframe("data", [1])
    Traceback (most recent call last):
    ...
    TypeError: data must be a pandas DataFrame, got list [1]
    data 必须是 pandas 表格（DataFrame），收到的是 list [1]
    >>> dataframe("data", pd.DataFrame({"a": [1]}), ["a", "b"])
    Traceback (most recent call last):
    ...
    ValueError: data is missing the column(s) 'b'; its columns are 'a'
    data 缺少列 'b'；现有的列是 'a'
    """
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        raise TypeError(bilingual(f"{name} must be a pandas DataFrame, got {type(value).__name__} {_show(value)}"))
    cols = list(columns)
    missing = [c for c in cols if c not in value.columns]
    if missing:
        have = ", ".join(map(repr, list(value.columns)[:20]))
        raise ValueError(bilingual(f"{name} is missing the column(s) {', '.join(map(repr, missing))}; its columns are {have}"))
    dup = sorted({str(c) for c in value.columns[value.columns.duplicated()]})
    if dup:
        raise ValueError(bilingual(f"{name} has duplicated column name(s) {', '.join(map(repr, dup))}; column names must be unique"))
    if value.empty and not allow_empty:
        raise ValueError(bilingual(f"{name} must not be empty (it has {len(value)} rows)"))
    return value


def numeric_columns(name: str, data: Any, columns: Iterable[str], *, allow_nan: bool = False):
    """Return ``data[columns]`` as a float DataFrame, naming the column of any text or NaN/inf.

    Examples
    --------
    >>> import pandas as pd
    >>> numeric_columns("data", pd.DataFrame({"cost": ["x"]}), ["cost"])
    Traceback (most recent call last):
    ...
    TypeError: data['cost'] must hold numbers, got 'x'
    data['cost'] 必须是数字，收到的是 'x'
    """
    import pandas as pd

    out = {}
    for c in columns:
        col = data[c]
        conv = pd.to_numeric(col, errors="coerce")
        text = col[conv.isna() & col.notna()]
        if len(text):
            raise TypeError(bilingual(f"{name}[{c!r}] must hold numbers, got {_show(text.iloc[0])}"))
        arr = conv.to_numpy(dtype=float)
        if not allow_nan and np.isnan(arr).any():
            raise ValueError(bilingual(f"{name}[{c!r}] must not have missing values (NaN); found {int(np.isnan(arr).sum())}"))
        if np.isinf(arr).any():
            raise ValueError(bilingual(f"{name}[{c!r}] must hold finite numbers; found {int(np.isinf(arr).sum())} infinite value(s)"))
        out[c] = arr
    return pd.DataFrame(out, index=data.index)


def timestamp(name: str, value: Any, *, allow_none: bool = False):
    """Parse one date/time (a string like "2025-06-30", a datetime or a Timestamp).

    Numbers are refused: pandas would read 5 as 5 ns after 1970-01-01.

    Examples
    --------
    >>> timestamp("now", "2025-06-30")
    Timestamp('2025-06-30 00:00:00')
    >>> timestamp("now", "tomorrow")
    Traceback (most recent call last):
    ...
    ValueError: now must be a date such as '2025-06-30', got 'tomorrow'
    now 必须是日期（例如 '2025-06-30'），收到的是 'tomorrow'
    """
    import pandas as pd

    if value is None:
        if allow_none:
            return None
        raise TypeError(bilingual(f"{name} must be a date such as '2025-06-30', got None"))
    if isinstance(value, (bool, numbers.Number)):
        raise TypeError(bilingual(f"{name} must be a date such as '2025-06-30', got the number {value!r}"))
    try:
        out = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(bilingual(f"{name} must be a date such as '2025-06-30', got {_show(value)}")) from None
    if out is pd.NaT:
        raise ValueError(bilingual(f"{name} must be a date such as '2025-06-30', got a missing value"))
    return out


def timestamps(name: str, values: Any):
    """Parse a column of dates/times, naming the first entry that is not a date.

    Examples
    --------
    >>> import pandas as pd
    >>> timestamps("transactions['date']", pd.Series(["2025-01-01", "yesterday"]))
    Traceback (most recent call last):
    ...
    ValueError: transactions['date'] must hold dates such as '2025-06-30'; got 'yesterday' (row 1)
    transactions['date'] 必须是日期（例如 '2025-06-30'），收到的是 'yesterday' (row 1)
    """
    import pandas as pd

    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(s):
        return pd.to_datetime(s)
    if pd.api.types.is_numeric_dtype(s) and not s.isna().all():
        raise TypeError(bilingual(f"{name} must hold dates such as '2025-06-30', got numbers (e.g. {s.iloc[0]!r})"))
    try:
        return pd.to_datetime(s)
    except (TypeError, ValueError, OverflowError):
        parsed = pd.to_datetime(s, errors="coerce")
        badpos = [i for i, (v, p) in enumerate(zip(s, parsed)) if p is pd.NaT and not pd.isna(v)]
        where = f"{_show(s.iloc[badpos[0]])} (row {badpos[0]})" if badpos else "an unreadable value"
        raise ValueError(bilingual(f"{name} must hold dates such as '2025-06-30'; got {where}")) from None
