"""Running one submission in a fresh, limited kernel.

By default the kernel runs in its own OS sandbox (:mod:`labkit.grading.bwrap`: own user,
pid and network namespaces, read-only runtime and labkit without the answer key, a
size-limited ``/tmp``), reached over jupyter_client's ``ipc`` transport. Inside it the kernel
is started through ``_launch.py`` with ``RLIMIT_AS``/``RLIMIT_FSIZE`` (a second layer); a
per-cell timeout interrupts the kernel (the next cell runs), a total timeout kills the
sandbox, and an output cap counts every output and widget message and drops what is over it.
``Limits(sandbox=False)`` (``labkit grade --no-sandbox``) runs the kernel as the grader's user
in a temporary folder holding copies of labkit and the datasets, as before the sandbox.
What each mode does and does not guarantee is in ``docs/grading.md``.
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
# widget traffic counts against the output cap too (nbclient stores widget state in the notebook)
_COMM_TYPES = ("comm_open", "comm_msg", "comm_close")
# the largest message the grader accepts from a kernel at all (zmq drops bigger ones unread)
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
# the grader's own answer payload, exempt from the output cap once per grader cell, up to this
MAX_GRADER_PAYLOAD = 48 * 1024 * 1024
CELL_TIMEOUT_ENAME = "CellTimeoutError"


@dataclass(frozen=True)
class Limits:
    """Resource limits of one submission's run.

    cell_timeout and total_timeout are seconds; memory_mb caps the kernel's address space
    (Linux); output_mb caps the stored outputs and widget messages of the student's cells;
    file_mb caps any single file the kernel writes; disk_mb is the size of the sandbox's
    ``/tmp`` (working folder, ``HOME``, ``TMPDIR``). ``sandbox=False`` runs the kernel without
    the OS sandbox (``--no-sandbox``; only where none can be made).
    """

    cell_timeout: float = 60
    total_timeout: float = 300
    memory_mb: int = 2048
    output_mb: float = 10
    file_mb: int = 256
    disk_mb: int = 512
    sandbox: bool = True

    def __post_init__(self):
        for name in ("cell_timeout", "total_timeout", "output_mb"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(bilingual(f"{name} must be a positive number, got {value!r}"))
        if not isinstance(self.sandbox, bool):
            raise ValueError(bilingual(f"sandbox must be True or False, got {self.sandbox!r}"))
        for name in ("memory_mb", "file_mb", "disk_mb"):
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
    notes: list[str] = field(default_factory=list)  # for the reason column (e.g. a disk cap hit)
    sandboxed: bool = False


def _quiet_log():
    """nbclient reports timeouts as log errors; the grader reports them in the gradebook instead."""
    import logging

    log = logging.getLogger("labkit.grading.kernel")
    if not log.handlers:
        log.addHandler(logging.NullHandler())
        log.propagate = False
    return log


def _counting_log():
    """A quiet logger of its own that counts nbclient's "Timeout waiting for IOPub output"."""
    import logging

    class Counter(logging.Handler):
        silent = 0

        def emit(self, record):
            if "Timeout waiting for IOPub" in str(record.msg):
                self.silent += 1

    log = logging.Logger("labkit.grading.kernel.run")
    counter = Counter()
    log.addHandler(counter)
    return log, counter


def _kernel_manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class LimitedKernelManager(AsyncKernelManager):
        """Starts the kernel through ``wrapper`` (the sandbox and ``_launch.py``'s limits).

        Inside the sandbox a SIGINT would reach bubblewrap, not the kernel, so interrupts
        travel as ``interrupt_request`` messages on the control channel.
        """

        wrapper: list = []
        interrupt_by_message: bool = False
        max_message: int = 0

        def client(self, **kwargs):
            kc = super().client(**kwargs)
            if self.max_message:  # before any channel socket exists: messages over it are refused unread
                import zmq

                kc.context.setsockopt(zmq.MAXMSGSIZE, self.max_message)
            return kc

        def format_kernel_cmd(self, extra_arguments=None):
            return [*self.wrapper, *super().format_kernel_cmd(extra_arguments)]

        async def _async_interrupt_kernel(self) -> None:
            if self.interrupt_by_message and self.has_kernel:
                self._connect_control_socket()
                self.session.send(self._control_socket, self.session.msg("interrupt_request", content={}))
                return
            await super()._async_interrupt_kernel()

        interrupt_kernel = _async_interrupt_kernel

    return LimitedKernelManager


