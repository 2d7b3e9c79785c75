"""The rule table: every correct rule and every buggy rule is exercised, and each buggy rule
gives the answer a learner holding that misconception writes."""

from __future__ import annotations

import re

import numpy as np
import pytest
import sympy as sp

from mvcalc.math.calculus.buggy_rules import BUGGY_BY_ID, BUGGY_RULES, TWINS
from mvcalc.math.calculus.derive import derivative
from mvcalc.math.calculus.rules import BY_ID, RULES
from mvcalc.math.check.answer_samples import Samples
from mvcalc.math.diagnose import buggy_derivatives, swapped_answers
from mvcalc.math.functions import sigmoid

x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
U = sp.Dummy("U", real=True)

# one expression per correct rule, in which that rule is used
USES = {
    "constant": x + 5, "held_constant": x + y, "variable": x, "sum": x + x**2,
    "log_base": sp.log(x, 10), "constant_multiple": 3 * x**2, "quotient": sp.sin(x) / x,
    "product": x * sp.sin(x), "chain": sp.sin(x**2), "sqrt": sp.sqrt(x), "power": x**2,
    "exponential": 2**x, "log_diff": x**x, "exp": sp.exp(x), "ln": sp.log(x), "abs": sp.Abs(x),
    "sigmoid": sigmoid(x), "function": sp.erf(x), "other": sp.Max(x, 1),
}
for _name in ["sin", "cos", "tan", "sec", "csc", "cot", "asin", "acos", "atan", "asec", "acsc",
              "acot", "sinh", "cosh", "tanh", "sech", "csch", "coth", "asinh", "acosh", "atanh",
              "asech", "acsch", "acoth"]:
    USES[_name] = getattr(sp, _name)(x)

# buggy rule -> (question, the answer a learner with that misconception writes)
MISTAKES = {
    "product_of_derivatives": (x**2 * sp.sin(x), 2 * x * sp.cos(x)),
    "product_first_only": (x**2 * sp.sin(x), 2 * x * sp.sin(x)),
    "chain_forgotten": (sp.sin(x**2), sp.cos(x**2)),
    "exp_unchanged": (sp.exp(3 * x), sp.exp(3 * x)),
    "log_reciprocal": (sp.log(x**2 + 1), 1 / (x**2 + 1)),
    "quotient_sign_flipped": (sp.sin(x) / x, (sp.sin(x) - x * sp.cos(x)) / x**2),
    "quotient_no_square": (sp.sin(x) / x, (x * sp.cos(x) - sp.sin(x)) / x),
    "quotient_as_ratio": (sp.sin(x) / x, sp.cos(x)),
    "power_not_lowered": (x**3, 3 * x**3),
    "power_no_coefficient": (x**3, x**2),
    "power_integrated": (x**3, x**4 / 4),
    "cos_to_sin": (sp.cos(x), sp.sin(x)),
    "sin_to_neg_cos": (sp.sin(x), -sp.cos(x)),
    "tan_to_sec": (sp.tan(x), sp.sec(x)),
    "cosh_like_cos": (sp.cosh(x), -sp.sinh(x)),
    "acos_sign_dropped": (sp.acos(x), 1 / sp.sqrt(1 - x**2)),
    "sqrt_without_half": (sp.sqrt(x), 1 / sp.sqrt(x)),
    "exp_as_power": (sp.exp(x), x * sp.exp(x - 1)),
    "exponential_as_power": (2**x, x * 2 ** (x - 1)),
    "exponential_without_log": (2**x, 2**x),
    "log_base_without_ln": (sp.log(x, 10), 1 / x),
    "constant_as_itself": (x**2 + 5, 2 * x + 5),
    "held_constant_differentiated": (x + y**2, 1 + 2 * y),
    "held_factor_differentiated": (x * y, y + x),
    "variable_exponent_as_power": (x**x * sp.sin(x), x**x * sp.sin(x) + x**x * sp.cos(x)),
    "variable_exponent_as_exponential": (x**x, x**x * sp.log(x)),
}


def equal(a, b, names=("x", "y")) -> bool:
    s = Samples(a, list(names))
    vb = s.values(b)
    ok = np.isfinite(s.reference) & np.isfinite(vb)
    return ok.sum() >= 3 and bool(np.allclose(s.reference[ok], vb[ok], rtol=1e-9, atol=1e-12))


def test_ids_are_unique_and_every_buggy_rule_has_a_correct_twin():
    ids = [r.id for r in RULES] + [r.id for r in BUGGY_RULES]
    assert len(ids) == len(set(ids))
    for bug in BUGGY_RULES:
        assert bug.twin in BY_ID, bug.id
        assert bug.explain and bug.name
    assert set(TWINS) <= set(BY_ID)


def test_every_correct_rule_is_exercised():
    assert set(USES) == set(BY_ID)


