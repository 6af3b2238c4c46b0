"""The ``labkit`` command line: ``labkit --version``, ``labkit doctor``, ``labkit datasets build``,
``labkit execute`` (re-run notebooks and store clean outputs) and the course tools other
issues add (``release``, ``grade``, ``demo``).

Examples
--------
>>> main(["--version"])
labkit 0.1.0
0
"""
from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator, Sequence

from labkit.kernelspec import KERNELSPEC  # also reachable as labkit.cli.KERNELSPEC
from labkit.errors import bilingual

__all__ = ["main", "doctor_report", "doctor_rows", "execute_notebook", "DOCTOR_CHECKS"]

DOCTOR_CHECKS = ("Python", "packages", "ipywidgets JupyterLab extension", "CJK font for matplotlib",
                 "datasets", "grading sandbox")


def _version(dist: str) -> str | None:
    """The installed version of distribution ``dist`` from its metadata (no import), or None."""
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _requirement_rows() -> Iterator[tuple[str, str]]:
    """One row per requirement labkit declares, with the installed version and whether it fits."""
    from importlib import metadata

    try:
        from packaging.requirements import Requirement
    except ImportError:  # pragma: no cover - packaging comes with JupyterLab
        Requirement = None
    try:
        declared = metadata.requires("labkit") or []
    except metadata.PackageNotFoundError:
        yield "labkit", "not installed as a package: run `make lab` (or pip install -e .) in the CRM Lab folder"
        return
    for line in declared:
        if Requirement is None:
            yield line, _version(line.split(";")[0].split(">")[0].split("=")[0].strip()) or "not installed"
            continue
        req = Requirement(line)
        extra = re.search(r"""extra\s*==\s*['"]([^'"]+)['"]""", str(req.marker or ""))
        if extra and extra.group(1) not in ("test", "browser"):
            continue
        name = req.name if not extra else f"{req.name} ({extra.group(1)} extra)"
        version = _version(req.name)
        if version is None:
            yield name, ("not installed" if not extra else
                         f"not installed (only for make {'test' if extra.group(1) == 'test' else 'test-browser'})")
        elif req.specifier and not req.specifier.contains(version, prereleases=True):
            yield name, f"{version}: needs {req.specifier}; run `make lab` again to update"
        else:
            yield name, version


def _widgets_extension() -> str:
    """Whether JupyterLab will find the ipywidgets front end (jupyterlab_widgets' labextension)."""
    version = _version("jupyterlab_widgets")
    if version is None:
        return "missing: pip install jupyterlab_widgets (ipywidgets>=8 installs it); live demos need it"
    share = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter-widgets" / "jupyterlab-manager"
    if share.exists():
        return f"installed (jupyterlab_widgets {version})"
    return f"python package present (jupyterlab_widgets {version}), labextension folder not found"


