"""Grading on a Dask cluster: the same pure "grade one submission" function, run on Dask workers.

``grade(..., cluster="local")`` starts a :class:`distributed.LocalCluster` (one worker process
per job, one thread each); ``cluster="tcp://HOST:PORT"`` connects to a running scheduler. Only
the executor differs from the process pool: the client (the grader process) collects the
files, keeps the journal and the progress bar and scores every run itself.

* What travels once: the spec, the limits, the datasets' bytes and the expected answers as
  plain values computed on the client (:func:`labkit.grading._score._answer_values`), in one
  :class:`Context` scattered to every worker (``broadcast=True``). A task carries only the
  submission's file name and bytes (:func:`grade_one`), so workers need not share a filesystem.
* Workers are checked before the batch (:func:`worker_status` on each): one that cannot make
  the OS sandbox, or runs another labkit (version and a hash of its sources,
  :func:`fingerprint`), is excluded and named on stderr; none fit -> ``SandboxUnavailable``.
  :func:`grade_one` refuses (raises) on such a worker too, so a worker that joins later and
  slips through cannot grade unsafely.
* A lost task (its worker died) is resubmitted once under a new key, then becomes an error
  row; when no fit worker is left for ``grace`` seconds the remaining submissions become
  error rows, so a batch always ends. Each result is journaled the moment it arrives.

Examples
--------
>>> check_cluster("local")
'local'
>>> check_cluster("tcp://10.0.0.5:8786")
'tcp://10.0.0.5:8786'
>>> check_cluster("10.0.0.5:8786")
Traceback (most recent call last):
...
ValueError: cluster must be 'local' or a scheduler address tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786), got '10.0.0.5:8786'
cluster 必须是 'local' 或调度器地址 tcp://主机:端口（例如 tcp://10.0.0.5:8786），收到的是 '10.0.0.5:8786'
"""
from __future__ import annotations

import collections
import dataclasses
import hashlib
import itertools
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

from labkit.grading._execute import _execute_safely, _Execution, _from_json, _to_json
from labkit.grading._sandbox import Limits
from labkit.grading._score import _answer_values, _apply_answers
from labkit.grading._spec import MAX_NOTEBOOK_BYTES, GradingSpec

__all__ = ["Context", "check_cluster", "fingerprint", "worker_status", "grade_one", "run_on_cluster"]

# Row reasons, in the words of the process pool's "the grading worker process died".
LOST_TWICE = "the grading worker was lost twice (killed, crashed or disconnected)"
NO_WORKER = "no grading worker left: every worker fit to grade was gone for {grace:g} s"
GRACE = 60.0  # seconds without any fit worker (or scheduler) before the rest become error rows
POLL = 1.0  # seconds between looks at the cluster while waiting for results
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler given as tcp://HOST:PORT

_ADDRESS = re.compile(r"tcp://([A-Za-z0-9][A-Za-z0-9.\-]*|\[[0-9A-Fa-f:.]+\]):(\d{1,5})")


@dataclasses.dataclass(frozen=True)
class Context:
    """Everything a worker needs besides the submission, sent once per batch."""

    spec: GradingSpec
    limits: Limits
    prefer_id: str
    data_files: dict[str, bytes]
    answers: dict[str, tuple]  # exercise id -> (expected value, (variant values, ...))
    fingerprint: tuple[str, str]  # (labkit version, SHA-256 of labkit's .py sources)
    token: str


def check_cluster(cluster: object) -> str:
    """``cluster`` itself when it is ``"local"`` or ``tcp://HOST:PORT``, else a bilingual ValueError."""
    m = _ADDRESS.fullmatch(cluster) if isinstance(cluster, str) else None
    if cluster == "local" or (m and 1 <= int(m.group(2)) <= 65535):
        return cluster  # type: ignore[return-value]
    raise ValueError(
        f"cluster must be 'local' or a scheduler address tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786), got {cluster!r}\n"
        f"cluster 必须是 'local' 或调度器地址 tcp://主机:端口（例如 tcp://10.0.0.5:8786），收到的是 {cluster!r}")


def fingerprint() -> tuple[str, str]:
    """(labkit version, SHA-256 over the names and bytes of labkit's ``.py`` files).

    Examples
    --------
    >>> version, digest = fingerprint()
    >>> len(digest)
    64
    """
    import labkit

    root = Path(labkit.__file__).resolve().parent
    digest = hashlib.sha256()
    for f in sorted(root.rglob("*.py")):
        if "__pycache__" not in f.parts:
            digest.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return labkit.__version__, digest.hexdigest()


def _mismatch(worker: tuple[str, str], client: tuple[str, str]) -> str:
    return (f"this worker runs labkit {worker[0]} (sources {worker[1][:12]}) but the grader runs labkit "
            f"{client[0]} (sources {client[1][:12]}); install the same labkit on every worker\n"
            f"此工作进程的 labkit 为 {worker[0]}（源码 {worker[1][:12]}），评分端为 {client[0]}"
            f"（源码 {client[1][:12]}）；请在每个工作节点安装相同的 labkit")


