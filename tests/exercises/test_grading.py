"""grade(): every branch against answers worked out by hand (statuses, scores, messages).

Regression tests for the two grading bugs of issue 21: an undecided entry is never
counted right or wrong, and an undecided answer never gets a named mistake; each
multichoice message comes from the option it belongs to.
"""

from __future__ import annotations

import pytest
import sympy as sp

from mvcalc.exercises.grading import MAX_ANSWER, grade
from mvcalc.exercises.model import Choice, Question
from mvcalc.math.calculus.misconception import Misconception
from mvcalc.math.check import exact
from mvcalc.math.input.reader import symbol

x, y = symbol("x"), symbol("y")
NEVER_REAL = sp.sqrt(-1 - x**2)  # defined nowhere on the real line: sampling cannot decide


@pytest.fixture(scope="module", autouse=True)
def warm_pool():
    assert exact.wait_ready(exact.SAFETY_NET)


def expression(answer, buggy=(), variables=("x",)) -> Question:
    return Question("t-expr", 0, "p", "expression", answer, str(answer), list(variables), buggy=list(buggy))


def matrix(answer, kind="matrix", buggy=(), variables=("x", "y")) -> Question:
    value = sp.ImmutableMatrix(answer)
    return Question("t-mat", 0, "p", kind, value, str(value), list(variables), buggy=list(buggy))


SIGN = Misconception("sign", -2 * x, "You dropped the minus sign.")


# ---------------------------------------------------------------- expressions
def test_a_right_expression_scores_one():
    g = grade(expression(2 * x), "x + x")
    assert (g.status, g.score, g.message, g.diagnosis) == ("correct", 1.0, "Correct.", None)
    assert g.latex == "2 x"


def test_a_wrong_expression_names_a_point_and_scores_zero():
    g = grade(expression(2 * x), "x^2")
    assert (g.status, g.score, g.diagnosis) == ("incorrect", 0.0, None)
    assert g.message == "Not equal: at x = 1.5 your answer is 2.25, which is not the right value there."


def test_a_wrong_constant_is_told_wrong_without_the_expected_value():
    """The checker's witness would say "but the expected value is -16": for a constant that is the answer."""
    g = grade(expression(sp.Integer(-16)), "12329")
    assert g.status == "incorrect" and g.message == "Not equal: your answer is 12329, which is not the right value."
    undefined = grade(expression(1 / (x + 3)), "sqrt(x - 2)")
    assert undefined.status == "incorrect"
    assert "expected value" not in undefined.message and "right answer is defined there" in undefined.message


def test_a_buggy_answer_is_named():
    g = grade(expression(2 * x, [SIGN]), "-2x")
    assert (g.status, g.score, g.message) == ("incorrect", 0.0, "You dropped the minus sign.")
    assert g.diagnosis is SIGN


def test_a_buggy_answer_that_only_agrees_at_a_few_points_is_not_named():
    # -2x + (x-0.37)(x-0.83)(x-1.29)(x-2.17) agrees with -2x at four of the old probe points
    near_miss = "-2x + (x - 0.37)(x - 0.83)(x - 1.29)(x - 2.17)"
    g = grade(expression(2 * x, [SIGN]), near_miss)
    assert g.status == "incorrect" and g.diagnosis is None


def test_an_undecided_expression_is_undecided_and_never_diagnosed():
    # the learner types exactly the buggy answer, but nothing can decide it against the key
    mistake = Misconception("log_for_sqrt", sp.log(-1 - x**2), "You wrote log for sqrt.")
    g = grade(expression(NEVER_REAL, [mistake]), "log(-1 - x^2)")
    assert (g.status, g.score, g.diagnosis) == ("undecided", 0.0, None)
    assert g.latex == r"\log{\left(- x^{2} - 1 \right)}"  # what was read is still shown back
    assert "not been marked right or wrong" in g.message


def test_a_one_by_one_buggy_matrix_stands_for_its_entry():
    mistake = Misconception("sign", sp.ImmutableMatrix([[-2 * x]]), "You dropped the minus sign.")
    g = grade(expression(2 * x, [mistake]), "-2x")
    assert (g.status, g.score, g.message, g.diagnosis) == ("incorrect", 0.0, "You dropped the minus sign.", mistake)


