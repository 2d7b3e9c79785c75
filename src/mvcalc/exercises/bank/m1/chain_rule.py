"""Set m1-s5 "The chain rule": exponentials of polynomials, powers of sines, tan, nested chains."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._common import coefficient, nonzero, symbol
from mvcalc.exercises.bank._derivative import derivative_generator

SET = "m1-s5-chain-rule"
x = symbol("x")


def _exp_poly(rng):
    return sp.exp(coefficient(rng, 1, 4, signed=False) * x**2 + nonzero(rng, -5, 5))


def _trig_power(rng):
    return rng.choice([sp.sin, sp.cos])(rng.choice([1, 1, 2, 3, 4, 5]) * x) ** rng.randint(2, 6)


def _tan(rng):
    return sp.tan(coefficient(rng, 2, 7, signed=False) * x + rng.choice([0, 0, 1, -1, 2, -2, 3]))


def _nested(rng):
    inner = coefficient(rng, 1, 6, signed=False) * x ** rng.choice([2, 3, 4])
    return sp.exp(rng.choice([sp.sin, sp.cos])(inner))


def _meta(id_, title, skills, difficulty):
    return {"id": id_, "title": title, "module": 1, "set": SET, "skills": skills, "difficulty": difficulty}


GENERATORS = [
    derivative_generator(_meta("m1-chain-exp-poly", "e to a polynomial", ["chain-rule"], 1), _exp_poly),
    derivative_generator(_meta("m1-chain-trig-power", "Powers of sine and cosine",
                               ["chain-rule", "trig-derivatives"], 1), _trig_power),
    derivative_generator(_meta("m1-chain-tan", "tan of a multiple of x",
                               ["chain-rule", "trig-derivatives"], 2), _tan),
    derivative_generator(_meta("m1-chain-nested", "A chain of three functions",
                               ["chain-rule"], 3), _nested),
]
