"""Every generator, for many seeds: its own answer is right, every buggy answer is wrong and
diagnosed, the LaTeX renders, bad input gets a friendly message, the same seed gives the
same question and different seeds give variety (exercism's "the reference passes")."""

from __future__ import annotations

import pytest

from mvcalc.exercises import grade, registry
from mvcalc.exercises.model import KINDS

from .conftest import FULL_SEEDS, QUICK_SEEDS, typed, variant
from .latex_check import check_all, fragments

pytest.importorskip("mvcalc.math.check", reason="the answer checker is not there yet")

GENERATORS = registry.all_generators()
IDS = [g.id for g in GENERATORS]
BAD_INPUT = {"choice": "Z", "graph": "Z", "multichoice": "A, 7", "points": "(1, 2", "number": "3 +* 4"}


def _latex_of(question) -> list[str]:
    texts = [question.prompt, question.solution, *question.hints, *(c.text for c in question.choices)]
    texts += [m.message for m in question.buggy]
    out = [f for t in texts for f in fragments(t)]
    return out


def _exercise(gen, seeds) -> list[str]:
    """Run every per-question property over `seeds`; return the LaTeX fragments seen."""
    latex = []
    for seed in seeds:
        q = gen.generate(seed)
        assert q.kind in KINDS and q.kind == gen.META.kind, (gen.id, seed)
        assert q.prompt and q.solution and len(q.hints) >= 3, (gen.id, seed)
        verdict = grade(q, q.answer_text)
        assert verdict.status == "correct", (gen.id, seed, q.answer_text, verdict)
        assert verdict.score == 1.0
        for mistake in q.buggy:
            answer = typed(q, mistake.answer)
            wrong = grade(q, answer)
            assert wrong.status != "correct", (gen.id, seed, mistake.rule, answer)
            assert wrong.diagnosis is not None, (gen.id, seed, mistake.rule, answer, wrong)
            assert wrong.diagnosis.message == mistake.message or wrong.diagnosis.rule == mistake.rule, (
                gen.id, seed, mistake.rule, wrong.diagnosis.rule,
            )
        latex += _latex_of(q)
    return latex


def _heavy(gen) -> bool:
    return gen.META.kind in ("expression", "vector", "matrix") or gen.id.startswith(("m4", "m2"))


@pytest.mark.parametrize("gen", GENERATORS, ids=IDS)
def test_generator_properties(gen):
    seeds = range(QUICK_SEEDS if _heavy(gen) else FULL_SEEDS)
    latex = _exercise(gen, seeds)
    assert not check_all(latex), check_all(latex)[:3]


@pytest.mark.slow
@pytest.mark.parametrize("gen", [g for g in GENERATORS if _heavy(g)], ids=[g.id for g in GENERATORS if _heavy(g)])
def test_generator_properties_full_seeds(gen):
    latex = _exercise(gen, range(QUICK_SEEDS, FULL_SEEDS))
    assert not check_all(latex), check_all(latex)[:3]


@pytest.mark.parametrize("gen", GENERATORS, ids=IDS)
def test_same_seed_same_question_and_seeds_give_variety(gen):
    a, b = gen.generate(11), gen.generate(11)
    assert (a.prompt, a.answer_text, a.hints, a.solution) == (b.prompt, b.answer_text, b.hints, b.solution)
    variants = {variant(gen.generate(seed)) for seed in range(QUICK_SEEDS + 2)}
    assert len(variants) >= 3, (gen.id, variants)


@pytest.mark.parametrize("gen", GENERATORS, ids=IDS)
def test_bad_input_gets_a_friendly_message(gen):
    q = gen.generate(3)
    verdict = grade(q, BAD_INPUT.get(q.kind, "2x + ("))
    assert verdict.status == "invalid" and verdict.score == 0
    assert verdict.message and "Traceback" not in verdict.message
    assert grade(q, "").status == "invalid"
    assert grade(q, "x" * 5000).status == "invalid"
