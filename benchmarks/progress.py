"""The progress summary (home page, `mvcalc progress`) of a learner with 2 000 answers, next to its
peer measured in the same run: reading that learner's history from the store (SQLite), which every
summary needs anyway. Cold: no replay of the review schedule kept; again: the same history; one
more: a history one answer longer than a kept replay.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from mvcalc.course.loader import load_course
from mvcalc.course.progress import History, summarise
from mvcalc.exercises import registry, review
from mvcalc.store import Store
from mvcalc.store.models import Attempt

ANSWERS = 2000
ROUNDS = 5


def _fill(store: Store) -> None:
    rng = random.Random(3)
    gens = [g for s in registry.sets() if not s.graded for g in s.generators]
    start = datetime(2026, 9, 1, tzinfo=UTC)
    rows = []
    while len(rows) < ANSWERS:
        gen = registry.get(rng.choice(gens))
        seed = rng.randrange(10**9)
        for status in rng.choice([["correct"], ["correct"], ["incorrect", "correct"], ["incorrect"]]):
            rows.append(dict(learner="local", question_id=gen.id, set_id=gen.META.set, seed=seed, answer_text="x",
                             status=status, score=float(status == "correct"), message="", hints_used=rng.choice([0, 0, 1]),
                             created_at=start + timedelta(minutes=20 * len(rows))))
    with store.session() as session, session.begin():
        session.execute(sa.insert(Attempt), rows[:ANSWERS])


def _best(fn) -> float:
    times = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    course, sets = load_course(), registry.sets()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'progress.sqlite3'}")
        store.migrate()
        _fill(store)
        now = datetime(2026, 12, 1, tzinfo=UTC)
        read = _best(lambda: store.history("local"))
        history = History.from_rows(store.history("local"))
        shorter = History(answers=history.answers[:-1], mastery=history.mastery)

        def cold() -> None:
            review.forget()
            summarise(course, sets, history, now)

        def one_more() -> float:
            review.forget()
            summarise(course, sets, shorter, now)
            t = time.perf_counter()
            summarise(course, sets, history, now)
            return time.perf_counter() - t

        first = _best(cold)
        again = _best(lambda: summarise(course, sets, history, now))
        more = min(one_more() for _ in range(ROUNDS))
        store.engine.dispose()
    print(f"{ANSWERS} answers; peer: reading the history from SQLite {read * 1000:.1f} ms")
    for name, took in (("summary, cold", first), ("summary, same history again", again),
                       ("summary, one answer more", more)):
        print(f"  {name:30s} {took * 1000:8.1f} ms  {took / read:6.2f}× the read")


if __name__ == "__main__":
    main()
