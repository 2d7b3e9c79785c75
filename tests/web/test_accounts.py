"""Accounts mode over real HTTP (`mvcalc serve --accounts`): sign-in, sessions, throttling, who may
read and change what, assessment attempts within a class's rules, and the security headers."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.routing import Route

from mvcalc.exercises import registry as bank
from mvcalc.store import Store
from mvcalc.store import accounts as acc
from mvcalc.web.auth import SESSION_COOKIE, is_public

from .accounts_fixtures import PASSWORDS, Browser, seed_class
from .server import LiveServer
from .test_routes import _quiz_form

TEMPLATES = Path(__file__).parents[2] / "src" / "mvcalc" / "web" / "templates"


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('accounts') / 'class.sqlite3'}"
    seed_class(Store(url))
    server = LiveServer(url, ("--accounts",)).start()
    yield server, Store(url)
    server.stop()


@pytest.fixture
def browser(hosted):
    b = Browser(hosted[0].url)
    yield b
    b.close()


@pytest.fixture
def class_store(hosted) -> Store:
    return hosted[1]


def _signed_in(hosted, name: str) -> Browser:
    b = Browser(hosted[0].url)
    response = b.sign_in(name)
    assert response.status_code == 303, response.text
    return b


# ---------------------------------------------------------------- every route needs a user


def _flatten(routes, prefix: str = ""):
    """(path, methods) of every route, through included routers (FastAPI wraps them lazily)."""
    for route in routes:
        if hasattr(route, "original_router"):
            yield from _flatten(route.original_router.routes, prefix + route.include_context.prefix)
        elif isinstance(route, Route):
            yield prefix + route.path, route.methods


def _app_routes():
    from mvcalc.web.app import Settings, create_app

    app = create_app(Settings(database_url="sqlite://", accounts=True))
    return list(_flatten(app.routes))


def _sample(path: str) -> str:
    values = {"set_id": "m1-assessment", "number": "1", "slug": "notation", "key": "abc", "level": "intro"}
    return re.sub(r"\{(\w+)(:[^}]*)?\}", lambda m: values.get(m.group(1), "1"), path)


ROUTES = [(method, path) for path, methods in _app_routes() for method in sorted(methods - {"HEAD"})]


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_every_route_but_the_public_ones_needs_a_signed_in_user(browser, method, path):
    browser.get("/login")
    url = _sample(path)
    if method == "GET":
        response = browser.http.get(url)
    else:
        response = browser.http.post(url, data={"csrf_token": browser.token}, headers={"Accept": "application/json"})
    if is_public(path):
        assert "Sign in first." not in response.text
        assert not response.headers.get("location", "").startswith("/login?next=")
    elif method == "GET" and not path.startswith("/api/"):
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
    else:
        assert response.status_code == 401 and response.json()["error"] == "Sign in first."


def test_health_static_and_login_are_public_and_the_next_page_is_kept(browser):
    assert browser.get("/health").status_code == 200
    assert browser.get("/static/app.css").status_code == 200
    assert "Sign in" in browser.get("/login").text
    response = browser.get("/modules/2?x=1")
    assert response.headers["location"] == "/login?next=%2Fmodules%2F2%3Fx%3D1"
    signed = browser.sign_in("ann", next="/modules/2")
    assert signed.headers["location"] == "/modules/2"
    assert browser.sign_in("ann", next="https://evil.example/").headers["location"] == "/"
    assert browser.sign_in("ann", next="//evil.example/").headers["location"] == "/"


# ---------------------------------------------------------------- signing in and out


def test_sign_in_sets_a_fresh_http_only_session_and_never_echoes_the_password(browser):
    browser.get("/login")
    wrong = browser.post("/login", {"username": "bea", "password": "not-her-password-1"})
    assert wrong.status_code == 401 and "Wrong username or password." in wrong.text
    assert "not-her-password-1" not in wrong.text
    planted = "attacker-chosen-session-token-0123456789"
    browser.http.cookies.set(SESSION_COOKIE, planted, domain="127.0.0.1")
    browser.get("/login")
    right = browser.post("/login", {"username": "bea", "password": PASSWORDS["bea"]})
    assert right.status_code == 303
    cookie = right.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    token = browser.http.cookies.get(SESSION_COOKIE)
    assert token and token != planted  # session fixation: a new id at sign-in
    assert PASSWORDS["bea"] not in right.text and PASSWORDS["bea"] not in right.headers.get("location", "")
    page = browser.get("/")
    assert page.status_code == 200 and "Bea" in page.text and "Sign out" in page.text
    again = Browser(browser.http.base_url)
    again.sign_in("bea")
    assert again.http.cookies.get(SESSION_COOKIE) != token  # every sign-in is a new session
    again.close()


def test_sign_out_ends_the_session_everywhere(hosted):
    b = _signed_in(hosted, "bea")
    token = b.http.cookies.get(SESSION_COOKIE)
    out = b.post("/logout")
    assert out.status_code == 303 and out.headers["location"] == "/login"
    other = Browser(hosted[0].url)
    other.http.cookies.set(SESSION_COOKIE, token, domain="127.0.0.1")  # the old token, replayed
    assert other.get("/").status_code == 303
    b.close()
    other.close()


def test_repeated_failures_are_throttled_with_retry_after(browser):
    browser.get("/login")
    for _ in range(acc.MAX_FAILURES_PER_USER):
        assert browser.post("/login", {"username": "tess", "password": "guess-guess"}).status_code == 401
    blocked = browser.post("/login", {"username": "tess", "password": PASSWORDS["tess"]})
    assert blocked.status_code == 429 and "Too many failed sign-ins" in blocked.text
    assert int(blocked.headers["retry-after"]) > 0


def test_sign_in_without_the_csrf_token_is_refused(browser):
    browser.get("/login")
    response = browser.http.post("/login", data={"username": "ann", "password": PASSWORDS["ann"]})
    assert response.status_code == 403


def test_a_rostered_student_joins_with_the_join_code_and_is_signed_in(hosted, class_store):
    acc.create_user(class_store, "newbie")  # from the roster: no password yet
    b = Browser(hosted[0].url)
    b.get("/join")
    bad = b.post("/join", {"code": "WRONG", "username": "newbie", "password": "long-enough-pw",
                           "again": "long-enough-pw"})
    assert bad.status_code == 400 and "No class has that join code" in bad.text
    differ = b.post("/join", {"code": "mmljoin1", "username": "newbie", "password": "long-enough-pw",
                              "again": "other-password"})
    assert differ.status_code == 400 and "differ" in differ.text
    joined = b.post("/join", {"code": "mmljoin1", "username": "newbie", "password": "long-enough-pw",
                              "again": "long-enough-pw"})
    assert joined.status_code == 303 and b.http.cookies.get(SESSION_COOKIE)
    assert "newbie" in [u.username for u in acc.users_in_class(class_store, "mml")]
    assert "Maths for ML" in b.get("/account").text
    b.close()


# ---------------------------------------------------------------- each learner's own records


def test_practice_is_recorded_for_the_signed_in_learner_only(hosted, class_store):
    ann, bea = _signed_in(hosted, "ann"), _signed_in(hosted, "bea")
    q = bank.get("m1-product-linear").generate(11)
    before = len(class_store.attempts("bea", question_id=q.id))
    response = ann.post("/practice/m1-s4-product-rule", {"question": q.id, "seed": q.seed, "answer": q.answer_text})
    assert response.status_code == 200 and "verdict correct" in response.text
    assert class_store.attempts("ann", question_id=q.id, limit=1)[0]["status"] == "correct"
    assert len(class_store.attempts("bea", question_id=q.id)) == before
    assert class_store.attempts("local", question_id=q.id) == []
    ann.close()
    bea.close()


def _post_json(b: Browser, path: str, body: dict):
    return b.http.post(path, content=json.dumps(body), headers={
        "Accept": "application/json", "Content-Type": "application/json", "X-CSRF-Token": b.token})


def test_a_sandpit_round_belongs_to_its_player(hosted):
    ann, bea = _signed_in(hosted, "ann"), _signed_in(hosted, "bea")
    started = _post_json(ann, "/api/sandpit/rounds", {"level": "intro"}).json()
    key = started["round"]
    assert _post_json(bea, f"/api/sandpit/rounds/{key}/probe", {"x": 0.1, "y": 0.1}).status_code == 404
    assert bea.http.get(f"/api/sandpit/rounds/{key}/reveal").status_code == 404
    assert _post_json(ann, f"/api/sandpit/rounds/{key}/probe", {"x": 0.1, "y": 0.1}).json()["ok"]
    ann.close()
    bea.close()


def _attempt_form(attempt) -> dict:
    form = _quiz_form("m1-assessment", attempt.seed)
    form.pop("seed", None)
    form.pop("attempt", None)
    return {**form, "attempt": attempt.id}


def test_assessment_attempts_have_server_seeds_limits_and_owners(hosted, class_store):
    ann, bea = _signed_in(hosted, "ann"), _signed_in(hosted, "bea")
    start = ann.post("/assessments/m1-assessment/start")
    first = acc.find_attempt(class_store, "ann", "m1-assessment", 1)
    assert start.status_code == 303 and start.headers["location"] == f"/assessments/m1-assessment/take/{first.id}"
    page = ann.get(start.headers["location"])
    assert page.status_code == 200 and f'name="attempt" value="{first.id}"' in page.text
    assert "Attempt 1" in page.text and 'name="seed"' not in page.text
    assert bea.get(start.headers["location"]).status_code == 404  # not hers
    seed = first.seed
    assert seed == acc.attempt_seed(class_store, "ann", "m1-assessment", 1)
    forged = {**_attempt_form(first), "seed": "7"}  # a posted seed is ignored
    result = ann.post("/assessments/m1-assessment", forged)
    assert result.status_code == 200 and "100 %" in result.text
    (row,) = class_store.assessments("ann", "m1-assessment")
    assert row["score"] == 1.0 and {a["seed"] for a in row["answers"]} >= {bank.assessment("m1-assessment", seed)[0].seed}
    again = ann.post("/assessments/m1-assessment", _attempt_form(first))
    assert again.status_code == 409 and "submitted already" in again.text
    assert len(class_store.assessments("ann", "m1-assessment")) == 1
    second = ann.post("/assessments/m1-assessment/start")
    two = acc.find_attempt(class_store, "ann", "m1-assessment", 2)
    assert second.headers["location"].endswith(f"/take/{two.id}") and two.seed != first.seed
    ann.post("/assessments/m1-assessment", _attempt_form(two))
    third = ann.post("/assessments/m1-assessment/start")
    assert third.status_code == 403 and "used all 2 attempt(s)" in third.text
    assert "2 of 2 used" in ann.get("/assessments/m1-assessment").text
    ann.close()
    bea.close()


def test_late_and_unreleased_assessments_are_refused_and_times_are_shown_in_utc(hosted, class_store):
    past = datetime.now(UTC) - timedelta(days=1)
    acc.set_assessment_rules(class_store, "mml", "m2-assessment", due_at=past)
    acc.set_assessment_rules(class_store, "mml", "m4-assessment", release_at=datetime.now(UTC) + timedelta(days=3))
    bea = _signed_in(hosted, "bea")
    late = bea.post("/assessments/m2-assessment/start")
    assert late.status_code == 403 and "was due on" in late.text and "it is closed" in late.text
    assert f'datetime="{past.isoformat()[:19]}' in late.text
    early = bea.post("/assessments/m4-assessment/start")
    assert early.status_code == 403 and "opens on" in early.text
    acc.set_extension(class_store, "mml", "m2-assessment", "bea", datetime.now(UTC) + timedelta(days=1))
    assert bea.post("/assessments/m2-assessment/start").status_code == 303
    assert "your extension" in bea.get("/assessments/m2-assessment").text
    bea.close()


# ---------------------------------------------------------------- roles


def test_require_role_gives_403_to_learners_and_lets_instructors_and_admins_in(tmp_path):
    import httpx
    from fastapi import Depends

    from mvcalc.web.app import Settings, create_app
    from mvcalc.web.auth import current_user, require_role

    url = f"sqlite:///{tmp_path / 'roles.sqlite3'}"
    seed_class(Store(url))
    app = create_app(Settings(database_url=url, accounts=True))

    @app.get("/probe/instructor")  # not under /teach: /teach/{code} is a class page
    def probe(user=Depends(require_role("instructor"))):
        return {"who": user.username}

    @app.get("/admin/probe", dependencies=[Depends(require_role("admin"))])
    def admin_probe(user=Depends(current_user)):
        return {"who": user.username}

    async def run():
        results = {}
        for name in ("ann", "ian", "ada"):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
                token = acc.start_session(Store(url), acc.find_user(Store(url), name).id)
                c.cookies.set(SESSION_COOKIE, token)
                results[name] = ((await c.get("/probe/instructor")).status_code, (await c.get("/admin/probe")).status_code)
        return results

    import asyncio

    assert asyncio.run(run()) == {"ann": (403, 403), "ian": (200, 403), "ada": (200, 200)}


def test_a_learner_gets_403_on_every_teach_page(hosted):
    ann = _signed_in(hosted, "ann")
    teach = [p for m, p in ROUTES if p.startswith("/teach") and m == "GET"]
    for path in teach:
        assert ann.get(_sample(path)).status_code == 403, path
    ann.close()


def test_the_account_page_shows_an_instructor_only_their_classes(hosted):
    ian = _signed_in(hosted, "ian")
    page = ian.get("/account").text
    assert "MMLJOIN1" in page and "OTHER123" not in page
    ann = _signed_in(hosted, "ann")
    assert "MMLJOIN1" not in ann.get("/account").text  # a learner is not shown the join code table
    ian.close()
    ann.close()


# ---------------------------------------------------------------- headers and pages


def test_security_headers_on_every_response(browser):
    for path in ("/login", "/health", "/static/app.css", "/modules/1"):
        response = browser.get(path)
        policy = response.headers["content-security-policy"]
        script = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
        assert "frame-ancestors 'self'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


def test_no_template_has_an_inline_script_or_event_handler():
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, f"{template.name}: {tag}"
        assert not re.search(r"\son[a-z]+\s*=", text), f"{template.name} has an inline event handler"
        assert "javascript:" not in text


def test_frame_ancestors_come_from_the_setting_and_its_sources(tmp_path, monkeypatch):
    import asyncio

    import httpx

    from mvcalc.web.app import create_app, settings_from_environment

    monkeypatch.setenv("MVCALC_FRAME_ANCESTORS", "https://moodle.example.edu https://canvas.example.com")
    app = create_app(settings_from_environment(database_url="sqlite://"))
    app.state.frame_ancestor_sources.append(lambda: ["https://lms.example.org"])

    async def policy():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
            return (await c.get("/health")).headers["content-security-policy"]

    found = asyncio.run(policy())
    assert ("frame-ancestors 'self' https://canvas.example.com https://lms.example.org "
            "https://moodle.example.edu") in found


def test_passwords_never_reach_the_logs(tmp_path, caplog):
    import asyncio
    import logging

    import httpx

    from mvcalc.web.app import Settings, create_app

    url = f"sqlite:///{tmp_path / 'logs.sqlite3'}"
    seed_class(Store(url))
    app = create_app(Settings(database_url=url, accounts=True))
    secret = "a-password-nobody-should-see-42"

    async def sign_ins():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
            page = await c.get("/login")
            token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
            for password in (secret, PASSWORDS["ann"]):
                await c.post("/login", data={"csrf_token": token, "username": "ann", "password": password})

    with caplog.at_level(logging.DEBUG):
        asyncio.run(sign_ins())
    assert secret not in caplog.text and PASSWORDS["ann"] not in caplog.text


def test_the_personal_course_has_no_sign_in(client):
    assert client.get("/login").status_code == 404
    assert client.get("/").status_code == 200 and "Sign out" not in client.get("/").text


def test_a_page_kept_in_memory_shows_each_user_their_own_name(hosted):
    ann, bea = _signed_in(hosted, "ann"), _signed_in(hosted, "bea")
    lesson = "/modules/1/lessons/welcome"
    for _ in range(2):  # the second time, from the page cache
        mine, hers = ann.get(lesson).text, bea.get(lesson).text
        assert ">Ann</a>" in mine and ">Bea</a>" not in mine and "Sign out" in mine
        assert ">Bea</a>" in hers and ">Ann</a>" not in hers
        assert f'value="{ann.token}"' in mine and f'value="{bea.token}"' in hers
    ann.close()
    bea.close()
