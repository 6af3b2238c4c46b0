"""Similarity flags: pairs of submissions whose own code and free answers are very alike.

What is compared is what each student *added*: every line of the released template (the
student version of the instructor notebook) is removed, and so is every line that many
students share (the expected solution of a short exercise written the obvious way is not
evidence of anything). Identifiers are normalised (every variable becomes ``V``; attributes,
keywords, builtins and imported module names stay), comments and blank lines are dropped and
Markdown answers are compared by their lower-cased words. A submission's features are its
normalised lines plus the pairs of consecutive lines within a cell (a feature found in more
than a tenth of the class is dropped), so renamed variables, reordered cells and changed
comments change nothing.

Pairs are found with MinHash signatures and banded locality-sensitive hashing (candidates
whose estimated Jaccard similarity is roughly above 0.4), then confirmed with the exact Jaccard
similarity of the two feature sets; a pair is flagged when it is at least ``threshold`` and the
two share at least ``min_shared`` features. A flag is evidence for a person to judge — the report
shows the shared lines side by side — never a penalty.

Examples
--------
>>> normalise_code("total_rev = revenue.sum()  # mine\\nprint(len(total_rev))")
['V = V . sum ( )', 'print ( len ( V ) )']
>>> jaccard({1, 2, 3}, {2, 3, 4})
0.5
"""
from __future__ import annotations

import builtins
import functools
import io
import json
import keyword
import re
import tokenize
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

__all__ = ["SimilarityFlag", "normalise_code", "submission_features", "similarity_flags", "jaccard",
           "flags_for_submissions"]

_KEEP = set(dir(builtins)) | set(keyword.kwlist) | {"lk", "pd", "np", "plt", "math", "time", "labkit", "check"}
_PRIME = (1 << 31) - 1


@dataclass(frozen=True)
class SimilarityFlag:
    """Two submissions, their Jaccard similarity and the lines they share (as each wrote them)."""

    a: str
    b: str
    similarity: float
    shared: tuple = field(default=(), compare=False)  # of (line in a, line in b)

    def as_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "similarity": round(self.similarity, 4),
                "shared": [list(p) for p in self.shared]}


@functools.lru_cache(maxsize=65536)
def _normalise_cached(source: str) -> tuple[str, ...]:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return tuple(" ".join(line.split()) for line in source.split("\n") if line.strip()
                     and not line.strip().startswith("#"))
    lines: dict[int, list[str]] = {}
    prev = None
    for tok in tokens:
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                        tokenize.ENDMARKER, tokenize.ENCODING):
            continue
        text = tok.string
        if tok.type == tokenize.NAME and text not in _KEEP and not (prev is not None and prev.string == "."):
            text = "V"
        lines.setdefault(tok.start[0], []).append(text)
        prev = tok
    out = [" ".join(toks) for _, toks in sorted(lines.items())]
    return tuple(x for x in out if x)


def normalise_code(source: str) -> list[str]:
    """A cell's lines with variables renamed to ``V``, comments and spacing dropped."""
    return list(_normalise_cached(source))


def _normalise_prose(source: str) -> list[str]:
    return [" ".join(re.findall(r"\w+", line.lower())) for line in source.split("\n")
            if len(re.findall(r"\w+", line)) >= 3]


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _cells(nb) -> list[tuple[str, str]]:
    """(kind, source) of the code and Markdown cells of a notebook (dict or NotebookNode), check cells left out."""
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    return [(c.get("cell_type"), _source(c)) for c in cells if isinstance(c, dict)
            and c.get("cell_type") in ("code", "markdown")
            and "exercise" not in (c.get("metadata") or {}).get("labkit", {})]


def submission_features(nb, template_lines: set[str], template_sources: set[str]) -> tuple[dict[str, str], list[set]]:
    """(normalised line -> an original line, per-cell lists of feature strings) of one notebook, template removed."""
    originals: dict[str, str] = {}
    per_cell = []
    for kind, src in _cells(nb):
        if src in template_sources or not src.strip():
            continue
        if kind == "code":
            norm = normalise_code(src)
            raw = [line for line in src.split("\n") if line.strip() and not line.strip().startswith("#")]
        else:
            norm = _normalise_prose(src)
            raw = [line for line in src.split("\n") if len(re.findall(r"\w+", line)) >= 3]
        kept = []
        for i, n in enumerate(norm):
            if n in template_lines:
                continue
            kept.append(n)
            originals.setdefault(n, raw[i] if i < len(raw) and len(raw) == len(norm) else n)
        per_cell.append(kept)
    return originals, per_cell


