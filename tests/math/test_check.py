"""check(): shapes, sampling on the common real domain, high-precision ties, exact fallback."""

from __future__ import annotations

import pytest
import sympy as sp

from mvcalc.math.check import exact
from mvcalc.math.check.compare import Verdict, check, equivalent
from mvcalc.math.input.reader import symbol

x, y = symbol("x"), symbol("y")


def status(expected, answer, variables=None) -> str:
    return check(expected, answer, variables).status


@pytest.fixture(scope="module")
def warm_pool():
    assert exact.wait_ready(exact.SAFETY_NET), "the exact-simplification workers did not start"


# -- equal forms --------------------------------------------------------------------
@pytest.mark.parametrize(
    "expected, answer",
    [
        ("(x+1)^2", "x^2 + 2x + 1"),
        ("tan(x)^2 + 1", "sec(x)^2"),
        ("sin(2x)", "2 sin x cos x"),
        ("sqrt(x^2)", "|x|"),
        ("(x^2 - 1)/(x - 1)", "x + 1"),
        ("x + 1", "(x^2 - 1)/(x - 1)"),
        ("e^(x+y)", "e^x e^y"),
        ("log x + log y", "log(x y)"),  # on the common domain x, y > 0
        ("2 x cos(x^2)", "2x cos x^2"),
        ("1/(1 + e^(-x))", "sigmoid(x)"),
        ("x y", "xy"),
    ],
)
def test_equal_forms_are_correct(expected, answer):
    verdict = check(expected, answer)
    assert verdict.status == "correct", verdict.message
    assert verdict.message == "Correct."


def test_sympy_objects_work_like_text():
    assert status(x**2 + 2 * x, x * (x + 2)) == "correct"
    assert status(sp.sin(x) ** 2, 1 - sp.cos(x) ** 2) == "correct"
    assert status(x**2, 2 * x) == "incorrect"


# -- the witness ---------------------------------------------------------------------
def test_incorrect_names_a_point_and_both_values():
    verdict = check("2x", "x^2")
    assert verdict.status == "incorrect"
    assert (
        verdict.message == "Not equal: at x = 1.5 your answer is 2.25 but the expected value is 3."
    )


def test_witness_values_are_the_true_values_there():
    verdict = check("2 x cos(x^2)", "2 cos(x^2)")
    assert verdict.status == "incorrect"
    assert "at x = 1.5" in verdict.message
    assert f"{float(2 * sp.cos(sp.Rational(9, 4))):.6g}" in verdict.message
    assert f"{float(3 * sp.cos(sp.Rational(9, 4))):.6g}" in verdict.message


# -- domains -------------------------------------------------------------------------
def test_sqrt_of_square_is_not_x():
    verdict = check("sqrt(x^2)", "x")
    assert verdict.status == "incorrect"
    assert "x = -" in verdict.message


def test_answer_undefined_where_expected_is_defined_is_incorrect():
    # log(x^2) is defined for x < 0, 2 log x is not
    verdict = check("log(x^2)", "2 log(x)")
    assert verdict.status == "incorrect"
    assert "not defined" in verdict.message


def test_common_real_domain_accepts_an_answer_defined_more_widely():
    # We compare on the common real domain: where the expected value is undefined
    # (x <= 0 for exp(log x)), any value of the answer is accepted.
    assert status("exp(log(x))", "x") == "correct"
    assert status(sp.exp(sp.log(x), evaluate=False), x) == "correct"
    assert status("2 log x", "log(x^2)") == "correct"
    assert status("sqrt(x)^2", "x") == "correct"


def test_answer_defined_less_widely_is_incorrect_even_if_equal_where_defined():
    # (SymPy itself folds sqrt(x) sqrt(x) to x when the text is parsed)
    assert status(x, sp.Mul(sp.sqrt(x), sp.sqrt(x), evaluate=False)) == "incorrect"


def test_multivariate_domains():
    assert status("sqrt(x y)", "sqrt(x) sqrt(y)") == "incorrect"  # x, y < 0
    assert status("sqrt(x) sqrt(y)", "sqrt(x y)") == "correct"
    assert status("x^2 y + y^3", "y (x^2 + y^2)") == "correct"
    assert status("x^2 y + y^3", "y (x^2 + y)") == "incorrect"


