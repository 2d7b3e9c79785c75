"""Input the parser cannot read: an InputError naming the place and the likely fix."""

import pickle

import pytest

from mvcalc.math.input.reader import InputError, parse


def error(text, variables=None) -> InputError:
    with pytest.raises(InputError) as info:
        parse(text, variables)
    return info.value


@pytest.mark.parametrize(
    "text, column, words",
    [
        ("", 1, "empty"),
        ("   ", 1, "empty"),
        ("(x + 1", 1, "never closed"),
        ("x + 1)", 6, "no `(`"),
        ("[x, y", 1, "never closed"),
        ("(x]", 3, "closed by `]`"),
        ("|x", 1, "never closed"),
        ("sin(x", 4, "never closed"),
        ("x +", 3, "nothing after `+`"),
        ("x*", 2, "nothing after `*`"),
        ("2^", 2, "nothing after `^`"),
        ("(x -)", 4, "nothing after `-`"),
        ("x*/y", 3, "Two operators"),
        ("x^*2", 3, "Two operators"),
        ("*x", 1, "needs something before it"),
        ("y = x^2", 3, "equation"),
        ("x < 2", 3, "comparison"),
        ("1, 2", 2, "comma"),
        ("(1, 2)", 3, "comma"),
        ("sin(x, y)", 6, "one argument"),
        ("[[1, 2], [3]]", 10, "Row 2 has 1 entry but row 1 has 2 entries"),
        ("[[1, 2], 3]", 10, "own brackets"),
        ("[1, [2]]", 5, "one level"),
        ("[1, , 2]", 5, "missing"),
        ("[]", 2, "missing"),
        ("x + [1, 2]", 5, "whole answer"),
        ("()", 1, "nothing between"),
        ("sin", 1, "needs an argument"),
        ("2 sin", 3, "needs an argument"),
        ("sin()", 4, "inside the brackets"),
        ("sin + 1", 1, "needs an argument"),
        ("x!", 2, "Factorial"),
        ("2.5!", 4, "Factorial"),
        ("1.2.3", 4, "one decimal point"),
        ("x2", 1, "digits"),
        ("\"a\"", 1, "Quotes"),
        ("'a'", 1, "Quotes"),
        ("x.__class__", 2, "Attribute"),
        ("__import__", 1, "double underscores"),
        ("$x$", 1, "Dollar"),
        ("x;y", 2, "semicolon"),
        ("x @ y", 3, "not an operator"),
        ("\\frac{1}{2}", 1, "LaTeX"),
        ("{x}", 1, "Curly"),
        ("x ∞", 3, "Infinity"),
        ("oo", 1, "Infinity"),
        ("inf", 1, "Infinity"),
        ("x\x00", 2, "control character"),
        ("é", 1, "not used"),
        ("x ⊕ y", 3, "not used"),
        ("1/0", 2, "divides by zero"),
        ("x/(1-1)", 2, "divides by zero"),
        ("log(0)", 1, "not a finite number"),
        ("0^-1", 2, "undefined"),
        ("sin^-2 x", 4, "ambiguous"),
        ("ln^-1 x", 3, "ambiguous"),
        ("sin^x x", 4, "whole number"),
        ("²", 1, "superscript"),
        ("|x|y|", 5, "never closed"),
        ("||", 1, "nothing between"),
        ("dy/dx", 1, "Leibniz"),
        ("2 + d/dx(x^2)", 5, "Leibniz"),
    ],
)
def test_error_names_the_column_and_the_problem(text, column, words):
    err = error(text)
    assert words.lower() in err.message.lower(), err.message
    assert err.column == column, (text, err.column, err.message)
    assert f"column {column}" in str(err)
    assert str(err).endswith((".", "?"))


def test_unknown_function_suggests_a_fix():
    err = error("sinn x")
    assert "sinn" in err.message and "Did you mean sin" in err.hint
    assert "Did you mean sqrt" in error("sqr x").hint
    assert "Did you mean arctan" in error("arctn(x)").hint
    assert "function called `foo`" in error("foo(x)").message
    assert "Did you mean cos" in error("coss(x)", ["x"]).hint


def test_undeclared_names_are_refused_with_the_list_of_variables():
    err = error("x + z", ["x", "y"])
    assert err.column == 5 and "not a variable" in err.message
    assert "x, y" in err.hint
    assert "not a variable" in error("θ", ["x"]).message
    assert error("alpha", ["x"]).message == "I don't know the name `alpha`."


def test_limits():
    assert "longer than 2000" in error("x" * 2001).message
    assert "30 digits" in error("1" * 31).message
    assert "at most 100" in error("1e101").message
    assert "1000" in error("x^1001").message
    assert "1000" in error("9^9^9").message
    assert "too large" in error("(10^29)^1000").message
    assert "0 to 100" in error("101!").message
    assert "nested more than 50" in error("(" * 51 + "x" + ")" * 51).message
    assert "more than 500" in error("+".join(["x"] * 501)).message
    assert "too large" in error("sin(exp(exp(12)))").message
    assert "at most 100 entries" in error("[" + ",".join(["1"] * 101) + "]").message


def test_within_limits_is_fine():
    assert parse("(" * 49 + "x" + ")" * 49) is not None
    assert parse("x^1000") is not None
    assert parse("100!") > 0
    assert parse("1" * 30) > 0


def test_str_is_one_sentence_with_message_column_and_hint():
    err = error("x +")
    assert str(err) == (
        "There is nothing after `+` (column 3). Finish the expression after `+`, or delete it."
    )
    assert isinstance(err, ValueError)


def test_errors_survive_pickling_for_worker_processes():
    err = error("x +")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.message, copy.column, copy.hint) == (err.message, err.column, err.hint)


def test_columns_count_characters_as_typed():
    # the zero-width space is dropped but still counts as a column the learner can see
    assert error("x\u200b+").column == 3
    assert error("θ + ").column == 3


def test_a_matrix_followed_by_more_is_refused():
    err = error("[1, 2]^2")
    assert "whole answer" in err.message and err.column == 7


def test_small_decimal_exponents_of_e_and_variables_are_fine():
    """A long decimal in an exponent is a large denominator, not a large exponent."""
    from mvcalc.math.input.reader import parse as _parse

    assert _parse("e^(-0.00055015643181 * 77.6)").is_number
    assert _parse("x^0.00055015643181").free_symbols
