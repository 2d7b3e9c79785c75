"""How big an input may be, and the checks that enforce it *before* SymPy computes.

SymPy evaluates eagerly: `Integer(9)**Integer(9**9)` builds a 370-million-digit
number, and `Abs(sin(exp(exp(12))))` asks for 70 000 digits of pi. The grammar
calls these checks before building each power or function, so such inputs are
refused in microseconds instead. Sizes of constants are estimated in floating
point (`estimate`), never with `evalf`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp

from mvcalc.math.numeric import FUNCTIONS


@dataclass(frozen=True)
class Limits:
    """Ceilings on the size of an input; reaching one is an InputError, never a hang."""

    length: int = 2000  # characters of text
    depth: int = 50  # nested brackets, bars, signs, exponents and function arguments
    digits: int = 30  # digits in one number
    decimal_exponent: int = 100  # |n| in 2.5e-n
    exponent: int = 1000  # |n| in a power x^n or 2^n
    power_bits: int = 40_000  # size of an exact numeric power (about 12 000 digits)
    magnitude: float = 1e300  # size of a constant inside a function or built by one
    factorial: int = 100  # largest n in n!
    nodes: int = 500  # numbers, names and operations in the whole expression
    entries: int = 100  # entries in a vector or matrix


LIMITS = Limits()


class TooLarge(ValueError):
    """A limit was reached; the grammar turns this into an InputError at the right column."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def estimate(expr: sp.Expr) -> float:
    """The value of a constant expression as a float: ±inf when too large for one,
    nan where it is not real or not known. Cheap: one pass, no evalf."""
    with np.errstate(all="ignore"):
        return float(_estimate(expr))


def _estimate(expr: sp.Basic) -> float:
    if expr.is_Rational:
        try:
            return float(Fraction(int(expr.p), int(expr.q)))
        except OverflowError:
            return math.inf if expr.p > 0 else -math.inf
    if expr.is_NumberSymbol:
        return float(expr)
    if expr.is_Add:
        return sum((_estimate(a) for a in expr.args), 0.0)
    if expr.is_Mul:
        return math.prod(np.float64(_estimate(a)) for a in expr.args)
    if expr.is_Pow:
        return np.power(np.float64(_estimate(expr.args[0])), np.float64(_estimate(expr.args[1])))
    row = FUNCTIONS.get(type(expr))
    if row is not None and len(expr.args) == 1:
        return row[0](np.float64(_estimate(expr.args[0])))
    return math.nan


def check_constant(value: sp.Expr, what: str = "This number") -> None:
    """Refuse a constant (no variables) too large to handle in floating point."""
    if value.free_symbols or value.is_Rational:
        return
    size = estimate(value)
    if math.isinf(size) or abs(size) > LIMITS.magnitude:
        raise TooLarge(f"{what} is too large to work with here.", "Use smaller numbers.")


def check_argument(arg: sp.Expr, name: str) -> None:
    """Refuse a constant argument too large for a function (sin(10^400))."""
    if arg.free_symbols:
        return
    size = estimate(arg)
    if math.isinf(size) or abs(size) > LIMITS.magnitude:
        raise TooLarge(f"The number inside {name} is too large to work with here.",
                       "Use smaller numbers.")  # fmt: skip


def check_power(base: sp.Expr, exponent: sp.Expr) -> None:
    """Refuse base^exponent when the exponent is huge or the exact result would be."""
    if exponent.free_symbols:
        return
    if exponent.is_Rational:
        p, q = int(exponent.p), int(exponent.q)
        size = abs(p) / q
    else:
        size = abs(estimate(exponent))
        p, q = 0, 1
    if not size <= LIMITS.exponent or q > 10**6:  # also refuses nan
        raise TooLarge(
            f"Exponents can be at most {LIMITS.exponent} in size.",
            "A power this large is not needed here; check the exponent.",
        )
    if base.is_Rational and base not in (0, 1, -1) and exponent.is_Rational:
        bits = max(int(base.p).bit_length(), int(base.q).bit_length())
        if bits * abs(p) // q > LIMITS.power_bits:
            raise TooLarge(
                "This power is too large to work out exactly.",
                "Leave the number smaller, or write it as a power of ten.",
            )
    if base == 0 and (size == 0 or (exponent.is_Rational and exponent < 0)):
        raise TooLarge("0 to this power is undefined.", "Check the base and the exponent.")
    if not base.free_symbols:
        check_constant(base)
