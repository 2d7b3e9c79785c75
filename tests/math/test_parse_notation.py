"""The notation learners bring from other systems: log bases, cosech, sign, root, nCr, unknown names."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.math.functions import real_root
from mvcalc.math.input.reader import InputError, parse, read, symbol

x, b = symbol("x"), symbol("b")


@pytest.mark.parametrize(
    ("text", "variables", "expected"),
    [
        ("log(x, 2)", ["x"], sp.log(x, 2)),
        ("log(x, b)", ["x", "b"], sp.log(x) / sp.log(b)),
        ("log_b(x)", ["x", "b"], sp.log(x) / sp.log(b)),
        ("log_b x", ["x", "b"], sp.log(x) / sp.log(b)),
        ("log_(b+1)(x)", ["x", "b"], sp.log(x) / sp.log(b + 1)),
        ("log_e(x)", ["x"], sp.log(x)),
        ("log(8, 2)", [], 3),
        ("cosech x", ["x"], sp.csch(x)),
        ("acosech(x)", ["x"], sp.acsch(x)),
        ("arccosech(x)", ["x"], sp.acsch(x)),
        ("cosech^-1 x", ["x"], sp.acsch(x)),
        ("sign(x)", ["x"], sp.sign(x)),
        ("sgn(x)", ["x"], sp.sign(x)),
        ("root(x, 3)", ["x"], real_root(x, 3)),
        ("root(x, 4)", ["x"], x ** sp.Rational(1, 4)),
        ("root(x, 2)", ["x"], sp.sqrt(x)),
        ("root(-32, 5)", [], -2),
        ("cbrt(-8)", [], -2),
        ("∛(-27)", [], -3),
        ("nCr(5, 2)", [], 10),
        ("binomial(6, 3)", [], 20),
    ],
)
def test_new_forms_read(text, variables, expected):
    assert sp.simplify(parse(text, variables) - expected) == 0


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("log(x, 2)", "the logarithm of x to base 2"),
        ("root(x, 5)", "the 5th root of x"),
        ("nCr(5, 2)", "binomial coefficient (5 choose 2)"),
    ],
)
def test_non_literal_readings_are_noted(text, note):
    assert any(note in n for n in read(text, ["x"]).notes)


@pytest.mark.parametrize("variables", [None, ["x"]])
@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("signum(x)", "sign"), ("lg(x)", "log10"), ("tg(x)", "tan"), ("foo(x)", "")],
)
def test_unknown_functions_are_refused_with_did_you_mean(text, variables, suggestion):
    with pytest.raises(InputError) as err:
        parse(text, variables)
    assert "function called" in err.value.message
    assert suggestion in err.value.hint


def test_an_undeclared_log_base_is_explained():
    with pytest.raises(InputError, match="base of `log_a`") as err:
        parse("log_a(x)", ["x"])
    assert "log(x, b)" in err.value.hint


def test_a_run_of_declared_variables_before_a_bracket_is_still_a_product():
    assert parse("xy(x+1)", ["x", "y"]) == symbol("x") * symbol("y") * (symbol("x") + 1)


@pytest.mark.parametrize(
    "text", ["log(x, 2, 3)", "root(x, x)", "root(x, 0)", "root(x, 1.5)", "binomial x", "binomial(2000, 3)", "sin(x, 2)"]
)
def test_wrong_arguments_get_a_sentence(text):
    with pytest.raises(InputError) as err:
        parse(text, ["x"])
    assert err.value.message and err.value.column >= 1


@settings(max_examples=60, deadline=None)
@given(st.integers(-10**6, 10**6), st.sampled_from([1, 3, 5, 7, 9]))
def test_odd_roots_are_real(c, index):
    value = parse(f"root({c}, {index})", [])
    got = float(value)
    assert math.copysign(1, got) == math.copysign(1, c) or c == 0
    assert got**index == pytest.approx(c, rel=1e-9, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 50), st.fractions(min_value=Fraction(1, 100), max_value=100, max_denominator=10**6))  # numbers the parser takes (≤ 30 digits)
def test_log_with_a_base_in_every_spelling(base, value):
    arg = f"({value.numerator}/{value.denominator})"
    want = math.log(value.numerator / value.denominator) / math.log(base)
    for text in (f"log({arg}, {base})", f"log_{base}({arg})", f"log_({base})({arg})"):
        assert float(parse(text, [])) == pytest.approx(want, rel=1e-12, abs=1e-12), text


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 30), st.integers(0, 30))
def test_ncr_is_the_binomial_coefficient(top, bottom):
    assert parse(f"nCr({top}, {bottom})", []) == math.comb(top, bottom)
    assert parse(f"binomial({top}, {bottom})", []) == math.comb(top, bottom)


def test_latex_of_the_new_forms():
    assert read("root(x, 3)", ["x"]).latex == r"\sqrt[3]{x}"
    assert r"\binom{n}{k}" in read("binomial(n, k)", ["n", "k"], ["n", "k"]).latex
    assert read("(n+1)!", ["n"], ["n"]).latex == r"\left(n + 1\right)!"
