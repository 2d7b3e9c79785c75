"""Coverage of mvcalc.math.numeric and mvcalc.math.functions, each value against an oracle.

Every row of the function table is computed three ways (NumPy closure, mpmath, SymPy's own
`evalf`) and the three must agree; the special cases (poles, overflow, huge powers, complex
intermediates) are checked against hand-computed values.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.core.function import ArgumentIndexError

from mvcalc.math.functions import real_root, sigmoid
from mvcalc.math.numeric import (
    FUNCTIONS,
    UnsupportedExpression,
    compile_expr,
    evaluate_mp,
    evaluate_mp_tracked,
)

x, y = sp.symbols("x y")

# A point inside the domain of every one-argument function of the table.
DOMAIN_POINT = {
    sp.asin: 0.3, sp.acos: 0.3, sp.atanh: 0.3, sp.asech: 0.3,
    sp.asec: 2.5, sp.acsc: 2.5, sp.acosh: 2.5, sp.acoth: 2.5,
}


@pytest.mark.parametrize(
    "func", [f for f in FUNCTIONS if f not in (sp.binomial, real_root)], ids=lambda f: f.__name__
)
def test_every_one_argument_function_agrees_with_sympy(func) -> None:
    at = DOMAIN_POINT.get(func, 0.7)
    expr = func(x)
    oracle = float(sp.N(expr.subs(x, sp.Rational(repr(at))), 30))
    numpy_value = float(compile_expr(expr, ["x"])({"x": np.array([at])})[0])
    mp_value = float(evaluate_mp(expr, {"x": at}))
    assert numpy_value == pytest.approx(oracle, rel=1e-12)
    assert mp_value == pytest.approx(oracle, rel=1e-14)


def test_acot_follows_sympy_branch_for_negative_arguments() -> None:
    # SymPy's acot(-2) = -atan(1/2), not pi - atan(1/2)
    oracle = float(sp.N(sp.acot(-2), 30))
    assert oracle == pytest.approx(-math.atan(0.5))
    assert float(compile_expr(sp.acot(x), ["x"])({"x": np.array([-2.0])})[0]) == pytest.approx(oracle)
    assert float(evaluate_mp(sp.acot(x), {"x": -2.0})) == pytest.approx(oracle)


def test_heaviside_is_one_half_at_zero_in_both_evaluators() -> None:
    f = compile_expr(sp.Heaviside(x), ["x"])
    assert list(f({"x": np.array([-1.0, 0.0, 2.0])})) == [0.0, 0.5, 1.0]
    assert [float(evaluate_mp(sp.Heaviside(x), {"x": v})) for v in (-1.0, 0.0, 2.0)] == [0.0, 0.5, 1.0]


def test_factorial_at_poles_and_beyond_float_range() -> None:
    f = compile_expr(sp.factorial(x), ["x"])
    out = f({"x": np.array([5.0, 0.5, -1.0, 200.0])})
    assert out[0] == 120.0
    assert out[1] == pytest.approx(float(sp.gamma(sp.Rational(3, 2))))  # (1/2)! = Γ(3/2) = √π/2
    assert math.isnan(out[2])
    assert out[3] == math.inf


@pytest.mark.parametrize(
    ("n", "k", "expected"),
    [
        (5.0, 2.0, 10.0),
        (5.0, 7.0, 0.0),  # k > n: no way to pick
        (5.0, -1.0, 0.0),
        (math.inf, 1.0, math.nan),
        (100000.0, 1000.0, math.inf),  # exact, but too big for a float
    ],
)
def test_binomial_matches_sympy_definition(n, k, expected) -> None:
    f = compile_expr(sp.binomial(x, y), ["x", "y"])
    got = float(f({"x": np.array([n]), "y": np.array([k])})[0])
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == expected
    if math.isfinite(n) and math.isfinite(expected):
        assert got == float(sp.binomial(sp.Rational(repr(n)), sp.Rational(repr(k))))


def test_binomial_off_the_whole_numbers_is_a_gamma_quotient() -> None:
    f = compile_expr(sp.binomial(x, y), ["x", "y"])
    got = float(f({"x": np.array([2.5]), "y": np.array([1.5])})[0])
    oracle = sp.gamma(sp.Rational(7, 2)) / (sp.gamma(sp.Rational(5, 2)) * sp.gamma(2))
    assert got == pytest.approx(float(oracle), rel=1e-12)  # = 3/2


def test_binomial_at_negative_whole_numbers_is_sympys_limit() -> None:
    # binomial(-2, -1) = Γ(-1) / (Γ(0) Γ(0)): poles above and below; SymPy's value (the limit) is 0
    f = compile_expr(sp.binomial(x, y), ["x", "y"])
    got = float(f({"x": np.array([-2.0]), "y": np.array([-1.0])})[0])
    assert sp.binomial(-2, -1) == 0
    assert got == 0.0


@given(st.floats(min_value=-50, max_value=50, allow_nan=False).filter(lambda v: abs(v) > 1e-6))
@settings(max_examples=40, deadline=None)
def test_real_root_is_the_real_cube_root(v: float) -> None:
    expr = real_root(x, 3)
    numpy_value = float(compile_expr(expr, ["x"])({"x": np.array([v])})[0])
    mp_value = float(evaluate_mp(expr, {"x": v}))
    assert numpy_value**3 == pytest.approx(v, rel=1e-12)
    assert mp_value == pytest.approx(math.copysign(abs(v) ** (1 / 3), v), rel=1e-12)


def test_huge_integer_powers_keep_the_sign_of_odd_exponents() -> None:
    odd, even = x ** (2**60 + 1), x ** (2**60)
    f_odd, f_even = compile_expr(odd, ["x"]), compile_expr(even, ["x"])
    at = np.array([-2.0, -0.5, 0.5, 2.0])
    assert list(f_odd({"x": at})) == [-math.inf, -0.0, 0.0, math.inf]
    assert list(f_even({"x": at})) == [math.inf, 0.0, 0.0, math.inf]


def test_constants_huge_rationals_and_complex_constants() -> None:
    assert float(compile_expr(sp.Integer(10) ** 400 + x, ["x"])({"x": np.array([1.0])})[0]) == math.inf
    assert float(compile_expr(-(sp.Integer(10) ** 400) + x, ["x"])({"x": np.array([1.0])})[0]) == -math.inf
    # a constant the closures cannot compute from parts: SymPy's value, here ζ(3)
    f = compile_expr(sp.zeta(3) * x, ["x"])
    assert float(f({"x": np.array([2.0])})[0]) == pytest.approx(2 * float(sp.N(sp.zeta(3), 20)))
    assert math.isnan(float(compile_expr(sp.I * x, ["x"])({"x": np.array([1.0])})[0]))


def test_negative_and_fractional_powers() -> None:
    f = compile_expr(1 / x + x ** sp.Rational(1, 3) + sp.sqrt(x) + x**-3, ["x"])
    got = float(f({"x": np.array([64.0])})[0])
    assert got == pytest.approx(1 / 64 + 4 + 8 + 64.0**-3, rel=1e-14)
    assert float(evaluate_mp(x ** sp.Rational(1, 3), {"x": 64.0})) == pytest.approx(4.0, rel=1e-40)


def test_unsupported_expressions_are_refused_by_name() -> None:
    with pytest.raises(UnsupportedExpression, match="variable z"):
        compile_expr(x + sp.Symbol("z"), ["x"])
    with pytest.raises(UnsupportedExpression, match="gamma"):
        compile_expr(sp.gamma(x), ["x"])
    with pytest.raises(UnsupportedExpression, match="Derivative"):
        compile_expr(sp.Derivative(sp.Function("f")(x), x), ["x"])
    # the mpmath evaluator reports what it cannot compute as NaN (UnsupportedExpression is a ValueError)
    assert issubclass(UnsupportedExpression, ValueError)
    assert mpmath.isnan(evaluate_mp(x + sp.Symbol("z"), {"x": 1.0}))
    assert mpmath.isnan(evaluate_mp(sp.gamma(x), {"x": 1.0}))
    # an unevaluated derivative has no numeric value: NaN
    assert mpmath.isnan(evaluate_mp(sp.Derivative(sp.Function("f")(x), x), {"x": 1.0}))


def test_mp_special_values() -> None:
    assert evaluate_mp(sp.oo + x, {"x": 1.0}) == mpmath.inf
    assert evaluate_mp(-sp.oo + x, {"x": 1.0}) == -mpmath.inf
    assert mpmath.isnan(evaluate_mp(sp.nan * x, {"x": 1.0}))
    assert mpmath.isnan(evaluate_mp(sp.zoo * x, {"x": 1.0}))
    assert evaluate_mp(sp.Integer(2) ** 5000 * x, {"x": 1.0}) == mpmath.inf  # past MAX_MP_BITS
    assert evaluate_mp(sp.exp(sp.exp(sp.exp(10))), {}) == mpmath.inf
    # a square root of a negative number is not real
    assert mpmath.isnan(evaluate_mp(sp.sqrt(x), {"x": -4.0}))
    assert mpmath.isnan(evaluate_mp(1 / x, {"x": 0.0}))  # division by zero
    # an integer power of a value: exact, x^3 at 1.5 = 3.375
    assert evaluate_mp(x**3, {"x": 1.5}) == mpmath.mpf("3.375")


def test_cancellation_is_measured_against_a_hand_computed_loss() -> None:
    # x + 1e-10 - 1 at x = 1: terms of size 1, sum 1e-10 -> 10 digits lost
    value, lost = evaluate_mp_tracked(x + sp.Float("1e-10") - 1, {"x": 1.0})
    assert float(value) == pytest.approx(1e-10, rel=1e-6)
    assert lost == pytest.approx(10.0, abs=1e-6)
    expr = sp.cos(x) - 1  # at x = 1e-4: cos x - 1 ≈ -5e-9, terms of size 1 -> ~8.3 digits lost
    value, lost = evaluate_mp_tracked(expr, {"x": 1e-4}, dps=30)
    assert float(value) == pytest.approx(math.cos(1e-4) - 1, rel=1e-6)
    assert lost == pytest.approx(math.log10(1 / abs(math.cos(1e-4) - 1)), abs=0.01)
    # a sum of non-plain terms that comes out exactly 0 has lost all its digits
    _, lost = evaluate_mp_tracked(sp.sin(x) - sp.sin(y), {"x": 0.5, "y": 0.5}, dps=25)
    assert lost == 25.0
    # x - 3/2 at 1.5 is exactly 0 and loses nothing
    _, lost = evaluate_mp_tracked(x - sp.Rational(3, 2), {"x": 1.5})
    assert lost == 0.0


def test_sigmoid_function_properties() -> None:
    z = sp.Symbol("z", real=True)
    assert sigmoid(0) == sp.S.Half
    assert sigmoid(z).is_real and sigmoid(z).is_positive
    assert sp.simplify(sigmoid(z).rewrite(sp.exp) - 1 / (1 + sp.exp(-z))) == 0
    d = sp.diff(sigmoid(z), z)
    fd = (float(sigmoid(sp.Float(1.0 + 1e-6)).rewrite(sp.exp)) - float(sigmoid(sp.Float(1.0 - 1e-6)).rewrite(sp.exp))) / 2e-6
    assert float(d.subs(z, 1).rewrite(sp.exp)) == pytest.approx(fd, rel=1e-6)
    assert sp.latex(sigmoid(z)) == r"\sigma\left(z\right)"
    assert sp.latex(sigmoid(z) ** 2) == r"\sigma^{2}\left(z\right)"
    assert sp.sstr(sigmoid(z)) == "sigmoid(z)"


def test_real_root_function_properties() -> None:
    t = sp.Symbol("t")
    assert real_root(sp.Integer(-8), 3) == -2
    assert real_root(sp.Integer(27), 3) == 3
    assert real_root(t, 1) == t
    assert real_root(t**5, 5) == t
    with pytest.raises(ValueError, match="odd whole number"):
        real_root(t, 2)
    assert real_root(t, 3) ** 6 == t**2
    assert real_root(t, 3) ** 2 != t  # not a multiple of n: stays a power
    assert sp.diff(real_root(t, 3), t) == 1 / (3 * real_root(t, 3) ** 2)
    with pytest.raises(ArgumentIndexError):
        real_root(t, 3).fdiff(2)
    assert sp.sstr(real_root(t, 3)) == "cbrt(t)"
    assert sp.sstr(real_root(t, 5)) == "root(t, 5)"
    assert sp.latex(real_root(t, 3)) == r"\sqrt[3]{t}"
    assert sp.latex(real_root(t, 3) ** sp.Rational(1, 2)) == (r"\sqrt{\sqrt[3]{t}}")
    rewritten = real_root(t, 3).rewrite(sp.Abs)
    assert float(rewritten.subs(t, -8)) == pytest.approx(-2.0)
    p, n = sp.Symbol("p", positive=True), sp.Symbol("n", negative=True)
    assert sp.latex(real_root(t, 3) ** 5) == r"\left(\sqrt[3]{t}\right)^{5}"
    assert real_root(p, 3).is_positive and real_root(n, 3).is_negative and real_root(p, 3).is_real
    assert sp.pretty(real_root(t, 3), use_unicode=True) == "3 ___\n╲╱ t "
