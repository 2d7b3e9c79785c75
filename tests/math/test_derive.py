"""Every derivation is checked step by step: each step's result equals SymPy's derivative of
its sub-expression (compared at random points), and the final result equals `sympy.diff`
of the whole and a high-precision central difference."""

from __future__ import annotations

import json

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mvcalc.math.calculus.derive import Derivation, derivative, size
from mvcalc.math.check.answer_samples import Samples
from mvcalc.math.functions import sigmoid
from mvcalc.math.numeric import evaluate_mp

x, y, z = (sp.Symbol(n, real=True) for n in "xyz")
U = sp.Dummy("U", real=True)


def agree(a: sp.Expr, b: sp.Expr, names) -> bool | None:
    """a == b at random points where both are real numbers; None if too few such points."""
    samples = Samples(a, names)
    if not samples.usable:
        return None
    va, vb = samples.reference, samples.values(b)
    both = np.isfinite(va) & np.isfinite(vb)
    if both.sum() < 3:
        return None
    return bool(np.allclose(va[both], vb[both], rtol=1e-7, atol=1e-9))


def oracle(step) -> sp.Expr:
    """SymPy's derivative of the step's sub-expression by what the step differentiates by."""
    if step.var.is_Symbol:
        return sp.diff(step.expr, step.var)
    return sp.diff(step.expr.xreplace({step.var: U}), U).xreplace({U: step.var})


def verify(d: Derivation) -> int:
    """Assert every step of `d` against SymPy; return how many steps were checked."""
    names = sorted(s.name for s in d.steps[0].ctx.variables)
    checked = 0
    for root in d.steps:
        for step in root.walk():
            ok = agree(oracle(step), step.result, names)
            assert ok is not False, f"{step.rule} on {step.expr}: {step.result} != {oracle(step)}"
            checked += ok is True
            assert step.explanation and "{" not in step.explanation
    want = sp.diff(d.expr, d.wrt, d.order)
    assert agree(want, d.result, names) is not False, f"{d.expr}: {d.result} != {want}"
    return checked


def central_difference(expr: sp.Expr, var: str, at: float) -> mpmath.mpf:
    h = mpmath.mpf(10) ** -25
    with mpmath.workdps(60):
        up = evaluate_mp(expr, {var: mpmath.mpf(at) + h}, dps=60)
        down = evaluate_mp(expr, {var: mpmath.mpf(at) - h}, dps=60)
        return (up - down) / (2 * h)


COURSE = [
    x**2 * sp.sin(x), sp.sin(x**2), sp.sin(x) / x, x**x, sp.asin(x), sp.sinh(x), sp.Abs(x),
    x**173, sp.sqrt(x), (x + 2) * (3 * x - 3), x**3 * sp.sin(x), sp.exp(x) / x,
    x * sp.exp(x) * sp.cos(x), sp.exp(x**2 - 3), sp.sin(x) ** 3, sp.tan(x),
    sp.exp(sp.sin(x**2)), x ** sp.Rational(3, 2) + sp.pi * x**2 + sp.sqrt(7),
    x**3 * sp.cos(x) * sp.exp(x), sp.exp((x + 1) ** 2), x**2 * sp.cos(x**3),
    sp.sin(x) * sp.exp(sp.cos(x)), sigmoid(3 * x + 1), sp.log(x, 10), sp.log(x**2 + 1, 2),
    2**x, sp.atan(1 / x), sp.acosh(x**2 + 1), sp.tanh(x) ** 2, sp.sin(x) ** sp.cos(x),
]


@pytest.mark.parametrize("expr", COURSE, ids=str)
def test_course_examples_verified_step_by_step(expr):
    d = derivative(expr, "x")
    assert verify(d) >= 1
    for at in (0.3, 0.7):
        fd = central_difference(expr, "x", at)
        got = evaluate_mp(d.result, {"x": at})
        assert mpmath.almosteq(fd, got, rel_eps=1e-15, abs_eps=1e-15)


