"""Spaced review per skill with FSRS (py-fsrs): when should each practised skill come back?

Each skill is one FSRS card. Every *variant* the learner met (one question generator and
seed: the retries of one question are one encounter) is one review of each of its skills,
at the time of its first answer, rated from how it went:

| how the variant went                                                  | FSRS rating |
| --------------------------------------------------------------------- | ----------- |
| never right, a wrong or partly right answer before the right one, or the worked solution seen | Again |
| right first time, after one or more hints                             | Hard        |
| right first time, no hints                                            | Good        |
| right first time, no hints, in under `QUICK_MS` (timed answers only)  | Easy        |

Answers that say nothing about the skill (invalid or undecided) are no review. The scheduler
works in days (no minute-long learning steps: today's practice is the practice set's job) and
without fuzz, so the same history always gives the same due dates.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler

QUICK_MS = 20_000  # a right answer in under 20 s, first time and without hints, rates Easy
EVIDENCE = ("correct", "partial", "incorrect")
SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


@dataclass(frozen=True)
class Answer:
    """One recorded answer, as far as progress and review need it."""

    question_id: str
    set_id: str
    seed: int
    status: str
    created_at: datetime
    hints_used: int = 0
    elapsed_ms: int | None = None
    solution_viewed: bool = False


@dataclass(frozen=True)
class Outcome:
    """One variant met: when it was first answered, and its FSRS rating."""

    question_id: str
    seed: int
    when: datetime
    rating: Rating


@dataclass(frozen=True)
class SkillReview:
    """A skill's FSRS state after its history: when it is due, and how many reviews built it."""

    skill: str
    due: datetime
    last: datetime
    reviews: int
    stability: float

    def is_due(self, now: datetime) -> bool:
        return self.due <= utc(now)


def utc(value: datetime) -> datetime:
    """`value` as an aware UTC datetime (SQLite gives naive UTC times back)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def rating(answers: Sequence[Answer]) -> Rating | None:
    """The FSRS rating of one variant from its answers in time order (None: no evidence)."""
    graded = [a for a in answers if a.status in EVIDENCE]
    if not graded:
        return None
    first = graded[0]
    if first.status != "correct" or any(a.solution_viewed for a in answers):
        return Rating.Again
    if first.hints_used:
        return Rating.Hard
    if first.elapsed_ms is not None and first.elapsed_ms < QUICK_MS:
        return Rating.Easy
    return Rating.Good


def outcomes(answers: Iterable[Answer]) -> list[Outcome]:
    """One outcome per variant (generator, seed), in the order the variants were first answered."""
    variants: dict[tuple[str, int], list[Answer]] = {}
    for a in sorted(answers, key=lambda a: utc(a.created_at)):
        variants.setdefault((a.question_id, a.seed), []).append(a)
    found = []
    for (question_id, seed), group in variants.items():
        rated = rating(group)
        if rated is not None:
            first = next(a for a in group if a.status in EVIDENCE)
            found.append(Outcome(question_id, seed, utc(first.created_at), rated))
    return sorted(found, key=lambda o: o.when)


def schedule(answers: Iterable[Answer], skills_of: Callable[[str], Sequence[str]]) -> dict[str, SkillReview]:
    """Each practised skill's FSRS state: its outcomes fed to the scheduler in time order.

    `skills_of(question_id)` names the skills a question practises (none for an unknown id).
    """
    cards = _replay(tuple(outcomes(answers)), skills_of)
    return {
        skill: SkillReview(skill, utc(card.due), utc(card.last_review), count, float(card.stability or 0.0))
        for skill, (card, count) in cards.items()
        if card.last_review is not None
    }


Cards = dict[str, tuple[Card, int]]  # skill -> (its FSRS card, reviews so far)
KEPT = 64  # replays kept per process, about one per learner seen lately (a long history's is ~1 MB)
_kept: list[tuple[Callable, tuple[Outcome, ...], Cards]] = []  # oldest first
_keeping = threading.Lock()


def _replay(found: tuple[Outcome, ...], skills_of: Callable[[str], Sequence[str]]) -> Cards:
    """The cards after feeding `found` in order. A history is replayed from the longest earlier replay
    it extends (a learner's new answers come last), so a page after one more answer costs one review,
    not the whole history; the result is the same as replaying from the start (tested). The longer
    replay takes the place of the one it extends."""
    start, cards, resumed = 0, {}, None
    with _keeping:
        for entry in reversed(_kept):
            fn, done, state = entry
            n = len(done)
            if fn is skills_of and start < n <= len(found) and found[n - 1] == done[-1] and found[:n] == done:
                start, cards, resumed = n, state, entry
                if n == len(found):
                    return state
    cards = dict(cards)
    for outcome in found[start:]:
        for skill in skills_of(outcome.question_id):
            known = cards.get(skill)
            card, count = known if known else (Card(card_id=len(cards) + 1, due=outcome.when), 0)
            card, _ = SCHEDULER.review_card(card, outcome.rating, outcome.when)  # a new card: the old stays as it was
            cards[skill] = (card, count + 1)
    with _keeping:
        if resumed is not None and any(e is resumed for e in _kept):
            _kept[:] = [e for e in _kept if e is not resumed]
        _kept.append((skills_of, found, cards))
        del _kept[:-KEPT]
    return cards


def forget() -> None:
    """Drop the kept replays (for tests and benchmarks that time a cold replay)."""
    with _keeping:
        _kept.clear()


def due(reviews: dict[str, SkillReview], now: datetime) -> list[SkillReview]:
    """The skills due at `now`, most overdue first."""
    return sorted((r for r in reviews.values() if r.is_due(now)), key=lambda r: (r.due, r.skill))
