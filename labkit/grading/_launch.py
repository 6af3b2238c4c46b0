"""Kernel launch wrapper: set resource limits, then become the kernel (``os.execvp``).

Run as a script (``python _launch.py MEMORY_MB FILE_MB -- kernel command...``) so that it
imports nothing from labkit. The limits are inherited by everything the kernel starts.
``RLIMIT_AS`` caps the address space: enforced by Linux, accepted but not enforced by
macOS, absent on Windows (the grader then relies on its time limits alone).
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


def main(argv):
    memory_mb, file_mb, sep, *cmd = argv
    if sep != "--" or not cmd:
        raise SystemExit("usage: _launch.py MEMORY_MB FILE_MB -- command...")
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
