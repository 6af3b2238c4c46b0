"""A throwaway JupyterLab server for the browser tests, and the Chromium to drive it with.

The server runs from this Python environment on 127.0.0.1, a free port and a random token,
with its own config/runtime/settings folders (nothing of the user's JupyterLab is read or
changed), and is always stopped: first through the REST API (which shuts its kernels down),
then by signalling its process group.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import labkit
from labkit.demo import write_lab_settings

LABKIT_HOME = Path(labkit.__file__).resolve().parents[1]

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# JupyterLab settings for a test run: no autosave (running the notebooks must not rewrite
# them), every cell in the DOM (no windowing), no network-calling news/update checks.
TEST_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome executable: $CHROMIUM if set, else the first one on PATH."""
    if os.environ.get("CHROMIUM"):
        return shutil.which(os.environ["CHROMIUM"]) or None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """``with JupyterLab(root) as lab:`` → a running server at ``lab.url`` (token in ``lab.token``)."""

    def __init__(self, root: Path, *, settings: dict[str, dict] | None = None, python: str = sys.executable,
                 startup_timeout: float = 90):
        self.root = Path(root).resolve()
        self.settings = {**TEST_SETTINGS, **(settings or {})}
        self.python = python
        self.startup_timeout = startup_timeout
        self.port = free_port()
        self.token = os.urandom(16).hex()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="crmlab-lab-")
        self.log_path = Path(self._tmp.name) / "jupyterlab.log"

    def __enter__(self) -> "JupyterLab":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        tmp = Path(self._tmp.name)
        settings = write_lab_settings(tmp / "settings", self.settings)
        env = dict(os.environ)
        env.update({
            "JUPYTER_CONFIG_DIR": str(tmp / "config"),
            "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
            "IPYTHONDIR": str(tmp / "ipython"),
            # the kernels import this checkout's labkit even when it is not installed
            "PYTHONPATH": os.pathsep.join(filter(None, [str(LABKIT_HOME), env.get("PYTHONPATH")])),
        })
        cmd = [self.python, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root}", f"--LabApp.user_settings_dir={settings}",
               f"--LabApp.workspaces_dir={tmp / 'workspaces'}", "--LabApp.expose_app_in_browser=True",
               "--ServerApp.terminals_enabled=False", "--ContentsManager.allow_hidden=True"] + (["--allow-root"] if os.geteuid() == 0 else [])
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.proc.returncode}:\n{self.log_tail()}")
            try:
                self.api("status")
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"JupyterLab did not answer within {self.startup_timeout:.0f} s:\n{self.log_tail()}")

    def api(self, path: str, method: str = "GET") -> dict:
        req = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else {}

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        proc = self.proc
        if proc is not None and proc.poll() is None:
            try:
                self.api("shutdown", method="POST")  # also shuts down the kernels it started
                proc.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                pass
            for sig in (signal.SIGTERM, signal.SIGKILL):
                if proc.poll() is not None:
                    break
                try:
                    os.killpg(proc.pid, sig)
                    proc.wait(timeout=10)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    pass
        self.proc = None
        self._tmp.cleanup()
