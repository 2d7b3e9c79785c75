"""The wrong Taylor polynomials learners write, each named and explained.

`buggy_series(expr, at, order)` returns `Misconception` records: a term without its
factorial, a series about 0 when the question asks about a, powers of x instead of
(x − a), a sign error in alternate terms, a derivative order off by one, and (in
several variables) the mixed terms left out. Answers equal to the correct polynomial
or to an earlier buggy one are left out.
"""

from __future__ import annotations

import sympy as sp

from mvcalc.math.calculus.misconception import Misconception
from mvcalc.math.series.expansion import TaylorError, taylor


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    return sp.expand(a - b) == 0


def _one_variable(correct, expr, at, order) -> list[tuple[str, sp.Expr, str]]:

    (x,) = correct.variables
    a = correct.point[x]
    terms = correct.terms
    out = [
        (
            "taylor_term_without_factorial",
            sp.Add(*(t.derivative * t.monomial for t in terms)),
            r"Each term needs its factorial: the term in $(x - a)^{k}$ is $\frac{f^{(k)}(a)}{k!} (x - a)^{k}$ "
            r"(so $\frac{1}{2} f''(a) (x - a)^{2}$, then $\frac{1}{6} f'''(a) (x - a)^{3}$, and so on).",
        ),
        (
            "series_alternating_sign_error",
            sp.Add(*((-1) ** t.order * t.expr for t in terms)),
            r"The signs of alternate terms are flipped: keep the sign of each derivative $f^{(k)}(a)$ "
            r"and use $(x - a)^{k}$, not $(a - x)^{k}$.",
        ),
    ]
    if a != 0:
        try:
            about_zero = taylor(expr, {x.name: 0}, order).polynomial
            out.append(
                (
                    "series_about_zero",
                    about_zero,
                    f"This is the series about ${x.name} = 0$ (Maclaurin), but the question asks about "
                    f"${x.name} = {sp.latex(a)}$: evaluate the derivatives there and use powers of "
                    f"${sp.latex(x - a)}$.",
                )
            )
        except TaylorError:
            pass
        out.append(
            (
                "series_powers_not_shifted",
                sp.Add(*(t.coefficient * x**t.order for t in terms)),
                f"The derivatives are taken at ${x.name} = {sp.latex(a)}$, so the powers must be of "
                f"${sp.latex(x - a)}$, not of ${x.name}$.",
            )
        )
    try:
        longer = taylor(expr, {x.name: a}, order + 1).terms
        shifted = sp.Add(*(longer[k + 1].derivative / t.factorial * t.monomial for k, t in enumerate(terms)))
        out.append(
            (
                "derivative_order_off_by_one",
                shifted,
                r"The derivative orders are shifted by one: the term in $(x - a)^{k}$ uses the $k$-th "
                r"derivative $f^{(k)}(a)$ (the constant term is $f(a)$ itself).",
            )
        )
    except TaylorError:
        pass
    return out


def _several_variables(correct, expr, at, order) -> list[tuple[str, sp.Expr, str]]:

    terms = correct.terms
    out = [
        (
            "taylor_term_without_factorial",
            sp.Add(*(t.expr * sp.factorial(t.order) for t in terms)),
            r"The second-order term is $\frac{1}{2} \Delta x^{T} H \Delta x$: the $\frac{1}{2}$ "
            r"($\frac{1}{k!}$ for the order-$k$ term) is missing.",
        ),
        (
            "taylor_mixed_terms_missing",
            sp.Add(*(t.expr for t in terms if sum(1 for p in t.powers if p) <= 1)),
            r"The mixed terms are missing: $\frac{1}{2} \Delta x^{T} H \Delta x$ includes the off-diagonal "
            r"entries of $H$, $2 \cdot \frac{1}{2} \frac{\partial^{2} f}{\partial x \partial y} \Delta x \Delta y"
            r" = \frac{\partial^{2} f}{\partial x \partial y} \Delta x \Delta y$.",
        ),
        (
            "series_alternating_sign_error",
            sp.Add(*((-1) ** t.order * t.expr for t in terms)),
            r"The signs of the odd-order terms are flipped: use $\Delta x = x - a$, not $a - x$.",
        ),
    ]
    if any(v != 0 for v in correct.point.values()):
        try:
            origin = {v.name: 0 for v in correct.variables}
            out.append(
                (
                    "series_about_zero",
                    taylor(expr, origin, order, [v.name for v in correct.variables]).polynomial,
                    "This is the expansion about the origin, but the question asks about "
                    + ", ".join(f"${v.name} = {sp.latex(p)}$" for v, p in correct.point.items())
                    + r": evaluate $f$, $J$ and $H$ there and use $\Delta x = x - a$.",
                )
            )
        except TaylorError:
            pass
    return out


def buggy_series(expr, at=0, order: int = 2, variables=None) -> list[Misconception]:
    """The Taylor polynomials a learner with one misconception would write."""

    correct = taylor(expr, at, order, variables)
    build = _one_variable if len(correct.variables) == 1 else _several_variables
    out: list[Misconception] = []
    for rule, answer, message in build(correct, correct.function, at, order):
        if _same(answer, correct.polynomial) or any(_same(answer, m.answer) for m in out):
            continue
        out.append(Misconception(rule=rule, answer=answer, message=message))
    return out
