"""The instructor's reports: SQL aggregates checked against a plain-Python recount of the same rows,
on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from postgres_db import postgres_database

from mvcalc.course.loader import load_course
from mvcalc.course.progress import History, summarise
from mvcalc.exercises import registry
from mvcalc.store import Store, reports
from mvcalc.store.models import Attempt

OK = {"status": "correct", "score": 1.0, "message": "Correct."}
RULES = ["chain_forgotten", "product_of_derivatives", "transposed"]


def _bad(rule: str | None) -> dict:
    grade = {"status": "incorrect", "score": 0.0, "message": f"Wrong ({rule})."}
    if rule:
        grade["diagnosis"] = {"rule": rule}
    return grade




@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def class_store(request, tmp_path_factory):
    """A store with a seeded class of 12 learners practising 6 generators, and the rows written."""
    if request.param == "sqlite":
        store, drop = Store(f"sqlite:///{tmp_path_factory.mktemp('reports') / 'r.sqlite3'}"), None
    else:
        url, drop = postgres_database("teach_reports")
        store = Store(url)
    store.migrate()
    rng = random.Random(14)
    gens = registry.all_generators()[:6]
    learners = [f"s{i:02d}" for i in range(12)]
    for who in learners:
        for gen in gens:
            for _variant in range(rng.randrange(0, 3)):
                seed = rng.randrange(10_000)
                wrong = rng.choice([0, 0, 1, 2, 3, 6])
                for _ in range(wrong):
                    store.record_attempt(who, gen.id, gen.META.set, seed, "x", _bad(rng.choice(RULES + [None])))
                if rng.random() < 0.2:
                    store.record_attempt(who, gen.id, gen.META.set, seed, "(", {"status": "invalid", "score": 0.0})
                if rng.random() < 0.85:
                    store.record_attempt(who, gen.id, gen.META.set, seed, "y", OK)
    for who in learners[:5]:
        store.record_assessment(who, "m1-assessment", rng.choice([0.4, 0.6]), False)
        store.record_assessment(who, "m1-assessment", rng.choice([0.8, 1.0]), True)
    store.record_assignment(learners[0], "backprop", False,
                            {"functions": {"a": {"passed": True}, "b": {"passed": False}}})
    store.record_assignment(learners[0], "backprop", True, {"functions": {"a": {"passed": True}, "b": {"passed": True}}})
    with store.session() as session:
        rows = list(session.scalars(sa.select(Attempt).order_by(Attempt.id)))
    yield store, learners, rows
    store.engine.dispose()
    if drop:
        drop()


def test_question_stats_match_a_recount_of_the_attempts(class_store):
    store, learners, rows = class_store
    group = learners[:8]
    got = {q["question_id"]: q for q in reports.question_stats(store, group)}
    per_variant: dict[tuple, list[str]] = defaultdict(list)
    attempts = Counter()
    for a in rows:
        if a.learner in group and a.status != "invalid":
            per_variant[(a.learner, a.question_id, a.seed)].append(a.status)
            attempts[a.question_id] += 1
    assert set(got) == set(attempts)
    for qid, q in got.items():
        assert q["attempts"] == attempts[qid]
        variants = {k: v for k, v in per_variant.items() if k[1] == qid}
        until = Counter()
        for statuses in variants.values():
            n = statuses.index("correct") + 1 if "correct" in statuses else None
            until[None if n is None else min(n, reports.HISTOGRAM_CAP)] += 1
        assert q["variants"] == len(variants)
        assert q["first_try"] == pytest.approx(until[1] / len(variants))
        assert {h["attempts"]: h["variants"] for h in q["histogram"]} == {
            k: until.get(k, 0) for k in [1, 2, 3, 4, 5, None]
        }
        assert q["learners"] == len({k[0] for k in variants})


def test_common_mistakes_count_learners_per_rule_with_an_example(class_store):
    store, learners, rows = class_store
    got = reports.common_mistakes(store, learners)
    people = defaultdict(set)
    for a in rows:
        if a.diagnosis:
            people[a.diagnosis].add(a.learner)
    assert [m["diagnosis"] for m in got] == sorted(
        people, key=lambda r: (-len(people[r]), -sum(1 for a in rows if a.diagnosis == r), r)
    )
    for m in got:
        assert m["learners"] == len(people[m["diagnosis"]])
        example = m["example"]
        assert example["answer"] == "x" and m["diagnosis"] in example["message"]
    chain = next(m for m in got if m["diagnosis"] == "chain_forgotten")
    assert chain["label"] == "forgotten chain factor"
    assert next(m for m in got if m["diagnosis"] == "transposed")["label"] == "transposed"


def test_a_class_sees_only_its_own_learners(class_store):
    store, learners, rows = class_store
    one = reports.common_mistakes(store, learners[:1])
    mine = {a.diagnosis for a in rows if a.learner == learners[0] and a.diagnosis}
    assert {m["diagnosis"] for m in one} == mine
    assert all(m["learners"] == 1 for m in one)
    assert reports.question_stats(store, []) == []
    grid = reports.mastery_grid(store, learners[:3])
    assert grid["learners"] == learners[:3]


def test_mastery_grid_and_module_mastery_agree_with_the_learners_progress(class_store):
    store, learners, _ = class_store
    grid = reports.mastery_grid(store, learners)
    who = learners[1]
    assert grid["cells"][who] == store.mastery(who)
    summary = summarise(load_course(), registry.sets(), History.from_rows(store.history(who)), datetime.now(UTC))
    assert grid["modules"][who] == pytest.approx({m.number: m.mastery or 0.0 for m in summary.modules})
    assert any(m.mastery is None for m in summary.modules)  # only the first sets are practised
    assert grid["not_started"][who] == [m.number for m in summary.modules if m.mastery is None]
    skills = [s["skill"] for s in grid["skills"]]
    assert len(skills) == len(set(skills))


def test_timeline_merges_attempts_and_results_newest_first(class_store):
    store, learners, rows = class_store
    events = reports.timeline(store, learners[0])
    kinds = Counter(e["kind"] for e in events)
    assert kinds["attempt"] == sum(1 for a in rows if a.learner == learners[0])
    assert kinds["assessment"] == 2 and kinds["assignment"] == 2
    whens = [e["when"] for e in events]
    assert whens == sorted(whens, reverse=True)


def test_best_results_per_item(class_store):
    store, learners, _ = class_store
    quizzes = reports.assessment_results(store, learners)
    assert set(quizzes) == set(learners[:5])
    for per in quizzes.values():
        q = per["m1-assessment"]
        assert q["tries"] == 2 and q["passed"] and q["best"] in (0.8, 1.0)
        assert q["best_at"] >= q["first_at"]
    runs = reports.assignment_results(store, learners)
    assert runs[learners[0]]["backprop"] == {"best": 1.0, "passed": True, "runs": 2,
                                             "best_at": runs[learners[0]]["backprop"]["best_at"]}
    summary = {i["id"]: i for i in reports.item_summary(store, learners)}
    assert summary["m1-assessment"]["learners"] == 5 and summary["m1-assessment"]["passed"] == 5
    assert summary["backprop"]["mean_best"] == 1.0


def test_assignment_score_is_the_share_of_functions_passed():
    assert reports.assignment_score(False, {"functions": {"a": {"passed": True}, "b": {"passed": False}}}) == 0.5
    assert reports.assignment_score(True, {}) == 1.0
    assert reports.assignment_score(False, None) == 0.0


def test_class_mastery_is_the_mean_over_the_learners_who_practised(class_store):
    store, learners, _ = class_store
    per_skill = {s["skill"]: s for s in reports.class_mastery(store, learners[:4])}
    values = defaultdict(list)
    for who in learners[:4]:
        for skill, p in store.mastery(who).items():
            values[skill].append(p)
    for skill, ps in values.items():
        assert per_skill[skill]["learners"] == len(ps)
        assert per_skill[skill]["mean"] == pytest.approx(sum(ps) / len(ps))
    assert all(s["mean"] is None for k, s in per_skill.items() if k not in values)
