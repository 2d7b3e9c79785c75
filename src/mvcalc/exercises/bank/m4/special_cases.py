"""Set m4-s3 "Special cases": odd and even functions, where a series can be built, radius of convergence."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice, multichoice
from mvcalc.exercises.bank._common import distinct_numbers, mistake, question, rng_for, symbols, tex
from mvcalc.exercises.bank._series import series_generator
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m4-s3-special-cases"
x, h = symbols("x h")

PARITY = [
    (sp.atan(x), "odd"), (sp.sin(x), "odd"), (x**3 - 2 * x, "odd"), (x * sp.cos(x), "odd"),
    (sp.tanh(x), "odd"), (sp.cos(x), "even"), (x * sp.sin(x), "even"), (x**4 + x**2, "even"),
    (sp.exp(-x**2), "even"), (sp.cosh(x), "even"), (sp.exp(x), "neither"), (x**2 + x, "neither"),
    (sp.log(1 + x**2) + x, "neither"),
]
NOT = {  # why the option picked is wrong, without saying which is right
    "odd": "For this $f$, $f(-x) = -f(x)$ does not hold for every $x$, so it is not odd.",
    "even": "For this $f$, $f(-x) = f(x)$ does not hold for every $x$, so it is not even.",
    "neither": "For this $f$, $f(-x)$ is exactly $f(x)$ or $-f(x)$: work out which.",
}
WHY = {
    "odd": "f(−x) = −f(x): its Maclaurin series has only odd powers.",
    "even": "f(−x) = f(x): its Maclaurin series has only even powers.",
    "neither": "f(−x) is neither f(x) nor −f(x): its series has both odd and even powers.",
}


def parity_question(generator_id: str, pool, seed: int):
    """Is f odd, even or neither? (shared with the module-4 assessment)"""
    rng = rng_for(generator_id, seed)
    f, kind = rng.choice(pool)
    labels = {"odd": "odd", "even": "even", "neither": "neither odd nor even"}
    wrong = [(labels[k], mistake(f"parity_{k}", 0, f"Test it: compare $f(-x)$ with $f(x)$. {NOT[k]}"))
             for k in labels if k != kind]
    return choice(
        rng,
        f"Is $f(x) = {tex(f)}$ odd, even, or neither?",
        labels[kind],
        wrong,
        hints=[
            "Replace x by −x and simplify.",
            "Even: f(−x) = f(x) (only even powers in the series). Odd: f(−x) = −f(x) (only odd powers).",
            f"$f(-x) = {tex(f.subs(x, -x))}$.",
        ],
        solution=f"$f(-x) = {tex(f.subs(x, -x))}$, so f is {labels[kind]}: {WHY[kind]}",
    )


def _parity(seed: int):
    return parity_question("m4-odd-or-even", PARITY, seed)


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
    a, c = rng.randint(2, 6), rng.choice([1, 2, 3])
    f = c / (a + h)
    return f, {"h": 0}, 1, (
        f"Linearise $f(x) = {c}/x$ about $x = {a}$: write $f({a} + h) \\approx$ a first-order polynomial in the "
        "step $h$ (the error is $O(h^2)$)."
    )


GENERATORS = [
    Generator(Meta("m4-odd-or-even", "Odd, even or neither?", 4, SET, ("taylor-series", "symmetry"), 1, "choice"), _parity),
    Generator(Meta("m4-valid-expansion-points", "Where can we expand?", 4, SET, ("taylor-series", "singularities"), 2,
                   "multichoice"), _valid_points),
    Generator(Meta("m4-radius-complex-poles", "Radius of convergence from complex poles", 4, SET,
                   ("taylor-series", "radius-of-convergence"), 3, "number"), _radius),
    series_generator({"id": "m4-linearise-reciprocal-step", "title": "1/x in terms of the step h", "module": 4,
                      "set": SET, "skills": ["linearisation"], "difficulty": 2}, _reciprocal_step),
]
