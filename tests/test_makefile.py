"""The Makefile heals a broken .venv and starts JupyterLab on the start-here notebook.

Each test runs ``make`` on a temporary copy of the Makefile and pyproject.toml with a fake or
real ``.venv``; only the "rebuild" test creates a real virtual environment (a few seconds).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")

REQUIRES = re.search(r'^requires-python\s*=\s*">=\s*([0-9.]+)"', (ROOT / "pyproject.toml").read_text(), re.M)
FLOOR = REQUIRES.group(1)


def _fake_python(path: Path, version: str, *, too_old: bool, has_pip: bool = True) -> Path:
    """A stand-in interpreter answering the Makefile's probes as Python ``version`` would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "#!/bin/sh\n"
        f'case "$2" in *version_info*) printf "{version}"; exit {1 if too_old else 0};; esac\n'
        f'case "$2" in *"import pip"*) exit {0 if has_pip else 1};; esac\n'
        "exit 3\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "00_start_here.ipynb", tmp_path / "notebooks")
    return tmp_path


def _make(project: Path, *args: str, python: str | None = None, timeout: float = 120):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON", "MAKEFLAGS", "MAKELEVEL", "CI")}
    if python is not None:
        env["PYTHON"] = python
    return subprocess.run([MAKE, "--no-print-directory", *args], cwd=project, env=env, text=True,
                          capture_output=True, timeout=timeout)


def _healthy_venv(project: Path) -> None:
    """A .venv whose python is this test run's interpreter, installed and up to date."""
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    (project / ".venv" / ".installed").write_text(f"{project / '.venv'}\n")
    (project / ".venv" / ".installed-test").touch()
    (project / ".venv" / ".trusted").touch()
    old = (project / "pyproject.toml").stat().st_mtime - 100
    os.utime(project / "pyproject.toml", (old, old))
    os.utime(project / "notebooks" / "00_start_here.ipynb", (old, old))


def test_floor_is_read_from_pyproject(project):
    out = _make(project, "-p", "-n", "clean").stdout
    assert re.search(rf"^PY_FLOOR := {re.escape(FLOOR)}$", out, re.M), "PY_FLOOR not read from requires-python"


def test_healthy_venv_is_kept(project):
    _healthy_venv(project)
    run = _make(project, "venv")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "cannot be used" not in run.stdout
    assert (project / ".venv" / "bin" / "python").is_symlink()


def test_venv_of_a_too_old_python_is_rebuilt_and_a_too_old_python_refused(project):
    """The issue's case: .venv made by Python 3.9; `make` says why, removes it, and refuses 3.9."""
    _fake_python(project / ".venv" / "bin" / "python", "3.9", too_old=True)
    old_python = _fake_python(project / "py39" / "python3.9", "3.9", too_old=True)
    run = _make(project, "venv", python=str(old_python))
    assert run.returncode != 0
    assert f".venv cannot be used: it was made with Python 3.9 and CRM Lab needs Python {FLOOR} or newer" in run.stdout
    assert f"CRM Lab needs Python {FLOOR} or newer to create .venv; found {old_python} (Python 3.9)." in run.stdout
    assert "PYTHON=python3.12 make lab" in run.stdout and "make clean" in run.stdout
    assert not (project / ".venv").exists(), "the broken .venv was left for the next run to trip over"


def test_floor_comes_from_pyproject_for_real_interpreters(project):
    """With requires-python raised above this interpreter, a real working .venv counts as too old."""
    _healthy_venv(project)
    text = (project / "pyproject.toml").read_text()
    (project / "pyproject.toml").write_text(text.replace(f'">={FLOOR}"', '">=3.99"'))
    run = _make(project, "venv", python=sys.executable)
    here = "%d.%d" % sys.version_info[:2]
    assert f"it was made with Python {here} and CRM Lab needs Python 3.99 or newer" in run.stdout
    assert f"found {sys.executable} (Python {here})." in run.stdout
    assert run.returncode != 0


