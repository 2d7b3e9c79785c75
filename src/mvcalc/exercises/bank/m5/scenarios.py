"""Graded m5-assessment-optimisation-scenarios: which method for which problem; descent steps."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice
from mvcalc.exercises.bank._common import (
    diff,
    distinct_mistakes,
    mistake,
    nonzero,
    question,
    rng_for,
    symbols,
    tex,
)
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m5-assessment-optimisation-scenarios"
x, y = symbols("x y")

METHODS = {
    "newton": "Newton–Raphson on the function (or on its derivative)",
    "descent": "gradient descent",
    "lagrange": "Lagrange multipliers",
    "lsq": "least-squares fitting (minimise χ²)",
}
WRONG = {
    "newton": "Newton–Raphson finds where one function of one or a few variables is zero; it needs f′ (and for optimisation f″).",
    "descent": "Gradient descent minimises an unconstrained function of many variables step by step.",
    "lagrange": "Lagrange multipliers handle an optimisation with an equality constraint.",
    "lsq": "Least squares fits a model's parameters to data.",
}
SCENARIOS = [
    ("newton", "You need the value of x where {a}x³ + x = {b}, to 10 digits, and you can differentiate the left side."),
    ("newton", "A single-variable function has a smooth derivative that you know in closed form; you want the zero of that derivative near x = {a}."),
    ("descent", "A neural network has {n} weights; you want the weights that make its cost as small as possible."),
    ("descent", "You must minimise a smooth cost of {n} parameters and can compute its gradient but not its Hessian."),
    ("lagrange", "Maximise the volume of a box whose surface area must be exactly {a} m²."),
    ("lagrange", "Find the point on the ellipse x² + {a}y² = {b} closest to the origin."),
    ("lsq", "You measured {n} (x, y) pairs with known uncertainties and want the slope and intercept of the best line."),
    ("lsq", "Fit the width and centre of a Gaussian to a histogram of {n} heights."),
]


def _method(seed: int):
    rng = rng_for("m5-scenario-method", seed)
    kind, story = rng.choice(SCENARIOS)
    story = story.format(a=rng.randint(2, 9), b=rng.randint(10, 40), n=rng.choice([50, 200, 1000, 12000]))
    wrong = [(METHODS[k], mistake(f"method_{k}", 0, WRONG[k])) for k in METHODS if k != kind]
    return choice(
        rng,
        f"{story} Which method fits best?",
        METHODS[kind],
        wrong,
        hints=[
            "Is there a constraint? Is there data to fit? How many variables?",
            "Constraint → Lagrange; data → least squares; many variables → gradient descent; a root in one variable → Newton–Raphson.",
            "Look for the word that says what is being found: a root, a minimum, a constrained optimum, parameters.",
        ],
        solution=f"{METHODS[kind][0].upper()}{METHODS[kind][1:]}: {WRONG[kind]}",
    )


def _descent_step(seed: int):
    rng = rng_for("m5-scenario-descent-step", seed)
    a, b = rng.randint(1, 4), rng.randint(1, 4)
    f = a * x**2 + b * y**2 + nonzero(rng, -3, 3) * x * y
    x0, y0 = nonzero(rng, -2, 2), nonzero(rng, -2, 2)
    gamma = rng.choice([sp.Rational(1, 10), sp.Rational(1, 4), sp.Rational(1, 2)])
    grad = sp.ImmutableMatrix([[diff(f, x).subs({x: x0, y: y0}), diff(f, y).subs({x: x0, y: y0})]])
    start = sp.ImmutableMatrix([[x0, y0]])
    answer = start - gamma * grad
    wrong = [
        mistake("gradient_ascent", start + gamma * grad, "You stepped uphill: gradient descent moves along −∇f."),
        mistake("step_size_forgotten", start - grad, f"Multiply the gradient by the step size γ = {gamma}."),
        mistake("step_not_position", -gamma * grad, "That is the step; add it to the starting point."),
    ]
    return question(
        "vector",
        f"Take one gradient-descent step on $f(x, y) = {tex(f)}$ from $({x0}, {y0})$ with step size "
        f"$\\gamma = {tex(gamma)}$. Where do you land? Answer as $[x, y]$.",
        answer,
        buggy=distinct_mistakes(answer, wrong, []),
        hints=[
            "The gradient points uphill; go the other way.",
            r"$\mathbf{x}_1 = \mathbf{x}_0 - \gamma \nabla f(\mathbf{x}_0)$.",
            f"$\\nabla f({x0}, {y0}) = {tex(grad)}$.",
        ],
        solution=f"${tex(start)} - {tex(gamma)}\\,{tex(grad)} = {tex(answer)}$.",
        input_help="a vector [x, y]",
    )


def _newton_direction(seed: int):
    rng = rng_for("m5-scenario-newton-direction", seed)
    sign = rng.choice([1, -1])
    a, b = rng.randint(1, 4), rng.randint(1, 4)
    p, q = rng.randint(-2, 2), rng.randint(-2, 2)
    f = sign * (a * (x - p) ** 2 + b * (y - q) ** 2)
    kind = "maximum" if sign < 0 else "minimum"
    # f has one stationary point: the tempting wrong direction is away from it, downhill when it is a
    # maximum (Newton "always minimises"), uphill when it is a minimum (the sign of −H⁻¹∇f turned round)
    away = (
        (f"away from $({p}, {q})$, downhill: Newton's method only looks for minima", mistake("newton_always_minimises", 0,
         "A Newton step goes to the stationary point of the local quadratic model, which can be a maximum."))
        if sign < 0 else
        (f"away from $({p}, {q})$, uphill",
         mistake("newton_sign_reversed", 0,
                 "With H positive definite, −H⁻¹∇f points downhill, towards the minimum of the model."))
    )
    return choice(
        rng,
        f"Newton's method for optimisation steps by $-H^{{-1}}\\nabla f$. For $f(x, y) = {tex(f)}$, from any "
        "point, where does one Newton step go?",
        f"straight to the {kind} at $({p}, {q})$",
        [
            away,
            (f"half-way to $({p}, {q})$", mistake("newton_half_step", 0, "For a quadratic the model is exact: one full step lands on the stationary point.")),
            ("along $-\\nabla f$ by a fixed step", mistake("newton_is_descent", 0, "That is gradient descent; Newton rescales the step by H⁻¹.")),
        ],
        hints=[
            "For a quadratic function the second-order model is exact.",
            "A Newton step lands on the stationary point of the quadratic model, whatever kind it is.",
            f"$H = {tex(sp.diag(2 * sign * a, 2 * sign * b))}$.",
        ],
        solution=f"$H$ is {'negative' if sign < 0 else 'positive'} definite, so the stationary point $({p}, {q})$ is a {kind}, and one Newton step lands on it.",
    )


GENERATORS = [
    Generator(Meta("m5-scenario-method", "Which method for this problem?", 5, SET, ("optimisation-methods",), 1, "choice"), _method),
    Generator(Meta("m5-scenario-descent-step", "One gradient-descent step", 5, SET, ("gradient-descent",), 2, "vector"), _descent_step),
    Generator(Meta("m5-scenario-newton-direction", "Where does a Newton step go?", 5, SET, ("optimisation-methods",), 2,
                   "choice"), _newton_direction),
]
