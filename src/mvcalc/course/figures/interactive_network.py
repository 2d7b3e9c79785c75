"""A 1-2-1 network with sliders: its output, cost and the backprop flow, from the autodiff engine's graph export.

The weights a learner can choose are continuous, so this figure's page asks the
server again when a slider moves (`ENDPOINT`, served by the web layer with
`network_graph`); every value and gradient drawn comes from `export_graph`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mvcalc.course.figures import FigureError, register
from mvcalc.math import autodiff as ad

ENDPOINT = "/api/figures/network-backprop"
DEFAULTS = {"x": 0.5, "y": 1.0, "w1": [1.0, -1.0], "b1": [0.0, 0.5], "w2": [1.5, -2.0], "b2": 0.2}
LIMIT = 10.0


def _vector(params: dict[str, Any], key: str, size: int) -> np.ndarray:
    value = params.get(key, DEFAULTS[key])
    items = value if isinstance(value, list) else [value]
    if len(items) != size or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and abs(v) <= LIMIT for v in items
    ):
        raise FigureError(f"`{key}` must be {size} number{'s' if size > 1 else ''} between −{LIMIT:g} and {LIMIT:g}")
    return np.array(items, dtype=float)


def network_graph(params: dict[str, Any]) -> dict[str, Any]:
    """a1 = σ(W1 a0 + b1), a2 = σ(W2 a1 + b2), C = (a2 − y)²: the exported graph with values and gradients."""
    x, y = _vector(params, "x", 1), _vector(params, "y", 1)
    a0 = ad.var(x, "a0")
    w1 = ad.var(_vector(params, "w1", 2).reshape(2, 1), "W1")
    b1 = ad.var(_vector(params, "b1", 2), "b1")
    w2 = ad.var(_vector(params, "w2", 2).reshape(1, 2), "W2")
    b2 = ad.var(_vector(params, "b2", 1), "b2")
    a1 = ad.sigmoid(ad.matmul(w1, a0) + b1)
    a1.name = "a1"
    a2 = ad.sigmoid(ad.matmul(w2, a1) + b2)
    a2.name = "a2"
    cost = ad.sum(ad.square(a2 - y))
    cost.name = "C"
    graph = ad.export_graph(cost)
    return {"graph": graph, "output": float(a2.value[0]), "cost": float(np.asarray(cost.value)),
            "params": {"x": float(x[0]), "y": float(y[0]), "w1": w1.value.ravel().tolist(),
                       "b1": b1.value.tolist(), "w2": w2.value.ravel().tolist(), "b2": float(b2.value[0])}}


@register("network-backprop", script="figures/network-backprop.js")
def network_backprop(params: dict[str, Any]) -> dict[str, Any]:
    """A 1-2-1 network with sliders for weights and biases; the backprop flow through its graph."""
    return {**network_graph(params), "endpoint": ENDPOINT, "bbox": [0, 1, 1, 0]}
