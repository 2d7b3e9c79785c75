"""The 1-6-7-2 network of the assignment, on the checker's side: data, forward pass, true Jacobians.

Expected Jacobians come from the autodiff engine (checked against central differences);
`layers` gives the intermediate values the typical-mistake patterns are built from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mvcalc.math import autodiff as ad

SIZES = (1, 6, 7, 2)
NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")


def heart(x: np.ndarray) -> np.ndarray:
    """The training curve: a heart traced as x runs over [0, 1], rescaled into [0, 1]², shape (2, N)."""
    t = 2 * np.pi * np.asarray(x, dtype=float).ravel()
    y = np.stack([16 * np.sin(t) ** 3,
                  13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t)]) / 20
    return (y + 1) / 2


def init_params(rng: np.random.Generator, scale: float = 0.5) -> tuple[np.ndarray, ...]:
    """W1, b1, W2, b2, W3, b3 with standard normal entries times `scale`."""
    params = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:], strict=True):
        params += [rng.standard_normal((n_out, n_in)) * scale, rng.standard_normal((n_out, 1)) * scale]
    return tuple(params)


def sigma(z):
    return 1 / (1 + np.exp(-z))


def d_sigma(z):
    return 1 / (4 * np.cosh(z / 2) ** 2)


@dataclass(frozen=True)
class Layers:
    """Everything the forward pass computes, and the back-propagated errors δ (already / N)."""

    a0: np.ndarray
    z1: np.ndarray
    a1: np.ndarray
    z2: np.ndarray
    a2: np.ndarray
    z3: np.ndarray
    a3: np.ndarray
    d3: np.ndarray  # ∂C/∂z3
    d2: np.ndarray  # ∂C/∂z2
    d1: np.ndarray  # ∂C/∂z1


def layers(x: np.ndarray, y: np.ndarray, params) -> Layers:
    W1, b1, W2, b2, W3, b3 = params
    z1 = W1 @ x + b1
    a1 = sigma(z1)
    z2 = W2 @ a1 + b2
    a2 = sigma(z2)
    z3 = W3 @ a2 + b3
    a3 = sigma(z3)
    d3 = 2 * (a3 - y) * d_sigma(z3) / x.size
    d2 = (W3.T @ d3) * d_sigma(z2)
    d1 = (W2.T @ d2) * d_sigma(z1)
    return Layers(x, z1, a1, z2, a2, z3, a3, d3, d2, d1)


def predict(x: np.ndarray, params) -> np.ndarray:
    return layers(x, np.zeros((2, np.size(x))), params).a3


def cost(x: np.ndarray, y: np.ndarray, params) -> float:
    return float(np.sum((predict(x, params) - y) ** 2) / x.size)


def _cost_node(x, y, params):
    W1, b1, W2, b2, W3, b3 = params
    a1 = ad.sigmoid(W1 @ x + b1)
    a2 = ad.sigmoid(W2 @ a1 + b2)
    a3 = ad.sigmoid(W3 @ a2 + b3)
    return ad.sum((a3 - y) ** 2) / x.size


class EngineDisagreement(AssertionError):
    """The autodiff engine and central differences disagree: a bug in mvcalc, not in the learner's file."""


def true_jacobians(x: np.ndarray, y: np.ndarray, params, verify: bool = True,
                   only: tuple[str, ...] = NAMES) -> dict[str, np.ndarray]:
    """∂C/∂(each parameter named in `only`) by reverse mode; with `verify`, cross-checked by
    central differences."""
    params = tuple(np.asarray(p, dtype=float) for p in params)
    out = {}
    for i, name in enumerate(NAMES):
        if name not in only:
            continue
        def c(p, i=i):
            return _cost_node(x, y, params[:i] + (p,) + params[i + 1:])

        out[name] = ad.grad(c)(params[i])
        if verify:
            numeric = ad.numerical_jacobian(c, params[i], eps=1e-6)
            if not np.allclose(out[name], numeric, rtol=1e-4, atol=1e-9):
                raise EngineDisagreement(f"autodiff and finite differences disagree on {name}")
    return out
