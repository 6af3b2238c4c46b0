"""The grading journal: one fsync'd line per finished submission, so a killed batch resumes.

The journal is an append-only JSON-lines file next to the gradebook
(``grades/ch01.csv.journal``). Its first line names the batch (instructor notebook,
exercises, points and limits); each further line holds one submission's key (its path and
the SHA-256 of its bytes) and the raw result of running it, before scoring. Lines are
written with one ``write`` and ``os.fsync``; a torn last line (the grader was killed while
writing it) is ignored. ``labkit grade --resume`` re-runs only the submissions whose key is
not in the journal (a changed file has a new key); scoring always happens afresh in the
grader process, from answers it computes itself.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "gb.csv.journal"
>>> j = Journal(path, {"spec": "demo"}, resume=False)
>>> j.append("a.ipynb:00", {"status": "ok"})
>>> sorted(Journal(path, {"spec": "demo"}, resume=True).done)
['a.ipynb:00']
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

__all__ = ["Journal", "submission_key"]

_FORMAT = "labkit-grade-journal/1"


def submission_key(path: Path, content: bytes | None) -> str:
    """The journal key of a submission: its path and a hash of its content."""
    digest = hashlib.sha256(content).hexdigest() if content is not None else "unreadable"
    return f"{path}:{digest}"


class Journal:
    """An append-only, fsync'd record of finished submissions (see the module docstring)."""

    def __init__(self, path: str | Path, batch: dict, *, resume: bool):
        self.path = Path(path)
        self.batch = json.loads(json.dumps(batch, sort_keys=True))
        self.done: dict[str, dict] = {}
        if resume and self.path.is_file():
            self._load()
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(json.dumps({"format": _FORMAT, "batch": self.batch}, sort_keys=True,
                                   ensure_ascii=False) + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)

    def _load(self) -> None:
        with open(self.path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        try:
            head = json.loads(lines[0])
        except ValueError:
            raise ValueError(f"{self.path} is not a labkit grading journal") from None
        if head.get("format") != _FORMAT:
            raise ValueError(f"{self.path} is not a labkit grading journal")
        if head.get("batch") != self.batch:
            raise ValueError(f"--resume: the journal {self.path.name} belongs to another batch "
                             "(instructor notebook, exercises or limits differ); grade without --resume")
        for line in lines[1:]:
            try:
                entry = json.loads(line)
            except ValueError:  # a torn last line
                continue
            if isinstance(entry, dict) and isinstance(entry.get("key"), str) and isinstance(entry.get("run"), dict):
                self.done[entry["key"]] = entry["run"]

    def append(self, key: str, run: dict) -> None:
        """Record one finished submission durably (one write, then fsync)."""
        line = json.dumps({"key": key, "run": run}, sort_keys=True, ensure_ascii=False) + "\n"
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
        self.done[key] = run
