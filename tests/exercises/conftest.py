"""Shared fixtures: how to type a buggy answer, how many seeds each generator gets."""

from __future__ import annotations

import os

import sympy as sp

from mvcalc.exercises.bank._common import text
from mvcalc.exercises.model import letter

# Engine-heavy generators (expressions, Jacobians, Hessians, series) get QUICK_SEEDS seeds
# in the default run (the whole bank at 50 seeds takes several minutes on two cores);
# MVCALC_FULL_SEEDS=1 adds the other 46 seeds of each (a test marked slow).
FULL_SEEDS = 50
QUICK_SEEDS = int(os.environ.get("MVCALC_QUICK_SEEDS", "4"))
FULL_RUN = os.environ.get("MVCALC_FULL_SEEDS", "") not in ("", "0")


def typed(question, value) -> str:
    """What a learner holding a misconception would type (value: a Misconception's answer)."""
    kind = question.kind
    if kind in ("choice", "graph"):
        return letter(int(value))
    if kind == "multichoice":
        picked = set(question.answer) | {int(value)}
        return ", ".join(letter(i) for i in sorted(picked))
    if kind == "points":
        return ", ".join(
            "(" + ", ".join(text(c) for c in p) + ")" if len(p) > 1 else text(p[0]) for p in value
        )
    if isinstance(value, sp.MatrixBase) and value.rows > 1:
        rows = ["[" + ", ".join(text(e) for e in value.row(i)) + "]" for i in range(value.rows)]
        return "[" + ", ".join(rows) + "]"
    return text(value)


def variant(question) -> tuple:
    """What tells two variants apart: the prompt, the answer and the options in order."""
    return (question.prompt, question.answer_text, tuple(c.text for c in question.choices),
            tuple(str(c.figure) for c in question.choices))
