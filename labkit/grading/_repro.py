"""Reproducibility: do a submission's stored outputs match a fresh re-execution? (the nbval idea)

Text outputs are compared after sanitising what legitimately varies (memory addresses,
ANSI colours, trailing spaces); images and widget states are compared by type only.

Examples
--------
>>> sanitize("<function f at 0x7f3a2b1c>\\x1b[0;31m  \\n")
'<function f at 0xADDRESS>'
"""
from __future__ import annotations

import re

__all__ = ["sanitize", "reproducibility_findings"]

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def sanitize(text: str) -> str:
    """Text with memory addresses, ANSI escapes and trailing whitespace normalised."""
    text = _ANSI.sub("", _ADDRESS.sub("0xADDRESS", text))
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _joined(outputs) -> list:
    """Consecutive stream outputs of the same name as one (a busy kernel sends a print in pieces)."""
    joined: list = []
    for out in outputs or []:
        last = joined[-1] if joined else None
        if (out.get("output_type") == "stream" and last is not None and last.get("output_type") == "stream"
                and last.get("name") == out.get("name")):
            joined[-1] = {**last, "text": _text(last.get("text", "")) + _text(out.get("text", ""))}
        else:
            joined.append(out)
    return joined


def _signature(outputs) -> list[str]:
    sig = []
    for out in _joined(outputs):
        kind = out.get("output_type")
        if kind == "stream":
            sig.append(f"{out.get('name')}: {sanitize(_text(out.get('text', '')))}")
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            if "text/plain" in data and not any(k.startswith("image/") for k in data):
                sig.append(sanitize(_text(data["text/plain"])))
            else:
                sig.append("<" + ", ".join(sorted(k for k in data if k != "text/plain")) + ">")
        elif kind == "error":
            sig.append(f"error: {out.get('ename')}")
    # stdout/stderr chunks arrive in pieces: compare the joined streams per name
    return [s for s in ("\n".join(sig).split("\n")) if s.strip()]


def _first_difference(a: list[str], b: list[str]) -> str:
    for x, y in zip(a, b):
        if x != y:
            return f"stored {x[:60]!r}, re-run {y[:60]!r}"
    if len(a) > len(b):
        return f"stored has extra {a[len(b)][:60]!r}"
    return f"re-run has extra {b[len(a)][:60]!r}"


def reproducibility_findings(stored, executed, n_cells: int) -> list[str]:
    """Sentences about cells whose stored outputs differ from the re-executed ones (cells numbered from 1)."""
    findings = []
    counts = [c.get("execution_count") for c in stored.cells[:n_cells]
              if c.get("cell_type") == "code" and c.get("execution_count") is not None]
    if counts != sorted(counts) or len(set(counts)) != len(counts):
        findings.append("Cells were run out of order before submitting "
                        f"(execution counts {', '.join(map(str, counts[:12]))}"
                        f"{' …' if len(counts) > 12 else ''}).")
    not_run = []
    for i in range(n_cells):
        before, after = stored.cells[i], executed.cells[i]
        if before.get("cell_type") != "code":
            continue
        a, b = _signature(before.get("outputs")), _signature(after.get("outputs"))
        if a == b:
            continue
        if not a:
            not_run.append(i + 1)
            continue
        findings.append(f"Cell {i + 1}: the stored output does not reproduce ({_first_difference(a, b)}).")
    if not_run:
        findings.append(f"Cells without stored output (not run before submitting): "
                        f"{', '.join(map(str, not_run))}.")
    return findings
