"""Reverse sweep: one pass from the output to the leaves, along the tape or a topological sort.

A gradient of plain arrays walks back along the tape the function was recorded on (no
search); a graph built outside a tape, or one swept again and again, is sorted first
(iteratively, so deep graphs work).

Gradients of a node used many times accumulate; only nodes that depend on the requested
inputs are visited; with `create_graph` the sweep records its own graph so the result can
be differentiated again.
"""

from __future__ import annotations

import numpy as np

from mvcalc.math.autodiff.node import Node, Tape


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
        args: list | tuple
        if create_graph:
            ans, args = node, parents
        else:
            ans = node.value
            args = [p.value if type(p) is Node else p for p in parents]
        mask = [type(p) is Node and p in live for p in parents]
        if rule.joint is not None:
            parent_grads = rule.joint(g, ans, *args, wanted=mask, **(aux or {}))
        else:
            parent_grads = [_vjp(rule, i, g, ans, args, aux) if w else None for i, w in enumerate(mask)]
        for parent, gi in zip(parents, parent_grads, strict=True):
            if gi is None:
                continue
            previous = grads.get(parent)
            grads[parent] = gi if previous is None else previous + gi
    if targets is not None:
        return {t: found.get(t) for t in targets}
    return grads


def sweep_tape(tape: Tape, output: Node, seed, targets: list[Node]) -> list:
    """Gradients of <seed, output> for the targets, by one pass back along the tape (arrays only).

    The output and the targets must be on the tape; a node off the tape (made before the
    recording began) cannot depend on the targets, so it gets no gradient.
    """
    nodes, count, last = tape.nodes, tape.count, output.slot
    if last is None:
        raise ValueError("the output was not recorded on this tape")
    grads: list = [None] * count
    grads[last] = seed
    for i in range(last, -1, -1):
        g = grads[i]
        if g is None:
            continue
        node = nodes[i]
        rule = node.rule if node is not None else None
        if node is None or rule is None:
            continue
        parents, aux, ans = node.parents, node.aux or {}, node.value
        args, wanted = [], []
        for p in parents:
            if type(p) is Node:
                args.append(p.value)
                wanted.append(p.slot is not None and p.slot < count and nodes[p.slot] is p)
            else:
                args.append(p)
                wanted.append(False)
        if rule.joint is not None:
            found = rule.joint(g, ans, *args, wanted=wanted, **aux)
        elif rule.variadic:
            found = [rule.vjps[0](k, g, ans, *args, **aux) if w else None for k, w in enumerate(wanted)]
        else:
            found = [vjp(g, ans, *args, **aux) if w else None for vjp, w in zip(rule.vjps, wanted, strict=True)]
        for parent, gi in zip(parents, found, strict=True):
            slot = parent.slot if gi is not None else None
            if slot is not None:
                previous = grads[slot]
                grads[slot] = gi if previous is None else previous + gi
    return [grads[t.slot] for t in targets]


def _vjp(rule, i: int, g, ans, args, aux):
    aux = aux or {}
    if rule.variadic:
        return rule.vjps[0](i, g, ans, *args, **aux)
    return rule.vjps[i](g, ans, *args, **aux)


def backward(output: Node, seed=None) -> None:
    """micrograd-style: fill `.grad` (an array) on every node the output depends on."""
    seed = np.ones_like(output.value, dtype=float) if seed is None else np.asarray(seed, dtype=float)
    order = toposort(output)
    grads = sweep(output, seed, None, order=order, keep_all=True)
    for node in order:
        g = grads.get(node)
        node.grad = np.zeros_like(node.value, dtype=float) if g is None else np.asarray(g, dtype=float)


Node.backward = backward
