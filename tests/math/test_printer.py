"""The learner-text printer: whatever it prints, the parser reads back as the same value,
for every rule of the differentiation table (its examples, results and buggy answers)
and for the answers of every generator in the bank."""

from __future__ import annotations

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rules import MISTAKES, USES

from mvcalc.exercises import registry
from mvcalc.math.calculus.derive import derivative
from mvcalc.math.diagnose import buggy_derivatives
from mvcalc.math.input.printer import matrix_text, text
from mvcalc.math.input.reader import parse, symbol

x, y = symbol("x"), symbol("y")
SYMBOLIC = ("expression", "vector", "matrix")


def reads_back(value, variables=None, integers=None) -> None:
    printed = text(value)
    assert "**" not in printed and "E" not in printed.replace("e", ""), printed
    again = parse(printed, variables, integers)
    pairs = zip(again, value, strict=True) if isinstance(value, sp.MatrixBase) else [(again, value)]
    for read, meant in pairs:  # the parser may distribute 3(x + y): the same value, not the same tree
        assert read == meant or sp.expand(read - meant) == 0, (printed, read, meant)


def test_printed_forms():
    assert text(1 / x**2) == "1/x^2"
    assert text(sp.E * x) == "e*x"
    assert text(sp.pi / 2) == "pi/2"
    assert text(sp.Abs(x - 1)) == "abs(x - 1)"
    assert text(x ** sp.Rational(-3, 2)) == "1/x^(3/2)"
    assert text(1 / sp.sqrt(x)) == "1/sqrt(x)"
    assert text(sp.Matrix([x, y])) == "[x, y]"
    assert text(sp.Matrix([[x, 1], [2, y]])) == "[[x, 1], [2, y]]"
    assert matrix_text(sp.Matrix([x, y])) == "[[x], [y]]"


def test_general_terms_read_back():
    from mvcalc.math.input.integers import integer_symbol

    n = integer_symbol("n")
    for value in (x**n / sp.factorial(n), (-1) ** n * x ** (2 * n + 1) / sp.factorial(2 * n + 1),
                  sp.binomial(n, 2) * x**n, sp.factorial(n) ** 2 / sp.factorial(2 * n)):
        reads_back(value, ["x", "n"], {"n": 0})
    assert text(x**n / sp.factorial(n)) == "x^n/n!"


RULE_VALUES = [v for expr in USES.values() if not expr.has(sp.erf, sp.Max)
               for v in (expr, derivative(expr, "x").result)]
RULE_VALUES += [m.answer for question, _ in MISTAKES.values() for m in buggy_derivatives(question, "x")]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(RULE_VALUES))
def test_every_rule_example_result_and_buggy_answer_reads_back(value):
    reads_back(value)


GENERATORS = [g for g in registry.all_generators() if g.META.kind in SYMBOLIC]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(GENERATORS), st.integers(0, 49))
def test_the_banks_answers_and_buggy_answers_read_back(generator, seed):
    question = generator.generate(seed)
    variables, integers = question.variables or None, question.integers or None
    reads_back(question.answer, variables, integers)
    for mistake in question.buggy:
        reads_back(mistake.answer, variables, integers)


def _pieces(step) -> list:
    return [step.expr, step.result] + [p for s in step.substeps for p in _pieces(s)]


def test_printing_each_piece_once_prints_what_sympy_prints():
    """The printers remember sub-expressions: whatever was printed before, the text is a fresh printer's."""
    from sympy.printing.str import StrPrinter

    from mvcalc.math.input.printer import _LearnerPrinter, latex, sympy_text

    sources = ["x^2 y", "sin(pi x - x^2 y)", "exp(-x^2-y^2)", "log(x^2+y^2)", "(x+y)/(x-y)", "sqrt(x^2+y^2)",
               "atan(y/x)", "x^y", "1/(1 + exp(-(2x + 3y)))", "(x^2 + y^2)^(3/2)", "sin(x)^2 cos(x)^3 / x",
               "x^(-3/2) + 2^x", "tan(x y)^2 + abs(x - 1)"]
    class Forgetting(_LearnerPrinter):  # the learner printer's methods, without the memo
        def _print(self, expr, **kwargs):
            return StrPrinter._print(self, expr, **kwargs)

    forgetting = Forgetting()
    pieces = []
    for source in sources:
        f = parse(source, ["x", "y"])
        for v in (x, y):
            pieces += [p for root in derivative(f, v, 2).steps for p in _pieces(root)]
    pieces += [sp.Float(0.5, 15), sp.Float(0.5, 15) * x, sp.Float(0.5, 30) * x, sp.Float(0.5, 30), sp.sin(x) ** 2, sp.sin(x), x ** sp.Rational(1, 3)]
    for piece in pieces + pieces[::-1]:
        assert latex(piece) == sp.latex(piece), piece
        assert sympy_text(piece) == str(piece) == StrPrinter().doprint(piece), piece
        assert text(piece) == forgetting.doprint(piece).replace("**", "^"), piece
