"""The numeric evaluator agrees with SymPy's own high-precision evaluation."""

import math

import numpy as np
import pytest
import sympy as sp

from mvcalc.math.functions import sigmoid
from mvcalc.math.numeric import ARITY, FUNCTIONS, UnsupportedExpression, compile_expr, evaluate_mp

x, y = sp.symbols("x y", real=True)


@pytest.mark.parametrize("func", sorted(FUNCTIONS, key=lambda f: f.__name__))
def test_every_function_matches_sympy(func):
    point = 0.37 if func not in (sp.acosh, sp.asec, sp.acsc, sp.acoth) else 1.7
    if func in (sp.asech,):
        point = 0.4
    expr = func(x, 3) if ARITY.get(func) == 2 else func(x)  # binomial(x, 3), root(x, 3)
    want = complex(sp.N(expr.subs(x, sp.Rational(str(point))), 30))
    got = compile_expr(expr, ["x"])({"x": np.array([point])})[0]
    assert math.isclose(got, want.real, rel_tol=1e-12, abs_tol=1e-14)
    assert math.isclose(float(evaluate_mp(expr, {"x": point})), want.real, rel_tol=1e-12, abs_tol=1e-14)


def test_compound_expression_is_vectorised():
    expr = sp.sin(x) ** 2 + sp.sqrt(x) * sp.exp(y) + sigmoid(x * y) + sp.Abs(x) / 3 + sp.pi
    xs, ys = np.array([1.0, 2.0, 0.5]), np.array([2.0, -1.0, 0.0])
    got = compile_expr(expr, ["x", "y"])({"x": xs, "y": ys})
    for xi, yi, gi in zip(xs, ys, got, strict=True):
        want = complex(sp.N(expr.subs({x: xi, y: yi}), 30)).real
        assert math.isclose(gi, want, rel_tol=1e-12)


def test_outside_the_real_domain_is_nan():
    assert math.isnan(compile_expr(sp.sqrt(x), ["x"])({"x": np.array([-1.0])})[0])
    assert math.isnan(float(evaluate_mp(sp.log(x), {"x": -2})))


def test_unknown_things_are_refused():
    with pytest.raises(UnsupportedExpression):
        compile_expr(sp.Integral(x, x), ["x"])
    with pytest.raises(UnsupportedExpression):
        compile_expr(x + y, ["x"])
