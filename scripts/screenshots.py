"""Regenerate the screenshots of docs/screenshots/ (issue #19): a lesson with a figure, a practice page after a
wrong answer and the Sandpit during a round, each on a phone (390 × 844, device scale 2) and on a desktop.

    .venv/bin/python -m scripts.screenshots [--out docs/screenshots]

A real `mvcalc serve` on a fresh SQLite file in a temporary folder, driven by Debian's chromium through Playwright
(never a downloaded browser). The practice page's wrong answer is one of its question's known mistakes (read back from the store), the
Sandpit round a replay of a fixed pit probed by keyboard. PNGs are reduced
to a 256-colour palette when that keeps them sharp and under the size budget.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect, sync_playwright

from mvcalc.exercises import registry
from mvcalc.store import Store
from tests.web.server import LiveServer

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
BUDGET = 400_000  # bytes per PNG
SIZES = {"phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
                   "has_touch": True},
         "desktop": {"viewport": {"width": 1280, "height": 860}, "device_scale_factor": 1}}
LESSON = "/modules/5/lessons/newton-raphson"
PRACTICE = "/practice/m1-s4-product-rule"
SANDPIT = "/sandpit?level=intro&seed=1"


def _ready(page) -> None:
    """Maths typeset, figures drawn and described, fonts loaded, wide formulas measured again."""
    expect(page.locator(".math:not([data-typeset])")).to_have_count(0, timeout=30000)
    expect(page.locator(".plot-area[data-figure-script]:not([aria-describedby])")).to_have_count(0, timeout=30000)
    page.evaluate("async () => { await document.fonts.ready; }")
    page.wait_for_timeout(400)


def _scroll_to(page, selector: str, above: int) -> None:
    """Scroll so that `selector` starts `above` CSS pixels below the top of the screen."""
    page.evaluate("([s, above]) => window.scrollTo(0, document.querySelector(s).getBoundingClientRect().top"
                  " + window.scrollY - above)", [selector, above])
    page.wait_for_timeout(300)


def lesson(page, base: str, store) -> None:
    """The Newton–Raphson lesson's explorer: the figure, its slider and readout, and the text description."""
    page.goto(base + LESSON)
    _ready(page)
    figure = page.locator('figure[data-name="newton-explorer"]')
    slider = figure.locator("input[type=range]")
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(112):  # x₀ = 0.04: the steps overshoot to the right, then come back to the root near 1.06
        page.keyboard.press("ArrowRight")
    page.locator("body").click(position={"x": 1, "y": 1})  # the shot without a focus ring on the slider
    _scroll_to(page, 'figure[data-name="newton-explorer"]', 16)


def practice(page, base: str, store) -> None:
    """The practice page's question answered with one of its known mistakes (its first buggy answer): the
    verdict naming the mistake, the answer box, the maths keys."""
    page.goto(base + PRACTICE)
    _ready(page)
    state = store.issued_question(page.locator('form.answer-form input[name="issued"]').get_attribute("value"), "local")
    question = registry.generate(state["question_id"], state["seed"])
    wrong = str(question.buggy[0].answer).replace("**", "^") if question.buggy else "x + 12345"
    page.get_by_label("Your answer").fill(wrong)
    page.get_by_label("Your answer").press("Enter")
    expect(page.locator("section.verdict.incorrect")).to_be_focused()
    _ready(page)
    page.evaluate("() => document.activeElement.blur()")
    _scroll_to(page, "article.question, .question", 12)


def sandpit(page, base: str, store) -> None:
    """A round of the first level in progress: six probes by keyboard, their labels, arrows and status."""
    page.goto(base + SANDPIT)
    page.wait_for_selector('#sandpit[data-ready="yes"]', timeout=30000)
    page.focus("#sandpit-pit")
    for n, key in enumerate(["ArrowLeft"] * 5 + ["ArrowDown"] * 5 + ["ArrowDown"] * 5 + ["ArrowRight"] * 5, start=1):
        page.keyboard.press(key, delay=0)
        if n % 4 == 0:
            page.keyboard.press("Enter")
            page.wait_for_selector(f'#sandpit-probes .probe-mark[data-number="{n // 4}"]')
    page.locator("body").click(position={"x": 1, "y": 1})
    _scroll_to(page, "#sandpit-round", 8)


SHOTS = {"lesson-figure": lesson, "practice-wrong-answer": practice, "sandpit-round": sandpit}


def _shrink(path: Path) -> None:
    """A 256-colour palette when the full-colour PNG is over budget (text and flat colours survive it well)."""
    if path.stat().st_size <= BUDGET:
        return
    Image.open(path).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    out = Path(parser.parse_args(argv).out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mvcalc-shots-") as tmp:
        database = f"sqlite:///{Path(tmp) / 'shots.sqlite3'}"
        server = LiveServer(database).start()
        store = Store(database)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM)
                for size, options in SIZES.items():
                    for name, drive in SHOTS.items():
                        context = browser.new_context(**options)
                        page = context.new_page()
                        drive(page, server.url, store)
                        path = out / f"{name}-{size}.png"
                        page.screenshot(path=str(path))
                        _shrink(path)
                        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
                              f"{path.stat().st_size // 1000} kB", flush=True)
                        context.close()
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