def test_broken_venv_is_rebuilt_with_a_good_python(project):
    """A .venv made by Python 3.9 is replaced by a working one made with PYTHON."""
    _fake_python(project / ".venv" / "bin" / "python", "3.9", too_old=True)
    run = _make(project, "venv", python=sys.executable, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "it was made with Python 3.9" in run.stdout and "Removing it" in run.stdout
    assert f"Creating .venv with {sys.executable}" in run.stdout
    probe = subprocess.run([str(project / ".venv" / "bin" / "python"), "-c",
                            "import sys, pip; print('%d.%d' % sys.version_info[:2])"],
                           capture_output=True, text=True)
    assert probe.stdout.strip() == "%d.%d" % sys.version_info[:2]
    again = _make(project, "venv", python=sys.executable)
    assert "cannot be used" not in again.stdout and "Creating" not in again.stdout


@pytest.mark.parametrize("case, reason", [
    ("dangling", "the Python it was made from is gone"),
    ("missing", "it has no .venv/bin/python"),
    ("no_pip", "it has no pip"),
    ("moved", "it was made in another folder"),
    ("not_running", "its Python does not run"),
])
def test_every_kind_of_broken_venv_is_named(project, case, reason):
    venv = project / ".venv"
    (venv / "bin").mkdir(parents=True)
    if case == "dangling":
        (venv / "bin" / "python").symlink_to(project / "gone" / "python3")
    elif case == "no_pip":
        _fake_python(venv / "bin" / "python", "3.12", too_old=False, has_pip=False)
    elif case == "moved":
        (venv / "bin" / "python").symlink_to(sys.executable)
        (venv / ".installed").write_text("/somewhere/else/.venv\n")
    elif case == "not_running":
        (venv / "bin" / "python").write_text("#!/bin/sh\nexit 127\n")
        (venv / "bin" / "python").chmod(0o755)
    old_python = _fake_python(project / "py39" / "python3.9", "3.9", too_old=True)
    run = _make(project, "venv", python=str(old_python))
    assert f".venv cannot be used: {reason}" in run.stdout, run.stdout
    assert not venv.exists()


def _jupyter(project: Path, script: str) -> None:
    path = project / ".venv" / "bin" / "jupyter"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)


