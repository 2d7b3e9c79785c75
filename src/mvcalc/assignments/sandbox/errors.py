"""What can go wrong with the learner's code, as exceptions whose `.message` a learner can act on."""

from __future__ import annotations


class LearnerError(Exception):
    """The learner's code did not give a value; `.message` says why in a learner's words."""

    kind = "error"

    def __init__(self, message: str, **details) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class LearnerRaised(LearnerError):
    kind = "raised"


class LearnerMissing(LearnerError):
    kind = "missing"


class LearnerTimeout(LearnerError):
    kind = "timeout"


class LearnerCrashed(LearnerError):
    kind = "crashed"


def from_child(error: dict, what: str) -> LearnerError:
    """Turn the child's error description into a learner-facing LearnerError."""
    kind = str(error.get("type", "Error"))
    message = str(error.get("message", ""))
    if kind == "Missing":
        return LearnerMissing(f"{what} is not defined in your file", function=what)
    where = ""
    if "line" in error:
        where = f" (line {error['line']}: `{error.get('code', '')}`)" if error.get("code") else f" (line {error['line']})"
    text = f"{what} raised {kind}: {message}{where}"
    if kind == "MemoryError":
        text += ". It asked for more memory than the checker allows; check the shapes of the arrays you build"
    return LearnerRaised(text, type=kind, error_message=message, line=error.get("line"), code=error.get("code"))
