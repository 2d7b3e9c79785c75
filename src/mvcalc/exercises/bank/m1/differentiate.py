"""Set m1-s3 "Let's differentiate some functions": power, sum, second-derivative and root questions."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._common import coefficient, nonzero, symbol
from mvcalc.exercises.bank._derivative import derivative_generator

SET = "m1-s3-differentiate"
x = symbol("x")


def _power(rng):
    return coefficient(rng, 2, 9) * x ** rng.choice([rng.randint(5, 12), rng.randint(100, 199)])


def _sum(rng):
    a, b, c = coefficient(rng, 2, 6), coefficient(rng, 2, 9), nonzero(rng, -9, 9)
    n = rng.randint(3, 6)
    return a * x**n + b * x ** rng.randint(2, n - 1) + coefficient(rng, 2, 7) * x + c


def _second(rng):
    a, n = coefficient(rng, 2, 5), rng.randint(3, 6)
    tail = rng.choice([sp.sin(x), sp.cos(x), sp.exp(x), coefficient(rng, 2, 6) * x**2])
    return a * x**n + tail


def _root(rng):
    a = coefficient(rng, 2, 6)
    p, q = rng.choice([(1, 2), (1, 3), (3, 2), (2, 3), (5, 2)])
    return a * x ** sp.Rational(p, q) if (p, q) != (1, 2) else a * sp.sqrt(x)


def _reciprocal(rng):
    a, n = coefficient(rng, 2, 6), rng.randint(1, 4)
    return a / x**n + coefficient(rng, 2, 5) * x


GENERATORS = [
    derivative_generator(
        {"id": "m1-power-rule", "title": "The power rule", "module": 1, "set": SET,
         "skills": ["power-rule"], "difficulty": 1},
        _power,
    ),
    derivative_generator(
        {"id": "m1-sum-rule", "title": "The sum rule", "module": 1, "set": SET,
         "skills": ["power-rule", "sum-rule"], "difficulty": 1},
        _sum,
    ),
    derivative_generator(
        {"id": "m1-second-derivative", "title": "Second derivatives", "module": 1, "set": SET,
         "skills": ["power-rule", "second-derivative"], "difficulty": 2},
        _second,
        order=2,
        prompt="Find the second derivative $f''({x})$ of $f({x}) = {f}$.",
    ),
    derivative_generator(
        {"id": "m1-root-power", "title": "Roots as powers", "module": 1, "set": SET,
         "skills": ["power-rule", "fractional-powers"], "difficulty": 2},
        _root,
    ),
    derivative_generator(
        {"id": "m1-reciprocal-power", "title": "Negative powers", "module": 1, "set": SET,
         "skills": ["power-rule", "negative-powers"], "difficulty": 2},
        _reciprocal,
    ),
]
