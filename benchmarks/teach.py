"""The instructor's reports on a class of 400 students (20 000 answers), each next to its peer:
the same numbers recounted in Python from every row of the class (what a report without SQL
aggregation would do), measured in the same run on the same database. SQLite, and PostgreSQL
when one is reachable at MVCALC_TEST_DATABASE_URL (default postgres@127.0.0.1/test).
"""

from __future__ import annotations

import os
import random
import secrets
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from mvcalc.exercises import registry
from mvcalc.store import Store, reports
from mvcalc.store.gradebook import gradebook
from mvcalc.store.models import AssessmentResult, Attempt, SkillMastery

STUDENTS = 400
ANSWERS = 50
RULES = ["chain_forgotten", "product_of_derivatives", "transposed", "power_not_lowered", None]


def _fill(store: Store) -> list[str]:
    """Bulk rows: each student answers ANSWERS times over the bank (retries on a variant until right)."""
    rng = random.Random(7)
    gens = registry.all_generators()
    learners = [f"student{i:03d}" for i in range(STUDENTS)]
    start = datetime(2026, 10, 1, tzinfo=UTC)
    attempts, mastery, results = [], [], []
    for who in learners:
        n = 0
        while n < ANSWERS:
            gen = rng.choice(gens)
            seed = rng.randrange(10**6)
            for _ in range(rng.choice([0, 0, 1, 2, 4])):
                attempts.append(dict(learner=who, question_id=gen.id, set_id=gen.META.set, seed=seed, answer_text="x",
                                     status="incorrect", score=0.0, diagnosis=rng.choice(RULES), message="wrong",
                                     hints_used=0, created_at=start + timedelta(minutes=len(attempts))))
                n += 1
            attempts.append(dict(learner=who, question_id=gen.id, set_id=gen.META.set, seed=seed, answer_text="y",
                                 status="correct", score=1.0, diagnosis=None, message="ok", hints_used=0,
                                 created_at=start + timedelta(minutes=len(attempts))))
            n += 1
        for skill in {s for g in gens[:30] for s in g.META.skills}:
            mastery.append(dict(learner=who, skill=skill, p_known=rng.random(), observations=3, updated_at=start))
        for _ in range(2):
            results.append(dict(learner=who, assessment_id="m1-assessment", score=rng.random(), passed=False,
                                answers=[], created_at=start))
    with store.session() as session, session.begin():
        session.execute(sa.insert(Attempt), attempts)
        session.execute(sa.insert(SkillMastery), mastery)
        session.execute(sa.insert(AssessmentResult), results)
    return learners


def _recount(store: Store, learners: list[str]) -> None:
    """The peer: every answer of the class into Python, then the same aggregates by hand."""
    with store.session() as session:
        rows = session.execute(sa.select(Attempt.learner, Attempt.question_id, Attempt.seed, Attempt.status,
                                         Attempt.diagnosis).where(Attempt.learner.in_(learners))
                               .order_by(Attempt.id)).all()
    variants = defaultdict(list)
    people = defaultdict(set)
    for who, qid, seed, status, diagnosis in rows:
        variants[(who, qid, seed)].append(status)
        if diagnosis:
            people[diagnosis].add(who)
    Counter(s.index("correct") + 1 if "correct" in s else None for s in variants.values())


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _run(label: str, store: Store) -> None:
    learners = _fill(store)
    roster = learners  # the whole class
    peer = _best(lambda: _recount(store, roster))
    print(f"[{label}] {STUDENTS} students, {store.session().scalar(sa.select(sa.func.count(Attempt.id)))} answers")
    print(f"  peer: all the class's answers into Python and recounted: {peer * 1e3:8.1f} ms")
    for name, fn in [
        ("question_stats (first try, histogram)", lambda: reports.question_stats(store, roster)),
        ("common_mistakes", lambda: reports.common_mistakes(store, roster)),
        ("mastery_grid (heatmap)", lambda: reports.mastery_grid(store, roster)),
        ("gradebook (all items, mastery)", lambda: gradebook(store)),
    ]:
        took = _best(fn)
        print(f"  {name:40s} {took * 1e3:8.1f} ms   ratio to peer {took / peer:5.2f}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="teach-bench-") as folder:
        store = Store(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        store.migrate()
        _run("SQLite", store)
        store.engine.dispose()
    url = os.environ.get("MVCALC_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    base = sa.engine.make_url(url)
    name = f"teach_bench_{secrets.token_hex(4)}"
    try:
        admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        print(f"[PostgreSQL] not reachable ({type(exc).__name__}); skipped")
        return
    try:
        store = Store(base.set(database=name).render_as_string(hide_password=False))
        store.migrate()
        _run("PostgreSQL", store)
        store.engine.dispose()
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