def _matplotlib_font_names() -> set[str] | None:
    """Font names in matplotlib's own font cache, read without importing matplotlib; None if absent."""
    import json

    base = os.environ.get("MPLCONFIGDIR")
    if not base:
        if sys.platform.startswith(("linux", "freebsd")):
            base = str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matplotlib")
        else:
            base = str(Path.home() / ".matplotlib")
    caches = sorted(Path(base).glob("fontlist-v*.json"), key=lambda p: p.stat().st_mtime)
    if not caches:
        return None
    try:
        return {entry["name"] for entry in json.loads(caches[-1].read_text(encoding="utf-8"))["ttflist"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _fontconfig_names() -> set[str]:
    """Font family names fontconfig knows (matplotlib finds system fonts the same way), or none."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return set()
    try:
        out = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return {name.strip() for line in out.splitlines() for name in line.split(",")}


def _cjk_font_row() -> str:
    """The CJK font plots will use. Fast sources first (matplotlib's font cache, fontconfig);
    only when neither has one, labkit.plotting.cjk_font() (imports matplotlib, about a second)."""
    from labkit.plotting import CJK_FONTS, cjk_font

    for source, names in (("matplotlib's font cache", _matplotlib_font_names() or set()),
                          ("fontconfig", _fontconfig_names())):
        font = next((f for f in CJK_FONTS if f in names), None)
        if font:
            return f"{font} (found in {source})"
    font = cjk_font()
    return font if font else "none found: plots use English labels (install fonts-noto-cjk or Noto Sans CJK SC)"


def _data_row() -> str:
    """The committed data: where, how many CSV files, and what it was simulated from (truth.json)."""
    import json

    # The same folder as labkit.datasets.data_dir(), found without importing pandas.
    folder = Path(os.environ.get("LABKIT_DATA") or Path(__file__).resolve().parents[1] / "datasets")
    try:
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return f"problem: {err}; run `labkit datasets build` or set LABKIT_DATA"
    n_csv = len(list(folder.glob("*.csv")))
    return (f"found ({n_csv} CSV files: {truth.get('n_customers', '?')} customers, seed {truth.get('seed', '?')}, "
            f"{truth.get('locale', '?')}, built with Faker {truth.get('faker_version', '?')})")


def _sandbox_row() -> str:
    """Whether grading can isolate submissions here (bubblewrap makes a sandbox)."""
    import shutil
    import subprocess

    try:
        from labkit.grading.bwrap import probe  # the grader's own check, where the sandbox is built in
    except ImportError:
        probe = None
    if probe is not None:
        works, why = probe()
        return why if works else f"not available: {why}; `labkit grade` refuses to run unless --no-sandbox"
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "not available: bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    try:
        run = subprocess.run([bwrap, "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"not available: bwrap did not run ({err})"
    if run.returncode != 0:
        return f"not available: bwrap cannot make namespaces here ({run.stderr.strip()[:120]})"
    return f"available ({bwrap})"


def doctor_rows() -> Iterator[tuple[str, str]]:
    """(item, status) pairs, one at a time: Python, packages, widgets, CJK font, data, sandbox.

    Versions come from package metadata (nothing heavy is imported), so the whole check takes
    well under a second; a failing check reports its problem instead of raising.
    """
    from labkit import __version__

    floor = None
    try:
        from importlib import metadata

        floor = metadata.metadata("labkit").get("Requires-Python")
    except Exception:  # noqa: BLE001 - doctor reports, never crashes
        pass
    yield "python", f"{platform.python_version()} ({sys.executable})" + (f", labkit needs {floor}" if floor else "")
    yield "labkit", f"{__version__} ({Path(__file__).resolve().parent})"
    yield from _requirement_rows()
    for item, check in (("ipywidgets JupyterLab extension", _widgets_extension), ("CJK font for matplotlib", _cjk_font_row),
                        ("datasets", _data_row), ("grading sandbox", _sandbox_row)):
        try:
            yield item, check()
        except Exception as err:  # noqa: BLE001 - doctor reports, never crashes
            yield item, f"problem: {type(err).__name__}: {err}"


def doctor_report() -> list[tuple[str, str]]:
    """All of :func:`doctor_rows` as a list."""
    return list(doctor_rows())


@contextlib.contextmanager
def _local_kernel() -> Iterator[Any]:
    """A python3 kernel manager over ipc sockets in a private short-named folder (where the OS
    has them), so the kernel starts without ipykernel's "running over TCP without encryption"."""
    from jupyter_client.manager import KernelManager

    if os.name != "posix":  # pragma: no cover - Windows: TCP on 127.0.0.1, as Jupyter does
        yield KernelManager(kernel_name="python3")
        return
    with tempfile.TemporaryDirectory(prefix="lk") as sockets:  # /tmp/lkXXXXXXXX/k-1: far below the path limit
        yield KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "k"))


@contextlib.contextmanager
def _ipc_kernels(folder: str | Path) -> Iterator[None]:
    """While inside, JupyterLab started from here runs its kernels over ipc sockets (Jupyter config
    in ``folder``), when the OS has them and Jupyter's runtime folder is short enough a path for a
    socket name (about 100 characters with the kernel's id); else kernels use TCP on 127.0.0.1."""
    import json

    from jupyter_core.paths import jupyter_runtime_dir

    if os.name != "posix" or len(jupyter_runtime_dir()) > 50:
        yield
        return
    config = Path(folder) / ".jupyter-config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "jupyter_server_config.json").write_text(json.dumps({"KernelManager": {"transport": "ipc"}}),
                                                      encoding="utf-8")
    before = os.environ.get("JUPYTER_CONFIG_PATH")
    os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [str(config), before]))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("JUPYTER_CONFIG_PATH", None)
        else:
            os.environ["JUPYTER_CONFIG_PATH"] = before


