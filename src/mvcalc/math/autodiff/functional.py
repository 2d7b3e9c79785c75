"""grad, value_and_grad, jacobian, hessian (reverse over reverse) and check_grads.

Called with plain arrays they return arrays. Called with nodes (inside another
derivative) they record their work, so `hessian(f) = jacobian(grad(f))` just works.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from mvcalc.math.autodiff import ops
from mvcalc.math.autodiff.backward import sweep, sweep_tape, toposort
from mvcalc.math.autodiff.node import Node, recording, var


def _enter(x) -> tuple[Node, bool]:
    """A fresh input node for x; nested is True when x already belongs to an outer graph."""
    if type(x) is Node:
        return ops.identity(x), True
    return var(x), False


def _replace(args: Sequence, argnum: int, new) -> list:
    args = list(args)
    args[argnum] = new
    return args


def value_and_grad(f: Callable, argnum: int | tuple[int, ...] = 0) -> Callable:
    """(f(*args), ∇f) with respect to argument `argnum` (or a tuple of gradients for a tuple of
    argument numbers, from one sweep); f must return a single number."""
    argnums = (argnum,) if isinstance(argnum, int) else tuple(argnum)

    def wrapped(*args):
        for i in argnums:
            if type(args[i]) is Node:
                return _nested(args)
        args = list(args)
        with recording() as tape:
            inputs = []
            for i in argnums:
                args[i] = var(args[i])
                inputs.append(args[i])
            out = f(*args)
        if type(out) is not Node:
            return out, _shaped([None] * len(inputs), inputs)
        _one_number(out)
        if not tape.holds(out):  # f returned a node it did not make from the inputs
            return out.value, _shaped([None] * len(inputs), inputs)
        seed = np.empty(out.shape)
        seed.fill(1.0)
        return out.value, _shaped(sweep_tape(tape, out, seed, inputs), inputs)

    def _nested(args):
        """Inside another derivative: record the sweep too, so the gradient can be differentiated."""
        args, inputs = list(args), []
        for i in argnums:
            args[i], _ = _enter(args[i])
            inputs.append(args[i])
        out = f(*args)
        if type(out) is not Node:
            return out, _shaped([None] * len(inputs), inputs)
        _one_number(out)
        found = sweep(out, np.ones(out.shape), inputs, create_graph=True)
        return out, _shaped([found[x] for x in inputs], inputs)

    def _shaped(grads, inputs):
        grads = [np.zeros(x.shape) if g is None else g for g, x in zip(grads, inputs, strict=True)]
        return grads[0] if isinstance(argnum, int) else tuple(grads)

    return wrapped


def _one_number(out: Node) -> None:
    if out.size != 1:
        raise ValueError(f"grad needs a function with one number as output, got shape {out.shape}; use jacobian")


def grad(f: Callable, argnum: int | tuple[int, ...] = 0) -> Callable:
    """The gradient of a scalar function, same shape as the argument (a tuple for a tuple of argnums)."""
    vg = value_and_grad(f, argnum)
    return lambda *args: vg(*args)[1]


def jacobian(f: Callable, argnum: int = 0) -> Callable:
    """J[i..., j...] = ∂f[i...]/∂x[j...]: shape f(x).shape + x.shape, one reverse sweep per output."""

    def wrapped(*args):
        x, nested = _enter(args[argnum])
        out = f(*_replace(args, argnum, x))
        if type(out) is not Node:
            return np.zeros(np.shape(out) + x.shape)
        order = toposort(out, [x])
        rows = []
        for k in range(out.size):
            seed = np.zeros(out.size)
            seed[k] = 1.0
            g = sweep(out, seed.reshape(out.shape), [x], create_graph=nested, order=order)[x]
            rows.append(np.zeros(x.shape) if g is None else g)
        if nested:
            return ops.reshape(ops.stack(rows), out.shape + x.shape)
        return np.stack(rows).reshape(out.shape + x.shape)

    return wrapped


def hessian(f: Callable, argnum: int = 0) -> Callable:
    """Second derivatives of a scalar function: the Jacobian of its gradient (reverse over reverse)."""
    return jacobian(grad(f, argnum), argnum)


def numerical_jacobian(f: Callable, x, eps: float = 1e-6) -> np.ndarray:
    """Central differences (f(x + h) − f(x − h)) / 2h, shape f(x).shape + x.shape."""
    x = np.asarray(x, dtype=float)
    columns = []
    for j in range(x.size):
        step = np.zeros(x.size)
        step[j] = eps
        step = step.reshape(x.shape)
        up = np.asarray(_plain(f(x + step)), dtype=float)
        down = np.asarray(_plain(f(x - step)), dtype=float)
        columns.append((up - down) / (2 * eps))
    out_shape = columns[0].shape if columns else ()
    return np.stack(columns, axis=-1).reshape(out_shape + x.shape)


def _plain(value):
    return value.value if type(value) is Node else value


@dataclass(frozen=True)
class GradCheck:
    """Reverse mode against central differences, per argument: relative error per entry."""

    ok: bool
    max_error: float
    errors: tuple[np.ndarray, ...]
    analytic: tuple[np.ndarray, ...]
    numeric: tuple[np.ndarray, ...]


def check_grads(f: Callable, *args, eps: float = 1e-6, rtol: float = 1e-4, floor: float = 1e-7) -> GradCheck:
    """Compare the reverse-mode Jacobian of f with central differences for every argument.

    The relative error of an entry is |a − n| / max(|a|, |n|, floor).
    """
    errors, analytic, numeric = [], [], []
    for i in range(len(args)):
        a = np.asarray(jacobian(f, i)(*args), dtype=float)
        n = numerical_jacobian(lambda xi, i=i: f(*_replace(args, i, xi)), args[i], eps)
        denom = np.maximum(np.maximum(np.abs(a), np.abs(n)), floor)
        errors.append(np.abs(a - n) / denom)
        analytic.append(a)
        numeric.append(n)
    worst = max((float(e.max()) for e in errors if e.size), default=0.0)
    return GradCheck(worst <= rtol, worst, tuple(errors), tuple(analytic), tuple(numeric))
