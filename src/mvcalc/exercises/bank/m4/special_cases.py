"""Set m4-s3 "Special cases": odd and even functions, where a series can be built, radius of convergence."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice, multichoice
from mvcalc.exercises.bank._common import (
    coefficient,
    distinct_numbers,
    mistake,
    question,
    rng_for,
    symbols,
    tex,
    text,
)
from mvcalc.exercises.bank._series import series_generator
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m4-s3-special-cases"
x, h = symbols("x h")

def _odd_piece(rng, a=1):
    k = rng.choice([1, 2, 3])
    return a * rng.choice([x ** rng.choice([1, 3, 5]), sp.sin(k * x), sp.atan(k * x), sp.tanh(k * x),
                           x * sp.cos(k * x), x * sp.exp(-k * x**2), sp.sinh(k * x)])


def _even_piece(rng, a=1):
    k = rng.choice([1, 2, 3])
    return a * rng.choice([x ** rng.choice([2, 4, 6]), sp.cos(k * x), x * sp.sin(k * x), sp.exp(-k * x**2),
                           sp.cosh(k * x), sp.sin(k * x) ** 2, sp.log(1 + k * x**2)])


def _neither_piece(rng, a=1):
    k = rng.choice([1, 2, 3])
    return a * rng.choice([sp.exp(k * x), sp.exp(-k * x), sp.log(1 + sp.exp(k * x)), (x + k) ** 2])


def parity(f) -> str:
    """odd, even or neither, decided by SymPy: f(−x) + f(x) = 0 or f(−x) − f(x) = 0."""
    mirrored = f.subs(x, -x)
    if sp.simplify(mirrored + f) == 0:
        return "odd"
    if sp.simplify(mirrored - f) == 0:
        return "even"
    return "neither"


def parity_function(rng, products: bool = False):
    """A function made odd, even or neither (a third each) from pieces; with `products`, pieces are
    also multiplied (odd × odd is even, odd × even is odd), the harder case."""
    target = rng.choice(["odd", "even", "neither"])
    a, b = coefficient(rng, 1, 3), coefficient(rng, 1, 4)
    times = products and rng.random() < 0.5
    if target == "odd":
        f = a * _odd_piece(rng) * _even_piece(rng) if times else a * _odd_piece(rng) + _odd_piece(rng, b)
    elif target == "even":
        if times:
            f = a * _odd_piece(rng) * _odd_piece(rng)
        else:
            f = a * _even_piece(rng) + rng.choice([_even_piece(rng, b), sp.Integer(b)])
    elif rng.random() < 0.6:
        f = a * _odd_piece(rng) + rng.choice([_even_piece(rng, b), sp.Integer(b)])
    else:
        f = a * _neither_piece(rng) + rng.choice([sp.Integer(0), _odd_piece(rng, b), _even_piece(rng, b)])
    return f if f.has(x) else a * _odd_piece(rng)


WHY = {
    "odd": "f(−x) = −f(x): its Maclaurin series has only odd powers.",
    "even": "f(−x) = f(x): its Maclaurin series has only even powers.",
    "neither": "f(−x) is neither f(x) nor −f(x): its series has both odd and even powers.",
}
# Why each wrong option is tempting and what it would need, by (chosen, actual); never naming the actual parity
# (the feedback must not give the answer away: tests/exercises/test_feedback_hides_answer.py).
PARITY_MISTAKES = {
    ("odd", "even"): "Odd-looking pieces such as x or sin x make “odd” tempting, but “odd” needs f(−x) = −f(x), "
                     "and here the terms do not all change sign when x becomes −x (a product of two odd pieces "
                     "keeps its sign). Work out $f(-x)$ term by term.",
    ("odd", "neither"): "An odd piece makes “odd” tempting, but “odd” needs every term to change sign when x "
                        "becomes −x, and at least one term here does not. Work out $f(-x)$ term by term.",
    ("even", "odd"): "Even-looking pieces such as x² or cos x make “even” tempting, but “even” needs f(−x) = f(x), "
                     "and here the terms do not keep their sign when x becomes −x (a piece such as x cos x "
                     "changes sign). Work out $f(-x)$ term by term.",
    ("even", "neither"): "An even piece makes “even” tempting, but “even” needs every term to keep its sign when "
                         "x becomes −x, and at least one term here does not. Work out $f(-x)$ term by term.",
    ("neither", "odd"): "A mix of different-looking pieces makes “neither” tempting, but pieces that look different "
                        "can still behave alike: work out $f(-x)$ term by term and compare it with both f(x) and −f(x).",
    ("neither", "even"): "A mix of different-looking pieces makes “neither” tempting, but pieces that look different "
                         "can still behave alike: work out $f(-x)$ term by term and compare it with both f(x) and −f(x).",
}


def parity_question(generator_id: str, seed: int, products: bool = False):
    """Is f odd, even or neither? (shared with the module-4 assessment, which also multiplies pieces)"""
    rng = rng_for(generator_id, seed)
    f = parity_function(rng, products)
    kind = parity(f)
    fm = tex(f.subs(x, -x))
    labels = {"odd": "odd", "even": "even", "neither": "neither odd nor even"}
    wrong = [(labels[k], mistake(f"parity_{k}", 0, PARITY_MISTAKES[(k, kind)]))
             for k in labels if k != kind]
    return choice(
        rng,
        f"Is $f(x) = {tex(f)}$ odd, even, or neither?",
        labels[kind],
        wrong,
        hints=[
            "Replace x by −x and simplify.",
            "Even: f(−x) = f(x) (only even powers in the series). Odd: f(−x) = −f(x) (only odd powers).",
            f"$f(-x) = {fm}$.",
        ],
        solution=f"$f(-x) = {fm}$, so f is {labels[kind]}: {WHY[kind]}",
        data={"f": text(f), "parity": kind},
    )


def _parity(seed: int):
    return parity_question("m4-odd-or-even", seed)


def _valid_points(seed: int):
    rng = rng_for("m4-valid-expansion-points", seed)
    p, q = sorted(rng.sample([-2, -1, 0, 1, 2, 3], 2))
    c = rng.choice([1, 2, 3])
    shown = sp.expand((x - p) * (x - q))
    candidates = sorted({p, q, p - 1, q + 1, sp.Rational(p + q, 2) if (p + q) % 2 else p + q + 2})
    rights = [f"$x = {tex(v)}$" for v in candidates if v not in (p, q)]
    wrong = [(f"$x = {tex(v)}$", mistake("expand_at_singularity", 0,
              f"f is not defined at x = {v} (the denominator is zero there), so no Taylor series exists about it."))
             for v in (p, q)]
    return multichoice(
        rng,
        f"About which of these points can $f(x) = \\dfrac{{{c}}}{{{tex(shown)}}}$ be expanded as a Taylor "
        "series? Select all that apply.",
        rights,
        wrong,
        hints=[
            "A Taylor series needs f and all its derivatives at the point.",
            "f is not defined where the denominator is zero.",
            f"${tex(shown)} = {tex(sp.factor(shown))}$.",
        ],
        solution=f"The denominator vanishes at $x = {p}$ and $x = {q}$; every other point works.",
    )


TRIPLES = [(3, 4), (4, 3), (5, 12), (12, 5), (6, 8), (8, 6), (0, 2), (0, 3)]


def _radius(seed: int):
    rng = rng_for("m4-radius-complex-poles", seed)
    a, k = rng.choice(TRIPLES)
    radius = sp.sqrt(a**2 + k**2)
    f = rng.choice([1, 2, 5]) / (k**2 + x**2)
    return question(
        "number",
        f"$f(x) = {tex(f)}$ is smooth on the whole real line, yet its Taylor series about $x = {a}$ "
        "only converges on an interval. What is its radius of convergence?",
        radius,
        buggy=distinct_numbers(radius, [
            mistake("distance_to_origin", a, "The series is limited by the singularities, not by x = 0."),
            mistake("imaginary_part_only", k, "Measure the distance in the complex plane from the expansion point to the pole."),
            mistake("real_distance", abs(a - k), "The poles are at ±ki in the complex plane, not on the real line."),
        ]),
        hints=[
            "Where is the denominator zero, if you allow complex x?",
            "The radius of convergence is the distance from the expansion point to the nearest singularity in the complex plane.",
            f"The poles are at $x = \\pm {k}i$.",
        ],
        solution=f"The poles $\\pm {k}i$ are at distance $\\sqrt{{{a}^2 + {k}^2}} = {tex(radius)}$ from ${a}$.",
    )


def _reciprocal_step(rng):
    a, c = rng.randint(2, 10), rng.choice([1, 2, 3, 4, 5, -1, -2, -3])
    f = c / (a + h)
    value, slope = sp.Rational(c, a), sp.Rational(-c, a**2)
    hints = [
        f"Write $f({a} + h)$ as a value plus a slope times the step: you need $f({a})$ and $f'({a})$.",
        f"$f({a} + h) \\approx f({a}) + f'({a})\\,h$, with $f'(x) = {tex(-sp.Integer(c) / sp.Symbol('x') ** 2)}$.",
        f"The first term is $f({a}) = {tex(value)}$.",
    ]
    return f, {"h": 0}, 1, (
        f"Linearise $f(x) = {tex(sp.Integer(c) / sp.Symbol('x'))}$ about $x = {a}$: write $f({a} + h) \\approx$ a "
        "first-order polynomial in the step $h$ (the error is $O(h^2)$)."
    ), {"hints": hints, "solution": (
        f"- $f({a}) = {tex(value)}$\n- $f'({a})\\,h = {tex(slope * h)}$\n\n"
        f"So $f({a} + h) \\approx {tex(value + slope * h)}$."
    )}


GENERATORS = [
    Generator(Meta("m4-odd-or-even", "Odd, even or neither?", 4, SET, ("taylor-series", "symmetry"), 1, "choice"), _parity),
    Generator(Meta("m4-valid-expansion-points", "Where can we expand?", 4, SET, ("taylor-series", "singularities"), 2,
                   "multichoice"), _valid_points),
    Generator(Meta("m4-radius-complex-poles", "Radius of convergence from complex poles", 4, SET,
                   ("taylor-series", "radius-of-convergence"), 3, "number"), _radius),
    series_generator({"id": "m4-linearise-reciprocal-step", "title": "1/x in terms of the step h", "module": 4,
                      "set": SET, "skills": ["linearisation"], "difficulty": 2}, _reciprocal_step),
]
