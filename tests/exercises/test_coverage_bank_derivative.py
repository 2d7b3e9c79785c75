"""Coverage of the derivative generators' helpers (mvcalc.exercises.bank._derivative)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sympy as sp

from mvcalc.exercises.bank import _derivative as d
from mvcalc.exercises.bank._common import symbols

x, y = symbols("x y")


@pytest.mark.parametrize(
    ("expr", "rule"),
    [
        (y**2, "constant"),
        (x + sp.sin(x), "sum"),
        (3 * sp.sin(x), "constant_multiple"),
        (sp.sin(x) / (x + 1), "quotient"),
        (sp.sin(x) / x, "product"),  # 1/x is a power of x itself, read as a product
        (x * sp.exp(x), "product"),
        (sp.exp(x), "exp"),
        (sp.Integer(2) ** x, "chain"),
        (sp.E ** (2 * x), "chain"),
        (x**5, "power"),
        ((x + 1) ** 5, "chain"),
        (sp.sin(2 * x), "chain"),
        (sp.log(x), "log"),
        (sp.cos(x), "trig"),
        (sp.tan(x), "function"),
        (x, "power"),
    ],
)
def test_first_rule(expr, rule) -> None:
    assert d.first_rule(expr, x) == rule


def _step(rule, expr=None, result=None, substeps=(), explanation="", var=None, name=""):
    return SimpleNamespace(rule=rule, name=name, expr=expr, result=result, substeps=substeps,
                           explanation=explanation, var=var)


def test_worked_solution_lists_nested_steps_up_to_the_limit() -> None:
    inner = _step("power", x**2, 2 * x, name="power rule")
    outer = _step("chain", sp.sin(x**2), 2 * x * sp.cos(x**2), substeps=(inner,), explanation="outside in")
    text = d.worked_solution(SimpleNamespace(steps=[outer]), x, "So the answer is it.")
    lines = text.splitlines()
    assert lines[0].startswith(r"- Chain, outside in: $\frac{d}{d x}\left(\sin{\left(x^{2} \right)}\right)")
    assert lines[1] == r"  - Power rule: $\frac{d}{d x}\left(x^{2}\right) = 2 x$"
    assert lines[-2:] == ["", "So the answer is it."]
    many = [_step("sum") for _ in range(30)]
    assert len(d._flatten(many)) == 14
    # a step with respect to an expression, and a step without maths
    u = sp.Function("u")(x)
    assert r"\frac{d}{d\left(u{\left(x \right)}\right)}" in d._step_line(_step("chain", u, 1, var=u), x, 0)
    assert d._step_line(_step("constant"), x, 2) == "    - Constant"


def test_derivative_hints_follow_the_engines_first_step() -> None:
    piece = _step("power", x**2, 2 * x)
    first = _step("sum", x**2 + sp.sin(x), 2 * x + sp.cos(x), substeps=(piece,))
    hints = d.derivative_hints(x**2 + sp.sin(x), x, SimpleNamespace(steps=[first]))
    assert "the sum rule" in hints[0]
    assert hints[1].startswith("The sum rule: $")
    assert hints[2] == (
        r"First step: Sum. The pieces you need: $\frac{d}{d x}\left(x^{2}\right) = 2 x$. Now put them together."
    )
    # engine rules named differently are mapped (ln -> the logarithm rule); unknown ones keep the guess
    assert "the logarithm rule" in d.derivative_hints(sp.log(x), x, SimpleNamespace(steps=[_step("ln")]))[0]
    assert "the chain rule" in d.derivative_hints(sp.sin(2 * x), x, SimpleNamespace(steps=[_step("odd")]))[0]
    no_steps = d.derivative_hints(sp.cos(x), x, SimpleNamespace(steps=[]))
    assert len(no_steps) == 2 and "sine and cosine" in no_steps[0]
    u = sp.Function("u")(x)
    hint = d._first_step_hint(_step("chain", substeps=(_step("exp", u, u, var=u),), explanation="e"), x)
    assert hint.startswith("First step: Chain, e. The pieces you need:") and r"d\left(u" in hint


def test_real() -> None:
    assert d._real(sp.sqrt(2)) and not d._real(sp.I) and not d._real(sp.nan) and not d._real(x)
