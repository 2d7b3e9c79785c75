"""The one-neuron tanh network of module 3, on the checker's side: a1 = tanh(w a0 + b), its NOT cost."""

from __future__ import annotations

import numpy as np

from mvcalc.math import autodiff as ad

NOT_X = np.array([0.0, 1.0])
NOT_Y = np.array([1.0, 0.0])


def a1(a0, w, b):
    return np.tanh(w * np.asarray(a0, dtype=float) + b)


def cost(w, b, x=NOT_X, y=NOT_Y):
    """C = Σ (a1(x_i) − y_i)², the cost of the NOT example."""
    return float(np.sum((a1(x, w, b) - y) ** 2))


def cost_gradient(w: float, b: float, x, y) -> tuple[float, float]:
    """(∂C/∂w, ∂C/∂b) by reverse-mode autodiff."""
    def c(p):
        return ad.sum((ad.tanh(p[0] * x + p[1]) - y) ** 2)

    g = ad.grad(c)(np.array([w, b], dtype=float))
    return float(g[0]), float(g[1])
