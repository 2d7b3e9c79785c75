"""The operations and their local derivatives: one table, one line (or a small function) per rule.

Every public function works on NumPy arrays (returning arrays) and on nodes (recording
the graph). VJPs are written with these same functions, so differentiating a gradient
(reverse-over-reverse Hessians) needs nothing extra.
"""

from __future__ import annotations

import numpy as np

from mvcalc.math.autodiff.node import Node, Rule, apply, shape_of, value_of

RULES: dict[str, Rule] = {}


def _rule(name, forward, *vjps, variadic=False, joint=None) -> Rule:
    RULES[name] = Rule(name, forward, tuple(vjps), variadic, joint)
    return RULES[name]


# -- shape helpers (differentiable) ----------------------------------------------
def unbroadcast(g, shape: tuple[int, ...]):
    """Sum g over the axes that broadcasting added or stretched, back to `shape`."""
    gshape = shape_of(g)
    if gshape == tuple(shape):
        return g
    extra = len(gshape) - len(shape)
    axes = tuple(range(extra)) + tuple(
        i + extra for i, n in enumerate(shape) if n == 1 and gshape[i + extra] != 1)
    if axes:
        g = sum(g, axis=axes, keepdims=True)
    return reshape(g, shape)


def _expand_like(g, shape, axis, keepdims):
    """Put back the axes a reduction removed, then broadcast g to `shape`."""
    if not keepdims and axis is not None:
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        axes = sorted(a % len(shape) for a in axes)
        kept = list(shape_of(g))
        for a in axes:
            kept.insert(a, 1)
        g = reshape(g, tuple(kept))
    if type(g) is not Node:  # a plain sweep: a filled array, no bookkeeping
        out = np.empty(shape)
        out[...] = g
        return out
    return broadcast_to(g, shape)


def _count(shape, axis) -> int:
    if axis is None:
        return int(np.prod(shape, dtype=np.int64))
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    return int(np.prod([shape[a] for a in axes], dtype=np.int64))


# -- elementwise arithmetic --------------------------------------------------------
ADD = _rule("add", np.add,
            lambda g, ans, x, y: unbroadcast(g, shape_of(x)),
            lambda g, ans, x, y: unbroadcast(g, shape_of(y)))
SUB = _rule("sub", np.subtract,
            lambda g, ans, x, y: unbroadcast(g, shape_of(x)),
            lambda g, ans, x, y: unbroadcast(negative(g), shape_of(y)))
MUL = _rule("mul", np.multiply,
            lambda g, ans, x, y: unbroadcast(g * y, shape_of(x)),
            lambda g, ans, x, y: unbroadcast(g * x, shape_of(y)))
DIV = _rule("div", np.true_divide,
            lambda g, ans, x, y: unbroadcast(g / y, shape_of(x)),
            lambda g, ans, x, y: unbroadcast(negative(g) * ans / y, shape_of(y)))
NEG = _rule("neg", np.negative, lambda g, ans, x: negative(g))
POW = _rule("pow", np.power,
            lambda g, ans, x, p: unbroadcast(g * p * x ** (p - 1), shape_of(x)),
            lambda g, ans, x, p: unbroadcast(g * ans * log(where_positive(x)), shape_of(p)))
SQUARE = _rule("square", np.square, lambda g, ans, x: g * 2.0 * x)
SQRT = _rule("sqrt", np.sqrt, lambda g, ans, x: g * 0.5 / ans)
EXP = _rule("exp", np.exp, lambda g, ans, x: g * ans)
LOG = _rule("log", np.log, lambda g, ans, x: g / x)
SIN = _rule("sin", np.sin, lambda g, ans, x: g * cos(x))
COS = _rule("cos", np.cos, lambda g, ans, x: negative(g) * sin(x))
TANH = _rule("tanh", np.tanh, lambda g, ans, x: g * (1.0 - ans * ans))
def _sigmoid_in_place(z):
    """σ(z) = 1/(1 + e^(−z)) written over z (a float array we own): four vectorised passes,
    faster than SciPy's expit; e^(−z) overflowing to inf gives the right limit 0."""
    with np.errstate(over="ignore"):
        np.negative(z, out=z)
        np.exp(z, out=z)
    z += 1.0
    return np.reciprocal(z, out=z)


