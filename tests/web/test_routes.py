"""Every route over real HTTP against `mvcalc serve` on loopback: pages, answers, CSRF, bad form data."""

from __future__ import annotations

import pytest

from mvcalc.course.loader import load_course
from mvcalc.exercises import letter
from mvcalc.exercises import registry as bank

COURSE = load_course()
PRACTICE = [s.id for s in bank.sets() if not s.graded and s.generators]
GRADED = [s.id for s in bank.sets() if s.graded and s.generators]


def _count(store, **kw) -> int:
    return len(store.attempts(None, limit=100000, **kw))


def test_health_is_static_json(client):
    response = client.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_home_lists_six_modules_and_where_to_continue(client):
    page = client.get("/").text
    for module in COURSE.modules:
        assert f'href="/modules/{module.number}"' in page and module.title in page
    assert 'class="continue"' in page and "Continue: " in page


@pytest.mark.parametrize("number", [m.number for m in COURSE.modules])
def test_module_pages_list_lessons_and_sets_in_order(client, number):
    page = client.get(f"/modules/{number}").text
    module = COURSE.module(number)
    positions = [page.index(f'href="{lesson.url}"') for lesson in module.lessons]
    assert positions == sorted(positions)
    for s in bank.sets():
        if s.module == number:
            assert f"/{'assessments' if s.graded else 'practice'}/{s.id}" in page


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.id)
def test_every_lesson_page_renders_its_blocks(client, lesson):
    response = client.get(lesson.url)
    assert response.status_code == 200, response.text[:500]
    page = response.text
    assert lesson.title.replace("'", "&#39;").replace('"', "&#34;") in page
    assert "error-message" not in page
    assert page.count('class="worked-example"') == len(lesson.examples)
    assert page.count('class="plot lesson-figure"') == len(lesson.figures)
    for practice in lesson.practices:
        assert f'href="/practice/{practice.set}"' in page
        if bank.get_set(practice.set).generators:
            assert f'action="/practice/{practice.set}"' in page


def test_welcome_page_shows_engine_steps_and_figure_data(client):
    page = client.get("/modules/1/lessons/welcome").text
    assert 'class="steps"' in page and r"\frac{d}{d x}" in page
    assert '<script type="application/json" class="figure-data">{"bbox"' in page
    assert "/static/vendor/jsxgraph/jsxgraphcore.js" in page and "/static/vendor/katex/katex.min.js" in page


@pytest.mark.parametrize("page", COURSE.pages, ids=lambda p: p.slug)
def test_content_pages_render_and_are_linked(client, page):
    response = client.get(page.url)
    assert response.status_code == 200 and page.title in response.text
    assert f'href="{page.url}"' in client.get("/").text


@pytest.mark.parametrize("set_id", PRACTICE)
def test_every_practice_set_shows_a_question(client, set_id):
    response = client.get(f"/practice/{set_id}")
    assert response.status_code == 200
    assert 'name="issued"' in response.text and 'name="csrf_token"' in response.text
    assert 'name="seed"' not in response.text and 'name="question"' not in response.text  # the server's variant


@pytest.mark.parametrize("set_id", GRADED)
def test_every_assessment_has_a_start_page_and_a_quiz(client, set_id):
    assert "Start the assessment" in client.get(f"/assessments/{set_id}").text
    start = client.post(f"/assessments/{set_id}/start")
    quiz = client.get(start.headers["location"])
    assert quiz.status_code == 200
    assert quiz.text.count('class="question"') == bank.get_set(set_id).length


@pytest.mark.parametrize(
    "path",
    [
        "/static/app.js",
        "/static/app.css",
        "/static/figures/plot.js",
        "/static/favicon.svg",
        "/static/vendor/katex/katex.min.js",
        "/static/vendor/katex/katex.min.css",
        "/static/vendor/jsxgraph/jsxgraphcore.js",
    ],
)
def test_assets_are_served_locally(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/modules/9", 404, "There is no module 9"),
        ("/modules/one", 422, "not filled in as expected"),
        ("/modules/1/lessons/nope", 404, "no lesson called"),
        ("/practice/nope", 404, "no practice set called"),
        ("/practice/m1-assessment", 404, "/assessments/m1-assessment"),
        ("/assessments/m1-s4-product-rule", 404, "/practice/m1-s4-product-rule"),
        ("/practice/m1-s4-product-rule?q=m1-product-linear&seed=x", 422, "seed"),
        ("/practice/m1-s4-product-rule?q=nope&seed=1", 404, "no question called"),
        ("/assessments/m1-assessment/take/nope", 404, "no such assessment attempt"),
        ("/no/such/page", 404, "no page at this address"),
        ("/pages/nope", 404, "no page called"),
    ],
)
def test_bad_addresses_get_a_clear_page(client, path, status, text):
    response = client.get(path)
    assert response.status_code == status
    assert text in response.text
    assert "Traceback" not in response.text


