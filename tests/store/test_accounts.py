"""Accounts and classes in the store, on SQLite and PostgreSQL: users, passwords, sessions,
throttling, classes, rosters, claiming local progress, assessment rules and attempts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mvcalc.store import accounts as acc
from mvcalc.store.models import now

GRADE_OK = {"status": "correct", "score": 1.0, "message": "Correct."}
PASSWORD = "correct horse battery"


def test_users_are_created_found_listed_and_usernames_checked(any_store):
    ann = acc.create_user(any_store, "Ann", "learner", display_name="Ann Lee", email="ann@example.org")
    assert (ann.username, ann.role, ann.has_password) == ("ann", "learner", False)
    acc.create_user(any_store, "bob", "instructor", password=PASSWORD)
    assert acc.find_user(any_store, "ANN").id == ann.id
    assert acc.find_user(any_store, "nobody") is None
    assert [u.username for u in acc.list_users(any_store)] == ["ann", "bob"]
    assert [u.username for u in acc.list_users(any_store, "instructor")] == ["bob"]
    for bad, words in (("ann", "already"), ("local", "personal course"), ("a b", "not a username"),
                       ("", "not a username")):
        with pytest.raises(acc.AccountError, match=words):
            acc.create_user(any_store, bad)
    with pytest.raises(acc.AccountError, match="not a role"):
        acc.create_user(any_store, "carl", "teacher")
    with pytest.raises(acc.AccountError, match="too short"):
        acc.create_user(any_store, "carl", password="short")


def test_passwords_are_argon2_hashes_and_sign_in_checks_them(any_store):
    acc.create_user(any_store, "ann", password=PASSWORD)
    with any_store.session() as session:
        from sqlalchemy import select

        from mvcalc.store.models import User

        stored = session.scalar(select(User.password_hash).where(User.username == "ann"))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert acc.authenticate(any_store, "Ann", PASSWORD).username == "ann"
    with pytest.raises(acc.LoginRefused, match="Wrong username or password"):
        acc.authenticate(any_store, "ann", "wrong password")
    with pytest.raises(acc.LoginRefused, match="Wrong username or password"):
        acc.authenticate(any_store, "nobody", PASSWORD)
    acc.create_user(any_store, "imported")  # no password yet: cannot sign in with any
    with pytest.raises(acc.LoginRefused):
        acc.authenticate(any_store, "imported", "")
    acc.set_active(any_store, "ann", False)
    with pytest.raises(acc.LoginRefused):
        acc.authenticate(any_store, "ann", PASSWORD)


def test_repeated_failures_throttle_the_username_then_the_window_passes(any_store):
    acc.create_user(any_store, "ann", password=PASSWORD)
    for _ in range(acc.MAX_FAILURES_PER_USER):
        with pytest.raises(acc.LoginRefused, match="Wrong"):
            acc.authenticate(any_store, "ann", "guess", "10.0.0.1")
    with pytest.raises(acc.LoginRefused, match="Too many failed sign-ins") as refused:
        acc.authenticate(any_store, "ann", PASSWORD, "10.0.0.2")  # even the right password
    assert 0 < refused.value.retry_after <= acc.FAILURE_WINDOW.total_seconds() + 1
    # the failures age out of the window
    from sqlalchemy import update

    from mvcalc.store.models import LoginFailure

    with any_store.session() as session, session.begin():
        session.execute(update(LoginFailure).values(created_at=now() - acc.FAILURE_WINDOW - timedelta(seconds=5)))
    assert acc.authenticate(any_store, "ann", PASSWORD).username == "ann"


def test_sessions_expire_end_at_logout_and_end_with_a_new_password(any_store):
    ann = acc.create_user(any_store, "ann", password=PASSWORD)
    token = acc.start_session(any_store, ann.id)
    other = acc.start_session(any_store, ann.id)
    assert token != other and acc.session_user(any_store, token).username == "ann"
    assert acc.session_user(any_store, token + "x") is None and acc.session_user(any_store, "") is None
    acc.end_session(any_store, token)
    assert acc.session_user(any_store, token) is None
    assert acc.session_user(any_store, other) is not None
    acc.set_password(any_store, "ann", "another long password")
    assert acc.session_user(any_store, other) is None
    short = acc.start_session(any_store, ann.id, lifetime=timedelta(seconds=-1))
    assert acc.session_user(any_store, short) is None


def test_classes_instructors_and_enrolments(any_store):
    for name, role in (("ann", "learner"), ("bea", "learner"), ("ian", "instructor"), ("ivy", "instructor"),
                       ("ada", "admin")):
        acc.create_user(any_store, name, role)
    a = acc.create_class(any_store, "mml-a", "Maths for ML, group A")
    b = acc.create_class(any_store, "mml-b", join_code="beta2027")
    assert len(a.join_code) == 8 and b.join_code == "BETA2027"
    assert acc.class_by_join_code(any_store, "beta2027").code == "mml-b"
    with pytest.raises(acc.AccountError, match="already"):
        acc.create_class(any_store, "mml-a")
    acc.add_instructor(any_store, "mml-a", "ian")
    acc.add_instructor(any_store, "mml-b", "ivy")
    with pytest.raises(acc.AccountError, match="not an instructor"):
        acc.add_instructor(any_store, "mml-a", "ann")
    acc.enrol(any_store, "mml-a", "ann")
    acc.enrol(any_store, "mml-a", "ann")  # idempotent
    acc.enrol(any_store, "mml-b", "bea")
    assert [u.username for u in acc.users_in_class(any_store, "mml-a")] == ["ann"]
    assert [u.username for u in acc.instructors_of_class(any_store, "mml-a")] == ["ian"]
    assert [c.code for c in acc.classes_of_instructor(any_store, "ian")] == ["mml-a"]
    assert [c.code for c in acc.classes_of_instructor(any_store, "ada")] == ["mml-a", "mml-b"]
    assert [c.code for c in acc.classes_of_learner(any_store, "bea")] == ["mml-b"]
    assert acc.can_teach(any_store, "ian", "mml-a") and not acc.can_teach(any_store, "ian", "mml-b")
    assert not acc.can_teach(any_store, "ann", "mml-a") and acc.can_teach(any_store, "ada", "mml-b")
    assert acc.can_view_learner(any_store, "ian", "ann") and not acc.can_view_learner(any_store, "ian", "bea")
    assert acc.can_view_learner(any_store, "ann", "ann") and not acc.can_view_learner(any_store, "ann", "bea")
    assert acc.can_view_learner(any_store, "ada", "bea")


def test_joining_a_class_claims_a_roster_account_or_makes_a_new_one(any_store):
    klass = acc.create_class(any_store, "mml")
    acc.create_user(any_store, "ann")  # from the roster, no password
    with pytest.raises(acc.AccountError, match="No class has that join code"):
        acc.join_class(any_store, "NOPE", "ann", password=PASSWORD)
    acc.join_class(any_store, klass.join_code.lower(), "ann", password=PASSWORD)
    assert acc.authenticate(any_store, "ann", PASSWORD).username == "ann"
    with pytest.raises(acc.AccountError, match="taken"):  # nobody can take over an account with a password
        acc.join_class(any_store, klass.join_code, "ann", password="someone else's")
    acc.create_user(any_store, "ian", "instructor")  # imported, no password: not claimable by join code
    with pytest.raises(acc.AccountError, match="admin sets its password"):
        acc.join_class(any_store, klass.join_code, "ian", password=PASSWORD)
    assert not acc.find_user(any_store, "ian").has_password
    acc.join_class(any_store, klass.join_code, "new.student", password=PASSWORD, display_name="New")
    assert [u.username for u in acc.users_in_class(any_store, "mml")] == ["ann", "new.student"]


def _rows(*rows):
    return [(i + 2, dict(zip(acc.ROSTER_COLUMNS, row, strict=True))) for i, row in enumerate(rows)]


def test_a_roster_imports_all_or_nothing_and_names_the_bad_line(any_store):
    acc.create_class(any_store, "mml")
    good = _rows(("ann", "Ann Lee", "ann@example.org", "learner", "mml"),
                 ("ian", "Ian Dee", "", "instructor", "mml"))
    bad = _rows(("bea", "Bea", "", "learner", "mml"), ("c d", "", "", "learner", "mml"))
    with pytest.raises(acc.AccountError, match="^line 3: .*not a username"):
        acc.import_roster(any_store, bad)
    assert acc.list_users(any_store) == []  # nothing half-imported
    for rows, words in ((_rows(("bea", "", "", "learner", "nope")), "line 2: there is no class"),
                        (_rows(("bea", "", "not-mail", "learner", "")), "line 2: .*not an email"),
                        (_rows(("bea", "", "", "boss", "")), "line 2: .*not a role"),
                        (_rows(("bea", "", "", "", ""), ("bea", "", "", "", "")), "line 3: .*twice")):
        with pytest.raises(acc.AccountError, match=words):
            acc.import_roster(any_store, rows)
    assert acc.list_users(any_store) == []
    done = acc.import_roster(any_store, good)
    assert [u.username for u in done] == ["ann", "ian"]
    assert [u.username for u in acc.users_in_class(any_store, "mml")] == ["ann"]
    assert [c.code for c in acc.classes_of_instructor(any_store, "ian")] == ["mml"]
    again = acc.import_roster(any_store, _rows(("ann", "Ann Smith", "", "learner", "mml")))
    assert again[0].display_name == "Ann Smith" and again[0].email == "ann@example.org"


def test_claiming_local_progress_moves_every_record(any_store):
    any_store.record_attempt("local", "m1-power-rule", "m1-s3-differentiate", 7, "6x^5", GRADE_OK)
    any_store.record_assessment("local", "m1-assessment", 0.9, True, [])
    any_store.record_assignment("local", "backprop", True, {})
    acc.create_user(any_store, "me", "admin", password=PASSWORD)
    moved = acc.claim_local(any_store, "me")
    assert moved >= 4
    assert any_store.attempts("local") == [] and any_store.mastery("local") == {}
    assert len(any_store.attempts("me")) == 1 and any_store.mastery("me")
    assert len(any_store.assessments("me")) == 1 and len(any_store.assignments("me")) == 1


def _class_with(store, *learners):
    acc.create_class(store, "mml")
    for name in learners:
        acc.create_user(store, name)
        acc.enrol(store, "mml", name)


def test_assessment_rules_extensions_and_the_window_of_a_learner(any_store):
    _class_with(any_store, "ann", "bea")
    acc.create_user(any_store, "zed")  # in no class: open, no limit
    due = datetime(2027, 3, 1, 17, 0, tzinfo=UTC)
    rules = acc.set_assessment_rules(any_store, "mml", "m1-assessment", due_at=due, attempt_limit=2)
    assert rules.due_at == due and rules.release_at is None and rules.attempt_limit == 2
    acc.set_assessment_rules(any_store, "mml", "m1-assessment", release_at=due - timedelta(days=7))
    (stored,) = acc.class_assessment_rules(any_store, "mml")
    assert (stored.due_at, stored.attempt_limit) == (due, 2)  # unchanged by the second call
    with pytest.raises(acc.AccountError, match="after the release"):
        acc.set_assessment_rules(any_store, "mml", "m1-assessment", due_at=due - timedelta(days=8))
    acc.set_extension(any_store, "mml", "m1-assessment", "bea", due + timedelta(days=2))
    assert acc.window_for(any_store, "ann", "m1-assessment").due_at == due
    assert acc.window_for(any_store, "bea", "m1-assessment").due_at == due + timedelta(days=2)
    assert acc.window_for(any_store, "zed", "m1-assessment") == acc.OPEN
    assert acc.extensions(any_store, "mml")[0]["username"] == "bea"
    with pytest.raises(acc.AccountError, match="not in class"):
        acc.set_extension(any_store, "mml", "m1-assessment", "zed", due)


def test_attempts_have_fixed_seeds_and_are_refused_early_late_and_over_the_limit(any_store):
    _class_with(any_store, "ann", "bea")
    release = datetime(2027, 2, 1, tzinfo=UTC)
    due = datetime(2027, 3, 1, tzinfo=UTC)
    acc.set_assessment_rules(any_store, "mml", "m1-assessment", release_at=release, due_at=due, attempt_limit=2)
    with pytest.raises(acc.AttemptRefused, match="opens on 2027-02-01 00:00 UTC"):
        acc.start_attempt(any_store, "ann", "m1-assessment", at=release - timedelta(hours=1))
    during = release + timedelta(days=1)
    first = acc.start_attempt(any_store, "ann", "m1-assessment", at=during)
    assert acc.start_attempt(any_store, "ann", "m1-assessment", at=during) == first  # still open: the same
    assert first.seed == acc.attempt_seed(any_store, "ann", "m1-assessment", 1)  # reproducible
    bea = acc.start_attempt(any_store, "bea", "m1-assessment", at=during)
    assert bea.seed != first.seed  # another student, another variant
    done = acc.finish_attempt(any_store, first.id, 0.5, False, [], at=during)
    assert done.submitted_at is not None and not done.late and done.result_id
    with pytest.raises(acc.AttemptRefused, match="submitted already"):
        acc.finish_attempt(any_store, first.id, 1.0, True, [], at=during)
    assert len(any_store.assessments("ann")) == 1
    second = acc.start_attempt(any_store, "ann", "m1-assessment", at=during)
    assert second.number == 2 and second.seed != first.seed
    acc.finish_attempt(any_store, second.id, 1.0, True, [], at=due + timedelta(minutes=1))
    assert acc.find_attempt(any_store, "ann", "m1-assessment", 2).late  # started in time, sent late
    with pytest.raises(acc.AttemptRefused, match="used all 2 attempt"):
        acc.start_attempt(any_store, "ann", "m1-assessment", at=during)
    acc.finish_attempt(any_store, bea.id, 1.0, True, [], at=during)
    with pytest.raises(acc.AttemptRefused, match="was due on 2027-03-01 00:00 UTC"):
        acc.start_attempt(any_store, "bea", "m1-assessment", at=due + timedelta(seconds=1))
    acc.set_extension(any_store, "mml", "m1-assessment", "bea", due + timedelta(days=1))
    assert acc.start_attempt(any_store, "bea", "m1-assessment", at=due + timedelta(hours=1)).number == 2
    assert acc.find_attempt(any_store, "bea", "m1-assessment", 1).learner == "bea"
    assert acc.find_attempt(any_store, "ann", "m1-assessment", 9) is None
    assert [a.number for a in acc.attempts_of(any_store, "ann")] == [1, 2]


def test_the_seed_secret_is_made_once_and_shared(any_store):
    from mvcalc.store import Store

    first = acc.secret(any_store, "k")
    assert acc.secret(Store(any_store.url), "k") == first and len(first) == 64


def test_the_migration_keeps_todays_local_progress_and_runs_down_again(any_store):
    any_store.downgrade("0001")
    with any_store.engine.begin() as connection:  # a personal course as it was before accounts
        connection.exec_driver_sql(
            "INSERT INTO attempts (learner, question_id, set_id, seed, answer_text, status, score, message,"
            " hints_used, created_at) VALUES ('local', 'm1-power-rule', 'm1-s3-differentiate', 7, '6x^5',"
            " 'correct', 1.0, '', 0, '2026-11-30 10:00:00+00:00')"
        )
    any_store.migrate()
    (row,) = any_store.attempts("local")
    assert row["question_id"] == "m1-power-rule"
    acc.create_user(any_store, "me", "admin")
    acc.claim_local(any_store, "me")
    assert len(any_store.attempts("me")) == 1
    any_store.downgrade("0001")
    any_store.migrate()
    assert acc.list_users(any_store) == [] and len(any_store.attempts("me")) == 1


def test_assessment_question_seeds_beyond_32_bits_are_stored(any_store):
    big = 999_999_999 * 1000 + 7  # quiz seed × 1000 + position
    any_store.record_attempt("ann", "m1-power-rule", "m1-assessment", big, "6x^5", GRADE_OK)
    assert any_store.attempts("ann")[0]["seed"] == big


ROSTER_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.fixed_dictionaries({
    "username": st.one_of(st.sampled_from(["ann", "bea", "c.d", "Ed", "local", ""]), ROSTER_TEXT),
    "display name": ROSTER_TEXT,
    "email": st.one_of(st.sampled_from(["", "a@b.co", "no-at"]), ROSTER_TEXT),
    "role": st.one_of(st.sampled_from(["", "learner", "instructor", "admin", "Boss"]), ROSTER_TEXT),
    "class": st.sampled_from(["", "mml", "nope"]),
}), max_size=4))
def test_any_roster_imports_whole_or_not_at_all_with_a_line_number(tmp_path_factory, rows):
    from mvcalc.store import Store

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('roster') / 'r.sqlite3'}")
    acc.create_class(store, "mml")
    numbered = [(i + 2, row) for i, row in enumerate(rows)]
    try:
        done = acc.import_roster(store, numbered)
    except acc.AccountError as exc:
        assert re.match(r"^line \d+: ", str(exc)) and "\n" not in str(exc)
        assert acc.list_users(store) == []
    else:
        assert len(done) == len(rows) == len(acc.list_users(store))
    store.engine.dispose()
