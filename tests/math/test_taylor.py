"""Taylor polynomials against SymPy's series and the defining property (derivatives match).

Course examples from module 4; remainder bounds must bound the observed error;
singular points and non-smooth points give a TaylorError with a learner's message.
"""

from __future__ import annotations

import json

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mvcalc.math.input.reader import symbol
from mvcalc.math.series import (
    NoSeriesError,
    SingularPointError,
    TaylorError,
    buggy_series,
    linearise,
    linearize,
    taylor,
)
from mvcalc.math.series.terms import N, general_term, radius_of_convergence, remainder_bound

x, y, z = symbol("x"), symbol("y"), symbol("z")


def sympy_series(f, a, order):
    return sp.series(f, x, a, order + 1).removeO()


def equal_numbers(a, b) -> bool:
    """Exact constants equal: SymPy proves it, or they agree to 40 digits (simplify cannot
    always see that two radical/trigonometric forms of one number are the same)."""
    diff = sp.expand(a - b)
    if diff == 0 or sp.simplify(diff) == 0:
        return True
    return not diff.free_symbols and abs(sp.N(diff, 60)) < sp.Float("1e-40")


def same_polynomial(p, q, variables) -> bool:
    """Coefficient by coefficient, in the monomials of the variables."""
    gap = sp.Poly(sp.expand(p - q), *variables)
    return all(equal_numbers(c, 0) for c in gap.coeffs())


def derivatives_match(f, poly, point: dict, order: int, variables) -> bool:
    """Every partial derivative up to `order` of the polynomial equals f's at the point."""
    from itertools import product

    for alpha in product(range(order + 1), repeat=len(variables)):
        if sum(alpha) > order:
            continue
        wrt = [v for v, p in zip(variables, alpha, strict=True) for _ in range(p)]
        df = sp.diff(f, *wrt).subs(point) if wrt else f.subs(point)
        dp = sp.diff(poly, *wrt).subs(point) if wrt else poly.subs(point)
        if not equal_numbers(df, dp):
            return False
    return True


# --- module 4 practice sets ----------------------------------------------------------


def test_maclaurin_of_exp_x_squared():
    result = taylor(sp.exp(x**2), "x=0", 6)
    assert sp.expand(result.polynomial - (1 + x**2 + x**4 / 2 + x**6 / 6)) == 0
    assert result.maclaurin and result.title().startswith("Maclaurin")


def test_one_over_x_about_4():
    result = taylor(1 / x, 4, 3)
    want = sum((-1) ** k * (x - 4) ** k / 4 ** (k + 1) for k in range(4))
    assert sp.expand(result.polynomial - want) == 0
    assert [t.factorial for t in result.terms] == [1, 1, 2, 6]
    assert result.terms[2].derivative == sp.Rational(2, 64)
    assert result.error_term == "O(Δx^4)"
    assert "(x - 4)" in str(result.polynomial)


def test_ln_x_about_10():
    result = taylor(sp.log(x), {"x": 10}, 4)
    assert sp.expand(result.polynomial - sympy_series(sp.log(x), 10, 4)) == 0
    assert result.terms[0].coefficient == sp.log(10)


def test_sqrt_4_minus_x():
    result = taylor(sp.sqrt(4 - x), 0, 5)
    assert sp.expand(result.polynomial - sympy_series(sp.sqrt(4 - x), 0, 5)) == 0


@pytest.mark.parametrize("point", [sp.Rational(1, 2), -1, 2, 3])
def test_valid_expansion_points_of_2_over_x2_minus_x(point):
    f = 2 / (x**2 - x)
    result = taylor(f, point, 3)
    assert derivatives_match(f, result.polynomial, {x: point}, 3, [x])


@pytest.mark.parametrize("point", [0, 1])
def test_singular_points_of_2_over_x2_minus_x(point):
    with pytest.raises(SingularPointError) as info:
        taylor(2 / (x**2 - x), point, 2)
    assert f"x = {point}" in info.value.message
    assert "Expand about a point" in info.value.message


@pytest.mark.parametrize(
    "f, error, words",
    [
        (1 / x, SingularPointError, "not defined at x = 0"),
        (sp.log(x), SingularPointError, "not defined at x = 0"),
        (sp.sqrt(x), NoSeriesError, "first derivative is infinite"),
        (sp.Abs(x), NoSeriesError, "not smooth"),
        (x ** sp.Rational(1, 3), NoSeriesError, "derivative is infinite"),
    ],
)
def test_no_series_at_the_point(f, error, words):
    with pytest.raises(error) as info:
        taylor(f, 0, 3)
    assert isinstance(info.value, ValueError)
    assert words in info.value.message


