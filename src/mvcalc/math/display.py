"""How results show themselves in Jupyter: an HTML table of `to_dict()`, every value escaped.

Results with maths of their own (derivations, matrices, series) also have `_repr_latex_`;
the others mix this in, so every object the public API returns displays readably.
"""

from __future__ import annotations

from html import escape

MAX_ITEMS = 8  # a long path or list shows its first and last few items


def _short(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, dict):
        return ", ".join(f"{k} = {_short(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        items = [_short(v) for v in value]
        if len(items) > MAX_ITEMS:
            items = items[: MAX_ITEMS // 2] + [f"… ({len(items) - MAX_ITEMS} more) …"] + items[-MAX_ITEMS // 2 :]
        return "[" + ", ".join(items) + "]"
    return str(value)


class Displayed:
    """Mixin for results with a `to_dict()`: `_repr_html_` is a two-column table of it."""

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{escape(str(k))}</th><td>{escape(_short(v))}</td></tr>"
            for k, v in self.to_dict().items()  # type: ignore[attr-defined]
            if v not in (None, [], {}, "")
        )
        return f"<table class='mvcalc-result'><caption>{escape(type(self).__name__)}</caption>{rows}</table>"
