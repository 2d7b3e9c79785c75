"""Reverse-mode autodiff agrees with central differences and SymPy; graphs free themselves."""

from __future__ import annotations

import gc

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mvcalc.math import autodiff as ad

RNG = np.random.default_rng(7)


def rand(*shape, low=-1.5, high=1.5):
    return RNG.uniform(low, high, size=shape)


C43, C32, C324 = rand(4, 3), rand(3, 2), rand(3, 2, 4)

UNARY = {
    "exp": (ad.exp, rand(3, 4)),
    "log": (ad.log, rand(3, 4, low=0.5, high=3)),
    "tanh": (ad.tanh, rand(3, 4)),
    "sigmoid": (ad.sigmoid, rand(3, 4, low=-4, high=4)),
    "relu": (ad.relu, rand(3, 4) + 0.05),
    "sin": (ad.sin, rand(3, 4)),
    "cos": (ad.cos, rand(3, 4)),
    "sqrt": (ad.sqrt, rand(3, 4, low=0.5, high=2)),
    "square": (ad.square, rand(3, 4)),
    "neg": (lambda x: -x, rand(3, 4)),
    "pow3": (lambda x: x**3, rand(3, 4)),
    "pow_half": (lambda x: x**0.5, rand(3, 4, low=0.5, high=2)),
    "sum_axis0": (lambda x: ad.sum(x, axis=0), rand(3, 4)),
    "sum_keep": (lambda x: ad.sum(x, axis=1, keepdims=True), rand(3, 4)),
    "mean_axis1": (lambda x: ad.mean(x, axis=1), rand(3, 4)),
    "mean_all": (ad.mean, rand(3, 4)),
    "reshape": (lambda x: ad.reshape(x, (4, 3)) * C43, rand(3, 4)),
    "transpose": (lambda x: x.T @ C32, rand(3, 4)),
    "index_slice": (lambda x: x[1:, ::2] * 3.0, rand(3, 4)),
    "index_fancy": (lambda x: x[[0, 0, 2], [1, 1, 3]], rand(3, 4)),
    "expand": (lambda x: ad.expand_dims(x, 1) * C324, rand(3, 4)),
    "stack": (lambda x: ad.stack([x[0] * x[1], ad.sin(x[2])], axis=1), rand(3, 4)),
    "concat": (lambda x: ad.concatenate([x, x * x], axis=1), rand(3, 4)),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_rules_match_central_differences(name):
    f, x = UNARY[name]
    result = ad.check_grads(f, x)
    assert result.ok, (name, result.max_error)


BINARY = {
    "add_broadcast": (lambda a, b: a + b, rand(3, 4), rand(4)),
    "sub_broadcast": (lambda a, b: a - b, rand(3, 1), rand(1, 4)),
    "mul_broadcast": (lambda a, b: a * b, rand(2, 3, 4), rand(3, 1)),
    "div": (lambda a, b: a / b, rand(3, 4), rand(4, low=0.5, high=2)),
    "pow_node_exponent": (lambda a, b: a**b, rand(3, low=0.5, high=2), rand(3)),
    "matmul_2d": (lambda a, b: a @ b, rand(3, 4), rand(4, 2)),
    "matmul_mat_vec": (lambda a, b: a @ b, rand(3, 4), rand(4)),
    "matmul_vec_mat": (lambda a, b: a @ b, rand(4), rand(4, 2)),
    "matmul_vec_vec": (lambda a, b: a @ b, rand(4), rand(4)),
    "matmul_batched": (lambda a, b: a @ b, rand(2, 3, 4), rand(4, 2)),
    "reuse": (lambda a, b: a * a + a * b + ad.exp(a) * b, rand(3), rand(3)),
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_rules_and_broadcasting_match_central_differences(name):
    f, a, b = BINARY[name]
    result = ad.check_grads(f, a, b)
    assert result.ok, (name, result.max_error)


def test_every_rule_is_exercised():
    names = {r.name for r in ad.RULES.values()}
    assert {"add", "sub", "mul", "div", "pow", "matmul", "exp", "log", "tanh", "sigmoid", "relu",
            "sum", "mean", "reshape", "transpose", "getitem", "broadcast_to"} <= names


x_, y_ = sp.symbols("x y", real=True)


@pytest.mark.parametrize("expr_pair", [
    (lambda v: ad.exp(v[0] * v[1]) + ad.log(v[0]), sp.exp(x_ * y_) + sp.log(x_)),
    (lambda v: ad.tanh(v[0]) ** 2 * v[1] ** 3, sp.tanh(x_) ** 2 * y_**3),
    (lambda v: ad.sigmoid(v[0] - 2 * v[1]) / (1 + v[0] ** 2), 1 / (1 + sp.exp(-(x_ - 2 * y_))) / (1 + x_**2)),
])
def test_gradient_and_hessian_match_sympy(expr_pair):
    f, expr = expr_pair
    point = np.array([0.7, -0.4])
    subs = {x_: point[0], y_: point[1]}
    want_g = np.array([float(sp.diff(expr, v).subs(subs)) for v in (x_, y_)])
    want_h = np.array([[float(sp.diff(expr, a, b).subs(subs)) for b in (x_, y_)] for a in (x_, y_)])
    np.testing.assert_allclose(ad.grad(f)(point), want_g, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ad.hessian(f)(point), want_h, rtol=1e-10, atol=1e-12)


def test_hessian_of_mlp_cost_matches_differences_of_the_gradient():
    x, y = rand(2, 5), rand(1, 5)

    def cost(w):
        W1 = ad.reshape(w[:6], (3, 2))
        W2 = ad.reshape(w[6:], (1, 3))
        return ad.sum((ad.sigmoid(W2 @ ad.tanh(W1 @ x)) - y) ** 2) / 5

    w = rand(9)
    H = ad.hessian(cost)(w)
    numeric = ad.numerical_jacobian(ad.grad(cost), w, eps=1e-5)
    np.testing.assert_allclose(H, numeric, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(H, H.T, atol=1e-12)


def test_jacobian_shape_is_output_then_input():
    J = ad.jacobian(lambda W: ad.sigmoid(W @ np.ones((3, 2))))(rand(4, 3))
    assert J.shape == (4, 2, 4, 3)


def test_grad_refuses_vector_output():
    with pytest.raises(ValueError, match="use jacobian"):
        ad.grad(lambda x: x * 2)(rand(3))


def test_constant_function_has_zero_gradient():
    assert np.array_equal(ad.grad(lambda x: 3.0)(rand(2)), np.zeros(2))


def test_deep_chain_does_not_recurse():
    def f(x):
        for _ in range(20_000):
            x = x * 1.0001 + 0.0
        return ad.sum(x)

    np.testing.assert_allclose(ad.grad(f)(np.ones(2)), 1.0001**20_000 * np.ones(2), rtol=1e-9)


def test_reused_node_accumulates():
    x = ad.var(np.array(3.0))
    y = x * x * x + x
    y.backward()
    assert float(x.grad) == pytest.approx(28.0)


def test_backward_pass_leaves_no_reference_cycles():
    W1, W2, x = rand(6, 1), rand(2, 6), rand(1, 100)
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            a, b = ad.var(W1), ad.var(W2)
            cost = ad.sum((ad.sigmoid(b @ ad.sigmoid(a @ x)) - 0.5) ** 2)
            cost.backward()
            ad.grad(lambda w: ad.sum(ad.sigmoid(w @ x)))(W1)
            ad.hessian(lambda v: ad.sum(ad.tanh(v) ** 3))(rand(3))
            del a, b, cost
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_export_graph_has_values_and_gradients():
    w = ad.var(np.array([[0.5, -1.0]]), name="w")
    out = ad.sum(ad.sigmoid(w @ np.array([[1.0], [2.0]])))
    graph = ad.export_graph(out)
    ops = [n["op"] for n in graph["nodes"]]
    assert ops[:4] == ["var", "matmul", "sigmoid", "sum"] and "constant" in ops
    leaf = graph["nodes"][0]
    want = ad.grad(lambda v: ad.sum(ad.sigmoid(v @ np.array([[1.0], [2.0]]))))(w.value)
    assert leaf["name"] == "w"
    np.testing.assert_allclose(leaf["grad"], want, rtol=1e-14)
    assert graph["nodes"][graph["output"]]["grad"] == 1.0


def test_numpy_array_on_the_left_defers_to_the_node():
    out = np.ones((2, 2)) @ ad.var(np.eye(2))
    assert isinstance(out, ad.Node)
    assert isinstance(np.ones(2) + ad.var(np.ones(2)), ad.Node)


shapes = st.sampled_from([((3, 4), (4,)), ((3, 1), (1, 4)), ((2, 3, 4), (3, 4)), ((4,), ()), ((), (2, 2))])


@settings(max_examples=25, deadline=None)
@given(shapes, st.integers(0, 2**32 - 1), st.sampled_from(["add", "mul", "sub", "div"]))
def test_broadcasting_gradients_property(shape_pair, seed, op):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.5, 2.0, size=shape_pair[0])
    b = rng.uniform(0.5, 2.0, size=shape_pair[1])
    f = {"add": lambda p, q: p + q, "mul": lambda p, q: p * q,
         "sub": lambda p, q: p - q, "div": lambda p, q: p / q}[op]
    result = ad.check_grads(lambda p, q: ad.sum(ad.tanh(f(p, q)) ** 2), a, b)
    assert result.ok, result.max_error


@settings(max_examples=20, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 4)),
                  elements=st.floats(-3, 3, allow_nan=False)))
