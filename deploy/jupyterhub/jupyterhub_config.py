# CRM Lab course hub: a JupyterHub configuration for one class (客户关系管理实验室 · 课程 JupyterHub 配置).
#
#     jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
#
# Every setting comes from an environment variable with a default, so one file serves a
# course server and the end-to-end test (tests_hub/). docs/deploy.md says which deployment
# (The Littlest JupyterHub, Zero to JupyterHub on Kubernetes, this file on one machine) uses what.
#
#   CRMLAB_HUB_EDITION      what each student gets: a folder written by `labkit edition --out DIR`
#                           (DIR/crm-lab-student), copied into the student's home on first spawn;
#                           or a git URL of the edition, pulled by nbgitpuller when the student opens
#                           the hub.                       default: /srv/crm-lab/crm-lab-student
#   CRMLAB_HUB_BRANCH       branch of that git repository (git URLs only).           default: main
#   CRMLAB_HUB_START        notebook the hub opens, relative to the edition.
#                                                            default: notebooks/00_start_here.ipynb
#   CRMLAB_HUB_ADMINS       instructor user names (comma-separated): hub admins.  default: instructor
#   CRMLAB_HUB_STUDENTS     student user names (comma-separated), or "*" for everyone the
#                           authenticator accepts (the LMS decides with LTI).          default: none
#   CRMLAB_HUB_MEM_LIMIT    memory per student server, e.g. 2G.                         default: 2G
#   CRMLAB_HUB_CPU_LIMIT    CPU cores per student server, e.g. 1 or 0.5.                default: 1
#   CRMLAB_HUB_AUTH         pam (system accounts), lti13 (login from the LMS), or test (shared
#                           password, temporary homes, 127.0.0.1 only).               default: pam
#   CRMLAB_HUB_IP / _PORT   where students reach the hub.             default: all interfaces, 8000
#   CRMLAB_HUB_STATE        folder for the hub's database and cookie secret.  default: current folder
#   CRMLAB_HUB_COLLECT_TOKEN  an API token for `labkit collect --hub` (read users, read their
#                           servers' files); unset = no such token.                    default: unset
#   CRMLAB_HUB_CULL_TIMEOUT stop servers idle this many seconds, 0 = never; needs the
#                           jupyterhub-idle-culler package.                          default: 3600
#   test mode only:
#   CRMLAB_HUB_TEST_PASSWORD  the shared password (8+ characters).
#   CRMLAB_HUB_TEST_HOMES     folder holding one home per user (<folder>/<user>).
#   CRMLAB_HUB_HUB_PORT / CRMLAB_HUB_PROXY_API_PORT  internal ports.           default: 8081, 8001
#   LTI 1.3 only: CRMLAB_HUB_LTI_ISSUER, CRMLAB_HUB_LTI_CLIENT_ID, CRMLAB_HUB_LTI_AUTHORIZE_URL,
#                 CRMLAB_HUB_LTI_JWKS_URL (what the LMS shows when the tool is registered), and
#                 CRMLAB_HUB_LTI_USERNAME_KEY (launch claim used as user name; default: email).
import os
import sys
from pathlib import Path
from urllib.parse import quote

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file


def env(name, default=""):
    """The value of CRMLAB_HUB_<name>, stripped, or ``default``."""
    return os.environ.get(f"CRMLAB_HUB_{name}", default).strip()


def names(text):
    """Comma-separated user names as a set, blanks dropped."""
    return {n.strip() for n in text.split(",") if n.strip()}


AUTH = env("AUTH", "pam").lower()
TEST = AUTH == "test"
EDITION = env("EDITION", "/srv/crm-lab/crm-lab-student")
START = env("START", "notebooks/00_start_here.ipynb").strip("/")
IS_GIT = EDITION.endswith(".git") or EDITION.startswith(("git@", "https://", "http://"))
STATE = Path(env("STATE", os.getcwd()))