def _question(set_id="m1-s4-product-rule", generator="m1-product-linear", seed=11):
    return bank.get(generator).generate(seed)


def test_a_right_answer_is_recorded_then_shown(client, store):
    q = _question()
    before = _count(store, question_id=q.id)
    response = client.post("/practice/m1-s4-product-rule", {"question": q.id, "seed": q.seed, "answer": q.answer_text})
    assert response.status_code == 200
    assert "verdict correct" in response.text and "Worked solution" in response.text
    assert _count(store, question_id=q.id) == before + 1
    assert store.attempts(question_id=q.id, limit=1)[0]["status"] == "correct"


def test_a_wrong_answer_names_the_mistake_but_never_gives_the_answer(client, store):
    q = _question(seed=12)  # a variant no other test solves (a solved variant shows its solution)
    mistake = q.buggy[0]
    response = client.post(
        "/practice/m1-s4-product-rule",
        {"question": q.id, "seed": q.seed, "answer": str(mistake.answer), "hints_used": "1"},
        headers={"Accept": "application/json"},
    )
    data = response.json()
    assert data["ok"] and data["grade"]["status"] == "incorrect"
    assert data["grade"]["diagnosis"]["rule"] == mistake.rule
    assert data["answer_latex"] is None and data["solution_html"] is None and data["solution"] == "on_request"
    last = store.attempts(question_id=q.id, limit=1)[0]
    assert (last["diagnosis"], last["hints_used"]) == (mistake.rule, 1)


def test_matrix_answers_from_the_grid(client, store):
    info = bank.get_set("m2-s3-bigger-jacobians")
    generator = next(g for g in info.generators if bank.get(g).META.kind == "matrix")
    q = bank.get(generator).generate(3)
    rows, cols = q.answer.shape
    cells = [str(q.answer[r, c]) for r in range(rows) for c in range(cols)]
    response = client.http.post(
        "/practice/m2-s3-bigger-jacobians",
        data={"csrf_token": client.token, "question": q.id, "seed": str(q.seed), "answer": "", "cell": cells},
        headers={"Accept": "application/json"},
    )
    assert response.json()["grade"]["status"] == "correct"


def test_choice_answers(client):
    info = bank.get_set("m1-s1-matching-functions")
    q = bank.get(info.generators[0]).generate(5)
    chosen = [letter(i) for i in sorted(q.answer)] if q.kind == "multichoice" else letter(q.answer)
    response = client.post(
        "/practice/m1-s1-matching-functions",
        {"question": q.id, "seed": q.seed, "choice": chosen},
        headers={"Accept": "application/json"},
    )
    assert response.json()["grade"]["status"] == "correct"
    two = client.post("/practice/m1-s1-matching-functions", {"question": q.id, "seed": q.seed, "choice": ["A", "B"]})
    assert two.status_code == 400 if q.kind != "multichoice" else two.status_code == 200


@pytest.mark.parametrize(
    ("form", "status", "text"),
    [
        ({"seed": "1", "answer": "x"}, 400, "no question called"),
        ({"question": "m1-product-linear", "seed": "one", "answer": "x"}, 400, "seed must be a whole number"),
        ({"question": "m1-product-linear", "seed": "-5", "answer": "x"}, 400, "out of range"),
        ({"question": "m1-product-linear", "answer": "x"}, 400, "seed must be a whole number"),
        ({"question": "m1-chain-exp-poly", "seed": "1", "answer": "x"}, 400, "not in set"),
        ({"question": "m1-product-linear", "seed": "1", "answer": "x", "hints_used": "lots"}, 400, "hints_used"),
    ],
)
def test_bad_answer_forms_get_a_4xx_and_store_nothing(client, store, form, status, text):
    before = _count(store)
    response = client.post("/practice/m1-s4-product-rule", form)
    assert response.status_code == status
    assert text in response.text and "Traceback" not in response.text
    assert _count(store) == before