# -- constants and precision ------------------------------------------------------
def test_constants_compare_in_high_precision():
    verdict = check("pi", "3.14159")
    assert verdict.status == "incorrect"
    assert "3.14159 but the expected value is 3.141593" in verdict.message
    assert status("pi", "355/113") == "incorrect"
    assert status("sqrt(2) sqrt(3)", "sqrt(6)") == "correct"


def test_exact_rationals():
    assert status("1/3", "2/6") == "correct"
    assert status("1/3", "0.3333") == "incorrect"
    assert status("0.5", "1/2") == "correct"
    assert status("1/3", "0.33333333333333333333") == "incorrect"


def test_near_ties_are_decided_in_high_precision():
    assert status("x", "x + 0.000000000001") == "incorrect"
    assert status("x", "x + 10^-15") == "incorrect"
    assert status(x, x * (1 + sp.Rational(1, 10**14))) == "incorrect"
    assert status("(x+1)^2", "x^2 + 2x + 1") == "correct"
    assert status("(x+1)^6", sp.expand((x + 1) ** 6)) == "correct"


def test_cancellation_is_not_a_difference():
    # (e^x)^2 - e^(2x) + 1 is exactly 1; in floats it loses every digit at x ~ 30
    assert status("1", "(e^x)^2 - e^(2x) + 1") == "correct"
    assert (
        status(sp.exp(40 * x) - sp.exp(40 * x) * (1 - sp.Rational(1, 10**30)) + x, x) == "incorrect"
    )


def test_floating_point_inputs_compare_with_a_float_tolerance():
    assert status(sp.Float(0.1) * x, x / 10) == "correct"
    assert status(sp.pi, sp.Float(3.14159265358979)) == "correct"
    assert status(sp.pi, sp.Float(3.1416)) == "incorrect"


# -- shapes ----------------------------------------------------------------------------
def test_flat_list_matches_row_or_column():
    assert status(sp.Matrix([2 * x, 2 * y]), "[2x, 2y]") == "correct"  # column expected
    assert status(sp.Matrix([[2 * x, 2 * y]]), "[2x, 2y]") == "correct"  # row expected
    assert status("[2x, 2y]", "[[2x], [2y]]") == "correct"
    assert status(sp.Matrix([2 * x, 2 * y]), [2 * x, 2 * y]) == "correct"  # a Python list


def test_explicit_shapes_must_match():
    verdict = check("[[1, 2]]", "[[1], [2]]")
    assert verdict.status == "incorrect"
    assert verdict.message == "Your answer is a 2×1 column vector; a 1×2 row vector was expected."
    assert status(sp.Matrix([x, y]).T, sp.Matrix([x, y])) == "incorrect"


def test_scalar_against_matrix():
    verdict = check("x", "[x, 1]")
    assert verdict.status == "incorrect"
    assert "a single expression" in verdict.message and "list of 2 entries" in verdict.message
    assert "a 2×2 matrix was expected" in check("[[1, 0], [0, 1]]", "1").message
    assert "3 entries" in check("[1, 2]", "[1, 2, 3]").message


def test_matrix_entries_are_named():
    verdict = check("[[1, x], [x, 1]]", "[[1, x], [2x, 1]]")
    assert verdict.status == "incorrect"
    assert verdict.message.startswith("Not equal: entry (2, 1) is not right. At x = 1.5")
    verdict = check("[[1, x], [x, 1]]", "[[2, x], [2x, 1]]")
    assert "entry (1, 1) and entry (2, 1) are not right" in verdict.message
    verdict = check("[2x, 2y]", "[2x, y]")
    assert "component 2 is not right" in verdict.message
    assert status("[[x^2, 2], [sin(2x), 1]]", "[[x x, 2], [2 sin x cos x, 1]]") == "correct"


# -- invalid input -------------------------------------------------------------------
def test_invalid_answer_reports_message_and_column():
    verdict = check("x", "sin(x")
    assert verdict.status == "invalid"
    assert verdict.column == 4
    assert "column 4" in verdict.message
    assert verdict.value is None


def test_invalid_expected_is_reported_as_such():
    verdict = check("x +", "x")
    assert verdict.status == "invalid"
    assert verdict.message.startswith("The expected answer could not be read")


def test_declared_variables_pass_through_to_the_parser():
    assert status("theta^2", "θ θ", ["theta"]) == "correct"
    assert status("rate t", "t rate", ["rate", "t"]) == "correct"


