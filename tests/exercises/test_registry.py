"""The registry: every set of the course has generators; ids, order and assessments."""

from __future__ import annotations

import re

import pytest

from mvcalc.exercises import registry
from mvcalc.exercises.registry import UnknownQuestion


def test_every_set_has_generators_and_the_course_has_30_quizzes():
    sets = registry.sets()
    assert len(sets) == 30
    assert sum(s.graded for s in sets) == 5
    for s in sets:
        assert s.generators, s.id
        assert re.fullmatch(r"m[1-6]-(s\d-[a-z0-9-]+|assessment(-[a-z-]+)?)", s.id), s.id


def test_sets_are_in_course_order():
    order = [(s.module, s.number) for s in registry.sets()]
    assert order == sorted(order)


def test_generator_metadata_is_complete():
    ids = [g.id for g in registry.all_generators()]
    assert len(ids) == len(set(ids))
    for gen in registry.all_generators():
        meta = gen.META
        assert meta.title and meta.skills and 1 <= meta.difficulty <= 3
        assert registry.get_set(meta.set).module == meta.module


def test_assessments_are_fixed_length_with_new_variants_per_retake():
    for s in (s for s in registry.sets() if s.graded):
        assert s.pass_mark == 0.8
        first = registry.assessment(s.id, seed=1)
        again = registry.assessment(s.id, seed=1)
        retake = registry.assessment(s.id, seed=2)
        assert len(first) == len(retake) == s.length
        assert [q.prompt for q in first] == [q.prompt for q in again]
        assert [q.prompt for q in first] != [q.prompt for q in retake]
        assert {q.id for q in first} == set(s.generators)


def test_unknown_ids_raise_a_clear_error():
    with pytest.raises(UnknownQuestion, match="no question called"):
        registry.get("m9-nothing")
    with pytest.raises(UnknownQuestion, match="no set called"):
        registry.get_set("nope")
    with pytest.raises(UnknownQuestion):
        registry.assessment("m1-s3-differentiate", 1)


def test_every_generator_is_in_the_bank_report():
    """`mvcalc questions report` counts each set's generators: every registered generator (the new
    practice sets' included) must be in some set to appear there, and in exactly one."""
    from mvcalc.exercises import report

    rows = report.coverage(seeds=1)
    reported = [gid for row in rows for gid in row["variants"]]
    assert sorted(reported) == sorted(g.id for g in registry.all_generators())
    new_sets = {"m2-s5-stationary-points", "m2-s6-finite-differences", "m3-s4-batch-backpropagation",
                "m5-s2-gradient-descent", "m6-s3-least-squares-in-practice"}
    assert new_sets <= {row["set"] for row in rows}
    assert all(row["generators"] >= 3 for row in rows if row["set"] in new_sets)
