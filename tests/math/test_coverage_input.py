"""Coverage of the input language's rarer paths (mvcalc.math.input): each bad input gets its own
one-line message at the right column, and the odd-but-valid inputs read as hand-computed values."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.math.input import reader
from mvcalc.math.input.integers import integer_symbol, ranges
from mvcalc.math.input.limits import clear_sign, estimate
from mvcalc.math.input.printer import text
from mvcalc.math.input.words import Vocabulary, canonical_name


@pytest.mark.parametrize(
    ("answer", "variables", "message"),
    [
        ("x₁", ["x"], "I don't know the name `x₁` (column 1)."),
        ("a=1", None, "An equation is not an answer here (column 2)."),
        ("2≈3", None, "An equation is not an answer here (column 2)."),
        ("₁", None, "A subscript must follow a variable name, as in x₁ (column 1)."),
        ("x__y", None, "Names with double underscores are not allowed (column 2)."),
        ("x_ + 1", None, "A name cannot end with an underscore (column 2)."),
        ("x⁺", None, "This superscript is not a whole number (column 2)."),
        ("x⁺⁻²", None, "This superscript is not a whole number (column 2)."),
        ("x⁹⁹⁹⁹⁹", None, "Exponents can be at most 1000 (column 2)."),
        ("sin" + "1" * 31 + "x", None, "This number has more than 30 digits (column 4)."),
        ("atan(1, 2)", None, "`atan` takes one argument (column 7)."),
        ("log(x, 2, 3)", None, "`log` takes one or two arguments (column 9)."),
        ("2^(1/10000000)", None, "cannot be worked out exactly (column 2)."),
        ("x^(sqrt(-1))", None, "This exponent is not a real number, or its size cannot be worked out (column 2)."),
        ("(" * 300 + "x" + ")" * 300, None, "nested more than 50 levels deep"),
    ],
)
def test_bad_input_gets_one_clear_message(answer: str, variables, message: str) -> None:
    with pytest.raises(reader.InputError) as info:
        reader.parse(answer, variables)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("answer", "variables", "value"),
    [
        ("x₁+1", ["x_1"], reader.symbol("x_1") + 1),
        ("x²", None, reader.symbol("x") ** 2),
        ("[[1,2],[3,4]]", None, sp.Matrix([[1, 2], [3, 4]])),
        ("Sin(pi/2)", None, sp.Integer(1)),
    ],
)
def test_odd_but_valid_input(answer: str, variables, value) -> None:
    assert reader.parse(answer, variables) == value


def test_reading_shows_itself_as_latex() -> None:
    reading = reader.read("x^2", ["x"])
    assert reading.value == reader.symbol("x") ** 2 and reading.notes == ()
    assert reading._repr_latex_() == "$x^{2}$"


def test_canonical_names_and_vocabulary() -> None:
    assert canonical_name(" θ ") == "theta"
    assert canonical_name("x₁₂") == "x_12"
    with pytest.raises(ValueError, match="must be a string"):
        canonical_name(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="function name"):
        canonical_name("sin")
    with pytest.raises(ValueError, match="cannot be a variable name"):
        canonical_name("1x")
    assert Vocabulary("x, y z  x").declared == ("x", "y", "z")
    assert Vocabulary(None).open and not Vocabulary([]).open


def test_integer_symbols_and_ranges() -> None:
    anywhere, natural, positive = integer_symbol("n", None), integer_symbol("n", 0), integer_symbol("n", 1)
    assert anywhere.is_integer and anywhere.is_nonnegative is None
    assert integer_symbol("n", -3) == anywhere
    assert natural.is_nonnegative and natural.is_positive is None
    assert positive.is_positive
    assert ranges("n, m k") == {"n": 0, "m": 0, "k": 0}
    assert ranges(None) == {} and ranges("") == {}


def test_estimates_and_signs() -> None:
    assert mpmath.isnan(estimate(sp.log(-2)))  # not real
    assert float(estimate(sp.pi**2)) == pytest.approx(float(sp.pi**2), rel=1e-15)
    assert clear_sign(sp.Integer(1) / 10**12) == 0  # too small to be sure of
    assert clear_sign(-sp.pi) == -1 and clear_sign(sp.E) == 1
    assert clear_sign(sp.log(-2)) == 0


def test_printer_writes_logs_as_the_course_does() -> None:
    x = reader.symbol("x")
    assert text(sp.log(x)) == "ln(x)"
    assert text(sp.log(x, 2)) == "ln(x)/ln(2)"  # SymPy stores log(x, 2) as a quotient
    assert text(sp.Function("log")(x, 2)) == "log(x, 2)"  # an unevaluated two-argument log


@given(st.integers(min_value=-(10**6), max_value=10**6), st.integers(min_value=1, max_value=10**4))
@settings(max_examples=40, deadline=None)
def test_fractions_read_exactly(p: int, q: int) -> None:
    assert reader.parse(f"({p})/({q})", []) == sp.Rational(p, q)


def test_a_failure_while_working_an_answer_out_is_told_plainly_and_logged(monkeypatch, caplog) -> None:
    def broken(parser):
        raise TypeError("a bug of ours")

    monkeypatch.setattr(reader, "_answer", broken)
    with caplog.at_level("WARNING", logger="mvcalc.math.input.reader"):
        with pytest.raises(reader.InputError) as info:
            reader.parse("x + 1", ["x"])
    assert info.value.message == "This expression cannot be worked out exactly."
    (record,) = caplog.records
    assert record.getMessage() == "could not work out 'x + 1' exactly"
    assert record.exc_info[0] is TypeError and str(record.exc_info[1]) == "a bug of ours"
