"""Property tests: equal rewrites are correct, small perturbations are incorrect.

Random expression trees are built from the functions a derivative answer uses;
the oracle for "equal" is SymPy's own rewriting (expand, factor, trig rewrites),
and each perturbation changes the value by construction.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mvcalc.math.check.compare import check
from mvcalc.math.input.reader import symbol

x, y = symbol("x"), symbol("y")
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

atoms = st.sampled_from([x, y, sp.Integer(2), sp.Integer(3), sp.Rational(1, 2), x + 1])
unary = st.sampled_from([sp.sin, sp.cos, sp.exp, lambda a: a**2, lambda a: a**3, sp.atan])
binary = st.sampled_from([sp.Add, sp.Mul, lambda a, b: a - b])


def trees(depth: int = 3):
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.tuples(unary, inner).map(lambda t: t[0](t[1])),
            st.tuples(binary, inner, inner).map(lambda t: t[0](t[1], t[2])),
        ),
        max_leaves=6,
    )


def polynomials():
    coefficient = st.integers(-4, 4)
    return st.lists(
        st.tuples(coefficient, st.integers(0, 4), st.integers(0, 2)), min_size=1, max_size=5
    ).map(lambda terms: sp.Add(*[c * x**i * y**j for c, i, j in terms]))


def _nonconstant(expr) -> bool:
    return bool(expr.free_symbols) and expr.is_finite is not False


@SETTINGS
@given(trees())
def test_expanded_form_is_correct(expr):
    assume(_nonconstant(expr))
    verdict = check(expr, sp.expand(expr))
    assert verdict.status == "correct", (expr, verdict.message)


@SETTINGS
@given(polynomials(), polynomials())
def test_factored_form_is_correct(p, q):
    product = sp.expand(p * q)
    assume(product.free_symbols)
    verdict = check(product, sp.factor(product))
    assert verdict.status == "correct", (product, verdict.message)


@SETTINGS
@given(trees())
def test_trig_rewrites_are_correct(expr):
    assume(_nonconstant(expr) and expr.has(sp.sin, sp.cos))
    for rewritten in (expr.rewrite(sp.tan), expr.rewrite(sp.exp), sp.expand_trig(expr)):
        if rewritten.has(sp.I):  # exp rewrites of trig leave the real line mid-way
            continue
        verdict = check(expr, rewritten)
        assert verdict.status == "correct", (expr, rewritten, verdict.message)


def _terms(expr):
    return sp.Add.make_args(sp.expand(expr))


@SETTINGS
@given(trees(), st.sampled_from([2, 3, -1, sp.Rational(1, 3)]))
def test_changed_coefficient_is_incorrect(expr, factor):
    assume(_nonconstant(expr))
    verdict = check(expr, factor * expr)
    assert verdict.status == "incorrect", (expr, verdict.message)


@SETTINGS
@given(trees(), trees())
def test_dropped_term_is_incorrect(a, b):
    assume(_nonconstant(b) and sp.simplify(b) != 0)
    verdict = check(a + b, a)
    assert verdict.status == "incorrect", (a, b, verdict.message)


@SETTINGS
@given(trees(), trees())
def test_flipped_sign_of_a_term_is_incorrect(a, b):
    assume(_nonconstant(b) and sp.simplify(b) != 0)
    verdict = check(a + b, a - b)
    assert verdict.status == "incorrect", (a, b, verdict.message)


@SETTINGS
@given(trees())
def test_swapped_function_is_incorrect(expr):
    assume(expr.has(sp.sin) or expr.has(sp.cos))
    swapped = expr.xreplace(
        {f: (sp.cos if f.func is sp.sin else sp.sin)(f.args[0]) for f in expr.atoms(sp.sin, sp.cos)}
    )
    assume(sp.simplify(swapped - expr) != 0)
    verdict = check(expr, swapped)
    assert verdict.status == "incorrect", (expr, swapped, verdict.message)


@SETTINGS
@given(trees())
def test_text_round_trip_checks_correct(expr):
    """The same expression typed back (SymPy's printing with ^) is correct against itself."""
    assume(_nonconstant(expr))
    typed = sp.sstr(expr).replace("**", "^")
    verdict = check(expr, typed)
    assert verdict.status == "correct", (typed, verdict.message)
