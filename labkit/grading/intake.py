"""Taking submissions in without trusting them: which entries are graded, reading files safely.

* :func:`collect` lists every entry of a submissions folder except hidden folders
  (``.ipynb_checkpoints``, ``.git``): a hidden file, a symbolic link, a sub-folder or a
  special file (FIFO, socket, device) is not graded but still gets a row (:func:`refusal`),
  so nobody silently disappears and nothing outside the folder is read through a link.
* :func:`read_bounded` checks the size *before* reading (a 1.5 GB sparse file is never
  read) and opens without following links.
* :func:`read_notebook` accepts nbformat 4 and converts nbformat 3 (``worksheets``).
* :func:`internals` finds code reaching for ``labkit.checks`` internals (the answer key);
  the grader flags it in the reason column.

Examples
--------
>>> nb = {"cells": [{"cell_type": "code", "source": "x = get_exercise('nb0.top_channel').expected()"}]}
>>> internals(nb)
[(1, 'get_exercise'), (1, '.expected')]
"""
from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Iterable

__all__ = ["MAX_NOTEBOOK_BYTES", "collect", "refusal", "read_bounded", "read_fd_bounded", "read_notebook", "internals",
           "is_collect_manifest", "COLLECT_MANIFEST", "COLLECT_FORMAT"]

MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024

_INTERNALS = re.compile(r"\bget_exercise\b|\bEXERCISES\b|\.expected\b|\.variants\b|\b_registry\b"
                        r"|\b_chapter_module\b|\b_frozen_answers\b|\blabkit\.checks\.nb\d+\b"
                        r"|\bfrom\s+labkit\.checks\s+import\s+nb\d+\b")


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """Files given directly, plus every entry directly inside a given folder except hidden folders
    and the manifest ``labkit collect`` writes (:func:`is_collect_manifest`)."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir() and not p.is_symlink():
            for entry in sorted(p.iterdir()):
                if entry.name.startswith(".") and entry.is_dir() and not entry.is_symlink():
                    continue  # .ipynb_checkpoints, .git: tool folders, not submissions
                if is_collect_manifest(entry):
                    continue  # what `labkit collect` found, not a submission
                found.append(entry)
        elif p.is_file() or p.is_symlink():
            found.append(p)
        else:
            raise ValueError(f"submissions must be files or folders, got {str(p)!r}")
    return found


COLLECT_MANIFEST = "manifest.json"
COLLECT_FORMAT = "labkit-collect/1"


def is_collect_manifest(path: Path) -> bool:
    """Whether ``path`` is the manifest of a ``labkit collect`` folder: a regular file (not a link)
    named ``manifest.json`` whose ``format`` is ``labkit-collect/1``. A student cannot place one:
    collect writes only ``<user>.ipynb`` files beside it."""
    if path.name != COLLECT_MANIFEST or refusal(path) is not None:
        return False
    data, problem = read_bounded(path, 2**20 * 16)
    try:
        return problem is None and json.loads(data).get("format") == COLLECT_FORMAT
    except (ValueError, AttributeError):
        return False


def refusal(path: Path) -> str | None:
    """Why ``path`` is not graded (a reason for its row), or None for a regular visible file."""
    try:
        st = os.lstat(path)
    except OSError as err:
        return f"could not be read ({err.strerror})"
    if stat.S_ISLNK(st.st_mode):
        return "a symbolic link, not a file: not graded (put the notebook itself in the folder)"
    if stat.S_ISDIR(st.st_mode):
        return "a folder, not a file: not graded"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file (a FIFO, socket or device): not graded"
    if path.name.startswith("."):
        return "a hidden file (name starting with '.'): not graded; rename it if it is a submission"
    return None


def read_bounded(path: Path, limit: int = MAX_NOTEBOOK_BYTES) -> tuple[bytes | None, str | None]:
    """(content, None), or (None, reason) for a file that is not regular or is over ``limit`` bytes.

    The size is checked on the opened file before anything is read, and at most
    ``limit + 1`` bytes are ever read (a file growing meanwhile is refused too).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        return None, f"could not be read ({err.strerror})"
    try:
        return read_fd_bounded(fd, limit)
    finally:
        os.close(fd)


def read_fd_bounded(fd: int, limit: int = MAX_NOTEBOOK_BYTES) -> tuple[bytes | None, str | None]:
    """:func:`read_bounded` on a file already opened (the caller opens without following links, closes).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryFile() as f:
    ...     _ = f.write(b"x" * 10); _ = f.seek(0)
    ...     read_fd_bounded(f.fileno(), 20), read_fd_bounded(f.fileno(), 5)[1]
    ((b'xxxxxxxxxx', None), 'file larger than 0 MB')
    """
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        return None, "not a regular file: not graded"
    if st.st_size > limit:
        return None, f"file larger than {limit // 2**20} MB"
    chunks, total = [], 0
    while total <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        return None, f"file larger than {limit // 2**20} MB"
    return b"".join(chunks), None


def read_notebook(data: bytes):
    """(notebook, problem, notes): problem is a reason string when it is not a usable notebook.

    nbformat 3 notebooks (cells inside ``worksheets``) are converted to nbformat 4.
    """
    import nbformat

    notes = []
    if len(data) > MAX_NOTEBOOK_BYTES:
        return None, f"file larger than {MAX_NOTEBOOK_BYTES // 2**20} MB", notes
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            text = data.decode("gb18030")
            notes.append("The file was not UTF-8; it was read as GB18030. Save notebooks from Jupyter.")
        except UnicodeDecodeError:
            return None, f"not UTF-8 text (bad byte at position {err.start})", notes
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as err:
        return None, f"not a notebook: invalid JSON ({str(err)[:80]})", notes
    if not isinstance(raw, dict) or "nbformat" not in raw or not ("cells" in raw or "worksheets" in raw):
        return None, "not a notebook: JSON without cells/nbformat", notes
    try:  # nbformat.reads would also log every schema error; validate quietly instead
        version = raw.get("nbformat")
        nb = nbformat.convert(nbformat.reader.reads(text), 4)
        nbformat.validate(nb)
        if version == 3:
            notes.append("The notebook was in the old nbformat 3; it was converted to nbformat 4.")
    except Exception as err:  # nbformat raises several types for schema problems
        first = str(err).strip().split("\n")[0][:120]
        return None, f"not a valid notebook ({type(err).__name__}: {first})", notes
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel not in (None, "python3"):
        notes.append(f"The notebook asked for kernel {str(kernel)[:40]!r}; it was run with python3.")
    return nb, None, notes


def internals(nb) -> list[tuple[int, str]]:
    """(cell number from 1, name) for code reaching for ``labkit.checks`` internals (the answer key)."""
    found = []
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        seen = []
        for m in _INTERNALS.finditer(source):
            name = " ".join(m.group(0).split())
            if name not in seen:
                seen.append(name)
        found += [(i + 1, name) for name in seen]
    return found
