"""Reverse sweep: one iterative topological sort, then one pass from the output to the leaves.

Gradients of a node used many times accumulate; only nodes that depend on the requested
inputs are visited; with `create_graph` the sweep records its own graph so the result can
be differentiated again.
"""

from __future__ import annotations

import numpy as np

from mvcalc.math.autodiff.node import Node


def toposort(root: Node, targets: list[Node] | None = None) -> list[Node]:
    """Every node the root depends on, parents before children (no recursion: deep graphs work).

    With `targets`, only the nodes on a path from a target to the root (the rest cannot
    carry a gradient to the targets).
    """
    order: list[Node] = []
    seen: set[Node] = set()
    live = set(targets) if targets is not None else None
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            if live is None:
                order.append(node)
            elif node in live:
                order.append(node)
            else:
                for parent in node.parents:
                    if type(parent) is Node and parent in live:
                        live.add(node)
                        order.append(node)
                        break
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        for parent in node.parents:
            if type(parent) is Node and parent not in seen:
                stack.append((parent, False))
    return order


def sweep(output: Node, seed, targets: list[Node] | None = None, *, create_graph: bool = False,
          order: list[Node] | None = None, keep_all: bool = False) -> dict[Node, object]:
    """Gradients of <seed, output> with respect to the targets (or every node if targets is None).

    `order` is `toposort(output, targets)` when the caller sweeps the same graph repeatedly.
    Returns a dict node -> gradient. Without `create_graph` all values are arrays.
    """
    order = toposort(output, targets) if order is None else order
    live = set(order)
    grads: dict[Node, object] = {output: seed}
    wanted = set(targets) if targets is not None else ()
    found: dict[Node, object] = {}
    for node in reversed(order):
        g = grads.get(node) if keep_all else grads.pop(node, None)
        if g is None:
            continue
        if node in wanted:
            found[node] = g
        rule = node.rule
        if rule is None:
            continue
        parents, aux = node.parents, node.aux
        if create_graph:
            ans, args = node, parents
        else:
            ans = node.value
            args = [p.value if type(p) is Node else p for p in parents]
        for i, parent in enumerate(parents):
            if type(parent) is not Node or parent not in live:
                continue
            if rule.variadic:
                gi = rule.vjps[0](i, g, ans, *args, **aux)
            else:
                gi = rule.vjps[i](g, ans, *args, **aux)
            previous = grads.get(parent)
            grads[parent] = gi if previous is None else previous + gi
    if targets is not None:
        return {t: found.get(t) for t in targets}
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