def test_grad_of_sum_of_squares_is_twice_x(x):
    np.testing.assert_allclose(ad.grad(lambda v: ad.sum(v * v))(x), 2 * x, rtol=1e-12, atol=1e-15)


def test_grad_with_respect_to_several_arguments_in_one_sweep():
    a, b = rand(3, 2), rand(2)
    value, (ga, gb) = ad.value_and_grad(lambda p, q: ad.sum(ad.tanh(p @ q) ** 2), (0, 1))(a, b)
    assert value == pytest.approx(float(np.sum(np.tanh(a @ b) ** 2)))
    np.testing.assert_allclose(ga, ad.grad(lambda p: ad.sum(ad.tanh(p @ b) ** 2))(a), rtol=1e-14)
    np.testing.assert_allclose(gb, ad.grad(lambda q: ad.sum(ad.tanh(a @ q) ** 2))(b), rtol=1e-14)


# --- the fused dense layer ----------------------------------------------------------------


def _unfused(W, a, b, activation):
    z = W @ a if b is None else W @ a + b
    return {"sigmoid": ad.sigmoid, "tanh": ad.tanh, "relu": ad.relu, "identity": lambda v: v}[activation](z)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "identity"])
@pytest.mark.parametrize("shapes", [((4, 3), (3, 5), (4, 1)), ((4, 3), (3,), (4,)), ((2, 4, 3), (3, 5), (4, 1))])
def test_dense_layer_gradients_match_central_differences(activation, shapes):
    W, a, b = rand(*shapes[0]), rand(*shapes[1]), rand(*shapes[2])
    if activation == "relu":  # keep W @ a + b away from the kink
        b = b + np.where(rand(*shapes[2]) > 0, 2.0, -2.0)
    result = ad.check_grads(lambda W, a, b: ad.dense(W, a, b, activation), W, a, b)
    assert result.ok, result.max_error


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "identity"])
def test_dense_layer_is_the_unfused_layer(activation):
    W, a, b, y = rand(4, 3), rand(3, 50), rand(4, 1), rand(4, 50)

    def cost(layer):
        return lambda W, a, b: ad.sum((layer(W, a, b, activation) - y) ** 2) / 50

    fused = ad.value_and_grad(cost(ad.dense), (0, 1, 2))(W, a, b)
    plain = ad.value_and_grad(cost(_unfused), (0, 1, 2))(W, a, b)
    assert fused[0] == pytest.approx(plain[0], rel=1e-14)
    for got, want in zip(fused[1], plain[1], strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ad.dense(W, a, None, activation), _unfused(W, a, None, activation), rtol=1e-14)


