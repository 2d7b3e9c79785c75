"""The terminal session, driven with scripted input; progress and the authors' commands."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mvcalc.cli import app
from mvcalc.exercises import registry
from mvcalc.store import Store

runner = CliRunner()


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    monkeypatch.setenv("MVCALC_DATABASE_URL", url)
    return url


def _first_question(target: str, seed: int):
    """The question `mvcalc practice TARGET --seed SEED` asks first (one generator: no choice)."""
    return registry.get(target).generate(seed)


def test_practice_hint_wrong_answer_then_right_answer_are_recorded(db):
    q = _first_question("m1-product-linear", 5)
    wrong = "x"  # a valid expression, but wrong
    script = f"?\n{wrong}\n{q.answer_text}\n"
    result = runner.invoke(app, ["practice", "m1-product-linear", "--count", "1", "--seed", "5"], input=script)
    assert result.exit_code == 0, result.output
    assert "Hint 1" in result.output
    assert "INCORRECT" in result.output and "CORRECT" in result.output
    assert "Read as" in result.output
    attempts = Store(db).attempts()
    assert [a["status"] for a in attempts] == ["correct", "incorrect"]
    assert attempts[0]["hints_used"] == 1 and attempts[0]["seed"] == 5
    assert attempts[0]["set_id"] == "m1-s4-product-rule"


def test_a_diagnosed_mistake_is_named_and_the_solution_shown(db):
    q = _first_question("m1-product-linear", 8)
    mistake = q.buggy[0]
    from mvcalc.exercises.bank._common import text

    script = f"{text(mistake.answer)}\n!\nn\n"
    result = runner.invoke(app, ["practice", "m1-product-linear", "-n", "1", "--seed", "8"], input=script)
    assert result.exit_code == 0, result.output
    assert "Worked solution" in result.output
    (attempt,) = Store(db).attempts()
    assert attempt["diagnosis"] == mistake.rule


def test_bad_input_gets_a_message_and_is_recorded_as_invalid(db):
    result = runner.invoke(app, ["practice", "m1-power-rule", "-n", "1", "--seed", "1"], input="2x + (\nq\n")
    assert result.exit_code == 0, result.output
    assert "INVALID" in result.output and "Traceback" not in result.output
    assert Store(db).attempts()[0]["status"] == "invalid"


def test_closed_input_ends_the_session_without_losing_attempts(db):
    q = _first_question("m1-power-rule", 2)
    result = runner.invoke(app, ["practice", "m1-power-rule", "-n", "3", "--seed", "2"], input=f"{q.answer_text}\n")
    assert result.exit_code == 0, result.output
    assert len(Store(db).attempts()) == 1


def test_a_whole_set_picks_questions_by_mastery_and_records_them(db):
    result = runner.invoke(app, ["practice", "m3-s2-neural-networks", "-n", "3", "--seed", "4"], input="n\nn\nn\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("answer>") >= 3


def test_an_assessment_is_scored_and_recorded(db):
    info = registry.get_set("m5-assessment-optimisation-scenarios")
    quiz = registry.assessment(info.id, 7)
    script = "".join(q.answer_text + "\n" for q in quiz)
    result = runner.invoke(app, ["practice", info.id, "--seed", "7"], input=script)
    assert result.exit_code == 0, result.output
    assert "Passed" in result.output
    (row,) = Store(db).assessments()
    assert row["passed"] and row["score"] == 1.0 and len(row["answers"]) == info.length


def test_progress_table_and_json(db):
    runner.invoke(app, ["practice", "m1-power-rule", "-n", "1", "--seed", "1"], input="x\nq\n")
    result = runner.invoke(app, ["progress"])
    assert result.exit_code == 0 and "Module 1" in result.output and "m1-s3-differentiate" in result.output
    data = json.loads(runner.invoke(app, ["progress", "--json"]).output)
    assert [m["module"] for m in data["modules"]] == [1, 2, 3, 4, 5, 6]
    sets = {s["id"]: s for m in data["modules"] for s in m["sets"]}
    assert sets["m1-s3-differentiate"]["answers"] == 1 and sets["m1-s3-differentiate"]["status"] == "started"
    assert all(s["mastery"] is None and s["status"] == "not started" for k, s in sets.items() if k != "m1-s3-differentiate")
    assert data["next"]["url"] == "/modules/1/lessons/welcome" and data["due"] == []


def test_questions_list_and_show():
    listed = runner.invoke(app, ["questions", "list", "--set", "m2-s4-hessians"])
    assert listed.exit_code == 0 and "m2-hessian-2x2" in listed.output
    data = json.loads(runner.invoke(app, ["questions", "list", "--json"]).output)
    assert len(data) == 30
    shown = runner.invoke(app, ["questions", "show", "m2-hessian-2x2", "--seed", "3", "--json"])
    q = json.loads(shown.output)
    assert q["id"] == "m2-hessian-2x2" and q["seed"] == 3 and q["answer"] and q["buggy"]
    plain = runner.invoke(app, ["questions", "show", "m1-match-line", "--seed", "1"])
    assert plain.exit_code == 0 and "Answer (graph)" in plain.output


def test_unknown_ids_exit_with_status_2_and_one_line(db):
    for args in (["questions", "show", "nope"], ["practice", "nope"], ["questions", "list", "--set", "x"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith("error: ") and result.output.count("\n") == 1, result.output


def test_a_bad_database_url_is_one_line_and_creates_nothing(tmp_path):
    missing = tmp_path / "no" / "such" / "folder"
    for args in (["progress", "--db", "nonsense://x"], ["progress", "--db", "not a url"],
                 ["practice", "--db", f"sqlite:///{missing / 'p.db'}"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith("error: ") and "Traceback" not in result.output
    assert not (tmp_path / "no").exists()