@pytest.mark.parametrize(
    "expr, want",
    [
        (x**x, x**x * (sp.log(x) + 1)),
        (sp.asin(x), 1 / sp.sqrt(1 - x**2)),
        (sp.sinh(x), sp.cosh(x)),
        (sp.Abs(x), x / sp.Abs(x)),
        (sp.sin(x**2), 2 * x * sp.cos(x**2)),
    ],
)
def test_sympy_gamma_gaps_give_readable_answers(expr, want):
    assert derivative(expr, x).result == want


def test_higher_orders_derive_the_tidied_previous_result():
    d = derivative(x**3 * sp.sin(x), "x", order=3)
    assert len(d.steps) == 3 and d.order == 3
    for k in (1, 2):
        assert d.steps[k].expr == d.results[k - 1]
    verify(d)
    assert str(d).count("order ") == 3


def test_partial_derivatives_hold_the_other_variables_constant_and_say_so():
    d = derivative(x**2 * y**3 + sp.sin(y) + x * z, "x")
    verify(d)
    assert d.partial and d.result == 2 * x * y**3 + z
    rules = {s.rule for s in d.steps[0].walk()}
    assert "held_constant" in rules and "constant_multiple" in rules
    text = str(d)
    assert "∂/∂x" in text and "y is held constant" in text
    held = next(s for s in d.steps[0].walk() if s.rule == "held_constant")
    assert "held constant" in held.explanation


def test_two_held_variables_take_a_plural_verb():
    d = derivative(x * y * z + sp.exp(y * z), "x")
    text = str(d)
    assert "y and z are held constant" in text and "y and z is" not in text
    from mvcalc.math.diagnose import buggy_derivatives

    messages = [m.message for m in buggy_derivatives(x * sp.exp(y * z), "x")]
    held = [m for m in messages if "held constant" in m]
    assert held and not any("y and z is" in m or "$y$ and $z$ is" in m for m in messages), messages


def test_chain_steps_nest_like_a_person_writes_them():
    d = derivative(sp.sin(x**2), "x")
    chain = d.steps[0]
    assert chain.rule == "chain"
    outer, inner = chain.substeps
    assert outer.rule == "sin" and inner.rule == "power"
    assert "set u = x^2" in chain.explanation and "du/dx = 2*x" in chain.explanation
    assert "d/du sin(u) = cos(u)" in str(d)


def test_the_inner_expression_gets_a_name_not_already_taken():
    u = sp.Symbol("u", real=True)
    d = derivative(sp.sin(u**2), "u")
    assert "set v = u^2" in d.steps[0].explanation and "dv/du = 2*u" in d.steps[0].explanation
    assert "d/dv sin(v) = cos(v)" in str(d)


def test_quotient_is_recognised_where_a_person_would():
    assert derivative(sp.sin(x) / x, x).steps[0].rule == "quotient"
    assert derivative(3 / (x**2 + 1), x).steps[0].substeps[0].rule == "chain"  # 3·(x²+1)^(−1)
    assert derivative(x * sp.exp(-x), x).steps[0].rule == "product"
    q = derivative(x / (sp.sin(x) * sp.cos(x)), x)
    assert q.steps[0].rule == "quotient"
    verify(q)


def test_results_are_reasonably_short():
    for expr in COURSE:
        d = derivative(expr, x)
        assert size(d.result) <= 3 * size(sp.diff(expr, x)) + 10, (expr, d.result)
    assert derivative(sp.exp(x) * sp.sin(x) + sp.exp(x) * sp.cos(x), x).result == 2 * sp.exp(x) * sp.cos(x)
    assert derivative(x**2 * sp.sin(x), x).result == 2 * x * sp.sin(x) + x**2 * sp.cos(x)


def test_outputs_text_latex_dict_and_rich():
    d = derivative(x**2 * sp.sin(x), "x")
    data = d.to_dict()
    json.dumps(data)
    assert data["result"] == "x^2*cos(x) + 2*x*sin(x)"
    assert data["orders"][0]["steps"][0]["rule"] == "product"
    assert data["orders"][0]["steps"][0]["substeps"][0]["result_latex"] == "2 x"
    assert r"\frac{d}{dx}" in d.latex() and d._repr_latex_().startswith("$")
    from rich.console import Console

    console = Console(record=True, width=120)
    console.print(d)
    assert "product rule" in console.export_text()


