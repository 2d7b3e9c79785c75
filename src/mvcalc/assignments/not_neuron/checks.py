"""Checks of the NOT-neuron warm-up, run in the checker's process."""

from __future__ import annotations

import numpy as np

from mvcalc.assignments.checker import Context, Extra
from mvcalc.assignments.feedback import (
    Mistake,
    Outcome,
    as_numbers,
    compare,
    fail,
    first_failure,
    ok,
)
from mvcalc.assignments.not_neuron import neuron
from mvcalc.assignments.sandbox import SandboxedModule

TOLERANCE = 0.05


def check_a1(learner: SandboxedModule, ctx: Context) -> Outcome:
    """a1 on a fixed number, the NOT inputs, and random arrays, against tanh(w a0 + b)."""
    cases = [("for a0 = 0.5, w = 1.3, b = −0.1", 0.5, 1.3, -0.1),
             ("for a0 = [0, 1], w = −4, b = 2", neuron.NOT_X, -4.0, 2.0)]
    for _ in range(3):
        cases.append(("on a random array a0", ctx.rng.uniform(-2, 2, 6), *ctx.rng.uniform(-2, 2, 2)))

    def outcomes():
        for label, a0, w, b in cases:
            got = learner.call("a1", a0, float(w), float(b))
            a0 = np.asarray(a0, dtype=float)
            yield compare("a1", got, neuron.a1(a0, w, b), case=label, mistakes=[
                Mistake(1 / (1 + np.exp(-(w * a0 + b))), "the logistic σ; this neuron uses tanh"),
                Mistake(np.tanh(w * (a0 + b)), "the bias inside the product: z = w a0 + b, not w (a0 + b)"),
                Mistake(w * a0 + b, "a missing activation: a1 = tanh(z), not z"),
                Mistake(np.tanh(b * a0 + w), "w and b swapped: z = w a0 + b"),
            ])

    return first_failure(outcomes())


def check_not_weights(learner: SandboxedModule, ctx: Context) -> Outcome:
    """(w, b) must send 0 to within 0.05 of 1 and 1 to within 0.05 of 0 (judged with the true tanh)."""
    got = as_numbers("not_weights", learner.call("not_weights"))
    if isinstance(got, Outcome):
        return got
    if got.shape != (2,):
        return fail(f"not_weights returned shape {got.shape}; return two numbers: `return w, b`")
    w, b = (float(v) for v in got)
    if not np.all(np.isfinite(got)):
        return fail("not_weights returned nan or inf; return two ordinary numbers")
    out0, out1 = neuron.a1(0.0, w, b), neuron.a1(1.0, w, b)
    problems = []
    if abs(out0 - 1) > TOLERANCE:
        problems.append(f"input 0 gives {out0:.3f}, but NOT 0 is 1: for a0 = 0, z = b, and tanh(b) is close "
                        "to 1 only when b is large (above about 2)")
    if abs(out1) > TOLERANCE:
        problems.append(f"input 1 gives {out1:.3f}, but NOT 1 is 0: for a0 = 1, z = w + b, and tanh(z) = 0 "
                        "needs w + b = 0")
    if problems:
        return fail(f"with w = {w:g}, b = {b:g}, " + "; ".join(problems))
    return ok(f"passed: NOT 0 = {out0:.3f}, NOT 1 = {out1:.3f}")


CHECKS = {"a1": check_a1, "not_weights": check_not_weights}


def after_pass(learner: SandboxedModule, ctx: Context) -> Extra:
    """The cost of the NOT example with the learner's weights."""
    w, b = (float(v) for v in learner.call("not_weights"))
    c = neuron.cost(w, b)
    return Extra(lines=[f"Your neuron: cost of the NOT example C = (a1(0) − 1)² + a1(1)² = {c:.2e}."],
                 data={"w": w, "b": b, "cost": c})
