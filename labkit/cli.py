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
import importlib
import platform
import sys
from pathlib import Path
from typing import Sequence

from labkit.kernelspec import KERNELSPEC  # also reachable as labkit.cli.KERNELSPEC

__all__ = ["main", "doctor_report", "execute_notebook"]

_PACKAGES = ("numpy", "pandas", "scipy", "matplotlib", "ipywidgets", "faker", "sklearn",
             "nbformat", "nbclient", "ipykernel", "jupyterlab", "nbval", "pytest")


def _version(module: str) -> str:
    try:
        mod = importlib.import_module(module)
    except Exception:
        return "not installed"
    return str(getattr(mod, "__version__", getattr(mod, "VERSION", "installed")))


def _widgets_extension() -> str:
    """Whether JupyterLab will find the ipywidgets front end (jupyterlab_widgets' labextension)."""
    try:
        import jupyterlab_widgets  # noqa: F401
    except ImportError:
        return "missing: pip install jupyterlab_widgets (ipywidgets>=8 installs it)"
    share = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter-widgets" / "jupyterlab-manager"
    if share.exists():
        return f"installed (jupyterlab_widgets {_version('jupyterlab_widgets')})"
    return f"python package present (jupyterlab_widgets {_version('jupyterlab_widgets')}), labextension folder not found"


def doctor_report() -> list[tuple[str, str]]:
    """(item, status) pairs: Python, package versions, widgets extension, CJK font, datasets."""
    from labkit import __version__
    from labkit.plotting import cjk_font

    rows = [("labkit", __version__), ("python", platform.python_version())]
    rows += [(p if p != "sklearn" else "scikit-learn", _version(p)) for p in _PACKAGES]
    rows.append(("ipywidgets JupyterLab extension", _widgets_extension()))
    font = cjk_font()
    rows.append(("CJK font for matplotlib", font if font else
                 "none found: plots use English labels (install fonts-noto-cjk or Noto Sans CJK SC)"))
    try:
        from labkit.datasets import data_dir, load_truth

        truth = load_truth()
        rows.append(("datasets", f"found ({len(list(data_dir().glob('*.csv')))} CSV files, "
                                 f"built with Faker {truth.get('faker_version', '?')})"))
    except Exception as err:  # doctor must report, not crash
        rows.append(("datasets", f"problem: {err}"))
    return rows


