"""Marking a lesson as read: recorded once per learner, on both stores, and counted by the progress model."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from mvcalc.course.loader import load_course
from mvcalc.course.progress import History, summarise
from mvcalc.exercises import registry
from mvcalc.store.api import Store

from .accounts_fixtures import Browser
from .server import LiveServer

LESSON = "/modules/1/lessons/"


@pytest.fixture
def served(database_url):
    server = LiveServer(database_url).start()
    yield server, Store(database_url)
    server.stop()


def _first_lesson(url: str) -> tuple[str, str]:
    lesson = load_course().modules[0].lessons[0]
    return lesson.url, lesson.id


def test_a_read_is_recorded_once_and_counted(served):
    server, store = served
    url, lesson_id = _first_lesson(server.url)
    b = Browser(server.url)
    page = b.get(url)
    assert page.status_code == 200 and f'action="{url}/read"' in page.text
    done = b.post(f"{url}/read")
    assert done.status_code == 303 and done.headers["location"] == url
    again = b.http.post(f"{url}/read", data={"csrf_token": b.token}, headers={"Accept": "application/json"})
    assert again.json() == {"ok": True, "lesson": lesson_id}
    assert store.history("local")["reads"] == [lesson_id]  # once, however often it is marked
    b.close()


def test_reads_are_refused_without_the_token_or_for_no_lesson(served):
    server, store = served
    url, _ = _first_lesson(server.url)
    b = Browser(server.url)
    b.get(url)
    assert httpx.post(f"{server.url}{url}/read").status_code == 403  # no CSRF cookie or token
    assert b.post(f"{LESSON}no-such-lesson/read").status_code == 404
    assert b.post("/modules/99/lessons/x/read").status_code == 404
    assert store.history("local")["reads"] == []
    b.close()


def test_the_progress_model_counts_a_marked_read(database_url):
    store = Store(database_url)
    course = load_course()
    lesson = course.modules[0].lessons[0]
    store.record_read("ann", lesson.id)
    store.record_read("ann", lesson.id)
    rows = store.history("ann")
    assert rows["reads"] == [lesson.id] and store.history("bea")["reads"] == []
    summary = summarise(course, registry.sets(), History.from_rows(rows), datetime.now(UTC))
    first = next(lp for m in summary.modules for lp in m.lessons if lp.id == lesson.id)
    assert first.read is True and first.done is False  # read, its practice not yet attempted


@pytest.mark.browser
def test_the_read_button_works_in_a_browser(browser, served):  # noqa: F811
    from playwright.sync_api import expect

    server, store = served
    url, lesson_id = _first_lesson(server.url)
    page = browser.new_page()
    page.goto(f"{server.url}{url}")
    page.get_by_role("button", name="I have read this lesson").click()
    expect(page.locator(".lesson-read-status")).to_contain_text("Marked as read")
    expect(page.locator("form.lesson-read button")).to_be_hidden()  # hidden means hidden, `.button` or not
    assert page.url.endswith(url)  # the page stayed put
    assert store.history("local")["reads"] == [lesson_id]
    page.close()
