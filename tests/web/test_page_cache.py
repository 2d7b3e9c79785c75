"""Lesson pages and the figures page are rendered once and kept; each learner still gets their own
CSRF token in the page, the kept page is the page a fresh render gives, and warming them happens
in the background without holding up the app."""

from __future__ import annotations

import re
import threading

from fastapi.testclient import TestClient

from mvcalc.web import lesson_view
from mvcalc.web.app import Settings, create_app
from mvcalc.web.page_cache import SLOT, PageCache
from mvcalc.web.templating import make_templates

from .conftest import Client

LESSON = "/modules/1/lessons/welcome"  # a figure, worked examples and inline practice forms


def _tokens(page: str) -> set[str]:
    return set(re.findall(r'name="csrf-token" content="([^"]+)"', page)) | set(
        re.findall(r'name="csrf_token" value="([^"]+)"', page))


def test_each_learner_gets_their_own_token_in_a_kept_page(live):
    first, second = Client(live.url), Client(live.url)
    try:
        pages = [c.get(LESSON).text for c in (first, second, first)]
        assert first.token and second.token and first.token != second.token
        assert _tokens(pages[0]) == {first.token} == _tokens(pages[2]) and _tokens(pages[1]) == {second.token}
        assert pages[0].count('name="csrf_token"') >= 1 and SLOT not in pages[0]
        assert pages[0].replace(first.token, "T") == pages[1].replace(second.token, "T")
        # the token in the kept page is the one the server checks: an inline answer is accepted
        form = dict(re.findall(r'name="(question|seed)" value="([^"]+)"', pages[1])[:2])
        response = second.post("/practice/" + re.search(r'action="/practice/([^"]+)"', pages[1]).group(1),
                               {**form, "answer": "x"}, headers={"Accept": "application/json"})
        assert response.status_code == 200 and response.json()["ok"]
    finally:
        first.close()
        second.close()


def test_the_figures_page_is_kept_and_carries_the_token(live):
    learner = Client(live.url)
    try:
        pages = [learner.get("/sandpit/figures").text for _ in range(2)]
        assert pages[0] == pages[1] and _tokens(pages[0]) == {learner.token}
        assert pages[0].count('class="plot lesson-figure"') == len(lesson_view.FIGURE_GALLERY)
    finally:
        learner.close()


def test_a_kept_page_is_what_a_fresh_render_gives(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'p.sqlite3'}"))
    with TestClient(app, base_url="http://127.0.0.1") as http:
        served = http.get(LESSON).text
        token = http.cookies.get("mvcalc_csrf")
    module = app.state.course.module(1)
    template, context = lesson_view.lesson_page(app.state.course, module, module.lesson("welcome"))
    fresh = make_templates().get_template(template).render({"course": app.state.course, **context, "csrf_token": token})
    assert served == fresh


def test_a_page_is_built_once_however_many_ask_at_once():
    builds = []
    gate = threading.Event()

    def build():
        gate.wait(5)
        builds.append(1)
        return "error.html", {"status": 200, "message": "kept"}

    cache = PageCache(make_templates(), lambda: {"course": None})
    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.html("k", build))) for _ in range(6)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
    assert builds == [1] and len(set(results)) == 1 and "kept" in results[0] and "k" in cache


def test_warming_runs_in_the_background_and_fills_the_cache():
    gate = threading.Event()
    cache = PageCache(make_templates(), lambda: {"course": None})

    def slow():
        gate.wait(10)
        return "error.html", {"status": 200, "message": "slow"}

    def broken():
        raise ValueError("cannot build")

    thread = cache.warm([("slow", slow), ("broken", broken), ("quick", lambda: ("error.html", {"status": 200, "message": "q"}))])
    assert "kept" in cache.html("other", lambda: ("error.html", {"status": 200, "message": "kept"}))  # not held up
    assert "slow" not in cache
    gate.set()
    thread.join(10)
    assert "slow" in cache and "quick" in cache and "broken" not in cache


def test_the_app_warms_every_lesson_and_the_figures_page(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'w.sqlite3'}", warm_pages=True))
    with TestClient(app, base_url="http://127.0.0.1") as http:
        assert http.get("/health").json() == {"status": "ok"}
    warmer = next(t for t in threading.enumerate() if t.name == "mvcalc-warm-pages")
    warmer.join(300)
    assert all(key in app.state.pages for key, _ in lesson_view.pages(app.state.course))
