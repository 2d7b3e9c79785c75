"""A named mistake: the wrong answer a learner with one misconception would give."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp


@dataclass(frozen=True)
class Misconception:
    """One buggy answer and what it tells us.

    `rule` is the id of the buggy rule (e.g. "product_as_product_of_derivatives"),
    `answer` the SymPy value a learner holding it would write, `message` what went
    wrong and how to fix it, in words for a learner, `where` the sub-expression
    (as LaTeX) at which the mistake happened, if there is one.
    """

    rule: str
    answer: sp.Basic
    message: str
    where: str = ""
    rules: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "answer": str(self.answer),
            "latex": sp.latex(self.answer),
            "message": self.message,
            "where": self.where,
        }
