"""Coverage of compiling fit models (mvcalc.math.fit.model): values and Jacobians against SymPy and
finite differences, and each refusal with its message."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from mvcalc.math.fit.model import FitError, as_expr, compile_model
from mvcalc.math.input.reader import parse

NAMES = ["a", "k"]


def test_model_and_jacobian_match_sympy_and_finite_differences() -> None:
    expr = as_expr("a*exp(-k*x)", ["x", *NAMES])
    model = compile_model(expr, ["x"], NAMES)
    data = {"x": np.array([0.0, 0.5, 2.0])}
    b = np.array([3.0, 0.7])
    assert np.allclose(model(data, b), 3.0 * np.exp(-0.7 * data["x"]), rtol=1e-15)
    h = 1e-6
    fd = np.column_stack([(model(data, b + h * e) - model(data, b - h * e)) / (2 * h) for e in np.eye(2)])
    assert np.allclose(model.jacobian(data, b), fd, rtol=1e-8)


def test_a_model_without_data_needs_the_number_of_points() -> None:
    model = compile_model(parse("a + k", NAMES), [], NAMES)
    assert model({}, np.array([1.0, 2.0]), n=3).tolist() == [3.0, 3.0, 3.0]
    with pytest.raises(FitError, match="the model uses no data column: say how many points there are"):
        model({}, np.array([1.0, 2.0]))


def test_refusals() -> None:
    with pytest.raises(FitError, match="the model uses z, which is neither data nor a parameter"):
        compile_model(parse("a*x + z", ["x", "a", "z"]), ["x"], ["a"])
    with pytest.raises(FitError, match=r"does not depend on the parameter\(s\) k"):
        compile_model(parse("a*x", ["x", "a"]), ["x"], NAMES)
    with pytest.raises(FitError, match="gamma"):
        x, a = sp.symbols("x a")
        compile_model(sp.gamma(a * x), ["x"], ["a"])
    with pytest.raises(FitError, match="the model must be text or a SymPy expression"):
        as_expr(3, ["x"])
    with pytest.raises(FitError, match="cannot read the model"):
        as_expr("a*+", ["a"])
    with pytest.raises(FitError, match="a single expression, not a matrix"):
        as_expr("[a, a]", ["a"])
    e = sp.Symbol("e") * 2
    assert as_expr(e, ["e"]) is e
