"""The OS sandbox of one grading kernel, made with bubblewrap (``bwrap``, the sandbox Flatpak uses).

Each kernel gets its own user namespace (it runs as uid 65534 with no capabilities), its own
pid namespace (it sees only its own processes; when the kernel or the grader dies, everything
in it is killed), its own network namespace (no network at all; the grader reaches the kernel
over jupyter_client's ``ipc`` transport, through socket files in a small folder that is the
only host folder bound writable), its own IPC and UTS namespaces, and a file system made of

* read-only: ``/usr`` (and its ``/lib``, ``/bin`` links), the Python runtime
  (``sys.base_prefix`` and the venv), labkit's source *without* the exercise definitions
  (``labkit/checks/nbN.py``, the answer key, are not there), the datasets, ``/etc/fonts``;
* writable: ``/tmp`` (a tmpfs of ``Limits.disk_mb``), which holds the kernel's working folder,
  ``HOME`` and ``TMPDIR``, and the socket folder (files there are capped by ``RLIMIT_FSIZE``
  and its total size is watched by the grader);
* nothing else: not the grader's repository, not the instructor notebook, not other
  submissions, not the gradebook.

``bwrap`` is an established, small setuid-free tool (Debian package ``bubblewrap``); it works
for unprivileged users where the kernel allows user namespaces, and as root.
:func:`probe` says whether it works here and, if not, why.

Examples
--------
>>> ok, why = probe()
>>> isinstance(ok, bool) and isinstance(why, str)
True
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["SandboxUnavailable", "probe", "command", "INSIDE_LIB", "INSIDE_DATA", "INSIDE_WORK",
           "SANDBOX_UID", "machinery", "is_answer_key"]

SANDBOX_UID = 65534  # "nobody" inside the sandbox's own user namespace
INSIDE_LIB = "/opt/labkit/lib"         # PYTHONPATH inside: labkit (read-only, no answer key)
INSIDE_DATA = "/opt/labkit/datasets"   # LABKIT_DATA inside (read-only)
INSIDE_WORK = "/tmp/work"              # the kernel's working folder (tmpfs)
INSIDE_HOME = "/tmp/home"


class SandboxUnavailable(RuntimeError):
    """No OS sandbox can be made on this machine (the message says why and what to do)."""


def _bwrap() -> str | None:
    return shutil.which("bwrap")


def _runtime_roots() -> list[str]:
    """Folders of the Python runtime the kernel needs, outside /usr (pyenv, a venv, conda)."""
    roots = []
    for p in {sys.base_prefix, sys.prefix, sys.exec_prefix, sys.base_exec_prefix}:
        real = os.path.realpath(p)
        if not (real == "/usr" or real.startswith("/usr/")):
            roots.append(real)
    roots.sort()
    # drop folders inside another one
    return [r for r in roots if not any(r != o and r.startswith(o + os.sep) for o in roots)]


def _root_links() -> list[str]:
    """The usual top-level links or folders (/lib, /lib64, /bin, /sbin) as on this machine."""
    args = []
    for name in ("lib", "lib64", "lib32", "bin", "sbin"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    return args


def command(*, labkit_src: Path, data_dir: Path, sockets: Path, disk_mb: int,
            env: dict[str, str]) -> list[str]:
    """The ``bwrap`` argument list that runs a command in a fresh sandbox (append ``--`` argv).

    ``sockets`` (a host folder) is bound writable at the same path, so the ipc socket files
    the kernel creates there are the ones the grader connects to. ``env`` is the kernel's
    whole environment (``--clearenv``).
    """
    bwrap = _bwrap()
    if bwrap is None:
        raise SandboxUnavailable("bubblewrap (bwrap) is not installed")
    args = [bwrap,
            "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
            "--disable-userns", "--cap-drop", "ALL", "--die-with-parent", "--new-session",
            "--hostname", "sandbox",
            # the private /tmp first: a runtime, course tree or socket folder that lives under the
            # host's /tmp (a clone in /tmp, say) is bound on top of it below, not hidden by it
            "--proc", "/proc", "--dev", "/dev",
            "--size", str(max(1, disk_mb) * 1024 * 1024), "--perms", "1777", "--tmpfs", "/tmp",
            "--ro-bind", "/usr", "/usr", *_root_links()]
    for root in _runtime_roots():
        args += ["--ro-bind", root, root]
    for etc in ("/etc/ld.so.cache", "/etc/fonts", "/etc/localtime", "/etc/mime.types"):
        if os.path.exists(etc):
            args += ["--ro-bind", etc, etc]
    args += ["--dir", INSIDE_WORK, "--dir", INSIDE_HOME]
    lib = f"{INSIDE_LIB}/labkit"
    args += ["--ro-bind", str(labkit_src), lib,
             # the answer key (labkit/checks/nbN.py) stays outside: only the checks machinery
             "--tmpfs", f"{lib}/checks"]
    for module in machinery(labkit_src / "checks"):
        args += ["--ro-bind", str(module), f"{lib}/checks/{module.name}"]
    args += ["--remount-ro", f"{lib}/checks"]
    args += ["--ro-bind", str(data_dir), INSIDE_DATA,
             "--bind", str(sockets), str(sockets),
             "--chdir", INSIDE_WORK, "--clearenv"]
    for key, value in sorted(env.items()):
        args += ["--setenv", key, value]
    return args


def machinery(checks: Path) -> list[Path]:
    """The modules of ``labkit/checks`` a kernel may see: all but the exercise definitions ``nbN.py``."""
    return sorted(p for p in checks.glob("*.py") if not is_answer_key(p.name))


def is_answer_key(name: str) -> bool:
    """True for the file name of an exercise-definition module (``nb0.py`` … ``nb5.py``)."""
    return name.startswith("nb") and name.endswith(".py") and name[2:-3].isdigit()


@functools.lru_cache(maxsize=1)
def probe() -> tuple[bool, str]:
    """(works, explanation): can this machine run a kernel in the bubblewrap sandbox?"""
    if not sys.platform.startswith("linux"):
        return False, f"no OS sandbox on {sys.platform} (bubblewrap needs Linux namespaces)"
    bwrap = _bwrap()
    if bwrap is None:
        return False, "bubblewrap (bwrap) is not installed: apt-get install bubblewrap (Debian/Ubuntu)"
    import tempfile

    with tempfile.TemporaryDirectory(prefix="labkit-probe-") as tmp:
        here = Path(__file__).resolve().parents[1]
        data = Path(tmp) / "data"
        data.mkdir()
        try:
            argv = command(labkit_src=here, data_dir=data, sockets=Path(tmp), disk_mb=8,
                           env={"PATH": "/usr/bin:/bin"})
            code = ("import os, socket, sys; assert os.getuid() == %d; assert os.getpid() < 10; "
                    "s = socket.socket(); s.settimeout(1)\n"
                    "try:\n    s.connect(('1.1.1.1', 53)); sys.exit('network reachable')\n"
                    "except OSError:\n    pass\nprint('ok')" % SANDBOX_UID)
            run = subprocess.run([*argv, "--", sys.executable, "-c", code], capture_output=True,
                                 text=True, timeout=30)
        except (OSError, subprocess.SubprocessError) as err:
            return False, f"bubblewrap could not start: {err}"
    version = subprocess.run([bwrap, "--version"], capture_output=True, text=True).stdout.strip()
    if run.returncode != 0 or run.stdout.strip() != "ok":
        why = (run.stderr.strip().splitlines() or ["no output"])[-1][:200]
        return False, (f"{version or 'bwrap'} cannot make a sandbox here ({why}); user namespaces "
                       "may be disabled (sysctl kernel.unprivileged_userns_clone / "
                       "user.max_user_namespaces, or a container without them)")
    return True, (f"available ({version}: own user {SANDBOX_UID}, pid, network, IPC namespaces; "
                  "read-only runtime, labkit without the answer key, size-limited /tmp)")