def test_a_vector_for_an_expression_is_refused():
    g = grade(expression(2 * x), "[2x, 1]")
    assert (g.status, g.score) == ("incorrect", 0.0)
    assert g.message == "The answer is a single expression, not a vector or matrix."
    # what was read is shown back, with how it was read
    assert g.latex == r"\left[\begin{matrix}2 x & 1\end{matrix}\right]"
    assert g.notes == ("read `[2x, 1]` as a row vector (1×2)",)


def test_unreadable_and_empty_answers_are_invalid_and_score_zero():
    g = grade(expression(2 * x), "2x + (")
    assert (g.status, g.score) == ("invalid", 0.0)
    assert g.column == 6
    assert grade(expression(2 * x), "   ").message == "Type an answer first."
    long = grade(expression(2 * x), "x" * (MAX_ANSWER + 1))
    assert (long.status, long.score) == ("invalid", 0.0)
    assert long.message == f"That answer is too long (over {MAX_ANSWER} characters)."


# ---------------------------------------------------------------- vectors and matrices
def test_one_undecided_entry_and_no_wrong_one_is_undecided_not_partial():
    q = matrix([[2 * x], [NEVER_REAL]], kind="vector")
    g = grade(q, "[2x, log(-1 - x^2)]")
    assert (g.status, g.score, g.diagnosis) == ("undecided", 0.0, None)
    assert g.entries == ((True,), (None,))


def test_a_wrong_entry_beside_an_undecided_one_counts_only_the_right_ones():
    q = matrix([[2 * x, NEVER_REAL, y]], kind="vector")
    g = grade(q, "[2x, log(-1 - x^2), 2y]")
    assert g.status == "partial"
    assert g.score == pytest.approx(1 / 3)
    assert g.entries == ((True, None, False),)
    assert g.message == "1 of 3 entries are right. 1 could not be decided (not counted either way)."


def test_partial_credit_is_the_share_of_right_entries():
    q = matrix([[2 * x], [2 * y]], kind="vector")
    g = grade(q, "[2x, 3y]")
    assert (g.status, g.score, g.message) == ("partial", 0.5, "1 of 2 entries are right.")
    assert g.entries == ((True,), (False,))
    none = grade(q, "[3x, 3y]")
    assert (none.status, none.score, none.message) == ("incorrect", 0.0, "None of the entries are right.")
    right = grade(q, "[x + x, 2y]")
    assert (right.status, right.score, right.entries) == ("correct", 1.0, ((True,), (True,)))
    assert right.latex == r"\left[\begin{matrix}2 x & 2 y\end{matrix}\right]"  # what was read, shown back
    assert right.notes == ("read `[x + x, 2y]` as a row vector (1×2)",)


def test_a_transposed_square_matrix_is_named_and_keeps_its_diagonal_credit():
    q = matrix([[1, 2 * x], [3 * y, 4]])
    g = grade(q, "[[1, 3y], [2x, 4]]")
    assert (g.status, g.score) == ("partial", 0.5)
    assert g.diagnosis.rule == "transposed"
    assert g.message.startswith("Your matrix is the transpose of the answer")
    assert g.entries == ((True, False), (False, True))


def test_a_one_by_one_matrix_is_never_called_transposed():
    # 2 log x equals log x² where both are defined (how a named mistake is matched), but is not
    # defined for x < 0: wrong, and a 1×1 matrix is its own transpose, so that is no diagnosis
    q = matrix([[sp.log(x**2)]], variables=("x",))
    g = grade(q, "[[2 log(x)]]")
    assert (g.status, g.score, g.diagnosis, g.entries) == ("incorrect", 0.0, None, ((False,),))
    assert g.message == "None of the entries are right."


def test_a_symmetric_mistake_is_not_called_transposed():
    q = matrix([[1, 2 * x], [3 * y, 4]])
    g = grade(q, "[[1, 2x], [2x, 4]]")
    assert g.diagnosis is None
    assert (g.status, g.score, g.message) == ("partial", 0.75, "3 of 4 entries are right.")