def _recorded_lab(project: Path, runtime_dir: str, **env) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run `make lab` with a stand-in jupyter that records the arguments it was started with."""
    _healthy_venv(project)
    _jupyter(project, 'if [ "$1" = --runtime-dir ]; then echo "$JUPYTER_RUNTIME_DIR"; exit 0; fi\n'
                      'printf "%s\\n" "$@" > lab-args.txt\n')
    run = subprocess.run([MAKE, "--no-print-directory", "lab", *[f"{k}={v}" for k, v in env.items()]],
                         cwd=project, text=True, capture_output=True, timeout=60,
                         env={**{k: v for k, v in os.environ.items() if k not in ("CI", "MAKEFLAGS")},
                              "JUPYTER_RUNTIME_DIR": runtime_dir})
    args = (project / "lab-args.txt").read_text().splitlines() if (project / "lab-args.txt").exists() else []
    return run, args


def test_lab_serves_the_repository_root_and_lands_on_the_start_notebook(project):
    run, args = _recorded_lab(project, "/tmp/jr", LAB_OPTIONS="--no-browser")
    assert run.returncode == 0, run.stdout + run.stderr
    assert args[0] == "lab"
    assert "--ServerApp.root_dir=." in args
    assert "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb" in args
    assert "--KernelManager.transport=ipc" in args and "--no-browser" in args
    assert args[-1] == "notebooks/00_start_here.ipynb"
    assert run.stdout.splitlines()[-1].startswith(".venv/bin/jupyter lab "), "the command is shown"


def test_lab_falls_back_to_tcp_when_ipc_socket_paths_would_be_too_long(project):
    long_dir = "/tmp/" + "x" * 60
    run, args = _recorded_lab(project, long_dir)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "--KernelManager.transport=ipc" not in args
    assert f"Kernels use TCP on 127.0.0.1: Jupyter's runtime folder {long_dir} is too long" in run.stdout


def test_lab_signs_only_changed_notebooks(project):
    _healthy_venv(project)
    os.utime(project / ".venv" / ".trusted", (0, 0))
    run = _make(project, "-n", "lab")
    assert re.search(r"jupyter trust notebooks/00_start_here.ipynb\s*>/dev/null", run.stdout), run.stdout
    (project / ".venv" / ".trusted").touch()
    assert "jupyter trust" not in _make(project, "-n", "lab").stdout


def test_first_install_says_what_it_does(project):
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    run = _make(project, "-n", "lab")
    assert "about 2-3 minutes" in run.stdout and "pip prints each package" in run.stdout
    assert "--quiet" not in run.stdout.split("jupyter lab")[0], "the install hides pip's progress"


def _execute(ws_url: str, code: str) -> str:
    """Run ``code`` in a kernel through JupyterLab's websocket, as the browser does; its stdout."""
    import asyncio
    import json
    import uuid

    from tornado.websocket import websocket_connect

    async def run() -> str:
        ws = await websocket_connect(ws_url)
        header = {"msg_id": uuid.uuid4().hex, "msg_type": "execute_request", "username": "test",
                  "session": uuid.uuid4().hex, "version": "5.3"}
        await ws.write_message(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "channel": "shell",
                                           "content": {"code": code, "silent": False}}))
        out, replied, idle = "", False, False
        while not (replied and idle):  # the reply (shell) and the output (iopub) come in either order
            msg = json.loads(await asyncio.wait_for(ws.read_message(), 60))
            if msg.get("parent_header", {}).get("msg_id") != header["msg_id"]:
                continue
            if msg["msg_type"] == "stream":
                out += msg["content"]["text"]
            replied = replied or msg["msg_type"] == "execute_reply"
            idle = idle or (msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle")
        ws.close()
        return out.strip()

    return asyncio.run(run())


def test_lab_really_lands_on_the_start_notebook_and_kernels_start_quietly(project, tmp_path):
    """Start `make lab`'s JupyterLab for real on this repository: its last start-up line is the
    start-here notebook's URL with the token; the notebook opens through that server; a kernel
    starts over ipc without ipykernel's "running over TCP without encryption" warning."""
    import json
    import time
    from urllib.request import Request, urlopen

    import tempfile

    base = token = ""
    _healthy_venv(project)
    _jupyter(project, f'exec "{sys.executable}" -m jupyter "$@"\n')
    for name in ("README.md", "environment.yml"):
        shutil.copy(ROOT / name, project / name)
    (project / "datasets").mkdir()
    runtime = Path(tempfile.mkdtemp(prefix="jr", dir="/tmp"))  # short: ipc socket paths have a length limit
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "MAKEFLAGS", "MAKELEVEL")}
    env.update(JUPYTER_RUNTIME_DIR=str(runtime), JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_DATA_DIR=str(tmp_path / "data"), JUPYTER_PORT="0")
    log = tmp_path / "lab.log"
    with open(log, "w") as out:
        server = subprocess.Popen([MAKE, "--no-print-directory", "lab", "LAB_OPTIONS=--no-browser"], cwd=project,
                                  stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    def get(path: str, data: bytes | None = None):
        req = Request(f"{base}{path}", data=data, headers={"Authorization": f"token {token}"},
                      method="POST" if data is not None else "GET")
        try:
            return json.load(urlopen(req, timeout=60))
        except OSError as err:
            raise AssertionError(f"{path}: {err}\n{log.read_text()[-3000:]}") from err

    try:
        deadline = time.monotonic() + 90
        url = None
        while time.monotonic() < deadline and url is None:
            time.sleep(0.3)
            assert server.poll() is None, log.read_text()
            found = re.findall(r"http://127\.0\.0\.1:\d+/lab/tree/notebooks/00_start_here\.ipynb\?token=[0-9a-f]+",
                               log.read_text())
            url = found[-1] if len(found) >= 2 else None  # the log line, then the banner's
        assert url, "no start-here URL printed:\n" + log.read_text()
        time.sleep(1.5)  # anything printed right after start-up would come now
        lines = [ln.strip() for ln in log.read_text().splitlines() if ln.strip()]
        assert lines[-1] == url, f"last line is {lines[-1]!r}, not the start-here URL"
        text = log.read_text()
        assert f"Serving notebooks from local directory: {project}" in text
        base, token = url.split("/lab/")[0], url.split("token=")[1]  # noqa: F841 (used by get)
        listing = get("/api/contents/")
        assert {"notebooks", "datasets", "README.md"} <= {item["name"] for item in listing["content"]}
        nb = get("/api/contents/notebooks/00_start_here.ipynb")
        assert nb["type"] == "notebook"
        kernel = get("/api/kernels", b"{}")
        assert _execute(f"{base.replace('http', 'ws')}/api/kernels/{kernel['id']}/channels?token={token}",
                        "print(6 * 7)") == "42"
        assert any("-ipc-" in p.name for p in runtime.iterdir()), "kernel did not use ipc sockets"
        text = log.read_text()
        assert "without encryption" not in text, text[-3000:]
    finally:
        os.killpg(server.pid, 15)  # make and the JupyterLab it started
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
        shutil.rmtree(runtime, ignore_errors=True)
