"""The practice flow in a real browser: an answer given with the keyboard alone puts focus on the
verdict (a full-page answer and an answer checked in place on a lesson page); the worked solution is
closed after one wrong try, offered after two, and given on request; a number answer is previewed
as typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from mvcalc.exercises import registry as bank
from mvcalc.store.api import Store

pytestmark = pytest.mark.browser

SET = "m1-s4-product-rule"
WRONG = "x + 12345"  # readable, and never a product rule's derivative


def _issued(page, store: Store):
    key = page.locator('form.answer-form input[name="issued"]').get_attribute("value")
    state = store.issued_question(key, "local")
    return key, bank.generate(state["question_id"], state["seed"])


def test_a_keyboard_answer_puts_focus_on_the_verdict(browser, live, store):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live.url}/practice/{SET}")
        key, q = _issued(page, store)
        page.keyboard.press("Tab")  # the skip link, then on through the page with the keyboard alone
        for _ in range(60):
            if page.evaluate("document.activeElement && document.activeElement.name") == "answer":
                break
            page.keyboard.press("Tab")
        expect(page.get_by_label("Your answer")).to_be_focused()
        page.keyboard.type(q.answer_text)
        page.keyboard.press("Enter")
        verdict = page.locator("section.verdict")
        expect(verdict).to_have_class(re.compile("correct"))
        expect(verdict).to_be_focused()
        expect(verdict).to_have_attribute("role", "status")
        expect(verdict.get_by_role("heading", name="Correct")).to_be_visible()
        assert store.issued_question(key, "local")["closed"]
    finally:
        context.close()


def test_an_answer_checked_in_place_on_a_lesson_puts_focus_on_its_verdict(browser, live):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live.url}/modules/1/lessons/rise-over-run")
        block = page.locator(".inline-question").filter(has=page.locator("input.answer")).first
        block.locator("input.answer").focus()
        page.keyboard.type(WRONG)
        page.keyboard.press("Enter")
        verdict = block.locator(".inline-verdict section.verdict")
        expect(verdict).to_be_focused()
        expect(block.locator('input[name="issued"]')).to_have_count(1)  # later tries refer to the issued question
        expect(verdict.locator("details.solution")).to_have_count(0)
    finally:
        context.close()


def test_the_solution_is_closed_after_one_wrong_try_and_offered_after_two(browser, live, store):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live.url}/practice/{SET}")
        key, q = _issued(page, store)
        page.get_by_label("Your answer").focus()
        page.keyboard.type(WRONG)
        page.keyboard.press("Enter")
        verdict = page.locator("section.verdict")
        expect(verdict).to_have_class(re.compile("incorrect"))
        expect(verdict).to_be_focused()
        expect(page.locator("details.solution")).to_have_count(0)
        expect(verdict.locator(".solution-request")).to_have_count(0)
        assert "Answer:" not in page.locator("main").inner_text()

        page.get_by_label("Your answer").focus()
        page.keyboard.press("Control+A")
        page.keyboard.type(WRONG + " + 1")
        page.keyboard.press("Enter")
        offer = page.locator("section.verdict .solution-request.offered")
        expect(offer).to_be_visible()
        expect(page.locator("details.solution")).to_have_count(0)
        assert not store.issued_question(key, "local")["solution_viewed"]

        offer.get_by_role("button", name="Show the worked solution").focus()
        page.keyboard.press("Enter")
        shown = page.locator("#solution")
        expect(shown).to_be_focused()
        expect(shown.locator("details.solution")).to_have_attribute("open", "")
        expect(shown).to_contain_text("Answer:")
        assert store.issued_question(key, "local")["solution_viewed"]
    finally:
        context.close()


def test_a_number_answer_is_previewed_and_echoed_as_typed(browser, live):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live.url}/practice/m1-s2-graph-derivative?q=m1-rise-over-run&seed=5")
        page.get_by_label("Your answer").focus()
        page.keyboard.type("1.2708")
        preview = page.locator("#q-preview .math")
        expect(preview).to_have_attribute("data-tex", "1.2708")
        page.keyboard.press("Enter")
        expect(page.locator("section.verdict .read-as .math")).to_have_attribute("data-tex", "1.2708")
        page.get_by_label("Your answer").fill("0,5")
        expect(page.locator("#q-preview.preview-error")).to_contain_text("for a decimal use a point")
        page.keyboard.press("Enter")
        expect(page.locator("section.verdict .input-hint")).to_contain_text("for a decimal use a point")
        expect(page.locator("#q-preview.preview-error")).to_contain_text("for a decimal use a point")  # kept
    finally:
        context.close()
