"""Gradients, Jacobians, Hessians, total derivatives and the chain rule against oracles.

Oracles: SymPy's own diff/jacobian/hessian, and central differences (evaluated with
mvcalc.math.numeric) at random points. Course examples from modules 2 and 3.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from mvcalc.math.input.reader import parse, symbol
from mvcalc.math.multivariate import (
    PointError,
    analyse_stationary,
    buggy_hessians,
    buggy_jacobians,
    chain_rule,
    classify_stationary,
    gradient,
    hessian,
    jacobian,
    total_derivative,
)
from mvcalc.math.multivariate.finite_differences import (
    finite_difference_gradient,
    finite_difference_hessian,
    step_study,
)
from mvcalc.math.numeric import evaluate_mp

x, y, z, t, u, v, r, th, ph = (symbol(n) for n in ("x", "y", "z", "t", "u", "v", "r", "theta", "phi"))


def same(a, b) -> bool:
    return sp.simplify(sp.Matrix(a) - sp.Matrix(b)) == sp.zeros(*sp.Matrix(a).shape)


# --- course examples (module 2 practice sets) ---------------------------------


def test_bigger_jacobian_u_v():
    result = jacobian([x**2 - y**2, 2 * x * y], ["x", "y"], names=["u", "v"])
    assert result.shape == (2, 2)
    assert same(result.value, [[2 * x, -2 * y], [2 * y, 2 * x]])
    assert sp.simplify(result.value.det() - 4 * (x**2 + y**2)) == 0
    assert result.entry(0, 1).label == "∂u/∂y"


def test_spherical_to_cartesian_jacobian_determinant():
    cart = [r * sp.sin(th) * sp.cos(ph), r * sp.sin(th) * sp.sin(ph), r * sp.cos(th)]
    result = jacobian(cart, ["r", "theta", "phi"])
    assert same(result.value, sp.Matrix(cart).jacobian([r, th, ph]))
    assert sp.simplify(result.value.det() - r**2 * sp.sin(th)) == 0


def test_linear_map_jacobian_is_its_matrix():
    a = sp.Matrix([[3, -1, 2], [0, 5, 7]])
    result = jacobian(list(a * sp.Matrix([x, y, z])), "x,y,z")
    assert result.value == sp.ImmutableMatrix(a)


def test_scalar_jacobian_is_a_row_and_gradient_a_column():
    f = x**2 * y + sp.exp(z)
    assert jacobian(f, "x,y,z").shape == (1, 3)
    assert gradient(f, "x,y,z").shape == (3, 1)
    assert gradient(f, "x,y,z").value == jacobian(f, "x,y,z").value.T


def test_jacobian_at_a_point_is_exact_with_a_float_view():
    result = jacobian(sp.sin(x * y) + z, "x,y,z", at={"x": sp.pi, "y": "pi", "z": 1})
    assert result.value == sp.ImmutableMatrix([[sp.pi * sp.cos(sp.pi**2), sp.pi * sp.cos(sp.pi**2), 1]])
    want = [math.pi * math.cos(math.pi**2)] * 2 + [1.0]
    assert np.allclose(result.floats()[0], want, rtol=1e-14)
    at_zero = jacobian([x * sp.exp(y), sp.cos(x) + y], "x,y", at="x=0,y=pi")
    assert at_zero.value == sp.ImmutableMatrix([[sp.exp(sp.pi), 0], [0, 1]])


def test_quadratic_form_from_its_hessian():
    a, b, c = 3, -4, 7
    f = a * x**2 + b * x * y + c * y**2
    h = hessian(f, "x,y").value
    vec = sp.Matrix([x, y])
    assert sp.expand((vec.T * h * vec)[0] / 2 - f) == 0


def test_hessian_of_sin_pi_x_minus_x2y_at_1_pi():
    result = hessian(sp.sin(sp.pi * x - x**2 * y), "x,y", at={"x": 1, "y": sp.pi})
    assert result.value == sp.ImmutableMatrix([[-2 * sp.pi, -2], [-2, 0]])


def test_hessian_3x3_matches_sympy():
    f = x**2 * y * z + sp.sin(x * z) - y**3
    assert same(hessian(f, "x,y,z").value, sp.hessian(f, (x, y, z)))


def test_first_derivatives_of_the_module4_surface():
    f = x * y**2 * sp.exp(-(x**4) - y**2 / 2)
    result = gradient(f, "x,y", at=(-1, 2))
    assert same(result.value, [[-12 * sp.exp(-3)], [4 * sp.exp(-3)]])


# --- oracles over random expressions ---------------------------------------------

ATOMS = [x, y, z, x * y, y * z, x + z]
UNARY = [sp.sin, sp.cos, sp.exp, lambda e: e**2, lambda e: e**3, lambda e: sp.sqrt(e**2 + 1), sp.atan]


@st.composite
def smooth(draw, depth=2):
    """A random smooth expression of x, y, z (defined everywhere)."""
    if depth == 0:
        return draw(st.sampled_from(ATOMS)) * draw(st.integers(-3, 3)) + draw(st.integers(-2, 2))
    kind = draw(st.sampled_from(["add", "mul", "unary"]))
    if kind == "add":
        return draw(smooth(depth - 1)) + draw(smooth(depth - 1))
    if kind == "mul":
        return draw(smooth(depth - 1)) * draw(smooth(depth - 1))
    return draw(st.sampled_from(UNARY))(draw(smooth(depth - 1)))


points = st.tuples(*(st.floats(-1.5, 1.5) for _ in range(3)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smooth(), points)
def test_gradient_matches_sympy_and_central_differences(f, p):
    result = gradient(f, "x,y,z")
    for entry, var in zip(result.entries, (x, y, z), strict=True):
        assert sp.simplify(entry.expr - sp.diff(f, var)) == 0 or _agree_numerically(entry.expr, sp.diff(f, var))
    values = dict(zip("xyz", p, strict=True))
    exact = np.array([float(evaluate_mp(e.expr, values)) for e in result.entries])
    fd = finite_difference_gradient(f, values, h=1e-5)
    assert np.allclose(fd, exact, rtol=1e-5, atol=1e-5 * (1 + np.max(np.abs(exact))))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smooth(depth=1), smooth(depth=1), points)
def test_jacobian_matches_sympy_and_finite_differences(f, g, p):
    result = jacobian([f, g], "x,y,z")
    oracle = sp.Matrix([f, g]).jacobian([x, y, z])
    values = dict(zip("xyz", p, strict=True))
    for i, comp in enumerate((f, g)):
        fd = finite_difference_gradient(comp, values, h=1e-5)
        for j in range(3):
            assert _agree_numerically(result.value[i, j], oracle[i, j])
            exact = float(evaluate_mp(result.value[i, j], values))
            assert math.isclose(fd[j], exact, rel_tol=1e-5, abs_tol=1e-5 * (1 + abs(exact)))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smooth(), points)
def test_hessian_matches_sympy_and_finite_differences(f, p):
    result = hessian(f, "x,y,z")
    oracle = sp.hessian(f, (x, y, z))
    values = dict(zip("xyz", p, strict=True))
    exact = np.array([[float(evaluate_mp(result.value[i, j], values)) for j in range(3)] for i in range(3)])
    for i in range(3):
        for j in range(3):
            assert _agree_numerically(result.value[i, j], oracle[i, j])
    # the finite-difference oracle with its own error estimate: halving h cuts the truncation error
    # about 4x, so |fd(h/2) - exact| is within |fd(h) - fd(h/2)| (fast-varying f such as sin(e^(2yz))
    # need no hand-picked tolerance)
    coarse = finite_difference_hessian(f, values, h=2e-3)
    fd = finite_difference_hessian(f, values, h=1e-3)
    scale = 1 + np.max(np.abs(exact))
    assert np.all(np.abs(fd - exact) <= np.abs(coarse - fd) + 1e-3 * scale)
    assert np.allclose(exact, exact.T, rtol=1e-12, atol=1e-12 * scale)


def _agree_numerically(a, b, samples=4) -> bool:
    rng = np.random.default_rng(0)
    for _ in range(samples):
        values = dict(zip("xyz", rng.uniform(-1.5, 1.5, 3), strict=True))
        va, vb = evaluate_mp(a, values, dps=30), evaluate_mp(b, values, dps=30)
        if abs(va - vb) > 1e-20 * max(1, abs(va)):
            return False
    return True


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-5, 5), st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=5),
    st.tuples(st.integers(-3, 3), st.integers(-3, 3)),
)
def test_polynomial_hessian_at_integer_points_is_exact(terms, p):
    f = sum(c * x**i * y**j for c, i, j in terms)
    at = {"x": p[0], "y": p[1]}
    got = hessian(f, "x,y", at=at).value
    want = sp.hessian(f, (x, y)).subs({x: p[0], y: p[1]})
    assert got == sp.ImmutableMatrix(want)
    assert all(e.is_Integer for e in got)


# --- entries, working, displays -----------------------------------------------------


def test_entries_say_which_partial_they_are_and_show_verified_steps():
    result = hessian(x**3 * sp.sin(y), "x,y")
    labels = [e.label for e in result.entries]
    assert labels == ["∂²f/∂x²", "∂²f/∂x∂y", "∂²f/∂y∂x", "∂²f/∂y²"]
    mixed = result.entry(0, 1)  # ∂/∂x of ∂f/∂y
    working = mixed.working()
    assert [w["wrt"] for w in working] == ["y", "x"]
    assert "treat x as constant" in working[0]["note"]
    assert working[0]["steps"] is not None  # derive is installed: the steps are there
    current = x**3 * sp.sin(y)
    for item, var in zip(working, mixed.wrt, strict=True):
        current = sp.diff(current, var)
        assert sp.simplify(parse(item["result"], ["x", "y"]) - current) == 0
    assert sp.simplify(current - mixed.expr) == 0


def test_displays_json_latex_rich():
    result = jacobian([x**2 - y**2, 2 * x * y], "x,y", at="x=1,y=2")
    data = result.to_dict(steps=True)
    json.dumps(data)
    assert data["value"] == [["2", "-4"], ["4", "2"]]
    assert data["floats"] == [[2.0, -4.0], [4.0, 2.0]]
    assert result._repr_latex_().startswith("$$J = ")
    assert r"\begin{matrix}" in result.latex()
    text = str(result)
    assert "Jacobian" in text and "x = 1, y = 2" in text
    console = Console(record=True, width=100)
    console.print(result)
    assert "2*x" in console.export_text()


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: gradient(1 / x + y, "x,y", at="x=0,y=1"), "not defined"),
        (lambda: gradient(x * y, "x,y", at="x=1"), "give a value for y"),
        (lambda: gradient(x * y, "x,y", at="x=1,w=2"), "w is not one of the variables"),
        (lambda: gradient(x * y, "x,y", at=(1, 2, 3)), "3 coordinates"),
        (lambda: gradient(x * y, "x,y", at="x=oops("), "could not read"),
        (lambda: jacobian(sp.Matrix([[x, y], [y, x]]), "x,y"), "vector of functions"),
        (lambda: gradient([x, y], "x,y"), "one scalar function"),
        (lambda: classify_stationary(x**2 + y, "x,y", (0, 0)), "not a stationary point"),
        (lambda: gradient(x, "x,x"), "listed twice"),
    ],
)
def test_bad_input_gets_a_message(call, message):
    with pytest.raises(PointError) as info:
        call()
    assert message in info.value.message


def test_text_input_goes_through_the_parser():
    result = jacobian(["x^2 - y^2", "2xy"], "x,y")
    assert same(result.value, [[2 * x, -2 * y], [2 * y, 2 * x]])


# --- stationary points --------------------------------------------------------------------


@pytest.mark.parametrize(
    "f, kind",
    [
        (x**2 + y**2, "minimum"),
        (-(x**2) - 3 * y**2 + x * y, "maximum"),
        (x**2 - y**2, "saddle"),
        (x * y, "saddle"),
        (x**4 + y**2, "degenerate"),
        (x**2 + y**2 + z**2 - x * y, "minimum"),
        (x**2 + y**2 - z**2, "saddle"),
        (x**2 - y**4 + z**2, "degenerate"),
    ],
)
def test_classify_stationary(f, kind):
    names = sorted(s.name for s in f.free_symbols)
    assert classify_stationary(f, names, tuple(0 for _ in names)) == kind


def test_classification_agrees_with_numpy_eigenvalues():
    rng = np.random.default_rng(3)
    for _ in range(10):
        a = rng.integers(-4, 5, (3, 3))
        sym = a + a.T
        f = sum(sp.Rational(int(sym[i, j]), 2) * w1 * w2 for i, w1 in enumerate((x, y, z)) for j, w2 in enumerate((x, y, z)))
        info = analyse_stationary(f, "x,y,z", (0, 0, 0))
        eig = np.linalg.eigvalsh(sym.astype(float))
        assert info.positive == int(np.sum(eig > 1e-9))
        assert info.negative == int(np.sum(eig < -1e-9))
        assert np.allclose(sorted(info.eigenvalues), sorted(eig))


# --- total derivative and chain rule -----------------------------------------------------


def test_total_derivative_terms_and_check():
    result = total_derivative(x**2 * y + sp.sin(z), {"x": sp.cos(t), "y": t**2, "z": sp.exp(t)}, "t", at={"t": 0})
    assert [term.variable.name for term in result.terms] == ["x", "y", "z"]
    direct = sp.diff((x**2 * y + sp.sin(z)).subs({x: sp.cos(t), y: t**2, z: sp.exp(t)}), t)
    assert sp.simplify(result.value - direct) == 0
    assert result.verified
    assert result.value_at == sp.cos(1)
    assert "∂f/∂x·dx/dt" in str(result)
    json.dumps(result.to_dict())


def test_total_derivative_with_explicit_t_dependence():
    result = total_derivative(x * t, {"x": t**2}, "t")
    assert sp.simplify(result.value - 3 * t**2) == 0
    assert result.terms[-1].variable == t


def test_chain_rule_shapes_and_value():
    result = chain_rule(x**2 * y, {"x": u * v, "y": u + v}, {"u": sp.cos(t), "v": sp.sin(t)})
    assert result.shapes == "(1×2)(2×2)(2×1) = 1×1"
    composed = (x**2 * y).subs({x: u * v, y: u + v}).subs({u: sp.cos(t), v: sp.sin(t)})
    assert sp.simplify(result.value[0] - sp.diff(composed, t)) == 0
    assert result.verified
    json.dumps(result.to_dict())


def test_chain_rule_vector_outputs():
    result = chain_rule([x + y, x * y, x - y], {"x": u**2, "y": u * v}, at="u=1,v=2")
    assert result.shapes == "(3×2)(2×2) = 3×2"
    composed = sp.Matrix([u**2 + u * v, u**3 * v, u**2 - u * v])
    assert same(result.value, composed.jacobian([u, v]))
    assert result.value_at == sp.ImmutableMatrix(composed.jacobian([u, v]).subs({u: 1, v: 2}))


def test_chain_rule_map_must_cover_the_variables():
    with pytest.raises(PointError):
        chain_rule(x * y, {"x": t})


# --- buggy Jacobians and Hessians -------------------------------------------------------------


def test_buggy_jacobians_for_a_vector_function():
    found = {m.rule: m for m in buggy_jacobians([x**2 - y**2, 2 * x * y, x * y * z], "x,y,z")}
    # the Jacobian by hand, not by the engine under test
    j = sp.ImmutableMatrix([[2 * x, -2 * y, 0], [2 * y, 2 * x, 0], [y * z, x * z, x * y]])
    assert found["jacobian_transposed"].answer == j.T
    assert "gradient_as_column" not in found
    for m in found.values():
        assert m.answer != j and m.message


def test_buggy_jacobian_of_a_scalar_is_a_column():
    found = {m.rule: m for m in buggy_jacobians(x**3 * y, "x,y")}
    assert found["gradient_as_column"].answer == sp.ImmutableMatrix([[3 * x**2 * y], [x**3]])
    assert "jacobian_transposed" not in found


def test_buggy_jacobian_non_square_mixes_rows_and_columns():
    found = {m.rule: m for m in buggy_jacobians([x * y, y * z], "x,y,z")}
    mixed = found["jacobian_rows_columns_mixed"].answer
    assert mixed.shape == (2, 3)
    by_hand = [y, x, 0, 0, z, y]  # [[y, x, 0], [0, z, y]], by hand
    assert sorted(map(str, mixed)) == sorted(map(str, by_hand))
    assert list(mixed) != by_hand


def test_symmetric_jacobian_has_no_transposed_twin():
    rules = {m.rule for m in buggy_jacobians([x + y, x - y + 0 * z, z], "x,y,z")}
    # J = [[1, 1, 0], [1, -1, 0], [0, 0, 1]] is symmetric: transposing it changes nothing
    assert "jacobian_transposed" not in rules


def test_buggy_hessians():
    found = {m.rule: m for m in buggy_hessians(x**3 * y + y**2, "x,y", at={"x": 1, "y": 2})}
    assert found["hessian_without_mixed_partials"].answer == sp.ImmutableMatrix([[12, 0], [0, 2]])
    assert found["hessian_diagonal_only"].answer == sp.ImmutableMatrix([[12, 2]])
    assert found["hessian_first_derivatives"].answer == sp.ImmutableMatrix([[6, 5]])
    assert found["hessian_without_mixed_partials"].message.startswith("You left out the mixed partial derivatives")
    assert found["hessian_diagonal_only"].message.startswith("You gave only the pure second derivatives")
    assert found["hessian_first_derivatives"].message.startswith("These are the first derivatives (the Jacobian)")


def test_hessian_without_mixed_partials_is_dropped_when_they_are_zero():
    rules = {m.rule for m in buggy_hessians(x**2 + y**4, "x,y")}
    assert "hessian_without_mixed_partials" not in rules


# --- finite differences ("reality is hard") ----------------------------------------------------


def test_forward_and_central_error_orders_and_rounding():
    f = sp.sin(x) * sp.exp(y)
    study = step_study(f, {"x": 1, "y": sp.Rational(1, 2)}, steps=[10.0**-k for k in range(1, 14)])
    fwd, cen = study.forward, study.central
    # truncation: forward error ~ h, central ~ h^2 while h is large
    assert 5 < fwd[1] / fwd[2] < 20
    assert 50 < cen[0] / cen[1] < 200
    # rounding: far below the best step, the error grows again
    assert fwd[-1] > 100 * min(fwd)
    assert cen[-1] > 100 * min(cen)
    assert 1e-10 <= study.best("forward") <= 1e-6
    assert 1e-7 <= study.best("central") <= 1e-3
    assert "best h" in str(study)


def test_finite_difference_gradient_of_a_python_function():
    g = finite_difference_gradient(lambda p: p[0] ** 2 * p[1], [1.0, 2.0], 1e-6, "central")
    assert np.allclose(g, [4.0, 1.0], atol=1e-8)
    with pytest.raises(PointError):
        finite_difference_gradient(lambda p: p[0], [1.0], 1e-6, "sideways")
