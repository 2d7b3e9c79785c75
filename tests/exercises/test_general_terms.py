"""General terms and n-th derivatives typed in n: the oracle is SymPy's own series and derivatives."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from mvcalc.exercises import grade, registry
from mvcalc.exercises.bank._common import symbol, tex, text
from mvcalc.exercises.bank.m4 import general_terms as gt

x = symbol("x")


@pytest.mark.parametrize("family", gt.FAMILIES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("seed", range(12))
def test_every_general_term_gives_the_taylor_series(family, seed):
    t = family(random.Random(seed))
    count = 6
    powers = 2 * count if t.shape == "nonzero" else count + t.low  # sin, cos: every other power
    want = sp.series(t.f, x, t.a, powers).removeO()
    got = sum(t.term.subs(t.n, t.low + i) for i in range(count))
    assert sp.expand(want - got) == 0, (t.f, t.term)


@pytest.mark.parametrize("family", gt.DERIVATIVES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("seed", range(12))
def test_every_nth_derivative_is_the_derivative(family, seed):
    d = family(random.Random(seed))
    for order in range(6):
        want = sp.diff(d.f, x, order).subs(x, d.a)
        assert sp.simplify(want - d.value.subs(gt.n, order)) == 0, (d.f, order)


@pytest.mark.parametrize(
    ("gen_id", "least"),
    [("m4-general-term", 20), ("m4-general-term-choice", 20), ("m4-nth-derivative", 20), ("m4-assess-general-term", 30)],
)
def test_variety(gen_id, least):
    gen = registry.get(gen_id)
    assert len({gen.generate(seed).prompt for seed in range(50)}) >= least


@pytest.mark.parametrize("gen_id", ["m4-general-term", "m4-nth-derivative", "m4-assess-general-term"])
def test_feedback_to_a_buggy_answer_never_contains_the_answer(gen_id):
    gen = registry.get(gen_id)
    for seed in range(8):
        q = gen.generate(seed)
        shown = {q.answer_text, tex(q.answer), text(q.answer)}
        for mistake in q.buggy:
            verdict = grade(q, text(mistake.answer))
            assert verdict.diagnosis is not None and verdict.diagnosis.rule == mistake.rule, (seed, mistake.rule)
            assert not any(s in verdict.message for s in shown), (seed, mistake.rule, verdict.message)


@pytest.mark.parametrize(
    ("f", "typed", "rule"),
    [
        (sp.exp(x), "x^n", "factorial_forgotten"),
        (1 / (1 + x), "(-1)^(n+1) x^n", "sign_shift"),
        (1 / (1 - x) ** 2, "(n+1) x^(n+1)", "power_shift"),
        (1 / (1 - x) ** 2, "n x^n", "index_shift"),
    ],
)
def test_the_named_mistakes_of_the_issue(f, typed, rule):
    """(-1)^n x^n, x^n/n! and (n+1) x^n, with the mistakes a learner makes on them."""
    gen = registry.get("m4-general-term")
    q = next(q for q in map(gen.generate, range(400)) if q.data["f"] == text(f) and q.data["a"] == "0")
    assert grade(q, q.answer_text).status == "correct"
    assert grade(q, {"exp(x)": "x^n/n!", "1/(x + 1)": "(-1)^n x^n"}.get(text(f), "(n+1) x^n")).status == "correct"
    verdict = grade(q, typed)
    assert verdict.status == "incorrect" and verdict.diagnosis.rule == rule


def test_about_a_point_written_about_zero_is_named():
    gen = registry.get("m4-general-term")
    q = next(q for q in map(gen.generate, range(400)) if q.data["f"] == "1/x")
    wrong = q.answer_text.replace(f"(x - {q.data['a']})", "x")
    assert grade(q, wrong).diagnosis.rule == "about_zero"
