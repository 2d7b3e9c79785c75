"""The terminal session, driven with scripted input; progress and the authors' commands."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner
from wrong_answers import a_wrong_answer

from mvcalc.cli import app
from mvcalc.exercises import letter, registry
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


# ---------------------------------------------------------------- the reveal policy in the terminal


class _FixedRandom:
    """Stands in for SystemRandom: the session's base seed is known, but not chosen with --seed."""

    def __init__(self, *args) -> None:
        pass

    def randrange(self, *args) -> int:
        return 31


def test_one_wrong_try_shows_no_solution_two_offer_it_and_bang_gives_it(db):
    q = _first_question("m1-product-linear", 5)
    wrong = "x + 12345"
    one = runner.invoke(app, ["practice", q.id, "-n", "1", "--seed", "5"], input=f"{wrong}\nq\n")
    assert one.exit_code == 0, one.output
    assert "Worked solution" not in one.output and "Still stuck" not in one.output
    assert q.answer_text not in one.output
    two = runner.invoke(app, ["practice", q.id, "-n", "1", "--seed", "5"], input=f"{wrong}\n{wrong}\n!\nq\n")
    assert "Still stuck after two tries? ! shows the worked solution" in two.output
    before_bang = two.output.split("Still stuck")[0]
    assert "Worked solution" not in before_bang and "Worked solution" in two.output
    (issued,) = [r for r in Store(db).recent_issued("local", q.set)[:1]]
    assert issued["seed"] == 5


def test_the_solution_on_request_stops_the_question_counting(db, monkeypatch):
    import mvcalc.cli.practice as cli

    monkeypatch.setattr(cli.random, "SystemRandom", _FixedRandom)
    q = _first_question("m1-product-linear", 31)
    result = runner.invoke(app, ["practice", q.id, "-n", "2"], input=f"!\n{q.answer_text}\n{q.answer_text}\n")
    assert result.exit_code == 0, result.output
    assert "no longer counts toward your mastery" in result.output
    store = Store(db)
    first, = store.attempts(question_id=q.id, limit=1000)[-1:]
    assert first["seed"] == 31 and first["solution_viewed"] is True and first["status"] == "correct"
    second = store.attempts(limit=1)[0]
    assert second["seed"] == 32 and second["solution_viewed"] is False
    # only the second question (a fresh variant: the same text is wrong there) moved mastery, once
    from mvcalc.exercises import mastery as bkt

    once = bkt.observe(None, second["status"], q.kind)
    assert store.mastery() and all(abs(p - once) < 1e-12 for p in store.mastery().values()), store.mastery()


def test_a_chosen_seed_is_practice_that_never_counts(db):
    q = _first_question("m1-product-linear", 6)
    runner.invoke(app, ["practice", q.id, "-n", "1", "--seed", "6"], input=f"{q.answer_text}\n")
    store = Store(db)
    assert store.attempts()[0]["status"] == "correct" and store.mastery() == {}


def test_an_assessment_shows_no_verdict_until_the_end(db):
    info = registry.get_set("m5-assessment-optimisation-scenarios")
    quiz = registry.assessment(info.id, 7)
    first = quiz[0]
    assert first.kind == "choice"
    wrong = letter((first.answer + 1) % len(first.choices))
    script = wrong + "\n" + "".join(q.answer_text + "\n" for q in quiz[1:])
    result = runner.invoke(app, ["practice", info.id, "--seed", "7"], input=script)
    assert result.exit_code == 0, result.output
    assert result.output.count("Saved.") == len(quiz)
    before_end = result.output.rsplit("Saved.", 1)[0]
    assert "CORRECT" not in before_end and "Answer:" not in before_end
    after_end = result.output.rsplit("Saved.", 1)[1]
    assert "INCORRECT" in after_end and "Answer:" in after_end and "80%" in after_end


def test_a_first_wrong_answer_to_every_practice_generator_shows_neither_answer_nor_solution(db):
    """The terminal side of the done-when test: each practice generator (seed 0), one wrong try, then
    quit. After the verdict: no worked solution, no "Answer:", no offer yet, and the reference
    answer in none of the forms the terminal prints it (its text, its Unicode maths)."""
    from mvcalc.exercises.model import answer_latex
    from mvcalc.exercises.terminal_text import unicode_math

    practice = [gid for s in registry.sets() if not s.graded for gid in s.generators]
    for gid in practice:
        q = registry.generate(gid, 0)
        result = runner.invoke(app, ["practice", gid, "-n", "1", "--seed", "0"], input=f"{a_wrong_answer(q)}\nq\n")
        assert result.exit_code == 0, (gid, result.output[-500:])
        assert re.search(r"INCORRECT|PARTLY RIGHT", result.output), (gid, result.output[-500:])
        told = result.output.split("answer>", 1)[1]  # what came after the question ...
        told = re.sub(r"Read as:.*\n", "", told)  # ... but the learner's own answer echoed
        assert "Worked solution" not in told and "Answer:" not in told and "Still stuck" not in told, gid
        if q.kind in ("choice", "graph"):
            forms = [unicode_math(q.choices[q.answer].text)]
        elif q.kind == "multichoice":
            forms = []  # several right options: "1 right option not picked" names none of them
        else:
            forms = [q.answer_text, unicode_math(answer_latex(q))]
        for form in forms:
            assert len(form) < 3 or form not in told, (gid, form, told[-600:])
