"""The command line as a newcomer meets it: a quick doctor, help that names every default,
a demo view that cleans up after itself, and notebook runs without upstream noise."""
from __future__ import annotations

import argparse
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from labkit import demo as view
from labkit.cli import DOCTOR_CHECKS, _parser, doctor_rows, main


def test_doctor_reports_every_check_and_prints_as_it_goes(capsys):
    assert inspect.isgenerator(doctor_rows()), "rows must come one at a time, printed as they come"
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "labkit doctor checks: " + ", ".join(DOCTOR_CHECKS)
    items = {line[:32].strip(): line[32:].strip() for line in out[1:]}
    assert {"python", "labkit", "numpy", "pandas", "jupyterlab", "ipywidgets JupyterLab extension",
            "CJK font for matplotlib", "datasets", "grading sandbox"} <= set(items)
    assert items["datasets"].startswith("found (") and "2000 customers" in items["datasets"]
    assert items["grading sandbox"].startswith(("available", "not available"))
    assert "needs >=3.10" in items["python"]


def test_doctor_reads_versions_without_importing_the_packages():
    """Importing every package made doctor take 5-9 s; versions come from metadata instead."""
    code = ("import sys; from labkit.cli import main; main(['doctor']); "
            "print(sorted(m for m in ('pandas', 'scipy', 'sklearn', 'nbformat', 'nbclient', 'jupyterlab', "
            "'faker', 'ipywidgets', 'pytest', 'nbval') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_doctor_flags_a_too_old_package(monkeypatch):
    from labkit import cli

    monkeypatch.setattr(cli, "_version", lambda dist: "0.1" if dist == "pandas" else "99.0")
    rows = dict(cli._requirement_rows())
    assert rows["pandas"].startswith("0.1: needs >=2.0")


def test_doctor_data_row_matches_the_loaders():
    from labkit.cli import _data_row
    from labkit.datasets import data_dir

    n_csv = len(list(data_dir().glob("*.csv")))
    assert _data_row().startswith(f"found ({n_csv} CSV files")


def _options(parser: argparse.ArgumentParser, path: str = "labkit"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _options(sub, f"{path} {name}")
        elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            yield path, action


def test_every_option_says_what_it_does_and_its_default():
    options = list(_options(_parser()))
    assert len(options) > 20
    for path, action in options:
        name = action.option_strings[0] if action.option_strings else action.dest
        assert action.help and len(action.help) > 10, f"{path} {name}: no help"
        if action.option_strings:
            assert "default" in action.help or "required" in action.help, f"{path} {name}: {action.help!r}"


@pytest.mark.parametrize("argv, expected", [
    (["datasets", "build", "--help"], ["--seed SEED", "(default 0)", "(default zh_CN)"]),
    (["execute", "--help"], ["(default 600)"]),
    (["demo", "--help"], ["(default: off)", "removed when JupyterLab stops"]),
])
def test_help_shows_defaults(capsys, argv, expected):
    assert main(argv) == 0
    out = " ".join(capsys.readouterr().out.split())
    for text in expected:
        assert text in out


def test_demo_write_only_uses_a_new_temporary_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "0", "--write-only"]) == 0
    written = Path(capsys.readouterr().out.strip())
    try:
        assert written.is_file() and written.parent.name.startswith("crmlab-demo-")
        assert list(tmp_path.iterdir()) == [], "wrote into the current folder"
    finally:
        import shutil

        shutil.rmtree(written.parent)


def test_demo_removes_its_temporary_folder_on_exit(monkeypatch):
    seen = []

    def fake_call(cmd, cwd):
        seen.append(Path(cwd))
        assert (Path(cwd) / "chapter0_demos.ipynb").is_file()
        return 0

    monkeypatch.setattr(view.subprocess, "call", fake_call)
    assert main(["demo", "0", "--no-browser"]) == 0
    (folder,) = seen
    assert folder.name.startswith("crmlab-demo-") and not folder.exists()

    def interrupted(cmd, cwd):
        seen.append(Path(cwd))
        raise KeyboardInterrupt

    monkeypatch.setattr(view.subprocess, "call", interrupted)
    assert main(["demo", "0", "--no-browser"]) == 0
    assert not seen[-1].exists(), "Ctrl+C left the temporary folder behind"


def test_execute_runs_the_kernel_without_the_tcp_warning(tmp_path, capfd):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    path = tmp_path / "tiny.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("print(6 * 7)")]), path)
    assert main(["execute", str(path)]) == 0
    captured = capfd.readouterr()
    assert "without encryption" not in captured.err + captured.out
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].outputs[0]["text"] == "42\n"
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_demo_cleans_up_when_terminated(monkeypatch):
    import os
    import signal

    seen = []

    def terminated(cmd, cwd):
        seen.append(Path(cwd))
        os.kill(os.getpid(), signal.SIGTERM)  # as `kill PID` or a closed terminal (SIGHUP) would
        return 0

    monkeypatch.setattr(view.subprocess, "call", terminated)
    with pytest.raises(SystemExit) as stop:
        main(["demo", "0", "--no-browser"])
    assert stop.value.code == 128 + signal.SIGTERM
    assert not seen[0].exists(), "SIGTERM left the temporary folder behind"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_demo_kernels_use_ipc(monkeypatch, tmp_path):
    import json
    import os

    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", "/tmp/jr")
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    seen = {}

    def fake_call(cmd, cwd):
        seen["config_path"] = os.environ.get("JUPYTER_CONFIG_PATH")
        seen["config"] = json.loads((Path(seen["config_path"]) / "jupyter_server_config.json").read_text())
        return 0

    monkeypatch.setattr(view.subprocess, "call", fake_call)
    assert main(["demo", "0", "--no-browser", "--out", str(tmp_path)]) == 0
    assert seen["config"] == {"KernelManager": {"transport": "ipc"}}
    assert "JUPYTER_CONFIG_PATH" not in os.environ, "the setting leaked out of labkit demo"
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", "/tmp/" + "x" * 60)  # too long for socket names: TCP
    seen.clear()
    def tcp_call(cmd, cwd):
        seen["env"] = os.environ.get("JUPYTER_CONFIG_PATH")
        return 0

    monkeypatch.setattr(view.subprocess, "call", tcp_call)
    assert main(["demo", "0", "--no-browser", "--out", str(tmp_path / "b")]) == 0
    assert seen["env"] is None