def test_a_transposed_rectangular_matrix_is_named_by_its_shape():
    q = matrix([[x, y, 1]])  # 1×3
    g = grade(q, "[[x], [y], [1]]")
    assert (g.status, g.score, g.diagnosis.rule) == ("incorrect", 0.0, "transposed")
    wrong = grade(q, "[[x], [y], [2]]")
    assert wrong.diagnosis.rule == "wrong_shape"
    assert wrong.message == (
        "The answer should be 1×3, but yours is 3×1. "
        "Write a vector as [a, b, c] and a matrix row by row as [[a, b], [c, d]]."
    )


def test_a_scalar_for_a_vector_is_the_wrong_shape():
    g = grade(matrix([[2 * x], [2 * y]], kind="vector"), "2x")
    assert (g.status, g.score, g.diagnosis.rule) == ("incorrect", 0.0, "wrong_shape")
    assert g.message.startswith("The answer should be 2×1, but yours is 1×1.")


def test_a_flat_list_fits_a_column_and_a_buggy_vector_is_named():
    mistake = Misconception("swapped", sp.ImmutableMatrix([[2 * y], [2 * x]]), "You swapped them.")
    q = matrix([[2 * x], [2 * y]], kind="vector", buggy=[mistake])
    g = grade(q, "[2y, 2x]")
    assert (g.status, g.score, g.message, g.diagnosis) == ("incorrect", 0.0, "You swapped them.", mistake)


def test_a_buggy_answer_of_another_shape_is_named_before_the_shape():
    mistake = Misconception("row", sp.ImmutableMatrix([[2 * x, 2 * y]]), "A gradient is a column here.")
    q = matrix([[2 * x], [2 * y]], kind="vector", buggy=[mistake])
    g = grade(q, "[[2x, 2y]]")
    assert (g.status, g.message, g.diagnosis) == ("incorrect", "A gradient is a column here.", mistake)


# ---------------------------------------------------------------- numbers and points
def number(answer, tolerance=None, buggy=()) -> Question:
    return Question("t-num", 0, "p", "number", answer, str(answer), [], buggy=list(buggy), tolerance=tolerance)


def test_numbers_exact_and_within_tolerance():
    q = number(sp.Rational(1, 3))
    assert grade(q, "2/6").status == "correct"
    rounded = grade(q, "0.3333")  # an exact answer given as a decimal: a named slip
    assert rounded.status == "incorrect" and rounded.diagnosis.rule == "rounded_too_early"
    wrong = grade(q, "0.71")
    assert (wrong.status, wrong.score, wrong.diagnosis) == ("incorrect", 0.0, None)
    assert wrong.message == "Not quite, and not a slip we recognise: check each step of your working."
    t = number(sp.pi, tolerance=0.01)
    assert (grade(t, "3.14").status, grade(t, "3.14").score) == ("correct", 1.0)
    assert grade(t, "3.16").diagnosis.rule == "rounded_too_early"
    assert grade(t, "4.5").message == (
        "Not quite (to within ±0.01), and not a slip we recognise: check each step of your working.")


def test_a_key_computed_in_floats_is_matched_near_zero_and_its_buggy_numbers_too():
    # 0.1 + 0.2 - 0.3 is 5.55e-17 in floats: a relative tolerance alone would refuse the exact 0
    doubled = Misconception("doubled", 2, "You doubled it.")  # plain Python numbers, not SymPy ones
    q = number(0.1 + 0.2 - 0.3, buggy=[doubled])
    assert (grade(q, "0").status, grade(q, "0").score, grade(q, "0").message) == ("correct", 1.0, "Correct.")
    assert grade(q, "1/10^13").status == "correct"  # within the absolute 1e-12
    far = grade(q, "1/10^6")
    assert (far.status, far.score, far.diagnosis) == ("incorrect", 0.0, None)
    assert far.message == "Not quite, and not a slip we recognise: check each step of your working."
    named = grade(q, "2")
    assert (named.status, named.score, named.message, named.diagnosis) == ("incorrect", 0.0, "You doubled it.", doubled)


def test_a_second_derivative_question_says_which_step():
    from mvcalc.exercises import registry

    q = registry.get("m1-second-derivative").generate(0)  # f = 2x^6 + e^x
    first_step = next(m for m in q.buggy if m.message.startswith("The mistake is in the first"))
    g = grade(q, str(first_step.answer))
    assert g.diagnosis is not None and g.message == first_step.message
    unexplained = grade(q, "x")
    assert unexplained.diagnosis is None and "find $f'$ first and check it" in unexplained.message


