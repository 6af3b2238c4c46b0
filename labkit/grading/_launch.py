"""Kernel launch wrapper: set resource limits, then become the kernel (``os.execvp``).

Run as a script (``python _launch.py MEMORY_MB FILE_MB LIFETIME_S -- kernel command...``) so
that it imports nothing from labkit. The limits are inherited by everything the kernel starts.
``RLIMIT_AS`` caps the address space: enforced by Linux, accepted but not enforced by
macOS, absent on Windows (the grader then relies on its time limits alone).

``LIFETIME_S`` (0 = none) is a last line of defence against a kernel left behind: a grader
killed at the wrong moment (a Dask worker killed just as it starts a kernel, before bubblewrap
has set ``--die-with-parent``) leaves an idle kernel nobody will ever shut down. A small
watchdog process, forked before the kernel starts, kills it ``LIFETIME_S`` seconds later (well
after the grader's own time limits) and exits as soon as the kernel ends.
"""
import os
import sys


def _limit(name: str, megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows
        return
    which = getattr(resource, name, None)
    if which is None or megabytes <= 0:
        return
    value = megabytes * 1024 * 1024
    try:
        resource.setrlimit(which, (value, value))
    except (ValueError, OSError):  # e.g. macOS refuses some RLIMIT_AS values
        pass


def _watchdog(lifetime: float) -> None:
    """Fork a process that SIGKILLs this one (about to become the kernel) after ``lifetime`` s;
    it checks every second whether the kernel still runs and exits when it does not."""
    import signal
    import time

    kernel = os.getpid()
    try:
        child = os.fork()
    except OSError:  # no watchdog rather than no kernel
        return
    if child:
        return
    try:
        os.closerange(0, 3)  # hold none of the kernel's pipes open
        deadline = time.monotonic() + lifetime
        while os.getppid() == kernel and time.monotonic() < deadline:
            time.sleep(1.0)
        if os.getppid() == kernel:
            os.kill(kernel, signal.SIGKILL)
    finally:
        os._exit(0)


def main(argv):
    memory_mb, file_mb, lifetime, sep, *cmd = argv
    if sep != "--" or not cmd:
        raise SystemExit("usage: _launch.py MEMORY_MB FILE_MB LIFETIME_S -- command...")
    if float(lifetime) > 0 and hasattr(os, "fork"):
        _watchdog(float(lifetime))
    _limit("RLIMIT_AS", int(memory_mb))
    _limit("RLIMIT_FSIZE", int(file_mb))
    try:  # no core dumps of a crashed kernel in the working folder
        import resource
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main(sys.argv[1:])
