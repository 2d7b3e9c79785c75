"""Hints lead towards the answer without giving it away, and name the rule that applies."""

import pytest
import sympy as sp

from mvcalc.exercises import registry
from mvcalc.math.calculus.derive import derivative
from mvcalc.math.input.reader import parse, symbol

DERIVATIVE_SETS = ("m1-s3-differentiate", "m1-s4-product-rule", "m1-s5-chain-rule")
GENERATORS = [g for g in registry.all_generators() if g.META.set in DERIVATIVE_SETS]


@pytest.mark.parametrize("generator", GENERATORS, ids=lambda g: g.id)
def test_hints_do_not_contain_the_answer(generator):
    for seed in range(5):
        q = generator.generate(seed)
        if q.kind != "expression" or not isinstance(q.answer, sp.Expr):
            continue
        shown = {sp.latex(q.answer)}
        if q.data.get("f") and q.data.get("order", 1) == 1:
            x = symbol(q.data.get("wrt", "x"))
            f = parse(q.data["f"].replace("**", "^"), [x.name])
            shown.add(sp.latex(derivative(f, x).steps[0].result))  # the first step's assembled result
        for hint in q.hints:
            assert not any(a in hint for a in shown), f"{generator.id} seed {seed}: a hint shows the answer"


def test_the_rule_named_is_the_rule_stated():
    q = registry.get("m1-quotient-exp").generate(3)
    assert "quotient rule" in q.hints[1].lower()
    assert r"u' v - u v'" in q.hints[1]
