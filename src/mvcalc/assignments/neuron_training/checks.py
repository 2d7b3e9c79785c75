"""Checks of the neuron-training exercise, run in the checker's process."""

from __future__ import annotations

import numpy as np

from mvcalc.assignments.checker import Context, Extra
from mvcalc.assignments.feedback import Mistake, Outcome, compare, first_failure
from mvcalc.assignments.not_neuron import neuron
from mvcalc.assignments.sandbox import SandboxedModule

START, RATE, STEPS = (1.3, -0.1), 0.2, 200


def check_dCdb(learner: SandboxedModule, ctx: Context) -> Outcome:  # noqa: N802 - the course's name
    """dCdb against reverse-mode autodiff on the NOT data and on random data."""
    cases = [("on the NOT data with w = 1.3, b = −0.1", neuron.NOT_X, neuron.NOT_Y, 1.3, -0.1)]
    for n in (3, 7):
        x, y = ctx.rng.uniform(-1.5, 1.5, n), ctx.rng.uniform(-1, 1, n)
        w, b = ctx.rng.uniform(-1.5, 1.5, 2)
        cases.append((f"on {n} random examples", x, y, float(w), float(b)))

    def outcomes():
        for label, x, y, w, b in cases:
            got = learner.call("dCdb", w, b, x, y)
            expected = neuron.cost_gradient(w, b, x, y)[1]
            a = np.tanh(w * x + b)
            dadz = 1 - a**2
            yield compare("dCdb", got, expected, against="the true derivative", case=label, mistakes=[
                Mistake(np.sum(2 * (a - y)), "a missing ∂a1/∂z = 1 − tanh²(z) factor"),
                Mistake(np.sum(2 * (a - y) * dadz * x), "∂z/∂w = x where ∂z/∂b = 1 belongs (that is dCdw)"),
                Mistake(np.sum((a - y) * dadz), "a missing factor 2 from differentiating (a1 − y)²"),
                Mistake(np.mean(2 * (a - y) * dadz), "an average where this cost is a sum over the examples"),
                Mistake(np.sum(2 * (a - y) * a), "tanh(z) where its derivative 1 − tanh²(z) belongs"),
            ])

    return first_failure(outcomes())


CHECKS = {"dCdb": check_dCdb}


def after_pass(learner: SandboxedModule, ctx: Context) -> Extra:
    """Gradient descent on the NOT cost with the learner's dCdw and dCdb; contour plot on request."""
    x, y = neuron.NOT_X, neuron.NOT_Y
    w, b = START
    path, costs = [(w, b)], [neuron.cost(w, b)]
    for _ in range(STEPS):
        gw, gb = learner.calls([("dCdw", (w, b, x, y)), ("dCdb", (w, b, x, y))])
        w, b = w - RATE * float(np.asarray(gw).sum()), b - RATE * float(np.asarray(gb).sum())
        path.append((w, b))
        costs.append(neuron.cost(w, b))
    lines = [f"Gradient descent with your dCdb: {STEPS} steps of size {RATE:g} from w = {START[0]:g}, "
             f"b = {START[1]:g}.",
             f"cost {costs[0]:.4f} → {costs[-1]:.5f}; now w = {w:.3f}, b = {b:.3f}: "
             f"NOT 0 = {neuron.a1(0.0, w, b):.3f}, NOT 1 = {neuron.a1(1.0, w, b):.3f}."]
    data = {"initial_cost": costs[0], "final_cost": costs[-1], "w": w, "b": b}
    if ctx.plot is not None:
        lines.append(f"Saved the picture to {_plot(ctx.plot, np.array(path))}.")
        data["plot"] = str(ctx.plot)
    return Extra(lines=lines, data=data)


def _plot(target, path: np.ndarray):
    from mvcalc.assignments.plotting import figure

    plt = figure()
    ws = np.linspace(min(-6, path[:, 0].min() - 1), max(3, path[:, 0].max() + 1), 160)
    bs = np.linspace(min(-3, path[:, 1].min() - 1), max(6, path[:, 1].max() + 1), 160)
    W, B = np.meshgrid(ws, bs)
    C = sum((np.tanh(W * xi + B) - yi) ** 2 for xi, yi in zip(neuron.NOT_X, neuron.NOT_Y, strict=True))
    fig, ax = plt.subplots(figsize=(6, 5))
    contours = ax.contourf(W, B, C, levels=30, cmap="viridis")
    fig.colorbar(contours, label="cost C")
    ax.plot(path[:, 0], path[:, 1], "o-", color="white", ms=2, lw=1)
    ax.set_xlabel("w")
    ax.set_ylabel("b")
    ax.set_title("gradient descent on the NOT cost")
    fig.tight_layout()
    fig.savefig(target, dpi=100)
    plt.close(fig)
    return target
