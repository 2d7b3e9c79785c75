"""Set m5-s2 "Gradient descent and the step size" (lesson 5.2, "Gradient descent").

Steps are exact (SymPy rationals, gradients from the engine's `diff`). On a quadratic
bowl with constant Hessian H, a step multiplies the distance from the minimum along
each eigenvector by 1 − γλ, so descent converges from every start exactly when
0 < γ < 2/λ_max. The tests run the iteration in NumPy to check both.
"""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import multichoice
from mvcalc.exercises.bank._common import (
    diff,
    distinct_mistakes,
    distinct_numbers,
    mistake,
    nonzero,
    question,
    rng_for,
    symbols,
    tex,
    text,
)
from mvcalc.exercises.bank._decimals import decimal_text
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m5-s2-gradient-descent"
x, y = symbols("x y")
GAMMAS = [sp.Rational(v) for v in ("0.1", "0.05", "0.25", "0.2", "0.5", "0.125")]


def _row(a, b) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix([[a, b]])


def _gradient(f, point) -> sp.ImmutableMatrix:
    at = {x: point[0], y: point[1]}
    return _row(diff(f, x).subs(at), diff(f, y).subs(at))


def _quadratic(rng):
    a, b = rng.randint(1, 4), rng.randint(1, 4)
    c, d, e = rng.randint(-3, 3), rng.randint(-4, 4), rng.randint(-4, 4)
    return a * x**2 + b * y**2 + c * x * y + d * x + e * y


def _any_function(rng):
    pick = rng.randrange(4)
    if pick < 2:
        return _quadratic(rng)
    a, b = rng.randint(1, 3), nonzero(rng, -3, 3)
    return rng.choice([x**4 + a * y**2 + b * x, x**2 * y + a * y**2 + b * x, a * x**3 + y**3 - b * x * y])


HINTS = [
    "Gradient descent steps against the gradient: $\\mathbf{x}_{n+1} = \\mathbf{x}_n - \\gamma \\nabla f(\\mathbf{x}_n)$.",
    "Find $\\nabla f = \\left[\\dfrac{\\partial f}{\\partial x},\\ \\dfrac{\\partial f}{\\partial y}\\right]$, then "
    "evaluate it at the current point.",
]


def _one_step(seed: int):
    rng = rng_for("m5-gd-one-step", seed)
    f = _any_function(rng)
    start = _row(nonzero(rng, -3, 3), nonzero(rng, -3, 3))
    gamma = rng.choice(GAMMAS)
    grad = _gradient(f, start)
    answer = sp.ImmutableMatrix(start - gamma * grad)
    wrong = [
        mistake("gradient_ascent", sp.ImmutableMatrix(start + gamma * grad), "You stepped uphill: gradient descent moves along −∇f."),
        mistake("step_size_forgotten", sp.ImmutableMatrix(start - grad), f"Multiply the gradient by the step size γ = {decimal_text(gamma)}."),
        mistake("step_not_position", sp.ImmutableMatrix(-gamma * grad), "That is the step; add it to the starting point."),
        mistake("gradient_components_swapped", sp.ImmutableMatrix(start - gamma * _row(grad[1], grad[0])),
                "The x-coordinate moves by −γ ∂f/∂x and the y-coordinate by −γ ∂f/∂y."),
    ]
    point = f"({start[0]}, {start[1]})"
    return question(
        "vector",
        f"Take one gradient-descent step on $f(x, y) = {tex(f)}$ from ${point}$ with step size "
        f"$\\gamma = {decimal_text(gamma)}$. Where do you land? Give $[x_1, y_1]$ exactly.",
        answer,
        buggy=distinct_mistakes(answer, wrong, []),
        hints=[*HINTS, f"$\\nabla f = [{tex(diff(f, x))},\\ {tex(diff(f, y))}]$."],
        solution=f"$\\nabla f{point} = {tex(grad)}$, so $\\mathbf{{x}}_1 = {tex(start)} - {decimal_text(gamma)}\\,{tex(grad)} "
        f"= {tex(answer)}$.",
        data={"f": text(f), "start": [int(v) for v in start], "gamma": str(gamma), "steps": 1},
        input_help="[x, y]",
    )


