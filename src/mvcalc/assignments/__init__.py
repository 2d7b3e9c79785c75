"""Programming assignments: starter files, reference solutions, a sandboxed checker.

Each assignment is a subpackage holding `assignment.yaml`, `starter.py.txt`, `checks.py`
and `reference.py` (see docs/reference/assignments.md for how to add one).
"""

from mvcalc.assignments.checker import Context, Extra, Report, SubmissionError, check_file
from mvcalc.assignments.registry import UnknownAssignment, all_assignments, get, identify
from mvcalc.assignments.sandbox import SandboxUnavailable
from mvcalc.assignments.starter import StarterExists, write_starter

__all__ = [
    "Context",
    "Extra",
    "Report",
    "SandboxUnavailable",
    "StarterExists",
    "SubmissionError",
    "UnknownAssignment",
    "all_assignments",
    "check_file",
    "get",
    "identify",
    "write_starter",
]
