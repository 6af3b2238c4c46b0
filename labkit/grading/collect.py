"""Gathering each student's notebook of one chapter from a JupyterHub into a folder ``labkit grade`` takes.

``labkit collect --homes PATTERN --out DIR`` reads the students' home folders on the hub's
machine (``PATTERN`` holds ``{user}``, e.g. ``/home/jupyter-{user}/crm-lab-student/notebooks/03.ipynb``);
``labkit collect --hub URL --path NB --out DIR`` asks the hub for its users
(``/hub/api/users``, with an API token from ``JUPYTERHUB_API_TOKEN``) and fetches the file
through each running server's contents API via the hub's proxy. Either way ``DIR`` gets one
``<user>.ipynb`` per student (so the user name is the student id in the gradebook) and a
``manifest.json``: the users with the sha256 of what was collected, the source, and every
user that is missing with the reason, sorted, without timestamps.

What students control is not trusted:

* links are never followed: in the homes, every folder from the user's own one down to the
  notebook is opened with ``O_NOFOLLOW`` relative to its parent (no race between a check and
  the open), so a notebook that is a link to another student's file or to a secret is refused;
* reads are size-bounded (:func:`labkit.grading.intake.read_fd_bounded`; HTTP bodies likewise);
* user names that are not safe file names are refused with a line saying so (:func:`safe_user`);
* a missing file, a stopped server or an unreadable notebook is reported, never fatal;
* the output folder is written next to its final place and renamed into it, so ``labkit
  grade`` never sees half a collection; an existing folder is only replaced when it is a
  previous collection.

Examples
--------
>>> safe_user("alice"), safe_user("s2026001"), safe_user("li.wei@uni.edu")
(None, None, None)
>>> safe_user("../bob")
"user name '../bob' is not a safe file name (letters, digits, . _ - @ +; not starting with '.'): refused"
>>> users_in_pattern("/home/jupyter-{user}/crm-lab-student/notebooks/03.ipynb")
(PosixPath('/home'), 'jupyter-', '', ['crm-lab-student', 'notebooks', '03.ipynb'])
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import quote, urljoin, urlsplit

from labkit.grading.intake import COLLECT_FORMAT as FORMAT
from labkit.grading.intake import COLLECT_MANIFEST as MANIFEST
from labkit.grading.intake import MAX_NOTEBOOK_BYTES, read_fd_bounded

__all__ = ["Collection", "collect_homes", "collect_hub", "write_collection", "safe_user", "users_in_pattern",
           "summary_lines", "MANIFEST", "FORMAT"]

_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}")

# Why a user has no notebook: (English, Chinese), so every reason reads in both languages.
REASONS = {
    "unsafe": ("user name {name!r} is not a safe file name (letters, digits, . _ - @ +; not starting with '.'): refused",
               "用户名 {name!r} 不能用作文件名（只允许字母、数字和 . _ - @ +，且不以 . 开头）：已拒收"),
    "missing": ("no notebook at {where}", "{where} 处没有笔记本"),
    "link": ("{where} is a symbolic link (or passes through one): refused, links are never followed",
             "{where} 是符号链接（或路径中有符号链接）：已拒收，不跟随链接"),
    "not_file": ("{where} is not a regular file: refused", "{where} 不是普通文件：已拒收"),
    "too_big": ("{where} is larger than {mb} MB: refused", "{where} 超过 {mb} MB：已拒收"),
    "unreadable": ("{where} could not be read ({why})", "{where} 无法读取（{why}）"),
    "no_server": ("no running server (the student has not started it; collect again later or from the homes)",
                  "服务器未运行（学生尚未启动；稍后再收集，或从主目录收集）"),
    "http": ("the server answered {status} for {where}", "服务器对 {where} 的回应是 {status}"),
    "unreachable": ("the server could not be reached ({why})", "无法连接到服务器（{why}）"),
    "not_listed": ("not a user of the hub", "不是该 JupyterHub 的用户"),
}


def _reason(key: str, **parts) -> str:
    en, zh = REASONS[key]
    return f"{en.format(**parts)} / {zh.format(**parts)}"


def _error(en: str, zh: str) -> ValueError:
    return ValueError(f"{en}\n{zh}")


def safe_user(name: str) -> str | None:
    """Why ``name`` cannot be a submission's file stem (English), or None when it can.

    Allowed: letters, digits and ``. _ - @ +``, 1 to 100 characters, not starting with ``.``
    (no ``/``, no ``..``, no hidden files, no spaces or control characters).
    """
    if isinstance(name, str) and _SAFE.fullmatch(name) and ".." not in name:
        return None
    return REASONS["unsafe"][0].format(name=name)


@dataclass
class Collection:
    """What a collection found: notebook bytes per user, and why each missing user has none."""

    source: str
    notebooks: dict[str, bytes] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)

    def manifest(self) -> dict:
        """The manifest written next to the notebooks: sorted, no timestamps, no machine state."""
        return {"format": FORMAT, "source": self.source,
                "users": {u: {"file": f"{u}.ipynb", "bytes": len(b), "sha256": hashlib.sha256(b).hexdigest()}
                          for u, b in sorted(self.notebooks.items())},
                "missing": dict(sorted(self.missing.items()))}


# ----------------------------------------------------------------------------------- homes

def users_in_pattern(pattern: str) -> tuple[Path, str, str, list[str]]:
    """Split a homes pattern into (trusted base folder, prefix, suffix, path below the user's folder).

    The folder name holding ``{user}`` is ``prefix + user + suffix``; everything above it is the
    base (trusted: the hub's own folders), everything below is opened without following links.
    """
    if not isinstance(pattern, str) or pattern.count("{user}") != 1:
        raise _error(f"homes pattern must contain {{user}} exactly once, got {pattern!r}",
                     f"主目录模式必须恰好包含一次 {{user}}，收到的是 {pattern!r}")
    parts = Path(pattern).parts
    at = next(i for i, p in enumerate(parts) if "{user}" in p)
    rest = list(parts[at + 1:])
    if not rest or any(p in ("..", ".") for p in rest):
        raise _error(f"homes pattern must name a notebook file below the user's folder, got {pattern!r}",
                     f"主目录模式必须指向用户文件夹下的笔记本文件，收到的是 {pattern!r}")
    prefix, suffix = parts[at].split("{user}")
    return Path(*parts[:at]) if at else Path("."), prefix, suffix, rest


def _discover(base: Path, prefix: str, suffix: str) -> list[str]:
    """User names of the folders in ``base`` named ``prefix + user + suffix`` (links included: refused later)."""
    try:
        entries = sorted(os.listdir(base))
    except OSError as err:
        raise _error(f"homes folder {str(base)!r} cannot be listed ({err.strerror})",
                     f"无法列出主目录所在文件夹 {str(base)!r}（{err.strerror}）") from None
    found = []
    for name in entries:
        if name.startswith(prefix) and name.endswith(suffix) and len(name) > len(prefix) + len(suffix):
            found.append(name[len(prefix):len(name) - len(suffix)] if suffix else name[len(prefix):])
    return found


def _read_below(base: Path, parts: Sequence[str], limit: int, shown: str) -> tuple[bytes | None, str | None]:
    """Open ``base/parts...`` one component at a time with O_NOFOLLOW; (bytes, None) or (None, reason)."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    directory = getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(base, os.O_RDONLY | directory)
    except OSError as err:
        return None, _reason("unreadable", where=shown, why=err.strerror)
    try:
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            flags = os.O_RDONLY | nofollow | (getattr(os, "O_NONBLOCK", 0) if last else directory)
            try:
                st = os.stat(part, dir_fd=fd, follow_symlinks=False)
            except FileNotFoundError:
                return None, _reason("missing", where=shown)
            except OSError as err:
                return None, _reason("unreadable", where=shown, why=err.strerror)
            if stat.S_ISLNK(st.st_mode):
                return None, _reason("link", where=shown)
            if last and not stat.S_ISREG(st.st_mode):
                return None, _reason("not_file", where=shown)
            try:
                nxt = os.open(part, flags, dir_fd=fd)
            except OSError as err:  # ELOOP/ENOTDIR: swapped for a link since the check
                key = "link" if err.errno == errno.ELOOP else "unreadable"
                return None, _reason(key, where=shown, why=err.strerror)
            os.close(fd)
            fd = nxt
        data, problem = read_fd_bounded(fd, limit)
        if problem is None:
            return data, None
        if "larger" in problem:
            return None, _reason("too_big", where=shown, mb=limit // 2**20)
        return None, _reason("not_file", where=shown)
    finally:
        os.close(fd)


def collect_homes(pattern: str, users: Iterable[str] | None = None, *,
                  limit: int = MAX_NOTEBOOK_BYTES) -> Collection:
    """Each user's notebook from the homes, ``pattern`` with ``{user}`` (see :func:`users_in_pattern`).

    Parameters
    ----------
    pattern : str
        Path of the notebook in every home, ``{user}`` once, e.g.
        ``/home/jupyter-{user}/crm-lab-student/notebooks/03.ipynb``.
    users : iterable of str, optional
        The users to collect; None (default) means every folder matching the pattern's user folder.
    limit : int
        Largest file accepted, in bytes (default :data:`labkit.grading.intake.MAX_NOTEBOOK_BYTES`).

    Returns
    -------
    Collection
        The notebooks read, and in ``missing`` every user without one (no file, a link, too big,
        not a regular file, an unsafe name) with the reason in English and Chinese.
    """
    base, prefix, suffix, rest = users_in_pattern(pattern)
    names = sorted(set(users)) if users is not None else _discover(base, prefix, suffix)
    found = Collection(f"homes {pattern}")
    for user in names:
        if safe_user(user):
            found.missing[user] = _reason("unsafe", name=user)
            continue
        shown = pattern.replace("{user}", user)
        data, problem = _read_below(base, [f"{prefix}{user}{suffix}", *rest], limit, shown)
        if problem:
            found.missing[user] = problem
        else:
            found.notebooks[user] = data
    return found


# ----------------------------------------------------------------------------------- hub

def _get(url: str, token: str, limit: int, timeout: float, accept: str = "application/json") -> tuple[int, bytes]:
    """(HTTP status, body of at most ``limit`` + 1 bytes) of a GET with the hub token; OSError when unreachable.

    Redirects are not followed: a hub or server redirecting an API call (to its login page)
    has not accepted the token, and the token is never sent on to another address.
    """
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102 - urllib hook
            return None

    request = urllib.request.Request(url, headers={"Authorization": f"token {token}", "Accept": accept})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=timeout) as response:
            return response.status, response.read(limit + 1)
    except urllib.error.HTTPError as err:
        return err.code, b""


def hub_users(url: str, token: str, *, timeout: float = 30) -> list[dict]:
    """Every user model of the hub at ``url`` (following the API's pagination), as the hub returns them."""
    api = urljoin(url.rstrip("/") + "/", "hub/api/users")
    users, offset = [], 0
    while True:
        try:
            status, body = _get(f"{api}?offset={offset}&limit=200", token, 64 * 2**20, timeout,
                                accept="application/jupyterhub-pagination+json")
        except OSError as err:
            raise _error(f"the hub at {url} could not be reached ({getattr(err, 'reason', err)})",
                         f"无法连接到 {url} 的 JupyterHub（{getattr(err, 'reason', err)}）") from None
        if status in (401, 403):
            raise _error(f"the hub at {url} refused the token (HTTP {status}): it needs the scopes list:users, "
                         "read:servers and access:servers (an admin's token, or the labkit-collect service "
                         "of deploy/jupyterhub/jupyterhub_config.py)",
                         f"{url} 的 JupyterHub 拒绝了该令牌（HTTP {status}）：需要 list:users、read:servers 和 "
                         "access:servers 权限（管理员令牌，或 deploy/jupyterhub/jupyterhub_config.py 中的 "
                         "labkit-collect 服务）")
        if status != 200:
            raise _error(f"the hub at {url} answered HTTP {status} for its user list",
                         f"{url} 的 JupyterHub 返回用户列表时回应 HTTP {status}")
        try:
            page = json.loads(body)
        except ValueError:
            raise _error(f"the hub at {url} sent a user list that is not JSON",
                         f"{url} 的 JupyterHub 返回的用户列表不是 JSON") from None
        if isinstance(page, list):  # a hub (or proxy) that ignores the pagination header
            return users + page
        users += page.get("items", [])
        nxt = (page.get("_pagination") or {}).get("next")
        if not nxt:
            return users
        offset = int(nxt.get("offset", offset + len(page.get("items", []))))


def _server_url(user: dict) -> str | None:
    """The URL path of the user's running default server, or None when it is not running."""
    server = (user.get("servers") or {}).get("")
    if server is not None:
        return server.get("url") if server.get("ready") else None
    return user.get("server")  # older hubs: only the "server" field


def collect_hub(url: str, token: str, path: str, users: Iterable[str] | None = None, *,
                include_admins: bool = False, limit: int = MAX_NOTEBOOK_BYTES, timeout: float = 30) -> Collection:
    """Each user's ``path`` (relative to the server's root) from the hub at ``url``, through the proxy.

    The file is fetched as text (``/user/NAME/api/contents/PATH?type=file&format=text&content=1``),
    byte for byte what the student's server has saved.

    Parameters
    ----------
    url : str
        The hub's public URL (the proxy), e.g. ``https://hub.example.edu``.
    token : str
        API token with the scopes ``list:users``, ``read:users``, ``read:servers``, ``access:servers``.
    path : str
        The notebook's path relative to each server's root folder.
    users : iterable of str, optional
        Only these users (a name the hub does not know is reported); None (default) means every
        user of ``/hub/api/users`` except admins.
    include_admins : bool
        Collect from admin users too when ``users`` is None (default False).
    limit : int
        Largest notebook accepted, in bytes.
    timeout : float
        Seconds per HTTP request (default 30).

    Returns
    -------
    Collection
        The notebooks fetched, and in ``missing`` every user without one (no running server, no
        such file, an error answer, too big, an unsafe name) with the reason.

    Raises
    ------
    ValueError
        No token, a bad ``path``, the hub unreachable or refusing the token (English and Chinese).
    """
    if not token:
        raise _error("labkit collect --hub needs an API token in the environment variable JUPYTERHUB_API_TOKEN "
                     "(never on the command line)",
                     "labkit collect --hub 需要在环境变量 JUPYTERHUB_API_TOKEN 中提供 API 令牌（不要写在命令行上）")
    clean = path.strip("/")
    if not clean or any(p in ("", ".", "..") for p in clean.split("/")):
        raise _error(f"path must be a notebook path relative to the server's root folder, got {path!r}",
                     f"path 必须是相对服务器根目录的笔记本路径，收到的是 {path!r}")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    models = {u.get("name"): u for u in hub_users(url, token, timeout=timeout)}
    wanted = sorted(set(users)) if users is not None else sorted(
        n for n, u in models.items() if isinstance(n, str) and (include_admins or not u.get("admin")))
    found = Collection(f"hub {url} path {clean}")
    for user in wanted:
        if safe_user(user):
            found.missing[user] = _reason("unsafe", name=user)
            continue
        model = models.get(user)
        if model is None:
            found.missing[user] = _reason("not_listed")
            continue
        server = _server_url(model)
        if not server:
            found.missing[user] = _reason("no_server")
            continue
        target = urljoin(origin, server.rstrip("/") + "/api/contents/" + quote(clean)) + \
            "?type=file&format=text&content=1"
        # the JSON wraps the text: allow for escaping, then bound the notebook itself
        try:
            status, body = _get(target, token, 2 * limit + 2**20, timeout)
        except OSError as err:
            found.missing[user] = _reason("unreachable", why=getattr(err, "reason", err))
            continue
        if status == 404:
            found.missing[user] = _reason("missing", where=clean)
            continue
        if status != 200:
            found.missing[user] = _reason("http", status=status, where=clean)
            continue
        if len(body) > 2 * limit + 2**20:
            found.missing[user] = _reason("too_big", where=clean, mb=limit // 2**20)
            continue
        try:
            model_file = json.loads(body)
            text = model_file["content"]
            if model_file.get("type") != "file" or not isinstance(text, str):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            found.missing[user] = _reason("not_file", where=clean)
            continue
        data = text.encode("utf-8")
        if len(data) > limit:
            found.missing[user] = _reason("too_big", where=clean, mb=limit // 2**20)
            continue
        found.notebooks[user] = data
    return found


# ----------------------------------------------------------------------------------- output

def write_collection(found: Collection, out: str | Path) -> Path:
    """Write ``<user>.ipynb`` for every collected user and :data:`MANIFEST` into ``out``, atomically.

    The files are written into a new folder beside ``out`` and renamed into place; an existing
    ``out`` is replaced only when it is empty or a previous collection (it has our manifest),
    never a folder of other files.

    Parameters
    ----------
    found : Collection
        What :func:`collect_homes` or :func:`collect_hub` returned.
    out : str or Path
        The folder to write (what ``labkit grade`` is then given).

    Returns
    -------
    Path
        ``out``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = write_collection(Collection("example", {"bob": b"{}", "alice": b"{}"}), Path(tmp) / "subs")
    ...     sorted(p.name for p in folder.iterdir())
    ['alice.ipynb', 'bob.ipynb', 'manifest.json']
    """
    out = Path(out)
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise _error(f"out must be a folder, got {str(out)!r}", f"out 必须是文件夹，收到的是 {str(out)!r}")
    if out.exists() and any(out.iterdir()) and not _is_collection(out):
        raise _error(f"out {str(out)!r} holds files that are not a previous collection: choose an empty or new folder",
                     f"out {str(out)!r} 中已有不属于上一次收集的文件：请选择空文件夹或新文件夹")
    for user in found.notebooks:
        if safe_user(user):
            raise _error(safe_user(user), REASONS["unsafe"][1].format(name=user))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for user, data in sorted(found.notebooks.items()):
            (tmp / f"{user}.ipynb").write_bytes(data)
        (tmp / MANIFEST).write_text(json.dumps(found.manifest(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")
        os.chmod(tmp, 0o755)
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.rename(out, old / "previous")
        os.rename(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _is_collection(folder: Path) -> bool:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def summary_lines(found: Collection, out: str | Path) -> list[str]:
    """The lines ``labkit collect`` prints: collected and missing counts in English and Chinese, then one per missing user.

    Examples
    --------
    >>> c = Collection("homes x/{user}/a.ipynb", {"alice": b"{}"}, {"bob": "no notebook at x / 无"})
    >>> print("\\n".join(summary_lines(c, "subs")))
    collected 1 notebook(s) into subs; missing 1 user(s)
    已收集 1 份笔记本到 subs；缺 1 位用户
      bob: no notebook at x / 无
    """
    n, m = len(found.notebooks), len(found.missing)
    lines = [f"collected {n} notebook(s) into {out}; missing {m} user(s)",
             f"已收集 {n} 份笔记本到 {out}；缺 {m} 位用户"]
    lines += [f"  {user}: {why}" for user, why in sorted(found.missing.items())]
    return lines