def test_non_expressions_are_invalid_not_crashes():
    assert status(x, sp.Eq(x, 1)) == "invalid"
    assert status(x, object()) == "invalid"
    assert status(x, []) == "invalid"


# -- the verdict object ---------------------------------------------------------------
def test_verdict_fields_and_dict():
    verdict = check("2x", "x + x")
    assert isinstance(verdict, Verdict)
    assert verdict.latex == "2 x"
    assert verdict.value == 2 * x
    with pytest.raises(AttributeError):
        verdict.status = "incorrect"  # frozen
    data = verdict.to_dict()
    assert data == {"status": "correct", "message": "Correct.", "latex": "2 x", "notes": [],
                    "column": None, "value": "2*x", "stage": "float", "reason": "",
                    "entries": [True]}  # fmt: skip
    assert check("xy", "x y").to_dict()["notes"] == []
    assert check("x y", "xy").notes == ("read `xy` as x·y",)


def test_equivalent_is_three_valued():
    assert equivalent(x**2 - 1, (x - 1) * (x + 1)) is True
    assert equivalent(x**2, x) is False
    assert equivalent(sp.sqrt(-1 - x**2), sp.log(-1 - x**2)) is None


def test_same_answer_takes_integer_variables_and_matrices_too():
    from mvcalc.math.check.compare import same_answer

    assert same_answer("sin(pi n)", "0", ["n"], ["n"]) is True
    assert same_answer("sin(pi n)", "0", ["n"]) is False
    m = sp.ImmutableMatrix([[x**2 - 1, x]])
    assert same_answer(m, sp.ImmutableMatrix([[(x - 1) * (x + 1), x]]), ["x"]) is True
    assert same_answer(m, sp.ImmutableMatrix([[x**2 + 1, x]]), ["x"]) is False
    assert same_answer(m, x**2 - 1, ["x"]) is False


def test_equivalent_compares_integer_variables_at_whole_numbers_only():
    # sin(πn) = 0 and cos(πn) = (-1)^n for every whole n, and for no other real n
    assert equivalent("sin(pi n)", "0", ["n"], ["n"]) is True
    assert equivalent("cos(pi n)", "(-1)^n", ["n"], {"n": 0}) is True
    assert equivalent("sin(pi n)", "0", ["n"]) is False
    assert equivalent("cos(pi n)", "(-1)^n", ["n"]) is False


# -- the exact fallback ----------------------------------------------------------------
def test_unsupported_functions_fall_back_to_exact_simplification(warm_pool):
    assert status(sp.factorial(x), sp.gamma(x + 1)) == "correct"
    verdict = check(sp.gamma(x), sp.gamma(x) + 1)
    assert verdict.status == "incorrect"
    assert "nonzero constant" in verdict.message


def test_undecided_is_honest_and_never_correct(warm_pool):
    # no real point where either is defined: nothing numeric to go on, nothing simplifies
    verdict = check(sp.sqrt(-1 - x**2), sp.log(-1 - x**2))
    assert verdict.status == "undecided"
    assert verdict.message.startswith("mvcalc could not decide")
    assert "not been marked right or wrong" in verdict.message


def test_too_few_points_go_to_the_exact_fallback(warm_pool):
    # asin(x/100 + 50) is defined only for x in [-5100, -4900]: sampling finds no point
    expr = sp.asin(x / 100 + 50)
    assert status(expr, expr) == "correct"
    assert status(expr, expr + 1) == "incorrect"


def _exact_checks_in_a_child():
    return (
        check(sp.gamma(x), sp.gamma(x) + 1).status,
        check(sp.factorial(x), sp.gamma(x + 1)).status,
    )


@pytest.mark.timeout(120)
def test_a_forked_child_gets_its_own_workers(warm_pool):
    """A fork (as time_limit.run_with_time_limit makes) must not share the parent's sockets."""
    from mvcalc.math.time_limit import run_with_time_limit

    assert status(sp.factorial(x), sp.gamma(x + 1)) == "correct"
    assert run_with_time_limit(_exact_checks_in_a_child, seconds=60) == ("incorrect", "correct")
    assert status(sp.gamma(x), sp.gamma(x) + 1) == "incorrect"
    assert status(sp.factorial(x), sp.gamma(x + 1)) == "correct"