def _sigmoid(x):
    out = _sigmoid_in_place(np.array(x, dtype=float))
    return out if out.ndim else out[()]  # a number for a number, as NumPy's ufuncs give


SIGMOID = _rule("sigmoid", _sigmoid, lambda g, ans, x: g * ans * (1.0 - ans))
RELU = _rule("relu", lambda x: np.maximum(x, 0.0), lambda g, ans, x: g * (value_of(x) > 0))


def negative(x):
    return apply(NEG, x)


def power(x, p):
    if isinstance(p, (int, float)) and p == 2:
        return apply(SQUARE, x)
    return apply(POW, x, p)


def where_positive(x):
    """x where x > 0, else 1 (a constant mask): keeps log finite in the exponent's VJP."""
    return x if np.all(value_of(x) > 0) else apply(_MASKPOS, x)


_MASKPOS = _rule("mask_positive", lambda x: np.where(x > 0, x, 1.0),
                 lambda g, ans, x: g * (value_of(x) > 0))


def square(x):
    return apply(SQUARE, x)


def sqrt(x):
    return apply(SQRT, x)


def exp(x):
    return apply(EXP, x)


def log(x):
    return apply(LOG, x)


def sin(x):
    return apply(SIN, x)


def cos(x):
    return apply(COS, x)


def tanh(x):
    return apply(TANH, x)


def sigmoid(x):
    """The logistic function σ(z) = 1/(1 + e^(−z)), exact in the tails (no overflow warning)."""
    return apply(SIGMOID, x)


def relu(x):
    return apply(RELU, x)


# -- matrix product ----------------------------------------------------------------
def _matmul_vjp_a(g, ans, a, b):
    na, nb = len(shape_of(a)), len(shape_of(b))
    if nb == 1:
        return unbroadcast(expand_dims(g, -1) * b, shape_of(a))
    if na == 1:
        return sum(b * expand_dims(g, -2), axis=tuple(i for i in range(len(shape_of(b))) if i != nb - 2))
    return unbroadcast(matmul(g, swap_last(b)), shape_of(a))


def _matmul_vjp_b(g, ans, a, b):
    na, nb = len(shape_of(a)), len(shape_of(b))
    if nb == 1:
        return sum(expand_dims(g, -1) * a, axis=tuple(range(na - 1)))
    if na == 1:
        return expand_dims(a, -1) * expand_dims(g, -2)
    return unbroadcast(matmul(swap_last(a), g), shape_of(b))


MATMUL = _rule("matmul", np.matmul, _matmul_vjp_a, _matmul_vjp_b)


def matmul(a, b):
    return apply(MATMUL, a, b)


# -- a dense layer, fused: act(W @ a + b) as one node ------------------------------
def _relu_slope(ans):
    return value_of(ans) > 0


# activation: (forward on z in place, its slope written with the answer, or None for 1)
ACTIVATIONS = {
    "sigmoid": (_sigmoid_in_place, lambda ans: ans * (1.0 - ans)),
    "tanh": (lambda z: np.tanh(z, out=z), lambda ans: 1.0 - ans * ans),
    "relu": (lambda z: np.maximum(z, 0.0, out=z), _relu_slope),
    "identity": (lambda z: z, None),
}


def _dense_forward(W, a, b=None, activation="sigmoid"):
    z = np.matmul(W, a)  # a new array, so the bias and the activation can work in place
    if not isinstance(z, np.ndarray) or z.dtype != np.float64:
        z = np.array(z, dtype=float)
    if b is not None:
        try:
            np.add(z, b, out=z)
        except ValueError:  # b stretches the product (a bias wider than W @ a)
            z = z + b
    return ACTIVATIONS[activation][0](z)


