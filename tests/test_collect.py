"""``labkit collect``: students' notebooks from the homes or through a hub, without trusting what students control.

The hub source runs against a small stub of JupyterHub's REST API (http.server on 127.0.0.1),
not a real hub; tests_hub/ has the end-to-end test with one.
"""
import hashlib
import http.server
import json
import os
import threading
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from labkit.cli import main
from labkit.grading import collect as co
from labkit.grading.intake import collect as intake_collect

NB = "crm-lab-student/notebooks/03.ipynb"


def _notebook(tag: str) -> bytes:
    return (json.dumps({"cells": [{"cell_type": "code", "source": f"answer = {tag!r}", "metadata": {},
                                   "outputs": [], "execution_count": None}],
                        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n").encode()


@pytest.fixture
def homes(tmp_path):
    """Homes of alice and bob with a notebook, carol without one."""
    root = tmp_path / "home"
    for user in ("alice", "bob", "carol"):
        (root / f"jupyter-{user}" / "crm-lab-student" / "notebooks").mkdir(parents=True)
    for user in ("alice", "bob"):
        (root / f"jupyter-{user}" / NB).write_bytes(_notebook(user))
    return root


def _pattern(root: Path) -> str:
    return str(root / "jupyter-{user}" / NB)


# ------------------------------------------------------------------------------ homes

def test_homes_pattern_finds_every_matching_folder(homes):
    found = co.collect_homes(_pattern(homes))
    assert sorted(found.notebooks) == ["alice", "bob"]
    assert found.notebooks["alice"] == _notebook("alice")
    assert list(found.missing) == ["carol"] and "no notebook at" in found.missing["carol"]
    assert "处没有笔记本" in found.missing["carol"]


def test_listed_users_only_and_missing_ones_reported(homes):
    found = co.collect_homes(_pattern(homes), ["bob", "zoe"])
    assert list(found.notebooks) == ["bob"]
    assert list(found.missing) == ["zoe"]


def test_written_folder_is_what_grade_takes_and_is_deterministic(homes, tmp_path):
    found = co.collect_homes(_pattern(homes))
    out = co.write_collection(found, tmp_path / "subs")
    assert sorted(p.name for p in out.iterdir()) == ["alice.ipynb", "bob.ipynb", "manifest.json"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "labkit-collect/1"
    assert manifest["users"]["bob"] == {"file": "bob.ipynb", "bytes": len(_notebook("bob")),
                                        "sha256": hashlib.sha256(_notebook("bob")).hexdigest()}
    assert list(manifest["users"]) == ["alice", "bob"] and list(manifest["missing"]) == ["carol"]
    first = (out / "manifest.json").read_bytes()
    co.write_collection(co.collect_homes(_pattern(homes)), out)  # a previous collection is replaced
    assert (out / "manifest.json").read_bytes() == first
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary folder left
    # labkit grade's intake skips the manifest: one entry per student
    assert [p.name for p in intake_collect([out])] == ["alice.ipynb", "bob.ipynb"]


def test_a_manifest_of_another_kind_still_gets_a_row(tmp_path):
    (tmp_path / "manifest.json").write_text('{"format": "something else"}', encoding="utf-8")
    assert [p.name for p in intake_collect([tmp_path])] == ["manifest.json"]


def test_notebook_that_is_a_link_to_another_students_file_is_refused(homes):
    mallory = homes / "jupyter-mallory" / "crm-lab-student" / "notebooks"
    mallory.mkdir(parents=True)
    (mallory / "03.ipynb").symlink_to(homes / "jupyter-alice" / NB)
    found = co.collect_homes(_pattern(homes), ["mallory"])
    assert found.notebooks == {}
    assert "symbolic link" in found.missing["mallory"] and "符号链接" in found.missing["mallory"]


def test_a_link_anywhere_on_the_way_is_refused(homes, tmp_path):
    secret = tmp_path / "secret" / "notebooks"
    secret.mkdir(parents=True)
    (secret / "03.ipynb").write_bytes(_notebook("answer key"))
    (homes / "jupyter-mallory").mkdir()
    (homes / "jupyter-mallory" / "crm-lab-student").symlink_to(tmp_path / "secret")  # a folder link
    (homes / "jupyter-eve").symlink_to(homes / "jupyter-alice")  # the home itself a link
    found = co.collect_homes(_pattern(homes), ["mallory", "eve"])
    assert found.notebooks == {}
    assert all("symbolic link" in why for why in found.missing.values()), found.missing


def test_oversized_and_special_files_are_refused(homes):
    big = homes / "jupyter-alice" / NB
    big.write_bytes(b" " * (2 * 2**20))
    os.mkfifo(homes / "jupyter-carol" / NB)  # would block a reader that opens it normally
    found = co.collect_homes(_pattern(homes), limit=2**20)
    assert list(found.notebooks) == ["bob"]
    assert "larger than 1 MB" in found.missing["alice"]
    assert "not a regular file" in found.missing["carol"]


@pytest.mark.parametrize("name", ["../bob", ".hidden", "a/b", "a b", "", "..", "x" * 101, "semi;colon", "tab\t"])
def test_unsafe_user_names_are_refused_with_a_line(homes, name):
    assert co.safe_user(name) is not None
    found = co.collect_homes(_pattern(homes), [name])
    assert found.notebooks == {}
    assert "not a safe file name" in found.missing[name] and "不能用作文件名" in found.missing[name]


def test_discovered_folder_with_an_unsafe_name_is_refused(homes):
    (homes / "jupyter-.sneaky" / "crm-lab-student" / "notebooks").mkdir(parents=True)
    (homes / "jupyter-.sneaky" / NB).write_bytes(_notebook("x"))
    found = co.collect_homes(_pattern(homes))
    assert ".sneaky" in found.missing and ".sneaky" not in found.notebooks


@pytest.mark.parametrize("pattern", ["/home/alice/03.ipynb", "/home/{user}/{user}.ipynb", "/home/{user}",
                                     "/home/{user}/../x.ipynb"])
def test_bad_patterns_say_what_is_wrong(pattern):
    with pytest.raises(ValueError, match="homes pattern") as err:
        co.collect_homes(pattern)
    assert "主目录模式" in str(err.value)


def test_out_folder_of_other_files_is_not_replaced(homes, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError, match="not a previous collection"):
        co.write_collection(co.collect_homes(_pattern(homes)), out)
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "keep me"


def test_cli_collect_homes_prints_both_languages(homes, tmp_path, capsys):
    assert main(["collect", "--homes", _pattern(homes), "--out", str(tmp_path / "subs")]) == 0
    out = capsys.readouterr().out
    assert "collected 2 notebook(s)" in out and "已收集 2 份笔记本" in out and "carol" in out


# ------------------------------------------------------------------------------ hub (a stub)

TOKEN = "stub-token-0123456789"


class _StubHub(http.server.BaseHTTPRequestHandler):
    """Just enough of JupyterHub's REST API and a server's contents API for collect."""

    users = [
        {"name": "alice", "admin": False, "servers": {"": {"ready": True, "url": "/user/alice/"}}},
        {"name": "bob", "admin": False, "servers": {}, "server": None},
        {"name": "dave", "admin": False, "servers": {"": {"ready": True, "url": "/user/dave/"}}},
        {"name": "eve", "admin": False, "servers": {"": {"ready": True, "url": "/user/eve/"}}},
        {"name": "../root", "admin": False, "servers": {"": {"ready": True, "url": "/user/..%2Froot/"}}},
        {"name": "instructor", "admin": True, "servers": {"": {"ready": True, "url": "/user/instructor/"}}},
        {"name": "frank", "admin": False, "servers": {"": {"ready": True, "url": "/user/frank/"}}},
    ]
    files = {"alice": _notebook("alice").decode(), "eve": "x" * (3 * 2**20), "instructor": _notebook("key").decode()}
    seen: list[str] = []

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's name
        self.seen.append(self.path)
        if self.headers.get("Authorization") != f"token {TOKEN}":
            return self._send(403, b'{"message": "Forbidden"}')
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        if url.path == "/hub/api/users":
            offset = int(query.get("offset", ["0"])[0])
            items = self.users[offset:offset + 3]  # pages of 3, as the hub paginates
            nxt = {"offset": offset + 3} if offset + 3 < len(self.users) else None
            return self._send(200, json.dumps({"items": items, "_pagination": {"next": nxt}}).encode())
        parts = url.path.split("/")
        if len(parts) > 4 and parts[1] == "user" and parts[3] == "api":
            user = unquote(parts[2])
            if user == "frank":  # a server that sends the token's holder to a login page
                return self._send(302, headers=[("Location", "http://127.0.0.1:1/steal")])
            assert query.get("type") == ["file"] and query.get("format") == ["text"]
            if user not in self.files:
                return self._send(404, b'{"message": "No such file"}')
            return self._send(200, json.dumps({"type": "file", "format": "text", "content": self.files[user]}).encode())
        return self._send(404)


@pytest.fixture
def stub_hub():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _StubHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _StubHub.seen = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_hub_source_lists_users_and_fetches_through_the_proxy(stub_hub):
    found = co.collect_hub(stub_hub, TOKEN, NB, limit=2**20, timeout=10)
    assert found.notebooks == {"alice": _notebook("alice")}
    assert sorted(found.missing) == ["../root", "bob", "dave", "eve", "frank"]  # the admin is left out
    assert "no running server" in found.missing["bob"] and "服务器未运行" in found.missing["bob"]
    assert "no notebook at" in found.missing["dave"]
    assert "larger than 1 MB" in found.missing["eve"]
    assert "not a safe file name" in found.missing["../root"]
    assert "302" in found.missing["frank"]  # the redirect was not followed
    assert any("offset=3" in p for p in _StubHub.seen)  # the second page of users was read
    assert not any("root" in p for p in _StubHub.seen if "/api/contents" in p)  # nothing fetched for that name
    assert all(TOKEN not in p for p in _StubHub.seen)  # the token travels in a header, never in a URL


def test_hub_source_listed_users_and_admins(stub_hub):
    found = co.collect_hub(stub_hub, TOKEN, NB, ["instructor", "nobody"], timeout=10)
    assert list(found.notebooks) == ["instructor"]
    assert "not a user of the hub" in found.missing["nobody"]


def test_hub_refusing_the_token_is_a_clear_error(stub_hub):
    with pytest.raises(ValueError, match="refused the token") as err:
        co.collect_hub(stub_hub, "wrong", NB, timeout=10)
    assert "拒绝了该令牌" in str(err.value)


def test_hub_unreachable_is_a_clear_error():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    with pytest.raises(ValueError, match="could not be reached"):
        co.collect_hub(f"http://127.0.0.1:{port}", TOKEN, NB, timeout=5)


def test_cli_collect_hub_reads_the_token_from_the_environment(stub_hub, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    assert main(["collect", "--hub", stub_hub, "--path", NB, "--out", str(tmp_path / "a")]) == 2
    err = capsys.readouterr().err
    assert "JUPYTERHUB_API_TOKEN" in err and "环境变量" in err
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", TOKEN)
    assert main(["collect", "--hub", stub_hub, "--path", NB, "--out", str(tmp_path / "a"), "--max-mb", "1"]) == 0
    out = capsys.readouterr().out
    assert "collected 1 notebook(s)" in out and "已收集 1 份笔记本" in out
    assert (tmp_path / "a" / "alice.ipynb").read_bytes() == _notebook("alice")