def _two_steps(seed: int):
    rng = rng_for("m5-gd-two-steps", seed)
    f = _quadratic(rng)
    start = _row(nonzero(rng, -2, 2), nonzero(rng, -2, 2))
    gamma = rng.choice([g for g in GAMMAS if g <= sp.Rational(1, 4)])
    g0 = _gradient(f, start)
    first = sp.ImmutableMatrix(start - gamma * g0)
    g1 = _gradient(f, first)
    answer = sp.ImmutableMatrix(first - gamma * g1)
    up = start + gamma * g0
    wrong = [
        mistake("gradient_not_updated", sp.ImmutableMatrix(start - 2 * gamma * g0),
                "Work out the gradient again at the new point before the second step: it has changed."),
        mistake("one_step_only", first, "That is where the first step lands; take a second step from there."),
        mistake("gradient_ascent", sp.ImmutableMatrix(up + gamma * _gradient(f, up)), "You stepped uphill: each step goes along −∇f."),
        mistake("step_size_forgotten", sp.ImmutableMatrix((start - g0) - _gradient(f, start - g0)),
                f"Multiply each gradient by the step size γ = {decimal_text(gamma)}."),
    ]
    point = f"({start[0]}, {start[1]})"
    return question(
        "vector",
        f"Take two gradient-descent steps on $f(x, y) = {tex(f)}$ from ${point}$ with step size "
        f"$\\gamma = {decimal_text(gamma)}$. Where are you after the second step? Give $[x_2, y_2]$ exactly.",
        answer,
        buggy=distinct_mistakes(answer, wrong, []),
        hints=[*HINTS, f"$\\nabla f = [{tex(diff(f, x))},\\ {tex(diff(f, y))}]$; after the first step, evaluate it again."],
        solution=f"$\\nabla f{point} = {tex(g0)}$, so $\\mathbf{{x}}_1 = {tex(first)}$; there $\\nabla f = {tex(g1)}$, so "
        f"$\\mathbf{{x}}_2 = {tex(first)} - {decimal_text(gamma)}\\,{tex(g1)} = {tex(answer)}$.",
        data={"f": text(f), "start": [int(v) for v in start], "gamma": str(gamma), "steps": 2},
        input_help="[x, y]",
    )


def _bowl(rng):
    """A convex quadratic ½ xᵀHx (no constant or linear part) with rational eigenvalues: (f, H, λ_min, λ_max)."""
    if rng.random() < 0.5:
        p, q = rng.sample([1, 2, 3, 4, 5, 6, 8, 10], 2)
        H = sp.Matrix([[2 * p, 0], [0, 2 * q]])
    else:
        s = rng.choice([4, 6, 8, 10, 12])
        t = rng.choice([v for v in range(-s + 1, s) if v and v % 2 == 0])
        H = sp.Matrix([[s, t], [t, s]])
    f = sp.expand(sp.Rational(1, 2) * (H[0, 0] * x**2 + 2 * H[0, 1] * x * y + H[1, 1] * y**2))
    lams = sorted(H.eigenvals())
    return f, H, lams[0], lams[-1]


