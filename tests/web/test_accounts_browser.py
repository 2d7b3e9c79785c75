"""Accounts mode in a real browser (Playwright, Debian's chromium): signing in, a learner practising
and taking an attempt, due dates shown in the browser's zone, signing out; no console error (the
Content-Security-Policy refuses inline scripts, so any would show here)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mvcalc.exercises import registry as bank
from mvcalc.store import Store
from mvcalc.store import accounts as acc

from .accounts_fixtures import PASSWORDS, seed_class
from .server import LiveServer
from .test_browser import Watch, _answer, _shot, _typeset

pytestmark = pytest.mark.browser


def test_a_learner_signs_in_practises_takes_an_attempt_and_signs_out(browser, tmp_path):  # noqa: F811
    db = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    store = Store(db)
    seed_class(store)
    due = datetime(2099, 3, 1, 17, 0, tzinfo=UTC)
    acc.set_assessment_rules(store, "mml", "m1-assessment", due_at=due, attempt_limit=2)
    server = LiveServer(db, ("--accounts",)).start()
    context = browser.new_context(viewport={"width": 1100, "height": 900}, timezone_id="Europe/Paris",
                                  locale="en-GB")
    watch = Watch(context)
    page = watch.page(context)
    try:
        # Every page sends a stranger to the sign-in page, which brings them back afterwards.
        page.goto(server.url + "/modules/1")
        page.wait_for_url("**/login?next=*")
        page.get_by_label("Username").fill("ann")
        page.get_by_label("Password").fill("not her password")
        page.get_by_role("button", name="Sign in").click()
        assert "Wrong username or password." in page.locator(".error-message").inner_text()
        page.get_by_label("Password").fill(PASSWORDS["ann"])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/modules/1")
        assert page.get_by_role("button", name="Sign out").is_visible()
        _shot(page, "accounts-signed-in")

        # Practice: the answer is checked and recorded for ann.
        q = bank.get("m1-product-linear").generate(11)
        page.goto(f"{server.url}/practice/m1-s4-product-rule?q={q.id}&seed={q.seed}")
        page.get_by_label("Your answer").fill(q.answer_text)
        page.locator("#q-preview .katex").wait_for()
        page.keyboard.press("Enter")
        page.locator(".verdict.correct").wait_for()
        assert store.attempts("ann", question_id=q.id)[0]["status"] == "correct"
        assert store.attempts("local") == [] and store.attempts("bea") == []

        # The assessment's due date, stored in UTC, is shown in the browser's zone (Paris: UTC+1 in March).
        page.goto(server.url + "/assessments/m1-assessment")
        shown = page.locator("dl.rules time.local[title]").first
        shown.wait_for()
        assert "18:00" in shown.inner_text() and shown.get_attribute("title") == "2099-03-01 17:00 UTC"
        assert "0 of 2 used" in page.locator("dl.rules").inner_text()
        page.get_by_role("button", name="Start the assessment").click()
        page.wait_for_url("**/assessments/m1-assessment/take/*")
        seed = acc.find_attempt(store, "ann", "m1-assessment", 1).seed
        for i, question in enumerate(bank.assessment("m1-assessment", seed)):
            _answer(page, question, f"q{i}-")
        page.get_by_role("button", name="Submit the assessment").click()
        page.locator(".score.passed").wait_for()
        _typeset(page)
        _shot(page, "accounts-attempt-result")
        assert store.assessments("ann", "m1-assessment")[0]["passed"]

        # Signing out ends it: the course asks for a sign-in again.
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/login")
        page.goto(server.url + "/")
        page.wait_for_url("**/login?next=*")
    finally:
        context.close()
        server.stop()
    assert watch.external == [], f"requests left loopback: {watch.external}"
    expected = [e for e in watch.errors if e.endswith("/login: Failed to load resource: the server responded with a "
                                                       "status of 401 (Unauthorized)")]
    assert len(expected) == 1  # the wrong password
    assert [e for e in watch.errors if e not in expected] == [], f"console errors: {watch.errors}"
