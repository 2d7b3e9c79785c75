"""The course's interactive figures as Jupyter widgets (anywidget), fed by the same server-side data.

    from mvcalc.widgets import Figure
    Figure("taylor-orders", f="cos x", a=0)      # any name of mvcalc.course.figures.names()

The data comes from the figure's data function in `mvcalc.course.figures` (the engine
computes every value, exactly as for the web page); the drawing is the page's own JS
module for that figure, bundled with the shared controls and JSXGraph from the
package's pinned assets, so nothing is fetched from the network. Figures that ask
the server again while you move a slider (the network's back-propagation) ask the
kernel instead, through the widget's messages.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from mvcalc.course import figures

STATIC = Path(__file__).parent / "web" / "static"
_IMPORT = re.compile(r'^import \{[^}]*\} from "/static/js/figure-controls\.js";\n', re.M)

#: figures whose `post` goes back to a data function: endpoint -> function(params) -> data
_ENDPOINTS = {"/api/figures/network-backprop": "mvcalc.course.figures.interactive_network:network_graph"}


@cache
def _bundle(script: str) -> str:
    """An ES module that needs nothing from a server: JSXGraph, the shared controls and the figure's module."""
    controls = (STATIC / "js" / "figure-controls.js").read_text(encoding="utf-8")
    module = _IMPORT.sub("", (STATIC / script).read_text(encoding="utf-8"))
    jsxgraph = (STATIC / "vendor" / "jsxgraph" / "jsxgraphcore.js").read_text(encoding="utf-8")
    css = (STATIC / "vendor" / "jsxgraph" / "jsxgraph.css").read_text(encoding="utf-8")
    return f"""
const JSXGRAPH = {json.dumps(jsxgraph)};
const JSXGRAPH_CSS = {json.dumps(css)};
function loadJXG() {{
  if (!globalThis.JXG) {{
    (0, eval)(JSXGRAPH);  // the pinned JSXGraph shipped in the package, never text from a user
    const style = document.createElement("style");
    style.textContent = JSXGRAPH_CSS;
    document.head.appendChild(style);
  }}
  return globalThis.JXG;
}}
{controls.replace("export ", "")}
{module.replace("export function draw", "function draw")}
let counter = 0;
function render({{ model, el }}) {{
  const area = document.createElement("div");
  area.id = `mvcalc-figure-${{Date.now()}}-${{counter++}}`;
  area.className = "plot-area";
  area.style.width = "560px"; area.style.height = "380px";
  el.appendChild(area);
  const pending = new Map();
  model.on("msg:custom", (msg) => {{ const done = pending.get(msg.id); if (done) {{ pending.delete(msg.id); done(msg.data); }} }});
  const post = (url, body) => new Promise((resolve) => {{
    const id = `${{Date.now()}}-${{Math.random()}}`;
    pending.set(id, resolve);
    model.send({{ id, url, body }});
  }});
  const plain = (node, text) => {{ node.textContent = text ?? ""; }};
  // KaTeX is not in a notebook's page: formulas are shown as their TeX source unless the page has KaTeX
  const katex = globalThis.katex ?? {{ render: (tex, node) => {{ node.textContent = tex; }} }};
  draw(area, model.get("data"), {{ JXG: loadJXG(), katex, renderMath: plain, renderText: plain, post }});
}}
export default {{ render }};
"""


class Figure(anywidget.AnyWidget):
    """One of the course's interactive figures, drawn in the notebook from the engine's data."""

    name = traitlets.Unicode().tag(sync=True)
    data = traitlets.Dict().tag(sync=True)
    description = traitlets.Unicode().tag(sync=True)

    def __init__(self, name: str, **params: Any) -> None:
        kind = figures.get(name)
        if kind is None:
            raise figures.FigureError(f"unknown figure `{name}`; there are {', '.join(figures.names())}")
        data = figures.figure_data(name, {k: str(v) if hasattr(v, "free_symbols") else v for k, v in params.items()})
        super().__init__(name=name, data=json.loads(json.dumps(data)), description=kind.description,
                         _esm=_bundle(kind.script))
        self.on_msg(self._answer)

    def _answer(self, _widget, content: dict, _buffers) -> None:
        """A figure's `post(url, body)` from the page, answered by the same data function as the web route."""
        import importlib

        target = _ENDPOINTS.get(str(content.get("url")))
        if target is None or not isinstance(content.get("body"), dict):
            self.send({"id": content.get("id"), "data": {"ok": False, "error": "unknown request"}})
            return
        module, _, function = target.partition(":")
        try:
            data = {"ok": True, **getattr(importlib.import_module(module), function)(content["body"])}
        except figures.FigureError as exc:
            data = {"ok": False, "error": str(exc)}
        self.send({"id": content.get("id"), "data": data})


