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

from mvcalc.exercises.bank._common import distinct_mistakes, question, rng_for, tex, text
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
    """`build(rng)` returns (f, {name: point}, order, prompt); the answer is the Taylor polynomial."""
    info = Meta.from_dict({**meta, "kind": "expression"})

    def make(seed: int) -> Question:
        rng = rng_for(info.id, seed)
        f, at, order, prompt = build(rng)
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
            hints=series_hints(f, result),
            solution=terms_solution(result),
            data={"f": text(f), "at": {k: text(v) for k, v in at.items()}, "order": order},
            input_help="a polynomial; powers of (x - a) may stay unexpanded",
        )

    return Generator(info, make)
