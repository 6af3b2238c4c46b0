"""deploy/jupyterhub/jupyterhub_config.py read the way JupyterHub reads it (no hub started).

The file is executed with ``get_config`` returning a traitlets ``Config``; the settings each
environment variable drives are checked, and the pre-spawn hook that copies the edition into a
home is called on a stand-in spawner: it adds what is missing and never overwrites a student's work.
"""
import logging
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def _load(monkeypatch, **env):
    from traitlets.config import Config

    for key in [k for k in os.environ if k.startswith("CRMLAB_HUB_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(f"CRMLAB_HUB_{key}", value)
    c = Config()
    namespace = {"get_config": lambda: c, "__file__": str(CONFIG)}
    exec(compile(CONFIG.read_text(encoding="utf-8"), str(CONFIG), "exec"), namespace)
    return c, namespace


def test_defaults_are_a_course_server(monkeypatch):
    c, _ = _load(monkeypatch)
    assert c.JupyterHub.authenticator_class == "pam"
    assert c.Authenticator.admin_users == {"instructor"}
    assert c.Authenticator.allowed_users == set()
    assert c.Spawner.mem_limit == "2G" and c.Spawner.cpu_limit == 1.0
    assert c.Spawner.default_url == "/lab/tree/crm-lab-student/notebooks/00_start_here.ipynb"
    assert callable(c.Spawner.pre_spawn_hook)
    assert c.JupyterHub.services == []  # no token unless one is given


def test_test_mode_binds_to_localhost_with_a_shared_password(monkeypatch, tmp_path):
    c, _ = _load(monkeypatch, AUTH="test", TEST_PASSWORD="long-enough-pw", TEST_HOMES=str(tmp_path),
                 STUDENTS="alice,bob", ADMINS="teacher,ta", COLLECT_TOKEN="t0k3n", MEM_LIMIT="1G", CPU_LIMIT="0.5")
    assert c.JupyterHub.ip == "127.0.0.1" and c.JupyterHub.hub_ip == "127.0.0.1"
    assert c.JupyterHub.spawner_class == "simple"
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "{username}")
    assert c.Authenticator.allowed_users == {"alice", "bob"} and c.Authenticator.admin_users == {"teacher", "ta"}
    assert c.Spawner.mem_limit == "1G" and c.Spawner.cpu_limit == 0.5
    if c.JupyterHub.authenticator_class == "shared-password":  # JupyterHub 5.3+
        assert c.SharedPasswordAuthenticator.user_password == "long-enough-pw"
    else:
        assert c.JupyterHub.authenticator_class == "dummy" and c.DummyAuthenticator.password == "long-enough-pw"
    assert c.JupyterHub.services == [{"name": "labkit-collect", "api_token": "t0k3n"}]
    scopes = c.JupyterHub.load_roles[0]["scopes"]
    assert {"list:users", "access:servers"} <= set(scopes) and "admin:users" not in scopes


def test_everyone_from_the_lms_and_lti_settings(monkeypatch):
    c, _ = _load(monkeypatch, AUTH="lti13", STUDENTS="*", LTI_ISSUER="https://canvas.example.edu",
                 LTI_CLIENT_ID="10000000000001", LTI_AUTHORIZE_URL="https://canvas.example.edu/api/lti/authorize_redirect",
                 LTI_JWKS_URL="https://canvas.example.edu/api/lti/security/jwks")
    assert c.JupyterHub.authenticator_class == "ltiauthenticator.lti13.auth.LTI13Authenticator"
    assert c.Authenticator.allow_all is True
    assert c.LTI13Authenticator.client_id == {"10000000000001"}
    assert c.LTI13Authenticator.issuer == "https://canvas.example.edu"


def test_git_edition_is_pulled_by_nbgitpuller(monkeypatch):
    c, _ = _load(monkeypatch, EDITION="https://github.com/example/crm-lab-student.git", BRANCH="term-2026")
    url = c.Spawner.default_url
    assert url.startswith("/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample%2Fcrm-lab-student.git&branch=term-2026")
    assert "urlpath=lab%2Ftree%2Fcrm-lab-student%2Fnotebooks%2F00_start_here.ipynb%3Fautodecode" in url
    assert "pre_spawn_hook" not in c.Spawner


def _spawner(home: Path):
    return SimpleNamespace(home_dir=str(home), user=SimpleNamespace(name="alice"), log=logging.getLogger("test"))


def test_edition_is_copied_in_and_a_students_work_is_never_overwritten(monkeypatch, tmp_path):
    edition = tmp_path / "ed" / "crm-lab-student"
    (edition / "notebooks").mkdir(parents=True)
    (edition / "notebooks" / "00.ipynb").write_text("fresh 00", encoding="utf-8")
    (edition / "README.md").write_text("readme", encoding="utf-8")
    (edition / "notebooks" / "link.ipynb").symlink_to("/etc/passwd")  # links in an edition are skipped
    c, _ = _load(monkeypatch, EDITION=str(edition))
    home = tmp_path / "home" / "alice"
    c.Spawner.pre_spawn_hook(_spawner(home))
    assert (home / "crm-lab-student" / "notebooks" / "00.ipynb").read_text(encoding="utf-8") == "fresh 00"
    assert not (home / "crm-lab-student" / "notebooks" / "link.ipynb").exists()
    # the student works; the next release adds a chapter; the next spawn keeps the work
    (home / "crm-lab-student" / "notebooks" / "00.ipynb").write_text("my answers", encoding="utf-8")
    (edition / "notebooks" / "01.ipynb").write_text("fresh 01", encoding="utf-8")
    (edition / "notebooks" / "00.ipynb").write_text("released again", encoding="utf-8")
    c.Spawner.pre_spawn_hook(_spawner(home))
    assert (home / "crm-lab-student" / "notebooks" / "00.ipynb").read_text(encoding="utf-8") == "my answers"
    assert (home / "crm-lab-student" / "notebooks" / "01.ipynb").read_text(encoding="utf-8") == "fresh 01"


def test_missing_edition_folder_is_logged_not_fatal(monkeypatch, tmp_path, caplog):
    c, _ = _load(monkeypatch, EDITION=str(tmp_path / "nowhere"))
    with caplog.at_level(logging.WARNING):
        c.Spawner.pre_spawn_hook(_spawner(tmp_path / "home"))
    assert "not copied" in caplog.text


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="the --allow-root flag is for root only")
def test_root_needs_allow_root_in_test_mode(monkeypatch, tmp_path):
    c, _ = _load(monkeypatch, AUTH="test", TEST_PASSWORD="long-enough-pw", TEST_HOMES=str(tmp_path))
    assert "--allow-root" in c.Spawner.args


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="the copy drops to the student only as root")
def test_as_root_the_copy_runs_as_the_student_and_a_planted_link_gets_nothing(monkeypatch):
    """A student who made ~/crm-lab-student a link to a folder of root's cannot have the root hub
    write (or chown) there: the copy runs with the student's uid (here: nobody)."""
    import pwd
    import shutil
    import tempfile

    nobody = pwd.getpwnam("nobody")
    base = Path(tempfile.mkdtemp(prefix="crmlab-hubcopy-"))
    try:
        base.chmod(0o755)
        edition = base / "ed" / "crm-lab-student"
        (edition / "notebooks").mkdir(parents=True)
        (edition / "notebooks" / "00.ipynb").write_text("fresh 00", encoding="utf-8")
        for folder in (base / "ed", edition, edition / "notebooks"):
            folder.chmod(0o755)
        (edition / "notebooks" / "00.ipynb").chmod(0o644)
        secret = base / "root-only"
        secret.mkdir(mode=0o755)
        home = base / "home"
        home.mkdir()
        os.chown(home, nobody.pw_uid, nobody.pw_gid)
        c, _ = _load(monkeypatch, EDITION=str(edition))
        spawner = SimpleNamespace(home_dir=str(home), user=SimpleNamespace(name="nobody"),
                                  log=logging.getLogger("test"))
        # an honest first spawn: the files belong to the student
        c.Spawner.pre_spawn_hook(spawner)
        copied = home / "crm-lab-student" / "notebooks" / "00.ipynb"
        assert copied.read_text(encoding="utf-8") == "fresh 00"
        assert copied.stat().st_uid == nobody.pw_uid
        # the student swaps the folder for a link to root's folder and spawns again
        shutil.rmtree(home / "crm-lab-student")
        (home / "crm-lab-student").symlink_to(secret)
        os.lchown(home / "crm-lab-student", nobody.pw_uid, nobody.pw_gid)
        c.Spawner.pre_spawn_hook(spawner)
        assert list(secret.iterdir()) == []  # nothing written there
        assert secret.stat().st_uid == 0  # and not handed to the student
    finally:
        shutil.rmtree(base, ignore_errors=True)