@contextlib.contextmanager
def _exit_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP (a closed terminal, `kill`) into SystemExit while inside, so the
    ``with`` blocks around it still clean up; Ctrl+C already arrives as KeyboardInterrupt."""
    import signal

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    try:
        before = {sig: signal.signal(sig, stop) for sig in wanted}
    except ValueError:  # not the main thread: leave the handlers alone
        before = {}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def execute_notebook(path: str | Path, *, timeout: int = 600) -> None:
    """Re-execute a notebook in place from a fresh kernel and store clean, portable outputs.

    Runs in the notebook's own folder; sets the python3 ``kernelspec``; drops execution
    timing metadata so a re-run changes only what really changed.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    if not path.is_file():
        raise ValueError(bilingual(f"notebook must be an existing .ipynb file, got {str(path)!r}"))
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    with _local_kernel() as km:
        NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent.resolve())}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    lang = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3",
                                    "codemirror_mode": {"name": "ipython", "version": 3},
                                    "file_extension": ".py", "mimetype": "text/x-python",
                                    "nbconvert_exporter": "python"} if lang else lang
    nbformat.write(nb, path)


def _parser() -> argparse.ArgumentParser:
    from labkit import __version__

    p = argparse.ArgumentParser(prog="labkit", description="CRM Lab course tools (客户关系管理实验室)")
    p.add_argument("--version", action="version", version=f"labkit {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("doctor", help="check this machine: " + ", ".join(DOCTOR_CHECKS) + " (under a second)")
    ds = sub.add_parser("datasets", help="synthetic datasets")
    ds_sub = ds.add_subparsers(dest="datasets_command", metavar="ACTION")
    b = ds_sub.add_parser("build", help="regenerate the CSVs, truth.json and the data dictionary")
    b.add_argument("--out", default=None, help="output folder (default: the repository's datasets/)")
    b.add_argument("--seed", type=int, default=0,
                   help="random seed of the simulation; the committed data uses the default (default 0)")
    b.add_argument("--customers", type=int, default=2000, help="number of customers (default 2000)")
    b.add_argument("--locale", default="zh_CN", choices=["zh_CN", "en_US"],
                   help="Faker locale of names, cities and complaint texts: zh_CN Chinese, en_US English (default zh_CN)")
    ex = sub.add_parser("execute", help="re-run notebooks in place and store clean outputs")
    ex.add_argument("notebooks", nargs="+", help="notebook files")
    ex.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds (default 600)")
    rel = sub.add_parser("release", help="write student versions of instructor notebooks")
    rel.add_argument("notebooks", nargs="+", help="instructor notebooks (.ipynb)")
    rel.add_argument("--out", required=True, help="folder for the student versions")
    rel.add_argument("--lang", default="both", choices=["en", "zh", "both"],
                     help="edition: English cells only, Chinese cells only (labels and feedback in Chinese too), "
                          "or both languages side by side (default: both)")
    ed = sub.add_parser("edition", help="write the student edition (folder + zip): notebooks without solutions, data, labkit")
    ed.add_argument("--out", required=True, help="folder to write crm-lab-student/ and crm-lab-student.zip into (required)")
    ed.add_argument("--no-zip", action="store_true", help="write the folder only (default: folder and zip)")
    ed.add_argument("--lang", default="both", choices=["en", "zh", "both"],
                    help="edition language: English, Chinese (student README, labels and feedback in Chinese too), "
                         "or both side by side (default: both)")
    pg = sub.add_parser("progress", help="run your notebooks in a fresh kernel and list every exercise with points")
    pg.add_argument("notebooks", nargs="*", help="notebooks or folders (default: notebooks/ here)")
    pg.add_argument("--timeout", type=float, default=120, help="per-cell time limit in seconds (default 120)")
    gr = sub.add_parser("grade", help="grade submitted notebooks into a gradebook CSV and feedback files")
    gr.add_argument("submissions", nargs="+", help="submitted notebooks, or folders of them (one file per student)")
    gr.add_argument("--instructor", required=True, help="the instructor notebook the submissions answer")
    gr.add_argument("--out", required=True, help="gradebook CSV to write")
    gr.add_argument("--feedback", default=None, help="folder for feedback files (default: next to the CSV)")
    gr.add_argument("--jobs", type=int, default=1,
                    help="submissions graded in parallel (default 1); with --cluster local, its number of workers")
    gr.add_argument("--cluster", default=None, metavar="local|tcp://HOST:PORT",
                    help="grade on Dask workers: 'local' starts a LocalCluster of --jobs workers, tcp://HOST:8786 "
                         "uses a running scheduler (needs pip install 'labkit[cluster]'; default: the process pool)")
    gr.add_argument("--timeout", type=float, default=60, help="per-cell time limit in seconds (default 60)")
    gr.add_argument("--total-timeout", type=float, default=300, help="time limit per submission (default 300)")
    gr.add_argument("--memory", type=int, default=2048, help="memory cap per kernel in MB, 0 = none (default 2048)")
    gr.add_argument("--max-output", type=float, default=10, help="output cap per submission in MB (default 10)")
    gr.add_argument("--id-from", choices=["file", "metadata"], default="file",
                    help="student id from the file name (default) or notebook metadata labkit.student_id")
    gr.add_argument("--quiet", action="store_true", help="no progress bar")
    gr.add_argument("--resume", action="store_true",
                    help="continue an interrupted batch: grade only what its journal (OUT.journal) lacks")
    gr.add_argument("--no-sandbox", action="store_true",
                    help="grade without the OS sandbox where none can be made (rows are marked; unsafe)")
    gr.add_argument("--roster", default=None,
                    help="roster CSV (student_id, name, canvas_user_id, moodle_participant_id, ...): maps LMS zips "
                         "to students and fills the LMS export (default: none)")
    gr.add_argument("--format", choices=["canvas", "moodle", "csv"], default=None,
                    help="also write the gradebook in this LMS's import format (<out>-<format>.csv; needs --roster; default: none)")
    gr.add_argument("--assignment", default="", help="assignment column name in the LMS export (default: the notebook's name)")
    gr.add_argument("--manual", nargs="+", default=None,
                    help="filled-in manual score CSVs of the free-response items (<out>-manual-<id>.csv; default: none)")
    gr.add_argument("--similarity", type=float, default=0.5,
                    help="flag pairs of submissions at least this similar for a person to look at (0 = off; default 0.5)")
    co = sub.add_parser("collect", help="gather each student's notebook of one chapter from a JupyterHub into a "
                                        "folder labkit grade takes (one <user>.ipynb each, and manifest.json)")
    where = co.add_mutually_exclusive_group(required=True)
    where.add_argument("--homes", metavar="PATTERN",
                       help="path of the notebook in every home, with {user}, e.g. "
                            "/home/jupyter-{user}/crm-lab-student/notebooks/03_satisfaction_and_loyalty.ipynb")
    where.add_argument("--hub", metavar="URL", help="the hub's public URL; the API token is read from "
                                                    "JUPYTERHUB_API_TOKEN (never give it on the command line)")
    co.add_argument("--path", default=None, help="with --hub: the notebook's path relative to each server's root, "
                                                 "e.g. crm-lab-student/notebooks/03_satisfaction_and_loyalty.ipynb")
    co.add_argument("--users", nargs="+", default=None,
                    help="only these users (default: every matching home folder, or every non-admin user of the hub)")
    co.add_argument("--roster", default=None, help="roster CSV whose student_id column lists the users (default: none)")
    co.add_argument("--include-admins", action="store_true", help="with --hub: collect from admin users too")
    co.add_argument("--out", required=True, help="folder to write (replaced only when it holds a previous collection)")
    co.add_argument("--max-mb", type=float, default=50, help="largest notebook accepted, in MB (default 50)")
    co.add_argument("--timeout", type=float, default=30, help="with --hub: seconds per HTTP request (default 30)")
    rp = sub.add_parser("report", help="class report (one offline HTML file) from the graded batches in a folder")
    rp.add_argument("gradebook_dir", help="folder holding the gradebooks and their *-results.json")
    rp.add_argument("--out", required=True, help="HTML file to write (required)")
    sm = sub.add_parser("simulate", help="a simulated class of one instructor notebook, with its truth (for testing)")
    sm.add_argument("instructor", help="instructor notebook")
    sm.add_argument("--out", required=True, help="folder for submissions/ and truth.json (required)")
    sm.add_argument("--students", type=int, default=60, help="class size (default 60)")
    sm.add_argument("--seed", type=int, default=0, help="random seed: the same seed writes the same class (default 0)")
    dm = sub.add_parser("demo", help="instructor demo view: a chapter's live demos in JupyterLab, no code on screen")
    dm.add_argument("chapter", type=int, help="chapter number (0 = start here)")
    dm.add_argument("--lang", default="en", choices=["en", "zh"], help="language the page starts in")
    dm.add_argument("--out", default=None, help="folder for the demo-view notebook, kept afterwards "
                         "(default: a new temporary folder, removed when JupyterLab stops)")
    dm.add_argument("--port", type=int, default=None, help="JupyterLab port (default: JupyterLab's choice)")
    dm.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    dm.add_argument("--write-only", action="store_true",
                    help="only write the notebook (into --out, else a new temporary folder that is kept) and print its path")
    _say_defaults(p)
    return p


def _say_defaults(parser: argparse.ArgumentParser) -> None:
    """Make every option's help name its default: "(required)", "(default: off)" for flags, or
    "(default: VALUE)", unless the help already says it. Subcommands are walked too."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _say_defaults(sub)
            continue
        if not action.option_strings or action.help in (None, argparse.SUPPRESS) or \
                isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            continue
        if action.required:
            if "required" not in action.help:
                action.help += " (required)"
        elif "default" not in action.help:
            if isinstance(action, (argparse._StoreTrueAction, argparse._StoreFalseAction)):
                action.help += f" (default: {'on' if action.default else 'off'})"
            else:
                action.help += f" (default: {action.default})"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``labkit`` console script; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --version and --help exit; keep main() testable
        return int(stop.code or 0)
    if args.command == "doctor":
        print("labkit doctor checks: " + ", ".join(DOCTOR_CHECKS), flush=True)
        for k, v in doctor_rows():
            print(f"{k:<32} {v}", flush=True)
        return 0
    if args.command == "datasets":
        if args.datasets_command != "build":
            parser.parse_args(["datasets", "--help"])
            return 2
        from labkit.datasets import build

        out = build(args.out, n_customers=args.customers, seed=args.seed, locale=args.locale)
        print(f"datasets written to {out}")
        return 0
    if args.command == "execute":
        for nb in args.notebooks:
            execute_notebook(nb, timeout=args.timeout)
            print(f"executed {nb}")
        return 0
    if args.command == "release":
        from labkit.release import release

        for path in release(args.notebooks, args.out, lang=args.lang):
            print(f"wrote {path}")
        return 0
    if args.command == "grade":
        return _grade(args)
    if args.command == "edition":
        try:
            from labkit.edition import build_edition
        except ModuleNotFoundError:
            print("labkit edition: this is a student edition; editions are built from the instructor repository",
                  file=sys.stderr)
            return 2

        try:
            ed = build_edition(args.out, make_zip=not args.no_zip, lang=args.lang)
        except ValueError as err:
            print(f"labkit edition: {err}", file=sys.stderr)
            return 2
        print(f"student edition: {ed.folder} ({len(ed.notebooks)} notebooks, {ed.files} files)"
              + (f"; zip: {ed.zip_path}" if ed.zip_path else "")
              + f"; searched for {ed.searched_lines} solution lines: none found")
        for nb, line in ed.shown:
            print(f"  shown on purpose in the statement of {nb} (not searched): {line}")
        return 0
    if args.command == "progress":
        from labkit.progress import find_notebooks, format_progress, progress

        try:
            rows = progress(find_notebooks(args.notebooks), timeout=args.timeout)
        except ValueError as err:
            print(f"labkit progress: {err}", file=sys.stderr)
            return 2
        print(format_progress(rows))
        return 0
    if args.command == "collect":
        return _collect(args)
    if args.command == "report":
        from labkit.grading import write_class_report

        try:
            print(f"class report: {write_class_report(args.gradebook_dir, args.out)}")
        except ValueError as err:
            print(f"labkit report: {err}", file=sys.stderr)
            return 2
        return 0
    if args.command == "simulate":
        from labkit.grading import simulate_class

        truth = simulate_class(args.instructor, args.out, n=args.students, seed=args.seed)
        kinds = {}
        for s in truth["students"].values():
            kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
        print(f"simulated class: {args.out}/submissions ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); "
              f"truth: {args.out}/truth.json")
        return 0
    if args.command == "demo":
        from labkit.demo import launch, write_presentation

        try:
            if args.write_only:  # the folder is the point here: it stays
                folder = args.out or tempfile.mkdtemp(prefix="crmlab-demo-")
                print(write_presentation(args.chapter, folder, args.lang))
                return 0
            if args.out:
                with _ipc_kernels(args.out):
                    return launch(args.chapter, folder=args.out, lang=args.lang, port=args.port,
                                  open_browser=not args.no_browser)
            with tempfile.TemporaryDirectory(prefix="crmlab-demo-") as folder, _ipc_kernels(folder), _exit_on_signals():
                return launch(args.chapter, folder=folder, lang=args.lang, port=args.port,
                              open_browser=not args.no_browser)  # the folder is removed when JupyterLab stops
        except ValueError as err:
            print(f"labkit demo: {err}", file=sys.stderr)
            return 2
    parser.print_help()
    return 0


def _collect(args) -> int:
    from labkit.grading import collect as co
    from labkit.grading import load_roster

    try:
        users = list(args.users) if args.users else None
        if args.roster:
            users = (users or []) + [e.student_id for e in load_roster(args.roster)]
        limit = int(args.max_mb * 2**20)
        if args.homes:
            found = co.collect_homes(args.homes, users, limit=limit)
        else:
            if not args.path:
                raise ValueError("labkit collect --hub needs --path, the notebook's path relative to each server's root\n"
                                 "labkit collect --hub 需要 --path：笔记本相对每个服务器根目录的路径")
            found = co.collect_hub(args.hub, os.environ.get("JUPYTERHUB_API_TOKEN", ""), args.path, users,
                                   include_admins=args.include_admins, limit=limit, timeout=args.timeout)
        out = co.write_collection(found, args.out)
    except ValueError as err:
        print(f"labkit collect: {bilingual(str(err))}", file=sys.stderr)
        return 2
    print("\n".join(co.summary_lines(found, out)))
    return 0


def _grade(args) -> int:
    import shutil
    import tempfile

    from labkit import grading

    try:
        roster = grading.load_roster(args.roster) if args.roster else None
        if args.format and roster is None:
            raise ValueError(f"--format {args.format} needs --roster (the LMS ids and names come from it)")
    except ValueError as err:
        print(f"labkit grade: {err}", file=sys.stderr)
        return 2
    unpacked = None
    try:
        submissions = []
        for item in args.submissions:
            if str(item).lower().endswith(".zip"):  # an LMS bulk download, mapped through the roster
                if roster is None:
                    raise ValueError(f"{item} is a zip: give --roster so its files can be matched to students")
                unpacked = unpacked or Path(tempfile.mkdtemp(prefix="labkit-bulk-"))
                folder = unpacked / f"{len(submissions)}"
                written, problems = grading.unpack_bulk_download(item, roster, folder)
                for problem in problems:
                    print(f"labkit grade: {problem}", file=sys.stderr)
                print(f"{item}: {len(written)} notebooks matched to the roster", file=sys.stderr)
                submissions.append(str(folder))
            else:
                submissions.append(item)
        args.submissions = submissions
        return _grade_files(args, roster)
    except ValueError as err:
        print(f"labkit grade: {err}", file=sys.stderr)
        return 2
    finally:
        if unpacked is not None:
            shutil.rmtree(unpacked, ignore_errors=True)


def _grade_files(args, roster) -> int:
    from labkit import grading
    from labkit.grading.bwrap import SandboxUnavailable

    spec = grading.load_spec(args.instructor)
    limits = grading.Limits(cell_timeout=args.timeout, total_timeout=args.total_timeout,
                            memory_mb=args.memory, output_mb=args.max_output, sandbox=not args.no_sandbox)
    out = Path(args.out)
    journal = out.with_name(out.name + ".journal")
    import warnings

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", grading.UnisolatedWarning)
            results = grading.grade(args.submissions, spec, limits, jobs=args.jobs, prefer_id=args.id_from,
                                    progress=not args.quiet, journal=journal, resume=args.resume,
                                    cluster=args.cluster)
        for w in caught[:1]:  # warned once, as a plain line
            print(f"labkit grade: WARNING: {w.message}", file=sys.stderr)
    except (SandboxUnavailable, ValueError, ConnectionError) as err:
        print(f"labkit grade: {err}", file=sys.stderr)
        return 2
    except ImportError as err:
        if args.cluster is None or "distributed" not in str(err) and "dask" not in str(err):
            raise
        print("labkit grade: --cluster needs Dask: pip install 'labkit[cluster]'\n"
              "--cluster 需要 Dask：pip install 'labkit[cluster]'", file=sys.stderr)
        return 2
    results, spec, rubric, note = _responses(args, results, spec, out)
    out = grading.write_gradebook(results, spec, out, isolated=limits.sandbox)
    feedback = Path(args.feedback) if args.feedback else out.with_name(out.stem + "-feedback")
    grading.write_feedback(results, spec, feedback)
    flags = None
    if args.similarity > 0:
        flags = grading.flags_for_submissions(grading.collect_submissions(args.submissions), args.instructor,
                                              threshold=args.similarity)
    grading.write_results(results, spec, grading.results_path(out), similarity=flags,
                          rubric=rubric)  # read by `labkit report`
    if note:
        print(note)
    if args.format:
        record = grading.load_results(grading.results_path(out))
        export = grading.write_lms_gradebook(record, roster, args.format, out.with_name(f"{out.stem}-{args.format}.csv"),
                                             args.assignment)
        print(f"{args.format} import file: {export}")
    statuses = {s: sum(r.status == s for r in results) for s in grading.STATUSES}
    print(f"gradebook: {out} ({len(results)} students; "
          + ", ".join(f"{k} {v}" for k, v in statuses.items() if v) + f"); feedback: {feedback}"
          + (f"; similarity flags: {len(flags)}" if flags is not None else ""))
    return 0


def _responses(args, results, spec, out: Path):
    from labkit.grading import review_and_merge

    return review_and_merge(results, spec, args.instructor, args.submissions, out, args.manual)


if __name__ == "__main__":
    sys.exit(main())
