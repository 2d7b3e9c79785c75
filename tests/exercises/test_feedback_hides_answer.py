"""The issue's "done when": the feedback to every buggy answer of every generator names the
mistake without giving the answer away: neither the reference answer (as LaTeX, as
input-language text, as SymPy's str, as a number) nor the worked solution, and no code
syntax outside `$…$` maths.

The default run takes QUICK_SEEDS seeds of each engine-heavy generator and 20 of the
others; MVCALC_FULL_SEEDS=1 runs 20 seeds of every generator (a test marked slow).
"""

from __future__ import annotations

import math
import re

import pytest
import sympy as sp

from mvcalc.exercises import grade, registry
from mvcalc.exercises.model import answer_latex

from .conftest import FULL_RUN, QUICK_SEEDS, typed
from .test_bank import _heavy

GENERATORS = registry.all_generators()
IDS = [g.id for g in GENERATORS]
SEEDS = 20
MATHS = re.compile(r"\$\$.+?\$\$|\$[^$]+\$", re.S)
NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:\.\d+)?(?![\w.]*\d)")
CODE = re.compile(r"\w\*\w|\w\^|\\[a-zA-Z]+|\*\*")


def _forms(question) -> set[str]:
    """The reference answer in every printed form a learner could read it in."""
    kind, answer = question.kind, question.answer
    if kind in ("choice", "graph"):
        forms = {question.choices[answer].text}
    elif kind == "multichoice":
        forms = {question.choices[i].text for i in answer}
    else:
        forms = {question.answer_text, answer_latex(question)}
    if isinstance(answer, sp.Basic | sp.MatrixBase):
        forms |= {str(answer), sp.latex(answer)}
    return {f for f in forms if f and len(f.strip()) >= 3}


def _contains(message: str, form: str) -> bool:
    """`form` in `message`, not as part of a longer word, number or expression (`- e` in `- e^{x}`)."""
    for found in re.finditer(re.escape(form), message):
        before = message[found.start() - 1] if found.start() else " "
        rest = message[found.end():]
        if before.isalnum() or before in ".\\" or re.match(r"[\w^_{(]|\.\d", rest):
            continue
        if _depth(message, found.start()) > 0:  # inside a brace group: part of a larger expression
            continue
        return True
    return False


def _depth(message: str, at: int) -> int:
    """How many LaTeX brace groups of the surrounding `$…$` are open at position `at`."""
    opened = message.rfind("$", 0, at)
    if opened < 0 or message[:at].count("$") % 2 == 0:
        return 0
    prefix = message[opened + 1 : at]
    return prefix.count("{") - prefix.count("}")


def _numeric_answer(question) -> float | None:
    if question.kind != "number":
        return None
    try:
        value = float(sp.N(question.answer))
    except (TypeError, ValueError):
        return None
    if value == int(value) and abs(value) < 10:  # "a factor of 2": small whole numbers are words too
        return None
    return value


def leaks(question, verdict) -> list[str]:
    """What in the feedback to a wrong answer gives the answer away, or is code, not maths."""
    message = verdict.message + " " + (verdict.diagnosis.message if verdict.diagnosis else "")
    found = [f"answer {form!r}" for form in _forms(question) if _contains(message, form)]
    solution = question.solution.strip()
    if solution and (solution in message or solution.splitlines()[-1].strip() in message):
        found.append("the worked solution")
    value = _numeric_answer(question)
    if value is not None:
        given = set(NUMBER.findall(question.prompt))
        slack = question.tolerance or 1e-9 * max(1.0, abs(value))
        for token in NUMBER.findall(message):
            if token not in given and math.isclose(float(token.replace("−", "-")), value, abs_tol=slack, rel_tol=0):
                found.append(f"answer as the number {token}")
    words = MATHS.sub(" ", message)
    if CODE.search(words):
        found.append(f"code syntax outside maths: {CODE.search(words).group(0)!r}")
    return found


def _check(gen, seeds) -> list:
    problems = []
    for seed in seeds:
        q = gen.generate(seed)
        for mistake in q.buggy:
            verdict = grade(q, typed(q, mistake.answer))
            bad = leaks(q, verdict)
            if bad:
                problems.append((gen.id, seed, mistake.rule, bad, verdict.message))
    return problems


@pytest.mark.parametrize("gen", GENERATORS, ids=IDS)
def test_feedback_to_every_buggy_answer_hides_the_answer(gen):
    problems = _check(gen, range(QUICK_SEEDS if _heavy(gen) else SEEDS))
    assert not problems, problems[:3]


@pytest.mark.slow
@pytest.mark.skipif(not FULL_RUN, reason="set MVCALC_FULL_SEEDS=1 for 20 seeds of every generator")
@pytest.mark.parametrize("gen", [g for g in GENERATORS if _heavy(g)], ids=[g.id for g in GENERATORS if _heavy(g)])
def test_feedback_hides_the_answer_full_seeds(gen):
    problems = _check(gen, range(QUICK_SEEDS, SEEDS))
    assert not problems, problems[:3]


def test_the_leak_check_itself_catches_a_leak():
    """The check can fail: a message that states the answer, in any form, is caught."""
    q = registry.get("m1-product-power-trig").generate(0)
    verdict = grade(q, typed(q, q.buggy[0].answer))
    for message in (f"The answer is {q.answer_text}.", f"So it is ${answer_latex(q)}$.", q.solution,
                    "You wrote 2*x^3 where the rule needs more."):
        assert leaks(q, type(verdict)(verdict.status, 0.0, message)), message
    assert not leaks(q, verdict)
