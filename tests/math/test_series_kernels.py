"""Derivatives at a point through the function as a polynomial in its kernels, against SymPy's diff.

The values must be the ones the step-by-step differentiation gives (the Taylor polynomial
shown does not depend on which way they were found), and every function or point the
kernels cannot handle must be left to that differentiation (None), never guessed.
"""

from __future__ import annotations

import pytest
import sympy as sp

from mvcalc.math.input.reader import symbol
from mvcalc.math.series import point
from mvcalc.math.series.kernels import kernel_derivatives

x = symbol("x")
half = sp.Rational(1, 2)

SMOOTH = [
    (sp.tan(3 * x), 0),
    (sp.tan(x), 1),
    (sp.exp(x) * sp.sin(3 * x), 0),
    (sp.log(3 * x), 10),
    (1 / (3 + x**2), 2),
    (sp.sqrt(x), 4),
    ((1 + x) ** sp.Rational(1, 3), 0),
    (sp.atan(x), 0),
    (sp.asin(x), 0),
    (sp.sec(x), 0),
    (sp.tanh(2 * x), 0),
    (sp.exp(sp.sin(x)), 0),
    (x**x, 1),
    (2**x, 0),
    (sp.pi * sp.sin(sp.pi * x), half),
    (sp.sinh(x) / (1 + x**2), 1),
    (sp.exp(-(x**2)), 1),
    (sp.sin(x) / x, 1),
    (sp.erf(x), 0),
    (sp.sqrt(sp.cos(x)), 0),
    (x**5 - 3 * x, 2),
    (sp.Integer(7), 3),
]


@pytest.mark.parametrize(("f", "a"), SMOOTH)
def test_values_are_sympys_derivatives_at_the_point(f, a):
    got = kernel_derivatives(f, x, a, 7)
    assert got is not None and len(got) == 8
    for k, value in enumerate(got):
        assert sp.simplify(value - sp.diff(f, x, k).subs(x, a)) == 0, (f, k)


def _stepwise(f, a, order):
    values, current = [], f
    for k in range(order + 1):
        values.append(point.simplify_number(current.subs(x, a)))
        if k < order:
            current = point.next_derivative(current, x)
    return values


@pytest.mark.parametrize(("f", "a"), SMOOTH[:12])
def test_the_taylor_values_are_the_stepwise_ones_exactly(f, a):
    assert point.derivatives_at(f, x, a, 6) == (_stepwise(f, a, 6), [])


@pytest.mark.parametrize(
    ("f", "a"),
    [
        (sp.log(x), 0),  # the kernel is infinite at the point
        (1 / x, 0),
        (sp.sqrt(x), 0),  # finite, but its derivative's kernel x^(-1/2) is not
        (sp.sqrt(x), -1),  # not real
        (sp.Abs(x - 3), 0),  # |x|, sign x, δ(x), δ′(x), ...: kernels that keep coming
        (sp.Float(0.5) * x**2, 1),  # a float: exact arithmetic would change its values
        (sp.Function("g")(x), 0),  # an unknown function
    ],
)
def test_what_the_kernels_cannot_do_is_left_to_differentiation(f, a):
    assert kernel_derivatives(f, x, a, 3) is None


def test_order_zero_is_the_value():
    assert kernel_derivatives(sp.exp(2 * x), x, 0, 0) == [1]
