"""The issue's "done when": the feedback to every buggy answer of every generator names the
mistake without giving the answer away: neither the reference answer (as LaTeX, as
input-language text, as SymPy's str, as a number) nor the worked solution (whole, a line of it,
or one of its worked steps), and no code syntax outside `$…$` maths.

"Every buggy answer" is each of the question's own mistakes, every wrong option of a choice
question (for several-answer questions, alone and added to the right ones), and for number
questions each numeric slip's value and a number no slip explains.

The default run takes QUICK_SEEDS seeds of each engine-heavy generator and 20 of the
others; MVCALC_FULL_SEEDS=1 (as `make test` sets) runs 20 seeds of every generator (a test
marked slow).
"""

from __future__ import annotations

import math
import re

import pytest
import sympy as sp

from mvcalc.exercises import grade, registry
from mvcalc.exercises.model import answer_latex, letter
from mvcalc.exercises.slips import SLIPS

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
        return float(sp.N(question.answer))
    except (TypeError, ValueError):
        return None


def _small_whole(value: float | None) -> bool:
    """A small whole number is a word too ("a factor of 2"): it counts as the answer only where the
    message states it as a value (`= 3`, `is 3`, `$3$`)."""
    return value is not None and value == int(value) and abs(value) < 10


# the held-constant rule states one term's partial derivative, 0, as the rule itself: not a step
# that gives the rest of the solution away
RULE_STATEMENT = re.compile(r"^\$\\frac\{\\partial\}\{\\partial [^}]+\}\\left\(.*\\right\) = 0\$$")


def solution_steps(question) -> set[str]:
    """The worked solution's lines and its worked steps: each `$…$` of it with an `=` that the
    prompt and the hints do not already show (a learner has those anyway)."""
    solution = question.solution
    lines = {line.strip() for line in solution.splitlines() if len(line.strip()) >= 20}
    given = question.prompt + " ".join(question.hints)
    steps = {m for m in MATHS.findall(solution)
             if "=" in m and len(m) >= 12 and m not in given and not RULE_STATEMENT.match(m)}
    return lines | steps


def leaks(question, verdict) -> list[str]:
    """What in the feedback to a wrong answer gives the answer away, or is code, not maths."""
    message = verdict.message + " " + (verdict.diagnosis.message if verdict.diagnosis else "")
    found = [f"answer {form!r}" for form in _forms(question) if _contains(message, form)]
    solution = question.solution.strip()
    if solution and solution in message:
        found.append("the worked solution")
    found += [f"a worked step {step!r}" for step in sorted(solution_steps(question)) if step in message]
    value = _numeric_answer(question)
    if _small_whole(value):
        given = set(NUMBER.findall(question.prompt))
        stated = re.compile(rf"(?:=|\bis|\bbe|\bgives)\s*\$?\s*[-−]?{int(abs(value))}(?!\d|\.\d)|\$[-−]?{int(abs(value))}\$")
        if str(int(value)) not in given and stated.search(message):
            found.append(f"answer as the value {int(value)}")
    elif value is not None:
        given = set(NUMBER.findall(question.prompt))
        slack = question.tolerance or 1e-9 * max(1.0, abs(value))
        for token in NUMBER.findall(message):
            if token not in given and math.isclose(float(token.replace("−", "-")), value, abs_tol=slack, rel_tol=0):
                found.append(f"answer as the number {token}")
    words = MATHS.sub(" ", message)
    if CODE.search(words):
        found.append(f"code syntax outside maths: {CODE.search(words).group(0)!r}")
    return found


def wrong_answers(question):
    """(what, typed) for every wrong answer tried: the question's own mistakes; every wrong option
    (of a several-answer question alone and with the right ones); each numeric slip's value and a
    number no slip explains."""
    for mistake in question.buggy:
        yield mistake.rule, typed(question, mistake.answer)
    if question.kind in ("choice", "graph", "multichoice"):
        for i, option in enumerate(question.choices):
            if not option.correct:
                yield f"option {letter(i)}", typed(question, i)
                if question.kind == "multichoice":
                    yield f"option {letter(i)} alone", letter(i)
    if question.kind in ("expression", "vector", "matrix"):  # one no mistake explains
        answer = question.answer
        shift = sp.ones(*answer.shape) * 12345 if isinstance(answer, sp.MatrixBase) else 12345
        yield "an answer no mistake explains", typed(question, answer + shift)
    value = _numeric_answer(question)
    if value is not None:
        for slip in SLIPS:
            for slipped in list(slip.values(value, question))[:1]:
                if math.isfinite(slipped) and not math.isclose(slipped, value, rel_tol=1e-6):
                    yield slip.id, repr(slipped)
        yield "a number no slip explains", repr(value + 7.31)


def _check(gen, seeds) -> list:
    problems = []
    for seed in seeds:
        q = registry.generate(gen.id, seed)
        tried = 0
        for what, answer in wrong_answers(q):
            verdict = grade(q, answer)
            if verdict.status == "correct":
                continue  # a slip that lands inside the tolerance (−0 for 0)
            tried += 1
            bad = leaks(q, verdict)
            if bad:
                problems.append((gen.id, seed, what, bad, verdict.message))
        if not tried:
            problems.append((gen.id, seed, "no wrong answer was tried"))
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
    steps = sorted(solution_steps(q))
    assert steps, q.solution
    for message in (f"The answer is {q.answer_text}.", f"So it is ${answer_latex(q)}$.", q.solution,
                    f"Look: {steps[0]} here.", "You wrote 2*x^3 where the rule needs more."):
        assert leaks(q, type(verdict)(verdict.status, 0.0, message)), message
    assert not leaks(q, verdict)


def test_the_leak_check_catches_a_number_answer_and_a_choice_answer():
    number = next(registry.generate(g.id, 0) for g in GENERATORS if g.META.kind == "number"
                  and not _small_whole(_numeric_answer(registry.generate(g.id, 0))))
    verdict = grade(number, "123456789")
    value = _numeric_answer(number)
    assert leaks(number, type(verdict)(verdict.status, 0.0, f"It should be {value:.10g}."))
    assert not leaks(number, verdict)
    small = next(q for q in (registry.generate("m3-nn-count-parameters", seed) for seed in range(20))
                 if _small_whole(_numeric_answer(q))
                 and str(int(_numeric_answer(q))) not in NUMBER.findall(q.prompt))
    said = f"The order is {int(_numeric_answer(small))}."
    assert leaks(small, type(verdict)(verdict.status, 0.0, said)), said
    assert not leaks(small, type(verdict)(verdict.status, 0.0, "Look for a factor of 2 used twice."))
    pick = registry.get("m2-classify-from-hessian").generate(0)
    right = pick.choices[pick.answer].text
    assert leaks(pick, type(verdict)(verdict.status, 0.0, f"No: it is {right}."))


def test_every_wrong_option_and_slip_is_tried():
    pick = registry.generate("m5-assess-which-starts", 0)
    tried = [what for what, _ in wrong_answers(pick)]
    for i, option in enumerate(pick.choices):
        if not option.correct:
            assert f"option {letter(i)}" in tried and f"option {letter(i)} alone" in tried
    number = registry.generate("m6-chi-squared", 0)
    tried = {what for what, _ in wrong_answers(number)}
    assert {"sign_error", "factor_two_too_big", "reciprocal", "a number no slip explains"} <= tried
