"""Knowledge tracing and the choice of the next question."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.exercises import registry
from mvcalc.exercises.mastery import DEFAULT, MASTERED, observe
from mvcalc.exercises.selection import need, next_generator


@settings(max_examples=60, deadline=None)
@given(st.floats(0.01, 0.99))
def test_a_right_answer_raises_and_a_wrong_one_lowers_the_estimate(p):
    assert observe(p, "correct") > p
    assert observe(p, "incorrect") < observe(p, "correct")
    assert 0 < observe(p, "incorrect") < 1


@settings(max_examples=60, deadline=None)
@given(st.floats(0.01, 0.99))
def test_hints_and_guessable_questions_make_a_right_answer_weaker_evidence(p):
    plain = observe(p, "correct")
    assert observe(p, "correct", hints_used=2) < plain
    assert observe(p, "correct", kind="choice", options=2) < plain


def test_invalid_input_is_no_evidence_and_the_prior_starts_unpractised_skills():
    assert observe(0.4, "invalid") == 0.4
    assert observe(None, "correct") > DEFAULT.p_init


def test_repeated_success_reaches_mastery():
    p = None
    for _ in range(6):
        p = observe(p, "correct")
    assert p >= MASTERED


def test_next_question_goes_to_the_least_known_skill_and_does_not_repeat():
    gens = [registry.get(g) for g in registry.get_set("m1-s4-product-rule").generators]
    rng = random.Random(1)
    strong = {s: 0.99 for g in gens for s in g.META.skills}
    weak = dict(strong, **{"quotient-rule": 0.1})
    chosen = next_generator(gens, weak, rng=rng)
    assert "quotient-rule" in chosen.META.skills
    assert need(chosen, weak) == max(need(g, weak) for g in gens)
    again = next_generator(gens, strong, recent=[gens[0].id], rng=rng)
    assert again.id != gens[0].id


def test_updates_worked_out_by_hand():
    """Bayes with P(init) 0.2, P(learn) 0.15, P(slip) 0.1, P(guess) 0.2, then the chance to learn."""
    # right: 0.2·0.9 / (0.2·0.9 + 0.8·0.2) = 9/17, then 9/17 + (8/17)·0.15 = 0.6
    assert observe(None, "correct") == pytest.approx(0.6)
    # wrong: 0.6·0.1 / (0.6·0.1 + 0.4·0.8) = 3/19, then 3/19 + (16/19)·0.15 = 5.4/19
    assert observe(0.6, "incorrect") == pytest.approx(5.4 / 19)
    assert observe(0.6, "partial") == pytest.approx(5.4 / 19)  # partial counts as wrong
    # two hints: guess 0.5, so 0.18 / (0.18 + 0.4) = 9/29, then 9/29 + (20/29)·0.15 = 12/29
    assert observe(0.2, "correct", hints_used=2) == pytest.approx(12 / 29)
    # four options: guess 1/4, so 0.18 / 0.38 = 9/19, then 9/19 + (10/19)·0.15 = 10.5/19
    assert observe(0.2, "correct", kind="choice", options=4) == pytest.approx(10.5 / 19)
    # three options to tick: guess 2/7, so 0.18 / (0.18 + 0.8·2/7) = 63/143, then + (80/143)·0.15
    assert observe(0.2, "correct", kind="multichoice", options=3) == pytest.approx(75 / 143)
    assert observe(0.7, "undecided") == 0.7 and observe(None, "invalid") is None