def test_not_real_at_the_point():
    with pytest.raises(SingularPointError, match="not a real number"):
        taylor(sp.sqrt(x), -1, 2)


def test_removable_singularity_uses_the_limit():
    result = taylor(sp.sin(x) / x, 0, 4)
    assert sp.expand(result.polynomial - (1 - x**2 / 6 + x**4 / 120)) == 0
    assert result.notes


def test_one_over_x_near_4_error_is_order_dx_squared():
    lin = linearise(1 / x, 4)
    for dx in (sp.Rational(1, 10), sp.Rational(1, 100), sp.Rational(1, 1000)):
        err = (1 / x - lin.polynomial).subs(x, 4 + dx)
        assert abs(float(err / dx**2) - 1 / 64) < 0.02  # f''(4)/2 = 1/64
    assert linearize is linearise
    assert lin.error_term == "O(Δx^2)"


# --- general term ------------------------------------------------------------------------


def same_term(found, want) -> bool:
    return all(sp.simplify(found.subs(N, k) - want.subs(N, k)) == 0 for k in range(0, 12))


def test_general_term_one_over_one_minus_x_squared():
    g = general_term(1 / (1 - x) ** 2, 0)
    assert g.found and g.start == 0
    assert same_term(g.term, (N + 1) * x**N)


def test_general_term_exp_and_cos():
    g = general_term(sp.exp(x), 0)
    assert same_term(g.term, x**N / sp.factorial(N))
    g = general_term(sp.cos(x), 0)
    assert same_term(g.term, (-1) ** N * x ** (2 * N) / sp.factorial(2 * N))
    assert "Σ" in str(g) and r"\sum" in g.latex()


def test_general_term_ln_x_about_10():
    g = general_term(sp.log(x), 10)
    assert g.found and g.start == 1 and g.head == (sp.log(10),)
    want = (-1) ** (N + 1) * (x - 10) ** N / (N * 10**N)
    assert all(sp.simplify(g.term.subs(N, k) - want.subs(N, k)) == 0 for k in range(1, 12))
    json.dumps(g.to_dict())


def test_general_term_not_found_is_said():
    g = general_term(sp.tan(x), 0)
    assert not g.found
    assert "no closed form" in g.message


def test_general_term_of_a_polynomial_is_finite():
    g = general_term(x**3 + 2 * x, 1)
    assert g.finite


# --- radius of convergence -----------------------------------------------------------------


@pytest.mark.parametrize(
    "f, a, radius",
    [
        (1 / (1 + x**2), 2, sp.sqrt(5)),
        (1 / (1 - x) ** 2, 0, 1),
        (sp.log(x), 10, 10),
        (1 / x, 4, 4),
        (sp.sqrt(4 - x), 0, 4),
        (2 / (x**2 - x), sp.Rational(1, 2), sp.Rational(1, 2)),
        (sp.tan(x), 1, sp.pi / 2 - 1),
        (sp.atan(x), 0, 1),
        (sp.exp(x), 3, sp.oo),
        (sp.sin(x) / x, 1, sp.oo),
        (x**3 - x, 5, sp.oo),
    ],
)
def test_radius_of_convergence(f, a, radius):
    found = radius_of_convergence(f, a)
    assert sp.simplify(found.value - radius) == 0 if radius != sp.oo else found.value == sp.oo


def test_radius_agrees_with_the_ratio_test_on_the_general_term():
    g = general_term(sp.log(x), 10)
    k = sp.Symbol("k", positive=True, integer=True)
    coeff = lambda n: sp.Abs(g.term.subs(N, n).subs(x, 11))  # noqa: E731  (x - 10 = 1)
    ratio = sp.limit(coeff(k) / coeff(k + 1), k, sp.oo)
    assert ratio == radius_of_convergence(sp.log(x), 10).value


def test_radius_not_found_is_said():
    found = radius_of_convergence(sp.Abs(x - 3), 1)
    assert found.value is None and "not found" in found.reason


