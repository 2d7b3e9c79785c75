"""Diagnosis: a wrong answer that one buggy rule explains is named, located and fixed."""

from __future__ import annotations

import itertools
import random

import sympy as sp
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from test_rules import equal  # the same numeric oracle

from mvcalc.math.calculus.derive import derivative
from mvcalc.math.diagnose import (
    Diagnosis,
    buggy_derivatives,
    check_derivative,
    diagnose,
    swapped_answers,
)
from mvcalc.math.functions import sigmoid
from mvcalc.math.series.buggy import buggy_series

x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)


def test_the_issue_example_names_the_forgotten_chain_factor():
    found = diagnose({"kind": "derivative", "expr": sp.sin(x**2), "wrt": "x"}, sp.cos(x**2))
    assert isinstance(found, Diagnosis) and found.status == "incorrect"
    assert found.rule == "chain_forgotten"
    assert found.message == (
        r"You differentiated $\sin{\left(x^{2} \right)}$ to $\cos{\left(x^{2} \right)}$ and stopped "
        r"there: the chain rule also multiplies by the derivative of the inside, "
        r"$\frac{d}{dx}\left(x^{2}\right)$."
    )
    assert found.misconception.where == sp.latex(sp.sin(x**2))


def test_text_questions_and_answers_go_through_the_parser():
    found = diagnose({"kind": "derivative", "expr": "x^2 sin x", "wrt": "x"}, "2x cos x")
    assert found.rule == "product_of_derivatives"
    assert diagnose({"kind": "derivative", "expr": "x^2 sin x", "wrt": "x"}, "2x sin x + x^2 cos x") is None
    bad = diagnose({"kind": "derivative", "expr": "x^2", "wrt": "x"}, "2x +")
    assert bad.status == "invalid" and bad.misconception is None and bad.message


def test_partial_questions_and_the_other_variable_mistake():
    q = {"kind": "partial", "expr": "x^2 y^3 + y^2", "wrt": "x", "variables": ["x", "y"]}
    assert diagnose(q, "2x y^3") is None
    found = diagnose(q, "2x y^3 + 2y")
    assert found.rule == "held_constant_differentiated" and "held constant" in found.message
    assert diagnose(q, "2x y^3 + 3x^2 y^2 + 2y").rule.startswith("held_")


def test_correct_and_unexplained_answers_give_none():
    q = {"kind": "derivative", "expr": sp.exp(x) * sp.sin(x), "wrt": "x"}
    assert diagnose(q, sp.exp(x) * (sp.sin(x) + sp.cos(x))) is None
    assert diagnose(q, sp.tan(x) + 17) is None


def test_buggy_answers_are_distinct_and_none_is_right():
    for f in [x**2 * sp.sin(x), sp.exp(sp.sin(x**2)), sp.sin(x) / (x**2 + 1), x**x, sigmoid(x**2)]:
        right = sp.diff(f, x)
        answers = [m.answer for m in buggy_derivatives(f, "x", max_swaps=2)]
        assert answers
        for i, a in enumerate(answers):
            assert not equal(a, right), (f, a)
            assert not any(equal(a, b) for b in answers[i + 1 :]), (f, a)


def test_two_mistakes_at_once_are_found_when_asked_for():
    f = x**2 * sp.cos(x)
    single = {m.rule for m in buggy_derivatives(f, "x")}
    double = buggy_derivatives(f, "x", max_swaps=2)
    assert not any("+" in r for r in single)
    both = [m for m in double if m.rule == "power_no_coefficient+cos_to_sin"]
    assert both and "Also:" in both[0].message
    assert diagnose({"kind": "derivative", "expr": f, "wrt": "x"}, x * sp.cos(x) + x**2 * sp.sin(x)).rule


def test_second_derivative_mistakes_are_made_in_the_last_differentiation():
    q = {"kind": "derivative", "expr": sp.sin(x**2), "wrt": "x", "order": 2}
    first = 2 * x * sp.cos(x**2)
    wrong = 2 * sp.cos(x**2) + 2 * x * (-sp.sin(x**2))  # chain factor forgotten in (cos x^2)'
    found = diagnose(q, wrong)
    assert found is not None and found.rule == "chain_forgotten"
    assert found.message.startswith("Your first derivative step looks right, but the second "
                                    "(differentiating $f'$) differs.")
    assert diagnose(q, sp.diff(first, x)) is None


