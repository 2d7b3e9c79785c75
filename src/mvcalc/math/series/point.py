"""Where a one-variable Taylor series exists, and the derivatives at the point that build it.

A point where the function is not defined or not real raises `SingularPointError`;
a corner (|x| at 0) or an infinite derivative (√x at 0) raises `NoSeriesError`;
0/0 (sin(x)/x at 0) takes the limits, from SymPy's series in a killable worker.
Each message names the point and suggests a nearby point where the series exists.
"""

from __future__ import annotations

import sympy as sp

from mvcalc.errors import MvcalcError
from mvcalc.math.points import is_undefined
from mvcalc.math.series.kernels import kernel_derivatives
from mvcalc.math.time_limit import TimeLimitExceeded, run_with_time_limit


class TaylorError(MvcalcError):
    """No Taylor polynomial can be built as asked; `.message` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SingularPointError(TaylorError):
    """The function is not defined (or not real) at the expansion point."""


class NoSeriesError(TaylorError):
    """The function is defined at the point but not differentiable enough there."""


_CORNERS = (sp.Abs, sp.sign, sp.Heaviside)
_JUMPS = (sp.floor, sp.ceiling)


def not_smooth_at(expr: sp.Expr, point: dict) -> str | None:
    """Why `expr` is not smooth at the point (a corner of |g|, a jump of ⌊g⌋), or None."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, _CORNERS) and node.args[0].subs(point) == 0:
            return f"{node} has a corner (or a jump) where {node.args[0]} = 0"
        if isinstance(node, _JUMPS) and node.args[0].subs(point).is_integer:
            return f"{node} jumps where {node.args[0]} is a whole number"
        if isinstance(node, (sp.Max, sp.Min)):
            values = [a.subs(point) for a in node.args]
            if len(set(values)) < len(values):
                return f"{node} has a corner where its arguments are equal"
    return None


def _suggest(expr: sp.Expr, x: sp.Symbol, a: sp.Expr) -> str:
    """A nearby point where the series exists, as advice."""
    for step in (1, -1, sp.Rational(1, 2), -sp.Rational(1, 2), 2, -2):
        b = a + step
        try:
            f0, f1 = expr.subs(x, b), sp.diff(expr, x).subs(x, b)
        except (TypeError, ValueError):
            continue
        if not is_undefined(f0) and not is_undefined(f1) and not_smooth_at(expr, {x: b}) is None:
            return f" Expand about a point where it is defined and smooth, e.g. {x.name} = {b}."
    return " Expand about a point where it is defined and smooth."


def _series_derivatives(expr: sp.Expr, x: sp.Symbol, a: sp.Expr, order: int) -> list[sp.Expr]:
    """f⁽ᵏ⁾(a) for k ≤ order from SymPy's series (runs in the worker)."""
    h = sp.Dummy("h")
    s = sp.series(expr.subs(x, a + h), h, 0, order + 1).removeO()
    s = sp.expand(s)
    poly_terms = sp.Add.make_args(s)
    coeffs = [sp.Integer(0)] * (order + 1)
    for term in poly_terms:
        c, power = term.as_coeff_exponent(h)
        if c.has(h) or not power.is_integer or power < 0:
            raise NoSeriesError("negative or fractional power")
        if power <= order:
            coeffs[int(power)] += c
    return [sp.simplify(c * sp.factorial(k)) for k, c in enumerate(coeffs)]


def derivatives_at(expr: sp.Expr, x: sp.Symbol, a: sp.Expr, order: int) -> tuple[list[sp.Expr], list[str]]:
    """[f(a), f′(a), …, f⁽ⁿ⁾(a)] exactly, or a TaylorError that says why not.

    Through the kernels (`kernels.py`) when f is a polynomial in them, else one `next_derivative` at a time.
    """
    where = f"{x.name} = {a}"
    corner = not_smooth_at(expr, {x: a})
    if corner:
        raise NoSeriesError(
            f"{expr} is not smooth at {where}: {corner}, so it has no derivative there and no "
            f"Taylor series about {where}." + _suggest(expr, x, a)
        )
    fast = kernel_derivatives(expr, x, a, order)
    if fast is not None:  # a polynomial in kernels that are finite and real at a: no singularity to report
        return [simplify_number(value) for value in fast], []
    values, notes, current = [], [], expr
    for k in range(order + 1):
        value = current.subs(x, a)
        if value.has(sp.nan):
            return _removable(expr, x, a, order), [
                f"{expr} is 0/0 at {where}; its values there are the limits (a removable singularity)"
            ]
        if value.has(sp.zoo, sp.oo, -sp.oo):
            if k == 0:
                raise SingularPointError(
                    f"{expr} is not defined at {where} (it is infinite there), so it has no Taylor "
                    f"series about {where}." + _suggest(expr, x, a)
                )
            raise NoSeriesError(
                f"{expr} is defined at {where} but its {_ordinal(k)} derivative is infinite there, "
                f"so the Taylor series about {where} does not exist (beyond order {k - 1})."
                + _suggest(expr, x, a)
            )
        if value.is_real is False:
            raise SingularPointError(
                f"{expr} is not a real number at {where}, so it has no real Taylor series there."
                + _suggest(expr, x, a)
            )
        values.append(simplify_number(value))
        if k < order:
            current = next_derivative(current, x)
    return values, notes


def next_derivative(expr: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """d/dx, kept small: repeated product rules grow trees fast (tan⁽¹⁷⁾ would take minutes)."""
    d = sp.diff(expr, x)
    expanded = sp.expand(d, multinomial=False)  # not multinomial: (4 − x)⁻ⁿ stays as it is
    return min((d, expanded), key=sp.count_ops)


def _removable(expr: sp.Expr, x: sp.Symbol, a: sp.Expr, order: int) -> list[sp.Expr]:
    where = f"{x.name} = {a}"
    try:
        return run_with_time_limit(_series_derivatives, expr, x, a, order, seconds=10.0)
    except NoSeriesError:
        raise SingularPointError(
            f"{expr} is not defined at {where} (0/0 that does not cancel), so it has no Taylor "
            f"series about {where}." + _suggest(expr, x, a)
        ) from None
    except TimeLimitExceeded:
        raise TaylorError(
            f"{expr} is 0/0 at {where} and its limit could not be found in time; "
            "try simplifying the expression first."
        ) from None


def _ordinal(k: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(k, f"{k}th")


def simplify_number(value: sp.Expr) -> sp.Expr:
    if value.is_Rational or value.count_ops() > 60:
        return value
    simpler = sp.simplify(value)
    return simpler if sp.count_ops(simpler) <= sp.count_ops(value) else value