def jaccard(a: set, b: set) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8"))


def _minhash(sets: Sequence[set], num_perm: int, seed: int = 1):
    import numpy as np

    rng = np.random.default_rng(seed)
    a = rng.integers(1, _PRIME, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=num_perm, dtype=np.uint64)
    sig = np.full((len(sets), num_perm), _PRIME, dtype=np.uint64)
    for i, s in enumerate(sets):
        if not s:
            continue
        h = np.fromiter((_hash(f) % _PRIME for f in s), dtype=np.uint64, count=len(s))
        sig[i] = ((np.outer(h, a) + b) % _PRIME).min(axis=0)
    return sig


def similarity_flags(docs: dict[str, tuple[dict[str, str], list[list[str]]]], *, threshold: float = 0.5,
                     min_shared: int = 4, common: float = 0.1, num_perm: int = 128, bands: int = 32,
                     exhaustive: bool | None = None) -> list[SimilarityFlag]:
    """Flag pairs of ``docs`` (name -> :func:`submission_features`) at or above ``threshold``.

    Features (lines and within-cell line pairs) found in more than ``max(4, common × len(docs))``
    submissions are dropped first.
    ``exhaustive=True`` compares every pair exactly instead of using MinHash candidates; the
    default (None) does so up to 1,000 submissions, where the exact comparison of small sets is
    faster than computing signatures (benchmarks/bench_similarity.py), and uses MinHash beyond.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    if num_perm % bands:
        raise ValueError(f"num_perm must be a multiple of bands, got {num_perm!r} and {bands!r}")
    names = sorted(docs)
    every = []
    for name in names:
        feats = set()
        for cell in docs[name][1]:
            feats.update(cell)
            feats.update(f"{x}\n{y}" for x, y in zip(cell, cell[1:]))
        every.append(feats)
    df: dict[str, int] = {}
    for feats in every:
        for x in feats:
            df[x] = df.get(x, 0) + 1
    limit = max(4, common * len(names))  # a ring of a few copiers must not hide itself
    sets = [{x for x in feats if df[x] <= limit} for feats in every]
    if exhaustive is None:
        exhaustive = len(names) <= 1000
    if exhaustive:
        candidates = {(i, j) for i in range(len(names)) for j in range(i + 1, len(names))}
    else:
        sig = _minhash(sets, num_perm)
        rows = num_perm // bands
        candidates = set()
        for band in range(bands):
            buckets: dict[bytes, list[int]] = {}
            chunk = sig[:, band * rows:(band + 1) * rows]
            for i in range(len(names)):
                if sets[i]:
                    buckets.setdefault(chunk[i].tobytes(), []).append(i)
            for members in buckets.values():
                if 1 < len(members) <= 200:
                    candidates.update((x, y) for k, x in enumerate(members) for y in members[k + 1:])
    flags = []
    for i, j in sorted(candidates):
        shared = sets[i] & sets[j]
        if len(shared) < min_shared:
            continue
        sim = jaccard(sets[i], sets[j])
        if sim >= threshold:
            lines = sorted(x for x in shared if "\n" not in x)
            pairs = tuple((docs[names[i]][0].get(x, x), docs[names[j]][0].get(x, x)) for x in lines)
            flags.append(SimilarityFlag(names[i], names[j], sim, pairs))
    return sorted(flags, key=lambda f: (-f.similarity, f.a, f.b))


def flags_for_submissions(paths: Iterable[str | Path], instructor: str | Path, **options) -> list[SimilarityFlag]:
    """Similarity flags of submission files (named by file stem) against the instructor notebook's template.

    An unreadable submission is skipped (the grader gives it its own row).
    """
    import nbformat

    from labkit.release import student_version

    template = student_version(nbformat.read(instructor, as_version=4))
    template_sources = {src for _, src in _cells(template)}
    template_lines = set()
    for kind, src in _cells(template):
        template_lines.update(normalise_code(src) if kind == "code" else _normalise_prose(src))
    docs = {}
    for p in map(Path, paths):
        try:  # plain JSON: a submission is only read here, never validated or run
            nb = json.loads(p.read_text(encoding="utf-8"))
        except Exception:
            continue
        docs[p.stem] = submission_features(nb, template_lines, template_sources)
    return similarity_flags(docs, **options)