def test_dense_network_hessian_matches_the_unfused_one():
    x, y = rand(2, 6), rand(1, 6)

    def cost(layer):
        def c(w):
            W1, b1 = ad.reshape(w[:6], (3, 2)), ad.reshape(w[6:9], (3, 1))
            W2, b2 = ad.reshape(w[9:12], (1, 3)), ad.reshape(w[12:], (1, 1))
            return ad.sum((layer(W2, layer(W1, x, b1, "tanh"), b2, "sigmoid") - y) ** 2)
        return c

    w = rand(13)
    np.testing.assert_allclose(ad.hessian(cost(ad.dense))(w), ad.hessian(cost(_unfused))(w), rtol=1e-10, atol=1e-13)


def test_dense_layer_in_the_exported_graph():
    W, a = ad.var(rand(2, 3), name="W"), rand(3, 4)
    graph = ad.export_graph(ad.sum(ad.dense(W, a, np.zeros((2, 1)), "tanh")))
    dense = next(n for n in graph["nodes"] if n["op"] == "dense")
    assert dense["aux"] == {"activation": "'tanh'"} and len(dense["parents"]) == 3
    leaf = next(n for n in graph["nodes"] if n["name"] == "W")
    np.testing.assert_allclose(leaf["grad"], ad.grad(lambda v: ad.sum(ad.tanh(v @ a)))(W.value), rtol=1e-13)


def test_dense_layer_refuses_an_unknown_activation():
    with pytest.raises(ValueError, match="unknown activation 'softplus'"):
        ad.dense(rand(2, 3), rand(3), activation="softplus")


def test_sigmoid_is_exact_in_the_tails_without_warnings():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = ad.sigmoid(np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0]))
    np.testing.assert_allclose(values, [0.0, np.exp(-40.0) / (1 + np.exp(-40.0)), 0.5, 1.0, 1.0], rtol=1e-15)


def test_gradient_sweeps_the_tape_and_ignores_nodes_made_before_it():
    outside = ad.var(rand(3))  # made before the gradient started recording: a constant to it
    a = rand(3)
    g = ad.grad(lambda v: ad.sum(ad.sin(v) * outside + v * v))(a)
    np.testing.assert_allclose(g, np.cos(a) * outside.value + 2 * a, rtol=1e-14)
    # a gradient inside a gradient (each records its own tape, or the outer graph when nested)
    inner = ad.grad(lambda v: ad.sum(ad.grad(lambda w: ad.sum(w**3))(v) * v))(a)
    np.testing.assert_allclose(inner, 9 * a**2, rtol=1e-12)
