"""A wrong answer to any bank question, as a learner would type it (for the tests that feedback
to a first wrong try, on the web and in the terminal, gives away neither answer nor solution)."""

from __future__ import annotations

import sympy as sp


def a_wrong_answer(q) -> str:
    """A wrong answer to `q` as a learner types it: its first named mistake, else a wrong option or value."""
    from mvcalc.exercises import letter
    from mvcalc.exercises.bank._common import text

    if q.kind in ("choice", "graph", "multichoice"):
        return letter(next(i for i, c in enumerate(q.choices) if not c.correct))
    if q.kind == "number":
        return repr(float(q.answer) * 2 + 7.31)
    if q.kind == "points":
        return "(12345, 12345)"
    mistake = q.buggy[0].answer if q.buggy else q.answer + (
        sp.ones(*q.answer.shape) * 12345 if isinstance(q.answer, sp.MatrixBase) else 12345)
    if isinstance(mistake, sp.MatrixBase) and mistake.rows > 1:
        return "[" + ", ".join("[" + ", ".join(text(e) for e in mistake.row(i)) + "]" for i in range(mistake.rows)) + "]"
    return text(mistake)
