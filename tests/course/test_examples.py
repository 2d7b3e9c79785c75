"""Every worked example in content/ is recomputed by the engine: no lesson can show wrong maths."""

from __future__ import annotations

import pytest
import sympy as sp

from mvcalc.course.examples import work
from mvcalc.course.loader import load_course
from mvcalc.course.model import Example
from mvcalc.math.input.reader import parse, symbol

EXAMPLES = [
    pytest.param(lesson, example, id=f"{lesson.id}:{example.line}")
    for lesson in load_course().lessons
    for example in lesson.examples
]


@pytest.mark.parametrize(("lesson", "example"), EXAMPLES)
def test_every_example_in_content_is_what_the_engine_computes(lesson, example):
    worked = work(example)
    assert worked.agrees is True, (
        f"{lesson.path}:{example.line}: the lesson claims {example.result}, the engine computes {worked.value}"
    )


def test_content_has_examples():
    assert len(EXAMPLES) >= 2


x, y = symbol("x"), symbol("y")


@pytest.mark.parametrize(
    ("example", "expected"),
    [
        (Example("derivative", "x^2 sin x", "2x sin x + x^2 cos x", ("x",)), 2 * x * sp.sin(x) + x**2 * sp.cos(x)),
        (Example("derivative", "x^3", "6x", ("x",), order=2), 6 * x),
        (Example("partial", "x^2 y + y^3", "2 x y", ("x",)), 2 * x * y),
        (Example("gradient", "x^2 y", "[2xy, x^2]", ("x", "y")), sp.ImmutableMatrix([[2 * x * y, x**2]])),
        (
            Example("jacobian", "[x^2 - y^2, 2 x y]", "[[2x, -2y], [2y, 2x]]", ("x", "y")),
            sp.ImmutableMatrix([[2 * x, -2 * y], [2 * y, 2 * x]]),
        ),
        (Example("hessian", "x^3 y", "[[6xy, 3x^2], [3x^2, 0]]", ("x", "y")), sp.ImmutableMatrix([[6 * x * y, 3 * x**2], [3 * x**2, 0]])),
        (Example("taylor", "e^x", "1 + x + x^2/2", ("x",), at={"x": "0"}, order=2), 1 + x + x**2 / 2),
        (Example("value", "sin(x) e^(cos x)", "0", at={"x": "pi"}), sp.Integer(0)),
        (Example("derivative", "x^2", "4", ("x",), at={"x": "2"}), sp.Integer(4)),
    ],
)
def test_each_kind_matches_sympy(example, expected):
    worked = work(example)
    assert worked.agrees is True
    difference = sp.simplify(sp.Matrix(worked.value) - sp.Matrix(expected)) if isinstance(expected, sp.MatrixBase) else sp.simplify(worked.value - expected)
    assert difference == sp.zeros(*difference.shape) if isinstance(difference, sp.MatrixBase) else difference == 0


def test_a_wrong_claim_is_caught():
    assert work(Example("derivative", "x^2 sin x", "2x cos x", ("x",))).agrees is False
    assert work(Example("taylor", "cos x", "1 + x^2/2", ("x",), at={"x": "0"}, order=2)).agrees is False


def test_derivative_examples_show_the_engines_steps():
    worked = work(Example("derivative", "x^2 sin x", "2x sin x + x^2 cos x", ("x",)))
    assert worked.steps and worked.steps[0]["latex"].startswith(r"\frac{d}{d x}")
    assert any("product" in (s["rule"] + s["explanation"]).lower() for s in worked.steps)
    assert parse("2x sin x + x^2 cos x") == sp.expand(worked.value) or sp.simplify(parse("2x sin x + x^2 cos x") - worked.value) == 0


def test_gradient_jacobian_and_hessian_examples_show_a_step_per_entry():
    gradient = work(Example("gradient", "x^2 y", "[2xy, x^2]", ("x", "y")))
    assert len(gradient.steps) == 2 and all(s["latex"].startswith(r"\frac{\partial}{\partial x}") for s in gradient.steps[:1])
    assert gradient.steps[0]["latex"].endswith("= 2 x y")
    jacobian = work(Example("jacobian", "[x^2 - y^2, 2 x y]", "[[2x, -2y], [2y, 2x]]", ("x", "y")))
    assert len(jacobian.steps) == 4
    hessian = work(Example("hessian", "x^3 y", "[[6xy, 3x^2], [3x^2, 0]]", ("x", "y")))
    assert len(hessian.steps) == 4 and hessian.steps[0]["latex"].endswith("= 6 x y")
