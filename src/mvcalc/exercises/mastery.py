"""Mastery per skill by Bayesian knowledge tracing (Corbett & Anderson, 1995).

Each skill is a hidden yes/no ("known"); every graded attempt is evidence.
Four numbers explain everything a learner or teacher may ask about:
P(known at start), P(learning at each practice), P(slip: wrong although known),
P(guess: right although not known). A right answer after hints is weaker
evidence (a higher guess rate); a choice question is easier to guess.
"""

from __future__ import annotations

from dataclasses import dataclass

MASTERED = 0.95
EVIDENCE = ("correct", "partial", "incorrect")  # statuses that say something about the skill


@dataclass(frozen=True)
class BKT:
    """The four knowledge-tracing parameters (defaults from the BKT literature's usual ranges)."""

    p_init: float = 0.2
    p_learn: float = 0.15
    p_slip: float = 0.1
    p_guess: float = 0.2

    def update(self, p_known: float, correct: bool, guess: float | None = None) -> float:
        """P(known) after one observed attempt (Bayes on the evidence, then the chance to learn)."""
        g = self.p_guess if guess is None else guess
        s = self.p_slip
        if correct:
            evidence = p_known * (1 - s)
            posterior = evidence / (evidence + (1 - p_known) * g)
        else:
            evidence = p_known * s
            posterior = evidence / (evidence + (1 - p_known) * (1 - g))
        return posterior + (1 - posterior) * self.p_learn


DEFAULT = BKT()


def guess_rate(kind: str, options: int = 0, hints_used: int = 0) -> float:
    """How likely a right answer is without the skill, for this kind of question."""
    base = DEFAULT.p_guess
    if kind in ("choice", "graph") and options:
        base = max(base, 1.0 / options)
    if kind == "multichoice" and options:
        base = max(base, 1.0 / (2**options - 1) * 2)
    if hints_used:
        base = min(0.6, base + 0.15 * hints_used)
    return base


def observe(p_known: float | None, status: str, kind: str = "expression", options: int = 0,
            hints_used: int = 0) -> float | None:
    """The new estimate after an attempt with `status`; unchanged if it is no evidence.

    Invalid or undecided answers say nothing about the skill; "partial" counts as
    wrong: the skill is not yet reliable.
    """
    if status not in EVIDENCE:
        return p_known
    start = DEFAULT.p_init if p_known is None else p_known
    return DEFAULT.update(start, status == "correct", guess_rate(kind, options, hints_used))
