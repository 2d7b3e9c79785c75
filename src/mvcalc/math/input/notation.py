"""The vocabulary of the input language, as data: functions, constants, Greek names,
Unicode look-alikes and the limits that keep every input cheap.

The lexer and parser read these tables; the notation page documents them (size
limits live in `limits.py`). To
accept a new function, add one row to `_FUNCTION_ROWS` (and to `numeric.FUNCTIONS`
if SymPy's class is new there).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

import sympy as sp

from mvcalc.math.functions import real_root, sigmoid


def _log10(x: sp.Expr) -> sp.Expr:
    return sp.log(x, 10)


def _log2(x: sp.Expr) -> sp.Expr:
    return sp.log(x, 2)


def _log(x: sp.Expr, base: sp.Expr | None = None) -> sp.Expr:
    """ln x, or log(x, b): the logarithm of x to base b (SymPy's order, base second)."""
    return sp.log(x) if base is None else sp.log(x, base)


def _cbrt(x: sp.Expr) -> sp.Expr:
    return real_root(x, 3)


def nth_root(x: sp.Expr, n: sp.Expr) -> sp.Expr:
    """root(x, n): the real n-th root for odd n (negative for negative x), x^(1/n) for even n.
    The grammar has checked that n is a whole number from 1 to the exponent limit."""
    if n % 2 == 1:
        return real_root(x, n)
    return sp.Pow(x, sp.Rational(1, n))


class Function(NamedTuple):
    """One function a learner may apply: how to build it and how to name it back."""

    build: Callable[..., sp.Expr]
    name: str  # the usual spelling, used in notes ("arcsin" for asin)
    inverse: str = ""  # name of the inverse function, for sin^-1 x
    arity: tuple[int, ...] = (1,)  # how many arguments it takes: log takes 1 or 2
    reading: str = ""  # how a call with several arguments is read back, for the note


# (accepted spellings, builder, usual name, usual name of the inverse)
_FUNCTION_ROWS: tuple[tuple[tuple[str, ...], Callable, str, str], ...] = (
    (("sin",), sp.sin, "sin", "arcsin"),
    (("cos",), sp.cos, "cos", "arccos"),
    (("tan",), sp.tan, "tan", "arctan"),
    (("sec",), sp.sec, "sec", "arcsec"),
    (("csc", "cosec"), sp.csc, "csc", "arccsc"),
    (("cot",), sp.cot, "cot", "arccot"),
    (("arcsin", "asin"), sp.asin, "arcsin", ""),
    (("arccos", "acos"), sp.acos, "arccos", ""),
    (("arctan", "atan"), sp.atan, "arctan", ""),
    (("arcsec", "asec"), sp.asec, "arcsec", ""),
    (("arccsc", "acsc"), sp.acsc, "arccsc", ""),
    (("arccot", "acot"), sp.acot, "arccot", ""),
    (("sinh",), sp.sinh, "sinh", "arsinh"),
    (("cosh",), sp.cosh, "cosh", "arcosh"),
    (("tanh",), sp.tanh, "tanh", "artanh"),
    (("sech",), sp.sech, "sech", "arsech"),
    (("csch", "cosech"), sp.csch, "csch", "arcsch"),
    (("coth",), sp.coth, "coth", "arcoth"),
    (("arsinh", "asinh", "arcsinh"), sp.asinh, "arsinh", ""),
    (("arcosh", "acosh", "arccosh"), sp.acosh, "arcosh", ""),
    (("artanh", "atanh", "arctanh"), sp.atanh, "artanh", ""),
    (("arsech", "asech", "arcsech"), sp.asech, "arsech", ""),
    (("arcsch", "acsch", "arccsch", "acosech", "arccosech", "arcosech"), sp.acsch, "arcsch", ""),
    (("arcoth", "acoth", "arccoth"), sp.acoth, "arcoth", ""),
    (("exp",), sp.exp, "exp", ""),
    (("ln",), sp.log, "ln", ""),
    (("log10",), _log10, "log10", ""),
    (("log2",), _log2, "log2", ""),
    (("sqrt",), sp.sqrt, "sqrt", ""),
    (("cbrt",), _cbrt, "cbrt", ""),
    (("abs",), sp.Abs, "abs", ""),
    (("sign", "sgn"), sp.sign, "sign", ""),
    (("sigmoid",), sigmoid, "sigmoid", ""),
)

# functions of several arguments: (spellings, builder, usual name, arities, reading)
# `reading` is how the call is read back in the note, with {0}, {1} for the arguments
_SEVERAL_ROWS: tuple[tuple[tuple[str, ...], Callable, str, tuple[int, ...], str], ...] = (
    (("log",), _log, "ln", (1, 2), "the logarithm of {0} to base {1}"),
    (("root",), nth_root, "root", (2,), "the {1} root of {0}"),
    (("binomial", "nCr"), sp.binomial, "binomial", (2,), "the binomial coefficient ({0} choose {1})"),
)

FUNCTIONS: dict[str, Function] = {
    spelling: Function(build, name, inverse)
    for spellings, build, name, inverse in _FUNCTION_ROWS
    for spelling in spellings
} | {
    spelling: Function(build, name, "", arity, reading)
    for spellings, build, name, arity, reading in _SEVERAL_ROWS
    for spelling in spellings
}

_LOG_BASE = re.compile(r"log_([0-9]{1,4})")


def function(name: str) -> Function | None:
    """The function a name stands for: a row of the table, or log_b for a whole base b ≥ 2.
    (log_b with a letter for b, and log_(expression), are read by the grammar.)"""
    found = FUNCTIONS.get(name)
    if found is None and (m := _LOG_BASE.fullmatch(name)) and int(m[1]) >= 2:
        base = int(m[1])
        return Function(lambda x: sp.log(x, base), f"log_{base}")
    return found


def log_base(base: sp.Expr, name: str) -> Function:
    """log_b for any base expression b: the logarithm to that base."""
    return Function(lambda x: sp.log(x, base), name)


#: Names other systems and countries use for a function, and what to type here instead.
ELSEWHERE: dict[str, str] = {
    "lg": "log10", "lb": "log2", "ld": "log2", "signum": "sign", "tg": "tan", "ctg": "cot",
    "arctg": "arctan", "sen": "sin", "sh": "sinh", "ch": "cosh", "th": "tanh",
    "sqr": "sqrt",
}  # fmt: skip

#: Every function name the parser accepts (σ( and √ are spellings of sigmoid and sqrt).
FUNCTION_NAMES: tuple[str, ...] = tuple(sorted(FUNCTIONS))

#: Names of constants; a declared variable of the same name wins.
CONSTANTS: dict[str, sp.Expr] = {"e": sp.E, "pi": sp.pi}

#: Words that mean infinity: refused with a message, never read as letters.
INFINITY_WORDS = frozenset({"oo", "inf", "infty", "infinity", "Infinity"})

#: Greek letters by spelled name (also the SymPy symbol name); "pi" is the constant.
GREEK: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "µ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho",
    "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi",
    "ψ": "psi", "ω": "omega", "Δ": "Delta", "Γ": "Gamma", "Θ": "Theta", "Λ": "Lambda",
    "Σ": "Sigma", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}  # fmt: skip

