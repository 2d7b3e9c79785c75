"""Knowledge tracing and the choice of the next question."""

from __future__ import annotations

import random

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
