"""Coverage of how derivations show themselves (mvcalc.math.calculus.derivation_view), with SymPy as the oracle."""

from __future__ import annotations

import rich.console
import sympy as sp

from mvcalc.math.calculus.derivation_view import derivation_dict, derivation_rich, derivation_text
from mvcalc.math.calculus.derive import derivative
from mvcalc.math.input.reader import parse

NAMES = ["u", "v", "w", "s", "t", "x"]


def _walk(step: dict):
    yield step
    for sub in step["substeps"]:
        yield from _walk(sub)


def test_second_order_chain_rule_with_every_placeholder_name_taken() -> None:
    expr = parse("sin(u*v*w*s*t*x^2)", NAMES)
    x = next(s for s in expr.free_symbols if s.name == "x")
    d = derivative(expr, "x", 2)
    assert sp.simplify(d.result - sp.diff(expr, x, 2)) == 0  # the oracle: SymPy's own derivative
    text = derivation_text(d)
    # u, v, w, s and t are variables, so the chain rule names the inner expression u_0
    assert "set u_0 = s*t*u*v*w*x^2" in text
    assert text.startswith("order 1: ∂/∂x sin(s*t*u*v*w*x^2) = 2*s*t*u*v*w*x*cos(s*t*u*v*w*x^2)")
    assert "\norder 2: " in text
    data = derivation_dict(d)
    assert [o["order"] for o in data["orders"]] == [1, 2] and data["order"] == 2
    outer = [s for o in data["orders"] for root in o["steps"] for s in _walk(root) if "u" in s]
    assert outer and all(s["u"] == "s*t*u*v*w*x^2" for s in outer)
    console = rich.console.Console(width=200, record=True)
    console.print(derivation_rich(d))
    shown = console.export_text()
    assert "order 1: " in shown and "order 2: " in shown and "sine: d/du_0 sin(u_0) = cos(u_0)" in shown
