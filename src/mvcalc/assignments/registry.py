"""Find every assignment: each subpackage of `mvcalc.assignments` with an `assignment.yaml`."""

from __future__ import annotations

from functools import cache
from importlib import resources

from mvcalc.assignments.spec import Assignment, load
from mvcalc.errors import MvcalcError

MARKER = "# mvcalc assignment:"


class UnknownAssignment(MvcalcError, LookupError):
    """No assignment has this name."""


@cache
def all_assignments() -> dict[str, Assignment]:
    """Name -> Assignment, ordered by course module then name."""
    root = resources.files("mvcalc.assignments")
    found = [load(f"mvcalc.assignments.{entry.name}") for entry in root.iterdir()
             if entry.is_dir() and entry.joinpath("assignment.yaml").is_file()]
    return {a.name: a for a in sorted(found, key=lambda a: (a.module, a.name))}


def get(name: str) -> Assignment:
    assignments = all_assignments()
    try:
        return assignments[name]
    except KeyError:
        known = ", ".join(assignments) or "none"
        raise UnknownAssignment(f"no assignment called {name!r} (known: {known})") from None


def identify(text: str, filename: str = "") -> Assignment | None:
    """The assignment a learner's file belongs to: its marker line, else its file name."""
    for line in text.splitlines()[:20]:
        if line.startswith(MARKER):
            name = line[len(MARKER):].strip()
            return all_assignments().get(name)
    for assignment in all_assignments().values():
        if filename == assignment.file:
            return assignment
    return None
