"""Common numeric slips: one table naming what a wrong number most likely came from.

Every number question gets these diagnoses without writing them: after its own buggy
answers, `find_slip(question, given, typed)` tries each row of `SLIPS` in order (rounding,
sign, degrees, factor of 2, reciprocal, ...). A row turns the right value into the values a
learner with that slip writes; a match is judged to the precision the learner typed.
Each message says what to check and never the answer itself (no number in it comes
from the question).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from mvcalc.math.calculus.misconception import Misconception

Values = Callable[[float, object], Iterable[float]]


@dataclass(frozen=True)
class Slip:
    """One row: `id` (kept with the attempt), `name` (an instructor's table), `message`
    (the learner's feedback), `values(right, question)` (what the slip makes of the right value);
    a `near` row matches any value close to the right one but outside the tolerance."""

    id: str
    name: str
    message: str
    values: Values
    near: bool = False


def _degree_values(right: float, question) -> Iterable[float]:
    """Only where angles are about: a trigonometric function or an angle in the question (38
    parameters times 180/π is a coincidence, not a calculator left in degrees)."""
    worked = _worked(question)
    if not (ANGLES.search(getattr(question, "prompt", "") or "")
            or (worked is not None and worked[0].has(*TRIG))):
        return
    yield right * 180 / math.pi
    yield right * math.pi / 180
    if worked is not None and worked[0].has(*TRIG):
        derived, point, variable = worked
        degrees = derived.replace(lambda e: isinstance(e, TRIG), lambda e: e.func(e.args[0] * sp.pi / 180))
        yield _number(degrees.subs(variable, point))


def _undifferentiated(right: float, question) -> Iterable[float]:
    worked = _worked(question)
    if worked is not None:
        _, point, variable = worked
        yield _number(_function(question).subs(variable, point))


SLIPS: tuple[Slip, ...] = (
    Slip("rounded_too_early", "rounded too early, or too few digits",
         "Close, but not close enough: keep full precision in the working and round only "
         "the final answer, giving enough digits (or the exact value).",
         lambda r, q: (), near=True),
    Slip("sign_error", "sign error (or subtraction the wrong way round)",
         "Your number has the right size but the wrong sign. Look for a dropped minus sign, "
         "or a difference taken the wrong way round ($b - a$ where $a - b$ is needed).",
         lambda r, q: (-r,)),
    Slip("not_differentiated", "value of f instead of its derivative",
         "That is the value of the function itself at the point: differentiate first, then substitute.",
         _undifferentiated),
    Slip("degrees_for_radians", "degrees instead of radians",
         "Check the angle units: calculus works in radians (the derivative of $\\sin x$ is $\\cos x$ "
         "only in radians). Set your calculator to radians; $\\pi$ radians is $180°$.",
         _degree_values),
    Slip("factor_two_too_big", "off by a factor of 2 (twice)",
         "Your number is twice the right one. Look for a factor of 2 used twice, or a "
         "$\\frac{1}{2}$ that went missing.",
         lambda r, q: (2 * r,)),
    Slip("factor_two_too_small", "off by a factor of 2 (half)",
         "Your number is half the right one. Look for a lost factor of 2: an exponent "
         "brought down by the power rule, a chain factor, or a term that appears twice.",
         lambda r, q: (r / 2,)),
    Slip("reciprocal", "reciprocal",
         "Your number is the reciprocal of the right one: check which quantity goes on top "
         "of the fraction and which below.",
         lambda r, q: (1 / r,) if r else ()),
    Slip("squared", "squared when it should not be",
         "Your number is the square of the right one: check whether that square belongs "
         "in the answer.",
         lambda r, q: (r * r,)),
    Slip("not_squared", "square missing",
         "Your number squared gives the right one: a square is missing (a squared error, "
         "a squared distance, $u^{2}$ in a chain rule, ...).",
         lambda r, q: (math.sqrt(r), -math.sqrt(r)) if r > 0 else ()),
    Slip("decimal_point", "decimal point in the wrong place",
         "Your digits look right but the decimal point is in the wrong place: check powers "
         "of ten and units.",
         lambda r, q: (r * 10.0**k for k in (-3, -2, -1, 1, 2, 3))),
)

BY_ID = {slip.id: slip for slip in SLIPS}
TRIG = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot)
# a question is about angles if its prompt names a trigonometric function or an angle
ANGLES = re.compile(r"\\(?:arc)?(?:sin|cos|tan|sec|csc|cot)(?![a-z])|\\operatorname\{a?(?:sin|cos|tan|sec|csc|cot)\}"
                    r"|\b(?:angles?|radians?|degrees)\b|\\theta|°")
DECIMAL = re.compile(r"^\s*[-+]?\d*\.(\d+)\s*$")
NEAR = 0.01  # a value within 1 % of the right one (but outside the tolerance) counts as rounded


def typed_precision(typed: str) -> float:
    """Half a unit in the last decimal place the learner typed (0 for anything but a plain decimal)."""
    found = DECIMAL.match(typed or "")
    return 0.5 * 10.0 ** -len(found.group(1)) if found else 0.0


def _same(a: float, b: float, slack: float) -> bool:
    return abs(a - b) <= slack + 1e-9 * max(1.0, abs(b))


def _near(right: float, given: float, slack: float) -> bool:
    return abs(given - right) <= max(slack, NEAR * abs(right))


def find_slip(question, right: float, given: float, typed: str, tolerance: float | None) -> Misconception | None:
    """The first slip of the table that turns `right` into `given` (to the precision of `typed`
    and the question's `tolerance`); None when none does. Rows whose slipped value equals the
    right value (a sign error on 0, the reciprocal of 1) cannot be told apart and are skipped."""
    slack = max(tolerance or 0.0, typed_precision(typed))
    found = []
    for slip in SLIPS:
        if slip.near:
            hit = _near(right, given, max(slack, 10 * (tolerance or 0.0)))
        else:
            hit = any(_same(given, v, slack) and not _same(right, v, slack)
                      for v in _finite(slip.values(right, question)))
        if hit:
            found.append(slip)
    if not found:
        return None
    first, others = found[0], found[1:]
    if first.near:  # close to the right value: the other rows are coincidences
        others = []
    message = first.message
    if others:
        message += " (It could also be: " + "; ".join(s.name for s in others) + ".)"
    return Misconception(first.id, sp.Float(given), message, "", tuple(s.id for s in found))


def _finite(values: Iterable[float]) -> Iterable[float]:
    for v in values:
        try:
            v = float(v)
        except (TypeError, ValueError, OverflowError):
            continue
        if math.isfinite(v):
            yield v


def _number(value) -> float:
    try:
        number = complex(sp.N(value))
    except (TypeError, ValueError):
        return math.nan
    return number.real if number.imag == 0 else math.nan


def _function(question) -> sp.Expr:
    data = getattr(question, "data", {}) or {}
    return _read(str(data["f"]), str(data.get("wrt", "x")))


def _worked(question) -> tuple[sp.Expr, sp.Expr, sp.Symbol] | None:
    """(the derivative asked for, the point, the variable) of a "derivative at a point" question
    (data with f, wrt, order and at: the bank's own text), else None."""
    data = getattr(question, "data", {}) or {}
    if not {"f", "at"} <= set(data) or not isinstance(data.get("f"), str):
        return None
    return _derived(str(data["f"]), str(data.get("wrt", "x")), int(data.get("order", 1)), str(data["at"]))


@lru_cache(maxsize=256)
def _read(text: str, wrt: str) -> sp.Expr:
    from mvcalc.math.input.reader import parse

    return parse(text, [wrt])


@lru_cache(maxsize=256)
def _derived(f: str, wrt: str, order: int, at: str) -> tuple[sp.Expr, sp.Expr, sp.Symbol] | None:
    from mvcalc.math.calculus.derive import derivative
    from mvcalc.math.input.reader import parse, symbol

    try:
        expr, point = _read(f, wrt), parse(at, [])
    except ValueError:
        return None
    x = symbol(wrt)
    return derivative(expr, x, order).result, point, x
