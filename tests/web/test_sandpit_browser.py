"""The Sandpit in a real browser: win every level by clicking where the server's pit says the phone is,
lose a round by keyboard, and check that no response during a round carried the hidden surface."""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import expect

from mvcalc.games.pit import pit
from mvcalc.games.sandpit import MAX_PROBES, Round
from mvcalc.games.surfaces import LEVELS

from .test_browser import Watch, _shot

pytestmark = pytest.mark.browser
SEEDS = {"intro": 1, "depth": 2, "random": 4, "multiple-minima": 5, "rocks": 6, "well": 11}


class Bodies:
    """Every response body of the Sandpit's page and API, in order."""

    def __init__(self, page) -> None:
        self.seen: list[tuple[str, str]] = []
        page.on("response", self._keep)

    def _keep(self, response) -> None:
        if "/sandpit" in response.url:
            try:
                self.seen.append((response.url, response.text()))
            except Exception:  # noqa: BLE001 - a body that is gone (redirect) holds nothing to check
                pass


def _open(page, live, level: str, seed: int, mode: str = "") -> None:
    page.goto(f"{live.url}/sandpit?level={level}&seed={seed}" + (f"&mode={mode}" if mode else ""))
    page.wait_for_selector('#sandpit[data-ready="yes"]', timeout=30000)


def _click_at(page, x: float, y: float) -> None:
    box = page.locator("#sandpit-pit").bounding_box()
    scale = box["width"] / 6.4  # the viewBox is 6.4 wide, from −0.2
    page.mouse.click(box["x"] + (x + 0.2) * scale, box["y"] + (6.2 - y) * scale)


#: the labels shown on the pit (their probes' numbers, oldest first) and the pairs of them that overlap on screen
LABELS = """() => { const shown = [...document.querySelectorAll("#sandpit-probes .probe-label")]
    .filter((n) => getComputedStyle(n).display !== "none");
  const r = shown.map((n) => n.getBoundingClientRect()), overlaps = [];
  for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) {
    const a = r[i], b = r[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push([i, j]); }
  return [shown.map((n) => Number(n.parentNode.dataset.number)), overlaps]; }"""


def _labels(page) -> tuple[list[int], list]:
    return page.evaluate(LABELS)


def test_win_every_level_and_the_surface_stays_hidden(browser, live):  # noqa: F811
    context = browser.new_context(viewport={"width": 900, "height": 1100})
    watch = Watch(context)
    page = watch.page(context)
    bodies = Bodies(page)
    for level in LEVELS:
        seed = SEEDS[level]
        best = pit(level, seed).minimum
        bodies.seen.clear()
        _open(page, live, level, seed)
        _click_at(page, 0.4, 0.4)
        page.wait_for_selector("#sandpit-probes .probe-mark >> nth=0")
        assert "Probe 1" in page.locator("#sandpit-status").inner_text()
        during = list(bodies.seen)
        for url, text in during:
            if "/api/" in url:  # data: no contour grid, no phone, no nested arrays of depths
                assert '"contour"' not in text and '"phone"' not in text and "[[" not in text, url
            assert f"{best.x:.4f}" not in text or f"{best.y:.4f}" not in text, url
        assert not any("/reveal" in url for url, _ in during)
        _click_at(page, best.x, best.y)
        page.wait_for_selector('#sandpit[data-revealed="yes"]', timeout=30000)
        assert page.locator("#sandpit").get_attribute("data-status") == "won"
        assert page.locator("#sandpit-comparison tr").count() == 3
        _shot(page, f"sandpit-{level}-won")
    assert watch.errors == [] and watch.external == []
    context.close()


def test_lose_a_round_by_keyboard(browser, live):  # noqa: F811
    context = browser.new_context()
    watch = Watch(context)
    page = watch.page(context)
    _open(page, live, "depth", 3)
    page.focus("#sandpit-pit")
    for _ in range(25):
        page.keyboard.press("ArrowLeft")
    for n in range(1, MAX_PROBES + 1):
        page.keyboard.press("Enter")
        page.wait_for_selector(f'#sandpit-probes .probe-mark[data-number="{n}"]')
        page.keyboard.press("ArrowUp")
    page.wait_for_selector('#sandpit[data-revealed="yes"]', timeout=30000)
    assert page.locator("#sandpit").get_attribute("data-status") == "lost"
    assert "Probe 25" in page.locator("#sandpit-status").inner_text()
    # the pit labels only the latest probes, none overlapping (no unreadable cluster); the table lists all 25
    shown, overlaps = _labels(page)
    assert shown[-1] == MAX_PROBES and set(shown) <= set(range(MAX_PROBES - 2, MAX_PROBES + 1)) and overlaps == []
    assert page.locator("#sandpit-probe-rows tr").count() == MAX_PROBES
    # the round's end is a clear state: "New round" appears and takes the focus; a click on the pit says so
    again = page.locator("#sandpit-again")
    expect(again).to_be_visible()
    expect(again).to_be_focused()
    page.focus("#sandpit-pit")
    page.keyboard.press("Enter")
    expect(page.locator("#sandpit-status")).to_contain_text("This round is over")
    expect(again).to_be_focused()
    page.keyboard.press("Enter")  # a new round, on a new pit
    expect(page.locator("#sandpit-probe-rows tr")).to_have_count(0)
    page.wait_for_selector('#sandpit[data-ready="yes"]', timeout=30000)
    _shot(page, "sandpit-lost")
    assert watch.errors == []
    context.close()


