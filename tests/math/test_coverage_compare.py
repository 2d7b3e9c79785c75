"""Coverage of the checker's input forms and refusals (mvcalc.math.check.compare)."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.math.check.compare import check, equivalent, same_answer

x = sp.Symbol("x")


@pytest.mark.parametrize(
    ("expected", "answer", "message"),
    [
        ([[1, 2], [3]], "[[1,2]]", "The expected answer cannot be checked: the rows of the matrix have different lengths."),
        ([], "1", "The expected answer cannot be checked: an empty list is not an answer."),
        (sp.zeros(0, 2), "1", "The expected answer cannot be checked: an empty matrix is not an answer."),
        (True, "1", "The expected answer cannot be checked: a bool is not an expression that can be checked."),
        ("x", {}, "Your answer cannot be checked: a dict is not an expression that can be checked."),
    ],
)
def test_unusable_values_are_refused_with_a_message(expected, answer, message) -> None:
    verdict = check(expected, answer, ["x"])
    assert (verdict.status, verdict.message) == ("invalid", message)


@given(st.integers(-1000, 1000), st.integers(1, 1000))
@settings(max_examples=25, deadline=None)
def test_python_numbers_and_text_agree(p: int, q: int) -> None:
    assert check(p, str(p)).status == "correct"
    assert check(p / q, f"{p}/{q}").status == "correct"  # a float expected value: close enough
    assert check(p, str(p + 1)).status == "incorrect"


def test_python_lists_read_as_vectors_and_matrices() -> None:
    assert check([1, 2.5], "[1, 5/2]").status == "correct"
    assert check([[1, 2], [3, 4]], "[[1, 2], [3, 4]]").status == "correct"
    assert check([[1, 2], [3, 4]], "[[1, 2], [3, 5]]").status == "incorrect"


def test_numbers_in_messages() -> None:
    verdict = check("1", 1e301)
    assert verdict.status == "incorrect"
    assert verdict.message == "Not equal: your answer is 1e+301 but the expected value is 1."


def test_same_answer_and_equivalent() -> None:
    # shapes are the checker's to judge: a column and a row are not the same answer
    assert same_answer(sp.Matrix([1, 2]), sp.Matrix([[1, 2]])) is False
    assert same_answer(sp.Matrix([x, 1]), sp.Matrix([x, 1])) is True
    assert same_answer(sp.Matrix([x, 1]), sp.Matrix([x, 2])) is False
    assert same_answer(x, "x") is True  # text on one side: no float screen
    assert same_answer(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1)) is True
    assert equivalent(x**2, "x*x", ["x"]) is True
    assert equivalent(x**2, "x^3", ["x"]) is False


def test_values_that_cannot_be_shown_as_numbers() -> None:
    # √−2 is not real; 10^400 is beyond a float
    assert check("1", "sqrt(-2)").message == (
        "Not equal: your answer is not defined (not a real number), but the expected value is 1."
    )
    assert check(1, sp.Integer(10) ** 400).message == "Not equal: your answer is too large to show but the expected value is 1."
    assert check(sp.Integer(10) ** 400, 1).message == "Not equal: your answer is 1 but the expected value is too large to show."


def test_a_matrix_and_a_number_are_left_to_the_checker() -> None:
    # the float screen does not judge shapes: the checker refuses a vector for a number
    assert same_answer(sp.Matrix([1, 2]), sp.Integer(1)) is False