# --- remainder bound ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "f, a, order, interval",
    [
        (sp.exp(x), 0, 3, (-1, 1)),
        (sp.cos(x), 0, 4, (-2, 2)),
        (sp.log(x), 10, 2, (9, 12)),
        (1 / x, 4, 3, (3, 5)),
        (sp.sqrt(4 - x), 0, 2, (-1, 1)),
        (sp.exp(x**2), 0, 6, (-0.5, 0.5)),
        (sp.sin(x), 1, 7, (0.5, 1.5)),
    ],
)
def test_remainder_bound_bounds_the_observed_error(f, a, order, interval):
    rem = remainder_bound(f, a, order, interval)
    assert 0 <= rem.observed <= rem.bound
    assert rem.observed > 0
    assert "Lagrange bound" in str(rem)


def test_remainder_refuses_an_interval_with_a_singularity():
    with pytest.raises(TaylorError):
        remainder_bound(1 / x, 1, 2, (-1, 2))


# --- several variables ------------------------------------------------------------------------


def test_first_order_expansion_of_the_module4_surface():
    f = x * y**2 * sp.exp(-(x**4) - y**2 / 2)
    result = taylor(f, "x=-1,y=2", 1)
    e3 = sp.exp(-3)
    want = -4 * e3 - 12 * e3 * (x + 1) + 4 * e3 * (y - 2)
    assert sp.expand(result.polynomial - want) == 0
    assert result.jacobian == sp.ImmutableMatrix([[-12 * e3, 4 * e3]])
    assert result.hessian is None
    assert result.form() == "f(a) + J Δx"


def test_second_order_uses_the_hessian():
    f = sp.sin(sp.pi * x - x**2 * y)
    result = taylor(f, {"x": 1, "y": sp.pi}, 2)
    assert result.hessian == sp.ImmutableMatrix([[-2 * sp.pi, -2], [-2, 0]])
    dx = sp.Matrix([x - 1, y - sp.pi])
    jh = f.subs({x: 1, y: sp.pi}) + (result.jacobian * dx)[0] + (dx.T * result.hessian * dx)[0] / 2
    assert sp.expand(result.polynomial - jh) == 0
    assert r"\tfrac12" in result.latex()


def test_quadratic_is_its_own_second_order_expansion():
    f = 3 * x**2 - 4 * x * y + 7 * y**2 + x - 2
    assert sp.expand(taylor(f, "x=1,y=-2", 2).polynomial - f) == 0


def test_higher_order_in_three_variables():
    f = sp.exp(x + 2 * y) * sp.cos(z)
    result = taylor(f, "x=0,y=0,z=0", 3)
    assert derivatives_match(f, result.polynomial, {x: 0, y: 0, z: 0}, 3, [x, y, z])
    assert max(t.order for t in result.terms) == 3


def test_several_variables_singular_point():
    with pytest.raises(SingularPointError):
        taylor(1 / (x * y), "x=0,y=1", 1)


# --- oracles over random expressions ------------------------------------------------------------

UNARY = [sp.sin, sp.cos, sp.exp, sp.atan, lambda e: 1 / (2 + e**2), lambda e: sp.sqrt(e**2 + 1)]


@st.composite
def smooth(draw, depth=2):
    if depth == 0:
        return draw(st.integers(-3, 3)) * x + draw(st.integers(-2, 2))
    kind = draw(st.sampled_from(["add", "mul", "unary"]))
    if kind == "add":
        return draw(smooth(depth - 1)) + draw(smooth(depth - 1))
    if kind == "mul":
        return draw(smooth(depth - 1)) * draw(smooth(depth - 1))
    return draw(st.sampled_from(UNARY))(draw(smooth(depth - 1)))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smooth(), st.sampled_from([0, 1, -1, sp.Rational(1, 2)]), st.integers(0, 4))
def test_random_smooth_functions_match_sympy_series(f, a, order):
    result = taylor(f, a, order, ["x"])
    assert derivatives_match(f, result.polynomial, {x: a}, order, [x])
    assert same_polynomial(result.polynomial, sympy_series(f, a, order), [x])


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-5, 5), st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=5),
    st.tuples(st.integers(-2, 2), st.integers(-2, 2)),
    st.integers(0, 4),
)
def test_random_polynomials_two_variables(terms, p, order):
    f = sum(c * x**i * y**j for c, i, j in terms)
    result = taylor(f, {"x": p[0], "y": p[1]}, order)
    assert derivatives_match(f, result.polynomial, {x: p[0], y: p[1]}, order, [x, y])
    if order >= 6 or (sp.Poly(f, x, y).total_degree() <= order if f.free_symbols else True):
        assert sp.expand(result.polynomial - f) == 0


