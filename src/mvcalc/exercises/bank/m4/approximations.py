"""Set m4-s1 "Matching functions and approximations": which function, which order, which graph."""

from __future__ import annotations

from functools import cache

import sympy as sp

from mvcalc.exercises.bank._choices import choice, curve, graph_choice
from mvcalc.exercises.bank._common import distinct_numbers, mistake, question, rng_for, symbol, tex
from mvcalc.exercises.bank._series import series, taylor_series
from mvcalc.exercises.model import Figure, Meta
from mvcalc.exercises.registry import Generator

SET = "m4-s1-matching-approximations"
x = symbol("x")

FAMILY = [
    sp.cos(x), sp.sin(x), sp.exp(x), sp.exp(-x), sp.sin(2 * x), sp.cos(2 * x), sp.cosh(x), sp.sinh(x),
    sp.log(1 + x), 1 / (1 - x), sp.atan(x),
]


@cache
def _poly(f, order):
    """The Maclaurin polynomial (cached: the family is small and fixed)."""
    return taylor_series(f, {"x": 0}, order).polynomial


def _which_function(seed: int):
    rng = rng_for("m4-which-function", seed)
    f = rng.choice(FAMILY)
    order = rng.randint(4, 5)
    shown = _poly(f, order)
    others = [g for g in FAMILY if g != f and sp.expand(_poly(g, order) - shown) != 0]
    wrong = []
    for g in rng.sample(others, 3):
        wrong.append((f"${tex(g)}$", mistake(
            "series_mismatch", 0,
            f"The series of ${tex(g)}$ starts ${tex(_poly(g, 3))} + \\dots$: compare the first terms and their signs.",
        )))
    return choice(
        rng,
        f"The polynomial $p(x) = {tex(shown)}$ is the start of the Maclaurin series (about $x = 0$) of "
        "which function?",
        f"${tex(f)}$",
        wrong,
        hints=[
            "Look at the constant term first: it is f(0).",
            "Which powers appear (even, odd, all) and do the signs alternate?",
            f"The coefficient of $x$ is $f'(0) = {tex(shown.coeff(x, 1))}$.",
        ],
        solution=f"${tex(f)}$ has $f(0) = {tex(shown.coeff(x, 0))}$ and the series ${tex(shown)} + \\dots$",
    )


def _order(seed: int):
    rng = rng_for("m4-order-of-approximation", seed)
    f = rng.choice([sp.exp(x), sp.exp(2 * x), x * sp.exp(x), sp.log(1 + x), 1 / (1 - x), sp.exp(-x)])
    order = rng.randint(2, 5)
    p = _poly(f, order)
    terms = len(sp.Add.make_args(sp.expand(p)))
    return question(
        "number",
        f"$p(x) = {tex(p)}$ approximates ${tex(f)}$ near $x = 0$. What is the order of this approximation?",
        sp.Integer(order),
        buggy=distinct_numbers(order, [
            mistake("counted_terms", terms, "The order is the highest power of x, not the number of terms."),
            mistake("order_plus_one", order + 1, "That is the order of the error term, one more than the order of the approximation itself."),
        ]),
        hints=[
            "The order of a Taylor polynomial is its highest power.",
            "An n-th order approximation matches f and its first n derivatives at the point.",
            f"Find the highest power of $x$ in ${tex(p)}$.",
        ],
        solution=f"The highest power is $x^{{{order}}}$: a {order}-th order approximation.",
    )


def _order_graph(seed: int):
    rng = rng_for("m4-approximation-graph", seed)
    f, a = rng.choice([(sp.exp(x), rng.choice([0, 1])), (sp.cos(x), 0), (sp.log(x), 1), (sp.sin(x), 0),
                       (1 / x, rng.choice([1, 2]))])
    order = rng.choice([1, 2, 3])
    result, buggy = series(f, {"x": a}, order)
    lo, hi = (a - 2.5, a + 2.5) if f not in (sp.log(x), 1 / x) else (max(0.2, a - 0.8), a + 2.5)

    def fig(poly):
        return Figure((curve(f, lo, hi, "f"), curve(poly, lo, hi, "approximation")))

    wrong = [(fig(m.answer), mistake(m.rule, 0, m.message)) for m in buggy[:2]]
    shorter = taylor_series(f, {"x": a}, order - 1).polynomial if order > 1 else None
    if shorter is not None:
        wrong.append((fig(shorter), mistake("order_one_short", 0, f"That is the order-{order - 1} approximation.")))
    return graph_choice(
        rng,
        f"Which figure shows ${tex(f)}$ with its order-{order} Taylor approximation about $x = {a}$?",
        fig(result.polynomial),
        wrong[:3],
        hints=[
            "A Taylor approximation touches f at the expansion point.",
            "Order 1 is the tangent line; order 2 also matches the curvature.",
            f"The approximation is ${tex(result.polynomial)}$.",
        ],
        solution=f"The order-{order} approximation is ${tex(result.polynomial)}$.",
    )


GENERATORS = [
    Generator(Meta("m4-which-function", "Which function has this series?", 4, SET, ("taylor-series",), 1, "choice"), _which_function),
    Generator(Meta("m4-order-of-approximation", "The order of an approximation", 4, SET, ("taylor-series",), 1, "number"), _order),
    Generator(Meta("m4-approximation-graph", "Which graph is the approximation?", 4, SET,
                   ("taylor-series", "reading-graphs"), 2, "graph"), _order_graph),
]