def worker_status() -> dict:
    """What the client asks every worker before a batch: can it sandbox, which labkit is it."""
    from labkit.grading.bwrap import probe

    return {"sandbox": probe(), "fingerprint": fingerprint()}


# ---------------------------------------------------------------- the worker side

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {"ready": False, "fingerprint": None, "probe": None, "answers": set()}


def _prepare(context: Context) -> None:
    """Once per worker process: preload, no bytecode in the course tree, the frozen answers.

    Raises when this worker runs another labkit than the client or cannot make the sandbox
    the limits ask for. Workers are dedicated grading processes, so the settings stay.
    """
    from labkit.grading._proc import preload
    from labkit.grading.bwrap import SandboxUnavailable, probe

    with _LOCK:
        if _STATE["fingerprint"] is None:
            _STATE["fingerprint"] = fingerprint()
        if _STATE["fingerprint"] != tuple(context.fingerprint):
            raise RuntimeError(_mismatch(_STATE["fingerprint"], tuple(context.fingerprint)))
        if context.limits.sandbox:
            if _STATE["probe"] is None or not _STATE["probe"][0]:
                _STATE["probe"] = probe()
            ok, why = _STATE["probe"]
            if not ok:
                raise SandboxUnavailable(f"this worker cannot make the OS sandbox: {why}; it refuses to "
                                         "grade student code unisolated\n此工作进程无法建立操作系统沙箱，"
                                         "拒绝在无隔离的情况下运行学生代码")
        if not _STATE["ready"]:
            preload()
            sys.pycache_prefix = tempfile.mkdtemp(prefix="labkit-pycache-")
            sys.dont_write_bytecode = True
            _STATE["ready"] = True
        if context.token not in _STATE["answers"]:
            _apply_answers(context.answers)
            _STATE["answers"].add(context.token)


def grade_one(name: str, data: bytes, context: Context) -> dict:
    """Run one submission (its file name and bytes) on this worker; the raw run as plain data.

    The bytes are written under ``name`` in a private temporary folder, run exactly as the
    process pool runs a file, and the folder is removed. The result equals the pool's for the
    same file: the student id comes from the file name (or the notebook's metadata).

    Parameters
    ----------
    name : str
        The submission's file name (no folder part), e.g. ``"2026001.ipynb"``.
    data : bytes
        Its content, already checked on the client (a regular file of at most 50 MB).
    context : Context
        The batch's scattered context (spec, limits, datasets, expected answers, fingerprint).

    Returns
    -------
    dict
        The run as :func:`labkit.grading._execute._to_json` gives it (what the journal stores).

    Raises
    ------
    RuntimeError
        This worker runs another labkit than the client (both versions named).
    SandboxUnavailable
        The limits ask for the OS sandbox and this worker cannot make one.
    """
    if not isinstance(name, str) or Path(name).name != name or name in ("", ".", ".."):
        raise ValueError(f"name must be a plain file name, got {name!r}\nname 必须是单纯的文件名，收到的是 {name!r}")
    _prepare(context)
    folder = tempfile.mkdtemp(prefix="labkit-submission-")
    try:
        path = Path(folder) / name
        path.write_bytes(data)
        run = _execute_safely(path, context.spec, context.limits, context.data_files, context.prefer_id)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _to_json(run)


# ---------------------------------------------------------------- the client side

def _say(message: str) -> None:
    sys.stderr.write(f"labkit grade: {message}\n")
    sys.stderr.flush()