def test_a_buggy_number_is_named_and_bad_numbers_are_invalid():
    slip = Misconception("half", sp.Rational(3, 2), "You halved it.")
    q = number(sp.Integer(3), buggy=[slip])
    g = grade(q, "1.5")
    assert (g.status, g.score, g.message, g.diagnosis) == ("incorrect", 0.0, "You halved it.", slip)
    assert (grade(q, "x").status, grade(q, "x").message) == ("invalid", "`x` is not a variable here.")
    vector, undefined = grade(q, "[1, 2]"), grade(q, "sqrt(-1)")
    assert (vector.status, vector.message, vector.column) == ("invalid", "Give a single number here, not a vector.", 1)
    assert (undefined.status, undefined.message, undefined.column) == (
        "invalid", "That number is not defined (it is not a real number).", 1)


def points(answer, tolerance=1e-6, buggy=()) -> Question:
    return Question("t-pts", 0, "p", "points", answer, "", [], buggy=list(buggy), tolerance=tolerance)


def test_no_point_and_no_letter_are_invalid_and_point_at_column_1():
    for text in (", ,", ";"):
        g = grade(points([(1.0, 2.0)]), text)
        assert (g.status, g.message, g.column) == ("invalid", "Give at least one point.", 1)
    q = Question("t-choice", 0, "p", "choice", 0, "", [], choices=[Choice(f"option {i}", correct=i == 0) for i in range(4)])
    for text in ("A1", "!"):
        g = grade(q, text)
        assert (g.status, g.message, g.column) == ("invalid", "Answer with the letter of an option (A–D).", 1)
    assert (grade(q, "B, E").message, grade(q, "B, E").column) == ("There is no option E; the options are A–D.", 4)


def test_points_all_some_and_extra():
    q = points(((sp.Integer(1), sp.Integer(2)), (sp.Integer(3), sp.Integer(-1))))
    assert grade(q, "(3, -1), (1, 2)").status == "correct"
    half = grade(q, "(1, 2)")
    assert (half.status, half.score) == ("partial", 0.5)
    assert half.message == "1 of the 2 points is right (to within ±1e-06)."
    extra = grade(q, "(1, 2), (3, -1), (0, 0)")
    assert (extra.status, extra.score) == ("partial", 0.5)
    assert extra.message == "2 of the 2 points are right; 1 of yours is not (to within ±1e-06)."
    assert grade(q, "(1, 2, 3)").message == "Each point needs 2 coordinates; (1, 2, 3) has 3."
    assert grade(q, "1, 2").status == "invalid"


def test_a_buggy_set_of_points_is_named():
    slip = Misconception("sign", ((sp.Integer(-1), sp.Integer(2)),), "Check the sign of x.")
    q = points(((sp.Integer(1), sp.Integer(2)),), buggy=[slip])
    g = grade(q, "(-1, 2)")
    assert (g.status, g.score, g.message) == ("incorrect", 0.0, "Check the sign of x.")


# ---------------------------------------------------------------- choices
def choices(kind, answer, misconceptions) -> Question:
    options = [Choice(f"option {i}", correct=(i in answer if isinstance(answer, frozenset) else i == answer),
                      misconception=m) for i, m in enumerate(misconceptions)]
    return Question("t-choice", 0, "p", kind, answer, "", [], choices=options)


DROPPED = Misconception("dropped_minus", 0, "You dropped the minus sign.")
SWAPPED = Misconception("swapped", 0, "You swapped the order.")


def test_each_multichoice_message_comes_from_its_own_option():
    q = choices("multichoice", frozenset({0}), [None, None, DROPPED, None])
    g = grade(q, "A, B, C")
    assert g.message == "C: You dropped the minus sign. B is not right."
    assert g.diagnosis is DROPPED
    assert (g.status, g.score, g.latex) == ("incorrect", 0.0, "A, B, C")


def test_multichoice_names_every_wrong_option_and_counts_what_was_missed():
    q = choices("multichoice", frozenset({0, 3}), [None, SWAPPED, DROPPED, None])
    g = grade(q, "a c b")
    assert g.message == "B: You swapped the order. C: You dropped the minus sign. 1 right option not picked."
    assert (g.status, g.score) == ("incorrect", 0.0)
    partial = grade(q, "A")
    assert (partial.status, partial.score, partial.message) == ("partial", 0.5, "1 right option not picked.")
    assert grade(q, "D, A").status == "correct"


