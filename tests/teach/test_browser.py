"""In Debian's chromium (Playwright): an instructor reads the common mistakes and downloads the gradebook;
a student launches the course from the simulated LMS. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mvcalc.exercises import registry
from mvcalc.store import Store, accounts

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "teach-me-calculus"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lti_db(tmp_path_factory) -> str:
    """The browser tests run on SQLite only (the same pages run on PostgreSQL in the other modules)."""
    return f"sqlite:///{tmp_path_factory.mktemp('teach-browser') / 'course.sqlite3'}"



def _context(browser):
    context = browser.new_context(accept_downloads=True)
    outside: list[str] = []

    def route(r):
        if urlsplit(r.request.url).hostname not in ("127.0.0.1", "localhost"):
            outside.append(r.request.url)
            return r.abort()
        return r.continue_()

    context.route("**/*", route)
    return context, outside


def test_an_instructor_reads_the_mistakes_and_downloads_the_gradebook(browser, tool, lti_db, tmp_path):
    store = Store(lti_db)
    accounts.create_user(store, "prof-b", "instructor", password=PASSWORD)
    accounts.create_class(store, "calc-b", "Calculus B")
    accounts.add_instructor(store, "calc-b", "prof-b")
    gen = registry.get("m1-product-linear") if "m1-product-linear" in {g.id for g in registry.all_generators()} \
        else registry.all_generators()[10]
    wrong = {"status": "incorrect", "score": 0.0, "message": "You differentiated only the first factor.",
             "diagnosis": {"rule": "product_first_only"}}
    for i in range(3):
        accounts.create_user(store, f"stu-b{i}", "learner", password=PASSWORD)
        accounts.enrol(store, "calc-b", f"stu-b{i}")
        store.record_attempt(f"stu-b{i}", gen.id, gen.META.set, 5, "3x^2", wrong)
        store.record_attempt(f"stu-b{i}", gen.id, gen.META.set, 5, "6x + 3", {"status": "correct", "score": 1.0})
    store.record_assessment("stu-b0", "m1-assessment", 0.9, True)

    context, outside = _context(browser)
    page = context.new_page()
    page.goto(tool.url + "/login?next=/teach")
    page.fill("input[name=username]", "prof-b")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/teach")
    page.click("text=Calculus B")
    page.click("text=Common mistakes")
    page.wait_for_url("**/teach/calc-b/mistakes")
    row = page.locator("#mistakes tbody tr").first
    assert "product rule as f′g alone" in row.inner_text()
    assert "3 students made this mistake" in row.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "teach-mistakes.png"), full_page=True)
    page.click("text=Progress")
    assert page.locator("svg.heatmap rect").count() >= 3
    page.screenshot(path=str(SHOTS / "teach-progress.png"), full_page=True)
    page.click("text=Gradebook")
    with page.expect_download() as info:
        page.click("#gradebook-csv")
    path = tmp_path / "gradebook.csv"
    info.value.save_as(path)
    lines = path.read_text().splitlines()
    assert lines[0].startswith("username,display_name,m1-assessment best,m1-assessment late")
    assert lines[1].startswith("stu-b0,,0.900,0") and len(lines) == 4
    assert outside == []
    context.close()


def test_a_student_launches_the_course_from_the_lms(browser, tool, platform):
    context, outside = _context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(platform.url + "/launch?user=stu1&target=/practice/m1-s3-differentiate")
    page.click("#launch")
    page.wait_for_url("**/practice/m1-s3-differentiate")
    assert page.locator("h1").first.is_visible()
    page.goto(tool.url + "/account")
    assert "Ada Student" in page.content()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "lti-launch.png"), full_page=True)
    assert outside == [] and errors == []
    context.close()
