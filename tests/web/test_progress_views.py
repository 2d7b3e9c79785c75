"""One scripted history, written through the store's API on SQLite and PostgreSQL: the home page,
the module pages, `mvcalc progress --json` and its text all say what the progress model says."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mvcalc.cli import app as cli
from mvcalc.course.loader import load_course
from mvcalc.exercises import grade, registry
from mvcalc.store import api as store_api
from mvcalc.store.api import Store
from mvcalc.web import progress
from mvcalc.web.app import Settings, create_app

COURSE = load_course()
PASSWORD = "a-long-enough-password"
runner = CliRunner()


def _lesson_question(lesson_id: str, index: int = 0):
    lesson = COURSE.lesson_by_id(lesson_id)
    block = lesson.practices[0]
    ids = registry.get_set(block.set).generators
    seed = block.seeds(lesson_id)[index]
    return block.set, registry.generate(ids[index % len(ids)], seed)


def _practice_question(set_id: str, seed: int, k: int = 0):
    return set_id, registry.generate(registry.get_set(set_id).generators[k], seed)


def _answer(store, set_and_question, right: bool, hints: int = 0, learner: str = "local") -> None:
    set_id, q = set_and_question
    text = q.answer_text if right else "x + 12345"
    if q.kind in ("choice", "graph"):
        text = "ABCD"[q.answer] if right else "ABCD"[(q.answer + 1) % 4]
    verdict = grade(q, text)
    assert verdict.status == ("correct" if right else "incorrect"), (q.id, text, verdict.status)
    store.record_attempt(learner, q.id, set_id, q.seed, text, verdict, hints)


def _write_history(store, learner: str, monkeypatch) -> None:
    """Ten days of a learner's work in modules 1 and 2, each write at its own (past) time."""
    start = datetime.now(UTC) - timedelta(days=10)
    clock = {"now": start}
    monkeypatch.setattr(store_api, "now", lambda: clock["now"])

    def at(days: float) -> None:
        clock["now"] = start + timedelta(days=days)

    def answer(set_and_question, right: bool, hints: int = 0) -> None:
        _answer(store, set_and_question, right, hints, learner)

    at(0)
    answer(_lesson_question("m1-welcome"), right=True)                         # read and practised
    answer(_practice_question("m1-s3-differentiate", 11), right=False)
    at(0.01)
    answer(_practice_question("m1-s3-differentiate", 11), right=True)          # the same variant: Again
    answer(_practice_question("m1-s3-differentiate", 12), right=True, hints=1)
    at(1)
    answer(_lesson_question("m1-product-rule"), right=True)
    at(2)
    store.record_assessment(learner, "m1-assessment", 0.6, False, [])
    store.record_assessment(learner, "m1-assessment", 0.9, True, [])
    at(3)
    answer(_practice_question("m2-s2-jacobian", 5), right=False)
    monkeypatch.undo()


@pytest.fixture
def scripted(database_url, monkeypatch):
    store = Store(database_url)
    _write_history(store, "local", monkeypatch)
    return store


def _stats(html: str) -> dict[str, str]:
    return {k: re.sub(r"<[^>]+>", "", v).strip() for k, v in re.findall(r'data-stat="(\w+)">(.*?)</dd>', html, re.S)}


def _percent(value: float | None) -> str:
    return "not started" if value is None else f"{round(100 * value)} %"


def _expected_stats(m) -> dict[str, str]:
    found = {"lessons": f"{m.lessons_done} / {len(m.lessons)}", "sets": f"{m.sets_started} / {len(m.sets)}",
             "mastery": _percent(m.mastery)}
    if m.assessments:
        found["passed"] = f"{m.assessments_passed} / {len(m.assessments)}"
    if m.mastery is not None:  # the meter's fallback text and the figure beside it
        found["mastery"] = f"{_percent(m.mastery)} {_percent(m.mastery)}"
    return found