def execute_notebook(path: str | Path, *, timeout: int = 600) -> None:
    """Re-execute a notebook in place from a fresh kernel and store clean, portable outputs.

    Runs in the notebook's own folder; sets the python3 ``kernelspec``; drops execution
    timing metadata so a re-run changes only what really changed.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"notebook must be an existing .ipynb file, got {str(path)!r}")
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
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
    sub.add_parser("doctor", help="check this machine: Python, packages, widgets, CJK font, datasets")
    ds = sub.add_parser("datasets", help="synthetic datasets")
    ds_sub = ds.add_subparsers(dest="datasets_command", metavar="ACTION")
    b = ds_sub.add_parser("build", help="regenerate the CSVs, truth.json and the data dictionary")
    b.add_argument("--out", default=None, help="output folder (default: the repository's datasets/)")
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--customers", type=int, default=2000, help="number of customers (default 2000)")
    b.add_argument("--locale", default="zh_CN", choices=["zh_CN", "en_US"])
    ex = sub.add_parser("execute", help="re-run notebooks in place and store clean outputs")
    ex.add_argument("notebooks", nargs="+", help="notebook files")
    ex.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds")
    rel = sub.add_parser("release", help="write student versions of instructor notebooks")
    rel.add_argument("notebooks", nargs="+", help="instructor notebooks (.ipynb)")
    rel.add_argument("--out", required=True, help="folder for the student versions")
    ed = sub.add_parser("edition", help="write the student edition (folder + zip): notebooks without solutions, data, labkit")
    ed.add_argument("--out", required=True, help="folder to write crm-lab-student/ and crm-lab-student.zip into")
    ed.add_argument("--no-zip", action="store_true", help="write the folder only")
    pg = sub.add_parser("progress", help="run your notebooks in a fresh kernel and list every exercise with points")
    pg.add_argument("notebooks", nargs="*", help="notebooks or folders (default: notebooks/ here)")
    pg.add_argument("--timeout", type=float, default=120, help="per-cell time limit in seconds (default 120)")
    gr = sub.add_parser("grade", help="grade submitted notebooks into a gradebook CSV and feedback files")
    gr.add_argument("submissions", nargs="+", help="submitted notebooks, or folders of them (one file per student)")
    gr.add_argument("--instructor", required=True, help="the instructor notebook the submissions answer")
    gr.add_argument("--out", required=True, help="gradebook CSV to write")
    gr.add_argument("--feedback", default=None, help="folder for feedback files (default: next to the CSV)")
    gr.add_argument("--jobs", type=int, default=1, help="submissions graded in parallel (default 1)")
    gr.add_argument("--timeout", type=float, default=60, help="per-cell time limit in seconds (default 60)")
    gr.add_argument("--total-timeout", type=float, default=300, help="time limit per submission (default 300)")
    gr.add_argument("--memory", type=int, default=2048, help="memory cap per kernel in MB, 0 = none (default 2048)")
    gr.add_argument("--max-output", type=float, default=10, help="output cap per submission in MB (default 10)")
    gr.add_argument("--id-from", choices=["file", "metadata"], default="file",
                    help="student id from the file name (default) or notebook metadata labkit.student_id")
    gr.add_argument("--quiet", action="store_true", help="no progress bar")
    gr.add_argument("--roster", default=None,
                    help="roster CSV (student_id, name, canvas_user_id, moodle_participant_id, ...): maps LMS zips "
                         "to students and fills the LMS export")
    gr.add_argument("--format", choices=["canvas", "moodle", "csv"], default=None,
                    help="also write the gradebook in this LMS's import format (<out>-<format>.csv; needs --roster)")
    gr.add_argument("--assignment", default="", help="assignment column name in the LMS export (default: the notebook's name)")
    gr.add_argument("--manual", nargs="+", default=None,
                    help="filled-in manual score CSVs of the free-response items (<out>-manual-<id>.csv)")
    gr.add_argument("--similarity", type=float, default=0.5,
                    help="flag pairs of submissions at least this similar for a person to look at (0 = off; default 0.5)")
    rp = sub.add_parser("report", help="class report (one offline HTML file) from the graded batches in a folder")
    rp.add_argument("gradebook_dir", help="folder holding the gradebooks and their *-results.json")
    rp.add_argument("--out", required=True, help="HTML file to write")
    sm = sub.add_parser("simulate", help="a simulated class of one instructor notebook, with its truth (for testing)")
    sm.add_argument("instructor", help="instructor notebook")
    sm.add_argument("--out", required=True, help="folder for submissions/ and truth.json")
    sm.add_argument("--students", type=int, default=60, help="class size (default 60)")
    sm.add_argument("--seed", type=int, default=0)
    dm = sub.add_parser("demo", help="instructor demo view: a chapter's live demos in JupyterLab, no code on screen")
    dm.add_argument("chapter", type=int, help="chapter number (0 = start here)")
    dm.add_argument("--lang", default="en", choices=["en", "zh"], help="language the page starts in")
    dm.add_argument("--out", default=None, help="folder for the demo-view notebook (default: a new temporary folder)")
    dm.add_argument("--port", type=int, default=None, help="JupyterLab port (default: JupyterLab's choice)")
    dm.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    dm.add_argument("--write-only", action="store_true", help="only write the notebook and print its path")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``labkit`` console script; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --version and --help exit; keep main() testable
        return int(stop.code or 0)
    if args.command == "doctor":
        rows = doctor_report()
        width = max(len(k) for k, _ in rows)
        for k, v in rows:
            print(f"{k:<{width}}  {v}")
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

        for path in release(args.notebooks, args.out):
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
            ed = build_edition(args.out, make_zip=not args.no_zip)
        except ValueError as err:
            print(f"labkit edition: {err}", file=sys.stderr)
            return 2
        print(f"student edition: {ed.folder} ({len(ed.notebooks)} notebooks, {ed.files} files)"
              + (f"; zip: {ed.zip_path}" if ed.zip_path else "")
              + f"; searched for {ed.searched_lines} solution lines: none found")
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
            if args.write_only:
                print(write_presentation(args.chapter, args.out or ".", args.lang))
                return 0
            return launch(args.chapter, folder=args.out, lang=args.lang, port=args.port,
                          open_browser=not args.no_browser)
        except ValueError as err:
            print(f"labkit demo: {err}", file=sys.stderr)
            return 2
    parser.print_help()
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

    spec = grading.load_spec(args.instructor)
    limits = grading.Limits(cell_timeout=args.timeout, total_timeout=args.total_timeout,
                            memory_mb=args.memory, output_mb=args.max_output)
    results = grading.grade(args.submissions, spec, limits, jobs=args.jobs,
                            prefer_id=args.id_from, progress=not args.quiet)
    out = Path(args.out)
    results, spec, rubric, note = _responses(args, results, spec, out)
    out = grading.write_gradebook(results, spec, args.out)
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
