"""The reveal policy (exercises/reveal.py), the one rule the web pages, the terminal and assessments
follow: what a learner may see after each try, and when an answer still counts for mastery."""

from __future__ import annotations

import pytest

from mvcalc.exercises.reveal import OFFER_AFTER, reveal


@pytest.mark.parametrize("hints", [0, 1, 3])
def test_a_wrong_try_gets_the_diagnosis_never_the_answer_and_the_solution_waits(hints):
    for wrong in range(OFFER_AFTER):
        shown = reveal(wrong, hints, False)
        assert shown.verdict and shown.diagnosis and not shown.answer
        assert shown.solution == "on_request" and shown.counts
    offered = reveal(OFFER_AFTER, hints, False)
    assert offered.solution == "offered" and not offered.answer and offered.counts
    assert reveal(OFFER_AFTER + 5, hints, False) == offered


def test_the_solution_seen_opens_the_answer_and_the_variant_stops_counting():
    seen = reveal(0, 0, True)
    assert seen.solution == "shown" and seen.answer and not seen.counts
    assert reveal(3, 2, True) == seen


def test_a_right_answer_opens_everything_and_counts_no_more():
    solved = reveal(1, 0, False, solved=True)
    assert solved.answer and solved.solution == "shown" and not solved.counts


def test_a_chosen_variant_is_practice_that_never_counts():
    replay = reveal(0, 0, False, replay=True)
    assert not replay.counts and not replay.answer and replay.solution == "on_request"


def test_an_assessment_shows_nothing_until_submitted_then_everything():
    taking = reveal(0, 0, False, "assessment")
    assert not (taking.verdict or taking.diagnosis or taking.answer) and taking.solution == "hidden"
    assert taking.counts
    assert reveal(2, 1, True, "assessment") == taking  # no try or request opens anything early
    done = reveal(0, 0, False, "assessment", submitted=True)
    assert done.verdict and done.diagnosis and done.answer and done.solution == "shown" and not done.counts
