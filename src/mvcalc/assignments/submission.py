"""A submission's source → a checker report: one path for the CLI, the notebook's check cell and grading jobs.

`read_source` turns uploaded bytes into text or says in one line why it cannot (too
large, binary, not UTF-8, a notebook with IPython syntax); `check_source` writes the
Python of a `.py` or `.ipynb` submission into a fresh private folder and hands it to the
checker's public entry point, `check_file`, which is used as a black box.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from mvcalc.assignments.checker import MAX_FILE_BYTES, Report, SubmissionError, check_file
from mvcalc.assignments.notebook import NotebookError, cell_lines, is_notebook, to_python
from mvcalc.assignments.registry import get, identify
from mvcalc.assignments.spec import Assignment

GRADING_DIR_ENV = "MVCALC_GRADING_DIR"
ACCEPTED = (".py", ".ipynb")


def read_source(data: bytes, filename: str) -> str:
    """The text of an uploaded file, or SubmissionError with a message a learner can act on."""
    name = Path(filename or "").name
    if not name.lower().endswith(ACCEPTED):
        raise SubmissionError(f"{name or 'the file'} is neither a .py file nor a Jupyter notebook (.ipynb)")
    if len(data) > MAX_FILE_BYTES:
        raise SubmissionError(f"{name} is larger than {MAX_FILE_BYTES // 1000} kB; is it the right file?")
    if not data.strip():
        raise SubmissionError(f"{name} is empty")
    if b"\x00" in data:
        raise SubmissionError(f"{name} is a binary file, not Python source or a notebook")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError(f"{name} is not UTF-8 text (byte {exc.start + 1} cannot be read); "
                              "save it as UTF-8") from None


def python_of(text: str, filename: str, assignment: str | Assignment | None = None) -> tuple[str, Assignment]:
    """(the Python to run, its assignment) for a `.py` or `.ipynb` submission; SubmissionError if unusable."""
    from_notebook = None
    if is_notebook(filename):
        try:
            text, from_notebook = to_python(text, Path(filename).name)
        except NotebookError as exc:
            raise SubmissionError(str(exc)) from None
    if isinstance(assignment, Assignment):
        return text, assignment
    if assignment or from_notebook:
        return text, get(assignment or from_notebook)
    stem = Path(filename).with_suffix(".py").name
    found = identify(text, stem)
    if found is None:
        raise SubmissionError(
            f"cannot tell which assignment {Path(filename).name} is for: keep the first line "
            "`# mvcalc assignment: NAME` that `mvcalc assignment start` wrote, or name the assignment")
    return text, found


def check_source(text: str, filename: str, assignment: str | Assignment | None = None, *,
                 seed: int | None = None, plot: str | Path | None = None,
                 progress: Callable[[str], None] | None = None) -> Report:
    """Check a submission's source (a `.py` or `.ipynb` text) and return the checker's report."""
    python, spec = python_of(text, filename, assignment)
    base = os.environ.get(GRADING_DIR_ENV) or None
    with tempfile.TemporaryDirectory(prefix="mvcalc-grading-", dir=base) as folder:
        path = Path(folder) / spec.file
        path.write_text(python, encoding="utf-8")
        report = check_file(path, spec, seed=seed, plot=plot, progress=progress)
    report.file = Path(filename).name
    if is_notebook(filename):
        for result in report.functions:
            result.message = cell_lines(python, result.message)
        if report.load_error:
            report.load_error = cell_lines(python, report.load_error)
    return report


def check_path(path: str | Path, assignment: str | Assignment | None = None, **options) -> Report:
    """Check a learner's file on disk (`.py` or `.ipynb`)."""
    path = Path(path)
    if not path.is_file():
        raise SubmissionError(f"{path} is not a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise SubmissionError(f"{path} is larger than {MAX_FILE_BYTES // 1000} kB; is it the right file?")
    text = read_source(path.read_bytes(), path.name) if is_notebook(path.name) else None
    if text is None:
        return check_file(path, assignment, **options)
    report = check_source(text, path.name, assignment, **options)
    report.file = str(path)
    return report
