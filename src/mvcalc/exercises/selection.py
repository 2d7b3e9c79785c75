"""What to practise next: skills due for review first (FSRS), then the generator whose skills the
learner knows least (knowledge tracing).

A generator's need is 1 − the mean P(known) of its skills (unpractised skills
count as the prior). Generators that practise a skill due for review (`mvcalc.exercises.review`)
come first, mastered or not; otherwise mastered generators (every skill ≥ 0.95) are chosen only
when everything in the set is mastered; the last question is not repeated straight away; ties
go to the easier generator, then at random. A review is always a fresh variant: a seed the
learner has not met with that generator.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence

from mvcalc.exercises.mastery import DEFAULT, MASTERED
from mvcalc.exercises.registry import Generator


def need(gen: Generator, mastery: Mapping[str, float]) -> float:
    """How much this generator's skills still need practice (0: mastered, 1: unknown)."""
    skills = gen.META.skills or ("general",)
    return 1.0 - sum(mastery.get(s, DEFAULT.p_init) for s in skills) / len(skills)


def mastered(gen: Generator, mastery: Mapping[str, float]) -> bool:
    return all(mastery.get(s, 0.0) >= MASTERED for s in gen.META.skills)


def next_generator(
    generators: Sequence[Generator],
    mastery: Mapping[str, float],
    recent: Sequence[str] = (),
    rng: random.Random | None = None,
    due: Collection[str] = (),
) -> Generator:
    """The generator to ask next from `generators` (in a set), given the mastery estimates and the
    skills `due` for review."""
    if not generators:
        raise ValueError("no generators to choose from")
    rng = rng or random.Random()
    reviewing = [g for g in generators if set(g.META.skills) & set(due)]
    pool = reviewing or [g for g in generators if not mastered(g, mastery)] or list(generators)
    if len(pool) > 1 and recent:
        pool = [g for g in pool if g.id != recent[-1]] or pool
    best = max(need(g, mastery) for g in pool)
    top = [g for g in pool if need(g, mastery) >= best - 0.05]
    easiest = min(g.META.difficulty for g in top)
    return rng.choice([g for g in top if g.META.difficulty == easiest])


SEEDS = 10**9  # variant seeds are drawn below this (as the web's practice page draws them)


def fresh_seed(generator: Generator, seen: Collection[tuple[str, int]], rng: random.Random) -> int:
    """A seed whose variant of `generator` the learner has not met (`seen`: (question id, seed) pairs)."""
    while True:
        seed = rng.randrange(SEEDS)
        if (generator.id, seed) not in seen:
            return seed


def review_picks(
    due: Sequence[str],
    generators: Sequence[Generator],
    mastery: Mapping[str, float],
    seen: Collection[tuple[str, int]] = (),
    rng: random.Random | None = None,
) -> list[tuple[str, Generator, int]]:
    """For each skill `due` for review (most overdue first), the (skill, generator, fresh seed) to ask:
    a practice generator of that skill chosen by `next_generator`, among those the learner has met
    (`seen`) if any, so that a review never sends them ahead in the course. Skills no generator
    practises are left out."""
    rng = rng or random.Random()
    met = {question_id for question_id, _ in seen}
    picks: list[tuple[str, Generator, int]] = []
    for skill in due:
        practising = [g for g in generators if skill in g.META.skills]
        candidates = [g for g in practising if g.id in met] or practising
        if not candidates:
            continue
        gen = next_generator(candidates, mastery, [p[1].id for p in picks], rng, due=(skill,))
        picks.append((skill, gen, fresh_seed(gen, seen, rng)))
    return picks
