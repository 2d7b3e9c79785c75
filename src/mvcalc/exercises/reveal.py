"""What a learner may see after an answer: the one reveal policy of the web pages, the terminal and assessments.

A wrong answer in practice gets what went wrong (the diagnosis), never the full answer.
The worked solution (with the answer) stays closed: it is *offered* after
`OFFER_AFTER` wrong tries and given at any time *on request*; once seen, the variant
no longer counts for mastery (a fresh variant does), and neither does a variant answered
right already or one the learner chose by its seed. A right answer opens everything.
An assessment shows nothing but "cannot read that" until it is submitted, then every
answer and solution.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OFFER_AFTER = 2  # wrong tries after which the worked solution is offered
Mode = Literal["practice", "assessment"]
# hidden: not available | on_request: a learner may ask for it (and the variant stops counting)
# offered: shown as an offer beside the verdict | shown: given (solution viewed, solved, or submitted)
Solution = Literal["hidden", "on_request", "offered", "shown"]


@dataclass(frozen=True)
class Reveal:
    """What may be shown now: the verdict, the diagnosis, the reference answer, the worked solution."""

    verdict: bool  # right or wrong (an unreadable answer is always said to be unreadable)
    diagnosis: bool  # what went wrong, in words, without the answer
    answer: bool  # the reference answer itself
    solution: Solution
    counts: bool  # whether an answer now is evidence for mastery


def reveal(
    wrong_tries: int,
    hints_used: int,
    solution_requested: bool,
    mode: Mode = "practice",
    *,
    solved: bool = False,
    submitted: bool = False,
    replay: bool = False,
) -> Reveal:
    """The policy, as a pure function of the learner's tries on one variant.

    `wrong_tries`: wrong (or partly right) answers so far; `hints_used`: hints opened (they
    weaken the evidence, see `mastery.guess_rate`, but reveal nothing more); `solution_requested`:
    the learner asked for the worked solution (or saw it before); `solved`: answered right;
    `submitted`: the assessment was handed in (assessments only); `replay`: the learner chose
    this variant (a link with its seed), so it is practice that never counts.
    """
    del hints_used  # hints are their own ladder; they never open the answer
    if mode == "assessment":
        if not submitted:
            return Reveal(verdict=False, diagnosis=False, answer=False, solution="hidden", counts=True)
        return Reveal(verdict=True, diagnosis=True, answer=True, solution="shown", counts=False)
    if solved or solution_requested:
        return Reveal(verdict=True, diagnosis=True, answer=True, solution="shown", counts=False)
    offered = wrong_tries >= OFFER_AFTER
    return Reveal(verdict=True, diagnosis=True, answer=False, solution="offered" if offered else "on_request",
                  counts=not replay)
