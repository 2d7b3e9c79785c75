"""Numeric slips: each row of the table names the number a learner with that slip writes,
without giving the answer; every number question of the bank gets them."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.exercises import grade, registry
from mvcalc.exercises.bank._common import question
from mvcalc.exercises.mistakes import label
from mvcalc.exercises.slips import SLIPS, find_slip, typed_precision


def _number_question(answer, tolerance=None, data=None, prompt="What is the angle, in radians?"):
    return question("number", prompt, sp.sympify(answer), tolerance=tolerance, data=data or {},
                    hints=["a", "b", "c"], solution="It is what it is.")


# the right value 2.5 and, for each slip, a number a learner with it types (worked out by hand)
HAND = [
    ("-2.5", "sign_error"),
    ("5", "factor_two_too_big"),
    ("1.25", "factor_two_too_small"),
    ("0.4", "reciprocal"),
    ("6.25", "squared"),
    ("1.5811", "not_squared"),  # √2.5 = 1.58113…
    ("143.24", "degrees_for_radians"),  # 2.5 rad = 143.239…°
    ("0.25", "decimal_point"),
    ("2.49", "rounded_too_early"),
]


@pytest.mark.parametrize(("typed", "slip"), HAND)
def test_each_slip_is_named(typed, slip):
    q = _number_question(sp.Rational(5, 2))
    g = grade(q, typed)
    assert g.status == "incorrect" and g.diagnosis is not None, g
    assert g.diagnosis.rule == slip, (typed, g.diagnosis.rule, g.message)
    assert "2.5" not in g.message and "5/2" not in g.message
    assert label(slip) == next(s.name for s in SLIPS if s.id == slip)


def test_a_question_of_its_own_comes_first_and_an_unknown_number_gets_no_slip():
    q = _number_question(3)
    assert grade(q, "3").status == "correct"
    assert grade(q, "17.3").diagnosis is None
    assert "not a slip we recognise" in grade(q, "17.3").message


def test_slips_that_cannot_be_told_apart_from_the_answer_are_skipped():
    zero, one = _number_question(0), _number_question(1)
    assert grade(zero, "0").status == "correct"
    assert grade(one, "-1").diagnosis.rule == "sign_error"  # not "reciprocal" (1/1 = 1)


def test_degrees_are_named_only_where_the_question_is_about_angles():
    """38 parameters times 180/π is a coincidence, not a calculator left in degrees."""
    count = _number_question(38, prompt="How many weights does the network have?")
    assert grade(count, f"{38 * 180 / math.pi:.4f}").diagnosis is None
    angle = _number_question(38, prompt="Find $\\theta$ in radians.")
    assert grade(angle, f"{38 * 180 / math.pi:.4f}").diagnosis.rule == "degrees_for_radians"
    trig = _number_question(38, prompt="Find $f'(1)$ for $f(x) = \\cos{\\left(x \\right)}$.")
    assert grade(trig, f"{38 * 180 / math.pi:.4f}").diagnosis.rule == "degrees_for_radians"
    hyperbolic = _number_question(38, prompt="Find $f'(1)$ for $f(x) = \\tanh{\\left(x \\right)}$.")
    assert grade(hyperbolic, f"{38 * 180 / math.pi:.4f}").diagnosis is None


def test_precision_is_what_the_learner_typed():
    assert typed_precision("2.49") == pytest.approx(0.005)
    assert typed_precision("3") == 0 and typed_precision("1/3") == 0


def test_degree_mode_and_undifferentiated_values_of_a_derivative_at_a_point():
    q = _number_question(sp.cos(sp.Rational(1, 2)) * 3, tolerance=0.001,
                         data={"f": "3*sin(x)", "wrt": "x", "order": 1, "at": "1/2"})
    degrees = 3 * math.cos(math.radians(0.5))  # the calculator left in degrees
    assert grade(q, f"{degrees:.4f}").diagnosis.rule == "degrees_for_radians"
    assert grade(q, f"{3 * math.sin(0.5):.4f}").diagnosis.rule == "not_differentiated"


@settings(max_examples=60, deadline=None)
@given(right=st.floats(min_value=0.15, max_value=80).filter(lambda r: abs(r - 1) > 0.05 and abs(r - 2) > 0.05),
       sign=st.sampled_from([1, -1]), row=st.sampled_from([s for s in SLIPS if not s.near]))
def test_a_slipped_value_is_always_named_and_the_message_never_holds_the_answer(right, sign, row):
    right *= sign
    q = _number_question(sp.Float(right))
    values = [v for v in row.values(right, q) if math.isfinite(v) and abs(v - right) > 1e-6 * abs(right)]
    for value in values:
        found = find_slip(q, right, value, repr(value), None)
        assert found is not None, (row.id, right, value)
        assert row.id in found.rules  # this row, or an earlier one that gives the same number
        assert f"{right:.3g}" not in found.message


def test_every_number_question_names_a_sign_error_or_a_factor_of_two():
    """For every number generator and a few seeds: −answer and 2·answer get a named cause."""
    for gen in registry.all_generators():
        if gen.META.kind != "number":
            continue
        for seed in range(3):
            q = gen.generate(seed)
            right = float(sp.N(q.answer))
            for wrong in (-right, 2 * right):
                if abs(wrong - right) <= (q.tolerance or 1e-9) * 2:
                    continue
                g = grade(q, repr(wrong))
                assert g.status == "incorrect" and g.diagnosis is not None, (gen.id, seed, wrong, g.message)
