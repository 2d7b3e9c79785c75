"""The family behind Taylor-series questions: polynomial, terms and mistakes from the engine.

The reference polynomial and its terms come from `mvcalc.math.series.expansion`,
the buggy polynomials from `mvcalc.math.series.buggy.buggy_series` (no factorials,
alternating signs, expanded about 0, powers not shifted, orders off by one), worked out
only when an answer is diagnosed.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import sympy as sp

from mvcalc.exercises.bank._common import distinct_mistakes, question, rng_for, symbol, tex, text
from mvcalc.exercises.model import Meta, Question
from mvcalc.exercises.registry import Generator


def series(f: sp.Expr, at: dict, order: int):
    """(TaylorSeries, buggy polynomials) from the engine; `at` maps names to numbers."""
    from mvcalc.math.series import buggy_series

    return taylor_series(f, at, order), list(buggy_series(f, at, order))


def taylor_series(f: sp.Expr, at: dict, order: int):
    """The engine's TaylorSeries alone (no buggy polynomials)."""
    from mvcalc.math.series import taylor

    return taylor(f, at, order)


def terms_solution(result) -> str:
    """Each term with its label (f(a), f′(a)(x − a), …), then the polynomial."""
    lines = [f"- {term.label}: ${tex(term.expr)}$" for term in result.terms if term.coefficient != 0]
    return "\n".join(lines + ["", f"So the approximation is ${tex(result.polynomial)}$."])


def series_hints(f: sp.Expr, result) -> list[str]:
    point = ", ".join(f"{tex(v)} = {tex(result.point[v])}" for v in result.variables)
    first = result.terms[0]
    if len(result.variables) == 1:
        rule = (
            r"$f(x) \approx \sum_{k=0}^{n} \dfrac{f^{(k)}(a)}{k!}(x - a)^k$: "
            "match the value and the first n derivatives at a."
        )
    else:
        rule = (
            r"$f(\mathbf{x} + \Delta\mathbf{x}) \approx f + J\,\Delta\mathbf{x} + "
            r"\tfrac12 \Delta\mathbf{x}^T H\, \Delta\mathbf{x}$, with $J$ and $H$ at the point."
        )
    return [
        f"Work out the value of ${tex(f)}$ and its derivatives at ${point}$.",
        rule,
        f"The first term is {first.label} $= {tex(first.expr)}$.",
    ]


Build = Callable[[random.Random], tuple]


def series_generator(meta: dict, build: Build) -> Generator:
    """`build(rng)` returns (f, {name: point}, order, prompt[, own]); the answer is the Taylor polynomial.

    Hints and solution default to `series_hints` and `terms_solution`; a builder whose f is
    written in another variable than the prompt's (a step h instead of x) passes `own`, a dict
    with its own "hints" and "solution" in the prompt's terms.
    """
    info = Meta.from_dict({**meta, "kind": "expression"})

    def make(seed: int) -> Question:
        rng = rng_for(info.id, seed)
        f, at, order, prompt, *rest = build(rng)
        own = rest[0] if rest else {}
        result = taylor_series(f, at, order)
        names = [v.name for v in result.variables]
        answer = result.polynomial

        def buggy() -> list:
            from mvcalc.math.series import buggy_series

            return distinct_mistakes(answer, list(buggy_series(f, at, order)), names)

        return question(
            "expression",
            prompt,
            answer,
            variables=names,
            buggy=buggy,
            hints=own.get("hints") or series_hints(f, result),
            solution=own.get("solution") or terms_solution(result),
            data={"f": text(f), "at": {k: text(v) for k, v in at.items()}, "order": order},
            input_help="a polynomial; powers of (x - a) may stay unexpanded",
        )

    return Generator(info, make)


ORDER_HINTS = [
    "An approximation of order n matches f and its first n derivatives at the point: it keeps every "
    "term of the series up to the n-th power.",
    "A term can be zero, so the order is not simply the highest power you see: $1 - x^2/2$ is both the "
    "second- and the third-order approximation of $\\cos x$ (its $x^3$ term is 0). Here the series has no zero "
    "terms, so the highest power does tell you the order.",
]


def order_question(rng, functions, orders, prompt: str):
    """What is the order of this Taylor polynomial? f and n drawn so that the x^n and x^(n+1)
    coefficients are non-zero: then p is the order-n approximation and no other order's."""
    from mvcalc.exercises.bank._common import distinct_numbers, mistake

    x = symbol("x")
    while True:
        f, order = rng.choice(functions), rng.choice(orders)
        series = sp.expand(taylor_series(f, {"x": 0}, order + 1).polynomial)
        if series.coeff(x, order) != 0 and series.coeff(x, order + 1) != 0:
            break
    p = taylor_series(f, {"x": 0}, order).polynomial
    terms = len(sp.Add.make_args(sp.expand(p)))
    return question(
        "number",
        prompt.format(p=tex(p), f=tex(f)),
        sp.Integer(order),
        buggy=distinct_numbers(order, [
            mistake("counted_terms", terms, "You counted the terms; the order counts the derivatives matched, "
                    "which (with no zero terms) is the highest power of x."),
            mistake("order_plus_one", order + 1, f"The first term left out has power {order + 1}; the "
                    f"approximation itself stops at power {order}."),
        ]),
        hints=[*ORDER_HINTS, f"Find the highest power of $x$ in ${tex(p)}$."],
        solution=(f"$p$ keeps every term up to $x^{{{order}}}$, and the $x^{{{order + 1}}}$ term of the series "
                  f"of ${tex(f)}$ is not zero, so $p$ matches f and its first {order} derivatives at 0 and no "
                  f"more: order {order}."),
        data={"f": text(f), "order": order},
    )
