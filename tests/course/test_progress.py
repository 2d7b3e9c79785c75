"""The progress model on its own: a pure function of the course, the sets and a learner's history,
checked on the real course and on a one-lesson course, with a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.course.loader import load_course
from mvcalc.course.model import Course, Lesson, Module, Practice
from mvcalc.course.progress import History, Result, mastery_by_module, set_mastery, summarise
from mvcalc.exercises import registry
from mvcalc.exercises.review import Answer

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
COURSE = load_course()
SETS = registry.sets()


def _skills(set_id: str) -> set[str]:
    return {k for g in registry.get_set(set_id).generators for k in registry.get(g).META.skills}


def _on_page(lesson_id: str, when: datetime, status: str = "correct") -> Answer:
    """An answer to the first question of the lesson's first practice block, on the lesson's page."""
    lesson = COURSE.lesson_by_id(lesson_id)
    block = lesson.practices[0]
    return Answer(registry.get_set(block.set).generators[0], block.set, block.seeds(lesson_id)[0], status, when)


def _on_practice_page(set_id: str, when: datetime, status: str = "correct", seed: int = 123_456_789) -> Answer:
    return Answer(registry.get_set(set_id).generators[0], set_id, seed, status, when)


def test_a_new_learner_has_started_nothing_and_starts_at_the_first_lesson():
    s = summarise(COURSE, SETS, History(), NOW)
    assert [m.number for m in s.modules] == [1, 2, 3, 4, 5, 6]
    assert all(m.mastery is None and m.lessons_done == 0 and m.sets_started == 0 for m in s.modules)
    assert all(st.status == "not started" for m in s.modules for st in m.sets)
    assert (s.next.kind, s.next.url, s.next.reason) == ("lesson", COURSE.lessons[0].url, "not read yet")
    assert s.next.command == f"mvcalc practice {COURSE.lessons[0].practices[0].set}"
    assert s.due == () and s.next_review is None


def test_assessments_are_counted_only_where_a_module_has_one():
    s = summarise(COURSE, SETS, History(), NOW).to_dict()
    graded = {m: sum(1 for x in SETS if x.module == m and x.graded) for m in range(1, 7)}
    for m in s["modules"]:
        assert m["assessments_total"] == graded[m["module"]]
        assert m["assessments_passed"] == (0 if graded[m["module"]] else None)
    assert graded[3] == graded[6] == 0


def test_a_set_shows_mastery_only_once_it_has_answers():
    """Skills shared with other sets give a set no mastery before its own first answer."""
    mastery = {k: 0.8 for k in _skills("m6-s1-linear-regression") | _skills("m1-s3-differentiate")}
    history = History(answers=(_on_practice_page("m1-s3-differentiate", NOW - timedelta(hours=1)),), mastery=mastery)
    s = summarise(COURSE, SETS, history, NOW)
    m6 = s.module(6)
    assert m6.mastery is None and m6.sets_started == 0
    assert m6.set("m6-s1-linear-regression").status == "not started"
    started = s.module(1).set("m1-s3-differentiate")
    assert started.answers == 1 and started.right == 1
    assert started.mastery == pytest.approx(set_mastery(_skills("m1-s3-differentiate"), mastery))
    # the module's mastery: the mean over its practice sets, those not started counting 0
    assert s.module(1).mastery == pytest.approx(started.mastery / len(s.module(1).sets))


def test_a_lesson_is_done_when_read_and_its_practice_attempted():
    earlier = NOW - timedelta(hours=2)
    history = History(
        answers=(
            _on_page("m1-welcome", earlier),                                    # read there, and practised
            _on_practice_page("m1-s3-differentiate", earlier),                  # practised, lesson not read
            _on_practice_page("m1-s4-product-rule", earlier, status="invalid"),  # a typo is no attempt
            _on_page("m1-rise-over-run", earlier, status="invalid"),             # ...but shows the page was read
        ),
        reads=frozenset({"m1-chain-rule", "m1-product-rule"}),                   # read, not practised
    )
    m1 = summarise(COURSE, SETS, history, NOW).module(1)
    state = {lesson.id: (lesson.read, lesson.practised, lesson.done) for lesson in m1.lessons}
    assert state["m1-welcome"] == (True, True, True)
    # the functions lesson shares the welcome's set: practised, but not read on its own page
    assert state["m1-functions"] == (False, True, False)
    assert state["m1-definition-of-a-derivative"] == (False, True, False)
    assert state["m1-product-rule"] == (True, False, False)
    assert state["m1-chain-rule"] == (True, False, False)
    assert state["m1-rise-over-run"] == (True, False, False)
    assert m1.lessons_done == 1 and m1.sets_started == 2


def test_continue_is_the_first_unfinished_item_even_after_a_later_assessment_is_passed():
    """The learner of issue #19: work in module 1, its assessment passed, four lessons unticked."""
    earlier = NOW - timedelta(hours=3)
    answers = tuple(_on_page(lid, earlier) for lid in ("m1-welcome", "m1-functions", "m1-rise-over-run",
                                                       "m1-definition-of-a-derivative"))
    history = History(answers=answers, results=(Result("m1-assessment", 0.9, True, earlier),))
    s = summarise(COURSE, SETS, history, NOW)
    assert s.module(1).lessons_done == 4 and s.module(1).assessments_passed == 1
    assert (s.next.kind, s.next.title, s.next.module) == ("lesson", "Differentiation examples and special cases", 1)
    assert s.next.reason == "answer one of its questions on the lesson's page to tick it"  # its set is started


