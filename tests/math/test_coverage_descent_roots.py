"""Coverage of descent and Newton's rarer verdicts (mvcalc.math.optimize), against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mvcalc.math.input.reader import parse
from mvcalc.math.optimize.descent import classify_hessian, minimize
from mvcalc.math.optimize.roots import newton, newton_expr, newton_system


def test_minimize_refusals() -> None:
    f, g = (lambda x: float(x @ x)), (lambda x: 2 * x)
    with pytest.raises(ValueError, match="unknown method 'sgd'"):
        minimize(f, g, None, [1.0], method="sgd")
    with pytest.raises(ValueError, match="the newton method needs the Hessian"):
        minimize(f, g, None, [1.0], method="newton")
    with pytest.raises(ValueError, match="step size must be positive"):
        minimize(f, g, None, [1.0], method="gd", step=0.0)


def test_converged_result_and_its_data() -> None:
    # x² + y², gradient 2(x, y), Hessian 2I: one Newton step reaches the minimum at 0
    result = minimize(lambda x: float(x @ x), lambda x: 2 * x, lambda x: 2 * np.eye(2), [3.0, -4.0],
                      method="newton")
    assert result.converged and result.point == [0.0, 0.0] and result.classification == "minimum"
    data = result.to_dict()
    assert data["path"][0] == [3.0, -4.0] and data["values"][0] == 25.0 and data["verdict"] == "converged"


def test_a_gradient_that_is_not_finite_means_diverging() -> None:
    # log x has gradient 1/x; from x = 0 the value is −inf
    result = minimize(lambda x: float(np.log(x[0])) if x[0] > 0 else -math.inf,
                      lambda x: np.array([1 / x[0] if x[0] else math.inf]), None, [0.0], method="gd")
    assert result.verdict == "diverging" and "not finite at" in result.reason and not result.converged


def test_newton_at_a_maximum_says_so() -> None:
    # −x²: Newton jumps straight to the maximum at 0
    result = minimize(lambda x: -float(x @ x), lambda x: -2 * x, lambda x: -2 * np.eye(1), [1.5], method="newton")
    assert result.converged and result.classification == "maximum"
    assert result.reason.endswith("(pure Newton steps head for any stationary point, not only minima)")


def test_a_singular_hessian_leaves_the_kind_undecided() -> None:
    # x⁴ + y² has a singular Hessian diag(0, 2) at its minimum (0, 0)
    H = np.array([[0.0, 0.0], [0.0, 2.0]])
    assert classify_hessian(H) == "degenerate"
    assert classify_hessian(np.array([[math.nan]])) == "unknown"
    assert classify_hessian(np.diag([1.0, -1.0])) == "saddle"


def test_newton_diverges_on_the_cube_root() -> None:
    # x^(1/3): each Newton step doubles and flips x (x ← x − 3x = −2x)
    def f(t: float) -> float:
        return math.copysign(abs(t) ** (1 / 3), t)

    def df(t: float) -> float:
        return abs(t) ** (-2 / 3) / 3

    result = newton(f, df, 0.1)
    assert result.verdict == "diverging" and "has run off" in result.reason
    assert result.path[1] == pytest.approx(-0.2) and result.path[2] == pytest.approx(0.4)
    assert result.to_dict()["verdict"] == "diverging"


def test_newton_expr_with_a_named_variable_and_one_that_is_unclear() -> None:
    x, a = parse("x", ["x"]), parse("a", ["a"])
    result = newton_expr(x**2 - 2 + 0 * a, 1.0, "x")
    assert result.converged and result.root == pytest.approx(math.sqrt(2), rel=1e-14)
    with pytest.raises(ValueError):
        newton_expr(x**2 - a, 1.0)


def test_newton_system_stops_where_f_is_not_finite() -> None:
    # F(x, y) = (1/x, y) starting at x = 0: not finite at the first step
    result = newton_system(lambda z: np.array([1 / z[0] if z[0] else math.inf, z[1]]),
                           lambda z: np.eye(2), [0.0, 1.0])
    assert not result.converged
    converged = newton_system(lambda z: np.array([z[0] ** 2 - 4, z[1] - 1]),
                              lambda z: np.array([[2 * z[0], 0.0], [0.0, 1.0]]), [3.0, 0.0])
    assert converged.converged and np.allclose(converged.root, [2.0, 1.0], rtol=1e-14)


def test_newton_system_expr_needs_a_square_system() -> None:
    from mvcalc.math.optimize.roots import newton_system_expr

    with pytest.raises(ValueError, match="1 equations in 2 unknowns: Newton needs a square system"):
        newton_system_expr([parse("x + y", ["x", "y"])], ["x", "y"], [0.0, 0.0])