def _dense_joint(g, ans, W, a, b=None, activation="sigmoid", wanted=(True, True, True)):
    """∂/∂W, ∂/∂a, ∂/∂b of <g, act(W a + b)> from one δ = g·act'(z) (written with the answer)."""
    slope = ACTIVATIONS[activation][1]
    if type(ans) is np.ndarray and ans.ndim == 2 and _matrix(W) and _matrix(a):
        return _dense_joint_arrays(g, ans, slope, W, a, b, wanted)  # plain arrays, one example a column
    delta = g if slope is None else g * slope(ans)
    out = [None, None, None]
    if wanted[0]:
        out[0] = _matmul_vjp_a(delta, None, W, a)
    if wanted[1]:
        out[1] = _matmul_vjp_b(delta, None, W, a)
    if len(wanted) > 2 and wanted[2]:
        out[2] = unbroadcast(delta, shape_of(b))
    return out[: len(wanted)]


def _matrix(x) -> bool:
    return type(x) is np.ndarray and x.ndim == 2


def _dense_joint_arrays(g, ans, slope, W, a, b, wanted):
    """The same gradients with NumPy alone, for 2-D arrays (a sweep that records nothing)."""
    if slope is None:
        delta = g
    else:
        delta = np.asarray(slope(ans), dtype=float)  # a new array: scaled by g in place
        np.multiply(delta, g, out=delta)
    out = [delta @ a.T if wanted[0] else None, W.T @ delta if wanted[1] else None]
    if len(wanted) > 2:
        if not wanted[2]:
            out.append(None)
        elif np.shape(b) == (delta.shape[0], 1):  # a column of biases, one per unit
            out.append(np.add.reduce(delta, axis=1, keepdims=True))
        else:
            out.append(unbroadcast(delta, np.shape(b)))
    return out


DENSE = _rule("dense", _dense_forward, joint=_dense_joint)


