"""Gradient descent, backtracking, Newton and the course's hybrid: paths, verdicts and the
classification of the end point, checked against exact minima and SciPy's minimize."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize as scipy_minimize

from mvcalc.math.input.reader import parse
from mvcalc.math.optimize import METHODS, classify_hessian, minimize, minimize_expr

XY = ["x", "y"]


def expr(text):
    return parse(text, variables=XY)


@pytest.mark.parametrize("method", METHODS)
def test_quadratic_bowl_reaches_its_exact_minimum(method):
    # minimum of (x-1)^2 + 2(y+0.5)^2 + xy/2, found by solving the gradient's linear system
    f = expr("(x-1)^2 + 2(y+0.5)^2 + x y/2")
    exact = np.linalg.solve([[2, 0.5], [0.5, 4]], [2, -2])
    result = minimize_expr(f, XY, [3.0, 2.0], method=method, step=0.1)
    assert result.verdict == "converged", result.reason
    assert np.allclose(result.point, exact, atol=1e-7)
    assert result.classification == "minimum"
    assert result.path[0] == [3.0, 2.0] and len(result.path) == result.steps + 1
    assert len(result.values) == len(result.path) and len(result.kinds) == result.steps


def test_newton_takes_one_step_on_a_quadratic():
    result = minimize_expr(expr("(x-1)^2 + 2(y+0.5)^2 + x y/2"), XY, [3.0, 2.0], method="newton")
    assert result.kinds[0] == "newton" and result.steps <= 2


def test_newton_on_rosenbrock_matches_scipy():
    f = expr("(1-x)^2 + 100(y-x^2)^2")
    result = minimize_expr(f, XY, [-1.2, 1.0], method="newton")
    ref = scipy_minimize(lambda v: (1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2, [-1.2, 1.0],
                         method="BFGS", options={"gtol": 1e-10})
    assert result.verdict == "converged" and result.classification == "minimum"
    assert np.allclose(result.point, ref.x, atol=1e-6) and np.allclose(result.point, [1, 1])


def test_pure_newton_can_stop_on_a_saddle_while_the_hybrid_goes_downhill():
    f = expr("x^4/4 - x^2/2 + y^2")  # saddle at the origin, minima at (±1, 0)
    newton = minimize_expr(f, XY, [0.3, 0.5], method="newton")
    assert newton.classification == "saddle" and np.allclose(newton.point, [0, 0], atol=1e-9)
    assert "head for any stationary point" in newton.reason
    hybrid = minimize_expr(f, XY, [0.3, 0.5], method="hybrid")
    assert hybrid.classification == "minimum" and np.allclose(np.abs(hybrid.point), [1, 0], atol=1e-7)
    assert "gradient" in hybrid.kinds  # it refused the uphill Newton step at least once


def test_hybrid_falls_back_to_gradient_steps_when_newton_is_too_long():
    f = expr("x^4/4 - x^2/2 + y^2")
    result = minimize_expr(f, XY, [0.3, 0.5], method="hybrid", max_newton=1e-3)
    assert result.kinds[0] == "gradient" and result.verdict == "converged"
    path = np.array(result.path)
    lengths = np.linalg.norm(np.diff(path, axis=0), axis=1)
    assert all(n <= 1e-3 for n, kind in zip(lengths, result.kinds, strict=True) if kind == "newton")


def test_too_large_a_fixed_step_diverges():
    result = minimize_expr(expr("x^2 + y^2"), XY, [1.0, 1.0], method="gd", step=1.5)
    assert result.verdict == "diverging"
    backtracking = minimize_expr(expr("x^2 + y^2"), XY, [1.0, 1.0], method="backtracking", step=1.5)
    assert backtracking.verdict == "converged" and np.allclose(backtracking.point, [0, 0], atol=1e-8)


def test_fixed_step_descent_decreases_f_on_a_convex_function():
    result = minimize_expr(expr("x^2 + 3y^2 + x y"), XY, [2.0, -1.0], method="gd", step=0.05)
    assert all(b <= a for a, b in zip(result.values, result.values[1:], strict=False))


def test_singular_hessian_stalls_pure_newton():
    result = minimize(lambda v: v[0] ** 2, lambda v: np.array([2 * v[0], 0.0]),
                      lambda v: np.array([[2.0, 0.0], [0.0, 0.0]]), [1.0, 1.0], method="newton")
    assert result.verdict == "stalled" and "singular" in result.reason


def test_classify_hessian():
    assert classify_hessian(np.diag([1.0, 2.0])) == "minimum"
    assert classify_hessian(np.diag([-1.0, -2.0])) == "maximum"
    assert classify_hessian(np.diag([1.0, -2.0])) == "saddle"
    assert classify_hessian(np.diag([1.0, 0.0])) == "degenerate"


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: minimize_expr(expr("x^2+y^2"), XY, [1.0], method="gd"), "starting coordinates"),
        (lambda: minimize_expr(expr("x^2+y^2"), ["x"], [1.0], method="gd"), "not among the variables"),
        (lambda: minimize_expr(expr("x^2+y^2"), XY, [1.0, 1.0], method="sgd"), "unknown method"),
        (lambda: minimize_expr(expr("x^2+y^2"), XY, [1.0, 1.0], step=-1), "positive"),
    ],
)
def test_bad_arguments(call, words):
    with pytest.raises(ValueError, match=words):
        call()


@settings(max_examples=20, deadline=None)
@given(
    a=st.floats(0.5, 4.0), c=st.floats(0.5, 4.0), b=st.floats(-0.4, 0.4),
    p=st.floats(-3, 3), q=st.floats(-3, 3),
)
def test_every_method_finds_the_minimum_of_a_random_bowl(a, c, b, p, q):
    """f = a x² + 2b√(ac) xy + c y² − p x − q y is convex; its minimum solves H v = (p, q)."""
    off = b * np.sqrt(a * c)
    H = np.array([[2 * a, 2 * off], [2 * off, 2 * c]])
    exact = np.linalg.solve(H, [p, q])

    def f(v):
        return a * v[0] ** 2 + 2 * off * v[0] * v[1] + c * v[1] ** 2 - p * v[0] - q * v[1]

    def grad(v):
        return H @ v - np.array([p, q])

    for method in ("backtracking", "newton", "hybrid"):
        result = minimize(f, grad, lambda v: H, [2.0, -2.0], method=method, step=0.05, max_iter=5000)
        assert result.verdict == "converged", (method, result.reason)
        assert np.allclose(result.point, exact, atol=1e-6), method


def test_the_hybrid_with_too_large_a_gradient_step_oscillates():
    """γ = 0.5 on curvature 4: each gradient step flips y − y* (factor 1 − 0.5·4 = −1), and the
    Newton step from either end is longer than 2, so the course's hybrid cycles for ever."""
    result = minimize_expr(expr("x^2 + 2y^2 - y"), XY, [2.0, -2.0], method="hybrid", step=0.5)
    assert result.verdict == "oscillating" and "period 2" in result.reason
    assert "too large" in result.reason


def test_an_inflection_point_is_not_called_a_minimum():
    result = minimize_expr(parse("x^3", variables=["x"]), ["x"], [1.0], method="newton")
    assert result.verdict == "converged" and result.classification == "degenerate"
