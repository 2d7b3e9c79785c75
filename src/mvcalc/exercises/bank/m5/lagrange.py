"""Set m5-s3 "Lagrange multipliers": ∂g/∂x, the conditions, stationary points, the minimum."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice
from mvcalc.exercises.bank._common import (
    diff,
    distinct_numbers,
    mistake,
    nonzero,
    num,
    question,
    rng_for,
    symbols,
    tex,
    text,
)
from mvcalc.exercises.bank._derivative import derivative_generator
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m5-s3-lagrange-multipliers"
x, y = symbols("x y")
PAIRS = [(3, 4), (4, 3), (-3, 4), (4, -3), (5, 12), (12, -5), (1, 1), (1, -1), (6, 8)]


def _constraint(rng):
    a, b = rng.randint(1, 4), rng.randint(1, 4)
    c, d = nonzero(rng, -2, 2), rng.randint(1, 9)
    return a * x**2 + b * (y + c) ** 2 - d


def _problem(rng):
    """A linear objective on a circle: f = ax + by on x² + y² = r², stationary points exact."""
    a, b = rng.choice(PAIRS)
    norm = sp.sqrt(a**2 + b**2)
    r = rng.choice([1, 2, 5]) if norm.is_Integer else rng.choice([2, 8])
    radius = sp.sqrt(r) if not norm.is_Integer else r
    f = a * x + b * y
    g = x**2 + y**2 - radius**2
    p = (a * radius / norm, b * radius / norm)
    return f, g, p


def _solve(f, g):
    from mvcalc.math.optimize.constrained import lagrange

    result = lagrange(f, [g], ["x", "y"])
    points = [tuple(num(p.exact[n]) if p.exact else num(p.point[n]) for n in ("x", "y")) for p in result.points]
    return result, points


def _stationary_points(seed: int):
    rng = rng_for("m5-lagrange-stationary-points", seed)
    f, g, p = _problem(rng)
    result, points = _solve(f, g)
    return question(
        "points",
        f"Find the stationary points of $f(x, y) = {tex(f)}$ subject to $g(x, y) = {tex(g)} = 0$ "
        "(points where $\\nabla f = \\lambda \\nabla g$ on the constraint). Give them as (x, y) pairs.",
        tuple(points),
        answer_text=", ".join(f"({text(a)}, {text(b)})" for a, b in points),
        tolerance=1e-6,
        buggy=[
            mistake("only_one_point", (points[-1],), "There are two: the maximum and the minimum of f on the circle."),
            mistake("unconstrained", ((sp.Integer(0), sp.Integer(0)),),
                    "That ignores the constraint: the points must lie on g = 0."),
        ],
        hints=[
            "At the optimum, ∇f is parallel to ∇g.",
            r"Solve $\nabla f = \lambda \nabla g$ together with $g = 0$.",
            f"$\\nabla f = {tex(sp.Matrix([[diff(f, x), diff(f, y)]]))}$ and $\\nabla g = {tex(sp.Matrix([[diff(g, x), diff(g, y)]]))}$.",
        ],
        solution="$L = f - \\lambda g$; $\\nabla L = 0$ gives "
        + ", ".join(f"$({tex(a)}, {tex(b)})$" for a, b in points) + ".",
        input_help="points as (x, y), separated by commas",
        data={"f": str(f), "g": str(g)},
    )


def _minimum(seed: int):
    rng = rng_for("m5-lagrange-minimum", seed)
    f, g, _ = _problem(rng)
    result, points = _solve(f, g)
    values = [f.subs({x: a, y: b}) for a, b in points]
    low, high = min(values), max(values)
    return question(
        "number",
        f"What is the smallest value of $f(x, y) = {tex(f)}$ on the curve ${tex(g)} = 0$? Give the exact value.",
        low,
        buggy=distinct_numbers(low, [
            mistake("maximum_not_minimum", high, "That is the largest value: compare f at both stationary points."),
            mistake("unconstrained_value", 0, "f has no unconstrained minimum; use the points on the constraint."),
        ]),
        hints=[
            "Find the stationary points of the Lagrangian first.",
            r"$\nabla f = \lambda \nabla g$, $g = 0$; then compare f at the points found.",
            "The stationary points are " + ", ".join(f"$({tex(a)}, {tex(b)})$" for a, b in points) + ".",
        ],
        solution="f at the stationary points: " + ", ".join(f"${tex(v)}$" for v in values) + f"; the minimum is ${tex(low)}$.",
    )


def _conditions(seed: int):
    rng = rng_for("m5-lagrange-conditions", seed)
    g = _constraint(rng)
    k = rng.choice([1, 2])
    f = sp.exp(-(2 * x**2 + y**2 - x * y) / 2) if k == 1 else -sp.exp(x - y**2 + x * y)
    return choice(
        rng,
        f"To optimise $f(x, y) = {tex(f)}$ subject to ${tex(g)} = 0$ with a Lagrange multiplier, which "
        "equations do you solve?",
        r"$\nabla f = \lambda \nabla g$ and $g = 0$ (three equations in $x, y, \lambda$)",
        [
            (r"$\nabla f = 0$", mistake("unconstrained", 0, "∇f = 0 finds unconstrained stationary points; the constraint must hold as well.")),
            (r"$\nabla f = \nabla g$ and $g = 0$", mistake("multiplier_forgotten", 0,
             "The gradients are parallel, not equal: ∇f = λ∇g with an unknown λ.")),
            (r"$\nabla f = \lambda \nabla g$ only", mistake("constraint_forgotten", 0,
             "Without g = 0 there are more unknowns than equations: add the constraint.")),
        ],
        hints=[
            "At a constrained optimum the contour of f touches the constraint curve.",
            "Touching contours have parallel gradients.",
            r"Write $L(x, y, \lambda) = f - \lambda g$ and set all three partial derivatives to 0.",
        ],
        solution=r"$\nabla L = 0$ for $L = f - \lambda g$: $\nabla f = \lambda \nabla g$ and $g = 0$.",
    )


GENERATORS = [
    derivative_generator({"id": "m5-lagrange-dg-dx", "title": "∂g/∂x of a constraint", "module": 5, "set": SET,
                          "skills": ["partial-derivatives", "lagrange"], "difficulty": 1}, _constraint,
                         variables=["x", "y"], name=r"\frac{\partial g}{\partial x}",
                         prompt="For the constraint $g(x, y) = {f} = 0$, find $\\dfrac{{\\partial g}}{{\\partial x}}$."),
    derivative_generator({"id": "m5-lagrange-dg-dy", "title": "∂g/∂y of a constraint", "module": 5, "set": SET,
                          "skills": ["partial-derivatives", "lagrange"], "difficulty": 1}, _constraint, var="y",
                         variables=["x", "y"], name=r"\frac{\partial g}{\partial y}",
                         prompt="For the constraint $g(x, y) = {f} = 0$, find $\\dfrac{{\\partial g}}{{\\partial y}}$."),
    Generator(Meta("m5-lagrange-conditions", "The Lagrange conditions", 5, SET, ("lagrange",), 1, "choice"), _conditions),
    Generator(Meta("m5-lagrange-stationary-points", "Stationary points on a constraint", 5, SET, ("lagrange",), 2,
                   "points"), _stationary_points),
    Generator(Meta("m5-lagrange-minimum", "The constrained minimum", 5, SET, ("lagrange",), 3, "number"), _minimum),
]
