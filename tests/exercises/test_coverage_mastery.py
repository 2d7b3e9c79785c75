"""Coverage of knowledge tracing (mvcalc.exercises.mastery) against Bayes' rule worked by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.exercises.mastery import BKT, DEFAULT, guess_rate, observe


@pytest.mark.parametrize(
    ("kind", "options", "hints", "expected"),
    [
        ("expression", 0, 0, 0.2),
        ("choice", 4, 0, 0.25),  # one in four by chance beats the default 0.2
        ("graph", 10, 0, 0.2),  # one in ten is below the default
        ("choice", 0, 0, 0.2),  # no options known: the default
        ("multichoice", 2, 0, 2 / 3),  # 3 non-empty subsets of 2 options, doubled
        ("multichoice", 4, 0, 0.2),  # 2/15 is below the default
        ("expression", 0, 1, 0.35),
        ("choice", 2, 3, 0.6),  # capped at 0.6
    ],
)
def test_guess_rate(kind, options, hints, expected) -> None:
    assert guess_rate(kind, options, hints) == pytest.approx(expected)


def test_update_by_hand() -> None:
    bkt = BKT(p_init=0.2, p_learn=0.15, p_slip=0.1, p_guess=0.2)
    # right: 0.5·0.9 / (0.5·0.9 + 0.5·0.2) = 0.45/0.55; then + (1 − that)·0.15
    right = 0.45 / 0.55
    assert bkt.update(0.5, True) == pytest.approx(right + (1 - right) * 0.15)
    # wrong: 0.5·0.1 / (0.5·0.1 + 0.5·0.8) = 0.05/0.45
    wrong = 0.05 / 0.45
    assert bkt.update(0.5, False) == pytest.approx(wrong + (1 - wrong) * 0.15)
    # an explicit guess rate replaces the default one
    guessy = 0.45 / (0.45 + 0.5 * 0.5)
    assert bkt.update(0.5, True, guess=0.5) == pytest.approx(guessy + (1 - guessy) * 0.15)


def test_observe() -> None:
    assert observe(0.4, "invalid") == 0.4 and observe(None, "undecided") is None
    assert observe(None, "correct") == pytest.approx(DEFAULT.update(DEFAULT.p_init, True))
    assert observe(0.7, "partial") == pytest.approx(DEFAULT.update(0.7, False))
    assert observe(0.7, "correct", "choice", options=2) == pytest.approx(DEFAULT.update(0.7, True, 0.5))


@given(st.floats(min_value=0.01, max_value=0.99), st.booleans())
@settings(max_examples=50, deadline=None)
def test_right_answers_raise_and_wrong_ones_lower_the_estimate_before_learning(p: float, correct: bool) -> None:
    no_learning = BKT(p_learn=0.0)
    after = no_learning.update(p, correct)
    assert 0.0 <= after <= 1.0
    assert (after > p) if correct else (after < p)
