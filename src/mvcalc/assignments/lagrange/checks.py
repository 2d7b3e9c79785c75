"""Checks of the Lagrange multipliers exercise, run in the checker's process.

The checker's derivatives are SymPy's, compiled for NumPy; the stationary points
come from `mvcalc.math.optimize.constrained` (solved exactly).
"""

from __future__ import annotations

import functools

import numpy as np
import sympy as sp

from mvcalc.assignments.checker import Context, Extra
from mvcalc.assignments.feedback import Mistake, Outcome, compare, first_failure
from mvcalc.assignments.sandbox import SandboxedModule
from mvcalc.math.input.reader import parse, symbol
from mvcalc.math.numeric import compile_expr
from mvcalc.math.optimize.constrained import lagrange

F = "exp(-(2x^2 + y^2 - x y)/2)"
G = "x^2 + 3(y + 1)^2 - 1"
XY = ["x", "y"]


@functools.lru_cache(maxsize=1)
def _compiled():
    f, g = parse(F, variables=XY), parse(G, variables=XY)
    x, y = symbol("x"), symbol("y")
    exprs = {"f": f, "g": g, "fx": sp.diff(f, x), "fy": sp.diff(f, y), "gx": sp.diff(g, x), "gy": sp.diff(g, y)}
    return {k: compile_expr(e, XY) for k, e in exprs.items()}


def value(name: str, x, y) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return np.broadcast_to(_compiled()[name]({"x": x, "y": np.asarray(y, dtype=float)}), x.shape).astype(float)


def _points(ctx: Context):
    return [("at (x, y) = (0.5, −1)", 0.5, -1.0),
            ("at arrays x = [−1, 0, 2], y = [0.5, −2, 1]", np.array([-1.0, 0.0, 2.0]), np.array([0.5, -2.0, 1.0])),
            ("at a random point", float(ctx.rng.uniform(-2, 2)), float(ctx.rng.uniform(-2, 2)))]


def check_dgdx(learner: SandboxedModule, ctx: Context) -> Outcome:
    def outcomes():
        for label, x, y in _points(ctx):
            yield compare("dgdx", learner.call("dgdx", x, y), value("gx", x, y), against="∂g/∂x", case=label,
                          mistakes=[Mistake(np.asarray(x, dtype=float), "a missing factor 2: d(x²)/dx = 2x")])

    return first_failure(outcomes())


def check_dgdy(learner: SandboxedModule, ctx: Context) -> Outcome:
    def outcomes():
        for label, x, y in _points(ctx):
            y_ = np.asarray(y, dtype=float)
            yield compare("dgdy", learner.call("dgdy", x, y), value("gy", x, y), against="∂g/∂y", case=label,
                          mistakes=[
                              Mistake(3 * (y_ + 1), "a missing factor 2 from differentiating (y + 1)²"),
                              Mistake(6 * y_, "6y where 6(y + 1) belongs: the chain rule keeps the inside, y + 1"),
                              Mistake(2 * (y_ + 1), "a missing factor 3: g has 3(y + 1)²"),
                          ])

    return first_failure(outcomes())


def check_DL(learner: SandboxedModule, ctx: Context) -> Outcome:  # noqa: N802 - the course's name
    cases = [("at [x, y, λ] = [0.5, −1, 0.2]", 0.5, -1.0, 0.2), ("at [x, y, λ] = [−1, −1.5, −0.3]", -1.0, -1.5, -0.3)]
    for _ in range(2):
        cases.append(("at a random [x, y, λ]", *(float(v) for v in ctx.rng.uniform(-2, 2, 3))))

    def outcomes():
        for label, x, y, lam in cases:
            got = learner.call("DL", np.array([x, y, lam]))
            fx, fy, gx, gy, g = (float(value(k, x, y)) for k in ("fx", "fy", "gx", "gy", "g"))
            yield compare("DL", got, np.array([fx - lam * gx, fy - lam * gy, -g]), against="∇L", case=label,
                          mistakes=[
                              Mistake(np.array([fx + lam * gx, fy + lam * gy, -g]),
                                      "+λ∇g where −λ∇g belongs: L = f − λg"),
                              Mistake(np.array([fx - lam * gx, fy - lam * gy, g]),
                                      "+g as the last component: ∂L/∂λ = −g (the roots are the same, "
                                      "but it is not ∇L)"),
                              Mistake(np.array([fx - lam * gy, fy - lam * gx, -g]), "∂g/∂x and ∂g/∂y swapped"),
                              Mistake(np.array([fx, fy, -g]), "the λ terms left out"),
                              Mistake(np.array([fx - lam * gx, fy - lam * gy, -lam * g]),
                                      "−λg as the last component: ∂(λg)/∂λ = g"),
                          ])

    return first_failure(outcomes())


CHECKS = {"dgdx": check_dgdx, "dgdy": check_dgdy, "DL": check_DL}


def after_pass(learner: SandboxedModule, ctx: Context) -> Extra:
    """The four stationary points (solved exactly by mvcalc), the learner's ∇L at each, their kinds."""
    result = lagrange(parse(F, variables=XY), [parse(G, variables=XY)], XY)
    calls = [("DL", (np.array([p.point["x"], p.point["y"], p.multipliers["lambda"]]),)) for p in result.points]
    residuals = [float(np.max(np.abs(np.asarray(r, dtype=float)))) for r in learner.calls(calls)]
    how = "solved exactly" if result.method == "exact" else "found numerically"
    lines = [f"∇L = 0 has {len(result.points)} solutions ({how} by mvcalc); your DL at each:"]
    for p, res in zip(result.points, residuals, strict=True):
        lines.append(f"  x = {p.point['x']:+.6f}, y = {p.point['y']:+.6f}, λ = {p.multipliers['lambda']:+.6f}: "
                     f"f = {p.value:.6f}, a {p.kind} on the ellipse; |your ∇L| = {res:.1e}")
    low, high = result.global_minimum(), result.global_maximum()
    lines.append(f"The least f on the ellipse is {low.value:.6f} at ({low.point['x']:.6f}, {low.point['y']:.6f}); "
                 f"the greatest is {high.value:.6f} at ({high.point['x']:.6f}, {high.point['y']:.6f}).")
    return Extra(lines=lines, data={"points": [p.to_dict() for p in result.points], "residuals": residuals})
