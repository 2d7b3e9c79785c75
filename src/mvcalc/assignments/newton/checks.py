"""Checks of the Newton–Raphson exercise, run in the checker's process.

The checker's f′ is SymPy's derivative of the sextic and its roots come from
`mvcalc.math.optimize.roots`; nothing is shared with the learner's file.
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
from mvcalc.math.optimize.roots import newton_expr

SEXTIC = "x^6/6 - 3x^4 - 2x^3/3 + 27x^2/2 + 18x - 30"
STARTS = (1.0, -4.0, 1.99, 0.0, -1.5)
GRID = 0.2


@functools.lru_cache(maxsize=1)
def _sextic():
    f = parse(SEXTIC, variables=["x"])
    return f, compile_expr(f, ["x"]), compile_expr(sp.diff(f, symbol("x")), ["x"])


def f(x):
    return _sextic()[1]({"x": np.asarray(x, dtype=float)})


def df(x):
    return _sextic()[2]({"x": np.asarray(x, dtype=float)})


def check_d_f(learner: SandboxedModule, ctx: Context) -> Outcome:
    """d_f against SymPy's derivative, at x = 1 and on arrays."""
    cases = [("at x = 1", 1.0), ("at x = [−4, −1, 0.5, 2, 3]", np.array([-4.0, -1.0, 0.5, 2.0, 3.0])),
             ("at random x", ctx.rng.uniform(-4, 4, 6))]

    def outcomes():
        for label, x in cases:
            got = learner.call("d_f", x)
            true = df(x)
            xs = np.asarray(x, dtype=float)
            yield compare("d_f", got, true, against="f′", case=label, rtol=1e-9, atol=1e-9, mistakes=[
                Mistake(true - xs**5 + xs**5 / 6, "x⁵/6 from x⁶/6: the power 6 comes down and cancels the 6"),
                Mistake(true + 2 * xs**2 - 2 * xs**2 / 3, "−2x²/3 from −2x³/3: bring the power 3 down"),
                Mistake(true - 27 * xs + 27 * xs / 2, "27x/2 from 27x²/2: bring the power 2 down"),
                Mistake(true - 18, "a missing 18: d(18x)/dx = 18"),
                Mistake(true - 30, "the constant −30 kept: its derivative is 0"),
                Mistake(true - 18 + 18 * xs, "18x kept as it is: d(18x)/dx = 18"),
            ])

    return first_failure(outcomes())


def check_newton_step(learner: SandboxedModule, ctx: Context) -> Outcome:
    """newton_step against x − f(x)/f′(x)."""
    cases = [("from x = 1 (by hand: 1 − (−2)/32 = 1.0625)", 1.0), ("from x = −4", -4.0),
             ("from a random x", float(ctx.rng.uniform(-3.5, -2.5)))]

    def outcomes():
        for label, x in cases:
            got = learner.call("newton_step", x)
            fx, dfx = float(f(x)), float(df(x))
            yield compare("newton_step", got, x - fx / dfx, against="x − f(x)/f′(x)", case=label,
                          rtol=1e-10, atol=1e-12, mistakes=[
                              Mistake(x + fx / dfx, "x + f/f′ where x − f/f′ belongs: the step goes against the slope"),
                              Mistake(x - dfx / fx, "f′/f where f/f′ belongs"),
                              Mistake(-fx / dfx, "the step alone: return x − f(x)/f′(x), the new x"),
                              Mistake(x - fx, "a missing division by f′(x)"),
                          ])

    return first_failure(outcomes())


def check_newton_root(learner: SandboxedModule, ctx: Context) -> Outcome:
    """newton_root from five starting points against mvcalc's Newton–Raphson."""
    expr = _sextic()[0]

    def outcomes():
        for x0 in STARTS:
            got = learner.call("newton_root", x0)
            ours = newton_expr(expr, x0, tol=1e-14)
            first = x0 - float(f(x0)) / float(df(x0))
            yield compare("newton_root", got, ours.root, against="the root", case=f"from x0 = {x0:g}",
                          rtol=1e-8, atol=1e-9, mistakes=[
                              Mistake(first, "the result of one step only: repeat the step in a loop"),
                              Mistake(x0, "the starting point unchanged: update x inside the loop"),
                          ])

    return first_failure(outcomes())


CHECKS = {"d_f": check_d_f, "newton_step": check_newton_step, "newton_root": check_newton_root}


def after_pass(learner: SandboxedModule, ctx: Context) -> Extra:
    """Which starting points reach which root (practice set 2), with the learner's newton_root."""
    # a grid that avoids the flat points −3, −1, 2, 3 (where f′ = 0 and the step divides by zero)
    starts = np.round(np.arange(-4.9, 4.95, GRID), 2)
    reached = learner.calls([("newton_root", (float(s),)) for s in starts])
    roots = sorted(r.real for r in np.roots([1 / 6, 0, -3, -2 / 3, 27 / 2, 18, -30]) if abs(r.imag) < 1e-9)
    by_root: dict[str, list[float]] = {f"{r:.6f}": [] for r in roots}
    elsewhere: list[float] = []
    for s, value in zip(starts, reached, strict=True):
        value = float(np.asarray(value, dtype=float))
        near = [r for r in roots if abs(value - r) < 1e-6 and abs(float(f(value))) < 1e-6]
        (by_root[f"{near[0]:.6f}"] if near else elsewhere).append(float(s))
    lines = [f"The sextic has two real roots, {roots[0]:.6f} and {roots[1]:.6f}. With your newton_root, "
             "starting points from −4.9 to 4.9 in steps of 0.2 reach:"]
    for root, found in by_root.items():
        lines.append(f"  {root}: from {_ranges(found)}")
    if elsewhere:
        lines.append(f"  no root within 100 steps: from {_ranges(elsewhere)}")
    step = newton_expr(_sextic()[0], 1.99)
    lines.append(f"From 1.99, f′(1.99) = {float(df(1.99)):.3f} is nearly zero (f′(2) = 0), so the first "
                 f"step throws x to {step.path[1]:.2f}; then it {step.reason}.")
    return Extra(lines=lines, data={"roots": roots, "reached": by_root, "elsewhere": elsewhere})


def _ranges(values: list[float]) -> str:
    """Consecutive grid points as ranges: 1.1, 1.3, 1.5, 3.1 -> "1.1 to 1.5, 3.1"."""
    if not values:
        return "none"
    out, start, prev = [], values[0], values[0]
    for v in values[1:] + [None]:
        if v is not None and abs(v - prev - GRID) < 1e-9:
            prev = v
            continue
        out.append(f"{start:g}" if start == prev else f"{start:g} to {prev:g}")
        if v is not None:
            start = prev = v
    return ", ".join(out)
