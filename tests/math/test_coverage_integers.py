"""Coverage of checking answers in integer variables (mvcalc.math.check.integers), by hand-computed values."""

from __future__ import annotations

from mvcalc.math.check.compare import check


def test_integers_from_minus_infinity_sample_negative_values() -> None:
    assert check("n^2", "n*n", ["n"], {"n": None}).status == "correct"
    # (-1)^n · n at negative n too: equal as written either way
    assert check("(-1)^n*n", "n*(-1)^n", ["n"], {"n": None}).status == "correct"
    verdict = check("n^2", "n^3", ["n"], {"n": None})
    assert verdict.status == "incorrect"
    assert verdict.message == "Not equal: at n = 2 your answer is 8 but the expected value is 4."  # 2³ vs 2²


def test_answers_defined_at_too_few_whole_numbers_are_undecided() -> None:
    # sqrt(−n²) is real only at n = 0
    verdict = check("sqrt(-n^2)", "0", ["n"], {"n": 0})
    assert verdict.status == "undecided"
    assert "the two answers are defined together at too few points" in verdict.message

