"""Run a learner's file in a separate, limited process and call its functions by name."""

from mvcalc.assignments.sandbox.errors import (
    LearnerCrashed,
    LearnerError,
    LearnerMissing,
    LearnerRaised,
    LearnerTimeout,
)
from mvcalc.assignments.sandbox.process import Containment, Limits, SandboxedModule
from mvcalc.assignments.sandbox.wire import Unencodable

__all__ = [
    "Containment",
    "LearnerCrashed",
    "LearnerError",
    "LearnerMissing",
    "LearnerRaised",
    "LearnerTimeout",
    "Limits",
    "SandboxedModule",
    "Unencodable",
]
