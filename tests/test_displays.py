"""Every result of the public API displays itself in Jupyter: `_repr_latex_` or `_repr_html_`, non-empty."""

from __future__ import annotations

import pytest

import mvcalc

RESULTS = {
    "derivative": lambda: mvcalc.derivative("x^2 sin x"),
    "gradient": lambda: mvcalc.gradient("x^2 y", ["x", "y"]),
    "jacobian": lambda: mvcalc.jacobian(["x^2 - y^2", "2 x y"], ["x", "y"]),
    "hessian": lambda: mvcalc.hessian("x^2 y", ["x", "y"]),
    "total_derivative": lambda: mvcalc.total_derivative("x^2 y", {"x": "cos t", "y": "sin t"}),
    "chain_rule": lambda: mvcalc.chain_rule("x^2 y", {"x": "cos t", "y": "sin t"}),
    "taylor": lambda: mvcalc.taylor("ln x", {"x": 10}, 3),
    "linearise": lambda: mvcalc.linearise("sin x", {"x": 0}),
    "newton": lambda: mvcalc.newton("x^2 - 2", 1),
    "minimize": lambda: mvcalc.minimize("(x-1)^2 + y^2", ["x", "y"], [0, 0]),
    "lagrange": lambda: mvcalc.lagrange("x y", ["x + y - 2"], ["x", "y"]),
    "fit": lambda: mvcalc.fit("a exp(b x)", {"x": [0, 1, 2, 3]}, [1, 2.7, 7.4, 20], {"a": 1, "b": 1}),
    "linfit": lambda: mvcalc.linfit([0, 1, 2, 3], [1, 3, 5, 7.1]),
    "check": lambda: mvcalc.check("2x", "x+x"),
}


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_every_result_displays_itself(name):
    result = RESULTS[name]()
    shown = [getattr(result, r)() for r in ("_repr_latex_", "_repr_html_") if hasattr(result, r)]
    assert shown and all(isinstance(s, str) and s.strip() for s in shown), name


def test_the_table_covers_every_function_that_returns_a_result():
    """Functions left out return plain values (a classification, a parsed expression, a diagnosis or None)."""
    plain = {"parse", "read", "equivalent", "classify_stationary", "diagnose", "buggy_derivatives"}
    functions = {n for n in mvcalc.__all__ if callable(getattr(mvcalc, n)) and not isinstance(getattr(mvcalc, n), type)}
    assert functions - plain == set(RESULTS)


def test_a_chain_rule_with_a_variable_name_for_a_map_is_a_clear_error():
    with pytest.raises(mvcalc.MvcalcError, match="each inner map"):
        mvcalc.chain_rule("x^2 y", {"x": "cos t", "y": "sin t"}, "t")