def dense(W, a, b=None, activation: str = "sigmoid"):
    """One layer of a network, act(W @ a + b), recorded as one node with one fused VJP.

    The same value as `sigmoid(W @ a + b)` (the course's convention: one example a column),
    for less bookkeeping: one node instead of three, δ = g·σ(z)(1 − σ(z)) computed once and
    shared by the gradients of W, a and b. `activation`: sigmoid, tanh, relu or identity.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose one of {', '.join(ACTIVATIONS)}")
    if b is None:
        return apply(DENSE, W, a, activation=activation)
    return apply(DENSE, W, a, b, activation=activation)


# -- reductions and shapes -----------------------------------------------------------
SUM = _rule("sum", lambda x, axis=None, keepdims=False: np.add.reduce(x, axis=axis, keepdims=keepdims),
            lambda g, ans, x, axis=None, keepdims=False: _expand_like(g, shape_of(x), axis, keepdims))
MEAN = _rule("mean", lambda x, axis=None, keepdims=False: np.mean(x, axis=axis, keepdims=keepdims),
             lambda g, ans, x, axis=None, keepdims=False:
             _expand_like(g, shape_of(x), axis, keepdims) / _count(shape_of(x), axis))
RESHAPE = _rule("reshape", lambda x, shape: np.reshape(x, shape),
                lambda g, ans, x, shape: reshape(g, shape_of(x)))
TRANSPOSE = _rule("transpose", lambda x, axes=None: np.transpose(x, axes),
                  lambda g, ans, x, axes=None:
                  transpose(g, None if axes is None else tuple(np.argsort(axes))))
SWAP_LAST = _rule("swap_last", lambda x: np.swapaxes(x, -1, -2), lambda g, ans, x: swap_last(g))
BROADCAST = _rule("broadcast_to", lambda x, shape: np.broadcast_to(x, shape),
                  lambda g, ans, x, shape: unbroadcast(g, shape_of(x)))
GETITEM = _rule("getitem", lambda x, index: x[index],
                lambda g, ans, x, index: untake(g, index, shape_of(x)))


def _untake_forward(g, index, shape):
    out = np.zeros(shape)
    np.add.at(out, index, g)
    return out


UNTAKE = _rule("untake", _untake_forward, lambda g, ans, x, index, shape: take(g, index))
IDENTITY = _rule("identity", lambda x: x, lambda g, ans, x: g)
STACK = _rule("stack", lambda *xs, axis=0: np.stack(xs, axis=axis),
              lambda i, g, ans, *xs, axis=0: take(g, (slice(None),) * (axis % len(shape_of(g))) + (i,)),
              variadic=True)


def _concat_vjp(i, g, ans, *xs, axis=0):
    start = builtin_sum(shape_of(x)[axis] for x in xs[:i])
    stop = start + shape_of(xs[i])[axis]
    return take(g, (slice(None),) * (axis % len(shape_of(g))) + (slice(start, stop),))


CONCAT = _rule("concatenate", lambda *xs, axis=0: np.concatenate(xs, axis=axis), _concat_vjp, variadic=True)

builtin_sum = sum


def sum(x, axis=None, keepdims=False):  # noqa: A001 - mirrors numpy.sum
    return apply(SUM, x, axis=axis, keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    return apply(MEAN, x, axis=axis, keepdims=keepdims)


def reshape(x, shape):
    shape = tuple(shape) if not isinstance(shape, int) else (shape,)
    return x if shape_of(x) == shape else apply(RESHAPE, x, shape=shape)


def expand_dims(x, axis: int):
    shape = list(shape_of(x))
    shape.insert(axis % (len(shape) + 1), 1)
    return reshape(x, tuple(shape))


def transpose(x, axes=None):
    return apply(TRANSPOSE, x, axes=None if axes is None else tuple(axes))


def swap_last(x):
    """Swap the last two axes (the matrix transpose of a stack of matrices)."""
    return apply(SWAP_LAST, x)


def broadcast_to(x, shape):
    return x if shape_of(x) == tuple(shape) else apply(BROADCAST, x, shape=tuple(shape))


def take(x, index):
    """x[index] for any NumPy index (integers, slices, arrays, tuples of them)."""
    return apply(GETITEM, x, index=index)


def untake(g, index, shape):
    """An array of `shape` that is zero except g added at `index` (the VJP of indexing)."""
    return apply(UNTAKE, g, index=index, shape=tuple(shape))


def identity(x):
    return apply(IDENTITY, x)


def stack(xs, axis: int = 0):
    return apply(STACK, *xs, axis=axis)


def concatenate(xs, axis: int = 0):
    return apply(CONCAT, *xs, axis=axis)


# -- operators on nodes ----------------------------------------------------------------
def _rpow(self, base):
    return apply(POW, base, self)


def _index(self, index):
    if isinstance(index, Node):
        index = index.value
    return take(self, index)


Node.__add__ = lambda self, other: apply(ADD, self, other)
Node.__radd__ = lambda self, other: apply(ADD, other, self)
Node.__sub__ = lambda self, other: apply(SUB, self, other)
Node.__rsub__ = lambda self, other: apply(SUB, other, self)
Node.__mul__ = lambda self, other: apply(MUL, self, other)
Node.__rmul__ = lambda self, other: apply(MUL, other, self)
Node.__truediv__ = lambda self, other: apply(DIV, self, other)
Node.__rtruediv__ = lambda self, other: apply(DIV, other, self)
Node.__matmul__ = lambda self, other: apply(MATMUL, self, other)
Node.__rmatmul__ = lambda self, other: apply(MATMUL, other, self)
Node.__neg__ = negative
Node.__pos__ = lambda self: self
Node.__pow__ = power
Node.__rpow__ = _rpow
Node.__getitem__ = _index
Node.T = property(lambda self: transpose(self))
Node.sum = sum
Node.mean = mean
Node.reshape = lambda self, *shape: reshape(self, shape[0] if len(shape) == 1 else shape)
Node.transpose = lambda self, *axes: transpose(self, axes or None)
