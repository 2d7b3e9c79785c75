"""The course in a real browser (Playwright driving Debian's chromium) against a real `mvcalc serve`.

One learner's story: home, a lesson, a question answered wrongly (diagnosis) and
rightly (after a hint), an assessment passed, progress kept across a reload and
a server restart. Every request must stay on loopback and no page may log a
console error. Screenshots of the main pages go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from mvcalc.exercises import letter
from mvcalc.exercises import registry as bank
from mvcalc.store.api import Store

from .server import LiveServer

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}

pytestmark = pytest.mark.browser



class Watch:
    """Records every request (aborting any that would leave loopback) and every console error."""

    def __init__(self, context) -> None:
        self.requests: list[str] = []
        self.external: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).hostname not in LOOPBACK and not url.startswith(("data:", "blob:")):
            self.external.append(url)
            route.abort()
        else:
            route.continue_()

    def page(self, context):
        page = context.new_page()
        page.on("console", lambda m: self.errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: {e}"))
        return page


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _answer(scope, question, prefix: str = "") -> None:
    """Fill in the right answer of `question` inside `scope` (a page or a question's locator)."""
    if question.kind in ("choice", "graph"):
        scope.locator(f'input[name="{prefix}choice"][value="{letter(question.answer)}"]').check()
    elif question.kind == "multichoice":
        for k in sorted(question.answer):
            scope.locator(f'input[name="{prefix}choice"][value="{letter(k)}"]').check()
    else:
        scope.locator(f'input[name="{prefix}answer"]').fill(question.answer_text)


def _typeset(page, scope: str = "main") -> None:
    page.locator(f"{scope} .katex").first.wait_for()


def test_a_learner_goes_through_the_course(browser, tmp_path):
    db = f"sqlite:///{tmp_path / 'learner.sqlite3'}"
    server = LiveServer(db).start()
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    watch = Watch(context)
    page = watch.page(context)
    try:
        # Home, module page, the welcome lesson with typeset maths, worked examples and a drawn figure.
        page.goto(server.url + "/")
        assert page.get_by_role("heading", name="Multivariate calculus for machine learning").is_visible()
        _shot(page, "home")
        page.get_by_role("link", name="Module 1: What is calculus?").click()
        page.get_by_role("link", name="Welcome: calculus for machine learning").click()
        page.wait_for_url("**/modules/1/lessons/welcome")
        _typeset(page)
        page.wait_for_selector(".lesson-figure .plot-area svg")
        assert page.locator(".worked-example .steps li").count() >= 1
        _shot(page, "lesson")

        # The lesson's practice block answers in place.
        block = page.locator(".inline-question").first
        q = bank.get(block.locator('input[name="question"]').get_attribute("value")).generate(
            int(block.locator('input[name="seed"]').get_attribute("value"))
        )
        _answer(block, q)
        block.get_by_role("button", name="Check my answer").click()
        block.locator(".verdict.correct").wait_for()

        # Practice, keyboard only: a wrong answer gets its diagnosis, then a hint, then the right answer.
        q = bank.get("m1-product-linear").generate(11)
        mistake = q.buggy[0]
        page.goto(f"{server.url}/practice/m1-s4-product-rule?q={q.id}&seed={q.seed}")
        page.get_by_label("Your answer").focus()
        page.keyboard.type(str(mistake.answer).replace("*", " "))
        page.locator("#q-preview .katex").wait_for()
        page.keyboard.press("Enter")
        page.locator(".verdict.incorrect").wait_for()
        assert " ".join(mistake.message.split()[:3]) in page.locator(".diagnosis").inner_text()
        _typeset(page, ".verdict")
        _shot(page, "practice-wrong")

        page.locator(".hint summary").first.focus()
        page.keyboard.press("Enter")
        assert page.locator(".hint").first.get_attribute("open") is not None
        # the counter is updated by the `toggle` event, which fires after the click: wait for that state
        expect(page.locator("#q-hints")).to_have_value("1")
        page.get_by_label("Your answer").focus()
        assert page.get_by_label("Your answer").input_value()  # the wrong answer is still there to edit
        page.keyboard.press("Control+A")
        page.keyboard.type(q.answer_text)
        page.locator("#q-preview .katex").wait_for()
        page.keyboard.press("Enter")
        page.locator(".verdict.correct").wait_for()
        _typeset(page, ".verdict")
        _shot(page, "practice-right")
        last = Store(db).attempts(question_id=q.id, limit=1)[0]
        assert (last["status"], last["hints_used"]) == ("correct", 1)

        # A bad input is explained while typing, before anything is sent.
        page.goto(f"{server.url}/practice/m1-s4-product-rule?q={q.id}&seed={q.seed}")
        page.get_by_label("Your answer").fill("2x +")
        page.locator("#q-preview.preview-error").wait_for()

        # An assessment, passed.
        page.goto(server.url + "/assessments/m1-assessment")
        page.get_by_role("button", name="Start the assessment").click()
        page.wait_for_url("**/take/*")
        seed = Store(db).assessment_attempt(urlsplit(page.url).path.rsplit("/", 1)[1], "local")["seed"]
        for i, question in enumerate(bank.assessment("m1-assessment", seed)):
            _answer(page, question, f"q{i}-")
        _typeset(page)
        _shot(page, "assessment")
        page.get_by_role("button", name="Submit the assessment").click()
        page.locator(".score.passed").wait_for()
        _typeset(page)
        _shot(page, "assessment-result")

        # Progress is kept across a reload...
        page.goto(server.url + "/")
        card = page.locator("#module-1")
        assert card.locator('[data-stat="passed"]').inner_text() == "1 / 1"
        assert card.locator('[data-stat="sets"]').inner_text().startswith(("1 /", "2 /"))
        page.reload()
        assert card.locator('[data-stat="passed"]').inner_text() == "1 / 1"
        practised = card.locator('[data-stat="lessons"]').inner_text()

        # ...and across a restart of the server.
        server.stop()
        server = LiveServer(db).start()
        page.goto(server.url + "/")
        card = page.locator("#module-1")
        assert card.locator('[data-stat="passed"]').inner_text() == "1 / 1"
        assert card.locator('[data-stat="lessons"]').inner_text() == practised
        # The welcome lesson was read and practised on its page: done. "Continue" goes to the first
        # lesson not done, although module 1's assessment is passed.
        assert practised == "1 / 8"
        continue_link = page.get_by_role("link", name="Continue: Functions")
        assert continue_link.get_attribute("href") == "/modules/1/lessons/functions"
        _shot(page, "home-after-restart")
    finally:
        context.close()
        server.stop()
    assert watch.external == [], f"requests left loopback: {watch.external}"
    assert watch.errors == [], f"console errors: {watch.errors}"
    assert any("/static/vendor/katex/" in url for url in watch.requests)
    assert any("/api/preview" in url for url in watch.requests)


def test_matrix_grid_and_graph_choices(browser, live):
    server = live
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    watch = Watch(context)
    page = watch.page(context)
    try:
        info = bank.get_set("m2-s3-bigger-jacobians")
        generator = next(g for g in info.generators if bank.get(g).META.kind == "matrix")
        q = bank.get(generator).generate(3)
        page.goto(f"{server.url}/practice/{info.id}?q={q.id}&seed={q.seed}")
        cells = page.locator(".grid-input input")
        rows, cols = q.answer.shape
        assert cells.count() == rows * cols
        for k in range(rows * cols):
            cells.nth(k).fill(str(q.answer[k // cols, k % cols]).replace("**", "^"))
        page.locator("#q-preview .katex").wait_for()
        _shot(page, "practice-matrix")
        page.get_by_role("button", name="Check my answer").click()
        page.locator(".verdict.correct").wait_for()

        # A choose-the-graph question draws each option with JSXGraph and is answered with the keyboard.
        info = bank.get_set("m1-s1-matching-functions")
        graph = next(g for g in info.generators if bank.get(g).META.kind == "graph")
        q = bank.get(graph).generate(2)
        page.goto(f"{server.url}/practice/{info.id}?q={q.id}&seed={q.seed}")
        expect(page.locator(".choice .plot-area svg")).to_have_count(len(q.choices), timeout=30000)
        page.locator('input[name="choice"]').first.focus()
        page.keyboard.press("Space")
        for _ in range(q.answer):
            page.keyboard.press("ArrowDown")
        assert page.locator(f'input[name="choice"][value="{letter(q.answer)}"]').is_checked()
        page.keyboard.press("Enter")
        page.locator(".verdict.correct").wait_for()
        assert page.locator(f'input[name="choice"][value="{letter(q.answer)}"]').is_checked()  # kept
        expect(page.locator(".choice .plot-area svg")).to_have_count(len(q.choices), timeout=30000)
        _typeset(page)
        _shot(page, "practice-graph")
    finally:
        context.close()
    assert watch.external == [] and watch.errors == []


@pytest.mark.slow
def test_every_lesson_typesets_its_maths_and_draws_its_figures(browser, live):
    """On the session's server (whose caches the route tests have warmed)."""
    from mvcalc.course.loader import load_course

    server = live
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    watch = Watch(context)
    page = watch.page(context)
    problems = []
    try:
        for lesson in load_course().lessons:
            page.goto(server.url + lesson.url)
            expect(page.locator(".math:not([data-typeset])")).to_have_count(0, timeout=30000)
            if lesson.figures:  # locators, not wait_for_function: the pages' CSP refuses its eval
                page.locator(".lesson-figure .plot-area svg").nth(len(lesson.figures) - 1).wait_for(
                    state="attached", timeout=30000
                )
            bad = page.locator(".katex-error").all_inner_texts()
            if bad:
                problems.append(f"{lesson.path.name}: TeX KaTeX cannot typeset: {bad[:3]}")
            untyped = page.locator(".math:not([data-typeset])").count()
            if untyped:
                problems.append(f"{lesson.path.name}: {untyped} formulas left untypeset")
            drawn = page.locator(".lesson-figure:has(.plot-area svg)").count()
            if drawn != len(lesson.figures):
                problems.append(f"{lesson.path.name}: {drawn} of {len(lesson.figures)} figures drawn")
    finally:
        context.close()
    assert problems == []
    assert watch.external == [] and watch.errors == []
