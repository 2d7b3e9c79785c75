"""Reverse-mode automatic differentiation on NumPy arrays (backpropagation).

    >>> from mvcalc.math import autodiff as ad
    >>> f = lambda w: ad.sum(ad.sigmoid(w @ x) ** 2)
    >>> ad.grad(f)(w)                      # an array shaped like w
    >>> ad.jacobian(g)(x), ad.hessian(f)(w), ad.check_grads(f, w).ok

Operations record a node (value, parents, rule id) only when an argument is a node;
the local derivatives live in one table (`ops.RULES`); `backward` is an iterative
topological sort and one reverse sweep.
"""

from mvcalc.math.autodiff.backward import backward, sweep, toposort
from mvcalc.math.autodiff.functional import (
    GradCheck,
    check_grads,
    grad,
    hessian,
    jacobian,
    numerical_jacobian,
    value_and_grad,
)
from mvcalc.math.autodiff.graph import export_graph
from mvcalc.math.autodiff.node import Node, Rule, var
from mvcalc.math.autodiff.ops import (
    RULES,
    broadcast_to,
    concatenate,
    cos,
    dense,
    exp,
    expand_dims,
    identity,
    log,
    matmul,
    mean,
    negative,
    power,
    relu,
    reshape,
    sigmoid,
    sin,
    sqrt,
    square,
    stack,
    sum,
    swap_last,
    take,
    tanh,
    transpose,
)

__all__ = [
    "RULES", "GradCheck", "Node", "Rule", "backward", "broadcast_to", "check_grads", "concatenate",
    "cos", "dense", "exp", "expand_dims", "export_graph", "grad", "hessian", "identity", "jacobian", "log",
    "matmul", "mean", "negative", "numerical_jacobian", "power", "relu", "reshape", "sigmoid", "sin",
    "sqrt", "square", "stack", "sum", "swap_last", "sweep", "take", "tanh", "toposort", "transpose",
    "value_and_grad", "var",
]