@pytest.mark.parametrize("rule", sorted(USES))
def test_rule_is_used_and_its_step_is_right(rule):
    expr = USES[rule]
    d = derivative(expr, "x")
    steps = [s for s in d.steps[0].walk() if s.rule == rule]
    assert steps, f"{rule} not used for {expr}: {[s.rule for s in d.steps[0].walk()]}"
    for step in steps:
        if step.var.is_Symbol:
            want = sp.diff(step.expr, step.var)
        else:
            want = sp.diff(step.expr.xreplace({step.var: U}), U).xreplace({U: step.var})
        if rule in ("function", "other"):  # erf, Max: the oracle is SymPy's exact derivative
            assert step.result is not None and sp.simplify(want - step.result) == 0, (rule, step.result)
        else:
            assert equal(want, step.result), (rule, step.result, want)
        assert step.explanation


def test_every_buggy_rule_is_exercised():
    assert set(MISTAKES) == set(BUGGY_BY_ID)


@pytest.mark.parametrize("rule", sorted(MISTAKES))
def test_buggy_rule_gives_the_learners_answer(rule):
    question, learner = MISTAKES[rule]
    swaps = [answer for rid, _, answer in swapped_answers(question, "x") if rid == rule]
    assert any(equal(a, learner) for a in swaps), (rule, swaps)
    found = [m for m in buggy_derivatives(question, "x") if rule in m.rules]
    assert found and equal(found[0].answer, learner)
    assert not equal(found[0].answer, sp.diff(question, x))
    message = found[0].message
    words = re.sub(r"\$[^$]*\$", "", message)  # every field filled; maths only inside $…$
    assert len(message) > 20 and not re.search(r"[{}*^\\]", words), message
    assert all(m.count("{") == m.count("}") for m in re.findall(r"\$([^$]*)\$", message)), message


def test_partial_misconception_made_everywhere_is_the_total_derivative():
    # the learner lets y vary like x everywhere: d/dx (x^2 y^3 + y^2) = 2xy^3 + 3x^2y^2 + 2y
    f = x**2 * y**3 + y**2
    answers = [m.answer for m in buggy_derivatives(f, "x")]
    assert any(equal(a, 2 * x * y**3 + 3 * x**2 * y**2 + 2 * y) for a in answers)


def test_nested_chains_can_be_forgotten_at_either_level_or_both():
    f = sp.exp(sp.sin(x**2))
    answers = {m.answer for m in buggy_derivatives(f, "x")}
    right = sp.diff(f, x)
    assert any(equal(a, right / (2 * x)) for a in answers)  # inner chain factor dropped
    assert any(equal(a, sp.exp(sp.sin(x**2))) for a in answers)  # exp kept unchanged


def test_table_order_decides_the_rule_for_a_node():
    assert derivative(3 * sp.log(x, 2), "x").steps[0].rule == "constant_multiple"
    assert derivative(3 * sp.log(x, 2), "x").steps[0].substeps[0].rule == "log_base"
    assert derivative(x ** sp.Rational(1, 2), "x").steps[0].rule == "sqrt"
    assert derivative(x ** sp.Rational(3, 2), "x").steps[0].rule == "power"


def test_held_variables_are_named_in_order():
    d = derivative(x + sp.Symbol("z", real=True) * y, "x")
    (held,) = [s for s in d.steps[0].walk() if s.rule == "held_constant"]
    assert held.explanation.startswith("y and z ")


def test_the_other_variables_held_constant_are_named_in_order_without_the_variable():
    from mvcalc.math.calculus.rules import Context

    z = sp.Symbol("z", real=True)
    assert Context(x, frozenset({x, y, z})).others(z * x + y + x**2) == [y, z]
    assert Context(y, frozenset({x, y})).others(x * y) == [x]
    assert Context(x, frozenset({x})).others(sp.sin(x)) == []


def test_a_product_is_a_quotient_only_with_a_variable_denominator():
    from mvcalc.math.calculus.rules import Context, is_quotient

    ctx = Context(x, frozenset({x}))
    for product in (x * sp.sin(x), x * sp.exp(x) * sp.cos(x)):  # no factor below the line
        assert not is_quotient(product, ctx)
        assert derivative(product, "x").steps[0].rule == "product"
    for quotient in (sp.sin(x) / x, sp.sin(x) / x**2, 1 / (x * (x + 1))):
        assert is_quotient(quotient, ctx)
        assert derivative(quotient, "x").steps[0].rule == "quotient"
    assert not is_quotient(2 / x, ctx)  # a constant on top: a constant multiple of 1/x
    assert derivative(2 / x, "x").steps[0].rule == "constant_multiple"


def test_a_product_of_two_denominators_is_a_quotient_and_partials_are_typeset_as_such():
    from mvcalc.math.calculus.rules import Context

    assert derivative(1 / (x * (x + 1)), "x").steps[0].rule == "quotient"
    assert Context(x, frozenset({x, y})).d(latex=True) == r"\frac{\partial}{\partial x}"
    assert Context(x, frozenset({x})).d(latex=True) == r"\frac{d}{dx}"
