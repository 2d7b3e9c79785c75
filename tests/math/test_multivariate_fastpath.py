"""The result path of gradients, Jacobians, Hessians and total derivatives: SymPy's derivatives in
derive's tidy form, with the working (steps, checks) built only when it is asked for."""

from __future__ import annotations

import pytest
import sympy as sp

from mvcalc.math.calculus import derive
from mvcalc.math.input.reader import parse, symbol
from mvcalc.math.multivariate import chain, gradient, hessian, jacobian, total_derivative
from mvcalc.math.multivariate.readable import could_tidy, readable

x, y, z, t = (symbol(n) for n in "xyzt")

# Course-like functions: products, quotients, compositions, sums with common factors.
FUNCTIONS = [
    "x^2 y", "sin(pi x - x^2 y)", "exp(-x^2-y^2)", "log(x^2+y^2)", "x exp(x y)", "(x+y)/(x-y)",
    "sqrt(x^2+y^2)", "atan(y/x)", "x^3 y^2 - 3 x y + y^4", "sigmoid(x y)", "cos(x) sin(y) exp(x+y)",
    "x^2 y z + y^2 z^3", "x^y", "ln(1 + x^2 y^2)", "tanh(x - 2 y)", "1/(1 + exp(-(2x + 3y)))",
    "(x^2 + y^2)^(3/2)", "x sin(y) + y cos(x)", "exp(x) / (1 + y^2)", "x^4 + y^4 - 4 x y",
    "x y exp(x y) + exp(x y)", "2 x (x y + 1) + 2 x", "(x - y)^2 / (x + y)", "x^2 exp(y) + x exp(y)",
]


def _derivatives(text: str) -> list[sp.Expr]:
    f = parse(text, None)
    variables = sorted(f.free_symbols, key=lambda s: s.name)
    first = [f.diff(v) for v in variables]
    return first + [d.diff(v) for d in first for v in variables]


@pytest.mark.parametrize("text", FUNCTIONS)
def test_readable_is_derives_tidy_form(text):
    for expr in _derivatives(text):
        assert readable(expr) == derive.tidy(expr), expr
        if not could_tidy(expr):
            assert derive.tidy(expr) == expr


def test_the_gate_lets_through_what_tidy_changes():
    assert could_tidy(x * y * sp.exp(x * y) + sp.exp(x * y))  # a common factor
    assert could_tidy(1 / (x - y) - (x + y) / (x - y) ** 2)  # fractions in a sum
    assert could_tidy(sp.Mul(2, 2 * x * y + 1, evaluate=False))  # a number times a sum
    assert could_tidy(-x * y + x * (x**2 - y))  # x out, then -y - y = -2y
    assert readable(-x * y + x * (x**2 - y)) == x * (x**2 - 2 * y)
    assert not could_tidy(y * sp.cos(x * y) + 2 * x * sp.exp(z / 3))  # nothing shared
    assert not could_tidy(2 * y * sp.cos(x * y) + 4 * x * sp.exp(z / 3))  # 2 shared, saves nothing
    assert not could_tidy(x)


@pytest.mark.parametrize("text", FUNCTIONS[:12])
def test_hessian_entries_are_sympys_in_tidy_form(text):
    f = parse(text, None)
    variables = sorted(f.free_symbols, key=lambda s: s.name)
    got = hessian(f, [v.name for v in variables]).symbolic
    assert got == sp.ImmutableMatrix(sp.hessian(f, variables).applyfunc(derive.tidy))


@pytest.mark.parametrize("text", FUNCTIONS[:12])
def test_jacobian_and_gradient_entries_are_sympys_in_tidy_form(text):
    f = parse(text, None)
    variables = sorted(f.free_symbols, key=lambda s: s.name)
    names = [v.name for v in variables]
    want = [derive.tidy(sp.diff(f, v)) for v in variables]
    assert list(gradient(f, names).symbolic) == want
    assert list(jacobian([f, f * x], names).symbolic) == want + [derive.tidy(sp.diff(f * x, v)) for v in variables]


def test_working_waits_for_first_use_and_is_shared(monkeypatch):
    calls = []
    real = derive.derive_steps

    def counting(*args, **kwargs):
        calls.append(args[:2])
        return real(*args, **kwargs)

    monkeypatch.setattr(derive, "derive_steps", counting)
    f = sp.exp(x * y) * sp.sin(3 * x - y) + x**3 * y**5  # not seen by another test: nothing cached
    result = hessian(f, "x,y")
    assert calls == []  # the result alone derives no steps
    first = [e.working() for e in result.entries]
    assert [[w["wrt"] for w in work] for work in first] == [["x", "x"], ["y", "x"], ["x", "y"], ["y", "y"]]
    assert len(calls) == 2 + 4  # ∂f/∂x and ∂f/∂y once each, then the four second derivatives
    assert [e.working() for e in result.entries] == first
    assert len(calls) == 6  # asked again: nothing derived again
    for entry, work in zip(result.entries, first, strict=True):
        assert sp.simplify(parse(work[-1]["result"], ["x", "y"]) - entry.expr) == 0


