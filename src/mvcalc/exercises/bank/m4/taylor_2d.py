"""Set m4-s4 "2-D Taylor series": order of a surface, first-order expansions, Hessians at a point."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice
from mvcalc.exercises.bank._common import coefficient, mistake, nonzero, rng_for, symbols, tex
from mvcalc.exercises.bank._matrix import flist, matrix_generator
from mvcalc.exercises.bank._series import series_generator
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m4-s4-taylor-2d"
x, y = symbols("x y")
ORDERS = ["zeroth order (a flat, horizontal plane)", "first order (a tilted plane)",
          "second order (a curved quadratic surface)", "third order"]


def _order_mistake(picked: int, order: int, dx: str, dy: str) -> str:
    """Why `picked` is tempting for a surface of order `order`, and what the terms really show."""
    highest = {0: "it is only a constant", 1: f"its highest terms, like ${dx}$, have total power 1",
               2: f"it has terms of total power 2, like ${dx}^2$ and ${dx}{dy}$"}[order]
    if picked == 0:
        return (f"A constant term comes first and makes zeroth order tempting, but the surface has more than "
                f"its constant: {highest}, so it is of order {order}.")
    if picked == 1 and order == 0:
        return ("First order would need a tilt, terms in $(x - a)$ and $(y - b)$; this surface is only a "
                "constant, a flat horizontal plane: order 0.")
    if picked == 1:
        return (f"The linear terms make first order tempting, but they are not the highest: {highest}, so the "
                "surface curves and is of order 2.")
    if picked == 2:
        return (f"Second order needs terms of total power 2, such as ${dx}^2$; here {highest}, "
                f"so the order is {order}.")
    return (f"Third order needs terms of total power 3, such as ${dx}^2{dy}$. The product ${dx}{dy}$ "
            f"has two factors but total power 2; here {highest}, so the order is {order}.")


def _signed_sum(terms) -> str:
    """c₀ + c₁·t₁ + … as LaTeX: signs joined, unit coefficients left out."""
    out = ""
    for c, t in terms:
        size = "" if abs(c) == 1 and t else tex(abs(c))
        sign = ("-" if c < 0 else "") if not out else (" - " if c < 0 else " + ")
        out += f"{sign}{size}{t}"
    return out


def _surface_order(seed: int):
    rng = rng_for("m4-surface-order", seed)
    order = rng.choice([0, 1, 2])
    c0, cx, cy, hxx, hxy, hyy = (nonzero(rng, -4, 4) for _ in range(6))
    p, q = rng.randint(-2, 2), rng.randint(-2, 2)
    dx = "x" if p == 0 else f"({tex(x - p)})"
    dy = "y" if q == 0 else f"({tex(y - q)})"
    terms = [(sp.Integer(c0), ""), (sp.Integer(cx), dx), (sp.Integer(cy), dy),
             (sp.Rational(hxx, 2), f"{dx}^2"), (sp.Integer(hxy), f"{dx}{dy}"), (sp.Rational(hyy, 2), f"{dy}^2")]
    surface = _signed_sum(terms[: {0: 1, 1: 3, 2: 6}[order]])
    wrong = [(label, mistake("surface_order", 0, _order_mistake(k, order, dx, dy)))
             for k, label in enumerate(ORDERS) if k != order]
    return choice(
        rng,
        f"A Taylor approximation of a function of $x$ and $y$ is the surface $z = {surface}$. "
        "Of what order is it?",
        ORDERS[order],
        wrong,
        hints=[
            "Look at the highest total power of the shifts.",
            r"$f + J\Delta\mathbf{x}$ is first order; $+\tfrac12\Delta\mathbf{x}^T H \Delta\mathbf{x}$ makes it second order.",
            "A term like $(x - a)(y - b)$ has total power 2.",
        ],
        solution=f"The highest total power is {order}: {ORDERS[order]}.",
    )


def _linearise_2d(rng):
    a, b = nonzero(rng, -2, 2), nonzero(rng, -2, 2)
    k = coefficient(rng, 1, 2, signed=False)
    f = rng.choice([
        x * y**2 * sp.exp(-x**4 - y**2 / 2),
        sp.exp(k * x) * sp.sin(y) + x * y,
        x**2 * y + k * sp.exp(x - a),
        sp.log(x**2 + y**2),
    ])
    return f, {"x": a, "y": b}, 1, (
        f"Find the first-order Taylor expansion of $f(x, y) = {tex(f)}$ about $(x, y) = ({a}, {b})$, as a "
        f"polynomial in $x$ and $y$ (you may keep $({tex(x - a)})$ and $({tex(y - b)})$ as they are)."
    )


def _hessian_at(rng):
    k, m = coefficient(rng, 1, 5, signed=False), rng.choice([1, 2, 3])
    choices = [
        (sp.sin(sp.pi * x - x**2 * y) + k * x * y, (1, sp.pi)),
        (sp.cos(x * y) + k * x**2, (1, sp.pi / 2)),
        (sp.exp(x * y) * k, (0, m)),
        (x**3 * y + sp.sin(k * y), (m, 0)),
        (x**2 * sp.exp(k * y), (m, 0)),
    ]
    f, point = rng.choice(choices)
    return f, ["x", "y"], point, f"Find the Hessian of ${flist([f])}$ (the second-order part of its Taylor series)"


GENERATORS = [
    Generator(Meta("m4-surface-order", "The order of an approximating surface", 4, SET,
                   ("multivariate-taylor",), 1, "choice"), _surface_order),
    series_generator({"id": "m4-linearise-2d", "title": "A first-order expansion in two variables", "module": 4,
                      "set": SET, "skills": ["multivariate-taylor", "linearisation"], "difficulty": 2}, _linearise_2d),
    matrix_generator({"id": "m4-hessian-at-point", "title": "A Hessian at a point", "module": 4, "set": SET,
                      "skills": ["multivariate-taylor", "hessian"], "difficulty": 3}, _hessian_at, "hessian"),
]