def _client_class():
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """Counts output and widget bytes of student cells and drops everything beyond the cap.

        Only the first output per grader cell that carries the grader's MIME type *and* this
        run's nonce is exempt (and only up to MAX_GRADER_PAYLOAD); a malformed widget
        message is dropped instead of failing the run.
        """

        budget: int = 0
        dropped: int = 0
        exempt: set = set()  # indices of the grader's own cells
        exempt_used: set = set()

        def process_message(self, msg, cell, cell_index):
            kind = msg.get("msg_type")
            if kind in _OUTPUT_TYPES or kind in _COMM_TYPES:
                size = _size(msg.get("content"))
                if not self._grader_output(msg, cell, cell_index, size):
                    if size > self.budget:
                        self.budget = 0
                        self.dropped += size
                        return None
                    self.budget -= size
            if kind in _COMM_TYPES:
                try:
                    return super().process_message(msg, cell, cell_index)
                except Exception:  # a malformed comm message from the kernel: drop it
                    return None
            return super().process_message(msg, cell, cell_index)

        def _grader_output(self, msg, cell, cell_index, size) -> bool:
            # a student's background thread printing while a grader cell runs is still capped,
            # and so is anything carrying the MIME key without this run's nonce
            from labkit.grading._answers import MIME

            if cell_index not in self.exempt or cell_index in self.exempt_used:
                return False
            if msg.get("msg_type") != "display_data" or size > MAX_GRADER_PAYLOAD:
                return False
            data = msg.get("content", {}).get("data")
            payload = data.get(MIME) if isinstance(data, dict) else None
            nonce = payload.get("nonce") if isinstance(payload, dict) else None
            if not (isinstance(nonce, str) and len(nonce) >= 16 and nonce.isalnum()
                    and f'"{nonce}"' in str(cell.get("source", ""))):
                return False
            self.exempt_used.add(cell_index)
            return True

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


def _font_caches() -> list[Path]:
    try:
        import matplotlib

        return sorted(Path(matplotlib.get_cachedir()).glob("fontlist-*.json"))
    except Exception:  # no cache yet: the kernel builds one (slower, still correct)
        return []