def test_a_click_while_the_pit_is_made_is_kept_and_probed(browser, live):  # noqa: F811
    context = browser.new_context(viewport={"width": 900, "height": 1100})
    watch = Watch(context)
    page = watch.page(context)
    held = []
    # the first new pit waits for us
    page.route("**/api/sandpit/rounds", lambda route: route.continue_() if held else held.append(route))
    page.goto(f"{live.url}/sandpit?level=intro&seed=1")
    expect(page.locator("#sandpit-status")).to_contain_text("Making the pit")
    _click_at(page, 1.0, 1.0)
    expect(page.locator("#sandpit-status")).to_contain_text("still being made")
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_selector('#sandpit-probes .probe-mark[data-number="1"]', timeout=30000)
    expect(page.locator("#sandpit-status")).to_contain_text("Probe 1 at (1.00, 1.00)")
    assert watch.errors == []
    context.close()


WAYS = ["right", "up and right", "up", "up and left", "left", "down and left", "down", "down and right"]


def _js_round(v: float) -> int:
    return math.floor(v + 0.5)  # JavaScript's Math.round: halves go up


def _arrow_words(arrow: tuple[float, float]) -> str:
    """sandpit-draw.js's arrowWords, written again: length, the nearest of eight directions, the angle."""
    angle = _js_round(math.degrees(math.atan2(arrow[1], arrow[0])))
    return f"length {math.hypot(*arrow):.2f}, pointing {WAYS[(_js_round(angle / 45) + 8) % 8]} ({angle}° from the x axis)"


def test_on_a_phone_probes_a_step_apart_keep_their_labels_apart_and_are_told_in_words(browser, live):  # noqa: F811
    """Probes one keyboard step apart (closer than a label is tall) on a 390 px phone: at most the latest three are
    labelled, the newest always, none overlapping; each probe's depth and downhill arrow are announced in words,
    as the server's game (the oracle) has them, and the table of probes lists every probe the same way."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    watch = Watch(context)
    page = watch.page(context)
    game = Round(level="intro", seed=1)
    _open(page, live, "intro", 1)
    page.focus("#sandpit-pit")
    x, y = 3.0, 3.0  # where the cursor starts
    try:
        for n in range(1, 7):
            page.keyboard.press("Enter")
            page.wait_for_selector(f'#sandpit-probes .probe-mark[data-number="{n}"]')
            expect(page.locator("#sandpit-again")).to_be_hidden()  # "New round" only once the round is over
            p = game.probe(x, y)["probes"][0]
            words = _arrow_words(p["arrow"])
            expect(page.locator("#sandpit-status")).to_contain_text(
                f"Probe {n} at ({x:.2f}, {y:.2f}): depth {p['depth']:.2f}. Downhill arrow {words}.")
            shown, overlaps = _labels(page)
            assert shown[-1] == n and set(shown) <= set(range(n - 2, n + 1)) and overlaps == [], (n, shown, overlaps)
            row = page.locator("#sandpit-probe-rows tr").nth(n - 1).locator("td").all_text_contents()
            assert row == [str(n), f"{x:.2f}", f"{y:.2f}", f"{p['depth']:.2f}", words]
            key, (dx, dy) = (("ArrowRight", (0.1, 0.0)), ("ArrowUp", (0.0, 0.1)))[n % 2]
            page.keyboard.press(key)
            x, y = x + dx, y + dy
        summary = page.locator("details.sandpit-probes summary")
        expect(summary).to_have_text("Table of probes (6)")
        summary.focus()
        page.keyboard.press("Enter")  # the rest, on demand, by keyboard
        expect(page.locator("#sandpit-probe-rows tr").first).to_be_visible()
    finally:
        context.close()
    assert watch.errors == []
