"""Issued questions on SQLite and PostgreSQL: the server's variant under an opaque id, wrong tries,
hints, the solution seen (its answers recorded but moving no mastery), closed once right,
someone else's id refused, concurrent answers to one question all counted once."""

from __future__ import annotations

import threading

import pytest

from mvcalc.exercises import registry
from mvcalc.store import Store

GEN = registry.get("m1-product-linear")
SET = GEN.META.set
RIGHT = {"status": "correct", "score": 1.0, "message": "Correct."}
WRONG = {"status": "incorrect", "score": 0.0, "message": "Not quite."}
UNREADABLE = {"status": "invalid", "score": 0.0, "message": "Cannot read that."}


def test_an_issued_question_keeps_its_variant_and_counts_wrong_tries_then_closes(database_url):
    store = Store(database_url)
    key = store.issue_question("ann", SET, GEN.id, 4242)
    assert len(key) >= 20 and "4242" not in key
    state = store.issued_question(key, "ann")
    assert (state["question_id"], state["seed"], state["set_id"]) == (GEN.id, 4242, SET)
    assert (state["wrong_tries"], state["hints_used"], state["solution_viewed"], state["closed"]) == (0, 0, False, False)
    after = store.answer_issued(key, "ann", "(", UNREADABLE)
    assert after["wrong_tries"] == 0 and not after["counted"]  # unreadable: no try, no evidence
    after = store.answer_issued(key, "ann", "x", WRONG, hints_used=1)
    assert after["wrong_tries"] == 1 and after["hints_used"] == 1 and after["counted"]
    after = store.answer_issued(key, "ann", "x", WRONG, hints_used=0)
    assert after["wrong_tries"] == 2 and after["hints_used"] == 1  # hints are never lowered
    after = store.answer_issued(key, "ann", "6x", RIGHT)
    assert after["closed"] and after["counted"]
    rows = store.attempts("ann")
    assert [(a["question_id"], a["seed"], a["status"]) for a in rows][:2] == [(GEN.id, 4242, "correct"), (GEN.id, 4242, "incorrect")]
    assert {a["set_id"] for a in rows} == {SET}  # each attempt keeps the issued question's set
    assert len(rows) == 4


def test_an_answer_after_the_solution_is_recorded_with_solution_viewed_and_moves_no_mastery(database_url):
    store = Store(database_url)
    key = store.issue_question("ann", SET, GEN.id, 7)
    assert store.view_solution(key, "ann")["solution_viewed"]
    after = store.answer_issued(key, "ann", "6x", RIGHT)
    assert not after["counted"] and after["closed"]
    (attempt,) = store.attempts("ann")
    assert attempt["solution_viewed"] is True and attempt["status"] == "correct"
    assert store.mastery("ann") == {}
    fresh = store.issue_question("ann", SET, GEN.id, 8)  # a fresh variant counts again
    assert store.answer_issued(fresh, "ann", "6x", RIGHT)["counted"]
    assert set(store.mastery("ann")) == set(GEN.META.skills)
    assert store.attempts("ann")[0]["solution_viewed"] is False


def test_a_closed_or_replayed_question_moves_no_mastery(database_url):
    store = Store(database_url)
    key = store.issue_question("ann", SET, GEN.id, 9)
    store.answer_issued(key, "ann", "6x", RIGHT)
    before = store.mastery("ann")
    assert not store.answer_issued(key, "ann", "6x", RIGHT)["counted"]  # no farming a solved variant
    replay = store.issue_question("ann", SET, GEN.id, 10, replay=True)
    assert not store.answer_issued(replay, "ann", "6x", RIGHT)["counted"]
    assert store.mastery("ann") == before
    assert len(store.attempts("ann")) == 3


def test_someone_elses_or_an_unknown_id_is_refused_and_changes_nothing(database_url):
    store = Store(database_url)
    key = store.issue_question("ann", SET, GEN.id, 11)
    assert store.issued_question(key, "bob") is None and store.issued_question("nope", "ann") is None
    for act in (lambda k, who: store.answer_issued(k, who, "6x", RIGHT), store.view_solution,
                lambda k, who: store.note_hints(k, who, 2)):
        with pytest.raises(KeyError):
            act(key, "bob")
        with pytest.raises(KeyError):
            act("no-such-id", "ann")
    assert store.attempts(None) == [] and store.issued_question(key, "ann")["hints_used"] == 0


def test_hints_rise_only_and_find_or_issue_reuses_the_learners_variant(database_url):
    store = Store(database_url)
    key = store.issue_question("ann", SET, GEN.id, 12)
    assert store.note_hints(key, "ann", 2)["hints_used"] == 2
    assert store.note_hints(key, "ann", 1)["hints_used"] == 2
    store.view_solution(key, "ann")
    again = store.find_or_issue("ann", SET, GEN.id, 12, replay=False)
    assert again["id"] == key and again["solution_viewed"]  # a solution seen stays seen for that variant
    other = store.find_or_issue("bob", SET, GEN.id, 12, replay=True)
    assert other["id"] != key and other["replay"] and not other["solution_viewed"]
    assert [r["seed"] for r in store.recent_issued("ann", SET)] == [12]


