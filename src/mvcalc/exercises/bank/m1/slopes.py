"""Set m1-s2 "Matching a function's graph to its derivative's graph": slopes, regions, turning points.

Wrong numbers come from named slips (run over rise, forgetting to divide by the
run, a sign); wrong regions and points from reading f instead of f′, or f″ = 0.
"""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice, curve
from mvcalc.exercises.bank._common import (
    coefficient,
    diff,
    distinct_numbers,
    mistake,
    nonzero,
    paren,
    question,
    rng_for,
    symbol,
    tex,
)
from mvcalc.exercises.model import Figure, Meta
from mvcalc.exercises.registry import Generator

SET = "m1-s2-graph-derivative"
x = symbol("x")


def _slope_mistakes(rise, run, answer):
    return distinct_numbers(answer, [
        mistake("run_over_rise", sp.Rational(run, 1) / rise if rise else sp.nan,
                "You divided the run by the rise; the gradient is rise ÷ run (change in y over change in x)."),
        mistake("rise_without_run", rise, "You found the rise but did not divide by the run."),
        mistake("gradient_sign", -answer, "The sign is wrong: subtract the y-values in the same order as the x-values."),
    ])


def _rise_over_run(seed: int):
    rng = rng_for("m1-rise-over-run", seed)
    a, b = coefficient(rng, 1, 3), nonzero(rng, -5, 5)
    x1 = rng.randint(-3, 1)
    x2 = x1 + rng.randint(2, 4)
    f = a * x**2 + b
    y1, y2 = f.subs(x, x1), f.subs(x, x2)
    rise, run = y2 - y1, x2 - x1
    answer = sp.Rational(rise, run)
    return question(
        "number",
        f"Find the gradient of the straight line through the points of $f(x) = {tex(f)}$ at "
        f"$x = {x1}$ and $x = {x2}$ (rise over run). Give the exact value.",
        answer,
        buggy=_slope_mistakes(rise, run, answer),
        hints=[
            "Work out the two points first: their x-values are given, their y-values come from f.",
            r"Gradient = rise ÷ run $= \dfrac{f(x_2) - f(x_1)}{x_2 - x_1}$.",
            f"The points are $({x1}, {y1})$ and $({x2}, {y2})$.",
        ],
        solution=(
            f"The points are $({x1}, {y1})$ and $({x2}, {y2})$: rise $= {y2} - {paren(y1)} = {rise}$, run "
            f"$= {x2} - {paren(x1)} = {run}$, so the gradient is $\\frac{{{rise}}}{{{run}}} = {tex(answer)}$."
        ),
        figures=[Figure((curve(f, x1 - 1, x2 + 1),), points=((x1, float(y1)), (x2, float(y2))))],
    )


def _tangent(seed: int):
    rng = rng_for("m1-tangent-gradient", seed)
    a = coefficient(rng, 1, 3)
    x0 = nonzero(rng, -3, 3)
    f = a * x**2
    slope = 2 * a * x0
    y0 = f.subs(x, x0)
    tangent = slope * (x - x0) + y0
    xa, xb = x0 - rng.randint(1, 2), x0 + rng.randint(1, 3)
    ya, yb = tangent.subs(x, xa), tangent.subs(x, xb)
    rise, run = yb - ya, xb - xa
    return question(
        "number",
        f"The figure shows $f(x) = {tex(f)}$ and its tangent at $x = {x0}$. The tangent passes "
        f"through $({xa}, {ya})$ and $({xb}, {yb})$. Estimate $f'({x0})$ by rise over run along the tangent.",
        sp.Integer(slope),
        buggy=_slope_mistakes(rise, run, sp.Integer(slope)),
        hints=[
            "The gradient of the curve at a point is the gradient of its tangent there.",
            "Gradient = rise ÷ run between any two points of the tangent line.",
            f"Rise $= {yb} - {paren(ya)}$, run $= {xb} - {paren(xa)}$.",
        ],
        solution=f"Rise $= {rise}$, run $= {run}$, gradient $= {slope}$ (and indeed $f'(x) = {2 * a}x$ gives $f'({x0}) = {slope}$).",
        figures=[Figure((curve(f, x0 - 3, x0 + 3), curve(tangent, x0 - 3, x0 + 3, "tangent")),
                        points=((xa, float(ya)), (xb, float(yb))))],
    )


