"""Running one submission in a fresh, limited kernel inside its own temporary folder.

What the sandbox does (and what it cannot do) is documented in ``docs/grading.md``:
separate temporary folder holding a private copy of labkit and the datasets, a clean
environment (``HOME``, ``TMPDIR``, ``LABKIT_DATA`` point into that folder), a kernel started
through ``_launch.py`` with ``RLIMIT_AS``/``RLIMIT_FSIZE``, a per-cell timeout (the kernel
is interrupted and the next cell runs), a total timeout (a watchdog kills the kernel's
whole process group), and an output cap (outputs beyond it are counted and dropped).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from labkit.errors import bilingual

__all__ = ["Limits", "RunOutcome", "run_notebook"]

_LAUNCH = Path(__file__).with_name("_launch.py")
_OUTPUT_TYPES = ("stream", "display_data", "execute_result", "update_display_data", "error")
CELL_TIMEOUT_ENAME = "CellTimeoutError"


@dataclass(frozen=True)
class Limits:
    """Resource limits of one submission's run.

    cell_timeout and total_timeout are seconds; memory_mb caps the kernel's address space
    (Linux); output_mb caps the stored outputs of the student's cells; file_mb caps any
    single file the kernel writes.
    """

    cell_timeout: float = 60
    total_timeout: float = 300
    memory_mb: int = 2048
    output_mb: float = 10
    file_mb: int = 256

    def __post_init__(self):
        for name in ("cell_timeout", "total_timeout", "output_mb"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(bilingual(f"{name} must be a positive number, got {value!r}"))
        for name in ("memory_mb", "file_mb"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(bilingual(f"{name} must be a whole number >= 0 (0 = no cap), got {value!r}"))


@dataclass
class RunOutcome:
    """What happened when the notebook ran: executed notebook, how it ended, details."""

    nb: object
    ended: str = "finished"          # finished | timeout | kernel_died
    timed_out_cells: list[int] = field(default_factory=list)
    dropped_output_bytes: int = 0
    seconds: float = 0.0
    after: object = None              # what the ``after`` callback returned


def _quiet_log():
    """nbclient reports timeouts as log errors; the grader reports them in the gradebook instead."""
    import logging

    log = logging.getLogger("labkit.grading.kernel")
    if not log.handlers:
        log.addHandler(logging.NullHandler())
        log.propagate = False
    return log


def _kernel_manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class LimitedKernelManager(AsyncKernelManager):
        """Starts the kernel through ``_launch.py`` so resource limits apply to it."""

        wrapper: list = []

        def format_kernel_cmd(self, extra_arguments=None):
            return [*self.wrapper, *super().format_kernel_cmd(extra_arguments)]

    return LimitedKernelManager


def _client_class():
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """Counts output bytes of student cells and drops everything beyond the cap."""

        budget: int = 0
        dropped: int = 0
        exempt: set = set()  # indices of the grader's own cells

        def process_message(self, msg, cell, cell_index):
            if msg.get("msg_type") in _OUTPUT_TYPES and not self._grader_output(msg, cell_index):
                size = _size(msg.get("content"))
                if size > self.budget:
                    self.budget = 0
                    self.dropped += size
                    return None
                self.budget -= size
            return super().process_message(msg, cell, cell_index)

        def _grader_output(self, msg, cell_index) -> bool:
            # only the grader's own payloads are exempt: a student's background thread
            # printing while a grader cell runs is still capped
            from labkit.grading._answers import MIME

            data = msg.get("content", {}).get("data")
            return cell_index in self.exempt and isinstance(data, dict) and MIME in data

    return CappedClient


def _size(content) -> int:
    if isinstance(content, str):
        return len(content)
    if isinstance(content, dict):
        return sum(_size(v) for v in content.values()) + 8 * len(content)
    if isinstance(content, list):
        return sum(_size(v) for v in content)
    return 8


def _labkit_root() -> Path:
    return Path(__file__).resolve().parents[1]


def _prepare_folder(folder: Path, data_files: dict[str, bytes]) -> dict[str, str]:
    """Fill the working folder; return the kernel's environment."""
    data = folder / "datasets"
    data.mkdir()
    for name, content in data_files.items():
        (data / name).write_bytes(content)
    lib = folder / ".labkit-lib"
    shutil.copytree(_labkit_root(), lib / "labkit",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    home = folder / ".home"
    (home / "tmp").mkdir(parents=True)
    mpl = home / ".matplotlib"
    mpl.mkdir()
    try:
        import matplotlib

        for font_cache in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
            shutil.copy(font_cache, mpl / font_cache.name)
    except Exception:  # no cache yet: the kernel builds one (slower, still correct)
        pass
    keep = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT") if k in os.environ}
    return {**keep, "HOME": str(home), "USERPROFILE": str(home), "TMPDIR": str(home / "tmp"),
            "LABKIT_DATA": str(data), "PYTHONPATH": str(lib), "MPLCONFIGDIR": str(mpl),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline", "IPYTHONDIR": str(home / ".ipython"), "PYTHONHASHSEED": "0",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1", "JUPYTER_PLATFORM_DIRS": "1",
            # a `!pip install ...` cell copied from a tutorial must not change the grader's Python
            "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _kill_group(km) -> None:
    pgid = getattr(getattr(km, "provisioner", None), "pgid", None)
    if pgid and hasattr(os, "killpg"):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _run_grader_cell(client, nb, source: str):
    import nbformat

    cell = nbformat.v4.new_code_cell(source)
    nb.cells.append(cell)
    client.exempt.add(len(nb.cells) - 1)
    return client.execute_cell(cell, len(nb.cells) - 1)


def run_notebook(nb, grader_cells: set[int], limits: Limits, data_files: dict[str, bytes],
                 after=None) -> RunOutcome:
    """Execute ``nb`` in place in a fresh limited kernel inside a new temporary folder.

    Every code cell runs even after errors; a cell over ``cell_timeout`` is interrupted.
    ``grader_cells`` are the indices of the grader's own cells: their output is never capped.
    ``data_files`` (name -> bytes) become the kernel's ``datasets/`` folder.
    ``after(run_cell)``, when given, runs while the kernel is still alive (the time limits
    still apply); ``run_cell(source)`` executes a grader cell and returns it with outputs.
    """
    from nbclient.exceptions import DeadKernelError

    folder = Path(tempfile.mkdtemp(prefix="labkit-grade-"))
    outcome = RunOutcome(nb)
    start = time.monotonic()
    km = None
    try:
        env = _prepare_folder(folder, data_files)
        km = _kernel_manager_class()(kernel_name="python3", log=_quiet_log())
        km.wrapper = [sys.executable, str(_LAUNCH), str(limits.memory_mb), str(limits.file_mb), "--"]
        client = _client_class()(
            nb, km=km, timeout=max(1, round(limits.cell_timeout)), allow_errors=True,
            interrupt_on_timeout=True, kernel_name="python3", iopub_timeout=4,
            error_on_timeout={"ename": CELL_TIMEOUT_ENAME,
                              "evalue": f"cell ran longer than {limits.cell_timeout:g} s",
                              "traceback": []},
            startup_timeout=60, shutdown_kernel="immediate", record_timing=False, log=_quiet_log(),
            resources={"metadata": {"path": str(folder)}})
        client.budget = int(limits.output_mb * 1024 * 1024)
        client.exempt = set(grader_cells)
        fired = threading.Event()

        def on_error(cell, cell_index, execute_reply):
            if execute_reply["content"].get("ename") == CELL_TIMEOUT_ENAME:
                outcome.timed_out_cells.append(cell_index)

        client.on_cell_error = on_error

        def watchdog():
            fired.set()
            _kill_group(km)

        timer = threading.Timer(limits.total_timeout, watchdog)
        try:
            with client.setup_kernel(env=env, cwd=str(folder), cleanup_kc=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
                timer.start()
                for index, cell in enumerate(nb.cells):
                    if fired.is_set():
                        raise DeadKernelError("total time limit")
                    client.execute_cell(cell, index)
                if after is not None:
                    outcome.after = after(lambda source: _run_grader_cell(client, nb, source))
        except DeadKernelError:
            outcome.ended = "timeout" if fired.is_set() else "kernel_died"
        except Exception:
            if fired.is_set():
                outcome.ended = "timeout"
            else:
                raise
        finally:
            timer.cancel()
        outcome.dropped_output_bytes = client.dropped
    finally:
        if km is not None:
            _kill_group(km)
        shutil.rmtree(folder, ignore_errors=True)
        outcome.seconds = time.monotonic() - start
    return outcome
