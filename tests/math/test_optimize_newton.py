"""Newton–Raphson: the course's sextic, and one example of every verdict, each checked
against an independent root (NumPy's polynomial roots, SciPy's brentq and fsolve)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq, fsolve

from mvcalc.math.input.reader import parse
from mvcalc.math.optimize import VERDICTS, newton, newton_expr, newton_system, newton_system_expr

SEXTIC = "x^6/6 - 3x^4 - 2x^3/3 + 27x^2/2 + 18x - 30"
SEXTIC_COEFFS = [1 / 6, 0, -3, -2 / 3, 27 / 2, 18, -30]


def real_roots(coeffs):
    return sorted(r.real for r in np.roots(coeffs) if abs(r.imag) < 1e-9)


def f_sextic():
    return parse(SEXTIC, variables=["x"])


def test_sextic_derivative_and_first_step_by_hand():
    result = newton_expr(f_sextic(), 1.0)
    assert result.notes == ["f'(x) = x**5 - 12*x**3 - 2*x**2 + 27*x + 18"]
    # by hand: f(1) = 1/6 - 3 - 2/3 + 27/2 + 18 - 30 = -2, f'(1) = 1 - 12 - 2 + 27 + 18 = 32,
    # so x1 = 1 - (-2)/32 = 1.0625
    assert result.values[0] == pytest.approx(-2.0)
    assert result.path[1] == pytest.approx(1.0625)


def test_sextic_from_one_converges_to_the_root_near_one():
    result = newton_expr(f_sextic(), 1.0)
    roots = real_roots(SEXTIC_COEFFS)
    assert result.verdict == "converged" and result.steps <= 6
    assert result.root == pytest.approx(roots[1], abs=1e-12)  # 1.0630706...
    assert result.root == pytest.approx(brentq(lambda t: np.polyval(SEXTIC_COEFFS, t), 0, 2), abs=1e-12)


def test_sextic_from_minus_four_reaches_the_root_near_minus_four():
    result = newton_expr(f_sextic(), -4.0)
    assert result.verdict == "converged"
    assert result.root == pytest.approx(real_roots(SEXTIC_COEFFS)[0], abs=1e-12)  # -3.7602...


def test_sextic_from_1_99_is_thrown_far_by_a_nearly_flat_tangent():
    """f'(2) = 0, so from 1.99 the tangent is almost flat: the first step lands near -36,
    and the iteration then walks back to the root near -3.76."""
    result = newton_expr(f_sextic(), 1.99)
    assert result.path[1] == pytest.approx(-36.4746, abs=1e-3)
    assert result.verdict == "converged" and result.steps > 15
    assert result.root == pytest.approx(real_roots(SEXTIC_COEFFS)[0], abs=1e-12)


def test_sextic_from_two_stalls_on_the_flat_point():
    result = newton_expr(f_sextic(), 2.0)
    assert result.verdict == "stalled" and "f'(x) = 0" in result.reason


def test_oscillation_is_detected_with_its_period():
    result = newton_expr(parse("x^3 - 2x + 2", variables=["x"]), 0.0)
    assert result.verdict == "oscillating" and result.period == 2
    assert "period 2" in result.reason


def test_divergence_of_arctan_from_far_enough():
    # atan: Newton converges only for |x0| < 1.3917...; from 1.5 the iterates grow without bound
    result = newton_expr(parse("atan(x)", variables=["x"]), 1.5)
    assert result.verdict == "diverging"
    assert abs(result.path[-1]) > 1e6
    converging = newton_expr(parse("atan(x)", variables=["x"]), 1.3)
    assert converging.verdict == "converged" and converging.root == pytest.approx(0, abs=1e-12)


def test_drifting_to_infinity_is_diverging():
    result = newton_expr(parse("exp(x)", variables=["x"]), 0.0)
    assert result.verdict == "diverging" and "same way" in result.reason


def test_one_step_is_one_step_in_the_verdict():
    """A first tangent that runs off at once: "after 1 step", never "after 1 steps"."""
    result = newton_expr(parse("x^3 - 10^9", variables=["x"]), 1e-6)
    assert result.verdict == "diverging" and result.steps == 1
    assert "after 1 step x" in result.reason and "1 steps" not in result.reason
    assert "in 1 step " in newton_expr(parse("x^2 + 1", variables=["x"]), 0.5, max_iter=1).reason
    assert "in 2 steps " in newton_expr(parse("x^2 + 1", variables=["x"]), 0.5, max_iter=2).reason


def test_leaving_the_domain_is_undefined():
    result = newton_expr(parse("ln(x)", variables=["x"]), 3.0)
    assert result.verdict == "undefined"


def test_no_real_root_wanders():
    result = newton_expr(parse("x^2 + 1", variables=["x"]), 0.5, max_iter=60)
    assert result.verdict == "wandering"
    assert set(VERDICTS) >= {result.verdict}


def test_slow_convergence_to_a_triple_root_is_not_a_cycle():
    result = newton_expr(parse("(x-1)^3", variables=["x"]), 3.0)
    assert result.verdict == "converged" and result.root == pytest.approx(1.0, abs=1e-8)


def test_callables_and_expression_need_one_variable():
    result = newton(math.cos, lambda t: -math.sin(t), 1.0)
    assert result.root == pytest.approx(math.pi / 2, abs=1e-14)
    with pytest.raises(ValueError, match="exactly one variable"):
        newton_expr(parse("x y", variables=["x", "y"]), 1.0)


def test_newton_system_matches_fsolve():
    exprs = [parse("x^2 + y^2 - 4", variables=["x", "y"]), parse("exp(x) + y - 1", variables=["x", "y"])]
    result = newton_system_expr(exprs, ["x", "y"], [1.0, -1.7])
    ref = fsolve(lambda v: [v[0] ** 2 + v[1] ** 2 - 4, np.exp(v[0]) + v[1] - 1], [1.0, -1.7], xtol=1e-14)
    assert result.verdict == "converged"
    assert np.allclose(result.root, ref, atol=1e-10)


def test_newton_system_singular_jacobian_stalls():
    result = newton_system(lambda v: np.array([v[0] ** 2, v[1]]), lambda v: np.array([[2 * v[0], 0], [0, 1.0]]),
                           [0.0, 1.0])
    assert result.verdict == "stalled" and "singular" in result.reason


@settings(max_examples=30, deadline=None)
@given(r1=st.floats(-5, -0.5), r2=st.floats(0.5, 5))
def test_converged_roots_are_roots(r1, r2):
    x = sp.Symbol("x", real=True)
    f = (x - sp.Float(r1)) * (x - sp.Float(r2)) * (x**2 + 1)
    result = newton_expr(f, 0.0)
    if result.verdict == "converged":
        assert min(abs(result.root - r1), abs(result.root - r2)) < 1e-9
    else:
        assert result.verdict in VERDICTS and result.reason
