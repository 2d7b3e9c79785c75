"""The interactive figures in chromium: each draws, its sliders move it, the readouts show the server's values."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mvcalc.course.figures import figure_data

from .test_browser import Watch, _shot

pytestmark = pytest.mark.browser


def _set(slider, value: int) -> None:
    slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", value)


def test_interactive_figures_draw_and_respond(browser, live):  # noqa: F811
    context = browser.new_context(viewport={"width": 900, "height": 1000})
    watch = Watch(context)
    page = watch.page(context)
    page.goto(f"{live.url}/sandpit/figures")
    expect(page.locator(".figure-readout")).to_have_count(12, timeout=30000)
    figs = page.locator("figure.lesson-figure")
    assert figs.count() == 12
    for i in range(12):
        assert "could not be drawn" not in figs.nth(i).inner_text()
        assert figs.nth(i).locator("svg").count() >= 1

    secant = page.locator('figure[data-name="secant-to-tangent"]')
    data = figure_data("secant-to-tangent", {})
    sliders = secant.locator("input[type=range]")
    _set(sliders.nth(0), 10)
    _set(sliders.nth(1), len(data["h"]) - 1)
    row = data["anchors"][10]
    text = secant.locator(".figure-readout").inner_text()
    assert f"{row['slope'][-1]:.5f}" in text and f"{data['derivative'][10]:.5f}" in text
    assert abs(row["slope"][-1] - data["derivative"][10]) < 0.01  # x²: the secant's slope → 2a

    newton = page.locator('figure[data-name="newton-explorer"]')
    runs = figure_data("newton-explorer", {})["runs"]
    seen = set()
    for i in (0, 60, 100, 150, 200):
        _set(newton.locator("input[type=range]"), i)
        assert runs[i]["verdict"] in newton.locator(".figure-readout").inner_text()
        seen.add(newton.locator(".plot-area").get_attribute("data-verdict"))
    assert "converged" in seen

    grad = page.locator('figure[data-name="gradient-contours"]')
    g = figure_data("gradient-contours", {})
    _set(grad.locator("input[type=range]").nth(0), 20)
    _set(grad.locator("input[type=range]").nth(1), 5)
    assert f"J = [{g['fx'][5][20]:.3f}, {g['fy'][5][20]:.3f}]" in grad.locator(".figure-readout").inner_text()
    taylor = page.locator('figure[data-name="taylor-orders"]')
    _set(taylor.locator("input[type=range]").nth(1), 4)
    assert taylor.locator(".plot-area").get_attribute("data-order") == "4"
    assert taylor.locator(".katex").count() >= 1 and "Order 4" in taylor.locator(".figure-readout").inner_text()

    line = page.locator('figure[data-name="line-fit"]')
    fitted = figure_data("line-fit", {})
    _set(line.locator("input[type=range]").nth(0), 40)
    _set(line.locator("input[type=range]").nth(1), 40)
    assert f"χ² = {fitted['chi2'][40][40]:.3f}" in line.locator(".figure-readout").inner_text()
    slices = page.locator('figure[data-name="partial-slices"]')
    ps = figure_data("partial-slices", {})
    _set(slices.locator("input[type=range]").nth(0), 4)
    _set(slices.locator("input[type=range]").nth(1), 17)
    assert f"∂f/∂x = {ps['fx'][17][4]:.3f}" in slices.locator(".figure-readout").inner_text()

    lag = page.locator('figure[data-name="lagrange-parallel"]')
    ld = figure_data("lagrange-parallel", {})
    _set(lag.locator("input[type=range]"), 30)
    assert f"f = {ld['f'][30]:.4f}" in lag.locator(".figure-readout").inner_text()
    pair = page.locator('figure[data-name="derivative-pair"]')
    dp = figure_data("derivative-pair", {})
    _set(pair.locator("input[type=range]"), 80)
    assert f"f′(x) = {dp['df_at'][80]:.4f}" in pair.locator(".figure-readout").inner_text()

    plane = page.locator('figure[data-name="tangent-plane"]')
    tp = figure_data("tangent-plane", {})
    for n, v in enumerate((2, 9, 0, 8)):
        _set(plane.locator("input[type=range]").nth(n), v)
    error = abs(tp["true"][9][2][8][0] - tp["linear"][9][2][8][0])
    assert f"|f − L| = {error:.4f}" in plane.locator(".figure-readout").inner_text()
    t2 = page.locator('figure[data-name="taylor-2d-orders"]')
    _set(t2.locator("input[type=range]").nth(1), 2)
    assert t2.locator(".plot-area").get_attribute("data-order") == "2" and t2.locator(".katex").count() >= 1
    net = page.locator('figure[data-name="network-backprop"]')
    before = net.locator(".plot-area").get_attribute("data-cost")
    _set(net.locator('input[data-param="W2[0]"]'), -3)
    expect(net.locator(".plot-area")).not_to_have_attribute("data-cost", before, timeout=30000)
    from mvcalc.course.figures.interactive_network import DEFAULTS, network_graph

    expected = network_graph({**DEFAULTS, "w2": [-3.0, DEFAULTS["w2"][1]]})["cost"]
    assert float(net.locator(".plot-area").get_attribute("data-cost")) == pytest.approx(expected, abs=1e-9)
    assert net.locator("g.node").count() == 15
    gauss = page.locator('figure[data-name="gaussian-fit"]')
    gd = figure_data("gaussian-fit", {})
    _set(gauss.locator("input[type=range]"), 10)
    assert f"μ = {gd['path'][10][0]:.3f}, σ = {gd['path'][10][1]:.3f}" in gauss.locator(".figure-readout").inner_text()
    _shot(page, "sandpit-figures")
    assert watch.errors == [] and watch.external == []
    context.close()
