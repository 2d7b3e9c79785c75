"""A question's buggy answers and worked solution are worked out on first read, once, and are the
same as when read at once: laziness changes when the engine runs, never what a learner sees."""

from __future__ import annotations

import threading

import pytest

from mvcalc.exercises import grade, registry
from mvcalc.exercises.model import Lazy, Question

from .conftest import FULL_RUN, typed

GENERATORS = registry.all_generators()
QUICK, LIGHT, FULL = 2, 8, 12  # seeds per generator: engine-heavy kinds, choices, MVCALC_FULL_SEEDS=1


def _seeds(gen) -> range:
    light = gen.META.kind in ("choice", "multichoice", "graph")
    return range(500, 500 + (FULL if FULL_RUN else LIGHT if light else QUICK))


def test_a_lazy_field_is_computed_once_on_first_read_and_kept():
    calls = []
    q = Question("q", 1, "p", "expression", 1, "1", buggy=lambda: calls.append(1) or ("m",), solution=lambda: "s")
    assert Lazy.pending(q, "buggy") and Lazy.pending(q, "solution") and not calls
    assert q.buggy == ["m"] and q.buggy == ["m"] and q.solution == "s" and calls == [1]
    assert not Lazy.pending(q, "buggy")
    plain = Question("q", 1, "p", "expression", 1, "1")
    assert plain.buggy == [] and plain.solution == "" and not Lazy.pending(plain, "buggy")


def test_threads_reading_at_once_compute_it_once():
    calls = []
    gate = threading.Event()

    def slow():
        gate.wait(5)
        calls.append(1)
        return ["m"]

    q = Question("q", 1, "p", "expression", 1, "1", buggy=slow)
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(q.buggy)) for _ in range(8)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
    assert calls == [1] and seen == [["m"]] * 8


def test_derivative_questions_leave_the_engine_mistakes_for_later():
    q = registry.get("m1-product-linear").generate(7)
    assert Lazy.pending(q, "buggy") and Lazy.pending(q, "solution")
    assert grade(q, q.answer_text).correct and Lazy.pending(q, "buggy")  # a right answer needs no diagnosis
    wrong = grade(q, typed(q, q.buggy[0].answer))
    assert wrong.diagnosis is not None and not Lazy.pending(q, "buggy")


@pytest.mark.parametrize("gen", GENERATORS, ids=[g.id for g in GENERATORS])
def test_kept_and_read_late_equals_fresh_and_read_at_once(gen):
    """Questions kept by `registry.generate` and left pending while others are made, then read, equal
    questions generated afresh and read at once: every field, buggy answers and solution included."""
    seeds = _seeds(gen)
    late = [registry.generate(gen.id, seed) for seed in seeds]
    assert all(registry.generate(gen.id, seed) is kept for seed, kept in zip(seeds, late, strict=True))
    for seed, question in zip(seeds, late, strict=True):
        assert gen.generate(seed).to_dict(reveal=True) == question.to_dict(reveal=True), (gen.id, seed)