def _one_lesson_course() -> tuple[Course, list]:
    lesson = Lesson("t-products", "Products", 1, 1, "products", (), (), (Practice("m1-s4-product-rule", 2),),
                    Path("t.md"))
    return Course((Module(1, "Test", "", (lesson,)),)), [registry.get_set("m1-s4-product-rule")]


def test_when_everything_is_done_continue_goes_to_what_is_due_for_review():
    course, sets = _one_lesson_course()
    lesson = course.lessons[0]
    gen = registry.get_set("m1-s4-product-rule").generators[0]
    when = NOW - timedelta(days=3)
    history = History(answers=(Answer(gen, "m1-s4-product-rule", lesson.practices[0].seeds(lesson.id)[1],
                                      "correct", when),))
    before = summarise(course, sets, history, when + timedelta(days=1))
    assert before.module(1).lessons_done == 1 and before.due == ()
    assert before.next.kind == "done" and before.next_review == when + timedelta(days=2)
    after = summarise(course, sets, history, NOW)
    skills = registry.get(gen).META.skills
    assert [d.skill for d in after.due] == sorted(skills)  # all due at the same time: by name
    first = after.due[0]
    assert after.next.kind == "review" and after.next.url == first.url
    assert first.skill in registry.get(first.question_id).META.skills
    assert (first.question_id, first.seed) != (gen, lesson.practices[0].seeds(lesson.id)[1])  # a fresh variant
    assert first.url == f"/practice/{first.set_id}?q={first.question_id}&seed={first.seed}"
    assert summarise(course, sets, history, NOW).due == after.due  # the same page on a reload


def test_mastery_by_module_is_the_summary_rule_for_many_learners():
    mastery = {k: 0.7 for k in _skills("m2-s2-jacobian")}
    history = History(answers=(_on_practice_page("m2-s2-jacobian", NOW),), mastery=mastery)
    s = summarise(COURSE, SETS, history, NOW)
    assert mastery_by_module(SETS, mastery, {"m2-s2-jacobian"}) == {m.number: m.mastery for m in s.modules}


# ------------------------------------------------------------------ invariants over random histories

LESSON_IDS = [lesson.id for lesson in COURSE.lessons]
PRACTICE_SETS = [s.id for s in SETS if not s.graded]
GRADED = [s.id for s in SETS if s.graded]


@st.composite
def histories(draw) -> History:
    answers = []
    for i in range(draw(st.integers(0, 25))):
        when = NOW - timedelta(days=draw(st.floats(0, 30)), minutes=i)
        status = draw(st.sampled_from(["correct", "incorrect", "partial", "invalid"]))
        if draw(st.booleans()):
            lesson = COURSE.lesson_by_id(draw(st.sampled_from(LESSON_IDS)))
            block = lesson.practices[0]
            gen = registry.get_set(block.set).generators[0]
            answers.append(Answer(gen, block.set, draw(st.sampled_from(block.seeds(lesson.id))), status, when))
        else:
            set_id = draw(st.sampled_from(PRACTICE_SETS))
            gen = draw(st.sampled_from(registry.get_set(set_id).generators))
            answers.append(Answer(gen, set_id, draw(st.integers(0, 10**9)), status, when,
                                  hints_used=draw(st.integers(0, 2)), solution_viewed=draw(st.booleans())))
    results = tuple(Result(a, draw(st.floats(0, 1)), draw(st.booleans()), NOW - timedelta(days=1))
                    for a in draw(st.lists(st.sampled_from(GRADED), max_size=4)))
    skills = sorted({k for s in PRACTICE_SETS for k in _skills(s)})
    mastery = draw(st.dictionaries(st.sampled_from(skills), st.floats(0, 1), max_size=12))
    reads = frozenset(draw(st.lists(st.sampled_from(LESSON_IDS), max_size=5)))
    return History(tuple(sorted(answers, key=lambda a: a.created_at)), results, mastery, reads)


@settings(max_examples=40, deadline=None)
@given(histories())
def test_the_summary_keeps_its_rules_on_any_history(history):
    s = summarise(COURSE, SETS, history, NOW)
    answered = {a.set_id for a in history.answers if a.status != "invalid"}
    for m in s.modules:
        assert (m.mastery is None) == (m.sets_started == 0)
        for st_ in m.sets:
            assert st_.started == (st_.id in answered) == (st_.mastery is not None)
        for lesson in m.lessons:
            assert lesson.done == (lesson.read and all(x in answered for x in lesson.sets))
        for a in m.assessments:
            assert a.passed == any(r.passed for r in history.results if r.assessment_id == a.id)
    # "continue": everything before it in course order is finished
    order = []
    for m in s.modules:
        order += [(lesson.url, lesson.done) for lesson in m.lessons]
        order += [(st_.url, st_.started) for st_ in m.sets if not st_.in_lesson]
        order += [(a.url, a.passed) for a in m.assessments]
    unfinished = [url for url, finished in order if not finished]
    if unfinished:
        assert s.next.url == unfinished[0]
    else:
        assert s.next.kind in ("review", "done") and (s.next.kind == "review") == bool(s.due)
    # every due skill is due, and is reviewed with a variant the learner has not met, of that skill
    seen = {(a.question_id, a.seed) for a in history.answers}
    for d in s.due:
        assert d.due <= NOW and (d.question_id, d.seed) not in seen
        assert d.skill in registry.get(d.question_id).META.skills and not registry.get_set(d.set_id).graded
    assert summarise(COURSE, SETS, history, NOW) == s  # pure: the same inputs, the same summary