GREEK_NAMES = frozenset(GREEK.values()) - {"pi"}

#: Characters that stand for an ASCII operator or bracket.
OPERATOR_LOOKALIKES: dict[str, str] = {
    "×": "*", "·": "*", "⋅": "*", "∗": "*", "•": "*", "÷": "/", "∕": "/", "⁄": "/",
    "−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "﹣": "-",
    "＋": "+", "（": "(", "）": ")", "［": "[", "］": "]", "｜": "|", "∣": "|",
}  # fmt: skip

#: Unicode superscripts, read as an exponent (x² is x^2, x⁻¹ is x^-1).
SUPERSCRIPTS: dict[str, str] = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
}  # fmt: skip

#: Unicode subscripts, read as part of a name (x₁ is the variable x_1).
SUBSCRIPTS: dict[str, str] = {
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7",
    "₈": "8", "₉": "9",
}  # fmt: skip

#: Symbols that are a function name on their own.
FUNCTION_SIGNS: dict[str, str] = {"√": "sqrt", "∛": "cbrt"}

#: Fraction characters, read as the exact number.
VULGAR_FRACTIONS: dict[str, sp.Rational] = {
    "½": sp.Rational(1, 2), "⅓": sp.Rational(1, 3), "⅔": sp.Rational(2, 3),
    "¼": sp.Rational(1, 4), "¾": sp.Rational(3, 4),
}  # fmt: skip

#: Spaces of every width; read as an ordinary space.
SPACES = frozenset(" \t\n\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                   "\u2007\u2008\u2009\u200a\u202f\u205f\u3000")  # fmt: skip

#: Invisible characters that carry nothing; dropped.
INVISIBLE = frozenset("\u200b\u2060\ufeff\u00ad")

#: Characters refused with a specific explanation (others get a generic one).
REFUSED: dict[str, tuple[str, str]] = {
    "=": ("An equation is not an answer here.",
          "Type only the right-hand side: for y = x^2, type x^2."),
    "<": ("A comparison is not an answer here.", "Type only an expression."),
    ">": ("A comparison is not an answer here.", "Type only an expression."),
    "≤": ("A comparison is not an answer here.", "Type only an expression."),
    "≥": ("A comparison is not an answer here.", "Type only an expression."),
    "≠": ("A comparison is not an answer here.", "Type only an expression."),
    '"': ("Quotes are not part of the maths.", "Remove the quotes."),
    "'": ("Quotes and primes are not part of the maths.",
          "Remove the quote; for a derivative, type the derivative itself."),
    "`": ("Backquotes are not part of the maths.", "Remove them."),
    "\\": ("LaTeX commands like \\frac are not read here.",
           "Type plain maths instead: (a)/(b) for a fraction, sqrt(x), x^2."),
    "{": ("Curly brackets are not used here.", "Use round brackets ( ) for grouping."),
    "}": ("Curly brackets are not used here.", "Use round brackets ( ) for grouping."),
    ";": ("A semicolon is not part of an expression.",
          "Separate entries of a vector with commas, inside [ ]."),
    ":": ("A colon is not part of an expression.", "Remove it."),
    "$": ("Dollar signs are not needed here.", "Type the maths without $ … $."),
    "@": ("`@` is not an operator here.", "Use * for a product."),
    "#": ("`#` is not part of an expression.", "Remove it."),
    "%": ("`%` is not an operator here.", "Write a percentage as a fraction: 5% is 5/100."),
    "&": ("`&` is not an operator here.", "Remove it."),
    "~": ("`~` is not an operator here.", "Remove it."),
    "?": ("`?` is not part of an expression.", "Remove it."),
    "_": ("An underscore is only allowed inside a declared variable name, like a_1.",
          "Remove it."),
    ".": ("A dot is only used in decimals, like 0.5.", "Use * for a product."),
    "∞": ("Infinity is not a number you can type here.",
          "Answer with a finite expression."),
}  # fmt: skip
