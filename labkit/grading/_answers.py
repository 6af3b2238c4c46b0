"""Moving answers out of a student's kernel as tagged JSON (never pickle).

The grader appends one cell (:func:`extraction_source`) that encodes the named variables
and shows them as a display output of type :data:`MIME`. It carries variable names and a
random nonce, nothing else: no answers travel into the kernel. :func:`decode` turns the
JSON back into plain values (numbers, strings, lists, dicts, sets, numpy arrays, pandas
Series/DataFrames, labkit Terms) in the grader's process, validating every node; anything
else becomes :class:`Unreadable`, which the checks report as an invalid answer.

Examples
--------
>>> decode({"t": "list", "v": [{"t": "int", "v": "3"}, {"t": "float", "v": "0.5"}]})
[3, 0.5]
>>> decode({"t": "ellipsis"}) is Ellipsis
True
>>> decode({"t": "evil", "v": "__import__('os')"})
Unreadable('an answer the grader cannot read')
"""
from __future__ import annotations

import json
from typing import Any
from labkit.errors import bilingual

__all__ = ["MIME", "extraction_source", "call_source", "encode", "decode", "Unreadable"]

MIME = "application/vnd.labkit.answers+json"
MAX_ITEMS = 100_000      # elements per container
MAX_TEXT = 100_000       # characters per string
MAX_DEPTH = 8

_KERNEL_CODE = r'''
def __labkit_encode(x, depth=0, _budget=None):
    import numbers
    _budget = [__MAX_ITEMS__] if _budget is None else _budget
    if depth > __MAX_DEPTH__:
        raise ValueError(bilingual("nested too deeply"))
    t = type(x)
    mod = getattr(t, "__module__", "") or ""
    if x is None:
        return {"t": "none"}
    if x is Ellipsis:
        return {"t": "ellipsis"}
    if isinstance(x, bool) or (mod == "numpy" and t.__name__ in ("bool_", "bool")):
        return {"t": "bool", "v": bool(x)}
    if isinstance(x, numbers.Integral):
        return {"t": "int", "v": str(int(x))}
    if isinstance(x, numbers.Real):
        return {"t": "float", "v": repr(float(x))}
    if isinstance(x, str):
        s = str.__str__(x)
        if len(s) > __MAX_TEXT__:
            raise ValueError(bilingual("text too long"))
        return {"t": "str", "v": s}
    if mod == "labkit.labels" and t.__name__ == "Term":
        return {"t": "term", "v": [str(x.code), str(x.en), str(x.zh)]}
    if callable(x) and not hasattr(x, "__len__"):
        return {"t": "callable"}
    _budget[0] -= len(x) if hasattr(x, "__len__") else 1
    if _budget[0] < 0:
        raise ValueError(bilingual("too many items"))
    if mod.startswith("pandas") and t.__name__ == "Series":
        return {"t": "series", "index": __labkit_encode(list(x.index), depth + 1, _budget),
                "values": __labkit_encode(x.tolist(), depth + 1, _budget), "name": __labkit_encode(x.name, depth + 1, _budget)}
    if mod.startswith("pandas") and t.__name__ == "DataFrame":
        return {"t": "frame", "index": __labkit_encode(list(x.index), depth + 1, _budget),
                "columns": __labkit_encode(list(x.columns), depth + 1, _budget),
                "data": __labkit_encode([x[c].tolist() for c in x.columns], depth + 1, _budget)}
    if mod.startswith("pandas") and t.__name__ == "Timestamp":
        return {"t": "str", "v": x.isoformat()}
    if mod == "numpy" and t.__name__ == "ndarray":
        return {"t": "array", "v": __labkit_encode(x.tolist(), depth + 1, _budget)}
    if isinstance(x, (list, tuple, set, frozenset)):
        items = sorted(x, key=repr) if isinstance(x, (set, frozenset)) else x
        tag = "list" if isinstance(x, list) else "tuple" if isinstance(x, tuple) else "set"
        return {"t": tag, "v": [__labkit_encode(v, depth + 1, _budget) for v in items]}
    if isinstance(x, dict):
        return {"t": "dict", "v": [[__labkit_encode(k, depth + 1, _budget), __labkit_encode(v, depth + 1, _budget)]
                                   for k, v in x.items()]}
    raise TypeError(t.__name__)


def __labkit_show(payload, nonce):
    import IPython.display
    IPython.display.display({"__MIME__": {"nonce": nonce, **payload}}, raw=True)


def __labkit_call(name, args_json, nonce, ns=globals()):
    import json
    from labkit.grading._answers import decode
    args = decode(json.loads(args_json))
    __labkit_show({"result": __labkit_encode(ns[name](*args))}, nonce)


def __labkit_extract(names, nonce, ns):
    out = {}
    for name in names:
        if name not in ns:
            out[name] = {"t": "undefined"}
            continue
        try:
            out[name] = __labkit_encode(ns[name])
        except Exception as err:
            out[name] = {"t": "unreadable", "why": type(err).__name__ + ": " + str(err)[:200]}
    __labkit_show({"answers": out}, nonce)


__labkit_extract(__NAMES__, __NONCE__, globals())
'''


