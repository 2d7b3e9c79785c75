"""The figure registry: a figure name -> a server-side data function + the JS module that draws it.

A lesson's ```{figure}``` directive names a figure and gives parameters (`f: x^2`).
The server calls the figure's data function with those parameters (computing
with the engine) and the page passes the JSON data to the figure's JS module,
`/static/<script>`, which exports `draw(element, data)`. To add a figure, add a
module to this package that calls `register(...)` and, if it needs its own
drawing, a JS module under `mvcalc/web/static/figures/`; no other code changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mvcalc.errors import MvcalcError

DataFunction = Callable[[dict[str, Any]], dict[str, Any]]

#: the JS module that draws curves, points, segments and arrows as a static plot.
DEFAULT_SCRIPT = "figures/plot.js"


class FigureError(MvcalcError):
    """Figure parameters that cannot be drawn (bad formula, wrong variables, bad range)."""


@dataclass(frozen=True)
class FigureKind:
    """A registered figure: `data(params)` returns JSON-able data for `script`'s `draw`."""

    name: str
    data: DataFunction
    script: str = DEFAULT_SCRIPT
    description: str = ""


_REGISTRY: dict[str, FigureKind] = {}
_loaded = False


def register(name: str, *, script: str = DEFAULT_SCRIPT, description: str = "") -> Callable[[DataFunction], DataFunction]:
    """Decorator: register `fn` as the data function of figure `name` (later registrations win)."""

    def decorate(fn: DataFunction) -> DataFunction:
        _REGISTRY[name] = FigureKind(name, fn, script, description or (fn.__doc__ or "").strip().split("\n")[0])
        return fn

    return decorate


def _discover() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def get(name: str) -> FigureKind | None:
    """The registered figure of that name, or None."""
    _discover()
    return _REGISTRY.get(name)


def names() -> list[str]:
    """Every registered figure name, sorted."""
    _discover()
    return sorted(_REGISTRY)


def figure_data(name: str, params: dict[str, Any]) -> dict[str, Any]:
    """Compute the data of figure `name`; raises FigureError on bad parameters."""
    kind = get(name)
    if kind is None:
        raise FigureError(f"unknown figure `{name}`")
    return kind.data(dict(params))
