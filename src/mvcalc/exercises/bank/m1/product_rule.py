"""Set m1-s4 "The product rule": products of two and three functions, and a quotient."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._common import coefficient, nonzero, symbol
from mvcalc.exercises.bank._derivative import derivative_generator

SET = "m1-s4-product-rule"
x = symbol("x")


def _linear_product(rng):
    a, b = nonzero(rng, -5, 5), coefficient(rng, 2, 5)
    return (x + a) * (b * x + nonzero(rng, -6, 6))


def _power_trig(rng):
    return x ** rng.randint(1, 6) * rng.choice([sp.sin, sp.cos])(rng.choice([1, 2, 3, 4]) * x)


def _exp_over_power(rng):
    k = rng.choice([1, 2, 3, -1, -2])
    top = rng.choice([sp.exp(k * x), sp.sin(abs(k) * x), sp.cos(abs(k) * x)])
    return top / x ** rng.randint(1, 4)


def _three(rng):
    trig = rng.choice([sp.sin, sp.cos])(rng.choice([1, 2, 3]) * x)
    return x ** rng.randint(1, 3) * sp.exp(rng.choice([1, 2, -1, -2, 3]) * x) * trig


def _meta(id_, title, skills, difficulty):
    return {"id": id_, "title": title, "module": 1, "set": SET, "skills": skills, "difficulty": difficulty}


GENERATORS = [
    derivative_generator(_meta("m1-product-linear", "Product of two linear factors",
                               ["product-rule"], 1), _linear_product),
    derivative_generator(_meta("m1-product-power-trig", "A power times a sine or cosine",
                               ["product-rule", "trig-derivatives"], 1), _power_trig),
    derivative_generator(_meta("m1-quotient-exp", "e^x over a power",
                               ["product-rule", "quotient-rule"], 2), _exp_over_power),
    derivative_generator(_meta("m1-product-three", "A product of three functions",
                               ["product-rule"], 3), _three),
]
