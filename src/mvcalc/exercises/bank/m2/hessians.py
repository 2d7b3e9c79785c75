"""Set m2-s4 "Calculating Hessians" and the graded m2-assessment "Jacobians and Hessians"."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._common import coefficient, nonzero, symbols
from mvcalc.exercises.bank._matrix import flist, matrix_generator

x, y, z = symbols("x y z")
S4, SA = "m2-s4-hessians", "m2-assessment"


def _h2(rng):
    a, b, c = coefficient(rng, 2, 5), coefficient(rng, 2, 5), nonzero(rng, -4, 4)
    f = rng.choice([
        a * x**3 + b * x * y**2 + c * y,
        x**2 * y**2 + a * x * y + b * y**3,
        sp.exp(a * x) * y**2 + b * x,
        x * sp.sin(y) + a * x**2 * y,
    ])
    return f, ["x", "y"], None, f"Find the Hessian $H$ of ${flist([f])}$"


def _h3(rng):
    a, b = coefficient(rng, 2, 4), coefficient(rng, 2, 4)
    f = rng.choice([
        x * y * z + a * x**2 + b * z**2,
        x**2 * y + a * y * z**2 + b * x * z,
        a * x * y**2 + z**3 - b * x * z,
    ])
    return f, ["x", "y", "z"], None, f"Find the $3\\times 3$ Hessian of ${flist([f])}$"


def _quadratic_form(rng):
    a, c = coefficient(rng, 1, 5), coefficient(rng, 1, 5)
    b = nonzero(rng, -6, 6)
    f = a * x**2 + b * x * y + c * y**2
    return f, ["x", "y"], None, (
        f"The quadratic form ${flist([f])}$ can be written $f = \\tfrac12 [x\\ y]\\, H\\, [x\\ y]^T$. "
        "Find $H$ (it is the Hessian of $f$)"
    )


def _assess_hessian_exp(rng):
    a, n = coefficient(rng, 2, 5), rng.choice([2, 3])
    f = rng.choice([x**n * sp.exp(-a * y), sp.exp(x * y) + a * x**n, x**n * sp.cos(a * y), sp.sin(a * x) * y**n,
                    y * sp.exp(a * x) + x**n * y])
    return f, ["x", "y"], None, f"Find the Hessian of ${flist([f])}$"


def _assess_hessian_3(rng):
    a, b = coefficient(rng, 2, 4), coefficient(rng, 2, 5)
    f = rng.choice([x * y + a * sp.sin(y) * z + b * z**2 * x, x**3 * y + a * y * z + z**2 * x,
                    sp.exp(x) * y * z + a * z**2 + b * x * y, x**2 * y**2 + a * sp.cos(z) * x + b * y * z])
    return f, ["x", "y", "z"], None, f"Find the $3\\times 3$ Hessian of ${flist([f])}$"


def _assess_hessian_at_origin(rng):
    a, b = coefficient(rng, 2, 4), coefficient(rng, 2, 4)
    f = rng.choice([
        x * y * (1 - x - y) + a * z**2 + b * x * z,
        sp.exp(a * x) * sp.cos(y) + b * y * z,
        sp.sin(x + a * y) + b * z**2 * x + z**2,
    ])
    return f, ["x", "y", "z"], (0, 0, 0), f"Find the Hessian of ${flist([f])}$"


def _assess_jacobian_trig(rng):
    a, b = coefficient(rng, 2, 4, signed=False), coefficient(rng, 1, 3)
    f = rng.choice([b * x**2 * sp.cos(y) * z + sp.sin(x), sp.cos(x) * sp.sin(y) * sp.exp(a * z),
                    x * y * sp.cos(z * x), sp.sin(x + y) * z**a + b * x, x * sp.cos(y) + b * y * sp.sin(a * z)])
    return [f], ["x", "y", "z"], (sp.pi, sp.pi, rng.choice([1, 2, -1, -2, 3])), f"Find the Jacobian of ${flist([f])}$"


def _assess_jacobian_matrix(rng):
    a, b = coefficient(rng, 2, 4), coefficient(rng, 2, 4)
    funcs = [rng.choice([sp.exp(x) * sp.cos(y) + a * x, sp.exp(a * x) * sp.cos(y), x * sp.sin(y) + a * y]),
             rng.choice([sp.exp(x) * sp.sin(y), b * x * y, sp.cos(y) + b * x**2, sp.exp(b * x) * y])]
    return funcs, ["x", "y"], (0, sp.pi), (
        f"Find the Jacobian matrix of ${flist(funcs, ['u', 'v'])}$ (rows $u, v$; columns $x, y$)"
    ), ["u", "v"]


def _m(id_, title, set_, skills, difficulty, kind="matrix"):
    return {"id": id_, "title": title, "module": 2, "set": set_, "skills": skills,
            "difficulty": difficulty, "kind": kind}


GENERATORS = [
    matrix_generator(_m("m2-hessian-2x2", "A 2×2 Hessian", S4, ["hessian"], 1), _h2, "hessian"),
    matrix_generator(_m("m2-hessian-3x3", "A 3×3 Hessian", S4, ["hessian"], 2), _h3, "hessian"),
    matrix_generator(_m("m2-hessian-quadratic-form", "The Hessian of a quadratic form", S4,
                        ["hessian", "quadratic-forms"], 2), _quadratic_form, "hessian"),
    matrix_generator(_m("m2-assess-jacobian-at-point", "A Jacobian at (π, π, c)", SA,
                        ["jacobian", "evaluate-at-point"], 1, "vector"), _assess_jacobian_trig),
    matrix_generator(_m("m2-assess-jacobian-matrix", "A Jacobian matrix at (0, π)", SA,
                        ["jacobian-matrix", "evaluate-at-point"], 2), _assess_jacobian_matrix),
    matrix_generator(_m("m2-assess-hessian-2", "A Hessian", SA, ["hessian"], 2), _assess_hessian_exp, "hessian"),
    matrix_generator(_m("m2-assess-hessian-3", "A 3×3 Hessian", SA, ["hessian"], 3), _assess_hessian_3, "hessian"),
    matrix_generator(_m("m2-assess-hessian-at-origin", "A Hessian at the origin", SA,
                        ["hessian", "evaluate-at-point"], 3), _assess_hessian_at_origin, "hessian"),
]