def test_single_choice():
    q = choices("choice", 1, [DROPPED, None, None])
    assert grade(q, "b").status == "correct"
    wrong = grade(q, "A")
    assert (wrong.status, wrong.message, wrong.diagnosis) == ("incorrect", "You dropped the minus sign.", DROPPED)
    assert grade(q, "C").message == "Not that one."
    assert grade(q, "A, B").message == "Pick one option only (one letter)."
    missing = grade(q, "D")
    assert (missing.status, missing.message, missing.column) == (
        "invalid", "There is no option D; the options are A–C.", 1)
    assert grade(q, "1").message == "Answer with the letter of an option (A–C)."


def test_a_graph_question_is_graded_by_its_letter():
    q = choices("graph", 2, [None, DROPPED, None])
    assert (grade(q, "C").status, grade(q, "C").score) == ("correct", 1.0)
    assert grade(q, "B").message == "You dropped the minus sign."


def test_exact_scores_latex_and_tolerances_of_the_other_kinds():
    from mvcalc.exercises.grading import AnswerError

    assert AnswerError("Give a number.").message == "Give a number."
    q = choices("multichoice", frozenset({0, 3}), [None, SWAPPED, DROPPED, None])
    assert (grade(q, "A, D").status, grade(q, "A, D").score) == ("correct", 1.0)
    slip = Misconception("half", sp.Rational(3, 2), "You halved it.")
    assert grade(number(sp.Integer(3), buggy=[slip]), "1.5").latex == r"\frac{3}{2}"
    near = points(((sp.Integer(1), sp.Integer(2)),), tolerance=0.01)
    assert grade(near, "(1.005, 2)").status == "correct"  # within the tolerance
    half = Misconception("one_root", ((sp.Integer(1), sp.Integer(2)),), "There is a second point.")
    two = points(((sp.Integer(1), sp.Integer(2)), (sp.Integer(5), sp.Integer(5))), buggy=[half])
    g = grade(two, "(1, 2)")
    assert (g.status, g.score, g.message) == ("partial", 0.5, "There is a second point.")
    shaped = grade(matrix([[x, y, 1]]), "[[x], [y], [2]]")
    assert shaped.latex == r"\left[\begin{matrix}x\\y\\2\end{matrix}\right]"


# ---------------------------------------------------------------- messages, columns and limits (mutation tests)


def test_the_right_option_says_correct_and_an_empty_answer_points_at_column_1():
    q = choices("choice", 1, {0: None, 2: None})
    right = grade(q, "B")
    assert right.status == "correct" and right.message == "Correct."
    empty = grade(q, "  ")
    assert empty.status == "invalid" and empty.message == "Type an answer first." and empty.column == 1


def test_an_answer_of_exactly_the_limit_is_read_and_one_more_is_refused():
    q = number(sp.Integer(7))
    at_limit, over = grade(q, "7." + "0" * (MAX_ANSWER - 2)), grade(q, "7." + "0" * (MAX_ANSWER - 1))
    assert "too long" in over.message and over.status == "invalid"
    assert "too long" not in at_limit.message


def test_unreadable_numbers_and_points_say_where():
    bad_number = grade(number(sp.Integer(3)), "3 +")
    assert bad_number.status == "invalid" and bad_number.column is not None and bad_number.column > 1
    short = grade(points(((sp.Integer(1), sp.Integer(2)),)), "(1, 2, 3)")
    assert short.status == "invalid" and short.column == 1 and "coordinates" in short.message


def test_points_in_brackets_and_parentheses_are_read_alike():
    q = points(((sp.Integer(1), sp.Integer(2)), (sp.Integer(3), sp.Integer(-1))))
    for text in ("(1, 2); (3, -1)", "[1, 2]; [3, -1]", "(3, -1); (1, 2)"):
        assert grade(q, text).status == "correct", text


def test_an_answer_error_reads_as_its_message():
    from mvcalc.exercises.grading import AnswerError

    assert str(AnswerError("cannot read that", 4)) == "cannot read that"