def _cubic(rng):
    """f with turning points at integers p < q: f′ = 6a(x − p)(x − q)."""
    a = rng.choice([1, -1])
    p = rng.randint(-3, 1)
    q = p + rng.randint(2, 4)
    f = a * (2 * x**3 - 3 * (p + q) * x**2 + 6 * p * q * x)
    return a, p, q, f


def _increasing(seed: int):
    rng = rng_for("m1-increasing-region", seed)
    a, p, q, f = _cubic(rng)
    outside = f"$x < {p}$ or $x > {q}$"
    inside = f"${p} < x < {q}$"
    right, flipped = (outside, inside) if a > 0 else (inside, outside)
    return choice(
        rng,
        f"Where is $f(x) = {tex(f)}$ increasing?",
        right,
        [
            (flipped, mistake("sign_of_derivative", 0, "That is where f′ < 0, where f decreases: f increases where f′(x) > 0.")),
            (f"$x > {p}$", mistake("one_turning_point", 0, "f has two turning points; check the sign of f′ on each of the three pieces.")),
            (f"$x > {sp.Rational(p + q, 2)}$" if (p + q) % 2 else f"$x > {(p + q) // 2}$",
             mistake("inflection_not_turning", 0, "That point is where f″ = 0 (an inflection); f changes direction where f′ = 0.")),
        ],
        hints=[
            "f increases where its derivative is positive.",
            f"Differentiate: $f'(x) = {tex(sp.factor(diff(f, x)))}$.",
            f"$f'$ is zero at $x = {p}$ and $x = {q}$; check its sign between and outside them.",
        ],
        solution=f"$f'(x) = {tex(sp.factor(diff(f, x)))}$ is positive for {right}.",
        figures=[Figure((curve(f, p - 2, q + 2),))],
    )


def _turning(seed: int):
    rng = rng_for("m1-turning-points", seed)
    a, p, q, f = _cubic(rng)
    mid = sp.Rational(p + q, 2)
    return question(
        "points",
        f"Find the x-coordinates of the turning points of $f(x) = {tex(f)}$. Separate them by commas.",
        ((sp.Integer(p),), (sp.Integer(q),)),
        answer_text=f"{p}, {q}",
        buggy=[
            mistake("inflection_not_turning", ((mid,),), "That is where f″ = 0 (an inflection point); turning points are where f′ = 0."),
            mistake("one_root_only", ((sp.Integer(p),),), "f′ is a quadratic with two roots: there is a second turning point."),
        ],
        hints=[
            "At a turning point the tangent is flat: $f'(x) = 0$.",
            f"$f'(x) = {tex(sp.expand(diff(f, x)))}$; factorise it.",
            f"$f'(x) = {tex(sp.factor(diff(f, x)))}$.",
        ],
        solution=f"$f'(x) = {tex(sp.factor(diff(f, x)))} = 0$ at $x = {p}$ and $x = {q}$.",
        input_help="x-values separated by commas, e.g. 1, -2",
    )


def _meta(id_, title, skills, difficulty, kind):
    return Meta(id_, title, 1, SET, tuple(skills), difficulty, kind)


GENERATORS = [
    Generator(_meta("m1-rise-over-run", "Rise over run between two points", ["rise-over-run"], 1, "number"), _rise_over_run),
    Generator(_meta("m1-tangent-gradient", "The gradient of a tangent", ["rise-over-run", "derivative-as-slope"], 1, "number"), _tangent),
    Generator(_meta("m1-increasing-region", "Where a function increases", ["derivative-as-slope", "reading-graphs"], 2, "choice"), _increasing),
    Generator(_meta("m1-turning-points", "Turning points", ["derivative-as-slope", "power-rule"], 2, "points"), _turning),
]