def test_total_derivative_checks_itself_on_first_use(monkeypatch):
    calls = []
    real = chain.agree
    monkeypatch.setattr(chain, "agree", lambda a, b: calls.append((a, b)) or real(a, b))
    result = total_derivative(x**2 * y * z, {"x": "cos t", "y": "t^3", "z": "exp(2 t)"}, "t")
    assert calls == []
    assert result.verified and len(calls) == 1
    assert result.to_dict()["verified"] and len(calls) == 1
    assert sp.simplify(result.value - result.direct) == 0


def test_chain_rule_checks_itself_on_first_use(monkeypatch):
    calls = []
    real = chain.agree
    monkeypatch.setattr(chain, "agree", lambda a, b: calls.append((a, b)) or real(a, b))
    result = chain.chain_rule("x^2 y", {"x": "u v", "y": "u + v"}, {"u": "cos t", "v": "sin t"})
    assert calls == []
    assert result.verified and calls
    assert "check: equals the Jacobian of the composition: yes" in str(result)


# Total derivatives as the course sets them: polynomial, trigonometric and exponential paths.
PATHS = [
    ("x y + z^2", {"x": "t - 1", "y": "cos t", "z": "exp(t)"}),
    ("x^2 z + y", {"x": "3 t", "y": "1 - t", "z": "t^3"}),
    ("x y z", {"x": "t^2", "y": "t^2", "z": "2 t"}),
    ("sin(x) + y z", {"x": "t^2", "y": "cos t", "z": "exp(t)"}),
    ("3 x^2 y", {"x": "cos(3 t)", "y": "sin t"}),
    ("sin(2 x y) + x/(1 + y^2)", {"x": "t^3", "y": "log(1 + t^2)"}),
    ("x/(y + 2)", {"x": "t^2 + 1", "y": "t - 1"}),
    ("(x + y)^2", {"x": "t^2 - 3", "y": "t + 3"}),
    ("x exp(y)", {"x": "t + 1", "y": "t^2 - t"}),
]


def _raw_total(f_text: str, inner: dict) -> sp.Expr:
    result = total_derivative(f_text, inner, "t")
    return sp.Add(*(term.term for term in result.terms))


@pytest.mark.parametrize(("f_text", "inner"), PATHS)
def test_total_derivative_shows_the_shortest_of_raw_expanded_and_factored(f_text, inner):
    raw = _raw_total(f_text, inner)
    shortest = min([raw, sp.expand(raw), sp.factor(raw)], key=sp.count_ops)  # first of the shortest
    expected = raw if sp.count_ops(raw) > chain.TIDY_OPS else shortest
    assert total_derivative(f_text, inner, "t").value == expected


@pytest.mark.parametrize(("f_text", "inner"), PATHS)
def test_the_expansion_gate_only_skips_what_expand_leaves_alone(f_text, inner):
    raw = _raw_total(f_text, inner)
    for expr in [raw, *sp.preorder_traversal(raw)]:
        if not chain._expandable(expr):
            assert sp.expand(expr) == expr, expr


def test_the_expansion_gate_sees_what_expand_rewrites():
    for expr in [x * (y + 1), (x + y) ** 2, (x * y) ** z, x ** (y + 1), sp.exp(x + y), sp.log(x * y),
                 sp.sin(x * (y + 1)), sp.Abs(x)]:
        assert chain._expandable(expr), expr
    assert not chain._expandable(3 * x**2 * sp.exp(t) + sp.cos(2 * t))


@pytest.mark.parametrize(("f_text", "inner"), PATHS)
def test_factorised_is_sympys_factor(f_text, inner):
    raw = _raw_total(f_text, inner)
    for expr in [raw, sp.expand(raw)]:
        assert chain._factorised(expr) == sp.factor(expr), expr


def test_factorised_is_sympys_factor_on_polynomials_and_fractions():
    for expr in [t**2 / 2 - t / 3, -(t**3) + t, 6 * t**5 - 12 * t**3 + 6 * t, -(t**2) - 2 * t - 1,
                 t * sp.exp(2 * t) + sp.exp(t), sp.pi * t + sp.pi * t**2, sp.sqrt(t) * t + sp.sqrt(t),
                 (t + 1) ** 2 * sp.cos(t) - sp.cos(t), 1 / (t + 1) - 1 / (t - 1), sp.Float(0.5) * t + t**2]:
        assert chain._factorised(expr) == sp.factor(expr), expr
