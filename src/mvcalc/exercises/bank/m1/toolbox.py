"""Graded m1-assessment "Unleashing the toolbox": values of derivatives, products and chains."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._common import nonzero, symbol
from mvcalc.exercises.bank._derivative import derivative_generator

SET = "m1-assessment"
x = symbol("x")


def _mixed_powers(rng):
    return x ** sp.Rational(rng.choice([3, 5]), 2) + rng.choice([sp.pi, sp.E]) * x**2 + sp.sqrt(
        rng.choice([2, 3, 5, 7])
    )


def _power_trig_exp(rng):
    trig = rng.choice([sp.sin, sp.cos])(rng.choice([1, 2, 3]) * x)
    return x ** rng.randint(1, 4) * trig * sp.exp(rng.choice([1, -1, 2, -2, 3]) * x)


def _exp_square(rng):
    return sp.exp(rng.choice([1, -1]) * (rng.choice([1, 2, 3, 4]) * x + nonzero(rng, -5, 5)) ** 2)


def _power_trig_chain(rng):
    k = rng.choice([1, 2, 3, 4, 5])
    return x ** rng.randint(1, 4) * rng.choice([sp.sin, sp.cos])(k * x ** rng.randint(2, 3))


def _trig_exp_trig(rng):
    s, c = rng.choice([(sp.sin, sp.cos), (sp.cos, sp.sin)])
    return s(x) * sp.exp(rng.choice([1, 2, -1, -2, 3]) * c(x))


def _meta(id_, title, skills, difficulty, kind="expression"):
    return {"id": id_, "title": title, "module": 1, "set": SET, "skills": skills,
            "difficulty": difficulty, "kind": kind}


GENERATORS = [
    derivative_generator(
        _meta("m1-assess-value-at-2", "A derivative's value at a point",
              ["power-rule", "fractional-powers"], 1),
        _mixed_powers,
        at=lambda rng: sp.Integer(rng.choice([2, 3, 4])),
        tolerance=0.01,
    ),
    derivative_generator(_meta("m1-assess-product-three", "Power × trig × exponential",
                               ["product-rule"], 2), _power_trig_exp),
    derivative_generator(_meta("m1-assess-exp-square", "e to a square", ["chain-rule"], 2), _exp_square),
    derivative_generator(_meta("m1-assess-product-chain", "A product with a chain inside",
                               ["product-rule", "chain-rule"], 2), _power_trig_chain),
    derivative_generator(
        _meta("m1-assess-value-at-pi", "A derivative's value at a multiple of π",
              ["product-rule", "chain-rule"], 3),
        _trig_exp_trig,
        at=lambda rng: rng.choice([sp.pi, sp.pi / 2, -sp.pi / 2, 3 * sp.pi / 2, sp.pi / 3, 2 * sp.pi / 3,
                                   -sp.pi / 3, sp.pi / 4, sp.pi / 6]),
        tolerance=0.01,
    ),
]
