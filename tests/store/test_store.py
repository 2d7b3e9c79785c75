"""The progress store: migrations up and down, attempts in transactions, mastery, summaries."""

from __future__ import annotations

import sqlalchemy as sa

from mvcalc.store import Store
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


def test_migrations_run_up_and_down_on_a_fresh_sqlite_file(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    store.migrate()
    assert {"attempts", "assessment_results", "assignment_results", "skill_mastery"} <= _tables(store)
    store.migrate()  # idempotent
    store.downgrade("base")
    assert _tables(store) <= {"alembic_version"}
    store.migrate()
    assert "attempts" in _tables(store)


def test_first_use_migrates_and_the_attempt_is_committed_before_returning(tmp_path):
    url = f"sqlite:///{tmp_path / 'a' / 'progress.sqlite3'}"
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


def test_mastery_rises_with_right_answers_and_falls_with_wrong_ones():
    store = Store("sqlite://")
    for _ in range(3):
        store.record_attempt("ann", "q", "s", 1, "x", GRADE_OK, skills=["chain-rule"])
    high = store.mastery("ann")["chain-rule"]
    store.record_attempt("ann", "q", "s", 1, "x", GRADE_BAD, skills=["chain-rule"])
    assert high > 0.8
    assert store.mastery("ann")["chain-rule"] < high
    store.record_attempt("ann", "q", "s", 1, "(", {"status": "invalid", "score": 0.0}, skills=["other"])
    assert "other" not in store.mastery("ann")


def test_known_question_ids_bring_their_skills():
    from mvcalc.exercises import registry

    gen = registry.all_generators()[0]
    store = Store("sqlite://")
    store.record_attempt("local", gen.id, gen.META.set, 1, "x", GRADE_OK)
    assert set(store.mastery()) == set(gen.META.skills)


def test_last_activity_progress_and_class_overview():
    from mvcalc.exercises import registry

    store = Store("sqlite://")
    assert store.last_activity() is None
    first_set = registry.sets()[2]
    gen = first_set.generators[0]
    store.record_attempt("local", gen, first_set.id, 3, "x", GRADE_OK)
    store.record_attempt("bob", gen, first_set.id, 4, "y", GRADE_BAD)
    store.record_assessment("local", "m1-assessment", 0.8, True, [{"q": 1}])
    store.record_assessment("local", "m1-assessment", 0.6, False, [])
    last = store.last_activity()
    assert last["question_id"] == gen and last["seed"] == 3
    progress = store.progress()
    assert [m["module"] for m in progress] == [1, 2, 3, 4, 5, 6]
    sets = {s["id"]: s for s in progress[0]["sets"]}
    assert sets[first_set.id]["attempts"] == 1
    assert sets["m1-assessment"]["best_score"] == 0.8 and sets["m1-assessment"]["passed"]
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
