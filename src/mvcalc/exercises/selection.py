"""What to practise next: the generator whose skills the learner knows least (knowledge tracing).

A generator's need is 1 − the mean P(known) of its skills (unpractised skills
count as the prior). Mastered generators (every skill ≥ 0.95) are chosen only
when everything in the set is mastered; the last question is not repeated
straight away; ties go to the easier generator, then at random.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

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
) -> Generator:
    """The generator to ask next from `generators` (in a set), given the mastery estimates."""
    if not generators:
        raise ValueError("no generators to choose from")
    rng = rng or random.Random()
    pool = [g for g in generators if not mastered(g, mastery)] or list(generators)
    if len(pool) > 1 and recent:
        pool = [g for g in pool if g.id != recent[-1]] or pool
    best = max(need(g, mastery) for g in pool)
    top = [g for g in pool if need(g, mastery) >= best - 0.05]
    easiest = min(g.META.difficulty for g in top)
    return rng.choice([g for g in top if g.META.difficulty == easiest])
