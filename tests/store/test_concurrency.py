"""Many writers at once, on SQLite and PostgreSQL: no lost update, no error on first-insert races.

Four `Store`s (four engines and pools, like four app processes) with eight threads each, so
the schema migration, the first insert of a mastery row and every read-modify-write race
for real, between processes and between threads. Every answer is right, so the final P(known) is exactly the knowledge-tracing
update applied once per answer, whatever the order.
"""

from __future__ import annotations

import threading

import pytest

from mvcalc.exercises import mastery as bkt
from mvcalc.store import Store

THREADS = 32
PROCESSES = 4
EACH = 5
SKILLS = ["chain-rule", "product-rule"]
RIGHT = {"status": "correct", "score": 1.0, "message": "Correct."}


def hammer(url: str, learner_of) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)
    stores = [Store(url) for _ in range(PROCESSES)]

    def worker(n: int) -> None:
        try:
            store = stores[n % PROCESSES]
            start.wait()
            for i in range(EACH):
                store.record_attempt(learner_of(n), "q", "s", n * 100 + i, f"{n}-{i}", RIGHT, skills=SKILLS)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for store in stores:
        store.engine.dispose()
    return errors


def expected_p_known(answers: int) -> float:
    p = None
    for _ in range(answers):
        p = bkt.observe(p, "correct")
    return p


def observations(store: Store, learner: str) -> dict[str, int]:
    from sqlalchemy import select

    from mvcalc.store.models import SkillMastery

    with store.session() as session:
        rows = session.scalars(select(SkillMastery).where(SkillMastery.learner == learner))
        return {r.skill: r.observations for r in rows}


def test_32_writers_for_one_learner_lose_nothing(database_url):
    assert hammer(database_url, lambda n: "ann") == []
    store = Store(database_url)
    attempts = store.attempts("ann", limit=10_000)
    assert len(attempts) == THREADS * EACH
    assert sorted(a["answer_text"] for a in attempts) == sorted(f"{n}-{i}" for n in range(THREADS) for i in range(EACH))
    assert observations(store, "ann") == {s: THREADS * EACH for s in SKILLS}
    for skill, p in store.mastery("ann").items():
        assert p == pytest.approx(expected_p_known(THREADS * EACH), rel=1e-12), skill


def test_32_writers_for_32_learners_lose_nothing(database_url):
    assert hammer(database_url, lambda n: f"learner-{n % 16}") == []  # two threads per learner
    store = Store(database_url)
    assert len(store.attempts(None, limit=10_000)) == THREADS * EACH
    for k in range(16):
        assert observations(store, f"learner-{k}") == {s: 2 * EACH for s in SKILLS}
        assert store.mastery(f"learner-{k}")["chain-rule"] == pytest.approx(expected_p_known(2 * EACH), rel=1e-12)
