"""environment.yml and pyproject.toml declare the same packages; CI calls the README's test command."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*$")


def _parse(req: str) -> tuple[str, str]:
    name, spec = _REQ.match(req).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def _pyproject() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["test"]
    return dict(_parse(r) for r in reqs)


def _environment() -> dict[str, str]:
    deps = {}
    in_deps = False
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        m = re.match(r"^  - ([^\s:]+)\s*$", line)
        if in_deps and m:
            name, spec = _parse(m.group(1).replace(">=", " >=").replace("==", " =="))
            if name not in ("python", "pip"):
                deps[name] = spec
    return deps


def test_environment_matches_pyproject():
    py, env = _pyproject(), _environment()
    assert py, "no dependencies parsed from pyproject.toml"
    assert env == py, f"drift: only in pyproject {set(py.items()) - set(env.items())}, " \
                      f"only in environment.yml {set(env.items()) - set(py.items())}"


def test_python_floor_matches():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["requires-python"] == ">=3.10"
    assert "python>=3.10" in (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and re.search(r"^make test$", ci, re.M)


def test_every_notebook_has_python3_kernelspec():
    import nbformat

    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks, "no notebooks found"
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata.get("kernelspec", {}).get("name") == "python3", path.name


# --- the conda route ---------------------------------------------------------------------------
# conda (and mamba, micromamba) install the conda packages, then write the `pip:` lines of
# environment.yml to a requirements file next to it and run `python -m pip install -U -r FILE`
# in that folder. Whatever those lines hold must therefore be valid in a requirements file.

def _environment_yaml() -> dict:
    import yaml  # PyYAML comes with JupyterLab (jupyter-events)

    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _pip_lines() -> list[str]:
    pip = [d["pip"] for d in _environment_yaml()["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(pip) == 1, "environment.yml should have exactly one pip: section"
    return [str(line) for line in pip[0]]


def _conda_folder(tmp_path: Path) -> Path:
    """A copy of what conda's pip step sees: environment.yml, pyproject.toml, README.md, labkit/."""
    for name in ("environment.yml", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "labkit", tmp_path / "labkit", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _pip_step(folder: Path, lines: list[str]) -> subprocess.CompletedProcess:
    """conda's pip step, as a dry run that needs no network: installed packages and local files only."""
    req = folder / "condaenv.test.requirements.txt"
    req.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "pip", "install", "-U", "-r", req.name,
           "--dry-run", "--no-index", "--no-build-isolation", "--disable-pip-version-check"]
    return subprocess.run(cmd, cwd=folder, capture_output=True, text=True, timeout=300)


def test_pip_section_holds_only_what_a_requirements_file_accepts(tmp_path):
    lines = _pip_lines()
    assert lines == ["-e ."], f"environment.yml pip: section changed to {lines}; update this test's reasons"
    run = _pip_step(_conda_folder(tmp_path), lines)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "Would install labkit-" in run.stdout


def test_pip_step_rejects_what_conda_would_choke_on(tmp_path):
    """The check above is real: the old `--no-deps` line fails it the way conda's pip step failed."""
    run = _pip_step(_conda_folder(tmp_path), ["--no-deps", "-e ."])
    assert run.returncode != 0
    assert "no such option: --no-deps" in run.stderr


def _readme_block(heading: str, lang: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(heading, 1)[1].split("\n#", 1)[0]
    block = re.search(rf"```{lang}\n(.*?)```", section, re.S)
    assert block, f"no ```{lang} block under {heading!r}"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.split("#")[0].strip()]


def test_readme_conda_commands_are_what_a_conda_user_types():
    name = _environment_yaml()["name"]
    commands = _readme_block("### Conda users", "bash")
    assert commands[0] == "conda env create -f environment.yml"
    assert commands[1] == f"conda activate {name}"
    assert commands[2].startswith("jupyter lab ") and "notebooks/00_start_here.ipynb" in commands[2]
    assert "--notebook-dir=." in commands[2], "serve the repository root, as make lab does"


def test_readme_launch_lines_say_what_root_adds():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for heading in ("### Conda users", "### Windows users"):
        section = readme.split(heading, 1)[1].split("\n### ", 1)[0]
        assert "--allow-root" in section, f"{heading}: say what to add when running as root"


_CONDA_TOOLS = ("micromamba", "mamba", "conda")


def test_conda_env_create_for_real(tmp_path):
    """`conda env create -f environment.yml` for real; run it with `make test-conda`.

    Needs micromamba, mamba or conda on PATH and conda-forge within reach; it downloads about
    400 MB and takes minutes, so `make test` skips it.
    """
    if os.environ.get("CRMLAB_TEST_CONDA") != "1":
        pytest.skip("real conda env create runs with `make test-conda` (CRMLAB_TEST_CONDA=1)")
    tool = next((shutil.which(t) for t in _CONDA_TOOLS if shutil.which(t)), None)
    if tool is None:
        pytest.skip("no micromamba, mamba or conda on PATH (none on PyPI or in Debian's archive)")
    folder = _conda_folder(tmp_path / "project")
    prefix = tmp_path / "env"
    env = dict(os.environ, MAMBA_ROOT_PREFIX=str(tmp_path / "root"), CONDA_PKGS_DIRS=str(tmp_path / "pkgs"))
    probe = subprocess.run([tool, "search", "-c", "conda-forge", "--override-channels", "python"],
                           capture_output=True, text=True, env=env, timeout=120)
    if probe.returncode != 0:
        pytest.skip(f"conda-forge not reachable from here ({tool} search failed)")
    create = [tool, "env", "create", "-y", "-p", str(prefix), "-f", "environment.yml"]
    if Path(tool).name == "micromamba":
        create = [tool, "create", "-y", "-p", str(prefix), "-f", "environment.yml"]
    run = subprocess.run(create, cwd=folder, capture_output=True, text=True, env=env, timeout=1800)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    check = subprocess.run([str(prefix / "bin" / "python"), "-c", "import labkit, jupyterlab; print(labkit.__file__)"],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and str(folder) in check.stdout, check.stdout + check.stderr