def test_posts_without_the_csrf_token_are_refused(live, client, store):
    q = _question()
    before = _count(store)
    form = {"question": q.id, "seed": q.seed, "answer": q.answer_text}
    assert client.post("/practice/m1-s4-product-rule", form, token=False).status_code == 403
    assert client.post("/practice/m1-s4-product-rule", {**form, "csrf_token": "forged"}).status_code == 403
    import httpx

    fresh = httpx.post(f"{live.url}/practice/m1-s4-product-rule", data={**form, "csrf_token": client.token})
    assert fresh.status_code == 403 and "reload the page" in fresh.text
    assert _count(store) == before


def test_cross_origin_and_foreign_host_requests_are_refused(client, store):
    q = _question()
    before = _count(store)
    form = {"question": q.id, "seed": q.seed, "answer": q.answer_text}
    evil = client.post("/practice/m1-s4-product-rule", form, headers={"Origin": "http://evil.example"})
    assert evil.status_code == 403 and "Cross-site" in evil.text
    null = client.post("/practice/m1-s4-product-rule", form, headers={"Origin": "null"})
    assert null.status_code == 403
    assert client.http.get("/", headers={"Host": "rebind.example:8000"}).status_code == 400
    assert _count(store) == before
    same = client.post("/practice/m1-s4-product-rule", form, headers={"Origin": str(client.http.base_url).rstrip("/")})
    assert same.status_code == 200


def test_preview_reads_with_the_servers_parser(client):
    headers = {"X-CSRF-Token": client.token}
    ok = client.http.post("/api/preview", json={"text": "2xy", "variables": ["x", "y"]}, headers=headers).json()
    assert ok["ok"] and "x" in ok["latex"] and ok["notes"]
    bad = client.http.post("/api/preview", json={"text": "2x +", "variables": ["x"]}, headers=headers).json()
    assert bad["ok"] is False and bad["message"] and bad["column"]
    empty = client.http.post("/api/preview", json={"text": "  "}, headers=headers).json()
    assert empty["empty"]
    long = client.http.post("/api/preview", json={"text": "x+" * 2000}, headers=headers).json()
    assert long["ok"] is False and "too long" in long["message"]


def test_preview_typesets_general_terms_with_integer_variables(client):
    headers = {"X-CSRF-Token": client.token}
    body = {"text": "(-1)^n x^n/(n+1)! + binomial(n, 2)", "variables": ["x", "n"], "integers": ["n"]}
    ok = client.http.post("/api/preview", json=body, headers=headers).json()
    assert ok["ok"] and r"\left(n + 1\right)!" in ok["latex"] and r"\binom{n}{2}" in ok["latex"]
    real = client.http.post("/api/preview", json={**body, "integers": None}, headers=headers).json()
    assert real["ok"] is False and "integer variable" in real["message"]
    odd = client.http.post("/api/preview", json={**body, "integers": [3]}, headers=headers)
    assert odd.status_code == 400


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        ('{"text": "x"}', {"Content-Type": "application/json"}, 403),
        ("not json", {"Content-Type": "application/json", "X-CSRF-Token": "TOKEN"}, 400),
        ('{"text": 5}', {"Content-Type": "application/json", "X-CSRF-Token": "TOKEN"}, 400),
        ('{"text": "x", "variables": "x"}', {"Content-Type": "application/json", "X-CSRF-Token": "TOKEN"}, 200),
        ('{"text": "x", "variables": [1]}', {"Content-Type": "application/json", "X-CSRF-Token": "TOKEN"}, 400),
    ],
)
def test_bad_preview_requests(client, body, headers, status):
    headers = {k: v.replace("TOKEN", client.token) for k, v in headers.items()}
    response = client.http.post("/api/preview", content=body, headers=headers)
    assert response.status_code == status
    assert response.json()["ok"] is (status == 200)


