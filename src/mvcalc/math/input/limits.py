"""How big an input may be, and the checks that enforce it *before* SymPy computes.

SymPy evaluates eagerly: `Integer(9)**Integer(9**9)` builds a 370-million-digit
number, and `Abs(sin(exp(exp(12))))` asks for 70 000 digits of pi. The grammar
calls these checks before building each power or function, so such inputs are
refused in microseconds instead. Sizes of constants are estimated with mpmath at
53 bits (`estimate`), never with SymPy's `evalf`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import mpmath
import sympy as sp

from mvcalc.math.functions import sigmoid


class Limits(NamedTuple):
    """Ceilings on the size of an input; reaching one is an InputError, never a hang."""

    length: int = 2000  # characters of text
    depth: int = 50  # nested brackets, bars, signs, exponents and function arguments
    digits: int = 30  # digits in one number
    decimal_exponent: int = 100  # |n| in 2.5e-n
    exponent: int = 1000  # |n| in a power x^n or 2^n
    number_bits: int = 13_000  # size of an exact number, however it is made (about 4000 digits)
    magnitude: int = 10**100  # size of a constant inside a function or built by one
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


# A private 53-bit mpmath context: estimates never touch the global precision that
# high-precision checks in other threads rely on.
_MP = mpmath.MPContext()
_MP.prec = 53
_MP_FUNCTIONS: dict[type, Callable] = {
    getattr(sp, name): getattr(_MP, name)
    for name in ("sin", "cos", "tan", "sec", "csc", "cot", "asin", "acos", "atan",
                 "asec", "acsc", "acot", "sinh", "cosh", "tanh", "sech", "csch",
                 "coth", "asinh", "acosh", "atanh", "asech", "acsch", "acoth",
                 "exp", "log", "sign", "floor")
}  # fmt: skip  (named here, not taken from math.numeric's table, so that reading text never imports NumPy)
_MP_FUNCTIONS.update({sp.Abs: _MP.fabs, sp.ceiling: _MP.ceil, sigmoid: lambda z: 1 / (1 + _MP.exp(-z))})


def estimate(expr: sp.Expr) -> mpmath.mpf:
    """The value of a constant expression to about 16 digits, with an unbounded exponent:
    nan where it is not real or not known. One pass, no evalf. The grammar estimates
    only trees whose parts passed these checks, so no step meets a gigantic argument."""
    try:
        value = _estimate(expr)
    except (ArithmeticError, ValueError):
        return _MP.nan
    return value if isinstance(value, _MP.mpf) else _MP.nan


def _estimate(expr: sp.Basic):
    if expr.is_Rational:
        return _MP.mpf(int(expr.p)) / int(expr.q)
    if expr.is_NumberSymbol:
        return _MP.mpf(str(expr.evalf(20)))
    if expr.is_Add:
        return _MP.fsum(_estimate(a) for a in expr.args)
    if expr.is_Mul:
        return _MP.fprod(_estimate(a) for a in expr.args)
    if expr.is_Pow:
        return _MP.power(_estimate(expr.args[0]), _estimate(expr.args[1]))
    function = _MP_FUNCTIONS.get(type(expr))
    if function is not None and len(expr.args) == 1:
        return function(_estimate(expr.args[0]))
    return _MP.nan


def clear_sign(expr: sp.Expr) -> int:
    """+1 or -1 when the estimate of a constant settles its sign beyond doubt, else 0."""
    size = estimate(expr)
    if _MP.isnan(size) or abs(size) < 1e-9:
        return 0
    return 1 if size > 0 else -1


def _too_large(size: mpmath.mpf) -> bool:
    return bool(_MP.isinf(size)) or abs(size) > LIMITS.magnitude


def check_exact(value: sp.Expr) -> None:
    """Refuse an exact number with more than about 4000 digits (2^13000)."""
    if value.is_Rational and max(int(value.p).bit_length(), int(value.q).bit_length()) > (
        LIMITS.number_bits
    ):
        raise TooLarge(
            "This number is too large to work with here (it has thousands of digits).",
            "Use smaller numbers.",
        )


def check_constant(value: sp.Expr, what: str = "This number") -> None:
    """Refuse a constant (no variables) too large to handle: an exact number with
    thousands of digits, or any other constant beyond floating point."""
    if value.is_Rational:
        check_exact(value)
        return
    if value.free_symbols:
        return
    size = estimate(value)
    if _too_large(size):
        raise TooLarge(f"{what} is too large to work with here.", "Use smaller numbers.")


def check_argument(arg: sp.Expr, name: str) -> None:
    """Refuse a constant argument too large for a function (sin(10^400))."""
    if arg.free_symbols:
        return
    size = estimate(arg)
    if _too_large(size):
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
    if _MP.isnan(size):
        raise TooLarge(
            "This exponent is not a real number, or its size cannot be worked out.",
            "Check the exponent.",
        )
    # a huge denominator matters only for an exact root of a number (2^(1/10^9))
    if q > 10**6 and base.is_Rational and size <= LIMITS.exponent:
        raise TooLarge(
            "A number raised to a power with this many decimal places cannot be worked out exactly.",
            "Round the exponent to fewer decimal places.",
        )
    if size > LIMITS.exponent:
        raise TooLarge(
            f"Exponents can be at most {LIMITS.exponent} in size.",
            "A power this large is not needed here; check the exponent.",
        )
    if base.is_Rational and base not in (0, 1, -1) and exponent.is_Rational:
        bits = max(int(base.p).bit_length(), int(base.q).bit_length())
        if bits * abs(p) // q > LIMITS.number_bits:
            raise TooLarge(
                "This power is too large to work out exactly.",
                "Leave the number smaller, or write it as a power of ten.",
            )
    if base == 0 and (size == 0 or (exponent.is_Rational and exponent < 0)):
        raise TooLarge("0 to this power is undefined.", "Check the base and the exponent.")
    if not base.free_symbols:
        check_constant(base)