def test_wrt_may_be_a_symbol_or_a_name_and_bad_input_is_refused():
    assert derivative(x**2, sp.Symbol("x")).result == 2 * x  # a plain Symbol is made real
    assert derivative(sp.Symbol("x") ** 2, "x").result == 2 * x
    with pytest.raises(ValueError):
        derivative(x**2, "x", order=0)
    with pytest.raises(ValueError):
        derivative(x**2, "2x")
    with pytest.raises(ValueError):
        derivative(sp.Matrix([x, y]), "x")


# ---------------------------------------------------------------- random expressions

UNARY = [sp.sin, sp.cos, sp.tan, sp.exp, sp.log, sp.sqrt, sp.asin, sp.atan, sp.sinh, sp.cosh,
         sp.tanh, sp.asinh, sp.Abs, sigmoid, sp.sec, sp.cot, sp.acot, sp.sech, sp.atanh]
LEAVES = st.sampled_from([x, x, x, y, sp.Integer(2), sp.Integer(3), sp.Integer(-1), sp.Rational(1, 2), sp.pi])
POWERS = st.sampled_from([2, 3, -1, -2, sp.Rational(1, 2), sp.Rational(-3, 2), sp.Rational(5, 3)])


def _extend(children):
    return st.one_of(
        st.tuples(st.sampled_from(UNARY), children).map(lambda t: t[0](t[1])),
        st.tuples(children, children).map(lambda t: t[0] + t[1]),
        st.tuples(children, children).map(lambda t: t[0] - t[1]),
        st.tuples(children, children).map(lambda t: t[0] * t[1]),
        st.tuples(children, children).map(lambda t: t[0] / t[1]),
        st.tuples(children, POWERS).map(lambda t: t[0] ** t[1]),
        st.tuples(children, children).map(lambda t: t[0] ** t[1]),
    )


EXPRESSIONS = st.recursive(LEAVES, _extend, max_leaves=9)


def usable(expr) -> bool:
    return isinstance(expr, sp.Expr) and x in expr.free_symbols and not expr.has(sp.zoo, sp.nan, sp.oo)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_random_expressions_every_step_matches_sympy(expr):
    assume(usable(expr))
    verify(derivative(expr, "x"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_random_second_derivatives_match_sympy(expr):
    assume(usable(expr) and size(expr) < 25)
    verify(derivative(expr, "x", order=2))


def _grow(rng, budget: int) -> sp.Expr:
    if budget <= 2:
        return rng.choice([x, x + rng.randint(1, 5), rng.randint(2, 7) * x])
    kind = rng.random()
    if kind < 0.3:
        return rng.choice([sp.sin, sp.cos, sp.exp, sp.atan, sp.tanh, sigmoid, sp.asinh])(_grow(rng, budget - 2))
    if kind < 0.4:
        return _grow(rng, budget - 2) ** rng.choice([2, 3, -1])
    left = rng.randint(1, budget - 2)
    a, b = _grow(rng, left), _grow(rng, budget - 1 - left)
    return rng.choice([a + b, a * b, a / b, a - b])


@pytest.mark.parametrize("seed", range(4))
def test_large_expressions_match_central_differences(seed):
    import random

    rng = random.Random(seed)
    expr = _grow(rng, 100)
    while expr.has(sp.zoo, sp.nan, sp.oo) or x not in expr.free_symbols:
        expr = _grow(rng, 100)
    d = derivative(expr, "x")
    checked = 0
    for at in (0.31, 0.77, 1.43):
        fd = central_difference(expr, "x", at)
        got = evaluate_mp(d.result, {"x": at})
        if mpmath.isnan(fd) or mpmath.isnan(got) or abs(fd) > 1e12:
            continue
        assert mpmath.almosteq(fd, got, rel_eps=1e-12, abs_eps=1e-12), (seed, at)
        checked += 1
    assert checked >= 1