# --- where the hub listens, and its state ------------------------------------------------------
# In test mode everything binds to 127.0.0.1, so nothing is reachable from another machine.
c.JupyterHub.ip = "127.0.0.1" if TEST else env("IP", "")
c.JupyterHub.port = int(env("PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(env('PROXY_API_PORT', '8001'))}"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# --- who logs in ---------------------------------------------------------------------------
# Instructors are admins: they see every student's server in the admin page and may use the API.
c.Authenticator.admin_users = names(env("ADMINS", "instructor"))
students = env("STUDENTS", "")
if students == "*":
    c.Authenticator.allow_all = True  # e.g. with LTI: whoever the LMS sends in is in the course
else:
    c.Authenticator.allowed_users = names(students)

if TEST:
    # A shared password for every non-admin user (SharedPasswordAuthenticator, JupyterHub 5.3+;
    # older hubs: DummyAuthenticator.password). For tests on 127.0.0.1 only, never for a class.
    password = env("TEST_PASSWORD")
    try:
        from jupyterhub.authenticators.shared import SharedPasswordAuthenticator  # noqa: F401

        c.JupyterHub.authenticator_class = "shared-password"
        c.SharedPasswordAuthenticator.user_password = password
    except ImportError:
        c.JupyterHub.authenticator_class = "dummy"
        c.DummyAuthenticator.password = password
elif AUTH == "lti13":
    # Login from the LMS (Canvas, Moodle, ...) with LTI 1.3: pip install jupyterhub-ltiauthenticator.
    # The LMS registers the tool with the hub's URLs (docs/deploy.md) and shows the four values below.
    c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
    c.LTI13Authenticator.issuer = env("LTI_ISSUER")
    c.LTI13Authenticator.client_id = names(env("LTI_CLIENT_ID"))
    c.LTI13Authenticator.authorize_url = env("LTI_AUTHORIZE_URL")
    c.LTI13Authenticator.jwks_endpoint = env("LTI_JWKS_URL")
    # the launch claim that becomes the hub user name, i.e. the student id labkit collect and
    # labkit grade see; match it to the roster's student_id (ltiauthenticator's default: email)
    c.LTI13Authenticator.username_key = env("LTI_USERNAME_KEY", "email")
else:
    # System accounts of this machine (the default of JupyterHub itself).
    c.JupyterHub.authenticator_class = "pam"

# --- each student's server -----------------------------------------------------------------
if TEST:
    # Homes in a temporary folder, users need not exist on this machine. No isolation between
    # users at all: for the end-to-end test only.
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(Path(env("TEST_HOMES", "/tmp/crmlab-hub-homes")) / "{username}")
    c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        c.Spawner.args = ["--allow-root"]  # Jupyter refuses to run as root unless told so
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 120
c.Spawner.notebook_dir = "~"

# Resource limits per student. Enforced by SystemdSpawner (what The Littlest JupyterHub uses,
# through systemd's MemoryMax/CPUQuota) and KubeSpawner (Zero to JupyterHub, as the pod's
# limits); JupyterHub's default LocalProcessSpawner (and the test mode's SimpleLocalProcessSpawner)
# only passes them on as MEM_LIMIT / CPU_LIMIT environment variables and does NOT enforce them.
c.Spawner.mem_limit = env("MEM_LIMIT", "2G")
c.Spawner.cpu_limit = float(env("CPU_LIMIT", "1"))


def _home(spawner):
    """The student's home folder as the hub sees it, or None when it is not on this machine."""
    home = getattr(spawner, "home_dir", None)  # SimpleLocalProcessSpawner
    if home:
        return Path(home)
    try:
        import pwd

        return Path(pwd.getpwnam(spawner.user.name).pw_dir)
    except (ImportError, KeyError):
        return None  # e.g. KubeSpawner: the home is a volume inside the pod; use a git edition


def _owner(spawner):
    """(uid, gid) of the student's system account, or None."""
    try:
        import pwd

        entry = pwd.getpwnam(spawner.user.name)
        return entry.pw_uid, entry.pw_gid
    except (ImportError, KeyError):
        return None


# The copy itself, run in a separate Python (isolated mode) with the student's own uid and gid
# when the hub runs as root: it can then do nothing the student could not do. A student who
# turned ~/crm-lab-student (or a folder in it) into a link to /etc cannot make the root hub
# write or chown there.
_COPY = r"""
import os, shutil, sys
from pathlib import Path
source, target = Path(sys.argv[1]), Path(sys.argv[2])
added = 0
for path in sorted(source.rglob("*")):
    dest = target / path.relative_to(source)
    if path.is_symlink() or os.path.lexists(dest):
        continue  # never follow links in the edition, never replace what the student has
    if path.is_dir():
        dest.mkdir(parents=True, exist_ok=True)
    else:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
        added += 1
print(added)
"""


def copy_edition(spawner):
    """Copy the edition folder into the student's home, adding only files the student lacks.

    A student's existing work is never overwritten: a file that is already there stays as it is
    (a new notebook of a later release is added next to it). When the hub runs as root and the
    student has a system account, the copy runs as the student.
    """
    import subprocess

    home = _home(spawner)
    source = Path(EDITION)
    if home is None or not source.is_dir():
        spawner.log.warning("CRM Lab edition not copied for %s (home %s, edition folder %s)",
                            spawner.user.name, home, source)
        return
    target = home / source.name
    as_student = _owner(spawner) if os.geteuid() == 0 else None
    options, python = {}, sys.executable
    if as_student:
        uid, gid = as_student
        options = {"user": uid, "group": gid, "extra_groups": [], "cwd": "/"}
        # the hub's own Python may sit where students cannot run it; the copy needs only the stdlib
        python = next((p for p in ("/usr/bin/python3", "/usr/local/bin/python3") if os.path.exists(p)), python)
    try:
        done = subprocess.run([python, "-I", "-c", _COPY, str(source), str(target)],
                              capture_output=True, text=True, timeout=300,
                              env={"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}, **options)
    except (OSError, subprocess.TimeoutExpired) as err:
        spawner.log.warning("CRM Lab edition not copied for %s: %s", spawner.user.name, err)
        return
    if done.returncode != 0:
        spawner.log.warning("CRM Lab edition not copied for %s: %s", spawner.user.name,
                            done.stderr.strip().splitlines()[-1:] or done.returncode)
        return
    spawner.log.info("CRM Lab edition for %s: %s file(s) added to %s", spawner.user.name,
                     done.stdout.strip(), target)


if IS_GIT:
    # nbgitpuller (installed in the student's environment) clones the edition on first visit and
    # merges updates later without overwriting the student's changes; then it opens START.
    folder = EDITION.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    c.Spawner.default_url = (f"/git-pull?repo={quote(EDITION, safe='')}&branch={quote(env('BRANCH', 'main'))}"
                             f"&urlpath={quote(f'lab/tree/{folder}/{START}?autodecode', safe='')}")
else:
    c.Spawner.pre_spawn_hook = copy_edition
    c.Spawner.default_url = f"/lab/tree/{Path(EDITION).name}/{START}"

# --- the token `labkit collect --hub` uses ---------------------------------------------------
# A service with just the scopes collect needs: list the users, see their servers, read files
# through the servers' contents API. Give the token to the grader in JUPYTERHUB_API_TOKEN.
services, roles = [], []
token = env("COLLECT_TOKEN")
if token:
    services.append({"name": "labkit-collect", "api_token": token})
    roles.append({"name": "labkit-collect", "services": ["labkit-collect"],
                  "scopes": ["list:users", "read:users", "read:servers", "access:servers"]})

# --- idle culling ------------------------------------------------------------------------------
# Stops servers nobody used for CULL_TIMEOUT seconds (their files stay). jupyterhub-idle-culler is
# a separate package; without it this block does nothing. Zero to JupyterHub and The Littlest
# JupyterHub run their own culler (cull.timeout / services.cull.timeout).
cull = int(env("CULL_TIMEOUT", "3600"))
try:
    import jupyterhub_idle_culler  # noqa: F401
except ImportError:
    jupyterhub_idle_culler = None
if cull and jupyterhub_idle_culler is not None and not TEST:
    services.append({"name": "idle-culler",
                     "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={cull}"]})
    roles.append({"name": "idle-culler", "services": ["idle-culler"],
                  "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]})
c.JupyterHub.services = services
c.JupyterHub.load_roles = roles
