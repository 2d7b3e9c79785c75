"""`mvcalc users ...` and `mvcalc classes ...`: accounts, rosters, classes and their rules from the
terminal, including the README's "Running the course for a class" run as written."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mvcalc.cli import app
from mvcalc.store import Store
from mvcalc.store import accounts as acc

README = (Path(__file__).parents[2] / "README.md").read_text()
GRADE_OK = {"status": "correct", "score": 1.0, "message": "Correct."}


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    monkeypatch.setenv("MVCALC_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    return url


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, list(args), input=stdin, catch_exceptions=False)


def test_users_add_list_and_set_password(db):
    added = run("users", "add", "Ann", "--role", "learner", "--password-stdin", "--display-name", "Ann Lee",
                stdin="a long password\n")
    assert added.exit_code == 0 and "Added learner ann" in added.output
    assert acc.authenticate(Store(db), "ann", "a long password").display_name == "Ann Lee"
    assert run("users", "add", "ian", "--role", "instructor").exit_code == 0  # no terminal: no password yet
    listed = json.loads(run("users", "list", "--json").output)
    assert [(u["username"], u["role"], u["has_password"]) for u in listed] == [
        ("ann", "learner", True), ("ian", "instructor", False)]
    assert "a long password" not in run("users", "list").output
    assert run("users", "set-password", "ian", "--password-stdin", stdin="teach-me-please\n").exit_code == 0
    assert acc.authenticate(Store(db), "ian", "teach-me-please").role == "instructor"


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (("users", "add", "ann", "--role", "boss"), None, "'boss' is not a role"),
        (("users", "add", "local", "--role", "admin"), None, "personal course"),
        (("users", "add", "bob", "--password-stdin"), "short\n", "too short"),
        (("users", "add", "bob", "--password-stdin"), "", "no password on standard input"),
        (("users", "set-password", "nobody", "--password-stdin"), "long enough pw\n", "no user called"),
        (("classes", "set-due", "nope", "m1-assessment", "2027-03-01"), None, "no class called"),
        (("classes", "add", "bad code!"), None, "not a class code"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(db, args, stdin, words):
    result = run(*args, stdin=stdin)
    assert result.exit_code == 2 and words in result.output
    assert "Traceback" not in result.output


def test_a_roster_with_a_bad_row_names_its_line_and_imports_nothing(db, tmp_path):
    run("classes", "add", "mml")
    roster = tmp_path / "roster.csv"
    roster.write_text("username,display name,email,role,class\n"
                      "ann,Ann Lee,ann@example.org,learner,mml\n"
                      "bea,Bea,bea@example,learner,mml\n")
    bad = run("users", "import", str(roster))
    assert bad.exit_code == 2 and "line 3" in bad.output and "not an email" in bad.output
    assert acc.list_users(Store(db)) == []
    roster.write_text("Username,Display name,Role,Class\nann,Ann Lee,,mml\nian,Ian,instructor,mml\n")
    good = run("users", "import", str(roster))
    assert good.exit_code == 0 and "Imported 2" in good.output
    shown = json.loads(run("classes", "show", "mml", "--json").output)
    assert shown["students"] == ["ann"] and shown["instructors"] == ["ian"]
    roster.write_text("username,nickname\nann,x\n")
    assert "unknown column 'nickname'" in run("users", "import", str(roster)).output
    assert "cannot read" in run("users", "import", str(tmp_path / "missing.csv")).output


def test_claim_local_gives_the_personal_course_to_the_first_admin(db):
    store = Store(db)
    store.record_attempt("local", "m1-power-rule", "m1-s3-differentiate", 7, "6x^5", GRADE_OK)
    result = run("users", "add", "me", "--role", "admin", "--claim-local", "--password-stdin",
                 stdin="my own long password\n")
    assert result.exit_code == 0 and "Claimed the local learner's progress" in result.output
    assert store.attempts("local") == [] and len(store.attempts("me")) == 1


def test_class_rules_from_the_terminal_are_stored_in_utc(db):
    run("users", "add", "ann")
    assert "join code" in run("classes", "add", "mml", "--title", "Maths for ML", "--join-code", "MML27").output
    assert run("classes", "enrol", "mml", "ann").exit_code == 0
    due = run("classes", "set-due", "mml", "m1-assessment", "2027-03-01T17:00+01:00")
    assert due.exit_code == 0 and "due 2027-03-01 16:00 UTC" in due.output
    assert run("classes", "set-release", "mml", "m1-assessment", "2027-02-01").exit_code == 0
    assert "attempts 3" in run("classes", "set-attempts", "mml", "m1-assessment", "3").output
    assert run("classes", "extend", "mml", "m1-assessment", "ann", "2027-03-04T12:00Z").exit_code == 0
    window = acc.window_for(Store(db), "ann", "m1-assessment")
    assert window.due_at.isoformat() == "2027-03-04T12:00:00+00:00" and window.attempt_limit == 3
    assert "not an assessment" in run("classes", "set-due", "mml", "m1-s3-differentiate", "2027-03-01").output
    assert "not a date" in run("classes", "set-due", "mml", "m1-assessment", "next friday").output
    assert "not a number" in run("classes", "set-attempts", "mml", "m1-assessment", "lots").output
    assert run("classes", "set-attempts", "mml", "m1-assessment", "none").exit_code == 0
    listed = json.loads(run("classes", "list", "--json").output)
    assert listed[0]["code"] == "mml" and listed[0]["join_code"] == "MML27" and listed[0]["students"] == 1


def test_the_readme_class_recipe_runs_as_written(db, tmp_path):
    section = README.split("## Running the course for a class", 1)[1]
    block = section.split("```", 2)[1]
    (tmp_path / "roster.csv").write_text("username,display name,email,role,class\n"
                                         "ann,Ann Lee,ann@example.org,learner,mml-2027\n")
    commands = [re.sub(r"\s+#.*$", "", line).strip() for line in block.strip().splitlines()]
    assert commands[-1].startswith("mvcalc serve --accounts")
    for command in commands:
        args = shlex.split(command)[1:]
        if args[0] == "serve":
            args += ["--get", "/login"]
        result = run(*args)
        assert result.exit_code == 0, f"{command}: {result.output}"
    store = Store(db)
    assert [c.code for c in acc.classes_of_instructor(store, "me")] == ["mml-2027"]
    assert acc.window_for(store, "ann", "m1-assessment").due_at.isoformat().startswith("2027-03-04")
