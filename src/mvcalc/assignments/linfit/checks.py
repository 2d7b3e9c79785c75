"""Checks of the linfit exercise, run in the checker's process."""

from __future__ import annotations

import numpy as np

from mvcalc.assignments.checker import Context, Extra
from mvcalc.assignments.feedback import Mistake, Outcome, compare, first_failure
from mvcalc.assignments.sandbox import SandboxedModule
from mvcalc.math.fit.linear import linfit

FIVE = (np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([2.0, 4.0, 5.0, 4.0, 5.0]))


def _mistakes(x: np.ndarray, y: np.ndarray) -> list[Mistake]:
    xbar, ybar = x.mean(), y.mean()
    m = np.sum((x - xbar) * y) / np.sum((x - xbar) ** 2)
    m_raw = np.sum(x * y) / np.sum(x**2)
    m_half = np.sum((x - xbar) * y) / np.sum(x**2)
    return [
        Mistake(np.array([m, ybar + m * xbar]), "c = ȳ + m x̄ where c = ȳ − m x̄ belongs"),
        Mistake(np.array([ybar - m * xbar, m]), "m and c returned in the wrong order: return (m, c)"),
        Mistake(np.array([m_raw, ybar - m_raw * xbar]), "x where x − x̄ belongs: m = Σ(x − x̄)y / Σ(x − x̄)²"),
        Mistake(np.array([m_half, ybar - m_half * xbar]), "Σx² where Σ(x − x̄)² belongs in m's denominator"),
        Mistake(np.array([1 / m, ybar - xbar / m]), "m upside down: Σ(x − x̄)² goes in the denominator"),
    ]


def check_linfit(learner: SandboxedModule, ctx: Context) -> Outcome:
    """(m, c) against the closed-form fit of mvcalc.math.fit.linear, on the course's five points and random lines."""
    cases = [("on the five points (1,2), (2,4), (3,5), (4,4), (5,5)", *FIVE)]
    for n in (8, 30):
        x = np.sort(ctx.rng.uniform(-5, 20, n))
        y = ctx.rng.uniform(-3, 3) * x + ctx.rng.uniform(-10, 10) + ctx.rng.normal(0, 1.5, n)
        cases.append((f"on {n} random points", x, y))

    def outcomes():
        for label, x, y in cases:
            got = learner.call("linfit", x, y)
            ref = linfit(x, y)
            yield compare("linfit", got, np.array([ref.m, ref.c]), against="the least-squares (m, c)",
                          case=label, rtol=1e-8, atol=1e-10, mistakes=_mistakes(x, y))

    return first_failure(outcomes())


CHECKS = {"linfit": check_linfit}


def after_pass(learner: SandboxedModule, ctx: Context) -> Extra:
    """The learner's line on noisy data next to NumPy's polyfit, with the uncertainties of m and c."""
    x = np.linspace(0, 10, 25)
    y = 1.7 * x - 2.0 + ctx.rng.normal(0, 0.8, x.size)
    m, c = (float(v) for v in np.asarray(learner.call("linfit", x, y), dtype=float))
    pm, pc = np.polyfit(x, y, 1)
    ref = linfit(x, y)
    lines = [
        f"On 25 noisy points from y = 1.7 x − 2: your line m = {m:.5f}, c = {c:.5f};",
        f"  numpy.polyfit gives m = {pm:.5f}, c = {pc:.5f} (differences {abs(m - pm):.1e}, {abs(c - pc):.1e}).",
        f"  With the scatter of the residuals, m = {ref.m:.3f} ± {ref.sigma_m:.3f} and "
        f"c = {ref.c:.3f} ± {ref.sigma_c:.3f}; χ² = {ref.chi2:.3f} over {ref.dof} degrees of freedom.",
    ]
    return Extra(lines=lines, data={"m": m, "c": c, "polyfit": [float(pm), float(pc)],
                                    "sigma_m": ref.sigma_m, "sigma_c": ref.sigma_c})
