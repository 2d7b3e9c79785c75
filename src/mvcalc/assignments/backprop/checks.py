"""Checks of the Backpropagation assignment, run in the checker's process (never in the learner's).

Each required Jacobian is compared on a fixed and three random cases with the true one
(reverse-mode autodiff, cross-checked by central differences); a wrong answer is
matched against the typical mistakes computed on the same case.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mvcalc.assignments.backprop import network
from mvcalc.assignments.checker import Context, Extra
from mvcalc.assignments.feedback import Mistake, Outcome, compare, first_failure
from mvcalc.assignments.sandbox import SandboxedModule

STEPS, BATCH, AGGRESSION, EXAMPLES, EVERY = 2000, 50, 7.0, 100, 50
ORDER = ("J_W1", "J_b1", "J_W2", "J_b2", "J_W3", "J_b3")  # same order as network.NAMES


@dataclass(frozen=True)
class Case:
    label: str
    x: np.ndarray
    y: np.ndarray
    params: tuple[np.ndarray, ...]

    @property
    def layers(self) -> network.Layers:
        return network.layers(self.x, self.y, self.params)


def cases(ctx: Context) -> list[Case]:
    """A fixed case (8 points along the heart) and three random ones (N = 5, 37, 1)."""
    fixed_x = np.linspace(0, 1, 8).reshape(1, -1)
    out = [Case("on the fixed test input (8 points along the heart)", fixed_x, network.heart(fixed_x),
                network.init_params(np.random.default_rng(2024)))]
    rng = np.random.default_rng(ctx.seed)
    for n, scale in ((5, 1.0), (37, 0.5), (1, 1.5)):
        x = rng.uniform(0, 1, (1, n))
        y = network.heart(x) if n != 5 else rng.uniform(0, 1, (2, n))
        out.append(Case(f"on random weights with N = {n} example{'s' if n > 1 else ''}", x, y,
                        network.init_params(rng, scale)))
    return out


def _bias(J):
    return np.sum(J, axis=1, keepdims=True)


def _mistakes(name: str, L: network.Layers, y: np.ndarray, params) -> list[Mistake]:
    """Typical wrong answers for one Jacobian on one case, each with the words that name it."""
    W1, b1, W2, b2, W3, b3 = params
    n = L.a0.size
    e = 2 * (L.a3 - y) / n  # ∂C/∂a3, averaged
    ds2, ds1 = network.d_sigma(L.z2), network.d_sigma(L.z1)
    d3, d2, d1 = L.d3, L.d2, L.d1
    no_mean = "a sum over the examples without dividing by N = x.size (the cost is an average)"
    if name == "J_b3":
        return [Mistake(_bias(e), "a missing σ′(z3) factor (∂a3/∂z3)"),
                Mistake(_bias(e * L.a3), "σ(z3) where σ′(z3) belongs: use d_sigma, not sigma"),
                Mistake(d3 @ L.a2.T, "multiplying by a2ᵀ as in J_W3, but ∂z3/∂b3 = 1: sum over the examples instead"),
                Mistake(_bias(d3) / 2, "a missing factor 2 from differentiating (a3 − y)²"),
                Mistake(_bias(d3) * n, no_mean)]
    if name == "J_b2":
        return [Mistake(_bias(W3.T @ d3), "a missing σ′(z2) factor (∂a2/∂z2)"),
                Mistake(_bias((W3.T @ e) * ds2), "a missing σ′(z3) factor (∂a3/∂z3)"),
                Mistake(_bias((W3.T @ d3) * L.a2), "σ(z2) where σ′(z2) belongs: use d_sigma, not sigma"),
                Mistake(d2 @ L.a1.T, "multiplying by a1ᵀ as in J_W2, but ∂z2/∂b2 = 1: sum over the examples instead"),
                Mistake(_bias(d2) * n, no_mean)]
    if name == "J_W1":
        return [Mistake((W2.T @ d2) @ L.a0.T, "a missing σ′(z1) factor"),
                Mistake(((W2.T @ (W3.T @ d3)) * ds1) @ L.a0.T, "a missing σ′(z2) factor"),
                Mistake(((W2.T @ ((W3.T @ e) * ds2)) * ds1) @ L.a0.T, "a missing σ′(z3) factor"),
                Mistake(((W2.T @ d2) * L.a1) @ L.a0.T, "σ(z1) where σ′(z1) belongs: use d_sigma, not sigma"),
                Mistake(d1 @ L.a1.T, "multiplying by a1ᵀ, the output of layer 1, but ∂z1/∂W1 = a0ᵀ, the input"),
                Mistake(_bias(d1), "summing over the examples without multiplying by a0ᵀ (that is J_b1)"),
                Mistake(d1 @ L.a0.T * n, no_mean)]
    if name == "J_b1":
        return [Mistake(_bias(W2.T @ d2), "a missing σ′(z1) factor"),
                Mistake(_bias((W2.T @ (W3.T @ d3)) * ds1), "a missing σ′(z2) factor"),
                Mistake(_bias((W2.T @ d2) * L.a1), "σ(z1) where σ′(z1) belongs: use d_sigma, not sigma"),
                Mistake(d1 @ L.a0.T, "multiplying by a0ᵀ as in J_W1, but ∂z1/∂b1 = 1: sum over the examples instead"),
                Mistake(_bias(d1) * n, no_mean)]
    raise KeyError(name)


def _check(name: str):
    param = name[2:]

    def check(learner: SandboxedModule, ctx: Context) -> Outcome:
        def outcomes():
            for case in cases(ctx):
                got = learner.call(name, case.x, case.y, list(case.params))
                expected = network.true_jacobians(case.x, case.y, case.params, only=(param,))[param]
                yield compare(name, got, expected, against="the true Jacobian", case=case.label,
                              mistakes=_mistakes(name, case.layers, case.y, case.params))

        return first_failure(outcomes())

    check.__doc__ = f"{name} against autodiff and finite differences on fixed and random cases."
    return check


CHECKS = {name: _check(name) for name in ("J_b3", "J_b2", "J_W1", "J_b1")}


def after_pass(learner: SandboxedModule, ctx: Context) -> Extra:
    """Train the network with the learner's six Jacobians; report the falling cost; plot on request."""
    rng = np.random.default_rng(ctx.seed)
    x = rng.uniform(0, 1, (1, EXAMPLES))
    y = network.heart(x)
    params = network.init_params(rng)
    fixed = cases(ctx)[0]
    for given in ("J_W3", "J_W2"):
        verdict = compare(given, learner.call(given, fixed.x, fixed.y, list(fixed.params)),
                          network.true_jacobians(fixed.x, fixed.y, fixed.params, verify=False,
                                                 only=(given[2:],))[given[2:]])
        if not verdict.passed:
            return Extra(lines=[f"Training skipped: the given {given} was changed ({verdict.message}). "
                                "Copy it back from a fresh `mvcalc assignment start backprop`."])
    picks = [rng.choice(EXAMPLES, BATCH, replace=False) for _ in range(STEPS)]
    ctx.say(f"training with your functions: {STEPS} steps")
    snapshots = learner.descend(ORDER, list(params), [(x[:, p], y[:, p]) for p in picks], AGGRESSION, EVERY)
    steps = [0] + [EVERY * (i + 1) for i in range(len(snapshots))]
    costs = [network.cost(x, y, params)] + [network.cost(x, y, tuple(s)) for s in snapshots]
    params = tuple(snapshots[-1]) if snapshots else params
    lines = [f"Trained with your functions: stochastic steepest descent, {STEPS} steps of {BATCH} "
             f"examples, aggression {AGGRESSION:g}.",
             "cost at step " + ", ".join(f"{s}: {c:.4f}" for s, c in list(zip(steps, costs, strict=True))[::8])]
    data = {"steps": steps, "costs": costs, "initial_cost": costs[0], "final_cost": costs[-1]}
    if ctx.plot is not None:
        from mvcalc.assignments.plotting import save_curve_and_cost

        t = np.linspace(0, 1, 400).reshape(1, -1)
        path = save_curve_and_cost(ctx.plot, network.heart(t), network.predict(t, params), steps, costs,
                                   "the heart and your network's curve")
        lines.append(f"Saved the picture to {path}.")
        data["plot"] = str(path)
    return Extra(lines=lines, data=data)

