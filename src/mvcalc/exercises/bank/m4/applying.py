"""Set m4-s2 "Applying the Taylor series": Maclaurin series, series about a point (general terms: general_terms.py)."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._common import symbols, tex
from mvcalc.exercises.bank._series import series_generator

SET = "m4-s2-applying-taylor"
x, n = symbols("x n")


def _exp_square(rng):
    k = rng.choice([1, -1, 2, -2, 3, -3, sp.Rational(1, 2), sp.Rational(-1, 2)])
    order = rng.choice([4, 6])
    f = rng.choice([1, 1, 2, 3]) * sp.exp(k * x**2)
    return f, {"x": 0}, order, f"Find the Maclaurin series of $f(x) = {tex(f)}$ up to the $x^{{{order}}}$ term."


def _reciprocal(rng):
    a, order, c = rng.randint(2, 8), rng.choice([2, 3]), rng.choice([1, 1, 2, 3, 4, 5])
    f = c / x
    return f, {"x": a}, order, (
        f"Find the Taylor polynomial of order {order} of $f(x) = \\dfrac{{{c}}}{{x}}$ about $x = {a}$ "
        f"(in powers of $(x - {a})$)."
    )


def _log(rng):
    a, order, c = rng.choice([1, 2, 3, 4, 5, 10]), rng.choice([2, 3]), rng.choice([1, 1, 2, 3, 5])
    f = sp.log(c * x)
    return f, {"x": a}, order, (
        f"Find the Taylor polynomial of order {order} of $f(x) = {tex(f)}$ about $x = {a}$."
    )


def _sqrt(rng):
    c, k = rng.choice([4, 9, 16, 1, 25]), rng.choice([1, 2, 3, 4, -1, -2, -3, -4])
    f = sp.sqrt(c - k * x)
    return f, {"x": 0}, 2, f"Find the Maclaurin series of $f(x) = {tex(f)}$ up to the $x^2$ term."


def _m(id_, title, skills, difficulty):
    return {"id": id_, "title": title, "module": 4, "set": SET, "skills": skills, "difficulty": difficulty}


GENERATORS = [
    series_generator(_m("m4-maclaurin-exp-square", "Maclaurin series of e^(kx²)", ["taylor-series", "maclaurin"], 1), _exp_square),
    series_generator(_m("m4-series-reciprocal", "1/x about a point", ["taylor-series"], 2), _reciprocal),
    series_generator(_m("m4-series-log", "ln x about a point", ["taylor-series"], 2), _log),
    series_generator(_m("m4-maclaurin-sqrt", "Maclaurin series of a square root", ["taylor-series", "maclaurin"], 2), _sqrt),
]
