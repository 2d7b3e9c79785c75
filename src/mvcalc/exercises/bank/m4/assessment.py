"""Graded m4-assessment "Taylor series assessment"."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice
from mvcalc.exercises.bank._common import (
    mistake,
    nonzero,
    rng_for,
    symbols,
    tex,
)
from mvcalc.exercises.bank._series import order_question, series, series_generator, taylor_series
from mvcalc.exercises.bank.m4.special_cases import parity_question
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m4-assessment"
x, y = symbols("x y")


def _order(seed: int):
    rng = rng_for("m4-assess-order", seed)
    functions = [x * sp.exp(k * x) for k in (1, 2, 3, -1, -2)] + [sp.exp(k * x) + x for k in (1, 2, 3)] + [
        x * sp.log(1 + k * x) for k in (1, 2)] + [x / (1 - k * x) for k in (1, 2, 3)] + [
        (1 + x) * sp.exp(x), sp.exp(x) + x**2]
    return order_question(
        rng, functions, [2, 3, 4, 5, 6],
        "$p(x) = {p}$ is a Taylor approximation of ${f}$ about $0$. What is its order?",
    )


def _first_terms(rng):
    parts = rng.sample([sp.exp(x), x, sp.sin(x), sp.cos(x), x**2, sp.exp(-x), sp.sin(2 * x), sp.exp(2 * x)], 3)
    parts[0] *= rng.choice([1, 2, 3, -1, -2])
    f = sum(parts, sp.Integer(0))
    return f, {"x": 0}, 3, f"Find the Maclaurin series of $f(x) = {tex(f)}$ up to the $x^3$ term."


def _poles(rng):
    c = rng.choice([1, 2, 3, 4, 5])
    a = rng.choice([sp.Rational(1, 2), sp.Rational(-1, 2), sp.Rational(3, 2), 2, -1, 3])
    order = rng.choice([1, 2])
    f = c / (x**2 - x)
    return f, {"x": a}, order, (
        f"Find the Taylor polynomial of order {order} of $f(x) = {tex(f)}$ about $x = {tex(a)}$."
    )


def _linearise(rng):
    k, a = nonzero(rng, -3, 3), rng.randint(-2, 2)
    f = rng.choice([1, 2, 3]) * sp.exp(k * x)
    return f, {"x": a}, 1, f"Linearise $f(x) = {tex(f)}$ about $x = {a}$."


def _parity(seed: int):
    return parity_question("m4-assess-odd-or-even", seed, products=True)


def _surface(seed: int):
    rng = rng_for("m4-assess-valid-surface", seed)
    while True:  # a surface with a quadratic part, so that it differs from the tangent plane
        a, b = rng.choice([1, 2, 3, -1, -2]), rng.choice([1, 2, 3, -1, -2])
        f = rng.choice([sp.exp(a * x + b * y), sp.sin(a * x) * sp.cos(b * y) + x * y, x * sp.exp(b * y),
                        sp.cos(x + b * y) + a * y, sp.exp(a * x) * sp.sin(b * y)])
        result, buggy = series(f, {"x": 0, "y": 0}, 2)
        first = taylor_series(f, {"x": 0, "y": 0}, 1).polynomial
        quadratic = sp.expand(result.polynomial - first)
        if quadratic != 0:
            break
    wrong = [(f"$z = {tex(m.answer)}$", mistake(m.rule, 0, m.message)) for m in buggy[:2]]
    wrong.append((f"$z = {tex(first)}$", mistake(
        "first_order_only", 0, "Stopping at the tangent plane is tempting, since it already matches f and its "
        "slopes at the origin, but that plane is only the first-order part: the second order adds "
        "½ΔxᵀHΔx, the curvature.")))
    wrong.append((f"$z = {tex(first + 2 * quadratic)}$", mistake(
        "hessian_half_forgotten", 0, "The quadratic terms are twice too big: the second-order part is "
        "½ΔxᵀHΔx, and the ½ is easy to drop when you read the Hessian's entries straight off.")))
    wrong.append((f"$z = {tex(first - quadratic)}$", mistake(
        "curvature_sign", 0, "The quadratic terms have the wrong sign: the tangent plane is right, but the "
        "second derivatives at the origin (the entries of H) give the surface's bend, and theirs is the other way.")))
    return choice(
        rng,
        f"Which surface is the second-order Taylor approximation of $f(x, y) = {tex(f)}$ about $(0, 0)$?",
        f"$z = {tex(result.polynomial)}$",
        wrong,
        hints=[
            "Compute f, its gradient and its Hessian at the origin.",
            r"$f(\Delta\mathbf{x}) \approx f(\mathbf{0}) + J\Delta\mathbf{x} + \tfrac12 \Delta\mathbf{x}^T H \Delta\mathbf{x}$.",
            f"The first-order part is ${tex(first)}$.",
        ],
        solution=f"$z = {tex(result.polynomial)}$.",
    )


def _m(id_, title, skills, difficulty):
    return {"id": id_, "title": title, "module": 4, "set": SET, "skills": skills, "difficulty": difficulty}


GENERATORS = [
    Generator(Meta("m4-assess-order", "The order of an approximation", 4, SET, ("taylor-series",), 1, "number"), _order),
    series_generator(_m("m4-assess-first-terms", "The first terms of a sum of series", ["taylor-series", "maclaurin"], 1),
                     _first_terms),
    series_generator(_m("m4-assess-between-poles", "A series between two poles", ["taylor-series", "singularities"], 2), _poles),
    Generator(Meta("m4-assess-odd-or-even", "Odd, even or neither?", 4, SET, ("symmetry",), 1, "choice"), _parity),
    series_generator(_m("m4-assess-linearise", "Linearise an exponential", ["linearisation"], 2), _linearise),
    Generator(Meta("m4-assess-valid-surface", "The second-order surface", 4, SET, ("multivariate-taylor",), 3, "choice"),
              _surface),
]