# --- buggy series and displays ------------------------------------------------------------------


def test_buggy_series_about_4():
    found = {m.rule: m.answer for m in buggy_series(1 / x, 4, 3)}
    assert set(found) >= {
        "taylor_term_without_factorial",
        "series_about_zero",
        "series_alternating_sign_error",
        "series_powers_not_shifted",
        "derivative_order_off_by_one",
    } - {"series_about_zero"}  # 1/x has no series about 0
    assert "series_about_zero" not in found
    no_fact = sum(sp.diff(1 / x, x, k).subs(x, 4) * (x - 4) ** k for k in range(4))
    assert sp.expand(found["taylor_term_without_factorial"] - no_fact) == 0


def test_buggy_series_about_a_point_with_a_maclaurin_twin():
    found = {m.rule: m for m in buggy_series(sp.exp(2 * x), 1, 2)}
    assert sp.expand(found["series_about_zero"].answer - (1 + 2 * x + 2 * x**2)) == 0
    assert "about $x = 0$" in found["series_about_zero"].message


def test_buggy_series_several_variables():
    found = {m.rule: m.answer for m in buggy_series(x * y**2 * sp.exp(-(x**4) - y**2 / 2), "x=-1,y=2", 2)}
    assert {"taylor_term_without_factorial", "taylor_mixed_terms_missing", "series_alternating_sign_error"} <= set(found)


def test_buggy_answers_are_all_wrong_and_distinct():
    for f, a, n in [(sp.cos(x), 0, 4), (sp.log(x), 10, 3), (sp.exp(x), 2, 3)]:
        right = taylor(f, a, n).polynomial
        answers = [m.answer for m in buggy_series(f, a, n)]
        assert all(sp.expand(ans - right) != 0 for ans in answers)
        assert len({sp.srepr(sp.expand(ans)) for ans in answers}) == len(answers)


def test_displays():
    result = taylor(sp.log(x), "x=10", 3)
    data = result.to_dict()
    json.dumps(data)
    assert data["polynomial"] == "log(10) + (x - 10)/10 - (x - 10)**2/200 + (x - 10)**3/3000"
    assert data["terms"][2]["factorial"] == 2
    assert result.terms[2].label == "f″(10)/2!·(x - 10)²"
    assert result._repr_latex_().startswith("$$f(x) \\approx \\log{\\left(10 \\right)} + ")
    assert "Taylor polynomial of order 3" in str(result)


@pytest.mark.parametrize(
    "call",
    [
        lambda: taylor(x * y, 0, 2),
        lambda: taylor(x, "x=0", -1),
        lambda: taylor(x, "y=0", 1),
        lambda: taylor(x, "x=zz(", 1),
        lambda: taylor(x, "x=0", 100),
    ],
)
def test_bad_requests_raise_taylor_error(call):
    with pytest.raises(TaylorError) as info:
        call()
    assert info.value.message


def test_time_limited_worker_returns_results_errors_and_gives_up():
    import time

    from mvcalc.math.time_limit import TimeLimitExceeded, run_with_time_limit

    assert run_with_time_limit(sp.expand, (x + 1) ** 2, seconds=20) == x**2 + 2 * x + 1
    with pytest.raises(ZeroDivisionError):
        run_with_time_limit(divmod, 1, 0, seconds=20)
    start = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        run_with_time_limit(time.sleep, 30, seconds=0.5)
    assert time.monotonic() - start < 20


@settings(max_examples=10, deadline=None)
@given(
    st.sampled_from([sp.exp(x), sp.sin(x), sp.cos(2 * x), sp.log(x + 3), 1 / (x + 4), sp.atan(x)]),
    st.integers(0, 6),
    st.sampled_from([0, sp.Rational(1, 2), -1]),
    st.floats(0.1, 1.5),
    st.floats(0.1, 1.5),
)
def test_remainder_bound_property(f, order, a, left, right):
    rem = remainder_bound(f, a, order, (float(a) - left, float(a) + right))
    assert rem.observed <= rem.bound * (1 + 1e-9) + 1e-30
