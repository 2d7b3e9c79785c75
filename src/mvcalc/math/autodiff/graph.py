"""Export a computation graph as plain data (nodes with values and gradients) for drawing."""

from __future__ import annotations

import numpy as np

from mvcalc.math.autodiff.backward import backward, toposort
from mvcalc.math.autodiff.node import Node


def export_graph(output: Node, *, with_grads: bool = True, max_entries: int = 64) -> dict:
    """{"nodes": [...], "output": id}: each node has id, op, name, shape, value, grad, parents.

    Constant inputs appear as nodes with op "constant". Values and gradients with more
    than `max_entries` entries are summarised (shape, min, max, mean) instead of listed.
    """
    if with_grads:
        backward(output)
    order = toposort(output)
    ids = {node: i for i, node in enumerate(order)}
    nodes, constants = [], []

    def data(array):
        if array is None:
            return None
        array = np.asarray(array, dtype=float)
        if array.size <= max_entries:
            return array.tolist()
        return {"min": float(array.min()), "max": float(array.max()), "mean": float(array.mean())}

    for node in order:
        parents = []
        for p in node.parents:
            if type(p) is Node:
                parents.append(ids[p])
            else:
                cid = len(order) + len(constants)
                constants.append({"id": cid, "op": "constant", "name": None, "shape": list(np.shape(p)),
                                  "value": data(p), "grad": None, "parents": []})
                parents.append(cid)
        nodes.append({"id": ids[node], "op": node.rule.name if node.rule else "var", "name": node.name,
                      "shape": list(np.shape(node.value)), "value": data(node.value),
                      "grad": data(node.grad) if with_grads else None, "parents": parents,
                      "aux": {k: repr(v) for k, v in (node.aux or {}).items()}})
    return {"nodes": nodes + constants, "output": ids[output]}