# ---------------------------------------------------------------- the relevance rule (issue #16)


def test_the_issue_example_names_a_mistake_in_what_the_learner_saw():
    """f = 4x^6 + cos x, f'' asked, 120x^4 + cos x typed: the sin of the old message exists only in
    f'. Either cause is in an expression the learner worked with, and the message says which step."""
    q = {"kind": "derivative", "expr": "4x^6 + cos x", "wrt": "x", "order": 2}
    found = diagnose(q, "120x^4 + cos(x)")
    assert found is not None and found.rule == "cos_to_sin"
    assert found.message.startswith("The mistake is in the first differentiation (of $f$); the next step is "
                                    "right for what it gave.")
    assert r"\cos{\left(x \right)}" in found.message  # the cos x of the question itself
    assert "sin differentiated to −cos" in found.message  # the other cause: on f', in the second step
    assert found.misconception.where == sp.latex(sp.cos(x))


def test_a_first_step_mistake_differentiated_correctly_afterwards_is_named():
    q = {"kind": "derivative", "expr": sp.sin(x**2), "wrt": "x", "order": 2}
    wrong_first = sp.cos(x**2)  # chain factor forgotten in f'
    found = diagnose(q, sp.diff(wrong_first, x))
    assert found is not None and found.rule == "chain_forgotten"
    assert found.message.startswith("The mistake is in the first differentiation (of $f$)")
    assert found.misconception.where == sp.latex(sp.sin(x**2))


def test_stopping_one_derivative_early_is_named_as_a_step():
    q = {"kind": "derivative", "expr": "x^5 + exp(2x)", "wrt": "x", "order": 3}
    found = diagnose(q, "20x^3 + 4 exp(2x)")
    assert found is not None and found.rule == "stopped_early"
    assert "second derivative" in found.message and "once more" in found.message


def test_an_answer_no_step_explains_is_not_named():
    q = {"kind": "derivative", "expr": "4x^6 + cos x", "wrt": "x", "order": 2}
    assert diagnose(q, "120x^4 + tan(x)") is None
    assert diagnose(q, "7x") is None


def _subexpressions(expr) -> set[str]:
    """Every sub-expression, sums and products of some of the terms or factors included (the
    engine takes 2·(x cos x²) apart as a constant times a product), and the denominator of each
    negative power (the engine reads (6x + 1)e^{3x}/(2√x) as a quotient with √x below)."""
    out = set()
    for e in sp.preorder_traversal(expr):
        out.add(sp.latex(e))
        if e.is_Pow and e.exp.is_negative:
            out.add(sp.latex(e.base ** -e.exp))
        if (e.is_Add or e.is_Mul) and len(e.args) <= 5:
            for k in range(1, len(e.args)):
                out |= {sp.latex(e.func(*part)) for part in itertools.combinations(e.args, k)}
    return out


ATOMS = st.sampled_from([x, x**2, x**3, sp.sin(2 * x), sp.cos(x), sp.exp(3 * x), sp.log(x), sp.sqrt(x)])
EXPRS = st.recursive(ATOMS, lambda inner: st.one_of(
    st.builds(sp.Add, inner, inner), st.builds(sp.Mul, inner, inner),
    st.builds(lambda e: sp.sin(e), inner), st.builds(lambda e, k: k * e, inner, st.integers(2, 5))),
    max_leaves=3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f=EXPRS)
@example(f=sp.sqrt(x) * sp.exp(3 * x))  # √x differentiated in f' is the denominator of (6x + 1)e^{3x}/(2√x)
def test_every_second_derivative_mistake_is_in_an_expression_the_learner_worked_with(f):
    """Relevance, as a property: a mistake of step 1 sits in f, one of step 2 in the engine's f',
    and the message says so; each answer is that step's mistake with the other step done right."""
    assume(f.has(x))
    d = derivative(f, "x", 2)
    steps = {1: _subexpressions(d.steps[0].expr), 2: _subexpressions(d.steps[1].expr)}
    for m in buggy_derivatives(f, "x", order=2):
        if m.rule == "stopped_early":
            assert equal(m.answer, sp.diff(f, x))
            continue
        step = 1 if m.message.startswith("The mistake is in the first") else 2
        if step == 2:
            assert m.message.startswith("Your first derivative step looks right"), m.message
        assert m.where in steps[step], (f, m.rule, m.where, step)
        assert not equal(m.answer, sp.diff(f, x, 2))


