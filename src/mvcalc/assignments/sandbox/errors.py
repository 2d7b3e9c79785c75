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


SANDBOX_HINTS = {
    "FileNotFoundError": "The checker runs your file alone in an empty folder: it sees only your file, "
                         "Python, NumPy and SciPy, nothing else of the computer",
    "PermissionError": "The checker's sandbox does not allow that: your code may compute, print and write "
                       "files in its own folder, nothing else",
    "OSError": "The checker's sandbox does not allow that: no network, no other programs, "
               "no files outside your own folder",
}


ERRNO_HINTS = {  # what the sandbox's limits look like from inside, in words
    "No space left on device": "Your folder in the checker holds a few tens of MiB in all: write less",
    "File too large": "A file your code writes may hold at most 16 MiB: write less",
    "Read-only file system": "Only your own folder is writable in the checker's sandbox",
    "Resource temporarily unavailable": "The checker's sandbox allows only a few processes and threads",
    "Network is unreachable": "The checker's sandbox has no network",
    "Operation not permitted": "The checker's sandbox does not allow that system call",
}


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
    else:
        hint = next((h for words, h in ERRNO_HINTS.items() if words in message), SANDBOX_HINTS.get(kind))
        if hint:
            text += f". {hint}"
    return LearnerRaised(text, type=kind, error_message=message, line=error.get("line"), code=error.get("code"))
