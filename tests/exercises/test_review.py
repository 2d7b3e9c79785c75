"""Spaced review: the rating of each variant met, and the due dates py-fsrs gives for a small history,
on a frozen clock; "what to practise next" puts due skills first, with fresh variants."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler

from mvcalc.exercises import registry
from mvcalc.exercises.review import QUICK_MS, Answer, due, outcomes, rating, schedule
from mvcalc.exercises.selection import next_generator, review_picks

T = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SKILLS = {"qa": ("a",), "qb": ("a", "b")}


def _answer(question: str, seed: int, status: str, when: datetime, **kw) -> Answer:
    return Answer(question, "set", seed, status, when, **kw)


HISTORY = [
    _answer("qa", 1, "correct", T, elapsed_ms=60_000),                     # Good (a)
    _answer("qb", 1, "correct", T + timedelta(minutes=1), elapsed_ms=5_000),  # Easy (a and b)
    _answer("qb", 2, "invalid", T + timedelta(days=1)),                    # no evidence: no review
    _answer("qa", 2, "incorrect", T + timedelta(days=2)),                  # Again (a), the retry is the same variant
    _answer("qa", 2, "correct", T + timedelta(days=2, minutes=1)),
    _answer("qa", 3, "correct", T + timedelta(days=3), hints_used=1),      # Hard (a)
]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([("correct", {})], Rating.Good),
        ([("correct", {"elapsed_ms": QUICK_MS - 1})], Rating.Easy),
        ([("correct", {"elapsed_ms": QUICK_MS})], Rating.Good),
        ([("correct", {"elapsed_ms": 1_000, "hints_used": 1})], Rating.Hard),
        ([("correct", {"solution_viewed": True})], Rating.Again),
        ([("incorrect", {}), ("correct", {})], Rating.Again),
        ([("partial", {}), ("correct", {})], Rating.Again),
        ([("invalid", {}), ("correct", {"elapsed_ms": 3_000})], Rating.Easy),  # a typo is no recall
        ([("correct", {}), ("correct", {"solution_viewed": True})], Rating.Again),
        ([("invalid", {}), ("undecided", {})], None),
    ],
)
def test_how_a_variant_went_is_its_fsrs_rating(answers, expected):
    rows = [_answer("qa", 1, status, T + timedelta(minutes=i), **kw) for i, (status, kw) in enumerate(answers)]
    assert rating(rows) == expected


def test_one_outcome_per_variant_at_its_first_answer_in_time_order():
    found = [(o.question_id, o.seed, o.when, o.rating) for o in outcomes(reversed(HISTORY))]
    assert found == [
        ("qa", 1, T, Rating.Good),
        ("qb", 1, T + timedelta(minutes=1), Rating.Easy),
        ("qa", 2, T + timedelta(days=2), Rating.Again),
        ("qa", 3, T + timedelta(days=3), Rating.Hard),
    ]


def test_due_dates_are_py_fsrs_own_for_the_same_reviews():
    got = schedule(HISTORY, lambda q: SKILLS.get(q, ()))
    # the oracle: py-fsrs fed by hand with the same ratings, in days, without fuzz
    oracle = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    a, b = Card(card_id=1, due=T), Card(card_id=2, due=T)
    for rated, when in [(Rating.Good, T), (Rating.Easy, T + timedelta(minutes=1)), (Rating.Again, T + timedelta(days=2)),
                        (Rating.Hard, T + timedelta(days=3))]:
        a, _ = oracle.review_card(a, rated, when)
    b, _ = oracle.review_card(b, Rating.Easy, T + timedelta(minutes=1))
    assert got["a"].due == a.due and got["b"].due == b.due
    assert (got["a"].reviews, got["b"].reviews) == (4, 1)
    # by hand: FSRS-6's first Easy gives stability w3 = 8.2956 days, the interval at 90 % retention
    # is the stability, rounded: 8 days; a after its Hard on day 3 has stability 2.12: 2 days on
    assert got["b"].due == T + timedelta(days=8, minutes=1)
    assert got["a"].due == T + timedelta(days=5)
    assert got["a"].last == T + timedelta(days=3)


def test_a_first_good_comes_back_in_two_days_a_first_again_the_next_day():
    good = schedule([_answer("qa", 1, "correct", T)], lambda q: ("a",))["a"]
    again = schedule([_answer("qa", 1, "incorrect", T)], lambda q: ("a",))["a"]
    assert good.due == T + timedelta(days=2)  # w2 = 2.3065 days, rounded
    assert again.due == T + timedelta(days=1)  # w0 = 0.212 days: at least one day


def test_what_is_due_depends_only_on_the_clock():
    reviews = schedule(HISTORY, lambda q: SKILLS.get(q, ()))
    assert due(reviews, T + timedelta(days=4)) == []
    assert [r.skill for r in due(reviews, T + timedelta(days=5))] == ["a"]
    assert [r.skill for r in due(reviews, T + timedelta(days=8, minutes=1))] == ["a", "b"]  # most overdue first
    assert reviews["a"].is_due(datetime(2026, 3, 7, 9, 0))  # a naive time is read as UTC


def test_due_skills_come_first_whatever_their_mastery():
    info = registry.get_set("m1-s4-product-rule")
    gens = [registry.get(g) for g in info.generators]
    skill = gens[-1].META.skills[0]
    mastery = {s: 0.99 for g in gens for s in g.META.skills}
    others = {s: 0.0 for g in gens for s in g.META.skills if s != skill}
    for _ in range(20):
        chosen = next_generator(gens, {**mastery, **others}, [], random.Random(), due=[skill])
        assert skill in chosen.META.skills


def test_a_review_is_a_fresh_variant_of_a_generator_of_the_due_skill():
    practice = [registry.get(g) for s in registry.sets() if not s.graded for g in s.generators]
    skill = registry.get("m1-product-linear").META.skills[0]
    first = review_picks([skill], practice, {}, (), random.Random(3))
    ((got_skill, gen, seed),) = first
    assert got_skill == skill and skill in gen.META.skills
    again = review_picks([skill], practice, {}, {(gen.id, seed)}, random.Random(3))
    assert again[0][1] is gen and again[0][2] != seed  # the same draw, but that variant was met
    assert review_picks(["no-such-skill"], practice, {}) == []


def test_a_replay_resumed_from_a_kept_one_equals_a_replay_from_the_start():
    """Schedules are kept per process and resumed when a history grows: never a different answer."""
    from mvcalc.exercises import review

    rng = random.Random(5)
    history = [
        _answer(rng.choice(["qa", "qb", "qc"]), rng.randrange(6), rng.choice(["correct", "incorrect", "invalid"]),
                T + timedelta(hours=7 * i), hints_used=rng.choice([0, 0, 1]), elapsed_ms=rng.choice([None, 4_000]))
        for i in range(120)
    ]
    skills = {"qa": ("a",), "qb": ("a", "b"), "qc": ("c",)}.get
    for cut in (40, 80, 119, 120):
        review.forget()
        cold = schedule(history[:cut], skills)
        review.forget()
        for step in range(0, cut, 13):
            schedule(history[:step], skills)  # kept replays of the history as it grew
        assert schedule(history[:cut], skills) == cold
        assert schedule(history[:cut], skills) == cold  # the same history again: the kept replay itself


def test_a_review_stays_with_the_generators_the_learner_has_met():
    """The power rule is practised in module 1 and in module 5: a module-1 learner reviews it in module 1."""
    practice = [registry.get(g) for s in registry.sets() if not s.graded for g in s.generators]
    skill = "power-rule"
    assert len({g.META.module for g in practice if skill in g.META.skills}) > 1
    met = [g for g in practice if skill in g.META.skills and g.META.module == 1][0]
    for k in range(10):
        ((_, gen, seed),) = review_picks([skill], practice, {}, {(met.id, 5)}, random.Random(k))
        assert gen is met and seed != 5
