"""The top-level `mvcalc` API: every advertised name resolves, and a few work end to end."""

import pytest
import sympy as sp

import mvcalc


@pytest.mark.parametrize("name", [n for n in mvcalc.__all__ if not n.startswith("_")])
def test_every_public_name_resolves(name):
    assert getattr(mvcalc, name) is not None


def test_unknown_names_are_attribute_errors():
    with pytest.raises(AttributeError):
        mvcalc.no_such_thing  # noqa: B018


def test_parse_check_and_derivative_work_together():
    expr = mvcalc.parse("x^2 sin x")
    result = mvcalc.derivative(expr, "x").result
    assert sp.simplify(result - sp.diff(expr, mvcalc.parse("x"))) == 0
    assert mvcalc.check(result, "2x sin x + x^2 cos x").status == "correct"
    assert mvcalc.check(result, "2x cos x").status == "incorrect"
