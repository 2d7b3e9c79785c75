"""Reverse sweep: one iterative topological sort, then one pass from the output to the leaves.

Gradients of a node used many times accumulate; only nodes that depend on the requested
inputs are visited; with `create_graph` the sweep records its own graph so the result can
be differentiated again.
"""

from __future__ import annotations

import numpy as np

from mvcalc.math.autodiff.node import Node


def toposort(root: Node) -> list[Node]:
    """Every node the root depends on, parents before children (no recursion: deep graphs work)."""
    order: list[Node] = []
    seen: set[Node] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        for parent in node.parents:
            if type(parent) is Node and parent not in seen:
                stack.append((parent, False))
    return order


def _relevant(order: list[Node], targets: list[Node]) -> set[Node]:
    """Nodes on a path from one of the targets to the output."""
    live = set(targets)
    for node in order:
        if node not in live and any(type(p) is Node and p in live for p in node.parents):
            live.add(node)
    return live


def sweep(output: Node, seed, targets: list[Node] | None = None, *, create_graph: bool = False,
          order: list[Node] | None = None, keep_all: bool = False) -> dict[Node, object]:
    """Gradients of <seed, output> with respect to the targets (or every node if targets is None).

    Returns a dict node -> gradient. Without `create_graph` all values are arrays.
    """
    order = toposort(output) if order is None else order
    live = _relevant(order, targets) if targets is not None else None
    wanted = set(targets) if targets is not None else None
    grads: dict[Node, object] = {output: seed}
    for node in reversed(order):
        g = grads.get(node) if (keep_all or (wanted is not None and node in wanted)) else grads.pop(node, None)
        if g is None or node.rule is None:
            continue
        rule, parents, aux = node.rule, node.parents, node.aux
        if create_graph:
            ans, args = node, parents
        else:
            ans = node.value
            args = [p.value if type(p) is Node else p for p in parents]
        for i, parent in enumerate(parents):
            if type(parent) is not Node or (live is not None and parent not in live):
                continue
            if rule.variadic:
                gi = rule.vjps[0](i, g, ans, *args, **aux)
            else:
                gi = rule.vjps[i](g, ans, *args, **aux)
            previous = grads.get(parent)
            grads[parent] = gi if previous is None else previous + gi
    if wanted is not None:
        return {t: grads.get(t) for t in targets}
    return grads


def backward(output: Node, seed=None) -> None:
    """micrograd-style: fill `.grad` (an array) on every node the output depends on."""
    seed = np.ones_like(output.value, dtype=float) if seed is None else np.asarray(seed, dtype=float)
    order = toposort(output)
    grads = sweep(output, seed, None, order=order, keep_all=True)
    for node in order:
        g = grads.get(node)
        node.grad = np.zeros_like(node.value, dtype=float) if g is None else np.asarray(g, dtype=float)


Node.backward = backward
