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


def _surface_order(seed: int):
    rng = rng_for("m4-surface-order", seed)
    order = rng.choice([0, 1, 2])
    c0, cx, cy, hxx, hxy, hyy = (nonzero(rng, -4, 4) for _ in range(6))
    p, q = rng.randint(-2, 2), rng.randint(-2, 2)
    dx, dy = tex(x - p), tex(y - q)
    parts = [
        f"{c0}",
        f"{cx}({dx}) {'+' if cy > 0 else '-'} {abs(cy)}({dy})",
        f"{tex(sp.Rational(hxx, 2))}({dx})^2 {'+' if hxy > 0 else '-'} {abs(hxy)}({dx})({dy}) "
        f"{'+' if hyy > 0 else '-'} {tex(sp.Rational(abs(hyy), 2))}({dy})^2",
    ]
    surface = " + ".join(parts[: order + 1]).replace("+ -", "- ")
    wrong = [(label, mistake("surface_order", 0,
              "The order is the highest total power of (x − a) and (y − b): a constant is order 0, "
              "a plane order 1, quadratic terms order 2."))
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
        f"polynomial in $x$ and $y$ (you may keep $(x - ({a}))$ and $(y - ({b}))$ as they are)."
    )


def _hessian_at(rng):
    k = coefficient(rng, 1, 4, signed=False)
    choices = [
        (sp.sin(sp.pi * x - x**2 * y), (1, sp.pi)),
        (sp.cos(x * y) + k * x**2, (1, sp.pi / 2)),
        (sp.exp(x * y) * k, (0, 1)),
        (x**3 * y + sp.sin(k * y), (1, 0)),
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
