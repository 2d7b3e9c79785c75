"""Integer variables (n, k): the parser's n!, binomial and (-1)^n, and the checker's whole-number sampling."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.math.check.compare import check
from mvcalc.math.input.integers import declared_in, integer_symbol
from mvcalc.math.input.reader import InputError, parse, read, symbol

x = symbol("x")
n, k = integer_symbol("n"), integer_symbol("k")
V = ["x", "n"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("n!", sp.factorial(n)),
        ("(n+1)!", sp.factorial(n + 1)),
        ("(2n+1)!", sp.factorial(2 * n + 1)),
        ("(2n)!/n!^2", sp.factorial(2 * n) / sp.factorial(n) ** 2),
        ("x^n/n!", x**n / sp.factorial(n)),
        ("(-1)^n x^n", (-1) ** n * x**n),
        ("(n+1) x^n", (n + 1) * x**n),
        ("binomial(n, k)", sp.binomial(n, k)),
        ("nCr(n, 2)", sp.binomial(n, 2)),
        ("(-1)^(2n)", 1),
    ],
)
def test_integer_forms_read(text, expected):
    assert parse(text, ["x", "n", "k"], {"n": 0, "k": 0}) == expected


def test_an_integer_symbol_in_variables_declares_itself():
    assert parse("n!", [x, n]) == sp.factorial(n)
    assert declared_in(parse("x^n/n!", ["x"], ["n"])) == {"n": 0}
    assert declared_in(parse("x^n", ["x"], {"n": 1})) == {"n": 1}


@pytest.mark.parametrize("text", ["x!", "(n/2)!", "(n + x)!", "n!"])
def test_factorial_of_a_real_expression_is_refused(text):
    integers = None if text == "n!" else ["n"]
    with pytest.raises(InputError, match="integer variable"):
        read(text, ["x", "n"], integers)


@settings(max_examples=40, deadline=None)
@given(st.integers(-5, 5).filter(bool), st.integers(-9, 9))
def test_factorial_of_any_whole_number_expression_in_n(a, b):
    """(a·n + b)! reads as the factorial of that expression, for any whole a and b."""
    inner = a * n + b
    text = f"({a}n + {b})!".replace("+ -", "- ")
    assert parse(text, ["n"], ["n"]) == sp.factorial(inner)


TERMS = [
    (-1) ** n * x**n,
    x**n / sp.factorial(n),
    (n + 1) * x**n,
    (-1) ** n * x ** (2 * n + 1) / sp.factorial(2 * n + 1),
    2**n * (x - 1) ** n / sp.factorial(n),
]


@pytest.mark.parametrize(
    ("expected", "answer", "status"),
    [
        (TERMS[0], "(-1)^n x^n", "correct"),
        (TERMS[0], "(-x)^n", "correct"),
        (TERMS[0], "cos(pi n) x^n", "correct"),
        (TERMS[0], "(-1)^(n+1) x^n", "incorrect"),
        (TERMS[1], "x^n/n!", "correct"),
        (TERMS[1], "x^n (n+1)/(n+1)!", "correct"),
        (TERMS[1], "x^n", "incorrect"),
        (TERMS[1], "x^n/n", "incorrect"),
        (TERMS[2], "(n+1) x^n", "correct"),
        (TERMS[2], "n x^n", "incorrect"),
        (TERMS[2], "(n+1) x^(n+1)", "incorrect"),
        (TERMS[3], "(-1)^n x^(2n+1)/(2n+1)!", "correct"),
        (TERMS[3], "(-1)^n x^(2n)/(2n)!", "incorrect"),
        (TERMS[4], "(2x - 2)^n/n!", "correct"),
        (TERMS[4], "2^n x^n/n!", "incorrect"),
    ],
)
def test_general_terms_are_checked_at_whole_numbers(expected, answer, status):
    assert check(expected, answer, V).status == status


def test_a_difference_at_n_equal_0_is_found_and_shown_there():
    verdict = check(TERMS[2], "n x^n", V)
    assert "n = 0" in verdict.message


def test_ranges_are_respected():
    """x^n/(n (n-1)!) is x^n/n! for n ≥ 1, and undefined at n = 0."""
    assert check("x^n/n!", "x^n/(n*(n-1)!)", ["x"], {"n": 1}).status == "correct"
    assert check("x^n/n!", "x^n/(n*(n-1)!)", ["x"], {"n": 0}).status == "incorrect"


def test_a_difference_only_at_large_n_is_found():
    """Equal for n ≤ 12, different from n = 13 on: whole numbers up to 100 are sampled."""
    assert check("binomial(n, 2)", "n(n-1)/2 + binomial(n, 13)", ["n"], ["n"]).status == "incorrect"


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(TERMS), st.sampled_from([(-1) ** (2 * n), (n + 1) / (n + 1), sp.factorial(n + 1) / ((n + 1) * sp.factorial(n))]))
def test_rewritten_terms_are_correct_and_sign_flips_are_not(term, one):
    from mvcalc.exercises.bank._common import text

    assert check(term, text(sp.Mul(term, one, evaluate=False)), V).status == "correct"
    assert check(term, text(-term), V).status == "incorrect"
    assert check(term, text(term * (-1) ** n), V).status == "incorrect"


def test_newton_on_the_real_cube_root_diverges():
    from mvcalc.math.optimize.roots import newton_expr

    result = newton_expr(parse("cbrt(x)"), 1.0)
    assert result.verdict == "diverging"
    assert result.path[:3] == pytest.approx([1.0, -2.0, 4.0])
