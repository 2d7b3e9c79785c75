"""The /teach pages over real HTTP: who may see what, and the gradebook's CSV, JSON and late flags."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import httpx
from typer.testing import CliRunner

from mvcalc.cli import app as cli
from mvcalc.store import Store, accounts
from mvcalc.store.gradebook import gradebook

PASSWORD = "a-long-enough-password"


def _signed_in(tool, username: str) -> httpx.Client:
    client = httpx.Client(base_url=tool.url, timeout=30, follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/"})
    assert response.status_code == 303, response.text
    return client


def _class(store: Store) -> None:
    if accounts.find_class(store, "calc-d"):
        return
    for name, role in (("prof-d", "instructor"), ("prof-e", "instructor"), ("stu-d1", "learner"), ("stu-d2", "learner")):
        accounts.create_user(store, name, role, password=PASSWORD, display_name="=HYPERLINK(1)" if name == "stu-d2" else "")
    accounts.create_class(store, "calc-d", "Calculus D")
    accounts.create_class(store, "calc-e", "Calculus E")
    accounts.add_instructor(store, "calc-d", "prof-d")
    accounts.add_instructor(store, "calc-e", "prof-e")
    for who in ("stu-d1", "stu-d2"):
        accounts.enrol(store, "calc-d", who)
    store.record_assessment("stu-d1", "m1-assessment", 0.7, False)
    store.record_assessment("stu-d1", "m1-assessment", 0.95, True)
    store.record_assessment("stu-d2", "m1-assessment", 0.85, True)


def test_only_the_classes_instructor_sees_its_pages(tool, lti_db):
    store = Store(lti_db)
    _class(store)
    prof, other, student = _signed_in(tool, "prof-d"), _signed_in(tool, "prof-e"), _signed_in(tool, "stu-d1")
    for path in ("", "/questions", "/mistakes", "/gradebook", "/gradebook.csv", "/gradebook.json", "/students/stu-d1"):
        assert prof.get("/teach/calc-d" + path).status_code == 200, path
        assert other.get("/teach/calc-d" + path).status_code == 403, path
        assert student.get("/teach/calc-d" + path).status_code == 403, path
    assert student.get("/teach").status_code == 403
    assert prof.get("/teach/all").status_code == 403  # only an admin sees everyone
    assert prof.get("/teach/calc-d/students/prof-e").status_code == 404
    listing = prof.get("/teach").text
    assert "Calculus D" in listing and "Calculus E" not in listing


def test_the_gradebook_flags_late_best_scores_and_respects_extensions(tool, lti_db):
    store = Store(lti_db)
    _class(store)
    past = datetime.now(UTC) - timedelta(days=1)
    accounts.set_assessment_rules(store, "calc-d", "m1-assessment", due_at=past)
    accounts.set_extension(store, "calc-d", "m1-assessment", "stu-d2", datetime.now(UTC) + timedelta(days=3))
    book = gradebook(store, "calc-d")
    rows = {r["username"]: r for r in book.rows}
    assert rows["stu-d1"]["items"]["m1-assessment"]["best"] == 0.95
    assert rows["stu-d1"]["items"]["m1-assessment"]["late"] is True
    assert rows["stu-d2"]["items"]["m1-assessment"]["late"] is False
    assert set(rows) == {"stu-d1", "stu-d2"}
    csv_text = book.to_csv()
    assert "'=HYPERLINK(1)" in csv_text  # never a formula in a spreadsheet
    assert "stu-d1,,0.950,1," in csv_text
    accounts.set_assessment_rules(store, "calc-d", "m1-assessment", due_at=None)


def test_the_gradebook_command(lti_db):
    store = Store(lti_db)
    _class(store)
    runner = CliRunner()
    out = runner.invoke(cli, ["gradebook", "--class", "calc-d", "--json", "--db", lti_db])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [r["username"] for r in data["rows"]] == ["stu-d1", "stu-d2"]
    assert {"kind": "assessment", "id": "m1-assessment", "title": "Unleashing the toolbox"} in data["items"]
    out = runner.invoke(cli, ["gradebook", "--class", "calc-d", "--csv", "--db", lti_db])
    assert out.exit_code == 0 and out.output.splitlines()[0].startswith("username,display_name,")
    out = runner.invoke(cli, ["gradebook", "--class", "nope", "--db", lti_db])
    assert out.exit_code == 2 and "no class called 'nope'" in out.output
    out = runner.invoke(cli, ["gradebook", "--db", lti_db])
    assert out.exit_code == 0 and "Gradebook" in out.output


def test_the_heatmap_pages_a_large_class(tool, lti_db, monkeypatch):
    from mvcalc.web.routes import teach

    store = Store(lti_db)
    _class(store)
    monkeypatch.setattr(teach, "PAGE_SIZE", 1)
    prof = _signed_in(tool, "prof-d")
    first, second = prof.get("/teach/calc-d").text, prof.get("/teach/calc-d?page=2").text
    assert "2 students, 2 pages" in first
    assert "students/stu-d1" in first and "students/stu-d2" not in first
    assert "students/stu-d2" in second and prof.get("/teach/calc-d?page=99").status_code == 200


def test_the_student_page_shows_the_progress_the_student_sees(tool, lti_db):
    """One progress model: the instructor's view of a student and the student's own home page agree."""
    from mvcalc.exercises import grade, registry

    store = Store(lti_db)
    _class(store)
    q = registry.generate(registry.get_set("m2-s2-jacobian").generators[0], 41)
    store.record_attempt("stu-d1", q.id, "m2-s2-jacobian", q.seed, q.answer_text, grade(q, q.answer_text))
    prof, student = _signed_in(tool, "prof-d"), _signed_in(tool, "stu-d1")
    page = prof.get("/teach/calc-d/students/stu-d1").text
    home = student.get("/").text
    for number in range(1, 7):
        row = page.split(f'data-module="{number}"')[1].split("</tr>")[0]
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)][1:]
        card = home.split(f'id="module-{number}"')[1].split("</li>")[0]
        stats = {k: re.sub(r"<[^>]+>", "", v).strip() for k, v in re.findall(r'data-stat="(\w+)">(.*?)</dd>', card, re.S)}
        assert cells[0] == stats["lessons"] and cells[1] == stats["sets"], number
        assert stats["mastery"].endswith(cells[2]), number  # the card shows the meter's text before it
        assert cells[3] == stats.get("passed", "none in this module"), number
    practice_sets = sum(1 for s in registry.sets() if s.module == 2 and not s.graded)
    assert re.search(rf'data-module="2".*?<td>1 / {practice_sets}</td>', page, re.S)  # the Jacobian set, started
    assert re.search(r'data-module="1".*?<td>1 / 1</td></tr>', page, re.S)  # module 1's assessment, passed