_COMMON_ENV = {"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONHASHSEED": "0",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "PYDEVD_DISABLE_FILE_VALIDATION": "1", "JUPYTER_PLATFORM_DIRS": "1",
               "PYTHONDONTWRITEBYTECODE": "1", "LABKIT_GRADING": "1",
               # a `!pip install ...` cell copied from a tutorial must not change the grader's Python
               "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _prepare_folder(folder: Path, data_files: dict[str, bytes]) -> dict[str, str]:
    """Without the sandbox: fill the working folder with copies; return the kernel's environment."""
    data = folder / "datasets"
    data.mkdir()
    for name, content in data_files.items():
        (data / name).write_bytes(content)
    lib = folder / ".labkit-lib"
    from labkit.grading.bwrap import is_answer_key

    def ignore(folder, names):  # no bytecode, and no answer key (labkit/checks/nbN.py)
        return [n for n in names if n == "__pycache__" or n.endswith(".pyc")
                or (Path(folder).name == "checks" and is_answer_key(n))]

    shutil.copytree(_labkit_root(), lib / "labkit", ignore=ignore)
    home = folder / ".home"
    (home / "tmp").mkdir(parents=True)
    mpl = home / ".matplotlib"
    mpl.mkdir()
    for font_cache in _font_caches():
        shutil.copy(font_cache, mpl / font_cache.name)
    keep = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT") if k in os.environ}
    return {**keep, **_COMMON_ENV, "HOME": str(home), "USERPROFILE": str(home), "TMPDIR": str(home / "tmp"),
            "LABKIT_DATA": str(data), "PYTHONPATH": str(lib), "MPLCONFIGDIR": str(mpl),
            "IPYTHONDIR": str(home / ".ipython")}


def _prepare_sandbox(root: Path, data_files: dict[str, bytes], limits: Limits) -> tuple[list, Path]:
    """With the sandbox: stage the datasets read-only; return (wrapper argv, socket folder)."""
    from labkit.grading import bwrap

    data = root / "data"
    data.mkdir()
    for name, content in data_files.items():
        if "/" in name or name.startswith("."):
            continue
        (data / name).write_bytes(content)
        (data / name).chmod(0o444)
    sockets = root / "s"
    sockets.mkdir()
    home = bwrap.INSIDE_HOME
    env = {**_COMMON_ENV, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
           "LANG": os.environ.get("LANG", "C.UTF-8"), "HOME": home, "TMPDIR": "/tmp",
           "USER": "student", "LOGNAME": "student", "LABKIT_DATA": bwrap.INSIDE_DATA,
           "PYTHONPATH": bwrap.INSIDE_LIB, "MPLCONFIGDIR": f"{home}/.matplotlib",
           "IPYTHONDIR": f"{home}/.ipython"}
    argv = bwrap.command(labkit_src=_labkit_root(), data_dir=data, sockets=sockets,
                         disk_mb=limits.disk_mb, env=env)
    # matplotlib's font list, read-only, so the kernel need not rebuild it
    cut = argv.index("--chdir")
    fonts = []
    for cache in _font_caches():
        fonts += ["--ro-bind", str(cache), f"{home}/.matplotlib/{cache.name}"]
    argv[cut:cut] = fonts
    launch = f"{bwrap.INSIDE_LIB}/labkit/grading/{_LAUNCH.name}"
    return [*argv, "--", sys.executable, launch, str(limits.memory_mb), str(limits.file_mb),
            _lifetime(limits), "--"], sockets


def _student_number(index: int, grader_cells) -> int:
    """The 1-based number among the student's own cells of executed cell ``index``."""
    return index + 1 - sum(1 for g in grader_cells if g < index)


def _lifetime(limits: Limits) -> str:
    """Seconds after which ``_launch.py``'s watchdog kills a kernel nobody shut down: twice the
    total time limit plus two minutes, well beyond anything the grader itself waits for."""
    return f"{2 * limits.total_timeout + 120:g}"


def _folder_bytes(folder: Path, cap: int) -> int:
    """Bytes in the files of ``folder`` (not following links), stopping once over ``cap``."""
    total = 0
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                total += max(st.st_size, getattr(st, "st_blocks", 0) * 512)
                if total > cap:
                    break
    except OSError:
        pass
    return total


def _kill_group(km) -> None:
    pgid = getattr(getattr(km, "provisioner", None), "pgid", None)
    if pgid and hasattr(os, "killpg"):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    process = getattr(getattr(km, "provisioner", None), "process", None)
    if process is not None:
        try:
            process.kill()
        except (ProcessLookupError, PermissionError, OSError):
            pass


def _hide_sockets(sockets: Path) -> Path:
    """Once the kernel is up, move the socket folder away from the paths the grader's sockets use.

    zmq reconnects to a path whenever a connection drops; a kernel that replaced its socket
    files (say, by a link to some other socket of the machine) could redirect the grader.
    After the rename, those paths no longer exist on the host and only the grader could
    create them again (the kernel sees the folder only through its own bind mount, which
    follows the folder). Returns the folder's new path.
    """
    moved = sockets.with_name(sockets.name + "-connected")
    os.rename(sockets, moved)
    return moved


def _run_grader_cell(client, nb, source: str):
    import nbformat

    cell = nbformat.v4.new_code_cell(source)
    nb.cells.append(cell)
    client.exempt.add(len(nb.cells) - 1)
    return client.execute_cell(cell, len(nb.cells) - 1)


def run_notebook(nb, grader_cells: set[int], limits: Limits, data_files: dict[str, bytes],
                 after=None) -> RunOutcome:
    """Execute ``nb`` in place in a fresh limited kernel (in its sandbox unless ``limits.sandbox`` is off).

    Every code cell runs even after errors; a cell over ``cell_timeout`` is interrupted.
    ``grader_cells`` are the indices of the grader's own cells: their answer payload (with
    this run's nonce) is not counted against the output cap.
    ``data_files`` (name -> bytes) become the kernel's read-only ``datasets/`` folder.
    ``after(run_cell)``, when given, runs while the kernel is still alive (the time limits
    still apply); ``run_cell(source)`` executes a grader cell and returns it with outputs.
    Raises :class:`labkit.grading.bwrap.SandboxUnavailable` when a sandbox is asked for and
    none can be made.
    """
    from nbclient.exceptions import DeadKernelError

    if limits.sandbox:
        from labkit.grading import bwrap

        ok, why = bwrap.probe()
        if not ok:
            raise bwrap.SandboxUnavailable(why)
    root = Path(tempfile.mkdtemp(prefix="labkit-grade-"))
    outcome = RunOutcome(nb, sandboxed=limits.sandbox)
    start = time.monotonic()
    km = None
    try:
        km = _kernel_manager_class()(kernel_name="python3", log=_quiet_log())
        if limits.sandbox:
            import zmq

            km.wrapper, sockets = _prepare_sandbox(root, data_files, limits)
            km.interrupt_by_message = True
            km.transport, km.ip = "ipc", str(sockets / "k")
            km.connection_file = str(sockets / "kernel.json")
            km.context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
            km.max_message = MAX_MESSAGE_BYTES
            env, cwd, watched = {}, str(sockets), [sockets]
        else:
            folder = root / "work"
            folder.mkdir()
            env = _prepare_folder(folder, data_files)
            km.wrapper = [sys.executable, str(_LAUNCH), str(limits.memory_mb), str(limits.file_mb),
                          _lifetime(limits), "--"]
            cwd, watched = str(folder), []
        run_log, silence = _counting_log()
        client = _client_class()(
            nb, km=km, timeout=max(1, round(limits.cell_timeout)), allow_errors=True,
            interrupt_on_timeout=True, kernel_name="python3", iopub_timeout=4,
            error_on_timeout={"ename": CELL_TIMEOUT_ENAME,
                              "evalue": f"cell ran longer than {limits.cell_timeout:g} s",
                              "traceback": []},
            startup_timeout=60, shutdown_kernel="immediate", record_timing=False, log=run_log,
            resources={"metadata": {"path": cwd}})
        client.budget = int(limits.output_mb * 1024 * 1024)
        client.exempt = set(grader_cells)
        client.exempt_used = set()
        fired, stop = threading.Event(), threading.Event()
        disk_cap = max(1, limits.file_mb) * 1024 * 1024

        def on_error(cell, cell_index, execute_reply):
            if execute_reply["content"].get("ename") == CELL_TIMEOUT_ENAME:
                outcome.timed_out_cells.append(cell_index)

        client.on_cell_error = on_error

        def watchdog():
            deadline = time.monotonic() + limits.total_timeout
            while not stop.wait(0.25):
                if time.monotonic() >= deadline:
                    fired.set()
                    _kill_group(km)
                    return
                if watched and _folder_bytes(watched[-1], disk_cap) > disk_cap:
                    outcome.notes.append(f"wrote more than {limits.file_mb} MB into its socket folder; "
                                         "kernel stopped")
                    _kill_group(km)
                    return

        timer = threading.Thread(target=watchdog, daemon=True)
        stuck_kernel = False  # a cell ignored its interrupt and the cells after it waited behind it
        try:
            with client.setup_kernel(env=env, cwd=cwd, cleanup_kc=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
                timer.start()
                if limits.sandbox:
                    watched.append(_hide_sockets(watched[0]))
                quiet, first_quiet = 0, 0
                for index, cell in enumerate(nb.cells):
                    if fired.is_set():
                        raise DeadKernelError("total time limit")
                    before = silence.silent
                    client.execute_cell(cell, index)
                    quiet = quiet + 1 if silence.silent > before else 0
                    first_quiet = index if quiet == 1 else first_quiet
                    if quiet >= 2:
                        earlier = [i for i in outcome.timed_out_cells if i < first_quiet]
                        if first_quiet in outcome.timed_out_cells and earlier:
                            # the cells waited behind one that ignored its interrupt: the kernel is stuck
                            stuck = earlier[-1]
                            outcome.timed_out_cells = [i for i in outcome.timed_out_cells if i <= stuck]
                            outcome.notes.append(
                                f"cell {_student_number(stuck, grader_cells)} kept running past its "
                                f"{limits.cell_timeout:g} s time limit and ignored the interrupt (it catches or "
                                "blocks KeyboardInterrupt); the cells after it could not run and the kernel was stopped")
                            stuck_kernel = True
                        else:  # the output channel is gone (a message over MAX_MESSAGE_BYTES)
                            outcome.notes.append(
                                f"no output arrived from about cell {_student_number(first_quiet, grader_cells)} on "
                                f"(one output message over {MAX_MESSAGE_BYTES // 2**20} MB closes the kernel's "
                                "output channel); the rest was not run")
                        break
                if after is not None and quiet < 2:
                    outcome.after = after(lambda source: _run_grader_cell(client, nb, source))
        except DeadKernelError:
            outcome.ended = "timeout" if fired.is_set() else "kernel_died"
        except Exception:
            if fired.is_set():
                outcome.ended = "timeout"
            elif outcome.notes:
                outcome.ended = "kernel_died"
            else:
                raise
        finally:
            stop.set()
        if outcome.ended == "finished" and stuck_kernel:
            outcome.ended = "timeout"
        outcome.dropped_output_bytes = client.dropped
    finally:
        if km is not None:
            _kill_group(km)
        shutil.rmtree(root, ignore_errors=True)
        outcome.seconds = time.monotonic() - start
    return outcome
