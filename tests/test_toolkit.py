"""The public toolkit: text or SymPy alike, lists of constraints as lists, one error base class.

Oracles: SymPy's own diff, the known root √2, the known minimum, and the Lagrange
points of x + y on the unit circle, (±1/√2, ±1/√2).
"""

from __future__ import annotations

import math

import pytest
import sympy as sp

import mvcalc
from mvcalc.errors import MvcalcError

x, y = mvcalc.parse("x"), mvcalc.parse("y")


@pytest.mark.parametrize("text", ["x^2 sin x", "e^(3x) cos x", "ln(1 + x^2)"])
def test_derivative_takes_text_or_sympy_and_agrees_with_sympy(text):
    f = mvcalc.parse(text)
    oracle = sp.diff(f, x)
    for arg in (text, f):
        assert sp.simplify(mvcalc.derivative(arg, "x").result - oracle) == 0
    assert sp.simplify(mvcalc.derivative(text).result - oracle) == 0  # the one variable, by default


def test_newton_takes_text_or_sympy():
    for arg in ("x^2 - 2", x**2 - 2):
        result = mvcalc.newton(arg, 1)
        assert result.verdict == "converged"
        assert result.path[-1] == pytest.approx(math.sqrt(2), rel=1e-12)


def test_minimize_takes_text_names_as_text_or_list_or_none():
    for variables in (["x", "y"], "x, y", None):
        result = mvcalc.minimize("(x - 1)^2 + 4(y + 2)^2", variables, [0, 0], method="newton")
        assert result.path[-1] == pytest.approx([1, -2], abs=1e-9)
        assert result.classification == "minimum"


@pytest.mark.parametrize("constraints", ["x^2 + y^2 - 1", ["x^2 + y^2 - 1"], [x**2 + y**2 - 1]])
def test_lagrange_reads_one_constraint_or_a_list(constraints):
    result = mvcalc.lagrange("x + y", constraints)
    found = sorted((round(p.point["x"], 9), round(p.point["y"], 9)) for p in result.points)
    h = round(1 / math.sqrt(2), 9)
    assert found == [(-h, -h), (h, h)]


@pytest.mark.parametrize(
    "call",
    [
        lambda: mvcalc.derivative("x y"),  # which variable?
        lambda: mvcalc.derivative("[x, y]", "x"),  # not a scalar
        lambda: mvcalc.derivative("sin(", "x"),  # unreadable
        lambda: mvcalc.newton("x y", 1),
        lambda: mvcalc.newton("x^2 - 2", "one"),
        lambda: mvcalc.minimize("x^2"),
        lambda: mvcalc.minimize("x^2 + y^2", ["x", "y"], [1]),
        lambda: mvcalc.lagrange("x + y", []),
        lambda: mvcalc.lagrange("x + y", "x^2 + y^2 - 1", ["x"]),
        lambda: mvcalc.derivative(object(), "x"),
        lambda: mvcalc.taylor("1/x", at={"x": 0}),
        lambda: mvcalc.gradient("x^2", ["x"], at={"x": "sin("}),
        lambda: mvcalc.fit("a*x", {"x": [1, 2]}, [1, 2, 3], {"a": 1}),
        lambda: mvcalc.linfit([1], [2]),
    ],
)
def test_every_mistake_is_an_mvcalc_error_with_a_one_line_message(call):
    with pytest.raises(MvcalcError) as caught:
        call()
    assert caught.value.message and "\n" not in caught.value.message


def test_the_input_error_is_an_mvcalc_error():
    assert issubclass(mvcalc.InputError, mvcalc.MvcalcError) and issubclass(mvcalc.MvcalcError, ValueError)
