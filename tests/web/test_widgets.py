"""The interactive figures as notebook widgets: the same data as the web page, a self-contained drawing."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient

from mvcalc.course import figures
from mvcalc.web.routes.sandpit import (
    INTERACTIVE,  # the figures the web page draws with no parameters
)
from mvcalc.widgets import Figure


@pytest.mark.parametrize("name", INTERACTIVE)
def test_every_figure_is_a_widget_with_the_pages_data_and_no_server(name):
    widget = Figure(name)
    assert widget.data == json.loads(json.dumps(figures.figure_data(name, {})))
    esm = widget._esm
    assert "function draw" in esm and "export default" in esm
    assert 'from "/static/' not in esm and "fetch(" not in esm  # nothing asked of a web server


def test_parameters_reach_the_data_function():
    assert Figure("taylor-orders", f="cos x").data == figures.figure_data("taylor-orders", {"f": "cos x"})


def test_an_unknown_figure_or_bad_parameters_are_refused():
    with pytest.raises(figures.FigureError):
        Figure("no-such-figure")
    with pytest.raises(figures.FigureError):
        Figure("taylor-orders", f="sin(")


def test_the_networks_recomputation_is_answered_by_the_kernel():
    widget = Figure("network-backprop")
    sent = []
    widget.send = sent.append  # what the kernel would send to the page
    widget._answer(widget, {"id": "1", "url": widget.data["endpoint"], "body": {}}, [])
    widget._answer(widget, {"id": "2", "url": "/elsewhere", "body": {}}, [])
    assert sent[0]["id"] == "1" and sent[0]["data"]["ok"] is True
    assert sent[1] == {"id": "2", "data": {"ok": False, "error": "unknown request"}}


def test_a_widget_displays_in_a_real_kernel():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'from mvcalc.widgets import Figure\nFigure("secant-to-tangent")'),
        nbformat.v4.new_code_cell('from mvcalc.widgets import Sandpit\npit = Sandpit("intro", seed=1)\npit'),
        nbformat.v4.new_code_cell('pit.probe(1, 1)["probes"][0]["depth"] < 0')])
    NotebookClient(nb, timeout=180, kernel_name="python3").execute()
    for cell in nb.cells[:2]:
        mimes = {m for out in cell.outputs for m in out.get("data", {})}
        assert "application/vnd.jupyter.widget-view+json" in mimes
    assert nb.cells[2].outputs[0]["data"]["text/plain"] == "True"


def test_a_static_plot_figure_takes_its_parameters():
    widget = Figure("function", f="x^2", xmin=-2, xmax=2)
    assert widget.data == json.loads(json.dumps(figures.figure_data("function", {"f": "x^2", "xmin": -2, "xmax": 2})))


@pytest.mark.browser
@pytest.mark.parametrize("name", INTERACTIVE)
def test_the_widget_draws_in_a_browser_with_nothing_from_a_server(browser, name):  # noqa: F811
    import base64

    widget = Figure(name)
    module = base64.b64encode(widget._esm.encode()).decode()
    html = f"""<!doctype html><html><body><div id="el"></div><script type="module">
      import widget from "data:text/javascript;base64,{module}";
      const data = {json.dumps(widget.data)};
      const model = {{ get: (k) => data, on: () => {{}}, send: () => {{}} }};
      widget.render({{ model, el: document.getElementById("el") }});
      document.body.dataset.drawn = "yes";
    </script></body></html>"""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content(html)
    try:
        page.wait_for_selector('body[data-drawn="yes"]', timeout=30000)
    except Exception:
        raise AssertionError(f"the widget did not draw: {errors}") from None
    page.wait_for_selector("#el svg", timeout=30000)
    assert errors == []
    assert not [u for u in requests if u.startswith("http")]
    page.close()


def test_the_sandpit_widget_plays_by_the_games_rules():
    from mvcalc.games.sandpit import MAX_PROBES, Round
    from mvcalc.widgets import Sandpit

    widget = Sandpit("random", seed=4)
    same = Round("random", 4)
    out = widget.probe(1.0, 2.0)
    assert out["probes"] == same.probe(1.0, 2.0)["probes"]  # the same pit, the same answer
    assert widget.revealed == {} and widget.status == "playing"  # nothing about the pit while playing
    for _ in range(MAX_PROBES - 1):
        widget.probe(1.0, 2.0)
    assert widget.status == "lost" and len(widget.probes) == MAX_PROBES
    assert widget.revealed["phone"]["depth"] == -9.0 and len(widget.revealed["contour"]["depth"]) > 10
    assert "seed 4" in widget.message


def test_the_sandpit_widget_answers_clicks_and_refuses_bad_ones():
    from mvcalc.widgets import Sandpit

    widget = Sandpit("intro")
    assert widget._round.seed is not None and widget.probes == []
    widget._answer(widget, {"action": "probe", "x": 1, "y": 1}, [])
    assert len(widget.probes) == 1
    widget._answer(widget, {"action": "probe", "x": 9, "y": 1}, [])
    assert "inside the pit" in widget.message and len(widget.probes) == 1
    widget._answer(widget, {"action": "probe", "x": "one"}, [])
    assert widget.message == "That click could not be read." and len(widget.probes) == 1
    first = widget._round.seed
    widget._answer(widget, {"action": "new"}, [])
    assert widget.probes == [] and widget._round.seed != first


@pytest.mark.browser
def test_the_sandpit_widget_draws_probes_and_sends_clicks(browser):  # noqa: F811
    import base64

    from mvcalc.widgets import Sandpit

    widget = Sandpit("intro", seed=2)
    for x in (1.0, 2.0, 3.0, 4.0, 5.0):
        widget.probe(x, 1.0)
    module = base64.b64encode(widget._esm.encode()).decode()
    state = {"size": widget.size, "probes": widget.probes, "status": widget.status, "message": widget.message,
             "revealed": widget.revealed}
    html = f"""<!doctype html><html><body><div id="el"></div><script type="module">
      import widget from "data:text/javascript;base64,{module}";
      const state = {json.dumps(state)};
      window.sent = [];
      const model = {{ get: (k) => state[k], on: () => {{}}, send: (m) => window.sent.push(m) }};
      widget.render({{ model, el: document.getElementById("el") }});
      document.body.dataset.drawn = "yes";
    </script></body></html>"""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content(html)
    page.wait_for_selector('body[data-drawn="yes"]', timeout=30000)
    assert page.locator("#el ol li").count() == 5
    assert page.locator("#el svg text").count() == 3  # labels for the last three probes only
    page.locator("#el svg").click()
    sent = page.evaluate("window.sent")
    assert sent and sent[0]["action"] == "probe" and 0 <= sent[0]["x"] <= 6
    assert errors == []
    page.close()
