"""Set m2-s1 "Partial differentiation": ∂/∂x, ∂/∂y, ∂/∂z, and total derivatives df/dt."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._common import (
    coefficient,
    distinct_mistakes,
    mistake,
    nonzero,
    question,
    rng_for,
    symbols,
    tex,
)
from mvcalc.exercises.bank._derivative import derivative_generator
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator
from mvcalc.math.diagnose import buggy_derivatives

SET = "m2-s1-partial-differentiation"
x, y, z, t = symbols("x y z t")


def _two(rng):
    a, b = coefficient(rng, 2, 5), coefficient(rng, 2, 5)
    return rng.choice([
        a * x**2 * y + b * y**3,
        a * x * sp.exp(b * y) + y**2,
        sp.sin(a * x) * y**2 + b * x * y,
        a * x**3 * y**2 - b * x / y,
    ])


def _three(rng):
    a, b = coefficient(rng, 2, 4), nonzero(rng, -3, 3)
    return rng.choice([
        a * x**2 * y * z + b * z**2,
        sp.exp(x * y) * z + a * y * z**2,
        x * sp.sin(y * z) + a * z * x**2,
        a * x * y**2 / z + b * z * y,
    ])


def _total(rng):
    """f(x, y, z) with x, y, z functions of t, composed: df/dt by the multivariate chain rule."""
    a = coefficient(rng, 2, 4, signed=False)
    f = rng.choice([x * y + z**2, x**2 * z + y, x * y * z, sp.sin(x) + y * z])
    inner = {x: rng.choice([t - 1, a * t, t**2]), y: rng.choice([t**2, sp.cos(t), 1 - t]),
             z: rng.choice([a * t, sp.exp(t), t**3])}
    return f, inner


def _partial_prompt(var: str, names: str) -> str:
    """A prompt template for derivative_generator ({f} is filled in there)."""
    return (
        r"Find $\dfrac{{\partial f}}{{\partial " + var + "}}$ for $f(" + names + ") = {f}$ "
        "(hold the other variables constant)."
    )


def _meta(id_, title, skills, difficulty):
    return {"id": id_, "title": title, "module": 2, "set": SET, "skills": skills, "difficulty": difficulty}


def _total_derivative(seed: int):
    rng = rng_for("m2-total-derivative", seed)
    f, inner = _total(rng)
    from mvcalc.math.multivariate.chain import total_derivative

    result = total_derivative(f, {k.name: v for k, v in inner.items()}, "t")
    answer = result.value
    composed = f.subs(inner)

    def mistakes() -> list:
        found = list(buggy_derivatives(composed, t))
        for skip in result.terms:
            kept = [term.term for term in result.terms if term is not skip]
            found.append(mistake(
                "total_derivative_missing_path", sp.Add(*kept),
                f"You left out the path through ${tex(skip.variable)}$: add "
                rf"$\frac{{\partial f}}{{\partial {tex(skip.variable)}}}\frac{{d{tex(skip.variable)}}}{{dt}}$.",
            ))
        found.append(mistake(
            "total_derivative_no_inner_rates", sp.Add(*(term.partial.subs(inner) for term in result.terms)),
            "You added the partial derivatives but did not multiply each by the rate of its variable, "
            "dx/dt, dy/dt, dz/dt.",
        ))
        return distinct_mistakes(answer, found, ["t"])

    inner_tex = r",\quad ".join(f"{tex(k)}(t) = {tex(v)}" for k, v in inner.items())
    return question(
        "expression",
        f"Let $f(x, y, z) = {tex(f)}$ with ${inner_tex}$. Find the total derivative "
        r"$\dfrac{df}{dt}$ as a function of $t$.",
        answer,
        variables=["t"],
        buggy=mistakes,
        hints=[
            "f changes with t through each of x, y and z.",
            r"$\dfrac{df}{dt} = \dfrac{\partial f}{\partial x}\dfrac{dx}{dt} + "
            r"\dfrac{\partial f}{\partial y}\dfrac{dy}{dt} + \dfrac{\partial f}{\partial z}\dfrac{dz}{dt}$.",
            f"$\\frac{{\\partial f}}{{\\partial x}} = {tex(result.terms[0].partial)}$ and "
            f"$\\frac{{dx}}{{dt}} = {tex(result.terms[0].inner_rate)}$.",
        ],
        solution="$$" + result.latex() + "$$\n\nwritten in $t$: " + f"${tex(answer)}$.",
    )


GENERATORS = [
    derivative_generator(
        _meta("m2-partial-x", "∂f/∂x of a function of two variables", ["partial-derivatives"], 1),
        _two, prompt=_partial_prompt("x", "x, y"), variables=["x", "y"],
        name=r"\frac{\partial f}{\partial x}",
    ),
    derivative_generator(
        _meta("m2-partial-y", "∂f/∂y of a function of two variables", ["partial-derivatives"], 1),
        _two, var="y", prompt=_partial_prompt("y", "x, y"), variables=["x", "y"],
        name=r"\frac{\partial f}{\partial y}",
    ),
    derivative_generator(
        _meta("m2-partial-z", "A partial derivative in three variables", ["partial-derivatives"], 2),
        _three, var="z", prompt=_partial_prompt("z", "x, y, z"), variables=["x", "y", "z"],
        name=r"\frac{\partial f}{\partial z}",
    ),
    Generator(
        Meta("m2-total-derivative", "A total derivative df/dt", 2, SET,
             ("total-derivative", "multivariate-chain-rule"), 2, "expression"),
        _total_derivative,
    ),
]