def _largest_step(seed: int):
    rng = rng_for("m5-gd-largest-step", seed)
    f, H, lo, hi = _bowl(rng)
    answer = 2 / hi
    a, b = f.coeff(x, 2), f.coeff(y, 2)
    wrong = [
        mistake("gd_limit_one_over_L", 1 / hi, "That step is safe, but the limit is twice it: γλ must stay below 2, so γ < 2/λ_max."),
        mistake("gd_limit_smallest_curvature", 2 / lo,
                "The steepest direction limits the step: use the largest eigenvalue of the Hessian, not the smallest."),
        mistake("gd_limit_coefficient", 2 / max(a, b),
                "The curvature of $a x^2$ is $2a$: use the Hessian's eigenvalues, not the coefficients of $f$."),
        mistake("gd_limit_diagonal_only", 2 / max(H[0, 0], H[1, 1]),
                "The $xy$ term matters: the curvatures are the eigenvalues of the whole Hessian, not its diagonal."),
    ]
    return question(
        "number",
        f"Gradient descent $\\mathbf{{x}} \\leftarrow \\mathbf{{x}} - \\gamma \\nabla f$ on $f(x, y) = {tex(f)}$ converges "
        "from every starting point exactly when $0 < \\gamma < \\gamma_{\\max}$. Find $\\gamma_{\\max}$ exactly.",
        answer,
        buggy=distinct_numbers(answer, wrong),
        hints=[
            "Along an eigenvector of the Hessian with eigenvalue $\\lambda$, each step multiplies the distance from "
            "the minimum by $1 - \\gamma\\lambda$.",
            "Convergence needs $|1 - \\gamma\\lambda| < 1$ for every eigenvalue, that is $\\gamma < 2/\\lambda$.",
            f"$H = {tex(H)}$; the largest eigenvalue sets the limit.",
        ],
        solution=f"$H = {tex(H)}$ has eigenvalues ${tex(lo)}$ and ${tex(hi)}$. A step multiplies each eigen-direction "
        f"by $1 - \\gamma\\lambda$, which stays inside $(-1, 1)$ for both only if $\\gamma < 2/{tex(hi)} = {tex(answer)}$.",
        data={"f": text(f), "eigenvalues": [str(lo), str(hi)]},
    )


def _which_converge(seed: int):
    rng = rng_for("m5-gd-which-steps-converge", seed)
    f, H, lo, hi = _bowl(rng)
    limit = 2 / hi
    below = sorted({limit * k for k in (sp.Rational(1, 4), sp.Rational(1, 2), sp.Rational(3, 4), sp.Rational(9, 10))})
    above = sorted({limit * k for k in (sp.Rational(5, 4), sp.Rational(3, 2), 2, 3)})
    rights = rng.sample(below, rng.choice([1, 2]))
    picks = rng.sample(above, 2) + ([limit] if rng.random() < 0.6 else [rng.choice([v for v in above])])
    wrong = []
    for g in dict.fromkeys(picks):
        if g == limit:
            wrong.append((f"$\\gamma = {tex(g)}$", mistake(
                "gd_boundary", 0,
                "At γ = 2/λ_max the factor 1 − γλ is exactly −1 along the steepest direction: the iterates bounce "
                "between two points for ever and never converge.")))
        else:
            factor = 1 - g * hi
            wrong.append((f"$\\gamma = {tex(g)}$", mistake(
                "gd_diverges", 0,
                f"With γ = {g} the factor 1 − γλ_max = {factor} is bigger than 1 in size: each step overshoots "
                "further and the iteration diverges.")))
    return multichoice(
        rng,
        f"For $f(x, y) = {tex(f)}$, which step sizes make gradient descent converge to the minimum from every starting "
        "point? Select all that apply.",
        [f"$\\gamma = {tex(g)}$" for g in sorted(rights)],
        wrong,
        hints=[
            "The Hessian of a quadratic is constant; its eigenvalues are the curvatures along its eigenvectors.",
            "Each step multiplies the distance from the minimum along an eigenvector by $1 - \\gamma\\lambda$.",
            "Converging needs $|1 - \\gamma\\lambda| < 1$ for every eigenvalue: $0 < \\gamma < 2/\\lambda_{\\max}$.",
        ],
        solution=f"$H = {tex(H)}$ has eigenvalues ${tex(lo)}$ and ${tex(hi)}$, so descent converges exactly for "
        f"$0 < \\gamma < 2/{tex(hi)} = {tex(limit)}$.",
        data={"f": text(f), "limit": str(limit),
              "gammas": {f"$\\gamma = {tex(g)}$": str(g) for g in [*rights, *picks]}},
    )


