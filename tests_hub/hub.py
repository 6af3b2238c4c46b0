"""A real JupyterHub for the end-to-end test: start it from deploy/jupyterhub/jupyterhub_config.py in
test mode on 127.0.0.1, log students in through its proxy, and drive their servers' REST and
websocket APIs the way JupyterLab does.

Every network call has a timeout; :class:`Hub` stops the hub, its proxy and every single-user
server (their process group) on exit, also when the test fails.
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"


class Skip(Exception):
    """The hub cannot run here; the message says why (the test prints it as 'skipped: ...')."""


def find_proxy() -> str | None:
    """configurable-http-proxy: $CONFIGURABLE_HTTP_PROXY, the copy .ci/hub installs into the venv, or PATH."""
    candidates = [os.environ.get("CONFIGURABLE_HTTP_PROXY", ""),
                  str(Path(sys.prefix) / "node" / "node_modules" / ".bin" / "configurable-http-proxy"),
                  shutil.which("configurable-http-proxy") or ""]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    return None


def free_ports(n: int) -> list[int]:
    """``n`` distinct ports on 127.0.0.1 that were free a moment ago; Skip when none can be bound."""
    socks, ports = [], []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
            ports.append(s.getsockname()[1])
    except OSError as err:
        raise Skip(f"no free port on 127.0.0.1 ({err})") from None
    finally:
        for s in socks:
            s.close()
    return ports


class Hub:
    """``with Hub(tmp, edition, students=[...]) as hub:`` a running hub at ``hub.url``."""

    PASSWORD = "crm-lab-e2e-password"

    def __init__(self, tmp: Path, edition: Path, students: list[str], admin: str = "instructor"):
        self.tmp, self.edition, self.students, self.admin = Path(tmp), Path(edition), students, admin
        self.homes = self.tmp / "homes"
        self.state = self.tmp / "state"
        self.token = uuid.uuid4().hex  # the labkit-collect service token, set through the config's env
        self.log_path = self.tmp / "hub.log"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Hub":
        proxy = find_proxy()
        if proxy is None:
            raise Skip("configurable-http-proxy not found (npm install it, see .ci/hub, or set CONFIGURABLE_HTTP_PROXY)")
        hub_bin = Path(sys.executable).with_name("jupyterhub")
        if not hub_bin.exists():
            raise Skip("jupyterhub not installed in this environment (make test-hub installs it)")
        self.homes.mkdir(parents=True)
        self.state.mkdir(parents=True)
        port, hub_port, api_port = free_ports(3)
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ,
               "PATH": os.pathsep.join([str(Path(proxy).parent), str(hub_bin.parent), os.environ.get("PATH", "")]),
               "CRMLAB_HUB_AUTH": "test", "CRMLAB_HUB_TEST_PASSWORD": self.PASSWORD,
               "CRMLAB_HUB_TEST_HOMES": str(self.homes), "CRMLAB_HUB_STATE": str(self.state),
               "CRMLAB_HUB_EDITION": str(self.edition), "CRMLAB_HUB_STUDENTS": ",".join(self.students),
               "CRMLAB_HUB_ADMINS": self.admin, "CRMLAB_HUB_COLLECT_TOKEN": self.token,
               "CRMLAB_HUB_PORT": str(port), "CRMLAB_HUB_HUB_PORT": str(hub_port),
               "CRMLAB_HUB_PROXY_API_PORT": str(api_port), "CRMLAB_HUB_MEM_LIMIT": "2G", "CRMLAB_HUB_CPU_LIMIT": "1"}
        env.pop("JUPYTERHUB_API_TOKEN", None)
        self._log = open(self.log_path, "wb")
        # its own process group: the proxy and the single-user servers are stopped with it
        self.proc = subprocess.Popen([str(hub_bin), "-f", str(CONFIG)], cwd=self.state, env=env,
                                     stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_up(timeout=90)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_up(self, timeout: float) -> None:
        import requests

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {self.proc.returncode}:\n{self.log()[-3000:]}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"jupyterhub did not answer within {timeout} s:\n{self.log()[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def api(self, method: str, path: str, **kw):
        """A call to the hub's REST API with the collect service's token."""
        import requests

        return requests.request(method, f"{self.url}/hub/api/{path}", timeout=30,
                                headers={"Authorization": f"token {self.token}"}, **kw)

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:  # SIGTERM lets the hub stop its servers and the proxy; then the whole group goes
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=30)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                pass
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=10)
        for pidfile in self.state.glob("*.pid"):  # the proxy, should it have outlived the group
            try:
                os.kill(int(pidfile.read_text().strip()), signal.SIGKILL)
            except (ValueError, OSError):
                pass
        if getattr(self, "_log", None):
            self._log.close()


class Student:
    """One student in a browser-like session: the login form, the spawn, the server's APIs."""

    def __init__(self, hub: Hub, name: str):
        import requests

        self.hub, self.name = hub, name
        self.session = requests.Session()
        self.base = f"{hub.url}/user/{quote(name)}"

    def login(self) -> None:
        """The hub's login form, with the _xsrf cookie it sets; following redirects spawns the server."""
        s = self.session
        r = s.get(f"{self.hub.url}/hub/login", timeout=30)
        r.raise_for_status()
        xsrf = s.cookies.get("_xsrf", path="/hub/")
        r = s.post(f"{self.hub.url}/hub/login", timeout=120,
                   data={"username": self.name, "password": Hub.PASSWORD, "_xsrf": xsrf})
        r.raise_for_status()
        assert "/hub/login" not in r.url, f"login of {self.name} failed: ended at {r.url}"

    def wait_server(self, timeout: float = 150) -> str:
        """Wait until the server answers (the OAuth round trip sets its cookie); returns the page URL."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            r = self.session.get(f"{self.base}/lab", timeout=60)
            if r.status_code == 200 and r.url.startswith(self.base):
                return r.url
            time.sleep(1)
        raise RuntimeError(f"server of {self.name} not ready within {timeout} s:\n{self.hub.log()[-3000:]}")

    def _xsrf(self) -> dict:
        token = self.session.cookies.get("_xsrf", path=f"/user/{self.name}/")
        return {"X-XSRFToken": token} if token else {}

    def contents(self, path: str, **params):
        r = self.session.get(f"{self.base}/api/contents/{quote(path)}", params={"content": 1, **params}, timeout=60)
        r.raise_for_status()
        return r.json()

    def save(self, path: str, notebook: dict) -> dict:
        r = self.session.put(f"{self.base}/api/contents/{quote(path)}", headers=self._xsrf(), timeout=60,
                             json={"type": "notebook", "format": "json", "content": notebook})
        r.raise_for_status()
        return r.json()

    def execute(self, path: str, notebook: dict, cell_timeout: float = 120) -> dict:
        """Run every code cell of ``notebook`` in a kernel of a new session on ``path``; returns it with outputs."""
        r = self.session.post(f"{self.base}/api/sessions", headers=self._xsrf(), timeout=60,
                              json={"path": path, "type": "notebook", "name": Path(path).name,
                                    "kernel": {"name": "python3"}})
        r.raise_for_status()
        session = r.json()
        try:
            return asyncio.run(self._run_cells(session["kernel"]["id"], notebook, cell_timeout))
        finally:
            self.session.delete(f"{self.base}/api/sessions/{session['id']}", headers=self._xsrf(), timeout=60)

    async def _run_cells(self, kernel_id: str, notebook: dict, cell_timeout: float) -> dict:
        import nbformat
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        ws_url = self.base.replace("http://", "ws://", 1) + f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies
                           if c.path in ("/", f"/user/{self.name}/"))
        request = HTTPRequest(ws_url, headers={"Cookie": cookie, **self._xsrf()}, connect_timeout=30, request_timeout=30)
        conn = await asyncio.wait_for(websocket_connect(request), 60)
        try:
            nb = nbformat.reads(json.dumps(notebook), as_version=4)  # sources as strings
            for count, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), start=1):
                cell.outputs = await asyncio.wait_for(self._run_one(conn, cell.source), cell_timeout)
                cell.execution_count = count
            return nb
        finally:
            conn.close()

    @staticmethod
    async def _run_one(conn, source: str) -> list:
        import nbformat

        msg_id = uuid.uuid4().hex
        await conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "", "session": "",
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": source, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        outputs, idle, replied = [], False, False
        while not (idle and replied):
            raw = await conn.read_message()
            if raw is None:
                raise RuntimeError("the kernel's websocket closed")
            if isinstance(raw, bytes):
                continue  # binary frames carry buffers (widgets); not needed here
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if msg.get("channel") == "shell" and kind == "execute_reply":
                replied = True
            elif kind == "status" and msg["content"].get("execution_state") == "idle":
                idle = True
            elif kind in ("stream", "display_data", "execute_result", "error"):
                outputs.append(nbformat.v4.output_from_msg(msg))
        return outputs