def test_jacobian_and_hessian_questions_go_to_the_multivariate_rules():
    q = {"kind": "jacobian", "exprs": ["x^2 - y^2", "2x y"], "variables": ["x", "y"]}
    transposed = sp.ImmutableMatrix([[2 * x, 2 * y], [-2 * y, 2 * x]])
    assert diagnose(q, transposed).rule == "jacobian_transposed"
    h = {"kind": "hessian", "expr": "x^2 y + y^3", "variables": ["x", "y"]}
    no_mixed = sp.ImmutableMatrix([[2 * y, 0], [0, 6 * y]])
    found = diagnose(h, no_mixed)
    assert found is not None and "mixed" in found.message.lower()


def test_taylor_questions_go_to_the_series_rules():
    q = {"kind": "taylor", "expr": "exp(x)", "at": {"x": 0}, "order": 3, "variables": ["x"]}
    buggy = buggy_series(sp.exp(x), {"x": 0}, 3, variables=["x"])
    assert buggy
    found = diagnose(q, buggy[0].answer)
    assert found is not None and found.rule == buggy[0].rule


def test_check_derivative_gives_a_verdict_with_its_diagnosis():
    right = check_derivative("sin(x^2)", "x", "2x cos(x^2)")
    assert right["status"] == "correct" and right["diagnosis"] is None
    wrong = check_derivative("sin(x^2)", "x", "cos(x^2)")
    assert wrong["status"] == "incorrect" and wrong["diagnosis"]["rule"] == "chain_forgotten"
    assert wrong["expected"] == "2*x*cos(x^2)"
    assert check_derivative("sin(x^2)", "x", "cos(")["status"] == "invalid"
    assert check_derivative("sin(", "x", "cos(x)")["status"] == "invalid"
    assert check_derivative("x y", "z", "y", ["x", "y"])["status"] == "invalid"


# ---------------------------------------------------------------- random questions

FUNCS = [sp.sin, sp.cos, sp.tan, sp.exp, sp.log, sp.sqrt, sp.cosh, sp.acos, sigmoid]


def random_question(rng: random.Random) -> sp.Expr:
    """A course-like expression: a product, quotient or composition of two simple parts."""
    def part():
        kind = rng.choice(["power", "func", "func_of_power", "exp_base"])
        n = rng.choice([2, 3, 4, sp.Rational(1, 2), -1])
        if kind == "power":
            return rng.choice([1, 2, 3]) * x**n
        if kind == "func":
            return rng.choice(FUNCS)(x)
        if kind == "exp_base":
            return rng.choice([2, 3, 10]) ** x
        return rng.choice(FUNCS)(rng.choice([2, 3]) * x ** rng.choice([2, 3]))
    a, b = part(), part()
    return rng.choice([a * b, a / b, a + b + rng.choice([0, 5]), a])


def diagnosis_outcomes(count: int, seed: int = 1):
    """(named right, ambiguous, total) over every single-swap answer of `count` random questions."""
    rng = random.Random(seed)
    right = ambiguous = total = 0
    for _ in range(count):
        f = random_question(rng)
        q = {"kind": "derivative", "expr": f, "wrt": "x"}
        correct = sp.diff(f, x)
        for rule, _node, answer in swapped_answers(f, "x"):
            if answer.has(sp.nan, sp.zoo) or equal(answer, correct):
                continue  # this swap does not change the answer: not a visible mistake
            found = diagnose(q, answer)
            total += 1
            if found is None:
                continue
            names = {r for m in (found.misconception, *found.alternatives) for r in m.rules}
            right += rule in names
            ambiguous += len(names) > 1
    return right, ambiguous, total


def test_each_single_buggy_answer_is_diagnosed_with_its_rule():
    right, ambiguous, total = diagnosis_outcomes(25)
    assert total > 50
    assert right == total
    assert ambiguous < total
