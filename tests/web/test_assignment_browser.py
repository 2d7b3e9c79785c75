"""An assignment submitted from a real browser (Playwright, Debian's chromium): progress, feedback, history."""

from __future__ import annotations

from importlib import resources

import pytest

REFERENCE = resources.files("mvcalc.assignments.backprop").joinpath("reference.py").read_text(encoding="utf-8")

pytestmark = pytest.mark.browser



def test_upload_shows_progress_then_feedback_and_history(browser, live, tmp_path):
    wrong = tmp_path / "backprop.py"
    wrong.write_text(REFERENCE.replace("J = np.sum(J, axis=1, keepdims=True) / x.size\n    return J\n",
                                       "J = np.sum(J, axis=1, keepdims=True)\n    return J\n", 1))
    binary = tmp_path / "picture.py"
    binary.write_bytes(b"\x89PNG\x00\x00")
    errors: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live.url + "/modules/3")
    page.click('a[href="/assignments/backprop"]')
    page.wait_for_url("**/assignments/backprop")

    page.set_input_files('input[name="file"]', str(binary))
    page.click("#upload button")
    page.wait_for_selector("#upload-error:not([hidden])")
    assert "binary" in page.inner_text("#upload-error")

    page.set_input_files('input[name="file"]', str(wrong))
    page.click("#upload button")
    page.wait_for_selector("#current progress, #current .verdict", timeout=30_000)
    page.wait_for_url("**/assignments/backprop?submission=*", timeout=120_000)
    page.wait_for_selector("#current .functions li", timeout=30_000)
    assert page.locator('#current li.fail[data-function="J_b3"]').count() == 1
    assert page.locator("#current li.pass").count() == 3
    assert "Not yet" in page.inner_text("#current")

    wrong.write_text(REFERENCE)
    page.set_input_files('input[name="file"]', str(wrong))
    page.click("#upload button")
    # locators, not wait_for_function: the pages' Content-Security-Policy refuses its eval
    page.locator("#current .verdict.good").wait_for(timeout=120_000)
    page.locator(".history tbody tr").nth(1).wait_for(state="attached", timeout=120_000)
    assert "All functions pass." in page.inner_text("#current")
    assert "Your best result" in page.content()
    assert [e for e in errors if "status of 400" not in e] == []  # the refused binary file answered 400
    context.close()
