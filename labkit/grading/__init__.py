"""Batch grading of submitted notebooks: ``labkit grade SUBMISSIONS... --instructor NB --out gradebook.csv``.

Each submission runs in a fresh kernel in its own temporary folder (limits in
:class:`Limits`); right after every check cell the grader's own cell reads the answer
variable out of the kernel as tagged JSON, and the grader's process scores it with
:func:`labkit.checks.evaluate` against answers it computed *before* any submission ran.
Nothing a notebook prints, redefines or stores in its outputs can change its score.

:func:`grade_submission` is a pure function of (file, spec, limits, data): a batch is a
map over submissions (:func:`grade`, parallel with ``jobs``), then
:func:`write_gradebook` and :func:`write_feedback`.

Examples
--------
>>> r = SubmissionResult("s1", "s1.ipynb", "ok", "", {"nb0.customers_count": 1.0}, {}, [], 1.0)
>>> gradebook_rows([r], ["nb0.customers_count"])[1]
['s1', 's1.ipynb', '1', '1', 'ok', '']
"""
from __future__ import annotations

from labkit.grading._batch import UnisolatedWarning, grade, grade_submission
from labkit.grading._report import feedback_markdown, gradebook_rows, write_feedback, write_gradebook
from labkit.grading._lms import (
    FORMATS,
    RosterEntry,
    load_roster,
    lms_rows,
    parse_canvas_name,
    parse_moodle_name,
    unpack_bulk_download,
    write_lms_gradebook,
)
from labkit.grading._responses import review_and_merge
from labkit.grading._results import load_results, results_from_record, results_path, results_record, write_results
from labkit.grading._sandbox import Limits
from labkit.grading._similarity import SimilarityFlag, flags_for_submissions, similarity_flags
from labkit.grading._simulate import simulate_class
from labkit.grading._class_report import class_report_html, exercise_rates, misconceptions, write_class_report
from labkit.grading.bwrap import SandboxUnavailable
from labkit.grading._spec import (
    MAX_NOTEBOOK_BYTES,
    STATUSES,
    GradingSpec,
    SubmissionResult,
    collect_submissions,
    load_spec,
)

__all__ = [
    'Limits',
    'SandboxUnavailable',
    'UnisolatedWarning',
    'GradingSpec',
    'SubmissionResult',
    'load_spec',
    'collect_submissions',
    'grade_submission',
    'grade',
    'gradebook_rows',
    'write_gradebook',
    'write_feedback',
    'feedback_markdown',
    'STATUSES',
    'MAX_NOTEBOOK_BYTES',
    'results_record',
    'write_results',
    'load_results',
    'results_from_record',
    'results_path',
    'simulate_class',
    'review_and_merge',
    'RosterEntry',
    'load_roster',
    'parse_canvas_name',
    'parse_moodle_name',
    'unpack_bulk_download',
    'lms_rows',
    'write_lms_gradebook',
    'FORMATS',
    'SimilarityFlag',
    'flags_for_submissions',
    'similarity_flags',
    'class_report_html',
    'write_class_report',
    'exercise_rates',
    'misconceptions',
]