def names() -> list[str]:
    """The figures that can be shown as widgets: every registered figure."""
    return figures.names()


@cache
def _sandpit_bundle() -> str:
    """The widget's ES module with the page's shared Sandpit drawing inlined (nothing asked of a server)."""
    shared = (STATIC / "js" / "sandpit-draw.js").read_text(encoding="utf-8").replace("export ", "")
    widget = (STATIC / "js" / "sandpit-widget.js").read_text(encoding="utf-8")
    return shared + re.sub(r'^import \{[^}]*\} from "/static/js/sandpit-draw\.js";\n', "", widget, flags=re.M)


class Sandpit(anywidget.AnyWidget):
    """The Sandpit in a notebook: probe by clicking (or with `probe(x, y)`); the kernel plays the round.

        from mvcalc.widgets import Sandpit
        Sandpit("multiple-minima")          # a new, secret pit; Sandpit("random", seed=4) replays one

    The rules are `mvcalc.games`' (the web page's): the page is sent each probe's depth
    and arrow, and the whole pit only once the round is over. Rounds here are practice:
    nothing is recorded.
    """

    level = traitlets.Unicode().tag(sync=True)
    mode = traitlets.Unicode().tag(sync=True)
    size = traitlets.Float().tag(sync=True)
    probes = traitlets.List().tag(sync=True)
    status = traitlets.Unicode("playing").tag(sync=True)
    message = traitlets.Unicode().tag(sync=True)
    revealed = traitlets.Dict().tag(sync=True)

    def __init__(self, level: str = "intro", mode: str = "", seed: int | None = None) -> None:
        from mvcalc.games.surfaces import SIZE

        super().__init__(level=level, mode=mode, size=SIZE, _esm=_sandpit_bundle())
        self.new_round(seed)
        self.on_msg(self._answer)

    def new_round(self, seed: int | None = None) -> None:
        """Start a round on a new secret pit, or replay `seed`'s pit."""
        import secrets

        from mvcalc.games.sandpit import Round

        self._round = Round(level=self.level, seed=secrets.randbits(63) if seed is None else int(seed), mode=self.mode)
        self.mode = self._round.mode
        self.probes, self.status, self.revealed = [], "playing", {}
        self.message = f"A new pit ({self._round.level}, {self._round.mode} mode): probe it to find the phone."

    def probe(self, x: float, y: float) -> dict:
        """Probe the depth at (x, y), as a click would; after the last probe the pit is revealed."""
        out = self._round.probe(float(x), float(y))
        self.probes = self.probes + out["probes"]
        left = out["left"]
        self.message = " ".join(filter(None, [out["message"], f"({out['used']} used, {left} left)"]))
        if self._round.over:
            shown = self._round.reveal()
            self.revealed = {"phone": shown["phone"], "contour": shown["contour"]}
            self.message += f" The phone was at ({shown['phone']['x']:.2f}, {shown['phone']['y']:.2f}); seed {self._round.seed}."
        self.status = out["status"]
        return out

    def _answer(self, _widget, content: dict, _buffers) -> None:
        """A click or the "New round" button, from the page."""
        from mvcalc.games.sandpit import GameError

        try:
            if content.get("action") == "new":
                self.new_round()
            elif content.get("action") == "probe":
                self.probe(float(content["x"]), float(content["y"]))
        except (GameError, KeyError, TypeError, ValueError) as exc:
            self.message = str(exc) if isinstance(exc, GameError) else "That click could not be read."