def call_source(name: str, args: tuple, nonce: str) -> str:
    """The code of a grader cell calling the student's function ``name`` on ``args``."""
    return f"__labkit_call({json.dumps(name)}, {json.dumps(json.dumps(encode(list(args))))}, {json.dumps(nonce)})"


def encode(value: Any) -> dict:
    """Tagged JSON of a grader-side value (the same encoder the kernel uses)."""
    namespace: dict = {}
    exec(_KERNEL_CODE.split("\n\n\ndef __labkit_show")[0].replace("__MAX_ITEMS__", str(MAX_ITEMS))
         .replace("__MAX_DEPTH__", str(MAX_DEPTH)).replace("__MAX_TEXT__", str(MAX_TEXT)), namespace)
    return namespace["__labkit_encode"](value)


def extraction_source(names: list[str], nonce: str) -> str:
    """The code of the cell the grader appends to a submission."""
    return (_KERNEL_CODE.replace("__MAX_ITEMS__", str(MAX_ITEMS))
            .replace("__MAX_DEPTH__", str(MAX_DEPTH)).replace("__MAX_TEXT__", str(MAX_TEXT))
            .replace("__MIME__", MIME).replace("__NAMES__", json.dumps(sorted(names)))
            .replace("__NONCE__", json.dumps(nonce)))


class Unreadable:
    """An answer the grader could not (or would not) turn back into a value."""

    def __init__(self, why: str = "an answer the grader cannot read"):
        self.why = why

    def __repr__(self) -> str:
        return f"Unreadable({self.why!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Unreadable) and other.why == self.why

    __hash__ = None  # type: ignore[assignment]


class Undefined(Unreadable):
    """The answer variable does not exist in the student's kernel."""


class _Bad(Exception):
    pass


def _need(cond: bool) -> None:
    if not cond:
        raise _Bad


def _decode(node: Any, depth: int) -> Any:
    _need(isinstance(node, dict) and isinstance(node.get("t"), str) and depth <= MAX_DEPTH + 1)
    t, v = node["t"], node.get("v")
    if t == "none":
        return None
    if t == "ellipsis":
        return Ellipsis
    if t == "bool":
        _need(isinstance(v, bool))
        return v
    if t == "int":
        _need(isinstance(v, str) and len(v) <= 4300)
        return int(v)
    if t == "float":
        _need(isinstance(v, str) and len(v) <= 40)
        return float(v)
    if t == "str":
        _need(isinstance(v, str) and len(v) <= MAX_TEXT)
        return v
    if t == "term":
        from labkit.labels import Term

        _need(isinstance(v, list) and len(v) == 3 and all(isinstance(s, str) for s in v))
        return Term(*v)
    if t in ("list", "tuple", "set"):
        _need(isinstance(v, list) and len(v) <= MAX_ITEMS)
        items = [_decode(x, depth + 1) for x in v]
        if t == "set":
            try:
                return set(items)
            except TypeError:
                raise _Bad from None
        return items if t == "list" else tuple(items)
    if t == "dict":
        _need(isinstance(v, list) and len(v) <= MAX_ITEMS)
        out = {}
        for pair in v:
            _need(isinstance(pair, list) and len(pair) == 2)
            key = _decode(pair[0], depth + 1)
            _need(isinstance(key, (str, int, float, bool, tuple)) or key is None)
            out[key] = _decode(pair[1], depth + 1)
        return out
    if t == "array":
        import numpy as np

        return np.asarray(_decode(v, depth + 1), dtype=object if depth > MAX_DEPTH else None)
    if t == "series":
        import pandas as pd

        index, values = _decode(node.get("index"), depth + 1), _decode(node.get("values"), depth + 1)
        _need(isinstance(index, list) and isinstance(values, list) and len(index) == len(values))
        return pd.Series(values, index=index, name=_decode(node.get("name"), depth + 1))
    if t == "frame":
        import pandas as pd

        index = _decode(node.get("index"), depth + 1)
        columns = _decode(node.get("columns"), depth + 1)
        data = _decode(node.get("data"), depth + 1)
        _need(isinstance(index, list) and isinstance(columns, list) and isinstance(data, list)
              and len(columns) == len(data) and all(isinstance(c, list) and len(c) == len(index) for c in data))
        return pd.DataFrame(dict(zip(range(len(columns)), data)), index=index).set_axis(columns, axis=1)
    if t == "undefined":
        return Undefined("the answer variable is not defined in the notebook")
    if t == "callable":
        return Unreadable("a function; the grader only reads values (numbers, text, lists, tables)")
    if t == "unreadable":
        why = node.get("why")
        return Unreadable(f"an answer the grader cannot read ({why[:120] if isinstance(why, str) else '?'})")
    raise _Bad


def decode(node: Any) -> Any:
    """One answer from its tagged JSON; :class:`Unreadable` for anything malformed."""
    try:
        return _decode(node, 0)
    except (_Bad, ValueError, TypeError, OverflowError, RecursionError):
        return Unreadable()
