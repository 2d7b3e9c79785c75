"""The toolkit's public functions with one interface: text in the input language or SymPy alike.

The engines in `mvcalc.math` take SymPy objects; these wrappers are what `mvcalc.derivative`,
`mvcalc.newton`, `mvcalc.minimize` and `mvcalc.lagrange` are. Each accepts an expression as
text (`"x^2 sin x"`, read by the input language, never evaluated) or as SymPy, a list of
constraints as a list (one constraint may be given alone), and variable names as a list or
`"x, y"` (by default the expression's own variables, in alphabetical order). Every mistake in
the arguments raises an `mvcalc.MvcalcError` with a one-line message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sympy as sp

from mvcalc.errors import MvcalcError
from mvcalc.math.input.reader import parse

__all__ = ["ToolkitError", "derivative", "lagrange", "minimize", "newton"]


class ToolkitError(MvcalcError):
    """The arguments of a toolkit function cannot be used as given."""


def expression(value: object, what: str = "the expression", variables: Iterable[str] | None = None) -> sp.Expr:
    """Text (read by the input language), a SymPy expression or a plain number, as one scalar expression."""
    if isinstance(value, str):
        value = parse(value, variables)
    elif isinstance(value, bool) or not isinstance(value, sp.Basic | int | float):
        raise ToolkitError(f"{what} must be text such as \"x^2 sin x\" or a SymPy expression, not {type(value).__name__}")
    elif not isinstance(value, sp.Basic):
        value = sp.Float(value) if isinstance(value, float) else sp.Integer(value)
    if isinstance(value, sp.MatrixBase) or not isinstance(value, sp.Expr):
        raise ToolkitError(f"{what} must be one scalar expression, not a vector or matrix")
    return value


def expressions(values: object, what: str) -> list[sp.Expr]:
    """One expression or a list of them (text or SymPy), as a list."""
    if isinstance(values, str | sp.Basic | int | float):
        return [expression(values, what)]
    if isinstance(values, Iterable):
        return [expression(v, what) for v in values]
    raise ToolkitError(f"{what} must be an expression or a list of expressions")


def names(variables: object, exprs: Sequence[sp.Expr]) -> list[str]:
    """Variable names from a list, from "x, y", or (None) the expressions' own, alphabetically."""
    if variables is None:
        return sorted({s.name for e in exprs for s in e.free_symbols})
    if isinstance(variables, str):
        variables = [v for v in variables.replace(",", " ").split() if v]
    if not isinstance(variables, Iterable):
        raise ToolkitError("variables are names such as [\"x\", \"y\"] or \"x, y\"")
    found = [v.name if isinstance(v, sp.Symbol) else v for v in variables]
    if not all(isinstance(v, str) and v for v in found):
        raise ToolkitError("variables are names such as [\"x\", \"y\"] or \"x, y\"")
    return found


def _numbers(values: object, what: str) -> list[float]:
    items = [values] if isinstance(values, int | float) else values
    try:
        if isinstance(items, str) or not isinstance(items, Iterable):
            raise TypeError
        return [float(v) for v in items]
    except (TypeError, ValueError):
        raise ToolkitError(f"{what} must be a number or a list of numbers") from None


def _engine_error(exc: ValueError) -> MvcalcError:
    """The engines say what is wrong with their arguments by ValueError: give it the one base class."""
    return exc if isinstance(exc, MvcalcError) else ToolkitError(str(exc))


def derivative(expr: object, wrt: object = None, order: int = 1):
    """d^order expr / d wrt^order with its verified steps (`.result`, `.steps`, `.latex()`)."""
    from mvcalc.math.calculus import derive

    f = expression(expr)
    if wrt is None:
        own = names(None, [f])
        if len(own) != 1:
            raise ToolkitError(f"say which variable to differentiate by: the expression has {', '.join(own) or 'none'}")
        wrt = own[0]
    try:
        return derive.derivative(f, wrt if isinstance(wrt, sp.Symbol) else str(wrt), order)
    except ValueError as exc:
        raise _engine_error(exc) from exc


def newton(expr: object, x0: float, var: str | None = None, **options):
    """Newton–Raphson for a root of expr from x0, with its path and a verdict (`.path`, `.verdict`, `.reason`)."""
    from mvcalc.math.optimize import newton_expr

    f = expression(expr)
    (start,) = _numbers(x0, "x0")
    try:
        return newton_expr(f, start, var, **options)
    except ValueError as exc:
        raise _engine_error(exc) from exc


def minimize(expr: object, variables: object = None, x0: object = None, **options):
    """Minimise expr from x0 by gradient descent, Newton or the course's hybrid (`method=`)."""
    from mvcalc.math.optimize import minimize_expr

    f = expression(expr)
    found = names(variables, [f])
    if x0 is None:
        raise ToolkitError(f"give the starting point x0, one number for each of {', '.join(found)}")
    try:
        return minimize_expr(f, found, _numbers(x0, "x0"), **options)
    except ValueError as exc:
        raise _engine_error(exc) from exc


def lagrange(f: object, constraints: object, variables: object = None, **options):
    """Stationary points of f subject to constraints g = 0 (each classified), exact where possible."""
    from mvcalc.math.optimize.constrained import lagrange as solve

    objective = expression(f, "the function")
    gs = expressions(constraints, "a constraint")
    try:
        return solve(objective, gs, names(variables, [objective, *gs]), **options)
    except ValueError as exc:
        raise _engine_error(exc) from exc
