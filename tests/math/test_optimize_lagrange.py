"""Lagrange multipliers: the course's two problems (module 5, practice set 3), a few exact
textbook cases, and the numeric search, checked against SciPy's constrained minimiser and
a high-precision residual of ∇L = 0."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize as scipy_minimize

from mvcalc.math.input.reader import parse
from mvcalc.math.optimize import lagrange

XY = ["x", "y"]


def expr(text, names=XY):
    return parse(text, variables=names)


@pytest.fixture(scope="module")
def course_problem_one():
    f = expr("exp(-(2x^2 + y^2 - x y)/2)")
    g = expr("x^2 + 3(y+1)^2 - 1")
    return f, g, lagrange(f, [g], XY)


def test_course_problem_one_is_solved_exactly_with_four_points(course_problem_one):
    f, g, result = course_problem_one
    assert result.method == "exact"
    assert len(result.points) == 4
    x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
    # ∂g/∂x and ∂g/∂y as the course asks
    assert sp.diff(g, x) == 2 * x and sp.expand(sp.diff(g, y) - (6 * y + 6)) == 0
    lam = sp.Symbol("lambda", real=True)
    grad_L = [sp.diff(f - lam * g, v) for v in (x, y)]
    for p in result.points:
        # the exact values, evaluated to 40 digits, satisfy g = 0 and ∇L = 0
        subs = {x: sp.N(p.exact["x"], 40), y: sp.N(p.exact["y"], 40)}
        assert all(abs(sp.im(v)) < 1e-35 for v in subs.values())
        subs = {k: sp.re(v) for k, v in subs.items()}
        assert abs(float(g.subs(subs))) < 1e-30
        assert float(subs[x]) == pytest.approx(p.point["x"], abs=1e-14)
        for eq in grad_L:
            assert abs(float(eq.subs({**subs, lam: p.multipliers["lambda"]}))) < 1e-12
    kinds = sorted(p.kind for p in result.points)
    assert kinds == ["maximum", "maximum", "minimum", "minimum"]  # alternate round the ellipse


def test_course_problem_one_global_minimum_matches_scipy(course_problem_one):
    _f, _g, result = course_problem_one
    best = result.global_minimum()
    ref = min(
        (scipy_minimize(lambda v: np.exp(-(2 * v[0] ** 2 + v[1] ** 2 - v[0] * v[1]) / 2), start,
                        constraints={"type": "eq", "fun": lambda v: v[0] ** 2 + 3 * (v[1] + 1) ** 2 - 1},
                        method="SLSQP", options={"ftol": 1e-14})
         for start in ([1, -1], [-1, -1], [0, -0.2], [0, -1.9])),
        key=lambda r: r.fun,
    )
    assert best.kind == "minimum"
    assert best.value == pytest.approx(ref.fun, rel=1e-8)
    assert [best.point["x"], best.point["y"]] == pytest.approx(list(ref.x), abs=1e-5)
    assert best.point["y"] == pytest.approx(-1.2108295461701823, abs=1e-12)


def test_course_problem_two_numerically():
    """f = −exp(x − y² + xy) on cosh y + x = 2: not solvable in closed form, so numeric."""
    f = expr("-exp(x - y^2 + x y)")
    g = expr("cosh(y) + x - 2")
    result = lagrange(f, [g], XY, timeout=2.0)
    assert result.method == "numeric"
    assert len(result.points) == 2
    best = result.global_minimum()
    # oracle: on the constraint x = 2 − cosh y, stationary points solve a 1-D equation
    y0 = mpmath.findroot(lambda t: (1 + t) * mpmath.sinh(t) - (2 - mpmath.cosh(t) - 2 * t), 0.3)
    assert best.point["y"] == pytest.approx(float(y0), abs=1e-10)
    assert best.point["x"] == pytest.approx(float(2 - mpmath.cosh(y0)), abs=1e-10)
    assert best.kind == "minimum" and best.value == pytest.approx(-3.16222104, abs=1e-8)
    other = result.global_maximum()
    y1 = mpmath.findroot(lambda t: (1 + t) * mpmath.sinh(t) - (2 - mpmath.cosh(t) - 2 * t), -1.8)
    assert other.point["y"] == pytest.approx(float(y1), abs=1e-10) and other.kind == "maximum"


def test_linear_function_on_a_circle_is_exact():
    result = lagrange(expr("x + y"), [expr("x^2 + y^2 - 1")], XY)
    assert result.method == "exact"
    lo, hi = result.global_minimum(), result.global_maximum()
    assert lo.kind == "minimum" and hi.kind == "maximum"
    assert sp.simplify(hi.exact["x"] - sp.sqrt(2) / 2) == 0
    assert lo.value == pytest.approx(-np.sqrt(2)) and hi.multipliers["lambda"] == pytest.approx(np.sqrt(2) / 2)


def test_three_variables_with_saddles():
    names = ["x", "y", "z"]
    result = lagrange(expr("x y z", names), [expr("x + y + z - 3", names)], names)
    assert result.method == "exact"
    kinds = {tuple(round(v, 9) for v in p.point.values()): p.kind for p in result.points}
    assert kinds[(1.0, 1.0, 1.0)] == "maximum"
    assert kinds[(3.0, 0.0, 0.0)] == "saddle"


def test_two_constraints():
    names = ["x", "y", "z"]
    result = lagrange(expr("x + 2y + 3z", names),
                      [expr("x^2 + y^2 + z^2 - 1", names), expr("x - y", names)], names)
    assert len(result.points) == 2
    assert set(result.points[0].multipliers) == {"lambda1", "lambda2"}
    hi = result.global_maximum()
    # on the great circle x = y: maximise 3x + 3z with 2x² + z² = 1 -> value sqrt(27/2)
    assert hi.value == pytest.approx(np.sqrt(13.5), rel=1e-10)


def test_numeric_search_agrees_with_exact():
    exact = lagrange(expr("x^2 y"), [expr("x^2 + y^2 - 3")], XY)
    numeric = lagrange(expr("x^2 y"), [expr("x^2 + y^2 - 3")], XY, exact=False)
    assert numeric.method == "numeric" and exact.method == "exact"
    assert len(numeric.points) == len(exact.points) == 6
    for a, b in zip(exact.points, numeric.points, strict=True):
        assert a.value == pytest.approx(b.value, abs=1e-10) and a.kind == b.kind


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("x", [], XY), "at least one constraint"),
        (("x", ["x", "y", "x+y"], XY), "leave no freedom"),
        (("x + z", ["x+y"], XY), "not among the variables"),
    ],
)
def test_bad_problems(args, words):
    f, gs, names = args
    with pytest.raises(ValueError, match=words):
        lagrange(parse(f), [parse(g) for g in gs], names)


@settings(max_examples=8, deadline=None)
@given(a=st.integers(-5, 5), b=st.integers(-5, 5), r=st.integers(1, 4))
def test_linear_function_on_a_circle(a, b, r):
    """a x + b y on x² + y² = r²: extremes ±r√(a²+b²) at ±r(a, b)/|(a, b)|."""
    if a == 0 and b == 0:
        return
    result = lagrange(expr(f"{a} x + {b} y"), [expr(f"x^2 + y^2 - {r * r}")], XY)
    assert result.method == "exact" and len(result.points) == 2
    norm = np.hypot(a, b)
    hi, lo = result.global_maximum(), result.global_minimum()
    assert hi.value == pytest.approx(r * norm) and lo.value == pytest.approx(-r * norm)
    assert [hi.point["x"], hi.point["y"]] == pytest.approx([r * a / norm, r * b / norm], abs=1e-12)
    assert hi.kind == "maximum" and lo.kind == "minimum"