def test_home_module_pages_and_the_cli_agree(scripted, database_url):
    summary = progress.summary(scripted, "local", COURSE)
    m1, m2, m6 = summary.module(1), summary.module(2), summary.module(6)
    # what the script should give, by the rules
    assert (m1.lessons_done, m1.sets_started, m1.assessments_passed) == (2, 3, 1)
    assert m1.set("m1-s3-differentiate").answers == 3 and m1.set("m1-s2-graph-derivative").mastery is None
    assert (m2.sets_started, m2.lessons_done) == (1, 0) and m6.mastery is None and not m6.assessments
    assert summary.next.url == "/modules/1/lessons/functions"  # the first lesson not done
    assert summary.due, "ten days on, what was practised is due"

    with TestClient(create_app(Settings(database_url=database_url)), base_url="http://127.0.0.1") as http:
        home = http.get("/").text
        for m in summary.modules:
            card = home.split(f'id="module-{m.number}"')[1].split("</li>")[0]
            assert _stats(card) == _expected_stats(m), m.number
        assert f'href="{summary.next.url}">Continue: {summary.next.title}</a>' in home
        due_html = home.split('id="due"')[1].split("</section>")[0]
        assert re.findall(r'data-skill="([^"]+)"', due_html) == [d.skill for d in summary.due[:10]]
        assert (f"and {len(summary.due) - 10} more" in due_html) == (len(summary.due) > 10)
        for d in summary.due[:10]:
            assert f'href="{d.url.replace("&", "&amp;")}"' in due_html
        for m in summary.modules:
            page = http.get(m.url).text
            assert _stats(page.split("<main")[1]) == _expected_stats(m)
            done = dict(re.findall(r'data-lesson="([^"]+)" data-done="(\w+)"', page))
            assert done == {lesson.id: "yes" if lesson.done else "no" for lesson in m.lessons}
            for s in m.sets:
                row = page.split(f'data-set="{s.id}"')[1].split("</li>")[0]
                if s.mastery is None:
                    assert "not started" in row
                else:
                    assert f"{s.answers} answered, {s.right} right, mastery {_percent(s.mastery)}" in row

    data = json.loads(runner.invoke(cli, ["progress", "--json", "--db", database_url]).output)
    assert data["next"] == summary.next.to_dict()
    assert [d["skill"] for d in data["due"]] == [d.skill for d in summary.due]
    assert [d["url"] for d in data["due"]] == [d.url for d in summary.due]
    for got, m in zip(data["modules"], summary.modules, strict=True):
        want = m.to_dict()
        for key in ("lessons_done", "sets_started", "assessments_passed", "assessments_total", "lessons", "sets",
                    "assessments"):
            assert got[key] == want[key], (m.number, key)
        assert got["mastery"] == pytest.approx(want["mastery"])

    text = runner.invoke(cli, ["progress", "--db", database_url], env={"COLUMNS": "200"}).output
    assert f"Continue: {summary.next.title} (module 1, {summary.next.reason})" in text
    for d in summary.due:
        assert d.name in text.split("Due for review")[1].split("\n")[0]
    for m in summary.modules:
        line = (f"lessons done {m.lessons_done} / {len(m.lessons)} · practice sets started {m.sets_started} / "
                f"{len(m.sets)} · mastery {_percent(m.mastery)}")
        section = text.split(f"Module {m.number}: {m.title}")[1].split(f"Module {m.number + 1}: ")[0]
        assert line in section, m.number
        assert ("assessments passed" in section) == bool(m.assessments)


