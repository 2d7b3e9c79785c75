"""Write an assignment's starter file into the learner's directory (never the reference)."""

from __future__ import annotations

from pathlib import Path

from mvcalc.assignments.registry import MARKER
from mvcalc.assignments.spec import Assignment


class StarterExists(FileExistsError):
    """The starter file is already there; we never overwrite a learner's work silently."""


def write_starter(assignment: Assignment, directory: str | Path = ".", overwrite: bool = False) -> Path:
    """Write `<directory>/<assignment.file>` and return its path."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise NotADirectoryError(f"{directory} is not a directory")
    target = directory / assignment.file
    if target.exists() and not overwrite:
        raise StarterExists(f"{target} already exists; pass --force to replace it with a fresh copy")
    text = assignment.starter_text()
    if not text.startswith(MARKER):
        text = f"{MARKER} {assignment.name}\n{text}"
    directory.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