def _quiz_form(set_id: str, seed: int, right: bool = True) -> dict:
    body: dict = {}
    for i, q in enumerate(bank.assessment(set_id, seed)):
        if q.kind in ("choice", "graph"):
            body[f"q{i}-choice"] = letter(q.answer) if right else letter((q.answer + 1) % len(q.choices))
        elif q.kind == "multichoice":
            body[f"q{i}-choice"] = [letter(k) for k in sorted(q.answer)]
        else:
            body[f"q{i}-answer"] = q.answer_text if right else "0"
    return body


def _start_quiz(client, store, set_id: str = "m1-assessment") -> tuple[str, int]:
    """(attempt id, seed) of a new attempt; the seed is read from the store, the page never shows it."""
    start = client.post(f"/assessments/{set_id}/start")
    assert start.status_code == 303
    location = start.headers["location"]
    assert location.startswith(f"/assessments/{set_id}/take/")
    key = location.rsplit("/", 1)[1]
    page = client.get(location)
    assert page.status_code == 200 and 'name="seed"' not in page.text
    return key, store.assessment_attempt(key, "local")["seed"]


def test_an_assessment_is_started_taken_scored_and_recorded(client, store):
    key, seed = _start_quiz(client, store)
    before = len(store.assessments(assessment_id="m1-assessment"))
    form = {"csrf_token": client.token, "attempt": key, **_quiz_form("m1-assessment", seed)}
    result = client.http.post("/assessments/m1-assessment", data=form)
    assert result.status_code == 200 and "passed" in result.text and "100 %" in result.text
    rows = store.assessments(assessment_id="m1-assessment")
    assert len(rows) == before + 1 and rows[0]["passed"] and rows[0]["score"] == 1.0
    again = client.http.post("/assessments/m1-assessment", data=form)
    assert again.status_code == 409 and "submitted already" in again.text
    assert client.get(f"/assessments/m1-assessment/take/{key}").status_code == 409
    assert len(store.assessments(assessment_id="m1-assessment")) == before + 1
    key, seed = _start_quiz(client, store)
    wrong = client.http.post(
        "/assessments/m1-assessment",
        data={"csrf_token": client.token, "attempt": key, **_quiz_form("m1-assessment", seed, right=False)},
    )
    assert "not passed" in wrong.text
    assert store.assessments(assessment_id="m1-assessment")[0]["passed"] is False
    assert "passed" in client.get("/modules/1").text


@pytest.mark.parametrize(
    ("form", "text"),
    [({"attempt": "x"}, "no such assessment attempt"), ({"seed": "7"}, "names no assessment attempt"),
     ({}, "names no assessment attempt")],
)
def test_bad_assessment_forms_store_nothing(client, store, form, text):
    before = len(store.assessments(assessment_id="m1-assessment"))
    response = client.post("/assessments/m1-assessment", form)
    assert response.status_code in (400, 404) and text in response.text
    assert len(store.assessments(assessment_id="m1-assessment")) == before


def test_progress_shows_on_home_and_module_pages(client, store):
    from .practice_forms import issued_question

    key, q = issued_question(client, store, "m1-s4-product-rule")
    client.post("/practice/m1-s4-product-rule", {"issued": key, "answer": q.answer_text})
    home = client.get("/").text
    assert "Continue: " in home
    module = client.get("/modules/1").text
    row = module.split('data-set="m1-s4-product-rule"')[1].split("</li>")[0]
    assert "answered" in row and "mastery" in row and "not started" not in row
    row = module.split('data-skill="product-rule"')[1].split("</tr>")[0]
    assert "<meter" in row and "not practised" not in row


def test_the_next_question_follows_mastery(client, store):
    from mvcalc.web import questions

    info = bank.get_set("m1-s4-product-rule")
    weakest = {g: bank.get(g).META.skills for g in info.generators}
    mastery = {skill: 0.99 for skills in weakest.values() for skill in skills}
    shaky = next(g for g, skills in weakest.items() if "quotient-rule" in skills)
    mastery["quotient-rule"] = 0.1
    picked = {questions.pick(info.id, mastery, [])[0] for _ in range(10)}
    assert picked == {shaky}
    page = client.get(f"/practice/{info.id}").text
    key = page.split('name="issued" value="')[1].split('"')[0]
    assert store.issued_question(key, "local")["question_id"] in info.generators
