"""Run a learner's file in a sandbox that shows nothing of the host, and call its functions by name."""

from mvcalc.assignments.sandbox.errors import (
    LearnerCrashed,
    LearnerError,
    LearnerMissing,
    LearnerRaised,
    LearnerTimeout,
)
from mvcalc.assignments.sandbox.jail import SandboxUnavailable
from mvcalc.assignments.sandbox.process import Containment, Limits, SandboxedModule, sandbox_mode
from mvcalc.assignments.sandbox.wire import Unencodable

__all__ = [
    "Containment",
    "LearnerCrashed",
    "LearnerError",
    "LearnerMissing",
    "LearnerRaised",
    "LearnerTimeout",
    "Limits",
    "SandboxUnavailable",
    "SandboxedModule",
    "Unencodable",
    "sandbox_mode",
]
