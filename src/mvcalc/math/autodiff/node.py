"""The graph node and `apply`, the one place where an operation records itself.

A node keeps its value, its parents and the id of its rule (plus static arguments such
as an axis); it holds no closures, so a graph is a DAG of plain references that
reference counting frees without help from the cycle collector.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, eq=False)
class Rule:
    """An operation: its forward function on arrays and one vector-Jacobian product per argument.

    A VJP is `vjp(g, ans, *args, **aux)` returning the gradient for its argument; it is
    written with this package's operations so that it is itself differentiable (Hessians).
    `variadic` rules take any number of arguments and have one VJP `vjp(i, g, ans, *args, **aux)`.
    A fused rule (a dense layer) has instead one `joint(g, ans, *args, wanted=..., **aux)`
    giving every argument's gradient at once (None where `wanted[i]` is False), so the work
    they share (the layer's δ) is done once.
    """

    name: str
    forward: Callable[..., Any]
    vjps: tuple[Callable[..., Any], ...]
    variadic: bool = False
    joint: Callable[..., Any] | None = None


class Node:
    """A value in a computation graph: `value` (a NumPy array), `parents`, `rule`, static `aux`.

    Leaves (created with `var`) have no rule. `grad` is filled by `backward()` (arrays only).
    """

    __slots__ = ("value", "parents", "rule", "aux", "grad", "name", "slot", "__weakref__")
    __array_ufunc__ = None  # `ndarray + node` defers to Node.__radd__
    __array_priority__ = 1000

    def __init__(self, value, parents: tuple = (), rule: Rule | None = None, aux: dict | None = None,
                 name: str | None = None) -> None:
        self.value = value
        self.parents = parents
        self.rule = rule
        self.aux = aux
        self.grad = None
        self.name = name
        self.slot: int | None = None  # its place on the tape that recorded it, if any

    shape = property(lambda self: getattr(self.value, "shape", ()))
    ndim = property(lambda self: np.ndim(self.value))
    size = property(lambda self: np.size(self.value))
    dtype = property(lambda self: np.asarray(self.value).dtype)

    def __len__(self) -> int:
        return len(self.value)

    def __float__(self) -> float:
        return float(self.value)

    def __repr__(self) -> str:
        op = self.rule.name if self.rule else "var"
        label = f" {self.name!r}" if self.name else ""
        return f"Node({op}{label}, shape={self.shape})"


class Tape:
    """The nodes made while one function runs, in the order they were made.

    That order is a topological order already (a node is made after its parents), so the
    reverse sweep over a tape needs no graph search. The slots are preallocated and grow
    by doubling; each node keeps its slot, and the sweep keeps the gradients in a list of
    the same length (no hashing per node).
    """

    __slots__ = ("nodes", "count")

    def __init__(self, capacity: int = 64) -> None:
        self.nodes: list[Node | None] = [None] * capacity
        self.count = 0

    def record(self, node: Node) -> Node:
        if self.count == len(self.nodes):
            self.nodes.extend([None] * len(self.nodes))
        node.slot = self.count
        self.nodes[self.count] = node
        self.count += 1
        return node

    def holds(self, node: Node) -> bool:
        slot = node.slot
        return slot is not None and slot < self.count and self.nodes[slot] is node


class _Recording(threading.local):
    tape: Tape | None = None


_recording = _Recording()


class recording:  # noqa: N801 - used as a function: `with recording() as tape:`
    """Record every node made in this thread, until the block ends, on a new tape."""

    __slots__ = ("previous",)

    def __enter__(self) -> Tape:
        self.previous = _recording.tape
        tape = _recording.tape = Tape()
        return tape

    def __exit__(self, *exc) -> None:
        _recording.tape = self.previous


def var(value, name: str | None = None) -> Node:
    """A leaf of the graph: a variable to differentiate with respect to (stored as float64)."""
    node = Node(np.asarray(value, dtype=float), name=name)
    tape = _recording.tape
    return node if tape is None else tape.record(node)


def value_of(x):
    """The array behind a node, or x itself."""
    return x.value if type(x) is Node else x


def shape_of(x) -> tuple[int, ...]:
    try:
        return x.shape
    except AttributeError:
        return np.shape(x)


def apply(rule: Rule, *args, **aux):
    """Run `rule` on the arguments' values; record a node if any argument is a node."""
    for a in args:
        if type(a) is Node:
            break
    else:  # plain arrays (a backward sweep without create_graph): no bookkeeping at all
        return rule.forward(*args, **aux)
    out = Node(rule.forward(*[a.value if type(a) is Node else a for a in args], **aux), args, rule, aux)
    tape = _recording.tape
    return out if tape is None else tape.record(out)