def test_concurrent_answers_to_one_question_each_count_one_wrong_try(database_url):
    store = Store(database_url)
    key = store.issue_question("ann", SET, GEN.id, 13)
    stores = [Store(database_url) for _ in range(4)]
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def answer(n: int) -> None:
        try:
            start.wait()
            stores[n % 4].answer_issued(key, "ann", f"wrong {n}", WRONG)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for s in stores:
        s.engine.dispose()
    assert errors == []
    assert store.issued_question(key, "ann")["wrong_tries"] == 8
    assert len(store.attempts("ann")) == 8


def test_the_migration_adds_and_removes_the_table_and_column(database_url):
    import sqlalchemy as sa

    store = Store(database_url)
    store.migrate()
    inspector = sa.inspect(store.engine)
    assert "issued_questions" in inspector.get_table_names()
    assert "solution_viewed" in {c["name"] for c in inspector.get_columns("attempts")}
    store.record_attempt("ann", GEN.id, SET, 1, "6x", RIGHT)
    store.downgrade("0017_lti_platforms_links")
    inspector = sa.inspect(store.engine)
    assert "issued_questions" not in inspector.get_table_names()
    assert "solution_viewed" not in {c["name"] for c in inspector.get_columns("attempts")}
    store.migrate()
    assert store.attempts("ann")[0]["solution_viewed"] is False  # the old row reads as not seen


def test_an_answer_with_a_nul_character_is_kept_on_both_databases(database_url):
    store = Store(database_url)  # PostgreSQL refuses NUL in text: the store keeps U+FFFD instead
    key = store.issue_question("ann", SET, GEN.id, 14)
    store.answer_issued(key, "ann", "6x\x00", {**UNREADABLE, "message": "Cannot read \x00."})
    (attempt,) = store.attempts("ann")
    assert attempt["answer_text"] == "6x\ufffd" and attempt["message"] == "Cannot read \ufffd."


def test_a_variant_whose_solution_was_seen_never_counts_again_under_a_new_id(database_url):
    store = Store(database_url)
    first = store.issue_question("ann", SET, GEN.id, 15)
    store.view_solution(first, "ann")
    again = store.issue_question("ann", SET, GEN.id, 15)  # the pool may show the variant again later
    after = store.answer_issued(again, "ann", "6x", RIGHT)
    assert not after["counted"] and store.attempts("ann")[0]["solution_viewed"] is True
    assert store.mastery("ann") == {}
    mastery, recent = store.practice_state("ann", SET)
    assert mastery == {} and [r["seed"] for r in recent] == [15, 15]



def test_a_view_that_must_not_wait_runs_at_once_on_a_sqlite_file_or_says_it_would_wait(database_url):
    """The practice view's two transactions may run on the web server's event loop: on a SQLite file
    with nobody else writing they run there; across a network (PostgreSQL), or while another thread
    of the process writes, they refuse at once with WouldWait and leave nothing behind."""
    from mvcalc.store.engine import WouldWait

    store = Store(database_url)
    store.issue("ann", SET, GEN.id, 1)
    if database_url.startswith("postgresql"):
        with pytest.raises(WouldWait):
            store.practice_state("ann", SET, wait=False)
        with pytest.raises(WouldWait):
            store.issue("ann", SET, GEN.id, 2, wait=False)
        assert [r["seed"] for r in store.recent_issued("ann", SET)] == [1]
        return
    mastery, recent = store.practice_state("ann", SET, wait=False)
    assert recent == [{"question_id": GEN.id, "seed": 1}]
    issued = store.issue("ann", SET, GEN.id, 2, wait=False)
    assert store.issued_question(issued["id"], "ann")["seed"] == 2
    writing, release = threading.Event(), threading.Event()

    def writer() -> None:  # another thread in the middle of a write transaction
        def work(connection, _):
            writing.set()
            release.wait(10)
        store.tx.run(work, write=True, core=True)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert writing.wait(10)
        with pytest.raises(WouldWait):
            store.issue("ann", SET, GEN.id, 3, wait=False)
        assert store.practice_state("ann", SET, wait=False)[1][0]["seed"] == 2  # reads never wait in WAL
    finally:
        release.set()
        thread.join()
    assert sorted(r["seed"] for r in store.recent_issued("ann", SET)) == [1, 2]
    assert store.issue("ann", SET, GEN.id, 3, wait=False)["seed"] == 3  # the writer is done: at once again
