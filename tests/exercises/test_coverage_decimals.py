"""Coverage of finite decimals as learners read them (mvcalc.exercises.bank._decimals)."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.exercises.bank._decimals import decimal_matrix, decimal_text


@given(st.integers(-(10**6), 10**6), st.integers(0, 6), st.integers(0, 6))
@settings(max_examples=60, deadline=None)
def test_finite_decimals_read_back_to_the_same_rational(p: int, twos: int, fives: int) -> None:
    value = sp.Rational(p, 2**twos * 5**fives)
    text = decimal_text(value)
    assert Fraction(text) == Fraction(int(value.p), int(value.q))  # the oracle: Python's own parser
    assert "/" not in text and "e" not in text.lower()
    assert not ("." in text and text.endswith("0"))


@pytest.mark.parametrize(("value", "text"), [(sp.Rational(221, 1000), "0.221"), (sp.Integer(40), "40"),
                                            (sp.Rational(-5, 2), "-2.5"), ("3/8", "0.375")])
def test_examples(value, text) -> None:
    assert decimal_text(value) == text


def test_non_terminating_and_matrices() -> None:
    with pytest.raises(ValueError, match="1/3 is not a finite decimal"):
        decimal_text(sp.Rational(1, 3))
    m = sp.Matrix([[sp.Rational(1, 4), 2], [sp.Rational(-3, 5), 0]])
    assert decimal_matrix(m) == r"\begin{bmatrix}0.25 & 2 \\ -0.6 & 0\end{bmatrix}"
