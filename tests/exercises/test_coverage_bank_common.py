"""Coverage of the generators' shared helpers (mvcalc.exercises.bank._common), with hand-made oracles."""

from __future__ import annotations

import random

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.exercises.bank import _common as c

x, y = c.symbols("x y")


@given(st.integers(-5, 0), st.integers(2, 6), st.integers(0, 10**6))
@settings(max_examples=40, deadline=None)
def test_nonzero_and_coefficient_stay_in_range(lo: int, hi: int, seed: int) -> None:
    rng = random.Random(seed)
    v = c.nonzero(rng, lo, hi, avoid=(0, 1))
    assert lo <= v <= hi and v not in (0, 1)
    k = c.coefficient(rng, 2, 5)
    assert 2 <= abs(k) <= 5
    assert c.coefficient(rng, 2, 5, signed=False) > 0


def test_rng_for_depends_only_on_generator_and_seed() -> None:
    assert c.rng_for("g", 3).random() == c.rng_for("g", 3).random()
    assert c.rng_for("g", 3).random() != c.rng_for("g", 4).random()
    assert c.rng_for("g", 3).random() != c.rng_for("h", 3).random()


def test_text_forms() -> None:
    assert c.number_text(0.5) == "1/2"
    assert c.number_text(sp.Rational(-3, 4)) == "-3/4"
    assert c.tex(sp.Matrix([[1, 2]])) == r"\left[\begin{matrix}1 & 2\end{matrix}\right]"
    assert c.num(True) == 1 and isinstance(c.num(True), sp.Integer)
    assert c.num(3) == sp.Integer(3) and c.num(0.25) == sp.Float(0.25) and c.num(x) is x
    m = c.mistake("rule", 2.5, "why")
    assert (m.rule, m.answer, m.message) == ("rule", sp.Float(2.5), "why")


def test_question_defaults_answer_text_by_kind() -> None:
    assert c.question("expression", "p", x**2).answer_text == "x^2"
    assert c.question("choice", "p", 1).answer_text == ""
    assert c.question("number", "p", 3, answer_text="three").answer_text == "three"


def test_fingerprint_tells_values_apart_at_fixed_points() -> None:
    a = c.fingerprint(x * y, ["x", "y"])
    assert a == c.fingerprint(y * x, ["x", "y"])
    assert a[0] == round(0.37 * (0.37 + 0.113), 7)  # x = 0.37, y = 0.37 + 0.113 at the first sample
    assert c.fingerprint(x * y + 1, ["x", "y"]) != a
    m = c.fingerprint(sp.Matrix([[x, 1]]), ["x"])
    assert m[-1] == (1, 2) and m[:7] == c.fingerprint(x, ["x"])
    assert c.fingerprint(sp.gamma(x), ["x"]) is None  # not computable numerically
    log_neg = c.fingerprint(sp.log(-x), ["x"])
    assert all(v is None for v in log_neg)  # undefined at every sample


def test_distinct_mistakes_drop_duplicates_right_answers_and_undefined_ones() -> None:
    right = 2 * x
    ms = [
        c.mistake("same", x + x, "equals the answer"),
        c.mistake("a", x**2, "kept"),
        c.mistake("a-again", x * x, "same as a"),
        c.mistake("undefined", sp.log(-x), "nowhere defined"),
        c.mistake("unknown", sp.gamma(x), "not computable"),
        c.mistake("b", x + 1, "kept"),
    ]
    assert [m.rule for m in c.distinct_mistakes(right, ms, ["x"])] == ["a", "b"]


def test_distinct_numbers_with_and_without_tolerance() -> None:
    ms = [
        c.mistake("same", 0.5, ""),
        c.mistake("close", 0.5000000001, ""),
        c.mistake("ok", 0.75, ""),
        c.mistake("nan", float("nan"), ""),
        c.mistake("symbolic", x, ""),
        c.mistake("near-ok", 0.76, ""),
    ]
    assert [m.rule for m in c.distinct_numbers(sp.Rational(1, 2), ms)] == ["ok", "near-ok"]
    # with tolerance 0.01, 0.76 is within 2·0.01 of the kept 0.75
    assert [m.rule for m in c.distinct_numbers(0.5, ms, tolerance=0.01)] == ["ok"]


def test_diff_is_the_engines_derivative() -> None:
    expr = sp.sin(x) * sp.exp(2 * x)
    assert sp.simplify(c.diff(expr, x) - sp.diff(expr, x)) == 0
    assert sp.simplify(c.diff(expr, x, 2) - sp.diff(expr, x, 2)) == 0


@pytest.mark.parametrize("names", ["x", "x y z"])
def test_symbols_are_the_readers_symbols(names: str) -> None:
    from mvcalc.math.input.reader import symbol

    assert c.symbols(names) == tuple(symbol(n) for n in names.split())
