"""Building choice, multichoice and choose-the-graph questions from a right answer and mistakes.

Every distractor carries the mistake that produces it, so choosing it gets
feedback that names the mistake. Options are shuffled by the question's seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import sympy as sp

from mvcalc.exercises.bank._common import question, text
from mvcalc.exercises.model import Choice, Curve, Figure, Question
from mvcalc.math.calculus.misconception import Misconception

Option = tuple[str, Misconception | None]


def _at(m: Misconception | None, index: int) -> Misconception | None:
    """The mistake with its answer set to the option it leads to (the option's index)."""
    return None if m is None else Misconception(m.rule, sp.Integer(index), m.message)


def _dedupe(options: Sequence[Option]) -> list[Option]:
    seen, out = set(), []
    for label, m in options:
        if label in seen:
            continue
        seen.add(label)
        out.append((label, m))
    return out


def choice(
    rng: random.Random,
    prompt: str,
    right: str,
    wrong: Sequence[Option],
    *,
    most: int = 4,
    **fields,
) -> Question:
    """A single-choice question: `right` plus up to `most - 1` distractors, shuffled."""
    options = _dedupe([(right, None), *wrong])
    options = [options[0], *options[1:most]]
    order = list(range(len(options)))
    rng.shuffle(order)
    choices = [
        Choice(options[i][0], correct=(i == 0), misconception=_at(options[i][1], k))
        for k, i in enumerate(order)
    ]
    return question(
        "choice",
        prompt,
        order.index(0),
        answer_text="ABCDEFGH"[order.index(0)],
        choices=choices,
        buggy=[c.misconception for c in choices if c.misconception],
        **fields,
    )


def multichoice(
    rng: random.Random,
    prompt: str,
    rights: Sequence[str],
    wrong: Sequence[Option],
    **fields,
) -> Question:
    """A "select all that apply" question: every right option and every distractor, shuffled."""
    options = _dedupe([(r, None) for r in rights] + list(wrong))
    flags = [i < len(rights) for i in range(len(options))]
    order = list(range(len(options)))
    rng.shuffle(order)
    choices = [
        Choice(options[i][0], correct=flags[i], misconception=_at(options[i][1], k))
        for k, i in enumerate(order)
    ]
    answer = frozenset(k for k, i in enumerate(order) if flags[i])
    return question(
        "multichoice",
        prompt,
        answer,
        answer_text=", ".join("ABCDEFGH"[k] for k in sorted(answer)),
        choices=choices,
        buggy=[c.misconception for c in choices if c.misconception],
        **fields,
    )


def curve(expr: sp.Expr, xmin: float, xmax: float, label: str = "") -> Curve:
    """A curve to plot: the function written in the input language."""
    return Curve(text(expr), float(xmin), float(xmax), label)


def graph_choice(
    rng: random.Random,
    prompt: str,
    right: Figure,
    wrong: Sequence[tuple[Figure, Misconception]],
    **fields,
) -> Question:
    """Choose-the-graph: each option is a figure (functions and ranges as data)."""
    options: list[tuple[Figure, Misconception | None]] = [(right, None), *wrong]
    order = list(range(len(options)))
    rng.shuffle(order)
    choices = [
        Choice("", correct=(i == 0), figure=options[i][0], misconception=_at(options[i][1], k))
        for k, i in enumerate(order)
    ]
    return question(
        "graph",
        prompt,
        order.index(0),
        answer_text="ABCDEFGH"[order.index(0)],
        choices=choices,
        buggy=[c.misconception for c in choices if c.misconception],
        **fields,
    )
