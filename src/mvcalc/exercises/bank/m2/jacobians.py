"""Sets m2-s2 "Calculating the Jacobian" and m2-s3 "Bigger Jacobians"."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._common import coefficient, nonzero, symbols, tex
from mvcalc.exercises.bank._matrix import flist, matrix_generator

x, y, z, r, theta, phi = symbols("x y z r theta phi")
S2, S3 = "m2-s2-jacobian", "m2-s3-bigger-jacobians"


def _scalar3(rng):
    a, b = coefficient(rng, 2, 4), nonzero(rng, -3, 3)
    return rng.choice([
        x**2 * y + a * z**3 * x,
        sp.exp(a * x) * y + b * y * z**2,
        sp.sin(x) * y * z + a * x**2,
        a * x * y**2 - z * sp.cos(x) + b * y,
    ])


def _row3(rng):
    f = _scalar3(rng)
    return [f], ["x", "y", "z"], None, f"Find the Jacobian $J = [\\partial f/\\partial x,\\ \\partial f/\\partial y,\\ \\partial f/\\partial z]$ of ${flist([f])}$"


def _row2(rng):
    a, b = coefficient(rng, 2, 5), coefficient(rng, 2, 5)
    f = rng.choice([a * x**2 * y**3 + b * x, x * sp.exp(a * y) + b * y**2, sp.sin(a * x + y) + b * x * y])
    return [f], ["x", "y"], None, f"Find the Jacobian (a row vector) of ${flist([f])}$"


def _row_at_origin(rng):
    a, b, c = coefficient(rng, 2, 5), coefficient(rng, 2, 5), nonzero(rng, -4, 4)
    f = rng.choice([
        sp.exp(a * x) * sp.cos(y) + b * z,
        a * sp.sin(x + b * y) + c * sp.exp(z),
        (x + a) ** 2 + b * sp.cos(y) * z + c * y,
    ])
    return [f], ["x", "y", "z"], (0, 0, 0), f"Find the Jacobian of ${flist([f])}$"


def _uv(rng):
    a, b, c = coefficient(rng, 1, 4, signed=False), coefficient(rng, 2, 4), nonzero(rng, -3, 3)
    u = rng.choice([a * x**2 - y**2, a * x**2 + c * y, x * y**2 + c * x, sp.exp(a * x) * y])
    v = rng.choice([b * x * y, b * x + y**2, x**2 * y, sp.sin(b * x) + y])
    return [u, v], ["x", "y"], None, f"Find the $2\\times 2$ Jacobian of $u(x, y) = {tex(u)}$, $v(x, y) = {tex(v)}$ (rows $u$, $v$; columns $x$, $y$)", ["u", "v"]


def _three_by_three(rng):
    a, b, c = coefficient(rng, 2, 4), coefficient(rng, 2, 4), nonzero(rng, -3, 3)
    funcs = [x * y + a * z, rng.choice([x**2 - z, x**2 + c * y * z, c * x - z**2]),
             rng.choice([b * y * z, y**2 * x, sp.exp(x) * z, b * x * z + y])]
    return funcs, ["x", "y", "z"], None, (
        f"Find the $3\\times 3$ Jacobian of ${flist(funcs, ['u', 'v', 'w'])}$ (rows $u, v, w$; columns $x, y, z$)"
    ), ["u", "v", "w"]


def _linear(rng):
    coeffs = [[nonzero(rng, -5, 5) for _ in range(2)] for _ in range(2)]
    funcs = [coeffs[0][0] * x + coeffs[0][1] * y, coeffs[1][0] * x + coeffs[1][1] * y]
    return funcs, ["x", "y"], None, (
        f"The linear map ${flist(funcs, ['u', 'v'])}$: find its Jacobian matrix (rows $u, v$; columns $x, y$)"
    ), ["u", "v"]


def _coordinates(rng):
    kind = rng.randrange(3)
    if kind == 0:
        funcs, names = [r * sp.cos(theta), r * sp.sin(theta)], ["r", "theta"]
        desc = "polar coordinates: $x = r\\cos\\theta$, $y = r\\sin\\theta$ (rows $x, y$; columns $r, \\theta$)"
    elif kind == 1:
        funcs, names = [r * sp.cos(theta), r * sp.sin(theta), z], ["r", "theta", "z"]
        desc = "cylindrical coordinates: $x = r\\cos\\theta$, $y = r\\sin\\theta$, $z = z$ (rows $x, y, z$; columns $r, \\theta, z$)"
    else:
        funcs = [r * sp.sin(theta) * sp.cos(phi), r * sp.sin(theta) * sp.sin(phi), r * sp.cos(theta)]
        names = ["r", "theta", "phi"]
        desc = (
            "spherical coordinates: $x = r\\sin\\theta\\cos\\phi$, $y = r\\sin\\theta\\sin\\phi$, "
            "$z = r\\cos\\theta$ (rows $x, y, z$; columns $r, \\theta, \\phi$)"
        )
    point = None
    if rng.random() < 0.6:
        angles = [sp.pi / 2, sp.pi / 3, sp.pi / 4, sp.pi / 6, sp.pi, 2 * sp.pi / 3, 3 * sp.pi / 4]
        point = tuple(
            rng.randint(1, 4) if n == "r" else rng.randint(-2, 3) if n == "z" else rng.choice(angles) for n in names
        )
    prompt = f"Find the Jacobian of the change to {desc}"
    if point is None:  # the answer is in the variables: say how to type the angles that appear
        prompt += ". Type " + " and ".join(f"{n} for {'θ' if n == 'theta' else 'φ'}" for n in names if n != "r" and n != "z")
    return funcs, names, point, prompt


def _m(id_, title, set_, skills, difficulty, kind="matrix"):
    return {"id": id_, "title": title, "module": 2, "set": set_, "skills": skills,
            "difficulty": difficulty, "kind": kind}


GENERATORS = [
    matrix_generator(_m("m2-jacobian-row-2", "Jacobian of a function of two variables", S2, ["jacobian"], 1, "vector"), _row2),
    matrix_generator(_m("m2-jacobian-row-3", "Jacobian of a function of three variables", S2, ["jacobian"], 1, "vector"), _row3),
    matrix_generator(_m("m2-jacobian-at-origin", "A Jacobian at the origin", S2, ["jacobian", "evaluate-at-point"], 2, "vector"), _row_at_origin),
    matrix_generator(_m("m2-jacobian-uv", "The Jacobian of u and v", S3, ["jacobian-matrix"], 1), _uv),
    matrix_generator(_m("m2-jacobian-3x3", "A 3×3 Jacobian", S3, ["jacobian-matrix"], 2), _three_by_three),
    matrix_generator(_m("m2-jacobian-linear", "The Jacobian of a linear map", S3, ["jacobian-matrix", "linear-maps"], 1), _linear),
    matrix_generator(_m("m2-jacobian-coordinates", "Jacobian of a change of coordinates", S3, ["jacobian-matrix", "coordinates"], 3), _coordinates),
]