def test_practice_with_no_target_reviews_what_is_due_then_it_is_no_longer_due(scripted, database_url):
    summary = progress.summary(scripted, "local", COURSE)
    first = summary.due[0]
    q = registry.generate(first.question_id, first.seed)
    script = (q.answer_text if q.kind not in ("choice", "graph") else "ABCD"[q.answer]) + "\nq\n"
    result = runner.invoke(cli, ["practice", "--db", database_url], input=script, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Due for review" in result.output and f"({q.id}, seed {q.seed})" in result.output
    last = scripted.attempts(limit=1)[0]
    assert (last["question_id"], last["seed"], last["set_id"], last["status"]) == (q.id, q.seed, first.set_id, "correct")
    after = progress.summary(scripted, "local", COURSE)
    assert first.skill not in [d.skill for d in after.due]


def test_with_nothing_due_practice_with_no_target_runs_the_next_items_set(database_url):
    result = runner.invoke(cli, ["practice", "--db", database_url, "-n", "1", "--seed", "3"], input="q\n",
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    first = COURSE.lessons[0]
    assert f"Next in the course: {first.title} (module 1, not read yet" in result.output
    assert f"({first.practices[0].set})" in result.output


def _signed_in(app, username: str) -> TestClient:
    http = TestClient(app, base_url="http://127.0.0.1")
    token = re.search(r'name="csrf-token" content="([^"]+)"', http.get("/login").text).group(1)
    response = http.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/"},
                         follow_redirects=False)
    assert response.status_code == 303, response.text
    return http


def _cells(row_html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row_html, re.S)]


def test_the_instructors_views_say_what_the_learners_own_pages_say(database_url, monkeypatch):
    """With accounts on, the scripted history written for a student of a class, and a classmate who has done
    nothing: the student's home page, the instructor's page of that student (per module, next step, reviews due),
    the class heatmap and the gradebook page all give the progress model's figures, "not started" included."""
    from mvcalc.store import accounts

    store = Store(database_url)
    if not accounts.find_class(store, "calc-p"):
        for name, role in (("prof-p", "instructor"), ("stu-p", "learner"), ("stu-q", "learner")):
            accounts.create_user(store, name, role, password=PASSWORD)
        accounts.create_class(store, "calc-p", "Calculus P")
        accounts.add_instructor(store, "calc-p", "prof-p")
        accounts.enrol(store, "calc-p", "stu-p")
        accounts.enrol(store, "calc-p", "stu-q")
    _write_history(store, "stu-p", monkeypatch)
    summaries = {who: progress.summary(store, who, COURSE) for who in ("stu-p", "stu-q")}
    summary = summaries["stu-p"]
    assert summary.module(1).lessons_done == 2 and summary.module(6).mastery is None and summary.due
    assert all(m.mastery is None for m in summaries["stu-q"].modules)

    app = create_app(Settings(database_url=database_url, accounts=True))
    student, prof = _signed_in(app, "stu-p"), _signed_in(app, "prof-p")
    home = student.get("/").text
    for m in summary.modules:
        card = home.split(f'id="module-{m.number}"')[1].split("</li>")[0]
        assert _stats(card) == _expected_stats(m), m.number
    assert f'href="{summary.next.url}">Continue: {summary.next.title}</a>' in home

    page = prof.get("/teach/calc-p/students/stu-p").text
    for m in summary.modules:
        row = page.split(f'<tr data-module="{m.number}">')[1].split("</tr>")[0]
        passed = f"{m.assessments_passed} / {len(m.assessments)}" if m.assessments else "none in this module"
        assert _cells(row) == [f"{m.number}. {m.title}", f"{m.lessons_done} / {len(m.lessons)}",
                               f"{m.sets_started} / {len(m.sets)}", _percent(m.mastery), passed], m.number
    next_step = html.unescape(page.split('id="student-next"')[1].split("</p>")[0])
    assert f'<a href="{summary.next.url}">{summary.next.title}</a> ({summary.next.reason})' in next_step
    assert re.findall(r'data-skill="([^"]+)"', next_step) == [d.skill for d in summary.due]

    heatmap = prof.get("/teach/calc-p").text.split('id="module-mastery"')[1].split("</table>")[0]
    book = prof.get("/teach/calc-p/gradebook").text.split('id="gradebook"')[1].split("</table>")[0]
    modules = [m.number for m in summary.modules]
    for who, s in summaries.items():
        want = [_percent(s.module(n).mastery) for n in modules]
        row = heatmap.split(f"/students/{who}\"")[1].split("</tr>")[0]
        assert _cells(row) == want, who
        row = book.split(f"/students/{who}\"")[1].split("</tr>")[0]
        assert _cells(row)[-len(modules):] == want, who
