"""The progress store on SQLite and PostgreSQL: migrations up and down, attempts in transactions,
mastery, summaries, Sandpit rounds and quizzes in progress."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from mvcalc.store import Store, StoreUnavailable
from mvcalc.store import api as store_api

GRADE_OK = {"status": "correct", "score": 1.0, "message": "Correct."}
GRADE_BAD = {
    "status": "incorrect",
    "score": 0.0,
    "message": "You forgot the chain factor.",
    "diagnosis": {"rule": "chain_forgot_inner", "message": "…"},
}


def _tables(store: Store) -> set[str]:
    return set(sa.inspect(store.engine).get_table_names())


TABLES = {"attempts", "assessment_results", "assignment_results", "skill_mastery", "sandpit_rounds",
          "sandpit_probes", "assessment_attempts"}


def test_migrations_run_up_and_down_on_a_fresh_database(database_url):
    store = Store(database_url)
    store.migrate()
    assert TABLES <= _tables(store)
    store.migrate()  # idempotent
    store.downgrade("base")
    assert {t for t in _tables(store) if not t.startswith("procrastinate_")} <= {"alembic_version"}  # the queue's own
    store.migrate()
    assert "attempts" in _tables(store)


def test_first_use_migrates_and_the_attempt_is_committed_before_returning(database_url):
    url = database_url
    store = Store(url)
    attempt_id = store.record_attempt(
        "local", "m1-power-rule", "m1-s3-differentiate", 7, "6x^5", GRADE_OK, 1, 2300
    )
    assert attempt_id == 1
    # a second, independent connection sees it: it was committed
    other = Store(url)
    (row,) = other.attempts("local")
    assert row["question_id"] == "m1-power-rule" and row["seed"] == 7 and row["hints_used"] == 1
    assert row["status"] == "correct" and row["elapsed_ms"] == 2300


def test_mastery_rises_with_right_answers_and_falls_with_wrong_ones(database_url):
    store = Store(database_url)
    for _ in range(3):
        store.record_attempt("ann", "q", "s", 1, "x", GRADE_OK, skills=["chain-rule"])
    high = store.mastery("ann")["chain-rule"]
    store.record_attempt("ann", "q", "s", 1, "x", GRADE_BAD, skills=["chain-rule"])
    assert high > 0.8
    assert store.mastery("ann")["chain-rule"] < high
    store.record_attempt("ann", "q", "s", 1, "(", {"status": "invalid", "score": 0.0}, skills=["other"])
    assert "other" not in store.mastery("ann")


def test_known_question_ids_bring_their_skills(database_url):
    from mvcalc.exercises import registry

    gen = registry.all_generators()[0]
    store = Store(database_url)
    store.record_attempt("local", gen.id, gen.META.set, 1, "x", GRADE_OK)
    assert set(store.mastery()) == set(gen.META.skills)


def test_last_activity_history_and_class_overview(database_url):
    from mvcalc.exercises import registry

    store = Store(database_url)
    assert store.last_activity() is None
    first_set = registry.sets()[2]
    gen = first_set.generators[0]
    store.record_attempt("local", gen, first_set.id, 3, "x", GRADE_OK)
    store.record_attempt("bob", gen, first_set.id, 4, "y", GRADE_BAD)
    store.record_assessment("local", "m1-assessment", 0.8, True, [{"q": 1}])
    store.record_assessment("local", "m1-assessment", 0.6, False, [])
    last = store.last_activity()
    assert last["question_id"] == gen and last["seed"] == 3
    history = store.history()
    assert [(a["question_id"], a["set_id"], a["seed"], a["status"]) for a in history["answers"]] == [
        (gen, first_set.id, 3, "correct")]
    assert [(r["assessment_id"], r["score"], r["passed"]) for r in history["results"]] == [
        ("m1-assessment", 0.8, True), ("m1-assessment", 0.6, False)]
    assert set(history["mastery"]) == set(registry.get(gen).META.skills)
    assert history["answers"][0]["solution_viewed"] is False and history["reads"] == []
    assert store.history("nobody") == {"answers": [], "results": [], "mastery": {}, "reads": []}
    overview = store.class_overview()
    assert overview["learners"] == 2
    assert overview["questions"][0]["attempts"] == 2
    assert overview["diagnoses"][0]["diagnosis"] == "chain_forgot_inner"


def test_record_assignment_convenience_uses_the_environment_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    monkeypatch.setenv("MVCALC_DATABASE_URL", url)
    assert store_api.default_url() == url
    store_api.record_assignment("backpropagation", True, {"tests": 4})
    (row,) = Store(url).assignments()
    assert row["name"] == "backpropagation" and row["passed"] and row["details"] == {"tests": 4}


def test_default_url_is_a_sqlite_file_in_the_user_data_dir(monkeypatch):
    monkeypatch.delenv("MVCALC_DATABASE_URL", raising=False)
    url = store_api.default_url()
    assert url.startswith("sqlite:///") and url.endswith("mvcalc.sqlite3")


def test_in_memory_sqlite_still_works():
    store = Store("sqlite://")
    store.record_attempt("ann", "q", "s", 1, "x", GRADE_OK, skills=["a"])
    assert store.mastery("ann")["a"] > 0.2 and len(store.attempts("ann")) == 1


def test_a_sandpit_round_is_saved_with_its_probes_and_belongs_to_its_learner(database_url):
    store = Store(database_url)
    key = store.start_round("ann", level="random", mode="jacobian", strategy="hybrid", gamma=0.5, seed=77,
                            replay=False)
    assert store.round(key, "bob") is None and store.round("nope", "ann") is None
    state = store.round(key, "ann")
    assert state["seed"] == 77 and state["status"] == "playing" and state["probes"] == []

    def move(state):
        n = len(state["probes"]) + 1
        return {"probes": [{"number": n, "x": 1.0, "y": 2.0, "depth": -3.0, "arrow": (0.1, -0.2)}],
                "status": "won" if n == 2 else "playing",
                "record": {"name": "sandpit:random", "passed": True, "details": {"probes": n}} if n == 2 else None}

    store.play_round(key, "ann", move)
    store.play_round(key, "ann", move)
    state = store.round(key, "ann")
    assert [p["number"] for p in state["probes"]] == [1, 2] and state["probes"][0]["arrow"] == (0.1, -0.2)
    assert state["status"] == "won" and state["finished_at"]
    (result,) = store.assignments("ann")
    assert result["name"] == "sandpit:random" and result["passed"] and result["details"] == {"probes": 2}
    with pytest.raises(KeyError):
        store.play_round(key, "bob", move)

    def refused(state):
        raise ValueError("the round is over")

    with pytest.raises(ValueError):
        store.play_round(key, "ann", refused)
    assert len(store.round(key, "ann")["probes"]) == 2


def test_an_assessment_in_progress_is_submitted_once(database_url):
    store = Store(database_url)
    key = store.start_assessment("ann", "m1-assessment", 12345)
    quiz = store.assessment_attempt(key, "ann")
    assert quiz["seed"] == 12345 and quiz["finished_at"] is None and store.assessment_attempt(key, "bob") is None
    answers = [{"question_id": "q1", "set_id": "m1-assessment", "seed": 1, "answer_text": "x", "grade": GRADE_OK},
               {"question_id": "q2", "set_id": "m1-assessment", "seed": 2, "answer_text": "y", "grade": GRADE_BAD}]
    result_id, fresh = store.submit_assessment(key, "ann", answers, 0.5, False, [{"q": 1}, {"q": 2}])
    assert fresh and store.assessment_attempt(key, "ann")["result_id"] == result_id
    again = store.submit_assessment(key, "ann", answers, 0.5, False, [])
    assert again == (result_id, False)
    assert len(store.attempts("ann")) == 2 and len(store.assessments("ann")) == 1
    with pytest.raises(KeyError):
        store.submit_assessment(key, "bob", answers, 1.0, True, [])


def test_a_full_disk_or_a_vanished_file_is_store_unavailable(tmp_path):
    path = tmp_path / "p.sqlite3"
    store = Store(f"sqlite:///{path}")
    store.record_attempt("ann", "q", "s", 1, "x", GRADE_OK, skills=["a"])
    with store.engine.connect() as connection:  # the disk "fills": no page may be added
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    store.engine.dispose()

    @sa.event.listens_for(store.engine, "connect")
    def _full(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    with pytest.raises(StoreUnavailable, match="disk is full"):
        for n in range(200):
            store.record_attempt("ann", "q", "s", 1, "x" * 4000, GRADE_OK, skills=[f"s{n}"])
    saved = len(store.attempts("ann", limit=1000))
    sa.event.remove(store.engine, "connect", _full)
    store.engine.dispose()
    store.record_attempt("ann", "q", "s", 1, "x", GRADE_OK, skills=["a"])  # room again: it recovers
    assert len(store.attempts("ann", limit=1000)) == saved + 1
    path.rename(tmp_path / "gone.sqlite3")
    with pytest.raises(StoreUnavailable, match="vanished"):
        store.record_attempt("ann", "q", "s", 1, "x", GRADE_OK, skills=["a"])
    (tmp_path / "gone.sqlite3").rename(path)
    store.record_attempt("ann", "q", "s", 1, "x", GRADE_OK, skills=["a"])  # back: it recovers
    assert len(store.attempts("ann", limit=1000)) == saved + 2


def test_upgrading_from_0001_keeps_every_attempt(database_url):
    store = Store(database_url)
    store.migrate("0001")
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO attempts (learner, question_id, set_id, seed, answer_text, status, score, message, "
            "hints_used, created_at) VALUES ('ann', 'q', 's', 7, 'x', 'correct', 1.0, '', 0, CURRENT_TIMESTAMP)"
        )
    store.migrate()
    (old,) = store.attempts("ann")
    assert old["seed"] == 7 and old["answer_text"] == "x"
    store.record_attempt("ann", "q", "s", 999_999_999_004, "y", GRADE_OK, skills=["a"])  # a quiz question's seed
    assert store.attempts("ann")[0]["seed"] == 999_999_999_004


def test_an_attempt_is_stored_as_given_and_mastery_moves_as_worked_out_by_hand():
    """A graph question with 4 options: guess 1/4, so 0.2·0.9 / (0.18 + 0.8/4) = 9/19,
    then 9/19 + (10/19)·0.15 = 10.5/19. A wrong answer with no score scores 0."""
    from mvcalc.store.models import SkillMastery

    store = Store("sqlite://")
    assert store_api._question_info("m1-match-line") == (("reading-graphs",), "graph", 4)
    store.record_attempt("bo", "m1-match-line", "set", 3, "B", {"status": "correct", "message": "Right."})
    (row,) = store.attempts("bo")
    assert (row["answer_text"], row["score"], row["message"], row["status"]) == ("B", 1.0, "Right.", "correct")
    assert store.mastery("bo") == {"reading-graphs": 10.5 / 19}
    store.record_attempt("bo", "q", "s", 1, "x", {"status": "incorrect"}, skills=["k"])
    wrong = store.attempts("bo")[-1] if store.attempts("bo")[-1]["question_id"] == "q" else store.attempts("bo")[0]
    assert (wrong["score"], wrong["message"]) == (0.0, "")
    with store.session() as session:
        assert session.get(SkillMastery, ("bo", "reading-graphs")).observations == 1


def test_assessments_and_assignments_keep_what_was_recorded():
    store = Store("sqlite://")
    store.record_assessment("cy", "m1-assessment", 0.8, True, [{"q": "a", "status": "correct"}])
    (quiz,) = store.assessments("cy")
    assert (quiz["score"], quiz["passed"], quiz["answers"]) == (0.8, True, [{"q": "a", "status": "correct"}])
    assert quiz["created_at"] is not None
    store.record_assignment("", "backprop", True, {"seed": 3})
    (run,) = store.assignments()  # an empty learner is the local learner
    assert (run["name"], run["passed"], run["details"]) == ("backprop", True, {"seed": 3})


def test_a_missing_answer_text_is_empty_and_observations_count_up():
    from mvcalc.store.models import SkillMastery

    store = Store("sqlite://")
    store.record_attempt("di", "q", "s", 1, None, {"status": "correct"}, skills=["k"])
    store.record_attempt("di", "q", "s", 2, "x", {"status": "correct"}, skills=["k"])
    assert [a["answer_text"] for a in store.attempts("di")] == ["x", ""]  # newest first
    with store.session() as session:
        assert session.get(SkillMastery, ("di", "k")).observations == 2


def test_a_lesson_read_twice_keeps_its_first_time(database_url):
    from mvcalc.store.models import LessonRead

    store = Store(database_url)
    store.record_read("ann", "m1-derivatives")
    with store.session() as session:
        first = session.get(LessonRead, ("ann", "m1-derivatives")).read_at
    store.record_read("ann", "m1-derivatives")  # again: nothing changes, nothing is raised
    store.record_read("", "m1-derivatives")  # an empty learner is the local learner
    with store.session() as session:
        assert session.get(LessonRead, ("ann", "m1-derivatives")).read_at == first
    assert store.history("ann")["reads"] == ["m1-derivatives"]
    assert store.history()["reads"] == ["m1-derivatives"] and store.history("bob")["reads"] == []


def test_every_write_takes_sqlites_write_lock_at_begin(tmp_path):
    """A read-modify-write on SQLite is atomic because it holds the write lock from its BEGIN
    (BEGIN IMMEDIATE; a deferred BEGIN lets two writers read the same row, and one update is
    lost). Each write method runs one transaction that begins so; reads begin plainly."""
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    store.migrate()
    begun: list[str] = []

    @sa.event.listens_for(store.engine, "before_cursor_execute")
    def note(connection, cursor, statement, *_):
        if statement.startswith("BEGIN"):
            begun.append(statement)

    def begins(action) -> list[str]:
        begun.clear()
        action()
        return list(begun)

    key = store.issue_question("ann", "set", "q", 1)
    quiz = store.start_assessment("ann", "m1-assessment", 5)
    round_key = store.start_round("ann", level="intro", mode="jacobian", strategy="hybrid", gamma=0.5, seed=3,
                                  replay=False)
    writes = {
        "issue": lambda: store.issue("ann", "set", "q", 2),
        "record_attempt": lambda: store.record_attempt("ann", "q", "set", 1, "x", GRADE_OK, skills=["k"]),
        "answer_issued": lambda: store.answer_issued(key, "ann", "x", GRADE_BAD),
        "note_hints": lambda: store.note_hints(key, "ann", 1),
        "view_solution": lambda: store.view_solution(key, "ann"),
        "find_or_issue": lambda: store.find_or_issue("ann", "set", "q", 9, replay=False),
        "record_assessment": lambda: store.record_assessment("ann", "m1-assessment", 1.0, True),
        "record_assignment": lambda: store.record_assignment("ann", "backprop", True),
        "record_read": lambda: store.record_read("ann", "m1-derivatives"),
        "start_round": lambda: store.start_round("ann", level="intro", mode="jacobian", strategy="hybrid",
                                                 gamma=0.5, seed=4, replay=False),
        "play_round": lambda: store.play_round(round_key, "ann", lambda state: {"probes": [], "status": "playing"}),
        "start_assessment": lambda: store.start_assessment("ann", "m1-assessment", 6),
        "submit_assessment": lambda: store.submit_assessment(quiz, "ann", [], 1.0, True, []),
    }
    for name, action in writes.items():
        assert begins(action) == ["BEGIN IMMEDIATE"], name
    reads = {
        "issued_question": lambda: store.issued_question(key, "ann"),
        "practice_state": lambda: store.practice_state("ann", "set"),
        "round": lambda: store.round(round_key, "ann"),
        "assessment_attempt": lambda: store.assessment_attempt(quiz, "ann"),
    }
    for name, action in reads.items():
        assert begins(action) == ["BEGIN"], name
    store.engine.dispose()


def test_a_quiz_answer_given_after_hints_moves_mastery_as_a_practice_answer_with_those_hints():
    """The oracle: the same answer recorded with `record_attempt` (its mastery update is worked out by
    hand above) with the same hints; with hints a right answer is weaker evidence than without."""
    store = Store("sqlite://")
    question = "m1-product-linear"
    quiz = store.start_assessment("ann", "m1-assessment", 1)
    store.submit_assessment(quiz, "ann", [{"question_id": question, "set_id": "m1-assessment", "seed": 1,
                                           "answer_text": "6x", "grade": GRADE_OK, "hints_used": 2}], 1.0, True, [])
    store.record_attempt("cy", question, "m1-assessment", 1, "6x", GRADE_OK, hints_used=2)
    store.record_attempt("di", question, "m1-assessment", 1, "6x", GRADE_OK, hints_used=0)
    assert store.mastery("ann") == store.mastery("cy") != store.mastery("di")
    assert store.attempts("ann")[0]["hints_used"] == 2
