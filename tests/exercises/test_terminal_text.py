"""The terminal shows maths as Unicode: hand-checked pieces, and no LaTeX left anywhere in the
bank's prompts, hints, options, solutions or feedback, nor in `mvcalc questions show` / `practice`."""

from __future__ import annotations

import re

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mvcalc.cli import app
from mvcalc.exercises import grade, registry
from mvcalc.exercises.terminal_text import terminal_text, unicode_math

from .conftest import typed

LATEX_LEFT = re.compile(r"\\[a-zA-Z]+|\^\{|_\{")  # a command (\\left, \\frac, ...) or a braced script
x = sp.Symbol("x", real=True)

CASES = [  # LaTeX → what the terminal shows (the oracle: written out by hand)
    (r"f(x) = x^{3} \sin{\left(2 x \right)}", "f(x) = x³ sin(2x)"),
    (r"\frac{d}{dx}\left(u v\right) = u' v + u v'", "d/dx (u v) = u′ v + u v′"),
    (r"\frac{d}{dx} x^n = n x^{n-1}", "d/dx xⁿ = n xⁿ⁻¹"),
    (r"\sqrt{x^{2} + 1}", "√(x² + 1)"),
    (r"\frac{1}{2\sqrt{u}}", "1/(2√u)"),
    (r"\frac{x^{7}}{7}", "x⁷/7"),
    (r"e^{- 3 x}", "e⁻³ˣ"),
    (r"e^{x^{2}}", "e^(x²)"),
    (r"e^{\sin{\left(x \right)}}", "e^(sin(x))"),
    (r"\sin^{2}{\left(x \right)}", "sin²(x)"),
    (r"f^{(4)}", "f⁽⁴⁾"),
    (r"\frac{\partial}{\partial y}", "∂/∂y"),
    (r"x_{1} + a_{n+1}", "x₁ + aₙ₊₁"),
    (r"\left[\begin{matrix}1 & 2\\3 & 4\end{matrix}\right]", "[1 2; 3 4]"),
    (r"\operatorname{sigmoid}{\left(x \right)}", "sigmoid(x)"),
    (r"\alpha \cdot \beta \approx 0.5", "α · β ≈ 0.5"),
    (r"- \frac{x + 1}{x^{2} - 3}", "−(x + 1)/(x² − 3)"),
    (r"f(x) = - 5 x^{4}, \left(- 3, - 2\right)", "f(x) = −5x⁴, (−3, −2)"),
]


@pytest.mark.parametrize(("latex", "shown"), CASES)
def test_latex_pieces_read_as_unicode(latex, shown):
    assert unicode_math(latex) == shown


@pytest.mark.parametrize("expr", [x**3 * sp.sin(2 * x), sp.exp(-3 * x) / (x**2 + 1), sp.sqrt(x) * sp.log(x),
                                  sp.Matrix([[x, 1], [2, x**2]]), sp.atan(x) ** 2 + sp.cosh(x)])
def test_whatever_sympy_writes_leaves_no_latex(expr):
    shown = unicode_math(sp.latex(expr))
    assert shown and not LATEX_LEFT.search(shown), shown


LEAVES = st.sampled_from([x, sp.Integer(3), sp.Rational(1, 2), sp.pi, sp.Symbol("y", real=True)])
EXPRESSIONS = st.recursive(LEAVES, lambda inner: st.one_of(
    st.builds(sp.Add, inner, inner), st.builds(sp.Mul, inner, inner), st.builds(sp.Pow, inner, inner),
    st.builds(lambda e: e / (1 + x**2), inner),
    *(st.builds(f, inner) for f in (sp.sin, sp.cos, sp.exp, sp.log, sp.sqrt, sp.atan, sp.tanh))),
    max_leaves=6)


@settings(max_examples=150, deadline=None)
@given(expr=EXPRESSIONS)
def test_no_latex_is_left_of_any_sympy_expression(expr):
    shown = unicode_math(sp.latex(expr))
    assert not LATEX_LEFT.search(shown), (sp.latex(expr), shown)
    assert shown.count("(") == shown.count(")"), (sp.latex(expr), shown)


def test_prose_keeps_its_words_and_converts_only_the_maths():
    text = r"Differentiate $f(x) = x^{2}$ with respect to $x$; cost $5 each is not maths."
    assert terminal_text(text).startswith("Differentiate f(x) = x² with respect to x;")


def _texts(q) -> list[str]:
    texts = [q.prompt, q.solution, *q.hints, *(c.text for c in q.choices), *(m.message for m in q.buggy)]
    texts += [c.misconception.message for c in q.choices if c.misconception]
    for m in q.buggy[:3]:
        texts.append(grade(q, typed(q, m.answer)).message)
    return texts


@pytest.mark.parametrize("gen", registry.all_generators(), ids=lambda g: g.id)
def test_no_latex_reaches_the_terminal(gen):
    """Every generator × 3 seeds: prompt, hints, options, solution and feedback as the terminal shows them."""
    for seed in range(3):
        q = gen.generate(seed)
        for text in _texts(q):
            shown = terminal_text(text)
            assert not LATEX_LEFT.search(shown), (gen.id, seed, text, shown)


def test_the_cli_shows_no_latex():
    runner = CliRunner()
    for gid, seed in [("m1-product-power-trig", 0), ("m2-hessian-2x2", 3), ("m4-general-term", 1),
                      ("m1-assess-value-at-pi", 2)]:
        shown = runner.invoke(app, ["questions", "show", gid, "--seed", str(seed)])
        assert shown.exit_code == 0, shown.output
        assert not LATEX_LEFT.search(shown.output), (gid, shown.output)
    shown = runner.invoke(app, ["questions", "show", "m1-product-power-trig", "--seed", "0"]).output
    assert re.search(r"f\(x\) = x[²³⁴⁵⁶] (sin|cos)\(\d*x\)", shown), shown  # a power times a sine, as Unicode