def _connect(cluster: str, jobs: int, say: Callable[[str], None]):
    """(client, close): a LocalCluster of ``jobs`` workers, or a client of a running scheduler."""
    import logging

    import dask
    import distributed

    if cluster == "local":
        # our own single retry is the policy; one task per single-thread worker at a time
        with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                              "distributed.scheduler.worker-saturation": 1.0}):
            local = distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                             dashboard_address=":0", silence_logs=logging.ERROR)
            client = distributed.Client(local)

        def close() -> None:
            client.close()
            local.close()
    else:
        try:
            client = distributed.Client(cluster, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as err:
            raise ConnectionError(f"could not reach the Dask scheduler at {cluster}: {err}\n"
                                  f"无法连接 {cluster} 上的 Dask 调度器") from None
        close = client.close
    if _dashboard_served(client.dashboard_link):
        say(f"Dask dashboard: {client.dashboard_link}\nDask 仪表板：{client.dashboard_link}")
    else:
        say("the Dask dashboard is not available (the scheduler serves none: bokeh is missing where it runs, or "
            "it was started with --no-dashboard); pip install 'labkit[cluster]' there to have it\n"
            "Dask 仪表板不可用（调度器所在环境缺少 bokeh，或以 --no-dashboard 启动）；在该环境 pip install 'labkit[cluster]' 即可")
    return client, close


def _dashboard_served(link: str) -> bool:
    """Does the scheduler serve its dashboard page? Its web server runs without bokeh too: then
    the page is a 404 (``--no-dashboard``) or, in recent Dask, a 200 saying "Dask needs bokeh"."""
    import urllib.request

    try:
        with urllib.request.urlopen(link, timeout=5) as response:
            return response.status == 200 and b"needs bokeh" not in response.read(1 << 16)
    except Exception:  # 404, refused, unreachable
        return False


def _fit(status: object, context: Context) -> str | None:
    """Why a worker with this :func:`worker_status` answer may not grade, or None when it may."""
    if not isinstance(status, dict):
        return f"it did not answer the check ({type(status).__name__}: {status})"
    if tuple(status.get("fingerprint", ())) != tuple(context.fingerprint):
        return _mismatch(tuple(status.get("fingerprint", ("?", "?"))), tuple(context.fingerprint)).split("\n")[0]
    ok, why = status.get("sandbox", (False, "no answer"))
    if context.limits.sandbox and not ok:
        return f"no OS sandbox: {why}"
    return None


def _workers(client) -> dict[str, int] | None:
    """{worker address: its threads} as the scheduler sees them now; None when it cannot be reached."""
    try:
        workers = client.scheduler_info(n_workers=-1)["workers"]
    except Exception:  # the scheduler is unreachable right now
        return None
    return {a: max(1, int(w.get("nthreads", 1) or 1)) for a, w in workers.items()}


def _probe(client, addresses: set[str], context: Context, status: Callable, say) -> tuple[set[str], dict[str, str]]:
    """(fit addresses, {unfit address: why}) among ``addresses``."""
    try:
        answers = client.run(status, workers=sorted(addresses), on_error="return")
    except Exception as err:
        answers = {a: err for a in addresses}
    fit, unfit = set(), {}
    for address in sorted(addresses):
        why = _fit(answers.get(address, "no answer"), context)
        if why is None:
            fit.add(address)
        else:
            unfit[address] = why
            say(f"worker {address} excluded: {why}\n工作进程 {address} 已排除：{why}")
    return fit, unfit


def _unfit_error(unfit: dict[str, str], context: Context) -> Exception:
    from labkit.grading.bwrap import SandboxUnavailable

    reasons = "; ".join(f"{a}: {why}" for a, why in sorted(unfit.items())) or "the scheduler has no workers"
    hint = (" Grading refuses to run student code unisolated; pass --no-sandbox (Limits(sandbox=False)) to "
            "grade anyway, with every row marked as graded without isolation"
            if any(why.startswith("no OS sandbox") for why in unfit.values()) else "")
    return SandboxUnavailable(f"no Dask worker is fit to grade ({reasons}).{hint}\n"
                              "没有可以安全评分的 Dask 工作进程（原因见上）。")


def run_on_cluster(cluster: str, paths: list[Path], spec: GradingSpec, limits: Limits,
                   data_files: dict[str, bytes], prefer_id: str, jobs: int,
                   finished: Callable[[Path, _Execution], None], *,
                   say: Callable[[str], None] = _say) -> None:
    """Grade ``paths`` on ``cluster``, calling ``finished(path, run)`` as each run arrives.

    Called by :func:`labkit.grading.grade` inside its frozen-answers block, so the answer
    values computed here are the frozen ones.

    Parameters
    ----------
    cluster : str
        ``"local"`` (a LocalCluster of ``jobs`` single-thread worker processes) or
        ``"tcp://HOST:PORT"`` (a running scheduler; ``jobs`` is not used).
    paths : list of Path
        The submissions still to grade (after ``--resume`` took out the journaled ones).
    spec, limits, data_files, prefer_id
        As for :func:`labkit.grading.grade`.
    jobs : int
        Workers of the LocalCluster.
    finished : callable
        ``finished(path, run)``: journals the run and steps the progress bar.
    say : callable, optional
        Where messages for the grader go (default: stderr, prefixed ``labkit grade:``).

    Raises
    ------
    ValueError
        ``cluster`` is neither ``"local"`` nor ``tcp://HOST:PORT``.
    ConnectionError
        The scheduler cannot be reached.
    SandboxUnavailable
        No worker is fit to grade (no sandbox, or another labkit), with every reason.
    """
    context = Context(spec, limits, prefer_id, data_files, _answer_values(spec.ids), fingerprint(),
                      secrets.token_hex(8))
    client, close = _connect(check_cluster(cluster), jobs, say)
    try:
        _grade_on(client, paths, context, finished, say=say)
    finally:
        close()


def _read(path: Path) -> bytes | None:
    from labkit.grading.intake import read_bounded, refusal

    return None if refusal(path) else read_bounded(path, MAX_NOTEBOOK_BYTES)[0]


def _grade_on(client, paths: list[Path], context: Context, finished: Callable[[Path, _Execution], None], *,
              task: Callable = grade_one, status: Callable = worker_status, grace: float | None = None,
              say: Callable[[str], None] = _say) -> None:
    """The batch on a connected client (``task`` and ``status`` replaceable for tests)."""
    import distributed

    grace = GRACE if grace is None else grace
    queue = collections.deque((i, 0) for i in range(len(paths)))
    pending: dict[Any, tuple[int, int, frozenset]] = {}
    errors: dict[int, BaseException | None] = {}
    threads = _workers(client) or {}
    if not threads:
        try:
            client.wait_for_workers(1, timeout=grace)
        except Exception:
            pass
        threads = _workers(client) or {}
    seen = set(threads)
    allowed, unfit = _probe(client, seen, context, status, say)
    if not allowed:
        raise _unfit_error(unfit, context)
    shared = client.scatter(context, broadcast=True, hash=False)
    alone_since: float | None = None
    serial = itertools.count()

    def submit(i: int, attempt: int) -> None:
        nonlocal shared
        path = paths[i]
        data = _read(path)
        if data is None:  # refused or unreadable: the row the pool gives, made here
            finished(path, _execute_safely(path, context.spec, context.limits, context.data_files,
                                           context.prefer_id))
            return
        if shared.status != "finished":  # every copy was on workers that are gone
            shared = client.scatter(context, broadcast=True, hash=False)
        workers = frozenset(allowed)
        key = f"labkit-grade-{context.token}-{i}-{attempt}-{next(serial)}"  # a new key for every try
        fut = client.submit(task, path.name, data, shared, key=key, workers=sorted(workers),
                            allow_other_workers=False, pure=False)
        pending[fut] = (i, attempt, workers)

    def give_up(i: int, reason: str) -> None:
        p = paths[i]
        finished(p, _Execution(p.stem, p.name, "error", reason, {}, (), ()))

    while queue or pending:
        # one submission in flight per thread of a fit worker: a lost worker takes only its own
        # running submission with it, and a lost client only those in flight
        while queue and allowed and len(pending) < sum(threads.get(a, 1) for a in allowed):
            submit(*queue.popleft())
        done: set = set()
        if pending:
            try:
                done = distributed.wait(list(pending), timeout=POLL, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                done = set()
        else:
            time.sleep(POLL)
        lost = 0
        for fut in done:
            i, attempt, _ = pending.pop(fut)
            if fut.status == "finished":
                try:
                    run = _from_json(fut.result())
                except Exception as err:  # the result could not be fetched: its worker went away
                    run, errors[i] = None, err
                if run is not None:
                    finished(paths[i], run)
                    fut.release()
                    continue
            else:
                try:
                    errors[i] = fut.exception()
                except Exception as err:  # cancelled
                    errors[i] = err
            fut.release()
            if attempt == 0:
                queue.append((i, 1))  # resubmitted once, under a new key
                lost += 1
            else:
                err = errors.get(i)
                lost_worker = err is None or type(err).__name__ in ("KilledWorker", "CancelledError",
                                                                    "FutureCancelledError", "CommClosedError")
                give_up(i, LOST_TWICE if lost_worker else
                        f"the grading worker failed twice: {type(err).__name__}: "
                        f"{' '.join(str(err).split())[:160]}")
        if lost:
            say(f"\n{lost} submission(s) lost with their worker (or failed on it): resubmitted once\n"
                f"{lost} 份提交随工作进程丢失（或在其上失败）：已重新提交一次")
        current_threads = _workers(client)
        current = None if current_threads is None else set(current_threads)
        if current_threads is not None:
            threads = current_threads
            new = current - seen
            seen = set(current)  # a worker that left and came back is checked again
            if new:
                fit, more = _probe(client, new, context, status, say)
                unfit.update(more)
                for address in sorted(fit):
                    say(f"\nworker {address} joined and is fit to grade\n工作进程 {address} 已加入，可以评分")
                allowed |= fit
            allowed &= current
        for fut, (i, attempt, workers) in list(pending.items()):
            if current is not None and not (workers & allowed) and allowed:
                # waiting for workers that are gone (a restarted worker has a new address)
                fut.cancel()
                del pending[fut]
                queue.appendleft((i, attempt))
        if allowed and current is not None:
            alone_since = None
        elif alone_since is None:
            alone_since = time.monotonic()
        elif time.monotonic() - alone_since > grace:
            client.cancel(list(pending))
            for i in sorted({i for i, _, _ in pending.values()} | {i for i, _ in queue}):
                give_up(i, NO_WORKER.format(grace=grace))
            pending.clear()
            queue.clear()