def _factors(seed: int):
    rng = rng_for("m5-gd-step-factors", seed)
    a, b = rng.sample(range(1, 7), 2)
    f = a * x**2 + b * y**2
    gamma = rng.choice([sp.Rational(v) for v in ("0.05", "0.1", "0.125", "0.2", "0.25", "0.3")])
    answer = _row(1 - 2 * a * gamma, 1 - 2 * b * gamma)
    wrong = [
        mistake("gd_factor_coefficient", _row(1 - a * gamma, 1 - b * gamma),
                f"$\\partial f/\\partial x = {2 * a}x$, not ${tex(a * x)}$: differentiate the square before multiplying by γ."),
        mistake("gd_factor_sign", _row(1 + 2 * a * gamma, 1 + 2 * b * gamma), "Descent subtracts the gradient: $x - \\gamma \\cdot {2a}x$."),
        mistake("gd_factor_step_only", _row(2 * a * gamma, 2 * b * gamma), "That is the size of the step; the new coordinate is the old one minus it."),
        mistake("gradient_components_swapped", _row(1 - 2 * b * gamma, 1 - 2 * a * gamma),
                "The first factor is for $x$, which moves with $\\partial f/\\partial x$."),
    ]
    fx, fy = answer[0], answer[1]

    def behaviour(v) -> str:
        if abs(v) >= 1:
            return "does not shrink: that direction diverges or bounces for ever"
        return "shrinks steadily" if v >= 0 else "shrinks but flips sign each step (zig-zag)"

    return question(
        "vector",
        f"Gradient descent with step size $\\gamma = {decimal_text(gamma)}$ on $f(x, y) = {tex(f)}$ (minimum at the origin) "
        "multiplies $x$ by one constant factor and $y$ by another at every step. Give [the factor for $x$, the factor "
        "for $y$] exactly.",
        answer,
        buggy=distinct_mistakes(answer, [m for m in wrong if m.answer != answer], []),
        hints=[
            "Write one step out: $x_{n+1} = x_n - \\gamma\\, \\partial f/\\partial x$ at $(x_n, y_n)$, and the same for $y$.",
            f"$\\nabla f = [{tex(diff(f, x))},\\ {tex(diff(f, y))}]$.",
            "Factor out $x_n$ (and $y_n$): what multiplies it?",
        ],
        solution=f"$x_{{n+1}} = x_n - {decimal_text(gamma)} \\cdot {2 * a}x_n = {tex(fx)}\\,x_n$ and "
        f"$y_{{n+1}} = y_n - {decimal_text(gamma)} \\cdot {2 * b}y_n = {tex(fy)}\\,y_n$. So $x$ {behaviour(fx)}, and "
        f"$y$ {behaviour(fy)}.",
        data={"f": text(f), "gamma": str(gamma)},
        input_help="[factor for x, factor for y]",
    )


def _meta(id_, title, skills, difficulty, kind):
    return Meta(id_, title, 5, SET, tuple(skills), difficulty, kind)


GENERATORS = [
    Generator(_meta("m5-gd-one-step", "One gradient-descent step", ["gradient-descent"], 1, "vector"), _one_step),
    Generator(_meta("m5-gd-two-steps", "Two gradient-descent steps", ["gradient-descent"], 2, "vector"), _two_steps),
    Generator(_meta("m5-gd-step-factors", "What one step does to each coordinate", ["gradient-descent", "step-size"],
                    2, "vector"), _factors),
    Generator(_meta("m5-gd-largest-step", "The largest step size that converges", ["gradient-descent", "step-size"],
                    2, "number"), _largest_step),
    Generator(_meta("m5-gd-which-steps-converge", "Which step sizes converge?", ["gradient-descent", "step-size"],
                    3, "multichoice"), _which_converge),
]
