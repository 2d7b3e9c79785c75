"""Checker utilities for assignments' `checks.py`: outcomes and array comparisons in a learner's words.

`compare` turns "this array is not that one" into an actionable sentence: the shapes,
how far the entries are off, and which typical mistake (a `Mistake` computed by the
checks module on the same inputs) the learner's values match, if any.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from mvcalc.assignments.sandbox import Unencodable


@dataclass(frozen=True)
class Outcome:
    """The verdict on one required function: passed or not, and a message for the learner."""

    passed: bool
    message: str
    details: dict = field(default_factory=dict)


def ok(message: str = "passed", **details) -> Outcome:
    return Outcome(True, message, details)


def fail(message: str, **details) -> Outcome:
    return Outcome(False, message, details)


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer on the same inputs, and the words that name it."""

    value: np.ndarray
    message: str


def _shape(shape: tuple) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    if a.shape != b.shape:
        return False
    scale = float(np.max(np.abs(b))) if b.size else 0.0
    return bool(np.all(np.abs(a - b) <= atol + rtol * scale))


def as_numbers(label: str, got) -> np.ndarray | Outcome:
    """The learner's value as a float array, or a failed Outcome saying what it was instead."""
    if got is None:
        return fail(f"{label} returned None: did you forget the `return` line?")
    if isinstance(got, Unencodable):
        return fail(f"{label} returned a {got.type_name}, expected an array of numbers")
    if isinstance(got, (dict, str)):
        return fail(f"{label} returned a {type(got).__name__}, expected an array of numbers")
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return fail(f"{label} returned something that is not an array of numbers")
    return arr


def compare(label: str, got, expected, *, against: str = "the true value",
            mistakes: Iterable[Mistake] = (), rtol: float = 1e-6, atol: float = 1e-10,
            case: str = "") -> Outcome:
    """Compare a learner's array with the expected one; name the likely mistake when it differs."""
    expected = np.asarray(expected, dtype=float)
    arr = as_numbers(label, got)
    if isinstance(arr, Outcome):
        return arr
    where = f" {case}" if case else ""
    mistakes = list(mistakes)
    if arr.shape == expected.shape and _close(arr, expected, rtol, atol):
        return ok()
    if not np.all(np.isfinite(arr)):
        return fail(f"{label}{where} contains nan or inf; look for a division by zero or an overflowing exp",
                    shape=list(arr.shape))
    if arr.shape == expected.shape == ():
        parts = [f"{label}{where} differs from {against} by {abs(float(arr) - float(expected)):.3g}"]
    else:
        parts = [f"{label}{where} has shape {_shape(arr.shape)}, expected {_shape(expected.shape)}"]
    if arr.shape != expected.shape:
        if arr.ndim == 2 and arr.T.shape == expected.shape and _close(arr.T, expected, rtol, atol):
            parts.append("its entries are right but transposed: swap the order of the factors "
                         "or transpose the result")
        elif arr.size == expected.size and _close(arr.reshape(expected.shape), expected, rtol, atol):
            parts.append("its entries are right but arranged in the wrong shape")
        elif arr.size == 1 and expected.size > 1:
            parts.append("it is a single number: did you sum over everything, or return a cost "
                         "instead of a Jacobian?")
    elif arr.shape:
        diff = float(np.max(np.abs(arr - expected)))
        parts.append(f"entries differ from {against} by up to {diff:.3g}")
    hint = _diagnose(arr, expected, mistakes, rtol=1e-5)
    if hint:
        parts.append(hint)
    return fail("; ".join(parts), shape=list(arr.shape), expected_shape=list(expected.shape))


def _diagnose(arr: np.ndarray, expected: np.ndarray, mistakes: list[Mistake], rtol: float) -> str:
    matches = []
    for mistake in mistakes:
        value = np.asarray(mistake.value, dtype=float)
        if (_close(arr, value, rtol, 1e-12) or (arr.ndim == 2 and _close(arr.T, value, rtol, 1e-12))) \
                and mistake.message not in matches:
            matches.append(mistake.message)
    if matches:  # on some inputs two mistakes give the same numbers: name both
        return "the pattern matches " + ", or ".join(matches)
    if arr.shape == expected.shape and expected.size and np.any(expected):
        flat_e, flat_a = expected.ravel(), arr.ravel()
        factor = float(flat_a @ flat_e / (flat_e @ flat_e))
        if abs(factor) > 1e-12 and _close(arr, factor * expected, 1e-6, 1e-12):
            if np.isclose(factor, -1.0):
                return "every entry has the wrong sign"
            return f"every entry is {factor:.4g} times the right value: look for a missing or extra constant factor"
    return ""


def first_failure(outcomes: Iterable[Outcome]) -> Outcome:
    """The first failed outcome, or a pass summarising how many cases passed."""
    count = 0
    for outcome in outcomes:
        if not outcome.passed:
            return outcome
        count += 1
    return ok(f"passed on {count} case{'s' if count != 1 else ''}")
