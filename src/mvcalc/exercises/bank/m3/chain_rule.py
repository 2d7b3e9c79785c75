"""Set m3-s1 "Multivariate chain rule": shapes of the factors, df/dt as vector products."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice
from mvcalc.exercises.bank._common import (
    coefficient,
    diff,
    distinct_numbers,
    mistake,
    question,
    rng_for,
    symbols,
    tex,
)
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator
from mvcalc.math.diagnose import buggy_derivatives

SET = "m3-s1-multivariate-chain-rule"
x, y, t, u = symbols("x y t u")


def _shapes(seed: int):
    rng = rng_for("m3-chain-shapes", seed)
    n, m = rng.sample([2, 3, 4, 5, 6, 7, 8], 2)

    def triple(a, b, c):
        return f"${a}$, ${b}$, ${c}$"

    right = triple(f"1\\times {n}", f"{n}\\times {m}", f"{m}\\times 1")
    return choice(
        rng,
        f"$f(\\mathbf{{x}})$ is a scalar function of $\\mathbf{{x}} \\in \\mathbb{{R}}^{n}$, "
        f"$\\mathbf{{x}}(\\mathbf{{u}})$ depends on $\\mathbf{{u}} \\in \\mathbb{{R}}^{m}$, and "
        "$\\mathbf{u}(t)$ on a scalar $t$. In "
        "$\\dfrac{df}{dt} = \\dfrac{\\partial f}{\\partial \\mathbf{x}}\\,\\dfrac{\\partial \\mathbf{x}}"
        "{\\partial \\mathbf{u}}\\,\\dfrac{d\\mathbf{u}}{dt}$, what are the shapes of the three factors?",
        right,
        [
            (triple(f"{n}\\times 1", f"{n}\\times {m}", f"{m}\\times 1"), mistake(
                "gradient_as_column", 0,
                "∂f/∂x is a row vector (1×n): one column per variable, so that it can multiply the matrix on its right.")),
            (triple(f"1\\times {n}", f"{m}\\times {n}", f"{m}\\times 1"), mistake(
                "jacobian_transposed", 0,
                "∂x/∂u has one row per component of x and one column per component of u: n×m.")),
            (triple(f"1\\times {n}", f"{n}\\times {m}", f"1\\times {m}"), mistake(
                "rate_as_row", 0,
                "du/dt is a column (m×1): the product must end with one column to give the scalar df/dt.")),
            (triple(f"1\\times {m}", f"{m}\\times {n}", f"{n}\\times 1"), mistake(
                "dimensions_swapped", 0, "x has n components and u has m: the sizes are the other way round.")),
        ],
        hints=[
            "A row times a matrix times a column gives a 1×1 result only if the inner sizes match.",
            "Row i of a Jacobian is one output, column j one input: ∂x/∂u is (size of x)×(size of u).",
            f"∂f/∂x is 1×{n}, because f is one number and x has {n} components.",
        ],
        solution=f"$(1\\times {n})(\\,{n}\\times {m})(\\,{m}\\times 1) = 1\\times 1$: a scalar, as df/dt must be.",
    )


def _df_dt_at(seed: int):
    rng = rng_for("m3-chain-rate-at-t", seed)
    from mvcalc.math.multivariate.chain import total_derivative

    a = coefficient(rng, 2, 3, signed=False)
    f = rng.choice([x**2 * y, x * y + y**2, a * x**2 + x * y, x * sp.exp(y)])
    inner = {x: rng.choice([t**2, a * t, t + 1]), y: rng.choice([t - 1, 2 * t, t**2 - t])}
    t0 = rng.randint(1, 3)
    result = total_derivative(f, {k.name: v for k, v in inner.items()}, "t")
    answer = result.value.subs(t, t0)
    composed = f.subs(inner)

    def wrong() -> list:
        found = [mistake(m.rule, m.answer.subs(t, t0), m.message) for m in buggy_derivatives(composed, t)]
        for skip in result.terms:
            kept = sum((term.term for term in result.terms if term is not skip), sp.Integer(0))
            found.append(mistake("total_derivative_missing_path", kept.subs(t, t0),
                                 f"You left out the path through ${tex(skip.variable)}$."))
        found.append(mistake(
            "total_derivative_no_inner_rates",
            sum((term.partial.subs(inner) for term in result.terms), sp.Integer(0)).subs(t, t0),
            "You multiplied ∂f/∂x by nothing: each partial needs its rate dx/dt, dy/dt.",
        ))
        return distinct_numbers(answer, found)

    j = sp.Matrix([[term.partial.subs(inner).subs(t, t0) for term in result.terms]])
    rates = sp.Matrix([term.inner_rate.subs(t, t0) for term in result.terms])
    return question(
        "number",
        f"$f(x, y) = {tex(f)}$ with $x(t) = {tex(inner[x])}$ and $y(t) = {tex(inner[y])}$. Find "
        f"$\\dfrac{{df}}{{dt}}$ at $t = {t0}$ as the product of the row vector "
        "$\\left[\\partial f/\\partial x,\\ \\partial f/\\partial y\\right]$ and the column "
        "$\\left[dx/dt,\\ dy/dt\\right]^T$. Give the exact value.",
        answer,
        buggy=wrong,
        hints=[
            f"First find the point: at $t = {t0}$, $x = {tex(inner[x].subs(t, t0))}$ and $y = {tex(inner[y].subs(t, t0))}$.",
            "$\\dfrac{df}{dt} = \\dfrac{\\partial f}{\\partial x}\\dfrac{dx}{dt} + \\dfrac{\\partial f}{\\partial y}\\dfrac{dy}{dt}$.",
            f"The row vector there is ${tex(j)}$.",
        ],
        solution=f"${tex(j)}\\,{tex(rates)} = {tex(answer)}$.",
        data={"f": str(f), "x": str(inner[x]), "y": str(inner[y]), "t": t0},
    )


def _three_links(seed: int):
    rng = rng_for("m3-chain-three-links", seed)
    a, b = coefficient(rng, 2, 3, signed=False), coefficient(rng, 1, 3, signed=False)
    f = x**2 + b * y**2
    xu, yu = a * u, u**2
    ut = rng.choice([t**2, 3 * t, t + 1])
    t0 = rng.randint(1, 2)
    u0 = ut.subs(t, t0)
    df = sp.Matrix([[diff(f, x), diff(f, y)]]).subs({x: xu.subs(u, u0), y: yu.subs(u, u0)})
    dx = sp.Matrix([diff(xu, u), diff(yu, u)]).subs(u, u0)
    du = diff(ut, t).subs(t, t0)
    answer = (df * dx)[0] * du
    return question(
        "number",
        f"$f(x, y) = {tex(f)}$, where $x = {tex(xu)}$, $y = {tex(yu)}$ and $u = {tex(ut)}$. Find "
        f"$\\dfrac{{df}}{{dt}}$ at $t = {t0}$ as "
        "$\\dfrac{\\partial f}{\\partial \\mathbf{x}}\\,\\dfrac{\\partial \\mathbf{x}}{\\partial u}\\,\\dfrac{du}{dt}$.",
        answer,
        buggy=distinct_numbers(answer, [
            mistake("chain_dropped_last_link", (df * dx)[0], "You stopped at df/du: multiply by du/dt as well."),
            mistake("chain_one_path", df[0] * dx[0] * du, "You followed only the path through x; add the path through y."),
            mistake("chain_partials_added", (df[0] + df[1]) * du, "You added the partials of f without multiplying by ∂x/∂u."),
        ]),
        hints=[
            f"At $t = {t0}$: $u = {u0}$, then $x = {tex(xu.subs(u, u0))}$ and $y = {tex(yu.subs(u, u0))}$.",
            "A row (1×2) times a column (2×1) times a number.",
            f"$\\partial f/\\partial \\mathbf{{x}} = {tex(df)}$ there.",
        ],
        solution=f"${tex(df)}\\,{tex(dx)}\\cdot {tex(du)} = {tex(answer)}$.",
    )


GENERATORS = [
    Generator(Meta("m3-chain-shapes", "Shapes in the multivariate chain rule", 3, SET,
                   ("multivariate-chain-rule", "jacobian"), 1, "choice"), _shapes),
    Generator(Meta("m3-chain-rate-at-t", "df/dt as a row times a column", 3, SET,
                   ("multivariate-chain-rule", "total-derivative"), 2, "number"), _df_dt_at),
    Generator(Meta("m3-chain-three-links", "A chain of three links", 3, SET,
                   ("multivariate-chain-rule",), 3, "number"), _three_links),
]
